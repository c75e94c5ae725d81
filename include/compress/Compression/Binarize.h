//===- Binarize.h - binary layers compress-binarize recognizes -----*- C++ -*-===//
//
// The question compress-compile's default recognition asks before it builds its
// pipeline: which layers compress-binarize{mode=recognize} would rewrite exactly.
//
#ifndef COMPRESS_COMPRESSION_BINARIZE_H
#define COMPRESS_COMPRESSION_BINARIZE_H

#include "mlir/IR/Operation.h"

#include <string>
#include <vector>

namespace mlir::compress {

/// The names of the named layers under `root` that compress-binarize in recognize
/// mode rewrites: a sign pattern (ge0 or ONNX Sign, possibly behind transpose /
/// reshape / sign-keeping padding) feeds them, every weight row is ±α, and the
/// packed bits are smaller than the f32 weights. Creates no IR.
std::vector<std::string> findRecognizableBinaryLayers(Operation *root);

} // namespace mlir::compress

#endif // COMPRESS_COMPRESSION_BINARIZE_H
