//===- Compiler.cpp - the compilation stages -------------------------------===//
#include "compress/Compiler/Compiler.h"

#include "compress/Compiler/Calibration.h"
#include "compress/Compiler/Pipeline.h"
#include "compress/Compiler/Report.h"
#include "compress/Compression/LayerCompression.h"
#include "compress/Compression/Passes.h"
#include "compress/Conversion/Passes.h"
#include "compress/DenseCodegen/Passes.h"
#include "compress/Import/Passes.h"
#include "compress/Import/ONNXImporter.h"
#include "compress/Pipelines/Pipelines.h"
#include "compress/Target/Codegen.h"
#include "compress/Target/ModelABI.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/Dialect/Tosa/Utils/ConversionUtils.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Support/Timing.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/InterleavedRange.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/WithColor.h"

#include <map>
#include <algorithm>
#include <mutex>

using namespace mlir;
using namespace mlir::compress;

void compress::registerCompilerPasses() {
  static std::once_flag once;
  std::call_once(once, [] {
    registerTransformsPasses(); // canonicalize, cse, ... for --pipeline
    registerCompressPasses();
    registerCompressConversionPasses();
    registerCompressDenseCodegenPasses();
    registerCompressImportPasses();
    registerCompressTargetPasses();
    registerCompressPipelines();
  });
}

namespace {
/// One compilation: the context, the module and the diagnostics of compileModel.
class Compilation {
public:
  Compilation(const CompileOptions &options, llvm::raw_ostream &diagnostics,
              StringRef toolName)
      : options(options), diagnostics(diagnostics), toolName(toolName) {}

  LogicalResult run(CompileResult &result);
  /// Prints the report rows collected by run, with the memory figures it reached.
  void printReportTo(CompileResult &result);

private:
  LogicalResult fail(const Twine &message) {
    llvm::WithColor::error(diagnostics, toolName) << message << "\n";
    return failure();
  }
  LogicalResult load();
  void warnUnusedMethods(ArrayRef<ReportRow> rows, const llvm::StringMap<std::string> &before);
  LogicalResult runPasses(StringRef phase, function_ref<LogicalResult(OpPassManager &)> build);
  LogicalResult writeText(StringRef path, function_ref<void(llvm::raw_ostream &)> write);
  LogicalResult writeLibraryAndHeader(ArrayRef<char> object, const ModelSignature &signature,
                                      CompileResult &result);

  const CompileOptions &options;
  llvm::raw_ostream &diagnostics;
  StringRef toolName;
  std::string output;
  std::unique_ptr<MLIRContext> context;
  llvm::SourceMgr sourceMgr;
  OwningOpRef<ModuleOp> module;
  DefaultTimingManager timing;
  TimingScope rootTiming;
  /// The report's rows (taken after compression, before lowering), printed last.
  std::optional<SmallVector<ReportRow>> reportRows;
  ReportMemory reportMemory;
  /// The calibration's temporary files (probe library, statistics unless kept),
  /// removed with the compilation.
  std::string calibrationWorkDir;

public:
  ~Compilation() {
    if (!calibrationWorkDir.empty())
      (void)llvm::sys::fs::remove_directories(calibrationWorkDir);
  }
};
} // namespace

void Compilation::printReportTo(CompileResult &result) {
  if (!reportRows)
    return;
  llvm::raw_string_ostream os(result.report);
  printReport(*reportRows, os, options.report == ReportFormat::JSON, reportMemory);
}

