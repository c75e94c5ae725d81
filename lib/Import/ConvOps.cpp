//===- ConvOps.cpp - Conv, BatchNormalization, pooling ---------------------===//
//
// Convolutions and pools run in NHWC. Weights are reordered at import time:
// OHWI for tosa.conv2d, [kh,kw,C,M/C] for tosa.depthwise_conv2d (group == C),
// and one conv2d per group (tosa.slice of the input channels, tosa.concat of the
// results) for other group counts. Weights and biases that are not constants
// (graph inputs) get the same reordering at run time (tosa.transpose/reshape).
//
// ONNX floors the output size; TOSA requires the padded extent minus the
// effective kernel to be an exact multiple of the stride. The rows/columns a
// floor drops are never read, so the end padding is reduced by the remainder,
// and when there is not enough end padding to remove the input itself is
// cropped: both are exact.
//
#include "GraphImporter.h"

#include "mlir/Dialect/Tosa/IR/TosaOps.h"

#include <cmath>

using namespace mlir;
using namespace mlir::compress::onnx_import;

namespace {
/// One spatial dimension of a conv/pool window after TOSA adjustment.
struct Window {
  int64_t padBegin = 0, padEnd = 0;
  /// Trailing input rows/columns dropped before the op (never read by ONNX).
  int64_t crop = 0;
  int64_t out = 0;
};

struct SpatialParams {
  int64_t kernel[2];
  int64_t stride[2] = {1, 1};
  int64_t dilation[2] = {1, 1};
  Window win[2];
  llvm::SmallVector<int64_t> tosaPad() const {
    return {win[0].padBegin, win[0].padEnd, win[1].padBegin, win[1].padEnd};
  }
  bool anyPad() const {
    return win[0].padBegin || win[0].padEnd || win[1].padBegin || win[1].padEnd;
  }
};

/// Reads strides/dilations/pads/auto_pad of a 2-D conv or pool with input
/// spatial sizes `inHW` and kernel `kernel`, and adjusts pads for TOSA.
FailureOr<SpatialParams> spatialParams(GraphImporter &im, const onnx::NodeProto &node,
                                       llvm::ArrayRef<int64_t> inHW,
                                       llvm::ArrayRef<int64_t> kernel, bool allowDilation,
                                       bool ceilMode, bool isPool) {
  SpatialParams p;
  p.kernel[0] = kernel[0];
  p.kernel[1] = kernel[1];
  auto bad = [&]() { return im.opError(node); };
  if (auto s = im.intsAttr(node, "strides")) {
    if (s->size() != 2 || (*s)[0] <= 0 || (*s)[1] <= 0) {
      bad() << "strides must be 2 positive values, got " << shapeStr(*s);
      return failure();
    }
    p.stride[0] = (*s)[0];
    p.stride[1] = (*s)[1];
  }
  if (auto d = im.intsAttr(node, "dilations")) {
    if (d->size() != 2 || (*d)[0] <= 0 || (*d)[1] <= 0) {
      bad() << "dilations must be 2 positive values, got " << shapeStr(*d);
      return failure();
    }
    if (!allowDilation && ((*d)[0] != 1 || (*d)[1] != 1)) {
      bad() << "dilations " << shapeStr(*d) << " are not supported (only 1)";
      return failure();
    }
    p.dilation[0] = (*d)[0];
    p.dilation[1] = (*d)[1];
  }
  int64_t pads[4] = {0, 0, 0, 0}; // ONNX order: h_begin, w_begin, h_end, w_end
  std::string autoPad = im.stringAttr(node, "auto_pad", "NOTSET");
  if (autoPad == "NOTSET") {
    if (auto ps = im.intsAttr(node, "pads")) {
      if (ps->size() != 4) {
        bad() << "pads must have 4 values for a 2-D " << node.op_type() << ", got "
              << shapeStr(*ps);
        return failure();
      }
      for (int k = 0; k < 4; ++k) {
        if ((*ps)[k] < 0) {
          bad() << "pads must be non-negative, got " << shapeStr(*ps);
          return failure();
        }
        pads[k] = (*ps)[k];
      }
    }
  } else if (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") {
    for (int d = 0; d < 2; ++d) {
      int64_t eff = (kernel[d] - 1) * p.dilation[d] + 1;
      int64_t out = (inHW[d] + p.stride[d] - 1) / p.stride[d];
      int64_t total = std::max<int64_t>(0, (out - 1) * p.stride[d] + eff - inHW[d]);
      int64_t small = total / 2, large = total - small;
      pads[d] = autoPad == "SAME_UPPER" ? small : large;
      pads[d + 2] = autoPad == "SAME_UPPER" ? large : small;
    }
  } else if (autoPad != "VALID") {
    bad() << "unknown auto_pad '" << autoPad << "'";
    return failure();
  }

  for (int d = 0; d < 2; ++d) {
    Window &w = p.win[d];
    w.padBegin = pads[d];
    w.padEnd = pads[d + 2];
    if (isPool && (w.padBegin >= kernel[d] || w.padEnd >= kernel[d])) {
      bad() << "pads " << shapeStr({pads[0], pads[1], pads[2], pads[3]})
            << " must be smaller than the kernel " << shapeStr(kernel);
      return failure();
    }
    int64_t eff = (kernel[d] - 1) * p.dilation[d] + 1;
    int64_t span = inHW[d] + w.padBegin + w.padEnd - eff;
    if (span < 0) {
      bad() << "the " << (d == 0 ? "height" : "width") << " window (" << eff
            << " with dilation) is larger than the padded input (" << inHW[d] + w.padBegin + w.padEnd
            << ")";
      return failure();
    }
    int64_t rem = span % p.stride[d];
    w.out = span / p.stride[d] + 1;
    if (ceilMode && rem) {
      // One more window, unless it would start in the end padding.
      if (w.out * p.stride[d] < inHW[d] + w.padBegin) {
        w.padEnd += p.stride[d] - rem;
        w.out += 1;
        rem = 0;
        if (isPool && w.padEnd >= kernel[d]) {
          bad() << "ceil_mode needs more end padding than the kernel allows";
          return failure();
        }
      }
    }
    if (rem <= w.padEnd) {
      w.padEnd -= rem;
    } else {
      w.crop = rem - w.padEnd;
      w.padEnd = 0;
    }
  }
  return p;
}

/// Crops the trailing rows/columns the window never reads (NHWC input).
Value cropInput(GraphImporter &im, Value x, const SpatialParams &p) {
  if (!p.win[0].crop && !p.win[1].crop)
    return x;
  auto s = cast<RankedTensorType>(x.getType()).getShape();
  return im.slice(x, {0, 0, 0, 0}, {s[0], s[1] - p.win[0].crop, s[2] - p.win[1].crop, s[3]});
}

/// BatchNormalization's per-channel scale gamma / sqrt(var + eps) and shift
/// beta - mean * scale, from its parameters (gamma, beta, mean, var).
void batchNormScaleShift(const ConstTensor *const p[4], float eps, int64_t channels,
                         std::vector<float> &scale, std::vector<float> &shift) {
  scale.resize(channels);
  shift.resize(channels);
  for (int64_t c = 0; c < channels; ++c) {
    float s = p[0]->f[c] / std::sqrt(p[3]->f[c] + eps);
    scale[c] = s;
    shift[c] = p[1]->f[c] - p[2]->f[c] * s;
  }
}
} // namespace

