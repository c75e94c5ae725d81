// RUN: compress-opt %s -split-input-file --convert-compress-to-linalg=allow-computed-indices --canonicalize --cse | FileCheck %s

// Ungrouped conv: one linalg.generic decodes the packed indices into the dense OHWI
// weight (4-bit indices never straddle a byte: one i8 extract, shift by bit & 7, mask
// 15, then the centroid), then tosa.conv2d runs it on the dense path. Weight
// (f, i, j, c) is element (i·kw + j)·C + c of row f. The input row the floor of the
// stride never reads is sliced off (tosa.conv2d wants exact strides).
// CHECK-DAG: #[[$ID:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func.func @conv_pad_stride(
// CHECK-SAME: %[[X:[a-z0-9]+]]: tensor<1x5x6x3xf32>, %[[C:[a-z0-9]+]]: tensor<16xf32>, %[[I:[a-z0-9]+]]: tensor<4x14xi8>, %[[B:[a-z0-9]+]]: tensor<4xf32>)
// CHECK-DAG: %[[MASK:.*]] = arith.constant 15 : i32
// CHECK-DAG: %[[C3:.*]] = arith.constant 3 : index
// CHECK-DAG: %[[C4:.*]] = arith.constant 4 : index
// CHECK: %[[XS:.*]] = tensor.extract_slice %[[X]][0, 0, 0, 0] [1, 4, 6, 3] [1, 1, 1, 1]
// CHECK: %[[E:.*]] = tensor.empty() : tensor<4x3x3x3xf32>
// CHECK: %[[W:.*]] = linalg.generic {indexing_maps = [#[[$ID]]], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} outs(%[[E]] : tensor<4x3x3x3xf32>)
// CHECK: %[[F:.*]] = linalg.index 0
// CHECK: %[[KI:.*]] = linalg.index 1
// CHECK: %[[KJ:.*]] = linalg.index 2
// CHECK: %[[CI:.*]] = linalg.index 3
// CHECK: %[[R:.*]] = arith.muli %[[KI]], %[[C3]] : index
// CHECK: %[[TAP:.*]] = arith.addi %[[R]], %[[KJ]] : index
// CHECK: %[[T3:.*]] = arith.muli %[[TAP]], %[[C3]] : index
// CHECK: %[[EL:.*]] = arith.addi %[[T3]], %[[CI]] : index
// CHECK: %[[BIT:.*]] = arith.muli %[[EL]], %[[C4]] : index
// CHECK: %[[BYTEI:.*]] = arith.shrui %[[BIT]], %[[C3]] : index
// CHECK: %[[BYTE:.*]] = tensor.extract %[[I]][%[[F]], %[[BYTEI]]] : tensor<4x14xi8>
// CHECK-NOT: tensor.extract %[[I]]
// CHECK: %[[W32:.*]] = arith.extui %[[BYTE]] : i8 to i32
// CHECK: %[[SH:.*]] = arith.shrui %[[W32]], %{{.*}} : i32
// CHECK: %[[CODE:.*]] = arith.andi %[[SH]], %[[MASK]] : i32
// CHECK: %[[K:.*]] = arith.index_castui %[[CODE]] : i32 to index
// CHECK: %[[WV:.*]] = tensor.extract %[[C]][%[[K]]] : tensor<16xf32>
// CHECK: linalg.yield %[[WV]] : f32
// CHECK: tosa.conv2d %[[XS]], %[[W]], %[[B]], %{{.*}}, %{{.*}} {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 1, 0, 1, 0>, stride = array<i64: 2, 2>}
// CHECK-NOT: compress.codebook_conv2d
func.func @conv_pad_stride(%x: tensor<1x5x6x3xf32>, %c: tensor<16xf32>, %i: tensor<4x14xi8>, %b: tensor<4xf32>) -> tensor<1x2x3x4xf32> {
  %y = compress.codebook_conv2d %x, %c, %i, %b {bits = 4 : i64, kernel_size = array<i64: 3, 3>, strides = array<i64: 2, 2>, pad = array<i64: 1, 0, 1, 1>, dilations = array<i64: 1, 1>, groups = 1 : i64} : (tensor<1x5x6x3xf32>, tensor<16xf32>, tensor<4x14xi8>, tensor<4xf32>) -> tensor<1x2x3x4xf32>
  return %y : tensor<1x2x3x4xf32>
}

// -----

// Grouped conv (1 < groups < C): decoded as it is read, in the reduction loops.
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

