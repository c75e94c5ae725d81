//===- ONNXImporter.cpp - ONNX ModelProto to func + tosa ------------------===//
//
// Entry points (parse, check, import) and the graph walk. Operator families are
// imported in ConvOps.cpp, ElementwiseOps.cpp, LinearOps.cpp, ReduceOps.cpp and
// ShapeOps.cpp.
//
#include "GraphImporter.h"
#include "OpsetVersions.h"
#include "compress/Import/Passes.h"

#include "compress/Dialect/Compress/IR/CompressOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/Dialect/Tosa/Transforms/Passes.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/MemoryBuffer.h"

#include <onnx/checker.h>
#include <onnx/defs/schema.h>

#include <cctype>
#include <map>
#include <optional>
#include <stdexcept>
#include <exception>

using namespace mlir;
using namespace mlir::compress;
using namespace mlir::compress::onnx_import;

void compress::registerONNXImportDialects(DialectRegistry &registry) {
  registry.insert<func::FuncDialect, tosa::TosaDialect, tensor::TensorDialect,
                  arith::ArithDialect, linalg::LinalgDialect, CompressDialect>();
}

//===----------------------------------------------------------------------===//
// GraphImporter: helpers
//===----------------------------------------------------------------------===//

GraphImporter::GraphImporter(MLIRContext *context, llvm::StringRef path,
                             const ONNXImportOptions &options)
    : context(context), builder(context), path(path.str()), options(options),
      fileLoc(FileLineColLoc::get(context, path, 0, 0)), loc(fileLoc) {}

std::string GraphImporter::nodeName(const onnx::NodeProto &node) const {
  if (auto it = nodeNames.find(&node); it != nodeNames.end())
    return it->second;
  if (!node.name().empty())
    return node.name();
  // Unnamed nodes are named after their first output, which ONNX keeps unique.
  return node.op_type() + ":" + (node.output_size() ? node.output(0) : std::string("?"));
}

Value GraphImporter::markLayer(const onnx::NodeProto &node, Operation *op) {
  op->setAttr(LayerAttr::getAttrName(),
              LayerAttr::get(context, nodeName(node), "dense", /*params=*/"", std::nullopt,
                             std::nullopt, std::nullopt, std::nullopt, FloatAttr(), FloatAttr()));
  return op->getResult(0);
}

Location GraphImporter::nodeLocation(const onnx::NodeProto &node) const {
  return NameLoc::get(StringAttr::get(context, nodeName(node)), fileLoc);
}

InFlightDiagnostic GraphImporter::nodeError(const onnx::NodeProto &node) {
  return emitError(nodeLocation(node));
}

InFlightDiagnostic GraphImporter::opError(const onnx::NodeProto &node) {
  InFlightDiagnostic diag = nodeError(node);
  diag << node.op_type() << " node '" << nodeName(node) << "': ";
  return diag;
}

TensorInfo *GraphImporter::input(const onnx::NodeProto &node, int index) {
  if (!hasInput(node, index)) {
    nodeError(node) << node.op_type() << " node '" << nodeName(node) << "' is missing input #"
                    << index;
    return nullptr;
  }
  auto it = values.find(node.input(index));
  if (it == values.end()) {
    nodeError(node) << "input '" << node.input(index) << "' of " << node.op_type() << " node '"
                    << nodeName(node)
                    << "' is not defined (no initializer, graph input or earlier node output)";
    return nullptr;
  }
  return &it->second;
}

const ConstTensor *GraphImporter::constInput(const onnx::NodeProto &node, int index,
                                             llvm::StringRef what) {
  TensorInfo *info = input(node, index);
  if (!info)
    return nullptr;
  if (!info->constant) {
    nodeError(node) << what << " '" << node.input(index) << "' of " << node.op_type()
                    << " node '" << nodeName(node)
                    << "' must be a constant (initializer or Constant node)";
    return nullptr;
  }
  return info->constant.get();
}

void GraphImporter::setOutput(llvm::StringRef name, TensorInfo info) {
  if (name.empty())
    return;
  values[name] = std::move(info);
}

LogicalResult GraphImporter::checkShape(const onnx::NodeProto &node,
                                        llvm::ArrayRef<int64_t> shape, llvm::StringRef what,
                                        bool nonEmpty) {
  std::string why = shapeLimitError(shape, nonEmpty);
  if (why.empty())
    return success();
  opError(node) << what << " "
                  << why;
  return failure();
}

void GraphImporter::setOutput(const onnx::NodeProto &node, int index, TensorInfo info) {
  if (index < node.output_size())
    setOutput(node.output(index), std::move(info));
}

LogicalResult GraphImporter::checkUnusedOutput(const onnx::NodeProto &node, int index,
                                               llvm::StringRef what) {
  if (index >= node.output_size() || node.output(index).empty())
    return success();
  if (useCounts.lookup(node.output(index)) == 0)
    return success();
  nodeError(node) << node.op_type() << " node '" << nodeName(node) << "': output " << what
                  << " is not supported";
  return failure();
}

const onnx::AttributeProto *GraphImporter::attr(const onnx::NodeProto &node,
                                                llvm::StringRef name) const {
  for (const auto &a : node.attribute())
    if (a.name() == name)
      return &a;
  return nullptr;
}

int64_t GraphImporter::intAttr(const onnx::NodeProto &node, llvm::StringRef name,
                               int64_t dflt) const {
  const auto *a = attr(node, name);
  return a ? a->i() : dflt;
}

float GraphImporter::floatAttr(const onnx::NodeProto &node, llvm::StringRef name,
                               float dflt) const {
  const auto *a = attr(node, name);
  return a ? a->f() : dflt;
}

std::string GraphImporter::stringAttr(const onnx::NodeProto &node, llvm::StringRef name,
                                      llvm::StringRef dflt) const {
  const auto *a = attr(node, name);
  return a ? a->s() : dflt.str();
}

std::optional<llvm::SmallVector<int64_t>>
GraphImporter::intsAttr(const onnx::NodeProto &node, llvm::StringRef name) const {
  const auto *a = attr(node, name);
  if (!a)
    return std::nullopt;
  return llvm::SmallVector<int64_t>(a->ints().begin(), a->ints().end());
}

FailureOr<llvm::SmallVector<int64_t>>
GraphImporter::constInts(const onnx::NodeProto &node, int index, llvm::StringRef what) {
  const ConstTensor *t = constInput(node, index, what);
  if (!t)
    return failure();
  if (t->isFloat || t->shape.size() > 1) {
    opError(node) << what
                    << " must be a 1-D integer tensor, got " << (t->isFloat ? "a float " : "")
                    << "tensor of shape " << shapeStr(t->shape);
    return failure();
  }
  return llvm::SmallVector<int64_t>(t->i.begin(), t->i.end());
}