LogicalResult GraphImporter::importConv(const onnx::NodeProto &node) {
  TensorInfo *x = input(node, 0);
  if (!x)
    return failure();
  TensorInfo *wInfo = input(node, 1);
  if (!wInfo)
    return failure();
  auto bad = [&]() { return opError(node); };
  if (x->shape.size() != 4) {
    bad() << "only 2-D convolution (4-D input) is supported, got input shape "
          << shapeStr(x->shape);
    return failure();
  }
  // A weight that is a graph input (or computed) is reordered at run time with
  // tosa.transpose; compression passes skip such non-constant weights.
  const ConstTensor *w = wInfo->value ? nullptr : wInfo->constant.get();
  if (wInfo->shape.size() != 4 || (w && !w->isFloat)) {
    bad() << "weight must be a 4-D float tensor, got shape " << shapeStr(wInfo->shape);
    return failure();
  }
  int64_t n = x->shape[0], c = x->shape[1], h = x->shape[2], wd = x->shape[3];
  llvm::ArrayRef<int64_t> wShape = wInfo->shape;
  int64_t m = wShape[0], cg = wShape[1], kh = wShape[2], kw = wShape[3];
  if (llvm::is_contained(wShape, 0)) {
    bad() << "weight shape " << shapeStr(wShape) << " has a zero dimension";
    return failure();
  }
  int64_t group = intAttr(node, "group", 1);
  if (group < 1 || c % group != 0 || m % group != 0 || cg != c / group) {
    bad() << "weight shape " << shapeStr(wShape) << " does not match " << c
          << " input channels with group " << group;
    return failure();
  }
  if (auto ks = intsAttr(node, "kernel_shape")) {
    if (ks->size() != 2 || (*ks)[0] != kh || (*ks)[1] != kw) {
      bad() << "kernel_shape " << shapeStr(*ks) << " disagrees with weight shape "
            << shapeStr(wShape);
      return failure();
    }
  }
  std::vector<float> bias(m, 0.0f);
  TensorInfo *bInfo = nullptr; // runtime bias
  if (hasInput(node, 2)) {
    TensorInfo *b = input(node, 2);
    if (!b)
      return failure();
    int64_t count = 1;
    for (int64_t d : b->shape)
      count *= d;
    if ((!b->value && b->constant && !b->constant->isFloat) || count != m) {
      bad() << "bias shape " << shapeStr(b->shape) << " does not match " << m
            << " output channels";
      return failure();
    }
    if (b->value || !b->constant)
      bInfo = b;
    else
      bias = b->constant->f;
  }
  auto p = spatialParams(*this, node, {h, wd}, {kh, kw}, /*allowDilation=*/true,
                         /*ceilMode=*/false, /*isPool=*/false);
  if (failed(p))
    return failure();

  auto in = asNHWC(node, *x);
  if (failed(in))
    return failure();
  Value xv = cropInput(*this, *in, *p);
  Value wRuntime, bRuntime;
  if (!w) {
    auto wv = asONNX(node, *wInfo);
    if (failed(wv))
      return failure();
    wRuntime = *wv;
  }
  if (bInfo) {
    auto bv = asONNX(node, *bInfo);
    if (failed(bv))
      return failure();
    bRuntime = reshape(*bv, {m});
  }
  int64_t ho = p->win[0].out, wo = p->win[1].out;
  llvm::SmallVector<int64_t> pad = p->tosaPad();
  llvm::ArrayRef<int64_t> stride(p->stride), dilation(p->dilation);
  // Output channels [first, first + count) of the weight as OHWI, and of the bias.
  auto ohwiWeight = [&](int64_t first, int64_t count) -> Value {
    if (wRuntime)
      return transpose(slice(wRuntime, {first, 0, 0, 0}, {count, cg, kh, kw}), {0, 2, 3, 1});
    int64_t per = cg * kh * kw;
    ConstTensor part = ConstTensor::floats(
        {count, cg, kh, kw},
        std::vector<float>(w->f.begin() + first * per, w->f.begin() + (first + count) * per));
    ConstTensor ohwi = permuteConst(part, {0, 2, 3, 1});
    return materialize(ohwi, ohwi.shape);
  };
  auto biasPart = [&](int64_t first, int64_t count) -> Value {
    if (bRuntime)
      return slice(bRuntime, {first}, {count});
    return constF32({count}, llvm::ArrayRef<float>(bias).slice(first, count));
  };
  Value result;
  if (group == 1) {
    result = markLayer(node, tosa::Conv2DOp::create(builder, loc, tensorType({n, ho, wo, m}), xv,
                                                    ohwiWeight(0, m), biasPart(0, m),
                                                    zeroPointF32(), zeroPointF32(), pad, stride,
                                                    dilation, f32()));
  } else if (group == c) {
    // Output channel o = c * multiplier + j reads input channel c.
    int64_t mult = m / c;
    Value hwcmV;
    if (wRuntime) {
      hwcmV = transpose(reshape(wRuntime, {c, mult, kh, kw}), {2, 3, 0, 1});
    } else {
      ConstTensor hwcm = permuteConst(ConstTensor::floats({c, mult, kh, kw}, w->f), {2, 3, 0, 1});
      hwcmV = materialize(hwcm, hwcm.shape);
    }
    result = markLayer(node, tosa::DepthwiseConv2DOp::create(
                                 builder, loc, tensorType({n, ho, wo, m}), xv, hwcmV,
                                 biasPart(0, m), zeroPointF32(), zeroPointF32(), pad, stride,
                                 dilation, f32()));
  } else {
    auto xs = cast<RankedTensorType>(xv.getType()).getShape();
    int64_t mg = m / group;
    llvm::SmallVector<Value> parts;
    for (int64_t g = 0; g < group; ++g) {
      Value xg = slice(xv, {0, 0, 0, g * cg}, {xs[0], xs[1], xs[2], cg});
      parts.push_back(markLayer(
          node, tosa::Conv2DOp::create(builder, loc, tensorType({n, ho, wo, mg}), xg,
                                       ohwiWeight(g * mg, mg), biasPart(g * mg, mg),
                                       zeroPointF32(), zeroPointF32(), pad, stride, dilation,
                                       f32())));
    }
    result = tosa::ConcatOp::create(builder, loc, tensorType({n, ho, wo, m}), parts,
                                    builder.getI32IntegerAttr(3));
  }
  TensorInfo info;
  info.shape = {n, m, ho, wo};
  info.value = result;
  info.nhwc = true;
  setOutput(node, 0, std::move(info));
  return success();
}

