//===- ParallelizeTiles.cpp - output-tile loops to scf.parallel / OpenMP ---===//
//
// compress-parallelize-tiles and compress-omp-thread-count: see their descriptions
// in include/compress/DenseCodegen/Passes.td and docs/performance.md ("Threads").
//
//===----------------------------------------------------------------------===//
#include "compress/DenseCodegen/Passes.h"

#include "mlir/Dialect/OpenMP/OpenMPDialect.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Interfaces/ViewLikeInterface.h"
#include "llvm/Support/MathExtras.h"

#include <limits>

namespace mlir::compress {
#define GEN_PASS_DEF_COMPRESSPARALLELIZETILES
#define GEN_PASS_DEF_COMPRESSOMPTHREADCOUNT
#include "compress/DenseCodegen/Passes.h.inc"
} // namespace mlir::compress

using namespace mlir;

namespace {

constexpr llvm::StringLiteral kParallelTileAttr = "compress.parallel_tile";

std::optional<int64_t> tripCount(Value lb, Value ub, Value step) {
  std::optional<int64_t> l = getConstantIntValue(lb), u = getConstantIntValue(ub),
                         s = getConstantIntValue(step);
  if (!l || !u || !s || *s <= 0)
    return std::nullopt;
  return *u <= *l ? 0 : (*u - *l + *s - 1) / *s;
}

std::optional<int64_t> tripCount(scf::ForOp loop) {
  return tripCount(loop.getLowerBound(), loop.getUpperBound(), loop.getStep());
}

bool isMarked(Operation *op) { return isa<scf::ForOp>(op) && op->hasAttr(kParallelTileAttr); }

/// The marked loop directly in `loop`'s body when it is the body's only op besides
/// the terminator (a perfectly nested band), else null.
scf::ForOp perfectlyNestedMarked(scf::ForOp loop) {
  Block *body = loop.getBody();
  if (body->getOperations().size() != 2)
    return {};
  auto inner = dyn_cast<scf::ForOp>(body->front());
  return inner && isMarked(inner) ? inner : scf::ForOp();
}

/// Whether the iterations of `band` (a perfectly nested band of loops) write
/// disjoint memory: every write in the innermost body goes to a buffer allocated
/// inside the band, or through a memref.subview inside the band one of whose
/// operands depends on a band induction variable. Conservative: false when unsure.
bool writesDisjointTiles(ArrayRef<scf::ForOp> band) {
  scf::ForOp outer = band.front();
  // Values depending on the induction variables (forward, in program order).
  DenseSet<Value> dependent;
  for (scf::ForOp loop : band)
    dependent.insert(loop.getInductionVar());
  outer.getBody()->walk<WalkOrder::PreOrder>([&](Operation *op) {
    if (llvm::any_of(op->getOperands(), [&](Value v) { return dependent.contains(v); }))
      for (Value r : op->getResults())
        dependent.insert(r);
  });
  auto inside = [&](Value v) {
    Operation *def = v.getDefiningOp();
    Region *region = def ? def->getParentRegion() : v.getParentRegion();
    return outer.getBodyRegion().isAncestor(region);
  };
  // Traces a written buffer back through view-like ops.
  auto distinctPerIteration = [&](Value buffer) {
    while (buffer) {
      Operation *def = buffer.getDefiningOp();
      if (!def)
        return false; // a block argument (function argument): shared
      if (isa<memref::AllocOp, memref::AllocaOp>(def))
        return inside(buffer);
      if (auto subview = dyn_cast<memref::SubViewOp>(def))
        if (inside(buffer) && llvm::any_of(subview->getOperands().drop_front(), [&](Value v) {
              return dependent.contains(v);
            }))
          return true;
      auto view = dyn_cast<ViewLikeOpInterface>(def);
      if (!view)
        return false;
      buffer = view.getViewSource();
    }
    return false;
  };
  WalkResult result = outer.getBody()->walk([&](Operation *op) {
    if (op->hasTrait<OpTrait::HasRecursiveMemoryEffects>())
      return WalkResult::advance();
    auto effects = dyn_cast<MemoryEffectOpInterface>(op);
    if (!effects)
      return WalkResult::interrupt(); // unknown effects (a call, ...)
    SmallVector<MemoryEffects::EffectInstance> instances;
    effects.getEffects(instances);
    for (MemoryEffects::EffectInstance &effect : instances) {
      if (!isa<MemoryEffects::Write, MemoryEffects::Free>(effect.getEffect()))
        continue;
      Value buffer = effect.getValue();
      if (!buffer || !isa<BaseMemRefType>(buffer.getType()) || !distinctPerIteration(buffer))
        return WalkResult::interrupt();
    }
    return WalkResult::advance();
  });
  return !result.wasInterrupted();
}

/// Replaces the perfectly nested `band` by one scf.parallel over its loops.
void toParallel(RewriterBase &rewriter, ArrayRef<scf::ForOp> band) {
  SmallVector<Value> lbs, ubs, steps;
  for (scf::ForOp loop : band) {
    lbs.push_back(loop.getLowerBound());
    ubs.push_back(loop.getUpperBound());
    steps.push_back(loop.getStep());
  }
  scf::ForOp outer = band.front(), inner = band.back();
  rewriter.setInsertionPoint(outer);
  auto parallel = scf::ParallelOp::create(rewriter, outer.getLoc(), lbs, ubs, steps);
  Block *body = parallel.getBody();
  Block *innerBody = inner.getBody();
  body->getOperations().splice(Block::iterator(body->getTerminator()),
                               innerBody->getOperations(), innerBody->begin(),
                               std::prev(innerBody->end()));
  for (auto [i, loop] : llvm::enumerate(band))
    rewriter.replaceAllUsesWith(scf::ForOp(loop).getInductionVar(),
                                parallel.getInductionVars()[i]);
  rewriter.eraseOp(outer);
}

struct ParallelizeTilesPass
    : public compress::impl::CompressParallelizeTilesBase<ParallelizeTilesPass> {
  using CompressParallelizeTilesBase::CompressParallelizeTilesBase;
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    // Outermost marked loops (no marked ancestor).
    SmallVector<scf::ForOp> roots;
    func.walk<WalkOrder::PreOrder>([&](scf::ForOp loop) {
      if (!isMarked(loop))
        return WalkResult::advance();
      roots.push_back(loop);
      return WalkResult::skip();
    });
    IRRewriter rewriter(&getContext());
    for (scf::ForOp root : roots) {
      auto macs = root->getAttrOfType<IntegerAttr>(kParallelTileAttr);
      if (!macs || macs.getInt() < minMacs)
        continue;
      // The outermost marked loop of at least 2 iterations, down the perfect nest.
      scf::ForOp loop = root;
      while (loop && tripCount(loop).value_or(0) < 2)
        loop = perfectlyNestedMarked(loop);
      if (!loop || loop.getNumResults() != 0)
        continue;
      SmallVector<scf::ForOp> band = {loop};
      while (scf::ForOp inner = perfectlyNestedMarked(band.back())) {
        // Inner bounds must not depend on the outer induction variables.
        if (inner.getNumResults() != 0 ||
            llvm::any_of(ValueRange{inner.getLowerBound(), inner.getUpperBound(),
                                    inner.getStep()},
                         [&](Value v) {
                           return band.front().getBodyRegion().isAncestor(v.getParentRegion());
                         }) ||
            !tripCount(inner))
          break;
        band.push_back(inner);
      }
      if (!writesDisjointTiles(band))
        continue;
      toParallel(rewriter, band);
    }
    func.walk([](scf::ForOp loop) { loop->removeAttr(kParallelTileAttr); });
  }
};

