//===- ShapeOps.cpp - Reshape, Transpose, and shape computations ------------===//
//
// With static input shapes, the Shape -> Cast -> Slice -> Concat -> Reshape
// chains exporters emit are evaluated here on constants, so only the final
// tosa.reshape reaches the IR. The same ops on runtime tensors become
// tosa.reshape / tosa.slice / tosa.concat / tosa.transpose. Reshape-like ops
// read their input in ONNX order (a transpose back from NHWC when needed).
//
#include "GraphImporter.h"

#include "mlir/Dialect/Tosa/IR/TosaOps.h"

#include "llvm/ADT/APFloat.h"
#include "llvm/Support/MathExtras.h"

#include <algorithm>
#include <cmath>
#include <sstream>

using namespace mlir;
using namespace mlir::compress::onnx_import;

namespace {
TensorInfo constInfo(ConstTensor t) {
  TensorInfo info;
  info.shape = t.shape;
  info.constant = std::make_shared<ConstTensor>(std::move(t));
  return info;
}

/// Copies the elements of `in` selected by per-dim start/step into `outShape`.
ConstTensor strided(const ConstTensor &in, llvm::ArrayRef<int64_t> start,
                    llvm::ArrayRef<int64_t> step, llvm::ArrayRef<int64_t> outShape) {
  ConstTensor out;
  out.isFloat = in.isFloat;
  out.shape.assign(outShape.begin(), outShape.end());
  auto st = stridesOf(in.shape);
  int64_t n = out.numElements();
  size_t rank = outShape.size();
  llvm::SmallVector<int64_t> idx(rank, 0);
  for (int64_t k = 0; k < n; ++k) {
    int64_t src = 0;
    for (size_t d = 0; d < rank; ++d)
      src += (start[d] + idx[d] * step[d]) * st[d];
    if (in.isFloat)
      out.f.push_back(in.f[src]);
    else
      out.i.push_back(in.i[src]);
    for (int64_t d = int64_t(rank) - 1; d >= 0; --d) {
      if (++idx[d] < outShape[d])
        break;
      idx[d] = 0;
    }
  }
  return out;
}
/// ONNX Cast of a constant to `to` (https://onnx.ai/onnx/operators/onnx__Cast.html),
/// in the ConstTensor representation (floats as f32, integers as int64):
///  - to FLOAT16 / BFLOAT16: rounded to that format (nearest even; out of range
///    gives +-inf, as IEEE conversion) and held as the f32 of the rounded value;
///  - to an integer type of w bits from an integer: wrapped modulo 2^w into the
///    type's range (300 -> UINT8 is 44, 200 -> INT8 is -56), as ONNX Runtime and
///    numpy's astype do;
///  - to an integer type from a float: truncated toward zero; NaN, infinities and
///    values outside the type's range are undefined in ONNX, so they are errors;
///  - to BOOL: x != 0; UINT64 values above INT64_MAX cannot be held and are errors.
FailureOr<ConstTensor> castConst(GraphImporter &im, const onnx::NodeProto &node,
                                 const ConstTensor &in, int64_t to) {
  using TP = onnx::TensorProto;
  ConstTensor out;
  out.shape = in.shape;
  int64_t n = in.numElements();
  auto fail = [&](double v) {
    im.nodeError(node) << "Cast node '" << im.nodeName(node) << "': the constant value " << v
                       << " is not representable in "
                       << TP::DataType_Name(TP::DataType(to))
                       << " (ONNX leaves this conversion undefined)";
    return failure();
  };
  if (to == TP::FLOAT || to == TP::DOUBLE || to == TP::FLOAT16 || to == TP::BFLOAT16) {
    out.isFloat = true;
    const llvm::fltSemantics *sem = to == TP::FLOAT16    ? &llvm::APFloat::IEEEhalf()
                                    : to == TP::BFLOAT16 ? &llvm::APFloat::BFloat()
                                                         : nullptr;
    for (int64_t k = 0; k < n; ++k) {
      float v = in.isFloat ? in.f[k] : float(in.i[k]);
      if (sem) {
        llvm::APFloat a(v);
        bool lost;
        a.convert(*sem, llvm::APFloat::rmNearestTiesToEven, &lost);
        a.convert(llvm::APFloat::IEEEsingle(), llvm::APFloat::rmNearestTiesToEven, &lost);
        v = a.convertToFloat();
      }
      out.f.push_back(v);
    }
    return out;
  }
  out.isFloat = false;
  if (to == TP::BOOL) {
    for (int64_t k = 0; k < n; ++k)
      out.i.push_back(in.isFloat ? in.f[k] != 0.0f : in.i[k] != 0);
    return out;
  }
  unsigned bits = to == TP::INT8 || to == TP::UINT8     ? 8
                  : to == TP::INT16 || to == TP::UINT16 ? 16
                  : to == TP::INT32 || to == TP::UINT32 ? 32
                                                        : 64;
  bool isSigned = to == TP::INT8 || to == TP::INT16 || to == TP::INT32 || to == TP::INT64;
  // Range of the target in double (exact for the bounds that matter: a float
  // that truncates into [lo, hi] converts; 2^63 and 2^64 are exact doubles).
  double lo = isSigned ? -std::ldexp(1.0, bits - 1) : 0.0;
  double hiExcl = std::ldexp(1.0, isSigned ? bits - 1 : bits);
  if (to == TP::UINT64)
    hiExcl = std::ldexp(1.0, 63); // held as int64
  for (int64_t k = 0; k < n; ++k) {
    int64_t v;
    if (in.isFloat) {
      double t = std::trunc(double(in.f[k]));
      if (!(t >= lo && t < hiExcl))
        return fail(in.f[k]);
      v = int64_t(t);
    } else {
      v = in.i[k];
      if (bits < 64) {
        uint64_t mask = (uint64_t(1) << bits) - 1, u = uint64_t(v) & mask;
        v = isSigned && (u >> (bits - 1)) ? int64_t(u) - int64_t(mask) - 1 : int64_t(u);
      } else if (to == TP::UINT64 && v < 0) {
        return fail(double(v));
      }
    }
    out.i.push_back(v);
  }
  return out;
}
} // namespace

