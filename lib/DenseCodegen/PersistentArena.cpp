//===- PersistentArena.cpp - the scratch arena once per loaded model ------===//
//
// compress-persistent-arena: see its description in include/compress/DenseCodegen/Passes.td.
//
//===----------------------------------------------------------------------===//
#include "compress/DenseCodegen/Passes.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/SymbolTable.h"

namespace mlir::compress {
#define GEN_PASS_DEF_COMPRESSPERSISTENTARENA
#include "compress/DenseCodegen/Passes.h.inc"
} // namespace mlir::compress

using namespace mlir;

namespace {

struct PersistentArenaPass
    : public compress::impl::CompressPersistentArenaBase<PersistentArenaPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    SymbolTable symbols(module);
    SmallVector<func::FuncOp> functions(module.getOps<func::FuncOp>());
    for (func::FuncOp fn : functions) {
      if (fn.isExternal())
        continue;
      SmallVector<memref::AllocOp> arenas;
      fn.walk([&](memref::AllocOp alloc) {
        if (alloc->hasAttr(kArenaAttr))
          arenas.push_back(alloc);
      });
      for (memref::AllocOp arena : arenas)
        makePersistent(fn, arena, symbols);
    }
  }

  void makePersistent(func::FuncOp fn, memref::AllocOp alloc, SymbolTable &symbols) {
    MemRefType type = alloc.getType();
    // One dealloc in the alloc's block, as compress-plan-buffers leaves it.
    memref::DeallocOp dealloc;
    for (Operation *user : alloc->getUsers())
      if (auto d = dyn_cast<memref::DeallocOp>(user)) {
        if (dealloc || d->getBlock() != alloc->getBlock())
          return;
        dealloc = d;
      }
    if (!dealloc || !type.hasStaticShape() || type.getRank() != 1 ||
        type.getNumElements() > maxBytes || !type.getElementType().isInteger(8))
      return;
    MLIRContext *ctx = &getContext();
    Location loc = alloc.getLoc();
    int64_t alignment = alloc.getAlignment().value_or(64);

    OpBuilder moduleBuilder(ctx);
    auto flagType = MemRefType::get({1}, moduleBuilder.getI32Type());
    auto arenaGlobal = memref::GlobalOp::create(
        moduleBuilder, loc, ("__compress_arena_" + fn.getName()).str(),
        moduleBuilder.getStringAttr("private"), type, /*initial_value=*/UnitAttr::get(ctx),
        /*constant=*/false, moduleBuilder.getI64IntegerAttr(alignment));
    Block *top = getOperation().getBody();
    symbols.insert(arenaGlobal, top->begin());
    auto zeros = DenseElementsAttr::get(RankedTensorType::get({1}, moduleBuilder.getI32Type()),
                                        moduleBuilder.getI32IntegerAttr(0).getValue());
    auto flagGlobal = memref::GlobalOp::create(
        moduleBuilder, loc, ("__compress_arena_busy_" + fn.getName()).str(),
        moduleBuilder.getStringAttr("private"), flagType, zeros, /*constant=*/false,
        moduleBuilder.getI64IntegerAttr(4));
    symbols.insert(flagGlobal, top->begin());

    // Take the arena: exchange 1 into the flag; it was ours when it held 0.
    OpBuilder b(alloc);
    Value zeroIndex = arith::ConstantIndexOp::create(b, loc, 0);
    Value one = arith::ConstantIntOp::create(b, loc, 1, 32);
    Value zero = arith::ConstantIntOp::create(b, loc, 0, 32);
    Value flag = memref::GetGlobalOp::create(b, loc, flagType, flagGlobal.getSymName());
    Value old = memref::AtomicRMWOp::create(b, loc, arith::AtomicRMWKind::assign, one, flag,
                                            ValueRange{zeroIndex});
    Value mine = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, old, zero);
    auto choose = scf::IfOp::create(b, loc, TypeRange{type}, mine, /*withElse=*/true);
    {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(choose.thenBlock());
      Value global = memref::GetGlobalOp::create(b, loc, type, arenaGlobal.getSymName());
      scf::YieldOp::create(b, loc, global);
      b.setInsertionPointToStart(choose.elseBlock());
      auto own = memref::AllocOp::create(b, loc, type, ValueRange{},
                                         b.getI64IntegerAttr(alignment));
      scf::YieldOp::create(b, loc, own.getResult());
    }
    alloc.replaceAllUsesWith(choose.getResult(0));
    alloc.erase();

    // Give it back: store 0 into the flag when it was ours, else free our own.
    b.setInsertionPoint(dealloc);
    auto release = scf::IfOp::create(b, loc, TypeRange{}, mine, /*withElse=*/true);
    b.setInsertionPointToStart(release.thenBlock());
    memref::AtomicRMWOp::create(b, loc, arith::AtomicRMWKind::assign, zero, flag,
                                ValueRange{zeroIndex});
    b.setInsertionPointToStart(release.elseBlock());
    memref::DeallocOp::create(b, loc, choose.getResult(0));
    dealloc.erase();
  }

  static constexpr StringLiteral kArenaAttr = "compress.arena";
};

} // namespace
