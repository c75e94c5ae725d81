//===- ElementTypes.cpp - element types other than float ------------------===//
//
// compress computes every runtime tensor in f32. Other ONNX element types are
// handled as follows (docs/design.md, "Element types"):
//
//  - At the graph boundary, an input or output of type DOUBLE, FLOAT16,
//    BFLOAT16, INT8/UINT8, INT16/UINT16, INT32/UINT32, INT64/UINT64 or BOOL is an
//    argument/result of the entry function in its storage type (f64, f16, bf16,
//    i8, i16, i32, i64; BOOL is one byte holding 0 or 1) and is converted to or
//    from f32 inside the model: inputs exactly (FLOAT16, BFLOAT16, 8- and 16-bit
//    integers, BOOL) or rounded to f32 (DOUBLE, with a warning at compile time);
//    32- and 64-bit integer inputs are exact in f32 up to 2^24 in magnitude, so
//    the entry function carries `compress.input_range_checks` = 2^24 for them and
//    a call with a larger value fails (COMPRESS_ERROR_INPUT_RANGE) instead of
//    answering wrongly. Outputs: FLOAT16/BFLOAT16 round to nearest even, integer
//    types saturate to their range (NaN gives 0), BOOL is x != 0.
//  - Inside, a runtime tensor of an integer or BOOL type is an f32 tensor holding
//    integers (BOOL: 0 or 1); `runtimeIntTypes` records its ONNX type. Such a
//    tensor only reaches ops whose result on integers is exactly what they compute
//    on the f32 copy: ops that move or select values (Reshape, Transpose, Slice,
//    Concat, Pad, Expand, Tile, Split, Gather, MaxPool, ReduceMax/Min, ArgMax/
//    ArgMin, Clip, Relu, Sign), comparisons, Max/Min, Where, And/Or/Xor/Not, Cast,
//    DequantizeLinear, and the exponent of Pow with a float base. Integer arithmetic (Add, Mul, Div, Pow, ...), where int
//    wrap-around or integer division would differ from f32, is refused naming the
//    node and the type (checkIntegerInputs).
//
//===----------------------------------------------------------------------===//
#include "GraphImporter.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <cmath>
#include <limits>

using namespace mlir;
using namespace mlir::compress::onnx_import;

namespace {
using TP = onnx::TensorProto;

bool isUnsigned(int t) {
  return t == TP::UINT8 || t == TP::UINT16 || t == TP::UINT32 || t == TP::UINT64 ||
         t == TP::BOOL;
}

/// Bit width of an integer (or BOOL: 8) ONNX type; 0 for others.
unsigned intBits(int t) {
  switch (t) {
  case TP::BOOL: case TP::INT8: case TP::UINT8: return 8;
  case TP::INT16: case TP::UINT16: return 16;
  case TP::INT32: case TP::UINT32: return 32;
  case TP::INT64: case TP::UINT64: return 64;
  default: return 0;
  }
}

/// The largest and smallest f32 values within the range of integer type `t`
/// (so that fptosi/fptoui of a clamped value is defined).
void f32Range(int t, float &lo, float &hi) {
  unsigned bits = intBits(t);
  double dlo = isUnsigned(t) ? 0.0 : -std::ldexp(1.0, int(bits) - 1);
  double dhi = isUnsigned(t) ? std::ldexp(1.0, int(bits)) - 1 : std::ldexp(1.0, int(bits) - 1) - 1;
  if (t == TP::BOOL)
    dhi = 1;
  lo = float(dlo); // powers of two: exact
  hi = float(dhi);
  if (double(hi) > dhi)
    hi = std::nextafter(hi, 0.0f);
}

/// A pointwise linalg.generic from `v` to a tensor of `elem` (same shape).
Value pointwise(GraphImporter &im, Value v, Type elem,
                llvm::function_ref<Value(OpBuilder &, Location, Value)> body) {
  auto type = cast<RankedTensorType>(v.getType());
  unsigned rank = type.getRank();
  auto resultType = RankedTensorType::get(type.getShape(), elem);
  Value init = tensor::EmptyOp::create(im.builder, im.loc, type.getShape(), elem);
  llvm::SmallVector<AffineMap> maps(2, im.builder.getMultiDimIdentityMap(rank));
  llvm::SmallVector<utils::IteratorType> iterators(rank, utils::IteratorType::parallel);
  auto generic = linalg::GenericOp::create(
      im.builder, im.loc, TypeRange{resultType}, ValueRange{v}, ValueRange{init}, maps,
      iterators, [&](OpBuilder &b, Location l, ValueRange args) {
        linalg::YieldOp::create(b, l, body(b, l, args[0]));
      });
  return generic.getResult(0);
}

Value f32Const(OpBuilder &b, Location l, float v) {
  return arith::ConstantOp::create(b, l, b.getF32FloatAttr(v));
}

/// x clamped to the f32 range of integer type `t` (f32Range), NaN -> 0.
Value saturate(OpBuilder &b, Location l, Value x, int t) {
  float lo, hi;
  f32Range(t, lo, hi);
  Value c = arith::MaximumFOp::create(b, l, x, f32Const(b, l, lo));
  c = arith::MinimumFOp::create(b, l, c, f32Const(b, l, hi));
  Value nan = arith::CmpFOp::create(b, l, arith::CmpFPredicate::UNO, x, x);
  return arith::SelectOp::create(b, l, nan, f32Const(b, l, 0.0f), c);
}
} // namespace

