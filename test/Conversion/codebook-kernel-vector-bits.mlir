// RUN: compress-opt %s --convert-compress-to-linalg=vector-bits=100 -verify-diagnostics -split-input-file
// RUN: compress-opt %s --convert-compress-to-linalg=vector-bits=512 | FileCheck %s --check-prefix=AVX512
// RUN: compress-opt %s --convert-compress-to-linalg=vector-bits=256 | FileCheck %s --check-prefix=AVX2
// RUN: compress-opt %s --convert-compress-to-linalg=vector-bits=128 | FileCheck %s --check-prefix=GENERIC

// vector-bits selects the codebook_matmul kernel (CodebookMatvec.cpp): 512 -> 16-lane
// vpermps, 256 -> 8-lane vpermps (+ select for 16 centroids), 0 / 128 -> decode +
// tosa.matmul; any other width is an error naming the option.

// expected-error@+1 {{convert-compress-to-linalg: vector-bits must be 0, 128, 256 or 512, got 100}}
module {
  // The indices repacked into i32 words [N/V, K/P, V]: 3 columns padded to V, K = 10
  // codes at 4 bits -> 2 words of 8.
  // AVX512-LABEL: func.func @fc(
  // AVX512: arith.constant dense<{{.*}}> : tensor<1x2x16xi32>
  // AVX512: scf.for
  // AVX512: vector.transfer_read {{.*}} : tensor<1x2x16xi32>, vector<16xi32>
  // AVX512: llvm.call_intrinsic "llvm.x86.avx512.permvar.sf.512"({{.*}}) : (vector<16xf32>, vector<16xi32>) -> vector<16xf32>
  // AVX512: arith.mulf {{.*}} : vector<16xf32>
  // AVX512: arith.addf {{.*}} : vector<16xf32>
  // AVX512: tosa.add
  // AVX2-LABEL: func.func @fc(
  // AVX2: tensor<1x2x8xi32>
  // AVX2: llvm.call_intrinsic "llvm.x86.avx2.permps"
  // AVX2: llvm.call_intrinsic "llvm.x86.avx2.permps"
  // AVX2: arith.select
  // GENERIC-LABEL: func.func @fc(
  // GENERIC-NOT: llvm.call_intrinsic
  // GENERIC: tosa.matmul
  func.func @fc(%x: tensor<1x10xf32>) -> tensor<1x3xf32> {
    %c = arith.constant dense<[0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0, 12.0, 13.0, 14.0, 15.0]> : tensor<16xf32>
    %i = arith.constant dense<[[1, 35, 69, 103, -119], [-1, -1, -1, -1, -1], [0, 0, 0, 0, 0]]> : tensor<3x5xi8>
    %b = arith.constant dense<[0.5, 1.5, 2.5]> : tensor<3xf32>
    %y = compress.codebook_matmul %x, %c, %i, %b {bits = 4 : i64}
         : (tensor<1x10xf32>, tensor<16xf32>, tensor<3x5xi8>, tensor<3xf32>) -> tensor<1x3xf32>
    return %y : tensor<1x3xf32>
  }
}
