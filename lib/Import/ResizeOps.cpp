//===- ResizeOps.cpp - Resize, Upsample ------------------------------------===//
//
// Resize (opsets 10, 11, 13, 18, 19) and Upsample (7, 9) on static shapes. The
// interpolation is separable: every axis whose scale is not 1 is resized on its
// own, in turn, by one linalg.generic that reads the input with tensor.extract
// at precomputed source indices (one table per tap: 1 for nearest, 2 for
// linear, 4 for cubic) and sums the taps with precomputed weights. The tables
// are computed at import time in f32 exactly as ONNX Runtime does (coordinate
// transformation, nearest rounding, clamping at the edges, cubic coefficients),
// so the result matches it to float rounding of the weighted sum. 4-D
// activations stay NHWC: ONNX axes 2, 3 are axes 1, 2 of the value.
//
#include "GraphImporter.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"

#include <cmath>

using namespace mlir;
using namespace mlir::compress::onnx_import;

namespace {
enum class Coord { HalfPixel, HalfPixelSymmetric, PytorchHalfPixel, AlignCorners, Asymmetric,
                   TfHalfPixelForNN };
enum class Nearest { Simple, RoundPreferFloor, RoundPreferCeil, Floor, Ceil };
enum class Mode { Nearest, Linear, Cubic };

/// The source coordinate of output index `x` on an axis resized from `inLen`
/// to `outLen` with `scale` (ONNX Runtime's f32 formulas).
float originalCoordinate(Coord c, float x, float scale, float outLen, float inLen) {
  switch (c) {
  case Coord::Asymmetric:
    return x / scale;
  case Coord::PytorchHalfPixel:
    return outLen > 1 ? (x + 0.5f) / scale - 0.5f : 0.0f;
  case Coord::TfHalfPixelForNN:
    return (x + 0.5f) / scale;
  case Coord::AlignCorners:
    return outLen == 1 ? 0.0f : x * (inLen - 1) / (outLen - 1);
  case Coord::HalfPixelSymmetric: {
    float outputWidth = scale * inLen;
    float adjustment = outLen / outputWidth;
    float center = inLen / 2;
    float offset = center * (1 - adjustment);
    return static_cast<float>(offset + (x + 0.5) / scale - 0.5);
  }
  case Coord::HalfPixel:
    break;
  }
  return ((x + 0.5f) / scale) - 0.5f;
}

int64_t nearestPixel(Nearest n, float x, bool downSample) {
  switch (n) {
  case Nearest::Simple:
    return downSample ? int64_t(std::ceil(x)) : int64_t(x);
  case Nearest::RoundPreferCeil:
    return int64_t(std::round(x));
  case Nearest::Floor:
    return int64_t(std::floor(x));
  case Nearest::Ceil:
    return int64_t(std::ceil(x));
  case Nearest::RoundPreferFloor:
    break;
  }
  if (x == float(int64_t(x)) + 0.5f)
    return int64_t(std::floor(x));
  return int64_t(std::round(x));
}

/// Source indices and weights of one resized axis: taps[t][o] reads input
/// index idx[t][o] with weight w[t][o] (no weights for nearest).
struct AxisTaps {
  std::vector<std::vector<int32_t>> idx;
  std::vector<std::vector<float>> w;
};

struct ResizeParams {
  Mode mode = Mode::Nearest;
  Coord coord = Coord::HalfPixel;
  Nearest nearest = Nearest::RoundPreferFloor;
  float cubicA = -0.75f;
  bool excludeOutside = false;
};

AxisTaps axisTaps(const ResizeParams &p, int64_t inLen, int64_t outLen, float scale) {
  AxisTaps t;
  auto clampIdx = [&](int64_t i) { return int32_t(std::clamp<int64_t>(i, 0, inLen - 1)); };
  if (p.mode == Mode::Nearest) {
    t.idx.resize(1);
    for (int64_t o = 0; o < outLen; ++o) {
      float x = originalCoordinate(p.coord, float(o), scale, float(outLen), float(inLen));
      t.idx[0].push_back(clampIdx(nearestPixel(p.nearest, x, scale < 1)));
    }
    return t;
  }
  if (p.mode == Mode::Linear) {
    t.idx.resize(2);
    t.w.resize(2);
    for (int64_t o = 0; o < outLen; ++o) {
      float x = originalCoordinate(p.coord, float(o), scale, float(outLen), float(inLen));
      x = std::max(0.0f, std::min(x, float(inLen - 1)));
      int64_t i1 = std::min<int64_t>(int64_t(x), inLen - 1);
      int64_t i2 = std::min<int64_t>(i1 + 1, inLen - 1);
      float d1 = std::fabs(x - float(i1)), d2 = std::fabs(x - float(i2));
      if (i1 == i2)
        d1 = d2 = 0.5f;
      // ONNX Runtime: X[i1] * d2 + X[i2] * d1.
      t.idx[0].push_back(int32_t(i1));
      t.idx[1].push_back(int32_t(i2));
      t.w[0].push_back(d2);
      t.w[1].push_back(d1);
    }
    return t;
  }
  // Cubic: taps floor(x)-1 .. floor(x)+2, coefficients of Keys' kernel with
  // cubic_coeff_a; out-of-range taps read the edge, or get weight 0 (and the
  // rest are renormalized) with exclude_outside.
  t.idx.resize(4);
  t.w.resize(4);
  float a = p.cubicA;
  for (int64_t o = 0; o < outLen; ++o) {
    float x = originalCoordinate(p.coord, float(o), scale, float(outLen), float(inLen));
    float fl = std::floor(x);
    float s = x - fl;
    float c[4];
    c[0] = ((a * (s + 1) - 5 * a) * (s + 1) + 8 * a) * (s + 1) - 4 * a;
    c[1] = ((a + 2) * s - (a + 3)) * s * s + 1;
    c[2] = ((a + 2) * (1 - s) - (a + 3)) * (1 - s) * (1 - s) + 1;
    c[3] = ((a * (2 - s) - 5 * a) * (2 - s) + 8 * a) * (2 - s) - 4 * a;
    int64_t base = int64_t(fl) - 1;
    if (p.excludeOutside) {
      float sum = 0;
      for (int k = 0; k < 4; ++k) {
        int64_t i = base + k;
        if (i < 0 || i >= inLen)
          c[k] = 0;
        sum += c[k];
      }
      for (int k = 0; k < 4; ++k)
        c[k] = sum != 0 ? c[k] / sum : 0;
    }
    for (int k = 0; k < 4; ++k) {
      t.idx[k].push_back(clampIdx(base + k));
      t.w[k].push_back(c[k]);
    }
  }
  return t;
}
} // namespace

