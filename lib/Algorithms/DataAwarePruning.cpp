//===- DataAwarePruning.cpp - SparseGPT / OBS pruning with weight update ---===//
#include "compress/Algorithms/DataAware.h"
#include "DataAwareUtils.h"

#include "llvm/Support/FormatVariadic.h"

#include <Eigen/Cholesky>

#include <algorithm>
#include <cmath>
#include <numeric>

using namespace mlir::compress;
using namespace mlir::compress::detail;

/// The exact number of weights to prune: round(s · count), halves up.
static int64_t targetCount(double sparsity, int64_t count) {
  return int64_t(std::floor(sparsity * double(count) + 0.5));
}

static llvm::Error checkSparsity(double sparsity) {
  if (!(sparsity >= 0 && sparsity <= 1))
    return error("sparsity must be in [0, 1], got " + formatNumber(sparsity));
  return llvm::Error::success();
}

/// Marks the `count` smallest of `saliency` (ties: lowest position) in `mask`.
static void markSmallest(llvm::ArrayRef<double> saliency, int64_t count,
                         llvm::MutableArrayRef<uint8_t> mask) {
  std::vector<int64_t> order(saliency.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](int64_t a, int64_t b) { return saliency[a] < saliency[b]; });
  for (int64_t i = 0; i < count; ++i)
    mask[order[i]] = 1;
}

/// Zeroes the masked entries of result.weights (the kept ones as given), counts them,
/// and sets the output error tr((W − Ŵ) H (W − Ŵ)ᵀ) against the original `weights`.
static void finishPrune(PruneResult &result, llvm::ArrayRef<float> weights,
                        llvm::ArrayRef<double> gram) {
  int64_t rows = result.rows, cols = result.cols;
  for (int64_t e = 0; e < rows * cols; ++e)
    if (result.mask[e]) {
      result.weights[e] = 0.0f;
      ++result.numPruned;
    }
  result.outputError = outputError(toMatrix(weights, rows, cols) -
                                       toMatrix(result.weights, rows, cols),
                                   mapGram(gram, cols));
}

llvm::Expected<PruneResult>
mlir::compress::sparseGPTPrune(llvm::ArrayRef<float> weights, int64_t rows, int64_t cols,
                               llvm::ArrayRef<double> gram, const SparseGPTOptions &options) {
  if (llvm::Error err = checkWeights(weights, rows, cols, "weights"))
    return std::move(err);
  if (llvm::Error err = checkSparsity(options.sparsity))
    return std::move(err);
  if (options.blockSize < 1)
    return error("block size must be >= 1");
  auto u = inverseCholeskyUpper(gram, cols, options.dampingFraction);
  if (!u)
    return u.takeError();

  bool perRow = options.scope == SparsityScope::PerRow;
  int64_t target = targetCount(options.sparsity, perRow ? cols : rows * cols);
  // Pruned through column j: floor(target · j / cols), so the total is exact at j = cols.
  auto cumulative = [&](int64_t j) { return target * j / cols; };

  PruneResult result;
  result.rows = rows;
  result.cols = cols;
  result.mask.assign(rows * cols, 0);
  Eigen::MatrixXd w = toMatrix(weights, rows, cols);
  for (int64_t i1 = 0; i1 < cols; i1 += options.blockSize) {
    int64_t i2 = std::min<int64_t>(i1 + options.blockSize, cols), width = i2 - i1;
    Eigen::MatrixXd block = w.middleCols(i1, width);
    // Adaptive mask selection on the weights as updated so far: OBS saliency w² / U_jj².
    std::vector<double> saliency(rows * width);
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t i = 0; i < width; ++i) {
        double diagonal = (*u)(i1 + i, i1 + i);
        saliency[r * width + i] = block(r, i) * block(r, i) / (diagonal * diagonal);
      }
    std::vector<uint8_t> blockMask(rows * width, 0);
    int64_t count = cumulative(i2) - cumulative(i1);
    if (perRow) {
      for (int64_t r = 0; r < rows; ++r)
        markSmallest(llvm::ArrayRef<double>(saliency).slice(r * width, width), count,
                     llvm::MutableArrayRef<uint8_t>(blockMask).slice(r * width, width));
    } else {
      markSmallest(saliency, count, blockMask);
    }
    Eigen::MatrixXd blockError(rows, width);
    for (int64_t i = 0; i < width; ++i) {
      int64_t column = i1 + i;
      double diagonal = (*u)(column, column);
      for (int64_t r = 0; r < rows; ++r) {
        bool pruned = blockMask[r * width + i];
        result.mask[r * cols + column] = pruned;
        blockError(r, i) = pruned ? block(r, i) / diagonal : 0.0;
      }
      block.rightCols(width - i).noalias() -=
          blockError.col(i) * u->block(column, column, 1, width - i);
      for (int64_t r = 0; r < rows; ++r)
        if (blockMask[r * width + i])
          block(r, i) = 0; // Exactly zero, not the rounding residue of the update.
    }
    w.middleCols(i1, width) = block;
    if (i2 < cols)
      w.rightCols(cols - i2).noalias() -= blockError * u->block(i1, i2, width, cols - i2);
  }
  result.weights = toFloats(w);
  finishPrune(result, weights, gram);
  return result;
}