FailureOr<TensorInfo> GraphImporter::reshapeTo(const onnx::NodeProto &node, TensorInfo &in,
                                               llvm::ArrayRef<int64_t> shape) {
  if (in.constant && !in.value) {
    ConstTensor t = *in.constant;
    t.shape.assign(shape.begin(), shape.end());
    return constInfo(std::move(t));
  }
  auto v = asONNX(node, in);
  if (failed(v))
    return failure();
  TensorInfo info;
  info.shape.assign(shape.begin(), shape.end());
  info.value = reshape(*v, shape);
  return info;
}

LogicalResult GraphImporter::defineReshaped(const onnx::NodeProto &node, TensorInfo &in,
                                            llvm::ArrayRef<int64_t> shape) {
  auto info = reshapeTo(node, in, shape);
  if (failed(info))
    return failure();
  setOutput(node, 0, std::move(*info));
  return success();
}

LogicalResult GraphImporter::importReshape(const onnx::NodeProto &node) {
  TensorInfo *x = input(node, 0);
  if (!x)
    return failure();
  auto targetOr = intsAttrOrInput(node, "shape", 1, 5);
  if (failed(targetOr))
    return failure();
  if (!*targetOr) {
    nodeError(node) << "Reshape node '" << nodeName(node) << "' has no shape";
    return failure();
  }
  llvm::SmallVector<int64_t> target = std::move(**targetOr);
  bool allowZero = intAttr(node, "allowzero", 0) != 0;
  int64_t inferred = -1, known = 1;
  llvm::SmallVector<int64_t> shape;
  for (auto [d, t] : llvm::enumerate(target)) {
    int64_t dim = t;
    if (t == 0 && !allowZero) {
      if (d >= x->shape.size()) {
        nodeError(node) << "Reshape node '" << nodeName(node) << "': shape " << shapeStr(target)
                        << " copies dimension " << d << " of a rank-" << x->shape.size()
                        << " input";
        return failure();
      }
      dim = x->shape[d];
    } else if (t == -1) {
      if (inferred >= 0) {
        nodeError(node) << "Reshape node '" << nodeName(node) << "': shape "
                        << shapeStr(target) << " has more than one -1";
        return failure();
      }
      inferred = d;
      dim = 1;
    } else if (t < 0) {
      nodeError(node) << "Reshape node '" << nodeName(node) << "': invalid shape "
                      << shapeStr(target);
      return failure();
    }
    shape.push_back(dim);
    if (llvm::MulOverflow(known, dim, known)) {
      nodeError(node) << "Reshape node '" << nodeName(node) << "': shape " << shapeStr(target)
                      << " has more than 2^63 elements";
      return failure();
    }
  }
  int64_t total = product(x->shape);
  if (inferred >= 0) {
    if (known == 0 || total % known != 0) {
      nodeError(node) << "Reshape node '" << nodeName(node) << "': cannot reshape "
                      << shapeStr(x->shape) << " to " << shapeStr(target);
      return failure();
    }
    shape[inferred] = total / known;
  } else if (known != total) {
    nodeError(node) << "Reshape node '" << nodeName(node) << "': cannot reshape "
                    << shapeStr(x->shape) << " (" << total << " elements) to "
                    << shapeStr(shape);
    return failure();
  }
  return defineReshaped(node, *x, shape);
}

LogicalResult GraphImporter::importFlatten(const onnx::NodeProto &node) {
  TensorInfo *x = input(node, 0);
  if (!x)
    return failure();
  int64_t rank = x->shape.size();
  int64_t axis = intAttr(node, "axis", 1);
  if (axis < -rank || axis > rank) {
    nodeError(node) << "Flatten node '" << nodeName(node) << "': axis " << axis
                    << " is out of range for rank " << rank;
    return failure();
  }
  if (axis < 0)
    axis += rank;
  llvm::ArrayRef<int64_t> s(x->shape);
  return defineReshaped(node, *x, {product(s.take_front(axis)), product(s.drop_front(axis))});
}

