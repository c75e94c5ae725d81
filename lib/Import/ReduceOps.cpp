//===- ReduceOps.cpp - ReduceMax/Min/Sum/Mean and Pad ----------------------===//
//
// Reductions run in the layout their input already has: with keepdims an NHWC
// value stays NHWC and its ONNX axes are remapped (ONNX axis a is NHWC axis
// {0,3,1,2}[a]); without keepdims the input is read in ONNX order, reduced with
// tosa.reduce_* (which keep the axis as size 1), then reshaped. Pad pads a value
// in the layout it has (NHWC stays NHWC), axis by axis: negative pads crop
// (tosa.slice), positive ones concatenate splat constants (constant), tiled edge
// slices (edge), reversed slices (reflect) or the other end (wrap) (not
// tosa.pad: see importPad). ONNX Pad-1..19; reflect pads at most size - 1 and
// wrap at most size per side, as ONNX Runtime.
//
#include "GraphImporter.h"

#include <limits>
#include "llvm/Support/MathExtras.h"

#include "mlir/Dialect/Tosa/IR/TosaOps.h"

using namespace mlir;
using namespace mlir::compress::onnx_import;

namespace {
/// ONNX axis `a` of a 4-D value held in NHWC.
int64_t nhwcAxis(int64_t a) { return llvm::ArrayRef<int64_t>{0, 3, 1, 2}[a]; }

enum class ReduceKind { Max, Min, Sum, Mean, L1, L2, LogSumExp, LogSum, SumSquare, Prod };

/// Reduces `v` (shape `shape`, updated) over `axes` (already in v's layout) with
/// tosa.reduce_<op>, skipping size-1 axes; returns the product of the reduced extents.
template <typename OpT>
Value reduceAxes(GraphImporter &im, Value v, llvm::SmallVectorImpl<int64_t> &shape,
                 llvm::ArrayRef<int64_t> axes, int64_t &count) {
  count = 1;
  for (int64_t axis : axes) {
    if (shape[axis] == 1)
      continue; // nothing to reduce
    count *= shape[axis];
    shape[axis] = 1;
    v = OpT::create(im.builder, im.loc, im.tensorType(shape), v,
                    im.builder.getI32IntegerAttr(axis));
  }
  return v;
}

LogicalResult importReduce(GraphImporter &im, const onnx::NodeProto &node, ReduceKind kind,
                           int64_t axesInputOpset) {
  TensorInfo *x = im.input(node, 0);
  if (!x)
    return failure();
  int64_t rank = x->shape.size();
  bool keepDims = im.intAttr(node, "keepdims", 1) != 0;
  // Axes: an attribute before `axesInputOpset`, the optional input 1 from then on.
  auto axesOr = im.intsAttrOrInput(node, "axes", 1, axesInputOpset);
  if (failed(axesOr))
    return failure();
  std::optional<llvm::SmallVector<int64_t>> axesGiven = *axesOr;
  bool noopWithEmpty = im.intAttr(node, "noop_with_empty_axes", 0) != 0;
  llvm::SmallVector<int64_t> axes;
  if (!axesGiven || axesGiven->empty()) {
    if (noopWithEmpty && im.opset >= axesInputOpset) {
      if (kind != ReduceKind::Max && kind != ReduceKind::Min && kind != ReduceKind::Sum &&
          kind != ReduceKind::Mean && kind != ReduceKind::Prod) {
        // The spec says the output is the input; the reference implementation
        // (and ONNX Runtime) apply the elementwise part (abs, square, ...): refused.
        im.opError(node) << "attribute 'noop_with_empty_axes' = 1 with empty axes is not "
                            "supported (the spec and ONNX Runtime disagree on the result)";
        return failure();
      }
      im.setOutput(node, 0, *x);
      return success();
    }
    for (int64_t d = 0; d < rank; ++d)
      axes.push_back(d);
  } else {
    llvm::SmallVector<bool> seen(rank, false);
    for (int64_t a : *axesGiven) {
      auto axis = im.normalizeAxis(node, a, rank, "axis");
      if (failed(axis))
        return failure();
      if (seen[*axis]) {
        im.nodeError(node) << node.op_type() << " node '" << im.nodeName(node) << "': axes "
                           << shapeStr(*axesGiven) << " name axis " << *axis << " twice";
        return failure();
      }
      seen[*axis] = true;
      axes.push_back(*axis);
    }
  }

  bool nhwc = false;
  Value v;
  if (keepDims) {
    auto in = im.asIs(node, *x, nhwc);
    if (failed(in))
      return failure();
    v = *in;
  } else {
    auto in = im.asONNX(node, *x);
    if (failed(in))
      return failure();
    v = *in;
  }
  llvm::SmallVector<int64_t> shape(cast<RankedTensorType>(v.getType()).getShape());
  auto inType = im.tensorType(shape);
  llvm::SmallVector<int64_t> layoutAxes;
  for (int64_t a : axes)
    layoutAxes.push_back(nhwc ? nhwcAxis(a) : a);
  int64_t count = 1;
  Value maxV; // LogSumExp: the max over the axes, subtracted before exp
  switch (kind) {
  case ReduceKind::L1:
    v = tosa::AbsOp::create(im.builder, im.loc, inType, v);
    break;
  case ReduceKind::L2:
  case ReduceKind::SumSquare:
    v = im.mul(v, v, shape);
    break;
  case ReduceKind::LogSumExp: {
    // log(sum(exp(x - m))) + m with m the max: no overflow of exp for large x.
    llvm::SmallVector<int64_t> mShape(shape);
    int64_t unused;
    maxV = reduceAxes<tosa::ReduceMaxOp>(im, v, mShape, layoutAxes, unused);
    // An infinite max shifts by 0 instead (inf - inf would be NaN): +inf in a
    // row gives +inf, a row of -inf gives log(0) = -inf, as ONNX Runtime.
    {
      auto mType = cast<RankedTensorType>(maxV.getType());
      llvm::SmallVector<int64_t> ones(mShape.size(), 1);
      Value absM = tosa::AbsOp::create(im.builder, im.loc, mType, maxV);
      Value isInf = tosa::EqualOp::create(
          im.builder, im.loc, RankedTensorType::get(mType.getShape(), im.builder.getI1Type()),
          absM, im.constF32(ones, {std::numeric_limits<float>::infinity()}));
      maxV = tosa::SelectOp::create(im.builder, im.loc, mType, isInf,
                                    im.constF32(ones, {0.0f}), maxV);
    }
    v = tosa::SubOp::create(im.builder, im.loc, inType, v, maxV);
    v = tosa::ExpOp::create(im.builder, im.loc, inType, v);
    break;
  }
  default:
    break;
  }
  switch (kind) {
  case ReduceKind::Max:
    v = reduceAxes<tosa::ReduceMaxOp>(im, v, shape, layoutAxes, count);
    break;
  case ReduceKind::Min:
    v = reduceAxes<tosa::ReduceMinOp>(im, v, shape, layoutAxes, count);
    break;
  case ReduceKind::Prod:
    v = reduceAxes<tosa::ReduceProductOp>(im, v, shape, layoutAxes, count);
    break;
  default:
    v = reduceAxes<tosa::ReduceSumOp>(im, v, shape, layoutAxes, count);
    break;
  }
  auto outType = im.tensorType(shape);
  if (kind == ReduceKind::Mean && count != 1) {
    llvm::SmallVector<int64_t> ones(shape.size(), 1);
    v = im.mul(v, im.constF32(ones, {1.0f / float(count)}), shape);
  } else if (kind == ReduceKind::L2) {
    // sqrt(s) = 1 / rsqrt(s) (sqrt(0) = 1 / inf = 0), as importSqrt.
    v = tosa::RsqrtOp::create(im.builder, im.loc, outType, v);
    v = tosa::ReciprocalOp::create(im.builder, im.loc, outType, v);
  } else if (kind == ReduceKind::LogSum) {
    v = tosa::LogOp::create(im.builder, im.loc, outType, v);
  } else if (kind == ReduceKind::LogSumExp) {
    v = tosa::LogOp::create(im.builder, im.loc, outType, v);
    v = tosa::AddOp::create(im.builder, im.loc, outType, v, maxV);
  }
  TensorInfo info;
  info.shape = x->shape;
  for (int64_t a : axes)
    info.shape[a] = 1;
  if (!keepDims) {
    llvm::SmallVector<int64_t> kept;
    llvm::SmallVector<bool> reduced(rank, false);
    for (int64_t a : axes)
      reduced[a] = true;
    for (int64_t d = 0; d < rank; ++d)
      if (!reduced[d])
        kept.push_back(x->shape[d]);
    info.shape = kept;
    v = im.reshape(v, kept);
  }
  info.value = v;
  info.nhwc = nhwc;
  im.setOutput(node, 0, std::move(info));
  return success();
}
} // namespace

