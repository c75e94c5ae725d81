// RUN: compress-opt %s --split-input-file --compress-vectorize-convs --canonicalize | FileCheck %s

// A conv whose only use is a pointwise linalg.generic (the activation that
// linalg-fuse-elementwise-ops leaves after it) is fused into that generic's tiles:
// the generic takes the conv result as its init, is tiled like the conv (same tile,
// same loop order), and the conv and its bias broadcast are fused into the tile as
// its destination chain. The epilogue then runs on the 4 x 16 accumulator tile in
// vector registers, before the tile is stored, instead of as one more pass over the
// whole output. Execution (bit-identity with the unfused code):
// vectorize-convs-epilogue-exec.mlir.

#id = affine_map<(n, h, w, c) -> (n, h, w, c)>
#ch = affine_map<(n, h, w, c) -> (c)>

// Relu, f outermost (deep-layer interchange kept): bias into the output tile, the
// reduction loops with the vector.contract, then max(acc, 0) and the one store.
// (--canonicalize, as in the pipeline: unit-trip loops are gone.)
// CHECK-LABEL: func.func @conv_relu
// CHECK-SAME:    (%[[X:.*]]: tensor<1x6x10x8xf32>, %[[W:.*]]: tensor<3x3x8x32xf32>, %[[BIAS:.*]]: tensor<32xf32>)
// CHECK-DAG:     %[[ZERO:.*]] = arith.constant dense<0.000000e+00> : vector<1x1x4x16xf32>
// CHECK-DAG:     %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG:     %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG:     %[[C4:.*]] = arith.constant 4 : index
// CHECK-DAG:     %[[C8:.*]] = arith.constant 8 : index
// CHECK-DAG:     %[[C16:.*]] = arith.constant 16 : index
// CHECK-DAG:     %[[C32:.*]] = arith.constant 32 : index
// The filter is an argument (computed at run time): packed once per call for the
// blocks of 16 output channels (vectorize-convs-pack.mlir), then nothing else linalg.
// CHECK:         %[[PACKED:.*]] = linalg.transpose ins(%{{.*}} : tensor<3x3x8x2x16xf32>) outs(%{{.*}} : tensor<2x3x3x8x16xf32>) permutation = [3, 0, 1, 2, 4]
// CHECK-NOT:     linalg.
// CHECK:         %[[E:.*]] = tensor.empty() : tensor<1x4x8x32xf32>
// CHECK:         scf.for %[[F:.*]] = %[[C0]] to %[[C32]] step %[[C16]] iter_args(%{{.*}} = %[[E]])
// CHECK:           scf.for %[[OH:.*]] = %[[C0]] to %[[C4]] step %[[C1]]
// CHECK:             scf.for %[[OW:.*]] = %[[C0]] to %[[C8]] step %[[C4]] iter_args(%[[OUT:.*]] = %{{.*}})
// CHECK:               %[[TILE:.*]] = tensor.extract_slice %[[OUT]][0, %[[OH]], %[[OW]], %[[F]]] [1, 1, 4, 16] [1, 1, 1, 1]
// CHECK:               %[[B:.*]] = vector.transfer_read {{.*}} {in_bounds = {{.*}}, permutation_map = #{{.*}}} : tensor<16xf32>, vector<1x1x4x16xf32>
// CHECK-NEXT:          %[[INIT:.*]] = vector.transfer_write %[[B]], %[[TILE]]
// CHECK-NEXT:          %[[ACC:.*]] = scf.for {{.*}} iter_args(%{{.*}} = %[[INIT]]) -> (tensor<1x1x4x16xf32>)
// CHECK:                 vector.contract {{.*}} : vector<1x4x8xf32>, vector<8x16xf32> into vector<1x4x16xf32>
// CHECK:               %[[V:.*]] = vector.transfer_read %[[ACC]]{{.*}} : tensor<1x1x4x16xf32>, vector<1x1x4x16xf32>
// CHECK-NEXT:          %[[R:.*]] = arith.maximumf %[[V]], %[[ZERO]] : vector<1x1x4x16xf32>
// CHECK-NEXT:          %[[S:.*]] = vector.transfer_write %[[R]], %[[ACC]]
// CHECK-NEXT:          tensor.insert_slice %[[S]] into %[[OUT]][0, %[[OH]], %[[OW]], %[[F]]] [1, 1, 4, 16] [1, 1, 1, 1]
// CHECK-NOT:     linalg.
// CHECK:         return
func.func @conv_relu(%x: tensor<1x6x10x8xf32>, %w: tensor<3x3x8x32xf32>, %bias: tensor<32xf32>) -> tensor<1x4x8x32xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x4x8x32xf32>
  %init = linalg.generic {indexing_maps = [#ch, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%bias : tensor<32xf32>) outs(%e : tensor<1x4x8x32xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<1x4x8x32xf32>
  %y = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
       ins(%x, %w : tensor<1x6x10x8xf32>, tensor<3x3x8x32xf32>) outs(%init : tensor<1x4x8x32xf32>) -> tensor<1x4x8x32xf32>
  %e2 = tensor.empty() : tensor<1x4x8x32xf32>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%y : tensor<1x4x8x32xf32>) outs(%e2 : tensor<1x4x8x32xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.maximumf %in, %zero : f32
    linalg.yield %m : f32
  } -> tensor<1x4x8x32xf32>
  return %r : tensor<1x4x8x32xf32>
}

