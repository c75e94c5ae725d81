//===- LayerCompression.h - the framework of a pass that compresses layers -*- C++ -*-===//
//
// What every compression pass (compress-codebook, -lowrank, -sparsify, -prune,
// -binarize) does to a layer, in one place:
//
//   collectLayers(root, layers)          the tosa.conv2d / depthwise_conv2d / matmul
//                                        ops to consider (the `layers=` filter), after
//   verifyLayerNames(root, layers, ...)  has refused or warned (warnUnknownLayerNames,
//                                        in the passes) about unknown names;
//   matchLayerWeight(op, whyNot)         its constant f32 weight in the compress
//                                        layout (OHWI / [N, K]) and geometry, or why not;
//   skipLayer(op, pass, name, why, ...)  the remark (or warning, for a named layer)
//                                        for a layer left alone;
//   replaceLayerWith(rewriter, layer, input, build)
//                                        the compress op in its place (NHWC / [M, K]
//                                        in, the layer's result type out);
//   attachCompressInfo(op, pass, name, info)
//                                        its #compress.layer record (recordLayer, the
//                                        one writer) and the remark.
//
// Depends on the TOSA, tensor and compress dialects; the dialect's IR library does
// not depend on it.
//
#ifndef COMPRESS_COMPRESSION_LAYERCOMPRESSION_H
#define COMPRESS_COMPRESSION_LAYERCOMPRESSION_H

#include "compress/Dialect/Compress/IR/CompressUtils.h"

#include "mlir/IR/Operation.h"
#include "mlir/IR/Value.h"
#include "mlir/Support/LLVM.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/Twine.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mlir {
class OpBuilder;
class RewriterBase;
} // namespace mlir

namespace mlir::compress {

/// The compression passes' `layers=` filter: for every requested name that no
/// tosa.conv2d / tosa.depthwise_conv2d / tosa.matmul layer under `root` carries (a
/// misspelt name would otherwise compress nothing, silently), emits a diagnostic on
/// `root` listing a few of the names that exist; `what` names the option. The passes
/// warn (with -split-input-file a name may belong to another chunk); compress-compile
/// makes it an error. Fails when a name is unknown.
LogicalResult verifyLayerNames(Operation *root, ArrayRef<std::string> requested,
                               StringRef what, bool asError);

/// The start of every compression pass: verifyLayerNames for its `layers` option
/// (`pass` the pass argument), as warnings. An unknown name only warns here: with
/// -split-input-file it may name a layer of another chunk. compress-compile turns it
/// into an error before running the pass.
void warnUnknownLayerNames(Operation *root, ArrayRef<std::string> layers, StringRef pass);

/// Reports a layer a compression pass leaves uncompressed, as
/// "<pass>: skipped layer '<layer>': <why>" on `op`. A remark when the pass chose
/// the layer itself (no `layers=` list: skipping is its policy, shown with
/// --remarks); a warning when the user named the layer (`named`: a `layers=` list,
/// compress-compile --*-layers), since the request was then not honoured. Returns
/// failure, for `return skipLayer(...)`.
LogicalResult skipLayer(Operation *op, StringRef pass, StringRef layer, const llvm::Twine &why,
                        bool named);

//===----------------------------------------------------------------------===//
// Layers the compression passes rewrite
//===----------------------------------------------------------------------===//

/// The tosa.conv2d / tosa.depthwise_conv2d / tosa.matmul ops under `root`, in walk
/// (program) order; when `names` is not empty, only those whose layerName is in it
/// (the passes' `layers=` option).
SmallVector<Operation *> collectLayers(Operation *root, ArrayRef<std::string> names = {});

/// The three TOSA ops the compression passes rewrite.
enum class LayerKind { Conv2D, DepthwiseConv2D, Matmul };

/// A tosa.conv2d / tosa.depthwise_conv2d / tosa.matmul whose weight is a constant f32
/// tensor, with the weight in the compress dialect's layout (F rows of `rowSize`
/// weights, one row per output channel, in the op's reduction order):
///  * conv2d: the TOSA weight is already OHWI [F, kh, kw, C]; groups = 1.
///  * depthwise_conv2d: the TOSA weight [kh, kw, C, M] reordered by depthwiseToOHWI
///    to OHWI [C·M, kh, kw, 1] of the grouped conv with groups = C.
///  * matmul A[1, M, K] × B[1, K, N]: W[N, K] = Bᵀ (transposeToNK); groups = 1.
struct LayerWeight {
  LayerKind kind = LayerKind::Conv2D;
  Operation *op = nullptr;
  /// layerName(op): the ONNX node name, or "".
  std::string name;
  /// The activation operand: NHWC [N, H, W, C] for a conv, A [1, M, K] for a matmul.
  Value input;
  /// The op's result type: NHWC [N, OH, OW, F] for a conv, [1, M, N] for a matmul.
  RankedTensorType resultType;
  /// The weight in compress layout (see above), F·rowSize floats, row-major.
  std::vector<float> weight;
  /// Its shape: OHWI [F, kh, kw, C/groups] for a conv, [N, K] for a matmul.
  SmallVector<int64_t, 4> weightShape;
  /// F (output channels) for a conv, N for a matmul: the number of weight rows.
  int64_t rows = 0;
  /// kh·kw·(C/groups) for a conv, K for a matmul: the weights per row.
  int64_t rowSize = 0;
  /// 1 for conv2d and matmul, C for depthwise_conv2d.
  int64_t groups = 1;
  /// Conv geometry, as in TOSA: stride [sh, sw], pad [top, bottom, left, right],
  /// dilation [dh, dw]. Empty for a matmul.
  SmallVector<int64_t, 4> stride, pad, dilation;
  /// Positions each weight row is applied at: N·OH·OW for a conv, M for a matmul
  /// (MACs of the dense layer = outputPoints · rows · rowSize).
  int64_t outputPoints = 0;
  /// The conv's bias operand when it has F elements (it may be any f32 value); null
  /// when the bias is the one-element constant `biasFill` broadcast (TOSA allows
  /// [1]) and for a matmul (TOSA matmul has no bias: biasFill = 0).
  Value bias;
  float biasFill = 0.0f;

