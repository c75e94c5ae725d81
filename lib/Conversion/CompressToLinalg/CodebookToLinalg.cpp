//===- CodebookToLinalg.cpp - codebook ops: decode, then the dense path ---===//
//
// Ungrouped and depthwise codebook_conv2d and codebook_matmul: one linalg.generic
// decodes the layer's packed indices into a dense f32 weight tensor, laid out as the
// dense tosa op wants it (OHWI for tosa.conv2d, HWCM for tosa.depthwise_conv2d,
// [1, K, N] for tosa.matmul), then that op runs on the dense path (tiled, vectorized).
// The weights stay compressed in the library and in memory; the decoded tensor is a
// per-call scratch buffer that compress-plan-buffers lets the next layers reuse.
// Decoding costs one pass over the layer's weights per call, against
// OH·OW multiply-adds per weight for the conv itself.
//
// Grouped convs (1 < groups < C) keep the decode-as-you-go lowering: a linalg.generic
// over the output elements (all loops parallel) whose body is the reduction as scf.for
// loops with a scalar accumulator started at the bias; each step of the innermost loop
// (input channels: the input and the packed index row are read contiguously) extracts
// the byte(s) holding the index, shifts and masks it, and reads the centroid.
//
//===----------------------------------------------------------------------===//
#include "compress/Conversion/CompressToLinalg/CompressToLinalg.h"
#include "compress/Dialect/Compress/IR/CompressOps.h"
#include "compress/Dialect/Compress/IR/CompressUtils.h"
#include "compress/Dialect/Compress/Utils/TosaConvUtils.h"
#include "LoweringUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/Transforms/DialectConversion.h"

using namespace mlir;
using namespace mlir::compress;

namespace {

/// The packed weights of a codebook op: `bits`-bit indices packed little-endian in
/// rows of `rowBytes` bytes (one row per output channel), and their centroids (one
/// codebook, or one per row when `perChannel`).
struct Codebook {
  Value indices, centroids;
  int64_t bits, rowBytes;
  bool perChannel;

  template <typename CodebookOp>
  static Codebook of(CodebookOp op, typename CodebookOp::Adaptor adaptor) {
    auto idxType = cast<RankedTensorType>(adaptor.getIndices().getType());
    auto centroidType = cast<RankedTensorType>(adaptor.getCentroids().getType());
    return {adaptor.getIndices(), adaptor.getCentroids(), int64_t(op.getBits()),
            idxType.getDimSize(1), centroidType.getRank() == 2};
  }

  /// Weight e of row `row`: decodes bits [e·bits, (e+1)·bits) of the packed row
  /// (little-endian, see codebook_conv2d) and returns its centroid.
  Value decode(OpBuilder &b, Location loc, Value row, Value e) const {
    Type i32 = b.getI32Type();
    auto loadByte = [&](Value at) -> Value {
      Value v = tensor::ExtractOp::create(b, loc, indices, ValueRange{row, at});
      return arith::ExtUIOp::create(b, loc, i32, v);
    };
    Value code;
    if (bits == 8) {
      code = loadByte(e);
    } else {
      Value bit = arith::MulIOp::create(b, loc, e, indexConst(b, loc, bits));
      Value byte = arith::ShRUIOp::create(b, loc, bit, indexConst(b, loc, 3));
      Value window = loadByte(byte);
      if (8 % bits != 0) {
        // The index may straddle into the next byte. At the end of the row the next
        // byte does not exist, but then the index does not straddle and the bits of
        // whatever byte is read are masked off: clamp instead of branching.
        Value next = arith::AddIOp::create(b, loc, byte, indexConst(b, loc, 1));
        next = arith::MinUIOp::create(b, loc, next, indexConst(b, loc, rowBytes - 1));
        Value hi = arith::ShLIOp::create(b, loc, loadByte(next),
                                         arith::ConstantIntOp::create(b, loc, i32, 8));
        window = arith::OrIOp::create(b, loc, window, hi);
      }
      Value shift = arith::AndIOp::create(b, loc, bit, indexConst(b, loc, 7));
      shift = arith::IndexCastUIOp::create(b, loc, i32, shift);
      code = arith::ShRUIOp::create(b, loc, window, shift);
      code = arith::AndIOp::create(b, loc, code,
                                   arith::ConstantIntOp::create(b, loc, i32, (1 << bits) - 1));
    }
    Value k = arith::IndexCastUIOp::create(b, loc, b.getIndexType(), code);
    if (perChannel)
      return tensor::ExtractOp::create(b, loc, centroids, ValueRange{row, k});
    return tensor::ExtractOp::create(b, loc, centroids, ValueRange{k});
  }

