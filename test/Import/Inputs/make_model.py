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


# --- group D: reductions, MatMul/Gemm broadcasting, Einsum, Slice steps, Expand/Tile/Split
@case
def reduce2_nhwc():
    # The new reductions on an NHWC conv output: keepdims (stays NHWC) and not,
    # axes given, negative, and omitted (all axes).
    nodes = [helper.make_node("Conv", ["x", "w"], ["c"], name="conv"),
             helper.make_node("ReduceL1", ["c"], ["l1"], name="rl1", axes=[2, -1]),
             helper.make_node("ReduceL2", ["c"], ["l2"], name="rl2", axes=[1], keepdims=0),
             helper.make_node("ReduceLogSumExp", ["c"], ["lse"], name="rlse", axes=[1, 3]),
             helper.make_node("ReduceSumSquare", ["c"], ["ss"], name="rss", keepdims=0),
             helper.make_node("ReduceProd", ["c"], ["pr"], name="rprod", axes=[1]),
             helper.make_node("ReduceL2", ["c"], ["l2all"], name="rl2all")]
    return model(nodes, [vi("x", [1, 3, 5, 7])],
                 [vi("l1", None), vi("l2", None), vi("lse", None), vi("ss", None),
                  vi("pr", None), vi("l2all", None)],
                 [init("w", rand(4, 3, 1, 1, scale=0.5))])


@case
def reduce2_3d():
    # ONNX-order 3-D reductions; LogSum of a positive value (x*x + 1); LogSumExp
    # of large values (x * 100: exp would overflow without the max shift);
    # ReduceSum axes input (13) with keepdims 0; ReduceMax/Min/Mean at opset 11.
    nodes = [helper.make_node("Mul", ["x", "x"], ["sq"], name="sq"),
             helper.make_node("Add", ["sq", "one"], ["pos"], name="pos"),
             helper.make_node("ReduceLogSum", ["pos"], ["ls"], name="rls", axes=[0, 2]),
             helper.make_node("Mul", ["x", "hundred"], ["big"], name="big"),
             helper.make_node("ReduceLogSumExp", ["big"], ["lse"], name="rlse", axes=[-1],
                              keepdims=0),
             helper.make_node("ReduceProd", ["x"], ["pr"], name="rprod", keepdims=0),
             helper.make_node("ReduceL1", ["x"], ["l1"], name="rl1", axes=[1], keepdims=0),
             helper.make_node("ReduceSum", ["x", "ax"], ["s"], name="rsum", keepdims=0)]
    return model(nodes, [vi("x", [2, 3, 5])],
                 [vi("ls", None), vi("lse", None), vi("pr", None), vi("l1", None),
                  vi("s", None)],
                 [init("one", np.array(1, np.float32)), init("hundred", np.array(100, np.float32)),
                  init("ax", np.array([0, -1], np.int64))])


@case
def reduce2_opset11():
    # Opset 11 forms (axes attributes) of the old and new reductions.
    nodes = [helper.make_node("ReduceSumSquare", ["x"], ["a"], name="rss", axes=[1]),
             helper.make_node("ReduceMean", ["x"], ["b"], name="rmean", axes=[0], keepdims=0),
             helper.make_node("ReduceSum", ["x"], ["c"], name="rsum", axes=[2], keepdims=0),
             helper.make_node("ReduceLogSumExp", ["x"], ["d"], name="rlse")]
    return model(nodes, [vi("x", [2, 3, 4])],
                 [vi("a", None), vi("b", None), vi("c", None), vi("d", None)], opset=11)


@case
def reduce2_noop():
    return unary_model("ReduceL1", shape=(2, 3), opset=18, noop_with_empty_axes=1)


@case
def argmax_refused():
    return unary_model("ArgMax", shape=(2, 3), axis=1)


@case
def topk_refused():
    node = helper.make_node("TopK", ["x", "k"], ["v", "i"], name="topk")
    return model([node], [vi("x", [2, 3])], [vi("v", None)],
                 [init("k", np.array([2], np.int64))])


