//===- FoldChannelShuffle.cpp - compress-fold-channel-shuffle -------------===//
//
// Replaces chains of tosa.transpose / tosa.reshape / tosa.slice that only
// reorder (or select) the channels of an NHWC tensor -- the channel shuffle of
// ShuffleNet (Reshape -> Transpose -> Reshape) and the layout transposes the
// importer puts around it -- by a static channel permutation, carried forward
// through per-channel ops and absorbed into the next convolution's weights.
// Passes.td describes the rewrite; the notation is
//
//   V = Perm(tau, B)   <=>   V[n, h, w, c] = B[n, h, w, tau(c)]   for every c.
//
//===----------------------------------------------------------------------===//
#include "compress/Import/Passes.h"
#include "ImportFold.h"

#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLExtras.h"

#include <functional>
#include <numeric>
#include <optional>
#include <vector>

namespace mlir::compress {
#define GEN_PASS_DEF_COMPRESSFOLDCHANNELSHUFFLE
#include "compress/Import/Passes.h.inc"
} // namespace mlir::compress

using namespace mlir;
using compress::onnx_import::constF32Values;
using compress::onnx_import::rebuildConst;

namespace {

using Perm = llvm::SmallVector<int64_t>;

/// Largest tensor whose index map is simulated (elements), and the element-steps
/// simulated per function at most (about 0.1 s): beyond it, chains are left as they are.
constexpr int64_t kMaxSimulatedElements = int64_t(1) << 20;
constexpr int64_t kSimulationBudget = int64_t(1) << 26;
/// Most operands of one tosa.concat (TOSA level 8K: MAX_TENSOR_LIST_SIZE).
constexpr size_t kMaxRuns = 64;
/// Longest transpose/reshape/slice chain looked at.
constexpr int kMaxChain = 8;

bool isChainOp(Operation *op) {
  return op && isa<tosa::TransposeOp, tosa::ReshapeOp, tosa::SliceOp>(op);
}

RankedTensorType staticType(Value v) {
  auto type = dyn_cast<RankedTensorType>(v.getType());
  return type && type.hasStaticShape() ? type : RankedTensorType();
}

bool isNHWC4D(Value v) {
  auto type = staticType(v);
  return type && type.getRank() == 4 && type.getElementType().isF32();
}

/// The values of `v` when a tosa.const_shape makes it (a slice's start), else nullopt.
std::optional<llvm::SmallVector<int64_t>> constShapeValues(Value v) {
  auto op = v.getDefiningOp<tosa::ConstShapeOp>();
  if (!op)
    return std::nullopt;
  llvm::SmallVector<int64_t> values;
  for (const APInt &a : op.getValues().getValues<APInt>())
    values.push_back(a.getSExtValue());
  return values;
}

/// The flat source index of every element of a tensor, in row-major order.
struct IndexTensor {
  llvm::SmallVector<int64_t> shape;
  std::vector<int64_t> data;
};

llvm::SmallVector<int64_t> stridesOf(llvm::ArrayRef<int64_t> shape) {
  llvm::SmallVector<int64_t> strides(shape.size(), 1);
  for (int64_t i = int64_t(shape.size()) - 2; i >= 0; --i)
    strides[i] = strides[i + 1] * shape[i + 1];
  return strides;
}

/// Applies `op` (a chain op) to the index tensor `in`; nullopt when the op is
/// not understood (dynamic shapes, a non-constant slice start).
std::optional<IndexTensor> simulate(Operation *op, const IndexTensor &in) {
  auto outType = staticType(op->getResult(0));
  if (!outType)
    return std::nullopt;
  IndexTensor out;
  out.shape.assign(outType.getShape().begin(), outType.getShape().end());
  int64_t count = outType.getNumElements();
  if (auto reshape = dyn_cast<tosa::ReshapeOp>(op)) {
    if (count != int64_t(in.data.size()))
      return std::nullopt;
    out.data = in.data;
    return out;
  }
  llvm::SmallVector<int64_t> inStrides = stridesOf(in.shape);
  // For every output dim: the input stride it walks and the input offset.
  llvm::SmallVector<int64_t> walk(out.shape.size());
  int64_t base = 0;
  if (auto transpose = dyn_cast<tosa::TransposeOp>(op)) {
    llvm::ArrayRef<int32_t> perms = transpose.getPerms();
    if (perms.size() != out.shape.size() || perms.size() != in.shape.size())
      return std::nullopt;
    for (size_t i = 0; i < perms.size(); ++i)
      walk[i] = inStrides[perms[i]];
  } else {
    auto start = constShapeValues(cast<tosa::SliceOp>(op).getStart());
    if (!start || out.shape.size() != in.shape.size() || start->size() != in.shape.size())
      return std::nullopt;
    for (size_t i = 0; i < start->size(); ++i) {
      int64_t s = (*start)[i];
      if (s < 0 || s + out.shape[i] > in.shape[i])
        return std::nullopt;
      base += s * inStrides[i];
      walk[i] = inStrides[i];
    }
  }
  out.data.resize(count);
  llvm::SmallVector<int64_t> idx(out.shape.size(), 0);
  for (int64_t k = 0; k < count; ++k) {
    int64_t src = base;
    for (size_t d = 0; d < idx.size(); ++d)
      src += idx[d] * walk[d];
    out.data[k] = in.data[src];
    for (int64_t d = int64_t(idx.size()) - 1; d >= 0; --d) {
      if (++idx[d] < out.shape[d])
        break;
      idx[d] = 0;
    }
  }
  return out;
}

/// If the chain `ops` (in program order) maps the rank-4 tensor `root`
/// [N, H, W, C] to a rank-4 tensor [N, H, W, C'] with
/// Y[n, h, w, c] = root[n, h, w, sigma(c)], returns sigma.
/// `budget` (element-steps left to simulate) is charged for the simulation.
std::optional<Perm> channelGather(Value root, llvm::ArrayRef<Operation *> ops, int64_t &budget) {
  auto inType = staticType(root);
  auto outType = staticType(ops.back()->getResult(0));
  if (!inType || !outType || inType.getRank() != 4 || outType.getRank() != 4 ||
      inType.getNumElements() > kMaxSimulatedElements)
    return std::nullopt;
  for (int d = 0; d < 3; ++d)
    if (inType.getDimSize(d) != outType.getDimSize(d))
      return std::nullopt;
  int64_t cost = inType.getNumElements() * int64_t(ops.size() + 1);
  if (cost > budget)
    return std::nullopt;
  budget -= cost;
  IndexTensor t;
  t.shape.assign(inType.getShape().begin(), inType.getShape().end());
  t.data.resize(inType.getNumElements());
  std::iota(t.data.begin(), t.data.end(), 0);
  for (Operation *op : ops) {
    auto next = simulate(op, t);
    if (!next)
      return std::nullopt;
    t = std::move(*next);
  }
  int64_t cIn = inType.getDimSize(3), cOut = outType.getDimSize(3);
  Perm sigma(cOut);
  for (int64_t c = 0; c < cOut; ++c) {
    sigma[c] = t.data[c];
    if (sigma[c] < 0 || sigma[c] >= cIn)
      return std::nullopt;
  }
  int64_t pixels = outType.getNumElements() / cOut;
  for (int64_t p = 0; p < pixels; ++p)
    for (int64_t c = 0; c < cOut; ++c)
      if (t.data[p * cOut + c] != p * cIn + sigma[c])
        return std::nullopt;
  return sigma;
}

bool isIdentity(llvm::ArrayRef<int64_t> perm) {
  for (size_t i = 0; i < perm.size(); ++i)
    if (perm[i] != int64_t(i))
      return false;
  return true;
}

struct Rewriter {
  OpBuilder builder;
  /// Original value -> (base, tau) with original = Perm(tau, base).
  llvm::DenseMap<Value, std::pair<Value, Perm>> permuted;
  bool changed = false;
  /// Element-steps of index simulation left (kSimulationBudget per function).
  int64_t budget = kSimulationBudget;

