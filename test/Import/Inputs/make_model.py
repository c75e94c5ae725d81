#!/usr/bin/env python3
"""Builds the small ONNX models the importer tests use (Debian python3-onnx 1.12).

  make_model.py CASE [-o OUT.onnx] [--input IN.npy]

Writes the model to OUT (default: stdout) and, with --input, a random input for
its first graph input. Weights are deterministic: small integers where a CHECK
line reads them, seeded random values elsewhere. Shapes are odd and asymmetric
on purpose (7x13, 3/5/6/9 channels) so transposed or misplaced data shows.
"""
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

F = TensorProto.FLOAT
rng = np.random.RandomState(1234)


def rand(*shape, scale=1.0):
    return (rng.standard_normal(shape) * scale).astype(np.float32)


def init(name, arr):
    return numpy_helper.from_array(np.asarray(arr), name)


def model(nodes, inputs, outputs, inits=(), opset=13, name="g", infer=True):
    graph = helper.make_graph(nodes, name, inputs, outputs, initializer=list(inits))
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)],
                          producer_name="compress-tests")
    m.ir_version = 8
    # The 1.12 checker wants graph outputs typed with a shape: take it from
    # shape inference, or leave one symbolic dim when inference cannot tell.
    try:
        if not infer:  # (strides of 0 crash shape inference with SIGFPE)
            raise ValueError
        inferred = onnx.shape_inference.infer_shapes(m)
        known = {v.name: v for v in list(inferred.graph.value_info) + list(inferred.graph.output)}
    except Exception:
        known = {}
    for out in m.graph.output:
        if out.type.tensor_type.HasField("shape"):
            continue
        k = known.get(out.name)
        if k is not None and k.type.tensor_type.HasField("shape"):
            out.type.tensor_type.shape.CopyFrom(k.type.tensor_type.shape)
        else:
            out.type.tensor_type.shape.dim.add().dim_param = "unknown"
    return m


def vi(name, shape, elem=F):
    return helper.make_tensor_value_info(name, elem, shape)


def conv_model(x_shape, w, bias=None, opset=13, infer=True, **attrs):
    inits = [init("w", w)]
    ins = ["x", "w"]
    if bias is not None:
        inits.append(init("b", bias))
        ins.append("b")
    node = helper.make_node("Conv", ins, ["y"], name="conv", **attrs)
    return model([node], [vi("x", x_shape)], [vi("y", None)], inits, opset, infer=infer)


def unary_model(op, shape=(1, 3, 5, 7), opset=13, extra_inits=(), extra_inputs=(), **attrs):
    node = helper.make_node(op, ["x", *extra_inputs], ["y"], name=op.lower(), **attrs)
    return model([node], [vi("x", list(shape))], [vi("y", None)], extra_inits, opset)


CASES = {}


def case(fn):
    CASES[fn.__name__] = fn
    return fn


# --- Conv ----------------------------------------------------------------------
@case
def conv_weights():
    # 2 output channels, 3 input channels, 1x2 kernel: weight = arange, so the
    # OHWI order is readable in the CHECK lines.
    w = np.arange(12, dtype=np.float32).reshape(2, 3, 1, 2)
    return conv_model([1, 3, 4, 5], w, np.array([10, 20], np.float32))


@case
def conv_pads():
    # stride [2,3] on 8x13 with pads h 1/1, w 0/0: H needs pad_bottom 1 -> 0,
    # W needs the last column cropped.
    return conv_model([1, 3, 8, 13], rand(5, 3, 3, 3), rand(5), kernel_shape=[3, 3],
                      strides=[2, 3], pads=[1, 0, 1, 0])


@case
def conv_dilation():
    return conv_model([1, 3, 9, 11], rand(4, 3, 3, 3), None, dilations=[2, 2], pads=[2, 1, 2, 1],
                      strides=[1, 2])


@case
def conv_same_upper():
    return conv_model([1, 2, 7, 10], rand(3, 2, 3, 4), rand(3), auto_pad="SAME_UPPER",
                      strides=[2, 2])


@case
def conv_same_lower():
    return conv_model([1, 2, 7, 10], rand(3, 2, 3, 4), rand(3), auto_pad="SAME_LOWER",
                      strides=[2, 2])


@case
def conv_valid():
    return conv_model([1, 2, 7, 10], rand(3, 2, 3, 3), rand(3), auto_pad="VALID",
                      strides=[2, 2])


@case
def conv_depthwise():
    # group == C == 4, multiplier 2, stride 2, pads 1.
    return conv_model([1, 4, 7, 13], rand(8, 1, 3, 3), rand(8), group=4, strides=[2, 2],
                      pads=[1, 1, 1, 1])


@case
def conv_depthwise_weights():
    w = np.arange(8, dtype=np.float32).reshape(4, 1, 1, 2)  # C=2, multiplier 2
    return conv_model([1, 2, 3, 4], w, None, group=2)


@case
def conv_group():
    # C=6, group 3: 2 input and 3 output channels per group.
    return conv_model([1, 6, 7, 9], rand(9, 2, 3, 3), rand(9), group=3, pads=[1, 1, 1, 1],
                      strides=[1, 2])


@case
def conv_same_names():
    # Three chained 1x1 convs; the first two are both named "conv" (ONNX only
    # recommends unique node names), the third is named "conv#2".
    inits = [init("w%d" % i, rand(3, 3, 1, 1)) for i in range(3)]
    nodes = [helper.make_node("Conv", ["x", "w0"], ["y0"], name="conv"),
             helper.make_node("Conv", ["y0", "w1"], ["y1"], name="conv"),
             helper.make_node("Conv", ["y1", "w2"], ["y"], name="conv#2")]
    return model(nodes, [vi("x", [1, 3, 5, 7])], [vi("y", None)], inits)


@case
def conv_bn():
    # Conv without bias, then inference BatchNormalization: folded.
    c, m = 3, 4
    nodes = [helper.make_node("Conv", ["x", "w"], ["c"], name="conv", pads=[1, 1, 1, 1]),
             helper.make_node("BatchNormalization", ["c", "s", "bb", "mean", "var"], ["y"],
                              name="bn", epsilon=1e-3)]
    inits = [init("w", rand(m, c, 3, 3)), init("s", rand(m)), init("bb", rand(m)),
             init("mean", rand(m)), init("var", np.abs(rand(m)) + 0.5)]
    return model(nodes, [vi("x", [1, c, 6, 7])], [vi("y", None)], inits)


@case
def conv_bn_two_uses():
    # The conv output is also a graph output: BN cannot fold, becomes mul/add.
    c, m = 3, 4
    nodes = [helper.make_node("Conv", ["x", "w"], ["c"], name="conv"),
             helper.make_node("BatchNormalization", ["c", "s", "bb", "mean", "var"], ["y"],
                              name="bn")]
    inits = [init("w", rand(m, c, 1, 1)), init("s", rand(m)), init("bb", rand(m)),
             init("mean", rand(m)), init("var", np.abs(rand(m)) + 0.5)]
    return model(nodes, [vi("x", [1, c, 5, 6])], [vi("y", None), vi("c", None)], inits)


@case
def batchnorm():
    # BN straight on the (NCHW) input: per-channel constants shaped [1,C,1,1].
    c = 3
    node = helper.make_node("BatchNormalization", ["x", "s", "bb", "mean", "var"], ["y"],
                            name="bn")
    inits = [init("s", rand(c)), init("bb", rand(c)), init("mean", rand(c)),
             init("var", np.abs(rand(c)) + 0.5)]
    return model([node], [vi("x", [1, c, 4, 5])], [vi("y", None)], inits)


# --- activations ----------------------------------------------------------------
@case
def relu():
    return unary_model("Relu")


@case
def sigmoid():
    return unary_model("Sigmoid")


@case
def hardsigmoid():
    return unary_model("HardSigmoid", alpha=0.25, beta=0.375)


@case
def clip_attr():
    return unary_model("Clip", opset=9, min=-0.5, max=1.5)


@case
def clip_inputs():
    return unary_model("Clip", opset=13, extra_inits=[init("lo", np.float32(-0.25)),
                                                      init("hi", np.float32(0.75))],
                       extra_inputs=["lo", "hi"])


@case
def clip_max_only():
    return unary_model("Clip", opset=13, extra_inits=[init("hi", np.float32(0.75))],
                       extra_inputs=["", "hi"])


