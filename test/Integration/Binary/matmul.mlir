// RUN: compress-opt %s --compress-lower-to-llvm=bare-ptr-abi=false \
// RUN: | mlir-runner -e main -entry-point-result=void \
// RUN:   -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils \
// RUN: | sed -e 's/base@ = 0x[0-9a-f]*//' > %t.lowered
// RUN: compress-opt %s --compress-decompress --compress-lower-to-llvm=bare-ptr-abi=false \
// RUN: | mlir-runner -e main -entry-point-result=void \
// RUN:   -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils \
// RUN: | sed -e 's/base@ = 0x[0-9a-f]*//' > %t.oracle
// RUN: diff %t.lowered %t.oracle
// RUN: %python %S/Inputs/gen_binary_tests.py --check %s %t.lowered | FileCheck %s

// binary_matmul, K = 1, 63, 64, 65, 130, M = 1 and 3.

// CHECK: 5 cases match the reference

func.func private @printMemrefF32(memref<*xf32>)

// CASE: {"cpg": 1, "f": 4, "in": [3, 1], "kind": "matmul", "name": "k1", "out": [3, 4], "rows": 4, "seed": 60}
func.func @k1(%x: tensor<3x1xf32>) -> tensor<3x4xf32> {
  %w = arith.constant dense<[[1], [1], [1], [0]]> : tensor<4x1xi64>
  %a = arith.constant dense<[0.5, 1.0, 2.0, 0.25]> : tensor<4xf32>
  %b = arith.constant dense<[0.25, -0.75, 0.0, 0.75]> : tensor<4xf32>
  %y = compress.binary_matmul %x, %w, %a, %b
       : (tensor<3x1xf32>, tensor<4x1xi64>, tensor<4xf32>, tensor<4xf32>) -> tensor<3x4xf32>
  return %y : tensor<3x4xf32>
}

// CASE: {"cpg": 63, "f": 5, "in": [1, 63], "kind": "matmul", "name": "k63", "out": [1, 5], "rows": 5, "seed": 61}
func.func @k63(%x: tensor<1x63xf32>) -> tensor<1x5xf32> {
  %w = arith.constant dense<[[8254957140271770122], [4846381956986503699], [2122581600137837459], [8410566750707267019], [2667387624408931794]]> : tensor<5x1xi64>
  %a = arith.constant dense<[1.0, 2.0, 0.25, 0.5, 1.0]> : tensor<5xf32>
  %b = arith.constant dense<[0.5, -0.5, 0.25, -0.75, 0.0]> : tensor<5xf32>
  %y = compress.binary_matmul %x, %w, %a, %b
       : (tensor<1x63xf32>, tensor<5x1xi64>, tensor<5xf32>, tensor<5xf32>) -> tensor<1x5xf32>
  return %y : tensor<1x5xf32>
}

// CASE: {"cpg": 64, "f": 3, "in": [3, 64], "kind": "matmul", "name": "k64", "out": [3, 3], "rows": 3, "seed": 62}
func.func @k64(%x: tensor<3x64xf32>) -> tensor<3x3xf32> {
  %w = arith.constant dense<[[8066506925216601042], [887574246835047690], [6182454497711154435]]> : tensor<3x1xi64>
  %a = arith.constant dense<[2.0, 0.25, 0.5]> : tensor<3xf32>
  %b = arith.constant dense<[0.75, -0.25, 0.5]> : tensor<3xf32>
  %y = compress.binary_matmul %x, %w, %a, %b
       : (tensor<3x64xf32>, tensor<3x1xi64>, tensor<3xf32>, tensor<3xf32>) -> tensor<3x3xf32>
  return %y : tensor<3x3xf32>
}

// CASE: {"cpg": 65, "f": 4, "in": [3, 65], "kind": "matmul", "name": "k65", "out": [3, 4], "rows": 4, "seed": 63}
func.func @k65(%x: tensor<3x65xf32>) -> tensor<3x4xf32> {
  %w = arith.constant dense<[[-6250079929211580982, 1], [-3427298186220570942, 0], [-8530245140423502310, 0], [4220523913457367811, 1]]> : tensor<4x2xi64>
  %a = arith.constant dense<[0.25, 0.5, 1.0, 2.0]> : tensor<4xf32>
  %b = arith.constant dense<[-0.75, 0.0, 0.75, -0.25]> : tensor<4xf32>
  %y = compress.binary_matmul %x, %w, %a, %b
       : (tensor<3x65xf32>, tensor<4x2xi64>, tensor<4xf32>, tensor<4xf32>) -> tensor<3x4xf32>
  return %y : tensor<3x4xf32>
}