std::string mlir::compress::onnx_import::numpyDTypeName(int t) {
  switch (t) {
  case TP::FLOAT: return "float32";
  case TP::DOUBLE: return "float64";
  case TP::FLOAT16: return "float16";
  case TP::BFLOAT16: return "bfloat16";
  case TP::INT8: return "int8";
  case TP::UINT8: return "uint8";
  case TP::INT16: return "int16";
  case TP::UINT16: return "uint16";
  case TP::INT32: return "int32";
  case TP::UINT32: return "uint32";
  case TP::INT64: return "int64";
  case TP::UINT64: return "uint64";
  case TP::BOOL: return "bool";
  default: return "";
  }
}

bool mlir::compress::onnx_import::isIntegerType(int t) { return intBits(t) != 0; }

Type GraphImporter::storageType(int t) {
  switch (t) {
  case TP::FLOAT: return builder.getF32Type();
  case TP::DOUBLE: return builder.getF64Type();
  case TP::FLOAT16: return builder.getF16Type();
  case TP::BFLOAT16: return builder.getBF16Type();
  default: break;
  }
  unsigned bits = intBits(t);
  return bits ? Type(builder.getIntegerType(bits)) : Type();
}

Value GraphImporter::boundaryToF32(Value arg, int t) {
  if (t == TP::FLOAT)
    return arg;
  context->getOrLoadDialect<arith::ArithDialect>();
  return pointwise(*this, arg, f32(), [&](OpBuilder &b, Location l, Value x) -> Value {
    if (t == TP::DOUBLE)
      return arith::TruncFOp::create(b, l, b.getF32Type(), x);
    if (t == TP::FLOAT16 || t == TP::BFLOAT16)
      return arith::ExtFOp::create(b, l, b.getF32Type(), x);
    if (t == TP::BOOL) {
      // Any non-zero byte is true, as numpy and ONNX Runtime read bool buffers.
      Value zero = arith::ConstantOp::create(b, l, b.getIntegerAttr(x.getType(), 0));
      Value ne = arith::CmpIOp::create(b, l, arith::CmpIPredicate::ne, x, zero);
      return arith::UIToFPOp::create(b, l, b.getF32Type(), ne);
    }
    if (isUnsigned(t))
      return arith::UIToFPOp::create(b, l, b.getF32Type(), x);
    return arith::SIToFPOp::create(b, l, b.getF32Type(), x);
  });
}

