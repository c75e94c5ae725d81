//===- CompressBinaryThresholds.cpp - packed bits between binary layers ---===//
//
// binary_{conv2d,matmul} → per-channel tosa.mul/add/sub/clamp (BatchNorm, bias) →
// [slice, tosa.max_pool2d] → [Flatten: reshapes / transpose] → binary_{conv2d,matmul}
// becomes binary_{conv2d,matmul}_threshold → [extract_slice, binary_max_pool2d,
// collapse_shape] → binary_*_{threshold,packed}: the first layer's integer accumulator y
// is compared with a per-channel interval and written as bits (FINN, Umuroglu et al.
// 2017), so no float tensor lies between the layers. The interval is found by
// evaluating, for every integer y in [−K, K], the float expression the unfused graph
// computes (α·y + b, then the chain's ops in order, in f32) and taking its sign as the
// next layer does, so the packed bits equal the float graph's bit for bit (see the pass
// description in Passes.td). A binary FC after a Flatten gets its weight bits permuted
// into the packed layout of the conv's output (ElementMap); an ONNX-sign first layer
// reads its input's sign bits plus the nonzero plane.
//
//===----------------------------------------------------------------------===//
#include "compress/Compression/Passes.h"
#include "compress/Dialect/Compress/IR/CompressOps.h"
#include "compress/Dialect/Compress/IR/CompressUtils.h"
#include "compress/Algorithms/BitPacking.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
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

/// A binary layer: binary_conv2d or binary_matmul.
struct Layer {
  Operation *op = nullptr;
  explicit operator bool() const { return op; }
  bool isConv() const { return isa<BinaryConv2DOp>(op); }
  BinaryConv2DOp conv() const { return cast<BinaryConv2DOp>(op); }
  BinaryMatmulOp matmul() const { return cast<BinaryMatmulOp>(op); }
  Value input() const { return op->getOperand(0); }
  Value weightBits() const { return op->getOperand(1); }
  Value alpha() const { return op->getOperand(2); }
  Value bias() const { return op->getOperand(3); }
  RankedTensorType resultType() const { return cast<RankedTensorType>(op->getResult(0).getType()); }
  RankedTensorType inputType() const { return cast<RankedTensorType>(input().getType()); }
  InputSign inputSign() const {
    return isConv() ? conv().getInputSign() : matmul().getInputSign();
  }
  /// Features per output (conv: kh·kw·C; matmul: K), or nullopt on overflow.
  std::optional<int64_t> features() const {
    auto w = cast<RankedTensorType>(weightBits().getType());
    int64_t c = inputType().getShape().back();
    if (!isConv())
      return c;
    std::optional<int64_t> taps = llvm::checkedMul(w.getDimSize(1), w.getDimSize(2));
    return taps ? llvm::checkedMul(*taps, c) : std::nullopt;
  }
};

Layer layerOf(Operation *op) {
  return op && isa<BinaryConv2DOp, BinaryMatmulOp>(op) ? Layer{op} : Layer{};
}

/// A fusible producer → consumer edge.
struct Edge {
  Layer producer, consumer;
  SmallVector<Operation *> floatOps; // the chain (float and layout ops), to erase
  /// Slices and the max-pool on the producer's NHWC layout, producer side first:
  /// replayed on the packed bits.
  SmallVector<Operation *> spatial;
  tosa::MaxPool2dOp pool;
  SmallVector<int64_t> thresholds; // F x 2: [lo, hi] of the +1 outputs
  Value packed;                    // the consumer's packed input, once built
  SmallVector<int64_t> orWords; // channels the packed max-pool takes by OR (empty: none)
  /// A binary_matmul consumer: its weight bits permuted into the packed layout of the
  /// producer's (pooled) output, G groups (pixels) of `groupChannels` features.
  SmallVector<int64_t> consumerWords;
  int64_t groupChannels = 0, groups = 0;
};

/// How a binary layer takes the sign of its float input, for this pass.
enum class SignForm {
  Ge0,     // input_sign = ge0: x < 0 → −1, else +1: every y is exact
  Onnx,    // input_sign = onnx, sign(±0) = 0: exact only if no y gives ±0
  Unknown, // an attribute this pass does not know: not fused
};

