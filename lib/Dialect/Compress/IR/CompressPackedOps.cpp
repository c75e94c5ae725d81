//===- CompressPackedOps.cpp - verifiers of the packed-activation ops -----===//
//
// binary_pack, binary_conv2d_threshold, binary_conv2d_packed, binary_max_pool2d and the
// matmul forms binary_matmul_threshold / binary_matmul_packed: the
// packed word counts (D = ceil(C / 64)) against `input_channels` and the weights, the
// conv / pool geometry and the result shapes (dynamic extents are accepted and not
// compared), and zero tail bits of constant weights. Every message says what was
// expected and what was found.
//
#include "compress/Dialect/Compress/IR/CompressOps.h"
#include "compress/Dialect/Compress/IR/CompressUtils.h"
#include "VerifierUtils.h"

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/StringExtras.h"

using namespace mlir;
using namespace mlir::compress;

static bool isKnown(int64_t d) { return !ShapedType::isDynamic(d); }
static bool agrees(int64_t a, int64_t b) { return compress::detail::extentsAgree(a, b); }

static ArrayRef<int64_t> dims(Value v) { return cast<RankedTensorType>(v.getType()).getShape(); }

static std::string listOf(ArrayRef<int64_t> values) { return compress::detail::formatList(values); }

static LogicalResult checkShape(Operation *op, StringRef what, ArrayRef<int64_t> found,
                                ArrayRef<int64_t> expected) {
  bool ok = found.size() == expected.size();
  for (size_t i = 0; ok && i < found.size(); ++i)
    ok = agrees(found[i], expected[i]);
  if (ok)
    return success();
  return op->emitOpError() << "expects " << what << " of shape " << listOf(expected)
                           << ", found " << listOf(found);
}

using compress::detail::verifyArray;

/// The output extent of one window axis, or kDynamic when `size` is; fails when the
/// window does not fit.
static FailureOr<int64_t> windowExtent(Operation *op, StringRef axis, int64_t size, int64_t k,
                                       int64_t stride, int64_t before, int64_t after,
                                       int64_t dilation) {
  if (!isKnown(size) || !isKnown(k))
    return ShapedType::kDynamic;
  int64_t span = dilation * (k - 1) + 1, padded = size + before + after;
  if (padded < span) {
    op->emitOpError() << "expects the " << axis << " window (extent " << span
                      << ") to fit the padded input (extent " << padded << ")";
    return failure();
  }
  return (padded - span) / stride + 1;
}

/// The packed-input conv forms: input N x H x W x D, weights F x kh x kw x D, D =
/// ceil(input_channels / 64); returns {N, OH, OW, F}.
static FailureOr<SmallVector<int64_t>>
verifyPackedConv(Operation *op, Value input, Value weightBits, int64_t channels,
                 ArrayRef<int64_t> strides, ArrayRef<int64_t> pad, ArrayRef<int64_t> dilations) {
  if (failed(verifyArray(op, "strides", strides, 2, 1)) || failed(verifyArray(op, "pad", pad, 4, 0)) ||
      failed(verifyArray(op, "dilations", dilations, 2, 1)))
    return failure();
  ArrayRef<int64_t> in = dims(input), w = dims(weightBits);
  int64_t words = binaryWordCount(channels);
  if (!agrees(in[3], words))
    return op->emitOpError() << "expects the packed input to have ceil(input_channels / 64) = "
                             << words << " words per pixel, found " << in[3],
           failure();
  if (!agrees(w[3], words))
    return op->emitOpError() << "expects weight_bits last dim = ceil(input_channels / 64) = "
                             << words << " words, found " << w[3],
           failure();
  if ((isKnown(w[1]) && w[1] < 1) || (isKnown(w[2]) && w[2] < 1))
    return op->emitOpError() << "expects kernel taps kh, kw >= 1, found " << listOf(w.slice(1, 2)),
           failure();
  FailureOr<int64_t> oh =
      windowExtent(op, "height", in[1], w[1], strides[0], pad[0], pad[1], dilations[0]);
  FailureOr<int64_t> ow =
      windowExtent(op, "width", in[2], w[2], strides[1], pad[2], pad[3], dilations[1]);
  if (failed(oh) || failed(ow))
    return failure();
  if (channels % 64 != 0) {
    if (FailureOr<SmallVector<uint64_t>> all = getConstantPackedWords(weightBits);
        succeeded(all)) {
      uint64_t tail = ~uint64_t(0) << (channels % 64);
      for (size_t t = 0; t + words <= all->size(); t += words)
        if ((*all)[t + words - 1] & tail)
          return op->emitOpError() << "expects the tail bits past " << channels
                                   << " channels to be 0, found 0x"
                                   << llvm::utohexstr((*all)[t + words - 1] & tail)
                                   << " in word " << t + words - 1,
                 failure();
    }
  }
  return SmallVector<int64_t>{in[0], *oh, *ow, w[0]};
}

static int64_t wordsOf(int64_t channels) {
  return isKnown(channels) ? binaryWordCount(channels) : ShapedType::kDynamic;
}

LogicalResult BinaryPackOp::verify() {
  ArrayRef<int64_t> in = dims(getInput());
  return checkShape(*this, "result", dims(getOutput()), {in[0], in[1], in[2], wordsOf(in[3])});
}

