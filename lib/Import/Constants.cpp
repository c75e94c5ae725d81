//===- Constants.cpp - ONNX tensors known at import time --------------------===//
#include "GraphImporter.h"

#include "llvm/ADT/APFloat.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/raw_ostream.h"

#include <cstring>

using namespace mlir;
using namespace mlir::compress::onnx_import;

int64_t ConstTensor::numElements() const {
  // Shapes of known tensors passed shapeLimitError, so this cannot overflow.
  return checkedProduct(shape).value_or(0);
}

std::optional<int64_t> mlir::compress::onnx_import::checkedProduct(llvm::ArrayRef<int64_t> dims) {
  int64_t n = 1;
  for (int64_t d : dims)
    if (d < 0 || llvm::MulOverflow(n, d, n))
      return std::nullopt;
  return n;
}

std::string mlir::compress::onnx_import::shapeLimitError(llvm::ArrayRef<int64_t> shape,
                                                         bool nonEmpty) {
  std::string s;
  llvm::raw_string_ostream os(s);
  if (int64_t(shape.size()) > kMaxRank) {
    os << "has rank " << shape.size() << "; at most " << kMaxRank
       << " dimensions are supported (TOSA level 8K)";
    return s;
  }
  for (int64_t d : shape)
    if (d < 0) {
      os << "has a negative dimension in shape " << shapeStr(shape);
      return s;
    }
  std::optional<int64_t> n = checkedProduct(shape);
  if (!n || *n > kMaxElements) {
    os << "of shape " << shapeStr(shape) << " has ";
    if (n)
      os << *n;
    else
      os << "more than 2^63";
    os << " elements; at most " << kMaxElements << " (2^29 - 1, under 2 GiB of f32) are supported";
    return s;
  }
  if (nonEmpty && *n == 0)
    os << "of shape " << shapeStr(shape) << " is empty; empty tensors are not supported";
  return s;
}

ConstTensor ConstTensor::floats(llvm::ArrayRef<int64_t> shape, std::vector<float> data) {
  ConstTensor t;
  t.isFloat = true;
  t.shape.assign(shape.begin(), shape.end());
  t.f = std::move(data);
  return t;
}

ConstTensor ConstTensor::ints(llvm::ArrayRef<int64_t> shape, std::vector<int64_t> data) {
  ConstTensor t;
  t.isFloat = false;
  t.shape.assign(shape.begin(), shape.end());
  t.i = std::move(data);
  return t;
}

llvm::SmallVector<int64_t> mlir::compress::onnx_import::stridesOf(llvm::ArrayRef<int64_t> shape) {
  llvm::SmallVector<int64_t> strides(shape.size(), 1);
  for (int64_t d = int64_t(shape.size()) - 2; d >= 0; --d)
    strides[d] = strides[d + 1] * shape[d + 1];
  return strides;
}

llvm::SmallVector<int64_t> mlir::compress::onnx_import::toNHWCShape(llvm::ArrayRef<int64_t> s) {
  return {s[0], s[2], s[3], s[1]};
}

std::string mlir::compress::onnx_import::shapeStr(llvm::ArrayRef<int64_t> shape) {
  std::string s;
  llvm::raw_string_ostream os(s);
  os << "[";
  llvm::interleave(shape, os, ",");
  os << "]";
  return s;
}

ConstTensor mlir::compress::onnx_import::permuteConst(const ConstTensor &in, llvm::ArrayRef<int64_t> perm) {
  llvm::SmallVector<int64_t> outShape;
  for (int64_t p : perm)
    outShape.push_back(in.shape[p]);
  ConstTensor out;
  out.isFloat = in.isFloat;
  out.shape = outShape;
  int64_t n = in.numElements();
  if (in.isFloat)
    out.f.resize(n);
  else
    out.i.resize(n);
  auto inStrides = stridesOf(in.shape);
  size_t rank = perm.size();
  llvm::SmallVector<int64_t> idx(rank, 0);
  for (int64_t k = 0; k < n; ++k) {
    int64_t src = 0;
    for (size_t d = 0; d < rank; ++d)
      src += idx[d] * inStrides[perm[d]];
    if (in.isFloat)
      out.f[k] = in.f[src];
    else
      out.i[k] = in.i[src];
    for (int64_t d = int64_t(rank) - 1; d >= 0; --d) {
      if (++idx[d] < outShape[d])
        break;
      idx[d] = 0;
    }
  }
  return out;
}

