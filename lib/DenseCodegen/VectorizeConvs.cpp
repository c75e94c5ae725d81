//===- VectorizeConvs.cpp - tile and vectorize the dense linalg convolutions ===//
//
// compress-vectorize-convs: see its description in
// include/compress/DenseCodegen/Passes.td and docs/performance.md.
//
//===----------------------------------------------------------------------===//
#include "compress/DenseCodegen/Passes.h"
#include "BlockDecodedFilter.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Affine/IR/ValueBoundsOpInterfaceImpl.h"
#include "mlir/Dialect/Arith/IR/ValueBoundsOpInterfaceImpl.h"
#include "mlir/Dialect/Linalg/Transforms/SubsetInsertionOpInterfaceImpl.h"
#include "mlir/Dialect/Linalg/Transforms/TilingInterfaceImpl.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/IR/ValueBoundsOpInterfaceImpl.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/Tensor/IR/ValueBoundsOpInterfaceImpl.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Dialect/Vector/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Vector/Transforms/SubsetOpInterfaceImpl.h"
#include "mlir/Interfaces/TilingInterface.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "llvm/Support/MathExtras.h"

#include <limits>

namespace mlir::compress {
#define GEN_PASS_DEF_COMPRESSVECTORIZECONVS
#include "compress/DenseCodegen/Passes.h.inc"
} // namespace mlir::compress

using namespace mlir;

