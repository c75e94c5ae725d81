//===- LayerCompression.cpp - the framework of a pass that compresses layers -===//
#include "compress/Compression/LayerCompression.h"
#include "compress/Dialect/Compress/IR/CompressDialect.h"
#include "compress/Dialect/Compress/IR/CompressOps.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/PatternMatch.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FormatVariadic.h"

#include <cmath>

using namespace mlir;
using namespace mlir::compress;

LogicalResult mlir::compress::skipLayer(Operation *op, StringRef pass, StringRef layer,
                                        const llvm::Twine &why, bool named) {
  InFlightDiagnostic diag = named ? op->emitWarning() : op->emitRemark();
  diag << pass << ": skipped layer '" << layer << "': " << why;
  return failure();
}

LogicalResult mlir::compress::verifyLayerNames(Operation *root, ArrayRef<std::string> requested,
                                               StringRef what, bool asError) {
  if (requested.empty())
    return success();
  llvm::StringSet<> known;
  SmallVector<std::string> examples;
  // Layers an earlier pass already compressed (compress dialect ops keep the name).
  llvm::StringMap<std::string> compressed;
  root->walk([&](Operation *op) {
    if (!isa<tosa::Conv2DOp, tosa::DepthwiseConv2DOp, tosa::MatMulOp>(op)) {
      if (isa<CompressDialect>(op->getDialect()))
        if (std::string name = layerName(op); !name.empty())
          compressed.try_emplace(name, op->getName().getStringRef().str());
      return;
    }
    std::string name = layerName(op);
    if (!name.empty() && known.insert(name).second && examples.size() < 5)
      examples.push_back(name);
  });
  bool ok = true;
  for (const std::string &name : requested) {
    if (known.contains(name))
      continue;
    if (auto it = compressed.find(name); it != compressed.end()) {
      InFlightDiagnostic diag =
          asError ? mlir::emitError(root->getLoc()) : mlir::emitWarning(root->getLoc());
      diag << what << ": layer '" << name << "' is already compressed (" << it->second
           << ") by an earlier method; it is left as it is";
      ok = false;
      continue;
    }
    // At the op's location but without the op attached: the op is the whole module.
    InFlightDiagnostic diag =
        asError ? mlir::emitError(root->getLoc()) : mlir::emitWarning(root->getLoc());
    diag << what << ": no conv or matmul layer named '" << name << "'";
    if (examples.empty())
      diag << " (the layers have no names: name them with NameLoc locations, as the ONNX "
              "importer does)";
    else
      diag << " (layers are named like '" << llvm::join(examples, "', '") << "')";
    ok = false;
  }
  return success(ok);
}

void mlir::compress::warnUnknownLayerNames(Operation *root, ArrayRef<std::string> layers,
                                           StringRef pass) {
  (void)verifyLayerNames(root, layers, (pass + " layers").str(), /*asError=*/false);
}

SmallVector<Operation *> mlir::compress::collectLayers(Operation *root,
                                                      ArrayRef<std::string> names) {
  llvm::StringSet<> wanted;
  for (const std::string &name : names)
    wanted.insert(name);
  SmallVector<Operation *> layers;
  root->walk([&](Operation *op) {
    if (!isa<tosa::Conv2DOp, tosa::DepthwiseConv2DOp, tosa::MatMulOp>(op))
      return;
    if (!wanted.empty() && !wanted.contains(layerName(op)))
      return;
    layers.push_back(op);
  });
  return layers;
}

static bool isStaticF32(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  return tensor && tensor.hasStaticShape() && tensor.getElementType().isF32();
}

