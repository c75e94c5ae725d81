// RUN: compress-opt %s -split-input-file --convert-compress-to-linalg | FileCheck %s

// Groups 2 (C = 4, cg = 2), 2x2 taps, dilation (1, 2), pad [0, 1, 1, 0]: the
// padded input is 1x5x6x4, flattened to 120. Offsets (i·dh·Wp + j·dw)·C + c with
// Wp = 6: column 1 = tap (0,0) channel 1 -> 1; column 6 = tap (1,1) channel 0
// -> 24 + 8 = 32; column 7 -> 33, as a constant. The pixel base is
// ((n·Hp + oh·2)·Wp + ow·2)·C + (oc / 2)·2. With non-constant columns the same
// offsets are computed by an elementwise generic.
// CHECK-LABEL: func.func @conv
// CHECK-DAG: %[[V:.*]] = arith.constant dense<[1.000000e+00, -2.000000e+00, 5.000000e-01]> : tensor<3xf32>
// CHECK-DAG: %[[R:.*]] = arith.constant dense<[0, 2, 2, 3, 3]> : tensor<5xi32>
// CHECK: %[[P:.*]] = tensor.pad %arg0 low[0, 0, 1, 0] high[0, 1, 0, 0]
// CHECK: tensor<1x4x5x4xf32> to tensor<1x5x6x4xf32>
// CHECK: %[[FLAT:.*]] = tensor.collapse_shape %[[P]] {{\[\[}}0, 1, 2, 3]] : tensor<1x5x6x4xf32> into tensor<120xf32>
// CHECK: %[[OFF:.*]] = arith.constant dense<[1, 32, 33]> : tensor<3xi32>
// CHECK: linalg.generic
// CHECK-SAME: iterator_types = ["parallel", "parallel", "parallel", "parallel"]
// CHECK: %[[OC:.*]] = linalg.index 3 : index
// CHECK: arith.divui %[[OC]]
// CHECK: %[[BASE:.*]] = arith.addi
// CHECK: tensor.extract %[[R]][%[[OC]]] : tensor<5xi32>
// CHECK: tensor.extract %[[R]][%{{.*}}] : tensor<5xi32>
// CHECK: scf.for %[[E:[a-z0-9_]+]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[ACC:.*]] = %{{.*}}) -> (f32)
// CHECK: %[[W:.*]] = tensor.extract %[[V]][%[[E]]] : tensor<3xf32>
// CHECK: %[[O:.*]] = tensor.extract %[[OFF]][%[[E]]] : tensor<3xi32>
// CHECK: %[[OI:.*]] = arith.index_cast %[[O]] : i32 to index
// CHECK: %[[AT:.*]] = arith.addi %[[BASE]], %[[OI]] : index
// CHECK: %[[X:.*]] = tensor.extract %[[FLAT]][%[[AT]]] : tensor<120xf32>
// CHECK: %[[PROD:.*]] = arith.mulf %[[W]], %[[X]] : f32
// CHECK: %[[SUM:.*]] = arith.addf %[[ACC]], %[[PROD]] : f32
// CHECK: scf.yield %[[SUM]] : f32
// Runtime columns: (col % 2) + (col / 2 / 2)·24 + (col / 2 % 2)·8.
// CHECK: linalg.generic {{.*}} ins(%arg1 : tensor<3xi32>)
// CHECK: arith.remui
// CHECK: arith.constant 24 : i32
// CHECK: arith.constant 8 : i32
// CHECK-NOT: compress.sparse_conv2d
func.func @conv(%x: tensor<1x4x5x4xf32>, %cols: tensor<3xi32>) -> (tensor<1x2x2x4xf32>, tensor<1x2x2x4xf32>) {
  %vals = arith.constant dense<[1.0, -2.0, 0.5]> : tensor<3xf32>
  %c = arith.constant dense<[1, 6, 7]> : tensor<3xi32>
  %offs = arith.constant dense<[0, 2, 2, 3, 3]> : tensor<5xi32>
  %b = arith.constant dense<[0.0, 1.5, -1.0, 0.5]> : tensor<4xf32>
  %y = compress.sparse_conv2d %x, %vals, %c, %offs, %b {kernel_size = array<i64: 2, 2>, strides = array<i64: 2, 2>, pad = array<i64: 0, 1, 1, 0>, dilations = array<i64: 1, 2>, groups = 2 : i64} : (tensor<1x4x5x4xf32>, tensor<3xf32>, tensor<3xi32>, tensor<5xi32>, tensor<4xf32>) -> tensor<1x2x2x4xf32>
  %z = compress.sparse_conv2d %x, %vals, %cols, %offs, %b {kernel_size = array<i64: 2, 2>, strides = array<i64: 2, 2>, pad = array<i64: 0, 1, 1, 0>, dilations = array<i64: 1, 2>, groups = 2 : i64} : (tensor<1x4x5x4xf32>, tensor<3xf32>, tensor<3xi32>, tensor<5xi32>, tensor<4xf32>) -> tensor<1x2x2x4xf32>
  return %y, %z : tensor<1x2x2x4xf32>, tensor<1x2x2x4xf32>
}

// -----

// Matmul: the column index is read at run time (it is the input's K index).
// CHECK-LABEL: func.func @matmul
// CHECK-DAG: %[[V:.*]] = arith.constant dense<[1.000000e+00, -2.000000e+00, 5.000000e-01]> : tensor<3xf32>
// CHECK-DAG: %[[C:.*]] = arith.constant dense<[0, 2, 1]> : tensor<3xi32>
// CHECK-DAG: %[[R:.*]] = arith.constant dense<[0, 2, 2, 3]> : tensor<4xi32>
// CHECK: linalg.generic
// CHECK: %[[M:.*]] = linalg.index 0 : index
// CHECK: %[[N:.*]] = linalg.index 1 : index
// CHECK: tensor.extract %[[R]][%[[N]]] : tensor<4xi32>
// CHECK: scf.for %[[E:[a-z0-9_]+]] = {{.*}} -> (f32)
// CHECK: tensor.extract %[[V]][%[[E]]] : tensor<3xf32>
// CHECK: %[[K:.*]] = tensor.extract %[[C]][%[[E]]] : tensor<3xi32>
// CHECK: %[[KI:.*]] = arith.index_cast %[[K]] : i32 to index
// CHECK: tensor.extract %arg0[%[[M]], %[[KI]]] : tensor<2x3xf32>
// CHECK-NOT: compress.sparse_matmul
func.func @matmul(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %vals = arith.constant dense<[1.0, -2.0, 0.5]> : tensor<3xf32>
  %cols = arith.constant dense<[0, 2, 1]> : tensor<3xi32>
  %offs = arith.constant dense<[0, 2, 2, 3]> : tensor<4xi32>
  %b = arith.constant dense<[0.5, 1.0, -1.0]> : tensor<3xf32>
  %y = compress.sparse_matmul %x, %vals, %cols, %offs, %b : (tensor<2x3xf32>, tensor<3xf32>, tensor<3xi32>, tensor<4xi32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}