LogicalResult BinaryConv2DThresholdOp::verify() {
  FailureOr<SmallVector<int64_t>> out =
      verifyPackedConv(*this, getInput(), getWeightBits(), getInputChannels(), getStrides(),
                       getPad(), getDilations());
  if (failed(out))
    return failure();
  int64_t f = (*out)[3];
  if (failed(checkShape(*this, "thresholds", dims(getThresholds()), {f, 2})))
    return failure();
  if (Value nz = getNonzero()) {
    if (failed(checkShape(*this, "nonzero (the input's shape)", dims(nz), dims(getInput()))))
      return failure();
    if (getPadValue() != PadValue::zero)
      return emitOpError() << "expects pad_value = zero with a nonzero plane, found "
                           << stringifyPadValue(getPadValue());
  }
  return checkShape(*this, "result (N x OH x OW x ceil(F / 64))", dims(getOutput()),
                    {(*out)[0], (*out)[1], (*out)[2], wordsOf(f)});
}

LogicalResult BinaryConv2DPackedOp::verify() {
  FailureOr<SmallVector<int64_t>> out =
      verifyPackedConv(*this, getInput(), getWeightBits(), getInputChannels(), getStrides(),
                       getPad(), getDilations());
  if (failed(out))
    return failure();
  int64_t f = (*out)[3];
  if (failed(checkShape(*this, "alpha", dims(getAlpha()), {f})) ||
      failed(checkShape(*this, "bias", dims(getBias()), {f})))
    return failure();
  return checkShape(*this, "result (N x OH x OW x F)", dims(getOutput()), *out);
}

LogicalResult BinaryMaxPool2DOp::verify() {
  ArrayRef<int64_t> k = getKernel(), s = getStride(), p = getPad();
  if (failed(verifyArray(*this, "kernel", k, 2, 1)) || failed(verifyArray(*this, "stride", s, 2, 1)) ||
      failed(verifyArray(*this, "pad", p, 4, 0)))
    return failure();
  if (p[0] >= k[0] || p[1] >= k[0] || p[2] >= k[1] || p[3] >= k[1])
    return emitOpError() << "expects every pad below the kernel extent of its axis (no window "
                            "of padding only), found pad "
                         << listOf(p) << " with kernel " << listOf(k);
  ArrayRef<int64_t> in = dims(getInput());
  if (!getOrWords().empty() && isKnown(in[3]) && int64_t(getOrWords().size()) != in[3])
    return emitOpError() << "expects 'or_words' to be empty or hold one word per input word ("
                         << in[3] << "), found " << getOrWords().size();
  FailureOr<int64_t> oh = windowExtent(*this, "height", in[1], k[0], s[0], p[0], p[1], 1);
  FailureOr<int64_t> ow = windowExtent(*this, "width", in[2], k[1], s[1], p[2], p[3], 1);
  if (failed(oh) || failed(ow))
    return failure();
  return checkShape(*this, "result", dims(getOutput()), {in[0], *oh, *ow, in[3]});
}

/// The grouped packed matmul forms: input M x D, weights N x D, D a multiple of
/// ceil(input_channels / 64); returns {M, N}.
static FailureOr<SmallVector<int64_t>> verifyPackedMatmul(Operation *op, Value input,
                                                          Value weightBits, int64_t channels) {
  ArrayRef<int64_t> in = dims(input), w = dims(weightBits);
  int64_t dc = binaryWordCount(channels);
  if (isKnown(in[1]) && (in[1] < dc || in[1] % dc != 0))
    return op->emitOpError() << "expects the packed input's words per row to be a multiple of "
                                "ceil(input_channels / 64) = "
                             << dc << ", found " << in[1],
           failure();
  if (failed(checkShape(op, "weight_bits (N x D)", w, {w[0], in[1]})))
    return failure();
  if (channels % 64 != 0) {
    if (FailureOr<SmallVector<uint64_t>> all = getConstantPackedWords(weightBits);
        succeeded(all)) {
      uint64_t tail = ~uint64_t(0) << (channels % 64);
      for (size_t t = 0; t + dc <= all->size(); t += dc)
        if ((*all)[t + dc - 1] & tail)
          return op->emitOpError() << "expects the bits past " << channels
                                   << " features of every group to be 0, found 0x"
                                   << llvm::utohexstr((*all)[t + dc - 1] & tail) << " in word "
                                   << t + dc - 1,
                 failure();
    }
  }
  return SmallVector<int64_t>{in[0], w[0]};
}

LogicalResult BinaryMatmulThresholdOp::verify() {
  FailureOr<SmallVector<int64_t>> mn =
      verifyPackedMatmul(*this, getInput(), getWeightBits(), getInputChannels());
  if (failed(mn))
    return failure();
  int64_t n = (*mn)[1];
  if (failed(checkShape(*this, "thresholds", dims(getThresholds()), {n, 2})))
    return failure();
  if (Value nz = getNonzero())
    if (failed(checkShape(*this, "nonzero (the input's shape)", dims(nz), dims(getInput()))))
      return failure();
  return checkShape(*this, "result (M x ceil(N / 64))", dims(getOutput()), {(*mn)[0], wordsOf(n)});
}

LogicalResult BinaryMatmulPackedOp::verify() {
  FailureOr<SmallVector<int64_t>> mn =
      verifyPackedMatmul(*this, getInput(), getWeightBits(), getInputChannels());
  if (failed(mn))
    return failure();
  int64_t n = (*mn)[1];
  if (failed(checkShape(*this, "alpha", dims(getAlpha()), {n})) ||
      failed(checkShape(*this, "bias", dims(getBias()), {n})))
    return failure();
  return checkShape(*this, "result (M x N)", dims(getOutput()), *mn);
}