@case
def slice_steps():
    # Runtime Slice with steps: 2 and -3 (ends before start), steps beyond the
    # dim (one element), a last step group past the end, INT64 extremes, axes
    # negative and omitted.
    big, small = np.iinfo(np.int64).max, np.iinfo(np.int64).min
    def sl(name, out, starts, ends, axes=None, steps=None):
        ins = ["x", name + "_s", name + "_e"]
        inits = [init(name + "_s", np.array(starts, np.int64)),
                 init(name + "_e", np.array(ends, np.int64))]
        for key, val in (("_a", axes), ("_t", steps)):
            if val is None:
                ins.append("")
            else:
                ins.append(name + key)
                inits.append(init(name + key, np.array(val, np.int64)))
        while ins[-1] == "":
            ins.pop()
        return helper.make_node("Slice", ins, [out], name=name), inits
    parts = [sl("a", "ya", [1, -2], [6, 0], None, [2, -3]),
             sl("b", "yb", [big], [small], [-1], [-1]),
             sl("c", "yc", [0, 2], [big, 3], [1, 0], [4, 100]),
             sl("d", "yd", [0], [7], [0], [3]),
             sl("e", "ye", [big, -1], [small, small], [0, 1], [small + 1, small])]
    nodes = [p[0] for p in parts]
    inits = [t for p in parts for t in p[1]]
    return model(nodes, [vi("x", [7, 13])],
                 [vi(o, None) for o in ("ya", "yb", "yc", "yd", "ye")], inits)


@case
def slice_steps_nhwc():
    # Strided and reversed Slice of an NHWC conv output (stays NHWC), then Relu.
    nodes = [helper.make_node("Conv", ["x", "w"], ["c"], name="conv"),
             helper.make_node("Slice", ["c", "s", "e", "a", "t"], ["sl"], name="slice"),
             helper.make_node("Relu", ["sl"], ["y"], name="relu")]
    return model(nodes, [vi("x", [1, 3, 9, 11])], [vi("y", None)],
                 [init("w", rand(5, 3, 1, 1)), init("s", np.array([-1, 1, 10], np.int64)),
                  init("e", np.array([-100, 9, 0], np.int64)),
                  init("a", np.array([1, 2, -1], np.int64)),
                  init("t", np.array([-2, 3, -4], np.int64))])


@case
def expand_tile():
    # Expand: [3,1] to [2,1,4] (rank grows), [3,4] to [1,1] (shape smaller than
    # the input), an NHWC conv output over N; a folded constant Expand; Tile of a
    # runtime [3,4] and of an NHWC value.
    nodes = [helper.make_node("Expand", ["x", "s1"], ["e1"], name="expand_grow"),
             helper.make_node("Expand", ["x", "s2"], ["e2"], name="expand_small"),
             helper.make_node("Conv", ["img", "w"], ["c"], name="conv"),
             helper.make_node("Expand", ["c", "s3"], ["e3"], name="expand_nhwc"),
             helper.make_node("Expand", ["k", "s4"], ["kk"], name="expand_const"),
             helper.make_node("Add", ["x", "kk"], ["e4"], name="add_const"),
             helper.make_node("Tile", ["x", "r1"], ["t1"], name="tile"),
             helper.make_node("Tile", ["c", "r2"], ["t2"], name="tile_nhwc")]
    return model(nodes, [vi("x", [3, 4]), vi("img", [1, 2, 3, 5])],
                 [vi(o, None) for o in ("e1", "e2", "e3", "e4", "t1", "t2")],
                 [init("w", rand(3, 2, 1, 1)), init("s1", np.array([2, 3, 4], np.int64)),
                  init("s2", np.array([1, 1], np.int64)),
                  init("s3", np.array([2, 1, 1, 1], np.int64)),
                  init("k", rand(1, 4)), init("s4", np.array([3, 1], np.int64)),
                  init("r1", np.array([2, 3], np.int64)),
                  init("r2", np.array([1, 2, 1, 3], np.int64))])


@case
def expand_1d():
    # Expand of a [5] input to [3, 1, 5] at opset 8, the first with Expand.
    node = helper.make_node("Expand", ["x", "s"], ["y"], name="expand")
    return model([node], [vi("x", [5])], [vi("y", None)],
                 [init("s", np.array([3, 1, 5], np.int64))], opset=8)


