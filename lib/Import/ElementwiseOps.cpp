//===- ElementwiseOps.cpp - binary, variadic, comparison, unary ops, Softmax -===//
//
// Elementwise ops keep the layout of their activation operand: a binary op on an
// NHWC tensor runs in NHWC, and its other operand (a [C,1,1] constant, a scalar,
// a lower-rank tensor) is reshaped to rank 4 in ONNX order and then permuted, so
// ONNX's right-aligned broadcasting still holds. TOSA wants equal ranks with
// size-1 broadcast dims, which is what this produces.
//
#include "GraphImporter.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "llvm/Support/MathExtras.h"

#include <cmath>
#include <limits>

using namespace mlir;
using namespace mlir::compress::onnx_import;

namespace {
/// Folds a binary op on two constants. Integer arithmetic is int64 and checked:
/// a result that overflows (INT64_MIN / -1 included) or a division by zero is
/// an error naming the node, not a wrapped value or a SIGFPE. Integer Div
/// truncates toward zero (as ONNX Runtime and numpy's int division of
/// same-sign operands; C++ semantics).
FailureOr<ConstTensor> foldBinary(GraphImporter &im, const onnx::NodeProto &node,
                                  const ConstTensor &a, const ConstTensor &b,
                                  llvm::ArrayRef<int64_t> outShape,
                                  GraphImporter::BinaryKind kind) {
  if (failed(im.checkShape(node, outShape, "folded result", /*nonEmpty=*/false)))
    return failure();
  size_t rank = outShape.size();
  auto padded = [&](llvm::ArrayRef<int64_t> s) {
    llvm::SmallVector<int64_t> p(rank - s.size(), 1);
    p.append(s.begin(), s.end());
    return p;
  };
  auto as = padded(a.shape), bs = padded(b.shape);
  auto ast = stridesOf(as), bst = stridesOf(bs);
  ConstTensor out;
  out.isFloat = a.isFloat || b.isFloat;
  out.shape.assign(outShape.begin(), outShape.end());
  int64_t n = out.numElements();
  llvm::SmallVector<int64_t> idx(rank, 0);
  for (int64_t k = 0; k < n; ++k) {
    int64_t ia = 0, ib = 0;
    for (size_t d = 0; d < rank; ++d) {
      ia += (as[d] == 1 ? 0 : idx[d]) * ast[d];
      ib += (bs[d] == 1 ? 0 : idx[d]) * bst[d];
    }
    if (out.isFloat) {
      float x = float(a.at(ia)), y = float(b.at(ib)), r = 0;
      switch (kind) {
      case GraphImporter::BinaryKind::Add: r = x + y; break;
      case GraphImporter::BinaryKind::Sub: r = x - y; break;
      case GraphImporter::BinaryKind::Mul: r = x * y; break;
      case GraphImporter::BinaryKind::Div: r = x / y; break;
      }
      out.f.push_back(r);
    } else {
      int64_t x = a.i[ia], y = b.i[ib], r = 0;
      bool overflow = false;
      switch (kind) {
      case GraphImporter::BinaryKind::Add: overflow = llvm::AddOverflow(x, y, r); break;
      case GraphImporter::BinaryKind::Sub: overflow = llvm::SubOverflow(x, y, r); break;
      case GraphImporter::BinaryKind::Mul: overflow = llvm::MulOverflow(x, y, r); break;
      case GraphImporter::BinaryKind::Div:
        if (y == 0) {
          im.nodeError(node) << node.op_type() << " node '" << im.nodeName(node)
                             << "': integer division by zero (" << x << " / 0) in a constant";
          return failure();
        }
        overflow = x == std::numeric_limits<int64_t>::min() && y == -1;
        r = overflow ? 0 : x / y;
        break;
      }
      if (overflow) {
        im.nodeError(node) << node.op_type() << " node '" << im.nodeName(node)
                           << "': int64 overflow folding " << x << " and " << y;
        return failure();
      }
      out.i.push_back(r);
    }
    for (int64_t d = int64_t(rank) - 1; d >= 0; --d) {
      if (++idx[d] < outShape[d])
        break;
      idx[d] = 0;
    }
  }
  return out;
}
} // namespace

namespace {
/// Operands of an elementwise op brought to the rank of their numpy broadcast
/// shape `shape` (ONNX order) and to one layout: NHWC when the result is 4-D and
/// a runtime operand is already NHWC (ONNX order otherwise). Lower-rank operands
/// are padded with leading 1s (right-aligned broadcasting), then permuted like
/// the result; size-1 dims stay for TOSA's implicit broadcast. Float constants
/// are materialized; an integer constant is refused (asONNX's error). `type` is
/// the f32 result type in that layout.
struct Broadcast {
  llvm::SmallVector<int64_t> shape;
  bool nhwc = false;
  llvm::SmallVector<Value> values;
  RankedTensorType type;
};

FailureOr<Broadcast> broadcastOperands(GraphImporter &im, const onnx::NodeProto &node,
                                       llvm::ArrayRef<TensorInfo *> ins) {
  Broadcast out;
  out.shape.assign(ins[0]->shape.begin(), ins[0]->shape.end());
  for (TensorInfo *t : ins.drop_front()) {
    auto s = broadcastShapes(out.shape, t->shape);
    if (!s) {
      auto diag = im.opError(node) << "shapes ";
      for (size_t k = 0; k < ins.size(); ++k)
        diag << (k == 0 ? "" : k + 1 == ins.size() ? " and " : ", ") << shapeStr(ins[k]->shape);
      diag << " do not broadcast";
      return failure();
    }
    out.shape = *s;
  }
  size_t rank = out.shape.size();
  out.nhwc = rank == 4 && llvm::any_of(ins, [](TensorInfo *t) { return t->value && t->nhwc; });
  for (TensorInfo *tp : ins) {
    TensorInfo &t = *tp;
    llvm::SmallVector<int64_t> padded(rank - t.shape.size(), 1);
    padded.append(t.shape.begin(), t.shape.end());
    FailureOr<Value> v;
    if (t.constant && !t.value) {
      if (!t.constant->isFloat) {
        v = im.asONNX(node, t); // reports the error
      } else {
        ConstTensor c = *t.constant;
        c.shape = padded;
        if (out.nhwc)
          c = permuteConst(c, {0, 2, 3, 1});
        v = im.materialize(c, c.shape);
      }
    } else if (out.nhwc && t.shape.size() == 4) {
      v = im.asNHWC(node, t);
    } else {
      v = im.asONNX(node, t);
      if (succeeded(v)) {
        v = im.reshape(*v, padded);
        if (out.nhwc)
          v = im.transpose(*v, {0, 2, 3, 1});
      }
    }
    if (failed(v))
      return failure();
    out.values.push_back(*v);
  }
  out.type = im.tensorType(out.nhwc ? toNHWCShape(out.shape)
                                    : llvm::SmallVector<int64_t>(out.shape));
  return out;
}
} // namespace

