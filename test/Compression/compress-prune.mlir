// RUN: compress-opt %s -split-input-file --compress-prune -verify-diagnostics | FileCheck %s
// RUN: compress-opt %s -split-input-file --compress-prune="sparsity=0.5 scope=global" 2>/dev/null | FileCheck %s --check-prefix=GLOBAL
// RUN: compress-opt %s -split-input-file --compress-prune="sparsity=0.75 layers=b,fc" 2>/dev/null | FileCheck %s --check-prefix=LAYERS
// RUN: compress-opt %s -split-input-file --compress-prune=sparsity=0 2>/dev/null | FileCheck %s --check-prefix=ZERO
// Prune then sparsify: the sparse op carries the pruning's params and error.
// RUN: compress-opt %s -split-input-file --compress-prune --compress-sparsify=min-sparsity=0.5 2>/dev/null | FileCheck %s --check-prefix=SPARSE

// Option errors: a diagnostic and a pass failure.
// RUN: not compress-opt %s --compress-prune=sparsity=1 -o /dev/null --mlir-print-op-on-diagnostic=false 2>&1 | FileCheck %s --check-prefix=SP1
// RUN: not compress-opt %s --compress-prune=sparsity=-0.25 -o /dev/null --mlir-print-op-on-diagnostic=false 2>&1 | FileCheck %s --check-prefix=SPNEG
// RUN: not compress-opt %s --compress-prune=scope=model -o /dev/null --mlir-print-op-on-diagnostic=false 2>&1 | FileCheck %s --check-prefix=SCOPE
// SP1: error: compress-prune: sparsity must be in [0, 1), got 1.000000e+00
// SPNEG: error: compress-prune: sparsity must be in [0, 1), got -2.500000e-01
// SCOPE: for the --scope option: Cannot find option named 'model'!

// Half of 4 weights: the two smallest magnitudes (0.1, 0.3) go.
// rel_error = sqrt(0.1^2 + 0.3^2) / sqrt(0.1^2 + 2^2 + 0.3^2 + 4^2) = 7.0535e-02.
// CHECK-LABEL: func.func @conv
// CHECK: %[[W:.*]] = "tosa.const"() <{values = dense<{{\[}}[{{\[}}[0.000000e+00, -2.000000e+00, 0.000000e+00, 4.000000e+00]]]]> : tensor<1x1x1x4xf32>}>
// CHECK: tosa.conv2d %arg0, %[[W]], {{.*}}compress.layer = #compress.layer<name = "a", method = "prune", params = "sparsity=0.50 scope=layer", weight_bytes_before = 16, weight_bytes_after = 16, rel_error = 0.0705345{{[0-9]+}} : f64, weight_norm = {{[^>]*}}>
// GLOBAL-LABEL: func.func @conv
// GLOBAL: dense<{{\[}}[{{\[}}[0.000000e+00, -2.000000e+00, 0.000000e+00, 4.000000e+00]]]]>
// LAYERS-LABEL: func.func @conv
// LAYERS: dense<{{\[}}[{{\[}}[1.000000e-01, -2.000000e+00, 3.000000e-01, 4.000000e+00]]]]>
// LAYERS-NOT: compress.layer
// ZERO-LABEL: func.func @conv
// ZERO: dense<{{\[}}[{{\[}}[1.000000e-01, -2.000000e+00, 3.000000e-01, 4.000000e+00]]]]>
// ZERO: params = "sparsity=0.00 scope=layer", weight_bytes_before = 16, weight_bytes_after = 16, rel_error = 0.000000e+00 : f64
// SPARSE-LABEL: func.func @conv
// SPARSE: compress.sparse_conv2d
// SPARSE-SAME: compress.layer = #compress.layer<name = "a", method = "prune+sparse", params = "prune(sparsity=0.50 scope=layer) sparsity=0.50", weight_bytes_before = 16, weight_bytes_after = 24, macs_before = 64, macs_after = 32, rel_error = 0.0705345{{[0-9]+}} : f64, weight_norm = {{[^>]*}}>
func.func @conv(%x: tensor<1x4x4x4xf32>, %b: tensor<1xf32>) -> tensor<1x4x4x1xf32> {
  %w = "tosa.const"() {values = dense<[[[[0.1, -2.0, 0.3, 4.0]]]]> : tensor<1x1x1x4xf32>} : () -> tensor<1x1x1x4xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  // expected-remark@unknown {{prune: layer 'a' sparsity=0.50 scope=layer: 2 of 4 weights zero (sparsity 0.50), rel_error 7.053456e-02}}
  %y = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x4x4x4xf32>, tensor<1x1x1x4xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x1xf32> loc("a")
  return %y : tensor<1x4x4x1xf32>
}