Value GraphImporter::resizeAxis(Value v, int64_t axis, int64_t outLen,
                                llvm::ArrayRef<std::vector<int32_t>> idx,
                                llvm::ArrayRef<std::vector<float>> weights) {
  auto inType = cast<RankedTensorType>(v.getType());
  llvm::SmallVector<int64_t> shape(inType.getShape());
  shape[axis] = outLen;
  unsigned rank = shape.size();
  auto resultType = tensorType(shape);
  llvm::SmallVector<Value> ins;
  auto i32Type = RankedTensorType::get({outLen}, builder.getI32Type());
  for (const auto &table : idx)
    ins.push_back(tosa::ConstOp::create(builder, loc, i32Type,
                                        DenseElementsAttr::get(i32Type, llvm::ArrayRef(table))));
  for (const auto &table : weights)
    ins.push_back(constF32({outLen}, table));
  auto axisMap = AffineMap::get(rank, 0, {builder.getAffineDimExpr(axis)}, context);
  llvm::SmallVector<AffineMap> maps(ins.size(), axisMap);
  maps.push_back(builder.getMultiDimIdentityMap(rank));
  llvm::SmallVector<utils::IteratorType> iterators(rank, utils::IteratorType::parallel);
  Value init = tensor::EmptyOp::create(builder, loc, shape, f32());
  size_t taps = idx.size();
  bool weighted = !weights.empty();
  auto generic = linalg::GenericOp::create(
      builder, loc, TypeRange{resultType}, ins, ValueRange{init}, maps, iterators,
      [&](OpBuilder &b, Location l, ValueRange args) {
        llvm::SmallVector<Value> coords;
        for (unsigned d = 0; d < rank; ++d)
          coords.push_back(linalg::IndexOp::create(b, l, d));
        Value acc;
        for (size_t t = 0; t < taps; ++t) {
          coords[axis] = arith::IndexCastOp::create(b, l, b.getIndexType(), args[t]);
          Value e = tensor::ExtractOp::create(b, l, v, coords);
          if (weighted)
            e = arith::MulFOp::create(b, l, e, args[taps + t]);
          acc = acc ? arith::AddFOp::create(b, l, acc, e).getResult() : e;
        }
        linalg::YieldOp::create(b, l, acc);
      });
  return generic.getResult(0);
}

