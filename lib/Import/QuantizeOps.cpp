//===- QuantizeOps.cpp - QuantizeLinear and DequantizeLinear ----------------===//
//
// QDQ models (ONNX Runtime's and PyTorch's quantization tools) surround float ops
// with QuantizeLinear -> DequantizeLinear pairs on activations and feed the
// convolutions and matmuls DequantizeLinear(int8 weight), DequantizeLinear(int32
// bias). The importer keeps every runtime tensor in f32, so:
//
//  - QuantizeLinear on a runtime tensor gives an f32 tensor holding the integer
//    values clamp(roundeven(x / scale) + zero_point, qmin, qmax) (a true division,
//    as ONNX Runtime's MLAS; round half to even; saturation to the range of the
//    zero point's type), one linalg.generic (arith.divf, math.roundeven,
//    arith.addf, arith.maximumf/minimumf);
//  - DequantizeLinear of such a tensor gives (y - zero_point) * scale in f32 (the
//    integer difference is exact in f32, the product rounds once, as in ONNX
//    Runtime);
//  - on constants both fold at import time with the same f32 arithmetic:
//    DequantizeLinear(int8 weight) is an ordinary f32 constant weight whose
//    values are the 2^b centroids of the quantization grid, which compress-compile
//    recognizes as a codebook (lossless) by default.
//
// The integer type (int8, uint8, int16, uint16, int4, uint4 (opset 21), int32
// (Dequantize only)) is that of the zero point, or uint8 without one (or, at opset 21,
// QuantizeLinear's output_dtype). A runtime tensor holding integers is only read
// by DequantizeLinear and by ops that move values without computing on them
// (Reshape, Transpose, MaxPool, ...: checkIntegerInputs), so int8 wrap-around
// or integer division can never differ from what the f32 tensor computes.
// int4/uint4 (opset 21) constants are decoded by decodeTensor (Constants.cpp).
// Refused: float8 types (opset 19 saturate), block quantization (opset 21
// block_size != 0), scales or zero points known only at run time.
//
#include "GraphImporter.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <cmath>

using namespace mlir;
using namespace mlir::compress::onnx_import;

namespace {
using TP = onnx::TensorProto;

/// Range of the ONNX integer type `type`; false for a type that is not one of
/// the quantized integer types the importer handles.
bool quantRange(int type, bool allowInt32, double &lo, double &hi) {
  switch (type) {
  case TP::INT8: lo = -128; hi = 127; return true;
  case TP::UINT8: lo = 0; hi = 255; return true;
  case TP::INT16: lo = -32768; hi = 32767; return true;
  case TP::UINT16: lo = 0; hi = 65535; return true;
  case 21: lo = 0; hi = 15; return true;  // UINT4 (opset 21)
  case 22: lo = -8; hi = 7; return true;  // INT4 (opset 21)
  case TP::INT32:
    if (!allowInt32)
      return false;
    lo = -2147483648.0; hi = 2147483647.0; return true;
  default: return false;
  }
}

} // namespace

std::string mlir::compress::onnx_import::onnxTypeName(int type) {
  switch (type) {
  case 17: return "FLOAT8E4M3FN";
  case 18: return "FLOAT8E4M3FNUZ";
  case 19: return "FLOAT8E5M2";
  case 20: return "FLOAT8E5M2FNUZ";
  case 21: return "UINT4";
  case 22: return "INT4";
  default: break;
  }
  std::string n = TP::DataType_Name(TP::DataType(type));
  return n.empty() ? "type " + std::to_string(type) : n;
}

namespace {
/// Scale and zero point of one Quantize/DequantizeLinear node, checked.
struct QParams {
  std::vector<float> scale;
  std::vector<double> zeroPoint;
  /// ONNX axis of the per-axis parameters (ONNX order), -1 for per-tensor.
  int64_t axis = -1;
  int type = TP::UINT8;
  double lo = 0, hi = 255;
};
} // namespace

