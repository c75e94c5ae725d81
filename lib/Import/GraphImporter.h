//===- GraphImporter.h - state shared by the ONNX operator importers -*- C++ -*-===//
//
// Private to lib/Import. One GraphImporter walks an ONNX graph in node order and
// keeps, for every ONNX value name, what is known about it at import time: its
// static ONNX shape, the SSA value holding it (in NHWC order for 4-D activations
// produced by NHWC ops), and its contents when they are constant. Operator
// families live in their own files (ConvOps.cpp, ElementwiseOps.cpp, ...); each
// handler reads its node and either defines its outputs or reports an error.
//
#ifndef COMPRESS_LIB_IMPORT_GRAPHIMPORTER_H
#define COMPRESS_LIB_IMPORT_GRAPHIMPORTER_H

#include "compress/Import/ONNXImporter.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

#include <onnx/onnx_pb.h>

#include <memory>
#include <optional>
#include <vector>

namespace mlir::compress::onnx_import {

/// A tensor whose contents are known at import time (initializer, Constant
/// node, or the folded result of a shape computation). Floating-point types are
/// held as f32, integer and bool types as i64.
struct ConstTensor {
  bool isFloat = true;
  llvm::SmallVector<int64_t> shape;
  std::vector<float> f;
  std::vector<int64_t> i;
  /// ONNX element type (TensorProto::DataType) of a decoded tensor or a folded
  /// QuantizeLinear result; 0 when unknown (group E: quantized integer types).
  int onnxType = 0;

  int64_t numElements() const;
  double at(size_t k) const { return isFloat ? double(f[k]) : double(i[k]); }
  static ConstTensor floats(llvm::ArrayRef<int64_t> shape, std::vector<float> data);
  static ConstTensor ints(llvm::ArrayRef<int64_t> shape, std::vector<int64_t> data);
};

/// Everything known about one ONNX value.
struct TensorInfo {
  /// Static shape in ONNX order (NCHW for 4-D activations).
  llvm::SmallVector<int64_t> shape;
  /// Runtime value; null for a value only known as a constant so far.
  Value value;
  /// `value` holds the 4-D tensor in NHWC order (shape permuted [0,2,3,1]).
  bool nhwc = false;
  /// Contents, when known at import time.
  std::shared_ptr<ConstTensor> constant;
  /// Layout conversions already emitted for this value (reused by later users).
  Value onnxCache, nhwcCache;
};

/// Element count of a shape already within the limits (no overflow possible).
inline int64_t product(llvm::ArrayRef<int64_t> dims) {
  int64_t p = 1;
  for (int64_t d : dims)
    p *= d;
  return p;
}
/// Row-major strides of `shape`.
llvm::SmallVector<int64_t> stridesOf(llvm::ArrayRef<int64_t> shape);
/// ONNX shape [N,C,H,W] -> [N,H,W,C].
llvm::SmallVector<int64_t> toNHWCShape(llvm::ArrayRef<int64_t> shape);
/// Permutes a constant's data: result dim d is input dim perm[d].
ConstTensor permuteConst(const ConstTensor &in, llvm::ArrayRef<int64_t> perm);
/// Multidirectional (numpy) broadcast of two shapes; nullopt if incompatible.
std::optional<llvm::SmallVector<int64_t>> broadcastShapes(llvm::ArrayRef<int64_t> a,
                                                          llvm::ArrayRef<int64_t> b);
std::string shapeStr(llvm::ArrayRef<int64_t> shape);
/// numpy's name of ONNX element type `t` ("float32", "uint8", "bool", ...; the
/// dtypes of E_info), "" for a type compiled models cannot have at the boundary.
std::string numpyDTypeName(int t);
/// ONNX type name of `t` ("INT64", "FLOAT8E4M3FN", "UINT4", ...).
std::string onnxTypeName(int t);
/// True for the ONNX integer types and BOOL.
bool isIntegerType(int t);

/// Size limits of imported tensors: those of TOSA 1.0 level 8K, which the
/// lowering validates (tosa-validate): rank <= 6 (MAX_RANK) and fewer than 2^31
/// bytes (MAX_LOG2_SIZE 31), i.e. fewer than 2^29 f32 elements. Checking them at
/// import names the ONNX node, and keeps folded constants (whose element counts
/// are bounded by the same limit) from allocating without bound.
constexpr int64_t kMaxRank = 6;
constexpr int64_t kMaxElements = (int64_t(1) << 29) - 1;
/// Product of `dims`; nullopt if a dim is negative or the product overflows
/// int64 (llvm::MulOverflow).
std::optional<int64_t> checkedProduct(llvm::ArrayRef<int64_t> dims);
/// Why `shape` breaks the limits above ("" if it does not): a negative dim, an
/// element count that overflows or exceeds kMaxElements, a rank above kMaxRank,
/// or (with `nonEmpty`, for tensors that become MLIR values) a zero dim.
std::string shapeLimitError(llvm::ArrayRef<int64_t> shape, bool nonEmpty);

class GraphImporter {
public:
  GraphImporter(MLIRContext *context, llvm::StringRef path, const ONNXImportOptions &options);

