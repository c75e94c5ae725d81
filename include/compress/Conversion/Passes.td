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
    per op and lowering strategy, a populate function per family
    (CompressToLinalg/CompressToLinalg.h); ops of families without a lowering yet are
    left alone.

    Low-rank ops become the two dense TOSA ops they stand for, lowered by
    tosa-to-linalg right after this pass like every dense layer: `lowrank_conv2d`
    → `tosa.conv2d` (u, zero bias, the layer's stride/pad/dilation, pad_bottom /
    pad_right trimmed, then the input sliced, so that TOSA's exact-division rule
    holds) to r channels, then a 1×1 `tosa.conv2d` with v as [F, 1, 1, r] and the
    bias; `lowrank_matmul` → `tosa.matmul` by Uᵀ, `tosa.matmul` by Vᵀ (transposed at
    compile time when constant, `tosa.transpose` otherwise), `tosa.add` of the bias.

    Codebook ops: ungrouped and depthwise `codebook_conv2d` and `codebook_matmul`
    decode their packed indices once per call into a dense f32 weight, in the layout
    of the dense TOSA op (OHWI for `tosa.conv2d`, HWCM for `tosa.depthwise_conv2d`,
    [1, K, N] for `tosa.matmul`), with a `linalg.generic` whose element reads the
    index byte (two bytes when 8 is not a multiple of `bits`), shifts, masks and
    reads the centroid; the TOSA op then runs on the dense path. Grouped convs
    (1 < groups < C) decode as they read: a `linalg.generic` with one parallel loop
    per output dimension, whose element starts at the bias and accumulates, in
    `scf.for` loops over the taps (i, j) and the input channels of the group, the
    product of the zero-padded input (`tensor.pad`) with the weight decoded in place.

    With `vector-bits` = 512 (AVX-512F) or 256 (AVX2; compress-compile passes the
    target's), `codebook_matmul` with constant indices instead becomes a
    matrix-vector / small-batch kernel on `scf.for` + `vector` that never builds the
    dense weight (CodebookMatvec.cpp): the indices repacked at compile time into i32
    words [⌈N/V⌉, ⌈K/P⌉, V] (V lanes, P = ⌊32/bits⌋ codes a word: the codes of V
    output columns for P consecutive k), decoded in registers by vpermps from a table
    register (per-tensor, ≤ 16 centroids), a tree of vpermi2ps + selects (512-bit,
    17–256 per-tensor centroids) or a gather (per-channel centroids; more than 16 on
    256-bit targets); each output column sums x·w over k in order from 0, then the
    bias: bit-identical to the decode + `tosa.matmul` path. The permutes are
    `llvm.call_intrinsic` ops (registerCodebookKernelInterfaces declares them free
    of memory effects). Ungrouped `codebook_conv2d` with constant indices keeps the
    decode-then-`tosa.conv2d` lowering, but decodes with the same register decoder
    in a vector loop over indices repacked to [F, ⌈R/(P·V)⌉, V] words (R = KH·KW·C);
    when F is a multiple of V (and > V), into the packed filter layout
    [F/V, R, V] of compress-vectorize-convs' tiles instead (words [F/V, ⌈R/P⌉, V],
    a loop over blocks of V output channels marked `compress.filter_blocks`, which
    compress-vectorize-convs moves into the conv's output-channel tile loop). The
    codebook_matmul column-block loop is marked `compress.parallel_tile` (threads).

    Before:
    ```mlir
    %y = compress.codebook_matmul %x, %c, %i, %b {bits = 4 : i64}
         : (tensor<1x10xf32>, tensor<16xf32>, tensor<3x5xi8>, tensor<3xf32>) -> tensor<1x3xf32>
    ```
    After (and canonicalization):
    ```mlir
    %e = tensor.empty() : tensor<1x10x3xf32>
    %w = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>],
                         iterator_types = ["parallel", "parallel", "parallel"]}
         outs(%e : tensor<1x10x3xf32>) {
    ^bb0(%out: f32):
      %k = linalg.index 1 : index
      %n = linalg.index 2 : index
      %bit = arith.muli %k, %c4 : index
      %byte = arith.shrui %bit, %c3 : index
      %v = tensor.extract %i[%n, %byte] : tensor<3x5xi8>
      ... extui, shift by %bit & 7, mask with 15, index_castui ...
      %wv = tensor.extract %c[%code] : tensor<16xf32>
      linalg.yield %wv : f32
    } -> tensor<1x10x3xf32>
    %x3 = tensor.expand_shape %x [[0, 1], [2]] output_shape [1, 1, 10]
         : tensor<1x10xf32> into tensor<1x1x10xf32>
    %p = tosa.matmul %x3, %w, %zp, %zp : (tensor<1x1x10xf32>, tensor<1x10x3xf32>,
         tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x3xf32>
    %b3 = tensor.expand_shape %b [[0, 1, 2]] output_shape [1, 1, 3]
         : tensor<3xf32> into tensor<1x1x3xf32>
    %s = tosa.add %p, %b3 : (tensor<1x1x3xf32>, tensor<1x1x3xf32>) -> tensor<1x1x3xf32>
    %y = tensor.collapse_shape %s [[0, 1], [2]] : tensor<1x1x3xf32> into tensor<1x3xf32>
    ```

    Computed indices: the lowering reads `tensor.extract` at the decoded codebook
    index and at the CSR `row_offsets` / `col_indices` without range checks, so
    these operands must hold valid data. The op verifiers check them (index < k,
    CSR starting at 0, non-decreasing, ending at nnz, columns in range) only when
    they are constants. By default the pass therefore rejects, with an error at
    the op, every codebook op whose `indices` and every sparse op whose
    `row_offsets` or `col_indices` are not a constant whose contents can be
    read (a function argument, a computed value, an elided `dense_resource`),
    and also constant codebook indices with a dynamic number of centroids and
    constant `row_offsets` with a dynamic nnz (the verifier cannot check those
    against a bound it does not know); the pass then fails and nothing is
    lowered. With `allow-computed-indices` they are lowered unchecked: the
    caller guarantees the ranges, and out-of-range data reads out of bounds or
    loops for a very long time. Binary `weight_bits` never index memory (every
    bit pattern is a valid ±1 weight) and are always lowered: the popcount runs
    over whole 64-bit words, so the lowering clears the bits past C/groups
    (conv) or K (matmul) in the last word of computed `weight_bits` first, once
    per call (constant ones are checked by the verifier).

    Binary ops with constant `weight_bits` (one group) use a register-blocked
    kernel (BinaryToLinalg.cpp): weights repacked to [⌈F/8⌉, taps, D, 8] i64,
    8 output channels per `vector<8xi64>`, up to 4 blocks per pass; counted with
    `math.ctpop` on `vector<8xi64>` (vpopcntq), or with `vector-bits` = 256 (AVX2)
    as `vector<64xi8>` byte counters widened to i64 every ≤ 31 words. Its output
    rows (conv) / channel ranges (matmul) are written through per-iteration slices
    and the loops marked `compress.parallel_tile` (bit products / 32) for
    compress-parallelize-tiles. Results are bit-identical for every vector-bits.
  }];
  let options = [
    Option<"allowComputedIndices", "allow-computed-indices", "bool", /*default=*/"false",
           "Lower codebook indices and CSR row_offsets / col_indices that are not "
           "constants unchecked (the caller guarantees index < k, monotone row "
           "offsets from 0 to nnz, columns in range); by default such ops are an "
           "error">,
    // Codebook kernels.
    Option<"vectorBits", "vector-bits", "unsigned", /*default=*/"0",
           "The target's vector register width in bits: 512 (AVX-512F) or 256 (AVX2) "
           "lower codebook_matmul with constant indices to a kernel decoding in "
           "registers (vpermps for <= 16 per-tensor centroids, a vpermi2ps tree for "
           "up to 256 at 512 bits, else gathers) and decode ungrouped codebook_conv2d "
           "weights with the same vector decoder; 0 or 128: the scalar decode, then "
           "the dense path; other values are an error">
  ];
  let dependentDialects = ["::mlir::linalg::LinalgDialect", "::mlir::tensor::TensorDialect",
                           "::mlir::arith::ArithDialect", "::mlir::math::MathDialect",
                           "::mlir::scf::SCFDialect", "::mlir::tosa::TosaDialect",
                           "::mlir::vector::VectorDialect",
                           "::mlir::LLVM::LLVMDialect"];
}

#endif // COMPRESS_CONVERSION_PASSES_TD
