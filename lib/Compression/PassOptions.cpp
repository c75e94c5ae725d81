//===- PassOptions.cpp - text forms of the compression passes' choices ----===//
//
// The spellings are those of the clEnumValN lists in Passes.td (the pass option
// parser's); compress-compile's flags and the C API take the same words.
//
#include "compress/Compression/PassOptions.h"

#include "llvm/ADT/StringSwitch.h"

using namespace mlir::compress;

std::optional<PruneScope> mlir::compress::parsePruneScope(llvm::StringRef name) {
  return llvm::StringSwitch<std::optional<PruneScope>>(name)
      .Case("layer", PruneScope::Layer)
      .Case("global", PruneScope::Global)
      .Default(std::nullopt);
}

llvm::StringRef mlir::compress::stringifyPruneScope(PruneScope scope) {
  return scope == PruneScope::Layer ? "layer" : "global";
}

std::optional<FilterCriterion> mlir::compress::parseFilterCriterion(llvm::StringRef name) {
  return llvm::StringSwitch<std::optional<FilterCriterion>>(name)
      .Case("l1", FilterCriterion::L1)
      .Case("l2", FilterCriterion::L2)
      .Default(std::nullopt);
}
