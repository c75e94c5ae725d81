// The other dtypes in and out: int8, int16, float64, bool,
// uint64 (past 2^63), uint16 inputs; int8, int16, uint16, int32, uint32 (past
// 2^31), uint64, bool and float32 outputs. dtypes_check.py more-check computes
// the same in numpy.
#map = affine_map<(d0) -> (d0)>
func.func @model(%a: tensor<5xi8>, %b: tensor<5xi16>, %c: tensor<5xf64>, %t: tensor<5xi8>,
                 %u: tensor<5xi64>, %w: tensor<5xi16>)
    -> (tensor<5xi8>, tensor<5xi16>, tensor<5xi16>, tensor<5xi32>, tensor<5xi32>, tensor<5xi64>,
        tensor<5xi8>, tensor<5xf32>)
    attributes {compress.input_names = ["a", "b", "c", "t", "u", "w"],
                compress.output_names = ["na", "b2", "w1", "ci", "ws", "ut", "nt", "f"],
                compress.input_dtypes = ["int8", "int16", "float64", "bool", "uint64", "uint16"],
                compress.output_dtypes = ["int8", "int16", "uint16", "int32", "uint32", "uint64",
                                          "bool", "float32"]} {
  %e8 = tensor.empty() : tensor<5xi8>
  %e16 = tensor.empty() : tensor<5xi16>
  %e32 = tensor.empty() : tensor<5xi32>
  %e64 = tensor.empty() : tensor<5xi64>
  %ef = tensor.empty() : tensor<5xf32>
  %r:8 = linalg.generic {indexing_maps = [#map, #map, #map, #map, #map, #map, #map, #map, #map, #map, #map, #map, #map, #map],
                         iterator_types = ["parallel"]}
      ins(%a, %b, %c, %t, %u, %w : tensor<5xi8>, tensor<5xi16>, tensor<5xf64>, tensor<5xi8>, tensor<5xi64>, tensor<5xi16>)
      outs(%e8, %e16, %e16, %e32, %e32, %e64, %e8, %ef : tensor<5xi8>, tensor<5xi16>, tensor<5xi16>, tensor<5xi32>, tensor<5xi32>, tensor<5xi64>, tensor<5xi8>, tensor<5xf32>) {
  ^bb0(%xa: i8, %xb: i16, %xc: f64, %xt: i8, %xu: i64, %xw: i16,
       %o0: i8, %o1: i16, %o2: i16, %o3: i32, %o4: i32, %o5: i64, %o6: i8, %o7: f32):
    %z8 = arith.constant 0 : i8
    %na = arith.subi %z8, %xa : i8
    %two = arith.constant 2 : i16
    %b2 = arith.muli %xb, %two : i16
    %one16 = arith.constant 1 : i16
    %w1 = arith.addi %xw, %one16 : i16
    %ci = arith.fptosi %xc : f64 to i32
    %wz = arith.extui %xw : i16 to i32
    %sixteen = arith.constant 16 : i32
    %ws = arith.shli %wz, %sixteen : i32
    %tz = arith.extui %xt : i8 to i64
    %ut = arith.addi %xu, %tz : i64
    %one8 = arith.constant 1 : i8
    %nt = arith.xori %xt, %one8 : i8
    %cf = arith.truncf %xc : f64 to f32
    %af = arith.sitofp %xa : i8 to f32
    %f = arith.addf %cf, %af : f32
    linalg.yield %na, %b2, %w1, %ci, %ws, %ut, %nt, %f : i8, i16, i16, i32, i32, i64, i8, f32
  } -> (tensor<5xi8>, tensor<5xi16>, tensor<5xi16>, tensor<5xi32>, tensor<5xi32>, tensor<5xi64>, tensor<5xi8>, tensor<5xf32>)
  return %r#0, %r#1, %r#2, %r#3, %r#4, %r#5, %r#6, %r#7 : tensor<5xi8>, tensor<5xi16>, tensor<5xi16>, tensor<5xi32>, tensor<5xi32>, tensor<5xi64>, tensor<5xi8>, tensor<5xf32>
}
