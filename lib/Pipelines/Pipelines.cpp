//===- Pipelines.cpp - pass pipelines shared by the tools -----------------===//
//
// Builds and registers the pipelines; the passes they are made of live in
// lib/Conversion, lib/DenseCodegen and upstream MLIR.
//
#include "compress/Pipelines/Pipelines.h"

#include "compress/Conversion/Passes.h"
#include "compress/Conversion/CompressToLinalg/CompressToLinalg.h"
#include "compress/Dialect/Compress/IR/CompressDialect.h"
#include "compress/DenseCodegen/Passes.h"
#include "compress/Import/Passes.h"

#include "mlir/Conversion/ArithToLLVM/ArithToLLVM.h"
#include "mlir/Conversion/ControlFlowToLLVM/ControlFlowToLLVM.h"
#include "mlir/Conversion/FuncToLLVM/ConvertFuncToLLVMPass.h"
#include "mlir/Conversion/IndexToLLVM/IndexToLLVM.h"
#include "mlir/Conversion/AffineToStandard/AffineToStandard.h"
#include "mlir/Conversion/MathToLLVM/MathToLLVM.h"
#include "mlir/Conversion/MemRefToLLVM/MemRefToLLVM.h"
#include "mlir/Conversion/ReconcileUnrealizedCasts/ReconcileUnrealizedCasts.h"
#include "mlir/Conversion/SCFToControlFlow/SCFToControlFlow.h"
#include "mlir/Conversion/UBToLLVM/UBToLLVM.h"
#include "mlir/Conversion/TosaToArith/TosaToArith.h"
#include "mlir/Conversion/TosaToLinalg/TosaToLinalg.h"
#include "mlir/Conversion/TosaToTensor/TosaToTensor.h"
#include "mlir/Conversion/VectorToLLVM/ConvertVectorToLLVMPass.h"
#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Bufferization/Pipelines/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/FuncBufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlow.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/Linalg/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tensor/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/Dialect/UB/IR/UBOps.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Transforms/Passes.h"
// Intra-op threads.
#include "mlir/Conversion/OpenMPToLLVM/ConvertOpenMPToLLVM.h"
#include "mlir/Conversion/SCFToOpenMP/SCFToOpenMP.h"
#include "mlir/Dialect/OpenMP/OpenMPDialect.h"
#include "mlir/Target/LLVMIR/Dialect/OpenMP/OpenMPToLLVMIRTranslation.h"

using namespace mlir;

