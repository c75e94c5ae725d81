//===- SparseCostModel.cpp - break-even sparsity per layer kind and shape -===//
//
// See include/compress/Compression/SparseCostModel.h. The numbers are break-evens
// measured with bench/run.py (1 thread, AVX-512, groups sparse and sparse-kinds: the
// sparsity where ours-compressed / ours-dense crosses 1, linearly interpolated between
// the measured sparsities 50/70/80/90 %), docs/performance.md, "Sparse kernels:
// threads, per-layer choice (session 2026-12-07 g)".
//
//===----------------------------------------------------------------------===//
#include "compress/Compression/SparseCostModel.h"

#include "llvm/Support/FormatVariadic.h"

using namespace mlir;
using namespace mlir::compress;

SparseBreakEven mlir::compress::sparseBreakEven(const LayerWeight &layer) {
  auto make = [](double s, const llvm::Twine &why) { return SparseBreakEven{s, why.str()}; };
  if (layer.isMatmul()) {
    int64_t m = layer.outputPoints;
    if (m == 1)
      // fc4k (1x4096 -> 1024): compressed / dense 1.06 at 70 %, 0.63 at 80 %.
      return make(0.71, "FC batch 1: measured 0.71 (FC 1x4096 -> 1024)");
    // fc4k-b16: 0.31 at 50 %, 0.24 at 70 % (the dense batch-16 GEMM is weak): the
    // lowest measured sparsity.
    return make(0.5, llvm::formatv("FC batch {0}: sparse faster at every measured "
                                   "sparsity from 0.50 (FC 16x4096 -> 1024)",
                                   m));
  }
  if (layer.groups != 1)
    // Not measured; the dense depthwise path does kh·kw MACs per input element, the
    // CSR kernel's per-call relayout touches every input element too.
    return make(1.0, "depthwise/grouped conv: no measured break-even, kept dense");
  int64_t ow = layer.resultType.getDimSize(2), f = layer.rows;
  if (layer.kernelH() * layer.kernelW() == 1) {
    if (f >= 64)
      // mbv2-pw14 (576x14x14 -> 96): 0.96 at 70 %, 1.00 at 80 %, 0.80 at 90 %.
      return make(0.8, llvm::formatv("1x1 conv, F = {0} >= 64: measured 0.8 "
                                     "(576x14x14 -> 96)",
                                     f));
    // pw88-16 (88x3x96 -> 16): slower than dense at every sparsity (the relayout of
    // the input costs as much as the dense layer: relayout per MAC = 1 / F).
    return make(1.0, llvm::formatv("1x1 conv, F = {0} < 64: never (measured on "
                                   "88x3x96 -> 16)",
                                   f));
  }
  // kh x kw convs by output width (pixels per kernel row).
  if (ow <= 8)
    // r18-7 (512x7x7): 1.30 at 80 %, 0.59 at 90 %.
    return make(0.84, llvm::formatv("conv, OW = {0} <= 8: measured 0.84 (512x7x7)", ow));
  if (ow <= 32)
    // r18-14 (256x14x14): 1.00 at 70 %; r18-28 (128x28x28): 1.00 at 70 %.
    return make(0.7, llvm::formatv("conv, OW = {0} in 9..32: measured 0.70 (256x14x14, "
                                   "128x28x28)",
                                   ow));
  // r18-56 (64x56x56): 1.20 at 70 %, 0.78 at 80 %.
  return make(0.75, llvm::formatv("conv, OW = {0} > 32: measured 0.75 (64x56x56)", ow));
}