FailureOr<TensorInfo> GraphImporter::buildBinary(const onnx::NodeProto &node, BinaryKind kind,
                                                 TensorInfo &lhs, TensorInfo &rhs) {
  auto outShape = broadcastShapes(lhs.shape, rhs.shape);
  if (!outShape) {
    nodeError(node) << node.op_type() << " node '" << nodeName(node)
                    << "': shapes " << shapeStr(lhs.shape) << " and " << shapeStr(rhs.shape)
                    << " do not broadcast";
    return failure();
  }
  // TOSA has no float division, and x * (1 / y) is not x / y: 1/y rounds (off
  // by up to an ulp after the multiply) and overflows for denormal y (x / 1e-40
  // is finite, x * inf is not). Div by a constant whose every element has an
  // exact reciprocal (a power of two whose reciprocal is finite, or 0, inf, NaN,
  // which give the same infinities and NaNs) stays a tosa.mul by the reciprocal,
  // which is then exactly x / y. Every other Div is a linalg.generic computing
  // arith.divf elementwise with broadcasting (correctly rounded, as ONNX Runtime).
  TensorInfo reciprocal;
  TensorInfo *right = &rhs;
  bool exactReciprocal = false;
  if (kind == BinaryKind::Div && rhs.constant && !rhs.value && rhs.constant->isFloat) {
    exactReciprocal = llvm::all_of(rhs.constant->f, [](float d) {
      int exp;
      float r = 1.0f / d;
      return d == 0.0f || !std::isfinite(d) ||
             (std::frexp(d, &exp) == (d < 0 ? -0.5f : 0.5f) && std::isfinite(r));
    });
    if (exactReciprocal) {
      ConstTensor c = *rhs.constant;
      for (float &x : c.f)
        x = 1.0f / x;
      reciprocal.shape = rhs.shape;
      reciprocal.constant = std::make_shared<ConstTensor>(std::move(c));
      right = &reciprocal;
    }
  }

  auto operands = broadcastOperands(*this, node, {&lhs, right});
  if (failed(operands))
    return failure();
  Value x = operands->values[0], y = operands->values[1];
  llvm::ArrayRef<int64_t> resultShape = operands->type.getShape();
  auto type = operands->type;
  Value result;
  switch (kind) {
  case BinaryKind::Add: result = tosa::AddOp::create(builder, loc, type, x, y); break;
  case BinaryKind::Sub: result = tosa::SubOp::create(builder, loc, type, x, y); break;
  case BinaryKind::Mul: result = mul(x, y, resultShape); break;
  case BinaryKind::Div:
    result = exactReciprocal ? mul(x, y, resultShape) : divide(x, y, type);
    break;
  }
  TensorInfo info;
  info.shape = *outShape;
  info.value = result;
  info.nhwc = operands->nhwc;
  return info;
}

Value GraphImporter::divide(Value x, Value y, RankedTensorType type) {
  llvm::ArrayRef<int64_t> shape = type.getShape();
  unsigned rank = shape.size();
  // Operands have the result's rank; a size-1 dim of an operand broadcasts.
  auto mapOf = [&](Value v) {
    auto s = cast<RankedTensorType>(v.getType()).getShape();
    llvm::SmallVector<AffineExpr> exprs;
    for (unsigned d = 0; d < rank; ++d)
      exprs.push_back(s[d] == 1 && shape[d] != 1 ? builder.getAffineConstantExpr(0)
                                                 : builder.getAffineDimExpr(d));
    return AffineMap::get(rank, 0, exprs, context);
  };
  llvm::SmallVector<AffineMap> maps = {mapOf(x), mapOf(y),
                                       builder.getMultiDimIdentityMap(rank)};
  llvm::SmallVector<utils::IteratorType> iterators(rank, utils::IteratorType::parallel);
  Value init = tensor::EmptyOp::create(builder, loc, shape, f32());
  auto generic = linalg::GenericOp::create(
      builder, loc, TypeRange{type}, ValueRange{x, y}, ValueRange{init}, maps, iterators,
      [](OpBuilder &b, Location l, ValueRange args) {
        Value q = arith::DivFOp::create(b, l, args[0], args[1]);
        linalg::YieldOp::create(b, l, q);
      });
  return generic.getResult(0);
}

LogicalResult GraphImporter::importBinary(const onnx::NodeProto &node, BinaryKind kind) {
  TensorInfo *a = input(node, 0);
  TensorInfo *b = a ? input(node, 1) : nullptr;
  if (!a || !b)
    return failure();
  TensorInfo legacy;
  auto bl = legacyBroadcast(node, *a, *b, legacy);
  if (failed(bl))
    return failure();
  b = *bl;
  if (a->constant && !a->value && b->constant && !b->value) {
    auto outShape = broadcastShapes(a->shape, b->shape);
    if (!outShape) {
      nodeError(node) << node.op_type() << " node '" << nodeName(node) << "': shapes "
                      << shapeStr(a->shape) << " and " << shapeStr(b->shape)
                      << " do not broadcast";
      return failure();
    }
    auto folded = foldBinary(*this, node, *a->constant, *b->constant, *outShape, kind);
    if (failed(folded))
      return failure();
    TensorInfo info;
    info.shape = *outShape;
    info.constant = std::make_shared<ConstTensor>(std::move(*folded));
    setOutput(node, 0, std::move(info));
    return success();
  }
  auto info = buildBinary(node, kind, *a, *b);
  if (failed(info))
    return failure();
  setOutput(node, 0, std::move(*info));
  return success();
}

LogicalResult GraphImporter::importAdd(const onnx::NodeProto &n) {
  return importBinary(n, BinaryKind::Add);
}
LogicalResult GraphImporter::importSub(const onnx::NodeProto &n) {
  return importBinary(n, BinaryKind::Sub);
}
LogicalResult GraphImporter::importMul(const onnx::NodeProto &n) {
  return importBinary(n, BinaryKind::Mul);
}
LogicalResult GraphImporter::importDiv(const onnx::NodeProto &n) {
  return importBinary(n, BinaryKind::Div);
}

namespace {
/// Applies `build` to the node's input in its current layout; the output keeps it.
template <typename BuildFn>
LogicalResult importUnary(GraphImporter &im, const onnx::NodeProto &node, BuildFn build) {
  TensorInfo *x = im.input(node, 0);
  if (!x)
    return failure();
  bool nhwc;
  auto v = im.asIs(node, *x, nhwc);
  if (failed(v))
    return failure();
  Value r = build(*v, cast<RankedTensorType>(v->getType()));
  if (!r)
    return failure();
  TensorInfo info;
  info.shape = x->shape;
  info.value = r;
  info.nhwc = nhwc;
  im.setOutput(node, 0, std::move(info));
  return success();
}
} // namespace

LogicalResult GraphImporter::importRelu(const onnx::NodeProto &node) {
  return importUnary(*this, node, [&](Value v, RankedTensorType type) -> Value {
    return tosa::ClampOp::create(builder, loc, type, v, builder.getF32FloatAttr(0.0f),
                                 builder.getF32FloatAttr(std::numeric_limits<float>::infinity()));
  });
}

LogicalResult GraphImporter::importClip(const onnx::NodeProto &node) {
  // y = Min(max, Max(x, min)) (ONNX Clip-13; so y = max everywhere when min > max).
  // Constant bounds become one tosa.clamp; a bound given at run time (a graph
  // input, opset >= 11) a tosa.maximum / tosa.minimum with the scalar broadcast.
  float lo = std::numeric_limits<float>::lowest(), hi = std::numeric_limits<float>::max();
  Value runtimeBound[3]; // [1] = min, [2] = max
  if (opset < 11) {
    lo = floatAttr(node, "min", lo);
    hi = floatAttr(node, "max", hi);
  } else {
    for (int k = 1; k <= 2; ++k) {
      if (!hasInput(node, k))
        continue;
      StringRef what = k == 1 ? "min" : "max";
      TensorInfo *bound = input(node, k);
      if (!bound)
        return failure();
      if (product(bound->shape) != 1 || bound->shape.size() > 1) {
        nodeError(node) << "Clip node '" << nodeName(node) << "': " << what
                        << " must be a scalar, got shape " << shapeStr(bound->shape);
        return failure();
      }
      if (!bound->constant) {
        FailureOr<Value> v = asONNX(node, *bound);
        if (failed(v))
          return failure();
        runtimeBound[k] = *v;
        continue;
      }
      (k == 1 ? lo : hi) = float(bound->constant->at(0));
    }
  }
  if (std::isnan(lo) || std::isnan(hi)) {
    nodeError(node) << "Clip node '" << nodeName(node) << "': min or max is NaN";
    return failure();
  }
  float inf = std::numeric_limits<float>::infinity();
  return importUnary(*this, node, [&](Value v, RankedTensorType type) -> Value {
    llvm::SmallVector<int64_t> ones(type.getRank(), 1);
    auto clamp = [&](Value x, float a, float b) -> Value {
      // MLIR 22's tosa.clamp canonicalization folds {min = -inf, max = -inf} to its
      // input (it takes max = -inf for "no upper bound"); max = -inf means y = -inf,
      // so that case is a tosa.minimum with a -inf splat instead.
      if (b == -inf)
        return tosa::MinimumOp::create(builder, loc, type, x, constF32(ones, {-inf}));
      return tosa::ClampOp::create(builder, loc, type, x, builder.getF32FloatAttr(a),
                                   builder.getF32FloatAttr(b));
    };
    if (!runtimeBound[1] && !runtimeBound[2])
      return clamp(v, std::min(lo, hi), hi);
    // Max(x, min), then Min(., max), in this order; a bound not given is ONNX's
    // default (lowest / max float, so ±inf inputs become ±FLT_MAX as in the
    // constant case).
    if (runtimeBound[1])
      v = tosa::MaximumOp::create(builder, loc, type, v, reshape(runtimeBound[1], ones));
    else
      v = clamp(v, lo, inf);
    if (runtimeBound[2])
      v = tosa::MinimumOp::create(builder, loc, type, v, reshape(runtimeBound[2], ones));
    else
      v = clamp(v, -inf, hi);
    return v;
  });
}

