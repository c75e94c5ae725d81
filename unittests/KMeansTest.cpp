//===- KMeansTest.cpp - 1-D k-means for weight sharing --------------------===//
#include "compress/Algorithms/KMeans.h"

#include "gtest/gtest.h"

#include <cmath>
#include <limits>
#include <set>

using namespace mlir::compress;

namespace {

std::vector<float> randomData(size_t n, uint64_t seed, bool gaussian = false) {
  SplitMix64 rng(seed);
  std::vector<float> data(n);
  for (float &v : data) {
    if (gaussian) {
      // Box-Muller with our own generator (std distributions differ across libraries).
      double u1 = rng.nextUnit(), u2 = rng.nextUnit();
      v = float(std::sqrt(-2.0 * std::log(1.0 - u1)) * std::cos(6.283185307179586 * u2) * 0.05);
    } else {
      v = float(rng.nextUnit() * 2.0 - 1.0);
    }
  }
  return data;
}

KMeansResult run(llvm::ArrayRef<float> data, unsigned k,
                 KMeansInit init = KMeansInit::Linear, uint64_t seed = 0) {
  KMeansOptions options;
  options.numClusters = k;
  options.init = init;
  options.seed = seed;
  auto result = kmeans1D(data, options);
  if (!result) {
    ADD_FAILURE() << llvm::toString(result.takeError());
    return {};
  }
  return std::move(*result);
}

double recomputeError(llvm::ArrayRef<float> data, const KMeansResult &r) {
  double sse = 0;
  for (size_t e = 0; e < data.size(); ++e) {
    double d = double(data[e]) - double(r.centroids[r.assignments[e]]);
    sse += d * d;
  }
  return sse;
}

/// Structural invariants every result satisfies.
void checkInvariants(llvm::ArrayRef<float> data, const KMeansResult &r, unsigned k) {
  ASSERT_FALSE(r.centroids.empty());
  ASSERT_LE(r.centroids.size(), k);
  ASSERT_EQ(r.assignments.size(), data.size());
  for (size_t j = 0; j + 1 < r.centroids.size(); ++j)
    EXPECT_LE(r.centroids[j], r.centroids[j + 1]);
  for (uint32_t a : r.assignments)
    ASSERT_LT(a, r.centroids.size());
  EXPECT_DOUBLE_EQ(r.squaredError, recomputeError(data, r));
  // Converged assignments are nearest-centroid ones.
  if (r.converged)
    for (size_t e = 0; e < data.size(); ++e) {
      double own = std::fabs(double(data[e]) - r.centroids[r.assignments[e]]);
      for (float c : r.centroids)
        EXPECT_LE(own, std::fabs(double(data[e]) - c));
    }
}

TEST(KMeans, ExactWhenFewDistinctValues) {
  std::vector<float> data = {0.5f, -1.25f, 0.5f, 3.0f, -1.25f, 0.0f, 3.0f, 0.5f};
  for (KMeansInit init : {KMeansInit::Linear, KMeansInit::KMeansPlusPlus})
    for (unsigned k : {4u, 5u, 16u, 256u}) {
      KMeansResult r = run(data, k, init);
      checkInvariants(data, r, k);
      EXPECT_EQ(r.centroids, (std::vector<float>{-1.25f, 0.0f, 0.5f, 3.0f}));
      EXPECT_EQ(r.squaredError, 0.0);
      for (size_t e = 0; e < data.size(); ++e)
        EXPECT_EQ(r.centroids[r.assignments[e]], data[e]);
    }
}

TEST(KMeans, ExactWithExactlyKDistinctRandomValues) {
  // 256 distinct values, repeated, at 8 bits: lossless.
  std::vector<float> distinct = randomData(256, 7);
  std::vector<float> data;
  for (int rep = 0; rep < 5; ++rep)
    for (size_t i = 0; i < distinct.size(); ++i)
      data.push_back(distinct[(i * 37 + rep) % distinct.size()]);
  KMeansResult r = run(data, 256);
  checkInvariants(data, r, 256);
  EXPECT_EQ(r.centroids.size(), 256u);
  EXPECT_EQ(r.squaredError, 0.0);
  for (size_t e = 0; e < data.size(); ++e)
    EXPECT_EQ(r.centroids[r.assignments[e]], data[e]);
}

TEST(KMeans, Deterministic) {
  std::vector<float> data = randomData(5000, 42, /*gaussian=*/true);
  for (KMeansInit init : {KMeansInit::Linear, KMeansInit::KMeansPlusPlus}) {
    KMeansResult a = run(data, 16, init, 123);
    KMeansResult b = run(data, 16, init, 123);
    EXPECT_EQ(a.centroids, b.centroids);
    EXPECT_EQ(a.assignments, b.assignments);
    EXPECT_EQ(a.squaredError, b.squaredError);
    EXPECT_EQ(a.iterations, b.iterations);
  }
}

TEST(KMeans, SplitMix64KnownValues) {
  // Reference values of splitmix64 seeded with 0 (Vigna's reference implementation),
  // so kmeans++ draws the same on every machine.
  SplitMix64 rng(0);
  EXPECT_EQ(rng.next(), 0xe220a8397b1dcdafULL);
  EXPECT_EQ(rng.next(), 0x6e789e6aa1b965f4ULL);
  EXPECT_EQ(rng.next(), 0x06c45d188009454fULL);
}

TEST(KMeans, SeedChangesKMeansPlusPlusOnly) {
  std::vector<float> data = randomData(3000, 9);
  KMeansResult lin1 = run(data, 8, KMeansInit::Linear, 1);
  KMeansResult lin2 = run(data, 8, KMeansInit::Linear, 2);
  EXPECT_EQ(lin1.centroids, lin2.centroids);
  KMeansResult pp1 = run(data, 8, KMeansInit::KMeansPlusPlus, 1);
  KMeansResult pp2 = run(data, 8, KMeansInit::KMeansPlusPlus, 2);
  checkInvariants(data, pp1, 8);
  checkInvariants(data, pp2, 8);
}

TEST(KMeans, ErrorMonotoneInBits) {
  for (bool gaussian : {false, true})
    for (KMeansInit init : {KMeansInit::Linear, KMeansInit::KMeansPlusPlus}) {
      std::vector<float> data = randomData(4099, gaussian ? 11 : 12, gaussian);
      double previous = std::numeric_limits<double>::infinity();
      for (unsigned bits = 1; bits <= 8; ++bits) {
        KMeansResult r = run(data, 1u << bits, init, 5);
        checkInvariants(data, r, 1u << bits);
        EXPECT_EQ(r.centroids.size(), 1u << bits);
        EXPECT_LE(r.squaredError, previous) << "bits=" << bits;
        EXPECT_GT(r.squaredError, 0.0);
        previous = r.squaredError;
      }
    }
}

TEST(KMeans, OneClusterIsTheMean) {
  std::vector<float> data = {1.0f, 2.0f, 6.0f};
  KMeansResult r = run(data, 1);
  checkInvariants(data, r, 1);
  ASSERT_EQ(r.centroids.size(), 1u);
  EXPECT_FLOAT_EQ(r.centroids[0], 3.0f);
  EXPECT_DOUBLE_EQ(r.squaredError, 4.0 + 1.0 + 9.0);
}

TEST(KMeans, TwoClustersOnTwoGroups) {
  std::vector<float> data = {-1.1f, -0.9f, -1.0f, 2.0f, 2.2f, 1.8f};
  KMeansResult r = run(data, 2);
  checkInvariants(data, r, 2);
  ASSERT_EQ(r.centroids.size(), 2u);
  EXPECT_NEAR(r.centroids[0], -1.0f, 1e-6);
  EXPECT_NEAR(r.centroids[1], 2.0f, 1e-6);
  EXPECT_TRUE(r.converged);
}

TEST(KMeans, EdgeCases) {
  // One element.
  std::vector<float> one = {-0.75f};
  KMeansResult r = run(one, 16);
  checkInvariants(one, r, 16);
  EXPECT_EQ(r.centroids, std::vector<float>{-0.75f});
  EXPECT_EQ(r.squaredError, 0.0);
  // All equal.
  std::vector<float> same(100, 0.125f);
  r = run(same, 4);
  checkInvariants(same, r, 4);
  EXPECT_EQ(r.centroids, std::vector<float>{0.125f});
  EXPECT_EQ(r.squaredError, 0.0);
  // k > n.
  std::vector<float> few = {3.0f, 1.0f, 2.0f};
  r = run(few, 256, KMeansInit::KMeansPlusPlus, 3);
  checkInvariants(few, r, 256);
  EXPECT_EQ(r.centroids, (std::vector<float>{1.0f, 2.0f, 3.0f}));
  EXPECT_EQ(r.assignments, (std::vector<uint32_t>{2, 0, 1}));
  // -0.0 and +0.0 are one value.
  std::vector<float> zeros = {-0.0f, 0.0f, 1.0f};
  r = run(zeros, 2);
  EXPECT_EQ(r.centroids.size(), 2u);
  EXPECT_EQ(r.squaredError, 0.0);
}

TEST(KMeans, EmptyClustersAreReseeded) {
  // Linear init on data with a big gap puts most initial centroids where no value is;
  // the result still uses all k centroids.
  std::vector<float> data;
  for (int i = 0; i < 50; ++i)
    data.push_back(float(i) * 0.001f);
  data.push_back(100.0f);
  KMeansResult r = run(data, 8);
  checkInvariants(data, r, 8);
  ASSERT_EQ(r.centroids.size(), 8u);
  std::set<uint32_t> used(r.assignments.begin(), r.assignments.end());
  EXPECT_EQ(used.size(), 8u);
  EXPECT_EQ(r.centroids.back(), 100.0f);
}

TEST(KMeans, MaxIterationsBoundsTheWork) {
  std::vector<float> data = randomData(2000, 17, /*gaussian=*/true);
  KMeansOptions options;
  options.numClusters = 16;
  options.maxIterations = 1;
  auto r = kmeans1D(data, options);
  ASSERT_TRUE(bool(r));
  EXPECT_LE(r->iterations, 1u);
  EXPECT_EQ(r->centroids.size(), 16u);
  EXPECT_DOUBLE_EQ(r->squaredError, recomputeError(data, *r));
}

TEST(KMeans, Errors) {
  KMeansOptions options;
  std::vector<float> bad = {1.0f, std::numeric_limits<float>::quiet_NaN()};
  auto r = kmeans1D(bad, options);
  ASSERT_FALSE(bool(r));
  EXPECT_NE(llvm::toString(r.takeError()).find("non-finite"), std::string::npos);
  std::vector<float> inf = {std::numeric_limits<float>::infinity(), 1.0f};
  r = kmeans1D(inf, options);
  ASSERT_FALSE(bool(r));
  llvm::consumeError(r.takeError());
  std::vector<float> minf = {1.0f, -std::numeric_limits<float>::infinity()};
  r = kmeans1D(minf, options);
  ASSERT_FALSE(bool(r));
  llvm::consumeError(r.takeError());
  r = kmeans1D({}, options);
  ASSERT_FALSE(bool(r));
  EXPECT_NE(llvm::toString(r.takeError()).find("empty"), std::string::npos);
  options.numClusters = 0;
  std::vector<float> ok = {1.0f};
  r = kmeans1D(ok, options);
  ASSERT_FALSE(bool(r));
  llvm::consumeError(r.takeError());
}

TEST(KMeans, ParseInit) {
  EXPECT_EQ(parseKMeansInit("linear"), KMeansInit::Linear);
  EXPECT_EQ(parseKMeansInit("kmeans++"), KMeansInit::KMeansPlusPlus);
  EXPECT_EQ(parseKMeansInit("random"), std::nullopt);
  EXPECT_EQ(stringifyKMeansInit(KMeansInit::KMeansPlusPlus), "kmeans++");
}

} // namespace

