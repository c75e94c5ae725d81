//===- PadInPlace.cpp - padded tensors written in place -------------------===//
//
// compress-decompose-pad: see its description in
// include/compress/DenseCodegen/Passes.td.
//
//===----------------------------------------------------------------------===//
#include "compress/DenseCodegen/Passes.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::compress {
#define GEN_PASS_DEF_COMPRESSDECOMPOSEPAD
#include "compress/DenseCodegen/Passes.h.inc"
} // namespace mlir::compress

using namespace mlir;

namespace {
/// tensor.pad (static shapes, constant padding value) -> tensor.empty of the
/// result, one linalg.fill per non-empty border slab (inserted into it), and the
/// source inserted into the interior.
struct DecomposeStaticPad : OpRewritePattern<tensor::PadOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(tensor::PadOp pad, PatternRewriter &rewriter) const override {
    RankedTensorType resultType = pad.getResultType();
    RankedTensorType sourceType = pad.getSourceType();
    if (!resultType.hasStaticShape() || !sourceType.hasStaticShape())
      return rewriter.notifyMatchFailure(pad, "dynamic shape");
    Value padValue = pad.getConstantPaddingValue();
    if (!padValue)
      return rewriter.notifyMatchFailure(pad, "padding value is not a constant");
    SmallVector<int64_t> low(pad.getStaticLow()), high(pad.getStaticHigh());
    if (llvm::any_of(low, ShapedType::isDynamic) || llvm::any_of(high, ShapedType::isDynamic))
      return rewriter.notifyMatchFailure(pad, "dynamic padding");
    if (llvm::any_of(low, [](int64_t p) { return p < 0; }) ||
        llvm::any_of(high, [](int64_t p) { return p < 0; }))
      return rewriter.notifyMatchFailure(pad, "negative padding");
    Location loc = pad.getLoc();
    ArrayRef<int64_t> shape = resultType.getShape();
    int64_t rank = resultType.getRank();
    Value result = tensor::EmptyOp::create(rewriter, loc, shape, resultType.getElementType());
    SmallVector<int64_t> ones(rank, 1);
    auto asOfr = [&](ArrayRef<int64_t> values) {
      return getAsIndexOpFoldResult(rewriter.getContext(), values);
    };
    // Border slabs, dim by dim: the slab of dim d spans the interior of the dims
    // before d (their borders are slabs of their own) and all of the dims after it.
    auto fillSlab = [&](int64_t d, int64_t offset, int64_t size) {
      SmallVector<int64_t> offsets(rank, 0), sizes(shape);
      for (int64_t e = 0; e < d; ++e) {
        offsets[e] = low[e];
        sizes[e] = sourceType.getDimSize(e);
      }
      offsets[d] = offset;
      sizes[d] = size;
      Value empty = tensor::EmptyOp::create(rewriter, loc, sizes, resultType.getElementType());
      Value slab = linalg::FillOp::create(rewriter, loc, padValue, empty).getResult(0);
      result = tensor::InsertSliceOp::create(rewriter, loc, slab, result, asOfr(offsets),
                                             asOfr(sizes), asOfr(ones));
    };
    for (int64_t d = 0; d < rank; ++d) {
      if (low[d] > 0)
        fillSlab(d, 0, low[d]);
      if (high[d] > 0)
        fillSlab(d, low[d] + sourceType.getDimSize(d), high[d]);
    }
    rewriter.replaceOpWithNewOp<tensor::InsertSliceOp>(
        pad, pad.getSource(), result, asOfr(low), asOfr(sourceType.getShape()), asOfr(ones));
    return success();
  }
};

struct DecomposePadPass : public compress::impl::CompressDecomposePadBase<DecomposePadPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<DecomposeStaticPad>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
