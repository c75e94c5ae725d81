// RUN: compress-opt %s --compress-decompress --compress-lower-to-llvm=bare-ptr-abi=false \
// RUN: | mlir-runner -e main -entry-point-result=void \
// RUN:     -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils \
// RUN: | FileCheck %s

// Execution test of the compress-decompress oracle for the codebook family: each layer runs
// through the decompressed dense tosa op(s) and prints its result. The expected values
// were computed by an independent reference (direct NHWC/OHWI loops over the documented
// layouts and packings: Inputs/generate.py) and compared exactly before the CHECK lines were
// frozen; all inputs and weights are small integers or halves, so f32 is exact and the
// comparison is == (no tolerance). Inputs come in through function arguments so that
// canonicalization cannot fold the layers.

func.func private @printMemrefF32(memref<*xf32>)

// codebook_conv2d, one codebook of k = 5, 3-bit indices (8 per row = 3 bytes, indices
// straddle bytes), 2x2 taps, pad [1,0,0,1], dilation 2x1.
func.func @codebook_conv2d_per_tensor(%x: tensor<1x4x4x2xf32>) -> tensor<1x3x4x3xf32> {
  %cent = arith.constant dense<[-1.0, -0.5, 0.0, 0.5, 2.0]> : tensor<5xf32>
  %idx = arith.constant dense<[[16, 51, -120], [-125, -104, 65], [25, -60, 12]]> : tensor<3x3xi8>
  %b = arith.constant dense<[0.0, 1.0, -1.0]> : tensor<3xf32>
  %y = compress.codebook_conv2d %x, %cent, %idx, %b {bits = 3 : i64, kernel_size = array<i64: 2, 2>, strides = array<i64: 1, 1>, pad = array<i64: 1, 0, 0, 1>, dilations = array<i64: 2, 1>, groups = 1 : i64}
       : (tensor<1x4x4x2xf32>, tensor<5xf32>, tensor<3x3xi8>, tensor<3xf32>) -> tensor<1x3x4x3xf32>
  return %y : tensor<1x3x4x3xf32>
}

// codebook_conv2d, one codebook of k = 4 per output channel, 2-bit indices, groups = 2,
// 1x2 taps, stride 1x2.
func.func @codebook_conv2d_per_channel(%x: tensor<1x3x5x4xf32>) -> tensor<1x3x3x4xf32> {
  %cent = arith.constant dense<[[-0.5, 0.0, 0.5, 1.0], [-1.0, 0.0, 1.0, 2.0], [-1.5, 0.0, 1.5, 3.0], [-2.0, 0.0, 2.0, 4.0]]> : tensor<4x4xf32>
  %idx = arith.constant dense<[[108], [-79], [-58], [27]]> : tensor<4x1xi8>
  %b = arith.constant dense<[0.0, 0.0, 0.5, -0.5]> : tensor<4xf32>
  %y = compress.codebook_conv2d %x, %cent, %idx, %b {bits = 2 : i64, kernel_size = array<i64: 1, 2>, strides = array<i64: 1, 2>, pad = array<i64: 0, 0, 1, 1>, dilations = array<i64: 1, 1>, groups = 2 : i64}
       : (tensor<1x3x5x4xf32>, tensor<4x4xf32>, tensor<4x1xi8>, tensor<4xf32>) -> tensor<1x3x3x4xf32>
  return %y : tensor<1x3x3x4xf32>
}