FailureOr<std::optional<llvm::SmallVector<int64_t>>>
GraphImporter::intsAttrOrInput(const onnx::NodeProto &node, llvm::StringRef name, int index,
                               int64_t inputOpset) {
  using Result = std::optional<llvm::SmallVector<int64_t>>;
  if (opset < inputOpset)
    return intsAttr(node, name);
  if (!hasInput(node, index))
    return Result();
  auto v = constInts(node, index, name);
  if (failed(v))
    return failure();
  return Result(std::move(*v));
}

FailureOr<int64_t> GraphImporter::normalizeAxis(const onnx::NodeProto &node, int64_t axis,
                                                int64_t rank, llvm::StringRef what) {
  if (axis < -rank || axis >= rank) {
    opError(node) << what << " "
                    << axis << " is out of range for rank " << rank;
    return failure();
  }
  return axis < 0 ? axis + rank : axis;
}

Value GraphImporter::constF32(llvm::ArrayRef<int64_t> shape, llvm::ArrayRef<float> data) {
  auto type = tensorType(shape);
  if (options.resourceMinElements <= 0 || int64_t(data.size()) < options.resourceMinElements)
    return tosa::ConstOp::create(builder, loc, type, DenseElementsAttr::get(type, data));
  // The blob key is a hint (made unique on insertion): the node name, reduced to
  // identifier characters so it prints bare in dialect_resources.
  std::string key;
  if (auto name = dyn_cast<NameLoc>(loc))
    for (char ch : name.getName().getValue())
      key += std::isalnum(static_cast<unsigned char>(ch)) ? ch : '_';
  key = (key.empty() ? "constant" : key) + "_weight";
  auto attr = DenseResourceElementsAttr::get(
      type, key, HeapAsmResourceBlob::allocateAndCopyInferAlign(data));
  return tosa::ConstOp::create(builder, loc, type, attr);
}

Value GraphImporter::materialize(const ConstTensor &t, llvm::ArrayRef<int64_t> shape) {
  return constF32(shape, t.f);
}

// One zero point and one mul shift per function, shared by all ops.
Value GraphImporter::zeroPointF32() {
  if (!zeroPointCache)
    zeroPointCache = constF32({1}, {0.0f});
  return zeroPointCache;
}

Value GraphImporter::mulShift() {
  if (!mulShiftCache) {
    auto type = RankedTensorType::get({1}, builder.getI8Type());
    mulShiftCache = tosa::ConstOp::create(builder, loc, type,
                                          DenseElementsAttr::get(type, llvm::ArrayRef<int8_t>{0}));
  }
  return mulShiftCache;
}

Value GraphImporter::constShape(llvm::ArrayRef<int64_t> shape) {
  int64_t n = shape.size();
  auto attr = DenseIntElementsAttr::get(RankedTensorType::get({n}, builder.getIndexType()), shape);
  return tosa::ConstShapeOp::create(builder, loc, tosa::shapeType::get(context, n), attr);
}

Value GraphImporter::reshape(Value v, llvm::ArrayRef<int64_t> shape) {
  if (cast<RankedTensorType>(v.getType()).getShape() == shape)
    return v;
  return tosa::ReshapeOp::create(builder, loc, tensorType(shape), v, constShape(shape));
}

Value GraphImporter::transpose(Value v, llvm::ArrayRef<int32_t> perm) {
  auto inShape = cast<RankedTensorType>(v.getType()).getShape();
  llvm::SmallVector<int64_t> outShape;
  for (int32_t p : perm)
    outShape.push_back(inShape[p]);
  return tosa::TransposeOp::create(builder, loc, tensorType(outShape), v, perm);
}

Value GraphImporter::mul(Value a, Value b, llvm::ArrayRef<int64_t> shape) {
  return tosa::MulOp::create(builder, loc, tensorType(shape), a, b, mulShift());
}

Value GraphImporter::slice(Value v, llvm::ArrayRef<int64_t> start, llvm::ArrayRef<int64_t> size) {
  if (cast<RankedTensorType>(v.getType()).getShape() == size)
    return v;
  return tosa::SliceOp::create(builder, loc, tensorType(size), v, constShape(start),
                               constShape(size));
}

Value GraphImporter::concat(llvm::ArrayRef<Value> parts, int64_t axis,
                            llvm::ArrayRef<int64_t> shape) {
  constexpr size_t kMaxOperands = 64;
  if (parts.size() == 1)
    return parts[0];
  if (parts.size() <= kMaxOperands)
    return tosa::ConcatOp::create(builder, loc, tensorType(shape), parts,
                                  builder.getI32IntegerAttr(axis));
  llvm::SmallVector<Value> groups;
  for (size_t i = 0; i < parts.size(); i += kMaxOperands) {
    llvm::ArrayRef<Value> chunk = parts.slice(i, std::min(kMaxOperands, parts.size() - i));
    llvm::SmallVector<int64_t> chunkShape(shape);
    chunkShape[axis] = 0;
    for (Value v : chunk)
      chunkShape[axis] += cast<RankedTensorType>(v.getType()).getDimSize(axis);
    groups.push_back(concat(chunk, axis, chunkShape));
  }
  return concat(groups, axis, shape);
}

FailureOr<Value> GraphImporter::asONNX(const onnx::NodeProto &node, TensorInfo &info) {
  if (info.value && !info.nhwc)
    return info.value;
  if (info.onnxCache)
    return info.onnxCache;
  if (info.value) {
    info.onnxCache = transpose(info.value, {0, 3, 1, 2});
    return info.onnxCache;
  }
  if (!info.constant || !info.constant->isFloat) {
    nodeError(node) << node.op_type() << " node '" << nodeName(node)
                    << "' reads an integer tensor as a runtime value; only float tensors "
                       "are supported at run time (integer tensors must fold at import time)";
    return failure();
  }
  info.onnxCache = materialize(*info.constant, info.shape);
  return info.onnxCache;
}

FailureOr<Value> GraphImporter::asNHWC(const onnx::NodeProto &node, TensorInfo &info) {
  if (info.shape.size() != 4) {
    nodeError(node) << node.op_type() << " node '" << nodeName(node)
                    << "' expects a 4-D input, got shape " << shapeStr(info.shape);
    return failure();
  }
  if (info.value && info.nhwc)
    return info.value;
  if (info.nhwcCache)
    return info.nhwcCache;
  if (info.value) {
    info.nhwcCache = transpose(info.value, {0, 2, 3, 1});
    return info.nhwcCache;
  }
  if (!info.constant || !info.constant->isFloat)
    return asONNX(node, info); // reports the error
  ConstTensor t = permuteConst(*info.constant, {0, 2, 3, 1});
  info.nhwcCache = materialize(t, t.shape);
  return info.nhwcCache;
}

