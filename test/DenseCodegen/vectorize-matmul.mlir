// RUN: compress-opt %s --split-input-file --compress-vectorize-convs --canonicalize | FileCheck %s

// A fully connected layer at batch 16 (tosa.matmul -> linalg.batch_matmul with a zero
// fill): tiles of 4 rows x 32 columns of the result (mb x nb/16 = 8 zmm accumulators),
// the fill fused into the tile, the reduction in blocks of 16 in order, each block one
// vector.contract (compress-lower-vectors makes it 16 k-ordered outer products).
// CHECK-LABEL: func.func @fc_batch16
// CHECK-SAME:    (%[[X:.*]]: tensor<1x16x48xf32>, %[[W:.*]]: tensor<1x48x96xf32>)
// CHECK-DAG:     %[[ZERO:.*]] = arith.constant dense<0.000000e+00> : vector<1x4x32xf32>
// CHECK-DAG:     %[[C4:.*]] = arith.constant 4 : index
// CHECK-DAG:     %[[C16:.*]] = arith.constant 16 : index
// CHECK-DAG:     %[[C32:.*]] = arith.constant 32 : index
// CHECK-DAG:     %[[C48:.*]] = arith.constant 48 : index
// CHECK-DAG:     %[[C96:.*]] = arith.constant 96 : index
// CHECK-NOT:     linalg.
// CHECK:         scf.for %[[M:.*]] = %{{.*}} to %[[C16]] step %[[C4]]
// CHECK:           scf.for %[[N:.*]] = %{{.*}} to %[[C96]] step %[[C32]]
// CHECK:             %[[XS:.*]] = tensor.extract_slice %[[X]][0, %[[M]], 0] [1, 4, 48]
// CHECK:             %[[WS:.*]] = tensor.extract_slice %[[W]][0, 0, %[[N]]] [1, 48, 32]
// CHECK:             %[[TILE:.*]] = tensor.extract_slice %{{.*}}[0, %[[M]], %[[N]]] [1, 4, 32]
// CHECK:             %[[INIT:.*]] = vector.transfer_write %[[ZERO]], %[[TILE]]
// CHECK:             scf.for %[[K:.*]] = %{{.*}} to %[[C48]] step %[[C16]] iter_args(%[[ACC:.*]] = %[[INIT]])
// CHECK:               vector.contract {{.*}} : vector<1x4x16xf32>, vector<1x16x32xf32> into vector<1x4x32xf32>
// CHECK:             tensor.insert_slice
// CHECK-NOT:     linalg.
func.func @fc_batch16(%x: tensor<1x16x48xf32>, %w: tensor<1x48x96xf32>) -> tensor<1x16x96xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x16x96xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x16x96xf32>) -> tensor<1x16x96xf32>
  %y = linalg.batch_matmul ins(%x, %w : tensor<1x16x48xf32>, tensor<1x48x96xf32>) outs(%f : tensor<1x16x96xf32>) -> tensor<1x16x96xf32>
  return %y : tensor<1x16x96xf32>
}

// -----

// Batch 1 (a matrix-vector product, the usual FC layer at inference) into the 1000
// classes of ImageNet: 40 columns per tile (the largest multiple of 8 up to 64 that
// divides 1000), the whole weight matrix streamed once.
// CHECK-LABEL: func.func @fc_batch1
// CHECK:         scf.for %{{.*}} = %{{.*}} to %{{.*}} step %{{.*}} iter_args
// CHECK:           vector.contract {{.*}} : vector<1x1x16xf32>, vector<1x16x40xf32> into vector<1x1x40xf32>
func.func @fc_batch1(%x: tensor<1x1x1024xf32>, %w: tensor<1x1024x1000xf32>) -> tensor<1x1x1000xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x1x1000xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x1x1000xf32>) -> tensor<1x1x1000xf32>
  %y = linalg.batch_matmul ins(%x, %w : tensor<1x1x1024xf32>, tensor<1x1024x1000xf32>) outs(%f : tensor<1x1x1000xf32>) -> tensor<1x1x1000xf32>
  return %y : tensor<1x1x1000xf32>
}
