//===- CompressInterfaces.h - what every compressed layer op answers -*- C++ -*-===//
#ifndef COMPRESS_DIALECT_COMPRESS_IR_COMPRESSINTERFACES_H
#define COMPRESS_DIALECT_COMPRESS_IR_COMPRESSINTERFACES_H

#include "mlir/IR/OpDefinition.h"
#include "llvm/ADT/SmallVector.h"

#include <cstdint>
#include <optional>

namespace mlir::compress {

/// Geometry of a compressed conv2d form, as the op holds it (the arrays point
/// into attributes or types, which live as long as the context).
struct ConvGeometry {
  /// Kernel taps [kh, kw]: the `kernel_size` attribute (sparse, codebook; its size
  /// is checked by the interface verifier) or dims 1-2 of `u` / `weight_bits`.
  ArrayRef<int64_t> kernel;
  /// Whether `kernel` is the `kernel_size` attribute, and how messages call it.
  bool kernelIsAttribute = false;
  StringRef kernelName;
  /// [sh, sw], [top, bottom, left, right], [dh, dw], as in TOSA.
  ArrayRef<int64_t> strides, pad, dilations;
  int64_t groups = 1;
};

/// The checks every compressed layer op shares (see CompressedLayerOpInterface).
LogicalResult verifyCompressedLayer(Operation *op);

} // namespace mlir::compress

#include "compress/Dialect/Compress/IR/CompressInterfaces.h.inc"

#endif // COMPRESS_DIALECT_COMPRESS_IR_COMPRESSINTERFACES_H
