// RUN: compress-opt %s --compress-lower-to-llvm=bare-ptr-abi=false \
// RUN: | mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils \
// RUN: | FileCheck %s

// A padded 1x1 depthwise conv: tosa's optional decompositions (run by tosa-to-linalg's
// helper) turn it into a mul with a rank-5 tosa.pad, which the TOSA level check used to
// refuse ("'!tosa.shape<10>' exceeds MAX_RANK"). Values by hand: y = 0.5·x + 0.25 inside,
// 0.25 in the padding (pad top 0, bottom 1, left 1, right 0).
// CHECK: sizes = [1, 3, 3, 1]
// CHECK: {{\[}}0.25],
// CHECK-NEXT: [0.75],
// CHECK-NEXT: [1.25]],
// CHECK: {{\[}}0.25],
// CHECK-NEXT: [1.75],
// CHECK-NEXT: [2.25]],
// CHECK: {{\[}}0.25],
// CHECK-NEXT: [0.25],
// CHECK-NEXT: [0.25]]]]

func.func private @printMemrefF32(tensor<*xf32>)

func.func @model(%x: tensor<1x2x2x1xf32>) -> tensor<1x3x3x1xf32> {
  %w = "tosa.const"() {values = dense<0.5> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %b = "tosa.const"() {values = dense<0.25> : tensor<1xf32>} : () -> tensor<1xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %y = tosa.depthwise_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, pad = array<i64: 0, 1, 1, 0>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<1x2x2x1xf32>, tensor<1x1x1x1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x3x3x1xf32>
  return %y : tensor<1x3x3x1xf32>
}

func.func @main() {
  %x = arith.constant dense<[[[[1.0], [2.0]], [[3.0], [4.0]]]]> : tensor<1x2x2x1xf32>
  %y = call @model(%x) : (tensor<1x2x2x1xf32>) -> tensor<1x3x3x1xf32>
  %u = tensor.cast %y : tensor<1x3x3x1xf32> to tensor<*xf32>
  call @printMemrefF32(%u) : (tensor<*xf32>) -> ()
  return
}
