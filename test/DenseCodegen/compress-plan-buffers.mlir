// RUN: compress-opt %s --split-input-file --compress-plan-buffers | FileCheck %s

// Three scratch buffers: %a and %b are live together, %c only after %a is freed, so
// %c reuses %a's bytes. Largest first: %b (4096 B) at 0, %a (1024 B) at 4096, %c
// (1000 B, live with %b only) at 4096 again. Arena: 5120 bytes.
// CHECK-LABEL: func.func @three
// CHECK-SAME:    attributes {compress.scratch_bytes = 5120 : i64}
// CHECK:         %[[ARENA:.*]] = memref.alloc() {alignment = 64 : i64, compress.arena} : memref<5120xi8>
// CHECK-DAG:     %[[OA:.*]] = arith.constant 4096 : index
// CHECK:         %[[A:.*]] = memref.view %[[ARENA]][%[[OA]]][] : memref<5120xi8> to memref<256xf32>
// CHECK:         %[[OB:.*]] = arith.constant 0 : index
// CHECK:         %[[B:.*]] = memref.view %[[ARENA]][%[[OB]]][] : memref<5120xi8> to memref<32x32xf32>
// CHECK:         %[[OC:.*]] = arith.constant 4096 : index
// CHECK:         %[[C:.*]] = memref.view %[[ARENA]][%[[OC]]][] : memref<5120xi8> to memref<250xi32>
// CHECK-NOT:     memref.dealloc %[[A]]
// CHECK-NOT:     memref.dealloc %[[B]]
// CHECK-NOT:     memref.dealloc %[[C]]
// CHECK:         memref.dealloc %[[ARENA]]
// CHECK-NEXT:    return
func.func @three(%out: memref<f32>) {
  %c0 = arith.constant 0 : index
  %f = arith.constant 1.0 : f32
  %i = arith.constant 1 : i32
  %a = memref.alloc() {alignment = 64 : i64} : memref<256xf32>
  %b = memref.alloc() {alignment = 64 : i64} : memref<32x32xf32>
  memref.store %f, %a[%c0] : memref<256xf32>
  memref.store %f, %b[%c0, %c0] : memref<32x32xf32>
  memref.dealloc %a : memref<256xf32>
  %c = memref.alloc() : memref<250xi32>
  memref.store %i, %c[%c0] : memref<250xi32>
  %v = memref.load %b[%c0, %c0] : memref<32x32xf32>
  memref.store %v, %out[] : memref<f32>
  memref.dealloc %c : memref<250xi32>
  memref.dealloc %b : memref<32x32xf32>
  return
}

// -----

// Left alone: a dynamic shape, an alloc without dealloc (it escapes), a dealloc inside
// a region, and an element type that is not a whole number of bytes.
// The dynamic alloc makes the scratch size unknown: no compress.scratch_bytes.
// CHECK-LABEL: func.func @left_alone
// CHECK-NOT:     compress.scratch_bytes
// CHECK-NOT:     memref.view
// CHECK:         memref.alloc(%{{.*}}) : memref<?xf32>
// CHECK:         memref.alloc() : memref<4xf32>
// CHECK:         memref.alloc() : memref<8xf32>
// CHECK:         memref.alloc() : memref<8xi1>
// CHECK:         return
func.func @left_alone(%n: index, %cond: i1) -> memref<4xf32> {
  %d = memref.alloc(%n) : memref<?xf32>
  memref.dealloc %d : memref<?xf32>
  %e = memref.alloc() : memref<4xf32>
  %g = memref.alloc() : memref<8xf32>
  scf.if %cond {
    memref.dealloc %g : memref<8xf32>
  }
  %h = memref.alloc() : memref<8xi1>
  memref.dealloc %h : memref<8xi1>
  return %e : memref<4xf32>
}

// -----