LogicalResult GraphImporter::importTranspose(const onnx::NodeProto &node) {
  TensorInfo *x = input(node, 0);
  if (!x)
    return failure();
  int64_t rank = x->shape.size();
  llvm::SmallVector<int64_t> perm;
  if (auto p = intsAttr(node, "perm")) {
    perm = *p;
  } else {
    for (int64_t d = rank - 1; d >= 0; --d)
      perm.push_back(d);
  }
  llvm::SmallVector<int64_t> sorted(perm);
  llvm::sort(sorted);
  bool valid = int64_t(perm.size()) == rank;
  for (int64_t d = 0; valid && d < rank; ++d)
    valid = sorted[d] == d;
  if (!valid) {
    nodeError(node) << "Transpose node '" << nodeName(node) << "': perm " << shapeStr(perm)
                    << " is not a permutation of " << rank << " axes";
    return failure();
  }
  llvm::SmallVector<int64_t> outShape;
  for (int64_t p : perm)
    outShape.push_back(x->shape[p]);
  if (x->constant && !x->value) {
    setOutput(node, 0, constInfo(permuteConst(*x->constant, perm)));
    return success();
  }
  TensorInfo info;
  info.shape = outShape;
  llvm::SmallVector<int32_t> perm32;
  if (x->value && x->nhwc) {
    // Compose with NHWC -> NCHW: ONNX dim j lives in NHWC dim {0,3,1,2}[j].
    static const int32_t fromNCHW[4] = {0, 3, 1, 2};
    for (int64_t p : perm)
      perm32.push_back(fromNCHW[p]);
    info.value = transpose(x->value, perm32);
  } else {
    auto v = asONNX(node, *x);
    if (failed(v))
      return failure();
    for (int64_t p : perm)
      perm32.push_back(int32_t(p));
    info.value = transpose(*v, perm32);
  }
  setOutput(node, 0, std::move(info));
  return success();
}

LogicalResult GraphImporter::importIdentity(const onnx::NodeProto &node) {
  TensorInfo *x = input(node, 0);
  if (!x)
    return failure();
  setOutput(node, 0, *x);
  return success();
}

LogicalResult GraphImporter::importDropout(const onnx::NodeProto &node) {
  // Inference: Dropout is the identity; its mask is not produced. In training
  // mode (opset 12+: constant input 2 true) it is the identity only when the
  // ratio (input 1, default 0.5) is 0: dropping at random is refused.
  if (failed(checkUnusedOutput(node, 1, "mask")))
    return failure();
  // A constant scalar input, or null after a diagnostic.
  auto scalarInput = [&](int index, const char *what) -> const ConstTensor * {
    const ConstTensor *t = constInput(node, index, what);
    if (t && t->numElements() != 1) {
      opError(node) << what << " must be a scalar, got shape " << shapeStr(t->shape);
      return nullptr;
    }
    return t;
  };
  if (hasInput(node, 2)) {
    const ConstTensor *training = scalarInput(2, "training_mode");
    if (!training)
      return failure();
    if (training->at(0) != 0) {
      double ratio = 0.5;
      if (hasInput(node, 1)) {
        const ConstTensor *r = scalarInput(1, "ratio");
        if (!r)
          return failure();
        ratio = r->at(0);
      }
      if (ratio != 0) {
        std::ostringstream r; // shortest form: 0.5, not 5.000000e-01
        r << ratio;
        opError(node) << "training_mode = 1 (random dropout) with ratio " << r.str()
                      << " is not supported; only ratio 0 (the identity) is";
        return failure();
      }
    }
  }
  return importIdentity(node);
}

LogicalResult GraphImporter::importConstant(const onnx::NodeProto &node) {
  loc = nodeLocation(node);
  if (node.attribute_size() != 1) {
    nodeError(node) << "Constant node '" << nodeName(node)
                    << "' must have exactly one value attribute";
    return failure();
  }
  const onnx::AttributeProto &a = node.attribute(0);
  ConstTensor t;
  if (a.name() == "value") {
    auto d = decodeTensor(a.t(), loc, "Constant node '" + nodeName(node) + "'");
    if (failed(d))
      return failure();
    t = std::move(*d);
  } else if (a.name() == "value_float") {
    t = ConstTensor::floats({}, {a.f()});
  } else if (a.name() == "value_floats") {
    t = ConstTensor::floats({a.floats_size()}, {a.floats().begin(), a.floats().end()});
  } else if (a.name() == "value_int") {
    t = ConstTensor::ints({}, {a.i()});
  } else if (a.name() == "value_ints") {
    t = ConstTensor::ints({a.ints_size()}, {a.ints().begin(), a.ints().end()});
  } else {
    nodeError(node) << "Constant node '" << nodeName(node) << "': attribute '" << a.name()
                    << "' is not supported";
    return failure();
  }
  setOutput(node, 0, constInfo(std::move(t)));
  return success();
}

LogicalResult GraphImporter::importShape(const onnx::NodeProto &node) {
  TensorInfo *x = input(node, 0);
  if (!x)
    return failure();
  int64_t rank = x->shape.size();
  int64_t start = intAttr(node, "start", 0), end = intAttr(node, "end", rank);
  if (start < 0)
    start += rank;
  if (end < 0)
    end += rank;
  start = std::clamp<int64_t>(start, 0, rank);
  end = std::clamp<int64_t>(end, start, rank);
  std::vector<int64_t> dims(x->shape.begin() + start, x->shape.begin() + end);
  setOutput(node, 0, constInfo(ConstTensor::ints({end - start}, std::move(dims))));
  return success();
}

LogicalResult GraphImporter::importCast(const onnx::NodeProto &node) {
  TensorInfo *x = input(node, 0);
  if (!x)
    return failure();
  using TP = onnx::TensorProto;
  // Cast-1..5 name the target type by string ("FLOAT", "INT64", ...; the
  // TensorProto.DataType names), Cast-6 on by its number.
  int64_t to = 0;
  if (const auto *a = attr(node, "to"); a && a->type() == onnx::AttributeProto::STRING) {
    TP::DataType parsed;
    if (!TP::DataType_Parse(a->s(), &parsed)) {
      opError(node) << "attribute 'to' = '" << a->s() << "' is not an ONNX data type name";
      return failure();
    }
    to = parsed;
  } else {
    to = intAttr(node, "to", 0);
  }
  return importCastTo(node, to);
}

