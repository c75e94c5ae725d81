//===- DataAware.h - layer-wise compression from calibration statistics -*- C++ -*-===//
//
// Data-aware variants of the weight compressions (issue 14, item 2): instead of the
// weight error ‖W − Ŵ‖ they minimise (or account for) the layer's *output* error on
// calibration inputs,
//
//   E(Ŵ) = ‖(W − Ŵ) X‖_F² = tr((W − Ŵ) H (W − Ŵ)ᵀ),   H = X Xᵀ = Σ_samples x xᵀ.
//
// Common conventions of every function here:
//   - W is a row-major `rows × cols` float matrix: one row per output channel, cols = d
//     the flattened inputs of one output channel (kh·kw·C for a conv, K for a matmul),
//     in the *same order* as the rows/columns of H. Float in, float out (what the
//     compressed ops store); all arithmetic is in double.
//   - H ("gram") is the d × d Gram matrix Σ x xᵀ of the layer's (im2col) inputs, row-major
//     double, symmetric positive semi-definite, possibly singular. It is the sum over the
//     samples, not the mean: E(Ŵ) is then the summed squared output error.
//   - Damping (as GPTQ does): the algorithms that invert H use H + λI with
//     λ = p · mean(diag H), p = `dampingFraction` (default 0.01). A column whose input is
//     always zero (H_jj = 0, "dead") first gets H_jj = 1 (GPTQ does the same; the mean is
//     taken after), so the damped matrix is positive definite for any PSD input and a
//     zero H gets λ = p. Damping trades fidelity to H for conditioning: larger p moves
//     every method towards its blind (weight-error) form.
//   - E(Ŵ) reported in results (`outputError`) uses the *undamped* H.
//   - Errors (llvm::StringError, never a crash): a dimension < 1, a size mismatch,
//     NaN/infinite values, H not symmetric (|H_ij − H_ji| > 1e-9·(1 + max|H|)) or with a
//     negative diagonal, an option out of range, H + λI not positive definite or its
//     inverse overflowing double.
//   - Deterministic: no random numbers; ties are broken by the lowest index.
//
//===----------------------------------------------------------------------===//
#ifndef COMPRESS_ALGORITHMS_DATAAWARE_H
#define COMPRESS_ALGORITHMS_DATAAWARE_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <vector>

namespace mlir::compress {

//===----------------------------------------------------------------------===//
// Shared pieces
//===----------------------------------------------------------------------===//

/// Checks `gram` (d × d) as described above and returns H + λI with dead columns set
/// to 1 first, λ = dampingFraction · mean(diag H) (dampingFraction ≥ 0 and finite).
llvm::Expected<std::vector<double>> dampGram(llvm::ArrayRef<double> gram, int64_t d,
                                             double dampingFraction);

/// The upper-triangular Cholesky factor U of (H + λI)⁻¹ = Uᵀ U, row-major d × d:
/// the factor GPTQ and SparseGPT walk along (Frantar et al. 2023, Algorithm 1).
/// U_jj² is the remaining inverse-Hessian diagonal of column j once columns < j are
/// fixed; row j right of the diagonal spreads column j's error to the later columns.
llvm::Expected<std::vector<double>>
inverseGramCholesky(llvm::ArrayRef<double> gram, int64_t d, double dampingFraction);

/// E(Ŵ) = tr((W − Ŵ) H (W − Ŵ)ᵀ) for rows × cols matrices and the undamped H (cols ×
/// cols). Errors: size mismatch, non-finite values.
llvm::Expected<double> layerOutputError(llvm::ArrayRef<float> weights,
                                        llvm::ArrayRef<float> approx, int64_t rows,
                                        int64_t cols, llvm::ArrayRef<double> gram);

//===----------------------------------------------------------------------===//
// 1. Codebook (weight sharing) from data
//===----------------------------------------------------------------------===//

struct DataAwareCodebookOptions {
  /// k = 2^bits centroids per table, 1 ≤ bits ≤ 8.
  unsigned bits = 4;
  /// One table per output channel (row) instead of one for the tensor.
  bool perChannel = false;
  /// Lloyd iterations of the weighted k-means (stops earlier once no assignment changes).
  unsigned maxIterations = 100;
  /// p of the damping λ = p · mean(diag H).
  double dampingFraction = 0.01;
  /// GPTQ's lazy batch: columns are quantized in blocks of this width, the error of a
  /// block reaches the later columns in one matrix product ("lazy batch updates",
  /// Frantar et al. 2023 §3). 1 gives the column-by-column form of Optimal Brain
  /// Compression; the result is the same up to rounding. ≥ 1.
  unsigned blockSize = 128;
  /// GPTQ's "act-order" heuristic (the GPTQ reference code's --act-order): quantize the
  /// columns in decreasing order of (H + λI)_cc (ties: lower column first), so the inputs
  /// with the most energy are fixed first, while most columns can still compensate
  /// them. Indices and E refer to the original column order. dataAwareCodebook then also
  /// tries this order as extra candidates.
  bool actOrder = false;
};

/// Which candidate `dataAwareCodebook` kept.
enum class CodebookMethod { PlainKMeans, HessianKMeans, GPTQ, GPTQRefit };

struct CodebookAssignment {
  int64_t rows = 0, cols = 0;
  /// k = 2^bits entries per table; `rows` tables when per channel, else 1. Each table is
  /// ascending; when a table's data has fewer than k distinct values its tail repeats
  /// the largest centroid (those entries are never indexed).
  unsigned numCentroids = 0;
  std::vector<float> centroids;
  /// indices[r·cols + c] indexes the table of row r (or the one table): rows × cols.
  std::vector<uint32_t> indices;
  /// E(Ŵ) of the decoded weights with the undamped H.
  double outputError = 0;
  CodebookMethod method = CodebookMethod::HessianKMeans;

