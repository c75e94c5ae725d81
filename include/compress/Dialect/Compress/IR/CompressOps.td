//===- CompressOps.td - compressed conv2d and matmul ops -----*- tablegen -*-===//
#ifndef COMPRESS_OPS_TD
#define COMPRESS_OPS_TD

include "compress/Dialect/Compress/IR/CompressDialect.td"
include "compress/Dialect/Compress/IR/CompressAttrs.td"
include "compress/Dialect/Compress/IR/CompressInterfaces.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/IR/OpBase.td"

class Compress_Op<string mnemonic, list<Trait> traits = []>
    : Op<Compress_Dialect, mnemonic,
         !listconcat(traits, [Pure, Compress_CompressedLayerOpInterface])> {
  let hasVerifier = 1;
  // CompressedLayerOpInterface methods the ODS accessors do not provide.
  let extraClassDeclaration = [{
    int64_t getOutputChannels();
    std::optional<::mlir::compress::ConvGeometry> getConvGeometry();
    int64_t getCompressedMACs();
    int64_t getCompressedWeightBytes();
  }];
  let assemblyFormat = "operands attr-dict `:` functional-type(operands, results)";
}

def F32Tensor4D : TensorRankOf<[F32], [4]>;
def F32Tensor2D : TensorRankOf<[F32], [2]>;
def F32Tensor1D : TensorRankOf<[F32], [1]>;

// Attributes every conv2d form carries. `pad` is [top, bottom, left, right].
defvar ConvGeometry = (ins
  DenseI64ArrayAttr:$strides,
  DenseI64ArrayAttr:$pad,
  DenseI64ArrayAttr:$dilations);

//===----------------------------------------------------------------------===//
// Low-rank
//===----------------------------------------------------------------------===//

def Compress_LowRankConv2DOp : Compress_Op<"lowrank_conv2d"> {
  let summary = "conv2d with factorized weights: a kh×kw conv to r channels, then 1×1 to F";
  let description = [{
    The dense weight W[F, kh, kw, C] (OHWI) is held as two factors of the matrix
    W[F, kh·kw·C] ≈ V[F, r] · U[r, kh·kw·C] (truncated SVD; Denton et al. 2014,
    "Exploiting Linear Structure Within Convolutional Networks"):

    * `u`: `tensor<r x kh x kw x C x f32>`, the first conv (stride, padding and
      dilation of the layer), r output channels;
    * `v`: `tensor<F x r x f32>`, the 1×1 conv from r to F channels;
    * `bias`: `tensor<F x f32>`, added after the second conv.

    `input` is NHWC `tensor<N x H x W x C x f32>`, the result NHWC
    `tensor<N x OH x OW x F x f32>`. Groups are not supported (groups = 1).
    Pays off only when r < F·n/(F+n) with n = kh·kw·C.

    Verifier: v is F x r with u's r; u's channel dim equals C; kh, kw ≥ 1;
    `bias` has F elements; `strides` and `dilations` have 2 elements ≥ 1, `pad`
    4 elements ≥ 0; the result is N x OH x OW x F with OH, OW ≥ 1 (dialect formula).

    Example:
    ```mlir
    %y = compress.lowrank_conv2d %x, %u, %v, %b {strides = array<i64: 1, 1>,
           pad = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>}
         : (tensor<1x8x8x16xf32>, tensor<4x3x3x16xf32>, tensor<32x4xf32>, tensor<32xf32>)
           -> tensor<1x8x8x32xf32>
    ```
  }];
  let arguments = !con((ins F32Tensor4D:$input, F32Tensor4D:$u, F32Tensor2D:$v,
                            F32Tensor1D:$bias), ConvGeometry);
  let results = (outs F32Tensor4D:$output);
}

