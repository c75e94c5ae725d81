//===- Passes.td - rewrites on the imported IR ------------*- tablegen -*-===//
#ifndef COMPRESS_IMPORT_PASSES
#define COMPRESS_IMPORT_PASSES

include "mlir/Pass/PassBase.td"

def CompressFoldBatchNorm : Pass<"compress-fold-batchnorm", "func::FuncOp"> {
  let summary = "Fold an inference BatchNormalization into the preceding convolution";
  let description = [{
    The ONNX importer translates BatchNormalization on its own, as a per-channel
    `tosa.mul` by `gamma / sqrt(var + eps)` (scale) followed by a `tosa.add` of
    `beta - mean * scale` (shift), both constants of shape [1, 1, 1, C] on the
    NHWC conv result. When that result comes from a `tosa.conv2d` (weight OHWI)
    or `tosa.depthwise_conv2d` (weight HWCM) whose weight and bias are f32
    constants (inline or `dense_resource`) and whose only user is the mul, the
    pair is folded into the convolution (a grouped convolution, imported as a
    channel `tosa.concat` of single-use `tosa.conv2d` ops, folds each group's
    slice of the channels into its op): each weight of output channel `o` is
    multiplied by `scale[o]` and the bias becomes `bias[o] * scale[o] + shift[o]`
    (the same float operations as folding in ONNX layout). The new constants
    keep the kind of the old ones (a blob stays a blob) and the convolution op
    is kept, with its attributes. `importONNXModel` runs this pass on the module
    it returns.

    Left alone: runtime (non-constant) weights or bias, a conv result (or mul
    result) with other users, a mul or add whose other operand is not such a
    constant.

    Example (M = 2 output channels):
    ```mlir
    // Before
    %w = "tosa.const"() <{values = dense<...> : tensor<2x3x3x4xf32>}> : () -> tensor<2x3x3x4xf32>
    %b = "tosa.const"() <{values = dense<...> : tensor<2xf32>}> : () -> tensor<2xf32>
    %y = tosa.conv2d %x, %w, %b, %zp, %zp {...} : (...) -> tensor<1x8x8x2xf32>
    %s = "tosa.const"() <{values = dense<[[[[2.0, 0.5]]]]> : tensor<1x1x1x2xf32>}> : () -> tensor<1x1x1x2xf32>
    %t = "tosa.const"() <{values = dense<[[[[1.0, -1.0]]]]> : tensor<1x1x1x2xf32>}> : () -> tensor<1x1x1x2xf32>
    %m = tosa.mul %y, %s, %shift : (...) -> tensor<1x8x8x2xf32>
    %r = tosa.add %m, %t : (...) -> tensor<1x8x8x2xf32>
    // After: %w' = %w * scale per output channel, %b' = %b * scale + shift
    %r = tosa.conv2d %x, %w', %b', %zp, %zp {...} : (...) -> tensor<1x8x8x2xf32>
    ```
  }];
  let dependentDialects = ["tosa::TosaDialect"];
}


