// RUN: compress-opt %s -split-input-file -verify-diagnostics --convert-compress-to-linalg \
// RUN:   | FileCheck %s --check-prefix=DEFAULT --implicit-check-not='{{= compress\.}}'
// RUN: compress-opt %s -split-input-file --convert-compress-to-linalg=allow-computed-indices \
// RUN:   | FileCheck %s --check-prefix=ALLOW --implicit-check-not='{{= compress\.}}'
// RUN: not compress-compile %s --entry=codebook_conv -o %t.so 2>&1 \
// RUN:   | FileCheck %s --check-prefix=COMPILE
// RUN: not ls %t.so

// The verifiers range-check codebook indices and CSR row_offsets / col_indices only
// when they are constants, and the lowering reads at them unchecked; so by default
// convert-compress-to-linalg rejects ops whose index operands are computed (here
// function arguments), and lowers them only with allow-computed-indices, reading the
// computed operand unchecked. (Binary weight_bits: below.)
// DEFAULT-NOT: func.func @codebook_conv
// DEFAULT-NOT: func.func @sparse
// ALLOW-LABEL: func.func @codebook_conv(
// ALLOW: %[[W:.*]] = tosa.cast %arg1
// ALLOW: tensor.extract %[[W]]
// ALLOW-LABEL: func.func @codebook_matmul(
// ALLOW: %[[I:.*]] = tosa.abs %arg1
// ALLOW: tensor.extract %[[I]]
// ALLOW-LABEL: func.func @sparse_conv_cols(
// ALLOW: ins(%arg1 : tensor<3xi32>)
// ALLOW-LABEL: func.func @sparse_conv_offsets(
// ALLOW: tensor.extract %arg1
// ALLOW-LABEL: func.func @sparse_matmul(
// ALLOW: ins(%arg1 : tensor<3xi32>)
// ALLOW: tensor.extract %arg2

// compress-compile runs the same pass (compress-lower-to-llvm, default options) and
// exits 1 with the diagnostic at the op, writing no library. The indices are computed
// at run time from the model's second input.
// COMPILE: computed-indices.mlir:[[# @LINE + 6]]:{{[0-9]+}}: error: compress.codebook_conv2d: indices are not a compile-time constant, so their range cannot be checked; pass allow-computed-indices to lower them unchecked
func.func @codebook_conv(%x: tensor<1x3x3x2xf32>, %w: tensor<2x2xf32>) -> tensor<1x3x3x2xf32> {
  %i = tosa.cast %w : (tensor<2x2xf32>) -> tensor<2x2xi8>
  %c = arith.constant dense<[0.5, -1.0, 2.0, 0.0]> : tensor<4xf32>
  %b = arith.constant dense<[0.0, 1.0]> : tensor<2xf32>
  // expected-error @+1 {{compress.codebook_conv2d: indices are not a compile-time constant, so their range cannot be checked; pass allow-computed-indices to lower them unchecked}}
  %y = compress.codebook_conv2d %x, %c, %i, %b {bits = 2 : i64, kernel_size = array<i64: 3, 1>, strides = array<i64: 1, 1>, pad = array<i64: 1, 1, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64} : (tensor<1x3x3x2xf32>, tensor<4xf32>, tensor<2x2xi8>, tensor<2xf32>) -> tensor<1x3x3x2xf32>
  return %y : tensor<1x3x3x2xf32>
}

// -----

