//===- CompressSparsify.cpp - mostly-zero constant weights into CSR sparse ops ===//
//
// The zeros already in a constant conv/matmul weight (pruned in training or by
// compress-prune) become compress.sparse_conv2d / sparse_matmul holding the weight
// as compressed sparse rows (compress/Algorithms/CSR.h) over the reduction axis. Layers
// below the break-even sparsity (min-sparsity, or by default each layer's from the cost
// model of compress/Compression/SparseCostModel.h) stay dense, with a remark saying why.
//
//===----------------------------------------------------------------------===//
#include "compress/Dialect/Compress/IR/CompressOps.h"
#include "compress/Compression/LayerCompression.h"
#include "compress/Compression/Passes.h"
#include "compress/Algorithms/CSR.h"
#include "compress/Compression/SparseCostModel.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/PatternMatch.h"
#include "llvm/Support/FormatVariadic.h"

namespace mlir::compress {
#define GEN_PASS_DEF_COMPRESSSPARSIFY
#include "compress/Compression/Passes.h.inc"
} // namespace mlir::compress

using namespace mlir;
using namespace mlir::compress;

namespace {

struct CSRValues {
  Value values, colIndices, rowOffsets;
};

CSRValues materialize(IRRewriter &rewriter, Location loc, const CSRMatrix &csr) {
  auto i32 = rewriter.getI32Type();
  auto nnzI = RankedTensorType::get({csr.nnz()}, i32);
  auto rowsI = RankedTensorType::get({csr.rows + 1}, i32);
  CSRValues v;
  v.values = f32Constant(rewriter, loc, {csr.nnz()}, csr.values);
  v.colIndices = arith::ConstantOp::create(
      rewriter, loc, DenseElementsAttr::get(nnzI, ArrayRef<int32_t>(csr.colIndices)));
  v.rowOffsets = arith::ConstantOp::create(
      rewriter, loc, DenseElementsAttr::get(rowsI, ArrayRef<int32_t>(csr.rowOffsets)));
  return v;
}

struct CompressSparsifyPass
    : public compress::impl::CompressSparsifyBase<CompressSparsifyPass> {
  using CompressSparsifyBase::CompressSparsifyBase;

  void runOnOperation() override;

private:
  /// The CSR of the layer's weights, or failure (with a remark) when the layer is
  /// below min-sparsity or, when that is negative (the default), below its
  /// break-even from the cost model; `why` is then set to the cost model's estimate.
  FailureOr<CSRMatrix> build(const LayerWeight &layer, std::string &why);
  /// The layer record + remark on the new op (exact: rel_error 0 against the weights
  /// it replaced, which composes with a compress-prune record); `outputPoints` =
  /// batch · output pixels (conv) or M (matmul); `why`: the cost model's estimate
  /// that decided, or empty.
  void annotate(Operation *newOp, StringRef layer, const CSRMatrix &csr, double weightNorm,
                int64_t outputPoints, StringRef why);

  /// Rewrites a conv, depthwise conv or matmul into a sparse op; failure (the layer
  /// stays dense, a remark says why) when it does not qualify or is not sparse enough.
  LogicalResult rewrite(Operation *op, IRRewriter &rewriter);
  /// Leaves a layer dense, saying why (a warning when the layer was named).
  LogicalResult skip(Operation *op, StringRef layer, const Twine &why) {
    return skipLayer(op, "sparsify", layer, why, !layers.empty());
  }
};

FailureOr<CSRMatrix> CompressSparsifyPass::build(const LayerWeight &layer, std::string &why) {
  CSRMatrix csr = buildCSR(layer.weight, layer.rows, layer.rowSize);
  if (minSparsity >= 0.0) {
    if (csr.sparsity() < minSparsity) {
      (void)skip(layer.op, layer.name,
                 llvm::formatv("sparsity {0:F2} below min-sparsity {1:F2}", csr.sparsity(),
                               double(minSparsity)));
      return failure();
    }
    return csr;
  }
  SparseBreakEven breakEven = sparseBreakEven(layer);
  why = llvm::formatv("break-even {0:F2}: {1}", breakEven.sparsity, breakEven.reason).str();
  if (csr.sparsity() < breakEven.sparsity) {
    (void)skip(layer.op, layer.name,
               llvm::formatv("sparsity {0:F2} below the cost model's {1} (min-sparsity "
                             "overrides)",
                             csr.sparsity(), why));
    return failure();
  }
  return csr;
}

void CompressSparsifyPass::annotate(Operation *newOp, StringRef layer, const CSRMatrix &csr,
                                    double weightNorm, int64_t outputPoints,
                                    StringRef why) {
  std::string params = llvm::formatv("sparsity={0:F2}", csr.sparsity()).str();
  CompressInfo info;
  info.method = "sparse";
  info.params = params;
  info.weightBytesBefore = csr.rows * csr.cols * 4;
  info.weightBytesAfter = csr.bytes();
  info.macsBefore = csr.rows * csr.cols * outputPoints;
  info.macsAfter = csr.nnz() * outputPoints;
  info.weightNorm = weightNorm;
  info.remarkDetail = llvm::formatv("nnz {0} of {1}", csr.nnz(), csr.rows * csr.cols).str();
  if (!why.empty())
    info.remarkDetail += (" (cost model: " + why + ")").str();
  attachCompressInfo(newOp, "sparsify", layer, info);
}

LogicalResult CompressSparsifyPass::rewrite(Operation *op, IRRewriter &rewriter) {
  std::string whyNot;
  FailureOr<LayerWeight> layer = matchLayerWeight(op, whyNot);
  if (failed(layer))
    return skip(op, layerName(op), whyNot);
  std::string why;
  FailureOr<CSRMatrix> csr = build(*layer, why);
  if (failed(csr))
    return failure();
  rewriter.setInsertionPoint(op);
  Location loc = op->getLoc();
  CSRValues v = materialize(rewriter, loc, *csr);
  Value bias = materializeBias(rewriter, *layer);
  Operation *newOp = replaceLayerWith(
      rewriter, *layer, layer->input, [&](Value input, RankedTensorType type) -> Operation * {
        if (layer->isMatmul())
          return SparseMatmulOp::create(rewriter, loc, type, input, v.values, v.colIndices,
                                        v.rowOffsets, bias);
        return SparseConv2DOp::create(rewriter, loc, type, input, v.values, v.colIndices,
                                      v.rowOffsets, bias,
                                      ArrayRef<int64_t>{layer->kernelH(), layer->kernelW()},
                                      layer->stride, layer->pad, layer->dilation,
                                      uint64_t(layer->groups));
      });
  annotate(newOp, layer->name, *csr, frobeniusNorm(layer->weight), layer->outputPoints, why);
  return success();
}

void CompressSparsifyPass::runOnOperation() {
  warnUnknownLayerNames(getOperation(), *layers, getArgument());
  if (!((minSparsity >= 0.0 && minSparsity <= 1.0) || minSparsity == -1.0)) {
    emitError(getOperation().getLoc())
        << "compress-sparsify: min-sparsity must be in [0, 1] (or -1: the per-layer cost "
           "model), got "
        << double(minSparsity);
    return signalPassFailure();
  }
  IRRewriter rewriter(&getContext());
  for (Operation *op : collectLayers(getOperation(), *layers)) {
    // Failures are skips with a remark (a warning for a named layer): the layer stays dense.
    (void)rewrite(op, rewriter);
  }
}

} // namespace
