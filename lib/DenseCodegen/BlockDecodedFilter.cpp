//===- BlockDecodedFilter.cpp - conv filters decoded per output-channel block ===//
//
// compress-vectorize-convs' hook for filters decoded at run time in the packed tile
// layout (codebook_conv2d): see BlockDecodedFilter.h.
//
//===----------------------------------------------------------------------===//
#include "BlockDecodedFilter.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/IRMapping.h"

using namespace mlir;

namespace {

constexpr llvm::StringLiteral kFilterBlocksAttr = "compress.filter_blocks";

/// The decode loop behind `filter` and its shapes.
struct BlockDecode {
  scf::ForOp loop;
  tensor::ExpandShapeOp packed; // [F/V, KH, KW, C, V]
  tensor::ExtractSliceOp blockSlice; // the body's slice of the carried tensor
  tensor::InsertSliceOp blockInsert; // the body's insert of the decoded block
  int64_t lanes;
};

bool isTransposeWith(linalg::TransposeOp op, ArrayRef<int64_t> perm) {
  return op && op.hasPureTensorSemantics() && op.getPermutation() == perm;
}

/// filter = collapse<0,1,2,[3,4]>(transpose<1,2,3,0,4>(expand<0,[1,2,3],4>(
///   scf.for {compress.filter_blocks})))
/// (the canonical form of the lowering's OHWI transposes + tosa-to-linalg's HWCF one).
FailureOr<BlockDecode> matchBlockDecode(Value filter) {
  auto collapse = filter.getDefiningOp<tensor::CollapseShapeOp>();
  if (!collapse || collapse.getReassociationIndices() !=
                       SmallVector<ReassociationIndices>{{0}, {1}, {2}, {3, 4}})
    return failure();
  auto hwcf = collapse.getSrc().getDefiningOp<linalg::TransposeOp>();
  if (!isTransposeWith(hwcf, {1, 2, 3, 0, 4}))
    return failure();
  auto expand = hwcf.getInput().getDefiningOp<tensor::ExpandShapeOp>();
  if (!expand || expand.getReassociationIndices() !=
                     SmallVector<ReassociationIndices>{{0}, {1, 2, 3}, {4}})
    return failure();
  auto loop = expand.getSrc().getDefiningOp<scf::ForOp>();
  if (!loop || !loop->hasAttr(kFilterBlocksAttr) || loop.getNumRegionIterArgs() != 1 ||
      getConstantIntValue(loop.getLowerBound()) != std::optional<int64_t>(0) ||
      getConstantIntValue(loop.getStep()) != std::optional<int64_t>(1))
    return failure();
  BlockArgument carried = loop.getRegionIterArgs()[0];
  auto yield = cast<scf::YieldOp>(loop.getBody()->getTerminator());
  auto insert = yield.getOperand(0).getDefiningOp<tensor::InsertSliceOp>();
  if (!insert || insert.getDest() != carried || !carried.hasNUses(2))
    return failure();
  tensor::ExtractSliceOp slice;
  for (Operation *user : carried.getUsers())
    if (auto s = dyn_cast<tensor::ExtractSliceOp>(user))
      slice = s;
  if (!slice || slice->getBlock() != loop.getBody())
    return failure();
  auto packedType = expand.getResultType();
  if (!packedType.hasStaticShape())
    return failure();
  return BlockDecode{loop, expand, slice, insert, packedType.getDimSize(4)};
}

/// Clones the decode of block `index` (an index value) at the insertion point, writing
/// into `into` (a [KH·KW·C, V] tensor): returns the decoded tensor.
Value cloneBlock(RewriterBase &rewriter, BlockDecode d, Value index, Value into) {
  IRMapping map;
  map.map(d.loop.getInductionVar(), index);
  map.map(d.blockSlice.getResult(), into);
  for (Operation &op : d.loop.getBody()->without_terminator())
    if (&op != d.blockSlice.getOperation() && &op != d.blockInsert.getOperation())
      rewriter.clone(op, map);
  return map.lookup(d.blockInsert.getSource());
}

} // namespace

