// RUN: compress-opt %s --split-input-file --compress-persistent-arena | FileCheck %s
// RUN: compress-opt %s --split-input-file --compress-persistent-arena=max-bytes=4095 | FileCheck %s --check-prefix=LIMIT

// The arena of compress-plan-buffers becomes a global taken with an atomic
// exchange on a flag; a call that finds it taken allocates its own.
// CHECK:       memref.global "private" @__compress_arena_busy_f : memref<1xi32> = dense<0> {alignment = 4 : i64}
// CHECK:       memref.global "private" @__compress_arena_f : memref<4096xi8> = uninitialized {alignment = 64 : i64}
// CHECK-LABEL: func.func @f(
// CHECK-DAG:     %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG:     %[[ONE:.*]] = arith.constant 1 : i32
// CHECK-DAG:     %[[ZERO:.*]] = arith.constant 0 : i32
// CHECK:         %[[FLAG:.*]] = memref.get_global @__compress_arena_busy_f : memref<1xi32>
// CHECK:         %[[OLD:.*]] = memref.atomic_rmw assign %[[ONE]], %[[FLAG]][%[[C0]]] : (i32, memref<1xi32>) -> i32
// CHECK:         %[[MINE:.*]] = arith.cmpi eq, %[[OLD]], %[[ZERO]] : i32
// CHECK:         %[[ARENA:.*]] = scf.if %[[MINE]] -> (memref<4096xi8>) {
// CHECK:           %[[G:.*]] = memref.get_global @__compress_arena_f : memref<4096xi8>
// CHECK:           scf.yield %[[G]]
// CHECK:         } else {
// CHECK:           %[[OWN:.*]] = memref.alloc() {alignment = 64 : i64} : memref<4096xi8>
// CHECK:           scf.yield %[[OWN]]
// CHECK:         }
// CHECK:         memref.view %[[ARENA]]
// CHECK:         scf.if %[[MINE]] {
// CHECK:           memref.atomic_rmw assign %[[ZERO]], %[[FLAG]][%[[C0]]]
// CHECK:         } else {
// CHECK:           memref.dealloc %[[ARENA]] : memref<4096xi8>
// CHECK:         }
// CHECK-NEXT:    return

// Larger than max-bytes: per call, as before.
// LIMIT-NOT:     memref.global
// LIMIT-LABEL: func.func @f(
// LIMIT:         memref.alloc() {alignment = 64 : i64, compress.arena} : memref<4096xi8>
// LIMIT:         memref.dealloc
func.func @f(%out: memref<f32>) {
  %arena = memref.alloc() {alignment = 64 : i64, compress.arena} : memref<4096xi8>
  %c0 = arith.constant 0 : index
  %v = memref.view %arena[%c0][] : memref<4096xi8> to memref<1024xf32>
  %x = memref.load %v[%c0] : memref<1024xf32>
  memref.store %x, %out[] : memref<f32>
  memref.dealloc %arena : memref<4096xi8>
  return
}

// -----

// An alloc without the mark (not an arena of compress-plan-buffers) is left alone.
// CHECK-NOT:     memref.global
// CHECK-LABEL: func.func @unmarked(
// CHECK:         memref.alloc() {alignment = 64 : i64} : memref<64xi8>
// CHECK:         memref.dealloc
func.func @unmarked() {
  %a = memref.alloc() {alignment = 64 : i64} : memref<64xi8>
  memref.dealloc %a : memref<64xi8>
  return
}
