//===- compress-compile.cpp - ahead-of-time compiler for (compressed) CNNs ===//
//
//   compress-compile model.onnx|model.mlir [--input-shape x=1,3,48,192]
//       [--codebook-bits=N ...] [--emit=mlir|compressed|lowered|llvm|obj|lib] -o out
//
// Stages, in order (onnx-mlir style emission targets): import (.onnx) or parse
// (.mlir at any stage) -> compression passes -> lowering to the LLVM dialect with
// the model ABI (include/compress/Target/ModelABI.h) -> LLVM IR -> object ->
// shared library + C header. --emit stops after any stage; .mlir from any stage
// is accepted as input.
//
#include "compress/Dialect/Compress/IR/CompressOps.h"
#include "compress/Dialect/Compress/IR/CompressUtils.h"
#include "compress/Compression/Passes.h"
#include "compress/Conversion/Passes.h"
#include "compress/Import/ONNXImporter.h"
#include "compress/Pipelines/Pipelines.h"
#include "compress/Target/Codegen.h"
#include "compress/Target/ModelABI.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include <dlfcn.h>
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/Timer.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

#include <chrono>
#include <cmath>
#include <optional>

using namespace mlir;
using namespace mlir::compress;
namespace cl = llvm::cl;

namespace {
enum class Emit { MLIR, Compressed, Lowered, LLVMIR, Object, Library };

cl::OptionCategory category("compress-compile options");

cl::opt<std::string> inputFile(cl::Positional, cl::desc("<model.onnx | model.mlir>"),
                               cl::Required, cl::cat(category));
cl::opt<std::string> outputFile("o", cl::desc("Output file ('-' = stdout). Default: stdout "
                                              "for --emit=mlir|compressed|lowered, "
                                              "<stem>.ll / <stem>.o / lib<stem>.so for "
                                              "llvm / obj / lib"),
                                cl::value_desc("path"), cl::cat(category));
cl::opt<Emit> emit(
    "emit", cl::desc("Stage to stop after"), cl::init(Emit::Library),
    cl::values(clEnumValN(Emit::MLIR, "mlir", "imported MLIR (tosa on tensors)"),
               clEnumValN(Emit::Compressed, "compressed", "MLIR after the compression passes"),
               clEnumValN(Emit::Lowered, "lowered", "MLIR in the LLVM dialect, with the ABI"),
               clEnumValN(Emit::LLVMIR, "llvm", "optimized LLVM IR (.ll)"),
               clEnumValN(Emit::Object, "obj", "object file (.o)"),
               clEnumValN(Emit::Library, "lib", "shared library (.so) + C header (default)")),
    cl::cat(category));
cl::list<std::string> inputShapes(
    "input-shape",
    cl::desc("Static shape of an ONNX graph input, e.g. x=1,3,48,192 (repeatable, or "
             "';'-separated)"),
    cl::value_desc("name=d0,d1,..."), cl::cat(category));
cl::opt<std::string> entryName("entry", cl::desc("Name of the compiled entry point: a C identifier, "
                                                  "not a C library function or main (the "
                                                  "library exports E, E_packed, E_info)"),
                               cl::init("model"), cl::cat(category));
cl::opt<std::string> headerFile("header",
                                cl::desc("Where --emit=lib writes the C header (default: "
                                         "the library path with .h, where a file is replaced "
                                         "only if compress-compile wrote it)"),
                                cl::value_desc("path"), cl::cat(category));

cl::OptionCategory compressionCategory("compression options");
cl::opt<int> codebookBits("codebook-bits",
                          cl::desc("Weight sharing with k = 2^N centroids per layer (1-8; 0 = "
                                   "off): the compress-codebook pass"),
                          cl::init(0), cl::value_desc("N"), cl::cat(compressionCategory));
cl::opt<bool> codebookPerChannel("codebook-per-channel",
                                 cl::desc("One codebook per output channel (default: per tensor)"),
                                 cl::init(false), cl::cat(compressionCategory));
cl::opt<std::string> codebookInit("codebook-init",
                                  cl::desc("k-means initialization: linear | kmeans++"),
                                  cl::init("linear"), cl::cat(compressionCategory));
cl::opt<std::string> codebookLayers("codebook-layers",
                                    cl::desc("Comma-separated layer (ONNX node) names to "
                                             "compress (default: all)"),
                                    cl::init(""), cl::cat(compressionCategory));
cl::opt<int64_t> lowrankRank("lowrank-rank",
                            cl::desc("Low-rank factorization (truncated SVD) of conv/matmul "
                                     "weights to rank N: the compress-lowrank pass"),
                            cl::init(0), cl::value_desc("N"), cl::cat(compressionCategory));
cl::opt<double> lowrankEnergy("lowrank-energy",
                              cl::desc("Low-rank factorization keeping the smallest rank with "
                                       "this fraction of the squared singular values (0-1]"),
                              cl::init(0.0), cl::value_desc("tau"), cl::cat(compressionCategory));
cl::opt<std::string> lowrankLayers("lowrank-layers",
                                   cl::desc("Comma-separated layers to factorize (default: all)"),
                                   cl::init(""), cl::cat(compressionCategory));
cl::opt<double> pruneSparsity("prune-sparsity",
                              cl::desc("Magnitude pruning to this fraction of zero weights "
                                       "[0, 1), then compress-sparsify"),
                              cl::init(0.0), cl::value_desc("s"), cl::cat(compressionCategory));
cl::opt<std::string> pruneScope("prune-scope",
                                cl::desc("Pruning threshold per 'layer' or one 'global' threshold"),
                                cl::init("layer"), cl::cat(compressionCategory));
cl::opt<std::string> pruneLayers("prune-layers",
                                 cl::desc("Comma-separated layers to prune (default: all)"),
                                 cl::init(""), cl::cat(compressionCategory));
cl::opt<double> pruneFilters("prune-filters",
                             cl::desc("Filter (structured) pruning: remove this fraction [0, 1) "
                                      "of each conv's output filters and the channels they feed"),
                             cl::init(0.0), cl::value_desc("fraction"),
                             cl::cat(compressionCategory));
cl::opt<std::string> pruneCriterion("prune-criterion",
                                    cl::desc("Filter ranking of --prune-filters: 'l1' or 'l2' "
                                             "norm of each output filter"),
                                    cl::init("l1"), cl::cat(compressionCategory));
cl::opt<bool> sparsify("sparsify",
                       cl::desc("Turn layers whose constant weights are mostly zeros into "
                                "sparse (CSR) layers: the compress-sparsify pass"),
                       cl::init(false), cl::cat(compressionCategory));
cl::opt<double> sparsifyMinSparsity(
    "sparsify-min-sparsity",
    cl::desc("Break-even sparsity below which a layer stays dense (default: the pass's)"),
    cl::init(-1.0), cl::value_desc("s"), cl::cat(compressionCategory));
cl::opt<bool> binarize("binarize",
                       cl::desc("Recognize binary layers (sign(x) input, ±α weights) and "
                                "compile them to XNOR-popcount code: compress-binarize"),
                       cl::init(false), cl::cat(compressionCategory));
cl::opt<std::string> binarizeLayers(
    "binarize-layers",
    cl::desc("Comma-separated layers to binarize by force (XNOR-Net, α = mean |W|)"),
    cl::init(""), cl::cat(compressionCategory));
cl::opt<std::string> extraPipeline(
    "pipeline",
    cl::desc("Extra textual pass pipeline run after the flag-selected compression passes, "
             "e.g. 'compress-codebook{bits=8}' (a whole-text 'builtin.module(...)' anchor "
             "is accepted); give it once"),
    cl::init(""), cl::cat(compressionCategory));
cl::opt<std::string> report(
    "report", cl::ValueOptional,
    cl::desc("Print the per-layer compression report: --report (table) or --report=json"),
    cl::value_desc("text|json"), cl::cat(compressionCategory));

cl::OptionCategory codegenCategory("code generation options");
cl::opt<std::string> mtriple("mtriple", cl::desc("Target triple (default: the host)"),
                             cl::cat(codegenCategory));
cl::opt<std::string> mcpu("mcpu", cl::desc("Target CPU (default: the host CPU, 'native')"),
                          cl::cat(codegenCategory));
cl::opt<std::string> mattr("mattr", cl::desc("Target features, e.g. +avx2,-avx512f"),
                           cl::cat(codegenCategory));
cl::opt<unsigned> optLevel("O", cl::desc("LLVM optimization level (0-3)"), cl::Prefix,
                           cl::init(2), cl::cat(codegenCategory));
cl::opt<bool> showRemarks("remarks",
                          cl::desc("Print the compression passes' remarks (what each layer "
                                   "became, or why it was skipped) to stderr"),
                          cl::init(false), cl::cat(compressionCategory));
cl::opt<bool> verbose("v", cl::desc("Print each stage with its time to stderr"),
                      cl::init(false), cl::cat(category));

/// Prints `[i/N] stage (time)` lines with -v.
struct StageTimer {
  unsigned index = 0, total = 0;
  std::chrono::steady_clock::time_point start;
  std::string name;
  void begin(StringRef stage) {
    ++index;
    name = stage.str();
    start = std::chrono::steady_clock::now();
  }
  void end() {
    if (!verbose)
      return;
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() -
                                                          start)
                    .count();
    llvm::errs() << "[" << index << "/" << total << "] " << name << " ("
                 << llvm::format("%.1f", ms) << " ms)\n";
  }
};

