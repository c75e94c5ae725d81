//===- CompressOps.cpp - ops of the compress dialect and their verifiers --===//
//
// The verifiers check what the operand types cannot say: the shapes of the
// compressed weights against the activations (dynamic dims are accepted and not
// compared), the conv geometry attributes, and, when the compressed weights are
// constants, their contents (CSR structure, codebook indices < k, zero tail bits).
// Every message says what was expected and what was found.
//
#include "compress/Dialect/Compress/IR/CompressOps.h"
#include "compress/Dialect/Compress/IR/CompressUtils.h"
#include "VerifierUtils.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CheckedArithmetic.h"

#include <limits>
#include <optional>
#include <string>

using namespace mlir;
using namespace mlir::compress;

#define GET_OP_CLASSES
#include "compress/Dialect/Compress/IR/CompressOps.cpp.inc"

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

static constexpr int64_t kDynamic = ShapedType::kDynamic;

static bool isStatic(int64_t d) { return !ShapedType::isDynamic(d); }

bool compress::detail::extentsAgree(int64_t a, int64_t b) {
  return !isStatic(a) || !isStatic(b) || a == b;
}
using compress::detail::formatList;
using compress::detail::verifyArray;

static bool agree(int64_t a, int64_t b) { return compress::detail::extentsAgree(a, b); }

std::string compress::detail::formatList(ArrayRef<int64_t> dims) {
  std::string s = "[";
  llvm::raw_string_ostream os(s);
  llvm::interleaveComma(dims, os, [&](int64_t d) {
    if (isStatic(d))
      os << d;
    else
      os << "?";
  });
  os << "]";
  return s;
}

static ArrayRef<int64_t> shapeOf(Value v) {
  return cast<RankedTensorType>(v.getType()).getShape();
}

/// `expected` may hold kDynamic entries (unknown); `found` may too.
static LogicalResult verifyShape(Operation *op, StringRef what, ArrayRef<int64_t> found,
                                 ArrayRef<int64_t> expected, StringRef layout) {
  bool ok = found.size() == expected.size();
  for (size_t i = 0; ok && i < found.size(); ++i)
    ok = agree(found[i], expected[i]);
  if (ok)
    return success();
  return op->emitOpError() << "expects " << what << " of shape " << formatList(expected)
                           << " (" << layout << "), found " << formatList(found);
}

/// A per-output-channel vector (bias, alpha) of F elements.
static LogicalResult verifyPerChannel(Operation *op, StringRef what, Value v, int64_t f) {
  int64_t n = shapeOf(v)[0];
  if (agree(n, f))
    return success();
  return op->emitOpError() << "expects " << what << " to have F = " << f
                           << " elements (one per output channel), found " << n;
}

LogicalResult compress::detail::verifyArray(Operation *op, StringRef name,
                                            ArrayRef<int64_t> values, size_t size,
                                            int64_t minValue) {
  if (values.size() != size)
    return op->emitOpError() << "expects '" << name << "' to have " << size
                             << " elements, found " << values.size();
  for (int64_t v : values)
    if (v < minValue)
      return op->emitOpError() << "expects '" << name << "' elements to be >= " << minValue
                               << ", found " << formatList(values);
  return success();
}

/// Largest element count of a tensor the lowering may build (its byte size,
/// 8 bytes an element at most, and every index into it fit in int64).
static constexpr int64_t kMaxElements = std::numeric_limits<int64_t>::max() / 8;

/// Product of static extents, or nullopt when it overflows int64.
static std::optional<int64_t> checkedProduct(ArrayRef<int64_t> dims) {
  std::optional<int64_t> product = 1;
  for (int64_t d : dims)
    if (product)
      product = llvm::checkedMul(*product, d);
  return product;
}