LogicalResult GraphImporter::importHardSigmoid(const onnx::NodeProto &node) {
  float alpha = floatAttr(node, "alpha", 0.2f), beta = floatAttr(node, "beta", 0.5f);
  return importUnary(*this, node, [&](Value v, RankedTensorType type) -> Value {
    llvm::SmallVector<int64_t> ones(type.getRank(), 1);
    Value scaled = mul(v, constF32(ones, {alpha}), type.getShape());
    Value shifted = tosa::AddOp::create(builder, loc, type, scaled, constF32(ones, {beta}));
    return tosa::ClampOp::create(builder, loc, type, shifted, builder.getF32FloatAttr(0.0f),
                                 builder.getF32FloatAttr(1.0f));
  });
}

LogicalResult GraphImporter::importSigmoid(const onnx::NodeProto &node) {
  return importUnary(*this, node, [&](Value v, RankedTensorType type) -> Value {
    return tosa::SigmoidOp::create(builder, loc, type, v);
  });
}

LogicalResult GraphImporter::importSoftmax(const onnx::NodeProto &node) {
  return importSoftmaxLike(node, /*log=*/false);
}

LogicalResult GraphImporter::importSoftmaxLike(const onnx::NodeProto &node, bool log) {
  TensorInfo *x = input(node, 0);
  if (!x)
    return failure();
  int64_t rank = x->shape.size();
  if (rank == 0) {
    nodeError(node) << node.op_type() << " node '" << nodeName(node)
                    << "' needs an input of rank >= 1";
    return failure();
  }
  auto axisOr = normalizeAxis(node, intAttr(node, "axis", opset < 13 ? 1 : -1), rank, "axis");
  if (failed(axisOr))
    return failure();
  int64_t axis = *axisOr;

  // Before opset 13 Softmax flattens to 2-D at `axis` and normalizes the trailing
  // block; from 13 on it normalizes the one axis.
  llvm::SmallVector<int64_t> workShape(x->shape);
  bool coerce2D = opset < 13 && axis != rank - 1;
  if (coerce2D) {
    int64_t outer = 1, inner = 1;
    for (int64_t d = 0; d < rank; ++d)
      (d < axis ? outer : inner) *= x->shape[d];
    workShape = {outer, inner};
    axis = 1;
  }
  bool nhwc = false;
  Value v;
  if (!coerce2D && x->value && x->nhwc) {
    // Stay in NHWC: ONNX axis a is NHWC axis {0,3,1,2}[a].
    nhwc = true;
    v = x->value;
    axis = llvm::ArrayRef<int64_t>{0, 3, 1, 2}[axis];
    workShape = toNHWCShape(x->shape);
  } else {
    auto in = asONNX(node, *x);
    if (failed(in))
      return failure();
    v = reshape(*in, workShape);
  }
  auto type = tensorType(workShape);
  llvm::SmallVector<int64_t> reducedShape(workShape);
  reducedShape[axis] = 1;
  auto reducedType = tensorType(reducedShape);
  Value maxV = tosa::ReduceMaxOp::create(builder, loc, reducedType, v,
                                         builder.getI32IntegerAttr(axis));
  Value shifted = tosa::SubOp::create(builder, loc, type, v, maxV);
  Value e = tosa::ExpOp::create(builder, loc, type, shifted);
  Value sum =
      tosa::ReduceSumOp::create(builder, loc, reducedType, e, builder.getI32IntegerAttr(axis));
  Value y;
  if (log) {
    // LogSoftmax: (x - max) - log(sum(exp(x - max))), stable for large inputs.
    Value logSum = tosa::LogOp::create(builder, loc, reducedType, sum);
    y = tosa::SubOp::create(builder, loc, type, shifted, logSum);
  } else {
    Value inv = tosa::ReciprocalOp::create(builder, loc, reducedType, sum);
    y = mul(e, inv, workShape);
  }
  TensorInfo info;
  info.shape = x->shape;
  info.nhwc = nhwc;
  info.value = nhwc ? y : reshape(y, x->shape);
  setOutput(node, 0, std::move(info));
  return success();
}

LogicalResult GraphImporter::importExp(const onnx::NodeProto &node) {
  return importUnary(*this, node, [&](Value v, RankedTensorType type) -> Value {
    return tosa::ExpOp::create(builder, loc, type, v);
  });
}

LogicalResult GraphImporter::importTanh(const onnx::NodeProto &node) {
  return importUnary(*this, node, [&](Value v, RankedTensorType type) -> Value {
    return tosa::TanhOp::create(builder, loc, type, v);
  });
}

LogicalResult GraphImporter::importSqrt(const onnx::NodeProto &node) {
  // TOSA has no sqrt: 1 / rsqrt(x) (0 -> 1/inf = 0, x < 0 -> NaN, as ONNX).
  return importUnary(*this, node, [&](Value v, RankedTensorType type) -> Value {
    Value r = tosa::RsqrtOp::create(builder, loc, type, v);
    return tosa::ReciprocalOp::create(builder, loc, type, r);
  });
}

LogicalResult GraphImporter::importNeg(const onnx::NodeProto &node) {
  return importUnary(*this, node, [&](Value v, RankedTensorType type) -> Value {
    return tosa::NegateOp::create(builder, loc, type, v, zeroPointF32(), zeroPointF32());
  });
}

//===----------------------------------------------------------------------===//
// --- group A: activations, Pow, LogSoftmax, variadic Min/Max/Sum/Mean,
// comparisons, logical ops, Where, legacy (opset < 7) broadcasting ---
//
// Runtime booleans (the results of Equal, Greater, ..., Not, And, Or) are f32
// tensors holding exactly 0.0 (false) or 1.0 (true): what Cast(bool -> float)
// gives, so every consumer of a runtime value can take them. Where, Not, And and
// Or read any non-zero value as true. Constant booleans are folded (ConstTensor
// ints 0/1, as decodeTensor holds BOOL initializers).
//===----------------------------------------------------------------------===//