namespace {

/// Marks the small ops fused into a tile, so that only they (not the whole-tensor
/// elementwise ops, which LLVM vectorizes as loops) are vectorized.
constexpr llvm::StringLiteral kTileAttr = "compress.dense_tile";
/// On the loops over output tiles (see tileConv): the tiled op's multiply-accumulates.
constexpr llvm::StringLiteral kParallelTileAttr = "compress.parallel_tile";

int64_t largestDivisorAtMost(int64_t n, int64_t cap) {
  for (int64_t d = std::min(n, cap); d > 1; --d)
    if (n % d == 0)
      return d;
  return 1;
}

/// Output/depthwise channel block: one or two AVX2 registers when it divides.
int64_t channelBlock(int64_t c) {
  if (c % 16 == 0)
    return 16;
  if (c % 8 == 0)
    return 8;
  if (c <= 16)
    return c;
  return largestDivisorAtMost(c, 16);
}

/// Output-width block: the accumulators (width x channel/8 registers) stay in
/// registers (16 ymm on AVX2).
int64_t widthBlock(int64_t ow, int64_t cBlock) {
  int64_t regsPerRow = std::max<int64_t>(1, (cBlock + 7) / 8);
  return largestDivisorAtMost(ow, std::max<int64_t>(1, std::min<int64_t>(8, 12 / regsPerRow)));
}

/// The f32 values of the constant `value` in row-major order: an `arith.constant`
/// with dense (also splat) or dense_resource elements. Empty if it is not one.
std::optional<std::vector<float>> constantFloats(Value value) {
  auto constant = value.getDefiningOp<arith::ConstantOp>();
  if (!constant)
    return std::nullopt;
  auto type = dyn_cast<RankedTensorType>(constant.getType());
  if (!type || !type.getElementType().isF32() || !type.hasStaticShape())
    return std::nullopt;
  if (auto dense = dyn_cast<DenseElementsAttr>(constant.getValue())) {
    auto values = dense.getValues<float>();
    return std::vector<float>(values.begin(), values.end());
  }
  if (auto resource = dyn_cast<DenseF32ResourceElementsAttr>(constant.getValue()))
    if (std::optional<ArrayRef<float>> values = resource.tryGetAsArrayRef();
        values && int64_t(values->size()) == type.getNumElements())
      return std::vector<float>(values->begin(), values->end());
  return std::nullopt;
}

/// The values of a constant HWCF conv filter [KH, KW, C, F], row-major: the filter
/// is an f32 constant, or a `linalg.transpose` of one (tosa-to-linalg transposes the
/// importer's FHWC weights [F, KH, KW, C] to HWCF, and that transpose of a
/// dense_resource constant does not fold: it ran on every call). Empty otherwise.
std::optional<std::vector<float>> hwcfFilterValues(Value filter) {
  if (std::optional<std::vector<float>> direct = constantFloats(filter))
    return direct;
  auto transpose = filter.getDefiningOp<linalg::TransposeOp>();
  if (!transpose)
    return std::nullopt;
  std::optional<std::vector<float>> source = constantFloats(transpose.getInput());
  if (!source)
    return std::nullopt;
  ArrayRef<int64_t> perm = transpose.getPermutation();
  ArrayRef<int64_t> srcShape = transpose.getInput().getType().getShape();
  ArrayRef<int64_t> dstShape = transpose.getInit().getType().getShape();
  int64_t rank = srcShape.size();
  SmallVector<int64_t> srcStrides(rank, 1);
  for (int64_t d = rank - 2; d >= 0; --d)
    srcStrides[d] = srcStrides[d + 1] * srcShape[d + 1];
  // Result dim i is input dim perm[i]: stride of result dim i in the source.
  SmallVector<int64_t> strideOf(rank);
  for (int64_t i = 0; i < rank; ++i)
    strideOf[i] = srcStrides[perm[i]];
  std::vector<float> result(source->size());
  SmallVector<int64_t> index(rank, 0);
  for (size_t linear = 0; linear < result.size(); ++linear) {
    int64_t offset = 0;
    for (int64_t i = 0; i < rank; ++i)
      offset += index[i] * strideOf[i];
    result[linear] = (*source)[offset];
    for (int64_t i = rank - 1; i >= 0; --i) {
      if (++index[i] < dstShape[i])
        break;
      index[i] = 0;
    }
  }
  return result;
}

/// Filter packing for the register blocks of `fBlock` output channels: after the conv
/// is tiled, each tile reads `extract_slice %filter[0, 0, 0, fo] [KH, KW, C, fBlock]`
/// of its HWCF filter [KH, KW, C, F]: rows of fBlock floats F floats apart. When the
/// filter is constant (see hwcfFilterValues), it is reordered at compile time to
/// [F / fBlock, KH, KW, C, fBlock] and each such slice becomes the contiguous
/// `extract_slice %packed[fo / fBlock, 0, 0, 0, 0] [1, KH, KW, C, fBlock]` (rank-reduced
/// to [KH, KW, C, fBlock]: the same values, so the tile computes the same sums). A
/// filter computed at run time is packed the same way by a copy (expand_shape +
/// linalg.transpose keeping the fBlock channels contiguous) once per call, before the
/// tiles. The tiles then stream their filter block linearly. Slices of other shapes are
/// left alone; an unpacked filter with no slices left is erased by the canonicalizer.
void packFilter(RewriterBase &rewriter, Value filter, int64_t fBlock) {
  auto type = dyn_cast<RankedTensorType>(filter.getType());
  if (!type || type.getRank() != 4 || !type.hasStaticShape())
    return;
  int64_t kh = type.getDimSize(0), kw = type.getDimSize(1), c = type.getDimSize(2),
          f = type.getDimSize(3);
  if (fBlock <= 0 || fBlock >= f || f % fBlock != 0)
    return;
  SmallVector<tensor::ExtractSliceOp> slices;
  for (Operation *user : filter.getUsers()) {
    auto slice = dyn_cast<tensor::ExtractSliceOp>(user);
    if (!slice || slice.getSource() != filter || !slice.hasUnitStride() ||
        slice.getType().getRank() != 4)
      continue;
    ArrayRef<int64_t> sizes = slice.getStaticSizes();
    ArrayRef<int64_t> offsets = slice.getStaticOffsets();
    if (sizes != ArrayRef<int64_t>{kh, kw, c, fBlock} || offsets[0] != 0 || offsets[1] != 0 ||
        offsets[2] != 0)
      continue;
    // The channel offset: a tile loop's induction variable from 0 in steps of fBlock, or
    // a constant multiple of fBlock.
    if (!ShapedType::isDynamic(offsets[3])) {
      if (offsets[3] % fBlock != 0)
        continue;
    } else {
      auto iv = dyn_cast<BlockArgument>(slice.getOffsets()[0]);
      auto loop = iv ? dyn_cast<scf::ForOp>(iv.getOwner()->getParentOp()) : scf::ForOp();
      if (!loop || loop.getInductionVar() != iv ||
          getConstantIntValue(loop.getLowerBound()) != std::optional<int64_t>(0) ||
          getConstantIntValue(loop.getStep()) != std::optional<int64_t>(fBlock))
        continue;
    }
    slices.push_back(slice);
  }
  if (slices.empty())
    return;
  auto packedType =
      RankedTensorType::get({f / fBlock, kh, kw, c, fBlock}, type.getElementType());
  auto replaceSlices = [&](Value packedFilter) {
    compress::replacePackedFilterSlices(rewriter, slices, packedFilter, fBlock);
  };
  std::optional<std::vector<float>> values = hwcfFilterValues(filter);
  // Filters decoded per output-channel block (codebook_conv2d): BlockDecodedFilter.cpp.
  if (!values && succeeded(compress::useBlockDecodedFilter(rewriter, filter, fBlock, slices,
                                                           kParallelTileAttr)))
    return;
  if (!values) {
    // A filter computed at run time (a codebook layer's decoded weights, a dequantized
    // filter): packed once per call, before the tiles, by a copy that keeps the
    // contiguous fBlock channels together: [KH, KW, C, F] expanded to
    // [KH, KW, C, F / fBlock, fBlock], transposed to [F / fBlock, KH, KW, C, fBlock].
    // When the filter is itself tosa-to-linalg's FHWC → HWCF transpose of X [F, KH, KW,
    // C], the pack reads X directly (one copy per call instead of two): X expanded to
    // [F / fBlock, fBlock, KH, KW, C], transposed to [F / fBlock, KH, KW, C, fBlock]
    // (compress-vectorize-transposes, run again after this pass, blocks that copy).
    rewriter.setInsertionPointAfterValue(filter);
    Location loc = filter.getLoc();
    Value init = tensor::EmptyOp::create(rewriter, loc, packedType.getShape(),
                                         type.getElementType());
    auto fhwc = filter.getDefiningOp<linalg::TransposeOp>();
    if (fhwc && fhwc.hasPureTensorSemantics() &&
        fhwc.getPermutation() == ArrayRef<int64_t>{1, 2, 3, 0}) {
      auto expandedType =
          RankedTensorType::get({f / fBlock, fBlock, kh, kw, c}, type.getElementType());
      Value expanded = tensor::ExpandShapeOp::create(
          rewriter, loc, expandedType, fhwc.getInput(),
          SmallVector<ReassociationIndices>{{0, 1}, {2}, {3}, {4}});
      replaceSlices(linalg::TransposeOp::create(rewriter, loc, expanded, init,
                                                ArrayRef<int64_t>{0, 2, 3, 4, 1})
                        .getResult()[0]);
      return;
    }
    auto expandedType =
        RankedTensorType::get({kh, kw, c, f / fBlock, fBlock}, type.getElementType());
    Value expanded = tensor::ExpandShapeOp::create(
        rewriter, loc, expandedType, filter,
        SmallVector<ReassociationIndices>{{0}, {1}, {2}, {3, 4}});
    replaceSlices(linalg::TransposeOp::create(rewriter, loc, expanded, init,
                                              ArrayRef<int64_t>{3, 0, 1, 2, 4})
                      .getResult()[0]);
    return;
  }
  std::vector<float> packed(values->size());
  int64_t rows = kh * kw * c; // (kh, kw, c) flattened
  for (int64_t fo = 0; fo < f / fBlock; ++fo)
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t j = 0; j < fBlock; ++j)
        packed[(fo * rows + r) * fBlock + j] = (*values)[r * f + fo * fBlock + j];
  rewriter.setInsertionPointAfterValue(filter);
  replaceSlices(arith::ConstantOp::create(
      rewriter, filter.getLoc(), packedType,
      DenseElementsAttr::get(packedType, ArrayRef<float>(packed))));
}

