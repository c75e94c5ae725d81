//===- Passes.td - compression passes ------------------------*- tablegen -*-===//
#ifndef COMPRESS_TRANSFORMS_PASSES_TD
#define COMPRESS_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def CompressCodebook : Pass<"compress-codebook", "ModuleOp"> {
  let summary = "Weight sharing: k-means clustering of constant conv/matmul weights into codebook ops";
  let description = [{
    Weight sharing from Deep Compression (Han, Mao, Dally, "Deep Compression:
    Compressing Deep Neural Networks with Pruning, Trained Quantization and Huffman
    Coding", ICLR 2016): the constant weights of a layer are clustered by 1-D k-means
    into k = 2^bits centroids; each weight is replaced by the `bits`-bit index of its
    centroid, packed little-endian per output channel, and the layer becomes a
    `compress.codebook_conv2d` / `compress.codebook_matmul`. A layer whose weight has
    at most 2^bits distinct values is compressed losslessly. A tensor (per-tensor) or
    row (per-channel) of more than 2^20 weights is fitted on a deterministic sample
    of 2^20 of them, then refined by two Lloyd steps over all weights (KMeans.h):
    O(n log k) instead of a sort of all n weights (a 9216→4096 FC).

    Rewritten layers:
    * `tosa.conv2d` (constant OHWI weight; the bias operand is kept, or splatted from
      a constant of one element);
    * `tosa.depthwise_conv2d`: the weight [kh, kw, C, M] becomes the OHWI weight
      [C·M, kh, kw, 1] of a `codebook_conv2d` with `groups = C`;
    * `tosa.matmul` of a [1, M, K] input by a constant [1, K, N]: a `codebook_matmul`
      with W = Bᵀ [N, K] between `tensor.collapse_shape` / `tensor.expand_shape`.

    Zero points must be 0 and every type f32; a layer that does not qualify
    (non-constant or non-f32 weight, ...) is left alone with a remark, and so is a
    layer whose codebook (indices + centroids) would not be smaller than its f32
    weight (small per-channel layers). Every rewritten
    op gets the layer record `compress.layer = #compress.layer<...>` (name, method,
    params, weight_bytes_before, weight_bytes_after, rel_error = ‖W − Ŵ‖ / ‖W‖,
    weight_norm; see CompressAttrs.md), read by
    `compress-compile --report`, and a remark saying the same. Layers are named by
    the `NameLoc` of their location (the ONNX node name); `layers` restricts the pass
    to the named ones.

    Before (`--compress-codebook=bits=2`):
    ```mlir
    %w = "tosa.const"() {values = dense<[[[[0.5, -0.5, 1.0]]], [[[1.0, 0.0, 0.5]]]]>
                          : tensor<2x1x1x3xf32>} : () -> tensor<2x1x1x3xf32>
    %y = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, pad = array<i64: 0, 0, 0, 0>,
           stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} loc("conv1")
         : (tensor<1x4x4x3xf32>, tensor<2x1x1x3xf32>, tensor<2xf32>, tensor<1xf32>,
            tensor<1xf32>) -> tensor<1x4x4x2xf32>
    ```
    After (4 distinct values, 2 bits: lossless):
    ```mlir
    %c = arith.constant dense<[-5.0e-01, 0.0, 5.0e-01, 1.0]> : tensor<4xf32>
    %i = arith.constant dense<[[50], [39]]> : tensor<2x1xi8>
    %y = compress.codebook_conv2d %x, %c, %i, %b {bits = 2 : i64,
           compress.layer = #compress.layer<name = "conv1", method = "codebook",
                            params = "bits=2 per-tensor init=linear", weight_bytes_before = 24,
                            weight_bytes_after = 18, rel_error = 0.0 : f64, weight_norm = 1.87 : f64>,
           dilations = array<i64: 1, 1>, groups = 1 : i64, kernel_size = array<i64: 1, 1>,
           pad = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>}
         : (tensor<1x4x4x3xf32>, tensor<4xf32>, tensor<2x1xi8>, tensor<2xf32>)
           -> tensor<1x4x4x2xf32>
    ```
  }];
  let dependentDialects = ["::mlir::compress::CompressDialect", "::mlir::tensor::TensorDialect",
                           "::mlir::tosa::TosaDialect", "::mlir::arith::ArithDialect"];
  let options = [
    Option<"bits", "bits", "int64_t", "4", "index width in bits, 1-8 (k = 2^bits centroids)">,
    Option<"perChannel", "per-channel", "bool", "false",
           "one codebook per output channel (centroids tensor<F x k>) instead of one per tensor">,
    Option<"init", "init", "::mlir::compress::KMeansInit",
           "::mlir::compress::KMeansInit::Linear",
           "centroid initialization: linear (default) or kmeans++",
           [{::llvm::cl::values(
             clEnumValN(::mlir::compress::KMeansInit::Linear, "linear",
                        "evenly spaced in [min, max] (the paper's best)"),
             clEnumValN(::mlir::compress::KMeansInit::KMeansPlusPlus, "kmeans++",
                        "k-means++ seeding (Arthur & Vassilvitskii 2007)"))}]>,
    Option<"seed", "seed", "uint64_t", "0", "seed of the kmeans++ initialization">,
    Option<"maxIterations", "max-iterations", "unsigned", "100",
           "upper bound on Lloyd iterations (they stop when no assignment changes)">,
    ListOption<"layers", "layers", "std::string",
               "names of the layers to compress (location NameLoc); empty: all">,
  ];
}

