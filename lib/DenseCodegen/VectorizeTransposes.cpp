//===- VectorizeTransposes.cpp - activation transposes in 8x8 blocks ------===//
//
// compress-vectorize-transposes: see its description in
// include/compress/DenseCodegen/Passes.td.
//
//===----------------------------------------------------------------------===//
#include "compress/DenseCodegen/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Dialect/Vector/Transforms/LoweringPatterns.h"
#include "mlir/IR/AffineMap.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::compress {
#define GEN_PASS_DEF_COMPRESSVECTORIZETRANSPOSES
#include "compress/DenseCodegen/Passes.h.inc"
} // namespace mlir::compress

using namespace mlir;

namespace {

/// Block edge: 8 f32 = one ymm row; an 8x8 transpose is a short shuffle sequence on
/// AVX2 and AVX-512 alike.
constexpr int64_t kBlock = 8;

/// The body of one step of a transpose loop nest: given the output indices `ivs` (of the
/// step's first element) and the input indices `inIdx` (the same element), writes the
/// step's elements into `acc` and returns it.
using TransposeStep = function_ref<Value(OpBuilder &, Location, ArrayRef<Value> inIdx,
                                         ArrayRef<Value> ivs, Value acc)>;

/// Replaces `op` (out dim i = in dim perm[i]) by scf.for loops over every output dimension,
/// outermost first, with steps `steps`, carrying a fresh output tensor through `step`.
void replaceByLoopNest(RewriterBase &rewriter, linalg::TransposeOp op, ArrayRef<int64_t> steps,
                       TransposeStep step) {
  auto outType = cast<RankedTensorType>(op.getInit().getType());
  ArrayRef<int64_t> perm = op.getPermutation();
  ArrayRef<int64_t> outShape = outType.getShape();
  int64_t rank = outType.getRank();
  Location loc = op.getLoc();
  rewriter.setInsertionPoint(op);
  Value init = tensor::EmptyOp::create(rewriter, loc, outShape, outType.getElementType());
  SmallVector<Value> ivs(rank);
  std::function<Value(OpBuilder &, Location, int64_t, Value)> nest =
      [&](OpBuilder &b, Location l, int64_t dim, Value acc) -> Value {
    if (dim == rank) {
      SmallVector<Value> inIdx(rank);
      for (int64_t i = 0; i < rank; ++i)
        inIdx[perm[i]] = ivs[i];
      return step(b, l, inIdx, ivs, acc);
    }
    auto loop = scf::ForOp::create(
        b, l, arith::ConstantIndexOp::create(b, l, 0),
        arith::ConstantIndexOp::create(b, l, outShape[dim]),
        arith::ConstantIndexOp::create(b, l, steps[dim]), ValueRange{acc},
        [&](OpBuilder &nb, Location nl, Value iv, ValueRange it) {
          ivs[dim] = iv;
          scf::YieldOp::create(nb, nl, nest(nb, nl, dim + 1, it[0]));
        });
    return loop.getResult(0);
  };
  rewriter.replaceOp(op, nest(rewriter, loc, 0, init));
}

/// A transpose that keeps the innermost dimension (of n floats, a multiple of 8) in
/// place: loops over the other output dimensions, each iteration one contiguous
/// row copied in vectors of up to 16 lanes (LLVM left the scalar copy loop of the
/// per-call filter packing unvectorized).
LogicalResult rowCopyTranspose(RewriterBase &rewriter, linalg::TransposeOp op) {
  ArrayRef<int64_t> outShape = cast<RankedTensorType>(op.getInit().getType()).getShape();
  int64_t inner = outShape.back();
  if (inner % kBlock != 0)
    return failure();
  int64_t lanes = inner % 16 == 0 ? 16 : kBlock;
  SmallVector<int64_t> steps(outShape.size(), 1);
  steps.back() = lanes;
  rewriter.setInsertionPoint(op);
  Value zero = arith::ConstantOp::create(rewriter, op.getLoc(), rewriter.getF32FloatAttr(0.0f));
  auto vecType = VectorType::get({lanes}, rewriter.getF32Type());
  replaceByLoopNest(rewriter, op, steps,
                    [&](OpBuilder &b, Location l, ArrayRef<Value> inIdx, ArrayRef<Value> ivs,
                        Value acc) -> Value {
                      Value row = vector::TransferReadOp::create(
                          b, l, vecType, op.getInput(), inIdx, zero, ArrayRef<bool>{true});
                      return vector::TransferWriteOp::create(b, l, row, acc, ivs,
                                                             ArrayRef<bool>{true})
                          .getResult();
                    });
  return success();
}

/// out[perm-permuted] = in, as loops over every output dimension (step 1) except the
/// two of the block (step kBlock), each step one 8x8 read, transpose, write.
/// Returns failure (the op unchanged) unless the input's innermost dimension moves and
/// both block dimensions are multiples of kBlock.
LogicalResult blockTranspose(RewriterBase &rewriter, linalg::TransposeOp op,
                             SmallVectorImpl<Operation *> &created) {
  auto inType = dyn_cast<RankedTensorType>(op.getInput().getType());
  auto outType = dyn_cast<RankedTensorType>(op.getInit().getType());
  if (!inType || !outType || !op.hasPureTensorSemantics() || !inType.hasStaticShape() ||
      !inType.getElementType().isF32())
    return failure();
  // A transpose of a constant (the FHWC → HWCF filter transpose of tosa-to-linalg) is
  // folded into the packed filter by compress-vectorize-convs: left alone.
  if (matchPattern(op.getInput(), m_Constant()))
    return failure();
  // A run-time conv filter's transpose (tosa-to-linalg's FHWC → HWCF) is left to
  // compress-vectorize-convs, which packs the filter for its tiles from the transpose's
  // input directly (this pass runs again after it and blocks that copy).
  if (llvm::any_of(op->getUses(), [](OpOperand &use) {
        return isa<linalg::Conv2DNhwcHwcfOp>(use.getOwner()) && use.getOperandNumber() == 1;
      }))
    return failure();
  // The HWCF view of a filter decoded in blocks (compress.filter_blocks,
  // lib/DenseCodegen/BlockDecodedFilter.cpp) is left to compress-vectorize-convs.
  if (auto expand = op.getInput().getDefiningOp<tensor::ExpandShapeOp>())
    if (Operation *decode = expand.getSrc().getDefiningOp();
        decode && decode->hasAttr("compress.filter_blocks") && op->hasOneUse())
      if (auto collapse = dyn_cast<tensor::CollapseShapeOp>(*op->getUsers().begin()))
        if (llvm::any_of(collapse->getUses(), [](OpOperand &use) {
              return isa<linalg::Conv2DNhwcHwcfOp>(use.getOwner()) && use.getOperandNumber() == 1;
            }))
          return failure();
  ArrayRef<int64_t> perm = op.getPermutation(); // out dim i = in dim perm[i]
  int64_t rank = inType.getRank();
  if (rank < 2)
    return failure();
  if (perm.back() == rank - 1)
    return rowCopyTranspose(rewriter, op);
  // Output dims: oa = where the input's innermost dim lands; the output's innermost
  // (rank - 1) reads input dim ib = perm[rank - 1].
  int64_t oa = -1;
  for (int64_t i = 0; i < rank; ++i)
    if (perm[i] == rank - 1)
      oa = i;
  int64_t ib = perm[rank - 1];
  ArrayRef<int64_t> outShape = outType.getShape();
  if (outShape[oa] % kBlock != 0 || outShape[rank - 1] % kBlock != 0)
    return failure();

  rewriter.setInsertionPoint(op);
  MLIRContext *ctx = rewriter.getContext();
  Value zero = arith::ConstantOp::create(rewriter, op.getLoc(), rewriter.getF32FloatAttr(0.0f));
  auto readType = VectorType::get({kBlock, kBlock}, rewriter.getF32Type()); // (ib, rank-1)
  // Input map: vector dims (ib, innermost); output map: (oa, innermost).
  AffineMap readMap = AffineMap::get(rank, 0,
                                     {getAffineDimExpr(ib, ctx), getAffineDimExpr(rank - 1, ctx)},
                                     ctx);
  AffineMap writeMap = AffineMap::get(
      rank, 0, {getAffineDimExpr(oa, ctx), getAffineDimExpr(rank - 1, ctx)}, ctx);
  SmallVector<bool> inBounds(2, true);
  SmallVector<int64_t> steps(rank, 1);
  steps[oa] = steps[rank - 1] = kBlock;
  replaceByLoopNest(
      rewriter, op, steps,
      [&](OpBuilder &b, Location l, ArrayRef<Value> inIdx, ArrayRef<Value> ivs,
          Value acc) -> Value {
        Value block = vector::TransferReadOp::create(b, l, readType, op.getInput(), inIdx, zero,
                                                     readMap, inBounds);
        auto t = vector::TransposeOp::create(b, l, block, ArrayRef<int64_t>{1, 0});
        created.push_back(t);
        // t is (innermost input = output dim oa, input ib = output innermost).
        return vector::TransferWriteOp::create(b, l, t, acc, ivs, writeMap, inBounds)
            .getResult();
      });
  return success();
}

struct VectorizeTransposesPass
    : public compress::impl::CompressVectorizeTransposesBase<VectorizeTransposesPass> {
  void runOnOperation() override {
    SmallVector<linalg::TransposeOp> ops;
    getOperation().walk([&](linalg::TransposeOp op) { ops.push_back(op); });
    IRRewriter rewriter(&getContext());
    SmallVector<Operation *> created;
    for (linalg::TransposeOp op : ops)
      (void)blockTranspose(rewriter, op, created);
    if (created.empty())
      return;
    // The 8x8 vector.transpose ops made here to shuffles now (compress-lower-vectors
    // lowers any other one element-wise later).
    RewritePatternSet patterns(&getContext());
    vector::populateVectorTransposeLoweringPatterns(patterns,
                                                    vector::VectorTransposeLowering::Shuffle1D);
    GreedyRewriteConfig config;
    config.setStrictness(GreedyRewriteStrictness::ExistingAndNewOps);
    if (failed(applyOpPatternsGreedily(created, std::move(patterns), config)))
      signalPassFailure();
  }
};

} // namespace
