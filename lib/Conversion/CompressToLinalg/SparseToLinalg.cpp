//===- SparseToLinalg.cpp - CSR sparse ops to loops over the nonzeros -----===//
//
// sparse_conv2d / sparse_matmul become a linalg.generic over the output elements
// (all loops parallel) whose body walks the nonzeros of the output channel's row,
// [row_offsets[f], row_offsets[f+1]), with a scalar accumulator started at the bias.
//
// The conv specialises on constant column indices: the (i, j, c) of every nonzero is
// decoded at compile time into one offset into the flattened, zero-padded NHWC input,
//   offset = (i·dh·Wp + j·dw)·C + c,
// so the hot loop is a load of the value, a load of the offset, one add and one
// indexed load of the input. Non-constant column indices get the same offsets
// computed by an elementwise linalg.generic before the loop.
//
//===----------------------------------------------------------------------===//
#include "compress/Conversion/CompressToLinalg/CompressToLinalg.h"
#include "compress/Dialect/Compress/IR/CompressOps.h"
#include "compress/Dialect/Compress/IR/CompressUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"

using namespace mlir;
using namespace mlir::compress;

namespace {

Value indexConst(OpBuilder &b, Location loc, int64_t v) {
  return arith::ConstantIndexOp::create(b, loc, v);
}

/// Element `at` of a 1-D i32 tensor as an index.
Value extractIndex(OpBuilder &b, Location loc, Value tensor, Value at) {
  Value v = tensor::ExtractOp::create(b, loc, tensor, ValueRange{at});
  return arith::IndexCastOp::create(b, loc, b.getIndexType(), v);
}

/// linalg.generic over every element of `resultType` (parallel loops); the element
/// starts at bias[last index] and `reduce(b, loc, ivs, acc)` returns its final value.
Value buildOutputGeneric(
    OpBuilder &rewriter, Location loc, RankedTensorType resultType, Value bias,
    function_ref<Value(OpBuilder &, Location, ArrayRef<Value>, Value)> reduce) {
  int64_t rank = resultType.getRank();
  MLIRContext *ctx = rewriter.getContext();
  Value empty = tensor::EmptyOp::create(rewriter, loc, resultType.getShape(),
                                        resultType.getElementType());
  SmallVector<AffineMap> maps = {
      AffineMap::get(rank, 0, {getAffineDimExpr(rank - 1, ctx)}, ctx),
      AffineMap::getMultiDimIdentityMap(rank, ctx)};
  SmallVector<utils::IteratorType> iterators(rank, utils::IteratorType::parallel);
  auto generic = linalg::GenericOp::create(
      rewriter, loc, TypeRange{resultType}, ValueRange{bias}, ValueRange{empty}, maps,
      iterators, [&](OpBuilder &b, Location l, ValueRange args) {
        SmallVector<Value> ivs;
        for (int64_t d = 0; d < rank; ++d)
          ivs.push_back(linalg::IndexOp::create(b, l, d));
        linalg::YieldOp::create(b, l, reduce(b, l, ivs, args[0]));
      });
  return generic.getResult(0);
}

/// acc + Σ_{e ∈ [row_offsets[row], row_offsets[row+1])} values[e] · load(e).
Value nonzeroLoop(OpBuilder &b, Location loc, Value rowOffsets, Value values, Value row,
                  Value acc, function_ref<Value(OpBuilder &, Location, Value)> load) {
  Value lo = extractIndex(b, loc, rowOffsets, row);
  Value next = arith::AddIOp::create(b, loc, row, indexConst(b, loc, 1));
  Value hi = extractIndex(b, loc, rowOffsets, next);
  auto loop = scf::ForOp::create(
      b, loc, lo, hi, indexConst(b, loc, 1), ValueRange{acc},
      [&](OpBuilder &nb, Location l, Value e, ValueRange iter) {
        Value w = tensor::ExtractOp::create(nb, l, values, ValueRange{e});
        Value x = load(nb, l, e);
        Value prod = arith::MulFOp::create(nb, l, w, x);
        scf::YieldOp::create(nb, l, ValueRange{arith::AddFOp::create(nb, l, iter[0], prod)});
      });
  return loop.getResult(0);
}

/// The per-nonzero offsets (i·dh·Wp + j·dw)·C + c into the flattened padded input,
/// as a tensor<nnz x i32>: a constant when the column indices are, else computed.
Value nonzeroOffsets(OpBuilder &b, Location loc, Value colIndices, int64_t kw, int64_t cg,
                     int64_t rowStep, int64_t colStep, int64_t c) {
  auto type = cast<RankedTensorType>(colIndices.getType());
  auto decode = [&](int64_t col) {
    int64_t ch = col % cg, tap = col / cg;
    return (tap / kw) * rowStep + (tap % kw) * colStep + ch;
  };
  (void)c;
  FailureOr<SmallVector<int64_t>> cols = getConstantIntValues(colIndices);
  if (succeeded(cols)) {
    SmallVector<int32_t> offsets;
    for (int64_t col : *cols)
      offsets.push_back(int32_t(decode(col)));
    return arith::ConstantOp::create(b, loc,
                                     DenseElementsAttr::get(type, ArrayRef<int32_t>(offsets)));
  }
  MLIRContext *ctx = b.getContext();
  Value empty = tensor::EmptyOp::create(b, loc, type.getShape(), type.getElementType());
  SmallVector<AffineMap> maps(2, AffineMap::getMultiDimIdentityMap(1, ctx));
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{type}, ValueRange{colIndices}, ValueRange{empty}, maps,
      SmallVector<utils::IteratorType>{utils::IteratorType::parallel},
      [&](OpBuilder &nb, Location l, ValueRange args) {
        Type i32 = nb.getI32Type();
        auto cst = [&](int64_t v) { return arith::ConstantIntOp::create(nb, l, i32, v); };
        Value col = args[0];
        Value ch = arith::RemUIOp::create(nb, l, col, cst(cg));
        Value tap = arith::DivUIOp::create(nb, l, col, cst(cg));
        Value i = arith::DivUIOp::create(nb, l, tap, cst(kw));
        Value j = arith::RemUIOp::create(nb, l, tap, cst(kw));
        Value off = arith::AddIOp::create(
            nb, l, arith::MulIOp::create(nb, l, i, cst(rowStep)),
            arith::MulIOp::create(nb, l, j, cst(colStep)));
        linalg::YieldOp::create(nb, l, ValueRange{arith::AddIOp::create(nb, l, off, ch)});
      });
  return generic.getResult(0);
}

