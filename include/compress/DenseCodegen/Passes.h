//===- Passes.h - code generation of the dense path -------------*- C++ -*-===//
#ifndef COMPRESS_DENSECODEGEN_PASSES_H
#define COMPRESS_DENSECODEGEN_PASSES_H

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Pass/Pass.h"

namespace mlir::compress {
#define GEN_PASS_DECL
#include "compress/DenseCodegen/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "compress/DenseCodegen/Passes.h.inc"

/// The external interface models compress-vectorize-convs relies on (TilingInterface
/// and subset ops of linalg and tensor for tile-and-fuse, value bounds for the tile
/// sizes) and that one-shot-bufferize needs for the vector ops it leaves; tools
/// running the passes add them to their registry (registerCompressDialects does).
void registerDenseCodegenInterfaces(DialectRegistry &registry);
} // namespace mlir::compress

#endif
