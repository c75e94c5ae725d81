//===- CompressToLinalg.cpp - compress ops to linalg loop nests -----------===//
#include "compress/Conversion/Passes.h"
#include "compress/Dialect/Compress/IR/CompressOps.h"

namespace mlir::compress {
#define GEN_PASS_DEF_CONVERTCOMPRESSTOLINALG
#include "compress/Conversion/Passes.h.inc"
} // namespace mlir::compress

using namespace mlir;
using namespace mlir::compress;

namespace {
struct ConvertCompressToLinalgPass
    : public compress::impl::ConvertCompressToLinalgBase<ConvertCompressToLinalgPass> {
  void runOnOperation() override {
    // TODO(lowering): implementation.
  }
};
} // namespace
