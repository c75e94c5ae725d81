// RUN: compress-opt %s -split-input-file --compress-codebook=bits=2 -verify-diagnostics | FileCheck %s
// RUN: compress-opt %s -split-input-file --compress-codebook="bits=2 per-channel=true" 2>/dev/null | FileCheck %s --check-prefix=PERCH
// RUN: compress-opt %s -split-input-file --compress-codebook="bits=3 layers=conv_b,fc init=kmeans++ seed=5 max-iterations=3" 2>/dev/null | FileCheck %s --check-prefix=LAYERS
// RUN: compress-opt %s -split-input-file --compress-codebook="bits=3 layers=conv_b,fc init=kmeans++ seed=5 max-iterations=3" -o /dev/null 2>&1 | FileCheck %s --check-prefix=LREMARK
// Lossless layers come back unchanged through the decompress oracle (the packing
// agrees with the oracle's decoding).
// RUN: compress-opt %s -split-input-file --compress-codebook=bits=2 --compress-decompress --canonicalize 2>/dev/null | FileCheck %s --check-prefix=ROUNDTRIP

// Option errors: a diagnostic and a pass failure.
// RUN: not compress-opt %s --compress-codebook=bits=0 -o /dev/null --mlir-print-op-on-diagnostic=false 2>&1 | FileCheck %s --check-prefix=BITS0
// RUN: not compress-opt %s --compress-codebook=bits=9 -o /dev/null --mlir-print-op-on-diagnostic=false 2>&1 | FileCheck %s --check-prefix=BITS9
// RUN: not compress-opt %s --compress-codebook=init=random -o /dev/null --mlir-print-op-on-diagnostic=false 2>&1 | FileCheck %s --check-prefix=INIT
// BITS0: error: compress-codebook: bits must be in [1, 8], got 0
// BITS9: error: compress-codebook: bits must be in [1, 8], got 9
// INIT: for the --init option: Cannot find option named 'random'!

// Four distinct weight values at 2 bits: lossless, one codebook for the tensor.
// Row 0 = (0.5, -0.5, 1.0) -> codes (2, 0, 3) -> 2 | 0 << 2 | 3 << 4 = 50;
// row 1 = (1.0, 0.0, 0.5) -> codes (3, 1, 2) -> 3 | 1 << 2 | 2 << 4 = 39.
// CHECK-LABEL: func.func @conv
// CHECK-DAG: %[[C:.*]] = arith.constant dense<[-5.000000e-01, 0.000000e+00, 5.000000e-01, 1.000000e+00]> : tensor<4xf32>
// CHECK-DAG: %[[I:.*]] = arith.constant dense<{{\[}}[50], [39]]> : tensor<2x1xi8>
// CHECK-DAG: %[[B:.*]] = "tosa.const"() <{values = dense<[1.000000e-01, 2.000000e-01]>
// CHECK: compress.codebook_conv2d %arg0, %[[C]], %[[I]], %[[B]]
// CHECK-SAME: bits = 2 : i64
// CHECK-SAME: compress.layer = #compress.layer<name = "", method = "codebook", params = "bits=2 per-tensor init=linear", weight_bytes_before = 24, weight_bytes_after = 18, rel_error = 0.000000e+00 : f64, weight_norm = {{[^>]*}}>
// CHECK-SAME: dilations = array<i64: 1, 2>, groups = 1 : i64, kernel_size = array<i64: 1, 1>, pad = array<i64: 0, 1, 0, 0>, strides = array<i64: 2, 1>
// CHECK-SAME: (tensor<1x4x4x3xf32>, tensor<4xf32>, tensor<2x1xi8>, tensor<2xf32>) -> tensor<1x3x4x2xf32>
// CHECK-NOT: tosa.conv2d
// ROUNDTRIP-LABEL: func.func @conv
// ROUNDTRIP: dense<{{\[}}[{{\[}}[5.000000e-01, -5.000000e-01, 1.000000e+00]]], {{\[}}[{{\[}}1.000000e+00, 0.000000e+00, 5.000000e-01]]]]> : tensor<2x1x1x3xf32>
// ROUNDTRIP: tosa.conv2d
// Per channel, 3 centroids a row and 3 weights a row do not pay.
// PERCH-LABEL: func.func @conv
// PERCH: tosa.conv2d
func.func @conv(%x: tensor<1x4x4x3xf32>) -> tensor<1x3x4x2xf32> {
  %w = "tosa.const"() {values = dense<[[[[0.5, -0.5, 1.0]]], [[[1.0, 0.0, 0.5]]]]> : tensor<2x1x1x3xf32>} : () -> tensor<2x1x1x3xf32>
  %b = "tosa.const"() {values = dense<[0.1, 0.2]> : tensor<2xf32>} : () -> tensor<2xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  // expected-remark@+1 {{codebook: layer '' bits=2 per-tensor init=linear: weight bytes 24 -> 18, rel_error 0.000000e+00}}
  %y = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, pad = array<i64: 0, 1, 0, 0>, stride = array<i64: 2, 1>, dilation = array<i64: 1, 2>} : (tensor<1x4x4x3xf32>, tensor<2x1x1x3xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x3x4x2xf32>
  return %y : tensor<1x3x4x2xf32>
}

