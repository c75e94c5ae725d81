//===- TensorFile.h - tensors read from .npy / .pb, written to .npy -------===//
//
// Host-side tensors for compress-run and tests: NumPy .npy files (format
// versions 1.0, 2.0 and 3.0, little-endian, C order; float32, float64,
// float16, int8..int64, uint8..uint64, bool) and ONNX TensorProto .pb files
// (FLOAT, DOUBLE, FLOAT16, BFLOAT16, INT8..INT64, UINT8..UINT64, BOOL; raw_data
// or the typed field onnx.proto assigns to the type). Every reader checks
// all sizes against the file before touching data, so a malformed or
// truncated file gives an error naming it, never an out-of-bounds read.
//
//===----------------------------------------------------------------------===//

#ifndef COMPRESS_RUNTIME_TENSORFILE_H
#define COMPRESS_RUNTIME_TENSORFILE_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <string>
#include <vector>

namespace llvm {
class raw_ostream;
} // namespace llvm

namespace compress::runtime {

/// Largest tensor the runtime allocates. A shape past it in a file or in a
/// model's info is refused instead of exhausting memory.
constexpr uint64_t kMaxTensorBytes = uint64_t(1) << 32;

/// Bytes per element of a numpy dtype name ("float32", "bfloat16", "bool",
/// "uint64", ... as in CompressModel.h), 0 for an unknown name.
size_t getDtypeSize(llvm::StringRef dtype);
/// Whether the dtype is float16 / bfloat16 / float32 / float64.
bool isFloatDtype(llvm::StringRef dtype);
/// Decodes IEEE half / bfloat16 bits (inf and NaN included).
double halfToDouble(uint16_t bits);
double bfloat16ToDouble(uint16_t bits);

/// A dense row-major (C order) tensor in host memory: `bytes` holds
/// numElements() little-endian elements of getDtypeSize(dtype) bytes each
/// (float16/bfloat16 as raw bits, bool as one byte 0 or 1).
struct HostTensor {
  std::string dtype = "float32";
  std::vector<int64_t> shape;
  std::vector<uint8_t> bytes;

  uint64_t numElements() const { return bytes.size() / getDtypeSize(dtype); }
  /// Element i converted to double (exact for every dtype but int64/uint64
  /// past 2^53).
  double getAsDouble(uint64_t i) const;
  /// Element i of an integer or bool tensor, sign- or zero-extended.
  int64_t getAsInt64(uint64_t i) const;
  uint64_t getAsUInt64(uint64_t i) const;
};

/// "1x3x4x5"; "scalar" for rank 0.
std::string formatShape(llvm::ArrayRef<int64_t> shape);

/// The number of elements of `shape`, or an error if a dimension is negative
/// or the byte size for `dtype` overflows or exceeds kMaxTensorBytes.
llvm::Expected<uint64_t> getNumElements(llvm::ArrayRef<int64_t> shape,
                                        llvm::StringRef dtype = "float32");

/// Parses the contents of a .npy file (errors do not name a file).
llvm::Expected<HostTensor> parseNpy(llvm::StringRef contents);
/// Reads a .npy file; errors name `path`.
llvm::Expected<HostTensor> readNpyFile(llvm::StringRef path);

/// Parses a serialized onnx.TensorProto (errors do not name a file).
llvm::Expected<HostTensor> parseTensorProto(llvm::StringRef contents);
/// Reads an ONNX TensorProto .pb file; errors name `path`.
llvm::Expected<HostTensor> readTensorProtoFile(llvm::StringRef path);

/// Reads `path` as .npy or .pb: by extension, else by the .npy magic string.
llvm::Expected<HostTensor> readTensorFile(llvm::StringRef path);

/// Writes a .npy (format 1.0, or 2.0 if the header needs it) of `tensor`'s
/// dtype; bfloat16, which numpy lacks, is written as its raw bits ('<u2').
void writeNpy(llvm::raw_ostream &os, const HostTensor &tensor);
/// Writes a .npy file atomically: to a temporary file in the same directory,
/// renamed over `path` only once complete. Errors name `path`.
llvm::Error writeNpyFile(llvm::StringRef path, const HostTensor &tensor);

} // namespace compress::runtime

#endif // COMPRESS_RUNTIME_TENSORFILE_H
