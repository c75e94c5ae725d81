//===- Calibration.cpp - the teacher run of compress-compile --calibration --===//
#include "compress/Compiler/Calibration.h"

#include "compress/Compiler/Compiler.h"
#include "compress/Compression/Calibration.h"
#include "compress/Compression/LayerCompression.h"
#include "compress/Runtime/CompiledModel.h"
#include "compress/Runtime/TensorFile.h"
#include "compress/Target/ModelABI.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/WithColor.h"

#include <algorithm>

#include <cmath>
#include <cstring>

using namespace mlir;
using namespace mlir::compress;
namespace rt = ::compress::runtime;

namespace {
/// A candidate layer of the probe and where its activations come out.
struct ProbeLayer {
  LayerWeight layer;
  unsigned inputResult = 0, outputResult = 0;
  SmallVector<int64_t, 4> inputShape;
};

class CalibrationRun {
public:
  CalibrationRun(const CompileOptions &options, llvm::raw_ostream &diagnostics,
                 StringRef toolName)
      : options(options), diagnostics(diagnostics), toolName(toolName) {}

  LogicalResult run(ModuleOp module, StringRef statsPath, StringRef workDir);

private:
  LogicalResult fail(const Twine &message) {
    llvm::WithColor::error(diagnostics, toolName) << "calibration: " << message << "\n";
    return failure();
  }
  LogicalResult listFiles();
  /// Reads file `path` and checks it against the model input; `batches` is set to
  /// the number of model batches it holds.
  FailureOr<rt::HostTensor> readInput(StringRef path, int64_t &batches);
  LogicalResult buildProbe(ModuleOp probe);

  const CompileOptions &options;
  llvm::raw_ostream &diagnostics;
  StringRef toolName;
  std::vector<std::string> files;
  std::string inputName;
  SmallVector<int64_t, 4> inputShape;
  std::vector<ProbeLayer> layers;
  CalibrationStats stats;
};
} // namespace

LogicalResult CalibrationRun::listFiles() {
  StringRef path = options.calibrationPath;
  if (!llvm::sys::fs::exists(path))
    return fail("'" + path + "' does not exist");
  if (!llvm::sys::fs::is_directory(path)) {
    // Not a device or pipe: /dev/zero would be read without end.
    if (!llvm::sys::fs::is_regular_file(path))
      return fail("'" + path + "' is neither a regular file nor a folder");
    files.push_back(path.str());
    return success();
  }
  std::error_code ec;
  for (llvm::sys::fs::directory_iterator it(path, ec), end; it != end && !ec;
       it.increment(ec)) {
    StringRef name = it->path();
    if (!name.ends_with_insensitive(".npy") && !name.ends_with_insensitive(".pb"))
      continue;
    if (!llvm::sys::fs::is_regular_file(name))
      return fail("'" + name + "' in the folder '" + path + "' is not a regular file");
    files.push_back(name.str());
  }
  if (ec)
    return fail("cannot read the folder '" + path + "': " + ec.message());
  if (files.empty())
    return fail("the folder '" + path + "' holds no .npy or .pb file");
  llvm::sort(files);
  return success();
}

FailureOr<rt::HostTensor> CalibrationRun::readInput(StringRef path, int64_t &batches) {
  llvm::Expected<rt::HostTensor> tensor = rt::readTensorFile(path);
  if (!tensor) {
    (void)fail(llvm::toString(tensor.takeError()));
    return failure();
  }
  if (tensor->dtype != "float32") {
    (void)fail("'" + path + "' holds " + tensor->dtype + "; the model input '" + inputName +
               "' is float32");
    return failure();
  }
  ArrayRef<int64_t> shape = tensor->shape, model = inputShape;
  int64_t b = model[0];
  if (shape.size() != model.size() || shape.drop_front() != model.drop_front() ||
      shape[0] < 1 || shape[0] % b != 0) {
    SmallVector<int64_t> expected(model.begin(), model.end());
    (void)fail("'" + path + "' has shape " + rt::formatShape(shape) + "; the model input '" +
               inputName + "' is " + rt::formatShape(expected) +
               ": give N x " + rt::formatShape(model.drop_front()) +
               " with N a positive multiple of " + Twine(b));
    return failure();
  }
  // The statistics of a NaN or infinite input are NaN: every layer would stay
  // dense for a reason no message could name.
  for (uint64_t i = 0, n = tensor->numElements(); i < n; ++i) {
    float value;
    std::memcpy(&value, tensor->bytes.data() + i * sizeof(float), sizeof(float));
    if (!std::isfinite(value)) {
      (void)fail("'" + path + "' holds " + (std::isnan(value) ? "a NaN" : "an infinite") +
                 " value (element " + Twine(i) + "); calibration inputs must be finite");
      return failure();
    }
  }
  batches = shape[0] / b;
  return std::move(*tensor);
}

