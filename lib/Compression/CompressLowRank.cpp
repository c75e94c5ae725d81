//===- CompressLowRank.cpp - truncated-SVD factorization into lowrank ops -===//
//
// Low-rank factorization (Denton et al. 2014, Jaderberg et al. 2014): the constant
// weight of a conv (OHWI, as the matrix W[F, kh·kw·C]) or of a matmul (W[N, K] =
// Bᵀ) is factorized by truncated SVD (compress/Algorithms/LowRank.h) into
// W ≈ V[F, r] · U[r, n], √σ in both factors, and the layer becomes a
// compress.lowrank_conv2d / lowrank_matmul. The rank is fixed (`rank`) or the
// smallest keeping a fraction of the spectrum's energy (`energy`), by the exact or,
// for large layers, the randomized SVD (Halko et al. 2011; `svd`); a layer whose
// rank saves nothing (r ≥ F·n/(F+n)) stays dense.
//
// With `calibration-stats`, data-aware: the SVD of the whitened weight W·L, L Lᵀ
// the damped Gram matrix of the layer's inputs (compress/Algorithms/
// WhitenedLowRank.h; SVD-LLM, Wang et al. 2024).
//
//===----------------------------------------------------------------------===//
#include "compress/Dialect/Compress/IR/CompressOps.h"
#include "compress/Compression/LayerCompression.h"
#include "compress/Compression/Passes.h"
#include "compress/Algorithms/LowRank.h"
#include "compress/Algorithms/WhitenedLowRank.h"
#include "compress/Compression/Calibration.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/PatternMatch.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"

#include <cmath>

namespace mlir::compress {
#define GEN_PASS_DEF_COMPRESSLOWRANK
#include "compress/Compression/Passes.h.inc"
} // namespace mlir::compress

using namespace mlir;
using namespace mlir::compress;

namespace {

struct CompressLowRankPass : public compress::impl::CompressLowRankBase<CompressLowRankPass> {
  using CompressLowRankBase::CompressLowRankBase;

  void runOnOperation() override;

private:
  /// Factorizes W[rows, cols] at the configured rank; failure (with a skip remark)
  /// when the SVD fails or the rank saves nothing.
  FailureOr<LowRankFactors> factorize(Operation *op, StringRef layer, ArrayRef<float> w,
                                      int64_t rows, int64_t cols);
  /// The same from the SVD of the whitened weight (calibration statistics).
  FailureOr<LowRankFactors> factorizeWhitened(Operation *op, StringRef layer,
                                              ArrayRef<float> w, int64_t rows, int64_t cols,
                                              const LayerCalibrationStats &stats);
  /// The statistics of `op`'s layer when they match it; null (with a remark, or a
  /// warning for a named layer) when there are none or they do not match.
  const LayerCalibrationStats *statsFor(Operation *op, const LayerWeight &layer);

  std::optional<CalibrationStats> calibration;
  llvm::DenseMap<Operation *, std::string> calibrationKeys;
  /// Output rel_error of the data-aware factors and of plain SVD at the same rank on
  /// the calibration inputs, for the remark (-1: blind).
  double outputError = -1, blindOutputError = -1;
  /// Records the layer (compress.layer) on the new op and emits the remark.
  void annotate(Operation *newOp, StringRef layer, const LowRankFactors &f,
                double weightNorm, int64_t positions);
  std::string params(const LowRankFactors &f) const;

