//===- ModelABI.h - the C ABI of a compiled model --------------*- C++ -*-===//
//
// A compiled model with entry name E exports (see include/compress/Runtime/
// CompressModel.h for the caller's side):
//
//   int32_t E(const float *in0, ..., float *out0, ...);   // 0 on success
//   int32_t E_packed(void **buffers);                      // inputs then outputs
//   const char *E_info(void);                              // JSON signature
//
// Buffers are dense, row-major, in ONNX layout (NCHW at the boundary); shapes
// are fixed at compile time and described by E_info:
//   {"entry":"E","inputs":[{"name":"x","dtype":"float32","shape":[1,3,48,192]}],
//    "outputs":[{"name":"y","dtype":"float32","shape":[1,2]}]}
// The error code is nonzero when a buffer pointer is null
// (COMPRESS_ERROR_NULL_BUFFER = 1) or when a scratch buffer of the model could
// not be allocated (COMPRESS_ERROR_OUT_OF_MEMORY = 2: every malloc of the
// lowered entry is checked, and the buffers it already holds are freed).
//
#ifndef COMPRESS_TARGET_MODELABI_H
#define COMPRESS_TARGET_MODELABI_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"
#include "llvm/ADT/SmallVector.h"

#include <string>

namespace mlir::compress {

struct TensorSignature {
  std::string name;
  std::string dtype; // "float32"
  llvm::SmallVector<int64_t> shape;
};

struct ModelSignature {
  std::string entry;
  llvm::SmallVector<TensorSignature> inputs, outputs;
};

/// Finds the entry function: the func.func named `entry`, or, when `entry` is
/// empty, the only public func.func of the module. Emits an error and fails when
/// none or several match.
FailureOr<func::FuncOp> findEntryFunction(ModuleOp module, llvm::StringRef entry);

/// Reads the signature of a tensor-level entry function (before bufferization).
/// Names come from the `compress.input_names` / `compress.output_names` array
/// attributes set by the ONNX importer, else "input_<i>" / "output_<i>". Fails,
/// with a diagnostic on the function, for arguments or results that are not
/// statically shaped f32 tensors.
FailureOr<ModelSignature> getModelSignature(func::FuncOp entry);

/// JSON text of the signature (the string E_info returns).
std::string signatureToJSON(const ModelSignature &signature);
/// The signature a signatureToJSON text describes; failure on malformed JSON or
/// missing fields (`error` says which).
FailureOr<ModelSignature> signatureFromJSON(llvm::StringRef json, std::string &error);
/// The signature of a module already lowered to the LLVM dialect with the ABI
/// (compress-compile --emit=lowered), from its `E_info_json` global. Emits an error
/// on the module and fails when there is none or it does not parse.
FailureOr<ModelSignature> readLoweredModelSignature(ModuleOp module, llvm::StringRef entry);
/// The module attribute (a StringAttr holding signatureToJSON) through which
/// compress-model-signature hands the tensor-level signature to compress-model-abi
/// across the lowering.
inline constexpr llvm::StringLiteral kModelSignatureAttrName = "compress.model_signature";
/// Returns "" when `entry` can name a compiled model, else why not: it must be a C
/// identifier that is not a keyword, must not start with '_' (reserved at file scope
/// in C; the linker's own _init, _fini, _end, ... start with one), and none of the
/// exported names E, E_packed, E_info may be `main` or a function of the C library
/// (libc, libm), which the library would interpose for the whole process.
std::string checkEntryName(llvm::StringRef entry);

/// Before lowering: makes every func.func definition other than `entry` private,
/// so that only the ABI's entry points are exported, and renames those whose name
/// is reserved (starts with '_') or a C library function's (checkEntryName), which
/// would capture the calls to that function the lowering and code generator emit
/// (malloc, free, memcpy, ...). Fails, with a diagnostic, only when a rename fails.
LogicalResult privatizeNonEntryFunctions(ModuleOp module, func::FuncOp entry);
/// Gives internal linkage to every llvm.func and llvm.mlir.global definition of a
/// lowered module but `entry`, `entry_packed` and `entry_info`: the shared library
/// exports the model ABI and nothing else.
void internalizeNonABISymbols(ModuleOp module, llvm::StringRef entry);

/// In a module already lowered to the LLVM dialect with the bare-pointer ABI,
/// renames the entry `llvm.func @E(ptr...)` to `E_impl` (private), makes it
/// return an error code with a NULL check after every malloc / aligned_alloc
/// it calls, and adds `E`, `E_packed` and `E_info` as described in the file
/// comment. When other functions call E, they go on calling it (with its own
/// signature) under the internal name `E_callee`, and E_impl is a copy. Every
/// other definition gets internal linkage (internalizeNonABISymbols).
LogicalResult addModelABIWrappers(ModuleOp module, const ModelSignature &signature);

/// The C header declaring the three entry points, the shapes as macros and
/// comments, for a model compiled from `sourceName`.
std::string generateCHeader(const ModelSignature &signature, llvm::StringRef sourceName);

#define GEN_PASS_DECL
#include "compress/Target/Passes.h.inc"
#define GEN_PASS_REGISTRATION
#include "compress/Target/Passes.h.inc"

} // namespace mlir::compress

#endif
