//===- CompressBinaryThresholds.cpp - packed bits between binary layers ---===//
//
// binary_conv2d → per-channel tosa.mul/add/sub (BatchNorm, bias) → [tosa.max_pool2d]
// → binary_conv2d (whose input sign is the ge0 sign: x < 0 → −1) becomes
// binary_conv2d_threshold → [binary_max_pool2d] → binary_conv2d_{threshold,packed}:
// the first layer's integer accumulator y is compared with a per-channel interval
// and written as bits (FINN, Umuroglu et al. 2017), so no float tensor lies between
// the two layers. The interval is found by evaluating, for every integer y in
// [−K, K], the float expression the unfused graph computes (α·y + b, then the chain's
// ops in order, in f32) and taking its sign as the next layer does, so the packed
// bits equal the float graph's bit for bit (see the pass description in Passes.td).
//
//===----------------------------------------------------------------------===//
#include "compress/Compression/Passes.h"
#include "compress/Dialect/Compress/IR/CompressOps.h"
#include "compress/Dialect/Compress/IR/CompressUtils.h"
#include "compress/Algorithms/BitPacking.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/CheckedArithmetic.h"

#include <cmath>

namespace mlir::compress {
#define GEN_PASS_DEF_COMPRESSBINARYTHRESHOLDS
#include "compress/Compression/Passes.h.inc"
} // namespace mlir::compress

using namespace mlir;
using namespace mlir::compress;