  explicit Rewriter(MLIRContext *ctx) : builder(ctx) {}

  Value constShape(Location loc, llvm::ArrayRef<int64_t> values) {
    auto type = RankedTensorType::get({int64_t(values.size())}, builder.getIndexType());
    return tosa::ConstShapeOp::create(
        builder, loc, tosa::shapeType::get(builder.getContext(), values.size()),
        DenseIntElementsAttr::get(type, values));
  }

  /// Channels [lo, hi) of the NHWC tensor `v`.
  Value channelSlice(Location loc, Value v, int64_t lo, int64_t hi) {
    // A slice of a channel slice is a slice of its input.
    while (auto inner = v.getDefiningOp<tosa::SliceOp>()) {
      auto start = constShapeValues(inner.getStart());
      Value src = inner.getInput1();
      if (!start || !isNHWC4D(src))
        break;
      llvm::ArrayRef<int64_t> s = *start;
      auto srcType = cast<RankedTensorType>(src.getType());
      auto vType = cast<RankedTensorType>(v.getType());
      if (s.size() != 4 || s[0] || s[1] || s[2] ||
          srcType.getShape().take_front(3) != vType.getShape().take_front(3))
        break;
      lo += s[3];
      hi += s[3];
      v = src;
    }
    auto type = cast<RankedTensorType>(v.getType());
    if (lo == 0 && hi == type.getDimSize(3))
      return v;
    llvm::SmallVector<int64_t> size(type.getShape());
    size[3] = hi - lo;
    return tosa::SliceOp::create(builder, loc, RankedTensorType::get(size, type.getElementType()),
                                 v, constShape(loc, {0, 0, 0, lo}), constShape(loc, size));
  }

