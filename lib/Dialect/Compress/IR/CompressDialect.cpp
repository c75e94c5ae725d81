//===- CompressDialect.cpp - the compress dialect -------------------------===//
#include "compress/Dialect/Compress/IR/CompressDialect.h"
#include "compress/Dialect/Compress/IR/CompressOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

#include <cmath>
#include <limits>

using namespace mlir;
using namespace mlir::compress;

#include "compress/Dialect/Compress/IR/CompressOpsDialect.cpp.inc"
#include "compress/Dialect/Compress/IR/CompressEnums.cpp.inc"
#define GET_ATTRDEF_CLASSES
#include "compress/Dialect/Compress/IR/CompressAttrs.cpp.inc"

void CompressDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "compress/Dialect/Compress/IR/CompressOps.cpp.inc"
      >();
  addAttributes<
#define GET_ATTRDEF_LIST
#include "compress/Dialect/Compress/IR/CompressAttrs.cpp.inc"
      >();
}

LogicalResult CompressDialect::verifyOperationAttribute(Operation *op, NamedAttribute attr) {
  if (attr.getName() != LayerAttr::getAttrName())
    return success();
  if (!isa<LayerAttr>(attr.getValue()))
    return op->emitOpError() << "expects '" << LayerAttr::getAttrName()
                             << "' to be a #compress.layer record, found " << attr.getValue();
  // A record describes a layer: the TOSA ops the importer and the compression passes
  // treat as layers (matched by name: the IR library does not depend on TOSA) or a
  // compress layer op.
  StringRef name = op->getName().getStringRef();
  if (!isa<CompressedLayerOpInterface>(op) && name != "tosa.conv2d" &&
      name != "tosa.depthwise_conv2d" && name != "tosa.matmul")
    return op->emitOpError() << "expects '" << LayerAttr::getAttrName()
                             << "' only on a layer (tosa.conv2d, tosa.depthwise_conv2d, "
                                "tosa.matmul or a compress layer op)";
  return success();
}

LayerAttr LayerAttr::get(Operation *op) {
  return op->getAttrOfType<LayerAttr>(getAttrName());
}

double LayerAttr::getRelErrorValue() const {
  return getRelError() ? getRelError().getValueAsDouble()
                       : std::numeric_limits<double>::quiet_NaN();
}

LogicalResult LayerAttr::verify(function_ref<InFlightDiagnostic()> emitError, StringRef name,
                                StringRef method, StringRef params,
                                std::optional<int64_t> bytesBefore,
                                std::optional<int64_t> bytesAfter,
                                std::optional<int64_t> macsBefore, std::optional<int64_t> macsAfter,
                                FloatAttr relError, FloatAttr weightNorm) {
  if (method.empty())
    return emitError() << "expects a method";
  if (bytesBefore.has_value() != bytesAfter.has_value())
    return emitError() << "expects weight_bytes_before and weight_bytes_after together";
  if (macsBefore.has_value() != macsAfter.has_value())
    return emitError() << "expects macs_before and macs_after together";
  for (auto [what, count] : {std::pair<StringRef, std::optional<int64_t>>{"weight_bytes_before",
                                                                         bytesBefore},
                             {"weight_bytes_after", bytesAfter},
                             {"macs_before", macsBefore},
                             {"macs_after", macsAfter}})
    if (count && *count < 0)
      return emitError() << "expects " << what << " >= 0, found " << *count;
  for (auto [what, value] : {std::pair<StringRef, FloatAttr>{"rel_error", relError},
                             {"weight_norm", weightNorm}})
  {
    if (value && !value.getType().isF64())
      return emitError() << "expects " << what << " to be an f64, found " << value.getType();
    // A norm or a relative error is never negative (NaN / Inf mark non-finite weights).
    if (value && value.getValueAsDouble() < 0)
      return emitError() << "expects " << what << " >= 0, found " << value.getValueAsDouble();
  }
  return success();
}