FailureOr<Value> GraphImporter::asIs(const onnx::NodeProto &node, TensorInfo &info,
                                     bool &nhwc) {
  nhwc = info.value && info.nhwc;
  if (nhwc)
    return info.value;
  return asONNX(node, info);
}

//===----------------------------------------------------------------------===//
// GraphImporter: graph walk
//===----------------------------------------------------------------------===//

LogicalResult GraphImporter::importInitializers(const onnx::GraphProto &graph) {
  for (const auto &init : graph.initializer()) {
    auto t = decodeTensor(init, NameLoc::get(StringAttr::get(context, init.name()), fileLoc),
                          "initializer '" + init.name() + "'");
    if (failed(t))
      return failure();
    TensorInfo info;
    info.shape = t->shape;
    info.constant = std::make_shared<ConstTensor>(std::move(*t));
    values[init.name()] = std::move(info);
  }
  return success();
}

LogicalResult GraphImporter::importInputs(const onnx::GraphProto &graph,
                                          llvm::SmallVectorImpl<Type> &types,
                                          llvm::SmallVectorImpl<std::string> &names) {
  // Before IR version 4 initializers are listed as inputs too: they are weights.
  // From IR 4 on, an input with an initializer of the same name is an input with
  // a default value that a caller may override. The compiled model freezes it
  // (its weights are what compression works on), which is said in a warning.
  llvm::StringSet<> inputNames;
  std::string known;
  for (const auto &in : graph.input())
    if (!values.count(in.name())) {
      inputNames.insert(in.name());
      known += (known.empty() ? "'" : ", '") + in.name() + "'";
    } else if (irVersion >= 4) {
      emitWarning(NameLoc::get(StringAttr::get(context, in.name()), fileLoc))
          << "graph input '" << in.name()
          << "' has an initializer (a default value callers may override, ONNX IR >= 4); "
             "it is compiled as a constant and is not an input of the compiled model";
    }
  for (const auto &entry : options.inputShapes) {
    if (!inputNames.contains(entry.getKey())) {
      emitError(fileLoc) << "--input-shape names '" << entry.getKey()
                         << "', which is not a graph input (inputs: "
                         << (known.empty() ? "none" : known) << ")";
      return failure();
    }
  }
  for (const auto &in : graph.input()) {
    if (!inputNames.contains(in.name()))
      continue;
    Location inLoc = NameLoc::get(StringAttr::get(context, in.name()), fileLoc);
    if (!in.type().has_tensor_type()) {
      emitError(inLoc) << "graph input '" << in.name() << "' is not a tensor";
      return failure();
    }
    const auto &tt = in.type().tensor_type();
    int elem = tt.elem_type();
    Type storage = storageType(elem);
    if (!storage) {
      emitError(inLoc) << "graph input '" << in.name() << "' has element type "
                       << onnxTypeName(elem)
                       << "; supported are FLOAT, DOUBLE, FLOAT16, BFLOAT16, INT8..INT64, "
                          "UINT8..UINT64 and BOOL";
      return failure();
    }
    llvm::SmallVector<int64_t> shape;
    auto given = options.inputShapes.find(in.name());
    if (given != options.inputShapes.end()) {
      shape = given->second;
      if (tt.has_shape() && tt.shape().dim_size() != int64_t(shape.size())) {
        emitError(inLoc) << "--input-shape gives " << shape.size() << " dimensions for input '"
                         << in.name() << "', but the model declares rank "
                         << tt.shape().dim_size();
        return failure();
      }
      for (int d = 0; tt.has_shape() && d < tt.shape().dim_size(); ++d) {
        const auto &dim = tt.shape().dim(d);
        if (dim.has_dim_value() && dim.dim_value() > 0 && dim.dim_value() != shape[d]) {
          emitError(inLoc) << "--input-shape gives " << shape[d] << " for dimension " << d
                           << " of input '" << in.name() << "', but the model fixes it to "
                           << dim.dim_value();
          return failure();
        }
      }
    } else {
      if (!tt.has_shape()) {
        emitError(inLoc) << "graph input '" << in.name()
                         << "' has no shape; give it with --input-shape " << in.name()
                         << "=d0,d1,...";
        return failure();
      }
      for (int d = 0; d < tt.shape().dim_size(); ++d) {
        const auto &dim = tt.shape().dim(d);
        if (!dim.has_dim_value() || dim.dim_value() < 0) {
          auto diag = emitError(inLoc) << "graph input '" << in.name() << "' has a dynamic dimension "
                                       << d;
          if (dim.has_dim_param())
            diag << " ('" << dim.dim_param() << "')";
          diag << "; give its static shape with --input-shape " << in.name() << "=d0,d1,...";
          return failure();
        }
        shape.push_back(dim.dim_value());
      }
    }
    std::string why = shapeLimitError(shape, /*nonEmpty=*/true);
    if (!why.empty()) {
      emitError(inLoc) << "graph input '" << in.name() << "' " << why;
      return failure();
    }
    TensorInfo info;
    info.shape = shape;
    types.push_back(RankedTensorType::get(shape, storage));
    names.push_back(in.name());
    values[in.name()] = std::move(info);
    inputElemTypes.push_back(elem);
    if (isIntegerType(elem))
      runtimeIntTypes[in.name()] = elem;
    if (elem == onnx::TensorProto::DOUBLE)
      doubleTensors.push_back(in.name());
  }
  return success();
}

