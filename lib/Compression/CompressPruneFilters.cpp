//===- CompressPruneFilters.cpp - filter-level (structured) pruning -------===//
//
// Filter pruning (Li, Kadav, Durdanovic, Samet, Graf, "Pruning Filters for Efficient
// ConvNets", ICLR 2017): the output filters of smallest L1 (or L2) norm are removed
// from a tosa.conv2d, which removes the matching channels of its output. Channels are
// coupled across ops (Fang, Ma, Song, Mi, Wang, "DepGraph: Towards Any Structural
// Pruning", CVPR 2023): every NHWC value whose channel axis must keep the same
// channels is put in one group by a union-find over the ops that map channel c to
// channel c:
//
//   * elementwise ops (clamp, tanh, sigmoid, exp, negate, abs, erf; add, sub, mul,
//     maximum, minimum of two same-channel tensors) and pooling join their operands
//     and result; a constant operand broadcast per channel ([.., C]) is sliced, one
//     broadcast over channels ([.., 1]) is left alone;
//   * a tosa.depthwise_conv2d with constant weights and multiplier 1 joins input
//     and output (its per-channel weights and bias are removed with the channel);
//   * a tosa.conv2d with constant weights and bias starts a group at its output (a
//     "producer") and ends one at its input (a "consumer": the I axis of its OHWI
//     weight is sliced).
//
// Anything else that touches a value of the group (reshape, transpose, matmul,
// concat, reduce, a function argument or return, a conv with runtime weights, ...)
// pins the group: its producers are left alone with a remark naming that op.
//
// Exactness: removing channel c is the same as zeroing channel c's parameters in
// every producer (weights and bias) and depthwise layer of the group, provided the
// channel then reaches every consumer as exact zeros (the consumer's zero padding
// agrees). A Zero/NonZero analysis over the group checks that: producers and
// depthwise outputs are Zero; clamp with 0 in range, tanh, negate, abs, erf and
// pooling keep Zero; sigmoid and exp do not; add/sub/max/min are Zero when both
// sides are (a constant: all its elements 0); mul when either side is (activations
// outside the group are assumed finite). A group whose channels would reach a
// consumer non-zero is left alone with a remark naming the op where they stop being
// zero. action=zero performs exactly that zeroing, the oracle of the removal.
//
//===----------------------------------------------------------------------===//
#include "compress/Compression/LayerCompression.h"
#include "compress/Compression/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Matchers.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"

#include <algorithm>
#include <cmath>
#include <numeric>

using namespace mlir;
using namespace mlir::compress;

namespace mlir::compress {
#define GEN_PASS_DEF_COMPRESSPRUNEFILTERS
#include "compress/Compression/Passes.h.inc"
} // namespace mlir::compress

namespace {

struct FilterPruneOptions {
  /// Fraction of each channel group's filters to remove, in [0, 1): floor(fraction·C),
  /// at most C − 1.
  double fraction = 0.0;
  /// Rank the filters by their L2 norm instead of L1.
  bool l2 = false;
  /// Zero the selected filters' parameters in place (shapes unchanged) instead of
  /// removing them.
  bool zeroOnly = false;
  /// Producer layers to prune (NameLoc names); empty: all.
  std::vector<std::string> layers;
};

/// A static rank-4 f32 tensor: an NHWC activation whose axis 3 is the channel axis.
bool isChannelTensor(Value v) {
  auto type = dyn_cast<RankedTensorType>(v.getType());
  return type && type.getRank() == 4 && type.hasStaticShape() && type.getElementType().isF32();
}

int64_t channelsOf(Value v) { return cast<RankedTensorType>(v.getType()).getDimSize(3); }

/// A fraction as printf's %g spells it (0.25, 0.1).
std::string formatFraction(double x) { return llvm::formatv("{0}", llvm::format("%g", x)).str(); }

bool isConstant(Value v) { return matchPattern(v, m_Constant()); }

/// "tosa.reshape 'name'" (the layer name when the op has one).
std::string describe(Operation *op) {
  std::string name = layerName(op);
  std::string text = op->getName().getStringRef().str();
  if (!name.empty())
    text += " '" + name + "'";
  return text;
}

/// The element count and shape of a constant f32 operand, or failure.
struct ConstTensor {
  SmallVector<float> values;
  SmallVector<int64_t> shape;
};
FailureOr<ConstTensor> readConst(Value v) {
  auto type = dyn_cast<RankedTensorType>(v.getType());
  if (!type || !type.hasStaticShape())
    return failure();
  FailureOr<SmallVector<float>> values = getConstantFloatValues(v);
  if (failed(values))
    return failure();
  return ConstTensor{std::move(*values), SmallVector<int64_t>(type.getShape())};
}

/// `values` (row-major, `shape`) with the entries whose index along `axis` is in
/// `removed` dropped (drop = true) or set to 0 (drop = false).
SmallVector<float> editAlong(ArrayRef<float> values, ArrayRef<int64_t> shape, unsigned axis,
                             const std::vector<bool> &removed, bool drop) {
  int64_t outer = 1, inner = 1, n = shape[axis];
  for (unsigned d = 0; d < axis; ++d)
    outer *= shape[d];
  for (unsigned d = axis + 1; d < shape.size(); ++d)
    inner *= shape[d];
  SmallVector<float> out;
  out.reserve(values.size());
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t c = 0; c < n; ++c)
      for (int64_t i = 0; i < inner; ++i) {
        float v = values[(o * n + c) * inner + i];
        if (!removed[c])
          out.push_back(v);
        else if (!drop)
          out.push_back(0.0f);
      }
  return out;
}