/// One spatial axis of a conv: the padded extent size + padBefore + padAfter and
/// the dilated kernel extent dilation·(k − 1) + 1 must fit in int64 (the lowering
/// indexes the padded input with them), then OH/OW = floor((padded − dilated) /
/// stride) + 1 must be >= 1. `out` is kDynamic when size or k is.
static LogicalResult verifyConvAxis(Operation *op, StringRef axis, StringRef sizeName,
                                    StringRef kName, int64_t size,
                                    int64_t k, int64_t stride, int64_t padBefore,
                                    int64_t padAfter, int64_t dilation, int64_t &out) {
  out = kDynamic;
  auto describe = [&](auto &&diag) -> LogicalResult {
    diag << " (" << sizeName << " = ";
    if (isStatic(size))
      diag << size;
    else
      diag << "?";
    diag << ", " << kName << " = ";
    if (isStatic(k))
      diag << k;
    else
      diag << "?";
    diag << ", pad = " << padBefore << "+" << padAfter << ", stride = " << stride
         << ", dilation = " << dilation << ")";
    return failure();
  };
  std::optional<int64_t> pads = llvm::checkedAdd(padBefore, padAfter);
  std::optional<int64_t> padded = pads && isStatic(size) ? llvm::checkedAdd(size, *pads) : pads;
  if (!padded || *padded > kMaxElements)
    return describe(op->emitOpError() << "expects the padded " << axis
                                      << " to fit in int64 with room for indexing");
  if (!isStatic(k))
    return success();
  std::optional<int64_t> dilated = llvm::checkedMulAdd(dilation, k - 1, int64_t(1));
  if (!dilated || *dilated > kMaxElements)
    return describe(op->emitOpError() << "expects the dilated kernel " << axis
                                      << " dilation * (k - 1) + 1 to fit in int64");
  if (!isStatic(size))
    return success();
  out = convOutputSize(size, k, stride, padBefore, padAfter, dilation);
  if (out < 1)
    return describe(op->emitOpError() << "expects output " << axis << " >= 1, found " << out);
  return success();
}

/// Geometry and result shape shared by every conv form. `f` is the output
/// channel count the weights imply (may be dynamic); `kh`, `kw` the kernel taps,
/// called `kernelName` in messages. Returns C/groups (or kDynamic) through
/// `channelsPerGroup`. All arithmetic is overflow-checked: attributes like
/// pad = 9e18 are refused here rather than wrapping around in the lowering.
static LogicalResult verifyConv(Operation *op, Value input, Value output, StringRef kernelName,
                                int64_t kh, int64_t kw, int64_t f, ArrayRef<int64_t> strides,
                                ArrayRef<int64_t> pad, ArrayRef<int64_t> dilations,
                                int64_t groups, int64_t &channelsPerGroup) {
  if ((isStatic(kh) && kh < 1) || (isStatic(kw) && kw < 1))
    return op->emitOpError() << "expects " << kernelName << " kh, kw >= 1, found " << kh
                             << "x" << kw;
  if (failed(verifyArray(op, "strides", strides, 2, 1)) ||
      failed(verifyArray(op, "pad", pad, 4, 0)) ||
      failed(verifyArray(op, "dilations", dilations, 2, 1)))
    return failure();

  ArrayRef<int64_t> in = shapeOf(input);
  int64_t c = in[3];
  if (groups < 1)
    return op->emitOpError() << "expects 'groups' to be >= 1, found " << groups;
  if (isStatic(c) && c % groups != 0)
    return op->emitOpError() << "expects input channels C = " << c
                             << " to be divisible by groups = " << groups;
  if (isStatic(f) && f % groups != 0)
    return op->emitOpError() << "expects output channels F = " << f
                             << " to be divisible by groups = " << groups;
  channelsPerGroup = isStatic(c) ? c / groups : kDynamic;

  int64_t oh, ow;
  if (failed(verifyConvAxis(op, "height", "H", "kh", in[1], kh, strides[0], pad[0], pad[1],
                            dilations[0], oh)) ||
      failed(verifyConvAxis(op, "width", "W", "kw", in[2], kw, strides[1], pad[2], pad[3],
                            dilations[1], ow)))
    return failure();
  if (isStatic(in[0]) && isStatic(in[1]) && isStatic(in[2]) && isStatic(c)) {
    std::optional<int64_t> elements =
        checkedProduct({in[0], in[1] + pad[0] + pad[1], in[2] + pad[2] + pad[3], c});
    if (!elements || *elements > kMaxElements)
      return op->emitOpError() << "expects the padded input N x (H + pads) x (W + pads) x C"
                                  " to have at most 2^60 elements";
  }
  if (isStatic(kh) && isStatic(kw) && isStatic(channelsPerGroup)) {
    std::optional<int64_t> taps = checkedProduct({kh, kw, channelsPerGroup});
    if (!taps || *taps > kMaxElements)
      return op->emitOpError() << "expects kh * kw * C/groups = " << kh << " * " << kw
                               << " * " << channelsPerGroup << " to be at most 2^60";
  }
  return verifyShape(op, "result", shapeOf(output), {in[0], oh, ow, f},
                     "N x OH x OW x F");
}