// -----

#id = affine_map<(n, h, w, c) -> (n, h, w, c)>

// Clip(0, 6) (min then max, as tosa.clamp lowers), zero init, input-heavy: the
// output-channel loop stays innermost.
// CHECK-LABEL: func.func @conv_relu6
// CHECK:         scf.for %{{.*}} = %{{.*}} to %{{.*}} step %{{.*}} iter_args
// CHECK:           scf.for %{{.*}} = %{{.*}} to %{{.*}} step %{{.*}} iter_args
// CHECK:                 vector.transfer_write %{{.*}}, %{{.*}} : vector<1x1x8x8xf32>, tensor<1x1x8x8xf32>
// CHECK:                 scf.for
// CHECK:                   vector.contract {{.*}} : vector<1x8x8xf32>, vector<8x8xf32> into vector<1x8x8xf32>
// CHECK:                 %[[V:.*]] = vector.transfer_read {{.*}} : tensor<1x1x8x8xf32>, vector<1x1x8x8xf32>
// CHECK-NEXT:            %[[LO:.*]] = arith.minimumf %[[V]], %{{.*}} : vector<1x1x8x8xf32>
// CHECK-NEXT:            %[[HI:.*]] = arith.maximumf %[[LO]], %{{.*}} : vector<1x1x8x8xf32>
// CHECK-NEXT:            vector.transfer_write %[[HI]]
// CHECK-NOT:     linalg.
// CHECK:         return
func.func @conv_relu6(%x: tensor<1x10x18x8xf32>, %w: tensor<3x3x8x8xf32>) -> tensor<1x8x16x8xf32> {
  %zero = arith.constant 0.0 : f32
  %six = arith.constant 6.0 : f32
  %e = tensor.empty() : tensor<1x8x16x8xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<1x8x16x8xf32>) -> tensor<1x8x16x8xf32>
  %y = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
       ins(%x, %w : tensor<1x10x18x8xf32>, tensor<3x3x8x8xf32>) outs(%init : tensor<1x8x16x8xf32>) -> tensor<1x8x16x8xf32>
  %e2 = tensor.empty() : tensor<1x8x16x8xf32>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%y : tensor<1x8x16x8xf32>) outs(%e2 : tensor<1x8x16x8xf32>) {
  ^bb0(%in: f32, %out: f32):
    %lo = arith.minimumf %in, %six : f32
    %hi = arith.maximumf %lo, %zero : f32
    linalg.yield %hi : f32
  } -> tensor<1x8x16x8xf32>
  return %r : tensor<1x8x16x8xf32>
}

// -----

#id = affine_map<(n, h, w, c) -> (n, h, w, c)>

