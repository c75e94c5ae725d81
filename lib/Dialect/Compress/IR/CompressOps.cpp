//===- CompressOps.cpp - ops of the compress dialect and their verifiers --===//
#include "compress/Dialect/Compress/IR/CompressOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"

using namespace mlir;
using namespace mlir::compress;

#define GET_OP_CLASSES
#include "compress/Dialect/Compress/IR/CompressOps.cpp.inc"

// TODO(dialect): real verifiers.
LogicalResult LowRankConv2DOp::verify() { return success(); }
LogicalResult LowRankMatmulOp::verify() { return success(); }
LogicalResult SparseConv2DOp::verify() { return success(); }
LogicalResult SparseMatmulOp::verify() { return success(); }
LogicalResult CodebookConv2DOp::verify() { return success(); }
LogicalResult CodebookMatmulOp::verify() { return success(); }
LogicalResult BinaryConv2DOp::verify() { return success(); }
LogicalResult BinaryMatmulOp::verify() { return success(); }
