//===- BinaryPackedToLinalg.cpp - packed-activation ops to loops ----------===//
//
// binary_pack, binary_conv2d_threshold, binary_conv2d_packed and binary_max_pool2d
// become one linalg.generic each (parallel over the result's elements) with scf.for
// loops inside, the structure of the scalar binary_conv2d path (BinaryToLinalg.cpp):
//  * binary_pack: one word per (pixel, word): 64 lanes of the input read as one
//    vector, x < 0 as a 64-bit mask (bit 1 = −1, sign(0) = +1, tail lanes read 0.0);
//  * the convs: per output channel an integer reduction over taps (kh, kw) and the D
//    words of a tap of popcount(a XOR w) (math.ctpop), padded taps resolved as for
//    binary_conv2d (pad_value zero: the tap adds nothing and K_eff is per pixel);
//    the packed input is read directly, there is no float input to pack;
//  * binary_conv2d_threshold: per output word, the 64 channels of the word (fewer in
//    the last word: tail bits stay 0) each compared with its [lo, hi] interval, the
//    −1 bits ORed into the word;
//  * binary_conv2d_packed: α·(K_eff − 2·popcount) + bias in f32, the ops of
//    binary_conv2d's epilogue in the same order (bit-identical results);
//  * binary_max_pool2d: the AND of the window's in-bounds words (all ones to start);
//  * binary_matmul_threshold / binary_matmul_packed: the register-blocked matmul kernel
//    (BinaryKernels.h) over packed rows, with the threshold or the f32 epilogue; a scalar
//    loop over the words for computed weights (group tails masked);
//  * a `nonzero` plane (ONNX-sign first layers) masks every XOR and K_eff counts its bits.
//
//===----------------------------------------------------------------------===//
#include "compress/Conversion/CompressToLinalg/CompressToLinalg.h"
#include "compress/Dialect/Compress/IR/CompressOps.h"
#include "compress/Dialect/Compress/IR/CompressUtils.h"
#include "compress/Algorithms/BitPacking.h"
#include "BinaryKernels.h"
#include "LoweringUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Transforms/DialectConversion.h"

#include <limits>

using namespace mlir;
using namespace mlir::compress;

namespace {

Value i64Const(OpBuilder &b, Location loc, int64_t v) {
  return arith::ConstantIntOp::create(b, loc, b.getI64Type(), v);
}

/// 0 ≤ v < size, for a signed index v.
Value inBounds(OpBuilder &b, Location l, Value v, int64_t size) {
  Value ge = arith::CmpIOp::create(b, l, arith::CmpIPredicate::sge, v, indexConst(b, l, 0));
  Value lt = arith::CmpIOp::create(b, l, arith::CmpIPredicate::slt, v, indexConst(b, l, size));
  return arith::AndIOp::create(b, l, ge, lt);
}

/// One packed output word of a threshold op: for the `count` (≤ 64) output channels
/// oc = f0 + bit, bit 1 (−1) where the accumulator dot(oc) lies outside the interval
/// [thresholds[oc][0], thresholds[oc][1]] of the +1 outputs, bit 0 inside.
Value buildThresholdWord(OpBuilder &b, Location l, Value thresholds, Value f0, Value count,
                         function_ref<Value(OpBuilder &, Location, Value)> dot) {
  return buildLoop(
      b, l, indexConst(b, l, 0), count, ValueRange{i64Const(b, l, 0)},
      [&](OpBuilder &b, Location l, Value bit, ValueRange word) -> SmallVector<Value> {
        Value oc = arith::AddIOp::create(b, l, f0, bit);
        Value y = dot(b, l, oc);
        Value lo =
            tensor::ExtractOp::create(b, l, thresholds, ValueRange{oc, indexConst(b, l, 0)});
        Value hi =
            tensor::ExtractOp::create(b, l, thresholds, ValueRange{oc, indexConst(b, l, 1)});
        Value plus = arith::AndIOp::create(
            b, l, arith::CmpIOp::create(b, l, arith::CmpIPredicate::sle, lo, y),
            arith::CmpIOp::create(b, l, arith::CmpIPredicate::sle, y, hi));
        // −1 (bit 1) outside the interval.
        Value minus =
            arith::XOrIOp::create(b, l, plus, arith::ConstantIntOp::create(b, l, b.getI1Type(), 1));
        Value placed = arith::ShLIOp::create(
            b, l, arith::ExtUIOp::create(b, l, b.getI64Type(), minus),
            arith::IndexCastUIOp::create(b, l, b.getI64Type(), bit));
        return {arith::OrIOp::create(b, l, word[0], placed).getResult()};
      })[0];
}

bool hasStaticShapes(Operation *op) {
  auto isStatic = [](Type t) { return cast<RankedTensorType>(t).hasStaticShape(); };
  return llvm::all_of(op->getOperandTypes(), isStatic) &&
         llvm::all_of(op->getResultTypes(), isStatic);
}

/// The conv of a packed input: geometry plus how to reduce one output element.
struct PackedConv {
  Value input, weights;
  int64_t h, w, channels, words, kh, kw;
  ArrayRef<int64_t> pad, stride, dilation;
  PadValue padValue;
  /// Computed weights may hold anything past `channels`: mask their last word.
  bool maskTail;
  /// The nonzero plane (input_sign = onnx first layers), or null.
  Value nonzero = nullptr;

