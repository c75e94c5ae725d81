// RUN: compress-opt %s -split-input-file -verify-diagnostics

// One case for every error the compress verifiers emit.

//===----------------------------------------------------------------------===//
// Conv geometry (shared by every conv form)
//===----------------------------------------------------------------------===//

func.func @strides_size(%x: tensor<1x5x5x4xf32>, %w: tensor<4x3x3x1xi64>, %a: tensor<4xf32>) -> tensor<1x5x5x4xf32> {
  // expected-error@+1 {{expects 'strides' to have 2 elements, found 3}}
  %y = compress.binary_conv2d %x, %w, %a, %a {strides = array<i64: 1, 1, 1>, pad = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x5x5x4xf32>, tensor<4x3x3x1xi64>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x5x5x4xf32>
  return %y : tensor<1x5x5x4xf32>
}

// -----

func.func @strides_positive(%x: tensor<1x5x5x4xf32>, %w: tensor<4x3x3x1xi64>, %a: tensor<4xf32>) -> tensor<1x5x5x4xf32> {
  // expected-error@+1 {{expects 'strides' elements to be >= 1, found [1, 0]}}
  %y = compress.binary_conv2d %x, %w, %a, %a {strides = array<i64: 1, 0>, pad = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x5x5x4xf32>, tensor<4x3x3x1xi64>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x5x5x4xf32>
  return %y : tensor<1x5x5x4xf32>
}

// -----

func.func @pad_size(%x: tensor<1x5x5x4xf32>, %w: tensor<4x3x3x1xi64>, %a: tensor<4xf32>) -> tensor<1x5x5x4xf32> {
  // expected-error@+1 {{expects 'pad' to have 4 elements, found 2}}
  %y = compress.binary_conv2d %x, %w, %a, %a {strides = array<i64: 1, 1>, pad = array<i64: 1, 1>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x5x5x4xf32>, tensor<4x3x3x1xi64>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x5x5x4xf32>
  return %y : tensor<1x5x5x4xf32>
}

// -----

func.func @pad_nonnegative(%x: tensor<1x5x5x4xf32>, %w: tensor<4x3x3x1xi64>, %a: tensor<4xf32>) -> tensor<1x5x5x4xf32> {
  // expected-error@+1 {{expects 'pad' elements to be >= 0, found [1, 1, -1, 1]}}
  %y = compress.binary_conv2d %x, %w, %a, %a {strides = array<i64: 1, 1>, pad = array<i64: 1, 1, -1, 1>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x5x5x4xf32>, tensor<4x3x3x1xi64>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x5x5x4xf32>
  return %y : tensor<1x5x5x4xf32>
}

// -----

func.func @onnx_sign_pad_one(%x: tensor<1x5x5x4xf32>, %w: tensor<4x3x3x1xi64>, %a: tensor<4xf32>) -> tensor<1x5x5x4xf32> {
  // expected-error@+1 {{expects pad_value zero with input_sign onnx (a padded tap is sign(0) = 0 there), found one}}
  %y = compress.binary_conv2d %x, %w, %a, %a {strides = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, groups = 1 : i64, pad_value = #compress<pad_value one>, input_sign = #compress<input_sign onnx>}
       : (tensor<1x5x5x4xf32>, tensor<4x3x3x1xi64>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x5x5x4xf32>
  return %y : tensor<1x5x5x4xf32>
}

// -----

func.func @dilations_size(%x: tensor<1x5x5x4xf32>, %w: tensor<4x3x3x1xi64>, %a: tensor<4xf32>) -> tensor<1x5x5x4xf32> {
  // expected-error@+1 {{expects 'dilations' to have 2 elements, found 1}}
  %y = compress.binary_conv2d %x, %w, %a, %a {strides = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1>, groups = 1 : i64}
       : (tensor<1x5x5x4xf32>, tensor<4x3x3x1xi64>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x5x5x4xf32>
  return %y : tensor<1x5x5x4xf32>
}

// -----

func.func @dilations_positive(%x: tensor<1x5x5x4xf32>, %w: tensor<4x3x3x1xi64>, %a: tensor<4xf32>) -> tensor<1x5x5x4xf32> {
  // expected-error@+1 {{expects 'dilations' elements to be >= 1, found [0, 1]}}
  %y = compress.binary_conv2d %x, %w, %a, %a {strides = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, dilations = array<i64: 0, 1>, groups = 1 : i64}
       : (tensor<1x5x5x4xf32>, tensor<4x3x3x1xi64>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x5x5x4xf32>
  return %y : tensor<1x5x5x4xf32>
}

// -----

func.func @groups_positive(%x: tensor<1x5x5x4xf32>, %w: tensor<4x3x3x1xi64>, %a: tensor<4xf32>) -> tensor<1x5x5x4xf32> {
  // expected-error@+1 {{expects 'groups' to be >= 1, found 0}}
  %y = compress.binary_conv2d %x, %w, %a, %a {strides = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, groups = 0 : i64}
       : (tensor<1x5x5x4xf32>, tensor<4x3x3x1xi64>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x5x5x4xf32>
  return %y : tensor<1x5x5x4xf32>
}

// -----

func.func @input_channels_groups(%x: tensor<1x5x5x5xf32>, %w: tensor<4x3x3x1xi64>, %a: tensor<4xf32>) -> tensor<1x5x5x4xf32> {
  // expected-error@+1 {{expects input channels C = 5 to be divisible by groups = 2}}
  %y = compress.binary_conv2d %x, %w, %a, %a {strides = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, groups = 2 : i64}
       : (tensor<1x5x5x5xf32>, tensor<4x3x3x1xi64>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x5x5x4xf32>
  return %y : tensor<1x5x5x4xf32>
}

// -----

func.func @output_channels_groups(%x: tensor<1x5x5x4xf32>, %w: tensor<3x3x3x1xi64>, %a: tensor<3xf32>) -> tensor<1x5x5x3xf32> {
  // expected-error@+1 {{expects output channels F = 3 to be divisible by groups = 2}}
  %y = compress.binary_conv2d %x, %w, %a, %a {strides = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, groups = 2 : i64}
       : (tensor<1x5x5x4xf32>, tensor<3x3x3x1xi64>, tensor<3xf32>, tensor<3xf32>) -> tensor<1x5x5x3xf32>
  return %y : tensor<1x5x5x3xf32>
}

// -----

func.func @output_height(%x: tensor<1x2x5x4xf32>, %w: tensor<4x3x3x1xi64>, %a: tensor<4xf32>) -> tensor<1x1x5x4xf32> {
  // expected-error@+1 {{expects output height >= 1, found 0 (H = 2, kh = 3, pad = 0+0, stride = 1, dilation = 1)}}
  %y = compress.binary_conv2d %x, %w, %a, %a {strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 1, 1>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x2x5x4xf32>, tensor<4x3x3x1xi64>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x1x5x4xf32>
  return %y : tensor<1x1x5x4xf32>
}

// -----

func.func @output_width(%x: tensor<1x5x5x4xf32>, %w: tensor<4x3x3x1xi64>, %a: tensor<4xf32>) -> tensor<1x5x1x4xf32> {
  // expected-error@+1 {{expects output width >= 1, found -1 (W = 5, kw = 3, pad = 0+0, stride = 1, dilation = 3)}}
  %y = compress.binary_conv2d %x, %w, %a, %a {strides = array<i64: 1, 1>, pad = array<i64: 1, 1, 0, 0>, dilations = array<i64: 1, 3>, groups = 1 : i64}
       : (tensor<1x5x5x4xf32>, tensor<4x3x3x1xi64>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x5x1x4xf32>
  return %y : tensor<1x5x1x4xf32>
}

// -----

func.func @conv_result_shape(%x: tensor<1x7x13x3xf32>, %w: tensor<4x3x3x1xi64>, %a: tensor<4xf32>) -> tensor<1x7x13x4xf32> {
  // expected-error@+1 {{expects result of shape [1, 4, 7, 4] (N x OH x OW x F), found [1, 7, 13, 4]}}
  %y = compress.binary_conv2d %x, %w, %a, %a {strides = array<i64: 2, 2>, pad = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x7x13x3xf32>, tensor<4x3x3x1xi64>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x7x13x4xf32>
  return %y : tensor<1x7x13x4xf32>
}

//===----------------------------------------------------------------------===//
// Low-rank
//===----------------------------------------------------------------------===//

// -----

func.func @lowrank_conv_rank(%x: tensor<1x8x8x3xf32>, %u: tensor<2x3x3x3xf32>, %v: tensor<5x3xf32>, %b: tensor<5xf32>) -> tensor<1x8x8x5xf32> {
  // expected-error@+1 {{expects v of shape F x r with r = 2 (u's output channels), found r = 3}}
  %y = compress.lowrank_conv2d %x, %u, %v, %b {strides = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>}
       : (tensor<1x8x8x3xf32>, tensor<2x3x3x3xf32>, tensor<5x3xf32>, tensor<5xf32>) -> tensor<1x8x8x5xf32>
  return %y : tensor<1x8x8x5xf32>
}

// -----

func.func @lowrank_conv_channels(%x: tensor<1x8x8x4xf32>, %u: tensor<2x3x3x3xf32>, %v: tensor<5x2xf32>, %b: tensor<5xf32>) -> tensor<1x8x8x5xf32> {
  // expected-error@+1 {{expects u's input channels (dim 3) to equal C = 4 (groups are not supported), found 3}}
  %y = compress.lowrank_conv2d %x, %u, %v, %b {strides = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>}
       : (tensor<1x8x8x4xf32>, tensor<2x3x3x3xf32>, tensor<5x2xf32>, tensor<5xf32>) -> tensor<1x8x8x5xf32>
  return %y : tensor<1x8x8x5xf32>
}

// -----

func.func @lowrank_conv_taps(%x: tensor<1x8x8x3xf32>, %u: tensor<2x0x3x3xf32>, %v: tensor<5x2xf32>, %b: tensor<5xf32>) -> tensor<1x8x8x5xf32> {
  // expected-error@+1 {{expects u's kernel dims kh, kw >= 1, found 0x3}}
  %y = compress.lowrank_conv2d %x, %u, %v, %b {strides = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>}
       : (tensor<1x8x8x3xf32>, tensor<2x0x3x3xf32>, tensor<5x2xf32>, tensor<5xf32>) -> tensor<1x8x8x5xf32>
  return %y : tensor<1x8x8x5xf32>
}

// -----

func.func @lowrank_conv_bias(%x: tensor<1x8x8x3xf32>, %u: tensor<2x3x3x3xf32>, %v: tensor<5x2xf32>, %b: tensor<4xf32>) -> tensor<1x8x8x5xf32> {
  // expected-error@+1 {{expects bias to have F = 5 elements (one per output channel), found 4}}
  %y = compress.lowrank_conv2d %x, %u, %v, %b {strides = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>}
       : (tensor<1x8x8x3xf32>, tensor<2x3x3x3xf32>, tensor<5x2xf32>, tensor<4xf32>) -> tensor<1x8x8x5xf32>
  return %y : tensor<1x8x8x5xf32>
}

// -----

func.func @lowrank_matmul_k(%x: tensor<2x9xf32>, %u: tensor<3x8xf32>, %v: tensor<4x3xf32>, %b: tensor<4xf32>) -> tensor<2x4xf32> {
  // expected-error@+1 {{expects u of shape r x K with K = 9 (input columns), found K = 8}}
  %y = compress.lowrank_matmul %x, %u, %v, %b : (tensor<2x9xf32>, tensor<3x8xf32>, tensor<4x3xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  return %y : tensor<2x4xf32>
}

// -----

func.func @lowrank_matmul_rank(%x: tensor<2x9xf32>, %u: tensor<3x9xf32>, %v: tensor<4x2xf32>, %b: tensor<4xf32>) -> tensor<2x4xf32> {
  // expected-error@+1 {{expects v of shape N x r with r = 3 (u's rows), found r = 2}}
  %y = compress.lowrank_matmul %x, %u, %v, %b : (tensor<2x9xf32>, tensor<3x9xf32>, tensor<4x2xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  return %y : tensor<2x4xf32>
}

// -----

func.func @matmul_result_shape(%x: tensor<2x9xf32>, %u: tensor<3x9xf32>, %v: tensor<4x3xf32>, %b: tensor<4xf32>) -> tensor<2x5xf32> {
  // expected-error@+1 {{expects result of shape [2, 4] (M x N), found [2, 5]}}
  %y = compress.lowrank_matmul %x, %u, %v, %b : (tensor<2x9xf32>, tensor<3x9xf32>, tensor<4x3xf32>, tensor<4xf32>) -> tensor<2x5xf32>
  return %y : tensor<2x5xf32>
}

//===----------------------------------------------------------------------===//
// Sparse
//===----------------------------------------------------------------------===//

// -----

func.func @sparse_kernel_size(%x: tensor<1x5x5x2xf32>, %v: tensor<2xf32>, %c: tensor<2xi32>, %r: tensor<3xi32>, %b: tensor<2xf32>) -> tensor<1x5x5x2xf32> {
  // expected-error@+1 {{expects 'kernel_size' to have 2 elements, found 1}}
  %y = compress.sparse_conv2d %x, %v, %c, %r, %b {kernel_size = array<i64: 3>, strides = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x5x5x2xf32>, tensor<2xf32>, tensor<2xi32>, tensor<3xi32>, tensor<2xf32>) -> tensor<1x5x5x2xf32>
  return %y : tensor<1x5x5x2xf32>
}

// -----

func.func @sparse_kernel_positive(%x: tensor<1x5x5x2xf32>, %v: tensor<2xf32>, %c: tensor<2xi32>, %r: tensor<3xi32>, %b: tensor<2xf32>) -> tensor<1x5x5x2xf32> {
  // expected-error@+1 {{expects 'kernel_size' elements to be >= 1, found [3, 0]}}
  %y = compress.sparse_conv2d %x, %v, %c, %r, %b {kernel_size = array<i64: 3, 0>, strides = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x5x5x2xf32>, tensor<2xf32>, tensor<2xi32>, tensor<3xi32>, tensor<2xf32>) -> tensor<1x5x5x2xf32>
  return %y : tensor<1x5x5x2xf32>
}

// -----

func.func @sparse_nnz(%x: tensor<1x5x5x2xf32>, %v: tensor<2xf32>, %c: tensor<3xi32>, %r: tensor<3xi32>, %b: tensor<2xf32>) -> tensor<1x5x5x2xf32> {
  // expected-error@+1 {{expects values and col_indices of the same length, found 2 and 3}}
  %y = compress.sparse_conv2d %x, %v, %c, %r, %b {kernel_size = array<i64: 3, 3>, strides = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x5x5x2xf32>, tensor<2xf32>, tensor<3xi32>, tensor<3xi32>, tensor<2xf32>) -> tensor<1x5x5x2xf32>
  return %y : tensor<1x5x5x2xf32>
}

// -----

func.func @sparse_row_offsets_size(%x: tensor<1x5x5x2xf32>, %v: tensor<2xf32>, %c: tensor<2xi32>, %r: tensor<2xi32>, %b: tensor<2xf32>) -> tensor<1x5x5x2xf32> {
  // expected-error@+1 {{expects row_offsets to have F + 1 = 3 elements, found 2}}
  %y = compress.sparse_conv2d %x, %v, %c, %r, %b {kernel_size = array<i64: 3, 3>, strides = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x5x5x2xf32>, tensor<2xf32>, tensor<2xi32>, tensor<2xi32>, tensor<2xf32>) -> tensor<1x5x5x2xf32>
  return %y : tensor<1x5x5x2xf32>
}

// -----

func.func @sparse_bias(%x: tensor<1x5x5x2xf32>, %v: tensor<2xf32>, %c: tensor<2xi32>, %r: tensor<3xi32>, %b: tensor<3xf32>) -> tensor<1x5x5x2xf32> {
  // expected-error@+1 {{expects bias to have F = 2 elements (one per output channel), found 3}}
  %y = compress.sparse_conv2d %x, %v, %c, %r, %b {kernel_size = array<i64: 3, 3>, strides = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x5x5x2xf32>, tensor<2xf32>, tensor<2xi32>, tensor<3xi32>, tensor<3xf32>) -> tensor<1x5x5x2xf32>
  return %y : tensor<1x5x5x2xf32>
}

// -----

func.func @sparse_first_offset(%x: tensor<1x5x5x2xf32>, %v: tensor<2xf32>, %c: tensor<2xi32>, %b: tensor<2xf32>) -> tensor<1x5x5x2xf32> {
  %r = arith.constant dense<[1, 1, 2]> : tensor<3xi32>
  // expected-error@+1 {{expects row_offsets[0] = 0, found 1}}
  %y = compress.sparse_conv2d %x, %v, %c, %r, %b {kernel_size = array<i64: 3, 3>, strides = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x5x5x2xf32>, tensor<2xf32>, tensor<2xi32>, tensor<3xi32>, tensor<2xf32>) -> tensor<1x5x5x2xf32>
  return %y : tensor<1x5x5x2xf32>
}

// -----

func.func @sparse_monotone(%x: tensor<1x5x5x2xf32>, %v: tensor<2xf32>, %c: tensor<2xi32>, %b: tensor<2xf32>) -> tensor<1x5x5x2xf32> {
  %r = "tosa.const"() {values = dense<[0, 3, 2]> : tensor<3xi32>} : () -> tensor<3xi32>
  // expected-error@+1 {{expects row_offsets to be non-decreasing, found row_offsets[1] = 3 > row_offsets[2] = 2}}
  %y = compress.sparse_conv2d %x, %v, %c, %r, %b {kernel_size = array<i64: 3, 3>, strides = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x5x5x2xf32>, tensor<2xf32>, tensor<2xi32>, tensor<3xi32>, tensor<2xf32>) -> tensor<1x5x5x2xf32>
  return %y : tensor<1x5x5x2xf32>
}

// -----

func.func @sparse_last_offset(%x: tensor<1x5x5x2xf32>, %v: tensor<2xf32>, %c: tensor<2xi32>, %b: tensor<2xf32>) -> tensor<1x5x5x2xf32> {
  %r = arith.constant dense<[0, 1, 1]> : tensor<3xi32>
  // expected-error@+1 {{expects the last row offset to equal nnz = 2, found 1}}
  %y = compress.sparse_conv2d %x, %v, %c, %r, %b {kernel_size = array<i64: 3, 3>, strides = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x5x5x2xf32>, tensor<2xf32>, tensor<2xi32>, tensor<3xi32>, tensor<2xf32>) -> tensor<1x5x5x2xf32>
  return %y : tensor<1x5x5x2xf32>
}

// -----

// 3x3 taps x (4 / groups = 2) channels = 18 columns.
func.func @sparse_conv_column(%x: tensor<1x5x5x4xf32>, %v: tensor<2xf32>, %r: tensor<3xi32>, %b: tensor<2xf32>) -> tensor<1x5x5x2xf32> {
  %c = arith.constant dense<[17, 18]> : tensor<2xi32>
  // expected-error@+1 {{expects col_indices in [0, 18), found col_indices[1] = 18}}
  %y = compress.sparse_conv2d %x, %v, %c, %r, %b {kernel_size = array<i64: 3, 3>, strides = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, groups = 2 : i64}
       : (tensor<1x5x5x4xf32>, tensor<2xf32>, tensor<2xi32>, tensor<3xi32>, tensor<2xf32>) -> tensor<1x5x5x2xf32>
  return %y : tensor<1x5x5x2xf32>
}

// -----

func.func @sparse_matmul_column(%x: tensor<3x5xf32>, %v: tensor<2xf32>, %r: tensor<3xi32>, %b: tensor<2xf32>) -> tensor<3x2xf32> {
  %c = arith.constant dense<[-1, 4]> : tensor<2xi32>
  // expected-error@+1 {{expects col_indices in [0, 5), found col_indices[0] = -1}}
  %y = compress.sparse_matmul %x, %v, %c, %r, %b : (tensor<3x5xf32>, tensor<2xf32>, tensor<2xi32>, tensor<3xi32>, tensor<2xf32>) -> tensor<3x2xf32>
  return %y : tensor<3x2xf32>
}

// -----

func.func @sparse_matmul_result(%x: tensor<3x5xf32>, %v: tensor<2xf32>, %c: tensor<2xi32>, %r: tensor<3xi32>, %b: tensor<2xf32>) -> tensor<2x2xf32> {
  // expected-error@+1 {{expects result of shape [3, 2] (M x N), found [2, 2]}}
  %y = compress.sparse_matmul %x, %v, %c, %r, %b : (tensor<3x5xf32>, tensor<2xf32>, tensor<2xi32>, tensor<3xi32>, tensor<2xf32>) -> tensor<2x2xf32>
  return %y : tensor<2x2xf32>
}

//===----------------------------------------------------------------------===//
// Codebook
//===----------------------------------------------------------------------===//

// -----

func.func @codebook_bits_range(%x: tensor<2x3xf32>, %c: tensor<4xf32>, %i: tensor<3x4xi8>, %b: tensor<3xf32>) -> tensor<2x3xf32> {
  // expected-error@+1 {{attribute 'bits' failed to satisfy constraint}}
  %y = compress.codebook_matmul %x, %c, %i, %b {bits = 9 : i64} : (tensor<2x3xf32>, tensor<4xf32>, tensor<3x4xi8>, tensor<3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

func.func @codebook_too_many_centroids(%x: tensor<2x3xf32>, %c: tensor<5xf32>, %i: tensor<3x1xi8>, %b: tensor<3xf32>) -> tensor<2x3xf32> {
  // expected-error@+1 {{expects 1 <= k <= 2^bits = 4 centroids, found k = 5}}
  %y = compress.codebook_matmul %x, %c, %i, %b {bits = 2 : i64} : (tensor<2x3xf32>, tensor<5xf32>, tensor<3x1xi8>, tensor<3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

func.func @codebook_no_centroids(%x: tensor<2x3xf32>, %c: tensor<3x0xf32>, %i: tensor<3x1xi8>, %b: tensor<3xf32>) -> tensor<2x3xf32> {
  // expected-error@+1 {{expects 1 <= k <= 2^bits = 4 centroids, found k = 0}}
  %y = compress.codebook_matmul %x, %c, %i, %b {bits = 2 : i64} : (tensor<2x3xf32>, tensor<3x0xf32>, tensor<3x1xi8>, tensor<3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

func.func @codebook_per_channel_rows(%x: tensor<2x3xf32>, %c: tensor<2x4xf32>, %i: tensor<3x1xi8>, %b: tensor<3xf32>) -> tensor<2x3xf32> {
  // expected-error@+1 {{expects per-channel centroids of shape F x k with F = 3, found F = 2}}
  %y = compress.codebook_matmul %x, %c, %i, %b {bits = 2 : i64} : (tensor<2x3xf32>, tensor<2x4xf32>, tensor<3x1xi8>, tensor<3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

// K = 5 indices of 2 bits = 10 bits = 2 bytes per row.
func.func @codebook_matmul_indices_shape(%x: tensor<2x5xf32>, %c: tensor<4xf32>, %i: tensor<3x1xi8>, %b: tensor<3xf32>) -> tensor<2x3xf32> {
  // expected-error@+1 {{expects indices of shape [3, 2] (F x ceil(indices per row · bits / 8)), found [3, 1]}}
  %y = compress.codebook_matmul %x, %c, %i, %b {bits = 2 : i64} : (tensor<2x5xf32>, tensor<4xf32>, tensor<3x1xi8>, tensor<3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

// 3x3 taps x (4 / groups = 2) channels x 3 bits = 54 bits = 7 bytes per row.
func.func @codebook_conv_indices_shape(%x: tensor<1x5x5x4xf32>, %c: tensor<8xf32>, %i: tensor<2x6xi8>, %b: tensor<2xf32>) -> tensor<1x5x5x2xf32> {
  // expected-error@+1 {{expects indices of shape [2, 7] (F x ceil(indices per row · bits / 8)), found [2, 6]}}
  %y = compress.codebook_conv2d %x, %c, %i, %b {bits = 3 : i64, kernel_size = array<i64: 3, 3>, strides = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, groups = 2 : i64}
       : (tensor<1x5x5x4xf32>, tensor<8xf32>, tensor<2x6xi8>, tensor<2xf32>) -> tensor<1x5x5x2xf32>
  return %y : tensor<1x5x5x2xf32>
}

// -----

func.func @codebook_conv_bias(%x: tensor<1x5x5x4xf32>, %c: tensor<8xf32>, %i: tensor<2x7xi8>, %b: tensor<3xf32>) -> tensor<1x5x5x2xf32> {
  // expected-error@+1 {{expects bias to have F = 2 elements (one per output channel), found 3}}
  %y = compress.codebook_conv2d %x, %c, %i, %b {bits = 3 : i64, kernel_size = array<i64: 3, 3>, strides = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, groups = 2 : i64}
       : (tensor<1x5x5x4xf32>, tensor<8xf32>, tensor<2x7xi8>, tensor<3xf32>) -> tensor<1x5x5x2xf32>
  return %y : tensor<1x5x5x2xf32>
}

// -----

// K = 3 indices of 2 bits in one byte, k = 3 centroids. Row 0 = 0x24 = 0b00_10_01_00
// decodes to 0, 1, 2; row 1 = 0x0C = 0b00_00_11_00 to 0, 3 (>= k), 0.
func.func @codebook_index_range(%x: tensor<2x3xf32>, %c: tensor<3xf32>, %b: tensor<2xf32>) -> tensor<2x2xf32> {
  %i = arith.constant dense<[[0x24], [0x0C]]> : tensor<2x1xi8>
  // expected-error@+1 {{expects every index < k = 3, found index 3 at row 1, position 1}}
  %y = compress.codebook_matmul %x, %c, %i, %b {bits = 2 : i64} : (tensor<2x3xf32>, tensor<3xf32>, tensor<2x1xi8>, tensor<2xf32>) -> tensor<2x2xf32>
  return %y : tensor<2x2xf32>
}

// -----

// K = 3 indices of 2 bits use bits 0-5; bit 6 (0x40) is a tail bit.
func.func @codebook_tail_bits(%x: tensor<2x3xf32>, %c: tensor<4xf32>, %b: tensor<2xf32>) -> tensor<2x2xf32> {
  %i = "tosa.const"() {values = dense<[[0x3F], [0x40]]> : tensor<2x1xi8>} : () -> tensor<2x1xi8>
  // expected-error@+1 {{expects the unused tail bits of every indices row to be 0, found nonzero tail bits in row 1}}
  %y = compress.codebook_matmul %x, %c, %i, %b {bits = 2 : i64} : (tensor<2x3xf32>, tensor<4xf32>, tensor<2x1xi8>, tensor<2xf32>) -> tensor<2x2xf32>
  return %y : tensor<2x2xf32>
}

//===----------------------------------------------------------------------===//
// Binary
//===----------------------------------------------------------------------===//

// -----

func.func @binary_taps(%x: tensor<1x5x5x4xf32>, %w: tensor<4x0x3x1xi64>, %a: tensor<4xf32>) -> tensor<1x5x5x4xf32> {
  // expected-error@+1 {{expects weight_bits tap dims kh, kw >= 1, found 0x3}}
  %y = compress.binary_conv2d %x, %w, %a, %a {strides = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x5x5x4xf32>, tensor<4x0x3x1xi64>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x5x5x4xf32>
  return %y : tensor<1x5x5x4xf32>
}

// -----

func.func @binary_alpha(%x: tensor<1x5x5x4xf32>, %w: tensor<4x3x3x1xi64>, %a: tensor<3xf32>, %b: tensor<4xf32>) -> tensor<1x5x5x4xf32> {
  // expected-error@+1 {{expects alpha to have F = 4 elements (one per output channel), found 3}}
  %y = compress.binary_conv2d %x, %w, %a, %b {strides = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x5x5x4xf32>, tensor<4x3x3x1xi64>, tensor<3xf32>, tensor<4xf32>) -> tensor<1x5x5x4xf32>
  return %y : tensor<1x5x5x4xf32>
}

// -----

// C / groups = 130 / 2 = 65 channels need 2 words.
func.func @binary_conv_words(%x: tensor<1x5x5x130xf32>, %w: tensor<4x3x3x1xi64>, %a: tensor<4xf32>) -> tensor<1x5x5x4xf32> {
  // expected-error@+1 {{expects weight_bits last dim = ceil((C/groups) / 64) = 2 words, found 1}}
  %y = compress.binary_conv2d %x, %w, %a, %a {strides = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, groups = 2 : i64}
       : (tensor<1x5x5x130xf32>, tensor<4x3x3x1xi64>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x5x5x4xf32>
  return %y : tensor<1x5x5x4xf32>
}

// -----

// C = 3 channels: only bits 0-2 of each word are real; word 3 (f = 1, tap (0, 1)) sets bit 3.
func.func @binary_conv_tail(%x: tensor<1x5x5x3xf32>, %a: tensor<2xf32>) -> tensor<1x5x5x2xf32> {
  %w = arith.constant dense<[[[[7], [0]], [[5], [0]]], [[[1], [8]], [[0], [0]]]]> : tensor<2x2x2x1xi64>
  // expected-error@+1 {{expects the tail bits past 3 channels to be 0, found 0x8 in word 5}}
  %y = compress.binary_conv2d %x, %w, %a, %a {strides = array<i64: 1, 1>, pad = array<i64: 0, 1, 0, 1>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x5x5x3xf32>, tensor<2x2x2x1xi64>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x5x5x2xf32>
  return %y : tensor<1x5x5x2xf32>
}

// -----

func.func @binary_matmul_words(%x: tensor<4x130xf32>, %w: tensor<3x2xi64>, %a: tensor<3xf32>) -> tensor<4x3xf32> {
  // expected-error@+1 {{expects weight_bits of shape N x ceil(K / 64) with ceil(K / 64) = 3 words, found 2}}
  %y = compress.binary_matmul %x, %w, %a, %a : (tensor<4x130xf32>, tensor<3x2xi64>, tensor<3xf32>, tensor<3xf32>) -> tensor<4x3xf32>
  return %y : tensor<4x3xf32>
}

// -----

func.func @binary_matmul_bias(%x: tensor<4x130xf32>, %w: tensor<3x3xi64>, %a: tensor<3xf32>, %b: tensor<2xf32>) -> tensor<4x3xf32> {
  // expected-error@+1 {{expects bias to have F = 3 elements (one per output channel), found 2}}
  %y = compress.binary_matmul %x, %w, %a, %b : (tensor<4x130xf32>, tensor<3x3xi64>, tensor<3xf32>, tensor<2xf32>) -> tensor<4x3xf32>
  return %y : tensor<4x3xf32>
}

// -----

// K = 65: word 1 of each row holds only channel 64 (bit 0); -1 sets every bit.
func.func @binary_matmul_tail(%x: tensor<4x65xf32>, %a: tensor<2xf32>) -> tensor<4x2xf32> {
  %w = arith.constant dense<[[-1, 1], [0, -1]]> : tensor<2x2xi64>
  // expected-error@+1 {{expects the tail bits past 65 channels to be 0, found 0xFFFFFFFFFFFFFFFE in word 3}}
  %y = compress.binary_matmul %x, %w, %a, %a : (tensor<4x65xf32>, tensor<2x2xi64>, tensor<2xf32>, tensor<2xf32>) -> tensor<4x2xf32>
  return %y : tensor<4x2xf32>
}

// -----

//===----------------------------------------------------------------------===//
// Conv geometry overflow: attributes whose arithmetic would wrap int64 in the
// lowering are refused by the shared geometry check.
//===----------------------------------------------------------------------===//

func.func @codebook_conv_huge_pad(%x: tensor<1x5x5x4xf32>, %c: tensor<8xf32>, %i: tensor<2x7xi8>, %b: tensor<2xf32>) -> tensor<1x5x5x2xf32> {
  // expected-error@+1 {{expects the padded height to fit in int64 with room for indexing (H = 5, kh = 3, pad = 9000000000000000000+1, stride = 1, dilation = 1)}}
  %y = compress.codebook_conv2d %x, %c, %i, %b {bits = 3 : i64, kernel_size = array<i64: 3, 3>, strides = array<i64: 1, 1>, pad = array<i64: 9000000000000000000, 1, 1, 1>, dilations = array<i64: 1, 1>, groups = 2 : i64}
       : (tensor<1x5x5x4xf32>, tensor<8xf32>, tensor<2x7xi8>, tensor<2xf32>) -> tensor<1x5x5x2xf32>
  return %y : tensor<1x5x5x2xf32>
}

// -----

// Two pads that each fit but whose sum does not.
func.func @sparse_conv_pad_sum(%x: tensor<1x5x5x4xf32>, %v: tensor<3xf32>, %ci: tensor<3xi32>, %ro: tensor<3xi32>, %b: tensor<2xf32>) -> tensor<1x5x5x2xf32> {
  // expected-error@+1 {{expects the padded width to fit in int64 with room for indexing (W = 5, kw = 3, pad = 4611686018427387904+4611686018427387904, stride = 1, dilation = 1)}}
  %y = compress.sparse_conv2d %x, %v, %ci, %ro, %b {kernel_size = array<i64: 3, 3>, strides = array<i64: 1, 1>, pad = array<i64: 1, 1, 4611686018427387904, 4611686018427387904>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x5x5x4xf32>, tensor<3xf32>, tensor<3xi32>, tensor<3xi32>, tensor<2xf32>) -> tensor<1x5x5x2xf32>
  return %y : tensor<1x5x5x2xf32>
}

// -----

func.func @codebook_conv_huge_dilation(%x: tensor<1x5x5x4xf32>, %c: tensor<8xf32>, %i: tensor<2x7xi8>, %b: tensor<2xf32>) -> tensor<1x5x5x2xf32> {
  // expected-error@+1 {{expects the dilated kernel width dilation * (k - 1) + 1 to fit in int64 (W = 5, kw = 3, pad = 1+1, stride = 1, dilation = 9000000000000000000)}}
  %y = compress.codebook_conv2d %x, %c, %i, %b {bits = 3 : i64, kernel_size = array<i64: 3, 3>, strides = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 9000000000000000000>, groups = 2 : i64}
       : (tensor<1x5x5x4xf32>, tensor<8xf32>, tensor<2x7xi8>, tensor<2xf32>) -> tensor<1x5x5x2xf32>
  return %y : tensor<1x5x5x2xf32>
}

// -----

// Each padded axis fits, the padded input does not: (2^32 + 1)^2 x 64 elements.
func.func @binary_conv_padded_input_elements(%x: tensor<1x1x1x64xf32>, %w: tensor<4x1x1x1xi64>, %a: tensor<4xf32>) -> tensor<1x4294967297x4294967297x4xf32> {
  // expected-error@+1 {{expects the padded input N x (H + pads) x (W + pads) x C to have at most 2^60 elements}}
  %y = compress.binary_conv2d %x, %w, %a, %a {strides = array<i64: 1, 1>, pad = array<i64: 2147483648, 2147483648, 2147483648, 2147483648>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x1x1x64xf32>, tensor<4x1x1x1xi64>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4294967297x4294967297x4xf32>
  return %y : tensor<1x4294967297x4294967297x4xf32>
}

// -----

// With dynamic H and W only the kernel itself bounds the weights per channel.
func.func @codebook_conv_huge_kernel(%x: tensor<1x?x?x4xf32>, %c: tensor<8xf32>, %i: tensor<2x7xi8>, %b: tensor<2xf32>) -> tensor<1x?x?x2xf32> {
  // expected-error@+1 {{expects kh * kw * C/groups = 3037000500 * 3037000500 * 2 to be at most 2^60}}
  %y = compress.codebook_conv2d %x, %c, %i, %b {bits = 3 : i64, kernel_size = array<i64: 3037000500, 3037000500>, strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 2 : i64}
       : (tensor<1x?x?x4xf32>, tensor<8xf32>, tensor<2x7xi8>, tensor<2xf32>) -> tensor<1x?x?x2xf32>
  return %y : tensor<1x?x?x2xf32>
}

// -----

func.func @lowrank_conv_huge_pad(%x: tensor<1x5x5x4xf32>, %u: tensor<2x3x3x4xf32>, %v: tensor<6x2xf32>, %b: tensor<6xf32>) -> tensor<1x5x5x6xf32> {
  // expected-error@+1 {{expects the padded height to fit in int64 with room for indexing}}
  %y = compress.lowrank_conv2d %x, %u, %v, %b {strides = array<i64: 1, 1>, pad = array<i64: 9223372036854775807, 1, 1, 1>, dilations = array<i64: 1, 1>}
       : (tensor<1x5x5x4xf32>, tensor<2x3x3x4xf32>, tensor<6x2xf32>, tensor<6xf32>) -> tensor<1x5x5x6xf32>
  return %y : tensor<1x5x5x6xf32>
}

// -----

func.func @codebook_matmul_huge_k(%x: tensor<2x2305843009213693952xf32>, %c: tensor<8xf32>, %i: tensor<3x864691128455135232xi8>, %b: tensor<3xf32>) -> tensor<2x3xf32> {
  // expected-error@+1 {{expects at most 2^60 indices per row, found 2305843009213693952}}
  %y = compress.codebook_matmul %x, %c, %i, %b {bits = 3 : i64}
       : (tensor<2x2305843009213693952xf32>, tensor<8xf32>, tensor<3x864691128455135232xi8>, tensor<3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

//===----------------------------------------------------------------------===//
// #compress.layer records
//===----------------------------------------------------------------------===//

func.func @layer_not_a_record(%a: tensor<1x2x9xf32>, %w: tensor<1x9x4xf32>, %zp: tensor<1xf32>) -> tensor<1x2x4xf32> {
  // expected-error@+1 {{expects 'compress.layer' to be a #compress.layer record, found {layer = "fc"}}}
  %y = tosa.matmul %a, %w, %zp, %zp {compress.layer = {layer = "fc"}} : (tensor<1x2x9xf32>, tensor<1x9x4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x4xf32>
  return %y : tensor<1x2x4xf32>
}

// -----

func.func @layer_record_not_on_a_layer(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  // expected-error@+1 {{expects 'compress.layer' only on a layer (tosa.conv2d, tosa.depthwise_conv2d, tosa.matmul or a compress layer op)}}
  %y = tosa.abs %x {compress.layer = #compress.layer<name = "fc", method = "dense">} : (tensor<1x4xf32>) -> tensor<1x4xf32>
  return %y : tensor<1x4xf32>
}

// -----

// expected-error@+1 {{expects 'compress.layer' only on a layer}}
module attributes {compress.layer = #compress.layer<name = "m", method = "dense">} {
}

// -----

// expected-error@+1 {{expects a method}}
func.func @layer_no_method() attributes {r = #compress.layer<name = "fc", method = "">} {
  return
}

// -----

// expected-error@+1 {{expects weight_bytes_before and weight_bytes_after together}}
func.func @layer_half_bytes() attributes {r = #compress.layer<name = "fc", method = "codebook", weight_bytes_before = 16>} {
  return
}

// -----

// expected-error@+1 {{expects macs_before and macs_after together}}
func.func @layer_half_macs() attributes {r = #compress.layer<name = "fc", method = "sparse", macs_after = 3>} {
  return
}

// -----

// expected-error@+1 {{expects macs_after >= 0, found -1}}
func.func @layer_negative() attributes {r = #compress.layer<name = "fc", method = "sparse", macs_before = 4, macs_after = -1>} {
  return
}

// -----

// expected-error@+1 {{expects rel_error to be an f64, found 'f32'}}
func.func @layer_f32_error() attributes {r = #compress.layer<name = "fc", method = "lowrank", rel_error = 0.5 : f32>} {
  return
}

// -----

// expected-error@+1 {{expects weight_norm >= 0, found -3}}
func.func @layer_negative_norm() attributes {r = #compress.layer<name = "fc", method = "prune", rel_error = 0.5 : f64, weight_norm = -3.0 : f64>} {
  return
}
