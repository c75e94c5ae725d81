// RUN: compress-opt %s -split-input-file --compress-decompress | FileCheck %s

// The IR shapes the oracle produces for each op form. The numbers are checked by
// the execution tests in test/Integration/Decompress.

// Low-rank conv: the weight is the product V·U as one dense OHWI constant. The
// stride-2 axis has (H - 1 + pad_top + pad_bottom - (kh-1)) = 6 - 1 + 2 - 2 = 5, odd,
// so pad_bottom drops from 1 to 0 (the last row is never read).
// CHECK-LABEL: func.func @lowrank_conv2d(
// CHECK-SAME: %[[X:.*]]: tensor<1x6x7x3xf32>, %[[B:.*]]: tensor<4xf32>)
// CHECK-NOT: compress.
// CHECK: %[[W:.*]] = "tosa.const"() <{values = dense<{{.*}}> : tensor<4x3x2x3xf32>}>
// CHECK: %[[Y:.*]] = tosa.conv2d %[[X]], %[[W]], %[[B]], %{{.*}}, %{{.*}} {acc_type = f32, dilation = array<i64: 1, 2>, pad = array<i64: 1, 0, 0, 1>, stride = array<i64: 2, 1>} : (tensor<1x6x7x3xf32>, tensor<4x3x2x3xf32>, tensor<4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x3x6x4xf32>
// CHECK: return %[[Y]]
func.func @lowrank_conv2d(%x: tensor<1x6x7x3xf32>, %b: tensor<4xf32>) -> tensor<1x3x6x4xf32> {
  %u = arith.constant dense<1.0> : tensor<2x3x2x3xf32>
  %v = arith.constant dense<[[1.0, 0.5], [-1.0, 2.0], [0.0, 1.0], [0.5, -0.5]]> : tensor<4x2xf32>
  %y = compress.lowrank_conv2d %x, %u, %v, %b {strides = array<i64: 2, 1>, pad = array<i64: 1, 1, 0, 1>, dilations = array<i64: 1, 2>}
       : (tensor<1x6x7x3xf32>, tensor<2x3x2x3xf32>, tensor<4x2xf32>, tensor<4xf32>) -> tensor<1x3x6x4xf32>
  return %y : tensor<1x3x6x4xf32>
}

// -----

// Low-rank matmul: W = V·U = [[1, 2], [0.5, 1], [0, 0]] held transposed as B[1, K, N].
// CHECK-LABEL: func.func @lowrank_matmul(
// CHECK-SAME: %[[X:.*]]: tensor<5x2xf32>, %[[B:.*]]: tensor<3xf32>)
// CHECK: %[[A:.*]] = tosa.reshape %[[X]], %{{.*}} : (tensor<5x2xf32>, !tosa.shape<3>) -> tensor<1x5x2xf32>
// CHECK: %[[W:.*]] = "tosa.const"() <{values = dense<{{\[\[\[}}1.000000e+00, 5.000000e-01, 0.000000e+00], [2.000000e+00, 1.000000e+00, 0.000000e+00]]]> : tensor<1x2x3xf32>}>
// CHECK: %[[MM:.*]] = tosa.matmul %[[A]], %[[W]], %{{.*}}, %{{.*}} : (tensor<1x5x2xf32>, tensor<1x2x3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x5x3xf32>
// CHECK: %[[BR:.*]] = tosa.reshape %[[B]], %{{.*}} -> tensor<1x1x3xf32>
// CHECK: %[[S:.*]] = tosa.add %[[MM]], %[[BR]] : (tensor<1x5x3xf32>, tensor<1x1x3xf32>) -> tensor<1x5x3xf32>
// CHECK: %[[Y:.*]] = tosa.reshape %[[S]], %{{.*}} -> tensor<5x3xf32>
// CHECK: return %[[Y]]
func.func @lowrank_matmul(%x: tensor<5x2xf32>, %b: tensor<3xf32>) -> tensor<5x3xf32> {
  %u = arith.constant dense<[[1.0, 2.0]]> : tensor<1x2xf32>
  %v = arith.constant dense<[[1.0], [0.5], [0.0]]> : tensor<3x1xf32>
  %y = compress.lowrank_matmul %x, %u, %v, %b : (tensor<5x2xf32>, tensor<1x2xf32>, tensor<3x1xf32>, tensor<3xf32>) -> tensor<5x3xf32>
  return %y : tensor<5x3xf32>
}

