// RUN: compress-opt %s -split-input-file --convert-compress-to-linalg=allow-computed-indices | FileCheck %s

// Groups 2 (C = 4, cg = 2), 2x2 taps, stride (2, 2), dilation (1, 2), pad
// [0, 1, 1, 0]: OW = 2 -> 2 lanes, one chunk. Relayout (Wp = 6, s = 2, Wq = 3):
// X'[n, h, c, r, q] = x[n, h, q·2 + r − 1, c] (0 outside) = 1x5x4x2x3, flattened to 120
// (row stride C·s·Wq = 24, channel stride s·Wq = 6). Offsets
// i·dh·24 + (c·s + (j·dw) mod s)·Wq + (j·dw) div s: column 1 = tap (0,0) channel 1
// -> 6; column 6 = tap (1,1) channel 0 (j·dw = 2: phase 0, shift 1) -> 24 + 1 = 25;
// column 7 -> 31, as a constant. The base is (n·Hp + oh·2)·24 + (oc / 2)·cg·6. The
// lanes are stored into the NHWC result one by one. (Rows of OW ≤ 4 pixels are one
// vector of OW lanes; wider rows use multiples of 8 lanes and X' rows long enough for
// them: compress-to-linalg-sparse-chunks.mlir.) With non-constant columns the
// same offsets are computed by an elementwise generic.
// CHECK-LABEL: func.func @conv
// CHECK-DAG: %[[V:.*]] = arith.constant dense<[1.000000e+00, -2.000000e+00, 5.000000e-01]> : tensor<3xf32>
// CHECK-DAG: %[[R:.*]] = arith.constant dense<[0, 2, 2, 3, 3]> : tensor<5xi32>
// CHECK-DAG: %[[B:.*]] = arith.constant dense<[0.000000e+00, 1.500000e+00, -1.000000e+00, 5.000000e-01]> : tensor<4xf32>
// CHECK: %[[XR:.*]] = linalg.generic {{.*}} outs(%{{.*}} : tensor<1x5x4x2x3xf32>)
// CHECK: %[[Q:.*]] = linalg.index 4 : index
// CHECK: %[[QS:.*]] = arith.muli %[[Q]], %c2
// CHECK: %[[COL:.*]] = arith.addi %[[QS]], %{{.*}} : index
// CHECK: %[[XC:.*]] = arith.subi %[[COL]], %c1
// CHECK: arith.cmpi slt, %[[XC]], %c5
// CHECK: arith.andi
// CHECK: %[[IN:.*]] = arith.andi
// CHECK: %[[XV:.*]] = tensor.extract %arg0[{{.*}}] : tensor<1x4x5x4xf32>
// CHECK: arith.select %[[IN]], %[[XV]], %{{.*}} : f32
// CHECK: %[[FLAT:.*]] = tensor.collapse_shape %[[XR]] {{\[\[}}0, 1, 2, 3, 4]] : tensor<1x5x4x2x3xf32> into tensor<120xf32>
// CHECK: %[[OFF:.*]] = arith.constant dense<[6, 25, 31]> : tensor<3xi32>
// CHECK: %[[OUT:.*]] = tensor.empty() : tensor<1x2x2x4xf32>
// Kernel: n, then tiles t = pass·blocks + block (passes of 2 output rows: both rows,
// OH = 2; blocks of 4 output channels: one), marked for compress-parallelize-tiles with
// the MACs nnz·N·OH·OW = 3·4 = 12; a tile writes its slice out[n, oh + [0, 2), :,
// f0 + [0, 4)], then f of the block (CSR row, bias, group base), then the nonzeros with
// one accumulator per row (a pass's rows share each nonzero's value and offset; row 1
// reads one input-row stride sh·24 = 48 further).
// CHECK: %[[RES:.*]] = scf.for %[[N:[a-z0-9_]+]] = {{.*}} iter_args(%{{.*}} = %[[OUT]]) -> (tensor<1x2x2x4xf32>)
// CHECK: scf.for %[[T:[a-z0-9_]+]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[TO:.*]] = {{.*}}) -> (tensor<1x2x2x4xf32>)
// CHECK: %[[PI:.*]] = arith.divui %[[T]]
// CHECK: %[[OH:.*]] = arith.muli %[[PI]], %c2
// CHECK: %[[BI:.*]] = arith.remui %[[T]]
// CHECK: %[[F0:.*]] = arith.muli %[[BI]], %c4
// CHECK: %[[ROW:.*]] = arith.muli %{{.*}}, %c24 : index
// CHECK: %[[TILE:.*]] = tensor.extract_slice %[[TO]][%[[N]], %[[OH]], 0, %[[F0]]] [1, 2, 2, 4] [1, 1, 1, 1]
// CHECK: scf.for %[[FL:[a-z0-9_]+]] = {{.*}} iter_args(%[[O:.*]] = %[[TILE]]) -> (tensor<1x2x2x4xf32>)
// CHECK: %[[F:.*]] = arith.addi %[[F0]], %[[FL]] : index
// CHECK: tensor.extract %[[R]][%[[F]]] : tensor<5xi32>
// CHECK: tensor.extract %[[R]][%{{.*}}] : tensor<5xi32>
// CHECK: %[[BF:.*]] = tensor.extract %[[B]][%[[F]]] : tensor<4xf32>
// CHECK: %[[INIT:.*]] = vector.broadcast %[[BF]] : f32 to vector<2xf32>
// CHECK: %[[G:.*]] = arith.divui %[[F]], %c2
// CHECK: %[[G0:.*]] = arith.muli %[[G]], %c12
// CHECK: %[[BASE:.*]] = arith.addi %[[ROW]], %[[G0]] : index
// CHECK: %[[START0:.*]] = arith.addi %[[BASE]], %c0
// CHECK: %[[START1:.*]] = arith.addi %[[BASE]], %c48
// CHECK: %[[ACC:.*]]:2 = scf.for %[[E:[a-z0-9_]+]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[A0:.*]] = %[[INIT]], %[[A1:.*]] = %[[INIT]]) -> (vector<2xf32>, vector<2xf32>)
// CHECK: %[[W:.*]] = tensor.extract %[[V]][%[[E]]] : tensor<3xf32>
// CHECK: %[[WV:.*]] = vector.broadcast %[[W]] : f32 to vector<2xf32>
// CHECK: %[[OE:.*]] = tensor.extract %[[OFF]][%[[E]]] : tensor<3xi32>
// CHECK: %[[OI:.*]] = arith.index_cast %[[OE]] : i32 to index
// CHECK: %[[AT:.*]] = arith.addi %[[START0]], %[[OI]] : index
// CHECK: %[[X:.*]] = vector.transfer_read %[[FLAT]][%[[AT]]], %{{.*}} {in_bounds = [true]} : tensor<120xf32>, vector<2xf32>
// CHECK: %[[PROD:.*]] = arith.mulf %[[WV]], %[[X]] : vector<2xf32>
// CHECK: %[[SUM:.*]] = arith.addf %[[A0]], %[[PROD]] : vector<2xf32>
// CHECK: %[[AT1:.*]] = arith.addi %[[START1]], %[[OI]] : index
// CHECK: %[[X1:.*]] = vector.transfer_read %[[FLAT]][%[[AT1]]], %{{.*}} {in_bounds = [true]} : tensor<120xf32>, vector<2xf32>
// CHECK: %[[PROD1:.*]] = arith.mulf %[[WV]], %[[X1]] : vector<2xf32>
// CHECK: %[[SUM1:.*]] = arith.addf %[[A1]], %[[PROD1]] : vector<2xf32>
// CHECK: scf.yield %[[SUM]], %[[SUM1]] : vector<2xf32>, vector<2xf32>
// The lanes go into the tile at (0, row, pixel, f − f0), the tile back into the result.
// CHECK: %[[L0:.*]] = vector.extract %[[ACC]]#0[0] : f32 from vector<2xf32>
// CHECK: %[[I0:.*]] = tensor.insert %[[L0]] into %[[O]][%c0{{.*}}, %c0{{.*}}, %c0{{.*}}, %[[FL]]] : tensor<1x2x2x4xf32>
// CHECK: %[[L1:.*]] = vector.extract %[[ACC]]#0[1] : f32 from vector<2xf32>
// CHECK: %[[I1:.*]] = tensor.insert %[[L1]] into %[[I0]][%c0{{.*}}, %c0{{.*}}, %c1{{.*}}, %[[FL]]] : tensor<1x2x2x4xf32>
// CHECK: %[[L2:.*]] = vector.extract %[[ACC]]#1[0] : f32 from vector<2xf32>
// CHECK: tensor.insert %[[L2]] into %[[I1]][%c0{{.*}}, %c1{{.*}}, %c0{{.*}}, %[[FL]]] : tensor<1x2x2x4xf32>
// CHECK: tensor.insert_slice %{{.*}} into %[[TO]][%[[N]], %[[OH]], 0, %[[F0]]] [1, 2, 2, 4] [1, 1, 1, 1]
// CHECK: } {compress.parallel_tile = 12 : i64}
// Runtime columns, the same formula in i32: c = col % 2, tap = col / 2, i = tap / 2,
// jd = (tap % 2)·2; offset = i·24 + (c·2 + jd % 2)·3 + jd / 2.
// CHECK: linalg.generic {{.*}} ins(%arg1 : tensor<3xi32>)
// CHECK: arith.remui
// CHECK: arith.constant 24 : i32
// CHECK: arith.constant 3 : i32
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