/// A double as text that reads back to the same value (std::to_string rounds to 6
/// decimals, which turned 0.9999999 into 1).
std::string exactDecimal(double value) {
  char buffer[32];
  snprintf(buffer, sizeof buffer, "%.17g", value);
  return buffer;
}

/// C identifiers that cannot name the entry point.
bool isValidCIdentifier(StringRef name) {
  static const char *keywords[] = {
      "auto",   "break",  "case",     "char",   "const",    "continue", "default",
      "do",     "double", "else",     "enum",   "extern",   "float",    "for",
      "goto",   "if",     "inline",   "int",    "long",     "register", "restrict",
      "return", "short",  "signed",   "sizeof", "static",   "struct",   "switch",
      "typedef", "union", "unsigned", "void",   "volatile", "while",    "bool"};
  if (name.empty() || !(llvm::isAlpha(name[0]) || name[0] == '_'))
    return false;
  if (!llvm::all_of(name, [](char c) { return llvm::isAlnum(c) || c == '_'; }))
    return false;
  return llvm::none_of(keywords, [&](const char *k) { return name == k; });
}

/// The C library (libc, libm) function that one of the library's exported names
/// (E, E_packed, E_info) would shadow, or "" when there is none. A model library
/// exporting `printf` or `malloc` would interpose that function for every user of
/// the process that looks it up globally, and its own calls to malloc/free would
/// resolve to the entry point; `main` clashes with the program's.
std::string shadowedCFunction(StringRef entry) {
  SmallVector<std::string> names = {entry.str(), (entry + "_packed").str(),
                                    (entry + "_info").str()};
  for (const std::string &name : names) {
    if (name == "main")
      return name;
    for (const char *lib : {"libc.so.6", "libm.so.6"}) {
      void *handle = dlopen(lib, RTLD_LAZY | RTLD_NOLOAD);
      if (!handle)
        continue;
      bool found = dlsym(handle, name.c_str()) != nullptr;
      dlclose(handle);
      if (found)
        return name;
    }
  }
  return "";
}

