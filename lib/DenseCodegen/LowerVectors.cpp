//===- LowerVectors.cpp - vectorized tiles to 1-D loads, stores and FMAs --===//
//
// compress-lower-vectors: see its description in include/compress/DenseCodegen/Passes.td.
//
//===----------------------------------------------------------------------===//
#include "compress/DenseCodegen/Passes.h"

#include "mlir/Conversion/VectorToSCF/VectorToSCF.h"
#include "mlir/Dialect/Arith/Transforms/Passes.h"
#include "mlir/Dialect/Linalg/Transforms/Hoisting.h"
#include "mlir/Dialect/Vector/Transforms/LoweringPatterns.h"
#include "mlir/Dialect/Vector/Transforms/VectorRewritePatterns.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::compress {
#define GEN_PASS_DEF_COMPRESSLOWERVECTORS
#include "compress/DenseCodegen/Passes.h.inc"
} // namespace mlir::compress

using namespace mlir;

namespace {

struct LowerVectorsPass : public compress::impl::CompressLowerVectorsBase<LowerVectorsPass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    MLIRContext *ctx = &getContext();
    linalg::hoistRedundantVectorTransfers(func);
    {
      RewritePatternSet patterns(ctx);
      vector::populateVectorContractLoweringPatterns(patterns,
                                                     vector::VectorContractLowering::OuterProduct);
      vector::populateVectorTransferPermutationMapLoweringPatterns(patterns);
      vector::populateVectorMultiReductionLoweringPatterns(
          patterns, vector::VectorMultiReductionLowering::InnerParallel);
      vector::populateVectorTransposeLoweringPatterns(patterns,
                                                      vector::VectorTransposeLowering::EltWise);
      vector::populateVectorBroadcastLoweringPatterns(patterns);
      vector::populateVectorOuterProductLoweringPatterns(patterns);
      vector::populateVectorShapeCastLoweringPatterns(patterns);
      if (failed(applyPatternsGreedily(func, std::move(patterns))))
        return signalPassFailure();
    }
    {
      RewritePatternSet patterns(ctx);
      populateVectorToSCFConversionPatterns(patterns,
                                            VectorTransferToSCFOptions().enableFullUnroll());
      vector::populateVectorTransferLoweringPatterns(patterns, /*maxTransferRank=*/1);
      if (failed(applyPatternsGreedily(func, std::move(patterns))))
        return signalPassFailure();
    }
    // vector.fma -> mulf + addf: without fast-math the scalar loops (and the compressed
    // layers' lowering) round after the multiply; keeping that rounding makes the dense
    // path bit-identical to them (test/Integration/Codebook/e2e-codebook-lossless.mlir).
    IRRewriter rewriter(ctx);
    func.walk([&](vector::FMAOp fma) {
      rewriter.setInsertionPoint(fma);
      Value product = arith::MulFOp::create(rewriter, fma.getLoc(), fma.getLhs(), fma.getRhs());
      rewriter.replaceOpWithNewOp<arith::AddFOp>(fma, product, fma.getAcc());
    });
    // f32 <-> bf16 conversions (bfloat16 graph inputs/outputs, Cast to BFLOAT16) as
    // integer arithmetic: round to nearest even with subnormals kept, the same on
    // every target. LLVM would otherwise use AVX512-BF16's vcvtneps2bf16 (which
    // flushes subnormals) where it exists and call __truncsfbf2 elsewhere, which
    // not every libgcc has (the library would not load).
    RewritePatternSet bf16(ctx);
    arith::populateExpandBFloat16Patterns(bf16);
    if (failed(applyPatternsGreedily(func, std::move(bf16))))
      return signalPassFailure();
  }
};

} // namespace
