// RUN: compress-opt %s -split-input-file -verify-diagnostics

// One case for every error the verifiers of the packed-activation ops emit
// (lib/Dialect/Compress/IR/CompressPackedOps.cpp).

func.func @pack_words(%x: tensor<1x5x5x65xf32>) -> tensor<1x5x5x1xi64> {
  // expected-error@+1 {{expects result of shape [1, 5, 5, 2], found [1, 5, 5, 1]}}
  %p = compress.binary_pack %x : (tensor<1x5x5x65xf32>) -> tensor<1x5x5x1xi64>
  return %p : tensor<1x5x5x1xi64>
}

// -----

func.func @pack_float_result(%x: tensor<1x5x5x65xf32>) -> tensor<1x5x5x2xf32> {
  // expected-error@+1 {{result #0 must be 4D tensor of 64-bit signless integer values}}
  %p = compress.binary_pack %x : (tensor<1x5x5x65xf32>) -> tensor<1x5x5x2xf32>
  return %p : tensor<1x5x5x2xf32>
}

// -----

func.func @input_words(%p: tensor<1x5x5x1xi64>, %w: tensor<8x3x3x2xi64>, %t: tensor<8x2xi64>) -> tensor<1x5x5x1xi64> {
  // expected-error@+1 {{expects the packed input to have ceil(input_channels / 64) = 2 words per pixel, found 1}}
  %q = compress.binary_conv2d_threshold %p, %w, %t {input_channels = 65 : i64, strides = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>}
       : (tensor<1x5x5x1xi64>, tensor<8x3x3x2xi64>, tensor<8x2xi64>) -> tensor<1x5x5x1xi64>
  return %q : tensor<1x5x5x1xi64>
}

// -----

func.func @weight_words(%p: tensor<1x5x5x1xi64>, %w: tensor<8x3x3x2xi64>, %t: tensor<8x2xi64>) -> tensor<1x5x5x1xi64> {
  // expected-error@+1 {{expects weight_bits last dim = ceil(input_channels / 64) = 1 words, found 2}}
  %q = compress.binary_conv2d_threshold %p, %w, %t {input_channels = 64 : i64, strides = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>}
       : (tensor<1x5x5x1xi64>, tensor<8x3x3x2xi64>, tensor<8x2xi64>) -> tensor<1x5x5x1xi64>
  return %q : tensor<1x5x5x1xi64>
}

// -----

func.func @input_channels_positive(%p: tensor<1x5x5x1xi64>, %w: tensor<8x3x3x1xi64>, %t: tensor<8x2xi64>) -> tensor<1x5x5x1xi64> {
  // expected-error@+1 {{attribute 'input_channels' failed to satisfy constraint: 64-bit signless integer attribute whose minimum value is 1}}
  %q = compress.binary_conv2d_threshold %p, %w, %t {input_channels = 0 : i64, strides = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>}
       : (tensor<1x5x5x1xi64>, tensor<8x3x3x1xi64>, tensor<8x2xi64>) -> tensor<1x5x5x1xi64>
  return %q : tensor<1x5x5x1xi64>
}

// -----

func.func @thresholds_shape(%p: tensor<1x5x5x1xi64>, %w: tensor<8x3x3x1xi64>, %t: tensor<8x1xi64>) -> tensor<1x5x5x1xi64> {
  // expected-error@+1 {{expects thresholds of shape [8, 2], found [8, 1]}}
  %q = compress.binary_conv2d_threshold %p, %w, %t {input_channels = 3 : i64, strides = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>}
       : (tensor<1x5x5x1xi64>, tensor<8x3x3x1xi64>, tensor<8x1xi64>) -> tensor<1x5x5x1xi64>
  return %q : tensor<1x5x5x1xi64>
}

// -----