LogicalResult mlir::compress::useBlockDecodedFilter(RewriterBase &rewriter, Value filter,
                                                    int64_t fBlock,
                                                    ArrayRef<tensor::ExtractSliceOp> slices,
                                                    StringRef tileLoopAttr) {
  FailureOr<BlockDecode> d = matchBlockDecode(filter);
  if (failed(d) || slices.empty())
    return failure();
  RankedTensorType packedType = d->packed.getResultType();
  int64_t lanes = d->lanes, kh = packedType.getDimSize(1), kw = packedType.getDimSize(2),
          c = packedType.getDimSize(3);
  Type f32 = packedType.getElementType();
  if (fBlock % lanes != 0)
    return failure();

  // The output-channel tile loop of each slice, when it is the outermost tile loop.
  SmallVector<scf::ForOp> loops;
  for (tensor::ExtractSliceOp slice : slices) {
    if (!ShapedType::isDynamic(slice.getStaticOffsets()[3]))
      break;
    auto iv = cast<BlockArgument>(slice.getOffsets()[0]);
    auto loop = cast<scf::ForOp>(iv.getOwner()->getParentOp());
    auto parent = loop->getParentOfType<scf::ForOp>();
    if (!loop->hasAttr(tileLoopAttr) || (parent && parent->hasAttr(tileLoopAttr)))
      break;
    loops.push_back(loop);
  }

  if (loops.size() == slices.size()) {
    // Per block: iteration fo of the loop decodes the fBlock / V blocks of its output
    // channels side by side into its own slice [KH·KW·C, fBlock] of a scratch tensor
    // [F / fBlock, KH·KW·C, fBlock] made before the loop (one arena buffer, written
    // through per-iteration views: no allocation inside the loop, which may run on
    // threads), right before its tiles read it back from cache.
    int64_t r = kh * kw * c, k = fBlock / lanes, blocks = packedType.getDimSize(0);
    auto rowsType = RankedTensorType::get({r, lanes}, f32);
    auto blockType = RankedTensorType::get({r, fBlock}, f32);
    auto quarter = RankedTensorType::get({kh, kw, c, fBlock}, f32);
    DenseMap<Operation *, Value> decoded;
    for (auto [slice, loop] : llvm::zip(slices, loops)) {
      Value &block = decoded[loop];
      if (!block) {
        Location loc = slice->getLoc();
        rewriter.setInsertionPoint(loop);
        Value scratch = tensor::EmptyOp::create(
            rewriter, loc, ArrayRef<int64_t>{blocks / k, r, fBlock}, f32);
        rewriter.setInsertionPointToStart(loop.getBody());
        Value fo = affine::makeComposedAffineApply(
            rewriter, loc, rewriter.getAffineDimExpr(0).floorDiv(fBlock),
            {OpFoldResult(loop.getInductionVar())});
        auto sliceOf = [&](int64_t first, int64_t width) {
          return std::make_pair(
              SmallVector<OpFoldResult>{fo, rewriter.getIndexAttr(0), rewriter.getIndexAttr(first)},
              SmallVector<OpFoldResult>{rewriter.getIndexAttr(1), rewriter.getIndexAttr(r),
                                        rewriter.getIndexAttr(width)});
        };
        SmallVector<OpFoldResult> strides(3, rewriter.getIndexAttr(1));
        for (int64_t i = 0; i < k; ++i) {
          auto [offsets, sizes] = sliceOf(i * lanes, lanes);
          Value part = tensor::ExtractSliceOp::create(rewriter, loc, rowsType, scratch, offsets,
                                                      sizes, strides);
          Value index = affine::makeComposedAffineApply(
              rewriter, loc, rewriter.getAffineDimExpr(0).floorDiv(lanes) + i,
              {OpFoldResult(loop.getInductionVar())});
          Value rows = cloneBlock(rewriter, *d, index, part);
          scratch = tensor::InsertSliceOp::create(rewriter, loc, rows, scratch, offsets, sizes,
                                                  strides);
        }
        auto [offsets, sizes] = sliceOf(0, fBlock);
        Value whole = tensor::ExtractSliceOp::create(rewriter, loc, blockType, scratch, offsets,
                                                     sizes, strides);
        block = tensor::ExpandShapeOp::create(rewriter, loc, quarter, whole,
                                              SmallVector<ReassociationIndices>{{0, 1, 2}, {3}});
      }
      rewriter.replaceOp(slice, block);
    }
    return success();
  }

  // Decoded once per call: the tiles slice the packed tensor ([F/V, KH, KW, C, V]; for
  // fBlock = k·V, regrouped to [F/fBlock, KH, KW, C, fBlock] by a copy that keeps rows
  // of V floats: compress-vectorize-transposes makes it vector row copies).
  Value packed = d->packed.getResult();
  if (lanes != fBlock) {
    int64_t k = fBlock / lanes, blocks = packedType.getDimSize(0);
    Location loc = d->packed.getLoc();
    rewriter.setInsertionPointAfter(d->packed);
    Value expanded = tensor::ExpandShapeOp::create(
        rewriter, loc, RankedTensorType::get({blocks / k, k, kh, kw, c, lanes}, f32), packed,
        SmallVector<ReassociationIndices>{{0, 1}, {2}, {3}, {4}, {5}});
    Value init =
        tensor::EmptyOp::create(rewriter, loc, ArrayRef<int64_t>{blocks / k, kh, kw, c, k, lanes}, f32);
    Value regrouped = linalg::TransposeOp::create(rewriter, loc, expanded, init,
                                                  ArrayRef<int64_t>{0, 2, 3, 4, 1, 5})
                          .getResult()[0];
    packed = tensor::CollapseShapeOp::create(
        rewriter, loc, RankedTensorType::get({blocks / k, kh, kw, c, fBlock}, f32), regrouped,
        SmallVector<ReassociationIndices>{{0}, {1}, {2}, {3}, {4, 5}});
  }
  replacePackedFilterSlices(rewriter, slices, packed, fBlock);
  return success();
}

