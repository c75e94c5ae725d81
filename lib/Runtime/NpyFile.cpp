//===- NpyFile.cpp - NumPy .npy reader and atomic writer ------------------===//
//
// Format:
// https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html The
// header is a Python dict literal; only the subset numpy writes is accepted
// (string keys, string / bool / tuple-of-int values).
//
//===----------------------------------------------------------------------===//

#include "compress/Runtime/TensorFile.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>
#include <limits>


using namespace llvm;

namespace compress::runtime {

static constexpr StringLiteral kNpyMagic("\x93NUMPY");

std::string formatShape(ArrayRef<int64_t> shape) {
  if (shape.empty())
    return "scalar";
  return join(map_range(shape, [](int64_t d) { return std::to_string(d); }),
              "x");
}

size_t getDtypeSize(StringRef dtype) {
  return StringSwitch<size_t>(dtype)
      .Cases({"float64", "int64", "uint64"}, 8)
      .Cases({"float32", "int32", "uint32"}, 4)
      .Cases({"float16", "bfloat16", "int16", "uint16"}, 2)
      .Cases({"int8", "uint8", "bool"}, 1)
      .Default(0);
}

bool isFloatDtype(StringRef dtype) {
  return dtype == "float32" || dtype == "float64" || dtype == "float16" ||
         dtype == "bfloat16";
}

double halfToDouble(uint16_t bits) {
  int sign = bits >> 15, exponent = (bits >> 10) & 0x1f, mantissa = bits & 0x3ff;
  double value;
  if (exponent == 0)
    value = std::ldexp(double(mantissa), -24);
  else if (exponent == 31)
    value = mantissa ? std::numeric_limits<double>::quiet_NaN()
                     : std::numeric_limits<double>::infinity();
  else
    value = std::ldexp(double(mantissa | 0x400), exponent - 25);
  return sign ? -value : value;
}

double bfloat16ToDouble(uint16_t bits) {
  return double(bit_cast<float>(uint32_t(bits) << 16));
}

double HostTensor::getAsDouble(uint64_t i) const {
  const uint8_t *p = bytes.data() + i * getDtypeSize(dtype);
  if (dtype == "float32")
    return bit_cast<float>(support::endian::read32le(p));
  if (dtype == "float64")
    return bit_cast<double>(support::endian::read64le(p));
  if (dtype == "float16")
    return halfToDouble(support::endian::read16le(p));
  if (dtype == "bfloat16")
    return bfloat16ToDouble(support::endian::read16le(p));
  if (StringRef(dtype).starts_with("uint"))
    return double(getAsUInt64(i));
  return double(getAsInt64(i));
}

int64_t HostTensor::getAsInt64(uint64_t i) const {
  size_t size = getDtypeSize(dtype);
  const uint8_t *p = bytes.data() + i * size;
  bool isUnsigned = StringRef(dtype).starts_with("uint") || dtype == "bool";
  switch (size) {
  case 1:
    return isUnsigned ? int64_t(*p) : int64_t(int8_t(*p));
  case 2:
    return isUnsigned ? int64_t(support::endian::read16le(p))
                      : int64_t(int16_t(support::endian::read16le(p)));
  case 4:
    return isUnsigned ? int64_t(support::endian::read32le(p))
                      : int64_t(int32_t(support::endian::read32le(p)));
  default:
    return int64_t(support::endian::read64le(p));
  }
}

uint64_t HostTensor::getAsUInt64(uint64_t i) const {
  return uint64_t(getAsInt64(i));
}

Expected<uint64_t> getNumElements(ArrayRef<int64_t> shape, StringRef dtype) {
  for (int64_t dim : shape)
    if (dim < 0)
      return createStringError("negative dimension %lld in shape %s",
                               (long long)dim, formatShape(shape).c_str());
  if (is_contained(shape, 0))
    return 0;
  size_t size = std::max<size_t>(getDtypeSize(dtype), 1);
  uint64_t count = 1;
  for (int64_t dim : shape) {
    bool overflowed = false;
    count = SaturatingMultiply<uint64_t>(count, uint64_t(dim), &overflowed);
    if (overflowed || count > kMaxTensorBytes / size)
      return createStringError(
          "shape %s is too large (more than %llu bytes of %s)",
          formatShape(shape).c_str(), (unsigned long long)kMaxTensorBytes,
          dtype.str().c_str());
  }
  return count;
}

namespace {
/// A value of the .npy header dict.
struct PyValue {
  enum Kind { String, Bool, Tuple, Other } kind = Other;
  std::string text;             // String: contents; Other: source text.
  bool boolean = false;         // Bool
  std::vector<StringRef> items; // Tuple: raw item texts
};

/// A cursor over the header dict literal.
class HeaderParser {
public:
  explicit HeaderParser(StringRef text) : rest(text) {}

