//===- CompressCodebook.cpp - k-means weight sharing into codebook ops ----===//
//
// Deep Compression's weight sharing (Han et al. 2016): constant conv/matmul weights
// are clustered by 1-D k-means (compress/Utils/KMeans.h) and the layer is rewritten
// into compress.codebook_conv2d / codebook_matmul holding the centroids and the
// bit-packed indices (encodeCodebookIndex of CompressUtils.h).
//
//===----------------------------------------------------------------------===//
#include "compress/Dialect/Compress/IR/CompressOps.h"
#include "compress/Dialect/Compress/IR/CompressUtils.h"
#include "compress/Dialect/Compress/Transforms/Passes.h"
#include "compress/Utils/KMeans.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FormatVariadic.h"

#include <cmath>

namespace mlir::compress {
#define GEN_PASS_DEF_COMPRESSCODEBOOK
#include "compress/Dialect/Compress/Transforms/Passes.h.inc"
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
  /// Sets compress.info on the new op and emits the remark.
  void annotate(Operation *newOp, StringRef layer, const Codebook &codebook,
                int64_t numWeights);
  std::string params() const;

  LogicalResult rewriteConv2D(tosa::Conv2DOp op, IRRewriter &rewriter);
  LogicalResult rewriteDepthwise(tosa::DepthwiseConv2DOp op, IRRewriter &rewriter);
  LogicalResult rewriteMatmul(tosa::MatMulOp op, IRRewriter &rewriter);

  KMeansOptions kmeans;
};

std::string CompressCodebookPass::params() const {
  std::string s = llvm::formatv("bits={0} {1} init={2}", int64_t(bits),
                                perChannel ? "per-channel" : "per-tensor", std::string(init));
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
    op->emitRemark() << "codebook: skipped layer '" << layerName(op->getLoc())
                     << "': " << llvm::toString(std::move(err));
    return failure();
  };
  if (!perChannel) {
    auto result = kmeans1D(weights, kmeans);
    if (!result)
      return fail(result.takeError());
    cb.centroids = result->centroids;
    cb.centroidShape = {int64_t(cb.centroids.size())};
    cb.squaredError = result->squaredError;
    std::vector<uint32_t> &assign = result->assignments;
    for (int64_t f = 0; f < rows; ++f)
      packRow(f, ArrayRef<uint32_t>(assign).slice(f * rowSize, rowSize));
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
  MLIRContext *ctx = newOp->getContext();
  int64_t before = numWeights * 4;
  int64_t after = cb.bytes();
  double relError = cb.squaredNorm > 0 ? std::sqrt(cb.squaredError / cb.squaredNorm) : 0.0;
  Builder b(ctx);
  NamedAttrList info;
  info.append("layer", b.getStringAttr(layer));
  info.append("method", b.getStringAttr("codebook"));
  info.append("params", b.getStringAttr(params()));
  info.append("weight_bytes_before", b.getI64IntegerAttr(before));
  info.append("weight_bytes_after", b.getI64IntegerAttr(after));
  info.append("rel_error", b.getF64FloatAttr(relError));
  newOp->setAttr("compress.info", info.getDictionary(ctx));
  newOp->emitRemark() << llvm::formatv(
      "codebook: layer '{0}' {1}: weight bytes {2} -> {3}, rel_error {4:e}", layer, params(),
      before, after, relError);
}

/// Constants holding the codebook, inserted before `op`.
std::pair<Value, Value> materialize(IRRewriter &rewriter, Location loc, const Codebook &cb,
                                    int64_t rows) {
  auto centroidType = RankedTensorType::get(cb.centroidShape, rewriter.getF32Type());
  auto indexType = RankedTensorType::get({rows, cb.rowBytes}, rewriter.getI8Type());
  Value centroids = arith::ConstantOp::create(
      rewriter, loc, DenseElementsAttr::get(centroidType, ArrayRef<float>(cb.centroids)));
  ArrayRef<int8_t> bytes(reinterpret_cast<const int8_t *>(cb.indices.data()),
                         cb.indices.size());
  Value indices =
      arith::ConstantOp::create(rewriter, loc, DenseElementsAttr::get(indexType, bytes));
  return {centroids, indices};
}

/// The reason a zero point disqualifies the layer, or "".
template <typename OpTy>
std::string zeroPointProblem(OpTy op) {
  FailureOr<int64_t> in = op.getInputZeroPoint();
  FailureOr<int64_t> w = op.getWeightZeroPoint();
  if (failed(in) || failed(w))
    return "zero point is not a constant";
  if (*in != 0 || *w != 0)
    return "zero point is not 0";
  return "";
}

/// Leaves a layer dense, saying why in a remark.
LogicalResult skip(Operation *op, StringRef layer, const Twine &why) {
  op->emitRemark() << "codebook: skipped layer '" << layer << "': " << why;
  return failure();
}

