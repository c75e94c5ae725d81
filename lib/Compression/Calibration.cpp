//===- Calibration.cpp - per-layer statistics of calibration inputs ---------===//
#include "compress/Compression/Calibration.h"
#include "compress/Compression/LayerCompression.h"
#include "compress/Runtime/TensorFile.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <Eigen/Dense>

#include <cstring>

using namespace mlir;
using namespace mlir::compress;
namespace rt = ::compress::runtime;

namespace {
using RowMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
/// Input vectors gathered per group before one H += XᵀX (a GEMM rather than a
/// rank-1 update per vector); the order of the sums is fixed, so the result is
/// deterministic.
constexpr int64_t kVectorBlock = 256;

/// Adds the first `count` rows of `block` [count, dim] to the group's H.
void addBlock(LayerCalibrationStats &stats, int64_t group, const RowMatrix &block,
              int64_t count) {
  if (count == 0)
    return;
  int64_t d = stats.dim;
  if (stats.diagonal) {
    double *h = stats.gram.data() + group * d;
    for (int64_t v = 0; v < count; ++v)
      for (int64_t k = 0; k < d; ++k)
        h[k] += block(v, k) * block(v, k);
    return;
  }
  Eigen::Map<RowMatrix> h(stats.gram.data() + group * d * d, d, d);
  auto rows = block.topRows(count);
  h.noalias() += rows.transpose() * rows;
}
} // namespace

LayerCalibrationStats LayerCalibrationStats::forLayer(const LayerWeight &layer, StringRef key,
                                                      int64_t maxGramDim) {
  LayerCalibrationStats stats;
  stats.key = key.str();
  stats.name = layer.name;
  stats.kind = layer.kind == LayerKind::Conv2D            ? "conv2d"
               : layer.kind == LayerKind::DepthwiseConv2D ? "depthwise_conv2d"
                                                          : "matmul";
  stats.groups = layer.groups;
  stats.dim = layer.rowSize;
  stats.diagonal = stats.dim > maxGramDim;
  stats.gram.assign(stats.groups * (stats.diagonal ? stats.dim : stats.dim * stats.dim), 0.0);
  stats.outChannels = layer.rows;
  stats.outSum.assign(layer.rows, 0.0);
  stats.outSumSq.assign(layer.rows, 0.0);
  return stats;
}

std::vector<double> LayerCalibrationStats::outputMean() const {
  if (outSum.empty())
    return outMean;
  std::vector<double> mean(outChannels, 0.0);
  if (outPositions > 0)
    for (int64_t c = 0; c < outChannels; ++c)
      mean[c] = outSum[c] / double(outPositions);
  return mean;
}

std::vector<double> LayerCalibrationStats::outputVariance() const {
  if (outSum.empty())
    return outVar;
  std::vector<double> var(outChannels, 0.0);
  if (outPositions > 0)
    for (int64_t c = 0; c < outChannels; ++c) {
      double mean = outSum[c] / double(outPositions);
      var[c] = std::max(0.0, outSumSq[c] / double(outPositions) - mean * mean);
    }
  return var;
}

const LayerCalibrationStats *CalibrationStats::lookup(StringRef key) const {
  for (const LayerCalibrationStats &layer : layers)
    if (layer.key == key)
      return &layer;
  return nullptr;
}

llvm::DenseMap<Operation *, std::string> mlir::compress::calibrationLayerKeys(Operation *root) {
  SmallVector<Operation *> ops = collectLayers(root);
  llvm::StringMap<int64_t> count;
  for (Operation *op : ops)
    ++count[layerName(op)];
  llvm::StringMap<int64_t> seen;
  llvm::DenseMap<Operation *, std::string> keys;
  for (Operation *op : ops) {
    std::string name = layerName(op);
    if (!name.empty() && count[name] == 1)
      keys[op] = name;
    else
      keys[op] = name + "#" + std::to_string(seen[name]++);
  }
  return keys;
}

