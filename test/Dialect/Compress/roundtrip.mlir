// RUN: compress-opt %s | compress-opt | FileCheck %s
// RUN: compress-opt %s --mlir-print-op-generic | compress-opt | FileCheck %s

// Every op in its printed form survives a print/parse round trip, with every
// attribute (pad_value default and explicit, both centroid forms, groups).

// CHECK-LABEL: func.func @lowrank_conv2d(
// CHECK: compress.lowrank_conv2d %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} {dilations = array<i64: 1, 2>, pad = array<i64: 1, 0, 2, 1>, strides = array<i64: 2, 1>} : (tensor<1x7x13x3xf32>, tensor<2x3x3x3xf32>, tensor<5x2xf32>, tensor<5xf32>) -> tensor<1x3x12x5xf32>
func.func @lowrank_conv2d(%x: tensor<1x7x13x3xf32>, %u: tensor<2x3x3x3xf32>, %v: tensor<5x2xf32>,
                          %b: tensor<5xf32>) -> tensor<1x3x12x5xf32> {
  %y = compress.lowrank_conv2d %x, %u, %v, %b {strides = array<i64: 2, 1>,
         pad = array<i64: 1, 0, 2, 1>, dilations = array<i64: 1, 2>}
       : (tensor<1x7x13x3xf32>, tensor<2x3x3x3xf32>, tensor<5x2xf32>, tensor<5xf32>) -> tensor<1x3x12x5xf32>
  return %y : tensor<1x3x12x5xf32>
}