LogicalResult GraphImporter::importBatchNormalization(const onnx::NodeProto &node) {
  TensorInfo *x = input(node, 0);
  if (!x)
    return failure();
  if (intAttr(node, "training_mode", 0) != 0) {
    nodeError(node) << "BatchNormalization node '" << nodeName(node)
                    << "': training_mode is not supported";
    return failure();
  }
  for (int k = 1; k < node.output_size(); ++k)
    if (failed(checkUnusedOutput(node, k, "running mean/variance")))
      return failure();
  if (x->shape.size() < 2) {
    nodeError(node) << "BatchNormalization node '" << nodeName(node)
                    << "' needs an input of rank >= 2, got " << shapeStr(x->shape);
    return failure();
  }
  int64_t channels = x->shape[1];
  const ConstTensor *params[4];
  for (int k = 1; k <= 4; ++k) {
    const ConstTensor *t = params[k - 1] = constInput(node, k, "parameter");
    if (!t)
      return failure();
    if (!t->isFloat || t->numElements() != channels) {
      nodeError(node) << "BatchNormalization node '" << nodeName(node) << "': parameter '"
                      << node.input(k) << "' has shape " << shapeStr(t->shape) << ", expected ["
                      << channels << "]";
      return failure();
    }
  }
  std::vector<float> scale, shift;
  batchNormScaleShift(params, floatAttr(node, "epsilon", 1e-5f), channels, scale, shift);
  bool nhwc;
  auto v = asIs(node, *x, nhwc);
  if (failed(v))
    return failure();
  llvm::SmallVector<int64_t> paramShape(x->shape.size(), 1);
  paramShape[nhwc ? 3 : 1] = channels;
  auto shape = cast<RankedTensorType>(v->getType()).getShape();
  Value scaled = mul(*v, constF32(paramShape, scale), shape);
  Value y = tosa::AddOp::create(builder, loc, tensorType(shape), scaled,
                                constF32(paramShape, shift));
  TensorInfo info;
  info.shape = x->shape;
  info.value = y;
  info.nhwc = nhwc;
  setOutput(node, 0, std::move(info));
  return success();
}

