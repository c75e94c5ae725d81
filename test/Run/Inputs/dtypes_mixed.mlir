// A hand-written tensor-level entry with int32 (range
// checked), uint8 and float16 inputs and int64, bool, float16, bfloat16 and
// float64 outputs; dtypes_check.py computes the same in numpy.
#map = affine_map<(d0) -> (d0)>
func.func @model(%x: tensor<4xi32>, %u: tensor<4xi8>, %h: tensor<4xf16>)
    -> (tensor<4xi64>, tensor<4xi8>, tensor<4xf16>, tensor<4xbf16>, tensor<4xf64>)
    attributes {compress.input_names = ["x", "u", "h"],
                compress.output_names = ["y", "b", "h2", "bf", "d"],
                compress.input_dtypes = ["int32", "uint8", "float16"],
                compress.output_dtypes = ["int64", "bool", "float16", "bfloat16", "float64"],
                compress.input_range_checks = [16777216, 0, 0]} {
  %e64 = tensor.empty() : tensor<4xi64>
  %e8 = tensor.empty() : tensor<4xi8>
  %e16 = tensor.empty() : tensor<4xf16>
  %ebf = tensor.empty() : tensor<4xbf16>
  %ed = tensor.empty() : tensor<4xf64>
  %r:5 = linalg.generic {indexing_maps = [#map, #map, #map, #map, #map, #map, #map, #map],
                         iterator_types = ["parallel"]}
      ins(%x, %u, %h : tensor<4xi32>, tensor<4xi8>, tensor<4xf16>)
      outs(%e64, %e8, %e16, %ebf, %ed : tensor<4xi64>, tensor<4xi8>, tensor<4xf16>, tensor<4xbf16>, tensor<4xf64>) {
  ^bb0(%a: i32, %b: i8, %c: f16, %o1: i64, %o2: i8, %o3: f16, %o4: bf16, %o5: f64):
    %af = arith.sitofp %a : i32 to f32
    %bf = arith.uitofp %b : i8 to f32
    %cf = arith.extf %c : f16 to f32
    %s = arith.addf %af, %bf : f32
    %two = arith.constant 2.0 : f32
    %s2 = arith.mulf %s, %two : f32
    %y = arith.fptosi %s2 : f32 to i64
    %zero = arith.constant 0.0 : f32
    %gt = arith.cmpf ogt, %cf, %zero : f32
    %gb = arith.extui %gt : i1 to i8
    %c3 = arith.mulf %cf, %two : f32
    %h2 = arith.truncf %c3 : f32 to f16
    %q = arith.divf %cf, %s : f32
    %bfv = arith.truncf %q : f32 to bf16
    %dv = arith.extf %q : f32 to f64
    linalg.yield %y, %gb, %h2, %bfv, %dv : i64, i8, f16, bf16, f64
  } -> (tensor<4xi64>, tensor<4xi8>, tensor<4xf16>, tensor<4xbf16>, tensor<4xf64>)
  return %r#0, %r#1, %r#2, %r#3, %r#4 : tensor<4xi64>, tensor<4xi8>, tensor<4xf16>, tensor<4xbf16>, tensor<4xf64>
}
