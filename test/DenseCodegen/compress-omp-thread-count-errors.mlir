// A function of the module named like the runtime's is refused.
// RUN: not compress-opt %s --compress-parallelize-tiles=min-macs=0 \
// RUN: --convert-scf-to-openmp --compress-omp-thread-count 2>&1 | FileCheck %s
// CHECK: error: 'compress_rt_parallel_begin' is reserved for the thread runtime (a declaration of type '(i64) -> i32')
func.func private @compress_rt_parallel_begin(%n: i64) -> i32 {
  %c = arith.constant 1 : i32
  return %c : i32
}
func.func @clash(%out: memref<64xf32>, %v: vector<16xf32>) {
  %c0 = arith.constant 0 : index
  %c16 = arith.constant 16 : index
  %c64 = arith.constant 64 : index
  scf.for %i = %c0 to %c64 step %c16 {
    %t = memref.subview %out[%i] [16] [1] : memref<64xf32> to memref<16xf32, strided<[1], offset: ?>>
    vector.store %v, %t[%c0] : memref<16xf32, strided<[1], offset: ?>>, vector<16xf32>
  } {compress.parallel_tile = 2000000 : i64}
  return
}
