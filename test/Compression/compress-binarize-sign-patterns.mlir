// The sign patterns of compress-binarize (lib/Compression/BinarizeSignPatterns.pdll):
// one function per recognized form (the layer becomes compress.binary_conv2d reading x,
// its compress.layer params name the form, the sign ops are erased) and variants that
// another exporter might produce but that are not sign(x) as the binary ops compute it,
// or not provably so (the layer stays tosa.conv2d reading the select, with a remark).
// Force mode (every layer named) absorbs exactly the recognized forms (sign= in params)
// and binarizes the select's result otherwise.
// The last functions: the form the ONNX importer gives Sign, and layout ops (transpose,
// padding by concat or tosa.pad) between a sign and the layer, kept when the padding
// value is its own sign (0 and ±1 for ONNX Sign, ±1 for ge0).
// RUN: compress-opt %s -split-input-file --compress-binarize 2>/dev/null | FileCheck %s
// RUN: compress-opt %s -split-input-file --compress-binarize -o /dev/null 2>&1 | FileCheck %s --check-prefix=REMARK
// RUN: compress-opt %s -split-input-file --compress-binarize="mode=force layers=ge0,ge0,ge0_arith,ge0_arith,ge0_minus_zero_dense,ge0_minus_zero_dense,onnx,onnx,onnx_separate_zeros,onnx_separate_zeros,ge0_swapped,ge0_swapped,ge0_threshold,ge0_threshold,ge0_nonsplat_threshold,ge0_nonsplat_threshold,ge0_nonsplat_value,ge0_nonsplat_value,gt_two_valued,gt_two_valued,ge0_operands_swapped,ge0_operands_swapped,ge0_step,ge0_step,ge0_not_constant,ge0_not_constant,onnx_inner_swapped,onnx_inner_swapped,onnx_inner_other_value,onnx_inner_other_value,onnx_inner_same_direction,onnx_inner_same_direction,onnx_inner_ge,onnx_inner_ge,onnx_outer_two,onnx_outer_two,onnx_inner_else_half,onnx_inner_else_half,onnx_outer_threshold,onnx_outer_threshold,ge_nested,ge_nested" -o /dev/null 2>&1 | FileCheck %s --check-prefix=FORCE
// The weight is a splat 1.0 [2, 3, 3, 4] (rows ±α with α = 1), so only the input decides.

