// RUN: compress-opt %s --split-input-file --compress-vectorize-convs | FileCheck %s

// A conv with a bias broadcast as init (what tosa-to-linalg-named gives tosa.conv2d):
// tiles of 4 output pixels × 16 output channels (Wb·Cb/8 = 8 accumulators), the bias
// broadcast fused into the tile as a broadcasting transfer_read, the reduction tiled
// to kh = 1, kw = 1, c = 8 (the scalar loop nest's order), and the 1-D conv of the
// tile vectorized to a vector.contract over the 8 input channels. The filter (3·3·8·16)
// outweighs the input window (4·8·8), so the output-channel loop is outermost.
// CHECK-LABEL: func.func @conv_bias
// CHECK-SAME:    (%[[X:.*]]: tensor<1x6x10x8xf32>, %[[W:.*]]: tensor<3x3x8x16xf32>, %[[BIAS:.*]]: tensor<16xf32>)
// CHECK-DAG:     %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG:     %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG:     %[[C3:.*]] = arith.constant 3 : index
// CHECK-DAG:     %[[C4:.*]] = arith.constant 4 : index
// CHECK-DAG:     %[[C8:.*]] = arith.constant 8 : index
// CHECK-DAG:     %[[C16:.*]] = arith.constant 16 : index
// CHECK-NOT:     linalg.
// CHECK:         scf.for %[[F:.*]] = %[[C0]] to %[[C16]] step %[[C16]]
// CHECK:           scf.for %[[N:.*]] = %[[C0]] to %[[C1]] step %[[C1]]
// CHECK:             scf.for %[[OH:.*]] = %[[C0]] to %[[C4]] step %[[C1]]
// CHECK:               scf.for %[[OW:.*]] = %[[C0]] to %[[C8]] step %[[C4]]
// CHECK:                 %[[XS:.*]] = tensor.extract_slice %[[X]][%[[N]], %[[OH]], %[[OW]], 0] [1, 3, 6, 8] [1, 1, 1, 1]
// CHECK:                 %[[BS:.*]] = tensor.extract_slice %[[BIAS]][%[[F]]] [16] [1]
// CHECK:                 %[[TILE:.*]] = tensor.extract_slice %{{.*}}[%[[N]], %[[OH]], %[[OW]], %[[F]]] [1, 1, 4, 16] [1, 1, 1, 1]
// CHECK:                 %[[B:.*]] = vector.transfer_read %[[BS]][%{{.*}}], %{{.*}} {permutation_map = #{{.*}}} : tensor<16xf32>, vector<1x1x4x16xf32>
// CHECK:                 %[[INIT:.*]] = vector.transfer_write %[[B]], %[[TILE]]
// CHECK:                 scf.for %{{.*}} = %[[C0]] to %[[C3]] step %[[C1]] iter_args(%{{.*}} = %[[INIT]]) -> (tensor<1x1x4x16xf32>)
// CHECK:                   scf.for %{{.*}} = %[[C0]] to %[[C3]] step %[[C1]]
// CHECK:                     scf.for %{{.*}} = %[[C0]] to %[[C8]] step %[[C8]]
// CHECK-NOT:                   linalg.
// CHECK:                       vector.contract {{.*}}iterator_types = ["parallel", "parallel", "parallel", "reduction"], kind = #vector.kind<add>} {{.*}} : vector<1x4x8xf32>, vector<8x16xf32> into vector<1x4x16xf32>
// CHECK:                 tensor.insert_slice %{{.*}} into %{{.*}}[%[[N]], %[[OH]], %[[OW]], %[[F]]] [1, 1, 4, 16] [1, 1, 1, 1]
// CHECK-NOT:     linalg.
// CHECK:         return
func.func @conv_bias(%x: tensor<1x6x10x8xf32>, %w: tensor<3x3x8x16xf32>, %bias: tensor<16xf32>) -> tensor<1x4x8x16xf32> {
  %e = tensor.empty() : tensor<1x4x8x16xf32>
  %init = linalg.generic {indexing_maps = [affine_map<(n, h, w, f) -> (f)>, affine_map<(n, h, w, f) -> (n, h, w, f)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%bias : tensor<16xf32>) outs(%e : tensor<1x4x8x16xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<1x4x8x16xf32>
  %y = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
       ins(%x, %w : tensor<1x6x10x8xf32>, tensor<3x3x8x16xf32>) outs(%init : tensor<1x4x8x16xf32>) -> tensor<1x4x8x16xf32>
  return %y : tensor<1x4x8x16xf32>
}

// -----

// The input window (8·16·8) outweighs the filter (3·3·8·8): output channels stay the
// innermost tile loop. 8 channels take 8 pixels (8 accumulators of 8 lanes).
// CHECK-LABEL: func.func @conv_input_heavy
// CHECK-DAG:     %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG:     %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG:     %[[C8:.*]] = arith.constant 8 : index
// CHECK-DAG:     %[[C16:.*]] = arith.constant 16 : index
// CHECK:         scf.for %{{.*}} = %[[C0]] to %[[C1]] step %[[C1]]
// CHECK:           scf.for %{{.*}} = %[[C0]] to %[[C8]] step %[[C1]]
// CHECK:             scf.for %{{.*}} = %[[C0]] to %[[C16]] step %[[C8]]
// CHECK:               scf.for %{{.*}} = %[[C0]] to %[[C8]] step %[[C8]]
// CHECK:                 vector.contract {{.*}} : vector<1x8x8xf32>, vector<8x8xf32> into vector<1x8x8xf32>
func.func @conv_input_heavy(%x: tensor<1x10x18x8xf32>, %w: tensor<3x3x8x8xf32>) -> tensor<1x8x16x8xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x8x16x8xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<1x8x16x8xf32>) -> tensor<1x8x16x8xf32>
  %y = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
       ins(%x, %w : tensor<1x10x18x8xf32>, tensor<3x3x8x8xf32>) outs(%init : tensor<1x8x16x8xf32>) -> tensor<1x8x16x8xf32>
  return %y : tensor<1x8x16x8xf32>
}