  bool isMatmul() const { return kind == LayerKind::Matmul; }
  /// kh and kw of a conv (weightShape[1], weightShape[2]).
  int64_t kernelH() const { return weightShape[1]; }
  int64_t kernelW() const { return weightShape[2]; }
};

/// Matches `op` as a layer a compression pass can rewrite. Failure (with `whyNot` set
/// to the reason, for the pass's "skipped layer" remark) when `op` is none of the
/// three ops, or, checked in this order:
///  * "not f32 with static shapes": an activation, weight, bias or result is not a
///    statically shaped f32 ranked tensor;
///  * "zero point is not a constant 0": a zero point is not a constant, or not 0;
///  * "weight is not a constant": the weight is not a constant (or is a dense_resource
///    whose blob is not available);
///  * "batched matmul (batch != 1)": a matmul whose A or B has batch ≠ 1;
///  * "bias is neither per-channel nor a constant scalar": a conv bias with neither F
///    elements nor a single constant element.
/// Emits nothing; creates no IR.
FailureOr<LayerWeight> matchLayerWeight(Operation *op, std::string &whyNot);

/// The bias of F = layer.rows elements the compress ops take, created at the
/// builder's insertion point: layer.bias when set, else a constant splat of
/// layer.biasFill (zeros for a matmul).
Value materializeBias(OpBuilder &builder, const LayerWeight &layer);

/// An arith.constant f32 tensor of `shape` holding `values` (row-major), the form
/// in which the passes emit the compressed weights.
Value f32Constant(OpBuilder &builder, Location loc, ArrayRef<int64_t> shape,
                  ArrayRef<float> values);

/// Replaces layer.op by the compress op `build` creates at the rewriter's insertion
/// point, and returns that op. `input` replaces the activation (layer.input itself,
/// or e.g. the x of a sign pattern feeding it) and has layer.input's type.
///  * conv: build(input, layer.resultType); the op's result replaces layer.op.
///  * matmul: the compress matmul ops are 2-D, so the layer becomes
///      a2 = tensor.collapse_shape input [[0, 1], [2]]   : [1, M, K] -> [M, K]
///      y2 = build(a2, tensor<M x N x f32>)
///      y  = tensor.expand_shape y2 [[0, 1], [2]]          : [M, N] -> [1, M, N]
///    and y replaces layer.op.
/// `build` returns an op with one result of the type it is given. The layer's
/// #compress.layer record, if any, moves to the new op.
Operation *replaceLayerWith(RewriterBase &rewriter, const LayerWeight &layer, Value input,
                            function_ref<Operation *(Value input, RankedTensorType type)> build);

/// What a compression pass reports for one layer it rewrote.
struct CompressInfo {
  /// The record's `method` ("codebook", "lowrank", "sparse", "binary", "prune",
  /// "prune-filters") and `params`.
  std::string method, params;
  /// Bytes of the layer's weights (f32) before and of its compressed form after.
  int64_t weightBytesBefore = 0, weightBytesAfter = 0;
  /// Multiply-accumulates per inference before and after; absent when the pass does
  /// not change them (compress-compile --report then counts the dense layer's).
  std::optional<int64_t> macsBefore, macsAfter;
  /// ‖W − Ŵ‖ / ‖W‖ (Frobenius norms) of the weight the op computes with, and ‖W‖.
  double relError = 0, weightNorm = 0;
  /// Remark-only text: inserted before "weight bytes" (e.g. "nnz 3 of 6"), and after
  /// the MACs after (their unit, e.g. " popcount words").
  std::string remarkDetail, macsUnit;
};

/// ‖W‖, the Frobenius norm of `weights` (accumulated in double).
double frobeniusNorm(ArrayRef<float> weights);

/// The one writer of #compress.layer records: sets the record of `layer` compressed
/// as `info` on `op`. When `op` already holds a record of an earlier
/// compression (not "dense"), the new one composes with it: bytes and MACs before are
/// the original layer's (MACs after: this step's, else the earlier one's), the method
/// is "<earlier>+<method>", the params "<earlier>(<earlier params>) <params>", and
/// rel_error is measured against the original weights W₀: exact when either step is
/// exact, exact as √((e₁‖W₀‖)² + (e₂‖W₁‖)²) / ‖W₀‖ when the earlier step removed weights
/// (prune-filters action=remove: the two error terms have disjoint supports), else
/// the triangle-inequality bound (e₁‖W₀‖ + e₂‖W₁‖) / ‖W₀‖ (e.g. magnitude pruning, which
/// zeroes weights, then a codebook whose centroid for 0 is not 0).
void recordLayer(Operation *op, StringRef layer, const CompressInfo &info);

/// recordLayer(newOp, layer, info), then the remark
///   "<pass>: layer '<layer>' <params>: [<remarkDetail>, ]weight bytes B -> A
///    [, MACs X -> Y<macsUnit>], rel_error E"
/// (this step's values, E in %e format) at newOp's location.
void attachCompressInfo(Operation *newOp, StringRef pass, StringRef layer,
                        const CompressInfo &info);

} // namespace mlir::compress

#endif // COMPRESS_COMPRESSION_LAYERCOMPRESSION_H
