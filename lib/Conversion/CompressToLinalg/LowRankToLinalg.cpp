//===- LowRankToLinalg.cpp - lowrank ops to two dense tosa ops ------------===//
//
// A low-rank layer is two dense layers in a row, so it is lowered to exactly what
// the dense path runs (tosa.conv2d / tosa.matmul, turned into linalg named ops by
// tosa-to-linalg right after this pass in compress-lower-to-llvm): whatever makes
// the dense path fast makes both halves fast.
//
//   lowrank_conv2d: tosa.conv2d(x, u, 0) with the layer's stride/pad/dilation to r
//                   channels, then tosa.conv2d 1×1 with v as [F, 1, 1, r] and the bias;
//   lowrank_matmul: tosa.matmul(x, Uᵀ), tosa.matmul(·, Vᵀ), tosa.add of the bias.
//
//===----------------------------------------------------------------------===//
#include "compress/Conversion/CompressToLinalg/CompressToLinalg.h"
#include "compress/Dialect/Compress/IR/CompressOps.h"
#include "compress/Dialect/Compress/IR/CompressUtils.h"
#include "compress/Dialect/Compress/Utils/TosaConvUtils.h"
#include "LoweringUtils.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/Transforms/DialectConversion.h"

using namespace mlir;
using namespace mlir::compress;

namespace {

/// [rows, cols] → [1, cols, rows] (Bᵀ of a tosa.matmul): transposed at compile time
/// when the factor is a constant, by tosa.transpose otherwise.
Value transposedAsMatmulB(OpBuilder &b, Location loc, Value m) {
  auto type = cast<RankedTensorType>(m.getType());
  int64_t rows = type.getDimSize(0), cols = type.getDimSize(1);
  auto bType = RankedTensorType::get({1, cols, rows}, b.getF32Type());
  if (FailureOr<SmallVector<float>> values = getConstantFloatValues(m); succeeded(values)) {
    SmallVector<float> t(values->size());
    for (int64_t i = 0; i < rows; ++i)
      for (int64_t k = 0; k < cols; ++k)
        t[k * rows + i] = (*values)[i * cols + k];
    return tosa::ConstOp::create(b, loc, bType, DenseElementsAttr::get(bType, ArrayRef<float>(t)));
  }
  auto tType = RankedTensorType::get({cols, rows}, b.getF32Type());
  Value t = tosa::TransposeOp::create(b, loc, tType, m, b.getDenseI32ArrayAttr({1, 0}));
  return tensor::ExpandShapeOp::create(b, loc, bType, t,
                                       SmallVector<ReassociationIndices>{{0, 1}, {2}});
}

struct LowRankConv2DToTosa : public OpConversionPattern<LowRankConv2DOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult matchAndRewrite(LowRankConv2DOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    auto uType = cast<RankedTensorType>(adaptor.getU().getType());
    FailureOr<StaticConvGeometry> g =
        matchStaticConv(rewriter, op, adaptor.getInput(), adaptor.getOperands());
    if (failed(g))
      return failure();
    Location loc = op.getLoc();
    auto outType = op.getOutput().getType();
    int64_t r = uType.getDimSize(0);
    SmallVector<int64_t> pad(g->pad);
    Value input =
        trimForStride(rewriter, loc, adaptor.getInput(), g->kh, g->kw, g->stride, g->dilation, pad);
    Value zp = tosaZeros(rewriter, loc, {1});
    SmallVector<int64_t> midShape(outType.getShape());
    midShape[3] = r;
    auto midType = RankedTensorType::get(midShape, rewriter.getF32Type());
    Value mid = tosa::Conv2DOp::create(rewriter, loc, midType, input, adaptor.getU(),
                                       tosaZeros(rewriter, loc, {r}), zp, zp, pad, g->stride,
                                       g->dilation, rewriter.getF32Type());
    auto vType = RankedTensorType::get({g->f, 1, 1, r}, rewriter.getF32Type());
    Value v = tensor::ExpandShapeOp::create(rewriter, loc, vType, adaptor.getV(),
                                            SmallVector<ReassociationIndices>{{0, 1, 2}, {3}});
    Value y = tosa::Conv2DOp::create(rewriter, loc, outType, mid, v, adaptor.getBias(), zp, zp,
                                     ArrayRef<int64_t>{0, 0, 0, 0}, ArrayRef<int64_t>{1, 1},
                                     ArrayRef<int64_t>{1, 1}, rewriter.getF32Type());
    rewriter.replaceOp(op, y);
    return success();
  }
};

struct LowRankMatmulToTosa : public OpConversionPattern<LowRankMatmulOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult matchAndRewrite(LowRankMatmulOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    FailureOr<MatmulGeometry> g =
        matchStaticMatmul(rewriter, op, adaptor.getInput(), adaptor.getOperands());
    if (failed(g))
      return failure();
    Location loc = op.getLoc();
    int64_t r = cast<RankedTensorType>(adaptor.getU().getType()).getDimSize(0);
    Type f32 = rewriter.getF32Type();
    Value y = buildTosaMatmul(rewriter, loc, adaptor.getInput(), adaptor.getBias(),
                              op.getOutput().getType(), [&](Value x, Value zp) -> Value {
                                Value t = tosa::MatMulOp::create(
                                    rewriter, loc, RankedTensorType::get({1, g->m, r}, f32), x,
                                    transposedAsMatmulB(rewriter, loc, adaptor.getU()), zp, zp);
                                return tosa::MatMulOp::create(
                                    rewriter, loc, RankedTensorType::get({1, g->m, g->n}, f32), t,
                                    transposedAsMatmulB(rewriter, loc, adaptor.getV()), zp, zp);
                              });
    rewriter.replaceOp(op, y);
    return success();
  }
};

} // namespace

void mlir::compress::populateLowRankToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<LowRankConv2DToTosa, LowRankMatmulToTosa>(patterns.getContext());
}

void mlir::compress::configureLowRankToLinalgTarget(ConversionTarget &target) {
  target.addIllegalOp<LowRankConv2DOp, LowRankMatmulOp>();
}
