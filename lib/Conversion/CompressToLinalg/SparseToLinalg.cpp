//===- SparseToLinalg.cpp - CSR sparse ops to vector loops over the nonzeros ---===//
//
// Direct sparse convolution (Park et al. 2017, "Faster CNNs with direct sparse
// convolutions and guided pruning", the Escoin kernel): sparse weight rows times dense
// input rows whose contiguous axis is the output pixel, so one nonzero's two scalar
// loads (value, offset) are amortized over a vector of pixels.
//
// sparse_conv2d, input [N, H, W, C] NHWC, output [N, OH, OW, F], s = stride_w:
//  1. relayout: zero-pad (tensor.pad, extra right columns so every vector read is in
//     bounds), then X'[n, h, c, r, q] = Xpad[n, h, q·s + r, c] (tensor.expand_shape +
//     linalg.transpose), flattened; Wq = max(ceil(Wp / s), OWpad + (kw−1)·dw div s),
//     OWpad = OW rounded up to the vector length VL (vectorLanes);
//  2. the nonzero (i, j, c) of a row reads X' from
//       offset = i·dh·(C·s·Wq) + (c·s + (j·dw) mod s)·Wq + (j·dw) div s
//     plus base(n, oh, f) = (n·Hp + oh·sh)·C·s·Wq + g(f)·cg·s·Wq (g = group of f) plus
//     the first pixel ow0 of the chunk: output pixel ow reads input column
//     ow·s + j·dw = (ow + (j·dw) div s)·s + (j·dw) mod s, i.e. VL consecutive q;
//     the offsets are an i32 constant (computed at compile time) when the column
//     indices are constant, else computed by an elementwise linalg.generic;
//  3. scf.for n, oh, f, ow0 (step VL): acc = broadcast(bias[f]); scf.for e over the
//     row: acc += broadcast(values[e]) · vector.transfer_read(X', base + offset[e] + ow0);
//     vector.transfer_write into out'[n, oh, f, ow0]; then out' is sliced to OW and
//     transposed to NHWC (linalg.transpose).
// sparse_matmul, input [M, K]: the same kernel with the input transposed to
// [K, Mpad] (the dense axis is M; offset = k·Mpad), out' [N, Mpad] → [M, N].
//
// Numerics: per output element the products are added in CSR order starting from the
// bias, with separate mul and add (no FMA, no fast-math), as the scalar loop nest does.
//
//===----------------------------------------------------------------------===//
#include "compress/Conversion/CompressToLinalg/CompressToLinalg.h"
#include "compress/Dialect/Compress/IR/CompressOps.h"
#include "compress/Dialect/Compress/IR/CompressUtils.h"
#include "LoweringUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Transforms/DialectConversion.h"
#include "llvm/Support/MathExtras.h"

#include <limits>

using namespace mlir;
using namespace mlir::compress;

