//===- FuseElementwise.cpp - elementwise fusion that keeps matmuls --------===//
//
// compress-fuse-elementwise: see its description in
// include/compress/DenseCodegen/Passes.td.
//
//===----------------------------------------------------------------------===//
#include "compress/DenseCodegen/Passes.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/IR/LinalgInterfaces.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tensor/Transforms/Transforms.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::compress {
#define GEN_PASS_DEF_COMPRESSFUSEELEMENTWISE
#include "compress/DenseCodegen/Passes.h.inc"
} // namespace mlir::compress

using namespace mlir;

namespace {
/// A matmul-like op (linalg::isaContractionOpInterface: batch_matmul, matmul, a
/// generic of that form) that compress-vectorize-convs tiles as a matmul.
bool isContraction(Operation *op) {
  auto linalgOp = dyn_cast_or_null<linalg::LinalgOp>(op);
  return linalgOp && linalg::isaContractionOpInterface(linalgOp);
}

struct FuseElementwisePass
    : public compress::impl::CompressFuseElementwiseBase<FuseElementwisePass> {
  void runOnOperation() override {
    MLIRContext *context = &getContext();
    RewritePatternSet patterns(context);
    // linalg-fuse-elementwise-ops' control: fuse a producer only into its one use.
    linalg::ControlFusionFn oneUse = [](OpOperand *fusedOperand) {
      Operation *producer = fusedOperand->get().getDefiningOp();
      return producer && producer->hasOneUse();
    };
    // The same for reshapes, except that a reshape is never folded into a
    // contraction (by expanding its loops): that turns the named matmul into a
    // linalg.generic with unit dims, which no longer tiles as a matmul.
    linalg::ControlFusionFn reshapes = [oneUse](OpOperand *fusedOperand) {
      if (isContraction(fusedOperand->getOwner()) ||
          isContraction(fusedOperand->get().getDefiningOp()))
        return false;
      return oneUse(fusedOperand);
    };
    linalg::populateElementwiseOpsFusionPatterns(patterns, oneUse);
    linalg::populateFoldReshapeOpsByExpansionPatterns(patterns, reshapes);
    tensor::populateBubbleUpExpandShapePatterns(patterns);
    affine::AffineApplyOp::getCanonicalizationPatterns(patterns, context);
    linalg::GenericOp::getCanonicalizationPatterns(patterns, context);
    tensor::ExpandShapeOp::getCanonicalizationPatterns(patterns, context);
    tensor::CollapseShapeOp::getCanonicalizationPatterns(patterns, context);
    context->getLoadedDialect<linalg::LinalgDialect>()->getCanonicalizationPatterns(patterns);
    linalg::populateConstantFoldLinalgOperations(patterns, oneUse);
    (void)applyPatternsGreedily(getOperation(), std::move(patterns),
                                GreedyRewriteConfig().setUseTopDownTraversal());
  }
};
} // namespace
