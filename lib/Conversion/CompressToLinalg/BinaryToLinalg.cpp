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
// input_sign = onnx (ONNX Sign, sign(0) = 0): a second packed plane nz (bit 1 where
// x != 0, ordered: NaN and the channel tails give 0) masks the count, popcount((a XOR
// w) AND nz), and K_eff of a tap is the input pixel's nonzero count (precomputed once
// per pixel and group from nz, independent of the output channel) instead of cg.
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

using namespace mlir;
using namespace mlir::compress;

namespace {

Value i64c(OpBuilder &b, Location loc, int64_t v) {
  return arith::ConstantIntOp::create(b, loc, b.getI64Type(), v);
}

/// Packs a per-channel predicate of `input` (rank r, channels last, C = groups·cg)
/// into tensor<... x groups·D x i64>: word g·D + d holds channels g·cg + 64·d + [0, 64)
/// of the group, bit b = 1 when `predicate(x, 0)` holds for that channel (OLT: the sign
/// bits, x < 0; ONE: the nonzero plane, x != 0 and not NaN); bits past cg are 0 (both
/// predicates are false at the 0.0 the tails read).
Value packActivationBits(OpBuilder &b, Location loc, Value input, int64_t groups, int64_t cg,
                         arith::CmpFPredicate predicate) {
  auto inType = cast<RankedTensorType>(input.getType());
  int64_t words = binaryWordCount(cg);
  SmallVector<int64_t> shape(inType.getShape());
  shape.back() = groups * words;
  return buildElementwise(
      b, loc, shape, b.getI64Type(), ValueRange{},
      [&](OpBuilder &nb, Location l, ArrayRef<Value> ivs, ValueRange) -> Value {
        Value gd = ivs.back();
        if (groups == 1) {
          // One word = one 64-lane compare: channels 64·d + [0, 64) read as a vector
          // (lanes past C read 0.0, not negative: tail bits 0), x < 0 as a 64-bit mask
          // (lane b -> bit b, LLVM's little-endian <64 x i1> to i64 bitcast).
          SmallVector<Value> at(ivs.begin(), ivs.end());
          at.back() = arith::MulIOp::create(nb, l, gd, indexConst(nb, l, 64));
          Value zero = arith::ConstantOp::create(nb, l, nb.getF32FloatAttr(0.0f));
          auto laneType = VectorType::get({64}, nb.getF32Type());
          Value lanes = vector::TransferReadOp::create(nb, l, laneType, input, at, zero,
                                                       ArrayRef<bool>{false});
          Value zeros = vector::BroadcastOp::create(nb, l, laneType, zero);
          Value neg = arith::CmpFOp::create(nb, l, predicate, lanes, zeros);
          Value word = vector::BitCastOp::create(nb, l, VectorType::get({1}, nb.getI64Type()), neg);
          return vector::ExtractOp::create(nb, l, word, ArrayRef<int64_t>{0});
        }
        Value g = arith::DivUIOp::create(nb, l, gd, indexConst(nb, l, words));
        Value d = arith::RemUIOp::create(nb, l, gd, indexConst(nb, l, words));
        // First channel of the word and how many real channels it holds.
        Value first64 = arith::MulIOp::create(nb, l, d, indexConst(nb, l, 64));
        Value c0 = arith::AddIOp::create(
            nb, l, arith::MulIOp::create(nb, l, g, indexConst(nb, l, cg)), first64);
        Value count = arith::MinUIOp::create(
            nb, l, arith::SubIOp::create(nb, l, indexConst(nb, l, cg), first64),
            indexConst(nb, l, 64));
        Value zeroF = arith::ConstantOp::create(nb, l, nb.getF32FloatAttr(0.0f));
        return buildLoop(
            nb, l, indexConst(nb, l, 0), count, ValueRange{i64c(nb, l, 0)},
            [&](OpBuilder &bb, Location ll, Value bit, ValueRange acc) -> SmallVector<Value> {
              SmallVector<Value> at(ivs.begin(), ivs.end());
              at.back() = arith::AddIOp::create(bb, ll, c0, bit);
              Value x = tensor::ExtractOp::create(bb, ll, input, at);
              // x < 0 is false for 0 and NaN: sign(0) = +1.
              Value neg = arith::CmpFOp::create(bb, ll, predicate, x, zeroF);
              Value one = arith::ExtUIOp::create(bb, ll, bb.getI64Type(), neg);
              Value shift = arith::IndexCastUIOp::create(bb, ll, bb.getI64Type(), bit);
              Value placed = arith::ShLIOp::create(bb, ll, one, shift);
              return {arith::OrIOp::create(bb, ll, acc[0], placed).getResult()};
            })[0];
      });
}

/// The sign bits of `input` (bit 1 = x < 0), see packActivationBits.
Value packActivationSigns(OpBuilder &b, Location loc, Value input, int64_t groups, int64_t cg) {
  return packActivationBits(b, loc, input, groups, cg, arith::CmpFPredicate::OLT);
}

/// The nonzero plane of an input under input_sign = onnx: packed words of x != 0
/// ([..., groups·D] i64, see packActivationBits) and their per-pixel, per-group counts
/// ([..., groups] i64: the K_eff one in-bounds tap contributes). Null values for ge0.
struct NonzeroPlane {
  Value words, counts;
  explicit operator bool() const { return bool(words); }
};

/// The per-pixel, per-group nonzero counts of packed nonzero words ([..., groups·d]).
NonzeroPlane countNonzeroPlane(OpBuilder &b, Location loc, Value words, int64_t groups, int64_t d) {
  SmallVector<int64_t> shape(cast<RankedTensorType>(words.getType()).getShape());
  shape.back() = groups;
  Value counts = buildElementwise(
      b, loc, shape, b.getI64Type(), ValueRange{},
      [&](OpBuilder &nb, Location l, ArrayRef<Value> ivs, ValueRange) -> Value {
        Value base = arith::MulIOp::create(nb, l, ivs.back(), indexConst(nb, l, d));
        return buildLoop(nb, l, indexConst(nb, l, 0), indexConst(nb, l, d),
                         ValueRange{i64c(nb, l, 0)},
                         [&](OpBuilder &bb, Location ll, Value w,
                             ValueRange acc) -> SmallVector<Value> {
                           SmallVector<Value> at(ivs.begin(), ivs.end());
                           at.back() = arith::AddIOp::create(bb, ll, base, w);
                           Value word = tensor::ExtractOp::create(bb, ll, words, at);
                           Value p = math::CtPopOp::create(bb, ll, word);
                           return {arith::AddIOp::create(bb, ll, acc[0], p).getResult()};
                         })[0];
      });
  return {words, counts};
}

NonzeroPlane buildNonzeroPlane(OpBuilder &b, Location loc, Value input, int64_t groups,
                               int64_t cg, InputSign sign) {
  if (sign != InputSign::onnx)
    return {};
  Value words = packActivationBits(b, loc, input, groups, cg, arith::CmpFPredicate::ONE);
  return countNonzeroPlane(b, loc, words, groups, binaryWordCount(cg));
}

/// A linalg.generic over every element of `resultType` (parallel loops) with α and
/// bias indexed by the last dimension. `reduce(ivs)` returns {popcount, K_eff} (i64)
/// of the element; the element is α·(K_eff − 2·popcount) + bias.
Value buildBinaryOutput(
    OpBuilder &rewriter, Location loc, RankedTensorType resultType, Value alpha, Value bias,
    function_ref<std::pair<Value, Value>(OpBuilder &, Location, ArrayRef<Value>)> reduce) {
  return buildElementwise(
      rewriter, loc, resultType.getShape(), resultType.getElementType(), ValueRange{alpha, bias},
      [&](OpBuilder &b, Location l, ArrayRef<Value> ivs, ValueRange args) -> Value {
        auto [pop, k] = reduce(b, l, ivs);
        Value twice = arith::ShLIOp::create(b, l, pop, i64c(b, l, 1));
        Value dot = arith::SubIOp::create(b, l, k, twice);
        Value y = arith::SIToFPOp::create(b, l, b.getF32Type(), dot);
        Value scaled = arith::MulFOp::create(b, l, args[0], y);
        return arith::AddFOp::create(b, l, scaled, args[1]);
      });
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
            arith::CmpIOp::create(nb, l, arith::CmpIPredicate::eq, d, indexConst(nb, l, words - 1));
        Value masked = arith::AndIOp::create(nb, l, args[0], i64c(nb, l, mask));
        linalg::YieldOp::create(
            nb, l, arith::SelectOp::create(nb, l, isLast, masked, args[0]).getResult());
      });
  return generic.getResult(0);
}

