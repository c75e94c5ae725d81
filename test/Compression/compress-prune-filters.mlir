// RUN: compress-opt %s -split-input-file --compress-prune-filters=fraction=0.5 2>/dev/null | FileCheck %s
// RUN: compress-opt %s -split-input-file --compress-prune-filters=fraction=0.5 2>&1 >/dev/null | FileCheck %s --check-prefix=REMARK
// RUN: compress-opt %s -split-input-file --compress-prune-filters="fraction=0.5 criterion=l2" 2>/dev/null | FileCheck %s --check-prefix=L2
// RUN: compress-opt %s -split-input-file --compress-prune-filters="fraction=0.5 action=zero" 2>/dev/null | FileCheck %s --check-prefix=ZERO
// RUN: compress-opt %s -split-input-file --compress-prune-filters="fraction=0.5 layers=b" 2>&1 >/dev/null | FileCheck %s --check-prefix=LAYERS
// A named depthwise conv has no filters to remove: a warning, not silence.
// RUN: compress-opt %s -split-input-file --compress-prune-filters="fraction=0.5 layers=dw" 2>&1 >/dev/null | FileCheck %s --check-prefix=NAMEDDW
// NAMEDDW: warning: {{.*}}prune-filters: skipped layer 'dw': a depthwise conv has no filters of its own (its channels follow the conv that feeds it)
// Filter pruning, then magnitude pruning of what is left (as compress-compile
// --prune-filters=0.5 --prune-sparsity=0.5 runs them): the record composes both.
// RUN: compress-opt %s -split-input-file --compress-prune-filters=fraction=0.5 --compress-prune=sparsity=0.5 2>/dev/null | FileCheck %s --check-prefix=THEN
// THEN-LABEL: func.func @chain
// THEN: tosa.conv2d {{.*}}compress.layer = #compress.layer<name = "a", method = "prune-filters+prune", params = "prune-filters(filters=0.5 criterion=l1 action=remove out=2/4 in=2/2) sparsity=0.50 scope=layer", weight_bytes_before = 32, weight_bytes_after = 16{{.*}}} : (tensor<1x4x8x2xf32>, tensor<2x1x1x2xf32>

// Option errors: a diagnostic and a pass failure.
// RUN: not compress-opt %s --compress-prune-filters=fraction=1 -o /dev/null --mlir-print-op-on-diagnostic=false 2>&1 | FileCheck %s --check-prefix=F1
// RUN: not compress-opt %s --compress-prune-filters=fraction=-0.25 -o /dev/null --mlir-print-op-on-diagnostic=false 2>&1 | FileCheck %s --check-prefix=FNEG
// RUN: not compress-opt %s --compress-prune-filters="fraction=0.5 criterion=l3" -o /dev/null --mlir-print-op-on-diagnostic=false 2>&1 | FileCheck %s --check-prefix=CRIT
// RUN: not compress-opt %s --compress-prune-filters="fraction=0.5 action=drop" -o /dev/null --mlir-print-op-on-diagnostic=false 2>&1 | FileCheck %s --check-prefix=ACTION
// Magnitude pruning's options belong to compress-prune.
// RUN: not compress-opt %s --compress-prune-filters="fraction=0.5 sparsity=0.5" -o /dev/null 2>&1 | FileCheck %s --check-prefix=OTHER
// F1: error: compress-prune-filters: fraction must be in [0, 1), got 1.000000e+00
// An option error names the option, not the module (no "see current operation" dump).
// RUN: not compress-opt %s --compress-prune-filters=fraction=1 -o /dev/null 2>&1 | FileCheck %s --check-prefix=NODUMP
// NODUMP: error: compress-prune-filters: fraction must be in [0, 1), got 1.000000e+00
// NODUMP-NOT: see current operation
// FNEG: error: compress-prune-filters: fraction must be in [0, 1), got -2.500000e-01
// CRIT: for the --criterion option: Cannot find option named 'l3'!
// ACTION: for the --action option: Cannot find option named 'drop'!
// OTHER: no such option sparsity