/// Fills the conv fields of `layer` from a tosa.conv2d or tosa.depthwise_conv2d.
template <typename ConvOp>
static FailureOr<LayerWeight> matchConv(ConvOp op, LayerWeight layer, std::string &whyNot) {
  if (!isStaticF32(op.getInput().getType()) || !isStaticF32(op.getWeight().getType()) ||
      !isStaticF32(op.getBias().getType()) || !isStaticF32(op.getType())) {
    whyNot = "not f32 with static shapes";
    return failure();
  }
  FailureOr<int64_t> inZp = op.getInputZeroPoint(), wZp = op.getWeightZeroPoint();
  if (failed(inZp) || failed(wZp) || *inZp != 0 || *wZp != 0) {
    whyNot = "zero point is not a constant 0";
    return failure();
  }
  FailureOr<SmallVector<float>> weights = getConstantFloatValues(op.getWeight());
  if (failed(weights)) {
    whyNot = "weight is not a constant";
    return failure();
  }
  ArrayRef<int64_t> shape = cast<RankedTensorType>(op.getWeight().getType()).getShape();
  if (layer.kind == LayerKind::Conv2D) { // already OHWI
    layer.weight.assign(weights->begin(), weights->end());
    layer.weightShape.assign(shape.begin(), shape.end());
  } else { // [kh, kw, C, M] -> OHWI [C·M, kh, kw, 1], groups = C
    int64_t kh = shape[0], kw = shape[1], c = shape[2], m = shape[3];
    layer.weight = depthwiseToOHWI(*weights, kh, kw, c, m);
    layer.weightShape = {c * m, kh, kw, 1};
    layer.groups = c;
  }
  layer.rows = layer.weightShape[0];
  layer.rowSize = layer.weightShape[1] * layer.weightShape[2] * layer.weightShape[3];
  layer.input = op.getInput();
  layer.resultType = cast<RankedTensorType>(op.getType());
  layer.stride.assign(op.getStride().begin(), op.getStride().end());
  layer.pad.assign(op.getPad().begin(), op.getPad().end());
  layer.dilation.assign(op.getDilation().begin(), op.getDilation().end());
  ArrayRef<int64_t> out = layer.resultType.getShape();
  layer.outputPoints = out[0] * out[1] * out[2];
  if (cast<RankedTensorType>(op.getBias().getType()).getDimSize(0) == layer.rows) {
    layer.bias = op.getBias();
  } else {
    FailureOr<SmallVector<float>> bias = getConstantFloatValues(op.getBias());
    if (failed(bias) || bias->size() != 1) {
      whyNot = "bias is neither per-channel nor a constant scalar";
      return failure();
    }
    layer.biasFill = (*bias)[0];
  }
  return layer;
}

static FailureOr<LayerWeight> matchMatmul(tosa::MatMulOp op, LayerWeight layer,
                                          std::string &whyNot) {
  if (!isStaticF32(op.getA().getType()) || !isStaticF32(op.getB().getType()) ||
      !isStaticF32(op.getType())) {
    whyNot = "not f32 with static shapes";
    return failure();
  }
  auto aType = cast<RankedTensorType>(op.getA().getType());
  auto bType = cast<RankedTensorType>(op.getB().getType());
  FailureOr<int64_t> aZp = op.getAZeroPoint(), bZp = op.getBZeroPoint();
  if (failed(aZp) || failed(bZp) || *aZp != 0 || *bZp != 0) {
    whyNot = "zero point is not a constant 0";
    return failure();
  }
  FailureOr<SmallVector<float>> weights = getConstantFloatValues(op.getB());
  if (failed(weights)) {
    whyNot = "weight is not a constant";
    return failure();
  }
  if (aType.getDimSize(0) != 1 || bType.getDimSize(0) != 1) {
    whyNot = "batched matmul (batch != 1)";
    return failure();
  }
  int64_t m = aType.getDimSize(1), k = bType.getDimSize(1), n = bType.getDimSize(2);
  layer.weight = transposeToNK(*weights, k, n); // W[N, K] = Bᵀ
  layer.weightShape = {n, k};
  layer.rows = n;
  layer.rowSize = k;
  layer.input = op.getA();
  layer.resultType = cast<RankedTensorType>(op.getType());
  layer.outputPoints = m;
  return layer;
}

FailureOr<LayerWeight> mlir::compress::matchLayerWeight(Operation *op, std::string &whyNot) {
  LayerWeight layer;
  layer.op = op;
  layer.name = layerName(op);
  if (auto conv = dyn_cast<tosa::Conv2DOp>(op)) {
    layer.kind = LayerKind::Conv2D;
    return matchConv(conv, std::move(layer), whyNot);
  }
  if (auto dw = dyn_cast<tosa::DepthwiseConv2DOp>(op)) {
    layer.kind = LayerKind::DepthwiseConv2D;
    return matchConv(dw, std::move(layer), whyNot);
  }
  if (auto mm = dyn_cast<tosa::MatMulOp>(op)) {
    layer.kind = LayerKind::Matmul;
    return matchMatmul(mm, std::move(layer), whyNot);
  }
  whyNot = "not a tosa.conv2d, tosa.depthwise_conv2d or tosa.matmul";
  return failure();
}

Value mlir::compress::materializeBias(OpBuilder &builder, const LayerWeight &layer) {
  if (layer.bias)
    return layer.bias;
  auto type = RankedTensorType::get({layer.rows}, builder.getF32Type());
  return arith::ConstantOp::create(builder, layer.op->getLoc(),
                                   DenseElementsAttr::get(type, layer.biasFill));
}

Value mlir::compress::f32Constant(OpBuilder &builder, Location loc, ArrayRef<int64_t> shape,
                                  ArrayRef<float> values) {
  auto type = RankedTensorType::get(shape, builder.getF32Type());
  return arith::ConstantOp::create(builder, loc, DenseElementsAttr::get(type, values));
}