/// Replaces operand `operand` of `op` by a fresh tosa.const holding `values` of
/// `shape` (the old constant may be shared with other ops, so it is never edited).
void setConstOperand(Operation *op, unsigned operand, ArrayRef<int64_t> shape,
                     ArrayRef<float> values) {
  OpBuilder builder(op);
  auto type = RankedTensorType::get(shape, builder.getF32Type());
  auto attr = DenseElementsAttr::get(type, values);
  op->setOperand(operand, tosa::ConstOp::create(builder, op->getLoc(), type, attr));
}

/// Edits constant operand `operand` of `op` along `axis` (see editAlong).
void editConstOperand(Operation *op, unsigned operand, unsigned axis,
                      const std::vector<bool> &removed, bool drop) {
  ConstTensor t = *readConst(op->getOperand(operand));
  SmallVector<float> values = editAlong(t.values, t.shape, axis, removed, drop);
  SmallVector<int64_t> shape = t.shape;
  if (drop)
    shape[axis] = llvm::count(removed, false);
  setConstOperand(op, operand, shape, values);
}

/// Edits the bias (operand 2) of a conv / depthwise layer whose output channels
/// `removed` go. A one-element bias is shared by all channels: kept as it is when
/// removing, spelled out per channel when zeroing.
void editBias(Operation *op, const std::vector<bool> &removed, bool drop) {
  ConstTensor bias = *readConst(op->getOperand(2));
  int64_t n = int64_t(removed.size());
  if (int64_t(bias.values.size()) == n)
    editConstOperand(op, 2, 0, removed, drop);
  else if (!drop)
    setConstOperand(op, 2, {n},
                    editAlong(SmallVector<float>(n, bias.values[0]), {n}, 0, removed, false));
}

/// Multiply-accumulates of a conv / depthwise layer (batch included): output elements
/// × reduction length, as compress-compile --report counts them.
int64_t layerMACs(Operation *op) {
  auto out = cast<RankedTensorType>(op->getResult(0).getType());
  auto w = cast<RankedTensorType>(op->getOperand(1).getType());
  if (isa<tosa::Conv2DOp>(op))
    return out.getNumElements() * w.getDimSize(1) * w.getDimSize(2) * w.getDimSize(3);
  return out.getNumElements() * w.getDimSize(0) * w.getDimSize(1);
}

/// Union-find over the channel tensors of the module.
struct ChannelGroups {
  llvm::DenseMap<Value, unsigned> index;
  std::vector<unsigned> parent;
  unsigned id(Value v) {
    auto [it, inserted] = index.try_emplace(v, parent.size());
    if (inserted)
      parent.push_back(parent.size());
    return find(it->second);
  }
  unsigned find(unsigned i) {
    while (parent[i] != i)
      i = parent[i] = parent[parent[i]];
    return i;
  }
  void join(Value a, Value b) {
    unsigned ra = id(a), rb = id(b);
    if (ra != rb)
      parent[std::max(ra, rb)] = std::min(ra, rb);
  }
};

