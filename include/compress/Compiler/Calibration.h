//===- Calibration.h - the teacher run of compress-compile --calibration -*- C++ -*-===//
//
// compress-compile --calibration=<inputs> runs the uncompressed model on
// unlabeled inputs and collects, per candidate layer, the statistics of
// compress/Compression/Calibration.h, which the data-aware passes read through
// their `calibration-stats` option.
//
// Inputs (models with one float32 input): a .npy or ONNX TensorProto .pb file, or
// a folder of such files (taken in name order; other files are ignored). Each
// file holds N·b samples in the model's input layout [N·b, d1, ...] where
// [b, d1, ...] is the entry function's input shape: every dimension but the
// first must match, the first must be a positive multiple of the model's batch b.
//
// The teacher: a probe of the model (the module before compression, each
// candidate layer's input and output activation appended as results of the
// entry function) compiled by compileModel to a temporary shared library, without
// compression, recognition or threads, and run with lib/Runtime's CompiledModel
// one batch at a time: the statistics are accumulated as each batch is computed
// (in double, in a fixed order), so memory holds one batch's activations and the
// accumulators, and the same inputs give bit-identical statistics.
//
// Candidate layers: every tosa.conv2d / depthwise_conv2d / matmul of the entry
// function with a constant f32 weight (matchLayerWeight), restricted to
// --lowrank-layers when given.
//
#ifndef COMPRESS_COMPILER_CALIBRATION_H
#define COMPRESS_COMPILER_CALIBRATION_H

#include "compress/Compiler/CompileOptions.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Support/LLVM.h"
#include "llvm/Support/raw_ostream.h"

namespace mlir::compress {

/// Runs the teacher on options.calibrationPath (see the file comment) and writes
/// the statistics folder `statsPath`; `workDir` holds the probe's temporary files.
/// Errors (to `diagnostics`, prefixed by `toolName`, or located on the IR) for:
/// a missing path, a folder with no .npy/.pb file, an unreadable or truncated
/// file, a dtype other than float32, a shape that is not the model input's but
/// for the batch dimension, a model with several or non-float32 inputs, no
/// candidate layer. Progress ("calibration: k/N inputs") goes to `diagnostics`.
LogicalResult runCalibration(ModuleOp module, const CompileOptions &options, StringRef statsPath,
                             StringRef workDir, llvm::raw_ostream &diagnostics,
                             StringRef toolName);

} // namespace mlir::compress

#endif // COMPRESS_COMPILER_CALIBRATION_H
