// RUN: compress-opt %s -split-input-file --compress-sparsify=min-sparsity=0.5 -verify-diagnostics | FileCheck %s
// By default each layer's break-even comes from the cost model (SparseCostModel.h;
// more cases in sparsify-cost-model.mlir): 1x1 convs with F < 64 and depthwise convs
// never, a 3x3 conv with OW <= 8 from 0.84, an FC with M > 1 from 0.5.
// RUN: compress-opt %s -split-input-file --compress-sparsify -o /dev/null 2>&1 | FileCheck %s --check-prefix=DEFAULT
// DEFAULT: skipped layer 'conv_a': sparsity 0.50 below the cost model's break-even 1.00: 1x1 conv, F = 2 < 64: never (measured on 88x3x96 -> 16) (min-sparsity overrides)
// DEFAULT: skipped layer 'conv_b': sparsity 0.65 below the cost model's break-even 0.84: conv, OW = 3 <= 8: measured 0.84 (512x7x7)
// DEFAULT: skipped layer '': sparsity 0.75 below the cost model's break-even 1.00: depthwise/grouped conv: no measured break-even, kept dense
// DEFAULT: sparsify: layer 'fc' sparsity=0.83: nnz 1 of 6 (cost model: break-even 0.50: FC batch 5: sparse faster at every measured sparsity from 0.50 (FC 16x4096 -> 1024)), weight bytes 24 -> 20
// RUN: compress-opt %s -split-input-file --compress-sparsify=min-sparsity=0.9 2>/dev/null | FileCheck %s --check-prefix=HIGH
// RUN: compress-opt %s -split-input-file --compress-sparsify="min-sparsity=0 layers=fc,conv_b" 2>/dev/null | FileCheck %s --check-prefix=LAYERS
// RUN: compress-opt %s -split-input-file --compress-sparsify="min-sparsity=0 layers=fc,conv_b" -o /dev/null 2>&1 | FileCheck %s --check-prefix=LREMARK
// The CSR arrays agree with the decompress oracle: the dense weight comes back.
// RUN: compress-opt %s -split-input-file --compress-sparsify=min-sparsity=0.5 --compress-decompress --canonicalize 2>/dev/null | FileCheck %s --check-prefix=ROUNDTRIP

// Option errors: a diagnostic and a pass failure.
// RUN: not compress-opt %s --compress-sparsify=min-sparsity=1.5 -o /dev/null --mlir-print-op-on-diagnostic=false 2>&1 | FileCheck %s --check-prefix=MINHI
// RUN: not compress-opt %s --compress-sparsify=min-sparsity=-0.1 -o /dev/null --mlir-print-op-on-diagnostic=false 2>&1 | FileCheck %s --check-prefix=MINLO
// MINHI: error: compress-sparsify: min-sparsity must be in [0, 1] (or -1: the per-layer cost model), got 1.500000e+00
// MINLO: error: compress-sparsify: min-sparsity must be in [0, 1] (or -1: the per-layer cost model), got -1.000000e-01

