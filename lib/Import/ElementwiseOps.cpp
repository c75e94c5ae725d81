//===- ElementwiseOps.cpp - Add/Sub/Mul/Div, unary math, Softmax ------------===//
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

FailureOr<TensorInfo> GraphImporter::buildBinary(const onnx::NodeProto &node, BinaryKind kind,
                                                 TensorInfo &lhs, TensorInfo &rhs) {
  auto outShape = broadcastShapes(lhs.shape, rhs.shape);
  if (!outShape) {
    nodeError(node) << node.op_type() << " node '" << nodeName(node)
                    << "': shapes " << shapeStr(lhs.shape) << " and " << shapeStr(rhs.shape)
                    << " do not broadcast";
    return failure();
  }
  size_t rank = outShape->size();
  bool useNHWC = rank == 4 && ((lhs.value && lhs.nhwc) || (rhs.value && rhs.nhwc));

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

  auto operand = [&](TensorInfo &t) -> FailureOr<Value> {
    llvm::SmallVector<int64_t> padded(rank - t.shape.size(), 1);
    padded.append(t.shape.begin(), t.shape.end());
    if (t.constant && !t.value) {
      if (!t.constant->isFloat)
        return asONNX(node, t); // reports the error
      ConstTensor c = *t.constant;
      c.shape = padded;
      if (useNHWC)
        c = permuteConst(c, {0, 2, 3, 1});
      return materialize(c, c.shape);
    }
    if (useNHWC) {
      if (t.shape.size() == 4)
        return asNHWC(node, t);
      auto v = asONNX(node, t);
      if (failed(v))
        return failure();
      return transpose(reshape(*v, padded), {0, 2, 3, 1});
    }
    auto v = asONNX(node, t);
    if (failed(v))
      return failure();
    return reshape(*v, padded);
  };
  auto x = operand(lhs);
  if (failed(x))
    return failure();
  auto y = operand(*right);
  if (failed(y))
    return failure();

  llvm::SmallVector<int64_t> resultShape =
      useNHWC ? toNHWCShape(*outShape) : llvm::SmallVector<int64_t>(*outShape);
  auto type = tensorType(resultShape);
  Value result;
  switch (kind) {
  case BinaryKind::Add: result = tosa::AddOp::create(builder, loc, type, *x, *y); break;
  case BinaryKind::Sub: result = tosa::SubOp::create(builder, loc, type, *x, *y); break;
  case BinaryKind::Mul: result = mul(*x, *y, resultShape); break;
  case BinaryKind::Div:
    result = exactReciprocal ? mul(*x, *y, resultShape) : divide(*x, *y, type);
    break;
  }
  TensorInfo info;
  info.shape = *outShape;
  info.value = result;
  info.nhwc = useNHWC;
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
  TensorInfo *x = input(node, 0);
  if (!x)
    return failure();
  int64_t rank = x->shape.size();
  if (rank == 0) {
    nodeError(node) << "Softmax node '" << nodeName(node) << "' needs an input of rank >= 1";
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
  Value inv = tosa::ReciprocalOp::create(builder, loc, reducedType, sum);
  Value y = mul(e, inv, workShape);
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
