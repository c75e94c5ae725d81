//===- Pipeline.cpp - compression options to a pass pipeline --------------===//
#include "compress/Compiler/Pipeline.h"

#include "compress/Compression/Binarize.h"
#include "compress/Compression/LayerCompression.h"
#include "compress/Compression/Passes.h"
#include "compress/Compression/SparseCostModel.h"
#include "compress/Dialect/Compress/IR/CompressOps.h"
#include "compress/Dialect/Compress/IR/CompressUtils.h"

#include "mlir/Pass/PassRegistry.h"
#include "llvm/ADT/StringExtras.h"

#include <cmath>
#include <map>
#include <set>

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
    lowrank.calibrationStats = options.calibrationStats;
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

// --- group E: default recognition of already-compressed weights ---
namespace {
/// Number of distinct values of `w` (-0 and +0 count as one), capped at cap + 1.
size_t countDistinct(llvm::ArrayRef<float> w, size_t cap) {
  std::set<float> seen;
  for (float v : w) {
    seen.insert(v);
    if (seen.size() > cap)
      break;
  }
  return seen.size();
}
int64_t bitsFor(size_t distinct) {
  int64_t b = 1;
  while ((size_t(1) << b) < distinct)
    ++b;
  return b;
}
} // namespace

std::vector<RecognizedLayer> compress::planRecognition(ModuleOp module,
                                                       const CompressionOptions &o) {
  std::vector<RecognizedLayer> plan;
  if (!o.recognize)
    return plan;
  if (o.sparsify || o.sparsifyMinSparsity || o.binarize || !o.extraPipeline.empty())
    return plan; // these select every layer
  auto selects = [](bool active, const std::vector<std::string> &list, StringRef name) {
    return active && (list.empty() || llvm::is_contained(list, name));
  };
  std::vector<std::string> binary = findRecognizableBinaryLayers(module);
  for (Operation *op : collectLayers(module)) {
    // A layer an earlier compression produced (an MLIR input's record) stays as it is.
    if (LayerAttr record = LayerAttr::get(op); record && record.getMethod() != "dense")
      continue;
    std::string whyNot;
    FailureOr<LayerWeight> layer = matchLayerWeight(op, whyNot);
    if (failed(layer) || layer->name.empty())
      continue;
    StringRef name = layer->name;
    if (selects(o.codebookBits != 0, o.codebookLayers, name) ||
        selects(o.lowrankRank != 0 || o.lowrankEnergy != 0.0, o.lowrankLayers, name) ||
        selects(o.pruneSparsity || o.pruneFilters, o.pruneLayers, name) ||
        llvm::is_contained(o.binarizeLayers, name))
      continue;
    if (llvm::is_contained(binary, name)) {
      plan.push_back({name.str(), "binary", 0, false});
      continue;
    }
    llvm::ArrayRef<float> w = layer->weight;
    if (w.empty() || llvm::any_of(w, [](float v) { return !std::isfinite(v); }))
      continue;
    int64_t n = int64_t(w.size()), dense = 4 * n;
    int64_t zeros = llvm::count_if(w, [](float v) { return v == 0.0f; });
    // compress-sparsify's per-layer break-even (SparseCostModel.h).
    if (double(zeros) >= sparseBreakEven(*layer).sparsity * double(n)) {
      plan.push_back({name.str(), "sparse", 0, false});
      continue;
    }
    int64_t best = dense, bestBits = 0;
    bool bestPerChannel = false;
    size_t perTensor = countDistinct(w, 256);
    if (perTensor <= 256) {
      int64_t bits = bitsFor(perTensor);
      int64_t bytes = layer->rows * codebookRowBytes(layer->rowSize, bits) + 4 * int64_t(perTensor);
      if (bytes < best)
        best = bytes, bestBits = bits, bestPerChannel = false;
    }
    size_t perRow = 0;
    for (int64_t f = 0; f < layer->rows && perRow <= 256; ++f)
      perRow = std::max(perRow, countDistinct(w.slice(f * layer->rowSize, layer->rowSize), 256));
    if (perRow <= 256) {
      int64_t bits = bitsFor(perRow);
      int64_t bytes = layer->rows * (codebookRowBytes(layer->rowSize, bits) + 4 * int64_t(perRow));
      if (bytes < best)
        best = bytes, bestBits = bits, bestPerChannel = true;
    }
    if (bestBits != 0)
      plan.push_back({name.str(), "codebook", bestBits, bestPerChannel});
  }
  return plan;
}

void compress::buildRecognitionPipeline(OpPassManager &pm,
                                        llvm::ArrayRef<RecognizedLayer> layers) {
  llvm::SmallVector<std::string> binary, sparse;
  std::map<std::pair<int64_t, bool>, llvm::SmallVector<std::string>> codebooks;
  for (const RecognizedLayer &l : layers) {
    if (l.method == "binary")
      binary.push_back(l.name);
    else if (l.method == "sparse")
      sparse.push_back(l.name);
    else
      codebooks[{l.bits, l.perChannel}].push_back(l.name);
  }
  if (!binary.empty()) {
    CompressBinarizeOptions binarize;
    binarize.mode = BinarizeMode::Recognize;
    binarize.layers = binary;
    pm.addPass(createCompressBinarize(binarize));
  }
  if (!sparse.empty()) {
    CompressSparsifyOptions sparsify;
    sparsify.layers = sparse;
    pm.addPass(createCompressSparsify(sparsify));
  }
  for (auto &[key, names] : codebooks) {
    CompressCodebookOptions codebook;
    codebook.bits = key.first;
    codebook.perChannel = key.second;
    codebook.init = KMeansInit::Linear;
    codebook.layers = names;
    pm.addPass(createCompressCodebook(codebook));
  }
}
// --- end group E ---
