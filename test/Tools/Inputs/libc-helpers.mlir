// Public helper functions named like C library functions, one of which (@model2)
// also calls the entry @model: compiled with --entry=model, the library exports
// model, model_packed and model_info only.
func.func @malloc(%a: tensor<4xf32>) -> tensor<4xf32> {
  %0 = tosa.abs %a : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}
func.func @memcpy(%a: tensor<4xf32>) -> tensor<4xf32> {
  %0 = tosa.add %a, %a : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}
func.func @printf(%a: tensor<4xf32>) -> tensor<4xf32> {
  return %a : tensor<4xf32>
}
func.func @model(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = call @malloc(%x) : (tensor<4xf32>) -> tensor<4xf32>
  %1 = call @memcpy(%0) : (tensor<4xf32>) -> tensor<4xf32>
  %2 = call @printf(%1) : (tensor<4xf32>) -> tensor<4xf32>
  return %2 : tensor<4xf32>
}
func.func @model2(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = call @model(%x) : (tensor<4xf32>) -> tensor<4xf32>
  %1 = call @free(%0) : (tensor<4xf32>) -> tensor<4xf32>
  return %1 : tensor<4xf32>
}
func.func @free(%a: tensor<4xf32>) -> tensor<4xf32> {
  %0 = tosa.abs %a : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}