LogicalResult GraphImporter::importCastLike(const onnx::NodeProto &node) {
  using TP = onnx::TensorProto;
  if (!input(node, 0) || !input(node, 1))
    return failure();
  int to = declaredType(node.input(1));
  if (to == TP::UNDEFINED) {
    opError(node) << "the element type of input 'target_type' ('" << node.input(1)
                  << "') is not known (give it a value_info)";
    return failure();
  }
  return importCastTo(node, to);
}

LogicalResult GraphImporter::importCastTo(const onnx::NodeProto &node, int64_t to) {
  using TP = onnx::TensorProto;
  TensorInfo *x = input(node, 0);
  if (!x)
    return failure();
  bool toFloat = to == TP::FLOAT || to == TP::DOUBLE || to == TP::FLOAT16 || to == TP::BFLOAT16;
  bool toInt = to == TP::INT64 || to == TP::INT32 || to == TP::INT16 || to == TP::INT8 ||
               to == TP::UINT64 || to == TP::UINT32 || to == TP::UINT16 || to == TP::UINT8 ||
               to == TP::BOOL;
  if (!toFloat && !toInt) {
    opError(node) << "target type " << onnxTypeName(int(to)) << " is not supported";
    return failure();
  }
  if (x->constant && !x->value) {
    auto out = castConst(*this, node, *x->constant, to);
    if (failed(out))
      return failure();
    setOutput(node, 0, constInfo(std::move(*out)));
    return success();
  }
  // Runtime tensors are f32 (ElementTypes.cpp): to FLOAT/DOUBLE the values stay
  // as they are; other targets round, wrap or saturate them (castRuntime).
  int from = runtimeType(node.input(0));
  if (to == TP::DOUBLE)
    doubleTensors.push_back(node.output(0));
  bool same = to == TP::FLOAT || to == TP::DOUBLE;
  if ((from == TP::INT8 || from == TP::INT16 || from == TP::INT32 || from == TP::INT64) &&
      (to == TP::UINT32 || to == TP::UINT64)) {
    opError(node) << "casting runtime " << onnxTypeName(from) << " values to " << onnxTypeName(to)
                    << " is not supported (negative values wrap to integers above 2^24, "
                       "which compress's f32 tensors cannot hold exactly)";
    return failure();
  }
  TensorInfo info = *x;
  if (!same) {
    bool nhwc;
    FailureOr<Value> v = asIs(node, *x, nhwc);
    if (failed(v))
      return failure();
    info = TensorInfo();
    info.shape = x->shape;
    info.nhwc = nhwc;
    info.value = castRuntime(*v, from, to);
  }
  setOutput(node, 0, std::move(info));
  if (isIntegerType(to) && !node.output(0).empty())
    runtimeIntTypes[node.output(0)] = to;
  return success();
}

LogicalResult GraphImporter::importSlice(const onnx::NodeProto &node) {
  TensorInfo *x = input(node, 0);
  if (!x)
    return failure();
  auto bad = [&]() { return opError(node); };
  int64_t rank = x->shape.size();
  // Attributes before opset 10, constant inputs 1-4 from then on.
  llvm::SmallVector<int64_t> starts, ends, axes, steps;
  llvm::SmallVector<int64_t> *lists[] = {&starts, &ends, &axes, &steps};
  const char *names[] = {"starts", "ends", "axes", "steps"};
  for (int k = 0; k < 4; ++k) {
    auto v = intsAttrOrInput(node, names[k], k + 1, 10);
    if (failed(v))
      return failure();
    if (!*v && k < 2) {
      bad() << "starts and ends are required";
      return failure();
    }
    if (*v)
      *lists[k] = std::move(**v);
  }
  if (axes.empty())
    for (size_t d = 0; d < starts.size(); ++d)
      axes.push_back(d);
  if (steps.empty())
    steps.assign(starts.size(), 1);
  if (ends.size() != starts.size() || axes.size() != starts.size() ||
      steps.size() != starts.size()) {
    bad() << "starts, ends, axes and steps must have the same length";
    return failure();
  }
  llvm::SmallVector<int64_t> start(rank, 0), step(rank, 1), size(x->shape);
  llvm::SmallVector<bool> seen(rank, false);
  for (size_t k = 0; k < starts.size(); ++k) {
    auto axis = normalizeAxis(node, axes[k], rank, "axis");
    if (failed(axis))
      return failure();
    if (seen[*axis]) {
      bad() << "axis " << axes[k] << " is repeated";
      return failure();
    }
    seen[*axis] = true;
    int64_t dim = x->shape[*axis], s = starts[k], e = ends[k], st = steps[k];
    if (st == 0) {
      bad() << "steps must not be 0";
      return failure();
    }
    if (s < 0)
      s += dim;
    if (e < 0)
      e += dim;
    // Sizes are computed without overflow for any int64 step (INT64_MIN and
    // INT64_MAX included): the clamped distance is in [0, dim], the step's
    // magnitude is taken as uint64.
    if (st > 0) {
      s = std::clamp<int64_t>(s, 0, dim);
      e = std::clamp<int64_t>(e, 0, dim);
      size[*axis] = e > s ? 1 + int64_t(uint64_t(e - s - 1) / uint64_t(st)) : 0;
    } else {
      s = std::clamp<int64_t>(s, 0, dim - 1);
      e = std::clamp<int64_t>(e, -1, dim - 1);
      uint64_t magnitude = uint64_t(0) - uint64_t(st);
      size[*axis] = s > e ? 1 + int64_t(uint64_t(s - e - 1) / magnitude) : 0;
    }
    start[*axis] = s;
    step[*axis] = st;
  }
  if (x->constant && !x->value) {
    setOutput(node, 0, constInfo(strided(*x->constant, start, step, size)));
    return success();
  }
  if (product(size) == 0) {
    bad() << "the slice of a runtime tensor is empty";
    return failure();
  }
  TensorInfo info;
  info.shape = size;
  // In the layout the value has (NHWC stays NHWC): axis by axis, a step of 1 is
  // one tosa.slice, a negative step a tosa.reverse then a positive step, and a
  // step k > 1 the strided selection of stridedSlice (group D).
  bool nhwc = false;
  auto v = asIs(node, *x, nhwc);
  if (failed(v))
    return failure();
  // First one tosa.slice for the axes read with step 1 (or of one element),
  // then the others one by one (they keep their whole extent until then).
  llvm::SmallVector<int64_t> unitStart(rank, 0), unitSize(x->shape);
  llvm::SmallVector<int64_t> strideAxes;
  for (int64_t d = 0; d < rank; ++d) {
    if (step[d] == 1 || size[d] == 1) {
      unitStart[d] = start[d];
      unitSize[d] = size[d];
    } else {
      strideAxes.push_back(d);
    }
  }
  Value y = nhwc ? slice(*v, toNHWCShape(unitStart), toNHWCShape(unitSize))
                 : slice(*v, unitStart, unitSize);
  for (int64_t d : strideAxes) {
    int64_t axis = nhwc ? llvm::ArrayRef<int64_t>{0, 3, 1, 2}[d] : d;
    int64_t dim = x->shape[d], s = start[d], st = step[d];
    if (st < 0) {
      auto type = cast<RankedTensorType>(y.getType());
      y = tosa::ReverseOp::create(builder, loc, type, y, builder.getI32IntegerAttr(axis));
      s = dim - 1 - s;
      st = -st; // no overflow: two or more elements, so |st| < dim
    }
    y = stridedSlice(y, axis, s, st, size[d]);
  }
  info.value = y;
  info.nhwc = nhwc;
  setOutput(node, 0, std::move(info));
  return success();
}

