// RUN: compress-opt %s --split-input-file --compress-lower-vectors | FileCheck %s \
// RUN:   --implicit-check-not=vector.contract --implicit-check-not=vector.outerproduct \
// RUN:   --implicit-check-not=vector.fma --implicit-check-not=vector.transfer

// A reduction loop over a contraction into an accumulator that is not a view: the
// accumulator transfers are hoisted out of the loop (its rows loaded before, carried
// by the loop, stored after); vector.contract becomes, per reduction index and row, a
// broadcast of the input element times the filter row, as a separate mulf and addf
// (no FMA: the rounding of the scalar loops); every transfer becomes 1-D loads and
// stores.
// CHECK-LABEL: func.func @hoist_contract
// CHECK-SAME:    (%[[ACC:.*]]: memref<2x4xf32>, %[[A:.*]]: memref<3x2x2xf32>, %[[W:.*]]: memref<3x2x4xf32>)
// CHECK-DAG:     %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG:     %[[C1:.*]] = arith.constant 1 : index
// CHECK:         %[[R0:.*]] = vector.load %[[ACC]][%[[C0]], %[[C0]]] : memref<2x4xf32>, vector<4xf32>
// CHECK:         %[[I0:.*]] = vector.insert %[[R0]], %{{.*}} [0]
// CHECK:         %[[R1:.*]] = vector.load %[[ACC]][%[[C1]], %[[C0]]] : memref<2x4xf32>, vector<4xf32>
// CHECK:         %[[I1:.*]] = vector.insert %[[R1]], %[[I0]] [1]
// CHECK:         %[[SUM:.*]] = scf.for %[[K:.*]] = {{.*}} iter_args(%[[S:.*]] = %[[I1]]) -> (vector<2x4xf32>) {
// CHECK-NOT:       %[[ACC]]
// CHECK:           %[[X0:.*]] = vector.load %[[A]][%[[K]], %[[C0]], %[[C0]]] : memref<3x2x2xf32>, vector<2xf32>
// CHECK:           %[[X1:.*]] = vector.load %[[A]][%[[K]], %[[C1]], %[[C0]]] : memref<3x2x2xf32>, vector<2xf32>
// CHECK:           %[[W0:.*]] = vector.load %[[W]][%[[K]], %[[C0]], %[[C0]]] : memref<3x2x4xf32>, vector<4xf32>
// CHECK:           %[[W1:.*]] = vector.load %[[W]][%[[K]], %[[C1]], %[[C0]]] : memref<3x2x4xf32>, vector<4xf32>
// CHECK:           %[[E:.*]] = vector.extract %[[X0]][0] : f32 from vector<2xf32>
// CHECK:           %[[B:.*]] = vector.broadcast %[[E]] : f32 to vector<4xf32>
// CHECK:           %[[S0:.*]] = vector.extract %[[S]][0] : vector<4xf32> from vector<2x4xf32>
// CHECK:           %[[P:.*]] = arith.mulf %[[B]], %[[W0]] : vector<4xf32>
// CHECK:           arith.addf %[[P]], %[[S0]] : vector<4xf32>
// CHECK-COUNT-3:   arith.mulf
// CHECK:           scf.yield %{{.*}} : vector<2x4xf32>
// CHECK:         }
// CHECK:         %[[O0:.*]] = vector.extract %[[SUM]][0] : vector<4xf32> from vector<2x4xf32>
// CHECK:         vector.store %[[O0]], %[[ACC]][%[[C0]], %[[C0]]] : memref<2x4xf32>, vector<4xf32>
// CHECK:         %[[O1:.*]] = vector.extract %[[SUM]][1] : vector<4xf32> from vector<2x4xf32>
// CHECK:         vector.store %[[O1]], %[[ACC]][%[[C1]], %[[C0]]] : memref<2x4xf32>, vector<4xf32>
// CHECK-NEXT:    return
func.func @hoist_contract(%acc: memref<2x4xf32>, %a: memref<3x2x2xf32>, %w: memref<3x2x4xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %f0 = arith.constant 0.0 : f32
  scf.for %k = %c0 to %c3 step %c1 {
    %x = vector.transfer_read %a[%k, %c0, %c0], %f0 {in_bounds = [true, true]} : memref<3x2x2xf32>, vector<2x2xf32>
    %y = vector.transfer_read %w[%k, %c0, %c0], %f0 {in_bounds = [true, true]} : memref<3x2x4xf32>, vector<2x4xf32>
    %c = vector.transfer_read %acc[%c0, %c0], %f0 {in_bounds = [true, true]} : memref<2x4xf32>, vector<2x4xf32>
    %r = vector.contract {indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (k, n)>, affine_map<(m, n, k) -> (m, n)>], iterator_types = ["parallel", "parallel", "reduction"], kind = #vector.kind<add>} %x, %y, %c : vector<2x2xf32>, vector<2x4xf32> into vector<2x4xf32>
    vector.transfer_write %r, %acc[%c0, %c0] {in_bounds = [true, true]} : vector<2x4xf32>, memref<2x4xf32>
  }
  return
}

// -----

