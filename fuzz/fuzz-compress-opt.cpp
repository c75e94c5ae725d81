//===- fuzz-compress-opt.cpp - libFuzzer target: our passes on parsed MLIR ===//
//
// Bytes -> MLIR source parser (compress, func, tosa, tensor, arith dialects
// registered) -> verify; a module that verifies is then cloned once per
// pipeline below, and each pipeline runs pass by pass, the module verified
// after each pass that succeeded:
//   convert-compress-to-linalg                      (compress ops in the input)
//   compress-codebook, -lowrank, -prune, -prune + -sparsify, -binarize, each
//   followed by convert-compress-to-linalg.
// A pass may fail with an error diagnostic (that is the contract for bad IR).
// Findings: a crash or sanitizer report, a pass that succeeds and leaves IR
// that does not verify, a pass that fails without an error diagnostic.
//
#include "compress/Conversion/Passes.h"
#include "compress/Dialect/Compress/IR/CompressDialect.h"
#include "compress/Compression/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

static const char *const kPipelines[][3] = {
    {"convert-compress-to-linalg", nullptr, nullptr},
    {"compress-codebook{bits=2 max-iterations=10}", "convert-compress-to-linalg", nullptr},
    {"compress-lowrank{energy=0.9}", "convert-compress-to-linalg", nullptr},
    {"compress-prune", "convert-compress-to-linalg", nullptr},
    {"compress-prune", "compress-sparsify", "convert-compress-to-linalg"},
    {"compress-binarize", "convert-compress-to-linalg", nullptr},
    {"compress-binarize", "compress-binary-thresholds", "convert-compress-to-linalg"},
    {"compress-binary-thresholds", "convert-compress-to-linalg", nullptr},
};

extern "C" int LLVMFuzzerInitialize(int *, char ***) {
  mlir::compress::registerCompressPasses();
  mlir::compress::registerCompressConversionPasses();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  mlir::DialectRegistry registry;
  registry.insert<mlir::compress::CompressDialect, mlir::func::FuncDialect,
                  mlir::tosa::TosaDialect, mlir::tensor::TensorDialect,
                  mlir::arith::ArithDialect>();
  mlir::MLIRContext context(registry, mlir::MLIRContext::Threading::DISABLED);
  int errors = 0;
  mlir::ScopedDiagnosticHandler handler(&context, [&](mlir::Diagnostic &diag) {
    if (diag.getSeverity() == mlir::DiagnosticSeverity::Error)
      ++errors;
    return mlir::success();
  });

  // MLIR's lexer reads one character past a token that ends the buffer, relying on
  // the NUL terminator every llvm::MemoryBuffer of a file or stdin has (compress-opt's
  // input); parseSourceString does not add one, and libFuzzer's input has none. A
  // std::string gives the same guarantee as the tools (docs/reliability.md).
  std::string text(reinterpret_cast<const char *>(data), size);
  llvm::StringRef source(text.c_str(), text.size());
  mlir::ParserConfig config(&context);
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::parseSourceString<mlir::ModuleOp>(source, config, "fuzz-input");
  if (!module || mlir::failed(mlir::verify(*module)))
    return 0;

  for (const auto &pipeline : kPipelines) {
    mlir::OwningOpRef<mlir::ModuleOp> clone = module->clone();
    for (const char *pass : pipeline) {
      if (!pass)
        break;
      mlir::PassManager pm(&context);
      pm.enableVerifier(false); // verified below, to tell a broken pass from bad input
      if (mlir::failed(mlir::parsePassPipeline(std::string("builtin.module(") + pass + ")",
                                               pm))) {
        fprintf(stderr, "fuzz-compress-opt: cannot parse pipeline '%s'\n", pass);
        abort();
      }
      int errorsBefore = errors;
      if (mlir::failed(pm.run(*clone))) {
        if (errors == errorsBefore) {
          fprintf(stderr, "fuzz-compress-opt: '%s' failed without an error diagnostic\n", pass);
          abort();
        }
        break;
      }
      if (mlir::failed(mlir::verify(*clone))) {
        fprintf(stderr, "fuzz-compress-opt: '%s' succeeded but left IR that does not verify\n",
                pass);
        abort();
      }
    }
  }
  return 0;
}
