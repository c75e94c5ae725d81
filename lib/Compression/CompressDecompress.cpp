//===- CompressDecompress.cpp - compress ops back to dense tosa ops (oracle) ----===//
//
// The oracle every compressed layer is tested against: the compressed weights are
// decompressed at compile time into a dense OHWI (conv) or [N, K] (matmul) f32
// array, emitted as a tosa.const, and the layer becomes the plain tosa op(s). The
// decompression is written independently of the lowerings (straight from the op
// documentation) so that they can be checked against it.
//
#include "compress/Dialect/Compress/IR/CompressOps.h"
#include "compress/Dialect/Compress/IR/CompressUtils.h"
#include "compress/Dialect/Compress/Utils/TosaConvUtils.h"
#include "compress/Compression/Passes.h"

#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/Dialect/Tosa/Utils/ConversionUtils.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"
#include "llvm/ADT/TypeSwitch.h"

namespace mlir::compress {
#define GEN_PASS_DEF_COMPRESSDECOMPRESS
#include "compress/Compression/Passes.h.inc"
} // namespace mlir::compress

using namespace mlir;
using namespace mlir::compress;

namespace {

/// A dense conv weight in OHWI order: F x kh x kw x (C/groups).
struct DenseConvWeight {
  int64_t f, kh, kw, cpg;
  SmallVector<float> values;
  float at(int64_t o, int64_t i, int64_t j, int64_t c) const {
    return values[((o * kh + i) * kw + j) * cpg + c];
  }
};

struct ConvGeometry {
  SmallVector<int64_t> strides, pad, dilations;
  int64_t groups = 1;
};

/// Builds the dense tosa computation. All shapes are static (checked by the caller).
class DenseBuilder {
public:
  explicit DenseBuilder(ImplicitLocOpBuilder &b) : b(b) {}

  Value constant(ArrayRef<int64_t> shape, ArrayRef<float> values) {
    auto type = RankedTensorType::get(shape, b.getF32Type());
    return tosa::ConstOp::create(b, type, DenseElementsAttr::get(type, values));
  }
  Value zeroPoint() { return constant({1}, {0.0f}); }
  Value shift() {
    auto type = RankedTensorType::get({1}, b.getI8Type());
    return tosa::ConstOp::create(b, type,
                                 DenseElementsAttr::get(type, ArrayRef<int8_t>{0}));
  }

  Value reshape(Value v, ArrayRef<int64_t> shape) {
    auto type = RankedTensorType::get(shape, b.getF32Type());
    return tosa::ReshapeOp::create(b, type, v, tosa::getTosaConstShape(b, shape));
  }

  Value slice(Value v, ArrayRef<int64_t> start, ArrayRef<int64_t> size) {
    auto type = RankedTensorType::get(size, b.getF32Type());
    return tosa::SliceOp::create(b, type, v, tosa::getTosaConstShape(b, start),
                                 tosa::getTosaConstShape(b, size));
  }

  /// sign(x): +1 where x >= 0, −1 elsewhere (sign(0) = +1).
  Value sign(Value x) {
    auto type = cast<RankedTensorType>(x.getType());
    SmallVector<int64_t> ones(type.getRank(), 1);
    Value zero = constant(ones, {0.0f});
    Value plus = constant(ones, {1.0f}), minus = constant(ones, {-1.0f});
    auto predType = RankedTensorType::get(type.getShape(), b.getI1Type());
    Value nonNegative = tosa::GreaterEqualOp::create(b, predType, x, zero);
    return tosa::SelectOp::create(b, type, nonNegative, plus, minus);
  }

  /// ONNX Sign: select(x > 0, +1, select(0 > x, −1, 0)) (sign(0) = 0; NaN gives 0,
  /// as the binary ops' input_sign = onnx).
  Value onnxSign(Value x) {
    auto type = cast<RankedTensorType>(x.getType());
    SmallVector<int64_t> ones(type.getRank(), 1);
    Value zero = constant(ones, {0.0f});
    Value plus = constant(ones, {1.0f}), minus = constant(ones, {-1.0f});
    auto predType = RankedTensorType::get(type.getShape(), b.getI1Type());
    Value negative = tosa::GreaterOp::create(b, predType, zero, x);
    Value inner = tosa::SelectOp::create(b, type, negative, minus, zero);
    Value positive = tosa::GreaterOp::create(b, predType, x, zero);
    return tosa::SelectOp::create(b, type, positive, plus, inner);
  }