def Compress_LowRankMatmulOp : Compress_Op<"lowrank_matmul"> {
  let summary = "fully connected layer with factorized weights W[N, K] ≈ V[N, r] · U[r, K]";
  let description = [{
    `y[m, n] = Σ_j V[n, j] · (Σ_k U[j, k] · x[m, k]) + bias[n]`.

    * `input`: `tensor<M x K x f32>`; `u`: `tensor<r x K x f32>`;
      `v`: `tensor<N x r x f32>`; `bias`: `tensor<N x f32>`; result `tensor<M x N x f32>`.

    Verifier: u's K equals the input's K, v's r equals u's r, `bias` has N
    elements, the result is M x N.

    Example:
    ```mlir
    %y = compress.lowrank_matmul %x, %u, %v, %b
         : (tensor<2x9xf32>, tensor<3x9xf32>, tensor<4x3xf32>, tensor<4xf32>) -> tensor<2x4xf32>
    ```
  }];
  let arguments = (ins F32Tensor2D:$input, F32Tensor2D:$u, F32Tensor2D:$v,
                       F32Tensor1D:$bias);
  let results = (outs F32Tensor2D:$output);
}

//===----------------------------------------------------------------------===//
// Sparse (CSR)
//===----------------------------------------------------------------------===//

def Compress_SparseConv2DOp : Compress_Op<"sparse_conv2d"> {
  let summary = "conv2d with pruned weights in CSR form (rows = output channels)";
  let description = [{
    The weight W[F, kh, kw, C/groups] (OHWI) is held as a CSR matrix of F rows and
    kh·kw·(C/groups) columns, the column of tap (i, j) and channel c being
    `(i·kw + j)·(C/groups) + c`:

    * `values`: `tensor<nnz x f32>`, the nonzero weights row by row;
    * `col_indices`: `tensor<nnz x i32>`, their columns, in [0, kh·kw·C/groups);
    * `row_offsets`: `tensor<(F+1) x i32>`, row f holds entries
      `[row_offsets[f], row_offsets[f+1])`; monotone, first 0, last nnz;
    * `bias`: `tensor<F x f32>`.

    `kernel_size` is [kh, kw]; output channel f reads the input channels of group
    `f / (F / groups)`. NHWC input and result as every conv form; F is the
    result's channel count.

    Verifier: `kernel_size` has 2 elements ≥ 1; `groups` ≥ 1 divides C and F;
    geometry and result shape as for every conv form; `bias` has F elements;
    `values` and `col_indices` have the same length nnz; `row_offsets` has F + 1
    elements. When `row_offsets` is a constant: it starts at 0, never decreases
    and ends at nnz. When `col_indices` is a constant: every column is in
    [0, kh·kw·C/groups). Non-constant `row_offsets` / `col_indices` cannot be
    checked: `convert-compress-to-linalg` rejects them unless its option
    `allow-computed-indices` is set (then the caller guarantees the ranges).

    Example (groups = 2, C = 4, F = 6, 3x1 taps: 6 columns per row):
    ```mlir
    %y = compress.sparse_conv2d %x, %vals, %cols, %rows, %b {kernel_size = array<i64: 3, 1>,
           strides = array<i64: 1, 1>, pad = array<i64: 1, 1, 0, 0>,
           dilations = array<i64: 1, 1>, groups = 2 : i64}
         : (tensor<1x5x6x4xf32>, tensor<3xf32>, tensor<3xi32>, tensor<7xi32>, tensor<6xf32>)
           -> tensor<1x5x6x6xf32>
    ```
  }];
  let arguments = !con((ins F32Tensor4D:$input, F32Tensor1D:$values,
                            TensorRankOf<[I32], [1]>:$col_indices,
                            TensorRankOf<[I32], [1]>:$row_offsets, F32Tensor1D:$bias,
                            DenseI64ArrayAttr:$kernel_size),
                       ConvGeometry, (ins I64Attr:$groups));
  let results = (outs F32Tensor4D:$output);
}

def Compress_SparseMatmulOp : Compress_Op<"sparse_matmul"> {
  let summary = "fully connected layer with pruned weights W[N, K] in CSR form";
  let description = [{
    * `input`: `tensor<M x K x f32>`; `values`: `tensor<nnz x f32>`;
      `col_indices`: `tensor<nnz x i32>` in [0, K); `row_offsets`:
      `tensor<(N+1) x i32>`, monotone from 0 to nnz; `bias`: `tensor<N x f32>`;
      result `tensor<M x N x f32>`.

    Verifier: as for `sparse_conv2d` with F = N and K columns; the result is M x N.
  }];
  let arguments = (ins F32Tensor2D:$input, F32Tensor1D:$values,
                       TensorRankOf<[I32], [1]>:$col_indices,
                       TensorRankOf<[I32], [1]>:$row_offsets, F32Tensor1D:$bias);
  let results = (outs F32Tensor2D:$output);
}

