//===- CompressDecompress.cpp - compress ops back to dense tosa ops (oracle) ----===//
#include "compress/Dialect/Compress/IR/CompressOps.h"
#include "compress/Dialect/Compress/Transforms/Passes.h"

namespace mlir::compress {
#define GEN_PASS_DEF_COMPRESSDECOMPRESS
#include "compress/Dialect/Compress/Transforms/Passes.h.inc"
} // namespace mlir::compress

using namespace mlir;
using namespace mlir::compress;

namespace {
struct CompressDecompressPass
    : public compress::impl::CompressDecompressBase<CompressDecompressPass> {
  
  void runOnOperation() override {
    // TODO(dialect): implementation.
  }
};
} // namespace