// Matmul: W[N, K] decoded as Bᵀ = [1, K, N] (element k of row n), then tosa.matmul and
// the bias added; 8-bit indices need no shift or mask.
// CHECK-LABEL: func.func @matmul_bits8(
// CHECK-SAME: %[[X:[a-z0-9]+]]: tensor<2x5xf32>, %[[C:[a-z0-9]+]]: tensor<256xf32>, %[[I:[a-z0-9]+]]: tensor<3x5xi8>, %[[B:[a-z0-9]+]]: tensor<3xf32>
// CHECK: %[[E:.*]] = tensor.empty() : tensor<1x5x3xf32>
// CHECK: %[[W:.*]] = linalg.generic {{.*}} outs(%[[E]] : tensor<1x5x3xf32>)
// CHECK: %[[K:.*]] = linalg.index 1
// CHECK: %[[N:.*]] = linalg.index 2
// CHECK: %[[BY:.*]] = tensor.extract %[[I]][%[[N]], %[[K]]]
// CHECK-NOT: arith.shrui
// CHECK: %[[CODE:.*]] = arith.index_castui %[[BY]] : i8 to index
// CHECK: %[[WV:.*]] = tensor.extract %[[C]][%[[CODE]]]
// CHECK: linalg.yield %[[WV]]
// CHECK: %[[X3:.*]] = tensor.expand_shape %[[X]] {{\[\[}}0, 1], [2]] output_shape [1, 2, 5]
// CHECK: %[[Y:.*]] = tosa.matmul %[[X3]], %[[W]]
// CHECK: %[[B3:.*]] = tensor.expand_shape %[[B]] {{\[\[}}0, 1, 2]] output_shape [1, 1, 3]
// CHECK: %[[S:.*]] = tosa.add %[[Y]], %[[B3]]
// CHECK: tensor.collapse_shape %[[S]] {{\[\[}}0, 1], [2]]
func.func @matmul_bits8(%x: tensor<2x5xf32>, %c: tensor<256xf32>, %i: tensor<3x5xi8>, %b: tensor<3xf32>) -> tensor<2x3xf32> {
  %y = compress.codebook_matmul %x, %c, %i, %b {bits = 8 : i64} : (tensor<2x5xf32>, tensor<256xf32>, tensor<3x5xi8>, tensor<3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

// Depthwise (groups = C = 2, channel multiplier 2): decoded as HWCM for
// tosa.depthwise_conv2d; output channel f = c·M + m, element i·kw + j of its row;
// per-channel centroids read at [f, code].
// CHECK-LABEL: func.func @depthwise_bits2(
// CHECK-SAME: %[[X:[a-z0-9]+]]: tensor<1x4x4x2xf32>, %[[C:[a-z0-9]+]]: tensor<4x4xf32>, %[[I:[a-z0-9]+]]: tensor<4x3xi8>, %[[B:[a-z0-9]+]]: tensor<4xf32>
// CHECK-DAG: %[[C2:.*]] = arith.constant 2 : index
// CHECK-DAG: %[[C3:.*]] = arith.constant 3 : index
// CHECK: %[[E:.*]] = tensor.empty() : tensor<3x3x2x2xf32>
// CHECK: %[[W:.*]] = linalg.generic {{.*}} outs(%[[E]] : tensor<3x3x2x2xf32>)
// CHECK: %[[KI:.*]] = linalg.index 0
// CHECK: %[[KJ:.*]] = linalg.index 1
// CHECK: %[[CH:.*]] = linalg.index 2
// CHECK: %[[M:.*]] = linalg.index 3
// CHECK: %[[FM:.*]] = arith.muli %[[CH]], %[[C2]] : index
// CHECK: %[[F:.*]] = arith.addi %[[FM]], %[[M]] : index
// CHECK: %[[R:.*]] = arith.muli %[[KI]], %[[C3]] : index
// CHECK: %[[EL:.*]] = arith.addi %[[R]], %[[KJ]] : index
// CHECK: tensor.extract %[[I]][%[[F]], %{{.*}}] : tensor<4x3xi8>
// CHECK: tensor.extract %[[C]][%[[F]], %{{.*}}] : tensor<4x4xf32>
// CHECK: tosa.depthwise_conv2d %[[X]], %[[W]], %[[B]], %{{.*}}, %{{.*}} {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>}
func.func @depthwise_bits2(%x: tensor<1x4x4x2xf32>, %c: tensor<4x4xf32>, %i: tensor<4x3xi8>, %b: tensor<4xf32>) -> tensor<1x4x4x4xf32> {
  %y = compress.codebook_conv2d %x, %c, %i, %b {bits = 2 : i64, kernel_size = array<i64: 3, 3>, strides = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, groups = 2 : i64} : (tensor<1x4x4x2xf32>, tensor<4x4xf32>, tensor<4x3xi8>, tensor<4xf32>) -> tensor<1x4x4x4xf32>
  return %y : tensor<1x4x4x4xf32>
}
