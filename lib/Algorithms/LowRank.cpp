//===- LowRank.cpp - truncated SVD and rank choice (Eigen) ----------------===//
#include "compress/Algorithms/LowRank.h"

#include "llvm/Support/FormatVariadic.h"

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
                                           double energy) {
  double total = 0;
  for (double s : singularValues)
    total += s * s;
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

double mlir::compress::keptEnergy(llvm::ArrayRef<double> singularValues, int64_t rank) {
  double total = 0, kept = 0;
  for (size_t i = 0; i < singularValues.size(); ++i) {
    double e = singularValues[i] * singularValues[i];
    total += e;
    if (int64_t(i) < rank)
      kept += e;
  }
  return total > 0 ? kept / total : 1.0;
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
  f.energy = keptEnergy(svd.singularValues, rank);
  f.v.resize(rows * rank);
  f.u.resize(rank * cols);
  for (int64_t j = 0; j < rank; ++j) {
    double scale = std::sqrt(svd.singularValues[j]);
    for (int64_t i = 0; i < rows; ++i)
      f.v[i * rank + j] = float(svd.left[i * p + j] * scale);
    for (int64_t k = 0; k < cols; ++k)
      f.u[j * cols + k] = float(scale * svd.right[k * p + j]);
  }
  // The error of what will actually run: the float factors, multiplied in double.
  double err = 0, norm = 0;
  std::vector<double> row(cols);
  for (int64_t i = 0; i < rows; ++i) {
    std::fill(row.begin(), row.end(), 0.0);
    for (int64_t j = 0; j < rank; ++j) {
      double vij = f.v[i * rank + j];
      const float *uj = f.u.data() + j * cols;
      for (int64_t k = 0; k < cols; ++k)
        row[k] += vij * double(uj[k]);
    }
    for (int64_t k = 0; k < cols; ++k) {
      double w = matrix[i * cols + k];
      err += (w - row[k]) * (w - row[k]);
      norm += w * w;
    }
  }
  f.relativeError = norm > 0 ? std::sqrt(err / norm) : 0.0;
  return f;
}

double mlir::compress::breakEvenRank(int64_t rows, int64_t cols) {
  return double(rows) * double(cols) / double(rows + cols);
}
