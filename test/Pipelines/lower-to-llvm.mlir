// RUN: compress-opt %s --compress-lower-to-llvm | FileCheck %s
// RUN: compress-opt %s --compress-lower-to-llvm=bare-ptr-abi=false | FileCheck %s --check-prefix=DESC

// A padded, strided tosa conv + clamp lowers to one LLVM function whose result is
// an out-parameter; no call into the MLIR runtime libraries is left.
// CHECK-LABEL: llvm.func @model(
// CHECK-SAME: %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr)
// CHECK-NOT: memrefCopy
// DESC-LABEL: llvm.func @model(
// DESC-SAME: %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr, %{{.*}}: i64,
func.func @model(%x: tensor<1x8x8x3xf32>) -> tensor<1x4x4x5xf32> {
  %w = "tosa.const"() {values = dense<0.5> : tensor<5x3x3x3xf32>} : () -> tensor<5x3x3x3xf32>
  %b = "tosa.const"() {values = dense<0.1> : tensor<5xf32>} : () -> tensor<5xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %y = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, pad = array<i64: 1, 0, 1, 0>, stride = array<i64: 2, 2>, dilation = array<i64: 1, 1>} : (tensor<1x8x8x3xf32>, tensor<5x3x3x3xf32>, tensor<5xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x5xf32>
  %r = tosa.clamp %y {min_val = 0.0 : f32, max_val = 6.0 : f32} : (tensor<1x4x4x5xf32>) -> tensor<1x4x4x5xf32>
  return %r : tensor<1x4x4x5xf32>
}
