// RUN: compress-opt %s -split-input-file --convert-compress-to-linalg --canonicalize --cse | FileCheck %s

// Zero padding, C = 65 (two words per tap). First generic: the sign bits of the input
// packed into i64 words [N, H, W, D] (bit b of word d = channel 64·d + b is negative;
// the loop stops at the last real channel, so tail bits stay 0). Second generic: per
// output element, (popcount, K_eff) accumulated in i64 over taps (i, j); an
// out-of-bounds tap adds nothing to either (per-pixel K_eff), an in-bounds one adds
// ctpop(a XOR w) over the D words (innermost, contiguous) and C/groups to K_eff;
// then y = α·(K_eff − 2·popcount) + bias.
// CHECK-DAG: #[[$ID:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-DAG: #[[$CH:.*]] = affine_map<(d0, d1, d2, d3) -> (d3)>
// CHECK-LABEL: func.func @conv_zero_pad(
// CHECK-SAME: %[[X:[a-z0-9]+]]: tensor<1x5x6x65xf32>, %[[W:[a-z0-9]+]]: tensor<4x3x3x2xi64>, %[[A:[a-z0-9]+]]: tensor<4xf32>, %[[B:[a-z0-9]+]]: tensor<4xf32>)
// CHECK-DAG: %[[K:.*]] = arith.constant 65 : i64
// CHECK-DAG: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[PE:.*]] = tensor.empty() : tensor<1x5x6x2xi64>
// CHECK: %[[P:.*]] = linalg.generic {indexing_maps = [#[[$ID]]], {{.*}}} outs(%[[PE]] : tensor<1x5x6x2xi64>)
// CHECK: %[[N:.*]] = arith.minui %{{.*}}, %{{.*}} : index
// CHECK: scf.for %[[BIT:[a-z0-9_]+]] = %{{.*}} to %[[N]] step %{{.*}} iter_args(%[[WORD:[a-z0-9_]+]] = %{{.*}}) -> (i64)
// CHECK: %[[XV:.*]] = tensor.extract %[[X]]
// CHECK: %[[NEG:.*]] = arith.cmpf olt, %[[XV]], %[[ZERO]] : f32
// CHECK: %[[ONE:.*]] = arith.extui %[[NEG]] : i1 to i64
// CHECK: %[[SH:.*]] = arith.index_castui %[[BIT]] : index to i64
// CHECK: %[[PL:.*]] = arith.shli %[[ONE]], %[[SH]] : i64
// CHECK: arith.ori %[[WORD]], %[[PL]] : i64
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

// binary_matmul, K = 130: input packed to [M, 3], one loop over the 3 words, K_eff = K.
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