namespace {

/// At most this many float evaluations (F · (2K + 1)) per fused layer.
constexpr int64_t kMaxEvaluations = int64_t(1) << 27;

/// One float op between the layers: v = v op c[f] (or c[f] − v), or a clamp to
/// [lo, hi] (HardTanh / Clip).
struct AffineStep {
  enum Kind { Mul, Add, Sub, SubFrom, Clamp } kind;
  SmallVector<float> values; // 1 (splat) or F; Clamp: {lo, hi}
  float at(int64_t f) const { return values.size() == 1 ? values[0] : values[size_t(f)]; }
};

/// A fusible producer → consumer edge.
struct Edge {
  BinaryConv2DOp producer, consumer;
  SmallVector<Operation *> floatOps; // the chain, producer side first (pool last)
  tosa::MaxPool2dOp pool;
  SmallVector<int64_t> thresholds; // F x 2: [lo, hi] of the +1 outputs
  Value packed;                    // the producer's packed (pooled) output, once built
  /// The producer reads floats with ONNX's sign (see runOnFunction): it and the float
  /// ops stay, the consumer reads binary_pack of the float value.
  bool half = false;
  SmallVector<int64_t> orWords; // channels the packed max-pool takes by OR (empty: none)
};

/// How a binary layer takes the sign of its float input, for this pass.
enum class SignForm {
  Ge0,     // input_sign = ge0: x < 0 → −1, else +1: every y is exact
  Onnx,    // input_sign = onnx, sign(±0) = 0: exact only if no y gives exactly ±0
  Unknown, // an attribute this pass does not know: not fused
};

/// binary_conv2d's `input_sign`, or Unknown when the op carries any other attribute
/// beyond those it has today (it may change what the op computes).
SignForm signFormOf(BinaryConv2DOp op) {
  static const llvm::StringSet<> known = {"strides",   "pad",       "dilations",
                                          "groups",    "pad_value", "input_sign"};
  for (NamedAttribute a : op->getAttrs())
    if (!a.getName().getValue().contains('.') && !known.contains(a.getName().getValue()))
      return SignForm::Unknown;
  return op.getInputSign() == InputSign::onnx ? SignForm::Onnx : SignForm::Ge0;
}

/// Why `op` cannot take part in a packed chain, or "".
std::string unsuitable(BinaryConv2DOp op) {
  if (op.getGroups() != 1)
    return "groups != 1";
  for (Type t : op->getOperandTypes())
    if (!cast<RankedTensorType>(t).hasStaticShape())
      return "dynamic shapes";
  if (!cast<RankedTensorType>(op.getType()).hasStaticShape())
    return "dynamic shapes";
  if (signFormOf(op) == SignForm::Unknown)
    return "an attribute this pass does not know (the sign form may differ)";
  return "";
}

/// The per-channel constant of `c` for a result of `resultType` (F channels last):
/// all dims 1 but the last, which is 1 or F.
FailureOr<SmallVector<float>> perChannelConstant(Value c, RankedTensorType resultType) {
  auto type = dyn_cast<RankedTensorType>(c.getType());
  if (!type || !type.hasStaticShape() || type.getRank() != resultType.getRank())
    return failure();
  int64_t f = resultType.getShape().back();
  for (int64_t d = 0; d + 1 < type.getRank(); ++d)
    if (type.getDimSize(d) != 1)
      return failure();
  if (type.getShape().back() != 1 && type.getShape().back() != f)
    return failure();
  return getConstantFloatValues(c);
}

/// The float value of the unfused graph for integer accumulator y, channel f:
/// α·y + b as binary_conv2d computes it, then the chain's ops in order (one f32
/// rounding per op; separate statements, so the host compiler cannot contract them).
float evaluate(int64_t y, int64_t f, float alpha, float bias, ArrayRef<AffineStep> steps) {
  volatile float v = float(y);
  v = alpha * v;
  v = v + bias;
  for (const AffineStep &s : steps) {
    float c = s.at(f);
    switch (s.kind) {
    case AffineStep::Mul:
      v = v * c;
      break;
    case AffineStep::Add:
      v = v + c;
      break;
    case AffineStep::Sub:
      v = v - c;
      break;
    case AffineStep::SubFrom:
      v = c - v;
      break;
    case AffineStep::Clamp: {
      float x = v;
      x = x < s.values[0] ? s.values[0] : x;
      v = x > s.values[1] ? s.values[1] : x;
      break;
    }
    }
  }
  return v;
}

struct CompressBinaryThresholds
    : public compress::impl::CompressBinaryThresholdsBase<CompressBinaryThresholds> {
  using Base::Base;

  /// The edge ending at `consumer`, or failure (with a remark when a binary
  /// producer was found but the edge cannot be fused).
  FailureOr<Edge> matchEdge(BinaryConv2DOp consumer) {
    Edge e;
    e.consumer = consumer;
    Value v = consumer.getInput();
    SmallVector<Operation *> chain;
    auto singleUse = [](Value x) { return x.hasOneUse(); };
    // Per-channel ops (mul/add/sub by constants, clamps) and at most one max-pool, in
    // any order. Every such op is monotone per channel, so a max-pool commutes with
    // the ops after it: max then a non-decreasing function is the max of the
    // function (the AND of the bits), then a non-increasing one the min (the OR).
    while (Operation *def = v.getDefiningOp()) {
      if (auto pool = dyn_cast<tosa::MaxPool2dOp>(def)) {
        if (e.pool)
          break;
        e.pool = pool;
        chain.push_back(pool);
        v = pool.getInput();
        continue;
      }
      if (auto clamp = dyn_cast<tosa::ClampOp>(def)) {
        chain.push_back(clamp);
        v = clamp.getInput();
        continue;
      }
      if (!isa<tosa::MulOp, tosa::AddOp, tosa::SubOp>(def))
        break;
      Value a = def->getOperand(0), b = def->getOperand(1);
      bool aConst = succeeded(getConstantFloatValues(a)), bConst = succeeded(getConstantFloatValues(b));
      if (aConst == bConst)
        break;
      Value activation = aConst ? b : a;
      if (activation.getType() != def->getResult(0).getType())
        break;
      chain.push_back(def);
      v = activation;
    }
    auto producer = v.getDefiningOp<BinaryConv2DOp>();
    if (!producer)
      return failure();
    auto refuse = [&](const Twine &why) -> FailureOr<Edge> {
      consumer.emitRemark() << "binary-thresholds: not fused with the binary layer at "
                            << producer.getLoc() << ": " << why;
      return failure();
    };
    if (!singleUse(v) || llvm::any_of(chain, [&](Operation *op) {
          return !singleUse(op->getResult(0));
        }))
      return refuse("a float value between the layers has another user");
    if (producer->getBlock() != consumer->getBlock())
      return refuse("the layers are in different blocks");
    for (BinaryConv2DOp op : {producer, consumer})
      if (std::string why = unsuitable(op); !why.empty())
        return refuse(Twine(op == producer ? "producer: " : "consumer: ") + why);
    if (e.pool) {
      ArrayRef<int64_t> k = e.pool.getKernel(), p = e.pool.getPad();
      if (p[0] >= k[0] || p[1] >= k[0] || p[2] >= k[1] || p[3] >= k[1])
        return refuse("max-pool padding as large as the kernel");
      if (!cast<RankedTensorType>(e.pool.getType()).hasStaticShape())
        return refuse("dynamic shapes");
    }
    auto resultType = cast<RankedTensorType>(producer.getType());
    int64_t f = resultType.getShape().back();
    SmallVector<AffineStep> affine;
    size_t poolAt = 0; // steps [poolAt, end) come after the max-pool
    // The chain was collected consumer side first.
    for (Operation *op : llvm::reverse(chain)) {
      if (op == e.pool.getOperation()) {
        poolAt = affine.size();
        continue;
      }
      if (auto clamp = dyn_cast<tosa::ClampOp>(op)) {
        auto lo = dyn_cast<FloatAttr>(clamp.getMinValAttr());
        auto hi = dyn_cast<FloatAttr>(clamp.getMaxValAttr());
        if (!lo || !hi || !lo.getType().isF32())
          return refuse("a clamp whose bounds are not f32");
        affine.push_back({AffineStep::Clamp,
                          {float(lo.getValueAsDouble()), float(hi.getValueAsDouble())}});
        e.floatOps.push_back(op);
        continue;
      }
      Value a = op->getOperand(0), b = op->getOperand(1);
      bool aConst = succeeded(getConstantFloatValues(a));
      FailureOr<SmallVector<float>> c = perChannelConstant(aConst ? a : b, resultType);
      if (failed(c) || (c->size() != 1 && int64_t(c->size()) != f))
        return refuse("a float op whose constant is not per channel");
      if (auto mul = dyn_cast<tosa::MulOp>(op)) {
        FailureOr<SmallVector<int64_t>> shift = getConstantIntValues(mul.getShift());
        if (failed(shift) || llvm::any_of(*shift, [](int64_t s) { return s != 0; }))
          return refuse("a tosa.mul with a nonzero shift");
      }
      AffineStep::Kind kind = isa<tosa::MulOp>(op)   ? AffineStep::Mul
                              : isa<tosa::AddOp>(op) ? AffineStep::Add
                              : aConst               ? AffineStep::SubFrom
                                                     : AffineStep::Sub;
      affine.push_back({kind, std::move(*c)});
      e.floatOps.push_back(op);
    }
    if (e.pool)
      e.floatOps.push_back(e.pool);
    FailureOr<SmallVector<float>> alpha = getConstantFloatValues(producer.getAlpha());
    FailureOr<SmallVector<float>> bias = getConstantFloatValues(producer.getBias());
    if (failed(alpha) || failed(bias))
      return refuse("the producer's alpha or bias is not constant");
    auto w = cast<RankedTensorType>(producer.getWeightBits().getType());
    std::optional<int64_t> taps = llvm::checkedMul(w.getDimSize(1), w.getDimSize(2));
    std::optional<int64_t> kk =
        taps ? llvm::checkedMul(*taps, cast<RankedTensorType>(producer.getInput().getType())
                                           .getDimSize(3))
             : std::nullopt;
    if (!kk || *kk > kMaxEvaluations || f > kMaxEvaluations / (2 * *kk + 1))
      return refuse("too many accumulator values to evaluate (F·(2K+1) > 2^27)");
    int64_t k = *kk;
    // Channels whose steps after the pool are decreasing (a negative scale or c − v,
    // an odd number of times, no zero scale) are pooled by OR.
    if (e.pool) {
      e.orWords.assign(size_t(binaryWordCount(f)), 0);
      for (int64_t ch = 0; ch < f; ++ch) {
        bool flip = false, constant = false;
        for (const AffineStep &step : ArrayRef(affine).drop_front(poolAt)) {
          if (step.kind == AffineStep::SubFrom)
            flip = !flip;
          if (step.kind == AffineStep::Mul) {
            flip ^= step.at(ch) < 0.0f;
            constant |= step.at(ch) == 0.0f;
          }
        }
        if (flip && !constant)
          e.orWords[size_t(ch / 64)] |= int64_t(uint64_t(1) << (ch % 64));
      }
      if (llvm::all_of(e.orWords, [](int64_t w) { return w == 0; }))
        e.orWords.clear();
    }
    bool onnxSign = signFormOf(consumer) == SignForm::Onnx;
    // The +1 set of every channel, an interval of [−K, K] (checked).
    for (int64_t ch = 0; ch < f; ++ch) {
      int64_t lo = 1, hi = 0; // empty: always −1
      bool inside = false, closed = false;
      for (int64_t y = -k; y <= k; ++y) {
        float v = evaluate(y, ch, (*alpha)[ch], (*bias)[ch], affine);
        if (std::isnan(v))
          return refuse(Twine("channel ") + Twine(ch) + " is NaN at accumulator " + Twine(y));
        // ONNX's sign(0) = 0 has no bit: exact only where no y gives ±0.
        if (onnxSign && v == 0.0f)
          return refuse(Twine("channel ") + Twine(ch) + " is exactly 0 at accumulator " +
                        Twine(y) + " and the consumer's sign(0) = 0 cannot be held by a bit");
        bool plus = !(v < 0.0f); // the consumer's sign: x < 0 → −1, ±0 → +1
        if (plus && closed)
          return refuse(Twine("channel ") + Twine(ch) + ": the +1 accumulators are not an interval");
        if (plus && !inside) {
          inside = true;
          lo = y;
        }
        if (plus)
          hi = y;
        if (!plus && inside)
          closed = true;
      }
      e.thresholds.push_back(lo);
      e.thresholds.push_back(hi);
    }
    e.producer = producer;
    return e;
  }

  void runOnFunction(func::FuncOp func) {
    SmallVector<BinaryConv2DOp> binaries;
    func.walk([&](BinaryConv2DOp op) { binaries.push_back(op); });
    std::vector<Edge> edges;
    edges.reserve(binaries.size());
    for (BinaryConv2DOp q : binaries)
      if (FailureOr<Edge> e = matchEdge(q); succeeded(e))
        edges.push_back(std::move(*e));
    // The first layer of a chain reads binary_pack(x), the ge0 sign, which is not an
    // ONNX-sign layer's (its zeros): a producer with input_sign = onnx that reads
    // floats (is no consumer of an edge) stays as it is, with its float ops, and its
    // consumer reads binary_pack of the float value instead: exact, since matchEdge
    // checked that value for NaN (and for exact zeros when the consumer's sign is
    // ONNX's), and the rest of the chain is packed.
    llvm::SmallPtrSet<Operation *, 16> consumers;
    for (Edge &e : edges)
      consumers.insert(e.consumer);
    for (Edge &e : edges) {
      if (signFormOf(e.producer) != SignForm::Onnx || consumers.contains(e.producer))
        continue;
      e.half = true;
      e.consumer.emitRemark()
          << "binary-thresholds: packed input from the float output of the binary layer at "
          << e.producer.getLoc() << " (its input sign is ONNX's and it reads floats)";
    }
    if (edges.empty())
      return;
    llvm::DenseMap<Operation *, Edge *> byProducer, byConsumer;
    for (Edge &e : edges) {
      if (!e.half)
        byProducer[e.producer] = &e;
      byConsumer[e.consumer] = &e;
    }
    llvm::SmallPtrSet<Operation *, 16> dead;
    OpBuilder b(func.getContext());
    for (BinaryConv2DOp x : binaries) {
      Edge *in = byConsumer.lookup(x), *out = byProducer.lookup(x);
      if (!in && !out)
        continue;
      b.setInsertionPoint(x);
      Location loc = x.getLoc();
      auto inType = cast<RankedTensorType>(x.getInput().getType());
      int64_t c = inType.getShape().back();
      Value packed;
      if (!out && (!in || in->half))
        continue; // it would read what it packs itself
      if (in && !in->half) {
        packed = in->packed;
      } else {
        SmallVector<int64_t> shape(inType.getShape());
        shape.back() = binaryWordCount(c);
        packed = BinaryPackOp::create(b, loc, RankedTensorType::get(shape, b.getI64Type()),
                                      x.getInput());
      }
      auto resultType = cast<RankedTensorType>(x.getType());
      IntegerAttr channels = b.getI64IntegerAttr(c);
      if (out) {
        int64_t f = resultType.getShape().back();
        auto tType = RankedTensorType::get({f, 2}, b.getI64Type());
        Value thresholds = arith::ConstantOp::create(
            b, loc, DenseElementsAttr::get(tType, ArrayRef<int64_t>(out->thresholds)));
        SmallVector<int64_t> shape(resultType.getShape());
        shape.back() = binaryWordCount(f);
        Value bits = BinaryConv2DThresholdOp::create(
            b, loc, RankedTensorType::get(shape, b.getI64Type()), packed, x.getWeightBits(),
            thresholds, channels, x.getStridesAttr(), x.getPadAttr(), x.getDilationsAttr(),
            x.getPadValueAttr());
        if (tosa::MaxPool2dOp pool = out->pool) {
          auto poolType = cast<RankedTensorType>(pool.getType());
          SmallVector<int64_t> pooled(poolType.getShape());
          pooled.back() = shape.back();
          bits = BinaryMaxPool2DOp::create(b, pool.getLoc(),
                                           RankedTensorType::get(pooled, b.getI64Type()), bits,
                                           pool.getKernelAttr(), pool.getStrideAttr(),
                                           pool.getPadAttr(),
                                           b.getDenseI64ArrayAttr(out->orWords));
        }
        out->packed = bits;
        for (Operation *op : out->floatOps)
          dead.insert(op);
        dead.insert(x);
        int64_t flipped = 0, constant = 0;
        for (int64_t ch = 0; ch < f; ++ch) {
          int64_t lo = out->thresholds[2 * ch], hi = out->thresholds[2 * ch + 1];
          auto w = cast<RankedTensorType>(x.getWeightBits().getType());
          int64_t k = w.getDimSize(1) * w.getDimSize(2) * c;
          if (lo > hi || (lo == -k && hi == k))
            ++constant;
          else if (lo == -k)
            ++flipped;
        }
        x.emitRemark() << "binary-thresholds: packed output for the binary layer at "
                       << out->consumer.getLoc() << " (" << f << " channels: " << flipped
                       << " with flipped comparison, " << constant << " constant)"
                       << (out->pool ? ", max-pool on packed bits" : "")
                       << (out->orWords.empty() ? "" : " (OR for decreasing channels)");
      } else {
        Value y = BinaryConv2DPackedOp::create(b, loc, resultType, packed, x.getWeightBits(),
                                               x.getAlpha(), x.getBias(), channels,
                                               x.getStridesAttr(), x.getPadAttr(),
                                               x.getDilationsAttr(), x.getPadValueAttr());
        x.getResult().replaceAllUsesWith(y);
        dead.insert(x);
      }
    }
    // Every dead op's users are dead ops later in its block (producer, chain and
    // consumer share one): erase each block's back to front.
    llvm::SmallPtrSet<Block *, 4> blocks;
    for (Operation *op : dead)
      blocks.insert(op->getBlock());
    for (Block *block : blocks)
      for (Operation &op : llvm::make_early_inc_range(llvm::reverse(*block)))
        if (dead.contains(&op))
          op.erase();
  }

  void runOnOperation() override {
    getOperation().walk([&](func::FuncOp func) {
      if (!func.isExternal())
        runOnFunction(func);
    });
  }
};

} // namespace
