// RUN: compress-opt %s -split-input-file --compress-lowrank=rank=1 2>/dev/null | FileCheck %s
// RUN: compress-opt %s -split-input-file --compress-lowrank=rank=1 -o /dev/null 2>&1 | FileCheck %s --check-prefix=REMARK
// RUN: compress-opt %s -split-input-file --compress-lowrank=energy=0.7 -o /dev/null 2>&1 | FileCheck %s --check-prefix=E70
// RUN: compress-opt %s -split-input-file --compress-lowrank=energy=0.9 2>&1 | FileCheck %s --check-prefix=E90
// RUN: compress-opt %s -split-input-file --compress-lowrank=energy=0.95 -o /dev/null 2>&1 | FileCheck %s --check-prefix=E95
// RUN: compress-opt %s -split-input-file --compress-lowrank=rank=2 -o /dev/null 2>&1 | FileCheck %s --check-prefix=RANK2
// RUN: compress-opt %s -split-input-file --compress-lowrank="rank=1 layers=conv_b,fc" 2>&1 | grep -v "warning: compress-lowrank layers: no conv" | FileCheck %s --check-prefix=LAYERS

// Option errors: a diagnostic and a pass failure.
// RUN: not compress-opt %s --compress-lowrank -o /dev/null --mlir-print-op-on-diagnostic=false 2>&1 | FileCheck %s --check-prefix=NEITHER
// RUN: not compress-opt %s --compress-lowrank="rank=1 energy=0.5" -o /dev/null --mlir-print-op-on-diagnostic=false 2>&1 | FileCheck %s --check-prefix=BOTH
// RUN: not compress-opt %s --compress-lowrank=rank=-2 -o /dev/null --mlir-print-op-on-diagnostic=false 2>&1 | FileCheck %s --check-prefix=RANKNEG
// RUN: not compress-opt %s --compress-lowrank=energy=1.5 -o /dev/null --mlir-print-op-on-diagnostic=false 2>&1 | FileCheck %s --check-prefix=EBIG
// RUN: not compress-opt %s --compress-lowrank=energy=-0.1 -o /dev/null --mlir-print-op-on-diagnostic=false 2>&1 | FileCheck %s --check-prefix=ENEG
// NEITHER: error: compress-lowrank: give exactly one of rank=N or energy=t, got neither
// BOTH: error: compress-lowrank: give exactly one of rank=N or energy=t, got both
// RANKNEG: error: compress-lowrank: rank must be >= 1, got -2
// EBIG: error: compress-lowrank: energy must be in (0, 1], got 1.5
// ENEG: error: compress-lowrank: energy must be in (0, 1], got -0.1

// Remarks of the rank=1 run, in order (every rewrite and every skip reason).
// REMARK: remark: loc("conv_a"): lowrank: layer 'conv_a' rank=1 kept=1.0000: weight bytes 48 -> 28, MACs 768 -> 448, rel_error {{[0-9.]+}}e-08
// REMARK: remark: loc("conv_b"): lowrank: layer 'conv_b' rank=1 kept=0.7273: weight bytes 128 -> 48, MACs 1152 -> 432, rel_error 5.222330e-01
// REMARK: remark: lowrank: layer '' rank=1 kept=1.0000: weight bytes 216 -> 84, MACs 216 -> 84
// REMARK: remark: loc("fc"): lowrank: layer 'fc' rank=1 kept=1.0000: weight bytes 48 -> 28, MACs 24 -> 14
// REMARK: remark: loc("tiny"): lowrank: skipped layer 'tiny': rank 1 >= break-even F*n/(F+n) = 1*3/4 = 0.75: no saving
// REMARK: remark: lowrank: skipped layer '': weight is not a constant
// REMARK: remark: lowrank: skipped layer '': not f32 with static shapes
// REMARK: remark: lowrank: skipped layer '': zero point is not a constant 0
// REMARK: remark: lowrank: skipped layer '': bias is neither per-channel nor a constant scalar
// REMARK: remark: lowrank: skipped layer '': not f32 with static shapes
// REMARK: remark: lowrank: skipped layer '': weight is NaN or infinite
// REMARK: remark: loc("dw"): lowrank: skipped layer 'dw': depthwise convolution: each output channel sees one input channel, no shared structure to factorize
// REMARK: remark: lowrank: skipped layer '': batched matmul (batch != 1)
// REMARK: remark: lowrank: skipped layer '': weight is not a constant

