//===- CompressSparsify.cpp - mostly-zero constant weights into CSR sparse ops ===//
//
// The zeros already in a constant conv/matmul weight (pruned in training or by
// compress-prune) become compress.sparse_conv2d / sparse_matmul holding the weight
// as compressed sparse rows (compress/Utils/CSR.h) over the reduction axis. Layers
// below the break-even sparsity stay dense, with a remark saying why.
//
//===----------------------------------------------------------------------===//
#include "compress/Dialect/Compress/IR/CompressOps.h"
#include "compress/Dialect/Compress/IR/CompressUtils.h"
#include "compress/Dialect/Compress/Transforms/Passes.h"
#include "compress/Utils/CSR.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FormatVariadic.h"

namespace mlir::compress {
#define GEN_PASS_DEF_COMPRESSSPARSIFY
#include "compress/Dialect/Compress/Transforms/Passes.h.inc"
} // namespace mlir::compress

using namespace mlir;
using namespace mlir::compress;

namespace {

LogicalResult skip(Operation *op, StringRef layer, const Twine &why) {
  op->emitRemark() << "sparsify: skipped layer '" << layer << "': " << why;
  return failure();
}

bool isF32Tensor(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  return tensor && tensor.hasStaticShape() && tensor.getElementType().isF32();
}

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

/// A bias of F elements: the operand when it has F, a splat of a one-element
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

struct CSRValues {
  Value values, colIndices, rowOffsets;
};

CSRValues materialize(IRRewriter &rewriter, Location loc, const CSRMatrix &csr) {
  auto f32 = rewriter.getF32Type();
  auto i32 = rewriter.getI32Type();
  auto nnzF = RankedTensorType::get({csr.nnz()}, f32);
  auto nnzI = RankedTensorType::get({csr.nnz()}, i32);
  auto rowsI = RankedTensorType::get({csr.rows + 1}, i32);
  CSRValues v;
  v.values = arith::ConstantOp::create(
      rewriter, loc, DenseElementsAttr::get(nnzF, ArrayRef<float>(csr.values)));
  v.colIndices = arith::ConstantOp::create(
      rewriter, loc, DenseElementsAttr::get(nnzI, ArrayRef<int32_t>(csr.colIndices)));
  v.rowOffsets = arith::ConstantOp::create(
      rewriter, loc, DenseElementsAttr::get(rowsI, ArrayRef<int32_t>(csr.rowOffsets)));
  return v;
}

struct CompressSparsifyPass
    : public compress::impl::CompressSparsifyBase<CompressSparsifyPass> {
  using CompressSparsifyBase::CompressSparsifyBase;

  void runOnOperation() override;

private:
  /// The CSR of `rows` x `cols` weights, or failure (with a remark) when the layer
  /// is below min-sparsity.
  FailureOr<CSRMatrix> build(Operation *op, StringRef layer, ArrayRef<float> weights,
                             int64_t rows, int64_t cols);
  /// compress.info + remark on the new op; `outputPoints` = batch · output pixels
  /// (conv) or M (matmul).
  void annotate(Operation *oldOp, Operation *newOp, StringRef layer, const CSRMatrix &csr,
                int64_t outputPoints);

  LogicalResult rewriteConv2D(tosa::Conv2DOp op, IRRewriter &rewriter);
  LogicalResult rewriteDepthwise(tosa::DepthwiseConv2DOp op, IRRewriter &rewriter);
  LogicalResult rewriteMatmul(tosa::MatMulOp op, IRRewriter &rewriter);
};

FailureOr<CSRMatrix> CompressSparsifyPass::build(Operation *op, StringRef layer,
                                                 ArrayRef<float> weights, int64_t rows,
                                                 int64_t cols) {
  CSRMatrix csr = buildCSR(weights, rows, cols);
  if (csr.sparsity() < minSparsity) {
    (void)skip(op, layer,
               llvm::formatv("sparsity {0:F2} below min-sparsity {1:F2}", csr.sparsity(),
                             double(minSparsity)));
    return failure();
  }
  return csr;
}

void CompressSparsifyPass::annotate(Operation *oldOp, Operation *newOp, StringRef layer,
                                    const CSRMatrix &csr, int64_t outputPoints) {
  MLIRContext *ctx = newOp->getContext();
  int64_t before = csr.rows * csr.cols * 4;
  int64_t after = csr.bytes();
  int64_t macsBefore = csr.rows * csr.cols * outputPoints;
  int64_t macsAfter = csr.nnz() * outputPoints;
  std::string params = llvm::formatv("sparsity={0:F2}", csr.sparsity()).str();
  double relError = 0.0;
  // A layer pruned by compress-prune: the error is the pruning's, against the
  // original weight; say so in the params.
  if (auto prior = oldOp->getAttrOfType<DictionaryAttr>("compress.info")) {
    auto method = prior.getAs<StringAttr>("method");
    if (method && method.getValue() == "prune") {
      if (auto e = prior.getAs<FloatAttr>("rel_error"))
        relError = e.getValueAsDouble();
      if (auto p = prior.getAs<StringAttr>("params"))
        params = ("prune(" + p.getValue() + ") " + params).str();
    }
  }
  Builder b(ctx);
  NamedAttrList info;
  info.append("layer", b.getStringAttr(layer));
  info.append("method", b.getStringAttr("sparse"));
  info.append("params", b.getStringAttr(params));
  info.append("weight_bytes_before", b.getI64IntegerAttr(before));
  info.append("weight_bytes_after", b.getI64IntegerAttr(after));
  info.append("macs_before", b.getI64IntegerAttr(macsBefore));
  info.append("macs_after", b.getI64IntegerAttr(macsAfter));
  info.append("rel_error", b.getF64FloatAttr(relError));
  newOp->setAttr("compress.info", info.getDictionary(ctx));
  newOp->emitRemark() << llvm::formatv(
      "sparsify: layer '{0}' {1}: nnz {2} of {3}, weight bytes {4} -> {5}, MACs {6} -> {7}",
      layer, params, csr.nnz(), csr.rows * csr.cols, before, after, macsBefore, macsAfter);
}

LogicalResult CompressSparsifyPass::rewriteConv2D(tosa::Conv2DOp op, IRRewriter &rewriter) {
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
  int64_t f = shape[0], cols = shape[1] * shape[2] * shape[3];
  FailureOr<CSRMatrix> csr = build(op, layer, *weights, f, cols);
  if (failed(csr))
    return failure();
  rewriter.setInsertionPoint(op);
  Value bias = biasOfSize(rewriter, op.getLoc(), op.getBias(), f);
  if (!bias)
    return skip(op, layer, "bias is neither per-channel nor a constant scalar");
  CSRValues v = materialize(rewriter, op.getLoc(), *csr);
  auto newOp = SparseConv2DOp::create(rewriter, op.getLoc(), op.getType(), op.getInput(),
                                      v.values, v.colIndices, v.rowOffsets, bias,
                                      ArrayRef<int64_t>{shape[1], shape[2]}, op.getStride(),
                                      op.getPad(), op.getDilation(), uint64_t(1));
  ArrayRef<int64_t> out = op.getType().getShape();
  annotate(op, newOp, layer, *csr, out[0] * out[1] * out[2]);
  rewriter.replaceOp(op, newOp.getResult());
  return success();
}

LogicalResult CompressSparsifyPass::rewriteDepthwise(tosa::DepthwiseConv2DOp op,
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
  int64_t f = c * m, cols = kh * kw;
  std::vector<float> ohwi = depthwiseToOHWI(*weights, kh, kw, c, m);
  FailureOr<CSRMatrix> csr = build(op, layer, ohwi, f, cols);
  if (failed(csr))
    return failure();
  rewriter.setInsertionPoint(op);
  Value bias = biasOfSize(rewriter, op.getLoc(), op.getBias(), f);
  if (!bias)
    return skip(op, layer, "bias is neither per-channel nor a constant scalar");
  CSRValues v = materialize(rewriter, op.getLoc(), *csr);
  auto newOp = SparseConv2DOp::create(rewriter, op.getLoc(), op.getType(), op.getInput(),
                                      v.values, v.colIndices, v.rowOffsets, bias,
                                      ArrayRef<int64_t>{kh, kw}, op.getStride(), op.getPad(),
                                      op.getDilation(), uint64_t(c));
  ArrayRef<int64_t> out = op.getType().getShape();
  annotate(op, newOp, layer, *csr, out[0] * out[1] * out[2]);
  rewriter.replaceOp(op, newOp.getResult());
  return success();
}

LogicalResult CompressSparsifyPass::rewriteMatmul(tosa::MatMulOp op, IRRewriter &rewriter) {
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
  FailureOr<CSRMatrix> csr = build(op, layer, wT, n, k);
  if (failed(csr))
    return failure();
  rewriter.setInsertionPoint(op);
  Location loc = op.getLoc();
  CSRValues v = materialize(rewriter, loc, *csr);
  auto biasType = RankedTensorType::get({n}, rewriter.getF32Type());
  Value bias = arith::ConstantOp::create(rewriter, loc, DenseElementsAttr::get(biasType, 0.0f));
  SmallVector<ReassociationIndices> collapse = {{0, 1}, {2}};
  Value a2 = tensor::CollapseShapeOp::create(rewriter, loc, op.getA(), collapse);
  auto resultType = RankedTensorType::get({m, n}, rewriter.getF32Type());
  auto newOp = SparseMatmulOp::create(rewriter, loc, resultType, a2, v.values, v.colIndices,
                                      v.rowOffsets, bias);
  Value y = tensor::ExpandShapeOp::create(rewriter, loc, op.getType(), newOp.getResult(),
                                          collapse);
  annotate(op, newOp, layer, *csr, m);
  rewriter.replaceOp(op, y);
  return success();
}

void CompressSparsifyPass::runOnOperation() {
  // An unknown name only warns here: with -split-input-file it may name a layer of
  // another chunk. compress-compile turns it into an error before running the pass.
  (void)verifyLayerNames(getOperation(), std::vector<std::string>(layers.begin(), layers.end()),
                         (getArgument() + " layers").str(), /*asError=*/false);
  if (!(minSparsity >= 0.0 && minSparsity <= 1.0)) {
    getOperation().emitError() << "compress-sparsify: min-sparsity must be in [0, 1], got "
                               << double(minSparsity);
    return signalPassFailure();
  }
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