// -----

// OW = 7 (prime) allows only one pixel per tile: the channel block doubles to 32
// instead (one pixel × 32 channels: 4 accumulators rather than 2).
// CHECK-LABEL: func.func @conv_narrow
// CHECK:         vector.contract {{.*}} : vector<1x1x4xf32>, vector<4x32xf32> into vector<1x1x32xf32>
func.func @conv_narrow(%x: tensor<1x9x9x4xf32>, %w: tensor<3x3x4x32xf32>) -> tensor<1x7x7x32xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x7x7x32xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<1x7x7x32xf32>) -> tensor<1x7x7x32xf32>
  %y = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
       ins(%x, %w : tensor<1x9x9x4xf32>, tensor<3x3x4x32xf32>) outs(%init : tensor<1x7x7x32xf32>) -> tensor<1x7x7x32xf32>
  return %y : tensor<1x7x7x32xf32>
}

// -----

// A depthwise conv with multiplier 1 (what tosa-to-linalg gives tosa.depthwise_conv2d):
// the HWCM filter and the output are collapsed to the HWC form, the zero fill is fused
// into each 4 × 16 tile as a zero vector, the reduction is tiled to kh = 1 and each
// tap of the window row is a broadcast filter row times the shifted input (vector.fma).
// CHECK-LABEL: func.func @depthwise
// CHECK-SAME:    (%[[X:.*]]: tensor<1x5x10x16xf32>, %[[W:.*]]: tensor<3x3x16x1xf32>)
// CHECK-DAG:     %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG:     %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG:     %[[C3:.*]] = arith.constant 3 : index
// CHECK-DAG:     %[[C4:.*]] = arith.constant 4 : index
// CHECK-DAG:     %[[C8:.*]] = arith.constant 8 : index
// CHECK-DAG:     %[[C16:.*]] = arith.constant 16 : index
// CHECK-NOT:     linalg.
// CHECK:         %[[WC:.*]] = tensor.collapse_shape %[[W]] {{\[}}[0], [1], [2, 3]] : tensor<3x3x16x1xf32> into tensor<3x3x16xf32>
// CHECK:         %[[OUT:.*]] = tensor.collapse_shape %{{.*}} {{\[}}[0], [1], [2], [3, 4]] : tensor<1x3x8x16x1xf32> into tensor<1x3x8x16xf32>
// CHECK:         %[[R:.*]] = scf.for %{{.*}} = %[[C0]] to %[[C1]] step %[[C1]] iter_args(%{{.*}} = %[[OUT]])
// CHECK:           scf.for %{{.*}} = %[[C0]] to %[[C3]] step %[[C1]]
// CHECK:             scf.for %{{.*}} = %[[C0]] to %[[C8]] step %[[C4]]
// CHECK:               scf.for %{{.*}} = %[[C0]] to %[[C16]] step %[[C16]]
// CHECK:                 %[[TILE:.*]] = tensor.extract_slice {{.*}} [1, 1, 4, 16] [1, 1, 1, 1] : tensor<1x3x8x16xf32> to tensor<1x1x4x16xf32>
// CHECK:                 %[[ZERO:.*]] = vector.transfer_write %{{.*}}, %[[TILE]]{{.*}} : vector<1x1x4x16xf32>, tensor<1x1x4x16xf32>
// CHECK:                 scf.for %{{.*}} = %[[C0]] to %[[C3]] step %[[C1]] iter_args(%{{.*}} = %[[ZERO]])
// CHECK:                   %[[IN:.*]] = vector.transfer_read {{.*}} : tensor<1x6x16xf32>, vector<1x6x16xf32>
// CHECK:                   %[[ROWS:.*]] = vector.transfer_read {{.*}} : tensor<3x16xf32>, vector<3x16xf32>
// CHECK-COUNT-3:           vector.extract_strided_slice %[[IN]]
// CHECK:                   %[[W0:.*]] = vector.extract %[[ROWS]][0] : vector<16xf32> from vector<3x16xf32>
// CHECK:                   %[[B0:.*]] = vector.broadcast %[[W0]] : vector<16xf32> to vector<1x4x16xf32>
// CHECK-NEXT:              %[[S0:.*]] = vector.fma %{{.*}}, %[[B0]], %{{.*}} : vector<1x4x16xf32>
// CHECK-NEXT:              %[[B1:.*]] = vector.broadcast
// CHECK-NEXT:              %[[S1:.*]] = vector.fma %{{.*}}, %[[B1]], %[[S0]] : vector<1x4x16xf32>
// CHECK-NEXT:              %[[B2:.*]] = vector.broadcast
// CHECK-NEXT:              vector.fma %{{.*}}, %[[B2]], %[[S1]] : vector<1x4x16xf32>
// CHECK:         tensor.expand_shape %[[R]] {{\[}}[0], [1], [2], [3, 4]] output_shape [1, 3, 8, 16, 1] : tensor<1x3x8x16xf32> into tensor<1x3x8x16x1xf32>
// CHECK-NOT:     linalg.
// CHECK:         return
func.func @depthwise(%x: tensor<1x5x10x16xf32>, %w: tensor<3x3x16x1xf32>) -> tensor<1x3x8x16x1xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x3x8x16x1xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<1x3x8x16x1xf32>) -> tensor<1x3x8x16x1xf32>
  %y = linalg.depthwise_conv_2d_nhwc_hwcm {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
       ins(%x, %w : tensor<1x5x10x16xf32>, tensor<3x3x16x1xf32>) outs(%init : tensor<1x3x8x16x1xf32>) -> tensor<1x3x8x16x1xf32>
  return %y : tensor<1x3x8x16x1xf32>
}