//===----------------------------------------------------------------------===//
// Codebook (weight sharing)
//===----------------------------------------------------------------------===//

def Compress_CodebookConv2DOp : Compress_Op<"codebook_conv2d"> {
  let summary = "conv2d with shared weights: centroids plus bit-packed indices";
  let description = [{
    Weight sharing as in Deep Compression (Han et al. 2016): every weight is one of k
    centroids, stored as a `bits`-bit index (1 ≤ bits ≤ 8, k ≤ 2^bits).

    * `centroids`: `tensor<k x f32>` (one codebook per tensor) or
      `tensor<F x k x f32>` (one codebook per output channel);
    * `indices`: `tensor<F x B x i8>`, row f holds the indices of output channel f's
      kh·kw·(C/groups) weights in OHWI order, packed little-endian: index e occupies
      bits [e·bits, (e+1)·bits) of the row, bit 0 being the least significant bit
      of byte 0; `B = ceil(kh·kw·(C/groups)·bits / 8)`; unused tail bits are 0;
    * `bias`: `tensor<F x f32>`.

    W[f, i, j, c] = centroids[(f,)? index(f, (i·kw + j)·(C/groups) + c)].
    `kernel_size` is [kh, kw]. NHWC input and result as every conv form; F is the
    result's channel count. CompressUtils.h has the shared `codebookRowBytes`,
    `decodeCodebookIndex` and `encodeCodebookIndex`.

    Verifier: `bits` in [1, 8]; `kernel_size` has 2 elements ≥ 1; `groups` ≥ 1
    divides C and F; geometry and result shape as for every conv form; `bias`
    has F elements; per-channel centroids have F rows; 1 ≤ k ≤ 2^bits; `indices`
    is F x B. When `indices` is a constant: every decoded index is < k and the
    unused tail bits of every row are 0. Non-constant `indices` cannot be checked:
    `convert-compress-to-linalg` rejects them unless its option
    `allow-computed-indices` is set (then the caller guarantees index < k).

    Example (3x3 taps x 3 channels x 3 bits = 81 bits = 11 bytes per row):
    ```mlir
    %y = compress.codebook_conv2d %x, %c, %i, %b {bits = 3 : i64,
           kernel_size = array<i64: 3, 3>, strides = array<i64: 2, 2>,
           pad = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, groups = 1 : i64}
         : (tensor<1x7x13x3xf32>, tensor<5xf32>, tensor<4x11xi8>, tensor<4xf32>)
           -> tensor<1x4x7x4xf32>
    ```
  }];
  let arguments = !con((ins F32Tensor4D:$input, TensorRankOf<[F32], [1, 2]>:$centroids,
                            TensorRankOf<[I8], [2]>:$indices, F32Tensor1D:$bias,
                            ConfinedAttr<I64Attr, [IntMinValue<1>, IntMaxValue<8>]>:$bits,
                            DenseI64ArrayAttr:$kernel_size),
                       ConvGeometry, (ins I64Attr:$groups));
  let results = (outs F32Tensor4D:$output);
}

def Compress_CodebookMatmulOp : Compress_Op<"codebook_matmul"> {
  let summary = "fully connected layer with shared weights: centroids plus bit-packed indices";
  let description = [{
    * `input`: `tensor<M x K x f32>`; `centroids`: `tensor<k x f32>` or
      `tensor<N x k x f32>`; `indices`: `tensor<N x B x i8>` with
      `B = ceil(K·bits / 8)`, packed as for `codebook_conv2d`; `bias`:
      `tensor<N x f32>`; result `tensor<M x N x f32>`.

    Verifier: as for `codebook_conv2d` with F = N and K indices per row; the
    result is M x N.
  }];
  let arguments = (ins F32Tensor2D:$input, TensorRankOf<[F32], [1, 2]>:$centroids,
                       TensorRankOf<[I8], [2]>:$indices, F32Tensor1D:$bias,
                       ConfinedAttr<I64Attr, [IntMinValue<1>, IntMaxValue<8>]>:$bits);
  let results = (outs F32Tensor2D:$output);
}