// 2 output channels x 3 columns, 3 zeros of 6: sparsity 0.50 (= min-sparsity: kept). Row 0 = (0, 2, 0),
// row 1 = (0, -1, 3) -> values [2, -1, 3], columns [1, 1, 2], offsets [0, 1, 3].
// MACs: 6 weights x 12 output pixels = 72 dense, 3 x 12 = 36 sparse.
// Bytes: 24 f32 -> 3·4 + 3·4 + 3·4 = 36: the CSR of a tiny layer is bigger.
// CHECK-LABEL: func.func @conv
// CHECK-DAG: %[[V:.*]] = arith.constant dense<[2.000000e+00, -1.000000e+00, 3.000000e+00]> : tensor<3xf32>
// CHECK-DAG: %[[C:.*]] = arith.constant dense<[1, 1, 2]> : tensor<3xi32>
// CHECK-DAG: %[[R:.*]] = arith.constant dense<[0, 1, 3]> : tensor<3xi32>
// CHECK-DAG: %[[B:.*]] = "tosa.const"() <{values = dense<[1.000000e-01, 2.000000e-01]>
// CHECK: compress.sparse_conv2d %arg0, %[[V]], %[[C]], %[[R]], %[[B]]
// CHECK-SAME: compress.layer = #compress.layer<name = "conv_a", method = "sparse", params = "sparsity=0.50", weight_bytes_before = 24, weight_bytes_after = 36, macs_before = 72, macs_after = 36, rel_error = 0.000000e+00 : f64, weight_norm = {{[^>]*}}>
// CHECK-SAME: dilations = array<i64: 1, 2>, groups = 1 : i64, kernel_size = array<i64: 1, 1>, pad = array<i64: 0, 1, 0, 0>, strides = array<i64: 2, 1>
// CHECK-SAME: (tensor<1x4x4x3xf32>, tensor<3xf32>, tensor<3xi32>, tensor<3xi32>, tensor<2xf32>) -> tensor<1x3x4x2xf32>
// CHECK-NOT: tosa.conv2d
// HIGH-LABEL: func.func @conv
// HIGH: tosa.conv2d
// LAYERS-LABEL: func.func @conv
// LAYERS: tosa.conv2d
// ROUNDTRIP-LABEL: func.func @conv
// ROUNDTRIP: dense<{{\[}}[{{\[}}[0.000000e+00, 2.000000e+00, 0.000000e+00]]], {{\[}}[{{\[}}0.000000e+00, -1.000000e+00, 3.000000e+00]]]]> : tensor<2x1x1x3xf32>
// ROUNDTRIP: tosa.conv2d
func.func @conv(%x: tensor<1x4x4x3xf32>) -> tensor<1x3x4x2xf32> {
  %w = "tosa.const"() {values = dense<[[[[0.0, 2.0, 0.0]]], [[[0.0, -1.0, 3.0]]]]> : tensor<2x1x1x3xf32>} : () -> tensor<2x1x1x3xf32>
  %b = "tosa.const"() {values = dense<[0.1, 0.2]> : tensor<2xf32>} : () -> tensor<2xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  // expected-remark@unknown {{sparsify: layer 'conv_a' sparsity=0.50: nnz 3 of 6, weight bytes 24 -> 36, MACs 72 -> 36, rel_error 0.000000e+00}}
  %y = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, pad = array<i64: 0, 1, 0, 0>, stride = array<i64: 2, 1>, dilation = array<i64: 1, 2>} : (tensor<1x4x4x3xf32>, tensor<2x1x1x3xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x3x4x2xf32> loc("conv_a")
  return %y : tensor<1x3x4x2xf32>
}

// -----

// 3x3 taps of 2 channels, 3 output channels: row 0 empty (100 %), row 1 full (0 %),
// row 2 one weight at tap (2, 1) channel 1 = column (2·3 + 1)·2 + 1 = 15.
// 19 nonzeros of 54: sparsity 0.65. A one-element bias is splatted.
// CHECK-LABEL: func.func @conv_empty_rows
// CHECK-DAG: %[[R:.*]] = arith.constant dense<[0, 0, 18, 19]> : tensor<4xi32>
// CHECK-DAG: %[[B:.*]] = arith.constant dense<2.500000e-01> : tensor<3xf32>
// CHECK: compress.sparse_conv2d %arg0, %{{.*}}, %{{.*}}, %[[R]], %[[B]]
// CHECK-SAME: compress.layer = #compress.layer<name = "conv_b", method = "sparse", params = "sparsity=0.65", weight_bytes_before = 216, weight_bytes_after = 168, macs_before = 486, macs_after = 171, rel_error = 0.000000e+00 : f64
// CHECK-SAME: kernel_size = array<i64: 3, 3>
// CHECK-SAME: (tensor<1x5x5x2xf32>, tensor<19xf32>, tensor<19xi32>, tensor<4xi32>, tensor<3xf32>) -> tensor<1x3x3x3xf32>
// LAYERS-LABEL: func.func @conv_empty_rows
// LAYERS: compress.sparse_conv2d
// LREMARK: sparsify: layer 'conv_b' sparsity=0.65: nnz 19 of 54
// ROUNDTRIP-LABEL: func.func @conv_empty_rows
// ROUNDTRIP: tosa.conv2d
func.func @conv_empty_rows(%x: tensor<1x5x5x2xf32>) -> tensor<1x3x3x3xf32> {
  %w = "tosa.const"() {values = dense<[
    [[[0.0, 0.0], [0.0, 0.0], [0.0, 0.0]], [[0.0, 0.0], [0.0, 0.0], [0.0, 0.0]], [[0.0, 0.0], [0.0, 0.0], [0.0, 0.0]]],
    [[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], [[7.0, 8.0], [9.0, 1.0], [2.0, 3.0]], [[4.0, 5.0], [6.0, 7.0], [8.0, 9.0]]],
    [[[0.0, 0.0], [0.0, 0.0], [0.0, 0.0]], [[0.0, 0.0], [0.0, 0.0], [0.0, 0.0]], [[0.0, 0.0], [0.0, -4.5], [0.0, 0.0]]]]> : tensor<3x3x3x2xf32>} : () -> tensor<3x3x3x2xf32>
  %b = "tosa.const"() {values = dense<0.25> : tensor<1xf32>} : () -> tensor<1xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  // expected-remark@unknown {{sparsify: layer 'conv_b' sparsity=0.65: nnz 19 of 54, weight bytes 216 -> 168, MACs 486 -> 171, rel_error 0.000000e+00}}
  %y = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x5x5x2xf32>, tensor<3x3x3x2xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x3x3x3xf32> loc("conv_b")
  return %y : tensor<1x3x3x3xf32>
}

