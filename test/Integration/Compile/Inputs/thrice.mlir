// y = 3x (two-models.test).
func.func @model(%x: tensor<4xf32>) -> tensor<4xf32> {
  %d = tosa.add %x, %x : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %y = tosa.add %d, %x : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}