  /// {popcount, K_eff} (i64) of output element (n, oh, ow, f).
  std::pair<Value, Value> reduce(OpBuilder &b, Location l, Value n, Value oh, Value ow,
                                 Value f) const {
    bool padded = llvm::any_of(pad, [](int64_t p) { return p != 0; });
    Value y0, x0;
    std::tie(y0, x0) = windowOrigin(b, l, oh, ow, stride, pad);
    uint64_t tail = lastWordMask(channels);
    // acc + Σ_d popcount(a(d) XOR w[f, i, j, d]).
    function_ref<Value(OpBuilder &, Location, Value)> nzAt = nullptr;
    auto words_ = [&](OpBuilder &b, Location l, Value acc, Value i, Value j,
                      function_ref<Value(OpBuilder &, Location, Value)> a) -> Value {
      return buildLoop(
          b, l, indexConst(b, l, 0), indexConst(b, l, words), ValueRange{acc},
          [&](OpBuilder &bb, Location ll, Value d, ValueRange it) -> SmallVector<Value> {
            Value wv = tensor::ExtractOp::create(bb, ll, weights, ValueRange{f, i, j, d});
            Value x = arith::XOrIOp::create(bb, ll, a(bb, ll, d), wv);
            if (nzAt)
              x = arith::AndIOp::create(bb, ll, x, nzAt(bb, ll, d));
            if (maskTail) {
              Value last = arith::CmpIOp::create(bb, ll, arith::CmpIPredicate::eq, d,
                                                 indexConst(bb, ll, words - 1));
              Value mask = arith::SelectOp::create(bb, ll, last, i64Const(bb, ll, int64_t(tail)),
                                                   i64Const(bb, ll, -1));
              x = arith::AndIOp::create(bb, ll, x, mask);
            }
            Value p = math::CtPopOp::create(bb, ll, x);
            return {arith::AddIOp::create(bb, ll, it[0], p).getResult()};
          })[0];
    };
    SmallVector<Value> init = {i64Const(b, l, 0), i64Const(b, l, 0)};
    SmallVector<Value> acc = buildLoop(
        b, l, indexConst(b, l, 0), indexConst(b, l, kh), init,
        [&](OpBuilder &b, Location l, Value i, ValueRange acc) {
          Value y = arith::AddIOp::create(
              b, l, y0, arith::MulIOp::create(b, l, i, indexConst(b, l, dilation[0])));
          Value rowIn = padded ? inBounds(b, l, y, h) : Value();
          return buildLoop(
              b, l, indexConst(b, l, 0), indexConst(b, l, kw), acc,
              [&](OpBuilder &b, Location l, Value j, ValueRange acc) -> SmallVector<Value> {
                Value x = arith::AddIOp::create(
                    b, l, x0, arith::MulIOp::create(b, l, j, indexConst(b, l, dilation[1])));
                Value kTap = i64Const(b, l, channels);
                auto read = [&](OpBuilder &b, Location l) -> SmallVector<Value> {
                  auto nzWord = [&](OpBuilder &bb, Location ll, Value d) -> Value {
                    return tensor::ExtractOp::create(bb, ll, nonzero, ValueRange{n, y, x, d});
                  };
                  if (nonzero) {
                    nzAt = nzWord;
                    // K_eff of the tap: its nonzero channels.
                    kTap = buildLoop(b, l, indexConst(b, l, 0), indexConst(b, l, words),
                                     ValueRange{i64Const(b, l, 0)},
                                     [&](OpBuilder &bb, Location ll, Value d,
                                         ValueRange it) -> SmallVector<Value> {
                                       Value p = math::CtPopOp::create(bb, ll, nzWord(bb, ll, d));
                                       return {arith::AddIOp::create(bb, ll, it[0], p).getResult()};
                                     })[0];
                  }
                  Value pop = words_(b, l, acc[0], i, j,
                                     [&](OpBuilder &bb, Location ll, Value d) -> Value {
                                       return tensor::ExtractOp::create(bb, ll, input,
                                                                        ValueRange{n, y, x, d});
                                     });
                  nzAt = nullptr;
                  return {pop, arith::AddIOp::create(b, l, acc[1], kTap).getResult()};
                };
                if (!padded)
                  return read(b, l);
                // A padded tap: nothing (zero), or the all-(+1) word 0 (one) or the
                // all-(−1) word of the real channels (minus_one).
                auto pad = [&](OpBuilder &b, Location l) -> SmallVector<Value> {
                  if (padValue == PadValue::zero)
                    return {acc[0], acc[1]};
                  Value pop = words_(b, l, acc[0], i, j,
                                     [&](OpBuilder &bb, Location ll, Value d) -> Value {
                                       if (padValue == PadValue::one)
                                         return i64Const(bb, ll, 0);
                                       Value last = arith::CmpIOp::create(
                                           bb, ll, arith::CmpIPredicate::eq, d,
                                           indexConst(bb, ll, words - 1));
                                       return arith::SelectOp::create(
                                           bb, ll, last, i64Const(bb, ll, int64_t(tail)),
                                           i64Const(bb, ll, -1));
                                     });
                  return {pop, arith::AddIOp::create(b, l, acc[1], kTap).getResult()};
                };
                Value tapIn = arith::AndIOp::create(b, l, rowIn, inBounds(b, l, x, w));
                auto ifOp = scf::IfOp::create(
                    b, l, tapIn,
                    [&](OpBuilder &b, Location l) { scf::YieldOp::create(b, l, read(b, l)); },
                    [&](OpBuilder &b, Location l) { scf::YieldOp::create(b, l, pad(b, l)); });
                return SmallVector<Value>(ifOp.getResults());
              });
        });
    return {acc[0], acc[1]};
  }

