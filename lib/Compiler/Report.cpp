//===- Report.cpp - the per-layer compression report -----------------------===//
#include "compress/Compiler/Report.h"

#include "compress/Dialect/Compress/IR/CompressOps.h"
#include "compress/Dialect/Compress/IR/CompressUtils.h"

#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/Matchers.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"

#include "llvm/Support/MathExtras.h"

#include <cmath>
#include <limits>

using namespace mlir;
using namespace mlir::compress;

namespace {

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
/// elements x reduction length (CompressedLayerOpInterface::getDenseMACs for the
/// compress ops). 0 for ops that are not conv / matmul layers or have dynamic shapes.
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
  if (auto layer = dyn_cast<CompressedLayerOpInterface>(op)) {
    int64_t macs = layer.getDenseMACs();
    return ShapedType::isDynamic(macs) ? 0 : macs; // unknown with dynamic shapes
  }
  return 0;
}

/// The weight operand of a dense conv / matmul layer, or null.
Value denseWeight(Operation *op) {
  if (auto conv = dyn_cast<tosa::Conv2DOp>(op))
    return conv.getWeight();
  if (auto dw = dyn_cast<tosa::DepthwiseConv2DOp>(op))
    return dw.getWeight();
  if (auto mm = dyn_cast<tosa::MatMulOp>(op))
    return mm.getB();
  return nullptr;
}

/// ‖W‖ of a constant float weight, or none.
std::optional<double> constantNorm(Value weight) {
  DenseFPElementsAttr values;
  if (!matchPattern(weight, m_Constant(&values)))
    return std::nullopt;
  double sum = 0;
  for (const APFloat &v : values.getValues<APFloat>()) {
    double d = v.convertToDouble();
    sum += d * d;
  }
  return std::sqrt(sum);
}

/// One op's share of a layer: a row, and ‖W‖ of its original weights (to combine
/// the errors of the parts of one layer).
struct Part {
  ReportRow row;
  std::optional<double> norm;
};

/// The part of a layer `op` computes, or none when it is no layer: a compressed op
/// (from its record), or a dense conv / matmul with constant weights.
std::optional<Part> layerPart(Operation *op) {
  Part part;
  ReportRow &row = part.row;
  row.op = op->getName().getStringRef().str();
  row.layer = layerName(op);
  LayerAttr record = LayerAttr::get(op);
  if (record && record.getMethod() != "dense") {
    row.method = record.getMethod().str();
    row.params = record.getParams().str();
    row.bytesBefore = record.getWeightBytesBefore().value_or(0);
    row.bytesAfter = record.getWeightBytesAfter().value_or(0);
    // Passes that do not change the arithmetic (codebook) leave MACs out.
    row.macsBefore = record.getMacsBefore() ? *record.getMacsBefore() : denseMACs(op);
    row.macsAfter = record.getMacsAfter() ? *record.getMacsAfter() : row.macsBefore;
    if (record.getRelError()) {
      double e = record.getRelErrorValue();
      if (std::isfinite(e))
        row.relError = e;
      else
        row.nonFiniteWeights = true;
    }
    if (record.getWeightNorm())
      part.norm = record.getWeightNorm().getValueAsDouble();
    return part;
  }
  if (auto layer = dyn_cast<CompressedLayerOpInterface>(op)) {
    // A compress op without a record (written by hand, or by a tool that does not
    // record): what the op itself says; the error is unknown.
    StringRef opName = op->getName().stripDialect();
    row.method = opName.take_front(opName.find('_')).str();
    SmallVector<int64_t, 4> shape = layer.getDenseWeightShape();
    int64_t denseElements = 1;
    for (int64_t d : shape)
      denseElements = ShapedType::isDynamic(d) ? 0 : denseElements * d;
    int64_t bytesAfter = layer.getCompressedWeightBytes();
    int64_t macsAfter = layer.getCompressedMACs();
    row.bytesBefore = denseElements * 4;
    row.bytesAfter = ShapedType::isDynamic(bytesAfter) ? 0 : bytesAfter;
    row.macsBefore = denseMACs(op);
    row.macsAfter = ShapedType::isDynamic(macsAfter) ? 0 : macsAfter;
    return part;
  }
  Value weight = denseWeight(op);
  if (!weight || !matchPattern(weight, m_Constant()))
    return std::nullopt;
  auto type = cast<ShapedType>(weight.getType());
  row.method = "dense";
  row.bytesBefore = row.bytesAfter =
      type.getNumElements() * ((type.getElementTypeBitWidth() + 7) / 8);
  row.macsBefore = row.macsAfter = denseMACs(op);
  // A dense layer is exact, unless its weights are NaN/Inf: then claim nothing.
  row.nonFiniteWeights = hasNonFiniteWeights(weight);
  if (!row.nonFiniteWeights)
    row.relError = 0.0;
  part.norm = constantNorm(weight);
  return part;
}

