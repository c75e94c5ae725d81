//===- CommandLine.cpp - compress-compile's command-line options -----------===//
#include "compress/Compiler/CommandLine.h"
#include "compress/Compiler/NumberOption.h"

#include "compress/Compiler/Pipeline.h"
#include "compress/Import/ONNXImporter.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/ManagedStatic.h"

using namespace mlir;
using namespace mlir::compress;
namespace cl = llvm::cl;

namespace {
struct CompileCLOptions {
  cl::OptionCategory category{"compress-compile options"};
  cl::OptionCategory compressionCategory{"compression options"};
  cl::OptionCategory codegenCategory{"code generation options"};

  cl::opt<std::string> input{cl::Positional, cl::desc("<model.onnx | model.mlir>"), cl::Required,
                             cl::cat(category)};
  cl::opt<InputFormat> inputFormat{
      "input-format", cl::desc("How to read the input (default: by extension, else by content)"),
      cl::init(InputFormat::Auto),
      cl::values(clEnumValN(InputFormat::Auto, "auto", ".onnx/.pb ONNX, .mlir MLIR, else sniffed"),
                 clEnumValN(InputFormat::ONNX, "onnx", "an ONNX ModelProto"),
                 clEnumValN(InputFormat::MLIR, "mlir", "MLIR text or bytecode")),
      cl::cat(category)};
  cl::opt<std::string> output{"o",
                              cl::desc("Output file ('-' = stdout). Default: stdout for "
                                       "--emit=mlir|compressed|lowered, <stem>.ll / <stem>.o / "
                                       "lib<stem>.so for llvm / obj / lib"),
                              cl::value_desc("path"), cl::cat(category)};
  cl::opt<EmitStage> emit{
      "emit", cl::desc("Stage to stop after"), cl::init(EmitStage::Library),
      cl::values(clEnumValN(EmitStage::MLIR, "mlir", "imported MLIR (tosa on tensors)"),
                 clEnumValN(EmitStage::Compressed, "compressed",
                            "MLIR after the compression passes"),
                 clEnumValN(EmitStage::Lowered, "lowered", "MLIR in the LLVM dialect, with the ABI"),
                 clEnumValN(EmitStage::LLVMIR, "llvm", "optimized LLVM IR (.ll)"),
                 clEnumValN(EmitStage::Object, "obj", "object file (.o)"),
                 clEnumValN(EmitStage::Library, "lib",
                            "shared library (.so) + C header (default)")),
      cl::cat(category)};
  cl::list<std::string> inputShapes{
      "input-shape",
      cl::desc("Static shape of an ONNX graph input, e.g. x=1,3,48,192 (repeatable, or "
               "';'-separated)"),
      cl::value_desc("name=d0,d1,..."), cl::cat(category)};
  cl::opt<std::string> entry{"entry",
                             cl::desc("Name of the compiled entry point: a C identifier not "
                                      "starting with '_', not a C library function or main "
                                      "(the library exports E, E_packed, E_info)"),
                             cl::init("model"), cl::cat(category)};
  cl::opt<std::string> header{"header",
                              cl::desc("Where --emit=lib writes the C header (default: the "
                                       "library path with .h, where a file is replaced only "
                                       "if compress-compile wrote it)"),
                              cl::value_desc("path"), cl::cat(category)};
  cl::opt<bool> verbose{"v",
                        cl::desc("Print the pass pipelines and the phase timings (MLIR's "
                                 "timing manager, as --mlir-timing) to stderr"),
                        cl::init(false), cl::cat(category)};

