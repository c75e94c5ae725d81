// RUN: compress-opt %s -split-input-file --convert-compress-to-linalg | FileCheck %s
// Dynamic shapes: compress-to-linalg-lowrank-dynamic.mlir.

// lowrank_conv2d: the kh×kw conv to r channels (zero bias, the layer's geometry),
// then the 1×1 conv with v as [F, 1, 1, r] and the bias. H = 6, kh = 3, dilation 1,
// stride 2, pad 1 + 1: (6 − 1 + 2 − 2) = 5 is odd, pad_bottom is trimmed to 0.
// W = 7, pad 0 + 1: (7 − 1 + 1 − 2) = 5, pad_right trimmed to 0.
// CHECK-LABEL: func.func @conv
// CHECK-SAME: (%[[X:.*]]: tensor<1x6x7x3xf32>, %[[U:.*]]: tensor<2x3x3x3xf32>, %[[V:.*]]: tensor<4x2xf32>, %[[B:.*]]: tensor<4xf32>)
// CHECK-DAG: %[[ZP:.*]] = "tosa.const"() <{values = dense<0.000000e+00> : tensor<1xf32>}>
// CHECK-DAG: %[[Z:.*]] = "tosa.const"() <{values = dense<0.000000e+00> : tensor<2xf32>}>
// CHECK: %[[T:.*]] = tosa.conv2d %[[X]], %[[U]], %[[Z]], %[[ZP]], %[[ZP]] {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 1, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x6x7x3xf32>, tensor<2x3x3x3xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x3x3x2xf32>
// CHECK: %[[V4:.*]] = tensor.expand_shape %[[V]] {{\[}}[0, 1, 2], [3]] output_shape [4, 1, 1, 2] : tensor<4x2xf32> into tensor<4x1x1x2xf32>
// CHECK: %[[Y:.*]] = tosa.conv2d %[[T]], %[[V4]], %[[B]], %[[ZP]], %[[ZP]] {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x3x3x2xf32>, tensor<4x1x1x2xf32>, tensor<4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x3x3x4xf32>
// CHECK: return %[[Y]]
// CHECK-NOT: compress.
func.func @conv(%x: tensor<1x6x7x3xf32>, %u: tensor<2x3x3x3xf32>, %v: tensor<4x2xf32>, %b: tensor<4xf32>) -> tensor<1x3x3x4xf32> {
  %y = compress.lowrank_conv2d %x, %u, %v, %b {strides = array<i64: 2, 2>, pad = array<i64: 1, 1, 0, 1>, dilations = array<i64: 1, 1>}
       : (tensor<1x6x7x3xf32>, tensor<2x3x3x3xf32>, tensor<4x2xf32>, tensor<4xf32>) -> tensor<1x3x3x4xf32>
  return %y : tensor<1x3x3x4xf32>
}

// -----

// A remainder larger than the padding: H = 6, kh = 1, stride 4, no pad: (6 − 1) = 5,
// remainder 1 comes off the input (rows 0..4 kept; row 5 is never read).
// CHECK-LABEL: func.func @conv_slice
// CHECK: %[[S:.*]] = tensor.extract_slice %arg0[0, 0, 0, 0] [1, 5, 5, 2] [1, 1, 1, 1] : tensor<1x6x5x2xf32> to tensor<1x5x5x2xf32>
// CHECK: tosa.conv2d %[[S]], %arg1
// CHECK-SAME: pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 4, 1>
// CHECK-SAME: -> tensor<1x2x5x1xf32>
// CHECK: tosa.conv2d
// CHECK-SAME: -> tensor<1x2x5x3xf32>
func.func @conv_slice(%x: tensor<1x6x5x2xf32>, %u: tensor<1x1x1x2xf32>, %v: tensor<3x1xf32>, %b: tensor<3xf32>) -> tensor<1x2x5x3xf32> {
  %y = compress.lowrank_conv2d %x, %u, %v, %b {strides = array<i64: 4, 1>, pad = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>}
       : (tensor<1x6x5x2xf32>, tensor<1x1x1x2xf32>, tensor<3x1xf32>, tensor<3xf32>) -> tensor<1x2x5x3xf32>
  return %y : tensor<1x2x5x3xf32>
}

