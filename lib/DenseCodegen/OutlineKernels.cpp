//===- OutlineKernels.cpp - one function per kernel for bounded LLVM units -===//
//
// compress-outline-kernels: see its description in include/compress/DenseCodegen/Passes.td.
//
//===----------------------------------------------------------------------===//
#include "compress/DenseCodegen/Passes.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Transforms/RegionUtils.h"

namespace mlir::compress {
#define GEN_PASS_DEF_COMPRESSOUTLINEKERNELS
#include "compress/DenseCodegen/Passes.h.inc"
} // namespace mlir::compress

using namespace mlir;

namespace {

/// Ops cloned into the outlined function rather than passed: constants, globals and
/// pure views (so the callee keeps static offsets and constant weights).
bool isClonable(Operation *op) {
  if (op->getNumRegions() != 0)
    return false;
  return op->hasTrait<OpTrait::ConstantLike>() ||
         isa<memref::GetGlobalOp, memref::ViewOp, memref::SubViewOp, memref::CastOp,
             memref::ReinterpretCastOp, memref::ExpandShapeOp, memref::CollapseShapeOp>(op);
}

/// Types a value may have to be passed as an argument of the outlined function.
bool isPassable(Type type) {
  if (type.isIntOrIndexOrFloat())
    return true;
  auto memref = dyn_cast<MemRefType>(type);
  return memref && memref.hasStaticShape() && memref.getLayout().isIdentity() &&
         !memref.getMemorySpace();
}

/// Whether `op` can be outlined at all (before looking at the values it uses).
bool isCandidate(Operation *op) {
  if (op->getNumRegions() == 0 || op->getNumResults() != 0 ||
      op->hasTrait<OpTrait::IsTerminator>() || isa<func::FuncOp>(op))
    return false;
  WalkResult walk = op->walk([](Operation *inner) {
    if (isa<memref::AllocOp, memref::ReallocOp, memref::DeallocOp, func::ReturnOp>(inner))
      return WalkResult::interrupt();
    return WalkResult::advance();
  });
  return !walk.wasInterrupted();
}

/// Builds the outlined function's body: clones the constants `op` uses from above,
/// passes values of passable types as arguments (with `share`, also globals and
/// identity-layout views, so kernels that differ only in their buffers are
/// identical), and clones the other view-like producers, recursively. Fails when
/// a value can be neither cloned nor passed.
class KernelOutliner {
public:
  KernelOutliner(Block *body, bool share)
      : builder(body, body->end()), body(body), share(share) {}

  LogicalResult materialize(Value value) {
    if (mapping.contains(value))
      return success();
    Operation *def = value.getDefiningOp();
    bool constant = def && def->hasTrait<OpTrait::ConstantLike>();
    if (!constant && isPassable(value.getType()) && (share || !def || !isClonable(def))) {
      mapping.map(value, body->addArgument(value.getType(), value.getLoc()));
      arguments.push_back(value);
      return success();
    }
    if (!def || !isClonable(def))
      return failure();
    for (Value operand : def->getOperands())
      if (failed(materialize(operand)))
        return failure();
    builder.clone(*def, mapping);
    return success();
  }

  OpBuilder builder;
  Block *body;
  bool share;
  IRMapping mapping;
  SmallVector<Value> arguments;
};

struct OutlineKernelsPass
    : public compress::impl::CompressOutlineKernelsBase<OutlineKernelsPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    kernels.clear(); // a pass instance may run on several modules
    SymbolTable symbols(module);
    SmallVector<func::FuncOp> functions(module.getOps<func::FuncOp>());
    for (func::FuncOp fn : functions) {
      if (fn.isExternal() || fn->hasAttr(kOutlinedAttr))
        continue;
      SmallVector<Operation *> candidates;
      for (Block &block : fn.getBody())
        for (Operation &op : block)
          if (isCandidate(&op))
            candidates.push_back(&op);
      if (candidates.empty() || candidates.size() < minKernels)
        continue;
      unsigned counter = 0;
      Operation *insertAfter = fn;
      for (Operation *op : candidates)
        outline(fn, op, symbols, counter, insertAfter);
    }
  }

  /// Outlines `op` into a new function after `insertAfter` (updated), or into an
  /// identical one outlined before (shareKernels).
  void outline(func::FuncOp parent, Operation *op, SymbolTable &symbols, unsigned &counter,
               Operation *&insertAfter) {
    MLIRContext *ctx = op->getContext();
    Location loc = op->getLoc();
    // The values `op` uses that are defined outside it, in first-use order.
    SetVector<Value> above(op->getOperands().begin(), op->getOperands().end());
    getUsedValuesDefinedAbove(op->getRegions(), above);

    OpBuilder detached(ctx);
    auto fn = func::FuncOp::create(detached, loc, "__compress_kernel",
                                   FunctionType::get(ctx, {}, {}));
    Block *body = fn.addEntryBlock();
    KernelOutliner outliner(body, shareKernels);
    for (Value v : above)
      if (failed(outliner.materialize(v))) {
        fn->destroy();
        return;
      }
    outliner.builder.clone(*op, outliner.mapping);
    func::ReturnOp::create(outliner.builder, loc);
    fn.setType(FunctionType::get(ctx, body->getArgumentTypes(), {}));
    fn.setPrivate();
    fn->setAttr(kOutlinedAttr, UnitAttr::get(ctx));
    fn->setAttr("passthrough", ArrayAttr::get(ctx, {StringAttr::get(ctx, "noinline")}));

    func::FuncOp callee = fn;
    if (shareKernels) {
      // The printed function (name fixed, no locations) is the key: equal text,
      // equal ops, attributes and types.
      std::string key;
      llvm::raw_string_ostream os(key);
      fn->print(os, OpPrintingFlags());
      auto [it, inserted] = kernels.try_emplace(key, fn);
      if (!inserted) {
        callee = it->second;
        fn->destroy();
      }
    }
    if (callee == fn) {
      fn.setSymName((parent.getName() + "_kernel" + Twine(counter++)).str());
      symbols.insert(fn, std::next(insertAfter->getIterator())); // renamed on a clash
      insertAfter = fn;
    }

    OpBuilder callBuilder(op);
    func::CallOp::create(callBuilder, loc, callee, outliner.arguments);
    op->erase();
  }

  /// Outlined kernels by their text (with the placeholder name), for sharing.
  llvm::StringMap<func::FuncOp> kernels;

  static constexpr StringLiteral kOutlinedAttr = "compress.outlined";
};

} // namespace