std::optional<llvm::SmallVector<int64_t>>
mlir::compress::onnx_import::broadcastShapes(llvm::ArrayRef<int64_t> a, llvm::ArrayRef<int64_t> b) {
  size_t rank = std::max(a.size(), b.size());
  llvm::SmallVector<int64_t> out(rank);
  for (size_t k = 0; k < rank; ++k) {
    int64_t da = k < rank - a.size() ? 1 : a[k - (rank - a.size())];
    int64_t db = k < rank - b.size() ? 1 : b[k - (rank - b.size())];
    if (da != db && da != 1 && db != 1)
      return std::nullopt;
    out[k] = da == 1 ? db : da;
  }
  return out;
}

namespace {
template <typename T>
void readRaw(const std::string &raw, int64_t n, std::vector<T> &out) {
  out.resize(n);
  if (n)
    std::memcpy(out.data(), raw.data(), n * sizeof(T));
}

float halfToFloat(uint16_t bits) {
  llvm::APFloat h(llvm::APFloat::IEEEhalf(), llvm::APInt(16, bits));
  bool lost;
  h.convert(llvm::APFloat::IEEEsingle(), llvm::APFloat::rmNearestTiesToEven, &lost);
  return h.convertToFloat();
}
} // namespace

size_t mlir::compress::onnx_import::elementSize(int dataType) {
  using TP = onnx::TensorProto;
  switch (dataType) {
  case TP::FLOAT: case TP::INT32: case TP::UINT32: return 4;
  case TP::DOUBLE: case TP::INT64: case TP::UINT64: return 8;
  case TP::FLOAT16: case TP::INT16: case TP::UINT16: return 2;
  case TP::INT8: case TP::UINT8: case TP::BOOL: return 1;
  default: return 0;
  }
}