// energy = 0.7 keeps σ = 4 of conv_b's spectrum (16/22 = 0.727, error √(6/22));
// 0.9 keeps 4, 2 (20/22, error √(2/22)); 0.95 needs 3 > break-even 2.67: skipped.
// E70: layer 'conv_b' rank=1 energy=0.7 kept=0.7273: weight bytes 128 -> 48, MACs 1152 -> 432, rel_error 5.222330e-01
// E90: layer 'conv_b' rank=2 energy=0.9 kept=0.9091: weight bytes 128 -> 96, MACs 1152 -> 864, rel_error 3.015113e-01
// E90-LABEL: func.func @conv_spectrum
// E90: compress.lowrank_conv2d
// E90-SAME: params = "rank=2 energy=0.9 kept=0.9091"
// E90-SAME: (tensor<2x5x6x4xf32>, tensor<2x2x1x4xf32>, tensor<4x2xf32>, tensor<4xf32>) -> tensor<2x3x6x4xf32>
// E95: remark: loc("conv_b"): lowrank: skipped layer 'conv_b': rank 3 >= break-even F*n/(F+n) = 4*8/12 = 2.67: no saving
// At rank 2 the rank-1 layers with small F·n/(F+n) stop paying.
// RANK2: skipped layer 'conv_a': rank 2 >= break-even F*n/(F+n) = 4*3/7 = 1.71: no saving
// RANK2: layer 'conv_b' rank=2 kept=0.9091
// RANK2: layer '' rank=2 kept=1.0000: weight bytes 216 -> 168
// RANK2: skipped layer 'fc': rank 2 >= break-even F*n/(F+n) = 3*4/7 = 1.71: no saving
// Only the named layers are looked at (no remark for the others).
// LAYERS-NOT: conv_a
// LAYERS: layer 'conv_b' rank=1
// LAYERS-NOT: layer ''
// LAYERS: layer 'fc' rank=1
// LAYERS-NOT: remark
// LAYERS-LABEL: func.func @conv_rank1
// LAYERS: tosa.conv2d
// LAYERS-LABEL: func.func @conv_spectrum
// LAYERS: compress.lowrank_conv2d
// LAYERS-LABEL: func.func @conv_scalar_bias
// LAYERS: tosa.conv2d

// W = a·bᵀ, a = (1, 2, 0, -1), b = (1, 2, 2): σ = 3·√6, √σ = 2.7108; V = a/√6·√σ,
// U = b/3·√σ (up to a common sign), exact.
// CHECK-LABEL: func.func @conv_rank1
// CHECK-DAG: %[[B:.*]] = "tosa.const"() <{values = dense<[1.000000e-01, 2.000000e-01, 3.000000e-01, 4.000000e-01]>
// CHECK-DAG: %[[U:.*]] = arith.constant dense<{{\[}}[{{\[}}[{{-?}}9.036020e-01, {{-?}}1.80720401, {{-?}}1.80720401]]]]> : tensor<1x1x1x3xf32>
// CHECK-DAG: %[[V:.*]] = arith.constant dense<{{\[}}[{{-?}}1.10668194], [{{-?}}2.21336389], [{{.*}}], [{{-?}}1.10668194]]> : tensor<4x1xf32>
// CHECK: compress.lowrank_conv2d %arg0, %[[U]], %[[V]], %[[B]] {compress.layer = #compress.layer<name = "conv_a", method = "lowrank", params = "rank=1 kept=1.0000", weight_bytes_before = 48, weight_bytes_after = 28, macs_before = 768, macs_after = 448, rel_error = {{.*}} : f64, weight_norm = {{[^>]*}}>, dilations = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x8x8x3xf32>, tensor<1x1x1x3xf32>, tensor<4x1xf32>, tensor<4xf32>) -> tensor<1x8x8x4xf32>
// CHECK-NOT: tosa.conv2d
func.func @conv_rank1(%x: tensor<1x8x8x3xf32>) -> tensor<1x8x8x4xf32> {
  %w = "tosa.const"() <{values = dense<[[[[1.0, 2.0, 2.0]]], [[[2.0, 4.0, 4.0]]], [[[0.0, 0.0, 0.0]]], [[[-1.0, -2.0, -2.0]]]]> : tensor<4x1x1x3xf32>}> : () -> tensor<4x1x1x3xf32>
  %b = "tosa.const"() <{values = dense<[0.1, 0.2, 0.3, 0.4]> : tensor<4xf32>}> : () -> tensor<4xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %y = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x8x8x3xf32>, tensor<4x1x1x3xf32>, tensor<4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x8x8x4xf32> loc("conv_a")
  return %y : tensor<1x8x8x4xf32>
}

