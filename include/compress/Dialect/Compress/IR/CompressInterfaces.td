//===- CompressInterfaces.td - what every compressed layer op answers -*- tablegen -*-===//
#ifndef COMPRESS_INTERFACES_TD
#define COMPRESS_INTERFACES_TD

include "mlir/IR/OpBase.td"

def Compress_CompressedLayerOpInterface : OpInterface<"CompressedLayerOpInterface"> {
  let cppNamespace = "::mlir::compress";
  let description = [{
    Implemented by the eight `compress` ops (lowrank / sparse / codebook / binary ×
    conv2d / matmul): a conv or fully connected layer whose weights are held in a
    compressed form. Consumers (the decompress oracle, compress-compile --report,
    the lowerings) ask it instead of reading attributes by name:

    * the activation `input` (NHWC `[N, H, W, C]` or `[M, K]`), the `bias` (`[F]`)
      and the `output` (NHWC `[N, OH, OW, F]` or `[M, N]`);
    * `getConvGeometry()`: kernel taps, strides, pad, dilations and groups of a conv
      form, none for a matmul form;
    * F (output channels, N of a matmul), the reduction length (kh·kw·C/groups, or
      K), the dense-equivalent weight shape (OHWI `[F, kh, kw, C/groups]` or
      `[N, K]`);
    * MACs per inference of the dense-equivalent layer (output elements × reduction
      length) and of the compressed form, and the bytes of the compressed weights.

    Extents that are dynamic (`?`) make the counts `ShapedType::kDynamic`.

    The interface verifier holds the checks every form shares (it runs before the
    op's own verifier): the conv geometry (kernel taps ≥ 1, 2 strides ≥ 1, 4 pads ≥ 0,
    2 dilations ≥ 1, groups ≥ 1 dividing C and F, OH/OW ≥ 1, overflow-safe sizes), a
    bias of F elements, and the result shape (`N x OH x OW x F` or `M x N`).
  }];
  let methods = [
    InterfaceMethod<"The activation: NHWC [N, H, W, C] (conv) or [M, K] (matmul).",
                    "::mlir::Value", "getInput">,
    InterfaceMethod<"The per-output-channel bias, [F].", "::mlir::Value", "getBias">,
    InterfaceMethod<"The result: NHWC [N, OH, OW, F] (conv) or [M, N] (matmul).",
                    "::mlir::Value", "getOutput">,
    InterfaceMethod<[{
      Output channels F (N of a matmul) as the compressed weights imply them (low-rank
      `v`, binary `weight_bits`), or from the result and else the bias when the
      weights do not say (sparse, codebook). May be dynamic.
    }], "int64_t", "getOutputChannels">,
    InterfaceMethod<[{
      Geometry of a conv form; std::nullopt for a matmul form.
    }], "std::optional<::mlir::compress::ConvGeometry>", "getConvGeometry">,
    InterfaceMethod<[{
      Multiply-accumulates per inference of the compressed form: low-rank
      positions·r·(reduction + F), sparse positions·nnz, codebook the dense count,
      binary positions·F·kh·kw·words (popcount words). positions = N·OH·OW or M.
    }], "int64_t", "getCompressedMACs">,
    InterfaceMethod<[{
      Bytes of the compressed weights (the bias excluded): low-rank (|u| + |v|)·4,
      sparse 8·nnz + 4·(F + 1), codebook |indices| + 4·|centroids|, binary
      8·|weight_bits| + 4·F (α).
    }], "int64_t", "getCompressedWeightBytes">,
  ];
  let extraClassDeclaration = [{
    /// Whether this is a conv2d form (NHWC activations).
    bool isConv() { return getConvGeometry().has_value(); }
    /// kh·kw·(C/groups) of a conv, K of a matmul: the weights per output channel.
    int64_t getReductionLength();
    /// Positions each weight row is applied at: N·OH·OW of a conv, M of a matmul.
    int64_t getOutputPositions();
    /// Dense-equivalent weight shape: OHWI [F, kh, kw, C/groups] or [N, K].
    ::llvm::SmallVector<int64_t, 4> getDenseWeightShape();
    /// MACs per inference of the dense layer: positions · F · reduction length.
    int64_t getDenseMACs();
  }];
  let verify = [{ return ::mlir::compress::verifyCompressedLayer($_op); }];
}

#endif // COMPRESS_INTERFACES_TD