  /// y = K_eff − 2·popcount (i64) of output element (n, oh, ow, f).
  Value dot(OpBuilder &b, Location l, Value n, Value oh, Value ow, Value f) const {
    auto [pop, k] = reduce(b, l, n, oh, ow, f);
    return arith::SubIOp::create(b, l, k, arith::ShLIOp::create(b, l, pop, i64Const(b, l, 1)));
  }
};

/// The geometry of a packed-input conv for the register-blocked kernel: C of the
/// geometry is the real channel count (input_channels), groups 1.
template <typename OpTy>
StaticConvGeometry geometryOf(OpTy op, Value input, Value weights) {
  auto in = cast<RankedTensorType>(input.getType());
  auto wt = cast<RankedTensorType>(weights.getType());
  auto out = cast<RankedTensorType>(op.getType());
  int64_t c = op.getInputChannels(), f = wt.getDimSize(0);
  return StaticConvGeometry{in.getDimSize(0), in.getDimSize(1), in.getDimSize(2), c,
                            out.getDimSize(1), out.getDimSize(2), f,
                            wt.getDimSize(1), wt.getDimSize(2), 1, c, f,
                            op.getPad(), op.getStrides(), op.getDilations()};
}

template <typename OpTy>
PackedConv packedConvOf(OpTy op, Value input, Value weights) {
  auto in = cast<RankedTensorType>(input.getType());
  auto wt = cast<RankedTensorType>(weights.getType());
  int64_t c = op.getInputChannels();
  return PackedConv{input,          weights,           in.getDimSize(1), in.getDimSize(2), c,
                    wt.getDimSize(3), wt.getDimSize(1), wt.getDimSize(2), op.getPad(),
                    op.getStrides(), op.getDilations(), op.getPadValue(),
                    c % 64 != 0 && failed(getConstantPackedWords(weights))};
}

/// The lo and hi columns of constant thresholds [f, 2] as two i64 tensors of f.
std::pair<Value, Value> boundConstants(OpBuilder &b, Location loc, ArrayRef<int64_t> bounds,
                                       int64_t f) {
  SmallVector<int64_t> lo, hi;
  for (int64_t c = 0; c < f; ++c) {
    lo.push_back(bounds[size_t(2 * c)]);
    hi.push_back(bounds[size_t(2 * c + 1)]);
  }
  auto boundType = RankedTensorType::get({f}, b.getI64Type());
  return {arith::ConstantOp::create(b, loc, DenseElementsAttr::get(boundType, ArrayRef(lo))),
          arith::ConstantOp::create(b, loc, DenseElementsAttr::get(boundType, ArrayRef(hi)))};
}

/// The threshold epilogue of the register-blocked kernels: per block of kBinaryLanes
/// channels, y = K_eff − 2·popcount as a vector, compared with the lo / hi vectors
/// (lanes past F read lo = INT64_MIN, hi = INT64_MAX: +1, bit 0), the kBinaryLanes −1
/// bits (a vector<8xi1> as one byte) ORed into their word out[prefix..., f0 / 64] of
/// the zero-initialised result.
Value writeThresholdBits(OpBuilder &b, Location l, ArrayRef<Value> accs, Value kEff, Value loT,
                         Value hiT, Value out, ArrayRef<Value> prefix, Value block0) {
  auto vecType = VectorType::get({kBinaryLanes}, b.getI64Type());
  Value kv = vector::BroadcastOp::create(b, l, vecType, kEff);
  Value one = vector::BroadcastOp::create(b, l, vecType, i64Const(b, l, 1));
  Value trues = vector::BroadcastOp::create(
      b, l, VectorType::get({kBinaryLanes}, b.getI1Type()),
      arith::ConstantIntOp::create(b, l, b.getI1Type(), 1));
  for (auto [qq, acc] : llvm::enumerate(accs)) {
    Value block = arith::AddIOp::create(b, l, block0, indexConst(b, l, int64_t(qq)));
    Value f0 = arith::MulIOp::create(b, l, block, indexConst(b, l, kBinaryLanes));
    Value y = arith::SubIOp::create(b, l, kv, arith::ShLIOp::create(b, l, acc, one));
    Value lov = vector::TransferReadOp::create(
        b, l, vecType, loT, ValueRange{f0},
        i64Const(b, l, std::numeric_limits<int64_t>::min()), ArrayRef<bool>{false});
    Value hiv = vector::TransferReadOp::create(
        b, l, vecType, hiT, ValueRange{f0},
        i64Const(b, l, std::numeric_limits<int64_t>::max()), ArrayRef<bool>{false});
    Value plus = arith::AndIOp::create(
        b, l, arith::CmpIOp::create(b, l, arith::CmpIPredicate::sle, lov, y),
        arith::CmpIOp::create(b, l, arith::CmpIPredicate::sle, y, hiv));
    Value minus = arith::XOrIOp::create(b, l, plus, trues);
    Value byteVec = vector::BitCastOp::create(
        b, l, VectorType::get({1}, b.getIntegerType(kBinaryLanes)), minus);
    Value byte = vector::ExtractOp::create(b, l, byteVec, ArrayRef<int64_t>{0});
    // Channel f0 is bit f0 mod 64 of word f0 / 64.
    Value shift = arith::IndexCastUIOp::create(
        b, l, b.getI64Type(), arith::RemUIOp::create(b, l, f0, indexConst(b, l, 64)));
    Value bits = arith::ShLIOp::create(b, l, arith::ExtUIOp::create(b, l, b.getI64Type(), byte),
                                       shift);
    SmallVector<Value> at(prefix.begin(), prefix.end());
    at.push_back(arith::DivUIOp::create(b, l, f0, indexConst(b, l, 64)));
    Value old = tensor::ExtractOp::create(b, l, out, at);
    out = tensor::InsertOp::create(b, l, arith::OrIOp::create(b, l, old, bits), out, at);
  }
  return out;
}

struct BinaryPackToLinalg : public OpConversionPattern<BinaryPackOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(BinaryPackOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    if (!hasStaticShapes(op))
      return rewriter.notifyMatchFailure(op, "dynamic shapes");
    Value input = adaptor.getInput();
    auto outType = cast<RankedTensorType>(op.getType());
    Value result = buildElementwise(
        rewriter, op.getLoc(), outType.getShape(), rewriter.getI64Type(), ValueRange{},
        [&](OpBuilder &nb, Location l, ArrayRef<Value> ivs, ValueRange) -> Value {
          // Channels 64·d + [0, 64) as one vector (lanes past C read 0.0: tail bits 0),
          // x < 0 as a 64-bit mask (lane b -> bit b).
          SmallVector<Value> at(ivs.begin(), ivs.end());
          at.back() = arith::MulIOp::create(nb, l, ivs.back(), indexConst(nb, l, 64));
          Value zero = arith::ConstantOp::create(nb, l, nb.getF32FloatAttr(0.0f));
          auto laneType = VectorType::get({64}, nb.getF32Type());
          Value lanes = vector::TransferReadOp::create(nb, l, laneType, input, at, zero,
                                                       ArrayRef<bool>{false});
          Value zeros = vector::BroadcastOp::create(nb, l, laneType, zero);
          // x < 0 (sign bits) or, with `nonzero`, x != 0 ordered (NaN gives 0).
          Value neg = arith::CmpFOp::create(
              nb, l, op.getNonzero() ? arith::CmpFPredicate::ONE : arith::CmpFPredicate::OLT,
              lanes, zeros);
          Value word =
              vector::BitCastOp::create(nb, l, VectorType::get({1}, nb.getI64Type()), neg);
          return vector::ExtractOp::create(nb, l, word, ArrayRef<int64_t>{0});
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct BinaryConv2DThresholdToLinalg : public OpConversionPattern<BinaryConv2DThresholdOp> {
  BinaryConv2DThresholdToLinalg(MLIRContext *ctx, unsigned vectorBits)
      : OpConversionPattern(ctx), vectorBits(vectorBits) {}

  LogicalResult matchAndRewrite(BinaryConv2DThresholdOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    if (!hasStaticShapes(op))
      return rewriter.notifyMatchFailure(op, "dynamic shapes");
    FailureOr<SmallVector<uint64_t>> words = getConstantPackedWords(adaptor.getWeightBits());
    FailureOr<SmallVector<int64_t>> bounds = getConstantIntValues(adaptor.getThresholds());
    if (succeeded(words) && succeeded(bounds)) {
      rewriter.replaceOp(op, buildLanes(rewriter, op, adaptor, *words, *bounds));
      return success();
    }
    PackedConv conv = packedConvOf(op, adaptor.getInput(), adaptor.getWeightBits());
    conv.nonzero = adaptor.getNonzero();
    Value thresholds = adaptor.getThresholds();
    int64_t f = cast<RankedTensorType>(adaptor.getWeightBits().getType()).getDimSize(0);
    auto outType = cast<RankedTensorType>(op.getType());
    Value result = buildElementwise(
        rewriter, op.getLoc(), outType.getShape(), rewriter.getI64Type(), ValueRange{},
        [&](OpBuilder &b, Location l, ArrayRef<Value> ivs, ValueRange) -> Value {
          Value f0 = arith::MulIOp::create(b, l, ivs[3], indexConst(b, l, 64));
          Value count = arith::MinUIOp::create(
              b, l, arith::SubIOp::create(b, l, indexConst(b, l, f), f0), indexConst(b, l, 64));
          return buildThresholdWord(b, l, thresholds, f0, count,
                                    [&](OpBuilder &b, Location l, Value oc) {
                                      return conv.dot(b, l, ivs[0], ivs[1], ivs[2], oc);
                                    });
        });
    rewriter.replaceOp(op, result);
    return success();
  }

  /// The register-blocked kernel (constant weights and thresholds): per pixel and
  /// block of kBinaryLanes channels, y = K_eff − 2·popcount as a vector, compared with
  /// the lo / hi vectors (lanes past F read lo = INT64_MIN, hi = INT64_MAX: +1, bit
  /// 0), the kBinaryLanes −1 bits (a vector<8xi1> as one byte) ORed into their word
  /// of the zero-initialised result.
  Value buildLanes(ConversionPatternRewriter &rewriter, BinaryConv2DThresholdOp op,
                   OpAdaptor adaptor, ArrayRef<uint64_t> words,
                   ArrayRef<int64_t> bounds) const {
    Location loc = op.getLoc();
    StaticConvGeometry g = geometryOf(op, adaptor.getInput(), adaptor.getWeightBits());
    auto resultType = cast<RankedTensorType>(op.getType());
    Value loT, hiT;
    std::tie(loT, hiT) = boundConstants(rewriter, loc, bounds, g.f);
    Value empty = tensor::EmptyOp::create(rewriter, loc, resultType.getShape(),
                                          rewriter.getI64Type());
    Value init = linalg::FillOp::create(rewriter, loc, ValueRange{i64Const(rewriter, loc, 0)},
                                        ValueRange{empty})
                     .getResult(0);
    int64_t d = cast<RankedTensorType>(adaptor.getWeightBits().getType()).getDimSize(3);
    return buildBinaryLanesConv(
        rewriter, loc, g, adaptor.getInput(), words, d, op.getPadValue(), resultType, init,
        vectorBits,
        [&](OpBuilder &b, Location l, ArrayRef<Value> accs, Value kEff, Value row, Value ow,
            Value block0) -> Value {
          Value zero = indexConst(b, l, 0);
          return writeThresholdBits(b, l, accs, kEff, loT, hiT, row, {zero, zero, ow}, block0);
        },
        adaptor.getNonzero());
  }

  unsigned vectorBits;
};

struct BinaryConv2DPackedToLinalg : public OpConversionPattern<BinaryConv2DPackedOp> {
  BinaryConv2DPackedToLinalg(MLIRContext *ctx, unsigned vectorBits)
      : OpConversionPattern(ctx), vectorBits(vectorBits) {}

  LogicalResult matchAndRewrite(BinaryConv2DPackedOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    if (!hasStaticShapes(op))
      return rewriter.notifyMatchFailure(op, "dynamic shapes");
    if (FailureOr<SmallVector<uint64_t>> words = getConstantPackedWords(adaptor.getWeightBits());
        succeeded(words)) {
      // The register-blocked kernel with binary_conv2d's own epilogue.
      auto resultType = cast<RankedTensorType>(op.getType());
      Value init = tensor::EmptyOp::create(rewriter, op.getLoc(), resultType.getShape(),
                                           rewriter.getF32Type());
      int64_t d = cast<RankedTensorType>(adaptor.getWeightBits().getType()).getDimSize(3);
      Value alpha = adaptor.getAlpha(), bias = adaptor.getBias();
      rewriter.replaceOp(
          op, buildBinaryLanesConv(
                  rewriter, op.getLoc(), geometryOf(op, adaptor.getInput(), adaptor.getWeightBits()),
                  adaptor.getInput(), *words, d, op.getPadValue(), resultType, init, vectorBits,
                  [&](OpBuilder &b, Location l, ArrayRef<Value> accs, Value kEff, Value row,
                      Value ow, Value block0) {
                    return writeBinaryLanesF32(b, l, accs, kEff, alpha, bias, row, ow, block0);
                  }));
      return success();
    }
    PackedConv conv = packedConvOf(op, adaptor.getInput(), adaptor.getWeightBits());
    auto outType = cast<RankedTensorType>(op.getType());
    Value result = buildElementwise(
        rewriter, op.getLoc(), outType.getShape(), rewriter.getF32Type(),
        ValueRange{adaptor.getAlpha(), adaptor.getBias()},
        [&](OpBuilder &b, Location l, ArrayRef<Value> ivs, ValueRange args) -> Value {
          Value dot = conv.dot(b, l, ivs[0], ivs[1], ivs[2], ivs[3]);
          Value y = arith::SIToFPOp::create(b, l, b.getF32Type(), dot);
          Value scaled = arith::MulFOp::create(b, l, args[0], y);
          return arith::AddFOp::create(b, l, scaled, args[1]);
        });
    rewriter.replaceOp(op, result);
    return success();
  }

  unsigned vectorBits;
};

/// The matmul forms on packed rows (input M x D, weights N x D in the grouped layout:
/// groups of `channels` features in ceil(channels / 64) words).
struct PackedMatmul {
  Value input, weights, nonzero;
  int64_t words, channels;
  /// Computed weights may hold anything past `channels` in a group's last word.
  bool maskTail;

  /// y = K_eff − 2·popcount (i64) of row m, channel n (scalar loop over the words).
  Value dot(OpBuilder &b, Location l, Value m, Value n) const {
    int64_t dc = binaryWordCount(channels);
    uint64_t tail = lastWordMask(channels);
    SmallVector<Value> init = {i64Const(b, l, 0), i64Const(b, l, 0)};
    SmallVector<Value> acc = buildLoop(
        b, l, indexConst(b, l, 0), indexConst(b, l, words), init,
        [&](OpBuilder &bb, Location ll, Value d, ValueRange it) -> SmallVector<Value> {
          Value wv = tensor::ExtractOp::create(bb, ll, weights, ValueRange{n, d});
          Value av = tensor::ExtractOp::create(bb, ll, input, ValueRange{m, d});
          Value x = arith::XOrIOp::create(bb, ll, av, wv);
          Value k = it[1];
          if (nonzero) {
            Value nz = tensor::ExtractOp::create(bb, ll, nonzero, ValueRange{m, d});
            x = arith::AndIOp::create(bb, ll, x, nz);
            k = arith::AddIOp::create(bb, ll, k, math::CtPopOp::create(bb, ll, nz));
          }
          if (maskTail) {
            Value last = arith::CmpIOp::create(
                bb, ll, arith::CmpIPredicate::eq,
                arith::RemUIOp::create(bb, ll, d, indexConst(bb, ll, dc)),
                indexConst(bb, ll, dc - 1));
            x = arith::AndIOp::create(
                bb, ll, x,
                arith::SelectOp::create(bb, ll, last, i64Const(bb, ll, int64_t(tail)),
                                        i64Const(bb, ll, -1)));
          }
          Value p = math::CtPopOp::create(bb, ll, x);
          return {arith::AddIOp::create(bb, ll, it[0], p).getResult(), k};
        });
    Value k = nonzero ? acc[1] : i64Const(b, l, (words / dc) * channels);
    return arith::SubIOp::create(b, l, k, arith::ShLIOp::create(b, l, acc[0], i64Const(b, l, 1)));
  }
};

template <typename OpTy>
PackedMatmul packedMatmulOf(OpTy op, Value input, Value weights, Value nonzero) {
  int64_t c = op.getInputChannels();
  return PackedMatmul{input, weights, nonzero,
                      cast<RankedTensorType>(input.getType()).getDimSize(1), c,
                      c % 64 != 0 && failed(getConstantPackedWords(weights))};
}

struct BinaryMatmulThresholdToLinalg : public OpConversionPattern<BinaryMatmulThresholdOp> {
  BinaryMatmulThresholdToLinalg(MLIRContext *ctx, unsigned vectorBits)
      : OpConversionPattern(ctx), vectorBits(vectorBits) {}

  LogicalResult matchAndRewrite(BinaryMatmulThresholdOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    if (!hasStaticShapes(op))
      return rewriter.notifyMatchFailure(op, "dynamic shapes");
    Location loc = op.getLoc();
    auto outType = cast<RankedTensorType>(op.getType());
    auto wType = cast<RankedTensorType>(adaptor.getWeightBits().getType());
    int64_t n = wType.getDimSize(0), d = wType.getDimSize(1);
    FailureOr<SmallVector<uint64_t>> words = getConstantPackedWords(adaptor.getWeightBits());
    FailureOr<SmallVector<int64_t>> bounds = getConstantIntValues(adaptor.getThresholds());
    if (succeeded(words) && succeeded(bounds)) {
      Value loT, hiT;
      std::tie(loT, hiT) = boundConstants(rewriter, loc, *bounds, n);
      Value empty = tensor::EmptyOp::create(rewriter, loc, outType.getShape(),
                                            rewriter.getI64Type());
      Value init = linalg::FillOp::create(rewriter, loc, ValueRange{i64Const(rewriter, loc, 0)},
                                          ValueRange{empty})
                       .getResult(0);
      int64_t k = (d / binaryWordCount(op.getInputChannels())) * op.getInputChannels();
      rewriter.replaceOp(
          op, buildBinaryLanesMatmul(
                  rewriter, loc, adaptor.getInput(), adaptor.getNonzero(), *words, n, d, k, init,
                  vectorBits,
                  [&](OpBuilder &b, Location l, ArrayRef<Value> accs, Value kEff, Value out,
                      Value row, Value block0) {
                    return writeThresholdBits(b, l, accs, kEff, loT, hiT, out, {row}, block0);
                  }));
      return success();
    }
    PackedMatmul mm = packedMatmulOf(op, adaptor.getInput(), adaptor.getWeightBits(),
                                     adaptor.getNonzero());
    Value thresholds = adaptor.getThresholds();
    Value result = buildElementwise(
        rewriter, loc, outType.getShape(), rewriter.getI64Type(), ValueRange{},
        [&](OpBuilder &b, Location l, ArrayRef<Value> ivs, ValueRange) -> Value {
          Value f0 = arith::MulIOp::create(b, l, ivs[1], indexConst(b, l, 64));
          Value count = arith::MinUIOp::create(
              b, l, arith::SubIOp::create(b, l, indexConst(b, l, n), f0), indexConst(b, l, 64));
          return buildThresholdWord(
              b, l, thresholds, f0, count,
              [&](OpBuilder &b, Location l, Value oc) { return mm.dot(b, l, ivs[0], oc); });
        });
    rewriter.replaceOp(op, result);
    return success();
  }

  unsigned vectorBits;
};

struct BinaryMatmulPackedToLinalg : public OpConversionPattern<BinaryMatmulPackedOp> {
  BinaryMatmulPackedToLinalg(MLIRContext *ctx, unsigned vectorBits)
      : OpConversionPattern(ctx), vectorBits(vectorBits) {}

  LogicalResult matchAndRewrite(BinaryMatmulPackedOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    if (!hasStaticShapes(op))
      return rewriter.notifyMatchFailure(op, "dynamic shapes");
    Location loc = op.getLoc();
    auto outType = cast<RankedTensorType>(op.getType());
    auto wType = cast<RankedTensorType>(adaptor.getWeightBits().getType());
    int64_t n = wType.getDimSize(0), d = wType.getDimSize(1);
    Value alpha = adaptor.getAlpha(), bias = adaptor.getBias();
    if (FailureOr<SmallVector<uint64_t>> words = getConstantPackedWords(adaptor.getWeightBits());
        succeeded(words)) {
      Value init = tensor::EmptyOp::create(rewriter, loc, outType.getShape(),
                                           rewriter.getF32Type());
      int64_t k = (d / binaryWordCount(op.getInputChannels())) * op.getInputChannels();
      rewriter.replaceOp(
          op, buildBinaryLanesMatmul(
                  rewriter, loc, adaptor.getInput(), Value(), *words, n, d, k, init, vectorBits,
                  [&](OpBuilder &b, Location l, ArrayRef<Value> accs, Value kEff, Value out,
                      Value row, Value block0) {
                    return writeBinaryLanesF32Row(b, l, accs, kEff, alpha, bias, out, row,
                                                  block0);
                  }));
      return success();
    }
    PackedMatmul mm = packedMatmulOf(op, adaptor.getInput(), adaptor.getWeightBits(), Value());
    Value result = buildElementwise(
        rewriter, loc, outType.getShape(), rewriter.getF32Type(), ValueRange{alpha, bias},
        [&](OpBuilder &b, Location l, ArrayRef<Value> ivs, ValueRange args) -> Value {
          Value y = arith::SIToFPOp::create(b, l, b.getF32Type(), mm.dot(b, l, ivs[0], ivs[1]));
          return arith::AddFOp::create(b, l, arith::MulFOp::create(b, l, args[0], y), args[1]);
        });
    rewriter.replaceOp(op, result);
    return success();
  }

  unsigned vectorBits;
};

struct BinaryMaxPool2DToLinalg : public OpConversionPattern<BinaryMaxPool2DOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(BinaryMaxPool2DOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    if (!hasStaticShapes(op))
      return rewriter.notifyMatchFailure(op, "dynamic shapes");
    Value input = adaptor.getInput();
    auto in = cast<RankedTensorType>(input.getType());
    int64_t h = in.getDimSize(1), w = in.getDimSize(2);
    ArrayRef<int64_t> k = op.getKernel(), s = op.getStride(), p = op.getPad();
    bool padded = llvm::any_of(p, [](int64_t v) { return v != 0; });
    auto outType = cast<RankedTensorType>(op.getType());
    ArrayRef<int64_t> orWords = op.getOrWords();
    Value orMask;
    if (!orWords.empty())
      orMask = arith::ConstantOp::create(
          rewriter, op.getLoc(),
          DenseElementsAttr::get(
              RankedTensorType::get({int64_t(orWords.size())}, rewriter.getI64Type()), orWords));
    Value result = buildElementwise(
        rewriter, op.getLoc(), outType.getShape(), rewriter.getI64Type(), ValueRange{},
        [&](OpBuilder &b, Location l, ArrayRef<Value> ivs, ValueRange) -> Value {
          Value y0 = arith::SubIOp::create(
              b, l, arith::MulIOp::create(b, l, ivs[1], indexConst(b, l, s[0])),
              indexConst(b, l, p[0]));
          Value x0 = arith::SubIOp::create(
              b, l, arith::MulIOp::create(b, l, ivs[2], indexConst(b, l, s[1])),
              indexConst(b, l, p[2]));
          // acc = {AND of the window's words, OR of them (only with or_words)}.
          SmallVector<Value> init = {i64Const(b, l, -1)};
          if (orMask)
            init.push_back(i64Const(b, l, 0));
          SmallVector<Value> acc = buildLoop(
              b, l, indexConst(b, l, 0), indexConst(b, l, k[0]), init,
              [&](OpBuilder &b, Location l, Value i, ValueRange acc) -> SmallVector<Value> {
                Value y = arith::AddIOp::create(b, l, y0, i);
                return buildLoop(
                    b, l, indexConst(b, l, 0), indexConst(b, l, k[1]), acc,
                    [&](OpBuilder &b, Location l, Value j,
                        ValueRange acc) -> SmallVector<Value> {
                      Value x = arith::AddIOp::create(b, l, x0, j);
                      auto read = [&](OpBuilder &b, Location l) -> SmallVector<Value> {
                        Value word = tensor::ExtractOp::create(b, l, input,
                                                               ValueRange{ivs[0], y, x, ivs[3]});
                        SmallVector<Value> next = {
                            arith::AndIOp::create(b, l, acc[0], word).getResult()};
                        if (orMask)
                          next.push_back(arith::OrIOp::create(b, l, acc[1], word));
                        return next;
                      };
                      if (!padded)
                        return read(b, l);
                      Value tapIn = arith::AndIOp::create(b, l, inBounds(b, l, y, h),
                                                          inBounds(b, l, x, w));
                      auto ifOp = scf::IfOp::create(
                          b, l, tapIn,
                          [&](OpBuilder &b, Location l) {
                            scf::YieldOp::create(b, l, read(b, l));
                          },
                          [&](OpBuilder &b, Location l) { scf::YieldOp::create(b, l, acc); });
                      return SmallVector<Value>(ifOp.getResults());
                    });
              });
          if (!orMask)
            return acc[0];
          // (AND & ~m) | (OR & m).
          Value m = tensor::ExtractOp::create(b, l, orMask, ValueRange{ivs[3]});
          Value notM = arith::XOrIOp::create(b, l, m, i64Const(b, l, -1));
          return arith::OrIOp::create(b, l, arith::AndIOp::create(b, l, acc[0], notM),
                                      arith::AndIOp::create(b, l, acc[1], m));
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void mlir::compress::populateBinaryPackedToLinalgPatterns(RewritePatternSet &patterns,
                                                          unsigned vectorBits) {
  patterns.add<BinaryPackToLinalg, BinaryMaxPool2DToLinalg>(patterns.getContext());
  patterns.add<BinaryConv2DThresholdToLinalg, BinaryConv2DPackedToLinalg,
               BinaryMatmulThresholdToLinalg, BinaryMatmulPackedToLinalg>(patterns.getContext(),
                                                                          vectorBits);
}

void mlir::compress::configureBinaryPackedToLinalgTarget(ConversionTarget &target) {
  target.addIllegalOp<BinaryPackOp, BinaryConv2DThresholdOp, BinaryConv2DPackedOp,
                      BinaryMaxPool2DOp, BinaryMatmulThresholdOp, BinaryMatmulPackedOp>();
}