  /// A linalg.generic producing the dense f32 weight of `shape`: element `ivs` is
  /// weight e of row `row`, where (row, e) = `rowAndElement(ivs)`.
  Value decodeDense(OpBuilder &b, Location loc, ArrayRef<int64_t> shape,
                    function_ref<std::pair<Value, Value>(OpBuilder &, Location, ArrayRef<Value>)>
                        rowAndElement) const {
    return buildElementwise(b, loc, shape, b.getF32Type(), ValueRange{},
                            [&](OpBuilder &nb, Location l, ArrayRef<Value> ivs, ValueRange) {
                              auto [row, e] = rowAndElement(nb, l, ivs);
                              return decode(nb, l, row, e);
                            });
  }
};

/// a·k + c as index arithmetic.
Value mulAdd(OpBuilder &b, Location loc, Value a, int64_t k, Value c) {
  return arith::AddIOp::create(b, loc, arith::MulIOp::create(b, loc, a, indexConst(b, loc, k)), c);
}

/// scf.for from 0 to `ub` carrying one f32 accumulator.
Value reductionLoop(OpBuilder &b, Location loc, int64_t ub, Value init,
                    function_ref<Value(OpBuilder &, Location, Value, Value)> body) {
  Value lb = indexConst(b, loc, 0), upper = indexConst(b, loc, ub);
  return buildLoop(b, loc, lb, upper, init,
                   [&](OpBuilder &nb, Location l, Value iv, ValueRange iter) {
                     return SmallVector<Value>{body(nb, l, iv, iter[0])};
                   })[0];
}

/// Ungrouped and depthwise codebook_conv2d: decode the weights once into the layout
/// of tosa.conv2d (OHWI) / tosa.depthwise_conv2d (HWCM), then that op (the dense path).
struct CodebookConv2DToDense : public OpConversionPattern<CodebookConv2DOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult matchAndRewrite(CodebookConv2DOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    FailureOr<StaticConvGeometry> g =
        matchStaticConv(rewriter, op, adaptor.getInput(), adaptor.getIndices());
    if (failed(g))
      return failure();
    if (g->groups != 1 && g->cg != 1)
      return rewriter.notifyMatchFailure(op, "grouped conv: CodebookConv2DToLinalg");
    Location loc = op.getLoc();
    Codebook codebook = Codebook::of(op, adaptor);
    int64_t kw = g->kw, c = g->c, mult = g->f / g->c;
    SmallVector<int64_t> padding(g->pad);
    Value input = trimForStride(rewriter, loc, adaptor.getInput(), g->kh, kw, g->stride,
                                g->dilation, padding);
    Value zp = tosaZeros(rewriter, loc, {1});
    Type f32 = rewriter.getF32Type();
    Value result;
    if (g->groups == 1) {
      // Weight (f, i, j, ci) is element (i·kw + j)·C + ci of row f.
      Value w = codebook.decodeDense(
          rewriter, loc, {g->f, g->kh, kw, c},
          [&](OpBuilder &b, Location l, ArrayRef<Value> iv) -> std::pair<Value, Value> {
            return {iv[0], mulAdd(b, l, mulAdd(b, l, iv[1], kw, iv[2]), c, iv[3])};
          });
      result = tosa::Conv2DOp::create(rewriter, loc, op.getType(), input, w, adaptor.getBias(), zp,
                                      zp, padding, g->stride, g->dilation, f32);
    } else {
      // Depthwise: weight (i, j, ci, m) is element i·kw + j of row ci·M + m.
      Value w = codebook.decodeDense(
          rewriter, loc, {g->kh, kw, c, mult},
          [&](OpBuilder &b, Location l, ArrayRef<Value> iv) -> std::pair<Value, Value> {
            Value row = mulAdd(b, l, iv[2], mult, iv[3]);
            return {row, mulAdd(b, l, iv[0], kw, iv[1])};
          });
      result =
          tosa::DepthwiseConv2DOp::create(rewriter, loc, op.getType(), input, w, adaptor.getBias(),
                                          zp, zp, padding, g->stride, g->dilation, f32);
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// Grouped codebook_conv2d (1 < groups < C): per output element, the reduction over
/// the taps and the input channels of its group decodes each weight as it reads it.
struct CodebookConv2DToLinalg : public OpConversionPattern<CodebookConv2DOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult matchAndRewrite(CodebookConv2DOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    FailureOr<StaticConvGeometry> g =
        matchStaticConv(rewriter, op, adaptor.getInput(), adaptor.getIndices());
    if (failed(g))
      return failure();
    if (g->groups == 1 || g->cg == 1)
      return rewriter.notifyMatchFailure(op, "ungrouped or depthwise: CodebookConv2DToDense");
    Location loc = op.getLoc();
    Codebook codebook = Codebook::of(op, adaptor);
    ArrayRef<int64_t> stride = g->stride, dil = g->dilation;
    int64_t kw = g->kw, cg = g->cg, fg = g->fg;
    // Zero padding up front, so the loops need no bounds checks.
    Value input = padNHWC(rewriter, loc, adaptor.getInput(), g->pad);
    auto outType = cast<RankedTensorType>(op.getType());
    Value result = buildElementwise(
        rewriter, loc, outType.getShape(), outType.getElementType(), adaptor.getBias(),
        [&](OpBuilder &b, Location l, ArrayRef<Value> ivs, ValueRange bias) {
          Value n = ivs[0], oh = ivs[1], ow = ivs[2], oc = ivs[3];
          // First input channel of the group of output channel oc.
          Value c0 = arith::MulIOp::create(
              b, l, arith::DivUIOp::create(b, l, oc, indexConst(b, l, fg)), indexConst(b, l, cg));
          Value ohBase = arith::MulIOp::create(b, l, oh, indexConst(b, l, stride[0]));
          Value owBase = arith::MulIOp::create(b, l, ow, indexConst(b, l, stride[1]));
          return reductionLoop(
              b, l, g->kh, bias[0], [&](OpBuilder &b, Location l, Value i, Value acc) {
                Value y = arith::AddIOp::create(
                    b, l, ohBase, arith::MulIOp::create(b, l, i, indexConst(b, l, dil[0])));
                Value rowTap = arith::MulIOp::create(b, l, i, indexConst(b, l, kw));
                return reductionLoop(
                    b, l, kw, acc, [&](OpBuilder &b, Location l, Value j, Value acc) {
                      Value x = arith::AddIOp::create(
                          b, l, owBase, arith::MulIOp::create(b, l, j, indexConst(b, l, dil[1])));
                      // Weight (i, j, 0) of row oc is index (i·kw + j)·cg.
                      Value tap = arith::AddIOp::create(b, l, rowTap, j);
                      Value e0 = arith::MulIOp::create(b, l, tap, indexConst(b, l, cg));
                      return reductionLoop(
                          b, l, cg, acc, [&](OpBuilder &b, Location l, Value ci, Value acc) {
                            Value ch = arith::AddIOp::create(b, l, c0, ci);
                            Value in =
                                tensor::ExtractOp::create(b, l, input, ValueRange{n, y, x, ch});
                            Value w =
                                codebook.decode(b, l, oc, arith::AddIOp::create(b, l, e0, ci));
                            Value prod = arith::MulFOp::create(b, l, in, w);
                            return arith::AddFOp::create(b, l, acc, prod).getResult();
                          });
                    });
              });
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// codebook_matmul: decode W[N, K] as Bᵀ = [1, K, N] (element k of row n), then
/// tosa.matmul + bias.
struct CodebookMatmulToDense : public OpConversionPattern<CodebookMatmulOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult matchAndRewrite(CodebookMatmulOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    FailureOr<MatmulGeometry> g =
        matchStaticMatmul(rewriter, op, adaptor.getInput(), adaptor.getIndices());
    if (failed(g))
      return failure();
    Location loc = op.getLoc();
    Codebook codebook = Codebook::of(op, adaptor);
    Value w = codebook.decodeDense(
        rewriter, loc, {1, g->k, g->n},
        [](OpBuilder &, Location, ArrayRef<Value> iv) -> std::pair<Value, Value> {
          return {iv[2], iv[1]};
        });
    auto yType = RankedTensorType::get({1, g->m, g->n}, rewriter.getF32Type());
    Value y = buildTosaMatmul(rewriter, loc, adaptor.getInput(), adaptor.getBias(), op.getType(),
                              [&](Value x, Value zp) -> Value {
                                return tosa::MatMulOp::create(rewriter, loc, yType, x, w, zp, zp);
                              });
    rewriter.replaceOp(op, y);
    return success();
  }
};

} // namespace

void mlir::compress::populateCodebookToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<CodebookConv2DToDense, CodebookConv2DToLinalg, CodebookMatmulToDense>(
      patterns.getContext());
}

void mlir::compress::configureCodebookToLinalgTarget(ConversionTarget &target) {
  target.addIllegalOp<CodebookConv2DOp, CodebookMatmulOp>();
}
