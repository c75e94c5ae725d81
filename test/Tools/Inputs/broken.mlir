func.func @model(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %y = "foo.bar"(%x) : (tensor<1x4xf32>) -> tensor<1x4xf32>
  return %y : tensor<1x4xf32>
