//===- LowRank.h - truncated SVD and rank choice for low-rank layers -*- C++ -*-===//
//
// Low-rank factorization of a layer's weight matrix W[F, n] (F output channels,
// n = kh·kw·C for a conv, K for a matmul) by truncated SVD, as in Denton et al.
// 2014 ("Exploiting Linear Structure Within Convolutional Networks for Efficient
// Evaluation") and Jaderberg et al. 2014 ("Speeding up Convolutional Neural
// Networks with Low Rank Expansions"):
//
//   W = P Σ Qᵀ  ≈  V[F, r] · U[r, n],  V = P_r √Σ_r,  U = √Σ_r Q_rᵀ.
//
// The singular values are split as √σ into both factors, so the two factors have
// the same scale (neither the first conv nor the 1×1 carries all of Σ).
//
// The rank is given directly or chosen by energy: the smallest r whose leading
// singular values keep a fraction τ of Σ σ² (the squared Frobenius norm), so
// the relative reconstruction error is √(1 − kept energy) ≤ √(1 − τ).
//
//===----------------------------------------------------------------------===//
#ifndef COMPRESS_ALGORITHMS_LOWRANK_H
#define COMPRESS_ALGORITHMS_LOWRANK_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <vector>

namespace mlir::compress {

/// The full SVD spectrum of a matrix plus what a truncation needs.
struct SingularValueDecomposition {
  int64_t rows = 0, cols = 0;
  /// Descending, min(rows, cols) entries, all ≥ 0.
  std::vector<double> singularValues;
  /// Left singular vectors P [rows, min(rows, cols)], row-major.
  std::vector<double> left;
  /// Right singular vectors Q [cols, min(rows, cols)], row-major.
  std::vector<double> right;
};

/// The SVD of the row-major matrix `matrix` [rows, cols] (Eigen's BDCSVD,
/// computed in double). Errors: a dimension < 1, a size mismatch, a NaN or
/// infinite value.
llvm::Expected<SingularValueDecomposition>
computeSVD(llvm::ArrayRef<float> matrix, int64_t rows, int64_t cols);

/// The smallest r ≥ 1 such that Σ_{i<r} σ_i² ≥ τ · Σ_i σ_i², for descending
/// singular values; τ must be in (0, 1]. A zero matrix gives r = 1. A tiny
/// relative slack (1e-12) absorbs rounding, so τ = 1 gives the numerical rank
/// rather than failing on the last ulp.
int64_t chooseRankByEnergy(llvm::ArrayRef<double> singularValues, double energy);

/// Fraction of Σ σ² kept by the first `rank` singular values (1 for a zero matrix).
double keptEnergy(llvm::ArrayRef<double> singularValues, int64_t rank);

/// The factors of a rank-r truncation, √σ in both: W ≈ V · U.
struct LowRankFactors {
  int64_t rows = 0, cols = 0, rank = 0;
  /// V [rows, rank], row-major: V[i, j] = P[i, j] · √σ_j.
  std::vector<float> v;
  /// U [rank, cols], row-major: U[j, k] = √σ_j · Q[k, j].
  std::vector<float> u;
  /// ‖W − V·U‖_F / ‖W‖_F computed from the float factors (0 for a zero W).
  double relativeError = 0;
  /// Fraction of Σ σ² the kept singular values hold.
  double energy = 1;
};

/// Truncates `svd` of `matrix` to rank r (1 ≤ r ≤ min(rows, cols); error
/// otherwise) and measures the reconstruction error against `matrix`.
llvm::Expected<LowRankFactors> truncateSVD(const SingularValueDecomposition &svd,
                                           llvm::ArrayRef<float> matrix, int64_t rank);

/// The rank at and above which a factorization saves nothing: a factorized
/// F×n layer costs r·(F + n) weights and MACs per output position against F·n,
/// so it pays only when r < F·n / (F + n). Returns that bound as a real number.
double breakEvenRank(int64_t rows, int64_t cols);

} // namespace mlir::compress

#endif // COMPRESS_ALGORITHMS_LOWRANK_H
