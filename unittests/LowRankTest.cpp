//===- LowRankTest.cpp - SVD, rank choice by energy, truncation ------------===//
#include "compress/Algorithms/LowRank.h"
#include "compress/Algorithms/KMeans.h"

#include "gtest/gtest.h"

#include <cmath>
#include <cstdio>
#include <functional>

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

//===----------------------------------------------------------------------===//
// Randomized SVD (Halko, Martinsson, Tropp 2011) against known spectra
//===----------------------------------------------------------------------===//

namespace {

/// W = Σ_j σ_j p_j q_jᵀ [rows, cols] with p_j, q_j columns of the orthonormal DCT-II
/// bases, rows and columns shuffled (splitmix64): the exact SVD is known.
std::vector<float> knownSpectrum(int64_t rows, int64_t cols, const std::vector<double> &sigma,
                                 uint64_t seed) {
  auto dct = [](int64_t n, int64_t i, int64_t j) {
    double scale = j == 0 ? std::sqrt(1.0 / n) : std::sqrt(2.0 / n);
    return scale * std::cos(M_PI * (i + 0.5) * j / n);
  };
  auto shuffled = [&](int64_t n, uint64_t s) {
    std::vector<int64_t> order(n);
    for (int64_t i = 0; i < n; ++i)
      order[i] = i;
    SplitMix64 rng(s);
    for (int64_t i = n - 1; i > 0; --i)
      std::swap(order[i], order[rng.next() % uint64_t(i + 1)]);
    return order;
  };
  std::vector<int64_t> rowOrder = shuffled(rows, seed), colOrder = shuffled(cols, seed + 1);
  std::vector<double> w(rows * cols, 0.0);
  for (size_t j = 0; j < sigma.size(); ++j)
    for (int64_t i = 0; i < rows; ++i) {
      double pij = sigma[j] * dct(rows, rowOrder[i], j);
      for (int64_t k = 0; k < cols; ++k)
        w[i * cols + k] += pij * dct(cols, colOrder[k], j);
    }
  return std::vector<float>(w.begin(), w.end());
}

struct SpectrumCase {
  const char *name;
  int64_t rows, cols, rank;
  std::function<double(int64_t)> sigma;
  /// Stated accuracy: |σ̃_j − σ_j| ≤ valueTolerance·σ_0 for j < rank, and
  /// ‖W − W̃_r‖_F ≤ (1 + errorSlack)·‖W − W_r‖_F (W_r the optimal rank-r truncation).
  double valueTolerance, errorSlack;
};

} // namespace

TEST(RandomizedSVD, MatchesKnownSpectraWithinStatedTolerances) {
  std::vector<SpectrumCase> cases = {
      // Fast (geometric) decay: the sketch captures the leading subspace to f32 noise.
      {"geometric 0.9^j, wide", 120, 260, 12, [](int64_t j) { return std::pow(0.9, j); },
       1e-5, 1e-4},
      // Slow (harmonic) decay, as in trained CNN layers: q = 2 power iterations.
      {"harmonic 1/(1+j), tall", 300, 140, 20, [](int64_t j) { return 1.0 / (1 + j); },
       2e-3, 5e-3},
      // A gap then a flat tail (a low-rank layer plus noise).
      {"rank 8 + flat 0.05 tail", 160, 200, 8,
       [](int64_t j) { return j < 8 ? 4.0 - 0.25 * j : 0.05; }, 1e-6, 1e-4},
  };
  for (const SpectrumCase &c : cases) {
    int64_t p = std::min(c.rows, c.cols);
    std::vector<double> sigma(p);
    for (int64_t j = 0; j < p; ++j)
      sigma[j] = c.sigma(j);
    std::vector<float> w = knownSpectrum(c.rows, c.cols, sigma, 7);
    auto svd = computeRandomizedSVD(w, c.rows, c.cols, c.rank);
    ASSERT_TRUE(bool(svd)) << llvm::toString(svd.takeError());
    EXPECT_TRUE(svd->randomized);
    ASSERT_EQ(int64_t(svd->singularValues.size()), c.rank + 10) << c.name;
    double total = 0, tail = 0;
    for (int64_t j = 0; j < p; ++j) {
      total += sigma[j] * sigma[j];
      if (j >= c.rank)
        tail += sigma[j] * sigma[j];
    }
    EXPECT_NEAR(svd->totalEnergy, total, 1e-5 * total) << c.name;
    double worst = 0;
    for (int64_t j = 0; j < c.rank; ++j) {
      worst = std::max(worst, std::abs(svd->singularValues[j] - sigma[j]) / sigma[0]);
      // A projection never overestimates a singular value (up to f32 rounding).
      EXPECT_LE(svd->singularValues[j], sigma[j] * (1 + 1e-5) + 1e-6) << c.name << " j=" << j;
    }
    EXPECT_LE(worst, c.valueTolerance) << c.name;
    auto f = truncateSVD(*svd, w, c.rank);
    ASSERT_TRUE(bool(f)) << llvm::toString(f.takeError());
    double optimal = std::sqrt(tail / total);
    EXPECT_LE(f->relativeError, (1 + c.errorSlack) * optimal + 1e-6) << c.name;
    EXPECT_GE(f->relativeError, optimal * (1 - 1e-4)) << c.name; // no better than optimal
    // The kept energy is of the exact total, so error = √(1 − kept) (orthogonal projection).
    EXPECT_NEAR(f->relativeError, std::sqrt(1 - f->energy), 1e-4) << c.name;
    std::printf("%s: max |σ̃−σ|/σ0 = %.2e, error / optimal = %.6f\n", c.name, worst,
                f->relativeError / optimal);
  }
}

