//===- SparseToLinalg.cpp - CSR sparse ops to vector loops over the nonzeros ---===//
//
// Direct sparse convolution (Park et al. 2017, "Faster CNNs with direct sparse
// convolutions and guided pruning", the Escoin kernel): sparse weight rows times dense
// input rows whose contiguous axis is the output pixel, so one nonzero's two scalar
// loads (value, offset) are amortized over a vector of pixels.
//
// sparse_conv2d, input [N, H, W, C] NHWC, output [N, OH, OW, F], s = stride_w:
//  1. relayout (one linalg.generic, zero padding folded in as a select):
//     X'[n, h, c, r, q] = Xpad[n, h, q·s + r, c], h < Hp, r < s, q < Wq with
//     Wq = max(ceil(Wp / s), OW + (kw−1)·dw div s), so every vector read is in bounds;
//  2. the nonzero (i, j, c) of a row reads X' from
//       offset = i·dh·(C·s·Wq) + (c·s + (j·dw) mod s)·Wq + (j·dw) div s
//     plus base(n, oh, f) = (n·Hp + oh·sh)·C·s·Wq + g(f)·cg·s·Wq (g = group of f) plus
//     the first pixel ow0 of the chunk: output pixel ow reads input column
//     ow·s + j·dw = (ow + (j·dw) div s)·s + (j·dw) mod s, i.e. consecutive q;
//     the offsets are an i32 constant (computed at compile time) when the column
//     indices are constant, else computed by an elementwise linalg.generic;
//  3. scf.for n, tiles (a pass of R output rows × a block of output channels, each
//     writing its own slice of the result and marked for compress-parallelize-tiles:
//     threads; see emitSparseConvKernel), f of the block: R × chunks accumulators
//     acc = broadcast(bias[f]), the OW pixels of a row being `chunks` chunks of VL
//     lanes (a multiple of 8, ≤ 32; OW itself when OW ≤ 4; the lanes past OW read X'
//     padding, Wq being extended to cover them, and are not stored) and R such that
//     R·chunks·VL ≤ 64 (emitSparseConvKernel); scf.for e over the row:
//     w = broadcast(values[e]) and offset[e] are loaded once for all accumulators,
//     acc(r, chunk) += w · vector.transfer_read(X', base + r·sh·rowStride +
//     chunk·VL + offset[e]); the lanes are stored into the NHWC result (tensor.insert,
//     stride F).
// sparse_matmul, input [M, K]: the same sum with the input transposed to [K, M]
// (the dense axis is M; offset = k·M; chunks of VL = vectorLanes(M), the last one
// overlapping its predecessor); M = 1 is a scalar SpMV.
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

/// Vector length (f32 lanes) over a dense axis of `n` elements: `n` itself up to 32,
/// else the axis split into ceil(n / 32) equal chunks (the last one overlapping its
/// predecessor when they do not divide n). LLVM splits the vectors into registers.
int64_t vectorLanes(int64_t n) {
  if (n <= 32)
    return std::max<int64_t>(n, 1);
  return llvm::divideCeil(n, llvm::divideCeil(n, 32));
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
  int64_t extent; // dense axis (OW / M)
  int64_t lanes;  // vectorLanes(extent) ≤ extent
};

/// The marker compress-parallelize-tiles reads (include/compress/DenseCodegen/Passes.td):
/// on a loop over output tiles, the multiply-accumulates of the whole op.
constexpr llvm::StringLiteral kParallelTileAttr = "compress.parallel_tile";

/// Rows (output channels) per block of the sparse kernels' parallel tiles: the largest
/// divisor of `f` that is at most 64 (a conv tile is a block and a row pass, a matmul
/// tile a block; 64 keeps ≥ 2 blocks from F = 128 on). Prime F: blocks of 1.
int64_t rowBlock(int64_t f) {
  for (int64_t d = std::min<int64_t>(f, 64); d > 1; --d)
    if (f % d == 0)
      return d;
  return 1;
}

