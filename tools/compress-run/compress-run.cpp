//===- compress-run.cpp - runs a compiled model on .npy / .pb inputs ------===//
//
// Loads lib<name>.so made by `compress-compile --emit=lib`, feeds it tensors
// from files, writes, prints, times and compares its outputs. The ABI it
// consumes is documented in include/compress/Runtime/CompressModel.h.
//
//===----------------------------------------------------------------------===//

#include "compress/Compiler/NumberOption.h"
#include "compress/Runtime/CompiledModel.h"
#include "compress/Runtime/TensorFile.h"
#include "compress/Target/Codegen.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <cmath>
#include <limits>
#include <optional>

using namespace llvm;
using namespace compress::runtime;

static cl::OptionCategory runCategory("compress-run options");

static cl::opt<std::string> modelPath(cl::Positional, cl::Required,
                                      cl::desc("<model.so>"),
                                      cl::cat(runCategory));
static cl::list<std::string>
    inputFiles(cl::Positional,
               cl::desc("[input files (.npy or .pb), in model "
                        "input order...]"),
               cl::cat(runCategory));
static cl::opt<std::string>
    entryName("entry", cl::init("model"), cl::value_desc("name"),
              cl::desc("Entry point to run (compress-compile --entry); the "
                       "library must export <name>_packed and <name>_info"),
              cl::cat(runCategory));
static cl::list<std::string>
    namedInputs("input", cl::value_desc("name=file"),
                cl::desc("Give the model input called <name> from <file> "
                         "(.npy or .pb); instead of a positional file"),
                cl::cat(runCategory));
static cl::opt<std::string>
    outputFile("o", cl::value_desc("file.npy"),
               cl::desc("Write the output to <file.npy> (single-output "
                        "models)"),
               cl::cat(runCategory));
static cl::opt<std::string>
    outputDir("output-dir", cl::value_desc("dir"),
              cl::desc("Write each output to <dir>/<output name>.npy "
                       "(created if missing; names sanitized)"),
              cl::cat(runCategory));
static cl::opt<unsigned>
    repeatCount("repeat", cl::init(0), cl::value_desc("N"),
                cl::desc("Run once to warm up, then N timed runs; print the "
                         "median and minimum latency"),
                cl::cat(runCategory));
// Intra-op threads (not --threads: libLLVM registers that name)
static cl::opt<int>
    threadCount("num-threads", cl::init(-1), cl::value_desc("N"),
                cl::desc("Threads per call (the model's E_set_num_threads): 1 to "
                         "1024, or 0 for the library's default (COMPRESS_NUM_THREADS, "
                         "else the cores available); with --repeat the summary "
                         "prints the count used"),
                cl::cat(runCategory));
static cl::opt<bool> printOutputs("print",
                                  cl::desc("Print each output's shape and "
                                           "values to stdout"),
                                  cl::cat(runCategory));
static cl::opt<unsigned>
    printLimit("print-limit", cl::init(16), cl::value_desc("N"),
               cl::desc("With --print, show at most N values per output "
                        "(first and last N/2; 0 = all)"),
               cl::cat(runCategory));
static cl::list<std::string>
    compareFiles("compare", cl::value_desc("ref"),
                 cl::desc("Compare the outputs, in order, with reference "
                          "tensors (.npy or .pb; once per output); exit 1 if "
                          "any differs beyond --atol/--rtol"),
                 cl::cat(runCategory));
static cl::opt<std::string> compareDir(
    "compare-dir", cl::value_desc("dir"),
    cl::desc("Compare output i named N with <dir>/N.npy (sanitized name) or "
             "else <dir>/output_i.pb (ONNX test data layout)"),
    cl::cat(runCategory));
static cl::opt<double, false, mlir::compress::NonEmptyDoubleParser>
    absoluteTolerance("atol", cl::init(1e-5), cl::value_desc("x"),
                      cl::desc("Absolute tolerance of --compare: pass when "
                               "|out - ref| <= atol + rtol * |ref| "
                               "(default 1e-5)"),
                      cl::cat(runCategory));
