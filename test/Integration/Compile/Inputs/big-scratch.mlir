// A 1x4 input tiled to 1x2^28 (a 1 GiB float32 scratch buffer), exp, then reduced:
// the scratch buffer is the only large allocation (the input and output are tiny).
func.func @model(%x: tensor<1x4xf32>) -> tensor<1x1xf32> {
  %m = tosa.const_shape {values = dense<[1, 67108864]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %t = tosa.tile %x, %m : (tensor<1x4xf32>, !tosa.shape<2>) -> tensor<1x268435456xf32>
  %e = tosa.exp %t : (tensor<1x268435456xf32>) -> tensor<1x268435456xf32>
  %r = tosa.reduce_max %e {axis = 1 : i32} : (tensor<1x268435456xf32>) -> tensor<1x1xf32>
  return %r : tensor<1x1xf32>
}