/// For every row f and chunk start p0 (chunk k of ceil(extent / lanes) starts at
/// min(k·lanes, extent − lanes)) and lane p < lanes:
///   out[writeIndex(f − f0, p0 + p)] (f0: the first row of f's block, rowBlock) =
///     bias[f] + Σ_{e ∈ [rowOffsets[f], rowOffsets[f+1])} values[e] ·
///               input[rowBase(f) + offsets[e] + p0 + p]
/// as scf.for loops carrying the tensor `out`; returns it. The sum is a vector of
/// `lanes`; it is stored lane by lane (tensor.insert), the dense axis of `out` not
/// being its contiguous one.
Value emitSparseRows(OpBuilder &b, Location loc, const SparseRows &k, Value out,
                     function_ref<Value(OpBuilder &, Location, Value)> rowBase,
                     function_ref<SmallVector<Value>(Value, Value)> writeIndex) {
  Type f32 = b.getF32Type();
  auto vecType = VectorType::get({k.lanes}, f32);
  int64_t chunks = llvm::divideCeil(k.extent, k.lanes);
  // Blocks of rb rows, each writing only its tile out[:, f0 + [0, rb)] (an
  // extract_slice / insert_slice pair): the block loop is marked for
  // compress-parallelize-tiles with the op's MACs (nnz · extent).
  int64_t rb = rowBlock(k.rows);
  int64_t nnz = cast<RankedTensorType>(k.values.getType()).getDimSize(0);
  int64_t macs;
  if (nnz < 0 || llvm::MulOverflow(nnz, k.extent, macs))
    macs = std::numeric_limits<int64_t>::max();
  auto outType = cast<RankedTensorType>(out.getType());
  auto tileType = RankedTensorType::get({outType.getDimSize(0), rb}, f32);
  auto blockLoop = scf::ForOp::create(
      b, loc, indexConst(b, loc, 0), indexConst(b, loc, k.rows), indexConst(b, loc, rb),
      ValueRange{out}, [&](OpBuilder &b, Location l, Value f0, ValueRange blockIter) {
        SmallVector<OpFoldResult> offs = {b.getIndexAttr(0), f0};
        SmallVector<OpFoldResult> sizes = {b.getIndexAttr(outType.getDimSize(0)),
                                           b.getIndexAttr(rb)};
        SmallVector<OpFoldResult> strides(2, b.getIndexAttr(1));
        Value tile =
            tensor::ExtractSliceOp::create(b, l, tileType, blockIter[0], offs, sizes, strides);
        auto rowLoop = scf::ForOp::create(
            b, l, indexConst(b, l, 0), indexConst(b, l, rb), indexConst(b, l, 1), ValueRange{tile},
            [&](OpBuilder &b, Location l, Value fl, ValueRange rowIter) {
              Value f = arith::AddIOp::create(b, l, f0, fl);
              Value lo = extractIndex(b, l, k.rowOffsets, f);
              Value hi = extractIndex(b, l, k.rowOffsets,
                                      arith::AddIOp::create(b, l, f, indexConst(b, l, 1)));
              Value biasF = tensor::ExtractOp::create(b, l, k.bias, ValueRange{f});
              Value init = vector::BroadcastOp::create(b, l, vecType, biasF);
              Value base = rowBase(b, l, f);
              auto chunkLoop = scf::ForOp::create(
                  b, l, indexConst(b, l, 0), indexConst(b, l, chunks), indexConst(b, l, 1),
                  ValueRange{rowIter[0]},
                  [&](OpBuilder &b, Location l, Value chunk, ValueRange chunkIter) {
                    Value p0 = arith::MinUIOp::create(
                        b, l, arith::MulIOp::create(b, l, chunk, indexConst(b, l, k.lanes)),
                        indexConst(b, l, k.extent - k.lanes));
                    Value start = arith::AddIOp::create(b, l, base, p0);
                    Value zero = arith::ConstantOp::create(b, l, b.getZeroAttr(f32));
                    auto nzLoop = scf::ForOp::create(
                        b, l, lo, hi, indexConst(b, l, 1), ValueRange{init},
                        [&](OpBuilder &b, Location l, Value e, ValueRange acc) {
                          Value w = tensor::ExtractOp::create(b, l, k.values, ValueRange{e});
                          Value wv = vector::BroadcastOp::create(b, l, vecType, w);
                          Value at =
                              arith::AddIOp::create(b, l, start, extractIndex(b, l, k.offsets, e));
                          Value x = vector::TransferReadOp::create(
                              b, l, vecType, k.input, ValueRange{at}, zero, ArrayRef<bool>{true});
                          Value prod = arith::MulFOp::create(b, l, wv, x);
                          scf::YieldOp::create(
                              b, l, ValueRange{arith::AddFOp::create(b, l, acc[0], prod)});
                        });
                    Value written = chunkIter[0];
                    for (int64_t p = 0; p < k.lanes; ++p) {
                      Value lane = vector::ExtractOp::create(b, l, nzLoop.getResult(0),
                                                             ArrayRef<int64_t>{p});
                      Value pos = arith::AddIOp::create(b, l, p0, indexConst(b, l, p));
                      written = tensor::InsertOp::create(b, l, lane, written, writeIndex(fl, pos));
                    }
                    scf::YieldOp::create(b, l, ValueRange{written});
                  });
              scf::YieldOp::create(b, l, ValueRange{chunkLoop.getResult(0)});
            });
        Value updated = tensor::InsertSliceOp::create(b, l, rowLoop.getResult(0), blockIter[0],
                                                      offs, sizes, strides);
        scf::YieldOp::create(b, l, ValueRange{updated});
      });
  blockLoop->setAttr(kParallelTileAttr, b.getI64IntegerAttr(macs));
  return blockLoop.getResult(0);
}