namespace {
/// Shared by MaxPool and AveragePool: input, kernel and window parameters.
struct PoolSetup {
  TensorInfo *x = nullptr;
  SpatialParams p;
  llvm::SmallVector<int64_t> kernel;
};

FailureOr<PoolSetup> poolSetup(GraphImporter &im, const onnx::NodeProto &node,
                               bool allowCeil) {
  PoolSetup s;
  s.x = im.input(node, 0);
  if (!s.x)
    return failure();
  auto bad = [&]() { return im.opError(node); };
  if (s.x->shape.size() != 4) {
    bad() << "only 2-D pooling (4-D input) is supported, got input shape "
          << shapeStr(s.x->shape);
    return failure();
  }
  auto ks = im.intsAttr(node, "kernel_shape");
  if (!ks || ks->size() != 2 || (*ks)[0] <= 0 || (*ks)[1] <= 0) {
    bad() << "kernel_shape must be 2 positive values"
          << (ks ? ", got " + shapeStr(*ks) : std::string(", but it is missing"));
    return failure();
  }
  s.kernel = *ks;
  int64_t ceil = im.intAttr(node, "ceil_mode", 0);
  if (ceil && !allowCeil) {
    bad() << "ceil_mode with count_include_pad is not supported";
    return failure();
  }
  auto p = spatialParams(im, node, {s.x->shape[2], s.x->shape[3]}, s.kernel,
                         /*allowDilation=*/false, ceil != 0, /*isPool=*/true);
  if (failed(p))
    return failure();
  s.p = *p;
  return s;
}
} // namespace

