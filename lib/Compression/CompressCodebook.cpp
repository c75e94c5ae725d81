//===- CompressCodebook.cpp - k-means weight sharing into codebook ops ----===//
//
// Deep Compression's weight sharing (Han et al. 2016): constant conv/matmul weights
// are clustered by 1-D k-means (compress/Algorithms/KMeans.h) and the layer is rewritten
// into compress.codebook_conv2d / codebook_matmul holding the centroids and the
// bit-packed indices (encodeCodebookIndex of CompressUtils.h).
//
//===----------------------------------------------------------------------===//
#include "compress/Dialect/Compress/IR/CompressOps.h"
#include "compress/Compression/LayerCompression.h"
#include "compress/Compression/Passes.h"
#include "compress/Algorithms/KMeans.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/PatternMatch.h"
#include "llvm/Support/FormatVariadic.h"

#include <cmath>

namespace mlir::compress {
#define GEN_PASS_DEF_COMPRESSCODEBOOK
#include "compress/Compression/Passes.h.inc"
} // namespace mlir::compress

using namespace mlir;
using namespace mlir::compress;

namespace {

/// A layer's weight as F rows (output channels) of R weights in the op's reduction
/// order, plus what the rewrite needs.
struct Codebook {
  SmallVector<int64_t> centroidShape; // [k] or [F, k]
  std::vector<float> centroids;
  std::vector<uint8_t> indices; // F rows of codebookRowBytes(R, bits) bytes
  int64_t rowBytes = 0;
  double squaredError = 0, squaredNorm = 0;

