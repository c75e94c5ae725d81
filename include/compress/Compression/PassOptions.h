//===- PassOptions.h - the fixed choices of the compression passes' options -*- C++ -*-===//
//
// The enums behind the compression passes' choice options (Passes.td; the pass
// option parser rejects any other spelling) and their text forms, for drivers
// that take the same choices as plain strings (compress-compile's flags, the C
// API's options by name). compress-codebook's init is KMeansInit from
// compress/Algorithms/KMeans.h, compress-lowrank's svd SVDAlgorithm from LowRank.h. Kept free of MLIR headers so that
// Compiler/CompileOptions.h can hold the enums.
//
#ifndef COMPRESS_COMPRESSION_PASSOPTIONS_H
#define COMPRESS_COMPRESSION_PASSOPTIONS_H

#include "compress/Algorithms/KMeans.h"
#include "compress/Algorithms/LowRank.h"

#include "llvm/ADT/StringRef.h"

#include <optional>

namespace mlir::compress {

/// compress-prune scope: one magnitude threshold per layer, or one over all layers.
enum class PruneScope { Layer, Global };
/// compress-prune-filters criterion: the norm that ranks output filters.
enum class FilterCriterion { L1, L2 };
/// compress-prune-filters action: remove the pruned filters, or only zero them.
enum class FilterAction { Remove, Zero };
/// compress-binarize mode: recognize exact binary layers, or force the chosen ones.
enum class BinarizeMode { Recognize, Force };

/// "layer" / "global"; std::nullopt for anything else.
std::optional<PruneScope> parsePruneScope(llvm::StringRef name);
llvm::StringRef stringifyPruneScope(PruneScope scope);
/// "l1" / "l2"; std::nullopt for anything else.
std::optional<FilterCriterion> parseFilterCriterion(llvm::StringRef name);

} // namespace mlir::compress

#endif // COMPRESS_COMPRESSION_PASSOPTIONS_H