void compress::buildLowerToLLVMPipeline(OpPassManager &pm, const LowerToLLVMOptions &options) {
  // Compressed layers first, so their loops bufferize together with the rest.
  // Codebook kernels sized for the target (vector-bits)
  pm.addPass(compress::createConvertCompressToLinalg(
      ConvertCompressToLinalgOptions{options.allowComputedIndices, options.vectorBits}));
  // HWCF filters: conv_2d_nhwc_hwcf has a 1-D decomposition (conv_1d_nwc_wcf) that
  // linalg::vectorize handles; the filter transpose folds only for inline dense constants;
  // compress-vectorize-convs folds it for dense_resource weights (filter packing).
  // Long f32 sums (reduce_sum, global avg_pool2d) as trees of short sequential
  // sums (lib/Import/BlockedSums.cpp): here rather than at import, so the
  // imported IR keeps the ops the compression passes follow channels through.
  pm.addNestedPass<func::FuncOp>(compress::createCompressBlockedSums());
  TosaToLinalgNamedOptions named;
  named.preferConv2DKernelLayoutHWCF = true;
  // No TOSA level validation here: the importer validates what it produces, and the
  // optional decompositions run by this helper may exceed the level themselves (a padded
  // 1x1 depthwise conv becomes a rank-5 tosa.pad whose shape operand has 10 entries).
  tosa::addTosaToLinalgPasses(pm, TosaToLinalgOptions{}, named,
                              /*validationOptions=*/std::nullopt);
  pm.addNestedPass<func::FuncOp>(createTosaToArithPass());
  pm.addNestedPass<func::FuncOp>(createTosaToTensorPass());
  pm.addPass(createCanonicalizerPass());
  // linalg-fuse-elementwise-ops, but FC matmuls stay matmuls (no reshape folded in).
  pm.addNestedPass<func::FuncOp>(compress::createCompressFuseElementwise());
  pm.addPass(createCanonicalizerPass());
  // Activation transposes (NCHW <-> NHWC at the model boundary) in 8x8 register blocks.
  pm.addNestedPass<func::FuncOp>(compress::createCompressVectorizeTransposes());
  // Dense path: convolutions tiled to register blocks and vectorized (lib/DenseCodegen).
  compress::CompressVectorizeConvsOptions vectorize;
  vectorize.vectorBits = options.vectorBits;
  pm.addNestedPass<func::FuncOp>(compress::createCompressVectorizeConvs(vectorize));
  // Again, for the per-call packing copies of run-time filters that the tiling made.
  pm.addNestedPass<func::FuncOp>(compress::createCompressVectorizeTransposes());
  pm.addPass(createCanonicalizerPass());
  // Concatenations: operands computed in place into their slices.
  pm.addNestedPass<func::FuncOp>(compress::createCompressDecomposeConcat());
  // Padded inputs of convs: border fills, the producer writes the interior in place.
  pm.addNestedPass<func::FuncOp>(compress::createCompressDecomposePad());
  pm.addPass(bufferization::createEmptyTensorEliminationPass());

  bufferization::OneShotBufferizePassOptions bufferize;
  bufferize.bufferizeFunctionBoundaries = true;
  bufferize.functionBoundaryTypeConversion =
      bufferization::LayoutMapOption::IdentityLayoutMap;
  pm.addPass(bufferization::createOneShotBufferizePass(bufferize));
  bufferization::BufferResultsToOutParamsPassOptions outParams;
  outParams.hoistStaticAllocs = true;
  outParams.modifyPublicFunctions = true;
  pm.addPass(bufferization::createBufferResultsToOutParamsPass(outParams));
  bufferization::buildBufferDeallocationPipeline(pm);
  pm.addPass(compress::createCompressCopyToLinalg());
  pm.addNestedPass<func::FuncOp>(compress::createCompressLowerVectors());
  pm.addPass(createCanonicalizerPass());
  // One arena per call instead of a malloc/free per intermediate tensor.
  pm.addNestedPass<func::FuncOp>(compress::createCompressPlanBuffers());
  // Intra-op threads (output-tile loops -> scf.parallel)
  if (options.parallel) {
    compress::CompressParallelizeTilesOptions parallelize;
    parallelize.minMacs = options.parallelMinMacs;
    pm.addNestedPass<func::FuncOp>(compress::createCompressParallelizeTiles(parallelize));
  }
  // The arena once per loaded model; one function per kernel, so that
  // LLVM optimises units of bounded size (compile time linear in model size) ---
  pm.addPass(compress::createCompressPersistentArena());
  pm.addPass(compress::createCompressOutlineKernels());

  pm.addNestedPass<func::FuncOp>(createConvertLinalgToAffineLoopsPass());
  pm.addPass(createLowerAffinePass());
  // Intra-op threads (scf.parallel -> OpenMP, call-time thread count)
  if (options.parallel) {
    pm.addPass(createConvertSCFToOpenMPPass());
    pm.addPass(compress::createCompressOmpThreadCount());
  }
  pm.addPass(createSCFToControlFlowPass());
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(createConvertVectorToLLVMPass());
  pm.addPass(createArithToLLVMConversionPass());
  pm.addPass(createFinalizeMemRefToLLVMConversionPass());
  ConvertFuncToLLVMPassOptions funcToLLVM;
  funcToLLVM.useBarePtrCallConv = options.barePtrABI;
  pm.addPass(createConvertFuncToLLVMPass(funcToLLVM));
  pm.addPass(createConvertControlFlowToLLVMPass());
  pm.addPass(createConvertIndexToLLVMPass());
  // Intra-op threads.
  if (options.parallel)
    pm.addPass(createConvertOpenMPToLLVMPass());
  // ub.poison (padding values of vector.transfer_read that are never read) -> llvm.poison.
  pm.addPass(createUBToLLVMConversionPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
  pm.addPass(createCanonicalizerPass());
}

void compress::registerCompressPipelines() {
  PassPipelineRegistration<LowerToLLVMOptions>(
      "compress-lower-to-llvm",
      "Lower compress, tosa and linalg on tensors to the LLVM dialect (bare-pointer ABI)",
      buildLowerToLLVMPipeline);
}

void compress::registerCompressDialects(DialectRegistry &registry) {
  registry.insert<compress::CompressDialect, func::FuncDialect, tosa::TosaDialect,
                  tensor::TensorDialect, arith::ArithDialect, linalg::LinalgDialect,
                  math::MathDialect, memref::MemRefDialect, scf::SCFDialect,
                  affine::AffineDialect, cf::ControlFlowDialect,
                  bufferization::BufferizationDialect, vector::VectorDialect,
                  ub::UBDialect, LLVM::LLVMDialect>();
  arith::registerBufferizableOpInterfaceExternalModels(registry);
  bufferization::func_ext::registerBufferizableOpInterfaceExternalModels(registry);
  linalg::registerBufferizableOpInterfaceExternalModels(registry);
  scf::registerBufferizableOpInterfaceExternalModels(registry);
  tensor::registerBufferizableOpInterfaceExternalModels(registry);
  compress::registerDenseCodegenInterfaces(registry);
  // Codebook kernels (x86 permutes on tensors)
  compress::registerCodebookKernelInterfaces(registry);
  registerBuiltinDialectTranslation(registry);
  registerLLVMDialectTranslation(registry);
  // Intra-op threads.
  registry.insert<omp::OpenMPDialect>();
  registerOpenMPDialectTranslation(registry);
}