/// Everything attached to one group of coupled channels.
struct Group {
  SmallVector<Operation *> producers; // tosa.conv2d whose output is in the group
  SmallVector<Operation *> depthwise; // tosa.depthwise_conv2d passing the group through
  SmallVector<Operation *> consumers; // tosa.conv2d reading the group
  SmallVector<Operation *> ops;       // elementwise and pooling ops inside the group
  SmallVector<Value> values;
  std::string pinned; // why the channels cannot be removed ("" if they can)
  std::vector<bool> removed;
};

/// Original weights and the removed output / input channels of a touched layer.
struct Touched {
  ConstTensor weight;
  int64_t macsBefore = 0;
  std::vector<bool> removedOut, removedIn;
};

bool isUnary(Operation *op) {
  return isa<tosa::ClampOp, tosa::TanhOp, tosa::SigmoidOp, tosa::ExpOp, tosa::NegateOp,
             tosa::AbsOp, tosa::ErfOp, tosa::AvgPool2dOp, tosa::MaxPool2dOp>(op);
}
/// The arith op of a linalg.generic that applies one binary arith op to its two
/// inputs elementwise (all loops parallel, each input map the identity or a
/// broadcast of size-1 dims, the output map the identity, the init a tensor.empty),
/// as the ONNX importer builds Div; null otherwise.
Operation *elementwiseGenericBody(Operation *op) {
  auto generic = dyn_cast<linalg::GenericOp>(op);
  if (!generic || generic.getNumDpsInputs() != 2 || generic.getNumDpsInits() != 1 ||
      generic->getNumResults() != 1 || generic.getNumParallelLoops() != generic.getNumLoops() ||
      !generic.getDpsInits()[0].getDefiningOp<tensor::EmptyOp>())
    return nullptr;
  SmallVector<AffineMap> maps = generic.getIndexingMapsArray();
  if (!maps.back().isIdentity())
    return nullptr;
  for (unsigned i = 0; i < 2; ++i) {
    if (maps[i].getNumResults() != maps.back().getNumResults())
      return nullptr;
    for (auto [k, e] : llvm::enumerate(maps[i].getResults())) {
      auto dim = dyn_cast<AffineDimExpr>(e);
      auto cst = dyn_cast<AffineConstantExpr>(e);
      if (!(dim && dim.getPosition() == k) && !(cst && cst.getValue() == 0))
        return nullptr;
    }
  }
  Block &body = generic.getRegion().front();
  if (body.getOperations().size() != 2)
    return nullptr;
  Operation *arith = &body.front();
  auto yield = dyn_cast<linalg::YieldOp>(body.getTerminator());
  if (!isa<arith::AddFOp, arith::SubFOp, arith::MulFOp, arith::DivFOp>(arith) ||
      arith->getNumOperands() != 2 || arith->getOperand(0) != body.getArgument(0) ||
      arith->getOperand(1) != body.getArgument(1) || !yield ||
      yield->getOperand(0) != arith->getResult(0))
    return nullptr;
  return arith;
}

bool isBinary(Operation *op) {
  return isa<tosa::AddOp, tosa::SubOp, tosa::MulOp, tosa::MaximumOp, tosa::MinimumOp>(op) ||
         elementwiseGenericBody(op);
}

/// Does a unary op map 0 to 0?
bool keepsZero(Operation *op) {
  if (auto clamp = dyn_cast<tosa::ClampOp>(op)) {
    auto lo = dyn_cast<FloatAttr>(clamp.getMinValAttr());
    auto hi = dyn_cast<FloatAttr>(clamp.getMaxValAttr());
    return lo && hi && lo.getValueAsDouble() <= 0.0 && hi.getValueAsDouble() >= 0.0;
  }
  return !isa<tosa::SigmoidOp, tosa::ExpOp>(op);
}