namespace {
/// A [1,...,1] f32 splat of `type`'s rank (a broadcast scalar operand).
Value splat(GraphImporter &im, RankedTensorType type, float v) {
  llvm::SmallVector<int64_t> ones(type.getRank(), 1);
  return im.constF32(ones, {v});
}

RankedTensorType boolType(RankedTensorType type) {
  return RankedTensorType::get(type.getShape(), IntegerType::get(type.getContext(), 1));
}

/// The f32 type of TOSA's implicit broadcast of equal-rank operands.
RankedTensorType broadcastType(GraphImporter &im, llvm::ArrayRef<Value> vs) {
  llvm::SmallVector<int64_t> s(cast<RankedTensorType>(vs[0].getType()).getShape());
  for (Value v : vs.drop_front())
    for (auto [x, y] : llvm::zip_equal(s, cast<RankedTensorType>(v.getType()).getShape()))
      x = x == 1 ? y : x;
  return im.tensorType(s);
}
RankedTensorType broadcastType(GraphImporter &im, Value a, Value b) {
  return broadcastType(im, {a, b});
}

/// select(cond, a, b) with the f32 result type of the broadcast of the three.
Value select(GraphImporter &im, Value cond, Value a, Value b) {
  RankedTensorType t = broadcastType(im, {cond, a, b});
  return tosa::SelectOp::create(im.builder, im.loc, t, cond, a, b);
}

/// An i1 tensor as f32 0/1 (the runtime boolean representation).
Value boolToF32(GraphImporter &im, Value cond) {
  auto type = im.tensorType(cast<RankedTensorType>(cond.getType()).getShape());
  return tosa::SelectOp::create(im.builder, im.loc, type, cond, splat(im, type, 1.0f),
                                splat(im, type, 0.0f));
}

/// a > b (ordered: false when either is NaN), as i1.
Value greater(GraphImporter &im, Value a, Value b) {
  return tosa::GreaterOp::create(im.builder, im.loc,
                                 boolType(broadcastType(im, a, b)), a, b);
}

/// A float copy of an integer constant (bool/int initializers used with runtime
/// floats: Where's condition, Pow's exponent); other infos unchanged.
TensorInfo *floatConst(TensorInfo &t, TensorInfo &storage) {
  if (!t.constant || t.value || t.constant->isFloat)
    return &t;
  ConstTensor c;
  c.shape = t.constant->shape;
  for (int64_t v : t.constant->i)
    c.f.push_back(float(v));
  storage.shape = t.shape;
  storage.constant = std::make_shared<ConstTensor>(std::move(c));
  return &storage;
}

/// Folds an elementwise op over constants with numpy broadcasting. `fn(out, k,
/// a, ia, b, ib)` appends element k of the result; a failure stops the fold.
template <typename Fn>
FailureOr<ConstTensor> foldBroadcast(GraphImporter &im, const onnx::NodeProto &node,
                                     const ConstTensor &a, const ConstTensor &b,
                                     llvm::ArrayRef<int64_t> outShape, bool outFloat, Fn fn) {
  if (failed(im.checkShape(node, outShape, "folded result", /*nonEmpty=*/false)))
    return failure();
  size_t rank = outShape.size();
  auto padded = [&](llvm::ArrayRef<int64_t> s) {
    llvm::SmallVector<int64_t> p(rank - s.size(), 1);
    p.append(s.begin(), s.end());
    return p;
  };
  auto as = padded(a.shape), bs = padded(b.shape);
  auto ast = stridesOf(as), bst = stridesOf(bs);
  ConstTensor out;
  out.isFloat = outFloat;
  out.shape.assign(outShape.begin(), outShape.end());
  int64_t n = out.numElements();
  llvm::SmallVector<int64_t> idx(rank, 0);
  for (int64_t k = 0; k < n; ++k) {
    int64_t ia = 0, ib = 0;
    for (size_t d = 0; d < rank; ++d) {
      ia += (as[d] == 1 ? 0 : idx[d]) * ast[d];
      ib += (bs[d] == 1 ? 0 : idx[d]) * bst[d];
    }
    if (failed(fn(out, a, ia, b, ib)))
      return failure();
    for (int64_t d = int64_t(rank) - 1; d >= 0; --d) {
      if (++idx[d] < outShape[d])
        break;
      idx[d] = 0;
    }
  }
  return out;
}

/// Output 0 of `node` as `value` in the broadcast's layout.
void defineBroadcast(GraphImporter &im, const onnx::NodeProto &node, const Broadcast &b,
                     Value value) {
  TensorInfo info;
  info.shape = b.shape;
  info.value = value;
  info.nhwc = b.nhwc;
  im.setOutput(node, 0, std::move(info));
}

/// Output 0 of `node` as a folded constant.
void defineConst(GraphImporter &im, const onnx::NodeProto &node, ConstTensor t) {
  TensorInfo info;
  info.shape = t.shape;
  info.constant = std::make_shared<ConstTensor>(std::move(t));
  im.setOutput(node, 0, std::move(info));
}

bool isConst(const TensorInfo &t) { return t.constant && !t.value; }
} // namespace

FailureOr<TensorInfo *> GraphImporter::legacyBroadcast(const onnx::NodeProto &node,
                                                        TensorInfo &a, TensorInfo &b,
                                                        TensorInfo &storage) {
  if (opset >= 7)
    return &b;
  // Opset 1..6: no numpy broadcasting. broadcast=0 (default): equal shapes;
  // broadcast=1: B's dims match A's at axis..axis+rank(B)-1 (suffix when no
  // axis), B's size-1 dims broadcast.
  int64_t rankA = a.shape.size(), rankB = b.shape.size();
  if (intAttr(node, "broadcast", 0) == 0) {
    if (a.shape != b.shape) {
      opError(node) << "shapes " << shapeStr(a.shape) << " and " << shapeStr(b.shape)
                    << " differ and attribute 'broadcast' is 0 (opset " << opset
                    << " has no implicit broadcasting)";
      return failure();
    }
    return &b;
  }
  if (rankB > rankA) {
    opError(node) << "attribute 'broadcast' = 1 with B of shape " << shapeStr(b.shape)
                  << " of higher rank than A " << shapeStr(a.shape)
                  << " is not supported (B broadcasts to A)";
    return failure();
  }
  int64_t axis = rankA - rankB;
  if (const auto *ax = attr(node, "axis")) {
    axis = ax->i();
    if (axis < 0)
      axis += rankA;
    if (axis < 0 || axis + rankB > rankA) {
      opError(node) << "attribute 'axis' = " << ax->i() << " does not place B "
                    << shapeStr(b.shape) << " inside A " << shapeStr(a.shape);
      return failure();
    }
  }
  llvm::SmallVector<int64_t> shape(axis, 1);
  shape.append(b.shape.begin(), b.shape.end());
  shape.resize(rankA, 1);
  for (int64_t d = 0; d < rankA; ++d)
    if (shape[d] != 1 && shape[d] != a.shape[d]) {
      opError(node) << "B of shape " << shapeStr(b.shape) << " at axis " << axis
                    << " does not broadcast to A " << shapeStr(a.shape);
      return failure();
    }
  if (llvm::ArrayRef<int64_t>(shape) == llvm::ArrayRef<int64_t>(b.shape))
    return &b;
  auto r = reshapeTo(node, b, shape);
  if (failed(r))
    return failure();
  storage = std::move(*r);
  return &storage;
}

//--- activations ---------------------------------------------------------------

LogicalResult GraphImporter::importLeakyRelu(const onnx::NodeProto &node) {
  // select(x < 0, alpha * x, x): right for any alpha (max(x, alpha x) is not
  // for alpha > 1 or < 0); NaN stays NaN.
  float alpha = floatAttr(node, "alpha", 0.01f);
  return importUnary(*this, node, [&](Value v, RankedTensorType type) -> Value {
    Value ax = mul(v, splat(*this, type, alpha), type.getShape());
    return select(*this, greater(*this, splat(*this, type, 0.0f), v), ax, v);
  });
}

