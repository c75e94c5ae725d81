// Int64 and uint32 inputs with the range check the importer
// sets (2^24), converted to f32 inside; y = float(a) + float(b).
#map = affine_map<(d0) -> (d0)>
func.func @model(%a: tensor<3xi64>, %b: tensor<3xi32>) -> tensor<3xf32>
    attributes {compress.input_names = ["a", "b"], compress.output_names = ["y"],
                compress.input_dtypes = ["int64", "uint32"],
                compress.input_range_checks = [16777216, 16777216]} {
  %e = tensor.empty() : tensor<3xf32>
  %r = linalg.generic {indexing_maps = [#map, #map, #map], iterator_types = ["parallel"]}
      ins(%a, %b : tensor<3xi64>, tensor<3xi32>) outs(%e : tensor<3xf32>) {
  ^bb0(%x: i64, %y: i32, %o: f32):
    %xf = arith.sitofp %x : i64 to f32
    %yf = arith.uitofp %y : i32 to f32
    %s = arith.addf %xf, %yf : f32
    linalg.yield %s : f32
  } -> tensor<3xf32>
  return %r : tensor<3xf32>
}
