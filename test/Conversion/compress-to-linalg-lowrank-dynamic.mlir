// RUN: not compress-opt %s --convert-compress-to-linalg -o /dev/null 2>&1 | FileCheck %s

// Dynamic shapes have no lowering: the conversion fails with a diagnostic.
// CHECK: error: failed to legalize operation 'compress.lowrank_matmul'
func.func @matmul_dynamic(%x: tensor<?x3xf32>, %u: tensor<2x3xf32>, %v: tensor<5x2xf32>, %b: tensor<5xf32>) -> tensor<?x5xf32> {
  %y = compress.lowrank_matmul %x, %u, %v, %b : (tensor<?x3xf32>, tensor<2x3xf32>, tensor<5x2xf32>, tensor<5xf32>) -> tensor<?x5xf32>
  return %y : tensor<?x5xf32>
}