  /// The decoded weights Ŵ (rows × cols).
  std::vector<float> decode() const;
};

/// (a) Hessian-weighted k-means: per table, 1-D k-means where weight W_rc counts with
/// weight h_c = (H + λI)_cc, i.e. the centroids minimise Σ h_c (W_rc − ĉ)², the
/// diagonal part of E (the saliency of Optimal Brain Compression for a single weight;
/// the same weighting as "Hessian-weighted k-means", Choi, El-Khamy, Lee 2017,
/// "Towards the Limit of Network Quantization"). Linear initialization over [min, max]
/// (Han et al. 2016), Lloyd iterations with nearest-centroid assignment; a centroid
/// whose cluster empties keeps its value. Indices are nearest-centroid.
llvm::Expected<CodebookAssignment>
hessianWeightedKMeans(llvm::ArrayRef<float> weights, int64_t rows, int64_t cols,
                      llvm::ArrayRef<double> gram, const DataAwareCodebookOptions &options);

/// (b) GPTQ / Optimal Brain Compression sequential assignment with fixed centroids
/// (Frantar & Alistarh 2022, "Optimal Brain Compression", §4; Frantar et al. 2023,
/// "GPTQ", Algorithm 1): columns in order 0..d−1; column j of the *updated* W is
/// rounded to the nearest centroid of each row's table, and its error
/// e = (w_j − q_j) / U_jj is fed back to the not-yet-quantized columns,
/// W[:, j+1:] −= e · U[j, j+1:], U the upper Cholesky factor of (H + λI)⁻¹.
/// `centroids` holds options.perChannel ? rows : 1 tables of `numCentroids` floats
/// (any order). Result centroids are those given (sorted ascending per table, indices
/// refer to the sorted tables).
llvm::Expected<CodebookAssignment>
gptqAssign(llvm::ArrayRef<float> weights, int64_t rows, int64_t cols,
           llvm::ArrayRef<double> gram, llvm::ArrayRef<float> centroids,
           unsigned numCentroids, const DataAwareCodebookOptions &options);

/// (c) Centroid refit with the indices fixed: the centroid values minimising
/// tr((W − Ŵ) H̃ (W − Ŵ)ᵀ), H̃ = H + λI, a k × k linear least-squares problem per table
/// (normal equations A c = b, A = Σ_r M_rᵀ H̃ M_r, b = Σ_r M_rᵀ H̃ w_rᵀ with M_r the d × k
/// indicator of row r's indices; the codebook update of Optimal Brain Compression's
/// alternating form, Frantar & Alistarh 2022 §5). Centroids no weight uses keep their
/// value; the tables are re-sorted and the indices remapped. If the refit does not lower
/// E (undamped H), `assignment` is returned unchanged.
llvm::Expected<CodebookAssignment>
refitCentroids(llvm::ArrayRef<float> weights, llvm::ArrayRef<double> gram,
               const CodebookAssignment &assignment, double dampingFraction = 0.01);

/// The data-aware codebook: (a), then (b) with (a)'s centroids, then (c) on (b)'s
/// result, and the blind k-means of KMeans.h (same bits and table layout, linear init)
/// as a fourth candidate; returns the candidate with the smallest E (ties: the earlier of
/// PlainKMeans, HessianKMeans, GPTQ, GPTQRefit). With options.actOrder, (b) and (c) run
/// in act order and again in the natural column order, all candidates. Never worse than
/// plain k-means on the calibration statistics by construction.
llvm::Expected<CodebookAssignment>
dataAwareCodebook(llvm::ArrayRef<float> weights, int64_t rows, int64_t cols,
                  llvm::ArrayRef<double> gram, const DataAwareCodebookOptions &options);

//===----------------------------------------------------------------------===//
// 2. Pruning with weight update
//===----------------------------------------------------------------------===//

/// Over which weights the sparsity target is counted.
enum class SparsityScope {
  /// Each row (output channel) keeps exactly cols − round(s·cols) weights.
  PerRow,
  /// The tensor keeps exactly rows·cols − round(s·rows·cols) weights; rows may differ.
  PerTensor,
};

struct SparseGPTOptions {
  /// Fraction of weights set to zero, in [0, 1].
  double sparsity = 0.5;
  SparsityScope scope = SparsityScope::PerRow;
  /// Width of SparseGPT's adaptive mask blocks and lazy updates (≥ 1). The mask of a
  /// block is chosen when the sweep reaches it, from the weights as already updated.
  /// Each block prunes a fixed count (see sparseGPTPrune), so narrow blocks constrain
  /// where the zeros go: with blockSize = 1 and PerRow every row prunes the same columns
  /// (structured). The paper's 128 (or the whole row) is the intended use.
  unsigned blockSize = 128;
  double dampingFraction = 0.01;
};

/// Which candidate `dataAwarePrune` kept.
enum class PruneMethod { Magnitude, SparseGPT };

struct PruneResult {
  int64_t rows = 0, cols = 0;
  PruneMethod method = PruneMethod::SparseGPT;
  /// The pruned and updated weights, rows × cols; pruned entries are exactly 0.
  std::vector<float> weights;
  /// mask[r·cols + c] = 1 when the weight was pruned. Its count is exactly the target.
  std::vector<uint8_t> mask;
  int64_t numPruned = 0;
  /// E(Ŵ) with the undamped H.
  double outputError = 0;
};

/// Unstructured pruning by SparseGPT (Frantar & Alistarh 2023, "SparseGPT: Massive
/// Language Models Can Be Accurately Pruned in One-Shot", Algorithm 1), the sequential,
/// column-by-column form of Optimal Brain Surgeon (Hassibi & Stork 1993): with U the
/// upper Cholesky factor of (H + λI)⁻¹, the columns are swept in blocks of B; at the
/// start of a block, its weights are ranked by the OBS saliency w² / U_jj² and the
/// smallest are pruned — per row (PerRow) or over the whole block (PerTensor) — as many
/// as bring the pruned count through column j2 to floor(N·j2/cols) (N the target count
/// per row or per tensor, so the target is reached exactly at the end). Then for each
/// column j of the block, e = (w_j − q_j)/U_jj (q_j = w_j with pruned entries zeroed)
/// is fed back: W[:, j+1:] −= e · U[j, j+1:]. Ties in saliency: lowest (row, column).
llvm::Expected<PruneResult> sparseGPTPrune(llvm::ArrayRef<float> weights, int64_t rows,
                                           int64_t cols, llvm::ArrayRef<double> gram,
                                           const SparseGPTOptions &options);

/// Magnitude pruning with the same exact count rule as sparseGPTPrune (smallest |w| per
/// row or per tensor, ties by lowest index) and no update: the blind baseline.
llvm::Expected<PruneResult> magnitudePrune(llvm::ArrayRef<float> weights, int64_t rows,
                                           int64_t cols, llvm::ArrayRef<double> gram,
                                           double sparsity, SparsityScope scope);

/// The data-aware unstructured pruning: sparseGPTPrune and magnitudePrune (same count
/// rule), keeping the one with the smaller E (ties: magnitude). SparseGPT's sweep is
/// greedy: on nearly isotropic H (independent inputs, few samples) it can lose to
/// magnitude pruning, which this choice makes harmless; on correlated inputs (real
/// im2col data) it wins by far (docs/accuracy.md).
llvm::Expected<PruneResult> dataAwarePrune(llvm::ArrayRef<float> weights, int64_t rows,
                                           int64_t cols, llvm::ArrayRef<double> gram,
                                           const SparseGPTOptions &options);

struct ColumnGroupPruneResult {
  int64_t rows = 0, cols = 0;
  /// Updated weights with the removed groups' columns exactly 0.
  std::vector<float> weights;
  /// Group ids in the order they were removed.
  std::vector<int64_t> removedGroups;
  /// E(Ŵ) with the undamped H.
  double outputError = 0;
};

/// Structured pruning of input channels ("per filter" seen from the consumer): removes
/// `numToRemove` whole column groups with the group form of Optimal Brain Surgeon
/// (Hassibi & Stork 1993, eq. 5 with a set of constraints; Kurtic et al. 2022,
/// "The Optimal BERT Surgeon", eq. 3): with G = (H + λI)⁻¹, removing column set S costs
/// ΔE = Σ_r W_rS (G_SS)⁻¹ W_rSᵀ and the best update of the other columns is
/// W −= W_:S (G_SS)⁻¹ G_S: . Greedy: each step removes the group of smallest ΔE, applies
/// the update and the Schur-complement downdate G −= G_:S (G_SS)⁻¹ G_S: .
///
/// `groupOfColumn[c]` ∈ [0, numGroups) names the group of column c; every group must
/// have a column. For an NHWC conv whose d is ordered (kh, kw, C), input channel ch is
/// the group of columns {t·C + ch}. Removing an *output* filter of the previous layer
/// removes exactly this group here: CompressPruneFilters' filter choice can use
/// `filterOutputEnergy` of the previous layer plus this function's ΔE.
llvm::Expected<ColumnGroupPruneResult>
pruneColumnGroupsOBS(llvm::ArrayRef<float> weights, int64_t rows, int64_t cols,
                     llvm::ArrayRef<double> gram, llvm::ArrayRef<int64_t> groupOfColumn,
                     int64_t numGroups, int64_t numToRemove, double dampingFraction = 0.01);

/// groupOfColumn for pruneColumnGroupsOBS on a conv whose weight rows are OHWI-flattened
/// (kh·kw·C columns, the compress ops' layout): column (y·kw + x)·C + ch is in group ch.
/// kernelHeight, kernelWidth, channels ≥ 1 (an empty vector otherwise).
std::vector<int64_t> inputChannelGroupsOHWI(int64_t kernelHeight, int64_t kernelWidth,
                                            int64_t channels);

/// w_r H w_rᵀ for each row r: the summed squared output of output channel r on the
/// calibration inputs (its output-error contribution when the filter is removed),
/// undamped H. `rows` entries.
llvm::Expected<std::vector<double>> filterOutputEnergy(llvm::ArrayRef<float> weights,
                                                       int64_t rows, int64_t cols,
                                                       llvm::ArrayRef<double> gram);

//===----------------------------------------------------------------------===//
// 3. Binary: scale and bias refit
//===----------------------------------------------------------------------===//

struct BinaryRefitResult {
  /// Per output channel, `rows` entries each.
  std::vector<float> alpha, bias;
  /// Rows whose ±1 response s = B_r x has (numerically) no variance on the data: there
  /// α keeps its given value and only the bias is refit.
  int64_t degenerateRows = 0;
};

/// Least-squares refit of a binary layer's per-channel scale α_r and bias b'_r with the
/// sign pattern B (rows × cols, each entry +1 or −1) fixed: per row, minimises over the
/// N samples Σ (w_r x + b_r − α_r B_r x − b'_r)², the float layer's output as target
/// (XNOR-Net's α = mean|W| (Rastegari et al. 2016) minimises the weight error instead).
/// With s = B_r x, y = w_r x + b_r, the normal equations are
///   [Σs²  Σs] [α ]   [Σsy]      Σs² = B_r H B_rᵀ,  Σs = N B_r μ,
///   [Σs   N ] [b′] = [Σy ],     Σsy = B_r H w_rᵀ + b_r N B_r μ,  Σy = N (w_r μ + b_r),
/// μ = E[x] (cols entries), N = sampleCount ≥ 1 (H is the sum over the same N samples).
/// α may come out negative (the pattern is then anti-correlated with the float filter).
/// `bias` may be empty (zeros); `alpha` (rows entries) is the fallback for degenerate
/// rows (var(s) ≤ 1e-12·(1 + mean s²)).
llvm::Expected<BinaryRefitResult>
refitBinaryScaleAndBias(llvm::ArrayRef<float> weights, llvm::ArrayRef<float> bias,
                        llvm::ArrayRef<int8_t> signs, llvm::ArrayRef<float> alpha,
                        int64_t rows, int64_t cols, llvm::ArrayRef<double> gram,
                        llvm::ArrayRef<double> inputMean, int64_t sampleCount);

//===----------------------------------------------------------------------===//
// 4. Bias correction
//===----------------------------------------------------------------------===//

/// b′ = b + (W − Ŵ) E[x]: the compressed layer's output then has the float layer's mean
/// on the calibration data (Nagel et al. 2019, "Data-Free Quantization Through Weight
/// Equalization and Bias Correction", §4.2, with the empirical input mean). `bias` may be
/// empty (zeros); returns `rows` entries.
llvm::Expected<std::vector<float>> correctBias(llvm::ArrayRef<float> weights,
                                               llvm::ArrayRef<float> approx,
                                               llvm::ArrayRef<float> bias, int64_t rows,
                                               int64_t cols,
                                               llvm::ArrayRef<double> inputMean);

} // namespace mlir::compress

#endif // COMPRESS_ALGORITHMS_DATAAWARE_H
