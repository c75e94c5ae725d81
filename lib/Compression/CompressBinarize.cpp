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
// The sign patterns (sign=ge0, sign=onnx) are declarative: BinarizeSignPatterns.pdll,
// applied by SignRecognizer below; the layer and weight logic is C++. Between the sign
// and the layer there may be layout ops that commute with it (matchSignedInput):
// transpose, reshape, slice (a grouped conv's groups), and padding (tosa.pad, or the
// importer's tosa.concat of constant slabs) whose value v keeps its sign (sign(v) = v:
// 0 and ±1 for ONNX Sign, ±1 for ge0); the binary op then reads the same layout ops
// applied to x.
//
//===----------------------------------------------------------------------===//
#include "compress/Dialect/Compress/IR/CompressOps.h"
#include "compress/Compression/LayerCompression.h"
#include "compress/Compression/Passes.h"
#include "compress/Algorithms/BitPacking.h"
#include "compress/Compression/Binarize.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/PDL/IR/PDL.h"
#include "mlir/Dialect/PDLInterp/IR/PDLInterp.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Rewrite/FrozenRewritePatternSet.h"
#include "mlir/Rewrite/PatternApplicator.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FormatVariadic.h"

#include <cmath>

namespace mlir::compress {
#define GEN_PASS_DEF_COMPRESSBINARIZE
#include "compress/Compression/Passes.h.inc"
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

/// The IsSplatF32 constraint of BinarizeSignPatterns.pdll: `v` is a constant f32
/// tensor whose elements all equal `expected` (an f32 FloatAttr).
bool isSplatF32(Value v, Attribute expected) {
  auto value = dyn_cast<FloatAttr>(expected);
  std::optional<float> s = splatValue(v);
  return value && s && *s == float(value.getValueAsDouble());
}

} // namespace

// The sign patterns (PDLL, compiled by mlir-pdll -x cpp): populateGeneratedPDLLPatterns.
#include "BinarizeSignPatterns.h.inc"

namespace {

/// How the input of a layer is binarized before it (BinarizeSignPatterns.pdll says
/// what each form computes and when the binary op is exact for it).
enum class SignForm {
  None,
  /// select(x >= 0, +1, −1) (pattern SignGe0Pattern): the binary ops' own sign, exact
  /// for every non-NaN x.
  GreaterEqual,
  /// select(x > 0, +1, select(0 > x, −1, 0)) (SignOnnxPattern) or the importer's
  /// ONNX Sign (SignOnnxImportPattern, NaN stays NaN): sign(0) = 0. The binary op
  /// gets input_sign = onnx, exact for every non-NaN input.
  OnnxSign,
};

/// Recognizes the sign patterns of BinarizeSignPatterns.pdll: applies them to the op
/// defining a value with a PatternApplicator (one op, no greedy driver: nothing is
/// folded or erased) and reports x and the form through the native rewrite RecordSign,
/// the patterns' only rewrite (it changes no IR).
class SignRecognizer {
public:
  explicit SignRecognizer(MLIRContext *context)
      : patterns(buildPatterns(context, this)), applicator(patterns) {
    applicator.applyDefaultCostModel();
  }
  // RecordSign captures `this` and the applicator refers to `patterns`: not movable.
  SignRecognizer(const SignRecognizer &) = delete;
  SignRecognizer &operator=(const SignRecognizer &) = delete;

  /// When `v` is sign(x) in one of the forms, x and the form; {null, None} otherwise.
  std::pair<Value, SignForm> match(Value v) {
    matchedX = Value();
    matchedForm = SignForm::None;
    Operation *def = v.getDefiningOp();
    if (!def)
      return {Value(), SignForm::None};
    PatternRewriter rewriter(def->getContext());
    if (failed(applicator.matchAndRewrite(def, rewriter)))
      return {Value(), SignForm::None};
    // The layer reads x in place of sign(x): only when the pattern did not broadcast x
    // (a constant of a larger shape makes sign(x) larger than x).
    if (!matchedX || matchedX.getType() != v.getType())
      return {Value(), SignForm::None};
    return {matchedX, matchedForm};
  }

private:
  static FrozenRewritePatternSet buildPatterns(MLIRContext *context, SignRecognizer *self) {
    RewritePatternSet set(context);
    populateGeneratedPDLLPatterns(set);
    set.getPDLPatterns().registerRewriteFunction(
        "RecordSign", [self](PatternRewriter &, Value x, Attribute form) {
          StringRef name = cast<StringAttr>(form).getValue();
          self->matchedX = x;
          self->matchedForm = name == "ge0" ? SignForm::GreaterEqual : SignForm::OnnxSign;
        });
    return FrozenRewritePatternSet(std::move(set));
  }