Value GraphImporter::stridedSlice(Value v, int64_t axis, int64_t start, int64_t step,
                                  int64_t count) {
  llvm::SmallVector<int64_t> shape(cast<RankedTensorType>(v.getType()).getShape());
  auto sliceAxis = [&](Value in, int64_t from, int64_t len) {
    llvm::SmallVector<int64_t> st(shape.size(), 0), sz(cast<RankedTensorType>(in.getType()).getShape());
    st[axis] = from;
    sz[axis] = len;
    return slice(in, st, sz);
  };
  if (step == 1 || count == 1)
    return sliceAxis(v, start, count);
  llvm::ArrayRef<int64_t> s(shape);
  int64_t outer = product(s.take_front(axis)), inner = product(s.drop_front(axis + 1));
  // Groups of `step` elements whose first one is kept: [outer, groups, step,
  // inner] sliced to [outer, groups, 1, inner] (rank 4 whatever v's rank).
  auto every = [&](int64_t groups) {
    Value part = sliceAxis(v, start, groups * step);
    part = reshape(part, {outer, groups, step, inner});
    part = slice(part, {0, 0, 0, 0}, {outer, groups, 1, inner});
    llvm::SmallVector<int64_t> outShape(shape);
    outShape[axis] = groups;
    return reshape(part, outShape);
  };
  if (start + count * step <= shape[axis])
    return every(count);
  // The last group runs past the end: all but it, then its first element.
  Value head = every(count - 1);
  Value last = sliceAxis(v, start + (count - 1) * step, 1);
  llvm::SmallVector<int64_t> outShape(shape);
  outShape[axis] = count;
  return tosa::ConcatOp::create(builder, loc, tensorType(outShape), ValueRange{head, last},
                                builder.getI32IntegerAttr(axis));
}