/// A codebook that is not smaller than the f32 weight is not applied (small
/// per-channel layers: F·k centroids can outweigh the indices' saving).
LogicalResult checkPays(Operation *op, StringRef layer, const Codebook &cb,
                        int64_t numWeights) {
  if (cb.bytes() < numWeights * 4)
    return success();
  return skip(op, layer,
              llvm::formatv("does not pay: weight bytes {0} -> {1}", numWeights * 4,
                            cb.bytes()));
}

bool isF32Tensor(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  return tensor && tensor.hasStaticShape() && tensor.getElementType().isF32();
}

/// A bias of F elements: the operand itself when it has F, a splat of a one-element
/// constant otherwise; null when neither.
Value biasOfSize(IRRewriter &rewriter, Location loc, Value bias, int64_t f) {
  auto type = cast<RankedTensorType>(bias.getType());
  if (type.getDimSize(0) == f)
    return bias;
  FailureOr<SmallVector<float>> values = getConstantFloatValues(bias);
  if (failed(values) || values->size() != 1)
    return {};
  auto splatType = RankedTensorType::get({f}, rewriter.getF32Type());
  return arith::ConstantOp::create(rewriter, loc,
                                   DenseElementsAttr::get(splatType, (*values)[0]));
}

LogicalResult CompressCodebookPass::rewriteConv2D(tosa::Conv2DOp op, IRRewriter &rewriter) {
  std::string layer = layerName(op.getLoc());
  if (!isF32Tensor(op.getInput().getType()) || !isF32Tensor(op.getWeight().getType()) ||
      !isF32Tensor(op.getBias().getType()) || !isF32Tensor(op.getType()))
    return skip(op, layer, "not f32");
  if (std::string why = zeroPointProblem(op); !why.empty())
    return skip(op, layer, why);
  FailureOr<SmallVector<float>> weights = getConstantFloatValues(op.getWeight());
  if (failed(weights))
    return skip(op, layer, "weight is not a constant");
  ArrayRef<int64_t> shape = op.getWeight().getType().getShape(); // OHWI
  int64_t f = shape[0], rowSize = shape[1] * shape[2] * shape[3];
  rewriter.setInsertionPoint(op);
  Value bias = biasOfSize(rewriter, op.getLoc(), op.getBias(), f);
  if (!bias)
    return skip(op, layer, "bias is neither per-channel nor a constant scalar");
  FailureOr<Codebook> cb = buildCodebook(op, *weights, f, rowSize);
  if (failed(cb) || failed(checkPays(op, layer, *cb, int64_t(weights->size()))))
    return failure();
  auto [centroids, indices] = materialize(rewriter, op.getLoc(), *cb, f);
  auto newOp = CodebookConv2DOp::create(
      rewriter, op.getLoc(), op.getType(), op.getInput(), centroids, indices, bias,
      uint64_t(bits), ArrayRef<int64_t>{shape[1], shape[2]}, op.getStride(), op.getPad(),
      op.getDilation(), uint64_t(1));
  annotate(newOp, layer, *cb, int64_t(weights->size()));
  rewriter.replaceOp(op, newOp.getResult());
  return success();
}

LogicalResult CompressCodebookPass::rewriteDepthwise(tosa::DepthwiseConv2DOp op,
                                                     IRRewriter &rewriter) {
  std::string layer = layerName(op.getLoc());
  if (!isF32Tensor(op.getInput().getType()) || !isF32Tensor(op.getWeight().getType()) ||
      !isF32Tensor(op.getBias().getType()) || !isF32Tensor(op.getType()))
    return skip(op, layer, "not f32");
  if (std::string why = zeroPointProblem(op); !why.empty())
    return skip(op, layer, why);
  FailureOr<SmallVector<float>> weights = getConstantFloatValues(op.getWeight());
  if (failed(weights))
    return skip(op, layer, "weight is not a constant");
  // [kh, kw, C, M] -> OHWI [C·M, kh, kw, 1]: output channel c·M + m reads channel c.
  ArrayRef<int64_t> shape = op.getWeight().getType().getShape();
  int64_t kh = shape[0], kw = shape[1], c = shape[2], m = shape[3];
  int64_t f = c * m, rowSize = kh * kw;
  std::vector<float> ohwi = depthwiseToOHWI(*weights, kh, kw, c, m);
  rewriter.setInsertionPoint(op);
  Value bias = biasOfSize(rewriter, op.getLoc(), op.getBias(), f);
  if (!bias)
    return skip(op, layer, "bias is neither per-channel nor a constant scalar");
  FailureOr<Codebook> cb = buildCodebook(op, ohwi, f, rowSize);
  if (failed(cb) || failed(checkPays(op, layer, *cb, int64_t(weights->size()))))
    return failure();
  auto [centroids, indices] = materialize(rewriter, op.getLoc(), *cb, f);
  auto newOp = CodebookConv2DOp::create(
      rewriter, op.getLoc(), op.getType(), op.getInput(), centroids, indices, bias,
      uint64_t(bits), ArrayRef<int64_t>{kh, kw}, op.getStride(), op.getPad(), op.getDilation(),
      uint64_t(c));
  annotate(newOp, layer, *cb, int64_t(weights->size()));
  rewriter.replaceOp(op, newOp.getResult());
  return success();
}