namespace {

/// Vector length (f32 lanes) over a dense axis of `n` elements: `n` itself up to 4
/// (a batch-1 matmul stays a scalar SpMV), else the axis split into chunks of at
/// most 32 lanes (LLVM splits them into 8-lane ymm registers), each rounded up to
/// a multiple of 8. The axis is then padded to a multiple of the result.
int64_t vectorLanes(int64_t n) {
  if (n <= 4)
    return std::max<int64_t>(n, 1);
  int64_t chunks = llvm::divideCeil(n, 32);
  return llvm::alignTo(llvm::divideCeil(n, chunks), 8);
}

/// Element `at` of a 1-D i32 tensor as an index.
Value extractIndex(OpBuilder &b, Location loc, Value tensor, Value at) {
  Value v = tensor::ExtractOp::create(b, loc, tensor, ValueRange{at});
  return arith::IndexCastOp::create(b, loc, b.getIndexType(), v);
}

/// The CSR operands of a sparse op plus the flat relayouted input they read.
struct SparseRows {
  Value values, offsets, rowOffsets, bias, input;
  int64_t rows;  // F (conv) / N (matmul)
  int64_t width; // padded dense extent (OWpad / Mpad), a multiple of `lanes`
  int64_t lanes;
};

/// For every row f and chunk p0 of `lanes` dense positions:
///   out[outerIvs..., f, p0 : p0 + lanes] =
///     bias[f] + Σ_{e ∈ [rowOffsets[f], rowOffsets[f+1])} values[e] ·
///               input[rowBase(f) + offsets[e] + p0 : … + lanes]
/// as scf.for loops carrying `out` (tensor [outer..., rows, width]); returns it.
Value emitSparseRows(OpBuilder &b, Location loc, const SparseRows &k, Value out,
                     ArrayRef<Value> outerIvs,
                     function_ref<Value(OpBuilder &, Location, Value)> rowBase) {
  Type f32 = b.getF32Type();
  auto vecType = VectorType::get({k.lanes}, f32);
  int64_t outRank = cast<RankedTensorType>(out.getType()).getRank();
  AffineMap minor = AffineMap::getMinorIdentityMap(outRank, 1, b.getContext());
  auto rowLoop = scf::ForOp::create(
      b, loc, indexConst(b, loc, 0), indexConst(b, loc, k.rows), indexConst(b, loc, 1),
      ValueRange{out}, [&](OpBuilder &b, Location l, Value f, ValueRange rowIter) {
        Value lo = extractIndex(b, l, k.rowOffsets, f);
        Value hi = extractIndex(
            b, l, k.rowOffsets, arith::AddIOp::create(b, l, f, indexConst(b, l, 1)));
        Value biasF = tensor::ExtractOp::create(b, l, k.bias, ValueRange{f});
        Value init = vector::BroadcastOp::create(b, l, vecType, biasF);
        Value base = rowBase(b, l, f);
        auto chunkLoop = scf::ForOp::create(
            b, l, indexConst(b, l, 0), indexConst(b, l, k.width),
            indexConst(b, l, k.lanes), ValueRange{rowIter[0]},
            [&](OpBuilder &b, Location l, Value p0, ValueRange chunkIter) {
              Value start = arith::AddIOp::create(b, l, base, p0);
              Value zero = arith::ConstantOp::create(b, l, b.getZeroAttr(f32));
              auto nzLoop = scf::ForOp::create(
                  b, l, lo, hi, indexConst(b, l, 1), ValueRange{init},
                  [&](OpBuilder &b, Location l, Value e, ValueRange acc) {
                    Value w = tensor::ExtractOp::create(b, l, k.values, ValueRange{e});
                    Value wv = vector::BroadcastOp::create(b, l, vecType, w);
                    Value at = arith::AddIOp::create(b, l, start,
                                                     extractIndex(b, l, k.offsets, e));
                    Value x = vector::TransferReadOp::create(b, l, vecType, k.input,
                                                             ValueRange{at}, zero,
                                                             ArrayRef<bool>{true});
                    Value prod = arith::MulFOp::create(b, l, wv, x);
                    scf::YieldOp::create(
                        b, l, ValueRange{arith::AddFOp::create(b, l, acc[0], prod)});
                  });
              SmallVector<Value> idx(outerIvs);
              idx.push_back(f);
              idx.push_back(p0);
              Value written = vector::TransferWriteOp::create(
                                  b, l, nzLoop.getResult(0), chunkIter[0], idx, minor,
                                  ArrayRef<bool>{true})
                                  .getResult();
              scf::YieldOp::create(b, l, ValueRange{written});
            });
        scf::YieldOp::create(b, l, ValueRange{chunkLoop.getResult(0)});
      });
  return rowLoop.getResult(0);
}

/// Per-nonzero offsets into the relayouted input as tensor<nnz x i32>: an
/// arith.constant of decode(col) when the column indices are constant, else an
/// elementwise linalg.generic computing the same from the i32 columns.
Value nonzeroOffsets(OpBuilder &b, Location loc, Value colIndices,
                     function_ref<int64_t(int64_t)> decode,
                     function_ref<Value(OpBuilder &, Location, Value)> decodeIR) {
  auto type = cast<RankedTensorType>(colIndices.getType());
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
        linalg::YieldOp::create(nb, l, ValueRange{decodeIR(nb, l, args[0])});
      });
  return generic.getResult(0);
}

/// linalg.transpose of `input` by `perm` into a fresh tensor.
Value transpose(OpBuilder &b, Location loc, Value input, ArrayRef<int64_t> perm) {
  auto type = cast<RankedTensorType>(input.getType());
  SmallVector<int64_t> shape;
  for (int64_t p : perm)
    shape.push_back(type.getDimSize(p));
  Value init = tensor::EmptyOp::create(b, loc, shape, type.getElementType());
  return linalg::TransposeOp::create(b, loc, input, init, perm).getResult()[0];
}