LogicalResult GraphImporter::importNode(const onnx::NodeProto &node) {
  static const llvm::StringMap<Handler> handlers = {
      {"Conv", &GraphImporter::importConv},
      {"BatchNormalization", &GraphImporter::importBatchNormalization},
      {"MaxPool", &GraphImporter::importMaxPool},
      {"AveragePool", &GraphImporter::importAveragePool},
      {"GlobalAveragePool", &GraphImporter::importGlobalAveragePool},
      {"Add", &GraphImporter::importAdd},
      {"Sub", &GraphImporter::importSub},
      {"Mul", &GraphImporter::importMul},
      {"Div", &GraphImporter::importDiv},
      {"Relu", &GraphImporter::importRelu},
      {"Clip", &GraphImporter::importClip},
      {"HardSigmoid", &GraphImporter::importHardSigmoid},
      {"Sigmoid", &GraphImporter::importSigmoid},
      {"Softmax", &GraphImporter::importSoftmax},
      {"Exp", &GraphImporter::importExp},
      {"Tanh", &GraphImporter::importTanh},
      {"Sqrt", &GraphImporter::importSqrt},
      {"Neg", &GraphImporter::importNeg},
      {"ReduceMax", &GraphImporter::importReduceMax},
      {"ReduceMin", &GraphImporter::importReduceMin},
      {"ReduceSum", &GraphImporter::importReduceSum},
      {"ReduceMean", &GraphImporter::importReduceMean},
      {"Pad", &GraphImporter::importPad},
      {"MatMul", &GraphImporter::importMatMul},
      {"Gemm", &GraphImporter::importGemm},
      {"Reshape", &GraphImporter::importReshape},
      {"Flatten", &GraphImporter::importFlatten},
      {"Transpose", &GraphImporter::importTranspose},
      {"Identity", &GraphImporter::importIdentity},
      {"Dropout", &GraphImporter::importDropout},
      {"Constant", &GraphImporter::importConstant},
      {"Shape", &GraphImporter::importShape},
      {"Cast", &GraphImporter::importCast},
      {"CastLike", &GraphImporter::importCastLike},
      {"Slice", &GraphImporter::importSlice},
      {"Concat", &GraphImporter::importConcat},
      {"Gather", &GraphImporter::importGather},
      {"Unsqueeze", &GraphImporter::importUnsqueeze},
      {"Squeeze", &GraphImporter::importSqueeze},
      // --- group C: pooling, Conv1d, Pad modes ---
      {"GlobalMaxPool", &GraphImporter::importGlobalMaxPool},
      // --- group B: Resize, ConvTranspose ---
      {"Resize", &GraphImporter::importResize},
      {"Upsample", &GraphImporter::importResize},
      {"ConvTranspose", &GraphImporter::importConvTranspose},
      // --- end group B ---
      // --- group A: elementwise and activation operators ---
      {"LeakyRelu", &GraphImporter::importLeakyRelu},
      {"PRelu", &GraphImporter::importPRelu},
      {"HardSwish", &GraphImporter::importHardSwish},
      {"Sign", &GraphImporter::importSign},
      {"Abs", &GraphImporter::importAbs},
      {"Erf", &GraphImporter::importErf},
      {"Log", &GraphImporter::importLog},
      {"Reciprocal", &GraphImporter::importReciprocal},
      {"Floor", &GraphImporter::importFloor},
      {"Ceil", &GraphImporter::importCeil},
      {"Round", &GraphImporter::importRound},
      {"Softplus", &GraphImporter::importSoftplus},
      {"Mish", &GraphImporter::importMish},
      {"Gelu", &GraphImporter::importGelu},
      {"Elu", &GraphImporter::importElu},
      {"Selu", &GraphImporter::importSelu},
      {"Pow", &GraphImporter::importPow},
      {"LogSoftmax", &GraphImporter::importLogSoftmax},
      {"Max", &GraphImporter::importMax},
      {"Min", &GraphImporter::importMin},
      {"Sum", &GraphImporter::importSum},
      {"Mean", &GraphImporter::importMean},
      {"Equal", &GraphImporter::importEqual},
      {"Greater", &GraphImporter::importGreater},
      {"Less", &GraphImporter::importLess},
      {"GreaterOrEqual", &GraphImporter::importGreaterOrEqual},
      {"LessOrEqual", &GraphImporter::importLessOrEqual},
      {"Not", &GraphImporter::importNot},
      {"And", &GraphImporter::importAnd},
      {"Or", &GraphImporter::importOr},
      {"Xor", &GraphImporter::importXor},
      {"Where", &GraphImporter::importWhere},
      // --- group D: reductions, shape ops, Einsum ---
      {"ReduceL1", &GraphImporter::importReduceL1},
      {"ReduceL2", &GraphImporter::importReduceL2},
      {"ReduceLogSumExp", &GraphImporter::importReduceLogSumExp},
      {"ReduceLogSum", &GraphImporter::importReduceLogSum},
      {"ReduceSumSquare", &GraphImporter::importReduceSumSquare},
      {"ReduceProd", &GraphImporter::importReduceProd},
      {"ArgMax", &GraphImporter::importArgMinMaxTopK},
      {"ArgMin", &GraphImporter::importArgMinMaxTopK},
      {"TopK", &GraphImporter::importArgMinMaxTopK},
      {"Expand", &GraphImporter::importExpand},
      {"Tile", &GraphImporter::importTile},
      {"Split", &GraphImporter::importSplit},
      {"Einsum", &GraphImporter::importEinsum},
      // --- group E: QuantizeLinear, DequantizeLinear ---
      {"QuantizeLinear", &GraphImporter::importQuantizeLinear},
      {"DequantizeLinear", &GraphImporter::importDequantizeLinear},
  };
  bool defaultDomain = node.domain().empty() || node.domain() == "ai.onnx";
  auto it = handlers.find(node.op_type());
  if (!defaultDomain || it == handlers.end()) {
    std::string op = defaultDomain ? node.op_type() : node.domain() + "." + node.op_type();
    nodeError(node) << "unsupported ONNX operator '" << op << "' (node '" << nodeName(node)
                    << "')";
    return failure();
  }
  loc = nodeLocation(node);
  nodeTypes[nodeName(node)] = node.op_type();
  // Window geometry attributes beyond any tensor size: the shape arithmetic of
  // every handler ((in - 1) * stride + kernel, in + pads, ...) stays far from
  // int64 overflow when each value is within +-2^31 and dims are below 2^29.
  for (const auto &a : node.attribute()) {
    llvm::StringRef name = a.name();
    if (a.type() != onnx::AttributeProto::INTS ||
        !llvm::is_contained({"pads", "strides", "dilations", "kernel_shape", "output_padding",
                             "output_shape"},
                            name))
      continue;
    for (int64_t v : a.ints())
      if (v > (int64_t(1) << 31) || v < -(int64_t(1) << 31)) {
        nodeError(node) << node.op_type() << " node '" << nodeName(node) << "': attribute '"
                        << name << "' value " << v << " is out of range (|value| <= 2^31)";
        return failure();
      }
  }
  // The operator's version at the model's opset; an operator used at an opset
  // before it existed (HardSwish at opset 13) is refused by name (ONNX Runtime
  // refuses it too; the checker only knows opsets <= 17).
  llvm::ArrayRef<int> versions = operatorVersions(node.op_type());
  opVersion = operatorVersion(node.op_type(), opset);
  if (!versions.empty() && opVersion == 0) {
    nodeError(node) << node.op_type() << " node '" << nodeName(node) << "': operator "
                    << node.op_type() << " does not exist at opset " << opset
                    << " (it was introduced in opset " << versions.front() << ")";
    return failure();
  }
  // group E: integer-holding runtime tensors reach only ops that keep them exact.
  if (failed(checkIntegerInputs(node)) || failed((this->*(it->second))(node)))
    return failure();
  propagateIntegerTypes(node);
  // Every value a node defines is within the size limits; runtime values (which
  // become MLIR tensors) are also non-empty.
  for (const auto &out : node.output()) {
    auto v = values.find(out);
    if (v != values.end() &&
        failed(checkShape(node, v->second.shape, "output '" + out + "'",
                          /*nonEmpty=*/bool(v->second.value))))
      return failure();
  }
  return success();
}

