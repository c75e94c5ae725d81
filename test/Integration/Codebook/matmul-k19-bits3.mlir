// RUN: compress-opt %s --compress-lower-to-llvm=bare-ptr-abi=false \
// RUN: | mlir-runner -e main -entry-point-result=void \
// RUN:   -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils \
// RUN: | FileCheck %s

// Matmul M=3, K=19 (57 bits a row: not a multiple of 8), N=5, 3 bits per tensor.
// The max abs difference (0 for convs, whose oracle sums in the same order; a few
// ulp where the oracle adds the bias last), then the flag max abs difference <= 1.0e-04.
// CHECK: data =
// CHECK-NEXT: [{{[-+.e0-9]+}}]
// CHECK: data =
// CHECK-NEXT: [1]

func.func private @printMemrefF32(tensor<*xf32>)

func.func @make_input() -> tensor<3x19xf32> {
  %e = tensor.empty() : tensor<3x19xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} outs(%e : tensor<3x19xf32>) {
  ^bb0(%o: f32):
    %lin0 = linalg.index 0 : index
    %i1 = linalg.index 1 : index
    %s1 = arith.constant 19 : index
    %m1 = arith.muli %lin0, %s1 : index
    %lin1 = arith.addi %m1, %i1 : index
    %mul = arith.constant 7919 : index
    %p = arith.muli %lin1, %mul : index
    %c23 = arith.constant 23 : index
    %q = arith.remui %p, %c23 : index
    %qi = arith.index_cast %q : index to i32
    %qf = arith.sitofp %qi : i32 to f32
    %c11 = arith.constant 11.0 : f32
    %one = arith.constant 1.0 : f32
    %d = arith.divf %qf, %c11 : f32
    %v = arith.subf %d, %one : f32
    linalg.yield %v : f32
  } -> tensor<3x19xf32>
  return %r : tensor<3x19xf32>
}

func.func @main() {
  %x = call @make_input() : () -> tensor<3x19xf32>
  %c = arith.constant dense<[-9.020000000e-01, -8.520000000e-01, -6.920000000e-01, -3.370000000e-01, -1.920000000e-01, 3.330000000e-01, 6.810000000e-01, 9.410000000e-01]> : tensor<8xf32>
  %i = arith.constant dense<[[41, -122, -40, 89, -116, 12, -58, 0], [16, -83, 80, 89, 19, -20, -18, 1], [47, -89, -123, -17, -103, 88, -43, 1], [70, -38, -2, 9, 31, -16, 116, 1], [120, -107, 99, -44, -20, 71, 55, 1]]> : tensor<5x8xi8>
  %b = arith.constant dense<[-6.500000000e-01, 1.000000000e-01, 4.000000000e-01, -2.900000000e-01, 8.000000000e-01]> : tensor<5xf32>
  %y = compress.codebook_matmul %x, %c, %i, %b {bits = 3 : i64} : (tensor<3x19xf32>, tensor<8xf32>, tensor<5x8xi8>, tensor<5xf32>) -> tensor<3x5xf32>
  // The oracle: tosa.matmul by the dense B = Wᵀ, plus the bias.
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %w = "tosa.const"() {values = dense<[[[-8.520000000e-01, -9.020000000e-01, 9.410000000e-01, 6.810000000e-01, -9.020000000e-01], [3.330000000e-01, -6.920000000e-01, 3.330000000e-01, -9.020000000e-01, 9.410000000e-01], [-9.020000000e-01, -1.920000000e-01, -1.920000000e-01, -8.520000000e-01, 3.330000000e-01], [-3.370000000e-01, 6.810000000e-01, -3.370000000e-01, 3.330000000e-01, -6.920000000e-01], [-9.020000000e-01, -6.920000000e-01, -6.920000000e-01, 3.330000000e-01, -8.520000000e-01], [-8.520000000e-01, -8.520000000e-01, -3.370000000e-01, 3.330000000e-01, 9.410000000e-01], [6.810000000e-01, -1.920000000e-01, -8.520000000e-01, 9.410000000e-01, -9.020000000e-01], [6.810000000e-01, -6.920000000e-01, -1.920000000e-01, 9.410000000e-01, -3.370000000e-01], [-8.520000000e-01, -8.520000000e-01, 9.410000000e-01, -8.520000000e-01, -1.920000000e-01], [-3.370000000e-01, -3.370000000e-01, 3.330000000e-01, -8.520000000e-01, -6.920000000e-01], [-8.520000000e-01, 3.330000000e-01, 9.410000000e-01, -1.920000000e-01, -3.370000000e-01], [6.810000000e-01, -8.520000000e-01, -1.920000000e-01, 9.410000000e-01, 6.810000000e-01], [-9.020000000e-01, -8.520000000e-01, -8.520000000e-01, -8.520000000e-01, 6.810000000e-01], [-8.520000000e-01, -9.020000000e-01, -8.520000000e-01, -9.020000000e-01, 9.410000000e-01], [-3.370000000e-01, -3.370000000e-01, 6.810000000e-01, -1.920000000e-01, -8.520000000e-01], [-9.020000000e-01, 9.410000000e-01, -6.920000000e-01, 9.410000000e-01, -6.920000000e-01], [6.810000000e-01, 6.810000000e-01, 3.330000000e-01, -1.920000000e-01, 9.410000000e-01], [-9.020000000e-01, 3.330000000e-01, -6.920000000e-01, 6.810000000e-01, 6.810000000e-01], [-3.370000000e-01, 9.410000000e-01, 9.410000000e-01, 3.330000000e-01, -1.920000000e-01]]]> : tensor<1x19x5xf32>} : () -> tensor<1x19x5xf32>
  %tb = "tosa.const"() {values = dense<[[[-6.500000000e-01, 1.000000000e-01, 4.000000000e-01, -2.900000000e-01, 8.000000000e-01]]]> : tensor<1x1x5xf32>} : () -> tensor<1x1x5xf32>
  %x3 = tensor.expand_shape %x [[0, 1], [2]] output_shape [1, 3, 19] : tensor<3x19xf32> into tensor<1x3x19xf32>
  %mm = tosa.matmul %x3, %w, %zp, %zp : (tensor<1x3x19xf32>, tensor<1x19x5xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x3x5xf32>
  %r3 = tosa.add %mm, %tb : (tensor<1x3x5xf32>, tensor<1x1x5xf32>) -> tensor<1x3x5xf32>
  %ref = tensor.collapse_shape %r3 [[0, 1], [2]] : tensor<1x3x5xf32> into tensor<3x5xf32>
  %diff = tosa.sub %y, %ref : (tensor<3x5xf32>, tensor<3x5xf32>) -> tensor<3x5xf32>
  %abs = tosa.abs %diff : (tensor<3x5xf32>) -> tensor<3x5xf32>
  %flat = tensor.collapse_shape %abs [[0, 1]] : tensor<3x5xf32> into tensor<15xf32>
  %max = tosa.reduce_max %flat {axis = 0 : i32} : (tensor<15xf32>) -> tensor<1xf32>
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