// HardSwish as the importer emits it, one generic after linalg-fuse-elementwise-ops:
// x * clamp(x * (1/6) + 0.5, 0, 1), the same ops in the same order on vectors (a
// separate mulf and addf: nothing contracts them into an FMA).
// CHECK-LABEL: func.func @conv_hardswish
// CHECK:         vector.contract
// CHECK:         %[[V:.*]] = vector.transfer_read {{.*}} : tensor<1x1x8x8xf32>, vector<1x1x8x8xf32>
// CHECK-NEXT:    %[[S:.*]] = arith.mulf %[[V]], %{{.*}} : vector<1x1x8x8xf32>
// CHECK-NEXT:    %[[A:.*]] = arith.addf %[[S]], %{{.*}} : vector<1x1x8x8xf32>
// CHECK-NEXT:    %[[LO:.*]] = arith.minimumf %[[A]], %{{.*}} : vector<1x1x8x8xf32>
// CHECK-NEXT:    %[[G:.*]] = arith.maximumf %[[LO]], %{{.*}} : vector<1x1x8x8xf32>
// CHECK-NEXT:    %[[R:.*]] = arith.mulf %[[V]], %[[G]] : vector<1x1x8x8xf32>
// CHECK-NEXT:    vector.transfer_write %[[R]]
// CHECK-NOT:     linalg.
// CHECK:         return
func.func @conv_hardswish(%x: tensor<1x10x18x8xf32>, %w: tensor<3x3x8x8xf32>) -> tensor<1x8x16x8xf32> {
  %zero = arith.constant 0.0 : f32
  %one = arith.constant 1.0 : f32
  %half = arith.constant 0.5 : f32
  %sixth = arith.constant 0.166666672 : f32
  %e = tensor.empty() : tensor<1x8x16x8xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<1x8x16x8xf32>) -> tensor<1x8x16x8xf32>
  %y = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
       ins(%x, %w : tensor<1x10x18x8xf32>, tensor<3x3x8x8xf32>) outs(%init : tensor<1x8x16x8xf32>) -> tensor<1x8x16x8xf32>
  %e2 = tensor.empty() : tensor<1x8x16x8xf32>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%y : tensor<1x8x16x8xf32>) outs(%e2 : tensor<1x8x16x8xf32>) {
  ^bb0(%in: f32, %out: f32):
    %s = arith.mulf %in, %sixth : f32
    %a = arith.addf %s, %half : f32
    %lo = arith.minimumf %a, %one : f32
    %g = arith.maximumf %lo, %zero : f32
    %m = arith.mulf %in, %g : f32
    linalg.yield %m : f32
  } -> tensor<1x8x16x8xf32>
  return %r : tensor<1x8x16x8xf32>
}

// -----

#id = affine_map<(n, h, w, c) -> (n, h, w, c)>

// SiLU: x * sigmoid(x), sigmoid as tosa-to-linalg lowers it (1 / (1 + exp(-x))).
// CHECK-LABEL: func.func @conv_silu
// CHECK:         vector.contract
// CHECK:         %[[V:.*]] = vector.transfer_read {{.*}} : tensor<1x1x8x8xf32>, vector<1x1x8x8xf32>
// CHECK-NEXT:    %[[N:.*]] = arith.negf %[[V]] : vector<1x1x8x8xf32>
// CHECK-NEXT:    %[[E:.*]] = math.exp %[[N]] : vector<1x1x8x8xf32>
// CHECK-NEXT:    %[[D:.*]] = arith.addf %[[E]], %{{.*}} : vector<1x1x8x8xf32>
// CHECK-NEXT:    %[[S:.*]] = arith.divf %{{.*}}, %[[D]] : vector<1x1x8x8xf32>
// CHECK-NEXT:    %[[R:.*]] = arith.mulf %[[V]], %[[S]] : vector<1x1x8x8xf32>
// CHECK-NEXT:    vector.transfer_write %[[R]]
// CHECK-NOT:     linalg.
// CHECK:         return
func.func @conv_silu(%x: tensor<1x10x18x8xf32>, %w: tensor<3x3x8x8xf32>) -> tensor<1x8x16x8xf32> {
  %zero = arith.constant 0.0 : f32
  %one = arith.constant 1.0 : f32
  %e = tensor.empty() : tensor<1x8x16x8xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<1x8x16x8xf32>) -> tensor<1x8x16x8xf32>
  %y = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
       ins(%x, %w : tensor<1x10x18x8xf32>, tensor<3x3x8x8xf32>) outs(%init : tensor<1x8x16x8xf32>) -> tensor<1x8x16x8xf32>
  %e2 = tensor.empty() : tensor<1x8x16x8xf32>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%y : tensor<1x8x16x8xf32>) outs(%e2 : tensor<1x8x16x8xf32>) {
  ^bb0(%in: f32, %out: f32):
    %n = arith.negf %in : f32
    %ex = math.exp %n : f32
    %d = arith.addf %ex, %one : f32
    %s = arith.divf %one, %d : f32
    %m = arith.mulf %in, %s : f32
    linalg.yield %m : f32
  } -> tensor<1x8x16x8xf32>
  return %r : tensor<1x8x16x8xf32>
}

// -----

