// RUN: compress-opt %s --compress-lower-to-llvm=bare-ptr-abi=false \
// RUN: | mlir-runner -e main -entry-point-result=void \
// RUN:   -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils \
// RUN: | FileCheck %s

// Computed weight_bits (function arguments, so the verifier cannot check them) whose
// last word holds set bits past the channel count: the lowering clears those bits
// before the XOR-popcount, so only the real channels count. Expected values by hand
// (bit 1 = −1; sign(0) = +1).

// binary_matmul, K = 3: row 0 bits 0b101 -> w = [−1, +1, −1] (word 245 = 0b11110101),
// row 1 bits 0b010 -> w = [+1, −1, +1] (word −6 = ...11111010).
// x0 = [1, −2, 3] -> [+1, −1, +1]: y00 = 1·(−1 −1 −1) + 0 = −3, y01 = 0.5·3 + 0.25 = 1.75.
// x1 = [−1, −1, 0.5] -> [−1, −1, +1]: y10 = 1·(1 −1 −1) + 0 = −1, y11 = 0.5·1 + 0.25 = 0.75.
// CHECK: sizes = [2, 2]
// CHECK-NEXT: [-3, 1.75]
// CHECK-NEXT: [-1, 0.75]
func.func @matmul(%x: tensor<2x3xf32>, %w: tensor<2x1xi64>) -> tensor<2x2xf32> {
  %a = arith.constant dense<[1.0, 0.5]> : tensor<2xf32>
  %b = arith.constant dense<[0.0, 0.25]> : tensor<2xf32>
  %y = compress.binary_matmul %x, %w, %a, %b : (tensor<2x3xf32>, tensor<2x1xi64>, tensor<2xf32>, tensor<2xf32>) -> tensor<2x2xf32>
  return %y : tensor<2x2xf32>
}

