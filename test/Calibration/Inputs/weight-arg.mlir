// Two inputs: calibration supports one.
func.func @model(%x: tensor<1x13xf32>, %z: tensor<1x13xf32>) -> tensor<1x13xf32> {
  %y = tosa.add %x, %z : (tensor<1x13xf32>, tensor<1x13xf32>) -> tensor<1x13xf32>
  return %y : tensor<1x13xf32>
}