@case
def clip_inverted():
    # min > max: every output is max (ONNX Clip-13).
    return unary_model("Clip", opset=13, extra_inits=[init("lo", np.float32(0.5)),
                                                      init("hi", np.float32(-0.25))],
                       extra_inputs=["lo", "hi"])


@case
def hardswish():
    # The classifier's pattern after a conv: x * clip(x + 3, 0, 6) / 6, opset 9.
    nodes = [helper.make_node("Conv", ["x", "w"], ["c"], name="conv", pads=[1, 1, 1, 1]),
             helper.make_node("Constant", [], ["three"], name="k3",
                              value=helper.make_tensor("three", F, [], [3.0])),
             helper.make_node("Constant", [], ["six"], name="k6",
                              value=helper.make_tensor("six", F, [], [6.0])),
             helper.make_node("Add", ["c", "three"], ["a"], name="add"),
             helper.make_node("Clip", ["a"], ["cl"], name="clip", min=0.0, max=6.0),
             helper.make_node("Mul", ["c", "cl"], ["m"], name="mul"),
             helper.make_node("Div", ["m", "six"], ["y"], name="div")]
    return model(nodes, [vi("x", [1, 3, 7, 9])], [vi("y", None)],
                 [init("w", rand(5, 3, 3, 3, scale=2.0))], opset=9)


# --- binary ops -------------------------------------------------------------------
@case
def binary_nhwc():
    # A conv output (NHWC inside) combined with a [C,1,1] constant, a scalar, a
    # [W] vector and a tensor computed from the NCHW graph input (x + 3, kept
    # away from 0 so the reciprocal-times-product of Div stays within rtol).
    nodes = [helper.make_node("Conv", ["x", "w"], ["c"], name="conv", pads=[1, 1, 1, 1]),
             helper.make_node("Mul", ["c", "scale"], ["m"], name="mul"),
             helper.make_node("Add", ["m", "shift"], ["a"], name="add"),
             helper.make_node("Sub", ["a", "row"], ["s"], name="sub"),
             helper.make_node("Add", ["x", "three"], ["den"], name="den"),
             helper.make_node("Div", ["s", "den"], ["d"], name="div"),
             helper.make_node("Div", ["d", "two"], ["y"], name="div2")]
    inits = [init("w", rand(3, 3, 3, 3)), init("scale", rand(3, 1, 1)),
             init("shift", np.float32(0.5)), init("row", rand(7)),
             init("two", np.float32(2.0)), init("three", np.float32(3.0))]
    return model(nodes, [vi("x", [1, 3, 5, 7])], [vi("y", None)], inits)


@case
def div_constants():
    # Div by [C,1,1] constants on an NHWC conv output: 2e-39 is denormal (1/2e-39
    # overflows f32, but (c * 1e-3) / 2e-39 is finite), 3 and -7 have inexact
    # reciprocals, and [0.25, 4, -0.5] exact ones (kept as a multiplication).
    nodes = [helper.make_node("Conv", ["x", "w"], ["c"], name="conv", pads=[1, 1, 1, 1]),
             helper.make_node("Mul", ["c", "milli"], ["m"], name="mul"),
             helper.make_node("Div", ["m", "den"], ["d"], name="div_denormal"),
             helper.make_node("Div", ["d", "pow2"], ["y"], name="div_pow2")]
    inits = [init("w", rand(3, 3, 3, 3)), init("milli", np.float32(1e-3)),
             init("den", np.array([2e-39, 3.0, -7.0], np.float32).reshape(3, 1, 1)),
             init("pow2", np.array([0.25, 4.0, -0.5], np.float32).reshape(3, 1, 1))]
    return model(nodes, [vi("x", [1, 3, 5, 7])], [vi("y", None)], inits)


@case
def binary_broadcast():
    # Plain ONNX-layout broadcasting between runtime tensors of different rank.
    nodes = [helper.make_node("Add", ["x", "v"], ["a"], name="add"),
             helper.make_node("Mul", ["a", "x"], ["y"], name="mul")]
    return model(nodes, [vi("x", [2, 3, 4])], [vi("y", None)], [init("v", rand(3, 1))])


# --- pooling ------------------------------------------------------------------------
@case
def maxpool():
    # 2x2/2 on 7x13: floor drops the last row and column (cropped).
    return unary_model("MaxPool", shape=(1, 3, 7, 13), kernel_shape=[2, 2], strides=[2, 2])


@case
def maxpool_pads():
    return unary_model("MaxPool", shape=(1, 3, 7, 10), kernel_shape=[3, 3], strides=[2, 2],
                       pads=[1, 1, 1, 1])


@case
def maxpool_ceil():
    return unary_model("MaxPool", shape=(1, 2, 7, 10), kernel_shape=[3, 3], strides=[2, 2],
                       ceil_mode=1)


@case
def avgpool():
    return unary_model("AveragePool", shape=(1, 3, 7, 10), kernel_shape=[3, 3], strides=[2, 2],
                       pads=[1, 1, 1, 1])


@case
def avgpool_count_pad():
    return unary_model("AveragePool", shape=(1, 3, 7, 10), kernel_shape=[3, 3], strides=[2, 2],
                       pads=[1, 1, 1, 1], count_include_pad=1)


@case
def global_avgpool():
    return unary_model("GlobalAveragePool", shape=(1, 5, 6, 7))


# --- linear -----------------------------------------------------------------------
@case
def matmul_bias():
    nodes = [helper.make_node("MatMul", ["x", "w"], ["m"], name="fc"),
             helper.make_node("Add", ["m", "b"], ["y"], name="fc_bias")]
    return model(nodes, [vi("x", [3, 6])], [vi("y", None)],
                 [init("w", rand(6, 5)), init("b", rand(5))])


@case
def matmul_3d():
    nodes = [helper.make_node("MatMul", ["x", "w"], ["y"], name="fc")]
    return model(nodes, [vi("x", [2, 3, 6])], [vi("y", None)], [init("w", rand(6, 4))])


@case
def gemm():
    node = helper.make_node("Gemm", ["x", "w", "b"], ["y"], name="gemm", transB=1, alpha=0.5,
                            beta=2.0)
    return model([node], [vi("x", [3, 6])], [vi("y", None)],
                 [init("w", rand(4, 6)), init("b", rand(4))])


# --- softmax ------------------------------------------------------------------------
@case
def softmax_2d():
    return unary_model("Softmax", shape=(3, 7), opset=9, axis=1)


@case
def softmax_axis13():
    # opset 13, axis 1 of an NHWC conv output: one axis (C), stays NHWC.
    nodes = [helper.make_node("Conv", ["x", "w"], ["c"], name="conv"),
             helper.make_node("Softmax", ["c"], ["y"], name="softmax", axis=1)]
    return model(nodes, [vi("x", [1, 3, 4, 5])], [vi("y", None)], [init("w", rand(6, 3, 1, 1))])


@case
def softmax_coerce():
    # opset 11, axis 1 of a 4-D tensor: normalizes over C*H*W together.
    return unary_model("Softmax", shape=(2, 3, 4, 5), opset=11, axis=1)


# --- shape ops ----------------------------------------------------------------------
@case
def reshape_nhwc():
    # Reshape of a conv output must see NCHW order.
    nodes = [helper.make_node("Conv", ["x", "w"], ["c"], name="conv"),
             helper.make_node("Reshape", ["c", "shape"], ["y"], name="reshape")]
    return model(nodes, [vi("x", [1, 3, 4, 5])], [vi("y", None)],
                 [init("w", rand(6, 3, 1, 1)), init("shape", np.array([0, -1], np.int64))])


@case
def flatten():
    nodes = [helper.make_node("Conv", ["x", "w"], ["c"], name="conv"),
             helper.make_node("Flatten", ["c"], ["y"], name="flatten", axis=2)]
    return model(nodes, [vi("x", [1, 3, 4, 5])], [vi("y", None)], [init("w", rand(6, 3, 1, 1))])


@case
def transpose():
    nodes = [helper.make_node("Conv", ["x", "w"], ["c"], name="conv"),
             helper.make_node("Transpose", ["c"], ["t"], name="transpose", perm=[0, 3, 1, 2]),
             helper.make_node("Identity", ["t"], ["y"], name="identity")]
    return model(nodes, [vi("x", [1, 3, 4, 5])], [vi("y", None)], [init("w", rand(6, 3, 1, 1))])


