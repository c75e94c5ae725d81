/*===- CompressModel.h - ABI of a model compiled by compress-compile ------===*\
 *
 * The C interface between a compiled model (lib<name>.so or <name>.o made by
 * `compress-compile --emit=lib|obj`) and its callers (compress-run, or any C
 * program). Generated model headers include this file and then declare the
 * entry points of one model with COMPRESS_DECLARE_MODEL.
 *
 * For an entry name E (`compress-compile --entry=E`, default `model`), the
 * library exports three C symbols:
 *
 *   int32_t E(const T0 *in0, ..., U0 *out0, ...);
 *       Runs the model once. One argument per tensor: all inputs in model
 *       order, then all outputs in model order. Each is a dense row-major
 *       (C order) buffer in ONNX layout (e.g. NCHW) whose shape is fixed at
 *       compile time and given by E_info(). Inputs are only read; every
 *       element of every output is written. Buffers must not overlap.
 *       Returns COMPRESS_OK (0) on success, another COMPRESS_ERROR_* code
 *       otherwise (then the outputs are unspecified).
 *
 *   int32_t E_packed(void **buffers);
 *       The same call with the buffers in one array: with I inputs and O
 *       outputs, buffers[0 .. I-1] are the inputs and buffers[I .. I+O-1]
 *       the outputs, in the order above. This is
 *       the form a generic runner (compress-run) calls, since it does not know
 *       the arity at compile time.
 *
 *   const char *E_info(void);
 *       A NUL-terminated UTF-8 JSON document with static storage duration
 *       describing the signature, e.g.
 *
 *         {"entry":"model",
 *          "inputs":[{"name":"x","dtype":"float32","shape":[1,3,48,192]}],
 *          "outputs":[{"name":"softmax_0.tmp_0","dtype":"float32",
 *                      "shape":[1,2]}]}
 *
 *       "entry" is E. "inputs" and "outputs" are arrays (in argument order) of
 *       tensor descriptions: "name" (the ONNX value name, any string),
 *       "range" (inputs only, optional: L > 0 when E checks that every
 *       element lies in [-L, L], see COMPRESS_ERROR_INPUT_RANGE),
 *       "dtype" (a COMPRESS_DTYPE_NAME_* string, see below),
 *       "shape" (array of non-negative integers; [] is a scalar with one
 *       element). Readers ignore keys they do not know, so later versions may
 *       add keys (e.g. "abi_version", "layout") without breaking old runners.
 *
 * The entry points are reentrant only if the model says so; the current
 * compiler keeps no mutable global state, so concurrent calls with distinct
 * buffers are safe. Weights live in the library's read-only data.
\*===----------------------------------------------------------------------===*/

#ifndef COMPRESS_RUNTIME_COMPRESSMODEL_H
#define COMPRESS_RUNTIME_COMPRESSMODEL_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Version of the convention described above. */
#define COMPRESS_ABI_VERSION 1

/* Return codes of E and E_packed. Models may return other nonzero values for
 * errors not listed here; callers treat every nonzero value as failure. */
#define COMPRESS_OK 0
/* A buffer pointer was NULL. */
#define COMPRESS_ERROR_NULL_BUFFER 1
/* The model could not allocate its scratch memory. */
#define COMPRESS_ERROR_OUT_OF_MEMORY 2
/* An input value is outside what the compiled code supports (e.g. an index
 * out of range in a gather); the compiler could not rule it out statically. */
#define COMPRESS_ERROR_INVALID_INPUT 3
/* An element of an integer input lies outside the
 * range [-L, L] that E_info gives as its "range" (e.g. L = 2^24 for int32 /
 * int64 inputs a model computes on in float32, where integers are exact only
 * up to 2^24). E checks every such input before running the model. Same value
 * as COMPRESS_ERROR_INVALID_INPUT, of which it is the case models report now. */
#define COMPRESS_ERROR_INPUT_RANGE 3
/* An internal consistency check of the generated code failed. */
#define COMPRESS_ERROR_INTERNAL 4

/* Element types of tensors, with the values of ONNX TensorProto.DataType so
 * that tools can map them without a table; the JSON uses the names. */
#define COMPRESS_DTYPE_FLOAT32 1
#define COMPRESS_DTYPE_NAME_FLOAT32 "float32"
/* The other element types, numpy names in the JSON;
 * C element types of the buffers in parentheses. float16 and bfloat16 buffers
 * hold the raw IEEE / bfloat16 bits; bool holds one byte per element, 0 or 1. */
#define COMPRESS_DTYPE_UINT8 2     /* uint8_t */
#define COMPRESS_DTYPE_INT8 3      /* int8_t */
#define COMPRESS_DTYPE_UINT16 4    /* uint16_t */
#define COMPRESS_DTYPE_INT16 5     /* int16_t */
#define COMPRESS_DTYPE_INT32 6     /* int32_t */
#define COMPRESS_DTYPE_INT64 7     /* int64_t */
#define COMPRESS_DTYPE_BOOL 9      /* uint8_t, 0 or 1 */
#define COMPRESS_DTYPE_FLOAT16 10  /* uint16_t bits */
#define COMPRESS_DTYPE_FLOAT64 11  /* double */
#define COMPRESS_DTYPE_UINT32 12   /* uint32_t */
#define COMPRESS_DTYPE_UINT64 13   /* uint64_t */
#define COMPRESS_DTYPE_BFLOAT16 16 /* uint16_t bits */

/* Suffixes appended to the entry name E to form the other two symbols. */
#define COMPRESS_PACKED_SUFFIX "_packed"
#define COMPRESS_INFO_SUFFIX "_info"

/* Pointer types of the two entry points every model exports whatever its
 * arity; a runner looks them up with dlsym(E "_packed") and dlsym(E "_info").
 */
typedef int32_t (*compress_packed_entry_t)(void **buffers);
typedef const char *(*compress_info_entry_t)(void);

/* Declares the arity-independent entry points of the model with entry name E.
 * A generated model header adds the declaration of E itself, whose argument
 * list depends on the model, e.g.
 *   COMPRESS_DECLARE_MODEL(model)
 *   int32_t model(const float *x, float *softmax_0_tmp_0);              */
#define COMPRESS_DECLARE_MODEL(E)                                              \
  int32_t E##_packed(void **buffers);                                          \
  const char *E##_info(void);

/* A readable name for a return code (never NULL). */
static inline const char *compress_error_string(int32_t code) {
  switch (code) {
  case COMPRESS_OK:
    return "success";
  case COMPRESS_ERROR_NULL_BUFFER:
    return "null buffer";
  case COMPRESS_ERROR_OUT_OF_MEMORY:
    return "out of memory";
  case COMPRESS_ERROR_INVALID_INPUT:
    return "invalid input";
  case COMPRESS_ERROR_INTERNAL:
    return "internal error";
  default:
    return "unknown error";
  }
}

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* COMPRESS_RUNTIME_COMPRESSMODEL_H */
