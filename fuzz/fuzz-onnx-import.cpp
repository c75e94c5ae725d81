//===- fuzz-onnx-import.cpp - libFuzzer target: the ONNX importer --------===//
//
// Bytes -> importONNXModel (protobuf ModelProto parse, ONNX checker, our
// importer to func + tosa) -> mlir::verify, as compress-compile does for its
// input. The public API reads a path, so the bytes go to one temporary file per
// process, rewritten for each input. Expected outcomes: a module that verifies,
// or null after an error diagnostic. Findings: a crash or sanitizer report, a
// returned module that does not verify, null without a diagnostic, or an
// "internal error" diagnostic.
//
#include "compress/Import/ONNXImporter.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

static llvm::SmallString<128> modelPath;

static void removeModelFile() { llvm::sys::fs::remove(modelPath); }

extern "C" int LLVMFuzzerInitialize(int *, char ***) {
  if (llvm::sys::fs::createTemporaryFile("fuzz-onnx-import", "onnx", modelPath)) {
    fprintf(stderr, "fuzz-onnx-import: cannot create a temporary file\n");
    abort();
  }
  atexit(removeModelFile);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  {
    std::error_code ec;
    llvm::raw_fd_ostream os(modelPath, ec);
    if (ec)
      abort();
    os.write(reinterpret_cast<const char *>(data), size);
  }
  mlir::DialectRegistry registry;
  mlir::compress::registerONNXImportDialects(registry);
  mlir::MLIRContext context(registry, mlir::MLIRContext::Threading::DISABLED);
  bool sawError = false, internalError = false;
  mlir::ScopedDiagnosticHandler handler(&context, [&](mlir::Diagnostic &diag) {
    if (diag.getSeverity() == mlir::DiagnosticSeverity::Error) {
      sawError = true;
      // Our own "internal error: ..." diagnostics start with it; a name in the
      // model that merely contains the words (the ONNX checker quotes node and
      // value names) is not one.
      std::string text = diag.str();
      if (llvm::StringRef(text).starts_with("internal error")) {
        internalError = true;
        fprintf(stderr, "fuzz-onnx-import: %s\n", text.c_str());
      }
    }
    return mlir::success();
  });
  mlir::compress::ONNXImportOptions options;
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::compress::importONNXModel(modelPath, &context, options);
  if (internalError)
    abort();
  if (!module) {
    if (!sawError) {
      fprintf(stderr, "fuzz-onnx-import: import failed without an error diagnostic\n");
      abort();
    }
    return 0;
  }
  if (mlir::failed(mlir::verify(*module))) {
    fprintf(stderr, "fuzz-onnx-import: the imported module does not verify\n");
    abort();
  }
  return 0;
}