class FilterPruner {
public:
  FilterPruner(ModuleOp module, const FilterPruneOptions &options)
      : module(module), options(options) {}
  void run();

private:
  void build();
  /// Records that `v`'s channels cannot change (resolved to groups once all are joined).
  void pin(Value v, const std::string &why) {
    groups.id(v);
    pinList.push_back({v, why});
  }
  /// Checks a group and chooses its channels; returns why it is left alone, or "".
  std::string analyze(Group &g);
  void apply(Group &g);
  Touched &touch(Operation *op);

  ModuleOp module;
  const FilterPruneOptions &options;
  ChannelGroups groups;
  std::vector<std::pair<Value, std::string>> pinList;
  SmallVector<Operation *> producers, depthwise, consumers, ops;
  llvm::MapVector<Operation *, Touched> touched;
};

void FilterPruner::build() {
  module.walk([&](Operation *op) {
    for (Region &region : op->getRegions())
      for (Block &block : region)
        for (BlockArgument arg : block.getArguments())
          if (isChannelTensor(arg))
            pin(arg, "a block argument");
    if (isa<tosa::Conv2DOp, tosa::DepthwiseConv2DOp>(op))
      for (Value v : op->getOperands().drop_front()) // an activation used as weights
        if (isChannelTensor(v) && !isConstant(v))
          pin(v, describe(op) + " (as weights)");
    if (auto conv = dyn_cast<tosa::Conv2DOp>(op)) {
      Value in = conv.getInput(), out = conv.getOutput();
      bool constant = isChannelTensor(in) && isChannelTensor(out) &&
                      succeeded(readConst(conv.getWeight())) &&
                      succeeded(readConst(conv.getBias()));
      if (!constant) {
        for (Value v : {in, out})
          if (isChannelTensor(v))
            pin(v, describe(op) + " (weights or bias not constant f32)");
        return;
      }
      groups.id(in);
      groups.id(out);
      producers.push_back(op);
      consumers.push_back(op);
      return;
    }
    if (auto dw = dyn_cast<tosa::DepthwiseConv2DOp>(op)) {
      Value in = dw.getInput(), out = dw.getOutput();
      auto w = dyn_cast<RankedTensorType>(dw.getWeight().getType());
      bool ok = isChannelTensor(in) && isChannelTensor(out) && w && w.hasStaticShape() &&
                w.getRank() == 4 && w.getDimSize(3) == 1 &&
                succeeded(readConst(dw.getWeight())) && succeeded(readConst(dw.getBias()));
      if (!ok) {
        for (Value v : {in, out})
          if (isChannelTensor(v))
            pin(v, describe(op) + " (channel multiplier > 1 or weights not constant)");
        return;
      }
      groups.join(in, out);
      depthwise.push_back(op);
      return;
    }
    if ((isUnary(op) || isBinary(op)) && op->getNumResults() == 1 &&
        isChannelTensor(op->getResult(0))) {
      Value out = op->getResult(0);
      int64_t c = channelsOf(out);
      unsigned data = isBinary(op) ? 2 : 1;
      for (unsigned i = 0; i < data; ++i) {
        Value in = op->getOperand(i);
        if (isConstant(in)) {
          auto t = dyn_cast<RankedTensorType>(in.getType());
          if (!t || !t.hasStaticShape() || t.getRank() != 4 ||
              (t.getDimSize(3) != c && t.getDimSize(3) != 1) ||
              (t.getDimSize(3) == c && failed(readConst(in))))
            pin(out, describe(op) + " (constant operand not readable per channel)");
        } else if (isChannelTensor(in) && channelsOf(in) == c) {
          groups.join(in, out);
        } else if (!(isChannelTensor(in) && channelsOf(in) == 1)) {
          pin(out, describe(op) + " (operand of another shape)");
        }
      }
      if (auto generic = dyn_cast<linalg::GenericOp>(op))
        groups.join(generic.getDpsInits()[0], out); // the tensor.empty init
      groups.id(out);
      ops.push_back(op);
      return;
    }
    // Any other op: its channel operands and results cannot change shape.
    for (Value v : op->getOperands())
      if (isChannelTensor(v) && !isConstant(v))
        pin(v, describe(op));
    for (Value v : op->getResults())
      if (isChannelTensor(v) && !isa<tosa::ConstOp, tensor::EmptyOp>(op) &&
          !op->hasTrait<OpTrait::ConstantLike>())
        pin(v, "the output of " + describe(op));
  });
}