/// A word of an activation plane at a word index (the caller knows the pixel).
using WordFn = function_ref<Value(OpBuilder &, Location, Value)>;

/// pop + Σ_d popcount(a(d) XOR w[wIdx..., d]) for d in [0, words); with `nz`, the XOR
/// is masked by nz(d) (input_sign = onnx: zeros count nothing).
Value popcountWords(OpBuilder &b, Location loc, int64_t words, Value pop, Value weights,
                    ArrayRef<Value> wIdx, WordFn a, WordFn nz = nullptr) {
  return buildLoop(b, loc, indexConst(b, loc, 0), indexConst(b, loc, words), ValueRange{pop},
                   [&](OpBuilder &bb, Location l, Value d, ValueRange acc) -> SmallVector<Value> {
                     SmallVector<Value> at(wIdx.begin(), wIdx.end());
                     at.push_back(d);
                     Value w = tensor::ExtractOp::create(bb, l, weights, at);
                     Value x = arith::XOrIOp::create(bb, l, a(bb, l, d), w);
                     if (nz)
                       x = arith::AndIOp::create(bb, l, x, nz(bb, l, d));
                     Value p = math::CtPopOp::create(bb, l, x);
                     return {arith::AddIOp::create(bb, l, acc[0], p).getResult()};
                   })[0];
}

/// One tap of a binary conv: adds to acc = {popcount, K_eff} the tap's words.
struct BinaryTaps {
  Value packed, weights;
  int64_t cg, words;
  PadValue padValue;
  /// input_sign = onnx: the nonzero plane (else null).
  NonzeroPlane nz;

  /// The tap reads the packed input at (n, y, x), words wordBase + [0, D), against
  /// weight_bits[wIdx..., :] and counts cg channels (kTap), or with the nonzero plane
  /// the pixel's nonzero channels of group `group`.
  SmallVector<Value> inBounds(OpBuilder &b, Location l, ValueRange acc, ArrayRef<Value> wIdx,
                              Value n, Value y, Value x, Value wordBase, Value kTap,
                              Value group) const {
    auto plane = [&](Value words) {
      return [=](OpBuilder &bb, Location ll, Value d) -> Value {
        Value word = arith::AddIOp::create(bb, ll, wordBase, d);
        return tensor::ExtractOp::create(bb, ll, words, ValueRange{n, y, x, word});
      };
    };
    Value pop = popcountWords(b, l, words, acc[0], weights, wIdx, plane(packed),
                              nz ? WordFn(plane(nz.words)) : WordFn(nullptr));
    if (nz)
      kTap = tensor::ExtractOp::create(b, l, nz.counts, ValueRange{n, y, x, group});
    return {pop, arith::AddIOp::create(b, l, acc[1], kTap).getResult()};
  }

  /// The tap falls in the padding: nothing for pad_value zero; else the all-(+1) word
  /// 0 (one) or the all-(−1) word of the real channels (minus_one, the last word
  /// masked).
  SmallVector<Value> padded(OpBuilder &b, Location l, ValueRange acc, ArrayRef<Value> wIdx,
                            Value kTap) const {
    if (padValue == PadValue::zero)
      return {acc[0], acc[1]};
    Value pop = popcountWords(
        b, l, words, acc[0], weights, wIdx, [&](OpBuilder &bb, Location ll, Value d) -> Value {
          if (padValue == PadValue::one)
            return i64c(bb, ll, 0);
          Value isLast = arith::CmpIOp::create(bb, ll, arith::CmpIPredicate::eq, d,
                                               indexConst(bb, ll, words - 1));
          return arith::SelectOp::create(bb, ll, isLast, i64c(bb, ll, int64_t(lastWordMask(cg))),
                                         i64c(bb, ll, -1));
        });
    return {pop, arith::AddIOp::create(b, l, acc[1], kTap).getResult()};
  }
};

