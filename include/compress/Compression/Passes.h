//===- Passes.h - compression passes ---------------------------*- C++ -*-===//
#ifndef COMPRESS_COMPRESSION_PASSES_H
#define COMPRESS_COMPRESSION_PASSES_H

#include "compress/Algorithms/KMeans.h"
#include "compress/Dialect/Compress/IR/CompressDialect.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/PDL/IR/PDL.h"
#include "mlir/Dialect/PDLInterp/IR/PDLInterp.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/Pass/Pass.h"

namespace mlir::compress {
// The fixed choices of the passes' options (the option parser rejects anything else;
// compress-codebook's init is KMeansInit from compress/Algorithms/KMeans.h).

/// compress-prune scope: one magnitude threshold per layer, or one over all layers.
enum class PruneScope { Layer, Global };
/// compress-prune criterion: the norm that ranks output filters.
enum class FilterCriterion { L1, L2 };
/// compress-prune filter-action: remove the pruned filters, or only zero them.
enum class FilterAction { Remove, Zero };
/// compress-binarize mode: recognize exact binary layers, or force the chosen ones.
enum class BinarizeMode { Recognize, Force };

#define GEN_PASS_DECL
#include "compress/Compression/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "compress/Compression/Passes.h.inc"
} // namespace mlir::compress

#endif