//===----------------------------------------------------------------------===//
// Binary (XNOR + popcount)
//===----------------------------------------------------------------------===//

def Compress_BinaryConv2DOp : Compress_Op<"binary_conv2d"> {
  let summary = "conv2d of sign(input) with ±1 weights, bit-packed, XNOR + popcount";
  let description = [{
    XNOR-Net (Rastegari et al. 2016): `y = α[f] · Σ sign(x) · w + bias[f]`, w ∈ {−1, +1}.

    * `input`: NHWC `tensor<N x H x W x C x f32>`; the op binarizes it,
      sign(x) = −1 for x < 0, +1 otherwise (sign(0) = +1);
    * `weight_bits`: `tensor<F x kh x kw x D x i64>` with D = ceil((C/groups) / 64):
      channel c of tap (i, j) is bit (c mod 64) of word c / 64; bit 1 means −1,
      bit 0 means +1; tail bits past C/groups are 0;
    * `alpha`: `tensor<F x f32>`, per-output-channel scale; `bias`: `tensor<F x f32>`;
    * `pad_value`: what a padded tap contributes: `zero` (exact zero padding: the
      tap adds nothing), `one` or `minus_one` (the tap reads +1 / −1);
    * `input_sign`: the sign taken of `input`. `ge0` (default): −1 for x < 0, +1
      otherwise (sign(0) = +1, sign(NaN) = +1). `onnx`: ONNX Sign, +1 for x > 0, −1
      for x < 0 and 0 for x == ±0, so a binary layer fed by ONNX `Sign` gives ONNX
      Runtime's answer also on exact zeros (after ReLU, max-pool of ReLU, zero
      padding). NaN counts as 0 under `onnx` (ONNX gives NaN, which would make every
      output it reaches NaN; the op stays finite). Requires `pad_value = zero`.

    Computed as `K_eff − 2·popcount(a XOR w)` where K_eff counts the real (non-tail,
    and for zero padding in-bounds) channels. With `input_sign = onnx` a second bit
    plane nz = "x != 0" (same layout as `a`) masks the count:
    `popcount(nz) − 2·popcount((a XOR w) AND nz)` summed over the window; the
    popcount(nz) of a pixel does not depend on the output channel and is computed
    once per input pixel. (XNOR-Net counts K − 2·popcount; the masked form is the
    ternary-activation count of e.g. Alemdar et al., "Ternary Neural Networks for
    Resource-Efficient AI Applications", IJCNN 2017, with binary weights.)
    F and kh × kw come from `weight_bits`.

    Verifier: kh, kw ≥ 1; `groups` ≥ 1 divides C and F; `input_sign = onnx` only
    with `pad_value = zero`; geometry and result shape
    as for every conv form; `alpha` and `bias` have F elements; D =
    ceil((C/groups) / 64). When `weight_bits` is a constant: the bits past C/groups
    in the last word of every tap are 0. Non-constant `weight_bits` cannot be
    checked: `convert-compress-to-linalg` clears their tail bits before the
    popcount, so any bit pattern gives the ±1 conv of its real channels.

    Example (C = 65: two words per tap):
    ```mlir
    %y = compress.binary_conv2d %x, %w, %alpha, %b {strides = array<i64: 1, 1>,
           pad = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, groups = 1 : i64,
           pad_value = #compress<pad_value minus_one>}
         : (tensor<1x5x5x65xf32>, tensor<8x3x3x2xi64>, tensor<8xf32>, tensor<8xf32>)
           -> tensor<1x5x5x8xf32>
    ```
  }];
  let arguments = !con((ins F32Tensor4D:$input, TensorRankOf<[I64], [4]>:$weight_bits,
                            F32Tensor1D:$alpha, F32Tensor1D:$bias),
                       ConvGeometry,
                       (ins I64Attr:$groups,
                            DefaultValuedAttr<Compress_PadValueAttr,
                                              "::mlir::compress::PadValue::zero">:$pad_value,
                            DefaultValuedAttr<Compress_InputSignAttr,
                                              "::mlir::compress::InputSign::ge0">:$input_sign));
  let results = (outs F32Tensor4D:$output);
}

