//===- WhitenedLowRank.cpp - data-aware low rank by SVD of whitened weights -===//
#include "compress/Algorithms/WhitenedLowRank.h"

#include "llvm/Support/FormatVariadic.h"

#include <Eigen/Dense>

#include <cmath>

using namespace mlir::compress;

namespace {
using RowMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

llvm::Error error(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message.str());
}
} // namespace

llvm::Expected<WhitenedSVD>
mlir::compress::computeWhitenedSVD(llvm::ArrayRef<float> w, int64_t rows, int64_t cols,
                                   llvm::ArrayRef<double> gram, bool diagonal, double damping) {
  if (rows < 1 || cols < 1 || int64_t(w.size()) != rows * cols)
    return error(llvm::formatv("weight of {0} values is not {1} x {2}", w.size(), rows, cols));
  if (int64_t(gram.size()) != (diagonal ? cols : cols * cols))
    return error(llvm::formatv("Gram matrix of {0} values does not match {1} inputs",
                               gram.size(), cols));
  if (!(damping >= 0) || !std::isfinite(damping))
    return error("damping must be a finite value >= 0");
  for (float v : w)
    if (!std::isfinite(v))
      return error("weight holds a NaN or infinite value");
  for (double v : gram)
    if (!std::isfinite(v))
      return error("Gram matrix holds a NaN or infinite value");
  RowMatrix wm(rows, cols);
  for (int64_t i = 0; i < rows * cols; ++i)
    wm.data()[i] = w[i];
  double meanDiag = 0;
  for (int64_t k = 0; k < cols; ++k)
    meanDiag += diagonal ? gram[k] : gram[k * cols + k];
  meanDiag /= double(cols);
  // H is used as H / mean(diag H): the factors U_r Σ_r V_rᵀ L⁻¹ do not depend on H's
  // scale, and Gram sums near the double range (1e±160 and beyond) then neither
  // overflow nor underflow in L and W·L.
  double scale = meanDiag > 0 && std::isfinite(1.0 / meanDiag) ? 1.0 / meanDiag : 1.0;
  // A zero H (e.g. an input that is always 0): whiten by λ·I, i.e. plain SVD.
  double shift = damping * (meanDiag > 0 ? meanDiag * scale : 1.0);
  if (shift <= 0 && meanDiag <= 0)
    shift = 1.0;

  WhitenedSVD result;
  result.diagonal = diagonal;
  RowMatrix whitened;
  if (diagonal) {
    result.whitening.resize(cols);
    for (int64_t k = 0; k < cols; ++k) {
      double h = gram[k] * scale + shift;
      if (!(h > 0))
        return error("the damped Gram matrix is not positive definite");
      result.whitening[k] = std::sqrt(h);
    }
    Eigen::Map<const Eigen::VectorXd> l(result.whitening.data(), cols);
    whitened = wm * l.asDiagonal();
  } else {
    RowMatrix h = Eigen::Map<const RowMatrix>(gram.data(), cols, cols) * scale;
    h = 0.5 * (h + h.transpose()).eval(); // symmetric up to rounding of the sums
    h.diagonal().array() += shift;
    Eigen::LLT<RowMatrix> llt(h);
    if (llt.info() != Eigen::Success)
      return error("the damped Gram matrix is not positive definite (Cholesky failed); "
                   "increase the damping");
    RowMatrix l = llt.matrixL();
    result.whitening.assign(l.data(), l.data() + cols * cols);
    whitened = wm * l;
  }
  Eigen::BDCSVD<RowMatrix> svd(whitened, Eigen::ComputeThinU | Eigen::ComputeThinV);
  if (svd.info() != Eigen::Success)
    return error("the SVD of the whitened weight did not converge");
  int64_t p = std::min(rows, cols);
  SingularValueDecomposition &s = result.svd;
  s.rows = rows;
  s.cols = cols;
  s.singularValues.assign(svd.singularValues().data(), svd.singularValues().data() + p);
  RowMatrix left = svd.matrixU(), right = svd.matrixV();
  s.left.assign(left.data(), left.data() + rows * p);
  s.right.assign(right.data(), right.data() + cols * p);
  return result;
}