func.func @threshold_result_words(%p: tensor<1x5x5x1xi64>, %w: tensor<65x3x3x1xi64>, %t: tensor<65x2xi64>) -> tensor<1x5x5x1xi64> {
  // expected-error@+1 {{expects result (N x OH x OW x ceil(F / 64)) of shape [1, 5, 5, 2], found [1, 5, 5, 1]}}
  %q = compress.binary_conv2d_threshold %p, %w, %t {input_channels = 3 : i64, strides = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>}
       : (tensor<1x5x5x1xi64>, tensor<65x3x3x1xi64>, tensor<65x2xi64>) -> tensor<1x5x5x1xi64>
  return %q : tensor<1x5x5x1xi64>
}

// -----

func.func @threshold_result_spatial(%p: tensor<1x5x5x1xi64>, %w: tensor<8x3x3x1xi64>, %t: tensor<8x2xi64>) -> tensor<1x5x5x1xi64> {
  // expected-error@+1 {{expects result (N x OH x OW x ceil(F / 64)) of shape [1, 3, 3, 1], found [1, 5, 5, 1]}}
  %q = compress.binary_conv2d_threshold %p, %w, %t {input_channels = 3 : i64, strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>}
       : (tensor<1x5x5x1xi64>, tensor<8x3x3x1xi64>, tensor<8x2xi64>) -> tensor<1x5x5x1xi64>
  return %q : tensor<1x5x5x1xi64>
}

// -----

func.func @strides_size(%p: tensor<1x5x5x1xi64>, %w: tensor<8x3x3x1xi64>, %t: tensor<8x2xi64>) -> tensor<1x5x5x1xi64> {
  // expected-error@+1 {{expects 'strides' to have 2 elements, found 1}}
  %q = compress.binary_conv2d_threshold %p, %w, %t {input_channels = 3 : i64, strides = array<i64: 1>, pad = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>}
       : (tensor<1x5x5x1xi64>, tensor<8x3x3x1xi64>, tensor<8x2xi64>) -> tensor<1x5x5x1xi64>
  return %q : tensor<1x5x5x1xi64>
}

// -----

func.func @pad_negative(%p: tensor<1x5x5x1xi64>, %w: tensor<8x3x3x1xi64>, %t: tensor<8x2xi64>) -> tensor<1x5x5x1xi64> {
  // expected-error@+1 {{expects 'pad' elements to be >= 0, found [1, 1, -1, 1]}}
  %q = compress.binary_conv2d_threshold %p, %w, %t {input_channels = 3 : i64, strides = array<i64: 1, 1>, pad = array<i64: 1, 1, -1, 1>, dilations = array<i64: 1, 1>}
       : (tensor<1x5x5x1xi64>, tensor<8x3x3x1xi64>, tensor<8x2xi64>) -> tensor<1x5x5x1xi64>
  return %q : tensor<1x5x5x1xi64>
}

// -----

func.func @dilations_positive(%p: tensor<1x5x5x1xi64>, %w: tensor<8x3x3x1xi64>, %t: tensor<8x2xi64>) -> tensor<1x5x5x1xi64> {
  // expected-error@+1 {{expects 'dilations' elements to be >= 1, found [0, 1]}}
  %q = compress.binary_conv2d_threshold %p, %w, %t {input_channels = 3 : i64, strides = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, dilations = array<i64: 0, 1>}
       : (tensor<1x5x5x1xi64>, tensor<8x3x3x1xi64>, tensor<8x2xi64>) -> tensor<1x5x5x1xi64>
  return %q : tensor<1x5x5x1xi64>
}

// -----

func.func @window_too_large(%p: tensor<1x2x5x1xi64>, %w: tensor<8x3x3x1xi64>, %t: tensor<8x2xi64>) -> tensor<1x1x3x1xi64> {
  // expected-error@+1 {{expects the height window (extent 5) to fit the padded input (extent 2)}}
  %q = compress.binary_conv2d_threshold %p, %w, %t {input_channels = 3 : i64, strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, dilations = array<i64: 2, 1>}
       : (tensor<1x2x5x1xi64>, tensor<8x3x3x1xi64>, tensor<8x2xi64>) -> tensor<1x1x3x1xi64>
  return %q : tensor<1x1x3x1xi64>
}

