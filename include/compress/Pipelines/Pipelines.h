//===- Pipelines.h - pass pipelines shared by compress-opt and compress-compile -*- C++ -*-===//
//
// Each pipeline is built by one function and registered under a flag, so that
// `compress-opt --<flag>` and `compress-compile` run the same code.
//
//  compress-lower-to-llvm: compress ops, tosa and linalg on tensors -> LLVM dialect.
//    The entry function keeps ONNX layout at its boundary; after bufferization its
//    results become out-parameters (identity-layout memrefs) and memref arguments
//    are lowered with the bare-pointer calling convention, so a static-shaped
//    `func.func @model(tensor<AxBxf32>) -> tensor<CxDxf32>` becomes the C function
//    `void model(float *in0, float *out0)`.
//
#ifndef COMPRESS_PIPELINES_PIPELINES_H
#define COMPRESS_PIPELINES_PIPELINES_H

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassOptions.h"

namespace mlir::compress {

struct LowerToLLVMOptions : public PassPipelineOptions<LowerToLLVMOptions> {
  PassOptions::Option<bool> barePtrABI{
      *this, "bare-ptr-abi",
      llvm::cl::desc("Lower memref arguments of functions to bare pointers (the compiled-model "
                     "ABI); off for mlir-runner tests that call printMemref*"),
      llvm::cl::init(true)};
  PassOptions::Option<bool> allowComputedIndices{
      *this, "allow-computed-indices",
      llvm::cl::desc("Passed to convert-compress-to-linalg: lower codebook indices and CSR "
                     "row_offsets / col_indices that are not constants, unchecked (the caller guarantees their ranges); by "
                     "default such ops are an error"),
      llvm::cl::init(false)};
  PassOptions::Option<unsigned> vectorBits{
      *this, "vector-bits",
      llvm::cl::desc("Passed to compress-vectorize-convs: the target's vector register width "
                     "in bits (256, 512), which sizes the conv register blocks; 0 = the "
                     "AVX2-sized blocks of before (compress-compile passes the target's)"),
      llvm::cl::init(0)};
  // Intra-op threads.
  PassOptions::Option<bool> parallel{
      *this, "parallel",
      llvm::cl::desc("Run the output-tile loops of convs and matmuls with at least "
                     "parallel-min-macs multiply-accumulates on OpenMP threads "
                     "(compress-parallelize-tiles, convert-scf-to-openmp, "
                     "compress-omp-thread-count). The module then calls "
                     "compress_rt_parallel_begin/end and libomp: compress-compile links "
                     "both; mlir-runner tests pass %compress_rt and %libomp"),
      llvm::cl::init(false)};
  PassOptions::Option<int64_t> parallelMinMacs{
      *this, "parallel-min-macs",
      llvm::cl::desc("Passed to compress-parallelize-tiles: smaller layers stay serial"),
      llvm::cl::init(1048576)};
};

/// Tensors (compress + tosa + linalg) -> bufferized loops on memrefs (scf/affine
/// lowered to cf) -> LLVM dialect. See the file comment for the ABI it produces.
void buildLowerToLLVMPipeline(OpPassManager &pm, const LowerToLLVMOptions &options);

/// Registers the pipelines above (their passes are registered by their libraries:
/// registerCompressConversionPasses, registerCompressDenseCodegenPasses).
void registerCompressPipelines();

/// Registers every dialect the pipelines and passes may produce or consume.
void registerCompressDialects(DialectRegistry &registry);

} // namespace mlir::compress

#endif
