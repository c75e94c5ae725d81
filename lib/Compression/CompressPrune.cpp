//===- CompressPrune.cpp - magnitude pruning of constant conv/matmul weights ===//
//
// Unstructured magnitude pruning (Han et al. 2015): the smallest-magnitude weights
// of each selected layer (scope=layer) or of all selected layers together
// (scope=global) are set to zero. The layers stay dense tosa ops with a fresh
// constant weight; compress-sparsify turns them into CSR sparse ops.
// Whole conv filters: compress-prune-filters (CompressPruneFilters.cpp).
//
//===----------------------------------------------------------------------===//
#include "compress/Compression/LayerCompression.h"
#include "compress/Compression/Passes.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FormatVariadic.h"

#include <algorithm>
#include <cmath>

namespace mlir::compress {
#define GEN_PASS_DEF_COMPRESSPRUNE
#include "compress/Compression/Passes.h.inc"
} // namespace mlir::compress

using namespace mlir;
using namespace mlir::compress;

namespace {

/// A layer to prune: its op, the weight operand, and the weights (row-major in the
/// weight operand's own layout: the order does not matter to magnitude pruning).
struct Layer {
  Operation *op;
  OpOperand *weight;
  std::string name;
  SmallVector<float> values;
};

/// Zeroes the `count` entries of smallest magnitude among `entries` (pairs of
/// layer index and position), ties broken by (layer, position).
void zeroSmallest(MutableArrayRef<Layer> layers, std::vector<std::pair<uint32_t, int64_t>> entries,
                  int64_t count) {
  if (count <= 0)
    return;
  auto magnitude = [&](const std::pair<uint32_t, int64_t> &e) {
    return std::fabs(layers[e.first].values[e.second]);
  };
  auto less = [&](const auto &a, const auto &b) {
    float ma = magnitude(a), mb = magnitude(b);
    return ma != mb ? ma < mb : a < b;
  };
  if (count < int64_t(entries.size()))
    std::nth_element(entries.begin(), entries.begin() + count, entries.end(), less);
  for (int64_t e = 0; e < count; ++e)
    layers[entries[e].first].values[entries[e].second] = 0.0f;
}

struct CompressPrunePass : public compress::impl::CompressPruneBase<CompressPrunePass> {
  using CompressPruneBase::CompressPruneBase;
  void runOnOperation() override;
};

void CompressPrunePass::runOnOperation() {
  warnUnknownLayerNames(getOperation(), *layers, getArgument());
  if (!(sparsity >= 0.0 && sparsity < 1.0)) {
    emitError(getOperation().getLoc()) << "compress-prune: sparsity must be in [0, 1), got "
                               << double(sparsity);
    return signalPassFailure();
  }
  llvm::StringSet<> wanted;
  for (const std::string &name : layers)
    wanted.insert(name);

  std::vector<Layer> selected;
  getOperation().walk([&](Operation *op) {
    OpOperand *weight = nullptr;
    if (auto conv = dyn_cast<tosa::Conv2DOp>(op))
      weight = &conv.getWeightMutable();
    else if (auto dw = dyn_cast<tosa::DepthwiseConv2DOp>(op))
      weight = &dw.getWeightMutable();
    else if (auto mm = dyn_cast<tosa::MatMulOp>(op))
      weight = &mm.getBMutable();
    else
      return;
    std::string name = layerName(op);
    if (!wanted.empty() && !wanted.contains(name))
      return;
    FailureOr<SmallVector<float>> values = getConstantFloatValues(weight->get());
    if (failed(values)) {
      (void)skipLayer(op, "prune", name, "weight is not a constant f32 tensor", !wanted.empty());
      return;
    }
    if (llvm::any_of(*values, [](float w) { return !std::isfinite(w); })) {
      (void)skipLayer(op, "prune", name, "weight is not finite", !wanted.empty());
      return;
    }
    selected.push_back({op, weight, std::move(name), std::move(*values)});
  });

  std::vector<SmallVector<float>> original;
  for (const Layer &l : selected)
    original.push_back(l.values);
  if (scope == PruneScope::Layer) {
    for (uint32_t i = 0; i < selected.size(); ++i) {
      int64_t n = int64_t(selected[i].values.size());
      std::vector<std::pair<uint32_t, int64_t>> entries(n);
      for (int64_t e = 0; e < n; ++e)
        entries[e] = {i, e};
      zeroSmallest(selected, std::move(entries), int64_t(std::floor(sparsity * double(n))));
    }
  } else {
    std::vector<std::pair<uint32_t, int64_t>> entries;
    for (uint32_t i = 0; i < selected.size(); ++i)
      for (int64_t e = 0, n = int64_t(selected[i].values.size()); e < n; ++e)
        entries.push_back({i, e});
    int64_t count = int64_t(std::floor(sparsity * double(entries.size())));
    zeroSmallest(selected, std::move(entries), count);
  }

  std::string params =
      llvm::formatv("sparsity={0:F2} scope={1}", double(sparsity),
                    stringifyPruneScope(scope)).str();
  for (auto [layer, before] : llvm::zip(selected, original)) {
    double err = 0, norm = 0;
    int64_t zeros = 0;
    for (auto [w, w0] : llvm::zip(layer.values, before)) {
      err += double(w - w0) * double(w - w0);
      norm += double(w0) * double(w0);
      zeros += w == 0.0f;
    }
    double relError = norm > 0 ? std::sqrt(err / norm) : 0.0;
    int64_t n = int64_t(layer.values.size());
    double achieved = n ? double(zeros) / double(n) : 0.0;
    auto type = cast<RankedTensorType>(layer.weight->get().getType());
    OpBuilder builder(layer.op);
    auto attr = DenseElementsAttr::get(type, ArrayRef<float>(layer.values));
    Value pruned = tosa::ConstOp::create(builder, layer.op->getLoc(), type, attr);
    layer.weight->set(pruned);

    CompressInfo info;
    info.method = "prune";
    info.params = params;
    info.weightBytesBefore = info.weightBytesAfter = n * 4;
    info.relError = relError;
    info.weightNorm = std::sqrt(norm);
    recordLayer(layer.op, layer.name, info);
    layer.op->emitRemark() << llvm::formatv(
        "prune: layer '{0}' {1}: {2} of {3} weights zero (sparsity {4:F2}), rel_error {5:e}",
        layer.name, params, zeros, n, achieved, relError);
  }
}

} // namespace