LogicalResult GraphImporter::importReduceMax(const onnx::NodeProto &node) {
  return importReduce(*this, node, ReduceKind::Max, 18);
}
LogicalResult GraphImporter::importReduceMin(const onnx::NodeProto &node) {
  return importReduce(*this, node, ReduceKind::Min, 18);
}
LogicalResult GraphImporter::importReduceSum(const onnx::NodeProto &node) {
  return importReduce(*this, node, ReduceKind::Sum, 13);
}
LogicalResult GraphImporter::importReduceMean(const onnx::NodeProto &node) {
  return importReduce(*this, node, ReduceKind::Mean, 18);
}

// --- group D: more reductions ---
LogicalResult GraphImporter::importReduceL1(const onnx::NodeProto &node) {
  return importReduce(*this, node, ReduceKind::L1, 18);
}
LogicalResult GraphImporter::importReduceL2(const onnx::NodeProto &node) {
  return importReduce(*this, node, ReduceKind::L2, 18);
}
LogicalResult GraphImporter::importReduceLogSumExp(const onnx::NodeProto &node) {
  return importReduce(*this, node, ReduceKind::LogSumExp, 18);
}
LogicalResult GraphImporter::importReduceLogSum(const onnx::NodeProto &node) {
  return importReduce(*this, node, ReduceKind::LogSum, 18);
}
LogicalResult GraphImporter::importReduceSumSquare(const onnx::NodeProto &node) {
  return importReduce(*this, node, ReduceKind::SumSquare, 18);
}
LogicalResult GraphImporter::importReduceProd(const onnx::NodeProto &node) {
  return importReduce(*this, node, ReduceKind::Prod, 18);
}
// ArgMax/ArgMin-1/11/12/13: the index (INT64, an f32 tensor holding it; see
// ElementTypes.cpp) of the first (select_last_index = 0) or last extreme value
// along `axis` (negative counts from the end), the axis kept with extent 1 when
// keepdims = 1 (default). tosa.argmax picks the first maximum (NaN propagates:
// a NaN is the maximum); ArgMin is argmax of -x; the last index is
// n - 1 - argmax of the reversed axis. TopK is refused.
LogicalResult GraphImporter::importArgMinMaxTopK(const onnx::NodeProto &node) {
  if (node.op_type() == "TopK") {
    opError(node) << "TopK is not supported (its int64 indices and sorted values are not "
                     "implemented)";
    return failure();
  }
  TensorInfo *x = input(node, 0);
  if (!x)
    return failure();
  int64_t rank = x->shape.size();
  if (rank == 0) {
    opError(node) << "input must have rank >= 1, got a scalar";
    return failure();
  }
  auto axis = normalizeAxis(node, intAttr(node, "axis", 0), rank, "axis");
  if (failed(axis))
    return failure();
  int64_t keepdims = intAttr(node, "keepdims", 1);
  int64_t last = opset >= 12 ? intAttr(node, "select_last_index", 0) : 0;
  int64_t n = x->shape[*axis];
  if (n >= (int64_t(1) << 24)) {
    opError(node) << "axis " << *axis << " has " << n
                  << " elements; indices from 2^24 on are not exact in compress's f32 tensors";
    return failure();
  }
  FailureOr<Value> v = asONNX(node, *x);
  if (failed(v))
    return failure();
  Value in = *v;
  auto type = cast<RankedTensorType>(in.getType());
  if (node.op_type() == "ArgMin")
    in = tosa::NegateOp::create(builder, loc, type, in, zeroPointF32(), zeroPointF32());
  if (last)
    in = tosa::ReverseOp::create(builder, loc, type, in, builder.getI32IntegerAttr(*axis));
  llvm::SmallVector<int64_t> reduced(x->shape);
  reduced.erase(reduced.begin() + *axis);
  auto i32Type = RankedTensorType::get(reduced, builder.getI32Type());
  Value idx = tosa::ArgMaxOp::create(builder, loc, i32Type, in, builder.getI32IntegerAttr(*axis));
  Value f = tosa::CastOp::create(builder, loc, tensorType(reduced), idx);
  if (last) {
    // n - 1 - idx, exact in f32.
    llvm::SmallVector<int64_t> ones(reduced.size(), 1);
    Value top = constF32(ones, {float(n - 1)});
    f = tosa::SubOp::create(builder, loc, tensorType(reduced), top, f);
  }
  llvm::SmallVector<int64_t> outShape(x->shape);
  if (keepdims)
    outShape[*axis] = 1;
  else
    outShape.erase(outShape.begin() + *axis);
  TensorInfo info;
  info.shape = outShape;
  info.value = reshape(f, outShape);
  setOutput(node, 0, std::move(info));
  return success();
}

