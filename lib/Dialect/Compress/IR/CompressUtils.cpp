//===- CompressUtils.cpp - shape arithmetic and constant access for compress ops -===//
#include "compress/Dialect/Compress/IR/CompressUtils.h"
#include "compress/Dialect/Compress/IR/CompressOps.h"

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Matchers.h"

#include <algorithm>
#include <cassert>
#include <cmath>

using namespace mlir;
using namespace mlir::compress;

static int64_t floorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

int64_t mlir::compress::convOutputSize(int64_t inputSize, int64_t kernelSize,
                                       int64_t stride, int64_t padBefore,
                                       int64_t padAfter, int64_t dilation) {
  assert(stride >= 1 && "stride must be positive");
  int64_t span = inputSize + padBefore + padAfter - dilation * (kernelSize - 1) - 1;
  return floorDiv(span, stride) + 1;
}

int64_t mlir::compress::codebookRowBytes(int64_t numIndices, int64_t bits) {
  return (numIndices * bits + 7) / 8;
}

int64_t mlir::compress::binaryWordCount(int64_t channels) {
  return (channels + 63) / 64;
}

uint32_t mlir::compress::decodeCodebookIndex(ArrayRef<uint8_t> row, int64_t e,
                                             int64_t bits) {
  assert(bits >= 1 && bits <= 8 && "codebook indices have 1-8 bits");
  int64_t bit = e * bits;
  int64_t byte = bit / 8, shift = bit % 8;
  // An index spans at most two bytes since bits <= 8.
  uint32_t window = row[byte];
  if (shift + bits > 8)
    window |= static_cast<uint32_t>(row[byte + 1]) << 8;
  return (window >> shift) & ((1u << bits) - 1u);
}

void mlir::compress::encodeCodebookIndex(MutableArrayRef<uint8_t> row, int64_t e,
                                         int64_t bits, uint32_t index) {
  assert(bits >= 1 && bits <= 8 && "codebook indices have 1-8 bits");
  assert(index < (1u << bits) && "index does not fit in bits");
  int64_t bit = e * bits;
  int64_t byte = bit / 8, shift = bit % 8;
  uint32_t window = index << shift;
  row[byte] |= static_cast<uint8_t>(window & 0xff);
  if (shift + bits > 8)
    row[byte + 1] |= static_cast<uint8_t>(window >> 8);
}

static FailureOr<ElementsAttr> getConstantElements(Value value) {
  ElementsAttr attr;
  if (!value || !matchPattern(value, m_Constant(&attr)))
    return failure();
  return attr;
}

template <typename ResourceAttr, typename Out>
static bool appendResource(ElementsAttr attr, SmallVectorImpl<Out> &out) {
  auto resource = dyn_cast<ResourceAttr>(attr);
  if (!resource)
    return false;
  auto data = resource.tryGetAsArrayRef();
  if (!data)
    return false;
  for (auto v : *data)
    out.push_back(static_cast<Out>(v));
  return true;
}

FailureOr<SmallVector<float>> mlir::compress::getConstantFloatValues(Value value) {
  FailureOr<ElementsAttr> attr = getConstantElements(value);
  if (failed(attr) || !attr->getElementType().isF32())
    return failure();
  SmallVector<float> out;
  if (auto dense = dyn_cast<DenseElementsAttr>(*attr)) {
    out.reserve(dense.getNumElements());
    for (float v : dense.getValues<float>())
      out.push_back(v);
    return out;
  }
  if (appendResource<DenseF32ResourceElementsAttr>(*attr, out))
    return out;
  return failure();
}

FailureOr<SmallVector<int64_t>> mlir::compress::getConstantIntValues(Value value) {
  FailureOr<ElementsAttr> attr = getConstantElements(value);
  if (failed(attr) || !attr->getElementType().isInteger())
    return failure();
  SmallVector<int64_t> out;
  if (auto dense = dyn_cast<DenseElementsAttr>(*attr)) {
    out.reserve(dense.getNumElements());
    for (const APInt &v : dense.getValues<APInt>())
      out.push_back(v.getSExtValue());
    return out;
  }
  if (appendResource<DenseI8ResourceElementsAttr>(*attr, out) ||
      appendResource<DenseI32ResourceElementsAttr>(*attr, out) ||
      appendResource<DenseI64ResourceElementsAttr>(*attr, out))
    return out;
  return failure();
}

FailureOr<SmallVector<uint8_t>> mlir::compress::getConstantPackedBytes(Value value) {
  FailureOr<ElementsAttr> attr = getConstantElements(value);
  if (failed(attr) || !attr->getElementType().isInteger(8))
    return failure();
  FailureOr<SmallVector<int64_t>> values = getConstantIntValues(value);
  if (failed(values))
    return failure();
  SmallVector<uint8_t> out;
  out.reserve(values->size());
  for (int64_t v : *values)
    out.push_back(static_cast<uint8_t>(v & 0xff));
  return out;
}

FailureOr<SmallVector<uint64_t>> mlir::compress::getConstantPackedWords(Value value) {
  FailureOr<ElementsAttr> attr = getConstantElements(value);
  if (failed(attr) || !attr->getElementType().isInteger(64))
    return failure();
  FailureOr<SmallVector<int64_t>> values = getConstantIntValues(value);
  if (failed(values))
    return failure();
  SmallVector<uint64_t> out;
  out.reserve(values->size());
  for (int64_t v : *values)
    out.push_back(static_cast<uint64_t>(v));
  return out;
}

std::string mlir::compress::layerName(Operation *op) {
  if (LayerAttr record = LayerAttr::get(op))
    return record.getName().str();
  std::string name;
  Location loc = op->getLoc();
  loc->walk([&](Location inner) {
    if (auto named = dyn_cast<NameLoc>(inner)) {
      name = named.getName().str();
      return WalkResult::interrupt();
    }
    return WalkResult::advance();
  });
  return name;
}

std::vector<float> mlir::compress::depthwiseToOHWI(ArrayRef<float> hwcm, int64_t kh, int64_t kw,
                                                   int64_t c, int64_t m) {
  std::vector<float> ohwi(hwcm.size());
  for (int64_t i = 0; i < kh; ++i)
    for (int64_t j = 0; j < kw; ++j)
      for (int64_t ch = 0; ch < c; ++ch)
        for (int64_t mm = 0; mm < m; ++mm)
          ohwi[(ch * m + mm) * kh * kw + i * kw + j] = hwcm[((i * kw + j) * c + ch) * m + mm];
  return ohwi;
}

std::vector<float> mlir::compress::transposeToNK(ArrayRef<float> kn, int64_t k, int64_t n) {
  std::vector<float> nk(kn.size());
  // 64x64 tiles: a 9216x4096 FC weight is transposed in 0.2 s instead of 2 s of
  // cache misses.
  constexpr int64_t tile = 64;
  for (int64_t k0 = 0; k0 < k; k0 += tile)
    for (int64_t n0 = 0; n0 < n; n0 += tile)
      for (int64_t kk = k0; kk < std::min(k, k0 + tile); ++kk)
        for (int64_t nn = n0; nn < std::min(n, n0 + tile); ++nn)
          nk[nn * k + kk] = kn[kk * n + nn];
  return nk;
}

