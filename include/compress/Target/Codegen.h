//===- Codegen.h - LLVM dialect module to object file and shared library -*- C++ -*-===//
//
// In-process code generation: translateModuleToLLVMIR, the LLVM O0-O3 pipeline,
// TargetMachine object emission. Only the final shared-library link shells out
// (clang-22 -shared -fuse-ld=lld).
//
#ifndef COMPRESS_TARGET_CODEGEN_H
#define COMPRESS_TARGET_CODEGEN_H

#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/Error.h"

#include <memory>
#include <string>
#include <vector>

namespace mlir::compress {

struct CodegenOptions {
  /// Target triple; empty = the host's.
  std::string triple;
  /// CPU name; empty or "native" = the host CPU with its features (AVX2 popcount
  /// lowering etc. depend on it), "generic" = the triple's baseline.
  std::string cpu;
  /// Extra subtarget features, "+avx2,-avx512f" style.
  std::string features;
  /// LLVM optimization level 0-3.
  unsigned optLevel = 3;
  /// layers with at least this many multiply-accumulates get OpenMP parallel
  /// regions (compress-lower-to-llvm parallel-min-macs); -1 = none.
  int64_t parallelMinMacs = int64_t(1) << 20;
};

/// Translates an LLVM-dialect module, sets the triple and data layout of the
/// target, and runs the LLVM optimization pipeline of `options.optLevel`.
llvm::Expected<std::unique_ptr<llvm::Module>>
translateAndOptimize(ModuleOp module, llvm::LLVMContext &context, const CodegenOptions &options);

/// Emits a relocatable (PIC) object file for `module` into `object`.
llvm::Error emitObjectFile(llvm::Module &module, const CodegenOptions &options,
                           llvm::SmallVectorImpl<char> &object);

/// The instruction-set extensions (SSE/AVX/FMA/AMX/..., not system instructions)
/// that code for `options` may use and this machine lacks
/// (e.g. "avx512fp16" for --mcpu=sapphirerapids on an older CPU), sorted; empty
/// for the host CPU, another triple (cross-compiling), or an unknown CPU. A library
/// built with any of them dies with SIGILL here, so compress-compile warns.
std::vector<std::string> featuresMissingOnHost(const CodegenOptions &options);

/// The width in bits of the vector registers code for `options` gets: 512 for an x86
/// CPU with AVX-512F that LLVM does not tune to 256-bit vectors (prefer-256-bit, e.g.
/// skylake-avx512), 256 for AVX / AVX2, else 128 (SSE, NEON, unknown CPUs or
/// targets). The host CPU and its features for an empty or "native" cpu (as
/// emitObjectFile). compress-vectorize-convs sizes its register blocks from it.
unsigned vectorRegisterBits(const CodegenOptions &options);

/// Links the object file bytes into a shared library at `outputPath` (written
/// to a temporary file in the same folder, then renamed). With a
/// `threadRuntimeEntry` (the model's entry name E), also compiles the thread
/// runtime (threadRuntimeSource: compress_rt_parallel_begin/end, E_set_num_threads,
/// E_get_num_threads) into it and links libomp (DT_NEEDED libomp.so.5, DT_RUNPATH
/// LLVM's library folder).
llvm::Error linkSharedLibrary(llvm::ArrayRef<char> object, llvm::StringRef outputPath,
                              llvm::ArrayRef<std::string> extraLibraries = {},
                              llvm::StringRef threadRuntimeEntry = "");

// Intra-op threads.
/// The C source of lib/Target/ThreadRuntime.c (the thread count of a model's
/// parallel regions; see that file for the rules), embedded at build time.
llvm::StringRef threadRuntimeSource();

/// Outputs are written to a temporary file renamed over the target (by
/// linkSharedLibrary or llvm::writeToOutput); that must not replace a device, a
/// FIFO or the input. Returns "" when `path` may be written, else an error
/// message naming `what` ("output", "header"). "-" (stdout) is always
/// accepted, and "/dev/null" when `discardsDevNull` (llvm::writeToOutput
/// writes nothing for it instead of renaming).
std::string checkOutputPath(llvm::StringRef path, llvm::StringRef inputPath,
                            llvm::StringRef what, bool discardsDevNull);

/// Makes SIGPIPE remove the files registered with llvm::sys::RemoveFileOnSignal
/// (the temporary files of llvm::writeToOutput, linkSharedLibrary and the header)
/// before the process dies of it, as SIGINT or SIGTERM do: LLVM's signal handlers
/// (llvm::InitLLVM) leave SIGPIPE alone, so a tool whose stdout or stderr is a
/// pipe closed early (`... 2>&1 | head -c1`) left `<output>.temp-stream-XXXXXX`
/// behind. The process still dies of SIGPIPE (exit status 141 in a shell). Does
/// nothing when SIGPIPE is ignored or handled already. Call it from main, after
/// llvm::InitLLVM.
void removeFilesOnPipeSignal();

} // namespace mlir::compress

#endif
