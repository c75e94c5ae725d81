//===- WhitenedLowRank.h - data-aware low rank by SVD of whitened weights -*- C++ -*-===//
//
// Low rank that minimises the layer's output error on calibration inputs rather
// than the weight error: with X the layer's input vectors (columns) and
// H = X Xᵀ their Gram matrix, ‖W X − W' X‖_F² = tr((W − W') H (W − W')ᵀ)
// = ‖(W − W') L‖_F² for any L with L Lᵀ = H. So the best rank-r W' (for this
// error) is the truncated SVD of the whitened weight W·L mapped back:
//
//   Ĥ = H + λ·mean(diag H)·I        (damping λ: H may be singular, e.g. a channel
//                                     that is always 0, or fewer vectors than dim)
//   Ĥ = L Lᵀ                        (Cholesky, L lower triangular)
//   W L = P Σ Qᵀ
//   W' = P_r Σ_r Q_rᵀ L⁻¹ = V · U,  V = P_r √Σ_r [F, r],  U = √Σ_r (L⁻ᵀ Q_r)ᵀ [r, n]
//
// This is "SVD-LLM: Truncation-aware Singular Value Decomposition for Large
// Language Model Compression" (Wang, Zheng, Zhang, Zhang 2024), whose truncation
// of W·L with the Cholesky factor of X Xᵀ is exact for the output error; ASVD
// ("Activation-aware Singular Value Decomposition", Yuan et al. 2023) is the
// special case of a diagonal L (the per-input scale √H_kk), which is what a
// diagonal-only H (the calibration cap for large layers) gives here.
// The energy criterion applies to the whitened singular values: the kept energy
// is the fraction of the (damped) output energy ‖W L‖² kept.
//
//===----------------------------------------------------------------------===//
#ifndef COMPRESS_ALGORITHMS_WHITENEDLOWRANK_H
#define COMPRESS_ALGORITHMS_WHITENEDLOWRANK_H

#include "compress/Algorithms/LowRank.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <vector>

namespace mlir::compress {

/// The damping λ of Ĥ = H + λ·mean(diag H)·I by default.
constexpr double kDefaultWhiteningDamping = 0.01;

/// The SVD of W·L and the whitening factor L.
struct WhitenedSVD {
  /// SVD of W·L [rows, cols]: singular values, P and Q as in computeSVD.
  SingularValueDecomposition svd;
  /// L [cols, cols] row-major lower triangular, or its diagonal [cols] when the
  /// Gram matrix given was diagonal.
  std::vector<double> whitening;
  bool diagonal = false;
};

/// Computes the SVD of W·L for the row-major W [rows, cols] and the Gram matrix
/// `gram` of the inputs (cols × cols row-major, or its diagonal [cols] when
/// `diagonal`), damped by `damping` ≥ 0. Errors: size mismatches, non-finite values,
/// a damped Gram matrix that is not positive definite.
llvm::Expected<WhitenedSVD> computeWhitenedSVD(llvm::ArrayRef<float> w, int64_t rows,
                                               int64_t cols, llvm::ArrayRef<double> gram,
                                               bool diagonal, double damping);

/// The rank-r factors W' = V·U (see the file comment) as float, with
/// relativeError = ‖W − V·U‖/‖W‖ of the float factors and energy the fraction of
/// Σ σ² of W·L kept.
llvm::Expected<LowRankFactors> truncateWhitenedSVD(const WhitenedSVD &whitened,
                                                   llvm::ArrayRef<float> w, int64_t rank);

/// The relative output error √(tr(E H Eᵀ) / tr(W H Wᵀ)), E = W − V·U, of float
/// factors against the undamped Gram matrix (full or diagonal): the relative
/// ‖W X − W' X‖_F on the calibration inputs. 0 when tr(W H Wᵀ) = 0.
double relativeOutputError(llvm::ArrayRef<float> w, const LowRankFactors &factors,
                           llvm::ArrayRef<double> gram, bool diagonal);

} // namespace mlir::compress

#endif // COMPRESS_ALGORITHMS_WHITENEDLOWRANK_H