  /// Imports the graph of a model that already passed the ONNX checker.
  OwningOpRef<ModuleOp> importModel(const onnx::ModelProto &model);

  //===--- helpers used by the operator files ------------------------------===//
  using Handler = LogicalResult (GraphImporter::*)(const onnx::NodeProto &);

  MLIRContext *context;
  OpBuilder builder;
  std::string path;
  const ONNXImportOptions &options;
  int64_t opset = 1;
  /// Version of the operator of the node being imported at `opset` (the
  /// since_version of its schema, OpsetVersions.h); 0 for an operator the
  /// version table does not list.
  int opVersion = 0;
  int64_t irVersion = 0;
  /// Op type of each imported node, by nodeName() (names nodes in diagnostics
  /// raised after import, e.g. by the TOSA level check).
  llvm::StringMap<std::string> nodeTypes;
  Location fileLoc;
  /// Location of the node being imported (every op created for it uses this).
  Location loc;

  llvm::StringMap<TensorInfo> values;
  /// Number of node inputs (plus graph outputs) that read each value.
  llvm::StringMap<unsigned> useCounts;

  Type f32() { return builder.getF32Type(); }
  RankedTensorType tensorType(llvm::ArrayRef<int64_t> shape) {
    return RankedTensorType::get(shape, f32());
  }
  /// The node's name: its `name`, or "<op_type>:<first output>" when it has none.
  /// Unique within the graph (ONNX only recommends unique node names): a name that
  /// an earlier node already has gets "#2", "#3", ... (with a warning), so the layers
  /// of two nodes never share a report row or a layers= selection.
  std::string nodeName(const onnx::NodeProto &node) const;
  /// nodeName() of every node of the graph, assigned before the nodes are imported.
  llvm::DenseMap<const onnx::NodeProto *, std::string> nodeNames;
  /// Attaches the #compress.layer record (nodeName(node), method "dense") to a
  /// tosa.conv2d / depthwise_conv2d / matmul created for `node`: the layer keeps its
  /// name where the location is not printed (--emit=mlir without debug info).
  Value markLayer(const onnx::NodeProto &node, Operation *op);
  Location nodeLocation(const onnx::NodeProto &node) const;
  InFlightDiagnostic nodeError(const onnx::NodeProto &node);
  /// nodeError, the message starting "<OpType> node '<name>': ".
  InFlightDiagnostic opError(const onnx::NodeProto &node);

  /// Input `index` of `node`, or null (with an error) if absent or unknown.
  TensorInfo *input(const onnx::NodeProto &node, int index);
  bool hasInput(const onnx::NodeProto &node, int index) const {
    return index < node.input_size() && !node.input(index).empty();
  }
  /// Input `index`, which must be a constant known at import time.
  const ConstTensor *constInput(const onnx::NodeProto &node, int index, llvm::StringRef what);
  void setOutput(const onnx::NodeProto &node, int index, TensorInfo info);
  void setOutput(llvm::StringRef name, TensorInfo info);
  /// Reports an error naming `node` if `shape` (of `what`) breaks the size
  /// limits (shapeLimitError); used before folding allocates a constant.
  LogicalResult checkShape(const onnx::NodeProto &node, llvm::ArrayRef<int64_t> shape,
                           llvm::StringRef what, bool nonEmpty);
  /// Reports an error if output `index` (>= 1) exists and is read by anyone.
  LogicalResult checkUnusedOutput(const onnx::NodeProto &node, int index, llvm::StringRef what);