/// The sparse_conv2d kernel on the relayouted input (see the file comment), as
/// scf.for loops carrying the NHWC result `out`: n, then passes over the output rows —
/// `perPass` rows per pass, the OH mod perPass last rows in one more pass — then blocks
/// of `fb` output channels (rowBlock), then the output channel f of the block
/// (its CSR row), then the `chunks` static chunks of `lanes` pixels (a multiple of 8,
/// so the vectors split into whole registers) starting at chunk·lanes, then the
/// nonzeros: the rows of a pass share each nonzero's value and offset (row r reads at
/// base + r·sh·rowStride), and the few input rows a pass reads stay in cache over the
/// f of a block (the other order, f outside the rows, measured slower at 56×56×64: X'
/// is larger than the weights). Lanes of the last chunk past OW read the relayout's
/// padding (X' rows are at least chunks·lanes + the largest column shift long) and are
/// not stored. Per output element the sum is bias[f] + the products in CSR order.
///
/// Threads: a (pass, f-block) tile writes only out[n, pass rows, :, block] (a
/// tensor.extract_slice / insert_slice pair, a memref.subview after bufferization), and
/// the pass loop and the f-block loops carry `compress.parallel_tile = macs` (nnz · N ·
/// OH · OW), so compress-parallelize-tiles runs them as one scf.parallel band; every
/// output element is still summed by one iteration in the same order: results are
/// identical for every thread count.
Value emitSparseConvKernel(OpBuilder &b, Location loc, const SparseRows &k,
                           const StaticConvGeometry &g, int64_t hp, int64_t rowStride,
                           int64_t chanStride, int64_t chunks, int64_t perPass, Value out) {
  Type f32 = b.getF32Type();
  auto vecType = VectorType::get({k.lanes}, f32);
  int64_t blocked = g.oh - g.oh % perPass, tail = g.oh % perPass;
  int64_t fb = rowBlock(k.rows);
  int64_t nnz = cast<RankedTensorType>(k.values.getType()).getDimSize(0);
  int64_t macs;
  if (nnz < 0 || llvm::MulOverflow(nnz, g.n * g.oh * g.ow, macs))
    macs = std::numeric_limits<int64_t>::max();
  Attribute macsAttr = b.getI64IntegerAttr(macs);
  Value c0 = indexConst(b, loc, 0), c1 = indexConst(b, loc, 1);
  Value cRows = indexConst(b, loc, k.rows), cFb = indexConst(b, loc, fb);
  auto mul = [](OpBuilder &b, Location l, Value v, int64_t c) {
    return arith::MulIOp::create(b, l, v, indexConst(b, l, c)).getResult();
  };
  // One tile: output rows ohi + [0, rows) of image ni, channels f0 + [0, fb).
  auto tileBody = [&](OpBuilder &b, Location l, Value ni, Value ohi, Value f0, int64_t rows,
                      Value tileOut) -> Value {
    ValueRange blockIter(tileOut);
    // (n·Hp + oh·sh)·C·s·Wq: the first padded input row of the pass's first row.
    Value rowBase =
        mul(b, l, arith::AddIOp::create(b, l, mul(b, l, ni, hp), mul(b, l, ohi, g.stride[0])),
            rowStride);
    // The tile: out[ni, ohi + [0, rows), :, f0 + [0, fb)].
    SmallVector<OpFoldResult> offs = {ni, ohi, b.getIndexAttr(0), f0};
    SmallVector<OpFoldResult> sizes = {b.getIndexAttr(1), b.getIndexAttr(rows),
                                       b.getIndexAttr(g.ow), b.getIndexAttr(fb)};
    SmallVector<OpFoldResult> strides(4, b.getIndexAttr(1));
    auto tileType = RankedTensorType::get({1, rows, g.ow, fb}, f32);
    Value tile = tensor::ExtractSliceOp::create(b, l, tileType, blockIter[0], offs, sizes, strides);
    auto fLoop = scf::ForOp::create(
        b, l, c0, cFb, c1, ValueRange{tile},
        [&](OpBuilder &b, Location l, Value fl, ValueRange fIter) {
          Value f = arith::AddIOp::create(b, l, f0, fl);
          Value lo = extractIndex(b, l, k.rowOffsets, f);
          Value hi =
              extractIndex(b, l, k.rowOffsets, arith::AddIOp::create(b, l, f, indexConst(b, l, 1)));
          Value biasF = tensor::ExtractOp::create(b, l, k.bias, ValueRange{f});
          Value init = vector::BroadcastOp::create(b, l, vecType, biasF);
          Value zero = arith::ConstantOp::create(b, l, b.getZeroAttr(f32));
          // + (f / fg)·cg·s·Wq: the channels of f's group.
          Value base = rowBase;
          if (g.groups != 1)
            base = arith::AddIOp::create(
                b, l, base,
                mul(b, l, arith::DivUIOp::create(b, l, f, indexConst(b, l, g.fg)),
                    g.cg * chanStride));
          // Accumulator a = r·chunks + chunk: output row ohi + r, pixels
          // chunk·lanes + [0, lanes).
          SmallVector<Value> starts;
          for (int64_t r = 0; r < rows; ++r)
            for (int64_t chunk = 0; chunk < chunks; ++chunk)
              starts.push_back(arith::AddIOp::create(
                  b, l, base, indexConst(b, l, r * g.stride[0] * rowStride + chunk * k.lanes)));
          auto nzLoop = scf::ForOp::create(
              b, l, lo, hi, indexConst(b, l, 1), SmallVector<Value>(starts.size(), init),
              [&](OpBuilder &b, Location l, Value e, ValueRange acc) {
                Value w = tensor::ExtractOp::create(b, l, k.values, ValueRange{e});
                Value wv = vector::BroadcastOp::create(b, l, vecType, w);
                Value off = extractIndex(b, l, k.offsets, e);
                SmallVector<Value> next;
                for (auto [a, start] : llvm::enumerate(starts)) {
                  Value at = arith::AddIOp::create(b, l, start, off);
                  Value x = vector::TransferReadOp::create(b, l, vecType, k.input, ValueRange{at},
                                                           zero, ArrayRef<bool>{true});
                  Value prod = arith::MulFOp::create(b, l, wv, x);
                  next.push_back(arith::AddFOp::create(b, l, acc[a], prod));
                }
                scf::YieldOp::create(b, l, next);
              });
          Value written = fIter[0];
          for (int64_t r = 0; r < rows; ++r) {
            Value row = indexConst(b, l, r);
            for (int64_t chunk = 0; chunk < chunks; ++chunk) {
              int64_t p0 = chunk * k.lanes;
              int64_t stored = std::min(k.lanes, k.extent - p0);
              for (int64_t p = 0; p < stored; ++p) {
                Value lane = vector::ExtractOp::create(b, l, nzLoop.getResult(r * chunks + chunk),
                                                       ArrayRef<int64_t>{p});
                written = tensor::InsertOp::create(
                    b, l, lane, written, ValueRange{c0, row, indexConst(b, l, p0 + p), fl});
              }
            }
          }
          scf::YieldOp::create(b, l, ValueRange{written});
        });
    return tensor::InsertSliceOp::create(b, l, fLoop.getResult(0), blockIter[0], offs, sizes,
                                         strides)
        .getResult();
  };
  // The tiles of image ni: t = pass·blocks + block over the blocked passes (one loop,
  // so that a single marked loop holds all of them), then the tail pass's blocks.
  int64_t blocks = k.rows / fb;
  auto nLoop = scf::ForOp::create(
      b, loc, c0, indexConst(b, loc, g.n), c1, ValueRange{out},
      [&](OpBuilder &b, Location l, Value ni, ValueRange nIter) {
        Value acc = nIter[0];
        if (blocked > 0) {
          auto tileLoop = scf::ForOp::create(
              b, l, c0, indexConst(b, l, blocked / perPass * blocks), c1, ValueRange{acc},
              [&](OpBuilder &b, Location l, Value t, ValueRange it) {
                Value ohi =
                    mul(b, l, arith::DivUIOp::create(b, l, t, indexConst(b, l, blocks)), perPass);
                Value f0 = mul(b, l, arith::RemUIOp::create(b, l, t, indexConst(b, l, blocks)), fb);
                scf::YieldOp::create(b, l, ValueRange{tileBody(b, l, ni, ohi, f0, perPass, it[0])});
              });
          tileLoop->setAttr(kParallelTileAttr, macsAttr);
          acc = tileLoop.getResult(0);
        }
        if (tail > 0) {
          Value ohi = indexConst(b, l, blocked);
          auto blockLoop = scf::ForOp::create(
              b, l, c0, cRows, cFb, ValueRange{acc},
              [&](OpBuilder &b, Location l, Value f0, ValueRange it) {
                scf::YieldOp::create(b, l, ValueRange{tileBody(b, l, ni, ohi, f0, tail, it[0])});
              });
          blockLoop->setAttr(kParallelTileAttr, macsAttr);
          acc = blockLoop.getResult(0);
        }
        scf::YieldOp::create(b, l, ValueRange{acc});
      });
  return nLoop.getResult(0);
}

