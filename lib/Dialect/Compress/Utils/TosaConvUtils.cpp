//===- TosaConvUtils.cpp - building TOSA convs from compress ops -------------===//
#include "compress/Dialect/Compress/Utils/TosaConvUtils.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"

#include <algorithm>

using namespace mlir;
using namespace mlir::compress;

Value mlir::compress::trimForStride(OpBuilder &b, Location loc, Value input, int64_t kh,
                                    int64_t kw, ArrayRef<int64_t> strides,
                                    ArrayRef<int64_t> dilations, SmallVectorImpl<int64_t> &pad) {
  auto type = cast<RankedTensorType>(input.getType());
  SmallVector<int64_t> shape(type.getShape());
  bool sliced = false;
  for (int axis = 0; axis < 2; ++axis) {
    int64_t k = axis == 0 ? kh : kw;
    int64_t &after = pad[2 * axis + 1];
    int64_t span = shape[1 + axis] - 1 + pad[2 * axis] + after - (k - 1) * dilations[axis];
    int64_t rem = span % strides[axis];
    int64_t cut = std::min(rem, after);
    after -= cut;
    rem -= cut;
    if (rem > 0) {
      shape[1 + axis] -= rem;
      sliced = true;
    }
  }
  if (!sliced)
    return input;
  SmallVector<OpFoldResult> offsets(4, b.getIndexAttr(0)), sizes, steps(4, b.getIndexAttr(1));
  for (int64_t s : shape)
    sizes.push_back(b.getIndexAttr(s));
  auto slicedType = RankedTensorType::get(shape, type.getElementType());
  return tensor::ExtractSliceOp::create(b, loc, slicedType, input, offsets, sizes, steps);
}
