//===- Passes.td - code generation of the dense path ---------*- tablegen -*-===//
//
// The passes compress-lower-to-llvm (lib/Pipelines) runs on the dense layers after
// tosa-to-linalg, in this order: compress-vectorize-convs (tensors), then, after
// bufferization and deallocation, compress-copy-to-linalg, compress-lower-vectors and
// compress-plan-buffers (memrefs). docs/performance.md ("Dense path") has the figures.
//
#ifndef COMPRESS_DENSECODEGEN_PASSES_TD
#define COMPRESS_DENSECODEGEN_PASSES_TD

include "mlir/Pass/PassBase.td"

def CompressVectorizeConvs : Pass<"compress-vectorize-convs", "func::FuncOp"> {
  let summary = "Tile the dense linalg convolutions and matmuls to register blocks and vectorize the tiles";
  let description = [{
    Turns every statically shaped `linalg.conv_2d_nhwc_hwcf` and depthwise
    convolution on tensors into loops over register-sized tiles whose body is
    vector code, in four steps:

    1. `linalg.depthwise_conv_2d_nhwc_hwcm` with channel multiplier 1 (what
       tosa-to-linalg emits for every `tosa.depthwise_conv2d`) becomes
       `depthwise_conv_2d_nhwc_hwc` between `tensor.collapse_shape` /
       `tensor.expand_shape`, since only the HWC form has a 1-D decomposition.
    2. Each conv is tiled (`scf::tileConsumerAndFuseProducersUsingSCF`) on
       (n = 1, oh = 1, ow = Wb, channels = Cb): Cb = 16 or 8 lanes (one or two AVX2
       registers) when they divide the channels, Wb the largest divisor of OW that
       keeps Wb·Cb/8 ≤ 12 accumulators; a narrow output (OW = 7, 14, 1) doubles Cb
       instead, so that at least 8 independent accumulators hide the add latency. The
       `linalg.fill` or bias broadcast (`linalg.generic` with one input and no
       reduction) producing the conv's init is fused into the tile. When the filter
       has more elements than the input window (deep layers) the output-channel loop
       is outermost, so one block of filter stays in L2 for every output pixel. The
       tile is then tiled on its reduction: kh = 1, kw = 1, c = the largest divisor
       of C up to 32 (depthwise: kh = 1).
       Pointwise epilogue: when the conv's result has exactly one use and it is a
       `linalg.generic` with 4 parallel loops writing one f32 result of the conv's
       type with the identity map, reading the conv result with the identity map, and
       whose other inputs are same-shape tensors (identity map: a residual) or
       broadcasts along a subset of the loops in order (e.g. per-channel constants),
       that generic (the activation linalg-fuse-elementwise-ops leaves: relu, clip,
       hard-swish, x * sigmoid(x), a residual add + relu, a depthwise bias + relu6) is
       what gets tiled, with the same tile sizes and loop order. It first takes the
       conv result as its init (in place), so the conv and then its fill / bias
       broadcast are fused into its tile as its destination chain, and the epilogue
       runs on the accumulator tile before the one store of the tile, instead of as
       one more pass over the output in memory. For depthwise convs the rank-5
       (N, H, W, C, 1) bias + activation generic of tosa-to-linalg first loses its
       unit dim (`linalg::dropUnitDims`). Otherwise (more uses, another consumer, or
       the conv does not fuse) the conv alone is tiled as above.
       With `vector-bits` = 256 / 512 (what compress-compile passes for AVX2 /
       AVX-512 targets) the block of a `conv_2d_nhwc_hwcf` is instead one register of
       output channels (8 / 16) by the widest divisor of OW up to 12 / 14 pixels
       (7 for OW = 7, 14 for 14, 28 and 56), the channels doubling while there are
       fewer than 8 accumulators (OW = 1, 3: planes narrower than a block).
       Filter packing: when the conv's filter is a constant (or tosa-to-linalg's
       `linalg.transpose` of one, which does not fold for dense_resource weights and
       otherwise runs on every call), it is reordered at compile time to
       [F / Fb, KH, KW, C, Fb] for the blocks of Fb output channels, and each block
       reads its contiguous slice `[fo / Fb, 0, 0, 0, 0] [1, KH, KW, C, Fb]` instead of
       rows of Fb floats F floats apart (test/DenseCodegen/vectorize-convs-pack.mlir,
       vectorize-convs-deep-exec.mlir). A filter computed at run time (a codebook
       layer's decoded weights) is packed into the same layout once per call, before
       the tiles, by a copy (`tensor.expand_shape` + `linalg.transpose`), read from
       the FHWC tensor directly when the filter is tosa-to-linalg's transpose of it.
       A filter decoded at run time block by block in the packed layout (a loop
       marked `compress.filter_blocks`: codebook_conv2d) is not copied: its block
       decode moves into the output-channel tile loop when that loop is outermost
       (each block decoded into cache right before its tiles), else the tiles slice
       the decoded tensor (lib/DenseCodegen/BlockDecodedFilter.h,
       test/DenseCodegen/vectorize-convs-block-decoded-filter.mlir).
    3. `linalg::populateDecomposeConvolutionPatterns`: a tile with a unit window row
       is a `conv_1d_nwc_wcf` / `depthwise_conv_1d_nwc_wc`.
    4. `linalg::vectorize` on those 1-D convs and on the ops fused into the tiles:
       `vector.contract` (conv) and `vector.fma` (depthwise) between
       `vector.transfer_read` / `transfer_write` of the tile; the epilogue becomes the
       same scalar ops on the tile's vectors (no fast-math flags, no contraction).

    The reduction loops run kh, kw, then the input channels, the order of the scalar
    loop nest, and `compress-lower-vectors` splits the FMAs into a multiply and an
    add, so results are bit-identical to the untiled convolution (no fast-math), and
    a fused epilogue is bit-identical to the separate one
    (test/DenseCodegen/vectorize-convs-epilogue-exec.mlir).

    A conv or depthwise conv with more than 16 channels that 8 does not divide
    (ShuffleNetV2's 58 / 116 / 232) is first split along its output channels at the
    last multiple of 16 (`linalg::splitOp`): 58 = 48 + 10 gets 16-lane tiles and one
    10-lane tile instead of 2-lane tiles throughout (exact: each output channel's sum
    is unchanged; test/DenseCodegen/vectorize-convs-odd-channels-exec.mlir). Such a
    conv's epilogue is not fused (its result is then an insert_slice chain).

    Matrix products (`linalg.batch_matmul`, what tosa-to-linalg makes of every
    `tosa.matmul`: fully connected layers, the dense factors of low-rank layers,
    decoded codebook matmuls) with static shapes [B, M, K] x [B, K, N] are tiled
    alone (their bias add stays a separate loop) on (b = 1, m = mb, n = nb) with the
    zero fill fused, then on k = kb, and each tile is vectorized as one
    `vector.contract` (`createNamedContraction`), which `compress-lower-vectors`
    turns into kb k-ordered outer products: bit-identical to the scalar loop nest
    (test/DenseCodegen/vectorize-matmul-exec.mlir). nb = 64 for M <= 2 (a
    matrix-vector product: 4 zmm accumulators, the weights streamed once), else 32,
    or 16, or the largest multiple of 8 up to 64 dividing N (40 for N = 1000);
    mb = the largest divisor of M up to 4; kb = the largest divisor of K up to 16.

    Assumes: tensors (it runs before one-shot-bufferize), static shapes, HWCF
    filters (tosa-to-linalg-named{prefer-conv2d-kernel-layout-hwcf}). Left alone:
    convs and matmuls with a dynamic shape or on memrefs, depthwise convs with a
    multiplier above 1, every other op (pooling, elementwise ops other than a conv's
    fused epilogue: LLVM's loop vectorizer handles their loops). The tiles use the
    TilingInterface, subset and value-bounds external models that
    `registerDenseCodegenInterfaces` registers.

    Why: otherwise each conv stays the 7-deep scalar loop nest of its linalg op, and
    each matmul a loop nest with the reduction innermost, reading the weights with a
    stride of N floats (a 1024x1024 FC layer took 4.7 ms, 0.09 ms tiled);
    docs/performance.md ("Dense path") has the figures before and after.

    Before (what tosa-to-linalg gives a `tosa.conv2d` with bias):
    ```mlir
    %init = linalg.generic {indexing_maps = [affine_map<(n, h, w, f) -> (f)>,
                                             affine_map<(n, h, w, f) -> (n, h, w, f)>],
                            iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
        ins(%bias : tensor<16xf32>) outs(%empty : tensor<1x4x8x16xf32>) {
    ^bb0(%in: f32, %out: f32):
      linalg.yield %in : f32
    } -> tensor<1x4x8x16xf32>
    %y = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>,
                                   strides = dense<1> : tensor<2xi64>}
        ins(%x, %w : tensor<1x6x10x8xf32>, tensor<3x3x8x16xf32>)
        outs(%init : tensor<1x4x8x16xf32>) -> tensor<1x4x8x16xf32>
    ```
    After (and canonicalization; 4 pixels × 16 channels per tile):
    ```mlir
    %y = scf.for %oh = %c0 to %c4 step %c1 iter_args(%o = %empty) -> (tensor<1x4x8x16xf32>) {
      %r = scf.for %ow = %c0 to %c8 step %c4 iter_args(%o2 = %o) -> (tensor<1x4x8x16xf32>) {
        %xs = tensor.extract_slice %x[0, %oh, %ow, 0] [1, 3, 6, 8] [1, 1, 1, 1] ...
        %tile = tensor.extract_slice %o2[0, %oh, %ow, 0] [1, 1, 4, 16] [1, 1, 1, 1] ...
        %b = vector.transfer_read %bias[%c0], %pad {permutation_map = affine_map<(d0) -> (0, 0, 0, d0)>}
            : tensor<16xf32>, vector<1x1x4x16xf32>
        %init = vector.transfer_write %b, %tile[%c0, %c0, %c0, %c0] ...
        %acc = scf.for %kh = %c0 to %c3 step %c1 iter_args(%a = %init) -> (tensor<1x1x4x16xf32>) {
          %a2 = scf.for %kw = %c0 to %c3 step %c1 iter_args(%a1 = %a) -> (tensor<1x1x4x16xf32>) {
            ...
            %in = vector.transfer_read ... : tensor<1x4x8xf32>, vector<1x4x8xf32>
            %flt = vector.extract ... : vector<8x16xf32> from vector<1x8x16xf32>
            %sum = vector.transfer_read ... : tensor<1x4x16xf32>, vector<1x4x16xf32>
            %c = vector.contract {..., kind = #vector.kind<add>} %in, %flt, %sum
                : vector<1x4x8xf32>, vector<8x16xf32> into vector<1x4x16xf32>
            ...
          }
          scf.yield %a2 : tensor<1x1x4x16xf32>
        }
        %ins = tensor.insert_slice %acc into %o2[0, %oh, %ow, 0] [1, 1, 4, 16] [1, 1, 1, 1] ...
        scf.yield %ins : tensor<1x4x8x16xf32>
      }
      scf.yield %r : tensor<1x4x8x16xf32>
    }
    ```
    With a fused epilogue (here a relu `linalg.generic` reading `%y`), the loops
    iterate over the relu's output instead, and before the `tensor.insert_slice`:
    ```mlir
        %v = vector.transfer_read %acc[%c0, %c0, %c0, %c0], %pad ... : vector<1x1x4x16xf32>
        %m = arith.maximumf %v, %zeros : vector<1x1x4x16xf32>
        %out = vector.transfer_write %m, %acc[%c0, %c0, %c0, %c0] ...
        %ins = tensor.insert_slice %out into %o2[0, %oh, %ow, 0] [1, 1, 4, 16] [1, 1, 1, 1] ...
    ```
  }];
  let dependentDialects = ["::mlir::affine::AffineDialect", "::mlir::arith::ArithDialect",
                           "::mlir::linalg::LinalgDialect", "::mlir::scf::SCFDialect",
                           "::mlir::tensor::TensorDialect", "::mlir::vector::VectorDialect"];
  let options = [
    Option<"vectorBits", "vector-bits", "unsigned", "0",
           "Vector register width of the target in bits (256: AVX2, 512: AVX-512), from "
           "which the conv register blocks are chosen; 0 = the AVX2-sized blocks chosen "
           "before this option existed (compress-compile passes the target's width)">,
  ];
}

def CompressCopyToLinalg : Pass<"compress-copy-to-linalg"> {
  let summary = "Rewrite memref.copy between non-identity layouts into linalg.copy";
  let description = [{
    A `memref.copy` whose source or target has a non-identity layout (a strided
    subview: bufferized `tensor.pad`, `tensor.insert_slice`) becomes a
    `linalg.copy` of the same operands; copies between identity layouts are left
    alone.

    Why: finalize-memref-to-llvm lowers a copy it cannot prove contiguous to a call
    of `memrefCopy` from MLIR's `libmlir_c_runner_utils`, which a compiled model
    does not link; a `linalg.copy` becomes plain loops (convert-linalg-to-affine-loops)
    and a contiguous `memref.copy` an `llvm.intr.memcpy`. Assumes buffers (it runs
    after bufferization and deallocation, before compress-lower-vectors).

    Before:
    ```mlir
    %s = memref.subview %src[1, 2] [2, 3] [1, 1]
        : memref<4x6xf32> to memref<2x3xf32, strided<[6, 1], offset: 8>>
    memref.copy %s, %dst : memref<2x3xf32, strided<[6, 1], offset: 8>> to memref<2x3xf32>
    ```
    After:
    ```mlir
    %s = memref.subview %src[1, 2] [2, 3] [1, 1]
        : memref<4x6xf32> to memref<2x3xf32, strided<[6, 1], offset: 8>>
    linalg.copy ins(%s : memref<2x3xf32, strided<[6, 1], offset: 8>>)
                outs(%dst : memref<2x3xf32>)
    ```
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect"];
}

def CompressLowerVectors : Pass<"compress-lower-vectors", "func::FuncOp"> {
  let summary = "Lower the vectorized tiles to 1-D loads, stores, multiplies and adds";
  let description = [{
    Lowers what `compress-vectorize-convs` produced, once it is bufferized, to the
    1-D vector operations convert-vector-to-llvm handles well:

    * `linalg::hoistRedundantVectorTransfers`: a `vector.transfer_read` /
      `transfer_write` pair at loop-invariant indices of a memref that is not a view
      is hoisted out of its `scf.for`, the value carried by the loop instead (and
      loop-invariant code is moved out of the loops). The tiles of a conv
      accumulate into `memref.subview`s, which it does not hoist through: their
      rows are loaded and stored in every reduction step, and LLVM -O2 keeps them
      in registers;
    * `vector.contract` → outer products (`vector.outerproduct`, then FMAs of a
      broadcast scalar by a row), n-D transposes, broadcasts, shape casts and
      multi-reductions → 1-D operations;
    * n-D `vector.transfer_read` / `transfer_write` → fully unrolled 1-D
      `vector.load` / `vector.store` (permutation maps, such as the bias broadcast,
      resolved first);
    * `vector.fma` → `arith.mulf` + `arith.addf`: without fast-math the scalar
      loops and the compressed layers' lowerings round after the multiply, and
      keeping that rounding keeps the dense path bit-identical to them
      (test/Integration/Codebook/e2e-codebook-lossless.mlir relies on it);
    * `arith.truncf` f32 → bf16 and `arith.extf` bf16 → f32 → integer arithmetic
      (`arith::populateExpandBFloat16Patterns`: round to nearest even, subnormals
      kept), identical on every target: LLVM would use AVX512-BF16's
      `vcvtneps2bf16` (flushing subnormals) where it exists and call `__truncsfbf2`
      elsewhere, which not every libgcc provides.

    Assumes: memrefs (it runs after bufferization, buffer-results-to-out-params and
    the deallocation pipeline), static vector shapes.

    Before:
    ```mlir
    scf.for %k = %c0 to %c3 step %c1 {
      %x = vector.transfer_read %a[%k, %c0, %c0], %f0 {in_bounds = [true, true]}
          : memref<3x2x2xf32>, vector<2x2xf32>
      %y = vector.transfer_read %w[%k, %c0, %c0], %f0 {in_bounds = [true, true]}
          : memref<3x2x4xf32>, vector<2x4xf32>
      %c = vector.transfer_read %acc[%c0, %c0], %f0 {in_bounds = [true, true]}
          : memref<2x4xf32>, vector<2x4xf32>
      %r = vector.contract {indexing_maps = [affine_map<(m, n, k) -> (m, k)>,
                                             affine_map<(m, n, k) -> (k, n)>,
                                             affine_map<(m, n, k) -> (m, n)>],
                            iterator_types = ["parallel", "parallel", "reduction"],
                            kind = #vector.kind<add>} %x, %y, %c
          : vector<2x2xf32>, vector<2x4xf32> into vector<2x4xf32>
      vector.transfer_write %r, %acc[%c0, %c0] {in_bounds = [true, true]}
          : vector<2x4xf32>, memref<2x4xf32>
    }
    ```
    After (the accumulator is read before the loop and carried by it, stored after
    it; one broadcast, multiply and add per element of the reduction and row):
    ```mlir
    %r0 = vector.load %acc[%c0, %c0] : memref<2x4xf32>, vector<4xf32>
    %a0 = vector.insert %r0, %cst [0] : vector<4xf32> into vector<2x4xf32>
    %r1 = vector.load %acc[%c1, %c0] : memref<2x4xf32>, vector<4xf32>
    %a1 = vector.insert %r1, %a0 [1] : vector<4xf32> into vector<2x4xf32>
    %sum = scf.for %k = %c0 to %c3 step %c1 iter_args(%s = %a1) -> (vector<2x4xf32>) {
      %x0 = vector.load %a[%k, %c0, %c0] : memref<3x2x2xf32>, vector<2xf32>
      %x1 = vector.load %a[%k, %c1, %c0] : memref<3x2x2xf32>, vector<2xf32>
      %w0 = vector.load %w[%k, %c0, %c0] : memref<3x2x4xf32>, vector<4xf32>
      %w1 = vector.load %w[%k, %c1, %c0] : memref<3x2x4xf32>, vector<4xf32>
      %e = vector.extract %x0[0] : f32 from vector<2xf32>
      %b = vector.broadcast %e : f32 to vector<4xf32>
      %s0 = vector.extract %s[0] : vector<4xf32> from vector<2x4xf32>
      %p = arith.mulf %b, %w0 : vector<4xf32>
      %q = arith.addf %p, %s0 : vector<4xf32>
      ... (x1[0]·w0, x0[1]·w1, x1[1]·w1 likewise)
      scf.yield %next : vector<2x4xf32>
    }
    %o0 = vector.extract %sum[0] : vector<4xf32> from vector<2x4xf32>
    vector.store %o0, %acc[%c0, %c0] : memref<2x4xf32>, vector<4xf32>
    %o1 = vector.extract %sum[1] : vector<4xf32> from vector<2x4xf32>
    vector.store %o1, %acc[%c1, %c0] : memref<2x4xf32>, vector<4xf32>
    ```
  }];
  // affine: the unrolled transfers index with affine.apply (VectorToSCF).
  let dependentDialects = ["::mlir::affine::AffineDialect", "::mlir::arith::ArithDialect",
                           "::mlir::memref::MemRefDialect", "::mlir::scf::SCFDialect",
                           "::mlir::vector::VectorDialect"];
}

def CompressPlanBuffers : Pass<"compress-plan-buffers", "func::FuncOp"> {
  let summary = "Place a function's statically shaped scratch buffers in one arena, "
                "sharing bytes between buffers whose live ranges do not overlap";
  let description = [{
    Static memory planning: every `memref.alloc` of the function's entry block with
    a static shape, identity layout, default memory space and exactly one
    `memref.dealloc` in the same block becomes a `memref.view` into one arena,
    allocated (64-byte aligned) at the function entry and freed before its return.

    Two buffers share bytes only when their live ranges do not overlap: from the
    alloc to the last op of the entry block using it or an alias of it (views,
    casts, reshapes, region arguments, extracted pointers), wherever its dealloc
    stands. Offsets are assigned greedily by size, largest first, each at the lowest
    64-byte-aligned offset that fits between the already placed buffers it overlaps
    in time ("greedy by size", Pisarchyk & Lee 2020, "Efficient Memory Management
    for Deep Neural Net Inference", arXiv:2001.03288). The arena's size is the
    highest end offset, at least the largest set of buffers live at once.

    Left as they are: dynamic shapes, non-identity layouts, allocs inside loops or
    other regions, conditional, missing or several deallocs, aliases deallocated or
    used outside the entry block, element types whose size is not a whole number of
    bytes, a total beyond int64. The function's behaviour is unchanged.

    The function gets `compress.scratch_bytes` (i64): the arena's bytes plus every
    static alloc of the entry block left outside it, counted whole — the heap scratch
    one call allocates; compress-model-abi puts the entry function's into the model
    signature (header `E_SCRATCH_BYTES`, `E_info()` "scratch_bytes", the report). It
    is removed when an alloc is dynamic or inside a region (its size or count per
    call is then only known at run time).

    Assumes: memrefs after the buffer-deallocation pipeline (every temporary has its
    dealloc). Why: a compiled model otherwise calls malloc/free once per
    intermediate tensor per call (~190 times for the PaddleOCR classifier); large
    blocks come from fresh mmaps, so every call page-faults its whole working set
    in again (25 ms → 0.55 ms, docs/performance.md). With one arena the allocator
    reuses the block across calls, a failed allocation is checked once, and calls
    from several threads stay independent.

    Before (%a and %b live together, %c only after %a is freed):
    ```mlir
    %a = memref.alloc() {alignment = 64 : i64} : memref<256xf32>
    %b = memref.alloc() {alignment = 64 : i64} : memref<32x32xf32>
    ... uses of %a and %b ...
    memref.dealloc %a : memref<256xf32>
    %c = memref.alloc() : memref<250xi32>
    ... uses of %c and %b ...
    memref.dealloc %c : memref<250xi32>
    memref.dealloc %b : memref<32x32xf32>
    return
    ```
    After (%b at 0, %a at 4096, %c reusing %a's bytes):
    ```mlir
    %arena = memref.alloc() {alignment = 64 : i64} : memref<5120xi8>
    %o1 = arith.constant 4096 : index
    %a = memref.view %arena[%o1][] : memref<5120xi8> to memref<256xf32>
    %o0 = arith.constant 0 : index
    %b = memref.view %arena[%o0][] : memref<5120xi8> to memref<32x32xf32>
    ...
    %o2 = arith.constant 4096 : index
    %c = memref.view %arena[%o2][] : memref<5120xi8> to memref<250xi32>
    ...
    memref.dealloc %arena : memref<5120xi8>
    return
    ```
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect", "::mlir::memref::MemRefDialect"];
}


def CompressFuseElementwise : Pass<"compress-fuse-elementwise", "func::FuncOp"> {
  let summary = "linalg-fuse-elementwise-ops, except that reshapes are not folded "
                "into matmuls";
  let description = [{
    The patterns and control of upstream `linalg-fuse-elementwise-ops`
    (elementwise producer-consumer fusion of `linalg.generic` ops when the
    producer has one use, reshape propagation by loop expansion, constant
    folding), with one difference: a `tensor.expand_shape` / `collapse_shape` is
    not folded into a contraction (`linalg::isaContractionOpInterface`: a
    `linalg.batch_matmul`, `linalg.matmul` or a generic of that form), in
    either direction. Upstream folds the `[1, 1, N] -> [1, 1, 1, N]` expand that
    tosa-to-linalg puts after an FC's `batch_matmul` (torchvision's classifier:
    Flatten, Gemm, bias) into the matmul, which then becomes a 5-D
    `linalg.generic` with unit dims that compress-vectorize-convs does not tile
    as a matmul: the classifier of MobileNetV2 (1280 -> 1000) ran as scalar
    code, 12 % of the model's time. Convolutions are not affected (their maps
    are not projected permutations, so upstream never expands them).
  }];
  let dependentDialects = ["::mlir::affine::AffineDialect",
                           "::mlir::linalg::LinalgDialect",
                           "::mlir::tensor::TensorDialect"];
}


def CompressDecomposeConcat : Pass<"compress-decompose-concat", "func::FuncOp"> {
  let summary = "Write the operands of a tensor.concat into slices of its result (no copies)";
  let description = [{
    `tensor.concat` (what tosa-to-tensor makes of `tosa.concat`) bufferizes to a
    new buffer and one copy per operand, after each operand was computed into a
    buffer of its own. This pass rewrites every `tensor.concat` into a
    `tensor.empty` of the result and one `tensor.insert_slice` per operand
    (`tensor::populateDecomposeTensorConcatPatterns`); the pipeline then runs
    `eliminate-empty-tensors`, so an operand computed by a destination-style op
    (a convolution or elementwise `linalg` op, a tiled loop nest on
    `tensor.empty`) is written directly into its slice of the concatenation:
    ShuffleNet's branch concat, DenseNet- and SqueezeNet-style channel concats,
    and the concat a grouped convolution is imported as. Operands that are
    block arguments, constants or slices of another tensor are still copied.

    Example:
    ```mlir
    // Before
    %r = tensor.concat dim(3) %a, %b : (tensor<1x8x8x16xf32>, tensor<1x8x8x16xf32>) -> tensor<1x8x8x32xf32>
    // After
    %e = tensor.empty() : tensor<1x8x8x32xf32>
    %0 = tensor.insert_slice %a into %e[0, 0, 0, 0] [1, 8, 8, 16] [1, 1, 1, 1] : ...
    %r = tensor.insert_slice %b into %0[0, 0, 0, 16] [1, 8, 8, 16] [1, 1, 1, 1] : ...
    ```
  }];
  let dependentDialects = ["::mlir::tensor::TensorDialect"];
}


def CompressDecomposePad : Pass<"compress-decompose-pad", "func::FuncOp"> {
  let summary = "Write padded tensors in place: border fills plus the source in the interior";
  let description = [{
    A `tensor.pad` (what tosa-to-linalg makes of a convolution's zero padding)
    bufferizes to a new buffer filled entirely with the padding value (a memset)
    and a copy of the source into its interior. This pass rewrites every
    `tensor.pad` with static shapes and a constant padding value into a
    `tensor.empty` of the result, one `linalg.fill` per non-empty border slab
    (inserted with `tensor.insert_slice`: per padded dim d, the low and the high
    slab, spanning the interior of the dims before d and all of the dims after
    it, so the slabs do not overlap) and a `tensor.insert_slice` of the source
    into the interior. The pipeline then runs `eliminate-empty-tensors`, so a
    source computed by a destination-style op (a convolution with its epilogue,
    an elementwise op, a tiled loop nest on `tensor.empty`) is written directly
    into the interior of the padded buffer: no copy, and only the border is
    filled. MobileNetV2 (NHWC, every depthwise conv padded) spent ~10 % of a
    call in those memsets and copies (docs/performance.md, "Pads in place").
    Pads with dynamic shapes or a non-constant padding value are left alone.

    Example:
    ```mlir
    // Before
    %p = tensor.pad %x low[0, 1, 1, 0] high[0, 1, 1, 0] { ^bb0(...): tensor.yield %zero : f32 }
        : tensor<1x8x8x16xf32> to tensor<1x10x10x16xf32>
    // After (H slabs 1x1x10x16 at rows 0 and 9, W slabs 1x8x1x16 at columns 0 and 9)
    %e = tensor.empty() : tensor<1x10x10x16xf32>
    %t = linalg.fill ins(%zero : f32) outs(%e0 : tensor<1x1x10x16xf32>) -> tensor<1x1x10x16xf32>
    %0 = tensor.insert_slice %t into %e[0, 0, 0, 0] [1, 1, 10, 16] [1, 1, 1, 1] : ...
    ...
    %p = tensor.insert_slice %x into %3[0, 1, 1, 0] [1, 8, 8, 16] [1, 1, 1, 1] : ...
    ```
  }];
  let dependentDialects = ["::mlir::tensor::TensorDialect", "::mlir::linalg::LinalgDialect"];
}


def CompressVectorizeTransposes : Pass<"compress-vectorize-transposes", "func::FuncOp"> {
  let summary = "Transpose activations in 8x8 register blocks (NCHW <-> NHWC and the like)";
  let description = [{
    A `linalg.transpose` of a static f32 tensor that moves the input's
    contiguous (innermost) dimension elsewhere — the NCHW → NHWC transpose of a
    model's input, NHWC → NCHW of its output, the transposes around a
    Flatten/Reshape — is otherwise lowered to scalar loops that LLVM vectorizes
    with a gather (`vgatherdps`) per 16 output elements. This pass rewrites it
    into loops over 8 x 8 blocks of the two dimensions involved (the input's
    innermost dimension b and the input dimension a that becomes the output's
    innermost): one `vector.transfer_read` of 8 rows of 8 contiguous input
    elements, a `vector.transpose` (lowered to shuffles: `shuffle_1d`), one
    `vector.transfer_write` of 8 rows of 8 contiguous output elements. Only
    when both dimensions are multiples of 8 (other transposes are left as they
    are) and never for a transpose of a constant (a filter transpose, which
    compress-vectorize-convs folds into its packed filter at compile time) or one
    feeding a conv's filter operand (compress-vectorize-convs packs a run-time
    filter from the transpose's input; the same for the HWCF view of a filter
    decoded in blocks, `compress.filter_blocks`). A transpose that keeps the innermost
    dimension (a multiple of 8) becomes a loop of contiguous vector row copies.
    The pipeline runs the pass before and after compress-vectorize-convs (the
    second time for the per-call packing copies of run-time filters). The
    result is the same permutation of the same values (exact).

    Example (NCHW 1x16x4x8 → NHWC 1x4x8x16, perm [0, 2, 3, 1]): loops over
    h, w0 (step 8), c0 (step 8) read input[0, c0..c0+8, h, w0..w0+8] as
    vector<8x8xf32> (c, w), transpose to (w, c), write output[0, h,
    w0..w0+8, c0..c0+8].
  }];
  let dependentDialects = ["::mlir::scf::SCFDialect", "::mlir::vector::VectorDialect",
                           "::mlir::tensor::TensorDialect", "::mlir::arith::ArithDialect"];
}

// Intra-op threads.
def CompressParallelizeTiles : Pass<"compress-parallelize-tiles", "func::FuncOp"> {
  let summary = "Run the output-tile loops of large convs and matmuls as scf.parallel";
  let description = [{
    compress-vectorize-convs marks the loops it creates over output tiles (the
    parallel dims of a conv, depthwise conv, matmul or of the epilogue a conv is
    fused into) with `compress.parallel_tile = <MACs>`, the tiled op's
    multiply-accumulates (product of all its loop ranges). After bufferization this
    pass turns, per marked loop nest whose MACs are at least `min-macs`, one band of
    those loops into an `scf.parallel`: the outermost marked loop with a constant
    trip count of at least 2, together with the marked loops perfectly nested in
    it (a multi-dimensional `scf.parallel`, which convert-scf-to-openmp collapses).
    Each output element is still computed by one iteration, in the same order as
    before (no reduction is split), so results are bit-identical for every thread
    count. Smaller nests stay serial: a fork/join costs microseconds.

    A loop is converted only when it has no results and every memory write in its
    body goes either to a buffer allocated inside the body or through a
    `memref.subview` inside the body whose operands depend on the loop's induction
    variable (a distinct tile per iteration); otherwise it is left serial. The
    attribute is removed from every loop.

    Example (a 14x14x64 conv, 1.4 M MACs):
    ```mlir
    scf.for %f = %c0 to %c64 step %c32 { ... } {compress.parallel_tile = 1451520 : i64}
    // becomes
    scf.parallel (%f) = (%c0) to (%c64) step (%c32) { ... }
    ```
  }];
  let options = [
    Option<"minMacs", "min-macs", "int64_t", "1048576",
           "Nests with fewer multiply-accumulates stay serial (a fork/join of the "
           "OpenMP team costs ~2-5 us; see docs/performance.md, Threads)">
  ];
  let dependentDialects = ["::mlir::scf::SCFDialect"];
}

def CompressOmpThreadCount : Pass<"compress-omp-thread-count", "ModuleOp"> {
  let summary = "Give every omp.parallel a thread count computed at call time";
  let description = [{
    Runs after convert-scf-to-openmp. Before each `omp.parallel` without a
    `num_threads` clause it calls `i32 compress_rt_parallel_begin(i64 iterations)`
    (iterations: the product of the trip counts of the `omp.loop_nest` inside when
    they are constants, else INT64_MAX) and uses the result as `num_threads`; after
    the region it calls `compress_rt_parallel_end()`. Both are defined by the
    thread runtime compress-compile links into every model library
    (lib/Target/ThreadRuntime.c: COMPRESS_NUM_THREADS, E_set_num_threads, no
    oversubscription). The caller's OpenMP settings (omp_set_num_threads) are not
    touched.
  }];
  let options = [
    Option<"dynamicSchedule", "dynamic-schedule", "bool", "false",
           "schedule(dynamic, 1) on the work-sharing loops (tiles handed out one at a "
           "time) instead of the static default of convert-scf-to-openmp. Off by "
           "default: Debian's libomp formats a debug string on every "
           "__kmpc_dispatch_next, which made 2-thread MobileNetV2 slower than 1 "
           "thread (docs/performance.md, \"Static schedule\")">
  ];
  let dependentDialects = ["::mlir::func::FuncDialect", "::mlir::arith::ArithDialect"];
}
// Compile time linear in model size, scratch arena once per model.
def CompressOutlineKernels : Pass<"compress-outline-kernels", "ModuleOp"> {
  let summary = "Move each kernel (top-level loop nest or linalg op) of a large "
                "function into a private function of its own";
  let description = [{
    After bufferization, a model's entry function holds every layer's loop nests
    in one block. LLVM's function passes (instruction combining, GVN, the
    scheduler, ...) cost more than linearly in a function's size: a chain of 300
    small convolutions spent ~200 s in LLVM's optimiser. This pass outlines each
    top-level op with regions of a function's blocks (an `scf.for` nest, a
    `linalg` op, an `scf.if`, ...) into a private `func.func` named
    `<function>_kernel<N>` and replaces it with a `func.call`, so that LLVM
    optimises units of bounded size; the outlined functions carry
    `passthrough = ["noinline"]` (LLVM's inliner would otherwise fold them back).

    Values the kernel uses from outside are materialized in the new function:
    constants (`arith.constant`) are cloned; values of a passable type become
    arguments: integer, index and float scalars, and memrefs with a static shape
    and identity layout (what the bare-pointer calling convention of
    compress-lower-to-llvm accepts); other values made by pure view-like memref ops
    (`memref.subview`, `memref.cast`, `memref.reinterpret_cast`,
    `memref.expand_shape`, `memref.collapse_shape`, `memref.view`,
    `memref.get_global`) are cloned, recursively. With `share-kernels` (default)
    `memref.get_global` (the weights) and identity views of the arena are passed
    too, so the kernels of layers of the same shape are the same function: an
    outlined function whose text equals an earlier one's is dropped and the
    earlier one called (a ResNet's repeated blocks, a chain of equal convs compile
    each distinct kernel once). Without it they are cloned, and the callee sees
    constant weights and static arena offsets.

    Left inline: ops with results, ops containing `memref.alloc`/`memref.dealloc`
    (the model ABI checks the mallocs of the entry function only), ops with a
    `func.return`-like terminator of their own, ops needing an argument of
    another type or layout, and every op of a function with fewer than
    `min-kernels` candidates (outlining a small function only adds calls).
    Results are bit-identical: the same ops run in the same order.

    Before:
    ```mlir
    func.func @model(%in: memref<1x8xf32>, %out: memref<1x8xf32>) {
      %c0 = arith.constant 0 : index
      scf.for %i = %c0 to ... { ... %in ... %out ... }
      return
    }
    ```
    After:
    ```mlir
    func.func @model(%in: memref<1x8xf32>, %out: memref<1x8xf32>) {
      call @model_kernel0(%in, %out) : (memref<1x8xf32>, memref<1x8xf32>) -> ()
      return
    }
    func.func private @model_kernel0(%in: memref<1x8xf32>, %out: memref<1x8xf32>)
        attributes {passthrough = ["noinline"]} {
      %c0 = arith.constant 0 : index
      scf.for %i = %c0 to ... { ... }
      return
    }
    ```
  }];
  let options = [
    Option<"minKernels", "min-kernels", "unsigned", /*default=*/"8",
           "Outline only in functions with at least this many candidate kernels "
           "(0 and 1 both mean every function)">,
    Option<"shareKernels", "share-kernels", "bool", /*default=*/"true",
           "Pass globals (weights) and identity-layout views as arguments instead of "
           "cloning them, and call one function for kernels that are then identical "
           "(layers of the same shape)">,
  ];
  let dependentDialects = ["::mlir::func::FuncDialect"];
}

def CompressPersistentArena : Pass<"compress-persistent-arena", "ModuleOp"> {
  let summary = "Allocate the scratch arena of compress-plan-buffers once per loaded "
                "model instead of once per call";
  let description = [{
    compress-plan-buffers gives each function one scratch arena
    (`memref.alloc` marked `compress.arena`), allocated and freed on every call.
    A large arena comes from a fresh mmap each time, so each call page-faults its
    whole working set in again (the PP-OCRv4 detector at 640x640 spent over half
    of each call in those faults, issue 12 item 5).

    This pass replaces the arena of each function by a private, uninitialized
    `memref.global` of the same size and alignment (64 bytes; the library's .bss:
    mapped when the library is loaded, its pages faulted in by the first call
    only, released when the library is unloaded, never grown), guarded by an i32
    flag global: the call takes the arena with an atomic exchange
    (`memref.atomic_rmw assign`, acq_rel) of 1 into the flag; when the old value
    was 0 it uses the global arena and stores 0 back before returning; otherwise
    (another thread, or a recursive call, holds it) it allocates its own arena
    as before and frees it. Concurrent calls therefore never share scratch
    memory, and results do not depend on which arena a call used.

    Arenas larger than `max-bytes` stay per call (a huge .bss would make loading
    the library fail in an address-space-limited process, where a per-call
    allocation fails with COMPRESS_ERROR_OUT_OF_MEMORY instead). Functions
    without a marked arena are left alone.

    Before:
    ```mlir
    %arena = memref.alloc() {alignment = 64 : i64, compress.arena} : memref<4096xi8>
    ...
    memref.dealloc %arena : memref<4096xi8>
    return
    ```
    After:
    ```mlir
    memref.global "private" @__compress_arena_model : memref<4096xi8> {alignment = 64 : i64}
    memref.global "private" @__compress_arena_busy_model : memref<1xi32> = dense<0>
    ...
    %flag = memref.get_global @__compress_arena_busy_model : memref<1xi32>
    %old = memref.atomic_rmw assign %c1_i32, %flag[%c0] : (i32, memref<1xi32>) -> i32
    %mine = arith.cmpi eq, %old, %c0_i32 : i32
    %arena = scf.if %mine -> (memref<4096xi8>) {
      %g = memref.get_global @__compress_arena_model : memref<4096xi8>
      scf.yield %g : memref<4096xi8>
    } else {
      %a = memref.alloc() {alignment = 64 : i64} : memref<4096xi8>
      scf.yield %a : memref<4096xi8>
    }
    ...
    scf.if %mine {
      %r = memref.atomic_rmw assign %c0_i32, %flag[%c0] : (i32, memref<1xi32>) -> i32
    } else {
      memref.dealloc %arena : memref<4096xi8>
    }
    return
    ```
  }];
  let options = [
    Option<"maxBytes", "max-bytes", "int64_t", /*default=*/"536870912",
           "Largest arena (bytes) made persistent; larger ones stay per call">,
  ];
  let dependentDialects = ["::mlir::arith::ArithDialect", "::mlir::memref::MemRefDialect",
                           "::mlir::scf::SCFDialect"];
}

#endif // COMPRESS_DENSECODEGEN_PASSES_TD
