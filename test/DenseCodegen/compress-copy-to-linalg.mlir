// RUN: compress-opt %s --split-input-file --compress-copy-to-linalg | FileCheck %s
// RUN: compress-opt %s --split-input-file --compress-copy-to-linalg \
// RUN:   --finalize-memref-to-llvm | FileCheck %s --check-prefix=LLVM

// A copy out of a strided subview (what a bufferized tensor.extract_slice or
// tensor.pad reads) becomes a linalg.copy of the same operands, so nothing calls the
// runner library's memrefCopy once lowered.
// CHECK-LABEL: func.func @from_subview
// CHECK-SAME:    (%[[SRC:.*]]: memref<4x6xf32>, %[[DST:.*]]: memref<2x3xf32>)
// CHECK:         %[[S:.*]] = memref.subview %[[SRC]][1, 2] [2, 3] [1, 1]
// CHECK-NEXT:    linalg.copy ins(%[[S]] : memref<2x3xf32, strided<[6, 1], offset: 8>>) outs(%[[DST]] : memref<2x3xf32>)
// CHECK-NEXT:    return
// LLVM-NOT:      memrefCopy
func.func @from_subview(%src: memref<4x6xf32>, %dst: memref<2x3xf32>) {
  %s = memref.subview %src[1, 2] [2, 3] [1, 1] : memref<4x6xf32> to memref<2x3xf32, strided<[6, 1], offset: 8>>
  memref.copy %s, %dst : memref<2x3xf32, strided<[6, 1], offset: 8>> to memref<2x3xf32>
  return
}

// -----

// Into a subview with a dynamic offset (a bufferized tensor.insert_slice).
// CHECK-LABEL: func.func @into_subview
// CHECK:         %[[S:.*]] = memref.subview
// CHECK-NEXT:    linalg.copy ins(%{{.*}} : memref<2x3xf32>) outs(%[[S]] : memref<2x3xf32, strided<[6, 1], offset: ?>>)
// LLVM-NOT:      memrefCopy
func.func @into_subview(%src: memref<2x3xf32>, %dst: memref<4x6xf32>, %i: index) {
  %s = memref.subview %dst[%i, 2] [2, 3] [1, 1] : memref<4x6xf32> to memref<2x3xf32, strided<[6, 1], offset: ?>>
  memref.copy %src, %s : memref<2x3xf32> to memref<2x3xf32, strided<[6, 1], offset: ?>>
  return
}

// -----

// Identity layouts on both sides stay a memref.copy (lowered to llvm.intr.memcpy).
// CHECK-LABEL: func.func @contiguous
// CHECK-NEXT:    memref.copy %{{.*}}, %{{.*}} : memref<2x3xf32> to memref<2x3xf32>
// CHECK-NEXT:    return
// LLVM-LABEL:  func.func @contiguous
// LLVM:          "llvm.intr.memcpy"
// LLVM-NOT:      memrefCopy
func.func @contiguous(%src: memref<2x3xf32>, %dst: memref<2x3xf32>) {
  memref.copy %src, %dst : memref<2x3xf32> to memref<2x3xf32>
  return
}
