//===- LowRank.cpp - truncated SVD and rank choice (Eigen) ----------------===//
#include "compress/Algorithms/LowRank.h"
#include "compress/Algorithms/KMeans.h" // SplitMix64

#include "llvm/Support/FormatVariadic.h"

#include <Eigen/QR>
#include <Eigen/SVD>

#include <algorithm>
#include <cmath>

using namespace mlir::compress;

static llvm::Error error(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

llvm::Expected<SingularValueDecomposition>
mlir::compress::computeSVD(llvm::ArrayRef<float> matrix, int64_t rows, int64_t cols) {
  if (rows < 1 || cols < 1)
    return error(llvm::formatv("matrix must be at least 1x1, got {0}x{1}", rows, cols));
  if (int64_t(matrix.size()) != rows * cols)
    return error(llvm::formatv("matrix has {0} elements, expected {1}x{2}", matrix.size(),
                               rows, cols));
  Eigen::MatrixXd m(rows, cols);
  for (int64_t i = 0; i < rows; ++i)
    for (int64_t k = 0; k < cols; ++k) {
      float x = matrix[i * cols + k];
      if (!std::isfinite(x))
        return error("weight is NaN or infinite");
      m(i, k) = x;
    }
  // BDCSVD switches to one-sided Jacobi below 16 columns by itself: accurate for
  // the small matrices, fast for the large ones.
  Eigen::BDCSVD<Eigen::MatrixXd> svd(m, Eigen::ComputeThinU | Eigen::ComputeThinV);
  SingularValueDecomposition result;
  result.rows = rows;
  result.cols = cols;
  result.totalEnergy = m.squaredNorm();
  int64_t p = std::min(rows, cols);
  result.singularValues.resize(p);
  result.left.resize(rows * p);
  result.right.resize(cols * p);
  const Eigen::MatrixXd &left = svd.matrixU(), &right = svd.matrixV();
  for (int64_t j = 0; j < p; ++j)
    result.singularValues[j] = svd.singularValues()(j);
  for (int64_t i = 0; i < rows; ++i)
    for (int64_t j = 0; j < p; ++j)
      result.left[i * p + j] = left(i, j);
  for (int64_t k = 0; k < cols; ++k)
    for (int64_t j = 0; j < p; ++j)
      result.right[k * p + j] = right(k, j);
  return result;
}

int64_t mlir::compress::chooseRankByEnergy(llvm::ArrayRef<double> singularValues,
                                           double energy, double totalEnergy) {
  double total = 0;
  for (double s : singularValues)
    total += s * s;
  if (totalEnergy > 0)
    total = totalEnergy;
  if (total <= 0 || singularValues.empty())
    return 1;
  double target = energy * total * (1.0 - 1e-12);
  double kept = 0;
  for (size_t r = 0; r < singularValues.size(); ++r) {
    kept += singularValues[r] * singularValues[r];
    if (kept >= target)
      return int64_t(r + 1);
  }
  return int64_t(singularValues.size());
}

double mlir::compress::keptEnergy(llvm::ArrayRef<double> singularValues, int64_t rank,
                                  double totalEnergy) {
  double total = 0, kept = 0;
  for (size_t i = 0; i < singularValues.size(); ++i) {
    double e = singularValues[i] * singularValues[i];
    total += e;
    if (int64_t(i) < rank)
      kept += e;
  }
  if (totalEnergy > 0)
    total = totalEnergy;
  return total > 0 ? std::min(1.0, kept / total) : 1.0;
}

llvm::Expected<LowRankFactors>
mlir::compress::truncateSVD(const SingularValueDecomposition &svd,
                            llvm::ArrayRef<float> matrix, int64_t rank) {
  int64_t rows = svd.rows, cols = svd.cols;
  int64_t p = int64_t(svd.singularValues.size());
  if (rank < 1 || rank > p)
    return error(llvm::formatv("rank must be in [1, {0}], got {1}", p, rank));
  if (int64_t(matrix.size()) != rows * cols)
    return error("matrix does not match the decomposition");
  LowRankFactors f;
  f.rows = rows;
  f.cols = cols;
  f.rank = rank;
  f.energy = keptEnergy(svd.singularValues, rank, svd.totalEnergy);
  f.randomized = svd.randomized;
  f.v.resize(rows * rank);
  f.u.resize(rank * cols);
  for (int64_t j = 0; j < rank; ++j) {
    double scale = std::sqrt(svd.singularValues[j]);
    for (int64_t i = 0; i < rows; ++i)
      f.v[i * rank + j] = float(svd.left[i * p + j] * scale);
    for (int64_t k = 0; k < cols; ++k)
      f.u[j * cols + k] = float(scale * svd.right[k * p + j]);
  }
  // The error of what will actually run: the float factors, multiplied in double,
  // a block of rows at a time (bounded memory on 25088-wide layers).
  using RowMajorF = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  using RowMajorD = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  Eigen::Map<const RowMajorF> w(matrix.data(), rows, cols), vf(f.v.data(), rows, rank),
      uf(f.u.data(), rank, cols);
  RowMajorD ud = uf.cast<double>();
  double err = 0, norm = 0;
  constexpr int64_t block = 256;
  for (int64_t i0 = 0; i0 < rows; i0 += block) {
    int64_t n = std::min(block, rows - i0);
    RowMajorD wb = w.middleRows(i0, n).cast<double>();
    norm += wb.squaredNorm();
    wb.noalias() -= vf.middleRows(i0, n).cast<double>() * ud;
    err += wb.squaredNorm();
  }
  f.relativeError = norm > 0 ? std::sqrt(err / norm) : 0.0;
  return f;
}

double mlir::compress::breakEvenRank(int64_t rows, int64_t cols) {
  return double(rows) * double(cols) / double(rows + cols);
}

namespace {
using RowMajorF = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

/// An orthonormal basis of the columns of y (thin Householder QR, in double).
Eigen::MatrixXf orthonormalize(const Eigen::MatrixXf &y) {
  Eigen::HouseholderQR<Eigen::MatrixXd> qr(y.cast<double>());
  Eigen::MatrixXd q = qr.householderQ() * Eigen::MatrixXd::Identity(y.rows(), y.cols());
  return q.cast<float>();
}

/// A [rows, cols] standard Gaussian matrix from splitmix64 by Box–Muller (no std::
/// distributions: the same numbers on every platform).
Eigen::MatrixXf gaussian(int64_t rows, int64_t cols, uint64_t seed) {
  SplitMix64 rng(seed);
  Eigen::MatrixXf g(rows, cols);
  float *data = g.data();
  int64_t n = rows * cols;
  for (int64_t i = 0; i < n; i += 2) {
    double u1 = 1.0 - rng.nextUnit(), u2 = rng.nextUnit(); // u1 in (0, 1]
    double radius = std::sqrt(-2.0 * std::log(u1)), angle = 2.0 * M_PI * u2;
    data[i] = float(radius * std::cos(angle));
    if (i + 1 < n)
      data[i + 1] = float(radius * std::sin(angle));
  }
  return g;
}
} // namespace

llvm::Expected<SingularValueDecomposition>
mlir::compress::computeRandomizedSVD(llvm::ArrayRef<float> matrix, int64_t rows, int64_t cols,
                                     int64_t rank, const RandomizedSVDOptions &options) {
  if (rows < 1 || cols < 1)
    return error(llvm::formatv("matrix must be at least 1x1, got {0}x{1}", rows, cols));
  if (int64_t(matrix.size()) != rows * cols)
    return error(llvm::formatv("matrix has {0} elements, expected {1}x{2}", matrix.size(),
                               rows, cols));
  if (rank < 1)
    return error(llvm::formatv("rank must be >= 1, got {0}", rank));
  double total = 0;
  for (float x : matrix) {
    if (!std::isfinite(x))
      return error("weight is NaN or infinite");
    total += double(x) * double(x);
  }
  int64_t l = std::min({rank + std::max<int64_t>(options.oversampling, 0), rows, cols});
  Eigen::Map<const RowMajorF> a(matrix.data(), rows, cols);
  // Alg. 4.4: Y = A Ω, Q = orth(Y); q times: Q̃ = orth(Aᵀ Q), Q = orth(A Q̃).
  Eigen::MatrixXf q = orthonormalize(a * gaussian(cols, l, options.seed));
  for (int64_t i = 0; i < options.powerIterations; ++i) {
    Eigen::MatrixXf z = orthonormalize(a.transpose() * q);
    q = orthonormalize(a * z);
  }
  // Alg. 5.1: B = Qᵀ A [l, cols], B = Û Σ Vᵀ, U = Q Û.
  Eigen::MatrixXd b = (q.transpose() * a).cast<double>();
  Eigen::BDCSVD<Eigen::MatrixXd> svd(b, Eigen::ComputeThinU | Eigen::ComputeThinV);
  Eigen::MatrixXd left = q.cast<double>() * svd.matrixU();
  const Eigen::MatrixXd &right = svd.matrixV();
  SingularValueDecomposition result;
  result.rows = rows;
  result.cols = cols;
  result.totalEnergy = total;
  result.randomized = true;
  result.singularValues.resize(l);
  result.left.resize(rows * l);
  result.right.resize(cols * l);
  for (int64_t j = 0; j < l; ++j)
    result.singularValues[j] = svd.singularValues()(j);
  for (int64_t i = 0; i < rows; ++i)
    for (int64_t j = 0; j < l; ++j)
      result.left[i * l + j] = left(i, j);
  for (int64_t k = 0; k < cols; ++k)
    for (int64_t j = 0; j < l; ++j)
      result.right[k * l + j] = right(k, j);
  return result;
}

llvm::Expected<std::pair<SingularValueDecomposition, int64_t>>
mlir::compress::computeLowRankSVD(llvm::ArrayRef<float> matrix, int64_t rows, int64_t cols,
                                  int64_t rank, double energy, SVDAlgorithm algorithm,
                                  const RandomizedSVDOptions &options) {
  using Result = std::pair<SingularValueDecomposition, int64_t>;
  int64_t minDim = std::min(rows, cols), p = std::max<int64_t>(options.oversampling, 0);
  // A sketch wider than a quarter of min(rows, cols) costs about what the exact SVD
  // costs (several passes over W against one), and saves nothing.
  auto randomizedFits = [&](int64_t sketch) {
    return algorithm == SVDAlgorithm::Randomized ||
           (algorithm == SVDAlgorithm::Auto && sketch <= minDim / 4);
  };
  if (energy <= 0) {
    if (rank >= 1 && rank <= minDim && randomizedFits(rank + p)) {
      auto svd = computeRandomizedSVD(matrix, rows, cols, rank, options);
      if (!svd)
        return svd.takeError();
      return Result(std::move(*svd), rank);
    }
    auto svd = computeSVD(matrix, rows, cols);
    if (!svd)
      return svd.takeError();
    return Result(std::move(*svd), rank);
  }
  // Energy: grow the sketch until its leading values hold the fraction of ‖W‖_F².
  for (int64_t sketch = std::min<int64_t>(64, minDim);; sketch = std::min(2 * sketch, minDim)) {
    if (algorithm == SVDAlgorithm::Exact || !randomizedFits(sketch))
      break;
    auto svd = computeRandomizedSVD(matrix, rows, cols, std::max<int64_t>(1, sketch - p),
                                    options);
    if (!svd)
      return svd.takeError();
    const std::vector<double> &s = svd->singularValues;
    int64_t r = chooseRankByEnergy(s, energy, svd->totalEnergy);
    if (keptEnergy(s, r, svd->totalEnergy) >= energy * (1.0 - 1e-12) || svd->totalEnergy == 0 ||
        int64_t(s.size()) == minDim)
      return Result(std::move(*svd), r);
  }
  auto svd = computeSVD(matrix, rows, cols);
  if (!svd)
    return svd.takeError();
  int64_t r = chooseRankByEnergy(svd->singularValues, energy);
  return Result(std::move(*svd), r);
}
