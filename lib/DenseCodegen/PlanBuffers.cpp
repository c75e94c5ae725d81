//===- PlanBuffers.cpp - one arena for a function's scratch buffers -------===//
//
// compress-plan-buffers: see its description in include/compress/DenseCodegen/Passes.td.
//
//===----------------------------------------------------------------------===//
#include "compress/DenseCodegen/Passes.h"
#include "compress/Target/ModelABI.h"

#include "mlir/IR/Builders.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/Support/MathExtras.h"

#include <algorithm>

namespace mlir::compress {
#define GEN_PASS_DEF_COMPRESSPLANBUFFERS
#include "compress/DenseCodegen/Passes.h.inc"
} // namespace mlir::compress

using namespace mlir;

namespace {

constexpr int64_t kArenaAlignment = 64;

struct Buffer {
  memref::AllocOp alloc;
  memref::DeallocOp dealloc;
  int64_t begin, end; // live range: positions of the alloc and of its last use in the block
  int64_t bytes;
  int64_t alignment;
  int64_t offset = -1;
};

/// Size in bytes of a static identity-layout memref, or nullopt when it cannot be
/// placed in a byte arena (or the size overflows int64).
std::optional<int64_t> staticBytes(MemRefType type) {
  if (!type.hasStaticShape() || !type.getLayout().isIdentity() || type.getMemorySpace())
    return std::nullopt;
  Type element = type.getElementType();
  if (!element.isIntOrFloat() || element.getIntOrFloatBitWidth() % 8 != 0)
    return std::nullopt;
  int64_t bytes = element.getIntOrFloatBitWidth() / 8;
  for (int64_t dim : type.getShape())
    if (llvm::MulOverflow(bytes, dim, bytes))
      return std::nullopt;
  return bytes;
}

/// Position (in `block`) of the last op that uses `alloc` or any alias of it (results of
/// ops taking an alias, region arguments of ops taking one, pointers extracted as
/// index), ignoring `dealloc`; nullopt when an alias is deallocated elsewhere or used
/// outside `block`.
std::optional<int64_t> lastUse(memref::AllocOp alloc, memref::DeallocOp dealloc, Block &block,
                               DenseMap<Operation *, int64_t> &position) {
  int64_t last = position[alloc];
  SmallVector<Value> work = {alloc.getResult()};
  DenseSet<Value> seen;
  while (!work.empty()) {
    Value v = work.pop_back_val();
    if (!seen.insert(v).second)
      continue;
    for (OpOperand &use : v.getUses()) {
      Operation *user = use.getOwner();
      if (user == dealloc.getOperation())
        continue;
      if (isa<memref::DeallocOp>(user))
        return std::nullopt;
      Operation *top = block.findAncestorOpInBlock(*user);
      if (!top)
        return std::nullopt;
      last = std::max(last, position[top]);
      for (Value r : user->getResults())
        if (isa<BaseMemRefType>(r.getType()) ||
            isa<memref::ExtractAlignedPointerAsIndexOp, memref::ExtractStridedMetadataOp>(user))
          work.push_back(r);
      for (Region &region : user->getRegions())
        for (Block &b : region)
          for (BlockArgument arg : b.getArguments())
            if (isa<BaseMemRefType>(arg.getType()))
              work.push_back(arg);
    }
  }
  return last;
}

/// Greedy-by-size offset assignment; returns the arena size (0 when nothing placed),
/// or nullopt on int64 overflow.
std::optional<int64_t> assignOffsets(MutableArrayRef<Buffer> buffers) {
  SmallVector<Buffer *> order;
  for (Buffer &b : buffers)
    order.push_back(&b);
  // Largest first; ties by position (allocs have distinct positions: a total order).
  llvm::sort(order, [](const Buffer *a, const Buffer *b) {
    return a->bytes != b->bytes ? a->bytes > b->bytes : a->begin < b->begin;
  });
  int64_t total = 0;
  SmallVector<Buffer *> placed;
  for (Buffer *b : order) {
    SmallVector<Buffer *> live;
    for (Buffer *p : placed)
      if (p->begin <= b->end && b->begin <= p->end)
        live.push_back(p);
    llvm::sort(live, [](const Buffer *x, const Buffer *y) { return x->offset < y->offset; });
    int64_t offset = 0;
    for (Buffer *p : live) {
      if (offset + b->bytes <= p->offset)
        break;
      int64_t end = 0;
      if (llvm::AddOverflow(p->offset, p->bytes, end))
        return std::nullopt;
      offset = std::max(offset, int64_t(llvm::alignTo(uint64_t(end), uint64_t(b->alignment))));
    }
    b->offset = offset;
    int64_t end = 0;
    if (llvm::AddOverflow(offset, b->bytes, end))
      return std::nullopt;
    total = std::max(total, end);
    placed.push_back(b);
  }
  return total;
}

/// Sets kScratchBytesAttr on `func`: the arena's `arenaBytes` plus every other static
/// alloc of the entry block (each counted whole, as if all were live at once), when
/// that bounds the function's heap scratch; removes it when an alloc is dynamic, in a
/// loop or another region (its count per call is not known here).
void recordScratchBytes(func::FuncOp func, ArrayRef<Buffer> placed, int64_t arenaBytes) {
  llvm::SmallPtrSet<Operation *, 16> inArena;
  for (const Buffer &b : placed)
    inArena.insert(b.alloc);
  int64_t bytes = arenaBytes;
  bool known = true;
  func.walk([&](memref::AllocOp alloc) {
    if (inArena.contains(alloc))
      return WalkResult::advance();
    std::optional<int64_t> size = staticBytes(alloc.getType());
    if (!size || alloc->getBlock() != &func.getBody().front() ||
        llvm::AddOverflow(bytes, *size, bytes)) {
      known = false;
      return WalkResult::interrupt();
    }
    return WalkResult::advance();
  });
  if (known)
    func->setAttr(compress::kScratchBytesAttr,
                  IntegerAttr::get(IntegerType::get(func.getContext(), 64), bytes));
  else
    func->removeAttr(compress::kScratchBytesAttr);
}

struct PlanBuffersPass : public compress::impl::CompressPlanBuffersBase<PlanBuffersPass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (func.isExternal() || !func.getBody().hasOneBlock())
      return;
    Block &block = func.getBody().front();
    DenseMap<Operation *, int64_t> position;
    int64_t index = 0;
    for (Operation &op : block)
      position[&op] = index++;