  FrozenRewritePatternSet patterns;
  PatternApplicator applicator;
  Value matchedX;
  SignForm matchedForm = SignForm::None;
};

StringRef signFormName(SignForm form) {
  return form == SignForm::GreaterEqual ? "sign=ge0" : "sign=onnx";
}

/// Whether a padding value v is its own sign under `form` (so padding sign(x) with v
/// is sign of x padded with v): 0 and ±1 for ONNX Sign, ±1 for ge0 (sign(0) = +1).
bool keepsSign(float v, SignForm form) {
  return v == 1.0f || v == -1.0f || (form == SignForm::OnnxSign && v == 0.0f);
}

/// A layer input of the form chain(sign(x)): `chain` are layout ops that commute with
/// the sign, innermost (the one reading sign(x)) first.
struct SignedInput {
  Value x, sign;
  SignForm form = SignForm::None;
  SmallVector<Operation *> chain;
};

/// Matches `v` as chain(sign(x)) (see the file comment for the chain's ops); form None
/// when it is not. A padding whose value does not keep the sign ends the match.
SignedInput matchSignedInput(Value v, SignRecognizer &signs) {
  SmallVector<Operation *> chain;
  SmallVector<float> padValues;
  Value cur = v;
  while (true) {
    auto [x, matchedForm] = signs.match(cur);
    SignForm form = matchedForm; // not a structured binding: the lambda captures it
    if (form != SignForm::None) {
      if (!llvm::all_of(padValues, [&](float p) { return keepsSign(p, form); }))
        return {};
      std::reverse(chain.begin(), chain.end());
      return {x, cur, form, std::move(chain)};
    }
    Operation *def = cur.getDefiningOp();
    if (!def || def->getNumResults() != 1)
      return {};
    if (isa<tosa::TransposeOp, tosa::ReshapeOp, tosa::SliceOp>(def)) {
      cur = def->getOperand(0);
    } else if (auto pad = dyn_cast<tosa::PadOp>(def)) {
      std::optional<float> p = splatValue(pad.getPadConst());
      if (!p)
        return {};
      padValues.push_back(*p);
      cur = pad.getInput1();
    } else if (auto concat = dyn_cast<tosa::ConcatOp>(def)) {
      // Exactly one operand is not a splat constant (the importer's Pad).
      Value inner;
      for (Value operand : concat->getOperands()) {
        if (std::optional<float> p = splatValue(operand)) {
          padValues.push_back(*p);
          continue;
        }
        if (inner)
          return {};
        inner = operand;
      }
      if (!inner)
        return {};
      cur = inner;
    } else {
      return {};
    }
    chain.push_back(def);
  }
}

/// The chain of `in` applied to in.x, built at the rewriter's insertion point (clones
/// of the layout ops; the originals stay for their other users). Same type as the
/// layer's input.
Value rebuildOnX(RewriterBase &rewriter, const SignedInput &in) {
  IRMapping mapping;
  mapping.map(in.sign, in.x);
  for (Operation *op : in.chain)
    rewriter.clone(*op, mapping);
  return in.chain.empty() ? in.x : mapping.lookup(in.chain.back()->getResult(0));
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
  /// The PDLL sign patterns, compiled once per run (owned by runOnOperation).
  SignRecognizer *signs = nullptr;
  /// Layout ops between a sign and a rewritten layer (outermost first): erased at the
  /// end of the run when nothing else reads them.
  SmallVector<Operation *> deadCandidates;

  /// Rewrites a conv, depthwise conv or matmul into a binary op; failure (the layer
  /// stays float, a remark says why) when it does not qualify. In recognize mode the
  /// input must be a sign pattern, whose x becomes the op's input; in force mode the
  /// op binarizes the layer's own input (or the x of a sign pattern feeding it).
  /// `isLast`: the function's last conv/matmul.
  LogicalResult rewrite(Operation *op, IRRewriter &rewriter, bool isLast);
  void annotate(Operation *newOp, StringRef layer, StringRef params, const BinaryWeight &bw,
                int64_t numWeights, int64_t f, int64_t macs, int64_t wordOps);
  LogicalResult checkPays(Operation *op, StringRef layer, int64_t numWords, int64_t numWeights,
                          int64_t f);
  /// Leaves a layer float, saying why (a warning when the layer was named).
  LogicalResult skip(Operation *op, StringRef layer, const Twine &why) {
    return skipLayer(op, "binarize", layer, why, wanted.contains(layer));
  }
};

/// A binary layer that is not smaller than the float one (depthwise or few channels:
/// one 64-bit word per tap holds few real channels) is not applied.
LogicalResult CompressBinarizePass::checkPays(Operation *op, StringRef layer, int64_t numWords,
                                              int64_t numWeights, int64_t f) {
  // Weight bytes as in the report: f32 weights vs bit-packed words + α (the bias is
  // the same on both sides).
  int64_t before = numWeights * 4, after = numWords * 8 + f * 4;
  if (after < before)
    return success();
  return skip(op, layer, llvm::formatv("does not pay: weight bytes {0} -> {1}", before, after));
}

void CompressBinarizePass::annotate(Operation *newOp, StringRef layer, StringRef params,
                                    const BinaryWeight &bw, int64_t numWeights, int64_t f,
                                    int64_t macs, int64_t wordOps) {
  CompressInfo info;
  info.method = "binary";
  info.params = llvm::formatv("{0} binary_macs={1}", params, macs).str();
  // Weight bytes only, as for the other methods (the bias is unchanged): f32
  // weights before, bit-packed words + α after.
  info.weightBytesBefore = numWeights * 4;
  info.weightBytesAfter = int64_t(bw.words.size()) * 8 + f * 4;
  info.macsBefore = macs;
  info.macsAfter = wordOps;
  info.macsUnit = " popcount words";
  info.relError = bw.squaredNorm > 0 ? std::sqrt(bw.squaredError / bw.squaredNorm) : 0.0;
  info.weightNorm = std::sqrt(bw.squaredNorm);
  attachCompressInfo(newOp, "binarize", layer, info);
}

LogicalResult CompressBinarizePass::rewrite(Operation *op, IRRewriter &rewriter, bool isLast) {
  std::string whyNot;
  FailureOr<LayerWeight> layer = matchLayerWeight(op, whyNot);
  if (failed(layer))
    return skip(op, layerName(op), whyNot);
  StringRef name = layer->name;
  SignedInput signed_ = matchSignedInput(layer->input, *signs);
  SignForm form = signed_.form;
  if (!force && form == SignForm::None)
    return skip(op, name,
                "input is not a sign pattern (select(x >= 0, 1, -1) or the select chain of "
                "ONNX Sign, possibly behind transpose / reshape / slice / padding by its own "
                "sign)");
  if (force && !wanted.contains(name)) {
    // Where the field keeps float (mode=force in Passes.td): only when asked for by name.
    bool conv = !layer->isMatmul();
    if (conv && cast<RankedTensorType>(layer->input.getType()).getDimSize(3) == 3)
      return skip(op, name, "first conv (3 input channels) stays float unless named");
    if (isLast)
      return skip(op, name, "last layer stays float unless named");
    if (conv && layer->kernelH() == 1 && layer->kernelW() == 1)
      return skip(op, name, "1x1 conv stays float unless named");
    if (layer->kind == LayerKind::DepthwiseConv2D)
      return skip(op, name, "depthwise conv stays float unless named");
  }
  // Each row is `taps` taps (kh·kw for a conv, 1 for a matmul) of `channels` channels
  // (C/groups, or K), packed into `words` words per tap.
  int64_t f = layer->rows, channels = layer->weightShape.back();
  int64_t taps = layer->rowSize / channels, words = binaryWordCount(channels);
  int64_t numWeights = int64_t(layer->weight.size());
  FailureOr<BinaryWeight> bw =
      binarizeWeight(layer->weight, f, taps, channels, /*exactOnly=*/!force);
  if (failed(bw))
    return skip(op, name, "weight rows are not +-alpha per output channel");
  if (failed(checkPays(op, name, int64_t(bw->words.size()), numWeights, f)))
    return failure();
  rewriter.setInsertionPoint(op);
  Location loc = op->getLoc();
  // [F, kh, kw, words] (conv) or [N, words] (matmul).
  SmallVector<int64_t, 4> bitsShape = layer->weightShape;
  bitsShape.back() = words;
  auto bitsType = RankedTensorType::get(bitsShape, rewriter.getI64Type());
  ArrayRef<int64_t> wordsAsSigned(reinterpret_cast<const int64_t *>(bw->words.data()),
                                  bw->words.size());
  Value bits = arith::ConstantOp::create(rewriter, loc,
                                         DenseElementsAttr::get(bitsType, wordsAsSigned));
  Value alpha = f32Constant(rewriter, loc, {f}, bw->alpha);
  Value bias = materializeBias(rewriter, *layer);
  Value binInput = form != SignForm::None ? rebuildOnX(rewriter, signed_) : layer->input;
  for (Operation *chainOp : llvm::reverse(signed_.chain))
    deadCandidates.push_back(chainOp);
  InputSign inputSign = form == SignForm::OnnxSign ? InputSign::onnx : InputSign::ge0;
  Operation *newOp = replaceLayerWith(
      rewriter, *layer, binInput, [&](Value input, RankedTensorType type) -> Operation * {
        if (layer->isMatmul())
          return BinaryMatmulOp::create(rewriter, loc, type, input, bits, alpha, bias,
                                        inputSign);
        return BinaryConv2DOp::create(rewriter, loc, type, input, bits, alpha, bias,
                                      layer->stride, layer->pad, layer->dilation,
                                      uint64_t(layer->groups), PadValue::zero, inputSign);
      });
  std::string params =
      force ? (form != SignForm::None ? "mode=force alpha=mean|W| " + signFormName(form).str()
                                      : std::string("mode=force alpha=mean|W|"))
            : "mode=recognize " + signFormName(form).str();
  int64_t points = layer->outputPoints;
  annotate(newOp, name, params, *bw, numWeights, f, points * f * layer->rowSize,
           points * f * taps * words);
  return success();
}

void CompressBinarizePass::runOnOperation() {
  warnUnknownLayerNames(getOperation(), *layers, getArgument());
  force = mode == BinarizeMode::Force;
  wanted.clear();
  for (const std::string &name : layers)
    wanted.insert(name);
  SignRecognizer recognizer(&getContext());
  signs = &recognizer;
  IRRewriter rewriter(&getContext());
  for (auto func : getOperation().getOps<func::FuncOp>()) {
    SmallVector<Operation *> candidates = collectLayers(func);
    for (Operation *op : candidates) {
      bool isLast = op == candidates.back();
      if (!wanted.empty() && !wanted.contains(layerName(op)))
        continue;
      // Failures are skips with a remark (a warning for a named layer): the layer stays float.
      (void)rewrite(op, rewriter, isLast);
    }
  }
  // Layout ops whose only user was a rewritten layer are dead now; one may be queued
  // by several layers, and an inner one dies with the outer one: erase to a fixpoint.
  llvm::SetVector<Operation *> pending(deadCandidates.begin(), deadCandidates.end());
  for (bool changed = true; changed;) {
    changed = false;
    for (Operation *op : pending.takeVector()) {
      if (op->use_empty()) {
        rewriter.eraseOp(op);
        changed = true;
      } else {
        pending.insert(op);
      }
    }
  }
  deadCandidates.clear();
  // A sign pattern whose only user was a rewritten layer is dead now: erase it
  // (select first, then the compares it read).
  SmallVector<Operation *> worklist;
  getOperation().walk([&](Operation *op) {
    if (isa<tosa::SelectOp>(op))
      worklist.push_back(op);
  });
  // An op may be queued twice (a compare read by both operands of a select, or by
  // two selects): skip it once erased (no op is created here, so no address is reused).
  llvm::SmallPtrSet<Operation *, 16> erased;
  while (!worklist.empty()) {
    Operation *op = worklist.pop_back_val();
    if (erased.contains(op) || !op->use_empty())
      continue;
    for (Value operand : op->getOperands())
      if (Operation *def = operand.getDefiningOp();
          def && isa<tosa::SelectOp, tosa::GreaterEqualOp, tosa::GreaterOp, tosa::EqualOp>(def))
        worklist.push_back(def);
    erased.insert(op);
    rewriter.eraseOp(op);
  }
  signs = nullptr;
}

} // namespace

std::vector<std::string> mlir::compress::findRecognizableBinaryLayers(Operation *root) {
  std::vector<std::string> names;
  // The pass declares them as dependent dialects; outside a pass run they may not be
  // loaded yet, and the PDLL patterns are built as pdl ops.
  root->getContext()->loadDialect<pdl::PDLDialect, pdl_interp::PDLInterpDialect>();
  SignRecognizer signs(root->getContext());
  for (Operation *op : collectLayers(root)) {
    std::string whyNot;
    FailureOr<LayerWeight> layer = matchLayerWeight(op, whyNot);
    if (failed(layer) || layer->name.empty())
      continue;
    if (matchSignedInput(layer->input, signs).form == SignForm::None)
      continue;
    int64_t channels = layer->weightShape.back(), taps = layer->rowSize / channels;
    FailureOr<BinaryWeight> bw =
        binarizeWeight(layer->weight, layer->rows, taps, channels, /*exactOnly=*/true);
    // As CompressBinarizePass::checkPays.
    if (failed(bw) || int64_t(bw->words.size()) * 8 + layer->rows * 4 >=
                          int64_t(layer->weight.size()) * 4)
      continue;
    names.push_back(layer->name);
  }
  return names;
}
