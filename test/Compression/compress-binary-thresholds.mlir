// RUN: compress-opt %s -split-input-file --compress-binary-thresholds -verify-diagnostics | FileCheck %s

// Thresholds of a 1x1 conv over C = 4 channels (K = 4, y in [-4, 4]), α = 1, b = 0,
// BatchNorm scale s and shift t per channel; output +1 iff s·y + t >= 0:
//  ch0: s = 1,  t = -1.5: y >= 1.5             -> [2, 4]
//  ch1: s = -1, t = 0.5:  y <= 0.5 (flipped)   -> [-4, 0]
//  ch2: s = 0,  t = -1:   always -1 (constant) -> empty [1, 0]
//  ch3: s = 0,  t = 0:    ±0 + 0 = +0: always +1 (sign(0) = +1) -> [-4, 4]
//  ch4: s = 1,  t = -2:   exactly 0 at y = 2, +1 there -> [2, 4]

// CHECK-LABEL: func.func @thresholds(
// CHECK-SAME: %[[X:.*]]: tensor<1x3x3x4xf32>
// CHECK: %[[W1:.*]] = arith.constant dense<{{\[}}[{{\[}}[5]]], [{{\[}}[0]]], [{{\[}}[15]]], [{{\[}}[0]]], [{{\[}}[3]]]]> : tensor<5x1x1x1xi64>
// CHECK: %[[P:.*]] = compress.binary_pack %[[X]] : (tensor<1x3x3x4xf32>) -> tensor<1x3x3x1xi64>
// CHECK: %[[T:.*]] = arith.constant dense<{{\[}}[2, 4], [-4, 0], [1, 0], [-4, 4], [2, 4]]> : tensor<5x2xi64>
// CHECK: %[[Q:.*]] = compress.binary_conv2d_threshold %[[P]], %[[W1]], %[[T]] {dilations = array<i64: 1, 1>, input_channels = 4 : i64, pad = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x3x3x1xi64>, tensor<5x1x1x1xi64>, tensor<5x2xi64>) -> tensor<1x3x3x1xi64>
// CHECK: %[[Y:.*]] = compress.binary_conv2d_packed %[[Q]], %{{.*}}, %{{.*}}, %{{.*}} {dilations = array<i64: 1, 1>, input_channels = 5 : i64, pad = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : (tensor<1x3x3x1xi64>, tensor<2x3x3x1xi64>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x3x3x2xf32>
// CHECK-NOT: tosa.{{mul|add|sub|max_pool2d}}
// CHECK: return %[[Y]]
func.func @thresholds(%x: tensor<1x3x3x4xf32>) -> tensor<1x3x3x2xf32> {
  %w1 = arith.constant dense<[[[[5]]], [[[0]]], [[[15]]], [[[0]]], [[[3]]]]> : tensor<5x1x1x1xi64>
  %a1 = arith.constant dense<1.0> : tensor<5xf32>
  %b1 = arith.constant dense<0.0> : tensor<5xf32>
  // expected-remark@+1 {{binary-thresholds: packed output for the binary layer at loc("second") (5 channels: 1 with flipped comparison, 2 constant)}}
  %y1 = compress.binary_conv2d %x, %w1, %a1, %b1 {strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
        : (tensor<1x3x3x4xf32>, tensor<5x1x1x1xi64>, tensor<5xf32>, tensor<5xf32>) -> tensor<1x3x3x5xf32>
  %s = "tosa.const"() {values = dense<[[[[1.0, -1.0, 0.0, 0.0, 1.0]]]]> : tensor<1x1x1x5xf32>} : () -> tensor<1x1x1x5xf32>
  %t = "tosa.const"() {values = dense<[[[[-1.5, 0.5, -1.0, 0.0, -2.0]]]]> : tensor<1x1x1x5xf32>} : () -> tensor<1x1x1x5xf32>
  %zs = "tosa.const"() {values = dense<0> : tensor<1xi8>} : () -> tensor<1xi8>
  %m = tosa.mul %y1, %s, %zs : (tensor<1x3x3x5xf32>, tensor<1x1x1x5xf32>, tensor<1xi8>) -> tensor<1x3x3x5xf32>
  %v = tosa.add %m, %t : (tensor<1x3x3x5xf32>, tensor<1x1x1x5xf32>) -> tensor<1x3x3x5xf32>
  %w2 = arith.constant dense<1> : tensor<2x3x3x1xi64>
  %a2 = arith.constant dense<1.0> : tensor<2xf32>
  %y2 = compress.binary_conv2d %v, %w2, %a2, %a2 {strides = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, groups = 1 : i64}
        : (tensor<1x3x3x5xf32>, tensor<2x3x3x1xi64>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x3x3x2xf32> loc("second")
  return %y2 : tensor<1x3x3x2xf32>
}

// -----

// BatchNorm folded into α and bias (no float op), then a max-pool: α = -0.5 flips
// ch0 (+1 iff -0.5·y + 0.25 >= 0, y <= 0.5); ch1: 0.5·y - 1 >= 0 iff y >= 2.
// Three layers: the middle one reads and writes bits.

// CHECK-LABEL: func.func @folded_pool_chain(
// CHECK: compress.binary_pack
// CHECK: compress.binary_conv2d_threshold %{{.*}}, %{{.*}}, %[[T0:.*]] {
// CHECK: compress.binary_max_pool2d %{{.*}} {kernel = array<i64: 2, 2>, pad = array<i64: 0, 1, 0, 1>, stride = array<i64: 1, 1>} : (tensor<1x4x4x1xi64>) -> tensor<1x4x4x1xi64>
// CHECK: compress.binary_conv2d_threshold
// CHECK: compress.binary_conv2d_packed
// CHECK-NOT: tosa.{{mul|add|sub|max_pool2d}}
func.func @folded_pool_chain(%x: tensor<1x4x4x3xf32>) -> tensor<1x4x4x2xf32> {
  %w1 = arith.constant dense<[[[[5]]], [[[2]]]]> : tensor<2x1x1x1xi64>
  %a1 = arith.constant dense<[-0.5, 0.5]> : tensor<2xf32>
  %b1 = arith.constant dense<[0.25, -1.0]> : tensor<2xf32>
  // expected-remark@+1 {{(2 channels: 1 with flipped comparison, 0 constant), max-pool on packed bits}}
  %y1 = compress.binary_conv2d %x, %w1, %a1, %b1 {strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
        : (tensor<1x4x4x3xf32>, tensor<2x1x1x1xi64>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  %p = tosa.max_pool2d %y1 {kernel = array<i64: 2, 2>, stride = array<i64: 1, 1>, pad = array<i64: 0, 1, 0, 1>} : (tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  %w2 = arith.constant dense<[[[[1], [2], [0]]], [[[3], [0], [1]]], [[[2], [2], [2]]]]> : tensor<3x1x3x1xi64>
  %a2 = arith.constant dense<[0.5, 1.0, 0.25]> : tensor<3xf32>
  %b2 = arith.constant dense<[0.0, -1.5, 0.0]> : tensor<3xf32>
  // expected-remark@+1 {{packed output for the binary layer at loc("last") (3 channels: 1 with flipped comparison, 0 constant)}}
  %y2 = compress.binary_conv2d %p, %w2, %a2, %b2 {strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 1, 1>, dilations = array<i64: 1, 1>, groups = 1 : i64, pad_value = #compress<pad_value minus_one>}
        : (tensor<1x4x4x2xf32>, tensor<3x1x3x1xi64>, tensor<3xf32>, tensor<3xf32>) -> tensor<1x4x4x3xf32>
  %s = "tosa.const"() {values = dense<[[[[1.0, -2.0, 0.5]]]]> : tensor<1x1x1x3xf32>} : () -> tensor<1x1x1x3xf32>
  %mean = "tosa.const"() {values = dense<[[[[0.25, 0.0, -0.75]]]]> : tensor<1x1x1x3xf32>} : () -> tensor<1x1x1x3xf32>
  %zs = "tosa.const"() {values = dense<0> : tensor<1xi8>} : () -> tensor<1xi8>
  %c = tosa.sub %y2, %mean : (tensor<1x4x4x3xf32>, tensor<1x1x1x3xf32>) -> tensor<1x4x4x3xf32>
  %m = tosa.mul %s, %c, %zs : (tensor<1x1x1x3xf32>, tensor<1x4x4x3xf32>, tensor<1xi8>) -> tensor<1x4x4x3xf32>
  %w3 = arith.constant dense<[[[[6]]], [[[1]]]]> : tensor<2x1x1x1xi64>
  %a3 = arith.constant dense<1.0> : tensor<2xf32>
  %y3 = compress.binary_conv2d %m, %w3, %a3, %a3 {strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
        : (tensor<1x4x4x3xf32>, tensor<2x1x1x1xi64>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32> loc("last")
  return %y3 : tensor<1x4x4x2xf32>
}

// -----

// Not fused: the float value between the layers has a second user.

// CHECK-LABEL: func.func @two_users(
// CHECK: compress.binary_conv2d %
// CHECK: tosa.add
// CHECK: compress.binary_conv2d %
func.func @two_users(%x: tensor<1x3x3x4xf32>) -> (tensor<1x3x3x2xf32>, tensor<1x3x3x2xf32>) {
  %w1 = arith.constant dense<[[[[5]]], [[[0]]]]> : tensor<2x1x1x1xi64>
  %a1 = arith.constant dense<1.0> : tensor<2xf32>
  %y1 = compress.binary_conv2d %x, %w1, %a1, %a1 {strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
        : (tensor<1x3x3x4xf32>, tensor<2x1x1x1xi64>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x3x3x2xf32>
  %t = "tosa.const"() {values = dense<[[[[-1.5, 0.5]]]]> : tensor<1x1x1x2xf32>} : () -> tensor<1x1x1x2xf32>
  %v = tosa.add %y1, %t : (tensor<1x3x3x2xf32>, tensor<1x1x1x2xf32>) -> tensor<1x3x3x2xf32>
  %w2 = arith.constant dense<1> : tensor<2x1x1x1xi64>
  // expected-remark@+1 {{a float value between the layers has another user}}
  %y2 = compress.binary_conv2d %v, %w2, %a1, %a1 {strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
        : (tensor<1x3x3x2xf32>, tensor<2x1x1x1xi64>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x3x3x2xf32>
  return %y2, %v : tensor<1x3x3x2xf32>, tensor<1x3x3x2xf32>
}

// -----

// Not fused: scale +inf times α·y + b = 0 at y = 0 is NaN (zero variance with zero
// epsilon), whose sign the bits cannot follow.

// CHECK-LABEL: func.func @nan(
// CHECK: tosa.mul
func.func @nan(%x: tensor<1x3x3x4xf32>) -> tensor<1x3x3x2xf32> {
  %w1 = arith.constant dense<[[[[5]]], [[[0]]]]> : tensor<2x1x1x1xi64>
  %a1 = arith.constant dense<1.0> : tensor<2xf32>
  %b1 = arith.constant dense<0.0> : tensor<2xf32>
  %y1 = compress.binary_conv2d %x, %w1, %a1, %b1 {strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
        : (tensor<1x3x3x4xf32>, tensor<2x1x1x1xi64>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x3x3x2xf32>
  %s = "tosa.const"() {values = dense<[[[[1.0, 0x7F800000]]]]> : tensor<1x1x1x2xf32>} : () -> tensor<1x1x1x2xf32>
  %zs = "tosa.const"() {values = dense<0> : tensor<1xi8>} : () -> tensor<1xi8>
  %v = tosa.mul %y1, %s, %zs : (tensor<1x3x3x2xf32>, tensor<1x1x1x2xf32>, tensor<1xi8>) -> tensor<1x3x3x2xf32>
  %w2 = arith.constant dense<1> : tensor<2x1x1x1xi64>
  // expected-remark@+1 {{channel 1 is NaN at accumulator 0}}
  %y2 = compress.binary_conv2d %v, %w2, %a1, %a1 {strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
        : (tensor<1x3x3x2xf32>, tensor<2x1x1x1xi64>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x3x3x2xf32>
  return %y2 : tensor<1x3x3x2xf32>
}

// -----

// Input sign forms of the consumer: ge0 is the form the bits hold; with ONNX's
// sign(0) = 0 (input_sign = onnx) a channel whose value is exactly 0 at some
// accumulator cannot be fused (here ch0: y + 1 = 0 at y = -1), one that never is can
// (y + 0.5); an attribute the pass does not know is not fused.

// CHECK-LABEL: func.func @onnx_sign_zero(
// CHECK-NOT: compress.binary_conv2d_threshold
func.func @onnx_sign_zero(%x: tensor<1x3x3x4xf32>) -> tensor<1x3x3x2xf32> {
  %w1 = arith.constant dense<[[[[5]]], [[[0]]]]> : tensor<2x1x1x1xi64>
  %a1 = arith.constant dense<1.0> : tensor<2xf32>
  %y1 = compress.binary_conv2d %x, %w1, %a1, %a1 {strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
        : (tensor<1x3x3x4xf32>, tensor<2x1x1x1xi64>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x3x3x2xf32>
  %w2 = arith.constant dense<1> : tensor<2x1x1x1xi64>
  // expected-remark@+1 {{channel 0 is exactly 0 at accumulator -1 and the consumer's sign(0) = 0 cannot be held by a bit}}
  %y2 = compress.binary_conv2d %y1, %w2, %a1, %a1 {strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64, input_sign = #compress<input_sign onnx>}
        : (tensor<1x3x3x2xf32>, tensor<2x1x1x1xi64>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x3x3x2xf32>
  return %y2 : tensor<1x3x3x2xf32>
}

// CHECK-LABEL: func.func @onnx_sign_no_zero(
// CHECK: compress.binary_conv2d_threshold
// CHECK: compress.binary_conv2d_packed
func.func @onnx_sign_no_zero(%x: tensor<1x3x3x4xf32>) -> tensor<1x3x3x2xf32> {
  %w1 = arith.constant dense<[[[[5]]], [[[0]]]]> : tensor<2x1x1x1xi64>
  %a1 = arith.constant dense<1.0> : tensor<2xf32>
  %b1 = arith.constant dense<0.5> : tensor<2xf32>
  // expected-remark@+1 {{packed output}}
  %y1 = compress.binary_conv2d %x, %w1, %a1, %b1 {strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
        : (tensor<1x3x3x4xf32>, tensor<2x1x1x1xi64>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x3x3x2xf32>
  %w2 = arith.constant dense<1> : tensor<2x1x1x1xi64>
  %y2 = compress.binary_conv2d %y1, %w2, %a1, %a1 {strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64, input_sign = #compress<input_sign onnx>}
        : (tensor<1x3x3x2xf32>, tensor<2x1x1x1xi64>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x3x3x2xf32>
  return %y2 : tensor<1x3x3x2xf32>
}

// A first layer with ONNX's sign reads floats whose zeros count nothing: it packs its
// input twice (sign bits and the nonzero plane) and its threshold op masks the count
// with the plane (y then takes every integer of [-K, K]); the whole chain is packed.

// CHECK-LABEL: func.func @onnx_first_layer(
// CHECK-SAME: %[[X:.*]]: tensor<1x3x3x4xf32>
// CHECK-DAG: %[[S:.*]] = compress.binary_pack %[[X]] : (tensor<1x3x3x4xf32>) -> tensor<1x3x3x1xi64>
// CHECK-DAG: %[[NZ:.*]] = compress.binary_pack %[[X]] {nonzero} : (tensor<1x3x3x4xf32>) -> tensor<1x3x3x1xi64>
// CHECK-DAG: %[[T0:.*]] = arith.constant dense<{{\[}}[0, 4], [0, 4]]> : tensor<2x2xi64>
// CHECK: %[[P0:.*]] = compress.binary_conv2d_threshold %[[S]], %{{.*}}, %[[T0]], %[[NZ]] {{.*}}input_channels = 4
// CHECK: %[[P1:.*]] = compress.binary_conv2d_threshold %[[P0]], %{{[^,]*}}, %{{[^,]*}} {{[{]}}{{.*}}input_channels = 2
// CHECK: compress.binary_conv2d_packed %[[P1]]
// CHECK-NOT: binary_conv2d %
func.func @onnx_first_layer(%x: tensor<1x3x3x4xf32>) -> tensor<1x3x3x2xf32> {
  %w1 = arith.constant dense<[[[[5]]], [[[0]]]]> : tensor<2x1x1x1xi64>
  %a1 = arith.constant dense<1.0> : tensor<2xf32>
  %b1 = arith.constant dense<0.5> : tensor<2xf32>
  // expected-remark@+1 {{(2 channels: 0 with flipped comparison, 0 constant), input sign ONNX's (nonzero plane)}}
  %y0 = compress.binary_conv2d %x, %w1, %a1, %b1 {strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64, input_sign = #compress<input_sign onnx>}
        : (tensor<1x3x3x4xf32>, tensor<2x1x1x1xi64>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x3x3x2xf32>
  %w2 = arith.constant dense<[[[[1]]], [[[2]]]]> : tensor<2x1x1x1xi64>
  // expected-remark@+1 {{packed output}}
  %y1 = compress.binary_conv2d %y0, %w2, %a1, %b1 {strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
        : (tensor<1x3x3x2xf32>, tensor<2x1x1x1xi64>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x3x3x2xf32>
  %y2 = compress.binary_conv2d %y1, %w2, %a1, %a1 {strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64, input_sign = #compress<input_sign onnx>}
        : (tensor<1x3x3x2xf32>, tensor<2x1x1x1xi64>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x3x3x2xf32>
  return %y2 : tensor<1x3x3x2xf32>
}

// An ONNX-sign first layer whose threshold lies at an accumulator of the other parity
// than K: K = 4 taps, +1 iff y >= 1 (α = 1, b = -0.5): y = 1 and y = 3 occur only with
// zero inputs, and [1, 4] is what the masked count needs (the unmasked count has
// only even y, where [2, 4] would do as well).

// CHECK-LABEL: func.func @onnx_odd_threshold(
// CHECK: arith.constant dense<{{\[}}[1, 4]]> : tensor<1x2xi64>
// CHECK: compress.binary_conv2d_threshold %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} {
func.func @onnx_odd_threshold(%x: tensor<1x3x3x4xf32>) -> tensor<1x3x3x2xf32> {
  %w1 = arith.constant dense<[[[[5]]]]> : tensor<1x1x1x1xi64>
  %a1 = arith.constant dense<1.0> : tensor<1xf32>
  %b1 = arith.constant dense<-0.5> : tensor<1xf32>
  // expected-remark@+1 {{packed output}}
  %y0 = compress.binary_conv2d %x, %w1, %a1, %b1 {strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64, input_sign = #compress<input_sign onnx>}
        : (tensor<1x3x3x4xf32>, tensor<1x1x1x1xi64>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x3x3x1xf32>
  %w2 = arith.constant dense<[[[[1]]], [[[0]]]]> : tensor<2x1x1x1xi64>
  %a2 = arith.constant dense<1.0> : tensor<2xf32>
  %y1 = compress.binary_conv2d %y0, %w2, %a2, %a2 {strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64, input_sign = #compress<input_sign onnx>}
        : (tensor<1x3x3x1xf32>, tensor<2x1x1x1xi64>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x3x3x2xf32>
  return %y1 : tensor<1x3x3x2xf32>
}

// CHECK-LABEL: func.func @ge0_sign(
// CHECK: compress.binary_conv2d_threshold
func.func @ge0_sign(%x: tensor<1x3x3x4xf32>) -> tensor<1x3x3x2xf32> {
  %w1 = arith.constant dense<[[[[5]]], [[[0]]]]> : tensor<2x1x1x1xi64>
  %a1 = arith.constant dense<1.0> : tensor<2xf32>
  // expected-remark@+1 {{packed output}}
  %y1 = compress.binary_conv2d %x, %w1, %a1, %a1 {strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
        : (tensor<1x3x3x4xf32>, tensor<2x1x1x1xi64>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x3x3x2xf32>
  %w2 = arith.constant dense<1> : tensor<2x1x1x1xi64>
  %y2 = compress.binary_conv2d %y1, %w2, %a1, %a1 {strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64, input_sign = #compress<input_sign ge0>}
        : (tensor<1x3x3x2xf32>, tensor<2x1x1x1xi64>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x3x3x2xf32>
  return %y2 : tensor<1x3x3x2xf32>
}

// CHECK-LABEL: func.func @unknown_attribute(
// CHECK-NOT: compress.binary_conv2d_threshold
func.func @unknown_attribute(%x: tensor<1x3x3x4xf32>) -> tensor<1x3x3x2xf32> {
  %w1 = arith.constant dense<[[[[5]]], [[[0]]]]> : tensor<2x1x1x1xi64>
  %a1 = arith.constant dense<1.0> : tensor<2xf32>
  %y1 = compress.binary_conv2d %x, %w1, %a1, %a1 {strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
        : (tensor<1x3x3x4xf32>, tensor<2x1x1x1xi64>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x3x3x2xf32>
  %w2 = arith.constant dense<1> : tensor<2x1x1x1xi64>
  // expected-remark@+1 {{consumer: an attribute this pass does not know (the sign form may differ)}}
  %y2 = compress.binary_conv2d %y1, %w2, %a1, %a1 {strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64, input_scale = 2.0 : f32}
        : (tensor<1x3x3x2xf32>, tensor<2x1x1x1xi64>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x3x3x2xf32>
  return %y2 : tensor<1x3x3x2xf32>
}

// -----

// Not fused: grouped consumer; non-constant α of the producer; a constant that is not
// per channel.

// CHECK-LABEL: func.func @groups(
// CHECK-NOT: compress.binary_conv2d_threshold
func.func @groups(%x: tensor<1x3x3x4xf32>) -> tensor<1x3x3x2xf32> {
  %w1 = arith.constant dense<[[[[5]]], [[[0]]]]> : tensor<2x1x1x1xi64>
  %a1 = arith.constant dense<1.0> : tensor<2xf32>
  %y1 = compress.binary_conv2d %x, %w1, %a1, %a1 {strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
        : (tensor<1x3x3x4xf32>, tensor<2x1x1x1xi64>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x3x3x2xf32>
  %w2 = arith.constant dense<1> : tensor<2x1x1x1xi64>
  // expected-remark@+1 {{consumer: groups != 1}}
  %y2 = compress.binary_conv2d %y1, %w2, %a1, %a1 {strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 2 : i64}
        : (tensor<1x3x3x2xf32>, tensor<2x1x1x1xi64>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x3x3x2xf32>
  return %y2 : tensor<1x3x3x2xf32>
}

// CHECK-LABEL: func.func @runtime_alpha(
// CHECK-NOT: compress.binary_conv2d_threshold
func.func @runtime_alpha(%x: tensor<1x3x3x4xf32>, %a1: tensor<2xf32>) -> tensor<1x3x3x2xf32> {
  %w1 = arith.constant dense<[[[[5]]], [[[0]]]]> : tensor<2x1x1x1xi64>
  %y1 = compress.binary_conv2d %x, %w1, %a1, %a1 {strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
        : (tensor<1x3x3x4xf32>, tensor<2x1x1x1xi64>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x3x3x2xf32>
  %w2 = arith.constant dense<1> : tensor<2x1x1x1xi64>
  // expected-remark@+1 {{the producer's alpha or bias is not constant}}
  %y2 = compress.binary_conv2d %y1, %w2, %a1, %a1 {strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
        : (tensor<1x3x3x2xf32>, tensor<2x1x1x1xi64>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x3x3x2xf32>
  return %y2 : tensor<1x3x3x2xf32>
}

// CHECK-LABEL: func.func @not_per_channel(
// CHECK-NOT: compress.binary_conv2d_threshold
func.func @not_per_channel(%x: tensor<1x3x3x4xf32>) -> tensor<1x3x3x2xf32> {
  %w1 = arith.constant dense<[[[[5]]], [[[0]]]]> : tensor<2x1x1x1xi64>
  %a1 = arith.constant dense<1.0> : tensor<2xf32>
  %y1 = compress.binary_conv2d %x, %w1, %a1, %a1 {strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
        : (tensor<1x3x3x4xf32>, tensor<2x1x1x1xi64>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x3x3x2xf32>
  %t = "tosa.const"() {values = dense<[[[[1.0, 2.0]], [[1.0, 2.0]], [[1.0, 2.0]]]]> : tensor<1x3x1x2xf32>} : () -> tensor<1x3x1x2xf32>
  %v = tosa.add %y1, %t : (tensor<1x3x3x2xf32>, tensor<1x3x1x2xf32>) -> tensor<1x3x3x2xf32>
  %w2 = arith.constant dense<1> : tensor<2x1x1x1xi64>
  // expected-remark@+1 {{a float op whose constant is not per channel}}
  %y2 = compress.binary_conv2d %v, %w2, %a1, %a1 {strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
        : (tensor<1x3x3x2xf32>, tensor<2x1x1x1xi64>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x3x3x2xf32>
  return %y2 : tensor<1x3x3x2xf32>
}

// -----

// Not fused: F·(2K+1) accumulator values to evaluate exceed 2^27 (F = 4096, K =
// 3·3·4096 = 36864: 3.0e8).

// CHECK-LABEL: func.func @too_many_values(
// CHECK-NOT: compress.binary_conv2d_threshold
func.func @too_many_values(%x: tensor<1x1x1x4096xf32>, %w1: tensor<4096x3x3x64xi64>) -> tensor<1x1x1x2xf32> {
  %a1 = arith.constant dense<1.0> : tensor<4096xf32>
  %y1 = compress.binary_conv2d %x, %w1, %a1, %a1 {strides = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, groups = 1 : i64}
        : (tensor<1x1x1x4096xf32>, tensor<4096x3x3x64xi64>, tensor<4096xf32>, tensor<4096xf32>) -> tensor<1x1x1x4096xf32>
  %w2 = arith.constant dense<1> : tensor<2x1x1x64xi64>
  %a2 = arith.constant dense<1.0> : tensor<2xf32>
  // expected-remark@+1 {{too many accumulator values to evaluate (F·(2K+1) > 2^27)}}
  %y2 = compress.binary_conv2d %y1, %w2, %a2, %a2 {strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
        : (tensor<1x1x1x4096xf32>, tensor<2x1x1x64xi64>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x1x1x2xf32>
  return %y2 : tensor<1x1x1x2xf32>
}

// -----

// Binary FC -> BatchNorm -> binary FC (a first FC with ONNX's sign reading floats):
// the FC's input is packed as [M, 1, 1, K] rows with its nonzero plane, the first FC
// writes packed bits by thresholds, the second reads them.
// K = 3, y in [-3, 3]; ch0: 2·y + 1 ≥ 0 -> [0, 3]; ch1: -(y) - 0.5 ≥ 0 -> [-3, -1].

// CHECK-LABEL: func.func @fc_fc(
// CHECK-SAME: %[[X:.*]]: tensor<2x3xf32>
// CHECK: %[[X4:.*]] = tensor.expand_shape %[[X]] {{\[}}[0, 1, 2], [3]] output_shape [2, 1, 1, 3]
// CHECK: %[[S4:.*]] = compress.binary_pack %[[X4]] : (tensor<2x1x1x3xf32>) -> tensor<2x1x1x1xi64>
// CHECK: %[[S:.*]] = tensor.collapse_shape %[[S4]] {{\[}}[0, 1, 2], [3]] : tensor<2x1x1x1xi64> into tensor<2x1xi64>
// CHECK: %[[NZ4:.*]] = compress.binary_pack %{{.*}} {nonzero}
// CHECK: %[[NZ:.*]] = tensor.collapse_shape %[[NZ4]]
// CHECK: %[[T:.*]] = arith.constant dense<{{\[}}[0, 3], [-3, -1]]> : tensor<2x2xi64>
// CHECK: %[[P:.*]] = compress.binary_matmul_threshold %[[S]], %{{.*}}, %[[T]], %[[NZ]] {input_channels = 3 : i64} : (tensor<2x1xi64>, tensor<2x1xi64>, tensor<2x2xi64>, tensor<2x1xi64>) -> tensor<2x1xi64>
// CHECK: compress.binary_matmul_packed %[[P]], %{{.*}} {input_channels = 2 : i64} : (tensor<2x1xi64>, tensor<4x1xi64>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
// CHECK-NOT: tosa.mul
func.func @fc_fc(%x: tensor<2x3xf32>) -> tensor<2x4xf32> {
  %zs = "tosa.const"() {values = dense<0> : tensor<1xi8>} : () -> tensor<1xi8>
  %w1 = arith.constant dense<[[0], [5]]> : tensor<2x1xi64>
  %a1 = arith.constant dense<1.0> : tensor<2xf32>
  %b1 = arith.constant dense<0.0> : tensor<2xf32>
  // expected-remark@+1 {{packed output for the binary layer at}}
  %y1 = compress.binary_matmul %x, %w1, %a1, %b1 {input_sign = #compress<input_sign onnx>}
        : (tensor<2x3xf32>, tensor<2x1xi64>, tensor<2xf32>, tensor<2xf32>) -> tensor<2x2xf32>
  %s = "tosa.const"() {values = dense<[[2.0, -1.0]]> : tensor<1x2xf32>} : () -> tensor<1x2xf32>
  %t = "tosa.const"() {values = dense<[[1.0, -0.5]]> : tensor<1x2xf32>} : () -> tensor<1x2xf32>
  %u = tosa.mul %y1, %s, %zs : (tensor<2x2xf32>, tensor<1x2xf32>, tensor<1xi8>) -> tensor<2x2xf32>
  %v = tosa.add %u, %t : (tensor<2x2xf32>, tensor<1x2xf32>) -> tensor<2x2xf32>
  %w2 = arith.constant dense<[[1], [2], [3], [0]]> : tensor<4x1xi64>
  %a2 = arith.constant dense<1.0> : tensor<4xf32>
  %y2 = compress.binary_matmul %v, %w2, %a2, %a2 : (tensor<2x2xf32>, tensor<4x1xi64>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  return %y2 : tensor<2x4xf32>
}

// -----

// Conv -> Flatten in ONNX's NCHW order -> binary FC: the conv's packed NHWC output
// (2 x 2 pixels of 2 channels, one word each) is collapsed to 4 words per row, and the
// FC's weight bits move from k = c·4 + h·2 + w to word h·2 + w, bit c: row 0 has
// k = 1 (c 0, pixel 1) and k = 4 (c 1, pixel 0): 0b10010 -> [2, 1, 0, 0]; row 1 has
// k = 7 (c 1, pixel 3): -> [0, 0, 0, 2].

// CHECK-LABEL: func.func @conv_flatten_fc(
// CHECK: %[[P:.*]] = compress.binary_conv2d_threshold
// CHECK: %[[F:.*]] = tensor.collapse_shape %[[P]] {{\[}}[0], [1, 2, 3]] : tensor<1x2x2x1xi64> into tensor<1x4xi64>
// CHECK: %[[W:.*]] = arith.constant dense<{{\[}}[2, 1, 0, 0], [0, 0, 0, 2]]> : tensor<2x4xi64>
// CHECK: compress.binary_matmul_packed %[[F]], %[[W]], %{{.*}}, %{{.*}} {input_channels = 2 : i64} : (tensor<1x4xi64>, tensor<2x4xi64>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2xf32>
// CHECK-NOT: tosa.transpose
func.func @conv_flatten_fc(%x: tensor<1x2x2x3xf32>) -> tensor<1x2xf32> {
  %w1 = arith.constant dense<[[[[5]]], [[[0]]]]> : tensor<2x1x1x1xi64>
  %a1 = arith.constant dense<1.0> : tensor<2xf32>
  %b1 = arith.constant dense<0.5> : tensor<2xf32>
  // expected-remark@+1 {{flattened into the FC's bit layout}}
  %y1 = compress.binary_conv2d %x, %w1, %a1, %b1 {strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
        : (tensor<1x2x2x3xf32>, tensor<2x1x1x1xi64>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  %tr = tosa.transpose %y1 {perms = array<i32: 0, 3, 1, 2>} : (tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %sh = tosa.const_shape {values = dense<[1, 8]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %fl = tosa.reshape %tr, %sh : (tensor<1x2x2x2xf32>, !tosa.shape<2>) -> tensor<1x8xf32>
  %w2 = arith.constant dense<[[18], [128]]> : tensor<2x1xi64>
  %a2 = arith.constant dense<1.0> : tensor<2xf32>
  %y2 = compress.binary_matmul %fl, %w2, %a2, %a2 {input_sign = #compress<input_sign onnx>} : (tensor<1x8xf32>, tensor<2x1xi64>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  return %y2 : tensor<1x2xf32>
}

// -----

// Not fused: a Sign (the float value) with two binary consumers: both keep the float.

// CHECK-LABEL: func.func @two_consumers(
// CHECK-NOT: binary_conv2d_threshold
// CHECK-NOT: binary_matmul_threshold
func.func @two_consumers(%x: tensor<2x3xf32>) -> (tensor<2x4xf32>, tensor<2x4xf32>) {
  %w1 = arith.constant dense<[[0], [5]]> : tensor<2x1xi64>
  %a1 = arith.constant dense<1.0> : tensor<2xf32>
  %y1 = compress.binary_matmul %x, %w1, %a1, %a1 : (tensor<2x3xf32>, tensor<2x1xi64>, tensor<2xf32>, tensor<2xf32>) -> tensor<2x2xf32>
  %w2 = arith.constant dense<[[1], [2], [3], [0]]> : tensor<4x1xi64>
  %a2 = arith.constant dense<1.0> : tensor<4xf32>
  // expected-remark@+1 {{a float value between the layers has another user}}
  %y2 = compress.binary_matmul %y1, %w2, %a2, %a2 : (tensor<2x2xf32>, tensor<4x1xi64>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  // expected-remark@+1 {{a float value between the layers has another user}}
  %y3 = compress.binary_matmul %y1, %w2, %a2, %a2 : (tensor<2x2xf32>, tensor<4x1xi64>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  return %y2, %y3 : tensor<2x4xf32>, tensor<2x4xf32>
}

// -----

// Not fused: a reshape that puts two batch rows into one FC row.

// CHECK-LABEL: func.func @flatten_mixes_rows(
// CHECK-NOT: binary_matmul_packed
func.func @flatten_mixes_rows(%x: tensor<2x1x1x3xf32>) -> tensor<1x2xf32> {
  %w1 = arith.constant dense<[[[[5]]], [[[0]]]]> : tensor<2x1x1x1xi64>
  %a1 = arith.constant dense<1.0> : tensor<2xf32>
  %y1 = compress.binary_conv2d %x, %w1, %a1, %a1 {strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
        : (tensor<2x1x1x3xf32>, tensor<2x1x1x1xi64>, tensor<2xf32>, tensor<2xf32>) -> tensor<2x1x1x2xf32>
  %sh = tosa.const_shape {values = dense<[1, 4]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %fl = tosa.reshape %y1, %sh : (tensor<2x1x1x2xf32>, !tosa.shape<2>) -> tensor<1x4xf32>
  %w2 = arith.constant dense<[[1], [2]]> : tensor<2x1xi64>
  // expected-remark@+1 {{the binary FC's rows are not the producer's batch rows}}
  %y2 = compress.binary_matmul %fl, %w2, %a1, %a1 : (tensor<1x4xf32>, tensor<2x1xi64>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  return %y2 : tensor<1x2xf32>
}

// -----

// Not fused: a BatchNorm applied after the Flatten (its constant is per feature of
// the flattened layout, not per channel of the conv).

// CHECK-LABEL: func.func @bn_after_flatten(
// CHECK-NOT: binary_matmul_packed
func.func @bn_after_flatten(%x: tensor<1x2x2x3xf32>) -> tensor<1x2xf32> {
  %zs = "tosa.const"() {values = dense<0> : tensor<1xi8>} : () -> tensor<1xi8>
  %w1 = arith.constant dense<[[[[5]]], [[[0]]]]> : tensor<2x1x1x1xi64>
  %a1 = arith.constant dense<1.0> : tensor<2xf32>
  %y1 = compress.binary_conv2d %x, %w1, %a1, %a1 {strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
        : (tensor<1x2x2x3xf32>, tensor<2x1x1x1xi64>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  %sh = tosa.const_shape {values = dense<[1, 8]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %fl = tosa.reshape %y1, %sh : (tensor<1x2x2x2xf32>, !tosa.shape<2>) -> tensor<1x8xf32>
  %s = "tosa.const"() {values = dense<[[1.0, -1.0, 1.0, -1.0, 1.0, -1.0, 1.0, -1.0]]> : tensor<1x8xf32>} : () -> tensor<1x8xf32>
  %u = tosa.mul %fl, %s, %zs : (tensor<1x8xf32>, tensor<1x8xf32>, tensor<1xi8>) -> tensor<1x8xf32>
  %w2 = arith.constant dense<[[1], [2]]> : tensor<2x1xi64>
  // expected-remark@+1 {{a float op after a layout change (reshape or transpose)}}
  %y2 = compress.binary_matmul %u, %w2, %a1, %a1 : (tensor<1x8xf32>, tensor<2x1xi64>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  return %y2 : tensor<1x2xf32>
}

// -----

// Not fused: the consumer FC's weight bits are computed (they cannot be permuted at
// compile time).

// CHECK-LABEL: func.func @computed_fc_weights(
// CHECK-NOT: binary_matmul_packed
func.func @computed_fc_weights(%x: tensor<1x2x2x3xf32>, %w2: tensor<2x1xi64>) -> tensor<1x2xf32> {
  %w1 = arith.constant dense<[[[[5]]], [[[0]]]]> : tensor<2x1x1x1xi64>
  %a1 = arith.constant dense<1.0> : tensor<2xf32>
  %y1 = compress.binary_conv2d %x, %w1, %a1, %a1 {strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
        : (tensor<1x2x2x3xf32>, tensor<2x1x1x1xi64>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  %sh = tosa.const_shape {values = dense<[1, 8]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %fl = tosa.reshape %y1, %sh : (tensor<1x2x2x2xf32>, !tosa.shape<2>) -> tensor<1x8xf32>
  // expected-remark@+1 {{the consumer FC's weight bits are not constant}}
  %y2 = compress.binary_matmul %fl, %w2, %a1, %a1 : (tensor<1x8xf32>, tensor<2x1xi64>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  return %y2 : tensor<1x2xf32>
}