LogicalResult GraphImporter::importPRelu(const onnx::NodeProto &node) {
  TensorInfo *x = input(node, 0);
  TensorInfo *slope = x ? input(node, 1) : nullptr;
  if (!x || !slope)
    return failure();
  TensorInfo reshaped;
  if (opset < 7) {
    // PRelu-1/6: a slope of one element is shared, otherwise it is per channel
    // ([C], axis 1) or has X's shape.
    int64_t n = product(slope->shape);
    llvm::SmallVector<int64_t> shape;
    if (n == 1)
      shape.assign(x->shape.size(), 1);
    else if (slope->shape.size() == 1 && x->shape.size() >= 2 && slope->shape[0] == x->shape[1]) {
      shape.assign(x->shape.size(), 1);
      shape[1] = x->shape[1];
    } else if (slope->shape != x->shape) {
      opError(node) << "slope of shape " << shapeStr(slope->shape)
                    << " is neither one value, per channel nor X's shape "
                    << shapeStr(x->shape) << " (opset " << opset << ")";
      return failure();
    }
    if (!shape.empty()) {
      auto r = reshapeTo(node, *slope, shape);
      if (failed(r))
        return failure();
      reshaped = std::move(*r);
      slope = &reshaped;
    }
  }
  // Opset >= 7: slope broadcasts to X unidirectionally (numpy, right-aligned).
  auto out = broadcastShapes(x->shape, slope->shape);
  if (!out || *out != x->shape) {
    opError(node) << "slope of shape " << shapeStr(slope->shape)
                  << " does not broadcast to X " << shapeStr(x->shape);
    return failure();
  }
  auto b = broadcastOperands(*this, node, {x, slope});
  if (failed(b))
    return failure();
  Value v = b->values[0], s = b->values[1];
  Value sx = mul(v, s, b->type.getShape());
  Value neg = greater(*this, splat(*this, b->type, 0.0f), v);
  defineBroadcast(*this, node, *b, select(*this, neg, sx, v));
  return success();
}

LogicalResult GraphImporter::importHardSwish(const onnx::NodeProto &node) {
  // x * max(0, min(1, x / 6 + 0.5)) (ONNX HardSwish-14; alpha = 1/6 as ONNX Runtime).
  return importUnary(*this, node, [&](Value v, RankedTensorType type) -> Value {
    Value scaled = mul(v, splat(*this, type, 1.0f / 6.0f), type.getShape());
    Value shifted = tosa::AddOp::create(builder, loc, type, scaled, splat(*this, type, 0.5f));
    Value gate = tosa::ClampOp::create(builder, loc, type, shifted, builder.getF32FloatAttr(0.0f),
                                       builder.getF32FloatAttr(1.0f));
    return mul(v, gate, type.getShape());
  });
}

namespace {
/// Folds a unary op whose input is a constant (shape arithmetic such as
/// Cast -> Div -> Floor -> Cast): floats by `ff`; integers by `fi` when given
/// (nullopt from it: int64 overflow, an error), else not folded. Returns whether
/// it defined the node's output.
template <typename FF>
FailureOr<bool> foldUnaryConst(GraphImporter &im, const onnx::NodeProto &node, FF ff,
                               std::optional<int64_t> (*fi)(int64_t) = nullptr) {
  TensorInfo *x = im.input(node, 0);
  if (!x)
    return failure();
  if (!isConst(*x) || (!x->constant->isFloat && !fi))
    return false;
  ConstTensor t = *x->constant;
  if (t.isFloat) {
    for (float &v : t.f)
      v = ff(v);
  } else {
    for (int64_t &v : t.i) {
      std::optional<int64_t> r = fi(v);
      if (!r) {
        im.opError(node) << "int64 overflow folding " << v;
        return failure();
      }
      v = *r;
    }
  }
  defineConst(im, node, std::move(t));
  return true;
}
} // namespace

LogicalResult GraphImporter::importSign(const onnx::NodeProto &node) {
  auto folded = foldUnaryConst(*this, node, [](float v) { return v > 0 ? 1.0f : v < 0 ? -1.0f : v == v ? 0.0f : v; },
                                 [](int64_t v) -> std::optional<int64_t> { return (v > 0) - (v < 0); });
  if (failed(folded) || *folded)
    return success(succeeded(folded));
  // 1 for x > 0, -1 for x < 0, 0 for +-0, NaN for NaN.
  return importUnary(*this, node, [&](Value v, RankedTensorType type) -> Value {
    Value zero = splat(*this, type, 0.0f);
    Value isNum = tosa::EqualOp::create(builder, loc, boolType(type), v, v);
    Value r = select(*this, isNum, zero, v);
    r = select(*this, greater(*this, zero, v), splat(*this, type, -1.0f), r);
    return select(*this, greater(*this, v, zero), splat(*this, type, 1.0f), r);
  });
}

LogicalResult GraphImporter::importAbs(const onnx::NodeProto &node) {
  auto folded = foldUnaryConst(*this, node, [](float v) { return std::fabs(v); },
                                 [](int64_t v) -> std::optional<int64_t> {
                                   if (v == std::numeric_limits<int64_t>::min())
                                     return std::nullopt;
                                   return v < 0 ? -v : v;
                                 });
  if (failed(folded) || *folded)
    return success(succeeded(folded));
  return importUnary(*this, node, [&](Value v, RankedTensorType type) -> Value {
    return tosa::AbsOp::create(builder, loc, type, v);
  });
}

namespace {
/// erf(x) for f32 as Eigen's rational approximation (generic_fast_erf_float,
/// a few ulp): x clamped to [-4, 4] (erf is +-1 in f32 beyond), then
/// x * P(x^2) / Q(x^2). tosa.erf is not used: its math.erf has no lowering to
/// LLVM in the compress-lower-to-llvm pipeline. NaN propagates (clamp, mul).
Value erf(GraphImporter &im, Value v, RankedTensorType type) {
  static const float alpha[] = {-2.72614225801306e-10f, 2.77068142495902e-08f,
                                -2.10102402082508e-06f, -5.69250639462346e-05f,
                                -7.34990630326855e-04f, -2.95459980854025e-03f,
                                -1.60960333262415e-02f};
  static const float beta[] = {-1.45660718464996e-05f, -2.13374055278905e-04f,
                               -1.68282697438203e-03f, -7.37332916720468e-03f,
                               -1.42647390514189e-02f};
  auto shape = type.getShape();
  Value x = tosa::ClampOp::create(im.builder, im.loc, type, v, im.builder.getF32FloatAttr(-4.0f),
                                  im.builder.getF32FloatAttr(4.0f));
  Value x2 = im.mul(x, x, shape);
  auto horner = [&](llvm::ArrayRef<float> c) {
    Value p = splat(im, type, c[0]);
    p = im.mul(x2, p, shape);
    for (float k : c.drop_front().drop_back())
      p = im.mul(tosa::AddOp::create(im.builder, im.loc, type, p, splat(im, type, k)), x2, shape);
    return tosa::AddOp::create(im.builder, im.loc, type, p, splat(im, type, c.back()));
  };
  Value p = im.mul(horner(alpha), x, shape);
  Value q = horner(beta);
  return im.divide(p, q, type);
}
} // namespace

LogicalResult GraphImporter::importErf(const onnx::NodeProto &node) {
  return importUnary(*this, node, [&](Value v, RankedTensorType type) -> Value {
    return erf(*this, v, type);
  });
}

LogicalResult GraphImporter::importLog(const onnx::NodeProto &node) {
  auto folded = foldUnaryConst(*this, node, [](float v) { return std::log(v); });
  if (failed(folded) || *folded)
    return success(succeeded(folded));
  return importUnary(*this, node, [&](Value v, RankedTensorType type) -> Value {
    return tosa::LogOp::create(builder, loc, type, v);
  });
}

LogicalResult GraphImporter::importReciprocal(const onnx::NodeProto &node) {
  auto folded = foldUnaryConst(*this, node, [](float v) { return 1.0f / v; });
  if (failed(folded) || *folded)
    return success(succeeded(folded));
  return importUnary(*this, node, [&](Value v, RankedTensorType type) -> Value {
    return tosa::ReciprocalOp::create(builder, loc, type, v);
  });
}

