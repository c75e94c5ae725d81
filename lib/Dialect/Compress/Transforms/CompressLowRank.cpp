//===- CompressLowRank.cpp - truncated-SVD factorization into lowrank ops -===//
//
// Low-rank factorization (Denton et al. 2014, Jaderberg et al. 2014): the constant
// weight of a conv (OHWI, as the matrix W[F, kh·kw·C]) or of a matmul (W[N, K] =
// Bᵀ) is factorized by truncated SVD (compress/Utils/LowRank.h) into
// W ≈ V[F, r] · U[r, n], √σ in both factors, and the layer becomes a
// compress.lowrank_conv2d / lowrank_matmul. The rank is fixed (`rank`) or the
// smallest keeping a fraction of the spectrum's energy (`energy`); a layer whose
// rank saves nothing (r ≥ F·n/(F+n)) stays dense.
//
//===----------------------------------------------------------------------===//
#include "compress/Dialect/Compress/IR/CompressOps.h"
#include "compress/Dialect/Compress/IR/CompressUtils.h"
#include "compress/Dialect/Compress/Transforms/Passes.h"
#include "compress/Utils/LowRank.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/PatternMatch.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"

namespace mlir::compress {
#define GEN_PASS_DEF_COMPRESSLOWRANK
#include "compress/Dialect/Compress/Transforms/Passes.h.inc"
} // namespace mlir::compress

using namespace mlir;
using namespace mlir::compress;