// CASE: {"cpg": 130, "f": 6, "in": [2, 130], "kind": "matmul", "name": "k130", "out": [2, 6], "rows": 6, "seed": 64}
func.func @k130(%x: tensor<2x130xf32>) -> tensor<2x6xf32> {
  %w = arith.constant dense<[[-1127304213585236417, -2616822067296920822, 2], [-5972571538424609794, 1021204894471863973, 0], [-7592618652404930074, 6698816773298648288, 1], [-2945140103223525010, -6238984031414056797, 3], [-5882717197583116233, 8512313111689364356, 0], [-7939614153443918289, -5477510025210345529, 0]]> : tensor<6x3xi64>
  %a = arith.constant dense<[0.5, 1.0, 2.0, 0.25, 0.5, 1.0]> : tensor<6xf32>
  %b = arith.constant dense<[-0.5, 0.25, -0.75, 0.0, 0.75, -0.25]> : tensor<6xf32>
  %y = compress.binary_matmul %x, %w, %a, %b
       : (tensor<2x130xf32>, tensor<6x3xi64>, tensor<6xf32>, tensor<6xf32>) -> tensor<2x6xf32>
  return %y : tensor<2x6xf32>
}

func.func @main() {
  %x0 = arith.constant dense<[[-4.0], [3.0], [1.0]]> : tensor<3x1xf32>
  %y0 = call @k1(%x0) : (tensor<3x1xf32>) -> tensor<3x4xf32>
  %m0 = bufferization.to_buffer %y0 : tensor<3x4xf32> to memref<3x4xf32>
  %u0 = memref.cast %m0 : memref<3x4xf32> to memref<*xf32>
  call @printMemrefF32(%u0) : (memref<*xf32>) -> ()
  %x1 = arith.constant dense<[[-1.0, -3.0, 4.0, 2.0, 0.0, -2.0, -4.0, 3.0, 1.0, -1.0, -3.0, 4.0, 2.0, 0.0, -2.0, -4.0, 3.0, 1.0, -1.0, -3.0, 4.0, 2.0, 0.0, -2.0, -4.0, 3.0, 1.0, -1.0, -3.0, 4.0, 2.0, 0.0, -2.0, -4.0, 3.0, 1.0, -1.0, -3.0, 4.0, 2.0, 0.0, -2.0, -4.0, 3.0, 1.0, -1.0, -3.0, 4.0, 2.0, 0.0, -2.0, -4.0, 3.0, 1.0, -1.0, -3.0, 4.0, 2.0, 0.0, -2.0, -4.0, 3.0, 1.0]]> : tensor<1x63xf32>
  %y1 = call @k63(%x1) : (tensor<1x63xf32>) -> tensor<1x5xf32>
  %m1 = bufferization.to_buffer %y1 : tensor<1x5xf32> to memref<1x5xf32>
  %u1 = memref.cast %m1 : memref<1x5xf32> to memref<*xf32>
  call @printMemrefF32(%u1) : (memref<*xf32>) -> ()
  %x2 = arith.constant dense<[[2.0, 0.0, -2.0, -4.0, 3.0, 1.0, -1.0, -3.0, 4.0, 2.0, 0.0, -2.0, -4.0, 3.0, 1.0, -1.0, -3.0, 4.0, 2.0, 0.0, -2.0, -4.0, 3.0, 1.0, -1.0, -3.0, 4.0, 2.0, 0.0, -2.0, -4.0, 3.0, 1.0, -1.0, -3.0, 4.0, 2.0, 0.0, -2.0, -4.0, 3.0, 1.0, -1.0, -3.0, 4.0, 2.0, 0.0, -2.0, -4.0, 3.0, 1.0, -1.0, -3.0, 4.0, 2.0, 0.0, -2.0, -4.0, 3.0, 1.0, -1.0, -3.0, 4.0, 2.0], [0.0, -2.0, -4.0, 3.0, 1.0, -1.0, -3.0, 4.0, 2.0, 0.0, -2.0, -4.0, 3.0, 1.0, -1.0, -3.0, 4.0, 2.0, 0.0, -2.0, -4.0, 3.0, 1.0, -1.0, -3.0, 4.0, 2.0, 0.0, -2.0, -4.0, 3.0, 1.0, -1.0, -3.0, 4.0, 2.0, 0.0, -2.0, -4.0, 3.0, 1.0, -1.0, -3.0, 4.0, 2.0, 0.0, -2.0, -4.0, 3.0, 1.0, -1.0, -3.0, 4.0, 2.0, 0.0, -2.0, -4.0, 3.0, 1.0, -1.0, -3.0, 4.0, 2.0, 0.0], [-2.0, -4.0, 3.0, 1.0, -1.0, -3.0, 4.0, 2.0, 0.0, -2.0, -4.0, 3.0, 1.0, -1.0, -3.0, 4.0, 2.0, 0.0, -2.0, -4.0, 3.0, 1.0, -1.0, -3.0, 4.0, 2.0, 0.0, -2.0, -4.0, 3.0, 1.0, -1.0, -3.0, 4.0, 2.0, 0.0, -2.0, -4.0, 3.0, 1.0, -1.0, -3.0, 4.0, 2.0, 0.0, -2.0, -4.0, 3.0, 1.0, -1.0, -3.0, 4.0, 2.0, 0.0, -2.0, -4.0, 3.0, 1.0, -1.0, -3.0, 4.0, 2.0, 0.0, -2.0]]> : tensor<3x64xf32>
  %y2 = call @k64(%x2) : (tensor<3x64xf32>) -> tensor<3x3xf32>
  %m2 = bufferization.to_buffer %y2 : tensor<3x3xf32> to memref<3x3xf32>
  %u2 = memref.cast %m2 : memref<3x3xf32> to memref<*xf32>
  call @printMemrefF32(%u2) : (memref<*xf32>) -> ()
  %x3 = arith.constant dense<[[-4.0, 3.0, 1.0, -1.0, -3.0, 4.0, 2.0, 0.0, -2.0, -4.0, 3.0, 1.0, -1.0, -3.0, 4.0, 2.0, 0.0, -2.0, -4.0, 3.0, 1.0, -1.0, -3.0, 4.0, 2.0, 0.0, -2.0, -4.0, 3.0, 1.0, -1.0, -3.0, 4.0, 2.0, 0.0, -2.0, -4.0, 3.0, 1.0, -1.0, -3.0, 4.0, 2.0, 0.0, -2.0, -4.0, 3.0, 1.0, -1.0, -3.0, 4.0, 2.0, 0.0, -2.0, -4.0, 3.0, 1.0, -1.0, -3.0, 4.0, 2.0, 0.0, -2.0, -4.0, 3.0], [1.0, -1.0, -3.0, 4.0, 2.0, 0.0, -2.0, -4.0, 3.0, 1.0, -1.0, -3.0, 4.0, 2.0, 0.0, -2.0, -4.0, 3.0, 1.0, -1.0, -3.0, 4.0, 2.0, 0.0, -2.0, -4.0, 3.0, 1.0, -1.0, -3.0, 4.0, 2.0, 0.0, -2.0, -4.0, 3.0, 1.0, -1.0, -3.0, 4.0, 2.0, 0.0, -2.0, -4.0, 3.0, 1.0, -1.0, -3.0, 4.0, 2.0, 0.0, -2.0, -4.0, 3.0, 1.0, -1.0, -3.0, 4.0, 2.0, 0.0, -2.0, -4.0, 3.0, 1.0, -1.0], [-3.0, 4.0, 2.0, 0.0, -2.0, -4.0, 3.0, 1.0, -1.0, -3.0, 4.0, 2.0, 0.0, -2.0, -4.0, 3.0, 1.0, -1.0, -3.0, 4.0, 2.0, 0.0, -2.0, -4.0, 3.0, 1.0, -1.0, -3.0, 4.0, 2.0, 0.0, -2.0, -4.0, 3.0, 1.0, -1.0, -3.0, 4.0, 2.0, 0.0, -2.0, -4.0, 3.0, 1.0, -1.0, -3.0, 4.0, 2.0, 0.0, -2.0, -4.0, 3.0, 1.0, -1.0, -3.0, 4.0, 2.0, 0.0, -2.0, -4.0, 3.0, 1.0, -1.0, -3.0, 4.0]]> : tensor<3x65xf32>
  %y3 = call @k65(%x3) : (tensor<3x65xf32>) -> tensor<3x4xf32>
  %m3 = bufferization.to_buffer %y3 : tensor<3x4xf32> to memref<3x4xf32>
  %u3 = memref.cast %m3 : memref<3x4xf32> to memref<*xf32>
  call @printMemrefF32(%u3) : (memref<*xf32>) -> ()
  %x4 = arith.constant dense<[[-1.0, -3.0, 4.0, 2.0, 0.0, -2.0, -4.0, 3.0, 1.0, -1.0, -3.0, 4.0, 2.0, 0.0, -2.0, -4.0, 3.0, 1.0, -1.0, -3.0, 4.0, 2.0, 0.0, -2.0, -4.0, 3.0, 1.0, -1.0, -3.0, 4.0, 2.0, 0.0, -2.0, -4.0, 3.0, 1.0, -1.0, -3.0, 4.0, 2.0, 0.0, -2.0, -4.0, 3.0, 1.0, -1.0, -3.0, 4.0, 2.0, 0.0, -2.0, -4.0, 3.0, 1.0, -1.0, -3.0, 4.0, 2.0, 0.0, -2.0, -4.0, 3.0, 1.0, -1.0, -3.0, 4.0, 2.0, 0.0, -2.0, -4.0, 3.0, 1.0, -1.0, -3.0, 4.0, 2.0, 0.0, -2.0, -4.0, 3.0, 1.0, -1.0, -3.0, 4.0, 2.0, 0.0, -2.0, -4.0, 3.0, 1.0, -1.0, -3.0, 4.0, 2.0, 0.0, -2.0, -4.0, 3.0, 1.0, -1.0, -3.0, 4.0, 2.0, 0.0, -2.0, -4.0, 3.0, 1.0, -1.0, -3.0, 4.0, 2.0, 0.0, -2.0, -4.0, 3.0, 1.0, -1.0, -3.0, 4.0, 2.0, 0.0, -2.0, -4.0, 3.0, 1.0, -1.0, -3.0, 4.0, 2.0], [0.0, -2.0, -4.0, 3.0, 1.0, -1.0, -3.0, 4.0, 2.0, 0.0, -2.0, -4.0, 3.0, 1.0, -1.0, -3.0, 4.0, 2.0, 0.0, -2.0, -4.0, 3.0, 1.0, -1.0, -3.0, 4.0, 2.0, 0.0, -2.0, -4.0, 3.0, 1.0, -1.0, -3.0, 4.0, 2.0, 0.0, -2.0, -4.0, 3.0, 1.0, -1.0, -3.0, 4.0, 2.0, 0.0, -2.0, -4.0, 3.0, 1.0, -1.0, -3.0, 4.0, 2.0, 0.0, -2.0, -4.0, 3.0, 1.0, -1.0, -3.0, 4.0, 2.0, 0.0, -2.0, -4.0, 3.0, 1.0, -1.0, -3.0, 4.0, 2.0, 0.0, -2.0, -4.0, 3.0, 1.0, -1.0, -3.0, 4.0, 2.0, 0.0, -2.0, -4.0, 3.0, 1.0, -1.0, -3.0, 4.0, 2.0, 0.0, -2.0, -4.0, 3.0, 1.0, -1.0, -3.0, 4.0, 2.0, 0.0, -2.0, -4.0, 3.0, 1.0, -1.0, -3.0, 4.0, 2.0, 0.0, -2.0, -4.0, 3.0, 1.0, -1.0, -3.0, 4.0, 2.0, 0.0, -2.0, -4.0, 3.0, 1.0, -1.0, -3.0, 4.0, 2.0, 0.0, -2.0, -4.0, 3.0]]> : tensor<2x130xf32>
  %y4 = call @k130(%x4) : (tensor<2x130xf32>) -> tensor<2x6xf32>
  %m4 = bufferization.to_buffer %y4 : tensor<2x6xf32> to memref<2x6xf32>
  %u4 = memref.cast %m4 : memref<2x6xf32> to memref<*xf32>
  call @printMemrefF32(%u4) : (memref<*xf32>) -> ()
  return
}