Touched &FilterPruner::touch(Operation *op) {
  auto [it, inserted] = touched.try_emplace(op);
  if (inserted) {
    it->second.weight = *readConst(op->getOperand(1));
    it->second.macsBefore = layerMACs(op);
  }
  return it->second;
}

std::string FilterPruner::analyze(Group &g) {
  if (!g.pinned.empty())
    return "its output channels reach " + g.pinned;
  for (Value v : g.values)
    if (channelsOf(v) != channelsOf(g.values.front()))
      return "its channel group mixes channel counts";
  Block *block = g.producers.front()->getBlock();
  auto inBlock = [&](Operation *op) { return op->getBlock() == block; };
  if (!llvm::all_of(g.producers, inBlock) || !llvm::all_of(g.depthwise, inBlock) ||
      !llvm::all_of(g.consumers, inBlock) || !llvm::all_of(g.ops, inBlock))
    return "its channel group spans several blocks";

  // Zero/NonZero analysis in program order; `culprit` is where a value stops being zero.
  llvm::DenseMap<Value, Operation *> culprit; // absent: zero
  SmallVector<Operation *> order(g.ops);
  llvm::sort(order, [](Operation *a, Operation *b) { return a->isBeforeInBlock(b); });
  auto inGroup = [&](Value v) { return llvm::is_contained(g.values, v); };
  auto zero = [&](Value v) {
    if (inGroup(v))
      return !culprit.count(v);
    if (auto t = readConst(v); succeeded(t))
      return llvm::all_of(t->values, [](float x) { return x == 0.0f; });
    return false;
  };
  auto nonzeroConstant = [&](Value v) {
    FailureOr<ConstTensor> t = readConst(v);
    return succeeded(t) && llvm::none_of(t->values, [](float x) { return x == 0.0f; });
  };
  auto firstCulprit = [&](Operation *op) -> Operation * {
    for (Value v : op->getOperands())
      if (inGroup(v) && culprit.count(v))
        return culprit.lookup(v);
    return op;
  };
  for (Operation *op : order) {
    Value out = op->getResult(0);
    bool isZero;
    if (isUnary(op))
      isZero = zero(op->getOperand(0)) && keepsZero(op);
    else if (isa<tosa::MulOp>(op) || isa_and_nonnull<arith::MulFOp>(elementwiseGenericBody(op)))
      isZero = zero(op->getOperand(0)) || zero(op->getOperand(1));
    else if (isa_and_nonnull<arith::DivFOp>(elementwiseGenericBody(op)))
      isZero = zero(op->getOperand(0)) && nonzeroConstant(op->getOperand(1));
    else
      isZero = zero(op->getOperand(0)) && zero(op->getOperand(1));
    if (!isZero)
      culprit[out] = firstCulprit(op);
  }
  for (Operation *consumer : g.consumers)
    if (auto it = culprit.find(consumer->getOperand(0)); it != culprit.end())
      return "its removed channels would reach " + describe(consumer) + " non-zero (after " +
             describe(it->second) + ")";

  int64_t c = channelsOf(g.values.front());
  int64_t count = std::min<int64_t>(int64_t(std::floor(options.fraction * double(c))), c - 1);
  if (count <= 0)
    return llvm::formatv("no filter to remove: filters={0} of {1} channels", formatFraction(options.fraction), c).str();

  // Channel score: the L1 or L2 norm of the channel's filters over all producers.
  std::vector<double> score(c, 0.0);
  for (Operation *p : g.producers) {
    ConstTensor w = *readConst(p->getOperand(1));
    int64_t per = int64_t(w.values.size()) / c;
    for (int64_t f = 0; f < c; ++f)
      for (int64_t i = 0; i < per; ++i) {
        double x = w.values[f * per + i];
        score[f] += options.l2 ? x * x : std::fabs(x);
      }
  }
  std::vector<int64_t> rank(c);
  std::iota(rank.begin(), rank.end(), 0);
  llvm::sort(rank, [&](int64_t a, int64_t b) {
    return score[a] != score[b] ? score[a] < score[b] : a < b;
  });
  g.removed.assign(c, false);
  for (int64_t i = 0; i < count; ++i)
    g.removed[rank[i]] = true;
  return "";
}

