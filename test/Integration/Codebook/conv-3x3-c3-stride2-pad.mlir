// RUN: compress-opt %s --compress-lower-to-llvm=bare-ptr-abi=false \
// RUN: | mlir-runner -e main -entry-point-result=void \
// RUN:   -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils \
// RUN: | FileCheck %s

// 3x3 conv, 3 -> 5 channels, stride 2, asymmetric padding, 4 bits per tensor.
// The max abs difference (0 for convs, whose oracle sums in the same order; a few
// ulp where the oracle adds the bias last), then the flag max abs difference <= 1.0e-04.
// CHECK: data =
// CHECK-NEXT: [{{[-+.e0-9]+}}]
// CHECK: data =
// CHECK-NEXT: [1]

func.func private @printMemrefF32(tensor<*xf32>)

func.func @make_input() -> tensor<1x8x9x3xf32> {
  %e = tensor.empty() : tensor<1x8x9x3xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} outs(%e : tensor<1x8x9x3xf32>) {
  ^bb0(%o: f32):
    %lin0 = linalg.index 0 : index
    %i1 = linalg.index 1 : index
    %s1 = arith.constant 8 : index
    %m1 = arith.muli %lin0, %s1 : index
    %lin1 = arith.addi %m1, %i1 : index
    %i2 = linalg.index 2 : index
    %s2 = arith.constant 9 : index
    %m2 = arith.muli %lin1, %s2 : index
    %lin2 = arith.addi %m2, %i2 : index
    %i3 = linalg.index 3 : index
    %s3 = arith.constant 3 : index
    %m3 = arith.muli %lin2, %s3 : index
    %lin3 = arith.addi %m3, %i3 : index
    %mul = arith.constant 7919 : index
    %p = arith.muli %lin3, %mul : index
    %c23 = arith.constant 23 : index
    %q = arith.remui %p, %c23 : index
    %qi = arith.index_cast %q : index to i32
    %qf = arith.sitofp %qi : i32 to f32
    %c11 = arith.constant 11.0 : f32
    %one = arith.constant 1.0 : f32
    %d = arith.divf %qf, %c11 : f32
    %v = arith.subf %d, %one : f32
    linalg.yield %v : f32
  } -> tensor<1x8x9x3xf32>
  return %r : tensor<1x8x9x3xf32>
}

