//===- ConvTransposeOps.cpp - ConvTranspose ---------------------------------===//
//
// ConvTranspose (ONNX opsets 1-11+, 1-D and 2-D) as a stride-1 convolution of
// the zero-inserted input with the spatially flipped kernel, in NHWC:
//
//   z = x with stride-1 zeros inserted between elements (per spatial axis),
//       length L = (in - 1) * stride + 1 (tosa.concat of zero blocks + reshape)
//   y = conv(z, flip(W), dilation d, stride 1,
//            pad_begin = (k - 1) * d - pads_begin,
//            pad_end   = out + (k - 1) * d - L - pad_begin)
//
// which gives y[o] = sum_{i*stride + j*d = o + pads_begin} x[i] W[j], the ONNX
// definition, for every output_padding / output_shape. A negative conv padding
// (pads larger than the dilated kernel) crops z instead. The conv weight is
// reordered at import time: OHWI per group ([C_out/g, kh, kw, C_in/g], flipped),
// or [kh, kw, C_in, mult] for tosa.depthwise_conv2d when group == C_in; a weight
// that is not a constant gets the same flip and reordering at run time
// (tosa.reverse, tosa.slice, tosa.transpose). 1-D runs as 2-D with height 1.
// Output size and pads (auto_pad, output_shape) follow ONNX Runtime's
// ComputeTransposePadAndOutputShape. tosa.transpose_conv2d is not used: it has
// no dilation and no groups.
//
#include "GraphImporter.h"

#include "mlir/Dialect/Tosa/IR/TosaOps.h"

using namespace mlir;
using namespace mlir::compress::onnx_import;

namespace {
/// Output size and padding of one spatial axis, as ONNX Runtime computes them.
struct TransposeAxis {
  int64_t in = 1, kernel = 1, stride = 1, dilation = 1, outPad = 0;
  int64_t padHead = 0, padTail = 0, out = 0;
};
} // namespace