OwningOpRef<ModuleOp> GraphImporter::importModel(const onnx::ModelProto &model) {
  for (const auto &imp : model.opset_import())
    if (imp.domain().empty() || imp.domain() == "ai.onnx")
      opset = imp.version();
  if (opset > kLatestKnownOpset)
    emitWarning(fileLoc) << "model uses opset " << opset << "; compress knows the operator "
                         << "versions up to opset " << kLatestKnownOpset
                         << " and imports each operator as its opset-" << kLatestKnownOpset
                         << " version";

  const onnx::GraphProto &graph = model.graph();
  irVersion = model.ir_version();
  for (const auto &v : graph.value_info())
    if (v.type().has_tensor_type())
      declaredTypes[v.name()] = v.type().tensor_type().elem_type();
  for (const auto &v : graph.output())
    if (v.type().has_tensor_type())
      declaredTypes[v.name()] = v.type().tensor_type().elem_type();
  for (const auto &v : graph.input())
    if (v.type().has_tensor_type())
      declaredTypes[v.name()] = v.type().tensor_type().elem_type();
  for (const auto &t : graph.initializer())
    declaredTypes[t.name()] = t.data_type();
  OwningOpRef<ModuleOp> module = ModuleOp::create(fileLoc);
  if (failed(importInitializers(graph)))
    return nullptr;
  llvm::SmallVector<Type> argTypes;
  llvm::SmallVector<std::string> inputNames;
  if (failed(importInputs(graph, argTypes, inputNames)))
    return nullptr;
  // Graph outputs of a type compiled models cannot return are refused here.
  for (const auto &out : graph.output()) {
    if (!out.type().has_tensor_type())
      continue;
    int elem = out.type().tensor_type().elem_type();
    if (elem != onnx::TensorProto::UNDEFINED && !storageType(elem)) {
      emitError(NameLoc::get(StringAttr::get(context, out.name()), fileLoc))
          << "graph output '" << out.name() << "' has element type " << onnxTypeName(elem)
          << "; supported are FLOAT, DOUBLE, FLOAT16, BFLOAT16, INT8..INT64, UINT8..UINT64 "
             "and BOOL";
      return nullptr;
    }
    if (elem == onnx::TensorProto::DOUBLE)
      doubleTensors.push_back(out.name());
  }

  for (const auto &node : graph.node())
    for (const auto &in : node.input())
      if (!in.empty())
        ++useCounts[in];
  // Unique node names: the report, remarks and layers= selections name layers by them.
  llvm::StringSet<> taken;
  for (const auto &node : graph.node())
    taken.insert(nodeName(node));
  llvm::StringSet<> assigned;
  for (const auto &node : graph.node()) {
    std::string name = nodeName(node);
    if (assigned.insert(name).second) {
      nodeNames[&node] = name;
      continue;
    }
    std::string unique;
    for (int k = 2;; ++k) {
      unique = name + "#" + std::to_string(k);
      if (!taken.contains(unique) && !assigned.contains(unique))
        break;
    }
    assigned.insert(unique);
    nodeNames[&node] = unique;
    emitWarning(NameLoc::get(StringAttr::get(context, unique), fileLoc))
        << node.op_type() << " node name '" << name
        << "' is already used by an earlier node; this one is named '" << unique
        << "' (in the report, remarks and --*-layers)";
  }
  for (const auto &out : graph.output())
    ++useCounts[out.name()];

  builder.setInsertionPointToEnd(module->getBody());
  auto func = func::FuncOp::create(builder, fileLoc, options.entryName,
                                   builder.getFunctionType(argTypes, {}));
  Block *body = func.addEntryBlock();
  builder.setInsertionPointToEnd(body);
  // Inputs of other element types are converted to f32 first (ElementTypes.cpp).
  for (auto [idx, name] : llvm::enumerate(inputNames)) {
    loc = NameLoc::get(StringAttr::get(context, name), fileLoc);
    values[name].value = boundaryToF32(body->getArgument(idx), inputElemTypes[idx]);
  }
  loc = fileLoc;

  // Each node on its own, in graph order (the ONNX checker has checked that it
  // is topological); fusions across nodes are passes on the result (below).
  for (const auto &node : graph.node())
    if (failed(importNode(node)))
      return nullptr;

  llvm::SmallVector<Value> results;
  llvm::SmallVector<Type> resultTypes;
  llvm::SmallVector<Attribute> inNames, outNames, outDTypes;
  onnx::NodeProto outputNode; // stands for "the graph" in error messages
  outputNode.set_op_type("graph output");
  for (const auto &out : graph.output()) {
    loc = NameLoc::get(StringAttr::get(context, out.name()), fileLoc);
    outputNode.set_name(out.name());
    auto it = values.find(out.name());
    if (it == values.end()) {
      emitError(loc) << "graph output '" << out.name() << "' is not produced by any node";
      return nullptr;
    }
    // The declared element type (else the computed one), converted from f32.
    int elem = out.type().has_tensor_type() ? out.type().tensor_type().elem_type() : 0;
    if (elem == onnx::TensorProto::UNDEFINED)
      elem = runtimeType(out.name());
    Value result;
    const TensorInfo &info = it->second;
    if (!info.value && info.constant && !info.constant->isFloat) {
      // An integer constant output (e.g. a folded Shape) in its own type.
      result = materializeIntOutput(*info.constant, elem);
      if (!result) {
        emitError(loc) << "graph output '" << out.name()
                       << "' is an integer constant but is declared "
                       << onnxTypeName(elem);
        return nullptr;
      }
    } else {
      // The declared type must be what the graph computes (ONNX Runtime refuses
      // such models): integer/bool types exactly, float types among themselves.
      int computed = runtimeType(out.name());
      bool declaredInt = isIntegerType(elem), computedInt = isIntegerType(computed);
      if (info.value && (declaredInt || computedInt) && elem != computed) {
        emitError(loc) << "graph output '" << out.name() << "' is declared "
                       << onnxTypeName(elem) << " but its value is "
                       << (computedInt ? onnxTypeName(computed) : std::string("a float tensor"));
        return nullptr;
      }
      auto v = asONNX(outputNode, it->second);
      if (failed(v))
        return nullptr;
      result = f32ToBoundary(*v, elem);
    }
    results.push_back(result);
    resultTypes.push_back(result.getType());
    outNames.push_back(builder.getStringAttr(out.name()));
    outDTypes.push_back(builder.getStringAttr(numpyDTypeName(elem)));
  }
  loc = fileLoc;
  func::ReturnOp::create(builder, fileLoc, results);
  func.setFunctionType(builder.getFunctionType(argTypes, resultTypes));
  for (const auto &n : inputNames)
    inNames.push_back(builder.getStringAttr(n));
  func->setAttr("compress.input_names", builder.getArrayAttr(inNames));
  func->setAttr("compress.output_names", builder.getArrayAttr(outNames));
  // Element types other than float32 (the ABI's dtypes; ModelABI.h), and the
  // inputs whose integers are exact in f32 only up to 2^24 in magnitude.
  bool allFloat = llvm::all_of(inputElemTypes, [](int t) { return t == onnx::TensorProto::FLOAT; }) &&
                  llvm::all_of(outDTypes, [](Attribute a) {
                    return cast<StringAttr>(a).getValue() == "float32";
                  });
  if (!allFloat) {
    llvm::SmallVector<Attribute> inDTypes, ranges;
    for (int t : inputElemTypes) {
      inDTypes.push_back(builder.getStringAttr(numpyDTypeName(t)));
      int64_t bits = isIntegerType(t) && t != onnx::TensorProto::BOOL ? storageType(t).getIntOrFloatBitWidth() : 0;
      ranges.push_back(builder.getI64IntegerAttr(bits >= 32 ? (int64_t(1) << 24) : 0));
    }
    func->setAttr("compress.input_dtypes", builder.getArrayAttr(inDTypes));
    func->setAttr("compress.output_dtypes", builder.getArrayAttr(outDTypes));
    if (llvm::any_of(ranges, [](Attribute a) { return cast<IntegerAttr>(a).getInt() != 0; }))
      func->setAttr("compress.input_range_checks", builder.getArrayAttr(ranges));
  }
  if (!doubleTensors.empty()) {
    auto diag = emitWarning(fileLoc) << "the model has DOUBLE (float64) tensors (";
    for (auto [k, n] : llvm::enumerate(doubleTensors))
      diag << (k ? ", '" : "'") << n << "'";
    diag << "); compress computes them in float32 (results are rounded to float32 "
            "precision)";
  }

  // Verify, then check the TOSA level limits the lowering checks (tosa-validate,
  // level 8K) here, where every error can name its ONNX node: an op's location
  // is NameLoc(node name), and the handler prefixes "<OpType> node '<name>': ".
  bool reemitting = false;
  ScopedDiagnosticHandler nameNodes(context, [&](Diagnostic &diag) -> LogicalResult {
    auto name = dyn_cast<NameLoc>(diag.getLocation());
    if (reemitting || diag.getSeverity() != DiagnosticSeverity::Error || !name)
      return failure(); // pass it on unchanged
    auto type = nodeTypes.find(name.getName().getValue());
    std::string msg = diag.str();
    reemitting = true;
    if (type != nodeTypes.end())
      emitError(name) << type->second << " node '" << name.getName().getValue()
                      << "': " << msg;
    else
      emitError(name) << "'" << name.getName().getValue() << "': " << msg;
    reemitting = false;
    return success();
  });
  if (failed(verify(*module))) {
    emitError(fileLoc) << "internal error: the imported module does not verify";
    return nullptr;
  }
  // The checked IR is the one returned: BatchNormalization already folded, bias
  // Adds taken into their MatMul's canonical shape.
  PassManager pm(context);
  pm.addNestedPass<func::FuncOp>(createCompressFoldBatchNorm());
  pm.addNestedPass<func::FuncOp>(createCompressFoldChannelShuffle());
  pm.addNestedPass<func::FuncOp>(createCompressFoldMatMulBias());
  pm.addPass(tosa::createTosaValidation(tosa::TosaValidationOptions{}));
  if (failed(pm.run(*module))) {
    emitError(fileLoc) << "the imported model breaks a TOSA level 8K limit (above)";
    return nullptr;
  }
  return module;
}