  Error parse(std::vector<std::pair<std::string, PyValue>> &entries) {
    skipSpace();
    if (!rest.consume_front("{"))
      return error("expected '{' at the start of the header");
    while (true) {
      skipSpace();
      if (rest.consume_front("}"))
        break;
      std::string key;
      if (!parseString(key))
        return error("expected a quoted key in the header dict");
      skipSpace();
      if (!rest.consume_front(":"))
        return error("expected ':' after key '" + key + "'");
      skipSpace();
      PyValue value;
      if (Error err = parseValue(value))
        return err;
      entries.emplace_back(std::move(key), std::move(value));
      skipSpace();
      if (rest.consume_front(","))
        continue;
      if (rest.consume_front("}"))
        break;
      return error("expected ',' or '}' in the header dict");
    }
    if (!rest.trim(" \t\r\n").empty())
      return error("unexpected text after the header dict");
    return Error::success();
  }

private:
  void skipSpace() { rest = rest.ltrim(" \t\r\n"); }

  Error error(const Twine &message) {
    return createStringError("malformed .npy header: " + message);
  }

  bool parseString(std::string &out) {
    if (rest.empty() || (rest[0] != '\'' && rest[0] != '"'))
      return false;
    char quote = rest[0];
    size_t end = rest.find(quote, 1);
    if (end == StringRef::npos)
      return false;
    out = rest.substr(1, end - 1).str();
    rest = rest.drop_front(end + 1);
    return true;
  }

  Error parseValue(PyValue &value) {
    if (!rest.empty() && (rest[0] == '\'' || rest[0] == '"')) {
      value.kind = PyValue::String;
      if (!parseString(value.text))
        return error("unterminated string");
      return Error::success();
    }
    if (rest.consume_front("True")) {
      value.kind = PyValue::Bool;
      value.boolean = true;
      return Error::success();
    }
    if (rest.consume_front("False")) {
      value.kind = PyValue::Bool;
      return Error::success();
    }
    if (rest.consume_front("(")) {
      value.kind = PyValue::Tuple;
      while (true) {
        skipSpace();
        if (rest.consume_front(")"))
          return Error::success();
        size_t end = rest.find_first_of(",)");
        if (end == StringRef::npos)
          return error("unterminated tuple");
        value.items.push_back(rest.take_front(end).rtrim(" \t\r\n"));
        rest = rest.drop_front(end);
        rest.consume_front(",");
      }
    }
    // Anything else (a list for structured dtypes, a dict, a number): keep the
    // text up to the next top-level separator so the caller can name it.
    value.kind = PyValue::Other;
    int depth = 0;
    size_t i = 0;
    for (; i < rest.size(); ++i) {
      char c = rest[i];
      if (c == '[' || c == '(' || c == '{')
        ++depth;
      else if ((c == ']' || c == ')' || c == '}') && depth > 0)
        --depth;
      else if ((c == ',' || c == '}') && depth == 0)
        break;
    }
    value.text = rest.take_front(i).rtrim().str();
    rest = rest.drop_front(i);
    return Error::success();
  }