//===----------------------------------------------------------------------===//
// Sampled fit for large tensors
//===----------------------------------------------------------------------===//

TEST(KMeansSampled, SmallDataIsUnchangedByTheSampleBound) {
  // At or below maxSample the sampled path is not taken: bit-identical results.
  SplitMix64 rng(5);
  std::vector<float> data(5000);
  for (float &v : data)
    v = float(rng.nextUnit() * rng.nextUnit() - 0.25);
  KMeansOptions a;
  a.numClusters = 16;
  KMeansOptions b = a;
  b.maxSample = data.size();
  auto ra = kmeans1D(data, a), rb = kmeans1D(data, b);
  ASSERT_TRUE(ra && rb);
  EXPECT_EQ(ra->centroids, rb->centroids);
  EXPECT_EQ(ra->assignments, rb->assignments);
  EXPECT_EQ(ra->fittedOn, data.size());
}

TEST(KMeansSampled, SampledFitIsCloseToTheFullFitAndDeterministic) {
  // 600 000 heavy-tailed values, fitted on samples of 2^14 and 2^16 (binned DP + two
  // full-data Lloyd steps) against Lloyd on all values: the squared error is never
  // above the full fit's (measured 0.98-0.99x: Lloyd from the linear initialization
  // does not converge in 100 iterations here), and the assignments are each value's
  // nearest centroid.
  SplitMix64 rng(9);
  std::vector<float> data(600000);
  for (float &v : data) {
    double u = rng.nextUnit(), g = rng.nextUnit() + rng.nextUnit() + rng.nextUnit() - 1.5;
    v = float(u < 0.1 ? 4 * g : 0.3 * g);
  }
  for (unsigned bits : {2u, 4u}) {
    KMeansOptions full;
    full.numClusters = 1u << bits;
    full.maxSample = data.size();
    auto rf = kmeans1D(data, full);
    ASSERT_TRUE(bool(rf));
    for (size_t sample : {size_t(1) << 14, size_t(1) << 16}) {
      KMeansOptions sampled = full;
      sampled.maxSample = sample;
      auto rs = kmeans1D(data, sampled);
      ASSERT_TRUE(bool(rs));
      EXPECT_EQ(rs->fittedOn, sample);
      ASSERT_EQ(rs->centroids.size(), full.numClusters);
      EXPECT_TRUE(std::is_sorted(rs->centroids.begin(), rs->centroids.end()));
      EXPECT_LE(rs->squaredError, rf->squaredError) << bits << " " << sample;
      // The reported error is the error of the assignments.
      double sse = 0;
      for (size_t e = 0; e < data.size(); ++e) {
        double d = double(data[e]) - rs->centroids[rs->assignments[e]];
        sse += d * d;
        if (e % 997 == 0) { // nearest centroid (spot check)
          double best = INFINITY;
          for (float c : rs->centroids)
            best = std::min(best, std::abs(double(data[e]) - c));
          EXPECT_LE(std::abs(d), best + 1e-7);
        }
      }
      EXPECT_NEAR(rs->squaredError, sse, 1e-9 * sse);
      std::printf("bits %u sample %zu: SSE sampled / full = %.6f\n", bits, sample,
                  rs->squaredError / rf->squaredError);
      auto again = kmeans1D(data, sampled);
      ASSERT_TRUE(bool(again));
      EXPECT_EQ(again->centroids, rs->centroids);
      EXPECT_EQ(again->assignments, rs->assignments);
      // Without kept assignments: same centroids and error, no n-entry vector.
      sampled.keepAssignments = false;
      auto lean = kmeans1D(data, sampled);
      ASSERT_TRUE(bool(lean));
      EXPECT_TRUE(lean->assignments.empty());
      EXPECT_EQ(lean->centroids, rs->centroids);
      EXPECT_EQ(lean->squaredError, rs->squaredError);
    }
  }
}

TEST(KMeansSampled, NonFiniteValueIsAnErrorOnTheSampledPath) {
  std::vector<float> data(100, 1.0f);
  data[77] = NAN;
  KMeansOptions options;
  options.maxSample = 10;
  auto r = kmeans1D(data, options);
  ASSERT_FALSE(bool(r));
  EXPECT_EQ(llvm::toString(r.takeError()), "k-means: non-finite value nan at index 77");
}
