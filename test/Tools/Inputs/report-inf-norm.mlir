func.func @model(%a: tensor<1x3x6xf32>) -> (tensor<1x3x5xf32>, tensor<1x3x5xf32>) {
  %w = "tosa.const"() <{values = dense<[[[1.0,2.0,3.0,4.0,5.0],[0.5,0.25,-1.0,2.0,3.0],[1.0,1.0,1.0,1.0,1.0],[-2.0,0.0,1.0,0.0,3.0],[0.1,0.2,0.3,0.4,0.5],[7.0,-7.0,6.0,-6.0,0.0]]]> : tensor<1x6x5xf32>}> : () -> tensor<1x6x5xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %y = tosa.matmul %a, %w, %zp, %zp {compress.layer = #compress.layer<name = "fc", method = "prune", weight_bytes_before = 120, weight_bytes_after = 120, rel_error = 0.5 : f64, weight_norm = 0x7FF0000000000000 : f64>} : (tensor<1x3x6xf32>, tensor<1x6x5xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x3x5xf32>
  %y2 = tosa.matmul %a, %w, %zp, %zp {compress.layer = #compress.layer<name = "fc", method = "prune", weight_bytes_before = 120, weight_bytes_after = 120, rel_error = 0.1 : f64, weight_norm = 1.0 : f64>} : (tensor<1x3x6xf32>, tensor<1x6x5xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x3x5xf32>
  return %y, %y2 : tensor<1x3x5xf32>, tensor<1x3x5xf32>
}