void mlir::compress::accumulateConvInputs(LayerCalibrationStats &stats, const LayerWeight &layer,
                                          ArrayRef<int64_t> inputShape, const float *input) {
  int64_t n = inputShape[0], h = inputShape[1], w = inputShape[2], c = inputShape[3];
  ArrayRef<int64_t> out = layer.resultType.getShape();
  int64_t oh = out[1], ow = out[2];
  int64_t kh = layer.kernelH(), kw = layer.kernelW(), cg = layer.weightShape[3];
  int64_t sh = layer.stride[0], sw = layer.stride[1];
  int64_t padTop = layer.pad[0], padLeft = layer.pad[2];
  int64_t dh = layer.dilation[0], dw = layer.dilation[1];
  int64_t d = stats.dim;
  RowMatrix block(kVectorBlock, d);
  for (int64_t g = 0; g < stats.groups; ++g) {
    int64_t filled = 0;
    for (int64_t b = 0; b < n; ++b)
      for (int64_t y = 0; y < oh; ++y)
        for (int64_t x = 0; x < ow; ++x) {
          double *row = &block(filled, 0);
          for (int64_t i = 0; i < kh; ++i) {
            int64_t iy = y * sh - padTop + i * dh;
            for (int64_t j = 0; j < kw; ++j) {
              int64_t ix = x * sw - padLeft + j * dw;
              double *tap = row + (i * kw + j) * cg;
              if (iy < 0 || iy >= h || ix < 0 || ix >= w) {
                std::fill(tap, tap + cg, 0.0);
                continue;
              }
              const float *src = input + ((b * h + iy) * w + ix) * c + g * cg;
              for (int64_t k = 0; k < cg; ++k)
                tap[k] = src[k];
            }
          }
          if (++filled == kVectorBlock) {
            addBlock(stats, g, block, filled);
            filled = 0;
          }
        }
    addBlock(stats, g, block, filled);
  }
  stats.vectors += n * oh * ow;
}

void mlir::compress::accumulateMatmulInputs(LayerCalibrationStats &stats, int64_t m,
                                            const float *a) {
  int64_t d = stats.dim;
  RowMatrix block(kVectorBlock, d);
  int64_t filled = 0;
  for (int64_t r = 0; r < m; ++r) {
    for (int64_t k = 0; k < d; ++k)
      block(filled, k) = a[r * d + k];
    if (++filled == kVectorBlock) {
      addBlock(stats, 0, block, filled);
      filled = 0;
    }
  }
  addBlock(stats, 0, block, filled);
  stats.vectors += m;
}

void mlir::compress::accumulateOutputs(LayerCalibrationStats &stats, int64_t numElements,
                                       const float *y) {
  int64_t f = stats.outChannels;
  for (int64_t i = 0; i < numElements; ++i) {
    double v = y[i];
    stats.outSum[i % f] += v;
    stats.outSumSq[i % f] += v * v;
  }
  stats.outPositions += numElements / f;
}

//===----------------------------------------------------------------------===//
// The folder format
//===----------------------------------------------------------------------===//

static llvm::Error writeDoubles(StringRef path, std::vector<int64_t> shape,
                                ArrayRef<double> values) {
  rt::HostTensor tensor;
  tensor.dtype = "float64";
  tensor.shape = std::move(shape);
  tensor.bytes.resize(values.size() * sizeof(double));
  if (!values.empty())
    std::memcpy(tensor.bytes.data(), values.data(), tensor.bytes.size());
  return rt::writeNpyFile(path, tensor);
}

llvm::Error mlir::compress::writeCalibrationStats(StringRef path, const CalibrationStats &stats) {
  if (std::error_code ec = llvm::sys::fs::create_directories(path))
    return llvm::createStringError(ec, "cannot create the calibration statistics folder '%s': %s",
                                   path.str().c_str(), ec.message().c_str());
  llvm::json::Array layers;
  for (auto [i, layer] : llvm::enumerate(stats.layers)) {
    std::string gram = llvm::formatv("{0}.gram.npy", i).str();
    std::string mean = llvm::formatv("{0}.out_mean.npy", i).str();
    std::string var = llvm::formatv("{0}.out_var.npy", i).str();
    auto file = [&](StringRef name) {
      llvm::SmallString<256> p(path);
      llvm::sys::path::append(p, name);
      return p.str().str();
    };
    std::vector<int64_t> gramShape = {layer.groups, layer.dim};
    if (!layer.diagonal)
      gramShape.push_back(layer.dim);
    if (llvm::Error err = writeDoubles(file(gram), gramShape, layer.gram))
      return err;
    if (llvm::Error err = writeDoubles(file(mean), {layer.outChannels}, layer.outputMean()))
      return err;
    if (llvm::Error err = writeDoubles(file(var), {layer.outChannels}, layer.outputVariance()))
      return err;
    layers.push_back(llvm::json::Object{
        {"key", layer.key},          {"name", layer.name},
        {"kind", layer.kind},        {"groups", layer.groups},
        {"dim", layer.dim},          {"diagonal", layer.diagonal},
        {"vectors", layer.vectors},  {"gram", gram},
        {"out_channels", layer.outChannels},
        {"out_positions", layer.outPositions},
        {"out_mean", mean},          {"out_var", var}});
  }
  llvm::json::Object index{{"format", "compress-calibration-stats"},
                           {"version", 1},
                           {"samples", stats.samples},
                           {"max_gram_dim", stats.maxGramDim},
                           {"layers", std::move(layers)}};
  llvm::SmallString<256> indexPath(path);
  llvm::sys::path::append(indexPath, "index.json");
  return llvm::writeToOutput(indexPath, [&](llvm::raw_ostream &os) {
    os << llvm::formatv("{0:2}", llvm::json::Value(std::move(index))) << "\n";
    return llvm::Error::success();
  });
}