/// Whether `path` holds an ONNX model rather than MLIR: by extension, else by the
/// first bytes of a regular file (MLIR bytecode starts with "ML\xEFR", MLIR text
/// with text; an ONNX ModelProto starts with a protobuf tag, a control byte such
/// as 0x08). Anything else (stdin, a missing file) is read as MLIR, whose parser
/// reports what is wrong.
static bool isONNXInput(StringRef path, InputFormat format) {
  if (format != InputFormat::Auto)
    return format == InputFormat::ONNX;
  if (path.ends_with_insensitive(".onnx") || path.ends_with_insensitive(".pb"))
    return true;
  if (path.ends_with_insensitive(".mlir") || path.ends_with_insensitive(".mlirbc") ||
      path == "-" || !llvm::sys::fs::is_regular_file(path))
    return false;
  auto head = llvm::MemoryBuffer::getFileSlice(path, /*MapSize=*/4, /*Offset=*/0);
  if (!head || (*head)->getBufferSize() == 0)
    return false;
  StringRef bytes = (*head)->getBuffer();
  if (bytes.starts_with("ML\xEFR"))
    return false;
  return static_cast<unsigned char>(bytes[0]) < 0x20 &&
         !llvm::is_contained(StringRef("\t\n\r"), bytes[0]);
}

LogicalResult Compilation::load() {
  TimingScope scope = rootTiming.nest("load input");
  if (isONNXInput(options.inputPath, options.inputFormat)) {
    if (options.inputPath == "-")
      return fail("an ONNX model cannot be read from stdin: give its path");
    ONNXImportOptions importOptions;
    importOptions.entryName = options.entry;
    for (const auto &shape : options.inputShapes)
      importOptions.inputShapes[shape.getKey()] = shape.getValue();
    module = importONNXModel(options.inputPath, context.get(), importOptions);
    return success(bool(module));
  }
  if (!options.inputShapes.empty())
    return fail("--input-shape applies to ONNX models; an MLIR input has its shapes");
  std::string error;
  std::unique_ptr<llvm::MemoryBuffer> file = openInputFile(options.inputPath, &error);
  if (!file)
    return fail(error);
  sourceMgr.AddNewSourceBuffer(std::move(file), llvm::SMLoc());
  module = parseSourceFile<ModuleOp>(sourceMgr, context.get());
  return success(bool(module));
}

LogicalResult Compilation::runPasses(StringRef phase,
                                     function_ref<LogicalResult(OpPassManager &)> build) {
  TimingScope scope = rootTiming.nest(phase);
  auto pm = PassManager::on<ModuleOp>(context.get());
  if (options.passManagerCLOptions && failed(applyPassManagerCLOptions(pm))) {
    return fail("MLIR's pass-manager options are not registered "
                "(mlir::registerPassManagerCLOptions)");
  }
  if (failed(build(pm)))
    return failure();
  if (options.timing) {
    diagnostics << "[" << toolName << "] " << phase << ": ";
    pm.printAsTextualPipeline(diagnostics);
    diagnostics << "\n";
  }
  pm.enableTiming(scope);
  return pm.run(*module);
}