FailureOr<ConstTensor> mlir::compress::onnx_import::decodeTensor(const onnx::TensorProto &tensor, Location loc,
                                                 llvm::StringRef what) {
  if (tensor.data_location() == onnx::TensorProto::EXTERNAL) {
    // importONNXModel loads external data (loadExternalData) before the import.
    emitError(loc) << what << " uses external data, which was not loaded";
    return failure();
  }
  ConstTensor t;
  t.shape.assign(tensor.dims().begin(), tensor.dims().end());
  // Checked before anything is allocated: the element count comes from the file.
  std::string tooBig = shapeLimitError(t.shape, /*nonEmpty=*/false);
  if (!tooBig.empty()) {
    emitError(loc) << what << " " << tooBig;
    return failure();
  }
  int64_t n = t.numElements();
  using TP = onnx::TensorProto;
  int type = tensor.data_type();
  // group E: INT4 (22) / UINT4 (21), IR 10: two elements per byte, the first in
  // the low nibble, in raw_data or (one packed byte per element) int32_data.
  if (type == 21 || type == 22) {
    size_t bytes = size_t(n + 1) / 2;
    std::string packed;
    if (tensor.has_raw_data()) {
      packed = tensor.raw_data();
    } else {
      for (int32_t v : tensor.int32_data())
        packed.push_back(char(uint8_t(v)));
    }
    if (packed.size() != bytes) {
      emitError(loc) << what << " has " << packed.size() << " bytes of packed 4-bit data, expected "
                     << bytes << " for shape " << shapeStr(t.shape);
      return failure();
    }
    t.isFloat = false;
    t.onnxType = type;
    t.i.resize(n);
    for (int64_t k = 0; k < n; ++k) {
      uint8_t b = uint8_t(packed[k / 2]);
      int64_t v = k % 2 ? b >> 4 : b & 15;
      t.i[k] = type == 22 && v >= 8 ? v - 16 : v;
    }
    return t;
  }
  size_t elemSize = elementSize(type);
  if (elemSize == 0) {
    emitError(loc) << what << " has unsupported element type "
                   << TP::DataType_Name(TP::DataType(type)) << " (" << type << ")";
    return failure();
  }
  t.isFloat = type == TP::FLOAT || type == TP::DOUBLE || type == TP::FLOAT16;
  t.onnxType = type;

  // ConstTensor holds integers as int64: UINT64 values from 2^63 on would read as
  // negative numbers.
  auto checkedUInt64 = [&](ConstTensor &c) -> FailureOr<ConstTensor> {
    if (type == TP::UINT64 && llvm::any_of(c.i, [](int64_t v) { return v < 0; })) {
      emitError(loc) << what << " holds UINT64 values of 2^63 or more, which are not supported";
      return failure();
    }
    return std::move(c);
  };
  if (tensor.has_raw_data()) {
    const std::string &raw = tensor.raw_data();
    if (raw.size() != size_t(n) * elemSize) {
      emitError(loc) << what << " has " << raw.size() << " bytes of raw data, expected "
                     << size_t(n) * elemSize << " for shape " << shapeStr(t.shape);
      return failure();
    }
    switch (type) {
    case TP::FLOAT: readRaw(raw, n, t.f); break;
    case TP::DOUBLE: {
      std::vector<double> d;
      readRaw(raw, n, d);
      t.f.assign(d.begin(), d.end());
      break;
    }
    case TP::FLOAT16: {
      std::vector<uint16_t> h;
      readRaw(raw, n, h);
      for (uint16_t b : h)
        t.f.push_back(halfToFloat(b));
      break;
    }
#define INT_CASE(ENUM, CTYPE)                                                                   \
  case TP::ENUM: {                                                                              \
    std::vector<CTYPE> v;                                                                       \
    readRaw(raw, n, v);                                                                         \
    t.i.assign(v.begin(), v.end());                                                             \
    break;                                                                                      \
  }
      INT_CASE(INT64, int64_t)
      INT_CASE(UINT64, uint64_t)
      INT_CASE(INT32, int32_t)
      INT_CASE(UINT32, uint32_t)
      INT_CASE(INT16, int16_t)
      INT_CASE(UINT16, uint16_t)
      INT_CASE(INT8, int8_t)
      INT_CASE(UINT8, uint8_t)
      INT_CASE(BOOL, uint8_t)
#undef INT_CASE
    }
    return checkedUInt64(t);
  }

  auto countMismatch = [&](int64_t got) -> FailureOr<ConstTensor> {
    emitError(loc) << what << " has " << got << " values, expected " << n << " for shape "
                   << shapeStr(t.shape);
    return failure();
  };
  switch (type) {
  case TP::FLOAT:
    if (tensor.float_data_size() != n)
      return countMismatch(tensor.float_data_size());
    t.f.assign(tensor.float_data().begin(), tensor.float_data().end());
    break;
  case TP::DOUBLE:
    if (tensor.double_data_size() != n)
      return countMismatch(tensor.double_data_size());
    t.f.assign(tensor.double_data().begin(), tensor.double_data().end());
    break;
  case TP::INT64:
    if (tensor.int64_data_size() != n)
      return countMismatch(tensor.int64_data_size());
    t.i.assign(tensor.int64_data().begin(), tensor.int64_data().end());
    break;
  case TP::UINT32:
  case TP::UINT64:
    if (tensor.uint64_data_size() != n)
      return countMismatch(tensor.uint64_data_size());
    t.i.assign(tensor.uint64_data().begin(), tensor.uint64_data().end());
    break;
  case TP::FLOAT16:
    if (tensor.int32_data_size() != n)
      return countMismatch(tensor.int32_data_size());
    for (int32_t b : tensor.int32_data())
      t.f.push_back(halfToFloat(uint16_t(b)));
    break;
  default: // INT32, INT16, UINT16, INT8, UINT8, BOOL are stored in int32_data.
    if (tensor.int32_data_size() != n)
      return countMismatch(tensor.int32_data_size());
    t.i.assign(tensor.int32_data().begin(), tensor.int32_data().end());
    break;
  }
  return checkedUInt64(t);
}
