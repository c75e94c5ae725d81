// A negative tensor.pad, which the op verifier accepts (compress-compile-flag-checks.test).
func.func @model(%x: tensor<1x4x4x2xf32>) -> tensor<1x3x5x2xf32> {
  %zero = arith.constant 0.0 : f32
  %y = tensor.pad %x low[0, -1, 0, 0] high[0, 0, 1, 0] {
  ^bb0(%a: index, %b: index, %c: index, %d: index):
    tensor.yield %zero : f32
  } : tensor<1x4x4x2xf32> to tensor<1x3x5x2xf32>
  return %y : tensor<1x3x5x2xf32>
}