/// Reads and checks the scale (input 1) and zero point (input 2) of a
/// QuantizeLinear (`quantize`) or DequantizeLinear node whose data input has ONNX
/// shape `shape`; `dataType` is the ONNX type of DequantizeLinear's input (0 if
/// unknown). Follows the ONNX spec of QuantizeLinear/DequantizeLinear 10, 13, 19, 21.
static FailureOr<QParams> readQParams(GraphImporter &gi, const onnx::NodeProto &node,
                                      llvm::ArrayRef<int64_t> shape, bool quantize,
                                      int dataType) {
  QParams p;
  auto bad = [&]() { return gi.opError(node); };
  if (gi.opset >= 21) {
    int64_t block = gi.intAttr(node, "block_size", 0);
    if (block != 0) {
      bad() << "attribute 'block_size' = " << block
            << " is not supported (blocked quantization); only 0 (per-tensor or per-axis)";
      return failure();
    }
  }
  const ConstTensor *scale = gi.constInput(node, 1, quantize ? "y_scale" : "x_scale");
  if (!scale)
    return failure();
  if (!scale->isFloat) {
    bad() << "the scale must be a float tensor";
    return failure();
  }
  const ConstTensor *zp = nullptr;
  if (gi.hasInput(node, 2)) {
    zp = gi.constInput(node, 2, quantize ? "y_zero_point" : "x_zero_point");
    if (!zp)
      return failure();
  }
  // The integer type: the zero point's, else output_dtype (QuantizeLinear-21),
  // else the data's (DequantizeLinear), else uint8.
  if (zp) {
    p.type = zp->onnxType;
    if (zp->isFloat || p.type == 0) {
      bad() << "zero point '" << node.input(2) << "' must be an integer initializer or "
            << "Constant (int8, uint8, int16, uint16, int4, uint4" << (quantize ? "" : ", int32") << ")";
      return failure();
    }
  } else if (quantize && gi.opset >= 21 && gi.attr(node, "output_dtype")) {
    p.type = int(gi.intAttr(node, "output_dtype", TP::UINT8));
  } else if (!quantize && dataType != 0) {
    p.type = dataType;
  }
  if (!quantize && dataType != 0 && dataType != p.type) {
    bad() << "input 'x' has type " << onnxTypeName(dataType) << " but the zero point has type "
          << onnxTypeName(p.type);
    return failure();
  }
  if (!quantRange(p.type, /*allowInt32=*/!quantize, p.lo, p.hi)) {
    auto d = bad() << "quantized type " << onnxTypeName(p.type) << " is not supported";
    if (p.type >= 17 && p.type <= 20)
      d << " (float8; attribute 'saturate' applies to float8 only)";
    d << "; supported: int8, uint8, int16, uint16, int4, uint4" << (quantize ? "" : ", int32");
    return failure();
  }
  int64_t n = scale->numElements();
  bool perTensor = scale->shape.empty() || (scale->shape.size() == 1 && n == 1);
  if (!perTensor) {
    if (gi.opset < 13 || scale->shape.size() != 1) {
      bad() << "the scale must be a scalar"
            << (gi.opset < 13 ? " before opset 13 (per-axis scales came in opset 13)"
                              : " or a 1-D tensor (per-axis)")
            << ", got shape " << shapeStr(scale->shape);
      return failure();
    }
    auto axis = gi.normalizeAxis(node, gi.intAttr(node, "axis", 1), int64_t(shape.size()),
                                 "axis");
    if (failed(axis))
      return failure();
    if (shape[*axis] != n) {
      bad() << "the scale has " << n << " elements, but the data has " << shape[*axis]
            << " along axis " << *axis;
      return failure();
    }
    p.axis = *axis;
  }
  p.scale.assign(scale->f.begin(), scale->f.end());
  if (zp) {
    if (zp->shape != scale->shape && !(zp->numElements() == 1 && n == 1)) {
      bad() << "the zero point has shape " << shapeStr(zp->shape)
            << ", which differs from the scale's " << shapeStr(scale->shape);
      return failure();
    }
    for (int64_t v : zp->i)
      p.zeroPoint.push_back(double(v));
    if (p.type == TP::INT32 && llvm::any_of(zp->i, [](int64_t v) { return v != 0; })) {
      bad() << "an int32 input needs a zero point of 0";
      return failure();
    }
  } else {
    p.zeroPoint.assign(p.scale.size(), 0.0);
  }
  return p;
}

