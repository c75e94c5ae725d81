//===- OpsetVersions.cpp - ONNX operator versions up to opset 21 ----------===//
//
// Generated once from ONNX's schema registry (opsets 1..17, python3-onnx 1.12:
// onnx.defs.get_schema(op, opset).since_version) and completed for opsets 18..21
// from onnx/defs/operator_sets.h (ONNX 1.16). Versions that only add element
// types (e.g. Reshape-19/21, Transpose-21) are listed too: a handler that reads
// its node by attribute and input handles them, as the importer refuses element
// types it does not read.
//
#include "OpsetVersions.h"

#include "llvm/ADT/StringMap.h"

#include <algorithm>
#include <vector>

using namespace mlir::compress::onnx_import;

namespace {
const llvm::StringMap<std::vector<int>> &table() {
  static const llvm::StringMap<std::vector<int>> versions = {
    {"Abs", {1, 6, 13}},
    {"Acos", {7}},
    {"Add", {1, 6, 7, 13, 14}},
    {"And", {1, 7}},
    {"ArgMax", {1, 11, 12, 13}},
    {"ArgMin", {1, 11, 12, 13}},
    {"AveragePool", {1, 7, 10, 11, 19}},
    {"BatchNormalization", {1, 6, 7, 9, 14, 15}},
    {"Cast", {1, 6, 9, 13, 19, 21}},
    {"CastLike", {15, 19, 21}},
    {"Ceil", {1, 6, 13}},
    {"Clip", {1, 6, 11, 12, 13}},
    {"Concat", {1, 4, 11, 13}},
    {"Constant", {1, 9, 11, 12, 13, 19, 21}},
    {"ConstantOfShape", {9, 20, 21}},
    {"Conv", {1, 11}},
    {"ConvTranspose", {1, 11}},
    {"DepthToSpace", {1, 11, 13}},
    {"DequantizeLinear", {10, 13, 19, 21}},
    {"Div", {1, 6, 7, 13, 14}},
    {"Dropout", {1, 6, 7, 10, 12, 13}},
    {"Einsum", {12}},
    {"Elu", {1, 6}},
    {"Equal", {1, 7, 11, 13, 19}},
    {"Erf", {9, 13}},
    {"Exp", {1, 6, 13}},
    {"Expand", {8, 13}},
    {"Flatten", {1, 9, 11, 13, 21}},
    {"Floor", {1, 6, 13}},
    {"Gather", {1, 11, 13}},
    {"GatherElements", {11, 13}},
    {"Gelu", {20}},
    {"Gemm", {1, 6, 7, 9, 11, 13}},
    {"GlobalAveragePool", {1}},
    {"GlobalMaxPool", {1}},
    {"Greater", {1, 7, 9, 13}},
    {"GreaterOrEqual", {12, 16}},
    {"HardSigmoid", {1, 6}},
    {"HardSwish", {14}},
    {"Identity", {1, 13, 14, 16, 19, 21}},
    {"InstanceNormalization", {1, 6}},
    {"LayerNormalization", {17}},
    {"LeakyRelu", {1, 6, 16}},
    {"Less", {1, 7, 9, 13}},
    {"LessOrEqual", {12, 16}},
    {"Log", {1, 6, 13}},
    {"LogSoftmax", {1, 11, 13}},
    {"LpPool", {1, 2, 11, 18}},
    {"MatMul", {1, 9, 13}},
    {"Max", {1, 6, 8, 12, 13}},
    {"MaxPool", {1, 8, 10, 11, 12}},
    {"Mean", {1, 6, 8, 13}},
    {"Min", {1, 6, 8, 12, 13}},
    {"Mish", {18}},
    {"Mul", {1, 6, 7, 13, 14}},
    {"Neg", {1, 6, 13}},
    {"Not", {1}},
    {"Or", {1, 7}},
    {"Xor", {1, 7}},
    {"PRelu", {1, 6, 7, 9, 16}},
    {"Pad", {1, 2, 11, 13, 18, 19, 21}},
    {"Pow", {1, 7, 12, 13, 15}},
    {"QuantizeLinear", {10, 13, 19, 21}},
    {"Reciprocal", {1, 6, 13}},
    {"ReduceL1", {1, 11, 13, 18}},
    {"ReduceL2", {1, 11, 13, 18}},
    {"ReduceLogSum", {1, 11, 13, 18}},
    {"ReduceLogSumExp", {1, 11, 13, 18}},
    {"ReduceMax", {1, 11, 12, 13, 18, 20}},
    {"ReduceMean", {1, 11, 13, 18}},
    {"ReduceMin", {1, 11, 12, 13, 18, 20}},
    {"ReduceProd", {1, 11, 13, 18}},
    {"ReduceSum", {1, 11, 13}},
    {"ReduceSumSquare", {1, 11, 13, 18}},
    {"Relu", {1, 6, 13, 14}},
    {"Reshape", {1, 5, 13, 14, 19, 21}},
    {"Resize", {10, 11, 13, 18, 19}},
    {"Round", {11}},
    {"Selu", {1, 6}},
    {"Shape", {1, 13, 15, 19, 21}},
    {"Sigmoid", {1, 6, 13}},
    {"Sign", {9, 13}},
    {"Size", {1, 13, 19, 21}},
    {"Slice", {1, 10, 11, 13}},
    {"Softmax", {1, 11, 13}},
    {"Softplus", {1}},
    {"Softsign", {1}},
    {"SpaceToDepth", {1, 13}},
    {"Split", {1, 2, 11, 13, 18}},
    {"Sqrt", {1, 6, 13}},
    {"Squeeze", {1, 11, 13, 21}},
    {"Sub", {1, 6, 7, 13, 14}},
    {"Sum", {1, 6, 8, 13}},
    {"Tanh", {1, 6, 13}},
    {"Tile", {1, 6, 13}},
    {"TopK", {1, 10, 11}},
    {"Transpose", {1, 13, 21}},
    {"Unsqueeze", {1, 11, 13, 21}},
    {"Upsample", {1, 7, 9, 10}},
    {"Where", {9, 16}},
    {"Xor", {1, 7}},
  };
  return versions;
}
} // namespace

llvm::ArrayRef<int> mlir::compress::onnx_import::operatorVersions(llvm::StringRef op) {
  auto it = table().find(op);
  if (it == table().end())
    return {};
  return it->second;
}

int mlir::compress::onnx_import::operatorVersion(llvm::StringRef op, int64_t opset) {
  int found = 0;
  for (int v : operatorVersions(op))
    if (v <= std::min<int64_t>(opset, kLatestKnownOpset))
      found = v;
  return found;
}