// The accumulator of a conv tile is a memref.subview, which
// hoistRedundantVectorTransfers does not hoist through: its rows are loaded and
// stored in every iteration (LLVM -O2 keeps them in registers). The outer product
// is lowered all the same.
// CHECK-LABEL: func.func @subview_accumulator
// CHECK:         %[[SV:.*]] = memref.subview
// CHECK:         scf.for
// CHECK-NEXT:      vector.load %{{.*}} : memref<3x2xf32>, vector<2xf32>
// CHECK-NEXT:      vector.load %{{.*}} : memref<3x4xf32>, vector<4xf32>
// CHECK-NEXT:      %[[A0:.*]] = vector.load %[[SV]][%{{.*}}, %{{.*}}] : memref<2x4xf32, strided<[8, 1], offset: ?>>, vector<4xf32>
// CHECK-NEXT:      %[[A1:.*]] = vector.load %[[SV]][%{{.*}}, %{{.*}}] : memref<2x4xf32, strided<[8, 1], offset: ?>>, vector<4xf32>
// CHECK:           %[[P0:.*]] = arith.mulf
// CHECK-NEXT:      %[[S0:.*]] = arith.addf %[[P0]], %[[A0]] : vector<4xf32>
// CHECK:           %[[P1:.*]] = arith.mulf
// CHECK-NEXT:      %[[S1:.*]] = arith.addf %[[P1]], %[[A1]] : vector<4xf32>
// CHECK-NEXT:      vector.store %[[S0]], %[[SV]]
// CHECK-NEXT:      vector.store %[[S1]], %[[SV]]
// CHECK-NEXT:    }
func.func @subview_accumulator(%out: memref<4x8xf32>, %a: memref<3x2xf32>, %w: memref<3x4xf32>, %i: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %f0 = arith.constant 0.0 : f32
  %acc = memref.subview %out[%i, 0] [2, 4] [1, 1] : memref<4x8xf32> to memref<2x4xf32, strided<[8, 1], offset: ?>>
  scf.for %k = %c0 to %c3 step %c1 {
    %x = vector.transfer_read %a[%k, %c0], %f0 {in_bounds = [true]} : memref<3x2xf32>, vector<2xf32>
    %y = vector.transfer_read %w[%k, %c0], %f0 {in_bounds = [true]} : memref<3x4xf32>, vector<4xf32>
    %c = vector.transfer_read %acc[%c0, %c0], %f0 {in_bounds = [true, true]} : memref<2x4xf32, strided<[8, 1], offset: ?>>, vector<2x4xf32>
    %r = vector.outerproduct %x, %y, %c {kind = #vector.kind<add>} : vector<2xf32>, vector<4xf32>
    vector.transfer_write %r, %acc[%c0, %c0] {in_bounds = [true, true]} : vector<2x4xf32>, memref<2x4xf32, strided<[8, 1], offset: ?>>
  }
  return
}

// -----

// The bias broadcast that initialises a conv tile (a transfer_read with a broadcasting
// permutation map): one 1-D load of the bias, stored into every row of the tile.
// CHECK-LABEL: func.func @broadcast_bias
// CHECK-SAME:    (%[[BIAS:.*]]: memref<16xf32>, %[[OUT:.*]]: memref<1x2x16xf32>)
// CHECK-DAG:     %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG:     %[[C1:.*]] = arith.constant 1 : index
// CHECK:         %[[B:.*]] = vector.load %[[BIAS]][%[[C0]]] : memref<16xf32>, vector<16xf32>
// CHECK-NEXT:    vector.store %[[B]], %[[OUT]][%[[C0]], %[[C0]], %[[C0]]] : memref<1x2x16xf32>, vector<16xf32>
// CHECK-NEXT:    vector.store %[[B]], %[[OUT]][%[[C0]], %[[C1]], %[[C0]]] : memref<1x2x16xf32>, vector<16xf32>
// CHECK-NEXT:    return
func.func @broadcast_bias(%bias: memref<16xf32>, %out: memref<1x2x16xf32>) {
  %c0 = arith.constant 0 : index
  %f0 = arith.constant 0.0 : f32
  %b = vector.transfer_read %bias[%c0], %f0 {in_bounds = [true, true, true], permutation_map = affine_map<(d0) -> (0, 0, d0)>} : memref<16xf32>, vector<1x2x16xf32>
  vector.transfer_write %b, %out[%c0, %c0, %c0] {in_bounds = [true, true, true]} : vector<1x2x16xf32>, memref<1x2x16xf32>
  return
}

// -----

// The depthwise tiles' vector.fma: a multiply, then an add (rounded separately).
// CHECK-LABEL: func.func @fma
// CHECK-SAME:    (%[[A:.*]]: vector<8xf32>, %[[B:.*]]: vector<8xf32>, %[[C:.*]]: vector<8xf32>)
// CHECK-NEXT:    %[[P:.*]] = arith.mulf %[[A]], %[[B]] : vector<8xf32>
// CHECK-NEXT:    %[[S:.*]] = arith.addf %[[P]], %[[C]] : vector<8xf32>
// CHECK-NEXT:    return %[[S]]
func.func @fma(%a: vector<8xf32>, %b: vector<8xf32>, %c: vector<8xf32>) -> vector<8xf32> {
  %r = vector.fma %a, %b, %c : vector<8xf32>
  return %r : vector<8xf32>
}
