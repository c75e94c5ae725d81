// RUN: compress-opt %s --split-input-file --pass-pipeline="builtin.module(convert-compress-to-linalg{vector-bits=512},func.func(tosa-to-linalg-named{prefer-conv2d-kernel-layout-hwcf=true},tosa-to-linalg),canonicalize,func.func(linalg-fuse-elementwise-ops),canonicalize,func.func(compress-vectorize-transposes,compress-vectorize-convs{vector-bits=512}),canonicalize)" | FileCheck %s

// codebook_conv2d with F a multiple of the 16 lanes: the lowering decodes the filter
// block by block into [F/16, KH·KW·C, 16] (a loop marked compress.filter_blocks), and
// compress-vectorize-convs (lib/DenseCodegen/BlockDecodedFilter.cpp) feeds the conv's
// tiles from it: no HWCF transpose copy in either case. Execution:
// test/Integration/Codebook/sweep-conv-filter-blocks.mlir.

// Deep (the filter outweighs the input: output-channel blocks of 32 outermost): the
// decode of the block's two 16-channel halves moves into the tile loop, into that
// iteration's slice of a scratch tensor made before it; the full filter is never
// decoded up front.
// CHECK-LABEL: func.func @deep
// CHECK-NOT: compress.filter_blocks
// CHECK-NOT: linalg.transpose
// CHECK: %[[S:.*]] = tensor.empty() : tensor<2x576x32xf32>
// CHECK: scf.for %[[F:.*]] = %c0 to %c64 step %c32
// CHECK: %[[B:.*]] = affine.apply #{{.*}}(%[[F]])
// CHECK: %[[P0:.*]] = tensor.extract_slice %[[S]][%[[B]], 0, 0] [1, 576, 16] [1, 1, 1] : tensor<2x576x32xf32> to tensor<576x16xf32>
// CHECK: %[[D0:.*]] = scf.for {{.*}} iter_args(%{{.*}} = %[[P0]]) -> (tensor<576x16xf32>)
// CHECK: llvm.call_intrinsic "llvm.x86.avx512.permvar.sf.512"
// CHECK: %[[I0:.*]] = tensor.insert_slice %[[D0]] into %[[S]][%[[B]], 0, 0] [1, 576, 16]
// CHECK: %[[P1:.*]] = tensor.extract_slice %[[I0]][%[[B]], 0, 16] [1, 576, 16]
// CHECK: %[[D1:.*]] = scf.for {{.*}} iter_args(%{{.*}} = %[[P1]]) -> (tensor<576x16xf32>)
// CHECK: %[[I1:.*]] = tensor.insert_slice %[[D1]] into %[[I0]][%[[B]], 0, 16] [1, 576, 16]
// CHECK: %[[W:.*]] = tensor.extract_slice %[[I1]][%[[B]], 0, 0] [1, 576, 32] [1, 1, 1] : tensor<2x576x32xf32> to tensor<576x32xf32>
// CHECK: %[[E:.*]] = tensor.expand_shape %[[W]] {{\[}}[0, 1, 2], [3]] output_shape [3, 3, 64, 32]
// CHECK: tensor.extract_slice %[[E]]
// CHECK: } {compress.parallel_tile = 331776 : i64}
// CHECK-NOT: linalg.transpose
// CHECK: return
func.func @deep(%x: tensor<1x3x3x64xf32>) -> tensor<1x3x3x64xf32> {
  %c = arith.constant dense<[0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0, 12.0, 13.0, 14.0, 15.0]> : tensor<16xf32>
  %i = arith.constant dense<33> : tensor<64x288xi8>
  %b = arith.constant dense<0.5> : tensor<64xf32>
  %y = compress.codebook_conv2d %x, %c, %i, %b {bits = 4 : i64, kernel_size = array<i64: 3, 3>, strides = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, groups = 1 : i64} : (tensor<1x3x3x64xf32>, tensor<16xf32>, tensor<64x288xi8>, tensor<64xf32>) -> tensor<1x3x3x64xf32>
  return %y : tensor<1x3x3x64xf32>
}

// -----

// Shallow (output rows outermost, blocks of 16 channels innermost): decoded once per
// call, and each tile slices the decoded [2, 3, 3, 4, 16] tensor directly.
// CHECK-LABEL: func.func @shallow
// CHECK: %[[D:.*]] = scf.for
// CHECK: llvm.call_intrinsic "llvm.x86.avx512.permvar.sf.512"
// CHECK: } {compress.filter_blocks, compress.parallel_tile = 1152 : i64}
// CHECK: %[[P:.*]] = tensor.expand_shape %[[D]] {{\[}}[0], [1, 2, 3], [4]] output_shape [2, 3, 3, 4, 16]
// CHECK-NOT: linalg.transpose
// CHECK: scf.for
// CHECK: scf.for
// CHECK: scf.for %[[F:.*]] = %c0 to %c32 step %c16
// CHECK: %[[B:.*]] = affine.apply #{{.*}}(%[[F]])
// CHECK: tensor.extract_slice %[[P]][%[[B]], 0, 0, 0, 0] [1, 3, 3, 4, 16] [1, 1, 1, 1, 1] : tensor<2x3x3x4x16xf32> to tensor<3x3x4x16xf32>
// CHECK: return
func.func @shallow(%x: tensor<1x18x18x4xf32>) -> tensor<1x18x18x32xf32> {
  %c = arith.constant dense<[0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0, 12.0, 13.0, 14.0, 15.0]> : tensor<16xf32>
  %i = arith.constant dense<33> : tensor<32x18xi8>
  %b = arith.constant dense<0.5> : tensor<32xf32>
  %y = compress.codebook_conv2d %x, %c, %i, %b {bits = 4 : i64, kernel_size = array<i64: 3, 3>, strides = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, groups = 1 : i64} : (tensor<1x18x18x4xf32>, tensor<16xf32>, tensor<32x18xi8>, tensor<32xf32>) -> tensor<1x18x18x32xf32>
  return %y : tensor<1x18x18x32xf32>
}