// codebook_matmul, k = 17 centroids, 5-bit indices, K = 6 (30 bits = 4 bytes per row).
func.func @codebook_matmul_per_tensor(%x: tensor<2x6xf32>) -> tensor<2x3xf32> {
  %cent = arith.constant dense<[-2.0, -1.75, -1.5, -1.25, -1.0, -0.75, -0.5, -0.25, 0.0, 0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 1.75, 2.0]> : tensor<17xf32>
  %idx = arith.constant dense<[[-96, -88, 55, 16], [-121, -127, -94, 30], [78, 28, 6, 10]]> : tensor<3x4xi8>
  %b = arith.constant dense<[1.0, -1.0, 0.25]> : tensor<3xf32>
  %y = compress.codebook_matmul %x, %cent, %idx, %b {bits = 5 : i64}
       : (tensor<2x6xf32>, tensor<17xf32>, tensor<3x4xi8>, tensor<3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// codebook_matmul, per-channel codebooks of k = 2, 1-bit indices, K = 5.
func.func @codebook_matmul_per_channel(%x: tensor<2x5xf32>) -> tensor<2x2xf32> {
  %cent = arith.constant dense<[[-1.0, 1.0], [0.5, 3.0]]> : tensor<2x2xf32>
  %idx = arith.constant dense<[[13], [20]]> : tensor<2x1xi8>
  %b = arith.constant dense<[0.0, 0.5]> : tensor<2xf32>
  %y = compress.codebook_matmul %x, %cent, %idx, %b {bits = 1 : i64}
       : (tensor<2x5xf32>, tensor<2x2xf32>, tensor<2x1xi8>, tensor<2xf32>) -> tensor<2x2xf32>
  return %y : tensor<2x2xf32>
}

func.func @main() {
  %x0 = arith.constant dense<[[[[-5.0, 0.0], [-2.0, 3.0], [1.0, -5.0], [4.0, -2.0]], [[2.0, -4.0], [5.0, -1.0], [-3.0, 2.0], [0.0, 5.0]], [[-2.0, 3.0], [1.0, -5.0], [4.0, -2.0], [-4.0, 1.0]], [[5.0, -1.0], [-3.0, 2.0], [0.0, 5.0], [3.0, -3.0]]]]> : tensor<1x4x4x2xf32>
  %y0 = call @codebook_conv2d_per_tensor(%x0) : (tensor<1x4x4x2xf32>) -> tensor<1x3x4x3xf32>
  %m0 = bufferization.to_buffer %y0 : tensor<1x3x4x3xf32> to memref<1x3x4x3xf32>
  %u0 = memref.cast %m0 : memref<1x3x4x3xf32> to memref<*xf32>
  call @printMemrefF32(%u0) : (memref<*xf32>) -> ()
  %x1 = arith.constant dense<[[[[-4.0, 1.0, -5.0, 0.0], [-1.0, 4.0, -2.0, 3.0], [2.0, -4.0, 1.0, -5.0], [5.0, -1.0, 4.0, -2.0], [-3.0, 2.0, -4.0, 1.0]], [[3.0, -3.0, 2.0, -4.0], [-5.0, 0.0, 5.0, -1.0], [-2.0, 3.0, -3.0, 2.0], [1.0, -5.0, 0.0, 5.0], [4.0, -2.0, 3.0, -3.0]], [[-1.0, 4.0, -2.0, 3.0], [2.0, -4.0, 1.0, -5.0], [5.0, -1.0, 4.0, -2.0], [-3.0, 2.0, -4.0, 1.0], [0.0, 5.0, -1.0, 4.0]]]]> : tensor<1x3x5x4xf32>
  %y1 = call @codebook_conv2d_per_channel(%x1) : (tensor<1x3x5x4xf32>) -> tensor<1x3x3x4xf32>
  %m1 = bufferization.to_buffer %y1 : tensor<1x3x3x4xf32> to memref<1x3x3x4xf32>
  %u1 = memref.cast %m1 : memref<1x3x3x4xf32> to memref<*xf32>
  call @printMemrefF32(%u1) : (memref<*xf32>) -> ()
  %x2 = arith.constant dense<[[-5.0, -2.0, 1.0, 4.0, -4.0, -1.0], [2.0, 5.0, -3.0, 0.0, 3.0, -5.0]]> : tensor<2x6xf32>
  %y2 = call @codebook_matmul_per_tensor(%x2) : (tensor<2x6xf32>) -> tensor<2x3xf32>
  %m2 = bufferization.to_buffer %y2 : tensor<2x3xf32> to memref<2x3xf32>
  %u2 = memref.cast %m2 : memref<2x3xf32> to memref<*xf32>
  call @printMemrefF32(%u2) : (memref<*xf32>) -> ()
  %x3 = arith.constant dense<[[-2.0, 1.0, 4.0, -4.0, -1.0], [5.0, -3.0, 0.0, 3.0, -5.0]]> : tensor<2x5xf32>
  %y3 = call @codebook_matmul_per_channel(%x3) : (tensor<2x5xf32>) -> tensor<2x2xf32>
  %m3 = bufferization.to_buffer %y3 : tensor<2x2xf32> to memref<2x2xf32>
  %u3 = memref.cast %m3 : memref<2x2xf32> to memref<*xf32>
  call @printMemrefF32(%u3) : (memref<*xf32>) -> ()
  return
}

// CHECK: rank = 4 offset = 0 sizes = [1, 3, 4, 3]
// CHECK-NEXT: {{\[\[\[\[}}3,     -7,     8.5],
// CHECK-NEXT: [7.5,     1,     6],
// CHECK-NEXT: [6.5,     3.5,     -13],
// CHECK-NEXT: [-5,     3.5,     -3.5]],
// CHECK-NEXT: {{\[\[}}-14.5,     6,     3.5],
// CHECK-NEXT: [8,     -20,     9],
// CHECK-NEXT: [14,     3.5,     -2],
// CHECK-NEXT: [-7,     7.5,     -12.5]],
// CHECK-NEXT: {{\[\[}}16,     4,     -2],
// CHECK-NEXT: [-5.5,     11,     -13],
// CHECK-NEXT: [-10.5,     7,     3.5],
// CHECK-NEXT: [4.5,     -7,     9]]]]
// CHECK: rank = 4 offset = 0 sizes = [1, 3, 3, 4]
// CHECK-NEXT: {{\[\[\[\[}}-2,     -7,     8,     -0.5],
// CHECK-NEXT: [5.5,     -4,     -19,     7.5],
// CHECK-NEXT: [-5,     -3,     15.5,     9.5]],
// CHECK-NEXT: {{\[\[}}1.5,     3,     -14.5,     7.5],
// CHECK-NEXT: [1.5,     -1,     18.5,     13.5],
// CHECK-NEXT: [-3.5,     11,     -13,     15.5]],
// CHECK-NEXT: {{\[\[}}-0.5,     2,     12.5,     -6.5],
// CHECK-NEXT: [-2.5,     13,     -10,     -2.5],
// CHECK-NEXT: [3.5,     3,     8,     -22.5]]]]
// CHECK: rank = 2 offset = 0 sizes = [2, 3]
// CHECK-NEXT: {{\[\[}}25,   -10.5,   8.25],
// CHECK-NEXT: [-12,   2.25,   -5.75]]
// CHECK: rank = 2 offset = 0 sizes = [2, 2]
// CHECK-NEXT: {{\[\[}}-2,   7],
// CHECK-NEXT: [16,   -12]]
