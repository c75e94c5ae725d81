//===- CodebookMatvec.cpp - codebook_matmul decoded in registers ----------===//
//
// codebook_matmul with constant indices, on x86 targets with 256- or 512-bit
// vectors: a matrix-vector (small-batch) kernel that never materializes the dense
// weight. Per-tensor codebooks decode with permutes of registers (one for <= 16
// centroids, a tree for up to 256 on AVX-512); per-channel codebooks (and > 16
// centroids on AVX2) with a gather from the centroids (LLVM's masked gather).
//
// The indices are repacked at compile time into the order the kernel reads them:
// i32 words [N/V, G, V] (V = vector lanes: 16 for 512-bit, 8 for 256-bit; N padded
// to a multiple of V with code 0), word (b, g, j) holding the codes of output column
// b·V + j at k = g·P .. g·P + P - 1, P = floor(32 / bits) codes a word, code t in
// bits [t·bits, t·bits + bits). One vector load then serves P steps of k for V
// columns: step t shifts the word right by t·bits and looks the codes up with one
// variable permute of a table held in a register:
//   * 512-bit: vpermps zmm (llvm.x86.avx512.permvar.sf.512), which reads the low 4
//     bits of each lane; the 16-entry table is table[i] = centroid[i mod 2^bits], so
//     the bits of the next code above a code are ignored without a mask.
//   * 256-bit (AVX2): vpermps ymm (llvm.x86.avx2.permps, low 3 bits): for bits <= 3 a
//     table of 8 as above; for 4 bits two permutes (centroids 0-7 and 8-15) and a
//     select on bit 3 of the code.
//   * 17 to 256 per-tensor centroids on 512-bit targets: vpermi2ps
//     (llvm.x86.avx512.vpermi2var.ps.512) picks from 32 centroids held in two
//     registers with the code's low 5 bits; one per 32 centroids, then a tree of
//     selects on bits 5 .. bits-1 (8 permutes + 7 selects at 8 bits, tables in 16
//     registers).
//   * otherwise gathers: the code masked to `bits` (plus, per-channel, the lane's
//     column times k) indexes the centroids, one vector.gather per vector of codes.
// Ungrouped codebook_conv2d uses the same decoder (CodebookConv2DDecodeVector): with
// F a multiple of V (> V), into the packed filter layout [F/V, KH, KW, C, V] of
// compress-vectorize-convs' tiles, block by block in a loop marked
// `compress.filter_blocks` that compress-vectorize-convs moves into the conv's
// output-channel tile loop for deep layers (lib/DenseCodegen/BlockDecodedFilter.h:
// no full decoded weight per call); otherwise into the OHWI weight; then tosa.conv2d.
// Other targets (vector-bits 0 or 128) keep the decode-then-dense lowering of
// CodebookToLinalg.cpp (generic x86-64 has no variable permute of floats).
//
// Loops: output-column blocks of U vectors (outermost, scf.for writing its own slice
// of the result, marked `compress.parallel_tile = M·K·N` for
// compress-parallelize-tiles: threads), rows of the batch in blocks of R, then k;
// R·U accumulators. Each
// accumulator starts at 0 and adds x[m, k]·w[k, n] for k in order, with a separate
// multiply and add, and the bias is added afterwards (tosa.add): the same operations
// in the same order as the dense path (decompress + tosa.matmul + bias, see
// compress-vectorize-convs), so results are bit-identical to it.
//
//===----------------------------------------------------------------------===//
#include "compress/Conversion/CompressToLinalg/CompressToLinalg.h"
#include "compress/Dialect/Compress/IR/CompressOps.h"
#include "compress/Dialect/Compress/IR/CompressUtils.h"
#include "compress/Dialect/Compress/Utils/TosaConvUtils.h"
#include "LoweringUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Transforms/DialectConversion.h"

using namespace mlir;
using namespace mlir::compress;

namespace {

int64_t largestDivisorUpTo(int64_t n, int64_t bound) {
  for (int64_t d = std::min(n, bound); d > 1; --d)
    if (n % d == 0)
      return d;
  return 1;
}

/// Index `e` (bits wide, little-endian within the row) of row `row` of the packed
/// indices, as codebook_matmul defines them.
unsigned packedCode(ArrayRef<uint8_t> bytes, int64_t rowBytes, int64_t row, int64_t e,
                    int64_t bits) {
  int64_t bit = e * bits, byte = bit >> 3;
  const uint8_t *r = bytes.data() + row * rowBytes;
  unsigned window = r[byte];
  if (byte + 1 < rowBytes)
    window |= unsigned(r[byte + 1]) << 8;
  return (window >> (bit & 7)) & ((1u << bits) - 1);
}

/// Decodes vectors of codes into centroids in registers (see the file comment): a
/// permute of one or two table registers (per-tensor, <= 16 centroids), a tree of
/// two-table permutes and selects (512-bit, per-tensor, 17-256 centroids), or a
/// gather (per-channel centroids, flattened to [rows·k], plus a per-lane offset).
/// Codes may carry the next codes in their higher bits (words shifted right).
struct RegisterDecoder {
  int64_t lanes = 0, bits = 0;
  bool perChannel = false, usePermute = false, usePermuteTree = false, split = false;
  VectorType vf, vi;
  Value low, high, bit3, zeroI, flat, codeMask, allTrue;
  SmallVector<Value> pairLow, pairHigh, levelBit;
  StringAttr permute, permute2;

