//===- DataAware.cpp - shared pieces, codebook, bias and binary refit -----===//
#include "compress/Algorithms/DataAware.h"
#include "DataAwareUtils.h"

#include "compress/Algorithms/KMeans.h"

#include "llvm/Support/FormatVariadic.h"

#include <Eigen/Cholesky>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

using namespace mlir::compress;
using namespace mlir::compress::detail;

llvm::Error detail::error(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

std::string detail::formatNumber(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%g", value);
  return buffer;
}

llvm::Error detail::checkWeights(llvm::ArrayRef<float> weights, int64_t rows, int64_t cols,
                                 llvm::StringRef what) {
  if (rows < 1 || cols < 1)
    return error(llvm::formatv("{0} must be at least 1x1, got {1}x{2}", what, rows, cols));
  if (int64_t(weights.size()) != rows * cols)
    return error(llvm::formatv("{0} has {1} elements, expected {2}x{3}", what,
                               weights.size(), rows, cols));
  for (float x : weights)
    if (!std::isfinite(x))
      return error(llvm::formatv("{0} holds a NaN or infinite value", what));
  return llvm::Error::success();
}

llvm::Error detail::checkGram(llvm::ArrayRef<double> gram, int64_t d) {
  if (d < 1)
    return error(llvm::formatv("Gram matrix dimension must be >= 1, got {0}", d));
  if (int64_t(gram.size()) != d * d)
    return error(llvm::formatv("Gram matrix has {0} elements, expected {1}x{1}", gram.size(),
                               d));
  double scale = 0;
  for (double x : gram) {
    if (!std::isfinite(x))
      return error("Gram matrix holds a NaN or infinite value");
    scale = std::max(scale, std::fabs(x));
  }
  for (int64_t i = 0; i < d; ++i) {
    if (gram[i * d + i] < 0)
      return error(llvm::formatv("Gram matrix has a negative diagonal entry at {0}", i));
    for (int64_t j = i + 1; j < d; ++j)
      if (std::fabs(gram[i * d + j] - gram[j * d + i]) > 1e-9 * (1 + scale))
        return error(llvm::formatv("Gram matrix is not symmetric at ({0}, {1})", i, j));
  }
  return llvm::Error::success();
}

Eigen::MatrixXd detail::toMatrix(llvm::ArrayRef<float> weights, int64_t rows, int64_t cols) {
  Eigen::MatrixXd m(rows, cols);
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t c = 0; c < cols; ++c)
      m(r, c) = weights[r * cols + c];
  return m;
}

Eigen::MatrixXd detail::toMatrix(llvm::ArrayRef<double> values, int64_t rows, int64_t cols) {
  Eigen::MatrixXd m(rows, cols);
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t c = 0; c < cols; ++c)
      m(r, c) = values[r * cols + c];
  return m;
}

std::vector<float> detail::toFloats(const Eigen::MatrixXd &m) {
  std::vector<float> out(m.rows() * m.cols());
  for (int64_t r = 0; r < m.rows(); ++r)
    for (int64_t c = 0; c < m.cols(); ++c)
      out[r * m.cols() + c] = float(m(r, c));
  return out;
}

double detail::outputError(const Eigen::MatrixXd &delta,
                           const Eigen::Ref<const Eigen::MatrixXd> &gram) {
  return ((delta * gram).array() * delta.array()).sum();
}

llvm::Expected<std::vector<double>> mlir::compress::dampGram(llvm::ArrayRef<double> gram,
                                                             int64_t d,
                                                             double dampingFraction) {
  if (llvm::Error err = checkGram(gram, d))
    return std::move(err);
  if (!(dampingFraction >= 0) || !std::isfinite(dampingFraction))
    return error("damping fraction must be a finite number >= 0, got " +
                 formatNumber(dampingFraction));
  std::vector<double> damped(gram.begin(), gram.end());
  double sum = 0;
  for (int64_t i = 0; i < d; ++i) {
    double &diag = damped[i * d + i];
    if (diag == 0)
      diag = 1; // A dead input: any weight is as good; keeps H + λI invertible.
    sum += diag;
  }
  double lambda = dampingFraction * sum / double(d);
  for (int64_t i = 0; i < d; ++i)
    damped[i * d + i] += lambda;
  return damped;
}