/// See compress::checkOutputPath; only the shared library goes through a rename
/// that /dev/null would not survive.
std::string checkOutputPath(StringRef path, StringRef what) {
  return mlir::compress::checkOutputPath(path, inputFile.getValue(), what,
                                         emit != Emit::Library);
}

bool isLLVMDialectOnly(ModuleOp module) {
  bool onlyLLVM = true;
  module.walk([&](Operation *op) {
    if (op == module.getOperation())
      return WalkResult::advance();
    if (!isa<LLVM::LLVMDialect>(op->getDialect())) {
      onlyLLVM = false;
      return WalkResult::interrupt();
    }
    return WalkResult::advance();
  });
  return onlyLLVM;
}

/// The signature of an already-lowered module, from its E_info JSON string.
FailureOr<ModelSignature> signatureFromLoweredModule(ModuleOp module, StringRef entry) {
  auto global = module.lookupSymbol<LLVM::GlobalOp>((entry + "_info_json").str());
  auto value = global ? dyn_cast_or_null<StringAttr>(global.getValueOrNull()) : nullptr;
  if (!value)
    return module.emitError() << "lowered module has no '" << entry
                              << "_info_json' global: was it made by compress-compile "
                                 "--emit=lowered with --entry="
                              << entry << "?";
  auto json = llvm::json::parse(value.getValue().rtrim('\0'));
  if (!json) {
    llvm::consumeError(json.takeError());
    return module.emitError() << "malformed signature JSON in '" << entry << "_info_json'";
  }
  ModelSignature sig;
  sig.entry = entry.str();
  auto *root = json->getAsObject();
  auto readList = [&](StringRef key, SmallVector<TensorSignature> &out) {
    auto *list = root ? root->getArray(key) : nullptr;
    if (!list)
      return false;
    for (auto &item : *list) {
      auto *obj = item.getAsObject();
      if (!obj)
        return false;
      TensorSignature t;
      t.name = obj->getString("name").value_or("").str();
      t.dtype = obj->getString("dtype").value_or("").str();
      auto *shape = obj->getArray("shape");
      if (!shape)
        return false;
      for (auto &d : *shape)
        t.shape.push_back(d.getAsInteger().value_or(-1));
      out.push_back(std::move(t));
    }
    return true;
  };
  if (!readList("inputs", sig.inputs) || !readList("outputs", sig.outputs))
    return module.emitError() << "malformed signature JSON in '" << entry << "_info_json'";
  return sig;
}

//===----------------------------------------------------------------------===//
// Compression report
//===----------------------------------------------------------------------===//

std::string layerName(Location loc) {
  if (auto name = dyn_cast<NameLoc>(loc))
    return name.getName().str();
  if (auto fused = dyn_cast<FusedLoc>(loc))
    for (Location inner : fused.getLocations()) {
      std::string name = layerName(inner);
      if (!name.empty())
        return name;
    }
  if (auto file = dyn_cast<FileLineColLoc>(loc))
    return (llvm::sys::path::filename(file.getFilename().getValue()) + ":" +
            Twine(file.getLine()))
        .str();
  return "";
}

struct ReportRow {
  std::string layer, op, method, params;
  int64_t bytesBefore = 0, bytesAfter = 0;
  int64_t macsBefore = 0, macsAfter = 0;
  /// ‖W − Ŵ‖ / ‖W‖; none when unknown or when the weights are not all finite.
  std::optional<double> relError;
  /// NaN or Inf in the weights (or a non-finite rel_error): no error is claimed.
  bool nonFiniteWeights = false;
};

/// Whether a constant float weight holds NaN or Inf (false when not a dense
/// float constant).
bool hasNonFiniteWeights(Value weight) {
  DenseFPElementsAttr values;
  if (!matchPattern(weight, m_Constant(&values)))
    return false;
  return llvm::any_of(values.getValues<APFloat>(),
                      [](const APFloat &v) { return !v.isFinite(); });
}

int64_t numElements(Type type) {
  auto shaped = dyn_cast<ShapedType>(type);
  return shaped && shaped.hasStaticShape() ? shaped.getNumElements() : 0;
}

int64_t dimSize(Value value, unsigned dim) {
  auto shaped = dyn_cast<ShapedType>(value.getType());
  return shaped && shaped.hasRank() && dim < shaped.getRank() ? shaped.getDimSize(dim) : 0;
}

/// Multiply-accumulates of the dense layer an op computes (batch included): output
/// elements x reduction length. 0 for ops that are not conv / matmul layers.
int64_t denseMACs(Operation *op) {
  if (op->getNumResults() != 1)
    return 0;
  int64_t outputs = numElements(op->getResult(0).getType());
  if (auto conv = dyn_cast<tosa::Conv2DOp>(op))
    return outputs * dimSize(conv.getWeight(), 1) * dimSize(conv.getWeight(), 2) *
           dimSize(conv.getWeight(), 3);
  if (auto dw = dyn_cast<tosa::DepthwiseConv2DOp>(op))
    return outputs * dimSize(dw.getWeight(), 0) * dimSize(dw.getWeight(), 1);
  if (auto mm = dyn_cast<tosa::MatMulOp>(op))
    return outputs * dimSize(mm.getA(), 2);
  if (op->getDialect() && op->getDialect()->getNamespace() == "compress" &&
      op->getNumOperands() > 0) {
    Value input = op->getOperand(0);
    if (auto kernel = op->getAttrOfType<DenseI64ArrayAttr>("kernel_size")) {
      auto groups = op->getAttrOfType<IntegerAttr>("groups");
      int64_t g = groups ? std::max<int64_t>(groups.getInt(), 1) : 1;
      return outputs * kernel[0] * kernel[1] * (dimSize(input, 3) / g);
    }
    if (auto lowrank = dyn_cast<LowRankConv2DOp>(op))
      return outputs * dimSize(lowrank.getU(), 1) * dimSize(lowrank.getU(), 2) *
             dimSize(input, 3);
    if (auto binary = dyn_cast<BinaryConv2DOp>(op)) {
      auto groups = binary.getGroups();
      return outputs * dimSize(binary.getWeightBits(), 1) * dimSize(binary.getWeightBits(), 2) *
             (dimSize(input, 3) / std::max<int64_t>(groups, 1));
    }
    if (cast<ShapedType>(input.getType()).getRank() == 2)
      return outputs * dimSize(input, 1);
  }
  return 0;
}

