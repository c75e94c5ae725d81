//===- LinearOps.cpp - MatMul and Gemm ---------------------------------------===//
//
// A fully connected layer comes out in one recognisable shape, so compression
// passes can match it:
//
//   %a3 = tosa.reshape %a -> [1, M, K]
//   %y3 = tosa.matmul %a3, (tosa.const [1, K, N]), zp, zp
//   %z3 = tosa.add %y3, (tosa.const [1, 1, N])          (bias, when there is one)
//   %y  = tosa.reshape %z3 -> ONNX output shape      (none when %z3 has that shape)
//
// Gemm gives this shape directly (its C is the bias; alpha and beta are folded
// into constant B and C). Each handler translates its node alone: a MatMul has
// no bias, and the Add of a constant [N] (or [1,..,1,N]) bias after it is
// imported on its own, as a tosa.add after the reshape. The
// compress-fold-matmul-bias pass (FoldMatMulBias.cpp), which importONNXModel
// runs after import, moves that Add in front of the reshape, giving the shape
// above (bias constant [1, 1, N]) when the MatMul's result has no other user.
//
#include "GraphImporter.h"

#include "mlir/Dialect/Tosa/IR/TosaOps.h"

#include "llvm/ADT/StringExtras.h"

using namespace mlir;
using namespace mlir::compress::onnx_import;

LogicalResult GraphImporter::importMatMul(const onnx::NodeProto &node) {
  TensorInfo *a = input(node, 0);
  TensorInfo *b = a ? input(node, 1) : nullptr;
  if (!a || !b)
    return failure();
  auto bad = [&]() { return opError(node); };
  int64_t ra = a->shape.size(), rb = b->shape.size();
  if (ra == 0 || rb == 0) {
    bad() << "scalar operands are not allowed";
    return failure();
  }
  // Vectors are promoted to matrices and the promoted dim dropped at the end.
  llvm::SmallVector<int64_t> as(a->shape), bs(b->shape);
  if (ra == 1)
    as.insert(as.begin(), 1);
  if (rb == 1)
    bs.push_back(1);
  int64_t m = as[as.size() - 2], k = as.back(), n = bs.back();
  if (bs[bs.size() - 2] != k) {
    bad() << "inner dimensions do not match: " << shapeStr(a->shape) << " x "
          << shapeStr(b->shape);
    return failure();
  }
  llvm::ArrayRef<int64_t> aLead = llvm::ArrayRef<int64_t>(as).drop_back(2);
  llvm::ArrayRef<int64_t> bLead = llvm::ArrayRef<int64_t>(bs).drop_back(2);
  auto lead = broadcastShapes(aLead, bLead);
  if (!lead) {
    bad() << "batch dimensions of " << shapeStr(a->shape) << " and " << shapeStr(b->shape)
          << " do not broadcast";
    return failure();
  }
  llvm::SmallVector<int64_t> outShape(*lead);
  if (ra != 1)
    outShape.push_back(m);
  if (rb != 1)
    outShape.push_back(n);

  auto av = asONNX(node, *a);
  if (failed(av))
    return failure();
  int64_t batch = product(*lead);
  Value a3, b3;
  if (product(bLead) == 1) {
    // One weight matrix for every row: fold A's batch into M.
    a3 = reshape(*av, {1, batch * m, k});
    if (b->constant && !b->value && b->constant->isFloat) {
      b3 = materialize(*b->constant, {1, k, n});
    } else {
      auto bv = asONNX(node, *b);
      if (failed(bv))
        return failure();
      b3 = reshape(*bv, {1, k, n});
    }
  } else if (product(aLead) == batch && product(bLead) == batch &&
             llvm::ArrayRef<int64_t>(*lead).take_back(aLead.size()) == aLead &&
             llvm::ArrayRef<int64_t>(*lead).take_back(bLead.size()) == bLead) {
    auto bv = asONNX(node, *b);
    if (failed(bv))
      return failure();
    a3 = reshape(*av, {batch, m, k});
    b3 = reshape(*bv, {batch, k, n});
  } else {
    // Numpy broadcasting of the batch dims (group D): each operand reshaped to
    // the full batch rank (leading 1s), tiled along the dims where it has 1,
    // then flattened to [batch, rows, cols] (rank <= 6: ONNX ranks are <= 6).
    auto bv = asONNX(node, *b);
    if (failed(bv))
      return failure();
    auto broadcastTo = [&](Value v, llvm::ArrayRef<int64_t> vLead, int64_t rows,
                           int64_t cols) -> Value {
      llvm::SmallVector<int64_t> padded(lead->size() - vLead.size(), 1);
      padded.append(vLead.begin(), vLead.end());
      llvm::SmallVector<int64_t> shape(padded), multiples, tiled;
      shape.append({rows, cols});
      v = reshape(v, shape);
      for (auto [have, want] : llvm::zip(padded, *lead)) {
        multiples.push_back(want / have);
        tiled.push_back(want);
      }
      multiples.append({1, 1});
      tiled.append({rows, cols});
      if (tiled != shape)
        v = tosa::TileOp::create(builder, loc, tensorType(tiled), v, constShape(multiples));
      return reshape(v, {batch, rows, cols});
    };
    a3 = broadcastTo(*av, aLead, m, k);
    b3 = broadcastTo(*bv, bLead, k, n);
  }
  int64_t rows = cast<RankedTensorType>(a3.getType()).getShape()[1];
  int64_t mmBatch = cast<RankedTensorType>(a3.getType()).getShape()[0];
  llvm::SmallVector<int64_t> mmShape = {mmBatch, rows, n};
  Value y = markLayer(node, tosa::MatMulOp::create(builder, loc, tensorType(mmShape), a3, b3,
                                                   zeroPointF32(), zeroPointF32()));

  TensorInfo info;
  info.shape = outShape;
  info.value = reshape(y, outShape);
  setOutput(node, 0, std::move(info));
  return success();
}