namespace {

/// Leaves a layer dense, saying why in a remark.
LogicalResult skip(Operation *op, StringRef layer, const Twine &why) {
  op->emitRemark() << "lowrank: skipped layer '" << layer << "': " << why;
  return failure();
}

bool isStaticF32(Type type) {
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

Value constant(IRRewriter &rewriter, Location loc, ArrayRef<int64_t> shape,
               ArrayRef<float> values) {
  auto type = RankedTensorType::get(shape, rewriter.getF32Type());
  return arith::ConstantOp::create(rewriter, loc, DenseElementsAttr::get(type, values));
}

struct CompressLowRankPass : public compress::impl::CompressLowRankBase<CompressLowRankPass> {
  using CompressLowRankBase::CompressLowRankBase;

  void runOnOperation() override;

private:
  /// Factorizes W[rows, cols] at the configured rank; failure (with a skip remark)
  /// when the SVD fails or the rank saves nothing.
  FailureOr<LowRankFactors> factorize(Operation *op, StringRef layer, ArrayRef<float> w,
                                      int64_t rows, int64_t cols);
  /// Sets compress.info on the new op and emits the remark.
  void annotate(Operation *newOp, StringRef layer, const LowRankFactors &f,
                int64_t positions);
  std::string params(const LowRankFactors &f) const;

  LogicalResult rewriteConv2D(tosa::Conv2DOp op, IRRewriter &rewriter);
  LogicalResult rewriteMatmul(tosa::MatMulOp op, IRRewriter &rewriter);
};

std::string CompressLowRankPass::params(const LowRankFactors &f) const {
  std::string s;
  llvm::raw_string_ostream os(s);
  os << "rank=" << f.rank;
  if (energy > 0)
    os << llvm::format(" energy=%g", double(energy));
  os << llvm::format(" kept=%.4f", f.energy);
  return s;
}

FailureOr<LowRankFactors> CompressLowRankPass::factorize(Operation *op, StringRef layer,
                                                         ArrayRef<float> w, int64_t rows,
                                                         int64_t cols) {
  auto svd = computeSVD(w, rows, cols);
  if (!svd)
    return skip(op, layer, llvm::toString(svd.takeError()));
  int64_t r = energy > 0 ? chooseRankByEnergy(svd->singularValues, energy) : int64_t(rank);
  double breakEven = breakEvenRank(rows, cols);
  if (double(r) >= breakEven)
    return skip(op, layer,
                llvm::formatv("rank {0} >= break-even F*n/(F+n) = {1}*{2}/{3} = {4:f2}: "
                              "no saving",
                              r, rows, cols, rows + cols, breakEven));
  auto factors = truncateSVD(*svd, w, r);
  if (!factors)
    return skip(op, layer, llvm::toString(factors.takeError()));
  return std::move(*factors);
}

void CompressLowRankPass::annotate(Operation *newOp, StringRef layer, const LowRankFactors &f,
                                   int64_t positions) {
  MLIRContext *ctx = newOp->getContext();
  int64_t before = f.rows * f.cols * 4;
  int64_t after = f.rank * (f.rows + f.cols) * 4;
  int64_t macsBefore = positions * f.rows * f.cols;
  int64_t macsAfter = positions * f.rank * (f.rows + f.cols);
  std::string p = params(f);
  Builder b(ctx);
  NamedAttrList info;
  info.append("layer", b.getStringAttr(layer));
  info.append("method", b.getStringAttr("lowrank"));
  info.append("params", b.getStringAttr(p));
  info.append("weight_bytes_before", b.getI64IntegerAttr(before));
  info.append("weight_bytes_after", b.getI64IntegerAttr(after));
  info.append("macs_before", b.getI64IntegerAttr(macsBefore));
  info.append("macs_after", b.getI64IntegerAttr(macsAfter));
  info.append("rel_error", b.getF64FloatAttr(f.relativeError));
  newOp->setAttr("compress.info", info.getDictionary(ctx));
  newOp->emitRemark() << llvm::formatv(
      "lowrank: layer '{0}' {1}: weight bytes {2} -> {3}, MACs {4} -> {5}, rel_error {6:e}",
      layer, p, before, after, macsBefore, macsAfter, f.relativeError);
}

LogicalResult CompressLowRankPass::rewriteConv2D(tosa::Conv2DOp op, IRRewriter &rewriter) {
  std::string layer = layerName(op.getLoc());
  if (!isStaticF32(op.getInput().getType()) || !isStaticF32(op.getWeight().getType()) ||
      !isStaticF32(op.getBias().getType()) || !isStaticF32(op.getType()))
    return skip(op, layer, "not f32 with static shapes");
  FailureOr<int64_t> inZp = op.getInputZeroPoint(), wZp = op.getWeightZeroPoint();
  if (failed(inZp) || failed(wZp) || *inZp != 0 || *wZp != 0)
    return skip(op, layer, "zero point is not a constant 0");
  FailureOr<SmallVector<float>> weights = getConstantFloatValues(op.getWeight());
  if (failed(weights))
    return skip(op, layer, "weight is not a constant");
  ArrayRef<int64_t> shape = op.getWeight().getType().getShape(); // OHWI
  int64_t f = shape[0], n = shape[1] * shape[2] * shape[3];
  rewriter.setInsertionPoint(op);
  if (cast<RankedTensorType>(op.getBias().getType()).getDimSize(0) != f &&
      [&] {
        FailureOr<SmallVector<float>> b = getConstantFloatValues(op.getBias());
        return failed(b) || b->size() != 1;
      }())
    return skip(op, layer, "bias is neither per-channel nor a constant scalar");
  FailureOr<LowRankFactors> factors = factorize(op, layer, *weights, f, n);
  if (failed(factors))
    return failure();
  Location loc = op.getLoc();
  Value bias = biasOfSize(rewriter, loc, op.getBias(), f);
  int64_t r = factors->rank;
  Value u = constant(rewriter, loc, {r, shape[1], shape[2], shape[3]}, factors->u);
  Value v = constant(rewriter, loc, {f, r}, factors->v);
  auto newOp = LowRankConv2DOp::create(rewriter, loc, op.getType(), op.getInput(), u, v, bias,
                                       op.getStride(), op.getPad(), op.getDilation());
  ArrayRef<int64_t> out = op.getType().getShape();
  annotate(newOp, layer, *factors, out[0] * out[1] * out[2]);
  rewriter.replaceOp(op, newOp.getResult());
  return success();
}

LogicalResult CompressLowRankPass::rewriteMatmul(tosa::MatMulOp op, IRRewriter &rewriter) {
  std::string layer = layerName(op.getLoc());
  auto aType = cast<RankedTensorType>(op.getA().getType());
  auto bType = cast<RankedTensorType>(op.getB().getType());
  if (!isStaticF32(aType) || !isStaticF32(bType) || !isStaticF32(op.getType()))
    return skip(op, layer, "not f32 with static shapes");
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
  FailureOr<LowRankFactors> factors = factorize(op, layer, wT, n, k);
  if (failed(factors))
    return failure();
  rewriter.setInsertionPoint(op);
  Location loc = op.getLoc();
  int64_t r = factors->rank;
  Value u = constant(rewriter, loc, {r, k}, factors->u);
  Value v = constant(rewriter, loc, {n, r}, factors->v);
  Value bias = constant(rewriter, loc, {n}, SmallVector<float>(n, 0.0f));
  SmallVector<ReassociationIndices> collapse = {{0, 1}, {2}};
  Value a2 = tensor::CollapseShapeOp::create(rewriter, loc, op.getA(), collapse);
  auto resultType = RankedTensorType::get({m, n}, rewriter.getF32Type());
  auto newOp = LowRankMatmulOp::create(rewriter, loc, resultType, a2, u, v, bias);
  Value y = tensor::ExpandShapeOp::create(rewriter, loc, op.getType(), newOp.getResult(),
                                          collapse);
  annotate(newOp, layer, *factors, m);
  rewriter.replaceOp(op, y);
  return success();
}

void CompressLowRankPass::runOnOperation() {
  // An unknown name only warns here: with -split-input-file it may name a layer of
  // another chunk. compress-compile turns it into an error before running the pass.
  (void)verifyLayerNames(getOperation(), std::vector<std::string>(layers.begin(), layers.end()),
                         (getArgument() + " layers").str(), /*asError=*/false);
  bool hasRank = rank != 0, hasEnergy = energy != 0;
  if (hasRank == hasEnergy) {
    getOperation().emitError()
        << "compress-lowrank: give exactly one of rank=N or energy=t, got "
        << (hasRank ? "both" : "neither");
    return signalPassFailure();
  }
  if (hasRank && rank < 1) {
    getOperation().emitError() << "compress-lowrank: rank must be >= 1, got " << int64_t(rank);
    return signalPassFailure();
  }
  if (hasEnergy && !(energy > 0 && energy <= 1)) {
    std::string got;
    llvm::raw_string_ostream(got) << llvm::format("%g", double(energy));
    getOperation().emitError() << "compress-lowrank: energy must be in (0, 1], got " << got;
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
    else if (auto mm = dyn_cast<tosa::MatMulOp>(op))
      (void)rewriteMatmul(mm, rewriter);
    else
      (void)skip(op, layerName(op->getLoc()),
                 "depthwise convolution: each output channel sees one input channel, "
                 "no shared structure to factorize");
  }
}

} // namespace