llvm::Expected<Eigen::MatrixXd> detail::dampedGramMatrix(llvm::ArrayRef<double> gram, int64_t d,
                                                         double dampingFraction) {
  // dampGram's formula on one d × d copy (large layers: each copy of H is d² doubles).
  if (llvm::Error err = checkGram(gram, d))
    return std::move(err);
  if (!(dampingFraction >= 0) || !std::isfinite(dampingFraction))
    return error("damping fraction must be a finite number >= 0, got " +
                 formatNumber(dampingFraction));
  Eigen::MatrixXd damped = toMatrix(gram, d, d);
  double sum = 0;
  for (int64_t i = 0; i < d; ++i) {
    if (damped(i, i) == 0)
      damped(i, i) = 1;
    sum += damped(i, i);
  }
  damped.diagonal().array() += dampingFraction * sum / double(d);
  return damped;
}

llvm::Expected<Eigen::MatrixXd> detail::inverseDampedGram(llvm::ArrayRef<double> gram, int64_t d,
                                                          double dampingFraction) {
  auto h = dampedGramMatrix(gram, d, dampingFraction);
  if (!h)
    return h.takeError();
  Eigen::LLT<Eigen::Ref<Eigen::MatrixXd>> llt(*h); // in place: two d × d matrices live
  if (llt.info() != Eigen::Success)
    return error("the damped Gram matrix is not positive definite (is H a Gram matrix "
                 "X Xᵀ? raise the damping fraction)");
  Eigen::MatrixXd inverse = Eigen::MatrixXd::Identity(d, d);
  llt.solveInPlace(inverse);
  if (!inverse.allFinite())
    return error("the inverse of the damped Gram matrix overflows (scale the inputs down "
                 "or raise the damping fraction)");
  // Symmetrize: the solve leaves rounding asymmetry the next factorization would see.
  for (int64_t j = 0; j < d; ++j)
    for (int64_t i = j + 1; i < d; ++i)
      inverse(i, j) = inverse(j, i) = 0.5 * (inverse(i, j) + inverse(j, i));
  return inverse;
}

llvm::Expected<Eigen::MatrixXd> detail::inverseCholeskyUpper(llvm::ArrayRef<double> gram,
                                                             int64_t d,
                                                             double dampingFraction) {
  // With J the reversal permutation and J H J = M Mᵀ (Cholesky, M lower):
  // H⁻¹ = J M⁻ᵀ M⁻¹ J = Uᵀ U with U = J M⁻¹ J upper — one factorization and one
  // triangular solve instead of inverting H and factorizing the inverse (GPTQ's
  // reference code), ≈ 2× fewer flops; the factor is unique, so the same U.
  auto h = dampedGramMatrix(gram, d, dampingFraction);
  if (!h)
    return h.takeError();
  h->reverseInPlace(); // J H J (rows and columns)
  Eigen::LLT<Eigen::Ref<Eigen::MatrixXd>> llt(*h); // in place: two d × d matrices live
  if (llt.info() != Eigen::Success)
    return error("the damped Gram matrix is not positive definite (is H a Gram matrix "
                 "X Xᵀ? raise the damping fraction)");
  Eigen::MatrixXd u = Eigen::MatrixXd::Identity(d, d);
  llt.matrixL().solveInPlace(u);
  u.reverseInPlace();
  u.triangularView<Eigen::StrictlyLower>().setZero();
  if (!u.allFinite())
    return error("the inverse of the damped Gram matrix overflows (scale the inputs down "
                 "or raise the damping fraction)");
  return u;
}