// sign=ge0: select(x >= 0, +1, -1), rank-4 splat tosa.const constants.
// CHECK-LABEL: func.func @ge0(
// CHECK-SAME: %[[X:[a-z0-9]+]]: tensor<1x4x4x4xf32>
// CHECK-NOT: tosa.select
// CHECK-NOT: tosa.greater
// CHECK: compress.binary_conv2d %[[X]], {{.*}}name = "ge0", method = "binary", params = "mode=recognize sign=ge0 binary_macs=
// CHECK-NOT: tosa.conv2d
// REMARK: remark: loc("ge0"): binarize: layer 'ge0' mode=recognize sign=ge0 binary_macs=
// FORCE: remark: loc("ge0"): binarize: layer 'ge0' mode=force alpha=mean|W| sign=ge0 binary_macs=
func.func @ge0(%x: tensor<1x4x4x4xf32>) -> tensor<1x4x4x2xf32> {
  %zero = "tosa.const"() {values = dense<0.0> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %one = "tosa.const"() {values = dense<1.0> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %mone = "tosa.const"() {values = dense<-1.0> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %ge = tosa.greater_equal %x, %zero : (tensor<1x4x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x4x4x4xi1>
  %s = tosa.select %ge, %one, %mone : (tensor<1x4x4x4xi1>, tensor<1x1x1x1xf32>, tensor<1x1x1x1xf32>) -> tensor<1x4x4x4xf32>
  %w = "tosa.const"() {values = dense<1.0> : tensor<2x3x3x4xf32>} : () -> tensor<2x3x3x4xf32>
  %b = "tosa.const"() {values = dense<0.0> : tensor<2xf32>} : () -> tensor<2xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %y = tosa.conv2d %s, %w, %b, %zp, %zp {acc_type = f32, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x4x4x4xf32>, tensor<2x3x3x4xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32> loc("ge0")
  return %y : tensor<1x4x4x2xf32>
}

// -----

// sign=ge0 with arith.constant constants of other (broadcast) shapes.
// CHECK-LABEL: func.func @ge0_arith(
// CHECK-SAME: %[[X:[a-z0-9]+]]: tensor<1x4x4x4xf32>
// CHECK-NOT: tosa.select
// CHECK-NOT: tosa.greater
// CHECK: compress.binary_conv2d %[[X]], {{.*}}name = "ge0_arith", method = "binary", params = "mode=recognize sign=ge0 binary_macs=
// CHECK-NOT: tosa.conv2d
// REMARK: remark: loc("ge0_arith"): binarize: layer 'ge0_arith' mode=recognize sign=ge0 binary_macs=
// FORCE: remark: loc("ge0_arith"): binarize: layer 'ge0_arith' mode=force alpha=mean|W| sign=ge0 binary_macs=
func.func @ge0_arith(%x: tensor<1x4x4x4xf32>) -> tensor<1x4x4x2xf32> {
  %zero = arith.constant dense<0.0> : tensor<1x1x1x1xf32>
  %one = arith.constant dense<1.0> : tensor<1x1x1x4xf32>
  %mone = arith.constant dense<-1.0> : tensor<1x4x4x4xf32>
  %ge = tosa.greater_equal %x, %zero : (tensor<1x4x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x4x4x4xi1>
  %s = tosa.select %ge, %one, %mone : (tensor<1x4x4x4xi1>, tensor<1x1x1x4xf32>, tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
  %w = "tosa.const"() {values = dense<1.0> : tensor<2x3x3x4xf32>} : () -> tensor<2x3x3x4xf32>
  %b = "tosa.const"() {values = dense<0.0> : tensor<2xf32>} : () -> tensor<2xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %y = tosa.conv2d %s, %w, %b, %zp, %zp {acc_type = f32, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x4x4x4xf32>, tensor<2x3x3x4xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32> loc("ge0_arith")
  return %y : tensor<1x4x4x2xf32>
}

// -----

// sign=ge0 with a threshold of -0.0 (x >= -0 is x >= 0) and constants written as
// non-splat dense attributes whose elements are all equal.
// CHECK-LABEL: func.func @ge0_minus_zero_dense(
// CHECK-SAME: %[[X:[a-z0-9]+]]: tensor<1x4x4x4xf32>
// CHECK-NOT: tosa.select
// CHECK-NOT: tosa.greater
// CHECK: compress.binary_conv2d %[[X]], {{.*}}name = "ge0_minus_zero_dense", method = "binary", params = "mode=recognize sign=ge0 binary_macs=
// CHECK-NOT: tosa.conv2d
// REMARK: remark: loc("ge0_minus_zero_dense"): binarize: layer 'ge0_minus_zero_dense' mode=recognize sign=ge0 binary_macs=
// FORCE: remark: loc("ge0_minus_zero_dense"): binarize: layer 'ge0_minus_zero_dense' mode=force alpha=mean|W| sign=ge0 binary_macs=
func.func @ge0_minus_zero_dense(%x: tensor<1x4x4x4xf32>) -> tensor<1x4x4x2xf32> {
  %zero = "tosa.const"() {values = dense<-0.0> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %one = "tosa.const"() {values = dense<[[[[1.0, 1.0, 1.0, 1.0]]]]> : tensor<1x1x1x4xf32>} : () -> tensor<1x1x1x4xf32>
  %mone = "tosa.const"() {values = dense<[[[[-1.0, -1.0, -1.0, -1.0]]]]> : tensor<1x1x1x4xf32>} : () -> tensor<1x1x1x4xf32>
  %ge = tosa.greater_equal %x, %zero : (tensor<1x4x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x4x4x4xi1>
  %s = tosa.select %ge, %one, %mone : (tensor<1x4x4x4xi1>, tensor<1x1x1x4xf32>, tensor<1x1x1x4xf32>) -> tensor<1x4x4x4xf32>
  %w = "tosa.const"() {values = dense<1.0> : tensor<2x3x3x4xf32>} : () -> tensor<2x3x3x4xf32>
  %b = "tosa.const"() {values = dense<0.0> : tensor<2xf32>} : () -> tensor<2xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %y = tosa.conv2d %s, %w, %b, %zp, %zp {acc_type = f32, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x4x4x4xf32>, tensor<2x3x3x4xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32> loc("ge0_minus_zero_dense")
  return %y : tensor<1x4x4x2xf32>
}

// -----

// sign=onnx: ONNX Sign written in TOSA, select(x > 0, +1, select(0 > x, -1, 0)).
// CHECK-LABEL: func.func @onnx(
// CHECK-SAME: %[[X:[a-z0-9]+]]: tensor<1x4x4x4xf32>
// CHECK-NOT: tosa.select
// CHECK-NOT: tosa.greater
// CHECK: compress.binary_conv2d %[[X]], {{.*}}name = "onnx", method = "binary", params = "mode=recognize sign=onnx binary_macs=
// CHECK-SAME: input_sign = #compress<input_sign onnx>
// CHECK-NOT: tosa.conv2d
// REMARK: remark: loc("onnx"): binarize: layer 'onnx' mode=recognize sign=onnx binary_macs=
// FORCE: remark: loc("onnx"): binarize: layer 'onnx' mode=force alpha=mean|W| sign=onnx binary_macs=
func.func @onnx(%x: tensor<1x4x4x4xf32>) -> tensor<1x4x4x2xf32> {
  %zero = "tosa.const"() {values = dense<0.0> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %one = "tosa.const"() {values = dense<1.0> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %mone = "tosa.const"() {values = dense<-1.0> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %pos = tosa.greater %x, %zero : (tensor<1x4x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x4x4x4xi1>
  %neg = tosa.greater %zero, %x : (tensor<1x1x1x1xf32>, tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xi1>
  %inner = tosa.select %neg, %mone, %zero : (tensor<1x4x4x4xi1>, tensor<1x1x1x1xf32>, tensor<1x1x1x1xf32>) -> tensor<1x4x4x4xf32>
  %s = tosa.select %pos, %one, %inner : (tensor<1x4x4x4xi1>, tensor<1x1x1x1xf32>, tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
  %w = "tosa.const"() {values = dense<1.0> : tensor<2x3x3x4xf32>} : () -> tensor<2x3x3x4xf32>
  %b = "tosa.const"() {values = dense<0.0> : tensor<2xf32>} : () -> tensor<2xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %y = tosa.conv2d %s, %w, %b, %zp, %zp {acc_type = f32, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x4x4x4xf32>, tensor<2x3x3x4xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32> loc("onnx")
  return %y : tensor<1x4x4x2xf32>
}

// -----

// sign=onnx with a separate constant for each 0 (an exporter that does not CSE them).
// CHECK-LABEL: func.func @onnx_separate_zeros(
// CHECK-SAME: %[[X:[a-z0-9]+]]: tensor<1x4x4x4xf32>
// CHECK-NOT: tosa.select
// CHECK-NOT: tosa.greater
// CHECK: compress.binary_conv2d %[[X]], {{.*}}name = "onnx_separate_zeros", method = "binary", params = "mode=recognize sign=onnx binary_macs=
// CHECK-NOT: tosa.conv2d
// REMARK: remark: loc("onnx_separate_zeros"): binarize: layer 'onnx_separate_zeros' mode=recognize sign=onnx binary_macs=
// FORCE: remark: loc("onnx_separate_zeros"): binarize: layer 'onnx_separate_zeros' mode=force alpha=mean|W| sign=onnx binary_macs=
func.func @onnx_separate_zeros(%x: tensor<1x4x4x4xf32>) -> tensor<1x4x4x2xf32> {
  %zero = "tosa.const"() {values = dense<0.0> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %one = "tosa.const"() {values = dense<1.0> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %mone = "tosa.const"() {values = dense<-1.0> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %zero2 = "tosa.const"() {values = dense<0.0> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %zero3 = arith.constant dense<0.0> : tensor<1x1x1x4xf32>
  %pos = tosa.greater %x, %zero : (tensor<1x4x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x4x4x4xi1>
  %neg = tosa.greater %zero2, %x : (tensor<1x1x1x1xf32>, tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xi1>
  %inner = tosa.select %neg, %mone, %zero3 : (tensor<1x4x4x4xi1>, tensor<1x1x1x1xf32>, tensor<1x1x1x4xf32>) -> tensor<1x4x4x4xf32>
  %s = tosa.select %pos, %one, %inner : (tensor<1x4x4x4xi1>, tensor<1x1x1x1xf32>, tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
  %w = "tosa.const"() {values = dense<1.0> : tensor<2x3x3x4xf32>} : () -> tensor<2x3x3x4xf32>
  %b = "tosa.const"() {values = dense<0.0> : tensor<2xf32>} : () -> tensor<2xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %y = tosa.conv2d %s, %w, %b, %zp, %zp {acc_type = f32, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x4x4x4xf32>, tensor<2x3x3x4xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32> loc("onnx_separate_zeros")
  return %y : tensor<1x4x4x2xf32>
}

// -----

// Not sign: select(x >= 0, -1, +1) is -sign(x).
// CHECK-LABEL: func.func @ge0_swapped(
// CHECK-SAME: %[[X:[a-z0-9]+]]: tensor<1x4x4x4xf32>
// CHECK-NOT: compress.binary_conv2d
// CHECK: %[[S:.*]] = tosa.select
// CHECK-NOT: compress.binary_conv2d
// CHECK: tosa.conv2d %[[S]],
// CHECK-NOT: compress.binary_conv2d
// REMARK: remark: loc("ge0_swapped"): binarize: skipped layer 'ge0_swapped': input is not a sign pattern
// FORCE: remark: loc("ge0_swapped"): binarize: layer 'ge0_swapped' mode=force alpha=mean|W| binary_macs=
func.func @ge0_swapped(%x: tensor<1x4x4x4xf32>) -> tensor<1x4x4x2xf32> {
  %zero = "tosa.const"() {values = dense<0.0> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %one = "tosa.const"() {values = dense<1.0> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %mone = "tosa.const"() {values = dense<-1.0> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %ge = tosa.greater_equal %x, %zero : (tensor<1x4x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x4x4x4xi1>
  %s = tosa.select %ge, %mone, %one : (tensor<1x4x4x4xi1>, tensor<1x1x1x1xf32>, tensor<1x1x1x1xf32>) -> tensor<1x4x4x4xf32>
  %w = "tosa.const"() {values = dense<1.0> : tensor<2x3x3x4xf32>} : () -> tensor<2x3x3x4xf32>
  %b = "tosa.const"() {values = dense<0.0> : tensor<2xf32>} : () -> tensor<2xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %y = tosa.conv2d %s, %w, %b, %zp, %zp {acc_type = f32, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x4x4x4xf32>, tensor<2x3x3x4xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32> loc("ge0_swapped")
  return %y : tensor<1x4x4x2xf32>
}

// -----

// Not sign: the threshold is 0.5, not 0.
// CHECK-LABEL: func.func @ge0_threshold(
// CHECK-SAME: %[[X:[a-z0-9]+]]: tensor<1x4x4x4xf32>
// CHECK-NOT: compress.binary_conv2d
// CHECK: %[[S:.*]] = tosa.select
// CHECK-NOT: compress.binary_conv2d
// CHECK: tosa.conv2d %[[S]],
// CHECK-NOT: compress.binary_conv2d
// REMARK: remark: loc("ge0_threshold"): binarize: skipped layer 'ge0_threshold': input is not a sign pattern
// FORCE: remark: loc("ge0_threshold"): binarize: layer 'ge0_threshold' mode=force alpha=mean|W| binary_macs=
func.func @ge0_threshold(%x: tensor<1x4x4x4xf32>) -> tensor<1x4x4x2xf32> {
  %zero = "tosa.const"() {values = dense<0.5> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %one = "tosa.const"() {values = dense<1.0> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %mone = "tosa.const"() {values = dense<-1.0> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %ge = tosa.greater_equal %x, %zero : (tensor<1x4x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x4x4x4xi1>
  %s = tosa.select %ge, %one, %mone : (tensor<1x4x4x4xi1>, tensor<1x1x1x1xf32>, tensor<1x1x1x1xf32>) -> tensor<1x4x4x4xf32>
  %w = "tosa.const"() {values = dense<1.0> : tensor<2x3x3x4xf32>} : () -> tensor<2x3x3x4xf32>
  %b = "tosa.const"() {values = dense<0.0> : tensor<2xf32>} : () -> tensor<2xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %y = tosa.conv2d %s, %w, %b, %zp, %zp {acc_type = f32, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x4x4x4xf32>, tensor<2x3x3x4xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32> loc("ge0_threshold")
  return %y : tensor<1x4x4x2xf32>
}

// -----

// Not sign: a per-channel threshold (0, 0, 0, 1), not a splat 0.
// CHECK-LABEL: func.func @ge0_nonsplat_threshold(
// CHECK-SAME: %[[X:[a-z0-9]+]]: tensor<1x4x4x4xf32>
// CHECK-NOT: compress.binary_conv2d
// CHECK: %[[S:.*]] = tosa.select
// CHECK-NOT: compress.binary_conv2d
// CHECK: tosa.conv2d %[[S]],
// CHECK-NOT: compress.binary_conv2d
// REMARK: remark: loc("ge0_nonsplat_threshold"): binarize: skipped layer 'ge0_nonsplat_threshold': input is not a sign pattern
// FORCE: remark: loc("ge0_nonsplat_threshold"): binarize: layer 'ge0_nonsplat_threshold' mode=force alpha=mean|W| binary_macs=
func.func @ge0_nonsplat_threshold(%x: tensor<1x4x4x4xf32>) -> tensor<1x4x4x2xf32> {
  %zero = "tosa.const"() {values = dense<[[[[0.0, 0.0, 0.0, 1.0]]]]> : tensor<1x1x1x4xf32>} : () -> tensor<1x1x1x4xf32>
  %one = "tosa.const"() {values = dense<1.0> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %mone = "tosa.const"() {values = dense<-1.0> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %ge = tosa.greater_equal %x, %zero : (tensor<1x4x4x4xf32>, tensor<1x1x1x4xf32>) -> tensor<1x4x4x4xi1>
  %s = tosa.select %ge, %one, %mone : (tensor<1x4x4x4xi1>, tensor<1x1x1x1xf32>, tensor<1x1x1x1xf32>) -> tensor<1x4x4x4xf32>
  %w = "tosa.const"() {values = dense<1.0> : tensor<2x3x3x4xf32>} : () -> tensor<2x3x3x4xf32>
  %b = "tosa.const"() {values = dense<0.0> : tensor<2xf32>} : () -> tensor<2xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %y = tosa.conv2d %s, %w, %b, %zp, %zp {acc_type = f32, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x4x4x4xf32>, tensor<2x3x3x4xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32> loc("ge0_nonsplat_threshold")
  return %y : tensor<1x4x4x2xf32>
}

// -----

// Not sign: the +1 side is (1, 1, 1, 2).
// CHECK-LABEL: func.func @ge0_nonsplat_value(
// CHECK-SAME: %[[X:[a-z0-9]+]]: tensor<1x4x4x4xf32>
// CHECK-NOT: compress.binary_conv2d
// CHECK: %[[S:.*]] = tosa.select
// CHECK-NOT: compress.binary_conv2d
// CHECK: tosa.conv2d %[[S]],
// CHECK-NOT: compress.binary_conv2d
// REMARK: remark: loc("ge0_nonsplat_value"): binarize: skipped layer 'ge0_nonsplat_value': input is not a sign pattern
// FORCE: remark: loc("ge0_nonsplat_value"): binarize: layer 'ge0_nonsplat_value' mode=force alpha=mean|W| binary_macs=
func.func @ge0_nonsplat_value(%x: tensor<1x4x4x4xf32>) -> tensor<1x4x4x2xf32> {
  %zero = "tosa.const"() {values = dense<0.0> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %one = "tosa.const"() {values = dense<1.0> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %mone = "tosa.const"() {values = dense<-1.0> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %onev = "tosa.const"() {values = dense<[[[[1.0, 1.0, 1.0, 2.0]]]]> : tensor<1x1x1x4xf32>} : () -> tensor<1x1x1x4xf32>
  %ge = tosa.greater_equal %x, %zero : (tensor<1x4x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x4x4x4xi1>
  %s = tosa.select %ge, %onev, %mone : (tensor<1x4x4x4xi1>, tensor<1x1x1x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x4x4x4xf32>
  %w = "tosa.const"() {values = dense<1.0> : tensor<2x3x3x4xf32>} : () -> tensor<2x3x3x4xf32>
  %b = "tosa.const"() {values = dense<0.0> : tensor<2xf32>} : () -> tensor<2xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %y = tosa.conv2d %s, %w, %b, %zp, %zp {acc_type = f32, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x4x4x4xf32>, tensor<2x3x3x4xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32> loc("ge0_nonsplat_value")
  return %y : tensor<1x4x4x2xf32>
}

// -----

// Not sign=ge0: select(x > 0, +1, -1) gives -1 at x == 0 (sign(0) = -1), the
// binary ops +1.
// CHECK-LABEL: func.func @gt_two_valued(
// CHECK-SAME: %[[X:[a-z0-9]+]]: tensor<1x4x4x4xf32>
// CHECK-NOT: compress.binary_conv2d
// CHECK: %[[S:.*]] = tosa.select
// CHECK-NOT: compress.binary_conv2d
// CHECK: tosa.conv2d %[[S]],
// CHECK-NOT: compress.binary_conv2d
// REMARK: remark: loc("gt_two_valued"): binarize: skipped layer 'gt_two_valued': input is not a sign pattern
// FORCE: remark: loc("gt_two_valued"): binarize: layer 'gt_two_valued' mode=force alpha=mean|W| binary_macs=
func.func @gt_two_valued(%x: tensor<1x4x4x4xf32>) -> tensor<1x4x4x2xf32> {
  %zero = "tosa.const"() {values = dense<0.0> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %one = "tosa.const"() {values = dense<1.0> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %mone = "tosa.const"() {values = dense<-1.0> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %gt = tosa.greater %x, %zero : (tensor<1x4x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x4x4x4xi1>
  %s = tosa.select %gt, %one, %mone : (tensor<1x4x4x4xi1>, tensor<1x1x1x1xf32>, tensor<1x1x1x1xf32>) -> tensor<1x4x4x4xf32>
  %w = "tosa.const"() {values = dense<1.0> : tensor<2x3x3x4xf32>} : () -> tensor<2x3x3x4xf32>
  %b = "tosa.const"() {values = dense<0.0> : tensor<2xf32>} : () -> tensor<2xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %y = tosa.conv2d %s, %w, %b, %zp, %zp {acc_type = f32, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x4x4x4xf32>, tensor<2x3x3x4xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32> loc("gt_two_valued")
  return %y : tensor<1x4x4x2xf32>
}

// -----

// Not sign: greater_equal(0, x) is x <= 0.
// CHECK-LABEL: func.func @ge0_operands_swapped(
// CHECK-SAME: %[[X:[a-z0-9]+]]: tensor<1x4x4x4xf32>
// CHECK-NOT: compress.binary_conv2d
// CHECK: %[[S:.*]] = tosa.select
// CHECK-NOT: compress.binary_conv2d
// CHECK: tosa.conv2d %[[S]],
// CHECK-NOT: compress.binary_conv2d
// REMARK: remark: loc("ge0_operands_swapped"): binarize: skipped layer 'ge0_operands_swapped': input is not a sign pattern
// FORCE: remark: loc("ge0_operands_swapped"): binarize: layer 'ge0_operands_swapped' mode=force alpha=mean|W| binary_macs=
func.func @ge0_operands_swapped(%x: tensor<1x4x4x4xf32>) -> tensor<1x4x4x2xf32> {
  %zero = "tosa.const"() {values = dense<0.0> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %one = "tosa.const"() {values = dense<1.0> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %mone = "tosa.const"() {values = dense<-1.0> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %ge = tosa.greater_equal %zero, %x : (tensor<1x1x1x1xf32>, tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xi1>
  %s = tosa.select %ge, %one, %mone : (tensor<1x4x4x4xi1>, tensor<1x1x1x1xf32>, tensor<1x1x1x1xf32>) -> tensor<1x4x4x4xf32>
  %w = "tosa.const"() {values = dense<1.0> : tensor<2x3x3x4xf32>} : () -> tensor<2x3x3x4xf32>
  %b = "tosa.const"() {values = dense<0.0> : tensor<2xf32>} : () -> tensor<2xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %y = tosa.conv2d %s, %w, %b, %zp, %zp {acc_type = f32, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x4x4x4xf32>, tensor<2x3x3x4xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32> loc("ge0_operands_swapped")
  return %y : tensor<1x4x4x2xf32>
}

// -----

// Not sign: select(x >= 0, 1, 0) is a step (0/1), not ±1.
// CHECK-LABEL: func.func @ge0_step(
// CHECK-SAME: %[[X:[a-z0-9]+]]: tensor<1x4x4x4xf32>
// CHECK-NOT: compress.binary_conv2d
// CHECK: %[[S:.*]] = tosa.select
// CHECK-NOT: compress.binary_conv2d
// CHECK: tosa.conv2d %[[S]],
// CHECK-NOT: compress.binary_conv2d
// REMARK: remark: loc("ge0_step"): binarize: skipped layer 'ge0_step': input is not a sign pattern
// FORCE: remark: loc("ge0_step"): binarize: layer 'ge0_step' mode=force alpha=mean|W| binary_macs=
func.func @ge0_step(%x: tensor<1x4x4x4xf32>) -> tensor<1x4x4x2xf32> {
  %zero = "tosa.const"() {values = dense<0.0> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %one = "tosa.const"() {values = dense<1.0> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %mone = "tosa.const"() {values = dense<-1.0> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %ge = tosa.greater_equal %x, %zero : (tensor<1x4x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x4x4x4xi1>
  %s = tosa.select %ge, %one, %zero : (tensor<1x4x4x4xi1>, tensor<1x1x1x1xf32>, tensor<1x1x1x1xf32>) -> tensor<1x4x4x4xf32>
  %w = "tosa.const"() {values = dense<1.0> : tensor<2x3x3x4xf32>} : () -> tensor<2x3x3x4xf32>
  %b = "tosa.const"() {values = dense<0.0> : tensor<2xf32>} : () -> tensor<2xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %y = tosa.conv2d %s, %w, %b, %zp, %zp {acc_type = f32, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x4x4x4xf32>, tensor<2x3x3x4xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32> loc("ge0_step")
  return %y : tensor<1x4x4x2xf32>
}

// -----

// Not recognized: the ±1 are function arguments, not constants.
// CHECK-LABEL: func.func @ge0_not_constant(
// CHECK-SAME: %[[X:[a-z0-9]+]]: tensor<1x4x4x4xf32>
// CHECK-NOT: compress.binary_conv2d
// CHECK: %[[S:.*]] = tosa.select
// CHECK-NOT: compress.binary_conv2d
// CHECK: tosa.conv2d %[[S]],
// CHECK-NOT: compress.binary_conv2d
// REMARK: remark: loc("ge0_not_constant"): binarize: skipped layer 'ge0_not_constant': input is not a sign pattern
// FORCE: remark: loc("ge0_not_constant"): binarize: layer 'ge0_not_constant' mode=force alpha=mean|W| binary_macs=
func.func @ge0_not_constant(%x: tensor<1x4x4x4xf32>, %one: tensor<1x1x1x1xf32>, %mone: tensor<1x1x1x1xf32>) -> tensor<1x4x4x2xf32> {
  %zero = "tosa.const"() {values = dense<0.0> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %ge = tosa.greater_equal %x, %zero : (tensor<1x4x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x4x4x4xi1>
  %s = tosa.select %ge, %one, %mone : (tensor<1x4x4x4xi1>, tensor<1x1x1x1xf32>, tensor<1x1x1x1xf32>) -> tensor<1x4x4x4xf32>
  %w = "tosa.const"() {values = dense<1.0> : tensor<2x3x3x4xf32>} : () -> tensor<2x3x3x4xf32>
  %b = "tosa.const"() {values = dense<0.0> : tensor<2xf32>} : () -> tensor<2xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %y = tosa.conv2d %s, %w, %b, %zp, %zp {acc_type = f32, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x4x4x4xf32>, tensor<2x3x3x4xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32> loc("ge0_not_constant")
  return %y : tensor<1x4x4x2xf32>
}

// -----

// Not sign: the inner select is select(0 > x, 0, -1).
// CHECK-LABEL: func.func @onnx_inner_swapped(
// CHECK-SAME: %[[X:[a-z0-9]+]]: tensor<1x4x4x4xf32>
// CHECK-NOT: compress.binary_conv2d
// CHECK: tosa.select
// CHECK: %[[S:.*]] = tosa.select
// CHECK-NOT: compress.binary_conv2d
// CHECK: tosa.conv2d %[[S]],
// CHECK-NOT: compress.binary_conv2d
// REMARK: remark: loc("onnx_inner_swapped"): binarize: skipped layer 'onnx_inner_swapped': input is not a sign pattern
// FORCE: remark: loc("onnx_inner_swapped"): binarize: layer 'onnx_inner_swapped' mode=force alpha=mean|W| binary_macs=
func.func @onnx_inner_swapped(%x: tensor<1x4x4x4xf32>) -> tensor<1x4x4x2xf32> {
  %zero = "tosa.const"() {values = dense<0.0> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %one = "tosa.const"() {values = dense<1.0> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %mone = "tosa.const"() {values = dense<-1.0> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %pos = tosa.greater %x, %zero : (tensor<1x4x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x4x4x4xi1>
  %neg = tosa.greater %zero, %x : (tensor<1x1x1x1xf32>, tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xi1>
  %inner = tosa.select %neg, %zero, %mone : (tensor<1x4x4x4xi1>, tensor<1x1x1x1xf32>, tensor<1x1x1x1xf32>) -> tensor<1x4x4x4xf32>
  %s = tosa.select %pos, %one, %inner : (tensor<1x4x4x4xi1>, tensor<1x1x1x1xf32>, tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
  %w = "tosa.const"() {values = dense<1.0> : tensor<2x3x3x4xf32>} : () -> tensor<2x3x3x4xf32>
  %b = "tosa.const"() {values = dense<0.0> : tensor<2xf32>} : () -> tensor<2xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %y = tosa.conv2d %s, %w, %b, %zp, %zp {acc_type = f32, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x4x4x4xf32>, tensor<2x3x3x4xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32> loc("onnx_inner_swapped")
  return %y : tensor<1x4x4x2xf32>
}

// -----

// Not sign: the inner comparison reads another value (0 > y).
// CHECK-LABEL: func.func @onnx_inner_other_value(
// CHECK-SAME: %[[X:[a-z0-9]+]]: tensor<1x4x4x4xf32>
// CHECK-NOT: compress.binary_conv2d
// CHECK: tosa.select
// CHECK: %[[S:.*]] = tosa.select
// CHECK-NOT: compress.binary_conv2d
// CHECK: tosa.conv2d %[[S]],
// CHECK-NOT: compress.binary_conv2d
// REMARK: remark: loc("onnx_inner_other_value"): binarize: skipped layer 'onnx_inner_other_value': input is not a sign pattern
// FORCE: remark: loc("onnx_inner_other_value"): binarize: layer 'onnx_inner_other_value' mode=force alpha=mean|W| binary_macs=
func.func @onnx_inner_other_value(%x: tensor<1x4x4x4xf32>, %other: tensor<1x4x4x4xf32>) -> tensor<1x4x4x2xf32> {
  %zero = "tosa.const"() {values = dense<0.0> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %one = "tosa.const"() {values = dense<1.0> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %mone = "tosa.const"() {values = dense<-1.0> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %pos = tosa.greater %x, %zero : (tensor<1x4x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x4x4x4xi1>
  %neg = tosa.greater %zero, %other : (tensor<1x1x1x1xf32>, tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xi1>
  %inner = tosa.select %neg, %mone, %zero : (tensor<1x4x4x4xi1>, tensor<1x1x1x1xf32>, tensor<1x1x1x1xf32>) -> tensor<1x4x4x4xf32>
  %s = tosa.select %pos, %one, %inner : (tensor<1x4x4x4xi1>, tensor<1x1x1x1xf32>, tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
  %w = "tosa.const"() {values = dense<1.0> : tensor<2x3x3x4xf32>} : () -> tensor<2x3x3x4xf32>
  %b = "tosa.const"() {values = dense<0.0> : tensor<2xf32>} : () -> tensor<2xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %y = tosa.conv2d %s, %w, %b, %zp, %zp {acc_type = f32, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x4x4x4xf32>, tensor<2x3x3x4xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32> loc("onnx_inner_other_value")
  return %y : tensor<1x4x4x2xf32>
}

// -----

// Not sign: the inner comparison is x > 0 again (not 0 > x): +1 or 0.
// CHECK-LABEL: func.func @onnx_inner_same_direction(
// CHECK-SAME: %[[X:[a-z0-9]+]]: tensor<1x4x4x4xf32>
// CHECK-NOT: compress.binary_conv2d
// CHECK: tosa.select
// CHECK: %[[S:.*]] = tosa.select
// CHECK-NOT: compress.binary_conv2d
// CHECK: tosa.conv2d %[[S]],
// CHECK-NOT: compress.binary_conv2d
// REMARK: remark: loc("onnx_inner_same_direction"): binarize: skipped layer 'onnx_inner_same_direction': input is not a sign pattern
// FORCE: remark: loc("onnx_inner_same_direction"): binarize: layer 'onnx_inner_same_direction' mode=force alpha=mean|W| binary_macs=
func.func @onnx_inner_same_direction(%x: tensor<1x4x4x4xf32>) -> tensor<1x4x4x2xf32> {
  %zero = "tosa.const"() {values = dense<0.0> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %one = "tosa.const"() {values = dense<1.0> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %mone = "tosa.const"() {values = dense<-1.0> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %pos = tosa.greater %x, %zero : (tensor<1x4x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x4x4x4xi1>
  %neg = tosa.greater %x, %zero : (tensor<1x4x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x4x4x4xi1>
  %inner = tosa.select %neg, %mone, %zero : (tensor<1x4x4x4xi1>, tensor<1x1x1x1xf32>, tensor<1x1x1x1xf32>) -> tensor<1x4x4x4xf32>
  %s = tosa.select %pos, %one, %inner : (tensor<1x4x4x4xi1>, tensor<1x1x1x1xf32>, tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
  %w = "tosa.const"() {values = dense<1.0> : tensor<2x3x3x4xf32>} : () -> tensor<2x3x3x4xf32>
  %b = "tosa.const"() {values = dense<0.0> : tensor<2xf32>} : () -> tensor<2xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %y = tosa.conv2d %s, %w, %b, %zp, %zp {acc_type = f32, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x4x4x4xf32>, tensor<2x3x3x4xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32> loc("onnx_inner_same_direction")
  return %y : tensor<1x4x4x2xf32>
}

// -----

// Not sign: the inner comparison is 0 >= x (greater_equal, not greater).
// CHECK-LABEL: func.func @onnx_inner_ge(
// CHECK-SAME: %[[X:[a-z0-9]+]]: tensor<1x4x4x4xf32>
// CHECK-NOT: compress.binary_conv2d
// CHECK: tosa.select
// CHECK: %[[S:.*]] = tosa.select
// CHECK-NOT: compress.binary_conv2d
// CHECK: tosa.conv2d %[[S]],
// CHECK-NOT: compress.binary_conv2d
// REMARK: remark: loc("onnx_inner_ge"): binarize: skipped layer 'onnx_inner_ge': input is not a sign pattern
// FORCE: remark: loc("onnx_inner_ge"): binarize: layer 'onnx_inner_ge' mode=force alpha=mean|W| binary_macs=
func.func @onnx_inner_ge(%x: tensor<1x4x4x4xf32>) -> tensor<1x4x4x2xf32> {
  %zero = "tosa.const"() {values = dense<0.0> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %one = "tosa.const"() {values = dense<1.0> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %mone = "tosa.const"() {values = dense<-1.0> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %pos = tosa.greater %x, %zero : (tensor<1x4x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x4x4x4xi1>
  %neg = tosa.greater_equal %zero, %x : (tensor<1x1x1x1xf32>, tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xi1>
  %inner = tosa.select %neg, %mone, %zero : (tensor<1x4x4x4xi1>, tensor<1x1x1x1xf32>, tensor<1x1x1x1xf32>) -> tensor<1x4x4x4xf32>
  %s = tosa.select %pos, %one, %inner : (tensor<1x4x4x4xi1>, tensor<1x1x1x1xf32>, tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
  %w = "tosa.const"() {values = dense<1.0> : tensor<2x3x3x4xf32>} : () -> tensor<2x3x3x4xf32>
  %b = "tosa.const"() {values = dense<0.0> : tensor<2xf32>} : () -> tensor<2xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %y = tosa.conv2d %s, %w, %b, %zp, %zp {acc_type = f32, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x4x4x4xf32>, tensor<2x3x3x4xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32> loc("onnx_inner_ge")
  return %y : tensor<1x4x4x2xf32>
}

// -----

// Not sign: the outer +1 is 2.
// CHECK-LABEL: func.func @onnx_outer_two(
// CHECK-SAME: %[[X:[a-z0-9]+]]: tensor<1x4x4x4xf32>
// CHECK-NOT: compress.binary_conv2d
// CHECK: tosa.select
// CHECK: %[[S:.*]] = tosa.select
// CHECK-NOT: compress.binary_conv2d
// CHECK: tosa.conv2d %[[S]],
// CHECK-NOT: compress.binary_conv2d
// REMARK: remark: loc("onnx_outer_two"): binarize: skipped layer 'onnx_outer_two': input is not a sign pattern
// FORCE: remark: loc("onnx_outer_two"): binarize: layer 'onnx_outer_two' mode=force alpha=mean|W| binary_macs=
func.func @onnx_outer_two(%x: tensor<1x4x4x4xf32>) -> tensor<1x4x4x2xf32> {
  %zero = "tosa.const"() {values = dense<0.0> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %one = "tosa.const"() {values = dense<1.0> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %mone = "tosa.const"() {values = dense<-1.0> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %pos = tosa.greater %x, %zero : (tensor<1x4x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x4x4x4xi1>
  %neg = tosa.greater %zero, %x : (tensor<1x1x1x1xf32>, tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xi1>
  %two = "tosa.const"() {values = dense<2.0> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %inner = tosa.select %neg, %mone, %zero : (tensor<1x4x4x4xi1>, tensor<1x1x1x1xf32>, tensor<1x1x1x1xf32>) -> tensor<1x4x4x4xf32>
  %s = tosa.select %pos, %two, %inner : (tensor<1x4x4x4xi1>, tensor<1x1x1x1xf32>, tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
  %w = "tosa.const"() {values = dense<1.0> : tensor<2x3x3x4xf32>} : () -> tensor<2x3x3x4xf32>
  %b = "tosa.const"() {values = dense<0.0> : tensor<2xf32>} : () -> tensor<2xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %y = tosa.conv2d %s, %w, %b, %zp, %zp {acc_type = f32, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x4x4x4xf32>, tensor<2x3x3x4xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32> loc("onnx_outer_two")
  return %y : tensor<1x4x4x2xf32>
}

// -----

// Not sign: the inner else is 0.5, not 0.
// CHECK-LABEL: func.func @onnx_inner_else_half(
// CHECK-SAME: %[[X:[a-z0-9]+]]: tensor<1x4x4x4xf32>
// CHECK-NOT: compress.binary_conv2d
// CHECK: tosa.select
// CHECK: %[[S:.*]] = tosa.select
// CHECK-NOT: compress.binary_conv2d
// CHECK: tosa.conv2d %[[S]],
// CHECK-NOT: compress.binary_conv2d
// REMARK: remark: loc("onnx_inner_else_half"): binarize: skipped layer 'onnx_inner_else_half': input is not a sign pattern
// FORCE: remark: loc("onnx_inner_else_half"): binarize: layer 'onnx_inner_else_half' mode=force alpha=mean|W| binary_macs=
func.func @onnx_inner_else_half(%x: tensor<1x4x4x4xf32>) -> tensor<1x4x4x2xf32> {
  %zero = "tosa.const"() {values = dense<0.0> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %one = "tosa.const"() {values = dense<1.0> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %mone = "tosa.const"() {values = dense<-1.0> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %pos = tosa.greater %x, %zero : (tensor<1x4x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x4x4x4xi1>
  %neg = tosa.greater %zero, %x : (tensor<1x1x1x1xf32>, tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xi1>
  %half = "tosa.const"() {values = dense<0.5> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %inner = tosa.select %neg, %mone, %half : (tensor<1x4x4x4xi1>, tensor<1x1x1x1xf32>, tensor<1x1x1x1xf32>) -> tensor<1x4x4x4xf32>
  %s = tosa.select %pos, %one, %inner : (tensor<1x4x4x4xi1>, tensor<1x1x1x1xf32>, tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
  %w = "tosa.const"() {values = dense<1.0> : tensor<2x3x3x4xf32>} : () -> tensor<2x3x3x4xf32>
  %b = "tosa.const"() {values = dense<0.0> : tensor<2xf32>} : () -> tensor<2xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %y = tosa.conv2d %s, %w, %b, %zp, %zp {acc_type = f32, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x4x4x4xf32>, tensor<2x3x3x4xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32> loc("onnx_inner_else_half")
  return %y : tensor<1x4x4x2xf32>
}

// -----

// Not sign: the outer comparison is x > 0.5.
// CHECK-LABEL: func.func @onnx_outer_threshold(
// CHECK-SAME: %[[X:[a-z0-9]+]]: tensor<1x4x4x4xf32>
// CHECK-NOT: compress.binary_conv2d
// CHECK: tosa.select
// CHECK: %[[S:.*]] = tosa.select
// CHECK-NOT: compress.binary_conv2d
// CHECK: tosa.conv2d %[[S]],
// CHECK-NOT: compress.binary_conv2d
// REMARK: remark: loc("onnx_outer_threshold"): binarize: skipped layer 'onnx_outer_threshold': input is not a sign pattern
// FORCE: remark: loc("onnx_outer_threshold"): binarize: layer 'onnx_outer_threshold' mode=force alpha=mean|W| binary_macs=
func.func @onnx_outer_threshold(%x: tensor<1x4x4x4xf32>) -> tensor<1x4x4x2xf32> {
  %zero = "tosa.const"() {values = dense<0.0> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %one = "tosa.const"() {values = dense<1.0> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %mone = "tosa.const"() {values = dense<-1.0> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %pos = tosa.greater %x, %zero : (tensor<1x4x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x4x4x4xi1>
  %neg = tosa.greater %zero, %x : (tensor<1x1x1x1xf32>, tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xi1>
  %half = "tosa.const"() {values = dense<0.5> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %pos2 = tosa.greater %x, %half : (tensor<1x4x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x4x4x4xi1>
  %inner = tosa.select %neg, %mone, %zero : (tensor<1x4x4x4xi1>, tensor<1x1x1x1xf32>, tensor<1x1x1x1xf32>) -> tensor<1x4x4x4xf32>
  %s = tosa.select %pos2, %one, %inner : (tensor<1x4x4x4xi1>, tensor<1x1x1x1xf32>, tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
  %w = "tosa.const"() {values = dense<1.0> : tensor<2x3x3x4xf32>} : () -> tensor<2x3x3x4xf32>
  %b = "tosa.const"() {values = dense<0.0> : tensor<2xf32>} : () -> tensor<2xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %y = tosa.conv2d %s, %w, %b, %zp, %zp {acc_type = f32, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x4x4x4xf32>, tensor<2x3x3x4xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32> loc("onnx_outer_threshold")
  return %y : tensor<1x4x4x2xf32>
}

// -----

// Not recognized, although it is select(x >= 0, +1, ...) with a nested
// select(0 > x, -1, 0): the else side of the ge0 form must be the constant -1
// (here NaN gives 0, neither ge0 nor the binary op).
// CHECK-LABEL: func.func @ge_nested(
// CHECK-SAME: %[[X:[a-z0-9]+]]: tensor<1x4x4x4xf32>
// CHECK-NOT: compress.binary_conv2d
// CHECK: tosa.select
// CHECK: %[[S:.*]] = tosa.select
// CHECK-NOT: compress.binary_conv2d
// CHECK: tosa.conv2d %[[S]],
// CHECK-NOT: compress.binary_conv2d
// REMARK: remark: loc("ge_nested"): binarize: skipped layer 'ge_nested': input is not a sign pattern
// FORCE: remark: loc("ge_nested"): binarize: layer 'ge_nested' mode=force alpha=mean|W| binary_macs=
func.func @ge_nested(%x: tensor<1x4x4x4xf32>) -> tensor<1x4x4x2xf32> {
  %zero = "tosa.const"() {values = dense<0.0> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %one = "tosa.const"() {values = dense<1.0> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %mone = "tosa.const"() {values = dense<-1.0> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %ge = tosa.greater_equal %x, %zero : (tensor<1x4x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x4x4x4xi1>
  %neg = tosa.greater %zero, %x : (tensor<1x1x1x1xf32>, tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xi1>
  %inner = tosa.select %neg, %mone, %zero : (tensor<1x4x4x4xi1>, tensor<1x1x1x1xf32>, tensor<1x1x1x1xf32>) -> tensor<1x4x4x4xf32>
  %s = tosa.select %ge, %one, %inner : (tensor<1x4x4x4xi1>, tensor<1x1x1x1xf32>, tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
  %w = "tosa.const"() {values = dense<1.0> : tensor<2x3x3x4xf32>} : () -> tensor<2x3x3x4xf32>
  %b = "tosa.const"() {values = dense<0.0> : tensor<2xf32>} : () -> tensor<2xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %y = tosa.conv2d %s, %w, %b, %zp, %zp {acc_type = f32, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x4x4x4xf32>, tensor<2x3x3x4xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32> loc("ge_nested")
  return %y : tensor<1x4x4x2xf32>
}

// -----

// Not sign(x) in x's shape: the 4-channel threshold broadcasts the 1-channel x, so
// the select is [1, 4, 4, 4] and the layer cannot read x in its place.
// CHECK-LABEL: func.func @ge0_broadcast(
// CHECK-NOT: compress.binary_conv2d
// CHECK: %[[S:.*]] = tosa.select
// CHECK-NOT: compress.binary_conv2d
// CHECK: tosa.conv2d %[[S]],
// CHECK-NOT: compress.binary_conv2d
// REMARK: remark: loc("ge0_broadcast"): binarize: skipped layer 'ge0_broadcast': input is not a sign pattern
func.func @ge0_broadcast(%x: tensor<1x4x4x1xf32>) -> tensor<1x4x4x2xf32> {
  %zero = "tosa.const"() {values = dense<0.0> : tensor<1x4x4x4xf32>} : () -> tensor<1x4x4x4xf32>
  %one = "tosa.const"() {values = dense<1.0> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %mone = "tosa.const"() {values = dense<-1.0> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %ge = tosa.greater_equal %x, %zero : (tensor<1x4x4x1xf32>, tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xi1>
  %s = tosa.select %ge, %one, %mone : (tensor<1x4x4x4xi1>, tensor<1x1x1x1xf32>, tensor<1x1x1x1xf32>) -> tensor<1x4x4x4xf32>
  %w = "tosa.const"() {values = dense<[[[[1.0, 1.0, 1.0, 1.0]]], [[[-1.0, 1.0, 1.0, 1.0]]]]> : tensor<2x1x1x4xf32>} : () -> tensor<2x1x1x4xf32>
  %b = "tosa.const"() {values = dense<0.0> : tensor<2xf32>} : () -> tensor<2xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %y = tosa.conv2d %s, %w, %b, %zp, %zp {acc_type = f32, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x4x4x4xf32>, tensor<2x1x1x4xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32> loc("ge0_broadcast")
  return %y : tensor<1x4x4x2xf32>
}

// -----

// sign=onnx, the ONNX importer's Sign: select(x > 0, +1, select(0 > x, -1,
// select(x == x, 0, x))) (NaN stays NaN): input_sign = onnx, every sign op erased.
// CHECK-LABEL: func.func @onnx_import(
// CHECK-SAME: %[[X:[a-z0-9]+]]: tensor<1x4x4x4xf32>
// CHECK-NOT: tosa.select
// CHECK-NOT: tosa.equal
// CHECK: compress.binary_conv2d %[[X]], {{.*}}params = "mode=recognize sign=onnx binary_macs=
// CHECK-SAME: input_sign = #compress<input_sign onnx>
// REMARK: remark: loc("onnx_import"): binarize: layer 'onnx_import' mode=recognize sign=onnx
func.func @onnx_import(%x: tensor<1x4x4x4xf32>) -> tensor<1x4x4x2xf32> {
  %zero = "tosa.const"() {values = dense<0.0> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %one = "tosa.const"() {values = dense<1.0> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %mone = "tosa.const"() {values = dense<-1.0> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %isnum = tosa.equal %x, %x : (tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xi1>
  %nan = tosa.select %isnum, %zero, %x : (tensor<1x4x4x4xi1>, tensor<1x1x1x1xf32>, tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
  %neg = tosa.greater %zero, %x : (tensor<1x1x1x1xf32>, tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xi1>
  %inner = tosa.select %neg, %mone, %nan : (tensor<1x4x4x4xi1>, tensor<1x1x1x1xf32>, tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
  %pos = tosa.greater %x, %zero : (tensor<1x4x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x4x4x4xi1>
  %s = tosa.select %pos, %one, %inner : (tensor<1x4x4x4xi1>, tensor<1x1x1x1xf32>, tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
  %w = "tosa.const"() {values = dense<1.0> : tensor<2x3x3x4xf32>} : () -> tensor<2x3x3x4xf32>
  %b = "tosa.const"() {values = dense<0.0> : tensor<2xf32>} : () -> tensor<2xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %y = tosa.conv2d %s, %w, %b, %zp, %zp {acc_type = f32, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x4x4x4xf32>, tensor<2x3x3x4xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32> loc("onnx_import")
  return %y : tensor<1x4x4x2xf32>
}

// -----

// The importer's form, but the innermost select's else is not x: not a sign pattern.
// CHECK-LABEL: func.func @onnx_import_other_else(
// CHECK: tosa.conv2d
// REMARK: remark: loc("onnx_import_other_else"): binarize: skipped layer 'onnx_import_other_else': input is not a sign pattern
func.func @onnx_import_other_else(%x: tensor<1x4x4x4xf32>, %other: tensor<1x4x4x4xf32>) -> tensor<1x4x4x2xf32> {
  %zero = "tosa.const"() {values = dense<0.0> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %one = "tosa.const"() {values = dense<1.0> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %mone = "tosa.const"() {values = dense<-1.0> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %isnum = tosa.equal %x, %x : (tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xi1>
  %nan = tosa.select %isnum, %zero, %other : (tensor<1x4x4x4xi1>, tensor<1x1x1x1xf32>, tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
  %neg = tosa.greater %zero, %x : (tensor<1x1x1x1xf32>, tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xi1>
  %inner = tosa.select %neg, %mone, %nan : (tensor<1x4x4x4xi1>, tensor<1x1x1x1xf32>, tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
  %pos = tosa.greater %x, %zero : (tensor<1x4x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x4x4x4xi1>
  %s = tosa.select %pos, %one, %inner : (tensor<1x4x4x4xi1>, tensor<1x1x1x1xf32>, tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
  %w = "tosa.const"() {values = dense<1.0> : tensor<2x3x3x4xf32>} : () -> tensor<2x3x3x4xf32>
  %b = "tosa.const"() {values = dense<0.0> : tensor<2xf32>} : () -> tensor<2xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %y = tosa.conv2d %s, %w, %b, %zp, %zp {acc_type = f32, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x4x4x4xf32>, tensor<2x3x3x4xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32> loc("onnx_import_other_else")
  return %y : tensor<1x4x4x2xf32>
}

// -----

// ONNX Sign on NCHW, then the importer's transpose to NHWC: the binary op reads the
// transpose of x (a clone; the original transpose and the sign are erased).
// CHECK-LABEL: func.func @onnx_transpose(
// CHECK-SAME: %[[X:[a-z0-9]+]]: tensor<1x4x4x4xf32>
// CHECK-NOT: tosa.select
// CHECK: %[[T:.*]] = tosa.transpose %[[X]]
// CHECK-NOT: tosa.transpose
// CHECK: compress.binary_conv2d %[[T]], {{.*}}input_sign = #compress<input_sign onnx>
func.func @onnx_transpose(%x: tensor<1x4x4x4xf32>) -> tensor<1x4x4x2xf32> {
  %zero = "tosa.const"() {values = dense<0.0> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %one = "tosa.const"() {values = dense<1.0> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %mone = "tosa.const"() {values = dense<-1.0> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %isnum = tosa.equal %x, %x : (tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xi1>
  %nan = tosa.select %isnum, %zero, %x : (tensor<1x4x4x4xi1>, tensor<1x1x1x1xf32>, tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
  %neg = tosa.greater %zero, %x : (tensor<1x1x1x1xf32>, tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xi1>
  %inner = tosa.select %neg, %mone, %nan : (tensor<1x4x4x4xi1>, tensor<1x1x1x1xf32>, tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
  %pos = tosa.greater %x, %zero : (tensor<1x4x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x4x4x4xi1>
  %s = tosa.select %pos, %one, %inner : (tensor<1x4x4x4xi1>, tensor<1x1x1x1xf32>, tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
  %t = tosa.transpose %s {perms = array<i32: 0, 2, 3, 1>} : (tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
  %w = "tosa.const"() {values = dense<1.0> : tensor<2x3x3x4xf32>} : () -> tensor<2x3x3x4xf32>
  %b = "tosa.const"() {values = dense<0.0> : tensor<2xf32>} : () -> tensor<2xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %y = tosa.conv2d %t, %w, %b, %zp, %zp {acc_type = f32, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x4x4x4xf32>, tensor<2x3x3x4xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32> loc("onnx_transpose")
  return %y : tensor<1x4x4x2xf32>
}

// -----

// ONNX Sign, then the importer's Pad (concat of constant 0 slabs): sign(0) = 0, so the
// binary op reads x padded with 0.
// CHECK-LABEL: func.func @onnx_concat_pad_zero(
// CHECK-SAME: %[[X:[a-z0-9]+]]: tensor<1x4x4x4xf32>
// CHECK: %[[P:.*]] = tosa.concat %{{.*}}, %[[X]], %{{.*}} {axis = 1 : i32}
// CHECK: compress.binary_conv2d %[[P]], {{.*}}input_sign = #compress<input_sign onnx>
func.func @onnx_concat_pad_zero(%x: tensor<1x4x4x4xf32>) -> tensor<1x4x4x2xf32> {
  %zero = "tosa.const"() {values = dense<0.0> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %one = "tosa.const"() {values = dense<1.0> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %mone = "tosa.const"() {values = dense<-1.0> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %isnum = tosa.equal %x, %x : (tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xi1>
  %nan = tosa.select %isnum, %zero, %x : (tensor<1x4x4x4xi1>, tensor<1x1x1x1xf32>, tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
  %neg = tosa.greater %zero, %x : (tensor<1x1x1x1xf32>, tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xi1>
  %inner = tosa.select %neg, %mone, %nan : (tensor<1x4x4x4xi1>, tensor<1x1x1x1xf32>, tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
  %pos = tosa.greater %x, %zero : (tensor<1x4x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x4x4x4xi1>
  %s = tosa.select %pos, %one, %inner : (tensor<1x4x4x4xi1>, tensor<1x1x1x1xf32>, tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
  %slab = "tosa.const"() {values = dense<0.0> : tensor<1x1x4x4xf32>} : () -> tensor<1x1x4x4xf32>
  %p = tosa.concat %slab, %s, %slab {axis = 1 : i32} : (tensor<1x1x4x4xf32>, tensor<1x4x4x4xf32>, tensor<1x1x4x4xf32>) -> tensor<1x6x4x4xf32>
  %w = "tosa.const"() {values = dense<1.0> : tensor<2x3x3x4xf32>} : () -> tensor<2x3x3x4xf32>
  %b = "tosa.const"() {values = dense<0.0> : tensor<2xf32>} : () -> tensor<2xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %y = tosa.conv2d %p, %w, %b, %zp, %zp {acc_type = f32, pad = array<i64: 0, 0, 1, 1>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x6x4x4xf32>, tensor<2x3x3x4xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32> loc("onnx_concat_pad_zero")
  return %y : tensor<1x4x4x2xf32>
}

// -----

// ge0 sign, then padding with 0: the binary op would read sign(0) = +1 there, so the
// layer stays float.
// CHECK-LABEL: func.func @ge0_concat_pad_zero(
// CHECK: tosa.conv2d
// REMARK: remark: loc("ge0_concat_pad_zero"): binarize: skipped layer 'ge0_concat_pad_zero': input is not a sign pattern
func.func @ge0_concat_pad_zero(%x: tensor<1x4x4x4xf32>) -> tensor<1x4x4x2xf32> {
  %zero = "tosa.const"() {values = dense<0.0> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %one = "tosa.const"() {values = dense<1.0> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %mone = "tosa.const"() {values = dense<-1.0> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %ge = tosa.greater_equal %x, %zero : (tensor<1x4x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x4x4x4xi1>
  %s = tosa.select %ge, %one, %mone : (tensor<1x4x4x4xi1>, tensor<1x1x1x1xf32>, tensor<1x1x1x1xf32>) -> tensor<1x4x4x4xf32>
  %slab = "tosa.const"() {values = dense<0.0> : tensor<1x1x4x4xf32>} : () -> tensor<1x1x4x4xf32>
  %p = tosa.concat %slab, %s, %slab {axis = 1 : i32} : (tensor<1x1x4x4xf32>, tensor<1x4x4x4xf32>, tensor<1x1x4x4xf32>) -> tensor<1x6x4x4xf32>
  %w = "tosa.const"() {values = dense<1.0> : tensor<2x3x3x4xf32>} : () -> tensor<2x3x3x4xf32>
  %b = "tosa.const"() {values = dense<0.0> : tensor<2xf32>} : () -> tensor<2xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %y = tosa.conv2d %p, %w, %b, %zp, %zp {acc_type = f32, pad = array<i64: 0, 0, 1, 1>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x6x4x4xf32>, tensor<2x3x3x4xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32> loc("ge0_concat_pad_zero")
  return %y : tensor<1x4x4x2xf32>
}

// -----

// ge0 sign, then padding with -1 (its own sign): recognized, reads x padded with -1.
// CHECK-LABEL: func.func @ge0_concat_pad_minus_one(
// CHECK-SAME: %[[X:[a-z0-9]+]]: tensor<1x4x4x4xf32>
// CHECK: %[[P:.*]] = tosa.concat %{{.*}}, %[[X]], %{{.*}} {axis = 1 : i32}
// CHECK: compress.binary_conv2d %[[P]], {{.*}}sign=ge0
// CHECK-NOT: input_sign
func.func @ge0_concat_pad_minus_one(%x: tensor<1x4x4x4xf32>) -> tensor<1x4x4x2xf32> {
  %zero = "tosa.const"() {values = dense<0.0> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %one = "tosa.const"() {values = dense<1.0> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %mone = "tosa.const"() {values = dense<-1.0> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %ge = tosa.greater_equal %x, %zero : (tensor<1x4x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x4x4x4xi1>
  %s = tosa.select %ge, %one, %mone : (tensor<1x4x4x4xi1>, tensor<1x1x1x1xf32>, tensor<1x1x1x1xf32>) -> tensor<1x4x4x4xf32>
  %slab = "tosa.const"() {values = dense<-1.0> : tensor<1x1x4x4xf32>} : () -> tensor<1x1x4x4xf32>
  %p = tosa.concat %slab, %s, %slab {axis = 1 : i32} : (tensor<1x1x4x4xf32>, tensor<1x4x4x4xf32>, tensor<1x1x4x4xf32>) -> tensor<1x6x4x4xf32>
  %w = "tosa.const"() {values = dense<1.0> : tensor<2x3x3x4xf32>} : () -> tensor<2x3x3x4xf32>
  %b = "tosa.const"() {values = dense<0.0> : tensor<2xf32>} : () -> tensor<2xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %y = tosa.conv2d %p, %w, %b, %zp, %zp {acc_type = f32, pad = array<i64: 0, 0, 1, 1>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x6x4x4xf32>, tensor<2x3x3x4xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32> loc("ge0_concat_pad_minus_one")
  return %y : tensor<1x4x4x2xf32>
}

// -----

// ONNX Sign, then tosa.pad with 0: recognized.
// CHECK-LABEL: func.func @onnx_tosa_pad_zero(
// CHECK-SAME: %[[X:[a-z0-9]+]]: tensor<1x4x4x4xf32>
// CHECK: %[[P:.*]] = tosa.pad %[[X]]
// CHECK: compress.binary_conv2d %[[P]], {{.*}}input_sign = #compress<input_sign onnx>
func.func @onnx_tosa_pad_zero(%x: tensor<1x4x4x4xf32>) -> tensor<1x4x4x2xf32> {
  %zero = "tosa.const"() {values = dense<0.0> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %one = "tosa.const"() {values = dense<1.0> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %mone = "tosa.const"() {values = dense<-1.0> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %isnum = tosa.equal %x, %x : (tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xi1>
  %nan = tosa.select %isnum, %zero, %x : (tensor<1x4x4x4xi1>, tensor<1x1x1x1xf32>, tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
  %neg = tosa.greater %zero, %x : (tensor<1x1x1x1xf32>, tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xi1>
  %inner = tosa.select %neg, %mone, %nan : (tensor<1x4x4x4xi1>, tensor<1x1x1x1xf32>, tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
  %pos = tosa.greater %x, %zero : (tensor<1x4x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x4x4x4xi1>
  %s = tosa.select %pos, %one, %inner : (tensor<1x4x4x4xi1>, tensor<1x1x1x1xf32>, tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
  %padding = tosa.const_shape {values = dense<[0, 0, 1, 1, 1, 1, 0, 0]> : tensor<8xindex>} : () -> !tosa.shape<8>
  %pc = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %p = tosa.pad %s, %padding, %pc : (tensor<1x4x4x4xf32>, !tosa.shape<8>, tensor<1xf32>) -> tensor<1x6x6x4xf32>
  %w = "tosa.const"() {values = dense<1.0> : tensor<2x3x3x4xf32>} : () -> tensor<2x3x3x4xf32>
  %b = "tosa.const"() {values = dense<0.0> : tensor<2xf32>} : () -> tensor<2xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %y = tosa.conv2d %p, %w, %b, %zp, %zp {acc_type = f32, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x6x6x4xf32>, tensor<2x3x3x4xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32> loc("onnx_tosa_pad_zero")
  return %y : tensor<1x4x4x2xf32>
}

// -----

// ONNX Sign, then tosa.pad with 0.5 (not a sign value): stays float.
// CHECK-LABEL: func.func @onnx_tosa_pad_half(
// CHECK: tosa.conv2d
// REMARK: remark: loc("onnx_tosa_pad_half"): binarize: skipped layer 'onnx_tosa_pad_half': input is not a sign pattern
func.func @onnx_tosa_pad_half(%x: tensor<1x4x4x4xf32>) -> tensor<1x4x4x2xf32> {
  %zero = "tosa.const"() {values = dense<0.0> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %one = "tosa.const"() {values = dense<1.0> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %mone = "tosa.const"() {values = dense<-1.0> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %isnum = tosa.equal %x, %x : (tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xi1>
  %nan = tosa.select %isnum, %zero, %x : (tensor<1x4x4x4xi1>, tensor<1x1x1x1xf32>, tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
  %neg = tosa.greater %zero, %x : (tensor<1x1x1x1xf32>, tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xi1>
  %inner = tosa.select %neg, %mone, %nan : (tensor<1x4x4x4xi1>, tensor<1x1x1x1xf32>, tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
  %pos = tosa.greater %x, %zero : (tensor<1x4x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x4x4x4xi1>
  %s = tosa.select %pos, %one, %inner : (tensor<1x4x4x4xi1>, tensor<1x1x1x1xf32>, tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
  %padding = tosa.const_shape {values = dense<[0, 0, 1, 1, 1, 1, 0, 0]> : tensor<8xindex>} : () -> !tosa.shape<8>
  %pc = "tosa.const"() {values = dense<0.5> : tensor<1xf32>} : () -> tensor<1xf32>
  %p = tosa.pad %s, %padding, %pc : (tensor<1x4x4x4xf32>, !tosa.shape<8>, tensor<1xf32>) -> tensor<1x6x6x4xf32>
  %w = "tosa.const"() {values = dense<1.0> : tensor<2x3x3x4xf32>} : () -> tensor<2x3x3x4xf32>
  %b = "tosa.const"() {values = dense<0.0> : tensor<2xf32>} : () -> tensor<2xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %y = tosa.conv2d %p, %w, %b, %zp, %zp {acc_type = f32, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x6x6x4xf32>, tensor<2x3x3x4xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32> loc("onnx_tosa_pad_half")
  return %y : tensor<1x4x4x2xf32>
}

// -----

// A sign with a second user (returned): the layer reads x, the sign stays for the other.
// CHECK-LABEL: func.func @onnx_two_users(
// CHECK-SAME: %[[X:[a-z0-9]+]]: tensor<1x4x4x4xf32>
// CHECK: tosa.greater %[[X]], %{{.*}} :
// CHECK-NEXT: %[[S:.*]] = tosa.select
// CHECK: %[[Y:.*]] = compress.binary_conv2d %[[X]], {{.*}}input_sign = #compress<input_sign onnx>
// CHECK: return %[[Y]], %[[S]]
func.func @onnx_two_users(%x: tensor<1x4x4x4xf32>) -> (tensor<1x4x4x2xf32>, tensor<1x4x4x4xf32>) {
  %zero = "tosa.const"() {values = dense<0.0> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %one = "tosa.const"() {values = dense<1.0> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %mone = "tosa.const"() {values = dense<-1.0> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %isnum = tosa.equal %x, %x : (tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xi1>
  %nan = tosa.select %isnum, %zero, %x : (tensor<1x4x4x4xi1>, tensor<1x1x1x1xf32>, tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
  %neg = tosa.greater %zero, %x : (tensor<1x1x1x1xf32>, tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xi1>
  %inner = tosa.select %neg, %mone, %nan : (tensor<1x4x4x4xi1>, tensor<1x1x1x1xf32>, tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
  %pos = tosa.greater %x, %zero : (tensor<1x4x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x4x4x4xi1>
  %s = tosa.select %pos, %one, %inner : (tensor<1x4x4x4xi1>, tensor<1x1x1x1xf32>, tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
  %w = "tosa.const"() {values = dense<1.0> : tensor<2x3x3x4xf32>} : () -> tensor<2x3x3x4xf32>
  %b = "tosa.const"() {values = dense<0.0> : tensor<2xf32>} : () -> tensor<2xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %y = tosa.conv2d %s, %w, %b, %zp, %zp {acc_type = f32, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x4x4x4xf32>, tensor<2x3x3x4xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32> loc("onnx_two_users")
  return %y, %s : tensor<1x4x4x2xf32>, tensor<1x4x4x4xf32>
}