static cl::opt<double, false, mlir::compress::NonEmptyDoubleParser>
    relativeTolerance("rtol", cl::init(1e-5), cl::value_desc("x"),
                      cl::desc("Relative tolerance of --compare (default "
                               "1e-5)"),
                      cl::cat(runCategory));

static cl::opt<double, false, mlir::compress::NonEmptyDoubleParser>
    softmaxTemperature(
        "softmax-temperature", cl::value_desc("T"),
        cl::desc("Replace each output z (the model's logits) by softmax(z / T) "
                 "over its last axis before it is printed, written or "
                 "compared: a teacher's soft labels (Hinton et al. 2015). "
                 "T > 0; every output must be float32 or float64 of rank >= 1"),
        cl::cat(runCategory));

static const char *toolName = "compress-run";

static int fail(const Twine &message) {
  WithColor::error(errs(), toolName) << message << "\n";
  return 1;
}

static int fail(Error err) { return fail(toString(std::move(err))); }

/// softmax(z / T) along the last axis of a float32 or float64 tensor, in
/// double, with the maximum subtracted first. An axis holding +inf gives its
/// limit (equal shares among the +inf entries); a NaN, or only -inf, gives NaN
/// for that slice (there is no limit to take).
static void applySoftmax(HostTensor &tensor, double temperature) {
  size_t axis = size_t(tensor.shape.back());
  bool isDouble = tensor.dtype == "float64";
  uint64_t count = tensor.numElements();
  std::vector<double> z(axis);
  for (uint64_t start = 0; axis && start < count; start += axis) {
    double maximum = -std::numeric_limits<double>::infinity();
    bool hasNaN = false;
    for (size_t i = 0; i < axis; ++i) {
      z[i] = tensor.getAsDouble(start + i) / temperature;
      hasNaN |= std::isnan(z[i]);
      maximum = std::max(maximum, z[i]);
    }
    double sum = 0;
    for (double &v : z) {
      if (hasNaN)
        v = std::numeric_limits<double>::quiet_NaN();
      else
        v = std::isinf(maximum) && maximum > 0 ? double(v == maximum)
                                                 : std::exp(v - maximum);
      sum += v;
    }
    for (size_t i = 0; i < axis; ++i) {
      double p = z[i] / sum;
      if (std::isnan(p)) // One NaN spelling (−inf − −inf sets the sign bit).
        p = std::numeric_limits<double>::quiet_NaN();
      if (isDouble)
        std::memcpy(tensor.bytes.data() + (start + i) * 8, &p, 8);
      else {
        float f = float(p);
        std::memcpy(tensor.bytes.data() + (start + i) * 4, &f, 4);
      }
    }
  }
}

/// Maps an output name to a file name: ONNX names may hold '/' or ':'.
static std::string sanitizeFileName(StringRef name) {
  std::string result;
  for (char c : name.take_front(200))
    result += (isAlnum(c) || c == '-' || c == '_' || c == '.') ? c : '_';
  if (result.empty() || result[0] == '.')
    result.insert(result.begin(), '_');
  return result;
}

/// File names for the outputs, unique even if sanitizing merges two names.
static std::vector<std::string>
getOutputFileNames(ArrayRef<TensorSpec> outputs) {
  std::vector<std::string> names;
  StringSet<> used;
  for (auto [index, spec] : enumerate(outputs)) {
    std::string base = sanitizeFileName(spec.name);
    std::string name = base;
    if (used.contains(name))
      name = base + "_" + std::to_string(index);
    used.insert(name);
    names.push_back(name + ".npy");
  }
  return names;
}

static std::string describeInputs(const ModelInfo &info) {
  return join(map_range(info.inputs,
                        [](const TensorSpec &s) { return "'" + s.name + "'"; }),
              ", ");
}

