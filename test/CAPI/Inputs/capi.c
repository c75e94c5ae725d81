/* Drives the C API (compress-c/Compiler.h, Runtime.h) end to end:
 *   capi MODEL.mlir WORKDIR
 * compiles MODEL (the 1x4 identity @model of test/Tools/Inputs/id.mlir) to
 * WORKDIR/libid.so, loads and runs it, checks the numbers, and
 * prints each error the API reports, one per line, for FileCheck. */
#include "compress-c/Compiler.h"
#include "compress-c/Runtime.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures = 0;

static void expect(int ok, const char *what) {
  if (!ok) {
    printf("FAILED: %s\n", what);
    ++failures;
  }
}

/* Prints and frees an error string returned by the API. */
static void show(const char *label, int status, char *message) {
  printf("%s: status %d: %s\n", label, status, message ? message : "(null)");
  compress_string_free(message);
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: capi MODEL.mlir WORKDIR\n");
    return 2;
  }
  char library[4096], header[4096];
  snprintf(library, sizeof library, "%s/libid.so", argv[2]);
  snprintf(header, sizeof header, "%s/id.h", argv[2]);

  /* Option errors: the options are left unchanged. */
  compress_options *options = compress_options_create();
  char *error = NULL;
  int status = compress_options_set(options, "codebok-bits", "4", &error);
  show("unknown", status, error);
  error = NULL;
  status = compress_options_set(options, "codebook-bits", "four", &error);
  show("bad value", status, error);
  error = NULL;
  status = compress_options_set(options, "sparsify", "yes", &error);
  show("bad bool", status, error);
  error = NULL;
  status = compress_options_set(options, "input-shape", "x=1,a", &error);
  show("bad shape", status, error);
  error = NULL;
  status = compress_options_set(NULL, "emit", "lib", &error);
  show("null", status, error);

  /* A range error is the compiler's, with the command-line flag's name. */
  char *diagnostics = NULL, *report = NULL, *output = NULL, *written_header = NULL;
  compress_options *bad = compress_options_create();
  expect(compress_options_set(bad, "codebook-bits", "9", NULL) == COMPRESS_STATUS_OK,
         "set codebook-bits=9");
  expect(compress_options_set(bad, "emit", "compressed", NULL) == COMPRESS_STATUS_OK,
         "set emit");
  status = compress_compile(argv[1], bad, &diagnostics, &report, NULL, NULL);
  show("range", status, diagnostics);
  compress_string_free(report);
  compress_options_destroy(bad);

  /* A missing input file. */
  status = compress_compile("does-not-exist.onnx", options, &diagnostics, NULL, NULL, NULL);
  show("missing", status, diagnostics);

  /* The compilation. */
  expect(compress_options_set(options, "o", library, NULL) == COMPRESS_STATUS_OK, "set o");
  expect(compress_options_set(options, "header", header, NULL) == COMPRESS_STATUS_OK,
         "set header");
  expect(compress_options_set(options, "O", "3", NULL) == COMPRESS_STATUS_OK, "set O");
  status = compress_compile(argv[1], options, &diagnostics, &report, &output, &written_header);
  expect(status == COMPRESS_STATUS_OK, "compile");
  expect(diagnostics && !strcmp(diagnostics, ""), "no diagnostics");
  expect(report && !strcmp(report, ""), "no report unless asked");
  expect(output && !strcmp(output, library), "output path");
  expect(written_header && !strcmp(written_header, header), "header path");
  if (status != COMPRESS_STATUS_OK)
    printf("compile: %s\n", diagnostics);
  compress_string_free(diagnostics);
  compress_string_free(report);
  compress_string_free(output);
  compress_string_free(written_header);
  compress_options_destroy(options);

  /* Load errors: a wrong entry, a missing library. */
  compress_model *model = compress_model_load(library, "ident", &error);
  expect(model == NULL, "wrong entry fails");
  show("wrong entry", 0, error);
  model = compress_model_load("missing/libnone.so", NULL, &error);
  expect(model == NULL, "missing library fails");
  show("no library", 0, error);

  model = compress_model_load(library, NULL, &error);
  if (!model) {
    show("load", 0, error);
    return 1;
  }
  printf("info: %s\n", compress_model_info(model));
  expect(compress_model_num_inputs(model) == 1, "one input");
  expect(compress_model_num_outputs(model) == 1, "one output");
  printf("input %s rank %zu: %lld x %lld\n", compress_model_input_name(model, 0),
         compress_model_input_rank(model, 0),
         (long long)compress_model_input_shape(model, 0)[0],
         (long long)compress_model_input_shape(model, 0)[1]);
  printf("output %s rank %zu\n", compress_model_output_name(model, 0),
         compress_model_output_rank(model, 0));
  expect(compress_model_input_name(model, 1) == NULL, "input index out of range");
  expect(compress_model_output_shape(model, 1) == NULL, "output index out of range");
  expect(compress_model_output_rank(model, 7) == 0, "output rank out of range");

  float x[4] = {1.5f, -2.0f, 0.25f, 1e30f}, y[4] = {0, 0, 0, 0};
  const float *inputs[] = {x};
  float *outputs[] = {y};
  int32_t code = compress_model_run(model, inputs, outputs);
  printf("run: %d (%s)\n", code, compress_error_string(code));
  expect(!memcmp(x, y, sizeof x), "identity output equals its input");
  code = compress_model_run(model, NULL, outputs);
  printf("run without inputs: %d (%s)\n", code, compress_error_string(code));
  compress_model_unload(model);
  compress_model_unload(NULL);

  printf("%s\n", failures ? "FAILED" : "PASSED");
  return failures != 0;
}
