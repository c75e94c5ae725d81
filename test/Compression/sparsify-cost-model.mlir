// compress-sparsify's per-layer break-even (compress/Compression/SparseCostModel.h, the
// default min-sparsity = -1): each layer kind and shape on both sides of its break-even,
// the remark naming the estimate that decided; an explicit min-sparsity overrides the
// cost model for every layer (docs: include/compress/Compression/Passes.td).
// RUN: compress-opt %s --compress-sparsify -o /dev/null 2>&1 | FileCheck %s
// RUN: compress-opt %s --compress-sparsify 2>/dev/null | FileCheck %s --check-prefix=OPS
// RUN: compress-opt %s --compress-sparsify=min-sparsity=0.5 -o /dev/null 2>&1 | FileCheck %s --check-prefix=OVERRIDE
// RUN: compress-opt %s --compress-sparsify=min-sparsity=0.9 -o /dev/null 2>&1 | FileCheck %s --check-prefix=HIGH
// RUN: not compress-opt %s --compress-sparsify=min-sparsity=-2 -o /dev/null 2>&1 | FileCheck %s --check-prefix=BAD
// Weights: seeded uniform ±[0.5, 1.5] with the stated number of zeros.

// CHECK: layer 'fc1' sparsity=0.75: nnz 20 of 80 (cost model: break-even 0.71: FC batch 1: measured 0.71 (FC 1x4096 -> 1024))
// CHECK: skipped layer 'fc1_low': sparsity 0.65 below the cost model's break-even 0.71: FC batch 1: measured 0.71 (FC 1x4096 -> 1024) (min-sparsity overrides)
// CHECK: layer 'fc4' sparsity=0.55: nnz 36 of 80 (cost model: break-even 0.50: FC batch 4: sparse faster at every measured sparsity from 0.50 (FC 16x4096 -> 1024))
// CHECK: layer 'pw64' sparsity=0.85: nnz 19 of 128 (cost model: break-even 0.80: 1x1 conv, F = 64 >= 64: measured 0.8 (576x14x14 -> 96))
// CHECK: skipped layer 'pw8': sparsity 0.97 below the cost model's break-even 1.00: 1x1 conv, F = 8 < 64: never (measured on 88x3x96 -> 16)
// CHECK: skipped layer 'c7': sparsity 0.81 below the cost model's break-even 0.84: conv, OW = 7 <= 8: measured 0.84 (512x7x7)
// CHECK: layer 'c7b' sparsity=0.89: nnz 4 of 36 (cost model: break-even 0.84: conv, OW = 7 <= 8: measured 0.84 (512x7x7))
// CHECK: layer 'c16' sparsity=0.75: nnz 9 of 36 (cost model: break-even 0.70: conv, OW = 16 in 9..32: measured 0.70 (256x14x14, 128x28x28))
// CHECK: skipped layer 'c40': sparsity 0.72 below the cost model's break-even 0.75: conv, OW = 40 > 32: measured 0.75 (64x56x56)
// CHECK: skipped layer 'dw': sparsity 0.94 below the cost model's break-even 1.00: depthwise/grouped conv: no measured break-even, kept dense

// OPS-LABEL: func.func @fc1(
// OPS: compress.sparse_matmul
// OPS-LABEL: func.func @fc1_low(
// OPS: tosa.matmul
// OPS-LABEL: func.func @fc4(
// OPS: compress.sparse_matmul
// OPS-LABEL: func.func @pw64(
// OPS: compress.sparse_conv2d
// OPS-LABEL: func.func @pw8(
// OPS: tosa.conv2d
// OPS-LABEL: func.func @c7(
// OPS: tosa.conv2d
// OPS-LABEL: func.func @c7b(
// OPS: compress.sparse_conv2d
// OPS-LABEL: func.func @c16(
// OPS: compress.sparse_conv2d
// OPS-LABEL: func.func @c40(
// OPS: tosa.conv2d
// OPS-LABEL: func.func @dw(
// OPS: tosa.depthwise_conv2d

// OVERRIDE-NOT: skipped
// OVERRIDE-NOT: cost model
// OVERRIDE: layer 'fc1_low' sparsity=0.65: nnz 28 of 80, weight bytes
// OVERRIDE: layer 'pw8' sparsity=0.97: nnz 1 of 32, weight bytes
// OVERRIDE: layer 'c40' sparsity=0.72: nnz 10 of 36, weight bytes
// OVERRIDE: layer 'dw' sparsity=0.94: nnz 2 of 36, weight bytes
// HIGH: skipped layer 'fc1': sparsity 0.75 below min-sparsity 0.90
// HIGH: skipped layer 'fc4': sparsity 0.55 below min-sparsity 0.90
// HIGH: layer 'pw8' sparsity=0.97: nnz 1 of 32, weight bytes
// HIGH: skipped layer 'c7b': sparsity 0.89 below min-sparsity 0.90
// BAD: error: compress-sparsify: min-sparsity must be in [0, 1] (or -1: the per-layer cost model), got -2.000000e+00

