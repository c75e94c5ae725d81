//===- CompressBinarize.cpp - ±1 layers into XNOR-popcount binary ops -----===//
//
// XNOR-Net (Rastegari, Ordonez, Redmon, Farhadi, "XNOR-Net: ImageNet Classification
// Using Binary Convolutional Neural Networks", ECCV 2016): a layer whose input is
// sign(x) and whose weight is α·sign(W) per output channel computes
// α·(K − 2·popcount(a XOR w)) on bit-packed operands. Two modes:
//  * recognize: the layer already is binary (its input is a sign pattern, its weight
//    rows are ±α_f): the rewrite is exact (rel_error 0);
//  * force: named layers (or every eligible one) are binarized, α_f = mean |W_f|,
//    and the op binarizes its input; this changes the function (training-free
//    XNOR-Net approximation), rel_error = ‖W − α·sign(W)‖ / ‖W‖ says how much.
//
//===----------------------------------------------------------------------===//
#include "compress/Dialect/Compress/IR/CompressOps.h"
#include "compress/Dialect/Compress/IR/CompressUtils.h"
#include "compress/Dialect/Compress/Transforms/Passes.h"
#include "compress/Utils/BitPacking.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/PatternMatch.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FormatVariadic.h"

#include <cmath>

namespace mlir::compress {
#define GEN_PASS_DEF_COMPRESSBINARIZE
#include "compress/Dialect/Compress/Transforms/Passes.h.inc"
} // namespace mlir::compress

using namespace mlir;
using namespace mlir::compress;

