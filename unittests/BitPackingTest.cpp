//===- BitPackingTest.cpp - sign-bit packing of binary layers -------------===//
#include "compress/Algorithms/BitPacking.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

using namespace mlir::compress;

namespace {

/// Deterministic ±values with zeros, index-dependent.
std::vector<float> pattern(int64_t n, int seed) {
  std::vector<float> v(n);
  for (int64_t i = 0; i < n; ++i)
    v[i] = float(((i * 7 + seed * 13) % 11) - 5); // -5..5, zeros included
  return v;
}

TEST(BitPacking, SignBitEncoding) {
  EXPECT_EQ(signBit(-1.0f), 1u);
  EXPECT_EQ(signBit(-1e-30f), 1u);
  EXPECT_EQ(signBit(0.0f), 0u); // sign(0) = +1
  EXPECT_EQ(signBit(-0.0f), 0u);
  EXPECT_EQ(signBit(2.5f), 0u);
  EXPECT_EQ(signBit(std::nanf("")), 0u);
}

TEST(BitPacking, LastWordMask) {
  EXPECT_EQ(lastWordMask(1), 0x1u);
  EXPECT_EQ(lastWordMask(3), 0x7u);
  EXPECT_EQ(lastWordMask(63), ~uint64_t(0) >> 1);
  EXPECT_EQ(lastWordMask(64), ~uint64_t(0));
  EXPECT_EQ(lastWordMask(65), 0x1u);
  EXPECT_EQ(lastWordMask(128), ~uint64_t(0));
  EXPECT_EQ(lastWordMask(130), 0x3u);
}

TEST(BitPacking, LittleEndianBitOrderAndZeroTail) {
  // Channel 0 -> bit 0 of word 0, channel 64 -> bit 0 of word 1.
  std::vector<float> v(65, 1.0f);
  v[0] = -1.0f;
  v[5] = -3.0f;
  v[63] = -0.5f;
  v[64] = -2.0f;
  std::vector<uint64_t> w = packSignBits(v, 1, 65);
  ASSERT_EQ(w.size(), 2u);
  EXPECT_EQ(w[0], (uint64_t(1) << 0) | (uint64_t(1) << 5) | (uint64_t(1) << 63));
  EXPECT_EQ(w[1], 1u); // tail bits 1..63 are 0
}

TEST(BitPacking, RowsStartOnWordBoundaries) {
  // Two rows of 3 all-negative values: each row one word 0b111.
  std::vector<float> v(6, -1.0f);
  std::vector<uint64_t> w = packSignBits(v, 2, 3);
  ASSERT_EQ(w.size(), 2u);
  EXPECT_EQ(w[0], 7u);
  EXPECT_EQ(w[1], 7u);
}

TEST(BitPacking, RoundTripToSigns) {
  for (int64_t channels : {1, 3, 63, 64, 65, 130}) {
    std::vector<float> v = pattern(3 * channels, int(channels));
    std::vector<uint64_t> w = packSignBits(v, 3, channels);
    ASSERT_EQ(int64_t(w.size()), 3 * ((channels + 63) / 64));
    for (int64_t r = 0; r < 3; ++r) // tail bits are 0
      EXPECT_EQ(w[r * ((channels + 63) / 64) + (channels - 1) / 64] & ~lastWordMask(channels),
                0u);
    std::vector<float> back = unpackSignBits(w, 3, channels);
    for (int64_t i = 0; i < 3 * channels; ++i)
      EXPECT_EQ(back[i], v[i] < 0 ? -1.0f : 1.0f) << "channels " << channels << " i " << i;
  }
}

TEST(BitPacking, DotEqualsFloatDotOfSigns) {
  for (int64_t channels : {1, 3, 63, 64, 65, 130}) {
    std::vector<float> a = pattern(channels, 1), b = pattern(channels, 4);
    int64_t expected = 0;
    for (int64_t c = 0; c < channels; ++c)
      expected += (a[c] < 0 ? -1 : 1) * (b[c] < 0 ? -1 : 1);
    EXPECT_EQ(binaryDot(packSignBits(a, 1, channels), packSignBits(b, 1, channels), channels),
              expected)
        << "channels " << channels;
  }
}

TEST(BitPacking, DotExtremes) {
  std::vector<float> pos(130, 1.0f), neg(130, -1.0f);
  auto p = packSignBits(pos, 1, 130), n = packSignBits(neg, 1, 130);
  EXPECT_EQ(binaryDot(p, p, 130), 130);
  EXPECT_EQ(binaryDot(n, n, 130), 130);
  EXPECT_EQ(binaryDot(p, n, 130), -130);
}

} // namespace
