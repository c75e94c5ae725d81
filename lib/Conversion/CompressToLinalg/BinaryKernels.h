//===- BinaryKernels.h - the register-blocked XNOR-popcount kernels -*- C++ -*-===//
//
// Private to lib/Conversion/CompressToLinalg. The register-blocked conv and matmul
// kernels of BinaryToLinalg.cpp (constant weights, groups 1: kBinaryLanes output
// channels per vector, q blocks per pass) on an already packed input (optionally with a
// nonzero plane), with the code that writes a pixel's / row's accumulators supplied by
// the caller: binary_conv2d writes α·y + bias, the threshold ops packed bits
// (BinaryPackedToLinalg.cpp).
//
#ifndef COMPRESS_LIB_CONVERSION_COMPRESSTOLINALG_BINARYKERNELS_H
#define COMPRESS_LIB_CONVERSION_COMPRESSTOLINALG_BINARYKERNELS_H

#include "LoweringUtils.h"
#include "compress/Dialect/Compress/IR/CompressOps.h"

namespace mlir::compress {

/// Output channels per accumulator vector (vector<kBinaryLanes x i64>).
constexpr int64_t kBinaryLanes = 8;

/// Writes the pixel (row slice [1, 1, OW, ·], column ow) of channel blocks block0 +
/// [0, q): `accs[qq]` holds the popcounts of channels (block0 + qq)·kBinaryLanes + [0,
/// kBinaryLanes) (lanes past F are garbage), `kEff` the pixel's K_eff (i64); returns
/// the updated row.
using BinaryLanesEpilogue =
    function_ref<Value(OpBuilder &b, Location loc, ArrayRef<Value> accs, Value kEff, Value row,
                       Value ow, Value block0)>;

/// The kernel over `packed` (NHWC words, D = `d` per pixel) and the constant weight
/// words [F, kh, kw, d] (row-major); `init` is the result before any write (the
/// epilogue may read it). The (n, oh) loops are marked for compress-parallelize-tiles.
/// With `nonzero` (packed nonzero words, the shape of `packed`), the count is the
/// masked one of input_sign = onnx and K_eff the window's nonzero count.
Value buildBinaryLanesConv(OpBuilder &b, Location loc, const StaticConvGeometry &g,
                           Value packed, ArrayRef<uint64_t> words, int64_t d, PadValue padValue,
                           RankedTensorType resultType, Value init, unsigned vectorBits,
                           BinaryLanesEpilogue epilogue, Value nonzero = nullptr);

/// Writes row `row` of channel blocks block0 + [0, q) of a matmul: `accs` as for
/// BinaryLanesEpilogue, `kEff` the row's K_eff; returns the updated result.
using BinaryLanesMatmulEpilogue =
    function_ref<Value(OpBuilder &b, Location loc, ArrayRef<Value> accs, Value kEff, Value out,
                       Value row, Value block0)>;

/// The register-blocked kernel of a matmul over packed rows (`packed` M x d words) and
/// the constant weight words [n, d]: per row, per pass of channel blocks, the
/// popcounts of kBinaryLanes channels per vector (masked by `nonzero`, M x d, when
/// given); K_eff is `k` (or the row's nonzero count). Serial loops (rows write whole
/// packed words, shared by the passes of a row).
Value buildBinaryLanesMatmul(OpBuilder &b, Location loc, Value packed, Value nonzero,
                             ArrayRef<uint64_t> words, int64_t n, int64_t d, int64_t k,
                             Value init, unsigned vectorBits, BinaryLanesMatmulEpilogue epilogue);

/// The matmul epilogue of binary_matmul: α·(K_eff − 2·acc) + bias into row `row` of an
/// f32 M x N result.
Value writeBinaryLanesF32Row(OpBuilder &b, Location loc, ArrayRef<Value> accs, Value kEff,
                             Value alpha, Value bias, Value out, Value row, Value block0);

/// The input row and column of the first tap of output pixel (oh, ow) (index values, may
/// be negative: a padded tap): {oh·stride[0] − pad[0], ow·stride[1] − pad[2]}, with `pad`
/// [top, bottom, left, right] and `stride` [h, w] as in the binary conv ops.
std::pair<Value, Value> windowOrigin(OpBuilder &b, Location loc, Value oh, Value ow,
                                     ArrayRef<int64_t> stride, ArrayRef<int64_t> pad);

/// The epilogue of binary_conv2d: α·(K_eff − 2·acc) + bias into an f32 row.
Value writeBinaryLanesF32(OpBuilder &b, Location loc, ArrayRef<Value> accs, Value kEff,
                          Value alpha, Value bias, Value row, Value ow, Value block0);

} // namespace mlir::compress

#endif // COMPRESS_LIB_CONVERSION_COMPRESSTOLINALG_BINARYKERNELS_H
