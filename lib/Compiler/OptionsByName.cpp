//===- OptionsByName.cpp - compile options set by flag name ----------------===//
#include "compress/Compiler/OptionsByName.h"

#include "compress/Compiler/Pipeline.h"
#include "compress/Import/ONNXImporter.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSwitch.h"

using namespace mlir;
using namespace mlir::compress;

namespace {
/// Parses `value` into the field an option sets; `error` names the option as
/// `flag` (its compress-compile spelling, as verifyCompileOptions's messages do)
/// and says what was expected.
using Setter = LogicalResult (*)(CompileOptions &, StringRef flag, StringRef value,
                                 std::string &error);

LogicalResult expected(std::string &error, StringRef flag, StringRef what, StringRef value) {
  error = (flag + ": expected " + what + ", got '" + value + "'").str();
  return failure();
}

LogicalResult parseBool(StringRef flag, StringRef value, bool &out, std::string &error) {
  std::optional<bool> parsed = llvm::StringSwitch<std::optional<bool>>(value)
                                   .Case("true", true)
                                   .Case("1", true)
                                   .Case("false", false)
                                   .Case("0", false)
                                   .Default(std::nullopt);
  if (!parsed)
    return expected(error, flag, "true, false, 1 or 0", value);
  out = *parsed;
  return success();
}

template <typename T>
LogicalResult parseInteger(StringRef flag, StringRef value, T &out, std::string &error) {
  if (value.trim().getAsInteger(10, out))
    return expected(error, flag, "an integer", value);
  return success();
}

LogicalResult parseDouble(StringRef flag, StringRef value, double &out, std::string &error) {
  if (!llvm::to_float(value.trim(), out))
    return expected(error, flag, "a number", value);
  return success();
}

LogicalResult parseOptionalDouble(StringRef flag, StringRef value, std::optional<double> &out,
                                  std::string &error) {
  double parsed;
  if (failed(parseDouble(flag, value, parsed, error)))
    return failure();
  out = parsed;
  return success();
}

LogicalResult parseLayers(StringRef flag, StringRef value, std::vector<std::string> &out,
                          std::string &error) {
  std::vector<std::string> names = splitLayerNames(flag, value, error);
  if (names.empty())
    return failure();
  out = std::move(names);
  return success();
}

struct Option {
  const char *name;
  Setter set;
};

// Sorted by name.
const Option options[] = {
    {"O",
     [](CompileOptions &o, StringRef f, StringRef v, std::string &e) {
       return parseInteger(f, v, o.codegen.optLevel, e);
     }},
    {"binarize",
     [](CompileOptions &o, StringRef f, StringRef v, std::string &e) {
       return parseBool(f, v, o.compression.binarize, e);
     }},
    {"binarize-layers",
     [](CompileOptions &o, StringRef f, StringRef v, std::string &e) {
       return parseLayers(f, v, o.compression.binarizeLayers, e);
     }},
    {"calibration",
     [](CompileOptions &o, StringRef, StringRef v, std::string &) {
       o.calibrationPath = v.str();
       return success();
     }},
    {"calibration-max-gram-dim",
     [](CompileOptions &o, StringRef f, StringRef v, std::string &e) {
       return parseInteger(f, v, o.calibrationMaxGramDim, e);
     }},
    {"calibration-stats-out",
     [](CompileOptions &o, StringRef, StringRef v, std::string &) {
       o.calibrationStatsOut = v.str();
       return success();
     }},
    {"codebook-bits",
     [](CompileOptions &o, StringRef f, StringRef v, std::string &e) {
       return parseInteger(f, v, o.compression.codebookBits, e);
     }},
    {"codebook-init",
     [](CompileOptions &o, StringRef, StringRef v, std::string &e) {
       e = parseCodebookInitFlag(v, o.compression.codebookInit);
       return success(e.empty());
     }},
    {"codebook-layers",
     [](CompileOptions &o, StringRef f, StringRef v, std::string &e) {
       return parseLayers(f, v, o.compression.codebookLayers, e);
     }},
    {"codebook-per-channel",
     [](CompileOptions &o, StringRef f, StringRef v, std::string &e) {
       return parseBool(f, v, o.compression.codebookPerChannel, e);
     }},
    {"emit",
     [](CompileOptions &o, StringRef f, StringRef v, std::string &e) {
       std::optional<EmitStage> stage = llvm::StringSwitch<std::optional<EmitStage>>(v)
                                            .Case("mlir", EmitStage::MLIR)
                                            .Case("compressed", EmitStage::Compressed)
                                            .Case("lowered", EmitStage::Lowered)
                                            .Case("llvm", EmitStage::LLVMIR)
                                            .Case("obj", EmitStage::Object)
                                            .Case("lib", EmitStage::Library)
                                            .Default(std::nullopt);
       if (!stage)
         return expected(e, f, "mlir, compressed, lowered, llvm, obj or lib", v);
       o.emit = *stage;
       return success();
     }},
    {"entry",
     [](CompileOptions &o, StringRef, StringRef v, std::string &) {
       o.entry = v.str();
       return success();
     }},
    {"header",
     [](CompileOptions &o, StringRef, StringRef v, std::string &) {
       o.headerPath = v.str();
       return success();
     }},
    {"input-format",
     [](CompileOptions &o, StringRef f, StringRef v, std::string &e) {
       std::optional<InputFormat> format = llvm::StringSwitch<std::optional<InputFormat>>(v)
                                               .Case("auto", InputFormat::Auto)
                                               .Case("onnx", InputFormat::ONNX)
                                               .Case("mlir", InputFormat::MLIR)
                                               .Default(std::nullopt);
       if (!format)
         return expected(e, f, "auto, onnx or mlir", v);
       o.inputFormat = *format;
       return success();
     }},
    {"input-shape",
     [](CompileOptions &o, StringRef f, StringRef v, std::string &e) {
       std::string shapeError;
       if (parseInputShapes(v, o.inputShapes, shapeError))
         return success();
       e = f.str() + ": expected name=d0,d1,... (';'-separated), got '" + v.str() + "': " + shapeError;
       return failure();
     }},
    {"lowrank-energy",
     [](CompileOptions &o, StringRef f, StringRef v, std::string &e) {
       return parseDouble(f, v, o.compression.lowrankEnergy, e);
     }},
    {"lowrank-layers",
     [](CompileOptions &o, StringRef f, StringRef v, std::string &e) {
       return parseLayers(f, v, o.compression.lowrankLayers, e);
     }},
    {"lowrank-rank",
     [](CompileOptions &o, StringRef f, StringRef v, std::string &e) {
       return parseInteger(f, v, o.compression.lowrankRank, e);
     }},
    {"mattr",
     [](CompileOptions &o, StringRef, StringRef v, std::string &) {
       o.codegen.features = v.str();
       return success();
     }},
    {"mcpu",
     [](CompileOptions &o, StringRef, StringRef v, std::string &) {
       o.codegen.cpu = v.str();
       return success();
     }},
    {"mtriple",
     [](CompileOptions &o, StringRef, StringRef v, std::string &) {
       o.codegen.triple = v.str();
       return success();
     }},
    {"o",
     [](CompileOptions &o, StringRef, StringRef v, std::string &) {
       o.outputPath = v.str();
       return success();
     }},
    {"output",
     [](CompileOptions &o, StringRef, StringRef v, std::string &) {
       o.outputPath = v.str();
       return success();
     }},
    {"parallel-min-macs",
     [](CompileOptions &o, StringRef f, StringRef v, std::string &e) {
       if (failed(parseInteger(f, v, o.codegen.parallelMinMacs, e)))
         return failure();
       if (o.codegen.parallelMinMacs < -1)
         return expected(e, f, "an integer >= -1 (-1: one thread)", v);
       return success();
     }},
    {"pipeline",
     [](CompileOptions &o, StringRef, StringRef v, std::string &) {
       o.compression.extraPipeline = v.str();
       return success();
     }},
    {"prune-criterion",
     [](CompileOptions &o, StringRef, StringRef v, std::string &e) {
       e = parsePruneCriterionFlag(v, o.compression.pruneCriterion);
       return success(e.empty());
     }},
    {"prune-filters",
     [](CompileOptions &o, StringRef f, StringRef v, std::string &e) {
       return parseOptionalDouble(f, v, o.compression.pruneFilters, e);
     }},
    {"prune-layers",
     [](CompileOptions &o, StringRef f, StringRef v, std::string &e) {
       return parseLayers(f, v, o.compression.pruneLayers, e);
     }},
    {"prune-scope",
     [](CompileOptions &o, StringRef, StringRef v, std::string &e) {
       e = parsePruneScopeFlag(v, o.compression.pruneScope);
       return success(e.empty());
     }},
    {"prune-sparsity",
     [](CompileOptions &o, StringRef f, StringRef v, std::string &e) {
       return parseOptionalDouble(f, v, o.compression.pruneSparsity, e);
     }},
    {"remarks",
     [](CompileOptions &o, StringRef f, StringRef v, std::string &e) { return parseBool(f, v, o.remarks, e); }},
    {"report",
     [](CompileOptions &o, StringRef f, StringRef v, std::string &e) {
       std::optional<ReportFormat> format = llvm::StringSwitch<std::optional<ReportFormat>>(v)
                                                .Case("none", ReportFormat::None)
                                                .Case("text", ReportFormat::Text)
                                                .Case("json", ReportFormat::JSON)
                                                .Default(std::nullopt);
       if (!format)
         return expected(e, f, "text, json or none", v);
       o.report = *format;
       return success();
     }},
    {"sparsify",
     [](CompileOptions &o, StringRef f, StringRef v, std::string &e) {
       return parseBool(f, v, o.compression.sparsify, e);
     }},
    {"sparsify-min-sparsity",
     [](CompileOptions &o, StringRef f, StringRef v, std::string &e) {
       return parseOptionalDouble(f, v, o.compression.sparsifyMinSparsity, e);
     }},
    // --- group E ---
    {"recognize",
     [](CompileOptions &o, StringRef f, StringRef v, std::string &e) {
       return parseBool(f, v, o.compression.recognize, e);
     }},
    {"v", [](CompileOptions &o, StringRef f, StringRef v, std::string &e) { return parseBool(f, v, o.timing, e); }},
    {"verbose",
     [](CompileOptions &o, StringRef f, StringRef v, std::string &e) { return parseBool(f, v, o.timing, e); }},
};
} // namespace

LogicalResult compress::setCompileOption(CompileOptions &compileOptions, StringRef name,
                                         StringRef value, std::string &error) {
  const Option *option =
      llvm::find_if(options, [&](const Option &o) { return name == o.name; });
  if (option == std::end(options)) {
    error = "unknown option '" + name.str() + "'";
    // The nearest name within a third of its length is most likely a typo of it.
    const Option *nearest = nullptr;
    unsigned best = std::max<size_t>(name.size() / 3, 1) + 1;
    for (const Option &o : options)
      if (unsigned distance = name.edit_distance(o.name); distance < best)
        best = distance, nearest = &o;
    if (nearest)
      error += "; did you mean '" + std::string(nearest->name) + "'?";
    return failure();
  }
  std::string flag = (name.size() > 1 ? "--" : "-") + name.str();
  return option->set(compileOptions, flag, value, error);
}
