//===- TosaConvUtils.h - building TOSA convs from compress ops -*- C++ -*-===//
//
// Helpers for code that builds tosa.conv2d / tosa.depthwise_conv2d from the
// geometry of a compress op (the lowerings and compress-decompress). Depends on the
// tensor dialect; the compress dialect's IR library does not depend on it.
//
#ifndef COMPRESS_DIALECT_COMPRESS_UTILS_TOSACONVUTILS_H
#define COMPRESS_DIALECT_COMPRESS_UTILS_TOSACONVUTILS_H

#include "mlir/IR/Value.h"
#include "mlir/Support/LLVM.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"

#include <cstdint>

namespace mlir {
class OpBuilder;
} // namespace mlir

namespace mlir::compress {

/// tosa.conv2d and tosa.depthwise_conv2d require (H − 1 + pad_top + pad_bottom −
/// (kh − 1)·dilation) to be a multiple of the stride, where the compress ops floor.
/// Takes the remainder off pad_bottom (pad_right) first, then slices it off the bottom
/// (right) of `input` (NHWC); returns the input to use and updates `pad` [t, b, l, r].
Value trimForStride(OpBuilder &b, Location loc, Value input, int64_t kh, int64_t kw,
                    ArrayRef<int64_t> strides, ArrayRef<int64_t> dilations,
                    SmallVectorImpl<int64_t> &pad);

} // namespace mlir::compress

#endif // COMPRESS_DIALECT_COMPRESS_UTILS_TOSACONVUTILS_H
