//===- Passes.h - compression passes ---------------------------*- C++ -*-===//
#ifndef COMPRESS_COMPRESSION_PASSES_H
#define COMPRESS_COMPRESSION_PASSES_H

#include "compress/Compression/PassOptions.h"
#include "compress/Dialect/Compress/IR/CompressDialect.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/PDL/IR/PDL.h"
#include "mlir/Dialect/PDLInterp/IR/PDLInterp.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/Pass/Pass.h"

namespace mlir::compress {
#define GEN_PASS_DECL
#include "compress/Compression/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "compress/Compression/Passes.h.inc"
} // namespace mlir::compress

#endif
