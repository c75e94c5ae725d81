//===- BitPacking.h - little-endian packing of small unsigned indices -*- C++ -*-===//
//
// The layout of codebook indices (see compress.codebook_conv2d): index e of a row
// occupies bits [e·bits, (e+1)·bits) of the row, bit 0 being the least significant
// bit of byte 0; an index may straddle two bytes when 8 is not a multiple of bits;
// unused tail bits are 0.
//
#ifndef COMPRESS_UTILS_BITPACKING_H
#define COMPRESS_UTILS_BITPACKING_H

#include "llvm/ADT/ArrayRef.h"

#include <cstdint>
#include <vector>

namespace mlir::compress {

/// Bytes of a row of `count` indices of `bits` bits: ceil(count·bits / 8).
inline size_t packedRowBytes(size_t count, unsigned bits) {
  return (count * bits + 7) / 8;
}

/// Appends `values` (each < 2^bits, 1 ≤ bits ≤ 8) packed little-endian to `out` as
/// one row of packedRowBytes(values.size(), bits) bytes.
void packBitsLE(llvm::ArrayRef<uint32_t> values, unsigned bits, std::vector<uint8_t> &out);

/// Index `index` of a row packed by packBitsLE.
uint32_t unpackBitsLE(llvm::ArrayRef<uint8_t> row, size_t index, unsigned bits);

} // namespace mlir::compress

#endif // COMPRESS_UTILS_BITPACKING_H