namespace {

/// The single value of a constant f32 tensor whose elements are all equal.
std::optional<float> splatValue(Value v) {
  FailureOr<SmallVector<float>> values = getConstantFloatValues(v);
  if (failed(values) || values->empty())
    return std::nullopt;
  float first = (*values)[0];
  for (float e : *values)
    if (e != first)
      return std::nullopt;
  return first;
}

bool isSplat(Value v, float expected) {
  std::optional<float> s = splatValue(v);
  return s && *s == expected;
}

/// How the input of a layer is binarized before it.
enum class SignForm {
  None,
  /// select(x >= 0, +1, −1): sign(0) = +1, the binary ops' own sign: exact.
  GreaterEqual,
  /// select(x > 0, +1, select(0 > x, −1, 0)) or select(x > 0, +1, select(x < 0, ...)):
  /// ONNX Sign, sign(0) = 0. The binary op gives +1 at x == 0 exactly: exact for every
  /// input without exact zeros.
  OnnxSign,
};

/// When `v` is sign(x) in one of the forms above, x and the form.
std::pair<Value, SignForm> matchSign(Value v) {
  auto select = v.getDefiningOp<tosa::SelectOp>();
  if (!select)
    return {Value(), SignForm::None};
  Value pred = select.getInput1(), onTrue = select.getInput2(), onFalse = select.getInput3();
  if (auto ge = pred.getDefiningOp<tosa::GreaterEqualOp>()) {
    if (isSplat(ge.getInput2(), 0.0f) && isSplat(onTrue, 1.0f) && isSplat(onFalse, -1.0f))
      return {ge.getInput1(), SignForm::GreaterEqual};
    return {Value(), SignForm::None};
  }
  auto gt = pred.getDefiningOp<tosa::GreaterOp>();
  if (!gt || !isSplat(gt.getInput2(), 0.0f) || !isSplat(onTrue, 1.0f))
    return {Value(), SignForm::None};
  Value x = gt.getInput1();
  auto inner = onFalse.getDefiningOp<tosa::SelectOp>();
  if (!inner || !isSplat(inner.getInput2(), -1.0f) || !isSplat(inner.getInput3(), 0.0f))
    return {Value(), SignForm::None};
  auto neg = inner.getInput1().getDefiningOp<tosa::GreaterOp>(); // 0 > x
  if (!neg || neg.getInput2() != x || !isSplat(neg.getInput1(), 0.0f))
    return {Value(), SignForm::None};
  return {x, SignForm::OnnxSign};
}

StringRef signFormName(SignForm form) {
  return form == SignForm::GreaterEqual ? "sign=ge0" : "sign=onnx";
}

/// The binarized weight: rows of ±1 packed, per-row α, and the error.
struct BinaryWeight {
  std::vector<uint64_t> words;
  std::vector<float> alpha;
  double squaredError = 0, squaredNorm = 0;
};

/// Rows × rowSize weights (each row = `taps` taps of `channels` channels). With
/// `exactOnly`, fails unless every row is ±α_f (α_f = |w| of the row, 0 allowed for an
/// all-zero row); otherwise α_f = mean |W_f| (XNOR-Net).
FailureOr<BinaryWeight> binarizeWeight(ArrayRef<float> w, int64_t rows, int64_t taps,
                                       int64_t channels, bool exactOnly) {
  BinaryWeight bw;
  int64_t rowSize = taps * channels;
  for (int64_t r = 0; r < rows; ++r) {
    ArrayRef<float> row = w.slice(r * rowSize, rowSize);
    double sum = 0;
    for (float v : row)
      sum += std::fabs(double(v));
    float alpha = float(sum / double(rowSize));
    if (exactOnly) {
      alpha = std::fabs(row[0]);
      for (float v : row)
        if (std::fabs(v) != alpha)
          return failure();
    }
    bw.alpha.push_back(alpha);
    for (float v : row) {
      double approx = v < 0 ? -double(alpha) : double(alpha);
      bw.squaredError += (double(v) - approx) * (double(v) - approx);
      bw.squaredNorm += double(v) * double(v);
    }
  }
  bw.words = packSignBits(w, rows * taps, channels);
  return bw;
}

struct CompressBinarizePass
    : public compress::impl::CompressBinarizeBase<CompressBinarizePass> {
  using CompressBinarizeBase::CompressBinarizeBase;

  void runOnOperation() override;

private:
  bool force = false;
  llvm::StringSet<> wanted;

  /// Whether the layer is rewritten, and with which input. In recognize mode the
  /// input must be a sign pattern (its x is returned); in force mode the layer's own
  /// input (or the x of a sign pattern feeding it).
  LogicalResult rewriteConv(Operation *op, IRRewriter &rewriter, bool isLast);
  LogicalResult rewriteMatmul(tosa::MatMulOp op, IRRewriter &rewriter, bool isLast);
  void annotate(Operation *newOp, StringRef layer, StringRef params, const BinaryWeight &bw,
                int64_t numWeights, int64_t f, int64_t macs, int64_t wordOps);
};

LogicalResult skip(Operation *op, StringRef layer, const Twine &why) {
  op->emitRemark() << "binarize: skipped layer '" << layer << "': " << why;
  return failure();
}

/// A binary layer that is not smaller than the float one (depthwise or few channels:
/// one 64-bit word per tap holds few real channels) is not applied.
LogicalResult checkPays(Operation *op, StringRef layer, int64_t numWords, int64_t numWeights,
                        int64_t f) {
  int64_t before = (numWeights + f) * 4, after = numWords * 8 + 2 * f * 4;
  if (after < before)
    return success();
  return skip(op, layer, llvm::formatv("does not pay: weight bytes {0} -> {1}", before, after));
}

bool isF32Tensor(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  return tensor && tensor.hasStaticShape() && tensor.getElementType().isF32();
}

void CompressBinarizePass::annotate(Operation *newOp, StringRef layer, StringRef params,
                                    const BinaryWeight &bw, int64_t numWeights, int64_t f,
                                    int64_t macs, int64_t wordOps) {
  MLIRContext *ctx = newOp->getContext();
  int64_t before = (numWeights + f) * 4;                        // weight + bias
  int64_t after = int64_t(bw.words.size()) * 8 + 2 * f * 4;   // bits + α + bias
  double relError = bw.squaredNorm > 0 ? std::sqrt(bw.squaredError / bw.squaredNorm) : 0.0;
  std::string fullParams = llvm::formatv("{0} binary_macs={1}", params, macs).str();
  Builder b(ctx);
  NamedAttrList info;
  info.append("layer", b.getStringAttr(layer));
  info.append("method", b.getStringAttr("binary"));
  info.append("params", b.getStringAttr(fullParams));
  info.append("weight_bytes_before", b.getI64IntegerAttr(before));
  info.append("weight_bytes_after", b.getI64IntegerAttr(after));
  info.append("macs_before", b.getI64IntegerAttr(macs));
  info.append("macs_after", b.getI64IntegerAttr(wordOps));
  info.append("rel_error", b.getF64FloatAttr(relError));
  newOp->setAttr("compress.info", info.getDictionary(ctx));
  newOp->emitRemark() << llvm::formatv(
      "binarize: layer '{0}' {1}: weight bytes {2} -> {3}, MACs {4} -> {5} popcount words, "
      "rel_error {6:e}",
      layer, fullParams, before, after, macs, wordOps, relError);
}

/// A bias of F elements: the operand when it has F, else a splat of a one-element
/// constant; null when neither.
Value biasOfSize(IRRewriter &rewriter, Location loc, Value bias, int64_t f) {
  auto type = cast<RankedTensorType>(bias.getType());
  if (type.getDimSize(0) == f)
    return bias;
  FailureOr<SmallVector<float>> values = getConstantFloatValues(bias);
  if (failed(values) || values->size() != 1)
    return {};
  auto splatType = RankedTensorType::get({f}, rewriter.getF32Type());
  return arith::ConstantOp::create(rewriter, loc, DenseElementsAttr::get(splatType, (*values)[0]));
}

template <typename OpTy>
bool zeroPointsAreZero(OpTy op) {
  FailureOr<int64_t> in = op.getInputZeroPoint(), w = op.getWeightZeroPoint();
  return succeeded(in) && succeeded(w) && *in == 0 && *w == 0;
}

LogicalResult CompressBinarizePass::rewriteConv(Operation *op, IRRewriter &rewriter,
                                                bool isLast) {
  std::string layer = layerName(op->getLoc());
  bool named = wanted.contains(layer);
  auto conv = dyn_cast<tosa::Conv2DOp>(op);
  auto dw = dyn_cast<tosa::DepthwiseConv2DOp>(op);
  Value input = conv ? conv.getInput() : dw.getInput();
  Value weight = conv ? conv.getWeight() : dw.getWeight();
  Value biasIn = conv ? conv.getBias() : dw.getBias();
  if (!isF32Tensor(input.getType()) || !isF32Tensor(weight.getType()) ||
      !isF32Tensor(biasIn.getType()) || !isF32Tensor(op->getResult(0).getType()))
    return skip(op, layer, "not f32");
  if (conv ? !zeroPointsAreZero(conv) : !zeroPointsAreZero(dw))
    return skip(op, layer, "zero point is not a constant 0");
  auto [x, form] = matchSign(input);
  if (!force && form == SignForm::None)
    return skip(op, layer, "input is not a sign pattern (select(x >= 0, 1, -1) or ONNX Sign)");
  auto inType = cast<RankedTensorType>(input.getType());
  ArrayRef<int64_t> wShape = cast<RankedTensorType>(weight.getType()).getShape();
  int64_t c = inType.getDimSize(3);
  int64_t f, kh, kw, groups;
  if (conv) {
    f = wShape[0], kh = wShape[1], kw = wShape[2], groups = 1;
  } else {
    kh = wShape[0], kw = wShape[1], f = wShape[2] * wShape[3], groups = wShape[2];
  }
  if (force && !named) {
    // Where the field keeps float (architecture.md): only when asked for by name.
    if (c == 3)
      return skip(op, layer, "first conv (3 input channels) stays float unless named");
    if (isLast)
      return skip(op, layer, "last layer stays float unless named");
    if (kh == 1 && kw == 1)
      return skip(op, layer, "1x1 conv stays float unless named");
    if (dw)
      return skip(op, layer, "depthwise conv stays float unless named");
  }
  FailureOr<SmallVector<float>> weights = getConstantFloatValues(weight);
  if (failed(weights))
    return skip(op, layer, "weight is not a constant");
  std::vector<float> ohwi(weights->begin(), weights->end());
  int64_t cg = c / groups;
  if (dw) // [kh, kw, C, M] -> OHWI [C·M, kh, kw, 1]
    ohwi = depthwiseToOHWI(*weights, kh, kw, c, wShape[3]);
  FailureOr<BinaryWeight> bw = binarizeWeight(ohwi, f, kh * kw, cg, /*exactOnly=*/!force);
  if (failed(bw))
    return skip(op, layer, "weight rows are not +-alpha per output channel");
  if (failed(checkPays(op, layer, int64_t(bw->words.size()), int64_t(weights->size()), f)))
    return failure();
  rewriter.setInsertionPoint(op);
  Location loc = op->getLoc();
  Value bias = biasOfSize(rewriter, loc, biasIn, f);
  if (!bias)
    return skip(op, layer, "bias is neither per-channel nor a constant scalar");
  int64_t words = binaryWordCount(cg);
  auto bitsType = RankedTensorType::get({f, kh, kw, words}, rewriter.getI64Type());
  ArrayRef<int64_t> wordsAsSigned(reinterpret_cast<const int64_t *>(bw->words.data()),
                                  bw->words.size());
  Value bits = arith::ConstantOp::create(rewriter, loc,
                                         DenseElementsAttr::get(bitsType, wordsAsSigned));
  auto fType = RankedTensorType::get({f}, rewriter.getF32Type());
  Value alpha = arith::ConstantOp::create(
      rewriter, loc, DenseElementsAttr::get(fType, ArrayRef<float>(bw->alpha)));
  Value binInput = form != SignForm::None ? x : input;
  ArrayRef<int64_t> stride = conv ? conv.getStride() : dw.getStride();
  ArrayRef<int64_t> pad = conv ? conv.getPad() : dw.getPad();
  ArrayRef<int64_t> dil = conv ? conv.getDilation() : dw.getDilation();
  auto outType = cast<RankedTensorType>(op->getResult(0).getType());
  auto newOp = BinaryConv2DOp::create(rewriter, loc, outType, binInput, bits, alpha, bias,
                                      stride, pad, dil, uint64_t(groups), PadValue::zero);
  int64_t pixels = outType.getDimSize(0) * outType.getDimSize(1) * outType.getDimSize(2);
  std::string params =
      force ? (form != SignForm::None ? "mode=force alpha=mean|W| " + signFormName(form).str()
                                      : std::string("mode=force alpha=mean|W|"))
            : "mode=recognize " + signFormName(form).str();
  annotate(newOp, layer, params, *bw, int64_t(weights->size()), f,
           pixels * f * kh * kw * cg, pixels * f * kh * kw * words);
  rewriter.replaceOp(op, newOp.getResult());
  return success();
}

LogicalResult CompressBinarizePass::rewriteMatmul(tosa::MatMulOp op, IRRewriter &rewriter,
                                                  bool isLast) {
  std::string layer = layerName(op.getLoc());
  bool named = wanted.contains(layer);
  auto aType = cast<RankedTensorType>(op.getA().getType());
  auto bType = cast<RankedTensorType>(op.getB().getType());
  if (!isF32Tensor(aType) || !isF32Tensor(bType) || !isF32Tensor(op.getType()))
    return skip(op, layer, "not f32");
  FailureOr<int64_t> aZp = op.getAZeroPoint(), bZp = op.getBZeroPoint();
  if (failed(aZp) || failed(bZp) || *aZp != 0 || *bZp != 0)
    return skip(op, layer, "zero point is not a constant 0");
  auto [x, form] = matchSign(op.getA());
  if (!force && form == SignForm::None)
    return skip(op, layer, "input is not a sign pattern (select(x >= 0, 1, -1) or ONNX Sign)");
  if (force && !named && isLast)
    return skip(op, layer, "last layer stays float unless named");
  if (bType.getDimSize(0) != 1 || aType.getDimSize(0) != 1)
    return skip(op, layer, "batched matmul (batch != 1)");
  FailureOr<SmallVector<float>> weights = getConstantFloatValues(op.getB());
  if (failed(weights))
    return skip(op, layer, "weight is not a constant");
  int64_t m = aType.getDimSize(1), k = bType.getDimSize(1), n = bType.getDimSize(2);
  std::vector<float> wT = transposeToNK(*weights, k, n); // W[N, K] = Bᵀ
  FailureOr<BinaryWeight> bw = binarizeWeight(wT, n, 1, k, /*exactOnly=*/!force);
  if (failed(bw))
    return skip(op, layer, "weight rows are not +-alpha per output channel");
  if (failed(checkPays(op, layer, int64_t(bw->words.size()), int64_t(weights->size()), n)))
    return failure();
  rewriter.setInsertionPoint(op);
  Location loc = op.getLoc();
  int64_t words = binaryWordCount(k);
  auto bitsType = RankedTensorType::get({n, words}, rewriter.getI64Type());
  ArrayRef<int64_t> wordsAsSigned(reinterpret_cast<const int64_t *>(bw->words.data()),
                                  bw->words.size());
  Value bits = arith::ConstantOp::create(rewriter, loc,
                                         DenseElementsAttr::get(bitsType, wordsAsSigned));
  auto nType = RankedTensorType::get({n}, rewriter.getF32Type());
  Value alpha = arith::ConstantOp::create(
      rewriter, loc, DenseElementsAttr::get(nType, ArrayRef<float>(bw->alpha)));
  Value bias = arith::ConstantOp::create(rewriter, loc, DenseElementsAttr::get(nType, 0.0f));
  SmallVector<ReassociationIndices> collapse = {{0, 1}, {2}};
  Value a = form != SignForm::None ? x : op.getA();
  Value a2 = tensor::CollapseShapeOp::create(rewriter, loc, a, collapse);
  auto resultType = RankedTensorType::get({m, n}, rewriter.getF32Type());
  auto newOp = BinaryMatmulOp::create(rewriter, loc, resultType, a2, bits, alpha, bias);
  Value y = tensor::ExpandShapeOp::create(rewriter, loc, op.getType(), newOp.getResult(),
                                          collapse);
  std::string params =
      force ? (form != SignForm::None ? "mode=force alpha=mean|W| " + signFormName(form).str()
                                      : std::string("mode=force alpha=mean|W|"))
            : "mode=recognize " + signFormName(form).str();
  annotate(newOp, layer, params, *bw, int64_t(weights->size()), n, m * n * k, m * n * words);
  rewriter.replaceOp(op, y);
  return success();
}

void CompressBinarizePass::runOnOperation() {
  // An unknown name only warns here: with -split-input-file it may name a layer of
  // another chunk. compress-compile turns it into an error before running the pass.
  (void)verifyLayerNames(getOperation(), std::vector<std::string>(layers.begin(), layers.end()),
                         (getArgument() + " layers").str(), /*asError=*/false);
  if (mode != "recognize" && mode != "force") {
    getOperation().emitError() << "compress-binarize: mode must be 'recognize' or 'force', got '"
                               << std::string(mode) << "'";
    return signalPassFailure();
  }
  force = mode == "force";
  wanted.clear();
  for (const std::string &name : layers)
    wanted.insert(name);
  IRRewriter rewriter(&getContext());
  for (auto func : getOperation().getOps<func::FuncOp>()) {
    SmallVector<Operation *> candidates;
    func.walk([&](Operation *op) {
      if (isa<tosa::Conv2DOp, tosa::DepthwiseConv2DOp, tosa::MatMulOp>(op))
        candidates.push_back(op);
    });
    for (Operation *op : candidates) {
      bool isLast = op == candidates.back();
      if (!wanted.empty() && !wanted.contains(layerName(op->getLoc())))
        continue;
      // Failures are skips with a remark: the layer stays float.
      if (auto mm = dyn_cast<tosa::MatMulOp>(op))
        (void)rewriteMatmul(mm, rewriter, isLast);
      else
        (void)rewriteConv(op, rewriter, isLast);
    }
  }
  // A sign pattern whose only user was a rewritten layer is dead now: erase it
  // (select first, then the compares it read).
  SmallVector<Operation *> worklist;
  getOperation().walk([&](Operation *op) {
    if (isa<tosa::SelectOp>(op))
      worklist.push_back(op);
  });
  while (!worklist.empty()) {
    Operation *op = worklist.pop_back_val();
    if (!op->use_empty())
      continue;
    for (Value operand : op->getOperands())
      if (Operation *def = operand.getDefiningOp();
          def && isa<tosa::SelectOp, tosa::GreaterEqualOp, tosa::GreaterOp>(def))
        worklist.push_back(def);
    rewriter.eraseOp(op);
  }
}

} // namespace
