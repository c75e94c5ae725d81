//===- FoldBatchNorm.cpp - compress-fold-batchnorm ------------------------===//
//
// Folds the per-channel mul/add the importer emits for an inference
// BatchNormalization into the convolution before it (Passes.td describes the
// matched IR). The folded values must be bit-identical to folding in the ONNX
// graph: w * scale and bias * scale + shift, one rounding each, in f32.
//
#include "compress/Import/Passes.h"
#include "ImportFold.h"

#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"

#include <optional>
#include <vector>

namespace mlir::compress {
#define GEN_PASS_DEF_COMPRESSFOLDBATCHNORM
#include "compress/Import/Passes.h.inc"
} // namespace mlir::compress

using namespace mlir;
using compress::onnx_import::constF32Values;
using compress::onnx_import::rebuildConst;

namespace {
/// One convolution to fold, with its folded weight and bias.
struct FoldedConv {
  Operation *conv;
  std::vector<float> weight, bias;
  ElementsAttr weightAttr, biasAttr;
};

/// Folds channels [first, first + bias size) of `scale`/`shift` into `conv`
/// (tosa.conv2d or tosa.depthwise_conv2d, operands input, weight, bias, ...);
/// nullopt unless its weight and bias are f32 constants.
std::optional<FoldedConv> foldInto(Operation *conv, llvm::ArrayRef<float> scale,
                                   llvm::ArrayRef<float> shift, int64_t first) {
  FoldedConv f{conv, {}, {}, {}, {}};
  auto weight = constF32Values(conv->getOperand(1), f.weightAttr);
  auto bias = constF32Values(conv->getOperand(2), f.biasAttr);
  int64_t channels = cast<RankedTensorType>(conv->getResult(0).getType()).getDimSize(3);
  if (!weight || !bias || int64_t(bias->size()) != channels)
    return std::nullopt;
  f.weight = std::move(*weight);
  f.bias = std::move(*bias);
  // Output channel of weight element k: OHWI has it outermost; depthwise HWCM
  // has it as the flattened (C, M) innermost pair.
  int64_t count = f.weight.size();
  bool ohwi = isa<tosa::Conv2DOp>(conv);
  for (int64_t k = 0; k < count; ++k) {
    int64_t o = first + (ohwi ? k / (count / channels) : k % channels);
    f.weight[k] *= scale[o];
  }
  for (int64_t o = 0; o < channels; ++o)
    f.bias[o] = f.bias[o] * scale[first + o] + shift[first + o];
  return f;
}

/// add(mul(conv(x, w, b), scale), shift) -> conv(x, w * scale, b * scale + shift),
/// also when the convolution is a grouped one, imported as a channel concat of
/// tosa.conv2d ops (each folds its slice of scale and shift).
struct FoldBatchNormIntoConv : OpRewritePattern<tosa::AddOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(tosa::AddOp add, PatternRewriter &rewriter) const override {
    auto mul = add.getInput1().getDefiningOp<tosa::MulOp>();
    if (!mul || !mul->hasOneUse())
      return failure();
    Value convResult = mul.getInput1();
    Operation *src = convResult.getDefiningOp();
    if (!src || !convResult.hasOneUse())
      return failure();
    llvm::SmallVector<Operation *> convs;
    if (isa<tosa::Conv2DOp, tosa::DepthwiseConv2DOp>(src)) {
      convs.push_back(src);
    } else if (auto concat = dyn_cast<tosa::ConcatOp>(src); concat && concat.getAxis() == 3) {
      for (Value part : concat.getInput1()) {
        auto conv = part.getDefiningOp<tosa::Conv2DOp>();
        if (!conv || !part.hasOneUse())
          return failure();
        convs.push_back(conv);
      }
    } else {
      return failure();
    }
    auto type = cast<RankedTensorType>(convResult.getType());
    if (mul.getType() != type || add.getType() != type)
      return failure();
    ElementsAttr scaleAttr, shiftAttr;
    auto scale = constF32Values(mul.getInput2(), scaleAttr);
    auto shift = constF32Values(add.getInput2(), shiftAttr);
    llvm::SmallVector<int64_t> paramShape = {1, 1, 1, type.getDimSize(3)};
    if (!scale || !shift || scaleAttr.getShapedType().getShape() != llvm::ArrayRef(paramShape) ||
        shiftAttr.getShapedType().getShape() != llvm::ArrayRef(paramShape))
      return failure();

    llvm::SmallVector<FoldedConv> folded;
    int64_t first = 0;
    for (Operation *conv : convs) {
      auto f = foldInto(conv, *scale, *shift, first);
      if (!f)
        return failure();
      first += f->bias.size();
      folded.push_back(std::move(*f));
    }

    for (FoldedConv &f : folded) {
      Value oldW = f.conv->getOperand(1), oldB = f.conv->getOperand(2);
      Value newW = rebuildConst(rewriter, oldW, f.weightAttr, f.weight);
      Value newB = rebuildConst(rewriter, oldB, f.biasAttr, f.bias);
      rewriter.modifyOpInPlace(f.conv, [&] {
        f.conv->setOperand(1, newW);
        f.conv->setOperand(2, newB);
      });
      for (Value old : {oldW, oldB})
        if (old.use_empty())
          rewriter.eraseOp(old.getDefiningOp());
    }
    rewriter.replaceOp(add, convResult);
    rewriter.eraseOp(mul);
    return success();
  }
};

struct CompressFoldBatchNormPass
    : compress::impl::CompressFoldBatchNormBase<CompressFoldBatchNormPass> {
  void runOnOperation() override {
    compress::onnx_import::applyImportFold<FoldBatchNormIntoConv>(getOperation());
  }
};
} // namespace