// Depthwise + bias + Relu6 as tosa-to-linalg gives them: the bias and the
// activation on the rank-5 N x H x W x C x 1 result. The unit dim is dropped from
// that generic, which then reads the HWC conv's result directly and takes it as init;
// the per-channel bias is a broadcasting transfer_read of the tile's 16 channels.
// CHECK-LABEL: func.func @depthwise_relu6
// CHECK-SAME:    (%[[X:.*]]: tensor<1x5x10x16xf32>, %[[W:.*]]: tensor<3x3x16x1xf32>, %[[BIAS:.*]]: tensor<16xf32>)
// CHECK-NOT:     linalg.
// CHECK:         scf.for
// CHECK:           scf.for
// CHECK:                 vector.transfer_write %{{.*}} : vector<1x1x4x16xf32>, tensor<1x1x4x16xf32>
// CHECK:                 scf.for
// CHECK-COUNT-3:           vector.fma
// CHECK:                 %[[B:.*]] = vector.transfer_read %[[BIAS]][%{{.*}}], %{{.*}} {{.*}}permutation_map = #{{.*}}} : tensor<16xf32>, vector<1x1x4x16xf32>
// CHECK-NEXT:            %[[V:.*]] = vector.transfer_read {{.*}} : tensor<1x1x4x16xf32>, vector<1x1x4x16xf32>
// CHECK-NEXT:            %[[A:.*]] = arith.addf %[[B]], %[[V]] : vector<1x1x4x16xf32>
// CHECK-NEXT:            %[[LO:.*]] = arith.minimumf %[[A]], %{{.*}} : vector<1x1x4x16xf32>
// CHECK-NEXT:            %[[HI:.*]] = arith.maximumf %[[LO]], %{{.*}} : vector<1x1x4x16xf32>
// CHECK-NEXT:            vector.transfer_write %[[HI]]
// CHECK-NOT:     linalg.
// CHECK:         return %{{.*}} : tensor<1x3x8x16xf32>
func.func @depthwise_relu6(%x: tensor<1x5x10x16xf32>, %w: tensor<3x3x16x1xf32>, %bias: tensor<16xf32>) -> tensor<1x3x8x16xf32> {
  %zero = arith.constant 0.0 : f32
  %six = arith.constant 6.0 : f32
  %e = tensor.empty() : tensor<1x3x8x16x1xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<1x3x8x16x1xf32>) -> tensor<1x3x8x16x1xf32>
  %y = linalg.depthwise_conv_2d_nhwc_hwcm {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
       ins(%x, %w : tensor<1x5x10x16xf32>, tensor<3x3x16x1xf32>) outs(%init : tensor<1x3x8x16x1xf32>) -> tensor<1x3x8x16x1xf32>
  %b2 = tensor.expand_shape %bias [[0, 1]] output_shape [16, 1] : tensor<16xf32> into tensor<16x1xf32>
  %e2 = tensor.empty() : tensor<1x3x8x16x1xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3, d4) -> (d3, d4)>, affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3, d4)>, affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3, d4)>], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel"]}
       ins(%b2, %y : tensor<16x1xf32>, tensor<1x3x8x16x1xf32>) outs(%e2 : tensor<1x3x8x16x1xf32>) {
  ^bb0(%in: f32, %in_1: f32, %out: f32):
    %a = arith.addf %in, %in_1 : f32
    %lo = arith.minimumf %a, %six : f32
    %hi = arith.maximumf %lo, %zero : f32
    linalg.yield %hi : f32
  } -> tensor<1x3x8x16x1xf32>
  %c = tensor.collapse_shape %r [[0], [1], [2], [3, 4]] : tensor<1x3x8x16x1xf32> into tensor<1x3x8x16xf32>
  return %c : tensor<1x3x8x16xf32>
}

// -----

#id = affine_map<(n, h, w, c) -> (n, h, w, c)>

