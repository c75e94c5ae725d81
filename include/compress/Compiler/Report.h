//===- Report.h - the per-layer compression report -------------*- C++ -*-===//
//
// compress-compile --report: one row per conv / matmul layer of a module on
// tensors (after the compression passes), with the method, its parameters,
// weight bytes and multiply-accumulates before and after, and the relative
// reconstruction error ‖W − Ŵ‖ / ‖W‖ of the weights.
//
#ifndef COMPRESS_COMPILER_REPORT_H
#define COMPRESS_COMPILER_REPORT_H

#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/raw_ostream.h"

#include <optional>
#include <string>

namespace mlir::compress {

struct ReportRow {
  std::string layer, op, method, params;
  int64_t bytesBefore = 0, bytesAfter = 0;
  int64_t macsBefore = 0, macsAfter = 0;
  /// ‖W − Ŵ‖ / ‖W‖; none when unknown or when the weights are not all finite.
  std::optional<double> relError;
  /// NaN or Inf in the weights (or a non-finite rel_error): no error is claimed.
  bool nonFiniteWeights = false;
};

/// The rows of `module`, in program order: compressed layers (from their layer
/// records) and dense conv / matmul layers with constant weights.
llvm::SmallVector<ReportRow> collectReport(ModuleOp module);

/// Layer name -> how it is held now: "dense" (a conv / matmul with constant weights),
/// the record's method, or the compress op's family (codebook, lowrank, ...). Cheap
/// (no weight is read): compress-compile takes it before the compression passes to
/// tell the layers they changed from those the input already held compressed.
llvm::StringMap<std::string> collectLayerMethods(ModuleOp module);

/// Whole-model memory figures known only after lowering and linking; -1 = not known
/// (the compile stopped earlier, or --emit stops before that stage).
struct ReportMemory {
  /// Heap scratch memory of one call besides inputs and outputs (ModelSignature::
  /// scratchBytes: the buffer arena).
  int64_t scratchBytes = -1;
  /// Size of the shared library file (--emit=lib).
  int64_t libraryBytes = -1;
};

/// Prints the rows and a total line as a table, or as JSON
/// ({"layers": [...], "total_weight_bytes_before": ..., ...}), then the known
/// `memory` figures (text: "scratch memory per call: N bytes", "library: N bytes";
/// JSON: "scratch_bytes_per_call", "library_bytes").
void printReport(llvm::ArrayRef<ReportRow> rows, llvm::raw_ostream &os, bool json,
                 const ReportMemory &memory = {});

} // namespace mlir::compress

#endif // COMPRESS_COMPILER_REPORT_H