static LogicalResult verifyMatmulResult(Operation *op, Value input, Value output,
                                        int64_t n) {
  return verifyShape(op, "result", shapeOf(output), {shapeOf(input)[0], n}, "M x N");
}

/// Product of extents, kDynamic when one is dynamic.
static int64_t staticProduct(ArrayRef<int64_t> dims) {
  int64_t product = 1;
  for (int64_t d : dims) {
    if (!isStatic(d))
      return kDynamic;
    product *= d;
  }
  return product;
}

/// Sum of extents, kDynamic when one is dynamic.
static int64_t staticSum(ArrayRef<int64_t> terms) {
  int64_t sum = 0;
  for (int64_t t : terms) {
    if (!isStatic(t))
      return kDynamic;
    sum += t;
  }
  return sum;
}

static int64_t numElementsOf(Value v) { return staticProduct(shapeOf(v)); }

//===----------------------------------------------------------------------===//
// CompressedLayerOpInterface
//===----------------------------------------------------------------------===//

#include "compress/Dialect/Compress/IR/CompressInterfaces.cpp.inc"

LogicalResult mlir::compress::verifyCompressedLayer(Operation *op) {
  auto layer = cast<CompressedLayerOpInterface>(op);
  std::optional<ConvGeometry> geometry = layer.getConvGeometry();
  if (geometry && geometry->kernelIsAttribute &&
      failed(verifyArray(op, geometry->kernelName, geometry->kernel, 2, 1)))
    return failure();
  int64_t f = layer.getOutputChannels();
  if (failed(verifyPerChannel(op, "bias", layer.getBias(), f)))
    return failure();
  if (!geometry)
    return verifyMatmulResult(op, layer.getInput(), layer.getOutput(), f);
  int64_t cpg;
  return verifyConv(op, layer.getInput(), layer.getOutput(), geometry->kernelName,
                    geometry->kernel[0], geometry->kernel[1], f, geometry->strides,
                    geometry->pad, geometry->dilations, geometry->groups, cpg);
}

int64_t CompressedLayerOpInterface::getReductionLength() {
  ArrayRef<int64_t> in = shapeOf(getInput());
  std::optional<ConvGeometry> geometry = getConvGeometry();
  if (!geometry)
    return in[1];
  int64_t c = in[3];
  if (!isStatic(c))
    return kDynamic;
  return staticProduct({geometry->kernel[0], geometry->kernel[1], c / geometry->groups});
}

int64_t CompressedLayerOpInterface::getOutputPositions() {
  ArrayRef<int64_t> out = shapeOf(getOutput());
  return staticProduct(out.drop_back());
}

SmallVector<int64_t, 4> CompressedLayerOpInterface::getDenseWeightShape() {
  int64_t f = getOutputChannels();
  std::optional<ConvGeometry> geometry = getConvGeometry();
  if (!geometry)
    return {f, shapeOf(getInput())[1]};
  int64_t c = shapeOf(getInput())[3];
  return {f, geometry->kernel[0], geometry->kernel[1], isStatic(c) ? c / geometry->groups : c};
}

int64_t CompressedLayerOpInterface::getDenseMACs() {
  return staticProduct({getOutputPositions(), getOutputChannels(), getReductionLength()});
}

/// F of the sparse and codebook forms: the result's channels, else the bias length.
static int64_t channelsFromResultOrBias(Value output, Value bias) {
  int64_t f = shapeOf(output).back();
  return isStatic(f) ? f : shapeOf(bias)[0];
}