// -----

// Sparse conv with groups = 2 (neither 1 nor C): a channel slice, a bias slice and a
// conv per group, concatenated on the channel axis.
// CHECK-LABEL: func.func @sparse_conv2d_groups(
// CHECK-SAME: %[[X:.*]]: tensor<1x5x6x4xf32>, %[[B:.*]]: tensor<6xf32>)
// CHECK: %[[X0:.*]] = tosa.slice %[[X]], {{.*}} -> tensor<1x5x6x2xf32>
// CHECK: %[[B0:.*]] = tosa.slice %[[B]], {{.*}} -> tensor<3xf32>
// CHECK: %[[W0:.*]] = "tosa.const"() <{values = dense<{{.*}}> : tensor<3x3x1x2xf32>}>
// CHECK: %[[Y0:.*]] = tosa.conv2d %[[X0]], %[[W0]], %[[B0]], {{.*}} -> tensor<1x5x6x3xf32>
// CHECK: %[[X1:.*]] = tosa.slice %[[X]], {{.*}} -> tensor<1x5x6x2xf32>
// CHECK: %[[B1:.*]] = tosa.slice %[[B]], {{.*}} -> tensor<3xf32>
// CHECK: %[[W1:.*]] = "tosa.const"() <{values = dense<{{.*}}> : tensor<3x3x1x2xf32>}>
// CHECK: %[[Y1:.*]] = tosa.conv2d %[[X1]], %[[W1]], %[[B1]], {{.*}} -> tensor<1x5x6x3xf32>
// CHECK: %[[Y:.*]] = tosa.concat %[[Y0]], %[[Y1]] {axis = 3 : i32} : (tensor<1x5x6x3xf32>, tensor<1x5x6x3xf32>) -> tensor<1x5x6x6xf32>
// CHECK: return %[[Y]]
func.func @sparse_conv2d_groups(%x: tensor<1x5x6x4xf32>, %b: tensor<6xf32>) -> tensor<1x5x6x6xf32> {
  %vals = arith.constant dense<[1.0, -2.0, 0.5]> : tensor<3xf32>
  %cols = arith.constant dense<[0, 5, 3]> : tensor<3xi32>
  %rows = arith.constant dense<[0, 1, 1, 2, 2, 3, 3]> : tensor<7xi32>
  %y = compress.sparse_conv2d %x, %vals, %cols, %rows, %b {kernel_size = array<i64: 3, 1>,
         strides = array<i64: 1, 1>, pad = array<i64: 1, 1, 0, 0>, dilations = array<i64: 1, 1>, groups = 2 : i64}
       : (tensor<1x5x6x4xf32>, tensor<3xf32>, tensor<3xi32>, tensor<7xi32>, tensor<6xf32>) -> tensor<1x5x6x6xf32>
  return %y : tensor<1x5x6x6xf32>
}

// -----

// Sparse depthwise conv (groups = C = F = 2): tosa.depthwise_conv2d with the weight
// as [kh, kw, C, 1]. Row 0 holds tap (0, 0) = 1, row 1 tap (0, 1) = -1.
// CHECK-LABEL: func.func @sparse_conv2d_depthwise(
// CHECK-SAME: %[[X:.*]]: tensor<1x4x4x2xf32>, %[[B:.*]]: tensor<2xf32>)
// CHECK: %[[W:.*]] = "tosa.const"() <{values = dense<{{\[\[\[\[}}1.000000e+00], [0.000000e+00]], {{\[\[}}0.000000e+00], [-1.000000e+00]]]]> : tensor<1x2x2x1xf32>}>
// CHECK: %[[Y:.*]] = tosa.depthwise_conv2d %[[X]], %[[W]], %[[B]], {{.*}} {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<1x2x2x1xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x3x2xf32>
// CHECK: return %[[Y]]
func.func @sparse_conv2d_depthwise(%x: tensor<1x4x4x2xf32>, %b: tensor<2xf32>) -> tensor<1x4x3x2xf32> {
  %vals = arith.constant dense<[1.0, -1.0]> : tensor<2xf32>
  %cols = arith.constant dense<[0, 1]> : tensor<2xi32>
  %rows = arith.constant dense<[0, 1, 2]> : tensor<3xi32>
  %y = compress.sparse_conv2d %x, %vals, %cols, %rows, %b {kernel_size = array<i64: 1, 2>,
         strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 2 : i64}
       : (tensor<1x4x4x2xf32>, tensor<2xf32>, tensor<2xi32>, tensor<3xi32>, tensor<2xf32>) -> tensor<1x4x3x2xf32>
  return %y : tensor<1x4x3x2xf32>
}

