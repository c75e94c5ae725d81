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

#endif
