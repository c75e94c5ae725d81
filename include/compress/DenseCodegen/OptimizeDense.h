//===- OptimizeDense.h - tiling and vectorization of the dense path -*- C++ -*-===//
//
// Two passes used by compress-lower-to-llvm (lib/Pipelines) for the dense layers
// that tosa-to-linalg produces (docs/performance.md, "Dense path"):
//
//  compress-optimize-dense (func, on tensors, before bufferization):
//    - linalg.depthwise_conv_2d_nhwc_hwcm with multiplier 1 -> depthwise_conv_2d_nhwc_hwc;
//    - linalg.conv_2d_nhwc_hwcf and depthwise_conv_2d_nhwc_hwc are tiled (scf.for) on
//      (oh = 1, ow = a register block, channels = 8 or 16 lanes), their fill / bias
//      broadcast initialisation fused into the tile, then on the reduction (kh = 1,
//      input channels in blocks), so the tile is a 1-D convolution
//      (linalg::populateDecomposeConvolutionPatterns), which linalg::vectorize turns
//      into vector.contract (conv) or vector.fma (depthwise) on static shapes.
//
//  compress-lower-vectors (func, on memrefs, after bufferization):
//    hoists the accumulator transfers out of the reduction loops
//    (linalg::hoistRedundantVectorTransfers), lowers vector.contract to outer products
//    (FMA), n-D transfers to unrolled 1-D vector.load / vector.store.
//
#ifndef COMPRESS_DENSECODEGEN_OPTIMIZEDENSE_H
#define COMPRESS_DENSECODEGEN_OPTIMIZEDENSE_H

#include "mlir/Pass/Pass.h"
#include <memory>

namespace mlir::compress {

std::unique_ptr<Pass> createOptimizeDensePass();
std::unique_ptr<Pass> createLowerVectorsPass();

/// Registers both passes (compress-opt).
void registerOptimizeDensePasses();

/// The external interface models the passes rely on (linalg TilingInterface, vector
/// bufferization, value bounds); called by registerCompressDialects.
void registerOptimizeDenseInterfaces(DialectRegistry &registry);

} // namespace mlir::compress

#endif
