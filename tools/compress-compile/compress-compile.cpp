//===- compress-compile.cpp - ahead-of-time compiler for (compressed) CNNs ===//
//
//   compress-compile model.onnx|model.mlir [--input-shape x=1,3,48,192]
//       [--codebook-bits=N ...] [--emit=mlir|compressed|lowered|llvm|obj|lib] -o out
//
// A thin client of the compiler library (include/compress/Compiler): the
// command line becomes a CompileOptions (Compiler/CommandLine.h), compileModel
// runs the stages (Compiler/Compiler.h) and the report is printed.
//
#include "compress/Compiler/CommandLine.h"
#include "compress/Compiler/Compiler.h"
#include "compress/Target/Codegen.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/Timing.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/WithColor.h"

using namespace mlir;
using namespace mlir::compress;

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  // The library, object and header temporaries go on SIGPIPE too (-v 2>&1 | head).
  mlir::compress::removeFilesOnPipeSignal();
  registerAsmPrinterCLOptions();
  registerMLIRContextCLOptions();
  registerPassManagerCLOptions();
  registerDefaultTimingManagerCLOptions();
  registerCompilerPasses();
  registerCompileCLOptions();
  llvm::cl::HideUnrelatedOptions(compileCLCategories());
  llvm::cl::ParseCommandLineOptions(
      argc, argv,
      "compress-compile: ahead-of-time compiler for (compressed) CNNs\n\n"
      "  ONNX or MLIR in; MLIR, LLVM IR, an object file or a shared library with a C\n"
      "  header out. Example:\n"
      "    compress-compile cls.onnx --input-shape x=1,3,48,192 --codebook-bits=4 \\\n"
      "        --report -o libcls.so\n"
      "  --emit=mlir|compressed with --mlir-print-debuginfo keeps the ONNX node locations\n"
      "  in the file; layer names are kept either way.\n");

  std::string error;
  FailureOr<CompileOptions> options = compileOptionsFromCL(error);
  if (failed(options)) {
    llvm::WithColor::error(llvm::errs(), "compress-compile") << error << "\n";
    return 1;
  }
  CompileResult result;
  LogicalResult compiled = compileModel(*options, llvm::errs(), result, "compress-compile");
  // The report goes to stdout, unless the output does.
  if (!result.report.empty())
    (result.outputPath == "-" ? llvm::errs() : llvm::outs()) << result.report;
  return failed(compiled) ? 1 : 0;
}
