/*===- compress-c/Compiler.h - C API of the compiler ----------------------===*\
 *
 * Compiles a model as `compress-compile` does, from C or through a foreign
 * function interface (the Python package python/compress uses ctypes). The
 * library is build/lib/libcompress-c.so; it exports only the functions below
 * and those of compress-c/Runtime.h.
 *
 *   compress_options *o = compress_options_create();
 *   char *error = NULL, *diagnostics = NULL, *report = NULL;
 *   if (compress_options_set(o, "codebook-bits", "4", &error) ||
 *       compress_options_set(o, "o", "libcls.so", &error) ||
 *       compress_options_set(o, "report", "json", &error))
 *     ... error names the option; compress_string_free(error) ...
 *   if (compress_compile("cls.onnx", o, &diagnostics, &report, NULL, NULL))
 *     ... diagnostics holds the compiler's error messages ...
 *   compress_string_free(diagnostics); compress_string_free(report);
 *   compress_options_destroy(o);
 *
 * Options: the names are compress-compile's flags without dashes
 * ("codebook-bits", "emit", "input-shape", "o" or "output", "header", "entry",
 * "report", "mcpu", "mattr", "mtriple", "O", "remarks", "input-format",
 * "pipeline", "prune-sparsity", "codebook-layers", ...; `compress-compile
 * --help` describes each) and the values are the flags' text: booleans are
 * true/false/1/0, layer lists comma-separated, "report" is text|json|none.
 * "input-shape" adds to the shapes given before; every other option replaces
 * its previous value. Ranges and combinations are checked by compress_compile,
 * whose messages name the command-line flag (e.g. "--codebook-bits must be
 * between 1 and 8").
 *
 * Ownership: every `char **` out-parameter receives NULL or a NUL-terminated
 * string allocated by the library, which the caller frees with
 * compress_string_free; any such parameter may be NULL when the caller does not
 * want the string. Input strings are copied: the caller keeps ownership.
 *
 * Threads: a compilation creates its own MLIRContext and reads no command-line
 * (llvm::cl) state, so compress_compile may run in several threads at once with
 * distinct options objects. An options object is not synchronized: do not set
 * it in one thread while another uses it. Diagnostics go to the `diagnostics`
 * string, never to the process's stderr.
\*===----------------------------------------------------------------------===*/

#ifndef COMPRESS_C_COMPILER_H
#define COMPRESS_C_COMPILER_H

#ifdef __cplusplus
extern "C" {
#endif

/* Status of the compiler functions (the model's own codes are in
 * compress/Runtime/CompressModel.h). */
#define COMPRESS_STATUS_OK 0
/* An unknown option name or a value that does not parse. */
#define COMPRESS_STATUS_INVALID_OPTION 1
/* The compilation failed: the diagnostics say why (bad option ranges, missing or
 * malformed input, unsupported operators, ...). No output file was written or
 * replaced. */
#define COMPRESS_STATUS_COMPILE_ERROR 2
/* A required pointer argument was NULL. */
#define COMPRESS_STATUS_INVALID_ARGUMENT 3

/* The options of one compilation, initially compress-compile's defaults
 * (emit=lib, entry=model, output lib<input stem>.so in the current folder). */
typedef struct compress_options compress_options;

/* A new options object (never NULL; aborts if memory runs out). */
compress_options *compress_options_create(void);

/* Frees `options` (NULL is allowed). */
void compress_options_destroy(compress_options *options);

/* Sets option `name` to `value`. Returns COMPRESS_STATUS_OK, or
 * COMPRESS_STATUS_INVALID_OPTION with *error set to a message such as
 * "unknown option 'codebok-bits'; did you mean 'codebook-bits'?" or
 * "--codebook-bits: expected an integer, got 'four'" (the options are then
 * unchanged), or COMPRESS_STATUS_INVALID_ARGUMENT for a NULL argument. */
int compress_options_set(compress_options *options, const char *name, const char *value,
                         char **error);

/* Compiles the model at `input_path` (.onnx, or .mlir of any stage) with
 * `options`. Returns COMPRESS_STATUS_OK or COMPRESS_STATUS_COMPILE_ERROR (or
 * COMPRESS_STATUS_INVALID_ARGUMENT for a NULL input_path or options).
 * *diagnostics receives the warnings and errors ("" when there are none),
 * *report the per-layer report when the "report" option asks for one (else
 * ""), *output_path and *header_path the files written ("" when none; the
 * header only for emit=lib). With emit=mlir|compressed|lowered and no output,
 * the IR goes to stdout, as with compress-compile. */
int compress_compile(const char *input_path, const compress_options *options,
                     char **diagnostics, char **report, char **output_path,
                     char **header_path);

/* Frees a string returned by this library (NULL is allowed). */
void compress_string_free(char *string);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* COMPRESS_C_COMPILER_H */