  /// The sign a binary op with `inputSign` takes of x.
  Value sign(Value x, InputSign inputSign) {
    return inputSign == InputSign::onnx ? onnxSign(x) : sign(x);
  }

  /// Pads an NHWC tensor spatially with `value`; pad = [top, bottom, left, right].
  /// Built from tosa.concat with splat slabs rather than tosa.pad, whose
  /// !tosa.shape<8> padding operand for a rank-4 tensor fails the TOSA level check
  /// (MAX_RANK 6) that tosa-validate runs in the lowering pipeline.
  Value padSpatial(Value x, ArrayRef<int64_t> pad, float value) {
    auto type = cast<RankedTensorType>(x.getType());
    SmallVector<int64_t> shape(type.getShape());
    for (int axis = 1; axis <= 2; ++axis) {
      int64_t before = pad[2 * (axis - 1)], after = pad[2 * (axis - 1) + 1];
      if (before == 0 && after == 0)
        continue;
      SmallVector<Value> parts;
      auto slab = [&](int64_t extent) {
        SmallVector<int64_t> slabShape(shape);
        slabShape[axis] = extent;
        auto slabType = RankedTensorType::get(slabShape, b.getF32Type());
        return Value(tosa::ConstOp::create(b, slabType, DenseElementsAttr::get(slabType, value)));
      };
      if (before > 0)
        parts.push_back(slab(before));
      parts.push_back(x);
      if (after > 0)
        parts.push_back(slab(after));
      shape[axis] += before + after;
      x = tosa::ConcatOp::create(b, RankedTensorType::get(shape, b.getF32Type()), parts, axis);
    }
    return x;
  }

  /// Multiplies an [..., F] tensor by alpha[F] and adds bias[F], per channel.
  Value scaleAndShift(Value y, Value alpha, Value bias) {
    auto type = cast<RankedTensorType>(y.getType());
    SmallVector<int64_t> vecShape(type.getRank(), 1);
    vecShape.back() = type.getShape().back();
    Value scaled = tosa::MulOp::create(b, type, y, reshape(alpha, vecShape), shift());
    return tosa::AddOp::create(b, type, scaled, reshape(bias, vecShape));
  }

  /// The dense conv of `input` with `w` (OHWI), plus `bias`, as tosa ops.
  Value conv(Value input, const DenseConvWeight &w, Value bias, const ConvGeometry &g,
             RankedTensorType resultType) {
    SmallVector<int64_t> pad(g.pad);
    input = trimForStride(b, b.getLoc(), input, w.kh, w.kw, g.strides, g.dilations, pad);
    auto inType = cast<RankedTensorType>(input.getType());
    int64_t c = inType.getDimSize(3);

    if (g.groups == 1)
      return conv2d(input, w, 0, w.f, bias, g, pad, resultType);

    if (g.groups == c) {
      // Depthwise with channel multiplier M = F / C: output channel f = c·M + m
      // reads input channel c (= f / (F / groups)), as tosa.depthwise_conv2d.
      int64_t m = w.f / c;
      SmallVector<float> dw(w.kh * w.kw * c * m);
      for (int64_t i = 0; i < w.kh; ++i)
        for (int64_t j = 0; j < w.kw; ++j)
          for (int64_t ch = 0; ch < c; ++ch)
            for (int64_t mm = 0; mm < m; ++mm)
              dw[((i * w.kw + j) * c + ch) * m + mm] =
                  w.at(ch * m + mm, i, j, 0);
      Value weight = constant({w.kh, w.kw, c, m}, dw);
      return tosa::DepthwiseConv2DOp::create(b, resultType, input, weight, bias, zeroPoint(),
                                             zeroPoint(), pad, g.strides, g.dilations,
                                             b.getF32Type());
    }

    // General groups: one conv per group on its channel slice, concatenated.
    int64_t fpg = w.f / g.groups;
    SmallVector<Value> parts;
    for (int64_t grp = 0; grp < g.groups; ++grp) {
      Value in = slice(input, {0, 0, 0, grp * w.cpg},
                       {inType.getDimSize(0), inType.getDimSize(1), inType.getDimSize(2),
                        w.cpg});
      Value groupBias = slice(bias, {grp * fpg}, {fpg});
      SmallVector<int64_t> shape(resultType.getShape());
      shape[3] = fpg;
      parts.push_back(conv2d(in, w, grp * fpg, fpg, groupBias, g, pad,
                             RankedTensorType::get(shape, b.getF32Type())));
    }
    return tosa::ConcatOp::create(b, resultType, parts, 3);
  }