/// Register block (pixels along OW, output channels) of a conv_2d_nhwc_hwcf tile
/// for output width `ow` and `channels` output channels, on a target with
/// `vectorBits`-bit vector registers (0: the AVX2-sized blocks used before
/// vector-bits existed, kept to compare against).
///
/// 256 (only when the blocks of 0 have a row shorter than 4 pixels) / 512: one
/// register of output channels (8 / 16 lanes) when they divide the
/// channels, and the widest row of pixels up to 12 (16 ymm registers) / 14 (32 zmm)
/// accumulators that divides OW: each broadcast input value then feeds one vector,
/// each filter vector loaded feeds w pixels, and the filter block is streamed once per
/// w pixels (deep layers are bound by that stream: 7x7x512 has 9.4 MB of filter).
/// When the row is short (OW = 1, 2, 3 ...: fewer than 6 (512) / 8 (256)
/// accumulators) the channel block doubles instead, so that enough independent sums
/// hide the add latency. Measured on znver5 (docs/performance.md, "Deep 3x3 convs"):
/// one zmm of channels by 7-14 pixels was within noise of the best of {7, 8, 14} x
/// {16, 32} on the four ResNet-18 depths; 14 x 32 (28 accumulators) spills and is 2x
/// slower, 7 x 32 was 15-30 % slower than 7 x 16 on 7x7x512.
std::pair<int64_t, int64_t> convBlock(int64_t ow, int64_t channels, unsigned vectorBits) {
  // AVX2: the old blocks (2 ymm of channels x 4 pixels: 6 loads per 8 products) were
  // faster at 56x56x64 than 1 ymm x 8 pixels (2.7 vs 6.3 ms, --mcpu=haswell): keep them
  // unless they give a row shorter than 4 pixels (OW = 7, 14: the deep layers).
  if (vectorBits > 0 && vectorBits < 512 && channels % 16 == 0 &&
      widthBlock(ow, channelBlock(channels)) >= 4)
    vectorBits = 0;
  if (vectorBits == 0) {
    int64_t f = channelBlock(channels);
    int64_t w = widthBlock(ow, f);
    // Narrow outputs (OW = 7, 14, 1): widen the channel block instead, so that there
    // are still >= 8 independent accumulator registers (a single one makes the
    // reduction a latency-bound chain of adds).
    while (w * f < 64 && channels % (2 * f) == 0 && w * 2 * f / 8 <= 12)
      f *= 2;
    return {w, f};
  }
  int64_t lanes = vectorBits >= 512 ? 16 : 8;
  int64_t maxAccumulators = vectorBits >= 512 ? 14 : 12;
  if (channels % lanes != 0)
    return {widthBlock(ow, channelBlock(channels)), channelBlock(channels)};
  // Independent sums needed to hide the add latency: 2 add pipes x 3 cycles on Zen 4/5
  // (7 pixels x 1 zmm measured faster than 7 x 2 on 7x7x512), 8 for AVX2 cores.
  int64_t minAccumulators = vectorBits >= 512 ? 6 : 8;
  int64_t w = largestDivisorAtMost(ow, maxAccumulators);
  int64_t f = lanes;
  while (w * (f / lanes) < minAccumulators && channels % (2 * f) == 0 &&
         w * (2 * f / lanes) <= maxAccumulators)
    f *= 2;
  return {w, f};
}