/// 0 ≤ v < size, for a signed index v.
Value inRange(OpBuilder &b, Location l, Value v, int64_t size) {
  Value ge = arith::CmpIOp::create(b, l, arith::CmpIPredicate::sge, v, indexConst(b, l, 0));
  Value lt = arith::CmpIOp::create(b, l, arith::CmpIPredicate::slt, v, indexConst(b, l, size));
  return arith::AndIOp::create(b, l, ge, lt);
}

// --- Register-blocked XNOR-popcount kernel (constant weights, groups == 1) ---
//
// Output channels are computed kLanes at a time: one vector<kLanes x i64> accumulator per
// block of kLanes channels, `q` blocks per pass (register blocking), the weight words of a
// block packed at compile time as [F/kLanes, taps, D, kLanes] so that one tap word of
// kLanes channels is one contiguous vector load. Per (pixel, tap, word) the activation
// word is broadcast, XORed with q weight vectors and counted with a vector popcount.
// Two ways of counting (LaneCounter), chosen by the target's vector width:
//  - 512-bit targets (AVX-512): math.ctpop on vector<8xi64>, vpopcntq zmm with
//    VPOPCNTDQ, added into i64 accumulators every step;
//  - 256-bit targets (AVX2): byte accumulation (Muła, Kurz, Lemire, "Faster population
//    counts using AVX2 instructions", Computer Journal 61(1), 2018): math.ctpop on the
//    XOR viewed as vector<64xi8> (vpshufb nibble-table count, vpaddb) added into byte
//    counters; a byte gains at most 8 per word, so after at most 31 words (248 <= 255)
//    the counters are widened to the i64 accumulators (a SWAR sum of the 8 bytes of each
//    lane: shifts, masks and adds; no x86 intrinsic, so the code stays generic and has
//    no memory effects). The widening happens once per pixel when taps·D <= 31, else
//    once per kernel row (KW·D <= 31), else per tap in chunks of 31 words; LLVM's own
//    v4i64 ctpop would instead spend a vpsadbw and a vpaddq per word.
// The integer sums are exact in either order and the float epilogue
// α·(K_eff − 2·popcount) + bias is the scalar path's, element by element: bit-identical.
//
// Threads: the conv's (n, oh) loops and the matmul's pass loop are marked
// `compress.parallel_tile = <dense-equivalent MACs>` for compress-parallelize-tiles; each
// iteration writes its own output row (conv) or channel range (matmul) through a
// tensor.extract_slice / insert_slice pair (a memref.subview after bufferization). The
// MACs given are the binary MACs (bit products) / kBinaryMacsPerDenseMac: one vector
// step counts 8 lanes x 64 bits where a dense f32 FMA step does 16 MACs, so a bit
// product costs about 1/32 of a dense MAC; nests below the pass's min-macs stay serial.

/// i64 words per vector (one zmm, or two ymm on AVX2 hosts).
constexpr int64_t kLanes = 8;
/// At most this many channel blocks share one pass over a pixel's taps.
constexpr int64_t kMaxBlocks = 4;
/// Words a byte counter may take before widening: 31 · 8 = 248 <= 255.
constexpr int64_t kMaxByteSteps = 31;
/// Bit products per dense-equivalent multiply-accumulate (see above).
constexpr int64_t kBinaryMacsPerDenseMac = 32;
constexpr llvm::StringLiteral kParallelTileAttr = "compress.parallel_tile";

/// The largest q ≤ kMaxBlocks dividing `blocks` (so no pass starts past the last block).
int64_t blocksPerPass(int64_t blocks) {
  for (int64_t q = kMaxBlocks; q > 1; --q)
    if (blocks % q == 0)
      return q;
  return 1;
}

/// Constant weight words [F, taps, D] (row-major) as [ceil(F/kLanes), taps, D, kLanes];
/// lanes past F hold 0 (their outputs are never written).
Value packWeightLanes(OpBuilder &b, Location loc, ArrayRef<uint64_t> words, int64_t f,
                     int64_t taps, int64_t d) {
  int64_t blocks = (f + kLanes - 1) / kLanes;
  std::vector<int64_t> packed(size_t(blocks * taps * d * kLanes), 0);
  for (int64_t o = 0; o < f; ++o)
    for (int64_t t = 0; t < taps; ++t)
      for (int64_t w = 0; w < d; ++w)
        packed[size_t((((o / kLanes) * taps + t) * d + w) * kLanes + o % kLanes)] =
            int64_t(words[size_t((o * taps + t) * d + w)]);
  auto type = RankedTensorType::get({blocks, taps, d, kLanes}, b.getI64Type());
  return arith::ConstantOp::create(b, loc, DenseElementsAttr::get(type, ArrayRef<int64_t>(packed)));
}

/// Counts popcount(a XOR w) of kLanes words into an accumulator: vector<8xi64> (i64
/// accumulation) or, with `bytes`, vector<64xi8> counters widened by `widen`.
struct LaneCounter {
  bool bytes = false;

  VectorType wordType(OpBuilder &b) const { return VectorType::get({kLanes}, b.getI64Type()); }
  VectorType byteType(OpBuilder &b) const {
    return VectorType::get({kLanes * 8}, b.getIntegerType(8));
  }
  static Value zeros(OpBuilder &b, Location l, VectorType type) {
    return arith::ConstantOp::create(
        b, l, DenseElementsAttr::get(type, b.getIntegerAttr(type.getElementType(), 0).getValue()));
  }
  Value zeroWords(OpBuilder &b, Location l) const { return zeros(b, l, wordType(b)); }
  /// The zero accumulator that `step` adds into.
  Value zeroInner(OpBuilder &b, Location l) const {
    return zeros(b, l, bytes ? byteType(b) : wordType(b));
  }
  /// acc + popcount(x), x: vector<8xi64>.
  Value step(OpBuilder &b, Location l, Value acc, Value x) const {
    if (bytes)
      x = vector::BitCastOp::create(b, l, byteType(b), x);
    return arith::AddIOp::create(b, l, acc, math::CtPopOp::create(b, l, x));
  }
  /// The i64 lane sums of an accumulator of `step` (the identity for i64 accumulation).
  Value widen(OpBuilder &b, Location l, Value inner) const {
    if (!bytes)
      return inner;
    VectorType type = wordType(b);
    auto splat = [&](uint64_t v) {
      return arith::ConstantOp::create(
          b, l, DenseElementsAttr::get(type, b.getI64IntegerAttr(int64_t(v)).getValue()));
    };
    auto shr = [&](Value v, int64_t s) {
      return arith::ShRUIOp::create(b, l, v, splat(uint64_t(s))).getResult();
    };
    Value x = vector::BitCastOp::create(b, l, type, inner);
    // 8 bytes (<= 248 each) -> 4 x 16 bits (<= 496) -> one sum (<= 1984) in the low 16.
    Value m8 = splat(0x00FF00FF00FF00FFull);
    Value t = arith::AddIOp::create(b, l, arith::AndIOp::create(b, l, x, m8),
                                    arith::AndIOp::create(b, l, shr(x, 8), m8));
    t = arith::AddIOp::create(b, l, t, shr(t, 32));
    t = arith::AddIOp::create(b, l, t, shr(t, 16));
    return arith::AndIOp::create(b, l, t, splat(0xFFFF));
  }
  /// accs[i] + widen(inners[i]) (or widen alone when accs is empty).
  SmallVector<Value> flush(OpBuilder &b, Location l, ValueRange accs, ValueRange inners) const {
    SmallVector<Value> out;
    for (auto [i, inner] : llvm::enumerate(inners)) {
      Value w = widen(b, l, inner);
      out.push_back(accs.empty() ? w : arith::AddIOp::create(b, l, accs[i], w).getResult());
    }
    return out;
  }
};

