//===- CompileOptions.cpp - checks of a compilation's options -------------===//
#include "compress/Compiler/CompileOptions.h"

#include "compress/Target/ModelABI.h"

#include "llvm/ADT/Twine.h"
#include "llvm/Support/Path.h"

#include <cstdio>

using namespace mlir;
using namespace mlir::compress;

/// A double as text that reads back to the same value (std::to_string rounds to 6
/// decimals, which turned 0.9999999 into 1).
static std::string exactDecimal(double value) {
  char buffer[32];
  snprintf(buffer, sizeof buffer, "%.17g", value);
  return buffer;
}

static std::string verifyCompression(const CompressionOptions &c) {
  if (c.codebookBits != 0 && (c.codebookBits < 1 || c.codebookBits > 8))
    return "--codebook-bits must be between 1 and 8 (or 0 for off), got " +
           std::to_string(c.codebookBits);
  if (c.lowrankRank != 0 && c.lowrankEnergy != 0.0)
    return "--lowrank-rank and --lowrank-energy exclude each other";
  if (c.lowrankRank < 0)
    return "--lowrank-rank must be positive, got " + std::to_string(c.lowrankRank);
  if (!(c.lowrankEnergy >= 0.0 && c.lowrankEnergy <= 1.0))
    return "--lowrank-energy must be in (0, 1], got " + exactDecimal(c.lowrankEnergy);
  if (c.pruneSparsity && !(*c.pruneSparsity >= 0.0 && *c.pruneSparsity < 1.0))
    return "--prune-sparsity must be in [0, 1), got " + exactDecimal(*c.pruneSparsity);
  if (c.pruneFilters && !(*c.pruneFilters >= 0.0 && *c.pruneFilters < 1.0))
    return "--prune-filters must be in [0, 1), got " + exactDecimal(*c.pruneFilters);
  if (c.sparsifyMinSparsity && !(*c.sparsifyMinSparsity >= 0.0 && *c.sparsifyMinSparsity <= 1.0))
    return "--sparsify-min-sparsity must be in [0, 1], got " + exactDecimal(*c.sparsifyMinSparsity);
  // Refinements of a method that is off would do nothing: refuse them.
  bool lowrank = c.lowrankRank != 0 || c.lowrankEnergy != 0.0;
  if (!c.codebookLayers.empty() && c.codebookBits == 0)
    return "--codebook-layers needs --codebook-bits";
  if (c.codebookPerChannel && c.codebookBits == 0)
    return "--codebook-per-channel needs --codebook-bits";
  if (c.codebookInit != KMeansInit::Linear && c.codebookBits == 0)
    return "--codebook-init needs --codebook-bits";
  if (!c.lowrankLayers.empty() && !lowrank)
    return "--lowrank-layers needs --lowrank-rank or --lowrank-energy";
  if (!c.pruneLayers.empty() && !c.pruneSparsity && !c.pruneFilters)
    return "--prune-layers needs --prune-sparsity or --prune-filters";
  if (c.pruneScope != PruneScope::Layer && !c.pruneSparsity)
    return "--prune-scope needs --prune-sparsity (filter pruning ranks the filters of each "
           "conv on its own)";
  if (c.pruneCriterion != FilterCriterion::L1 && !c.pruneFilters)
    return "--prune-criterion needs --prune-filters";
  for (const auto &[flag, names] :
       {std::pair<const char *, const std::vector<std::string> *>{"--codebook-layers",
                                                                  &c.codebookLayers},
        {"--lowrank-layers", &c.lowrankLayers},
        {"--prune-layers", &c.pruneLayers},
        {"--binarize-layers", &c.binarizeLayers}})
    for (const std::string &name : *names)
      if (llvm::StringRef(name).trim().empty())
        return std::string(flag) + ": empty layer name";
  return "";
}

/// The choice flag `flag` set to `value`: stores `parsed` in `out` and returns "",
/// or, when `value` is none of the `choices` (`parsed` empty), returns the error.
template <typename T>
static std::string storeChoice(std::optional<T> parsed, T &out, llvm::StringRef flag,
                               llvm::StringRef choices, llvm::StringRef value) {
  if (!parsed)
    return (flag + " must be " + choices + ", got '" + value + "'").str();
  out = *parsed;
  return "";
}

std::string compress::parseCodebookInitFlag(llvm::StringRef value, KMeansInit &init) {
  return storeChoice(parseKMeansInit(value), init, "--codebook-init", "'linear' or 'kmeans++'",
                     value);
}

std::string compress::parsePruneScopeFlag(llvm::StringRef value, PruneScope &scope) {
  return storeChoice(compress::parsePruneScope(value), scope, "--prune-scope",
                     "'layer' or 'global'", value);
}

std::string compress::parsePruneCriterionFlag(llvm::StringRef value, FilterCriterion &criterion) {
  return storeChoice(parseFilterCriterion(value), criterion, "--prune-criterion",
                     "'l1' or 'l2'", value);
}

std::string compress::verifyCompileOptions(const CompileOptions &options) {
  if (options.inputPath.empty())
    return "no input file";
  if (std::string error = verifyCompression(options.compression); !error.empty())
    return error;
  if (options.codegen.optLevel > 3)
    return "-O must be 0-3, got " + std::to_string(options.codegen.optLevel);
  if (std::string error = checkEntryName(options.entry); !error.empty())
    return error;
  std::string output = options.outputPath.empty()
                           ? defaultOutputPath(options.inputPath, options.emit)
                           : options.outputPath;
  // Only the shared library goes through a rename that /dev/null would not survive.
  if (std::string error = checkOutputPath(output, options.inputPath, "output",
                                          options.emit != EmitStage::Library);
      !error.empty())
    return error;
  if ((options.emit == EmitStage::Object || options.emit == EmitStage::Library) &&
      output == "-")
    return "--emit=obj and --emit=lib need an output file (-o)";
  if (!options.calibrationStatsOut.empty() && options.calibrationPath.empty())
    return "--calibration-stats-out needs --calibration";
  if (options.calibrationMaxGramDim != 2048 && options.calibrationPath.empty())
    return "--calibration-max-gram-dim needs --calibration";
  if (options.calibrationMaxGramDim < 1)
    return "--calibration-max-gram-dim must be >= 1, got " +
           std::to_string(options.calibrationMaxGramDim);
  if (!options.calibrationPath.empty() && !options.compression.any() &&
      options.calibrationStatsOut.empty())
    return "--calibration needs a compression method that uses it (--lowrank-rank or "
           "--lowrank-energy) or --calibration-stats-out";
  if (!options.calibrationPath.empty() && options.emit == EmitStage::MLIR)
    return "--emit=mlir stops before compression: --calibration needs "
           "--emit=compressed or later";
  if (options.emit == EmitStage::MLIR &&
      (options.compression.any() || options.report != ReportFormat::None))
    return "--emit=mlir stops before compression; use --emit=compressed";
  return "";
}

std::string compress::defaultOutputPath(llvm::StringRef inputPath, EmitStage emit) {
  if (emit <= EmitStage::Lowered)
    return "-";
  std::string stem = llvm::sys::path::stem(inputPath).str();
  switch (emit) {
  case EmitStage::LLVMIR:
    return stem + ".ll";
  case EmitStage::Object:
    return stem + ".o";
  default:
    return "lib" + stem + ".so";
  }
}