/// depthwise_conv_2d_nhwc_hwcm with multiplier 1 (what tosa-to-linalg emits for every
/// depthwise conv) -> depthwise_conv_2d_nhwc_hwc, which has a 1-D decomposition.
struct DepthwiseMultiplierOne : OpRewritePattern<linalg::DepthwiseConv2DNhwcHwcmOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(linalg::DepthwiseConv2DNhwcHwcmOp op,
                                PatternRewriter &rewriter) const override {
    if (!op.hasPureTensorSemantics())
      return failure();
    Value input = op.getDpsInputOperand(0)->get();
    Value filter = op.getDpsInputOperand(1)->get();
    Value init = op.getDpsInitOperand(0)->get();
    auto filterType = dyn_cast<RankedTensorType>(filter.getType());
    auto initType = dyn_cast<RankedTensorType>(init.getType());
    if (!filterType || !initType || !filterType.hasStaticShape() ||
        !initType.hasStaticShape() || filterType.getDimSize(3) != 1)
      return failure();
    Location loc = op.getLoc();
    SmallVector<ReassociationIndices> filterMap = {{0}, {1}, {2, 3}};
    SmallVector<ReassociationIndices> outMap = {{0}, {1}, {2}, {3, 4}};
    Value newFilter = tensor::CollapseShapeOp::create(rewriter, loc, filter, filterMap);
    Value newInit = tensor::CollapseShapeOp::create(rewriter, loc, init, outMap);
    auto conv = linalg::DepthwiseConv2DNhwcHwcOp::create(
        rewriter, loc, TypeRange{newInit.getType()}, ValueRange{input, newFilter},
        ValueRange{newInit}, op.getStridesAttr(), op.getDilationsAttr());
    rewriter.replaceOpWithNewOp<tensor::ExpandShapeOp>(op, initType, conv->getResult(0),
                                                       outMap);
    return success();
  }
};

bool isTiledConv(Operation *op) {
  return isa<linalg::Conv2DNhwcHwcfOp, linalg::DepthwiseConv2DNhwcHwcOp,
             linalg::BatchMatmulOp>(op);
}

/// Tile sizes of a (static) batch matmul [B, M, K] x [B, K, N] -> [B, M, N], loops
/// (b, m, n, k): a tile of mb rows x nb columns of the result is accumulated over
/// blocks of kb of the reduction, k in order (the scalar loop nest's order, so the
/// result is bit-identical to it). nb: 64 columns (4 zmm / 8 ymm accumulators per
/// row) for a matrix-vector product (M <= 2), else 32 with up to 4 rows (8 zmm / 16
/// ymm accumulators), so that a block of B's rows is reused by mb rows of A; when N
/// has no such divisor, the largest multiple of 8 up to 64 that divides it.
void matmulTileSizes(ArrayRef<int64_t> bounds, SmallVector<int64_t> &parallel,
                     SmallVector<int64_t> &reduction) {
  int64_t m = bounds[1], n = bounds[2], k = bounds[3];
  int64_t nb = 0;
  for (int64_t candidate : {m <= 2 ? int64_t(64) : int64_t(32), int64_t(32), int64_t(16)})
    if (n % candidate == 0) {
      nb = candidate;
      break;
    }
  for (int64_t d = 64; !nb && d >= 8; d -= 8) // e.g. 40 for the 1000 classes of ImageNet
    if (n % d == 0)
      nb = d;
  if (!nb)
    nb = channelBlock(n);
  int64_t mb = largestDivisorAtMost(m, 4);
  int64_t kb = largestDivisorAtMost(k, 16);
  parallel = {1, mb, nb, 0};
  reduction = {0, 0, 0, kb};
}