/// Appends `text` to the ", "-separated list `list` unless it is already in it.
void appendUnique(std::string &list, StringRef text, StringRef separator) {
  SmallVector<StringRef> items;
  StringRef(list).split(items, separator);
  if (list.empty())
    list = text.str();
  else if (!llvm::is_contained(items, text))
    list = (list + separator + text).str();
}

/// One row for the parts of one layer (the per-group convs the importer builds for
/// a grouped conv): bytes and MACs add up, the error is ‖W − Ŵ‖ / ‖W‖ over the whole
/// layer, sqrt(Σ (e_g·‖W_g‖)²) / sqrt(Σ ‖W_g‖²), unknown when a part's is.
/// a += b, saturating at INT64_MAX (hand-written records may hold any count).
void addSaturating(int64_t &a, int64_t b) {
  int64_t sum;
  a = llvm::AddOverflow(a, b, sum) ? std::numeric_limits<int64_t>::max() : sum;
}

ReportRow combine(ArrayRef<Part> parts) {
  if (parts.size() == 1)
    return parts.front().row;
  ReportRow row = parts.front().row;
  row.method.clear();
  row.params.clear();
  row.bytesBefore = row.bytesAfter = row.macsBefore = row.macsAfter = 0;
  double err2 = 0, norm2 = 0;
  bool known = true;
  for (const Part &part : parts) {
    const ReportRow &r = part.row;
    appendUnique(row.method, r.method, ",");
    appendUnique(row.params, r.params, "; ");
    addSaturating(row.bytesBefore, r.bytesBefore);
    addSaturating(row.bytesAfter, r.bytesAfter);
    addSaturating(row.macsBefore, r.macsBefore);
    addSaturating(row.macsAfter, r.macsAfter);
    row.nonFiniteWeights |= r.nonFiniteWeights;
    if (!r.relError || (!part.norm && *r.relError != 0)) {
      known = false;
      continue;
    }
    double norm = part.norm.value_or(0);
    if (!std::isfinite(norm)) {
      known = false;
      continue;
    }
    err2 += (*r.relError * norm) * (*r.relError * norm);
    norm2 += norm * norm;
  }
  row.relError.reset();
  double combined = norm2 > 0 ? std::sqrt(err2 / norm2) : 0.0;
  if (known && !row.nonFiniteWeights && std::isfinite(combined))
    row.relError = combined;
  return row;
}

} // namespace

SmallVector<ReportRow> compress::collectReport(ModuleOp module) {
  // The parts of one layer are adjacent in program order and share its name.
  SmallVector<SmallVector<Part, 1>> layers;
  module.walk([&](Operation *op) {
    std::optional<Part> part = layerPart(op);
    if (!part)
      return;
    if (!layers.empty() && !part->row.layer.empty() &&
        layers.back().front().row.layer == part->row.layer)
      layers.back().push_back(std::move(*part));
    else
      layers.push_back({std::move(*part)});
  });
  SmallVector<ReportRow> rows;
  for (const auto &parts : layers)
    rows.push_back(combine(parts));
  return rows;
}

