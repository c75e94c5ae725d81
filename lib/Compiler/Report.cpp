//===- Report.cpp - the per-layer compression report -----------------------===//
#include "compress/Compiler/Report.h"

#include "compress/Dialect/Compress/IR/CompressOps.h"

#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/Matchers.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/Path.h"

#include <cmath>

using namespace mlir;
using namespace mlir::compress;

namespace {

std::string reportLayerName(Location loc) {
  if (auto name = dyn_cast<NameLoc>(loc))
    return name.getName().str();
  if (auto fused = dyn_cast<FusedLoc>(loc))
    for (Location inner : fused.getLocations()) {
      std::string name = reportLayerName(inner);
      if (!name.empty())
        return name;
    }
  if (auto file = dyn_cast<FileLineColLoc>(loc))
    return (llvm::sys::path::filename(file.getFilename().getValue()) + ":" +
            Twine(file.getLine()))
        .str();
  return "";
}


/// Whether a constant float weight holds NaN or Inf (false when not a dense
/// float constant).
bool hasNonFiniteWeights(Value weight) {
  DenseFPElementsAttr values;
  if (!matchPattern(weight, m_Constant(&values)))
    return false;
  return llvm::any_of(values.getValues<APFloat>(),
                      [](const APFloat &v) { return !v.isFinite(); });
}

int64_t numElements(Type type) {
  auto shaped = dyn_cast<ShapedType>(type);
  return shaped && shaped.hasStaticShape() ? shaped.getNumElements() : 0;
}

int64_t dimSize(Value value, unsigned dim) {
  auto shaped = dyn_cast<ShapedType>(value.getType());
  return shaped && shaped.hasRank() && dim < shaped.getRank() ? shaped.getDimSize(dim) : 0;
}

/// Multiply-accumulates of the dense layer an op computes (batch included): output
/// elements x reduction length. 0 for ops that are not conv / matmul layers.
int64_t denseMACs(Operation *op) {
  if (op->getNumResults() != 1)
    return 0;
  int64_t outputs = numElements(op->getResult(0).getType());
  if (auto conv = dyn_cast<tosa::Conv2DOp>(op))
    return outputs * dimSize(conv.getWeight(), 1) * dimSize(conv.getWeight(), 2) *
           dimSize(conv.getWeight(), 3);
  if (auto dw = dyn_cast<tosa::DepthwiseConv2DOp>(op))
    return outputs * dimSize(dw.getWeight(), 0) * dimSize(dw.getWeight(), 1);
  if (auto mm = dyn_cast<tosa::MatMulOp>(op))
    return outputs * dimSize(mm.getA(), 2);
  if (op->getDialect() && op->getDialect()->getNamespace() == "compress" &&
      op->getNumOperands() > 0) {
    Value input = op->getOperand(0);
    if (auto kernel = op->getAttrOfType<DenseI64ArrayAttr>("kernel_size")) {
      auto groups = op->getAttrOfType<IntegerAttr>("groups");
      int64_t g = groups ? std::max<int64_t>(groups.getInt(), 1) : 1;
      return outputs * kernel[0] * kernel[1] * (dimSize(input, 3) / g);
    }
    if (auto lowrank = dyn_cast<LowRankConv2DOp>(op))
      return outputs * dimSize(lowrank.getU(), 1) * dimSize(lowrank.getU(), 2) *
             dimSize(input, 3);
    if (auto binary = dyn_cast<BinaryConv2DOp>(op)) {
      auto groups = binary.getGroups();
      return outputs * dimSize(binary.getWeightBits(), 1) * dimSize(binary.getWeightBits(), 2) *
             (dimSize(input, 3) / std::max<int64_t>(groups, 1));
    }
    if (cast<ShapedType>(input.getType()).getRank() == 2)
      return outputs * dimSize(input, 1);
  }
  return 0;
}

} // namespace