Value GraphImporter::f32ToBoundary(Value v, int t) {
  if (t == TP::FLOAT)
    return v;
  Type elem = storageType(t);
  return pointwise(*this, v, elem, [&](OpBuilder &b, Location l, Value x) -> Value {
    if (t == TP::DOUBLE)
      return arith::ExtFOp::create(b, l, elem, x);
    if (t == TP::FLOAT16 || t == TP::BFLOAT16)
      return arith::TruncFOp::create(b, l, elem, x);
    if (t == TP::BOOL) {
      Value ne = arith::CmpFOp::create(b, l, arith::CmpFPredicate::UNE, x, f32Const(b, l, 0.0f));
      return arith::ExtUIOp::create(b, l, elem, ne);
    }
    // Saturate (NaN -> 0), then convert: defined for every f32.
    Value c = saturate(b, l, x, t);
    if (isUnsigned(t))
      return arith::FPToUIOp::create(b, l, elem, c);
    return arith::FPToSIOp::create(b, l, elem, c);
  });
}

Value GraphImporter::castRuntime(Value v, int from, int to) {
  context->getOrLoadDialect<math::MathDialect>();
  return pointwise(*this, v, f32(), [&](OpBuilder &b, Location l, Value x) -> Value {
    if (to == TP::FLOAT16 || to == TP::BFLOAT16) {
      Type half = to == TP::FLOAT16 ? Type(b.getF16Type()) : Type(b.getBF16Type());
      Value h = arith::TruncFOp::create(b, l, half, x);
      return arith::ExtFOp::create(b, l, b.getF32Type(), h);
    }
    if (to == TP::BOOL) {
      Value ne = arith::CmpFOp::create(b, l, arith::CmpFPredicate::UNE, x, f32Const(b, l, 0.0f));
      return arith::UIToFPOp::create(b, l, b.getF32Type(), ne);
    }
    // To an integer type: from an integer type, two's-complement wrap to the
    // narrower width (exact in f32: |x| <= 2^24, divisions by powers of two);
    // from a float type, truncation toward zero, saturated (NaN -> 0).
    unsigned bits = intBits(to);
    if (isIntegerType(from)) {
      float lo, hi;
      f32Range(to, lo, hi);
      if (bits >= 32)
        return x; // values are within +-2^24 (checked by the caller for unsigned)
      float m = std::ldexp(1.0f, int(bits));
      // r = x - m * floor((x - lo) / m)
      Value s = arith::SubFOp::create(b, l, x, f32Const(b, l, lo));
      Value q = math::FloorOp::create(b, l, arith::MulFOp::create(b, l, s, f32Const(b, l, 1.0f / m)));
      return arith::SubFOp::create(b, l, x, arith::MulFOp::create(b, l, q, f32Const(b, l, m)));
    }
    return saturate(b, l, math::TruncOp::create(b, l, x), to);
  });
}

int GraphImporter::runtimeType(llvm::StringRef name) const {
  auto it = runtimeIntTypes.find(name);
  return it == runtimeIntTypes.end() ? int(TP::FLOAT) : it->second;
}

int GraphImporter::declaredType(llvm::StringRef name) const {
  auto d = declaredTypes.find(name);
  if (d != declaredTypes.end() && d->second != TP::UNDEFINED)
    return d->second;
  auto it = runtimeIntTypes.find(name);
  if (it != runtimeIntTypes.end())
    return it->second;
  auto v = values.find(name);
  if (v == values.end())
    return TP::UNDEFINED;
  if (v->second.value)
    return TP::FLOAT;
  if (v->second.constant && v->second.constant->onnxType)
    return v->second.constant->onnxType;
  return TP::UNDEFINED;
}