/// Index of the scale/zero point that applies to element `k` of a tensor of ONNX
/// shape `shape` (row-major), for parameters along ONNX axis `axis` (-1: one).
static int64_t paramIndex(int64_t k, llvm::ArrayRef<int64_t> shape, int64_t axis) {
  if (axis < 0)
    return 0;
  int64_t inner = product(shape.drop_front(axis + 1));
  return (k / inner) % shape[axis];
}

/// Emits one linalg.generic over `x` (in its layout: NHWC when `nhwc`) applying
/// `body(b, loc, x, scale, zeroPoint)` elementwise, the parameters taken along
/// ONNX axis `p.axis` (or one for all).
static Value emitQuantGeneric(
    GraphImporter &gi, Value x, bool nhwc, const QParams &p,
    llvm::function_ref<Value(OpBuilder &, Location, Value, Value, Value)> body) {
  OpBuilder &b = gi.builder;
  auto type = cast<RankedTensorType>(x.getType());
  unsigned rank = type.getRank();
  int64_t n = int64_t(p.scale.size());
  Value scale = gi.constF32({n}, p.scale);
  std::vector<float> zpf(p.zeroPoint.begin(), p.zeroPoint.end());
  Value zp = gi.constF32({n}, zpf);
  AffineExpr pe = b.getAffineConstantExpr(0);
  if (p.axis >= 0) {
    int64_t d = p.axis;
    if (nhwc) // ONNX axis of N,C,H,W -> dim of N,H,W,C
      d = d == 0 ? 0 : d == 1 ? 3 : d - 1;
    pe = b.getAffineDimExpr(unsigned(d));
  }
  llvm::SmallVector<AffineMap> maps = {b.getMultiDimIdentityMap(rank),
                                       AffineMap::get(rank, 0, pe, gi.context),
                                       AffineMap::get(rank, 0, pe, gi.context),
                                       b.getMultiDimIdentityMap(rank)};
  llvm::SmallVector<utils::IteratorType> iterators(rank, utils::IteratorType::parallel);
  Value init = tensor::EmptyOp::create(b, gi.loc, type.getShape(), gi.f32());
  auto generic = linalg::GenericOp::create(
      b, gi.loc, TypeRange{type}, ValueRange{x, scale, zp}, ValueRange{init}, maps, iterators,
      [&](OpBuilder &bb, Location l, ValueRange args) {
        linalg::YieldOp::create(bb, l, body(bb, l, args[0], args[1], args[2]));
      });
  return generic.getResult(0);
}