// -----

// Per layer, each loses its two smallest; globally, the 4 smallest of all 8 are
// all of layer 'a'. Equal magnitudes are broken by position (-1 before 1 at
// index 0 and 1 of 'b' at 0.75: three of four go).
// CHECK-LABEL: func.func @two_layers
// CHECK: dense<{{\[}}[{{\[}}[0.000000e+00, 0.000000e+00, 3.000000e-01, 4.000000e-01]]]]>
// CHECK: dense<{{\[}}[{{\[}}[0.000000e+00, 0.000000e+00, -1.000000e+00, 1.000000e+00]]]]>
// GLOBAL-LABEL: func.func @two_layers
// GLOBAL: dense<0.000000e+00> : tensor<1x1x1x4xf32>
// GLOBAL: compress.layer = #compress.layer<name = "a", method = "prune", params = "sparsity=0.50 scope=global", weight_bytes_before = {{[0-9]+}}, weight_bytes_after = {{[0-9]+}}, rel_error = 1.000000e+00 : f64
// GLOBAL: dense<{{\[}}[{{\[}}[-1.000000e+00, 1.000000e+00, -1.000000e+00, 1.000000e+00]]]]>
// GLOBAL: compress.layer = #compress.layer<name = "b", method = "prune", params = "sparsity=0.50 scope=global", weight_bytes_before = {{[0-9]+}}, weight_bytes_after = {{[0-9]+}}, rel_error = 0.000000e+00 : f64
// LAYERS-LABEL: func.func @two_layers
// LAYERS: dense<{{\[}}[{{\[}}[1.000000e-01, 2.000000e-01, 3.000000e-01, 4.000000e-01]]]]>
// LAYERS: dense<{{\[}}[{{\[}}[0.000000e+00, 0.000000e+00, 0.000000e+00, 1.000000e+00]]]]>
// LAYERS: params = "sparsity=0.75 scope=layer"
func.func @two_layers(%x: tensor<1x4x4x4xf32>, %b: tensor<1xf32>) -> (tensor<1x4x4x1xf32>, tensor<1x4x4x1xf32>) {
  %wa = "tosa.const"() {values = dense<[[[[0.1, 0.2, 0.3, 0.4]]]]> : tensor<1x1x1x4xf32>} : () -> tensor<1x1x1x4xf32>
  %wb = "tosa.const"() {values = dense<[[[[-1.0, 1.0, -1.0, 1.0]]]]> : tensor<1x1x1x4xf32>} : () -> tensor<1x1x1x4xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  // expected-remark@unknown {{prune: layer 'a' sparsity=0.50 scope=layer: 2 of 4 weights zero}}
  %ya = tosa.conv2d %x, %wa, %b, %zp, %zp {acc_type = f32, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x4x4x4xf32>, tensor<1x1x1x4xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x1xf32> loc("a")
  // expected-remark@unknown {{prune: layer 'b' sparsity=0.50 scope=layer: 2 of 4 weights zero}}
  %yb = tosa.conv2d %x, %wb, %b, %zp, %zp {acc_type = f32, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x4x4x4xf32>, tensor<1x1x1x4xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x1xf32> loc("b")
  return %ya, %yb : tensor<1x4x4x1xf32>, tensor<1x4x4x1xf32>
}

// -----

// Depthwise and matmul weights; existing zeros count towards the target:
// 3 of 6 matmul weights, one of them already 0.
// CHECK-LABEL: func.func @depthwise_matmul
// CHECK: dense<{{\[\[\[\[}}0.000000e+00], [5.000000e+00]], {{\[\[}}-6.000000e+00], [0.000000e+00]]]]> : tensor<1x2x2x1xf32>
// CHECK: tosa.depthwise_conv2d
// CHECK: dense<{{\[}}[{{\[}}0.000000e+00, 0.000000e+00], [3.000000e+00, 0.000000e+00], [-5.000000e+00, 7.000000e+00]]]> : tensor<1x3x2xf32>
// CHECK: tosa.matmul
// LAYERS-LABEL: func.func @depthwise_matmul
// LAYERS: dense<{{\[\[\[\[}}1.000000e+00], [5.000000e+00]], {{\[\[}}-6.000000e+00], [2.000000e+00]]]]> : tensor<1x2x2x1xf32>
// LAYERS: dense<{{\[}}[{{\[}}0.000000e+00, 0.000000e+00], [0.000000e+00, 0.000000e+00], [-5.000000e+00, 7.000000e+00]]]> : tensor<1x3x2xf32>
// SPARSE-LABEL: func.func @depthwise_matmul
// SPARSE: compress.sparse_conv2d
// SPARSE: compress.sparse_matmul
func.func @depthwise_matmul(%x: tensor<1x3x3x2xf32>, %bias: tensor<2xf32>, %a: tensor<1x5x3xf32>) -> (tensor<1x3x2x2xf32>, tensor<1x5x2xf32>) {
  %w = "tosa.const"() {values = dense<[[[[1.0], [5.0]], [[-6.0], [2.0]]]]> : tensor<1x2x2x1xf32>} : () -> tensor<1x2x2x1xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  // expected-remark@+1 {{prune: layer '' sparsity=0.50 scope=layer: 2 of 4 weights zero}}
  %y = tosa.depthwise_conv2d %x, %w, %bias, %zp, %zp {acc_type = f32, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x3x3x2xf32>, tensor<1x2x2x1xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x3x2x2xf32>
  %m = "tosa.const"() {values = dense<[[[0.0, 1.0], [3.0, -2.0], [-5.0, 7.0]]]> : tensor<1x3x2xf32>} : () -> tensor<1x3x2xf32>
  // expected-remark@unknown {{prune: layer 'fc' sparsity=0.50 scope=layer: 3 of 6 weights zero (sparsity 0.50)}}
  %z = tosa.matmul %a, %m, %zp, %zp : (tensor<1x5x3xf32>, tensor<1x3x2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x5x2xf32> loc("fc")
  return %y, %z : tensor<1x3x2x2xf32>, tensor<1x5x2xf32>
}

// -----

// Weights that are not constants, or not finite, are left alone with a remark.
// CHECK-LABEL: func.func @skips
func.func @skips(%x: tensor<1x4x4x4xf32>, %w: tensor<1x1x1x4xf32>, %b: tensor<1xf32>) -> (tensor<1x4x4x1xf32>, tensor<1x4x4x1xf32>) {
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  // expected-remark@+1 {{prune: skipped layer '': weight is not a constant f32 tensor}}
  %y0 = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x4x4x4xf32>, tensor<1x1x1x4xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x1xf32>
  %wn = "tosa.const"() {values = dense<[[[[0x7FC00000, 1.0, 2.0, 3.0]]]]> : tensor<1x1x1x4xf32>} : () -> tensor<1x1x1x4xf32>
  // expected-remark@+1 {{prune: skipped layer '': weight is not finite}}
  %y1 = tosa.conv2d %x, %wn, %b, %zp, %zp {acc_type = f32, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x4x4x4xf32>, tensor<1x1x1x4xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x1xf32>
  return %y0, %y1 : tensor<1x4x4x1xf32>, tensor<1x4x4x1xf32>
}
