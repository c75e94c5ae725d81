//===- Passes.h - lowerings of the compress dialect ------------*- C++ -*-===//
#ifndef COMPRESS_CONVERSION_PASSES_H
#define COMPRESS_CONVERSION_PASSES_H

#include "compress/Dialect/Compress/IR/CompressDialect.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Pass/Pass.h"

namespace mlir::compress {
#define GEN_PASS_DECL
#include "compress/Conversion/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "compress/Conversion/Passes.h.inc"
} // namespace mlir::compress

#endif
