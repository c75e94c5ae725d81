//===- Passes.td - lowerings of the compress dialect ---------*- tablegen -*-===//
#ifndef COMPRESS_CONVERSION_PASSES_TD
#define COMPRESS_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertCompressToLinalg : Pass<"convert-compress-to-linalg"> {
  let summary = "Lower compress ops on tensors to linalg.generic loop nests that read the compressed weights";
  let description = [{
    Lowers compress ops on tensors to `linalg.generic` / `tensor.pad` / `scf.for` on
    tensors that read the compressed weights directly; the result bufferizes with
    one-shot-bufferize (the pass runs first in `compress-lower-to-llvm`). One pattern
    per op, a populate function per family (CompressToLinalg/CompressToLinalg.h); ops
    of families without a lowering yet are left alone.

    Low-rank ops become the two dense TOSA ops they stand for, lowered by
    tosa-to-linalg right after this pass like every dense layer: `lowrank_conv2d`
    → `tosa.conv2d` (u, zero bias, the layer's stride/pad/dilation, pad_bottom /
    pad_right trimmed, then the input sliced, so that TOSA's exact-division rule
    holds) to r channels, then a 1×1 `tosa.conv2d` with v as [F, 1, 1, r] and the
    bias; `lowrank_matmul` → `tosa.matmul` by Uᵀ, `tosa.matmul` by Vᵀ (transposed at
    compile time when constant, `tosa.transpose` otherwise), `tosa.add` of the bias.

    Codebook ops: a `linalg.generic` with one parallel loop per output dimension,
    whose element starts at the bias and accumulates, in `scf.for` loops over the
    taps (i, j) and the input channels of the group (conv) or over K (matmul), the
    product of the input with the weight decoded in place: `tensor.extract` of the
    index byte (two bytes when 8 is not a multiple of `bits`), shift, mask, then
    `tensor.extract` of the centroid. The input is zero-padded by `tensor.pad`;
    strides, dilations and groups are index arithmetic. The innermost loop walks
    memory contiguously (NHWC channels, the packed row).

    Before:
    ```mlir
    %y = compress.codebook_matmul %x, %c, %i, %b {bits = 4 : i64}
         : (tensor<1x10xf32>, tensor<16xf32>, tensor<3x5xi8>, tensor<3xf32>) -> tensor<1x3xf32>
    ```
    After:
    ```mlir
    %e = tensor.empty() : tensor<1x3xf32>
    %y = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d1)>,
                                          affine_map<(d0, d1) -> (d0, d1)>],
                         iterator_types = ["parallel", "parallel"]}
         ins(%b : tensor<3xf32>) outs(%e : tensor<1x3xf32>) {
    ^bb0(%bias: f32, %out: f32):
      %m = linalg.index 0 : index
      %n = linalg.index 1 : index
      %acc = scf.for %k = %c0 to %c10 step %c1 iter_args(%a = %bias) -> (f32) {
        %xv = tensor.extract %x[%m, %k] : tensor<1x10xf32>
        %bit = arith.muli %k, %c4 : index
        %byte = arith.shrui %bit, %c3 : index
        %v = tensor.extract %i[%n, %byte] : tensor<3x5xi8>
        ... shift by %bit & 7, mask with 15, index_cast ...
        %w = tensor.extract %c[%code] : tensor<16xf32>
        %p = arith.mulf %xv, %w : f32
        %s = arith.addf %a, %p : f32
        scf.yield %s : f32
      }
      linalg.yield %acc : f32
    } -> tensor<1x3xf32>
    ```
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect", "::mlir::tensor::TensorDialect",
                           "::mlir::arith::ArithDialect", "::mlir::math::MathDialect",
                           "::mlir::scf::SCFDialect", "::mlir::tosa::TosaDialect",
                           "::mlir::vector::VectorDialect"];
}

#endif // COMPRESS_CONVERSION_PASSES_TD