/// The layer's `input_sign`, or Unknown when the op carries any other attribute
/// beyond those it has today (it may change what the op computes).
SignForm signFormOf(Layer op) {
  static const llvm::StringSet<> knownConv = {"strides",   "pad",       "dilations",
                                              "groups",    "pad_value", "input_sign"};
  static const llvm::StringSet<> knownMatmul = {"input_sign"};
  const llvm::StringSet<> &known = op.isConv() ? knownConv : knownMatmul;
  for (NamedAttribute a : op.op->getAttrs())
    if (!a.getName().getValue().contains('.') && !known.contains(a.getName().getValue()))
      return SignForm::Unknown;
  return op.inputSign() == InputSign::onnx ? SignForm::Onnx : SignForm::Ge0;
}

/// Why `op` cannot take part in a packed chain, or "".
std::string unsuitable(Layer op) {
  if (op.isConv() && op.conv().getGroups() != 1)
    return "groups != 1";
  for (Type t : op.op->getOperandTypes())
    if (!cast<RankedTensorType>(t).hasStaticShape())
      return "dynamic shapes";
  if (!op.resultType().hasStaticShape())
    return "dynamic shapes";
  if (signFormOf(op) == SignForm::Unknown)
    return "an attribute this pass does not know (the sign form may differ)";
  return "";
}

/// The values of a tosa.const_shape, or nullopt.
std::optional<SmallVector<int64_t>> constShapeValues(Value v) {
  auto op = v.getDefiningOp<tosa::ConstShapeOp>();
  if (!op)
    return std::nullopt;
  SmallVector<int64_t> values;
  for (const APInt &a : op.getValues().getValues<APInt>())
    values.push_back(a.getSExtValue());
  return values;
}

/// Where each element of a tensor between the layers comes from: the row-major index
/// of an element of the "base" tensor (the producer's output after its slices and
/// max-pool). Layout ops (reshape, transpose) move elements; `data` is empty while the
/// tensor is the base itself (the identity).
struct ElementMap {
  SmallVector<int64_t> base, shape;
  std::vector<int64_t> data;