@case
def shape_chain_opset9():
    # The classifier's tail: GlobalAveragePool -> Shape -> Cast -> Slice -> Cast,
    # Concat with a constant -> Reshape -> MatMul -> Add -> Softmax.
    c = 6
    nodes = [
        helper.make_node("GlobalAveragePool", ["x"], ["g"], name="gap"),
        helper.make_node("Shape", ["g"], ["s"], name="shape"),
        helper.make_node("Cast", ["s"], ["s32"], name="cast0", to=TensorProto.INT32),
        helper.make_node("Slice", ["s32"], ["n"], name="slice", axes=[0], starts=[0], ends=[1]),
        helper.make_node("Constant", [], ["k"], name="k",
                         value=helper.make_tensor("k", TensorProto.INT32, [1], [c])),
        helper.make_node("Cast", ["n"], ["n64"], name="cast1", to=TensorProto.INT64),
        helper.make_node("Cast", ["k"], ["k64"], name="cast2", to=TensorProto.INT64),
        helper.make_node("Concat", ["n64", "k64"], ["shp"], name="concat", axis=0),
        helper.make_node("Reshape", ["g", "shp"], ["r"], name="reshape"),
        helper.make_node("MatMul", ["r", "w"], ["mm"], name="fc"),
        helper.make_node("Add", ["mm", "b"], ["a"], name="fc_bias"),
        helper.make_node("Softmax", ["a"], ["y"], name="softmax", axis=1),
    ]
    return model(nodes, [vi("x", ["N", c, "H", "W"])], [vi("y", ["N", 2])],
                 [init("w", rand(c, 2)), init("b", rand(2))], opset=9)


@case
def shape_chain_opset13():
    # Shape -> Gather -> Unsqueeze (axes input), Gather * Gather, Slice with
    # starts/ends inputs (INT64_MAX end), Concat -> Reshape; Unsqueeze/Squeeze
    # on the runtime result.
    nodes = [
        helper.make_node("Shape", ["x"], ["s"], name="shape"),
        helper.make_node("Gather", ["s", "i0"], ["n"], name="gather_n", axis=0),
        helper.make_node("Unsqueeze", ["n", "ax0"], ["n1"], name="unsqueeze_n"),
        helper.make_node("Gather", ["s", "i1"], ["c"], name="gather_c", axis=0),
        helper.make_node("Gather", ["s", "i2"], ["h"], name="gather_h", axis=0),
        helper.make_node("Mul", ["c", "h"], ["ch"], name="mul_ch"),
        helper.make_node("Slice", ["s", "st", "en"], ["tail"], name="slice_tail"),
        helper.make_node("Concat", ["n1", "ch", "tail"], ["shp"], name="concat", axis=0),
        helper.make_node("Reshape", ["x", "shp"], ["r"], name="reshape"),
        helper.make_node("Unsqueeze", ["r", "ax0"], ["u"], name="unsqueeze"),
        helper.make_node("Squeeze", ["u", "ax0"], ["y"], name="squeeze"),
    ]
    return model(nodes, [vi("x", [2, 3, 4, 5])], [vi("y", None)],
                 [init("i0", np.array(0, np.int64)), init("i1", np.array([1], np.int64)),
                  init("i2", np.array([2], np.int64)), init("ax0", np.array([0], np.int64)),
                  init("st", np.array([3], np.int64)),
                  init("en", np.array([2**63 - 1], np.int64))], opset=13)


@case
def slice_concat_runtime():
    # Slice of a runtime NHWC tensor (channels 1..3 and rows 1..), concatenated
    # with the conv output along channels; Gather of one channel.
    nodes = [helper.make_node("Conv", ["x", "w"], ["c"], name="conv"),
             helper.make_node("Slice", ["c", "st", "en", "ax"], ["s"], name="slice"),
             helper.make_node("Slice", ["c", "st2", "en2", "ax"], ["s2"], name="slice2"),
             helper.make_node("Concat", ["s", "s2"], ["y"], name="concat", axis=1),
             helper.make_node("Gather", ["c", "idx"], ["g"], name="gather", axis=1)]
    return model(nodes, [vi("x", [1, 3, 5, 6])], [vi("y", None), vi("g", None)],
                 [init("w", rand(4, 3, 1, 1)), init("st", np.array([1, 1], np.int64)),
                  init("en", np.array([3, 100], np.int64)), init("ax", np.array([1, 2], np.int64)),
                  init("st2", np.array([0, -4], np.int64)), init("en2", np.array([1, 5], np.int64)),
                  init("idx", np.array([2], np.int64))])


@case
def constant_nodes():
    # Weights from Constant nodes (as in the PaddleOCR export) instead of initializers.
    nodes = [helper.make_node("Constant", [], ["w"], name="cw",
                              value=numpy_helper.from_array(rand(2, 3, 1, 1), "w")),
             helper.make_node("Constant", [], ["b"], name="cb", value_floats=[0.5, -0.5]),
             helper.make_node("Conv", ["x", "w", "b"], ["y"], name="conv")]
    return model(nodes, [vi("x", [1, 3, 2, 3])], [vi("y", None)])


@case
def classifier_like():
    # A miniature of the classifier: conv+BN+hardswish, depthwise, SE block,
    # maxpool, global pool, reshape, fc, softmax (opset 9, symbolic dims).
    def bn(name, inp, out, m):
        return (helper.make_node("BatchNormalization", [inp, name + "_s", name + "_b",
                                                        name + "_m", name + "_v"], [out],
                                 name=name, epsilon=1e-5),
                [init(name + "_s", rand(m)), init(name + "_b", rand(m)),
                 init(name + "_m", rand(m, scale=0.1)), init(name + "_v", np.abs(rand(m)) + 0.5)])
    nodes, inits = [], []
    def add(n, i=()):
        nodes.append(n)
        inits.extend(i)
    add(helper.make_node("Conv", ["x", "w0"], ["c0"], name="conv0", strides=[2, 2],
                         pads=[1, 1, 1, 1], kernel_shape=[3, 3]), [init("w0", rand(8, 3, 3, 3))])
    n, i = bn("bn0", "c0", "b0", 8); add(n, i)
    add(helper.make_node("Constant", [], ["k3"], name="k3",
                         value=helper.make_tensor("k3", F, [], [3.0])))
    add(helper.make_node("Constant", [], ["k6"], name="k6",
                         value=helper.make_tensor("k6", F, [], [6.0])))
    add(helper.make_node("Add", ["b0", "k3"], ["a0"], name="hs_add"))
    add(helper.make_node("Clip", ["a0"], ["cl0"], name="hs_clip", min=0.0, max=6.0))
    add(helper.make_node("Mul", ["b0", "cl0"], ["m0"], name="hs_mul"))
    add(helper.make_node("Div", ["m0", "k6"], ["h0"], name="hs_div"))
    add(helper.make_node("Conv", ["h0", "w1"], ["c1"], name="dw", group=8, strides=[2, 1],
                         pads=[1, 1, 1, 1]), [init("w1", rand(8, 1, 3, 3))])
    n, i = bn("bn1", "c1", "b1", 8); add(n, i)
    add(helper.make_node("Relu", ["b1"], ["r1"], name="relu1"))
    add(helper.make_node("GlobalAveragePool", ["r1"], ["g1"], name="se_pool"))
    add(helper.make_node("Conv", ["g1", "w2", "bb2"], ["c2"], name="se_fc1"),
        [init("w2", rand(2, 8, 1, 1)), init("bb2", rand(2))])
    add(helper.make_node("Relu", ["c2"], ["r2"], name="se_relu"))
    add(helper.make_node("Conv", ["r2", "w3", "bb3"], ["c3"], name="se_fc2"),
        [init("w3", rand(8, 2, 1, 1)), init("bb3", rand(8))])
    add(helper.make_node("HardSigmoid", ["c3"], ["hsg"], name="se_hsig", alpha=0.2, beta=0.5))
    add(helper.make_node("Mul", ["r1", "hsg"], ["se"], name="se_mul"))
    add(helper.make_node("MaxPool", ["se"], ["mp"], name="pool", kernel_shape=[2, 2],
                         strides=[2, 2], pads=[0, 0, 0, 0]))
    add(helper.make_node("GlobalAveragePool", ["mp"], ["g"], name="gap"))
    add(helper.make_node("Shape", ["g"], ["s"], name="shape"))
    add(helper.make_node("Cast", ["s"], ["s32"], name="cast0", to=TensorProto.INT32))
    add(helper.make_node("Slice", ["s32"], ["nb"], name="slice", axes=[0], starts=[0], ends=[1]))
    add(helper.make_node("Constant", [], ["k"], name="kc",
                         value=helper.make_tensor("k", TensorProto.INT32, [1], [8])))
    add(helper.make_node("Cast", ["nb"], ["n64"], name="cast1", to=TensorProto.INT64))
    add(helper.make_node("Cast", ["k"], ["k64"], name="cast2", to=TensorProto.INT64))
    add(helper.make_node("Concat", ["n64", "k64"], ["shp"], name="concat", axis=0))
    add(helper.make_node("Reshape", ["g", "shp"], ["r"], name="reshape"))
    add(helper.make_node("MatMul", ["r", "wf"], ["mm"], name="fc"), [init("wf", rand(8, 2))])
    add(helper.make_node("Add", ["mm", "bf"], ["logits"], name="fc_bias"), [init("bf", rand(2))])
    add(helper.make_node("Softmax", ["logits"], ["y"], name="softmax", axis=1))
    return model(nodes, [vi("x", ["N", 3, "H", "W"])], [vi("y", ["N", 2])], inits, opset=9)


