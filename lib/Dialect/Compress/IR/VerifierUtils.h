//===- VerifierUtils.h - helpers shared by the compress op verifiers -------===//
//
// Internal to CompressDialect (CompressOps.cpp defines them; CompressPackedOps.cpp uses
// them too), so both verifiers word their diagnostics the same way.
//
//===----------------------------------------------------------------------===//
#ifndef COMPRESS_LIB_DIALECT_COMPRESS_IR_VERIFIERUTILS_H
#define COMPRESS_LIB_DIALECT_COMPRESS_IR_VERIFIERUTILS_H

#include "mlir/IR/Operation.h"
#include "mlir/Support/LLVM.h"

#include <string>

namespace mlir::compress::detail {

/// Two extents agree unless both are static and differ.
bool extentsAgree(int64_t a, int64_t b);

/// "[d0, d1, ?]": a shape or attribute array, dynamic extents as "?".
std::string formatList(ArrayRef<int64_t> values);

/// `values` (the attribute `name`) has `size` elements, each >= `minValue`; otherwise an
/// op error naming the attribute and its elements.
LogicalResult verifyArray(Operation *op, StringRef name, ArrayRef<int64_t> values,
                          size_t size, int64_t minValue);

} // namespace mlir::compress::detail

#endif // COMPRESS_LIB_DIALECT_COMPRESS_IR_VERIFIERUTILS_H