// FC batch 1, 60 of 80 zeros (0.75 >= 0.71): sparse.
func.func @fc1(%x: tensor<1x1x20xf32>) -> tensor<1x1x4xf32> {
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %w = "tosa.const"() {values = dense<[[[0.0, 1.31, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0], [0.55, -1.5, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0], [1.18, 0.0, 0.0, -1.4], [-1.37, 0.52, 0.0, -0.5], [1.0, 0.0, 0.0, 0.0], [1.31, 0.0, 0.0, -1.2], [0.0, 0.0, 0.74, 0.0], [0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.59, 0.0], [0.87, 1.45, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0], [0.0, 0.0, -0.89, 0.0], [0.0, 1.21, 0.0, 0.0], [-1.49, -1.22, 0.0, 0.65]]]> : tensor<1x20x4xf32>} : () -> tensor<1x20x4xf32>
  %y = tosa.matmul %x, %w, %zp, %zp : (tensor<1x1x20xf32>, tensor<1x20x4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x4xf32> loc("fc1")
  return %y : tensor<1x1x4xf32>
}

// FC batch 1, 0.65 < 0.71: dense.
func.func @fc1_low(%x: tensor<1x1x20xf32>) -> tensor<1x1x4xf32> {
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %w = "tosa.const"() {values = dense<[[[0.0, 0.0, 0.0, -1.19], [0.0, 0.0, 0.0, -1.18], [-1.0, 0.0, 0.0, 0.0], [0.99, 1.42, 0.0, 0.0], [0.0, 0.69, -0.82, 0.0], [0.0, 0.0, 0.0, 0.0], [0.56, 0.71, 0.0, 0.0], [1.48, 0.0, 0.0, 0.0], [0.0, 0.6, 0.0, 0.0], [-1.28, -0.82, 0.0, 1.01], [0.0, 0.0, -1.32, 0.0], [0.0, 0.0, 0.0, 0.0], [0.92, 0.0, 0.0, 0.0], [0.0, 0.0, 0.56, 0.0], [0.0, 0.53, 0.66, -1.42], [0.0, -0.87, 0.0, 0.0], [0.91, 0.0, -0.52, -0.57], [1.43, 0.0, 0.0, -0.98], [0.75, 0.0, 0.0, 0.0], [0.0, 0.0, -0.9, 0.0]]]> : tensor<1x20x4xf32>} : () -> tensor<1x20x4xf32>
  %y = tosa.matmul %x, %w, %zp, %zp : (tensor<1x1x20xf32>, tensor<1x20x4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x4xf32> loc("fc1_low")
  return %y : tensor<1x1x4xf32>
}

// FC batch 4, 0.55 >= 0.5: sparse.
func.func @fc4(%x: tensor<1x4x20xf32>) -> tensor<1x4x4xf32> {
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %w = "tosa.const"() {values = dense<[[[0.0, 0.0, 0.71, 0.0], [-0.8, 0.0, 0.0, 0.0], [1.06, 0.0, 0.0, -0.76], [0.0, 0.0, -1.46, -1.42], [0.94, -0.57, 0.85, 0.0], [0.88, 1.23, -1.24, 1.4], [0.97, 0.0, 0.0, 0.0], [-0.63, 0.71, -1.16, 0.0], [0.0, 0.52, -0.69, 0.0], [1.05, 0.0, 0.0, 0.0], [0.0, 0.0, -1.08, 0.0], [0.0, 0.0, 0.85, 0.0], [0.0, 0.67, -1.21, -1.32], [-0.51, 0.0, 0.59, 0.0], [0.0, 0.0, -0.72, 0.0], [-1.34, 0.0, 0.66, 0.0], [0.0, 0.0, -1.35, 0.0], [0.0, 0.0, 0.89, -0.96], [0.0, 0.0, 0.0, -0.69], [0.0, 0.0, 1.08, -1.39]]]> : tensor<1x20x4xf32>} : () -> tensor<1x20x4xf32>
  %y = tosa.matmul %x, %w, %zp, %zp : (tensor<1x4x20xf32>, tensor<1x20x4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4xf32> loc("fc4")
  return %y : tensor<1x4x4xf32>
}

// 1x1 conv, F = 64, 109 of 128 zeros (0.85 >= 0.8): sparse.
func.func @pw64(%x: tensor<1x3x3x2xf32>) -> tensor<1x3x3x64xf32> {
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %w = "tosa.const"() {values = dense<[[[[0.0, 0.0]]], [[[0.0, 0.0]]], [[[0.0, 0.0]]], [[[0.0, 0.0]]], [[[0.0, 0.0]]], [[[0.0, -0.62]]], [[[0.0, 0.0]]], [[[0.0, 0.0]]], [[[0.0, 0.0]]], [[[0.0, 0.0]]], [[[0.0, 0.0]]], [[[0.0, -0.57]]], [[[0.0, 0.0]]], [[[0.0, 0.0]]], [[[-1.4, 1.5]]], [[[0.0, 0.0]]], [[[0.0, 0.0]]], [[[1.14, 0.0]]], [[[1.33, 0.0]]], [[[0.0, 1.32]]], [[[-0.6, 0.0]]], [[[0.0, 0.53]]], [[[0.0, 0.0]]], [[[0.0, 0.0]]], [[[0.0, 0.0]]], [[[0.0, 0.0]]], [[[0.0, -1.11]]], [[[0.0, 0.0]]], [[[0.0, 0.0]]], [[[0.0, 0.0]]], [[[-1.3, 0.0]]], [[[0.0, 0.0]]], [[[0.0, 0.96]]], [[[0.0, 0.0]]], [[[0.0, 0.0]]], [[[0.0, 0.0]]], [[[0.0, 0.0]]], [[[0.54, 0.0]]], [[[0.0, 0.0]]], [[[0.0, 0.0]]], [[[0.0, 0.57]]], [[[0.84, 0.68]]], [[[0.0, 0.0]]], [[[0.0, 0.0]]], [[[0.0, -1.34]]], [[[0.0, 0.0]]], [[[0.0, 0.0]]], [[[0.65, 0.0]]], [[[0.0, 0.0]]], [[[0.0, 0.0]]], [[[0.0, 0.0]]], [[[0.0, 0.0]]], [[[0.0, 0.0]]], [[[0.0, 0.0]]], [[[0.0, 0.0]]], [[[0.0, 0.0]]], [[[-0.61, 0.0]]], [[[0.0, 0.0]]], [[[0.0, 0.0]]], [[[0.0, 0.0]]], [[[0.0, 0.0]]], [[[0.0, 0.0]]], [[[0.0, 0.0]]], [[[0.0, 0.0]]]]> : tensor<64x1x1x2xf32>} : () -> tensor<64x1x1x2xf32>
  %b = "tosa.const"() {values = dense<0.5> : tensor<64xf32>} : () -> tensor<64xf32>
  %y = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x3x3x2xf32>, tensor<64x1x1x2xf32>, tensor<64xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x3x3x64xf32> loc("pw64")
  return %y : tensor<1x3x3x64xf32>
}

// 1x1 conv, F = 8, 0.97: never sparse by default; min-sparsity=0.5 overrides.
func.func @pw8(%x: tensor<1x3x3x4xf32>) -> tensor<1x3x3x8xf32> {
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %w = "tosa.const"() {values = dense<[[[[0.0, 0.0, 0.0, 0.0]]], [[[0.0, 0.0, 0.0, 0.0]]], [[[0.0, 0.0, 0.0, 0.0]]], [[[0.0, 0.0, 0.0, 0.0]]], [[[0.0, 1.1, 0.0, 0.0]]], [[[0.0, 0.0, 0.0, 0.0]]], [[[0.0, 0.0, 0.0, 0.0]]], [[[0.0, 0.0, 0.0, 0.0]]]]> : tensor<8x1x1x4xf32>} : () -> tensor<8x1x1x4xf32>
  %b = "tosa.const"() {values = dense<0.5> : tensor<8xf32>} : () -> tensor<8xf32>
  %y = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x3x3x4xf32>, tensor<8x1x1x4xf32>, tensor<8xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x3x3x8xf32> loc("pw8")
  return %y : tensor<1x3x3x8xf32>
}

// 3x3 conv, OW = 7, 0.81 < 0.84: dense.
func.func @c7(%x: tensor<1x7x7x2xf32>) -> tensor<1x7x7x2xf32> {
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %w = "tosa.const"() {values = dense<[[[[-1.33, 0.0], [0.0, 0.0], [0.0, -1.19]], [[0.0, 0.0], [0.0, 0.0], [0.0, 0.0]], [[-1.29, 0.0], [0.0, 0.0], [0.0, 0.0]]], [[[0.0, 0.0], [0.0, 0.0], [0.0, 0.0]], [[1.41, 0.0], [-0.97, 0.0], [0.0, 0.0]], [[0.0, 0.0], [1.36, 0.77], [0.0, 0.0]]]]> : tensor<2x3x3x2xf32>} : () -> tensor<2x3x3x2xf32>
  %b = "tosa.const"() {values = dense<0.5> : tensor<2xf32>} : () -> tensor<2xf32>
  %y = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x7x7x2xf32>, tensor<2x3x3x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x7x7x2xf32> loc("c7")
  return %y : tensor<1x7x7x2xf32>
}

// 3x3 conv, OW = 7, 0.89 >= 0.84: sparse.
func.func @c7b(%x: tensor<1x7x7x2xf32>) -> tensor<1x7x7x2xf32> {
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %w = "tosa.const"() {values = dense<[[[[0.0, 0.0], [0.0, 0.0], [0.0, 0.0]], [[0.0, 0.0], [-0.94, 0.0], [0.0, 0.0]], [[0.0, 0.0], [0.0, 0.0], [0.0, 0.0]]], [[[0.0, 0.0], [0.0, 0.0], [-0.53, 0.67]], [[0.0, 0.0], [0.0, 0.0], [0.0, 0.0]], [[0.0, 0.0], [0.0, 0.0], [1.05, 0.0]]]]> : tensor<2x3x3x2xf32>} : () -> tensor<2x3x3x2xf32>
  %b = "tosa.const"() {values = dense<0.5> : tensor<2xf32>} : () -> tensor<2xf32>
  %y = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x7x7x2xf32>, tensor<2x3x3x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x7x7x2xf32> loc("c7b")
  return %y : tensor<1x7x7x2xf32>
}

// 3x3 conv, OW = 16, 0.75 >= 0.7: sparse.
func.func @c16(%x: tensor<1x16x16x2xf32>) -> tensor<1x16x16x2xf32> {
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %w = "tosa.const"() {values = dense<[[[[-1.04, -1.42], [0.0, -1.2], [0.88, -1.44]], [[0.0, 0.0], [0.0, 0.0], [0.0, 0.0]], [[0.0, 0.0], [0.77, 0.0], [0.0, 0.0]]], [[[0.0, -1.13], [0.0, 0.0], [0.64, 0.0]], [[0.0, -0.62], [0.0, 0.0], [0.0, 0.0]], [[0.0, 0.0], [0.0, 0.0], [0.0, 0.0]]]]> : tensor<2x3x3x2xf32>} : () -> tensor<2x3x3x2xf32>
  %b = "tosa.const"() {values = dense<0.5> : tensor<2xf32>} : () -> tensor<2xf32>
  %y = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x16x16x2xf32>, tensor<2x3x3x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x16x16x2xf32> loc("c16")
  return %y : tensor<1x16x16x2xf32>
}

// 3x3 conv, OW = 40, 0.72 < 0.75: dense.
func.func @c40(%x: tensor<1x40x40x2xf32>) -> tensor<1x40x40x2xf32> {
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %w = "tosa.const"() {values = dense<[[[[-0.75, 1.04], [0.0, 0.0], [0.0, -1.16]], [[-1.1, 0.0], [0.0, 0.0], [0.76, 0.93]], [[0.0, -0.89], [0.0, 0.0], [0.0, 0.0]]], [[[0.0, 0.0], [0.0, 0.0], [0.0, 0.0]], [[0.0, 0.0], [0.0, 0.82], [0.0, -0.63]], [[0.0, 0.0], [0.0, 0.0], [0.0, 0.86]]]]> : tensor<2x3x3x2xf32>} : () -> tensor<2x3x3x2xf32>
  %b = "tosa.const"() {values = dense<0.5> : tensor<2xf32>} : () -> tensor<2xf32>
  %y = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x40x40x2xf32>, tensor<2x3x3x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x40x40x2xf32> loc("c40")
  return %y : tensor<1x40x40x2xf32>
}

// depthwise 3x3, 0.94: never sparse by default.
func.func @dw(%x: tensor<1x5x5x4xf32>) -> tensor<1x5x5x4xf32> {
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %w = "tosa.const"() {values = dense<[[[[0.0], [0.0], [0.0], [-0.89]], [[0.0], [0.0], [0.0], [0.0]], [[0.0], [0.0], [0.0], [0.0]]], [[[0.0], [0.0], [0.0], [0.0]], [[0.0], [0.0], [0.0], [0.0]], [[0.0], [0.91], [0.0], [0.0]]], [[[0.0], [0.0], [0.0], [0.0]], [[0.0], [0.0], [0.0], [0.0]], [[0.0], [0.0], [0.0], [0.0]]]]> : tensor<3x3x4x1xf32>} : () -> tensor<3x3x4x1xf32>
  %b = "tosa.const"() {values = dense<0.5> : tensor<4xf32>} : () -> tensor<4xf32>
  %y = tosa.depthwise_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x5x5x4xf32>, tensor<3x3x4x1xf32>, tensor<4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x5x5x4xf32> loc("dw")
  return %y : tensor<1x5x5x4xf32>
}

