//===- NumberOption.h - floating-point command-line options ---------------===//
//
// llvm::cl::parser<double> reads an empty value ("--prune-sparsity=") as 0 without
// an error, unlike the integer and string parsers. compress-compile's and
// compress-run's floating-point options use this parser instead, which refuses
// an empty (or blank) value with LLVM's usual "value invalid" message.
//
//===----------------------------------------------------------------------===//
#ifndef COMPRESS_COMPILER_NUMBEROPTION_H
#define COMPRESS_COMPILER_NUMBEROPTION_H

#include "llvm/Support/CommandLine.h"

namespace mlir::compress {

/// A cl::parser<double> that refuses an empty value: use as
/// `llvm::cl::opt<double, false, NonEmptyDoubleParser>`.
class NonEmptyDoubleParser : public llvm::cl::parser<double> {
public:
  using llvm::cl::parser<double>::parser;
  // Returns true on error, as cl::parser<double>::parse does.
  bool parse(llvm::cl::Option &option, llvm::StringRef argName, llvm::StringRef arg,
             double &value) {
    if (arg.trim().empty())
      return option.error("'" + arg + "' value invalid for floating point argument!");
    return llvm::cl::parser<double>::parse(option, argName, arg, value);
  }
};

} // namespace mlir::compress

#endif // COMPRESS_COMPILER_NUMBEROPTION_H