  /// Rewrites a conv or matmul into a lowrank op; failure (the layer stays dense, a
  /// remark says why) when it does not qualify or its rank saves nothing.
  LogicalResult rewrite(Operation *op, IRRewriter &rewriter);
  /// Leaves a layer dense, saying why (a warning when the layer was named).
  LogicalResult skip(Operation *op, StringRef layer, const Twine &why) {
    return skipLayer(op, "lowrank", layer, why, !layers.empty());
  }
};

std::string CompressLowRankPass::params(const LowRankFactors &f) const {
  std::string s;
  llvm::raw_string_ostream os(s);
  os << "rank=" << f.rank;
  if (energy > 0)
    os << llvm::format(" energy=%g", double(energy));
  os << llvm::format(" kept=%.4f", f.energy);
  if (f.randomized)
    os << " svd=randomized";
  if (outputError >= 0)
    os << " data-aware";
  return s;
}

FailureOr<LowRankFactors> CompressLowRankPass::factorize(Operation *op, StringRef layer,
                                                         ArrayRef<float> w, int64_t rows,
                                                         int64_t cols) {
  auto decomposition =
      computeLowRankSVD(w, rows, cols, energy > 0 ? 0 : int64_t(rank), energy, svd);
  if (!decomposition)
    return skip(op, layer, llvm::toString(decomposition.takeError()));
  int64_t r = decomposition->second;
  double breakEven = breakEvenRank(rows, cols);
  if (double(r) >= breakEven)
    return skip(op, layer,
                llvm::formatv("rank {0} >= break-even F*n/(F+n) = {1}*{2}/{3} = {4:f2}: "
                              "no saving",
                              r, rows, cols, rows + cols, breakEven));
  auto factors = truncateSVD(decomposition->first, w, r);
  if (!factors)
    return skip(op, layer, llvm::toString(factors.takeError()));
  return std::move(*factors);
}

FailureOr<LowRankFactors>
CompressLowRankPass::factorizeWhitened(Operation *op, StringRef layer, ArrayRef<float> w,
                                       int64_t rows, int64_t cols,
                                       const LayerCalibrationStats &stats) {
  auto whitened = computeWhitenedSVD(w, rows, cols, stats.groupGram(0), stats.diagonal, damping);
  if (!whitened)
    return skip(op, layer, llvm::toString(whitened.takeError()));
  const std::vector<double> &sigma = whitened->svd.singularValues;
  int64_t r = energy > 0 ? chooseRankByEnergy(sigma, energy)
                         : std::min<int64_t>(rank, int64_t(sigma.size()));
  double breakEven = breakEvenRank(rows, cols);
  if (double(r) >= breakEven)
    return skip(op, layer,
                llvm::formatv("rank {0} >= break-even F*n/(F+n) = {1}*{2}/{3} = {4:f2}: "
                              "no saving",
                              r, rows, cols, rows + cols, breakEven));
  auto factors = truncateWhitenedSVD(*whitened, w, r);
  if (!factors)
    return skip(op, layer, llvm::toString(factors.takeError()));
  outputError = relativeOutputError(w, *factors, stats.groupGram(0), stats.diagonal);
  // What plain SVD at the same rank would give on the same inputs, for the remark.
  if (auto svd = computeSVD(w, rows, cols))
    if (auto plain = truncateSVD(*svd, w, r))
      blindOutputError = relativeOutputError(w, *plain, stats.groupGram(0), stats.diagonal);
    else
      llvm::consumeError(plain.takeError());
  else
    llvm::consumeError(svd.takeError());
  return std::move(*factors);
}

const LayerCalibrationStats *CompressLowRankPass::statsFor(Operation *op,
                                                           const LayerWeight &layer) {
  auto key = calibrationKeys.find(op);
  const LayerCalibrationStats *stats =
      key == calibrationKeys.end() ? nullptr : calibration->lookup(key->second);
  std::string why;
  if (!stats)
    why = "no calibration statistics for it";
  else if (stats->groups != 1 || stats->dim != layer.rowSize ||
           stats->outChannels != layer.rows)
    why = llvm::formatv("its calibration statistics ({0} group(s) of {1} inputs, {2} "
                        "outputs) do not match its weight ({3} x {4})",
                        stats->groups, stats->dim, stats->outChannels, layer.rows,
                        layer.rowSize)
              .str();
  if (why.empty())
    return stats;
  InFlightDiagnostic diag = !layers.empty() ? op->emitWarning() : op->emitRemark();
  diag << "lowrank: layer '" << layer.name << "': " << why << "; factorized blind";
  return nullptr;
}

void CompressLowRankPass::annotate(Operation *newOp, StringRef layer, const LowRankFactors &f,
                                   double weightNorm, int64_t positions) {
  CompressInfo info;
  info.method = "lowrank";
  info.params = params(f);
  info.weightBytesBefore = f.rows * f.cols * 4;
  info.weightBytesAfter = f.rank * (f.rows + f.cols) * 4;
  info.macsBefore = positions * f.rows * f.cols;
  info.macsAfter = positions * f.rank * (f.rows + f.cols);
  info.relError = f.relativeError;
  info.weightNorm = weightNorm;
  if (outputError >= 0)
    info.remarkDetail =
        llvm::formatv("output rel_error {0:e} on the calibration inputs (plain SVD at this "
                      "rank: {1:e})",
                      outputError, blindOutputError)
            .str();
  attachCompressInfo(newOp, "lowrank", layer, info);
}

LogicalResult CompressLowRankPass::rewrite(Operation *op, IRRewriter &rewriter) {
  std::string whyNot;
  FailureOr<LayerWeight> layer = matchLayerWeight(op, whyNot);
  if (failed(layer))
    return skip(op, layerName(op), whyNot);
  // W[F, n]: n = kh·kw·C (conv, OHWI rows) or K (matmul).
  outputError = blindOutputError = -1;
  const LayerCalibrationStats *stats = calibration ? statsFor(op, *layer) : nullptr;
  FailureOr<LowRankFactors> factors =
      stats ? factorizeWhitened(op, layer->name, layer->weight, layer->rows, layer->rowSize,
                                *stats)
            : factorize(op, layer->name, layer->weight, layer->rows, layer->rowSize);
  if (failed(factors))
    return failure();
  rewriter.setInsertionPoint(op);
  Location loc = op->getLoc();
  int64_t r = factors->rank;
  // U[r, kh, kw, C] (conv, OHWI) or U[r, K] (matmul); V[F, r].
  SmallVector<int64_t, 4> uShape = layer->weightShape;
  uShape[0] = r;
  Value u = f32Constant(rewriter, loc, uShape, factors->u);
  Value v = f32Constant(rewriter, loc, {layer->rows, r}, factors->v);
  Value bias = materializeBias(rewriter, *layer);
  Operation *newOp = replaceLayerWith(
      rewriter, *layer, layer->input, [&](Value input, RankedTensorType type) -> Operation * {
        if (layer->isMatmul())
          return LowRankMatmulOp::create(rewriter, loc, type, input, u, v, bias);
        return LowRankConv2DOp::create(rewriter, loc, type, input, u, v, bias, layer->stride,
                                       layer->pad, layer->dilation);
      });
  annotate(newOp, layer->name, *factors, frobeniusNorm(layer->weight), layer->outputPoints);
  return success();
}

void CompressLowRankPass::runOnOperation() {
  warnUnknownLayerNames(getOperation(), *layers, getArgument());
  bool hasRank = rank != 0, hasEnergy = energy != 0;
  if (hasRank == hasEnergy) {
    emitError(getOperation().getLoc())
        << "compress-lowrank: give exactly one of rank=N or energy=t, got "
        << (hasRank ? "both" : "neither");
    return signalPassFailure();
  }
  if (hasRank && rank < 1) {
    emitError(getOperation().getLoc()) << "compress-lowrank: rank must be >= 1, got " << int64_t(rank);
    return signalPassFailure();
  }
  if (hasEnergy && !(energy > 0 && energy <= 1)) {
    std::string got;
    llvm::raw_string_ostream(got) << llvm::format("%g", double(energy));
    emitError(getOperation().getLoc()) << "compress-lowrank: energy must be in (0, 1], got " << got;
    return signalPassFailure();
  }

  if (!(damping >= 0) || !std::isfinite(double(damping))) {
    std::string got;
    llvm::raw_string_ostream(got) << llvm::format("%g", double(damping));
    emitError(getOperation().getLoc()) << "compress-lowrank: damping must be >= 0, got " << got;
    return signalPassFailure();
  }
  if (!calibrationStats.empty()) {
    llvm::Expected<CalibrationStats> stats = readCalibrationStats(calibrationStats);
    if (!stats) {
      emitError(getOperation().getLoc())
          << "compress-lowrank: " << llvm::toString(stats.takeError());
      return signalPassFailure();
    }
    calibration = std::move(*stats);
    calibrationKeys = calibrationLayerKeys(getOperation());
  }

  IRRewriter rewriter(&getContext());
  for (Operation *op : collectLayers(getOperation(), *layers)) {
    // Failures are skips with a remark (a warning for a named layer): the layer stays dense.
    if (isa<tosa::DepthwiseConv2DOp>(op))
      (void)skip(op, layerName(op),
                 "depthwise convolution: each output channel sees one input channel, "
                 "no shared structure to factorize");
    else
      (void)rewrite(op, rewriter);
  }
}

} // namespace
