//===- CompressUtils.h - shape arithmetic and constant access for compress ops -*- C++ -*-===//
//
// The arithmetic every user of the compress ops must agree on (verifiers, the
// compression passes that build the ops, the lowerings that consume them, and the
// decompress oracle): conv output sizes, the packed sizes of codebook rows and
// binary taps, decoding/encoding a packed codebook index, and reading the
// elements of a constant operand (arith.constant or tosa.const, dense or
// dense_resource), the weight layout conversions, and a layer's name
// (layerName). IR only: the layer matching, rewriting and reporting the
// compression passes share is in compress/Compression/LayerCompression.h, the
// TOSA conv helpers in compress/Dialect/Compress/Utils/TosaConvUtils.h.
//
#ifndef COMPRESS_DIALECT_COMPRESS_IR_COMPRESSUTILS_H
#define COMPRESS_DIALECT_COMPRESS_IR_COMPRESSUTILS_H

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Value.h"
#include "mlir/Support/LLVM.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/STLFunctionalExtras.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mlir {
class OpBuilder;
class RewriterBase;
} // namespace mlir

namespace mlir::compress {

//===----------------------------------------------------------------------===//
// Shape arithmetic
//===----------------------------------------------------------------------===//

/// Output extent of a convolution along one spatial axis (floor semantics, as
/// documented in the dialect):
///   (inputSize + padBefore + padAfter - dilation·(kernelSize-1) - 1) / stride + 1.
/// The division floors towards −∞, so a window that does not fit yields a value
/// ≤ 0; callers check for ≥ 1. `stride` must be ≥ 1.
int64_t convOutputSize(int64_t inputSize, int64_t kernelSize, int64_t stride,
                       int64_t padBefore, int64_t padAfter, int64_t dilation);

/// Bytes of one packed codebook row holding `numIndices` indices of `bits` bits
/// each: ceil(numIndices·bits / 8). For a conv, numIndices = kh·kw·(C/groups);
/// for a matmul, numIndices = K.
int64_t codebookRowBytes(int64_t numIndices, int64_t bits);

/// 64-bit words one binary tap needs for `channels` channels: ceil(channels / 64).
/// For a conv, channels = C/groups; for a matmul, channels = K.
int64_t binaryWordCount(int64_t channels);

//===----------------------------------------------------------------------===//
// Codebook index packing (little-endian bit order)
//===----------------------------------------------------------------------===//

/// Index `e` of a packed codebook row: bits [e·bits, (e+1)·bits) of the row, bit 0
/// being the least significant bit of byte 0 (an index may straddle two bytes).
/// `bits` is in [1, 8]; `row` must hold at least codebookRowBytes(e + 1, bits) bytes.
uint32_t decodeCodebookIndex(ArrayRef<uint8_t> row, int64_t e, int64_t bits);

/// Inverse of decodeCodebookIndex: ORs `index` (< 2^bits) into bits
/// [e·bits, (e+1)·bits) of `row`, which the caller zero-initializes.
void encodeCodebookIndex(MutableArrayRef<uint8_t> row, int64_t e, int64_t bits,
                         uint32_t index);

//===----------------------------------------------------------------------===//
// Constant operands
//===----------------------------------------------------------------------===//

/// The elements of a constant f32 tensor in row-major order (splats expanded).
/// Accepts dense elements and dense_resource blobs; failure when `value` is not a
/// constant, not f32, or a resource whose blob is not available.
FailureOr<SmallVector<float>> getConstantFloatValues(Value value);

/// The elements of a constant integer tensor (any width ≤ 64), sign-extended to
/// int64_t, row-major. Accepts dense elements and dense_resource blobs
/// (i8, i32, i64).
FailureOr<SmallVector<int64_t>> getConstantIntValues(Value value);

/// The bytes of a constant i8 tensor (codebook `indices`) as unsigned bytes,
/// row-major: row f of an F x B tensor is the slice [f·B, (f+1)·B).
FailureOr<SmallVector<uint8_t>> getConstantPackedBytes(Value value);

/// The words of a constant i64 tensor (binary `weight_bits`) as unsigned 64-bit
/// words, row-major.
FailureOr<SmallVector<uint64_t>> getConstantPackedWords(Value value);

/// A TOSA depthwise weight [kh, kw, C, M] as the OHWI weight [C·M, kh, kw, 1] of the
/// equivalent grouped conv (groups = C): output channel c·M + m reads input channel c.
std::vector<float> depthwiseToOHWI(ArrayRef<float> hwcm, int64_t kh, int64_t kw, int64_t c,
                                   int64_t m);

/// A TOSA matmul weight B[K, N] (batch 1) as W[N, K] = Bᵀ, the compress matmul layout.
std::vector<float> transposeToNK(ArrayRef<float> kn, int64_t k, int64_t n);

/// The layer name of an op: the name in its #compress.layer record (set by the ONNX
/// importer and kept by the compression passes), else the first NameLoc in its
/// location (the ONNX importer puts NameLoc(<node name>) over a FileLineColLoc),
/// else "".
std::string layerName(Operation *op);

} // namespace mlir::compress

#endif // COMPRESS_DIALECT_COMPRESS_IR_COMPRESSUTILS_H
