//===- CSRTest.cpp - building the CSR form of pruned weights --------------===//
#include "compress/Algorithms/CSR.h"

#include "gtest/gtest.h"

#include <vector>

using namespace mlir::compress;

namespace {

TEST(CSR, ColumnOrderAndEmptyRows) {
  // Row 1 and row 3 are empty; columns come out ascending within a row.
  std::vector<float> w = {0, 2, 0, -1,  //
                          0, 0, 0, 0,   //
                          5, 0, 0.5, 3, //
                          0, 0, 0, 0};
  CSRMatrix csr = buildCSR(w, 4, 4);
  EXPECT_EQ(csr.rows, 4);
  EXPECT_EQ(csr.cols, 4);
  EXPECT_EQ(csr.values, (std::vector<float>{2, -1, 5, 0.5, 3}));
  EXPECT_EQ(csr.colIndices, (std::vector<int32_t>{1, 3, 0, 2, 3}));
  EXPECT_EQ(csr.rowOffsets, (std::vector<int32_t>{0, 2, 2, 5, 5}));
  EXPECT_EQ(csr.nnz(), 5);
  EXPECT_EQ(csr.bytes(), 8 * 5 + 4 * 5);
  EXPECT_DOUBLE_EQ(csr.sparsity(), 11.0 / 16.0);
  EXPECT_EQ(expandCSR(csr), w);
}

TEST(CSR, NoZeros) {
  std::vector<float> w = {1, 2, 3, 4, 5, 6};
  CSRMatrix csr = buildCSR(w, 2, 3);
  EXPECT_EQ(csr.values, w);
  EXPECT_EQ(csr.colIndices, (std::vector<int32_t>{0, 1, 2, 0, 1, 2}));
  EXPECT_EQ(csr.rowOffsets, (std::vector<int32_t>{0, 3, 6}));
  EXPECT_DOUBLE_EQ(csr.sparsity(), 0.0);
  EXPECT_EQ(expandCSR(csr), w);
}

TEST(CSR, AllZeros) {
  std::vector<float> w(12, 0.0f);
  w[5] = -0.0f; // negative zero is a zero
  CSRMatrix csr = buildCSR(w, 3, 4);
  EXPECT_EQ(csr.nnz(), 0);
  EXPECT_TRUE(csr.colIndices.empty());
  EXPECT_EQ(csr.rowOffsets, (std::vector<int32_t>{0, 0, 0, 0}));
  EXPECT_DOUBLE_EQ(csr.sparsity(), 1.0);
  EXPECT_EQ(csr.bytes(), 16);
  EXPECT_EQ(expandCSR(csr), std::vector<float>(12, 0.0f));
}

TEST(CSR, Empty) {
  CSRMatrix csr = buildCSR({}, 0, 5);
  EXPECT_EQ(csr.rowOffsets, (std::vector<int32_t>{0}));
  EXPECT_DOUBLE_EQ(csr.sparsity(), 0.0);
}

TEST(CSR, ConvColumnOrderIsOHWI) {
  // One output channel, 2x2 taps, 3 channels: column (i·kw + j)·C + c is the
  // flat OHWI offset within the row.
  int64_t kh = 2, kw = 2, c = 3;
  std::vector<float> w(kh * kw * c, 0.0f);
  w[(1 * kw + 0) * c + 2] = 7.0f; // tap (1, 0), channel 2 -> column 8
  w[(0 * kw + 1) * c + 0] = -1.0f; // tap (0, 1), channel 0 -> column 3
  CSRMatrix csr = buildCSR(w, 1, kh * kw * c);
  EXPECT_EQ(csr.colIndices, (std::vector<int32_t>{3, 8}));
  EXPECT_EQ(csr.values, (std::vector<float>{-1.0f, 7.0f}));
}

} // namespace
