// RUN: compress-opt %s -split-input-file --convert-compress-to-linalg="vector-bits=256" --canonicalize --cse | FileCheck %s
// RUN: compress-opt %s -split-input-file --convert-compress-to-linalg="vector-bits=512" --canonicalize --cse | FileCheck %s --check-prefix=ZMM

// The register-blocked binary kernel for an AVX2 target (vector-bits=256): the XOR of
// each step is counted as vector<64xi8> (math.ctpop per byte: vpshufb nibble table)
// and added into byte counters, widened to the i64 sums (a SWAR byte sum: masks
// 0x00FF.. = 71777214294589695, shifts 8, 32, 16, mask 0xFFFF) at most every 31 words.
// With vector-bits=512 the counts stay math.ctpop on vector<8xi64> (vpopcntq).

// 3x3, 70 channels = 2 words: 18 words per pixel, widened once per pixel.
// CHECK-LABEL: func.func @pixel(
// CHECK: scf.for {{.*}} -> (tensor<1x5x5x16xf32>)
// CHECK: scf.for {{.*}} -> (tensor<1x1x5x16xf32>)
// CHECK: scf.for {{.*}} -> (vector<64xi8>, vector<64xi8>, i64)
// CHECK: scf.for {{.*}} -> (vector<64xi8>, vector<64xi8>, i64)
// CHECK: scf.for {{.*}} -> (vector<64xi8>, vector<64xi8>)
// CHECK: %[[X:.*]] = arith.xori %{{.*}}, %{{.*}} : vector<8xi64>
// CHECK: %[[B:.*]] = vector.bitcast %[[X]] : vector<8xi64> to vector<64xi8>
// CHECK: %[[P:.*]] = math.ctpop %[[B]] : vector<64xi8>
// CHECK: arith.addi %{{.*}}, %[[P]] : vector<64xi8>
// CHECK: %[[W:.*]] = vector.bitcast %{{.*}} : vector<64xi8> to vector<8xi64>
// CHECK: arith.andi %[[W]], %{{.*}} : vector<8xi64>
// CHECK: arith.shrui %[[W]], %{{.*}} : vector<8xi64>
// CHECK: arith.sitofp
// CHECK: } {compress.parallel_tile = 7875 : i64}
// ZMM-LABEL: func.func @pixel(
// ZMM-NOT: vector<64xi8>
// ZMM: math.ctpop %{{.*}} : vector<8xi64>
// ZMM-NOT: vector<64xi8>
// ZMM-LABEL: func.func @row(
func.func @pixel(%x: tensor<1x5x5x70xf32>, %a: tensor<16xf32>, %b: tensor<16xf32>) -> tensor<1x5x5x16xf32> {
  %w = arith.constant dense<1> : tensor<16x3x3x2xi64>
  %y = compress.binary_conv2d %x, %w, %a, %b {strides = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, groups = 1 : i64} : (tensor<1x5x5x70xf32>, tensor<16x3x3x2xi64>, tensor<16xf32>, tensor<16xf32>) -> tensor<1x5x5x16xf32>
  return %y : tensor<1x5x5x16xf32>
}

// -----

// 3x3, 256 channels = 4 words: 36 words per pixel, 12 per kernel row: the kh loop
// carries the i64 sums, the kw loop byte counters, widened after each kernel row.
// CHECK-LABEL: func.func @row(
// CHECK: scf.for {{.*}} -> (vector<8xi64>, i64)
// CHECK: scf.for {{.*}} -> (vector<64xi8>, i64)
// CHECK: scf.for {{.*}} -> (vector<64xi8>)
// CHECK: math.ctpop %{{.*}} : vector<64xi8>
// CHECK: vector.bitcast %{{.*}} : vector<64xi8> to vector<8xi64>
// CHECK: scf.yield %{{.*}}, %{{.*}} : vector<8xi64>, i64
func.func @row(%x: tensor<1x4x4x256xf32>, %a: tensor<8xf32>, %b: tensor<8xf32>) -> tensor<1x2x2x8xf32> {
  %w = arith.constant dense<3> : tensor<8x3x3x4xi64>
  %y = compress.binary_conv2d %x, %w, %a, %b {strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64} : (tensor<1x4x4x256xf32>, tensor<8x3x3x4xi64>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x2x2x8xf32>
  return %y : tensor<1x2x2x8xf32>
}

// -----

// binary_matmul, K = 2560 = 40 words: chunks of at most 31 words (lb 31·c, ub
// min(31·c + 31, 40)), each widened into the i64 sums. N = 40 = 5 blocks, one per pass:
// each pass writes its columns through a slice of width min(8, 40 − 8·pass), and the
// pass loop is marked for compress-parallelize-tiles (2·40·2560 / 32 MACs).
// CHECK-LABEL: func.func @chunks(
// CHECK: scf.for %[[BLK:[a-z0-9_]+]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[OUT:[a-z0-9_]+]] = %{{.*}}) -> (tensor<2x40xf32>)
// CHECK: %[[SL:.*]] = tensor.extract_slice %[[OUT]][0, %{{.*}}] [2, %{{.*}}] [1, 1] : tensor<2x40xf32> to tensor<2x?xf32>
// CHECK: scf.for {{.*}} -> (tensor<2x?xf32>)
// CHECK: scf.for %[[C:[a-z0-9_]+]] = {{.*}} -> (vector<8xi64>)
// CHECK: %[[LB:.*]] = arith.muli %[[C]], %{{.*}} : index
// CHECK: %[[UB:.*]] = arith.minui %{{.*}}, %{{.*}} : index
// CHECK: scf.for %{{.*}} = %[[LB]] to %[[UB]] {{.*}} -> (vector<64xi8>)
// CHECK: math.ctpop %{{.*}} : vector<64xi8>
// CHECK: vector.transfer_write %{{.*}}, %{{.*}}[%{{.*}}, %{{.*}}] : vector<8xf32>, tensor<2x?xf32>
// CHECK: tensor.insert_slice
// CHECK: } {compress.parallel_tile = 6400 : i64}
func.func @chunks(%x: tensor<2x2560xf32>, %a: tensor<40xf32>, %b: tensor<40xf32>) -> tensor<2x40xf32> {
  %w = arith.constant dense<7> : tensor<40x40xi64>
  %y = compress.binary_matmul %x, %w, %a, %b : (tensor<2x2560xf32>, tensor<40x40xi64>, tensor<40xf32>, tensor<40xf32>) -> tensor<2x40xf32>
  return %y : tensor<2x40xf32>
}