static ConvGeometry kernelSizeGeometry(ArrayRef<int64_t> kernelSize, ArrayRef<int64_t> strides,
                                       ArrayRef<int64_t> pad, ArrayRef<int64_t> dilations,
                                       int64_t groups) {
  return ConvGeometry{kernelSize, /*kernelIsAttribute=*/true, "kernel_size", strides, pad,
                      dilations, groups};
}

//===----------------------------------------------------------------------===//
// Low-rank
//===----------------------------------------------------------------------===//

int64_t LowRankConv2DOp::getOutputChannels() { return shapeOf(getV())[0]; }

std::optional<ConvGeometry> LowRankConv2DOp::getConvGeometry() {
  return ConvGeometry{shapeOf(getU()).slice(1, 2), /*kernelIsAttribute=*/false,
                      "u's kernel dims", getStrides(), getPad(), getDilations(), /*groups=*/1};
}

int64_t LowRankConv2DOp::getCompressedMACs() {
  auto layer = cast<CompressedLayerOpInterface>(getOperation());
  int64_t r = shapeOf(getU())[0];
  return staticProduct({layer.getOutputPositions(), r,
                        staticSum({layer.getReductionLength(), getOutputChannels()})});
}

int64_t LowRankConv2DOp::getCompressedWeightBytes() {
  return staticProduct({staticSum({numElementsOf(getU()), numElementsOf(getV())}), 4});
}

LogicalResult LowRankConv2DOp::verify() {
  ArrayRef<int64_t> u = shapeOf(getU()), v = shapeOf(getV());
  int64_t r = u[0];
  if (!agree(v[1], r))
    return emitOpError() << "expects v of shape F x r with r = " << r
                         << " (u's output channels), found r = " << v[1];
  int64_t c = shapeOf(getInput())[3];
  if (!agree(u[3], c))
    return emitOpError() << "expects u's input channels (dim 3) to equal C = " << c
                         << " (groups are not supported), found " << u[3];
  return success();
}

int64_t LowRankMatmulOp::getOutputChannels() { return shapeOf(getV())[0]; }

std::optional<ConvGeometry> LowRankMatmulOp::getConvGeometry() { return std::nullopt; }

int64_t LowRankMatmulOp::getCompressedMACs() {
  int64_t m = shapeOf(getInput())[0], k = shapeOf(getInput())[1];
  int64_t r = shapeOf(getU())[0];
  return staticProduct({m, r, staticSum({k, getOutputChannels()})});
}

int64_t LowRankMatmulOp::getCompressedWeightBytes() {
  return staticProduct({staticSum({numElementsOf(getU()), numElementsOf(getV())}), 4});
}

LogicalResult LowRankMatmulOp::verify() {
  ArrayRef<int64_t> in = shapeOf(getInput()), u = shapeOf(getU()), v = shapeOf(getV());
  if (!agree(u[1], in[1]))
    return emitOpError() << "expects u of shape r x K with K = " << in[1]
                         << " (input columns), found K = " << u[1];
  if (!agree(v[1], u[0]))
    return emitOpError() << "expects v of shape N x r with r = " << u[0]
                         << " (u's rows), found r = " << v[1];
  return success();
}

//===----------------------------------------------------------------------===//
// Sparse (CSR)
//===----------------------------------------------------------------------===//