LogicalResult GraphImporter::importConcat(const onnx::NodeProto &node) {
  llvm::SmallVector<TensorInfo *> ins;
  for (int k = 0; k < node.input_size(); ++k) {
    if (node.input(k).empty())
      continue;
    TensorInfo *t = input(node, k);
    if (!t)
      return failure();
    ins.push_back(t);
  }
  auto bad = [&]() { return opError(node); };
  if (ins.empty()) {
    bad() << "no inputs";
    return failure();
  }
  // Concat-1..3 default the axis to 1; from Concat-4 on it is required.
  if (opVersion >= 4 && !attr(node, "axis")) {
    bad() << "the axis attribute is required";
    return failure();
  }
  int64_t rank = ins[0]->shape.size();
  auto axisOr = normalizeAxis(node, intAttr(node, "axis", 1), rank, "axis");
  if (failed(axisOr))
    return failure();
  int64_t axis = *axisOr;
  llvm::SmallVector<int64_t> outShape(ins[0]->shape);
  outShape[axis] = 0;
  bool allConst = true, anyFloat = false, anyNHWC = false;
  for (TensorInfo *t : ins) {
    bool ok = int64_t(t->shape.size()) == rank;
    for (int64_t d = 0; ok && d < rank; ++d)
      ok = d == axis || t->shape[d] == ins[0]->shape[d];
    if (!ok) {
      bad() << "input shapes " << shapeStr(ins[0]->shape) << " and " << shapeStr(t->shape)
            << " differ outside axis " << axis;
      return failure();
    }
    outShape[axis] += t->shape[axis];
    allConst &= t->constant && !t->value;
    anyFloat |= t->constant ? t->constant->isFloat : true;
    anyNHWC |= t->value && t->nhwc;
  }
  if (allConst) {
    // Checked before the copy: inputs may repeat one large constant.
    if (failed(checkShape(node, outShape, "output", /*nonEmpty=*/false)))
      return failure();
    // Interleave the blocks: outer = dims before axis, each input contributes
    // shape[axis] * inner contiguous elements per outer index.
    ConstTensor out;
    out.isFloat = anyFloat;
    out.shape = outShape;
    int64_t outer = product(llvm::ArrayRef<int64_t>(outShape).take_front(axis));
    int64_t inner = product(llvm::ArrayRef<int64_t>(outShape).drop_front(axis + 1));
    for (int64_t o = 0; o < outer; ++o)
      for (TensorInfo *t : ins) {
        int64_t block = t->shape[axis] * inner;
        for (int64_t k = 0; k < block; ++k) {
          if (anyFloat)
            out.f.push_back(float(t->constant->at(o * block + k)));
          else
            out.i.push_back(t->constant->i[o * block + k]);
        }
      }
    setOutput(node, 0, constInfo(std::move(out)));
    return success();
  }
  bool useNHWC = rank == 4 && anyNHWC;
  llvm::SmallVector<Value> parts;
  for (TensorInfo *t : ins) {
    if (t->shape[axis] == 0)
      continue;
    auto v = useNHWC ? asNHWC(node, *t) : asONNX(node, *t);
    if (failed(v))
      return failure();
    parts.push_back(*v);
  }
  int64_t tosaAxis = useNHWC ? llvm::ArrayRef<int64_t>{0, 3, 1, 2}[axis] : axis;
  TensorInfo info;
  info.shape = outShape;
  info.nhwc = useNHWC;
  info.value = concat(parts, tosaAxis, useNHWC ? toNHWCShape(outShape) : outShape);
  setOutput(node, 0, std::move(info));
  return success();
}

LogicalResult GraphImporter::importGather(const onnx::NodeProto &node) {
  TensorInfo *x = input(node, 0);
  if (!x)
    return failure();
  const ConstTensor *indices = constInput(node, 1, "indices");
  if (!indices)
    return failure();
  auto bad = [&]() { return opError(node); };
  int64_t rank = x->shape.size();
  if (rank == 0 || indices->isFloat) {
    bad() << "needs a non-scalar data tensor and integer indices";
    return failure();
  }
  auto axisOr = normalizeAxis(node, intAttr(node, "axis", 0), rank, "axis");
  if (failed(axisOr))
    return failure();
  int64_t axis = *axisOr, dim = x->shape[axis];
  std::vector<int64_t> idx;
  for (int64_t k = 0, n = indices->numElements(); k < n; ++k) {
    int64_t i = indices->i[k];
    if (i < -dim || i >= dim) {
      bad() << "index " << i << " is out of range for dimension " << dim;
      return failure();
    }
    idx.push_back(i < 0 ? i + dim : i);
  }
  llvm::ArrayRef<int64_t> s(x->shape);
  llvm::SmallVector<int64_t> outShape(s.take_front(axis));
  outShape.append(indices->shape.begin(), indices->shape.end());
  outShape.append(s.begin() + axis + 1, s.end());
  int64_t outer = product(s.take_front(axis)), inner = product(s.drop_front(axis + 1));
  if (failed(checkShape(node, outShape, "output", /*nonEmpty=*/false)))
    return failure();

  if (x->constant && !x->value) {
    const ConstTensor &in = *x->constant;
    ConstTensor out;
    out.isFloat = in.isFloat;
    out.shape = outShape;
    for (int64_t o = 0; o < outer; ++o)
      for (int64_t i : idx)
        for (int64_t k = 0; k < inner; ++k) {
          int64_t src = (o * dim + i) * inner + k;
          if (in.isFloat)
            out.f.push_back(in.f[src]);
          else
            out.i.push_back(in.i[src]);
        }
    setOutput(node, 0, constInfo(std::move(out)));
    return success();
  }
  if (idx.empty()) {
    bad() << "empty indices on a runtime tensor are not supported";
    return failure();
  }
  // Runtime data, constant indices: one slice per index, concatenated.
  auto v = asONNX(node, *x);
  if (failed(v))
    return failure();
  llvm::SmallVector<Value> parts;
  for (int64_t i : idx) {
    llvm::SmallVector<int64_t> start(rank, 0), size(s);
    start[axis] = i;
    size[axis] = 1;
    parts.push_back(slice(*v, start, size));
  }
  llvm::SmallVector<int64_t> catShape(s);
  catShape[axis] = idx.size();
  Value cat = parts.size() == 1 ? parts[0]
                                : tosa::ConcatOp::create(builder, loc, tensorType(catShape),
                                                         parts, builder.getI32IntegerAttr(axis))
                                      .getResult();
  TensorInfo info;
  info.shape = outShape;
  info.value = reshape(cat, outShape);
  setOutput(node, 0, std::move(info));
  return success();
}

