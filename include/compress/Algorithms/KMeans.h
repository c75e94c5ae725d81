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
  /// Lloyd iterations run (0 for the exact case).
  unsigned iterations = 0;
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
