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
// Large layers (VGG's 25088→4096 FC) make the full SVD too slow (206 s, 2.4 GB for
// 9216→4096): computeRandomizedSVD is the randomized range finder of Halko,
// Martinsson & Tropp 2011 ("Finding structure with randomness", SIAM Review 53(2),
// Alg. 4.4 randomized subspace iteration + Alg. 5.1 direct SVD): Y = (W Wᵀ)^q W Ω
// with a Gaussian Ω [n, r + p], re-orthonormalized after every product, Q = orth(Y),
// then the small SVD of B = Qᵀ W. W̃ = Q Qᵀ W restricted to the leading r
// components is an orthogonal projection of W, so ‖W − W̃_r‖² = ‖W‖² − Σ_{j<r} σ̃_j²
// exactly: the energy rule applied to the sketched σ̃ (with the exact total ‖W‖_F²)
// keeps at least the asked fraction, as with the exact SVD. computeLowRankSVD picks
// one or the other (SVDAlgorithm::Auto).
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
  /// ‖W‖_F² = Σ of all σ² (also when only the leading values were computed).
  double totalEnergy = 0;
  /// True when computed by computeRandomizedSVD (leading values only).
  bool randomized = false;
};

/// The SVD of the row-major matrix `matrix` [rows, cols] (Eigen's BDCSVD,
/// computed in double). Errors: a dimension < 1, a size mismatch, a NaN or
/// infinite value.
llvm::Expected<SingularValueDecomposition>
computeSVD(llvm::ArrayRef<float> matrix, int64_t rows, int64_t cols);

/// Options of computeRandomizedSVD (Halko et al. 2011, §4.3–4.5).
struct RandomizedSVDOptions {
  /// Oversampling p: the sketch has r + p columns (p ≈ 10 suffices, §4.2).
  int64_t oversampling = 10;
  /// Power (subspace) iterations q (Alg. 4.4): error factor (…)^{1/(2q+1)}; 2 makes
  /// slowly decaying spectra (trained CNN layers) accurate to a few 1e-3.
  int64_t powerIterations = 2;
  /// Seed of the splitmix64 stream of the Gaussian test matrix Ω (fixed: same input,
  /// same bytes).
  uint64_t seed = 0x5eed;
};

/// The leading `rank` singular triplets of the row-major `matrix` [rows, cols] by
/// randomized subspace iteration (see the file comment): O(rows·cols·(rank + p)·(2q
/// + 2)) time, O((rows + cols)·(rank + p)) memory beyond the matrix, which is read in
/// place. singularValues has min(rank + p, rows, cols) entries (all of the sketch: the
/// trailing p are less accurate but still define an orthogonal projection), and
/// totalEnergy = ‖W‖_F². Deterministic. Errors as computeSVD, and rank < 1.
llvm::Expected<SingularValueDecomposition>
computeRandomizedSVD(llvm::ArrayRef<float> matrix, int64_t rows, int64_t cols, int64_t rank,
                     const RandomizedSVDOptions &options = {});

/// Which SVD compress-lowrank uses.
enum class SVDAlgorithm {
  /// Randomized when the sketch is small against min(rows, cols) (rank + p ≤
  /// min/4, and for an energy: the rank is found by growing sketches 64, 128, … up to
  /// that bound), exact otherwise.
  Auto,
  Exact,
  Randomized,
};

/// The decomposition compress-lowrank truncates: for a fixed `rank` (energy = 0) or
/// the smallest rank keeping `energy` of ‖W‖_F² (rank = 0), with `algorithm`.
/// Returns the decomposition and the chosen rank.
llvm::Expected<std::pair<SingularValueDecomposition, int64_t>>
computeLowRankSVD(llvm::ArrayRef<float> matrix, int64_t rows, int64_t cols, int64_t rank,
                  double energy, SVDAlgorithm algorithm = SVDAlgorithm::Auto,
                  const RandomizedSVDOptions &options = {});

/// The smallest r ≥ 1 such that Σ_{i<r} σ_i² ≥ τ · Σ_i σ_i², for descending
/// singular values; τ must be in (0, 1]. A zero matrix gives r = 1. A tiny
/// relative slack (1e-12) absorbs rounding, so τ = 1 gives the numerical rank
/// rather than failing on the last ulp.
/// With `totalEnergy` > 0 the fraction is of that total (‖W‖_F² when only the leading
/// values are known); then size() is returned when even all of them fall short.
int64_t chooseRankByEnergy(llvm::ArrayRef<double> singularValues, double energy,
                           double totalEnergy = 0);

/// Fraction of Σ σ² kept by the first `rank` singular values (1 for a zero matrix),
/// of `totalEnergy` when > 0.
double keptEnergy(llvm::ArrayRef<double> singularValues, int64_t rank,
                  double totalEnergy = 0);

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
  /// From a randomized SVD (SingularValueDecomposition::randomized).
  bool randomized = false;
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