LogicalResult GraphImporter::importFloor(const onnx::NodeProto &node) {
  auto folded = foldUnaryConst(*this, node, [](float v) { return std::floor(v); });
  if (failed(folded) || *folded)
    return success(succeeded(folded));
  return importUnary(*this, node, [&](Value v, RankedTensorType type) -> Value {
    return tosa::FloorOp::create(builder, loc, type, v);
  });
}

LogicalResult GraphImporter::importCeil(const onnx::NodeProto &node) {
  auto folded = foldUnaryConst(*this, node, [](float v) { return std::ceil(v); });
  if (failed(folded) || *folded)
    return success(succeeded(folded));
  return importUnary(*this, node, [&](Value v, RankedTensorType type) -> Value {
    return tosa::CeilOp::create(builder, loc, type, v);
  });
}

LogicalResult GraphImporter::importRound(const onnx::NodeProto &node) {
  // std::nearbyint in the default rounding mode: half to even.
  auto folded = foldUnaryConst(*this, node, [](float v) { return std::nearbyint(v); });
  if (failed(folded) || *folded)
    return success(succeeded(folded));
  // Half to even, from floor: f = floor(x), d = x - f (exact); f + 1 when
  // d > 0.5 or (d == 0.5 and f is odd). |x| >= 2^23 is an integer (d = 0);
  // NaN and inf stay (f + 1).
  return importUnary(*this, node, [&](Value v, RankedTensorType type) -> Value {
    auto shape = type.getShape();
    Value half = splat(*this, type, 0.5f), one = splat(*this, type, 1.0f);
    Value f = tosa::FloorOp::create(builder, loc, type, v);
    Value d = tosa::SubOp::create(builder, loc, type, v, f);
    Value up = tosa::AddOp::create(builder, loc, type, f, one);
    Value halfF = tosa::FloorOp::create(builder, loc, type, mul(f, half, shape));
    Value parity = tosa::SubOp::create(builder, loc, type, f,
                                       mul(halfF, splat(*this, type, 2.0f), shape));
    Value even = tosa::EqualOp::create(builder, loc, boolType(type), parity,
                                       splat(*this, type, 0.0f));
    Value tie = select(*this, even, f, up);
    Value r = select(*this, greater(*this, half, d), f, tie);
    r = select(*this, greater(*this, d, half), up, r);
    // A zero result keeps x's sign (round(-0.4) = -0, as nearbyint): -0 where
    // x < 0 (x * 0 would be folded to +0 by canonicalization).
    Value zero = splat(*this, type, 0.0f), negZero = splat(*this, type, -0.0f);
    Value isZero = tosa::EqualOp::create(builder, loc, boolType(type), r, zero);
    Value toNeg = tosa::LogicalAndOp::create(builder, loc, boolType(type), isZero,
                                             greater(*this, zero, v));
    return select(*this, toNeg, negZero, r);
  });
}

namespace {
/// log(1 + exp(x)) as max(x, 0) + log(1 + exp(-|x|)): no overflow for large x.
Value softplus(GraphImporter &im, Value v, RankedTensorType type) {
  auto &b = im.builder;
  Value absX = tosa::AbsOp::create(b, im.loc, type, v);
  Value negAbs = tosa::NegateOp::create(b, im.loc, type, absX, im.zeroPointF32(),
                                        im.zeroPointF32());
  Value e = tosa::ExpOp::create(b, im.loc, type, negAbs);
  Value l = tosa::LogOp::create(b, im.loc, type,
                                tosa::AddOp::create(b, im.loc, type, e, splat(im, type, 1.0f)));
  Value pos = tosa::MaximumOp::create(b, im.loc, type, v, splat(im, type, 0.0f));
  return tosa::AddOp::create(b, im.loc, type, pos, l);
}
} // namespace

LogicalResult GraphImporter::importSoftplus(const onnx::NodeProto &node) {
  return importUnary(*this, node, [&](Value v, RankedTensorType type) -> Value {
    return softplus(*this, v, type);
  });
}

LogicalResult GraphImporter::importMish(const onnx::NodeProto &node) {
  // x * tanh(softplus(x)) (ONNX Mish-18).
  return importUnary(*this, node, [&](Value v, RankedTensorType type) -> Value {
    Value t = tosa::TanhOp::create(builder, loc, type, softplus(*this, v, type));
    return mul(v, t, type.getShape());
  });
}

LogicalResult GraphImporter::importGelu(const onnx::NodeProto &node) {
  // Gelu-20: approximate = "none": 0.5 x (1 + erf(x / sqrt(2))); "tanh":
  // 0.5 x (1 + tanh(sqrt(2 / pi) (x + 0.044715 x^3))).
  std::string approximate = stringAttr(node, "approximate", "none");
  if (approximate != "none" && approximate != "tanh") {
    opError(node) << "attribute 'approximate' = '" << approximate
                  << "' is not supported (only 'none' and 'tanh')";
    return failure();
  }
  return importUnary(*this, node, [&](Value v, RankedTensorType type) -> Value {
    auto shape = type.getShape();
    Value inner;
    if (approximate == "none") {
      // x / sqrt(2) as ONNX Runtime's x * M_SQRT1_2.
      inner = erf(*this, mul(v, splat(*this, type, float(M_SQRT1_2)), shape), type);
    } else {
      Value cube = mul(mul(v, v, shape), v, shape);
      Value sum = tosa::AddOp::create(builder, loc, type, v,
                                      mul(cube, splat(*this, type, 0.044715f), shape));
      inner = tosa::TanhOp::create(
          builder, loc, type, mul(sum, splat(*this, type, float(std::sqrt(2.0 / M_PI))), shape));
    }
    Value onePlus = tosa::AddOp::create(builder, loc, type, inner, splat(*this, type, 1.0f));
    return mul(mul(v, splat(*this, type, 0.5f), shape), onePlus, shape);
  });
}

LogicalResult GraphImporter::importElu(const onnx::NodeProto &node) {
  // x < 0 ? alpha * (exp(x) - 1) : x (alpha default 1).
  float alpha = floatAttr(node, "alpha", 1.0f);
  return importUnary(*this, node, [&](Value v, RankedTensorType type) -> Value {
    Value e = tosa::ExpOp::create(builder, loc, type, v);
    Value em1 = tosa::SubOp::create(builder, loc, type, e, splat(*this, type, 1.0f));
    Value neg = mul(em1, splat(*this, type, alpha), type.getShape());
    return select(*this, greater(*this, splat(*this, type, 0.0f), v), neg, v);
  });
}

LogicalResult GraphImporter::importSelu(const onnx::NodeProto &node) {
  // gamma * (x > 0 ? x : alpha * exp(x) - alpha) (ONNX Selu defaults).
  float alpha = floatAttr(node, "alpha", 1.67326319217681884765625f);
  float gamma = floatAttr(node, "gamma", 1.05070102214813232421875f);
  return importUnary(*this, node, [&](Value v, RankedTensorType type) -> Value {
    auto shape = type.getShape();
    Value e = tosa::ExpOp::create(builder, loc, type, v);
    Value neg = tosa::SubOp::create(builder, loc, type, mul(e, splat(*this, type, alpha), shape),
                                    splat(*this, type, alpha));
    Value r = select(*this, greater(*this, v, splat(*this, type, 0.0f)), v, neg);
    return mul(r, splat(*this, type, gamma), shape);
  });
}

//--- Pow ---------------------------------------------------------------------------