/// Decides which file feeds each model input.
static Expected<std::vector<std::string>>
assignInputFiles(const ModelInfo &info) {
  size_t numInputs = info.inputs.size();
  std::vector<std::string> files(numInputs);
  std::string plural = numInputs == 1 ? "" : "s";
  if (inputFiles.size() > numInputs)
    return createStringError(
        "entry '%s' takes %zu input%s (%s) but %zu input files were given",
        info.entry.c_str(), numInputs, plural.c_str(),
        describeInputs(info).c_str(), inputFiles.size());
  for (auto [index, file] : enumerate(inputFiles))
    files[index] = file;
  for (StringRef option : namedInputs) {
    StringRef name, file;
    std::tie(name, file) = option.split('=');
    if (name == option || name.empty() || file.empty())
      return createStringError("--input '%s': expected name=file",
                               option.str().c_str());
    auto it = find_if(info.inputs,
                      [&](const TensorSpec &s) { return s.name == name; });
    if (it == info.inputs.end())
      return createStringError("--input '%s': entry '%s' has no input named "
                               "'%s' (inputs: %s)",
                               option.str().c_str(), info.entry.c_str(),
                               name.str().c_str(),
                               describeInputs(info).c_str());
    size_t index = it - info.inputs.begin();
    if (!files[index].empty())
      return createStringError("input '%s' is given twice: '%s' and '%s'",
                               name.str().c_str(), files[index].c_str(),
                               file.str().c_str());
    files[index] = file.str();
  }
  for (auto [index, file] : enumerate(files))
    if (file.empty())
      return createStringError(
          "entry '%s' takes %zu input%s (%s) but no file was given for "
          "input %zu '%s'",
          info.entry.c_str(), numInputs, plural.c_str(),
          describeInputs(info).c_str(), index, info.inputs[index].name.c_str());
  return files;
}

/// Reads an input file and checks it against the model's signature.
static Expected<HostTensor> loadInput(const TensorSpec &spec, StringRef file) {
  Expected<HostTensor> tensor = readTensorFile(file);
  if (!tensor)
    return createStringError("input '%s': %s", spec.name.c_str(),
                             toString(tensor.takeError()).c_str());
  if (tensor->shape != spec.shape)
    return createStringError(
        "input '%s': expected shape %s %s, got %s %s from %s",
        spec.name.c_str(), formatShape(spec.shape).c_str(), spec.dtype.c_str(),
        formatShape(tensor->shape).c_str(), tensor->dtype.c_str(),
        file.str().c_str());
  // No silent conversion: the file must hold the model's element type.
  if (tensor->dtype != spec.dtype)
    return createStringError(
        "input '%s': the model takes %s, but %s holds %s (no conversion is "
        "done; save the tensor as %s)",
        spec.name.c_str(), spec.dtype.c_str(), file.str().c_str(),
        tensor->dtype.c_str(), spec.dtype.c_str());
  return tensor;
}

/// Refuses to let an output replace one of the files the run reads.
static Error checkNotAnInput(StringRef outputPath,
                             ArrayRef<std::string> readFiles) {
  if (!sys::fs::exists(outputPath))
    return Error::success();
  for (const std::string &file : readFiles)
    if (sys::fs::equivalent(outputPath, file))
      return createStringError("output file '%s' is also an input ('%s'); "
                               "refusing to overwrite it",
                               outputPath.str().c_str(), file.c_str());
  return Error::success();
}

/// Element i of `t` as text: integers exactly, floats with %.7g (%.17g for
/// float64).
static std::string formatElement(const HostTensor &t, uint64_t i) {
  if (!isFloatDtype(t.dtype)) {
    if (StringRef(t.dtype).starts_with("uint") || t.dtype == "bool")
      return std::to_string(t.getAsUInt64(i));
    return std::to_string(t.getAsInt64(i));
  }
  std::string text;
  raw_string_ostream os(text);
  if (t.dtype == "float64")
    os << format("%.17g", t.getAsDouble(i));
  else
    os << format("%.7g", t.getAsDouble(i));
  return text;
}