LogicalResult CalibrationRun::buildProbe(ModuleOp probe) {
  FailureOr<func::FuncOp> entry = findEntryFunction(probe, options.entry);
  if (failed(entry))
    return failure();
  FunctionType type = entry->getFunctionType();
  if (type.getNumInputs() != 1)
    return fail("calibration supports models with one input; '" + entry->getName() + "' has " +
                Twine(type.getNumInputs()));
  auto input = dyn_cast<RankedTensorType>(type.getInput(0));
  if (!input || !input.hasStaticShape() || !input.getElementType().isF32() ||
      input.getRank() < 1)
    return fail("calibration needs a statically shaped float32 model input");
  inputShape.assign(input.getShape().begin(), input.getShape().end());
  inputName = "input_0";
  if (auto names = (*entry)->getAttrOfType<ArrayAttr>("compress.input_names"))
    if (!names.empty())
      if (auto name = dyn_cast<StringAttr>(names[0]))
        inputName = name.str();

  // Candidate layers, in program order; their keys are those of the original module
  // (the probe is a clone, so the walk order is the same).
  llvm::DenseMap<Operation *, std::string> keys = calibrationLayerKeys(probe);
  const std::vector<std::string> &only = options.compression.lowrankLayers;
  auto &block = entry->getBody().front();
  auto ret = dyn_cast<func::ReturnOp>(block.getTerminator());
  if (!ret || entry->getBody().getBlocks().size() != 1)
    return fail("the entry function must have one block ending in func.return");
  SmallVector<Value> results(ret.getOperands().begin(), ret.getOperands().end());
  llvm::DenseMap<Value, unsigned> resultOf;
  auto addResult = [&](Value v) {
    auto [it, inserted] = resultOf.try_emplace(v, results.size());
    if (inserted)
      results.push_back(v);
    return it->second;
  };
  for (Operation *op : collectLayers(probe, only)) {
    std::string whyNot;
    FailureOr<LayerWeight> layer = matchLayerWeight(op, whyNot);
    if (failed(layer) || op->getParentOp() != entry->getOperation())
      continue;
    ProbeLayer probeLayer;
    probeLayer.inputShape.assign(
        cast<RankedTensorType>(layer->input.getType()).getShape().begin(),
        cast<RankedTensorType>(layer->input.getType()).getShape().end());
    probeLayer.inputResult = addResult(layer->input);
    probeLayer.outputResult = addResult(op->getResult(0));
    stats.layers.push_back(
        LayerCalibrationStats::forLayer(*layer, keys.lookup(op), options.calibrationMaxGramDim));
    layer->weight.clear(); // the geometry is what the run needs
    layer->weight.shrink_to_fit();
    probeLayer.layer = std::move(*layer);
    layers.push_back(std::move(probeLayer));
  }
  if (layers.empty())
    return fail("the model has no conv or matmul layer with a constant f32 weight to "
                "compress, so there is nothing to calibrate");

  // The probe's entry returns the activations too.
  unsigned original = ret.getNumOperands();
  OpBuilder builder(ret);
  func::ReturnOp::create(builder, ret.getLoc(), results);
  ret.erase();
  SmallVector<Type> resultTypes;
  for (Value v : results)
    resultTypes.push_back(v.getType());
  entry->setType(FunctionType::get(probe.getContext(), type.getInputs(), resultTypes));
  MLIRContext *ctx = probe.getContext();
  auto extend = [&](StringRef attr, function_ref<Attribute(unsigned)> make) {
    auto array = (*entry)->getAttrOfType<ArrayAttr>(attr);
    if (!array)
      return;
    SmallVector<Attribute> values(array.begin(), array.end());
    for (unsigned i = original; i < results.size(); ++i)
      values.push_back(make(i));
    (*entry)->setAttr(attr, ArrayAttr::get(ctx, values));
  };
  extend("compress.output_names", [&](unsigned i) {
    return StringAttr::get(ctx, "calibration_" + Twine(i));
  });
  extend("compress.output_dtypes", [&](unsigned) { return StringAttr::get(ctx, "float32"); });
  if (ArrayAttr resAttrs = entry->getResAttrsAttr()) {
    SmallVector<Attribute> values(resAttrs.begin(), resAttrs.end());
    values.resize(results.size(), DictionaryAttr::get(ctx));
    entry->setResAttrsAttr(ArrayAttr::get(ctx, values));
  }
  return success();
}

