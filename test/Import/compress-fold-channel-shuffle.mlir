// RUN: compress-opt %s -split-input-file --compress-fold-channel-shuffle | FileCheck %s

// A shuffle of 4 channels in 2 groups, written in NCHW between the importer's layout
// transposes, then a 1x1 conv: the conv reads %x with its weights' input channels in
// the order 0, 2, 1, 3, and the chain is gone.
// CHECK-LABEL: func.func @shuffle_conv
// CHECK-SAME: (%[[X:.*]]: tensor<1x5x5x4xf32>
// CHECK-NOT: tosa.transpose
// CHECK-NOT: tosa.reshape
// CHECK: %[[W:.*]] = "tosa.const"() <{values = dense<{{\[\[\[\[}}0.000000e+00, 2.000000e+00, 1.000000e+00, 3.000000e+00]]], {{\[\[\[}}4.000000e+00, 6.000000e+00, 5.000000e+00, 7.000000e+00]]]]>
// CHECK: %[[Y:.*]] = tosa.conv2d %[[X]], %[[W]]
// CHECK-NOT: tosa.transpose
// CHECK: return %[[Y]]
func.func @shuffle_conv(%x: tensor<1x5x5x4xf32>) -> tensor<1x5x5x2xf32> {
  %w = "tosa.const"() <{values = dense<[[[[0.0, 1.0, 2.0, 3.0]]], [[[4.0, 5.0, 6.0, 7.0]]]]> : tensor<2x1x1x4xf32>}> : () -> tensor<2x1x1x4xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %t = tosa.transpose %x {perms = array<i32: 0, 3, 1, 2>} : (tensor<1x5x5x4xf32>) -> tensor<1x4x5x5xf32>
  %s5 = tosa.const_shape {values = dense<[1, 2, 2, 5, 5]> : tensor<5xindex>} : () -> !tosa.shape<5>
  %r = tosa.reshape %t, %s5 : (tensor<1x4x5x5xf32>, !tosa.shape<5>) -> tensor<1x2x2x5x5xf32>
  %p = tosa.transpose %r {perms = array<i32: 0, 2, 1, 3, 4>} : (tensor<1x2x2x5x5xf32>) -> tensor<1x2x2x5x5xf32>
  %s4 = tosa.const_shape {values = dense<[1, 4, 5, 5]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %q = tosa.reshape %p, %s4 : (tensor<1x2x2x5x5xf32>, !tosa.shape<4>) -> tensor<1x4x5x5xf32>
  %u = tosa.transpose %q {perms = array<i32: 0, 2, 3, 1>} : (tensor<1x4x5x5xf32>) -> tensor<1x5x5x4xf32>
  %y = tosa.conv2d %u, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x5x5x4xf32>, tensor<2x1x1x4xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x5x5x2xf32>
  return %y : tensor<1x5x5x2xf32>
}

// -----

// ShuffleNetV2: concat(a, b) -> shuffle in 2 groups -> split in halves. Each half
// is a concat of slices of a and b (no transposes), in order (with 2 groups, a half
// holds a[i], b[i], a[i+1], b[i+1], ... sorted by source: no permutation is left),
// so the depthwise conv keeps its weights. The first half goes to the graph
// output, which needs it as it is: its chain stays.
// CHECK-LABEL: func.func @split_dw
// CHECK-SAME: (%[[A:.*]]: tensor<1x3x3x2xf32>, %[[B:.*]]: tensor<1x3x3x2xf32>
// CHECK: %[[WD:.*]] = "tosa.const"() <{values = dense<{{\[\[\[\[}}1.000000e+00], [2.000000e+00]]]]>
// CHECK-DAG: %[[A1:.*]] = tosa.slice %[[A]], {{.*}} -> tensor<1x3x3x1xf32>
// CHECK-DAG: %[[B1:.*]] = tosa.slice %[[B]], {{.*}} -> tensor<1x3x3x1xf32>
// CHECK: %[[H:.*]] = tosa.concat %[[A1]], %[[B1]] {axis = 3 : i32}
// CHECK: %[[DW:.*]] = tosa.depthwise_conv2d %[[H]], %[[WD]],
// CHECK: %[[C:.*]] = tosa.clamp %[[DW]]
// CHECK: %[[Y:.*]] = tosa.conv2d %[[C]]
// CHECK: return %{{.*}}, %[[Y]]
func.func @split_dw(%a: tensor<1x3x3x2xf32>, %b: tensor<1x3x3x2xf32>) -> (tensor<1x2x3x3xf32>, tensor<1x3x3x3xf32>) {
  %wd = "tosa.const"() <{values = dense<[[[[1.0], [2.0]]]]> : tensor<1x1x2x1xf32>}> : () -> tensor<1x1x2x1xf32>
  %bd = "tosa.const"() <{values = dense<[0.5, -0.5]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %w = "tosa.const"() <{values = dense<[[[[1.0, 2.0]]], [[[3.0, 4.0]]], [[[5.0, 6.0]]]]> : tensor<3x1x1x2xf32>}> : () -> tensor<3x1x1x2xf32>
  %b0 = "tosa.const"() <{values = dense<0.0> : tensor<3xf32>}> : () -> tensor<3xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %cat = tosa.concat %a, %b {axis = 3 : i32} : (tensor<1x3x3x2xf32>, tensor<1x3x3x2xf32>) -> tensor<1x3x3x4xf32>
  %t = tosa.transpose %cat {perms = array<i32: 0, 3, 1, 2>} : (tensor<1x3x3x4xf32>) -> tensor<1x4x3x3xf32>
  %s5 = tosa.const_shape {values = dense<[1, 2, 2, 3, 3]> : tensor<5xindex>} : () -> !tosa.shape<5>
  %r = tosa.reshape %t, %s5 : (tensor<1x4x3x3xf32>, !tosa.shape<5>) -> tensor<1x2x2x3x3xf32>
  %p = tosa.transpose %r {perms = array<i32: 0, 2, 1, 3, 4>} : (tensor<1x2x2x3x3xf32>) -> tensor<1x2x2x3x3xf32>
  %s4 = tosa.const_shape {values = dense<[1, 4, 3, 3]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %q = tosa.reshape %p, %s4 : (tensor<1x2x2x3x3xf32>, !tosa.shape<4>) -> tensor<1x4x3x3xf32>
  %z = tosa.const_shape {values = dense<0> : tensor<4xindex>} : () -> !tosa.shape<4>
  %h = tosa.const_shape {values = dense<[0, 2, 0, 0]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %sz = tosa.const_shape {values = dense<[1, 2, 3, 3]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %first = tosa.slice %q, %z, %sz : (tensor<1x4x3x3xf32>, !tosa.shape<4>, !tosa.shape<4>) -> tensor<1x2x3x3xf32>
  %second = tosa.slice %q, %h, %sz : (tensor<1x4x3x3xf32>, !tosa.shape<4>, !tosa.shape<4>) -> tensor<1x2x3x3xf32>
  %u = tosa.transpose %second {perms = array<i32: 0, 2, 3, 1>} : (tensor<1x2x3x3xf32>) -> tensor<1x3x3x2xf32>
  %d = tosa.depthwise_conv2d %u, %wd, %bd, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x3x3x2xf32>, tensor<1x1x2x1xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x3x3x2xf32>
  %c = tosa.clamp %d {max_val = 6.0 : f32, min_val = 0.0 : f32} : (tensor<1x3x3x2xf32>) -> tensor<1x3x3x2xf32>
  %y = tosa.conv2d %c, %w, %b0, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x3x3x2xf32>, tensor<3x1x1x2xf32>, tensor<3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x3x3x3xf32>
  return %first, %y : tensor<1x2x3x3xf32>, tensor<1x3x3x3xf32>
}

// -----

// A whole shuffle (order 0, 2, 1, 3) into a depthwise conv (multiplier 2) and a
// per-channel Mul: the depthwise weights, its bias and the Mul's constant are
// permuted by channel, and the 1x1 conv absorbs the permutation.
// CHECK-LABEL: func.func @shuffle_dw
// CHECK-SAME: (%[[X:.*]]: tensor<1x2x2x4xf32>
// CHECK-DAG: %[[WD:.*]] = "tosa.const"() <{values = dense<{{\[\[\[\[}}1.000000e+00, 1.100000e+01], [3.000000e+00, 3.100000e+01], [2.000000e+00, 2.100000e+01], [4.000000e+00, 4.100000e+01]]]]>
// CHECK-DAG: %[[BD:.*]] = "tosa.const"() <{values = dense<[1.000000e+00, 1.500000e+00, 3.000000e+00, 3.500000e+00, 2.000000e+00, 2.500000e+00, 4.000000e+00, 4.500000e+00]>
// CHECK-DAG: %[[K:.*]] = "tosa.const"() <{values = dense<{{\[\[\[}}[1.000000e+01, 1.100000e+01, 1.400000e+01, 1.500000e+01, 1.200000e+01, 1.300000e+01, 1.600000e+01, 1.700000e+01]]]]>
// CHECK-DAG: %[[W:.*]] = "tosa.const"() <{values = dense<{{\[\[\[\[}}0.000000e+00, 1.000000e+00, 4.000000e+00, 5.000000e+00, 2.000000e+00, 3.000000e+00, 6.000000e+00, 7.000000e+00]]]]>
// CHECK: %[[DW:.*]] = tosa.depthwise_conv2d %[[X]], %[[WD]], %[[BD]],
// CHECK: %[[M:.*]] = tosa.mul %[[DW]], %[[K]],
// CHECK: tosa.conv2d %[[M]], %[[W]],
// CHECK-NOT: tosa.transpose
func.func @shuffle_dw(%x: tensor<1x2x2x4xf32>) -> tensor<1x2x2x1xf32> {
  %wd = "tosa.const"() <{values = dense<[[[[1.0, 11.0], [2.0, 21.0], [3.0, 31.0], [4.0, 41.0]]]]> : tensor<1x1x4x2xf32>}> : () -> tensor<1x1x4x2xf32>
  %bd = "tosa.const"() <{values = dense<[1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5]> : tensor<8xf32>}> : () -> tensor<8xf32>
  %k = "tosa.const"() <{values = dense<[[[[10.0, 11.0, 12.0, 13.0, 14.0, 15.0, 16.0, 17.0]]]]> : tensor<1x1x1x8xf32>}> : () -> tensor<1x1x1x8xf32>
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %w = "tosa.const"() <{values = dense<[[[[0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0]]]]> : tensor<1x1x1x8xf32>}> : () -> tensor<1x1x1x8xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %t = tosa.transpose %x {perms = array<i32: 0, 3, 1, 2>} : (tensor<1x2x2x4xf32>) -> tensor<1x4x2x2xf32>
  %s5 = tosa.const_shape {values = dense<[1, 2, 2, 2, 2]> : tensor<5xindex>} : () -> !tosa.shape<5>
  %r = tosa.reshape %t, %s5 : (tensor<1x4x2x2xf32>, !tosa.shape<5>) -> tensor<1x2x2x2x2xf32>
  %p = tosa.transpose %r {perms = array<i32: 0, 2, 1, 3, 4>} : (tensor<1x2x2x2x2xf32>) -> tensor<1x2x2x2x2xf32>
  %s4 = tosa.const_shape {values = dense<[1, 4, 2, 2]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %q = tosa.reshape %p, %s4 : (tensor<1x2x2x2x2xf32>, !tosa.shape<4>) -> tensor<1x4x2x2xf32>
  %u = tosa.transpose %q {perms = array<i32: 0, 2, 3, 1>} : (tensor<1x4x2x2xf32>) -> tensor<1x2x2x4xf32>
  %d = tosa.depthwise_conv2d %u, %wd, %bd, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x4xf32>, tensor<1x1x4x2xf32>, tensor<8xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x8xf32>
  %m = tosa.mul %d, %k, %shift : (tensor<1x2x2x8xf32>, tensor<1x1x1x8xf32>, tensor<1xi8>) -> tensor<1x2x2x8xf32>
  %y = tosa.conv2d %m, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x8xf32>, tensor<1x1x1x8xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x1xf32>
  return %y : tensor<1x2x2x1xf32>
}

// -----

// Not a channel permutation (H and W swapped): left alone.
// CHECK-LABEL: func.func @spatial
// CHECK: tosa.transpose %{{.*}} {perms = array<i32: 0, 2, 1, 3>}
// CHECK: tosa.conv2d
func.func @spatial(%x: tensor<1x3x3x2xf32>) -> tensor<1x3x3x1xf32> {
  %w = "tosa.const"() <{values = dense<1.0> : tensor<1x1x1x2xf32>}> : () -> tensor<1x1x1x2xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %t = tosa.transpose %x {perms = array<i32: 0, 2, 1, 3>} : (tensor<1x3x3x2xf32>) -> tensor<1x3x3x2xf32>
  %y = tosa.conv2d %t, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x3x3x2xf32>, tensor<1x1x1x2xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x3x3x1xf32>
  return %y : tensor<1x3x3x1xf32>
}
