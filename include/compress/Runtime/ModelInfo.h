//===- ModelInfo.h - the signature a compiled model reports in E_info() ---===//
//
// Parses and validates the JSON document described in CompressModel.h.
//
//===----------------------------------------------------------------------===//

#ifndef COMPRESS_RUNTIME_MODELINFO_H
#define COMPRESS_RUNTIME_MODELINFO_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/JSON.h"

#include <cstdint>
#include <string>
#include <vector>

namespace compress::runtime {

/// One input or output of a compiled model.
struct TensorSpec {
  std::string name;
  std::string dtype;
  std::vector<int64_t> shape;
  /// Inputs: 0, or L > 0 when the model returns COMPRESS_ERROR_INPUT_RANGE
  /// for an element outside [-L, L] (JSON "range", optional).
  int64_t range = 0;
  /// Filled in by parseModelInfo once the shape is validated.
  uint64_t numElements = 0;
};

/// The signature of one entry point.
struct ModelInfo {
  std::string entry;
  std::vector<TensorSpec> inputs;
  std::vector<TensorSpec> outputs;
};

bool fromJSON(const llvm::json::Value &value, TensorSpec &spec,
              llvm::json::Path path);
bool fromJSON(const llvm::json::Value &value, ModelInfo &info,
              llvm::json::Path path);

/// Parses an E_info() document and checks what the runtime relies on: every
/// dtype is one of CompressModel.h's names (float32, int64, bool, ...), every
/// dimension is non-negative, sizes do not overflow.
llvm::Expected<ModelInfo> parseModelInfo(llvm::StringRef json);

} // namespace compress::runtime

#endif // COMPRESS_RUNTIME_MODELINFO_H
