//===- CSR.h - compressed sparse rows of a pruned weight matrix -*- C++ -*-===//
//
// The CSR form of the sparse_* ops (CompressOps.td): a weight W[rows, cols] held
// as its nonzero `values` row by row, their `colIndices`, and `rowOffsets`
// (row r holds entries [rowOffsets[r], rowOffsets[r+1])). For a conv, rows are the
// output channels and the columns the OHWI reduction axis (i·kw + j)·(C/groups) + c;
// for a matmul, W[N, K]. Columns within a row are ascending.
//
//===----------------------------------------------------------------------===//
#ifndef COMPRESS_ALGORITHMS_CSR_H
#define COMPRESS_ALGORITHMS_CSR_H

#include "llvm/ADT/ArrayRef.h"

#include <cstdint>
#include <vector>

namespace mlir::compress {

struct CSRMatrix {
  int64_t rows = 0, cols = 0;
  std::vector<float> values;
  std::vector<int32_t> colIndices;
  std::vector<int32_t> rowOffsets; // rows + 1 entries, first 0, last nnz

  int64_t nnz() const { return int64_t(values.size()); }
  /// Bytes of the three arrays: 4·nnz (values) + 4·nnz (columns) + 4·(rows + 1).
  int64_t bytes() const { return 8 * nnz() + 4 * (rows + 1); }
  /// Fraction of zero entries, in [0, 1] (0 for an empty matrix).
  double sparsity() const;
};

/// The CSR form of the row-major dense matrix `dense` [rows, cols]: every entry that
/// compares unequal to 0 (so −0.0 is dropped, NaN kept). `rows`·`cols` must equal
/// dense.size() and cols must fit in int32.
CSRMatrix buildCSR(llvm::ArrayRef<float> dense, int64_t rows, int64_t cols);

/// The dense row-major matrix back (zeros elsewhere).
std::vector<float> expandCSR(const CSRMatrix &csr);

} // namespace mlir::compress

#endif // COMPRESS_ALGORITHMS_CSR_H