# --- conv with runtime weights -----------------------------------------------------
@case
def conv_runtime_weight():
    # Weight and bias are graph inputs: reordered at run time (tosa.transpose).
    node = helper.make_node("Conv", ["x", "w", "b"], ["y"], name="conv", strides=[2, 1],
                            pads=[1, 0, 1, 2])
    return model([node], [vi("x", [1, 3, 7, 9]), vi("w", [5, 3, 3, 2]), vi("b", [5])],
                 [vi("y", None)])


@case
def conv_runtime_depthwise():
    # group == C with a runtime [M,1,kh,kw] weight: reshaped and transposed to HWCM.
    node = helper.make_node("Conv", ["x", "w"], ["y"], name="conv", group=3, pads=[1, 1, 1, 1])
    return model([node], [vi("x", [1, 3, 6, 7]), vi("w", [6, 1, 3, 3])], [vi("y", None)])


@case
def conv_runtime_group():
    # group 2 with a runtime weight and a constant bias: per-group slices.
    node = helper.make_node("Conv", ["x", "w", "b"], ["y"], name="conv", group=2)
    return model([node], [vi("x", [1, 4, 5, 6]), vi("w", [6, 2, 2, 2])], [vi("y", None)],
                 [init("b", rand(6))])


# --- reductions, unary math, pad ------------------------------------------------------
@case
def softmax_expanded():
    # The opset-13 function body of Softmax(axis=1) on a conv output (NHWC inside):
    # ReduceMax (axes attribute), Sub, Exp, ReduceSum (axes input), Div.
    nodes = [helper.make_node("Conv", ["x", "w"], ["c"], name="conv"),
             helper.make_node("ReduceMax", ["c"], ["mx"], name="rmax", axes=[1], keepdims=1),
             helper.make_node("Sub", ["c", "mx"], ["s"], name="sub"),
             helper.make_node("Exp", ["s"], ["e"], name="exp"),
             helper.make_node("ReduceSum", ["e", "ax"], ["sm"], name="rsum", keepdims=1),
             helper.make_node("Div", ["e", "sm"], ["y"], name="div")]
    return model(nodes, [vi("x", [1, 3, 4, 5])], [vi("y", None)],
                 [init("w", rand(6, 3, 1, 1)), init("ax", np.array([1], np.int64))])


@case
def reduce_nhwc():
    # Reductions of an NHWC value: keepdims over H,W (stays NHWC), without keepdims
    # over C (back to ONNX order), ReduceMean over everything (no axes).
    nodes = [helper.make_node("Conv", ["x", "w"], ["c"], name="conv"),
             helper.make_node("ReduceMean", ["c"], ["m"], name="rmean", axes=[2, -1]),
             helper.make_node("ReduceMax", ["c"], ["mx"], name="rmax", axes=[1], keepdims=0),
             helper.make_node("ReduceMin", ["c"], ["mn"], name="rmin", axes=[0, 3], keepdims=0),
             helper.make_node("ReduceSum", ["c", "ax"], ["sm"], name="rsum", keepdims=0),
             helper.make_node("ReduceMean", ["c"], ["all"], name="rall", keepdims=0)]
    return model(nodes, [vi("x", [1, 3, 5, 7])],
                 [vi("m", None), vi("mx", None), vi("mn", None), vi("sm", None),
                  vi("all", None)],
                 [init("w", rand(4, 3, 1, 1)), init("ax", np.array([-2], np.int64))])


@case
def reduce_3d():
    # ONNX-order reductions of a 3-D tensor; ReduceSum with no axes input reduces
    # everything, with noop_with_empty_axes it is the identity.
    nodes = [helper.make_node("ReduceSum", ["x", "ax"], ["a"], name="rsum", keepdims=1),
             helper.make_node("ReduceMean", ["a"], ["m"], name="rmean", axes=[0, 2], keepdims=0),
             helper.make_node("ReduceSum", ["x"], ["all"], name="rall", keepdims=0),
             helper.make_node("ReduceSum", ["x"], ["same"], name="rnoop", noop_with_empty_axes=1)]
    return model(nodes, [vi("x", [2, 3, 5])], [vi("m", None), vi("all", None), vi("same", None)],
                 [init("ax", np.array([1], np.int64))])


@case
def unary_math():
    # Tanh, Neg, Sqrt(|.|-ish via x*x + 0.5) and Exp on a conv output and on the input.
    nodes = [helper.make_node("Conv", ["x", "w"], ["c"], name="conv"),
             helper.make_node("Tanh", ["c"], ["t"], name="tanh"),
             helper.make_node("Neg", ["t"], ["n"], name="neg"),
             helper.make_node("Mul", ["x", "x"], ["sq"], name="square"),
             helper.make_node("Add", ["sq", "half"], ["pos"], name="shift"),
             helper.make_node("Sqrt", ["pos"], ["r"], name="sqrt"),
             helper.make_node("Exp", ["n"], ["y"], name="exp")]
    return model(nodes, [vi("x", [1, 3, 4, 5])], [vi("y", None), vi("r", None)],
                 [init("w", rand(2, 3, 1, 1)), init("half", np.float32(0.5))])


@case
def sqrt_zero():
    # sqrt(0) = 0 through 1/rsqrt: Relu makes about half the inputs exactly 0.
    nodes = [helper.make_node("Relu", ["x"], ["r"], name="relu"),
             helper.make_node("Sqrt", ["r"], ["y"], name="sqrt")]
    return model(nodes, [vi("x", [2, 9])], [vi("y", None)])


@case
def pad_nhwc():
    # Constant Pad of a conv output (NHWC inside) with a value, pads on every axis
    # but N, asymmetric; then a Pad with zero (no constant_value) on the input.
    nodes = [helper.make_node("Conv", ["x", "w"], ["c"], name="conv"),
             helper.make_node("Pad", ["c", "pads", "val"], ["y"], name="pad", mode="constant"),
             helper.make_node("Pad", ["x", "pads0"], ["z"], name="pad0")]
    return model(nodes, [vi("x", [1, 3, 4, 5])], [vi("y", None), vi("z", None)],
                 [init("w", rand(2, 3, 1, 1)),
                  init("pads", np.array([0, 1, 2, 0, 0, 2, 1, 3], np.int64)),
                  init("val", np.float32(-1.5)),
                  init("pads0", np.array([0, 0, 1, 0, 0, 0, 0, 2], np.int64))])


@case
def pad_opset2():
    # Pad before opset 11: pads and value are attributes; a 2-D input.
    return unary_model("Pad", shape=(3, 4), opset=9, pads=[1, 0, 0, 2], value=0.25)


# --- error cases ----------------------------------------------------------------------
@case
def unsupported_op():
    node = helper.make_node("LSTM", ["x", "W", "R"], ["y"], name="lstm_1", hidden_size=2)
    return model([node], [vi("x", [4, 1, 3])], [vi("y", None)],
                 [init("W", rand(1, 8, 3)), init("R", rand(1, 8, 2))])


@case
def clip_runtime_bounds():
    # Clip bounds given at run time (graph inputs): tosa.maximum / tosa.minimum.
    node = helper.make_node("Clip", ["x", "lo", "hi"], ["y"], name="clip")
    return model([node], [vi("x", [2, 3]), vi("lo", []), vi("hi", [])], [vi("y", None)])


@case
def clip_runtime_min():
    # Only min, at run time, and a constant max: Max(x, min), then the clamp.
    node = helper.make_node("Clip", ["x", "lo", "hi"], ["y"], name="clip")
    return model([node], [vi("x", [2, 3]), vi("lo", [])], [vi("y", None)],
                 [init("hi", np.float32(1.5))])


