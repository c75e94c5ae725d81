//===- LoweringUtils.cpp - helpers shared by the CompressToLinalg patterns -===//
#include "LoweringUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"

using namespace mlir;

namespace {
bool hasStaticShapes(Operation *op, Value input, ValueRange sized) {
  auto isStatic = [](Value v) { return cast<RankedTensorType>(v.getType()).hasStaticShape(); };
  return isStatic(input) && isStatic(op->getResult(0)) && llvm::all_of(sized, isStatic);
}
} // namespace

FailureOr<compress::StaticConvGeometry>
mlir::compress::matchStaticConv(PatternRewriter &rewriter, CompressedLayerOpInterface op,
                                Value input, ValueRange sized) {
  std::optional<ConvGeometry> geometry = op.getConvGeometry();
  if (!geometry)
    return rewriter.notifyMatchFailure(op, "not a conv2d form");
  if (!hasStaticShapes(op, input, sized))
    return rewriter.notifyMatchFailure(op, "dynamic shapes are not supported");
  ArrayRef<int64_t> in = cast<RankedTensorType>(input.getType()).getShape();
  ArrayRef<int64_t> out = cast<RankedTensorType>(op->getResult(0).getType()).getShape();
  int64_t c = in[3], f = out[3], groups = geometry->groups;
  return StaticConvGeometry{in[0],  in[1],  in[2], c, // input
                            out[1], out[2], f,        // output
                            geometry->kernel[0], geometry->kernel[1], // window
                            groups, c / groups, f / groups,
                            geometry->pad, geometry->strides, geometry->dilations};
}

FailureOr<compress::MatmulGeometry> mlir::compress::matchStaticMatmul(PatternRewriter &rewriter,
                                                                      Operation *op, Value input,
                                                                      ValueRange sized) {
  if (!hasStaticShapes(op, input, sized))
    return rewriter.notifyMatchFailure(op, "dynamic shapes are not supported");
  ArrayRef<int64_t> in = cast<RankedTensorType>(input.getType()).getShape();
  ArrayRef<int64_t> out = cast<RankedTensorType>(op->getResult(0).getType()).getShape();
  return MatmulGeometry{in[0], in[1], out[1]};
}

Value mlir::compress::indexConst(OpBuilder &b, Location loc, int64_t v) {
  return arith::ConstantIndexOp::create(b, loc, v);
}

Value mlir::compress::tosaZeros(OpBuilder &b, Location loc, ArrayRef<int64_t> shape) {
  auto type = RankedTensorType::get(shape, b.getF32Type());
  return tosa::ConstOp::create(b, loc, type, DenseElementsAttr::get(type, 0.0f));
}

Value mlir::compress::padNHWC(OpBuilder &b, Location loc, Value input, ArrayRef<int64_t> pad) {
  if (llvm::all_of(pad, [](int64_t p) { return p == 0; }))
    return input;
  auto type = cast<RankedTensorType>(input.getType());
  SmallVector<int64_t> padded(type.getShape());
  padded[1] += pad[0] + pad[1];
  padded[2] += pad[2] + pad[3];
  SmallVector<OpFoldResult> low = {b.getIndexAttr(0), b.getIndexAttr(pad[0]),
                                   b.getIndexAttr(pad[2]), b.getIndexAttr(0)};
  SmallVector<OpFoldResult> high = {b.getIndexAttr(0), b.getIndexAttr(pad[1]),
                                    b.getIndexAttr(pad[3]), b.getIndexAttr(0)};
  Value zero = arith::ConstantOp::create(b, loc, b.getZeroAttr(type.getElementType()));
  return tensor::PadOp::create(b, loc, RankedTensorType::get(padded, type.getElementType()), input,
                               low, high, zero);
}

Value mlir::compress::buildElementwise(OpBuilder &b, Location loc, ArrayRef<int64_t> shape,
                                       Type elementType, ValueRange perChannel,
                                       ElementBuilder element) {
  int64_t rank = int64_t(shape.size());
  MLIRContext *ctx = b.getContext();
  Value empty = tensor::EmptyOp::create(b, loc, shape, elementType);
  AffineMap channel = AffineMap::get(rank, 0, {getAffineDimExpr(rank - 1, ctx)}, ctx);
  SmallVector<AffineMap> maps(perChannel.size(), channel);
  maps.push_back(AffineMap::getMultiDimIdentityMap(rank, ctx));
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{empty.getType()}, perChannel, ValueRange{empty}, maps,
      SmallVector<utils::IteratorType>(rank, utils::IteratorType::parallel),
      [&](OpBuilder &nb, Location l, ValueRange args) {
        SmallVector<Value> ivs;
        for (int64_t d = 0; d < rank; ++d)
          ivs.push_back(linalg::IndexOp::create(nb, l, d));
        linalg::YieldOp::create(nb, l, element(nb, l, ivs, args.take_front(perChannel.size())));
      });
  return generic.getResult(0);
}

SmallVector<Value> mlir::compress::buildLoop(OpBuilder &b, Location loc, Value lb, Value ub,
                                             ValueRange inits, LoopBodyBuilder body) {
  auto loop = scf::ForOp::create(b, loc, lb, ub, indexConst(b, loc, 1), inits,
                                 [&](OpBuilder &nb, Location l, Value iv, ValueRange iter) {
                                   scf::YieldOp::create(nb, l, body(nb, l, iv, iter));
                                 });
  return SmallVector<Value>(loop.getResults());
}

Value mlir::compress::buildTosaMatmul(OpBuilder &b, Location loc, Value input, Value bias,
                                      RankedTensorType resultType,
                                      function_ref<Value(Value x, Value zp)> product) {
  ArrayRef<int64_t> in = cast<RankedTensorType>(input.getType()).getShape();
  int64_t m = in[0], k = in[1], n = resultType.getDimSize(1);
  Type f32 = b.getF32Type();
  SmallVector<ReassociationIndices> batch = {{0, 1}, {2}};
  Value x =
      tensor::ExpandShapeOp::create(b, loc, RankedTensorType::get({1, m, k}, f32), input, batch);
  Value y = product(x, tosaZeros(b, loc, {1}));
  Value bias3 = tensor::ExpandShapeOp::create(b, loc, RankedTensorType::get({1, 1, n}, f32), bias,
                                              SmallVector<ReassociationIndices>{{0, 1, 2}});
  y = tosa::AddOp::create(b, loc, RankedTensorType::get({1, m, n}, f32), y, bias3);
  return tensor::CollapseShapeOp::create(b, loc, resultType, y, batch);
}
