//===- DataAwareTest.cpp - data-aware codebook, pruning, binary refit -----===//
//
// Properties on synthetic layers (data-aware never worse than blind, strictly better on
// correlated inputs, exact sparsity, known-answer refits, every error message), and the
// comparison with the numpy reference test/Algorithms/Inputs/dataaware_reference.py
// (DataAwareReference.*, run by test/Algorithms/data-aware-reference.test).
//
//===----------------------------------------------------------------------===//
#include "compress/Algorithms/DataAware.h"
#include "compress/Algorithms/KMeans.h"

#include "llvm/ADT/STLExtras.h"

#include "gtest/gtest.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>

using namespace mlir::compress;

namespace {

double gaussian(SplitMix64 &rng) {
  double u1 = rng.nextUnit(), u2 = rng.nextUnit();
  return std::sqrt(-2.0 * std::log(1.0 - u1)) * std::cos(6.283185307179586 * u2);
}

/// A synthetic layer: weights, the samples X (cols × n, column per sample) and H = X Xᵀ.
struct Layer {
  int64_t rows, cols, samples;
  std::vector<float> weights;
  std::vector<double> x; // cols × samples, row-major
  std::vector<double> gram, mean;
};

/// Inputs with correlation rho^|i−j| between inputs i and j (AR(1), like neighbouring
/// im2col taps), mean `offset`; rho = 0 gives independent inputs.
Layer makeLayer(int64_t rows, int64_t cols, int64_t samples, double rho, uint64_t seed,
                double offset = 0.1) {
  SplitMix64 rng(seed);
  Layer layer{rows, cols, samples, {}, {}, {}, {}};
  layer.x.resize(cols * samples);
  double innovation = std::sqrt(1 - rho * rho);
  for (int64_t s = 0; s < samples; ++s) {
    double previous = gaussian(rng);
    for (int64_t c = 0; c < cols; ++c) {
      double value = c == 0 ? previous : rho * previous + innovation * gaussian(rng);
      previous = value;
      layer.x[c * samples + s] = value + offset;
    }
  }
  layer.gram.assign(cols * cols, 0);
  for (int64_t i = 0; i < cols; ++i)
    for (int64_t j = 0; j <= i; ++j) {
      double sum = 0;
      for (int64_t s = 0; s < samples; ++s)
        sum += layer.x[i * samples + s] * layer.x[j * samples + s];
      layer.gram[i * cols + j] = layer.gram[j * cols + i] = sum;
    }
  layer.mean.assign(cols, 0);
  for (int64_t c = 0; c < cols; ++c) {
    for (int64_t s = 0; s < samples; ++s)
      layer.mean[c] += layer.x[c * samples + s];
    layer.mean[c] /= double(samples);
  }
  layer.weights.resize(rows * cols);
  for (float &w : layer.weights)
    w = float(0.05 * gaussian(rng));
  return layer;
}

template <typename T> T expectOk(llvm::Expected<T> value) {
  if (!value) {
    ADD_FAILURE() << llvm::toString(value.takeError());
    return T();
  }
  return std::move(*value);
}

template <typename T> std::string errorOf(llvm::Expected<T> value) {
  if (value)
    return "(no error)";
  return llvm::toString(value.takeError());
}

/// E of the blind codebook of the compress-codebook pass (kmeans1D, linear init).
double plainKMeansError(const Layer &layer, unsigned bits, bool perChannel) {
  std::vector<float> decoded(layer.weights.size());
  int64_t tables = perChannel ? layer.rows : 1, perTable = layer.rows * layer.cols / tables;
  for (int64_t t = 0; t < tables; ++t) {
    KMeansOptions options;
    options.numClusters = 1u << bits;
    auto r = expectOk(kmeans1D(llvm::ArrayRef<float>(layer.weights).slice(t * perTable,
                                                                          perTable),
                               options));
    for (int64_t e = 0; e < perTable; ++e)
      decoded[t * perTable + e] = r.centroids[r.assignments[e]];
  }
  return expectOk(
      layerOutputError(layer.weights, decoded, layer.rows, layer.cols, layer.gram));
}

//===----------------------------------------------------------------------===//
// Shared pieces
//===----------------------------------------------------------------------===//

TEST(DataAwareGram, DampingAndInverseFactor) {
  // diag (4, 0, 2): the dead input becomes 1, λ = 0.01 · mean(4, 1, 2) = 0.07/3.
  std::vector<double> gram = {4, 0, 1, 0, 0, 0, 1, 0, 2};
  std::vector<double> damped = expectOk(dampGram(gram, 3, 0.01));
  double lambda = 0.01 * 7.0 / 3.0;
  EXPECT_DOUBLE_EQ(damped[0], 4 + lambda);
  EXPECT_DOUBLE_EQ(damped[4], 1 + lambda);
  EXPECT_DOUBLE_EQ(damped[8], 2 + lambda);
  EXPECT_EQ(damped[2], 1.0);
  EXPECT_EQ(damped[1], 0.0);
  // Uᵀ U (H + λI) = I, U upper triangular with a positive diagonal.
  Layer layer = makeLayer(1, 9, 30, 0.7, 4);
  std::vector<double> u = expectOk(inverseGramCholesky(layer.gram, 9, 0.05));
  std::vector<double> h = expectOk(dampGram(layer.gram, 9, 0.05));
  for (int64_t i = 0; i < 9; ++i) {
    EXPECT_GT(u[i * 9 + i], 0);
    for (int64_t j = 0; j < i; ++j)
      EXPECT_EQ(u[i * 9 + j], 0.0);
  }
  for (int64_t i = 0; i < 9; ++i)
    for (int64_t j = 0; j < 9; ++j) {
      double sum = 0;
      for (int64_t k = 0; k < 9; ++k) {
        double inverse = 0; // (Uᵀ U)_ik
        for (int64_t m = 0; m < 9; ++m)
          inverse += u[m * 9 + i] * u[m * 9 + k];
        sum += inverse * h[k * 9 + j];
      }
      EXPECT_NEAR(sum, i == j ? 1.0 : 0.0, 1e-9);
    }
  EXPECT_EQ(errorOf(dampGram(gram, 3, INFINITY)),
            "damping fraction must be a finite number >= 0, got inf");
  EXPECT_EQ(errorOf(inverseGramCholesky(gram, 0, 0.01)),
            "Gram matrix dimension must be >= 1, got 0");
}

//===----------------------------------------------------------------------===//
// Codebook
//===----------------------------------------------------------------------===//

TEST(DataAwareCodebook, NeverWorseThanPlainKMeans) {
  int checked = 0;
  for (double rho : {0.0, 0.5, 0.95})
    for (auto [rows, cols] : {std::pair<int64_t, int64_t>{7, 13}, {16, 72}, {3, 130}})
      for (unsigned bits : {1u, 2u, 4u})
        for (bool perChannel : {false, true}) {
          Layer layer = makeLayer(rows, cols, 3 * cols, rho, 100 + checked);
          DataAwareCodebookOptions options;
          options.bits = bits;
          options.perChannel = perChannel;
          CodebookAssignment r = expectOk(
              dataAwareCodebook(layer.weights, rows, cols, layer.gram, options));
          double plain = plainKMeansError(layer, bits, perChannel);
          EXPECT_LE(r.outputError, plain * (1 + 1e-12))
              << "rho " << rho << " " << rows << "x" << cols << " bits " << bits;
          // The reported error is the error of what decode() gives.
          double decoded = expectOk(
              layerOutputError(layer.weights, r.decode(), rows, cols, layer.gram));
          EXPECT_NEAR(r.outputError, decoded, 1e-9 * (1 + decoded));
          ASSERT_EQ(r.centroids.size(), size_t(perChannel ? rows : 1) << bits);
          for (uint32_t index : r.indices)
            ASSERT_LT(index, 1u << bits);
          ++checked;
        }
}

TEST(DataAwareCodebook, GPTQStrictlyBetterOnCorrelatedInputs) {
  // Strongly correlated inputs: the rounding error of one column can be compensated by
  // its neighbours, which nearest rounding cannot do.
  Layer layer = makeLayer(32, 96, 400, 0.95, 7);
  for (unsigned bits : {2u, 3u, 4u}) {
    DataAwareCodebookOptions options;
    options.bits = bits;
    CodebookAssignment weighted =
        expectOk(hessianWeightedKMeans(layer.weights, 32, 96, layer.gram, options));
    CodebookAssignment gptq = expectOk(gptqAssign(layer.weights, 32, 96, layer.gram,
                                                  weighted.centroids, 1u << bits, options));
    double plain = plainKMeansError(layer, bits, false);
    EXPECT_LT(gptq.outputError, 0.7 * plain) << "bits " << bits;
    EXPECT_LT(gptq.outputError, weighted.outputError) << "bits " << bits;
    CodebookAssignment best =
        expectOk(dataAwareCodebook(layer.weights, 32, 96, layer.gram, options));
    EXPECT_TRUE(best.method == CodebookMethod::GPTQ ||
                best.method == CodebookMethod::GPTQRefit);
    EXPECT_LE(best.outputError, gptq.outputError);
  }
}

TEST(DataAwareCodebook, HessianWeightsPreferImportantColumns) {
  // Column 0 carries all the input energy, the rest almost none: the weighted centroids
  // must represent column 0's weights (one per linear-init cluster, k = rows) almost
  // exactly; the blind ones (spread over the uniform data) do not.
  int64_t rows = 4, cols = 40;
  std::vector<float> w(rows * cols);
  SplitMix64 rng(3);
  for (float &v : w)
    v = float(rng.nextUnit() * 1.98 - 0.99);
  w[0] = -1.f, w[cols] = -0.3f, w[2 * cols] = 0.3f, w[3 * cols] = 1.f;
  std::vector<double> gram(cols * cols, 0);
  gram[0] = 1e6;
  for (int64_t c = 1; c < cols; ++c)
    gram[c * cols + c] = 1e-3;
  DataAwareCodebookOptions options;
  options.bits = 2;
  options.dampingFraction = 0;
  CodebookAssignment r = expectOk(hessianWeightedKMeans(w, rows, cols, gram, options));
  std::vector<float> decoded = r.decode();
  double weightedWorst = 0;
  for (int64_t row = 0; row < rows; ++row)
    weightedWorst = std::max<double>(weightedWorst, std::fabs(decoded[row * cols] - w[row * cols]));
  EXPECT_LT(weightedWorst, 1e-3);
  // The blind codebook misses at least one of them by far more.
  KMeansOptions blindOptions;
  blindOptions.numClusters = 4;
  KMeansResult blind = expectOk(kmeans1D(w, blindOptions));
  double blindWorst = 0;
  for (int64_t row = 0; row < rows; ++row)
    blindWorst = std::max<double>(
        blindWorst, std::fabs(blind.centroids[blind.assignments[row * cols]] - w[row * cols]));
  EXPECT_GT(blindWorst, 0.05);
  EXPECT_LT(r.outputError, 0.01 * expectOk(layerOutputError(w, [&] {
    std::vector<float> d(w.size());
    for (size_t e = 0; e < w.size(); ++e)
      d[e] = blind.centroids[blind.assignments[e]];
    return d;
  }(), rows, cols, gram)));
}

TEST(DataAwareCodebook, RefitCentroidsAreOptimalForTheIndices) {
  // Without damping the refit minimises E itself: moving any centroid raises E.
  for (bool perChannel : {false, true}) {
    Layer layer = makeLayer(6, 40, 200, 0.9, 31);
    DataAwareCodebookOptions options;
    options.bits = 2;
    options.perChannel = perChannel;
    options.dampingFraction = 0;
    CodebookAssignment weighted =
        expectOk(hessianWeightedKMeans(layer.weights, 6, 40, layer.gram, options));
    CodebookAssignment gptq = expectOk(gptqAssign(layer.weights, 6, 40, layer.gram,
                                                  weighted.centroids, 4, options));
    CodebookAssignment refit = expectOk(refitCentroids(layer.weights, layer.gram, gptq, 0));
    ASSERT_EQ(refit.method, CodebookMethod::GPTQRefit);
    EXPECT_LT(refit.outputError, gptq.outputError);
    for (size_t i = 0; i < refit.centroids.size(); ++i)
      for (float step : {-1e-3f, 1e-3f}) {
        CodebookAssignment moved = refit;
        moved.centroids[i] += step;
        double e = expectOk(
            layerOutputError(layer.weights, moved.decode(), 6, 40, layer.gram));
        EXPECT_GT(e, refit.outputError) << "centroid " << i;
      }
  }
  CodebookAssignment bad;
  bad.rows = 2, bad.cols = 3, bad.numCentroids = 2;
  bad.centroids = {0.f, 1.f};
  bad.indices = {0, 1, 2, 0, 0, 0};
  std::vector<float> w(6, 0.5f);
  std::vector<double> gram = {1, 0, 0, 0, 1, 0, 0, 0, 1};
  EXPECT_EQ(errorOf(refitCentroids(w, gram, bad)), "codebook index 2 out of range (k = 2)");
  bad.indices.pop_back();
  EXPECT_EQ(errorOf(refitCentroids(w, gram, bad)),
            "codebook assignment does not match its rows, columns and centroids");
}

TEST(DataAwareCodebook, ActOrderHelpsWhenTheStrongInputsComeLast) {
  // Input energy grows 100× along the columns: in natural order the strongest inputs are
  // quantized last, with nothing left to compensate them.
  Layer layer = makeLayer(16, 60, 300, 0.9, 51);
  for (int64_t i = 0; i < 60; ++i)
    for (int64_t j = 0; j < 60; ++j)
      layer.gram[i * 60 + j] *= std::pow(10.0, double(i + j) / 59.0);
  DataAwareCodebookOptions options;
  options.bits = 2;
  CodebookAssignment weighted =
      expectOk(hessianWeightedKMeans(layer.weights, 16, 60, layer.gram, options));
  CodebookAssignment natural = expectOk(
      gptqAssign(layer.weights, 16, 60, layer.gram, weighted.centroids, 4, options));
  options.actOrder = true;
  CodebookAssignment act = expectOk(
      gptqAssign(layer.weights, 16, 60, layer.gram, weighted.centroids, 4, options));
  EXPECT_LT(act.outputError, natural.outputError);
  double decoded =
      expectOk(layerOutputError(layer.weights, act.decode(), 16, 60, layer.gram));
  EXPECT_NEAR(act.outputError, decoded, 1e-9 * decoded);
  CodebookAssignment best =
      expectOk(dataAwareCodebook(layer.weights, 16, 60, layer.gram, options));
  EXPECT_LE(best.outputError, act.outputError);
  std::printf("act order: %.4f x natural order\n", act.outputError / natural.outputError);
}

TEST(DataAwareCodebook, LazyBlocksEqualColumnByColumn) {
  Layer layer = makeLayer(9, 50, 200, 0.8, 11);
  DataAwareCodebookOptions options;
  options.bits = 3;
  CodebookAssignment weighted =
      expectOk(hessianWeightedKMeans(layer.weights, 9, 50, layer.gram, options));
  options.blockSize = 1;
  CodebookAssignment one = expectOk(
      gptqAssign(layer.weights, 9, 50, layer.gram, weighted.centroids, 8, options));
  for (unsigned block : {7u, 50u, 1000u}) {
    options.blockSize = block;
    CodebookAssignment blocked = expectOk(
        gptqAssign(layer.weights, 9, 50, layer.gram, weighted.centroids, 8, options));
    EXPECT_EQ(blocked.indices, one.indices) << "block " << block;
    EXPECT_NEAR(blocked.outputError, one.outputError, 1e-9 * one.outputError);
  }
}

TEST(DataAwareCodebook, FewDistinctValuesAreExact) {
  std::vector<float> w = {0.5f, -1.f, 0.5f, 2.f, -1.f, 0.f};
  std::vector<double> gram = {2, 1, 0, 1, 2, 0, 0, 0, 0}; // the third input is dead
  DataAwareCodebookOptions options;
  options.bits = 2;
  CodebookAssignment r = expectOk(dataAwareCodebook(w, 2, 3, gram, options));
  EXPECT_EQ(r.decode(), w);
  EXPECT_EQ(r.outputError, 0.0);
}

TEST(DataAwareCodebook, RankDeficientGramNeedsOnlyDamping) {
  // 6 samples for 40 inputs: H has rank 6. The default damping makes every method work,
  // and the data-aware results still beat the blind ones on these statistics.
  Layer layer = makeLayer(8, 40, 6, 0.5, 41);
  DataAwareCodebookOptions options;
  options.bits = 2;
  CodebookAssignment best =
      expectOk(dataAwareCodebook(layer.weights, 8, 40, layer.gram, options));
  EXPECT_LT(best.outputError, 0.5 * plainKMeansError(layer, 2, false));
  SparseGPTOptions pruneOptions;
  PruneResult sparse = expectOk(sparseGPTPrune(layer.weights, 8, 40, layer.gram, pruneOptions));
  PruneResult magnitude = expectOk(
      magnitudePrune(layer.weights, 8, 40, layer.gram, 0.5, SparsityScope::PerRow));
  EXPECT_LT(sparse.outputError, magnitude.outputError);
  // A zero H (no calibration signal at all): every weight is free; no crash, E = 0.
  std::vector<double> zero(40 * 40, 0.0);
  EXPECT_EQ(expectOk(sparseGPTPrune(layer.weights, 8, 40, zero, pruneOptions)).outputError,
            0.0);
  EXPECT_EQ(expectOk(dataAwareCodebook(layer.weights, 8, 40, zero, options)).outputError, 0.0);
}

TEST(DataAwareCodebook, Errors) {
  std::vector<float> w(6, 0.5f);
  std::vector<double> gram = {1, 0, 0, 0, 1, 0, 0, 0, 1};
  DataAwareCodebookOptions options;
  EXPECT_EQ(errorOf(dataAwareCodebook(w, 2, 4, gram, options)),
            "weights has 6 elements, expected 2x4");
  EXPECT_EQ(errorOf(dataAwareCodebook(w, 0, 3, gram, options)),
            "weights must be at least 1x1, got 0x3");
  EXPECT_EQ(errorOf(dataAwareCodebook(w, 2, 3, {1, 0, 0, 1}, options)),
            "Gram matrix has 4 elements, expected 3x3");
  std::vector<double> asymmetric = {1, 0.5, 0, 0, 1, 0, 0, 0, 1};
  EXPECT_EQ(errorOf(dataAwareCodebook(w, 2, 3, asymmetric, options)),
            "Gram matrix is not symmetric at (0, 1)");
  std::vector<double> negative = {1, 0, 0, 0, -1, 0, 0, 0, 1};
  EXPECT_EQ(errorOf(dataAwareCodebook(w, 2, 3, negative, options)),
            "Gram matrix has a negative diagonal entry at 1");
  std::vector<double> nan = gram;
  nan[4] = NAN;
  EXPECT_EQ(errorOf(dataAwareCodebook(w, 2, 3, nan, options)),
            "Gram matrix holds a NaN or infinite value");
  std::vector<float> wnan = w;
  wnan[2] = INFINITY;
  EXPECT_EQ(errorOf(dataAwareCodebook(wnan, 2, 3, gram, options)),
            "weights holds a NaN or infinite value");
  // Symmetric with a non-negative diagonal but indefinite: not a Gram matrix.
  std::vector<double> indefinite = {1, 2, 0, 2, 1, 0, 0, 0, 1};
  options.dampingFraction = 0;
  EXPECT_EQ(errorOf(gptqAssign(w, 2, 3, indefinite, {0.f, 1.f}, 2, options)),
            "the damped Gram matrix is not positive definite (is H a Gram matrix X Xᵀ? "
            "raise the damping fraction)");
  options.dampingFraction = -1;
  EXPECT_EQ(errorOf(dataAwareCodebook(w, 2, 3, gram, options)),
            "damping fraction must be a finite number >= 0, got -1");
  options.dampingFraction = 0.01;
  options.bits = 0;
  EXPECT_EQ(errorOf(dataAwareCodebook(w, 2, 3, gram, options)),
            "codebook bits must be in [1, 8], got 0");
  options.bits = 9;
  EXPECT_EQ(errorOf(hessianWeightedKMeans(w, 2, 3, gram, options)),
            "codebook bits must be in [1, 8], got 9");
  options.bits = 1;
  options.blockSize = 0;
  EXPECT_EQ(errorOf(gptqAssign(w, 2, 3, gram, {0.f, 1.f}, 2, options)),
            "block size must be >= 1");
  options.blockSize = 4;
  EXPECT_EQ(errorOf(gptqAssign(w, 2, 3, gram, {0.f, 1.f, 2.f}, 2, options)),
            "expected 1 table(s) of 2 centroids, got 3 values");
  EXPECT_EQ(errorOf(gptqAssign(w, 2, 3, gram, {0.f, NAN}, 2, options)),
            "a centroid is NaN or infinite");
}

//===----------------------------------------------------------------------===//
// Pruning
//===----------------------------------------------------------------------===//

TEST(DataAwarePruning, ExactSparsityAndBeatsMagnitude) {
  for (double rho : {0.0, 0.9})
    for (auto [rows, cols] : {std::pair<int64_t, int64_t>{7, 13}, {16, 72}, {5, 130}})
      for (SparsityScope scope : {SparsityScope::PerRow, SparsityScope::PerTensor})
        for (double sparsity : {0.0, 0.25, 0.5, 0.8, 1.0})
          for (unsigned block : {1u, 16u, 128u}) {
            Layer layer = makeLayer(rows, cols, 2 * cols, rho, rows * 1000 + cols);
            SparseGPTOptions options;
            options.sparsity = sparsity;
            options.scope = scope;
            options.blockSize = block;
            PruneResult r = expectOk(
                sparseGPTPrune(layer.weights, rows, cols, layer.gram, options));
            PruneResult m = expectOk(
                magnitudePrune(layer.weights, rows, cols, layer.gram, sparsity, scope));
            PruneResult best = expectOk(
                dataAwarePrune(layer.weights, rows, cols, layer.gram, options));
            EXPECT_LE(best.outputError, m.outputError);
            EXPECT_LE(best.outputError, r.outputError);
            EXPECT_EQ(best.numPruned, m.numPruned);
            bool perRow = scope == SparsityScope::PerRow;
            int64_t target = int64_t(std::floor(sparsity * (perRow ? cols : rows * cols) +
                                                0.5)) *
                             (perRow ? rows : 1);
            EXPECT_EQ(r.numPruned, target);
            EXPECT_EQ(m.numPruned, target);
            int64_t zeros = 0;
            for (int64_t e = 0; e < rows * cols; ++e) {
              zeros += r.weights[e] == 0.0f;
              if (r.mask[e])
                EXPECT_EQ(r.weights[e], 0.0f);
            }
            EXPECT_GE(zeros, target);
            if (perRow)
              for (int64_t row = 0; row < rows; ++row) {
                int64_t n = 0;
                for (int64_t c = 0; c < cols; ++c)
                  n += r.mask[row * cols + c];
                EXPECT_EQ(n, target / rows);
              }
            double reported = expectOk(
                layerOutputError(layer.weights, r.weights, rows, cols, layer.gram));
            EXPECT_NEAR(r.outputError, reported, 1e-9 * (1 + reported));
            if (sparsity == 0.0) {
              EXPECT_EQ(r.weights, layer.weights);
            } else if (sparsity < 1.0 && rho > 0 && block >= 16) {
              // Correlated inputs and real blocks: SparseGPT alone wins. (Independent
              // inputs make H nearly isotropic, where its greedy sweep can lose to
              // magnitude; block 1 forces the same columns in every row.)
              EXPECT_LT(r.outputError, m.outputError)
                  << "rho " << rho << " " << rows << "x" << cols << " s " << sparsity << " block " << block << " perRow " << perRow;
            }
          }
}

TEST(DataAwarePruning, Errors) {
  std::vector<float> w(6, 0.5f);
  std::vector<double> gram = {1, 0, 0, 0, 1, 0, 0, 0, 1};
  SparseGPTOptions options;
  options.sparsity = 1.5;
  EXPECT_EQ(errorOf(sparseGPTPrune(w, 2, 3, gram, options)),
            "sparsity must be in [0, 1], got 1.5");
  options.sparsity = NAN;
  EXPECT_EQ(errorOf(sparseGPTPrune(w, 2, 3, gram, options)),
            "sparsity must be in [0, 1], got nan");
  EXPECT_EQ(errorOf(magnitudePrune(w, 2, 3, gram, -0.1, SparsityScope::PerRow)),
            "sparsity must be in [0, 1], got -0.1");
  options.sparsity = 0.5;
  options.blockSize = 0;
  EXPECT_EQ(errorOf(sparseGPTPrune(w, 2, 3, gram, options)), "block size must be >= 1");
  EXPECT_EQ(errorOf(pruneColumnGroupsOBS(w, 2, 3, gram, {0, 1}, 2, 1)),
            "group map has 2 entries, expected one per column (3)");
  EXPECT_EQ(errorOf(pruneColumnGroupsOBS(w, 2, 3, gram, {0, 1, 2}, 2, 1)),
            "column 2 is in group 2, outside [0, 2)");
  EXPECT_EQ(errorOf(pruneColumnGroupsOBS(w, 2, 3, gram, {0, 0, 2}, 3, 1)),
            "group 1 has no column");
  EXPECT_EQ(errorOf(pruneColumnGroupsOBS(w, 2, 3, gram, {0, 1, 0}, 2, 3)),
            "cannot remove 3 of 2 groups");
  EXPECT_EQ(errorOf(pruneColumnGroupsOBS(w, 2, 3, gram, {0, 1, 0}, 0, 0)),
            "number of groups must be >= 1, got 0");
  EXPECT_EQ(errorOf(filterOutputEnergy(w, 3, 3, gram)), "weights has 6 elements, expected 3x3");
  // Tiny and nearly singular without damping: H⁻¹ ≈ 5e314 overflows double.
  double scale = 1e-300, off = 1e-300 * (1 - 1e-15);
  std::vector<double> nearlySingular = {scale, off, 0, off, scale, 0, 0, 0, 1};
  EXPECT_EQ(errorOf(pruneColumnGroupsOBS(w, 2, 3, nearlySingular, {0, 1, 0}, 2, 1, 0.0)),
            "the inverse of the damped Gram matrix overflows (scale the inputs down or raise "
            "the damping fraction)");
}

/// Removes the columns of `groups` without updating the others.
std::vector<float> dropGroups(const Layer &layer, llvm::ArrayRef<int64_t> groupOf,
                              llvm::ArrayRef<int64_t> groups) {
  std::vector<float> out = layer.weights;
  for (int64_t c = 0; c < layer.cols; ++c)
    if (llvm::is_contained(groups, groupOf[c]))
      for (int64_t r = 0; r < layer.rows; ++r)
        out[r * layer.cols + c] = 0;
  return out;
}

TEST(DataAwarePruning, ColumnGroupsBeatDroppingWithoutUpdate) {
  // NHWC im2col order (kh, kw, C): input channel ch is columns {t·C + ch}.
  for (double rho : {0.0, 0.9}) {
    int64_t channels = 12, taps = 9, rows = 10, cols = channels * taps;
    Layer layer = makeLayer(rows, cols, 300, rho, 21);
    std::vector<int64_t> groupOf = inputChannelGroupsOHWI(3, 3, channels);
    ASSERT_EQ(int64_t(groupOf.size()), cols);
    EXPECT_EQ(groupOf[channels + 5], 5); // tap (0, 1), channel 5
    EXPECT_EQ(groupOf[cols - 1], channels - 1);
    EXPECT_TRUE(inputChannelGroupsOHWI(0, 3, channels).empty());
    // Blind choice: the channels with the smallest weight norm, no update.
    std::vector<std::pair<double, int64_t>> norms(channels);
    for (int64_t ch = 0; ch < channels; ++ch) {
      norms[ch] = {0, ch};
      for (int64_t c = ch; c < cols; c += channels)
        for (int64_t r = 0; r < rows; ++r)
          norms[ch].first += double(layer.weights[r * cols + c]) * layer.weights[r * cols + c];
    }
    std::sort(norms.begin(), norms.end());
    for (int64_t remove : {1, 4, 8, 12}) {
      ColumnGroupPruneResult r = expectOk(pruneColumnGroupsOBS(
          layer.weights, rows, cols, layer.gram, groupOf, channels, remove));
      ASSERT_EQ(int64_t(r.removedGroups.size()), remove);
      for (int64_t c = 0; c < cols; ++c)
        if (llvm::is_contained(r.removedGroups, groupOf[c]))
          for (int64_t row = 0; row < rows; ++row)
            EXPECT_EQ(r.weights[row * cols + c], 0.0f);
      double sameWithoutUpdate = expectOk(layerOutputError(
          layer.weights, dropGroups(layer, groupOf, r.removedGroups), rows, cols,
          layer.gram));
      std::vector<int64_t> blind;
      for (int64_t i = 0; i < remove; ++i)
        blind.push_back(norms[i].second);
      double blindError = expectOk(layerOutputError(
          layer.weights, dropGroups(layer, groupOf, blind), rows, cols, layer.gram));
      if (remove < channels) {
        EXPECT_LT(r.outputError, sameWithoutUpdate) << "rho " << rho << " remove " << remove;
        EXPECT_LT(r.outputError, blindError) << "rho " << rho << " remove " << remove;
      } else {
        EXPECT_NEAR(r.outputError, blindError, 1e-9 * blindError); // everything removed
      }
    }
  }
}

TEST(DataAwarePruning, FilterOutputEnergy) {
  Layer layer = makeLayer(3, 5, 40, 0.5, 2);
  std::vector<double> energy = expectOk(filterOutputEnergy(layer.weights, 3, 5, layer.gram));
  for (int64_t r = 0; r < 3; ++r) {
    double direct = 0;
    for (int64_t s = 0; s < 40; ++s) {
      double y = 0;
      for (int64_t c = 0; c < 5; ++c)
        y += layer.weights[r * 5 + c] * layer.x[c * 40 + s];
      direct += y * y;
    }
    EXPECT_NEAR(energy[r], direct, 1e-9 * direct);
  }
}

//===----------------------------------------------------------------------===//
// Binary refit and bias correction
//===----------------------------------------------------------------------===//

TEST(DataAwareBinary, RecoversKnownScaleAndBias) {
  // W = α*·B exactly with bias b*: from perturbed α, the refit must give back α*, b*.
  int64_t rows = 6, cols = 37;
  Layer layer = makeLayer(rows, cols, 500, 0.7, 5, /*offset=*/0.3);
  SplitMix64 rng(9);
  std::vector<int8_t> signs(rows * cols);
  std::vector<float> trueAlpha(rows), trueBias(rows), weights(rows * cols), perturbed(rows);
  for (int64_t r = 0; r < rows; ++r) {
    trueAlpha[r] = float(0.01 + 0.1 * rng.nextUnit()) * (r == 3 ? -1.f : 1.f);
    trueBias[r] = float(rng.nextUnit() - 0.5);
    perturbed[r] = trueAlpha[r] * 1.3f + 0.01f;
    for (int64_t c = 0; c < cols; ++c) {
      signs[r * cols + c] = rng.nextUnit() < 0.5 ? -1 : 1;
      weights[r * cols + c] = trueAlpha[r] * signs[r * cols + c];
    }
  }
  BinaryRefitResult result = expectOk(refitBinaryScaleAndBias(
      weights, trueBias, signs, perturbed, rows, cols, layer.gram, layer.mean, 500));
  EXPECT_EQ(result.degenerateRows, 0);
  for (int64_t r = 0; r < rows; ++r) {
    EXPECT_NEAR(result.alpha[r], trueAlpha[r], 1e-6 * std::fabs(trueAlpha[r]));
    EXPECT_NEAR(result.bias[r], trueBias[r], 1e-5);
  }
  // A layer whose bias was folded away: the refit bias absorbs a mean shift.
  result = expectOk(refitBinaryScaleAndBias(weights, {}, signs, perturbed, rows, cols,
                                            layer.gram, layer.mean, 500));
  for (int64_t r = 0; r < rows; ++r)
    EXPECT_NEAR(result.bias[r], 0.0f, 1e-5);
}

/// Σ_samples (W x + b − (α∘B) x − b′)² directly from the samples.
double binaryOutputError(const Layer &layer, llvm::ArrayRef<float> bias,
                         llvm::ArrayRef<int8_t> signs, llvm::ArrayRef<float> alpha,
                         llvm::ArrayRef<float> newBias) {
  double sum = 0;
  for (int64_t r = 0; r < layer.rows; ++r)
    for (int64_t s = 0; s < layer.samples; ++s) {
      double d = (bias.empty() ? 0 : bias[r]) - newBias[r];
      for (int64_t c = 0; c < layer.cols; ++c)
        d += (layer.weights[r * layer.cols + c] - alpha[r] * signs[r * layer.cols + c]) *
             layer.x[c * layer.samples + s];
      sum += d * d;
    }
  return sum;
}

TEST(DataAwareBinary, RefitNeverIncreasesOutputError) {
  // Against XNOR-Net's α = mean|w| with the bias kept, and against random α/bias: the
  // refit is the least-squares optimum, so it never loses (float rounding aside).
  int checked = 0;
  for (double rho : {0.0, 0.8})
    for (auto [rows, cols] : {std::pair<int64_t, int64_t>{5, 9}, {12, 70}})
      for (uint64_t seed : {1u, 2u}) {
        Layer layer = makeLayer(rows, cols, 150, rho, seed * 77 + cols, 0.2);
        SplitMix64 rng(seed);
        std::vector<int8_t> signs(rows * cols);
        std::vector<float> xnorAlpha(rows, 0), randomAlpha(rows), bias(rows), randomBias(rows);
        for (int64_t r = 0; r < rows; ++r) {
          for (int64_t c = 0; c < cols; ++c) {
            float w = layer.weights[r * cols + c];
            signs[r * cols + c] = w < 0 ? -1 : 1;
            xnorAlpha[r] += std::fabs(w) / float(cols);
          }
          randomAlpha[r] = float(rng.nextUnit() * 0.1);
          bias[r] = float(rng.nextUnit() - 0.5);
          randomBias[r] = float(rng.nextUnit() - 0.5);
        }
        BinaryRefitResult refit = expectOk(refitBinaryScaleAndBias(
            layer.weights, bias, signs, xnorAlpha, rows, cols, layer.gram, layer.mean, 150));
        double after = binaryOutputError(layer, bias, signs, refit.alpha, refit.bias);
        EXPECT_LE(after, binaryOutputError(layer, bias, signs, xnorAlpha, bias) * (1 + 1e-6));
        EXPECT_LE(after,
                  binaryOutputError(layer, bias, signs, randomAlpha, randomBias) * (1 + 1e-6));
        // A small move of the refit α or bias does not help either (a minimum).
        for (int64_t r = 0; r < rows; ++r)
          for (int which = 0; which < 2; ++which) {
            std::vector<float> a = refit.alpha, b = refit.bias;
            (which ? b : a)[r] += 1e-3f;
            EXPECT_GE(binaryOutputError(layer, bias, signs, a, b), after * (1 - 1e-9));
          }
        ++checked;
      }
  EXPECT_EQ(checked, 8);
}

TEST(DataAwareBinary, DegenerateRowKeepsAlpha) {
  // Every input constant (H = N·μμᵀ): s = B x has no variance, α cannot be identified.
  int64_t cols = 3, n = 10;
  std::vector<double> mean = {1.0, 2.0, -1.0};
  std::vector<double> gram(cols * cols);
  for (int64_t i = 0; i < cols; ++i)
    for (int64_t j = 0; j < cols; ++j)
      gram[i * cols + j] = double(n) * mean[i] * mean[j];
  std::vector<float> w = {0.5f, -0.25f, 1.0f};
  std::vector<int8_t> signs = {1, -1, 1};
  BinaryRefitResult r = expectOk(
      refitBinaryScaleAndBias(w, {0.5f}, signs, {0.7f}, 1, cols, gram, mean, n));
  EXPECT_EQ(r.degenerateRows, 1);
  EXPECT_EQ(r.alpha[0], 0.7f);
  // b′ = mean(y − α s) = (w μ + b) − α (B μ) = (0.5 − 0.5 − 1 + 0.5) − 0.7·(1 − 2 − 1).
  EXPECT_NEAR(r.bias[0], -0.5 + 1.4, 1e-6);
}

TEST(DataAwareBinary, Errors) {
  std::vector<float> w(6, 0.5f);
  std::vector<double> gram = {1, 0, 0, 0, 1, 0, 0, 0, 1}, mean = {0, 0, 0};
  std::vector<int8_t> signs = {1, -1, 1, 1, 1, 1};
  std::vector<float> alpha = {1, 1};
  EXPECT_EQ(errorOf(refitBinaryScaleAndBias(w, {}, {1, 0, 1, 1, 1, 1}, alpha, 2, 3, gram,
                                            mean, 4)),
            "sign pattern holds 0; only +1 and -1 are allowed");
  EXPECT_EQ(errorOf(refitBinaryScaleAndBias(w, {}, signs, alpha, 2, 3, gram, mean, 0)),
            "sample count must be >= 1, got 0");
  EXPECT_EQ(errorOf(refitBinaryScaleAndBias(w, {}, signs, alpha, 2, 3, gram, {0, 0}, 4)),
            "input mean has 2 elements, expected 3");
  EXPECT_EQ(errorOf(refitBinaryScaleAndBias(w, {1.f}, signs, alpha, 2, 3, gram, mean, 4)),
            "bias has 1 elements, expected 2x1");
  EXPECT_EQ(errorOf(refitBinaryScaleAndBias(w, {}, signs, {1.f}, 2, 3, gram, mean, 4)),
            "alpha has 1 elements, expected 2x1");
  EXPECT_EQ(errorOf(refitBinaryScaleAndBias(w, {}, {1, 1}, alpha, 2, 3, gram, mean, 4)),
            "sign pattern has 2 elements, expected 2x3");
  EXPECT_EQ(errorOf(correctBias(w, w, {}, 2, 3, {0, NAN, 0})),
            "input mean holds a NaN or infinite value");
  EXPECT_EQ(errorOf(correctBias(w, {0.5f}, {}, 2, 3, mean)),
            "approximation has 1 elements, expected 2x3");
}

TEST(DataAwareBiasCorrection, MatchesMeanOutputShift) {
  Layer layer = makeLayer(4, 11, 64, 0.6, 8, /*offset=*/0.5);
  std::vector<float> approx = layer.weights, bias = {0.1f, -0.2f, 0.3f, 0.f};
  for (size_t e = 0; e < approx.size(); ++e)
    approx[e] = std::round(approx[e] * 20) / 20; // a coarse quantization
  std::vector<float> corrected =
      expectOk(correctBias(layer.weights, approx, bias, 4, 11, layer.mean));
  // The compressed layer with b′ has the float layer's mean output on the samples.
  for (int64_t r = 0; r < 4; ++r) {
    double floatMean = 0, compressedMean = 0;
    for (int64_t s = 0; s < 64; ++s)
      for (int64_t c = 0; c < 11; ++c) {
        floatMean += layer.weights[r * 11 + c] * layer.x[c * 64 + s] / 64;
        compressedMean += approx[r * 11 + c] * layer.x[c * 64 + s] / 64;
      }
    EXPECT_NEAR(floatMean + bias[r], compressedMean + corrected[r], 1e-6);
  }
  // No bias given: zeros.
  std::vector<float> fromZero =
      expectOk(correctBias(layer.weights, approx, {}, 4, 11, layer.mean));
  for (int64_t r = 0; r < 4; ++r)
    EXPECT_NEAR(fromZero[r], corrected[r] - bias[r], 1e-6);
}

//===----------------------------------------------------------------------===//
// The figures of docs/accuracy.md: a conv-like layer, d = 3·3·64 = 576, 64 filters,
// 4096 samples of correlated inputs.
//===----------------------------------------------------------------------===//

TEST(DataAwareFigures, ConvLikeLayer) {
  Layer layer = makeLayer(64, 576, 4096, 0.9, 2024);
  auto seconds = [](auto start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  };
  auto t0 = std::chrono::steady_clock::now();
  double plain = plainKMeansError(layer, 4, false);
  double plainTime = seconds(t0);
  DataAwareCodebookOptions options;
  options.bits = 4;
  t0 = std::chrono::steady_clock::now();
  CodebookAssignment weighted =
      expectOk(hessianWeightedKMeans(layer.weights, 64, 576, layer.gram, options));
  double weightedTime = seconds(t0);
  t0 = std::chrono::steady_clock::now();
  CodebookAssignment gptq = expectOk(
      gptqAssign(layer.weights, 64, 576, layer.gram, weighted.centroids, 16, options));
  double gptqTime = seconds(t0);
  t0 = std::chrono::steady_clock::now();
  CodebookAssignment refitted = expectOk(refitCentroids(layer.weights, layer.gram, gptq));
  double centroidTime = seconds(t0);
  std::printf("figure codebook-4bit: plain-kmeans E=%.6g (%.3f s) hessian-kmeans %.4f x "
              "(%.3f s) gptq %.4f x (%.3f s) gptq+refit %.4f x (%.3f s)\n",
              plain, plainTime, weighted.outputError / plain, weightedTime,
              gptq.outputError / plain, gptqTime, refitted.outputError / plain, centroidTime);
  // 2 bits: where the refit matters more.
  options.bits = 2;
  CodebookAssignment best2 =
      expectOk(dataAwareCodebook(layer.weights, 64, 576, layer.gram, options));
  CodebookAssignment weighted2 =
      expectOk(hessianWeightedKMeans(layer.weights, 64, 576, layer.gram, options));
  CodebookAssignment gptq2 = expectOk(
      gptqAssign(layer.weights, 64, 576, layer.gram, weighted2.centroids, 4, options));
  double plain2 = plainKMeansError(layer, 2, false);
  std::printf("figure codebook-2bit: plain-kmeans E=%.6g hessian-kmeans %.4f x gptq %.4f x "
              "data-aware (best) %.4f x (method %d)\n",
              plain2, weighted2.outputError / plain2, gptq2.outputError / plain2,
              best2.outputError / plain2, int(best2.method));
  EXPECT_LE(best2.outputError, gptq2.outputError);
  EXPECT_LT(gptq.outputError, plain);

  for (double sparsity : {0.5, 0.8}) {
    t0 = std::chrono::steady_clock::now();
    PruneResult magnitude = expectOk(magnitudePrune(layer.weights, 64, 576, layer.gram,
                                                    sparsity, SparsityScope::PerRow));
    double magnitudeTime = seconds(t0);
    SparseGPTOptions pruneOptions;
    pruneOptions.sparsity = sparsity;
    t0 = std::chrono::steady_clock::now();
    PruneResult sparse =
        expectOk(sparseGPTPrune(layer.weights, 64, 576, layer.gram, pruneOptions));
    double sparseTime = seconds(t0);
    std::printf("figure prune-%.0f%%-per-row: magnitude E=%.6g (%.3f s) sparsegpt %.4f x "
                "(%.3f s)\n",
                sparsity * 100, magnitude.outputError, magnitudeTime,
                sparse.outputError / magnitude.outputError, sparseTime);
    EXPECT_LT(sparse.outputError, magnitude.outputError);
  }

  // Half of the 64 input channels (groups of the 9 taps, NHWC order).
  std::vector<int64_t> groupOf(576);
  for (int64_t c = 0; c < 576; ++c)
    groupOf[c] = c % 64;
  t0 = std::chrono::steady_clock::now();
  ColumnGroupPruneResult groups =
      expectOk(pruneColumnGroupsOBS(layer.weights, 64, 576, layer.gram, groupOf, 64, 32));
  double groupsTime = seconds(t0);
  std::vector<std::pair<double, int64_t>> norms(64);
  for (int64_t ch = 0; ch < 64; ++ch) {
    norms[ch] = {0, ch};
    for (int64_t c = ch; c < 576; c += 64)
      for (int64_t r = 0; r < 64; ++r)
        norms[ch].first += double(layer.weights[r * 576 + c]) * layer.weights[r * 576 + c];
  }
  std::sort(norms.begin(), norms.end());
  std::vector<int64_t> blind;
  for (int64_t i = 0; i < 32; ++i)
    blind.push_back(norms[i].second);
  double blindError = expectOk(layerOutputError(
      layer.weights, dropGroups(layer, groupOf, blind), 64, 576, layer.gram));
  std::printf("figure input-channels-32-of-64: by-norm E=%.6g obs %.4f x (%.3f s)\n",
              blindError, groups.outputError / blindError, groupsTime);
  EXPECT_LT(groups.outputError, blindError);

  // Binary: XNOR-Net α = mean|w_r|, bias unchanged, against the refit.
  std::vector<int8_t> signs(64 * 576);
  std::vector<float> alpha(64, 0), binary(64 * 576);
  for (int64_t r = 0; r < 64; ++r) {
    for (int64_t c = 0; c < 576; ++c) {
      signs[r * 576 + c] = layer.weights[r * 576 + c] < 0 ? -1 : 1;
      alpha[r] += std::fabs(layer.weights[r * 576 + c]) / 576;
    }
  }
  for (int64_t e = 0; e < 64 * 576; ++e)
    binary[e] = alpha[e / 576] * signs[e];
  // The output error including the bias: E + N·Σ_r (δb_r + δw_r μ)² cross terms, from
  // the samples directly.
  auto binaryError = [&](llvm::ArrayRef<float> a, llvm::ArrayRef<float> b) {
    double sum = 0;
    for (int64_t r = 0; r < 64; ++r)
      for (int64_t s = 0; s < 4096; ++s) {
        double y = 0, yHat = b.empty() ? 0 : double(b[r]);
        for (int64_t c = 0; c < 576; ++c) {
          y += layer.weights[r * 576 + c] * layer.x[c * 4096 + s];
          yHat += a[r] * signs[r * 576 + c] * layer.x[c * 4096 + s];
        }
        sum += (y - yHat) * (y - yHat);
      }
    return sum;
  };
  t0 = std::chrono::steady_clock::now();
  BinaryRefitResult refit = expectOk(refitBinaryScaleAndBias(
      layer.weights, {}, signs, alpha, 64, 576, layer.gram, layer.mean, 4096));
  double refitTime = seconds(t0);
  double before = binaryError(alpha, {}), after = binaryError(refit.alpha, refit.bias);
  std::printf("figure binary-refit: xnor-alpha E=%.6g refit %.4f x (%.3f s)\n", before,
              after / before, refitTime);
  EXPECT_LT(after, before);

  // Bias correction on the 4-bit plain codebook.
  std::vector<float> decoded(64 * 576);
  {
    KMeansOptions kmeansOptions;
    kmeansOptions.numClusters = 16;
    auto r = expectOk(kmeans1D(layer.weights, kmeansOptions));
    for (size_t e = 0; e < decoded.size(); ++e)
      decoded[e] = r.centroids[r.assignments[e]];
  }
  std::vector<float> corrected =
      expectOk(correctBias(layer.weights, decoded, {}, 64, 576, layer.mean));
  auto codebookError = [&](llvm::ArrayRef<float> b) {
    double sum = 0;
    for (int64_t r = 0; r < 64; ++r)
      for (int64_t s = 0; s < 4096; ++s) {
        // float output − compressed output with bias b′ (b = 0).
        double d = b.empty() ? 0 : -double(b[r]);
        for (int64_t c = 0; c < 576; ++c)
          d += (layer.weights[r * 576 + c] - decoded[r * 576 + c]) * layer.x[c * 4096 + s];
        sum += d * d;
      }
    return sum;
  };
  double biasBefore = codebookError({}), biasAfter = codebookError(corrected);
  std::printf("figure bias-correction-4bit-kmeans: E=%.6g corrected %.4f x\n", biasBefore,
              biasAfter / biasBefore);
  EXPECT_LE(biasAfter, biasBefore * (1 + 1e-9));
}

//===----------------------------------------------------------------------===//
// numpy reference (fixtures from test/Algorithms/Inputs/dataaware_reference.py)
//===----------------------------------------------------------------------===//

class Fixtures {
public:
  explicit Fixtures(std::string dir) : dir(std::move(dir)) {}
  std::vector<double> read(const std::string &caseName, const std::string &array) const {
    std::string path = dir + "/" + caseName + "." + array + ".bin";
    std::ifstream in(path, std::ios::binary);
    EXPECT_TRUE(in.good()) << "cannot read " << path;
    std::vector<char> bytes((std::istreambuf_iterator<char>(in)),
                            std::istreambuf_iterator<char>());
    std::vector<double> values(bytes.size() / sizeof(double));
    if (!values.empty()) // a zero-length array (no group removed) has no data pointer
      std::memcpy(values.data(), bytes.data(), values.size() * sizeof(double));
    return values;
  }
  std::vector<float> readFloats(const std::string &caseName, const std::string &array) const {
    std::vector<double> v = read(caseName, array);
    return std::vector<float>(v.begin(), v.end());
  }

private:
  std::string dir;
};

void expectClose(llvm::ArrayRef<double> got, llvm::ArrayRef<double> want, double rtol,
                 double atol, const std::string &what) {
  ASSERT_EQ(got.size(), want.size()) << what;
  for (size_t i = 0; i < got.size(); ++i)
    ASSERT_NEAR(got[i], want[i], atol + rtol * std::fabs(want[i])) << what << " [" << i << "]";
}

template <typename T> std::vector<double> toDoubles(llvm::ArrayRef<T> values) {
  return std::vector<double>(values.begin(), values.end());
}

TEST(DataAwareReference, MatchesNumpy) {
  const char *dir = std::getenv("COMPRESS_DATAAWARE_FIXTURES");
  if (!dir)
    GTEST_SKIP() << "COMPRESS_DATAAWARE_FIXTURES not set (run by "
                    "test/Algorithms/data-aware-reference.test)";
  Fixtures fixtures(dir);
  std::ifstream cases(std::string(dir) + "/cases.txt");
  ASSERT_TRUE(cases.good());
  std::string line;
  int checked = 0;
  while (std::getline(cases, line)) {
    std::istringstream fields(line);
    std::string name, kind;
    int64_t rows, cols;
    fields >> name >> kind >> rows >> cols;
    SCOPED_TRACE(line);
    std::vector<float> w = fixtures.readFloats(name, "w");
    if (kind == "hkmeans" || kind == "gptq") {
      std::vector<double> h = fixtures.read(name, "h");
      int64_t bits, perChannel, block = 128;
      fields >> bits >> perChannel;
      int64_t actOrder = 0;
      if (kind == "gptq")
        fields >> block;
      if (kind == "gptq" && !fields.eof())
        fields >> actOrder;
      DataAwareCodebookOptions options;
      options.actOrder = actOrder;
      options.bits = unsigned(bits);
      options.perChannel = perChannel;
      options.blockSize = unsigned(block);
      std::vector<float> centroids = fixtures.readFloats(name, "centroids");
      CodebookAssignment r =
          kind == "hkmeans"
              ? expectOk(hessianWeightedKMeans(w, rows, cols, h, options))
              : expectOk(gptqAssign(w, rows, cols, h, centroids, 1u << bits, options));
      expectClose(toDoubles<float>(r.centroids), toDoubles<float>(centroids), 1e-6, 1e-7,
                  "centroids");
      expectClose(toDoubles<uint32_t>(r.indices), fixtures.read(name, "indices"), 0, 0,
                  "indices");
      expectClose({r.outputError}, fixtures.read(name, "error"), 1e-7, 1e-12, "error");
    } else if (kind == "refit") {
      std::vector<double> h = fixtures.read(name, "h");
      int64_t bits, perChannel;
      fields >> bits >> perChannel;
      CodebookAssignment given;
      given.rows = rows;
      given.cols = cols;
      given.numCentroids = 1u << bits;
      given.centroids = fixtures.readFloats(name, "centroids");
      std::vector<double> indices = fixtures.read(name, "indices");
      given.indices.assign(indices.begin(), indices.end());
      given.outputError = fixtures.read(name, "error")[0];
      given.method = CodebookMethod::GPTQ;
      CodebookAssignment r = expectOk(refitCentroids(w, h, given));
      expectClose(toDoubles<float>(r.centroids), fixtures.read(name, "refit_centroids"), 1e-5,
                  1e-7, "centroids");
      expectClose(toDoubles<uint32_t>(r.indices), fixtures.read(name, "refit_indices"), 0, 0,
                  "indices");
      expectClose({r.outputError}, fixtures.read(name, "refit_error"), 1e-6, 1e-12, "error");
    } else if (kind == "sparsegpt") {
      std::vector<double> h = fixtures.read(name, "h");
      int64_t milli, perRow, block;
      fields >> milli >> perRow >> block;
      SparseGPTOptions options;
      options.sparsity = double(milli) / 1000;
      options.scope = perRow ? SparsityScope::PerRow : SparsityScope::PerTensor;
      options.blockSize = unsigned(block);
      PruneResult r = expectOk(sparseGPTPrune(w, rows, cols, h, options));
      expectClose(toDoubles<uint8_t>(r.mask), fixtures.read(name, "mask"), 0, 0, "mask");
      expectClose(toDoubles<float>(r.weights), fixtures.read(name, "pruned"), 1e-5, 1e-7,
                  "weights");
      expectClose({r.outputError}, fixtures.read(name, "error"), 1e-5, 1e-12, "error");
    } else if (kind == "obsgroups") {
      std::vector<double> h = fixtures.read(name, "h");
      int64_t numGroups, numToRemove;
      fields >> numGroups >> numToRemove;
      std::vector<double> g = fixtures.read(name, "groups");
      std::vector<int64_t> groupOf(g.begin(), g.end());
      ColumnGroupPruneResult r = expectOk(
          pruneColumnGroupsOBS(w, rows, cols, h, groupOf, numGroups, numToRemove));
      expectClose(toDoubles<int64_t>(r.removedGroups), fixtures.read(name, "removed"), 0, 0,
                  "removed groups");
      expectClose(toDoubles<float>(r.weights), fixtures.read(name, "pruned"), 1e-5, 1e-7,
                  "weights");
      expectClose({r.outputError}, fixtures.read(name, "error"), 1e-5, 1e-12, "error");
    } else if (kind == "binary") {
      std::vector<double> h = fixtures.read(name, "h");
      int64_t samples;
      fields >> samples;
      std::vector<double> s = fixtures.read(name, "signs");
      std::vector<int8_t> signs(s.begin(), s.end());
      BinaryRefitResult r = expectOk(refitBinaryScaleAndBias(
          w, fixtures.readFloats(name, "bias"), signs, fixtures.readFloats(name, "alpha"),
          rows, cols, h, fixtures.read(name, "mean"), samples));
      // float results of a 2×2 solve from sums over the samples: float tolerance.
      expectClose(toDoubles<float>(r.alpha), fixtures.read(name, "alpha_ref"), 1e-5, 1e-7,
                  "alpha");
      expectClose(toDoubles<float>(r.bias), fixtures.read(name, "bias_ref"), 1e-5, 1e-6,
                  "bias");
    } else if (kind == "biascorr") {
      std::vector<float> corrected = expectOk(
          correctBias(w, fixtures.readFloats(name, "what"), fixtures.readFloats(name, "bias"),
                      rows, cols, fixtures.read(name, "mean")));
      expectClose(toDoubles<float>(corrected), fixtures.read(name, "bias_ref"), 1e-6, 1e-7,
                  "bias");
    } else {
      FAIL() << "unknown case kind " << kind;
    }
    ++checked;
  }
  std::printf("checked %d numpy reference cases\n", checked);
  EXPECT_GT(checked, 0);
}

} // namespace