/// The `layers=` lists of the compress-* passes of `pm` (the passes of --pipeline,
/// whose names cannot hold ',', ' ' or braces): a name that matches no layer is an error,
/// as for --codebook-layers, before anything runs (the passes only warn, for the
/// sake of compress-opt -split-input-file). Read from the textual pipeline, where
/// a pass prints as `compress-codebook{bits=4 ... layers={a,b} ...}`.
/// A compression flag that changed no layer (e.g. --binarize on a float model,
/// which only recognizes layers that are already binary, or --sparsify on weights
/// without zeros) says so in a warning rather than leaving the model dense in silence.
void Compilation::warnUnusedMethods(ArrayRef<ReportRow> rows,
                                    const llvm::StringMap<std::string> &before) {
  const CompressionOptions &c = options.compression;
  // A chain of methods reads "prune+sparse"; a grouped conv's parts "a,b".
  auto methodsOf = [](StringRef method) {
    std::string text = method.str();
    std::replace(text.begin(), text.end(), ',', '+');
    SmallVector<std::string> parts;
    for (StringRef part : llvm::split(text, '+'))
      parts.push_back(part.str());
    return parts;
  };
  auto heldBefore = [&](const ReportRow &row) -> StringRef {
    auto it = before.find(row.layer);
    return it == before.end() ? StringRef("dense") : StringRef(it->second);
  };
  // Used = some layer holds the method now and did not in the input.
  auto used = [&](StringRef method) {
    return llvm::any_of(rows, [&](const ReportRow &row) {
      return llvm::is_contained(methodsOf(row.method), method) &&
             !llvm::is_contained(methodsOf(heldBefore(row)), method);
    });
  };
  // "N as <method> in the input, M as <method> by an earlier method" over the layers
  // a flag could take (its layer list, or all) that are no longer dense; empty when
  // some of them are still dense.
  auto allTaken = [&](const std::vector<std::string> *names) {
    std::map<std::string, int> counts;
    bool anyDense = false, any = false;
    for (const ReportRow &row : rows) {
      if (names && !names->empty() && !llvm::is_contained(*names, row.layer))
        continue;
      any = true;
      if (row.method == "dense") {
        anyDense = true;
        continue;
      }
      bool input = heldBefore(row) != "dense";
      ++counts[row.method + (input ? " in the input" : " by an earlier method")];
    }
    std::string text;
    if (!any || anyDense)
      return text;
    for (auto &[what, n] : counts)
      text += (text.empty() ? "" : ", ") + std::to_string(n) + " as " + what;
    return "every layer it could take is already compressed (" + text + ")";
  };
  for (auto [active, method, flag, hint, names] :
       {std::tuple<bool, StringRef, StringRef, StringRef, const std::vector<std::string> *>(
            c.codebookBits != 0, "codebook", "--codebook-bits",
            "no layer's weights get smaller with a codebook", &c.codebookLayers),
        {c.lowrankRank != 0 || c.lowrankEnergy != 0.0, "lowrank", "--lowrank-rank/--lowrank-energy",
         "no layer gets smaller at that rank", &c.lowrankLayers},
        {c.pruneFilters.has_value(), "prune-filters", "--prune-filters",
         "no conv's filters can be removed", &c.pruneLayers},
        {c.pruneSparsity.has_value(), "prune", "--prune-sparsity", "no layer's weights are constant",
         &c.pruneLayers},
        {c.sparsify && !c.pruneSparsity, "sparse", "--sparsify",
         "no layer's weights are sparse enough for CSR to pay (--sparsify-min-sparsity)", nullptr},
        {c.binarize || !c.binarizeLayers.empty(), "binary",
         c.binarize ? "--binarize" : "--binarize-layers",
         "--binarize recognizes layers that are already binary (sign(x) input, ±α weights); "
         "--binarize-layers=<names> binarizes float layers",
         c.binarize ? nullptr : &c.binarizeLayers}}) {
    if (!active || used(method))
      continue;
    std::string taken = allTaken(names);
    llvm::WithColor::warning(diagnostics, toolName)
        << flag << " changed no layer: "
        << (taken.empty() ? hint.str() + " (--remarks says why for each layer)" : taken) << "\n";
  }
}

/// group E: the report rows of layers compiled by recognition say so ("recognized
/// lossless; " before the pass's params) when the layer got the planned method
/// and its rel_error is 0.
static void markRecognized(MutableArrayRef<ReportRow> rows,
                           ArrayRef<RecognizedLayer> recognized) {
  // A grouped conv's groups are planned once each under the same name: mark once.
  for (ReportRow &row : rows)
    for (const RecognizedLayer &r : recognized)
      if (row.layer == r.name && row.method == r.method && row.relError &&
          *row.relError == 0.0) {
        row.params = "recognized lossless; " + row.params;
        break;
      }
}