@case
def clip_neg_inf_max():
    # max = -inf: every output is -inf (tosa.clamp {max = -inf} would be folded away).
    node = helper.make_node("Clip", ["x", "", "hi"], ["y"], name="clip")
    return model([node], [vi("x", [6])], [vi("y", None)],
                 [init("hi", np.float32(-np.inf))])


@case
def clip_runtime_min_only():
    # Only min, at run time: max defaults to the largest float, so +inf becomes it.
    node = helper.make_node("Clip", ["x", "lo"], ["y"], name="clip")
    return model([node], [vi("x", [6]), vi("lo", [])], [vi("y", None)])


@case
def batchnorm_runtime_scale():
    # BatchNormalization parameters are folded at import time; here scale is a graph input.
    node = helper.make_node("BatchNormalization", ["x", "s", "b", "m", "v"], ["y"], name="bn")
    return model([node], [vi("x", [1, 2, 3, 3]), vi("s", [2])], [vi("y", None)],
                 [init("b", rand(2)), init("m", rand(2)), init("v", np.abs(rand(2)) + 0.5)])


@case
def missing_initializer():
    # 'w' is neither an initializer nor an input nor produced by a node.
    node = helper.make_node("Conv", ["x", "w"], ["y"], name="conv")
    return model([node], [vi("x", [1, 3, 4, 4])], [vi("y", None)])


@case
def negative_pads():
    return conv_model([1, 3, 5, 5], rand(2, 3, 3, 3), None, pads=[1, -1, 1, 1])


@case
def zero_strides():
    return conv_model([1, 3, 5, 5], rand(2, 3, 3, 3), None, infer=False, strides=[1, 0])


@case
def kernel_mismatch():
    return conv_model([1, 3, 5, 5], rand(2, 3, 3, 3), None, kernel_shape=[3, 2])


@case
def int_input():
    node = helper.make_node("Identity", ["x"], ["y"], name="id")
    return model([node], [vi("x", [2, 3], TensorProto.INT64)], [vi("y", None)])


@case
def dynamic_input():
    return unary_model("Relu", shape=("N", 3, "H", 5))


@case
def pad_reflect():
    return unary_model("Pad", shape=(1, 3, 4, 5), opset=13, mode="reflect",
                       extra_inits=[init("pads", np.array([0, 0, 1, 1, 0, 0, 1, 1], np.int64))],
                       extra_inputs=["pads"])


@case
def pad_negative():
    return unary_model("Pad", shape=(1, 3, 4, 5), opset=13,
                       extra_inits=[init("pads", np.array([0, 0, -1, 0, 0, 0, 0, 0], np.int64))],
                       extra_inputs=["pads"])


@case
def pad_overflow():
    # begin + end overflows int64 (found by fuzz-onnx-import).
    return unary_model("Pad", shape=(1, 3, 4, 5), opset=13,
                       extra_inits=[init("pads", np.array([0, 0, 2**62, 0, 0, 0, 2**62, 0],
                                                          np.int64))],
                       extra_inputs=["pads"])


@case
def pad_huge():
    # No overflow, but an output beyond the size limit (2^29 elements).
    return unary_model("Pad", shape=(1, 3, 4, 5), opset=13,
                       extra_inits=[init("pads", np.array([0, 0, 0, 1 << 30, 0, 0, 0, 0],
                                                          np.int64))],
                       extra_inputs=["pads"])


@case
def pad_count():
    return unary_model("Pad", shape=(1, 3, 4, 5), opset=13,
                       extra_inits=[init("pads", np.array([1, 1, 1, 1], np.int64))],
                       extra_inputs=["pads"])


@case
def pad_float_pads():
    # pads must be integers (the 1.12 checker does not type-check initializers).
    return unary_model("Pad", shape=(2, 3), opset=13,
                       extra_inits=[init("pads", np.array([1, 1, 0, 0], np.float32))],
                       extra_inputs=["pads"])


@case
def reduce_axis_range():
    return unary_model("ReduceMax", shape=(2, 3, 4), axes=[3])


@case
def reduce_axis_twice():
    return unary_model("ReduceMax", shape=(2, 3, 4), axes=[1, -2])


@case
def reduce_axes_2d():
    return unary_model("ReduceSum", shape=(2, 3), opset=13,
                       extra_inits=[init("a", np.array([[1]], np.int64))], extra_inputs=["a"])


@case
def conv_runtime_bias_shape():
    node = helper.make_node("Conv", ["x", "w", "b"], ["y"], name="conv")
    return model([node], [vi("x", [1, 3, 4, 4]), vi("w", [2, 3, 1, 1]), vi("b", [3])],
                 [vi("y", None)], infer=False)


@case
def conv_weight_rank():
    node = helper.make_node("Conv", ["x", "w"], ["y"], name="conv")
    return model([node], [vi("x", [1, 3, 4, 4]), vi("w", [2, 3, 1])], [vi("y", None)],
                 infer=False)


# --- old opsets: each operator at its earliest versions, with the attributes of
# those versions (consumed_inputs, is_test, string Cast targets, ...). ONNX Runtime
# does not run most opset < 7 operators, so the oracle of a case listed in
# ORACLE_OPSET runs the same model converted by ONNX's version converter
# (onnx.version_converter) to that opset: an independent statement of what the
# old form means.
ORACLE_OPSET = {}


def old_case(oracle_opset):
    """ORACLE_OPSET value: an opset to convert to, or a function giving the oracle
    model (where the version converter has no adapter, e.g. Cast-5 -> 6)."""
    def wrap(fn):
        ORACLE_OPSET[fn.__name__] = oracle_opset
        return case(fn)
    return wrap


def old_model(nodes, x_shape, opset, inits=(), ir=3):
    """IR version 3 as the exporters of the time wrote it: every initializer is
    also a graph input (a default value the caller could override)."""
    ins = [vi("x", list(x_shape))] + [vi(t.name, list(t.dims), t.data_type) for t in inits]
    m = model(nodes, ins, [vi("y", None)], inits, opset)
    m.ir_version = ir
    return m


@old_case(13)
def old_unary_v1():
    # Opset 1: Relu, Sigmoid, Tanh, Exp, Neg, Sqrt with consumed_inputs.
    ops = ["Neg", "Relu", "Sigmoid", "Tanh", "Exp", "Sqrt"]
    nodes, prev = [], "x"
    for k, op in enumerate(ops):
        out = "y" if k == len(ops) - 1 else "t%d" % k
        nodes.append(helper.make_node(op, [prev], [out], name=op.lower(), consumed_inputs=[0]))
        prev = out
    return old_model(nodes, (1, 3, 5, 7), 1)


@old_case(13)
def old_unary_v6():
    ops = ["Relu", "Neg", "Sigmoid", "Tanh", "Exp"]
    nodes, prev = [], "x"
    for k, op in enumerate(ops):
        out = "y" if k == len(ops) - 1 else "t%d" % k
        nodes.append(helper.make_node(op, [prev], [out], name=op.lower()))
        prev = out
    return old_model(nodes, (1, 3, 5, 7), 6)


@old_case(13)
def old_clip_v1():
    node = helper.make_node("Clip", ["x"], ["y"], name="clip", min=-0.5, max=0.7,
                            consumed_inputs=[0])
    return old_model([node], (1, 3, 5, 7), 1)


@old_case(13)
def old_batchnorm_v1():
    c = 3
    inits = [init("s", rng.uniform(0.5, 1.5, c).astype(np.float32)), init("b", rand(c)),
             init("m", rand(c)), init("v", rng.uniform(0.5, 1.5, c).astype(np.float32))]
    node = helper.make_node("BatchNormalization", ["x", "s", "b", "m", "v"], ["y"], name="bn",
                            consumed_inputs=[0, 0, 0, 1, 1], is_test=1, spatial=1,
                            epsilon=1e-3)
    return old_model([node], (1, c, 5, 7), 1, inits)


@old_case(13)
def old_batchnorm_v6():
    c = 3
    inits = [init("s", rng.uniform(0.5, 1.5, c).astype(np.float32)), init("b", rand(c)),
             init("m", rand(c)), init("v", rng.uniform(0.5, 1.5, c).astype(np.float32))]
    node = helper.make_node("BatchNormalization", ["x", "s", "b", "m", "v"], ["y"], name="bn",
                            is_test=1, epsilon=1e-3)
    return old_model([node], (1, c, 5, 7), 6, inits)