  cl::opt<int64_t> codebookBits{"codebook-bits",
                                cl::desc("Weight sharing with k = 2^N centroids per layer (1-8; "
                                         "0 = off): the compress-codebook pass"),
                                cl::init(0), cl::value_desc("N"), cl::cat(compressionCategory)};
  cl::opt<bool> codebookPerChannel{"codebook-per-channel",
                                   cl::desc("One codebook per output channel (default: per "
                                            "tensor)"),
                                   cl::init(false), cl::cat(compressionCategory)};
  cl::opt<std::string> codebookInit{"codebook-init",
                                    cl::desc("k-means initialization: linear | kmeans++"),
                                    cl::init("linear"), cl::cat(compressionCategory)};
  cl::opt<std::string> codebookLayers{"codebook-layers",
                                      cl::desc("Comma-separated layer (ONNX node) names to "
                                               "compress (default: all)"),
                                      cl::cat(compressionCategory)};
  cl::opt<int64_t> lowrankRank{"lowrank-rank",
                               cl::desc("Low-rank factorization (truncated SVD) of conv/matmul "
                                        "weights to rank N: the compress-lowrank pass"),
                               cl::init(0), cl::value_desc("N"), cl::cat(compressionCategory)};
  cl::opt<double, false, NonEmptyDoubleParser> lowrankEnergy{"lowrank-energy",
                                cl::desc("Low-rank factorization keeping the smallest rank "
                                         "with this fraction of the squared singular values "
                                         "(0-1]"),
                                cl::init(0.0), cl::value_desc("tau"),
                                cl::cat(compressionCategory)};
  cl::opt<std::string> lowrankLayers{"lowrank-layers",
                                     cl::desc("Comma-separated layers to factorize (default: "
                                              "all)"),
                                     cl::cat(compressionCategory)};
  cl::opt<double, false, NonEmptyDoubleParser> pruneSparsity{"prune-sparsity",
                                cl::desc("Magnitude pruning to this fraction of zero weights "
                                         "[0, 1) (compress-prune), then compress-sparsify"),
                                cl::init(0.0), cl::value_desc("s"), cl::cat(compressionCategory)};
  cl::opt<std::string> pruneScope{"prune-scope",
                                  cl::desc("Pruning threshold per 'layer' or one 'global' "
                                           "threshold"),
                                  cl::init("layer"), cl::cat(compressionCategory)};
  cl::opt<std::string> calibration{
      "calibration",
      cl::desc("Unlabeled calibration inputs: a .npy/.pb file of N samples in the model's "
               "input layout (N x the input shape but for its batch dimension, N a "
               "multiple of the batch), or a folder of such files (name order). The "
               "uncompressed model runs on them and --lowrank-* becomes data-aware "
               "(SVD of the whitened weights). Models with one float32 input"),
      cl::value_desc("file|folder"), cl::cat(compressionCategory)};
  cl::opt<std::string> calibrationStatsOut{
      "calibration-stats-out",
      cl::desc("Also write the calibration statistics (per layer: Gram matrix of the "
               "im2col inputs, output mean/variance; index.json + .npy) to this folder, "
               "which compress-opt's compress-lowrank{calibration-stats=...} reads"),
      cl::value_desc("folder"), cl::cat(compressionCategory)};
  cl::opt<int64_t> calibrationMaxGramDim{
      "calibration-max-gram-dim",
      cl::desc("Layers whose input vectors (kh*kw*C, or K) are longer keep only the "
               "diagonal of their Gram matrix (default 2048: 32 MB in double)"),
      cl::init(2048), cl::value_desc("d"), cl::cat(compressionCategory)};
  cl::opt<std::string> pruneLayers{"prune-layers",
                                   cl::desc("Comma-separated layers to prune, by either kind of "
                                            "pruning (default: all)"),
                                   cl::cat(compressionCategory)};
  cl::opt<double, false, NonEmptyDoubleParser> pruneFilters{"prune-filters",
                               cl::desc("Filter (structured) pruning: remove this fraction "
                                        "[0, 1) of each conv's output filters and the "
                                        "channels they feed (compress-prune-filters; runs "
                                        "before --prune-sparsity when both are given)"),
                               cl::init(0.0), cl::value_desc("fraction"),
                               cl::cat(compressionCategory)};
  cl::opt<std::string> pruneCriterion{"prune-criterion",
                                      cl::desc("Filter ranking of --prune-filters: 'l1' or "
                                               "'l2' norm of each output filter"),
                                      cl::init("l1"), cl::cat(compressionCategory)};
  cl::opt<bool> sparsify{"sparsify",
                         cl::desc("Turn layers whose constant weights are mostly zeros into "
                                  "sparse (CSR) layers: the compress-sparsify pass"),
                         cl::init(false), cl::cat(compressionCategory)};
  cl::opt<double, false, NonEmptyDoubleParser> sparsifyMinSparsity{
      "sparsify-min-sparsity",
      // The per-layer cost model is the default.
      cl::desc("Sparsity in [0, 1] below which every layer stays dense, overriding the "
               "per-layer break-evens of compress-sparsify's cost model (the default: "
               "by layer kind and shape, measured; see docs/performance.md). Given "
               "without --sparsify, it also turns --sparsify on"),
      cl::init(-1.0), cl::value_desc("s"), cl::cat(compressionCategory)};
  cl::opt<bool> binarize{"binarize",
                         cl::desc("Recognize every binary layer (input sign(x): select(x >= 0, "
                                  "±1) or ONNX Sign, behind transpose / reshape / padding; "
                                  "±α weight rows) and compile it to XNOR-popcount code: "
                                  "compress-binarize. Default recognition (--recognize) "
                                  "already does this for named layers; the flag also works "
                                  "with --no-recognize. --binarize-layers forces float layers"),
                         cl::init(false), cl::cat(compressionCategory)};
  cl::opt<std::string> binarizeLayers{
      "binarize-layers",
      cl::desc("Comma-separated layers to binarize although their weights are not ±α "
               "(XNOR-Net: sign(W), α = mean |W|); a layer whose packed bits would not be "
               "smaller (1 input channel per group, e.g. depthwise) stays dense with a warning"),
      cl::cat(compressionCategory)};
  // --- group E: default recognition of already-compressed weights ---
  cl::opt<bool> recognize{
      "recognize",
      cl::desc("Compile layers whose constant weights are already compressed as what they "
               "are, losslessly, when no flag selects them: input sign(x) (ONNX Sign) and "
               "weights +-alpha per output channel -> binary, >= 80% zeros -> sparse, <= 2^b "
               "(b <= 8) distinct values per tensor or channel -> codebook (default: on; "
               "--recognize=false or --no-recognize turns it off)"),
      cl::init(true), cl::cat(compressionCategory)};
  cl::opt<bool> noRecognize{"no-recognize", cl::desc("Same as --recognize=false"),
                            cl::init(false), cl::cat(compressionCategory)};
  // --- end group E ---
  cl::opt<std::string> pipeline{
      "pipeline",
      cl::desc("Extra textual pass pipeline run after the flag-selected compression passes, "
               "e.g. 'compress-codebook{bits=8}' (a whole-text 'builtin.module(...)' anchor "
               "is accepted); give it once"),
      cl::cat(compressionCategory)};
  cl::opt<std::string> report{
      "report", cl::ValueOptional,
      cl::desc("Print the per-layer compression report: --report (table) or --report=json"),
      cl::value_desc("text|json"), cl::cat(compressionCategory)};
  cl::opt<bool> remarks{"remarks",
                        cl::desc("Print the compression passes' remarks (what each layer "
                                 "became, or why it was skipped) to stderr"),
                        cl::init(false), cl::cat(compressionCategory)};

