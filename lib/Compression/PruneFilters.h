//===- PruneFilters.h - filter-level (structured) pruning for compress-prune -*- C++ -*-===//
//
// The structured half of compress-prune (see the pass description in Passes.td):
// whole output filters of tosa.conv2d layers are removed (or zeroed), together with
// the matching channels of everything between the layer and the convs that read them.
//
#ifndef COMPRESS_COMPRESSION_PRUNEFILTERS_H
#define COMPRESS_COMPRESSION_PRUNEFILTERS_H

#include "mlir/IR/BuiltinOps.h"

#include <string>
#include <vector>

namespace mlir::compress {

struct FilterPruneOptions {
  /// Fraction of each channel group's filters to remove, in [0, 1): floor(fraction·C),
  /// at most C − 1.
  double fraction = 0.0;
  /// Rank the filters by their L2 norm instead of L1.
  bool l2 = false;
  /// Zero the selected filters' parameters in place (shapes unchanged) instead of
  /// removing them.
  bool zeroOnly = false;
  /// Producer layers to prune (NameLoc names); empty: all.
  std::vector<std::string> layers;
};

/// Filter pruning of every tosa.conv2d under `module` that options.layers selects;
/// emits a remark for each pruned layer and for each layer left alone.
void pruneFilters(ModuleOp module, const FilterPruneOptions &options);

} // namespace mlir::compress

#endif // COMPRESS_COMPRESSION_PRUNEFILTERS_H