static LogicalResult verifyPipelineLayerNames(OpPassManager &pm, ModuleOp module) {
  std::string text;
  llvm::raw_string_ostream os(text);
  pm.printAsTextualPipeline(os);
  StringRef rest = text;
  bool ok = true;
  for (size_t at; (at = rest.find("compress-")) != StringRef::npos;) {
    rest = rest.substr(at);
    size_t nameEnd = rest.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-");
    StringRef pass = rest.take_front(nameEnd);
    rest = rest.substr(pass.size());
    if (!rest.starts_with("{"))
      continue;
    // The options: up to the matching '}'.
    size_t depth = 0, close = 0;
    for (; close < rest.size(); ++close) {
      if (rest[close] == '{')
        ++depth;
      else if (rest[close] == '}' && --depth == 0)
        break;
    }
    StringRef options = rest.slice(1, close);
    rest = rest.substr(std::min(close, rest.size()));
    for (size_t key = options.find("layers="); key != StringRef::npos;
         key = options.find("layers=", key + 1)) {
      if (key != 0 && options[key - 1] != ' ')
        continue;
      StringRef value = options.substr(key + strlen("layers="));
      value = value.starts_with("{") ? value.drop_front().split('}').first
                                     : value.split(' ').first;
      SmallVector<StringRef> names;
      value.split(names, ',', -1, /*KeepEmpty=*/false);
      std::vector<std::string> list(names.begin(), names.end());
      if (failed(verifyLayerNames(module, list, ("--pipeline " + pass + " layers").str(),
                                  /*asError=*/true)))
        ok = false;
    }
  }
  return success(ok);
}

LogicalResult Compilation::writeText(StringRef path,
                                     function_ref<void(llvm::raw_ostream &)> write) {
  TimingScope scope = rootTiming.nest("write output");
  if (path == "-") {
    write(llvm::outs());
    return success();
  }
  if (llvm::Error err = llvm::writeToOutput(path, [&](llvm::raw_ostream &os) {
        write(os);
        return llvm::Error::success();
      }))
    return fail("cannot write '" + path + "': " + llvm::toString(std::move(err)));
  return success();
}

static bool isLLVMDialectOnly(ModuleOp module) {
  WalkResult walk = module.walk([&](Operation *op) {
    if (op != module.getOperation() && !isa<LLVM::LLVMDialect>(op->getDialect()))
      return WalkResult::interrupt();
    return WalkResult::advance();
  });
  return !walk.wasInterrupted();
}