def CompressFoldMatMulBias : Pass<"compress-fold-matmul-bias", "func::FuncOp"> {
  let summary = "Take a constant bias Add into a fully connected layer's canonical shape";
  let description = [{
    The ONNX importer translates MatMul and the Add after it on their own. A
    MatMul becomes a `tosa.matmul` on [B, M, K] x [B, K, N] operands followed,
    when the ONNX output has another shape, by a `tosa.reshape` to it; the Add
    of a constant bias becomes a `tosa.add` of a `tosa.const` padded to the
    output's rank. This pass rewrites

    ```
    add(reshape(matmul(a, b)), bias)      (or add(bias, ...), or no reshape)
    ```

    into the canonical fully connected shape the importer gives Gemm
    (lib/Import/LinearOps.cpp):

    ```
    reshape(add(matmul(a, b), bias'))
    ```

    where `bias'` holds the same values as a `tosa.const` of shape [1, 1, N]
    (inline or `dense_resource`, as the old constant; a blob keeps its key).
    Matched when: the matmul result has one user (the reshape, or the add when
    there is no reshape) and so has the reshape; the add's result has the
    reshape's (or matmul's) type, whose last dim is the matmul's N; and the
    other add operand is an f32 `tosa.const` of N elements whose last dim is N
    ([N] padded to rank, e.g. [1, N] or [1, 1, N]). The matmul op is kept, with
    its attributes (`compress.layer`); the new bias const and add take the old
    ones' locations, and the new const and add, then the reshape and its
    `tosa.const_shape`, are placed right after the matmul. Gemm without C
    followed by an Add of a constant is folded the same way. `importONNXModel`
    runs this pass after `compress-fold-batchnorm`.

    Left alone: a matmul or reshape result with other users (e.g. a graph
    output), a runtime (non-constant) bias, a bias that broadcasts along
    another dim ([M, 1], [M, N], ...), a reshape that does not keep N as the
    last dim, and an add already in the canonical shape.

    Example (M = 3, K = 6, N = 5):
    ```mlir
    // Before
    %y = tosa.matmul %a, %w, %zp, %zp : (...) -> tensor<1x3x5xf32>
    %s = tosa.const_shape {values = dense<[3, 5]> : tensor<2xindex>} : () -> !tosa.shape<2>
    %r = tosa.reshape %y, %s : (tensor<1x3x5xf32>, !tosa.shape<2>) -> tensor<3x5xf32>
    %b = "tosa.const"() <{values = dense<...> : tensor<1x5xf32>}> : () -> tensor<1x5xf32>
    %z = tosa.add %r, %b : (tensor<3x5xf32>, tensor<1x5xf32>) -> tensor<3x5xf32>
    // After
    %y = tosa.matmul %a, %w, %zp, %zp : (...) -> tensor<1x3x5xf32>
    %b = "tosa.const"() <{values = dense<...> : tensor<1x1x5xf32>}> : () -> tensor<1x1x5xf32>
    %yb = tosa.add %y, %b : (tensor<1x3x5xf32>, tensor<1x1x5xf32>) -> tensor<1x3x5xf32>
    %s = tosa.const_shape {values = dense<[3, 5]> : tensor<2xindex>} : () -> !tosa.shape<2>
    %z = tosa.reshape %yb, %s : (tensor<1x3x5xf32>, !tosa.shape<2>) -> tensor<3x5xf32>
    ```
  }];
  let dependentDialects = ["tosa::TosaDialect"];
}

