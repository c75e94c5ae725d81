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

/// tosa.conv2d and tosa.depthwise_conv2d require (H − 1 + pad_top + pad_bottom −
/// (kh − 1)·dilation) to be a multiple of the stride, where the compress ops floor.
/// Takes the remainder off pad_bottom (pad_right) first, then slices it off the bottom
/// (right) of `input` (NHWC); returns the input to use and updates `pad` [t, b, l, r].
Value trimForStride(OpBuilder &b, Location loc, Value input, int64_t kh, int64_t kw,
                    ArrayRef<int64_t> strides, ArrayRef<int64_t> dilations,
                    SmallVectorImpl<int64_t> &pad);

} // namespace mlir::compress

#endif // COMPRESS_LIB_CONVERSION_COMPRESSTOLINALG_LOWERINGUTILS_H
