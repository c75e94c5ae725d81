//===- Pipeline.h - compression options to a pass pipeline -----*- C++ -*-===//
//
// Builds the compression pass pipeline from CompressionOptions with the passes'
// generated option structs (Compression/Passes.h), in the order the options
// document, and appends CompressionOptions::extraPipeline parsed as text.
// `compress-compile -v` prints the result as a textual pipeline, which
// `compress-opt --pass-pipeline=...` runs alone.
//
#ifndef COMPRESS_COMPILER_PIPELINE_H
#define COMPRESS_COMPILER_PIPELINE_H

#include "compress/Compiler/CompileOptions.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/PassManager.h"

#include <string>

namespace mlir::compress {

/// Adds the compression passes `options` selects to `pm` (a module pass manager).
/// Fails, with `error` set, when extraPipeline does not parse.
LogicalResult buildCompressionPipeline(OpPassManager &pm, const CompressionOptions &options,
                                       std::string &error);

/// An explicit `builtin.module(...)` anchor around a whole textual pipeline is
/// unwrapped in place: parsed as written, it would nest a pass manager that runs on
/// nested modules only, i.e. on nothing. Returns "" or why the text is refused (an
/// anchor that does not wrap the whole text, or a nested one).
std::string unwrapModuleAnchor(std::string &text);

/// The names of a comma-separated layer list, trimmed; empty with `error` set when
/// a name is empty. Any other character may appear in a name: the passes get the
/// list as a typed option. `flag` names the option in the message.
std::vector<std::string> splitLayerNames(llvm::StringRef flag, llvm::StringRef value,
                                         std::string &error);

// --- group E: default recognition of already-compressed weights ---
/// A layer whose constant weight is already compressed, and how it is compiled.
struct RecognizedLayer {
  std::string name;
  /// "binary" (compress-binarize{mode=recognize}), "sparse" (compress-sparsify) or
  /// "codebook" (compress-codebook{bits, per-channel}).
  std::string method;
  int64_t bits = 0;
  bool perChannel = false;
};

/// The layers of `module` (tosa.conv2d / depthwise_conv2d / matmul with a constant
/// f32 weight, matchLayerWeight) that none of `options`' methods selects (a flag
/// without a layer list, --sparsify, --binarize and --pipeline select every layer),
/// that carry no record of an earlier compression (#compress.layer not "dense"),
/// and whose weight is already compressed, each compiled losslessly as:
///  * binary, when a sign (ge0 or ONNX Sign, possibly behind transpose / reshape /
///    zero padding) feeds it, every weight row is ±α and the packed bits are smaller
///    (findRecognizableBinaryLayers, compress/Compression/Binarize.h);
///  * else sparse, when its fraction of zero weights reaches its break-even
///    (compress-sparsify's per-layer cost model, compress/Compression/SparseCostModel.h,
///    measured in docs/performance.md);
///  * else a codebook, when the weight has d <= 256 distinct values per tensor or
///    per output channel: b = max(1, ceil(log2 d)) bits, so k-means has at most k =
///    2^b distinct values and returns exactly them (rel_error 0); per tensor or per
///    channel, whichever has fewer bytes, and only when smaller than the f32 weight.
/// Empty when options.recognize is false. Layers with non-finite weights are left
/// alone.
std::vector<RecognizedLayer> planRecognition(ModuleOp module, const CompressionOptions &options);

/// Adds the passes compiling `layers` as planned: one compress-binarize (recognize),
/// one compress-sparsify and one compress-codebook per (bits, per-channel), each
/// restricted by its `layers` option.
void buildRecognitionPipeline(OpPassManager &pm, llvm::ArrayRef<RecognizedLayer> layers);
// --- end group E ---

} // namespace mlir::compress

#endif // COMPRESS_COMPILER_PIPELINE_H
