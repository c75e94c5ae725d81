// RUN: compress-opt %s -split-input-file --convert-compress-to-linalg --canonicalize --cse | FileCheck %s

// 4-bit indices never straddle a byte: one i8 extract, shift by bit & 7, mask 15,
// then the centroid. Padding by tensor.pad, stride in the index arithmetic, loops
// (i, j, c) with c innermost, accumulating from the bias.
// CHECK-DAG: #[[$BIAS:.*]] = affine_map<(d0, d1, d2, d3) -> (d3)>
// CHECK-DAG: #[[$ID:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func.func @conv_pad_stride(
// CHECK-SAME: %[[X:[a-z0-9]+]]: tensor<1x5x6x3xf32>, %[[C:[a-z0-9]+]]: tensor<16xf32>, %[[I:[a-z0-9]+]]: tensor<4x14xi8>, %[[B:[a-z0-9]+]]: tensor<4xf32>)
// CHECK-DAG: %[[MASK:.*]] = arith.constant 15 : i32
// CHECK-DAG: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[P:.*]] = tensor.pad %[[X]] low[0, 1, 1, 0] high[0, 0, 1, 0]
// CHECK: tensor.yield %[[ZERO]]
// CHECK: %[[E:.*]] = tensor.empty() : tensor<1x2x3x4xf32>
// CHECK: linalg.generic {indexing_maps = [#[[$BIAS]], #[[$ID]]], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%[[B]] : tensor<4xf32>) outs(%[[E]] : tensor<1x2x3x4xf32>)
// CHECK: ^bb0(%[[IN:.*]]: f32, %{{.*}}: f32):
// CHECK: %[[F:.*]] = linalg.index 3
// CHECK: scf.for {{.*}} iter_args(%{{.*}} = %[[IN]]) -> (f32)
// CHECK: scf.for
// CHECK: scf.for %[[CI:[a-z0-9_]+]] = {{.*}} iter_args(%[[ACC:[a-z0-9_]+]] = %{{.*}}) -> (f32)
// CHECK: %[[XV:.*]] = tensor.extract %[[P]][%{{.*}}, %{{.*}}, %{{.*}}, %[[CI]]] : tensor<1x6x8x3xf32>
// CHECK: %[[BYTE:.*]] = tensor.extract %[[I]][%[[F]], %{{.*}}] : tensor<4x14xi8>
// CHECK-NOT: tensor.extract %[[I]]
// CHECK: %[[W32:.*]] = arith.extui %[[BYTE]] : i8 to i32
// CHECK: %[[SH:.*]] = arith.shrui %[[W32]], %{{.*}} : i32
// CHECK: %[[CODE:.*]] = arith.andi %[[SH]], %[[MASK]] : i32
// CHECK: %[[K:.*]] = arith.index_castui %[[CODE]] : i32 to index
// CHECK: %[[WV:.*]] = tensor.extract %[[C]][%[[K]]] : tensor<16xf32>
// CHECK: %[[PR:.*]] = arith.mulf %[[XV]], %[[WV]] : f32
// CHECK: %[[S:.*]] = arith.addf %[[ACC]], %[[PR]] : f32
// CHECK: scf.yield %[[S]] : f32
// CHECK-NOT: compress.codebook_conv2d
func.func @conv_pad_stride(%x: tensor<1x5x6x3xf32>, %c: tensor<16xf32>, %i: tensor<4x14xi8>, %b: tensor<4xf32>) -> tensor<1x2x3x4xf32> {
  %y = compress.codebook_conv2d %x, %c, %i, %b {bits = 4 : i64, kernel_size = array<i64: 3, 3>, strides = array<i64: 2, 2>, pad = array<i64: 1, 0, 1, 1>, dilations = array<i64: 1, 1>, groups = 1 : i64} : (tensor<1x5x6x3xf32>, tensor<16xf32>, tensor<4x14xi8>, tensor<4xf32>) -> tensor<1x2x3x4xf32>
  return %y : tensor<1x2x3x4xf32>
}

// -----

