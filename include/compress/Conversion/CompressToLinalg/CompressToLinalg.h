//===- CompressToLinalg.h - patterns lowering compress ops to linalg -*- C++ -*-===//
//
// One pattern per compress op and lowering strategy, grouped per family: a family
// provides a populate function for its patterns and a target-configuration function
// marking its ops illegal. convert-compress-to-linalg uses every family registered here; the ops
// of families without a lowering yet stay legal (left alone).
//
#ifndef COMPRESS_CONVERSION_COMPRESSTOLINALG_COMPRESSTOLINALG_H
#define COMPRESS_CONVERSION_COMPRESSTOLINALG_COMPRESSTOLINALG_H

namespace mlir {
class ConversionTarget;
class RewritePatternSet;
class DialectRegistry;
} // namespace mlir

namespace mlir::compress {

/// codebook_conv2d and codebook_matmul on tensors. Ungrouped and depthwise convs and
/// matmuls: a linalg.generic decodes the layer's packed indices (tensor.extract of the
/// byte(s), shift, mask, centroid) into a dense f32 weight tensor in the layout the
/// dense op wants (OHWI, HWCM, [1, K, N]) once per call, then tosa.conv2d /
/// tosa.depthwise_conv2d / tosa.matmul run it on the dense path; the decoded tensor is
/// a scratch buffer, freed (reused) once the layer is done. Grouped convs (1 < groups
/// < C): tensor.pad + a linalg.generic whose reduction loops decode each weight as
/// they read it, without materializing the dense weight.
void populateCodebookToLinalgPatterns(RewritePatternSet &patterns);
/// Marks codebook_conv2d and codebook_matmul illegal.
void configureCodebookToLinalgTarget(ConversionTarget &target);

// Codebook kernels.
/// codebook_matmul with constant indices, when `vectorBits` is 512 (AVX-512F) or
/// 256 (AVX2): a matrix-vector / small-batch kernel that decodes the indices in
/// registers (vpermps for a per-tensor codebook of <= 16 centroids, a gather of the
/// centroids otherwise), from indices repacked at compile time in its read order
/// (CodebookMatvec.cpp); bit-identical to the dense path. Takes precedence over populateCodebookToLinalgPatterns (benefit 2); other
/// vectorBits add nothing that matches.
void populateCodebookKernelPatterns(RewritePatternSet &patterns, unsigned vectorBits);
/// Declares the x86 permute intrinsics the kernel emits on tensors (as
/// llvm.call_intrinsic) free of memory effects, so that bufferization and buffer
/// deallocation accept them. Every tool that runs the lowering registers this.
void registerCodebookKernelInterfaces(DialectRegistry &registry);

/// binary_conv2d and binary_matmul on tensors -> a linalg.generic packing the sign
/// bits of the input into i64 words (the weight_bits layout), then a linalg.generic
/// over the output summing math.ctpop(a XOR w) over taps and words in i64, with
/// per-pixel K_eff for zero padding, and α·(K_eff − 2·popcount) + bias fused.
/// Constant weights (groups 1) get the register-blocked kernel instead, counting with
/// vector popcounts (vpopcntq) or, for `vectorBits` == 256 (AVX2), with byte counters
/// widened every ≤ 31 words; its output-row / channel-range loops are marked
/// `compress.parallel_tile` for compress-parallelize-tiles (BinaryToLinalg.cpp).
void populateBinaryToLinalgPatterns(RewritePatternSet &patterns, unsigned vectorBits = 0);
/// Marks binary_conv2d and binary_matmul illegal.
void configureBinaryToLinalgTarget(ConversionTarget &target);

/// The packed-activation ops (binary_pack, binary_conv2d_threshold,
/// binary_conv2d_packed, binary_max_pool2d) -> loops: the convs with constant weights
/// (and thresholds) use binary_conv2d's register-blocked kernel (`vectorBits` as
/// there) on the packed input, others one linalg.generic with scf.for reductions of
/// math.ctpop(a XOR w) (BinaryPackedToLinalg.cpp).
void populateBinaryPackedToLinalgPatterns(RewritePatternSet &patterns,
                                          unsigned vectorBits = 0);
/// Marks the packed-activation ops illegal.
void configureBinaryPackedToLinalgTarget(ConversionTarget &target);

/// lowrank_conv2d and lowrank_matmul -> the two dense tosa ops they stand for
/// (tosa.conv2d to r channels then tosa.conv2d 1×1; tosa.matmul twice + tosa.add),
/// so tosa-to-linalg, which runs next, gives them the dense path's code.
void populateLowRankToLinalgPatterns(RewritePatternSet &patterns);
/// Marks lowrank_conv2d and lowrank_matmul illegal.
void configureLowRankToLinalgTarget(ConversionTarget &target);

/// sparse_conv2d and sparse_matmul on tensors -> direct sparse convolution (Park et
/// al. 2017): the input relayouted so the output pixel (conv) / batch row (matmul) axis
/// is contiguous, then scf.for loops over the output channels and chunks of up to 32
/// pixels whose inner loop walks the CSR row, accumulating broadcast(value) ·
/// vector.transfer_read of the input at a per-nonzero offset (an i32 constant computed
/// at compile time when the column indices are constant). See SparseToLinalg.cpp.
void populateSparseToLinalgPatterns(RewritePatternSet &patterns);
/// Marks sparse_conv2d and sparse_matmul illegal.
void configureSparseToLinalgTarget(ConversionTarget &target);

/// Every family above (`vectorBits`: the target's, for the binary kernel; 0 = unknown).
void populateCompressToLinalgPatterns(RewritePatternSet &patterns, unsigned vectorBits = 0);
void configureCompressToLinalgTarget(ConversionTarget &target);

} // namespace mlir::compress

#endif // COMPRESS_CONVERSION_COMPRESSTOLINALG_COMPRESSTOLINALG_H