/// Tiles `root` on its parallel dims, fusing the destination chain that produces its
/// init: the conv itself when `root` is its epilogue (see epilogueOf), then the
/// `linalg.fill` or bias broadcast producing the conv's init. Then tiles the tiled
/// conv on its reduction dims. Returns failure if nothing was done, else whether
/// `conv` was tiled (false: `root` is an epilogue whose conv did not fuse).
FailureOr<bool> tileConv(RewriterBase &rewriter, TilingInterface root, Operation *conv,
                       ArrayRef<int64_t> parallelSizes, ArrayRef<int64_t> reductionSizes,
                       ArrayRef<int64_t> interchange = {}) {
  MLIRContext *ctx = root->getContext();
  scf::SCFTilingOptions tiling;
  tiling.setTileSizes(getAsIndexOpFoldResult(ctx, parallelSizes));
  if (!interchange.empty())
    tiling.setInterchange(interchange);
  scf::SCFTileAndFuseOptions options;
  options.setTilingOptions(tiling);
  options.setFusionControlFn(
      [conv](tensor::ExtractSliceOp, OpResult producer,
             bool isDestination) -> std::optional<scf::SCFTileAndFuseOptions::ControlFnResult> {
        if (!isDestination)
          return std::nullopt;
        Operation *owner = producer.getOwner();
        if (owner == conv || isa<linalg::FillOp>(owner))
          return scf::SCFTileAndFuseOptions::ControlFnResult{};
        if (auto generic = dyn_cast<linalg::GenericOp>(owner))
          if (generic.getNumReductionLoops() == 0 && generic.getNumDpsInputs() <= 1)
            return scf::SCFTileAndFuseOptions::ControlFnResult{};
        return std::nullopt;
      });
  rewriter.setInsertionPoint(root);
  FailureOr<scf::SCFTileAndFuseResult> fused =
      scf::tileConsumerAndFuseProducersUsingSCF(rewriter, root, options);
  if (failed(fused))
    return failure();
  for (OpResult result : root->getResults())
    if (Value replacement = fused->replacements.lookup(result))
      rewriter.replaceAllUsesWith(result, replacement);
  for (Operation *tiled : fused->tiledAndFusedOps)
    tiled->setAttr(kTileAttr, UnitAttr::get(ctx));
  // The tile loops run over disjoint output tiles (parallel dims only): mark them with
  // the op's multiply-accumulates for compress-parallelize-tiles.
  if (auto linalgOp = dyn_cast<linalg::LinalgOp>(conv)) {
    int64_t macs = 1;
    for (int64_t range : linalgOp.getStaticLoopRanges())
      if (ShapedType::isDynamic(range) || llvm::MulOverflow(macs, range, macs))
        macs = std::numeric_limits<int64_t>::max();
    for (LoopLikeOpInterface loop : fused->loops)
      loop->setAttr(kParallelTileAttr, rewriter.getI64IntegerAttr(macs));
  }
  if (root != conv && root->use_empty()) {
    rewriter.eraseOp(root);
    if (conv->use_empty())
      rewriter.eraseOp(conv);
  }

  auto it = llvm::find_if(fused->tiledAndFusedOps, isTiledConv);
  if (it == fused->tiledAndFusedOps.end())
    return false;
  auto tiledConv = cast<TilingInterface>(*it);
  scf::SCFTilingOptions reduction;
  reduction.setTileSizes(getAsIndexOpFoldResult(ctx, reductionSizes));
  rewriter.setInsertionPoint(tiledConv);
  FailureOr<scf::SCFTilingResult> tiled = scf::tileUsingSCF(rewriter, tiledConv, reduction);
  if (failed(tiled))
    return true; // the parallel tiling stands; the tile stays a loop nest
  rewriter.replaceOp(tiledConv, tiled->replacements);
  return true;
}

/// Tiles `epilogue` with `conv` fused into it (sizes and interchange on the 4 output
/// dims) when there is one; else, or if the conv did not fuse, `conv` alone.
void tileConvOrEpilogue(RewriterBase &rewriter, Operation *conv, linalg::GenericOp epilogue,
                        ArrayRef<int64_t> parallelSizes, ArrayRef<int64_t> reductionSizes,
                        ArrayRef<int64_t> interchange) {
  if (epilogue) {
    FailureOr<bool> fused =
        tileConv(rewriter, cast<TilingInterface>(epilogue.getOperation()), conv,
                 parallelSizes.take_front(4), reductionSizes, interchange.take_front(4));
    if (succeeded(fused) && *fused)
      return;
  }
  (void)tileConv(rewriter, cast<TilingInterface>(conv), conv, parallelSizes, reductionSizes,
                 interchange);
}

