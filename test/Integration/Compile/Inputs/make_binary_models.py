#!/usr/bin/env python3
"""Small ONNX models of binary layers as exporters write them (issue 13, item 1).

  make_binary_models.py OUTDIR

Writes OUTDIR/<case>.onnx and OUTDIR/<case>.x.npy for every case below and prints one
line per case: its name and how many elements of the input of its first Sign are exact
zeros (ONNX Sign gives 0 there, not +1: the binary layers must count them as 0).

Recognized (compress-compile compiles them as binary layers without flags):
  Sign -> Conv with +-alpha per output channel (some alpha negative), after Relu (exact
  zeros), channels 63 / 65 / 130, stride 2, dilation 2, padding; an explicit Pad node
  with constant 0 (with and without the conv's own pads); weights as Sign(W) * alpha
  (a Mul of a Sign of a constant by a per-channel constant, folded at import); a Conv ->
  BatchNormalization after a binary conv (folded into the weight: +-alpha' per channel);
  Sign after MaxPool and after BatchNormalization; HardTanh (Clip(-1, 1)) and
  Clip(0, 6) before Sign; groups = 2; a binary FC after Flatten as Gemm with transB = 1
  and transB = 0, as Transpose + MatMul (PyTorch's Linear), and with a Reshape between
  Sign and the MatMul.
Near-misses (compiled as float, still equal to ONNX Runtime): weights not +-alpha per
channel; one weight of a channel with another magnitude; Sign(W) * alpha with alpha per
input channel; a Sign feeding a binary conv and a float Mul; one input channel and a
depthwise conv (packed bits would not be smaller); a Pad with constant 0.5.
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OUT = sys.argv[1]
rng = np.random.RandomState(1313)


def pm_alpha(f, c, kh, kw, negative=True):
    """Weights +-alpha_f per output channel; alpha_f < 0 for every third channel."""
    alpha = rng.uniform(0.25, 2.0, f).astype(np.float32)
    if negative:
        alpha[::3] *= -1
    signs = np.where(rng.rand(f, c, kh, kw) < 0.5, -1.0, 1.0).astype(np.float32)
    return signs * alpha[:, None, None, None]


def relu_input(shape):
    """Integers in [-3, 3] (a third of them 0 after Relu, more around them)."""
    return rng.randint(-3, 4, shape).astype(np.float32)


def save(name, nodes, inits, x, outputs, sign_input=None):
    """`outputs`: (name, shape) pairs; a shape of None is inferred by ONNX."""
    if outputs and isinstance(outputs[0], str):
        outputs = [(o, None) for o in outputs]
    graph = helper.make_graph(
        nodes, name, [helper.make_tensor_value_info("x", TensorProto.FLOAT, list(x.shape))],
        [helper.make_tensor_value_info(o, TensorProto.FLOAT, shape) for o, shape in outputs],
        [numpy_helper.from_array(np.asarray(v), k) for k, v in inits.items()])
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    m.ir_version = 8
    if any(shape is None for _, shape in outputs):
        inferred = onnx.shape_inference.infer_shapes(m)
        shapes = {v.name: [d.dim_value for d in v.type.tensor_type.shape.dim]
                  for v in list(inferred.graph.value_info) + list(inferred.graph.output)
                  if v.type.tensor_type.HasField("shape")}
        del m.graph.output[:]
        m.graph.output.extend([helper.make_tensor_value_info(o, TensorProto.FLOAT, shapes[o])
                               for o, _ in outputs])
    onnx.checker.check_model(m)
    onnx.save(m, os.path.join(OUT, name + ".onnx"))
    np.save(os.path.join(OUT, name + ".x.npy"), x)
    zeros = int(np.sum((sign_input if sign_input is not None else x) == 0))
    print("%s: sign input zeros %d" % (name, zeros))


N = helper.make_node


def conv_case(name, c, f, hw, k=3, pads=(1, 1, 1, 1), strides=(1, 1), dilations=(1, 1),
              group=1, weight=None):
    """Relu -> Sign -> Conv."""
    x = relu_input((1, c) + hw)
    w = weight if weight is not None else pm_alpha(f, c // group, k, k)
    save(name, [N("Relu", ["x"], ["r"], name="relu"), N("Sign", ["r"], ["s"], name="sign"),
                N("Conv", ["s", "w", "b"], ["y"], name="bconv", pads=list(pads),
                  strides=list(strides), dilations=list(dilations), group=group)],
         {"w": w, "b": rng.uniform(-1, 1, f).astype(np.float32)}, x, ["y"],
         sign_input=np.maximum(x, 0))


os.makedirs(OUT, exist_ok=True)

# --- recognized ---
conv_case("conv_c65", 65, 16, (7, 9))
conv_case("conv_c63_stride2", 63, 17, (9, 8), strides=(2, 2))
conv_case("conv_c130_dil2", 130, 9, (8, 7), pads=(2, 2, 2, 2), dilations=(2, 2))
conv_case("conv_c65_nopad_stride2_dil2", 65, 8, (11, 10), pads=(0, 1, 2, 0), strides=(2, 2),
          dilations=(2, 2))
conv_case("conv_groups2", 130, 6, (6, 5), group=2)

# Explicit Pad node (constant 0) before the conv, with and without the conv's pads.
for name, conv_pads in [("pad_node", [0, 0, 0, 0]), ("pad_node_and_conv_pads", [1, 0, 0, 1])]:
    x = relu_input((1, 65, 6, 7))
    save(name, [N("Relu", ["x"], ["r"], name="relu"), N("Sign", ["r"], ["s"], name="sign"),
                N("Pad", ["s", "pads", "zero"], ["p"], name="pad", mode="constant"),
                N("Conv", ["p", "w"], ["y"], name="bconv", pads=conv_pads)],
         {"w": pm_alpha(12, 65, 3, 3), "pads": np.array([0, 0, 1, 2, 0, 0, 2, 1], np.int64),
          "zero": np.array(0.0, np.float32)}, x, ["y"], sign_input=np.maximum(x, 0))

# Weights as Sign(W) * alpha (alpha [F, 1, 1, 1], some negative) and a BatchNormalization
# after the binary conv (folded into the weight), then Relu.
x = relu_input((1, 65, 6, 6))
alpha = rng.uniform(0.5, 1.5, (10, 1, 1, 1)).astype(np.float32)
alpha[::4] *= -1
save("sign_weight_mul_bn",
     [N("Relu", ["x"], ["r"], name="relu"), N("Sign", ["r"], ["s"], name="sign"),
      N("Sign", ["wr"], ["ws"], name="sign_w"), N("Mul", ["ws", "alpha"], ["wq"], name="scale_w"),
      N("Conv", ["s", "wq"], ["c"], name="bconv", pads=[1, 1, 1, 1]),
      N("BatchNormalization", ["c", "g", "be", "mu", "var"], ["bn"], name="bn"),
      N("Relu", ["bn"], ["y"], name="relu_out")],
     {"wr": rng.standard_normal((10, 65, 3, 3)).astype(np.float32), "alpha": alpha,
      "g": rng.uniform(-2, 2, 10).astype(np.float32), "be": rng.standard_normal(10).astype(np.float32),
      "mu": rng.standard_normal(10).astype(np.float32),
      "var": rng.uniform(0.5, 2, 10).astype(np.float32)}, x, ["y"], sign_input=np.maximum(x, 0))

# A float first conv (3 channels), Relu, MaxPool, Sign, binary conv, BatchNormalization,
# Sign, binary conv (Sign after MaxPool and after BatchNormalization).
def maxpool_relu_conv(x, w):
    """MaxPool 2x2 / 2 of Relu of the 3x3 pad-1 conv of x (NCHW) by w, in float64."""
    _, c, h, wd = x.shape
    xp = np.pad(x.astype(np.float64), ((0, 0), (0, 0), (1, 1), (1, 1)))
    y = np.zeros((w.shape[0], h, wd))
    for i in range(3):
        for j in range(3):
            y += np.einsum("fc,chw->fhw", w[:, :, i, j], xp[0, :, i:i + h, j:j + wd])
    r = np.maximum(y, 0)
    return r.reshape(w.shape[0], h // 2, 2, wd // 2, 2).max(axis=(2, 4))


x = rng.standard_normal((1, 3, 12, 10)).astype(np.float32)
w0 = rng.standard_normal((64, 3, 3, 3)).astype(np.float32)
save("maxpool_bn_chain",
     [N("Conv", ["x", "w0"], ["c0"], name="conv_float", pads=[1, 1, 1, 1]),
      N("Relu", ["c0"], ["r0"], name="relu"),
      N("MaxPool", ["r0"], ["p0"], name="pool", kernel_shape=[2, 2], strides=[2, 2]),
      N("Sign", ["p0"], ["s1"], name="sign1"),
      N("Conv", ["s1", "w1"], ["c1"], name="bconv1", pads=[1, 1, 1, 1]),
      N("BatchNormalization", ["c1", "g", "be", "mu", "var"], ["bn1"], name="bn1"),
      N("Sign", ["bn1"], ["s2"], name="sign2"),
      N("Conv", ["s2", "w2"], ["y"], name="bconv2", pads=[1, 1, 1, 1])],
     {"w0": w0, "w1": pm_alpha(65, 64, 3, 3), "w2": pm_alpha(8, 65, 3, 3),
      "g": rng.uniform(0.5, 2, 65).astype(np.float32), "be": rng.standard_normal(65).astype(np.float32),
      "mu": rng.standard_normal(65).astype(np.float32),
      "var": rng.uniform(0.5, 2, 65).astype(np.float32)}, x, ["y"],
     sign_input=maxpool_relu_conv(x, w0))

# HardTanh (Clip(-1, 1)) and Clip(0, 6) before Sign.
for name, lo, hi in [("hardtanh_sign", -1.0, 1.0), ("clip06_sign", 0.0, 6.0)]:
    x = relu_input((1, 64, 5, 6))
    save(name, [N("Clip", ["x", "lo", "hi"], ["cl"], name="clip"),
                N("Sign", ["cl"], ["s"], name="sign"),
                N("Conv", ["s", "w"], ["y"], name="bconv", pads=[1, 1, 1, 1])],
         {"lo": np.array(lo, np.float32), "hi": np.array(hi, np.float32),
          "w": pm_alpha(9, 64, 3, 3)}, x, ["y"], sign_input=np.clip(x, lo, hi))

# Binary FC after Flatten: Gemm transB = 1 and transB = 0 (with a bias), Transpose +
# MatMul (PyTorch's Linear), and a Reshape between Sign and the MatMul.
def fc_weight(n, k):
    a = rng.uniform(0.25, 2, n).astype(np.float32)
    a[::2] *= -1
    return (np.where(rng.rand(n, k) < 0.5, -1.0, 1.0) * a[:, None]).astype(np.float32)


x = relu_input((2, 65, 2, 2))
wf = fc_weight(10, 260)
save("fc_flatten_gemm_transb",
     [N("Relu", ["x"], ["r"], name="relu"), N("Sign", ["r"], ["s"], name="sign"),
      N("Flatten", ["s"], ["f"], name="flatten"),
      N("Gemm", ["f", "w", "b"], ["y"], name="fc", transB=1)],
     {"w": wf, "b": rng.standard_normal(10).astype(np.float32)}, x, ["y"],
     sign_input=np.maximum(x, 0))
save("fc_flatten_gemm",
     [N("Relu", ["x"], ["r"], name="relu"), N("Sign", ["r"], ["s"], name="sign"),
      N("Flatten", ["s"], ["f"], name="flatten"),
      N("Gemm", ["f", "w", "b"], ["y"], name="fc")],
     {"w": np.ascontiguousarray(fc_weight(33, 260).T), "b": rng.standard_normal(33).astype(np.float32)},
     x, ["y"], sign_input=np.maximum(x, 0))
x = relu_input((3, 130))
save("linear_transpose_matmul",
     [N("Relu", ["x"], ["r"], name="relu"), N("Sign", ["r"], ["s"], name="sign"),
      N("Transpose", ["w"], ["wt"], name="transpose_w", perm=[1, 0]),
      N("MatMul", ["s", "wt"], ["m"], name="fc"), N("Add", ["m", "b"], ["y"], name="bias")],
     {"w": fc_weight(17, 130), "b": rng.standard_normal(17).astype(np.float32)}, x, ["y"],
     sign_input=np.maximum(x, 0))
x = relu_input((1, 63, 1, 3))
save("reshape_matmul",
     [N("Relu", ["x"], ["r"], name="relu"), N("Sign", ["r"], ["s"], name="sign"),
      N("Reshape", ["s", "shape"], ["f"], name="reshape"),
      N("MatMul", ["f", "w"], ["y"], name="fc")],
     {"shape": np.array([1, 189], np.int64), "w": np.ascontiguousarray(fc_weight(12, 189).T)},
     x, ["y"], sign_input=np.maximum(x, 0))

# --- near-misses: float layers ---
w = rng.standard_normal((8, 65, 3, 3)).astype(np.float32)
conv_case("miss_float_weight", 65, 8, (5, 6), weight=w)
w = pm_alpha(8, 65, 3, 3)
w[3, 10, 1, 1] *= 2  # one weight of channel 3 with magnitude 2|alpha_3|
conv_case("miss_mixed_scale", 65, 8, (5, 6), weight=w)
conv_case("miss_channels1", 1, 9, (6, 7))
conv_case("miss_depthwise", 65, 65, (5, 6), group=65)
x = relu_input((1, 65, 5, 6))
save("miss_alpha_per_input_channel",
     [N("Relu", ["x"], ["r"], name="relu"), N("Sign", ["r"], ["s"], name="sign"),
      N("Sign", ["wr"], ["ws"], name="sign_w"), N("Mul", ["ws", "alpha"], ["wq"], name="scale_w"),
      N("Conv", ["s", "wq"], ["y"], name="bconv", pads=[1, 1, 1, 1])],
     {"wr": rng.standard_normal((8, 65, 3, 3)).astype(np.float32),
      "alpha": rng.uniform(0.5, 1.5, (1, 65, 1, 1)).astype(np.float32)}, x, ["y"],
     sign_input=np.maximum(x, 0))
x = relu_input((1, 65, 5, 6))
save("miss_pad_half",
     [N("Relu", ["x"], ["r"], name="relu"), N("Sign", ["r"], ["s"], name="sign"),
      N("Pad", ["s", "pads", "half"], ["p"], name="pad", mode="constant"),
      N("Conv", ["p", "w"], ["y"], name="bconv")],
     {"pads": np.array([0, 0, 1, 1, 0, 0, 1, 1], np.int64), "half": np.array(0.5, np.float32),
      "w": pm_alpha(8, 65, 3, 3)}, x, ["y"], sign_input=np.maximum(x, 0))
# One Sign, two consumers: a binary conv and a float Mul (which must still see sign(x)).
x = relu_input((1, 65, 5, 6))
save("sign_two_consumers",
     [N("Relu", ["x"], ["r"], name="relu"), N("Sign", ["r"], ["s"], name="sign"),
      N("Conv", ["s", "w"], ["c"], name="bconv", pads=[1, 1, 1, 1]),
      N("Mul", ["s", "three"], ["m"], name="float_mul"),
      N("Add", ["c", "m"], ["y"], name="sum")],
     {"w": pm_alpha(65, 65, 3, 3), "three": np.array(3.0, np.float32)}, x, ["y"],
     sign_input=np.maximum(x, 0))

# Three binary convs with BatchNormalization (negative, zero and zero-variance channels),
# MaxPool and Sign between them (compress-binary-thresholds: the second layer reads the
# first one's BatchNorm value packed, the third reads the second's bits; issue 13 item 3).
def bn_params(f):
    g = rng.uniform(-2, 2, f).astype(np.float32)
    g[::7] = 0.0
    var = rng.uniform(0.5, 2, f).astype(np.float32)
    var[3::7] = 0.0
    be = rng.standard_normal(f).astype(np.float32)
    be[be == 0] = 0.5
    return g, be, rng.standard_normal(f).astype(np.float32), var


x = relu_input((1, 65, 8, 8))
g1, be1, mu1, var1 = bn_params(70)
g2, be2, mu2, var2 = bn_params(66)
save("bnn_packed_chain",
     [N("Relu", ["x"], ["r"], name="relu"), N("Sign", ["r"], ["s0"], name="sign0"),
      N("Conv", ["s0", "w1"], ["c1"], name="bconv1", pads=[1, 1, 1, 1]),
      N("BatchNormalization", ["c1", "g1", "be1", "mu1", "var1"], ["bn1"], name="bn1"),
      N("MaxPool", ["bn1"], ["p1"], name="pool1", kernel_shape=[2, 2], strides=[2, 2]),
      N("Sign", ["p1"], ["s1"], name="sign1"),
      N("Conv", ["s1", "w2"], ["c2"], name="bconv2", pads=[1, 1, 1, 1]),
      N("BatchNormalization", ["c2", "g2", "be2", "mu2", "var2"], ["bn2"], name="bn2"),
      N("Sign", ["bn2"], ["s2"], name="sign2"),
      N("Conv", ["s2", "w3"], ["y"], name="bconv3", pads=[1, 1, 1, 1])],
     {"w1": pm_alpha(70, 65, 3, 3), "w2": pm_alpha(66, 70, 3, 3), "w3": pm_alpha(8, 66, 3, 3),
      "g1": g1, "be1": be1, "mu1": mu1, "var1": var1,
      "g2": g2, "be2": be2, "mu2": mu2, "var2": var2}, x, ["y"], sign_input=np.maximum(x, 0))

# Binary FC layers in the packed chain (issue 13 item 3): conv -> BatchNorm -> MaxPool
# (7x7 -> 3x3, floor mode) -> Sign -> Flatten (NCHW order) -> binary Gemm (transB) ->
# BatchNorm -> Sign -> binary MatMul, batch 2; and a binary MatMul reading a Relu'd input
# (ONNX's sign with zeros) -> BatchNorm -> Sign -> binary Gemm, batch 3.
x = relu_input((2, 65, 7, 7))
g1, be1, mu1, var1 = bn_params(66)
g2, be2, mu2, var2 = bn_params(70)
save("bnn_fc_chain",
     [N("Relu", ["x"], ["r"], name="relu"), N("Sign", ["r"], ["s0"], name="sign0"),
      N("Conv", ["s0", "w1"], ["c1"], name="bconv1", pads=[1, 1, 1, 1]),
      N("BatchNormalization", ["c1", "g1", "be1", "mu1", "var1"], ["bn1"], name="bn1"),
      N("MaxPool", ["bn1"], ["p1"], name="pool1", kernel_shape=[2, 2], strides=[2, 2]),
      N("Sign", ["p1"], ["s1"], name="sign1"),
      N("Flatten", ["s1"], ["f1"], name="flatten"),
      N("Gemm", ["f1", "w2"], ["c2"], name="bfc1", transB=1),
      N("BatchNormalization", ["c2", "g2", "be2", "mu2", "var2"], ["bn2"], name="bn2"),
      N("Sign", ["bn2"], ["s2"], name="sign2"),
      N("MatMul", ["s2", "w3"], ["y"], name="bfc2")],
     {"w1": pm_alpha(66, 65, 3, 3), "w2": fc_weight(70, 66 * 9),
      "w3": np.ascontiguousarray(fc_weight(10, 70).T),
      "g1": g1, "be1": be1, "mu1": mu1, "var1": var1,
      "g2": g2, "be2": be2, "mu2": mu2, "var2": var2}, x, ["y"], sign_input=np.maximum(x, 0))
x = relu_input((3, 100))
g1, be1, mu1, var1 = bn_params(130)
save("bnn_fc_first",
     [N("Relu", ["x"], ["r"], name="relu"), N("Sign", ["r"], ["s0"], name="sign0"),
      N("MatMul", ["s0", "w1"], ["c1"], name="bfc1"),
      N("BatchNormalization", ["c1", "g1", "be1", "mu1", "var1"], ["bn1"], name="bn1"),
      N("Sign", ["bn1"], ["s1"], name="sign1"),
      N("Gemm", ["s1", "w2"], ["y"], name="bfc2", transB=1)],
     {"w1": np.ascontiguousarray(fc_weight(130, 100).T), "w2": fc_weight(7, 130),
      "g1": g1, "be1": be1, "mu1": mu1, "var1": var1}, x, ["y"], sign_input=np.maximum(x, 0))
