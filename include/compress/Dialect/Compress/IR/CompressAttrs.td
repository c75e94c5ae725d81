//===- CompressAttrs.td - enums and attributes of compress ---*- tablegen -*-===//
#ifndef COMPRESS_ATTRS_TD
#define COMPRESS_ATTRS_TD

include "compress/Dialect/Compress/IR/CompressDialect.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"

def Compress_PadValue : I32EnumAttr<"PadValue",
    "value a padded tap of a binary conv takes", [
      I32EnumAttrCase<"zero", 0>,
      I32EnumAttrCase<"one", 1>,
      I32EnumAttrCase<"minus_one", 2>]> {
  let genSpecializedAttr = 0;
  let cppNamespace = "::mlir::compress";
}
def Compress_PadValueAttr : EnumAttr<Compress_Dialect, Compress_PadValue, "pad_value">;

// How a binary op takes the sign of its float input (binary_conv2d / binary_matmul):
// `ge0` is the binary encoding's own sign (x < 0 -> -1, else +1: sign(0) = +1);
// `onnx` is ONNX Sign (x > 0 -> +1, x < 0 -> -1, x == 0 -> 0), computed exactly with
// a second bit plane "x != 0" (see the ops' descriptions).
def Compress_InputSign : I32EnumAttr<"InputSign",
    "the sign function a binary op applies to its float input", [
      I32EnumAttrCase<"ge0", 0>,
      I32EnumAttrCase<"onnx", 1>]> {
  let genSpecializedAttr = 0;
  let cppNamespace = "::mlir::compress";
}
def Compress_InputSignAttr : EnumAttr<Compress_Dialect, Compress_InputSign, "input_sign">;

def Compress_LayerAttr : AttrDef<Compress_Dialect, "Layer"> {
  let mnemonic = "layer";
  let summary = "what a conv / matmul layer is and how it was compressed";
  let description = [{
    The record of one layer, set under the discardable attribute name
    `compress.layer` (LayerAttr::getAttrName()) on the op that computes it: a
    tosa.conv2d / tosa.depthwise_conv2d / tosa.matmul (the ONNX importer attaches
    `method = "dense"` with the node name) or the compress op a compression pass
    built. Read by layerName() (layer filters, remarks) and by
    compress-compile --report.

    * `name`: the layer (ONNX node) name, "" when unknown.
    * `method`: "dense", or the compression method(s) ("codebook", "lowrank",
      "sparse", "binary", "prune", "prune-filters"; chained methods are joined
      with "+").
    * `params`: the method's parameters as text (omitted when empty).
    * `weight_bytes_before` / `weight_bytes_after`: bytes of the layer's f32
      weights before compression and of their compressed form.
    * `macs_before` / `macs_after`: multiply-accumulates per inference; absent
      when the method does not change them (the report counts the dense layer's).
    * `rel_error`: ‖W − Ŵ‖ / ‖W‖ (Frobenius norms) of the weights the op computes
      with, an f64; NaN or Inf when the weights were not finite.
    * `weight_norm`: ‖W‖ of the original weights, an f64 (lets the report combine
      the errors of the parts of one layer, e.g. the groups of a grouped conv).

    The record is only accepted on those ops (the dialect's attribute verifier).
    The byte counts come together, so do the MAC counts, and every count, rel_error and
    weight_norm is ≥ 0 (or NaN / Inf for non-finite weights).

    Example:
    ```mlir
    #compress.layer<name = "conv1", method = "codebook", params = "bits=4 per-tensor",
                    weight_bytes_before = 1728, weight_bytes_after = 280,
                    rel_error = 2.1e-02 : f64>
    ```
  }];
  let parameters = (ins
    StringRefParameter<"the layer (ONNX node) name">:$name,
    StringRefParameter<"dense or the compression method">:$method,
    StringRefParameter<"the method's parameters", "\"\"">:$params,
    OptionalParameter<"std::optional<int64_t>">:$weight_bytes_before,
    OptionalParameter<"std::optional<int64_t>">:$weight_bytes_after,
    OptionalParameter<"std::optional<int64_t>">:$macs_before,
    OptionalParameter<"std::optional<int64_t>">:$macs_after,
    OptionalParameter<"FloatAttr">:$rel_error,
    OptionalParameter<"FloatAttr">:$weight_norm
  );
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    /// The discardable attribute name the record is set under.
    static constexpr ::llvm::StringLiteral getAttrName() { return "compress.layer"; }
    /// The record of `op`, or null when it has none.
    static LayerAttr get(::mlir::Operation *op);
    /// The relative error as a double (NaN when absent).
    double getRelErrorValue() const;
  }];
}

#endif // COMPRESS_ATTRS_TD