LogicalResult Compilation::run(CompileResult &result) {
  if (std::string error = verifyCompileOptions(options); !error.empty())
    return fail(error);
  output = options.outputPath.empty() ? defaultOutputPath(options.inputPath, options.emit)
                                      : options.outputPath;
  result.outputPath = output;

  registerCompilerPasses();
  DialectRegistry registry;
  registerCompressDialects(registry);
  context = std::make_unique<MLIRContext>(registry);
  context->loadAllAvailableDialects();
  SourceMgrDiagnosticHandler diagHandler(sourceMgr, context.get(), diagnostics);
  context->printOpOnDiagnostic(false);
  // Registered last, so it sees diagnostics first: the report says what the passes'
  // remarks say, so they are shown only when asked for.
  context->getDiagEngine().registerHandler([&](Diagnostic &diag) {
    return success(diag.getSeverity() == DiagnosticSeverity::Remark && !options.remarks);
  });
  applyDefaultTimingManagerCLOptions(timing);
  if (options.timing)
    timing.setEnabled(true);
  rootTiming = timing.getRootScope();

  // 1. Import or parse.
  if (failed(load()))
    return failure();
  if (module->getBody()->empty())
    return fail("'" + options.inputPath + "' holds no function to compile");
  // Negative padding (a crop) in MLIR input passes the op verifiers, but the
  // lowering of a pad assumes it is not: refuse it here, at the op. (The ONNX
  // importer refuses negative Pad pads itself.)
  WalkResult negativePad = module->walk([&](Operation *op) {
    SmallVector<int64_t> padding;
    if (auto pad = dyn_cast<tosa::PadOp>(op)) {
      Operation *shape = pad.getPadding().getDefiningOp();
      if (!shape || !tosa::getConstShapeValues(shape, padding))
        return WalkResult::advance();
    } else if (auto pad = dyn_cast<tensor::PadOp>(op)) {
      llvm::append_range(padding, pad.getStaticLow());
      llvm::append_range(padding, pad.getStaticHigh());
    } else {
      return WalkResult::advance();
    }
    if (llvm::none_of(padding, [](int64_t p) { return p < 0 && !ShapedType::isDynamic(p); }))
      return WalkResult::advance();
    if (auto pad = dyn_cast<tensor::PadOp>(op))
      op->emitError() << "negative padding is not supported (low: "
                      << llvm::interleaved(pad.getStaticLow())
                      << "; high: " << llvm::interleaved(pad.getStaticHigh()) << ")";
    else
      op->emitError() << "negative padding is not supported (padding: "
                      << llvm::interleaved(padding) << ")";
    return WalkResult::interrupt();
  });
  if (negativePad.wasInterrupted())
    return failure();
  CompressionOptions compression = options.compression;
  bool lowered = isLLVMDialectOnly(*module);
  if (lowered && (options.emit < EmitStage::LLVMIR || compression.any() ||
                  !options.calibrationPath.empty() ||
                  options.report != ReportFormat::None))
    return fail("the input is already lowered to the LLVM dialect: it can only go on to "
                "--emit=llvm|obj|lib, without compression flags, --calibration or --report");
  FailureOr<ModelSignature> signature = failure();
  if (lowered) {
    signature = readLoweredModelSignature(*module, options.entry);
  } else {
    FailureOr<func::FuncOp> entry = findEntryFunction(*module, options.entry);
    if (failed(entry))
      return failure();
    signature = getModelSignature(*entry);
  }
  if (failed(signature))
    return failure();
  auto print = [&](llvm::raw_ostream &os) { module->print(os); };
  if (options.emit == EmitStage::MLIR)
    return writeText(output, print);

  if (!lowered) {
    // 2. Compression. A misspelt layer name would compress nothing, silently: refuse it.
    for (auto [flag, names] :
         {std::pair<StringRef, const std::vector<std::string> *>("--codebook-layers",
                                                                 &compression.codebookLayers),
          {"--lowrank-layers", &compression.lowrankLayers},
          {"--prune-layers", &compression.pruneLayers},
          {"--binarize-layers", &compression.binarizeLayers}})
      if (!names->empty() && failed(verifyLayerNames(*module, *names, flag, /*asError=*/true)))
        return failure();
    // Calibration: the teacher run and its statistics, for the data-aware passes.
    if (!options.calibrationPath.empty()) {
      // Only low rank reads the statistics so far (issue 14): say so for the others.
      SmallVector<StringRef> blind;
      if (compression.codebookBits)
        blind.push_back("--codebook-bits");
      if (compression.pruneSparsity)
        blind.push_back("--prune-sparsity");
      if (compression.pruneFilters)
        blind.push_back("--prune-filters");
      if (compression.binarize || !compression.binarizeLayers.empty())
        blind.push_back("--binarize");
      if (!blind.empty())
        llvm::WithColor::warning(diagnostics, toolName)
            << "--calibration is used by --lowrank-rank/--lowrank-energy only: the layers of "
            << llvm::join(blind, ", ") << " are compressed without it (blind)\n";
      TimingScope scope = rootTiming.nest("calibration");
      llvm::SmallString<128> work;
      if (std::error_code ec = llvm::sys::fs::createUniqueDirectory("compress-calibration", work))
        return fail("cannot create a temporary folder: " + ec.message());
      calibrationWorkDir = work.str().str();
      std::string statsPath = options.calibrationStatsOut;
      if (statsPath.empty()) {
        llvm::SmallString<128> p(work);
        llvm::sys::path::append(p, "stats");
        statsPath = p.str().str();
      }
      if (failed(runCalibration(*module, options, statsPath, calibrationWorkDir, diagnostics,
                                toolName)))
        return failure();
      compression.calibrationStats = statsPath;
    }
    // group E: layers whose weights are already compressed (planRecognition), first.
    std::vector<RecognizedLayer> recognized = planRecognition(*module, compression);
    if (compression.any() || !recognized.empty()) {
      llvm::StringMap<std::string> methodsBefore = collectLayerMethods(*module);
      std::string error;
      if (failed(runPasses("compress", [&](OpPassManager &pm) {
            buildRecognitionPipeline(pm, recognized);
            if (failed(buildCompressionPipeline(pm, compression, error)))
              return fail(error);
            if (compression.extraPipeline.empty())
              return success();
            // The flags' layer lists were checked above (they are typed, and a name
            // may hold any character); --pipeline's are read back from its passes.
            CompressionOptions extraOnly;
            extraOnly.extraPipeline = compression.extraPipeline;
            OpPassManager extra(ModuleOp::getOperationName());
            if (failed(buildCompressionPipeline(extra, extraOnly, error)))
              return fail(error);
            return verifyPipelineLayerNames(extra, *module);
          })))
        return failure();
      warnUnusedMethods(collectReport(*module), methodsBefore);
    }
    if (options.report != ReportFormat::None) {
      reportRows = collectReport(*module);
      markRecognized(*reportRows, recognized);
    }
    if (options.emit == EmitStage::Compressed)
      return writeText(output, print);

    // 3. Lowering to the LLVM dialect, with the model ABI.
    if (failed(runPasses("lower to LLVM dialect", [&](OpPassManager &pm) {
          CompressModelSignatureOptions signatureOptions;
          signatureOptions.entry = options.entry;
          pm.addPass(createCompressModelSignature(signatureOptions));
          // Packed bits between binary layers (exact; after the report, which reads
          // the binary layers' records).
          pm.addPass(createCompressBinaryThresholds());
          LowerToLLVMOptions lowering;
          lowering.vectorBits = vectorRegisterBits(options.codegen);
          lowering.parallel = options.codegen.parallelMinMacs >= 0; // threads
          lowering.parallelMinMacs = std::max<int64_t>(0, options.codegen.parallelMinMacs);
          buildLowerToLLVMPipeline(pm, lowering);
          pm.addPass(createCompressModelABI());
          return success();
        })))
      return failure();
    // The scratch bytes compress-model-abi put into the signature JSON.
    if (FailureOr<ModelSignature> lowered = readLoweredModelSignature(*module, signature->entry);
        succeeded(lowered))
      signature->scratchBytes = lowered->scratchBytes;
    reportMemory.scratchBytes = signature->scratchBytes;
    if (options.emit == EmitStage::Lowered)
      return writeText(output, print);
  }

  // 4. LLVM IR. The library exports the model ABI only (compress-model-abi did this
  // already, unless the input was a lowered module edited since).
  internalizeNonABISymbols(*module, signature->entry);
  std::vector<std::string> missing = featuresMissingOnHost(options.codegen);
  if (!missing.empty())
    llvm::WithColor::warning(diagnostics, toolName)
        << "--mcpu=" << options.codegen.cpu << " uses " << missing.size()
        << " target feature(s) this machine lacks ("
        << llvm::join(llvm::ArrayRef(missing).take_front(8), ", ")
        << (missing.size() > 8 ? ", ..." : "")
        << "): the library may stop with SIGILL (illegal instruction) if run here\n";
  llvm::LLVMContext llvmContext;
  auto llvmModule = [&] {
    TimingScope scope = rootTiming.nest("translate + optimize LLVM IR");
    return translateAndOptimize(*module, llvmContext, options.codegen);
  }();
  if (!llvmModule)
    return fail(llvm::toString(llvmModule.takeError()));
  if (options.emit == EmitStage::LLVMIR)
    return writeText(output, [&](llvm::raw_ostream &os) { (*llvmModule)->print(os, nullptr); });

  // 5. Object file.
  llvm::SmallVector<char, 0> object;
  {
    TimingScope scope = rootTiming.nest("emit object");
    if (llvm::Error err = emitObjectFile(**llvmModule, options.codegen, object))
      return fail(llvm::toString(std::move(err)));
  }
  if (options.emit == EmitStage::Object)
    return writeText(output,
                     [&](llvm::raw_ostream &os) { os.write(object.data(), object.size()); });

  // 6. Shared library + C header.
  return writeLibraryAndHeader(object, *signature, result);
}

