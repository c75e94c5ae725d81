//===- Compiler.cpp - C API of the compiler (compress-c/Compiler.h) --------===//
#include "compress-c/Compiler.h"

#include "compress/Compiler/Compiler.h"
#include "compress/Compiler/OptionsByName.h"

#include "mlir/Pass/PassManager.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdlib>
#include <cstring>

using namespace mlir;
using namespace mlir::compress;

struct compress_options {
  CompileOptions options;
};

/// A malloc'd copy of `text`, stored in `*out` unless the caller passed NULL.
static void returnString(char **out, llvm::StringRef text) {
  if (!out)
    return;
  char *copy = static_cast<char *>(std::malloc(text.size() + 1));
  if (!copy)
    std::abort();
  std::memcpy(copy, text.data(), text.size());
  copy[text.size()] = '\0';
  *out = copy;
}

compress_options *compress_options_create(void) { return new compress_options(); }

void compress_options_destroy(compress_options *options) { delete options; }

int compress_options_set(compress_options *options, const char *name, const char *value,
                         char **error) {
  if (!options || !name || !value) {
    returnString(error, "compress_options_set: options, name and value must not be NULL");
    return COMPRESS_STATUS_INVALID_ARGUMENT;
  }
  // A failed set leaves the options as they were.
  CompileOptions updated = options->options;
  std::string message;
  if (failed(setCompileOption(updated, name, value, message))) {
    returnString(error, message);
    return COMPRESS_STATUS_INVALID_OPTION;
  }
  options->options = std::move(updated);
  return COMPRESS_STATUS_OK;
}

int compress_compile(const char *input_path, const compress_options *options,
                     char **diagnostics, char **report, char **output_path,
                     char **header_path) {
  if (!input_path || !options) {
    returnString(diagnostics, "compress_compile: input_path and options must not be NULL");
    returnString(report, "");
    returnString(output_path, "");
    returnString(header_path, "");
    return COMPRESS_STATUS_INVALID_ARGUMENT;
  }
  CompileOptions compileOptions = options->options;
  compileOptions.inputPath = input_path;
  std::string messages;
  llvm::raw_string_ostream os(messages);
  CompileResult result;
  LogicalResult compiled = compileModel(compileOptions, os, result, "compress");
  returnString(diagnostics, messages);
  returnString(report, result.report);
  returnString(output_path, result.outputPath);
  returnString(header_path, result.headerPath);
  return succeeded(compiled) ? COMPRESS_STATUS_OK : COMPRESS_STATUS_COMPILE_ERROR;
}

void compress_string_free(char *string) { std::free(string); }
