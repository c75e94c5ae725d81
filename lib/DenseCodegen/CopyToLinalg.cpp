//===- CopyToLinalg.cpp - strided memref.copy to linalg.copy --------------===//
//
// compress-copy-to-linalg: see its description in include/compress/DenseCodegen/Passes.td.
//
//===----------------------------------------------------------------------===//
#include "compress/DenseCodegen/Passes.h"

#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::compress {
#define GEN_PASS_DEF_COMPRESSCOPYTOLINALG
#include "compress/DenseCodegen/Passes.h.inc"
} // namespace mlir::compress

using namespace mlir;

namespace {
/// memref.copy whose operands are not both contiguous lowers to a call of
/// `memrefCopy` from libmlir_c_runner_utils; a linalg.copy lowers to plain loops.
struct CopyToLinalg : public OpRewritePattern<memref::CopyOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(memref::CopyOp op, PatternRewriter &rewriter) const override {
    auto src = cast<MemRefType>(op.getSource().getType());
    auto dst = cast<MemRefType>(op.getTarget().getType());
    if (src.getLayout().isIdentity() && dst.getLayout().isIdentity())
      return failure();
    rewriter.replaceOpWithNewOp<linalg::CopyOp>(op, op.getSource(), op.getTarget());
    return success();
  }
};

struct CopyToLinalgPass : public compress::impl::CompressCopyToLinalgBase<CopyToLinalgPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<CopyToLinalg>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