@old_case(13)
def old_conv_pool_v1():
    w = rand(4, 3, 3, 3, scale=0.3)
    nodes = [helper.make_node("Conv", ["x", "w", "b"], ["c"], name="conv", pads=[1, 1, 1, 1]),
             helper.make_node("MaxPool", ["c"], ["p"], name="maxpool", kernel_shape=[2, 2],
                              strides=[2, 2]),
             helper.make_node("AveragePool", ["p"], ["y"], name="avgpool", kernel_shape=[2, 2],
                              pads=[1, 1, 1, 1])]
    return old_model(nodes, (1, 3, 9, 11), 1, [init("w", w), init("b", rand(4))])


def cast_concat_v13():
    nodes = [helper.make_node("Cast", ["x"], ["c"], name="cast", to=TensorProto.FLOAT),
             helper.make_node("Concat", ["c", "x"], ["y"], name="concat", axis=1)]
    return model(nodes, [vi("x", [1, 3, 5, 7])], [vi("y", None)], opset=13)


@old_case(cast_concat_v13)
def old_cast_concat_v1():
    # Cast-1's target is a type name; Concat-1's axis defaults to 1.
    nodes = [helper.make_node("Cast", ["x"], ["c"], name="cast", to="FLOAT"),
             helper.make_node("Concat", ["c", "x"], ["y"], name="concat")]
    return old_model(nodes, (1, 3, 5, 7), 1)


def reshape_softmax_v11():
    # (The version converter's Reshape 1 -> 5 adapter writes a wrong shape tensor.)
    nodes = [helper.make_node("Reshape", ["x", "s"], ["r"], name="reshape"),
             helper.make_node("Softmax", ["r"], ["y"], name="softmax")]
    return model(nodes, [vi("x", [1, 3, 5, 7])], [vi("y", None)],
                 [init("s", np.array([1, 15, 7], np.int64))], opset=11)


@old_case(reshape_softmax_v11)
def old_reshape_softmax_v1():
    nodes = [helper.make_node("Reshape", ["x"], ["r"], name="reshape", shape=[1, 15, 7],
                              consumed_inputs=[0]),
             helper.make_node("Softmax", ["r"], ["y"], name="softmax")]  # axis 1: 2-D coercion
    return old_model(nodes, (1, 3, 5, 7), 1)


@old_case(13)
def old_gemm_v1():
    # Gemm-1..6: C broadcast only with broadcast=1.
    nodes = [helper.make_node("Flatten", ["x"], ["f"], name="flatten"),
             helper.make_node("Gemm", ["f", "w", "c"], ["y"], name="gemm", broadcast=1,
                              transB=1, alpha=0.5, beta=2.0)]
    return old_model(nodes, (2, 3, 2, 2), 1, [init("w", rand(5, 12)), init("c", rand(5))])


@old_case(13)
def old_gemm_v6():
    nodes = [helper.make_node("Flatten", ["x"], ["f"], name="flatten"),
             helper.make_node("Gemm", ["f", "w", "c"], ["y"], name="gemm", broadcast=1)]
    return old_model(nodes, (2, 3, 2, 2), 6, [init("w", rand(12, 5)), init("c", rand(5))])


@old_case(13)
def old_squeeze_transpose_v1():
    nodes = [helper.make_node("Unsqueeze", ["x"], ["u"], name="unsqueeze", axes=[0]),
             helper.make_node("Transpose", ["u"], ["t"], name="transpose", perm=[0, 1, 3, 2, 4]),
             helper.make_node("Squeeze", ["t"], ["y"], name="squeeze", axes=[1])]
    return old_model(nodes, (1, 3, 5, 7), 1)


@old_case(13)
def old_dropout_identity_v1():
    nodes = [helper.make_node("Dropout", ["x"], ["d"], name="dropout", is_test=1, ratio=0.3),
             helper.make_node("Identity", ["d"], ["y"], name="identity")]
    return old_model(nodes, (1, 3, 5, 7), 1)


@old_case(13)
def old_slice_v1():
    node = helper.make_node("Slice", ["x"], ["y"], name="slice", axes=[2, 3], starts=[1, 0],
                            ends=[4, 100])
    return old_model([node], (1, 3, 5, 7), 1)


@old_case(13)
def old_reduce_matmul_v1():
    nodes = [helper.make_node("ReduceMean", ["x"], ["r"], name="reducemean", axes=[2],
                              keepdims=0),
             helper.make_node("MatMul", ["r", "w"], ["y"], name="matmul")]
    return old_model(nodes, (1, 3, 5, 7), 1, [init("w", rand(7, 4))])


@old_case(13)
def old_hardsigmoid_v1():
    node = helper.make_node("HardSigmoid", ["x"], ["y"], name="hardsigmoid", alpha=0.3,
                            beta=0.4, consumed_inputs=[0])
    return old_model([node], (1, 3, 5, 7), 1)


@old_case(13)
def old_avgpool_v7():
    node = helper.make_node("AveragePool", ["x"], ["y"], name="avgpool", kernel_shape=[3, 3],
                            pads=[1, 1, 1, 1], count_include_pad=1)
    return old_model([node], (1, 3, 5, 7), 7)



# --- newer models than Debian's ONNX 1.12 checker knows (IR version 10, opsets 18..23).
@case
def relu_ir10_opset21():
    node = helper.make_node("Relu", ["x"], ["y"], name="relu")
    m = model([node], [vi("x", [1, 3, 5, 7])], [vi("y", [1, 3, 5, 7])], opset=21)
    m.ir_version = 10
    return m


@case
def relu_opset23():
    node = helper.make_node("Relu", ["x"], ["y"], name="relu")
    m = model([node], [vi("x", [1, 3, 5, 7])], [vi("y", [1, 3, 5, 7])], opset=23)
    m.ir_version = 11
    return m


@case
def reducemax_axes_input_opset18():
    # ReduceMax-18 takes its axes as an input (ReduceMax-13 would have one input).
    node = helper.make_node("ReduceMax", ["x", "axes"], ["y"], name="reducemax", keepdims=1)
    m = model([node], [vi("x", [1, 3, 5, 7])], [vi("y", [1, 3, 1, 7])],
              [init("axes", np.array([2], np.int64))], opset=18)
    m.ir_version = 9
    return m


@case
def newer_unknown_op_opset18():
    # CenterCropPad (opset 18) is unknown to the 1.12 checker: the importer names it.
    node = helper.make_node("CenterCropPad", ["x", "s"], ["y"], name="crop")
    return model([node], [vi("x", [1, 3, 5, 7])], [vi("y", [1, 3, 4, 4])],
                 [init("s", np.array([1, 3, 4, 4], np.int64))], opset=18)


@case
def output_without_shape():
    # Graph outputs without a shape are valid ONNX (the 1.12 checker wants one).
    node = helper.make_node("Relu", ["x"], ["y"], name="relu")
    m = model([node], [vi("x", [1, 3, 5, 7])], [vi("y", [1, 3, 5, 7])])
    m.graph.output[0].type.tensor_type.ClearField("shape")
    return m


# --- group E: QuantizeLinear / DequantizeLinear (QDQ models) ---
I8, U8, I32 = TensorProto.INT8, TensorProto.UINT8, TensorProto.INT32
qrng = np.random.RandomState(4321)


def qdq(x, name, scale, zp, nodes, inits, axis=None):
    """Appends QuantizeLinear -> DequantizeLinear on activation `x` (as ONNX
    Runtime's quantizer writes them); returns the dequantized name."""
    inits += [init(name + "_s", np.asarray(scale, np.float32)), init(name + "_z", zp)]
    kw = {} if axis is None else {"axis": axis}
    nodes.append(helper.make_node("QuantizeLinear", [x, name + "_s", name + "_z"], [name + "_q"],
                                  name=name + "_Q", **kw))
    nodes.append(helper.make_node("DequantizeLinear", [name + "_q", name + "_s", name + "_z"],
                                  [name + "_dq"], name=name + "_DQ", **kw))
    return name + "_dq"


def dq_weight(name, q, scale, nodes, inits, axis=None, zp=None):
    """DequantizeLinear of a constant integer tensor (a quantized weight or bias)."""
    inits += [init(name + "_q", q), init(name + "_s", np.asarray(scale, np.float32))]
    ins = [name + "_q", name + "_s"]
    if zp is not None:
        inits.append(init(name + "_z", zp))
        ins.append(name + "_z")
    kw = {} if axis is None else {"axis": axis}
    nodes.append(helper.make_node("DequantizeLinear", ins, [name], name=name + "_DQ", **kw))
    return name


