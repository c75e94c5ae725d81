//===- ImportFold.h - running one fold on the imported IR -------*- C++ -*-===//
//
// The import passes (compress-fold-batchnorm, compress-fold-matmul-bias) each apply
// one pattern and nothing else: no op folding, no constant CSE, no region
// simplification, so the rest of the imported IR stays as the importer wrote it.
//
#ifndef COMPRESS_LIB_IMPORT_IMPORTFOLD_H
#define COMPRESS_LIB_IMPORT_IMPORTFOLD_H

#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <optional>
#include <vector>

namespace mlir::compress::onnx_import {

/// Applies `Pattern` greedily under `root` with folding, constant CSE and region
/// simplification disabled.
template <typename Pattern>
void applyImportFold(Operation *root) {
  RewritePatternSet patterns(root->getContext());
  patterns.add<Pattern>(root->getContext());
  GreedyRewriteConfig config;
  config.enableFolding(false).enableConstantCSE(false).setRegionSimplificationLevel(
      GreedySimplifyRegionLevel::Disabled);
  (void)applyPatternsGreedily(root, std::move(patterns), config);
}

/// The contents of an f32 tosa.const (inline or dense_resource).
inline std::optional<std::vector<float>> constF32Values(Value v, ElementsAttr &attr) {
  auto op = v.getDefiningOp<tosa::ConstOp>();
  if (!op || !cast<ShapedType>(v.getType()).getElementType().isF32())
    return std::nullopt;
  attr = op.getValues();
  if (auto dense = dyn_cast<DenseElementsAttr>(attr)) {
    auto values = dense.getValues<float>();
    return std::vector<float>(values.begin(), values.end());
  }
  if (auto blob = dyn_cast<DenseF32ResourceElementsAttr>(attr))
    if (auto data = blob.tryGetAsArrayRef())
      return std::vector<float>(data->begin(), data->end());
  return std::nullopt;
}

/// A tosa.const holding `data`, of the same kind as `like` (a blob stays a
/// blob, under the same key hint), at `like`'s location and just before it (so
/// the constants keep the importer's order).
inline Value rebuildConst(OpBuilder &rewriter, Value like, ElementsAttr likeAttr,
                   llvm::ArrayRef<float> data) {
  auto type = cast<RankedTensorType>(like.getType());
  rewriter.setInsertionPoint(like.getDefiningOp());
  ElementsAttr attr;
  if (auto blob = dyn_cast<DenseResourceElementsAttr>(likeAttr))
    attr = DenseResourceElementsAttr::get(type, blob.getRawHandle().getKey(),
                                          HeapAsmResourceBlob::allocateAndCopyInferAlign(data));
  else
    attr = DenseElementsAttr::get(type, data);
  return tosa::ConstOp::create(rewriter, like.getLoc(), type, attr);
}

} // namespace mlir::compress::onnx_import

#endif // COMPRESS_LIB_IMPORT_IMPORTFOLD_H