@case
def split13():
    # Opset 13: split sizes as input, equal split, NHWC split over channels.
    nodes = [helper.make_node("Split", ["x", "sp"], ["a", "b", "c"], name="split_sizes", axis=1),
             helper.make_node("Split", ["x"], ["d", "e"], name="split_equal", axis=0),
             helper.make_node("Conv", ["img", "w"], ["cv"], name="conv"),
             helper.make_node("Split", ["cv", "sp2"], ["f", "g"], name="split_nhwc", axis=1),
             helper.make_node("Split", ["cv"], ["h", "i", "j"], name="split_w", axis=-1),
             helper.make_node("Split", ["kc", "sp3"], ["k1", "k2"], name="split_const"),
             helper.make_node("Add", ["k2", "d"], ["kd"], name="add_const")]
    return model(nodes, [vi("x", [4, 9]), vi("img", [1, 2, 3, 6])],
                 [vi(o, None) for o in ("a", "b", "c", "e", "f", "g", "h", "j", "kd")],
                 [init("sp", np.array([2, 3, 4], np.int64)), init("w", rand(5, 2, 1, 1)),
                  init("sp2", np.array([1, 4], np.int64)), init("kc", rand(5, 9)),
                  init("sp3", np.array([3, 2], np.int64))])


@case
def split11():
    # Opset 11: split sizes as attribute; default axis 0; an output nobody reads
    # (an empty output name crashes ONNX Runtime 1.30).
    nodes = [helper.make_node("Split", ["x"], ["a", "b", "c"], name="split", split=[1, 2, 1]),
             helper.make_node("Split", ["x"], ["d", "e"], name="split2", axis=1, split=[6, 3])]
    return model(nodes, [vi("x", [4, 9])], [vi("a", None), vi("c", None), vi("d", None),
                                            vi("e", None)], opset=11)


@case
def split_uneven():
    node = helper.make_node("Split", ["x"], ["a", "b"], name="split", axis=1)
    return model([node], [vi("x", [2, 7])], [vi("a", None), vi("b", None)], infer=False)


@case
def split_bad_sizes():
    node = helper.make_node("Split", ["x", "sp"], ["a", "b"], name="split", axis=1)
    return model([node], [vi("x", [2, 7])], [vi("a", None), vi("b", None)],
                 [init("sp", np.array([3, 3], np.int64))], infer=False)


@case
def split18_num_outputs():
    node = helper.make_node("Split", ["x"], ["a", "b", "c"], name="split", axis=1,
                            num_outputs=3)
    return model([node], [vi("x", [2, 7])], [vi("a", None), vi("b", None), vi("c", None)],
                 opset=18, infer=False)


@case
def expand_bad():
    node = helper.make_node("Expand", ["x", "s"], ["y"], name="expand")
    return model([node], [vi("x", [3, 4])], [vi("y", None)],
                 [init("s", np.array([2, 4], np.int64))], infer=False)


@case
def tile_zero_repeats():
    node = helper.make_node("Tile", ["x", "r"], ["y"], name="tile")
    return model([node], [vi("x", [3, 4])], [vi("y", None)],
                 [init("r", np.array([0, 2], np.int64))], infer=False)


@case
def tile_bad_repeats():
    node = helper.make_node("Tile", ["x", "r"], ["y"], name="tile")
    return model([node], [vi("x", [3, 4])], [vi("y", None)],
                 [init("r", np.array([2], np.int64))], infer=False)


def numerics(fill=None, reference=None):
    """Marks a numerics case: its input is a plane of `fill` (else random), and
    `reference(x as float64)` gives its float64 results (harness --reference numpy)."""
    def mark(fn):
        if fill is not None:
            fn.fill = fill
        fn.reference = reference
        return case(fn)
    return mark


def _gap_case(n):
    node = helper.make_node("GlobalAveragePool", ["x"], ["y"], name="gap")
    return model([node], [vi("x", [1, 1, n, n])], [vi("y", None)])


@numerics(1.7, lambda x: [x.mean(axis=(2, 3), keepdims=True)])
def gap_plane_1024():
    return _gap_case(1024)


@numerics(1.7, lambda x: [x.mean(axis=(2, 3), keepdims=True)])
def gap_plane_4097():
    return _gap_case(4097)


def _reduce_case(op, n):
    node = helper.make_node(op, ["x"], ["y"], name=op.lower(), keepdims=0)
    return model([node], [vi("x", [n, n])], [vi("y", None)])


