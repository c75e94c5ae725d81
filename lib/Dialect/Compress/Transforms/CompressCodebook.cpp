//===- CompressCodebook.cpp - k-means weight sharing into codebook ops ----===//
#include "compress/Dialect/Compress/IR/CompressOps.h"
#include "compress/Dialect/Compress/Transforms/Passes.h"

namespace mlir::compress {
#define GEN_PASS_DEF_COMPRESSCODEBOOK
#include "compress/Dialect/Compress/Transforms/Passes.h.inc"
} // namespace mlir::compress

using namespace mlir;
using namespace mlir::compress;

namespace {
struct CompressCodebookPass
    : public compress::impl::CompressCodebookBase<CompressCodebookPass> {
  using CompressCodebookBase::CompressCodebookBase;
  void runOnOperation() override {
    // TODO(codebook): implementation.
  }
};
} // namespace
