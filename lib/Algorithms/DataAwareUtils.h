//===- DataAwareUtils.h - helpers shared by the DataAware*.cpp files ------===//
//
// Private to lib/Algorithms: checks and Eigen conversions of DataAware.h's
// conventions (row-major float weights, row-major double Gram matrix).
//
//===----------------------------------------------------------------------===//
#ifndef COMPRESS_LIB_ALGORITHMS_DATAAWAREUTILS_H
#define COMPRESS_LIB_ALGORITHMS_DATAAWAREUTILS_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <Eigen/Core>

#include <cstdint>
#include <string>
#include <vector>

namespace mlir::compress::detail {

llvm::Error error(const llvm::Twine &message);
/// %g: "1.5", "-0.1", "nan".
std::string formatNumber(double value);
/// rows, cols ≥ 1, size rows·cols, all finite.
llvm::Error checkWeights(llvm::ArrayRef<float> weights, int64_t rows, int64_t cols,
                         llvm::StringRef what);
/// d ≥ 1, size d², finite, symmetric, diagonal ≥ 0.
llvm::Error checkGram(llvm::ArrayRef<double> gram, int64_t d);

Eigen::MatrixXd toMatrix(llvm::ArrayRef<float> weights, int64_t rows, int64_t cols);
Eigen::MatrixXd toMatrix(llvm::ArrayRef<double> values, int64_t rows, int64_t cols);
std::vector<float> toFloats(const Eigen::MatrixXd &m);

/// The checked row-major Gram matrix without a copy (read column-major, i.e. as Hᵀ,
/// which is H: it is symmetric).
inline Eigen::Map<const Eigen::MatrixXd> mapGram(llvm::ArrayRef<double> gram, int64_t d) {
  return Eigen::Map<const Eigen::MatrixXd>(gram.data(), d, d);
}

/// tr(Δ H Δᵀ).
double outputError(const Eigen::MatrixXd &delta,
                   const Eigen::Ref<const Eigen::MatrixXd> &gram);

/// H + λI (DataAware.h), checked.
llvm::Expected<Eigen::MatrixXd> dampedGramMatrix(llvm::ArrayRef<double> gram, int64_t d,
                                                 double dampingFraction);
/// (H + λI)⁻¹, symmetric.
llvm::Expected<Eigen::MatrixXd> inverseDampedGram(llvm::ArrayRef<double> gram, int64_t d,
                                                  double dampingFraction);
/// Upper U with (H + λI)⁻¹ = Uᵀ U.
llvm::Expected<Eigen::MatrixXd> inverseCholeskyUpper(llvm::ArrayRef<double> gram, int64_t d,
                                                     double dampingFraction);

/// Index of the first nearest entry of an ascending table.
uint32_t nearestCentroid(llvm::ArrayRef<float> sorted, double value);

} // namespace mlir::compress::detail

#endif // COMPRESS_LIB_ALGORITHMS_DATAAWAREUTILS_H