/// accs[qq] += Σ_w popcount(a(w) XOR lanes[block0 + qq, tap, w, :]) for w in [0, D).
/// Without `flushInside`, accs are the counter's inner accumulators and the caller
/// widens them; with it (byte counters), accs are i64 sums and the words are counted in
/// chunks of kMaxByteSteps, each widened into them.
/// With `nz` (input_sign = onnx), each XOR is masked by the broadcast nonzero word
/// nz(w): one more vector AND per word and block.
SmallVector<Value> accumulateLanes(OpBuilder &b, Location loc, const LaneCounter &counter,
                                   ValueRange accs, Value lanes, Value block0, Value tap,
                                   int64_t words, bool flushInside, WordFn a,
                                   WordFn nz = nullptr) {
  auto vecType = counter.wordType(b);
  auto wordLoop = [&](OpBuilder &b, Location loc, Value lb, Value ub,
                      ValueRange inits) -> SmallVector<Value> {
    return buildLoop(
        b, loc, lb, ub, inits,
        [&](OpBuilder &bb, Location l, Value w, ValueRange acc) -> SmallVector<Value> {
          Value av = vector::BroadcastOp::create(bb, l, vecType, a(bb, l, w));
          Value nzv = nz ? vector::BroadcastOp::create(bb, l, vecType, nz(bb, l, w)).getResult()
                         : Value();
          Value zero = i64c(bb, l, 0);
          SmallVector<Value> next;
          for (auto [qq, sum] : llvm::enumerate(acc)) {
            Value block = arith::AddIOp::create(bb, l, block0, indexConst(bb, l, int64_t(qq)));
            Value wv = vector::TransferReadOp::create(
                bb, l, vecType, lanes, ValueRange{block, tap, w, indexConst(bb, l, 0)}, zero,
                ArrayRef<bool>{true});
            Value x = arith::XOrIOp::create(bb, l, av, wv);
            if (nzv)
              x = arith::AndIOp::create(bb, l, x, nzv);
            next.push_back(counter.step(bb, l, sum, x));
          }
          return next;
        });
  };
  if (!flushInside)
    return wordLoop(b, loc, indexConst(b, loc, 0), indexConst(b, loc, words), accs);
  int64_t chunks = (words + kMaxByteSteps - 1) / kMaxByteSteps;
  return buildLoop(
      b, loc, indexConst(b, loc, 0), indexConst(b, loc, chunks), accs,
      [&](OpBuilder &b, Location l, Value c, ValueRange sums) -> SmallVector<Value> {
        Value lb = arith::MulIOp::create(b, l, c, indexConst(b, l, kMaxByteSteps));
        Value ub = arith::MinUIOp::create(
            b, l, arith::AddIOp::create(b, l, lb, indexConst(b, l, kMaxByteSteps)),
            indexConst(b, l, words));
        SmallVector<Value> inner(sums.size(), counter.zeroInner(b, l));
        return counter.flush(b, l, sums, wordLoop(b, l, lb, ub, inner));
      });
}

/// Writes α·(K_eff − 2·acc) + bias of the q blocks starting at block0 into
/// out[prefix..., block·kLanes − colBase + lane] (channel block·kLanes + lane; lanes past
/// F, or past out's last dim, masked off).
Value writeLanes(OpBuilder &b, Location loc, ValueRange accs, Value kEff, Value alpha, Value bias,
                 Value out, ArrayRef<Value> prefix, Value block0, Value colBase) {
  auto vecType = VectorType::get({kLanes}, b.getI64Type());
  auto fvecType = VectorType::get({kLanes}, b.getF32Type());
  Value kv = vector::BroadcastOp::create(b, loc, vecType, kEff);
  Value one = vector::BroadcastOp::create(b, loc, vecType, i64c(b, loc, 1));
  Value fzero = arith::ConstantOp::create(b, loc, b.getF32FloatAttr(0.0f));
  for (auto [qq, acc] : llvm::enumerate(accs)) {
    Value block = arith::AddIOp::create(b, loc, block0, indexConst(b, loc, int64_t(qq)));
    Value f0 = arith::MulIOp::create(b, loc, block, indexConst(b, loc, kLanes));
    Value dot = arith::SubIOp::create(b, loc, kv, arith::ShLIOp::create(b, loc, acc, one));
    Value y = arith::SIToFPOp::create(b, loc, fvecType, dot);
    Value al = vector::TransferReadOp::create(b, loc, fvecType, alpha, ValueRange{f0}, fzero,
                                              ArrayRef<bool>{false});
    Value bi = vector::TransferReadOp::create(b, loc, fvecType, bias, ValueRange{f0}, fzero,
                                              ArrayRef<bool>{false});
    Value r = arith::AddFOp::create(b, loc, arith::MulFOp::create(b, loc, al, y), bi);
    SmallVector<Value> at(prefix.begin(), prefix.end());
    at.push_back(arith::SubIOp::create(b, loc, f0, colBase));
    out = vector::TransferWriteOp::create(b, loc, r, out, at, ArrayRef<bool>{false}).getResult();
  }
  return out;
}