LogicalResult GraphImporter::importQuantizeLinear(const onnx::NodeProto &node) {
  TensorInfo *x = input(node, 0);
  if (!x)
    return failure();
  auto p = readQParams(*this, node, x->shape, /*quantize=*/true, 0);
  if (failed(p))
    return failure();
  if (x->constant && !x->value) {
    // Folded with the runtime's f32 arithmetic: f32 division, round half to even.
    const ConstTensor &c = *x->constant;
    std::vector<int64_t> out(c.numElements());
    for (size_t k = 0; k < out.size(); ++k) {
      int64_t j = paramIndex(int64_t(k), c.shape, p->axis);
      float q = float(c.at(k)) / p->scale[j];
      float r = std::nearbyint(q) + float(p->zeroPoint[j]);
      out[k] = int64_t(std::min<double>(std::max<double>(r, p->lo), p->hi));
    }
    auto t = std::make_shared<ConstTensor>(ConstTensor::ints(c.shape, std::move(out)));
    t->onnxType = p->type;
    TensorInfo info;
    info.shape = c.shape;
    info.constant = std::move(t);
    setOutput(node, 0, std::move(info));
    return success();
  }
  if (runtimeIntTypes.count(node.input(0))) {
    opError(node) << "input '" << node.input(0) << "' holds integers (not a float tensor)";
    return failure();
  }
  bool nhwc;
  FailureOr<Value> v = asIs(node, *x, nhwc);
  if (failed(v))
    return failure();
  context->getOrLoadDialect<math::MathDialect>();
  float lo = float(p->lo), hi = float(p->hi);
  Value y = emitQuantGeneric(*this, *v, nhwc, *p,
                             [&](OpBuilder &b, Location l, Value a, Value s, Value z) -> Value {
                               Value q = arith::DivFOp::create(b, l, a, s);
                               Value r = math::RoundEvenOp::create(b, l, q);
                               Value w = arith::AddFOp::create(b, l, r, z);
                               Value c0 = arith::ConstantOp::create(b, l, b.getF32FloatAttr(lo));
                               Value c1 = arith::ConstantOp::create(b, l, b.getF32FloatAttr(hi));
                               w = arith::MaximumFOp::create(b, l, w, c0);
                               w = arith::MinimumFOp::create(b, l, w, c1);
                               // NaN saturates to qmin, as ONNX Runtime (its float ->
                               // int32 conversion gives INT32_MIN, then clamps).
                               Value nan = arith::CmpFOp::create(b, l, arith::CmpFPredicate::UNO,
                                                                 a, a);
                               return arith::SelectOp::create(b, l, nan, c0, w);
                             });
  TensorInfo info;
  info.shape = x->shape;
  info.value = y;
  info.nhwc = nhwc;
  setOutput(node, 0, std::move(info));
  if (!node.output(0).empty()) {
    runtimeIntTypes[node.output(0)] = p->type;
    quantizedValues.insert(node.output(0));
  }
  return success();
}

LogicalResult GraphImporter::importDequantizeLinear(const onnx::NodeProto &node) {
  TensorInfo *x = input(node, 0);
  if (!x)
    return failure();
  bool isConst = x->constant && !x->value;
  int dataType = 0;
  if (isConst) {
    dataType = x->constant->onnxType;
    if (x->constant->isFloat || dataType == 0) {
      opError(node) << "input 'x' ('" << node.input(0)
                    << "') must be an integer tensor (int8, uint8, int16, uint16, int4, uint4, int32)";
      return failure();
    }
  } else {
    auto it = runtimeIntTypes.find(node.input(0));
    if (it == runtimeIntTypes.end() || it->second == TP::BOOL) {
      opError(node) << "input 'x' ('" << node.input(0)
                    << "') is a float tensor computed at run time; DequantizeLinear reads "
                       "integer tensors (a QuantizeLinear output or an integer constant)";
      return failure();
    }
    dataType = it->second;
  }
  auto p = readQParams(*this, node, x->shape, /*quantize=*/false, dataType);
  if (failed(p))
    return failure();
  if (isConst) {
    // (x - zero_point) * scale in f32, as ONNX Runtime: exact for the integer
    // difference, one rounding for the product.
    const ConstTensor &c = *x->constant;
    std::vector<float> out(c.numElements());
    for (size_t k = 0; k < out.size(); ++k) {
      int64_t j = paramIndex(int64_t(k), c.shape, p->axis);
      int64_t d = c.i[k] - int64_t(p->zeroPoint[j]);
      out[k] = float(int32_t(d)) * p->scale[j];
    }
    TensorInfo info;
    info.shape = c.shape;
    info.constant = std::make_shared<ConstTensor>(ConstTensor::floats(c.shape, std::move(out)));
    setOutput(node, 0, std::move(info));
    return success();
  }
  bool nhwc;
  FailureOr<Value> v = asIs(node, *x, nhwc);
  if (failed(v))
    return failure();
  Value y = emitQuantGeneric(*this, *v, nhwc, *p,
                             [&](OpBuilder &b, Location l, Value a, Value s, Value z) -> Value {
                               Value d = arith::SubFOp::create(b, l, a, z);
                               return arith::MulFOp::create(b, l, d, s);
                             });
  TensorInfo info;
  info.shape = x->shape;
  info.value = y;
  info.nhwc = nhwc;
  setOutput(node, 0, std::move(info));
  return success();
}