LogicalResult GraphImporter::importResize(const onnx::NodeProto &node) {
  TensorInfo *x = input(node, 0);
  if (!x)
    return failure();
  auto bad = [&]() { return opError(node); };
  bool upsample = node.op_type() == "Upsample";
  int64_t rank = x->shape.size();
  if (rank == 0) {
    bad() << "needs a non-scalar input";
    return failure();
  }

  ResizeParams p;
  // Resize before opset 11 and Upsample: asymmetric coordinates, and nearest
  // rounds down (up when downsampling), as ONNX Runtime does.
  bool legacy = upsample || opset < 11;
  std::string mode = stringAttr(node, "mode", "nearest");
  if (mode == "nearest")
    p.mode = Mode::Nearest;
  else if (mode == "linear")
    p.mode = Mode::Linear;
  else if (mode == "cubic" && !legacy)
    p.mode = Mode::Cubic;
  else {
    bad() << "attribute 'mode' = '" << mode << "' is not supported";
    return failure();
  }
  if (legacy) {
    p.coord = Coord::Asymmetric;
    p.nearest = Nearest::Simple;
  } else {
    std::string coord = stringAttr(node, "coordinate_transformation_mode", "half_pixel");
    if (coord == "half_pixel")
      p.coord = Coord::HalfPixel;
    else if (coord == "half_pixel_symmetric")
      p.coord = Coord::HalfPixelSymmetric;
    else if (coord == "pytorch_half_pixel")
      p.coord = Coord::PytorchHalfPixel;
    else if (coord == "align_corners")
      p.coord = Coord::AlignCorners;
    else if (coord == "asymmetric")
      p.coord = Coord::Asymmetric;
    else if (coord == "tf_half_pixel_for_nn")
      p.coord = Coord::TfHalfPixelForNN;
    else {
      bad() << "attribute 'coordinate_transformation_mode' = '" << coord << "' is not supported";
      return failure();
    }
    if (p.mode == Mode::Nearest) {
      std::string nm = stringAttr(node, "nearest_mode", "round_prefer_floor");
      if (nm == "round_prefer_floor")
        p.nearest = Nearest::RoundPreferFloor;
      else if (nm == "round_prefer_ceil")
        p.nearest = Nearest::RoundPreferCeil;
      else if (nm == "floor")
        p.nearest = Nearest::Floor;
      else if (nm == "ceil")
        p.nearest = Nearest::Ceil;
      else {
        bad() << "attribute 'nearest_mode' = '" << nm << "' is not supported";
        return failure();
      }
    }
    p.cubicA = floatAttr(node, "cubic_coeff_a", -0.75f);
    int64_t exclude = intAttr(node, "exclude_outside", 0);
    if (exclude != 0 && p.mode != Mode::Cubic) {
      bad() << "attribute 'exclude_outside' = " << exclude << " is only defined for mode 'cubic'";
      return failure();
    }
    p.excludeOutside = exclude != 0;
    if (int64_t aa = intAttr(node, "antialias", 0)) {
      bad() << "attribute 'antialias' = " << aa << " is not supported";
      return failure();
    }
  }

  // The resized axes (opset 18's `axes`; all axes otherwise).
  llvm::SmallVector<int64_t> axes;
  if (auto a = intsAttr(node, "axes")) {
    for (int64_t ax : *a) {
      auto n = normalizeAxis(node, ax, rank, "axes");
      if (failed(n))
        return failure();
      if (llvm::is_contained(axes, *n)) {
        bad() << "attribute 'axes' repeats axis " << ax;
        return failure();
      }
      axes.push_back(*n);
    }
  } else {
    for (int64_t d = 0; d < rank; ++d)
      axes.push_back(d);
  }

  // Scales or sizes (constants), per axis of `axes`.
  std::vector<float> scales(rank, 1.0f);
  llvm::SmallVector<int64_t> outShape(x->shape);
  std::optional<std::vector<float>> given;
  const ConstTensor *sizes = nullptr;
  if (upsample && opset < 9) {
    const onnx::AttributeProto *a = attr(node, "scales");
    if (!a) {
      bad() << "attribute 'scales' is missing";
      return failure();
    }
    given = std::vector<float>(a->floats().begin(), a->floats().end());
  } else {
    int scalesIndex = legacy ? 1 : 2;
    if (hasInput(node, scalesIndex)) {
      const ConstTensor *s = constInput(node, scalesIndex, "scales");
      if (!s)
        return failure();
      if (s->numElements() > 0) {
        if (!s->isFloat) {
          bad() << "scales must be a float tensor";
          return failure();
        }
        given = s->f;
      }
    }
    if (!legacy && hasInput(node, 3)) {
      sizes = constInput(node, 3, "sizes");
      if (!sizes)
        return failure();
      if (sizes->numElements() == 0)
        sizes = nullptr;
      else if (sizes->isFloat) {
        bad() << "sizes must be an integer tensor";
        return failure();
      }
    }
  }
  if (given && sizes) {
    bad() << "only one of scales and sizes may be given";
    return failure();
  }
  if (!given && !sizes) {
    bad() << "needs scales or sizes";
    return failure();
  }
  int64_t count = given ? int64_t(given->size()) : sizes->numElements();
  if (count != int64_t(axes.size())) {
    bad() << (given ? "scales" : "sizes") << " has " << count << " values, expected "
          << axes.size();
    return failure();
  }
  if (given) {
    for (size_t k = 0; k < axes.size(); ++k) {
      float s = (*given)[k];
      if (!(s > 0) || !std::isfinite(s)) {
        bad() << "scales must be positive, got " << s;
        return failure();
      }
      int64_t d = axes[k];
      scales[d] = s;
      outShape[d] = static_cast<int64_t>(s * float(x->shape[d]));
    }
  } else {
    for (size_t k = 0; k < axes.size(); ++k) {
      int64_t d = axes[k], n = sizes->i[k];
      if (n <= 0) {
        bad() << "sizes must be positive, got " << shapeStr(sizes->i);
        return failure();
      }
      outShape[d] = n;
      scales[d] = float(n) / float(x->shape[d]);
    }
    std::string policy = stringAttr(node, "keep_aspect_ratio_policy", "stretch");
    if (policy == "not_larger" || policy == "not_smaller") {
      float s = policy == "not_larger" ? std::numeric_limits<float>::max() : 0.0f;
      for (int64_t d : axes)
        s = policy == "not_larger" ? std::min(s, scales[d]) : std::max(s, scales[d]);
      for (int64_t d : axes) {
        scales[d] = s;
        outShape[d] = static_cast<int64_t>(std::round(s * float(x->shape[d])));
      }
    } else if (policy != "stretch") {
      bad() << "attribute 'keep_aspect_ratio_policy' = '" << policy << "' is not supported";
      return failure();
    }
  }
  if (failed(checkShape(node, outShape, "output", /*nonEmpty=*/true)))
    return failure();

  bool nhwc;
  auto v = asIs(node, *x, nhwc);
  if (failed(v))
    return failure();
  Value y = *v;
  static const int64_t nhwcAxis[4] = {0, 3, 1, 2};
  for (int64_t d = 0; d < rank; ++d) {
    if (scales[d] == 1.0f && outShape[d] == x->shape[d])
      continue;
    AxisTaps t = axisTaps(p, x->shape[d], outShape[d], scales[d]);
    y = resizeAxis(y, nhwc ? nhwcAxis[d] : d, outShape[d], t.idx, t.w);
  }
  TensorInfo info;
  info.shape = outShape;
  info.value = y;
  info.nhwc = nhwc;
  setOutput(node, 0, std::move(info));
  return success();
}