// A chain conv 'a' -> clamp -> conv 'b'. Filters of 'a' (OHWI 4x1x1x2): L1 norms
// 3, 0.5, 2.5, 1 -> filters 1 and 3 go (L1); L2 norms 2.24, 0.5, 2.5, 1 -> the same.
// The bias and the I axis of 'b' lose channels 1 and 3; 'b' itself (output to the
// function's return) is left alone.
// rel_error of 'a' = sqrt(0.25 + 1) / sqrt(5 + 0.25 + 6.25 + 1) = 0.316228;
// of 'b' (input channels 1, 3 of rows [1 2 3 4], [5 6 7 8]) = sqrt(4+16+36+64)/sqrt(204).
// CHECK-LABEL: func.func @chain
// CHECK-DAG: %[[WA:.*]] = "tosa.const"() <{values = dense<{{\[\[\[\[}}1.000000e+00, 2.000000e+00]]], {{\[\[\[}}-2.500000e+00, 0.000000e+00]]]]> : tensor<2x1x1x2xf32>}>
// CHECK-DAG: %[[BA:.*]] = "tosa.const"() <{values = dense<[1.000000e-01, 3.000000e-01]> : tensor<2xf32>}>
// CHECK: %[[Y:.*]] = tosa.conv2d %arg0, %[[WA]], %[[BA]], {{.*}} {acc_type = f32, compress.layer = #compress.layer<name = "a", method = "prune-filters", params = "filters=0.5 criterion=l1 action=remove out=2/4 in=2/2", weight_bytes_before = 32, weight_bytes_after = 16, macs_before = 256, macs_after = 128, rel_error = 0.31622{{[0-9]+}} : f64, weight_norm = {{[^>]*}}>
// CHECK-SAME: -> tensor<1x4x8x2xf32>
// CHECK: %[[R:.*]] = tosa.clamp %[[Y]] {{.*}} -> tensor<1x4x8x2xf32>
// CHECK-DAG: %[[WB:.*]] = "tosa.const"() <{values = dense<{{\[\[\[\[}}1.000000e+00, 3.000000e+00]]], {{\[\[\[}}5.000000e+00, 7.000000e+00]]]]> : tensor<2x1x1x2xf32>}>
// CHECK: tosa.conv2d %[[R]], %[[WB]], {{.*}} compress.layer = #compress.layer<name = "b", {{.*}}params = "filters=0.5 criterion=l1 action=remove out=2/2 in=2/4", weight_bytes_before = 32, weight_bytes_after = 16, macs_before = 256, macs_after = 128, rel_error = 0.76696{{[0-9]+}} : f64, weight_norm = {{[^>]*}}>
// CHECK-SAME: (tensor<1x4x8x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x8x2xf32>
// ZERO-LABEL: func.func @chain
// ZERO: dense<{{\[\[\[\[}}1.000000e+00, 2.000000e+00]]], {{\[\[\[}}0.000000e+00, 0.000000e+00]]], {{\[\[\[}}-2.500000e+00, 0.000000e+00]]], {{\[\[\[}}0.000000e+00, 0.000000e+00]]]]> : tensor<4x1x1x2xf32>
// ZERO: dense<[1.000000e-01, 0.000000e+00, 3.000000e-01, 0.000000e+00]> : tensor<4xf32>
// ZERO: tosa.conv2d {{.*}}params = "filters=0.5 criterion=l1 action=zero out=2/4 in=2/2"{{.*}} -> tensor<1x4x8x4xf32>
// ZERO: tosa.clamp {{.*}} -> tensor<1x4x8x4xf32>
// ZERO: tosa.conv2d {{.*}} : (tensor<1x4x8x4xf32>, tensor<2x1x1x4xf32>,
// ZERO-NOT: compress.layer
// ZERO: return
func.func @chain(%x: tensor<1x4x8x2xf32>) -> tensor<1x4x8x2xf32> {
  %wa = "tosa.const"() {values = dense<[[[[1.0, 2.0]]], [[[0.5, 0.0]]], [[[-2.5, 0.0]]], [[[0.0, -1.0]]]]> : tensor<4x1x1x2xf32>} : () -> tensor<4x1x1x2xf32>
  %ba = "tosa.const"() {values = dense<[0.1, 0.2, 0.3, 0.4]> : tensor<4xf32>} : () -> tensor<4xf32>
  %wb = "tosa.const"() {values = dense<[[[[1.0, 2.0, 3.0, 4.0]]], [[[5.0, 6.0, 7.0, 8.0]]]]> : tensor<2x1x1x4xf32>} : () -> tensor<2x1x1x4xf32>
  %bb = "tosa.const"() {values = dense<[1.0, -1.0]> : tensor<2xf32>} : () -> tensor<2xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  // REMARK-DAG: prune-filters: layer 'a' filters=0.5 criterion=l1 action=remove out=2/4 in=2/2, rel_error 3.162278e-01
  %y = tosa.conv2d %x, %wa, %ba, %zp, %zp {acc_type = f32, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x4x8x2xf32>, tensor<4x1x1x2xf32>, tensor<4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x8x4xf32> loc("a")
  %r = tosa.clamp %y {min_val = 0.0 : f32, max_val = 6.0 : f32} : (tensor<1x4x8x4xf32>) -> tensor<1x4x8x4xf32>
  // REMARK-DAG: prune-filters: skipped layer 'b': its output channels reach func.return
  // REMARK-DAG: prune-filters: layer 'b' filters=0.5 criterion=l1 action=remove out=2/2 in=2/4
  %z = tosa.conv2d %r, %wb, %bb, %zp, %zp {acc_type = f32, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x4x8x4xf32>, tensor<2x1x1x4xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x8x2xf32> loc("b")
  return %z : tensor<1x4x8x2xf32>
}

// -----

// L1 and L2 disagree: filter 0 = [1, 1, 1, 1] (L1 4, L2 2), filter 1 = [3, 0, 0, 0]
// (L1 3, L2 3). L1 removes filter 1, L2 filter 0. A one-element bias is kept.
// CHECK-LABEL: func.func @criterion
// CHECK: dense<1.000000e+00> : tensor<1x1x1x4xf32>
// CHECK: tosa.conv2d {{.*}} -> tensor<1x3x3x1xf32>
// CHECK: dense<{{\[\[\[\[}}1.000000e+00]]], {{\[\[\[}}3.000000e+00]]]]> : tensor<2x1x1x1xf32>
// L2-LABEL: func.func @criterion
// L2: dense<{{\[\[\[\[}}3.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00]]]]> : tensor<1x1x1x4xf32>
// L2: tosa.conv2d {{.*}} -> tensor<1x3x3x1xf32>
// L2: dense<{{\[\[\[\[}}2.000000e+00]]], {{\[\[\[}}4.000000e+00]]]]> : tensor<2x1x1x1xf32>
// ZERO-LABEL: func.func @criterion
// ZERO: dense<[5.000000e-01, 0.000000e+00]> : tensor<2xf32>
// ZERO: tosa.conv2d {{.*}} -> tensor<1x3x3x2xf32>
func.func @criterion(%x: tensor<1x3x3x4xf32>) -> tensor<1x3x3x2xf32> {
  %w = "tosa.const"() {values = dense<[[[[1.0, 1.0, 1.0, 1.0]]], [[[3.0, 0.0, 0.0, 0.0]]]]> : tensor<2x1x1x4xf32>} : () -> tensor<2x1x1x4xf32>
  %b = "tosa.const"() {values = dense<0.5> : tensor<1xf32>} : () -> tensor<1xf32>
  %w2 = "tosa.const"() {values = dense<[[[[1.0, 2.0]]], [[[3.0, 4.0]]]]> : tensor<2x1x1x2xf32>} : () -> tensor<2x1x1x2xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  // REMARK-DAG: prune-filters: layer '' filters=0.5 criterion=l1 action=remove out=1/2 in=4/4
  %y = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x3x3x4xf32>, tensor<2x1x1x4xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x3x3x2xf32>
  // REMARK-DAG: prune-filters: skipped layer '': its output channels reach func.return
  // REMARK-DAG: prune-filters: layer '' filters=0.5 criterion=l1 action=remove out=2/2 in=1/2
  %z = tosa.conv2d %y, %w2, %b, %zp, %zp {acc_type = f32, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x3x3x2xf32>, tensor<2x1x1x2xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x3x3x2xf32>
  return %z : tensor<1x3x3x2xf32>
}

// -----

// Through a per-channel mul (the constant is sliced), a scalar add, a depthwise
// conv (its HWCM weight and bias lose the channels), hard-swish
// x · clamp(x + 3, 0, 6) · 1/6 (0 stays 0 through the mul) and an avg pool.
// Filters of 'p' by L1: 1, 4, 2, 3 -> channels 0 and 2 go.
// CHECK-LABEL: func.func @through
// CHECK: tosa.conv2d {{.*}} -> tensor<1x6x6x2xf32>
// CHECK: %[[S:.*]] = "tosa.const"() <{values = dense<{{\[\[\[\[}}2.000000e+00, 4.000000e+00]]]]> : tensor<1x1x1x2xf32>}>
// CHECK: tosa.mul %{{.*}}, %[[S]], {{.*}} -> tensor<1x6x6x2xf32>
// CHECK: tosa.add {{.*}} : (tensor<1x6x6x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x6x6x2xf32>
// CHECK-DAG: %[[DW:.*]] = "tosa.const"() <{values = dense<{{\[\[\[\[}}2.000000e+00], [4.000000e+00]]]]> : tensor<1x1x2x1xf32>}>
// CHECK-DAG: %[[DB:.*]] = "tosa.const"() <{values = dense<[2.000000e-01, 4.000000e-01]> : tensor<2xf32>}>
// CHECK: tosa.depthwise_conv2d %{{.*}}, %[[DW]], %[[DB]], {{.*}}compress.layer = #compress.layer<name = "dw", method = "prune-filters", params = "filters=0.5 criterion=l1 action=remove channels=2/4", weight_bytes_before = 16, weight_bytes_after = 8, macs_before = 144, macs_after = 72, rel_error = 0.57735{{[0-9]+}} : f64, weight_norm = {{[^>]*}}>
// CHECK-SAME: -> tensor<1x6x6x2xf32>
// CHECK: tosa.clamp {{.*}} -> tensor<1x6x6x2xf32>
// CHECK: tosa.mul {{.*}} -> tensor<1x6x6x2xf32>
// CHECK: tosa.mul {{.*}} -> tensor<1x6x6x2xf32>
// CHECK: tosa.avg_pool2d {{.*}} -> tensor<1x3x3x2xf32>
// CHECK: tosa.conv2d {{.*}} : (tensor<1x3x3x2xf32>, tensor<3x1x1x2xf32>, tensor<3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x3x3x3xf32>
// ZERO-LABEL: func.func @through
// ZERO: dense<{{\[\[\[\[}}0.000000e+00], [2.000000e+00], [0.000000e+00], [4.000000e+00]]]]> : tensor<1x1x4x1xf32>
// ZERO: dense<[0.000000e+00, 2.000000e-01, 0.000000e+00, 4.000000e-01]> : tensor<4xf32>
// ZERO: tosa.depthwise_conv2d {{.*}} -> tensor<1x6x6x4xf32>
func.func @through(%x: tensor<1x6x6x1xf32>) -> tensor<1x3x3x3xf32> {
  %wp = "tosa.const"() {values = dense<[[[[1.0]]], [[[-4.0]]], [[[2.0]]], [[[3.0]]]]> : tensor<4x1x1x1xf32>} : () -> tensor<4x1x1x1xf32>
  %bp = "tosa.const"() {values = dense<[0.5, 0.6, 0.7, 0.8]> : tensor<4xf32>} : () -> tensor<4xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %shift = "tosa.const"() {values = dense<0> : tensor<1xi8>} : () -> tensor<1xi8>
  %scale = "tosa.const"() {values = dense<[[[[1.0, 2.0, 3.0, 4.0]]]]> : tensor<1x1x1x4xf32>} : () -> tensor<1x1x1x4xf32>
  %one = "tosa.const"() {values = dense<1.0> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %three = "tosa.const"() {values = dense<3.0> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %sixth = "tosa.const"() {values = dense<0.16666667> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %wd = "tosa.const"() {values = dense<[[[[1.0], [2.0], [3.0], [4.0]]]]> : tensor<1x1x4x1xf32>} : () -> tensor<1x1x4x1xf32>
  %bd = "tosa.const"() {values = dense<[0.1, 0.2, 0.3, 0.4]> : tensor<4xf32>} : () -> tensor<4xf32>
  %wc = "tosa.const"() {values = dense<1.0> : tensor<3x1x1x4xf32>} : () -> tensor<3x1x1x4xf32>
  %bc = "tosa.const"() {values = dense<0.0> : tensor<3xf32>} : () -> tensor<3xf32>
  // REMARK-DAG: prune-filters: layer 'p' filters=0.5 criterion=l1 action=remove out=2/4 in=1/1
  %y = tosa.conv2d %x, %wp, %bp, %zp, %zp {acc_type = f32, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x6x6x1xf32>, tensor<4x1x1x1xf32>, tensor<4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x6x6x4xf32> loc("p")
  %m = tosa.mul %y, %scale, %shift : (tensor<1x6x6x4xf32>, tensor<1x1x1x4xf32>, tensor<1xi8>) -> tensor<1x6x6x4xf32>
  %a = tosa.add %m, %one : (tensor<1x6x6x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x6x6x4xf32>
  // REMARK-DAG: prune-filters: layer 'dw' filters=0.5 criterion=l1 action=remove channels=2/4
  %d = tosa.depthwise_conv2d %a, %wd, %bd, %zp, %zp {acc_type = f32, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x6x6x4xf32>, tensor<1x1x4x1xf32>, tensor<4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x6x6x4xf32> loc("dw")
  %h0 = tosa.add %d, %three : (tensor<1x6x6x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x6x6x4xf32>
  %h1 = tosa.clamp %h0 {min_val = 0.0 : f32, max_val = 6.0 : f32} : (tensor<1x6x6x4xf32>) -> tensor<1x6x6x4xf32>
  %h2 = tosa.mul %d, %h1, %shift : (tensor<1x6x6x4xf32>, tensor<1x6x6x4xf32>, tensor<1xi8>) -> tensor<1x6x6x4xf32>
  %h3 = tosa.mul %h2, %sixth, %shift : (tensor<1x6x6x4xf32>, tensor<1x1x1x1xf32>, tensor<1xi8>) -> tensor<1x6x6x4xf32>
  %p = tosa.avg_pool2d %h3, %zp, %zp {acc_type = f32, kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x6x6x4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x3x3x4xf32>
  // REMARK-DAG: prune-filters: skipped layer 'c': its output channels reach func.return
  // REMARK-DAG: prune-filters: layer 'c' filters=0.5 criterion=l1 action=remove out=3/3 in=2/4
  %z = tosa.conv2d %p, %wc, %bc, %zp, %zp {acc_type = f32, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x3x3x4xf32>, tensor<3x1x1x4xf32>, tensor<3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x3x3x3xf32> loc("c")
  return %z : tensor<1x3x3x3xf32>
}

// -----

// A residual add couples 'r1' and 'r2': both lose the channels of smallest summed
// L1 norm (1+4, 2+2, 6+0, 0.5+0.25 -> channels 3 and 1). With layers=b the group is
// left alone (coupled with a layer not selected).
// CHECK-LABEL: func.func @residual
// CHECK: dense<{{\[\[\[\[}}1.000000e+00]]], {{\[\[\[}}6.000000e+00]]]]> : tensor<2x1x1x1xf32>
// CHECK: tosa.conv2d {{.*}} -> tensor<1x2x2x2xf32>
// CHECK: dense<{{\[\[\[\[}}4.000000e+00]]], {{\[\[\[}}0.000000e+00]]]]> : tensor<2x1x1x1xf32>
// CHECK: tosa.conv2d {{.*}} -> tensor<1x2x2x2xf32>
// CHECK: tosa.add {{.*}} -> tensor<1x2x2x2xf32>
// CHECK: tosa.conv2d {{.*}} : (tensor<1x2x2x2xf32>, tensor<1x1x1x2xf32>,
// LAYERS: warning: {{.*}}prune-filters: skipped layer 'b': its output channels are coupled with layer 'r1', which is not selected
func.func @residual(%x: tensor<1x2x2x1xf32>) -> tensor<1x2x2x1xf32> {
  %w1 = "tosa.const"() {values = dense<[[[[1.0]]], [[[2.0]]], [[[6.0]]], [[[0.5]]]]> : tensor<4x1x1x1xf32>} : () -> tensor<4x1x1x1xf32>
  %w2 = "tosa.const"() {values = dense<[[[[4.0]]], [[[-2.0]]], [[[0.0]]], [[[0.25]]]]> : tensor<4x1x1x1xf32>} : () -> tensor<4x1x1x1xf32>
  %b = "tosa.const"() {values = dense<0.0> : tensor<4xf32>} : () -> tensor<4xf32>
  %wc = "tosa.const"() {values = dense<1.0> : tensor<1x1x1x4xf32>} : () -> tensor<1x1x1x4xf32>
  %bc = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  // REMARK-DAG: prune-filters: layer 'r1' filters=0.5 criterion=l1 action=remove out=2/4 in=1/1
  %y1 = tosa.conv2d %x, %w1, %b, %zp, %zp {acc_type = f32, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x2x2x1xf32>, tensor<4x1x1x1xf32>, tensor<4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x4xf32> loc("r1")
  // REMARK-DAG: prune-filters: layer 'b' filters=0.5 criterion=l1 action=remove out=2/4 in=1/1
  %y2 = tosa.conv2d %x, %w2, %b, %zp, %zp {acc_type = f32, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x2x2x1xf32>, tensor<4x1x1x1xf32>, tensor<4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x4xf32> loc("b")
  %s = tosa.add %y1, %y2 : (tensor<1x2x2x4xf32>, tensor<1x2x2x4xf32>) -> tensor<1x2x2x4xf32>
  // REMARK-DAG: prune-filters: skipped layer 'c': its output channels reach func.return
  // REMARK-DAG: prune-filters: layer 'c' filters=0.5 criterion=l1 action=remove out=1/1 in=2/4
  %z = tosa.conv2d %s, %wc, %bc, %zp, %zp {acc_type = f32, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x2x2x4xf32>, tensor<1x1x1x4xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x1xf32> loc("c")
  return %z : tensor<1x2x2x1xf32>
}

// -----

// Every reason to leave a layer alone. Each producer's output is consumed by a conv
// 'c*' (output returned, so also left alone) after the op that blocks it.
// CHECK-LABEL: func.func @skips
// CHECK-NOT: compress.layer
// CHECK: return
func.func @skips(%x: tensor<1x2x2x2xf32>, %arg: tensor<1x2x2x2xf32>, %wrt: tensor<2x1x1x2xf32>) -> (tensor<1x8xf32>, tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>, tensor<1x2x2x4xf32>, tensor<1x2x2x2xf32>) {
  %w = "tosa.const"() {values = dense<[[[[1.0, 2.0]]], [[[3.0, 4.0]]]]> : tensor<2x1x1x2xf32>} : () -> tensor<2x1x1x2xf32>
  %b = "tosa.const"() {values = dense<0.0> : tensor<2xf32>} : () -> tensor<2xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %bias = "tosa.const"() {values = dense<[[[[0.0, 1.0]]]]> : tensor<1x1x1x2xf32>} : () -> tensor<1x1x1x2xf32>
  %shape = tosa.const_shape {values = dense<[1, 8]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %wd = "tosa.const"() {values = dense<1.0> : tensor<1x1x2x2xf32>} : () -> tensor<1x1x2x2xf32>
  %bd = "tosa.const"() {values = dense<0.0> : tensor<4xf32>} : () -> tensor<4xf32>
  %w1 = "tosa.const"() {values = dense<[[[[1.0, 2.0]]]]> : tensor<1x1x1x2xf32>} : () -> tensor<1x1x1x2xf32>
  %b1 = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %w1t = "tosa.const"() {values = dense<[[[[1.0]]], [[[2.0]]]]> : tensor<2x1x1x1xf32>} : () -> tensor<2x1x1x1xf32>

  // REMARK-DAG: prune-filters: skipped layer 's_reshape': its output channels reach tosa.reshape
  %y0 = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x2x2x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x2xf32> loc("s_reshape")
  %r0 = tosa.reshape %y0, %shape : (tensor<1x2x2x2xf32>, !tosa.shape<2>) -> tensor<1x8xf32>

  // REMARK-DAG: prune-filters: skipped layer 's_sigmoid': its removed channels would reach tosa.conv2d 'c_sigmoid' non-zero (after tosa.sigmoid)
  %y1 = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x2x2x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x2xf32> loc("s_sigmoid")
  %r1 = tosa.sigmoid %y1 : (tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  // REMARK-DAG: prune-filters: skipped layer 'c_sigmoid': its output channels reach func.return
  %c1 = tosa.conv2d %r1, %w, %b, %zp, %zp {acc_type = f32, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x2x2x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x2xf32> loc("c_sigmoid")

  // A per-channel constant that is not zero: 0 + 1 = 1 reaches the consumer.
  // REMARK-DAG: prune-filters: skipped layer 's_add': its removed channels would reach tosa.conv2d 'c_add' non-zero (after tosa.add)
  %y2 = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x2x2x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x2xf32> loc("s_add")
  %r2 = tosa.add %y2, %bias : (tensor<1x2x2x2xf32>, tensor<1x1x1x2xf32>) -> tensor<1x2x2x2xf32>
  // REMARK-DAG: prune-filters: skipped layer 'c_add': its output channels reach func.return
  %c2 = tosa.conv2d %r2, %w, %b, %zp, %zp {acc_type = f32, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x2x2x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x2xf32> loc("c_add")

  // Coupled with a function argument by an add.
  // REMARK-DAG: prune-filters: skipped layer 's_arg': its output channels reach a block argument
  %y3 = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x2x2x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x2xf32> loc("s_arg")
  %r3 = tosa.add %y3, %arg : (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  // REMARK-DAG: prune-filters: skipped layer 'c_arg': its output channels reach func.return
  %c3 = tosa.conv2d %r3, %w, %b, %zp, %zp {acc_type = f32, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x2x2x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x2xf32> loc("c_arg")

  // A depthwise conv with channel multiplier 2.
  // REMARK-DAG: prune-filters: skipped layer 's_dw': its output channels reach tosa.depthwise_conv2d 'dw2' (channel multiplier > 1 or weights not constant)
  %y4 = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x2x2x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x2xf32> loc("s_dw")
  %r4 = tosa.depthwise_conv2d %y4, %wd, %bd, %zp, %zp {acc_type = f32, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x2x2x2xf32>, tensor<1x1x2x2xf32>, tensor<4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x4xf32> loc("dw2")

  // A consumer conv whose weights are not constant.
  // REMARK-DAG: prune-filters: skipped layer 's_rt': its output channels reach tosa.conv2d 'c_rt' (weights or bias not constant f32)
  %y5 = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x2x2x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x2xf32> loc("s_rt")
  %c5 = tosa.conv2d %y5, %wrt, %b, %zp, %zp {acc_type = f32, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x2x2x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x2xf32> loc("c_rt")

  // One filter: floor(0.5 · 1) = 0 to remove.
  // REMARK-DAG: prune-filters: skipped layer 's_one': no filter to remove: filters=0.5 of 1 channels
  %y6 = tosa.conv2d %x, %w1, %b1, %zp, %zp {acc_type = f32, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x2x2x2xf32>, tensor<1x1x1x2xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x1xf32> loc("s_one")
  // REMARK-DAG: prune-filters: skipped layer 'c_one': its output channels reach func.return
  %c6 = tosa.conv2d %y6, %w1t, %b, %zp, %zp {acc_type = f32, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x2x2x1xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x2xf32> loc("c_one")
  return %r0, %c1, %c2, %c3, %c5, %r4, %c6 : tensor<1x8xf32>, tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>, tensor<1x2x2x4xf32>, tensor<1x2x2x2xf32>
}

// -----

// An activation used as the weights of another conv keeps its shape.
// CHECK-LABEL: func.func @activation_as_weight
// CHECK-NOT: compress.layer
// CHECK: return
// REMARK-DAG: prune-filters: skipped layer 'wgen': its output channels reach tosa.conv2d 'user' (as weights)
func.func @activation_as_weight(%x: tensor<2x1x1x2xf32>, %y: tensor<1x3x3x2xf32>) -> tensor<1x3x3x2xf32> {
  %w = "tosa.const"() {values = dense<[[[[1.0, 2.0]]], [[[3.0, 4.0]]]]> : tensor<2x1x1x2xf32>} : () -> tensor<2x1x1x2xf32>
  %b = "tosa.const"() {values = dense<0.0> : tensor<2xf32>} : () -> tensor<2xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %g = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<2x1x1x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<2x1x1x2xf32> loc("wgen")
  %z = tosa.conv2d %y, %g, %b, %zp, %zp {acc_type = f32, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x3x3x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x3x3x2xf32> loc("user")
  return %z : tensor<1x3x3x2xf32>
}
