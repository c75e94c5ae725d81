// RUN: compress-opt %s -split-input-file --compress-binarize 2>/dev/null | FileCheck %s
// RUN: compress-opt %s -split-input-file --compress-binarize -o /dev/null 2>&1 | FileCheck %s --check-prefix=REMARK
// RUN: compress-opt %s -split-input-file --compress-binarize="layers=conv_b" -o /dev/null 2>&1 | FileCheck %s --check-prefix=LAYERS
// RUN: compress-opt %s -split-input-file --compress-binarize=mode=force 2>/dev/null | FileCheck %s --check-prefix=FORCE
// RUN: compress-opt %s -split-input-file --compress-binarize=mode=force -o /dev/null 2>&1 | FileCheck %s --check-prefix=FREMARK
// RUN: compress-opt %s -split-input-file --compress-binarize="mode=force layers=conv_first,conv_1x1,dw,conv_last" -o /dev/null 2>&1 | FileCheck %s --check-prefix=NAMED
// Recognized layers come back through the decompress oracle as sign(x) and the same ±α weight.
// RUN: compress-opt %s -split-input-file --compress-binarize --compress-decompress --canonicalize 2>/dev/null | FileCheck %s --check-prefix=ROUNDTRIP
// RUN: not compress-opt %s --compress-binarize=mode=bogus -o /dev/null --mlir-print-op-on-diagnostic=false 2>&1 | FileCheck %s --check-prefix=MODE
// MODE: for the --mode option: Cannot find option named 'bogus'!