  cl::opt<std::string> mtriple{"mtriple", cl::desc("Target triple (default: the host)"),
                               cl::cat(codegenCategory)};
  cl::opt<std::string> mcpu{"mcpu", cl::desc("Target CPU (default: the host CPU, 'native')"),
                            cl::cat(codegenCategory)};
  cl::opt<std::string> mattr{"mattr", cl::desc("Target features, e.g. +avx2,-avx512f"),
                             cl::cat(codegenCategory)};
  cl::opt<unsigned> optLevel{"O", cl::desc("LLVM optimization level (0-3)"), cl::Prefix,
                             cl::init(2), cl::cat(codegenCategory)};
  // Intra-op threads.
  cl::opt<int64_t> parallelMinMacs{
      "parallel-min-macs",
      cl::desc("Layers (convs, depthwise convs, matmuls) with at least this many "
               "multiply-accumulates run their output tiles on several threads at run "
               "time (OpenMP; the count: COMPRESS_NUM_THREADS or <entry>_set_num_threads, "
               "default the cores available); -1 = no parallel regions (default 1048576)"),
      cl::init(int64_t(1) << 20), cl::value_desc("N"), cl::cat(codegenCategory)};
};
} // namespace

static llvm::ManagedStatic<CompileCLOptions> clOptions;

void compress::registerCompileCLOptions() { *clOptions; }

SmallVector<const cl::OptionCategory *> compress::compileCLCategories() {
  return {&clOptions->category, &clOptions->compressionCategory, &clOptions->codegenCategory};
}