// -----

// Five distinct values: lossy per tensor at 2 bits; per channel, row 0 has
// {-0.5, 0.5, 1} (padded with a 0 centroid to the 4 of row 1) and row 1
// {0, 0.25, 0.5, 1}, so lossless:
//   row 0 codes (1,0,2,2)(1,0,1,2) -> 161, 145 = -95, -111 as i8;
//   row 1 codes (0,1,2,3)(0,1,2,3) -> 228, 228 = -28, -28.
// CHECK-LABEL: func.func @conv_per_channel
// CHECK: compress.codebook_conv2d
// CHECK-SAME: params = "bits=2 per-tensor init=linear"
// CHECK-SAME: (tensor<1x2x2x8xf32>, tensor<4xf32>, tensor<2x2xi8>, tensor<2xf32>)
// PERCH-LABEL: func.func @conv_per_channel
// PERCH-DAG: %[[C:.*]] = arith.constant dense<{{\[}}[-5.000000e-01, 5.000000e-01, 1.000000e+00, 0.000000e+00], [0.000000e+00, 2.500000e-01, 5.000000e-01, 1.000000e+00]]> : tensor<2x4xf32>
// PERCH-DAG: %[[I:.*]] = arith.constant dense<{{\[}}[-95, -111], [-28, -28]]> : tensor<2x2xi8>
// PERCH: compress.codebook_conv2d %arg0, %[[C]], %[[I]]
// PERCH-SAME: params = "bits=2 per-channel init=linear", weight_bytes_before = 64, weight_bytes_after = 36, rel_error = 0.000000e+00 : f64
// PERCH-SAME: (tensor<1x2x2x8xf32>, tensor<2x4xf32>, tensor<2x2xi8>, tensor<2xf32>)
func.func @conv_per_channel(%x: tensor<1x2x2x8xf32>, %b: tensor<2xf32>) -> tensor<1x2x2x2xf32> {
  %w = "tosa.const"() {values = dense<[[[[0.5, -0.5, 1.0, 1.0, 0.5, -0.5, 0.5, 1.0]]], [[[0.0, 0.25, 0.5, 1.0, 0.0, 0.25, 0.5, 1.0]]]]> : tensor<2x1x1x8xf32>} : () -> tensor<2x1x1x8xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  // expected-remark@+1 {{weight bytes 64 -> 20, rel_error}}
  %y = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x2x2x8xf32>, tensor<2x1x1x8xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x2xf32>
  return %y : tensor<1x2x2x2xf32>
}

// -----

// A one-element bias is splatted to the output channels; 3x3 taps of 2 channels,
// 18 indices of 2 bits = 5 bytes a row.
// CHECK-LABEL: func.func @conv_scalar_bias
// CHECK: %[[B:.*]] = arith.constant dense<2.500000e-01> : tensor<3xf32>
// CHECK: compress.codebook_conv2d %arg0, %{{.*}}, %{{.*}}, %[[B]]
// CHECK-SAME: kernel_size = array<i64: 3, 3>
// CHECK-SAME: tensor<3x5xi8>
func.func @conv_scalar_bias(%x: tensor<1x5x5x2xf32>) -> tensor<1x3x3x3xf32> {
  %w = "tosa.const"() {values = dense<1.0> : tensor<3x3x3x2xf32>} : () -> tensor<3x3x3x2xf32>
  %b = "tosa.const"() {values = dense<0.25> : tensor<1xf32>} : () -> tensor<1xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  // expected-remark@+1 {{weight bytes 216 -> 19}}
  %y = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x5x5x2xf32>, tensor<3x3x3x2xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x3x3x3xf32>
  return %y : tensor<1x3x3x3xf32>
}