  /// `centroids`: the op's centroids operand, [k] or [rows, k].
  static FailureOr<RegisterDecoder> create(RewriterBase &rewriter, Location loc,
                                           unsigned vectorBits, int64_t bits, Value centroidsValue) {
    RegisterDecoder d;
    auto centroidType = cast<RankedTensorType>(centroidsValue.getType());
    d.lanes = vectorBits / 32;
    d.bits = bits;
    d.perChannel = centroidType.getRank() == 2;
    d.usePermute = !d.perChannel && bits <= 4;
    d.usePermuteTree = !d.perChannel && bits > 4 && vectorBits == 512;
    if (!centroidType.hasStaticShape() || centroidType.getNumElements() >= (int64_t(1) << 31))
      return failure();
    FailureOr<SmallVector<float>> centroids = SmallVector<float>();
    if ((d.usePermute || d.usePermuteTree) &&
        failed(centroids = getConstantFloatValues(centroidsValue)))
      return failure();
    int64_t lanes = d.lanes;
    Type f32 = rewriter.getF32Type(), i32 = rewriter.getI32Type();
    auto vf = d.vf = VectorType::get({lanes}, f32);
    auto vi = d.vi = VectorType::get({lanes}, i32);
    // Tables: one of `lanes` entries, table[i] = centroid[i mod 2^bits]; or, for 16
    // centroids on 8 lanes, the low and high halves.
    auto centroid = [&](int64_t i) { return i < int64_t(centroids->size()) ? (*centroids)[i] : 0.f; };
    d.split = d.usePermute && (int64_t(1) << bits) > lanes;
    auto table = [&](int64_t offset) -> Value {
      SmallVector<float> t;
      for (int64_t i = 0; i < lanes; ++i)
        t.push_back(centroid(d.split ? offset + i : i % (int64_t(1) << bits)));
      return arith::ConstantOp::create(rewriter, loc, DenseElementsAttr::get(vf, ArrayRef<float>(t)));
    };
    if (d.usePermute)
      d.low = table(0);
    if (d.split)
      d.high = table(lanes);
    d.permute = rewriter.getStringAttr(lanes == 16 ? "llvm.x86.avx512.permvar.sf.512"
                                                   : "llvm.x86.avx2.permps");
    if (d.split)
      d.bit3 = arith::ConstantOp::create(rewriter, loc, DenseElementsAttr::get(vi, int32_t(8)));
    d.zeroI = arith::ConstantOp::create(rewriter, loc, DenseElementsAttr::get(vi, int32_t(0)));
    if (d.usePermuteTree) {
      auto slice = [&](int64_t first) -> Value {
        SmallVector<float> t;
        for (int64_t i = 0; i < lanes; ++i)
          t.push_back(centroid(first + i));
        return arith::ConstantOp::create(rewriter, loc,
                                         DenseElementsAttr::get(vf, ArrayRef<float>(t)));
      };
      for (int64_t p = 0; p < (int64_t(1) << bits) / 32; ++p) {
        d.pairLow.push_back(slice(32 * p));
        d.pairHigh.push_back(slice(32 * p + 16));
      }
      for (int64_t b = 5; b < bits; ++b)
        d.levelBit.push_back(arith::ConstantOp::create(
            rewriter, loc, DenseElementsAttr::get(vi, int32_t(1) << b)));
    }
    d.permute2 = rewriter.getStringAttr("llvm.x86.avx512.vpermi2var.ps.512");
    // Gathers: codes masked to `bits`, plus the lane's row of per-channel centroids
    // (flattened to [rows·k]), from the centroids in memory.
    d.flat = centroidsValue;
    if (!d.usePermute && !d.usePermuteTree) {
      if (d.perChannel)
        d.flat = tensor::CollapseShapeOp::create(
            rewriter, loc, RankedTensorType::get({centroidType.getNumElements()}, f32), d.flat,
            SmallVector<ReassociationIndices>{{0, 1}});
      d.codeMask = arith::ConstantOp::create(
          rewriter, loc, DenseElementsAttr::get(vi, int32_t((int64_t(1) << bits) - 1)));
      d.allTrue = arith::ConstantOp::create(
          rewriter, loc, DenseElementsAttr::get(VectorType::get({lanes}, rewriter.getI1Type()), true));
    }
    return d;
  }