@numerics(1.7, lambda x: [np.array(x.mean())])
def reducemean_plane_1024():
    return _reduce_case("ReduceMean", 1024)


@numerics(1.7, lambda x: [np.array(x.mean())])
def reducemean_plane_4097():
    return _reduce_case("ReduceMean", 4097)


@numerics(1.7, lambda x: [np.array(x.sum())])
def reducesum_plane_1024():
    return _reduce_case("ReduceSum", 1024)


@numerics(1.7, lambda x: [np.array(x.sum())])
def reducesum_plane_4097():
    return _reduce_case("ReduceSum", 4097)


def _softmax64(x):
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return [e / e.sum(axis=-1, keepdims=True)]


@numerics(None, _softmax64)
def softmax_long():
    # Softmax over 65536 random values (exp(x - max) in [e^-4, 1]).
    node = helper.make_node("Softmax", ["x"], ["y"], name="softmax", axis=-1)
    return model([node], [vi("x", [2, 65536])], [vi("y", None)])


@case
def gap_512x32x32():
    # Timing of the blocked GlobalAveragePool (docs: compress-blocked-sums).
    node = helper.make_node("GlobalAveragePool", ["x"], ["y"], name="gap")
    return model([node], [vi("x", [1, 512, 32, 32])], [vi("y", None)])


def _matmul_case(a_shape, b_shape, b_const):
    node = helper.make_node("MatMul", ["x", "b"], ["y"], name="matmul")
    if b_const:
        return model([node], [vi("x", a_shape)], [vi("y", None)], [init("b", rand(*b_shape))])
    return model([node], [vi("x", a_shape), vi("b", b_shape)], [vi("y", None)])


for _name, _a, _b in (("4d_2d", [2, 3, 4, 5], [5, 6]), ("1_3", [1, 4, 5], [3, 5, 6]),
                      ("2d_3d", [4, 5], [2, 5, 6]), ("vec_3d", [5], [2, 5, 6]),
                      ("4d_vec", [2, 3, 4, 5], [5]), ("vec_2d", [5], [5, 6]),
                      ("mixed", [2, 1, 4, 5], [3, 5, 6]), ("3d_1", [3, 4, 5], [1, 5, 6])):
    for _const in (True, False):
        _case_name = "matmul_bcast_%s_%s" % (_name, "const" if _const else "runtime")
        CASES[_case_name] = (lambda a, b, c: lambda: _matmul_case(a, b, c))(_a, _b, _const)


def _gemm_case(c_shape, opset=13, b_const=True, **attrs):
    ins = ["x", "b"] + (["c"] if c_shape is not None else [])
    node = helper.make_node("Gemm", ins, ["y"], name="gemm", **attrs)
    ta, tb = attrs.get("transA", 0), attrs.get("transB", 0)
    a_shape = [5, 3] if ta else [3, 5]
    b_shape = [4, 5] if tb else [5, 4]
    inits = [] if c_shape is None else [init("c", rand(*c_shape))]
    inputs = [vi("x", a_shape)]
    if b_const:
        inits.append(init("b", rand(*b_shape)))
    else:
        inputs.append(vi("b", b_shape))
    return model([node], inputs, [vi("y", None)], inits, opset)


CASES.update({
    "gemm_scalar_c": lambda: _gemm_case([], transA=1, alpha=0.5, beta=2.0),
    "gemm_vector_c": lambda: _gemm_case([4], transB=1, alpha=1.5),
    "gemm_column_c": lambda: _gemm_case([3, 1], transA=1, transB=1, beta=-1.0),
    "gemm_full_c": lambda: _gemm_case([3, 4], alpha=2.0, beta=0.5),
    "gemm_no_c": lambda: _gemm_case(None, transB=1, alpha=0.25),
    "gemm_runtime_b": lambda: _gemm_case([3, 4], b_const=False, transA=1, transB=1, alpha=0.5,
                                         beta=3.0),
    "gemm_runtime_c": lambda: model(
        [helper.make_node("Gemm", ["x", "b", "c"], ["y"], name="gemm", beta=-2.0, transB=1)],
        [vi("x", [3, 5]), vi("c", [3, 1])], [vi("y", None)], [init("b", rand(4, 5))]),
    "gemm_opset6_broadcast": lambda: _gemm_case([4], opset=6, broadcast=1, alpha=0.5),
    "gemm_opset6_full": lambda: _gemm_case([3, 4], opset=6, beta=2.0),
    "gemm_opset6_no_broadcast": lambda: _gemm_case([4], opset=6),
})


