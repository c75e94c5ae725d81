// Two matmul layers: the first has a NaN and an Inf weight (every compression
// pass skips it), the second is finite (the codebook pass compresses it).
func.func @model(%x: tensor<1x6xf32>) -> tensor<1x4xf32> {
  %w = "tosa.const"() {values = dense<[[[0.5, -1.0, 2.0, 0.25], [1.5, 0x7FC00000, -0.5, 1.0], [0.5, 0.5, 0.5, 0.5],
                                        [-2.0, 1.0, 0.0, 3.0], [1.0, -1.0, 1.0, -1.0], [0.25, 0.75, -0.25, 0x7F800000]]]> : tensor<1x6x4xf32>} : () -> tensor<1x6x4xf32>
  %v = "tosa.const"() {values = dense<[[[0.5, -1.0, 2.0, 0.25], [1.5, 0.0, -0.5, 1.0], [0.5, 0.5, 0.5, 0.5], [-2.0, 1.0, 0.0, 3.0]]]> : tensor<1x4x4xf32>} : () -> tensor<1x4x4xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %s3 = tosa.const_shape {values = dense<[1, 1, 6]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %x3 = tosa.reshape %x, %s3 : (tensor<1x6xf32>, !tosa.shape<3>) -> tensor<1x1x6xf32>
  %y3 = tosa.matmul %x3, %w, %zp, %zp : (tensor<1x1x6xf32>, tensor<1x6x4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x4xf32> loc("nonfinite")
  %z3 = tosa.matmul %y3, %v, %zp, %zp : (tensor<1x1x4xf32>, tensor<1x4x4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x4xf32> loc("finite")
  %s2 = tosa.const_shape {values = dense<[1, 4]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %z = tosa.reshape %z3, %s2 : (tensor<1x1x4xf32>, !tosa.shape<2>) -> tensor<1x4xf32>
  return %z : tensor<1x4xf32>
}
