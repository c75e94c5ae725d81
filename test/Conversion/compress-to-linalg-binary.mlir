// RUN: compress-opt %s -split-input-file --convert-compress-to-linalg --canonicalize --cse | FileCheck %s

// Zero padding, C = 65 (two words per tap). First generic: the sign bits of the input
// packed into i64 words [N, H, W, D] (bit b of word d = channel 64·d + b is negative):
// with one group, a word is one 64-lane read (lanes past C read 0.0: tail bits 0),
// compared with 0 (olt: sign(0) = sign(NaN) = +1) and bitcast to i64. Second generic:
// per output element, (popcount, K_eff) accumulated in i64 over taps (i, j); an
// out-of-bounds tap adds nothing to either (per-pixel K_eff), an in-bounds one adds
// ctpop(a XOR w) over the D words (innermost, contiguous) and C/groups to K_eff;
// then y = α·(K_eff − 2·popcount) + bias. (The weights are computed here, so the
// scalar path; constant weights get the register-blocked kernel, @conv_const below.)
// CHECK-DAG: #[[$ID:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-DAG: #[[$CH:.*]] = affine_map<(d0, d1, d2, d3) -> (d3)>
// CHECK-LABEL: func.func @conv_zero_pad(
// CHECK-SAME: %[[X:[a-z0-9]+]]: tensor<1x5x6x65xf32>, %[[W:[a-z0-9]+]]: tensor<4x3x3x2xi64>, %[[A:[a-z0-9]+]]: tensor<4xf32>, %[[B:[a-z0-9]+]]: tensor<4xf32>)
// CHECK-DAG: %[[K:.*]] = arith.constant 65 : i64
// CHECK-DAG: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-DAG: %[[ZEROS:.*]] = arith.constant dense<0.000000e+00> : vector<64xf32>
// CHECK: %[[PE:.*]] = tensor.empty() : tensor<1x5x6x2xi64>
// CHECK: %[[P:.*]] = linalg.generic {indexing_maps = [#[[$ID]]], {{.*}}} outs(%[[PE]] : tensor<1x5x6x2xi64>)
// CHECK: %[[C0:.*]] = arith.muli %{{.*}}, %{{.*}} : index
// CHECK: %[[LANES:.*]] = vector.transfer_read %[[X]][%{{.*}}, %{{.*}}, %{{.*}}, %[[C0]]], %[[ZERO]] : tensor<1x5x6x65xf32>, vector<64xf32>
// CHECK: %[[NEG:.*]] = arith.cmpf olt, %[[LANES]], %[[ZEROS]] : vector<64xf32>
// CHECK: %[[BITS:.*]] = vector.bitcast %[[NEG]] : vector<64xi1> to vector<1xi64>
// CHECK: %[[WORD:.*]] = vector.extract %[[BITS]][0] : i64 from vector<1xi64>
// CHECK: linalg.yield %[[WORD]] : i64
// CHECK: } -> tensor<1x5x6x2xi64>
// Computed weight_bits: bits past the 65 channels of each row's last word cleared
// (mask 1 on word 1), once, before the loops.
// CHECK: %[[WM:.*]] = linalg.generic {indexing_maps = [#[[$ID]], #[[$ID]]], {{.*}}} ins(%[[W]] : tensor<4x3x3x2xi64>)
// CHECK: arith.andi %{{.*}}, %{{.*}} : i64
// CHECK: } -> tensor<4x3x3x2xi64>
// CHECK: linalg.generic {indexing_maps = [#[[$CH]], #[[$CH]], #[[$ID]]], {{.*}}} ins(%[[A]], %[[B]] : tensor<4xf32>, tensor<4xf32>)
// CHECK: ^bb0(%[[AV:.*]]: f32, %[[BV:.*]]: f32, %{{.*}}: f32):
// CHECK: %[[F:.*]] = linalg.index 3
// CHECK: %[[ACC:.*]]:2 = scf.for {{.*}} -> (i64, i64)
// CHECK: scf.for {{.*}} -> (i64, i64)
// CHECK: scf.if %{{.*}} -> (i64, i64)
// CHECK: scf.for %[[D:[a-z0-9_]+]] = {{.*}} iter_args(%[[POP:[a-z0-9_]+]] = %{{.*}}) -> (i64)
// CHECK: %[[WV:.*]] = tensor.extract %[[WM]][%[[F]], %{{.*}}, %{{.*}}, %[[D]]] : tensor<4x3x3x2xi64>
// CHECK: %[[AW:.*]] = tensor.extract %[[P]][%{{.*}}, %{{.*}}, %{{.*}}, %[[D]]] : tensor<1x5x6x2xi64>
// CHECK: %[[XOR:.*]] = arith.xori %[[AW]], %[[WV]] : i64
// CHECK: %[[CNT:.*]] = math.ctpop %[[XOR]] : i64
// CHECK: arith.addi %[[POP]], %[[CNT]] : i64
// CHECK: arith.addi %{{.*}}, %[[K]] : i64
// CHECK: } else {
// CHECK-NEXT: scf.yield %{{.*}}, %{{.*}} : i64, i64
// CHECK: %[[TW:.*]] = arith.shli %[[ACC]]#0, %{{.*}} : i64
// CHECK: %[[DOT:.*]] = arith.subi %[[ACC]]#1, %[[TW]] : i64
// CHECK: %[[Y:.*]] = arith.sitofp %[[DOT]] : i64 to f32
// CHECK: %[[S:.*]] = arith.mulf %[[AV]], %[[Y]] : f32
// CHECK: %[[R:.*]] = arith.addf %[[S]], %[[BV]] : f32
// CHECK: linalg.yield %[[R]] : f32
// CHECK-NOT: compress.binary_conv2d
func.func @conv_zero_pad(%x: tensor<1x5x6x65xf32>, %w: tensor<4x3x3x2xi64>, %a: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<1x3x6x4xf32> {
  %y = compress.binary_conv2d %x, %w, %a, %b {strides = array<i64: 2, 1>, pad = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, groups = 1 : i64} : (tensor<1x5x6x65xf32>, tensor<4x3x3x2xi64>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x3x6x4xf32>
  return %y : tensor<1x3x6x4xf32>
}

// -----

// pad_value minus_one with groups = 2 (C = 130, 65 per group): the packed input has
// groups·D = 4 words per pixel, output channel f reads words (f / (F/groups))·D + d.
// A padded tap reads the all-(−1) word: all ones, the last word masked to the one real
// channel (1); K_eff is C/groups for every tap.
// CHECK-LABEL: func.func @conv_minus_one_groups(
// CHECK-SAME: %[[X:[a-z0-9]+]]: tensor<1x4x4x130xf32>, %[[W:[a-z0-9]+]]: tensor<4x3x3x2xi64>
// CHECK-DAG: %[[ALL:.*]] = arith.constant -1 : i64
// CHECK-DAG: %[[LAST:.*]] = arith.constant 1 : i64
// CHECK: %[[P:.*]] = linalg.generic
// CHECK: } -> tensor<1x4x4x4xi64>
// CHECK: } -> tensor<4x3x3x2xi64>
// CHECK: linalg.generic
// CHECK: %[[F:.*]] = linalg.index 3
// CHECK: %[[G:.*]] = arith.divui %[[F]], %{{.*}} : index
// CHECK: %[[BASE:.*]] = arith.muli %[[G]], %{{.*}} : index
// CHECK: scf.if
// CHECK: %[[WORD:.*]] = arith.addi %[[BASE]], %{{.*}} : index
// CHECK: tensor.extract %[[P]][%{{.*}}, %{{.*}}, %{{.*}}, %[[WORD]]] : tensor<1x4x4x4xi64>
// CHECK: } else {
// CHECK: scf.for %[[D:[a-z0-9_]+]] =
// CHECK: %[[ISLAST:.*]] = arith.cmpi eq, %[[D]], %{{.*}} : index
// CHECK: %[[PADW:.*]] = arith.select %[[ISLAST]], %[[LAST]], %[[ALL]] : i64
// CHECK: arith.xori %[[PADW]], %{{.*}} : i64
// CHECK: math.ctpop
func.func @conv_minus_one_groups(%x: tensor<1x4x4x130xf32>, %w: tensor<4x3x3x2xi64>, %a: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<1x4x4x4xf32> {
  %y = compress.binary_conv2d %x, %w, %a, %b {strides = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, groups = 2 : i64, pad_value = #compress<pad_value minus_one>} : (tensor<1x4x4x130xf32>, tensor<4x3x3x2xi64>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x4x4xf32>
  return %y : tensor<1x4x4x4xf32>
}

// -----

// pad_value one: a padded tap reads the word 0 (all +1), so its popcount is that of the
// weight word alone; no padding at all: no bounds test.
// CHECK-LABEL: func.func @conv_pad_one(
// CHECK-SAME: %[[X:[a-z0-9]+]]: tensor<1x4x4x3xf32>, %[[W:[a-z0-9]+]]: tensor<2x3x3x1xi64>
// CHECK: %[[WM:.*]] = linalg.generic {{.*}} ins(%[[W]] : tensor<2x3x3x1xi64>)
// CHECK: scf.if
// CHECK: } else {
// CHECK: %[[WV:.*]] = tensor.extract %[[WM]]
// CHECK: math.ctpop %[[WV]] : i64
// CHECK-LABEL: func.func @conv_no_pad(
// CHECK-NOT: scf.if
// CHECK: math.ctpop
// CHECK-NOT: scf.if
// CHECK: return
func.func @conv_pad_one(%x: tensor<1x4x4x3xf32>, %w: tensor<2x3x3x1xi64>, %a: tensor<2xf32>, %b: tensor<2xf32>) -> tensor<1x4x4x2xf32> {
  %y = compress.binary_conv2d %x, %w, %a, %b {strides = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, groups = 1 : i64, pad_value = #compress<pad_value one>} : (tensor<1x4x4x3xf32>, tensor<2x3x3x1xi64>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  return %y : tensor<1x4x4x2xf32>
}
func.func @conv_no_pad(%x: tensor<1x4x4x3xf32>, %w: tensor<2x3x3x1xi64>, %a: tensor<2xf32>, %b: tensor<2xf32>) -> tensor<1x2x2x2xf32> {
  %y = compress.binary_conv2d %x, %w, %a, %b {strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64, pad_value = #compress<pad_value minus_one>} : (tensor<1x4x4x3xf32>, tensor<2x3x3x1xi64>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  return %y : tensor<1x2x2x2xf32>
}

// -----

// binary_matmul, K = 130: input packed to [M, 3] (64-lane reads), one loop over the 3
// words, K_eff = K.
// CHECK-LABEL: func.func @matmul(
// CHECK-SAME: %[[X:[a-z0-9]+]]: tensor<2x130xf32>, %[[W:[a-z0-9]+]]: tensor<5x3xi64>
// CHECK-DAG: %[[K:.*]] = arith.constant 130 : i64
// CHECK: %[[P:.*]] = linalg.generic
// CHECK: } -> tensor<2x3xi64>
// CHECK: %[[WM:.*]] = linalg.generic {{.*}} ins(%[[W]] : tensor<5x3xi64>)
// CHECK: } -> tensor<5x3xi64>
// CHECK: linalg.generic
// CHECK: %[[M:.*]] = linalg.index 0
// CHECK: %[[N:.*]] = linalg.index 1
// CHECK: %[[POP:.*]] = scf.for %[[D:[a-z0-9_]+]] =
// CHECK: tensor.extract %[[WM]][%[[N]], %[[D]]] : tensor<5x3xi64>
// CHECK: tensor.extract %[[P]][%[[M]], %[[D]]] : tensor<2x3xi64>
// CHECK: math.ctpop
// CHECK: %[[TW:.*]] = arith.shli %[[POP]], %{{.*}} : i64
// CHECK: arith.subi %[[K]], %[[TW]] : i64
// CHECK-NOT: compress.binary_matmul
func.func @matmul(%x: tensor<2x130xf32>, %w: tensor<5x3xi64>, %a: tensor<5xf32>, %b: tensor<5xf32>) -> tensor<2x5xf32> {
  %y = compress.binary_matmul %x, %w, %a, %b : (tensor<2x130xf32>, tensor<5x3xi64>, tensor<5xf32>, tensor<5xf32>) -> tensor<2x5xf32>
  return %y : tensor<2x5xf32>
}

// -----

// Constant weight bits, one group: the register-blocked kernel. F = 44 output channels
// are 6 blocks of 8 lanes (vector<8xi64>), the weights repacked at compile time as
// [blocks, taps, D, 8] (lanes past F zero); 3 blocks per pass (the largest of 4, 3, 2
// dividing 6), so the block loop runs 0, 3. Per pixel
// and tap, each word of the packed input is broadcast, XORed with the 3 blocks' weight
// vectors and counted (math.ctpop on vector<8xi64>); K_eff as in the scalar path; the
// epilogue α·(K_eff − 2·popcount) + bias on 8 lanes, α/bias read and the output written
// with masks past F (in_bounds false). Each output row (n, oh) is written through its
// own slice, and the row loop is marked for compress-parallelize-tiles with the
// dense-equivalent MACs (5·5·44·9·70 bit products / 32; the n loop of one folds away).
// CHECK-LABEL: func.func @conv_const(
// CHECK-SAME: %[[X:[a-z0-9]+]]: tensor<1x5x5x70xf32>, %[[A:[a-z0-9]+]]: tensor<44xf32>, %[[B:[a-z0-9]+]]: tensor<44xf32>)
// CHECK-DAG: %[[LANESW:.*]] = arith.constant dense<{{.*}}> : tensor<6x9x2x8xi64>
// CHECK-DAG: %[[C3:.*]] = arith.constant 3 : index
// CHECK-DAG: %[[C6:.*]] = arith.constant 6 : index
// CHECK: %[[P:.*]] = linalg.generic
// CHECK: } -> tensor<1x5x5x2xi64>
// CHECK: scf.for %[[OH:[a-z0-9_]+]] = {{.*}} -> (tensor<1x5x5x44xf32>)
// CHECK: %[[ROW:.*]] = tensor.extract_slice %{{.*}}[0, %[[OH]], 0, 0] [1, 1, 5, 44] [1, 1, 1, 1] : tensor<1x5x5x44xf32> to tensor<1x1x5x44xf32>
// CHECK: scf.for %[[BLK:[a-z0-9_]+]] = %{{.*}} to %[[C6]] step %[[C3]] iter_args(%{{.*}} = %[[ROW]]) -> (tensor<1x1x5x44xf32>)
// CHECK: scf.for {{.*}} -> (tensor<1x1x5x44xf32>)
// CHECK: scf.for {{.*}} -> (vector<8xi64>, vector<8xi64>, vector<8xi64>, i64)
// CHECK: scf.for {{.*}} -> (vector<8xi64>, vector<8xi64>, vector<8xi64>, i64)
// CHECK: scf.if %{{.*}} -> (vector<8xi64>, vector<8xi64>, vector<8xi64>, i64)
// CHECK: scf.for {{.*}} -> (vector<8xi64>, vector<8xi64>, vector<8xi64>)
// CHECK: %[[AW:.*]] = tensor.extract %[[P]]
// CHECK: %[[AV:.*]] = vector.broadcast %[[AW]] : i64 to vector<8xi64>
// CHECK: %[[WV:.*]] = vector.transfer_read %[[LANESW]][%[[BLK]], %{{.*}}, %{{.*}}, %{{.*}}], %{{.*}} {in_bounds = [true]} : tensor<6x9x2x8xi64>, vector<8xi64>
// CHECK: %[[XOR:.*]] = arith.xori %[[AV]], %[[WV]] : vector<8xi64>
// CHECK: %[[CNT:.*]] = math.ctpop %[[XOR]] : vector<8xi64>
// CHECK: arith.addi %{{.*}}, %[[CNT]] : vector<8xi64>
// CHECK-COUNT-2: math.ctpop %{{.*}} : vector<8xi64>
// CHECK: } else {
// CHECK: %[[DOT:.*]] = arith.subi %{{.*}}, %{{.*}} : vector<8xi64>
// CHECK: %[[Y:.*]] = arith.sitofp %[[DOT]] : vector<8xi64> to vector<8xf32>
// CHECK: %[[AL:.*]] = vector.transfer_read %[[A]][%{{.*}}], %{{.*}} : tensor<44xf32>, vector<8xf32>
// CHECK: %[[BI:.*]] = vector.transfer_read %[[B]][%{{.*}}], %{{.*}} : tensor<44xf32>, vector<8xf32>
// CHECK: %[[S:.*]] = arith.mulf %[[AL]], %[[Y]] : vector<8xf32>
// CHECK: %[[R:.*]] = arith.addf %[[S]], %[[BI]] : vector<8xf32>
// CHECK: vector.transfer_write %[[R]], %{{.*}}[%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}] : vector<8xf32>, tensor<1x1x5x44xf32>
// CHECK-COUNT-2: vector.transfer_write
// CHECK: tensor.insert_slice %{{.*}} into %{{.*}}[0, %[[OH]], 0, 0] [1, 1, 5, 44] [1, 1, 1, 1]
// CHECK: } {compress.parallel_tile = 21656 : i64}
// CHECK-NOT: compress.binary_conv2d
func.func @conv_const(%x: tensor<1x5x5x70xf32>, %a: tensor<44xf32>, %b: tensor<44xf32>) -> tensor<1x5x5x44xf32> {
  %w = arith.constant dense<1> : tensor<44x3x3x2xi64>
  %y = compress.binary_conv2d %x, %w, %a, %b {strides = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, groups = 1 : i64} : (tensor<1x5x5x70xf32>, tensor<44x3x3x2xi64>, tensor<44xf32>, tensor<44xf32>) -> tensor<1x5x5x44xf32>
  return %y : tensor<1x5x5x44xf32>
}

// -----

// Constant weight bits, binary_matmul N = 16 (2 blocks, both in one pass: the block
// loop folds away), K = 64 (one word, the word loop folds away too).
// CHECK-LABEL: func.func @matmul_const(
// CHECK-DAG: %[[LANESW:.*]] = arith.constant dense<{{.*}}> : tensor<2x1x1x8xi64>
// CHECK-DAG: %[[K:.*]] = arith.constant dense<64> : vector<8xi64>
// CHECK: scf.for {{.*}} -> (tensor<3x16xf32>)
// CHECK-NOT: scf.for
// CHECK-COUNT-2: math.ctpop %{{.*}} : vector<8xi64>
// CHECK-COUNT-2: arith.subi %[[K]], %{{.*}} : vector<8xi64>
// CHECK-NOT: compress.binary_matmul
func.func @matmul_const(%x: tensor<3x64xf32>, %a: tensor<16xf32>, %b: tensor<16xf32>) -> tensor<3x16xf32> {
  %w = arith.constant dense<5> : tensor<16x1xi64>
  %y = compress.binary_matmul %x, %w, %a, %b : (tensor<3x64xf32>, tensor<16x1xi64>, tensor<16xf32>, tensor<16xf32>) -> tensor<3x16xf32>
  return %y : tensor<3x16xf32>
}
