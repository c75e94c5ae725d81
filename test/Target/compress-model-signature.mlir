// RUN: compress-opt %s -split-input-file -verify-diagnostics --compress-model-signature=entry=model | FileCheck %s

// Names come from the importer's attributes; shapes from the types.
// CHECK-LABEL: module attributes {compress.model_signature = "{\22entry\22:\22model\22,\22inputs\22:[{\22dtype\22:\22float32\22,\22name\22:\22x\22,\22shape\22:[1,3,7,13]}],\22outputs\22:[{\22dtype\22:\22float32\22,\22name\22:\22y\22,\22shape\22:[1,2]},{\22dtype\22:\22float32\22,\22name\22:\22z\22,\22shape\22:[5]}]}"}
// CHECK: func.func @model
func.func @model(%x: tensor<1x3x7x13xf32>) -> (tensor<1x2xf32>, tensor<5xf32>)
    attributes {compress.input_names = ["x"], compress.output_names = ["y", "z"]} {
  %c = "tosa.const"() <{values = dense<1.0> : tensor<1x2xf32>}> : () -> tensor<1x2xf32>
  %d = "tosa.const"() <{values = dense<2.0> : tensor<5xf32>}> : () -> tensor<5xf32>
  return %c, %d : tensor<1x2xf32>, tensor<5xf32>
}

// -----

// Without names: input_<i>, output_<i>. Other functions are not the entry.
// CHECK-LABEL: module attributes {compress.model_signature = "{\22entry\22:\22model\22,\22inputs\22:[{\22dtype\22:\22float32\22,\22name\22:\22input_0\22,\22shape\22:[4]}],\22outputs\22:[{\22dtype\22:\22float32\22,\22name\22:\22output_0\22,\22shape\22:[4]}]}"}
func.func private @helper(%x: tensor<4xf32>) -> tensor<4xf32> {
  return %x : tensor<4xf32>
}
func.func @model(%x: tensor<4xf32>) -> tensor<4xf32> {
  %y = call @helper(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

// Only the entry stays public; a helper named like a C library function (which
// the lowering's malloc calls and the code generator's memcpy calls would reach)
// or a reserved name is renamed, and its calls follow. Declarations are kept.
// CHECK-LABEL: module attributes {compress.model_signature
// CHECK: func.func private @compress_malloc(
// CHECK: func.func private @compress___helper(
// CHECK: func.func private @other(
// CHECK: func.func private @expf(f32) -> f32
// CHECK: func.func @model(
// CHECK: call @compress_malloc(
// CHECK: call @compress___helper(
func.func @malloc(%x: tensor<4xf32>) -> tensor<4xf32> {
  return %x : tensor<4xf32>
}
func.func @__helper(%x: tensor<4xf32>) -> tensor<4xf32> {
  return %x : tensor<4xf32>
}
func.func @other(%x: tensor<4xf32>) -> tensor<4xf32> {
  return %x : tensor<4xf32>
}
func.func private @expf(f32) -> f32
func.func @model(%x: tensor<4xf32>) -> tensor<4xf32> {
  %y = call @malloc(%x) : (tensor<4xf32>) -> tensor<4xf32>
  %z = call @__helper(%y) : (tensor<4xf32>) -> tensor<4xf32>
  return %z : tensor<4xf32>
}

// -----

// expected-error @below {{no function named 'model' to compile as the entry point (--entry)}}
module {
  func.func @forward(%x: tensor<4xf32>) -> tensor<4xf32> {
    return %x : tensor<4xf32>
  }
}

// -----

// expected-error @below {{argument #0 must be a statically shaped tensor of f32, f64, f16, bf16, i8, i16, i32 or i64, got 'tensor<?xf32>'}}
func.func @model(%x: tensor<?xf32>) -> tensor<?xf32> {
  return %x : tensor<?xf32>
}

// -----

// expected-error @below {{the entry function returns nothing}}
func.func @model(%x: tensor<4xf32>) {
  return
}