/// The pixel chunking of the conv kernel for an output row of `ow` pixels: chunks of at
/// most 32 lanes, each a multiple of 8 (ceil(ow / 32) chunks of ceil(ow / chunks)
/// rounded up to 8); rows of at most 4 pixels are one chunk of exactly `ow` lanes (the
/// relayout's rows would otherwise grow to 8). Returns {chunks, lanes}.
std::pair<int64_t, int64_t> convPixelChunks(int64_t ow) {
  if (ow <= 4)
    return {1, std::max<int64_t>(ow, 1)};
  int64_t chunks = llvm::divideCeil(ow, 32);
  return {chunks, llvm::alignTo(llvm::divideCeil(ow, chunks), 8)};
}

/// Output rows per pass of the conv kernel, whose rows × pixels-per-row (chunks·lanes)
/// f32 accumulators all take each nonzero: as many as keep them ≤ 64 lanes (four zmm /
/// eight ymm registers), at most 8 and at most OH. Measured on ResNet-18's 3×3 convs at
/// 70 and 90 % sparsity (docs/performance.md, "Sparse kernel"): 96 lanes was slower at
/// 14×14×256 (the X' rows of a pass no longer fit L1), 32 slower everywhere.
int64_t convRowsPerPass(int64_t rowLanes, int64_t oh) {
  return std::max<int64_t>(1, std::min<int64_t>({64 / rowLanes, 8, oh}));
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

/// X'[n, h, c, r, q] = Xpad[n, h, q·s + r, c] as one linalg.generic reading the NHWC
/// input [N, H, W, C] (0 where q·s + r falls in the zero padding pad = [top, bottom,
/// left, right] or beyond it): shape [N, Hp, C, s, Wq].
Value relayoutInput(OpBuilder &b, Location loc, Value input, int64_t hp, int64_t wq, int64_t s,
                    ArrayRef<int64_t> pad) {
  auto type = cast<RankedTensorType>(input.getType());
  int64_t n = type.getDimSize(0), h = type.getDimSize(1), w = type.getDimSize(2),
          c = type.getDimSize(3);
  return buildElementwise(
      b, loc, {n, hp, c, s, wq}, type.getElementType(), ValueRange{},
      [&](OpBuilder &b, Location l, ArrayRef<Value> iv, ValueRange) -> Value {
        auto cst = [&](int64_t v) { return indexConst(b, l, v); };
        // Row y = h − top, column x = q·s + r − left of the unpadded input.
        Value y = arith::SubIOp::create(b, l, iv[1], cst(pad[0]));
        Value x = arith::SubIOp::create(
            b, l, arith::AddIOp::create(b, l, arith::MulIOp::create(b, l, iv[4], cst(s)), iv[3]),
            cst(pad[2]));
        auto inRange = [&](Value v, int64_t size) {
          Value lo = arith::CmpIOp::create(b, l, arith::CmpIPredicate::sge, v, cst(0));
          Value hi = arith::CmpIOp::create(b, l, arith::CmpIPredicate::slt, v, cst(size));
          return arith::AndIOp::create(b, l, lo, hi).getResult();
        };
        auto clamp = [&](Value v, int64_t size) {
          return arith::MinSIOp::create(b, l, arith::MaxSIOp::create(b, l, v, cst(0)),
                                        cst(size - 1))
              .getResult();
        };
        Value inside = arith::AndIOp::create(b, l, inRange(y, h), inRange(x, w));
        Value v = tensor::ExtractOp::create(b, l, input,
                                            ValueRange{iv[0], clamp(y, h), clamp(x, w), iv[2]});
        Value zero = arith::ConstantOp::create(b, l, b.getZeroAttr(type.getElementType()));
        return arith::SelectOp::create(b, l, inside, v, zero);
      });
}

/// tensor<d0 x ... x f32> → tensor<(d0·…) x f32>.
Value flatten(OpBuilder &b, Location loc, Value input) {
  auto type = cast<RankedTensorType>(input.getType());
  ReassociationIndices all;
  for (int64_t d = 0; d < type.getRank(); ++d)
    all.push_back(d);
  return tensor::CollapseShapeOp::create(b, loc, input, SmallVector<ReassociationIndices>{all});
}

/// Where the nonzeros of a sparse_conv2d read the relayouted input X' [N, Hp, C, s, Wq]
/// (see the file comment): column col = (i·kw + j)·cg + c of a CSR row reads at
///   offset(col) = i·dh·rowStride + (c·s + (j·dw) mod s)·Wq + (j·dw) div s
/// from the first input row and pixel of the output row it computes.
struct RelayoutOffsets {
  int64_t cg, kw, s, dh, dw, wq, rowStride;

  int64_t at(int64_t col) const {
    int64_t ch = col % cg, tap = col / cg, i = tap / kw, jd = (tap % kw) * dw;
    return i * dh * rowStride + (ch * s + jd % s) * wq + jd / s;
  }

  /// at(col) as i32 arithmetic, for computed column indices.
  Value build(OpBuilder &b, Location l, Value col) const {
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
  }
};

struct SparseConv2DToLinalg : public OpConversionPattern<SparseConv2DOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult matchAndRewrite(SparseConv2DOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    FailureOr<StaticConvGeometry> g =
        matchStaticConv(rewriter, op, adaptor.getInput(), adaptor.getValues());
    if (failed(g))
      return failure();
    Location loc = op.getLoc();
    ArrayRef<int64_t> pad = g->pad;
    int64_t hp = g->h + pad[0] + pad[1], wp = g->w + pad[2] + pad[3], s = g->stride[1];
    int64_t dw = g->dilation[1];
    // Relayout geometry (see the file comment).
    // Pixel chunks of the kernel: the last one may read up to chunks·lanes columns.
    auto [chunks, lanes] = convPixelChunks(g->ow);
    int64_t wq =
        std::max<int64_t>(llvm::divideCeil(wp, s), chunks * lanes + (g->kw - 1) * dw / s);
    int64_t chanStride = s * wq, rowStride = g->c * chanStride;
    if (g->n * hp * rowStride > std::numeric_limits<int32_t>::max())
      return rewriter.notifyMatchFailure(op, "relayouted input too large for i32 offsets");
    RelayoutOffsets offsets{g->cg, g->kw, s, g->dilation[0], dw, wq, rowStride};

    Value input =
        flatten(rewriter, loc, relayoutInput(rewriter, loc, adaptor.getInput(), hp, wq, s, pad));
    SparseRows rows{
        adaptor.getValues(),
        nonzeroOffsets(
            rewriter, loc, adaptor.getColIndices(), [&](int64_t col) { return offsets.at(col); },
            [&](OpBuilder &b, Location l, Value col) { return offsets.build(b, l, col); }),
        adaptor.getRowOffsets(),
        adaptor.getBias(),
        input,
        g->f,
        g->ow,
        lanes};

    // The result is written in NHWC directly: each vector goes along OW (stride F).
    auto outType = cast<RankedTensorType>(op.getType());
    Value out =
        tensor::EmptyOp::create(rewriter, loc, outType.getShape(), outType.getElementType());
    Value result = emitSparseConvKernel(rewriter, loc, rows, *g, hp, rowStride, chanStride,
                                        chunks, convRowsPerPass(chunks * lanes, g->oh), out);
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct SparseMatmulToLinalg : public OpConversionPattern<SparseMatmulOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult matchAndRewrite(SparseMatmulOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    FailureOr<MatmulGeometry> g = matchStaticMatmul(rewriter, op, adaptor.getInput(), ValueRange{});
    if (failed(g))
      return failure();
    Location loc = op.getLoc();
    int64_t m = g->m;
    if (g->k * m > std::numeric_limits<int32_t>::max())
      return rewriter.notifyMatchFailure(op, "input too large for i32 offsets");

    // [M, K] → [K, M], flat: column k of the weight reads the M contiguous elements at k·M.
    Value input = flatten(rewriter, loc, transpose(rewriter, loc, adaptor.getInput(), {1, 0}));
    SparseRows rows{
        adaptor.getValues(),
        nonzeroOffsets(
            rewriter, loc, adaptor.getColIndices(), [&](int64_t col) -> int64_t { return col * m; },
            [&](OpBuilder &b, Location l, Value col) -> Value {
              return arith::MulIOp::create(b, l, col,
                                           arith::ConstantIntOp::create(b, l, b.getI32Type(), m));
            }),
        adaptor.getRowOffsets(),
        adaptor.getBias(),
        input,
        g->n,
        m,
        vectorLanes(m)};
    // The result [M, N] is written directly: each vector goes along M (stride N).
    auto outType = cast<RankedTensorType>(op.getType());
    Value out =
        tensor::EmptyOp::create(rewriter, loc, outType.getShape(), outType.getElementType());
    Value zeroBase = indexConst(rewriter, loc, 0);
    Value result = emitSparseRows(
        rewriter, loc, rows, out, [&](OpBuilder &, Location, Value) -> Value { return zeroBase; },
        [&](Value fi, Value mi) -> SmallVector<Value> {
          return {mi, fi};
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
