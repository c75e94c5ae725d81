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

} // namespace mlir::compress

#endif // COMPRESS_COMPILER_PIPELINE_H