// -----

// The geometry is carried over; rank 1 keeps the largest σ (4, at row 0, tap 0,
// channel 0): u = v = ±2.
// CHECK-LABEL: func.func @conv_spectrum
// CHECK: compress.lowrank_conv2d %arg0, %{{.*}}, %{{.*}}, %arg1
// CHECK-SAME: rel_error = 0.52223296786709{{[0-9]*}} : f64
// CHECK-SAME: dilations = array<i64: 2, 1>, pad = array<i64: 2, 0, 0, 0>, strides = array<i64: 2, 1>
// CHECK-SAME: (tensor<2x5x6x4xf32>, tensor<1x2x1x4xf32>, tensor<4x1xf32>, tensor<4xf32>) -> tensor<2x3x6x4xf32>
// σ = 4, 2, 1, 1 (σ² 16, 4, 1, 1 of 22); F = 4, n = 2·1·4 = 8, break-even 32/12 = 2.67.
func.func @conv_spectrum(%x: tensor<2x5x6x4xf32>, %b: tensor<4xf32>) -> tensor<2x3x6x4xf32> {
  %w = "tosa.const"() <{values = dense<[[[[4.0, 0.0, 0.0, 0.0]], [[0.0, 0.0, 0.0, 0.0]]], [[[0.0, 2.0, 0.0, 0.0]], [[0.0, 0.0, 0.0, 0.0]]], [[[0.0, 0.0, 1.0, 0.0]], [[0.0, 0.0, 0.0, 0.0]]], [[[0.0, 0.0, 0.0, 0.0]], [[0.0, 0.0, 0.0, -1.0]]]]> : tensor<4x2x1x4xf32>}> : () -> tensor<4x2x1x4xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %y = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, pad = array<i64: 2, 0, 0, 0>, stride = array<i64: 2, 1>, dilation = array<i64: 2, 1>} : (tensor<2x5x6x4xf32>, tensor<4x2x1x4xf32>, tensor<4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<2x3x6x4xf32> loc("conv_b")
  return %y : tensor<2x3x6x4xf32>
}

// -----

// CHECK-LABEL: func.func @conv_scalar_bias
// CHECK: %[[B:.*]] = arith.constant dense<2.500000e-01> : tensor<3xf32>
// CHECK: compress.lowrank_conv2d %arg0, %{{.*}}, %{{.*}}, %[[B]]
// CHECK-SAME: (tensor<1x4x4x2xf32>, tensor<1x3x3x2xf32>, tensor<3x1xf32>, tensor<3xf32>)
// A one-element constant bias is splatted to F.
func.func @conv_scalar_bias(%x: tensor<1x4x4x2xf32>) -> tensor<1x2x2x3xf32> {
  %w = "tosa.const"() <{values = dense<1.0> : tensor<3x3x3x2xf32>}> : () -> tensor<3x3x3x2xf32>
  %b = "tosa.const"() <{values = dense<0.25> : tensor<1xf32>}> : () -> tensor<1xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %y = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<3x3x3x2xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x3xf32>
  return %y : tensor<1x2x2x3xf32>
}

// -----