  StringRef rest;
};
} // namespace

/// Names of the dtypes people most often save by mistake.
static StringRef describeDescr(StringRef descr) {
  StringRef code = descr.drop_front(descr.size() > 1 &&
                                    StringRef("<>|=").contains(descr[0]));
  return StringSwitch<StringRef>(code)
      .Case("f2", "float16")
      .Case("f4", "float32")
      .Case("f8", "float64")
      .Case("i1", "int8")
      .Case("i2", "int16")
      .Case("i4", "int32")
      .Case("i8", "int64")
      .Case("u1", "uint8")
      .Case("u2", "uint16")
      .Case("u4", "uint32")
      .Case("u8", "uint64")
      .Case("b1", "bool")
      .Case("?", "bool")
      .Default("");
}

/// The dtype of a supported descr (little-endian or byte order '|'), or "".
static StringRef npyDescrDtype(StringRef descr) {
  if (descr.size() < 2 || !StringRef("<|").contains(descr[0]))
    return "";
  StringRef name = describeDescr(descr);
  // One-byte types have no byte order; numpy writes '|'.
  if (name == "float16" || name == "float32" || name == "float64" ||
      name.starts_with("int") || name.starts_with("uint") || name == "bool")
    return name;
  return "";
}

static Error checkDescr(StringRef descr) {
  if (!npyDescrDtype(descr).empty())
    return Error::success();
  StringRef name = describeDescr(descr);
  std::string found = "'" + descr.str() + "'";
  if (!name.empty())
    found += " (" + std::string(descr.starts_with(">") ? "big-endian " : "") +
             name.str() + ")";
  return createStringError(
      "unsupported dtype " + found +
      "; expected a little-endian float, integer or bool dtype ('<f4', "
      "'<f2', '<f8', '|i1', '<i8', '|u1', '<u8', '|b1', ...)");
}

Expected<HostTensor> parseNpy(StringRef contents) {
  if (!contents.starts_with(kNpyMagic))
    return createStringError(
        "not a .npy file: bad magic string (expected \\x93NUMPY)");
  if (contents.size() < 10)
    return createStringError("truncated .npy header: file has %zu bytes",
                             contents.size());
  unsigned major = uint8_t(contents[6]), minor = uint8_t(contents[7]);
  uint64_t headerLength, preamble;
  if (major == 1) {
    headerLength = support::endian::read16le(contents.data() + 8);
    preamble = 10;
  } else if (major == 2 || major == 3) {
    if (contents.size() < 12)
      return createStringError("truncated .npy header: file has %zu bytes",
                               contents.size());
    headerLength = support::endian::read32le(contents.data() + 8);
    preamble = 12;
  } else {
    return createStringError(
        "unsupported .npy format version %u.%u; expected 1.0, 2.0 or 3.0",
        major, minor);
  }
  if (preamble + headerLength > contents.size())
    return createStringError(
        "truncated .npy header: header says %llu bytes, file has %llu after "
        "the preamble",
        (unsigned long long)headerLength,
        (unsigned long long)(contents.size() - preamble));
  StringRef header = contents.substr(preamble, headerLength);
  StringRef payload = contents.drop_front(preamble + headerLength);

  std::vector<std::pair<std::string, PyValue>> entries;
  if (Error err = HeaderParser(header).parse(entries))
    return std::move(err);
  const PyValue *descr = nullptr, *fortranOrder = nullptr, *shape = nullptr;
  for (auto &[key, value] : entries) {
    const PyValue **slot = StringSwitch<const PyValue **>(key)
                               .Case("descr", &descr)
                               .Case("fortran_order", &fortranOrder)
                               .Case("shape", &shape)
                               .Default(nullptr);
    if (!slot)
      return createStringError("malformed .npy header: unexpected key '%s'",
                               key.c_str());
    if (*slot)
      return createStringError("malformed .npy header: duplicate key '%s'",
                               key.c_str());
    *slot = &value;
  }
  for (auto [name, value] : {std::pair{"descr", descr},
                             {"fortran_order", fortranOrder},
                             {"shape", shape}})
    if (!value)
      return createStringError("malformed .npy header: missing key '%s'", name);

  if (descr->kind != PyValue::String)
    return createStringError("unsupported dtype %s (structured or "
                             "non-string descr); expected a little-endian "
                             "float, integer or bool dtype such as '<f4'",
                             descr->text.c_str());
  if (Error err = checkDescr(descr->text))
    return std::move(err);
  if (fortranOrder->kind != PyValue::Bool)
    return createStringError(
        "malformed .npy header: fortran_order is not True or False");
  if (fortranOrder->boolean)
    return createStringError(
        "array is in Fortran order (fortran_order: True); expected C order "
        "(save np.ascontiguousarray(a))");
  if (shape->kind != PyValue::Tuple)
    return createStringError("malformed .npy header: shape is not a tuple");

  HostTensor tensor;
  for (StringRef item : shape->items) {
    StringRef digits = item;
    digits.consume_back("L"); // Python 2 longs.
    uint64_t dim;
    if (digits.empty() || !all_of(digits, isDigit) ||
        digits.getAsInteger(10, dim))
      return createStringError("malformed .npy header: invalid dimension "
                               "'%s' in shape",
                               item.str().c_str());
    if (dim > uint64_t(INT64_MAX))
      return createStringError("malformed .npy header: dimension %s is too "
                               "large",
                               item.str().c_str());
    tensor.shape.push_back(int64_t(dim));
  }
  tensor.dtype = npyDescrDtype(descr->text).str();
  Expected<uint64_t> count = getNumElements(tensor.shape, tensor.dtype);
  if (!count)
    return count.takeError();
  uint64_t expectedBytes = *count * getDtypeSize(tensor.dtype);
  if (payload.size() < expectedBytes)
    return createStringError(
        "truncated data: header says %s %s (%llu bytes), file has %zu "
        "bytes of data",
        formatShape(tensor.shape).c_str(), tensor.dtype.c_str(),
        (unsigned long long)expectedBytes, payload.size());
  if (payload.size() > expectedBytes)
    return createStringError(
        "%zu bytes after the data: header says %s %s (%llu bytes)",
        size_t(payload.size() - expectedBytes),
        formatShape(tensor.shape).c_str(), tensor.dtype.c_str(),
        (unsigned long long)expectedBytes);
  tensor.bytes.assign(payload.bytes_begin(), payload.bytes_begin() + expectedBytes);
  if (tensor.dtype == "bool")
    for (auto [i, byte] : enumerate(tensor.bytes))
      if (byte > 1)
        return createStringError("bool element %zu holds %u; expected 0 or 1",
                                 i, unsigned(byte));
  return tensor;
}

Expected<HostTensor> readNpyFile(StringRef path) {
  auto buffer = MemoryBuffer::getFile(path, /*IsText=*/false,
                                      /*RequiresNullTerminator=*/false);
  if (!buffer)
    return createFileError(path, errorCodeToError(buffer.getError()));
  Expected<HostTensor> tensor = parseNpy((*buffer)->getBuffer());
  if (!tensor)
    return createFileError(path, tensor.takeError());
  return tensor;
}

Expected<HostTensor> readTensorFile(StringRef path) {
  if (path.ends_with_insensitive(".npy"))
    return readNpyFile(path);
  if (path.ends_with_insensitive(".pb"))
    return readTensorProtoFile(path);
  auto buffer = MemoryBuffer::getFile(path, /*IsText=*/false,
                                      /*RequiresNullTerminator=*/false);
  if (!buffer)
    return createFileError(path, errorCodeToError(buffer.getError()));
  bool isNpy = (*buffer)->getBuffer().starts_with(kNpyMagic);
  Expected<HostTensor> tensor = isNpy
                                    ? parseNpy((*buffer)->getBuffer())
                                    : parseTensorProto((*buffer)->getBuffer());
  if (!tensor)
    return createFileError(path, tensor.takeError());
  return tensor;
}

void writeNpy(raw_ostream &os, const HostTensor &tensor) {
  ArrayRef<int64_t> shape = tensor.shape;
  std::string dims;
  for (int64_t d : shape)
    dims += std::to_string(d) + ", ";
  if (shape.size() > 1)
    dims.resize(dims.size() - 2); // numpy writes (5,) but (2, 3).
  else if (shape.size() == 1)
    dims.pop_back();
  std::string descr = StringSwitch<std::string>(tensor.dtype)
                          .Case("float32", "<f4")
                          .Case("float64", "<f8")
                          .Case("float16", "<f2")
                          .Case("bfloat16", "<u2") // raw bits: numpy has none
                          .Case("int8", "|i1")
                          .Case("uint8", "|u1")
                          .Case("bool", "|b1")
                          .Case("int16", "<i2")
                          .Case("uint16", "<u2")
                          .Case("int32", "<i4")
                          .Case("uint32", "<u4")
                          .Case("int64", "<i8")
                          .Case("uint64", "<u8")
                          .Default("<f4");
  std::string header = "{'descr': '" + descr +
                       "', 'fortran_order': False, 'shape': (" + dims + "), }";
  // Pad with spaces and a final newline so the data starts 64-byte aligned.
  bool v1 = alignTo(10 + header.size() + 1, 64) - 10 <= 65535;
  size_t preamble = v1 ? 10 : 12;
  size_t total = alignTo(preamble + header.size() + 1, 64);
  header.append(total - preamble - header.size() - 1, ' ');
  header += '\n';
  os << kNpyMagic << char(v1 ? 1 : 2) << char(0);
  char length[4];
  if (v1) {
    support::endian::write16le(length, uint16_t(header.size()));
    os.write(length, 2);
  } else {
    support::endian::write32le(length, uint32_t(header.size()));
    os.write(length, 4);
  }
  os << header;
  os.write(reinterpret_cast<const char *>(tensor.bytes.data()), tensor.bytes.size());
}

Error writeNpyFile(StringRef path, const HostTensor &tensor) {
  // writeToOutput writes to "<path>.temp-stream-XXXXXX" next to `path` and
  // renames it over `path` only if everything succeeded; some of its errors
  // name `path`, not all (compress-run adds it).
  return writeToOutput(path, [&](raw_ostream &os) -> Error {
    writeNpy(os, tensor);
    // A failed write (ENOSPC, EFBIG) is returned, so the temporary file is
    // discarded and the caller reports it; left set, raw_fd_ostream's
    // destructor would end the process with a fatal error.
    // writeToOutput gives a raw_fd_ostream (on the temporary file, or outs()
    // for "-") except for "/dev/null" (a raw_null_ostream).
    if (path != "/dev/null") {
      auto &file = static_cast<raw_fd_ostream &>(os);
      file.flush();
      if (std::error_code ec = file.error()) {
        file.clear_error();
        return errorCodeToError(ec);
      }
    }
    return Error::success();
  });
}

} // namespace compress::runtime
