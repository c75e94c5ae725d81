//===- BinaryToLinalg.cpp - binary ops to XNOR-popcount loops -------------===//
//
// binary_conv2d / binary_matmul become two linalg.generic ops on tensors:
//  1. packing: one i64 word per (pixel, group, word) holding the sign bits of the
//     input channels of that word (bit 1 = negative = −1, sign(0) = +1, tail bits 0),
//     the layout of `weight_bits` (NHWC: N x H x W x groups·D; matmul: M x D);
//     computed (non-constant) weight_bits get their tail bits cleared first;
//  2. the output: per element an integer reduction over taps and words of
//     popcount(a XOR w) (math.ctpop), then y = α·(K_eff − 2·popcount) + bias.
// Accumulation is integer (i64), so the result is the float conv of ±1 values exactly
// whenever α·y + bias is. Padding is resolved per tap: an in-bounds tap reads the
// packed input; a padded tap adds nothing for pad_value zero (and does not count
// towards K_eff, so K_eff is per pixel), and reads the all-(+1) word 0 (pad_value
// one) or the all-(−1) word of the real channels (pad_value minus_one) otherwise.
// The innermost loop walks the D words of one tap contiguously in both operands.
//
//===----------------------------------------------------------------------===//
#include "compress/Conversion/CompressToLinalg/CompressToLinalg.h"
#include "compress/Dialect/Compress/IR/CompressOps.h"
#include "compress/Dialect/Compress/IR/CompressUtils.h"
#include "compress/Algorithms/BitPacking.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"

using namespace mlir;
using namespace mlir::compress;

namespace {

Value idx(OpBuilder &b, Location loc, int64_t v) {
  return arith::ConstantIndexOp::create(b, loc, v);
}

Value i64c(OpBuilder &b, Location loc, int64_t v) {
  return arith::ConstantIntOp::create(b, loc, b.getI64Type(), v);
}

/// scf.for from `lb` to `ub` (step 1) carrying the i64 accumulators `inits`.
SmallVector<Value>
loopI64(OpBuilder &b, Location loc, Value lb, Value ub, ValueRange inits,
        function_ref<SmallVector<Value>(OpBuilder &, Location, Value, ValueRange)> body) {
  auto loop = scf::ForOp::create(b, loc, lb, ub, idx(b, loc, 1), inits,
                                 [&](OpBuilder &nb, Location l, Value iv, ValueRange iter) {
                                   scf::YieldOp::create(nb, l, body(nb, l, iv, iter));
                                 });
  return SmallVector<Value>(loop.getResults());
}

/// Packs the sign bits of `input` (rank r, channels last, C = groups·cg) into
/// tensor<... x groups·D x i64>: word g·D + d holds channels g·cg + 64·d + [0, 64) of
/// the group, bit b = 1 when that channel is negative; bits past cg are 0.
Value packActivationSigns(OpBuilder &b, Location loc, Value input, int64_t groups,
                          int64_t cg) {
  auto inType = cast<RankedTensorType>(input.getType());
  int64_t rank = inType.getRank(), words = binaryWordCount(cg);
  SmallVector<int64_t> shape(inType.getShape());
  shape.back() = groups * words;
  auto packedType = RankedTensorType::get(shape, b.getI64Type());
  Value empty = tensor::EmptyOp::create(b, loc, shape, b.getI64Type());
  SmallVector<AffineMap> maps = {AffineMap::getMultiDimIdentityMap(rank, b.getContext())};
  SmallVector<utils::IteratorType> iterators(rank, utils::IteratorType::parallel);
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{packedType}, ValueRange{}, ValueRange{empty}, maps, iterators,
      [&](OpBuilder &nb, Location l, ValueRange) {
        SmallVector<Value> ivs;
        for (int64_t d = 0; d < rank; ++d)
          ivs.push_back(linalg::IndexOp::create(nb, l, d));
        Value gd = ivs.back();
        Value g = arith::DivUIOp::create(nb, l, gd, idx(nb, l, words));
        Value d = arith::RemUIOp::create(nb, l, gd, idx(nb, l, words));
        // First channel of the word and how many real channels it holds.
        Value first64 = arith::MulIOp::create(nb, l, d, idx(nb, l, 64));
        Value c0 = arith::AddIOp::create(
            nb, l, arith::MulIOp::create(nb, l, g, idx(nb, l, cg)), first64);
        Value count = arith::MinUIOp::create(
            nb, l, arith::SubIOp::create(nb, l, idx(nb, l, cg), first64), idx(nb, l, 64));
        Value zeroF = arith::ConstantOp::create(nb, l, nb.getF32FloatAttr(0.0f));
        SmallVector<Value> word = loopI64(
            nb, l, idx(nb, l, 0), count, ValueRange{i64c(nb, l, 0)},
            [&](OpBuilder &bb, Location ll, Value bit, ValueRange acc) -> SmallVector<Value> {
              SmallVector<Value> at(ivs.begin(), ivs.end());
              at.back() = arith::AddIOp::create(bb, ll, c0, bit);
              Value x = tensor::ExtractOp::create(bb, ll, input, at);
              // x < 0 is false for 0 and NaN: sign(0) = +1.
              Value neg = arith::CmpFOp::create(bb, ll, arith::CmpFPredicate::OLT, x, zeroF);
              Value one = arith::ExtUIOp::create(bb, ll, bb.getI64Type(), neg);
              Value shift = arith::IndexCastUIOp::create(bb, ll, bb.getI64Type(), bit);
              Value placed = arith::ShLIOp::create(bb, ll, one, shift);
              return {arith::OrIOp::create(bb, ll, acc[0], placed).getResult()};
            });
        linalg::YieldOp::create(nb, l, word[0]);
      });
  return generic.getResult(0);
}