LogicalResult CalibrationRun::run(ModuleOp module, StringRef statsPath, StringRef workDir) {
  OwningOpRef<ModuleOp> probe = cast<ModuleOp>(module->clone());
  if (failed(buildProbe(*probe)) || failed(listFiles()))
    return failure();
  // Check every file before the probe is compiled: a bad file fails fast.
  int64_t totalBatches = 0;
  for (const std::string &file : files) {
    int64_t batches = 0;
    if (failed(readInput(file, batches)))
      return failure();
    totalBatches += batches;
  }

  // Compile the probe.
  auto join = [&](StringRef name) {
    llvm::SmallString<256> p(workDir);
    llvm::sys::path::append(p, name);
    return p.str().str();
  };
  std::string probePath = join("probe.mlir"), libPath = join("libprobe.so");
  {
    std::error_code ec;
    llvm::raw_fd_ostream os(probePath, ec);
    if (ec)
      return fail("cannot write '" + probePath + "': " + ec.message());
    probe->print(os);
  }
  probe = OwningOpRef<ModuleOp>();
  CompileOptions probeOptions;
  probeOptions.inputPath = probePath;
  probeOptions.inputFormat = InputFormat::MLIR;
  probeOptions.outputPath = libPath;
  probeOptions.headerPath = join("probe.h");
  probeOptions.entry = options.entry;
  probeOptions.codegen = options.codegen;
  probeOptions.codegen.parallelMinMacs = -1; // one thread: deterministic and simple
  probeOptions.compression.recognize = false;
  CompileResult probeResult;
  if (failed(compileModel(probeOptions, diagnostics, probeResult, toolName)))
    return fail("the probe of the uncompressed model did not compile");
  auto model = rt::CompiledModel::load(libPath, options.entry);
  if (!model)
    return fail(llvm::toString(model.takeError()));
  const rt::ModelInfo &info = (*model)->getInfo();

  // Buffers: the input, then every output.
  std::vector<std::vector<uint8_t>> outputs;
  for (const rt::TensorSpec &spec : info.outputs)
    outputs.emplace_back(spec.numElements * rt::getDtypeSize(spec.dtype));
  uint64_t batchBytes = info.inputs[0].numElements * sizeof(float);
  int64_t b = inputShape[0], done = 0;
  int64_t step = std::max<int64_t>(1, (totalBatches + 7) / 8);
  for (const std::string &file : files) {
    int64_t batches = 0;
    FailureOr<rt::HostTensor> tensor = readInput(file, batches);
    if (failed(tensor))
      return failure();
    for (int64_t k = 0; k < batches; ++k) {
      SmallVector<void *> buffers = {tensor->bytes.data() + k * batchBytes};
      for (auto &out : outputs)
        buffers.push_back(out.data());
      if (int32_t rc = (*model)->run(buffers))
        return fail("the probe failed on '" + file + "' (return code " + Twine(rc) + ")");
      for (auto [probeLayer, layerStats] : llvm::zip_equal(layers, stats.layers)) {
        const float *in = reinterpret_cast<const float *>(outputs[probeLayer.inputResult].data());
        const rt::TensorSpec &outSpec = info.outputs[probeLayer.outputResult];
        const float *out =
            reinterpret_cast<const float *>(outputs[probeLayer.outputResult].data());
        if (probeLayer.layer.isMatmul())
          accumulateMatmulInputs(layerStats, probeLayer.inputShape[1], in);
        else
          accumulateConvInputs(layerStats, probeLayer.layer, probeLayer.inputShape, in);
        accumulateOutputs(layerStats, int64_t(outSpec.numElements), out);
      }
      ++done;
      stats.samples += b;
      if (done % step == 0 || done == totalBatches)
        diagnostics << "calibration: " << done * b << "/" << totalBatches * b << " inputs\n";
    }
  }
  stats.maxGramDim = options.calibrationMaxGramDim;
  if (llvm::Error err = writeCalibrationStats(statsPath, stats))
    return fail(llvm::toString(std::move(err)));
  return success();
}

LogicalResult mlir::compress::runCalibration(ModuleOp module, const CompileOptions &options,
                                             StringRef statsPath, StringRef workDir,
                                             llvm::raw_ostream &diagnostics,
                                             StringRef toolName) {
  CalibrationRun run(options, diagnostics, toolName);
  return run.run(module, statsPath, workDir);
}