  int64_t bytes() const { return int64_t(indices.size()) + int64_t(centroids.size()) * 4; }
};

struct CompressCodebookPass
    : public compress::impl::CompressCodebookBase<CompressCodebookPass> {
  using CompressCodebookBase::CompressCodebookBase;

  void runOnOperation() override;

private:
  /// Clusters rows × rowSize weights (row-major). Fails (with the k-means error
  /// message) only on non-finite weights.
  FailureOr<Codebook> buildCodebook(Operation *op, ArrayRef<float> weights, int64_t rows,
                                    int64_t rowSize);
  /// Records the layer (compress.layer) on the new op and emits the remark.
  void annotate(Operation *newOp, StringRef layer, const Codebook &codebook,
                int64_t numWeights);
  std::string params() const;

  /// Rewrites a conv, depthwise conv or matmul into a codebook op; failure (the
  /// layer stays dense, a remark says why) when it does not qualify or pay.
  LogicalResult rewrite(Operation *op, IRRewriter &rewriter);
  LogicalResult checkPays(Operation *op, StringRef layer, const Codebook &cb,
                          int64_t numWeights);
  /// Leaves a layer dense, saying why (a warning when the layer was named).
  LogicalResult skip(Operation *op, StringRef layer, const Twine &why) {
    return skipLayer(op, "codebook", layer, why, !layers.empty());
  }

  KMeansOptions kmeans;
};

std::string CompressCodebookPass::params() const {
  std::string s = llvm::formatv("bits={0} {1} init={2}", int64_t(bits),
                                perChannel ? "per-channel" : "per-tensor",
                                stringifyKMeansInit(init));
  if (kmeans.init == KMeansInit::KMeansPlusPlus)
    s += llvm::formatv(" seed={0}", uint64_t(seed)).str();
  return s;
}

FailureOr<Codebook> CompressCodebookPass::buildCodebook(Operation *op, ArrayRef<float> weights,
                                                        int64_t rows, int64_t rowSize) {
  Codebook cb;
  cb.rowBytes = codebookRowBytes(rowSize, bits);
  cb.indices.assign(rows * cb.rowBytes, 0);
  // Packs one row's indices into row f of cb.indices.
  auto packRow = [&](int64_t f, ArrayRef<uint32_t> assignments) {
    MutableArrayRef<uint8_t> row(cb.indices.data() + f * cb.rowBytes, cb.rowBytes);
    for (int64_t e = 0; e < rowSize; ++e)
      encodeCodebookIndex(row, e, bits, assignments[e]);
  };
  for (float w : weights)
    cb.squaredNorm += double(w) * double(w);

  auto fail = [&](llvm::Error err) -> FailureOr<Codebook> {
    return skip(op, layerName(op), llvm::toString(std::move(err)));
  };
  if (!perChannel) {
    // Indices are packed straight from the nearest centroid: no n-entry assignment
    // vector (411 MB on a 25088x4096 FC).
    KMeansOptions options = kmeans;
    options.keepAssignments = false;
    auto result = kmeans1D(weights, options);
    if (!result)
      return fail(result.takeError());
    cb.centroids = result->centroids;
    cb.centroidShape = {int64_t(cb.centroids.size())};
    cb.squaredError = result->squaredError;
    NearestCentroid nearest(cb.centroids);
    for (int64_t f = 0; f < rows; ++f) {
      MutableArrayRef<uint8_t> row(cb.indices.data() + f * cb.rowBytes, cb.rowBytes);
      for (int64_t e = 0; e < rowSize; ++e)
        encodeCodebookIndex(row, e, bits, nearest(weights[f * rowSize + e]));
    }
    return cb;
  }
  // One codebook per row; rows that need fewer centroids are padded with zeros
  // (never indexed) up to the widest row.
  std::vector<std::vector<float>> perRow;
  size_t k = 1;
  for (int64_t f = 0; f < rows; ++f) {
    auto result = kmeans1D(weights.slice(f * rowSize, rowSize), kmeans);
    if (!result)
      return fail(result.takeError());
    cb.squaredError += result->squaredError;
    packRow(f, result->assignments);
    k = std::max(k, result->centroids.size());
    perRow.push_back(std::move(result->centroids));
  }
  cb.centroidShape = {rows, int64_t(k)};
  cb.centroids.assign(rows * k, 0.0f);
  for (int64_t f = 0; f < rows; ++f)
    std::copy(perRow[f].begin(), perRow[f].end(), cb.centroids.begin() + f * k);
  return cb;
}

void CompressCodebookPass::annotate(Operation *newOp, StringRef layer, const Codebook &cb,
                                    int64_t numWeights) {
  CompressInfo info;
  info.method = "codebook";
  info.params = params();
  info.weightBytesBefore = numWeights * 4;
  info.weightBytesAfter = cb.bytes();
  info.relError = cb.squaredNorm > 0 ? std::sqrt(cb.squaredError / cb.squaredNorm) : 0.0;
  info.weightNorm = std::sqrt(cb.squaredNorm);
  attachCompressInfo(newOp, "codebook", layer, info);
}

/// Constants holding the codebook, inserted before `op`.
std::pair<Value, Value> materialize(IRRewriter &rewriter, Location loc, const Codebook &cb,
                                    int64_t rows) {
  auto indexType = RankedTensorType::get({rows, cb.rowBytes}, rewriter.getI8Type());
  Value centroids = f32Constant(rewriter, loc, cb.centroidShape, cb.centroids);
  ArrayRef<int8_t> bytes(reinterpret_cast<const int8_t *>(cb.indices.data()),
                         cb.indices.size());
  Value indices =
      arith::ConstantOp::create(rewriter, loc, DenseElementsAttr::get(indexType, bytes));
  return {centroids, indices};
}

/// A codebook that is not smaller than the f32 weight is not applied (small
/// per-channel layers: F·k centroids can outweigh the indices' saving).
LogicalResult CompressCodebookPass::checkPays(Operation *op, StringRef layer,
                                              const Codebook &cb, int64_t numWeights) {
  if (cb.bytes() < numWeights * 4)
    return success();
  return skip(op, layer,
              llvm::formatv("does not pay: weight bytes {0} -> {1}", numWeights * 4,
                            cb.bytes()));
}

LogicalResult CompressCodebookPass::rewrite(Operation *op, IRRewriter &rewriter) {
  std::string whyNot;
  FailureOr<LayerWeight> layer = matchLayerWeight(op, whyNot);
  if (failed(layer))
    return skip(op, layerName(op), whyNot);
  int64_t numWeights = int64_t(layer->weight.size());
  FailureOr<Codebook> cb = buildCodebook(op, layer->weight, layer->rows, layer->rowSize);
  if (failed(cb) || failed(checkPays(op, layer->name, *cb, numWeights)))
    return failure();
  rewriter.setInsertionPoint(op);
  Location loc = op->getLoc();
  // Not a structured binding: the lambda below captures them (C++17).
  std::pair<Value, Value> materialized = materialize(rewriter, loc, *cb, layer->rows);
  Value centroids = materialized.first, indices = materialized.second;
  Value bias = materializeBias(rewriter, *layer);
  Operation *newOp = replaceLayerWith(
      rewriter, *layer, layer->input, [&](Value input, RankedTensorType type) -> Operation * {
        if (layer->isMatmul())
          return CodebookMatmulOp::create(rewriter, loc, type, input, centroids, indices, bias,
                                          uint64_t(bits));
        return CodebookConv2DOp::create(
            rewriter, loc, type, input, centroids, indices, bias, uint64_t(bits),
            ArrayRef<int64_t>{layer->kernelH(), layer->kernelW()}, layer->stride, layer->pad,
            layer->dilation, uint64_t(layer->groups));
      });
  annotate(newOp, layer->name, *cb, numWeights);
  return success();
}

void CompressCodebookPass::runOnOperation() {
  warnUnknownLayerNames(getOperation(), *layers, getArgument());
  if (bits < 1 || bits > 8) {
    emitError(getOperation().getLoc()) << "compress-codebook: bits must be in [1, 8], got " << int64_t(bits);
    return signalPassFailure();
  }
  kmeans.numClusters = 1u << bits;
  kmeans.init = init;
  kmeans.seed = seed;
  kmeans.maxIterations = maxIterations;

  IRRewriter rewriter(&getContext());
  for (Operation *op : collectLayers(getOperation(), *layers)) {
    // Failures are skips with a remark (a warning for a named layer): the layer stays dense.
    (void)rewrite(op, rewriter);
  }
}

} // namespace