  /// The channels `iota` (ascending) of `x`: `x` itself, a slice, or a concat of
  /// slices of the runs of consecutive channels; when `x` is a channel concat,
  /// the runs are sliced from its operands. Null (and nothing created) when there
  /// are more than kMaxRuns runs.
  Value gatherSorted(Location loc, Value x, llvm::ArrayRef<int64_t> iota) {
    auto type = cast<RankedTensorType>(x.getType());
    if (int64_t(iota.size()) == type.getDimSize(3))
      return x; // every channel, in order
    // Sources: the leaves of x's nest of channel concats, with their first channel.
    llvm::SmallVector<std::pair<Value, int64_t>> sources;
    std::function<void(Value, int64_t)> addSources = [&](Value v, int64_t offset) {
      auto concat = v.getDefiningOp<tosa::ConcatOp>();
      if (!concat || concat.getAxis() != 3 || !llvm::all_of(concat.getInput1(), isNHWC4D)) {
        sources.push_back({v, offset});
        return;
      }
      for (Value part : concat.getInput1()) {
        addSources(part, offset);
        offset += cast<RankedTensorType>(part.getType()).getDimSize(3);
      }
    };
    addSources(x, 0);
    // The runs: (source, first channel, end channel) in the source.
    llvm::SmallVector<std::tuple<Value, int64_t, int64_t>> runs;
    size_t i = 0;
    while (i < iota.size()) {
      size_t s = sources.size() - 1;
      while (sources[s].second > iota[i])
        --s;
      int64_t first = sources[s].second;
      int64_t end = first + cast<RankedTensorType>(sources[s].first.getType()).getDimSize(3);
      size_t j = i + 1;
      while (j < iota.size() && iota[j] == iota[j - 1] + 1 && iota[j] < end)
        ++j;
      runs.push_back({sources[s].first, iota[i] - first, iota[j - 1] + 1 - first});
      i = j;
    }
    // One tosa.concat takes at most 64 operands (TOSA level 8K, MAX_TENSOR_LIST_SIZE):
    // a gather of more runs (e.g. every second channel of 160) is left to the chain.
    if (runs.size() > kMaxRuns)
      return Value();
    llvm::SmallVector<Value> pieces;
    for (auto [source, lo, hi] : runs)
      pieces.push_back(channelSlice(loc, source, lo, hi));
    if (pieces.size() == 1)
      return pieces[0];
    llvm::SmallVector<int64_t> shape(type.getShape());
    shape[3] = iota.size();
    return tosa::ConcatOp::create(builder, loc, RankedTensorType::get(shape, type.getElementType()),
                                  pieces, builder.getI32IntegerAttr(3));
  }

  std::pair<Value, Perm> lookup(Value v) {
    auto it = permuted.find(v);
    if (it != permuted.end())
      return it->second;
    int64_t c = cast<RankedTensorType>(v.getType()).getDimSize(3);
    Perm id(c);
    std::iota(id.begin(), id.end(), 0);
    return {v, id};
  }

  /// `end` is the last op of a chain whose result has a user outside chains.
  void foldChain(Operation *end) {
    Value y = end->getResult(0);
    if (!isNHWC4D(y))
      return;
    llvm::SmallVector<Operation *> ops = {end};
    while (int(ops.size()) < kMaxChain && isChainOp(ops.back()->getOperand(0).getDefiningOp()))
      ops.push_back(ops.back()->getOperand(0).getDefiningOp());
    std::reverse(ops.begin(), ops.end());
    // Longest chain first: the root is the first value not made by a chain op.
    for (size_t first = 0; first < ops.size(); ++first) {
      Value root = ops[first]->getOperand(0);
      if (!isNHWC4D(root))
        continue;
      auto sigma = channelGather(root, llvm::ArrayRef(ops).drop_front(first), budget);
      if (!sigma)
        continue;
      auto [base, rho] = lookup(root);
      Perm s(sigma->size());
      for (size_t c = 0; c < s.size(); ++c)
        s[c] = rho[(*sigma)[c]];
      Perm iota(s);
      llvm::sort(iota);
      Perm tau(s.size());
      for (size_t c = 0; c < s.size(); ++c)
        tau[c] = llvm::lower_bound(iota, s[c]) - iota.begin();
      builder.setInsertionPoint(end);
      Value z = gatherSorted(end->getLoc(), base, iota);
      if (!z)
        return;
      if (isIdentity(tau))
        y.replaceAllUsesWith(z);
      else
        permuted[y] = {z, tau};
      changed = true;
      return;
    }
  }