/// scf.for from 0 to `ub` step `step` carrying one tensor; returns it. With `macs` > 0
/// the loop is marked `compress.parallel_tile = macs`.
Value buildTensorLoop(OpBuilder &b, Location loc, int64_t ub, int64_t step, Value init,
                      function_ref<Value(OpBuilder &, Location, Value, Value)> body,
                      int64_t macs = 0) {
  auto loop = scf::ForOp::create(b, loc, indexConst(b, loc, 0), indexConst(b, loc, ub),
                                 indexConst(b, loc, step), ValueRange{init},
                                 [&](OpBuilder &nb, Location l, Value iv, ValueRange iter) {
                                   scf::YieldOp::create(nb, l, body(nb, l, iv, iter[0]));
                                 });
  if (macs > 0)
    loop->setAttr(kParallelTileAttr, b.getI64IntegerAttr(macs));
  return loop.getResult(0);
}

/// The dense-equivalent MACs of `bitMacs` bit products (at least 1).
int64_t denseEquivalentMacs(int64_t bitMacs) {
  return std::max<int64_t>(1, bitMacs / kBinaryMacsPerDenseMac);
}

/// The binary conv (groups == 1, constant weight words [F, KH, KW, D]) as the
/// register-blocked kernel: for each output row (n, oh), for each pass of q channel
/// blocks, for each output pixel of the row, the taps in (kh, kw) order and their D
/// words in order, as the scalar path.
/// The epilogue writes the pixel's q accumulators into the row slice (`init` is the
/// result before any write; see BinaryKernels.h).
Value buildLanesConvWith(OpBuilder &b, Location loc, const StaticConvGeometry &g, Value packed,
                         const NonzeroPlane &nzPlane, ArrayRef<uint64_t> words, int64_t d,
                         PadValue padValue, RankedTensorType resultType, Value init,
                         const LaneCounter &counter, BinaryLanesEpilogue epilogue) {
  int64_t taps = g.kh * g.kw, blocks = (g.f + kLanes - 1) / kLanes, q = blocksPerPass(blocks);
  Value lanes = packWeightLanes(b, loc, words, g.f, taps, d);
  bool needsBounds = llvm::any_of(g.pad, [](int64_t p) { return p != 0; });
  // Where byte counters are widened (see the kernel comment).
  enum class Flush { Pixel, Row, Tap };
  Flush flush = !counter.bytes || taps * d <= kMaxByteSteps ? Flush::Pixel
                : g.kw * d <= kMaxByteSteps                 ? Flush::Row
                                                            : Flush::Tap;
  int64_t macs = denseEquivalentMacs(g.n * g.oh * g.ow * g.f * taps * g.cg);
  Value out = init;
  int64_t rowWidth = resultType.getDimSize(3);
  auto rowType = RankedTensorType::get({1, 1, g.ow, rowWidth}, resultType.getElementType());

  // One tap (i, j) of pixel (n, y0 + ..., x0 + ...): acc = {q accumulators..., K_eff}.
  auto tapBody = [&](OpBuilder &b, Location l, ValueRange acc, Value block0, Value n, Value i,
                     Value j, Value y, Value x0, Value rowIn) -> SmallVector<Value> {
    bool flushInside = flush == Flush::Tap;
    Value x = arith::AddIOp::create(
        b, l, x0, arith::MulIOp::create(b, l, j, indexConst(b, l, g.dilation[1])));
    Value tap = arith::AddIOp::create(b, l, arith::MulIOp::create(b, l, i, indexConst(b, l, g.kw)), j);
    Value kTap = i64c(b, l, g.cg);
    auto inBounds = [&](OpBuilder &b, Location l) -> SmallVector<Value> {
      auto plane = [&](Value words) {
        return [=](OpBuilder &bb, Location ll, Value w) -> Value {
          return tensor::ExtractOp::create(bb, ll, words, ValueRange{n, y, x, w});
        };
      };
      SmallVector<Value> next = accumulateLanes(
          b, l, counter, acc.drop_back(), lanes, block0, tap, d, flushInside, plane(packed),
          nzPlane ? WordFn(plane(nzPlane.words)) : WordFn(nullptr));
      Value k = nzPlane ? tensor::ExtractOp::create(b, l, nzPlane.counts,
                                                    ValueRange{n, y, x, indexConst(b, l, 0)})
                              .getResult()
                        : kTap;
      next.push_back(arith::AddIOp::create(b, l, acc.back(), k));
      return next;
    };
    if (!needsBounds)
      return inBounds(b, l);
    auto padded = [&](OpBuilder &b, Location l) -> SmallVector<Value> {
      if (padValue == PadValue::zero)
        return SmallVector<Value>(acc);
      SmallVector<Value> next = accumulateLanes(
          b, l, counter, acc.drop_back(), lanes, block0, tap, d, flushInside,
          [&](OpBuilder &bb, Location ll, Value w) -> Value {
            if (padValue == PadValue::one)
              return i64c(bb, ll, 0);
            Value isLast = arith::CmpIOp::create(bb, ll, arith::CmpIPredicate::eq, w,
                                                 indexConst(bb, ll, d - 1));
            return arith::SelectOp::create(bb, ll, isLast,
                                           i64c(bb, ll, int64_t(lastWordMask(g.cg))),
                                           i64c(bb, ll, -1));
          });
      next.push_back(arith::AddIOp::create(b, l, acc.back(), kTap));
      return next;
    };
    Value tapIn = arith::AndIOp::create(b, l, rowIn, inRange(b, l, x, g.w));
    auto ifOp = scf::IfOp::create(
        b, l, tapIn, [&](OpBuilder &b, Location l) { scf::YieldOp::create(b, l, inBounds(b, l)); },
        [&](OpBuilder &b, Location l) { scf::YieldOp::create(b, l, padded(b, l)); });
    return SmallVector<Value>(ifOp.getResults());
  };

  // The q accumulators (i64 sums) and K_eff of pixel (n, oh, ow), channel blocks
  // block0 + [0, q).
  auto pixel = [&](OpBuilder &b, Location l, Value block0, Value n, Value oh,
                   Value ow) -> SmallVector<Value> {
    Value y0 = arith::SubIOp::create(
        b, l, arith::MulIOp::create(b, l, oh, indexConst(b, l, g.stride[0])),
        indexConst(b, l, g.pad[0]));
    Value x0 = arith::SubIOp::create(
        b, l, arith::MulIOp::create(b, l, ow, indexConst(b, l, g.stride[1])),
        indexConst(b, l, g.pad[2]));
    Value start = flush == Flush::Pixel ? counter.zeroInner(b, l) : counter.zeroWords(b, l);
    SmallVector<Value> init(q, start);
    init.push_back(i64c(b, l, 0));
    SmallVector<Value> acc = buildLoop(
        b, l, indexConst(b, l, 0), indexConst(b, l, g.kh), init,
        [&](OpBuilder &b, Location l, Value i, ValueRange acc) -> SmallVector<Value> {
          Value y = arith::AddIOp::create(
              b, l, y0, arith::MulIOp::create(b, l, i, indexConst(b, l, g.dilation[0])));
          Value rowIn = needsBounds ? inRange(b, l, y, g.h) : Value();
          auto kwLoop = [&](ValueRange inits) {
            return buildLoop(b, l, indexConst(b, l, 0), indexConst(b, l, g.kw), inits,
                             [&](OpBuilder &b, Location l, Value j,
                                 ValueRange acc) -> SmallVector<Value> {
                               return tapBody(b, l, acc, block0, n, i, j, y, x0, rowIn);
                             });
          };
          if (flush != Flush::Row)
            return kwLoop(acc);
          SmallVector<Value> rowInit(q, counter.zeroInner(b, l));
          rowInit.push_back(acc.back());
          SmallVector<Value> row = kwLoop(rowInit);
          SmallVector<Value> next =
              counter.flush(b, l, acc.drop_back(), ArrayRef<Value>(row).drop_back());
          next.push_back(row.back());
          return next;
        });
    if (flush == Flush::Pixel) {
      SmallVector<Value> sums = counter.flush(b, l, ValueRange{}, ArrayRef<Value>(acc).drop_back());
      sums.push_back(acc.back());
      return sums;
    }
    return acc;
  };

  return buildTensorLoop(
      b, loc, g.n, 1, out,
      [&](OpBuilder &b, Location l, Value n, Value out) {
        return buildTensorLoop(
            b, l, g.oh, 1, out,
            [&](OpBuilder &b, Location l, Value oh, Value out) {
              // This iteration's output row, written through its own slice.
              SmallVector<OpFoldResult> offsets = {n, oh, b.getIndexAttr(0), b.getIndexAttr(0)};
              SmallVector<OpFoldResult> sizes = {b.getIndexAttr(1), b.getIndexAttr(1),
                                                 b.getIndexAttr(g.ow), b.getIndexAttr(rowWidth)};
              SmallVector<OpFoldResult> strides(4, b.getIndexAttr(1));
              Value row = tensor::ExtractSliceOp::create(b, l, rowType, out, offsets, sizes,
                                                         strides);
              row = buildTensorLoop(b, l, blocks, q, row, [&](OpBuilder &b, Location l,
                                                             Value block0, Value row) {
                return buildTensorLoop(b, l, g.ow, 1, row, [&](OpBuilder &b, Location l,
                                                               Value ow, Value row) {
                  SmallVector<Value> acc = pixel(b, l, block0, n, oh, ow);
                  return epilogue(b, l, ArrayRef<Value>(acc).drop_back(), acc.back(), row, ow,
                                  block0);
                });
              });
              return tensor::InsertSliceOp::create(b, l, row, out, offsets, sizes, strides)
                  .getResult();
            },
            macs);
      },
      macs);
}

