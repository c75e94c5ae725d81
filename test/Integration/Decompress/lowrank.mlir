// RUN: compress-opt %s --compress-decompress --compress-lower-to-llvm=bare-ptr-abi=false \
// RUN: | mlir-runner -e main -entry-point-result=void \
// RUN:     -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils \
// RUN: | FileCheck %s

// Execution test of the compress-decompress oracle for the lowrank family: each layer runs
// through the decompressed dense tosa op(s) and prints its result. The expected values
// were computed by an independent reference (direct NHWC/OHWI loops over the documented
// layouts and packings: Inputs/generate.py) and compared exactly before the CHECK lines were
// frozen; all inputs and weights are small integers or halves, so f32 is exact and the
// comparison is == (no tolerance). Inputs come in through function arguments so that
// canonicalization cannot fold the layers.

func.func private @printMemrefF32(memref<*xf32>)

// lowrank_conv2d: W = V·U (r = 2, F = 4, 3x2 taps, C = 3), stride 2x1, pad [1,1,0,1],
// dilation 1x2; (H - 1 + 2 - 2) = 5 is odd, so the oracle trims pad_bottom to 0.
func.func @lowrank_conv2d(%x: tensor<1x6x7x3xf32>) -> tensor<1x3x6x4xf32> {
  %u = arith.constant dense<[[[[-2.0, -1.0, 0.0], [0.0, 1.0, 2.0]], [[1.0, 2.0, -2.0], [-2.0, -1.0, 0.0]], [[-1.0, 0.0, 1.0], [1.0, 2.0, -2.0]]], [[[-2.0, -1.0, 0.0], [0.0, 1.0, 2.0]], [[1.0, 2.0, -2.0], [-2.0, -1.0, 0.0]], [[-1.0, 0.0, 1.0], [1.0, 2.0, -2.0]]]]> : tensor<2x3x2x3xf32>
  %v = arith.constant dense<[[1.0, 0.5], [-1.0, 2.0], [0.0, 1.0], [0.5, -0.5]]> : tensor<4x2xf32>
  %b = arith.constant dense<[0.5, -1.0, 0.0, 2.0]> : tensor<4xf32>
  %y = compress.lowrank_conv2d %x, %u, %v, %b {strides = array<i64: 2, 1>, pad = array<i64: 1, 1, 0, 1>, dilations = array<i64: 1, 2>}
       : (tensor<1x6x7x3xf32>, tensor<2x3x2x3xf32>, tensor<4x2xf32>, tensor<4xf32>) -> tensor<1x3x6x4xf32>
  return %y : tensor<1x3x6x4xf32>
}

