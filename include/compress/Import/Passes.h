//===- Passes.h - rewrites on the imported IR ------------------*- C++ -*-===//
//
// Passes that run on what the ONNX importer emits (func + tosa), kept out of
// the importer so that it translates each ONNX node on its own.
//
#ifndef COMPRESS_IMPORT_PASSES_H
#define COMPRESS_IMPORT_PASSES_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/Pass/Pass.h"

namespace mlir::compress {
#define GEN_PASS_DECL
#include "compress/Import/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "compress/Import/Passes.h.inc"
} // namespace mlir::compress

#endif
