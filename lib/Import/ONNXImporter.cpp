//===- ONNXImporter.cpp - ONNX ModelProto to func + tosa ------------------===//
#include "compress/Import/ONNXImporter.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"

using namespace mlir;

void compress::registerONNXImportDialects(DialectRegistry &registry) {
  registry.insert<func::FuncDialect, tosa::TosaDialect, tensor::TensorDialect,
                  arith::ArithDialect>();
}

OwningOpRef<ModuleOp> compress::importONNXModel(llvm::StringRef path, MLIRContext *context,
                                                const ONNXImportOptions &options) {
  // TODO(import): implementation.
  emitError(FileLineColLoc::get(context, path, 0, 0), "ONNX import is not implemented yet");
  return nullptr;
}

bool compress::parseInputShapes(llvm::StringRef text,
                                llvm::StringMap<llvm::SmallVector<int64_t>> &shapes,
                                std::string &error) {
  // TODO(import): implementation.
  error = "not implemented";
  return false;
}