func.func @main() {
  %x = call @make_input() : () -> tensor<1x8x9x3xf32>
  %c = arith.constant dense<[-8.710000000e-01, -7.590000000e-01, -7.250000000e-01, -5.710000000e-01, -4.780000000e-01, -2.230000000e-01, -8.000000000e-02, -3.300000000e-02, 1.400000000e-02, 1.650000000e-01, 3.340000000e-01, 5.580000000e-01, 5.640000000e-01, 6.150000000e-01, 6.430000000e-01, 7.350000000e-01]> : tensor<16xf32>
  %i = arith.constant dense<[[-13, -64, 13, -114, 55, 10, 0, -64, -42, 112, -2, -73, 119, 14], [9, 61, -107, -93, 109, -103, -49, -15, -57, 93, -69, -30, 83, 12], [-5, -16, -111, 92, 117, 96, -57, -69, -114, -64, 100, 29, -65, 6], [-3, -37, 11, -22, 112, 85, -126, 33, 2, 14, 120, 56, -75, 9], [82, -123, -123, -23, -6, 63, -112, -84, 109, 56, 104, 13, 7, 12]]> : tensor<5x14xi8>
  %b = arith.constant dense<[-6.300000000e-01, -9.100000000e-01, 8.400000000e-01, -5.900000000e-01, 1.400000000e-01]> : tensor<5xf32>
  %y = compress.codebook_conv2d %x, %c, %i, %b {bits = 4 : i64, kernel_size = array<i64: 3, 3>, strides = array<i64: 2, 2>, pad = array<i64: 1, 0, 1, 1>, dilations = array<i64: 1, 1>, groups = 1 : i64} : (tensor<1x8x9x3xf32>, tensor<16xf32>, tensor<5x14xi8>, tensor<5xf32>) -> tensor<1x4x5x5xf32>
  // The oracle: the same layer with the decompressed dense weight.
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %tb = "tosa.const"() {values = dense<[-6.300000000e-01, -9.100000000e-01, 8.400000000e-01, -5.900000000e-01, 1.400000000e-01]> : tensor<5xf32>} : () -> tensor<5xf32>
  %w = "tosa.const"() {values = dense<[[[[-5.710000000e-01, 7.350000000e-01, -8.710000000e-01], [5.640000000e-01, 6.150000000e-01, -8.710000000e-01], [6.430000000e-01, 1.400000000e-02, -3.300000000e-02]], [[-5.710000000e-01, 3.340000000e-01, -8.710000000e-01], [-8.710000000e-01, -8.710000000e-01, -8.710000000e-01], [5.640000000e-01, -8.000000000e-02, 6.150000000e-01]], [[-8.710000000e-01, -3.300000000e-02, 6.430000000e-01], [7.350000000e-01, -3.300000000e-02, 5.580000000e-01], [-3.300000000e-02, -3.300000000e-02, 6.430000000e-01]]], [[[1.650000000e-01, -8.710000000e-01, 6.150000000e-01], [-5.710000000e-01, -2.230000000e-01, 1.650000000e-01], [-5.710000000e-01, 3.340000000e-01, 6.150000000e-01]], [[-8.000000000e-02, 1.650000000e-01, 1.650000000e-01], [7.350000000e-01, 5.640000000e-01, -7.590000000e-01], [7.350000000e-01, -3.300000000e-02, 5.640000000e-01]], [[6.150000000e-01, -2.230000000e-01, 5.580000000e-01], [5.580000000e-01, -7.250000000e-01, 6.430000000e-01], [-5.710000000e-01, -2.230000000e-01, 5.640000000e-01]]], [[[5.580000000e-01, 7.350000000e-01, -8.710000000e-01], [7.350000000e-01, -7.590000000e-01, 1.650000000e-01], [5.640000000e-01, -2.230000000e-01, -2.230000000e-01]], [[-3.300000000e-02, -8.710000000e-01, -8.000000000e-02], [-3.300000000e-02, 5.640000000e-01, 5.580000000e-01], [5.580000000e-01, 6.430000000e-01, 1.400000000e-02]], [[-8.710000000e-01, 5.640000000e-01, -4.780000000e-01], [-8.000000000e-02, 6.150000000e-01, -7.590000000e-01], [7.350000000e-01, 5.580000000e-01, -8.000000000e-02]]], [[[6.150000000e-01, 7.350000000e-01, 5.580000000e-01], [6.150000000e-01, 5.580000000e-01, -8.710000000e-01], [3.340000000e-01, 6.430000000e-01, -8.710000000e-01]], [[-3.300000000e-02, -2.230000000e-01, -2.230000000e-01], [-7.250000000e-01, 1.400000000e-02, -7.590000000e-01], [-7.250000000e-01, -7.250000000e-01, -8.710000000e-01]], [[6.430000000e-01, -8.710000000e-01, 1.400000000e-02], [-3.300000000e-02, 1.400000000e-02, -5.710000000e-01], [-2.230000000e-01, 5.580000000e-01, 1.650000000e-01]]], [[[-7.250000000e-01, -2.230000000e-01, -2.230000000e-01], [1.400000000e-02, -2.230000000e-01, 1.400000000e-02], [1.650000000e-01, 6.430000000e-01, 3.340000000e-01]], [[7.350000000e-01, 7.350000000e-01, -5.710000000e-01], [-8.710000000e-01, 1.650000000e-01, 5.640000000e-01], [3.340000000e-01, 6.150000000e-01, -8.000000000e-02]], [[1.400000000e-02, -5.710000000e-01, 1.400000000e-02], [-8.000000000e-02, 6.150000000e-01, -8.710000000e-01], [-3.300000000e-02, -8.710000000e-01, 5.640000000e-01]]]]> : tensor<5x3x3x3xf32>} : () -> tensor<5x3x3x3xf32>
  %ref = tosa.conv2d %x, %w, %tb, %zp, %zp {acc_type = f32, pad = array<i64: 1, 0, 1, 1>, stride = array<i64: 2, 2>, dilation = array<i64: 1, 1>} : (tensor<1x8x9x3xf32>, tensor<5x3x3x3xf32>, tensor<5xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x5x5xf32>
  %diff = tosa.sub %y, %ref : (tensor<1x4x5x5xf32>, tensor<1x4x5x5xf32>) -> tensor<1x4x5x5xf32>
  %abs = tosa.abs %diff : (tensor<1x4x5x5xf32>) -> tensor<1x4x5x5xf32>
  %flat = tensor.collapse_shape %abs [[0, 1, 2, 3]] : tensor<1x4x5x5xf32> into tensor<100xf32>
  %max = tosa.reduce_max %flat {axis = 0 : i32} : (tensor<100xf32>) -> tensor<1xf32>
  %c0 = arith.constant 0 : index
  %m = tensor.extract %max[%c0] : tensor<1xf32>
  %mt = tensor.from_elements %m : tensor<1xf32>
  %maxu = tensor.cast %mt : tensor<1xf32> to tensor<*xf32>
  call @printMemrefF32(%maxu) : (tensor<*xf32>) -> ()
  %tol = arith.constant 1.0e-04 : f32
  %ok = arith.cmpf ole, %m, %tol : f32
  %one = arith.constant 1.0 : f32
  %zero = arith.constant 0.0 : f32
  %okf = arith.select %ok, %one, %zero : f32
  %okt = tensor.from_elements %okf : tensor<1xf32>
  %oku = tensor.cast %okt : tensor<1xf32> to tensor<*xf32>
  call @printMemrefF32(%oku) : (tensor<*xf32>) -> ()
  return
}
