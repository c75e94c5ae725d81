/*===- compress-c/Runtime.h - C API to load and run compiled models -------===*\
 *
 * Loads a model compiled with compress-compile (or compress_compile) from its
 * shared library and runs it on caller-owned buffers, as compress-run does. The
 * model's ABI (entry points, buffer layout, return codes COMPRESS_OK and
 * COMPRESS_ERROR_*) is compress/Runtime/CompressModel.h.
 *
 *   char *error = NULL;
 *   compress_model *m = compress_model_load("libcls.so", "model", &error);
 *   if (!m) { fprintf(stderr, "%s\n", error); compress_string_free(error); }
 *   const float *inputs[] = {x};      (compress_model_num_inputs(m) buffers)
 *   float *outputs[] = {y};           (compress_model_num_outputs(m) buffers)
 *   int32_t code = compress_model_run(m, inputs, outputs);
 *   compress_model_unload(m);
 *
 * The queries and compress_model_info need a model (not NULL).
 *
 * Ownership: names, shapes and the info document belong to the model and stay
 * valid until compress_model_unload. Error strings are freed with
 * compress_string_free (compress-c/Compiler.h).
 *
 * Threads: the queries are read-only, and compress_model_run may be called from
 * several threads at once with distinct output buffers (compiled models keep no
 * mutable global state). Unloading while another thread runs the model is
 * undefined.
\*===----------------------------------------------------------------------===*/

#ifndef COMPRESS_C_RUNTIME_H
#define COMPRESS_C_RUNTIME_H

#include "compress/Runtime/CompressModel.h"
#include "compress-c/Compiler.h"

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A loaded model: the library kept open and its parsed signature. */
typedef struct compress_model compress_model;

/* Loads entry `entry` (NULL = "model") of the library at `library_path`. Returns
 * NULL with *error set when the file is not a shared library for this host,
 * cannot be loaded, does not export the entry (the message lists the entries it
 * does export) or reports a signature the runtime cannot use. Each load opens
 * the library again (dlopen counts references): unload each model. */
compress_model *compress_model_load(const char *library_path, const char *entry,
                                    char **error);

/* Unloads `model` (NULL is allowed). */
void compress_model_unload(compress_model *model);

/* The signature as a JSON document (the format of E_info() in
 * CompressModel.h): {"entry":..., "inputs":[{"name","dtype","shape"}...],
 * "outputs":[...]}. */
const char *compress_model_info(const compress_model *model);

/* The number of inputs and outputs. */
size_t compress_model_num_inputs(const compress_model *model);
size_t compress_model_num_outputs(const compress_model *model);

/* Name, rank and dimensions of input or output `index`: NULL / 0 for an index
 * out of range. Every tensor is dense and row-major, of the "dtype" that
 * compress_model_info gives (float32 for models with float inputs/outputs). */
const char *compress_model_input_name(const compress_model *model, size_t index);
size_t compress_model_input_rank(const compress_model *model, size_t index);
const int64_t *compress_model_input_shape(const compress_model *model, size_t index);
const char *compress_model_output_name(const compress_model *model, size_t index);
size_t compress_model_output_rank(const compress_model *model, size_t index);
const int64_t *compress_model_output_shape(const compress_model *model, size_t index);

/* Runs the model once: `inputs` holds compress_model_num_inputs(model)
 * buffers, `outputs` compress_model_num_outputs(model), each sized as its shape
 * says. Returns the model's code: COMPRESS_OK, or a COMPRESS_ERROR_* code
 * (COMPRESS_ERROR_NULL_BUFFER also for a NULL model, inputs or outputs).
 * The pointers are typed float for compatibility:
 * each buffer must hold its tensor's dtype (compress_model_info "dtype", C
 * types as in CompressModel.h: int64_t, uint8_t for bool, uint16_t bits for
 * float16/bfloat16, ...), cast to float *; an input with a "range" returns
 * COMPRESS_ERROR_INPUT_RANGE when an element lies outside [-range, range]. */
int32_t compress_model_run(const compress_model *model, const float *const *inputs,
                           float *const *outputs);

/* Intra-op threads. */
/* Threads per call of `model` from now on (the library's E_set_num_threads, for
 * every caller of that library): n in [1, 1024], or 0 for the default
 * (COMPRESS_NUM_THREADS when valid, else the cores available). Returns 0, or -1
 * when n is out of range or the library has no thread ABI (compiled before it
 * existed). Results do not depend on the count. */
int32_t compress_model_set_num_threads(const compress_model *model, int32_t n);
/* The threads a lone call of `model` uses (1 for a library without the ABI). */
int32_t compress_model_num_threads(const compress_model *model);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* COMPRESS_C_RUNTIME_H */