def _einsum_case(equation, a_shape, b_shape, b_const=False):
    node = helper.make_node("Einsum", ["x", "b"], ["y"], name="einsum", equation=equation)
    if b_const:
        return model([node], [vi("x", a_shape)], [vi("y", None)], [init("b", rand(*b_shape))],
                     opset=12)
    return model([node], [vi("x", a_shape), vi("b", b_shape)], [vi("y", None)], opset=12)


CASES.update({
    "einsum_ij_jk": lambda: _einsum_case("ij,jk->ik", [3, 4], [4, 5]),
    "einsum_bij_bjk": lambda: _einsum_case("bij,bjk->bik", [2, 3, 4], [2, 4, 5]),
    "einsum_bhij_bhjk": lambda: _einsum_case("bhij,bhjk->bhik", [2, 3, 4, 5], [2, 3, 5, 6]),
    "einsum_ij_kj": lambda: _einsum_case("ij,kj->ik", [3, 4], [5, 4], b_const=True),
    "einsum_ellipsis": lambda: _einsum_case("...ij,...jk->...ik", [2, 3, 4, 5], [2, 3, 5, 6]),
    "einsum_implicit": lambda: _einsum_case("ij,jk", [3, 4], [4, 5]),
    "einsum_spaces": lambda: _einsum_case(" b i j , b k j -> b k i ", [2, 3, 4], [2, 5, 4]),
    "einsum_attention": lambda: _einsum_case("bhqd,bhkd->bhqk", [1, 2, 3, 4], [1, 2, 5, 4]),
    "einsum_full_contraction": lambda: _einsum_case("ij,ij->", [3, 4], [3, 4]),
    "einsum_ellipsis_one_side": lambda: _einsum_case("...ij,jk->...ik", [2, 3, 4], [4, 5],
                                                     b_const=True),
    "einsum_transposed_out": lambda: _einsum_case("ij,jk->ki", [3, 4], [4, 5]),
    "einsum_broadcast": lambda: _einsum_case("bij,bjk->bik", [2, 3, 4], [1, 4, 5]),
    "einsum_diagonal": lambda: _einsum_case("ii,ij->ij", [3, 3], [3, 4]),
    "einsum_sum_out": lambda: _einsum_case("ij,jk->k", [3, 4], [4, 5]),
    "einsum_outer": lambda: _einsum_case("i,j->ij", [3], [4]),
    "einsum_one_operand": lambda: model(
        [helper.make_node("Einsum", ["x"], ["y"], name="einsum", equation="ij->ji")],
        [vi("x", [3, 4])], [vi("y", None)], opset=12),
})


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
        for k, inp in enumerate(m.graph.input):
            dims = inp.type.tensor_type.shape.dim
            shape = [d.dim_value if d.dim_value > 0 else {"N": 1, "H": 12, "W": 20}.get(
                d.dim_param, 1) for d in dims]
            fn = CASES.get(name)
            if hasattr(fn, "fill"):  # group D numerics cases: a plane of one value
                arr = np.full(shape, fn.fill, np.float32)
            else:
                arr = gen.uniform(-2, 2, shape).astype(np.float32)
            np.save(npy if k == 0 else npy[:-4] + ".in%d.npy" % k, arr)
            if k == 0 and hasattr(fn, "reference"):  # float64 results: x.ref<k>.npy
                for j, ref in enumerate(fn.reference(arr.astype(np.float64))):
                    np.save(npy[:-4] + ".ref%d.npy" % j, ref)
            if k > 0:
                frozen.append(init(inp.name, arr))
        if frozen:
            names = {t.name for t in frozen}
            keep = [i for i in m.graph.input if i.name not in names]
            del m.graph.input[:]
            m.graph.input.extend(keep)
            m.graph.initializer.extend(frozen)
            onnx.save(m, npy[:-4] + ".oracle.onnx")


if __name__ == "__main__":
    main(sys.argv[1:])
