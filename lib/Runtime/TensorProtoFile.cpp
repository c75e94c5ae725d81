//===- TensorProtoFile.cpp - ONNX TensorProto (.pb) reader ----------------===//

#include "compress/Runtime/TensorFile.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/MemoryBuffer.h"

#include <climits>
#include <onnx/onnx_pb.h>

using namespace llvm;

namespace compress::runtime {

/// The numpy dtype name of an ONNX TensorProto data_type, or "".
static StringRef protoDtype(int type) {
  switch (type) {
  case onnx::TensorProto::FLOAT: return "float32";
  case onnx::TensorProto::DOUBLE: return "float64";
  case onnx::TensorProto::FLOAT16: return "float16";
  case onnx::TensorProto::BFLOAT16: return "bfloat16";
  case onnx::TensorProto::INT8: return "int8";
  case onnx::TensorProto::UINT8: return "uint8";
  case onnx::TensorProto::INT16: return "int16";
  case onnx::TensorProto::UINT16: return "uint16";
  case onnx::TensorProto::INT32: return "int32";
  case onnx::TensorProto::UINT32: return "uint32";
  case onnx::TensorProto::INT64: return "int64";
  case onnx::TensorProto::UINT64: return "uint64";
  case onnx::TensorProto::BOOL: return "bool";
  default: return "";
  }
}

/// Appends the low `size` bytes of `value`, little-endian.
static void appendLE(std::vector<uint8_t> &bytes, uint64_t value, size_t size) {
  for (size_t i = 0; i < size; ++i)
    bytes.push_back(uint8_t(value >> (8 * i)));
}

Expected<HostTensor> parseTensorProto(StringRef contents) {
  if (contents.size() > size_t(INT_MAX))
    return createStringError("file is too large for a TensorProto (%zu bytes)",
                             contents.size());
  onnx::TensorProto proto;
  if (!proto.ParseFromArray(contents.data(), int(contents.size())))
    return createStringError("not a valid ONNX TensorProto");
  StringRef dtype = protoDtype(proto.data_type());
  if (dtype.empty()) {
    std::string name = onnx::TensorProto::DataType_IsValid(proto.data_type())
                           ? onnx::TensorProto::DataType_Name(
                                 onnx::TensorProto::DataType(proto.data_type()))
                           : "unknown";
    return createStringError(
        "unsupported data_type %s (%d); expected FLOAT, DOUBLE, FLOAT16, "
        "BFLOAT16, INT8..INT64, UINT8..UINT64 or BOOL",
        name.c_str(), int(proto.data_type()));
  }
  if (proto.data_location() == onnx::TensorProto::EXTERNAL)
    return createStringError(
        "tensor data is stored externally (data_location EXTERNAL); expected "
        "raw_data or a typed data field in the file");
  if (proto.has_segment())
    return createStringError("segmented tensors are not supported");

  HostTensor tensor;
  tensor.dtype = dtype.str();
  size_t size = getDtypeSize(dtype);
  tensor.shape.assign(proto.dims().begin(), proto.dims().end());
  Expected<uint64_t> count = getNumElements(tensor.shape, dtype);
  if (!count)
    return count.takeError();
  const std::string &raw = proto.raw_data();
  // The typed field onnx.proto assigns to each data_type.
  int typedCount;
  const char *field;
  if (dtype == "float32")
    typedCount = proto.float_data_size(), field = "float_data";
  else if (dtype == "float64")
    typedCount = proto.double_data_size(), field = "double_data";
  else if (dtype == "int64")
    typedCount = proto.int64_data_size(), field = "int64_data";
  else if (dtype == "uint32" || dtype == "uint64")
    typedCount = proto.uint64_data_size(), field = "uint64_data";
  else
    typedCount = proto.int32_data_size(), field = "int32_data";
  if (!raw.empty() && typedCount != 0)
    return createStringError("tensor has both raw_data and %s", field);
  if (!raw.empty()) {
    uint64_t expectedBytes = *count * size;
    if (raw.size() != expectedBytes)
      return createStringError("raw_data has %zu bytes; dims say %s %s "
                               "(%llu bytes)",
                               raw.size(), formatShape(tensor.shape).c_str(),
                               tensor.dtype.c_str(),
                               (unsigned long long)expectedBytes);
    tensor.bytes.assign(raw.begin(), raw.end());
  } else {
    if (uint64_t(typedCount) != *count)
      return createStringError("%s has %d values; dims say %s %s "
                               "(%llu values)",
                               field, typedCount,
                               formatShape(tensor.shape).c_str(),
                               tensor.dtype.c_str(), (unsigned long long)*count);
    tensor.bytes.reserve(*count * size);
    for (int i = 0; i < typedCount; ++i) {
      uint64_t bits;
      if (dtype == "float32")
        bits = bit_cast<uint32_t>(proto.float_data(i));
      else if (dtype == "float64")
        bits = bit_cast<uint64_t>(proto.double_data(i));
      else if (dtype == "int64")
        bits = uint64_t(proto.int64_data(i));
      else if (dtype == "uint32" || dtype == "uint64")
        bits = proto.uint64_data(i);
      else { // int32_data holds the value (or the float16/bfloat16 bits).
        int64_t v = proto.int32_data(i);
        // A value that does not fit the dtype would be truncated silently.
        int64_t lo = 0, hi = 0;
        if (dtype == "int8") lo = -128, hi = 127;
        else if (dtype == "uint8" || dtype == "bool") lo = 0, hi = 255;
        else if (dtype == "int16") lo = -32768, hi = 32767;
        else if (dtype == "uint16" || dtype == "float16" || dtype == "bfloat16")
          lo = 0, hi = 65535;
        if (size < 4 && (v < lo || v > hi))
          return createStringError("int32_data element %d holds %lld, which does not fit %s "
                                   "(%lld to %lld)",
                                   i, (long long)v, tensor.dtype.c_str(), (long long)lo,
                                   (long long)hi);
        bits = uint64_t(v);
      }
      appendLE(tensor.bytes, bits, size);
    }
  }
  if (dtype == "bool")
    for (auto [i, byte] : enumerate(tensor.bytes))
      if (byte > 1)
        return createStringError("bool element %zu holds %u; expected 0 or 1",
                                 i, unsigned(byte));
  return tensor;
}

Expected<HostTensor> readTensorProtoFile(StringRef path) {
  auto buffer = MemoryBuffer::getFile(path, /*IsText=*/false,
                                      /*RequiresNullTerminator=*/false);
  if (!buffer)
    return createFileError(path, errorCodeToError(buffer.getError()));
  Expected<HostTensor> tensor = parseTensorProto((*buffer)->getBuffer());
  if (!tensor)
    return createFileError(path, tensor.takeError());
  return tensor;
}

} // namespace compress::runtime