def CompressDecompress : Pass<"compress-decompress", "ModuleOp"> {
  let summary = "Rewrite every compress op with constant weights back into the dense tosa op (the oracle)";
  let description = [{
    The exact oracle of every compressed layer: the compressed weights are
    decompressed at compile time (V·U for low-rank, CSR expanded, codebook indices
    decoded, bits mapped to ±1) into a dense OHWI (conv) or W[N, K] (matmul)
    `tosa.const`, and the op becomes the dense TOSA computation:

    * conv forms: `tosa.conv2d` (groups = 1); `tosa.depthwise_conv2d` with the
      weight as [kh, kw, C, F/C] when groups = C; otherwise a `tosa.slice` of the
      input and bias per group, one `tosa.conv2d` each, and a `tosa.concat` on the
      channel axis. `tosa.conv2d` requires (H − 1 + pad_top + pad_bottom −
      (kh−1)·dilation) to be a multiple of the stride; the remainder (rows the floor
      never reads) is taken off pad_bottom / pad_right, then off the input.
    * matmul forms: input reshaped to [1, M, K], `tosa.matmul` with Wᵀ as a
      [1, K, N] constant, `tosa.add` of the bias as [1, 1, N], reshape to [M, N].
    * binary forms: the input goes through sign (`tosa.greater_equal` with 0 and
      `tosa.select` of +1 / −1), the ±1 conv/matmul has a zero bias, then
      `tosa.mul` by alpha and `tosa.add` of the bias. `pad_value = zero` is the
      ordinary zero padding; `one` / `minus_one` pad sign(x) with that value
      (`tosa.concat` of constant slabs) and the conv runs unpadded.

    Ops whose compressed weights are not constants (arith.constant / tosa.const,
    dense or dense_resource) or whose shapes are dynamic are left unchanged; bias
    and alpha may be any value.

    Before:
    ```mlir
    %vals = arith.constant dense<[1.0, -2.0]> : tensor<2xf32>
    %cols = arith.constant dense<[0, 2]> : tensor<2xi32>
    %rows = arith.constant dense<[0, 2, 2]> : tensor<3xi32>
    %y = compress.sparse_matmul %x, %vals, %cols, %rows, %b
         : (tensor<4x3xf32>, tensor<2xf32>, tensor<2xi32>, tensor<3xi32>, tensor<2xf32>)
           -> tensor<4x2xf32>
    ```

    After (W = [[1, 0, −2], [0, 0, 0]], held as Wᵀ):
    ```mlir
    %a = tosa.reshape %x, %s0 : (tensor<4x3xf32>, !tosa.shape<3>) -> tensor<1x4x3xf32>
    %w = "tosa.const"() <{values = dense<[[[1.0, 0.0], [0.0, 0.0], [-2.0, 0.0]]]>
                          : tensor<1x3x2xf32>}> : () -> tensor<1x3x2xf32>
    %m = tosa.matmul %a, %w, %zp, %zp
         : (tensor<1x4x3xf32>, tensor<1x3x2xf32>, tensor<1xf32>, tensor<1xf32>)
           -> tensor<1x4x2xf32>
    %br = tosa.reshape %b, %s1 : (tensor<2xf32>, !tosa.shape<3>) -> tensor<1x1x2xf32>
    %s = tosa.add %m, %br : (tensor<1x4x2xf32>, tensor<1x1x2xf32>) -> tensor<1x4x2xf32>
    %y = tosa.reshape %s, %s2 : (tensor<1x4x2xf32>, !tosa.shape<2>) -> tensor<4x2xf32>
    ```
  }];
  let dependentDialects = ["::mlir::tosa::TosaDialect", "::mlir::tensor::TensorDialect",
                           "::mlir::arith::ArithDialect"];
}