// CHECK-LABEL: func.func @matmul
// CHECK-DAG: %[[U:.*]] = arith.constant dense<{{\[}}[{{-?}}1.000000e+00, {{.*}}, {{-?}}1.000000e+00, {{-?}}2.000000e+00]]> : tensor<1x4xf32>
// CHECK-DAG: %[[V:.*]] = arith.constant dense<{{\[}}[{{-?}}1.000000e+00], [{{-?}}2.000000e+00], [{{-?}}1.000000e+00]]> : tensor<3x1xf32>
// CHECK-DAG: %[[Z:.*]] = arith.constant dense<0.000000e+00> : tensor<3xf32>
// CHECK: %[[A:.*]] = tensor.collapse_shape %arg0 {{\[}}[0, 1], [2]] : tensor<1x2x4xf32> into tensor<2x4xf32>
// CHECK: %[[Y:.*]] = compress.lowrank_matmul %[[A]], %[[U]], %[[V]], %[[Z]] {compress.layer = #compress.layer<name = "fc", method = "lowrank", params = "rank=1 kept=1.0000"
// CHECK-SAME: weight_bytes_before = 48, weight_bytes_after = 28, macs_before = 24, macs_after = 14, rel_error = {{[^,]*}}, weight_norm = {{[^>]*}}>} : (tensor<2x4xf32>, tensor<1x4xf32>, tensor<3x1xf32>, tensor<3xf32>) -> tensor<2x3xf32>
// CHECK: tensor.expand_shape %[[Y]] {{\[}}[0, 1], [2]] output_shape [1, 2, 3] : tensor<2x3xf32> into tensor<1x2x3xf32>
// W = Bᵀ [3, 4] = (1, 2)ᵀ-ish rank 1: rows (1, 0, -1, 2), (2, 0, -2, 4), (-1, 0, 1, -2).
func.func @matmul(%a: tensor<1x2x4xf32>) -> tensor<1x2x3xf32> {
  %w = "tosa.const"() <{values = dense<[[[1.0, 2.0, -1.0], [0.0, 0.0, 0.0], [-1.0, -2.0, 1.0], [2.0, 4.0, -2.0]]]> : tensor<1x4x3xf32>}> : () -> tensor<1x4x3xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %y = tosa.matmul %a, %w, %zp, %zp : (tensor<1x2x4xf32>, tensor<1x4x3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x3xf32> loc("fc")
  return %y : tensor<1x2x3xf32>
}

// -----

// CHECK-LABEL: func.func @skip_no_saving
// CHECK: tosa.conv2d
// CHECK-NOT: compress.
// Skips: no saving at rank 1 (F = 1: break-even 1·n/(1+n) < 1).
func.func @skip_no_saving(%x: tensor<1x4x4x3xf32>, %b: tensor<1xf32>) -> tensor<1x4x4x1xf32> {
  %w = "tosa.const"() <{values = dense<[[[[1.0, 2.0, 3.0]]]]> : tensor<1x1x1x3xf32>}> : () -> tensor<1x1x1x3xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %y = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x4x4x3xf32>, tensor<1x1x1x3xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x1xf32> loc("tiny")
  return %y : tensor<1x4x4x1xf32>
}

// -----

// CHECK-LABEL: func.func @skip_weight_not_constant
// CHECK: tosa.conv2d
// CHECK-NOT: compress.
func.func @skip_weight_not_constant(%x: tensor<1x4x4x3xf32>, %w: tensor<8x1x1x3xf32>, %b: tensor<8xf32>) -> tensor<1x4x4x8xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %y = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x4x4x3xf32>, tensor<8x1x1x3xf32>, tensor<8xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x8xf32>
  return %y : tensor<1x4x4x8xf32>
}

// -----

// CHECK-LABEL: func.func @skip_f16
// CHECK: tosa.conv2d
// CHECK-NOT: compress.
func.func @skip_f16(%x: tensor<1x4x4x3xf16>) -> tensor<1x4x4x8xf16> {
  %w = "tosa.const"() <{values = dense<1.0> : tensor<8x1x1x3xf16>}> : () -> tensor<8x1x1x3xf16>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<8xf16>}> : () -> tensor<8xf16>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf16>}> : () -> tensor<1xf16>
  %y = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f16, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x4x4x3xf16>, tensor<8x1x1x3xf16>, tensor<8xf16>, tensor<1xf16>, tensor<1xf16>) -> tensor<1x4x4x8xf16>
  return %y : tensor<1x4x4x8xf16>
}

// -----