// Recognize, select(x >= 0, +1, -1): rows (0.5, -0.5, 0.5 | -0.5, -0.5, 0.5) and
// (-2, 2, 2 | 2, 2, 2) are ±α with α = (0.5, 2); bit 1 = -1, channel c = bit c:
// taps 0b010 = 2, 0b011 = 3 and 0b001 = 1, 0; exact. The sign ops are gone.
// CHECK-LABEL: func.func @conv_ge0(
// CHECK-SAME: %[[X:[a-z0-9]+]]: tensor<1x4x4x3xf32>
// CHECK-NOT: tosa.select
// CHECK-NOT: tosa.greater_equal
// CHECK-DAG: %[[BITS:.*]] = arith.constant dense<{{\[}}[{{\[}}[2], [3]]], {{\[}}[{{\[}}1], [0]]]]> : tensor<2x1x2x1xi64>
// CHECK-DAG: %[[A:.*]] = arith.constant dense<[5.000000e-01, 2.000000e+00]> : tensor<2xf32>
// CHECK: compress.binary_conv2d %[[X]], %[[BITS]], %[[A]], %{{.*}} {compress.layer = #compress.layer<name = "conv_a", method = "binary", params = "mode=recognize sign=ge0 binary_macs=144", weight_bytes_before = 48, weight_bytes_after = 40, macs_before = 144, macs_after = 48, rel_error = 0.000000e+00 : f64, weight_norm = {{[^>]*}}>, dilations = array<i64: 1, 1>, groups = 1 : i64, pad = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>}
// CHECK-NOT: tosa.conv2d
// REMARK: remark: loc("conv_a"): binarize: layer 'conv_a' mode=recognize sign=ge0 binary_macs=144: weight bytes 48 -> 40, MACs 144 -> 48 popcount words, rel_error 0.000000e+00
// LAYERS-NOT: loc("conv_a")
// FORCE-LABEL: func.func @conv_ge0(
// FORCE: tosa.conv2d
// FREMARK: remark: loc("conv_a"): binarize: skipped layer 'conv_a': first conv (3 input channels) stays float unless named
// ROUNDTRIP-LABEL: func.func @conv_ge0(
// ROUNDTRIP-DAG: %[[ALPHA:.*]] = "tosa.const"() <{values = dense<{{\[}}[{{\[}}[5.000000e-01, 2.000000e+00]]]]>
// ROUNDTRIP-DAG: %[[SIGNS:.*]] = "tosa.const"() <{values = dense<{{\[}}[{{\[}}[1.000000e+00, -1.000000e+00, 1.000000e+00], [-1.000000e+00, -1.000000e+00, 1.000000e+00]]], {{\[}}[{{\[}}-1.000000e+00, 1.000000e+00, 1.000000e+00], [1.000000e+00, 1.000000e+00, 1.000000e+00]]]]>
// ROUNDTRIP: %[[GE:.*]] = tosa.greater_equal %arg0
// ROUNDTRIP: %[[S:.*]] = tosa.select %[[GE]]
// ROUNDTRIP: %[[C:.*]] = tosa.conv2d %[[S]], %[[SIGNS]]
// ROUNDTRIP: tosa.mul %[[C]], %[[ALPHA]]
func.func @conv_ge0(%x: tensor<1x4x4x3xf32>) -> tensor<1x4x3x2xf32> {
  %zero = "tosa.const"() {values = dense<0.0> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %one = "tosa.const"() {values = dense<1.0> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %mone = "tosa.const"() {values = dense<-1.0> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %ge = tosa.greater_equal %x, %zero : (tensor<1x4x4x3xf32>, tensor<1x1x1x1xf32>) -> tensor<1x4x4x3xi1>
  %s = tosa.select %ge, %one, %mone : (tensor<1x4x4x3xi1>, tensor<1x1x1x1xf32>, tensor<1x1x1x1xf32>) -> tensor<1x4x4x3xf32>
  %w = "tosa.const"() {values = dense<[[[[0.5, -0.5, 0.5], [-0.5, -0.5, 0.5]]], [[[-2.0, 2.0, 2.0], [2.0, 2.0, 2.0]]]]> : tensor<2x1x2x3xf32>} : () -> tensor<2x1x2x3xf32>
  %b = "tosa.const"() {values = dense<[0.25, -1.0]> : tensor<2xf32>} : () -> tensor<2xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %y = tosa.conv2d %s, %w, %b, %zp, %zp {acc_type = f32, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x4x4x3xf32>, tensor<2x1x2x3xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x3x2xf32> loc("conv_a")
  return %y : tensor<1x4x3x2xf32>
}

// -----

// Recognize, the three-valued ONNX Sign select(x > 0, 1, select(0 > x, -1, 0)) in front
// of a tosa.matmul [1, 2, 70] x [1, 70, 2]: W = Bᵀ, columns ±(0.25, 1); K = 70 needs
// two words. The binary op takes ONNX's sign (input_sign = onnx: sign(0) = 0), exact.
// CHECK-LABEL: func.func @matmul_onnx_sign(
// CHECK-SAME: %[[X:[a-z0-9]+]]: tensor<1x2x70xf32>
// CHECK: %[[A:.*]] = tensor.collapse_shape %[[X]] {{\[}}[0, 1], [2]] : tensor<1x2x70xf32> into tensor<2x70xf32>
// CHECK: %[[Y:.*]] = compress.binary_matmul %[[A]], %{{.*}}, %{{.*}}, %{{.*}} {compress.layer = #compress.layer<name = "fc", method = "binary", params = "mode=recognize sign=onnx binary_macs=280", weight_bytes_before = 560, weight_bytes_after = 40, macs_before = 280, macs_after = 8, rel_error = 0.000000e+00 : f64, weight_norm = {{[^>]*}}>, input_sign = #compress<input_sign onnx>} : (tensor<2x70xf32>, tensor<2x2xi64>, tensor<2xf32>, tensor<2xf32>) -> tensor<2x2xf32>
// CHECK: tensor.expand_shape %[[Y]] {{\[}}[0, 1], [2]] output_shape [1, 2, 2]
// CHECK-NOT: tosa.select
// REMARK: remark: loc("fc"): binarize: layer 'fc' mode=recognize sign=onnx
// LAYERS-NOT: loc("fc")
// FREMARK: remark: loc("fc"): binarize: skipped layer 'fc': last layer stays float unless named
func.func @matmul_onnx_sign(%x: tensor<1x2x70xf32>) -> tensor<1x2x2xf32> {
  %zero = "tosa.const"() {values = dense<0.0> : tensor<1x1x1xf32>} : () -> tensor<1x1x1xf32>
  %one = "tosa.const"() {values = dense<1.0> : tensor<1x1x1xf32>} : () -> tensor<1x1x1xf32>
  %mone = "tosa.const"() {values = dense<-1.0> : tensor<1x1x1xf32>} : () -> tensor<1x1x1xf32>
  %pos = tosa.greater %x, %zero : (tensor<1x2x70xf32>, tensor<1x1x1xf32>) -> tensor<1x2x70xi1>
  %neg = tosa.greater %zero, %x : (tensor<1x1x1xf32>, tensor<1x2x70xf32>) -> tensor<1x2x70xi1>
  %inner = tosa.select %neg, %mone, %zero : (tensor<1x2x70xi1>, tensor<1x1x1xf32>, tensor<1x1x1xf32>) -> tensor<1x2x70xf32>
  %s = tosa.select %pos, %one, %inner : (tensor<1x2x70xi1>, tensor<1x1x1xf32>, tensor<1x2x70xf32>) -> tensor<1x2x70xf32>
  %w = "tosa.const"() {values = dense<[[[-0.25, -1.0], [0.25, 1.0], [-0.25, -1.0], [0.25, 1.0], [-0.25, -1.0], [0.25, 1.0], [0.25, -1.0], [-0.25, -1.0], [0.25, -1.0], [-0.25, -1.0], [-0.25, 1.0], [-0.25, 1.0], [0.25, 1.0], [0.25, 1.0], [0.25, -1.0], [0.25, -1.0], [-0.25, -1.0], [0.25, -1.0], [0.25, 1.0], [0.25, 1.0], [0.25, 1.0], [0.25, -1.0], [0.25, -1.0], [0.25, -1.0], [0.25, -1.0], [-0.25, 1.0], [0.25, -1.0], [-0.25, 1.0], [0.25, -1.0], [0.25, -1.0], [0.25, -1.0], [-0.25, 1.0], [0.25, 1.0], [-0.25, -1.0], [-0.25, 1.0], [0.25, 1.0], [-0.25, -1.0], [0.25, -1.0], [-0.25, -1.0], [-0.25, -1.0], [0.25, 1.0], [0.25, -1.0], [-0.25, 1.0], [0.25, 1.0], [-0.25, 1.0], [0.25, 1.0], [0.25, -1.0], [0.25, 1.0], [-0.25, 1.0], [0.25, 1.0], [0.25, 1.0], [-0.25, 1.0], [0.25, -1.0], [0.25, -1.0], [-0.25, 1.0], [0.25, 1.0], [0.25, 1.0], [0.25, -1.0], [-0.25, -1.0], [0.25, 1.0], [0.25, 1.0], [0.25, -1.0], [0.25, -1.0], [0.25, 1.0], [0.25, 1.0], [0.25, -1.0], [-0.25, -1.0], [0.25, -1.0], [0.25, -1.0], [0.25, -1.0]]]> : tensor<1x70x2xf32>} : () -> tensor<1x70x2xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %y = tosa.matmul %s, %w, %zp, %zp : (tensor<1x2x70xf32>, tensor<1x70x2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2xf32> loc("fc")
  return %y : tensor<1x2x2xf32>
}

// -----

// Recognize skips: the input is not a sign pattern (a select with other constants),
// the weight rows are not ±α, the weight is not a constant. Force mode binarizes
// conv_b (α = mean |W| = 1.5, rel_error = √0.1) and conv_c (a sign pattern in front
// is absorbed), but not conv_d, whose weight is not a constant (the layer checks of
// matchLayerWeight come before the force-mode policy, so not "last layer").
// CHECK-LABEL: func.func @skips(
// CHECK-COUNT-3: tosa.conv2d
// CHECK-NOT: compress.binary_conv2d
// REMARK: remark: loc("conv_b"): binarize: skipped layer 'conv_b': input is not a sign pattern (select(x >= 0, 1, -1) or the select chain of ONNX Sign, possibly behind transpose / reshape / slice / padding by its own sign)
// REMARK: remark: loc("conv_c"): binarize: skipped layer 'conv_c': weight rows are not +-alpha per output channel
// REMARK: remark: loc("conv_d"): binarize: skipped layer 'conv_d': weight is not a constant
// LAYERS: warning: loc("conv_b"): binarize: skipped layer 'conv_b'
// LAYERS-NOT: remark
// FREMARK: remark: loc("conv_b"): binarize: layer 'conv_b' mode=force alpha=mean|W| binary_macs=1152: weight bytes 288 -> 152, MACs 1152 -> 288 popcount words, rel_error 3.162278e-01
// FREMARK: remark: loc("conv_c"): binarize: layer 'conv_c' mode=force alpha=mean|W| sign=ge0
// FREMARK: remark: loc("conv_d"): binarize: skipped layer 'conv_d': weight is not a constant
func.func @skips(%x: tensor<1x4x4x4xf32>, %wd: tensor<2x3x3x4xf32>) -> tensor<1x4x4x2xf32> {
  %zero = "tosa.const"() {values = dense<0.0> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %one = "tosa.const"() {values = dense<1.0> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %mone = "tosa.const"() {values = dense<-1.0> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %two = "tosa.const"() {values = dense<2.0> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %ge = tosa.greater_equal %x, %zero : (tensor<1x4x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x4x4x4xi1>
  %notsign = tosa.select %ge, %two, %mone : (tensor<1x4x4x4xi1>, tensor<1x1x1x1xf32>, tensor<1x1x1x1xf32>) -> tensor<1x4x4x4xf32>
  %s = tosa.select %ge, %one, %mone : (tensor<1x4x4x4xi1>, tensor<1x1x1x1xf32>, tensor<1x1x1x1xf32>) -> tensor<1x4x4x4xf32>
  %w = "tosa.const"() {values = dense<[[[[1.0, -2.0, 1.0, 2.0]]], [[[-1.0, 2.0, 1.0, -2.0]]]]> : tensor<2x1x1x4xf32>} : () -> tensor<2x1x1x4xf32>
  %w3 = "tosa.const"() {values = dense<[[[[1.0, -2.0, 1.0, -2.0], [-1.0, 2.0, -1.0, 2.0], [-1.0, -2.0, 1.0, -2.0]], [[1.0, -2.0, -1.0, 2.0], [-1.0, 2.0, -1.0, -2.0], [1.0, -2.0, 1.0, -2.0]], [[-1.0, 2.0, -1.0, 2.0], [-1.0, -2.0, 1.0, -2.0], [1.0, -2.0, -1.0, 2.0]]], [[[1.0, -2.0, -1.0, 2.0], [-1.0, 2.0, -1.0, -2.0], [1.0, -2.0, 1.0, -2.0]], [[-1.0, 2.0, -1.0, 2.0], [-1.0, -2.0, 1.0, -2.0], [1.0, -2.0, -1.0, 2.0]], [[-1.0, 2.0, -1.0, -2.0], [1.0, -2.0, 1.0, -2.0], [-1.0, 2.0, -1.0, 2.0]]]]> : tensor<2x3x3x4xf32>} : () -> tensor<2x3x3x4xf32>
  %b = "tosa.const"() {values = dense<0.0> : tensor<2xf32>} : () -> tensor<2xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %y1 = tosa.conv2d %notsign, %w3, %b, %zp, %zp {acc_type = f32, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x4x4x4xf32>, tensor<2x3x3x4xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32> loc("conv_b")
  %y2 = tosa.conv2d %s, %w3, %b, %zp, %zp {acc_type = f32, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x4x4x4xf32>, tensor<2x3x3x4xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32> loc("conv_c")
  %y3 = tosa.conv2d %s, %wd, %b, %zp, %zp {acc_type = f32, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x4x4x4xf32>, tensor<2x3x3x4xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32> loc("conv_d")
  %a = tosa.add %y1, %y2 : (tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  %r = tosa.add %a, %y3 : (tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  return %r : tensor<1x4x4x2xf32>
}

// -----

// FORCE-LABEL: func.func @chain(
// FORCE: tosa.conv2d
// FORCE: compress.binary_conv2d {{.*}}name = "conv_mid"{{.*}}rel_error = 0.44721359549995793 : f64
// FORCE: tosa.conv2d
// FORCE: tosa.depthwise_conv2d
// FORCE: tosa.conv2d
// FREMARK: remark: loc("conv_first"): binarize: skipped layer 'conv_first': first conv (3 input channels) stays float unless named
// FREMARK: remark: loc("conv_mid"): binarize: layer 'conv_mid' mode=force alpha=mean|W| binary_macs=5184: weight bytes 576 -> 304, MACs 5184 -> 1296 popcount words, rel_error 4.472136e-01
// FREMARK: remark: loc("conv_1x1"): binarize: skipped layer 'conv_1x1': 1x1 conv stays float unless named
// FREMARK: remark: loc("dw"): binarize: skipped layer 'dw': depthwise conv stays float unless named
// FREMARK: remark: loc("conv_last"): binarize: skipped layer 'conv_last': last layer stays float unless named
// NAMED: remark: loc("conv_first"): binarize: layer 'conv_first' mode=force
// NAMED-NOT: conv_mid
// NAMED: remark: loc("conv_1x1"): binarize: layer 'conv_1x1' mode=force
// NAMED: warning: loc("dw"): binarize: skipped layer 'dw': does not pay: weight bytes 144 -> 304
// NAMED: remark: loc("conv_last"): binarize: layer 'conv_last' mode=force
// Force mode: a chain first conv (C = 3) -> 3x3 -> 1x1 -> depthwise -> last conv.
func.func @chain(%x: tensor<1x6x6x3xf32>) -> tensor<1x6x6x2xf32> {
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %w_conv_first = "tosa.const"() {values = dense<[[[[-1.0, 3.0, 1.0], [-3.0, -1.0, 3.0], [1.0, -3.0, 1.0]], [[3.0, -1.0, -3.0], [1.0, 3.0, -1.0], [3.0, 1.0, -3.0]], [[-1.0, 3.0, 1.0], [-3.0, 1.0, 3.0], [-1.0, -3.0, 1.0]]], [[[1.0, -3.0, -1.0], [3.0, 1.0, -3.0], [1.0, 3.0, -1.0]], [[-3.0, 1.0, 3.0], [-1.0, 3.0, 1.0], [-3.0, -1.0, 3.0]], [[1.0, -3.0, 1.0], [3.0, -1.0, -3.0], [1.0, 3.0, -1.0]]], [[[-1.0, 3.0, 1.0], [-3.0, 1.0, 3.0], [-1.0, -3.0, 1.0]], [[3.0, -1.0, 3.0], [1.0, -3.0, -1.0], [3.0, 1.0, -3.0]], [[1.0, 3.0, -1.0], [-3.0, 1.0, 3.0], [-1.0, 3.0, 1.0]]], [[[1.0, -3.0, 1.0], [3.0, -1.0, -3.0], [1.0, 3.0, -1.0]], [[3.0, 1.0, -3.0], [-1.0, 3.0, 1.0], [-3.0, 1.0, 3.0]], [[-1.0, -3.0, 1.0], [3.0, -1.0, 3.0], [1.0, -3.0, -1.0]]]]> : tensor<4x3x3x3xf32>} : () -> tensor<4x3x3x3xf32>
  %b_conv_first = "tosa.const"() {values = dense<0.5> : tensor<4xf32>} : () -> tensor<4xf32>
  %y1 = tosa.conv2d %x, %w_conv_first, %b_conv_first, %zp, %zp {acc_type = f32, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x6x6x3xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x6x6x4xf32> loc("conv_first")
  %w_conv_mid = "tosa.const"() {values = dense<[[[[-1.0, -3.0, 1.0, 3.0], [-1.0, 3.0, 1.0, -3.0], [-1.0, 3.0, 1.0, -3.0]], [[1.0, 3.0, -1.0, -3.0], [1.0, 3.0, -1.0, 3.0], [1.0, -3.0, -1.0, 3.0]], [[1.0, -3.0, 1.0, 3.0], [-1.0, -3.0, 1.0, 3.0], [-1.0, 3.0, 1.0, -3.0]]], [[[1.0, 3.0, -1.0, 3.0], [1.0, -3.0, -1.0, 3.0], [1.0, -3.0, 1.0, 3.0]], [[-1.0, -3.0, 1.0, 3.0], [-1.0, 3.0, 1.0, -3.0], [-1.0, 3.0, 1.0, -3.0]], [[1.0, 3.0, -1.0, -3.0], [1.0, 3.0, -1.0, 3.0], [1.0, -3.0, -1.0, 3.0]]], [[[-1.0, 3.0, 1.0, -3.0], [-1.0, 3.0, 1.0, -3.0], [1.0, 3.0, -1.0, -3.0]], [[1.0, 3.0, -1.0, 3.0], [1.0, -3.0, -1.0, 3.0], [1.0, -3.0, 1.0, 3.0]], [[-1.0, -3.0, 1.0, 3.0], [-1.0, 3.0, 1.0, -3.0], [-1.0, 3.0, 1.0, -3.0]]], [[[1.0, -3.0, -1.0, 3.0], [1.0, -3.0, 1.0, 3.0], [-1.0, -3.0, 1.0, 3.0]], [[-1.0, 3.0, 1.0, -3.0], [-1.0, 3.0, 1.0, -3.0], [1.0, 3.0, -1.0, -3.0]], [[1.0, 3.0, -1.0, 3.0], [1.0, -3.0, -1.0, 3.0], [1.0, -3.0, 1.0, 3.0]]]]> : tensor<4x3x3x4xf32>} : () -> tensor<4x3x3x4xf32>
  %b_conv_mid = "tosa.const"() {values = dense<0.5> : tensor<4xf32>} : () -> tensor<4xf32>
  %y2 = tosa.conv2d %y1, %w_conv_mid, %b_conv_mid, %zp, %zp {acc_type = f32, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x6x6x4xf32>, tensor<4x3x3x4xf32>, tensor<4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x6x6x4xf32> loc("conv_mid")
  %w_conv_1x1 = "tosa.const"() {values = dense<[[[[1.0, -3.0, 1.0, 3.0]]], [[[1.0, 3.0, -1.0, -3.0]]], [[[-1.0, -3.0, 1.0, 3.0]]], [[[1.0, 3.0, -1.0, 3.0]]]]> : tensor<4x1x1x4xf32>} : () -> tensor<4x1x1x4xf32>
  %b_conv_1x1 = "tosa.const"() {values = dense<0.5> : tensor<4xf32>} : () -> tensor<4xf32>
  %y3 = tosa.conv2d %y2, %w_conv_1x1, %b_conv_1x1, %zp, %zp {acc_type = f32, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x6x6x4xf32>, tensor<4x1x1x4xf32>, tensor<4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x6x6x4xf32> loc("conv_1x1")
  %w_dw = "tosa.const"() {values = dense<[[[[1.0], [-3.0], [-1.0], [3.0]], [[1.0], [-3.0], [1.0], [3.0]], [[-1.0], [-3.0], [1.0], [3.0]]], [[[-1.0], [3.0], [1.0], [-3.0]], [[-1.0], [3.0], [1.0], [-3.0]], [[1.0], [3.0], [-1.0], [-3.0]]], [[[1.0], [3.0], [-1.0], [3.0]], [[1.0], [-3.0], [-1.0], [3.0]], [[1.0], [-3.0], [1.0], [3.0]]]]> : tensor<3x3x4x1xf32>} : () -> tensor<3x3x4x1xf32>
  %b_dw = "tosa.const"() {values = dense<0.0> : tensor<4xf32>} : () -> tensor<4xf32>
  %y4 = tosa.depthwise_conv2d %y3, %w_dw, %b_dw, %zp, %zp {acc_type = f32, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x6x6x4xf32>, tensor<3x3x4x1xf32>, tensor<4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x6x6x4xf32> loc("dw")
  %w_conv_last = "tosa.const"() {values = dense<[[[[1.0, 3.0, -1.0, 3.0], [1.0, -3.0, -1.0, 3.0], [1.0, -3.0, 1.0, 3.0]], [[-1.0, -3.0, 1.0, 3.0], [-1.0, 3.0, 1.0, -3.0], [-1.0, 3.0, 1.0, -3.0]], [[1.0, 3.0, -1.0, -3.0], [1.0, 3.0, -1.0, 3.0], [1.0, -3.0, -1.0, 3.0]]], [[[-1.0, 3.0, 1.0, -3.0], [-1.0, 3.0, 1.0, -3.0], [1.0, 3.0, -1.0, -3.0]], [[1.0, 3.0, -1.0, 3.0], [1.0, -3.0, -1.0, 3.0], [1.0, -3.0, 1.0, 3.0]], [[-1.0, -3.0, 1.0, 3.0], [-1.0, 3.0, 1.0, -3.0], [-1.0, 3.0, 1.0, -3.0]]]]> : tensor<2x3x3x4xf32>} : () -> tensor<2x3x3x4xf32>
  %b_conv_last = "tosa.const"() {values = dense<0.5> : tensor<2xf32>} : () -> tensor<2xf32>
  %y5 = tosa.conv2d %y4, %w_conv_last, %b_conv_last, %zp, %zp {acc_type = f32, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x6x6x4xf32>, tensor<2x3x3x4xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x6x6x2xf32> loc("conv_last")
  return %y5 : tensor<1x6x6x2xf32>
}
