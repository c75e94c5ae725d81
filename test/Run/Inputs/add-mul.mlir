// Two inputs, two outputs, entry @net: sum = x + y, prod = x * y (1x3x4x5).
func.func @net(%x: tensor<1x3x4x5xf32>, %y: tensor<1x3x4x5xf32>) -> (tensor<1x3x4x5xf32>, tensor<1x3x4x5xf32>) {
  %shift = "tosa.const"() {values = dense<0> : tensor<1xi8>} : () -> tensor<1xi8>
  %s = tosa.add %x, %y : (tensor<1x3x4x5xf32>, tensor<1x3x4x5xf32>) -> tensor<1x3x4x5xf32>
  %m = tosa.mul %x, %y, %shift : (tensor<1x3x4x5xf32>, tensor<1x3x4x5xf32>, tensor<1xi8>) -> tensor<1x3x4x5xf32>
  return %s, %m : tensor<1x3x4x5xf32>, tensor<1x3x4x5xf32>
}
