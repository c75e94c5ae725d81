//===- CompressDialect.cpp - the compress dialect -------------------------===//
#include "compress/Dialect/Compress/IR/CompressDialect.h"
#include "compress/Dialect/Compress/IR/CompressOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::compress;

#include "compress/Dialect/Compress/IR/CompressOpsDialect.cpp.inc"
#include "compress/Dialect/Compress/IR/CompressEnums.cpp.inc"
#define GET_ATTRDEF_CLASSES
#include "compress/Dialect/Compress/IR/CompressAttrs.cpp.inc"

void CompressDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "compress/Dialect/Compress/IR/CompressOps.cpp.inc"
      >();
  addAttributes<
#define GET_ATTRDEF_LIST
#include "compress/Dialect/Compress/IR/CompressAttrs.cpp.inc"
      >();
}
