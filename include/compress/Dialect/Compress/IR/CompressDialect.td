//===- CompressDialect.td - the compress dialect -------------*- tablegen -*-===//
#ifndef COMPRESS_DIALECT_TD
#define COMPRESS_DIALECT_TD

include "mlir/IR/OpBase.td"

def Compress_Dialect : Dialect {
  let name = "compress";
  let cppNamespace = "::mlir::compress";
  let summary = "Weight-compressed convolution and matmul (fully connected) layers";
  let description = [{
    The `compress` dialect holds CNN layers whose constant weights are kept in a
    compressed form all the way to native code. Four families, each with a conv2d and
    a matmul (fully connected) form:

    * `lowrank_*`: factorized weights, W[F, C·kh·kw] ≈ V[F, r] · U[r, C·kh·kw]
      (Denton et al. 2014; Jaderberg et al. 2014).
    * `sparse_*`: pruned weights in CSR (compressed sparse row) form, one row per
      output channel, columns over the reduction axis (Han et al. 2015).
    * `codebook_*`: weight sharing, centroids f32[k] plus bit-packed indices of 1-8
      bits (Deep Compression, Han et al. 2016).
    * `binary_*`: ±1 weights bit-packed in 64-bit words, computed with XNOR/XOR and
      popcount, scaled per output channel by α (XNOR-Net, Rastegari et al. 2016).

    Conventions shared by every op:
    * Activations of conv forms are NHWC: input `tensor<N x H x W x C x f32>`, result
      `tensor<N x OH x OW x F x f32>` with
      `OH = (H + pad_top + pad_bottom - dilation_h·(kh-1) - 1) / stride_h + 1` (floor),
      likewise OW. `pad` is `[top, bottom, left, right]`, as in TOSA.
    * Conv weights are indexed OHWI: output channel f, tap (i, j), input channel c of
      its group (`C / groups` channels per group); the reduction axis of one output
      channel is flattened in (i, j, c) order, c fastest.
    * Matmul forms compute `y[m, n] = Σ_k x[m, k] · W[n, k] + bias[n]`: the input is
      `tensor<M x K x f32>`, the weights are held with the output feature first
      (W[N, K], like OIHW), the result is `tensor<M x N x f32>`.
    * `bias` is always present (zeros when the layer has none): `tensor<F x f32>`.
    * Every op has an exact oracle: decompress the weights and run the dense op
      (`--compress-decompress`).
    * Verifiers compare every static extent (dynamic `?` extents are accepted) and,
      when the compressed weights are constants, check their contents. Each
      message names what was expected and what was found, e.g.
      `expects result of shape [1, 4, 7, 4] (N x OH x OW x F), found [1, 7, 13, 4]`.
    * The shared arithmetic (output size, packed row sizes, index decoding,
      constant access) is in `compress/Dialect/Compress/IR/CompressUtils.h`.
  }];
  let useDefaultAttributePrinterParser = 1;
  // `compress.layer` on any op must be a #compress.layer record.
  let hasOperationAttrVerify = 1;
}

#endif // COMPRESS_DIALECT_TD