TEST(RandomizedSVD, IsDeterministic) {
  std::vector<double> sigma(90);
  for (size_t j = 0; j < sigma.size(); ++j)
    sigma[j] = 1.0 / (1 + j);
  std::vector<float> w = knownSpectrum(90, 150, sigma, 3);
  auto a = computeRandomizedSVD(w, 90, 150, 5), b = computeRandomizedSVD(w, 90, 150, 5);
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->singularValues, b->singularValues);
  EXPECT_EQ(a->left, b->left);
  EXPECT_EQ(a->right, b->right);
  auto fa = truncateSVD(*a, w, 5), fb = truncateSVD(*b, w, 5);
  ASSERT_TRUE(fa && fb);
  EXPECT_EQ(fa->u, fb->u);
  EXPECT_EQ(fa->v, fb->v);
}

TEST(RandomizedSVD, Errors) {
  std::vector<float> m = {1, 2, 3, 4};
  auto r0 = computeRandomizedSVD(m, 2, 2, 0);
  ASSERT_FALSE(bool(r0));
  EXPECT_EQ(llvm::toString(r0.takeError()), "rank must be >= 1, got 0");
  auto bad = computeRandomizedSVD(m, 3, 2, 1);
  ASSERT_FALSE(bool(bad));
  EXPECT_EQ(llvm::toString(bad.takeError()), "matrix has 4 elements, expected 3x2");
  std::vector<float> nan = {1, NAN, 3, 4};
  auto n = computeRandomizedSVD(nan, 2, 2, 1);
  ASSERT_FALSE(bool(n));
  EXPECT_EQ(llvm::toString(n.takeError()), "weight is NaN or infinite");
}

TEST(RandomizedSVD, EnergyRankKeepsTheFractionAndIsCloseToTheExactRank) {
  // 400 x 520: min/4 = 100, so `auto` uses a 64-column sketch, then a 100-wide one.
  std::vector<double> sigma(400);
  for (size_t j = 0; j < sigma.size(); ++j)
    sigma[j] = std::pow(0.93, double(j));
  std::vector<float> w = knownSpectrum(400, 520, sigma, 11);
  auto exact = computeSVD(w, 400, 520);
  ASSERT_TRUE(bool(exact));
  for (double tau : {0.5, 0.9, 0.99, 0.999}) {
    auto fast = computeLowRankSVD(w, 400, 520, 0, tau, SVDAlgorithm::Auto);
    ASSERT_TRUE(bool(fast));
    EXPECT_TRUE(fast->first.randomized) << tau;
    int64_t re = chooseRankByEnergy(exact->singularValues, tau), rf = fast->second;
    EXPECT_GE(rf, re) << tau;     // the sketch never overestimates energy
    EXPECT_LE(rf, re + 1) << tau; // and on this spectrum misses by at most one
    auto f = truncateSVD(fast->first, w, rf);
    ASSERT_TRUE(bool(f));
    EXPECT_GE(f->energy, tau * (1 - 1e-9)) << tau;
    EXPECT_LE(f->relativeError, std::sqrt(1 - tau) + 1e-5) << tau;
  }
  // A rank beyond a quarter of min(rows, cols): `auto` takes the exact SVD.
  auto wide = computeLowRankSVD(w, 400, 520, 150, 0, SVDAlgorithm::Auto);
  ASSERT_TRUE(bool(wide));
  EXPECT_FALSE(wide->first.randomized);
  auto narrow = computeLowRankSVD(w, 400, 520, 20, 0, SVDAlgorithm::Auto);
  ASSERT_TRUE(bool(narrow));
  EXPECT_TRUE(narrow->first.randomized);
}