  // Attributes.
  const onnx::AttributeProto *attr(const onnx::NodeProto &node, llvm::StringRef name) const;
  int64_t intAttr(const onnx::NodeProto &node, llvm::StringRef name, int64_t dflt) const;
  float floatAttr(const onnx::NodeProto &node, llvm::StringRef name, float dflt) const;
  std::string stringAttr(const onnx::NodeProto &node, llvm::StringRef name,
                         llvm::StringRef dflt) const;
  std::optional<llvm::SmallVector<int64_t>> intsAttr(const onnx::NodeProto &node,
                                                     llvm::StringRef name) const;
  /// Constant input `index` as an int64 list (error unless a 1-D integer tensor).
  FailureOr<llvm::SmallVector<int64_t>> constInts(const onnx::NodeProto &node, int index,
                                                  llvm::StringRef what);
  /// An int list that opsets before `inputOpset` give as attribute `name` and
  /// later ones as constant input `index` (Reshape's shape, Slice's starts,
  /// Squeeze's axes, ...); nullopt when the node does not give it.
  FailureOr<std::optional<llvm::SmallVector<int64_t>>>
  intsAttrOrInput(const onnx::NodeProto &node, llvm::StringRef name, int index,
                  int64_t inputOpset);

  // Values and layouts.
  /// The tensor in ONNX order, materializing constants as tosa.const.
  FailureOr<Value> asONNX(const onnx::NodeProto &node, TensorInfo &info);
  /// A 4-D tensor in NHWC order.
  FailureOr<Value> asNHWC(const onnx::NodeProto &node, TensorInfo &info);
  /// The tensor in whatever layout it already has (constants: ONNX order).
  FailureOr<Value> asIs(const onnx::NodeProto &node, TensorInfo &info, bool &nhwc);
  /// Normalizes a possibly negative axis; error if out of range.
  FailureOr<int64_t> normalizeAxis(const onnx::NodeProto &node, int64_t axis, int64_t rank,
                                   llvm::StringRef what);

  // Op builders (at `loc`).
  Value constF32(llvm::ArrayRef<int64_t> shape, llvm::ArrayRef<float> data);
  Value materialize(const ConstTensor &t, llvm::ArrayRef<int64_t> shape);
  Value zeroPointF32();
  Value mulShift();
  Value constShape(llvm::ArrayRef<int64_t> values);
  Value reshape(Value v, llvm::ArrayRef<int64_t> shape);
  Value transpose(Value v, llvm::ArrayRef<int32_t> perm);
  Value mul(Value a, Value b, llvm::ArrayRef<int64_t> shape);
  Value slice(Value v, llvm::ArrayRef<int64_t> start, llvm::ArrayRef<int64_t> size);
  /// `parts` concatenated along `axis` (the result has `shape`): one tosa.concat of
  /// up to 64 operands (TOSA level 8K, MAX_TENSOR_LIST_SIZE), else a concat of
  /// concats of 64 (grouped convs with more than 64 groups, Concat nodes with more
  /// than 64 inputs); `parts` itself when there is one part.
  Value concat(llvm::ArrayRef<Value> parts, int64_t axis, llvm::ArrayRef<int64_t> shape);
  /// x / y elementwise (arith.divf in a linalg.generic), `type` the result; the
  /// operands have its rank, size-1 dims broadcast (ElementwiseOps.cpp).
  Value divide(Value x, Value y, RankedTensorType type);