SmallVector<ReportRow> collectReport(ModuleOp module) {
  SmallVector<ReportRow> rows;
  module.walk([&](Operation *op) {
    ReportRow row;
    row.op = op->getName().getStringRef().str();
    if (auto info = op->getAttrOfType<DictionaryAttr>("compress.info")) {
      auto str = [&](StringRef key) {
        auto s = info.getAs<StringAttr>(key);
        return s ? s.str() : std::string();
      };
      auto i64 = [&](StringRef key) {
        auto v = info.getAs<IntegerAttr>(key);
        return v ? v.getInt() : int64_t(0);
      };
      row.layer = str("layer");
      row.method = str("method");
      row.params = str("params");
      row.bytesBefore = i64("weight_bytes_before");
      row.bytesAfter = i64("weight_bytes_after");
      // Passes that do not change the arithmetic (codebook) may leave MACs out.
      row.macsBefore = info.contains("macs_before") ? i64("macs_before") : denseMACs(op);
      row.macsAfter = info.contains("macs_after") ? i64("macs_after") : row.macsBefore;
      if (auto e = info.getAs<FloatAttr>("rel_error")) {
        if (std::isfinite(e.getValueAsDouble()))
          row.relError = e.getValueAsDouble();
        else
          row.nonFiniteWeights = true;
      }
      if (row.layer.empty())
        row.layer = layerName(op->getLoc());
      rows.push_back(row);
      return;
    }
    Value weight;
    if (auto conv = dyn_cast<tosa::Conv2DOp>(op))
      weight = conv.getWeight();
    else if (auto dw = dyn_cast<tosa::DepthwiseConv2DOp>(op))
      weight = dw.getWeight();
    else if (auto mm = dyn_cast<tosa::MatMulOp>(op))
      weight = mm.getB();
    if (!weight || !matchPattern(weight, m_Constant()))
      return;
    auto type = cast<ShapedType>(weight.getType());
    row.layer = layerName(op->getLoc());
    row.method = "dense";
    row.bytesBefore = row.bytesAfter =
        type.getNumElements() * ((type.getElementTypeBitWidth() + 7) / 8);
    row.macsBefore = row.macsAfter = denseMACs(op);
    // A dense layer is exact, unless its weights are NaN/Inf: then claim nothing.
    row.nonFiniteWeights = hasNonFiniteWeights(weight);
    if (!row.nonFiniteWeights)
      row.relError = 0.0;
    rows.push_back(row);
  });
  return rows;
}

void printReport(ArrayRef<ReportRow> rows, llvm::raw_ostream &os, bool json) {
  int64_t before = 0, after = 0, macsBefore = 0, macsAfter = 0;
  for (const auto &r : rows) {
    before += r.bytesBefore;
    after += r.bytesAfter;
    macsBefore += r.macsBefore;
    macsAfter += r.macsAfter;
  }
  if (json) {
    llvm::json::Array layers;
    for (const auto &r : rows)
      layers.push_back(llvm::json::Object{{"layer", r.layer},
                                          {"op", r.op},
                                          {"method", r.method},
                                          {"params", r.params},
                                          {"weight_bytes_before", r.bytesBefore},
                                          {"weight_bytes_after", r.bytesAfter},
                                          {"macs_before", r.macsBefore},
                                          {"macs_after", r.macsAfter},
                                          {"rel_error", r.relError ? llvm::json::Value(*r.relError)
                                                                   : llvm::json::Value(nullptr)},
                                          {"non_finite_weights", r.nonFiniteWeights}});
    os << llvm::formatv("{0:2}", llvm::json::Value(llvm::json::Object{
                                     {"layers", std::move(layers)},
                                     {"total_weight_bytes_before", before},
                                     {"total_weight_bytes_after", after},
                                     {"total_macs_before", macsBefore},
                                     {"total_macs_after", macsAfter}}))
       << "\n";
    return;
  }
  size_t width = 5, methodWidth = 9, paramsWidth = 34;
  for (const auto &r : rows) {
    width = std::max(width, r.layer.size());
    methodWidth = std::max(methodWidth, r.method.size() + 1);
    paramsWidth = std::max(paramsWidth, r.params.size() + 1);
  }
  os << llvm::left_justify("layer", width) << "  " << llvm::left_justify("method", methodWidth)
     << llvm::left_justify("params", paramsWidth) << llvm::right_justify("bytes before", 13)
     << llvm::right_justify("bytes after", 13) << llvm::right_justify("ratio", 8)
     << llvm::right_justify("MACs before", 13) << llvm::right_justify("MACs after", 13)
     << llvm::right_justify("rel error", 11) << "\n";
  auto line = [&](StringRef layer, StringRef method, StringRef params, int64_t b, int64_t a,
                  int64_t mb, int64_t ma, std::optional<double> err, bool nonFinite) {
    os << llvm::left_justify(layer, width) << "  " << llvm::left_justify(method, methodWidth)
       << llvm::left_justify(params, paramsWidth) << llvm::format_decimal(b, 13)
       << llvm::format_decimal(a, 13)
       << llvm::format("%8.2f", a ? static_cast<double>(b) / static_cast<double>(a) : 0.0)
       << llvm::format_decimal(mb, 13) << llvm::format_decimal(ma, 13);
    if (nonFinite)
      os << llvm::right_justify("non-finite", 11);
    else if (err)
      os << llvm::format("%11.4f", *err);
    os << "\n";
  };
  for (const auto &r : rows)
    line(r.layer, r.method, r.params, r.bytesBefore, r.bytesAfter, r.macsBefore, r.macsAfter,
         r.relError, r.nonFiniteWeights);
  line("total", "", Twine(rows.size()).concat(" layers").str(), before, after, macsBefore,
       macsAfter, std::nullopt, false);
}