// Deallocs at the end of the block (as the ownership-based deallocation places them):
// liveness ends at the last use, so %c still reuses %a's bytes. A subview of %b used
// last keeps %b alive to the end, so %c cannot take %b's bytes.
// CHECK-LABEL: func.func @deallocs_at_end
// CHECK:         memref.alloc() {alignment = 64 : i64, compress.arena} : memref<5120xi8>
// CHECK:         arith.constant 4096 : index
// CHECK-NEXT:    memref.view {{.*}} to memref<256xf32>
// CHECK:         arith.constant 0 : index
// CHECK-NEXT:    memref.view {{.*}} to memref<32x32xf32>
// CHECK:         arith.constant 4096 : index
// CHECK-NEXT:    memref.view {{.*}} to memref<250xi32>
func.func @deallocs_at_end(%out: memref<f32>) {
  %c0 = arith.constant 0 : index
  %f = arith.constant 1.0 : f32
  %i = arith.constant 1 : i32
  %a = memref.alloc() {alignment = 64 : i64} : memref<256xf32>
  %b = memref.alloc() {alignment = 64 : i64} : memref<32x32xf32>
  %sub = memref.subview %b[0, 0] [1, 32] [1, 1] : memref<32x32xf32> to memref<32xf32, strided<[1]>>
  memref.store %f, %a[%c0] : memref<256xf32>
  %c = memref.alloc() : memref<250xi32>
  memref.store %i, %c[%c0] : memref<250xi32>
  %v = memref.load %sub[%c0] : memref<32xf32, strided<[1]>>
  memref.store %v, %out[] : memref<f32>
  memref.dealloc %a : memref<256xf32>
  memref.dealloc %b : memref<32x32xf32>
  memref.dealloc %c : memref<250xi32>
  return
}

// -----

// A buffer used inside a loop is live for the whole loop: %t (used in the loop) and
// %u (allocated before it, used after it) overlap, %w (after both) reuses offset 0.
// CHECK-LABEL: func.func @loop
// CHECK:         memref.alloc() {alignment = 64 : i64, compress.arena} : memref<128xi8>
// CHECK:         %[[Z:c0_[0-9]+]] = arith.constant 0 : index
// CHECK-NEXT:    %[[T:.*]] = memref.view %{{.*}}[%[[Z]]][] : memref<128xi8> to memref<16xf32>
// CHECK:         %[[S:.*]] = arith.constant 64 : index
// CHECK-NEXT:    %[[U:.*]] = memref.view %{{.*}}[%[[S]]][] : memref<128xi8> to memref<16xf32>
// CHECK:         scf.for
// CHECK-NEXT:      memref.store %{{.*}}, %[[T]]
// CHECK:         memref.store %{{.*}}, %[[U]]
// CHECK:         %[[Z2:c0_[0-9]+]] = arith.constant 0 : index
// CHECK-NEXT:    memref.view %{{.*}}[%[[Z2]]][] : memref<128xi8> to memref<16xf32>
func.func @loop(%out: memref<f32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c16 = arith.constant 16 : index
  %f = arith.constant 1.0 : f32
  %t = memref.alloc() : memref<16xf32>
  %u = memref.alloc() : memref<16xf32>
  scf.for %k = %c0 to %c16 step %c1 {
    memref.store %f, %t[%k] : memref<16xf32>
  }
  memref.store %f, %u[%c0] : memref<16xf32>
  %w = memref.alloc() : memref<16xf32>
  %v = memref.load %w[%c0] : memref<16xf32>
  memref.store %v, %out[] : memref<f32>
  memref.dealloc %t : memref<16xf32>
  memref.dealloc %u : memref<16xf32>
  memref.dealloc %w : memref<16xf32>
  return
}

// -----

// compress.scratch_bytes counts the arena and every static alloc left outside it
// (here %e, which escapes: 4 x f32 = 16 B): 64 + 16 = 80.
// CHECK-LABEL: func.func @outside_arena
// CHECK-SAME:    attributes {compress.scratch_bytes = 80 : i64}
func.func @outside_arena(%out: memref<f32>) -> memref<4xf32> {
  %c0 = arith.constant 0 : index
  %f = arith.constant 1.0 : f32
  %a = memref.alloc() : memref<16xf32>
  memref.store %f, %a[%c0] : memref<16xf32>
  %v = memref.load %a[%c0] : memref<16xf32>
  memref.store %v, %out[] : memref<f32>
  memref.dealloc %a : memref<16xf32>
  %e = memref.alloc() : memref<4xf32>
  return %e : memref<4xf32>
}

// -----

// An alloc inside a loop runs once per iteration: the scratch size is not recorded.
// CHECK-LABEL: func.func @alloc_in_loop
// CHECK-NOT:     compress.scratch_bytes
// CHECK:         return
func.func @alloc_in_loop(%out: memref<f32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %f = arith.constant 1.0 : f32
  scf.for %k = %c0 to %c4 step %c1 {
    %t = memref.alloc() : memref<16xf32>
    memref.store %f, %t[%k] : memref<16xf32>
    memref.dealloc %t : memref<16xf32>
  }
  return
}

// -----

// No scratch buffer at all: 0 bytes.
// CHECK-LABEL: func.func @none
// CHECK-SAME:    attributes {compress.scratch_bytes = 0 : i64}
func.func @none(%out: memref<f32>) {
  %f = arith.constant 1.0 : f32
  memref.store %f, %out[] : memref<f32>
  return
}