//===----------------------------------------------------------------------===//
// Public API
//===----------------------------------------------------------------------===//

namespace {
/// Replaces an EXTERNAL tensor's reference by its bytes (raw_data), following
/// https://onnx.ai/onnx/repo-docs/ExternalData.html: `location` is a path
/// relative to the model's folder, `offset` and `length` (optional) select the
/// bytes. Refused, with a diagnostic naming the tensor: an absolute location or
/// one with a `..` component, a file that resolves (through symlinks) outside
/// the model's folder, a missing or non-regular file, a malformed or negative
/// offset/length, a range beyond the end of the file, and a length that is not
/// the tensor's byte size (checked before reading, so memory stays bounded).
LogicalResult loadExternalData(onnx::TensorProto &t, llvm::StringRef modelPath,
                               MLIRContext *context, Location fileLoc,
                               const std::string &what) {
  Location loc = NameLoc::get(StringAttr::get(context, t.name()), fileLoc);
  auto bad = [&]() { return emitError(loc) << what << " (external data): "; };
  std::string location;
  int64_t offset = 0, length = -1;
  for (const auto &entry : t.external_data()) {
    llvm::StringRef value(entry.value());
    if (entry.key() == "location") {
      location = entry.value();
    } else if (entry.key() == "offset" || entry.key() == "length") {
      int64_t v;
      if (value.getAsInteger(10, v) || v < 0) {
        bad() << entry.key() << " '" << entry.value() << "' is not a non-negative integer";
        return failure();
      }
      (entry.key() == "offset" ? offset : length) = v;
    }
  }
  if (location.empty()) {
    bad() << "no location";
    return failure();
  }
  namespace fs = llvm::sys::fs;
  namespace path = llvm::sys::path;
  if (path::is_absolute(location) || path::is_absolute(location, path::Style::windows) ||
      llvm::is_contained(llvm::make_range(path::begin(location), path::end(location)), "..")) {
    bad() << "location '" << location
          << "' must be a path inside the model's folder (no absolute path, no '..')";
    return failure();
  }
  llvm::SmallString<256> dir(modelPath), file, realDir, realFile;
  path::remove_filename(dir);
  if (dir.empty())
    dir = ".";
  file = dir;
  path::append(file, location);
  fs::file_status status;
  if (fs::status(file, status) || !fs::is_regular_file(status)) {
    bad() << "'" << file << "' does not exist or is not a regular file";
    return failure();
  }
  if (fs::real_path(dir, realDir) || fs::real_path(file, realFile) ||
      !llvm::StringRef(realFile).starts_with((realDir + llvm::Twine(path::get_separator())).str())) {
    bad() << "'" << file << "' resolves outside the model's folder";
    return failure();
  }
  int64_t size = int64_t(status.getSize());
  if (offset > size) {
    bad() << "offset " << offset << " is beyond the end of '" << file << "' (" << size
          << " bytes)";
    return failure();
  }
  if (length < 0)
    length = size - offset;
  if (length > size - offset) {
    bad() << "offset " << offset << " + length " << length << " is beyond the end of '" << file
          << "' (" << size << " bytes)";
    return failure();
  }
  llvm::SmallVector<int64_t> dims(t.dims().begin(), t.dims().end());
  size_t elemSize = onnx_import::elementSize(t.data_type());
  std::optional<int64_t> n = onnx_import::checkedProduct(dims);
  if (elemSize == 0 || !n || *n > onnx_import::kMaxElements ||
      length != *n * int64_t(elemSize)) {
    bad() << length << " bytes do not hold a tensor of shape " << onnx_import::shapeStr(dims)
          << " and type " << onnx::TensorProto::DataType_Name(onnx::TensorProto::DataType(t.data_type()));
    return failure();
  }
  auto bytes = llvm::MemoryBuffer::getFileSlice(file, length, offset, /*IsVolatile=*/false);
  if (!bytes) {
    bad() << "cannot read '" << file << "': " << bytes.getError().message();
    return failure();
  }
  t.set_raw_data((*bytes)->getBufferStart(), (*bytes)->getBufferSize());
  t.clear_external_data();
  t.set_data_location(onnx::TensorProto::DEFAULT);
  return success();
}

/// Loads the external data of every initializer and Constant node value.
LogicalResult loadAllExternalData(onnx::ModelProto &model, llvm::StringRef modelPath,
                                  MLIRContext *context, Location fileLoc) {
  auto *graph = model.mutable_graph();
  for (auto &init : *graph->mutable_initializer())
    if (init.data_location() == onnx::TensorProto::EXTERNAL &&
        failed(loadExternalData(init, modelPath, context, fileLoc,
                                "initializer '" + init.name() + "'")))
      return failure();
  for (auto &node : *graph->mutable_node())
    for (auto &a : *node.mutable_attribute())
      if (a.has_t() && a.t().data_location() == onnx::TensorProto::EXTERNAL &&
          failed(loadExternalData(*a.mutable_t(), modelPath, context, fileLoc,
                                  node.op_type() + " node '" + node.name() + "' attribute '" +
                                      a.name() + "'")))
        return failure();
  return success();
}

/// The attribute checks the ONNX checker would make, for a node whose operator
/// version is newer than the checker's schemas (checkModel does not let the
/// checker see it): every attribute must be one the operator has, of its type.
/// Types come from the newest schema the checker has for the operator, and for
/// the attributes added after opset 17 from this table (ONNX 1.16 operator
/// specs). Throws std::runtime_error naming the node and the attribute.
void checkNewerAttributes(const onnx::NodeProto &node, int64_t checkerOpset) {
  using AP = onnx::AttributeProto;
  static const std::map<std::pair<std::string, std::string>, AP::AttributeType> added = {
      {{"Resize", "antialias"}, AP::INT},
      {{"Resize", "axes"}, AP::INTS},
      {{"Resize", "keep_aspect_ratio_policy"}, AP::STRING},
      {{"Split", "num_outputs"}, AP::INT},
      {{"AveragePool", "dilations"}, AP::INTS},
      {{"Cast", "saturate"}, AP::INT},
      {{"QuantizeLinear", "saturate"}, AP::INT},
      {{"QuantizeLinear", "block_size"}, AP::INT},
      {{"QuantizeLinear", "output_dtype"}, AP::INT},
      {{"DequantizeLinear", "block_size"}, AP::INT},
      {{"Gelu", "approximate"}, AP::STRING},
  };
  const onnx::OpSchema *schema =
      onnx::OpSchemaRegistry::Schema(node.op_type(), int(checkerOpset), onnx::ONNX_DOMAIN);
  // An operator neither the checker nor the importer knows is refused by name at import.
  if (!schema && operatorVersions(node.op_type()).empty())
    return;
  std::string where = node.op_type() + " node '" +
                      (node.name().empty() ? node.op_type() : node.name()) + "'";
  for (const auto &a : node.attribute()) {
    std::optional<AP::AttributeType> expected;
    if (auto it = added.find({node.op_type(), a.name()}); it != added.end())
      expected = it->second;
    else if (a.name() == "noop_with_empty_axes" && llvm::StringRef(node.op_type()).starts_with("Reduce"))
      expected = AP::INT; // every Reduce* from opset 18
    else if (schema) {
      auto s = schema->attributes().find(a.name());
      if (s != schema->attributes().end())
        expected = AP::AttributeType(s->second.type);
    }
    if (!expected)
      throw std::runtime_error(where + ": unrecognized attribute '" + a.name() + "'");
    if (a.type() != *expected)
      throw std::runtime_error(where + ": attribute '" + a.name() + "' has type " +
                               AP::AttributeType_Name(a.type()) + ", expected " +
                               AP::AttributeType_Name(*expected));
  }
}

/// Runs the ONNX checker of Debian's libonnx (ONNX 1.12: IR version <= 8, schemas
/// up to opset 17) on a model that may be newer than it, without letting the age
/// of the checker refuse a valid model. For the duration of the check only (the
/// model is restored afterwards, also when the checker throws):
///  - an IR version above the checker's is lowered to it (IR 9 and 10 add element
///    types and model-local functions; the importer refuses element types it does
///    not read, and functions are not imported);
///  - in a model at an opset above the checker's newest, every default-domain node
///    whose operator version at that opset is newer than the checker knows
///    (Resize-19, Pad-18, ReduceMax-18, Gelu-20, ...; OpsetVersions.h), or whose
///    operator the checker does not know at all, is moved to a private domain the
///    checker does not verify: its attributes and inputs are checked by its
///    importer, and an operator with no importer is refused by name;
///  - graph outputs declared without a shape (valid ONNX, and common in exports;
///    the 1.12 checker wants one) get an empty one: their shapes come from import.
/// Throws what onnx::checker::check_model throws.
void checkModel(onnx::ModelProto &model) {
  struct Restore {
    onnx::ModelProto &model;
    int64_t irVersion;
    std::vector<std::pair<onnx::NodeProto *, std::string>> domains;
    std::vector<onnx::TypeProto_Tensor *> shapes;
    bool addedDomain = false;
    ~Restore() {
      model.set_ir_version(irVersion);
      for (auto &[node, domain] : domains)
        node->set_domain(domain);
      for (auto *t : shapes)
        t->clear_shape();
      if (addedDomain)
        model.mutable_opset_import()->RemoveLast();
    }
  } restore{model, model.ir_version(), {}, {}};

  if (model.ir_version() > onnx::IR_VERSION)
    model.set_ir_version(onnx::IR_VERSION);
  int64_t opset = 0;
  for (const auto &imp : model.opset_import())
    if (imp.domain().empty() || imp.domain() == "ai.onnx")
      opset = imp.version();
  const auto &ranges = onnx::OpSchemaRegistry::DomainToVersionRange::Instance().Map();
  auto range = ranges.find(onnx::ONNX_DOMAIN);
  int64_t checkerOpset = range == ranges.end() ? 17 : range->second.second;
  constexpr const char *uncheckedDomain = "compress.unchecked";
  if (opset > checkerOpset) {
    for (auto &node : *model.mutable_graph()->mutable_node()) {
      if (!node.domain().empty() && node.domain() != "ai.onnx")
        continue;
      bool newer = operatorVersion(node.op_type(), opset) > checkerOpset;
      bool unknown = !onnx::OpSchemaRegistry::Schema(node.op_type(), int(checkerOpset),
                                                     onnx::ONNX_DOMAIN);
      if (!newer && !unknown)
        continue;
      checkNewerAttributes(node, checkerOpset);
      restore.domains.emplace_back(&node, node.domain());
      node.set_domain(uncheckedDomain);
    }
    if (!restore.domains.empty()) {
      auto *imp = model.add_opset_import();
      imp->set_domain(uncheckedDomain);
      imp->set_version(1);
      restore.addedDomain = true;
    }
  }
  for (auto &out : *model.mutable_graph()->mutable_output()) {
    if (!out.has_type() || !out.type().has_tensor_type() ||
        out.type().tensor_type().has_shape())
      continue;
    auto *tensor = out.mutable_type()->mutable_tensor_type();
    tensor->mutable_shape();
    restore.shapes.push_back(tensor);
  }
  onnx::checker::check_model(model);
}
} // namespace

