//===- ONNXImporter.h - ONNX ModelProto to func + tosa ---------*- C++ -*-===//
//
// Imports an ONNX model (https://onnx.ai/onnx/repo-docs/IR.html) into MLIR:
//
//   func.func @<entry>(%in0: tensor<...xf32>, ...) -> (tensor<...xf32>, ...)
//
// with the graph's inputs and outputs in ONNX order and ONNX layout (NCHW at the
// boundary), and the body in tosa + tensor + arith ops on tensors (float Div:
// linalg.generic + arith.divf). Inside, 4-D
// activations are NHWC (one transpose at each boundary); conv weights become
// tosa.const in OHWI (depthwise: HWCM). Each node is translated on its own;
// passes (compress/Import/Passes.h) run on the result then fuse across nodes:
// compress-fold-batchnorm folds a BatchNormalization after a conv with constant
// weights into its weights and bias, compress-fold-matmul-bias moves a constant
// bias Add after a MatMul in front of its reshape (the fully connected shape of
// LinearOps.cpp). Large constants are dense_resource blobs named after their
// node (ONNXImportOptions::resourceMinElements). Each op's location is
// NameLoc(<ONNX node name>) over FileLineColLoc(<model path>), so passes and the
// report can name layers.
//
// The function carries `compress.input_names` / `compress.output_names` (array
// of string attributes, ONNX names).
//
// Errors (all reported through the context's diagnostic engine, with a location
// naming the file and, where there is one, the node):
//  - unreadable, truncated or malformed protobuf; a model the ONNX checker rejects;
//  - an operator outside the supported set (the message names op type and node);
//  - a missing initializer / input, a bad attribute value, a shape that cannot be
//    made static (give it with ONNXImportOptions::inputShapes).
//
#ifndef COMPRESS_IMPORT_ONNXIMPORTER_H
#define COMPRESS_IMPORT_ONNXIMPORTER_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"

#include <string>

namespace mlir::compress {

struct ONNXImportOptions {
  /// Static shapes for graph inputs, by ONNX input name (overrides symbolic or
  /// unknown dims; every dim of every input must end up static).
  llvm::StringMap<llvm::SmallVector<int64_t>> inputShapes;
  /// Name of the generated func.func.
  std::string entryName = "model";
  /// Float constants with at least this many elements become dense_resource
  /// blobs (printed once, in the file's `{-# dialect_resources #-}` section)
  /// instead of inline DenseElementsAttr, which costs compile time and memory
  /// on real models. 0 keeps every constant inline.
  int64_t resourceMinElements = 65;
};

/// Registers the dialects the importer produces (func, tosa, tensor, arith,
/// linalg: float Div is a linalg.generic of arith.divf, as TOSA has no float
/// division).
void registerONNXImportDialects(DialectRegistry &registry);

/// Parses `path` as an ONNX ModelProto and imports it. Returns null after
/// emitting diagnostics on failure.
OwningOpRef<ModuleOp> importONNXModel(llvm::StringRef path, MLIRContext *context,
                                      const ONNXImportOptions &options);

/// Parses a `--input-shape` value such as "x=1,3,48,192;y=1,10" (';' or ' '
/// separated entries). Returns false and sets `error` on malformed text.
bool parseInputShapes(llvm::StringRef text,
                      llvm::StringMap<llvm::SmallVector<int64_t>> &shapes,
                      std::string &error);

} // namespace mlir::compress

#endif