  bool identity() const {
    if (shape != base)
      return false;
    for (size_t i = 0; i < data.size(); ++i)
      if (data[i] != int64_t(i))
        return false;
    return true;
  }
  void materialize() {
    if (!data.empty())
      return;
    int64_t n = 1;
    for (int64_t d : shape)
      n *= d;
    data.resize(size_t(n));
    for (int64_t i = 0; i < n; ++i)
      data[size_t(i)] = i;
  }
  /// A row-major reshape: the order of the elements stays.
  void reshape(ArrayRef<int64_t> to) { shape.assign(to.begin(), to.end()); }
  /// tosa.transpose: output dim i is input dim perms[i].
  void transpose(ArrayRef<int32_t> perms) {
    materialize();
    SmallVector<int64_t> strides(shape.size(), 1), out(shape.size());
    for (int64_t i = int64_t(shape.size()) - 2; i >= 0; --i)
      strides[size_t(i)] = strides[size_t(i) + 1] * shape[size_t(i) + 1];
    SmallVector<int64_t> walk(shape.size());
    for (size_t i = 0; i < perms.size(); ++i) {
      out[i] = shape[size_t(perms[i])];
      walk[i] = strides[size_t(perms[i])];
    }
    std::vector<int64_t> next(data.size());
    SmallVector<int64_t> idx(out.size(), 0);
    for (size_t k = 0; k < next.size(); ++k) {
      int64_t src = 0;
      for (size_t d = 0; d < idx.size(); ++d)
        src += idx[d] * walk[d];
      next[k] = data[size_t(src)];
      for (int64_t d = int64_t(idx.size()) - 1; d >= 0; --d) {
        if (++idx[size_t(d)] < out[size_t(d)])
          break;
        idx[size_t(d)] = 0;
      }
    }
    data = std::move(next);
    shape = out;
  }
};

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
  FailureOr<Edge> matchEdge(Layer consumer) {
    Edge e;
    e.consumer = consumer;
    Value v = consumer.input();
    SmallVector<Operation *> chain;
    auto singleUse = [](Value x) { return x.hasOneUse(); };
    // Per-channel ops (mul/add/sub by constants, clamps), at most one max-pool, spatial
    // slices and layout ops (reshape, transpose: a Flatten before a binary FC), in any
    // order; what each may meet is checked below. Every per-channel op is monotone, so
    // a max-pool commutes with the ops after it: max then a non-decreasing function is
    // the max of the function (the AND of the bits), then a non-increasing one the min
    // (the OR).
    while (Operation *def = v.getDefiningOp()) {
      if (auto pool = dyn_cast<tosa::MaxPool2dOp>(def)) {
        if (e.pool)
          break;
        e.pool = pool;
        chain.push_back(pool);
        v = pool.getInput();
        continue;
      }
      if (isa<tosa::ClampOp, tosa::SliceOp, tosa::ReshapeOp, tosa::TransposeOp,
              tensor::CollapseShapeOp, tensor::ExpandShapeOp>(def)) {
        chain.push_back(def);
        v = def->getOperand(0);
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
    Layer producer = layerOf(v.getDefiningOp());
    if (!producer)
      return failure();
    auto refuse = [&](const Twine &why) -> FailureOr<Edge> {
      consumer.op->emitRemark() << "binary-thresholds: not fused with the binary layer at "
                                << producer.op->getLoc() << ": " << why;
      return failure();
    };
    if (!singleUse(v) || llvm::any_of(chain, [&](Operation *op) {
          return !singleUse(op->getResult(0));
        }))
      return refuse("a float value between the layers has another user");
    if (producer.op->getBlock() != consumer.op->getBlock() ||
        llvm::any_of(chain, [&](Operation *op) { return op->getBlock() != consumer.op->getBlock(); }))
      return refuse("the layers are in different blocks");
    for (Layer op : {producer, consumer})
      if (std::string why = unsuitable(op); !why.empty())
        return refuse(Twine(op.op == producer.op ? "producer: " : "consumer: ") + why);
    for (Operation *op : chain)
      if (!cast<RankedTensorType>(op->getResult(0).getType()).hasStaticShape())
        return refuse("dynamic shapes");
    auto resultType = producer.resultType();
    int64_t f = resultType.getShape().back();
    ElementMap map;
    map.base.assign(resultType.getShape().begin(), resultType.getShape().end());
    map.shape = map.base;
    SmallVector<AffineStep> affine;
    size_t poolAt = 0; // steps [poolAt, end) come after the max-pool
    // The chain was collected consumer side first.
    for (Operation *op : llvm::reverse(chain)) {
      auto outType = cast<RankedTensorType>(op->getResult(0).getType());
      e.floatOps.push_back(op);
      if (isa<tosa::ReshapeOp, tensor::CollapseShapeOp, tensor::ExpandShapeOp>(op)) {
        map.reshape(outType.getShape());
        continue;
      }
      if (auto transpose = dyn_cast<tosa::TransposeOp>(op)) {
        if (outType.getNumElements() > kMaxEvaluations)
          return refuse("a layout op on too large a tensor");
        map.transpose(transpose.getPerms());
        continue;
      }
      // Every other op works per channel on the producer's own layout.
      if (!map.identity())
        return refuse("a float op after a layout change (reshape or transpose)");
      if (auto slice = dyn_cast<tosa::SliceOp>(op)) {
        std::optional<SmallVector<int64_t>> at = constShapeValues(slice.getStart());
        ArrayRef<int64_t> in = map.shape, out = outType.getShape();
        if (!producer.isConv() || !at || at->size() != 4 || (*at)[0] != 0 || (*at)[3] != 0 ||
            out[0] != in[0] || out[3] != in[3] || (*at)[1] < 0 || (*at)[2] < 0 ||
            (*at)[1] + out[1] > in[1] || (*at)[2] + out[2] > in[2])
          return refuse("a slice that is not spatial on a conv's output");
        e.spatial.push_back(op);
        map.base.assign(out.begin(), out.end());
        map.shape = map.base;
        continue;
      }
      if (op == e.pool.getOperation()) {
        if (!producer.isConv())
          return refuse("a max-pool after a binary FC");
        ArrayRef<int64_t> k = e.pool.getKernel(), p = e.pool.getPad();
        if (p[0] >= k[0] || p[1] >= k[0] || p[2] >= k[1] || p[3] >= k[1])
          return refuse("max-pool padding as large as the kernel");
        poolAt = affine.size();
        e.spatial.push_back(op);
        map.base.assign(outType.getShape().begin(), outType.getShape().end());
        map.shape = map.base;
        continue;
      }
      if (auto clamp = dyn_cast<tosa::ClampOp>(op)) {
        auto lo = dyn_cast<FloatAttr>(clamp.getMinValAttr());
        auto hi = dyn_cast<FloatAttr>(clamp.getMaxValAttr());
        if (!lo || !hi || !lo.getType().isF32())
          return refuse("a clamp whose bounds are not f32");
        affine.push_back({AffineStep::Clamp,
                          {float(lo.getValueAsDouble()), float(hi.getValueAsDouble())}});
        continue;
      }
      Value a = op->getOperand(0), b = op->getOperand(1);
      bool aConst = succeeded(getConstantFloatValues(a));
      FailureOr<SmallVector<float>> c = perChannelConstant(aConst ? a : b, outType);
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
    }
    auto inType = consumer.inputType();
    if (consumer.isConv()) {
      if (!map.identity() || ArrayRef(map.shape) != inType.getShape())
        return refuse("the consumer conv does not read the producer's layout");
    } else {
      // binary FC after a Flatten: feature k of row m must be element (m, rest[k]) of
      // the base [M, spatial..., C] for one map rest[] shared by all rows.
      ArrayRef<int64_t> base = map.base;
      int64_t m = inType.getDimSize(0), kk = inType.getDimSize(1);
      int64_t per = 1;
      for (int64_t d : base.drop_front())
        per *= d;
      if (base.size() < 2 || base[0] != m || per != kk)
        return refuse("the binary FC's rows are not the producer's batch rows");
      map.materialize();
      SmallVector<int64_t> rest(static_cast<size_t>(kk), 0);
      for (int64_t row = 0; row < m; ++row)
        for (int64_t k = 0; k < kk; ++k) {
          int64_t src = map.data[size_t(row * kk + k)];
          if (src / per != row || (row > 0 && rest[size_t(k)] != src % per))
            return refuse("the flatten mixes the batch rows");
          rest[size_t(k)] = src % per;
        }
      FailureOr<SmallVector<uint64_t>> words = getConstantPackedWords(consumer.weightBits());
      if (failed(words))
        return refuse("the consumer FC's weight bits are not constant");
      int64_t c = base.back(), dc = binaryWordCount(c), dk = binaryWordCount(kk);
      int64_t n = cast<RankedTensorType>(consumer.weightBits().getType()).getDimSize(0);
      e.groupChannels = c;
      e.groups = per / c;
      e.consumerWords.assign(size_t(n * e.groups * dc), 0);
      for (int64_t o = 0; o < n; ++o)
        for (int64_t k = 0; k < kk; ++k)
          if (((*words)[size_t(o * dk + k / 64)] >> (k % 64)) & 1) {
            int64_t g = rest[size_t(k)] / c, ch = rest[size_t(k)] % c;
            e.consumerWords[size_t((o * e.groups + g) * dc + ch / 64)] |=
                int64_t(uint64_t(1) << (ch % 64));
          }
    }
    FailureOr<SmallVector<float>> alpha = getConstantFloatValues(producer.alpha());
    FailureOr<SmallVector<float>> bias = getConstantFloatValues(producer.bias());
    if (failed(alpha) || failed(bias))
      return refuse("the producer's alpha or bias is not constant");
    std::optional<int64_t> kk = producer.features();
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
    // The +1 set of every channel, an interval of [−K, K] (checked). Every integer of
    // [−K, K] is evaluated, not only those of K's parity: zero padding changes K_eff
    // per pixel, and a producer reading ONNX-sign zeros (its nonzero plane) reaches
    // every integer.
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

  /// The packed sign bits (or, with `nonzero`, the nonzero plane) of a layer's float
  /// input: NHWC words for a conv, [M, ceil(K / 64)] for a matmul (packed as
  /// [M, 1, 1, K]).
  static Value packInput(OpBuilder &b, Layer x, bool nonzero) {
    Location loc = x.op->getLoc();
    auto inType = x.inputType();
    SmallVector<int64_t> shape(inType.getShape());
    shape.back() = binaryWordCount(shape.back());
    UnitAttr nz = nonzero ? b.getUnitAttr() : UnitAttr();
    if (x.isConv())
      return BinaryPackOp::create(b, loc, RankedTensorType::get(shape, b.getI64Type()),
                                  x.input(), nz);
    int64_t m = inType.getDimSize(0), k = inType.getDimSize(1);
    SmallVector<ReassociationIndices> groups = {{0, 1, 2}, {3}};
    Value x4 = tensor::ExpandShapeOp::create(
        b, loc, RankedTensorType::get({m, 1, 1, k}, b.getF32Type()), x.input(), groups);
    Value p4 = BinaryPackOp::create(
        b, loc, RankedTensorType::get({m, 1, 1, shape.back()}, b.getI64Type()), x4, nz);
    return tensor::CollapseShapeOp::create(b, loc, RankedTensorType::get(shape, b.getI64Type()),
                                           p4, groups);
  }

  void runOnFunction(func::FuncOp func) {
    SmallVector<Layer> binaries;
    func.walk([&](Operation *op) {
      if (Layer l = layerOf(op))
        binaries.push_back(l);
    });
    std::vector<Edge> edges;
    edges.reserve(binaries.size());
    for (Layer q : binaries)
      if (FailureOr<Edge> e = matchEdge(q); succeeded(e))
        edges.push_back(std::move(*e));
    if (edges.empty())
      return;
    llvm::DenseMap<Operation *, Edge *> byProducer, byConsumer;
    for (Edge &e : edges) {
      byProducer[e.producer.op] = &e;
      byConsumer[e.consumer.op] = &e;
    }
    llvm::SmallPtrSet<Operation *, 16> dead;
    OpBuilder b(func.getContext());
    for (Layer x : binaries) {
      Edge *in = byConsumer.lookup(x.op), *out = byProducer.lookup(x.op);
      if (!in && !out)
        continue;
      b.setInsertionPoint(x.op);
      Location loc = x.op->getLoc();
      auto inType = x.inputType();
      int64_t c = inType.getShape().back();
      // The first layer of a chain packs its float input: sign bits, plus the nonzero
      // plane when its sign is ONNX's (a zero input counts nothing).
      Value packed, nonzero;
      if (in) {
        packed = in->packed;
      } else {
        packed = packInput(b, x, false);
        if (signFormOf(x) == SignForm::Onnx)
          nonzero = packInput(b, x, true);
      }
      // A binary FC after a Flatten reads its permuted weights, grouped per pixel.
      Value weights = x.weightBits();
      if (in && !x.isConv()) {
        int64_t n = cast<RankedTensorType>(weights.getType()).getDimSize(0);
        auto wType = RankedTensorType::get(
            {n, in->groups * binaryWordCount(in->groupChannels)}, b.getI64Type());
        weights = arith::ConstantOp::create(
            b, loc, DenseElementsAttr::get(wType, ArrayRef<int64_t>(in->consumerWords)));
        c = in->groupChannels;
      }
      auto resultType = x.resultType();
      IntegerAttr channels = b.getI64IntegerAttr(c);
      if (out) {
        int64_t f = resultType.getShape().back();
        auto tType = RankedTensorType::get({f, 2}, b.getI64Type());
        Value thresholds = arith::ConstantOp::create(
            b, loc, DenseElementsAttr::get(tType, ArrayRef<int64_t>(out->thresholds)));
        SmallVector<int64_t> shape(resultType.getShape());
        shape.back() = binaryWordCount(f);
        auto bitsType = RankedTensorType::get(shape, b.getI64Type());
        Value bits;
        if (x.isConv()) {
          BinaryConv2DOp conv = x.conv();
          bits = BinaryConv2DThresholdOp::create(b, loc, bitsType, packed, weights, thresholds,
                                                 nonzero, channels, conv.getStridesAttr(),
                                                 conv.getPadAttr(), conv.getDilationsAttr(),
                                                 conv.getPadValueAttr());
        } else {
          bits = BinaryMatmulThresholdOp::create(b, loc, bitsType, packed, weights, thresholds,
                                                 nonzero, channels);
        }
        for (Operation *op : out->spatial) {
          auto opType = cast<RankedTensorType>(op->getResult(0).getType());
          SmallVector<int64_t> to(opType.getShape());
          to.back() = shape.back();
          auto toType = RankedTensorType::get(to, b.getI64Type());
          if (auto pool = dyn_cast<tosa::MaxPool2dOp>(op)) {
            bits = BinaryMaxPool2DOp::create(b, pool.getLoc(), toType, bits, pool.getKernelAttr(),
                                             pool.getStrideAttr(), pool.getPadAttr(),
                                             b.getDenseI64ArrayAttr(out->orWords));
            continue;
          }
          std::optional<SmallVector<int64_t>> at =
              constShapeValues(cast<tosa::SliceOp>(op).getStart());
          SmallVector<int64_t> strides(4, 1);
          bits = tensor::ExtractSliceOp::create(b, op->getLoc(), toType, bits, ValueRange{},
                                                ValueRange{}, ValueRange{}, *at, to, strides);
        }
        if (!out->consumer.isConv() && cast<RankedTensorType>(bits.getType()).getRank() > 2) {
          // Flatten the packed base [N, spatial..., D] into rows of G·D words.
          auto bt = cast<RankedTensorType>(bits.getType());
          ReassociationIndices rest;
          int64_t words = 1;
          for (int64_t d = 1; d < bt.getRank(); ++d) {
            rest.push_back(d);
            words *= bt.getDimSize(d);
          }
          bits = tensor::CollapseShapeOp::create(
              b, loc, RankedTensorType::get({bt.getDimSize(0), words}, b.getI64Type()), bits,
              SmallVector<ReassociationIndices>{{0}, rest});
        }
        out->packed = bits;
        for (Operation *op : out->floatOps)
          dead.insert(op);
        dead.insert(x.op);
        int64_t flipped = 0, constant = 0, k = *x.features();
        for (int64_t ch = 0; ch < f; ++ch) {
          int64_t lo = out->thresholds[2 * ch], hi = out->thresholds[2 * ch + 1];
          if (lo > hi || (lo == -k && hi == k))
            ++constant;
          else if (lo == -k)
            ++flipped;
        }
        x.op->emitRemark() << "binary-thresholds: packed output for the binary layer at "
                           << out->consumer.op->getLoc() << " (" << f
                           << " channels: " << flipped << " with flipped comparison, "
                           << constant << " constant)"
                           << (nonzero ? ", input sign ONNX's (nonzero plane)" : "")
                           << (out->pool ? ", max-pool on packed bits" : "")
                           << (out->orWords.empty() ? "" : " (OR for decreasing channels)")
                           << (out->consumer.isConv() || !x.isConv()
                                   ? ""
                                   : ", flattened into the FC's bit layout");
      } else {
        Value y;
        if (x.isConv()) {
          BinaryConv2DOp conv = x.conv();
          y = BinaryConv2DPackedOp::create(b, loc, resultType, packed, weights, x.alpha(),
                                           x.bias(), channels, conv.getStridesAttr(),
                                           conv.getPadAttr(), conv.getDilationsAttr(),
                                           conv.getPadValueAttr());
        } else {
          y = BinaryMatmulPackedOp::create(b, loc, resultType, packed, weights, x.alpha(),
                                           x.bias(), channels);
        }
        x.op->getResult(0).replaceAllUsesWith(y);
        dead.insert(x.op);
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