namespace {
/// Run time at the scale of a 3×3×512→512 conv (d = 4608), H analytic (AR(1) correlation
/// 0.9 plus a common mean): run by hand with --gtest_also_run_disabled_tests
/// --gtest_filter=DataAwareFigures.DISABLED_LargeConv for docs/accuracy.md.
TEST(DataAwareFigures, DISABLED_LargeConv) {
  int64_t rows = 512, cols = 4608;
  std::vector<double> gram(cols * cols);
  for (int64_t i = 0; i < cols; ++i)
    for (int64_t j = 0; j < cols; ++j)
      gram[i * cols + j] = 4096 * (std::pow(0.9, double(std::llabs(i - j))) + 0.01);
  SplitMix64 rng(1);
  std::vector<float> w(rows * cols);
  for (float &v : w)
    v = float(0.02 * gaussian(rng));
  auto seconds = [](auto start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  };
  DataAwareCodebookOptions options;
  options.bits = 4;
  auto t0 = std::chrono::steady_clock::now();
  CodebookAssignment weighted = expectOk(hessianWeightedKMeans(w, rows, cols, gram, options));
  std::printf("large: hessian-kmeans %.2f s\n", seconds(t0));
  t0 = std::chrono::steady_clock::now();
  CodebookAssignment gptq =
      expectOk(gptqAssign(w, rows, cols, gram, weighted.centroids, 16, options));
  std::printf("large: gptq %.2f s (E %.4f x hessian-kmeans)\n", seconds(t0),
              gptq.outputError / weighted.outputError);
  SparseGPTOptions pruneOptions;
  t0 = std::chrono::steady_clock::now();
  PruneResult sparse = expectOk(sparseGPTPrune(w, rows, cols, gram, pruneOptions));
  std::printf("large: sparsegpt 50%% %.2f s\n", seconds(t0));
  std::vector<int64_t> groupOf(cols);
  for (int64_t c = 0; c < cols; ++c)
    groupOf[c] = c % 512;
  t0 = std::chrono::steady_clock::now();
  ColumnGroupPruneResult groups =
      expectOk(pruneColumnGroupsOBS(w, rows, cols, gram, groupOf, 512, 64));
  std::printf("large: obs 64 of 512 input channels %.2f s\n", seconds(t0));
  EXPECT_LT(gptq.outputError, weighted.outputError);
  EXPECT_GT(sparse.numPruned, 0);
  EXPECT_EQ(groups.removedGroups.size(), 64u);
}
} // namespace
