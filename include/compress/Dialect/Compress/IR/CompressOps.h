//===- CompressOps.h - ops of the compress dialect -------------*- C++ -*-===//
#ifndef COMPRESS_DIALECT_COMPRESS_IR_COMPRESSOPS_H
#define COMPRESS_DIALECT_COMPRESS_IR_COMPRESSOPS_H

#include "compress/Dialect/Compress/IR/CompressDialect.h"
#include "compress/Dialect/Compress/IR/CompressInterfaces.h"
#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "compress/Dialect/Compress/IR/CompressEnums.h.inc"
#define GET_ATTRDEF_CLASSES
#include "compress/Dialect/Compress/IR/CompressAttrs.h.inc"
#define GET_OP_CLASSES
#include "compress/Dialect/Compress/IR/CompressOps.h.inc"

#endif
