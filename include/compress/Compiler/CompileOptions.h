//===- CompileOptions.h - what compress-compile is asked to do -*- C++ -*-===//
//
// The options of one compilation, independent of how they were given: the
// compress-compile command line (Compiler/CommandLine.h), the C API
// (compress-c/Compiler.h) or a test fill the same structs. Compiler.h runs
// them; Pipeline.h turns CompressionOptions into a pass pipeline.
//
// Emission stages are ordered as in onnx-mlir: a compilation stops after
// `emit`, and an input from any earlier stage (ONNX, or .mlir written with
// --emit=mlir|compressed|lowered) goes on from where it stands.
//
#ifndef COMPRESS_COMPILER_COMPILEOPTIONS_H
#define COMPRESS_COMPILER_COMPILEOPTIONS_H

#include "compress/Compression/PassOptions.h"
#include "compress/Target/Codegen.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"

#include <optional>
#include <string>
#include <vector>

namespace mlir::compress {

/// The stage a compilation stops after, in pipeline order.
enum class EmitStage {
  MLIR,       ///< imported MLIR (tosa on tensors)
  Compressed, ///< after the compression passes
  Lowered,    ///< LLVM dialect, with the model ABI
  LLVMIR,     ///< optimized LLVM IR (.ll)
  Object,     ///< relocatable object file (.o)
  Library,    ///< shared library (.so) + C header
};

/// How the input file is read. Auto: by extension (.onnx/.pb ONNX, .mlir/.mlirbc
/// MLIR), otherwise by content (MLIR bytecode magic or text, else ONNX).
enum class InputFormat { Auto, ONNX, MLIR };

/// The per-layer compression report (Compiler/Report.h).
enum class ReportFormat { None, Text, JSON };

/// The compression methods selected for a model, run in the order filter pruning,
/// binarize, low rank, magnitude pruning + sparsify, codebook, then `extraPipeline`
/// (a layer taken by one method is no longer a candidate for the next). Each field
/// maps to an option of one pass (docs/generated/CompressPasses.md); a layer list
/// names layers (ONNX node names), empty = every layer the pass can take.
struct CompressionOptions {
  /// compress-codebook: k = 2^codebookBits centroids (1-8; 0 = off).
  int64_t codebookBits = 0;
  bool codebookPerChannel = false;
  /// k-means initialization.
  KMeansInit codebookInit = KMeansInit::Linear;
  std::vector<std::string> codebookLayers;

  /// compress-lowrank: a fixed rank (> 0), or the smallest rank keeping this
  /// fraction (0, 1] of the squared singular values; both 0 = off.
  int64_t lowrankRank = 0;
  double lowrankEnergy = 0.0;
  std::vector<std::string> lowrankLayers;
  /// Calibration statistics (compress/Compression/Calibration.h) the data-aware
  /// passes read: compress-lowrank{calibration-stats}. Set by the compiler from
  /// CompileOptions::calibrationPath; "" = blind.
  std::string calibrationStats;

  /// compress-prune{sparsity}: fraction [0, 1) of weights zeroed by magnitude, then
  /// compress-sparsify; a threshold per layer or one global threshold.
  std::optional<double> pruneSparsity;
  PruneScope pruneScope = PruneScope::Layer;
  /// compress-prune-filters{fraction}: fraction [0, 1) of each conv's output filters
  /// removed, ranked by their L1 or L2 norm. Runs before magnitude pruning when
  /// both are given.
  std::optional<double> pruneFilters;
  FilterCriterion pruneCriterion = FilterCriterion::L1;
  /// Layers of either kind of pruning.
  std::vector<std::string> pruneLayers;

  /// compress-sparsify on its own (weights that already hold zeros); its break-even
  /// sparsity [0, 1] when given.
  bool sparsify = false;
  std::optional<double> sparsifyMinSparsity;

  /// compress-binarize: recognize sign(x)/±α layers, or force the named layers.
  bool binarize = false;
  std::vector<std::string> binarizeLayers;

