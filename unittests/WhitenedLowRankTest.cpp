//===- WhitenedLowRankTest.cpp - data-aware low rank (SVD of W·L) ----------===//
#include "compress/Algorithms/WhitenedLowRank.h"

#include "gtest/gtest.h"

#include <cmath>
#include <random>

using namespace mlir::compress;

namespace {

std::vector<float> randomMatrix(int64_t rows, int64_t cols, unsigned seed) {
  std::mt19937 gen(seed);
  std::normal_distribution<float> dist;
  std::vector<float> m(rows * cols);
  for (float &v : m)
    v = dist(gen);
  return m;
}

/// H = Σ x xᵀ of n vectors x = A z + 0.01 noise (z of dimension k): strongly correlated.
std::vector<double> correlatedGram(int64_t dim, int64_t k, int64_t n, unsigned seed) {
  std::vector<float> a = randomMatrix(dim, k, seed);
  std::mt19937 gen(seed + 1);
  std::normal_distribution<double> dist;
  std::vector<double> h(dim * dim, 0.0), x(dim);
  for (int64_t s = 0; s < n; ++s) {
    std::vector<double> z(k);
    for (double &v : z)
      v = dist(gen);
    for (int64_t i = 0; i < dim; ++i) {
      x[i] = 0.01 * dist(gen);
      for (int64_t j = 0; j < k; ++j)
        x[i] += a[i * k + j] * z[j];
    }
    for (int64_t i = 0; i < dim; ++i)
      for (int64_t j = 0; j < dim; ++j)
        h[i * dim + j] += x[i] * x[j];
  }
  return h;
}

LowRankFactors whitened(const std::vector<float> &w, int64_t rows, int64_t cols,
                        const std::vector<double> &h, bool diagonal, double damping,
                        int64_t rank) {
  auto svd = computeWhitenedSVD(w, rows, cols, h, diagonal, damping);
  EXPECT_TRUE(bool(svd)) << llvm::toString(svd.takeError());
  auto f = truncateWhitenedSVD(*svd, w, rank);
  EXPECT_TRUE(bool(f)) << llvm::toString(f.takeError());
  return std::move(*f);
}

TEST(WhitenedLowRank, FullRankReproducesTheWeight) {
  std::vector<float> w = randomMatrix(5, 7, 1);
  std::vector<double> h = correlatedGram(7, 3, 50, 2);
  LowRankFactors f = whitened(w, 5, 7, h, /*diagonal=*/false, 0.01, 5);
  EXPECT_LT(f.relativeError, 1e-5);
  EXPECT_LT(relativeOutputError(w, f, h, false), 1e-5);
}

TEST(WhitenedLowRank, IsotropicInputsGivePlainSVD) {
  std::vector<float> w = randomMatrix(6, 9, 3);
  std::vector<double> h(81, 0.0);
  for (int i = 0; i < 9; ++i)
    h[i * 9 + i] = 4.0;
  LowRankFactors f = whitened(w, 6, 9, h, false, 0.01, 2);
  auto svd = computeSVD(w, 6, 9);
  ASSERT_TRUE(bool(svd));
  auto plain = truncateSVD(*svd, w, 2);
  ASSERT_TRUE(bool(plain));
  EXPECT_NEAR(f.relativeError, plain->relativeError, 1e-5);
  // The same holds for the diagonal form.
  std::vector<double> diag(9, 4.0);
  LowRankFactors fd = whitened(w, 6, 9, diag, true, 0.01, 2);
  EXPECT_NEAR(fd.relativeError, plain->relativeError, 1e-5);
}

TEST(WhitenedLowRank, OutputErrorIsTheWhitenedTailAndBeatsPlainSVD) {
  const int64_t rows = 8, cols = 12, rank = 3;
  std::vector<float> w = randomMatrix(rows, cols, 4);
  std::vector<double> h = correlatedGram(cols, 4, 200, 5);
  // Without damping the output error is exactly the tail of the whitened spectrum
  // (Eckart–Young for W·L).
  auto svd = computeWhitenedSVD(w, rows, cols, h, false, /*damping=*/0.0);
  ASSERT_TRUE(bool(svd)) << llvm::toString(svd.takeError());
  auto f = truncateWhitenedSVD(*svd, w, rank);
  ASSERT_TRUE(bool(f));
  double tail = 0, total = 0;
  for (size_t i = 0; i < svd->svd.singularValues.size(); ++i) {
    double s2 = svd->svd.singularValues[i] * svd->svd.singularValues[i];
    total += s2;
    if (int64_t(i) >= rank)
      tail += s2;
  }
  double aware = relativeOutputError(w, *f, h, false);
  EXPECT_NEAR(aware, std::sqrt(tail / total), 1e-4);
  auto plainSvd = computeSVD(w, rows, cols);
  ASSERT_TRUE(bool(plainSvd));
  auto plain = truncateSVD(*plainSvd, w, rank);
  ASSERT_TRUE(bool(plain));
  double blind = relativeOutputError(w, *plain, h, false);
  EXPECT_LT(aware, 0.5 * blind) << "aware " << aware << " blind " << blind;
  // ... while its weight error is larger: it spends the rank where the inputs are.
  EXPECT_GT(f->relativeError, plain->relativeError);
}

/// Whether `e` holds an error (consumed).
template <typename T> bool fails(llvm::Expected<T> e) {
  if (e)
    return false;
  llvm::consumeError(e.takeError());
  return true;
}

// The factors do not depend on H's scale (U Σ Vᵀ L⁻¹ with L scaled by c): Gram sums
// near the double range (edited statistics, 1e±200) give the same factors as the
// unscaled H, and a finite output error (breaker finding: NaN factors before).
TEST(WhitenedLowRank, GramScaleDoesNotMatter) {
  std::vector<float> w = randomMatrix(6, 9, 11);
  std::vector<double> h = correlatedGram(9, 4, 80, 12);
  for (bool diagonal : {false, true}) {
    std::vector<double> base = h;
    if (diagonal) {
      base.resize(9);
      for (int64_t k = 0; k < 9; ++k)
        base[k] = h[k * 9 + k];
    }
    LowRankFactors f = whitened(w, 6, 9, base, diagonal, 0.01, 3);
    double e = relativeOutputError(w, f, base, diagonal);
    for (double scale : {1e-200, 1e-160, 1e160, 1e200}) {
      std::vector<double> scaled = base;
      for (double &v : scaled)
        v *= scale;
      LowRankFactors g = whitened(w, 6, 9, scaled, diagonal, 0.01, 3);
      // The product V·U (the factors split √Σ the same way) up to rounding.
      for (int64_t i = 0; i < 6; ++i)
        for (int64_t k = 0; k < 9; ++k) {
          double a = 0, b = 0;
          for (int64_t j = 0; j < 3; ++j) {
            a += double(f.v[i * 3 + j]) * double(f.u[j * 9 + k]);
            b += double(g.v[i * 3 + j]) * double(g.u[j * 9 + k]);
          }
          EXPECT_NEAR(a, b, 1e-4 * (1 + std::fabs(a))) << "scale " << scale;
        }
      double eg = relativeOutputError(w, g, scaled, diagonal);
      EXPECT_TRUE(std::isfinite(eg)) << "scale " << scale;
      EXPECT_NEAR(e, eg, 1e-6 + 1e-4 * e) << "scale " << scale;
    }
  }
}

TEST(WhitenedLowRank, Errors) {
  std::vector<float> w = randomMatrix(2, 3, 6);
  std::vector<double> h(9, 0.0);
  for (int i = 0; i < 3; ++i)
    h[i * 3 + i] = 1.0;
  EXPECT_TRUE(fails(computeWhitenedSVD(w, 2, 4, h, false, 0.01)))
      << "weight size mismatch";
  EXPECT_TRUE(fails(computeWhitenedSVD(w, 2, 3, std::vector<double>(4), false, 0.01)))
      << "Gram size mismatch";
  EXPECT_TRUE(fails(computeWhitenedSVD(w, 2, 3, h, false, -1.0))) << "negative damping";
  std::vector<double> negative = {-1, 0, 0, 0, -1, 0, 0, 0, -1};
  auto notPD = computeWhitenedSVD(w, 2, 3, negative, false, 0.0);
  ASSERT_FALSE(bool(notPD));
  EXPECT_NE(llvm::toString(notPD.takeError()).find("not positive definite"), std::string::npos);
  std::vector<double> withNaN = h;
  withNaN[4] = std::nan("");
  EXPECT_TRUE(fails(computeWhitenedSVD(w, 2, 3, withNaN, false, 0.01)));
  auto ok = computeWhitenedSVD(w, 2, 3, h, false, 0.01);
  ASSERT_TRUE(bool(ok));
  EXPECT_TRUE(fails(truncateWhitenedSVD(*ok, w, 3))) << "rank above min(rows, cols)";
}

} // namespace