LogicalResult Compilation::writeLibraryAndHeader(ArrayRef<char> object,
                                                 const ModelSignature &signature,
                                                 CompileResult &result) {
  TimingScope scope = rootTiming.nest("link shared library + header");
  std::string header = options.headerPath;
  if (header.empty()) {
    llvm::SmallString<128> path(output);
    llvm::sys::path::replace_extension(path, ".h");
    header = path.str().str();
  }
  auto canonical = [](StringRef path) {
    llvm::SmallString<256> absolute(path);
    llvm::sys::fs::make_absolute(absolute);
    llvm::sys::path::remove_dots(absolute, /*remove_dot_dot=*/true);
    return absolute.str().str();
  };
  if (canonical(header) == canonical(output) || llvm::sys::fs::equivalent(header, output))
    return fail("the header would overwrite the library '" + output + "': use --header");
  if (header == "-")
    return fail("--header=-: the header is written next to the library, not to stdout; give "
                "a file path");
  if (std::string error = checkOutputPath(header, options.inputPath, "header",
                                          /*discardsDevNull=*/false);
      !error.empty())
    return fail(error);
  // The default header path (the library's with .h) may name a file the user wrote:
  // replace it only when compress-compile generated it (its first line says so).
  if (options.headerPath.empty() && llvm::sys::fs::exists(header)) {
    auto existing = llvm::MemoryBuffer::getFile(header, /*IsText=*/true);
    if (!existing || !(*existing)->getBuffer().starts_with("/* Generated by compress-compile"))
      return fail("'" + header + "' exists and was not written by compress-compile: not "
                  "replacing it (name the header with --header, or remove the file)");
  }
  // The header goes to a temporary file next to it first (removed on a signal, too),
  // so that a header that cannot be written fails the compile before the library is
  // linked (no library without its header), and a failed link leaves no header either.
  std::string headerText =
      generateCHeader(signature, llvm::sys::path::filename(options.inputPath));
  auto headerTemp = llvm::sys::fs::TempFile::create(header + ".tmp-%%%%%%", 0644);
  if (!headerTemp)
    return fail("cannot write '" + header + "': " + llvm::toString(headerTemp.takeError()));
  {
    llvm::raw_fd_ostream os(headerTemp->FD, /*shouldClose=*/false);
    os << headerText;
    os.flush();
    if (os.has_error()) {
      std::string why = os.error().message();
      os.clear_error();
      llvm::consumeError(headerTemp->discard());
      return fail("cannot write '" + header + "': " + why);
    }
  }
  if (llvm::Error err = linkSharedLibrary(object, output, {}, signature.entry)) {
    llvm::consumeError(headerTemp->discard());
    return fail(llvm::toString(std::move(err)));
  }
  if (llvm::Error err = headerTemp->keep(header)) {
    llvm::sys::fs::remove(output);
    return fail("cannot write '" + header + "': " + llvm::toString(std::move(err)) +
                " (the library was removed)");
  }
  result.headerPath = header;
  uint64_t size = 0;
  if (!llvm::sys::fs::file_size(output, size))
    reportMemory.libraryBytes = int64_t(size);
  return success();
}

LogicalResult compress::compileModel(const CompileOptions &options,
                                     llvm::raw_ostream &diagnostics, CompileResult &result,
                                     StringRef toolName) {
  Compilation compilation(options, diagnostics, toolName);
  LogicalResult compiled = compilation.run(result);
  compilation.printReportTo(result);
  return compiled;
}