LogicalResult CompressCodebookPass::rewriteMatmul(tosa::MatMulOp op, IRRewriter &rewriter) {
  std::string layer = layerName(op.getLoc());
  auto aType = cast<RankedTensorType>(op.getA().getType());
  auto bType = cast<RankedTensorType>(op.getB().getType());
  if (!isF32Tensor(aType) || !isF32Tensor(bType) || !isF32Tensor(op.getType()))
    return skip(op, layer, "not f32");
  FailureOr<int64_t> aZp = op.getAZeroPoint(), bZp = op.getBZeroPoint();
  if (failed(aZp) || failed(bZp) || *aZp != 0 || *bZp != 0)
    return skip(op, layer, "zero point is not a constant 0");
  FailureOr<SmallVector<float>> weights = getConstantFloatValues(op.getB());
  if (failed(weights))
    return skip(op, layer, "weight is not a constant");
  if (bType.getDimSize(0) != 1 || aType.getDimSize(0) != 1)
    return skip(op, layer, "batched matmul (batch != 1)");
  int64_t m = aType.getDimSize(1), k = bType.getDimSize(1), n = bType.getDimSize(2);
  std::vector<float> wT = transposeToNK(*weights, k, n); // W[N, K] = Bᵀ
  FailureOr<Codebook> cb = buildCodebook(op, wT, n, k);
  if (failed(cb) || failed(checkPays(op, layer, *cb, int64_t(weights->size()))))
    return failure();
  rewriter.setInsertionPoint(op);
  Location loc = op.getLoc();
  auto [centroids, indices] = materialize(rewriter, loc, *cb, n);
  auto biasType = RankedTensorType::get({n}, rewriter.getF32Type());
  Value bias = arith::ConstantOp::create(rewriter, loc,
                                         DenseElementsAttr::get(biasType, 0.0f));
  SmallVector<ReassociationIndices> collapse = {{0, 1}, {2}};
  Value a2 = tensor::CollapseShapeOp::create(rewriter, loc, op.getA(), collapse);
  auto resultType = RankedTensorType::get({m, n}, rewriter.getF32Type());
  auto newOp = CodebookMatmulOp::create(rewriter, loc, resultType, a2, centroids, indices,
                                        bias, uint64_t(bits));
  Value y = tensor::ExpandShapeOp::create(rewriter, loc, op.getType(), newOp.getResult(),
                                          collapse);
  annotate(newOp, layer, *cb, int64_t(weights->size()));
  rewriter.replaceOp(op, y);
  return success();
}

void CompressCodebookPass::runOnOperation() {
  // An unknown name only warns here: with -split-input-file it may name a layer of
  // another chunk. compress-compile turns it into an error before running the pass.
  (void)verifyLayerNames(getOperation(), std::vector<std::string>(layers.begin(), layers.end()),
                         (getArgument() + " layers").str(), /*asError=*/false);
  if (bits < 1 || bits > 8) {
    getOperation().emitError() << "compress-codebook: bits must be in [1, 8], got " << int64_t(bits);
    return signalPassFailure();
  }
  std::optional<KMeansInit> initKind = parseKMeansInit(init);
  if (!initKind) {
    getOperation().emitError() << "compress-codebook: init must be 'linear' or 'kmeans++', got '"
                               << std::string(init) << "'";
    return signalPassFailure();
  }
  kmeans.numClusters = 1u << bits;
  kmeans.init = *initKind;
  kmeans.seed = seed;
  kmeans.maxIterations = maxIterations;

  llvm::StringSet<> wanted;
  for (const std::string &name : layers)
    wanted.insert(name);
  SmallVector<Operation *> candidates;
  getOperation().walk([&](Operation *op) {
    if (!isa<tosa::Conv2DOp, tosa::DepthwiseConv2DOp, tosa::MatMulOp>(op))
      return;
    if (!wanted.empty() && !wanted.contains(layerName(op->getLoc())))
      return;
    candidates.push_back(op);
  });
  IRRewriter rewriter(&getContext());
  for (Operation *op : candidates) {
    // Failures are skips with a remark: the layer stays dense.
    if (auto conv = dyn_cast<tosa::Conv2DOp>(op))
      (void)rewriteConv2D(conv, rewriter);
    else if (auto dw = dyn_cast<tosa::DepthwiseConv2DOp>(op))
      (void)rewriteDepthwise(dw, rewriter);
    else
      (void)rewriteMatmul(cast<tosa::MatMulOp>(op), rewriter);
  }
}

} // namespace
