//===- Pipeline.cpp - compression options to a pass pipeline --------------===//
#include "compress/Compiler/Pipeline.h"

#include "compress/Compression/Passes.h"

#include "mlir/Pass/PassRegistry.h"
#include "llvm/ADT/StringExtras.h"

using namespace mlir;
using namespace mlir::compress;

bool CompressionOptions::any() const {
  return codebookBits != 0 || lowrankRank != 0 || lowrankEnergy != 0.0 || pruneSparsity ||
         pruneFilters || sparsify || sparsifyMinSparsity || binarize ||
         !binarizeLayers.empty() || !extraPipeline.empty();
}

static llvm::SmallVector<std::string> toList(const std::vector<std::string> &names) {
  return llvm::SmallVector<std::string>(names.begin(), names.end());
}

LogicalResult compress::buildCompressionPipeline(OpPassManager &pm,
                                                 const CompressionOptions &options,
                                                 std::string &error) {
  // Filter pruning first: it changes the shapes the other passes see.
  if (options.pruneFilters) {
    CompressPruneFiltersOptions prune;
    prune.fraction = *options.pruneFilters;
    prune.criterion = options.pruneCriterion;
    prune.layers = toList(options.pruneLayers);
    pm.addPass(createCompressPruneFilters(prune));
  }
  if (!options.binarizeLayers.empty()) {
    CompressBinarizeOptions binarize;
    binarize.mode = BinarizeMode::Force;
    binarize.layers = toList(options.binarizeLayers);
    pm.addPass(createCompressBinarize(binarize));
  } else if (options.binarize) {
    CompressBinarizeOptions binarize;
    binarize.mode = BinarizeMode::Recognize;
    pm.addPass(createCompressBinarize(binarize));
  }
  if (options.lowrankRank != 0 || options.lowrankEnergy != 0.0) {
    CompressLowRankOptions lowrank;
    lowrank.rank = options.lowrankRank;
    lowrank.energy = options.lowrankEnergy;
    lowrank.layers = toList(options.lowrankLayers);
    pm.addPass(createCompressLowRank(lowrank));
  }
  if (options.pruneSparsity) {
    CompressPruneOptions prune;
    prune.sparsity = *options.pruneSparsity;
    prune.scope = options.pruneScope;
    prune.layers = toList(options.pruneLayers);
    pm.addPass(createCompressPrune(prune));
  }
  if (options.sparsify || options.pruneSparsity || options.sparsifyMinSparsity) {
    CompressSparsifyOptions sparsify;
    if (options.sparsifyMinSparsity)
      sparsify.minSparsity = *options.sparsifyMinSparsity;
    pm.addPass(createCompressSparsify(sparsify));
  }
  if (options.codebookBits != 0) {
    CompressCodebookOptions codebook;
    codebook.bits = options.codebookBits;
    codebook.perChannel = options.codebookPerChannel;
    codebook.init = options.codebookInit;
    codebook.layers = toList(options.codebookLayers);
    pm.addPass(createCompressCodebook(codebook));
  }
  if (options.extraPipeline.empty())
    return success();
  std::string text = options.extraPipeline;
  if (error = unwrapModuleAnchor(text); !error.empty())
    return failure();
  if (StringRef(text).trim().empty()) {
    error = "--pipeline: no pass in '" + options.extraPipeline + "'";
    return failure();
  }
  std::string parseError;
  llvm::raw_string_ostream errorStream(parseError);
  if (failed(parsePassPipeline(text, pm, errorStream))) {
    // One line: the parser's message may start or end with a newline. (A bad option
    // value's reason comes from llvm::cl, which prints it to stderr itself.)
    SmallVector<StringRef> lines;
    StringRef(parseError).split(lines, '\n', -1, /*KeepEmpty=*/false);
    error = "bad pass pipeline '" + text + "': " + llvm::join(lines, "; ");
    return failure();
  }
  return success();
}

std::string compress::unwrapModuleAnchor(std::string &text) {
  std::string original = text;
  StringRef anchor = "builtin.module(";
  StringRef trimmed = StringRef(text).trim();
  if (trimmed.starts_with(anchor)) {
    // Find the ')' closing the anchor; '(' and ')' inside {options} do not count.
    int parens = 0, braces = 0;
    size_t close = StringRef::npos;
    for (size_t i = anchor.size() - 1; i < trimmed.size(); ++i) {
      char c = trimmed[i];
      if (c == '{')
        ++braces;
      else if (c == '}')
        --braces;
      else if (braces == 0 && c == '(')
        ++parens;
      else if (braces == 0 && c == ')' && --parens == 0) {
        close = i;
        break;
      }
    }
    if (close != trimmed.size() - 1)
      return "--pipeline: a 'builtin.module(...)' anchor must wrap the whole pipeline, got '" +
             original + "'";
    text = trimmed.drop_front(anchor.size()).drop_back().trim().str();
  }
  if (StringRef(text).contains(anchor))
    return "--pipeline: a nested 'builtin.module(...)' would run on nested modules only, "
           "of which the model has none; write the passes without it, got '" +
           original + "'";
  return "";
}

std::vector<std::string> compress::splitLayerNames(StringRef flag, StringRef value,
                                                   std::string &error) {
  SmallVector<StringRef> parts;
  value.split(parts, ',', -1, /*KeepEmpty=*/true);
  std::vector<std::string> names;
  for (StringRef part : parts) {
    StringRef name = part.trim();
    if (name.empty()) {
      error = (flag + ": empty layer name in '" + value + "' (names are comma-separated)").str();
      return {};
    }
    names.push_back(name.str());
  }
  return names;
}
