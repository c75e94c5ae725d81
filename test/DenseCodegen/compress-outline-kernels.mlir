// RUN: compress-opt %s --split-input-file --compress-outline-kernels=min-kernels=1 | FileCheck %s
// RUN: compress-opt %s --split-input-file --compress-outline-kernels="min-kernels=1 share-kernels=false" | FileCheck %s --check-prefix=NOSHARE
// RUN: compress-opt %s --split-input-file --compress-outline-kernels | FileCheck %s --check-prefix=SMALL

// Two loops of the same shape over different weights and arena views: with
// share-kernels (default) one function takes the global and the views as
// arguments and is called twice; the constants are cloned; a subview (strided
// layout, not passable) is cloned from its passed source.
// CHECK-LABEL: func.func @two(
// CHECK-SAME:      %[[IN:.*]]: memref<8xf32>, %[[OUT:.*]]: memref<8xf32>)
// CHECK:         %[[ARENA:.*]] = memref.alloc() {alignment = 64 : i64} : memref<128xi8>
// CHECK:         %[[W0:.*]] = memref.get_global @w0
// CHECK:         %[[W1:.*]] = memref.get_global @w1
// CHECK:         %[[V0:.*]] = memref.view %[[ARENA]]
// CHECK:         call @two_kernel0(%[[IN]], %[[W0]], %[[V0]]) : (memref<8xf32>, memref<8xf32>, memref<8xf32>) -> ()
// CHECK:         %[[V1:.*]] = memref.view %[[ARENA]]
// CHECK:         call @two_kernel0(%[[V0]], %[[W1]], %[[V1]])
// CHECK:         %[[DST:.*]] = memref.subview %[[OUT]]
// CHECK:         call @two_kernel1(%[[V1]], %[[DST]])
// CHECK-NOT:     scf.
// CHECK:         memref.dealloc %[[ARENA]]
// CHECK-NEXT:    return
// CHECK:       func.func private @two_kernel0(%[[A:.*]]: memref<8xf32>, %[[W:.*]]: memref<8xf32>, %[[B:.*]]: memref<8xf32>)
// CHECK-SAME:      attributes {compress.outlined, passthrough = ["noinline"]}
// CHECK-DAG:     arith.constant 0 : index
// CHECK-DAG:     arith.constant 8 : index
// CHECK:         scf.for
// CHECK:           memref.load %[[A]]
// CHECK:           memref.load %[[W]]
// CHECK:           memref.store {{.*}}, %[[B]]
// CHECK:         return
// CHECK:       func.func private @two_kernel1(%[[S:.*]]: memref<8xf32>, %[[D:.*]]: memref<4xf32, strided<[1]>>)
// CHECK:         %[[SUB:.*]] = memref.subview %[[S]][2] [4] [1]
// CHECK:         memref.copy %[[SUB]], %[[D]]
// CHECK-NOT:   func.func private @two_kernel2

// NOSHARE-LABEL: func.func @two(
// NOSHARE:         call @two_kernel0(%{{.*}}, %[[ARENA:.*]]) : (memref<8xf32>, memref<128xi8>) -> ()
// NOSHARE:         call @two_kernel1(%[[ARENA]]) : (memref<128xi8>) -> ()
// NOSHARE:       func.func private @two_kernel0(
// NOSHARE:         memref.get_global @w0
// NOSHARE:         memref.view
// NOSHARE:       func.func private @two_kernel1(
// NOSHARE:         memref.get_global @w1
// NOSHARE:       func.func private @two_kernel2(

// SMALL-LABEL: func.func @two(
// SMALL-NOT:     call
// SMALL-NOT:     func.func private @two_kernel
memref.global "private" constant @w0 : memref<8xf32> = dense<1.0>
memref.global "private" constant @w1 : memref<8xf32> = dense<2.0>
func.func @two(%in: memref<8xf32>, %out: memref<8xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %arena = memref.alloc() {alignment = 64 : i64} : memref<128xi8>
  %w0 = memref.get_global @w0 : memref<8xf32>
  %w1 = memref.get_global @w1 : memref<8xf32>
  %o0 = arith.constant 0 : index
  %v0 = memref.view %arena[%o0][] : memref<128xi8> to memref<8xf32>
  scf.for %i = %c0 to %c8 step %c1 {
    %x = memref.load %in[%i] : memref<8xf32>
    %w = memref.load %w0[%i] : memref<8xf32>
    %y = arith.mulf %x, %w : f32
    memref.store %y, %v0[%i] : memref<8xf32>
  }
  %o1 = arith.constant 64 : index
  %v1 = memref.view %arena[%o1][] : memref<128xi8> to memref<8xf32>
  scf.for %i = %c0 to %c8 step %c1 {
    %x = memref.load %v0[%i] : memref<8xf32>
    %w = memref.load %w1[%i] : memref<8xf32>
    %y = arith.mulf %x, %w : f32
    memref.store %y, %v1[%i] : memref<8xf32>
  }
  %sub = memref.subview %v1[2] [4] [1] : memref<8xf32> to memref<4xf32, strided<[1], offset: 2>>
  %dst = memref.subview %out[0] [4] [1] : memref<8xf32> to memref<4xf32, strided<[1]>>
  scf.execute_region {
    memref.copy %sub, %dst : memref<4xf32, strided<[1], offset: 2>> to memref<4xf32, strided<[1]>>
    scf.yield
  }
  memref.dealloc %arena : memref<128xi8>
  return
}

// -----

// Left inline: a loop that allocates (the model ABI checks the entry's mallocs
// only) and an op with results.
// CHECK-LABEL: func.func @inline(
// CHECK:         scf.for
// CHECK:           memref.alloc
// CHECK:         %{{.*}} = scf.for
// CHECK-NOT:     call
// CHECK:         return
func.func @inline(%in: memref<8xf32>) -> f32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %zero = arith.constant 0.0 : f32
  scf.for %i = %c0 to %c8 step %c1 {
    %t = memref.alloc() : memref<8xf32>
    memref.copy %in, %t : memref<8xf32> to memref<8xf32>
    memref.dealloc %t : memref<8xf32>
  }
  %s = scf.for %i = %c0 to %c8 step %c1 iter_args(%acc = %zero) -> (f32) {
    %x = memref.load %in[%i] : memref<8xf32>
    %a = arith.addf %acc, %x : f32
    scf.yield %a : f32
  }
  return %s : f32
}
