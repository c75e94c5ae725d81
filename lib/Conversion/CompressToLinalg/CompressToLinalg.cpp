//===- CompressToLinalg.cpp - compress ops to linalg loop nests -----------===//
//
// The pass driving the per-family patterns of CompressToLinalg.h: a partial
// conversion in which only the ops of families with a lowering are illegal.
//
//===----------------------------------------------------------------------===//
#include "compress/Conversion/CompressToLinalg/CompressToLinalg.h"
#include "compress/Conversion/Passes.h"
#include "compress/Dialect/Compress/IR/CompressOps.h"

#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Transforms/DialectConversion.h"

namespace mlir::compress {
#define GEN_PASS_DEF_CONVERTCOMPRESSTOLINALG
#include "compress/Conversion/Passes.h.inc"
} // namespace mlir::compress

using namespace mlir;
using namespace mlir::compress;

void mlir::compress::populateCompressToLinalgPatterns(RewritePatternSet &patterns) {
  populateCodebookToLinalgPatterns(patterns);
  populateSparseToLinalgPatterns(patterns);
  populateLowRankToLinalgPatterns(patterns);
  populateBinaryToLinalgPatterns(patterns);
}

void mlir::compress::configureCompressToLinalgTarget(ConversionTarget &target) {
  configureCodebookToLinalgTarget(target);
  configureSparseToLinalgTarget(target);
  configureLowRankToLinalgTarget(target);
  configureBinaryToLinalgTarget(target);
}

namespace {
struct ConvertCompressToLinalgPass
    : public compress::impl::ConvertCompressToLinalgBase<ConvertCompressToLinalgPass> {
  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    ConversionTarget target(*ctx);
    // Everything not made illegal by a family stays (other compress ops included).
    target.markUnknownOpDynamicallyLegal([](Operation *) { return true; });
    configureCompressToLinalgTarget(target);
    RewritePatternSet patterns(ctx);
    populateCompressToLinalgPatterns(patterns);
    if (failed(applyPartialConversion(getOperation(), target, std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
