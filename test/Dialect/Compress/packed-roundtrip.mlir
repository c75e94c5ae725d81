// RUN: compress-opt %s | compress-opt | FileCheck %s
// RUN: compress-opt %s --mlir-print-op-generic | compress-opt | FileCheck %s

// The packed-activation ops survive a print/parse round trip with every attribute
// (pad_value default and explicit).

// CHECK-LABEL: func.func @chain(
// CHECK: compress.binary_pack %{{.*}} : (tensor<2x7x13x65xf32>) -> tensor<2x7x13x2xi64>
// CHECK: compress.binary_conv2d_threshold %{{.*}}, %{{.*}}, %{{.*}} {dilations = array<i64: 1, 2>, input_channels = 65 : i64, pad = array<i64: 1, 0, 2, 1>, pad_value = #compress<pad_value minus_one>, strides = array<i64: 2, 1>} : (tensor<2x7x13x2xi64>, tensor<70x3x3x2xi64>, tensor<70x2xi64>) -> tensor<2x3x12x2xi64>
// CHECK: compress.binary_max_pool2d %{{.*}} {kernel = array<i64: 2, 3>, pad = array<i64: 0, 1, 1, 2>, stride = array<i64: 1, 2>} : (tensor<2x3x12x2xi64>) -> tensor<2x3x7x2xi64>
// CHECK: compress.binary_conv2d_packed %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} {dilations = array<i64: 1, 1>, input_channels = 70 : i64, pad = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<2x3x7x2xi64>, tensor<5x1x1x2xi64>, tensor<5xf32>, tensor<5xf32>) -> tensor<2x3x7x5xf32>
func.func @chain(%x: tensor<2x7x13x65xf32>, %w: tensor<70x3x3x2xi64>, %t: tensor<70x2xi64>,
                 %w2: tensor<5x1x1x2xi64>, %a: tensor<5xf32>) -> tensor<2x3x7x5xf32> {
  %p = compress.binary_pack %x : (tensor<2x7x13x65xf32>) -> tensor<2x7x13x2xi64>
  %q = compress.binary_conv2d_threshold %p, %w, %t {input_channels = 65 : i64,
         strides = array<i64: 2, 1>, pad = array<i64: 1, 0, 2, 1>, dilations = array<i64: 1, 2>,
         pad_value = #compress<pad_value minus_one>}
       : (tensor<2x7x13x2xi64>, tensor<70x3x3x2xi64>, tensor<70x2xi64>) -> tensor<2x3x12x2xi64>
  %m = compress.binary_max_pool2d %q {kernel = array<i64: 2, 3>, stride = array<i64: 1, 2>,
         pad = array<i64: 0, 1, 1, 2>} : (tensor<2x3x12x2xi64>) -> tensor<2x3x7x2xi64>
  %y = compress.binary_conv2d_packed %m, %w2, %a, %a {input_channels = 70 : i64,
         strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>,
         pad_value = #compress<pad_value zero>}
       : (tensor<2x3x7x2xi64>, tensor<5x1x1x2xi64>, tensor<5xf32>, tensor<5xf32>) -> tensor<2x3x7x5xf32>
  return %y : tensor<2x3x7x5xf32>
}

// CHECK-LABEL: func.func @onnx_first_and_fc(
// CHECK: compress.binary_pack %{{.*}} {nonzero} : (tensor<1x3x3x65xf32>) -> tensor<1x3x3x2xi64>
// CHECK: compress.binary_conv2d_threshold %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} {dilations = array<i64: 1, 1>, input_channels = 65 : i64, pad = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x3x3x2xi64>, tensor<70x1x1x2xi64>, tensor<70x2xi64>, tensor<1x3x3x2xi64>) -> tensor<1x3x3x2xi64>
// CHECK: tensor.collapse_shape
// CHECK: compress.binary_matmul_threshold %{{.*}}, %{{.*}}, %{{.*}} {input_channels = 70 : i64} : (tensor<1x18xi64>, tensor<20x18xi64>, tensor<20x2xi64>) -> tensor<1x1xi64>
// CHECK: compress.binary_matmul_threshold %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} {input_channels = 20 : i64} : (tensor<1x1xi64>, tensor<9x1xi64>, tensor<9x2xi64>, tensor<1x1xi64>) -> tensor<1x1xi64>
// CHECK: compress.binary_matmul_packed %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} {input_channels = 9 : i64} : (tensor<1x1xi64>, tensor<4x1xi64>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4xf32>
func.func @onnx_first_and_fc(%x: tensor<1x3x3x65xf32>, %w: tensor<70x1x1x2xi64>, %t: tensor<70x2xi64>,
                             %w2: tensor<20x18xi64>, %t2: tensor<20x2xi64>, %nz2: tensor<1x1xi64>,
                             %w3: tensor<9x1xi64>, %t3: tensor<9x2xi64>, %w4: tensor<4x1xi64>,
                             %a: tensor<4xf32>) -> tensor<1x4xf32> {
  %s = compress.binary_pack %x : (tensor<1x3x3x65xf32>) -> tensor<1x3x3x2xi64>
  %nz = compress.binary_pack %x {nonzero} : (tensor<1x3x3x65xf32>) -> tensor<1x3x3x2xi64>
  %q = compress.binary_conv2d_threshold %s, %w, %t, %nz {input_channels = 65 : i64,
         strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>}
       : (tensor<1x3x3x2xi64>, tensor<70x1x1x2xi64>, tensor<70x2xi64>, tensor<1x3x3x2xi64>) -> tensor<1x3x3x2xi64>
  %f = tensor.collapse_shape %q [[0], [1, 2, 3]] : tensor<1x3x3x2xi64> into tensor<1x18xi64>
  %r = compress.binary_matmul_threshold %f, %w2, %t2 {input_channels = 70 : i64}
       : (tensor<1x18xi64>, tensor<20x18xi64>, tensor<20x2xi64>) -> tensor<1x1xi64>
  %r2 = compress.binary_matmul_threshold %r, %w3, %t3, %nz2 {input_channels = 20 : i64}
       : (tensor<1x1xi64>, tensor<9x1xi64>, tensor<9x2xi64>, tensor<1x1xi64>) -> tensor<1x1xi64>
  %y = compress.binary_matmul_packed %r2, %w4, %a, %a {input_channels = 9 : i64}
       : (tensor<1x1xi64>, tensor<4x1xi64>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4xf32>
  return %y : tensor<1x4xf32>
}