FailureOr<CompileOptions> compress::compileOptionsFromCL(std::string &error) {
  CompileCLOptions &o = *clOptions;
  auto fail = [&](const Twine &message) -> FailureOr<CompileOptions> {
    error = message.str();
    return failure();
  };
  // llvm::cl keeps the last of repeated values: a second --pipeline or
  // --prune-filters would silently drop the first. --input-shape is a list.
  SmallVector<const cl::OptionCategory *> categories = compileCLCategories();
  for (auto &entry : cl::getRegisteredOptions()) {
    cl::Option *option = entry.second;
    bool ours = llvm::any_of(option->Categories, [&](cl::OptionCategory *c) {
      return llvm::is_contained(categories, c);
    });
    if (ours && option->ArgStr != "input-shape" && option->getNumOccurrences() > 1)
      return fail("-" + Twine(option->ArgStr.size() > 1 ? "-" : "") + option->ArgStr +
                  " is given " + Twine(option->getNumOccurrences()) + " times; give it once");
  }

  CompileOptions options;
  options.inputPath = o.input;
  options.inputFormat = o.inputFormat;
  options.outputPath = o.output;
  options.headerPath = o.header;
  options.emit = o.emit;
  options.entry = o.entry;
  options.timing = o.verbose;
  options.passManagerCLOptions = true;
  options.remarks = o.remarks;
  options.codegen.triple = o.mtriple;
  options.codegen.cpu = o.mcpu;
  options.codegen.features = o.mattr;
  options.codegen.optLevel = o.optLevel;
  // Intra-op threads.
  if (o.parallelMinMacs < -1)
    return fail("--parallel-min-macs=" + Twine(int64_t(o.parallelMinMacs)) +
                " out of range: a MAC count >= 0, or -1 for no parallel regions");
  options.codegen.parallelMinMacs = o.parallelMinMacs;
  for (const std::string &text : o.inputShapes) {
    std::string shapeError;
    if (!parseInputShapes(text, options.inputShapes, shapeError))
      return fail("bad --input-shape '" + text + "': " + shapeError);
  }
  if (o.report.getNumOccurrences()) {
    if (o.report.empty() || o.report == "text")
      options.report = ReportFormat::Text;
    else if (o.report == "json")
      options.report = ReportFormat::JSON;
    else
      return fail("--report takes 'text' or 'json', got '" + o.report + "'");
  }

  options.calibrationPath = o.calibration;
  options.calibrationStatsOut = o.calibrationStatsOut;
  options.calibrationMaxGramDim = o.calibrationMaxGramDim;
  if (o.calibration.getNumOccurrences() && o.calibration.empty())
    return fail("--calibration needs a file or folder");
  if (o.calibrationStatsOut.getNumOccurrences() && o.calibrationStatsOut.empty())
    return fail("--calibration-stats-out needs a folder");
  if (o.calibrationMaxGramDim.getNumOccurrences() && o.calibration.empty())
    return fail("--calibration-max-gram-dim needs --calibration");
  CompressionOptions &c = options.compression;
  c.codebookBits = o.codebookBits;
  c.codebookPerChannel = o.codebookPerChannel;
  if (std::string e = parseCodebookInitFlag(o.codebookInit, c.codebookInit); !e.empty())
    return fail(e);
  c.lowrankRank = o.lowrankRank;
  c.lowrankEnergy = o.lowrankEnergy;
  if (o.pruneSparsity.getNumOccurrences())
    c.pruneSparsity = o.pruneSparsity;
  if (std::string e = parsePruneScopeFlag(o.pruneScope, c.pruneScope); !e.empty())
    return fail(e);
  if (o.pruneFilters.getNumOccurrences())
    c.pruneFilters = o.pruneFilters;
  if (std::string e = parsePruneCriterionFlag(o.pruneCriterion, c.pruneCriterion); !e.empty())
    return fail(e);
  c.sparsify = o.sparsify;
  if (o.sparsifyMinSparsity.getNumOccurrences())
    c.sparsifyMinSparsity = o.sparsifyMinSparsity;
  c.binarize = o.binarize;
  c.extraPipeline = o.pipeline;
  c.recognize = o.recognize && !o.noRecognize; // group E
  for (auto [option, names] :
       {std::pair<cl::opt<std::string> *, std::vector<std::string> *>{&o.codebookLayers,
                                                                      &c.codebookLayers},
        {&o.lowrankLayers, &c.lowrankLayers},
        {&o.pruneLayers, &c.pruneLayers},
        {&o.binarizeLayers, &c.binarizeLayers}}) {
    if (!option->getNumOccurrences())
      continue;
    std::string listError;
    *names = splitLayerNames(("--" + option->ArgStr).str(), option->getValue(), listError);
    if (names->empty())
      return fail(listError);
  }
  // Options that only refine a method do nothing without it: refuse them, even when
  // given their default value.
  bool codebook = c.codebookBits != 0;
  bool lowrank = c.lowrankRank != 0 || c.lowrankEnergy != 0.0;
  bool pruning = c.pruneSparsity || c.pruneFilters;
  for (auto [option, active, needs] :
       {std::tuple<cl::Option *, bool, StringRef>(&o.codebookLayers, codebook, "--codebook-bits"),
        {&o.codebookPerChannel, codebook, "--codebook-bits"},
        {&o.codebookInit, codebook, "--codebook-bits"},
        {&o.lowrankLayers, lowrank, "--lowrank-rank or --lowrank-energy"},
        {&o.pruneLayers, pruning, "--prune-sparsity or --prune-filters"},
        {&o.pruneScope, bool(c.pruneSparsity),
         "--prune-sparsity (filter pruning ranks the filters of each conv on its own)"},
        {&o.pruneCriterion, bool(c.pruneFilters), "--prune-filters"}})
    if (option->getNumOccurrences() && !active)
      return fail("--" + option->ArgStr + " needs " + needs);
  return options;
}