llvm::StringMap<std::string> compress::collectLayerMethods(ModuleOp module) {
  llvm::StringMap<std::string> methods;
  module.walk([&](Operation *op) {
    std::string name = layerName(op);
    if (name.empty())
      return;
    if (LayerAttr record = LayerAttr::get(op); record && record.getMethod() != "dense") {
      methods[name] = record.getMethod().str();
    } else if (isa<CompressedLayerOpInterface>(op)) {
      StringRef opName = op->getName().stripDialect();
      methods[name] = opName.take_front(opName.find('_')).str();
    } else if (Value weight = denseWeight(op); weight && matchPattern(weight, m_Constant())) {
      methods.try_emplace(name, "dense");
    }
  });
  return methods;
}

void compress::printReport(ArrayRef<ReportRow> rows, llvm::raw_ostream &os, bool json,
                           const ReportMemory &memory) {
  int64_t before = 0, after = 0, macsBefore = 0, macsAfter = 0;
  for (const auto &r : rows) {
    addSaturating(before, r.bytesBefore);
    addSaturating(after, r.bytesAfter);
    addSaturating(macsBefore, r.macsBefore);
    addSaturating(macsAfter, r.macsAfter);
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
    llvm::json::Object root{{"layers", std::move(layers)},
                            {"total_weight_bytes_before", before},
                            {"total_weight_bytes_after", after},
                            {"total_macs_before", macsBefore},
                            {"total_macs_after", macsAfter}};
    if (memory.scratchBytes >= 0)
      root["scratch_bytes_per_call"] = memory.scratchBytes;
    if (memory.libraryBytes >= 0)
      root["library_bytes"] = memory.libraryBytes;
    os << llvm::formatv("{0:2}", llvm::json::Value(std::move(root))) << "\n";
    return;
  }
  // Text: every cell is built first, so each column is as wide as its widest cell
  // (counts up to INT64_MAX, names of any length); control characters in names and
  // params are escaped so that a row stays one line.
  auto escape = [](StringRef text) {
    std::string out;
    for (unsigned char c : text) {
      if (c == '\n')
        out += "\\n";
      else if (c == '\t')
        out += "\\t";
      else if (c < 0x20 || c == 0x7f)
        out += llvm::formatv("\\x{0:x-2}", unsigned(c)).str();
      else
        out += char(c);
    }
    return out;
  };
  auto ratio = [](int64_t b, int64_t a) {
    return llvm::formatv("{0:F2}", a ? double(b) / double(a) : 0.0).str();
  };
  std::vector<std::array<std::string, 9>> table;
  table.push_back({"layer", "method", "params", "bytes before", "bytes after", "ratio",
                   "MACs before", "MACs after", "rel error"});
  for (const auto &r : rows) {
    std::string err = r.nonFiniteWeights ? "non-finite"
                      : r.relError        ? llvm::formatv("{0:F4}", *r.relError).str()
                                          : "";
    table.push_back({escape(r.layer), escape(r.method), escape(r.params),
                     std::to_string(r.bytesBefore), std::to_string(r.bytesAfter),
                     ratio(r.bytesBefore, r.bytesAfter), std::to_string(r.macsBefore),
                     std::to_string(r.macsAfter), err});
  }
  table.push_back({"total", "", std::to_string(rows.size()) + " layers", std::to_string(before),
                   std::to_string(after), ratio(before, after), std::to_string(macsBefore),
                   std::to_string(macsAfter), ""});
  // Minimum widths keep the layout of small reports stable.
  std::array<size_t, 9> width = {5, 9, 34, 13, 13, 8, 13, 13, 11};
  for (const auto &cells : table)
    for (size_t i = 0; i < cells.size(); ++i)
      width[i] = std::max(width[i], cells[i].size() + (i == 0 ? 0 : 1));
  for (const auto &cells : table) {
    std::string text = llvm::formatv("{0}  {1}{2}", llvm::left_justify(cells[0], width[0]),
                                     llvm::left_justify(cells[1], width[1]),
                                     llvm::left_justify(cells[2], width[2]))
                           .str();
    for (size_t i = 3; i < cells.size(); ++i)
      text += llvm::formatv("{0}", llvm::right_justify(cells[i], width[i])).str();
    os << StringRef(text).rtrim() << "\n";
  }
  if (memory.scratchBytes >= 0)
    os << "scratch memory per call: " << memory.scratchBytes << " bytes\n";
  if (memory.libraryBytes >= 0)
    os << "library: " << memory.libraryBytes << " bytes\n";
}