LogicalResult GraphImporter::importPow(const onnx::NodeProto &node) {
  TensorInfo *x = input(node, 0);
  TensorInfo *y = x ? input(node, 1) : nullptr;
  if (!x || !y)
    return failure();
  TensorInfo legacy, yFloat;
  auto yl = legacyBroadcast(node, *x, *y, legacy);
  if (failed(yl))
    return failure();
  y = *yl;
  if (isConst(*x) && !x->constant->isFloat) {
    opError(node) << "an integer base X is not supported (only float)";
    return failure();
  }
  // An integer exponent (int32/int64, Pow-12+) is used as float: exact for
  // |y| < 2^24, and powf of an integer-valued float is the integer power.
  y = floatConst(*y, yFloat);
  auto outShape = broadcastShapes(x->shape, y->shape);
  if (!outShape) {
    opError(node) << "shapes " << shapeStr(x->shape) << " and " << shapeStr(y->shape)
                  << " do not broadcast";
    return failure();
  }
  if (isConst(*x) && isConst(*y)) {
    auto folded = foldBroadcast(
        *this, node, *x->constant, *y->constant, *outShape, /*outFloat=*/true,
        [](ConstTensor &out, const ConstTensor &a, size_t ia, const ConstTensor &b, size_t ib) {
          out.f.push_back(std::pow(a.f[ia], b.f[ib]));
          return success();
        });
    if (failed(folded))
      return failure();
    defineConst(*this, node, std::move(*folded));
    return success();
  }
  // A constant exponent with one value that does not widen X: 1 -> x, 2 -> x*x,
  // 3 -> x*x*x, -1 -> 1/x, 0.5 -> sqrt as 1/rsqrt (-1 -> NaN, -inf -> +inf, as
  // powf); every
  // other case is tosa.pow (powf: the signed result for a negative base and an
  // integer-valued exponent, 0^0 = 1).
  std::optional<float> e;
  if (isConst(*y) && *outShape == x->shape && !y->constant->f.empty() &&
      llvm::all_of(y->constant->f, [&](float v) { return v == y->constant->f[0]; }))
    e = y->constant->f[0];
  if (e && (*e == 1.0f || *e == 2.0f || *e == 3.0f || *e == -1.0f || *e == 0.5f)) {
    return importUnary(*this, node, [&](Value v, RankedTensorType type) -> Value {
      auto shape = type.getShape();
      if (*e == 1.0f)
        return v;
      if (*e == 2.0f)
        return mul(v, v, shape);
      if (*e == 3.0f)
        return mul(mul(v, v, shape), v, shape);
      if (*e == -1.0f)
        return tosa::ReciprocalOp::create(builder, loc, type, v);
      // powf(-inf, 0.5) = +inf (sqrt(-inf) is NaN).
      float inf = std::numeric_limits<float>::infinity();
      Value r = tosa::RsqrtOp::create(builder, loc, type, v);
      Value root = tosa::ReciprocalOp::create(builder, loc, type, r);
      Value negInf = tosa::EqualOp::create(builder, loc, boolType(type), v,
                                           splat(*this, type, -inf));
      return select(*this, negInf, splat(*this, type, inf), root);
    });
  }
  auto b = broadcastOperands(*this, node, {x, y});
  if (failed(b))
    return failure();
  defineBroadcast(*this, node, *b,
                  tosa::PowOp::create(builder, loc, b->type, b->values[0], b->values[1]));
  return success();
}

//--- LogSoftmax ----------------------------------------------------------------

LogicalResult GraphImporter::importLogSoftmax(const onnx::NodeProto &node) {
  return importSoftmaxLike(node, /*log=*/true);
}

//--- variadic Min / Max / Sum / Mean -----------------------------------------------

LogicalResult GraphImporter::importVariadic(const onnx::NodeProto &node, VariadicKind kind) {
  llvm::SmallVector<TensorInfo *> ins;
  for (int k = 0; k < node.input_size(); ++k) {
    TensorInfo *t = input(node, k);
    if (!t)
      return failure();
    ins.push_back(t);
  }
  if (ins.empty()) {
    opError(node) << "needs at least one input";
    return failure();
  }
  // Before opset 8 all inputs have one shape (no broadcasting).
  if (opset < 8)
    for (TensorInfo *t : ins)
      if (t->shape != ins[0]->shape) {
        opError(node) << "inputs of shapes " << shapeStr(ins[0]->shape) << " and "
                      << shapeStr(t->shape) << " differ (opset " << opset
                      << " has no broadcasting)";
        return failure();
      }
  if (ins.size() == 1) {
    setOutput(node, 0, *ins[0]);
    return success();
  }
  if (llvm::all_of(ins, [](TensorInfo *t) { return isConst(*t); })) {
    // Folded pairwise (int64 when every input is an integer tensor).
    ConstTensor acc = *ins[0]->constant;
    for (TensorInfo *t : llvm::ArrayRef(ins).drop_front()) {
      auto shape = broadcastShapes(acc.shape, t->shape);
      if (!shape) {
        opError(node) << "shapes " << shapeStr(acc.shape) << " and " << shapeStr(t->shape)
                      << " do not broadcast";
        return failure();
      }
      bool isFloat = acc.isFloat || t->constant->isFloat;
      auto folded = foldBroadcast(
          *this, node, acc, *t->constant, *shape, isFloat,
          [&](ConstTensor &out, const ConstTensor &a, size_t ia, const ConstTensor &b,
              size_t ib) -> LogicalResult {
            if (isFloat) {
              float p = float(a.at(ia)), q = float(b.at(ib));
              bool nan = std::isnan(p) || std::isnan(q);
              float nanV = std::numeric_limits<float>::quiet_NaN();
              switch (kind) {
              case VariadicKind::Max: out.f.push_back(nan ? nanV : std::max(p, q)); break;
              case VariadicKind::Min: out.f.push_back(nan ? nanV : std::min(p, q)); break;
              case VariadicKind::Sum:
              case VariadicKind::Mean: out.f.push_back(p + q); break;
              }
              return success();
            }
            int64_t p = a.i[ia], q = b.i[ib], r = 0;
            switch (kind) {
            case VariadicKind::Max: r = std::max(p, q); break;
            case VariadicKind::Min: r = std::min(p, q); break;
            case VariadicKind::Sum:
            case VariadicKind::Mean:
              if (llvm::AddOverflow(p, q, r)) {
                opError(node) << "int64 overflow folding " << p << " and " << q;
                return failure();
              }
              break;
            }
            out.i.push_back(r);
            return success();
          });
      if (failed(folded))
        return failure();
      acc = std::move(*folded);
    }
    if (kind == VariadicKind::Mean) {
      if (!acc.isFloat) {
        opError(node) << "Mean of integer tensors is not supported";
        return failure();
      }
      for (float &v : acc.f)
        v /= float(ins.size());
    }
    defineConst(*this, node, std::move(acc));
    return success();
  }
  auto b = broadcastOperands(*this, node, ins);
  if (failed(b))
    return failure();
  // Pairwise in input order; Max/Min propagate NaN (tosa nan_mode PROPAGATE).
  Value acc = b->values[0];
  for (Value v : llvm::ArrayRef(b->values).drop_front()) {
    RankedTensorType t = broadcastType(*this, acc, v);
    switch (kind) {
    case VariadicKind::Max: acc = tosa::MaximumOp::create(builder, loc, t, acc, v); break;
    case VariadicKind::Min: acc = tosa::MinimumOp::create(builder, loc, t, acc, v); break;
    case VariadicKind::Sum:
    case VariadicKind::Mean: acc = tosa::AddOp::create(builder, loc, t, acc, v); break;
    }
  }
  // The accumulated shape is the broadcast shape (every operand took part).
  if (kind == VariadicKind::Mean)
    acc = divide(acc, splat(*this, b->type, float(ins.size())), b->type);
  defineBroadcast(*this, node, *b, acc);
  return success();
}

LogicalResult GraphImporter::importMax(const onnx::NodeProto &n) {
  return importVariadic(n, VariadicKind::Max);
}
LogicalResult GraphImporter::importMin(const onnx::NodeProto &n) {
  return importVariadic(n, VariadicKind::Min);
}
LogicalResult GraphImporter::importSum(const onnx::NodeProto &n) {
  return importVariadic(n, VariadicKind::Sum);
}
LogicalResult GraphImporter::importMean(const onnx::NodeProto &n) {
  return importVariadic(n, VariadicKind::Mean);
}