// -----

// Depthwise [kh=1, kw=2, C=2, M=2] -> OHWI [4, 1, 2, 1], groups = 2: output channel
// c·M + m holds taps (w[0,0,c,m], w[0,1,c,m]).
//   w[0,0] = [[0, 1], [0, 0]], w[0,1] = [[2, 0], [0, 0]]
//   channel 0 (c0 m0): (0, 2); channel 1 (c0 m1): (1, 0); channels 2, 3 empty.
// CHECK-LABEL: func.func @depthwise
// CHECK-DAG: %[[V:.*]] = arith.constant dense<[2.000000e+00, 1.000000e+00]> : tensor<2xf32>
// CHECK-DAG: %[[C:.*]] = arith.constant dense<[1, 0]> : tensor<2xi32>
// CHECK-DAG: %[[R:.*]] = arith.constant dense<[0, 1, 2, 2, 2]> : tensor<5xi32>
// CHECK: compress.sparse_conv2d %arg0, %[[V]], %[[C]], %[[R]], %arg1
// CHECK-SAME: method = "sparse", params = "sparsity=0.75", {{.*}}macs_before = 48, macs_after = 12,
// CHECK-SAME: groups = 2 : i64, kernel_size = array<i64: 1, 2>
// CHECK-NOT: tosa.depthwise_conv2d
// ROUNDTRIP-LABEL: func.func @depthwise
// ROUNDTRIP: tosa.depthwise_conv2d
func.func @depthwise(%x: tensor<1x3x3x2xf32>, %b: tensor<4xf32>) -> tensor<1x3x2x4xf32> {
  %w = "tosa.const"() {values = dense<[[[[0.0, 1.0], [0.0, 0.0]], [[2.0, 0.0], [0.0, 0.0]]]]> : tensor<1x2x2x2xf32>} : () -> tensor<1x2x2x2xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  // expected-remark@+1 {{sparsify: layer '' sparsity=0.75: nnz 2 of 8}}
  %y = tosa.depthwise_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x3x3x2xf32>, tensor<1x2x2x2xf32>, tensor<4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x3x2x4xf32>
  return %y : tensor<1x3x2x4xf32>
}

// -----