// CHECK-LABEL: func.func @skip_zero_point
// CHECK: tosa.conv2d
// CHECK-NOT: compress.
func.func @skip_zero_point(%x: tensor<1x4x4x3xf32>, %zp: tensor<1xf32>) -> tensor<1x4x4x8xf32> {
  %w = "tosa.const"() <{values = dense<1.0> : tensor<8x1x1x3xf32>}> : () -> tensor<8x1x1x3xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<8xf32>}> : () -> tensor<8xf32>
  %y = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x4x4x3xf32>, tensor<8x1x1x3xf32>, tensor<8xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x8xf32>
  return %y : tensor<1x4x4x8xf32>
}

// -----

// CHECK-LABEL: func.func @skip_bias
// CHECK: tosa.conv2d
// CHECK-NOT: compress.
func.func @skip_bias(%x: tensor<1x4x4x3xf32>, %b: tensor<1xf32>) -> tensor<1x4x4x8xf32> {
  %w = "tosa.const"() <{values = dense<1.0> : tensor<8x1x1x3xf32>}> : () -> tensor<8x1x1x3xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %y = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x4x4x3xf32>, tensor<8x1x1x3xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x8xf32>
  return %y : tensor<1x4x4x8xf32>
}

// -----

// CHECK-LABEL: func.func @skip_dynamic
// CHECK: tosa.conv2d
// CHECK-NOT: compress.
func.func @skip_dynamic(%x: tensor<?x4x4x3xf32>) -> tensor<?x4x4x8xf32> {
  %w = "tosa.const"() <{values = dense<1.0> : tensor<8x1x1x3xf32>}> : () -> tensor<8x1x1x3xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<8xf32>}> : () -> tensor<8xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %y = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<?x4x4x3xf32>, tensor<8x1x1x3xf32>, tensor<8xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<?x4x4x8xf32>
  return %y : tensor<?x4x4x8xf32>
}

// -----

// CHECK-LABEL: func.func @skip_nan
// CHECK: tosa.conv2d
// CHECK-NOT: compress.
func.func @skip_nan(%x: tensor<1x4x4x3xf32>) -> tensor<1x4x4x8xf32> {
  %w = "tosa.const"() <{values = dense<0x7FC00000> : tensor<8x1x1x3xf32>}> : () -> tensor<8x1x1x3xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<8xf32>}> : () -> tensor<8xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %y = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x4x4x3xf32>, tensor<8x1x1x3xf32>, tensor<8xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x8xf32>
  return %y : tensor<1x4x4x8xf32>
}

// -----

// CHECK-LABEL: func.func @skip_depthwise
// CHECK: tosa.depthwise_conv2d
// CHECK-NOT: compress.
func.func @skip_depthwise(%x: tensor<1x4x4x3xf32>) -> tensor<1x2x2x3xf32> {
  %w = "tosa.const"() <{values = dense<1.0> : tensor<3x3x3x1xf32>}> : () -> tensor<3x3x3x1xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<3xf32>}> : () -> tensor<3xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %y = tosa.depthwise_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x4x4x3xf32>, tensor<3x3x3x1xf32>, tensor<3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x3xf32> loc("dw")
  return %y : tensor<1x2x2x3xf32>
}

// -----

// CHECK-LABEL: func.func @skip_batched_matmul
// CHECK: tosa.matmul
// CHECK-NOT: compress.
func.func @skip_batched_matmul(%a: tensor<2x2x4xf32>) -> tensor<2x2x3xf32> {
  %w = "tosa.const"() <{values = dense<1.0> : tensor<2x4x3xf32>}> : () -> tensor<2x4x3xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %y = tosa.matmul %a, %w, %zp, %zp : (tensor<2x2x4xf32>, tensor<2x4x3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<2x2x3xf32>
  return %y : tensor<2x2x3xf32>
}

// -----

// CHECK-LABEL: func.func @skip_matmul_not_constant
// CHECK: tosa.matmul
// CHECK-NOT: compress.
func.func @skip_matmul_not_constant(%a: tensor<1x2x4xf32>, %w: tensor<1x4x3xf32>) -> tensor<1x2x3xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %y = tosa.matmul %a, %w, %zp, %zp : (tensor<1x2x4xf32>, tensor<1x4x3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x3xf32>
  return %y : tensor<1x2x3xf32>
}