  /// y = x · Wᵀ + bias for x [M, K] and `w` [N, K] (row-major), as tosa.matmul.
  Value matmul(Value input, ArrayRef<float> w, int64_t n, Value bias,
               RankedTensorType resultType) {
    auto inType = cast<RankedTensorType>(input.getType());
    int64_t m = inType.getDimSize(0), k = inType.getDimSize(1);
    SmallVector<float> wt(k * n);
    for (int64_t row = 0; row < n; ++row)
      for (int64_t col = 0; col < k; ++col)
        wt[col * n + row] = w[row * k + col];
    Value a = reshape(input, {1, m, k});
    Value bMat = constant({1, k, n}, wt);
    auto mmType = RankedTensorType::get({1, m, n}, b.getF32Type());
    Value mm = tosa::MatMulOp::create(b, mmType, a, bMat, zeroPoint(), zeroPoint());
    Value sum = tosa::AddOp::create(b, mmType, mm, reshape(bias, {1, 1, n}));
    return reshape(sum, resultType.getShape());
  }

private:
  /// tosa.conv2d with output channels [f0, f0 + nf) of `w`.
  Value conv2d(Value input, const DenseConvWeight &w, int64_t f0, int64_t nf, Value bias,
               const ConvGeometry &g, ArrayRef<int64_t> pad, RankedTensorType resultType) {
    int64_t perChannel = w.kh * w.kw * w.cpg;
    ArrayRef<float> rows = ArrayRef<float>(w.values).slice(f0 * perChannel, nf * perChannel);
    Value weight = constant({nf, w.kh, w.kw, w.cpg}, rows);
    return tosa::Conv2DOp::create(b, resultType, input, weight, bias, zeroPoint(),
                                  zeroPoint(), pad, g.strides, g.dilations, b.getF32Type());
  }

  ImplicitLocOpBuilder &b;
};

//===----------------------------------------------------------------------===//
// Decompression of each family (failure = weights not constant)
//===----------------------------------------------------------------------===//

/// W[F, n] = V[F, r] · U[r, n].
static FailureOr<SmallVector<float>> multiplyFactors(Value u, Value v, int64_t f, int64_t r,
                                                     int64_t n) {
  FailureOr<SmallVector<float>> uv = getConstantFloatValues(u),
                                vv = getConstantFloatValues(v);
  if (failed(uv) || failed(vv))
    return failure();
  SmallVector<float> w(f * n, 0.0f);
  for (int64_t o = 0; o < f; ++o)
    for (int64_t j = 0; j < r; ++j) {
      float s = (*vv)[o * r + j];
      for (int64_t e = 0; e < n; ++e)
        w[o * n + e] += s * (*uv)[j * n + e];
    }
  return w;
}

/// Dense rows x cols from CSR.
static FailureOr<SmallVector<float>> expandCSR(Value values, Value colIndices,
                                               Value rowOffsets, int64_t rows, int64_t cols) {
  FailureOr<SmallVector<float>> vals = getConstantFloatValues(values);
  FailureOr<SmallVector<int64_t>> colv = getConstantIntValues(colIndices),
                                  offs = getConstantIntValues(rowOffsets);
  if (failed(vals) || failed(colv) || failed(offs))
    return failure();
  SmallVector<float> w(rows * cols, 0.0f);
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t e = (*offs)[r]; e < (*offs)[r + 1]; ++e)
      w[r * cols + (*colv)[e]] += (*vals)[e];
  return w;
}

/// Dense rows x cols from centroids and packed indices.
static FailureOr<SmallVector<float>> expandCodebook(Value centroids, Value indices,
                                                    int64_t bits, int64_t rows,
                                                    int64_t cols) {
  FailureOr<SmallVector<float>> cent = getConstantFloatValues(centroids);
  FailureOr<SmallVector<uint8_t>> bytes = getConstantPackedBytes(indices);
  if (failed(cent) || failed(bytes))
    return failure();
  bool perChannel = cast<RankedTensorType>(centroids.getType()).getRank() == 2;
  int64_t k = cast<RankedTensorType>(centroids.getType()).getShape().back();
  int64_t rowBytes = codebookRowBytes(cols, bits);
  SmallVector<float> w(rows * cols);
  for (int64_t r = 0; r < rows; ++r) {
    ArrayRef<uint8_t> row = ArrayRef<uint8_t>(*bytes).slice(r * rowBytes, rowBytes);
    for (int64_t e = 0; e < cols; ++e)
      w[r * cols + e] = (*cent)[(perChannel ? r * k : 0) + decodeCodebookIndex(row, e, bits)];
  }
  return w;
}

