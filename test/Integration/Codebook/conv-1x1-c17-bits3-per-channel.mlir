// RUN: compress-opt %s --compress-lower-to-llvm=bare-ptr-abi=false \
// RUN: | mlir-runner -e main -entry-point-result=void \
// RUN:   -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils \
// RUN: | FileCheck %s

// 1x1 conv, 17 -> 5 channels, 3 bits (indices straddle bytes), per-channel codebooks, batch 2.
// The max abs difference (0 for convs, whose oracle sums in the same order; a few
// ulp where the oracle adds the bias last), then the flag max abs difference <= 1.0e-04.
// CHECK: data =
// CHECK-NEXT: [{{[-+.e0-9]+}}]
// CHECK: data =
// CHECK-NEXT: [1]

func.func private @printMemrefF32(tensor<*xf32>)

func.func @make_input() -> tensor<2x5x3x17xf32> {
  %e = tensor.empty() : tensor<2x5x3x17xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} outs(%e : tensor<2x5x3x17xf32>) {
  ^bb0(%o: f32):
    %lin0 = linalg.index 0 : index
    %i1 = linalg.index 1 : index
    %s1 = arith.constant 5 : index
    %m1 = arith.muli %lin0, %s1 : index
    %lin1 = arith.addi %m1, %i1 : index
    %i2 = linalg.index 2 : index
    %s2 = arith.constant 3 : index
    %m2 = arith.muli %lin1, %s2 : index
    %lin2 = arith.addi %m2, %i2 : index
    %i3 = linalg.index 3 : index
    %s3 = arith.constant 17 : index
    %m3 = arith.muli %lin2, %s3 : index
    %lin3 = arith.addi %m3, %i3 : index
    %mul = arith.constant 104729 : index
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
  } -> tensor<2x5x3x17xf32>
  return %r : tensor<2x5x3x17xf32>
}

func.func @main() {
  %x = call @make_input() : () -> tensor<2x5x3x17xf32>
  %c = arith.constant dense<[[-8.850000000e-01, -8.270000000e-01, -8.130000000e-01, -2.610000000e-01, 7.380000000e-01, 7.670000000e-01, 9.410000000e-01, 9.570000000e-01], [-6.540000000e-01, -4.850000000e-01, -3.690000000e-01, 3.710000000e-01, 5.070000000e-01, 6.560000000e-01, 7.110000000e-01, 7.480000000e-01], [-9.270000000e-01, -6.760000000e-01, -5.660000000e-01, -1.180000000e-01, 1.900000000e-01, 2.400000000e-01, 2.420000000e-01, 3.950000000e-01], [-2.390000000e-01, -1.950000000e-01, 4.200000000e-02, 3.070000000e-01, 4.800000000e-01, 6.450000000e-01, 7.610000000e-01, 9.440000000e-01], [-9.270000000e-01, -4.510000000e-01, -8.900000000e-02, 2.800000000e-02, 1.140000000e-01, 7.830000000e-01, 8.450000000e-01, 9.160000000e-01]]> : tensor<5x8xf32>
  %i = arith.constant dense<[[-24, 107, 75, 27, 84, -87, 2], [119, -37, -53, -33, -7, -2, 5], [-1, 42, -98, 52, -9, -90, 0], [11, -64, 69, -36, 96, -96, 5], [26, -110, 0, 40, 37, -63, 0]]> : tensor<5x7xi8>
  %b = arith.constant dense<[-3.700000000e-01, -6.200000000e-01, -9.100000000e-01, -9.900000000e-01, -1.200000000e-01]> : tensor<5xf32>
  %y = compress.codebook_conv2d %x, %c, %i, %b {bits = 3 : i64, kernel_size = array<i64: 1, 1>, strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64} : (tensor<2x5x3x17xf32>, tensor<5x8xf32>, tensor<5x7xi8>, tensor<5xf32>) -> tensor<2x5x3x5xf32>
  // The oracle: the same layer with the decompressed dense weight.
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %tb = "tosa.const"() {values = dense<[-3.700000000e-01, -6.200000000e-01, -9.100000000e-01, -9.900000000e-01, -1.200000000e-01]> : tensor<5xf32>} : () -> tensor<5xf32>
  %w = "tosa.const"() {values = dense<[[[[-8.850000000e-01, 7.670000000e-01, 9.570000000e-01, 7.670000000e-01, 9.410000000e-01, 9.410000000e-01, -8.130000000e-01, -8.130000000e-01, -2.610000000e-01, -2.610000000e-01, -8.850000000e-01, -8.130000000e-01, 7.670000000e-01, -8.130000000e-01, -8.130000000e-01, 7.670000000e-01, -8.130000000e-01]]], [[[7.480000000e-01, 7.110000000e-01, 6.560000000e-01, 6.560000000e-01, 6.560000000e-01, 7.480000000e-01, -3.690000000e-01, 7.110000000e-01, 7.480000000e-01, 3.710000000e-01, 7.480000000e-01, 5.070000000e-01, 7.480000000e-01, 6.560000000e-01, 7.480000000e-01, 7.480000000e-01, 6.560000000e-01]]], [[[3.950000000e-01, 3.950000000e-01, -1.180000000e-01, 2.400000000e-01, -5.660000000e-01, 1.900000000e-01, 3.950000000e-01, 1.900000000e-01, 1.900000000e-01, 2.420000000e-01, 1.900000000e-01, -1.180000000e-01, 3.950000000e-01, 2.400000000e-01, -6.760000000e-01, 2.400000000e-01, -9.270000000e-01]]], [[[3.070000000e-01, -1.950000000e-01, -2.390000000e-01, -2.390000000e-01, 4.800000000e-01, 3.070000000e-01, -1.950000000e-01, 4.200000000e-02, 4.800000000e-01, 3.070000000e-01, 3.070000000e-01, -2.390000000e-01, 7.610000000e-01, -2.390000000e-01, -2.390000000e-01, 6.450000000e-01, 6.450000000e-01]]], [[[-8.900000000e-02, 2.800000000e-02, -9.270000000e-01, -4.510000000e-01, -4.510000000e-01, -4.510000000e-01, -9.270000000e-01, -9.270000000e-01, -9.270000000e-01, 7.830000000e-01, 1.140000000e-01, -8.900000000e-02, -8.900000000e-02, -8.900000000e-02, -9.270000000e-01, 8.450000000e-01, -9.270000000e-01]]]]> : tensor<5x1x1x17xf32>} : () -> tensor<5x1x1x17xf32>
  %ref = tosa.conv2d %x, %w, %tb, %zp, %zp {acc_type = f32, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<2x5x3x17xf32>, tensor<5x1x1x17xf32>, tensor<5xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<2x5x3x5xf32>
  %diff = tosa.sub %y, %ref : (tensor<2x5x3x5xf32>, tensor<2x5x3x5xf32>) -> tensor<2x5x3x5xf32>
  %abs = tosa.abs %diff : (tensor<2x5x3x5xf32>) -> tensor<2x5x3x5xf32>
  %flat = tensor.collapse_shape %abs [[0, 1, 2, 3]] : tensor<2x5x3x5xf32> into tensor<150xf32>
  %max = tosa.reduce_max %flat {axis = 0 : i32} : (tensor<150xf32>) -> tensor<1xf32>
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
