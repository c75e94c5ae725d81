//===- SparseCostModel.h - when a CSR layer beats the dense one -*- C++ -*-===//
//
// The per-layer choice of compress-sparsify (and of compress-compile's recognition of
// already-sparse weights): the break-even sparsity of a layer, i.e. the fraction of
// zero weights from which the CSR kernels (lib/Conversion/CompressToLinalg/
// SparseToLinalg.cpp) are faster than the dense path, estimated from the layer's kind
// and shape with the break-evens measured by bench/run.py (groups sparse and
// sparse-kinds; docs/performance.md, "Sparse kernels: threads, per-layer choice
// (session 2026-12-07 g)").
//
//===----------------------------------------------------------------------===//
#ifndef COMPRESS_COMPRESSION_SPARSECOSTMODEL_H
#define COMPRESS_COMPRESSION_SPARSECOSTMODEL_H

#include "compress/Compression/LayerCompression.h"

#include <string>

namespace mlir::compress {

/// A layer's estimated break-even sparsity and which estimate decided it.
struct SparseBreakEven {
  /// In (0, 1]: a layer with at least this fraction of zero weights runs faster as a
  /// CSR layer than dense (1: never, keep it dense unless every weight is zero).
  double sparsity = 1.0;
  /// The estimate, for remarks: e.g. "3x3 conv, 7x7 output: measured 0.75 (r18-7)".
  std::string reason;
};

/// The break-even of `layer` (see the header comment), by kind, 1 thread, AVX-512:
///  * matmul (FC, M = batch rows): M = 1 a matrix-vector product, M > 1 a small GEMM;
///  * depthwise conv (groups > 1): the dense path is a few MACs per input element,
///    the CSR kernel's per-call relayout costs as much: 1 (never) — not measured,
///    the kernel has no case where it would win;
///  * 1×1 conv: the relayout of the N·H·W·C input is not amortized over the
///    kh·kw taps; break-even rises as F falls (relayout per MAC = 1 / F);
///  * other convs (3×3, 5×5, ...): by output width (the kernel's pixel chunks).
/// Numbers from single-layer measurements; see docs/performance.md.
SparseBreakEven sparseBreakEven(const LayerWeight &layer);

} // namespace mlir::compress

#endif // COMPRESS_COMPRESSION_SPARSECOSTMODEL_H