LogicalResult GraphImporter::importUnsqueeze(const onnx::NodeProto &node) {
  TensorInfo *x = input(node, 0);
  if (!x)
    return failure();
  auto axesOr = intsAttrOrInput(node, "axes", 1, 13);
  if (failed(axesOr))
    return failure();
  if (!*axesOr) {
    nodeError(node) << "Unsqueeze node '" << nodeName(node) << "': axes are required";
    return failure();
  }
  int64_t outRank = x->shape.size() + (*axesOr)->size();
  llvm::SmallVector<bool> isNew(outRank, false);
  for (int64_t a : **axesOr) {
    auto axis = normalizeAxis(node, a, outRank, "axis");
    if (failed(axis))
      return failure();
    if (isNew[*axis]) {
      nodeError(node) << "Unsqueeze node '" << nodeName(node) << "': axis " << a
                      << " is repeated";
      return failure();
    }
    isNew[*axis] = true;
  }
  llvm::SmallVector<int64_t> shape;
  size_t next = 0;
  for (int64_t d = 0; d < outRank; ++d)
    shape.push_back(isNew[d] ? 1 : x->shape[next++]);
  return defineReshaped(node, *x, shape);
}

LogicalResult GraphImporter::importSqueeze(const onnx::NodeProto &node) {
  TensorInfo *x = input(node, 0);
  if (!x)
    return failure();
  auto axesOr = intsAttrOrInput(node, "axes", 1, 13);
  if (failed(axesOr))
    return failure();
  int64_t rank = x->shape.size();
  llvm::SmallVector<bool> drop(rank, false);
  if (*axesOr) {
    for (int64_t a : **axesOr) {
      auto axis = normalizeAxis(node, a, rank, "axis");
      if (failed(axis))
        return failure();
      if (x->shape[*axis] != 1) {
        nodeError(node) << "Squeeze node '" << nodeName(node) << "': dimension " << a
                        << " of " << shapeStr(x->shape) << " is not 1";
        return failure();
      }
      drop[*axis] = true;
    }
  } else {
    for (int64_t d = 0; d < rank; ++d)
      drop[d] = x->shape[d] == 1;
  }
  llvm::SmallVector<int64_t> shape;
  for (int64_t d = 0; d < rank; ++d)
    if (!drop[d])
      shape.push_back(x->shape[d]);
  return defineReshaped(node, *x, shape);
}

//===--- group D: Expand, Tile, Split ----------------------------------------===//

namespace {
/// `in` (rank <= outShape's; missing leading dims are 1) repeated to
/// `outShape`: element idx reads in[idx[d] mod in.shape[d]], which is numpy
/// broadcasting for dims of 1 and tiling for repeats.
ConstTensor tileConst(const ConstTensor &in, llvm::ArrayRef<int64_t> outShape) {
  size_t rank = outShape.size();
  llvm::SmallVector<int64_t> inShape(rank - in.shape.size(), 1);
  inShape.append(in.shape.begin(), in.shape.end());
  auto st = stridesOf(inShape);
  ConstTensor out;
  out.isFloat = in.isFloat;
  out.shape.assign(outShape.begin(), outShape.end());
  int64_t n = out.numElements();
  llvm::SmallVector<int64_t> idx(rank, 0);
  for (int64_t k = 0; k < n; ++k) {
    int64_t src = 0;
    for (size_t d = 0; d < rank; ++d)
      src += (idx[d] % inShape[d]) * st[d];
    if (in.isFloat)
      out.f.push_back(in.f[src]);
    else
      out.i.push_back(in.i[src]);
    for (int64_t d = int64_t(rank) - 1; d >= 0; --d) {
      if (++idx[d] < outShape[d])
        break;
      idx[d] = 0;
    }
  }
  return out;
}

/// Defines output 0 of `node` as `x` (padded with leading 1s to `outShape`'s
/// rank) repeated `outShape[d] / inShape[d]` times along each dim: folded for a
/// constant, a tosa.tile for a runtime value (in NHWC when it is held so and
/// stays 4-D).
LogicalResult defineTiled(GraphImporter &im, const onnx::NodeProto &node, TensorInfo &x,
                          llvm::ArrayRef<int64_t> outShape) {
  bool folded = x.constant && !x.value;
  if (failed(im.checkShape(node, outShape, "output", /*nonEmpty=*/!folded)))
    return failure();
  if (folded) {
    im.setOutput(node, 0, constInfo(tileConst(*x.constant, outShape)));
    return success();
  }
  size_t rank = outShape.size();
  llvm::SmallVector<int64_t> inShape(rank - x.shape.size(), 1);
  inShape.append(x.shape.begin(), x.shape.end());
  llvm::SmallVector<int64_t> multiples;
  for (size_t d = 0; d < rank; ++d)
    multiples.push_back(outShape[d] / inShape[d]);
  TensorInfo info;
  info.shape.assign(outShape.begin(), outShape.end());
  bool nhwc = x.value && x.nhwc && rank == 4;
  Value v;
  if (nhwc) {
    v = x.value;
    inShape = toNHWCShape(inShape);
    multiples = toNHWCShape(multiples);
  } else {
    auto in = im.asONNX(node, x);
    if (failed(in))
      return failure();
    v = im.reshape(*in, inShape);
  }
  if (llvm::any_of(multiples, [](int64_t m) { return m != 1; })) {
    llvm::SmallVector<int64_t> tiled(nhwc ? toNHWCShape(outShape) : outShape);
    v = tosa::TileOp::create(im.builder, im.loc, im.tensorType(tiled), v,
                             im.constShape(multiples));
  }
  info.value = v;
  info.nhwc = nhwc;
  im.setOutput(node, 0, std::move(info));
  return success();
}
} // namespace