// -----

// lowrank_matmul with constant factors: Uᵀ and Vᵀ are transposed at compile time
// into tosa.matmul's [1, K, r] / [1, r, N]; the bias is added as [1, 1, N].
// CHECK-LABEL: func.func @matmul_constant
// CHECK: %[[X3:.*]] = tensor.expand_shape %arg0 {{\[}}[0, 1], [2]] output_shape [1, 4, 3] : tensor<4x3xf32> into tensor<1x4x3xf32>
// CHECK: %[[UT:.*]] = "tosa.const"() <{values = dense<{{\[}}{{\[}}[1.000000e+00, 4.000000e+00], [2.000000e+00, 5.000000e+00], [3.000000e+00, 6.000000e+00]]]> : tensor<1x3x2xf32>}>
// CHECK: %[[T:.*]] = tosa.matmul %[[X3]], %[[UT]], %{{.*}}, %{{.*}} : (tensor<1x4x3xf32>, tensor<1x3x2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x2xf32>
// CHECK: %[[VT:.*]] = "tosa.const"() <{values = dense<{{\[}}{{\[}}[1.000000e+00, 0.000000e+00], [0.000000e+00, 1.000000e+00]]]> : tensor<1x2x2xf32>}>
// CHECK: %[[Y:.*]] = tosa.matmul %[[T]], %[[VT]], %{{.*}}, %{{.*}} : (tensor<1x4x2xf32>, tensor<1x2x2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x2xf32>
// CHECK: %[[B3:.*]] = tensor.expand_shape %arg1 {{\[}}[0, 1, 2]] output_shape [1, 1, 2] : tensor<2xf32> into tensor<1x1x2xf32>
// CHECK: %[[S:.*]] = tosa.add %[[Y]], %[[B3]] : (tensor<1x4x2xf32>, tensor<1x1x2xf32>) -> tensor<1x4x2xf32>
// CHECK: tensor.collapse_shape %[[S]] {{\[}}[0, 1], [2]] : tensor<1x4x2xf32> into tensor<4x2xf32>
func.func @matmul_constant(%x: tensor<4x3xf32>, %b: tensor<2xf32>) -> tensor<4x2xf32> {
  %u = arith.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>
  %v = arith.constant dense<[[1.0, 0.0], [0.0, 1.0]]> : tensor<2x2xf32>
  %y = compress.lowrank_matmul %x, %u, %v, %b : (tensor<4x3xf32>, tensor<2x3xf32>, tensor<2x2xf32>, tensor<2xf32>) -> tensor<4x2xf32>
  return %y : tensor<4x2xf32>
}

// -----

// Factors that are not constants are transposed by tosa.transpose.
// CHECK-LABEL: func.func @matmul_operands
// CHECK: %[[UT:.*]] = tosa.transpose %arg1 {perms = array<i32: 1, 0>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
// CHECK: tensor.expand_shape %[[UT]] {{\[}}[0, 1], [2]] output_shape [1, 3, 2] : tensor<3x2xf32> into tensor<1x3x2xf32>
// CHECK: tosa.matmul
// CHECK: %[[VT:.*]] = tosa.transpose %arg2 {perms = array<i32: 1, 0>} : (tensor<5x2xf32>) -> tensor<2x5xf32>
// CHECK: tosa.matmul
// CHECK-SAME: -> tensor<1x1x5xf32>
func.func @matmul_operands(%x: tensor<1x3xf32>, %u: tensor<2x3xf32>, %v: tensor<5x2xf32>, %b: tensor<5xf32>) -> tensor<1x5xf32> {
  %y = compress.lowrank_matmul %x, %u, %v, %b : (tensor<1x3xf32>, tensor<2x3xf32>, tensor<5x2xf32>, tensor<5xf32>) -> tensor<1x5xf32>
  return %y : tensor<1x5xf32>
}