// -----

// Left alone: a depthwise conv with multiplier 2 (no 1-D decomposition of the HWCM
// form), a conv with a dynamic batch, a pooling op, and a conv on memrefs.
// CHECK-LABEL: func.func @left_alone
// CHECK-NOT:     scf.for
// CHECK-NOT:     vector.
// CHECK:         linalg.depthwise_conv_2d_nhwc_hwcm {{.*}} outs(%{{.*}} : tensor<1x3x8x4x2xf32>)
// CHECK:         linalg.conv_2d_nhwc_hwcf {{.*}} outs(%{{.*}} : tensor<?x4x8x16xf32>)
// CHECK:         linalg.pooling_nhwc_max
// CHECK:         linalg.conv_2d_nhwc_hwcf {{.*}} outs(%{{.*}} : memref<1x4x8x16xf32>)
// CHECK-NOT:     scf.for
// CHECK-NOT:     vector.
// CHECK:         return
func.func @left_alone(%x: tensor<1x5x10x4xf32>, %w: tensor<3x3x4x2xf32>, %init: tensor<1x3x8x4x2xf32>,
                      %xd: tensor<?x6x10x8xf32>, %wd: tensor<3x3x8x16xf32>, %initd: tensor<?x4x8x16xf32>,
                      %window: tensor<3x3xf32>, %initp: tensor<1x3x8x4xf32>,
                      %xm: memref<1x6x10x8xf32>, %wm: memref<3x3x8x16xf32>, %om: memref<1x4x8x16xf32>)
    -> (tensor<1x3x8x4x2xf32>, tensor<?x4x8x16xf32>, tensor<1x3x8x4xf32>) {
  %dw = linalg.depthwise_conv_2d_nhwc_hwcm {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
       ins(%x, %w : tensor<1x5x10x4xf32>, tensor<3x3x4x2xf32>) outs(%init : tensor<1x3x8x4x2xf32>) -> tensor<1x3x8x4x2xf32>
  %dyn = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
       ins(%xd, %wd : tensor<?x6x10x8xf32>, tensor<3x3x8x16xf32>) outs(%initd : tensor<?x4x8x16xf32>) -> tensor<?x4x8x16xf32>
  %pool = linalg.pooling_nhwc_max {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
       ins(%x, %window : tensor<1x5x10x4xf32>, tensor<3x3xf32>) outs(%initp : tensor<1x3x8x4xf32>) -> tensor<1x3x8x4xf32>
  linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
       ins(%xm, %wm : memref<1x6x10x8xf32>, memref<3x3x8x16xf32>) outs(%om : memref<1x4x8x16xf32>)
  return %dw, %dyn, %pool : tensor<1x3x8x4x2xf32>, tensor<?x4x8x16xf32>, tensor<1x3x8x4xf32>
}

// -----

// The first conv of a network (C = 3, a 7x7 kernel, stride 2): one c-block holds all
// input channels, so a tile also takes the whole kernel row and the reduction loops
// are kh and c only (no kw loop): the accumulators stay in registers for the 7 x 3
// products of a kernel row. The 1-D conv of the row is unrolled over kw (7 outer
// products per pixel: 4 pixels x 7 taps = 28 contracts), kw-major, c-minor: the
// scalar order.
// CHECK-LABEL: func.func @stem
// CHECK-DAG:     %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG:     %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG:     %[[C3:.*]] = arith.constant 3 : index
// CHECK-DAG:     %[[C7:.*]] = arith.constant 7 : index
// CHECK:         scf.for %{{.*}} = %[[C0]] to %[[C7]] step %[[C1]] iter_args
// CHECK-NEXT:      scf.for %{{.*}} = %[[C0]] to %[[C3]] step %[[C3]] iter_args
// CHECK-NOT:         scf.for
// CHECK-COUNT-28:    vector.contract {{.*}} : vector<1x1x3xf32>, vector<3x16xf32> into vector<1x1x16xf32>
// CHECK-NOT:         vector.contract
// CHECK:             scf.yield
func.func @stem(%x: tensor<1x37x37x3xf32>, %w: tensor<7x7x3x16xf32>) -> tensor<1x16x16x16xf32> {
  %e = tensor.empty() : tensor<1x16x16x16xf32>
  %z = arith.constant 0.0 : f32
  %init = linalg.fill ins(%z : f32) outs(%e : tensor<1x16x16x16xf32>) -> tensor<1x16x16x16xf32>
  %y = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
       ins(%x, %w : tensor<1x37x37x3xf32>, tensor<7x7x3x16xf32>) outs(%init : tensor<1x16x16x16xf32>) -> tensor<1x16x16x16xf32>
  return %y : tensor<1x16x16x16xf32>
}
