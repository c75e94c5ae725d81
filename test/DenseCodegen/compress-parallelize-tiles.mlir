// RUN: compress-opt %s --split-input-file --compress-parallelize-tiles | FileCheck %s
// RUN: compress-opt %s --split-input-file --compress-parallelize-tiles=min-macs=100000000 \
// RUN: | FileCheck %s --check-prefix=SMALL
// RUN: compress-opt %s --split-input-file --compress-parallelize-tiles=min-macs=0 \
// RUN: --convert-scf-to-openmp --compress-omp-thread-count | FileCheck %s --check-prefix=OMP

// Loops marked by compress-vectorize-convs (compress.parallel_tile = MACs) after
// bufferization: the outermost band becomes an scf.parallel when the nest has at
// least min-macs multiply-accumulates (default 2^20) and each iteration writes its
// own tile; every mark is removed.

// CHECK-LABEL: func @rows
// CHECK: scf.parallel (%[[OH:.*]]) = (%c0) to (%c14) step (%c1) {
// CHECK: %[[ROW:.*]] = arith.addi %[[OH]], %c0
// CHECK: scf.for %{{.*}} = %c0 to %c14 step %c2 {
// CHECK: memref.subview %{{.*}}[0, %[[ROW]], %{{.*}}, 0]
// CHECK-NOT: compress.parallel_tile
// SMALL-LABEL: func @rows
// SMALL-NOT: scf.parallel
// SMALL-NOT: compress.parallel_tile
// OMP-LABEL: func @rows
// OMP: %[[N:.*]] = arith.constant 14 : i64
// OMP: %[[T:.*]] = call @compress_rt_parallel_begin(%[[N]]) : (i64) -> i32
// OMP: omp.parallel num_threads(%[[T]] : i32) {
// OMP: omp.wsloop {
// OMP-NOT: memref.alloca_scope
// OMP: omp.terminator
// OMP: call @compress_rt_parallel_end() : () -> ()
func.func @rows(%out: memref<1x14x14x16xf32>, %v: vector<16xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c14 = arith.constant 14 : index
  scf.for %oh = %c0 to %c14 step %c1 {
    // An op between the loops (hoisted code): only the outer loop is parallel.
    %row = arith.addi %oh, %c0 : index
    scf.for %ow = %c0 to %c14 step %c2 {
      %t = memref.subview %out[0, %row, %ow, 0] [1, 1, 2, 16] [1, 1, 1, 1]
          : memref<1x14x14x16xf32> to memref<1x1x2x16xf32, strided<[3136, 224, 16, 1], offset: ?>>
      vector.store %v, %t[%c0, %c0, %c0, %c0]
          : memref<1x1x2x16xf32, strided<[3136, 224, 16, 1], offset: ?>>, vector<16xf32>
    } {compress.parallel_tile = 2000000 : i64}
  } {compress.parallel_tile = 2000000 : i64}
  return
}

// -----

// A perfectly nested band (no op between the loops) becomes one 2-D scf.parallel;
// a leading loop of one iteration is skipped.
// CHECK-LABEL: func @band
// CHECK: scf.for %{{.*}} = %c0 to %c1 step %c1 {
// CHECK-NEXT: scf.parallel (%[[F:.*]], %[[OW:.*]]) = (%c0, %c0) to (%c64, %c14) step (%c16, %c2) {
// CHECK: memref.subview %{{.*}}[0, 0, %[[OW]], %[[F]]]
// OMP-LABEL: func @band
// OMP: arith.constant 28 : i64
// OMP: omp.loop_nest (%{{.*}}, %{{.*}}) : index = (%c0, %c0) to (%c64, %c14) step (%c16, %c2)
func.func @band(%out: memref<1x1x14x64xf32>, %v: vector<16xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c14 = arith.constant 14 : index
  %c16 = arith.constant 16 : index
  %c64 = arith.constant 64 : index
  scf.for %n = %c0 to %c1 step %c1 {
    scf.for %f = %c0 to %c64 step %c16 {
      scf.for %ow = %c0 to %c14 step %c2 {
        %t = memref.subview %out[0, 0, %ow, %f] [1, 1, 2, 16] [1, 1, 1, 1]
            : memref<1x1x14x64xf32> to memref<1x1x2x16xf32, strided<[896, 896, 64, 1], offset: ?>>
        vector.store %v, %t[%c0, %c0, %c0, %c0]
            : memref<1x1x2x16xf32, strided<[896, 896, 64, 1], offset: ?>>, vector<16xf32>
      } {compress.parallel_tile = 2000000 : i64}
    } {compress.parallel_tile = 2000000 : i64}
  } {compress.parallel_tile = 2000000 : i64}
  return
}

// -----

// Iterations that write the same buffer (not a tile of the induction variable)
// stay serial, and so do unmarked loops.
// CHECK-LABEL: func @shared
// CHECK-NOT: scf.parallel
// CHECK: scf.for
// CHECK-NOT: compress.parallel_tile
// OMP-LABEL: func @shared
// OMP-NOT: omp.parallel
func.func @shared(%out: memref<16xf32>, %v: vector<16xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  scf.for %i = %c0 to %c8 step %c1 {
    vector.store %v, %out[%c0] : memref<16xf32>, vector<16xf32>
  } {compress.parallel_tile = 2000000 : i64}
  scf.for %i = %c0 to %c8 step %c1 {
    %t = memref.subview %out[%i] [8] [1] : memref<16xf32> to memref<8xf32, strided<[1], offset: ?>>
    %z = arith.constant 0.0 : f32
    memref.store %z, %t[%c0] : memref<8xf32, strided<[1], offset: ?>>
  }
  return
}

// -----

// compress-omp-thread-count keeps convert-scf-to-openmp's static schedule by
// default; dynamic-schedule=true hands the tiles out one at a time.
// RUN: compress-opt %s --split-input-file --compress-parallelize-tiles=min-macs=0 \
// RUN: --convert-scf-to-openmp --compress-omp-thread-count=dynamic-schedule=true \
// RUN: | FileCheck %s --check-prefix=DYN
// DYN-LABEL: func @static
// DYN: omp.wsloop schedule(dynamic) {
// OMP-LABEL: func @static
// OMP: omp.wsloop {
func.func @static(%out: memref<64xf32>, %v: vector<16xf32>) {
  %c0 = arith.constant 0 : index
  %c16 = arith.constant 16 : index
  %c64 = arith.constant 64 : index
  scf.for %i = %c0 to %c64 step %c16 {
    %t = memref.subview %out[%i] [16] [1] : memref<64xf32> to memref<16xf32, strided<[1], offset: ?>>
    vector.store %v, %t[%c0] : memref<16xf32, strided<[1], offset: ?>>, vector<16xf32>
  } {compress.parallel_tile = 2000000 : i64}
  return
}
