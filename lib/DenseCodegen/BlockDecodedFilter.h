//===- BlockDecodedFilter.h - conv filters decoded per output-channel block ===//
//
// Used by compress-vectorize-convs (VectorizeConvs.cpp, packFilter); see the .cpp.
//
//===----------------------------------------------------------------------===//
#ifndef COMPRESS_LIB_DENSECODEGEN_BLOCKDECODEDFILTER_H
#define COMPRESS_LIB_DENSECODEGEN_BLOCKDECODEDFILTER_H

#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::compress {

/// `filter` is the HWCF filter [KH, KW, C, F] of a tiled conv_2d_nhwc_hwcf, `slices`
/// its tiles' `extract_slice %filter[0, 0, 0, fo] [KH, KW, C, fBlock]` (fo a tile
/// loop's induction variable in steps of fBlock, or a constant multiple of fBlock).
/// When the filter is decoded at run time block by block in the packed layout
/// (a loop marked `compress.filter_blocks` producing [F/V, KH·KW·C, V], V | fBlock,
/// seen as HWCF through expand_shape, linalg.transpose [1, 2, 3, 0, 4] and
/// collapse_shape: what the canonicalizer makes of the lowering's OHWI transposes and
/// tosa-to-linalg's OHWI -> HWCF transpose; codebook_conv2d, see
/// lib/Conversion/CompressToLinalg/CodebookMatvec.cpp), the slices are replaced:
///   * every slice's loop is the outermost output tile loop (a loop that carries
///     `tileLoopAttr` and is not nested in another one: deep layers, where the
///     output-channel loop is outermost): the block's decode is cloned to the start
///     of that loop's body, so each fBlock-channel block [KH, KW, C, fBlock] is
///     decoded once into a cache-resident buffer and the full filter never exists;
///   * otherwise the slices read the decoded [F/V, KH, KW, C, V] tensor directly
///     (decoded once per call, no transpose copy) when V == fBlock, or its regrouping
///     to [F/fBlock, KH, KW, C, fBlock] (one copy of rows of V floats).
/// The slices then hold the same values as before (bit-identical results). Returns
/// failure, changing nothing, when the filter is not such a chain or V does not
/// divide fBlock (the caller packs it by a copy).
LogicalResult useBlockDecodedFilter(RewriterBase &rewriter, Value filter, int64_t fBlock,
                                    ArrayRef<tensor::ExtractSliceOp> slices,
                                    StringRef tileLoopAttr);

/// Replaces each `slices[i]` = `extract_slice %filter[0, 0, 0, fo] [KH, KW, C, fBlock]`
/// of an HWCF filter by the rank-reduced `extract_slice %packed[fo / fBlock, 0, 0, 0, 0]
/// [1, KH, KW, C, fBlock]` of the same filter packed as [F / fBlock, KH, KW, C, fBlock]
/// (the same values: the tile computes the same sums). fo is a multiple of fBlock.
void replacePackedFilterSlices(RewriterBase &rewriter, ArrayRef<tensor::ExtractSliceOp> slices,
                               Value packed, int64_t fBlock);

} // namespace mlir::compress

#endif // COMPRESS_LIB_DENSECODEGEN_BLOCKDECODEDFILTER_H
