//===- CompiledModel.h - a compiled model loaded from a shared library ----===//
//
// Loads lib<name>.so, resolves E_packed and E_info (see CompressModel.h) and
// parses the signature, so callers only deal with buffers.
//
//===----------------------------------------------------------------------===//

#ifndef COMPRESS_RUNTIME_COMPILEDMODEL_H
#define COMPRESS_RUNTIME_COMPILEDMODEL_H

#include "compress/Runtime/CompressModel.h"
#include "compress/Runtime/ModelInfo.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"

#include <memory>

namespace compress::runtime {

class CompiledModel {
public:
  /// Loads the library at `path` and the entry point named `entry`. Errors
  /// name the library and, for a missing symbol, list the entries it does
  /// export.
  static llvm::Expected<std::unique_ptr<CompiledModel>>
  load(llvm::StringRef path, llvm::StringRef entry);

  ~CompiledModel();
  CompiledModel(const CompiledModel &) = delete;
  CompiledModel &operator=(const CompiledModel &) = delete;

  const ModelInfo &getInfo() const { return info; }

  /// Calls E_packed: `buffers` holds the inputs then the outputs, sized as
  /// getInfo() says. Returns the model's return code (COMPRESS_OK = 0).
  int32_t run(llvm::ArrayRef<void *> buffers) const;

  // Intra-op threads.
  /// Calls E_set_num_threads(n) (0 = the default: COMPRESS_NUM_THREADS, else the
  /// cores available). Fails for n > 1024, or when the library was compiled before
  /// threads existed (it exports no E_set_num_threads).
  llvm::Error setNumThreads(unsigned n) const;
  /// E_get_num_threads(): the threads a lone call uses; 1 for a library without it.
  int32_t getNumThreads() const;

private:
  CompiledModel() = default;

  void *handle = nullptr;
  compress_packed_entry_t packedEntry = nullptr;
  int32_t (*setThreadsFn)(int32_t) = nullptr;
  int32_t (*getThreadsFn)() = nullptr;
  ModelInfo info;
};

/// Checks, without mapping it, that `path` is an ELF shared library for this
/// host (class, byte order, machine) whose program headers, PT_LOAD segments
/// and section headers lie inside the file: dlopen of a truncated or
/// corrupted library dies with SIGBUS instead of failing. load() calls this.
llvm::Error validateModelLibrary(llvm::StringRef path);

/// Whether `name` can be an entry name: a C identifier.
bool isValidEntryName(llvm::StringRef name);

} // namespace compress::runtime

#endif // COMPRESS_RUNTIME_COMPILEDMODEL_H