LogicalResult GraphImporter::importGemm(const onnx::NodeProto &node) {
  TensorInfo *a = input(node, 0);
  TensorInfo *b = a ? input(node, 1) : nullptr;
  if (!a || !b)
    return failure();
  auto bad = [&]() { return opError(node); };
  if (a->shape.size() != 2 || b->shape.size() != 2) {
    bad() << "A and B must be 2-D, got " << shapeStr(a->shape) << " and " << shapeStr(b->shape);
    return failure();
  }
  bool transA = intAttr(node, "transA", 0), transB = intAttr(node, "transB", 0);
  float alpha = floatAttr(node, "alpha", 1.0f), beta = floatAttr(node, "beta", 1.0f);
  int64_t m = transA ? a->shape[1] : a->shape[0], k = transA ? a->shape[0] : a->shape[1];
  int64_t kb = transB ? b->shape[1] : b->shape[0], n = transB ? b->shape[0] : b->shape[1];
  if (k != kb) {
    bad() << "inner dimensions do not match: " << shapeStr(a->shape)
          << (transA ? "^T" : "") << " x " << shapeStr(b->shape) << (transB ? "^T" : "");
    return failure();
  }
  auto av = asONNX(node, *a);
  if (failed(av))
    return failure();
  Value a2 = transA ? transpose(*av, {1, 0}) : *av;
  Value a3 = reshape(a2, {1, m, k});
  Value b3;
  bool alphaApplied = false;
  if (b->constant && !b->value && b->constant->isFloat) {
    ConstTensor bt = transB ? permuteConst(*b->constant, {1, 0}) : *b->constant;
    for (float &x : bt.f)
      x *= alpha;
    alphaApplied = true;
    b3 = materialize(bt, {1, k, n});
  } else {
    auto bv = asONNX(node, *b);
    if (failed(bv))
      return failure();
    b3 = reshape(transB ? transpose(*bv, {1, 0}) : *bv, {1, k, n});
  }
  llvm::SmallVector<int64_t> mmShape = {1, m, n};
  Value y = markLayer(node, tosa::MatMulOp::create(builder, loc, tensorType(mmShape), a3, b3,
                                                   zeroPointF32(), zeroPointF32()));
  if (!alphaApplied && alpha != 1.0f)
    y = mul(y, constF32({1, 1, 1}, {alpha}), mmShape);
  if (hasInput(node, 2) && beta != 0.0f) {
    TensorInfo *c = input(node, 2);
    if (!c)
      return failure();
    // Opsets 1-6: C broadcasts only with broadcast = 1 (group D).
    if (opset < 7 && intAttr(node, "broadcast", 0) == 0 &&
        c->shape != llvm::ArrayRef<int64_t>{m, n}) {
      bad() << "attribute 'broadcast' = 0 with C of shape " << shapeStr(c->shape)
            << " (not [" << m << "," << n << "]) is not supported";
      return failure();
    }
    auto cShape = broadcastShapes(c->shape, {m, n});
    if (!cShape || (*cShape)[0] != m || (*cShape)[1] != n || c->shape.size() > 2) {
      bad() << "C of shape " << shapeStr(c->shape) << " does not broadcast to [" << m << ","
            << n << "]";
      return failure();
    }
    llvm::SmallVector<int64_t> c3(3 - c->shape.size(), 1);
    c3.append(c->shape.begin(), c->shape.end());
    Value cv;
    if (c->constant && !c->value && c->constant->isFloat) {
      ConstTensor ct = *c->constant;
      for (float &x : ct.f)
        x *= beta;
      cv = materialize(ct, c3);
    } else {
      auto v = asONNX(node, *c);
      if (failed(v))
        return failure();
      cv = reshape(*v, c3);
      if (beta != 1.0f)
        cv = mul(cv, constF32({1, 1, 1}, {beta}), c3);
    }
    y = tosa::AddOp::create(builder, loc, tensorType(mmShape), y, cv);
  }
  TensorInfo info;
  info.shape = {m, n};
  info.value = reshape(y, {m, n});
  setOutput(node, 0, std::move(info));
  return success();
}