def qdq_conv_relu_conv_gemm(opset, act_signed):
    """conv -> relu -> conv -> gemm as ONNX Runtime's quantizer writes it: Q->DQ on
    every activation (uint8 asymmetric, or int8 at opset 19), int8 weights
    (per-channel axis=0 for the first conv, per-tensor for the second and the
    gemm), int32 biases with scale = x_scale * w_scale."""
    nodes, inits = [], []

    def zp(v):
        return np.array(v, np.int8 if act_signed else np.uint8)
    z0 = 0 if act_signed else 128
    sx = np.float32(4.0 / 255)
    x = qdq("x", "in", sx, zp(z0), nodes, inits)
    w1 = qrng.randint(-127, 128, (5, 3, 3, 3)).astype(np.int8)
    sw1 = (qrng.uniform(0.002, 0.01, 5)).astype(np.float32)
    dq_weight("w1", w1, sw1, nodes, inits, axis=0, zp=np.zeros(5, np.int8))
    b1 = qrng.randint(-2000, 2000, 5).astype(np.int32)
    dq_weight("b1", b1, (sx * sw1).astype(np.float32), nodes, inits, axis=0,
              zp=np.zeros(5, np.int32))
    nodes.append(helper.make_node("Conv", [x, "w1", "b1"], ["c1"], name="conv1",
                                  pads=[1, 1, 1, 1]))
    s1 = np.float32(0.05)
    c1 = qdq("c1", "c1", s1, zp(z0 - 28 if not act_signed else 3), nodes, inits)
    nodes.append(helper.make_node("Relu", [c1], ["r1"], name="relu1"))
    r1 = qdq("r1", "r1", np.float32(0.03), zp(0 if not act_signed else -128), nodes, inits)
    w2 = qrng.randint(-127, 128, (4, 5, 3, 3)).astype(np.int8)
    sw2 = np.float32(0.004)
    dq_weight("w2", w2, sw2, nodes, inits, zp=np.array(0, np.int8))
    b2 = qrng.randint(-3000, 3000, 4).astype(np.int32)
    dq_weight("b2", b2, np.float32(np.float32(0.03) * sw2), nodes, inits)
    nodes.append(helper.make_node("Conv", [r1, "w2", "b2"], ["c2"], name="conv2"))
    c2 = qdq("c2", "c2", np.float32(0.04), zp(z0), nodes, inits)
    nodes.append(helper.make_node("Flatten", [c2], ["f"], name="flatten"))
    w3 = qrng.randint(-127, 128, (4 * 5 * 7, 6)).astype(np.int8)
    sw3 = np.float32(0.003)
    dq_weight("w3", w3, sw3, nodes, inits, zp=np.array(0, np.int8))
    b3 = qrng.randint(-500, 500, 6).astype(np.int32)
    dq_weight("b3", b3, np.float32(np.float32(0.04) * sw3), nodes, inits)
    nodes.append(helper.make_node("Gemm", ["f", "w3", "b3"], ["g"], name="gemm"))
    y = qdq("g", "out", np.float32(0.1), zp(z0), nodes, inits)
    nodes.append(helper.make_node("Identity", [y], ["y"], name="id"))
    return model(nodes, [vi("x", [1, 3, 7, 9])], [vi("y", [1, 6])], inits, opset=opset)


@case
def qdq_cnn_opset13():
    return qdq_conv_relu_conv_gemm(13, act_signed=False)


@case
def qdq_cnn_opset19():
    m = qdq_conv_relu_conv_gemm(19, act_signed=True)
    m.ir_version = 9
    return m


@case
def qdq_round_saturate():
    """Exact ties and saturation: out0 = DQ(Q(c)) with c / 0.25 landing on k + 0.5
    (round half to even) and beyond [-128, 127]; out1 = DQ(Q(100 x)) (uint8,
    saturating at both ends); out2 = the Q output moved by Reshape and MaxPool
    before its DequantizeLinear."""
    nodes, inits = [], []
    c = ((np.arange(3 * 5 * 7) - 52).reshape(1, 3, 5, 7) * 5 + 0.5) * 0.25
    c[0, 0, 0, :4] = [0.125, -0.125, 0.375, -0.375]   # 0.5, -0.5, 1.5, -1.5
    inits += [init("zero", np.array(0, np.float32)), init("c", c.astype(np.float32)),
              init("hundred", np.array(100, np.float32))]
    nodes.append(helper.make_node("Mul", ["x", "zero"], ["x0"], name="mul0"))
    nodes.append(helper.make_node("Add", ["x0", "c"], ["xc"], name="addc"))
    qdq("xc", "t", np.float32(0.25), np.array(0, np.int8), nodes, inits)
    nodes.append(helper.make_node("Identity", ["t_dq"], ["y0"], name="id0"))
    nodes.append(helper.make_node("Mul", ["x", "hundred"], ["x100"], name="mul100"))
    qdq("x100", "u", np.float32(0.5), np.array(128, np.uint8), nodes, inits)
    nodes.append(helper.make_node("Identity", ["u_dq"], ["y1"], name="id1"))
    nodes.append(helper.make_node("MaxPool", ["u_q"], ["p_q"], name="pool", kernel_shape=[2, 2]))
    inits.append(init("shape", np.array([1, 3, 4, 6], np.int64)))
    nodes.append(helper.make_node("Reshape", ["p_q", "shape"], ["r_q"], name="reshape"))
    nodes.append(helper.make_node("DequantizeLinear", ["r_q", "u_s", "u_z"], ["y2"], name="dq2"))
    return model(nodes, [vi("x", [1, 3, 5, 7])], [vi("y0", None), vi("y1", None), vi("y2", None)],
                 inits, opset=13)


@case
def qdq_per_axis_activation():
    """Per-axis (axis=1) Q/DQ on a conv output, which the importer keeps NHWC."""
    nodes, inits = [], []
    inits.append(init("w", rand(4, 3, 3, 3, scale=0.5)))
    nodes.append(helper.make_node("Conv", ["x", "w"], ["c"], name="conv", pads=[1, 1, 1, 1]))
    qdq("c", "c", np.array([0.05, 0.1, 0.02, 0.2], np.float32),
        np.array([100, 128, 0, 255], np.uint8), nodes, inits, axis=1)
    nodes.append(helper.make_node("Identity", ["c_dq"], ["y"], name="id"))
    return model(nodes, [vi("x", [1, 3, 5, 7])], [vi("y", [1, 4, 5, 7])], inits, opset=13)


@case
def qdq_opset10():
    """QuantizeLinear-10 without a zero point (uint8 0) and with an int8 one."""
    nodes, inits = [], []
    inits.append(init("s", np.array(0.02, np.float32)))
    nodes.append(helper.make_node("QuantizeLinear", ["x", "s"], ["q"], name="q"))
    nodes.append(helper.make_node("DequantizeLinear", ["q", "s"], ["y0"], name="dq"))
    qdq("x", "v", np.float32(0.01), np.array(-3, np.int8), nodes, inits)
    nodes.append(helper.make_node("Identity", ["v_dq"], ["y1"], name="id"))
    return model(nodes, [vi("x", [1, 3, 5, 7])], [vi("y0", None), vi("y1", None)], inits,
                 opset=10)


@case
def qdq_opset21_uint16():
    """Opset 21: uint16 and int16 zero points, output_dtype without a zero point,
    block_size 0 written out; a DQ'd int8 per-channel MatMul weight (axis=1)."""
    nodes, inits = [], []
    qdq("x", "a", np.float32(0.001), np.array(30000, np.uint16), nodes, inits)
    qdq("a_dq", "b", np.float32(0.0005), np.array(-7, np.int16), nodes, inits)
    inits.append(init("s", np.array(0.03, np.float32)))
    nodes.append(helper.make_node("QuantizeLinear", ["b_dq", "s"], ["q"], name="q8",
                                  output_dtype=TensorProto.INT8, block_size=0))
    nodes.append(helper.make_node("DequantizeLinear", ["q", "s"], ["d"], name="dq8"))
    w = qrng.randint(-127, 128, (7, 4)).astype(np.int8)
    dq_weight("w", w, np.array([0.01, 0.02, 0.005, 0.03], np.float32), nodes, inits, axis=1,
              zp=np.zeros(4, np.int8))
    nodes.append(helper.make_node("MatMul", ["d", "w"], ["y"], name="matmul"))
    m = model(nodes, [vi("x", [1, 3, 5, 7])], [vi("y", [1, 3, 5, 4])], inits, opset=21)
    m.ir_version = 10
    return m


