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
// cropped: both are exact. A conv whose windows all lie in the begin padding
// (its pads may exceed its kernel) reads no input: its output is the bias.
//
// 1-D convs and pools ([N,C,L] inputs) run as 2-D ones with H = 1 ([N,C,1,L]).
// Pools with dilations (which TOSA pools lack) pad the input explicitly (lowest
// float for MaxPool, 0 for AveragePool) and use linalg.pooling_nhwc_max/sum.
//
#include "GraphImporter.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"

#include <cmath>
#include <limits>

using namespace mlir;
using namespace mlir::compress::onnx_import;

namespace {
/// One spatial dimension of a conv/pool window after TOSA adjustment.
struct Window {
  int64_t padBegin = 0, padEnd = 0;
  /// Trailing input rows/columns dropped before the op (never read by ONNX).
  int64_t crop = 0;
  int64_t out = 0;
  /// The ONNX end padding (before the ceil_mode and floor adjustments): the
  /// padded extent [-padBegin, in + onnxPadEnd) that count_include_pad counts.
  int64_t onnxPadEnd = 0;
  /// No window reads the input: every window lies wholly in the padding (a
  /// conv's output is then its bias alone).
  bool unused = false;
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
  bool dilated() const { return dilation[0] != 1 || dilation[1] != 1; }
  bool inputUnused() const { return win[0].unused || win[1].unused; }
};

/// Reads strides/dilations/pads/auto_pad of a conv or pool with input spatial
/// sizes `inHW` and kernel `kernel` (2-D: [H,W]; a 1-D node, `spatialRank` 1,
/// is passed as H = 1 and its attributes, of one value each (pads two), apply to
/// W), and adjusts pads for TOSA: the padded extent the windows read is exactly
/// (out - 1) * stride + effective kernel, the input cropped where the end
/// padding is not enough (ONNX spec, Conv/MaxPool/AveragePool "pads",
/// "auto_pad", "ceil_mode": a ceil_mode window must start inside the input or
/// the begin padding).
FailureOr<SpatialParams> spatialParams(GraphImporter &im, const onnx::NodeProto &node,
                                       llvm::ArrayRef<int64_t> inHW,
                                       llvm::ArrayRef<int64_t> kernel, bool ceilMode,
                                       bool isPool, int spatialRank) {
  SpatialParams p;
  p.kernel[0] = kernel[0];
  p.kernel[1] = kernel[1];
  auto bad = [&]() { return im.opError(node); };
  int first = 2 - spatialRank; // the first [H,W] dim the attributes give
  auto positive = [&](llvm::StringRef name, int64_t *out) -> LogicalResult {
    auto s = im.intsAttr(node, name);
    if (!s)
      return success();
    if (int64_t(s->size()) != spatialRank || llvm::any_of(*s, [](int64_t v) { return v <= 0; })) {
      bad() << name << " must be " << spatialRank << " positive value"
            << (spatialRank == 1 ? "" : "s") << ", got " << shapeStr(*s);
      return failure();
    }
    for (int d = 0; d < spatialRank; ++d)
      out[first + d] = (*s)[d];
    return success();
  };
  if (failed(positive("strides", p.stride)) || failed(positive("dilations", p.dilation)))
    return failure();
  int64_t pads[4] = {0, 0, 0, 0}; // ONNX order: h_begin, w_begin, h_end, w_end
  std::string autoPad = im.stringAttr(node, "auto_pad", "NOTSET");
  if (autoPad == "NOTSET") {
    if (auto ps = im.intsAttr(node, "pads")) {
      if (int64_t(ps->size()) != 2 * spatialRank) {
        bad() << "pads must have " << 2 * spatialRank << " values for a " << spatialRank
              << "-D " << node.op_type() << ", got " << shapeStr(*ps);
        return failure();
      }
      for (int k = 0; k < 2 * spatialRank; ++k) {
        if ((*ps)[k] < 0) {
          bad() << "pads must be non-negative, got " << shapeStr(*ps);
          return failure();
        }
        pads[(k / spatialRank) * 2 + first + k % spatialRank] = (*ps)[k];
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
  // The pads as the node gives them (1-D: [begin, end]).
  auto givenPads = [&]() -> llvm::SmallVector<int64_t> {
    if (spatialRank == 1)
      return {pads[1], pads[3]};
    return {pads[0], pads[1], pads[2], pads[3]};
  };

  for (int d = 0; d < 2; ++d) {
    Window &w = p.win[d];
    w.padBegin = pads[d];
    w.padEnd = w.onnxPadEnd = pads[d + 2];
    if (isPool && (w.padBegin >= kernel[d] || w.padEnd >= kernel[d])) {
      // ONNX Runtime refuses these too ("Pad should be smaller than kernel").
      bad() << "pads " << shapeStr(givenPads()) << " must be smaller than the kernel "
            << shapeStr(spatialRank == 1 ? kernel.drop_front() : kernel);
      return failure();
    }
    int64_t eff = (kernel[d] - 1) * p.dilation[d] + 1;
    int64_t span = inHW[d] + w.padBegin + w.padEnd - eff;
    if (span < 0) {
      bad() << "the " << (spatialRank == 1 ? "" : d == 0 ? "height " : "width ") << "window ("
            << eff << (p.dilation[d] != 1 ? " with dilation" : "") << ") is larger than the padded input ("
            << inHW[d] + w.padBegin + w.padEnd << ")";
      return failure();
    }
    w.out = span / p.stride[d] + 1;
    // ceil_mode: one more window when the floor dropped a partial one, unless
    // it would start in the end padding.
    if (ceilMode && span % p.stride[d] && w.out * p.stride[d] < inHW[d] + w.padBegin)
      w.out += 1;
    // The windows read [0, needed) of the padded input [-padBegin, in + padEnd).
    int64_t needed = (w.out - 1) * p.stride[d] + eff;
    int64_t used = std::min(inHW[d], needed - w.padBegin);
    if (used <= 0) {
      // Every window lies in the begin padding (possible for a conv, whose
      // pads may exceed its kernel): nothing of the input is read.
      w.unused = true;
      w.crop = 0;
      w.padEnd = 0;
      continue;
    }
    w.crop = inHW[d] - used;
    w.padEnd = needed - w.padBegin - used;
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

/// Pads NHWC `x` by `begin`/`end` rows (H) and columns (W) of `value`
/// (tosa.concat of splat constants).
Value padHW(GraphImporter &im, Value x, const int64_t begin[2], const int64_t end[2],
            float value) {
  llvm::SmallVector<int64_t> shape(cast<RankedTensorType>(x.getType()).getShape());
  for (int d = 0; d < 2; ++d) {
    if (!begin[d] && !end[d])
      continue;
    int64_t axis = 1 + d;
    auto block = [&](int64_t size) -> Value {
      llvm::SmallVector<int64_t> blockShape(shape);
      blockShape[axis] = size;
      auto type = im.tensorType(blockShape);
      return tosa::ConstOp::create(im.builder, im.loc, type, DenseElementsAttr::get(type, value));
    };
    llvm::SmallVector<Value> parts;
    if (begin[d])
      parts.push_back(block(begin[d]));
    parts.push_back(x);
    if (end[d])
      parts.push_back(block(end[d]));
    shape[axis] += begin[d] + end[d];
    x = tosa::ConcatOp::create(im.builder, im.loc, im.tensorType(shape), parts,
                               im.builder.getI32IntegerAttr(axis));
  }
  return x;
}

/// The number of taps of window `o` in dimension `d` that fall inside
/// [lo, hi) (input coordinates; the window starts at o * stride - padBegin).
int64_t tapsIn(const SpatialParams &p, int d, int64_t o, int64_t lo, int64_t hi) {
  int64_t start = o * p.stride[d] - p.win[d].padBegin, count = 0;
  for (int64_t k = 0; k < p.kernel[d]; ++k) {
    int64_t t = start + k * p.dilation[d];
    count += t >= lo && t < hi;
  }
  return count;
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
  int64_t rank = x->shape.size();
  if (rank != 4 && rank != 3) {
    bad() << "only 1-D and 2-D convolution (3-D or 4-D input) is supported, got input shape "
          << shapeStr(x->shape);
    return failure();
  }
  if (int64_t(wInfo->shape.size()) != rank ||
      (!wInfo->value && wInfo->constant && !wInfo->constant->isFloat)) {
    bad() << "weight must be a " << rank << "-D float tensor, got shape "
          << shapeStr(wInfo->shape);
    return failure();
  }
  if (llvm::is_contained(wInfo->shape, 0)) {
    bad() << "weight shape " << shapeStr(wInfo->shape) << " has a zero dimension";
    return failure();
  }
  // Conv1d ([N,C,L] input, [M,C/group,k] weight) runs as a 2-D conv with H = 1
  // ([N,C,1,L], [M,C/group,1,k]), so compression and the dense codegen see an
  // ordinary tosa.conv2d.
  TensorInfo x4, w4;
  if (rank == 3) {
    auto xr = reshapeTo(node, *x, {x->shape[0], x->shape[1], 1, x->shape[2]});
    auto wr = reshapeTo(node, *wInfo, {wInfo->shape[0], wInfo->shape[1], 1, wInfo->shape[2]});
    if (failed(xr) || failed(wr))
      return failure();
    x4 = std::move(*xr);
    w4 = std::move(*wr);
    x = &x4;
    wInfo = &w4;
  }
  int spatialRank = rank - 2;
  // A weight that is a graph input (or computed) is reordered at run time with
  // tosa.transpose; compression passes skip such non-constant weights.
  const ConstTensor *w = wInfo->value ? nullptr : wInfo->constant.get();
  int64_t n = x->shape[0], c = x->shape[1], h = x->shape[2], wd = x->shape[3];
  llvm::ArrayRef<int64_t> wShape = wInfo->shape;
  int64_t m = wShape[0], cg = wShape[1], kh = wShape[2], kw = wShape[3];
  llvm::SmallVector<int64_t> givenW(wShape);
  if (rank == 3)
    givenW = {m, cg, kw};
  int64_t group = intAttr(node, "group", 1);
  if (group < 1 || c % group != 0 || m % group != 0 || cg != c / group) {
    bad() << "weight shape " << shapeStr(givenW) << " does not match " << c
          << " input channels with group " << group;
    return failure();
  }
  if (auto ks = intsAttr(node, "kernel_shape")) {
    if (int64_t(ks->size()) != spatialRank || (*ks)[spatialRank - 1] != kw ||
        (spatialRank == 2 && (*ks)[0] != kh)) {
      bad() << "kernel_shape " << shapeStr(*ks) << " disagrees with weight shape "
            << shapeStr(givenW);
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
  auto p = spatialParams(*this, node, {h, wd}, {kh, kw}, /*ceilMode=*/false,
                         /*isPool=*/false, spatialRank);
  if (failed(p))
    return failure();

  Value bRuntime;
  if (bInfo) {
    auto bv = asONNX(node, *bInfo);
    if (failed(bv))
      return failure();
    bRuntime = reshape(*bv, {m});
  }
  int64_t ho = p->win[0].out, wo = p->win[1].out;
  auto biasPart = [&](int64_t first, int64_t count) -> Value {
    if (bRuntime)
      return slice(bRuntime, {first}, {count});
    return constF32({count}, llvm::ArrayRef<float>(bias).slice(first, count));
  };
  // Defines the output from the NHWC result [n, ho, wo, m] (Conv1d: [n, m, wo]).
  auto define = [&](Value result) -> LogicalResult {
    TensorInfo info;
    info.shape = {n, m, ho, wo};
    info.value = result;
    info.nhwc = true;
    if (rank == 3)
      return defineReshaped(node, info, {n, m, wo});
    setOutput(node, 0, std::move(info));
    return success();
  };
  if (p->inputUnused()) {
    // Every output window lies wholly in the padding: the output is the bias
    // alone (TOSA could not express it: the cropped input would be empty).
    auto zerosType = tensorType({n, ho, wo, m});
    Value zeros =
        tosa::ConstOp::create(builder, loc, zerosType, DenseElementsAttr::get(zerosType, 0.0f));
    return define(tosa::AddOp::create(builder, loc, zerosType, zeros,
                                      reshape(biasPart(0, m), {1, 1, 1, m})));
  }

  auto in = asNHWC(node, *x);
  if (failed(in))
    return failure();
  Value xv = cropInput(*this, *in, *p);
  Value wRuntime;
  if (!w) {
    auto wv = asONNX(node, *wInfo);
    if (failed(wv))
      return failure();
    wRuntime = *wv;
  }
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
    result = concat(parts, 3, {n, ho, wo, m});
  }
  return define(result);
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
/// Shared by MaxPool and AveragePool: input (as 4-D, a 1-D pool's [N,C,L] as
/// [N,C,1,L]), kernel and window parameters.
struct PoolSetup {
  TensorInfo *x = nullptr;
  TensorInfo x4;
  int spatialRank = 2;
  SpatialParams p;
  llvm::SmallVector<int64_t> kernel;
};

LogicalResult poolSetup(GraphImporter &im, const onnx::NodeProto &node, PoolSetup &s) {
  s.x = im.input(node, 0);
  if (!s.x)
    return failure();
  auto bad = [&]() { return im.opError(node); };
  int64_t rank = s.x->shape.size();
  if (rank != 4 && rank != 3) {
    bad() << "only 1-D and 2-D pooling (3-D or 4-D input) is supported, got input shape "
          << shapeStr(s.x->shape);
    return failure();
  }
  s.spatialRank = rank - 2;
  auto ks = im.intsAttr(node, "kernel_shape");
  if (!ks || int64_t(ks->size()) != s.spatialRank ||
      llvm::any_of(*ks, [](int64_t k) { return k <= 0; })) {
    bad() << "kernel_shape must be " << s.spatialRank << " positive value"
          << (s.spatialRank == 1 ? "" : "s")
          << (ks ? ", got " + shapeStr(*ks) : std::string(", but it is missing"));
    return failure();
  }
  s.kernel = *ks;
  if (rank == 3) {
    s.kernel.insert(s.kernel.begin(), 1);
    auto xr = im.reshapeTo(node, *s.x, {s.x->shape[0], s.x->shape[1], 1, s.x->shape[2]});
    if (failed(xr))
      return failure();
    s.x4 = std::move(*xr);
    s.x = &s.x4;
  }
  int64_t ceil = im.intAttr(node, "ceil_mode", 0);
  auto p = spatialParams(im, node, {s.x->shape[2], s.x->shape[3]}, s.kernel, ceil != 0,
                         /*isPool=*/true, s.spatialRank);
  if (failed(p))
    return failure();
  s.p = *p;
  return success();
}

/// Emits a max (`isMax`) or sum pool of NHWC `xv` (already cropped) with the
/// window of `s`: tosa.max_pool2d / avg_pool2d when TOSA can express it (no
/// dilation, pads smaller than the kernel), else linalg.pooling_nhwc_max/sum
/// (with dilations) on the input padded explicitly with `padValue`. `tosaAvg`
/// says which the average path got: TOSA's mean over the taps inside the input,
/// or the plain sum.
Value emitPool(GraphImporter &im, Value xv, const PoolSetup &s, bool isMax, float padValue,
               bool &tosaAvg) {
  const SpatialParams &p = s.p;
  int64_t n = s.x->shape[0], c = s.x->shape[1], ho = p.win[0].out, wo = p.win[1].out;
  auto outType = im.tensorType({n, ho, wo, c});
  bool tosaOk = !p.dilated();
  for (int d = 0; d < 2; ++d)
    tosaOk &= p.win[d].padBegin < s.kernel[d] && p.win[d].padEnd < s.kernel[d];
  tosaAvg = tosaOk && !isMax;
  if (tosaOk) {
    if (isMax)
      return tosa::MaxPool2dOp::create(im.builder, im.loc, outType, xv, s.kernel,
                                       llvm::ArrayRef<int64_t>(p.stride), p.tosaPad());
    return tosa::AvgPool2dOp::create(im.builder, im.loc, outType, xv, im.zeroPointF32(),
                                     im.zeroPointF32(), s.kernel,
                                     llvm::ArrayRef<int64_t>(p.stride), p.tosaPad(), im.f32());
  }
  int64_t begin[2] = {p.win[0].padBegin, p.win[1].padBegin};
  int64_t end[2] = {p.win[0].padEnd, p.win[1].padEnd};
  Value padded = padHW(im, xv, begin, end, padValue);
  Value init = tensor::EmptyOp::create(im.builder, im.loc, outType.getShape(), im.f32());
  Value fillValue = arith::ConstantOp::create(im.builder, im.loc, im.builder.getF32FloatAttr(padValue));
  init = linalg::FillOp::create(im.builder, im.loc, ValueRange{fillValue}, ValueRange{init})
             .getResult(0);
  Value window = tensor::EmptyOp::create(im.builder, im.loc, s.kernel, im.f32());
  auto attr = [&](const int64_t *v) {
    return DenseIntElementsAttr::get(RankedTensorType::get({2}, im.builder.getI64Type()),
                                     llvm::ArrayRef<int64_t>(v, 2));
  };
  if (isMax)
    return linalg::PoolingNhwcMaxOp::create(im.builder, im.loc, TypeRange{outType},
                                            ValueRange{padded, window}, ValueRange{init},
                                            attr(p.stride), attr(p.dilation))
        .getResult(0);
  return linalg::PoolingNhwcSumOp::create(im.builder, im.loc, TypeRange{outType},
                                          ValueRange{padded, window}, ValueRange{init},
                                          attr(p.stride), attr(p.dilation))
      .getResult(0);
}

/// Defines a pool's output from its NHWC result [N, ho, wo, C] (1-D: [N, C, wo]).
LogicalResult definePool(GraphImporter &im, const onnx::NodeProto &node, const PoolSetup &s,
                         Value y) {
  TensorInfo info;
  info.shape = {s.x->shape[0], s.x->shape[1], s.p.win[0].out, s.p.win[1].out};
  info.value = y;
  info.nhwc = true;
  if (s.spatialRank == 1)
    return im.defineReshaped(node, info, {info.shape[0], info.shape[1], info.shape[3]});
  im.setOutput(node, 0, std::move(info));
  return success();
}
} // namespace

LogicalResult GraphImporter::importMaxPool(const onnx::NodeProto &node) {
  // storage_order only orders Indices, refused here when used.
  if (failed(checkUnusedOutput(node, 1, "Indices")))
    return failure();
  PoolSetup s;
  if (failed(poolSetup(*this, node, s)))
    return failure();
  auto in = asNHWC(node, *s.x);
  if (failed(in))
    return failure();
  Value xv = cropInput(*this, *in, s.p);
  bool tosaAvg;
  // Windows wholly in padding (dilated) give the lowest float, as in ONNX Runtime.
  Value y = emitPool(*this, xv, s, /*isMax=*/true, std::numeric_limits<float>::lowest(), tosaAvg);
  return definePool(*this, node, s, y);
}

LogicalResult GraphImporter::importAveragePool(const onnx::NodeProto &node) {
  bool countPad = intAttr(node, "count_include_pad", 0) != 0;
  PoolSetup s;
  if (failed(poolSetup(*this, node, s)))
    return failure();
  auto in = asNHWC(node, *s.x);
  if (failed(in))
    return failure();
  Value xv = cropInput(*this, *in, s.p);
  bool tosaAvg;
  Value y = emitPool(*this, xv, s, /*isMax=*/false, 0.0f, tosaAvg);
  const SpatialParams &p = s.p;
  int64_t ho = p.win[0].out, wo = p.win[1].out;
  llvm::SmallVector<int64_t> outShape = {s.x->shape[0], ho, wo, s.x->shape[1]};
  // Divisor of each output: the taps inside the input, or with count_include_pad
  // those inside the padded input [-pad_begin, in + pad_end) (ONNX Runtime: not
  // the part of a ceil_mode window past the end padding).
  // TOSA's avg_pool2d already divides by the taps inside the input.
  if (!tosaAvg || (countPad && p.anyPad())) {
    std::vector<float> factor;
    bool trivial = true;
    for (int64_t oh = 0; oh < ho; ++oh)
      for (int64_t ow = 0; ow < wo; ++ow) {
        int64_t valid = 1, divisor = 1;
        for (int d = 0; d < 2; ++d) {
          int64_t o = d == 0 ? oh : ow, in = s.x->shape[2 + d];
          valid *= tapsIn(p, d, o, 0, in);
          divisor *= countPad ? tapsIn(p, d, o, -p.win[d].padBegin, in + p.win[d].onnxPadEnd)
                              : tapsIn(p, d, o, 0, in);
        }
        float f = tosaAvg ? float(valid) / float(divisor) : 1.0f / float(divisor);
        trivial &= f == 1.0f;
        factor.push_back(f);
      }
    if (!trivial)
      y = mul(y, constF32({1, ho, wo, 1}, factor), outShape);
  }
  return definePool(*this, node, s, y);
}

namespace {
/// GlobalAveragePool / GlobalMaxPool on a 3-D [N,C,L] or 4-D [N,C,H,W] input:
/// the mean / max over the spatial dims, kept as size 1 (ONNX spec).
LogicalResult importGlobalPool(GraphImporter &im, const onnx::NodeProto &node, bool isMax) {
  TensorInfo *x = im.input(node, 0);
  if (!x)
    return failure();
  int64_t rank = x->shape.size();
  if (rank != 4 && rank != 3) {
    im.opError(node) << "only 3-D and 4-D inputs are supported, got " << shapeStr(x->shape);
    return failure();
  }
  TensorInfo x4;
  if (rank == 3) {
    auto xr = im.reshapeTo(node, *x, {x->shape[0], x->shape[1], 1, x->shape[2]});
    if (failed(xr))
      return failure();
    x4 = std::move(*xr);
    x = &x4;
  }
  auto in = im.asNHWC(node, *x);
  if (failed(in))
    return failure();
  const auto &shape = x->shape;
  Value y;
  if (isMax) {
    y = *in;
    if (shape[2] != 1)
      y = tosa::ReduceMaxOp::create(im.builder, im.loc,
                                    im.tensorType({shape[0], 1, shape[3], shape[1]}), y,
                                    im.builder.getI32IntegerAttr(1));
    if (shape[3] != 1)
      y = tosa::ReduceMaxOp::create(im.builder, im.loc, im.tensorType({shape[0], 1, 1, shape[1]}),
                                    y, im.builder.getI32IntegerAttr(2));
  } else {
    y = tosa::AvgPool2dOp::create(
        im.builder, im.loc, im.tensorType({shape[0], 1, 1, shape[1]}), *in, im.zeroPointF32(),
        im.zeroPointF32(), llvm::ArrayRef<int64_t>{shape[2], shape[3]},
        llvm::ArrayRef<int64_t>{1, 1}, llvm::ArrayRef<int64_t>{0, 0, 0, 0}, im.f32());
  }
  TensorInfo info;
  info.shape = {shape[0], shape[1], 1, 1};
  info.value = y;
  info.nhwc = true;
  if (rank == 3)
    return im.defineReshaped(node, info, {shape[0], shape[1], 1});
  im.setOutput(node, 0, std::move(info));
  return success();
}
} // namespace

LogicalResult GraphImporter::importGlobalAveragePool(const onnx::NodeProto &node) {
  return importGlobalPool(*this, node, /*isMax=*/false);
}

LogicalResult GraphImporter::importGlobalMaxPool(const onnx::NodeProto &node) {
  return importGlobalPool(*this, node, /*isMax=*/true);
}
