// RUN: compress-opt %s --compress-lower-to-llvm=bare-ptr-abi=false \
// RUN: | mlir-runner -e main -entry-point-result=void \
// RUN:     -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils \
// RUN: | FileCheck %s

// The cases of test/Integration/Decompress/binary.mlir (zero padding with zeros in the
// input, pad_value one with C = 65 and an odd padded size, pad_value minus_one with
// groups, matmul K = 65) run through the XNOR-popcount lowering instead of the oracle:
// the CHECK lines are the ones grounded there by Inputs/generate.py, compared exactly.

func.func private @printMemrefF32(memref<*xf32>)

// binary_conv2d, zero padding (padded taps add nothing), C = 3, 3x3, pad 1; the input
// holds zeros (sign(0) = +1).
func.func @binary_conv2d_zero_pad(%x: tensor<1x3x4x3xf32>) -> tensor<1x3x4x2xf32> {
  %w = arith.constant dense<[[[[6], [3], [5]], [[5], [6], [3]], [[3], [5], [6]]], [[[3], [5], [6]], [[6], [3], [5]], [[5], [6], [3]]]]> : tensor<2x3x3x1xi64>
  %a = arith.constant dense<[0.5, 2.0]> : tensor<2xf32>
  %b = arith.constant dense<[1.0, -1.0]> : tensor<2xf32>
  %y = compress.binary_conv2d %x, %w, %a, %b {strides = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x3x4x3xf32>, tensor<2x3x3x1xi64>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x3x4x2xf32>
  return %y : tensor<1x3x4x2xf32>
}

// binary_conv2d, pad_value = one, C = 65 (two words, 63 tail bits), stride 2,
// pad [1,1,1,0]: (3 - 1 + 2 - 1) = 3 is odd, the oracle trims the padded input.
func.func @binary_conv2d_pad_one(%x: tensor<1x3x3x65xf32>) -> tensor<1x2x2x2xf32> {
  %w = arith.constant dense<[[[[-6148914691236517206, 0], [6148914691236517205, 1]], [[6148914691236517205, 1], [0, 0]]], [[[0, 0], [-6148914691236517206, 0]], [[-6148914691236517206, 0], [6148914691236517205, 1]]]]> : tensor<2x2x2x2xi64>
  %a = arith.constant dense<[1.0, 0.25]> : tensor<2xf32>
  %b = arith.constant dense<[0.0, 0.5]> : tensor<2xf32>
  %y = compress.binary_conv2d %x, %w, %a, %b {strides = array<i64: 2, 2>, pad = array<i64: 1, 1, 1, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64, pad_value = #compress<pad_value one>}
       : (tensor<1x3x3x65xf32>, tensor<2x2x2x2xi64>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  return %y : tensor<1x2x2x2xf32>
}

// binary_conv2d, pad_value = minus_one, groups = 2 (C = 4, F = 2), 3x1 taps, pad [2,1,0,0].
func.func @binary_conv2d_pad_minus_one_groups(%x: tensor<1x3x2x4xf32>) -> tensor<1x4x2x2xf32> {
  %w = arith.constant dense<[[[[2]], [[1]], [[2]]], [[[1]], [[2]], [[1]]]]> : tensor<2x3x1x1xi64>
  %a = arith.constant dense<[1.0, 0.5]> : tensor<2xf32>
  %b = arith.constant dense<[0.0, 0.0]> : tensor<2xf32>
  %y = compress.binary_conv2d %x, %w, %a, %b {strides = array<i64: 1, 1>, pad = array<i64: 2, 1, 0, 0>, dilations = array<i64: 1, 1>, groups = 2 : i64, pad_value = #compress<pad_value minus_one>}
       : (tensor<1x3x2x4xf32>, tensor<2x3x1x1xi64>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x4x2x2xf32>
  return %y : tensor<1x4x2x2xf32>
}

// binary_matmul, K = 65 (two words per row), alpha and bias.
func.func @binary_matmul(%x: tensor<2x65xf32>) -> tensor<2x2xf32> {
  %w = arith.constant dense<[[-7905747460161236407, 0], [5270498306774157604, 0]]> : tensor<2x2xi64>
  %a = arith.constant dense<[0.25, 1.0]> : tensor<2xf32>
  %b = arith.constant dense<[0.0, 0.5]> : tensor<2xf32>
  %y = compress.binary_matmul %x, %w, %a, %b
       : (tensor<2x65xf32>, tensor<2x2xi64>, tensor<2xf32>, tensor<2xf32>) -> tensor<2x2xf32>
  return %y : tensor<2x2xf32>
}

func.func @main() {
  %x0 = arith.constant dense<[[[[-5.0, 0.0, 5.0], [-2.0, 3.0, -3.0], [1.0, -5.0, 0.0], [4.0, -2.0, 3.0]], [[2.0, -4.0, 1.0], [5.0, -1.0, 4.0], [-3.0, 2.0, -4.0], [0.0, 5.0, -1.0]], [[-2.0, 3.0, -3.0], [1.0, -5.0, 0.0], [4.0, -2.0, 3.0], [-4.0, 1.0, -5.0]]]]> : tensor<1x3x4x3xf32>
  %y0 = call @binary_conv2d_zero_pad(%x0) : (tensor<1x3x4x3xf32>) -> tensor<1x3x4x2xf32>
  %m0 = bufferization.to_buffer %y0 : tensor<1x3x4x2xf32> to memref<1x3x4x2xf32>
  %u0 = memref.cast %m0 : memref<1x3x4x2xf32> to memref<*xf32>
  call @printMemrefF32(%u0) : (memref<*xf32>) -> ()
  %x1 = arith.constant dense<[[[[-1.0, 4.0, -2.0, 3.0, -3.0, 2.0, -4.0, 1.0, -5.0, 0.0, 5.0, -1.0, 4.0, -2.0, 3.0, -3.0, 2.0, -4.0, 1.0, -5.0, 0.0, 5.0, -1.0, 4.0, -2.0, 3.0, -3.0, 2.0, -4.0, 1.0, -5.0, 0.0, 5.0, -1.0, 4.0, -2.0, 3.0, -3.0, 2.0, -4.0, 1.0, -5.0, 0.0, 5.0, -1.0, 4.0, -2.0, 3.0, -3.0, 2.0, -4.0, 1.0, -5.0, 0.0, 5.0, -1.0, 4.0, -2.0, 3.0, -3.0, 2.0, -4.0, 1.0, -5.0, 0.0], [2.0, -4.0, 1.0, -5.0, 0.0, 5.0, -1.0, 4.0, -2.0, 3.0, -3.0, 2.0, -4.0, 1.0, -5.0, 0.0, 5.0, -1.0, 4.0, -2.0, 3.0, -3.0, 2.0, -4.0, 1.0, -5.0, 0.0, 5.0, -1.0, 4.0, -2.0, 3.0, -3.0, 2.0, -4.0, 1.0, -5.0, 0.0, 5.0, -1.0, 4.0, -2.0, 3.0, -3.0, 2.0, -4.0, 1.0, -5.0, 0.0, 5.0, -1.0, 4.0, -2.0, 3.0, -3.0, 2.0, -4.0, 1.0, -5.0, 0.0, 5.0, -1.0, 4.0, -2.0, 3.0], [5.0, -1.0, 4.0, -2.0, 3.0, -3.0, 2.0, -4.0, 1.0, -5.0, 0.0, 5.0, -1.0, 4.0, -2.0, 3.0, -3.0, 2.0, -4.0, 1.0, -5.0, 0.0, 5.0, -1.0, 4.0, -2.0, 3.0, -3.0, 2.0, -4.0, 1.0, -5.0, 0.0, 5.0, -1.0, 4.0, -2.0, 3.0, -3.0, 2.0, -4.0, 1.0, -5.0, 0.0, 5.0, -1.0, 4.0, -2.0, 3.0, -3.0, 2.0, -4.0, 1.0, -5.0, 0.0, 5.0, -1.0, 4.0, -2.0, 3.0, -3.0, 2.0, -4.0, 1.0, -5.0]], [[-5.0, 0.0, 5.0, -1.0, 4.0, -2.0, 3.0, -3.0, 2.0, -4.0, 1.0, -5.0, 0.0, 5.0, -1.0, 4.0, -2.0, 3.0, -3.0, 2.0, -4.0, 1.0, -5.0, 0.0, 5.0, -1.0, 4.0, -2.0, 3.0, -3.0, 2.0, -4.0, 1.0, -5.0, 0.0, 5.0, -1.0, 4.0, -2.0, 3.0, -3.0, 2.0, -4.0, 1.0, -5.0, 0.0, 5.0, -1.0, 4.0, -2.0, 3.0, -3.0, 2.0, -4.0, 1.0, -5.0, 0.0, 5.0, -1.0, 4.0, -2.0, 3.0, -3.0, 2.0, -4.0], [-2.0, 3.0, -3.0, 2.0, -4.0, 1.0, -5.0, 0.0, 5.0, -1.0, 4.0, -2.0, 3.0, -3.0, 2.0, -4.0, 1.0, -5.0, 0.0, 5.0, -1.0, 4.0, -2.0, 3.0, -3.0, 2.0, -4.0, 1.0, -5.0, 0.0, 5.0, -1.0, 4.0, -2.0, 3.0, -3.0, 2.0, -4.0, 1.0, -5.0, 0.0, 5.0, -1.0, 4.0, -2.0, 3.0, -3.0, 2.0, -4.0, 1.0, -5.0, 0.0, 5.0, -1.0, 4.0, -2.0, 3.0, -3.0, 2.0, -4.0, 1.0, -5.0, 0.0, 5.0, -1.0], [1.0, -5.0, 0.0, 5.0, -1.0, 4.0, -2.0, 3.0, -3.0, 2.0, -4.0, 1.0, -5.0, 0.0, 5.0, -1.0, 4.0, -2.0, 3.0, -3.0, 2.0, -4.0, 1.0, -5.0, 0.0, 5.0, -1.0, 4.0, -2.0, 3.0, -3.0, 2.0, -4.0, 1.0, -5.0, 0.0, 5.0, -1.0, 4.0, -2.0, 3.0, -3.0, 2.0, -4.0, 1.0, -5.0, 0.0, 5.0, -1.0, 4.0, -2.0, 3.0, -3.0, 2.0, -4.0, 1.0, -5.0, 0.0, 5.0, -1.0, 4.0, -2.0, 3.0, -3.0, 2.0]], [[2.0, -4.0, 1.0, -5.0, 0.0, 5.0, -1.0, 4.0, -2.0, 3.0, -3.0, 2.0, -4.0, 1.0, -5.0, 0.0, 5.0, -1.0, 4.0, -2.0, 3.0, -3.0, 2.0, -4.0, 1.0, -5.0, 0.0, 5.0, -1.0, 4.0, -2.0, 3.0, -3.0, 2.0, -4.0, 1.0, -5.0, 0.0, 5.0, -1.0, 4.0, -2.0, 3.0, -3.0, 2.0, -4.0, 1.0, -5.0, 0.0, 5.0, -1.0, 4.0, -2.0, 3.0, -3.0, 2.0, -4.0, 1.0, -5.0, 0.0, 5.0, -1.0, 4.0, -2.0, 3.0], [5.0, -1.0, 4.0, -2.0, 3.0, -3.0, 2.0, -4.0, 1.0, -5.0, 0.0, 5.0, -1.0, 4.0, -2.0, 3.0, -3.0, 2.0, -4.0, 1.0, -5.0, 0.0, 5.0, -1.0, 4.0, -2.0, 3.0, -3.0, 2.0, -4.0, 1.0, -5.0, 0.0, 5.0, -1.0, 4.0, -2.0, 3.0, -3.0, 2.0, -4.0, 1.0, -5.0, 0.0, 5.0, -1.0, 4.0, -2.0, 3.0, -3.0, 2.0, -4.0, 1.0, -5.0, 0.0, 5.0, -1.0, 4.0, -2.0, 3.0, -3.0, 2.0, -4.0, 1.0, -5.0], [-3.0, 2.0, -4.0, 1.0, -5.0, 0.0, 5.0, -1.0, 4.0, -2.0, 3.0, -3.0, 2.0, -4.0, 1.0, -5.0, 0.0, 5.0, -1.0, 4.0, -2.0, 3.0, -3.0, 2.0, -4.0, 1.0, -5.0, 0.0, 5.0, -1.0, 4.0, -2.0, 3.0, -3.0, 2.0, -4.0, 1.0, -5.0, 0.0, 5.0, -1.0, 4.0, -2.0, 3.0, -3.0, 2.0, -4.0, 1.0, -5.0, 0.0, 5.0, -1.0, 4.0, -2.0, 3.0, -3.0, 2.0, -4.0, 1.0, -5.0, 0.0, 5.0, -1.0, 4.0, -2.0]]]]> : tensor<1x3x3x65xf32>
  %y1 = call @binary_conv2d_pad_one(%x1) : (tensor<1x3x3x65xf32>) -> tensor<1x2x2x2xf32>
  %m1 = bufferization.to_buffer %y1 : tensor<1x2x2x2xf32> to memref<1x2x2x2xf32>
  %u1 = memref.cast %m1 : memref<1x2x2x2xf32> to memref<*xf32>
  call @printMemrefF32(%u1) : (memref<*xf32>) -> ()
  %x2 = arith.constant dense<[[[[0.0, 5.0, -1.0, 4.0], [3.0, -3.0, 2.0, -4.0]], [[-4.0, 1.0, -5.0, 0.0], [-1.0, 4.0, -2.0, 3.0]], [[3.0, -3.0, 2.0, -4.0], [-5.0, 0.0, 5.0, -1.0]]]]> : tensor<1x3x2x4xf32>
  %y2 = call @binary_conv2d_pad_minus_one_groups(%x2) : (tensor<1x3x2x4xf32>) -> tensor<1x4x2x2xf32>
  %m2 = bufferization.to_buffer %y2 : tensor<1x4x2x2xf32> to memref<1x4x2x2xf32>
  %u2 = memref.cast %m2 : memref<1x4x2x2xf32> to memref<*xf32>
  call @printMemrefF32(%u2) : (memref<*xf32>) -> ()
  %x3 = arith.constant dense<[[1.0, 4.0, -4.0, -1.0, 2.0, 5.0, -3.0, 0.0, 3.0, -5.0, -2.0, 1.0, 4.0, -4.0, -1.0, 2.0, 5.0, -3.0, 0.0, 3.0, -5.0, -2.0, 1.0, 4.0, -4.0, -1.0, 2.0, 5.0, -3.0, 0.0, 3.0, -5.0, -2.0, 1.0, 4.0, -4.0, -1.0, 2.0, 5.0, -3.0, 0.0, 3.0, -5.0, -2.0, 1.0, 4.0, -4.0, -1.0, 2.0, 5.0, -3.0, 0.0, 3.0, -5.0, -2.0, 1.0, 4.0, -4.0, -1.0, 2.0, 5.0, -3.0, 0.0, 3.0, -5.0], [-3.0, 0.0, 3.0, -5.0, -2.0, 1.0, 4.0, -4.0, -1.0, 2.0, 5.0, -3.0, 0.0, 3.0, -5.0, -2.0, 1.0, 4.0, -4.0, -1.0, 2.0, 5.0, -3.0, 0.0, 3.0, -5.0, -2.0, 1.0, 4.0, -4.0, -1.0, 2.0, 5.0, -3.0, 0.0, 3.0, -5.0, -2.0, 1.0, 4.0, -4.0, -1.0, 2.0, 5.0, -3.0, 0.0, 3.0, -5.0, -2.0, 1.0, 4.0, -4.0, -1.0, 2.0, 5.0, -3.0, 0.0, 3.0, -5.0, -2.0, 1.0, 4.0, -4.0, -1.0, 2.0]]> : tensor<2x65xf32>
  %y3 = call @binary_matmul(%x3) : (tensor<2x65xf32>) -> tensor<2x2xf32>
  %m3 = bufferization.to_buffer %y3 : tensor<2x2xf32> to memref<2x2xf32>
  %u3 = memref.cast %m3 : memref<2x2xf32> to memref<*xf32>
  call @printMemrefF32(%u3) : (memref<*xf32>) -> ()
  return
}

// CHECK: rank = 4 offset = 0 sizes = [1, 3, 4, 2]
// CHECK-NEXT: {{\[\[\[\[}}-2,     11],
// CHECK-NEXT: [0,     -21],
// CHECK-NEXT: [6,     -21],
// CHECK-NEXT: [0,     11]],
// CHECK-NEXT: {{\[\[}}6,     -5],
// CHECK-NEXT: [-5.5,     29],
// CHECK-NEXT: [-5.5,     -11],
// CHECK-NEXT: [6,     -21]],
// CHECK-NEXT: {{\[\[}}0,     -13],
// CHECK-NEXT: [6,     -13],
// CHECK-NEXT: [0,     19],
// CHECK-NEXT: [-3,     -1]]]]
// CHECK: rank = 4 offset = 0 sizes = [1, 2, 2, 2]
// CHECK-NEXT: {{\[\[\[\[}}4,     17],
// CHECK-NEXT: [6,     16.5]],
// CHECK-NEXT: {{\[\[}}6,     17.5],
// CHECK-NEXT: [6,     1.5]]]]
// CHECK: rank = 4 offset = 0 sizes = [1, 4, 2, 2]
// CHECK-NEXT: {{\[\[\[\[}}0,     1],
// CHECK-NEXT: [2,     -1]],
// CHECK-NEXT: {{\[\[}}-2,     0],
// CHECK-NEXT: [-4,     2]],
// CHECK-NEXT: {{\[\[}}4,     -1],
// CHECK-NEXT: [2,     -3]],
// CHECK-NEXT: {{\[\[}}-4,     2],
// CHECK-NEXT: [0,     2]]]]
// CHECK: rank = 2 offset = 0 sizes = [2, 2]
// CHECK-NEXT: {{\[\[}}0.75,   1.5],
// CHECK-NEXT: [0.25,   3.5]]