    SmallVector<Buffer> buffers;
    for (memref::AllocOp alloc : block.getOps<memref::AllocOp>()) {
      std::optional<int64_t> bytes = staticBytes(alloc.getType());
      if (!bytes || !alloc.getDynamicSizes().empty() || !alloc.getSymbolOperands().empty())
        continue;
      memref::DeallocOp dealloc;
      bool single = true;
      for (Operation *user : alloc->getUsers())
        if (auto d = dyn_cast<memref::DeallocOp>(user)) {
          single = single && !dealloc && d->getBlock() == &block;
          dealloc = d;
        }
      if (!single || !dealloc || position[dealloc] < position[alloc])
        continue;
      // The buffer is dead after its last use, wherever the dealloc was placed (the
      // ownership-based deallocation puts them at the end of the block).
      std::optional<int64_t> end = lastUse(alloc, dealloc, block, position);
      if (!end)
        continue;
      int64_t alignment = std::max<int64_t>(kArenaAlignment, alloc.getAlignment().value_or(1));
      if (!llvm::isPowerOf2_64(uint64_t(alignment)))
        continue;
      buffers.push_back({alloc, dealloc, position[alloc], *end,
                         std::max<int64_t>(*bytes, 1), alignment});
    }
    std::optional<int64_t> total = buffers.empty() ? 0 : assignOffsets(buffers);
    if (!total)
      return; // sizes beyond int64: leave the function alone
    recordScratchBytes(func, buffers, *total);
    if (buffers.empty())
      return;

    OpBuilder builder(&block, block.begin());
    Location loc = func.getLoc();
    auto arenaType = MemRefType::get({*total}, builder.getI8Type());
    auto arena = memref::AllocOp::create(builder, loc, arenaType, ValueRange{},
                                         builder.getI64IntegerAttr(kArenaAlignment));
    // compress-persistent-arena finds the arena by this mark.
    arena->setAttr("compress.arena", builder.getUnitAttr());
    builder.setInsertionPoint(block.getTerminator());
    memref::DeallocOp::create(builder, loc, arena);
    for (Buffer &b : buffers) {
      builder.setInsertionPoint(b.alloc);
      Value offset = arith::ConstantIndexOp::create(builder, b.alloc.getLoc(), b.offset);
      auto view = memref::ViewOp::create(builder, b.alloc.getLoc(), b.alloc.getType(), arena,
                                         offset, ValueRange{});
      b.dealloc.erase();
      b.alloc.replaceAllUsesWith(view.getResult());
      b.alloc.erase();
    }
  }
};

} // namespace