LogicalResult GraphImporter::importExpand(const onnx::NodeProto &node) {
  TensorInfo *x = input(node, 0);
  if (!x)
    return failure();
  auto shape = constInts(node, 1, "shape");
  if (failed(shape))
    return failure();
  for (int64_t d : *shape)
    if (d < 0) {
      opError(node) << "shape " << shapeStr(*shape) << " has a negative dimension";
      return failure();
    }
  auto out = broadcastShapes(x->shape, *shape);
  if (!out) {
    opError(node) << "input of shape " << shapeStr(x->shape) << " does not broadcast to "
                  << shapeStr(*shape);
    return failure();
  }
  return defineTiled(*this, node, *x, *out);
}

LogicalResult GraphImporter::importTile(const onnx::NodeProto &node) {
  TensorInfo *x = input(node, 0);
  if (!x)
    return failure();
  if (opset < 6) {
    opError(node) << "Tile before opset 6 (tiles and axis inputs) is not supported";
    return failure();
  }
  auto repeats = constInts(node, 1, "repeats");
  if (failed(repeats))
    return failure();
  if (repeats->size() != x->shape.size()) {
    opError(node) << "repeats " << shapeStr(*repeats) << " must have one value per dimension of "
                  << shapeStr(x->shape);
    return failure();
  }
  llvm::SmallVector<int64_t> outShape;
  for (auto [d, r] : llvm::zip(x->shape, *repeats)) {
    int64_t o;
    if (r < 0 || llvm::MulOverflow(d, r, o)) {
      opError(node) << "repeats " << shapeStr(*repeats) << " are negative or overflow";
      return failure();
    }
    outShape.push_back(o);
  }
  return defineTiled(*this, node, *x, outShape);
}

LogicalResult GraphImporter::importSplit(const onnx::NodeProto &node) {
  TensorInfo *x = input(node, 0);
  if (!x)
    return failure();
  auto bad = [&]() { return opError(node); };
  int64_t rank = x->shape.size();
  if (rank == 0) {
    bad() << "cannot split a scalar";
    return failure();
  }
  auto axisOr = normalizeAxis(node, intAttr(node, "axis", 0), rank, "axis");
  if (failed(axisOr))
    return failure();
  int64_t axis = *axisOr, dim = x->shape[axis];
  int64_t outputs = node.output_size();
  // Sizes: attribute 'split' before 13 (opset 1 also took it as input 1), input 1
  // from 13; else opset 18's num_outputs (ceil-sized parts); else equal parts.
  std::optional<llvm::SmallVector<int64_t>> sizes;
  if (opset >= 13 || (opset == 1 && hasInput(node, 1))) {
    if (hasInput(node, 1)) {
      auto s = constInts(node, 1, "split");
      if (failed(s))
        return failure();
      sizes = *s;
    }
  } else {
    sizes = intsAttr(node, "split");
  }
  if (sizes) {
    int64_t total = 0;
    for (int64_t s : *sizes) {
      if (s < 0 || llvm::AddOverflow(total, s, total)) {
        bad() << "split " << shapeStr(*sizes) << " has a negative size";
        return failure();
      }
    }
    if (int64_t(sizes->size()) != outputs || total != dim) {
      bad() << "split " << shapeStr(*sizes) << " must give " << outputs
            << " sizes summing to dimension " << axis << " (" << dim << ")";
      return failure();
    }
  } else if (attr(node, "num_outputs")) {
    int64_t num = intAttr(node, "num_outputs", 0);
    if (num != outputs || num <= 0) {
      bad() << "num_outputs " << num << " differs from the node's " << outputs << " outputs";
      return failure();
    }
    int64_t chunk = (dim + num - 1) / num;
    sizes.emplace();
    for (int64_t k = 0, left = dim; k < num; ++k, left -= std::min(chunk, left))
      sizes->push_back(std::min(chunk, left));
  } else {
    if (outputs <= 0 || dim % outputs != 0) {
      bad() << "dimension " << axis << " (" << dim << ") does not split into " << outputs
            << " equal parts";
      return failure();
    }
    sizes = llvm::SmallVector<int64_t>(outputs, dim / outputs);
  }
  bool nhwc = false;
  Value v;
  if (x->value) {
    auto in = asIs(node, *x, nhwc);
    if (failed(in))
      return failure();
    v = *in;
  }
  int64_t layoutAxis = nhwc ? llvm::ArrayRef<int64_t>{0, 3, 1, 2}[axis] : axis;
  int64_t offset = 0;
  for (int64_t k = 0; k < outputs; ++k) {
    int64_t size = (*sizes)[k];
    llvm::SmallVector<int64_t> start(rank, 0), shape(x->shape);
    start[axis] = offset;
    shape[axis] = size;
    offset += size;
    if (node.output(k).empty())
      continue;
    if (!v) {
      llvm::SmallVector<int64_t> step(rank, 1);
      setOutput(node, k, constInfo(strided(*x->constant, start, step, shape)));
      continue;
    }
    if (size == 0) {
      bad() << "output " << k << " of a runtime tensor is empty";
      return failure();
    }
    TensorInfo info;
    info.shape = shape;
    info.nhwc = nhwc;
    info.value = stridedSlice(v, layoutAxis, start[axis], 1, size);
    setOutput(node, k, std::move(info));
  }
  return success();
}