// --- group D: blocked sums ---
def CompressBlockedSums : Pass<"compress-blocked-sums", "func::FuncOp"> {
  let summary = "Sum long f32 reductions in blocks (a tree of short sums)";
  let description = [{
    The lowering turns `tosa.reduce_sum` and a global `tosa.avg_pool2d` into one
    sequential f32 accumulation, whose rounding error grows with the extent (the
    mean of a 1024x1024 plane of 1.7 was 1.7152). This pass rewrites a
    `tosa.reduce_sum` over an axis longer than `block` into a tree: the input
    reshaped to [outer, n, inner], zero-padded (`tosa.pad`) to a multiple of
    `block`, reshaped to [outer, n / block, block, inner] and summed over the
    block axis, level after level until at most `block` partial sums are left,
    which a last `tosa.reduce_sum` adds; then reshaped to the original result
    type. A global `tosa.avg_pool2d` (f32, kernel = the whole H x W plane,
    stride 1, no padding, zero points 0) over more than `block` elements becomes
    `tosa.reduce_sum` over H then W (each blocked) times 1 / (H * W). Each level
    lowers to its own sequential `linalg.reduce`, so the blocking survives
    codegen. `compress-lower-to-llvm` runs this pass first (ReduceSum,
    ReduceMean, Softmax denominators, GlobalAveragePool and the other sums);
    the imported IR keeps the single ops, which the compression passes (e.g.
    filter pruning's channel propagation) understand.

    Left alone: sums of at most `block` terms, non-f32 or dynamic shapes,
    max / min / product reductions, and pools with padding or strides.

    Example (block = 32):
    ```mlir
    // Before
    %s = tosa.reduce_sum %x {axis = 1 : i32} : (tensor<2x100xf32>) -> tensor<2x1xf32>
    // After: 100 -> padded to 128 -> 4 partial sums -> 1
    %r = tosa.reshape %x, ... -> tensor<2x100x1xf32>
    %p = tosa.pad %r, [0, 0, 0, 28, 0, 0], 0.0 -> tensor<2x128x1xf32>
    %b = tosa.reshape %p, ... -> tensor<2x4x32x1xf32>
    %l = tosa.reduce_sum %b {axis = 2 : i32} -> tensor<2x4x1x1xf32>
    %q = tosa.reshape %l, ... -> tensor<2x4x1xf32>
    %t = tosa.reduce_sum %q {axis = 1 : i32} -> tensor<2x1x1xf32>
    %s = tosa.reshape %t, ... -> tensor<2x1xf32>
    ```
  }];
  let options = [
    Option<"block", "block", "int64_t", /*default=*/"32",
           "Most terms one sequential sum adds (>= 2)">,
  ];
  let dependentDialects = ["tosa::TosaDialect"];
}


def CompressFoldChannelShuffle : Pass<"compress-fold-channel-shuffle", "func::FuncOp"> {
  let summary = "Fold channel shuffles into static channel permutations absorbed by the next convolutions";
  let description = [{
    ShuffleNet's channel shuffle (Zhang et al. 2018, "ShuffleNet"; Ma et al.
    2018, "ShuffleNet V2") is exported as Reshape [N, g, C/g, H, W] ->
    Transpose (0, 2, 1, 3, 4) -> Reshape [N, C, H, W], usually followed by a
    Split or Slice of the channels; other exporters write it in NHWC, with
    -1/0 reshape dims, or as a Gather-free Transpose of a 5-D view. The
    importer keeps 4-D activations NHWC, so it adds NHWC <-> NCHW transposes
    around it: three copies of the tensor per shuffle. All of it only reorders
    channels.

    This pass finds every chain of `tosa.transpose` / `tosa.reshape` /
    `tosa.slice` (at most 8 ops and 2^20 elements; at most 2^26 element-steps of
    this check per function, beyond which chains stay) that starts at a rank-4
    f32 tensor X = [N, H, W, C] and ends at a rank-4 tensor Y = [N, H, W, C']
    with Y[n, h, w, c] = X[n, h, w, sigma(c)] for one channel map sigma
    (checked by running the chain on an index tensor, so any spelling of the
    shuffle qualifies and nothing else does). Y is then written
    Perm(tau, Z) -- Y[..., c] = Z[..., tau(c)] -- where Z holds the channels
    sigma selects in ascending order: X itself, a `tosa.slice`, or a
    `tosa.concat` of the runs of consecutive channels, sliced from X's concat
    operands when X is a channel concat (the split of ShuffleNet V2 then reads
    the branches' outputs directly). A gather of more than 64 runs (one `tosa.concat` takes
    at most 64 operands at TOSA level 8K), e.g. every second channel of 160, is
    left as it is. The permutation tau is carried forward,
    in program order:

    - `tosa.conv2d` with constant weights absorbs it: W'[o, kh, kw, tau(c)] =
      W[o, kh, kw, c] (OHWI), the result is not permuted;
    - `tosa.depthwise_conv2d` with constant weights: HWCM weights and the bias
      are permuted by channel, the result carries tau (per multiplier);
    - per-channel unary ops (clamp, sigmoid, tanh, abs, negate, exp, log, erf,
      reciprocal, rsqrt, floor, ceil) and max/avg pooling carry it;
    - add/sub/mul/maximum/minimum/pow carry it when every rank-4 operand carries
      the same tau, is constant along channels (last dim 1), or is a constant
      (permuted along its channels): BatchNorm, hard-swish, SiLU;
    - a channel `tosa.concat` carries the operands' permutations side by side,
      so the next shuffle composes with it.

    Any other user (a reshape to 2-D, a graph output, a matmul, a runtime
    per-channel operand, a conv with runtime weights) keeps reading the
    original value, whose ops stay; ops left without users are erased. The
    rewrite is exact up to the order of the channel sums in the absorbing
    convolution (float rounding). ShuffleNetV2 x1.0 keeps one transpose (the
    graph input's).

    Example (a shuffle of 4 channels in 2 groups, then a 1x1 conv):
    ```mlir
    // Before
    %t = tosa.transpose %x {perms = array<i32: 0, 3, 1, 2>} : (tensor<1x5x5x4xf32>) -> tensor<1x4x5x5xf32>
    %r = tosa.reshape %t, %s5 : (tensor<1x4x5x5xf32>, !tosa.shape<5>) -> tensor<1x2x2x5x5xf32>
    %p = tosa.transpose %r {perms = array<i32: 0, 2, 1, 3, 4>} : (...) -> tensor<1x2x2x5x5xf32>
    %q = tosa.reshape %p, %s4 : (tensor<1x2x2x5x5xf32>, !tosa.shape<4>) -> tensor<1x4x5x5xf32>
    %u = tosa.transpose %q {perms = array<i32: 0, 2, 3, 1>} : (tensor<1x4x5x5xf32>) -> tensor<1x5x5x4xf32>
    %y = tosa.conv2d %u, %w, %b, %zp, %zp {...} : (...) -> tensor<1x5x5x8xf32>
    // After: the weights' input channels in the order 0, 2, 1, 3
    %y = tosa.conv2d %x, %w_permuted, %b, %zp, %zp {...} : (...) -> tensor<1x5x5x8xf32>
    ```
    `importONNXModel` runs this pass after `compress-fold-batchnorm`.
  }];
  let dependentDialects = ["tosa::TosaDialect"];
}

#endif
