//===- BitPacking.cpp - sign bits packed into 64-bit words for binary layers ===//
#include "compress/Algorithms/BitPacking.h"

#include "llvm/ADT/bit.h"

#include <cassert>

using namespace mlir::compress;

static int64_t wordsFor(int64_t channels) { return (channels + 63) / 64; }

uint64_t mlir::compress::lastWordMask(int64_t channels) {
  assert(channels >= 1 && "a row holds at least one value");
  int64_t used = (channels - 1) % 64 + 1;
  return used == 64 ? ~uint64_t(0) : (uint64_t(1) << used) - 1;
}

std::vector<uint64_t> mlir::compress::packSignBits(llvm::ArrayRef<float> values,
                                                   int64_t rows, int64_t channels) {
  assert(int64_t(values.size()) == rows * channels && "values must be rows x channels");
  int64_t perRow = wordsFor(channels);
  std::vector<uint64_t> words(rows * perRow, 0);
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t c = 0; c < channels; ++c)
      words[r * perRow + c / 64] |= signBit(values[r * channels + c]) << (c % 64);
  return words;
}

std::vector<float> mlir::compress::unpackSignBits(llvm::ArrayRef<uint64_t> words,
                                                  int64_t rows, int64_t channels) {
  int64_t perRow = wordsFor(channels);
  assert(int64_t(words.size()) == rows * perRow && "words must be rows x ceil(channels/64)");
  std::vector<float> values(rows * channels);
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t c = 0; c < channels; ++c)
      values[r * channels + c] = (words[r * perRow + c / 64] >> (c % 64)) & 1 ? -1.0f : 1.0f;
  return values;
}

int64_t mlir::compress::binaryDot(llvm::ArrayRef<uint64_t> a, llvm::ArrayRef<uint64_t> w,
                                  int64_t channels) {
  assert(a.size() == w.size() && int64_t(a.size()) == wordsFor(channels));
  int64_t differ = 0;
  for (size_t i = 0; i < a.size(); ++i)
    differ += llvm::popcount(a[i] ^ w[i]);
  return channels - 2 * differ;
}