llvm::Expected<std::vector<double>>
mlir::compress::inverseGramCholesky(llvm::ArrayRef<double> gram, int64_t d,
                                    double dampingFraction) {
  auto u = inverseCholeskyUpper(gram, d, dampingFraction);
  if (!u)
    return u.takeError();
  std::vector<double> out(d * d);
  for (int64_t i = 0; i < d; ++i)
    for (int64_t j = 0; j < d; ++j)
      out[i * d + j] = (*u)(i, j);
  return out;
}

llvm::Expected<double> mlir::compress::layerOutputError(llvm::ArrayRef<float> weights,
                                                        llvm::ArrayRef<float> approx,
                                                        int64_t rows, int64_t cols,
                                                        llvm::ArrayRef<double> gram) {
  if (llvm::Error err = checkWeights(weights, rows, cols, "weights"))
    return std::move(err);
  if (llvm::Error err = checkWeights(approx, rows, cols, "approximation"))
    return std::move(err);
  if (llvm::Error err = checkGram(gram, cols))
    return std::move(err);
  Eigen::MatrixXd delta = toMatrix(weights, rows, cols) - toMatrix(approx, rows, cols);
  return outputError(delta, mapGram(gram, cols));
}

//===----------------------------------------------------------------------===//
// Codebook
//===----------------------------------------------------------------------===//

std::vector<float> CodebookAssignment::decode() const {
  std::vector<float> out(indices.size());
  for (int64_t r = 0; r < rows; ++r) {
    const float *table = centroids.data() + (centroids.size() > numCentroids ? r : 0) *
                                                numCentroids;
    for (int64_t c = 0; c < cols; ++c)
      out[r * cols + c] = table[indices[r * cols + c]];
  }
  return out;
}

uint32_t detail::nearestCentroid(llvm::ArrayRef<float> sorted, double value) {
  // First minimum of |value − c| over an ascending table.
  size_t j = std::upper_bound(sorted.begin(), sorted.end(), value,
                              [](double v, float c) { return v < double(c); }) -
             sorted.begin();
  size_t best = j == 0 ? 0 : j - 1;
  if (j < sorted.size() && (j == 0 || std::fabs(value - double(sorted[j])) <
                                          std::fabs(value - double(sorted[j - 1]))))
    best = j;
  double dist = std::fabs(value - double(sorted[best]));
  while (best > 0 && std::fabs(value - double(sorted[best - 1])) == dist)
    --best;
  return uint32_t(best);
}

static llvm::Error checkCodebookOptions(const DataAwareCodebookOptions &options) {
  if (options.bits < 1 || options.bits > 8)
    return error(llvm::formatv("codebook bits must be in [1, 8], got {0}", options.bits));
  if (options.blockSize < 1)
    return error("block size must be >= 1");
  if (!(options.dampingFraction >= 0) || !std::isfinite(options.dampingFraction))
    return error("damping fraction must be a finite number >= 0, got " +
                 formatNumber(options.dampingFraction));
  return llvm::Error::success();
}