// -----

func.func @empty_kernel(%p: tensor<1x5x5x1xi64>, %w: tensor<8x0x3x1xi64>, %t: tensor<8x2xi64>) -> tensor<1x5x5x1xi64> {
  // expected-error@+1 {{expects kernel taps kh, kw >= 1, found [0, 3]}}
  %q = compress.binary_conv2d_threshold %p, %w, %t {input_channels = 3 : i64, strides = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>}
       : (tensor<1x5x5x1xi64>, tensor<8x0x3x1xi64>, tensor<8x2xi64>) -> tensor<1x5x5x1xi64>
  return %q : tensor<1x5x5x1xi64>
}

// -----

func.func @weight_tail(%p: tensor<1x3x3x1xi64>, %t: tensor<2x2xi64>) -> tensor<1x3x3x1xi64> {
  // Channel 3 of a 3-channel input: bit 3 (value 8) is a tail bit.
  %w = arith.constant dense<[[[[5]]], [[[8]]]]> : tensor<2x1x1x1xi64>
  // expected-error@+1 {{expects the tail bits past 3 channels to be 0, found 0x8 in word 1}}
  %q = compress.binary_conv2d_threshold %p, %w, %t {input_channels = 3 : i64, strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>}
       : (tensor<1x3x3x1xi64>, tensor<2x1x1x1xi64>, tensor<2x2xi64>) -> tensor<1x3x3x1xi64>
  return %q : tensor<1x3x3x1xi64>
}

// -----

func.func @packed_alpha(%p: tensor<1x5x5x1xi64>, %w: tensor<8x3x3x1xi64>, %a: tensor<7xf32>, %b: tensor<8xf32>) -> tensor<1x5x5x8xf32> {
  // expected-error@+1 {{expects alpha of shape [8], found [7]}}
  %y = compress.binary_conv2d_packed %p, %w, %a, %b {input_channels = 3 : i64, strides = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>}
       : (tensor<1x5x5x1xi64>, tensor<8x3x3x1xi64>, tensor<7xf32>, tensor<8xf32>) -> tensor<1x5x5x8xf32>
  return %y : tensor<1x5x5x8xf32>
}

// -----

func.func @packed_bias(%p: tensor<1x5x5x1xi64>, %w: tensor<8x3x3x1xi64>, %a: tensor<8xf32>, %b: tensor<9xf32>) -> tensor<1x5x5x8xf32> {
  // expected-error@+1 {{expects bias of shape [8], found [9]}}
  %y = compress.binary_conv2d_packed %p, %w, %a, %b {input_channels = 3 : i64, strides = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>}
       : (tensor<1x5x5x1xi64>, tensor<8x3x3x1xi64>, tensor<8xf32>, tensor<9xf32>) -> tensor<1x5x5x8xf32>
  return %y : tensor<1x5x5x8xf32>
}

// -----