//--- comparisons, logical ops, Where -----------------------------------------------

LogicalResult GraphImporter::importCompare(const onnx::NodeProto &node, CompareKind kind) {
  bool unary = kind == CompareKind::Not;
  TensorInfo *a = input(node, 0);
  TensorInfo *b = a && !unary ? input(node, 1) : a;
  if (!a || !b)
    return failure();
  TensorInfo legacy;
  if (!unary) {
    auto bl = legacyBroadcast(node, *a, *b, legacy);
    if (failed(bl))
      return failure();
    b = *bl;
  }
  auto outShape = broadcastShapes(a->shape, b->shape);
  if (!outShape) {
    opError(node) << "shapes " << shapeStr(a->shape) << " and " << shapeStr(b->shape)
                  << " do not broadcast";
    return failure();
  }
  if (isConst(*a) && isConst(*b)) {
    auto folded = foldBroadcast(
        *this, node, *a->constant, *b->constant, *outShape, /*outFloat=*/false,
        [&](ConstTensor &out, const ConstTensor &ca, size_t ia, const ConstTensor &cb,
            size_t ib) {
          // Exact int64 comparison when both are integers; NaN compares false.
          bool ints = !ca.isFloat && !cb.isFloat;
          auto cmp = [&](auto p, auto q) -> bool {
            switch (kind) {
            case CompareKind::Equal: return p == q;
            case CompareKind::Greater: return p > q;
            case CompareKind::Less: return p < q;
            case CompareKind::GreaterOrEqual: return p >= q;
            case CompareKind::LessOrEqual: return p <= q;
            case CompareKind::Not: return p == 0;
            case CompareKind::And: return p != 0 && q != 0;
            case CompareKind::Or: return p != 0 || q != 0;
            case CompareKind::Xor: return (p != 0) != (q != 0);
            }
            return false;
          };
          out.i.push_back(ints ? cmp(ca.i[ia], cb.i[ib]) : cmp(ca.at(ia), cb.at(ib)));
          return success();
        });
    if (failed(folded))
      return failure();
    defineConst(*this, node, std::move(*folded));
    return success();
  }
  TensorInfo fa, fb;
  TensorInfo *pa = floatConst(*a, fa), *pb = unary ? pa : floatConst(*b, fb);
  auto ops = broadcastOperands(*this, node, {pa, pb});
  if (failed(ops))
    return failure();
  Value x = ops->values[0], y = ops->values[1];
  RankedTensorType bt = boolType(ops->type);
  Value zero = splat(*this, ops->type, 0.0f);
  auto isTrue = [&](Value v) -> Value {
    Value z = tosa::EqualOp::create(builder, loc, boolType(cast<RankedTensorType>(v.getType())),
                                    v, zero);
    return tosa::LogicalNotOp::create(builder, loc, z.getType(), z);
  };
  Value r;
  switch (kind) {
  case CompareKind::Equal: r = tosa::EqualOp::create(builder, loc, bt, x, y); break;
  case CompareKind::Greater: r = tosa::GreaterOp::create(builder, loc, bt, x, y); break;
  case CompareKind::Less: r = tosa::GreaterOp::create(builder, loc, bt, y, x); break;
  case CompareKind::GreaterOrEqual:
    r = tosa::GreaterEqualOp::create(builder, loc, bt, x, y);
    break;
  case CompareKind::LessOrEqual: r = tosa::GreaterEqualOp::create(builder, loc, bt, y, x); break;
  case CompareKind::Not:
    r = tosa::EqualOp::create(builder, loc, bt, x, zero);
    break;
  case CompareKind::And:
    r = tosa::LogicalAndOp::create(builder, loc, bt, isTrue(x), isTrue(y));
    break;
  case CompareKind::Or:
    r = tosa::LogicalOrOp::create(builder, loc, bt, isTrue(x), isTrue(y));
    break;
  case CompareKind::Xor:
    r = tosa::LogicalXorOp::create(builder, loc, bt, isTrue(x), isTrue(y));
    break;
  }
  defineBroadcast(*this, node, *ops, boolToF32(*this, r));
  return success();
}

LogicalResult GraphImporter::importEqual(const onnx::NodeProto &n) {
  return importCompare(n, CompareKind::Equal);
}
LogicalResult GraphImporter::importGreater(const onnx::NodeProto &n) {
  return importCompare(n, CompareKind::Greater);
}
LogicalResult GraphImporter::importLess(const onnx::NodeProto &n) {
  return importCompare(n, CompareKind::Less);
}
LogicalResult GraphImporter::importGreaterOrEqual(const onnx::NodeProto &n) {
  return importCompare(n, CompareKind::GreaterOrEqual);
}
LogicalResult GraphImporter::importLessOrEqual(const onnx::NodeProto &n) {
  return importCompare(n, CompareKind::LessOrEqual);
}
LogicalResult GraphImporter::importNot(const onnx::NodeProto &n) {
  return importCompare(n, CompareKind::Not);
}
LogicalResult GraphImporter::importAnd(const onnx::NodeProto &n) {
  return importCompare(n, CompareKind::And);
}
LogicalResult GraphImporter::importOr(const onnx::NodeProto &n) {
  return importCompare(n, CompareKind::Or);
}
LogicalResult GraphImporter::importXor(const onnx::NodeProto &n) {
  return importCompare(n, CompareKind::Xor);
}

LogicalResult GraphImporter::importWhere(const onnx::NodeProto &node) {
  TensorInfo *c = input(node, 0);
  TensorInfo *x = c ? input(node, 1) : nullptr;
  TensorInfo *y = x ? input(node, 2) : nullptr;
  if (!c || !x || !y)
    return failure();
  auto s = broadcastShapes(c->shape, x->shape);
  auto outShape = s ? broadcastShapes(*s, y->shape) : std::nullopt;
  if (!outShape) {
    opError(node) << "shapes " << shapeStr(c->shape) << ", " << shapeStr(x->shape) << " and "
                  << shapeStr(y->shape) << " do not broadcast";
    return failure();
  }
  if (isConst(*c) && isConst(*x) && isConst(*y) && x->constant->isFloat == y->constant->isFloat) {
    // Folded: each operand expanded to the output shape, then x where c != 0.
    bool isFloat = x->constant->isFloat;
    auto expand = [&](const ConstTensor &t) {
      return foldBroadcast(*this, node, t, t, *outShape, t.isFloat,
                           [](ConstTensor &out, const ConstTensor &a, size_t ia,
                              const ConstTensor &, size_t) {
                             a.isFloat ? out.f.push_back(a.f[ia]) : out.i.push_back(a.i[ia]);
                             return success();
                           });
    };
    auto ce = expand(*c->constant), xe = expand(*x->constant), ye = expand(*y->constant);
    if (failed(ce) || failed(xe) || failed(ye))
      return failure();
    ConstTensor out = std::move(*ye);
    for (int64_t k = 0, n = out.numElements(); k < n; ++k)
      if (ce->at(k) != 0) {
        if (isFloat)
          out.f[k] = xe->f[k];
        else
          out.i[k] = xe->i[k];
      }
    defineConst(*this, node, std::move(out));
    return success();
  }
  TensorInfo fc;
  TensorInfo *pc = floatConst(*c, fc);
  auto ops = broadcastOperands(*this, node, {pc, x, y});
  if (failed(ops))
    return failure();
  Value cond = ops->values[0];
  Value isFalse = tosa::EqualOp::create(builder, loc,
                                        boolType(cast<RankedTensorType>(cond.getType())), cond,
                                        splat(*this, ops->type, 0.0f));
  defineBroadcast(*this, node, *ops, select(*this, isFalse, ops->values[2], ops->values[1]));
  return success();
}