Operation *mlir::compress::replaceLayerWith(
    RewriterBase &rewriter, const LayerWeight &layer, Value input,
    function_ref<Operation *(Value input, RankedTensorType type)> build) {
  auto carryRecord = [&](Operation *newOp) {
    if (LayerAttr record = LayerAttr::get(layer.op))
      newOp->setAttr(LayerAttr::getAttrName(), record);
    return newOp;
  };
  if (!layer.isMatmul()) {
    Operation *newOp = carryRecord(build(input, layer.resultType));
    rewriter.replaceOp(layer.op, newOp->getResults());
    return newOp;
  }
  Location loc = layer.op->getLoc();
  SmallVector<ReassociationIndices> batchIntoM = {{0, 1}, {2}};
  Value a2 = tensor::CollapseShapeOp::create(rewriter, loc, input, batchIntoM);
  int64_t m = layer.outputPoints, n = layer.rows;
  auto type2D = RankedTensorType::get({m, n}, rewriter.getF32Type());
  Operation *newOp = carryRecord(build(a2, type2D));
  Value y = tensor::ExpandShapeOp::create(rewriter, loc, layer.resultType, newOp->getResult(0),
                                          batchIntoM);
  rewriter.replaceOp(layer.op, y);
  return newOp;
}

double mlir::compress::frobeniusNorm(ArrayRef<float> weights) {
  double sum = 0;
  for (float w : weights)
    sum += double(w) * double(w);
  return std::sqrt(sum);
}

void mlir::compress::recordLayer(Operation *op, StringRef layer, const CompressInfo &info) {
  MLIRContext *ctx = op->getContext();
  Builder b(ctx);
  int64_t bytesBefore = info.weightBytesBefore;
  std::optional<int64_t> macsBefore = info.macsBefore, macsAfter = info.macsAfter;
  std::string method = info.method, params = info.params;
  double relError = info.relError, norm = info.weightNorm;
  LayerAttr prior = LayerAttr::get(op);
  if (prior && prior.getMethod() != "dense") {
    // The op was compressed before: measure against the original layer W₀. Exact when
    // either step is exact or the first removed weights (below); otherwise the
    // triangle-inequality bound ‖W₀ − W₂‖ ≤ e₁‖W₀‖ + e₂‖W₁‖, relative to ‖W₀‖.
    if (prior.getWeightBytesBefore())
      bytesBefore = *prior.getWeightBytesBefore();
    if (prior.getMacsBefore()) {
      macsBefore = *prior.getMacsBefore();
      macsAfter = info.macsAfter ? *info.macsAfter : *prior.getMacsAfter();
    }
    double priorError = prior.getRelErrorValue();
    double priorNorm = prior.getWeightNorm() ? prior.getWeightNorm().getValueAsDouble() : norm;
    // W₀ − W₂ = (W₀ − W₁) + (W₁ − W₂). After a removal (prune-filters action=remove)
    // the two parts have disjoint supports (the removed entries, the kept ones), so
    // ‖W₀ − W₂‖² = (e₁‖W₀‖)² + (e₂‖W₁‖)² exactly.
    bool disjoint = prior.getMethod() == "prune-filters" &&
                    prior.getParams().contains("action=remove");
    if (relError == 0)
      relError = priorError;
    else if (priorError != 0 && disjoint && priorNorm > 0)
      relError = std::hypot(priorError * priorNorm, relError * norm) / priorNorm;
    else if (priorError != 0)
      relError = priorNorm > 0 ? (priorError * priorNorm + relError * norm) / priorNorm
                               : relError + priorError;
    else if (priorNorm > 0)
      relError *= norm / priorNorm;
    norm = priorNorm;
    method = (prior.getMethod() + "+" + method).str();
    params = (prior.getMethod() + "(" + prior.getParams() + ") " + params).str();
  }
  auto record = LayerAttr::get(ctx, layer, method, params, bytesBefore, info.weightBytesAfter,
                               macsBefore, macsAfter, b.getF64FloatAttr(relError),
                               b.getF64FloatAttr(norm));
  op->setAttr(LayerAttr::getAttrName(), record);
}

void mlir::compress::attachCompressInfo(Operation *newOp, StringRef pass, StringRef layer,
                                        const CompressInfo &info) {
  recordLayer(newOp, layer, info);
  InFlightDiagnostic remark = newOp->emitRemark();
  remark << pass << ": layer '" << layer << "' " << info.params << ": ";
  if (!info.remarkDetail.empty())
    remark << info.remarkDetail << ", ";
  remark << "weight bytes " << info.weightBytesBefore << " -> " << info.weightBytesAfter;
  if (info.macsBefore && info.macsAfter)
    remark << ", MACs " << *info.macsBefore << " -> " << *info.macsAfter << info.macsUnit;
  remark << llvm::formatv(", rel_error {0:e}", info.relError).str();
}

