//===- KMeans.cpp - 1-D k-means clustering for weight sharing -------------===//
#include "compress/Algorithms/KMeans.h"

#include "llvm/Support/FormatVariadic.h"

#include <algorithm>
#include <cmath>
#include <functional>

using namespace mlir::compress;

uint64_t SplitMix64::next() {
  uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

double SplitMix64::nextUnit() { return double(next() >> 11) * 0x1.0p-53; }

std::optional<KMeansInit> mlir::compress::parseKMeansInit(llvm::StringRef name) {
  if (name == "linear")
    return KMeansInit::Linear;
  if (name == "kmeans++")
    return KMeansInit::KMeansPlusPlus;
  return std::nullopt;
}

llvm::StringRef mlir::compress::stringifyKMeansInit(KMeansInit init) {
  return init == KMeansInit::Linear ? "linear" : "kmeans++";
}

namespace {
/// The sorted distinct values with their multiplicities, and prefix sums over them so
/// that the mean of any contiguous range costs O(1).
struct WeightedValues {
  std::vector<float> values;
  std::vector<double> prefixCount; // size m + 1
  std::vector<double> prefixSum;   // Σ count·value, size m + 1

  size_t size() const { return values.size(); }
  double count(size_t lo, size_t hi) const { return prefixCount[hi] - prefixCount[lo]; }
  double mean(size_t lo, size_t hi) const {
    return (prefixSum[hi] - prefixSum[lo]) / count(lo, hi);
  }
  /// Exact squared error of range [lo, hi) around its mean (O(hi − lo)).
  double squaredError(size_t lo, size_t hi, const std::vector<uint64_t> &counts) const {
    double mu = mean(lo, hi), sse = 0;
    for (size_t i = lo; i < hi; ++i) {
      double d = double(values[i]) - mu;
      sse += double(counts[i]) * d * d;
    }
    return sse;
  }
};

/// Boundaries of the nearest-centroid assignment: cluster j holds the distinct values
/// [bounds[j], bounds[j+1]). A value exactly at a midpoint goes to the lower cluster.
void assignRanges(const std::vector<float> &values, const std::vector<float> &centroids,
                  std::vector<size_t> &bounds) {
  size_t k = centroids.size();
  bounds.assign(k + 1, 0);
  bounds[k] = values.size();
  for (size_t j = 0; j + 1 < k; ++j) {
    double mid = 0.5 * (double(centroids[j]) + double(centroids[j + 1]));
    bounds[j + 1] = std::upper_bound(values.begin(), values.end(), mid,
                                     [](double m, float v) { return m < double(v); }) -
                    values.begin();
  }
}

std::vector<float> initLinear(const WeightedValues &wv, unsigned k) {
  double lo = wv.values.front(), hi = wv.values.back();
  std::vector<float> c(k);
  for (unsigned j = 0; j < k; ++j)
    c[j] = float(k == 1 ? 0.5 * (lo + hi) : lo + (hi - lo) * double(j) / double(k - 1));
  return c;
}

std::vector<float> initKMeansPlusPlus(const WeightedValues &wv,
                                      const std::vector<uint64_t> &counts, unsigned k,
                                      uint64_t seed) {
  SplitMix64 rng(seed);
  size_t m = wv.size();
  // Draws an index with probability ∝ weight[i]; indices of weight 0 are never drawn.
  auto draw = [&](const std::vector<double> &weight) {
    double total = 0;
    for (double w : weight)
      total += w;
    double r = rng.nextUnit() * total, acc = 0;
    size_t last = 0;
    for (size_t i = 0; i < m; ++i) {
      if (weight[i] <= 0)
        continue;
      acc += weight[i];
      last = i;
      if (acc > r)
        return i;
    }
    return last; // r rounded up to the total
  };
  std::vector<double> weight(m);
  for (size_t i = 0; i < m; ++i)
    weight[i] = double(counts[i]);
  std::vector<float> chosen;
  std::vector<double> dist2(m, INFINITY);
  chosen.push_back(wv.values[draw(weight)]);
  while (chosen.size() < k) {
    double c = chosen.back();
    for (size_t i = 0; i < m; ++i) {
      double d = double(wv.values[i]) - c;
      dist2[i] = std::min(dist2[i], d * d);
      weight[i] = double(counts[i]) * dist2[i];
    }
    // m > k distinct values, so some value is still at a positive distance.
    chosen.push_back(wv.values[draw(weight)]);
  }
  std::sort(chosen.begin(), chosen.end());
  return chosen;
}
} // namespace

mlir::compress::NearestCentroid::NearestCentroid(llvm::ArrayRef<float> c) {
  for (size_t j = 0; j + 1 < c.size(); ++j)
    midpoints.push_back(0.5 * (double(c[j]) + double(c[j + 1])));
}

uint32_t mlir::compress::NearestCentroid::operator()(float value) const {
  double v = value == 0.0f ? 0.0 : double(value);
  return uint32_t(std::lower_bound(midpoints.begin(), midpoints.end(), v) - midpoints.begin());
}

static llvm::Expected<KMeansResult> kmeansOnAll(llvm::ArrayRef<float> data,
                                                const KMeansOptions &options);

/// The optimal 1-D k-means of `sample` with cluster boundaries restricted to the
/// edges of `kBins` quantile bins (each bin a weighted point with its count, sum and
/// sum of squares): the dynamic programme of Wang & Song 2011 (Ckmeans.1d.dp),
///   D[j][i] = min_{t < i} D[j−1][t] + SSE(bins t..i−1),
/// with the divide-and-conquer speed-up (the optimal t is monotone in i), O(k·B log B).
/// Returns sorted centroids (fewer than k only when there are fewer bins).
static std::vector<float> optimalOnQuantileBins(std::vector<float> &sample, unsigned k) {
  constexpr size_t kBins = 4096;
  std::sort(sample.begin(), sample.end());
  // Bins of equal counts, never splitting equal values.
  std::vector<double> cnt{0}, sum{0}, sq{0}; // prefix sums over bins
  size_t n = sample.size(), per = std::max<size_t>(1, n / kBins);
  for (size_t lo = 0; lo < n;) {
    size_t hi = std::min(n, lo + per);
    while (hi < n && sample[hi] == sample[hi - 1])
      ++hi;
    double c = 0, s1 = 0, s2 = 0;
    for (size_t e = lo; e < hi; ++e) {
      double v = sample[e] == 0.0f ? 0.0 : double(sample[e]);
      c += 1;
      s1 += v;
      s2 += v * v;
    }
    cnt.push_back(cnt.back() + c);
    sum.push_back(sum.back() + s1);
    sq.push_back(sq.back() + s2);
    lo = hi;
  }
  size_t b = cnt.size() - 1;
  k = unsigned(std::min<size_t>(k, b));
  auto cost = [&](size_t t, size_t i) { // bins [t, i)
    double c = cnt[i] - cnt[t], s1 = sum[i] - sum[t];
    return std::max(0.0, (sq[i] - sq[t]) - s1 * s1 / c);
  };
  std::vector<double> prev(b + 1, INFINITY), cur(b + 1, INFINITY);
  std::vector<std::vector<uint32_t>> from(k, std::vector<uint32_t>(b + 1, 0));
  for (size_t i = 1; i <= b; ++i)
    prev[i] = cost(0, i);
  for (unsigned j = 1; j < k; ++j) {
    std::fill(cur.begin(), cur.end(), INFINITY);
    // cur[i] for i in [lo, hi], optimal t in [tlo, thi].
    std::function<void(size_t, size_t, size_t, size_t)> solve = [&](size_t lo, size_t hi,
                                                                    size_t tlo, size_t thi) {
      if (lo > hi)
        return;
      size_t mid = (lo + hi) / 2, best = tlo;
      double bestCost = INFINITY;
      for (size_t t = std::max<size_t>(tlo, j); t <= std::min(thi, mid - 1); ++t) {
        double c = prev[t] + cost(t, mid);
        if (c < bestCost) {
          bestCost = c;
          best = t;
        }
      }
      cur[mid] = bestCost;
      from[j][mid] = uint32_t(best);
      if (mid > lo)
        solve(lo, mid - 1, tlo, best);
      solve(mid + 1, hi, best, thi);
    };
    solve(j + 1, b, j, b - 1);
    std::swap(prev, cur);
  }
  std::vector<float> centroids(k);
  size_t i = b;
  for (unsigned j = k; j-- > 0;) {
    size_t t = j == 0 ? 0 : from[j][i];
    centroids[j] = float((sum[i] - sum[t]) / (cnt[i] - cnt[t]));
    i = t;
  }
  std::sort(centroids.begin(), centroids.end());
  return centroids;
}

llvm::Expected<KMeansResult> mlir::compress::kmeans1D(llvm::ArrayRef<float> data,
                                                const KMeansOptions &options) {
  if (data.size() <= std::max<size_t>(options.maxSample, 2))
    return kmeansOnAll(data, options);
  for (size_t e = 0; e < data.size(); ++e)
    if (!std::isfinite(data[e]))
      return llvm::createStringError(
          llvm::formatv("k-means: non-finite value {0} at index {1}", data[e], e).str());
  // A deterministic sample: the extremes, then indices drawn by splitmix64.
  std::vector<float> sample;
  sample.reserve(options.maxSample);
  auto [lo, hi] = std::minmax_element(data.begin(), data.end());
  sample.push_back(*lo);
  sample.push_back(*hi);
  SplitMix64 rng(0x6b6d65616e73ULL ^ options.seed);
  while (sample.size() < options.maxSample)
    sample.push_back(data[rng.next() % uint64_t(data.size())]);
  KMeansResult result;
  result.fittedOn = sample.size();
  result.centroids = optimalOnQuantileBins(sample, options.numClusters);
  result.iterations = 0;
  result.converged = true;
  std::vector<float> &c = result.centroids;
  // Lloyd steps over all values (each never increases the squared error).
  size_t k = c.size();
  for (unsigned iter = 0; iter < options.fullDataIterations; ++iter) {
    NearestCentroid nearest(c);
    std::vector<double> sum(k, 0.0);
    std::vector<uint64_t> count(k, 0);
    for (float v : data) {
      uint32_t j = nearest(v);
      sum[j] += double(v == 0.0f ? 0.0f : v);
      ++count[j];
    }
    bool moved = false;
    for (size_t j = 0; j < k; ++j) {
      if (count[j] == 0)
        continue; // an empty cluster keeps its centroid
      float mean = float(sum[j] / double(count[j]));
      moved |= mean != c[j];
      c[j] = mean;
    }
    // Means of the contiguous ranges of a sorted order stay sorted.
    std::sort(c.begin(), c.end());
    if (!moved)
      break;
  }
  NearestCentroid nearest(c);
  if (options.keepAssignments)
    result.assignments.resize(data.size());
  double sse = 0;
  for (size_t e = 0; e < data.size(); ++e) {
    uint32_t j = nearest(data[e]);
    if (options.keepAssignments)
      result.assignments[e] = j;
    double d = double(data[e] == 0.0f ? 0.0f : data[e]) - double(c[j]);
    sse += d * d;
  }
  result.squaredError = sse;
  return result;
}

static llvm::Expected<KMeansResult> kmeansOnAll(llvm::ArrayRef<float> data,
                                                const KMeansOptions &options) {
  if (data.empty())
    return llvm::createStringError("k-means: empty data");
  if (options.numClusters == 0)
    return llvm::createStringError("k-means: the number of clusters must be at least 1");
  for (size_t e = 0; e < data.size(); ++e)
    if (!std::isfinite(data[e]))
      return llvm::createStringError(
          llvm::formatv("k-means: non-finite value {0} at index {1}", data[e], e).str());

  // Sorted distinct values with multiplicities (-0.0 folded into +0.0, so the order
  // of equal keys, which std::sort leaves unspecified, cannot matter).
  std::vector<float> sorted(data.begin(), data.end());
  for (float &v : sorted)
    if (v == 0.0f)
      v = 0.0f;
  std::sort(sorted.begin(), sorted.end());
  WeightedValues wv;
  std::vector<uint64_t> counts;
  for (float v : sorted) {
    if (wv.values.empty() || wv.values.back() != v) {
      wv.values.push_back(v);
      counts.push_back(0);
    }
    ++counts.back();
  }
  size_t m = wv.size();
  wv.prefixCount.assign(m + 1, 0);
  wv.prefixSum.assign(m + 1, 0);
  for (size_t i = 0; i < m; ++i) {
    wv.prefixCount[i + 1] = wv.prefixCount[i] + double(counts[i]);
    wv.prefixSum[i + 1] = wv.prefixSum[i] + double(counts[i]) * double(wv.values[i]);
  }

  KMeansResult result;
  result.fittedOn = data.size();
  unsigned k = options.numClusters;
  if (m <= k) {
    // Exact: every distinct value is its own centroid.
    result.centroids = wv.values;
  } else {
    std::vector<float> centroids = options.init == KMeansInit::Linear
                                       ? initLinear(wv, k)
                                       : initKMeansPlusPlus(wv, counts, k, options.seed);
    std::vector<size_t> bounds, previous;
    result.converged = false;
    for (unsigned iter = 0; iter < options.maxIterations; ++iter) {
      assignRanges(wv.values, centroids, bounds);
      if (bounds == previous) {
        result.converged = true;
        break;
      }
      // Empty cluster: drop it and split the cluster of largest squared error at its
      // mean. Every split range has ≥ 2 distinct values (its error is positive, since
      // m > k guarantees some cluster holds two values), so both halves are non-empty.
      for (;;) {
        auto empty = std::adjacent_find(bounds.begin(), bounds.end());
        if (empty == bounds.end())
          break;
        bounds.erase(empty);
        size_t worst = 0;
        double worstError = -1;
        for (size_t j = 0; j + 1 < bounds.size(); ++j) {
          if (bounds[j + 1] - bounds[j] < 2)
            continue;
          double err = wv.squaredError(bounds[j], bounds[j + 1], counts);
          if (err > worstError) {
            worstError = err;
            worst = j;
          }
        }
        size_t lo = bounds[worst], hi = bounds[worst + 1];
        double mu = wv.mean(lo, hi);
        size_t split = std::upper_bound(wv.values.begin() + lo, wv.values.begin() + hi, mu,
                                        [](double x, float v) { return x < double(v); }) -
                       wv.values.begin();
        split = std::clamp(split, lo + 1, hi - 1);
        bounds.insert(bounds.begin() + worst + 1, split);
      }
      for (size_t j = 0; j < k; ++j)
        centroids[j] = float(wv.mean(bounds[j], bounds[j + 1]));
      previous = bounds;
      result.iterations = iter + 1;
    }
    // Means of contiguous sorted ranges are non-decreasing; rounding to float may
    // make two neighbours equal, which would leave one of them unused. Keep them all
    // (k entries) but they stay sorted.
    result.centroids = std::move(centroids);
  }

  // Final assignment: nearest centroid by the same midpoint rule, per element.
  const std::vector<float> &c = result.centroids;
  NearestCentroid nearest(c);
  if (options.keepAssignments)
    result.assignments.resize(data.size());
  double sse = 0;
  for (size_t e = 0; e < data.size(); ++e) {
    double v = data[e] == 0.0f ? 0.0 : double(data[e]);
    uint32_t j = nearest(data[e]);
    if (options.keepAssignments)
      result.assignments[e] = j;
    double d = v - double(c[j]);
    sse += d * d;
  }
  result.squaredError = sse;
  return result;
}