// -----

// Sparse matmul: an empty CSR row becomes a zero row of W.
// CHECK-LABEL: func.func @sparse_matmul(
// CHECK: "tosa.const"() <{values = dense<{{\[\[\[}}1.000000e+00, 0.000000e+00], [0.000000e+00, 0.000000e+00], [-2.000000e+00, 0.000000e+00]]]> : tensor<1x3x2xf32>}>
// CHECK: tosa.matmul
func.func @sparse_matmul(%x: tensor<4x3xf32>, %b: tensor<2xf32>) -> tensor<4x2xf32> {
  %vals = arith.constant dense<[1.0, -2.0]> : tensor<2xf32>
  %cols = arith.constant dense<[0, 2]> : tensor<2xi32>
  %rows = arith.constant dense<[0, 2, 2]> : tensor<3xi32>
  %y = compress.sparse_matmul %x, %vals, %cols, %rows, %b : (tensor<4x3xf32>, tensor<2xf32>, tensor<2xi32>, tensor<3xi32>, tensor<2xf32>) -> tensor<4x2xf32>
  return %y : tensor<4x2xf32>
}

// -----

// Codebook conv, per-tensor, 2-bit indices: row 0 = 0b11_10_01_00 = 0xE4 (-28) decodes to
// 0, 1, 2, 3; row 1 = 0b00_01_10_11 = 0x1B to 3, 2, 1, 0 (1x2 taps x 2 channels).
// CHECK-LABEL: func.func @codebook_conv2d_per_tensor(
// CHECK: %[[W:.*]] = "tosa.const"() <{values = dense<{{\[\[\[\[}}-1.000000e+00, 0.000000e+00], [5.000000e-01, 2.000000e+00]]], {{\[\[\[}}2.000000e+00, 5.000000e-01], [0.000000e+00, -1.000000e+00]]]]> : tensor<2x1x2x2xf32>}>
// CHECK: tosa.conv2d %{{.*}}, %[[W]], {{.*}} -> tensor<1x3x2x2xf32>
func.func @codebook_conv2d_per_tensor(%x: tensor<1x3x3x2xf32>, %b: tensor<2xf32>) -> tensor<1x3x2x2xf32> {
  %c = arith.constant dense<[-1.0, 0.0, 0.5, 2.0]> : tensor<4xf32>
  %i = arith.constant dense<[[-28], [27]]> : tensor<2x1xi8>
  %y = compress.codebook_conv2d %x, %c, %i, %b {bits = 2 : i64, kernel_size = array<i64: 1, 2>,
         strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x3x3x2xf32>, tensor<4xf32>, tensor<2x1xi8>, tensor<2xf32>) -> tensor<1x3x2x2xf32>
  return %y : tensor<1x3x2x2xf32>
}

// -----

// Codebook matmul, per-channel 1-bit codebooks: row n uses centroids[n].
// CHECK-LABEL: func.func @codebook_matmul_per_channel(
// CHECK: "tosa.const"() <{values = dense<{{\[\[\[}}-1.000000e+00, 3.000000e+00], [1.000000e+00, 2.000000e+00], [-1.000000e+00, 3.000000e+00]]]> : tensor<1x3x2xf32>}>
// CHECK: tosa.matmul
func.func @codebook_matmul_per_channel(%x: tensor<4x3xf32>, %b: tensor<2xf32>) -> tensor<4x2xf32> {
  %c = arith.constant dense<[[-1.0, 1.0], [2.0, 3.0]]> : tensor<2x2xf32>
  %i = arith.constant dense<[[2], [5]]> : tensor<2x1xi8>
  %y = compress.codebook_matmul %x, %c, %i, %b {bits = 1 : i64} : (tensor<4x3xf32>, tensor<2x2xf32>, tensor<2x1xi8>, tensor<2xf32>) -> tensor<4x2xf32>
  return %y : tensor<4x2xf32>
}

// -----

