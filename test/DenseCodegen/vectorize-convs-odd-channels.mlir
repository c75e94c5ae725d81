// RUN: compress-opt %s --compress-vectorize-convs --canonicalize | FileCheck %s

// 58 output channels (ShuffleNetV2's branch width): 8 does not divide them, so the
// conv is split at 48 (linalg::splitOp on the channel dim) and each part tiled on its
// own: 16-lane tiles for channels [0, 48), one 10-lane tile for [48, 58). (Unsplit, the
// largest divisor of 58 up to 16 is 2: 2-lane tiles.) Exactness:
// vectorize-convs-odd-channels-exec.mlir.
// CHECK-LABEL: func.func @conv_f58
// CHECK-SAME:    (%{{.*}}: tensor<1x4x6x8xf32>, %[[W:.*]]: tensor<3x3x8x58xf32>
// CHECK:         tensor.extract_slice %[[W]][0, 0, 0, 0] [3, 3, 8, 48]
// CHECK:         scf.for %{{.*}} = %{{.*}} to %{{.*}} step %[[C16:.*]] iter_args(%{{.*}}) -> (tensor<1x2x4x48xf32>)
// CHECK:           vector.contract {{.*}} : vector<1x4x8xf32>, vector<8x16xf32> into vector<1x4x16xf32>
// CHECK:         %[[LO:.*]] = tensor.insert_slice %{{.*}} into %{{.*}}[0, 0, 0, 0] [1, 2, 4, 48]
// CHECK:         tensor.extract_slice %[[W]][0, 0, 0, 48] [3, 3, 8, 10]
// CHECK:           vector.contract {{.*}} : vector<1x4x8xf32>, vector<8x10xf32> into vector<1x4x10xf32>
// CHECK:         tensor.insert_slice %{{.*}} into %[[LO]][0, 0, 0, 48] [1, 2, 4, 10]
func.func @conv_f58(%x: tensor<1x4x6x8xf32>, %w: tensor<3x3x8x58xf32>, %b: tensor<58xf32>) -> tensor<1x2x4x58xf32> {
  %e = tensor.empty() : tensor<1x2x4x58xf32>
  %init = linalg.generic {indexing_maps = [affine_map<(n, h, w, f) -> (f)>, affine_map<(n, h, w, f) -> (n, h, w, f)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%b : tensor<58xf32>) outs(%e : tensor<1x2x4x58xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<1x2x4x58xf32>
  %y = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x4x6x8xf32>, tensor<3x3x8x58xf32>) outs(%init : tensor<1x2x4x58xf32>) -> tensor<1x2x4x58xf32>
  return %y : tensor<1x2x4x58xf32>
}