  /// A copy of `op` at its place with operand `index` replaced.
  Operation *cloneWith(Operation *op, llvm::ArrayRef<std::pair<unsigned, Value>> operands) {
    builder.setInsertionPoint(op);
    Operation *clone = builder.clone(*op);
    for (auto [index, value] : operands)
      clone->setOperand(index, value);
    return clone;
  }

  /// The constant `c` with its channels permuted by tau: its trailing dims are
  /// (channel, inner) with `inner` elements per channel (1 for OHWI weights and
  /// per-channel [1, 1, 1, C] operands, M for HWCM depthwise weights and their
  /// [C * M] bias), and new[tau(ch), m] = old[ch, m]. nullopt if `c` is not an
  /// f32 constant of that shape.
  std::optional<Value> permuteConstLastDim(Operation *user, Value c, llvm::ArrayRef<int64_t> tau,
                                           int64_t inner = 1) {
    ElementsAttr attr;
    auto values = constF32Values(c, attr);
    auto type = staticType(c);
    int64_t n = int64_t(tau.size()) * inner;
    if (!values || !type || type.getRank() == 0)
      return std::nullopt;
    // The trailing dims must hold exactly (channel, inner): [.., C] or [.., C, M].
    int64_t trailing = 1;
    for (int64_t d = type.getRank() - 1; d >= 0 && trailing < n; --d)
      trailing *= type.getDimSize(d);
    if (trailing != n)
      return std::nullopt;
    std::vector<float> out(values->size());
    for (size_t k = 0; k < values->size(); ++k) {
      int64_t lane = k % n, row = k - lane;
      int64_t ch = lane / inner, m = lane % inner;
      out[row + tau[ch] * inner + m] = (*values)[k];
    }
    Value result = rebuildConst(builder, c, attr, out);
    builder.setInsertionPoint(user);
    return result;
  }