/// linalg.generic over every element of `resultType` (parallel loops) with α and
/// bias indexed by the last dimension. `reduce(ivs)` returns {popcount, K_eff} (i64)
/// of the element; the element is α·(K_eff − 2·popcount) + bias.
Value buildBinaryOutput(
    OpBuilder &rewriter, Location loc, RankedTensorType resultType, Value alpha, Value bias,
    function_ref<std::pair<Value, Value>(OpBuilder &, Location, ArrayRef<Value>)> reduce) {
  int64_t rank = resultType.getRank();
  MLIRContext *ctx = rewriter.getContext();
  Value empty = tensor::EmptyOp::create(rewriter, loc, resultType.getShape(),
                                        resultType.getElementType());
  AffineMap channel = AffineMap::get(rank, 0, {getAffineDimExpr(rank - 1, ctx)}, ctx);
  SmallVector<AffineMap> maps = {channel, channel,
                                 AffineMap::getMultiDimIdentityMap(rank, ctx)};
  SmallVector<utils::IteratorType> iterators(rank, utils::IteratorType::parallel);
  auto generic = linalg::GenericOp::create(
      rewriter, loc, TypeRange{resultType}, ValueRange{alpha, bias}, ValueRange{empty}, maps,
      iterators, [&](OpBuilder &b, Location l, ValueRange args) {
        SmallVector<Value> ivs;
        for (int64_t d = 0; d < rank; ++d)
          ivs.push_back(linalg::IndexOp::create(b, l, d));
        auto [pop, k] = reduce(b, l, ivs);
        Value twice = arith::ShLIOp::create(b, l, pop, i64c(b, l, 1));
        Value dot = arith::SubIOp::create(b, l, k, twice);
        Value y = arith::SIToFPOp::create(b, l, b.getF32Type(), dot);
        Value scaled = arith::MulFOp::create(b, l, args[0], y);
        linalg::YieldOp::create(b, l, arith::AddFOp::create(b, l, scaled, args[1]).getResult());
      });
  return generic.getResult(0);
}

/// `weights` ([..., D] i64, D words per row) with the bits past `channels` cleared
/// in each row's last word. The op's contract is that those tail bits are 0 (the
/// verifier checks constant weight_bits); computed weight_bits may hold anything
/// there, and the XOR-popcount would count it, so they are masked once per call by
/// an elementwise linalg.generic. Constants and whole words pass unchanged.
Value maskWeightTail(OpBuilder &b, Location loc, Value weights, int64_t channels) {
  if (channels % 64 == 0 || succeeded(getConstantPackedWords(weights)))
    return weights;
  auto type = cast<RankedTensorType>(weights.getType());
  int64_t rank = type.getRank(), words = type.getShape().back();
  int64_t mask = int64_t(lastWordMask(channels));
  Value empty = tensor::EmptyOp::create(b, loc, type.getShape(), b.getI64Type());
  AffineMap identity = AffineMap::getMultiDimIdentityMap(rank, b.getContext());
  SmallVector<utils::IteratorType> iterators(rank, utils::IteratorType::parallel);
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{type}, ValueRange{weights}, ValueRange{empty},
      SmallVector<AffineMap>{identity, identity}, iterators,
      [&](OpBuilder &nb, Location l, ValueRange args) {
        Value d = linalg::IndexOp::create(nb, l, rank - 1);
        Value isLast =
            arith::CmpIOp::create(nb, l, arith::CmpIPredicate::eq, d, idx(nb, l, words - 1));
        Value masked = arith::AndIOp::create(nb, l, args[0], i64c(nb, l, mask));
        linalg::YieldOp::create(
            nb, l, arith::SelectOp::create(nb, l, isLast, masked, args[0]).getResult());
      });
  return generic.getResult(0);
}