/// Weighted 1-D k-means on one table: returns k ascending centroids (tail padded with
/// the largest when there are fewer distinct values).
static std::vector<float> weightedKMeans1D(llvm::ArrayRef<double> values,
                                           llvm::ArrayRef<double> weights, unsigned k,
                                           unsigned maxIterations) {
  size_t n = values.size();
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return values[a] < values[b]; });
  std::vector<double> sorted(n), prefixWeight(n + 1, 0), prefixSum(n + 1, 0);
  for (size_t i = 0; i < n; ++i) {
    sorted[i] = values[order[i]];
    prefixWeight[i + 1] = prefixWeight[i] + weights[order[i]];
    prefixSum[i + 1] = prefixSum[i] + weights[order[i]] * sorted[i];
  }
  std::vector<double> distinct;
  for (double v : sorted)
    if (distinct.empty() || distinct.back() != v)
      distinct.push_back(v);
  std::vector<float> result;
  if (distinct.size() <= k) {
    for (double v : distinct)
      result.push_back(float(v));
  } else {
    double lo = sorted.front(), hi = sorted.back();
    std::vector<double> c(k);
    for (unsigned j = 0; j < k; ++j)
      c[j] = lo + (hi - lo) * double(j) / double(k - 1);
    std::vector<size_t> bounds(k + 1), previous;
    for (unsigned iteration = 0; iteration < maxIterations; ++iteration) {
      // Cluster j holds the sorted values in (mid_{j-1}, mid_j]: a value exactly on a
      // midpoint goes to the lower centroid, the tie rule of nearestCentroid.
      bounds[0] = 0;
      bounds[k] = n;
      for (unsigned j = 0; j + 1 < k; ++j) {
        double mid = 0.5 * (c[j] + c[j + 1]);
        bounds[j + 1] = std::upper_bound(sorted.begin(), sorted.end(), mid) - sorted.begin();
      }
      if (bounds == previous)
        break;
      previous = bounds;
      for (unsigned j = 0; j < k; ++j) {
        double w = prefixWeight[bounds[j + 1]] - prefixWeight[bounds[j]];
        if (bounds[j + 1] > bounds[j] && w > 0)
          c[j] = (prefixSum[bounds[j + 1]] - prefixSum[bounds[j]]) / w;
      }
      std::sort(c.begin(), c.end());
    }
    for (double v : c)
      result.push_back(float(v));
    std::sort(result.begin(), result.end());
  }
  while (result.size() < k)
    result.push_back(result.back());
  return result;
}

/// Nearest-centroid indices and E for given tables.
static CodebookAssignment assignNearest(const Eigen::MatrixXd &w,
                                        const Eigen::Ref<const Eigen::MatrixXd> &gram,
                                        std::vector<float> centroids, unsigned k,
                                        CodebookMethod method) {
  CodebookAssignment result;
  result.rows = w.rows();
  result.cols = w.cols();
  result.numCentroids = k;
  result.centroids = std::move(centroids);
  result.method = method;
  result.indices.resize(w.rows() * w.cols());
  bool perChannel = result.centroids.size() > k;
  Eigen::MatrixXd delta(w.rows(), w.cols());
  for (int64_t r = 0; r < w.rows(); ++r) {
    llvm::ArrayRef<float> table(result.centroids.data() + (perChannel ? r * k : 0), k);
    for (int64_t c = 0; c < w.cols(); ++c) {
      uint32_t index = nearestCentroid(table, w(r, c));
      result.indices[r * w.cols() + c] = index;
      delta(r, c) = w(r, c) - double(table[index]);
    }
  }
  result.outputError = outputError(delta, gram);
  return result;
}

llvm::Expected<CodebookAssignment> mlir::compress::hessianWeightedKMeans(
    llvm::ArrayRef<float> weights, int64_t rows, int64_t cols, llvm::ArrayRef<double> gram,
    const DataAwareCodebookOptions &options) {
  if (llvm::Error err = checkWeights(weights, rows, cols, "weights"))
    return std::move(err);
  if (llvm::Error err = checkCodebookOptions(options))
    return std::move(err);
  auto damped = dampGram(gram, cols, options.dampingFraction);
  if (!damped)
    return damped.takeError();
  unsigned k = 1u << options.bits;
  std::vector<double> columnWeight(cols);
  for (int64_t c = 0; c < cols; ++c)
    columnWeight[c] = (*damped)[c * cols + c];
  std::vector<float> centroids;
  int64_t tables = options.perChannel ? rows : 1;
  int64_t perTable = rows * cols / tables;
  std::vector<double> values(perTable), valueWeights(perTable);
  for (int64_t t = 0; t < tables; ++t) {
    for (int64_t e = 0; e < perTable; ++e) {
      values[e] = weights[t * perTable + e];
      valueWeights[e] = columnWeight[(t * perTable + e) % cols];
    }
    std::vector<float> table = weightedKMeans1D(values, valueWeights, k, options.maxIterations);
    centroids.insert(centroids.end(), table.begin(), table.end());
  }
  return assignNearest(toMatrix(weights, rows, cols), mapGram(gram, cols),
                       std::move(centroids), k, CodebookMethod::HessianKMeans);
}