// -----

// Depthwise [kh, kw, C, M] = [1, 2, 2, 2] -> OHWI [4, 1, 2, 1], groups = C = 2.
// Channel c·M + m holds taps (W[0,0,c,m], W[0,1,c,m]):
//   f0 = (1, 3), f1 = (2, 4), f2 = (1, 2), f3 = (3, 4) -> codes (0,2) (1,3) (0,1) (2,3)
//   -> bytes 8, 13, 4, 14.
// CHECK-LABEL: func.func @depthwise
// CHECK-DAG: arith.constant dense<[1.000000e+00, 2.000000e+00, 3.000000e+00, 4.000000e+00]> : tensor<4xf32>
// CHECK-DAG: arith.constant dense<{{\[}}[8], [13], [4], [14]]> : tensor<4x1xi8>
// CHECK: compress.codebook_conv2d
// CHECK-SAME: groups = 2 : i64, kernel_size = array<i64: 1, 2>
// CHECK-SAME: -> tensor<1x3x2x4xf32>
// CHECK-NOT: tosa.depthwise_conv2d
func.func @depthwise(%x: tensor<1x3x3x2xf32>, %b: tensor<4xf32>) -> tensor<1x3x2x4xf32> {
  %w = "tosa.const"() {values = dense<[[[[1.0, 2.0], [1.0, 3.0]], [[3.0, 4.0], [2.0, 4.0]]]]> : tensor<1x2x2x2xf32>} : () -> tensor<1x2x2x2xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  // expected-remark@+1 {{weight bytes 32 -> 20}}
  %y = tosa.depthwise_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x3x3x2xf32>, tensor<1x2x2x2xf32>, tensor<4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x3x2x4xf32>
  return %y : tensor<1x3x2x4xf32>
}

// -----

