//===- Compiler.h - the compilation stages as a library --------*- C++ -*-===//
//
// compress-compile, the C API (include/compress-c/Compiler.h) and tests call
// this one function; the tool only parses its command line (CommandLine.h).
//
//   input (.onnx | .mlir of any stage)
//     1. import ONNX (lib/Import) or parse MLIR
//     2. compression passes (Pipeline.h: buildCompressionPipeline)     --emit=compressed
//        [report: Report.h]
//     3. compress-lower-to-llvm with the model ABI (lib/Pipelines,
//        lib/Target: compress-model-signature, compress-model-abi)     --emit=lowered
//     4. LLVM IR: translate + optimize (lib/Target/Codegen)            --emit=llvm
//     5. object file                                                   --emit=obj
//     6. shared library + C header                                     --emit=lib
//
// Phases are timed with MLIR's timing manager (CompileOptions::timing, or
// --mlir-timing through the registered MLIR options).
//
// Errors are reported to `diagnostics` (located where the IR has a location,
// else "error: <message>" with the tool name in front) and make the
// compilation fail; outputs are written atomically (temporary file renamed over
// the target, removed on failure and on SIGINT/SIGTERM), so a failed compilation
// leaves no partial output and replaces nothing.
//
#ifndef COMPRESS_COMPILER_COMPILER_H
#define COMPRESS_COMPILER_COMPILER_H

#include "compress/Compiler/CompileOptions.h"

#include "mlir/Support/LLVM.h"
#include "llvm/Support/raw_ostream.h"

#include <string>

namespace mlir {
class DialectRegistry;
class MLIRContext;
} // namespace mlir

namespace mlir::compress {

/// What a successful compilation leaves besides its output files.
struct CompileResult {
  /// The per-layer report in CompileOptions::report's format ("" for None).
  std::string report;
  /// The paths written: the output, and the C header for EmitStage::Library.
  std::string outputPath, headerPath;
};

/// Runs the compilation `options` describes (see the file comment). Diagnostics go
/// to `diagnostics`, prefixed by `toolName` when they have no location.
LogicalResult compileModel(const CompileOptions &options, llvm::raw_ostream &diagnostics,
                           CompileResult &result, llvm::StringRef toolName = "compress");

/// Registers everything a compilation may parse, create or run: dialects (through
/// registerCompressDialects), the compress passes and pipelines, and the upstream
/// passes a --pipeline may name. Idempotent.
void registerCompilerPasses();

} // namespace mlir::compress

#endif // COMPRESS_COMPILER_COMPILER_H
