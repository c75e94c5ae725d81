//===- CompressToLinalg.cpp - compress ops to linalg loop nests -----------===//
//
// The pass driving the per-family patterns of CompressToLinalg.h: a partial
// conversion in which only the ops of families with a lowering are illegal.
// Before it, unless allow-computed-indices is set, every op whose index operands
// the verifier could not range-check (codebook indices, CSR row_offsets /
// col_indices that are not readable constants) is an error: the lowering reads
// at those indices unchecked.
//
//===----------------------------------------------------------------------===//
#include "compress/Conversion/CompressToLinalg/CompressToLinalg.h"
#include "compress/Conversion/Passes.h"
#include "compress/Dialect/Compress/IR/CompressOps.h"
#include "compress/Dialect/Compress/IR/CompressUtils.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h" // the vpermps kernel
#include "mlir/Transforms/DialectConversion.h"

namespace mlir::compress {
#define GEN_PASS_DEF_CONVERTCOMPRESSTOLINALG
#include "compress/Conversion/Passes.h.inc"
} // namespace mlir::compress

using namespace mlir;
using namespace mlir::compress;

void mlir::compress::populateCompressToLinalgPatterns(RewritePatternSet &patterns,
                                                      unsigned vectorBits) {
  populateCodebookToLinalgPatterns(patterns);
  populateSparseToLinalgPatterns(patterns);
  populateLowRankToLinalgPatterns(patterns);
  populateBinaryToLinalgPatterns(patterns, vectorBits);
  populateBinaryPackedToLinalgPatterns(patterns, vectorBits);
}

void mlir::compress::configureCompressToLinalgTarget(ConversionTarget &target) {
  configureCodebookToLinalgTarget(target);
  configureSparseToLinalgTarget(target);
  configureLowRankToLinalgTarget(target);
  configureBinaryToLinalgTarget(target);
  configureBinaryPackedToLinalgTarget(target);
}

namespace {
/// Index operands of `op` whose range the op verifier could not check, one clause
/// per reason; empty when every one was checked (or `op` has
/// none). The conditions mirror verifyCodebook / verifyCSR (CompressOps.cpp):
/// contents read with the same getConstant* helpers, bounds that must be static.
/// (Binary weight_bits index nothing: every bit pattern is a valid ±1 weight, and
/// the lowering clears the tail bits of computed ones, so they are never listed.)
SmallVector<std::string> uncheckedIndexOperands(Operation *op) {
  SmallVector<std::string> reasons;
  auto isDynamic = [](Value v, unsigned dim) {
    auto type = cast<RankedTensorType>(v.getType());
    return type.isDynamicDim(dim);
  };
  auto codebook = [&](Value centroids, Value indices) {
    if (failed(getConstantPackedBytes(indices)))
      reasons.push_back("indices are not a compile-time constant, so their range cannot be "
                        "checked");
    else if (isDynamic(centroids, cast<RankedTensorType>(centroids.getType()).getRank() - 1))
      reasons.push_back("indices cannot be checked against a dynamic number of centroids");
  };
  auto csr = [&](Value values, Value colIndices, Value rowOffsets) {
    SmallVector<StringRef> notConstant;
    if (failed(getConstantIntValues(rowOffsets)))
      notConstant.push_back("row_offsets");
    else if (isDynamic(values, 0) && isDynamic(colIndices, 0))
      reasons.push_back("row_offsets cannot be checked against a dynamic nnz");
    if (failed(getConstantIntValues(colIndices)))
      notConstant.push_back("col_indices");
    if (!notConstant.empty())
      reasons.push_back(llvm::join(notConstant, " and ") +
                        " are not a compile-time constant, so their range cannot be checked");
  };
  if (auto conv = dyn_cast<CodebookConv2DOp>(op))
    codebook(conv.getCentroids(), conv.getIndices());
  else if (auto mm = dyn_cast<CodebookMatmulOp>(op))
    codebook(mm.getCentroids(), mm.getIndices());
  else if (auto conv = dyn_cast<SparseConv2DOp>(op))
    csr(conv.getValues(), conv.getColIndices(), conv.getRowOffsets());
  else if (auto mm = dyn_cast<SparseMatmulOp>(op))
    csr(mm.getValues(), mm.getColIndices(), mm.getRowOffsets());
  return reasons;
}

struct ConvertCompressToLinalgPass
    : public compress::impl::ConvertCompressToLinalgBase<ConvertCompressToLinalgPass> {
  using Base::Base;

  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    // the codebook kernels exist for 256- and 512-bit vectors.
    if (vectorBits != 0 && vectorBits != 128 && vectorBits != 256 && vectorBits != 512) {
      getOperation()->emitError() << "convert-compress-to-linalg: vector-bits must be 0, 128, "
                                     "256 or 512, got "
                                  << static_cast<unsigned>(vectorBits);
      return signalPassFailure();
    }
    if (!allowComputedIndices) {
      bool rejected = false;
      getOperation()->walk([&](Operation *op) {
        for (const std::string &reason : uncheckedIndexOperands(op)) {
          op->emitError() << op->getName() << ": " << reason
                          << "; pass allow-computed-indices to lower them unchecked";
          rejected = true;
        }
      });
      if (rejected)
        return signalPassFailure();
    }
    ConversionTarget target(*ctx);
    // Everything not made illegal by a family stays (other compress ops included).
    target.markUnknownOpDynamicallyLegal([](Operation *) { return true; });
    configureCompressToLinalgTarget(target);
    RewritePatternSet patterns(ctx);
    populateCompressToLinalgPatterns(patterns, vectorBits);
    populateCodebookKernelPatterns(patterns, vectorBits);
    if (failed(applyPartialConversion(getOperation(), target, std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
