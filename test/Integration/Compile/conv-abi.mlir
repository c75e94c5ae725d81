// A strided, asymmetrically padded conv + bias + ReLU6 compiled ahead of time to a
// shared library; the entry points are called through ctypes and the result is
// compared with a NumPy oracle (float tolerance: rtol 1e-5, sums reordered).
// RUN: rm -rf %t && mkdir -p %t
// RUN: compress-compile %s -o %t/libconv.so
// RUN: %python %S/Inputs/check_conv_abi.py %t/libconv.so | FileCheck %s
// RUN: FileCheck %s --check-prefix=HEADER < %t/libconv.h
// RUN: clang-22 -fsyntax-only -x c %t/libconv.h

// CHECK: info: {"entry":"model","inputs":[{"dtype":"float32","name":"input_0","shape":[2,3,8,13]}],"outputs":[{"dtype":"float32","name":"output_0","shape":[2,5,4,7]}],"scratch_bytes":{{[1-9][0-9]*}}}
// CHECK: null buffer: 1
// CHECK: packed: 0
// CHECK: direct: 0
// CHECK: match: True
// HEADER: int32_t model(const float *in0 /* 'input_0' 2x3x8x13 */,
// HEADER-NEXT: float *out0 /* 'output_0' 2x5x4x7 */);
// HEADER: #define MODEL_OUTPUT0_SHAPE {2, 5, 4, 7}

// NCHW at the boundary, NHWC inside, as the ONNX importer produces.
func.func @model(%x: tensor<2x3x8x13xf32>) -> tensor<2x5x4x7xf32> {
  %w = "tosa.const"() {values = dense<[[[[0.1, -0.2, 0.3]], [[0.4, 0.5, -0.6]], [[0.7, -0.8, 0.9]]],
                                       [[[-1.0, 1.1, 1.2]], [[1.3, -1.4, 1.5]], [[-1.6, 1.7, 1.8]]],
                                       [[[0.2, 0.2, 0.2]], [[-0.3, -0.3, -0.3]], [[0.5, 0.0, -0.5]]],
                                       [[[1.0, 0.0, 0.0]], [[0.0, 1.0, 0.0]], [[0.0, 0.0, 1.0]]],
                                       [[[-0.5, 0.25, -0.125]], [[0.0625, -0.03125, 2.0]], [[3.0, -4.0, 0.5]]]]> : tensor<5x3x1x3xf32>} : () -> tensor<5x3x1x3xf32>
  %b = "tosa.const"() {values = dense<[0.1, -0.2, 0.3, 0.0, 1.5]> : tensor<5xf32>} : () -> tensor<5xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %xt = tosa.transpose %x {perms = array<i32: 0, 2, 3, 1>} : (tensor<2x3x8x13xf32>) -> tensor<2x8x13x3xf32>
  %y = tosa.conv2d %xt, %w, %b, %zp, %zp {acc_type = f32, pad = array<i64: 1, 0, 0, 0>, stride = array<i64: 2, 2>, dilation = array<i64: 1, 1>} : (tensor<2x8x13x3xf32>, tensor<5x3x1x3xf32>, tensor<5xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<2x4x7x5xf32>
  %r = tosa.clamp %y {min_val = 0.0 : f32, max_val = 6.0 : f32} : (tensor<2x4x7x5xf32>) -> tensor<2x4x7x5xf32>
  %rt = tosa.transpose %r {perms = array<i32: 0, 3, 1, 2>} : (tensor<2x4x7x5xf32>) -> tensor<2x5x4x7xf32>
  return %rt : tensor<2x5x4x7xf32>
}
