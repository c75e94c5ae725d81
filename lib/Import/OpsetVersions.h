//===- OpsetVersions.h - ONNX operator versions up to opset 21 ----*- C++ -*-===//
//
// Private to lib/Import. The versions ("since_version" of each schema) of the
// default-domain (ai.onnx) operators the importer knows, from opset 1 to 21, as
// listed in onnx/defs/operator_sets.h of ONNX 1.16. Debian's libonnx (1.12) only
// registers schemas up to opset 17; this table lets the importer tell which
// version of an operator a model at opset 18..21 uses, and lets the ONNX checker
// be run on such models without rejecting the newer forms (see importONNXModel).
//
#ifndef COMPRESS_LIB_IMPORT_OPSETVERSIONS_H
#define COMPRESS_LIB_IMPORT_OPSETVERSIONS_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>

namespace mlir::compress::onnx_import {

/// The newest opset whose operator versions the table below knows.
constexpr int64_t kLatestKnownOpset = 21;

/// Every version of `op` up to opset 21, ascending; empty for an operator the
/// table does not list.
llvm::ArrayRef<int> operatorVersions(llvm::StringRef op);

/// The version of `op` in effect in a model importing `opset` of the default
/// domain: the largest version <= opset (opsets above 21 are treated as 21).
/// 0 when `op` does not exist yet at `opset` or is not listed.
int operatorVersion(llvm::StringRef op, int64_t opset);

} // namespace mlir::compress::onnx_import

#endif