  /// The centroids of `code` (vector<lanes x i32>); `laneBase` (per-channel gathers
  /// only): each lane's row offset in the flattened centroids.
  Value decode(OpBuilder &b, Location l, Value code, Value laneBase) const {
    if (usePermuteTree) {
      // vpermi2ps reads the low 5 bits of each lane: centroid 32·p + (code mod 32).
      SmallVector<Value> level;
      for (size_t p = 0; p < pairLow.size(); ++p)
        level.push_back(LLVM::CallIntrinsicOp::create(b, l, vf, permute2,
                                                      ValueRange{pairLow[p], code, pairHigh[p]})
                            .getResult(0));
      for (Value bit : levelBit) {
        Value isHigh = arith::CmpIOp::create(b, l, arith::CmpIPredicate::ne,
                                             arith::AndIOp::create(b, l, code, bit), zeroI);
        SmallVector<Value> next;
        for (size_t i = 0; i + 1 < level.size(); i += 2)
          next.push_back(arith::SelectOp::create(b, l, isHigh, level[i + 1], level[i]));
        level = next;
      }
      return level.front();
    }
    if (!usePermute) {
      code = arith::AndIOp::create(b, l, code, codeMask);
      if (laneBase)
        code = arith::AddIOp::create(b, l, code, laneBase);
      Value zero = arith::ConstantOp::create(b, l, DenseElementsAttr::get(vf, 0.f));
      return vector::GatherOp::create(b, l, vf, flat, ValueRange{indexConst(b, l, 0)}, code,
                                      allTrue, zero);
    }
    Value lo = LLVM::CallIntrinsicOp::create(b, l, vf, permute, ValueRange{low, code}).getResult(0);
    if (!split)
      return lo;
    Value hi = LLVM::CallIntrinsicOp::create(b, l, vf, permute, ValueRange{high, code}).getResult(0);
    Value isHigh = arith::CmpIOp::create(b, l, arith::CmpIPredicate::ne,
                                         arith::AndIOp::create(b, l, code, bit3), zeroI);
    return arith::SelectOp::create(b, l, isHigh, hi, lo);
  }
};

struct CodebookMatmulToPermute : public OpConversionPattern<CodebookMatmulOp> {
  CodebookMatmulToPermute(MLIRContext *ctx, unsigned vectorBits)
      : OpConversionPattern(ctx, /*benefit=*/2), vectorBits(vectorBits) {}