  /// A textual pass pipeline run after the passes above (e.g.
  /// "compress-codebook{bits=8}"); a whole-text "builtin.module(...)" anchor is
  /// accepted.
  std::string extraPipeline;

  // --- group E: default recognition of already-compressed weights ---
  /// Layers no flag above selects whose constant weights are already compressed
  /// are compiled as what they are, losslessly (planRecognition, Pipeline.h):
  /// sparse ops at or above compress-sparsify's break-even sparsity, codebook ops
  /// for at most 2^b (b <= 8) distinct values per tensor or per output channel.
  /// On by default (--recognize=false / --no-recognize turns it off); not a
  /// selected pass for any().
  bool recognize = true;
  // --- end group E ---

  /// Whether any pass is selected.
  bool any() const;
};

/// One compilation.
struct CompileOptions {
  std::string inputPath;
  InputFormat inputFormat = InputFormat::Auto;
  /// Output path ("-" = stdout, only for the textual stages); empty = the default
  /// (stdout for mlir|compressed|lowered, <stem>.ll, <stem>.o, lib<stem>.so).
  std::string outputPath;
  /// C header path for EmitStage::Library; empty = the library path with .h, which
  /// is replaced only when compress-compile wrote it.
  std::string headerPath;
  EmitStage emit = EmitStage::Library;
  /// Name of the entry point: a C identifier (the library exports E, E_packed and
  /// E_info).
  std::string entry = "model";
  /// Static shapes of ONNX graph inputs, by input name.
  llvm::StringMap<llvm::SmallVector<int64_t>> inputShapes;
  CompressionOptions compression;
  /// Unlabeled calibration inputs (Compiler/Calibration.h): a .npy/.pb file or a
  /// folder of them; "" = none. With them the compression passes are data-aware.
  std::string calibrationPath;
  /// Where the calibration statistics are written for inspection ("" = a
  /// temporary folder, removed after the compilation).
  std::string calibrationStatsOut;
  /// Input-vector dimension above which only the diagonal of a layer's Gram
  /// matrix is kept.
  int64_t calibrationMaxGramDim = 2048;
  CodegenOptions codegen;
  ReportFormat report = ReportFormat::None;
  /// Show the compression passes' remarks (what each layer became, or why not).
  bool remarks = false;
  /// Print the phase timings (MLIR's timing manager) and the pass pipeline to stderr.
  bool timing = false;
  /// Apply MLIR's pass-manager command-line options (--mlir-print-ir-after-all,
  /// --mlir-pass-statistics, ...) to every pass manager. Only for a tool that called
  /// mlir::registerPassManagerCLOptions() before parsing its command line (set by
  /// compileOptionsFromCL); a library caller leaves it false.
  bool passManagerCLOptions = false;
};

/// The text of the choice flags --codebook-init (linear | kmeans++), --prune-scope
/// (layer | global) and --prune-criterion (l1 | l2), as compress-compile and the C
/// API take them: sets the value and returns "", or returns the message naming the
/// flag and its choices.
std::string parseCodebookInitFlag(llvm::StringRef value, KMeansInit &init);
std::string parsePruneScopeFlag(llvm::StringRef value, PruneScope &scope);
std::string parsePruneCriterionFlag(llvm::StringRef value, FilterCriterion &criterion);

/// Checks option values and combinations that need no input (ranges, exclusive or
/// dependent options, entry name, output paths). Returns "" or the first problem, as
/// a message naming the compress-compile flag (the C API documents the mapping).
std::string verifyCompileOptions(const CompileOptions &options);

/// The output path when none is given: "-" for the textual stages, else
/// <stem>.ll, <stem>.o or lib<stem>.so in the current folder.
std::string defaultOutputPath(llvm::StringRef inputPath, EmitStage emit);

} // namespace mlir::compress

#endif // COMPRESS_COMPILER_COMPILEOPTIONS_H
