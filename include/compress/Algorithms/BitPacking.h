//===- BitPacking.h - sign bits packed into 64-bit words for binary layers -*- C++ -*-===//
//
// The encoding of the binary_* ops (CompressOps.td): a ±1 value is one bit, 1 meaning
// −1 and 0 meaning +1, and sign(0) = +1. A row of `channels` values occupies
// binaryWordCount(channels) = ceil(channels / 64) little-endian words: value c is bit
// c mod 64 of word c / 64. Bits past `channels` in the last word are 0, in weights and
// in activations alike, so they XOR to 0 and a dot product of two rows is
//   Σ a·w = channels − 2·popcount(a XOR w).
// The compress-binarize pass packs weights with these helpers; the lowering emits the
// same packing for activations in IR; the unit tests pin both down.
//
//===----------------------------------------------------------------------===//
#ifndef COMPRESS_ALGORITHMS_BITPACKING_H
#define COMPRESS_ALGORITHMS_BITPACKING_H

#include "llvm/ADT/ArrayRef.h"

#include <cstdint>
#include <vector>

namespace mlir::compress {

/// The bit of one value: 1 when the value is negative (−1), 0 otherwise (+1, zero
/// included). NaN packs as +1.
inline uint64_t signBit(float value) { return value < 0.0f ? 1 : 0; }

/// The bits of the last word of a row of `channels` values (channels ≥ 1) that hold
/// real values: the low ((channels − 1) mod 64) + 1 bits.
uint64_t lastWordMask(int64_t channels);

/// Packs `rows` rows of `channels` values each (row-major, values.size() ==
/// rows·channels) into rows·ceil(channels/64) words, row after row, tail bits 0.
/// For a conv weight in OHWI order with C/groups channels, rows = F·kh·kw gives the
/// `weight_bits` tensor F x kh x kw x D.
std::vector<uint64_t> packSignBits(llvm::ArrayRef<float> values, int64_t rows,
                                   int64_t channels);

/// Inverse of packSignBits up to the sign: ±1.0f per value.
std::vector<float> unpackSignBits(llvm::ArrayRef<uint64_t> words, int64_t rows,
                                  int64_t channels);

/// Σ a[c]·w[c] over `channels` ±1 values packed as above: channels − 2·popcount(a ^ w).
int64_t binaryDot(llvm::ArrayRef<uint64_t> a, llvm::ArrayRef<uint64_t> w, int64_t channels);

} // namespace mlir::compress

#endif // COMPRESS_ALGORITHMS_BITPACKING_H