  LogicalResult matchAndRewrite(CodebookMatmulOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    if (vectorBits != 256 && vectorBits != 512)
      return rewriter.notifyMatchFailure(op, "no vector permute / gather on this target");
    int64_t bits = int64_t(op.getBits());
    auto centroidType = cast<RankedTensorType>(adaptor.getCentroids().getType());
    bool perChannel = centroidType.getRank() == 2;
    // Permutes for shared codebooks (tables in registers), gathers otherwise.
    bool usePermuteTree = !perChannel && bits > 4 && vectorBits == 512;
    FailureOr<MatmulGeometry> g =
        matchStaticMatmul(rewriter, op, adaptor.getInput(), adaptor.getIndices());
    if (failed(g))
      return failure();
    FailureOr<SmallVector<uint8_t>> bytes = getConstantPackedBytes(adaptor.getIndices());
    if (failed(bytes))
      return rewriter.notifyMatchFailure(op, "indices are not a constant");

    Location loc = op.getLoc();
    const int64_t lanes = vectorBits / 32, m = g->m, k = g->k, n = g->n;
    const int64_t rowBytes = cast<RankedTensorType>(adaptor.getIndices().getType()).getDimSize(1);
    const int64_t perWord = 32 / bits, groups = (k + perWord - 1) / perWord;
    const int64_t fullGroups = k / perWord, tail = k % perWord;
    const int64_t nVectors = (n + lanes - 1) / lanes, nPadded = nVectors * lanes;
    // Registers: rows x unroll accumulators, unroll words and decoded vectors, the
    // tables (up to 16 for the tree: then 2 x 2).
    const int64_t rows = largestDivisorUpTo(m, usePermuteTree ? 2 : lanes == 16 ? 4 : 2);
    const int64_t unroll = largestDivisorUpTo(
        nVectors, usePermuteTree || (lanes == 8 && rows > 1) ? 2 : 4);

    // Repack the indices: words [nVectors, groups, lanes].
    std::vector<int32_t> words(size_t(nVectors * groups * lanes), 0);
    for (int64_t col = 0; col < n; ++col)
      for (int64_t e = 0; e < k; ++e) {
        uint32_t code = packedCode(*bytes, rowBytes, col, e, bits);
        size_t at = size_t(((col / lanes) * groups + e / perWord) * lanes + col % lanes);
        words[at] = int32_t(uint32_t(words[at]) | (code << ((e % perWord) * bits)));
      }
    auto wordsType = RankedTensorType::get({nVectors, groups, lanes}, rewriter.getI32Type());
    Value packed = arith::ConstantOp::create(
        rewriter, loc, DenseElementsAttr::get(wordsType, ArrayRef<int32_t>(words)));

    FailureOr<RegisterDecoder> decoder =
        RegisterDecoder::create(rewriter, loc, vectorBits, bits, adaptor.getCentroids());
    if (failed(decoder))
      return rewriter.notifyMatchFailure(op, "centroids: not a constant, or too many");
    Type f32 = rewriter.getF32Type(), i32 = rewriter.getI32Type();
    auto vf = decoder->vf, vi = decoder->vi;
    auto zeroFloats = [&](OpBuilder &b, Location l) -> Value {
      return arith::ConstantOp::create(b, l, DenseElementsAttr::get(vf, 0.f));
    };
    int64_t kc = centroidType.getShape().back();
    bool usePermute = decoder->usePermute || decoder->usePermuteTree;
    auto decode = [&](OpBuilder &b, Location l, Value code, Value laneBase) -> Value {
      return decoder->decode(b, l, code, laneBase);
    };

    Value input = adaptor.getInput();
    Value zeroF = zeroFloats(rewriter, loc);
    Value padI = arith::ConstantIntOp::create(rewriter, loc, i32, 0);
    // `steps` steps of k from group `grp` (an index), accumulating into `acc`
    // (rows x unroll, row-major).
    auto steps = [&](OpBuilder &b, Location l, Value grp, Value row0, Value vec0, int64_t count,
                     ArrayRef<Value> bases, ValueRange acc) {
      SmallVector<Value> sums(acc);
      SmallVector<Value> word;
      for (int64_t u = 0; u < unroll; ++u) {
        Value v = arith::AddIOp::create(b, l, vec0, indexConst(b, l, u));
        word.push_back(vector::TransferReadOp::create(b, l, vi, packed,
                                                      ValueRange{v, grp, indexConst(b, l, 0)},
                                                      padI, ArrayRef<bool>{true}));
      }
      Value k0 = arith::MulIOp::create(b, l, grp, indexConst(b, l, perWord));
      for (int64_t t = 0; t < count; ++t) {
        SmallVector<Value> w;
        for (int64_t u = 0; u < unroll; ++u) {
          Value code = word[u];
          if (t)
            code = arith::ShRUIOp::create(
                b, l, code,
                arith::ConstantOp::create(b, l, DenseElementsAttr::get(vi, int32_t(t * bits))));
          w.push_back(decode(b, l, code, bases[u]));
        }
        Value kk = arith::AddIOp::create(b, l, k0, indexConst(b, l, t));
        for (int64_t r = 0; r < rows; ++r) {
          Value row = arith::AddIOp::create(b, l, row0, indexConst(b, l, r));
          Value xs = tensor::ExtractOp::create(b, l, input, ValueRange{row, kk});
          Value xv = vector::BroadcastOp::create(b, l, vf, xs);
          for (int64_t u = 0; u < unroll; ++u) {
            Value &s = sums[r * unroll + u];
            s = arith::AddFOp::create(b, l, s, arith::MulFOp::create(b, l, xv, w[u]));
          }
        }
      }
      return sums;
    };

    Value out = tensor::EmptyOp::create(rewriter, loc, ArrayRef<int64_t>{m, nPadded}, f32);
    Value c0 = indexConst(rewriter, loc, 0), c1 = indexConst(rewriter, loc, 1);
    auto columnLoop = scf::ForOp::create(
        rewriter, loc, c0, indexConst(rewriter, loc, nVectors / unroll), c1, ValueRange{out},
        [&](OpBuilder &b, Location l, Value nb, ValueRange outIter) {
          Value vec0 = arith::MulIOp::create(b, l, nb, indexConst(b, l, unroll));
          // Per-channel gathers: lane j of vector u reads row min(col, N - 1) of the
          // centroids (padded columns have code 0 and are dropped).
          SmallVector<Value> bases(unroll, Value());
          if (!usePermute && perChannel) {
            SmallVector<int32_t> iota;
            for (int64_t j = 0; j < lanes; ++j)
              iota.push_back(int32_t(j));
            Value lane = arith::ConstantOp::create(b, l, DenseElementsAttr::get(vi, ArrayRef<int32_t>(iota)));
            for (int64_t u = 0; u < unroll; ++u) {
              Value first = arith::MulIOp::create(
                  b, l, arith::AddIOp::create(b, l, vec0, indexConst(b, l, u)),
                  indexConst(b, l, lanes));
              first = arith::IndexCastOp::create(b, l, i32, first);
              Value col = arith::AddIOp::create(b, l, vector::BroadcastOp::create(b, l, vi, first),
                                                lane);
              col = arith::MinUIOp::create(
                  b, l, col,
                  arith::ConstantOp::create(b, l, DenseElementsAttr::get(vi, int32_t(n - 1))));
              bases[u] = arith::MulIOp::create(
                  b, l, col, arith::ConstantOp::create(b, l, DenseElementsAttr::get(vi, int32_t(kc))));
            }
          }
          // The block's own columns [0, m) x [vec0·V, (vec0 + unroll)·V): a slice per
          // iteration (compress-parallelize-tiles runs such loops on threads).
          SmallVector<OpFoldResult> tileOffsets = {
              b.getIndexAttr(0), OpFoldResult(arith::MulIOp::create(b, l, vec0, indexConst(b, l, lanes)).getResult())};
          SmallVector<OpFoldResult> tileSizes = {b.getIndexAttr(m), b.getIndexAttr(unroll * lanes)};
          SmallVector<OpFoldResult> unitStrides(2, b.getIndexAttr(1));
          Value tile = tensor::ExtractSliceOp::create(
              b, l, RankedTensorType::get({m, unroll * lanes}, f32), outIter[0], tileOffsets,
              tileSizes, unitStrides);
          auto rowLoop = scf::ForOp::create(
              b, l, indexConst(b, l, 0), indexConst(b, l, m / rows), indexConst(b, l, 1),
              ValueRange{tile}, [&](OpBuilder &b, Location l, Value mb, ValueRange rowIter) {
                Value row0 = arith::MulIOp::create(b, l, mb, indexConst(b, l, rows));
                SmallVector<Value> init(rows * unroll, zeroF);
                SmallVector<Value> acc = init;
                if (fullGroups > 0) {
                  auto kLoop = scf::ForOp::create(
                      b, l, indexConst(b, l, 0), indexConst(b, l, fullGroups), indexConst(b, l, 1),
                      init, [&](OpBuilder &b, Location l, Value grp, ValueRange accIter) {
                        scf::YieldOp::create(b, l, steps(b, l, grp, row0, vec0, perWord, bases, accIter));
                      });
                  acc = SmallVector<Value>(kLoop.getResults());
                }
                if (tail)
                  acc = steps(b, l, indexConst(b, l, fullGroups), row0, vec0, tail, bases, acc);
                Value res = rowIter[0];
                for (int64_t r = 0; r < rows; ++r)
                  for (int64_t u = 0; u < unroll; ++u) {
                    Value row = arith::AddIOp::create(b, l, row0, indexConst(b, l, r));
                    Value col = indexConst(b, l, u * lanes);
                    res = vector::TransferWriteOp::create(b, l, acc[r * unroll + u], res,
                                                          ValueRange{row, col},
                                                          ArrayRef<bool>{true})
                              .getResult();
                  }
                scf::YieldOp::create(b, l, res);
              });
          scf::YieldOp::create(b, l,
                               tensor::InsertSliceOp::create(b, l, rowLoop.getResult(0), outIter[0],
                                                             tileOffsets, tileSizes, unitStrides)
                                   .getResult());
        });
    columnLoop->setAttr("compress.parallel_tile", rewriter.getI64IntegerAttr(m * k * n));
    Value product = columnLoop.getResult(0);
    if (nPadded != n)
      product = tensor::ExtractSliceOp::create(
          rewriter, loc, RankedTensorType::get({m, n}, f32), product, ValueRange{}, ValueRange{},
          ValueRange{}, rewriter.getDenseI64ArrayAttr({0, 0}), rewriter.getDenseI64ArrayAttr({m, n}),
          rewriter.getDenseI64ArrayAttr({1, 1}));
    Value y = buildTosaMatmul(
        rewriter, loc, input, adaptor.getBias(), op.getType(), [&](Value, Value) -> Value {
          return tensor::ExpandShapeOp::create(rewriter, loc,
                                               RankedTensorType::get({1, m, n}, f32), product,
                                               SmallVector<ReassociationIndices>{{0, 1}, {2}});
        });
    rewriter.replaceOp(op, y);
    return success();
  }