  //===--- operator importers (one file per family) ------------------------===//
  // ConvOps.cpp
  LogicalResult importConv(const onnx::NodeProto &node);
  LogicalResult importBatchNormalization(const onnx::NodeProto &node);
  LogicalResult importMaxPool(const onnx::NodeProto &node);
  LogicalResult importAveragePool(const onnx::NodeProto &node);
  LogicalResult importGlobalAveragePool(const onnx::NodeProto &node);
  // ElementwiseOps.cpp
  LogicalResult importAdd(const onnx::NodeProto &node);
  LogicalResult importSub(const onnx::NodeProto &node);
  LogicalResult importMul(const onnx::NodeProto &node);
  LogicalResult importDiv(const onnx::NodeProto &node);
  LogicalResult importRelu(const onnx::NodeProto &node);
  LogicalResult importClip(const onnx::NodeProto &node);
  LogicalResult importHardSigmoid(const onnx::NodeProto &node);
  LogicalResult importSigmoid(const onnx::NodeProto &node);
  LogicalResult importSoftmax(const onnx::NodeProto &node);
  LogicalResult importExp(const onnx::NodeProto &node);
  LogicalResult importTanh(const onnx::NodeProto &node);
  LogicalResult importSqrt(const onnx::NodeProto &node);
  LogicalResult importNeg(const onnx::NodeProto &node);
  // ReduceOps.cpp
  LogicalResult importReduceMax(const onnx::NodeProto &node);
  LogicalResult importReduceMin(const onnx::NodeProto &node);
  LogicalResult importReduceSum(const onnx::NodeProto &node);
  LogicalResult importReduceMean(const onnx::NodeProto &node);
  LogicalResult importPad(const onnx::NodeProto &node);
  // LinearOps.cpp
  LogicalResult importMatMul(const onnx::NodeProto &node);
  LogicalResult importGemm(const onnx::NodeProto &node);
  // ShapeOps.cpp
  LogicalResult importReshape(const onnx::NodeProto &node);
  LogicalResult importFlatten(const onnx::NodeProto &node);
  LogicalResult importTranspose(const onnx::NodeProto &node);
  LogicalResult importIdentity(const onnx::NodeProto &node);
  LogicalResult importDropout(const onnx::NodeProto &node);
  LogicalResult importConstant(const onnx::NodeProto &node);
  LogicalResult importShape(const onnx::NodeProto &node);
  LogicalResult importCast(const onnx::NodeProto &node);
  /// CastLike-15/19/21: Cast to the element type of input 1 (declaredType).
  LogicalResult importCastLike(const onnx::NodeProto &node);
  /// Cast (and CastLike) of input 0 to ONNX type `to`.
  LogicalResult importCastTo(const onnx::NodeProto &node, int64_t to);
  LogicalResult importSlice(const onnx::NodeProto &node);
  LogicalResult importConcat(const onnx::NodeProto &node);
  LogicalResult importGather(const onnx::NodeProto &node);
  LogicalResult importUnsqueeze(const onnx::NodeProto &node);
  LogicalResult importSqueeze(const onnx::NodeProto &node);
  // --- group C: pooling, Conv1d, Pad modes ---
  // ConvOps.cpp: the max over the spatial dims of a 3-D [N,C,L] or 4-D
  // [N,C,H,W] input, kept as size-1 dims (ONNX GlobalMaxPool-1).
  LogicalResult importGlobalMaxPool(const onnx::NodeProto &node);
  // --- group B: Resize, ConvTranspose ---
  // ResizeOps.cpp
  /// Resize (ONNX Resize-10/11/13/18/19) and Upsample (7, 9): any rank, any
  /// axes (4-D NHWC inside, kept NHWC); output dim = floor(in * scale) (f32, as
  /// ONNX Runtime), or `sizes` (with keep_aspect_ratio_policy). Modes nearest (all
  /// nearest_modes), linear, cubic (cubic_coeff_a, exclude_outside); every
  /// coordinate_transformation_mode but tf_crop_and_resize. scales/sizes must
  /// be constants; antialias is refused.
  LogicalResult importResize(const onnx::NodeProto &node);
  /// Resamples axis `axis` of `v` (any layout) to `outLen`: output index o is
  /// sum_t weights[t][o] * v[..., idx[t][o], ...] (weights empty: one tap, a
  /// gather). One linalg.generic with tensor.extract.
  Value resizeAxis(Value v, int64_t axis, int64_t outLen,
                   llvm::ArrayRef<std::vector<int32_t>> idx,
                   llvm::ArrayRef<std::vector<float>> weights);
  // ConvTransposeOps.cpp
  /// ConvTranspose (ONNX ConvTranspose-1/11), 1-D and 2-D: input [N, C_in, (H,) W]
  /// (4-D NHWC inside), weight [C_in, C_out/group, (kH,) kW] (constant or runtime),
  /// bias [C_out]; strides, dilations, pads, output_padding, output_shape (spatial
  /// sizes), auto_pad, group. Output [N, C_out, (H',) W'], NHWC for 4-D. Emitted as
  /// a stride-1 conv of the zero-inserted input with the flipped kernel.
  LogicalResult importConvTranspose(const onnx::NodeProto &node);
  // --- end group B ---
  // --- group D: reductions, shape ops, Einsum ---
  // ReduceOps.cpp. ONNX ReduceL1/L2/LogSumExp/LogSum/SumSquare/Prod (opsets 1-18):
  // axes an attribute before 18, the optional constant input 1 from 18; keepdims;
  // empty axes reduce all (noop_with_empty_axes=1 refused but for Prod). Layout
  // as ReduceSum (NHWC kept with keepdims). LogSumExp subtracts the max first.
  LogicalResult importReduceL1(const onnx::NodeProto &node);
  LogicalResult importReduceL2(const onnx::NodeProto &node);
  LogicalResult importReduceLogSumExp(const onnx::NodeProto &node);
  LogicalResult importReduceLogSum(const onnx::NodeProto &node);
  LogicalResult importReduceSumSquare(const onnx::NodeProto &node);
  LogicalResult importReduceProd(const onnx::NodeProto &node);
  /// ArgMax / ArgMin / TopK: refused, naming the node (their int64 indices
  /// cannot be held: runtime tensors are f32).
  LogicalResult importArgMinMaxTopK(const onnx::NodeProto &node);
  // ShapeOps.cpp. Expand (opset 8+): numpy broadcast of the input to the
  // constant shape input (dims of 1 in the shape keep the input's dim), output
  // rank max(rank(x), len(shape)); Tile (opset 6+): constant repeats, one per
  // dim (tosa.tile); Split (opsets 2-18): split sizes as attribute (< 13) or
  // constant input 1 (13+), equal parts when absent, opset 18 num_outputs
  // (ceil-sized parts, the last one smaller). All keep ONNX order except Split
  // of an NHWC value, which stays NHWC.
  LogicalResult importExpand(const onnx::NodeProto &node);
  LogicalResult importTile(const onnx::NodeProto &node);
  LogicalResult importSplit(const onnx::NodeProto &node);
  // LinearOps.cpp. Einsum (opset 12+) of two operands when it is a batched
  // matmul up to transposes of the operands and the result ("ij,jk->ik",
  // "bij,bkj->bik", "...ij,...jk->...ik", implicit output); other equations
  // are refused naming the equation.
  LogicalResult importEinsum(const onnx::NodeProto &node);
  /// Elements start, start + step, ... (count of them, step >= 1, all inside
  /// the axis) of `v` along `axis` (ShapeOps.cpp): a tosa.slice for step 1, else
  /// slice + reshape [outer, count, step, inner] + slice of the first column.
  Value stridedSlice(Value v, int64_t axis, int64_t start, int64_t step, int64_t count);
  // --- group E: QuantizeLinear, DequantizeLinear (QuantizeOps.cpp) ---
  /// QuantizeLinear-10/13/19/21: y = clamp(roundeven(x / scale) + zero_point,
  /// qmin, qmax) per tensor or per axis, an f32 tensor holding the integers
  /// (folded for a constant x); the integer type is the zero point's (uint8 without).
  LogicalResult importQuantizeLinear(const onnx::NodeProto &node);
  /// DequantizeLinear-10/13/19/21: y = (x - zero_point) * scale in f32, x a
  /// QuantizeLinear output or an integer constant (folded to an f32 constant).
  LogicalResult importDequantizeLinear(const onnx::NodeProto &node);
  // --- element types other than float (ElementTypes.cpp; docs/design.md) ---
  /// Refuses a node reading a runtime integer/bool tensor (runtimeIntTypes)
  /// unless the node's result on it is exact in f32: ops that move, select or
  /// compare values, Cast, DequantizeLinear (list in ElementTypes.cpp).
  LogicalResult checkIntegerInputs(const onnx::NodeProto &node);
  /// Part of checkIntegerInputs: BOOL where ONNX requires it (logical ops, Where's
  /// condition) and nowhere it forbids it (Relu, Sign, Clip); a runtime integer
  /// operand of a selecting op (Concat, Max, Where, Clip bounds, ...) beside a
  /// float runtime operand, or beside a constant beyond +-2^24, is refused.
  LogicalResult checkIntegerOperands(const onnx::NodeProto &node);
  /// After a node: records the ONNX type of its outputs that hold integers or
  /// booleans (comparisons: BOOL, ArgMax: INT64, moving ops: their input's).
  void propagateIntegerTypes(const onnx::NodeProto &node);
  /// Runtime values holding integers or booleans (f32 tensors) -> ONNX type.
  llvm::StringMap<int> runtimeIntTypes;
  /// The runtime values among them that come from a QuantizeLinear.
  llvm::StringSet<> quantizedValues;
  /// ONNX type of runtime value `name`: runtimeIntTypes' entry, else FLOAT.
  int runtimeType(llvm::StringRef name) const;
  /// MLIR element type holding ONNX type `t` at the graph boundary (f32, f64,
  /// f16, bf16, i8 (also UINT8 and BOOL 0/1), i16, i32, i64); null if none.
  Type storageType(int t);
  /// A boundary tensor of ONNX type `t` (storage type) as f32: exact but for
  /// DOUBLE (rounded); BOOL: non-zero -> 1.0.
  Value boundaryToF32(Value arg, int t);
  /// An f32 tensor as the boundary type of `t`: FLOAT16/BFLOAT16 round to
  /// nearest even, integers saturate to the type's range (NaN -> 0), BOOL is x != 0.
  Value f32ToBoundary(Value v, int t);
  /// ONNX Cast of a runtime f32 tensor holding type `from` to type `to` (not
  /// FLOAT/DOUBLE): float -> FLOAT16/BFLOAT16 rounds to nearest even; -> BOOL is
  /// x != 0; float -> integer truncates toward zero and saturates (out of range
  /// is undefined in ONNX; NaN -> 0); integer -> narrower integer wraps (two's
  /// complement), as ONNX Runtime.
  Value castRuntime(Value v, int from, int to);
  /// An integer constant graph output as a constant of its storage type (type
  /// `t`, or the constant's own when `t` is FLOAT and it has one); null when
  /// `t` is not an integer type.
  Value materializeIntOutput(const ConstTensor &c, int t);
  /// ONNX element type of value `name`: declared (graph input/output,
  /// value_info, initializer), else known from the import (runtimeIntTypes,
  /// constants), else FLOAT for a float runtime value; UNDEFINED (0) if unknown.
  int declaredType(llvm::StringRef name) const;
  /// Element types the graph declares (inputs, outputs, value_info, initializers).
  llvm::StringMap<int> declaredTypes;
  /// ONNX element type of each graph input (importInputs), in order.
  llvm::SmallVector<int> inputElemTypes;
  /// Graph tensors of type DOUBLE, computed in f32 (named in one warning).
  llvm::SmallVector<std::string> doubleTensors;
  // --- end group E ---