/// CSR arrays against F rows and `numCols` columns; contents when constant.
static LogicalResult verifyCSR(Operation *op, Value values, Value colIndices,
                               Value rowOffsets, int64_t rows, int64_t numCols) {
  int64_t nnz = shapeOf(values)[0];
  int64_t numCol = shapeOf(colIndices)[0];
  if (!agree(nnz, numCol))
    return op->emitOpError() << "expects values and col_indices of the same length, found "
                             << nnz << " and " << numCol;
  if (isStatic(rows) && rows > kMaxElements)
    return op->emitOpError() << "expects at most 2^60 rows, found " << rows;
  int64_t numOffsets = shapeOf(rowOffsets)[0];
  int64_t expectedOffsets = isStatic(rows) ? rows + 1 : kDynamic;
  if (!agree(numOffsets, expectedOffsets))
    return op->emitOpError() << "expects row_offsets to have F + 1 = " << expectedOffsets
                             << " elements, found " << numOffsets;

  if (FailureOr<SmallVector<int64_t>> offsets = getConstantIntValues(rowOffsets);
      succeeded(offsets) && !offsets->empty()) {
    if ((*offsets)[0] != 0)
      return op->emitOpError() << "expects row_offsets[0] = 0, found " << (*offsets)[0];
    for (size_t i = 1; i < offsets->size(); ++i)
      if ((*offsets)[i] < (*offsets)[i - 1])
        return op->emitOpError()
               << "expects row_offsets to be non-decreasing, found row_offsets[" << i - 1
               << "] = " << (*offsets)[i - 1] << " > row_offsets[" << i
               << "] = " << (*offsets)[i];
    int64_t nnzKnown = isStatic(nnz) ? nnz : numCol;
    if (isStatic(nnzKnown) && offsets->back() != nnzKnown)
      return op->emitOpError() << "expects the last row offset to equal nnz = " << nnzKnown
                               << ", found " << offsets->back();
  }
  if (!isStatic(numCols))
    return success();
  if (FailureOr<SmallVector<int64_t>> cols = getConstantIntValues(colIndices);
      succeeded(cols)) {
    for (auto [i, col] : llvm::enumerate(*cols))
      if (col < 0 || col >= numCols)
        return op->emitOpError() << "expects col_indices in [0, " << numCols
                                 << "), found col_indices[" << i << "] = " << col;
  }
  return success();
}

/// Bytes of a CSR matrix of `rows` rows: f32 values and i32 columns per nonzero,
/// rows + 1 i32 offsets.
static int64_t csrBytes(Value values, int64_t rows) {
  int64_t nnz = shapeOf(values)[0];
  if (!isStatic(nnz) || !isStatic(rows))
    return kDynamic;
  return 8 * nnz + 4 * (rows + 1);
}

int64_t SparseConv2DOp::getOutputChannels() {
  return channelsFromResultOrBias(getOutput(), getBias());
}

std::optional<ConvGeometry> SparseConv2DOp::getConvGeometry() {
  return kernelSizeGeometry(getKernelSize(), getStrides(), getPad(), getDilations(),
                            getGroupsAttr().getInt());
}

int64_t SparseConv2DOp::getCompressedMACs() {
  auto layer = cast<CompressedLayerOpInterface>(getOperation());
  return staticProduct({layer.getOutputPositions(), shapeOf(getValues())[0]});
}

int64_t SparseConv2DOp::getCompressedWeightBytes() {
  return csrBytes(getValues(), getOutputChannels());
}

LogicalResult SparseConv2DOp::verify() {
  auto layer = cast<CompressedLayerOpInterface>(getOperation());
  return verifyCSR(*this, getValues(), getColIndices(), getRowOffsets(), getOutputChannels(),
                   layer.getReductionLength());
}

int64_t SparseMatmulOp::getOutputChannels() {
  return channelsFromResultOrBias(getOutput(), getBias());
}

std::optional<ConvGeometry> SparseMatmulOp::getConvGeometry() { return std::nullopt; }

int64_t SparseMatmulOp::getCompressedMACs() {
  return staticProduct({shapeOf(getInput())[0], shapeOf(getValues())[0]});
}

int64_t SparseMatmulOp::getCompressedWeightBytes() {
  return csrBytes(getValues(), getOutputChannels());
}

LogicalResult SparseMatmulOp::verify() {
  return verifyCSR(*this, getValues(), getColIndices(), getRowOffsets(), getOutputChannels(),
                   shapeOf(getInput())[1]);
}

//===----------------------------------------------------------------------===//
// Codebook
//===----------------------------------------------------------------------===//