// binary_conv2d 1x1, C = 65 (two words per tap), one filter: word 0 = 0 (channels 0-63
// are +1), word 1 = 241 = 0b11110001 (channel 64 is −1, bits 1-7 are tail). x = all +1:
// y = 64 − 1 = 63 (without the mask, popcount 5 in word 1 would give 65 − 10 = 55).
// With pad 1 and pad_value minus_one, a padded tap reads −1 on all 65 channels:
// 64·(−1·+1) + (−1·−1) = −63 at the 8 border pixels of the 3x3 output (unmasked: −71).
// CHECK: sizes = [1, 1, 1, 1]
// CHECK-NEXT: [63]
// CHECK: sizes = [1, 3, 3, 1]
// CHECK-NEXT: [-63],
// CHECK-NEXT: [-63],
// CHECK-NEXT: [-63]],
// CHECK-NEXT: [-63],
// CHECK-NEXT: [63],
// CHECK-NEXT: [-63]],
func.func @conv(%x: tensor<1x1x1x65xf32>, %w: tensor<1x1x1x2xi64>) -> (tensor<1x1x1x1xf32>, tensor<1x3x3x1xf32>) {
  %a = arith.constant dense<1.0> : tensor<1xf32>
  %b = arith.constant dense<0.0> : tensor<1xf32>
  %y = compress.binary_conv2d %x, %w, %a, %b {strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64} : (tensor<1x1x1x65xf32>, tensor<1x1x1x2xi64>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x1x1xf32>
  %z = compress.binary_conv2d %x, %w, %a, %b {strides = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, groups = 1 : i64, pad_value = #compress<pad_value minus_one>} : (tensor<1x1x1x65xf32>, tensor<1x1x1x2xi64>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x3x3x1xf32>
  return %y, %z : tensor<1x1x1x1xf32>, tensor<1x3x3x1xf32>
}

// input_sign = onnx (sign(0) = 0) with the same computed weights, on inputs with zeros.
// binary_matmul: x0 = [1, 0, 3] -> [+1, 0, +1]: y00 = 1·(−1 + 0 − 1) = −2,
// y01 = 0.5·(1 + 0 + 1) + 0.25 = 1.25; x1 = [−1, −1, 0] -> [−1, −1, 0]: y10 = 1·(1 − 1) = 0,
// y11 = 0.5·(−1 + 1) + 0.25 = 0.25.
// CHECK: sizes = [2, 2]
// CHECK-NEXT: [-2, 1.25]
// CHECK-NEXT: [0, 0.25]
func.func @matmul_onnx(%x: tensor<2x3xf32>, %w: tensor<2x1xi64>) -> tensor<2x2xf32> {
  %a = arith.constant dense<[1.0, 0.5]> : tensor<2xf32>
  %b = arith.constant dense<[0.0, 0.25]> : tensor<2xf32>
  %y = compress.binary_matmul %x, %w, %a, %b {input_sign = #compress<input_sign onnx>} : (tensor<2x3xf32>, tensor<2x1xi64>, tensor<2xf32>, tensor<2xf32>) -> tensor<2x2xf32>
  return %y : tensor<2x2xf32>
}

// binary_conv2d 1x1, C = 65, weights as above (channels 0-63 +1, channel 64 −1, tail
// bits set), x = 1 on even channels and 0 on odd ones: 32 of channels 0-63 count +1,
// channel 64 counts −1: y = 31. Pad 1 (zero, as input_sign onnx requires): the border
// taps add 0, so the 3x3 output is 0 around 31.
// CHECK: sizes = [1, 3, 3, 1]
// CHECK-NEXT: [0],
// CHECK-NEXT: [0],
// CHECK-NEXT: [0]],
// CHECK-NEXT: [0],
// CHECK-NEXT: [31],
// CHECK-NEXT: [0]],
func.func @conv_onnx(%x: tensor<1x1x1x65xf32>, %w: tensor<1x1x1x2xi64>) -> tensor<1x3x3x1xf32> {
  %a = arith.constant dense<1.0> : tensor<1xf32>
  %b = arith.constant dense<0.0> : tensor<1xf32>
  %z = compress.binary_conv2d %x, %w, %a, %b {strides = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, groups = 1 : i64, input_sign = #compress<input_sign onnx>} : (tensor<1x1x1x65xf32>, tensor<1x1x1x2xi64>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x3x3x1xf32>
  return %z : tensor<1x3x3x1xf32>
}

func.func private @printMemrefF32(tensor<*xf32>)

func.func @main() {
  %x = arith.constant dense<[[1.0, -2.0, 3.0], [-1.0, -1.0, 0.5]]> : tensor<2x3xf32>
  %w = arith.constant dense<[[245], [-6]]> : tensor<2x1xi64>
  %y = call @matmul(%x, %w) : (tensor<2x3xf32>, tensor<2x1xi64>) -> tensor<2x2xf32>
  %u = tensor.cast %y : tensor<2x2xf32> to tensor<*xf32>
  call @printMemrefF32(%u) : (tensor<*xf32>) -> ()
  %xc = arith.constant dense<1.0> : tensor<1x1x1x65xf32>
  %wc = arith.constant dense<[[[[0, 241]]]]> : tensor<1x1x1x2xi64>
  %c:2 = call @conv(%xc, %wc) : (tensor<1x1x1x65xf32>, tensor<1x1x1x2xi64>) -> (tensor<1x1x1x1xf32>, tensor<1x3x3x1xf32>)
  %c0 = tensor.cast %c#0 : tensor<1x1x1x1xf32> to tensor<*xf32>
  call @printMemrefF32(%c0) : (tensor<*xf32>) -> ()
  %c1 = tensor.cast %c#1 : tensor<1x3x3x1xf32> to tensor<*xf32>
  call @printMemrefF32(%c1) : (tensor<*xf32>) -> ()
  %xo = arith.constant dense<[[1.0, 0.0, 3.0], [-1.0, -1.0, 0.0]]> : tensor<2x3xf32>
  %yo = call @matmul_onnx(%xo, %w) : (tensor<2x3xf32>, tensor<2x1xi64>) -> tensor<2x2xf32>
  %uo = tensor.cast %yo : tensor<2x2xf32> to tensor<*xf32>
  call @printMemrefF32(%uo) : (tensor<*xf32>) -> ()
  %xco = arith.constant dense<[[[[1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0]]]]> : tensor<1x1x1x65xf32>
  %co = call @conv_onnx(%xco, %wc) : (tensor<1x1x1x65xf32>, tensor<1x1x1x2xi64>) -> tensor<1x3x3x1xf32>
  %uco = tensor.cast %co : tensor<1x3x3x1xf32> to tensor<*xf32>
  call @printMemrefF32(%uco) : (tensor<*xf32>) -> ()
  return
}
