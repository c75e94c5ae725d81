// RUN: compress-opt %s -split-input-file --compress-fold-matmul-bias | FileCheck %s
// RUN: compress-opt %s -split-input-file --compress-fold-matmul-bias --mlir-print-debuginfo | FileCheck %s --check-prefix=LOC

// What the importer emits for MatMul [3,6] x [6,5] then Add of a constant [5]
// bias (padded to [1,5]): the add moves in front of the reshape, its constant
// becomes [1,1,5] with the same values, and the whole layer follows the matmul
// in the importer's order (the unrelated negate stays where it was, after it).
// CHECK-LABEL: func.func @rank2(
// CHECK: %[[Y:.*]] = tosa.matmul %arg0, %{{.*}}, %{{.*}}, %{{.*}} {compress.layer = #compress.layer<name = "fc", method = "dense">} : {{.*}} -> tensor<1x3x5xf32>
// CHECK-NEXT: %[[B:.*]] = "tosa.const"() <{values = dense<{{\[}}[{{\[}}1.000000e+00, 2.000000e+00, 3.000000e+00, 4.000000e+00, 5.000000e+00]]]> : tensor<1x1x5xf32>}>
// CHECK-NEXT: %[[YB:.*]] = tosa.add %[[Y]], %[[B]] : (tensor<1x3x5xf32>, tensor<1x1x5xf32>) -> tensor<1x3x5xf32>
// CHECK-NEXT: %[[S:.*]] = tosa.const_shape {{ *}}{values = dense<[3, 5]> : tensor<2xindex>}
// CHECK-NEXT: %[[R:.*]] = tosa.reshape %[[YB]], %[[S]] : (tensor<1x3x5xf32>, !tosa.shape<2>) -> tensor<3x5xf32>
// CHECK-NEXT: %[[N:.*]] = tosa.abs %arg1
// CHECK-NOT: tosa.add
// CHECK-NOT: tensor<1x5xf32>
// CHECK: return %[[R]], %[[N]]
// Locations: the matmul, shape and reshape keep the MatMul node's, the bias
// constant and add the Add node's.
// LOC-LABEL: func.func @rank2(
// LOC: tosa.matmul {{.*}} loc(#[[FC:loc[0-9]*]])
// LOC-NEXT: "tosa.const"() {{.*}} loc(#[[BIAS:loc[0-9]*]])
// LOC-NEXT: tosa.add {{.*}} loc(#[[BIAS]])
// LOC-NEXT: tosa.const_shape {{.*}} loc(#[[FC]])
// LOC-NEXT: tosa.reshape {{.*}} loc(#[[FC]])
// LOC-DAG: #[[FC]] = loc("fc")
// LOC-DAG: #[[BIAS]] = loc("fc_bias")
func.func @rank2(%a: tensor<1x3x6xf32>, %x: tensor<2xf32>) -> (tensor<3x5xf32>, tensor<2xf32>) {
  %w = "tosa.const"() <{values = dense<1.0> : tensor<1x6x5xf32>}> : () -> tensor<1x6x5xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %y = tosa.matmul %a, %w, %zp, %zp {compress.layer = #compress.layer<name = "fc", method = "dense">} : (tensor<1x3x6xf32>, tensor<1x6x5xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x3x5xf32> loc("fc")
  %s = tosa.const_shape {values = dense<[3, 5]> : tensor<2xindex>} : () -> !tosa.shape<2> loc("fc")
  %r = tosa.reshape %y, %s : (tensor<1x3x5xf32>, !tosa.shape<2>) -> tensor<3x5xf32> loc("fc")
  %n = tosa.abs %x : (tensor<2xf32>) -> tensor<2xf32>
  %b = "tosa.const"() <{values = dense<[[1.0, 2.0, 3.0, 4.0, 5.0]]> : tensor<1x5xf32>}> : () -> tensor<1x5xf32> loc("fc_bias")
  %z = tosa.add %r, %b : (tensor<3x5xf32>, tensor<1x5xf32>) -> tensor<3x5xf32> loc("fc_bias")
  return %z, %n : tensor<3x5xf32>, tensor<2xf32>
}

// -----

// MatMul [2,3,6] x [6,4] (A's batch folded into M), the bias [1,1,4] the first
// operand of the add (ONNX Add(b, m)): the matmul comes first in the new add.
// CHECK-LABEL: func.func @rank3_bias_first(
// CHECK: %[[Y:.*]] = tosa.matmul {{.*}} -> tensor<1x6x4xf32>
// CHECK-NEXT: %[[B:.*]] = "tosa.const"() <{values = dense<[{{\[}}[1.000000e+00, 2.000000e+00, 3.000000e+00, 4.000000e+00]]]> : tensor<1x1x4xf32>}>
// CHECK-NEXT: %[[YB:.*]] = tosa.add %[[Y]], %[[B]] : (tensor<1x6x4xf32>, tensor<1x1x4xf32>) -> tensor<1x6x4xf32>
// CHECK-NEXT: %[[S:.*]] = tosa.const_shape {{ *}}{values = dense<[2, 3, 4]> : tensor<3xindex>}
// CHECK-NEXT: %[[R:.*]] = tosa.reshape %[[YB]], %[[S]] : (tensor<1x6x4xf32>, !tosa.shape<3>) -> tensor<2x3x4xf32>
// CHECK-NEXT: return %[[R]]
func.func @rank3_bias_first(%a: tensor<1x6x6xf32>) -> tensor<2x3x4xf32> {
  %w = "tosa.const"() <{values = dense<1.0> : tensor<1x6x4xf32>}> : () -> tensor<1x6x4xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %y = tosa.matmul %a, %w, %zp, %zp : (tensor<1x6x6xf32>, tensor<1x6x4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x6x4xf32>
  %s = tosa.const_shape {values = dense<[2, 3, 4]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %r = tosa.reshape %y, %s : (tensor<1x6x4xf32>, !tosa.shape<3>) -> tensor<2x3x4xf32>
  %b = "tosa.const"() <{values = dense<[[[1.0, 2.0, 3.0, 4.0]]]> : tensor<1x1x4xf32>}> : () -> tensor<1x1x4xf32>
  %z = tosa.add %b, %r : (tensor<1x1x4xf32>, tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  return %z : tensor<2x3x4xf32>
}

// -----

// MatMul [1,3,6] x [6,4]: the ONNX output is the matmul result, no reshape.
// The add (and its constant) move up to the matmul, the add's operands swap.
// CHECK-LABEL: func.func @rank3_no_reshape(
// CHECK: %[[Y:.*]] = tosa.matmul {{.*}} -> tensor<1x3x4xf32>
// CHECK-NEXT: %[[B:.*]] = "tosa.const"() <{values = dense<[{{\[}}[1.000000e+00, 2.000000e+00, 3.000000e+00, 4.000000e+00]]]> : tensor<1x1x4xf32>}>
// CHECK-NEXT: %[[YB:.*]] = tosa.add %[[Y]], %[[B]] : (tensor<1x3x4xf32>, tensor<1x1x4xf32>) -> tensor<1x3x4xf32>
// CHECK-NEXT: tosa.abs
// CHECK-NOT: tosa.add
// CHECK: return %[[YB]]
func.func @rank3_no_reshape(%a: tensor<1x3x6xf32>, %x: tensor<2xf32>) -> (tensor<1x3x4xf32>, tensor<2xf32>) {
  %w = "tosa.const"() <{values = dense<1.0> : tensor<1x6x4xf32>}> : () -> tensor<1x6x4xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %y = tosa.matmul %a, %w, %zp, %zp : (tensor<1x3x6xf32>, tensor<1x6x4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x3x4xf32>
  %n = tosa.abs %x : (tensor<2xf32>) -> tensor<2xf32>
  %b = "tosa.const"() <{values = dense<[[[1.0, 2.0, 3.0, 4.0]]]> : tensor<1x1x4xf32>}> : () -> tensor<1x1x4xf32>
  %z = tosa.add %b, %y : (tensor<1x1x4xf32>, tensor<1x3x4xf32>) -> tensor<1x3x4xf32>
  return %z, %n : tensor<1x3x4xf32>, tensor<2xf32>
}

// -----

// A vector times a matrix ([6] x [6,5] -> [5]): a bias [5] of the output's
// rank 1 becomes [1,1,5].
// CHECK-LABEL: func.func @rank1_bias(
// CHECK: %[[Y:.*]] = tosa.matmul {{.*}} -> tensor<1x1x5xf32>
// CHECK-NEXT: %[[B:.*]] = "tosa.const"() <{values = dense<{{\[}}[{{\[}}1.000000e+00, 2.000000e+00, 3.000000e+00, 4.000000e+00, 5.000000e+00]]]> : tensor<1x1x5xf32>}>
// CHECK-NEXT: %[[YB:.*]] = tosa.add %[[Y]], %[[B]]
// CHECK-NEXT: %[[S:.*]] = tosa.const_shape {{ *}}{values = dense<5> : tensor<1xindex>}
// CHECK-NEXT: %[[R:.*]] = tosa.reshape %[[YB]], %[[S]] : (tensor<1x1x5xf32>, !tosa.shape<1>) -> tensor<5xf32>
// CHECK-NEXT: return %[[R]]
func.func @rank1_bias(%a: tensor<1x1x6xf32>) -> tensor<5xf32> {
  %w = "tosa.const"() <{values = dense<1.0> : tensor<1x6x5xf32>}> : () -> tensor<1x6x5xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %y = tosa.matmul %a, %w, %zp, %zp : (tensor<1x1x6xf32>, tensor<1x6x5xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x5xf32>
  %s = tosa.const_shape {values = dense<5> : tensor<1xindex>} : () -> !tosa.shape<1>
  %r = tosa.reshape %y, %s : (tensor<1x1x5xf32>, !tosa.shape<1>) -> tensor<5xf32>
  %b = "tosa.const"() <{values = dense<[1.0, 2.0, 3.0, 4.0, 5.0]> : tensor<5xf32>}> : () -> tensor<5xf32>
  %z = tosa.add %r, %b : (tensor<5xf32>, tensor<5xf32>) -> tensor<5xf32>
  return %z : tensor<5xf32>
}

// -----

// A dense_resource bias stays a blob, under its key.
// CHECK-LABEL: func.func @resource_bias(
// CHECK: %[[Y:.*]] = tosa.matmul
// CHECK-NEXT: %[[B:.*]] = "tosa.const"() <{values = dense_resource<fc_bias_weight> : tensor<1x1x4xf32>}>
// CHECK-NEXT: tosa.add %[[Y]], %[[B]]
// CHECK-NEXT: tosa.const_shape
// CHECK-NEXT: tosa.reshape
// CHECK: fc_bias_weight: "0x04000000
func.func @resource_bias(%a: tensor<1x3x6xf32>) -> tensor<3x4xf32> {
  %w = "tosa.const"() <{values = dense<1.0> : tensor<1x6x4xf32>}> : () -> tensor<1x6x4xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %y = tosa.matmul %a, %w, %zp, %zp : (tensor<1x3x6xf32>, tensor<1x6x4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x3x4xf32>
  %s = tosa.const_shape {values = dense<[3, 4]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %r = tosa.reshape %y, %s : (tensor<1x3x4xf32>, !tosa.shape<2>) -> tensor<3x4xf32>
  %b = "tosa.const"() <{values = dense_resource<fc_bias_weight> : tensor<1x4xf32>}> : () -> tensor<1x4xf32>
  %z = tosa.add %r, %b : (tensor<3x4xf32>, tensor<1x4xf32>) -> tensor<3x4xf32>
  return %z : tensor<3x4xf32>
}
{-#
  dialect_resources: {
    builtin: {
      fc_bias_weight: "0x040000000000803F000000400000404000008040"
    }
  }
#-}

// -----

// Left alone: a bias that is not a constant (a function argument).
// CHECK-LABEL: func.func @runtime_bias(
// CHECK: %[[Y:.*]] = tosa.matmul
// CHECK-NEXT: tosa.const_shape
// CHECK-NEXT: %[[R:.*]] = tosa.reshape %[[Y]]
// CHECK-NEXT: %[[Z:.*]] = tosa.add %[[R]], %arg1 : (tensor<3x5xf32>, tensor<1x5xf32>) -> tensor<3x5xf32>
// CHECK-NEXT: return %[[Z]]
func.func @runtime_bias(%a: tensor<1x3x6xf32>, %b: tensor<1x5xf32>) -> tensor<3x5xf32> {
  %w = "tosa.const"() <{values = dense<1.0> : tensor<1x6x5xf32>}> : () -> tensor<1x6x5xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %y = tosa.matmul %a, %w, %zp, %zp : (tensor<1x3x6xf32>, tensor<1x6x5xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x3x5xf32>
  %s = tosa.const_shape {values = dense<[3, 5]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %r = tosa.reshape %y, %s : (tensor<1x3x5xf32>, !tosa.shape<2>) -> tensor<3x5xf32>
  %z = tosa.add %r, %b : (tensor<3x5xf32>, tensor<1x5xf32>) -> tensor<3x5xf32>
  return %z : tensor<3x5xf32>
}

// -----

// Left alone: a bias [5,1] on a [5,5] output has N = 5 elements but varies
// along the rows, not the columns.
// CHECK-LABEL: func.func @bias_along_rows(
// CHECK: %[[Y:.*]] = tosa.matmul
// CHECK-NEXT: tosa.const_shape
// CHECK-NEXT: %[[R:.*]] = tosa.reshape %[[Y]]
// CHECK-NEXT: %[[B:.*]] = "tosa.const"() {{.*}} : tensor<5x1xf32>}>
// CHECK-NEXT: %[[Z:.*]] = tosa.add %[[R]], %[[B]] : (tensor<5x5xf32>, tensor<5x1xf32>) -> tensor<5x5xf32>
// CHECK-NEXT: return %[[Z]]
func.func @bias_along_rows(%a: tensor<1x5x6xf32>) -> tensor<5x5xf32> {
  %w = "tosa.const"() <{values = dense<1.0> : tensor<1x6x5xf32>}> : () -> tensor<1x6x5xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %y = tosa.matmul %a, %w, %zp, %zp : (tensor<1x5x6xf32>, tensor<1x6x5xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x5x5xf32>
  %s = tosa.const_shape {values = dense<[5, 5]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %r = tosa.reshape %y, %s : (tensor<1x5x5xf32>, !tosa.shape<2>) -> tensor<5x5xf32>
  %b = "tosa.const"() <{values = dense<[[1.0], [2.0], [3.0], [4.0], [5.0]]> : tensor<5x1xf32>}> : () -> tensor<5x1xf32>
  %z = tosa.add %r, %b : (tensor<5x5xf32>, tensor<5x1xf32>) -> tensor<5x5xf32>
  return %z : tensor<5x5xf32>
}

// -----

// Left alone: a reshape [1,4,2] -> [2,4] does not keep N = 2 as the last dim,
// so a [1,4] bias does not follow the matmul's columns.
// CHECK-LABEL: func.func @reshape_moves_columns(
// CHECK: %[[Y:.*]] = tosa.matmul
// CHECK-NEXT: tosa.const_shape
// CHECK-NEXT: %[[R:.*]] = tosa.reshape %[[Y]]
// CHECK-NEXT: %[[B:.*]] = "tosa.const"() {{.*}} : tensor<1x4xf32>}>
// CHECK-NEXT: %[[Z:.*]] = tosa.add %[[R]], %[[B]] : (tensor<2x4xf32>, tensor<1x4xf32>) -> tensor<2x4xf32>
// CHECK-NEXT: return %[[Z]]
func.func @reshape_moves_columns(%a: tensor<1x4x6xf32>) -> tensor<2x4xf32> {
  %w = "tosa.const"() <{values = dense<1.0> : tensor<1x6x2xf32>}> : () -> tensor<1x6x2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %y = tosa.matmul %a, %w, %zp, %zp : (tensor<1x4x6xf32>, tensor<1x6x2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x2xf32>
  %s = tosa.const_shape {values = dense<[2, 4]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %r = tosa.reshape %y, %s : (tensor<1x4x2xf32>, !tosa.shape<2>) -> tensor<2x4xf32>
  %b = "tosa.const"() <{values = dense<[[1.0, 2.0, 3.0, 4.0]]> : tensor<1x4xf32>}> : () -> tensor<1x4xf32>
  %z = tosa.add %r, %b : (tensor<2x4xf32>, tensor<1x4xf32>) -> tensor<2x4xf32>
  return %z : tensor<2x4xf32>
}

// -----

// Left alone: the MatMul's output has another user, here a graph output (the
// importer refused the same: only a MatMul whose sole user is the Add).
// CHECK-LABEL: func.func @matmul_output_returned(
// CHECK: %[[Y:.*]] = tosa.matmul
// CHECK-NEXT: tosa.const_shape
// CHECK-NEXT: %[[R:.*]] = tosa.reshape %[[Y]]
// CHECK-NEXT: %[[B:.*]] = "tosa.const"() {{.*}} : tensor<1x5xf32>}>
// CHECK-NEXT: %[[Z:.*]] = tosa.add %[[R]], %[[B]] : (tensor<3x5xf32>, tensor<1x5xf32>) -> tensor<3x5xf32>
// CHECK-NEXT: return %[[Z]], %[[R]]
func.func @matmul_output_returned(%a: tensor<1x3x6xf32>) -> (tensor<3x5xf32>, tensor<3x5xf32>) {
  %w = "tosa.const"() <{values = dense<1.0> : tensor<1x6x5xf32>}> : () -> tensor<1x6x5xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %y = tosa.matmul %a, %w, %zp, %zp : (tensor<1x3x6xf32>, tensor<1x6x5xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x3x5xf32>
  %s = tosa.const_shape {values = dense<[3, 5]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %r = tosa.reshape %y, %s : (tensor<1x3x5xf32>, !tosa.shape<2>) -> tensor<3x5xf32>
  %b = "tosa.const"() <{values = dense<[[1.0, 2.0, 3.0, 4.0, 5.0]]> : tensor<1x5xf32>}> : () -> tensor<1x5xf32>
  %z = tosa.add %r, %b : (tensor<3x5xf32>, tensor<1x5xf32>) -> tensor<3x5xf32>
  return %z, %r : tensor<3x5xf32>, tensor<3x5xf32>
}

// -----

// Left alone: the MatMul's output is read by another op too (two Adds, so
// neither takes the matmul in); without a reshape, the same.
// CHECK-LABEL: func.func @matmul_two_users(
// CHECK: %[[Y:.*]] = tosa.matmul
// CHECK-NEXT: %[[B:.*]] = "tosa.const"() {{.*}} : tensor<1x1x4xf32>}>
// CHECK-NEXT: %[[Z1:.*]] = tosa.add %[[B]], %[[Y]]
// CHECK-NEXT: %[[Z2:.*]] = tosa.add %[[B]], %[[Y]]
// CHECK-NEXT: return %[[Z1]], %[[Z2]]
func.func @matmul_two_users(%a: tensor<1x3x6xf32>) -> (tensor<1x3x4xf32>, tensor<1x3x4xf32>) {
  %w = "tosa.const"() <{values = dense<1.0> : tensor<1x6x4xf32>}> : () -> tensor<1x6x4xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %y = tosa.matmul %a, %w, %zp, %zp : (tensor<1x3x6xf32>, tensor<1x6x4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x3x4xf32>
  %b = "tosa.const"() <{values = dense<[[[1.0, 2.0, 3.0, 4.0]]]> : tensor<1x1x4xf32>}> : () -> tensor<1x1x4xf32>
  %z1 = tosa.add %b, %y : (tensor<1x1x4xf32>, tensor<1x3x4xf32>) -> tensor<1x3x4xf32>
  %z2 = tosa.add %b, %y : (tensor<1x1x4xf32>, tensor<1x3x4xf32>) -> tensor<1x3x4xf32>
  return %z1, %z2 : tensor<1x3x4xf32>, tensor<1x3x4xf32>
}

// -----

// Left alone: already the canonical shape (the pass is idempotent).
// CHECK-LABEL: func.func @canonical(
// CHECK: %[[Y:.*]] = tosa.matmul
// CHECK-NEXT: %[[B:.*]] = "tosa.const"() {{.*}} : tensor<1x1x5xf32>}>
// CHECK-NEXT: %[[YB:.*]] = tosa.add %[[Y]], %[[B]]
// CHECK-NEXT: tosa.const_shape
// CHECK-NEXT: %[[R:.*]] = tosa.reshape %[[YB]]
// CHECK-NEXT: return %[[R]]
func.func @canonical(%a: tensor<1x3x6xf32>) -> tensor<3x5xf32> {
  %w = "tosa.const"() <{values = dense<1.0> : tensor<1x6x5xf32>}> : () -> tensor<1x6x5xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %y = tosa.matmul %a, %w, %zp, %zp : (tensor<1x3x6xf32>, tensor<1x6x5xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x3x5xf32>
  %b = "tosa.const"() <{values = dense<[[[1.0, 2.0, 3.0, 4.0, 5.0]]]> : tensor<1x1x5xf32>}> : () -> tensor<1x1x5xf32>
  %yb = tosa.add %y, %b : (tensor<1x3x5xf32>, tensor<1x1x5xf32>) -> tensor<1x3x5xf32>
  %s = tosa.const_shape {values = dense<[3, 5]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %r = tosa.reshape %yb, %s : (tensor<1x3x5xf32>, !tosa.shape<2>) -> tensor<3x5xf32>
  return %r : tensor<3x5xf32>
}