struct OmpThreadCountPass
    : public compress::impl::CompressOmpThreadCountBase<OmpThreadCountPass> {
  using CompressOmpThreadCountBase::CompressOmpThreadCountBase;
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<omp::ParallelOp> regions;
    module.walk([&](omp::ParallelOp op) {
      if (!op.getNumThreads())
        regions.push_back(op);
    });
    if (regions.empty())
      return;
    MLIRContext *ctx = &getContext();
    OpBuilder b(ctx);
    Type i32 = b.getI32Type(), i64 = b.getI64Type();
    auto declare = [&](StringRef name, FunctionType type) -> func::FuncOp {
      if (Operation *existing = module.lookupSymbol(name)) {
        auto fn = dyn_cast<func::FuncOp>(existing);
        if (fn && fn.isExternal() && fn.getFunctionType() == type)
          return fn;
        existing->emitError() << "'" << name
                              << "' is reserved for the thread runtime (a declaration of type "
                              << type << ")";
        return {};
      }
      b.setInsertionPointToStart(module.getBody());
      auto fn = func::FuncOp::create(b, module.getLoc(), name, type);
      fn.setPrivate();
      return fn;
    };
    func::FuncOp begin = declare("compress_rt_parallel_begin", b.getFunctionType({i64}, {i32}));
    func::FuncOp end = declare("compress_rt_parallel_end", b.getFunctionType({}, {}));
    if (!begin || !end)
      return signalPassFailure();
    for (omp::ParallelOp region : regions) {
      int64_t iterations = 1;
      bool known = false;
      region.walk([&](omp::LoopNestOp nest) {
        if (known)
          return;
        known = true;
        for (auto [lb, ub, step] : llvm::zip(nest.getLoopLowerBounds(),
                                             nest.getLoopUpperBounds(), nest.getLoopSteps())) {
          std::optional<int64_t> n = tripCount(lb, ub, step);
          if (!n || llvm::MulOverflow(iterations, *n, iterations)) {
            iterations = std::numeric_limits<int64_t>::max();
            return;
          }
        }
      });
      if (!known)
        iterations = std::numeric_limits<int64_t>::max();
      Location loc = region.getLoc();
      b.setInsertionPoint(region);
      Value count = arith::ConstantIntOp::create(b, loc, i64, iterations);
      Value threads = func::CallOp::create(b, loc, begin, ValueRange{count}).getResult(0);
      region.getNumThreadsMutable().assign(threads);
      // Optionally, iterations handed out one at a time (schedule(dynamic, 1)). Off
      // by default: each __kmpc_dispatch_next of Debian's libomp costs a vsnprintf
      // (measured with perf: 2-thread MobileNetV2 8.6 ms dynamic vs 6.7 ms 1 thread).
      if (dynamicSchedule)
        region.walk([&](omp::WsloopOp loop) {
          loop.setScheduleKind(omp::ClauseScheduleKind::Dynamic);
        });
      b.setInsertionPointAfter(region);
      func::CallOp::create(b, loc, end, ValueRange{});
      // convert-scf-to-openmp wraps each iteration in a memref.alloca_scope, which
      // must keep a single block (scf-to-cf would make it several): inline the
      // scopes that hold no alloca (the tile bodies allocate nothing on the stack).
      SmallVector<memref::AllocaScopeOp> scopes;
      region.walk([&](memref::AllocaScopeOp scope) { scopes.push_back(scope); });
      IRRewriter rewriter(ctx);
      for (memref::AllocaScopeOp scope : scopes) {
        if (scope->getNumResults() != 0 || !scope.getBodyRegion().hasOneBlock() ||
            scope.getBodyRegion().walk([](memref::AllocaOp) { return WalkResult::interrupt(); })
                .wasInterrupted())
          continue;
        Block *block = &scope.getBodyRegion().front();
        rewriter.eraseOp(block->getTerminator());
        rewriter.inlineBlockBefore(block, scope);
        rewriter.eraseOp(scope);
      }
    }
  }
};

} // namespace
