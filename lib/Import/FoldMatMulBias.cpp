//===- FoldMatMulBias.cpp - compress-fold-matmul-bias ---------------------===//
//
// Moves the bias Add of a MatMul (or Gemm without C) in front of the reshape
// the importer puts after the tosa.matmul, so a fully connected layer has the
// importer's canonical shape (LinearOps.cpp; Passes.td describes the matched
// IR): matmul -> add of a tosa.const [1, 1, N] -> reshape. The bias values are
// not changed, only the shape of their constant.
//
#include "compress/Import/Passes.h"
#include "ImportFold.h"

#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::compress {
#define GEN_PASS_DEF_COMPRESSFOLDMATMULBIAS
#include "compress/Import/Passes.h.inc"
} // namespace mlir::compress

using namespace mlir;

namespace {
/// `attr` (an f32 tosa.const's values, inline or dense_resource) with `type`,
/// which has the same number of elements; null for other kinds of attribute.
ElementsAttr reshapedValues(ElementsAttr attr, ShapedType type) {
  if (auto dense = dyn_cast<DenseElementsAttr>(attr))
    return dense.reshape(type);
  if (auto blob = dyn_cast<DenseResourceElementsAttr>(attr))
    return DenseResourceElementsAttr::get(type, blob.getRawHandle());
  return nullptr;
}

/// add(reshape(matmul(a, b)), bias) -> reshape(add(matmul(a, b), bias')), with
/// bias an f32 constant varying along the last dim only (N, the matmul's output
/// columns) and bias' the same values as a [1, 1, N] constant. Also takes
/// add(matmul, bias) without the reshape (the importer leaves it out when the
/// ONNX output is the [1, M, N] matmul result) and either operand order. The new
/// bias const and add go right after the matmul, the reshape (with its shape)
/// after them: the order in which the importer emits a MatMul with its bias.
struct FoldMatMulBias : OpRewritePattern<tosa::AddOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(tosa::AddOp add, PatternRewriter &rewriter) const override {
    for (unsigned side : {0u, 1u})
      if (succeeded(fold(add, add->getOperand(side), add->getOperand(1 - side), rewriter)))
        return success();
    return failure();
  }

  LogicalResult fold(tosa::AddOp add, Value x, Value biasValue,
                     PatternRewriter &rewriter) const {
    // x: the matmul result, or its only reshape; each with the add as only user.
    auto reshape = x.getDefiningOp<tosa::ReshapeOp>();
    Value mmResult = reshape ? reshape.getInput1() : x;
    auto matmul = mmResult.getDefiningOp<tosa::MatMulOp>();
    if (!matmul || !x.hasOneUse() || !mmResult.hasOneUse())
      return failure();
    auto bias = biasValue.getDefiningOp<tosa::ConstOp>();
    auto mmType = dyn_cast<RankedTensorType>(mmResult.getType());
    auto outType = dyn_cast<RankedTensorType>(add.getType());
    if (!bias || !mmType || !outType || !mmType.hasStaticShape() ||
        !mmType.getElementType().isF32() || x.getType() != outType)
      return failure();
    // The output's last dim is the matmul's N (a reshape that keeps the last
    // dim keeps each element's column), and the bias varies along it only.
    int64_t n = mmType.getDimSize(2);
    auto biasType = cast<RankedTensorType>(bias.getType());
    if (outType.getRank() == 0 || outType.getShape().back() != n ||
        !biasType.getElementType().isF32() || biasType.getShape().back() != n ||
        biasType.getNumElements() != n)
      return failure();
    auto shapeOp = reshape ? reshape.getShape().getDefiningOp<tosa::ConstShapeOp>() : nullptr;
    if (reshape && !shapeOp)
      return failure();
    auto newBiasType = RankedTensorType::get({1, 1, n}, biasType.getElementType());
    // Already in the canonical shape and order: nothing to do.
    if (!reshape && add.getInput1() == mmResult && biasType == newBiasType &&
        matmul->getNextNode() == bias && bias->getNextNode() == add)
      return failure();
    ElementsAttr values = reshapedValues(bias.getValues(), newBiasType);
    if (!values)
      return failure();

    rewriter.setInsertionPointAfter(matmul);
    Value newBias = tosa::ConstOp::create(rewriter, bias.getLoc(), newBiasType, values);
    Value sum = tosa::AddOp::create(rewriter, add.getLoc(), mmType, mmResult, newBias);
    Value result = sum;
    if (reshape) {
      // The shape goes with the reshape (a copy if something else reads it).
      Operation *shape = shapeOp;
      if (shapeOp->hasOneUse())
        rewriter.moveOpAfter(shapeOp, sum.getDefiningOp());
      else
        shape = rewriter.clone(*shapeOp);
      rewriter.moveOpAfter(reshape, shape);
      rewriter.modifyOpInPlace(reshape, [&] {
        reshape->setOperand(0, sum);
        reshape->setOperand(1, shape->getResult(0));
      });
      result = reshape;
    }
    rewriter.replaceOp(add, result);
    if (bias->use_empty())
      rewriter.eraseOp(bias);
    return success();
  }
};

struct CompressFoldMatMulBiasPass
    : compress::impl::CompressFoldMatMulBiasBase<CompressFoldMatMulBiasPass> {
  void runOnOperation() override {
    compress::onnx_import::applyImportFold<FoldMatMulBias>(getOperation());
  }
};
} // namespace