def qdq_error_model(node_fn, opset=13, ir=8, out_shape=(1, 3, 5, 7)):
    nodes, inits = [], []
    node_fn(nodes, inits)
    m = model(nodes, [vi("x", [1, 3, 5, 7])], [vi("y", list(out_shape))], inits, opset=opset)
    m.ir_version = ir
    return m


@case
def qdq_err_block_size():
    def f(nodes, inits):
        inits += [init("s", np.full((1, 3, 5, 7), 0.1, np.float32)),
                  init("z", np.zeros((1, 3, 5, 7), np.int8))]
        nodes.append(helper.make_node("QuantizeLinear", ["x", "s", "z"], ["q"], name="q",
                                      axis=3, block_size=2))
        nodes.append(helper.make_node("DequantizeLinear", ["q", "s", "z"], ["y"], name="dq",
                                      axis=3, block_size=2))
    return qdq_error_model(f, opset=21, ir=10)


@case
def qdq_err_float8():
    def f(nodes, inits):
        inits.append(init("s", np.array(0.1, np.float32)))
        nodes.append(helper.make_node("QuantizeLinear", ["x", "s"], ["q"], name="q",
                                      output_dtype=17))
        nodes.append(helper.make_node("DequantizeLinear", ["q", "s"], ["y"], name="dq"))
    return qdq_error_model(f, opset=21, ir=10)


@case
def qdq_err_int_add():
    def f(nodes, inits):
        inits += [init("s", np.array(0.1, np.float32)), init("z", np.array(0, np.int8))]
        nodes.append(helper.make_node("QuantizeLinear", ["x", "s", "z"], ["q"], name="q"))
        nodes.append(helper.make_node("Add", ["q", "q"], ["q2"], name="add_int8"))
        nodes.append(helper.make_node("DequantizeLinear", ["q2", "s", "z"], ["y"], name="dq"))
    return qdq_error_model(f)


@case
def qdq_err_runtime_scale():
    def f(nodes, inits):
        inits.append(init("z", np.array(0, np.int8)))
        nodes.append(helper.make_node("ReduceMax", ["x"], ["s"], name="rmax", keepdims=0))
        nodes.append(helper.make_node("QuantizeLinear", ["x", "s", "z"], ["q"], name="q"))
        nodes.append(helper.make_node("DequantizeLinear", ["q", "s", "z"], ["y"], name="dq"))
    return qdq_error_model(f)


@case
def qdq_err_axis_size():
    def f(nodes, inits):
        inits += [init("s", np.array([0.1, 0.2], np.float32)), init("z", np.zeros(2, np.int8))]
        nodes.append(helper.make_node("QuantizeLinear", ["x", "s", "z"], ["q"], name="q"))
        nodes.append(helper.make_node("DequantizeLinear", ["q", "s", "z"], ["y"], name="dq"))
    return qdq_error_model(f)


@case
def qdq_err_opset10_per_axis():
    def f(nodes, inits):
        inits += [init("s", np.array([0.1, 0.2, 0.3], np.float32)),
                  init("z", np.zeros(3, np.uint8))]
        nodes.append(helper.make_node("QuantizeLinear", ["x", "s", "z"], ["q"], name="q"))
        nodes.append(helper.make_node("DequantizeLinear", ["q", "s", "z"], ["y"], name="dq"))
    return qdq_error_model(f, opset=10)


@case
def qdq_err_dq_float():
    def f(nodes, inits):
        inits += [init("s", np.array(0.1, np.float32)), init("z", np.array(0, np.int8))]
        nodes.append(helper.make_node("Relu", ["x"], ["r"], name="relu"))
        nodes.append(helper.make_node("DequantizeLinear", ["r", "s", "z"], ["y"], name="dq"))
    m = qdq_error_model(f)
    return m
def int4_tensor(name, values, signed):
    """An INT4 (22) / UINT4 (21) initializer (IR 10; ONNX 1.12's helpers predate
    them): two elements per byte, the first in the low nibble."""
    v = (np.asarray(values).reshape(-1).astype(np.int64) & 0xF).astype(np.uint8)
    if v.size % 2:
        v = np.append(v, np.uint8(0))
    t = TensorProto()
    t.name = name
    t.data_type = 22 if signed else 21
    t.dims.extend(np.asarray(values).shape)
    t.raw_data = (v[0::2] | (v[1::2] << 4)).astype(np.uint8).tobytes()
    return t


@case
def qdq_int4_opset21():
    """Opset 21 4-bit: a uint4 Q/DQ pair on the activation (zero point 8, saturating
    at 0 and 15), then a MatMul whose weight is DequantizeLinear(int4 [7, 5],
    per-column scales (axis=1), odd element count)."""
    nodes, inits = [], []
    inits += [init("a_s", np.array(0.25, np.float32)), int4_tensor("a_z", np.array(8), False)]
    nodes.append(helper.make_node("QuantizeLinear", ["x", "a_s", "a_z"], ["a_q"], name="q4"))
    nodes.append(helper.make_node("DequantizeLinear", ["a_q", "a_s", "a_z"], ["a"], name="dq4"))
    w = qrng.randint(-8, 8, (7, 5))
    inits += [int4_tensor("w_q", w, True),
              init("w_s", np.array([0.1, 0.2, 0.05, 0.3, 0.15], np.float32))]
    nodes.append(helper.make_node("DequantizeLinear", ["w_q", "w_s"], ["w"], name="w_DQ", axis=1))
    nodes.append(helper.make_node("MatMul", ["a", "w"], ["y"], name="matmul"))
    m = model(nodes, [vi("x", [1, 3, 5, 7])], [vi("y", [1, 3, 5, 5])], inits, opset=21)
    m.ir_version = 10
    return m
# --- end group E ---


def main(argv):
    out, npy = None, None
    args = []
    i = 0
    while i < len(argv):
        if argv[i] == "-o":
            out = argv[i + 1]; i += 2
        elif argv[i] == "--input":
            npy = argv[i + 1]; i += 2
        else:
            args.append(argv[i]); i += 1
    name = args[0] if args else ""
    if name in ("truncated", "not_protobuf"):
        data = (CASES["conv_pads"]().SerializeToString()[:200] if name == "truncated"
                else b"this is not an ONNX model\n")
    elif name in CASES:
        m = CASES[name]()
        data = m.SerializeToString()
    else:
        sys.exit("make_model.py: unknown case '%s'; cases: %s" % (name, ", ".join(sorted(CASES))))
    if out:
        open(out, "wb").write(data)
    else:
        sys.stdout.buffer.write(data)
    if npy:
        # One random array per graph input: the first in NPY, input k >= 1 in
        # NPY with ".in<k>.npy" for ".npy". For models with several inputs, the
        # ONNX Runtime oracle (one input only) runs NPY's ".oracle.onnx": the same
        # model with inputs 1.. frozen as initializers holding those arrays.
        m = onnx.load_from_string(data)
        gen = np.random.RandomState(7)
        frozen = []
        inits = {t.name for t in m.graph.initializer}
        for k, inp in enumerate(i for i in m.graph.input if i.name not in inits):
            dims = inp.type.tensor_type.shape.dim
            shape = [d.dim_value if d.dim_value > 0 else {"N": 1, "H": 12, "W": 20}.get(
                d.dim_param, 1) for d in dims]
            arr = gen.uniform(-2, 2, shape).astype(np.float32)
            np.save(npy if k == 0 else npy[:-4] + ".in%d.npy" % k, arr)
            if k > 0:
                frozen.append(init(inp.name, arr))
        if frozen:
            names = {t.name for t in frozen}
            keep = [i for i in m.graph.input if i.name not in names]
            del m.graph.input[:]
            m.graph.input.extend(keep)
            m.graph.initializer.extend(frozen)
            onnx.save(m, npy[:-4] + ".oracle.onnx")
        if name in ORACLE_OPSET:
            from onnx import version_converter
            target = ORACLE_OPSET[name]
            oracle = (target() if callable(target) else version_converter.convert_version(
                onnx.shape_inference.infer_shapes(m), target))
            onnx.save(oracle, npy[:-4] + ".oracle.onnx")


if __name__ == "__main__":
    main(sys.argv[1:])
