//===- LoweringUtils.h - helpers shared by the CompressToLinalg patterns -*- C++ -*-===//
//
// Private to lib/Conversion/CompressToLinalg.
//
#ifndef COMPRESS_LIB_CONVERSION_COMPRESSTOLINALG_LOWERINGUTILS_H
#define COMPRESS_LIB_CONVERSION_COMPRESSTOLINALG_LOWERINGUTILS_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/Value.h"

namespace mlir::compress {

/// arith.constant `v` : index.
Value indexConst(OpBuilder &b, Location loc, int64_t v);

/// Zero-pads the spatial dimensions of an NHWC f32 tensor by pad = [top, bottom, left,
/// right] (the compress ops' order) with one tensor.pad; returns `input` itself when
/// every entry is 0. Result shape [N, H + top + bottom, W + left + right, C].
Value padNHWC(OpBuilder &b, Location loc, Value input, ArrayRef<int64_t> pad);

} // namespace mlir::compress

#endif // COMPRESS_LIB_CONVERSION_COMPRESSTOLINALG_LOWERINGUTILS_H