// Binary conv with zero padding: sign(x) by greater_equal + select, a ±1 conv with a
// zero bias, then · alpha (tosa.mul with a zero shift) + bias. Bit 1 means -1.
// CHECK-LABEL: func.func @binary_conv2d_zero(
// CHECK-SAME: %[[X:.*]]: tensor<1x3x3x2xf32>, %[[A:.*]]: tensor<1xf32>, %[[B:.*]]: tensor<1xf32>)
// CHECK: %[[ZERO:.*]] = "tosa.const"() <{values = dense<0.000000e+00> : tensor<1x1x1x1xf32>}>
// CHECK: %[[PLUS:.*]] = "tosa.const"() <{values = dense<1.000000e+00> : tensor<1x1x1x1xf32>}>
// CHECK: %[[MINUS:.*]] = "tosa.const"() <{values = dense<-1.000000e+00> : tensor<1x1x1x1xf32>}>
// CHECK: %[[GE:.*]] = tosa.greater_equal %[[X]], %[[ZERO]] : (tensor<1x3x3x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x3x3x2xi1>
// CHECK: %[[S:.*]] = tosa.select %[[GE]], %[[PLUS]], %[[MINUS]]
// CHECK: %[[ZB:.*]] = "tosa.const"() <{values = dense<0.000000e+00> : tensor<1xf32>}>
// CHECK: %[[W:.*]] = "tosa.const"() <{values = dense<{{\[\[\[\[}}-1.000000e+00, 1.000000e+00]]]]> : tensor<1x1x1x2xf32>}>
// CHECK: %[[C:.*]] = tosa.conv2d %[[S]], %[[W]], %[[ZB]], {{.*}} pad = array<i64: 1, 1, 1, 1>{{.*}} -> tensor<1x5x5x1xf32>
// CHECK: %[[AR:.*]] = tosa.reshape %[[A]], {{.*}} -> tensor<1x1x1x1xf32>
// CHECK: %[[SHIFT:.*]] = "tosa.const"() <{values = dense<0> : tensor<1xi8>}>
// CHECK: %[[M:.*]] = tosa.mul %[[C]], %[[AR]], %[[SHIFT]]
// CHECK: %[[BR:.*]] = tosa.reshape %[[B]], {{.*}} -> tensor<1x1x1x1xf32>
// CHECK: %[[Y:.*]] = tosa.add %[[M]], %[[BR]]
// CHECK: return %[[Y]]
func.func @binary_conv2d_zero(%x: tensor<1x3x3x2xf32>, %a: tensor<1xf32>, %b: tensor<1xf32>) -> tensor<1x5x5x1xf32> {
  %w = arith.constant dense<1> : tensor<1x1x1x1xi64>
  %y = compress.binary_conv2d %x, %w, %a, %b {strides = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x3x3x2xf32>, tensor<1x1x1x1xi64>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x5x5x1xf32>
  return %y : tensor<1x5x5x1xf32>
}

// -----

// Binary conv with pad_value = minus_one: sign(x) is padded with -1 slabs (tosa.concat
// on H, then on W) and the conv itself has no padding.
// CHECK-LABEL: func.func @binary_conv2d_minus_one(
// CHECK: %[[S:.*]] = tosa.select
// CHECK: %[[TOP:.*]] = "tosa.const"() <{values = dense<-1.000000e+00> : tensor<1x2x3x2xf32>}>
// CHECK: %[[H:.*]] = tosa.concat %[[TOP]], %[[S]] {axis = 1 : i32} : (tensor<1x2x3x2xf32>, tensor<1x3x3x2xf32>) -> tensor<1x5x3x2xf32>
// CHECK: %[[LEFT:.*]] = "tosa.const"() <{values = dense<-1.000000e+00> : tensor<1x5x1x2xf32>}>
// CHECK: %[[RIGHT:.*]] = "tosa.const"() <{values = dense<-1.000000e+00> : tensor<1x5x1x2xf32>}>
// CHECK: %[[P:.*]] = tosa.concat %[[LEFT]], %[[H]], %[[RIGHT]] {axis = 2 : i32} : (tensor<1x5x1x2xf32>, tensor<1x5x3x2xf32>, tensor<1x5x1x2xf32>) -> tensor<1x5x5x2xf32>
// CHECK: tosa.conv2d %[[P]], {{.*}} pad = array<i64: 0, 0, 0, 0>{{.*}} -> tensor<1x4x4x1xf32>
func.func @binary_conv2d_minus_one(%x: tensor<1x3x3x2xf32>, %a: tensor<1xf32>) -> tensor<1x4x4x1xf32> {
  %w = arith.constant dense<2> : tensor<1x2x2x1xi64>
  %y = compress.binary_conv2d %x, %w, %a, %a {strides = array<i64: 1, 1>, pad = array<i64: 2, 0, 1, 1>, dilations = array<i64: 1, 1>, groups = 1 : i64, pad_value = #compress<pad_value minus_one>}
       : (tensor<1x3x3x2xf32>, tensor<1x2x2x1xi64>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x1xf32>
  return %y : tensor<1x4x4x1xf32>
}

// -----

// Binary matmul: sign, then the ±1 matmul, then alpha and bias per output feature.
// CHECK-LABEL: func.func @binary_matmul(
// CHECK: tosa.greater_equal
// CHECK: tosa.select
// CHECK: tosa.matmul {{.*}} -> tensor<1x2x3xf32>
// CHECK: tosa.mul {{.*}} : (tensor<2x3xf32>, tensor<1x3xf32>, tensor<1xi8>) -> tensor<2x3xf32>
// CHECK: tosa.add {{.*}} : (tensor<2x3xf32>, tensor<1x3xf32>) -> tensor<2x3xf32>
func.func @binary_matmul(%x: tensor<2x70xf32>, %a: tensor<3xf32>, %b: tensor<3xf32>) -> tensor<2x3xf32> {
  %w = arith.constant dense<[[1, 0], [0, 63], [-1, 0]]> : tensor<3x2xi64>
  %y = compress.binary_matmul %x, %w, %a, %b : (tensor<2x70xf32>, tensor<3x2xi64>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

// Compressed weights that are not constants cannot be decompressed: the op stays.
// CHECK-LABEL: func.func @not_constant(
// CHECK: compress.lowrank_matmul
// CHECK-NOT: tosa.
func.func @not_constant(%x: tensor<2x4xf32>, %u: tensor<1x4xf32>, %b: tensor<3xf32>) -> tensor<2x3xf32> {
  %v = arith.constant dense<1.0> : tensor<3x1xf32>
  %y = compress.lowrank_matmul %x, %u, %v, %b : (tensor<2x4xf32>, tensor<1x4xf32>, tensor<3x1xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

// Dynamic shapes are left alone as well.
// CHECK-LABEL: func.func @dynamic_batch(
// CHECK: compress.binary_matmul
func.func @dynamic_batch(%x: tensor<?x4xf32>, %a: tensor<1xf32>) -> tensor<?x1xf32> {
  %w = arith.constant dense<0> : tensor<1x1xi64>
  %y = compress.binary_matmul %x, %w, %a, %a : (tensor<?x4xf32>, tensor<1x1xi64>, tensor<1xf32>, tensor<1xf32>) -> tensor<?x1xf32>
  return %y : tensor<?x1xf32>
}

// -----

// Constant weights held as dense_resource blobs (how large models keep them) are
// read as well: U = [[1, 2]] and V = [[1], [-1]] as f32 blobs give W = [[1, 2], [-1, -2]].
// CHECK-LABEL: func.func @resource_weights(
// CHECK-NOT: compress.
// CHECK: "tosa.const"() <{values = dense<{{\[\[\[}}1.000000e+00, -1.000000e+00], [2.000000e+00, -2.000000e+00]]]> : tensor<1x2x2xf32>}>
// CHECK: tosa.matmul
func.func @resource_weights(%x: tensor<3x2xf32>, %b: tensor<2xf32>) -> tensor<3x2xf32> {
  %u = "tosa.const"() {values = dense_resource<u_blob> : tensor<1x2xf32>} : () -> tensor<1x2xf32>
  %v = arith.constant dense_resource<v_blob> : tensor<2x1xf32>
  %y = compress.lowrank_matmul %x, %u, %v, %b : (tensor<3x2xf32>, tensor<1x2xf32>, tensor<2x1xf32>, tensor<2xf32>) -> tensor<3x2xf32>
  return %y : tensor<3x2xf32>
}

{-#
  dialect_resources: {
    builtin: {
      u_blob: "0x040000000000803F00000040",
      v_blob: "0x040000000000803F000080BF"
    }
  }
#-}