static void printTensor(raw_ostream &os, const TensorSpec &spec,
                        const HostTensor &tensor) {
  os << "output '" << spec.name << "' (" << formatShape(spec.shape) << " "
     << spec.dtype << "):\n  [";
  uint64_t count = tensor.numElements();
  size_t limit = printLimit == 0 ? count : size_t(printLimit);
  auto printRange = [&](size_t begin, size_t end) {
    for (size_t i = begin; i < end; ++i)
      os << (i == begin ? "" : ", ") << formatElement(tensor, i);
  };
  if (count <= limit) {
    printRange(0, count);
    os << "]\n";
    return;
  }
  size_t head = (limit + 1) / 2, tail = limit / 2;
  printRange(0, head);
  os << ", ...";
  if (tail) {
    os << ", ";
    printRange(count - tail, count);
  }
  os << "] (" << count << " values)\n";
}

static std::string formatIndex(ArrayRef<int64_t> shape, uint64_t flat) {
  SmallVector<int64_t> index(shape.size());
  for (size_t d = shape.size(); d-- > 0;) {
    index[d] = int64_t(flat % uint64_t(shape[d]));
    flat /= uint64_t(shape[d]);
  }
  return "[" +
         join(map_range(index, [](int64_t i) { return std::to_string(i); }),
              ", ") +
         "]";
}

/// Compares one output with its reference; prints one line, returns whether
/// it is within tolerance.
static bool compareOutput(raw_ostream &os, const TensorSpec &spec,
                          const HostTensor &got, StringRef refFile) {
  Expected<HostTensor> ref = readTensorFile(refFile);
  if (!ref) {
    WithColor::error(errs(), toolName)
        << "output '" << spec.name << "': " << toString(ref.takeError())
        << "\n";
    return false;
  }
  // bfloat16 outputs are written as their raw bits ('<u2' .npy): such a
  // reference is read back as bfloat16.
  if (spec.dtype == "bfloat16" && ref->dtype == "uint16")
    ref->dtype = "bfloat16";
  if (ref->dtype != spec.dtype) {
    os << "output '" << spec.name << "': FAIL: dtype " << spec.dtype
       << " but reference " << refFile << " has dtype " << ref->dtype << "\n";
    return false;
  }
  if (ref->shape != spec.shape) {
    os << "output '" << spec.name << "': FAIL: shape "
       << formatShape(spec.shape) << " but reference " << refFile
       << " has shape " << formatShape(ref->shape) << "\n";
    return false;
  }
  // Integers and bool compare exactly, floats within atol + rtol * |ref|.
  bool exact = !isFloatDtype(spec.dtype);
  bool isUnsigned = StringRef(spec.dtype).starts_with("uint");
  double maxDiff = 0;
  std::optional<uint64_t> worst;
  uint64_t mismatches = 0;
  uint64_t numElements = got.numElements();
  for (uint64_t i = 0; i < numElements; ++i) {
    if (exact) {
      uint64_t x = got.getAsUInt64(i), y = ref->getAsUInt64(i);
      double diff = 0;
      if (x != y) {
        ++mismatches;
        diff = isUnsigned ? std::fabs(double(x) - double(y))
                          : std::fabs(double(int64_t(x)) - double(int64_t(y)));
      }
      if (!worst || diff > maxDiff) {
        maxDiff = diff;
        worst = i;
      }
      continue;
    }
    double a = got.getAsDouble(i), b = ref->getAsDouble(i);
    if (std::isnan(a) && std::isnan(b))
      continue;
    // NaN against a number, or infinities that differ, count as infinitely
    // far apart.
    double diff = a == b ? 0.0 : std::fabs(a - b);
    if (std::isnan(diff))
      diff = std::numeric_limits<double>::infinity();
    // Equal values (also equal infinities, where rtol * |ref| may be NaN)
    // always pass.
    // An infinite reference (or output) passes only when equal: the tolerance
    // atol + rtol * |inf| would accept anything.
    bool ok = a == b || (std::isfinite(a) && std::isfinite(b) &&
                         diff <= absoluteTolerance + relativeTolerance * std::fabs(b));
    if (!ok)
      ++mismatches;
    if (!worst || diff > maxDiff) {
      maxDiff = diff;
      worst = i;
    }
  }
  os << "output '" << spec.name << "': " << (mismatches ? "FAIL" : "ok")
     << ": max abs diff " << format("%.6g", maxDiff);
  if (worst && maxDiff > 0) {
    os << " at " << formatIndex(spec.shape, *worst) << " (got ";
    if (exact)
      os << formatElement(got, *worst) << ", expected "
         << formatElement(*ref, *worst) << ")";
    else
      os << format("%.9g", got.getAsDouble(*worst)) << ", expected "
         << format("%.9g", ref->getAsDouble(*worst)) << ")";
  }
  if (exact)
    os << "; " << mismatches << " of " << numElements << " " << spec.dtype
       << " elements differ (exact comparison) (vs " << refFile << ")\n";
  else
    os << "; " << mismatches << " of " << numElements
       << " elements outside atol=" << format("%g", double(absoluteTolerance))
       << " rtol=" << format("%g", double(relativeTolerance)) << " (vs "
       << refFile << ")\n";
  return mismatches == 0;
}