def Compress_BinaryMatmulOp : Compress_Op<"binary_matmul"> {
  let summary = "fully connected layer of sign(input) with ±1 weights, XNOR + popcount";
  let description = [{
    `y[m, n] = α[n] · Σ_k sign(x[m, k]) · w[n, k] + bias[n]`.

    * `input`: `tensor<M x K x f32>`; `weight_bits`: `tensor<N x D x i64>` with
      D = ceil(K / 64), encoded as for `binary_conv2d`; `alpha`, `bias`:
      `tensor<N x f32>`; result `tensor<M x N x f32>`;
    * `input_sign`: `ge0` (default, sign(0) = +1) or `onnx` (ONNX Sign, sign(0) = 0,
      NaN counts as 0), as for `binary_conv2d`: with `onnx` the dot product of row m
      is `popcount(nz_m) − 2·popcount((a_m XOR w_n) AND nz_m)`.

    Verifier: D = ceil(K / 64); `alpha` and `bias` have N elements; the result is
    M x N; when `weight_bits` is a constant, the bits past K in the last word of
    every row are 0 (computed ones get them cleared by the lowering).
  }];
  let arguments = (ins F32Tensor2D:$input, TensorRankOf<[I64], [2]>:$weight_bits,
                       F32Tensor1D:$alpha, F32Tensor1D:$bias,
                       DefaultValuedAttr<Compress_InputSignAttr,
                                         "::mlir::compress::InputSign::ge0">:$input_sign);
  let results = (outs F32Tensor2D:$output);
}

//===----------------------------------------------------------------------===//
// Packed activations between binary layers
//===----------------------------------------------------------------------===//
//
// These ops carry ±1 activations as bits from one binary layer to the next (created by
// compress-binary-thresholds). Bit encoding as for the binary weights: NHWC, channel c
// of a pixel is bit (c mod 64) of word c / 64, bit 1 means −1, bit 0 means +1, and the
// tail bits past the real channels of the last word are 0. They are not layer ops
// (no CompressedLayerOpInterface): the report and compress-decompress see the binary
// layers before fusion.

def I64Tensor4D : TensorRankOf<[I64], [4]>;

class Compress_PackedOp<string mnemonic, list<Trait> traits = []>
    : Op<Compress_Dialect, mnemonic, !listconcat(traits, [Pure])> {
  let hasVerifier = 1;
  let assemblyFormat = "operands attr-dict `:` functional-type(operands, results)";
}