/// ±1 weights rows x taps x channels from words (bit 1 = −1).
static FailureOr<SmallVector<float>> expandBinary(Value weightBits, int64_t rowsTimesTaps,
                                                  int64_t channels) {
  FailureOr<SmallVector<uint64_t>> words = getConstantPackedWords(weightBits);
  if (failed(words))
    return failure();
  int64_t perTap = binaryWordCount(channels);
  SmallVector<float> w(rowsTimesTaps * channels);
  for (int64_t t = 0; t < rowsTimesTaps; ++t)
    for (int64_t c = 0; c < channels; ++c) {
      uint64_t word = (*words)[t * perTap + c / 64];
      w[t * channels + c] = (word >> (c % 64)) & 1 ? -1.0f : 1.0f;
    }
  return w;
}

template <typename ConvOp>
static ConvGeometry getGeometry(ConvOp op, int64_t groups) {
  ConvGeometry g;
  g.strides.assign(op.getStrides().begin(), op.getStrides().end());
  g.pad.assign(op.getPad().begin(), op.getPad().end());
  g.dilations.assign(op.getDilations().begin(), op.getDilations().end());
  g.groups = groups;
  return g;
}

static int64_t channelsOf(Value input) {
  return cast<RankedTensorType>(input.getType()).getDimSize(3);
}

static FailureOr<Value> decompress(LowRankConv2DOp op, DenseBuilder &d) {
  auto u = cast<RankedTensorType>(op.getU().getType());
  int64_t r = u.getDimSize(0), f = op.getOutput().getType().getDimSize(3);
  DenseConvWeight w{f, u.getDimSize(1), u.getDimSize(2), u.getDimSize(3), {}};
  FailureOr<SmallVector<float>> dense =
      multiplyFactors(op.getU(), op.getV(), f, r, w.kh * w.kw * w.cpg);
  if (failed(dense))
    return failure();
  w.values = std::move(*dense);
  return d.conv(op.getInput(), w, op.getBias(), getGeometry(op, 1), op.getOutput().getType());
}

static FailureOr<Value> decompress(LowRankMatmulOp op, DenseBuilder &d) {
  auto u = cast<RankedTensorType>(op.getU().getType());
  int64_t r = u.getDimSize(0), k = u.getDimSize(1);
  int64_t n = op.getOutput().getType().getDimSize(1);
  FailureOr<SmallVector<float>> w = multiplyFactors(op.getU(), op.getV(), n, r, k);
  if (failed(w))
    return failure();
  return d.matmul(op.getInput(), *w, n, op.getBias(), op.getOutput().getType());
}

static FailureOr<Value> decompress(SparseConv2DOp op, DenseBuilder &d) {
  int64_t groups = op.getGroups();
  DenseConvWeight w{op.getOutput().getType().getDimSize(3), op.getKernelSize()[0],
                    op.getKernelSize()[1], channelsOf(op.getInput()) / groups, {}};
  FailureOr<SmallVector<float>> dense = expandCSR(op.getValues(), op.getColIndices(),
                                                  op.getRowOffsets(), w.f,
                                                  w.kh * w.kw * w.cpg);
  if (failed(dense))
    return failure();
  w.values = std::move(*dense);
  return d.conv(op.getInput(), w, op.getBias(), getGeometry(op, groups),
                op.getOutput().getType());
}

static FailureOr<Value> decompress(SparseMatmulOp op, DenseBuilder &d) {
  auto out = op.getOutput().getType();
  int64_t n = out.getDimSize(1), k = op.getInput().getType().getDimSize(1);
  FailureOr<SmallVector<float>> w =
      expandCSR(op.getValues(), op.getColIndices(), op.getRowOffsets(), n, k);
  if (failed(w))
    return failure();
  return d.matmul(op.getInput(), *w, n, op.getBias(), out);
}