struct SparseConv2DToLinalg : public OpConversionPattern<SparseConv2DOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult matchAndRewrite(SparseConv2DOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto inType = cast<RankedTensorType>(adaptor.getInput().getType());
    auto outType = cast<RankedTensorType>(op.getType());
    if (!inType.hasStaticShape() || !outType.hasStaticShape() ||
        !cast<RankedTensorType>(adaptor.getValues().getType()).hasStaticShape())
      return rewriter.notifyMatchFailure(op, "dynamic shapes are not supported");
    ArrayRef<int64_t> pad = op.getPad(), stride = op.getStrides(), dil = op.getDilations();
    ArrayRef<int64_t> kernel = op.getKernelSize();
    int64_t n = inType.getDimSize(0), c = inType.getDimSize(3), f = outType.getDimSize(3);
    int64_t hp = inType.getDimSize(1) + pad[0] + pad[1];
    int64_t wp = inType.getDimSize(2) + pad[2] + pad[3];
    int64_t groups = int64_t(op.getGroups());
    int64_t cg = c / groups, fg = f / groups, kw = kernel[1];
    if (n * hp * wp * c > std::numeric_limits<int32_t>::max())
      return rewriter.notifyMatchFailure(op, "padded input too large for i32 offsets");

    // Zero padding up front, then one flat index space.
    Value input = adaptor.getInput();
    if (llvm::any_of(pad, [](int64_t p) { return p != 0; })) {
      SmallVector<OpFoldResult> low = {rewriter.getIndexAttr(0), rewriter.getIndexAttr(pad[0]),
                                       rewriter.getIndexAttr(pad[2]), rewriter.getIndexAttr(0)};
      SmallVector<OpFoldResult> high = {rewriter.getIndexAttr(0), rewriter.getIndexAttr(pad[1]),
                                        rewriter.getIndexAttr(pad[3]), rewriter.getIndexAttr(0)};
      Value zero = arith::ConstantOp::create(rewriter, loc, rewriter.getF32FloatAttr(0.0f));
      input = tensor::PadOp::create(
          rewriter, loc, RankedTensorType::get({n, hp, wp, c}, inType.getElementType()), input,
          low, high, zero);
    }
    Value flat = tensor::CollapseShapeOp::create(
        rewriter, loc, input, SmallVector<ReassociationIndices>{{0, 1, 2, 3}});
    Value offsets = nonzeroOffsets(rewriter, loc, adaptor.getColIndices(), kw, cg,
                                   dil[0] * wp * c, dil[1] * c, c);
    Value values = adaptor.getValues(), rowOffsets = adaptor.getRowOffsets();

    Value result = buildOutputGeneric(
        rewriter, loc, outType, adaptor.getBias(),
        [&](OpBuilder &b, Location l, ArrayRef<Value> ivs, Value acc) {
          auto mul = [&](Value v, int64_t k) {
            return arith::MulIOp::create(b, l, v, indexConst(b, l, k)).getResult();
          };
          auto add = [&](Value x, Value y) {
            return arith::AddIOp::create(b, l, x, y).getResult();
          };
          Value oc = ivs[3];
          // ((n·Hp + oh·sh)·Wp + ow·sw)·C + first channel of oc's group.
          Value base = add(mul(ivs[0], hp), mul(ivs[1], stride[0]));
          base = mul(add(mul(base, wp), mul(ivs[2], stride[1])), c);
          if (groups != 1)
            base = add(base, mul(arith::DivUIOp::create(b, l, oc, indexConst(b, l, fg)), cg));
          return nonzeroLoop(b, l, rowOffsets, values, oc, acc,
                             [&](OpBuilder &nb, Location nl, Value e) -> Value {
                               Value at = add(base, extractIndex(nb, nl, offsets, e));
                               return tensor::ExtractOp::create(nb, nl, flat, ValueRange{at});
                             });
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct SparseMatmulToLinalg : public OpConversionPattern<SparseMatmulOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult matchAndRewrite(SparseMatmulOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto inType = cast<RankedTensorType>(adaptor.getInput().getType());
    auto outType = cast<RankedTensorType>(op.getType());
    if (!inType.hasStaticShape() || !outType.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "dynamic shapes are not supported");
    Value input = adaptor.getInput(), values = adaptor.getValues(),
          cols = adaptor.getColIndices(), rowOffsets = adaptor.getRowOffsets();
    Value result = buildOutputGeneric(
        rewriter, loc, outType, adaptor.getBias(),
        [&](OpBuilder &b, Location l, ArrayRef<Value> ivs, Value acc) {
          Value m = ivs[0], row = ivs[1];
          return nonzeroLoop(b, l, rowOffsets, values, row, acc,
                             [&](OpBuilder &nb, Location nl, Value e) -> Value {
                               Value k = extractIndex(nb, nl, cols, e);
                               return tensor::ExtractOp::create(nb, nl, input,
                                                                ValueRange{m, k});
                             });
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void mlir::compress::populateSparseToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<SparseConv2DToLinalg, SparseMatmulToLinalg>(patterns.getContext());
}

void mlir::compress::configureSparseToLinalgTarget(ConversionTarget &target) {
  target.addIllegalOp<SparseConv2DOp, SparseMatmulOp>();
}