// Matmul by a constant B [1, K, N]: W = Bᵀ [N, K] between reshapes, zero bias.
// B = [[1, 2], [3, 4], [1, 1]] (K = 3, N = 2): W rows (1, 3, 1), (2, 4, 1)
//   -> codes (0, 2, 0) = 8, (1, 3, 0) = 13.
// CHECK-LABEL: func.func @matmul
// CHECK-DAG: %[[C:.*]] = arith.constant dense<[1.000000e+00, 2.000000e+00, 3.000000e+00, 4.000000e+00]> : tensor<4xf32>
// CHECK-DAG: %[[I:.*]] = arith.constant dense<{{\[}}[8], [13]]> : tensor<2x1xi8>
// CHECK-DAG: %[[Z:.*]] = arith.constant dense<0.000000e+00> : tensor<2xf32>
// CHECK: %[[A:.*]] = tensor.collapse_shape %arg0 {{\[}}[0, 1], [2]] : tensor<1x5x3xf32> into tensor<5x3xf32>
// CHECK: %[[Y:.*]] = compress.codebook_matmul %[[A]], %[[C]], %[[I]], %[[Z]] {bits = 2 : i64, compress.layer = #compress.layer<{{.*}}weight_bytes_before = 24, weight_bytes_after = 18, rel_error = {{[^>]*}}>}
// CHECK-SAME: -> tensor<5x2xf32>
// CHECK: %[[R:.*]] = tensor.expand_shape %[[Y]] {{\[}}[0, 1], [2]] output_shape [1, 5, 2] : tensor<5x2xf32> into tensor<1x5x2xf32>
// CHECK: return %[[R]]
func.func @matmul(%a: tensor<1x5x3xf32>) -> tensor<1x5x2xf32> {
  %w = "tosa.const"() {values = dense<[[[1.0, 2.0], [3.0, 4.0], [1.0, 1.0]]]> : tensor<1x3x2xf32>} : () -> tensor<1x3x2xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  // expected-remark@+1 {{weight bytes 24 -> 18}}
  %y = tosa.matmul %a, %w, %zp, %zp : (tensor<1x5x3xf32>, tensor<1x3x2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x5x2xf32>
  return %y : tensor<1x5x2xf32>
}

// -----

// Layers that cannot be rewritten stay dense, with a remark.
// CHECK-LABEL: func.func @skips
// CHECK-COUNT-2: tosa.conv2d
// CHECK: tosa.matmul
// CHECK-NOT: compress.
func.func @skips(%x: tensor<1x4x4x3xf32>, %w: tensor<2x1x1x3xf32>, %zpv: tensor<1xf32>, %a: tensor<1x5x3xf32>, %bv: tensor<1xf32>) -> (tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>, tensor<1x5x2xf32>) {
  %b = "tosa.const"() {values = dense<[0.1, 0.2]> : tensor<2xf32>} : () -> tensor<2xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  // expected-remark@+1 {{codebook: skipped layer '': weight is not a constant}}
  %y0 = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x4x4x3xf32>, tensor<2x1x1x3xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32>
  %wc = "tosa.const"() {values = dense<1.0> : tensor<2x1x1x3xf32>} : () -> tensor<2x1x1x3xf32>
  // expected-remark@+1 {{codebook: skipped layer '': zero point is not a constant 0}}
  %y1 = tosa.conv2d %x, %wc, %b, %zpv, %zp {acc_type = f32, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x4x4x3xf32>, tensor<2x1x1x3xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32>
  %bm = "tosa.const"() {values = dense<1.0> : tensor<2x3x2xf32>} : () -> tensor<2x3x2xf32>
  %a2 = tosa.concat %a, %a {axis = 0 : i32} : (tensor<1x5x3xf32>, tensor<1x5x3xf32>) -> tensor<2x5x3xf32>
  // expected-remark@+1 {{codebook: skipped layer '': batched matmul (batch != 1)}}
  %y2 = tosa.matmul %a2, %bm, %zp, %zp : (tensor<2x5x3xf32>, tensor<2x3x2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<2x5x2xf32>
  %s = tosa.const_shape {values = dense<[0, 0, 0]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %z = tosa.const_shape {values = dense<[1, 5, 2]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %y3 = tosa.slice %y2, %s, %z : (tensor<2x5x2xf32>, !tosa.shape<3>, !tosa.shape<3>) -> tensor<1x5x2xf32>
  return %y0, %y1, %y3 : tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>, tensor<1x5x2xf32>
}

// -----

// Non-f32 layers and a non-constant one-element bias are skipped.
// CHECK-LABEL: func.func @skips_types
// CHECK: tosa.conv2d
// CHECK: tosa.conv2d
// CHECK-NOT: compress.
func.func @skips_types(%x: tensor<1x4x4x3xi8>, %xf: tensor<1x4x4x3xf32>, %bv: tensor<1xf32>) -> (tensor<1x4x4x2xi32>, tensor<1x4x4x2xf32>) {
  %w = "tosa.const"() {values = dense<1> : tensor<2x1x1x3xi8>} : () -> tensor<2x1x1x3xi8>
  %b = "tosa.const"() {values = dense<0> : tensor<2xi32>} : () -> tensor<2xi32>
  %zp = "tosa.const"() {values = dense<0> : tensor<1xi8>} : () -> tensor<1xi8>
  // expected-remark@+1 {{codebook: skipped layer '': not f32 with static shapes}}
  %y = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = i32, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x4x4x3xi8>, tensor<2x1x1x3xi8>, tensor<2xi32>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x4x4x2xi32>
  %wf = "tosa.const"() {values = dense<1.0> : tensor<2x1x1x3xf32>} : () -> tensor<2x1x1x3xf32>
  %zpf = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  // expected-remark@+1 {{codebook: skipped layer '': bias is neither per-channel nor a constant scalar}}
  %yf = tosa.conv2d %xf, %wf, %bv, %zpf, %zpf {acc_type = f32, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x4x4x3xf32>, tensor<2x1x1x3xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32>
  return %y, %yf : tensor<1x4x4x2xi32>, tensor<1x4x4x2xf32>
}

// -----

// A codebook that is not smaller than the weight is not applied: 2 weights of
// 4 bytes vs 2 index bytes + 2 centroids of 4 bytes.
// CHECK-LABEL: func.func @does_not_pay
// CHECK: tosa.conv2d
func.func @does_not_pay(%x: tensor<1x4x4x1xf32>) -> tensor<1x4x4x2xf32> {
  %w = "tosa.const"() {values = dense<[[[[0.5]]], [[[-0.5]]]]> : tensor<2x1x1x1xf32>} : () -> tensor<2x1x1x1xf32>
  %b = "tosa.const"() {values = dense<0.0> : tensor<2xf32>} : () -> tensor<2xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  // expected-remark@+1 {{codebook: skipped layer '': does not pay: weight bytes 8 -> 10}}
  %y = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x4x4x1xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32>
  return %y : tensor<1x4x4x2xf32>
}

// -----

// Layers are named by their NameLoc; `layers` restricts the pass to the named
// ones (with layers=conv_b,fc, conv_a and the unnamed layers of the other cases
// stay dense).
// CHECK-LABEL: func.func @named
// CHECK-COUNT-2: compress.codebook_conv2d
// CHECK: compress.codebook_matmul
// LAYERS-LABEL: func.func @named
// LAYERS: tosa.conv2d
// LAYERS: compress.codebook_conv2d
// LAYERS-SAME: bits = 3 : i64
// LAYERS-SAME: compress.layer = #compress.layer<name = "conv_b", method = "codebook", params = "bits=3 per-tensor init=kmeans++ seed=5", weight_bytes_before = 64, weight_bytes_after = 26, rel_error = 0.000000e+00 : f64, weight_norm = {{[^>]*}}>
// LAYERS-SAME: tensor<5xf32>, tensor<2x3xi8>
// LAYERS: compress.codebook_matmul
// LAYERS-SAME: name = "fc"
// LAYERS-NOT: compress.codebook
// LREMARK-NOT: remark: {{.*}}layer 'conv_a'
// LREMARK: remark: {{.*}}codebook: layer 'conv_b' bits=3 per-tensor init=kmeans++ seed=5: weight bytes 64 -> 26, rel_error 0.000000e+00
// LREMARK-NOT: remark: {{.*}}layer 'conv_a'
// LREMARK: remark: {{.*}}codebook: layer 'fc' bits=3 per-tensor init=kmeans++ seed=5: weight bytes 160 -> {{[0-9]+}}, rel_error {{[0-9.]+}}e-0{{[1-3]}}
// LREMARK-NOT: remark: {{.*}}layer 'conv_a'
func.func @named(%x: tensor<1x2x2x8xf32>, %b: tensor<2xf32>, %a: tensor<1x3x20xf32>) -> (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>, tensor<1x3x2xf32>) {
  %w = "tosa.const"() {values = dense<[[[[0.5, -0.5, 1.0, 1.0, 0.5, -0.5, 0.5, 1.0]]], [[[0.0, 0.25, 0.5, 1.0, 0.0, 0.25, 0.5, 1.0]]]]> : tensor<2x1x1x8xf32>} : () -> tensor<2x1x1x8xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  // expected-remark@unknown {{codebook: layer 'conv_a' bits=2}}
  %y0 = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x2x2x8xf32>, tensor<2x1x1x8xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x2xf32> loc("conv_a")
  // expected-remark@unknown {{codebook: layer 'conv_b' bits=2}}
  %y1 = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x2x2x8xf32>, tensor<2x1x1x8xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x2xf32> loc("conv_b")
  %wm = "tosa.const"() {values = dense<[[[0.9, -0.8], [0.7, -0.6], [0.5, -0.4], [0.3, -0.2], [0.1, 0.0], [0.11, -0.19], [0.23, 0.5], [-0.77, 0.61], [0.05, 0.33], [-0.4, 0.8], [0.9, -0.8], [0.7, -0.6], [0.5, -0.4], [0.3, -0.2], [0.1, 0.0], [0.12, -0.18], [0.24, 0.51], [-0.76, 0.62], [0.06, 0.34], [-0.41, 0.81]]]> : tensor<1x20x2xf32>} : () -> tensor<1x20x2xf32>
  // expected-remark@unknown {{codebook: layer 'fc' bits=2}}
  %y2 = tosa.matmul %a, %wm, %zp, %zp : (tensor<1x3x20xf32>, tensor<1x20x2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x3x2xf32> loc("fc")
  return %y0, %y1, %y2 : tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>, tensor<1x3x2xf32>
}
