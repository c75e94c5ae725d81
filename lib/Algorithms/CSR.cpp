//===- CSR.cpp - compressed sparse rows of a pruned weight matrix ---------===//
#include "compress/Algorithms/CSR.h"

#include <cassert>

using namespace mlir::compress;

double CSRMatrix::sparsity() const {
  int64_t total = rows * cols;
  return total == 0 ? 0.0 : 1.0 - double(nnz()) / double(total);
}

CSRMatrix mlir::compress::buildCSR(llvm::ArrayRef<float> dense, int64_t rows, int64_t cols) {
  assert(int64_t(dense.size()) == rows * cols && "dense size is rows * cols");
  CSRMatrix csr;
  csr.rows = rows;
  csr.cols = cols;
  csr.rowOffsets.reserve(rows + 1);
  csr.rowOffsets.push_back(0);
  for (int64_t r = 0; r < rows; ++r) {
    for (int64_t c = 0; c < cols; ++c) {
      float v = dense[r * cols + c];
      if (v != 0.0f) {
        csr.values.push_back(v);
        csr.colIndices.push_back(int32_t(c));
      }
    }
    csr.rowOffsets.push_back(int32_t(csr.values.size()));
  }
  return csr;
}

std::vector<float> mlir::compress::expandCSR(const CSRMatrix &csr) {
  std::vector<float> dense(csr.rows * csr.cols, 0.0f);
  for (int64_t r = 0; r < csr.rows; ++r)
    for (int32_t e = csr.rowOffsets[r]; e < csr.rowOffsets[r + 1]; ++e)
      dense[r * csr.cols + csr.colIndices[e]] = csr.values[e];
  return dense;
}