LogicalResult GraphImporter::checkIntegerInputs(const onnx::NodeProto &node) {
  // Ops whose result on an integer tensor is the same as on its f32 copy: they
  // move or select values (MaxPool picks one), never compute new ones. Data
  // input 0 only:
  static const llvm::StringSet<> moving = {
      "DequantizeLinear", "QuantizeLinear", "Identity", "Reshape", "Flatten", "Transpose",
      "Squeeze", "Unsqueeze", "Slice", "MaxPool", "Pad", "Expand", "Tile", "Split",
      "Gather", "ReduceMax", "ReduceMin", "ArgMax", "ArgMin", "Cast", "Not", "Dropout",
      "GlobalMaxPool", "CastLike", "Clip", "Relu", "Sign",
      "Shape", "Size"}; // Clip: constant bounds; Shape/Size read no values
  // Every input:
  static const llvm::StringSet<> selecting = {
      "Concat", "Max", "Min", "Equal", "Greater", "Less", "GreaterOrEqual",
      "LessOrEqual", "And", "Or", "Xor", "Where",
      "CastLike"}; // CastLike reads only the element type of input 1
  const std::string &op = node.op_type();
  for (int k = 0; k < node.input_size(); ++k) {
    auto it = runtimeIntTypes.find(node.input(k));
    if (it == runtimeIntTypes.end())
      continue;
    // QuantizeLinear refuses its own integer input; DequantizeLinear reads it.
    if ((moving.contains(op) && k == 0) || selecting.contains(op))
      continue;
    // A float base to an integer power: pow(x, float(y)), y exact.
    if (op == "Pow" && k == 1 && runtimeType(node.input(0)) == TP::FLOAT &&
        !runtimeIntTypes.count(node.input(0)))
      continue;
    auto diag = opError(node) << "input '" << node.input(k) << "' holds "
                              << onnxTypeName(it->second) << " values computed at run time";
    if (it->second != TP::BOOL && quantizedValues.contains(node.input(k)))
      diag << " (a QuantizeLinear output); only DequantizeLinear and ops that move values "
              "(Reshape, Transpose, MaxPool, ...) are supported on it";
    else
      diag << "; integer arithmetic is not supported (compress computes in f32: only ops "
              "that move, select or compare values, Cast and DequantizeLinear read "
              "integer or bool tensors)";
    return failure();
  }
  return checkIntegerOperands(node);
}

LogicalResult GraphImporter::checkIntegerOperands(const onnx::NodeProto &node) {
  const std::string &op = node.op_type();
  auto runtime = [&](int k) {
    if (k >= node.input_size() || node.input(k).empty())
      return false;
    auto v = values.find(node.input(k));
    return v != values.end() && bool(v->second.value);
  };
  auto typeOf = [&](int k) { return runtimeType(node.input(k)); };
  // Logical ops read BOOL, Where's condition is BOOL (ill-typed otherwise: ONNX
  // Runtime refuses such models, and an f32 value would be read as x != 0).
  bool logical = op == "And" || op == "Or" || op == "Xor" || op == "Not";
  for (int k = 0; k < node.input_size(); ++k) {
    if (!runtime(k))
      continue;
    bool mustBeBool = logical || (op == "Where" && k == 0);
    bool mustNotBeBool = op == "Relu" || op == "Sign" || op == "Clip";
    if ((mustBeBool && typeOf(k) != TP::BOOL) || (mustNotBeBool && typeOf(k) == TP::BOOL)) {
      opError(node) << "input '" << node.input(k) << "' is " << onnxTypeName(typeOf(k))
                    << (mustBeBool ? "; it must be BOOL" : "; BOOL is not a valid type here");
      return failure();
    }
  }
  // Value operands of the selecting ops (and Clip's bounds, Pad's constant value):
  // with a runtime integer operand, the others must be integers of the same kind,
  // and constants must be exact in f32 (|v| <= 2^24) to compare equal to them.
  static const llvm::StringSet<> selecting = {"Concat", "Max", "Min", "Equal", "Greater",
                                                "Less", "GreaterOrEqual", "LessOrEqual",
                                                "Where", "Clip", "Pad"};
  if (!selecting.contains(op))
    return success();
  llvm::SmallVector<int> operands;
  for (int k = 0; k < node.input_size(); ++k) {
    if (node.input(k).empty() || (op == "Where" && k == 0) ||
        (op == "Pad" && k != 0 && k != 2))
      continue;
    operands.push_back(k);
  }
  int intType = 0;
  for (int k : operands)
    if (runtime(k) && isIntegerType(typeOf(k)) && typeOf(k) != TP::BOOL)
      intType = typeOf(k);
  if (!intType)
    return success();
  for (int k : operands) {
    if (runtime(k) && !isIntegerType(typeOf(k))) {
      opError(node) << "input '" << node.input(k) << "' is " << onnxTypeName(typeOf(k))
                    << " and another input is " << onnxTypeName(intType)
                    << "; the operands must have one element type";
      return failure();
    }
    auto v = values.find(node.input(k));
    if (runtime(k) || v == values.end() || !v->second.constant)
      continue;
    const ConstTensor &c = *v->second.constant;
    for (int64_t i = 0, n = c.numElements(); i < n; ++i) {
      double x = c.at(i);
      if (std::fabs(x) > double(int64_t(1) << 24)) {
        opError(node) << "constant input '" << node.input(k) << "' holds " << int64_t(x)
                      << ", beyond +-2^24: compress computes on the " << onnxTypeName(intType)
                      << " operand in f32, where such integers are not exact";
        return failure();
      }
    }
  }
  return success();
}

