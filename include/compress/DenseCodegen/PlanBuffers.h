//===- PlanBuffers.h - static memory planning of a function's scratch buffers -*- C++ -*-===//
//
// compress-plan-buffers (func, on memrefs, after the buffer-deallocation pipeline):
// every `memref.alloc` of the function's entry block with a static shape, identity
// layout, default memory space and exactly one `memref.dealloc` in the same block
// becomes a `memref.view` into one arena
//
//   %arena = memref.alloc() {alignment = 64} : memref<TOTAL x i8>   (function entry)
//   ...                                                              (views at offsets)
//   memref.dealloc %arena                                            (before the return)
//
// Two buffers share bytes only when their live ranges do not overlap: from the alloc to
// the last op (of the entry block) using it or an alias of it (views, casts, reshapes,
// region arguments, extracted pointers), wherever its dealloc stands. Offsets are assigned greedily by size, largest first,
// each at the lowest 64-byte-aligned offset that fits between the already placed
// buffers it overlaps in time ("greedy by size", Pisarchyk & Lee 2020, "Efficient Memory
// Management for Deep Neural Net Inference", arXiv:2001.03288). TOTAL is the highest end
// offset, at least the largest simultaneously-live set of buffers.
//
// Why: a compiled model otherwise calls malloc/free once per intermediate tensor per
// call (~190 times for the PaddleOCR classifier); large blocks come from fresh mmaps,
// so every call page-faults its whole working set in again (docs/performance.md).
// With one arena the allocator reuses the block across calls and a failed allocation
// is checked once.
//
// Buffers that do not qualify (dynamic shapes, non-identity layouts, allocs inside
// loops, conditional or missing deallocs, aliases deallocated or used elsewhere,
// element types whose size is not a whole number of bytes) are left as they are. The
// function's behaviour is unchanged.
//
#ifndef COMPRESS_DENSECODEGEN_PLANBUFFERS_H
#define COMPRESS_DENSECODEGEN_PLANBUFFERS_H

#include "mlir/Pass/Pass.h"
#include <memory>

namespace mlir::compress {

/// The compress-plan-buffers pass (see the file comment); runs on func.func.
std::unique_ptr<Pass> createPlanBuffersPass();

/// Registers compress-plan-buffers (compress-opt).
void registerPlanBuffersPass();

} // namespace mlir::compress

#endif
