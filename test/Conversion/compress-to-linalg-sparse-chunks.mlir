// RUN: compress-opt %s --convert-compress-to-linalg --canonicalize --cse | FileCheck %s

// The conv kernel's pixel chunks and row passes (SparseToLinalg.cpp, emitSparseConvKernel):
// OW = 14 pixels are one chunk of 16 lanes (a multiple of 8: whole registers); the
// relayout's rows are Wq = max(Wp = 16, 16 lanes + the largest column shift 2) = 18 long
// so the two lanes past OW read padding, and are never stored (lanes 0..13 only: 14
// inserts per row, 14 rows x 2 channels x 3 = 84 with the tail). Rows per pass: 64 / 16
// = 4 (four vector<16xf32> accumulators share each nonzero), rows 0..11 in tiles of
// one pass x one block of both channels (a loop of 3, marked for
// compress-parallelize-tiles with nnz·OH·OW = 3·196 = 588 MACs; each tile writes its
// slice [0, 4·t + [0, 4), :, :]), then one pass over the last 2 rows (12, 13).
// CHECK-LABEL: func.func @ow14(
// CHECK: tensor.empty() : tensor<1x16x2x1x18xf32>
// CHECK: %[[FLAT:.*]] = tensor.collapse_shape {{.*}} into tensor<576xf32>
// CHECK: %[[MAIN:.*]] = scf.for %[[T:.*]] = %c0 to %c3 step %c1 iter_args(%[[TO:.*]] = {{.*}}) -> (tensor<1x14x14x2xf32>)
// CHECK: %[[OH:.*]] = arith.muli %[[T]], %c4
// CHECK: %[[TILE:.*]] = tensor.extract_slice %[[TO]][0, %[[OH]], 0, 0] [1, 4, 14, 2]
// CHECK: scf.for %[[F:.*]] = %c0 to %c2 step %c1 iter_args(%{{.*}} = %[[TILE]])
// CHECK: scf.for {{.*}} -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>)
// CHECK-COUNT-4: vector.transfer_read %[[FLAT]][%{{.*}}], %{{.*}} {in_bounds = [true]} : tensor<576xf32>, vector<16xf32>
// CHECK: tensor.insert %{{.*}} into %{{.*}}[%c0, %c3, %c13, %[[F]]] : tensor<1x4x14x2xf32>
// CHECK-NOT: %c14
// CHECK: tensor.insert_slice %{{.*}} into %[[TO]][0, %[[OH]], 0, 0] [1, 4, 14, 2]
// CHECK: } {compress.parallel_tile = 588 : i64}
// CHECK: %[[TAIL:.*]] = tensor.extract_slice %[[MAIN]][0, 12, 0, 0] [1, 2, 14, 2]
// CHECK: scf.for %[[F2:.*]] = %c0 to %c2 step %c1 iter_args(%{{.*}} = %[[TAIL]])
// CHECK: scf.for {{.*}} -> (vector<16xf32>, vector<16xf32>)
// CHECK: tensor.insert %{{.*}} into %{{.*}}[%c0, %c0, %c13, %[[F2]]]
// CHECK: tensor.insert %{{.*}} into %{{.*}}[%c0, %c1, %c13, %[[F2]]]
// CHECK-NOT: tensor.insert
// CHECK: tensor.insert_slice %{{.*}} into %[[MAIN]][0, 12, 0, 0] [1, 2, 14, 2]
// CHECK: return
func.func @ow14(%x: tensor<1x14x14x2xf32>) -> tensor<1x14x14x2xf32> {
  %vals = arith.constant dense<[1.0, -2.0, 0.5]> : tensor<3xf32>
  %c = arith.constant dense<[1, 9, 17]> : tensor<3xi32>
  %offs = arith.constant dense<[0, 2, 3]> : tensor<3xi32>
  %b = arith.constant dense<[0.0, 1.5]> : tensor<2xf32>
  %y = compress.sparse_conv2d %x, %vals, %c, %offs, %b {kernel_size = array<i64: 3, 3>, strides = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, groups = 1 : i64} : (tensor<1x14x14x2xf32>, tensor<3xf32>, tensor<3xi32>, tensor<3xi32>, tensor<2xf32>) -> tensor<1x14x14x2xf32>
  return %y : tensor<1x14x14x2xf32>
}
