//===- OptionsByName.h - compile options set by flag name ------*- C++ -*-===//
//
// Sets one CompileOptions field from a (name, value) pair of strings, the names
// being compress-compile's flags without their dashes ("codebook-bits", "emit",
// "input-shape", "o", ...). The C API (compress-c/Compiler.h) and the Python
// package set options this way, so they take the same names and values as the
// command line, without llvm::cl state.
//
#ifndef COMPRESS_COMPILER_OPTIONSBYNAME_H
#define COMPRESS_COMPILER_OPTIONSBYNAME_H

#include "compress/Compiler/CompileOptions.h"

#include "mlir/Support/LLVM.h"

#include <string>

namespace mlir::compress {

/// Sets the option `name` (a compress-compile flag without dashes; "output" is
/// "o", "verbose" is "v") to `value`:
///   - booleans (binarize, codebook-per-channel, remarks, sparsify, v) take
///     true/false/1/0;
///   - integers and fractions take decimal text;
///   - emit, input-format and report take the flag's keywords (report: text|json,
///     or none to turn it off);
///   - *-layers take a comma-separated list of layer names;
///   - input-shape adds "name=d0,d1,..." entries (';'-separated), as the
///     repeatable flag does; other options replace their previous value.
/// Fails with `error` set for an unknown name (suggesting the nearest one) or a
/// value that does not parse. Ranges and combinations are left to
/// verifyCompileOptions, which compileModel calls.
LogicalResult setCompileOption(CompileOptions &options, StringRef name, StringRef value,
                               std::string &error);

} // namespace mlir::compress

#endif // COMPRESS_COMPILER_OPTIONSBYNAME_H
