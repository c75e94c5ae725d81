// RUN: compress-opt %s --compress-decompress --compress-lower-to-llvm=bare-ptr-abi=false \
// RUN: | mlir-runner -e main -entry-point-result=void \
// RUN:     -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils \
// RUN: | FileCheck %s

// Execution test of the compress-decompress oracle for the sparse family: each layer runs
// through the decompressed dense tosa op(s) and prints its result. The expected values
// were computed by an independent reference (direct NHWC/OHWI loops over the documented
// layouts and packings: Inputs/generate.py) and compared exactly before the CHECK lines were
// frozen; all inputs and weights are small integers or halves, so f32 is exact and the
// comparison is == (no tolerance). Inputs come in through function arguments so that
// canonicalization cannot fold the layers.

func.func private @printMemrefF32(memref<*xf32>)

// sparse_conv2d, groups = 2 (C = 4, F = 4, 2x2 taps, 8 columns): row 0 dense (0 % sparsity),
// row 1 empty (100 %), stride 2, pad [0,1,1,0]: (4 - 1 + 1 - 1) = 3 is odd, pad_bottom trimmed.
func.func @sparse_conv2d_groups(%x: tensor<1x4x5x4xf32>) -> tensor<1x2x3x4xf32> {
  %vals = arith.constant dense<[-3.0, -2.0, -1.0, 0.5, 1.0, 2.0, 3.0, 4.0, 0.5, -1.0, 2.0]> : tensor<11xf32>
  %cols = arith.constant dense<[0, 1, 2, 3, 4, 5, 6, 7, 1, 6, 7]> : tensor<11xi32>
  %offs = arith.constant dense<[0, 8, 8, 10, 11]> : tensor<5xi32>
  %b = arith.constant dense<[0.0, 1.5, -1.0, 0.5]> : tensor<4xf32>
  %y = compress.sparse_conv2d %x, %vals, %cols, %offs, %b {kernel_size = array<i64: 2, 2>, strides = array<i64: 2, 2>, pad = array<i64: 0, 1, 1, 0>, dilations = array<i64: 1, 1>, groups = 2 : i64}
       : (tensor<1x4x5x4xf32>, tensor<11xf32>, tensor<11xi32>, tensor<5xi32>, tensor<4xf32>) -> tensor<1x2x3x4xf32>
  return %y : tensor<1x2x3x4xf32>
}

// sparse_conv2d, depthwise with channel multiplier 2 (groups = C = 3, F = 6), 3x3, pad 1.
func.func @sparse_conv2d_depthwise(%x: tensor<1x3x4x3xf32>) -> tensor<1x3x4x6xf32> {
  %vals = arith.constant dense<[1.0, 1.0, -1.0, 2.0, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, -1.0]> : tensor<14xf32>
  %cols = arith.constant dense<[4, 0, 8, 1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 3]> : tensor<14xi32>
  %offs = arith.constant dense<[0, 1, 3, 3, 4, 13, 14]> : tensor<7xi32>
  %b = arith.constant dense<[0.0, 0.0, 1.0, 0.0, -0.5, 0.0]> : tensor<6xf32>
  %y = compress.sparse_conv2d %x, %vals, %cols, %offs, %b {kernel_size = array<i64: 3, 3>, strides = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, groups = 3 : i64}
       : (tensor<1x3x4x3xf32>, tensor<14xf32>, tensor<14xi32>, tensor<7xi32>, tensor<6xf32>) -> tensor<1x3x4x6xf32>
  return %y : tensor<1x3x4x6xf32>
}