// CHECK-LABEL: func.func @lowrank_matmul(
// CHECK: compress.lowrank_matmul %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} : (tensor<2x9xf32>, tensor<3x9xf32>, tensor<4x3xf32>, tensor<4xf32>) -> tensor<2x4xf32>
func.func @lowrank_matmul(%x: tensor<2x9xf32>, %u: tensor<3x9xf32>, %v: tensor<4x3xf32>,
                          %b: tensor<4xf32>) -> tensor<2x4xf32> {
  %y = compress.lowrank_matmul %x, %u, %v, %b
       : (tensor<2x9xf32>, tensor<3x9xf32>, tensor<4x3xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  return %y : tensor<2x4xf32>
}

// CHECK-LABEL: func.func @sparse_conv2d(
// CHECK: compress.sparse_conv2d %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} {dilations = array<i64: 1, 1>, groups = 2 : i64, kernel_size = array<i64: 3, 1>, pad = array<i64: 1, 1, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x5x6x4xf32>, tensor<3xf32>, tensor<3xi32>, tensor<7xi32>, tensor<6xf32>) -> tensor<1x5x6x6xf32>
func.func @sparse_conv2d(%x: tensor<1x5x6x4xf32>, %b: tensor<6xf32>) -> tensor<1x5x6x6xf32> {
  %vals = arith.constant dense<[1.0, -2.0, 0.5]> : tensor<3xf32>
  %cols = arith.constant dense<[0, 5, 3]> : tensor<3xi32>
  %rows = arith.constant dense<[0, 1, 1, 2, 2, 3, 3]> : tensor<7xi32>
  %y = compress.sparse_conv2d %x, %vals, %cols, %rows, %b {kernel_size = array<i64: 3, 1>,
         strides = array<i64: 1, 1>, pad = array<i64: 1, 1, 0, 0>, dilations = array<i64: 1, 1>,
         groups = 2 : i64}
       : (tensor<1x5x6x4xf32>, tensor<3xf32>, tensor<3xi32>, tensor<7xi32>, tensor<6xf32>) -> tensor<1x5x6x6xf32>
  return %y : tensor<1x5x6x6xf32>
}

// CHECK-LABEL: func.func @sparse_matmul(
// CHECK: compress.sparse_matmul %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} : (tensor<3x5xf32>, tensor<?xf32>, tensor<?xi32>, tensor<3xi32>, tensor<2xf32>) -> tensor<3x2xf32>
func.func @sparse_matmul(%x: tensor<3x5xf32>, %vals: tensor<?xf32>, %cols: tensor<?xi32>,
                         %rows: tensor<3xi32>, %b: tensor<2xf32>) -> tensor<3x2xf32> {
  %y = compress.sparse_matmul %x, %vals, %cols, %rows, %b
       : (tensor<3x5xf32>, tensor<?xf32>, tensor<?xi32>, tensor<3xi32>, tensor<2xf32>) -> tensor<3x2xf32>
  return %y : tensor<3x2xf32>
}

// Per-tensor codebook: 3x3 taps x 3 channels = 27 indices of 3 bits = 81 bits = 11 bytes.
// CHECK-LABEL: func.func @codebook_conv2d_per_tensor(
// CHECK: compress.codebook_conv2d %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} {bits = 3 : i64, dilations = array<i64: 1, 1>, groups = 1 : i64, kernel_size = array<i64: 3, 3>, pad = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x7x13x3xf32>, tensor<5xf32>, tensor<4x11xi8>, tensor<4xf32>) -> tensor<1x4x7x4xf32>
func.func @codebook_conv2d_per_tensor(%x: tensor<1x7x13x3xf32>, %c: tensor<5xf32>, %i: tensor<4x11xi8>,
                                      %b: tensor<4xf32>) -> tensor<1x4x7x4xf32> {
  %y = compress.codebook_conv2d %x, %c, %i, %b {bits = 3 : i64, kernel_size = array<i64: 3, 3>,
         strides = array<i64: 2, 2>, pad = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>,
         groups = 1 : i64}
       : (tensor<1x7x13x3xf32>, tensor<5xf32>, tensor<4x11xi8>, tensor<4xf32>) -> tensor<1x4x7x4xf32>
  return %y : tensor<1x4x7x4xf32>
}

// Per-channel codebook, depthwise (groups = C = F): 2x2 taps x 1 channel x 8 bits = 4 bytes.
// CHECK-LABEL: func.func @codebook_conv2d_per_channel(
// CHECK: compress.codebook_conv2d %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} {bits = 8 : i64, dilations = array<i64: 1, 1>, groups = 3 : i64, kernel_size = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<2x4x4x3xf32>, tensor<3x256xf32>, tensor<3x4xi8>, tensor<3xf32>) -> tensor<2x3x3x3xf32>
func.func @codebook_conv2d_per_channel(%x: tensor<2x4x4x3xf32>, %c: tensor<3x256xf32>, %i: tensor<3x4xi8>,
                                       %b: tensor<3xf32>) -> tensor<2x3x3x3xf32> {
  %y = compress.codebook_conv2d %x, %c, %i, %b {bits = 8 : i64, kernel_size = array<i64: 2, 2>,
         strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>,
         groups = 3 : i64}
       : (tensor<2x4x4x3xf32>, tensor<3x256xf32>, tensor<3x4xi8>, tensor<3xf32>) -> tensor<2x3x3x3xf32>
  return %y : tensor<2x3x3x3xf32>
}

// K = 10 indices of 1 bit = 2 bytes per row.
// CHECK-LABEL: func.func @codebook_matmul_per_tensor(
// CHECK: compress.codebook_matmul %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} {bits = 1 : i64} : (tensor<2x10xf32>, tensor<2xf32>, tensor<3x2xi8>, tensor<3xf32>) -> tensor<2x3xf32>
func.func @codebook_matmul_per_tensor(%x: tensor<2x10xf32>, %c: tensor<2xf32>, %i: tensor<3x2xi8>,
                                      %b: tensor<3xf32>) -> tensor<2x3xf32> {
  %y = compress.codebook_matmul %x, %c, %i, %b {bits = 1 : i64}
       : (tensor<2x10xf32>, tensor<2xf32>, tensor<3x2xi8>, tensor<3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// CHECK-LABEL: func.func @codebook_matmul_per_channel(
// CHECK: compress.codebook_matmul %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} {bits = 4 : i64} : (tensor<2x3xf32>, tensor<3x16xf32>, tensor<3x2xi8>, tensor<3xf32>) -> tensor<2x3xf32>
func.func @codebook_matmul_per_channel(%x: tensor<2x3xf32>, %c: tensor<3x16xf32>, %i: tensor<3x2xi8>,
                                       %b: tensor<3xf32>) -> tensor<2x3xf32> {
  %y = compress.codebook_matmul %x, %c, %i, %b {bits = 4 : i64}
       : (tensor<2x3xf32>, tensor<3x16xf32>, tensor<3x2xi8>, tensor<3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// pad_value defaults to zero and is then not printed.
// CHECK-LABEL: func.func @binary_conv2d_default_pad(
// CHECK: compress.binary_conv2d %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} {dilations = array<i64: 1, 1>, groups = 1 : i64, pad = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : (tensor<1x5x5x65xf32>, tensor<8x3x3x2xi64>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x5x5x8xf32>
func.func @binary_conv2d_default_pad(%x: tensor<1x5x5x65xf32>, %w: tensor<8x3x3x2xi64>, %a: tensor<8xf32>,
                                     %b: tensor<8xf32>) -> tensor<1x5x5x8xf32> {
  %y = compress.binary_conv2d %x, %w, %a, %b {strides = array<i64: 1, 1>,
         pad = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x5x5x65xf32>, tensor<8x3x3x2xi64>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x5x5x8xf32>
  return %y : tensor<1x5x5x8xf32>
}

// CHECK-LABEL: func.func @binary_conv2d_pad_one(
// CHECK: compress.binary_conv2d {{.*}}pad_value = #compress<pad_value one>
func.func @binary_conv2d_pad_one(%x: tensor<1x5x5x4xf32>, %w: tensor<4x3x3x1xi64>, %a: tensor<4xf32>,
                                 %b: tensor<4xf32>) -> tensor<1x5x5x4xf32> {
  %y = compress.binary_conv2d %x, %w, %a, %b {strides = array<i64: 1, 1>,
         pad = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, groups = 2 : i64,
         pad_value = #compress<pad_value one>}
       : (tensor<1x5x5x4xf32>, tensor<4x3x3x1xi64>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x5x5x4xf32>
  return %y : tensor<1x5x5x4xf32>
}

// CHECK-LABEL: func.func @binary_conv2d_pad_minus_one(
// CHECK: compress.binary_conv2d {{.*}}pad_value = #compress<pad_value minus_one>
func.func @binary_conv2d_pad_minus_one(%x: tensor<1x5x5x4xf32>, %w: tensor<4x3x3x1xi64>, %a: tensor<4xf32>,
                                       %b: tensor<4xf32>) -> tensor<1x2x2x4xf32> {
  %y = compress.binary_conv2d %x, %w, %a, %b {strides = array<i64: 2, 2>,
         pad = array<i64: 1, 0, 1, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64,
         pad_value = #compress<pad_value minus_one>}
       : (tensor<1x5x5x4xf32>, tensor<4x3x3x1xi64>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x2x2x4xf32>
  return %y : tensor<1x2x2x4xf32>
}

// input_sign onnx (ONNX Sign, sign(0) = 0) on both binary ops; ge0, the default, is
// not printed.
// CHECK-LABEL: func.func @binary_conv2d_onnx_sign(
// CHECK: compress.binary_conv2d {{.*}}input_sign = #compress<input_sign onnx>
// CHECK-LABEL: func.func @binary_matmul_onnx_sign(
// CHECK: compress.binary_matmul %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} {input_sign = #compress<input_sign onnx>}
// CHECK-LABEL: func.func @binary_matmul_ge0_sign(
// CHECK: compress.binary_matmul %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} : (
func.func @binary_conv2d_onnx_sign(%x: tensor<1x5x5x4xf32>, %w: tensor<4x3x3x1xi64>, %a: tensor<4xf32>,
                                   %b: tensor<4xf32>) -> tensor<1x5x5x4xf32> {
  %y = compress.binary_conv2d %x, %w, %a, %b {strides = array<i64: 1, 1>,
         pad = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, groups = 1 : i64,
         input_sign = #compress<input_sign onnx>}
       : (tensor<1x5x5x4xf32>, tensor<4x3x3x1xi64>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x5x5x4xf32>
  return %y : tensor<1x5x5x4xf32>
}
func.func @binary_matmul_onnx_sign(%x: tensor<4x130xf32>, %w: tensor<3x3xi64>, %a: tensor<3xf32>,
                                   %b: tensor<3xf32>) -> tensor<4x3xf32> {
  %y = compress.binary_matmul %x, %w, %a, %b {input_sign = #compress<input_sign onnx>}
       : (tensor<4x130xf32>, tensor<3x3xi64>, tensor<3xf32>, tensor<3xf32>) -> tensor<4x3xf32>
  return %y : tensor<4x3xf32>
}
func.func @binary_matmul_ge0_sign(%x: tensor<4x130xf32>, %w: tensor<3x3xi64>, %a: tensor<3xf32>,
                                  %b: tensor<3xf32>) -> tensor<4x3xf32> {
  %y = compress.binary_matmul %x, %w, %a, %b {input_sign = #compress<input_sign ge0>}
       : (tensor<4x130xf32>, tensor<3x3xi64>, tensor<3xf32>, tensor<3xf32>) -> tensor<4x3xf32>
  return %y : tensor<4x3xf32>
}

// CHECK-LABEL: func.func @binary_matmul(
// CHECK: compress.binary_matmul %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} : (tensor<4x130xf32>, tensor<3x3xi64>, tensor<3xf32>, tensor<3xf32>) -> tensor<4x3xf32>
func.func @binary_matmul(%x: tensor<4x130xf32>, %w: tensor<3x3xi64>, %a: tensor<3xf32>,
                         %b: tensor<3xf32>) -> tensor<4x3xf32> {
  %y = compress.binary_matmul %x, %w, %a, %b
       : (tensor<4x130xf32>, tensor<3x3xi64>, tensor<3xf32>, tensor<3xf32>) -> tensor<4x3xf32>
  return %y : tensor<4x3xf32>
}

// A stride far beyond the input is valid (one output row per axis) and its
// geometry arithmetic does not overflow.
// CHECK-LABEL: func.func @codebook_conv2d_huge_stride(
// CHECK: compress.codebook_conv2d {{.*}} -> tensor<1x1x1x2xf32>
func.func @codebook_conv2d_huge_stride(%x: tensor<1x5x5x4xf32>, %c: tensor<8xf32>, %i: tensor<2x7xi8>, %b: tensor<2xf32>) -> tensor<1x1x1x2xf32> {
  %y = compress.codebook_conv2d %x, %c, %i, %b {bits = 3 : i64, kernel_size = array<i64: 3, 3>, strides = array<i64: 9223372036854775807, 9000000000000000000>, pad = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, groups = 2 : i64}
       : (tensor<1x5x5x4xf32>, tensor<8xf32>, tensor<2x7xi8>, tensor<2xf32>) -> tensor<1x1x1x2xf32>
  return %y : tensor<1x1x1x2xf32>
}

// The layer record: every parameter, and the minimal form (name and method only).
// CHECK-LABEL: func.func @layer_records(
// CHECK: compress.lowrank_matmul {{.*}} {compress.layer = #compress.layer<name = "fc", method = "prune+lowrank", params = "prune(sparsity=0.50) rank=3", weight_bytes_before = 144, weight_bytes_after = 124, macs_before = 72, macs_after = 62, rel_error = 2.500000e-01 : f64, weight_norm = 3.000000e+00 : f64>}
// CHECK: tosa.matmul {{.*}} {compress.layer = #compress.layer<name = "", method = "dense">}
func.func @layer_records(%x: tensor<2x9xf32>, %u: tensor<3x9xf32>, %v: tensor<4x3xf32>,
                         %b: tensor<4xf32>, %a: tensor<1x2x9xf32>, %w: tensor<1x9x4xf32>,
                         %zp: tensor<1xf32>) -> (tensor<2x4xf32>, tensor<1x2x4xf32>) {
  %y = compress.lowrank_matmul %x, %u, %v, %b {compress.layer = #compress.layer<
         name = "fc", method = "prune+lowrank", params = "prune(sparsity=0.50) rank=3",
         weight_bytes_before = 144, weight_bytes_after = 124, macs_before = 72, macs_after = 62,
         rel_error = 0.25 : f64, weight_norm = 3.0 : f64>}
       : (tensor<2x9xf32>, tensor<3x9xf32>, tensor<4x3xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  %z = tosa.matmul %a, %w, %zp, %zp {compress.layer = #compress.layer<name = "", method = "dense">}
       : (tensor<1x2x9xf32>, tensor<1x9x4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x4xf32>
  return %y, %z : tensor<2x4xf32>, tensor<1x2x4xf32>
}