  unsigned vectorBits;
};

/// Ungrouped codebook_conv2d with constant indices on 256/512-bit targets: the same
/// lowering as CodebookConv2DToDense (decode to OHWI, then tosa.conv2d), but the
/// decode is a vector loop with the register decoder instead of a scalar
/// linalg.generic: the indices are repacked at compile time into i32 words
/// [F, G, V] (G = ⌈R / (P·V)⌉, R = KH·KW·C), word (f, g, j) holding the codes of
/// weights g·P·V + t·V + j (t < P) of filter f, so that step t of a word decodes V
/// consecutive weights of the row, written with one vector store. The decoded
/// weight is the same tensor as before (bit-identical results).
struct CodebookConv2DDecodeVector : public OpConversionPattern<CodebookConv2DOp> {
  CodebookConv2DDecodeVector(MLIRContext *ctx, unsigned vectorBits)
      : OpConversionPattern(ctx, /*benefit=*/2), vectorBits(vectorBits) {}

  LogicalResult matchAndRewrite(CodebookConv2DOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    if (vectorBits != 256 && vectorBits != 512)
      return rewriter.notifyMatchFailure(op, "no vector permute / gather on this target");
    FailureOr<StaticConvGeometry> g =
        matchStaticConv(rewriter, op, adaptor.getInput(), adaptor.getIndices());
    if (failed(g))
      return failure();
    if (g->groups != 1)
      return rewriter.notifyMatchFailure(op, "grouped or depthwise conv");
    FailureOr<SmallVector<uint8_t>> bytes = getConstantPackedBytes(adaptor.getIndices());
    if (failed(bytes))
      return rewriter.notifyMatchFailure(op, "indices are not a constant");
    Location loc = op.getLoc();
    int64_t bits = int64_t(op.getBits());
    FailureOr<RegisterDecoder> decoder =
        RegisterDecoder::create(rewriter, loc, vectorBits, bits, adaptor.getCentroids());
    if (failed(decoder))
      return rewriter.notifyMatchFailure(op, "centroids: not a constant, or too many");
    const int64_t lanes = decoder->lanes, f = g->f, r = g->kh * g->kw * g->c;
    const int64_t rowBytes = cast<RankedTensorType>(adaptor.getIndices().getType()).getDimSize(1);
    if (f % lanes == 0 && f > lanes) {
      rewriter.replaceOp(op, decodeFilterBlocks(rewriter, op, adaptor, *g, *bytes, *decoder));
      return success();
    }
    const int64_t perWord = 32 / bits, span = perWord * lanes, groups = (r + span - 1) / span;
    const int64_t kc = cast<RankedTensorType>(adaptor.getCentroids().getType()).getShape().back();
    std::vector<int32_t> words(size_t(f * groups * lanes), 0);
    for (int64_t row = 0; row < f; ++row)
      for (int64_t e = 0; e < r; ++e) {
        uint32_t code = packedCode(*bytes, rowBytes, row, e, bits);
        int64_t t = (e % span) / lanes;
        size_t at = size_t((row * groups + e / span) * lanes + e % lanes);
        words[at] = int32_t(uint32_t(words[at]) | (code << (t * bits)));
      }
    auto wordsType = RankedTensorType::get({f, groups, lanes}, rewriter.getI32Type());
    Value packed = arith::ConstantOp::create(
        rewriter, loc, DenseElementsAttr::get(wordsType, ArrayRef<int32_t>(words)));
    Type f32 = rewriter.getF32Type(), i32 = rewriter.getI32Type();
    VectorType vi = decoder->vi;
    Value padI = arith::ConstantIntOp::create(rewriter, loc, i32, 0);
    Value out = tensor::EmptyOp::create(rewriter, loc, ArrayRef<int64_t>{f, groups * span}, f32);
    Value c0 = indexConst(rewriter, loc, 0), c1 = indexConst(rewriter, loc, 1);
    auto rowLoop = scf::ForOp::create(
        rewriter, loc, c0, indexConst(rewriter, loc, f), c1, ValueRange{out},
        [&](OpBuilder &b, Location l, Value row, ValueRange rowIter) {
          Value laneBase;
          if (decoder->perChannel && !decoder->usePermute && !decoder->usePermuteTree) {
            Value base = arith::MulIOp::create(b, l, row, indexConst(b, l, kc));
            base = arith::IndexCastOp::create(b, l, i32, base);
            laneBase = vector::BroadcastOp::create(b, l, vi, base);
          }
          auto groupLoop = scf::ForOp::create(
              b, l, indexConst(b, l, 0), indexConst(b, l, groups), indexConst(b, l, 1),
              ValueRange{rowIter[0]}, [&](OpBuilder &b, Location l, Value grp, ValueRange iter) {
                Value word = vector::TransferReadOp::create(
                    b, l, vi, packed, ValueRange{row, grp, indexConst(b, l, 0)}, padI,
                    ArrayRef<bool>{true});
                Value e0 = arith::MulIOp::create(b, l, grp, indexConst(b, l, span));
                Value res = iter[0];
                for (int64_t t = 0; t < perWord; ++t) {
                  Value code = word;
                  if (t)
                    code = arith::ShRUIOp::create(
                        b, l, code,
                        arith::ConstantOp::create(b, l,
                                                  DenseElementsAttr::get(vi, int32_t(t * bits))));
                  Value w = decoder->decode(b, l, code, laneBase);
                  Value e = arith::AddIOp::create(b, l, e0, indexConst(b, l, t * lanes));
                  res = vector::TransferWriteOp::create(b, l, w, res, ValueRange{row, e},
                                                        ArrayRef<bool>{true})
                            .getResult();
                }
                scf::YieldOp::create(b, l, res);
              });
          scf::YieldOp::create(b, l, groupLoop.getResults());
        });
    Value decoded = rowLoop.getResult(0);
    if (groups * span != r)
      decoded = tensor::ExtractSliceOp::create(
          rewriter, loc, RankedTensorType::get({f, r}, f32), decoded, ValueRange{}, ValueRange{},
          ValueRange{}, rewriter.getDenseI64ArrayAttr({0, 0}), rewriter.getDenseI64ArrayAttr({f, r}),
          rewriter.getDenseI64ArrayAttr({1, 1}));
    Value w = tensor::ExpandShapeOp::create(
        rewriter, loc, RankedTensorType::get({f, g->kh, g->kw, g->c}, f32), decoded,
        SmallVector<ReassociationIndices>{{0}, {1, 2, 3}});
    SmallVector<int64_t> padding(g->pad);
    Value input = trimForStride(rewriter, loc, adaptor.getInput(), g->kh, g->kw, g->stride,
                                g->dilation, padding);
    Value zp = tosaZeros(rewriter, loc, {1});
    Value result = tosa::Conv2DOp::create(rewriter, loc, op.getType(), input, w, adaptor.getBias(),
                                          zp, zp, padding, g->stride, g->dilation, f32);
    rewriter.replaceOp(op, result);
    return success();
  }

