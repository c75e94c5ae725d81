//===- KMeans.h - 1-D k-means clustering for weight sharing ----*- C++ -*-===//
//
// Weight sharing as in Deep Compression (Han, Mao, Dally, ICLR 2016): the weights of
// a layer are clustered into k = 2^bits groups by 1-D k-means, every weight is then
// stored as the index of its cluster and the cluster means (centroids) as a small
// float table. The paper finds the `linear` initialization (centroids evenly spaced
// between the smallest and the largest weight) best, because it keeps the few large
// weights, which matter most, represented.
//
// The implementation works on the sorted distinct values with their multiplicities,
// so a Lloyd iteration costs O(k log m) (m distinct values) after one O(n log n) sort:
// in one dimension the clusters of a nearest-centroid assignment are contiguous ranges
// of the sorted values, bounded by the midpoints between neighbouring centroids.
//
// Large tensors (a 25088×4096 FC holds 103 M weights) are clustered on a sample: when
// data has more than `maxSample` values, a deterministic pseudo-random sample of
// maxSample values (splitmix64 indices, plus the smallest and the largest value) is
// sorted into 4096 equal-count quantile bins, and the k centroids are the exact
// optimum over those bins by the dynamic programme of Wang & Song 2011
// ("Ckmeans.1d.dp: Optimal k-means clustering in one dimension by dynamic
// programming", The R Journal 3(2)), O(k·B log B) with the divide-and-conquer
// speed-up; up to `fullDataIterations` Lloyd steps over all the data then refine
// them (O(n log k) each: a binary search among the k − 1 midpoints; each step never
// increases the squared error). No sort of the n values: O(s log s + n log k) time,
// O(s + k·B) memory beyond the data and the assignments (none with keepAssignments =
// false). Lloyd from the linear initialization converges slowly on heavy-tailed
// weights (not in 100 iterations on 600 000 values), the DP does not depend on an
// initialization: on large tensors the result is at least as good (unit test).
//
// Everything is deterministic: same input and options give bit-identical results on
// every run and machine (no std:: random distributions; splitmix64 for kmeans++).
//
//===----------------------------------------------------------------------===//
#ifndef COMPRESS_ALGORITHMS_KMEANS_H
#define COMPRESS_ALGORITHMS_KMEANS_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace mlir::compress {

/// How the centroids are chosen before the Lloyd iterations.
enum class KMeansInit {
  /// k centroids evenly spaced in [min, max] (Han et al. 2016: the best of the three
  /// schemes they compare).
  Linear,
  /// kmeans++ (Arthur & Vassilvitskii 2007): the first centroid drawn with probability
  /// proportional to the multiplicity of a value, the following ones proportional to
  /// multiplicity × squared distance to the nearest chosen centroid. Seeded.
  KMeansPlusPlus,
};

/// Parses "linear" or "kmeans++"; std::nullopt for anything else.
std::optional<KMeansInit> parseKMeansInit(llvm::StringRef name);
/// The spelling parseKMeansInit accepts.
llvm::StringRef stringifyKMeansInit(KMeansInit init);

struct KMeansOptions {
  /// k, the largest number of centroids (≥ 1). For weight sharing k = 2^bits.
  unsigned numClusters = 16;
  KMeansInit init = KMeansInit::Linear;
  /// Seed of the splitmix64 generator used by kmeans++ (ignored by `linear`).
  uint64_t seed = 0;
  /// Upper bound on Lloyd iterations; they stop earlier once no assignment changes.
  unsigned maxIterations = 100;
  /// Above this many values, fit on a sample of this many (see the file comment;
  /// `init`, `seed` and `maxIterations` then do not apply: the fit is the DP's).
  size_t maxSample = size_t(1) << 20;
  /// Lloyd steps over all the data after a sampled fit (they stop earlier when no
  /// centroid moves).
  unsigned fullDataIterations = 2;
  /// Whether KMeansResult::assignments is filled (n indices); a caller that packs
  /// indices itself (assignNearest) saves the n·4 bytes.
  bool keepAssignments = true;
};

struct KMeansResult {
  /// Sorted ascending (non-decreasing: neighbouring means may round to one float in
  /// degenerate data), at most numClusters entries. Fewer only
  /// when the data has fewer distinct values than k: then the centroids are exactly
  /// those values (and squaredError is 0).
  std::vector<float> centroids;
  /// assignments[e] indexes `centroids` for data[e] (its nearest centroid once the
  /// iterations converged).
  std::vector<uint32_t> assignments;
  /// Σ_e (data[e] − centroids[assignments[e]])², accumulated in double.
  double squaredError = 0.0;
  /// Lloyd iterations run (0 for the exact case; on the sample when sampled).
  unsigned iterations = 0;
  /// Number of values the centroids were fitted on (data.size() unless sampled).
  size_t fittedOn = 0;
  /// True when the iterations stopped because no assignment changed (or the exact
  /// case); false when maxIterations was reached first.
  bool converged = true;
};

/// Clusters `data` into at most options.numClusters centroids.
///
/// Errors (llvm::StringError): empty data, numClusters == 0, a NaN or infinite value.
/// Exact when data has ≤ numClusters distinct values. Empty clusters met during the
/// iterations are re-seeded by splitting the cluster with the largest squared error,
/// so the result has k centroids whenever the data has ≥ k distinct values.
/// -0.0 is treated as +0.0.
llvm::Expected<KMeansResult> kmeans1D(llvm::ArrayRef<float> data,
                                      const KMeansOptions &options);

/// The index of the centroid nearest to `value` among sorted `centroids`, by the
/// midpoint rule of kmeans1D (a value exactly at a midpoint goes to the lower one;
/// -0.0 as +0.0). O(log k).
class NearestCentroid {
public:
  explicit NearestCentroid(llvm::ArrayRef<float> centroids);
  uint32_t operator()(float value) const;

private:
  std::vector<double> midpoints;
};

/// The deterministic generator used by kmeans++ (Steele, Lea, Flood 2014), exposed
/// for tests that need reproducible random data.
class SplitMix64 {
public:
  explicit SplitMix64(uint64_t seed) : state(seed) {}
  uint64_t next();
  /// Uniform in [0, 1), 53 random bits.
  double nextUnit();

private:
  uint64_t state;
};

} // namespace mlir::compress

#endif // COMPRESS_ALGORITHMS_KMEANS_H