llvm::Expected<CodebookAssignment>
mlir::compress::gptqAssign(llvm::ArrayRef<float> weights, int64_t rows, int64_t cols,
                           llvm::ArrayRef<double> gram, llvm::ArrayRef<float> centroids,
                           unsigned numCentroids, const DataAwareCodebookOptions &options) {
  if (llvm::Error err = checkWeights(weights, rows, cols, "weights"))
    return std::move(err);
  if (llvm::Error err = checkCodebookOptions(options))
    return std::move(err);
  int64_t tables = options.perChannel ? rows : 1;
  if (numCentroids < 1 || int64_t(centroids.size()) != tables * numCentroids)
    return error(llvm::formatv("expected {0} table(s) of {1} centroids, got {2} values",
                               tables, numCentroids, centroids.size()));
  for (float c : centroids)
    if (!std::isfinite(c))
      return error("a centroid is NaN or infinite");
  if (options.actOrder) {
    // Run on the permuted problem (W's columns and H's rows and columns), map back.
    auto damped = dampGram(gram, cols, options.dampingFraction);
    if (!damped)
      return damped.takeError();
    std::vector<int64_t> order(cols);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) {
      return (*damped)[a * cols + a] > (*damped)[b * cols + b];
    });
    std::vector<float> permutedWeights(rows * cols);
    std::vector<double> permutedGram(cols * cols);
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t c = 0; c < cols; ++c)
        permutedWeights[r * cols + c] = weights[r * cols + order[c]];
    for (int64_t i = 0; i < cols; ++i)
      for (int64_t j = 0; j < cols; ++j)
        permutedGram[i * cols + j] = gram[order[i] * cols + order[j]];
    DataAwareCodebookOptions inOrder = options;
    inOrder.actOrder = false;
    auto permuted = gptqAssign(permutedWeights, rows, cols, permutedGram, centroids,
                               numCentroids, inOrder);
    if (!permuted)
      return permuted.takeError();
    CodebookAssignment result = std::move(*permuted);
    std::vector<uint32_t> indices(rows * cols);
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t c = 0; c < cols; ++c)
        indices[r * cols + order[c]] = result.indices[r * cols + c];
    result.indices = std::move(indices);
    std::vector<float> decoded = result.decode();
    result.outputError = outputError(toMatrix(weights, rows, cols) -
                                         toMatrix(decoded, rows, cols),
                                     mapGram(gram, cols));
    return result;
  }
  auto u = inverseCholeskyUpper(gram, cols, options.dampingFraction);
  if (!u)
    return u.takeError();

  CodebookAssignment result;
  result.rows = rows;
  result.cols = cols;
  result.numCentroids = numCentroids;
  result.method = CodebookMethod::GPTQ;
  result.centroids.assign(centroids.begin(), centroids.end());
  for (int64_t t = 0; t < tables; ++t)
    std::sort(result.centroids.begin() + t * numCentroids,
              result.centroids.begin() + (t + 1) * numCentroids);
  result.indices.resize(rows * cols);

  Eigen::MatrixXd w = toMatrix(weights, rows, cols);
  Eigen::MatrixXd quantized(rows, cols);
  for (int64_t i1 = 0; i1 < cols; i1 += options.blockSize) {
    int64_t i2 = std::min<int64_t>(i1 + options.blockSize, cols), width = i2 - i1;
    Eigen::MatrixXd block = w.middleCols(i1, width);
    Eigen::MatrixXd blockError(rows, width);
    for (int64_t i = 0; i < width; ++i) {
      int64_t column = i1 + i;
      double diagonal = (*u)(column, column);
      for (int64_t r = 0; r < rows; ++r) {
        llvm::ArrayRef<float> table(result.centroids.data() +
                                        (options.perChannel ? r * numCentroids : 0),
                                    numCentroids);
        uint32_t index = nearestCentroid(table, block(r, i));
        result.indices[r * cols + column] = index;
        quantized(r, column) = table[index];
        blockError(r, i) = (block(r, i) - double(table[index])) / diagonal;
      }
      block.rightCols(width - i).noalias() -=
          blockError.col(i) * u->block(column, column, 1, width - i);
    }
    if (i2 < cols)
      w.rightCols(cols - i2).noalias() -= blockError * u->block(i1, i2, width, cols - i2);
  }
  result.outputError =
      outputError(toMatrix(weights, rows, cols) - quantized, mapGram(gram, cols));
  return result;
}