// Computed (non-constant) indices: the result of an op, not an argument.
func.func @codebook_matmul(%x: tensor<2x5xf32>, %raw: tensor<3x2xi8>) -> tensor<2x3xf32> {
  %c = arith.constant dense<[[0.5, -1.0], [2.0, 0.0], [1.0, 3.0]]> : tensor<3x2xf32>
  %b = arith.constant dense<[0.0, 1.0, -1.0]> : tensor<3xf32>
  %i = tosa.abs %raw : (tensor<3x2xi8>) -> tensor<3x2xi8>
  // expected-error @+1 {{compress.codebook_matmul: indices are not a compile-time constant, so their range cannot be checked; pass allow-computed-indices to lower them unchecked}}
  %y = compress.codebook_matmul %x, %c, %i, %b {bits = 2 : i64} : (tensor<2x5xf32>, tensor<3x2xf32>, tensor<3x2xi8>, tensor<3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

func.func @sparse_conv_cols(%x: tensor<1x4x4x2xf32>, %cols: tensor<3xi32>) -> tensor<1x4x4x2xf32> {
  %v = arith.constant dense<[1.0, -2.0, 0.5]> : tensor<3xf32>
  %offs = arith.constant dense<[0, 2, 3]> : tensor<3xi32>
  %b = arith.constant dense<[0.0, 1.0]> : tensor<2xf32>
  // expected-error @+1 {{compress.sparse_conv2d: col_indices are not a compile-time constant, so their range cannot be checked; pass allow-computed-indices to lower them unchecked}}
  %y = compress.sparse_conv2d %x, %v, %cols, %offs, %b {kernel_size = array<i64: 1, 1>, strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64} : (tensor<1x4x4x2xf32>, tensor<3xf32>, tensor<3xi32>, tensor<3xi32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  return %y : tensor<1x4x4x2xf32>
}

// -----

func.func @sparse_conv_offsets(%x: tensor<1x4x4x2xf32>, %offs: tensor<3xi32>) -> tensor<1x4x4x2xf32> {
  %v = arith.constant dense<[1.0, -2.0, 0.5]> : tensor<3xf32>
  %cols = arith.constant dense<[0, 1, 1]> : tensor<3xi32>
  %b = arith.constant dense<[0.0, 1.0]> : tensor<2xf32>
  // expected-error @+1 {{compress.sparse_conv2d: row_offsets are not a compile-time constant, so their range cannot be checked; pass allow-computed-indices to lower them unchecked}}
  %y = compress.sparse_conv2d %x, %v, %cols, %offs, %b {kernel_size = array<i64: 1, 1>, strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64} : (tensor<1x4x4x2xf32>, tensor<3xf32>, tensor<3xi32>, tensor<3xi32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  return %y : tensor<1x4x4x2xf32>
}

// -----

// Both CSR index arrays computed: one error naming both.
func.func @sparse_matmul(%x: tensor<2x4xf32>, %cols: tensor<3xi32>, %offs: tensor<4xi32>) -> tensor<2x3xf32> {
  %v = arith.constant dense<[1.0, -2.0, 0.5]> : tensor<3xf32>
  %b = arith.constant dense<[0.0, 1.0, -1.0]> : tensor<3xf32>
  // expected-error @+1 {{compress.sparse_matmul: row_offsets and col_indices are not a compile-time constant, so their range cannot be checked; pass allow-computed-indices to lower them unchecked}}
  %y = compress.sparse_matmul %x, %v, %cols, %offs, %b : (tensor<2x4xf32>, tensor<3xf32>, tensor<3xi32>, tensor<4xi32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

// Binary weight_bits index nothing: computed ones are lowered by default. The popcount
// runs over whole words, so the bits past the channel count in each row's last word are
// cleared first (C/groups = 65: mask 1 on word 1 of 2; K = 3: mask 7), once per call;
// test/Integration/Binary/computed-tail.mlir runs it.
// DEFAULT-LABEL: func.func @binary_conv_tail(
// DEFAULT: linalg.generic {{.*}} ins(%arg1 : tensor<2x1x1x2xi64>)
// DEFAULT-DAG: %[[LAST:.*]] = arith.cmpi eq, %{{.*}}, %c1 : index
// DEFAULT-DAG: %[[M:.*]] = arith.andi %{{.*}}, %c1_i64 : i64
// DEFAULT: arith.select %[[LAST]], %[[M]], %{{.*}} : i64
// DEFAULT: math.ctpop
// ALLOW-LABEL: func.func @binary_conv_tail(
// ALLOW: math.ctpop
func.func @binary_conv_tail(%x: tensor<1x3x3x130xf32>, %w: tensor<2x1x1x2xi64>, %a: tensor<2xf32>) -> tensor<1x3x3x2xf32> {
  %b = arith.constant dense<[0.0, 1.0]> : tensor<2xf32>
  %y = compress.binary_conv2d %x, %w, %a, %b {strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 2 : i64} : (tensor<1x3x3x130xf32>, tensor<2x1x1x2xi64>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x3x3x2xf32>
  return %y : tensor<1x3x3x2xf32>
}

// -----

// DEFAULT-LABEL: func.func @binary_matmul_tail(
// DEFAULT: linalg.generic {{.*}} ins(%arg1 : tensor<4x1xi64>)
// DEFAULT: arith.andi %{{.*}}, %c7_i64 : i64
// DEFAULT: math.ctpop
func.func @binary_matmul_tail(%x: tensor<2x3xf32>, %w: tensor<4x1xi64>, %a: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<2x4xf32> {
  %y = compress.binary_matmul %x, %w, %a, %b : (tensor<2x3xf32>, tensor<4x1xi64>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  return %y : tensor<2x4xf32>
}

// -----

// Whole words (a channel count that is a multiple of 64): no mask.
// DEFAULT-LABEL: func.func @binary_no_tail(
// DEFAULT-NOT: arith.andi
// DEFAULT: math.ctpop
// DEFAULT: math.ctpop
// ALLOW-LABEL: func.func @binary_no_tail(
func.func @binary_no_tail(%x: tensor<1x2x2x64xf32>, %w: tensor<3x1x1x1xi64>, %xm: tensor<2x128xf32>, %wm: tensor<4x2xi64>, %a: tensor<3xf32>, %am: tensor<4xf32>) -> (tensor<1x2x2x3xf32>, tensor<2x4xf32>) {
  %y = compress.binary_conv2d %x, %w, %a, %a {strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64} : (tensor<1x2x2x64xf32>, tensor<3x1x1x1xi64>, tensor<3xf32>, tensor<3xf32>) -> tensor<1x2x2x3xf32>
  %z = compress.binary_matmul %xm, %wm, %am, %am : (tensor<2x128xf32>, tensor<4x2xi64>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  return %y, %z : tensor<1x2x2x3xf32>, tensor<2x4xf32>
}

// -----

// Constant index operands were range-checked by the verifier: lowered by default
// (no diagnostic expected), whatever the other operands are.
// DEFAULT-LABEL: func.func @constant_indices(
// DEFAULT: scf.for
// DEFAULT: linalg.generic
// ALLOW-LABEL: func.func @constant_indices(
func.func @constant_indices(%x: tensor<2x4xf32>, %v: tensor<3xf32>, %c: tensor<3x2xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>) {
  %cols = arith.constant dense<[0, 3, 1]> : tensor<3xi32>
  %offs = arith.constant dense<[0, 2, 2, 3]> : tensor<4xi32>
  %i = arith.constant dense<[[69], [0], [85]]> : tensor<3x1xi8>
  %b = arith.constant dense<[0.0, 1.0, -1.0]> : tensor<3xf32>
  %y = compress.sparse_matmul %x, %v, %cols, %offs, %b : (tensor<2x4xf32>, tensor<3xf32>, tensor<3xi32>, tensor<4xi32>, tensor<3xf32>) -> tensor<2x3xf32>
  %z = compress.codebook_matmul %x, %c, %i, %b {bits = 2 : i64} : (tensor<2x4xf32>, tensor<3x2xf32>, tensor<3x1xi8>, tensor<3xf32>) -> tensor<2x3xf32>
  return %y, %z : tensor<2x3xf32>, tensor<2x3xf32>
}