/// The pointwise epilogue of `conv` (NHWC f32 result, static shape), or null: the
/// conv result's only use is an operand of a `linalg.generic` with 4 parallel loops,
/// one f32 result of the conv's type written with the identity map, and the conv
/// result read with the identity map (as an input, or as the init). Its other inputs
/// are same-shape tensors read with the identity map (a residual) or broadcasts along
/// a subset of the loops in order, e.g. (n, h, w, c) -> (c) (per-channel constants).
/// When the conv result is an input and the generic's init is not read, the generic
/// is rewritten to take the conv result as its init (in place: the tile of the conv
/// is then computed, activated and stored in the output buffer's tile).
linalg::GenericOp epilogueOf(RewriterBase &rewriter, Operation *conv) {
  Value convResult = conv->getResult(0);
  auto type = dyn_cast<RankedTensorType>(convResult.getType());
  if (!type || type.getRank() != 4 || !type.getElementType().isF32() ||
      !type.hasStaticShape() || !convResult.hasOneUse())
    return nullptr;
  OpOperand &use = *convResult.getUses().begin();
  auto generic = dyn_cast<linalg::GenericOp>(use.getOwner());
  if (!generic || !generic.hasPureTensorSemantics() || generic.getNumLoops() != 4 ||
      generic.getNumParallelLoops() != 4 || generic->getNumResults() != 1 ||
      generic.getNumDpsInits() != 1 || generic->getResult(0).getType() != type)
    return nullptr;
  OpOperand *init = generic.getDpsInitOperand(0);
  if (!generic.getMatchingIndexingMap(init).isIdentity() ||
      !generic.getMatchingIndexingMap(&use).isIdentity())
    return nullptr;
  if (!generic.getBody()->getOps<linalg::IndexOp>().empty())
    return nullptr;
  for (OpOperand *input : generic.getDpsInputOperands()) {
    if (input == &use)
      continue;
    auto inputType = dyn_cast<RankedTensorType>(input->get().getType());
    AffineMap map = generic.getMatchingIndexingMap(input);
    if (!inputType || !inputType.hasStaticShape() || !map.isProjectedPermutation() ||
        map.getNumResults() != inputType.getRank())
      return nullptr;
    int64_t last = -1;
    for (auto [expr, size] : llvm::zip(map.getResults(), inputType.getShape())) {
      int64_t dim = cast<AffineDimExpr>(expr).getPosition();
      if (dim <= last || size != type.getDimSize(dim))
        return nullptr;
      last = dim;
    }
  }
  if (&use == init)
    return generic;
  if (generic.payloadUsesValueFromOperand(init) || init->get().getType() != type)
    return nullptr;

  // Rewrite: ins(..., %conv, ...) outs(%empty) -> ins(...) outs(%conv).
  unsigned convArg = use.getOperandNumber();
  SmallVector<Value> inputs;
  SmallVector<AffineMap> maps;
  for (OpOperand *input : generic.getDpsInputOperands())
    if (input != &use) {
      inputs.push_back(input->get());
      maps.push_back(generic.getMatchingIndexingMap(input));
    }
  maps.push_back(generic.getMatchingIndexingMap(init));
  rewriter.setInsertionPoint(generic);
  auto inPlace = linalg::GenericOp::create(rewriter, generic.getLoc(), TypeRange{type}, inputs,
                                           ValueRange{convResult}, maps,
                                           generic.getIteratorTypesArray());
  rewriter.inlineRegionBefore(generic.getRegion(), inPlace.getRegion(),
                              inPlace.getRegion().end());
  Block &body = inPlace.getRegion().front();
  rewriter.replaceAllUsesWith(body.getArgument(convArg),
                              body.getArgument(generic.getNumDpsInputs()));
  body.eraseArgument(convArg);
  rewriter.replaceOp(generic, inPlace->getResults());
  return inPlace;
}

/// The rank-5 epilogue of a depthwise conv with multiplier 1 (tosa-to-linalg applies
/// the bias and the activation to the N x H x W x C x 1 result) -> rank 4 on the HWC
/// conv's result, so that epilogueOf finds it.
void dropDepthwiseUnitDim(RewriterBase &rewriter, linalg::DepthwiseConv2DNhwcHwcOp conv) {
  Value result = conv->getResult(0);
  if (!result.hasOneUse())
    return;
  auto expand = dyn_cast<tensor::ExpandShapeOp>(*result.getUsers().begin());
  if (!expand || expand.getResultType().getRank() != 5 || !expand->hasOneUse())
    return;
  auto generic = dyn_cast<linalg::GenericOp>(*expand->getUsers().begin());
  if (!generic || !generic.hasPureTensorSemantics() || generic.getNumLoops() != 5 ||
      generic.getNumParallelLoops() != 5 || generic.getStaticLoopRanges()[4] != 1)
    return;
  linalg::ControlDropUnitDims control;
  control.controlFn = [](Operation *) { return SmallVector<unsigned>{4}; };
  rewriter.setInsertionPoint(generic);
  FailureOr<linalg::DropUnitDimsResult> dropped =
      linalg::dropUnitDims(rewriter, generic, control);
  if (succeeded(dropped))
    rewriter.replaceOp(generic, dropped->replacements);
}