int main(int argc, char **argv) {
  InitLLVM initLLVM(argc, argv);
  cl::HideUnrelatedOptions(runCategory);
  cl::ParseCommandLineOptions(
      argc, argv,
      "compress-run: runs a model compiled by compress-compile --emit=lib\n\n"
      "  compress-run model.so x.npy            # inputs in model order\n"
      "  compress-run model.so --input x=x.pb -o y.npy\n"
      "  compress-run model.so x.npy --output-dir out --repeat=100\n"
      "  compress-run model.so in.pb --compare=ref.pb --atol=1e-4\n\n"
      "Inputs are .npy (little-endian, C order) or ONNX TensorProto .pb files\n"
      "whose shapes and dtypes (float32, float64, float16, bfloat16, int8..int64,\n"
      "uint8..uint64, bool; never converted) must equal the model's; outputs\n"
      "are written as .npy of the output's dtype (bfloat16 as raw '<u2' bits),\n"
      "atomically. Integer and bool outputs compare exactly.\n");

  if (!outputFile.empty() && !outputDir.empty())
    return fail("-o and --output-dir are mutually exclusive");
  if (!compareFiles.empty() && !compareDir.empty())
    return fail("--compare and --compare-dir are mutually exclusive");
  if (softmaxTemperature.getNumOccurrences() &&
      !(std::isfinite(softmaxTemperature) && softmaxTemperature > 0)) {
    std::string value;
    raw_string_ostream(value) << format("%g", double(softmaxTemperature));
    return fail("--softmax-temperature must be a finite number > 0, got " +
                value);
  }
  if (absoluteTolerance < 0 || relativeTolerance < 0 ||
      std::isnan(absoluteTolerance) || std::isnan(relativeTolerance))
    return fail("--atol and --rtol must be non-negative numbers");

  auto loaded = CompiledModel::load(modelPath, entryName);
  if (!loaded)
    return fail(loaded.takeError());
  CompiledModel &model = **loaded;
  const ModelInfo &info = model.getInfo();
  // Intra-op threads.
  if (threadCount.getNumOccurrences()) {
    if (threadCount < 0 || threadCount > 1024)
      return fail("--num-threads=" + Twine(int(threadCount)) +
                  " out of range (0 = default, 1 to 1024)");
    if (Error err = model.setNumThreads(unsigned(threadCount)))
      return fail(std::move(err));
  }

  // Check every option against the signature before reading any data.
  if (!outputFile.empty() && info.outputs.size() != 1)
    return fail("-o needs a single-output model; entry '" + info.entry +
                "' has " + Twine(info.outputs.size()) +
                " outputs (use --output-dir)");
  if (!compareFiles.empty() && compareFiles.size() != info.outputs.size())
    return fail("--compare given " + Twine(compareFiles.size()) +
                " times; entry '" + info.entry + "' has " +
                Twine(info.outputs.size()) + " outputs");
  if (softmaxTemperature.getNumOccurrences())
    for (const TensorSpec &spec : info.outputs)
      if ((spec.dtype != "float32" && spec.dtype != "float64") ||
          spec.shape.empty())
        return fail("--softmax-temperature needs logits: output '" +
                    spec.name + "' of entry '" + info.entry + "' is " +
                    formatShape(spec.shape) + " " + spec.dtype +
                    " (float32 or float64 of rank >= 1 expected)");
  Expected<std::vector<std::string>> files = assignInputFiles(info);
  if (!files)
    return fail(files.takeError());

  std::vector<std::string> outputPaths;
  std::vector<std::string> outputNames = getOutputFileNames(info.outputs);
  if (!outputFile.empty())
    outputPaths.push_back(outputFile);
  if (!outputDir.empty()) {
    std::error_code ec = sys::fs::create_directories(outputDir);
    if (!ec && !sys::fs::is_directory(outputDir))
      ec = std::make_error_code(std::errc::not_a_directory);
    if (ec)
      return fail("cannot create output directory '" + outputDir +
                  "': " + ec.message());
    for (const std::string &name : outputNames) {
      SmallString<256> path(outputDir);
      sys::path::append(path, name);
      outputPaths.push_back(std::string(path));
    }
  }
  std::vector<std::string> readFiles = *files;
  readFiles.push_back(modelPath);
  for (const std::string &path : outputPaths) {
    // Outputs are renamed over their path: never over a device, a FIFO or a
    // directory (the inputs are checked below, all of them).
    std::string error = mlir::compress::checkOutputPath(
        path, "-", "output", /*discardsDevNull=*/true);
    if (!error.empty())
      return fail(error);
    if (Error err = checkNotAnInput(path, readFiles))
      return fail(std::move(err));
  }

  std::vector<std::string> refFiles(compareFiles.begin(), compareFiles.end());
  if (!compareDir.empty()) {
    for (auto [index, name] : enumerate(outputNames)) {
      SmallString<256> npy(compareDir), pb(compareDir);
      sys::path::append(npy, name);
      sys::path::append(pb, "output_" + std::to_string(index) + ".pb");
      if (sys::fs::exists(npy))
        refFiles.push_back(std::string(npy));
      else if (sys::fs::exists(pb))
        refFiles.push_back(std::string(pb));
      else
        return fail("--compare-dir: no reference for output '" +
                    info.outputs[index].name + "' (looked for '" + npy +
                    "' and '" + pb + "')");
    }
  }

  std::vector<HostTensor> inputs;
  for (auto [spec, file] : zip_equal(info.inputs, *files)) {
    Expected<HostTensor> tensor = loadInput(spec, file);
    if (!tensor)
      return fail(tensor.takeError());
    inputs.push_back(std::move(*tensor));
  }
  // NaN-filled (float dtypes; integers 0x5a5a...), so an element the model
  // never writes shows up.
  std::vector<HostTensor> outputs;
  for (const TensorSpec &spec : info.outputs) {
    HostTensor tensor;
    tensor.dtype = spec.dtype;
    tensor.shape = spec.shape;
    size_t size = getDtypeSize(spec.dtype);
    uint64_t nan = StringSwitch<uint64_t>(spec.dtype)
                       .Case("float32", 0x7fc00000)
                       .Case("float64", 0x7ff8000000000000)
                       .Case("float16", 0x7e00)
                       .Case("bfloat16", 0x7fc0)
                       .Default(0x5a5a5a5a5a5a5a5a);
    tensor.bytes.resize(spec.numElements * size);
    for (uint64_t i = 0; i < spec.numElements; ++i)
      std::memcpy(tensor.bytes.data() + i * size, &nan, size);
    outputs.push_back(std::move(tensor));
  }
  // reserve(1): even a zero-element tensor gets a non-null pointer, which
  // the model may check (COMPRESS_ERROR_NULL_BUFFER).
  std::vector<void *> buffers;
  for (HostTensor &tensor : inputs) {
    tensor.bytes.reserve(8);
    buffers.push_back(tensor.bytes.data());
  }
  for (HostTensor &tensor : outputs) {
    tensor.bytes.reserve(8);
    buffers.push_back(tensor.bytes.data());
  }

  auto runOnce = [&]() -> bool {
    int32_t code = model.run(buffers);
    if (code == COMPRESS_OK)
      return true;
    std::string detail;
    // Name the input whose range check failed, and the first element outside.
    if (code == COMPRESS_ERROR_INPUT_RANGE) {
      for (auto [spec, tensor] : zip_equal(info.inputs, inputs)) {
        if (!spec.range || isFloatDtype(spec.dtype))
          continue;
        bool isUnsigned = StringRef(spec.dtype).starts_with("uint");
        for (uint64_t i = 0, n = tensor.numElements(); i < n; ++i) {
          bool out = isUnsigned ? tensor.getAsUInt64(i) > uint64_t(spec.range)
                                : (tensor.getAsInt64(i) < -spec.range ||
                                   tensor.getAsInt64(i) > spec.range);
          if (!out)
            continue;
          std::string r = std::to_string(spec.range);
          detail = ": input '" + spec.name + "' holds a value outside [-" + r +
                   ", " + r + "] (element " + formatIndex(spec.shape, i) +
                   " = " + formatElement(tensor, i) +
                   "); the compiled model supports only that range for it "
                   "(it computes on the input in float32, exact for integers "
                   "up to 2^24)";
          break;
        }
        if (!detail.empty())
          break;
      }
    }
    fail("'" + modelPath + "': entry '" + info.entry +
         "' returned error code " + Twine(code) + " (" +
         compress_error_string(code) + ")" + detail);
    return false;
  };
  if (!runOnce())
    return 1;
  std::vector<double> times;
  if (repeatCount > 0) {
    for (unsigned i = 0; i < repeatCount; ++i) {
      auto start = std::chrono::steady_clock::now();
      if (!runOnce())
        return 1;
      auto end = std::chrono::steady_clock::now();
      times.push_back(
          std::chrono::duration<double, std::milli>(end - start).count());
    }
  }

  if (softmaxTemperature.getNumOccurrences())
    for (HostTensor &tensor : outputs)
      applySoftmax(tensor, softmaxTemperature);

  if (printOutputs)
    for (auto [spec, data] : zip_equal(info.outputs, outputs))
      printTensor(outs(), spec, data);

  // The summary comes after the values.
  if (!times.empty()) {
    llvm::sort(times);
    size_t n = times.size();
    double median =
        n % 2 ? times[n / 2] : (times[n / 2 - 1] + times[n / 2]) / 2;
    // key=value, so scripts (scripts/demo.py) can pick fields out.
    outs() << "latency: median_ms=" << format("%.4g", median)
           << " min_ms=" << format("%.4g", times.front()) << " runs=" << n
           << " warmup=1 threads=" << model.getNumThreads() << "\n";
  }

  for (auto [index, path] : enumerate(outputPaths))
    if (Error err = writeNpyFile(path, outputs[index]))
    {
      // Some of writeToOutput's errors name the path (llvm::FileError), the
      // rename's do not: name it once.
      std::string message = toString(std::move(err));
      StringRef reason(message);
      reason.consume_front("'" + path + "': ");
      return fail("cannot write '" + path + "': " + reason);
    }

  if (!refFiles.empty()) {
    size_t failures = 0;
    for (auto [spec, data, ref] : zip_equal(info.outputs, outputs, refFiles))
      failures += !compareOutput(outs(), spec, data, ref);
    outs().flush();
    if (failures)
      return fail(Twine(failures) + " of " + Twine(info.outputs.size()) +
                  " outputs differ from the reference");
  }
  return 0;
}