void FilterPruner::apply(Group &g) {
  bool drop = !options.zeroOnly;
  int64_t kept = llvm::count(g.removed, false);
  for (Operation *p : g.producers) {
    touch(p).removedOut = g.removed;
    editConstOperand(p, 1, 0, g.removed, drop);
    editBias(p, g.removed, drop);
  }
  for (Operation *dw : g.depthwise) {
    Touched &t = touch(dw);
    t.removedOut = t.removedIn = g.removed;
    editConstOperand(dw, 1, 2, g.removed, drop);
    editBias(dw, g.removed, drop);
  }
  if (!drop)
    return; // the consumers and the constants of the chain stay as they are
  for (Operation *consumer : g.consumers) {
    touch(consumer).removedIn = g.removed;
    editConstOperand(consumer, 1, 3, g.removed, /*drop=*/true);
  }
  for (Operation *op : g.ops)
    for (unsigned i = 0, e = isBinary(op) ? 2 : 1; i < e; ++i) {
      Value in = op->getOperand(i);
      if (isConstant(in) && cast<RankedTensorType>(in.getType()).getDimSize(3) ==
                                int64_t(g.removed.size()) && g.removed.size() > 1)
        editConstOperand(op, i, 3, g.removed, /*drop=*/true);
    }
  for (Value v : g.values) {
    auto type = cast<RankedTensorType>(v.getType());
    SmallVector<int64_t> shape(type.getShape());
    shape[3] = kept;
    v.setType(RankedTensorType::get(shape, type.getElementType()));
  }
}

