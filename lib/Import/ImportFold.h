//===- ImportFold.h - running one fold on the imported IR -------*- C++ -*-===//
//
// The import passes (compress-fold-batchnorm, compress-fold-matmul-bias) each apply
// one pattern and nothing else: no op folding, no constant CSE, no region
// simplification, so the rest of the imported IR stays as the importer wrote it.
//
#ifndef COMPRESS_LIB_IMPORT_IMPORTFOLD_H
#define COMPRESS_LIB_IMPORT_IMPORTFOLD_H

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

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

} // namespace mlir::compress::onnx_import

#endif // COMPRESS_LIB_IMPORT_IMPORTFOLD_H