/// Centroids [k] or [F, k] with 1 <= k <= 2^bits; indices [F, B] with
/// B = ceil(numIndices·bits/8); when indices are constant, every index < k and the
/// tail bits are 0.
static LogicalResult verifyCodebook(Operation *op, Value centroids, Value indices,
                                    int64_t bits, int64_t f, int64_t numIndices) {
  ArrayRef<int64_t> cent = shapeOf(centroids);
  int64_t k = cent.back();
  if (isStatic(numIndices) && numIndices > kMaxElements)
    return op->emitOpError() << "expects at most 2^60 indices per row, found " << numIndices;
  if (cent.size() == 2 && !agree(cent[0], f))
    return op->emitOpError() << "expects per-channel centroids of shape F x k with F = " << f
                             << ", found F = " << cent[0];
  if (isStatic(k) && (k < 1 || k > (int64_t(1) << bits)))
    return op->emitOpError() << "expects 1 <= k <= 2^bits = " << (int64_t(1) << bits)
                             << " centroids, found k = " << k;
  int64_t rowBytes = isStatic(numIndices) ? codebookRowBytes(numIndices, bits) : kDynamic;
  if (failed(verifyShape(op, "indices", shapeOf(indices), {f, rowBytes},
                         "F x ceil(indices per row · bits / 8)")))
    return failure();

  if (!isStatic(rowBytes) || !isStatic(k))
    return success();
  FailureOr<SmallVector<uint8_t>> bytes = getConstantPackedBytes(indices);
  if (failed(bytes))
    return success();
  ArrayRef<uint8_t> all = *bytes;
  int64_t numRows = rowBytes == 0 ? 0 : static_cast<int64_t>(all.size()) / rowBytes;
  for (int64_t row = 0; row < numRows; ++row) {
    ArrayRef<uint8_t> r = all.slice(row * rowBytes, rowBytes);
    for (int64_t e = 0; e < numIndices; ++e) {
      uint32_t idx = decodeCodebookIndex(r, e, bits);
      if (idx >= static_cast<uint64_t>(k))
        return op->emitOpError() << "expects every index < k = " << k << ", found index "
                                 << idx << " at row " << row << ", position " << e;
    }
    int64_t usedBits = numIndices * bits;
    if (usedBits % 8 != 0) {
      uint8_t tail = r.back() >> (usedBits % 8);
      if (tail != 0)
        return op->emitOpError() << "expects the unused tail bits of every indices row to be "
                                    "0, found nonzero tail bits in row "
                                 << row;
    }
  }
  return success();
}

/// Packed index bytes plus f32 centroids.
static int64_t codebookBytes(Value centroids, Value indices) {
  return staticSum({numElementsOf(indices), staticProduct({numElementsOf(centroids), 4})});
}

int64_t CodebookConv2DOp::getOutputChannels() {
  return channelsFromResultOrBias(getOutput(), getBias());
}

std::optional<ConvGeometry> CodebookConv2DOp::getConvGeometry() {
  return kernelSizeGeometry(getKernelSize(), getStrides(), getPad(), getDilations(),
                            getGroupsAttr().getInt());
}

int64_t CodebookConv2DOp::getCompressedMACs() {
  return cast<CompressedLayerOpInterface>(getOperation()).getDenseMACs();
}

int64_t CodebookConv2DOp::getCompressedWeightBytes() {
  return codebookBytes(getCentroids(), getIndices());
}

LogicalResult CodebookConv2DOp::verify() {
  auto layer = cast<CompressedLayerOpInterface>(getOperation());
  return verifyCodebook(*this, getCentroids(), getIndices(), getBits(), getOutputChannels(),
                        layer.getReductionLength());
}

int64_t CodebookMatmulOp::getOutputChannels() {
  return channelsFromResultOrBias(getOutput(), getBias());
}

std::optional<ConvGeometry> CodebookMatmulOp::getConvGeometry() { return std::nullopt; }

int64_t CodebookMatmulOp::getCompressedMACs() {
  return cast<CompressedLayerOpInterface>(getOperation()).getDenseMACs();
}

int64_t CodebookMatmulOp::getCompressedWeightBytes() {
  return codebookBytes(getCentroids(), getIndices());
}

LogicalResult CodebookMatmulOp::verify() {
  return verifyCodebook(*this, getCentroids(), getIndices(), getBits(), getOutputChannels(),
                        shapeOf(getInput())[1]);
}

//===----------------------------------------------------------------------===//
// Binary
//===----------------------------------------------------------------------===//