//===--- group D: Einsum --------------------------------------------------===//

/// Einsum (https://onnx.ai/onnx/operators/onnx__Einsum.html, opset 12) of two
/// operands where it is a batched matmul up to transposes: every index letter
/// is a batch index (both operands and the output, same size), a contracted
/// index (both operands, not the output; at least one), or a row (first
/// operand and output) or column (second operand and output) index. Spaces
/// are ignored; "..." stands for the same leading dims in both operands; no
/// "->" gives the implicit output (ellipsis dims, then the letters used once,
/// sorted). Emitted as: each operand transposed to [batch, rows, contracted] /
/// [batch, contracted, cols], reshaped to 3-D, tosa.matmul, reshaped and
/// transposed to the output order. Anything else (one or three operands, a
/// letter repeated in a term, a letter summed out of one operand only,
/// broadcasting batch sizes) is refused naming the equation.
LogicalResult GraphImporter::importEinsum(const onnx::NodeProto &node) {
  std::string raw = stringAttr(node, "equation", "");
  auto refuse = [&](llvm::StringRef why) {
    opError(node) << "equation '" << raw << "' is not supported (" << why
                  << "); only two-operand matmul forms such as 'bij,bjk->bik' are";
    return failure();
  };
  std::string eq;
  for (char ch : raw)
    if (ch != ' ')
      eq += ch;
  size_t arrow = eq.find("->");
  std::string lhs = eq.substr(0, arrow);
  std::optional<std::string> out;
  if (arrow != std::string::npos)
    out = eq.substr(arrow + 2);
  size_t comma = lhs.find(',');
  if (node.input_size() != 2 || comma == std::string::npos ||
      lhs.find(',', comma + 1) != std::string::npos)
    return refuse("it does not have two operands");
  TensorInfo *a = input(node, 0);
  TensorInfo *b = a ? input(node, 1) : nullptr;
  if (!a || !b)
    return failure();
  // Terms with "..." expanded to digits '0'.. (letters never are digits).
  int64_t ellipsisRank = -1;
  auto expand = [&](std::string term, int64_t rank) -> std::optional<std::string> {
    size_t dots = term.find("...");
    if (dots == std::string::npos)
      return int64_t(term.size()) == rank ? std::optional<std::string>(term) : std::nullopt;
    int64_t e = rank - int64_t(term.size() - 3);
    if (e < 0 || (ellipsisRank >= 0 && ellipsisRank != e))
      return std::nullopt;
    ellipsisRank = e;
    std::string digits;
    for (int64_t d = 0; d < e; ++d)
      digits += char('0' + d);
    return term.substr(0, dots) + digits + term.substr(dots + 3);
  };
  auto ta = expand(lhs.substr(0, comma), a->shape.size());
  auto tb = expand(lhs.substr(comma + 1), b->shape.size());
  if (!ta || !tb)
    return refuse("a term does not match its operand's rank");
  std::string to;
  if (out) {
    auto t = expand(*out, ellipsisRank < 0 ? out->size() : out->size() - 3 + ellipsisRank);
    if (!t)
      return refuse("the output term's ellipsis");
    to = *t;
  } else {
    for (int64_t d = 0; d < std::max<int64_t>(ellipsisRank, 0); ++d)
      to += char('0' + d);
    std::string once;
    for (char ch : *ta + *tb)
      if (!llvm::isDigit(ch) && llvm::count(*ta + *tb, ch) == 1)
        once += ch;
    llvm::sort(once);
    to += once;
  }
  for (const std::string *t : {&*ta, &*tb, &to})
    for (char ch : *t)
      if (llvm::count(*t, ch) != 1 || !(llvm::isAlpha(ch) || llvm::isDigit(ch)))
        return refuse("an index repeated within a term");
  // Classify the indices, recording their sizes.
  llvm::DenseMap<char, int64_t> size;
  std::string batch, rows, cols, contracted;
  auto dimOf = [&](const std::string &t, const TensorInfo &v, char ch) {
    return v.shape[t.find(ch)];
  };
  for (char ch : *ta) {
    bool inB = tb->find(ch) != std::string::npos, inO = to.find(ch) != std::string::npos;
    size[ch] = dimOf(*ta, *a, ch);
    if (inB && dimOf(*tb, *b, ch) != size[ch]) {
      opError(node) << "equation '" << raw << "': index '"
                    << (llvm::isDigit(ch) ? std::string("...") : std::string(1, ch))
                    << "' has size " << size[ch] << " in the first operand and "
                    << dimOf(*tb, *b, ch)
                    << " in the second (broadcasting in Einsum is not supported)";
      return failure();
    }
    if (inB && inO)
      batch += ch;
    else if (inB)
      contracted += ch;
    else if (inO)
      rows += ch;
    else
      return refuse("an index summed out of one operand");
  }
  for (char ch : *tb) {
    if (ta->find(ch) != std::string::npos)
      continue;
    if (to.find(ch) == std::string::npos)
      return refuse("an index summed out of one operand");
    size[ch] = dimOf(*tb, *b, ch);
    cols += ch;
  }
  for (char ch : to)
    if (!size.count(ch))
      return refuse("an output index in no operand");
  if (contracted.empty())
    return refuse("no contracted index");
  auto sizesOf = [&](const std::string &s) {
    llvm::SmallVector<int64_t> v;
    for (char ch : s)
      v.push_back(size[ch]);
    return v;
  };
  auto toMatmulOperand = [&](TensorInfo &info, const std::string &term,
                             const std::string &order, int64_t rowsN,
                             int64_t colsN) -> FailureOr<Value> {
    auto v = asONNX(node, info);
    if (failed(v))
      return failure();
    llvm::SmallVector<int32_t> perm;
    for (char ch : order)
      perm.push_back(int32_t(term.find(ch)));
    Value x = *v;
    if (!llvm::equal(perm, llvm::seq<int32_t>(0, perm.size())))
      x = transpose(x, perm);
    return reshape(x, {product(sizesOf(batch)), rowsN, colsN});
  };
  int64_t nb = product(sizesOf(batch)), m = product(sizesOf(rows)),
          k = product(sizesOf(contracted)), n = product(sizesOf(cols));
  auto a3 = toMatmulOperand(*a, *ta, batch + rows + contracted, m, k);
  if (failed(a3))
    return failure();
  auto b3 = toMatmulOperand(*b, *tb, batch + contracted + cols, k, n);
  if (failed(b3))
    return failure();
  Value y = tosa::MatMulOp::create(builder, loc, tensorType({nb, m, n}), *a3, *b3,
                                   zeroPointF32(), zeroPointF32());
  std::string yOrder = batch + rows + cols;
  y = reshape(y, sizesOf(yOrder));
  llvm::SmallVector<int32_t> perm;
  for (char ch : to)
    perm.push_back(int32_t(yOrder.find(ch)));
  if (!llvm::equal(perm, llvm::seq<int32_t>(0, perm.size())))
    y = transpose(y, perm);
  TensorInfo info;
  info.shape = sizesOf(to);
  info.value = y;
  setOutput(node, 0, std::move(info));
  return success();
}