  /// Binary elementwise op with ONNX broadcasting (ElementwiseOps.cpp).
  enum class BinaryKind { Add, Sub, Mul, Div };
  LogicalResult importBinary(const onnx::NodeProto &node, BinaryKind kind);
  /// Emits `kind` on two runtime/constant operands and returns the result info.
  FailureOr<TensorInfo> buildBinary(const onnx::NodeProto &node, BinaryKind kind,
                                    TensorInfo &lhs, TensorInfo &rhs);
  /// Reshapes a runtime tensor to `shape` (ONNX order), result in ONNX order.
  FailureOr<TensorInfo> reshapeTo(const onnx::NodeProto &node, TensorInfo &in,
                                  llvm::ArrayRef<int64_t> shape);
  /// reshapeTo, defining the node's output 0 with the result.
  LogicalResult defineReshaped(const onnx::NodeProto &node, TensorInfo &in,
                               llvm::ArrayRef<int64_t> shape);

  // --- group A: elementwise and activation operators (ElementwiseOps.cpp) ---
  // Runtime booleans are f32 tensors holding 0.0 / 1.0 (see ElementwiseOps.cpp).
  LogicalResult importLeakyRelu(const onnx::NodeProto &node);
  LogicalResult importPRelu(const onnx::NodeProto &node);
  LogicalResult importHardSwish(const onnx::NodeProto &node);
  LogicalResult importSign(const onnx::NodeProto &node);
  LogicalResult importAbs(const onnx::NodeProto &node);
  LogicalResult importErf(const onnx::NodeProto &node);
  LogicalResult importLog(const onnx::NodeProto &node);
  LogicalResult importReciprocal(const onnx::NodeProto &node);
  LogicalResult importFloor(const onnx::NodeProto &node);
  LogicalResult importCeil(const onnx::NodeProto &node);
  LogicalResult importRound(const onnx::NodeProto &node);
  LogicalResult importSoftplus(const onnx::NodeProto &node);
  LogicalResult importMish(const onnx::NodeProto &node);
  LogicalResult importGelu(const onnx::NodeProto &node);
  LogicalResult importElu(const onnx::NodeProto &node);
  LogicalResult importSelu(const onnx::NodeProto &node);
  LogicalResult importPow(const onnx::NodeProto &node);
  LogicalResult importLogSoftmax(const onnx::NodeProto &node);
  /// Softmax (log = false) or LogSoftmax (log = true) of input 0 along `axis`
  /// (default 1 before opset 13, -1 from 13); before opset 13 the input is
  /// coerced to 2-D [prod(dims < axis), prod(dims >= axis)] and the trailing
  /// block normalized. max-shifted, so large inputs do not overflow.
  LogicalResult importSoftmaxLike(const onnx::NodeProto &node, bool log);
  LogicalResult importMax(const onnx::NodeProto &node);
  LogicalResult importMin(const onnx::NodeProto &node);
  LogicalResult importSum(const onnx::NodeProto &node);
  LogicalResult importMean(const onnx::NodeProto &node);
  enum class VariadicKind { Max, Min, Sum, Mean };
  /// Max/Min/Sum/Mean of 1..N inputs with numpy broadcasting (opset >= 8; equal
  /// shapes before), folded when all are constant; Max/Min propagate NaN.
  LogicalResult importVariadic(const onnx::NodeProto &node, VariadicKind kind);
  LogicalResult importEqual(const onnx::NodeProto &node);
  LogicalResult importGreater(const onnx::NodeProto &node);
  LogicalResult importLess(const onnx::NodeProto &node);
  LogicalResult importGreaterOrEqual(const onnx::NodeProto &node);
  LogicalResult importLessOrEqual(const onnx::NodeProto &node);
  LogicalResult importNot(const onnx::NodeProto &node);
  LogicalResult importAnd(const onnx::NodeProto &node);
  LogicalResult importOr(const onnx::NodeProto &node);
  LogicalResult importXor(const onnx::NodeProto &node);
  enum class CompareKind { Equal, Greater, Less, GreaterOrEqual, LessOrEqual, Not, And, Or, Xor };
  /// Comparison / logical op with broadcasting (legacy broadcast before opset 7):
  /// folded to a 0/1 integer constant when all inputs are constant, else an f32
  /// 0/1 tensor (NaN compares false, as IEEE and ONNX Runtime).
  LogicalResult importCompare(const onnx::NodeProto &node, CompareKind kind);
  /// Where(cond, x, y) with three-way numpy broadcasting: x where cond != 0.
  LogicalResult importWhere(const onnx::NodeProto &node);
  /// Opset < 7 binary ops (Add/Sub/Mul/Div, Pow, comparisons, And/Or): with
  /// `broadcast` = 1, B (rank <= rank A) is placed at A's dims axis.. (suffix when
  /// no `axis`) and reshaped to rank(A), returning `storage`; with broadcast = 0
  /// (default) the shapes must be equal. From opset 7 on, returns &b unchanged.
  FailureOr<TensorInfo *> legacyBroadcast(const onnx::NodeProto &node, TensorInfo &a,
                                          TensorInfo &b, TensorInfo &storage);

private:
  Value zeroPointCache, mulShiftCache;
  LogicalResult importNode(const onnx::NodeProto &node);
  LogicalResult importInitializers(const onnx::GraphProto &graph);
  LogicalResult importInputs(const onnx::GraphProto &graph, llvm::SmallVectorImpl<Type> &types,
                             llvm::SmallVectorImpl<std::string> &names);
};

/// Bytes per element of an ONNX TensorProto data type; 0 for types the importer
/// does not read (Constants.cpp).
size_t elementSize(int dataType);

/// Decodes an ONNX TensorProto (Constants.cpp). `what` names it in errors.
FailureOr<ConstTensor> decodeTensor(const onnx::TensorProto &tensor, Location loc,
                                    llvm::StringRef what);

} // namespace mlir::compress::onnx_import

#endif