//===----------------------------------------------------------------------===//
// Output
//===----------------------------------------------------------------------===//

std::string defaultOutput() {
  if (emit <= Emit::Lowered)
    return "-";
  llvm::SmallString<128> path(llvm::sys::path::stem(inputFile));
  switch (emit) {
  case Emit::LLVMIR:
    path += ".ll";
    break;
  case Emit::Object:
    path += ".o";
    break;
  default:
    path = ("lib" + path + ".so").str();
    break;
  }
  return path.str().str();
}

LogicalResult writeText(StringRef path, llvm::function_ref<void(llvm::raw_ostream &)> write) {
  if (path == "-") {
    write(llvm::outs());
    return success();
  }
  if (llvm::Error err = llvm::writeToOutput(path, [&](llvm::raw_ostream &os) {
        write(os);
        return llvm::Error::success();
      })) {
    llvm::WithColor::error(llvm::errs(), "compress-compile")
        << "cannot write '" << path << "': " << llvm::toString(std::move(err)) << "\n";
    return failure();
  }
  return success();
}

int fail(const Twine &message) {
  llvm::WithColor::error(llvm::errs(), "compress-compile") << message << "\n";
  return 1;
}

std::string codebookPipeline();

/// The names of a --*-layers list, trimmed; "" when a name is empty or holds
/// characters the pass option text cannot carry (then `error` says why).
std::vector<std::string> splitLayerNames(StringRef flag, StringRef value, std::string &error) {
  SmallVector<StringRef> parts;
  value.split(parts, ',', -1, /*KeepEmpty=*/true);
  std::vector<std::string> names;
  for (StringRef part : parts) {
    StringRef name = part.trim();
    if (name.empty()) {
      error = (flag + ": empty layer name in '" + value + "' (names are comma-separated)").str();
      return {};
    }
    if (name.find_first_of(" \t{}\"'") != StringRef::npos) {
      error = (flag + ": layer name '" + name +
               "' holds a space, a quote or a brace, which pass options cannot carry; "
               "select it through --pipeline")
                  .str();
      return {};
    }
    names.push_back(name.str());
  }
  return names;
}

/// The pass option text of a --*-layers list (checked in main).
std::string layerList(StringRef value) {
  std::string error;
  return llvm::join(splitLayerNames("", value, error), ",");
}

/// The compression passes the flags select, in the order filter pruning, binarize,
/// lowrank, prune + sparsify, codebook (a layer taken by one pass is no longer a candidate for the next).
std::string compressionPipeline() {
  SmallVector<std::string> passes;
  // Filter pruning first: it changes the shapes the other passes see.
  if (pruneFilters.getNumOccurrences()) {
    std::string options = "filters=" + exactDecimal(pruneFilters.getValue()) +
                          " criterion=" + pruneCriterion.getValue();
    if (!pruneLayers.empty())
      options += " layers=" + layerList(pruneLayers);
    passes.push_back("compress-prune{" + options + "}");
  }
  if (!binarizeLayers.empty())
    passes.push_back("compress-binarize{mode=force layers=" + layerList(binarizeLayers) + "}");
  else if (binarize)
    passes.push_back("compress-binarize{mode=recognize}");
  if (lowrankRank != 0 || lowrankEnergy != 0.0) {
    std::string options = lowrankRank != 0 ? "rank=" + std::to_string(lowrankRank.getValue())
                                           : "energy=" + exactDecimal(lowrankEnergy.getValue());
    if (!lowrankLayers.empty())
      options += " layers=" + layerList(lowrankLayers);
    passes.push_back("compress-lowrank{" + options + "}");
  }
  if (pruneSparsity.getNumOccurrences()) {
    std::string options = "sparsity=" + exactDecimal(pruneSparsity.getValue()) +
                          " scope=" + pruneScope.getValue();
    if (!pruneLayers.empty())
      options += " layers=" + layerList(pruneLayers);
    passes.push_back("compress-prune{" + options + "}");
  }
  if (sparsify || pruneSparsity.getNumOccurrences() || sparsifyMinSparsity >= 0) {
    std::string options;
    if (sparsifyMinSparsity >= 0)
      options = "{min-sparsity=" + exactDecimal(sparsifyMinSparsity.getValue()) + "}";
    passes.push_back("compress-sparsify" + options);
  }
  if (codebookBits != 0)
    passes.push_back(codebookPipeline());
  if (!extraPipeline.empty())
    passes.push_back(extraPipeline.getValue());
  return llvm::join(passes, ",");
}