/// buildLanesConvWith writing α·(K_eff − 2·popcount) + bias into an f32 result.
Value buildLanesConv(OpBuilder &b, Location loc, const StaticConvGeometry &g, Value packed,
                     const NonzeroPlane &nzPlane, ArrayRef<uint64_t> words, int64_t d,
                     PadValue padValue, Value alpha, Value bias, RankedTensorType resultType,
                     const LaneCounter &counter) {
  Value out = tensor::EmptyOp::create(b, loc, resultType.getShape(), b.getF32Type());
  return buildLanesConvWith(
      b, loc, g, packed, nzPlane, words, d, padValue, resultType, out, counter,
      [&](OpBuilder &b, Location l, ArrayRef<Value> accs, Value kEff, Value row, Value ow,
          Value block0) {
        Value zero = indexConst(b, l, 0);
        return writeLanes(b, l, accs, kEff, alpha, bias, row, {zero, zero, ow}, block0, zero);
      });
}

struct BinaryConv2DToLinalg : public OpConversionPattern<BinaryConv2DOp> {
  BinaryConv2DToLinalg(MLIRContext *ctx, unsigned vectorBits)
      : OpConversionPattern(ctx), counter{vectorBits == 256} {}

  LogicalResult matchAndRewrite(BinaryConv2DOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    auto wType = cast<RankedTensorType>(adaptor.getWeightBits().getType());
    FailureOr<StaticConvGeometry> g =
        matchStaticConv(rewriter, op, adaptor.getInput(), adaptor.getWeightBits());
    if (failed(g))
      return failure();
    Location loc = op.getLoc();
    ArrayRef<int64_t> pad = g->pad, stride = g->stride, dil = g->dilation;
    bool needsBounds = llvm::any_of(pad, [](int64_t p) { return p != 0; });
    Value packed = packActivationSigns(rewriter, loc, adaptor.getInput(), g->groups, g->cg);
    NonzeroPlane nz =
        buildNonzeroPlane(rewriter, loc, adaptor.getInput(), g->groups, g->cg, op.getInputSign());
    FailureOr<SmallVector<uint64_t>> constWords = getConstantPackedWords(adaptor.getWeightBits());
    if (g->groups == 1 && succeeded(constWords)) {
      rewriter.replaceOp(op, buildLanesConv(rewriter, loc, *g, packed, nz, *constWords,
                                            wType.getDimSize(3), op.getPadValue(),
                                            adaptor.getAlpha(), adaptor.getBias(),
                                            cast<RankedTensorType>(op.getType()), counter));
      return success();
    }
    Value weights = maskWeightTail(rewriter, loc, adaptor.getWeightBits(), g->cg);
    BinaryTaps taps{packed, weights, g->cg, wType.getDimSize(3), op.getPadValue(), nz};

    Value result = buildBinaryOutput(
        rewriter, loc, cast<RankedTensorType>(op.getType()), adaptor.getAlpha(), adaptor.getBias(),
        [&](OpBuilder &b, Location l, ArrayRef<Value> ivs) -> std::pair<Value, Value> {
          Value n = ivs[0], oh = ivs[1], ow = ivs[2], oc = ivs[3];
          Value wordBase = indexConst(b, l, 0), group = indexConst(b, l, 0);
          if (g->groups != 1) {
            group = arith::DivUIOp::create(b, l, oc, indexConst(b, l, g->fg));
            wordBase = arith::MulIOp::create(b, l, group, indexConst(b, l, taps.words));
          }
          Value y0, x0;
          std::tie(y0, x0) = windowOrigin(b, l, oh, ow, stride, pad);
          SmallVector<Value> init = {i64c(b, l, 0), i64c(b, l, 0)};
          SmallVector<Value> acc = buildLoop(
              b, l, indexConst(b, l, 0), indexConst(b, l, g->kh), init,
              [&](OpBuilder &b, Location l, Value i, ValueRange acc) {
                Value y = arith::AddIOp::create(
                    b, l, y0, arith::MulIOp::create(b, l, i, indexConst(b, l, dil[0])));
                Value rowIn = needsBounds ? inRange(b, l, y, g->h) : Value();
                return buildLoop(
                    b, l, indexConst(b, l, 0), indexConst(b, l, g->kw), acc,
                    [&](OpBuilder &b, Location l, Value j, ValueRange acc) -> SmallVector<Value> {
                      Value x = arith::AddIOp::create(
                          b, l, x0, arith::MulIOp::create(b, l, j, indexConst(b, l, dil[1])));
                      SmallVector<Value> wIdx = {oc, i, j};
                      Value kTap = i64c(b, l, g->cg);
                      if (!needsBounds)
                        return taps.inBounds(b, l, acc, wIdx, n, y, x, wordBase, kTap, group);
                      Value tapIn = arith::AndIOp::create(b, l, rowIn, inRange(b, l, x, g->w));
                      auto ifOp = scf::IfOp::create(
                          b, l, tapIn,
                          [&](OpBuilder &b, Location l) {
                            scf::YieldOp::create(b, l,
                                                 taps.inBounds(b, l, acc, wIdx, n, y, x,
                                                               wordBase, kTap, group));
                          },
                          [&](OpBuilder &b, Location l) {
                            scf::YieldOp::create(b, l, taps.padded(b, l, acc, wIdx, kTap));
                          });
                      return SmallVector<Value>(ifOp.getResults());
                    });
              });
          return {acc[0], acc[1]};
        });
    rewriter.replaceOp(op, result);
    return success();
  }