def CompressSparsify : Pass<"compress-sparsify", "ModuleOp"> {
  let summary = "Turn conv/matmul layers whose constant weights are mostly zero into CSR sparse ops";
  let description = [{
    The existing zeros of a constant weight (from training-time or
    `compress-prune` pruning) become a `compress.sparse_conv2d` /
    `compress.sparse_matmul` holding the weight as compressed sparse rows over
    the reduction axis: rows = output channels, columns (i·kw + j)·(C/groups) + c
    (conv) or k (matmul), ascending within a row (compress/Algorithms/CSR.h).

    Rewritten layers (as for `compress-codebook`):
    * `tosa.conv2d` (groups = 1, constant OHWI weight; bias kept, or splatted from
      a constant of one element);
    * `tosa.depthwise_conv2d`: the weight [kh, kw, C, M] becomes OHWI
      [C·M, kh, kw, 1] with `groups = C`;
    * `tosa.matmul` of a [1, M, K] input by a constant [1, K, N]: W = Bᵀ [N, K]
      between `tensor.collapse_shape` / `tensor.expand_shape`, zero bias.

    A layer whose sparsity (fraction of zero weights) is below its break-even
    stays dense with a remark giving its sparsity and the break-even: below it
    the sparse loops are slower than the dense op. By default (`min-sparsity`
    = -1) the break-even is per layer, from a cost model by layer kind and
    shape (compress/Compression/SparseCostModel.h, numbers measured with
    bench/run.py, docs/performance.md "Sparse kernels: threads, per-layer
    choice"): FC batch 1 0.71, batch > 1 0.5; 1×1 conv 0.8 from 64 output
    channels, never below (the input relayout costs more than the MACs saved);
    kh×kw convs 0.84 for output rows of ≤ 8 pixels, 0.7 up to 32, 0.75 above;
    depthwise/grouped convs never (not measured). The remark of a rewritten
    layer names the estimate that decided. An explicit `min-sparsity` in
    [0, 1] overrides the cost model: one threshold for every layer (0: every
    layer with a zero weight). Every rewritten op gets a
    `compress.layer` record (method "sparse", params "sparsity=0.87", weight bytes of
    the f32 weight before and of values + column indices + row offsets after,
    MACs before and after = nnz · output pixels · batch, rel_error 0, or the
    pruning error carried over from a `compress-prune` record on the layer, whose
    method then reads "prune+sparse").

    Before (`--compress-sparsify=min-sparsity=0.5`):
    ```mlir
    %w = "tosa.const"() {values = dense<[[[[0.0, 2.0, 0.0]]], [[[0.0, 0.0, -1.0]]]]>
                          : tensor<2x1x1x3xf32>} : () -> tensor<2x1x1x3xf32>
    %y = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, pad = array<i64: 0, 0, 0, 0>,
           stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} loc("conv1")
         : (tensor<1x4x4x3xf32>, tensor<2x1x1x3xf32>, tensor<2xf32>, tensor<1xf32>,
            tensor<1xf32>) -> tensor<1x4x4x2xf32>
    ```
    After:
    ```mlir
    %v = arith.constant dense<[2.0, -1.0]> : tensor<2xf32>
    %c = arith.constant dense<[1, 2]> : tensor<2xi32>
    %r = arith.constant dense<[0, 1, 2]> : tensor<3xi32>
    %y = compress.sparse_conv2d %x, %v, %c, %r, %b {compress.layer = #compress.layer<name = "conv1",
           method = "sparse", params = "sparsity=0.67", ...>, kernel_size = array<i64: 1, 1>, ...}
    ```
  }];
  let dependentDialects = ["::mlir::compress::CompressDialect", "::mlir::tensor::TensorDialect",
                           "::mlir::tosa::TosaDialect", "::mlir::arith::ArithDialect"];
  let options = [
    Option<"minSparsity", "min-sparsity", "double", "-1.0",
           "layers with a smaller fraction of zero weights stay dense, in [0, 1] (one "
           "threshold for every layer); -1 (default): each layer's break-even from the "
           "cost model (SparseCostModel.h)">,
    ListOption<"layers", "layers", "std::string",
               "names of the layers to consider (location NameLoc); empty: all">,
  ];
}

def CompressPrune : Pass<"compress-prune", "ModuleOp"> {
  let summary = "Magnitude pruning: zero the smallest constant conv/matmul weights";
  let description = [{
    Unstructured magnitude pruning (Han, Pool, Tran, Dally, "Learning both Weights
    and Connections for Efficient Neural Networks", 2015): the floor(sparsity · n)
    weights of smallest magnitude are set to 0 in the constant weight of each
    selected `tosa.conv2d`, `tosa.depthwise_conv2d` and `tosa.matmul` (constant B).
    The op stays dense (a fresh `tosa.const` replaces its weight operand);
    `compress-sparsify` then turns it into a sparse op. With `scope=layer` each
    layer gets its own threshold; with `scope=global` one threshold over all the
    selected layers' weights (layers with many small weights lose more). Ties are
    broken by position, so exactly floor(sparsity · n) weights are zeroed.

    Each pruned op gets a `compress.layer` record (method "prune", params
    "sparsity=0.50 scope=layer", bytes and MACs unchanged, rel_error
    ‖W − Ŵ‖ / ‖W‖) and a remark with the layer's resulting sparsity.

    Before (`--compress-prune=sparsity=0.5`):
    ```mlir
    %w = "tosa.const"() {values = dense<[[[[0.1, -2.0, 0.3, 4.0]]]]> : tensor<1x1x1x4xf32>} ...
    ```
    After:
    ```mlir
    %w = "tosa.const"() {values = dense<[[[[0.0, -2.0, 0.0, 4.0]]]]> : tensor<1x1x1x4xf32>} ...
    ```

    Whole conv filters are removed by `compress-prune-filters`; run it first to
    combine the two (compress-compile does).
  }];
  let dependentDialects = ["::mlir::tosa::TosaDialect", "::mlir::compress::CompressDialect"];
  let options = [
    Option<"sparsity", "sparsity", "double", "0.5",
           "fraction of the weights to zero, in [0, 1)">,
    Option<"scope", "scope", "::mlir::compress::PruneScope",
           "::mlir::compress::PruneScope::Layer",
           "where the magnitude threshold applies: layer (default) or global",
           [{::llvm::cl::values(
             clEnumValN(::mlir::compress::PruneScope::Layer, "layer", "a threshold per layer"),
             clEnumValN(::mlir::compress::PruneScope::Global, "global",
                        "one threshold over all selected layers"))}]>,
    ListOption<"layers", "layers", "std::string",
               "names of the layers to prune (their compress.layer record or NameLoc); empty: all">,
  ];
}

def CompressPruneFilters : Pass<"compress-prune-filters", "ModuleOp"> {
  let summary = "Filter (structured) pruning: remove whole output filters of constant convs and the channels they feed";
  let description = [{
    Filter pruning, `fraction=<f>` (Li, Kadav, Durdanovic,
    Samet, Graf, "Pruning Filters for Efficient ConvNets", ICLR 2017), really
    shrinks the network: floor(fraction · C) (at most C − 1) of the C output filters
    of a `tosa.conv2d` with constant OHWI weight and bias are removed, those of
    smallest norm (`criterion=l1`: Σ|w| over the filter's kh·kw·C weights;
    `criterion=l2`: its Euclidean norm; ties go to the lower channel index). The
    removed channels are then removed everywhere they flow until convs that sum over
    them: per-channel constants of add/sub/mul/maximum/minimum are sliced; clamp,
    tanh, sigmoid, exp, negate, abs, erf, avg/max pooling pass them; a
    `tosa.depthwise_conv2d` (multiplier 1, constant weights) loses the same channels
    of its HWCM weight and bias; a consumer `tosa.conv2d` loses the same input
    channels (the I axis of its OHWI weight). Channels that meet in an add/mul of two
    activations (residual adds, the SE block's rescale, hard-swish) are coupled
    (Fang et al., "DepGraph: Towards Any Structural Pruning", CVPR 2023): all
    producers of such a group lose the same channels, ranked by the norm of the
    channel's filters over all of them.

    Exactness: the result is the unpruned network with the removed channels' filters
    zeroed (weights and bias of the producers and of the depthwise convs in between),
    which is what `action=zero` computes (same selection, shapes unchanged;
    the oracle of the removal). It holds when the zeroed channels reach every
    consumer as exact zeros, which the pass checks (clamp with 0 in range, tanh,
    negate, abs, erf, pooling keep 0; sigmoid, exp and adding a non-zero constant do
    not; mul by anything finite does). A layer whose channels reach anything else —
    a reshape, transpose, matmul, concat, reduce, function argument or return, a
    conv with runtime weights, a depthwise conv with multiplier > 1 — or reach a
    consumer non-zero, or that is coupled with a layer `layers=` does not select, is
    left alone with a remark naming the reason.

    Each changed layer (producers, depthwise convs and consumer convs) gets a
    `compress.layer` record (method "prune-filters", params
    "filters=0.25 criterion=l1 action=remove out=6/8 in=12/16", weight bytes and MACs
    before/after of that layer's own weight — a consumer's savings appear on the
    consumer's row —, rel_error ‖W − W₀‖ / ‖W‖ with W₀ = W with the removed filters and
    input channels zeroed) and a remark. Activations outside the network's constants
    are assumed finite (0 · x = 0). Magnitude pruning of the remaining weights is
    `compress-prune`, run after this pass.

    Before (`--compress-prune-filters=fraction=0.5`), with filter 0 the smaller:
    ```mlir
    %y = tosa.conv2d %x, %w1, %b1, ... -> tensor<1x8x8x2xf32>
    %r = tosa.clamp %y {min_val = 0.0 : f32, max_val = 6.0 : f32} ...
    %z = tosa.conv2d %r, %w2, %b2, ... : (..., tensor<4x1x1x2xf32>, ...)
    ```
    After:
    ```mlir
    %y = tosa.conv2d %x, %w1', %b1', ... -> tensor<1x8x8x1xf32>
    %r = tosa.clamp %y ... -> tensor<1x8x8x1xf32>
    %z = tosa.conv2d %r, %w2', %b2, ... : (..., tensor<4x1x1x1xf32>, ...)
    ```
  }];
  let dependentDialects = ["::mlir::tosa::TosaDialect", "::mlir::compress::CompressDialect"];
  let options = [
    Option<"fraction", "fraction", "double", "0.25",
           "fraction of each conv's output filters to remove, in [0, 1): floor(fraction * C), at most C - 1">,
    Option<"criterion", "criterion", "::mlir::compress::FilterCriterion",
           "::mlir::compress::FilterCriterion::L1",
           "filter ranking: l1 (default) or l2 norm of each output filter",
           [{::llvm::cl::values(
             clEnumValN(::mlir::compress::FilterCriterion::L1, "l1",
                        "L1 norm of each output filter"),
             clEnumValN(::mlir::compress::FilterCriterion::L2, "l2",
                        "L2 norm of each output filter"))}]>,
    Option<"action", "action", "::mlir::compress::FilterAction",
           "::mlir::compress::FilterAction::Remove",
           "what happens to the pruned filters: remove (default) or zero",
           [{::llvm::cl::values(
             clEnumValN(::mlir::compress::FilterAction::Remove, "remove", "shrink the layers"),
             clEnumValN(::mlir::compress::FilterAction::Zero, "zero",
                        "zero the filters, shapes unchanged"))}]>,
    ListOption<"layers", "layers", "std::string",
               "names of the producer convs to prune (their compress.layer record or NameLoc); empty: all">,
  ];
}

def CompressLowRank : Pass<"compress-lowrank", "ModuleOp"> {
  let summary = "Low-rank factorization: truncated SVD of constant conv/matmul weights into lowrank ops";
  let description = [{
    Low-rank approximation of a layer's weight matrix (Denton, Zaremba, Bruna,
    LeCun, Fergus, "Exploiting Linear Structure Within Convolutional Networks for
    Efficient Evaluation", NIPS 2014; Jaderberg, Vedaldi, Zisserman, "Speeding up
    Convolutional Neural Networks with Low Rank Expansions", BMVC 2014). The weight
    is viewed as the matrix W[F, n] (a conv's OHWI weight with n = kh·kw·C, the
    taps and channels in OHWI order; a matmul's W = Bᵀ with n = K), factorized by
    SVD (Eigen, in double) and truncated to rank r:

      W = P Σ Qᵀ ≈ V[F, r] · U[r, n],   V = P_r·√Σ_r,   U = √Σ_r·Q_rᵀ

    (the singular values are split as √σ into both factors). The layer becomes

    * `tosa.conv2d` (groups 1, constant OHWI weight) → `compress.lowrank_conv2d`
      with u = U as [r, kh, kw, C] (a kh×kw conv with the layer's stride, padding
      and dilation, to r channels) and v = V [F, r] (the 1×1 conv to F channels);
      the bias operand is kept (a constant one-element bias is splatted to F);
    * `tosa.matmul` of a [1, M, K] input by a constant [1, K, N] →
      `compress.lowrank_matmul` (u [r, K], v [N, r], zero bias) between
      `tensor.collapse_shape` / `tensor.expand_shape`.

    Data-aware (`calibration-stats=<folder>`, the statistics compress-compile
    --calibration collects from a run of the uncompressed model): the factors
    minimise the layer's output error on the calibration inputs, ‖W X − W' X‖,
    rather than ‖W − W'‖. With H = X Xᵀ (the Gram matrix of the layer's im2col
    input vectors, indexed like the flattened OHWI weight row (kh, kw, C); a
    matmul's rows of A), Ĥ = H + λ·mean(diag H)·I (`damping` λ, default 0.01) and
    its Cholesky factor Ĥ = L Lᵀ, the SVD W L = P Σ Qᵀ is truncated and mapped
    back, W' = P_r Σ_r Q_rᵀ L⁻¹, V = P_r √Σ_r, U = √Σ_r Q_rᵀ L⁻¹ (SVD-LLM, Wang
    et al. 2024; with the diagonal H that calibration keeps for layers above its
    cap this is ASVD's per-input scaling, Yuan et al. 2023). `energy` then
    counts the whitened singular values (the output energy kept). The record's
    params end in "data-aware", and the remark gives the output rel_error on the
    calibration inputs, and that of plain SVD at the same rank, next to the weight
    rel_error. A layer without statistics
    in the folder, or whose statistics do not match its shape (e.g. filter
    pruning ran first), is factorized blind with a remark (a warning for a named
    layer) saying why; a folder that cannot be read is an error.

    Exactly one of `rank` (the same r for every layer) or `energy` = τ in (0, 1]
    (per layer, the smallest r whose singular values keep τ of Σ σ², so that
    ‖W − Ŵ‖/‖W‖ ≤ √(1 − τ)) must be given; anything else is an error.

    `svd` chooses the decomposition. `exact`: Eigen's BDCSVD of the whole matrix
    (O(F·n·min(F, n)), 206 s and 2.4 GB on a 9216→4096 FC). `randomized`: the
    randomized subspace iteration of Halko, Martinsson, Tropp, "Finding Structure
    with Randomness", SIAM Review 2011 (Alg. 4.4 with q = 2 power iterations and
    re-orthonormalization, oversampling p = 10, a Gaussian test matrix from a fixed
    splitmix64 seed, then Alg. 5.1): the leading r + p singular triplets in
    O(F·n·(r + p)) time, reading W in place. The truncation is then an orthogonal
    projection of W, so its error is √(1 − kept) exactly as for the exact SVD; for
    `energy` the sketch grows 64, 128, … columns until its leading values hold τ of
    ‖W‖_F² (the exact total). The sketch's singular values are within 1e-3
    (relative) of the exact ones and its error within 1 % of the optimal rank-r
    error on slowly decaying spectra (unittests/LowRankTest.cpp). `auto` (default):
    randomized while the sketch is at most min(F, n)/4 columns wide, exact beyond
    (a wide sketch costs what the exact SVD costs); a flat spectrum (e.g. random
    Gaussian weights) at a high energy therefore falls back to the exact SVD.

    A factorized layer costs r·(F + n) weights and MACs per output position
    against F·n, so a layer is left dense, with a remark saying why, when
    r ≥ F·n/(F + n) (no saving), and also when it is not f32 with static shapes,
    has a non-zero zero point, a non-constant weight, a batched matmul, or is a
    `tosa.depthwise_conv2d` (one input channel per output channel: nothing to
    share). Every rewritten op gets a `compress.layer` record (name, method =
    "lowrank", params = "rank=r [energy=τ] kept=<energy kept>", weight bytes and
    MACs (batch included) before and after, rel_error = ‖W − V·U‖/‖W‖ of the f32
    factors) and a remark saying the same. `layers` restricts the pass to the
    layers whose location carries one of the given `NameLoc` names.

    Before (`--compress-lowrank=rank=1`, a rank-1 weight 4 x (1·1·3)):
    ```mlir
    %w = "tosa.const"() <{values = dense<[[[[1.0, 2.0, 2.0]]], [[[2.0, 4.0, 4.0]]],
                                          [[[0.0, 0.0, 0.0]]], [[[-1.0, -2.0, -2.0]]]]>
                          : tensor<4x1x1x3xf32>}> : () -> tensor<4x1x1x3xf32>
    %y = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, pad = array<i64: 0, 0, 0, 0>,
           stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} loc("conv1")
         : (tensor<1x8x8x3xf32>, tensor<4x1x1x3xf32>, tensor<4xf32>, tensor<1xf32>,
            tensor<1xf32>) -> tensor<1x8x8x4xf32>
    ```
    After (W = a·bᵀ with a = (1, 2, 0, −1), b = (1, 2, 2): σ = 3·√6, √σ = 2.711,
    U = √σ·b/3, V = √σ·a/√6; exact up to f32 rounding):
    ```mlir
    %u = arith.constant dense<[[[[0.904, 1.807, 1.807]]]]> : tensor<1x1x1x3xf32>
    %v = arith.constant dense<[[1.107], [2.213], [0.0], [-1.107]]> : tensor<4x1xf32>
    %y = compress.lowrank_conv2d %x, %u, %v, %b {compress.layer = #compress.layer<
           name = "conv1", method = "lowrank", params = "rank=1 kept=1.0000",
           weight_bytes_before = 48, weight_bytes_after = 28, macs_before = 768,
           macs_after = 448, rel_error = 2.1e-08 : f64, weight_norm = 9.0 : f64>,
           dilations = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>,
           strides = array<i64: 1, 1>}
         : (tensor<1x8x8x3xf32>, tensor<1x1x1x3xf32>, tensor<4x1xf32>, tensor<4xf32>)
           -> tensor<1x8x8x4xf32>
    ```
  }];
  let dependentDialects = ["::mlir::compress::CompressDialect", "::mlir::tensor::TensorDialect",
                           "::mlir::tosa::TosaDialect", "::mlir::arith::ArithDialect"];
  let options = [
    Option<"rank", "rank", "int64_t", "0",
           "the rank r of every factorized layer (>= 1); exclusive with energy">,
    Option<"energy", "energy", "double", "0.0",
           "per layer, the smallest rank keeping this fraction of the sum of squared "
           "singular values, in (0, 1]; exclusive with rank">,
    Option<"svd", "svd", "::mlir::compress::SVDAlgorithm",
           "::mlir::compress::SVDAlgorithm::Auto",
           "the SVD: auto (default), exact or randomized (Halko et al. 2011)",
           [{::llvm::cl::values(
             clEnumValN(::mlir::compress::SVDAlgorithm::Auto, "auto",
                        "randomized when the sketch is at most min(F, n)/4 wide"),
             clEnumValN(::mlir::compress::SVDAlgorithm::Exact, "exact",
                        "the full SVD (Eigen BDCSVD)"),
             clEnumValN(::mlir::compress::SVDAlgorithm::Randomized, "randomized",
                        "randomized subspace iteration, q = 2, p = 10"))}]>,
    ListOption<"layers", "layers", "std::string",
               "names of the layers to factorize (location NameLoc); empty: all">,
    Option<"calibrationStats", "calibration-stats", "std::string", "\"\"",
           "folder of calibration statistics (compress/Compression/Calibration.h, "
           "written by compress-compile --calibration-stats-out): factorize "
           "data-aware, by the SVD of the whitened weight">,
    Option<"damping", "damping", "double", "0.01",
           "data-aware only: the damping lambda of H + lambda*mean(diag H)*I, >= 0">,
  ];
}

def CompressBinarize : Pass<"compress-binarize", "ModuleOp"> {
  let summary = "Binary (±1) layers into XNOR-popcount compress.binary_conv2d / binary_matmul";
  let description = [{
    XNOR-Net (Rastegari, Ordonez, Redmon, Farhadi, "XNOR-Net: ImageNet Classification
    Using Binary Convolutional Neural Networks", ECCV 2016): a layer computing
    α_f · Σ sign(x)·sign(W_f) becomes a `compress.binary_conv2d` / `binary_matmul`
    holding the weight signs packed along input channels in 64-bit words (bit 1 = −1,
    compress/Algorithms/BitPacking.h) and α per output channel; the op binarizes its input.

    `mode=recognize` (default) rewrites only layers that already are binary, exactly
    (rel_error 0):
    * the input is a sign pattern (PDLL patterns, lib/Compression/BinarizeSignPatterns.pdll,
      constants: splat f32 constants of any shape):
      `tosa.select(tosa.greater_equal(x, 0), +1, −1)` (params `sign=ge0`; sign(±0) = +1,
      the op's own sign, `input_sign = ge0`: exact for every non-NaN x; at NaN the
      select gives −1 and the op +1), or the three-valued ONNX Sign,
      `select(greater(x, 0), +1, select(greater(0, x), −1, 0))` or the importer's form
      of ONNX `Sign`, `select(greater(x, 0), +1, select(greater(0, x), −1,
      select(equal(x, x), 0, x)))` (params `sign=onnx`; the op gets `input_sign = onnx`,
      which counts x == ±0 as 0: exact for every non-NaN x, zeros included; at NaN
      the op counts 0 where ONNX gives NaN). Operand order and constants must be
      exactly these: e.g. `select(x >= 0, −1, +1)`, `select(x > 0, +1, −1)` or a
      threshold other than 0 are not sign patterns;
    * between the sign and the layer there may be layout ops that commute with it:
      `tosa.transpose`, `tosa.reshape`, `tosa.slice` (a grouped conv's groups), and
      padding (`tosa.pad`, or the importer's `tosa.concat` of constant slabs) with a
      value v that is its own sign (0 and ±1 for `sign=onnx`, ±1 for `sign=ge0`); the
      binary op reads the same ops applied to x (clones: the originals stay while
      something else reads them);
    * every weight row (output channel) is ±α_f (α_f = 0 for an all-zero row).
    `mode=force` binarizes layers whatever their weights: α_f = mean |W_f| and
    sign(W) (sign(0) = +1), the input is binarized by the op (a sign pattern in front
    is absorbed); rel_error = ‖W − α·sign(W)‖ / ‖W‖. Without `layers` it leaves float,
    with a remark, what the field keeps float: the first conv (3 input channels), the
    last conv/matmul of each function, 1×1 convs and depthwise convs; a layer named in
    `layers` is binarized whatever it is. `layers` restricts either mode to the named
    layers (NameLoc of the location, the ONNX node name).

    Rewritten: `tosa.conv2d`, `tosa.depthwise_conv2d` ([kh, kw, C, M] → OHWI
    [C·M, kh, kw, 1], groups = C) and `tosa.matmul` of [1, M, K] by a constant [1, K, N]
    (W = Bᵀ, between collapse/expand_shape); padding is zero padding (`pad_value zero`).
    Zero points must be 0, types f32, weights constant; anything else is a skip with a
    remark. `compress.layer` record: method "binary", params (mode, sign form, binary_macs),
    weight_bytes_before = 4·(weights + bias), weight_bytes_after = 8·words + 4·F (α)
    + 4·F (bias), macs_before = the layer's MACs, macs_after = the 64-bit XNOR-popcount
    word operations (kh·kw·ceil((C/groups)/64) per output element), rel_error.

    Before:
    ```mlir
    %ge = tosa.greater_equal %x, %zero : (tensor<1x6x6x8xf32>, tensor<1x1x1x1xf32>) -> tensor<1x6x6x8xi1>
    %s = tosa.select %ge, %one, %minus_one : (tensor<1x6x6x8xi1>, tensor<1x1x1x1xf32>, tensor<1x1x1x1xf32>) -> tensor<1x6x6x8xf32>
    %y = tosa.conv2d %s, %w, %b, %zp, %zp {acc_type = f32, pad = array<i64: 1, 1, 1, 1>,
           stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} loc("conv2")
         : (...) -> tensor<1x6x6x4xf32>   // %w: every row ±α_f
    ```
    After:
    ```mlir
    %bits = arith.constant dense<...> : tensor<4x3x3x1xi64>
    %alpha = arith.constant dense<[5.000000e-01, ...]> : tensor<4xf32>
    %y = compress.binary_conv2d %x, %bits, %alpha, %b {compress.layer = #compress.layer<
           name = "conv2", method = "binary",
           params = "mode=recognize sign=ge0 binary_macs=10368", ...>,
           dilations = array<i64: 1, 1>, groups = 1 : i64, pad = array<i64: 1, 1, 1, 1>,
           pad_value = #compress<pad_value zero>, strides = array<i64: 1, 1>}
         : (tensor<1x6x6x8xf32>, tensor<4x3x3x1xi64>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x6x6x4xf32>
    ```
  }];
  // pdl / pdl_interp: the sign patterns are PDLL, parsed as pdl and compiled to
  // pdl_interp bytecode when the pass runs.
  let dependentDialects = ["::mlir::compress::CompressDialect", "::mlir::tensor::TensorDialect",
                           "::mlir::tosa::TosaDialect", "::mlir::arith::ArithDialect",
                           "::mlir::pdl::PDLDialect", "::mlir::pdl_interp::PDLInterpDialect"];
  let options = [
    Option<"mode", "mode", "::mlir::compress::BinarizeMode",
           "::mlir::compress::BinarizeMode::Recognize",
           "which layers become binary: recognize (default) or force",
           [{::llvm::cl::values(
             clEnumValN(::mlir::compress::BinarizeMode::Recognize, "recognize",
                        "exact: sign-pattern input, ±α weight rows"),
             clEnumValN(::mlir::compress::BinarizeMode::Force, "force",
                        "XNOR-Net: α = mean|W| per output channel"))}]>,
    ListOption<"layers", "layers", "std::string",
               "names of the layers to binarize (location NameLoc); empty: all eligible. "
               "In force mode a named layer is binarized even where float is the default">,
  ];
}

def CompressBinaryThresholds : Pass<"compress-binary-thresholds", "ModuleOp"> {
  let summary = "Packed ±1 activations between binary layers: BatchNorm + sign as integer thresholds";
  let description = [{
    In a binary network two binary layers are separated by float ops: the first
    layer's α·y + b, a per-channel BatchNorm (scale s, shift t: `tosa.mul` / `tosa.add`
    / `tosa.sub` by per-channel constants, as the importer writes BatchNormalization,
    and `tosa.clamp` (HardTanh, Clip), in any number and order), one optional
    `tosa.max_pool2d` anywhere among them, and the sign the second
    `compress.binary_conv2d` takes of its input. Since y is an integer in [−K, K]
    (K = kh·kw·C) and every step is monotone, the sign is a threshold on y (FINN,
    Umuroglu et al., "FINN: A Framework for Fast, Scalable Binarized Neural Network
    Inference", FPGA 2017; a negative scale flips the comparison, a zero scale makes
    the channel constant, a zero variance only a large scale). This pass rewrites

      binary_conv2d → [mul/add/sub/clamp | one max_pool2d]* → binary_conv2d

    into `binary_conv2d_threshold` (packed output) → [`binary_max_pool2d`] → the next
    layer on the packed input (`binary_conv2d_threshold` again when it starts a fused
    edge too, else `binary_conv2d_packed` with its float output), so no float tensor
    lies between two binary layers; the first layer of a chain reads
    `binary_pack(x)`, only the last produces floats.

    Exactness: per output channel the pass evaluates, for every integer y in [−K, K],
    the float expression the unfused graph computes, in f32 and in the graph's order
    (float(y), times α, plus b, then each chain op), and takes the consumer's sign
    (x < 0 → −1; ±0 → +1, the ge0 sign of binary_conv2d). The +1 accumulators form
    the interval [lo, hi] of `thresholds` (checked; empty or all of [−K, K] for a
    constant channel), so the packed bits equal the float graph's bit for bit,
    whatever the rounding. Max-pool commutes with every op after it, per channel:
    followed by non-decreasing ops the sign of the max is +1 iff one input is (the
    AND of the bits, bit 1 = −1); followed by a decreasing one (a negative scale, c − v)
    it is the sign of a minimum (the OR): `binary_max_pool2d` `or_words`. A value of exactly ±0 is exact here
    because the consumer's sign maps it to +1 as the encoding does.

    Not fused (a remark on the consumer names the reason; the layers stay as they are):
    a NaN for some y (inf·0 with a zero variance and zero epsilon; max-pool NaN
    semantics would matter); a +1 set that is not an interval (cannot happen for
    these monotone ops; checked anyway); groups != 1; dynamic shapes; a float
    value with another user (it is needed in float); a chain op whose constant is not
    per channel, a `tosa.mul` with a nonzero shift; non-constant α or bias of the
    producer; a max-pool with padding as large as its kernel; F·(2K+1) > 2^27; a
    producer or consumer carrying an attribute this pass does not know; and for FC
    consumers: a per-channel op or pool after a layout change, a non-spatial slice, a
    max-pool after a binary FC, a reshape that mixes batch rows, computed (non-constant)
    FC weight bits (they cannot be permuted at compile time).

    Input sign forms (`input_sign` of binary_conv2d / binary_matmul): `ge0` (±0 → +1)
    is what the bits hold, exactly. An `input_sign = onnx` layer (ONNX Sign, sign(0) =
    0: a zero a bit cannot hold) is fused as a consumer only if no accumulator of its
    producer gives exactly ±0 (checked in the same evaluation; otherwise a remark names
    the channel and y). As the first layer of a chain (it reads floats) it packs its
    input twice: `binary_pack` (sign bits) and `binary_pack {nonzero}` (x != 0), and its
    threshold op takes the nonzero plane as its `nonzero` operand (masked popcount, as
    binary_conv2d lowers input_sign = onnx); its accumulator then takes every integer
    of [−K, K], which the evaluation covers (it never assumes K's parity).

    Binary FC layers (`binary_matmul`) take part the same way: FC → per-channel ops →
    FC becomes `binary_matmul_threshold` → `binary_matmul_{threshold,packed}`; a conv →
    [slices, max-pool, per-channel ops] → Flatten (any `tosa.reshape` / `tosa.transpose`
    / tensor reshapes, e.g. ONNX's NCHW C·H·W order) → FC edge packs the conv's (pooled)
    NHWC output, collapses it to rows of H·W·ceil(C / 64) words and permutes the FC's
    weight bits at compile time into that layout (per pixel C channel bits, tail bits 0
    on both sides, so K stays the true count): the element map of the layout ops says
    which (pixel, channel) each FC feature reads; it must be the same for every batch
    row. Per-channel ops and pools are only accepted on the producer's own layout
    (not after a layout change); slices (a floor-mode max-pool's crop) only spatial.

    compress-compile runs this pass at the start of lowering, after the per-layer
    report is taken (the new ops carry no layer record).

    Before:
    ```mlir
    %y1 = compress.binary_conv2d %x, %w1, %a1, %b1 {...} : (...) -> tensor<1x8x8x70xf32>
    %s = tosa.mul %y1, %scale, %shift : (..., tensor<1x1x1x70xf32>, tensor<1xi8>) -> tensor<1x8x8x70xf32>
    %t = tosa.add %s, %shift_bn : (..., tensor<1x1x1x70xf32>) -> tensor<1x8x8x70xf32>
    %p = tosa.max_pool2d %t {kernel = array<i64: 2, 2>, stride = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>} : ... -> tensor<1x4x4x70xf32>
    %y2 = compress.binary_conv2d %p, %w2, %a2, %b2 {...} : (tensor<1x4x4x70xf32>, ...) -> tensor<1x4x4x16xf32>
    ```
    After:
    ```mlir
    %px = compress.binary_pack %x : (...) -> tensor<1x8x8x1xi64>
    %th = arith.constant dense<[[lo, hi], ...]> : tensor<70x2xi64>
    %q1 = compress.binary_conv2d_threshold %px, %w1, %th {input_channels = 3 : i64, ...} : (...) -> tensor<1x8x8x2xi64>
    %q2 = compress.binary_max_pool2d %q1 {kernel = array<i64: 2, 2>, ...} : (...) -> tensor<1x4x4x2xi64>
    %y2 = compress.binary_conv2d_packed %q2, %w2, %a2, %b2 {input_channels = 70 : i64, ...} : (...) -> tensor<1x4x4x16xf32>
    ```
  }];
  let dependentDialects = ["::mlir::compress::CompressDialect", "::mlir::arith::ArithDialect",
                           "::mlir::tensor::TensorDialect"];
}

#endif // COMPRESS_TRANSFORMS_PASSES_TD
