//===- CodebookPackingTest.cpp - the packed codebook index layout ---------===//
//
// The layout is a contract between compress-codebook (which packs), the lowering
// (which decodes in generated code) and the decompress oracle: pin it down here.
//
#include "compress/Dialect/Compress/IR/CompressUtils.h"
#include "compress/Algorithms/KMeans.h"

#include "gtest/gtest.h"

#include <vector>

using namespace mlir::compress;

namespace {

std::vector<uint8_t> pack(const std::vector<uint32_t> &values, int64_t bits) {
  std::vector<uint8_t> row(codebookRowBytes(int64_t(values.size()), bits), 0);
  for (size_t e = 0; e < values.size(); ++e)
    encodeCodebookIndex(row, int64_t(e), bits, values[e]);
  return row;
}

TEST(CodebookPacking, RowBytes) {
  EXPECT_EQ(codebookRowBytes(27, 4), 14);
  EXPECT_EQ(codebookRowBytes(27, 3), 11);
  EXPECT_EQ(codebookRowBytes(8, 1), 1);
  EXPECT_EQ(codebookRowBytes(9, 1), 2);
  EXPECT_EQ(codebookRowBytes(5, 8), 5);
}

TEST(CodebookPacking, KnownLayout) {
  // 4 bits: index 0 in the low nibble of byte 0.
  EXPECT_EQ(pack({0x1, 0x2, 0xf}, 4), (std::vector<uint8_t>{0x21, 0x0f}));
  // 3 bits: 5 | 6 << 3 | 7 << 6 = 0xf5, the top bit of 7 in byte 1.
  EXPECT_EQ(pack({5, 6, 7}, 3), (std::vector<uint8_t>{0xf5, 0x01}));
  // 1 bit.
  EXPECT_EQ(pack({1, 0, 1, 1, 0, 0, 0, 0, 1}, 1), (std::vector<uint8_t>{0x0d, 0x01}));
  // 2 bits (the example of the compress-codebook pass description).
  EXPECT_EQ(pack({2, 0, 3}, 2), (std::vector<uint8_t>{50}));
  EXPECT_EQ(pack({3, 1, 2}, 2), (std::vector<uint8_t>{39}));
}

TEST(CodebookPacking, RoundTripEveryWidth) {
  SplitMix64 rng(1);
  for (int64_t bits = 1; bits <= 8; ++bits)
    for (size_t n : {1u, 7u, 8u, 13u, 64u, 101u}) {
      std::vector<uint32_t> values(n);
      for (uint32_t &v : values)
        v = uint32_t(rng.next() & ((1u << bits) - 1));
      std::vector<uint8_t> row = pack(values, bits);
      ASSERT_EQ(int64_t(row.size()), codebookRowBytes(int64_t(n), bits));
      for (size_t e = 0; e < n; ++e)
        EXPECT_EQ(decodeCodebookIndex(row, int64_t(e), bits), values[e])
            << "bits=" << bits << " e=" << e;
      // Unused tail bits are zero.
      unsigned used = unsigned(n * bits % 8);
      if (used)
        EXPECT_EQ(row.back() >> used, 0);
    }
}

} // namespace