llvm::Expected<CodebookAssignment>
mlir::compress::refitCentroids(llvm::ArrayRef<float> weights, llvm::ArrayRef<double> gram,
                               const CodebookAssignment &assignment, double dampingFraction) {
  int64_t rows = assignment.rows, cols = assignment.cols;
  unsigned k = assignment.numCentroids;
  if (llvm::Error err = checkWeights(weights, rows, cols, "weights"))
    return std::move(err);
  int64_t tables = k ? int64_t(assignment.centroids.size()) / k : 0;
  if (k < 1 || (tables != 1 && tables != rows) ||
      int64_t(assignment.centroids.size()) != tables * k ||
      int64_t(assignment.indices.size()) != rows * cols)
    return error("codebook assignment does not match its rows, columns and centroids");
  for (uint32_t index : assignment.indices)
    if (index >= k)
      return error(llvm::formatv("codebook index {0} out of range (k = {1})", index, k));
  auto damped = dampedGramMatrix(gram, cols, dampingFraction);
  if (!damped)
    return damped.takeError();
  Eigen::MatrixXd w = toMatrix(weights, rows, cols);
  std::vector<Eigen::MatrixXd> normal(tables, Eigen::MatrixXd::Zero(k, k));
  std::vector<Eigen::VectorXd> rhs(tables, Eigen::VectorXd::Zero(k));
  Eigen::MatrixXd hm(cols, k);
  for (int64_t r = 0; r < rows; ++r) {
    int64_t t = tables == 1 ? 0 : r;
    const uint32_t *index = assignment.indices.data() + r * cols;
    hm.setZero();
    for (int64_t c = 0; c < cols; ++c)
      hm.col(index[c]) += damped->col(c); // H̃ M_r
    for (int64_t c = 0; c < cols; ++c)
      normal[t].row(index[c]) += hm.row(c); // M_rᵀ H̃ M_r
    rhs[t].noalias() += hm.transpose() * w.row(r).transpose();
  }
  CodebookAssignment result = assignment;
  result.method = CodebookMethod::GPTQRefit;
  for (int64_t t = 0; t < tables; ++t) {
    std::vector<int64_t> used;
    for (unsigned a = 0; a < k; ++a)
      if (normal[t](a, a) > 0)
        used.push_back(a);
    if (used.empty())
      continue;
    Eigen::LDLT<Eigen::MatrixXd> ldlt(Eigen::MatrixXd(normal[t](used, used)));
    Eigen::VectorXd values = ldlt.solve(Eigen::VectorXd(rhs[t](used)));
    if (ldlt.info() != Eigen::Success || !values.allFinite())
      continue;
    float *table = result.centroids.data() + t * k;
    for (size_t i = 0; i < used.size(); ++i)
      table[used[i]] = float(values(i));
    // Re-sort the table and remap the indices that point into it.
    std::vector<uint32_t> order(k), position(k);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](uint32_t a, uint32_t b) { return table[a] < table[b]; });
    std::vector<float> sorted(k);
    for (unsigned i = 0; i < k; ++i) {
      sorted[i] = table[order[i]];
      position[order[i]] = i;
    }
    std::copy(sorted.begin(), sorted.end(), table);
    for (int64_t r = tables == 1 ? 0 : t; r < (tables == 1 ? rows : t + 1); ++r)
      for (int64_t c = 0; c < cols; ++c)
        result.indices[r * cols + c] = position[result.indices[r * cols + c]];
  }
  std::vector<float> decoded = result.decode();
  result.outputError =
      outputError(w - toMatrix(decoded, rows, cols), mapGram(gram, cols));
  if (!(result.outputError < assignment.outputError))
    return assignment;
  return result;
}

