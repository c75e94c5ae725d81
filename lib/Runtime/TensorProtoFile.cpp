//===- TensorProtoFile.cpp - ONNX TensorProto (.pb) reader ----------------===//

#include "compress/Runtime/TensorFile.h"

#include "llvm/Support/Endian.h"
#include "llvm/Support/MemoryBuffer.h"

#include <climits>
#include <onnx/onnx_pb.h>

using namespace llvm;

namespace compress::runtime {

Expected<HostTensor> parseTensorProto(StringRef contents) {
  if (contents.size() > size_t(INT_MAX))
    return createStringError("file is too large for a TensorProto (%zu bytes)",
                             contents.size());
  onnx::TensorProto proto;
  if (!proto.ParseFromArray(contents.data(), int(contents.size())))
    return createStringError("not a valid ONNX TensorProto");
  if (proto.data_type() != onnx::TensorProto::FLOAT) {
    std::string name = onnx::TensorProto::DataType_IsValid(proto.data_type())
                           ? onnx::TensorProto::DataType_Name(
                                 onnx::TensorProto::DataType(proto.data_type()))
                           : "unknown";
    return createStringError("unsupported data_type %s (%d); expected FLOAT "
                             "(1, float32)",
                             name.c_str(), int(proto.data_type()));
  }
  if (proto.data_location() == onnx::TensorProto::EXTERNAL)
    return createStringError(
        "tensor data is stored externally (data_location EXTERNAL); expected "
        "raw_data or float_data in the file");
  if (proto.has_segment())
    return createStringError("segmented tensors are not supported");

  HostTensor tensor;
  tensor.shape.assign(proto.dims().begin(), proto.dims().end());
  Expected<uint64_t> count = getNumElements(tensor.shape);
  if (!count)
    return count.takeError();
  const std::string &raw = proto.raw_data();
  if (!raw.empty() && proto.float_data_size() != 0)
    return createStringError("tensor has both raw_data and float_data");
  if (!raw.empty()) {
    uint64_t expectedBytes = *count * sizeof(float);
    if (raw.size() != expectedBytes)
      return createStringError("raw_data has %zu bytes; dims say %s float32 "
                               "(%llu bytes)",
                               raw.size(), formatShape(tensor.shape).c_str(),
                               (unsigned long long)expectedBytes);
    tensor.data.resize(*count);
    for (uint64_t i = 0; i < *count; ++i)
      tensor.data[i] = bit_cast<float>(
          support::endian::read32le(raw.data() + i * sizeof(float)));
    return tensor;
  }
  if (uint64_t(proto.float_data_size()) != *count)
    return createStringError("float_data has %d values; dims say %s float32 "
                             "(%llu values)",
                             proto.float_data_size(),
                             formatShape(tensor.shape).c_str(),
                             (unsigned long long)*count);
  tensor.data.assign(proto.float_data().begin(), proto.float_data().end());
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
