//===- Passes.td - the compiled-model ABI as passes ---------*- tablegen -*-===//
#ifndef COMPRESS_TARGET_PASSES
#define COMPRESS_TARGET_PASSES

include "mlir/Pass/PassBase.td"

def CompressModelSignature : Pass<"compress-model-signature", "ModuleOp"> {
  let summary = "Record the entry function's signature (names, shapes) for the model ABI";
  let description = [{
    Runs on the tensor-level module, before `compress-lower-to-llvm`: finds the entry
    function (`entry`, or the only public `func.func` when empty), reads its
    signature (statically shaped f32 tensors; names from `compress.input_names` /
    `compress.output_names`, else `input_<i>` / `output_<i>`) and stores it as JSON in
    the module attribute `compress.model_signature`, which survives the lowering and
    which `compress-model-abi` reads. Every other `func.func` definition becomes private
    (the library exports the model ABI only); one named like a C library function
    (`malloc`, `memcpy`, ...; checked as for `--entry`) or starting with `_` is
    renamed `compress_<name>`, so that it neither captures the calls to that function
    the lowering and the code generator emit nor interposes it. The signature cannot be read after lowering:
    the function then takes bare pointers.

    Errors: no (or more than one) entry function; an argument or result that is not
    a statically shaped f32 tensor; an entry that returns nothing.

    Example:
    ```mlir
    // Before
    module {
      func.func @model(%x: tensor<1x4xf32>) -> tensor<1x4xf32>
          attributes {compress.input_names = ["x"], compress.output_names = ["y"]} {...}
    }
    // After
    module attributes {compress.model_signature = "{\"entry\":\"model\",\"inputs\":[{\"dtype\":\"float32\",\"name\":\"x\",\"shape\":[1,4]} ],\"outputs\":[...]}"} {
      func.func @model(...) ...
    }
    ```
  }];
  let options = [
    Option<"entry", "entry", "std::string", /*default=*/"\"model\"",
           "name of the entry function (empty: the only public func.func)">,
  ];
}

def CompressModelABI : Pass<"compress-model-abi", "ModuleOp"> {
  let summary = "Add the compiled model's C entry points E, E_packed, E_info (include/compress/Runtime/CompressModel.h)";
  let description = [{
    Runs on a module lowered to the LLVM dialect with the bare-pointer calling
    convention (`compress-lower-to-llvm`), which carries the
    `compress.model_signature` attribute of `compress-model-signature`:

    * renames `llvm.func @E(ptr, ...)` to the internal `E_impl`, makes it return an
      `i32` error code and checks every `malloc` / `aligned_alloc` it calls
      (COMPRESS_ERROR_OUT_OF_MEMORY = 2, the buffers already held are freed);
    * adds `int32_t E(const float *in0, ..., float *out0, ...)` (1 =
      COMPRESS_ERROR_NULL_BUFFER when a pointer is null), `int32_t E_packed(void **)`
      and `const char *E_info(void)` returning the signature JSON;
    * gives every other function and global definition internal linkage: the
      library exports E, E_packed and E_info only;
    * removes the `compress.model_signature` attribute.

    When other functions call E, they go on calling it, with its own signature,
    under the internal name `E_callee`, and `E_impl` is a copy of it.

    Errors: no `compress.model_signature` attribute (run `compress-model-signature`
    before lowering), no `llvm.func @E`, parameters that are not `N` pointers, or
    symbols `E_impl` / `E_packed` / `E_info` that exist already.

    `compress-compile` runs `compress-model-signature`, `compress-lower-to-llvm` and
    this pass as stage 3; `compress-opt` reproduces it with
    `--pass-pipeline='builtin.module(compress-model-signature{entry=E},compress-lower-to-llvm,compress-model-abi)'`.
    The entry name E is the signature's.
  }];
}

#endif // COMPRESS_TARGET_PASSES