llvm::Expected<CodebookAssignment>
mlir::compress::dataAwareCodebook(llvm::ArrayRef<float> weights, int64_t rows, int64_t cols,
                                  llvm::ArrayRef<double> gram,
                                  const DataAwareCodebookOptions &options) {
  auto weighted = hessianWeightedKMeans(weights, rows, cols, gram, options);
  if (!weighted)
    return weighted.takeError();
  unsigned k = weighted->numCentroids;
  auto gptq = gptqAssign(weights, rows, cols, gram, weighted->centroids, k, options);
  if (!gptq)
    return gptq.takeError();
  auto refit = refitCentroids(weights, gram, *gptq, options.dampingFraction);
  if (!refit)
    return refit.takeError();
  std::vector<CodebookAssignment> candidates;
  if (options.actOrder) {
    DataAwareCodebookOptions inOrder = options;
    inOrder.actOrder = false;
    auto natural = gptqAssign(weights, rows, cols, gram, weighted->centroids, k, inOrder);
    if (!natural)
      return natural.takeError();
    auto naturalRefit = refitCentroids(weights, gram, *natural, options.dampingFraction);
    if (!naturalRefit)
      return naturalRefit.takeError();
    candidates.push_back(std::move(*natural));
    candidates.push_back(std::move(*naturalRefit));
  }

  // The blind k-means of the compress-codebook pass, same table layout.
  std::vector<float> plainCentroids;
  int64_t tables = options.perChannel ? rows : 1, perTable = rows * cols / tables;
  KMeansOptions kmeansOptions;
  kmeansOptions.numClusters = k;
  kmeansOptions.maxIterations = options.maxIterations;
  for (int64_t t = 0; t < tables; ++t) {
    auto plain = kmeans1D(weights.slice(t * perTable, perTable), kmeansOptions);
    if (!plain)
      return plain.takeError();
    std::vector<float> table = plain->centroids;
    while (table.size() < k)
      table.push_back(table.back());
    plainCentroids.insert(plainCentroids.end(), table.begin(), table.end());
  }
  CodebookAssignment plain =
      assignNearest(toMatrix(weights, rows, cols), mapGram(gram, cols),
                    std::move(plainCentroids), k, CodebookMethod::PlainKMeans);
  CodebookAssignment *best = &plain;
  for (CodebookAssignment *candidate : {&*weighted, &*gptq, &*refit})
    if (candidate->outputError < best->outputError)
      best = candidate;
  for (CodebookAssignment &candidate : candidates)
    if (candidate.outputError < best->outputError)
      best = &candidate;
  return std::move(*best);
}

//===----------------------------------------------------------------------===//
// Bias correction and binary refit
//===----------------------------------------------------------------------===//

/// E[x] of the layer's inputs: `cols` finite values.
static llvm::Error checkInputMean(llvm::ArrayRef<double> inputMean, int64_t cols) {
  if (int64_t(inputMean.size()) != cols)
    return error(llvm::formatv("input mean has {0} elements, expected {1}", inputMean.size(),
                               cols));
  for (double m : inputMean)
    if (!std::isfinite(m))
      return error("input mean holds a NaN or infinite value");
  return llvm::Error::success();
}

