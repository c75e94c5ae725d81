//===- BitPacking.cpp - little-endian packing of small unsigned indices ---===//
#include "compress/Utils/BitPacking.h"

#include <cassert>

using namespace mlir::compress;

void mlir::compress::packBitsLE(llvm::ArrayRef<uint32_t> values, unsigned bits,
                          std::vector<uint8_t> &out) {
  assert(bits >= 1 && bits <= 8 && "bits out of range");
  size_t base = out.size();
  out.resize(base + packedRowBytes(values.size(), bits), 0);
  for (size_t e = 0; e < values.size(); ++e) {
    assert(values[e] < (1u << bits) && "index does not fit in bits");
    size_t bit = e * bits;
    // Up to 16 bits starting at byte bit / 8 cover any 8-bit-or-less field.
    uint32_t shifted = values[e] << (bit % 8);
    out[base + bit / 8] |= uint8_t(shifted);
    if (shifted >> 8)
      out[base + bit / 8 + 1] |= uint8_t(shifted >> 8);
  }
}

uint32_t mlir::compress::unpackBitsLE(llvm::ArrayRef<uint8_t> row, size_t index, unsigned bits) {
  size_t bit = index * bits;
  uint32_t word = row[bit / 8];
  if (bit / 8 + 1 < row.size())
    word |= uint32_t(row[bit / 8 + 1]) << 8;
  return (word >> (bit % 8)) & ((1u << bits) - 1);
}