OwningOpRef<ModuleOp> compress::importONNXModel(llvm::StringRef path, MLIRContext *context,
                                                const ONNXImportOptions &options) {
  Location fileLoc = FileLineColLoc::get(context, path, 0, 0);
  context->loadDialect<func::FuncDialect, tosa::TosaDialect, tensor::TensorDialect,
                       arith::ArithDialect, linalg::LinalgDialect, CompressDialect>();
  try {
    // A device, FIFO or directory would be read without end (/dev/zero), and
    // protobuf cannot parse more than 2 GiB: refuse both before reading.
    llvm::sys::fs::file_status status;
    if (path != "-" && !llvm::sys::fs::status(path, status)) {
      if (!llvm::sys::fs::is_regular_file(status)) {
        emitError(fileLoc) << "'" << path << "' is not a regular file, not an ONNX model";
        return nullptr;
      }
      if (status.getSize() > uint64_t(INT32_MAX)) {
        emitError(fileLoc) << "'" << path << "' is " << status.getSize()
                           << " bytes; ONNX models (protobuf) are limited to 2 GiB (larger "
                              "weights go in external data files)";
        return nullptr;
      }
    }
    auto buffer = llvm::MemoryBuffer::getFileOrSTDIN(path, /*IsText=*/false);
    if (!buffer) {
      emitError(fileLoc) << "cannot read ONNX model '" << path
                         << "': " << buffer.getError().message();
      return nullptr;
    }
    onnx::ModelProto model;
    llvm::StringRef bytes = (*buffer)->getBuffer();
    if (bytes.empty()) {
      emitError(fileLoc) << "'" << path << "' is empty, not an ONNX model";
      return nullptr;
    }
    if (bytes.size() > size_t(INT32_MAX) ||
        !model.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
      emitError(fileLoc) << "'" << path
                         << "' is not a valid ONNX model (protobuf parse failed: truncated "
                            "or not an ONNX ModelProto)";
      return nullptr;
    }
    if (!model.has_graph()) {
      emitError(fileLoc) << "'" << path << "' is not an ONNX model (no graph)";
      return nullptr;
    }
    if (failed(loadAllExternalData(model, path, context, fileLoc)))
      return nullptr;
    try {
      checkModel(model);
    } catch (const std::exception &e) {
      std::string msg = e.what();
      while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' '))
        msg.pop_back();
      for (char &ch : msg)
        if (ch == '\n')
          ch = ' ';
      emitError(fileLoc) << "ONNX checker rejected '" << path << "': " << msg;
      return nullptr;
    }
    onnx_import::GraphImporter importer(context, path, options);
    return importer.importModel(model);
  } catch (const std::exception &e) {
    emitError(fileLoc) << "ONNX import of '" << path << "' failed: " << e.what();
  } catch (...) {
    emitError(fileLoc) << "ONNX import of '" << path << "' failed with an unknown exception";
  }
  return nullptr;
}

