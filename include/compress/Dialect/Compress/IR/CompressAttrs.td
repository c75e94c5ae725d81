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

#endif // COMPRESS_ATTRS_TD