llvm::Expected<CalibrationStats> mlir::compress::readCalibrationStats(StringRef path) {
  llvm::SmallString<256> indexPath(path);
  llvm::sys::path::append(indexPath, "index.json");
  auto fail = [&](const llvm::Twine &why) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(), "%s",
                                   ("calibration statistics '" + indexPath + "': " + why)
                                       .str()
                                       .c_str());
  };
  auto buffer = llvm::MemoryBuffer::getFile(indexPath, /*IsText=*/true);
  if (!buffer)
    return fail(buffer.getError().message());
  llvm::Expected<llvm::json::Value> json = llvm::json::parse((*buffer)->getBuffer());
  if (!json)
    return fail(llvm::toString(json.takeError()));
  const llvm::json::Object *root = json->getAsObject();
  if (!root || root->getString("format") != "compress-calibration-stats" ||
      root->getInteger("version") != 1)
    return fail("not a compress-calibration-stats index of version 1");
  CalibrationStats stats;
  stats.samples = root->getInteger("samples").value_or(0);
  stats.maxGramDim = root->getInteger("max_gram_dim").value_or(kDefaultMaxGramDim);
  const llvm::json::Array *layers = root->getArray("layers");
  if (!layers)
    return fail("no 'layers' array");
  for (auto [i, value] : llvm::enumerate(*layers)) {
    const llvm::json::Object *o = value.getAsObject();
    std::string where = llvm::formatv("layer {0}", i).str();
    if (!o)
      return fail(where + " is not an object");
    LayerCalibrationStats layer;
    auto str = [&](StringRef key, std::string &out) {
      std::optional<StringRef> v = o->getString(key);
      if (v)
        out = v->str();
      return bool(v);
    };
    auto integer = [&](StringRef key, int64_t &out) {
      std::optional<int64_t> v = o->getInteger(key);
      if (v)
        out = *v;
      return v && *v >= 0;
    };
    std::string gram, mean, var;
    std::optional<bool> diagonal = o->getBoolean("diagonal");
    if (!str("key", layer.key) || !str("name", layer.name) || !str("kind", layer.kind) ||
        !integer("groups", layer.groups) || !integer("dim", layer.dim) || !diagonal ||
        !integer("vectors", layer.vectors) || !str("gram", gram) ||
        !integer("out_channels", layer.outChannels) ||
        !integer("out_positions", layer.outPositions) || !str("out_mean", mean) ||
        !str("out_var", var))
      return fail(where + ": a field is missing or has the wrong type");
    layer.diagonal = *diagonal;
    auto read = [&](StringRef name, std::vector<int64_t> shape,
                    std::vector<double> &out) -> llvm::Error {
      llvm::SmallString<256> p(path);
      llvm::sys::path::append(p, name);
      llvm::Expected<rt::HostTensor> t = rt::readNpyFile(p);
      if (!t)
        return t.takeError();
      if (t->dtype != "float64" || t->shape != shape)
        return fail("'" + p + "' is " + t->dtype + " " +
                    rt::formatShape(t->shape) + ", expected float64 " +
                    rt::formatShape(shape));
      out.resize(t->numElements());
      std::memcpy(out.data(), t->bytes.data(), t->bytes.size());
      return llvm::Error::success();
    };
    std::vector<int64_t> gramShape = {layer.groups, layer.dim};
    if (!layer.diagonal)
      gramShape.push_back(layer.dim);
    if (llvm::Error err = read(gram, gramShape, layer.gram))
      return std::move(err);
    if (llvm::Error err = read(mean, {layer.outChannels}, layer.outMean))
      return std::move(err);
    if (llvm::Error err = read(var, {layer.outChannels}, layer.outVar))
      return std::move(err);
    stats.layers.push_back(std::move(layer));
  }
  return stats;
}
