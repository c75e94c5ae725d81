// A negative tosa.pad, which the op verifier accepts (compress-compile-flag-checks.test).
func.func @model(%x: tensor<1x4x4x2xf32>) -> tensor<1x3x7x2xf32> {
  %p = tosa.const_shape {values = dense<[0, 0, -1, 0, 1, 2, 0, 0]> : tensor<8xindex>} : () -> !tosa.shape<8>
  %z = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %y = tosa.pad %x, %p, %z : (tensor<1x4x4x2xf32>, !tosa.shape<8>, tensor<1xf32>) -> tensor<1x3x7x2xf32>
  return %y : tensor<1x3x7x2xf32>
}