/// When `weightBits` is constant, the bits of the last word of every tap past
/// `channels` are 0 (so they XOR to 0 against the equally padded activations).
static LogicalResult verifyBinaryTail(Operation *op, Value weightBits, int64_t channels) {
  if (!isStatic(channels) || channels % 64 == 0)
    return success();
  int64_t words = binaryWordCount(channels);
  FailureOr<SmallVector<uint64_t>> all = getConstantPackedWords(weightBits);
  if (failed(all))
    return success();
  uint64_t tailMask = ~uint64_t(0) << (channels % 64);
  for (size_t t = 0; t + words <= all->size(); t += words) {
    uint64_t last = (*all)[t + words - 1];
    if (last & tailMask)
      return op->emitOpError() << "expects the tail bits past " << channels
                               << " channels to be 0, found 0x"
                               << llvm::utohexstr(last & tailMask) << " in word "
                               << t + words - 1;
  }
  return success();
}

/// Packed ±1 words plus the f32 α per output channel.
static int64_t binaryBytes(Value weightBits, int64_t f) {
  return staticSum({staticProduct({numElementsOf(weightBits), 8}), staticProduct({f, 4})});
}

int64_t BinaryConv2DOp::getOutputChannels() { return shapeOf(getWeightBits())[0]; }

std::optional<ConvGeometry> BinaryConv2DOp::getConvGeometry() {
  return ConvGeometry{shapeOf(getWeightBits()).slice(1, 2), /*kernelIsAttribute=*/false,
                      "weight_bits tap dims", getStrides(), getPad(), getDilations(),
                      getGroupsAttr().getInt()};
}

int64_t BinaryConv2DOp::getCompressedMACs() {
  auto layer = cast<CompressedLayerOpInterface>(getOperation());
  return staticProduct({layer.getOutputPositions(), numElementsOf(getWeightBits())});
}

int64_t BinaryConv2DOp::getCompressedWeightBytes() {
  return binaryBytes(getWeightBits(), getOutputChannels());
}

LogicalResult BinaryConv2DOp::verify() {
  ArrayRef<int64_t> wb = shapeOf(getWeightBits());
  if (failed(verifyPerChannel(*this, "alpha", getAlpha(), wb[0])))
    return failure();
  if (getInputSign() == InputSign::onnx && getPadValue() != PadValue::zero)
    return emitOpError() << "expects pad_value zero with input_sign onnx (a padded tap is "
                            "sign(0) = 0 there), found "
                         << stringifyPadValue(getPadValue());
  int64_t c = shapeOf(getInput())[3];
  int64_t cpg = isStatic(c) ? c / getGroupsAttr().getInt() : kDynamic;
  int64_t words = isStatic(cpg) ? binaryWordCount(cpg) : kDynamic;
  if (!agree(wb[3], words))
    return emitOpError() << "expects weight_bits last dim = ceil((C/groups) / 64) = " << words
                         << " words, found " << wb[3];
  return verifyBinaryTail(*this, getWeightBits(), cpg);
}

int64_t BinaryMatmulOp::getOutputChannels() { return shapeOf(getWeightBits())[0]; }

std::optional<ConvGeometry> BinaryMatmulOp::getConvGeometry() { return std::nullopt; }

int64_t BinaryMatmulOp::getCompressedMACs() {
  return staticProduct({shapeOf(getInput())[0], numElementsOf(getWeightBits())});
}

int64_t BinaryMatmulOp::getCompressedWeightBytes() {
  return binaryBytes(getWeightBits(), getOutputChannels());
}

LogicalResult BinaryMatmulOp::verify() {
  ArrayRef<int64_t> wb = shapeOf(getWeightBits());
  int64_t n = wb[0], k = shapeOf(getInput())[1];
  if (failed(verifyPerChannel(*this, "alpha", getAlpha(), n)))
    return failure();
  int64_t words = isStatic(k) ? binaryWordCount(k) : kDynamic;
  if (!agree(wb[1], words))
    return emitOpError() << "expects weight_bits of shape N x ceil(K / 64) with "
                            "ceil(K / 64) = "
                         << words << " words, found " << wb[1];
  return verifyBinaryTail(*this, getWeightBits(), k);
}