void GraphImporter::propagateIntegerTypes(const onnx::NodeProto &node) {
  const std::string &op = node.op_type();
  auto set = [&](int k, int type) {
    if (k < node.output_size() && !node.output(k).empty()) {
      auto v = values.find(node.output(k));
      if (v != values.end() && v->second.value)
        runtimeIntTypes[node.output(k)] = type;
    }
  };
  if (op == "Equal" || op == "Greater" || op == "Less" || op == "GreaterOrEqual" ||
      op == "LessOrEqual" || op == "Not" || op == "And" || op == "Or" || op == "Xor") {
    set(0, TP::BOOL);
    return;
  }
  if (op == "ArgMax" || op == "ArgMin") {
    set(0, TP::INT64);
    return;
  }
  if (op == "Cast" || op == "CastLike" || op == "QuantizeLinear" || op == "DequantizeLinear")
    return; // set by their importers
  // Where: the type of its data inputs; Max/Min/Concat: of any integer input.
  int from = op == "Where" ? 1 : 0;
  int type = TP::FLOAT;
  for (int k = from; k < node.input_size() && type == TP::FLOAT; ++k) {
    if (node.input(k).empty())
      continue;
    if (op != "Where" && op != "Max" && op != "Min" && op != "Concat" && k > 0)
      break;
    type = runtimeType(node.input(k));
    if (type == TP::FLOAT) {
      // an integer constant operand (Where(cond, int_const, x))
      auto v = values.find(node.input(k));
      if (v != values.end() && v->second.constant && !v->second.constant->isFloat &&
          v->second.constant->onnxType && isIntegerType(v->second.constant->onnxType) &&
          (op == "Where" || op == "Max" || op == "Min" || op == "Concat"))
        type = v->second.constant->onnxType;
    }
  }
  if (type == TP::FLOAT)
    return;
  for (int k = 0; k < node.output_size(); ++k)
    set(k, type);
  if (node.input_size() > 0 && quantizedValues.contains(node.input(0)))
    for (const auto &out : node.output())
      if (runtimeIntTypes.count(out))
        quantizedValues.insert(out);
}

Value GraphImporter::materializeIntOutput(const ConstTensor &c, int t) {
  if (t == TP::FLOAT && c.onnxType)
    t = c.onnxType; // declared without a type: the constant's own
  if (!isIntegerType(t))
    return {};
  auto type = RankedTensorType::get(c.shape, storageType(t));
  unsigned bits = intBits(t);
  llvm::SmallVector<APInt> data;
  data.reserve(c.i.size());
  for (int64_t v : c.i)
    data.push_back(APInt(bits, uint64_t(t == TP::BOOL ? int64_t(v != 0) : v),
                         /*isSigned=*/!isUnsigned(t), /*implicitTrunc=*/true));
  return arith::ConstantOp::create(builder, loc, type, DenseElementsAttr::get(type, data));
}