def Compress_BinaryPackOp : Compress_PackedOp<"binary_pack"> {
  let summary = "sign bits of a float NHWC tensor, packed along channels";
  let description = [{
    `output[n, h, w, d]` bit b = 1 iff `input[n, h, w, 64·d + b] < 0` (sign(x) = −1),
    so sign(0) = +1 and sign(NaN) = +1, the sign `binary_conv2d` takes of its input;
    bits past C are 0.

    With `nonzero`, the op packs the nonzero plane instead: bit b = 1 iff
    `input[n, h, w, 64·d + b] != 0` (ordered: NaN gives 0, as ±0). A layer whose input
    sign is ONNX's (sign(0) = 0, `input_sign = onnx`) reads the pair: the sign bits say
    −1 / +1 where the nonzero bit is 1, and a 0 bit masks the channel out of the count
    (see `binary_conv2d_threshold`'s `nonzero` operand).

    * `input`: `tensor<N x H x W x C x f32>`;
    * result: `tensor<N x H x W x D x i64>`, D = ceil(C / 64).

    Verifier: the result is N x H x W x ceil(C / 64).

    Example (the two planes of an ONNX-sign first layer):
    ```mlir
    %s = compress.binary_pack %x : (tensor<1x5x5x65xf32>) -> tensor<1x5x5x2xi64>
    %nz = compress.binary_pack %x {nonzero} : (tensor<1x5x5x65xf32>) -> tensor<1x5x5x2xi64>
    ```
  }];
  let arguments = (ins F32Tensor4D:$input, UnitAttr:$nonzero);
  let results = (outs I64Tensor4D:$output);
}

def Compress_BinaryConv2DThresholdOp : Compress_PackedOp<"binary_conv2d_threshold"> {
  let summary = "binary conv2d on packed ±1 input whose output is packed by per-channel thresholds";
  let description = [{
    The integer accumulator of a binary conv (XNOR-Net, Rastegari et al. 2016),
    `y = K_eff − 2·popcount(a XOR w)` (the ±1 dot product of a tap window, an integer
    in [−K, K], K = kh·kw·C), compared per output channel with an integer interval
    (FINN, Umuroglu et al. 2017: batch norm + sign after a binary layer is a threshold
    on the accumulator):

      output channel f is +1 (bit 0) iff `thresholds[f, 0] ≤ y ≤ thresholds[f, 1]`,
      else −1 (bit 1).

    One bound suffices for a monotone activation (a batch-norm scale ≥ 0 keeps
    `[t, K]`, a negative scale flips the comparison to `[−K, t]`), and an interval
    covers both, plus constant channels (zero scale): `[−K, K]` is always +1, an empty
    interval (lo > hi) always −1.

    * `input`: packed `tensor<N x H x W x D x i64>`, D = ceil(C / 64), C =
      `input_channels`; tail bits past C must be 0 (every producer of packed bits in
      this dialect writes them so);
    * `weight_bits`: `tensor<F x kh x kw x D x i64>`, encoded as for `binary_conv2d`
      (tail bits 0; computed weights get them cleared by the lowering);
    * `thresholds`: `tensor<F x 2 x i64>`, [lo, hi] per output channel;
    * `nonzero` (optional): the nonzero plane of the input (`binary_pack {nonzero}`,
      same shape and layout as `input`) of a layer whose input sign is ONNX's (sign(0)
      = 0; the first layer of a chain reading floats with `input_sign = onnx`): the
      count becomes the masked one of `binary_conv2d` with `input_sign = onnx`,
      `y = Σ_taps popcount(nz) − 2·popcount((a XOR w) AND nz)`, so y takes every
      integer of [−K, K] (not only those of K's parity) and the thresholds must be
      derived for all of them (compress-binary-thresholds does). Requires `pad_value =
      zero` (a zero input and a zero pad both add nothing);
    * `pad_value`, `strides`, `pad` ([top, bottom, left, right]), `dilations`: as for
      `binary_conv2d` (zero padding: a padded tap adds nothing and K_eff counts only
      in-bounds taps, so y keeps the parity and range of the float conv of sign(x));
      groups = 1;
    * result: packed `tensor<N x OH x OW x ceil(F / 64) x i64>`, tail bits 0.

    Verifier: D = ceil(C / 64) in the input and the weights; `thresholds` is F x 2;
    `nonzero` has the input's shape and comes only with `pad_value = zero`;
    2 strides ≥ 1, 4 pads ≥ 0, 2 dilations ≥ 1; the result is N x OH x OW x
    ceil(F / 64) with OH = (H + top + bottom − dilation·(kh − 1) − 1) / stride + 1
    (likewise OW) ≥ 1; constant weight tail bits are 0.

    Example (C = 65, F = 70):
    ```mlir
    %p = compress.binary_conv2d_threshold %a, %w, %t {input_channels = 65 : i64,
           strides = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>,
           dilations = array<i64: 1, 1>}
         : (tensor<1x5x5x2xi64>, tensor<70x3x3x2xi64>, tensor<70x2xi64>)
           -> tensor<1x5x5x2xi64>
    ```
  }];
  let arguments = !con((ins I64Tensor4D:$input, I64Tensor4D:$weight_bits,
                            TensorRankOf<[I64], [2]>:$thresholds,
                            Optional<I64Tensor4D>:$nonzero),
                       (ins ConfinedAttr<I64Attr, [IntMinValue<1>]>:$input_channels),
                       ConvGeometry,
                       (ins DefaultValuedAttr<Compress_PadValueAttr,
                                              "::mlir::compress::PadValue::zero">:$pad_value));
  let results = (outs I64Tensor4D:$output);
}

def Compress_BinaryConv2DPackedOp : Compress_PackedOp<"binary_conv2d_packed"> {
  let summary = "binary conv2d on packed ±1 input with a float output (the last layer of a packed chain)";
  let description = [{
    `binary_conv2d` whose input is already packed: `y = α[f]·(K_eff − 2·popcount(a XOR
    w)) + bias[f]` in f32 (the integer converted to f32, times α, plus bias, in that
    order, as `binary_conv2d` computes it), so the result is bit-identical to
    `binary_conv2d` on a float input with the same signs.

    * `input`: packed `tensor<N x H x W x D x i64>`, D = ceil(C / 64), C =
      `input_channels`, tail bits 0;
    * `weight_bits`, geometry, `pad_value`: as for `binary_conv2d_threshold`;
    * `alpha`, `bias`: `tensor<F x f32>`; result `tensor<N x OH x OW x F x f32>`.

    Verifier: as `binary_conv2d_threshold`, with `alpha` and `bias` of F elements and
    the result N x OH x OW x F.
  }];
  let arguments = !con((ins I64Tensor4D:$input, I64Tensor4D:$weight_bits,
                            F32Tensor1D:$alpha, F32Tensor1D:$bias),
                       (ins ConfinedAttr<I64Attr, [IntMinValue<1>]>:$input_channels),
                       ConvGeometry,
                       (ins DefaultValuedAttr<Compress_PadValueAttr,
                                              "::mlir::compress::PadValue::zero">:$pad_value));
  let results = (outs F32Tensor4D:$output);
}

def Compress_BinaryMaxPool2DOp : Compress_PackedOp<"binary_max_pool2d"> {
  let summary = "max pooling of packed ±1 activations: the AND of the window's bits";
  let description = [{
    With bit 1 = −1 and bit 0 = +1, the maximum of ±1 values is +1 iff one of them
    is +1, so the output bit is the AND of the window's bits (a minimum would be
    the OR). Padded taps are skipped (as TOSA's max_pool2d pads with −∞), so pads
    must be smaller than the kernel (no window is all padding). Tail bits stay 0.

    * `input`: packed `tensor<N x H x W x D x i64>`;
    * `kernel` (2 values ≥ 1), `stride` (2 values ≥ 1), `pad` ([top, bottom, left,
      right], each ≥ 0 and below the kernel extent of its axis);
    * `or_words` (optional, D words): channels whose bit is set are pooled by OR
      instead (the sign of a minimum: a max-pool followed by a decreasing per-channel
      function, e.g. a BatchNorm with a negative scale, before the sign);
    * result: `tensor<N x OH x OW x D x i64>`, OH = (H + top + bottom − kh) / sh + 1.

    Verifier: the attribute sizes and ranges above (`or_words` empty or D words),
    the result shape. Tail bits stay 0 either way.
  }];
  let arguments = (ins I64Tensor4D:$input, DenseI64ArrayAttr:$kernel,
                       DenseI64ArrayAttr:$stride, DenseI64ArrayAttr:$pad,
                       DefaultValuedAttr<DenseI64ArrayAttr, "{}">:$or_words);
  let results = (outs I64Tensor4D:$output);
}

def I64Tensor2D : TensorRankOf<[I64], [2]>;

def Compress_BinaryMatmulThresholdOp : Compress_PackedOp<"binary_matmul_threshold"> {
  let summary = "binary fully connected layer on packed ±1 input whose output is packed by per-channel thresholds";
  let description = [{
    The matmul form of `binary_conv2d_threshold`: the ±1 dot product of row m with
    weight row n, `y = K − 2·popcount(a_m XOR w_n)` (XNOR-Net, Rastegari et al. 2016;
    an integer in [−K, K]), compared with a per-channel interval (FINN, Umuroglu et al.
    2017): output channel n of row m is +1 (bit 0) iff `thresholds[n, 0] ≤ y ≤
    thresholds[n, 1]`, else −1 (bit 1).

    Packed input layout: the K = G·C features of a row are G groups of C features
    (C = `input_channels`), each group in Dc = ceil(C / 64) words, feature c of group g
    bit (c mod 64) of word g·Dc + c / 64; the bits past C in a group's last word are 0.
    G = 1 is a plain packed vector (the output of another binary FC); a conv's packed
    NHWC output [N, H, W, Dc] collapsed to [N, H·W·Dc] is G = H·W pixels of C channels.
    The weights use the same layout (compress-binary-thresholds permutes the weight
    bits of a Flatten'ed conv output into it at compile time, whatever order the model
    flattened in), so the zero bits on both sides XOR to 0 and count nothing.

    * `input`: `tensor<M x D x i64>`, D = G·Dc;
    * `weight_bits`: `tensor<N x D x i64>`, same layout, bit 1 = −1, bit 0 = +1;
    * `thresholds`: `tensor<N x 2 x i64>`, [lo, hi] per output channel;
    * `nonzero` (optional): `tensor<M x D x i64>`, the nonzero plane of an input whose
      sign is ONNX's (sign(0) = 0): `y = popcount(nz) − 2·popcount((a XOR w) AND nz)`,
      any integer in [−K, K];
    * result: `tensor<M x ceil(N / 64) x i64>`, tail bits 0.

    Verifier: D is a multiple of ceil(C / 64); `weight_bits` is N x D; `thresholds`
    N x 2; `nonzero` has the input's shape; the result is M x ceil(N / 64); constant
    weights have 0 past C in every group's last word.

    Example (conv output 3x3 pixels of 65 channels, flattened: G = 9, D = 18, K = 585):
    ```mlir
    %p = compress.binary_matmul_threshold %a, %w, %t {input_channels = 65 : i64}
         : (tensor<1x18xi64>, tensor<70x18xi64>, tensor<70x2xi64>) -> tensor<1x2xi64>
    ```
  }];
  let arguments = (ins I64Tensor2D:$input, I64Tensor2D:$weight_bits, I64Tensor2D:$thresholds,
                       Optional<I64Tensor2D>:$nonzero,
                       ConfinedAttr<I64Attr, [IntMinValue<1>]>:$input_channels);
  let results = (outs I64Tensor2D:$output);
}

def Compress_BinaryMatmulPackedOp : Compress_PackedOp<"binary_matmul_packed"> {
  let summary = "binary fully connected layer on packed ±1 input with a float output (the last layer of a packed chain)";
  let description = [{
    `binary_matmul` whose input is already packed: `y[m, n] = α[n]·(K − 2·popcount(a_m
    XOR w_n)) + bias[n]` in f32 (the integer converted to f32, times α, plus bias, in
    that order, as `binary_matmul` computes it: bit-identical to `binary_matmul` on a
    float input with the same signs and no zeros).

    * `input`: `tensor<M x D x i64>` and `weight_bits`: `tensor<N x D x i64>` in the
      grouped layout of `binary_matmul_threshold` (G groups of C = `input_channels`
      features, Dc = ceil(C / 64) words each, K = G·C);
    * `alpha`, `bias`: `tensor<N x f32>`; result `tensor<M x N x f32>`.

    Verifier: as `binary_matmul_threshold`, with `alpha` and `bias` of N elements and
    the result M x N.

    Example:
    ```mlir
    %y = compress.binary_matmul_packed %a, %w, %alpha, %b {input_channels = 100 : i64}
         : (tensor<2x2xi64>, tensor<10x2xi64>, tensor<10xf32>, tensor<10xf32>) -> tensor<2x10xf32>
    ```
  }];
  let arguments = (ins I64Tensor2D:$input, I64Tensor2D:$weight_bits, F32Tensor1D:$alpha,
                       F32Tensor1D:$bias, ConfinedAttr<I64Attr, [IntMinValue<1>]>:$input_channels);
  let results = (outs F32Tensor2D:$output);
}

#endif // COMPRESS_OPS_TD