  LaneCounter counter;
};

struct BinaryMatmulToLinalg : public OpConversionPattern<BinaryMatmulOp> {
  BinaryMatmulToLinalg(MLIRContext *ctx, unsigned vectorBits)
      : OpConversionPattern(ctx), counter{vectorBits == 256} {}

  LogicalResult matchAndRewrite(BinaryMatmulOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    FailureOr<MatmulGeometry> g =
        matchStaticMatmul(rewriter, op, adaptor.getInput(), adaptor.getWeightBits());
    if (failed(g))
      return failure();
    Location loc = op.getLoc();
    int64_t k = g->k;
    int64_t words = cast<RankedTensorType>(adaptor.getWeightBits().getType()).getDimSize(1);
    Value packed = packActivationSigns(rewriter, loc, adaptor.getInput(), 1, k);
    NonzeroPlane nz = buildNonzeroPlane(rewriter, loc, adaptor.getInput(), 1, k, op.getInputSign());
    // K_eff of row m: k, or its nonzero count under input_sign = onnx.
    auto rowK = [&](OpBuilder &b, Location l, Value m) -> Value {
      if (!nz)
        return i64c(b, l, k);
      return tensor::ExtractOp::create(b, l, nz.counts, ValueRange{m, indexConst(b, l, 0)});
    };
    auto rowPlane = [&](Value words, Value m) {
      return [=](OpBuilder &bb, Location ll, Value w) -> Value {
        return tensor::ExtractOp::create(bb, ll, words, ValueRange{m, w});
      };
    };
    FailureOr<SmallVector<uint64_t>> constWords = getConstantPackedWords(adaptor.getWeightBits());
    if (succeeded(constWords)) {
      // The register-blocked kernel (above) with one tap: rows m are the pixels. Each
      // pass writes its channels [block0·kLanes, + min(q·kLanes, N − block0·kLanes)) of
      // every row through its own slice (threads: see the kernel comment).
      int64_t blocks = (g->n + kLanes - 1) / kLanes, q = blocksPerPass(blocks);
      Value lanes = packWeightLanes(rewriter, loc, *constWords, g->n, 1, words);
      auto resultType = cast<RankedTensorType>(op.getType());
      bool flushInside = counter.bytes && words > kMaxByteSteps;
      Value out = tensor::EmptyOp::create(rewriter, loc, resultType.getShape(),
                                          rewriter.getF32Type());
      int64_t macs = denseEquivalentMacs(g->m * g->n * k);
      out = buildTensorLoop(
          rewriter, loc, blocks, q, out,
          [&](OpBuilder &b, Location l, Value block0, Value out) {
            Value col0 = arith::MulIOp::create(b, l, block0, indexConst(b, l, kLanes));
            Value width = arith::MinUIOp::create(
                b, l, indexConst(b, l, q * kLanes),
                arith::SubIOp::create(b, l, indexConst(b, l, g->n), col0));
            SmallVector<OpFoldResult> offsets = {b.getIndexAttr(0), col0};
            SmallVector<OpFoldResult> sizes = {b.getIndexAttr(g->m), width};
            SmallVector<OpFoldResult> strides(2, b.getIndexAttr(1));
            Value slice = tensor::ExtractSliceOp::create(
                b, l, RankedTensorType::get({g->m, ShapedType::kDynamic}, b.getF32Type()), out,
                offsets, sizes, strides);
            slice = buildTensorLoop(b, l, g->m, 1, slice, [&](OpBuilder &b, Location l, Value m,
                                                                Value slice) {
              Value start = flushInside ? counter.zeroWords(b, l) : counter.zeroInner(b, l);
              SmallVector<Value> accs = accumulateLanes(
                  b, l, counter, SmallVector<Value>(q, start), lanes, block0,
                  indexConst(b, l, 0), words, flushInside, rowPlane(packed, m),
                  nz ? WordFn(rowPlane(nz.words, m)) : WordFn(nullptr));
              if (!flushInside)
                accs = counter.flush(b, l, ValueRange{}, accs);
              return writeLanes(b, l, accs, rowK(b, l, m), adaptor.getAlpha(),
                                adaptor.getBias(), slice, {m}, block0, col0);
            });
            return tensor::InsertSliceOp::create(b, l, slice, out, offsets, sizes, strides)
                .getResult();
          },
          macs);
      rewriter.replaceOp(op, out);
      return success();
    }
    Value weights = maskWeightTail(rewriter, loc, adaptor.getWeightBits(), k);
    Value result = buildBinaryOutput(
        rewriter, loc, cast<RankedTensorType>(op.getType()), adaptor.getAlpha(), adaptor.getBias(),
        [&](OpBuilder &b, Location l, ArrayRef<Value> ivs) -> std::pair<Value, Value> {
          Value m = ivs[0], nn = ivs[1];
          Value pop = popcountWords(b, l, words, i64c(b, l, 0), weights, {nn},
                                    rowPlane(packed, m),
                                    nz ? WordFn(rowPlane(nz.words, m)) : WordFn(nullptr));
          return {pop, rowK(b, l, m)};
        });
    rewriter.replaceOp(op, result);
    return success();
  }

