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
#include "LoweringUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/Transforms/DialectConversion.h"

using namespace mlir;
using namespace mlir::compress;

namespace {

/// Reads weight e of row `row` of a codebook: decodes bits [e·bits, (e+1)·bits) of
/// the packed row (little-endian, see codebook_conv2d) and returns its centroid.
/// `perChannel` selects centroids[row, index] over centroids[index].
Value decodeWeight(OpBuilder &b, Location loc, Value indices, Value centroids, Value row,
                   Value e, int64_t bits, int64_t rowBytes, bool perChannel) {
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

/// A linalg.generic producing the dense f32 tensor `type` from a codebook: element
/// `ivs` is weight e of row `row`, where (row, e) = `rowAndElement(ivs)`.
Value decodeDense(OpBuilder &rewriter, Location loc, ArrayRef<int64_t> shape, Value indices,
                  Value centroids, int64_t bits, bool perChannel,
                  function_ref<std::pair<Value, Value>(OpBuilder &, Location, ArrayRef<Value>)>
                      rowAndElement) {
  MLIRContext *ctx = rewriter.getContext();
  int64_t rank = int64_t(shape.size());
  int64_t rowBytes = cast<RankedTensorType>(indices.getType()).getDimSize(1);
  Value empty = tensor::EmptyOp::create(rewriter, loc, shape, rewriter.getF32Type());
  auto generic = linalg::GenericOp::create(
      rewriter, loc, TypeRange{empty.getType()}, ValueRange{}, ValueRange{empty},
      SmallVector<AffineMap>{AffineMap::getMultiDimIdentityMap(rank, ctx)},
      SmallVector<utils::IteratorType>(rank, utils::IteratorType::parallel),
      [&](OpBuilder &b, Location l, ValueRange) {
        SmallVector<Value> ivs;
        for (int64_t d = 0; d < rank; ++d)
          ivs.push_back(linalg::IndexOp::create(b, l, d));
        auto [row, e] = rowAndElement(b, l, ivs);
        linalg::YieldOp::create(
            b, l, decodeWeight(b, l, indices, centroids, row, e, bits, rowBytes, perChannel));
      });
  return generic.getResult(0);
}

Value zeroPoint(OpBuilder &b, Location loc) {
  auto type = RankedTensorType::get({1}, b.getF32Type());
  return tosa::ConstOp::create(b, loc, type, DenseElementsAttr::get(type, 0.0f));
}

/// linalg.generic over every element of `resultType` (parallel loops); the element
/// starts at bias[last index] and `reduce(b, loc, ivs, acc)` returns its final value.
Value buildOutputGeneric(
    OpBuilder &rewriter, Location loc, RankedTensorType resultType, Value bias,
    function_ref<Value(OpBuilder &, Location, ArrayRef<Value>, Value)> reduce) {
  int64_t rank = resultType.getRank();
  MLIRContext *ctx = rewriter.getContext();
  Value empty = tensor::EmptyOp::create(rewriter, loc, resultType.getShape(),
                                        resultType.getElementType());
  SmallVector<AffineMap> maps = {
      AffineMap::get(rank, 0, {getAffineDimExpr(rank - 1, ctx)}, ctx),
      AffineMap::getMultiDimIdentityMap(rank, ctx)};
  SmallVector<utils::IteratorType> iterators(rank, utils::IteratorType::parallel);
  auto generic = linalg::GenericOp::create(
      rewriter, loc, TypeRange{resultType}, ValueRange{bias}, ValueRange{empty}, maps,
      iterators, [&](OpBuilder &b, Location l, ValueRange args) {
        SmallVector<Value> ivs;
        for (int64_t d = 0; d < rank; ++d)
          ivs.push_back(linalg::IndexOp::create(b, l, d));
        linalg::YieldOp::create(b, l, reduce(b, l, ivs, args[0]));
      });
  return generic.getResult(0);
}

/// scf.for from 0 to `ub` carrying one f32 accumulator.
Value reductionLoop(OpBuilder &b, Location loc, int64_t ub, Value init,
                    function_ref<Value(OpBuilder &, Location, Value, Value)> body) {
  auto loop = scf::ForOp::create(
      b, loc, indexConst(b, loc, 0), indexConst(b, loc, ub), indexConst(b, loc, 1),
      ValueRange{init}, [&](OpBuilder &nb, Location l, Value iv, ValueRange iter) {
        scf::YieldOp::create(nb, l, body(nb, l, iv, iter[0]));
      });
  return loop.getResult(0);
}

struct CodebookConv2DToLinalg : public OpConversionPattern<CodebookConv2DOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult matchAndRewrite(CodebookConv2DOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto inType = cast<RankedTensorType>(adaptor.getInput().getType());
    auto outType = cast<RankedTensorType>(op.getType());
    auto idxType = cast<RankedTensorType>(adaptor.getIndices().getType());
    auto centroidType = cast<RankedTensorType>(adaptor.getCentroids().getType());
    if (!inType.hasStaticShape() || !outType.hasStaticShape() || !idxType.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "dynamic shapes are not supported");
    ArrayRef<int64_t> pad = op.getPad(), stride = op.getStrides(), dil = op.getDilations();
    ArrayRef<int64_t> kernel = op.getKernelSize();
    int64_t c = inType.getDimSize(3), f = outType.getDimSize(3);
    int64_t groups = int64_t(op.getGroups());
    int64_t cg = c / groups, fg = f / groups, kh = kernel[0], kw = kernel[1];
    int64_t bits = int64_t(op.getBits()), rowBytes = idxType.getDimSize(1);
    bool perChannel = centroidType.getRank() == 2;
    Value indices = adaptor.getIndices(), centroids = adaptor.getCentroids();

    if (groups == 1 || cg == 1) {
      // Decode once, then the dense op. Weight (f, i, j, ci) is element
      // (i·kw + j)·cg + ci of row f; depthwise output channel f = c·M + m.
      auto idx = [](OpBuilder &b, Location l, int64_t v) { return indexConst(b, l, v); };
      SmallVector<int64_t> padding(pad);
      Value input = trimForStride(rewriter, loc, adaptor.getInput(), kh, kw, stride, dil,
                                  padding);
      Value zp = zeroPoint(rewriter, loc);
      Value result;
      if (groups == 1) {
        Value w = decodeDense(
            rewriter, loc, {f, kh, kw, c}, indices, centroids, bits, perChannel,
            [&](OpBuilder &b, Location l, ArrayRef<Value> iv) -> std::pair<Value, Value> {
              Value tap = arith::AddIOp::create(
                  b, l, arith::MulIOp::create(b, l, iv[1], idx(b, l, kw)), iv[2]);
              Value e = arith::AddIOp::create(
                  b, l, arith::MulIOp::create(b, l, tap, idx(b, l, c)), iv[3]);
              return {iv[0], e};
            });
        result = tosa::Conv2DOp::create(rewriter, loc, outType, input, w, adaptor.getBias(),
                                        zp, zp, padding, stride, dil, rewriter.getF32Type());
      } else {
        int64_t mult = f / c;
        Value w = decodeDense(
            rewriter, loc, {kh, kw, c, mult}, indices, centroids, bits, perChannel,
            [&](OpBuilder &b, Location l, ArrayRef<Value> iv) -> std::pair<Value, Value> {
              Value row = arith::AddIOp::create(
                  b, l, arith::MulIOp::create(b, l, iv[2], idx(b, l, mult)), iv[3]);
              Value e = arith::AddIOp::create(
                  b, l, arith::MulIOp::create(b, l, iv[0], idx(b, l, kw)), iv[1]);
              return {row, e};
            });
        result = tosa::DepthwiseConv2DOp::create(rewriter, loc, outType, input, w,
                                                 adaptor.getBias(), zp, zp, padding, stride,
                                                 dil, rewriter.getF32Type());
      }
      rewriter.replaceOp(op, result);
      return success();
    }

    // Grouped: zero padding up front, so the loops need no bounds checks.
    Value input = padNHWC(rewriter, loc, adaptor.getInput(), pad);

    Value result = buildOutputGeneric(
        rewriter, loc, outType, adaptor.getBias(),
        [&](OpBuilder &b, Location l, ArrayRef<Value> ivs, Value acc) {
          Value n = ivs[0], oh = ivs[1], ow = ivs[2], oc = ivs[3];
          // First input channel of the group of output channel oc.
          Value c0 = indexConst(b, l, 0);
          if (groups != 1)
            c0 = arith::MulIOp::create(
                b, l, arith::DivUIOp::create(b, l, oc, indexConst(b, l, fg)),
                indexConst(b, l, cg));
          Value ohBase = arith::MulIOp::create(b, l, oh, indexConst(b, l, stride[0]));
          Value owBase = arith::MulIOp::create(b, l, ow, indexConst(b, l, stride[1]));
          return reductionLoop(b, l, kh, acc, [&](OpBuilder &b, Location l, Value i, Value acc) {
            Value y = arith::AddIOp::create(
                b, l, ohBase, arith::MulIOp::create(b, l, i, indexConst(b, l, dil[0])));
            Value rowTap = arith::MulIOp::create(b, l, i, indexConst(b, l, kw));
            return reductionLoop(b, l, kw, acc, [&](OpBuilder &b, Location l, Value j,
                                                    Value acc) {
              Value x = arith::AddIOp::create(
                  b, l, owBase, arith::MulIOp::create(b, l, j, indexConst(b, l, dil[1])));
              // Weight (i, j, 0) of row oc is index (i·kw + j)·cg.
              Value tap = arith::AddIOp::create(b, l, rowTap, j);
              Value e0 = arith::MulIOp::create(b, l, tap, indexConst(b, l, cg));
              return reductionLoop(b, l, cg, acc, [&](OpBuilder &b, Location l, Value ci,
                                                      Value acc) {
                Value ch = arith::AddIOp::create(b, l, c0, ci);
                Value in = tensor::ExtractOp::create(b, l, input, ValueRange{n, y, x, ch});
                Value e = arith::AddIOp::create(b, l, e0, ci);
                Value w = decodeWeight(b, l, indices, centroids, oc, e, bits, rowBytes,
                                       perChannel);
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

struct CodebookMatmulToLinalg : public OpConversionPattern<CodebookMatmulOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult matchAndRewrite(CodebookMatmulOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto inType = cast<RankedTensorType>(adaptor.getInput().getType());
    auto outType = cast<RankedTensorType>(op.getType());
    auto idxType = cast<RankedTensorType>(adaptor.getIndices().getType());
    auto centroidType = cast<RankedTensorType>(adaptor.getCentroids().getType());
    if (!inType.hasStaticShape() || !outType.hasStaticShape() || !idxType.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "dynamic shapes are not supported");
    int64_t m = inType.getDimSize(0), k = inType.getDimSize(1), n = outType.getDimSize(1);
    int64_t bits = int64_t(op.getBits());
    bool perChannel = centroidType.getRank() == 2;
    // Decode W[N, K] as Bᵀ = [1, K, N] (element kk of row nn), then tosa.matmul + bias.
    Value w = decodeDense(
        rewriter, loc, {1, k, n}, adaptor.getIndices(), adaptor.getCentroids(), bits,
        perChannel,
        [&](OpBuilder &, Location, ArrayRef<Value> iv) -> std::pair<Value, Value> {
          return {iv[2], iv[1]};
        });
    Type f32 = rewriter.getF32Type();
    SmallVector<ReassociationIndices> batch = {{0, 1}, {2}};
    Value x = tensor::ExpandShapeOp::create(rewriter, loc, RankedTensorType::get({1, m, k}, f32),
                                           adaptor.getInput(), batch);
    Value zp = zeroPoint(rewriter, loc);
    auto yType = RankedTensorType::get({1, m, n}, f32);
    Value y = tosa::MatMulOp::create(rewriter, loc, yType, x, w, zp, zp);
    Value bias = tensor::ExpandShapeOp::create(rewriter, loc, RankedTensorType::get({1, 1, n}, f32),
                                              adaptor.getBias(),
                                              SmallVector<ReassociationIndices>{{0, 1, 2}});
    y = tosa::AddOp::create(rewriter, loc, yType, y, bias);
    Value result = tensor::CollapseShapeOp::create(rewriter, loc, outType, y, batch);
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void mlir::compress::populateCodebookToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<CodebookConv2DToLinalg, CodebookMatmulToLinalg>(patterns.getContext());
}

void mlir::compress::configureCodebookToLinalgTarget(ConversionTarget &target) {
  target.addIllegalOp<CodebookConv2DOp, CodebookMatmulOp>();
}