// Matmul, M = 2 -> 2 lanes: the input is transposed to [K, M] = 3x2 and flattened;
// column k reads the M contiguous elements at k·M (offsets [0, 4, 2], a constant);
// the lanes are stored into the [M, N] result one by one.
// CHECK-LABEL: func.func @matmul
// CHECK-DAG: %[[V:.*]] = arith.constant dense<[1.000000e+00, -2.000000e+00, 5.000000e-01]> : tensor<3xf32>
// CHECK-DAG: %[[R:.*]] = arith.constant dense<[0, 2, 2, 3]> : tensor<4xi32>
// CHECK: %[[T:.*]] = linalg.transpose ins(%arg0 : tensor<2x3xf32>) outs(%{{.*}} : tensor<3x2xf32>) permutation = [1, 0]
// CHECK: %[[FLAT:.*]] = tensor.collapse_shape %[[T]] {{\[\[}}0, 1]] : tensor<3x2xf32> into tensor<6xf32>
// CHECK: %[[OFF:.*]] = arith.constant dense<[0, 4, 2]> : tensor<3xi32>
// Blocks of rows (here one of 3) write their slice [0:M, f0 + [0, 3)] and are marked
// for compress-parallelize-tiles with the MACs nnz·M = 6.
// CHECK: scf.for %[[F0:[a-z0-9_]+]] = {{.*}} iter_args(%[[BO:.*]] = %{{.*}}) -> (tensor<2x3xf32>)
// CHECK: %[[TILE:.*]] = tensor.extract_slice %[[BO]][0, %[[F0]]] [2, 3] [1, 1]
// CHECK: scf.for %[[FL:[a-z0-9_]+]] = {{.*}} iter_args(%{{.*}} = %[[TILE]]) -> (tensor<2x3xf32>)
// CHECK: %[[N:.*]] = arith.addi %[[F0]], %[[FL]] : index
// CHECK: tensor.extract %[[R]][%[[N]]] : tensor<4xi32>
// CHECK: scf.for {{.*}} -> (tensor<2x3xf32>)
// CHECK: scf.for %[[E:[a-z0-9_]+]] = {{.*}} -> (vector<2xf32>)
// CHECK: tensor.extract %[[V]][%[[E]]] : tensor<3xf32>
// CHECK: tensor.extract %[[OFF]][%[[E]]] : tensor<3xi32>
// CHECK: vector.transfer_read %[[FLAT]][%{{.*}}], %{{.*}} {in_bounds = [true]} : tensor<6xf32>, vector<2xf32>
// CHECK: tensor.insert %{{.*}} into %{{.*}}[%{{.*}}, %[[FL]]] : tensor<2x3xf32>
// CHECK: tensor.insert %{{.*}} into %{{.*}}[%{{.*}}, %[[FL]]] : tensor<2x3xf32>
// CHECK: tensor.insert_slice %{{.*}} into %[[BO]][0, %[[F0]]] [2, 3] [1, 1]
// CHECK: } {compress.parallel_tile = 6 : i64}
// CHECK-NOT: compress.sparse_matmul
func.func @matmul(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %vals = arith.constant dense<[1.0, -2.0, 0.5]> : tensor<3xf32>
  %cols = arith.constant dense<[0, 2, 1]> : tensor<3xi32>
  %offs = arith.constant dense<[0, 2, 2, 3]> : tensor<4xi32>
  %b = arith.constant dense<[0.5, 1.0, -1.0]> : tensor<3xf32>
  %y = compress.sparse_matmul %x, %vals, %cols, %offs, %b : (tensor<2x3xf32>, tensor<3xf32>, tensor<3xi32>, tensor<4xi32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}
