//===- fuzz-tensor-file.cpp - libFuzzer targets: the tensor file readers -===//
//
// Built twice (fuzz/CMakeLists.txt): fuzz-npy with COMPRESS_FUZZ_PARSER=parseNpy
// and fuzz-tensorproto with COMPRESS_FUZZ_PARSER=parseTensorProto, the .npy and
// ONNX TensorProto .pb readers of lib/Runtime that compress-run uses for its
// inputs. Bytes -> parser. A malformed file must give an llvm::Error; a parsed
// tensor must have as many floats as its shape says. Anything else (crash,
// sanitizer report, abort) is a finding.
//
#include "compress/Runtime/TensorFile.h"

#include <cstdint>
#include <cstdlib>

#ifndef COMPRESS_FUZZ_PARSER
#error "define COMPRESS_FUZZ_PARSER to parseNpy or parseTensorProto"
#endif

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  llvm::StringRef bytes(reinterpret_cast<const char *>(data), size);
  auto tensor = compress::runtime::COMPRESS_FUZZ_PARSER(bytes);
  if (!tensor) {
    llvm::consumeError(tensor.takeError());
    return 0;
  }
  auto n = compress::runtime::getNumElements(tensor->shape);
  if (!n || *n != tensor->data.size())
    abort(); // the reader returned a tensor whose data does not match its shape
  return 0;
}
