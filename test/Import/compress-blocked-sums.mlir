// RUN: compress-opt %s -split-input-file --compress-blocked-sums | FileCheck %s
// RUN: compress-opt %s -split-input-file --compress-blocked-sums=block=64 | FileCheck %s --check-prefix=B64

// A sum of 100 terms (block 32): [2,100] -> [2,100,1], padded to 4 x 25 = 100
// (no padding), summed per group of 25, then the 4 partial sums.
// CHECK-LABEL: func.func @row_sum
// CHECK: %[[R:.*]] = tosa.reshape %arg0, %{{.*}} -> tensor<2x100x1xf32>
// CHECK-NOT: tosa.pad
// CHECK: %[[G:.*]] = tosa.reshape %[[R]], %{{.*}} -> tensor<2x4x25x1xf32>
// CHECK: %[[L:.*]] = tosa.reduce_sum %[[G]] {axis = 2 : i32} : (tensor<2x4x25x1xf32>) -> tensor<2x4x1x1xf32>
// CHECK: %[[Q:.*]] = tosa.reshape %[[L]], %{{.*}} -> tensor<2x4x1xf32>
// CHECK: %[[T:.*]] = tosa.reduce_sum %[[Q]] {axis = 1 : i32} : (tensor<2x4x1xf32>) -> tensor<2x1x1xf32>
// CHECK: %[[S:.*]] = tosa.reshape %[[T]], %{{.*}} -> tensor<2x1xf32>
// CHECK: return %[[S]]
// B64-LABEL: func.func @row_sum
// B64: tosa.reshape %arg0, %{{.*}} -> tensor<2x100x1xf32>
// B64: tosa.reduce_sum %{{.*}} {axis = 2 : i32} : (tensor<2x2x50x1xf32>) -> tensor<2x2x1x1xf32>
func.func @row_sum(%x: tensor<2x100xf32>) -> tensor<2x1xf32> {
  %s = tosa.reduce_sum %x {axis = 1 : i32} : (tensor<2x100xf32>) -> tensor<2x1xf32>
  return %s : tensor<2x1xf32>
}

// -----

// 4097 terms over the middle axis: 129 groups of 32 (4128, 31 zeros of padding),
// then 129 -> 5 groups of 26 (130, one zero), then the 5 partial sums.
// (The input already has the [outer, n, inner] shape: no reshape.)
// CHECK-LABEL: func.func @long_middle
// CHECK: %[[Z:.*]] = "tosa.const"() <{values = dense<0.000000e+00> : tensor<1xf32>}>
// CHECK: %[[P:.*]] = tosa.const_shape {values = dense<[0, 0, 0, 31, 0, 0]> : tensor<6xindex>}
// CHECK: tosa.pad %{{.*}}, %[[P]], %[[Z]] : (tensor<3x4097x2xf32>, !tosa.shape<6>, tensor<1xf32>) -> tensor<3x4128x2xf32>
// CHECK: tosa.reduce_sum %{{.*}} {axis = 2 : i32} : (tensor<3x129x32x2xf32>) -> tensor<3x129x1x2xf32>
// CHECK: tosa.pad {{.*}} -> tensor<3x130x2xf32>
// CHECK: tosa.reduce_sum %{{.*}} {axis = 2 : i32} : (tensor<3x5x26x2xf32>) -> tensor<3x5x1x2xf32>
// CHECK: %[[R:.*]] = tosa.reduce_sum %{{.*}} {axis = 1 : i32} : (tensor<3x5x2xf32>) -> tensor<3x1x2xf32>
// CHECK-NEXT: return %[[R]]
func.func @long_middle(%x: tensor<3x4097x2xf32>) -> tensor<3x1x2xf32> {
  %s = tosa.reduce_sum %x {axis = 1 : i32} : (tensor<3x4097x2xf32>) -> tensor<3x1x2xf32>
  return %s : tensor<3x1x2xf32>
}

// -----

// Global average pool of 40x40: sums over H then W (each 2 groups of 20), times 1/1600.
// CHECK-LABEL: func.func @gap
// CHECK-NOT: tosa.avg_pool2d
// CHECK: tosa.reduce_sum %{{.*}} {axis = 2 : i32} : (tensor<1x2x20x120xf32>) -> tensor<1x2x1x120xf32>
// CHECK: tosa.reduce_sum %{{.*}} {axis = 2 : i32} : (tensor<1x2x20x3xf32>) -> tensor<1x2x1x3xf32>
// CHECK: %[[C:.*]] = "tosa.const"() <{values = dense<6.250000e-04> : tensor<1x1x1x1xf32>}>
// CHECK: tosa.mul %{{.*}}, %[[C]], %{{.*}} : (tensor<1x1x1x3xf32>, tensor<1x1x1x1xf32>, tensor<1xi8>) -> tensor<1x1x1x3xf32>
func.func @gap(%x: tensor<1x40x40x3xf32>) -> tensor<1x1x1x3xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %y = tosa.avg_pool2d %x, %zp, %zp {acc_type = f32, kernel = array<i64: 40, 40>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x40x40x3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x1x3xf32>
  return %y : tensor<1x1x1x3xf32>
}

// -----

// Left alone: short sums, max reductions, a pool that is not global.
// CHECK-LABEL: func.func @untouched
// CHECK: tosa.reduce_sum %arg0 {axis = 1 : i32} : (tensor<2x32xf32>) -> tensor<2x1xf32>
// CHECK: tosa.reduce_max %arg1 {axis = 1 : i32} : (tensor<2x1000xf32>) -> tensor<2x1xf32>
// CHECK: tosa.avg_pool2d
func.func @untouched(%a: tensor<2x32xf32>, %b: tensor<2x1000xf32>, %c: tensor<1x40x40x3xf32>) -> (tensor<2x1xf32>, tensor<2x1xf32>, tensor<1x20x20x3xf32>) {
  %s = tosa.reduce_sum %a {axis = 1 : i32} : (tensor<2x32xf32>) -> tensor<2x1xf32>
  %m = tosa.reduce_max %b {axis = 1 : i32} : (tensor<2x1000xf32>) -> tensor<2x1xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %y = tosa.avg_pool2d %c, %zp, %zp {acc_type = f32, kernel = array<i64: 21, 21>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x40x40x3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x20x20x3xf32>
  return %s, %m, %y : tensor<2x1xf32>, tensor<2x1xf32>, tensor<1x20x20x3xf32>
}
