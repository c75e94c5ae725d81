// RUN: compress-opt %s -split-input-file -verify-diagnostics --compress-model-signature=entry=model | FileCheck %s
// Element types and dtype attributes of the entry function.

// Without attributes the dtype follows the element type; no "range" key.
// CHECK-LABEL: module attributes
// CHECK-SAME: {\22dtype\22:\22int32\22,\22name\22:\22input_0\22,\22shape\22:[2]},{\22dtype\22:\22float64\22,\22name\22:\22input_1\22,\22shape\22:[2]},{\22dtype\22:\22float16\22,\22name\22:\22input_2\22,\22shape\22:[2]},{\22dtype\22:\22bfloat16\22,\22name\22:\22input_3\22,\22shape\22:[2]},{\22dtype\22:\22int8\22,\22name\22:\22input_4\22,\22shape\22:[2]},{\22dtype\22:\22int16\22,\22name\22:\22input_5\22,\22shape\22:[2]}]
// CHECK-SAME: \22outputs\22:[{\22dtype\22:\22int64\22,\22name\22:\22output_0\22,\22shape\22:[2]}]
func.func @model(%a: tensor<2xi32>, %b: tensor<2xf64>, %c: tensor<2xf16>, %d: tensor<2xbf16>,
                 %e: tensor<2xi8>, %f: tensor<2xi16>) -> tensor<2xi64> {
  %0 = arith.extsi %a : tensor<2xi32> to tensor<2xi64>
  return %0 : tensor<2xi64>
}

// -----

// The attributes name unsigned and bool dtypes; range checks go to "range".
// CHECK-LABEL: module attributes
// CHECK-SAME: {\22dtype\22:\22uint8\22,\22name\22:\22input_0\22,\22shape\22:[2]},{\22dtype\22:\22uint64\22,\22name\22:\22input_1\22,\22range\22:16777216,\22shape\22:[2]}]
// CHECK-SAME: {\22dtype\22:\22bool\22,\22name\22:\22output_0\22,\22shape\22:[2]},{\22dtype\22:\22uint16\22,\22name\22:\22output_1\22,\22shape\22:[2]}
func.func @model(%a: tensor<2xi8>, %b: tensor<2xi64>) -> (tensor<2xi8>, tensor<2xi16>)
    attributes {compress.input_dtypes = ["uint8", "uint64"], compress.output_dtypes = ["bool", "uint16"],
                compress.input_range_checks = [0, 16777216]} {
  %0 = arith.trunci %b : tensor<2xi64> to tensor<2xi16>
  return %a, %0 : tensor<2xi8>, tensor<2xi16>
}

// -----

// expected-error @below {{'compress.input_dtypes' of argument #0: dtype 'uint16' needs element type 'i16', got 'tensor<2xi8>'}}
func.func @model(%a: tensor<2xi8>) -> tensor<2xi8> attributes {compress.input_dtypes = ["uint16"]} {
  return %a : tensor<2xi8>
}

// -----

// expected-error @below {{'compress.output_dtypes' of result #0: dtype 'bool' needs element type 'i8', got 'tensor<2xf32>'}}
func.func @model(%a: tensor<2xf32>) -> tensor<2xf32> attributes {compress.output_dtypes = ["bool"]} {
  return %a : tensor<2xf32>
}

// -----

// expected-error @below {{'compress.input_dtypes' of argument #0: dtype 'float32' needs element type 'f32', got 'tensor<2xf16>'}}
func.func @model(%a: tensor<2xf16>) -> tensor<2xf16> attributes {compress.input_dtypes = ["float32"]} {
  return %a : tensor<2xf16>
}

// -----

// expected-error @below {{'compress.input_dtypes' of argument #0: unknown dtype 'complex64'}}
func.func @model(%a: tensor<2xf32>) -> tensor<2xf32> attributes {compress.input_dtypes = ["complex64"]} {
  return %a : tensor<2xf32>
}

// -----

// expected-error @below {{'compress.output_dtypes' has 2 entries for 1 results}}
func.func @model(%a: tensor<2xf32>) -> tensor<2xf32> attributes {compress.output_dtypes = ["float32", "float32"]} {
  return %a : tensor<2xf32>
}

// -----

// expected-error @below {{'compress.input_range_checks' of argument #0: a range check needs an integer dtype, got 'float32'}}
func.func @model(%a: tensor<2xf32>) -> tensor<2xf32> attributes {compress.input_range_checks = [16777216]} {
  return %a : tensor<2xf32>
}

// -----

// expected-error @below {{'compress.input_range_checks' of argument #0: expected a non-negative integer, got -1 : i64}}
func.func @model(%a: tensor<2xi32>) -> tensor<2xi32> attributes {compress.input_range_checks = [-1]} {
  return %a : tensor<2xi32>
}

// -----

// expected-error @below {{'compress.input_range_checks' has 0 entries for 1 arguments}}
func.func @model(%a: tensor<2xi32>) -> tensor<2xi32> attributes {compress.input_range_checks = []} {
  return %a : tensor<2xi32>
}

// -----

// expected-error @below {{argument #0 must be a statically shaped tensor of f32, f64, f16, bf16, i8, i16, i32 or i64, got 'tensor<2xi1>'}}
func.func @model(%a: tensor<2xi1>) -> tensor<2xi1> {
  return %a : tensor<2xi1>
}

// -----

// expected-error @below {{result #0 must be a statically shaped tensor of f32, f64, f16, bf16, i8, i16, i32 or i64, got 'tensor<2xi4>'}}
func.func @model(%a: tensor<2xf32>) -> tensor<2xi4> {
  %0 = arith.fptosi %a : tensor<2xf32> to tensor<2xi4>
  return %0 : tensor<2xi4>
}

// -----

// expected-error @below {{argument #0 must be a statically shaped tensor of f32, f64, f16, bf16, i8, i16, i32 or i64, got 'tensor<2xui8>'}}
func.func @model(%a: tensor<2xui8>) -> tensor<2xf32> {
  %0 = arith.constant dense<0.0> : tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// expected-error @below {{argument #0 must be a statically shaped tensor of f32, f64, f16, bf16, i8, i16, i32 or i64, got 'tensor<2xcomplex<f32>>'}}
func.func @model(%a: tensor<2xcomplex<f32>>) -> tensor<2xf32> {
  %0 = arith.constant dense<0.0> : tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// expected-error @below {{'compress.input_dtypes' must be an array attribute}}
func.func @model(%a: tensor<2xf32>) -> tensor<2xf32> attributes {compress.input_dtypes = "float32"} {
  return %a : tensor<2xf32>
}