  /// Rewrites `op`, one of whose operands is permuted.
  void visit(Operation *op) {
    auto operandPerm = [&](unsigned i) -> const std::pair<Value, Perm> * {
      auto it = permuted.find(op->getOperand(i));
      return it == permuted.end() ? nullptr : &it->second;
    };
    // Convolution: absorb the permutation into the weights' input channels.
    if (auto conv = dyn_cast<tosa::Conv2DOp>(op)) {
      const auto *in = operandPerm(0);
      if (!in || operandPerm(1) || operandPerm(2))
        return;
      // OHWI: the input channel is the innermost dim.
      auto w = permuteConstLastDim(op, conv.getWeight(), in->second);
      if (!w)
        return;
      Operation *clone = cloneWith(op, {{0, in->first}, {1, *w}});
      op->getResult(0).replaceAllUsesWith(clone->getResult(0));
      changed = true;
      return;
    }
    // Depthwise: permute the weights (HWCM) and the bias; the output is permuted.
    if (auto dw = dyn_cast<tosa::DepthwiseConv2DOp>(op)) {
      const auto *in = operandPerm(0);
      auto wType = staticType(dw.getWeight());
      if (!in || operandPerm(1) || operandPerm(2) || !wType)
        return;
      int64_t m = wType.getDimSize(3);
      auto w = permuteConstLastDim(op, dw.getWeight(), in->second, m);
      if (!w)
        return;
      Value bias = dw.getBias();
      if (staticType(bias) && staticType(bias).getNumElements() != 1) {
        auto b = permuteConstLastDim(op, bias, in->second, m);
        if (!b)
          return;
        bias = *b;
      }
      Perm tauM(in->second.size() * m);
      for (size_t c = 0; c < in->second.size(); ++c)
        for (int64_t k = 0; k < m; ++k)
          tauM[c * m + k] = in->second[c] * m + k;
      Operation *clone = cloneWith(op, {{0, in->first}, {1, *w}, {2, bias}});
      permuted[op->getResult(0)] = {clone->getResult(0), tauM};
      changed = true;
      return;
    }
    // Per-channel unary ops and pools: the output carries the same permutation.
    if (isa<tosa::ClampOp, tosa::SigmoidOp, tosa::TanhOp, tosa::AbsOp, tosa::NegateOp,
            tosa::ExpOp, tosa::LogOp, tosa::ErfOp, tosa::ReciprocalOp, tosa::RsqrtOp,
            tosa::FloorOp, tosa::CeilOp, tosa::MaxPool2dOp, tosa::AvgPool2dOp>(op)) {
      const auto *in = operandPerm(0);
      if (!in || !isNHWC4D(op->getResult(0)))
        return;
      for (unsigned i = 1; i < op->getNumOperands(); ++i)
        if (operandPerm(i))
          return;
      Operation *clone = cloneWith(op, {{0, in->first}});
      permuted[op->getResult(0)] = {clone->getResult(0), in->second};
      changed = true;
      return;
    }
    // Binary elementwise: every rank-4 operand carries the same permutation, or
    // is constant along channels (last dim 1), or is a constant to permute.
    if (isa<tosa::AddOp, tosa::SubOp, tosa::MulOp, tosa::MaximumOp, tosa::MinimumOp,
            tosa::PowOp>(op)) {
      if (!isNHWC4D(op->getResult(0)))
        return;
      const Perm *tau = nullptr;
      for (unsigned i = 0; i < 2; ++i)
        if (const auto *p = operandPerm(i)) {
          if (tau && *tau != p->second)
            return;
          tau = &p->second;
        }
      if (!tau)
        return;
      llvm::SmallVector<std::pair<unsigned, Value>> operands;
      for (unsigned i = 0; i < 2; ++i) {
        Value v = op->getOperand(i);
        if (const auto *p = operandPerm(i)) {
          if (p->first.getType() != op->getResult(0).getType())
            return; // a broadcast permuted operand
          operands.push_back({i, p->first});
          continue;
        }
        auto type = staticType(v);
        if (!type || type.getRank() != 4)
          return;
        if (type.getDimSize(3) == 1)
          continue;
        auto permutedConst = permuteConstLastDim(op, v, *tau);
        if (!permutedConst)
          return;
        operands.push_back({i, *permutedConst});
      }
      Perm keep = *tau;
      Operation *clone = cloneWith(op, operands);
      permuted[op->getResult(0)] = {clone->getResult(0), keep};
      changed = true;
      return;
    }
    // Channel concat: the permutations of the operands, side by side.
    if (auto concat = dyn_cast<tosa::ConcatOp>(op)) {
      if (concat.getAxis() != 3 || !llvm::all_of(concat.getInput1(), isNHWC4D))
        return;
      Perm tau;
      llvm::SmallVector<std::pair<unsigned, Value>> operands;
      for (unsigned i = 0; i < op->getNumOperands(); ++i) {
        auto [base, p] = lookup(op->getOperand(i));
        int64_t offset = tau.size();
        for (int64_t c : p)
          tau.push_back(offset + c);
        operands.push_back({i, base});
      }
      Operation *clone = cloneWith(op, operands);
      permuted[op->getResult(0)] = {clone->getResult(0), tau};
      changed = true;
      return;
    }
    // Anything else keeps reading the original value.
  }
};

struct CompressFoldChannelShufflePass
    : compress::impl::CompressFoldChannelShuffleBase<CompressFoldChannelShufflePass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    Rewriter rewriter(&getContext());
    llvm::SmallVector<Operation *> ops;
    for (Block &block : func.getBody())
      for (Operation &op : block)
        ops.push_back(&op);
    for (Operation *op : ops) {
      if (isChainOp(op)) {
        Value y = op->getResult(0);
        bool endsChain = llvm::any_of(y.getUsers(), [](Operation *u) { return !isChainOp(u); });
        if (endsChain)
          rewriter.foldChain(op);
        continue;
      }
      if (llvm::any_of(op->getOperands(), [&](Value v) { return rewriter.permuted.count(v); }))
        rewriter.visit(op);
    }
    if (!rewriter.changed)
      return;
    // Erase what no longer has a user (the old chains, convs, constants).
    for (Block &block : func.getBody())
      for (Operation &op : llvm::make_early_inc_range(llvm::reverse(block)))
        if (isOpTriviallyDead(&op))
          op.erase();
  }
};

} // namespace