llvm::Expected<PruneResult>
mlir::compress::magnitudePrune(llvm::ArrayRef<float> weights, int64_t rows, int64_t cols,
                               llvm::ArrayRef<double> gram, double sparsity,
                               SparsityScope scope) {
  if (llvm::Error err = checkWeights(weights, rows, cols, "weights"))
    return std::move(err);
  if (llvm::Error err = checkSparsity(sparsity))
    return std::move(err);
  if (llvm::Error err = checkGram(gram, cols))
    return std::move(err);
  PruneResult result;
  result.rows = rows;
  result.cols = cols;
  result.method = PruneMethod::Magnitude;
  result.mask.assign(rows * cols, 0);
  std::vector<double> magnitude(weights.size());
  for (size_t e = 0; e < weights.size(); ++e)
    magnitude[e] = std::fabs(double(weights[e]));
  if (scope == SparsityScope::PerRow) {
    int64_t count = targetCount(sparsity, cols);
    for (int64_t r = 0; r < rows; ++r)
      markSmallest(llvm::ArrayRef<double>(magnitude).slice(r * cols, cols), count,
                   llvm::MutableArrayRef<uint8_t>(result.mask).slice(r * cols, cols));
  } else {
    markSmallest(magnitude, targetCount(sparsity, rows * cols), result.mask);
  }
  result.weights.assign(weights.begin(), weights.end());
  finishPrune(result, weights, gram);
  return result;
}

llvm::Expected<PruneResult>
mlir::compress::dataAwarePrune(llvm::ArrayRef<float> weights, int64_t rows, int64_t cols,
                               llvm::ArrayRef<double> gram, const SparseGPTOptions &options) {
  auto magnitude =
      magnitudePrune(weights, rows, cols, gram, options.sparsity, options.scope);
  if (!magnitude)
    return magnitude.takeError();
  auto sparse = sparseGPTPrune(weights, rows, cols, gram, options);
  if (!sparse)
    return sparse.takeError();
  if (sparse->outputError < magnitude->outputError)
    return std::move(*sparse);
  return std::move(*magnitude);
}