// lowrank_matmul: W[3, 4] = V[3, 2] · U[2, 4].
func.func @lowrank_matmul(%x: tensor<2x4xf32>) -> tensor<2x3xf32> {
  %u = arith.constant dense<[[1.0, 0.0, -1.0, 2.0], [0.5, 1.0, 0.0, -1.0]]> : tensor<2x4xf32>
  %v = arith.constant dense<[[1.0, 2.0], [0.0, -1.0], [1.0, 0.5]]> : tensor<3x2xf32>
  %b = arith.constant dense<[1.0, 0.0, -0.5]> : tensor<3xf32>
  %y = compress.lowrank_matmul %x, %u, %v, %b
       : (tensor<2x4xf32>, tensor<2x4xf32>, tensor<3x2xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

func.func @main() {
  %x0 = arith.constant dense<[[[[-5.0, 0.0, 5.0], [-2.0, 3.0, -3.0], [1.0, -5.0, 0.0], [4.0, -2.0, 3.0], [-4.0, 1.0, -5.0], [-1.0, 4.0, -2.0], [2.0, -4.0, 1.0]], [[2.0, -4.0, 1.0], [5.0, -1.0, 4.0], [-3.0, 2.0, -4.0], [0.0, 5.0, -1.0], [3.0, -3.0, 2.0], [-5.0, 0.0, 5.0], [-2.0, 3.0, -3.0]], [[-2.0, 3.0, -3.0], [1.0, -5.0, 0.0], [4.0, -2.0, 3.0], [-4.0, 1.0, -5.0], [-1.0, 4.0, -2.0], [2.0, -4.0, 1.0], [5.0, -1.0, 4.0]], [[5.0, -1.0, 4.0], [-3.0, 2.0, -4.0], [0.0, 5.0, -1.0], [3.0, -3.0, 2.0], [-5.0, 0.0, 5.0], [-2.0, 3.0, -3.0], [1.0, -5.0, 0.0]], [[1.0, -5.0, 0.0], [4.0, -2.0, 3.0], [-4.0, 1.0, -5.0], [-1.0, 4.0, -2.0], [2.0, -4.0, 1.0], [5.0, -1.0, 4.0], [-3.0, 2.0, -4.0]], [[-3.0, 2.0, -4.0], [0.0, 5.0, -1.0], [3.0, -3.0, 2.0], [-5.0, 0.0, 5.0], [-2.0, 3.0, -3.0], [1.0, -5.0, 0.0], [4.0, -2.0, 3.0]]]]> : tensor<1x6x7x3xf32>
  %y0 = call @lowrank_conv2d(%x0) : (tensor<1x6x7x3xf32>) -> tensor<1x3x6x4xf32>
  %m0 = bufferization.to_buffer %y0 : tensor<1x3x6x4xf32> to memref<1x3x6x4xf32>
  %u0 = memref.cast %m0 : memref<1x3x6x4xf32> to memref<*xf32>
  call @printMemrefF32(%u0) : (memref<*xf32>) -> ()
  %x1 = arith.constant dense<[[-5.0, -2.0, 1.0, 4.0], [2.0, 5.0, -3.0, 0.0]]> : tensor<2x4xf32>
  %y1 = call @lowrank_matmul(%x1) : (tensor<2x4xf32>) -> tensor<2x3xf32>
  %m1 = bufferization.to_buffer %y1 : tensor<2x3xf32> to memref<2x3xf32>
  %u1 = memref.cast %m1 : memref<2x3xf32> to memref<*xf32>
  call @printMemrefF32(%u1) : (memref<*xf32>) -> ()
  return
}

// CHECK: rank = 4 offset = 0 sizes = [1, 3, 6, 4]
// CHECK-NEXT: {{\[\[\[\[}}-5.5,     -5,     -4,     2],
// CHECK-NEXT: [23,     14,     15,     2],
// CHECK-NEXT: [-14.5,     -11,     -10,     2],
// CHECK-NEXT: [-35.5,     -25,     -24,     2],
// CHECK-NEXT: [26,     16,     17,     2],
// CHECK-NEXT: [32,     20,     21,     2]],
// CHECK-NEXT: {{\[\[}}14,     8,     9,     2],
// CHECK-NEXT: [-23.5,     -17,     -16,     2],
// CHECK-NEXT: [-28,     -20,     -19,     2],
// CHECK-NEXT: [33.5,     21,     22,     2],
// CHECK-NEXT: [-4,     -4,     -3,     2],
// CHECK-NEXT: [2,     0,     1,     2]],
// CHECK-NEXT: {{\[\[}}-23.5,     -17,     -16,     2],
// CHECK-NEXT: [-28,     -20,     -19,     2],
// CHECK-NEXT: [33.5,     21,     22,     2],
// CHECK-NEXT: [-4,     -4,     -3,     2],
// CHECK-NEXT: [-8.5,     -7,     -6,     2],
// CHECK-NEXT: [-7,     -6,     -5,     2]]]]
// CHECK: rank = 2 offset = 0 sizes = [2, 3]
// CHECK-NEXT: {{\[\[}}-14,   8.5,   -2.75],
// CHECK-NEXT: [18,   -6,   7.5]]
