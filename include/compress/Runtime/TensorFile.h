//===- TensorFile.h - float32 tensors read from .npy / .pb, written to .npy
//===//
//
// Host-side tensors for compress-run and tests: NumPy .npy files (format
// versions 1.0, 2.0 and 3.0, little-endian float32, C order) and ONNX
// TensorProto .pb files (FLOAT, raw_data or float_data). Every reader checks
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

/// A dense row-major (C order) float32 tensor in host memory.
struct HostTensor {
  std::vector<int64_t> shape;
  std::vector<float> data;
};

/// "1x3x4x5"; "scalar" for rank 0.
std::string formatShape(llvm::ArrayRef<int64_t> shape);

/// The number of elements of `shape`, or an error if a dimension is negative
/// or the float32 byte size overflows or exceeds kMaxTensorBytes.
llvm::Expected<uint64_t> getNumElements(llvm::ArrayRef<int64_t> shape);

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

/// Writes a float32 .npy (format 1.0, or 2.0 if the header needs it).
void writeNpy(llvm::raw_ostream &os, llvm::ArrayRef<int64_t> shape,
              llvm::ArrayRef<float> data);
/// Writes a .npy file atomically: to a temporary file in the same directory,
/// renamed over `path` only once complete. Errors name `path`.
llvm::Error writeNpyFile(llvm::StringRef path, llvm::ArrayRef<int64_t> shape,
                         llvm::ArrayRef<float> data);

} // namespace compress::runtime

#endif // COMPRESS_RUNTIME_TENSORFILE_H