  /// F a multiple of the lanes V (> V): decode into the packed filter layout
  /// [F/V, KH, KW, C, V] that compress-vectorize-convs' tiles read (V consecutive
  /// output channels innermost), from words [F/V, ⌈R/P⌉, V] (the FC kernel's layout
  /// with the output channels as columns and r = (i·KW + j)·C + c as k): step t of word
  /// (b, g) is row g·P + t of block b, one vector store. The loop over blocks carries
  /// `compress.filter_blocks` (its body decodes one block: an extract_slice of the
  /// loop-carried packed tensor, the row loop, an insert_slice back) so that
  /// compress-vectorize-convs can move the body into the conv's output-channel tile
  /// loop (lib/DenseCodegen/BlockDecodedFilter.cpp); the OHWI weight tosa.conv2d takes
  /// is this tensor transposed back (a copy it folds away when it does so).
  Value decodeFilterBlocks(ConversionPatternRewriter &rewriter, CodebookConv2DOp op,
                           OpAdaptor adaptor, const StaticConvGeometry &g,
                           ArrayRef<uint8_t> bytes, const RegisterDecoder &decoder) const {
    Location loc = op.getLoc();
    const int64_t lanes = decoder.lanes, f = g.f, r = g.kh * g.kw * g.c, bits = decoder.bits;
    const int64_t rowBytes = cast<RankedTensorType>(adaptor.getIndices().getType()).getDimSize(1);
    const int64_t perWord = 32 / bits, groups = (r + perWord - 1) / perWord;
    const int64_t fullGroups = r / perWord, tail = r % perWord, blocks = f / lanes;
    const int64_t kc = cast<RankedTensorType>(adaptor.getCentroids().getType()).getShape().back();
    std::vector<int32_t> words(size_t(blocks * groups * lanes), 0);
    for (int64_t col = 0; col < f; ++col)
      for (int64_t e = 0; e < r; ++e) {
        uint32_t code = packedCode(bytes, rowBytes, col, e, bits);
        size_t at = size_t(((col / lanes) * groups + e / perWord) * lanes + col % lanes);
        words[at] = int32_t(uint32_t(words[at]) | (code << ((e % perWord) * bits)));
      }
    auto wordsType = RankedTensorType::get({blocks, groups, lanes}, rewriter.getI32Type());
    Value packed = arith::ConstantOp::create(
        rewriter, loc, DenseElementsAttr::get(wordsType, ArrayRef<int32_t>(words)));
    Type f32 = rewriter.getF32Type(), i32 = rewriter.getI32Type();
    VectorType vi = decoder.vi;
    Value padI = arith::ConstantIntOp::create(rewriter, loc, i32, 0);
    auto blockType = RankedTensorType::get({r, lanes}, f32);
    Value init = tensor::EmptyOp::create(rewriter, loc, ArrayRef<int64_t>{blocks, r, lanes}, f32);
    auto one = [&](OpBuilder &b, int64_t n) { return SmallVector<OpFoldResult>(n, b.getIndexAttr(1)); };
    auto blockLoop = scf::ForOp::create(
        rewriter, loc, indexConst(rewriter, loc, 0), indexConst(rewriter, loc, blocks),
        indexConst(rewriter, loc, 1), ValueRange{init},
        [&](OpBuilder &b, Location l, Value blk, ValueRange iter) {
          SmallVector<OpFoldResult> offsets = {blk, b.getIndexAttr(0), b.getIndexAttr(0)};
          SmallVector<OpFoldResult> sizes = {b.getIndexAttr(1), b.getIndexAttr(r),
                                             b.getIndexAttr(lanes)};
          Value block = tensor::ExtractSliceOp::create(b, l, blockType, iter[0], offsets, sizes,
                                                       one(b, 3));
          Value laneBase;
          if (decoder.perChannel && !decoder.usePermute && !decoder.usePermuteTree) {
            // Lane j reads the centroids of output channel blk·V + j.
            SmallVector<int32_t> iota;
            for (int64_t j = 0; j < lanes; ++j)
              iota.push_back(int32_t(j * kc));
            Value first = arith::MulIOp::create(b, l, blk, indexConst(b, l, lanes * kc));
            first = arith::IndexCastOp::create(b, l, i32, first);
            laneBase = arith::AddIOp::create(
                b, l, vector::BroadcastOp::create(b, l, vi, first),
                arith::ConstantOp::create(b, l, DenseElementsAttr::get(vi, ArrayRef<int32_t>(iota))));
          }
          // `count` rows from word group `grp`.
          auto steps = [&](OpBuilder &b, Location l, Value grp, int64_t count, Value res) {
            Value word = vector::TransferReadOp::create(
                b, l, vi, packed, ValueRange{blk, grp, indexConst(b, l, 0)}, padI,
                ArrayRef<bool>{true});
            Value row0 = arith::MulIOp::create(b, l, grp, indexConst(b, l, perWord));
            for (int64_t t = 0; t < count; ++t) {
              Value code = word;
              if (t)
                code = arith::ShRUIOp::create(
                    b, l, code,
                    arith::ConstantOp::create(b, l, DenseElementsAttr::get(vi, int32_t(t * bits))));
              Value w = decoder.decode(b, l, code, laneBase);
              Value row = arith::AddIOp::create(b, l, row0, indexConst(b, l, t));
              res = vector::TransferWriteOp::create(b, l, w, res,
                                                    ValueRange{row, indexConst(b, l, 0)},
                                                    ArrayRef<bool>{true})
                        .getResult();
            }
            return res;
          };
          if (fullGroups > 0)
            block = scf::ForOp::create(
                        b, l, indexConst(b, l, 0), indexConst(b, l, fullGroups),
                        indexConst(b, l, 1), ValueRange{block},
                        [&](OpBuilder &b, Location l, Value grp, ValueRange rowIter) {
                          scf::YieldOp::create(b, l, steps(b, l, grp, perWord, rowIter[0]));
                        })
                        .getResult(0);
          if (tail)
            block = steps(b, l, indexConst(b, l, fullGroups), tail, block);
          Value res = tensor::InsertSliceOp::create(b, l, block, iter[0], offsets, sizes, one(b, 3));
          scf::YieldOp::create(b, l, res);
        });
    blockLoop->setAttr("compress.filter_blocks", rewriter.getUnitAttr());
    // Independent blocks, each written through its own slice: parallel when the
    // decode is not moved into the conv's tiles.
    blockLoop->setAttr("compress.parallel_tile", rewriter.getI64IntegerAttr(f * r));
    // [F/V, R, V] -> [F/V, KH, KW, C, V] -> [F/V, V, KH, KW, C] -> OHWI [F, KH, KW, C].
    Value packedFilter = tensor::ExpandShapeOp::create(
        rewriter, loc, RankedTensorType::get({blocks, g.kh, g.kw, g.c, lanes}, f32),
        blockLoop.getResult(0), SmallVector<ReassociationIndices>{{0}, {1, 2, 3}, {4}});
    Value transposeInit =
        tensor::EmptyOp::create(rewriter, loc, ArrayRef<int64_t>{blocks, lanes, g.kh, g.kw, g.c}, f32);
    Value transposed = linalg::TransposeOp::create(rewriter, loc, packedFilter, transposeInit,
                                                   ArrayRef<int64_t>{0, 4, 1, 2, 3})
                           .getResult()[0];
    Value w = tensor::CollapseShapeOp::create(
        rewriter, loc, RankedTensorType::get({f, g.kh, g.kw, g.c}, f32), transposed,
        SmallVector<ReassociationIndices>{{0, 1}, {2}, {3}, {4}});
    SmallVector<int64_t> padding(g.pad);
    Value input = trimForStride(rewriter, loc, adaptor.getInput(), g.kh, g.kw, g.stride,
                                g.dilation, padding);
    Value zp = tosaZeros(rewriter, loc, {1});
    return tosa::Conv2DOp::create(rewriter, loc, op.getType(), input, w, adaptor.getBias(), zp,
                                  zp, padding, g.stride, g.dilation, f32);
  }