// A ResNet block's end: 1x1 conv, + residual, Relu. The residual is read tile by
// tile (a transfer_read of its slice); the conv that produced it is not fused.
// CHECK-LABEL: func.func @conv_residual_relu
// CHECK-SAME:    (%[[X:.*]]: tensor<1x4x8x16xf32>, %[[W:.*]]: tensor<1x1x16x16xf32>, %[[RES:.*]]: tensor<1x4x8x16xf32>)
// CHECK-NOT:     linalg.
// CHECK:         scf.for
// CHECK:           scf.for
// CHECK:                 %[[RS:.*]] = tensor.extract_slice %[[RES]][{{.*}}] [1, 1, 4, 16] [1, 1, 1, 1]
// CHECK:                 vector.contract
// CHECK:                 %[[R:.*]] = vector.transfer_read %[[RS]]{{.*}} : tensor<1x1x4x16xf32>, vector<1x1x4x16xf32>
// CHECK-NEXT:            %[[V:.*]] = vector.transfer_read {{.*}} : tensor<1x1x4x16xf32>, vector<1x1x4x16xf32>
// CHECK-NEXT:            %[[A:.*]] = arith.addf %[[V]], %[[R]] : vector<1x1x4x16xf32>
// CHECK-NEXT:            %[[M:.*]] = arith.maximumf %[[A]], %{{.*}} : vector<1x1x4x16xf32>
// CHECK-NEXT:            vector.transfer_write %[[M]]
// CHECK-NOT:     linalg.
// CHECK:         return
func.func @conv_residual_relu(%x: tensor<1x4x8x16xf32>, %w: tensor<1x1x16x16xf32>, %res: tensor<1x4x8x16xf32>) -> tensor<1x4x8x16xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x4x8x16xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<1x4x8x16xf32>) -> tensor<1x4x8x16xf32>
  %y = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
       ins(%x, %w : tensor<1x4x8x16xf32>, tensor<1x1x16x16xf32>) outs(%init : tensor<1x4x8x16xf32>) -> tensor<1x4x8x16xf32>
  %e2 = tensor.empty() : tensor<1x4x8x16xf32>
  %r = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%y, %res : tensor<1x4x8x16xf32>, tensor<1x4x8x16xf32>) outs(%e2 : tensor<1x4x8x16xf32>) {
  ^bb0(%in: f32, %in_1: f32, %out: f32):
    %a = arith.addf %in, %in_1 : f32
    %m = arith.maximumf %a, %zero : f32
    linalg.yield %m : f32
  } -> tensor<1x4x8x16xf32>
  return %r : tensor<1x4x8x16xf32>
}

// -----

#id = affine_map<(n, h, w, c) -> (n, h, w, c)>
#t = affine_map<(n, h, w, c) -> (n, w, h, c)>

// Not fused: the conv result used twice (it stays a whole tensor; the activation a
// separate linalg.generic after the conv's tile loops), and an epilogue reading the
// conv result through a transposing map (the conv alone is tiled).
// CHECK-LABEL: func.func @not_fused
// CHECK:         %[[Y:.*]] = scf.for
// CHECK:           vector.contract
// CHECK:         %[[R:.*]] = linalg.generic {{.*}} ins(%[[Y]] : tensor<1x8x8x8xf32>)
// CHECK:         %[[Y2:.*]] = scf.for
// CHECK:           vector.contract
// CHECK:         %[[T:.*]] = linalg.generic {{.*}} ins(%[[Y2]] : tensor<1x8x8x8xf32>)
// CHECK:         return %[[R]], %[[Y]], %[[T]]
func.func @not_fused(%x: tensor<1x10x10x8xf32>, %w: tensor<3x3x8x8xf32>) -> (tensor<1x8x8x8xf32>, tensor<1x8x8x8xf32>, tensor<1x8x8x8xf32>) {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x8x8x8xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<1x8x8x8xf32>) -> tensor<1x8x8x8xf32>
  %y = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
       ins(%x, %w : tensor<1x10x10x8xf32>, tensor<3x3x8x8xf32>) outs(%init : tensor<1x8x8x8xf32>) -> tensor<1x8x8x8xf32>
  %e2 = tensor.empty() : tensor<1x8x8x8xf32>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%y : tensor<1x8x8x8xf32>) outs(%e2 : tensor<1x8x8x8xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.maximumf %in, %zero : f32
    linalg.yield %m : f32
  } -> tensor<1x8x8x8xf32>
  %y2 = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
       ins(%x, %w : tensor<1x10x10x8xf32>, tensor<3x3x8x8xf32>) outs(%init : tensor<1x8x8x8xf32>) -> tensor<1x8x8x8xf32>
  %t = linalg.generic {indexing_maps = [#t, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%y2 : tensor<1x8x8x8xf32>) outs(%e2 : tensor<1x8x8x8xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.maximumf %in, %zero : f32
    linalg.yield %m : f32
  } -> tensor<1x8x8x8xf32>
  return %r, %y, %t : tensor<1x8x8x8xf32>, tensor<1x8x8x8xf32>, tensor<1x8x8x8xf32>
}
