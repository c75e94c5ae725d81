//===- Calibration.h - per-layer statistics of calibration inputs -*- C++ -*-===//
//
// What a data-aware compression pass knows about the activations of a layer,
// collected by compress-compile --calibration (lib/Compiler/Calibration.cpp) from
// a run of the uncompressed model, and read by the passes through their
// `calibration-stats=<folder>` option.
//
// Per candidate layer (a tosa.conv2d, tosa.depthwise_conv2d or tosa.matmul with a
// constant f32 weight):
//  * the Gram matrix H = Σ x xᵀ of the layer's input vectors, in double, one per
//    group. A vector is what one weight row is multiplied with:
//      - conv2d (NHWC input, OHWI weight [F, kh, kw, C]): one vector per output
//        pixel (n, oh, ow), x[(i·kw + j)·C + c] = input[n, oh·sh − pad_top + i·dh,
//        ow·sw − pad_left + j·dw, c], 0 where the tap falls in the padding (as
//        the conv sees it). The index (i, j, c) is the flattening of the weight's
//        H, W, I dimensions: W[F, kh·kw·C] · x is the output pixel (minus bias).
//      - depthwise_conv2d ([kh, kw, C, M] weight, compress layout OHWI
//        [C·M, kh, kw, 1], groups = C): one H per input channel g of dimension
//        kh·kw, index i·kw + j, over the same pixels;
//      - matmul A[1, M, K] × B[1, K, N] (W = Bᵀ [N, K]): one vector per row of A.
//    `dim` = kh·kw·C/groups (conv) or K (matmul); `vectors` counts the vectors
//    accumulated (the same for every group).
//    Above `maxGramDim` only the diagonal of H is kept (`diagonal`): a full H is
//    dim² doubles (d = 3·3·512 = 4608: 170 MB), the diagonal dim.
//  * the output mean and (population) variance per output channel over all
//    output positions of all samples, from Σ y and Σ y² in double.
//
// Layers are identified by a key (calibrationLayerKeys): the layer's name (its
// NameLoc, the ONNX node name) when exactly one candidate op carries it, else
// "<name>#<k>" for the k-th (0-based, program order) op of that name (grouped
// convs imported as one op per group share a name; unnamed layers are "#0", ...).
//
// On disk the statistics are a folder:
//   index.json      {"format": "compress-calibration-stats", "version": 1,
//                    "samples": S, "max_gram_dim": D,
//                    "layers": [{"key", "name", "kind" (conv2d | depthwise_conv2d |
//                      matmul), "groups", "dim", "diagonal" (bool), "vectors",
//                      "gram" (file), "out_channels", "out_positions",
//                      "out_mean" (file), "out_var" (file)}, ...]}
//   <i>.gram.npy    float64 [groups, dim, dim], or [groups, dim] when diagonal
//   <i>.out_mean.npy, <i>.out_var.npy   float64 [out_channels]
//
//===----------------------------------------------------------------------===//
#ifndef COMPRESS_COMPRESSION_CALIBRATION_H
#define COMPRESS_COMPRESSION_CALIBRATION_H

#include "mlir/IR/Operation.h"
#include "mlir/Support/LLVM.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <string>
#include <vector>

namespace mlir::compress {

struct LayerWeight;

/// The default of the largest input-vector dimension whose full Gram matrix is
/// kept (2048² doubles = 32 MB); above it, only the diagonal.
constexpr int64_t kDefaultMaxGramDim = 2048;

/// The statistics of one layer (see the file comment).
struct LayerCalibrationStats {
  std::string key, name, kind;
  int64_t groups = 1, dim = 0;
  bool diagonal = false;
  /// [groups, dim, dim] (row-major) or [groups, dim] when diagonal.
  std::vector<double> gram;
  int64_t vectors = 0;
  int64_t outChannels = 0, outPositions = 0;
  /// Σ y and Σ y² per output channel while accumulating; the files hold the mean
  /// and variance (outputMean / outputVariance).
  std::vector<double> outSum, outSumSq;
  /// What readCalibrationStats read (outSum empty then).
  std::vector<double> outMean, outVar;

  /// Prepares empty accumulators for `layer` (its geometry from matchLayerWeight).
  static LayerCalibrationStats forLayer(const LayerWeight &layer, StringRef key,
                                        int64_t maxGramDim);
  /// H of group g: dim × dim (full) or dim (diagonal) doubles.
  ArrayRef<double> groupGram(int64_t g) const {
    int64_t size = diagonal ? dim : dim * dim;
    return ArrayRef<double>(gram).slice(g * size, size);
  }
  std::vector<double> outputMean() const;
  std::vector<double> outputVariance() const;
};

/// The statistics of a calibration run.
struct CalibrationStats {
  int64_t samples = 0;
  int64_t maxGramDim = kDefaultMaxGramDim;
  std::vector<LayerCalibrationStats> layers;
  const LayerCalibrationStats *lookup(StringRef key) const;
};

/// The key of every tosa.conv2d / depthwise_conv2d / matmul under `root` (see the
/// file comment).
llvm::DenseMap<Operation *, std::string> calibrationLayerKeys(Operation *root);

/// Accumulates one sample's activations of a conv or depthwise conv: `input` the
/// NHWC input [N, H, W, C] of the layer, as float (the layer geometry comes from
/// `layer`).
void accumulateConvInputs(LayerCalibrationStats &stats, const LayerWeight &layer,
                          ArrayRef<int64_t> inputShape, const float *input);
/// Accumulates the rows of a matmul's A [M, K].
void accumulateMatmulInputs(LayerCalibrationStats &stats, int64_t m, const float *a);
/// Accumulates Σ y, Σ y² of an output whose last dimension is the channel.
void accumulateOutputs(LayerCalibrationStats &stats, int64_t numElements, const float *y);

/// Writes `stats` as the folder `path` (created if needed; the files are replaced).
llvm::Error writeCalibrationStats(StringRef path, const CalibrationStats &stats);
/// Reads a folder writeCalibrationStats wrote; errors name the file and what is
/// wrong (missing, malformed, or a .npy whose shape does not match the index).
llvm::Expected<CalibrationStats> readCalibrationStats(StringRef path);

} // namespace mlir::compress

#endif // COMPRESS_COMPRESSION_CALIBRATION_H