  unsigned vectorBits;
};

/// The kernel's permutes are llvm.call_intrinsic ops, created on tensors: buffer
/// deallocation rejects ops without MemoryEffectOpInterface. The x86 permutes
/// (vpermps) have no memory effects; every other intrinsic is declared to read and
/// write any memory (the conservative answer).
struct CallIntrinsicMemoryEffects
    : public MemoryEffectOpInterface::ExternalModel<CallIntrinsicMemoryEffects,
                                                    LLVM::CallIntrinsicOp> {
  void getEffects(Operation *op,
                  SmallVectorImpl<SideEffects::EffectInstance<MemoryEffects::Effect>> &effects)
      const {
    StringRef name = cast<LLVM::CallIntrinsicOp>(op).getIntrin();
    if (name == "llvm.x86.avx512.permvar.sf.512" || name == "llvm.x86.avx2.permps" ||
        name == "llvm.x86.avx512.vpermi2var.ps.512")
      return;
    effects.emplace_back(MemoryEffects::Read::get());
    effects.emplace_back(MemoryEffects::Write::get());
  }
};

} // namespace

void mlir::compress::registerCodebookKernelInterfaces(DialectRegistry &registry) {
  registry.addExtension(+[](MLIRContext *ctx, LLVM::LLVMDialect *) {
    LLVM::CallIntrinsicOp::attachInterface<CallIntrinsicMemoryEffects>(*ctx);
  });
}

void mlir::compress::populateCodebookKernelPatterns(RewritePatternSet &patterns,
                                                    unsigned vectorBits) {
  patterns.add<CodebookMatmulToPermute, CodebookConv2DDecodeVector>(patterns.getContext(),
                                                                    vectorBits);
}
