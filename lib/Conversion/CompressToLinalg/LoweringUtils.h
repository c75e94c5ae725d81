//===- LoweringUtils.h - helpers shared by the CompressToLinalg patterns -*- C++ -*-===//
//
// Private to lib/Conversion/CompressToLinalg. Every pattern starts with the same
// prologue (matchStaticConv / matchStaticMatmul: static shapes checked, geometry read
// once) and builds its loops with the builders below, so that a pattern is its
// prologue plus the body of its loops (the shape of the Toy tutorial's chapter 5).
//
#ifndef COMPRESS_LIB_CONVERSION_COMPRESSTOLINALG_LOWERINGUTILS_H
#define COMPRESS_LIB_CONVERSION_COMPRESSTOLINALG_LOWERINGUTILS_H

#include "compress/Dialect/Compress/IR/CompressInterfaces.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/IR/Value.h"

namespace mlir::compress {

/// The geometry of a compress conv2d op with static shapes, read once by its
/// lowering: input NHWC [n, h, w, c], output [n, oh, ow, f], a kh × kw window,
/// `groups` groups of cg = c / groups input and fg = f / groups output channels;
/// pad [top, bottom, left, right], stride [sh, sw] and dilation [dh, dw] are the op's
/// (CompressedLayerOpInterface::getConvGeometry).
struct StaticConvGeometry {
  int64_t n, h, w, c;
  int64_t oh, ow, f;
  int64_t kh, kw;
  int64_t groups, cg, fg;
  ArrayRef<int64_t> pad, stride, dilation;
};

/// The sizes of a compress matmul op: input [m, k], output [m, n].
struct MatmulGeometry {
  int64_t m, k, n;
};

/// The prologue of the conv lowerings. A match failure (the conversion then reports
/// the op as not legalized) unless the result, `input` and `sized` (the other operands
/// whose extents the lowering bakes into the IR) have static shapes; otherwise the
/// sizes, with the window, groups, pad, strides and dilations of the op's
/// CompressedLayerOpInterface::getConvGeometry (`op` is one of the conv2d forms).
FailureOr<StaticConvGeometry> matchStaticConv(PatternRewriter &rewriter,
                                              CompressedLayerOpInterface op, Value input,
                                              ValueRange sized);

/// The prologue of the matmul lowerings, as matchStaticConv: `input` is [m, k], the
/// result [m, n].
FailureOr<MatmulGeometry> matchStaticMatmul(PatternRewriter &rewriter, Operation *op, Value input,
                                            ValueRange sized);

/// arith.constant `v` : index.
Value indexConst(OpBuilder &b, Location loc, int64_t v);

/// A tosa.const of f32 zeros of `shape` (a TOSA zero point is zeros(b, loc, {1})).
Value tosaZeros(OpBuilder &b, Location loc, ArrayRef<int64_t> shape);

/// Zero-pads the spatial dimensions of an NHWC f32 tensor by pad = [top, bottom, left,
/// right] (the compress ops' order) with one tensor.pad; returns `input` itself when
/// every entry is 0. Result shape [N, H + top + bottom, W + left + right, C].
Value padNHWC(OpBuilder &b, Location loc, Value input, ArrayRef<int64_t> pad);

/// The element of a parallel linalg.generic: built from its indices (linalg.index of
/// every dimension, outermost first) and the values read from the generic's inputs.
using ElementBuilder =
    function_ref<Value(OpBuilder &b, Location loc, ArrayRef<Value> ivs, ValueRange inputs)>;

/// A linalg.generic producing a fresh tensor of `shape` x `elementType`, all loops
/// parallel; each of `perChannel` (bias, α: 1-D, one value per channel) is read at
/// the last index.
Value buildElementwise(OpBuilder &b, Location loc, ArrayRef<int64_t> shape, Type elementType,
                       ValueRange perChannel, ElementBuilder element);

/// The body of an scf.for: the values carried to the next iteration.
using LoopBodyBuilder =
    function_ref<SmallVector<Value>(OpBuilder &b, Location loc, Value iv, ValueRange iter)>;

/// scf.for from `lb` to `ub`, step 1, carrying `inits`; returns the final values.
SmallVector<Value> buildLoop(OpBuilder &b, Location loc, Value lb, Value ub, ValueRange inits,
                             LoopBodyBuilder body);

/// A compress matmul [M, K] x (weights) + bias -> [M, N] on the dense path's TOSA ops:
/// the input as x : [1, M, K]; y = product(x, zp) : [1, M, N] (zp a TOSA zero point);
/// returns y + bias (as [1, 1, N]), collapsed to `resultType` [M, N].
Value buildTosaMatmul(OpBuilder &b, Location loc, Value input, Value bias,
                      RankedTensorType resultType, function_ref<Value(Value x, Value zp)> product);

} // namespace mlir::compress

#endif // COMPRESS_LIB_CONVERSION_COMPRESSTOLINALG_LOWERINGUTILS_H