llvm::Expected<std::vector<float>>
mlir::compress::correctBias(llvm::ArrayRef<float> weights, llvm::ArrayRef<float> approx,
                            llvm::ArrayRef<float> bias, int64_t rows, int64_t cols,
                            llvm::ArrayRef<double> inputMean) {
  if (llvm::Error err = checkWeights(weights, rows, cols, "weights"))
    return std::move(err);
  if (llvm::Error err = checkWeights(approx, rows, cols, "approximation"))
    return std::move(err);
  if (!bias.empty())
    if (llvm::Error err = checkWeights(bias, rows, 1, "bias"))
      return std::move(err);
  if (llvm::Error err = checkInputMean(inputMean, cols))
    return std::move(err);
  std::vector<float> out(rows);
  for (int64_t r = 0; r < rows; ++r) {
    double sum = bias.empty() ? 0.0 : double(bias[r]);
    for (int64_t c = 0; c < cols; ++c)
      sum += (double(weights[r * cols + c]) - double(approx[r * cols + c])) * inputMean[c];
    out[r] = float(sum);
  }
  return out;
}

llvm::Expected<BinaryRefitResult> mlir::compress::refitBinaryScaleAndBias(
    llvm::ArrayRef<float> weights, llvm::ArrayRef<float> bias, llvm::ArrayRef<int8_t> signs,
    llvm::ArrayRef<float> alpha, int64_t rows, int64_t cols, llvm::ArrayRef<double> gram,
    llvm::ArrayRef<double> inputMean, int64_t sampleCount) {
  if (llvm::Error err = checkWeights(weights, rows, cols, "weights"))
    return std::move(err);
  if (!bias.empty())
    if (llvm::Error err = checkWeights(bias, rows, 1, "bias"))
      return std::move(err);
  if (llvm::Error err = checkWeights(alpha, rows, 1, "alpha"))
    return std::move(err);
  if (int64_t(signs.size()) != rows * cols)
    return error(llvm::formatv("sign pattern has {0} elements, expected {1}x{2}", signs.size(),
                               rows, cols));
  for (int8_t s : signs)
    if (s != 1 && s != -1)
      return error(llvm::formatv("sign pattern holds {0}; only +1 and -1 are allowed", int(s)));
  if (llvm::Error err = checkGram(gram, cols))
    return std::move(err);
  if (llvm::Error err = checkInputMean(inputMean, cols))
    return std::move(err);
  if (sampleCount < 1)
    return error(llvm::formatv("sample count must be >= 1, got {0}", sampleCount));

  Eigen::Map<const Eigen::MatrixXd> h = mapGram(gram, cols);
  Eigen::MatrixXd w = toMatrix(weights, rows, cols);
  Eigen::MatrixXd b(rows, cols);
  for (int64_t i = 0; i < rows * cols; ++i)
    b(i / cols, i % cols) = signs[i];
  Eigen::VectorXd mu(cols);
  for (int64_t c = 0; c < cols; ++c)
    mu(c) = inputMean[c];
  double n = double(sampleCount);
  Eigen::MatrixXd bh = b * h;
  BinaryRefitResult result;
  result.alpha.resize(rows);
  result.bias.resize(rows);
  for (int64_t r = 0; r < rows; ++r) {
    double b0 = bias.empty() ? 0.0 : double(bias[r]);
    double sumSS = bh.row(r).dot(b.row(r));
    double sumS = n * b.row(r).dot(mu);
    double sumSY = bh.row(r).dot(w.row(r)) + b0 * sumS;
    double sumY = n * (w.row(r).dot(mu) + b0);
    // Centered form of the 2×2 normal equations: var(s)·α = cov(s, y).
    double meanS = sumS / n, meanY = sumY / n;
    double varS = sumSS / n - meanS * meanS;
    double covSY = sumSY / n - meanS * meanY;
    double a = alpha[r];
    if (varS > 1e-12 * (1 + sumSS / n))
      a = covSY / varS;
    else
      ++result.degenerateRows;
    result.alpha[r] = float(a);
    result.bias[r] = float(meanY - a * meanS);
  }
  return result;
}