/// --pipeline runs on the module, so an explicit 'builtin.module(...)' anchor (as
/// compress-opt --pass-pipeline takes) is unwrapped: parsed as written, it would
/// nest a pass manager that runs on nested modules only, i.e. on nothing. Returns
/// an error message when the anchor does not wrap the whole text or a nested one
/// remains.
std::string unwrapModuleAnchor(std::string &text) {
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
             text + "'";
    text = trimmed.drop_front(anchor.size()).drop_back().trim().str();
  }
  if (StringRef(text).contains(anchor))
    return "--pipeline: a nested 'builtin.module(...)' would run on nested modules only, "
           "of which the model has none; write the passes without it, got '" +
           extraPipeline.getValue() + "'";
  return "";
}

std::string codebookPipeline() {
  std::string options = "bits=" + std::to_string(codebookBits.getValue());
  if (codebookPerChannel)
    options += " per-channel=true";
  options += " init=" + codebookInit.getValue();
  if (!codebookLayers.empty())
    options += " layers=" + layerList(codebookLayers);
  return "compress-codebook{" + options + "}";
}
} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  registerAsmPrinterCLOptions();
  registerMLIRContextCLOptions();
  registerPassManagerCLOptions();
  registerTransformsPasses();
  registerCompressPasses();
  registerCompressConversionPasses();
  registerCompressPipelines();
  cl::HideUnrelatedOptions({&category, &compressionCategory, &codegenCategory});
  cl::ParseCommandLineOptions(
      argc, argv,
      "compress-compile: ahead-of-time compiler for (compressed) CNNs\n\n"
      "  ONNX or MLIR in; MLIR, LLVM IR, an object file or a shared library with a C\n"
      "  header out. Example:\n"
      "    compress-compile cls.onnx --input-shape x=1,3,48,192 --codebook-bits=4 \\\n"
      "        --report -o libcls.so\n"
      "  --emit=mlir|compressed with --mlir-print-debuginfo keeps the layer (ONNX node)\n"
      "  names in the file, for compiling it further with --report.\n");

  // llvm::cl keeps the last of repeated values: a second --pipeline or
  // --prune-filters would silently drop the first. --input-shape is a list.
  for (auto &entry : cl::getRegisteredOptions()) {
    cl::Option *option = entry.second;
    bool ours = llvm::any_of(option->Categories, [](cl::OptionCategory *c) {
      return c == &category || c == &compressionCategory || c == &codegenCategory;
    });
    if (ours && option->ArgStr != "input-shape" && option->getNumOccurrences() > 1)
      return fail("-" + Twine(option->ArgStr.size() > 1 ? "-" : "") + option->ArgStr +
                  " is given " + Twine(option->getNumOccurrences()) + " times; give it once");
  }
  if (outputFile.empty())
    outputFile = defaultOutput();
  if (!isValidCIdentifier(entryName))
    return fail("--entry must be a C identifier (letters, digits, '_', not a keyword), got '" +
                entryName + "'");
  if (std::string clash = shadowedCFunction(entryName); !clash.empty())
    return fail("--entry=" + entryName + ": the library would export '" + clash +
                "', a C library function (or main); pick another name");
  if (std::string error = checkOutputPath(outputFile, "output"); !error.empty())
    return fail(error);
  if ((emit == Emit::Object || emit == Emit::Library) && outputFile == "-")
    return fail("--emit=obj and --emit=lib need an output file (-o)");
  if (codebookBits != 0 && (codebookBits < 1 || codebookBits > 8))
    return fail("--codebook-bits must be between 1 and 8 (or 0 for off), got " +
                Twine(codebookBits.getValue()));
  if (codebookInit != "linear" && codebookInit != "kmeans++")
    return fail("--codebook-init must be 'linear' or 'kmeans++', got '" + codebookInit + "'");
  if (optLevel > 3)
    return fail("-O must be 0-3, got " + Twine(optLevel.getValue()));
  bool jsonReport = report == "json";
  bool textReport = report.getNumOccurrences() > 0 && !jsonReport;
  if (textReport && !report.empty() && report != "text")
    return fail("--report takes 'text' or 'json', got '" + report + "'");

  DialectRegistry registry;
  registerCompressDialects(registry);
  MLIRContext context(registry);
  context.loadAllAvailableDialects();
  llvm::SourceMgr sourceMgr;
  SourceMgrDiagnosticHandler diagHandler(sourceMgr, &context);
  context.printOpOnDiagnostic(false);
  // Registered last, so it sees diagnostics first: the report says what the passes'
  // remarks say, so they are shown only with --remarks.
  context.getDiagEngine().registerHandler([](Diagnostic &diag) {
    return success(diag.getSeverity() == DiagnosticSeverity::Remark && !showRemarks);
  });

  StageTimer timer;
  timer.total = 1 + (emit >= Emit::Compressed) + (emit >= Emit::Lowered) +
                (emit >= Emit::LLVMIR) + (emit >= Emit::Object) + (emit >= Emit::Library);

  // 1. Import or parse.
  OwningOpRef<ModuleOp> module;
  bool isONNX = StringRef(inputFile).ends_with_insensitive(".onnx") ||
                StringRef(inputFile).ends_with_insensitive(".pb");
  timer.begin(isONNX ? "import ONNX" : "parse MLIR");
  if (isONNX) {
    ONNXImportOptions options;
    options.entryName = entryName;
    for (const auto &text : inputShapes) {
      std::string error;
      if (!parseInputShapes(text, options.inputShapes, error))
        return fail("bad --input-shape '" + text + "': " + error);
    }
    module = importONNXModel(inputFile, &context, options);
  } else {
    if (!inputShapes.empty())
      return fail("--input-shape applies to ONNX models; an MLIR input has its shapes");
    std::string error;
    auto file = openInputFile(inputFile, &error);
    if (!file)
      return fail(error);
    sourceMgr.AddNewSourceBuffer(std::move(file), llvm::SMLoc());
    module = parseSourceFile<ModuleOp>(sourceMgr, &context);
  }
  if (!module)
    return 1;
  timer.end();

  if (module->getBody()->empty())
    return fail("'" + inputFile + "' holds no function to compile");
  bool lowered = isLLVMDialectOnly(*module);
  if (lowrankRank != 0 && lowrankEnergy != 0.0)
    return fail("--lowrank-rank and --lowrank-energy exclude each other");
  if (lowrankRank < 0)
    return fail("--lowrank-rank must be positive, got " + Twine(lowrankRank.getValue()));
  if (!(lowrankEnergy >= 0.0 && lowrankEnergy <= 1.0))
    return fail("--lowrank-energy must be in (0, 1], got " + Twine(exactDecimal(lowrankEnergy.getValue())));
  if (pruneSparsity.getNumOccurrences() && !(pruneSparsity >= 0.0 && pruneSparsity < 1.0))
    return fail("--prune-sparsity must be in [0, 1), got " + Twine(exactDecimal(pruneSparsity.getValue())));
  if (pruneScope != "layer" && pruneScope != "global")
    return fail("--prune-scope must be 'layer' or 'global', got '" + pruneScope + "'");
  if (pruneFilters.getNumOccurrences() && !(pruneFilters >= 0.0 && pruneFilters < 1.0))
    return fail("--prune-filters must be in [0, 1), got " +
                Twine(exactDecimal(pruneFilters.getValue())));
  if (pruneCriterion != "l1" && pruneCriterion != "l2")
    return fail("--prune-criterion must be 'l1' or 'l2', got '" + pruneCriterion + "'");
  if (pruneCriterion.getNumOccurrences() && !pruneFilters.getNumOccurrences())
    return fail("--prune-criterion needs --prune-filters");
  if (pruneFilters.getNumOccurrences() && pruneSparsity.getNumOccurrences())
    return fail("--prune-filters and --prune-sparsity exclude each other (run compress-prune "
                "twice through --pipeline to combine them)");
  if (sparsifyMinSparsity.getNumOccurrences() &&
      !(sparsifyMinSparsity >= 0.0 && sparsifyMinSparsity <= 1.0))
    return fail("--sparsify-min-sparsity must be in [0, 1], got " +
                Twine(exactDecimal(sparsifyMinSparsity.getValue())));
  if (!extraPipeline.empty()) {
    std::string text = extraPipeline.getValue();
    if (std::string error = unwrapModuleAnchor(text); !error.empty())
      return fail(error);
    if (text.empty())
      return fail("--pipeline: no pass in '" + extraPipeline.getValue() + "'");
    extraPipeline.setValue(text);
  }
  // A layer list that names nothing would compress nothing: refuse it.
  for (cl::opt<std::string> *list : {&codebookLayers, &lowrankLayers, &pruneLayers, &binarizeLayers}) {
    std::string error;
    if (list->getNumOccurrences() &&
        splitLayerNames(("--" + list->ArgStr).str(), list->getValue(), error).empty())
      return fail(error);
  }
  // Options that only refine a method do nothing without it: refuse them.
  bool codebook = codebookBits != 0;
  bool lowrank = lowrankRank != 0 || lowrankEnergy != 0.0;
  bool pruning = pruneSparsity.getNumOccurrences() || pruneFilters.getNumOccurrences();
  for (auto [option, active, needs] :
       {std::tuple<cl::Option *, bool, StringRef>(&codebookLayers, codebook, "--codebook-bits"),
        {&codebookPerChannel, codebook, "--codebook-bits"},
        {&codebookInit, codebook, "--codebook-bits"},
        {&lowrankLayers, lowrank, "--lowrank-rank or --lowrank-energy"},
        {&pruneLayers, pruning, "--prune-sparsity or --prune-filters"},
        {&pruneScope, bool(pruneSparsity.getNumOccurrences()),
         "--prune-sparsity (filter pruning ranks the filters of each conv on its own)"}})
    if (option->getNumOccurrences() && !active)
      return fail("--" + option->ArgStr + " needs " + needs);
  std::string pipeline = compressionPipeline();
  bool compressing = !pipeline.empty();
  if (lowered && (emit < Emit::LLVMIR || compressing || report.getNumOccurrences()))
    return fail("the input is already lowered to the LLVM dialect: it can only go on to "
                "--emit=llvm|obj|lib, without compression flags or --report");

  ModelSignature signature;
  if (!lowered) {
    auto entry = findEntryFunction(*module, entryName);
    if (failed(entry))
      return 1;
    auto sig = getModelSignature(*entry);
    if (failed(sig))
      return 1;
    signature = *sig;
  } else {
    auto sig = signatureFromLoweredModule(*module, entryName);
    if (failed(sig))
      return 1;
    signature = *sig;
  }

  auto runPipeline = [&](llvm::function_ref<LogicalResult(OpPassManager &)> build) {
    PassManager pm(&context);
    if (failed(applyPassManagerCLOptions(pm)))
      return failure();
    if (failed(build(pm)))
      return failure();
    return pm.run(*module);
  };

  if (emit == Emit::MLIR) {
    if (compressing || report.getNumOccurrences())
      return fail("--emit=mlir stops before compression; use --emit=compressed");
    return failed(writeText(outputFile, [&](llvm::raw_ostream &os) { module->print(os); }));
  }

  // 2. Compression.
  if (!lowered) {
    timer.begin("compress");
    // A misspelt layer name would compress nothing, silently: refuse it.
    for (auto [flag, value] : {std::pair<StringRef, StringRef>("--codebook-layers", codebookLayers),
                               {"--lowrank-layers", lowrankLayers},
                               {"--prune-layers", pruneLayers},
                               {"--binarize-layers", binarizeLayers}}) {
      if (value.empty())
        continue;
      std::string error;
      std::vector<std::string> names = splitLayerNames(flag, value, error);
      if (failed(verifyLayerNames(*module, names, flag, /*asError=*/true)))
        return 1;
    }
    if (!pipeline.empty()) {
      std::string errorText;
      llvm::raw_string_ostream errorStream(errorText);
      if (failed(runPipeline([&](OpPassManager &pm) {
            if (failed(parsePassPipeline(pipeline, pm, errorStream))) {
              llvm::WithColor::error(llvm::errs(), "compress-compile")
                  << "bad pass pipeline '" << pipeline << "': " << errorText << "\n";
              return failure();
            }
            return success();
          })))
        return 1;
    }
    timer.end();
    if (report.getNumOccurrences()) {
      auto &os = outputFile == "-" ? llvm::errs() : llvm::outs();
      printReport(collectReport(*module), os, jsonReport);
    }
    if (emit == Emit::Compressed)
      return failed(writeText(outputFile, [&](llvm::raw_ostream &os) { module->print(os); }));

    // 3. Lowering to the LLVM dialect plus the ABI wrappers.
    timer.begin("lower to LLVM dialect");
    if (failed(runPipeline([&](OpPassManager &pm) {
          buildLowerToLLVMPipeline(pm, LowerToLLVMOptions());
          return success();
        })))
      return 1;
    if (failed(addModelABIWrappers(*module, signature)))
      return 1;
    timer.end();
    if (emit == Emit::Lowered)
      return failed(writeText(outputFile, [&](llvm::raw_ostream &os) { module->print(os); }));
  }

  // 4. LLVM IR.
  timer.begin("translate + optimize LLVM IR");
  CodegenOptions codegen;
  codegen.triple = mtriple;
  codegen.cpu = mcpu;
  codegen.features = mattr;
  codegen.optLevel = optLevel;
  if (std::vector<std::string> missing = featuresMissingOnHost(codegen); !missing.empty())
    llvm::WithColor::warning(llvm::errs(), "compress-compile")
        << "--mcpu=" << mcpu << " uses " << missing.size()
        << " target feature(s) this machine lacks (" << llvm::join(llvm::ArrayRef(missing).take_front(8), ", ")
        << (missing.size() > 8 ? ", ..." : "")
        << "): the library may stop with SIGILL (illegal instruction) if run here\n";
  llvm::LLVMContext llvmContext;
  auto llvmModule = translateAndOptimize(*module, llvmContext, codegen);
  if (!llvmModule)
    return fail(llvm::toString(llvmModule.takeError()));
  timer.end();
  if (emit == Emit::LLVMIR)
    return failed(writeText(outputFile, [&](llvm::raw_ostream &os) { (*llvmModule)->print(os, nullptr); }));

  // 5. Object file.
  timer.begin("emit object");
  llvm::SmallVector<char, 0> object;
  if (llvm::Error err = emitObjectFile(**llvmModule, codegen, object))
    return fail(llvm::toString(std::move(err)));
  timer.end();
  if (emit == Emit::Object)
    return failed(writeText(outputFile, [&](llvm::raw_ostream &os) {
      os.write(object.data(), object.size());
    }));

  // 6. Shared library + C header.
  timer.begin("link shared library + header");
  std::string header = headerFile;
  if (header.empty()) {
    llvm::SmallString<128> path(outputFile);
    llvm::sys::path::replace_extension(path, ".h");
    header = path.str().str();
  }
  auto canonical = [](StringRef path) {
    llvm::SmallString<256> absolute(path);
    llvm::sys::fs::make_absolute(absolute);
    llvm::sys::path::remove_dots(absolute, /*remove_dot_dot=*/true);
    return absolute.str().str();
  };
  if (canonical(header) == canonical(outputFile) || llvm::sys::fs::equivalent(header, outputFile))
    return fail("the header would overwrite the library '" + outputFile + "': use --header");
  if (header == "-")
    return fail("--header=-: the header is written next to the library, not to stdout; give "
                "a file path");
  if (std::string error = checkOutputPath(header, "header"); !error.empty())
    return fail(error);
  // The default header path (the library's with .h) may name a file the user wrote:
  // replace it only when compress-compile generated it (its first line says so).
  if (headerFile.empty() && llvm::sys::fs::exists(header)) {
    auto existing = llvm::MemoryBuffer::getFile(header, /*IsText=*/true);
    if (!existing || !(*existing)->getBuffer().starts_with("/* Generated by compress-compile"))
      return fail("'" + header + "' exists and was not written by compress-compile: not "
                  "replacing it (name the header with --header, or remove the file)");
  }
  // The header goes to a temporary file next to it first, so that a header that
  // cannot be written fails the compile before the library is linked (no library
  // without its header), and a failed link leaves no header either.
  std::string headerText = generateCHeader(signature, llvm::sys::path::filename(inputFile));
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
  if (llvm::Error err = linkSharedLibrary(object, outputFile)) {
    llvm::consumeError(headerTemp->discard());
    return fail(llvm::toString(std::move(err)));
  }
  if (llvm::Error err = headerTemp->keep(header)) {
    llvm::sys::fs::remove(outputFile);
    return fail("cannot write '" + header + "': " + llvm::toString(std::move(err)) +
                " (the library was removed)");
  }
  timer.end();
  return 0;
}
