//===- PassOptions.cpp - text forms of the compression passes' choices ----===//
#include "compress/Compression/PassOptions.h"

using namespace mlir::compress;

std::optional<PruneScope> mlir::compress::parsePruneScope(llvm::StringRef name) {
  if (name == "layer")
    return PruneScope::Layer;
  if (name == "global")
    return PruneScope::Global;
  return std::nullopt;
}

llvm::StringRef mlir::compress::stringifyPruneScope(PruneScope scope) {
  return scope == PruneScope::Layer ? "layer" : "global";
}

std::optional<FilterCriterion> mlir::compress::parseFilterCriterion(llvm::StringRef name) {
  if (name == "l1")
    return FilterCriterion::L1;
  if (name == "l2")
    return FilterCriterion::L2;
  return std::nullopt;
}