static FailureOr<Value> decompress(CodebookConv2DOp op, DenseBuilder &d) {
  int64_t groups = op.getGroups();
  DenseConvWeight w{op.getOutput().getType().getDimSize(3), op.getKernelSize()[0],
                    op.getKernelSize()[1], channelsOf(op.getInput()) / groups, {}};
  FailureOr<SmallVector<float>> dense = expandCodebook(
      op.getCentroids(), op.getIndices(), op.getBits(), w.f, w.kh * w.kw * w.cpg);
  if (failed(dense))
    return failure();
  w.values = std::move(*dense);
  return d.conv(op.getInput(), w, op.getBias(), getGeometry(op, groups),
                op.getOutput().getType());
}

static FailureOr<Value> decompress(CodebookMatmulOp op, DenseBuilder &d) {
  auto out = op.getOutput().getType();
  int64_t n = out.getDimSize(1), k = op.getInput().getType().getDimSize(1);
  FailureOr<SmallVector<float>> w =
      expandCodebook(op.getCentroids(), op.getIndices(), op.getBits(), n, k);
  if (failed(w))
    return failure();
  return d.matmul(op.getInput(), *w, n, op.getBias(), out);
}

static FailureOr<Value> decompress(BinaryConv2DOp op, DenseBuilder &d) {
  auto wb = cast<RankedTensorType>(op.getWeightBits().getType());
  int64_t groups = op.getGroups();
  DenseConvWeight w{wb.getDimSize(0), wb.getDimSize(1), wb.getDimSize(2),
                    channelsOf(op.getInput()) / groups, {}};
  FailureOr<SmallVector<float>> dense =
      expandBinary(op.getWeightBits(), w.f * w.kh * w.kw, w.cpg);
  if (failed(dense))
    return failure();
  w.values = std::move(*dense);

  Value x = d.sign(op.getInput(), op.getInputSign());
  ConvGeometry g = getGeometry(op, groups);
  if (op.getPadValue() != PadValue::zero) {
    // ±1 padding: pad sign(x) with the value, then a conv without padding.
    x = d.padSpatial(x, g.pad, op.getPadValue() == PadValue::one ? 1.0f : -1.0f);
    g.pad.assign(4, 0);
  }
  auto out = op.getOutput().getType();
  Value zeroBias = d.constant({w.f}, SmallVector<float>(w.f, 0.0f));
  Value y = d.conv(x, w, zeroBias, g, out);
  return d.scaleAndShift(y, op.getAlpha(), op.getBias());
}

static FailureOr<Value> decompress(BinaryMatmulOp op, DenseBuilder &d) {
  auto out = op.getOutput().getType();
  int64_t n = out.getDimSize(1), k = op.getInput().getType().getDimSize(1);
  FailureOr<SmallVector<float>> w = expandBinary(op.getWeightBits(), n, k);
  if (failed(w))
    return failure();
  Value zeroBias = d.constant({n}, SmallVector<float>(n, 0.0f));
  Value y = d.matmul(d.sign(op.getInput(), op.getInputSign()), *w, n, zeroBias, out);
  return d.scaleAndShift(y, op.getAlpha(), op.getBias());
}

static bool hasStaticShapes(Operation *op) {
  auto isStatic = [](Type t) { return cast<ShapedType>(t).hasStaticShape(); };
  return llvm::all_of(op->getOperandTypes(), isStatic) &&
         llvm::all_of(op->getResultTypes(), isStatic);
}

struct CompressDecompressPass
    : public compress::impl::CompressDecompressBase<CompressDecompressPass> {
  void runOnOperation() override {
    SmallVector<Operation *> ops;
    getOperation()->walk([&](Operation *op) {
      if (isa<CompressDialect>(op->getDialect()))
        ops.push_back(op);
    });
    for (Operation *op : ops) {
      // Dynamic shapes or non-constant compressed weights: nothing to decompress.
      if (!hasStaticShapes(op))
        continue;
      ImplicitLocOpBuilder b(op->getLoc(), op);
      DenseBuilder d(b);
      FailureOr<Value> dense =
          llvm::TypeSwitch<Operation *, FailureOr<Value>>(op)
              .Case<LowRankConv2DOp, LowRankMatmulOp, SparseConv2DOp, SparseMatmulOp,
                    CodebookConv2DOp, CodebookMatmulOp, BinaryConv2DOp, BinaryMatmulOp>(
                  [&](auto concrete) { return decompress(concrete, d); })
              .Default([](Operation *) { return failure(); });
      // Each decompress() reads the constants before it builds anything, so a
      // failure leaves the IR untouched.
      if (failed(dense))
        continue;
      op->getResult(0).replaceAllUsesWith(*dense);
      op->erase();
    }
  }
};
} // namespace