LogicalResult GraphImporter::importPad(const onnx::NodeProto &node) {
  TensorInfo *x = input(node, 0);
  if (!x)
    return failure();
  auto bad = [&]() { return opError(node); };
  int64_t rank = x->shape.size();
  std::string mode = stringAttr(node, "mode", "constant");
  if (mode != "constant" && mode != "reflect" && mode != "edge" && mode != "wrap") {
    bad() << "mode '" << mode << "' is not supported (only 'constant', 'reflect', 'edge', 'wrap')";
    return failure();
  }
  llvm::SmallVector<int64_t> pads;
  float value = 0.0f;
  if (opset < 11) {
    // Pad-2: attribute `pads` (Pad-1 called it `paddings`).
    auto p = intsAttr(node, "pads");
    if (!p && opset < 2)
      p = intsAttr(node, "paddings");
    if (!p) {
      bad() << "has no pads attribute";
      return failure();
    }
    pads = *p;
    value = floatAttr(node, "value", 0.0f);
  } else {
    auto p = constInts(node, 1, "pads");
    if (failed(p))
      return failure();
    pads = *p;
    if (hasInput(node, 2)) {
      const ConstTensor *c = constInput(node, 2, "constant_value");
      if (!c)
        return failure();
      if (c->numElements() != 1) {
        bad() << "constant_value must be a scalar, got shape " << shapeStr(c->shape);
        return failure();
      }
      value = float(c->at(0));
    }
  }
  // Opset 18 `axes`: pads name only these axes.
  llvm::SmallVector<int64_t> axes;
  if (hasInput(node, 3)) {
    auto a = constInts(node, 3, "axes");
    if (failed(a))
      return failure();
    for (int64_t ax : *a) {
      auto n = normalizeAxis(node, ax, rank, "axis");
      if (failed(n))
        return failure();
      axes.push_back(*n);
    }
  } else {
    for (int64_t d = 0; d < rank; ++d)
      axes.push_back(d);
  }
  if (int64_t(pads.size()) != 2 * int64_t(axes.size())) {
    bad() << "pads " << shapeStr(pads) << " must have " << 2 * axes.size()
          << " values (begin and end for each of " << axes.size() << " axes)";
    return failure();
  }
  // begin[d], end[d] in ONNX order.
  llvm::SmallVector<int64_t> begin(rank, 0), end(rank, 0);
  for (auto [k, a] : llvm::enumerate(axes)) {
    begin[a] = pads[k];
    end[a] = pads[k + axes.size()];
  }
  // Negative pads crop the input first (as ONNX Runtime does), then the
  // positive ones pad what is left: `kept` is the cropped extent.
  llvm::SmallVector<int64_t> kept(x->shape);
  bool allPadding = false;
  for (int64_t d = 0; d < rank; ++d) {
    int64_t crop = std::max<int64_t>(0, -begin[d]) + std::max<int64_t>(0, -end[d]);
    if (mode == "constant" && crop >= x->shape[d]) {
      // Cropped away, then padded: only the pad value is left (ONNX Runtime).
      allPadding = true;
      continue;
    }
    if ((begin[d] < 0 || end[d] < 0) && crop >= x->shape[d]) {
      bad() << "negative pads " << shapeStr(pads) << " crop all of axis " << d << " (size "
            << x->shape[d] << ")";
      return failure();
    }
    kept[d] -= crop;
    int64_t before = std::max<int64_t>(0, begin[d]), after = std::max<int64_t>(0, end[d]);
    // reflect mirrors without repeating the edge: at most size - 1 per side;
    // wrap copies the other end: at most size (ONNX Runtime refuses more).
    int64_t limit = mode == "reflect" ? kept[d] - 1 : mode == "wrap" ? kept[d] : INT64_MAX;
    if (before > limit || after > limit) {
      bad() << "mode '" << mode << "' pads " << shapeStr(pads) << " exceed "
            << (mode == "reflect" ? "size - 1" : "the size") << " of axis " << d << " ("
            << kept[d] << (mode == "reflect" ? " - 1" : "") << ")";
      return failure();
    }
  }
  // The output shape, checked against the size limits before anything is built
  // (pads near 2^62 overflowed int64 here: found by fuzz-onnx-import).
  llvm::SmallVector<int64_t> outShape(x->shape);
  for (int64_t d = 0; d < rank; ++d) {
    int64_t padded;
    if (llvm::AddOverflow(begin[d], end[d], padded) ||
        llvm::AddOverflow(outShape[d], padded, outShape[d])) {
      bad() << "pads " << shapeStr(pads) << " overflow the output shape";
      return failure();
    }
  }
  if (failed(checkShape(node, outShape, "output", /*nonEmpty=*/true)))
    return failure();
  if (allPadding) {
    TensorInfo info;
    info.shape = outShape;
    auto type = tensorType(outShape);
    info.value = tosa::ConstOp::create(builder, loc, type, DenseElementsAttr::get(type, value));
    setOutput(node, 0, std::move(info));
    return success();
  }
  bool nhwc;
  auto v = asIs(node, *x, nhwc);
  if (failed(v))
    return failure();
  TensorInfo info;
  info.shape = outShape;
  // Per axis: crop (tosa.slice), then concatenate the pad blocks: splats of the
  // pad value (constant; tosa.pad would need a !tosa.shape<2*rank>, and TOSA
  // validation caps shapes at rank 6), the edge slice tiled (edge), the
  // mirrored slice reversed (reflect), or the other end (wrap).
  Value y = *v;
  llvm::SmallVector<int64_t> shape(cast<RankedTensorType>(y.getType()).getShape());
  for (int64_t d = 0; d < rank; ++d) {
    int64_t axis = nhwc ? nhwcAxis(d) : d;
    // [from, from + size) of `y` along `axis`.
    auto part = [&](int64_t from, int64_t size) -> Value {
      llvm::SmallVector<int64_t> start(rank, 0), sizes(shape);
      start[axis] = from;
      sizes[axis] = size;
      return slice(y, start, sizes);
    };
    if (begin[d] < 0 || end[d] < 0) {
      y = part(std::max<int64_t>(0, -begin[d]), kept[d]);
      shape[axis] = kept[d];
    }
    int64_t before = std::max<int64_t>(0, begin[d]), after = std::max<int64_t>(0, end[d]);
    if (!before && !after)
      continue;
    int64_t size = shape[axis];
    auto block = [&](bool atBegin) -> Value {
      int64_t count = atBegin ? before : after;
      llvm::SmallVector<int64_t> blockShape(shape);
      blockShape[axis] = count;
      auto type = tensorType(blockShape);
      if (mode == "constant")
        return tosa::ConstOp::create(builder, loc, type, DenseElementsAttr::get(type, value));
      if (mode == "wrap")
        return part(atBegin ? size - count : 0, count);
      if (mode == "reflect") {
        Value mirrored = part(atBegin ? 1 : size - 1 - count, count);
        if (count == 1)
          return mirrored;
        return tosa::ReverseOp::create(builder, loc, type, mirrored,
                                       builder.getI32IntegerAttr(axis));
      }
      // edge
      Value edge = part(atBegin ? 0 : size - 1, 1);
      if (count == 1)
        return edge;
      llvm::SmallVector<int64_t> multiples(rank, 1);
      multiples[axis] = count;
      return tosa::TileOp::create(builder, loc, type, edge, constShape(multiples));
    };
    llvm::SmallVector<Value> parts;
    if (before)
      parts.push_back(block(true));
    parts.push_back(y);
    if (after)
      parts.push_back(block(false));
    shape[axis] += before + after;
    y = tosa::ConcatOp::create(builder, loc, tensorType(shape), parts,
                               builder.getI32IntegerAttr(axis));
  }
  info.value = y;
  info.nhwc = nhwc;
  setOutput(node, 0, std::move(info));
  return success();
}