/// The leading `sizes` of `input` (a static slice at offset 0), or `input` if whole.
Value leadingSlice(OpBuilder &b, Location loc, Value input, ArrayRef<int64_t> sizes) {
  auto type = cast<RankedTensorType>(input.getType());
  if (type.getShape() == sizes)
    return input;
  SmallVector<OpFoldResult> zeros(sizes.size(), b.getIndexAttr(0)),
      ones(sizes.size(), b.getIndexAttr(1)), sz;
  for (int64_t s : sizes)
    sz.push_back(b.getIndexAttr(s));
  return tensor::ExtractSliceOp::create(b, loc, input, zeros, sz, ones);
}

/// tensor<d0 x ... x f32> → tensor<(d0·…) x f32>.
Value flatten(OpBuilder &b, Location loc, Value input) {
  auto type = cast<RankedTensorType>(input.getType());
  ReassociationIndices all;
  for (int64_t d = 0; d < type.getRank(); ++d)
    all.push_back(d);
  return tensor::CollapseShapeOp::create(b, loc, input, SmallVector<ReassociationIndices>{all});
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
    int64_t n = inType.getDimSize(0), c = inType.getDimSize(3);
    int64_t oh = outType.getDimSize(1), ow = outType.getDimSize(2), f = outType.getDimSize(3);
    int64_t hp = inType.getDimSize(1) + pad[0] + pad[1];
    int64_t wp = inType.getDimSize(2) + pad[2] + pad[3];
    int64_t groups = int64_t(op.getGroups());
    int64_t cg = c / groups, fg = f / groups, kw = kernel[1];
    int64_t s = stride[1], dh = dil[0], dw = dil[1];

    // Relayout geometry (see the file comment).
    int64_t lanes = vectorLanes(ow), owPad = llvm::alignTo(ow, lanes);
    int64_t wq = std::max<int64_t>(llvm::divideCeil(wp, s), owPad + (kw - 1) * dw / s);
    int64_t chanStride = s * wq, rowStride = c * chanStride;
    if (n * hp * rowStride > std::numeric_limits<int32_t>::max())
      return rewriter.notifyMatchFailure(op, "relayouted input too large for i32 offsets");

    SmallVector<int64_t> padRight(pad);
    padRight[3] += s * wq - wp;
    Value padded = padNHWC(rewriter, loc, adaptor.getInput(), padRight);
    Value split = tensor::ExpandShapeOp::create(
        rewriter, loc, RankedTensorType::get({n, hp, wq, s, c}, inType.getElementType()),
        padded, SmallVector<ReassociationIndices>{{0}, {1}, {2, 3}, {4}});
    Value input = flatten(rewriter, loc, transpose(rewriter, loc, split, {0, 1, 4, 3, 2}));

    auto decode = [&](int64_t col) -> int64_t {
      int64_t ch = col % cg, tap = col / cg, i = tap / kw, jd = (tap % kw) * dw;
      return i * dh * rowStride + (ch * s + jd % s) * wq + jd / s;
    };
    auto decodeIR = [&](OpBuilder &b, Location l, Value col) -> Value {
      Type i32 = b.getI32Type();
      auto cst = [&](int64_t v) { return arith::ConstantIntOp::create(b, l, i32, v); };
      auto mul = [&](Value x, int64_t k) { return arith::MulIOp::create(b, l, x, cst(k)); };
      auto add = [&](Value x, Value y) { return arith::AddIOp::create(b, l, x, y); };
      Value ch = arith::RemUIOp::create(b, l, col, cst(cg));
      Value tap = arith::DivUIOp::create(b, l, col, cst(cg));
      Value i = arith::DivUIOp::create(b, l, tap, cst(kw));
      Value jd = mul(arith::RemUIOp::create(b, l, tap, cst(kw)), dw);
      Value phase = arith::RemUIOp::create(b, l, jd, cst(s));
      Value shift = arith::DivUIOp::create(b, l, jd, cst(s));
      return add(add(mul(i, dh * rowStride), mul(add(mul(ch, s), phase), wq)), shift);
    };
    SparseRows rows{adaptor.getValues(),
                    nonzeroOffsets(rewriter, loc, adaptor.getColIndices(), decode, decodeIR),
                    adaptor.getRowOffsets(),
                    adaptor.getBias(),
                    input,
                    f,
                    owPad,
                    lanes};

    Value out = tensor::EmptyOp::create(rewriter, loc, ArrayRef<int64_t>{n, oh, f, owPad},
                                        outType.getElementType());
    Value c0 = indexConst(rewriter, loc, 0), c1 = indexConst(rewriter, loc, 1);
    auto nLoop = scf::ForOp::create(
        rewriter, loc, c0, indexConst(rewriter, loc, n), c1, ValueRange{out},
        [&](OpBuilder &b, Location l, Value ni, ValueRange nIter) {
          auto ohLoop = scf::ForOp::create(
              b, l, c0, indexConst(b, l, oh), c1, ValueRange{nIter[0]},
              [&](OpBuilder &b, Location l, Value ohi, ValueRange ohIter) {
                auto mul = [&](Value v, int64_t k) {
                  return arith::MulIOp::create(b, l, v, indexConst(b, l, k)).getResult();
                };
                // (n·Hp + oh·sh)·C·s·Wq: the first padded input row of this output row.
                Value pixelBase = mul(
                    arith::AddIOp::create(b, l, mul(ni, hp), mul(ohi, stride[0])), rowStride);
                Value next = emitSparseRows(
                    b, l, rows, ohIter[0], {ni, ohi},
                    [&](OpBuilder &b, Location l, Value fi) -> Value {
                      if (groups == 1)
                        return pixelBase;
                      Value g = arith::DivUIOp::create(b, l, fi, indexConst(b, l, fg));
                      Value g0 = arith::MulIOp::create(b, l, g, indexConst(b, l, cg * chanStride));
                      return arith::AddIOp::create(b, l, pixelBase, g0);
                    });
                scf::YieldOp::create(b, l, ValueRange{next});
              });
          scf::YieldOp::create(b, l, ValueRange{ohLoop.getResult(0)});
        });
    Value result = leadingSlice(rewriter, loc, nLoop.getResult(0), {n, oh, f, ow});
    rewriter.replaceOp(op, transpose(rewriter, loc, result, {0, 1, 3, 2}));
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
    int64_t m = inType.getDimSize(0), k = inType.getDimSize(1), nOut = outType.getDimSize(1);
    int64_t lanes = vectorLanes(m), mPad = llvm::alignTo(m, lanes);
    if (k * mPad > std::numeric_limits<int32_t>::max())
      return rewriter.notifyMatchFailure(op, "input too large for i32 offsets");

    // [M, K] → zero rows up to Mpad → [K, Mpad], flat: column k of the weight reads
    // the Mpad contiguous elements at k·Mpad.
    Value input = adaptor.getInput();
    if (mPad != m) {
      SmallVector<OpFoldResult> low(2, rewriter.getIndexAttr(0));
      SmallVector<OpFoldResult> high = {rewriter.getIndexAttr(mPad - m),
                                        rewriter.getIndexAttr(0)};
      Value zero = arith::ConstantOp::create(rewriter, loc, rewriter.getF32FloatAttr(0.0f));
      input = tensor::PadOp::create(rewriter, loc,
                                    RankedTensorType::get({mPad, k}, inType.getElementType()),
                                    input, low, high, zero);
    }
    input = flatten(rewriter, loc, transpose(rewriter, loc, input, {1, 0}));

    auto decode = [&](int64_t col) -> int64_t { return col * mPad; };
    auto decodeIR = [&](OpBuilder &b, Location l, Value col) -> Value {
      return arith::MulIOp::create(b, l, col,
                                   arith::ConstantIntOp::create(b, l, b.getI32Type(), mPad));
    };
    SparseRows rows{adaptor.getValues(),
                    nonzeroOffsets(rewriter, loc, adaptor.getColIndices(), decode, decodeIR),
                    adaptor.getRowOffsets(),
                    adaptor.getBias(),
                    input,
                    nOut,
                    mPad,
                    lanes};
    Value out = tensor::EmptyOp::create(rewriter, loc, ArrayRef<int64_t>{nOut, mPad},
                                        outType.getElementType());
    Value zeroBase = indexConst(rewriter, loc, 0);
    Value result = emitSparseRows(
        rewriter, loc, rows, out, {},
        [&](OpBuilder &, Location, Value) -> Value { return zeroBase; });
    result = leadingSlice(rewriter, loc, result, {nOut, m});
    rewriter.replaceOp(op, transpose(rewriter, loc, result, {1, 0}));
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
