// RUN: compress-opt %s --split-input-file --compress-decompose-pad | FileCheck %s

// A zero pad of H and W: four non-overlapping border fills, the source in the interior.
// CHECK-LABEL: func @hw
// CHECK-SAME: (%[[X:.*]]: tensor<1x8x8x16xf32>)
// CHECK: %[[E:.*]] = tensor.empty() : tensor<1x10x11x16xf32>
// CHECK: %[[T:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<1x1x11x16xf32>)
// CHECK: %[[A:.*]] = tensor.insert_slice %[[T]] into %[[E]][0, 0, 0, 0] [1, 1, 11, 16] [1, 1, 1, 1]
// CHECK: %[[B0:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<1x1x11x16xf32>)
// CHECK: %[[B:.*]] = tensor.insert_slice %[[B0]] into %[[A]][0, 9, 0, 0] [1, 1, 11, 16] [1, 1, 1, 1]
// CHECK: %[[L0:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<1x8x1x16xf32>)
// CHECK: %[[L:.*]] = tensor.insert_slice %[[L0]] into %[[B]][0, 1, 0, 0] [1, 8, 1, 16] [1, 1, 1, 1]
// CHECK: %[[R0:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<1x8x2x16xf32>)
// CHECK: %[[R:.*]] = tensor.insert_slice %[[R0]] into %[[L]][0, 1, 9, 0] [1, 8, 2, 16] [1, 1, 1, 1]
// CHECK: %[[P:.*]] = tensor.insert_slice %[[X]] into %[[R]][0, 1, 1, 0] [1, 8, 8, 16] [1, 1, 1, 1]
// CHECK-NOT: tensor.pad
// CHECK: return %[[P]]
func.func @hw(%x: tensor<1x8x8x16xf32>) -> tensor<1x10x11x16xf32> {
  %zero = arith.constant 0.0 : f32
  %p = tensor.pad %x low[0, 1, 1, 0] high[0, 1, 2, 0] {
  ^bb0(%a: index, %b: index, %c: index, %d: index):
    tensor.yield %zero : f32
  } : tensor<1x8x8x16xf32> to tensor<1x10x11x16xf32>
  return %p : tensor<1x10x11x16xf32>
}

// -----

// Only a high pad (stride-2 convs with odd padding): one slab per padded side;
// a non-zero constant (max-pool's -inf) is the fill value.
// CHECK-LABEL: func @high_only
// CHECK: %[[NEG:.*]] = arith.constant 0xFF800000 : f32
// CHECK: linalg.fill ins(%[[NEG]] : f32) outs(%{{.*}} : tensor<1x1x9x4xf32>)
// CHECK: linalg.fill ins(%[[NEG]] : f32) outs(%{{.*}} : tensor<1x8x1x4xf32>)
// CHECK-NOT: linalg.fill
// CHECK: tensor.insert_slice %{{.*}} into %{{.*}}[0, 0, 0, 0] [1, 8, 8, 4] [1, 1, 1, 1]
func.func @high_only(%x: tensor<1x8x8x4xf32>) -> tensor<1x9x9x4xf32> {
  %ninf = arith.constant 0xFF800000 : f32
  %p = tensor.pad %x low[0, 0, 0, 0] high[0, 1, 1, 0] {
  ^bb0(%a: index, %b: index, %c: index, %d: index):
    tensor.yield %ninf : f32
  } : tensor<1x8x8x4xf32> to tensor<1x9x9x4xf32>
  return %p : tensor<1x9x9x4xf32>
}

// -----

// Left alone: dynamic shapes, a padding value computed from the indices, and
// negative padding (compress-compile refuses it before; a slab would have a
// negative offset).
// CHECK-LABEL: func @dynamic
// CHECK: tensor.pad
// CHECK-LABEL: func @computed
// CHECK: tensor.pad
// CHECK-LABEL: func @negative
// CHECK: tensor.pad
func.func @dynamic(%x: tensor<1x?x8x4xf32>) -> tensor<1x?x10x4xf32> {
  %zero = arith.constant 0.0 : f32
  %p = tensor.pad %x low[0, 1, 1, 0] high[0, 1, 1, 0] {
  ^bb0(%a: index, %b: index, %c: index, %d: index):
    tensor.yield %zero : f32
  } : tensor<1x?x8x4xf32> to tensor<1x?x10x4xf32>
  return %p : tensor<1x?x10x4xf32>
}
func.func @computed(%x: tensor<1x8x8x4xf32>) -> tensor<1x10x10x4xf32> {
  %p = tensor.pad %x low[0, 1, 1, 0] high[0, 1, 1, 0] {
  ^bb0(%a: index, %b: index, %c: index, %d: index):
    %i = arith.index_cast %b : index to i32
    %f = arith.sitofp %i : i32 to f32
    tensor.yield %f : f32
  } : tensor<1x8x8x4xf32> to tensor<1x10x10x4xf32>
  return %p : tensor<1x10x10x4xf32>
}
func.func @negative(%x: tensor<1x4x4x2xf32>) -> tensor<1x3x5x2xf32> {
  %zero = arith.constant 0.0 : f32
  %p = tensor.pad %x low[0, -1, 0, 0] high[0, 0, 1, 0] {
  ^bb0(%a: index, %b: index, %c: index, %d: index):
    tensor.yield %zero : f32
  } : tensor<1x4x4x2xf32> to tensor<1x3x5x2xf32>
  return %p : tensor<1x3x5x2xf32>
}