// Matmul B [1, K=3, N=2] = [[0, 0], [5, 0], [0, 0]] -> W = Bᵀ = [[0, 5, 0], [0, 0, 0]]:
// one nonzero, row 1 empty; zero bias; [1, 5, 3] collapsed to [5, 3].
// CHECK-LABEL: func.func @matmul
// CHECK-DAG: %[[V:.*]] = arith.constant dense<5.000000e+00> : tensor<1xf32>
// CHECK-DAG: %[[C:.*]] = arith.constant dense<1> : tensor<1xi32>
// CHECK-DAG: %[[R:.*]] = arith.constant dense<[0, 1, 1]> : tensor<3xi32>
// CHECK-DAG: %[[Z:.*]] = arith.constant dense<0.000000e+00> : tensor<2xf32>
// CHECK: %[[A:.*]] = tensor.collapse_shape %arg0 {{\[}}[0, 1], [2]] : tensor<1x5x3xf32> into tensor<5x3xf32>
// CHECK: %[[Y:.*]] = compress.sparse_matmul %[[A]], %[[V]], %[[C]], %[[R]], %[[Z]] {compress.layer = #compress.layer<name = "fc", method = "sparse", params = "sparsity=0.83", weight_bytes_before = 24, weight_bytes_after = 20, macs_before = 30, macs_after = 5, rel_error = 0.000000e+00 : f64, weight_norm = {{[^>]*}}>}
// CHECK: tensor.expand_shape %[[Y]] {{\[}}[0, 1], [2]] output_shape [1, 5, 2] : tensor<5x2xf32> into tensor<1x5x2xf32>
// LAYERS-LABEL: func.func @matmul
// LAYERS: compress.sparse_matmul
// LREMARK: sparsify: layer 'fc' sparsity=0.83
// ROUNDTRIP-LABEL: func.func @matmul
// ROUNDTRIP: tosa.matmul
func.func @matmul(%a: tensor<1x5x3xf32>) -> tensor<1x5x2xf32> {
  %w = "tosa.const"() {values = dense<[[[0.0, 0.0], [5.0, 0.0], [0.0, 0.0]]]> : tensor<1x3x2xf32>} : () -> tensor<1x3x2xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  // expected-remark@unknown {{sparsify: layer 'fc' sparsity=0.83: nnz 1 of 6, weight bytes 24 -> 20, MACs 30 -> 5, rel_error 0.000000e+00}}
  %y = tosa.matmul %a, %w, %zp, %zp : (tensor<1x5x3xf32>, tensor<1x3x2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x5x2xf32> loc("fc")
  return %y : tensor<1x5x2xf32>
}

// -----

// Below the break-even: a remark with the sparsity, the layer stays dense. At
// min-sparsity=0 it is rewritten (all 6 weights are nonzero: sparsity 0.00).
// CHECK-LABEL: func.func @dense_layer
// CHECK: tosa.conv2d
// CHECK-NOT: compress.sparse_conv2d
// LAYERS-LABEL: func.func @dense_layer
// LAYERS: tosa.conv2d
func.func @dense_layer(%x: tensor<1x4x4x3xf32>, %b: tensor<2xf32>) -> tensor<1x4x4x2xf32> {
  %w = "tosa.const"() {values = dense<[[[[1.0, 2.0, 3.0]]], [[[0.0, -1.0, 3.0]]]]> : tensor<2x1x1x3xf32>} : () -> tensor<2x1x1x3xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  // expected-remark@unknown {{sparsify: skipped layer 'conv_c': sparsity 0.17 below min-sparsity 0.50}}
  %y = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x4x4x3xf32>, tensor<2x1x1x3xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32> loc("conv_c")
  return %y : tensor<1x4x4x2xf32>
}

// -----

// Layers that cannot be rewritten stay dense, with a remark.
// CHECK-LABEL: func.func @skips
// CHECK-COUNT-2: tosa.conv2d
// CHECK: tosa.matmul
// CHECK: tosa.conv2d
func.func @skips(%x: tensor<1x4x4x3xf32>, %w: tensor<2x1x1x3xf32>, %zpv: tensor<1xf32>, %a: tensor<1x5x3xf32>, %bv: tensor<1xf32>) -> (tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>, tensor<2x5x2xf32>, tensor<1x4x4x2xf32>) {
  %b = "tosa.const"() {values = dense<[0.1, 0.2]> : tensor<2xf32>} : () -> tensor<2xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  // expected-remark@+1 {{sparsify: skipped layer '': weight is not a constant}}
  %y0 = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x4x4x3xf32>, tensor<2x1x1x3xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32>
  %wc = "tosa.const"() {values = dense<0.0> : tensor<2x1x1x3xf32>} : () -> tensor<2x1x1x3xf32>
  // expected-remark@+1 {{sparsify: skipped layer '': zero point is not a constant 0}}
  %y1 = tosa.conv2d %x, %wc, %b, %zpv, %zp {acc_type = f32, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x4x4x3xf32>, tensor<2x1x1x3xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32>
  %a2 = tosa.concat %a, %a {axis = 0 : i32} : (tensor<1x5x3xf32>, tensor<1x5x3xf32>) -> tensor<2x5x3xf32>
  %bm = "tosa.const"() {values = dense<0.0> : tensor<2x3x2xf32>} : () -> tensor<2x3x2xf32>
  // expected-remark@+1 {{sparsify: skipped layer '': batched matmul (batch != 1)}}
  %y2 = tosa.matmul %a2, %bm, %zp, %zp : (tensor<2x5x3xf32>, tensor<2x3x2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<2x5x2xf32>
  // expected-remark@+1 {{sparsify: skipped layer '': bias is neither per-channel nor a constant scalar}}
  %y3 = tosa.conv2d %x, %wc, %bv, %zp, %zp {acc_type = f32, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x4x4x3xf32>, tensor<2x1x1x3xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32>
  return %y0, %y1, %y2, %y3 : tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>, tensor<2x5x2xf32>, tensor<1x4x4x2xf32>
}

// -----

// Integer layers are left alone.
func.func @int8(%x: tensor<1x4x4x3xi8>) -> tensor<1x4x4x2xi32> {
  %w = "tosa.const"() {values = dense<0> : tensor<2x1x1x3xi8>} : () -> tensor<2x1x1x3xi8>
  %b = "tosa.const"() {values = dense<0> : tensor<2xi32>} : () -> tensor<2xi32>
  %zp = "tosa.const"() {values = dense<0> : tensor<1xi8>} : () -> tensor<1xi8>
  // expected-remark@+1 {{sparsify: skipped layer '': not f32 with static shapes}}
  %y = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = i32, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x4x4x3xi8>, tensor<2x1x1x3xi8>, tensor<2xi32>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x4x4x2xi32>
  return %y : tensor<1x4x4x2xi32>
}