// sparse_matmul: W = [[1, 0, -2], [0, 0, 0], [0, 0.5, 0]], b = [0.5, 1, -1];
// x = [[1, 2, 3], [4, 5, 6]] gives [[-4.5, 1, 0], [-7.5, 1, 1.5]].
func.func @sparse_matmul(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %vals = arith.constant dense<[1.0, -2.0, 0.5]> : tensor<3xf32>
  %cols = arith.constant dense<[0, 2, 1]> : tensor<3xi32>
  %offs = arith.constant dense<[0, 2, 2, 3]> : tensor<4xi32>
  %b = arith.constant dense<[0.5, 1.0, -1.0]> : tensor<3xf32>
  %y = compress.sparse_matmul %x, %vals, %cols, %offs, %b
       : (tensor<2x3xf32>, tensor<3xf32>, tensor<3xi32>, tensor<4xi32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

func.func @main() {
  %x0 = arith.constant dense<[[[[-5.0, 0.0, 5.0, -1.0], [-2.0, 3.0, -3.0, 2.0], [1.0, -5.0, 0.0, 5.0], [4.0, -2.0, 3.0, -3.0], [-4.0, 1.0, -5.0, 0.0]], [[2.0, -4.0, 1.0, -5.0], [5.0, -1.0, 4.0, -2.0], [-3.0, 2.0, -4.0, 1.0], [0.0, 5.0, -1.0, 4.0], [3.0, -3.0, 2.0, -4.0]], [[-2.0, 3.0, -3.0, 2.0], [1.0, -5.0, 0.0, 5.0], [4.0, -2.0, 3.0, -3.0], [-4.0, 1.0, -5.0, 0.0], [-1.0, 4.0, -2.0, 3.0]], [[5.0, -1.0, 4.0, -2.0], [-3.0, 2.0, -4.0, 1.0], [0.0, 5.0, -1.0, 4.0], [3.0, -3.0, 2.0, -4.0], [-5.0, 0.0, 5.0, -1.0]]]]> : tensor<1x4x5x4xf32>
  %y0 = call @sparse_conv2d_groups(%x0) : (tensor<1x4x5x4xf32>) -> tensor<1x2x3x4xf32>
  %m0 = bufferization.to_buffer %y0 : tensor<1x2x3x4xf32> to memref<1x2x3x4xf32>
  %u0 = memref.cast %m0 : memref<1x2x3x4xf32> to memref<*xf32>
  call @printMemrefF32(%u0) : (memref<*xf32>) -> ()
  %x1 = arith.constant dense<[[[[-3.0, 2.0, -4.0], [0.0, 5.0, -1.0], [3.0, -3.0, 2.0], [-5.0, 0.0, 5.0]], [[4.0, -2.0, 3.0], [-4.0, 1.0, -5.0], [-1.0, 4.0, -2.0], [2.0, -4.0, 1.0]], [[0.0, 5.0, -1.0], [3.0, -3.0, 2.0], [-5.0, 0.0, 5.0], [-2.0, 3.0, -3.0]]]]> : tensor<1x3x4x3xf32>
  %y1 = call @sparse_conv2d_depthwise(%x1) : (tensor<1x3x4x3xf32>) -> tensor<1x3x4x6xf32>
  %m1 = bufferization.to_buffer %y1 : tensor<1x3x4x6xf32> to memref<1x3x4x6xf32>
  %u1 = memref.cast %m1 : memref<1x3x4x6xf32> to memref<*xf32>
  call @printMemrefF32(%u1) : (memref<*xf32>) -> ()
  %x2 = arith.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>
  %y2 = call @sparse_matmul(%x2) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %m2 = bufferization.to_buffer %y2 : tensor<2x3xf32> to memref<2x3xf32>
  %u2 = memref.cast %m2 : memref<2x3xf32> to memref<*xf32>
  call @printMemrefF32(%u2) : (memref<*xf32>) -> ()
  return
}

// CHECK: rank = 4 offset = 0 sizes = [1, 2, 3, 4]
// CHECK-NEXT: {{\[\[\[\[}}-5,     1.5,     -2,     -9.5],
// CHECK-NEXT: [-1.5,     1.5,     4,     2.5],
// CHECK-NEXT: [3.5,     1.5,     -4.5,     -7.5]],
// CHECK-NEXT: {{\[\[}}14.5,     1.5,     -5,     -3.5],
// CHECK-NEXT: [23,     1.5,     2.5,     8.5],
// CHECK-NEXT: [-5,     1.5,     -6,     -1.5]]]]
// CHECK: rank = 4 offset = 0 sizes = [1, 3, 4, 6]
// CHECK-NEXT: {{\[\[\[\[}}-3,     4,     1,     0,     -4,     0],
// CHECK-NEXT: [0,     1,     1,     0,     -4,     4],
// CHECK-NEXT: [3,     -2,     1,     0,     -0.5,     1],
// CHECK-NEXT: [-5,     0,     1,     0,     2.5,     -2]],
// CHECK-NEXT: {{\[\[}}4,     -3,     1,     4,     -3.5,     0],
// CHECK-NEXT: [-4,     2,     1,     10,     -1,     -3],
// CHECK-NEXT: [-1,     2,     1,     -6,     1.5,     5],
// CHECK-NEXT: [2,     3,     1,     0,     3.5,     2]],
// CHECK-NEXT: {{\[\[}}0,     0,     1,     -4,     -1,     0],
// CHECK-NEXT: [3,     4,     1,     2,     0.5,     1],
// CHECK-NEXT: [-5,     -4,     1,     8,     -1.5,     -2],
// CHECK-NEXT: [-2,     -1,     1,     -8,     0,     -5]]]]
// CHECK: rank = 2 offset = 0 sizes = [2, 3]
// CHECK-NEXT: {{\[\[}}-4.5,   1,   0],
// CHECK-NEXT: [-7.5,   1,   1.5]]