llvm::Expected<LowRankFactors>
mlir::compress::truncateWhitenedSVD(const WhitenedSVD &whitened, llvm::ArrayRef<float> w,
                                    int64_t rank) {
  const SingularValueDecomposition &s = whitened.svd;
  int64_t rows = s.rows, cols = s.cols, p = int64_t(s.singularValues.size());
  if (rank < 1 || rank > p)
    return error(llvm::formatv("rank must be in [1, {0}], got {1}", p, rank));
  if (int64_t(w.size()) != rows * cols)
    return error("matrix does not match the decomposition");
  // Z = L⁻ᵀ Q_r [cols, r]: U = √Σ_r Zᵀ.
  RowMatrix q = Eigen::Map<const RowMatrix>(s.right.data(), cols, p).leftCols(rank);
  RowMatrix z;
  if (whitened.diagonal) {
    Eigen::Map<const Eigen::VectorXd> l(whitened.whitening.data(), cols);
    z = l.cwiseInverse().asDiagonal() * q;
  } else {
    Eigen::Map<const RowMatrix> l(whitened.whitening.data(), cols, cols);
    z = l.transpose().triangularView<Eigen::Upper>().solve(q);
  }
  LowRankFactors f;
  f.rows = rows;
  f.cols = cols;
  f.rank = rank;
  f.energy = keptEnergy(s.singularValues, rank);
  f.v.resize(rows * rank);
  f.u.resize(rank * cols);
  for (int64_t j = 0; j < rank; ++j) {
    double scale = std::sqrt(s.singularValues[j]);
    for (int64_t i = 0; i < rows; ++i)
      f.v[i * rank + j] = float(s.left[i * p + j] * scale);
    for (int64_t k = 0; k < cols; ++k)
      f.u[j * cols + k] = float(scale * z(k, j));
  }
  double err = 0, norm = 0;
  for (int64_t i = 0; i < rows; ++i)
    for (int64_t k = 0; k < cols; ++k) {
      double approx = 0;
      for (int64_t j = 0; j < rank; ++j)
        approx += double(f.v[i * rank + j]) * double(f.u[j * cols + k]);
      double wv = w[i * cols + k];
      err += (wv - approx) * (wv - approx);
      norm += wv * wv;
    }
  f.relativeError = norm > 0 ? std::sqrt(err / norm) : 0.0;
  return f;
}

double mlir::compress::relativeOutputError(llvm::ArrayRef<float> w, const LowRankFactors &f,
                                           llvm::ArrayRef<double> gram, bool diagonal) {
  int64_t rows = f.rows, cols = f.cols;
  RowMatrix wm(rows, cols), vm(rows, f.rank), um(f.rank, cols);
  for (int64_t i = 0; i < rows * cols; ++i)
    wm.data()[i] = w[i];
  for (size_t i = 0; i < f.v.size(); ++i)
    vm.data()[i] = f.v[i];
  for (size_t i = 0; i < f.u.size(); ++i)
    um.data()[i] = f.u[i];
  RowMatrix e = wm - vm * um;
  // A ratio: H / mean(diag H) gives the same value without overflow at extreme scales.
  double meanDiag = 0;
  for (int64_t k = 0; k < cols; ++k)
    meanDiag += diagonal ? gram[k] : gram[k * cols + k];
  meanDiag /= double(cols);
  double scale = meanDiag > 0 && std::isfinite(1.0 / meanDiag) ? 1.0 / meanDiag : 1.0;
  double err, norm;
  if (diagonal) {
    Eigen::VectorXd h = Eigen::Map<const Eigen::VectorXd>(gram.data(), cols) * scale;
    err = (e.array().square().rowwise() * h.transpose().array()).sum();
    norm = (wm.array().square().rowwise() * h.transpose().array()).sum();
  } else {
    RowMatrix h = Eigen::Map<const RowMatrix>(gram.data(), cols, cols) * scale;
    err = (e * h).cwiseProduct(e).sum();
    norm = (wm * h).cwiseProduct(wm).sum();
  }
  return norm > 0 ? std::sqrt(std::max(0.0, err) / norm) : 0.0;
}