// 3-bit indices may straddle two bytes: the next byte (clamped to the row) is
// shifted in above the first. Per-channel centroids are read at [f, code]. Groups:
// the first channel of output channel f is (f / (F/groups)) · (C/groups). No padding.
// CHECK-LABEL: func.func @conv_groups_bits3(
// CHECK-SAME: %[[X:[a-z0-9]+]]: tensor<1x4x4x6xf32>, %[[C:[a-z0-9]+]]: tensor<9x8xf32>, %[[I:[a-z0-9]+]]: tensor<9x5xi8>
// CHECK-NOT: tensor.pad
// CHECK-DAG: %[[C4:.*]] = arith.constant 4 : index
// CHECK-DAG: %[[C3:.*]] = arith.constant 3 : index
// CHECK: linalg.generic
// CHECK: %[[F:.*]] = linalg.index 3
// CHECK: %[[G:.*]] = arith.divui %[[F]], %[[C3]] : index
// CHECK: %[[CH0:.*]] = arith.muli %[[G]], %{{.*}} : index
// CHECK: scf.for
// CHECK: scf.for
// CHECK: scf.for %[[CI:[a-z0-9_]+]] =
// CHECK: %[[CH:.*]] = arith.addi %[[CH0]], %[[CI]] : index
// CHECK: tensor.extract %[[X]][%{{.*}}, %{{.*}}, %{{.*}}, %[[CH]]]
// CHECK: %[[LO:.*]] = tensor.extract %[[I]][%[[F]], %[[BYTE:.*]]] : tensor<9x5xi8>
// CHECK: %[[NEXT:.*]] = arith.addi %[[BYTE]], %{{.*}} : index
// CHECK: %[[CL:.*]] = arith.minui %[[NEXT]], %[[C4]] : index
// CHECK: %[[HI:.*]] = tensor.extract %[[I]][%[[F]], %[[CL]]] : tensor<9x5xi8>
// CHECK: %[[HI32:.*]] = arith.extui %[[HI]] : i8 to i32
// CHECK: arith.shli %[[HI32]], %{{.*}} : i32
// CHECK: arith.ori
// CHECK: arith.shrui
// CHECK: %[[CODE:.*]] = arith.andi %{{.*}}, %{{.*}} : i32
// CHECK: %[[K:.*]] = arith.index_castui %[[CODE]] : i32 to index
// CHECK: tensor.extract %[[C]][%[[F]], %[[K]]] : tensor<9x8xf32>
func.func @conv_groups_bits3(%x: tensor<1x4x4x6xf32>, %c: tensor<9x8xf32>, %i: tensor<9x5xi8>, %b: tensor<9xf32>) -> tensor<1x2x3x9xf32> {
  %y = compress.codebook_conv2d %x, %c, %i, %b {bits = 3 : i64, kernel_size = array<i64: 3, 2>, strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 3 : i64} : (tensor<1x4x4x6xf32>, tensor<9x8xf32>, tensor<9x5xi8>, tensor<9xf32>) -> tensor<1x2x3x9xf32>
  return %y : tensor<1x2x3x9xf32>
}

// -----

// Matmul: one loop over K per output element; 8-bit indices need no shift or mask.
// CHECK-LABEL: func.func @matmul_bits8(
// CHECK-SAME: %[[X:[a-z0-9]+]]: tensor<2x5xf32>, %[[C:[a-z0-9]+]]: tensor<256xf32>, %[[I:[a-z0-9]+]]: tensor<3x5xi8>, %[[B:[a-z0-9]+]]: tensor<3xf32>
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel"]} ins(%[[B]] : tensor<3xf32>)
// CHECK: %[[M:.*]] = linalg.index 0
// CHECK: %[[N:.*]] = linalg.index 1
// CHECK: scf.for %[[K:[a-z0-9_]+]] = {{.*}} iter_args(%[[ACC:[a-z0-9_]+]] = %{{.*}}) -> (f32)
// CHECK: %[[XV:.*]] = tensor.extract %[[X]][%[[M]], %[[K]]]
// CHECK: %[[BY:.*]] = tensor.extract %[[I]][%[[N]], %[[K]]]
// CHECK-NOT: arith.shrui
// CHECK: %[[CODE:.*]] = arith.index_castui %[[BY]] : i8 to index
// CHECK: %[[WV:.*]] = tensor.extract %[[C]][%[[CODE]]]
// CHECK: arith.mulf %[[XV]], %[[WV]]
// CHECK: arith.addf %[[ACC]]
func.func @matmul_bits8(%x: tensor<2x5xf32>, %c: tensor<256xf32>, %i: tensor<3x5xi8>, %b: tensor<3xf32>) -> tensor<2x3xf32> {
  %y = compress.codebook_matmul %x, %c, %i, %b {bits = 8 : i64} : (tensor<2x5xf32>, tensor<256xf32>, tensor<3x5xi8>, tensor<3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}