llvm::Expected<ColumnGroupPruneResult> mlir::compress::pruneColumnGroupsOBS(
    llvm::ArrayRef<float> weights, int64_t rows, int64_t cols, llvm::ArrayRef<double> gram,
    llvm::ArrayRef<int64_t> groupOfColumn, int64_t numGroups, int64_t numToRemove,
    double dampingFraction) {
  if (llvm::Error err = checkWeights(weights, rows, cols, "weights"))
    return std::move(err);
  if (int64_t(groupOfColumn.size()) != cols)
    return error(llvm::formatv("group map has {0} entries, expected one per column ({1})",
                               groupOfColumn.size(), cols));
  if (numGroups < 1)
    return error(llvm::formatv("number of groups must be >= 1, got {0}", numGroups));
  std::vector<std::vector<int64_t>> members(numGroups);
  for (int64_t c = 0; c < cols; ++c) {
    int64_t g = groupOfColumn[c];
    if (g < 0 || g >= numGroups)
      return error(llvm::formatv("column {0} is in group {1}, outside [0, {2})", c, g,
                                 numGroups));
    members[g].push_back(c);
  }
  for (int64_t g = 0; g < numGroups; ++g)
    if (members[g].empty())
      return error(llvm::formatv("group {0} has no column", g));
  if (numToRemove < 0 || numToRemove > numGroups)
    return error(llvm::formatv("cannot remove {0} of {1} groups", numToRemove, numGroups));
  auto inverse = inverseDampedGram(gram, cols, dampingFraction);
  if (!inverse)
    return inverse.takeError();
  Eigen::MatrixXd &g = *inverse;
  Eigen::MatrixXd w = toMatrix(weights, rows, cols);

  ColumnGroupPruneResult result;
  result.rows = rows;
  result.cols = cols;
  std::vector<bool> removed(numGroups, false);
  for (int64_t step = 0; step < numToRemove; ++step) {
    int64_t best = -1;
    double bestCost = 0;
    for (int64_t group = 0; group < numGroups; ++group) {
      if (removed[group])
        continue;
      const std::vector<int64_t> &s = members[group];
      Eigen::MatrixXd gss = g(s, s);
      Eigen::MatrixXd ws = w(Eigen::all, s);
      Eigen::LLT<Eigen::MatrixXd> llt(gss);
      // ΔE = Σ_r w_rS G_SS⁻¹ w_rSᵀ.
      double cost = (ws.transpose().array() * llt.solve(ws.transpose()).array()).sum();
      if (best < 0 || cost < bestCost) {
        best = group;
        bestCost = cost;
      }
    }
    const std::vector<int64_t> &s = members[best];
    Eigen::LLT<Eigen::MatrixXd> llt(Eigen::MatrixXd(g(s, s)));
    Eigen::MatrixXd m = llt.solve(Eigen::MatrixXd(g(s, Eigen::all)));
    Eigen::MatrixXd ws = w(Eigen::all, s);
    w.noalias() -= ws * m;
    Eigen::MatrixXd gs = g(Eigen::all, s);
    g.noalias() -= gs * m;
    for (int64_t c : s) {
      w.col(c).setZero();
      g.row(c).setZero();
      g.col(c).setZero();
      g(c, c) = 1; // Keeps later G_SS of other groups unaffected; column c is done.
    }
    removed[best] = true;
    result.removedGroups.push_back(best);
  }
  result.weights = toFloats(w);
  result.outputError = outputError(toMatrix(weights, rows, cols) - w.cast<float>().cast<double>(),
                                   mapGram(gram, cols));
  return result;
}

std::vector<int64_t> mlir::compress::inputChannelGroupsOHWI(int64_t kernelHeight,
                                                            int64_t kernelWidth,
                                                            int64_t channels) {
  if (kernelHeight < 1 || kernelWidth < 1 || channels < 1)
    return {};
  std::vector<int64_t> groups(kernelHeight * kernelWidth * channels);
  for (size_t c = 0; c < groups.size(); ++c)
    groups[c] = int64_t(c) % channels;
  return groups;
}

llvm::Expected<std::vector<double>>
mlir::compress::filterOutputEnergy(llvm::ArrayRef<float> weights, int64_t rows, int64_t cols,
                                   llvm::ArrayRef<double> gram) {
  if (llvm::Error err = checkWeights(weights, rows, cols, "weights"))
    return std::move(err);
  if (llvm::Error err = checkGram(gram, cols))
    return std::move(err);
  Eigen::MatrixXd w = toMatrix(weights, rows, cols);
  Eigen::MatrixXd wh = w * mapGram(gram, cols);
  std::vector<double> energy(rows);
  for (int64_t r = 0; r < rows; ++r)
    energy[r] = wh.row(r).dot(w.row(r));
  return energy;
}