struct VectorizeConvsPass
    : public compress::impl::CompressVectorizeConvsBase<VectorizeConvsPass> {
  using CompressVectorizeConvsBase::CompressVectorizeConvsBase;
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    MLIRContext *ctx = &getContext();

    // 1. Depthwise with multiplier 1 to the HWC form.
    {
      RewritePatternSet patterns(ctx);
      patterns.add<DepthwiseMultiplierOne>(ctx);
      linalg::FillOp::getCanonicalizationPatterns(patterns, ctx);
      tensor::CollapseShapeOp::getCanonicalizationPatterns(patterns, ctx);
      tensor::ExpandShapeOp::getCanonicalizationPatterns(patterns, ctx);
      if (failed(applyPatternsGreedily(func, std::move(patterns))))
        return signalPassFailure();
    }

    // 1b. Depthwise epilogues to rank 4 (see dropDepthwiseUnitDim).
    IRRewriter rewriter(ctx);
    {
      SmallVector<linalg::DepthwiseConv2DNhwcHwcOp> depthwise;
      func.walk([&](linalg::DepthwiseConv2DNhwcHwcOp op) { depthwise.push_back(op); });
      for (linalg::DepthwiseConv2DNhwcHwcOp op : depthwise)
        dropDepthwiseUnitDim(rewriter, op);
      RewritePatternSet patterns(ctx);
      tensor::CollapseShapeOp::getCanonicalizationPatterns(patterns, ctx);
      tensor::ExpandShapeOp::getCanonicalizationPatterns(patterns, ctx);
      if (!depthwise.empty() && failed(applyPatternsGreedily(func, std::move(patterns))))
        return signalPassFailure();
    }

    // 1c. Channel counts that 8 does not divide (ShuffleNet's 58/116/232, 24 + 5, ...):
    // split the conv along its output channels at the last multiple of 16, so the
    // bulk gets 16-lane tiles and only the rest narrow ones (each output channel's
    // sum is unchanged: exact).
    {
      SmallVector<Operation *> odd;
      func.walk([&](Operation *op) {
        if (!isa<linalg::Conv2DNhwcHwcfOp, linalg::DepthwiseConv2DNhwcHwcOp>(op))
          return;
        auto linalgOp = cast<linalg::LinalgOp>(op);
        if (!linalgOp.hasPureTensorSemantics() || linalgOp.hasDynamicShape())
          return;
        int64_t channels = linalgOp.getStaticLoopRanges()[3];
        if (channels > 16 && channels % 8 != 0)
          odd.push_back(op);
      });
      for (Operation *op : odd) {
        int64_t channels = cast<linalg::LinalgOp>(op).getStaticLoopRanges()[3];
        rewriter.setInsertionPoint(op);
        (void)linalg::splitOp(rewriter, cast<TilingInterface>(op), 3,
                              rewriter.getIndexAttr(channels / 16 * 16));
      }
    }

    // 2. Tile: each conv, or its pointwise epilogue with the conv fused into it.
    SmallVector<Operation *> convs;
    func.walk([&](Operation *op) {
      if (isa<linalg::Conv2DNhwcHwcfOp, linalg::DepthwiseConv2DNhwcHwcOp>(op) &&
          cast<linalg::LinalgOp>(op).hasPureTensorSemantics() &&
          !cast<linalg::LinalgOp>(op).hasDynamicShape())
        convs.push_back(op);
    });
    // Matrix products (fully connected layers): tiled alone.
    SmallVector<linalg::BatchMatmulOp> matmuls;
    func.walk([&](linalg::BatchMatmulOp op) {
      if (op.hasPureTensorSemantics() && !op.hasDynamicShape())
        matmuls.push_back(op);
    });
    for (linalg::BatchMatmulOp op : matmuls) {
      SmallVector<int64_t> parallel, reduction;
      matmulTileSizes(op.getStaticLoopRanges(), parallel, reduction);
      (void)tileConv(rewriter, cast<TilingInterface>(op.getOperation()), op, parallel,
                     reduction);
    }
    for (Operation *op : convs) {
      auto linalgOp = cast<linalg::LinalgOp>(op);
      SmallVector<int64_t> bounds = linalgOp.getStaticLoopRanges();
      if (auto conv = dyn_cast<linalg::Conv2DNhwcHwcfOp>(op)) {
        // (n, oh, ow, f, kh, kw, c)
        auto [w, f] = convBlock(bounds[2], bounds[3], vectorBits);
        int64_t c = largestDivisorAtMost(bounds[6], 32);
        const int64_t maxRowProducts = 32;
        // The reduction loops run kh, kw, c-block, c: the same order as the scalar loop
        // nest, so results are bit-identical to it (see the FMA note in LowerVectors.cpp).
        // When the filter outweighs the input (deep layers: 7x7x512 has 9.4 MB of
        // weights), iterate output-channel blocks outermost so that one block of
        // filter (kh*kw*c*16 floats) stays in L2 across all output pixels.
        SmallVector<int64_t> interchange;
        int64_t filterElems = bounds[4] * bounds[5] * bounds[6] * bounds[3];
        int64_t inputElems = bounds[1] * bounds[2] * bounds[6];
        if (filterElems > inputElems)
          interchange = {3, 0, 1, 2, 4, 5, 6};
        // When the input has at most 4 channels (the first conv of a network: RGB or
        // grayscale), a tile also takes the whole kernel row: the accumulators then stay in
        // registers for KW x C products instead of being loaded and stored around
        // every C of them. The sum order is still kh, kw, c (the 1-D conv of a
        // kernel row vectorizes kw-major, c-minor).
        int64_t kwTile = c == bounds[6] && c <= 4 && bounds[5] * c <= maxRowProducts ? 0 : 1;
        // Its KW x C filter vectors and the w accumulators share the registers.
        if (kwTile == 0 && vectorBits >= 512 && f == 16 && bounds[5] * c + w > 30)
          w = largestDivisorAtMost(bounds[2], std::max<int64_t>(30 - bounds[5] * c, 4));
        Value filter = conv.getDpsInputOperand(1)->get();
        tileConvOrEpilogue(rewriter, op, epilogueOf(rewriter, op), {1, 1, w, f, 0, 0, 0},
                           {0, 0, 0, 0, 1, kwTile, c}, interchange);
        packFilter(rewriter, filter, f);
      } else {
        // (n, oh, ow, c, kh, kw)
        int64_t c = channelBlock(bounds[3]);
        int64_t w = widthBlock(bounds[2], c);
        tileConvOrEpilogue(rewriter, op, epilogueOf(rewriter, op), {1, 1, w, c, 0, 0},
                           {0, 0, 0, 0, 1, 0}, {});
      }
    }

    // 3. 2-D convolutions with a unit window row -> 1-D convolutions.
    {
      RewritePatternSet patterns(ctx);
      linalg::populateDecomposeConvolutionPatterns(patterns);
      tensor::ExtractSliceOp::getCanonicalizationPatterns(patterns, ctx);
      tensor::InsertSliceOp::getCanonicalizationPatterns(patterns, ctx);
      affine::AffineApplyOp::getCanonicalizationPatterns(patterns, ctx);
      if (failed(applyPatternsGreedily(func, std::move(patterns))))
        return signalPassFailure();
    }

    // 4. Vectorize the 1-D convolutions and the ops fused into their tiles.
    SmallVector<Operation *> toVectorize;
    func.walk([&](linalg::LinalgOp op) {
      if (!op.hasPureTensorSemantics() || op.hasDynamicShape())
        return;
      if (isa<linalg::Conv1DNwcWcfOp, linalg::DepthwiseConv1DNwcWcOp>(op.getOperation()) ||
          op->hasAttr(kTileAttr))
        toVectorize.push_back(op);
    });
    for (Operation *op : toVectorize) {
      rewriter.setInsertionPoint(op);
      // Matmul tiles as vector.contract (lowered to k-ordered outer products by
      // compress-lower-vectors), not as a broadcast + multi_reduction over k.
      bool contraction = isa<linalg::BatchMatmulOp>(op);
      FailureOr<linalg::VectorizationResult> result = linalg::vectorize(
          rewriter, op, /*inputVectorSizes=*/{}, /*inputScalableVecDims=*/{},
          /*vectorizeNDExtract=*/false, /*flatten1DDepthwiseConv=*/false,
          /*assumeDynamicDimsMatchVecSizes=*/false, /*createNamedContraction=*/contraction);
      if (succeeded(result))
        rewriter.replaceOp(op, result->replacements);
    }
    func.walk([](Operation *op) { op->removeAttr(kTileAttr); });
  }
};

} // namespace

void mlir::compress::registerDenseCodegenInterfaces(DialectRegistry &registry) {
  linalg::registerTilingInterfaceExternalModels(registry);
  linalg::registerSubsetOpInterfaceExternalModels(registry);
  vector::registerBufferizableOpInterfaceExternalModels(registry);
  vector::registerSubsetOpInterfaceExternalModels(registry);
  affine::registerValueBoundsOpInterfaceExternalModels(registry);
  arith::registerValueBoundsOpInterfaceExternalModels(registry);
  scf::registerValueBoundsOpInterfaceExternalModels(registry);
  tensor::registerValueBoundsOpInterfaceExternalModels(registry);
}