void mlir::compress::replacePackedFilterSlices(RewriterBase &rewriter,
                                               ArrayRef<tensor::ExtractSliceOp> slices,
                                               Value packed, int64_t fBlock) {
  auto packedType = cast<RankedTensorType>(packed.getType());
  int64_t kh = packedType.getDimSize(1), kw = packedType.getDimSize(2),
          c = packedType.getDimSize(3);
  auto sliceType = RankedTensorType::get({kh, kw, c, fBlock}, packedType.getElementType());
  for (tensor::ExtractSliceOp slice : slices) {
    rewriter.setInsertionPoint(slice);
    OpFoldResult block;
    if (!ShapedType::isDynamic(slice.getStaticOffsets()[3]))
      block = rewriter.getIndexAttr(slice.getStaticOffsets()[3] / fBlock);
    else
      block = affine::makeComposedFoldedAffineApply(
          rewriter, slice.getLoc(), rewriter.getAffineDimExpr(0).floorDiv(fBlock),
          {OpFoldResult(slice.getOffsets()[0])});
    SmallVector<OpFoldResult> offsets = {block, rewriter.getIndexAttr(0), rewriter.getIndexAttr(0),
                                         rewriter.getIndexAttr(0), rewriter.getIndexAttr(0)};
    SmallVector<OpFoldResult> sizes = {rewriter.getIndexAttr(1), rewriter.getIndexAttr(kh),
                                       rewriter.getIndexAttr(kw), rewriter.getIndexAttr(c),
                                       rewriter.getIndexAttr(fBlock)};
    SmallVector<OpFoldResult> strides(5, rewriter.getIndexAttr(1));
    rewriter.replaceOpWithNewOp<tensor::ExtractSliceOp>(slice, sliceType, packed, offsets, sizes,
                                                        strides);
  }
}