LogicalResult GraphImporter::importMaxPool(const onnx::NodeProto &node) {
  if (failed(checkUnusedOutput(node, 1, "Indices")))
    return failure();
  auto s = poolSetup(*this, node, /*allowCeil=*/true);
  if (failed(s))
    return failure();
  auto in = asNHWC(node, *s->x);
  if (failed(in))
    return failure();
  Value xv = cropInput(*this, *in, s->p);
  const auto &shape = s->x->shape;
  int64_t ho = s->p.win[0].out, wo = s->p.win[1].out;
  Value y = tosa::MaxPool2dOp::create(builder, loc, tensorType({shape[0], ho, wo, shape[1]}), xv,
                                      s->kernel, llvm::ArrayRef<int64_t>(s->p.stride),
                                      s->p.tosaPad());
  TensorInfo info;
  info.shape = {shape[0], shape[1], ho, wo};
  info.value = y;
  info.nhwc = true;
  setOutput(node, 0, std::move(info));
  return success();
}

LogicalResult GraphImporter::importAveragePool(const onnx::NodeProto &node) {
  bool countPad = intAttr(node, "count_include_pad", 0) != 0;
  auto s = poolSetup(*this, node, /*allowCeil=*/!countPad);
  if (failed(s))
    return failure();
  auto in = asNHWC(node, *s->x);
  if (failed(in))
    return failure();
  Value xv = cropInput(*this, *in, s->p);
  const auto &shape = s->x->shape;
  int64_t ho = s->p.win[0].out, wo = s->p.win[1].out;
  llvm::SmallVector<int64_t> outShape = {shape[0], ho, wo, shape[1]};
  Value y = tosa::AvgPool2dOp::create(builder, loc, tensorType(outShape), xv, zeroPointF32(),
                                      zeroPointF32(), s->kernel,
                                      llvm::ArrayRef<int64_t>(s->p.stride), s->p.tosaPad(), f32());
  if (countPad && s->p.anyPad()) {
    // TOSA divides by the taps inside the input; ONNX count_include_pad divides
    // by the whole kernel. Rescale each output by valid taps / kernel taps.
    auto validTaps = [&](int d, int64_t o) {
      int64_t begin = o * s->p.stride[d] - s->p.win[d].padBegin;
      int64_t in = shape[2 + d] - s->p.win[d].crop;
      return std::min(begin + s->kernel[d], in) - std::max<int64_t>(begin, 0);
    };
    std::vector<float> factor;
    for (int64_t oh = 0; oh < ho; ++oh)
      for (int64_t ow = 0; ow < wo; ++ow)
        factor.push_back(float(validTaps(0, oh) * validTaps(1, ow)) /
                         float(s->kernel[0] * s->kernel[1]));
    y = mul(y, constF32({1, ho, wo, 1}, factor), outShape);
  }
  TensorInfo info;
  info.shape = {shape[0], shape[1], ho, wo};
  info.value = y;
  info.nhwc = true;
  setOutput(node, 0, std::move(info));
  return success();
}

LogicalResult GraphImporter::importGlobalAveragePool(const onnx::NodeProto &node) {
  TensorInfo *x = input(node, 0);
  if (!x)
    return failure();
  if (x->shape.size() != 4) {
    nodeError(node) << "GlobalAveragePool node '" << nodeName(node)
                    << "': only 4-D inputs are supported, got " << shapeStr(x->shape);
    return failure();
  }
  auto in = asNHWC(node, *x);
  if (failed(in))
    return failure();
  const auto &shape = x->shape;
  Value y = tosa::AvgPool2dOp::create(
      builder, loc, tensorType({shape[0], 1, 1, shape[1]}), *in, zeroPointF32(), zeroPointF32(),
      llvm::ArrayRef<int64_t>{shape[2], shape[3]}, llvm::ArrayRef<int64_t>{1, 1},
      llvm::ArrayRef<int64_t>{0, 0, 0, 0}, f32());
  TensorInfo info;
  info.shape = {shape[0], shape[1], 1, 1};
  info.value = y;
  info.nhwc = true;
  setOutput(node, 0, std::move(info));
  return success();
}
