//===- PassOptionErrors.h - one clean line for a bad pass option -*- C++ -*-===//
#ifndef COMPRESS_TOOLS_COMPRESS_OPT_PASSOPTIONERRORS_H
#define COMPRESS_TOOLS_COMPRESS_OPT_PASSOPTIONERRORS_H

#include "mlir/Tools/mlir-opt/MlirOptMain.h"

#include <string>

namespace compress_opt {
/// Sets up `pm` as `original` would (--pass-pipeline, --<pass>=<options>). A bad
/// pass option value is reported as one error line naming the pass, the option
/// and, for an enum option, its values; `args` (the command line) tells which
/// --<pass>= flag an option belongs to. What setup prints on success (e.g.
/// --dump-pass-pipeline) still reaches stderr. Redirects file descriptor 2 while
/// the pipeline is set up, so it is for a single-threaded tool's main only.
mlir::LogicalResult setupPipelineWithCleanErrors(const mlir::MlirOptMainConfig &original,
                                                 mlir::PassManager &pm,
                                                 llvm::ArrayRef<std::string> args);
} // namespace compress_opt

#endif
