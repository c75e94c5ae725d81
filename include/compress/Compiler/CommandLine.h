//===- CommandLine.h - compress-compile's command-line options -*- C++ -*-===//
//
// The llvm::cl options of compress-compile, registered on demand (as MLIR's
// registerPassManagerCLOptions does) and read once into a CompileOptions: no
// pass or library function reads them.
//
#ifndef COMPRESS_COMPILER_COMMANDLINE_H
#define COMPRESS_COMPILER_COMMANDLINE_H

#include "compress/Compiler/CompileOptions.h"

#include "llvm/Support/CommandLine.h"

namespace mlir::compress {

/// Registers the options (once) under three categories; see compileCLCategories.
void registerCompileCLOptions();

/// The categories of the options, for llvm::cl::HideUnrelatedOptions.
llvm::SmallVector<const llvm::cl::OptionCategory *> compileCLCategories();

/// The CompileOptions the parsed command line gives. Fails with `error` set when a
/// value does not parse (a layer list with an empty name, an --input-shape, a
/// --report format), an option is given twice, or an option refining a method is
/// given without it; value ranges are left to verifyCompileOptions.
FailureOr<CompileOptions> compileOptionsFromCL(std::string &error);

} // namespace mlir::compress

#endif // COMPRESS_COMPILER_COMMANDLINE_H
