//===- BitPackingTest.cpp - little-endian index packing -------------------===//
#include "compress/Utils/BitPacking.h"
#include "compress/Utils/KMeans.h"

#include "gtest/gtest.h"

using namespace mlir::compress;

namespace {

TEST(BitPacking, RowBytes) {
  EXPECT_EQ(packedRowBytes(27, 4), 14u);
  EXPECT_EQ(packedRowBytes(27, 3), 11u);
  EXPECT_EQ(packedRowBytes(8, 1), 1u);
  EXPECT_EQ(packedRowBytes(9, 1), 2u);
  EXPECT_EQ(packedRowBytes(5, 8), 5u);
}

TEST(BitPacking, KnownLayout) {
  // 4 bits: index 0 in the low nibble of byte 0.
  std::vector<uint8_t> out;
  packBitsLE({0x1, 0x2, 0xf}, 4, out);
  EXPECT_EQ(out, (std::vector<uint8_t>{0x21, 0x0f}));
  // 3 bits: 5, 6, 7 -> bits 101 | 110<<3 | 111<<6 = 0b11_110_101, then the top bit of 7.
  out.clear();
  packBitsLE({5, 6, 7}, 3, out);
  EXPECT_EQ(out, (std::vector<uint8_t>{0xf5, 0x01}));
  // 1 bit.
  out.clear();
  packBitsLE({1, 0, 1, 1, 0, 0, 0, 0, 1}, 1, out);
  EXPECT_EQ(out, (std::vector<uint8_t>{0x0d, 0x01}));
  // Appends as a new row.
  packBitsLE({0xab}, 8, out);
  EXPECT_EQ(out, (std::vector<uint8_t>{0x0d, 0x01, 0xab}));
}

TEST(BitPacking, RoundTripEveryWidth) {
  SplitMix64 rng(1);
  for (unsigned bits = 1; bits <= 8; ++bits)
    for (size_t n : {1u, 7u, 8u, 13u, 64u, 101u}) {
      std::vector<uint32_t> values(n);
      for (uint32_t &v : values)
        v = uint32_t(rng.next() & ((1u << bits) - 1));
      std::vector<uint8_t> row;
      packBitsLE(values, bits, row);
      ASSERT_EQ(row.size(), packedRowBytes(n, bits));
      for (size_t e = 0; e < n; ++e)
        EXPECT_EQ(unpackBitsLE(row, e, bits), values[e]) << "bits=" << bits << " e=" << e;
      // Tail bits are zero.
      unsigned used = unsigned(n * bits % 8);
      if (used)
        EXPECT_EQ(row.back() >> used, 0);
    }
}

} // namespace
