//===- compress-opt.cpp - opt-style driver: any pass pipeline on .mlir ----===//
//
// Registers the compress dialect and passes, our pipelines, and the upstream
// dialects and passes those pipelines use (not register-everything).
//
// Unlike mlir-opt, which opens -o before it runs and deletes it on failure
// (even when it is the input), the output path is checked up front (not the
// input, a device or a FIFO) and written atomically: to a temporary file
// renamed over it on success, so a failure leaves the old file untouched.
//
// A bad pass option value (--compress-prune=scope=bogus, or in --pass-pipeline)
// is one error line naming the pass, the option and an enum option's values
// (PassOptionErrors.h), not llvm::cl's line plus MLIR's empty
// `<unknown>:0: error:`.
//
#include "PassOptionErrors.h"

#include "compress/Conversion/Passes.h"
#include "compress/Compression/Passes.h"
#include "compress/DenseCodegen/Passes.h"
#include "compress/Import/Passes.h"
#include "compress/Pipelines/Pipelines.h"
#include "compress/Target/Codegen.h"
#include "compress/Target/ModelABI.h"

#include "mlir/Conversion/Passes.h"
#include "mlir/Dialect/Bufferization/Pipelines/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Dialect/Tosa/Transforms/Passes.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/WithColor.h"

int main(int argc, char **argv) {
  mlir::registerTransformsPasses(); // canonicalize, cse, inline, symbol-dce, ...
  mlir::compress::registerCompressPasses();
  mlir::compress::registerCompressConversionPasses();
  mlir::compress::registerCompressDenseCodegenPasses();
  mlir::compress::registerCompressPipelines();
  mlir::compress::registerCompressTargetPasses(); // compress-model-signature, compress-model-abi
  mlir::compress::registerCompressImportPasses();  // compress-fold-batchnorm

  // Upstream passes the pipelines are made of, so each stage can be run alone.
  mlir::registerTosaToLinalg();
  mlir::registerTosaToLinalgNamed();
  mlir::registerTosaToArithPass();
  mlir::registerTosaToTensorPass();
  mlir::tosa::registerTosaToLinalgPipelines();
  mlir::tosa::registerTosaPasses();
  mlir::registerLinalgPasses();
  mlir::bufferization::registerBufferizationPasses();
  mlir::bufferization::registerBufferizationPipelines();
  mlir::memref::registerMemRefPasses();
  mlir::registerLowerAffinePass();
  mlir::registerSCFToControlFlowPass();
  mlir::registerConvertMathToLLVMPass();
  mlir::registerArithToLLVMConversionPass();
  mlir::registerFinalizeMemRefToLLVMConversionPass();
  mlir::registerConvertFuncToLLVMPass();
  mlir::registerConvertControlFlowToLLVMPass();
  mlir::registerConvertIndexToLLVMPass();
  mlir::registerReconcileUnrealizedCastsPass();
  mlir::registerConvertVectorToSCF();
  mlir::registerConvertVectorToLLVMPass();
  mlir::registerConvertSCFToOpenMPPass();
  mlir::registerConvertOpenMPToLLVMPass();
  mlir::registerUBToLLVMConversionPass();

  mlir::DialectRegistry registry;
  mlir::compress::registerCompressDialects(registry);
  llvm::InitLLVM initLLVM(argc, argv);
  // -o is written to a temporary file (llvm::writeToOutput) removed on a signal;
  // SIGPIPE too (--mlir-print-ir-after-all 2>&1 | head).
  mlir::compress::removeFilesOnPipeSignal();
  auto [inputPath, outputPath] = mlir::registerAndParseCLIOptions(
      argc, argv, "compress optimizer driver\n", registry);
  mlir::MlirOptMainConfig config = mlir::MlirOptMainConfig::createFromCLOptions();
  {
    mlir::MlirOptMainConfig original = config;
    std::vector<std::string> args(argv + 1, argv + argc);
    config.setPassPipelineSetupFn([original, args](mlir::PassManager &pm) {
      return compress_opt::setupPipelineWithCleanErrors(original, pm, args);
    });
  }
  if (config.shouldShowDialects() || config.shouldListPasses())
    return mlir::asMainReturnCode(mlir::MlirOptMain(
        llvm::outs(), llvm::MemoryBuffer::getMemBuffer(""), registry, config));

  auto fail = [](const llvm::Twine &message) {
    llvm::WithColor::error(llvm::errs(), "compress-opt") << message << "\n";
    return EXIT_FAILURE;
  };
  std::string error =
      mlir::compress::checkOutputPath(outputPath, inputPath, "output", /*discardsDevNull=*/true);
  if (!error.empty())
    return fail(error);
  auto input = mlir::openInputFile(inputPath, &error);
  if (!input)
    return fail(error);
  bool ran = false, processed = false;
  llvm::Error written = llvm::writeToOutput(outputPath, [&](llvm::raw_ostream &os) -> llvm::Error {
    ran = true;
    if (failed(mlir::MlirOptMain(os, std::move(input), registry, config)))
      return llvm::createStringError("failed");
    processed = true;
    return llvm::Error::success();
  });
  if (ran && !processed) {
    // MlirOptMain has reported why; the output file is untouched.
    llvm::consumeError(std::move(written));
    return EXIT_FAILURE;
  }
  // Not run: the temporary file next to the output could not be created
  // (e.g. a missing directory).
  if (written)
    return fail("cannot write '" + outputPath + "': " + llvm::toString(std::move(written)));
  return EXIT_SUCCESS;
}
