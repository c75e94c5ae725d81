//===- ModelABI.h - the C ABI of a compiled model --------------*- C++ -*-===//
//
// A compiled model with entry name E exports (see include/compress/Runtime/
// CompressModel.h for the caller's side):
//
//   int32_t E(const T0 *in0, ..., U0 *out0, ...);         // 0 on success
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
// --- Element types at the boundary ---
// Each tensor has a numpy dtype name (TensorSignature::dtype): float32,
// float64, float16, bfloat16 (raw bits, uint16_t in C), int8, uint8, int16,
// uint16, int32, uint32, int64, uint64, bool (1 byte holding 0 or 1). The C
// element type of each buffer is dtypeCType(dtype). An integer input may carry
// a range check L > 0 (func attribute compress.input_range_checks; "range" in
// E_info): E and E_packed then return COMPRESS_ERROR_INPUT_RANGE = 3 without
// running the model when an element lies outside [-L, L] (compared as signed or
// unsigned per the dtype), e.g. L = 2^24 where the model computes in f32.
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
  std::string dtype; // numpy name: "float32", "int64", "bool", ...
  llvm::SmallVector<int64_t> shape;
  /// Inputs only: 0 = no check, L > 0 = E returns COMPRESS_ERROR_INPUT_RANGE when
  /// an element lies outside [-L, L] (integer dtypes only). JSON key "range",
  /// omitted when 0.
  int64_t range = 0;
};

/// The element type a tensor of numpy dtype `dtype` has in the tensor-level
/// entry function (signless: uint8/bool -> i8, uint16 -> i16, uint32 -> i32,
/// uint64 -> i64; float16 -> f16, bfloat16 -> bf16), or null for an unknown name.
Type dtypeElementType(MLIRContext *ctx, llvm::StringRef dtype);
/// The numpy dtype name an element type stands for when the function has no
/// compress.input_dtypes / compress.output_dtypes attribute, or "" if none.
std::string defaultDtypeName(Type elementType);
/// The C type of a buffer element of `dtype` ("float", "int64_t", "uint16_t"
/// for float16/bfloat16 raw bits, "uint8_t" for bool), or "" for an unknown name.
llvm::StringRef dtypeCType(llvm::StringRef dtype);
/// Whether `dtype` is an integer dtype (int*, uint*), and whether unsigned.
bool isIntegerDtype(llvm::StringRef dtype);
bool isUnsignedDtype(llvm::StringRef dtype);

struct ModelSignature {
  std::string entry;
  llvm::SmallVector<TensorSignature> inputs, outputs;
  /// Heap scratch memory of one call in bytes besides the inputs and outputs (the
  /// buffer arena: compress-plan-buffers), or -1 when not known (before lowering, or
  /// allocations whose size or count is only known at run time). JSON key
  /// "scratch_bytes", omitted when -1.
  int64_t scratchBytes = -1;
};

/// Finds the entry function: the func.func named `entry`, or, when `entry` is
/// empty, the only public func.func of the module. Emits an error and fails when
/// none or several match.
FailureOr<func::FuncOp> findEntryFunction(ModuleOp module, llvm::StringRef entry);

/// Reads the signature of a tensor-level entry function (before bufferization).
/// Names come from the `compress.input_names` / `compress.output_names` array
/// attributes set by the ONNX importer, else "input_<i>" / "output_<i>". Fails,
/// with a diagnostic on the function, for arguments or results that are not
/// statically shaped tensors of f32, f64, f16, bf16, i8, i16, i32 or i64. Dtypes
/// come from the optional compress.input_dtypes / compress.output_dtypes arrays
/// of numpy names (checked against the element type: uint8 and bool need i8,
/// ...), else defaultDtypeName; range checks from compress.input_range_checks
/// (array of i64, one per argument, 0 or L > 0 on integer dtypes only).
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
/// i64 attribute compress-plan-buffers puts on a function: the bytes of heap scratch
/// memory one call allocates (its buffer arena plus any other static buffer), when
/// that is known at compile time. compress-model-abi copies the entry function's into
/// the signature (scratchBytes).
inline constexpr llvm::StringLiteral kScratchBytesAttr = "compress.scratch_bytes";
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
