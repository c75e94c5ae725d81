//===- fuzz-tensorproto.cpp - libFuzzer target: the TensorProto .pb reader ===//
//
// Bytes -> compress::runtime::parseTensorProto (what compress-run reads for an ONNX
// TensorProto .pb input). A malformed file must give an llvm::Error; a parsed tensor must have
// as many floats as its shape says. Anything else (crash, sanitizer report) is
// a finding.
//
#include "compress/Runtime/TensorFile.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  llvm::StringRef bytes(reinterpret_cast<const char *>(data), size);
  auto tensor = compress::runtime::parseTensorProto(bytes);
  if (!tensor) {
    llvm::consumeError(tensor.takeError());
    return 0;
  }
  auto n = compress::runtime::getNumElements(tensor->shape);
  if (!n || *n != tensor->data.size())
    abort(); // the reader returned a tensor whose data does not match its shape
  return 0;
}