/// pop + Σ_d popcount(a(d) XOR w[wIdx..., d]) for d in [0, words).
Value popcountWords(OpBuilder &b, Location loc, int64_t words, Value pop, Value weights,
                    ArrayRef<Value> wIdx, function_ref<Value(OpBuilder &, Location, Value)> a) {
  return loopI64(b, loc, idx(b, loc, 0), idx(b, loc, words), ValueRange{pop},
                 [&](OpBuilder &bb, Location l, Value d, ValueRange acc) -> SmallVector<Value> {
                   SmallVector<Value> at(wIdx.begin(), wIdx.end());
                   at.push_back(d);
                   Value w = tensor::ExtractOp::create(bb, l, weights, at);
                   Value x = arith::XOrIOp::create(bb, l, a(bb, l, d), w);
                   Value p = math::CtPopOp::create(bb, l, x);
                   return {arith::AddIOp::create(bb, l, acc[0], p).getResult()};
                 })[0];
}

struct BinaryConv2DToLinalg : public OpConversionPattern<BinaryConv2DOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult matchAndRewrite(BinaryConv2DOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto inType = cast<RankedTensorType>(adaptor.getInput().getType());
    auto outType = cast<RankedTensorType>(op.getType());
    auto wType = cast<RankedTensorType>(adaptor.getWeightBits().getType());
    if (!inType.hasStaticShape() || !outType.hasStaticShape() || !wType.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "dynamic shapes are not supported");
    ArrayRef<int64_t> pad = op.getPad(), stride = op.getStrides(), dil = op.getDilations();
    int64_t h = inType.getDimSize(1), w = inType.getDimSize(2), c = inType.getDimSize(3);
    int64_t f = outType.getDimSize(3), groups = int64_t(op.getGroups());
    int64_t cg = c / groups, fg = f / groups, kh = wType.getDimSize(1), kw = wType.getDimSize(2);
    int64_t words = wType.getDimSize(3);
    PadValue padValue = op.getPadValue();
    bool needsBounds = llvm::any_of(pad, [](int64_t p) { return p != 0; });

    Value packed = packActivationSigns(rewriter, loc, adaptor.getInput(), groups, cg);
    Value weights = maskWeightTail(rewriter, loc, adaptor.getWeightBits(), cg);
    // The word a padded tap reads for ±1 padding: +1 everywhere (0), or −1 on the real
    // channels (all ones, the last word masked).
    int64_t lastMask = int64_t(lastWordMask(cg));

    Value result = buildBinaryOutput(
        rewriter, loc, outType, adaptor.getAlpha(), adaptor.getBias(),
        [&](OpBuilder &b, Location l, ArrayRef<Value> ivs) -> std::pair<Value, Value> {
          Value n = ivs[0], oh = ivs[1], ow = ivs[2], oc = ivs[3];
          Value wordBase = idx(b, l, 0);
          if (groups != 1)
            wordBase = arith::MulIOp::create(
                b, l, arith::DivUIOp::create(b, l, oc, idx(b, l, fg)), idx(b, l, words));
          Value y0 = arith::SubIOp::create(
              b, l, arith::MulIOp::create(b, l, oh, idx(b, l, stride[0])), idx(b, l, pad[0]));
          Value x0 = arith::SubIOp::create(
              b, l, arith::MulIOp::create(b, l, ow, idx(b, l, stride[1])), idx(b, l, pad[2]));
          auto inRange = [&](OpBuilder &bb, Location ll, Value v, int64_t size) -> Value {
            Value ge = arith::CmpIOp::create(bb, ll, arith::CmpIPredicate::sge, v, idx(bb, ll, 0));
            Value lt =
                arith::CmpIOp::create(bb, ll, arith::CmpIPredicate::slt, v, idx(bb, ll, size));
            return arith::AndIOp::create(bb, ll, ge, lt);
          };
          SmallVector<Value> init = {i64c(b, l, 0), i64c(b, l, 0)};
          SmallVector<Value> acc = loopI64(
              b, l, idx(b, l, 0), idx(b, l, kh), init,
              [&](OpBuilder &b, Location l, Value i, ValueRange acc) {
                Value y = arith::AddIOp::create(
                    b, l, y0, arith::MulIOp::create(b, l, i, idx(b, l, dil[0])));
                Value rowIn = needsBounds ? inRange(b, l, y, h) : Value();
                return loopI64(
                    b, l, idx(b, l, 0), idx(b, l, kw), acc,
                    [&](OpBuilder &b, Location l, Value j, ValueRange acc) -> SmallVector<Value> {
                      Value x = arith::AddIOp::create(
                          b, l, x0, arith::MulIOp::create(b, l, j, idx(b, l, dil[1])));
                      SmallVector<Value> wIdx = {oc, i, j};
                      Value kTap = i64c(b, l, cg);
                      auto inBoundsTap = [&](OpBuilder &b, Location l) -> SmallVector<Value> {
                        Value pop = popcountWords(
                            b, l, words, acc[0], weights, wIdx,
                            [&](OpBuilder &bb, Location ll, Value d) -> Value {
                              Value word = arith::AddIOp::create(bb, ll, wordBase, d);
                              return tensor::ExtractOp::create(bb, ll, packed,
                                                               ValueRange{n, y, x, word});
                            });
                        return {pop, arith::AddIOp::create(b, l, acc[1], kTap).getResult()};
                      };
                      if (!needsBounds)
                        return inBoundsTap(b, l);
                      auto paddedTap = [&](OpBuilder &b, Location l) -> SmallVector<Value> {
                        if (padValue == PadValue::zero)
                          return {acc[0], acc[1]};
                        Value pop = popcountWords(
                            b, l, words, acc[0], weights, wIdx,
                            [&](OpBuilder &bb, Location ll, Value d) -> Value {
                              if (padValue == PadValue::one)
                                return i64c(bb, ll, 0);
                              Value isLast = arith::CmpIOp::create(
                                  bb, ll, arith::CmpIPredicate::eq, d, idx(bb, ll, words - 1));
                              return arith::SelectOp::create(bb, ll, isLast,
                                                             i64c(bb, ll, lastMask),
                                                             i64c(bb, ll, -1));
                            });
                        return {pop, arith::AddIOp::create(b, l, acc[1], kTap).getResult()};
                      };
                      Value tapIn = arith::AndIOp::create(b, l, rowIn, inRange(b, l, x, w));
                      auto ifOp = scf::IfOp::create(
                          b, l, tapIn,
                          [&](OpBuilder &b, Location l) {
                            scf::YieldOp::create(b, l, inBoundsTap(b, l));
                          },
                          [&](OpBuilder &b, Location l) {
                            scf::YieldOp::create(b, l, paddedTap(b, l));
                          });
                      return SmallVector<Value>(ifOp.getResults());
                    });
              });
          return {acc[0], acc[1]};
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct BinaryMatmulToLinalg : public OpConversionPattern<BinaryMatmulOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult matchAndRewrite(BinaryMatmulOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto inType = cast<RankedTensorType>(adaptor.getInput().getType());
    auto outType = cast<RankedTensorType>(op.getType());
    auto wType = cast<RankedTensorType>(adaptor.getWeightBits().getType());
    if (!inType.hasStaticShape() || !outType.hasStaticShape() || !wType.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "dynamic shapes are not supported");
    int64_t k = inType.getDimSize(1), words = wType.getDimSize(1);
    Value packed = packActivationSigns(rewriter, loc, adaptor.getInput(), 1, k);
    Value weights = maskWeightTail(rewriter, loc, adaptor.getWeightBits(), k);
    Value result = buildBinaryOutput(
        rewriter, loc, outType, adaptor.getAlpha(), adaptor.getBias(),
        [&](OpBuilder &b, Location l, ArrayRef<Value> ivs) -> std::pair<Value, Value> {
          Value m = ivs[0], nn = ivs[1];
          Value pop = popcountWords(b, l, words, i64c(b, l, 0), weights, {nn},
                                    [&](OpBuilder &bb, Location ll, Value d) -> Value {
                                      return tensor::ExtractOp::create(bb, ll, packed,
                                                                       ValueRange{m, d});
                                    });
          return {pop, i64c(b, l, k)};
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void mlir::compress::populateBinaryToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<BinaryConv2DToLinalg, BinaryMatmulToLinalg>(patterns.getContext());
}

void mlir::compress::configureBinaryToLinalgTarget(ConversionTarget &target) {
  target.addIllegalOp<BinaryConv2DOp, BinaryMatmulOp>();
}