void FilterPruner::run() {
  build();
  // Gather the groups in program order of their first producer.
  llvm::MapVector<unsigned, Group> byRoot;
  for (Operation *p : producers)
    byRoot[groups.id(p->getResult(0))].producers.push_back(p);
  for (Operation *c : consumers)
    if (auto it = byRoot.find(groups.id(c->getOperand(0))); it != byRoot.end())
      it->second.consumers.push_back(c);
  for (Operation *dw : depthwise)
    if (auto it = byRoot.find(groups.id(dw->getResult(0))); it != byRoot.end())
      it->second.depthwise.push_back(dw);
  for (Operation *op : ops)
    if (auto it = byRoot.find(groups.id(op->getResult(0))); it != byRoot.end())
      it->second.ops.push_back(op);
  for (auto &[value, i] : groups.index)
    if (auto it = byRoot.find(groups.find(i)); it != byRoot.end())
      it->second.values.push_back(value);
  for (auto &[value, why] : pinList)
    if (auto it = byRoot.find(groups.id(value)); it != byRoot.end() && it->second.pinned.empty())
      it->second.pinned = why;
  for (auto &[root, g] : byRoot) {
    llvm::sort(g.values, [](Value a, Value b) {
      return a.getAsOpaquePointer() < b.getAsOpaquePointer();
    });
  }

  llvm::StringSet<> wanted;
  for (const std::string &name : options.layers)
    wanted.insert(name);
  auto selected = [&](Operation *op) {
    return wanted.empty() || wanted.contains(layerName(op));
  };
  // Decide every group on the original weights, then edit.
  SmallVector<Group *> chosen;
  for (auto &[root, g] : byRoot) {
    SmallVector<Operation *> picked(llvm::make_filter_range(g.producers, selected));
    if (picked.empty())
      continue;
    std::string why;
    if (picked.size() != g.producers.size()) {
      Operation *other = *llvm::find_if(g.producers, [&](Operation *p) { return !selected(p); });
      why = "its output channels are coupled with layer '" + layerName(other) +
            "', which is not selected";
    } else {
      why = analyze(g);
    }
    if (!why.empty()) {
      // A warning when the user named the layer: the request is not honoured.
      for (Operation *p : picked)
        (void)skipLayer(p, "prune-filters", layerName(p), why, !wanted.empty());
      continue;
    }
    chosen.push_back(&g);
  }
  // A named layer that is no filter producer (a depthwise conv or matmul, or a conv
  // whose weights are not constant) would otherwise be skipped without a word.
  if (!wanted.empty()) {
    llvm::SmallPtrSet<Operation *, 16> isProducer(producers.begin(), producers.end());
    for (Operation *op : collectLayers(module, options.layers)) {
      if (isProducer.contains(op))
        continue;
      StringRef why =
          isa<tosa::DepthwiseConv2DOp>(op)
              ? "a depthwise conv has no filters of its own (its channels follow the conv "
                "that feeds it)"
          : isa<tosa::MatMulOp>(op)
              ? "filter pruning removes output channels of tosa.conv2d layers, not of matmuls"
              : "its weights or bias are not constant f32, or its input or output is not a "
                "static NHWC tensor";
      (void)skipLayer(op, "prune-filters", layerName(op), why, /*named=*/true);
    }
  }
  for (Group *g : chosen)
    apply(*g);

  // a compress.layer record and a remark on every layer whose weights changed.
  std::string params = llvm::formatv("filters={0} criterion={1} action={2}",
                                     formatFraction(options.fraction),
                                     options.l2 ? "l2" : "l1",
                                     options.zeroOnly ? "zero" : "remove")
                           .str();
  for (auto &[op, t] : touched) {
    bool dw = isa<tosa::DepthwiseConv2DOp>(op);
    ArrayRef<int64_t> shape = t.weight.shape;
    int64_t outs = dw ? shape[2] : shape[0], ins = dw ? shape[2] : shape[3];
    std::vector<bool> noneOut(outs, false), noneIn(ins, false);
    const std::vector<bool> &rOut = t.removedOut.empty() ? noneOut : t.removedOut;
    const std::vector<bool> &rIn = t.removedIn.empty() ? noneIn : t.removedIn;
    // ‖W − W₀‖ / ‖W‖ with W₀ = W without the removed filters and input channels.
    SmallVector<float> pruned = editAlong(t.weight.values, shape, dw ? 2 : 0, rOut, false);
    if (!dw)
      pruned = editAlong(pruned, shape, 3, rIn, false);
    double err = 0, norm = 0;
    for (auto [w, p] : llvm::zip(t.weight.values, pruned)) {
      err += double(w - p) * double(w - p);
      norm += double(w) * double(w);
    }
    double relError = norm > 0 ? std::sqrt(err / norm) : 0.0;
    int64_t keptOut = llvm::count(rOut, false), keptIn = llvm::count(rIn, false);
    int64_t bytesBefore = int64_t(t.weight.values.size()) * 4;
    int64_t bytesAfter = cast<RankedTensorType>(op->getOperand(1).getType()).getNumElements() * 4;
    std::string layerParams =
        dw ? llvm::formatv("{0} channels={1}/{2}", params, keptOut, outs).str()
           : llvm::formatv("{0} out={1}/{2} in={3}/{4}", params, keptOut, outs, keptIn, ins).str();
    std::string name = layerName(op);
    CompressInfo info;
    info.method = "prune-filters";
    info.params = layerParams;
    info.weightBytesBefore = bytesBefore;
    info.weightBytesAfter = bytesAfter;
    info.macsBefore = t.macsBefore;
    info.macsAfter = layerMACs(op);
    info.relError = relError;
    info.weightNorm = std::sqrt(norm);
    recordLayer(op, name, info);
    op->emitRemark() << llvm::formatv("prune-filters: layer '{0}' {1}, rel_error {2:e}", name,
                                      layerParams, relError);
  }
}

struct CompressPruneFiltersPass
    : public compress::impl::CompressPruneFiltersBase<CompressPruneFiltersPass> {
  using CompressPruneFiltersBase::CompressPruneFiltersBase;
  void runOnOperation() override {
    warnUnknownLayerNames(getOperation(), *layers, getArgument());
    if (!(fraction >= 0.0 && fraction < 1.0)) {
      emitError(getOperation().getLoc()) << "compress-prune-filters: fraction must be in [0, 1), got "
                                 << double(fraction);
      return signalPassFailure();
    }
    FilterPruneOptions options;
    options.fraction = fraction;
    options.l2 = criterion == FilterCriterion::L2;
    options.zeroOnly = action == FilterAction::Zero;
    options.layers.assign(layers.begin(), layers.end());
    FilterPruner(getOperation(), options).run();
  }
};

} // namespace