  LaneCounter counter;
};

} // namespace

static_assert(kLanes == kBinaryLanes, "BinaryKernels.h describes the kernel's lane count");

Value mlir::compress::buildBinaryLanesConv(OpBuilder &b, Location loc,
                                           const StaticConvGeometry &g, Value packed,
                                           ArrayRef<uint64_t> words, int64_t d,
                                           PadValue padValue, RankedTensorType resultType,
                                           Value init, unsigned vectorBits,
                                           BinaryLanesEpilogue epilogue, Value nonzero) {
  // Packed bits between binary layers hold ±1 only (no nonzero plane); the first layer
  // of an ONNX-sign chain passes its input's nonzero plane.
  NonzeroPlane nz = nonzero ? countNonzeroPlane(b, loc, nonzero, 1, d) : NonzeroPlane{};
  return buildLanesConvWith(b, loc, g, packed, nz, words, d, padValue, resultType, init,
                            LaneCounter{vectorBits == 256}, epilogue);
}

Value mlir::compress::buildBinaryLanesMatmul(OpBuilder &b, Location loc, Value packed,
                                             Value nonzero, ArrayRef<uint64_t> words, int64_t n,
                                             int64_t d, int64_t k, Value init,
                                             unsigned vectorBits,
                                             BinaryLanesMatmulEpilogue epilogue) {
  LaneCounter counter{vectorBits == 256};
  int64_t m = cast<RankedTensorType>(packed.getType()).getDimSize(0);
  int64_t blocks = (n + kLanes - 1) / kLanes, q = blocksPerPass(blocks);
  Value lanes = packWeightLanes(b, loc, words, n, 1, d);
  NonzeroPlane nz = nonzero ? countNonzeroPlane(b, loc, nonzero, 1, d) : NonzeroPlane{};
  bool flushInside = counter.bytes && d > kMaxByteSteps;
  auto rowPlane = [&](Value plane, Value row) {
    return [=](OpBuilder &bb, Location ll, Value w) -> Value {
      return tensor::ExtractOp::create(bb, ll, plane, ValueRange{row, w});
    };
  };
  return buildTensorLoop(b, loc, m, 1, init, [&](OpBuilder &b, Location l, Value row, Value out) {
    return buildTensorLoop(b, l, blocks, q, out, [&](OpBuilder &b, Location l, Value block0,
                                                     Value out) {
      Value start = flushInside ? counter.zeroWords(b, l) : counter.zeroInner(b, l);
      SmallVector<Value> accs = accumulateLanes(
          b, l, counter, SmallVector<Value>(q, start), lanes, block0, indexConst(b, l, 0), d,
          flushInside, rowPlane(packed, row), nz ? WordFn(rowPlane(nz.words, row)) : WordFn(nullptr));
      if (!flushInside)
        accs = counter.flush(b, l, ValueRange{}, accs);
      Value kEff = nz ? tensor::ExtractOp::create(b, l, nz.counts,
                                                  ValueRange{row, indexConst(b, l, 0)})
                            .getResult()
                      : i64c(b, l, k);
      return epilogue(b, l, accs, kEff, out, row, block0);
    });
  });
}

Value mlir::compress::writeBinaryLanesF32Row(OpBuilder &b, Location loc, ArrayRef<Value> accs,
                                             Value kEff, Value alpha, Value bias, Value out,
                                             Value row, Value block0) {
  return writeLanes(b, loc, accs, kEff, alpha, bias, out, {row}, block0, indexConst(b, loc, 0));
}

Value mlir::compress::writeBinaryLanesF32(OpBuilder &b, Location loc, ArrayRef<Value> accs,
                                          Value kEff, Value alpha, Value bias, Value row,
                                          Value ow, Value block0) {
  Value zero = indexConst(b, loc, 0);
  return writeLanes(b, loc, accs, kEff, alpha, bias, row, {zero, zero, ow}, block0, zero);
}

void mlir::compress::populateBinaryToLinalgPatterns(RewritePatternSet &patterns,
                                                    unsigned vectorBits) {
  patterns.add<BinaryConv2DToLinalg, BinaryMatmulToLinalg>(patterns.getContext(), vectorBits);
}

void mlir::compress::configureBinaryToLinalgTarget(ConversionTarget &target) {
  target.addIllegalOp<BinaryConv2DOp, BinaryMatmulOp>();
}

std::pair<Value, Value> mlir::compress::windowOrigin(OpBuilder &b, Location l, Value oh,
                                                     Value ow, ArrayRef<int64_t> stride,
                                                     ArrayRef<int64_t> pad) {
  Value y0 = arith::SubIOp::create(
      b, l, arith::MulIOp::create(b, l, oh, indexConst(b, l, stride[0])),
      indexConst(b, l, pad[0]));
  Value x0 = arith::SubIOp::create(
      b, l, arith::MulIOp::create(b, l, ow, indexConst(b, l, stride[1])),
      indexConst(b, l, pad[2]));
  return {y0, x0};
}