SmallVector<ReportRow> compress::collectReport(ModuleOp module) {
  SmallVector<ReportRow> rows;
  module.walk([&](Operation *op) {
    ReportRow row;
    row.op = op->getName().getStringRef().str();
    if (auto info = op->getAttrOfType<DictionaryAttr>("compress.info")) {
      auto str = [&](StringRef key) {
        auto s = info.getAs<StringAttr>(key);
        return s ? s.str() : std::string();
      };
      auto i64 = [&](StringRef key) {
        auto v = info.getAs<IntegerAttr>(key);
        return v ? v.getInt() : int64_t(0);
      };
      row.layer = str("layer");
      row.method = str("method");
      row.params = str("params");
      row.bytesBefore = i64("weight_bytes_before");
      row.bytesAfter = i64("weight_bytes_after");
      // Passes that do not change the arithmetic (codebook) may leave MACs out.
      row.macsBefore = info.contains("macs_before") ? i64("macs_before") : denseMACs(op);
      row.macsAfter = info.contains("macs_after") ? i64("macs_after") : row.macsBefore;
      if (auto e = info.getAs<FloatAttr>("rel_error")) {
        if (std::isfinite(e.getValueAsDouble()))
          row.relError = e.getValueAsDouble();
        else
          row.nonFiniteWeights = true;
      }
      if (row.layer.empty())
        row.layer = reportLayerName(op->getLoc());
      rows.push_back(row);
      return;
    }
    Value weight;
    if (auto conv = dyn_cast<tosa::Conv2DOp>(op))
      weight = conv.getWeight();
    else if (auto dw = dyn_cast<tosa::DepthwiseConv2DOp>(op))
      weight = dw.getWeight();
    else if (auto mm = dyn_cast<tosa::MatMulOp>(op))
      weight = mm.getB();
    if (!weight || !matchPattern(weight, m_Constant()))
      return;
    auto type = cast<ShapedType>(weight.getType());
    row.layer = reportLayerName(op->getLoc());
    row.method = "dense";
    row.bytesBefore = row.bytesAfter =
        type.getNumElements() * ((type.getElementTypeBitWidth() + 7) / 8);
    row.macsBefore = row.macsAfter = denseMACs(op);
    // A dense layer is exact, unless its weights are NaN/Inf: then claim nothing.
    row.nonFiniteWeights = hasNonFiniteWeights(weight);
    if (!row.nonFiniteWeights)
      row.relError = 0.0;
    rows.push_back(row);
  });
  return rows;
}

void compress::printReport(ArrayRef<ReportRow> rows, llvm::raw_ostream &os, bool json) {
  int64_t before = 0, after = 0, macsBefore = 0, macsAfter = 0;
  for (const auto &r : rows) {
    before += r.bytesBefore;
    after += r.bytesAfter;
    macsBefore += r.macsBefore;
    macsAfter += r.macsAfter;
  }
  if (json) {
    llvm::json::Array layers;
    for (const auto &r : rows)
      layers.push_back(llvm::json::Object{{"layer", r.layer},
                                          {"op", r.op},
                                          {"method", r.method},
                                          {"params", r.params},
                                          {"weight_bytes_before", r.bytesBefore},
                                          {"weight_bytes_after", r.bytesAfter},
                                          {"macs_before", r.macsBefore},
                                          {"macs_after", r.macsAfter},
                                          {"rel_error", r.relError ? llvm::json::Value(*r.relError)
                                                                   : llvm::json::Value(nullptr)},
                                          {"non_finite_weights", r.nonFiniteWeights}});
    os << llvm::formatv("{0:2}", llvm::json::Value(llvm::json::Object{
                                     {"layers", std::move(layers)},
                                     {"total_weight_bytes_before", before},
                                     {"total_weight_bytes_after", after},
                                     {"total_macs_before", macsBefore},
                                     {"total_macs_after", macsAfter}}))
       << "\n";
    return;
  }
  size_t width = 5, methodWidth = 9, paramsWidth = 34;
  for (const auto &r : rows) {
    width = std::max(width, r.layer.size());
    methodWidth = std::max(methodWidth, r.method.size() + 1);
    paramsWidth = std::max(paramsWidth, r.params.size() + 1);
  }
  os << llvm::left_justify("layer", width) << "  " << llvm::left_justify("method", methodWidth)
     << llvm::left_justify("params", paramsWidth) << llvm::right_justify("bytes before", 13)
     << llvm::right_justify("bytes after", 13) << llvm::right_justify("ratio", 8)
     << llvm::right_justify("MACs before", 13) << llvm::right_justify("MACs after", 13)
     << llvm::right_justify("rel error", 11) << "\n";
  auto line = [&](StringRef layer, StringRef method, StringRef params, int64_t b, int64_t a,
                  int64_t mb, int64_t ma, std::optional<double> err, bool nonFinite) {
    os << llvm::left_justify(layer, width) << "  " << llvm::left_justify(method, methodWidth)
       << llvm::left_justify(params, paramsWidth) << llvm::format_decimal(b, 13)
       << llvm::format_decimal(a, 13)
       << llvm::format("%8.2f", a ? static_cast<double>(b) / static_cast<double>(a) : 0.0)
       << llvm::format_decimal(mb, 13) << llvm::format_decimal(ma, 13);
    if (nonFinite)
      os << llvm::right_justify("non-finite", 11);
    else if (err)
      os << llvm::format("%11.4f", *err);
    os << "\n";
  };
  for (const auto &r : rows)
    line(r.layer, r.method, r.params, r.bytesBefore, r.bytesAfter, r.macsBefore, r.macsAfter,
         r.relError, r.nonFiniteWeights);
  line("total", "", Twine(rows.size()).concat(" layers").str(), before, after, macsBefore,
       macsAfter, std::nullopt, false);
}

