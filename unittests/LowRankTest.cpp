//===- LowRankTest.cpp - SVD, rank choice by energy, truncation ------------===//
#include "compress/Algorithms/LowRank.h"
#include "compress/Algorithms/KMeans.h"

#include "gtest/gtest.h"

#include <cmath>

using namespace mlir::compress;

namespace {

/// diag(values) padded with zeros to rows x cols, row-major.
std::vector<float> diagonal(std::vector<float> values, int64_t rows, int64_t cols) {
  std::vector<float> m(rows * cols, 0.0f);
  for (size_t i = 0; i < values.size(); ++i)
    m[i * cols + i] = values[i];
  return m;
}

SingularValueDecomposition svdOf(const std::vector<float> &m, int64_t rows, int64_t cols) {
  auto svd = computeSVD(m, rows, cols);
  EXPECT_TRUE(bool(svd)) << llvm::toString(svd.takeError());
  return std::move(*svd);
}

TEST(LowRank, SingularValuesOfDiagonalAreSortedAbsoluteValues) {
  auto svd = svdOf(diagonal({1, -3, 2}, 3, 5), 3, 5);
  ASSERT_EQ(svd.singularValues.size(), 3u);
  EXPECT_NEAR(svd.singularValues[0], 3, 1e-12);
  EXPECT_NEAR(svd.singularValues[1], 2, 1e-12);
  EXPECT_NEAR(svd.singularValues[2], 1, 1e-12);
  EXPECT_EQ(svd.left.size(), 3u * 3);
  EXPECT_EQ(svd.right.size(), 5u * 3);
}

// σ = 4, 2, 1, 1 (σ² = 16, 4, 1, 1; total 22).
TEST(LowRank, RankByEnergyExactCases) {
  std::vector<double> s = {4, 2, 1, 1};
  EXPECT_EQ(chooseRankByEnergy(s, 16.0 / 22), 1);          // exactly the first
  EXPECT_EQ(chooseRankByEnergy(s, 16.0 / 22 + 1e-6), 2);   // just past it
  EXPECT_EQ(chooseRankByEnergy(s, 0.5), 1);
  EXPECT_EQ(chooseRankByEnergy(s, 20.0 / 22), 2);
  EXPECT_EQ(chooseRankByEnergy(s, 0.95), 3);               // 21/22 = 0.9545
  EXPECT_EQ(chooseRankByEnergy(s, 0.96), 4);
  EXPECT_EQ(chooseRankByEnergy(s, 1.0), 4);
  EXPECT_EQ(chooseRankByEnergy(s, 1e-9), 1);
  EXPECT_DOUBLE_EQ(keptEnergy(s, 2), 20.0 / 22);
  EXPECT_DOUBLE_EQ(keptEnergy(s, 4), 1.0);
}

TEST(LowRank, RankByEnergyFromDiagonalMatrix) {
  // The SVD path end to end: σ² = 9, 4, 1 of 14.
  auto svd = svdOf(diagonal({2, 1, 3}, 4, 3), 4, 3);
  EXPECT_EQ(chooseRankByEnergy(svd.singularValues, 9.0 / 14), 1);
  EXPECT_EQ(chooseRankByEnergy(svd.singularValues, 0.9), 2); // 13/14 = 0.929
  EXPECT_EQ(chooseRankByEnergy(svd.singularValues, 0.93), 3);
  // τ = 1 on a rank-deficient matrix gives its rank, not min(rows, cols).
  auto deficient = svdOf(diagonal({2, 1, 0}, 4, 3), 4, 3);
  EXPECT_EQ(chooseRankByEnergy(deficient.singularValues, 1.0), 2);
}

TEST(LowRank, ZeroMatrix) {
  std::vector<float> zero(6, 0.0f);
  auto svd = svdOf(zero, 2, 3);
  EXPECT_EQ(chooseRankByEnergy(svd.singularValues, 0.9), 1);
  auto f = truncateSVD(svd, zero, 1);
  ASSERT_TRUE(bool(f));
  EXPECT_EQ(f->relativeError, 0.0);
  for (float x : f->u)
    EXPECT_EQ(x, 0.0f);
}

/// A random rank-r matrix rows x cols = A[rows, r] · B[r, cols].
std::vector<float> randomOfRank(int64_t rows, int64_t cols, int64_t r, uint64_t seed) {
  SplitMix64 rng(seed);
  std::vector<double> a(rows * r), b(r * cols);
  for (double &x : a)
    x = rng.nextUnit() * 2 - 1;
  for (double &x : b)
    x = rng.nextUnit() * 2 - 1;
  std::vector<float> m(rows * cols);
  for (int64_t i = 0; i < rows; ++i)
    for (int64_t k = 0; k < cols; ++k) {
      double s = 0;
      for (int64_t j = 0; j < r; ++j)
        s += a[i * r + j] * b[j * cols + k];
      m[i * cols + k] = float(s);
    }
  return m;
}

TEST(LowRank, RankRReconstructionIsExactForRankRMatrix) {
  for (auto [rows, cols, r] : {std::tuple<int64_t, int64_t, int64_t>{8, 27, 3},
                               {30, 7, 5}, {16, 144, 1}, {5, 5, 5}}) {
    std::vector<float> m = randomOfRank(rows, cols, r, rows * 100 + cols);
    auto svd = svdOf(m, rows, cols);
    EXPECT_EQ(chooseRankByEnergy(svd.singularValues, 1.0), r) << rows << "x" << cols;
    auto f = truncateSVD(svd, m, r);
    ASSERT_TRUE(bool(f));
    // Float factors of a float matrix: ~1e-7 relative.
    EXPECT_LT(f->relativeError, 1e-6) << rows << "x" << cols << " r=" << r;
    EXPECT_NEAR(f->energy, 1.0, 1e-9);
    if (r > 1) {
      auto smaller = truncateSVD(svd, m, r - 1);
      ASSERT_TRUE(bool(smaller));
      EXPECT_GT(smaller->relativeError, 1e-5); // well above the f32 noise
      // ‖W − W_r‖/‖W‖ = √(1 − kept energy) (Eckart–Young).
      EXPECT_NEAR(smaller->relativeError, std::sqrt(1 - smaller->energy), 1e-5);
    }
  }
}

TEST(LowRank, FactorShapesAndSqrtSigmaSplit) {
  // diag(4, 1) in a 3 x 2: V = P√Σ, U = √ΣQᵀ, both columns/rows of norm √σ.
  std::vector<float> m = diagonal({4, 1}, 3, 2);
  auto svd = svdOf(m, 3, 2);
  auto f = truncateSVD(svd, m, 1);
  ASSERT_TRUE(bool(f));
  EXPECT_EQ(f->rows, 3);
  EXPECT_EQ(f->cols, 2);
  EXPECT_EQ(f->rank, 1);
  ASSERT_EQ(f->v.size(), 3u);
  ASSERT_EQ(f->u.size(), 2u);
  EXPECT_NEAR(std::fabs(f->v[0]), 2.0, 1e-6);
  EXPECT_NEAR(std::fabs(f->u[0]), 2.0, 1e-6);
  EXPECT_NEAR(f->v[0] * f->u[0], 4.0, 1e-5);
  EXPECT_NEAR(f->relativeError, std::sqrt(1.0 / 17), 1e-6);
  auto full = truncateSVD(svd, m, 2);
  ASSERT_TRUE(bool(full));
  EXPECT_EQ(full->v.size(), 6u);
  EXPECT_EQ(full->u.size(), 4u);
  EXPECT_LT(full->relativeError, 1e-7);
}

TEST(LowRank, Errors) {
  std::vector<float> m = {1, 2, 3, 4};
  auto empty = computeSVD(m, 0, 4);
  ASSERT_FALSE(bool(empty));
  EXPECT_NE(llvm::toString(empty.takeError()).find("at least 1x1, got 0x4"), std::string::npos);
  auto bad = computeSVD(m, 3, 2);
  ASSERT_FALSE(bool(bad));
  EXPECT_NE(llvm::toString(bad.takeError()).find("4 elements"), std::string::npos);
  std::vector<float> nan = {1, NAN, 3, 4};
  auto n = computeSVD(nan, 2, 2);
  ASSERT_FALSE(bool(n));
  EXPECT_NE(llvm::toString(n.takeError()).find("NaN"), std::string::npos);
  auto svd = svdOf(m, 2, 2);
  auto r0 = truncateSVD(svd, m, 0);
  ASSERT_FALSE(bool(r0));
  EXPECT_NE(llvm::toString(r0.takeError()).find("rank must be in [1, 2], got 0"),
            std::string::npos);
  auto r3 = truncateSVD(svd, m, 3);
  ASSERT_FALSE(bool(r3));
  llvm::consumeError(r3.takeError());
}

TEST(LowRank, BreakEven) {
  EXPECT_DOUBLE_EQ(breakEvenRank(64, 64), 32.0);
  EXPECT_DOUBLE_EQ(breakEvenRank(16, 144), 14.4);
}

} // namespace