func.func @packed_result(%p: tensor<1x5x5x1xi64>, %w: tensor<8x3x3x1xi64>, %a: tensor<8xf32>) -> tensor<1x5x5x1xf32> {
  // expected-error@+1 {{expects result (N x OH x OW x F) of shape [1, 5, 5, 8], found [1, 5, 5, 1]}}
  %y = compress.binary_conv2d_packed %p, %w, %a, %a {input_channels = 3 : i64, strides = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>}
       : (tensor<1x5x5x1xi64>, tensor<8x3x3x1xi64>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x5x5x1xf32>
  return %y : tensor<1x5x5x1xf32>
}

// -----

func.func @packed_float_input(%x: tensor<1x5x5x3xf32>, %w: tensor<8x3x3x1xi64>, %a: tensor<8xf32>) -> tensor<1x5x5x8xf32> {
  // expected-error@+1 {{operand #0 must be 4D tensor of 64-bit signless integer values}}
  %y = compress.binary_conv2d_packed %x, %w, %a, %a {input_channels = 3 : i64, strides = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>}
       : (tensor<1x5x5x3xf32>, tensor<8x3x3x1xi64>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x5x5x8xf32>
  return %y : tensor<1x5x5x8xf32>
}

// -----

func.func @pool_kernel_size(%p: tensor<1x6x6x2xi64>) -> tensor<1x3x3x2xi64> {
  // expected-error@+1 {{expects 'kernel' to have 2 elements, found 1}}
  %m = compress.binary_max_pool2d %p {kernel = array<i64: 2>, stride = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>} : (tensor<1x6x6x2xi64>) -> tensor<1x3x3x2xi64>
  return %m : tensor<1x3x3x2xi64>
}

// -----

func.func @pool_stride_positive(%p: tensor<1x6x6x2xi64>) -> tensor<1x3x3x2xi64> {
  // expected-error@+1 {{expects 'stride' elements to be >= 1, found [2, 0]}}
  %m = compress.binary_max_pool2d %p {kernel = array<i64: 2, 2>, stride = array<i64: 2, 0>, pad = array<i64: 0, 0, 0, 0>} : (tensor<1x6x6x2xi64>) -> tensor<1x3x3x2xi64>
  return %m : tensor<1x3x3x2xi64>
}

// -----

func.func @pool_pad_size(%p: tensor<1x6x6x2xi64>) -> tensor<1x3x3x2xi64> {
  // expected-error@+1 {{expects 'pad' to have 4 elements, found 2}}
  %m = compress.binary_max_pool2d %p {kernel = array<i64: 2, 2>, stride = array<i64: 2, 2>, pad = array<i64: 0, 0>} : (tensor<1x6x6x2xi64>) -> tensor<1x3x3x2xi64>
  return %m : tensor<1x3x3x2xi64>
}

// -----

func.func @pool_pad_kernel(%p: tensor<1x6x6x2xi64>) -> tensor<1x4x3x2xi64> {
  // expected-error@+1 {{expects every pad below the kernel extent of its axis (no window of padding only), found pad [2, 0, 0, 0] with kernel [2, 2]}}
  %m = compress.binary_max_pool2d %p {kernel = array<i64: 2, 2>, stride = array<i64: 2, 2>, pad = array<i64: 2, 0, 0, 0>} : (tensor<1x6x6x2xi64>) -> tensor<1x4x3x2xi64>
  return %m : tensor<1x4x3x2xi64>
}

// -----

func.func @pool_window(%p: tensor<1x1x6x2xi64>) -> tensor<1x1x3x2xi64> {
  // expected-error@+1 {{expects the height window (extent 2) to fit the padded input (extent 1)}}
  %m = compress.binary_max_pool2d %p {kernel = array<i64: 2, 2>, stride = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>} : (tensor<1x1x6x2xi64>) -> tensor<1x1x3x2xi64>
  return %m : tensor<1x1x3x2xi64>
}

// -----

func.func @pool_result(%p: tensor<1x6x6x2xi64>) -> tensor<1x3x3x1xi64> {
  // expected-error@+1 {{expects result of shape [1, 3, 3, 2], found [1, 3, 3, 1]}}
  %m = compress.binary_max_pool2d %p {kernel = array<i64: 2, 2>, stride = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>} : (tensor<1x6x6x2xi64>) -> tensor<1x3x3x1xi64>
  return %m : tensor<1x3x3x1xi64>
}

// -----

func.func @nonzero_shape(%p: tensor<1x5x5x2xi64>, %w: tensor<8x3x3x2xi64>, %t: tensor<8x2xi64>, %nz: tensor<1x5x4x2xi64>) -> tensor<1x5x5x1xi64> {
  // expected-error@+1 {{expects nonzero (the input's shape) of shape [1, 5, 5, 2], found [1, 5, 4, 2]}}
  %q = compress.binary_conv2d_threshold %p, %w, %t, %nz {input_channels = 65 : i64, strides = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>}
       : (tensor<1x5x5x2xi64>, tensor<8x3x3x2xi64>, tensor<8x2xi64>, tensor<1x5x4x2xi64>) -> tensor<1x5x5x1xi64>
  return %q : tensor<1x5x5x1xi64>
}

// -----

func.func @nonzero_pad_value(%p: tensor<1x5x5x2xi64>, %w: tensor<8x3x3x2xi64>, %t: tensor<8x2xi64>, %nz: tensor<1x5x5x2xi64>) -> tensor<1x5x5x1xi64> {
  // expected-error@+1 {{expects pad_value = zero with a nonzero plane, found one}}
  %q = compress.binary_conv2d_threshold %p, %w, %t, %nz {input_channels = 65 : i64, strides = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, pad_value = #compress<pad_value one>}
       : (tensor<1x5x5x2xi64>, tensor<8x3x3x2xi64>, tensor<8x2xi64>, tensor<1x5x5x2xi64>) -> tensor<1x5x5x1xi64>
  return %q : tensor<1x5x5x1xi64>
}

// -----

func.func @matmul_group_words(%p: tensor<2x5xi64>, %w: tensor<7x5xi64>, %t: tensor<7x2xi64>) -> tensor<2x1xi64> {
  // expected-error@+1 {{expects the packed input's words per row to be a multiple of ceil(input_channels / 64) = 2, found 5}}
  %q = compress.binary_matmul_threshold %p, %w, %t {input_channels = 65 : i64}
       : (tensor<2x5xi64>, tensor<7x5xi64>, tensor<7x2xi64>) -> tensor<2x1xi64>
  return %q : tensor<2x1xi64>
}

// -----

func.func @matmul_weight_words(%p: tensor<2x4xi64>, %w: tensor<7x2xi64>, %t: tensor<7x2xi64>) -> tensor<2x1xi64> {
  // expected-error@+1 {{expects weight_bits (N x D) of shape [7, 4], found [7, 2]}}
  %q = compress.binary_matmul_threshold %p, %w, %t {input_channels = 65 : i64}
       : (tensor<2x4xi64>, tensor<7x2xi64>, tensor<7x2xi64>) -> tensor<2x1xi64>
  return %q : tensor<2x1xi64>
}

// -----

func.func @matmul_group_tail(%p: tensor<1x4xi64>, %t: tensor<1x2xi64>) -> tensor<1x1xi64> {
  %w = arith.constant dense<[[0, 1, 0, 2]]> : tensor<1x4xi64>
  // expected-error@+1 {{expects the bits past 65 features of every group to be 0, found 0x2 in word 3}}
  %q = compress.binary_matmul_threshold %p, %w, %t {input_channels = 65 : i64}
       : (tensor<1x4xi64>, tensor<1x4xi64>, tensor<1x2xi64>) -> tensor<1x1xi64>
  return %q : tensor<1x1xi64>
}

// -----

func.func @matmul_thresholds(%p: tensor<2x2xi64>, %w: tensor<7x2xi64>, %t: tensor<6x2xi64>) -> tensor<2x1xi64> {
  // expected-error@+1 {{expects thresholds of shape [7, 2], found [6, 2]}}
  %q = compress.binary_matmul_threshold %p, %w, %t {input_channels = 100 : i64}
       : (tensor<2x2xi64>, tensor<7x2xi64>, tensor<6x2xi64>) -> tensor<2x1xi64>
  return %q : tensor<2x1xi64>
}

// -----

func.func @matmul_nonzero(%p: tensor<2x2xi64>, %w: tensor<7x2xi64>, %t: tensor<7x2xi64>, %nz: tensor<1x2xi64>) -> tensor<2x1xi64> {
  // expected-error@+1 {{expects nonzero (the input's shape) of shape [2, 2], found [1, 2]}}
  %q = compress.binary_matmul_threshold %p, %w, %t, %nz {input_channels = 100 : i64}
       : (tensor<2x2xi64>, tensor<7x2xi64>, tensor<7x2xi64>, tensor<1x2xi64>) -> tensor<2x1xi64>
  return %q : tensor<2x1xi64>
}

// -----

func.func @matmul_result_words(%p: tensor<2x2xi64>, %w: tensor<70x2xi64>, %t: tensor<70x2xi64>) -> tensor<2x1xi64> {
  // expected-error@+1 {{expects result (M x ceil(N / 64)) of shape [2, 2], found [2, 1]}}
  %q = compress.binary_matmul_threshold %p, %w, %t {input_channels = 100 : i64}
       : (tensor<2x2xi64>, tensor<70x2xi64>, tensor<70x2xi64>) -> tensor<2x1xi64>
  return %q : tensor<2x1xi64>
}

// -----

func.func @matmul_channels(%p: tensor<2x2xi64>, %w: tensor<7x2xi64>, %t: tensor<7x2xi64>) -> tensor<2x1xi64> {
  // expected-error@+1 {{attribute 'input_channels' failed to satisfy constraint}}
  %q = compress.binary_matmul_threshold %p, %w, %t {input_channels = 0 : i64}
       : (tensor<2x2xi64>, tensor<7x2xi64>, tensor<7x2xi64>) -> tensor<2x1xi64>
  return %q : tensor<2x1xi64>
}

// -----

func.func @matmul_packed_alpha(%p: tensor<2x2xi64>, %w: tensor<7x2xi64>, %a: tensor<6xf32>, %b: tensor<7xf32>) -> tensor<2x7xf32> {
  // expected-error@+1 {{expects alpha of shape [7], found [6]}}
  %y = compress.binary_matmul_packed %p, %w, %a, %b {input_channels = 100 : i64}
       : (tensor<2x2xi64>, tensor<7x2xi64>, tensor<6xf32>, tensor<7xf32>) -> tensor<2x7xf32>
  return %y : tensor<2x7xf32>
}

// -----

func.func @matmul_packed_bias(%p: tensor<2x2xi64>, %w: tensor<7x2xi64>, %a: tensor<7xf32>, %b: tensor<8xf32>) -> tensor<2x7xf32> {
  // expected-error@+1 {{expects bias of shape [7], found [8]}}
  %y = compress.binary_matmul_packed %p, %w, %a, %b {input_channels = 100 : i64}
       : (tensor<2x2xi64>, tensor<7x2xi64>, tensor<7xf32>, tensor<8xf32>) -> tensor<2x7xf32>
  return %y : tensor<2x7xf32>
}

// -----

func.func @matmul_packed_result(%p: tensor<2x2xi64>, %w: tensor<7x2xi64>, %a: tensor<7xf32>) -> tensor<3x7xf32> {
  // expected-error@+1 {{expects result (M x N) of shape [2, 7], found [3, 7]}}
  %y = compress.binary_matmul_packed %p, %w, %a, %a {input_channels = 100 : i64}
       : (tensor<2x2xi64>, tensor<7x2xi64>, tensor<7xf32>, tensor<7xf32>) -> tensor<3x7xf32>
  return %y : tensor<3x7xf32>
}

// -----

func.func @matmul_packed_tail(%p: tensor<1x2xi64>, %a: tensor<1xf32>) -> tensor<1x1xf32> {
  %w = arith.constant dense<[[0, 16]]> : tensor<1x2xi64>
  // expected-error@+1 {{expects the bits past 68 features of every group to be 0, found 0x10 in word 1}}
  %y = compress.binary_matmul_packed %p, %w, %a, %a {input_channels = 68 : i64}
       : (tensor<1x2xi64>, tensor<1x2xi64>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1xf32>
  return %y : tensor<1x1xf32>
}