bool compress::parseInputShapes(llvm::StringRef text,
                                llvm::StringMap<llvm::SmallVector<int64_t>> &shapes,
                                std::string &error) {
  llvm::SmallVector<llvm::StringRef> entries;
  // Entries are separated by ';' or whitespace.
  llvm::StringRef rest = text;
  while (!rest.empty()) {
    size_t cut = rest.find_first_of("; \t");
    llvm::StringRef entry = rest.substr(0, cut);
    rest = cut == llvm::StringRef::npos ? llvm::StringRef() : rest.substr(cut + 1);
    if (!entry.empty())
      entries.push_back(entry);
  }
  if (entries.empty()) {
    error = "empty --input-shape; expected name=d0,d1,... (e.g. x=1,3,48,192)";
    return false;
  }
  for (llvm::StringRef entry : entries) {
    size_t eq = entry.rfind('=');
    if (eq == llvm::StringRef::npos || eq == 0) {
      error = ("malformed --input-shape entry '" + entry +
               "'; expected name=d0,d1,... (e.g. x=1,3,48,192)")
                  .str();
      return false;
    }
    llvm::StringRef name = entry.substr(0, eq), dims = entry.substr(eq + 1);
    if (dims.empty()) {
      error = ("--input-shape entry '" + entry + "' gives no dimensions").str();
      return false;
    }
    llvm::SmallVector<llvm::StringRef> parts;
    dims.split(parts, ',', -1, /*KeepEmpty=*/true);
    llvm::SmallVector<int64_t> shape;
    for (llvm::StringRef part : parts) {
      int64_t d;
      if (part.trim().getAsInteger(10, d) || d <= 0) {
        error = ("bad dimension '" + part + "' in --input-shape entry '" + entry +
                 "'; dimensions must be positive integers")
                    .str();
        return false;
      }
      shape.push_back(d);
    }
    if (shapes.count(name)) {
      error = ("--input-shape gives input '" + name + "' twice").str();
      return false;
    }
    shapes[name] = shape;
  }
  return true;
}