LogicalResult GraphImporter::importConvTranspose(const onnx::NodeProto &node) {
  TensorInfo *x = input(node, 0);
  if (!x)
    return failure();
  TensorInfo *wInfo = input(node, 1);
  if (!wInfo)
    return failure();
  auto bad = [&]() { return opError(node); };
  int64_t rank = x->shape.size();
  if (rank != 3 && rank != 4) {
    bad() << "only 1-D and 2-D ConvTranspose (3-D or 4-D input) is supported, got input shape "
          << shapeStr(x->shape);
    return failure();
  }
  int64_t sd = rank - 2; // spatial dims
  // A weight that is a graph input (or computed) is flipped and reordered at
  // run time (tosa.reverse, tosa.transpose); compression passes skip it.
  const ConstTensor *w = wInfo->value ? nullptr : wInfo->constant.get();
  if (int64_t(wInfo->shape.size()) != rank || (w && !w->isFloat)) {
    bad() << "weight must be a " << rank << "-D float tensor, got shape " << shapeStr(wInfo->shape);
    return failure();
  }
  llvm::ArrayRef<int64_t> ws = wInfo->shape;
  int64_t n = x->shape[0], c = x->shape[1];
  int64_t group = intAttr(node, "group", 1);
  if (group < 1 || c % group != 0 || ws[0] != c || llvm::is_contained(ws, 0)) {
    bad() << "weight shape " << shapeStr(ws) << " does not match " << c
          << " input channels with group " << group;
    return failure();
  }
  int64_t mg = ws[1], m = mg * group, cg = c / group;

  TransposeAxis ax[2]; // [H, W]; 1-D uses W only (H is a size-1 axis)
  int64_t first = 2 - sd;
  for (int64_t d = 0; d < sd; ++d) {
    ax[first + d].in = x->shape[2 + d];
    ax[first + d].kernel = ws[2 + d];
  }
  auto readInts = [&](llvm::StringRef name, int64_t count, bool positive, bool nonNegative,
                      auto set) -> LogicalResult {
    auto v = intsAttr(node, name);
    if (!v)
      return success();
    if (int64_t(v->size()) != count) {
      bad() << "attribute '" << name << "' must have " << count << " values, got " << shapeStr(*v);
      return failure();
    }
    for (int64_t k = 0; k < count; ++k) {
      if ((positive && (*v)[k] <= 0) || (nonNegative && (*v)[k] < 0)) {
        bad() << "attribute '" << name << "' = " << shapeStr(*v) << " must be "
              << (positive ? "positive" : "non-negative");
        return failure();
      }
      set(k, (*v)[k]);
    }
    return success();
  };
  if (failed(readInts("kernel_shape", sd, true, true, [&](int64_t k, int64_t v) {
        if (v != ax[first + k].kernel)
          ax[first + k].kernel = -1;
      })))
    return failure();
  for (int d = 0; d < 2; ++d)
    if (ax[d].kernel < 0) {
      bad() << "attribute 'kernel_shape' disagrees with weight shape " << shapeStr(ws);
      return failure();
    }
  if (failed(readInts("strides", sd, true, true,
                      [&](int64_t k, int64_t v) { ax[first + k].stride = v; })) ||
      failed(readInts("dilations", sd, true, true,
                      [&](int64_t k, int64_t v) { ax[first + k].dilation = v; })) ||
      failed(readInts("output_padding", sd, false, true,
                      [&](int64_t k, int64_t v) { ax[first + k].outPad = v; })))
    return failure();

  // output_padding selects one of the max(stride, dilation) input positions that
  // map to the same output size; a larger one is not a transposed conv's output
  // (ONNX Runtime and PyTorch refuse it).
  for (int d = 0; d < 2; ++d)
    if (ax[d].outPad >= std::max(ax[d].stride, ax[d].dilation) && ax[d].outPad > 0) {
      bad() << "attribute 'output_padding' value " << ax[d].outPad
            << " must be smaller than the stride (" << ax[d].stride << ") or the dilation ("
            << ax[d].dilation << ")";
      return failure();
    }

  std::string autoPad = stringAttr(node, "auto_pad", "NOTSET");
  if (autoPad != "NOTSET" && autoPad != "SAME_UPPER" && autoPad != "SAME_LOWER" &&
      autoPad != "VALID") {
    bad() << "attribute 'auto_pad' = '" << autoPad << "' is not supported";
    return failure();
  }
  if (autoPad == "NOTSET") {
    if (failed(readInts("pads", 2 * sd, false, true, [&](int64_t k, int64_t v) {
          if (k < sd)
            ax[first + k].padHead = v;
          else
            ax[first + k - sd].padTail = v;
        })))
      return failure();
  }
  // Total padding distributed as ONNX Runtime does: SAME_UPPER puts the odd
  // pixel at the end, SAME_LOWER and NOTSET (with output_shape) at the start.
  auto distribute = [&](TransposeAxis &a, int64_t total) {
    if (autoPad == "SAME_UPPER") {
      a.padHead = total / 2;
      a.padTail = total - total / 2;
    } else {
      a.padHead = total - total / 2;
      a.padTail = total / 2;
    }
  };
  auto natural = [](const TransposeAxis &a) {
    return (a.in - 1) * a.stride + a.outPad + (a.kernel - 1) * a.dilation + 1;
  };
  auto outputShape = intsAttr(node, "output_shape");
  if (outputShape) {
    // The spatial output sizes (ONNX Runtime also rejects N and C in it).
    if (int64_t(outputShape->size()) != sd) {
      bad() << "attribute 'output_shape' = " << shapeStr(*outputShape) << " must have " << sd
            << " values (the spatial output sizes)";
      return failure();
    }
    for (int64_t d = 0; d < sd; ++d) {
      TransposeAxis &a = ax[first + d];
      a.out = (*outputShape)[d];
      if (a.out <= 0) {
        bad() << "attribute 'output_shape' = " << shapeStr(*outputShape) << " must be positive";
        return failure();
      }
      distribute(a, std::max<int64_t>(0, natural(a) - a.out));
    }
  } else {
    for (int64_t d = 0; d < sd; ++d) {
      TransposeAxis &a = ax[first + d];
      if (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER")
        distribute(a, std::max<int64_t>(0, natural(a) - a.in * a.stride));
      a.out = natural(a) - a.padHead - a.padTail;
      if (a.out <= 0) {
        bad() << "attribute 'pads' leaves an output of size " << a.out;
        return failure();
      }
    }
  }
  if (sd == 1)
    ax[0].out = 1;

  // Bias: a constant, or a runtime value (graph input).
  std::vector<float> bias(m, 0.0f);
  TensorInfo *bInfo = nullptr;
  if (hasInput(node, 2)) {
    TensorInfo *b = input(node, 2);
    if (!b)
      return failure();
    bool constant = !b->value && b->constant;
    if ((constant && !b->constant->isFloat) || product(b->shape) != m) {
      bad() << "bias shape " << shapeStr(b->shape) << " does not match " << m
            << " output channels";
      return failure();
    }
    if (constant)
      bias = b->constant->f;
    else
      bInfo = b;
  }
  llvm::SmallVector<int64_t> outShape = {n, m};
  for (int64_t d = 0; d < sd; ++d)
    outShape.push_back(ax[first + d].out);
  if (failed(checkShape(node, outShape, "output", /*nonEmpty=*/true)))
    return failure();

  // The input as NHWC [n, H, W, c].
  Value xv;
  if (rank == 4) {
    auto v = asNHWC(node, *x);
    if (failed(v))
      return failure();
    xv = *v;
  } else {
    auto v = asONNX(node, *x);
    if (failed(v))
      return failure();
    xv = reshape(transpose(*v, {0, 2, 1}), {n, 1, x->shape[2], c});
  }
  // Zero insertion, then the conv padding (or a crop where it is negative).
  llvm::SmallVector<int64_t> shape = {n, ax[0].in, ax[1].in, c};
  llvm::SmallVector<int64_t> pad(4, 0);
  for (int d = 0; d < 2; ++d) {
    TransposeAxis &a = ax[d];
    int64_t s = a.stride;
    if (s > 1) {
      // [.., len, ..] -> [outer, len, 1, inner] ++ zeros [outer, len, s-1, inner]
      int64_t outer = d == 0 ? n : n * shape[1];
      int64_t inner = d == 0 ? shape[2] * c : c;
      int64_t len = shape[1 + d];
      Value r = reshape(xv, {outer, len, 1, inner});
      auto zType = tensorType({outer, len, s - 1, inner});
      Value zeros = tosa::ConstOp::create(builder, loc, zType,
                                          DenseElementsAttr::get(zType, 0.0f));
      Value cat = tosa::ConcatOp::create(builder, loc, tensorType({outer, len, s, inner}),
                                         ValueRange{r, zeros}, builder.getI32IntegerAttr(2));
      llvm::SmallVector<int64_t> spread(shape);
      spread[1 + d] = len * s;
      xv = reshape(cat, spread);
      shape[1 + d] = (len - 1) * s + 1;
      xv = slice(xv, {0, 0, 0, 0}, shape);
    }
    int64_t eff = (a.kernel - 1) * a.dilation;
    int64_t begin = eff - a.padHead;
    int64_t cropBegin = std::max<int64_t>(0, -begin);
    begin = std::max<int64_t>(0, begin);
    int64_t len = shape[1 + d] - cropBegin;
    int64_t end = a.out + eff - len - begin;
    int64_t cropEnd = std::max<int64_t>(0, -end);
    end = std::max<int64_t>(0, end);
    len -= cropEnd;
    if (len <= 0) {
      bad() << "pads " << a.padHead << ", " << a.padTail
            << " crop the whole input: not supported";
      return failure();
    }
    if (cropBegin || cropEnd) {
      llvm::SmallVector<int64_t> start = {0, 0, 0, 0};
      start[1 + d] = cropBegin;
      shape[1 + d] = len;
      xv = slice(xv, start, shape);
    }
    pad[2 * d] = begin;
    pad[2 * d + 1] = end;
  }

  int64_t kh = ax[0].kernel, kw = ax[1].kernel;
  // W[ci, o, i, j] (spatial dims i, j; 1-D: i = 0, kh = 1), flipped.
  auto wAt = [&](int64_t ci, int64_t o, int64_t i, int64_t j) {
    return w->f[((ci * mg + o) * kh + (kh - 1 - i)) * kw + (kw - 1 - j)];
  };
  // Runtime weight: [c, mg, kh, kw] flipped on both spatial axes.
  Value wFlipped, bRuntime;
  if (!w) {
    auto wv = asONNX(node, *wInfo);
    if (failed(wv))
      return failure();
    Value w4 = reshape(*wv, {c, mg, kh, kw});
    auto type = tensorType({c, mg, kh, kw});
    if (kh > 1)
      w4 = tosa::ReverseOp::create(builder, loc, type, w4, builder.getI32IntegerAttr(2));
    if (kw > 1)
      w4 = tosa::ReverseOp::create(builder, loc, type, w4, builder.getI32IntegerAttr(3));
    wFlipped = w4;
  }
  if (bInfo) {
    auto bv = asONNX(node, *bInfo);
    if (failed(bv))
      return failure();
    bRuntime = reshape(*bv, {m});
  }
  auto biasPart = [&](int64_t first, int64_t count) -> Value {
    if (bRuntime)
      return slice(bRuntime, {first}, {count});
    return constF32({count}, llvm::ArrayRef<float>(bias).slice(first, count));
  };
  llvm::SmallVector<int64_t> stride = {1, 1};
  llvm::SmallVector<int64_t> dilation = {ax[0].dilation, ax[1].dilation};
  int64_t ho = ax[0].out, wo = ax[1].out;
  Value result;
  if (group > 1 && group == c) {
    // Depthwise: [kh, kw, c, mg], output channel ci * mg + o.
    Value hwcmV;
    if (wFlipped) {
      hwcmV = transpose(wFlipped, {2, 3, 0, 1});
    } else {
      std::vector<float> hwcm;
      hwcm.reserve(kh * kw * c * mg);
      for (int64_t i = 0; i < kh; ++i)
        for (int64_t j = 0; j < kw; ++j)
          for (int64_t ci = 0; ci < c; ++ci)
            for (int64_t o = 0; o < mg; ++o)
              hwcm.push_back(wAt(ci, o, i, j));
      hwcmV = constF32({kh, kw, c, mg}, hwcm);
    }
    result = markLayer(node, tosa::DepthwiseConv2DOp::create(
                                 builder, loc, tensorType({n, ho, wo, m}), xv, hwcmV, biasPart(0, m),
                                 zeroPointF32(), zeroPointF32(), pad, stride, dilation, f32()));
  } else {
    llvm::SmallVector<Value> parts;
    for (int64_t g = 0; g < group; ++g) {
      Value ohwiV;
      if (wFlipped) {
        // [cg, mg, kh, kw] of this group -> [mg, kh, kw, cg].
        ohwiV = transpose(slice(wFlipped, {g * cg, 0, 0, 0}, {cg, mg, kh, kw}), {1, 2, 3, 0});
      } else {
        std::vector<float> ohwi;
        ohwi.reserve(mg * kh * kw * cg);
        for (int64_t o = 0; o < mg; ++o)
          for (int64_t i = 0; i < kh; ++i)
            for (int64_t j = 0; j < kw; ++j)
              for (int64_t ci = 0; ci < cg; ++ci)
                ohwi.push_back(wAt(g * cg + ci, o, i, j));
        ohwiV = constF32({mg, kh, kw, cg}, ohwi);
      }
      Value xg = group == 1 ? xv : slice(xv, {0, 0, 0, g * cg}, {n, shape[1], shape[2], cg});
      parts.push_back(markLayer(
          node, tosa::Conv2DOp::create(builder, loc, tensorType({n, ho, wo, mg}), xg, ohwiV,
                                       biasPart(g * mg, mg), zeroPointF32(), zeroPointF32(), pad,
                                       stride, dilation, f32())));
    }
    result = concat(parts, 3, {n, ho, wo, m});
  }
  TensorInfo info;
  info.shape = outShape;
  if (rank == 4) {
    info.value = result;
    info.nhwc = true;
  } else {
    info.value = transpose(reshape(result, {n, wo, m}), {0, 2, 1});
  }
  setOutput(node, 0, std::move(info));
  return success();
}
