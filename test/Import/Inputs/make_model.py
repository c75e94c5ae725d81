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
    return model([node], [vi("x", [2, 3], TensorProto.INT64)], [vi("y", None, TensorProto.INT64)])


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
def gelu_opset19():
    # Gelu appeared in opset 20: at opset 19 it does not exist (ONNX Runtime refuses it too).
    node = helper.make_node("Gelu", ["x"], ["y"], name="gelu")
    return model([node], [vi("x", [1, 3, 5, 7])], [vi("y", [1, 3, 5, 7])], opset=19)


@case
def reduce_axes_input_opset18():
    # Opset 18: every reduction takes its axes as an input (negative, several, none =
    # all axes); noop_with_empty_axes = 1 with no axes is the identity for ReduceMax
    # and ReduceProd; on an NHWC conv output and on the graph input.
    nodes = [helper.make_node("Conv", ["x", "w"], ["c"], name="conv")]
    outs = []
    for k, (op, axes, keep) in enumerate([("ReduceMax", "a1", 1), ("ReduceMin", "a2", 0),
                                          ("ReduceMean", "a1", 0), ("ReduceL1", "a2", 1),
                                          ("ReduceL2", "a1", 1), ("ReduceLogSumExp", "a2", 0),
                                          ("ReduceLogSum", "", 1), ("ReduceSumSquare", "a1", 0),
                                          ("ReduceProd", "a2", 1)]):
        src = "c" if k % 2 == 0 else "x"
        ins = [src, axes] if axes else [src]
        nodes.append(helper.make_node(op, ins, ["r%d" % k], name=op.lower(), keepdims=keep))
        outs.append("r%d" % k)
    nodes.append(helper.make_node("Abs", ["x"], ["ax"], name="abs"))
    nodes.append(helper.make_node("ReduceLogSum", ["ax", "a1"], ["ls"], name="logsum"))
    nodes.append(helper.make_node("ReduceMax", ["x"], ["noop"], name="noop",
                                  noop_with_empty_axes=1))
    outs += ["ls", "noop"]
    m = model(nodes, [vi("x", [1, 3, 5, 7])], [vi(o, None) for o in outs],
              [init("w", rand(4, 3, 1, 1, scale=0.5)), init("a1", np.array([-1, 1], np.int64)),
               init("a2", np.array([2], np.int64))], opset=18, infer=False)
    m.ir_version = 9
    return m


@case
def output_without_shape():
    # Graph outputs without a shape are valid ONNX (the 1.12 checker wants one).
    node = helper.make_node("Relu", ["x"], ["y"], name="relu")
    m = model([node], [vi("x", [1, 3, 5, 7])], [vi("y", [1, 3, 5, 7])])
    m.graph.output[0].type.tensor_type.ClearField("shape")
    return m


# --- group C: pooling, Conv1d, Pad modes, degenerate conv/pool shapes ---------------
def pool_model(op, shape, opset=13, outputs=1, **attrs):
    outs = ["y"] + ["idx"] * (outputs - 1)
    node = helper.make_node(op, ["x"], outs, name=op.lower(), **attrs)
    return model([node], [vi("x", list(shape))], [vi(o, None) for o in outs], (), opset)


def pad_model(shape, pads, mode, opset=13, value=None, axes=None, after_conv=False):
    # Pad with pads (and constant_value, axes) as inputs; `after_conv` pads a
    # 1x1 conv's output (NHWC inside) instead of the graph input.
    nodes, inits = [], [init("pads", np.array(pads, np.int64))]
    ins = ["c" if after_conv else "x", "pads"]
    if value is not None or axes is not None:
        ins.append("")
        if value is not None:
            ins[-1] = "val"
            inits.append(init("val", np.float32(value)))
    if axes is not None:
        ins.append("axes")
        inits.append(init("axes", np.array(axes, np.int64)))
    if after_conv:
        nodes.append(helper.make_node("Conv", ["x", "w"], ["c"], name="conv"))
        inits.append(init("w", rand(shape[1], shape[1], 1, 1)))
    nodes.append(helper.make_node("Pad", ins, ["y"], name="pad", mode=mode))
    return model(nodes, [vi("x", list(shape))], [vi("y", None)], inits, opset)


# MaxPool / AveragePool attribute forms.
@case
def maxpool_dilation():
    return pool_model("MaxPool", (1, 3, 9, 11), opset=12, kernel_shape=[2, 3], dilations=[2, 2],
                      strides=[1, 2], pads=[1, 1, 1, 2])


@case
def maxpool_dilation_ceil():
    return pool_model("MaxPool", (1, 2, 8, 9), opset=12, kernel_shape=[3, 3], dilations=[2, 3],
                      strides=[2, 2], ceil_mode=1)


@case
def avgpool_ceil():
    return pool_model("AveragePool", (1, 3, 7, 10), kernel_shape=[3, 3], strides=[2, 2],
                      pads=[1, 0, 1, 0], ceil_mode=1)


@case
def avgpool_ceil_count_pad():
    return pool_model("AveragePool", (1, 3, 7, 10), kernel_shape=[3, 3], strides=[2, 2],
                      pads=[1, 1, 1, 1], ceil_mode=1, count_include_pad=1)


@case
def maxpool_ceil_last_window():
    # The ceil window would start in the end padding: it is not added (3, not 4).
    return pool_model("MaxPool", (1, 2, 6, 6), kernel_shape=[2, 2], strides=[2, 2],
                      pads=[0, 0, 1, 1], ceil_mode=1)


@case
def avgpool_ceil_last_window():
    return pool_model("AveragePool", (1, 2, 6, 6), kernel_shape=[2, 2], strides=[2, 2],
                      pads=[0, 0, 1, 1], ceil_mode=1, count_include_pad=1)


@case
def maxpool_same_upper():
    return pool_model("MaxPool", (1, 3, 7, 10), kernel_shape=[3, 4], strides=[2, 3],
                      auto_pad="SAME_UPPER")


@case
def maxpool_same_lower():
    return pool_model("MaxPool", (1, 3, 7, 10), kernel_shape=[3, 4], strides=[2, 3],
                      auto_pad="SAME_LOWER")


@case
def avgpool_same_upper():
    return pool_model("AveragePool", (1, 3, 7, 10), kernel_shape=[3, 4], strides=[2, 3],
                      auto_pad="SAME_UPPER")


@case
def avgpool_same_lower_count_pad():
    return pool_model("AveragePool", (1, 3, 7, 10), kernel_shape=[3, 4], strides=[2, 3],
                      auto_pad="SAME_LOWER", count_include_pad=1)


@case
def avgpool_valid():
    return pool_model("AveragePool", (1, 3, 7, 10), kernel_shape=[3, 4], strides=[2, 3],
                      auto_pad="VALID")


@case
def maxpool_1d():
    return pool_model("MaxPool", (1, 4, 17), kernel_shape=[3], strides=[2], pads=[1, 2])


@case
def maxpool_1d_dilation_ceil():
    return pool_model("MaxPool", (2, 3, 16), opset=12, kernel_shape=[3], strides=[2],
                      dilations=[2], ceil_mode=1)


@case
def avgpool_1d_count_pad():
    return pool_model("AveragePool", (1, 4, 17), kernel_shape=[4], strides=[3], pads=[2, 1],
                      count_include_pad=1, ceil_mode=1)


@case
def avgpool_1d_same():
    return pool_model("AveragePool", (1, 4, 17), kernel_shape=[4], strides=[3],
                      auto_pad="SAME_UPPER")


@case
def global_maxpool():
    return pool_model("GlobalMaxPool", (1, 5, 6, 7))


@case
def global_maxpool_1d():
    return pool_model("GlobalMaxPool", (2, 5, 9))


@case
def global_avgpool_1d():
    return pool_model("GlobalAveragePool", (2, 5, 9))


@case
def maxpool_indices():
    # Indices (read by a second node) are refused.
    nodes = [helper.make_node("MaxPool", ["x"], ["y", "idx"], name="maxpool",
                              kernel_shape=[2, 2], storage_order=1),
             helper.make_node("Cast", ["idx"], ["z"], name="cast", to=TensorProto.FLOAT)]
    return model(nodes, [vi("x", [1, 2, 4, 4])], [vi("y", None), vi("z", None)])


@case
def maxpool_unused_indices():
    # storage_order=1 only orders Indices: unused, the pool is imported.
    return pool_model("MaxPool", (1, 2, 5, 6), outputs=1, kernel_shape=[2, 2], storage_order=1)


@case
def pool_pads_kernel():
    return pool_model("AveragePool", (1, 2, 5, 6), kernel_shape=[2, 2], pads=[2, 0, 0, 0])


@case
def pool_5d():
    return pool_model("MaxPool", (1, 2, 3, 4, 5), kernel_shape=[2, 2, 2])


@case
def pool_1d_kernel_rank():
    node = helper.make_node("MaxPool", ["x"], ["y"], name="maxpool", kernel_shape=[2, 2])
    return model([node], [vi("x", [1, 2, 9])], [vi("y", None)], infer=False)


@case
def global_pool_5d():
    return pool_model("GlobalMaxPool", (1, 2, 3, 4, 5))


# Conv1d.
@case
def conv1d():
    return conv_model([1, 3, 20], rand(4, 3, 5), rand(4), pads=[2, 1], strides=[2],
                      dilations=[2])


@case
def conv1d_group():
    return conv_model([1, 6, 15], rand(4, 3, 3), rand(4), group=2, pads=[1, 1])


@case
def conv1d_depthwise():
    return conv_model([1, 4, 16], rand(8, 1, 3), rand(8), group=4, strides=[2],
                      auto_pad="SAME_UPPER")


@case
def conv1d_same_lower():
    return conv_model([1, 3, 16], rand(5, 3, 4), None, strides=[3], auto_pad="SAME_LOWER")


@case
def conv1d_valid():
    return conv_model([2, 3, 16], rand(5, 3, 4), rand(5), kernel_shape=[4], strides=[3],
                      auto_pad="VALID")


@case
def conv1d_runtime_weight():
    node = helper.make_node("Conv", ["x", "w", "b"], ["y"], name="conv", pads=[1, 1])
    return model([node], [vi("x", [1, 3, 12]), vi("w", [4, 3, 3]), vi("b", [4])],
                 [vi("y", None)])


@case
def conv1d_kws():
    # A keyword-spotting style 1-D CNN: conv1d, relu, maxpool1d, depthwise
    # conv1d, global average pool, flatten, gemm.
    nodes = [helper.make_node("Conv", ["x", "w1", "b1"], ["c1"], name="conv1", pads=[2, 2],
                              strides=[2]),
             helper.make_node("Relu", ["c1"], ["r1"], name="relu1"),
             helper.make_node("MaxPool", ["r1"], ["p1"], name="pool1", kernel_shape=[2],
                              strides=[2]),
             helper.make_node("Conv", ["p1", "w2", "b2"], ["c2"], name="conv2", group=16,
                              pads=[1, 1]),
             helper.make_node("Conv", ["c2", "w3", "b3"], ["c3"], name="conv3"),
             helper.make_node("Relu", ["c3"], ["r3"], name="relu3"),
             helper.make_node("GlobalAveragePool", ["r3"], ["g"], name="gap"),
             helper.make_node("Flatten", ["g"], ["f"], name="flatten"),
             helper.make_node("Gemm", ["f", "wf", "bf"], ["y"], name="fc", transB=1)]
    return model(nodes, [vi("x", [1, 10, 49])], [vi("y", None)],
                 [init("w1", rand(16, 10, 5, scale=0.3)), init("b1", rand(16)),
                  init("w2", rand(16, 1, 3, scale=0.3)), init("b2", rand(16)),
                  init("w3", rand(32, 16, 1, scale=0.3)), init("b3", rand(32)),
                  init("wf", rand(12, 32, scale=0.3)), init("bf", rand(12))])


@case
def conv1d_kernel_shape():
    return conv_model([1, 3, 20], rand(4, 3, 5), None, infer=False, kernel_shape=[5, 1])


@case
def conv_5d():
    return conv_model([1, 3, 4, 4, 4], rand(2, 3, 2, 2, 2), None)


# Pad modes.
@case
def pad_reflect_nhwc():
    return pad_model((1, 3, 5, 6), [0, 0, 2, 1, 0, 0, 1, 5], "reflect", after_conv=True)


@case
def pad_edge_nhwc():
    return pad_model((1, 3, 5, 6), [0, 0, 3, 1, 0, 0, 1, 4], "edge", after_conv=True)


@case
def pad_reflect_width2():
    # Width 2: reflect pads at most 1 (width - 1) on each side.
    return pad_model((1, 2, 2, 2), [0, 0, 1, 1, 0, 0, 1, 1], "reflect")


@case
def pad_reflect_max():
    # pad = width - 1 on each side, and on N and C.
    return pad_model((2, 3, 4, 5), [1, 2, 3, 4, 1, 2, 3, 4], "reflect")


@case
def pad_edge_nc():
    return pad_model((2, 3, 4, 5), [2, 1, 0, 0, 3, 4, 0, 1], "edge")


@case
def pad_negative_constant():
    return pad_model((1, 3, 6, 7), [0, -1, 2, -3, 0, 1, -2, 2], "constant", value=0.5)


@case
def pad_negative_reflect():
    return pad_model((1, 3, 6, 7), [0, 0, -2, 3, 0, -1, 2, -3], "reflect", after_conv=True)


@case
def pad_negative_edge():
    return pad_model((2, 3, 6, 7), [-1, 2, 4, -3, 0, -1, -2, 2], "edge")


@case
def pad_edge_opset2():
    return unary_model("Pad", shape=(1, 3, 4, 5), opset=2, mode="edge", pads=[0, 0, 1, 2, 0, 0, 3, 1])


@case
def pad_reflect_opset11():
    return pad_model((3, 4, 5), [1, 2, 0, 2, 3, 4], "reflect", opset=11)


@case
def pad_edge_3d():
    return pad_model((3, 4, 5), [-1, 3, 2, 1, 0, -2], "edge", opset=13, value=2.0)


@case
def pad_wrap():
    return pad_model((1, 3, 4, 5), [0, 1, 2, 5, 0, 2, 4, 3], "wrap", opset=19)


@case
def pad_reflect_too_far():
    return pad_model((1, 3, 4, 5), [0, 0, 4, 0, 0, 0, 0, 0], "reflect")


@case
def pad_wrap_too_far():
    return pad_model((1, 3, 4, 5), [0, 0, 0, 0, 0, 0, 0, 6], "wrap", opset=19)


@case
def pad_unknown_mode():
    return pad_model((1, 3, 4, 5), [0, 0, 1, 0, 0, 0, 0, 0], "mirror")


@case
def pad_crop_all():
    return pad_model((1, 3, 4, 5), [0, 0, -2, 0, 0, 0, -2, 0], "edge")


@case
def pad_crop_all_constant():
    # Cropped away, then padded: only the pad value is left (as ONNX Runtime).
    return pad_model((1, 3, 4, 5), [0, 0, -5, 1, 0, 0, 3, 0], "constant", value=1.5)


# Degenerate conv and pool shapes.
def deg_pool(op, shape, **attrs):
    return pool_model(op, shape, opset=12 if "dilations" in attrs and op == "MaxPool" else 13,
                      **attrs)


@case
def deg_conv_in_padding():
    # The only output window lies in the begin padding: the answer is the bias.
    return conv_model([1, 2, 1, 1], rand(3, 2, 1, 1), rand(3), pads=[0, 1, 0, 0], strides=[1, 2])


@case
def deg_conv_in_padding_group():
    return conv_model([1, 4, 2, 3], rand(4, 2, 1, 1), rand(4), group=2, pads=[3, 0, 0, 0],
                      strides=[4, 1])


@case
def deg_conv_in_padding_depthwise():
    return conv_model([1, 3, 2, 2], rand(3, 1, 2, 2), rand(3), group=3, pads=[0, 5, 0, 1],
                      strides=[1, 8])


@case
def deg_conv_1x1():
    return conv_model([1, 3, 1, 1], rand(4, 3, 3, 3), rand(4), pads=[1, 1, 1, 1])


@case
def deg_conv_kernel_larger():
    return conv_model([1, 2, 3, 4], rand(3, 2, 5, 6), rand(3), pads=[1, 1, 2, 2])


@case
def deg_conv_stride_gt_kernel():
    return conv_model([1, 2, 9, 10], rand(3, 2, 2, 2), rand(3), strides=[4, 5], pads=[0, 1, 1, 0])


@case
def deg_conv_out1_big_pads():
    # Output 1x1: the window reads a corner of the input from deep in the padding.
    return conv_model([1, 2, 2, 3], rand(3, 2, 3, 3), rand(3), pads=[2, 2, 5, 5],
                      strides=[20, 20])


@case
def deg_conv_out1_all_padding():
    return conv_model([1, 2, 2, 3], rand(3, 2, 3, 3), rand(3), pads=[4, 4, 4, 4],
                      strides=[10, 10])


@case
def deg_conv1d_in_padding():
    return conv_model([1, 2, 3], rand(3, 2, 2), rand(3), pads=[2, 0], strides=[5])


@case
def deg_maxpool_1x1():
    return deg_pool("MaxPool", (1, 3, 1, 1), kernel_shape=[2, 2], pads=[1, 1, 0, 0])


@case
def deg_maxpool_kernel_larger():
    return deg_pool("MaxPool", (1, 2, 2, 3), kernel_shape=[3, 4], pads=[1, 1, 1, 2])


@case
def deg_maxpool_stride_gt_kernel():
    return deg_pool("MaxPool", (1, 2, 9, 10), kernel_shape=[2, 2], strides=[4, 5],
                    pads=[0, 1, 1, 0])


@case
def deg_maxpool_out1_big_pads():
    return deg_pool("MaxPool", (1, 2, 1, 1), kernel_shape=[5, 5], strides=[9, 9],
                    pads=[4, 4, 4, 4])


@case
def deg_maxpool_dilated_padding():
    # A dilated window with every tap in the padding.
    return deg_pool("MaxPool", (1, 2, 2, 2), kernel_shape=[2, 2], dilations=[3, 3],
                    pads=[1, 1, 1, 1], strides=[1, 1])


@case
def deg_avgpool_1x1():
    return deg_pool("AveragePool", (1, 3, 1, 1), kernel_shape=[2, 2], pads=[1, 1, 0, 0])


@case
def deg_avgpool_1x1_count_pad():
    return deg_pool("AveragePool", (1, 3, 1, 1), kernel_shape=[2, 2], pads=[1, 1, 0, 0],
                    count_include_pad=1)


@case
def deg_avgpool_kernel_larger():
    return deg_pool("AveragePool", (1, 2, 2, 3), kernel_shape=[3, 4], pads=[1, 1, 1, 2],
                    count_include_pad=1)


@case
def deg_avgpool_stride_gt_kernel():
    return deg_pool("AveragePool", (1, 2, 9, 10), kernel_shape=[2, 2], strides=[4, 5],
                    pads=[0, 1, 1, 0])


@case
def deg_avgpool_out1_big_pads():
    return deg_pool("AveragePool", (1, 2, 1, 1), kernel_shape=[5, 5], strides=[9, 9],
                    pads=[4, 4, 4, 4], count_include_pad=1)


@case
def deg_avgpool_ceil_1x1():
    return deg_pool("AveragePool", (1, 2, 1, 2), kernel_shape=[2, 2], strides=[2, 2],
                    pads=[1, 0, 1, 1], ceil_mode=1)


@case
def deg_pool_window_too_big():
    # No window fits even the padded input: ONNX Runtime refuses it too.
    return deg_pool("MaxPool", (1, 2, 2, 2), kernel_shape=[4, 4], pads=[1, 0, 0, 0])



# --- operator forms of opsets 18..21 (past Debian's ONNX 1.12 checker) ----------------
@case
def avgpool_dilations_opset19():
    return pool_model("AveragePool", (1, 3, 9, 11), opset=19, kernel_shape=[2, 3],
                      dilations=[2, 2], pads=[1, 1, 1, 1], count_include_pad=0)


@case
def avgpool_dilations_ceil_opset19():
    return pool_model("AveragePool", (1, 3, 8, 10), opset=19, kernel_shape=[3, 2],
                      dilations=[1, 3], strides=[2, 2], ceil_mode=1)


@case
def pad_axes_opset18():
    return pad_model((1, 3, 5, 7), [2, 1, 0, 3], "reflect", opset=18, axes=[3, 2])


@case
def pad_axes_negative_opset18():
    return pad_model((1, 3, 5, 7), [1, 0, 2, 1], "edge", opset=18, axes=[-1, 1])


# --- group B: Resize, ConvTranspose ---
def resize_model(specs, x_shape=(1, 3, 5, 7), opset=13, conv=False, op="Resize"):
    """One Resize (or Upsample) node per spec, all reading x (or, with conv, a
    1x1 Conv of x: an NHWC value inside), one graph output each. A spec is a
    dict: attrs, and scales / sizes / roi arrays (None: no input; "" : an empty
    name), or "inputs" listing the input names literally."""
    nodes, inits, outs = [], [], []
    src = "x"
    if conv:
        c = x_shape[1]
        inits += [init("cw", rand(c, c, 1, 1)), init("cb", rand(c))]
        nodes.append(helper.make_node("Conv", ["x", "cw", "cb"], ["c"], name="conv"))
        src = "c"
    for k, spec in enumerate(specs):
        spec = dict(spec)
        attrs = spec.pop("attrs", {})
        ins = [spec.pop("src", src)]
        if op == "Upsample" or (op == "Resize" and opset < 11):
            if "scales" in spec:
                inits.append(init("s%d" % k, np.array(spec["scales"], np.float32)))
                ins.append("s%d" % k)
        else:
            for name, dtype in (("roi", np.float32), ("scales", np.float32), ("sizes", np.int64)):
                val = spec.get(name)
                if val is None:
                    ins.append("")
                else:
                    inits.append(init("%s%d" % (name, k), np.array(val, dtype)))
                    ins.append("%s%d" % (name, k))
            while ins[-1] == "":
                ins.pop()
        nodes.append(helper.make_node(op, ins, ["y%d" % k], name="resize%d" % k, **attrs))
        outs.append(vi("y%d" % k, None))
    return model(nodes, [vi("x", list(x_shape))], outs, inits, opset)


def _nearest_all_modes(coord, opset=13):
    # (half_pixel_symmetric at 0.6 on 7 columns gives a coordinate that is 0.5 in
    # exact arithmetic, 0.5000002 in f32, where ONNX Runtime picks 0: 0.65 there.)
    down = 0.65 if coord == "half_pixel_symmetric" else 0.6
    specs = []
    for i, nm in enumerate(["round_prefer_floor", "round_prefer_ceil", "floor", "ceil"]):
        for sc in ([1, 1, 1.7, down], [1, 1, down, 1.7], [1, 1, 2, 3], [1, 1, 0.5, 0.34]):
            specs.append({"attrs": {"mode": "nearest", "nearest_mode": nm,
                                    "coordinate_transformation_mode": coord},
                          "roi": [], "scales": sc, "src": "c" if i % 2 else "x"})
    return resize_model(specs, opset=opset, conv=True)


for _coord, _opset in (("half_pixel", 13), ("half_pixel_symmetric", 19),
                       ("pytorch_half_pixel", 13), ("align_corners", 13), ("asymmetric", 13),
                       ("tf_half_pixel_for_nn", 11)):
    CASES["resize_nearest_" + _coord] = (lambda c, o: lambda: _nearest_all_modes(c, o))(
        _coord, _opset)


def _linear(coord, opset=13):
    specs = []
    for i, sc in enumerate(([1, 1, 1.7, 0.6], [1, 1, 0.6, 1.7], [1, 1, 2, 3], [1, 1, 0.5, 0.34])):
        specs.append({"attrs": {"mode": "linear", "coordinate_transformation_mode": coord},
                      "roi": [], "scales": sc, "src": "c" if i % 2 else "x"})
    # Output size 1 on H (pytorch_half_pixel maps it to 0), by sizes.
    specs.append({"attrs": {"mode": "linear", "coordinate_transformation_mode": coord},
                  "roi": [], "scales": [], "sizes": [1, 3, 1, 9], "src": "c"})
    return resize_model(specs, opset=opset, conv=True)


for _coord, _opset in (("half_pixel", 13), ("half_pixel_symmetric", 19),
                       ("pytorch_half_pixel", 13), ("align_corners", 13), ("asymmetric", 13)):
    CASES["resize_linear_" + _coord] = (lambda c, o: lambda: _linear(c, o))(_coord, _opset)


@case
def resize_cubic():
    specs = []
    for i, (a, ex, coord) in enumerate(((-0.75, 0, "half_pixel"), (-0.5, 0, "asymmetric"),
                                        (-0.75, 1, "half_pixel"), (-0.5, 1, "align_corners"),
                                        (-0.75, 0, "pytorch_half_pixel"))):
        specs.append({"attrs": {"mode": "cubic", "cubic_coeff_a": a, "exclude_outside": ex,
                                "coordinate_transformation_mode": coord},
                      "roi": [], "scales": [1, 1, 1.7, 2.0] if i % 2 else [1, 1, 0.6, 1.5],
                      "src": "c" if i % 2 else "x"})
    return resize_model(specs, opset=13, conv=True)


@case
def resize_sizes():
    # opset 13 empty-name roi/scales; sizes up and down, non-integer ratios.
    specs = [{"attrs": {"mode": m}, "sizes": sz, "src": src}
             for m in ("nearest", "linear")
             for sz, src in (([1, 3, 9, 4], "x"), ([1, 3, 3, 12], "c"))]
    return resize_model(specs, opset=13, conv=True)


@case
def resize_sizes_opset11():
    # opset 11: roi and scales are required inputs, given as empty tensors.
    specs = [{"attrs": {"mode": "nearest", "coordinate_transformation_mode": "asymmetric",
                        "nearest_mode": "floor"}, "roi": [], "scales": [], "sizes": [1, 3, 10, 14]},
             {"attrs": {"mode": "linear", "coordinate_transformation_mode": "align_corners"},
              "roi": [], "scales": [], "sizes": [1, 3, 8, 3]}]
    return resize_model(specs, opset=11)


@case
def resize_axes_opset18():
    # opset 18: axes with scales / sizes on those axes only; aspect ratio policies.
    specs = [{"attrs": {"mode": "linear", "axes": [2, 3]}, "scales": [1.7, 0.6]},
             {"attrs": {"mode": "nearest", "axes": [-1, -2]}, "sizes": [9, 4], "src": "c"},
             {"attrs": {"mode": "linear", "keep_aspect_ratio_policy": "not_larger"},
              "sizes": [1, 3, 9, 9]},
             {"attrs": {"mode": "nearest", "keep_aspect_ratio_policy": "not_smaller",
                        "axes": [2, 3]}, "sizes": [9, 9], "src": "c"},
             {"attrs": {"mode": "linear", "keep_aspect_ratio_policy": "stretch",
                        "axes": [3]}, "sizes": [11]}]
    return resize_model(specs, opset=18, conv=True)


@case
def resize_ranks():
    # 3-D input: nearest on every axis, trilinear; N and C scaled by nearest.
    specs = [{"attrs": {"mode": "nearest"}, "scales": [2, 1.5, 0.7]},
             {"attrs": {"mode": "linear"}, "scales": [1.5, 1.7, 0.6]}]
    return resize_model(specs, x_shape=(2, 5, 6), opset=13)


@case
def resize_2d():
    specs = [{"attrs": {"mode": "linear", "coordinate_transformation_mode": "align_corners"},
              "scales": [1.7, 2.5]},
             {"attrs": {"mode": "cubic"}, "scales": [2, 1.5]},
             {"attrs": {"mode": "nearest", "nearest_mode": "ceil"}, "scales": [0.6, 3]}]
    return resize_model(specs, x_shape=(5, 6), opset=13)


@case
def resize_nearest_nc():
    # Nearest over N and C of a 4-D NHWC value.
    specs = [{"attrs": {"mode": "nearest"}, "scales": [2, 1.5, 1, 1], "src": "c"},
             {"attrs": {"mode": "nearest"}, "scales": [1, 0.7, 2, 1]}]
    return resize_model(specs, opset=13, conv=True)


@case
def resize_opset10():
    specs = [{"attrs": {"mode": "nearest"}, "scales": sc, "src": src}
             for sc, src in (([1, 1, 2, 3], "x"), ([1, 1, 1.7, 0.6], "c"), ([1, 1, 0.5, 0.5], "x"))]
    specs.append({"attrs": {"mode": "linear"}, "scales": [1, 1, 1.7, 2.5], "src": "c"})
    return resize_model(specs, opset=10, conv=True)


@case
def upsample_opset9():
    specs = [{"attrs": {"mode": "nearest"}, "scales": [1, 1, 2, 3], "src": "c"},
             {"attrs": {"mode": "linear"}, "scales": [1, 1, 1.7, 2.5]},
             {"attrs": {"mode": "nearest"}, "scales": [1, 1, 1.5, 2.2]}]
    return resize_model(specs, opset=9, conv=True, op="Upsample")


@case
def upsample_opset7():
    nodes = [helper.make_node("Upsample", ["x"], ["y0"], name="up0", mode="nearest",
                              scales=[1.0, 1.0, 2.0, 2.0]),
             helper.make_node("Upsample", ["x"], ["y1"], name="up1", mode="linear",
                              scales=[1.0, 1.0, 1.5, 3.0])]
    return model(nodes, [vi("x", [1, 3, 5, 7])], [vi("y0", None), vi("y1", None)], opset=7)


@case
def resize_large():
    # Larger NHWC values (vectorizable inner dims): bilinear 2x and nearest 4x.
    specs = [{"attrs": {"mode": "linear"}, "scales": [1, 1, 2, 2]},
             {"attrs": {"mode": "nearest", "coordinate_transformation_mode": "asymmetric",
                        "nearest_mode": "floor"}, "scales": [1, 1, 4, 4]},
             {"attrs": {"mode": "cubic"}, "sizes": [1, 16, 50, 70], "scales": None}]
    return resize_model(specs, x_shape=(1, 16, 24, 32), opset=13, conv=True)


@case
def resize_sizes_from_shape():
    # The PyTorch export of F.interpolate(size=...): sizes = Concat(Shape(x)[:2], [9, 11]),
    # folded at import time.
    nodes = [helper.make_node("Conv", ["x", "cw", "cb"], ["c"], name="conv"),
             helper.make_node("Shape", ["c"], ["shp"], name="shape"),
             helper.make_node("Slice", ["shp", "st", "en"], ["nc"], name="slice"),
             helper.make_node("Concat", ["nc", "hw"], ["sizes"], name="concat", axis=0),
             helper.make_node("Resize", ["c", "", "", "sizes"], ["y"], name="resize",
                              mode="linear", coordinate_transformation_mode="pytorch_half_pixel")]
    inits = [init("cw", rand(3, 3, 1, 1)), init("cb", rand(3)),
             init("st", np.array([0], np.int64)), init("en", np.array([2], np.int64)),
             init("hw", np.array([9, 11], np.int64))]
    return model(nodes, [vi("x", [1, 3, 5, 7])], [vi("y", None)], inits, opset=13)


@case
def resize_ir():
    # For the IR test: bilinear 2x on an NHWC value (two per-axis gathers).
    return resize_model([{"attrs": {"mode": "linear"}, "scales": [1, 1, 2, 2]}],
                        x_shape=(1, 2, 3, 4), opset=13, conv=True)


def _resize_bad(attrs=None, opset=13, **spec):
    spec.setdefault("scales", [1, 1, 2, 2])
    return resize_model([dict(spec, attrs=attrs or {})], x_shape=(1, 2, 3, 4), opset=opset)


CASES["resize_bad_crop"] = lambda: _resize_bad(
    {"coordinate_transformation_mode": "tf_crop_and_resize"}, roi=[0, 0, 0, 0, 1, 1, 1, 1])
CASES["resize_bad_mode"] = lambda: _resize_bad({"mode": "area"})
CASES["resize_bad_nearest_mode"] = lambda: _resize_bad({"nearest_mode": "closest"})
CASES["resize_bad_antialias"] = lambda: _resize_bad({"mode": "linear", "antialias": 1}, opset=18)
CASES["resize_bad_policy"] = lambda: _resize_bad({"keep_aspect_ratio_policy": "fit"}, opset=18,
                                                 scales=None, sizes=[1, 2, 6, 8])
CASES["resize_bad_exclude"] = lambda: _resize_bad({"mode": "linear", "exclude_outside": 1})
CASES["resize_bad_count"] = lambda: _resize_bad(scales=[2, 2])
CASES["resize_bad_both"] = lambda: _resize_bad(sizes=[1, 2, 6, 8])
CASES["resize_bad_none"] = lambda: _resize_bad(scales=None)
CASES["resize_bad_scale"] = lambda: _resize_bad(scales=[1, 1, -2, 2])
CASES["resize_bad_axes"] = lambda: _resize_bad({"axes": [2, -2]}, opset=18, scales=[2, 2])
CASES["resize_bad_upsample_mode"] = lambda: model(
    [helper.make_node("Upsample", ["x"], ["y"], name="up", mode="cubic", scales=[1.0, 1.0, 2.0, 2.0])],
    [vi("x", [1, 2, 3, 4])], [vi("y", [1, 2, 6, 8])], opset=7)
CASES["resize_bad_runtime_scales"] = lambda: model(
    [helper.make_node("Resize", ["x", "", "s"], ["y"], name="resize0")],
    [vi("x", [1, 2, 3, 4]), vi("s", [4])], [vi("y", None)], opset=13)


def convt_model(x_shape, w, bias=None, conv=False, opset=13, infer=True, **attrs):
    """One ConvTranspose of x (or, with conv, of a 1x1 Conv of x: NHWC inside)."""
    inits = [init("w", w)]
    nodes = []
    src = "x"
    if conv:
        c = x_shape[1]
        inits += [init("cw", rand(c, c, *([1] * (len(x_shape) - 2)))), init("cb", rand(c))]
        nodes.append(helper.make_node("Conv", ["x", "cw", "cb"], ["c"], name="conv"))
        src = "c"
    ins = [src, "w"]
    if bias is not None:
        inits.append(init("b", bias))
        ins.append("b")
    nodes.append(helper.make_node("ConvTranspose", ins, ["y"], name="convt", **attrs))
    return model(nodes, [vi("x", list(x_shape))], [vi("y", None)], inits, opset, infer=infer)


CONVT_CASES = {
    "convt_basic": lambda: convt_model((1, 3, 5, 7), rand(3, 4, 3, 3), rand(4)),
    "convt_nhwc": lambda: convt_model((1, 3, 5, 7), rand(3, 4, 3, 2), rand(4), conv=True),
    "convt_stride2": lambda: convt_model((1, 3, 5, 7), rand(3, 4, 3, 3), rand(4), conv=True,
                                         strides=[2, 2], pads=[1, 1, 1, 1]),
    "convt_output_padding": lambda: convt_model((1, 3, 5, 7), rand(3, 4, 3, 3), rand(4),
                                                strides=[2, 2], pads=[1, 1, 1, 1],
                                                output_padding=[1, 1]),
    "convt_stride_asym": lambda: convt_model((1, 2, 4, 5), rand(2, 3, 4, 2), None, conv=True,
                                             strides=[3, 2], pads=[0, 1, 2, 0],
                                             output_padding=[2, 0]),
    "convt_dilation": lambda: convt_model((1, 3, 5, 7), rand(3, 2, 3, 2), rand(2),
                                          dilations=[2, 3], strides=[2, 1]),
    "convt_groups_dilation": lambda: convt_model((1, 4, 5, 6), rand(4, 3, 3, 3), rand(6),
                                                 conv=True, group=2, dilations=[2, 2],
                                                 strides=[2, 2], pads=[1, 0, 0, 1]),
    "convt_depthwise": lambda: convt_model((1, 3, 5, 7), rand(3, 1, 4, 4), rand(3), conv=True,
                                           group=3, strides=[2, 2], pads=[1, 1, 1, 1]),
    "convt_depthwise_mult": lambda: convt_model((1, 3, 5, 7), rand(3, 2, 3, 3), rand(6),
                                                group=3, strides=[2, 1]),
    "convt_big_pads": lambda: convt_model((1, 2, 6, 6), rand(2, 3, 2, 2), rand(3),
                                          pads=[2, 3, 1, 2]),
    "convt_same_upper": lambda: convt_model((1, 3, 5, 7), rand(3, 4, 4, 3), rand(4),
                                            auto_pad="SAME_UPPER", strides=[2, 2]),
    "convt_same_lower": lambda: convt_model((1, 3, 5, 7), rand(3, 4, 4, 3), rand(4), conv=True,
                                            auto_pad="SAME_LOWER", strides=[2, 2]),
    "convt_valid": lambda: convt_model((1, 3, 5, 7), rand(3, 4, 3, 3), rand(4),
                                       auto_pad="VALID", strides=[2, 3]),
    "convt_output_shape": lambda: convt_model((1, 3, 5, 7), rand(3, 4, 3, 3), rand(4),
                                              strides=[2, 2], output_shape=[10, 14]),
    "convt_output_shape_larger": lambda: convt_model((1, 3, 5, 7), rand(3, 4, 3, 3), rand(4),
                                                     conv=True, strides=[2, 2],
                                                     output_shape=[12, 16]),
    "convt_output_shape_upper": lambda: convt_model((1, 3, 5, 7), rand(3, 4, 3, 3), rand(4),
                                                    strides=[2, 2], auto_pad="SAME_UPPER",
                                                    output_shape=[10, 14]),
    "convt_1d": lambda: convt_model((2, 3, 9), rand(3, 4, 3), rand(4), strides=[2], pads=[1, 0],
                                    output_padding=[1]),
    "convt_1d_groups": lambda: convt_model((1, 4, 7), rand(4, 2, 4), rand(4),
                                           group=2, dilations=[2], strides=[3]),
    "convt_ir": lambda: convt_model((1, 2, 3, 3), np.arange(2 * 1 * 2 * 2, dtype=np.float32)
                                    .reshape(2, 1, 2, 2), None, strides=[2, 2]),
    # Runtime (graph input) weights and biases: flipped and reordered at run time.
    "convt_runtime_weight": lambda: model(
        [helper.make_node("ConvTranspose", ["x", "w"], ["y"], name="convt", strides=[2, 2],
                          output_padding=[1, 0])],
        [vi("x", [1, 2, 3, 4]), vi("w", [2, 3, 3, 2])], [vi("y", None)]),
    "convt_runtime_groups": lambda: model(
        [helper.make_node("ConvTranspose", ["x", "w", "b"], ["y"], name="convt", group=2,
                          strides=[2, 1], pads=[1, 0, 0, 1], dilations=[1, 2])],
        [vi("x", [1, 4, 5, 6]), vi("w", [4, 3, 3, 3]), vi("b", [6])], [vi("y", None)]),
    "convt_runtime_depthwise": lambda: model(
        [helper.make_node("ConvTranspose", ["x", "w", "b"], ["y"], name="convt", group=3,
                          strides=[2, 2])],
        [vi("x", [1, 3, 4, 5]), vi("w", [3, 2, 3, 3]), vi("b", [6])], [vi("y", None)]),
    "convt_runtime_1d": lambda: model(
        [helper.make_node("ConvTranspose", ["x", "w"], ["y"], name="convt", strides=[3])],
        [vi("x", [1, 2, 5]), vi("w", [2, 3, 4])], [vi("y", None)]),
    "convt_bad_rank": lambda: convt_model((1, 2, 3, 3, 3), rand(2, 2, 2, 2, 2)),
    "convt_bad_group": lambda: convt_model((1, 4, 3, 3), rand(4, 2, 2, 2), group=3, infer=False),
    "convt_bad_strides": lambda: convt_model((1, 2, 3, 3), rand(2, 2, 2, 2), strides=[2],
                                             infer=False),
    "convt_bad_auto_pad": lambda: convt_model((1, 2, 3, 3), rand(2, 2, 2, 2), auto_pad="FULL",
                                              infer=False),
    "convt_bad_output_shape": lambda: convt_model((1, 2, 3, 3), rand(2, 2, 2, 2),
                                                  output_shape=[1, 2, 3], infer=False),
    "convt_bad_pads": lambda: convt_model((1, 2, 3, 3), rand(2, 2, 2, 2), pads=[3, 0, 3, 0],
                                          infer=False),
    "convt_bad_bias": lambda: convt_model((1, 2, 3, 3), rand(2, 2, 2, 2), rand(3), infer=False),
}
CASES.update(CONVT_CASES)


@case
def decoder_like():
    # An FPN/decoder fragment: strided Conv, then Resize (nearest 2x) and
    # ConvTranspose (stride 2) of it added, Relu; everything NHWC inside.
    nodes = [helper.make_node("Conv", ["x", "cw", "cb"], ["c"], name="down", strides=[2, 2],
                              pads=[1, 1, 1, 1]),
             helper.make_node("Resize", ["c", "", "s"], ["up"], name="up", mode="nearest"),
             helper.make_node("ConvTranspose", ["c", "tw", "tb"], ["ct"], name="convt",
                              strides=[2, 2]),
             helper.make_node("Add", ["up", "ct"], ["sum"], name="add"),
             helper.make_node("Relu", ["sum"], ["y"], name="relu")]
    inits = [init("cw", rand(6, 3, 3, 3)), init("cb", rand(6)),
             init("s", np.array([1, 1, 2, 2], np.float32)),
             init("tw", rand(6, 6, 2, 2)), init("tb", rand(6))]
    return model(nodes, [vi("x", [1, 3, 8, 10])], [vi("y", None)], inits, opset=13)
# --- end group B ---


# --- group A: elementwise and activation operators -----------------------------------
def specials(x, shape, values, out):
    """Nodes making `out`: x with the flat positions of `values` replaced by those
    values at run time (x * mask + v) * sign, so NaN, +-0, inf and large values
    reach the op through the graph input (a constant would fold). -0.0 in
    `values` gives -0 (sign -1 on +0)."""
    n = int(np.prod(shape))
    mask, add, sign = np.ones(n, np.float32), np.zeros(n, np.float32), np.ones(n, np.float32)
    for k, v in enumerate(values):
        mask[k] = 0.0
        if v == 0 and np.signbit(v):
            sign[k] = -1.0
        else:
            add[k] = v
    shape = list(shape)
    nodes = [helper.make_node("Mul", [x, out + "_mask"], [out + "_m"], name=out + "_mask"),
             helper.make_node("Add", [out + "_m", out + "_add"], [out + "_a"], name=out + "_add"),
             helper.make_node("Mul", [out + "_a", out + "_sign"], [out], name=out + "_sign")]
    inits = [init(out + "_mask", mask.reshape(shape)), init(out + "_add", add.reshape(shape)),
             init(out + "_sign", sign.reshape(shape))]
    return nodes, inits


SPECIALS = [0.0, -0.0, np.nan, np.inf, -np.inf, 0.5, 1.5, 2.5, -0.5, -2.5, 100.0, -100.0,
            1e30, -1e30, 3.0, -3.0, 1e-30, 8388609.0, -8388609.0]


def ops_on_specials(ops, shape=(1, 3, 5, 7), opset=13, values=SPECIALS, attrs=None):
    """One output per op in `ops`, each applied to x with SPECIALS planted in it."""
    nodes, inits = specials("x", shape, values, "xs")
    outs = []
    for k, op in enumerate(ops):
        nodes.append(helper.make_node(op, ["xs"], ["y%d" % k], name="%s_%d" % (op.lower(), k),
                                      **((attrs or {}).get(op, {}))))
        outs.append(vi("y%d" % k, None))
    return model(nodes, [vi("x", list(shape))], outs, inits, opset)


def conv_then(op_nodes, inits=(), x_shape=(1, 3, 5, 7), c=4, outs=("y",), opset=13):
    """A 1x1 conv (NHWC inside) named "c", then `op_nodes` reading it."""
    nodes = [helper.make_node("Conv", ["x", "w_conv"], ["c"], name="conv")] + list(op_nodes)
    return model(nodes, [vi("x", list(x_shape))], [vi(o, None) for o in outs],
                 [init("w_conv", rand(c, x_shape[1], 1, 1))] + list(inits), opset)


@case
def leakyrelu_forms():
    # Default alpha (opset 16), alpha 2.5 > 1 (opset 6 attribute form), negative
    # alpha on an NHWC conv output.
    nodes = [helper.make_node("LeakyRelu", ["x"], ["y0"], name="lrelu_default"),
             helper.make_node("LeakyRelu", ["x"], ["y1"], name="lrelu_big", alpha=2.5),
             helper.make_node("Conv", ["x", "w"], ["c"], name="conv"),
             helper.make_node("LeakyRelu", ["c"], ["y2"], name="lrelu_neg", alpha=-0.5)]
    return model(nodes, [vi("x", [1, 3, 5, 7])], [vi("y0", None), vi("y1", None), vi("y2", None)],
                 [init("w", rand(4, 3, 1, 1))], opset=16)


@case
def leakyrelu_opset6():
    return unary_model("LeakyRelu", opset=6, alpha=1.5)


@case
def leakyrelu_specials():
    return ops_on_specials(["LeakyRelu"], attrs={"LeakyRelu": {"alpha": 3.0}})


def prelu_model(slope_shape, x_shape=(1, 3, 5, 7), opset=9, nhwc=False):
    slope = np.linspace(-2.0, 3.0, int(np.prod(slope_shape)), dtype=np.float32).reshape(
        slope_shape)
    if nhwc:
        return conv_then([helper.make_node("PRelu", ["c", "slope"], ["y"], name="prelu")],
                         [init("slope", slope)], x_shape=x_shape, c=3, opset=opset)
    node = helper.make_node("PRelu", ["x", "slope"], ["y"], name="prelu")
    return model([node], [vi("x", list(x_shape))], [vi("y", None)], [init("slope", slope)], opset)


@case
def prelu_scalar():
    return prelu_model([], opset=7)


@case
def prelu_one():
    return prelu_model([1], opset=16)


@case
def prelu_c_2d():
    # [C] slope of a 2-D [N, C] input (right-aligned: C is the last dim).
    return prelu_model([3], x_shape=(2, 3))


@case
def prelu_c11():
    return prelu_model([3, 1, 1])


@case
def prelu_c11_nhwc():
    return prelu_model([3, 1, 1], nhwc=True, opset=16)


@case
def prelu_1c11():
    return prelu_model([1, 3, 1, 1], nhwc=True)


@case
def prelu_full():
    return prelu_model([1, 3, 5, 7], opset=13)


@case
def prelu_w():
    # A [W] slope broadcasts along W (numpy), not per channel.
    return prelu_model([7], nhwc=True)


@case
def prelu_runtime_slope():
    node = helper.make_node("PRelu", ["x", "slope"], ["y"], name="prelu")
    return model([node], [vi("x", [1, 3, 5, 7]), vi("slope", [3, 1, 1])], [vi("y", None)],
                 opset=16)


@case
def prelu_opset6_channel():
    # PRelu-6: a [C] slope is per channel (axis 1) of a 4-D input.
    return prelu_model([3], opset=6)


@case
def prelu_opset6_oracle():
    # PRelu-6 with a [C] slope (per channel), checked against its opset-7 form
    # with the slope as [C,1,1] (ONNX Runtime runs no PRelu-6).
    return prelu_model([3], opset=6), prelu_model([3, 1, 1], opset=7)


@case
def prelu_bad_slope():
    return prelu_model([5], opset=9)


@case
def prelu_opset6_bad_slope():
    return prelu_model([5], opset=6)


@case
def hardswish_op():
    return conv_then([helper.make_node("HardSwish", ["c"], ["y"], name="hardswish")], opset=14,
                     x_shape=(1, 3, 5, 7))


@case
def hardswish_op_specials():
    return ops_on_specials(["HardSwish"], opset=14)


@case
def unary_specials_13():
    # Opset-13 forms on +-0, NaN, +-inf, halves, large and tiny values.
    return ops_on_specials(["Sign", "Abs", "Erf", "Log", "Reciprocal", "Floor", "Ceil", "Round",
                            "Softplus", "Elu", "Selu"], opset=13)


@case
def unary_opset6():
    # Opset-6 forms straight on x (ONNX Runtime has no Mul-6 for the specials);
    # custom Elu alpha, Selu alpha/gamma.
    ops = ["Abs", "Log", "Reciprocal", "Floor", "Ceil", "Softplus", "Elu", "Selu"]
    attrs = {"Elu": {"alpha": 0.5}, "Selu": {"alpha": 2.0, "gamma": 0.5}}
    nodes = [helper.make_node(op, ["x"], ["y%d" % k], name=op.lower(), **attrs.get(op, {}))
             for k, op in enumerate(ops)]
    return model(nodes, [vi("x", [2, 3, 4])], [vi("y%d" % k, None) for k in range(len(ops))],
                 opset=6)


@case
def unary_opset11():
    return ops_on_specials(["Sign", "Erf", "Round"], opset=11)


@case
def unary_nhwc():
    # On a conv output: results stay NHWC.
    ops = ["Sign", "Abs", "Erf", "Floor", "Ceil", "Round", "Softplus", "Elu", "Selu"]
    nodes = [helper.make_node(op, ["c"], ["y%d" % k], name=op.lower())
             for k, op in enumerate(ops)]
    return conv_then(nodes, outs=["y%d" % k for k in range(len(ops))])


def pow_model(exponent, x_shape=(1, 3, 5, 7), opset=13, with_specials=True, nhwc=False):
    nodes, inits = (specials("x", x_shape, [0.0, -0.0, -2.0, -1.0, 2.0, np.nan, np.inf, -np.inf],
                             "xs") if with_specials else ([], []))
    base = "xs" if with_specials else "x"
    if nhwc:
        nodes.append(helper.make_node("Conv", [base, "w"], ["c"], name="conv"))
        inits.append(init("w", rand(3, 3, 1, 1)))
        base = "c"
    nodes.append(helper.make_node("Pow", [base, "e"], ["y"], name="pow"))
    inits.append(init("e", exponent))
    return model(nodes, [vi("x", list(x_shape))], [vi("y", None)], inits, opset)


@case
def pow_square():
    return pow_model(np.float32(2.0))


@case
def pow_cube():
    return pow_model(np.float32(3.0), opset=7)


@case
def pow_sqrt():
    # Pow(-1, 0.5) = NaN.
    return pow_model(np.array([0.5], np.float32), opset=12)


@case
def pow_one():
    return pow_model(np.float32(1.0), opset=15)


@case
def pow_recip():
    return pow_model(np.float32(-1.0), nhwc=True)


@case
def pow_zero():
    # x^0 = 1, 0^0 = 1, NaN^0 = 1.
    return pow_model(np.float32(0.0))


@case
def pow_w_exponents():
    # [W] exponents on negative bases: integer-valued ones give signed results,
    # fractional ones NaN, 0 gives 1.
    return pow_model(np.array([3.0, 2.0, 0.0, -1.0, -2.0, 0.5, 1.5], np.float32))


@case
def pow_channel_nhwc():
    return pow_model(np.array([3.0, -2.0, 1.5], np.float32).reshape(3, 1, 1), nhwc=True,
                     with_specials=False)


@case
def pow_int64_exponent():
    return pow_model(np.array(3, np.int64), opset=15)


@case
def pow_runtime_exponent():
    # Exponent is a second graph input: random, broadcast from [W].
    node = helper.make_node("Pow", ["x", "e"], ["y"], name="pow")
    return model([node], [vi("x", [1, 3, 5, 7]), vi("e", [7])], [vi("y", None)], opset=13)


@case
def pow_widening_exponent():
    # The exponent widens X: [3,1] ^ [1,4].
    node = helper.make_node("Pow", ["x", "e"], ["y"], name="pow")
    return model([node], [vi("x", [3, 1])], [vi("y", None)],
                 [init("e", np.array([[2.0, 3.0, 0.5, -1.0]], np.float32))], opset=13)


@case
def pow_const_fold():
    # Both constant: folded; the result scales x.
    nodes = [helper.make_node("Pow", ["b", "e"], ["p"], name="pow"),
             helper.make_node("Mul", ["x", "p"], ["y"], name="mul")]
    return model(nodes, [vi("x", [2, 4])], [vi("y", None)],
                 [init("b", np.array([-2.0, 0.0, 3.0, -1.5], np.float32)),
                  init("e", np.array([3.0, 0.0, -1.0, 2.0], np.float32))], opset=13)


@case
def pow_int_base():
    nodes = [helper.make_node("Pow", ["b", "e"], ["p"], name="pow"),
             helper.make_node("Cast", ["p"], ["pf"], name="cast", to=F),
             helper.make_node("Mul", ["x", "pf"], ["y"], name="mul")]
    return model(nodes, [vi("x", [2])], [vi("y", None)],
                 [init("b", np.array([2, 3], np.int64)), init("e", np.array([2, 2], np.int64))],
                 opset=13)


@case
def logsoftmax_coerce():
    # opset 11, axis 1 of a 4-D tensor: over C*H*W.
    return unary_model("LogSoftmax", shape=(2, 3, 4, 5), opset=11, axis=1)


@case
def logsoftmax_default_11():
    return unary_model("LogSoftmax", shape=(3, 7), opset=11)


@case
def logsoftmax_axis13():
    return conv_then([helper.make_node("LogSoftmax", ["c"], ["y"], name="logsoftmax", axis=1)])


@case
def logsoftmax_default_13():
    return unary_model("LogSoftmax", shape=(2, 3, 6), opset=13)


@case
def logsoftmax_large():
    # Inputs near 1e3 and -1e3 (exp overflows without the max shift).
    nodes, inits = specials("x", [2, 9], [1000.0, 1001.0, -1000.0, 999.0], "xs")
    nodes.append(helper.make_node("LogSoftmax", ["xs"], ["y"], name="logsoftmax", axis=-1))
    return model(nodes, [vi("x", [2, 9])], [vi("y", None)], inits, opset=13)


@case
def logsoftmax_axis_range():
    return unary_model("LogSoftmax", shape=(2, 3), opset=13, axis=2)


def variadic_model(op, opset=13):
    # Conv output (NHWC) with a [C,1,1] constant, a [W] runtime tensor and x
    # itself; a one-input form; NaN planted in x.
    nodes, inits = specials("x", [1, 3, 5, 7], [np.nan, np.nan, 0.0, -0.0], "xs")
    nodes += [helper.make_node("Conv", ["xs", "w"], ["c"], name="conv"),
              helper.make_node("Slice", ["xs", "st", "en", "ax"], ["row"], name="row"),
              helper.make_node("Reshape", ["row", "shp"], ["r"], name="row_shape"),
              helper.make_node(op, ["c", "k", "r", "xs"], ["y0"], name=op.lower()),
              helper.make_node(op, ["xs"], ["y1"], name=op.lower() + "_one"),
              helper.make_node(op, ["xs", "k"], ["y2"], name=op.lower() + "_two")]
    inits += [init("w", rand(3, 3, 1, 1)), init("k", rand(3, 1, 1)),
              init("st", np.array([0, 0, 0, 0], np.int64)),
              init("en", np.array([1, 1, 1, 7], np.int64)),
              init("ax", np.array([0, 1, 2, 3], np.int64)), init("shp", np.array([7], np.int64))]
    return model(nodes, [vi("x", [1, 3, 5, 7])], [vi("y0", None), vi("y1", None), vi("y2", None)],
                 inits, opset)


@case
def max_variadic():
    return variadic_model("Max")


@case
def min_variadic():
    return variadic_model("Min", opset=12)


@case
def sum_variadic():
    return variadic_model("Sum")


@case
def mean_variadic():
    return variadic_model("Mean", opset=11)


@case
def variadic_opset6():
    # Before opset 8: equal shapes only.
    nodes = [helper.make_node("Neg", ["x"], ["n"], name="neg")]
    nodes += [helper.make_node(op, ["x", "n", "k"], ["y%d" % i], name=op.lower())
              for i, op in enumerate(["Max", "Min", "Sum", "Mean"])]
    return model(nodes, [vi("x", [2, 3, 4])], [vi("y%d" % i, None) for i in range(4)],
                 [init("k", rand(2, 3, 4))], opset=6)


@case
def variadic_opset6_shapes():
    node = helper.make_node("Max", ["x", "k"], ["y"], name="max")
    return model([node], [vi("x", [2, 3, 4])], [vi("y", None)], [init("k", rand(4))], opset=6,
                 infer=False)


@case
def variadic_const_fold():
    # Max of int64 constants (a shape computation) and Sum of float constants, folded.
    # Shape [1,3,2,2] + [0,0,-1,0] -> [1,3,1,2], Max with [1,1,1,4] -> [1,3,1,4].
    nodes = [helper.make_node("Shape", ["x"], ["s"], name="shape"),
             helper.make_node("Add", ["s", "d"], ["sd"], name="add_shape"),
             helper.make_node("Max", ["sd", "lo"], ["m"], name="max_shape"),
             helper.make_node("Reshape", ["x", "m"], ["r"], name="reshape"),
             helper.make_node("Sum", ["a", "b", "a"], ["sab"], name="sum_const"),
             helper.make_node("Add", ["r", "sab"], ["y"], name="add")]
    return model(nodes, [vi("x", [1, 3, 2, 2])], [vi("y", None)],
                 [init("d", np.array([0, 0, -1, 0], np.int64)),
                  init("lo", np.array([1, 1, 1, 4], np.int64)),
                  init("a", np.array([1.0, 2.0, 3.0, 4.0], np.float32)),
                  init("b", np.float32(0.5))], opset=13)


def compare_model(opset, ops, x_shape=(1, 3, 5, 7), nhwc=False):
    # Each comparison of x (NaN and +-0 planted) against a [W] constant, cast to float.
    nodes, inits = specials("x", x_shape, [np.nan, 0.0, -0.0, 0.25], "xs")
    base = "xs"
    if nhwc:
        nodes.append(helper.make_node("Conv", ["xs", "w"], ["c"], name="conv"))
        inits.append(init("w", rand(3, 3, 1, 1)))
        base = "c"
    inits.append(init("k", np.array([0.0, 0.25, -0.5, 1.0, np.nan, -0.0, 0.5], np.float32)))
    outs = []
    for i, op in enumerate(ops):
        nodes += [helper.make_node(op, [base, "k"], ["b%d" % i], name=op.lower()),
                  helper.make_node("Cast", ["b%d" % i], ["y%d" % i], name="cast%d" % i, to=F)]
        outs.append(vi("y%d" % i, None))
    return model(nodes, [vi("x", list(x_shape))], outs, inits, opset)


@case
def compare_7():
    # Equal takes float from opset 11.
    return compare_model(7, ["Greater", "Less"])


@case
def compare_11():
    return compare_model(11, ["Equal", "Greater", "Less"])


@case
def compare_13():
    return compare_model(13, ["Equal", "Greater", "Less", "GreaterOrEqual", "LessOrEqual"],
                         nhwc=True)


@case
def compare_12():
    return compare_model(12, ["GreaterOrEqual", "LessOrEqual"])


@case
def compare_16():
    return compare_model(16, ["Greater", "GreaterOrEqual", "LessOrEqual"])


@case
def logical_ops():
    # Not / And / Or on comparison results, then Where; opset 9 (Where's first).
    nodes = [helper.make_node("Greater", ["x", "zero"], ["pos"], name="pos"),
             helper.make_node("Less", ["x", "one"], ["lt1"], name="lt1"),
             helper.make_node("Not", ["pos"], ["npos"], name="not"),
             helper.make_node("And", ["pos", "lt1"], ["band"], name="and"),
             helper.make_node("Or", ["npos", "big"], ["bor"], name="or"),
             helper.make_node("Where", ["band", "x", "m"], ["y0"], name="where_and"),
             helper.make_node("Where", ["bor", "x", "m"], ["y1"], name="where_or"),
             helper.make_node("Cast", ["npos"], ["y2"], name="cast_not", to=F)]
    return model(nodes, [vi("x", [2, 3, 4])], [vi("y0", None), vi("y1", None), vi("y2", None)],
                 [init("zero", np.float32(0.0)), init("one", np.float32(1.0)),
                  init("big", np.array([True, False, True, False])),
                  init("m", np.float32(-7.0))], opset=9)


@case
def where_broadcast():
    # cond [W] (from x's first row), x NHWC conv output, y [C,1,1]; opset 16.
    nodes = [helper.make_node("Conv", ["x", "w"], ["c"], name="conv"),
             helper.make_node("Greater", ["x", "k"], ["g"], name="greater"),
             helper.make_node("Where", ["g", "c", "yv"], ["y0"], name="where_nhwc"),
             helper.make_node("Where", ["cw", "x", "yv"], ["y1"], name="where_const_cond")]
    return model(nodes, [vi("x", [1, 3, 5, 7])], [vi("y0", None), vi("y1", None)],
                 [init("w", rand(3, 3, 1, 1)), init("k", rand(7)), init("yv", rand(3, 1, 1)),
                  init("cw", np.array([True, False, False, True, True, False, True]))],
                 opset=16)


@case
def where_const_fold():
    # All-constant comparison and Where fold; the result is added to x.
    nodes = [helper.make_node("Greater", ["a", "b"], ["g"], name="greater"),
             helper.make_node("Where", ["g", "a", "b"], ["m"], name="where"),
             helper.make_node("Equal", ["i", "j"], ["e"], name="equal"),
             helper.make_node("Where", ["e", "one", "b"], ["m2"], name="where2"),
             helper.make_node("Add", ["x", "m"], ["s"], name="add"),
             helper.make_node("Add", ["s", "m2"], ["y"], name="add2"),
             # int64 Where: the shape [3, 2] chosen from [3, 5] and [7, 2].
             helper.make_node("Where", ["pick", "sa", "sb"], ["shp"], name="where_shape"),
             helper.make_node("Reshape", ["x", "shp"], ["y2"], name="reshape")]
    return model(nodes, [vi("x", [2, 3])], [vi("y", None), vi("y2", None)],
                 [init("a", np.array([1.0, -2.0, 3.0], np.float32)),
                  init("b", np.array([[0.5], [4.0]], np.float32)),
                  init("i", np.array([1, 2, 3], np.int64)), init("j", np.array([1, 5, 3], np.int64)),
                  init("one", np.float32(10.0)), init("pick", np.array([True, False])),
                  init("sa", np.array([3, 5], np.int64)), init("sb", np.array([7, 2], np.int64))],
                 opset=13)


@case
def where_int_values():
    # Runtime condition choosing between int64 constants: refused (runtime tensors are f32).
    nodes = [helper.make_node("Greater", ["x", "zero"], ["g"], name="greater"),
             helper.make_node("Where", ["g", "a", "b"], ["w"], name="where"),
             helper.make_node("Cast", ["w"], ["y"], name="cast", to=F)]
    return model(nodes, [vi("x", [3])], [vi("y", None)],
                 [init("zero", np.float32(0.0)), init("a", np.array([1, 2, 3], np.int64)),
                  init("b", np.array([4, 5, 6], np.int64))], opset=13)


@case
def where_shapes():
    nodes = [helper.make_node("Greater", ["x", "zero"], ["g"], name="greater"),
             helper.make_node("Where", ["g", "x", "b"], ["y"], name="where")]
    return model(nodes, [vi("x", [2, 3])], [vi("y", None)],
                 [init("zero", np.float32(0.0)), init("b", rand(4))], opset=13, infer=False)


def legacy_model(op, b_shape, opset=6, x_shape=(1, 3, 4, 4), nhwc=False, **attrs):
    """An opset-`opset` binary op with legacy broadcast attributes and, as its
    oracle, the opset-7 model whose B is reshaped as the legacy rule says
    (dims at axis.., suffix without axis): ONNX Runtime runs no Add-6."""
    b = (np.abs(rand(*b_shape)) + 0.5) if b_shape else np.float32(1.5)

    def build(b_arr, node_attrs, op_opset):
        nodes, inits = [], [init("b", b_arr)]
        base = "x"
        if nhwc:
            nodes.append(helper.make_node("Conv", ["x", "w"], ["c"], name="conv"))
            inits.append(init("w", np.linspace(-1, 1, x_shape[1] ** 2, dtype=np.float32)
                              .reshape(x_shape[1], x_shape[1], 1, 1)))
            base = "c"
        nodes.append(helper.make_node(op, [base, "b"], ["y"], name=op.lower(), **node_attrs))
        return model(nodes, [vi("x", list(x_shape))], [vi("y", None)], inits, op_opset,
                     infer=False)

    legacy = build(b, attrs, opset)
    if attrs.get("broadcast", 0) != 1 or len(b_shape) > len(x_shape):
        return legacy
    axis = attrs.get("axis", len(x_shape) - len(b_shape))
    if axis + len(b_shape) > len(x_shape):
        return legacy
    placed = np.asarray(b).reshape([1] * axis + list(b_shape) +
                                   [1] * (len(x_shape) - axis - len(b_shape)))
    return legacy, build(placed, {}, 7)


@case
def legacy_add_axis2():
    # x[1,3,4,4] + b[4] with axis=2: b runs along H (not W).
    return legacy_model("Add", [4], broadcast=1, axis=2)


@case
def legacy_mul_axis1():
    return legacy_model("Mul", [3], broadcast=1, axis=1, nhwc=True)


@case
def legacy_sub_axis1_2d():
    return legacy_model("Sub", [3, 4], broadcast=1, axis=1)


@case
def legacy_div_suffix():
    # No axis: suffix matching.
    return legacy_model("Div", [4, 4], broadcast=1)


@case
def legacy_add_scalar():
    return legacy_model("Add", [], broadcast=1)


@case
def legacy_pow_axis1():
    return legacy_model("Pow", [3], broadcast=1, axis=1)


@case
def legacy_add_opset1():
    # Opset 1: consumed_inputs ignored (ONNX Runtime does not run opset 1: IR check).
    return legacy_model("Add", [4], opset=1, broadcast=1, axis=2, consumed_inputs=[0, 0])


@case
def legacy_no_broadcast():
    return legacy_model("Add", [4])


@case
def legacy_bad_axis():
    # axis 3 puts b[4, 2] past A's last dim.
    return legacy_model("Add", [4, 2], broadcast=1, axis=3)


@case
def legacy_bad_dims():
    return legacy_model("Mul", [3], broadcast=1, axis=2)


@case
def legacy_greater_axis1():
    # Greater-1 with broadcast=1 axis=1 (oracle: Greater-7 with b as [3,1,1]).
    b = np.array([0.0, 0.5, -0.5], np.float32)

    def build(b_arr, opset, **attrs):
        nodes = [helper.make_node("Greater", ["x", "b"], ["g"], name="greater", **attrs),
                 helper.make_node("Cast", ["g"], ["y"], name="cast", to=F)]
        return model(nodes, [vi("x", [1, 3, 4, 4])], [vi("y", None)], [init("b", b_arr)],
                     opset=opset, infer=False)
    return build(b, 6, broadcast=1, axis=1), build(b.reshape(3, 1, 1), 7)


@case
def legacy_bad_rank():
    return legacy_model("Add", [1, 3, 4, 4, 1], broadcast=1)


@case
def group_a_opset21():
    # The latest forms (opset 21; ONNX 1.12's checker knows them by their last
    # version): LeakyRelu-16, PRelu-16, HardSwish-14, Pow-15, LogSoftmax-13,
    # Max-13, Greater-13, LessOrEqual-16, Where-16, Round-11, Sign-13.
    nodes = [helper.make_node("Conv", ["x", "w"], ["c"], name="conv"),
             helper.make_node("LeakyRelu", ["c"], ["y0"], name="lrelu", alpha=1.5),
             helper.make_node("PRelu", ["c", "slope"], ["y1"], name="prelu"),
             helper.make_node("HardSwish", ["x"], ["y2"], name="hardswish"),
             helper.make_node("Pow", ["c", "e"], ["y3"], name="pow"),
             helper.make_node("LogSoftmax", ["c"], ["y4"], name="logsoftmax", axis=1),
             helper.make_node("Max", ["c", "x", "k"], ["y5"], name="max"),
             helper.make_node("Greater", ["c", "k"], ["g"], name="greater"),
             helper.make_node("LessOrEqual", ["x", "k"], ["le"], name="le"),
             helper.make_node("Where", ["g", "c", "x"], ["y6"], name="where"),
             helper.make_node("Cast", ["le"], ["y7"], name="cast", to=F),
             helper.make_node("Round", ["x"], ["y8"], name="round"),
             helper.make_node("Sign", ["c"], ["y9"], name="sign")]
    return model(nodes, [vi("x", [1, 3, 5, 7])], [vi("y%d" % k, None) for k in range(10)],
                 [init("w", rand(3, 3, 1, 1)), init("slope", rand(3, 1, 1)),
                  init("e", np.array([2.0, 3.0, -1.0], np.float32).reshape(3, 1, 1)),
                  init("k", rand(7))], opset=21)


@case
def gelu_mish_expanded():
    # The Gelu (erf form) and Mish subgraphs of exports before opset 20 / 18:
    # x * 0.5 * (1 + Erf(x / sqrt(2))) and x * Tanh(Softplus(x)), on a conv output.
    nodes = [helper.make_node("Conv", ["x", "w"], ["c"], name="conv"),
             helper.make_node("Div", ["c", "sqrt2"], ["d"], name="div"),
             helper.make_node("Erf", ["d"], ["e"], name="erf"),
             helper.make_node("Add", ["e", "one"], ["a"], name="add"),
             helper.make_node("Mul", ["c", "a"], ["m"], name="mul"),
             helper.make_node("Mul", ["m", "half"], ["y0"], name="mul_half"),
             helper.make_node("Softplus", ["c"], ["sp"], name="softplus"),
             helper.make_node("Tanh", ["sp"], ["t"], name="tanh"),
             helper.make_node("Mul", ["c", "t"], ["y1"], name="mish")]
    return model(nodes, [vi("x", [1, 3, 5, 7])], [vi("y0", None), vi("y1", None)],
                 [init("w", rand(4, 3, 1, 1, scale=2.0)), init("sqrt2", np.float32(np.sqrt(2))),
                  init("one", np.float32(1.0)), init("half", np.float32(0.5))], opset=13)


@case
def pow_shapes():
    node = helper.make_node("Pow", ["x", "e"], ["y"], name="pow")
    return model([node], [vi("x", [2, 3])], [vi("y", None)], [init("e", rand(4))], opset=13,
                 infer=False)


@case
def max_shapes():
    nodes = [helper.make_node("Neg", ["x"], ["n"], name="neg"),
             helper.make_node("Max", ["x", "n", "k"], ["y"], name="max")]
    return model(nodes, [vi("x", [2, 3])], [vi("y", None)], [init("k", rand(4))], opset=13,
                 infer=False)


@case
def sum_const_shapes():
    nodes = [helper.make_node("Sum", ["a", "b"], ["s"], name="sum"),
             helper.make_node("Add", ["x", "s"], ["y"], name="add")]
    return model(nodes, [vi("x", [2, 3])], [vi("y", None)],
                 [init("a", rand(3)), init("b", rand(2))], opset=13, infer=False)


@case
def sum_int_overflow():
    # Sum of int64 constants that overflows (the 1.12 checker does not type-check).
    nodes = [helper.make_node("Sum", ["a", "a"], ["s"], name="sum"),
             helper.make_node("Reshape", ["x", "s"], ["y"], name="reshape")]
    return model(nodes, [vi("x", [2, 3])], [vi("y", None)],
                 [init("a", np.array([2**62, 1], np.int64))], opset=13, infer=False)


@case
def mean_int():
    nodes = [helper.make_node("Mean", ["a", "a"], ["s"], name="mean"),
             helper.make_node("Reshape", ["x", "s"], ["y"], name="reshape")]
    return model(nodes, [vi("x", [2, 3])], [vi("y", None)],
                 [init("a", np.array([3, 2], np.int64))], opset=13, infer=False)


@case
def greater_shapes():
    nodes = [helper.make_node("Greater", ["x", "k"], ["g"], name="greater"),
             helper.make_node("Cast", ["g"], ["y"], name="cast", to=F)]
    return model(nodes, [vi("x", [2, 3])], [vi("y", None)], [init("k", rand(4))], opset=13,
                 infer=False)


@case
def unary_const_fold():
    # Unary ops on constants fold: the shape arithmetic Shape -> Cast -> Div ->
    # Floor -> Cast(int64) -> Reshape needs it (a runtime value cannot be cast
    # to int64); the other results scale x. Round(0.5) = 0, Round(2.5) = 2.
    c = np.array([0.5, -1.5, 2.5, -0.0, 3.7, -2.2], np.float32)
    nodes = [helper.make_node("Shape", ["x"], ["s"], name="shape"),
             helper.make_node("Cast", ["s"], ["sf"], name="cast_f", to=F),
             helper.make_node("Div", ["sf", "den"], ["q"], name="div"),
             helper.make_node("Floor", ["q"], ["fq"], name="floor_shape"),
             helper.make_node("Cast", ["fq"], ["si"], name="cast_i", to=TensorProto.INT64),
             helper.make_node("Abs", ["neg"], ["ai"], name="abs_int"),
             helper.make_node("Sign", ["neg"], ["sg"], name="sign_int"),
             helper.make_node("Mul", ["sg", "sg"], ["one"], name="sign_squared"),
             helper.make_node("Mul", ["ai", "one"], ["shp"], name="mul_int"),
             helper.make_node("Reshape", ["x", "shp"], ["r"], name="reshape"),
             helper.make_node("Reshape", ["x", "si"], ["y6"], name="reshape2")]
    for k, op in enumerate(["Floor", "Ceil", "Round", "Abs", "Sign", "Reciprocal"]):
        nodes += [helper.make_node(op, ["c"], ["u%d" % k], name=op.lower() + "_const"),
                  helper.make_node("Mul", ["r", "u%d" % k], ["y%d" % k], name="mul%d" % k)]
    nodes += [helper.make_node("Abs", ["c"], ["ac"], name="abs_c"),
              helper.make_node("Log", ["ac"], ["lg"], name="log_const"),
              helper.make_node("Add", ["r", "lg"], ["y7"], name="add_log")]
    return model(nodes, [vi("x", [4, 6])], [vi("y%d" % k, None) for k in range(8)],
                 [init("den", np.array([1.5, 0.5], np.float32)), init("c", c),
                  init("neg", np.array([-4, -6], np.int64))], opset=13)


@case
def abs_int_overflow():
    nodes = [helper.make_node("Abs", ["a"], ["s"], name="abs"),
             helper.make_node("Reshape", ["x", "s"], ["y"], name="reshape")]
    return model(nodes, [vi("x", [2, 3])], [vi("y", None)],
                 [init("a", np.array([-2**63, 1], np.int64))], opset=13, infer=False)


@case
def gelu_mish_ops():
    # Gelu-20 (approximate "none" and "tanh") and Mish-18 at opset 20, on an NHWC
    # conv output and on specials (ONNX 1.12's checker does not know them: the
    # importer checks these nodes itself).
    nodes, inits = specials("x", [1, 3, 5, 7], SPECIALS, "xs")
    nodes += [helper.make_node("Conv", ["xs", "w"], ["c"], name="conv"),
              helper.make_node("Gelu", ["c"], ["y0"], name="gelu"),
              helper.make_node("Gelu", ["xs"], ["y1"], name="gelu_tanh", approximate="tanh"),
              helper.make_node("Mish", ["c"], ["y2"], name="mish"),
              helper.make_node("Mish", ["xs"], ["y3"], name="mish_specials"),
              helper.make_node("Gelu", ["xs"], ["y4"], name="gelu_specials")]
    inits.append(init("w", rand(4, 3, 1, 1, scale=2.0)))
    return model(nodes, [vi("x", [1, 3, 5, 7])], [vi("y%d" % k, None) for k in range(5)],
                 inits, opset=20)


@case
def gelu_bad_approximate():
    return unary_model("Gelu", opset=20, approximate="erf")


@old_case(13)
def old_group_a_v1():
    # Opset 1 (IR 3): LeakyRelu / Elu / Selu / Abs / Floor / Ceil / Log /
    # Reciprocal with consumed_inputs; the oracle is the version converter's
    # opset-13 model. (Legacy broadcasting: exec-compare-where.test.)
    ops = [("LeakyRelu", {"alpha": 1.5}), ("Elu", {"alpha": 0.5}), ("Selu", {}), ("Abs", {}),
           ("Floor", {}), ("Ceil", {}), ("Log", {}), ("Reciprocal", {})]
    nodes, prev = [], "x"
    for k, (op, attrs) in enumerate(ops):
        out = "y" if k == len(ops) - 1 else "t%d" % k
        nodes.append(helper.make_node(op, [prev], [out], name=op.lower(), consumed_inputs=[0],
                                      **attrs))
        prev = out
    return old_model(nodes, (1, 3, 5, 7), 1)


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



# --- found by breaking the importer (issue 11 session c) ----------------------------------
@case
def reduce_logsumexp_inf():
    # Row (0,0,:) holds +inf, row (0,1,:) is all -inf: LogSumExp gives +inf and -inf
    # (shifting by an infinite max would give NaN).
    inf = np.inf
    nodes, inits = specials("x", (2, 3, 4), [inf, 1.0, 2.0, 3.0, -inf, -inf, -inf, -inf], "xs")
    nodes.append(helper.make_node("ReduceLogSumExp", ["xs"], ["y"], name="rlse", axes=[-1],
                                  keepdims=0))
    return model(nodes, [vi("x", [2, 3, 4])], [vi("y", None)], inits, opset=13)


@case
def qdq_nan():
    # NaN quantizes to qmin (uint8 0, int8 -128) in ONNX Runtime, never to NaN.
    nodes, inits = specials("x", (1, 3, 5, 7), [np.nan, np.nan, 1.0], "xs")
    nodes += [helper.make_node("QuantizeLinear", ["xs", "s", "zu"], ["qu"], name="qu"),
              helper.make_node("DequantizeLinear", ["qu", "s", "zu"], ["yu"], name="dqu"),
              helper.make_node("QuantizeLinear", ["xs", "s", "zi"], ["qi"], name="qi"),
              helper.make_node("DequantizeLinear", ["qi", "s", "zi"], ["yi"], name="dqi")]
    inits += [init("s", np.array(0.05, np.float32)), init("zu", np.array(3, np.uint8)),
              init("zi", np.array(-2, np.int8))]
    return model(nodes, [vi("x", [1, 3, 5, 7])], [vi("yu", None), vi("yi", None)], inits)


@case
def round_negative_zero():
    # Round keeps the sign of a zero result (round(-0.4) = -0), seen through Reciprocal.
    nodes, inits = specials("x", (1, 3, 5, 7), [-0.4, -0.5, -0.0, 0.4, 0.5, -2.5, 2.5, -1.5], "xs")
    nodes += [helper.make_node("Round", ["xs"], ["r"], name="round"),
              helper.make_node("Reciprocal", ["r"], ["y"], name="reciprocal")]
    return model(nodes, [vi("x", [1, 3, 5, 7])], [vi("y", None)], inits)


@case
def convtranspose_huge_stride():
    node = helper.make_node("ConvTranspose", ["x", "w"], ["y"], name="ct", strides=[2**62, 1])
    return model([node], [vi("x", [1, 4, 5, 5])], [vi("y", None)],
                 [init("w", np.ones((4, 3, 3, 3), np.float32))], infer=False)


@case
def conv_huge_pads():
    node = helper.make_node("Conv", ["x", "w"], ["y"], name="conv",
                            pads=[2**63 - 1, 0, 2**63 - 1, 0])
    return model([node], [vi("x", [1, 3, 5, 5])], [vi("y", None)],
                 [init("w", np.ones((3, 3, 3, 3), np.float32))], infer=False)


@case
def convtranspose_output_padding_too_big():
    node = helper.make_node("ConvTranspose", ["x", "w"], ["y"], name="ct", strides=[2, 2],
                            output_padding=[2, 0])
    return model([node], [vi("x", [1, 4, 5, 5])], [vi("y", None)],
                 [init("w", np.ones((4, 3, 3, 3), np.float32))], infer=False)


@case
def avgpool19_float_attr():
    # An INT attribute given as FLOAT at opset 19 (past the 1.12 checker's schemas).
    node = helper.make_node("AveragePool", ["x"], ["y"], name="pool", kernel_shape=[2, 2],
                            ceil_mode=1.0)
    return model([node], [vi("x", [1, 3, 5, 5])], [vi("y", [1, 3, 4, 4])], opset=19, infer=False)


@case
def resize19_string_attr():
    node = helper.make_node("Resize", ["x", "", "s"], ["y"], name="resize", mode="cubic",
                            cubic_coeff_a="-0.5")
    return model([node], [vi("x", [1, 3, 5, 5])], [vi("y", [1, 3, 10, 10])],
                 [init("s", np.array([1, 1, 2, 2], np.float32))], opset=19, infer=False)


@case
def resize19_unknown_attr():
    node = helper.make_node("Resize", ["x", "", "s"], ["y"], name="resize", antialiasing=1)
    return model([node], [vi("x", [1, 3, 5, 5])], [vi("y", [1, 3, 10, 10])],
                 [init("s", np.array([1, 1, 2, 2], np.float32))], opset=19, infer=False)


# --- channel shuffle (compress-fold-channel-shuffle) -----------------------------
class _G:
    """A small graph builder: nodes, initializers and fresh names."""

    def __init__(self):
        self.nodes, self.inits, self.k = [], [], 0

    def name(self, p):
        self.k += 1
        return "%s%d" % (p, self.k)

    def const(self, arr):
        n = self.name("c")
        self.inits.append(init(n, arr))
        return n

    def op(self, op, ins, **attrs):
        out = self.name(op.lower())
        self.nodes.append(helper.make_node(op, ins, [out], name=out, **attrs))
        return out

    def slice(self, x, start, end, axis=1, step=None):
        """Slice-10+ of x along one axis, [start, end) with an optional step."""
        ins = [x] + [self.const(np.array([v], np.int64)) for v in (start, end, axis)]
        if step is not None:
            ins.append(self.const(np.array([step], np.int64)))
        return self.op("Slice", ins)

    def conv(self, x, cin, cout, k=1, group=1, stride=1, bn=True, act="Relu"):
        y = self.op("Conv", [x, self.const(rand(cout, cin // group, k, k, scale=0.5))],
                    kernel_shape=[k, k], pads=[k // 2] * 4, strides=[stride] * 2, group=group)
        if bn:
            y = self.op("BatchNormalization",
                        [y, self.const(rand(cout) * 0.2 + 1), self.const(rand(cout) * 0.1),
                         self.const(rand(cout) * 0.1),
                         self.const(np.abs(rand(cout)) + 0.5)], epsilon=1e-5)
        if act:
            y = self.op(act, [y])
        return y

    def shuffle(self, x, c, g, hw, style="torch"):
        h, w = hw
        if style == "torch":      # x.view(n, g, c/g, h, w).transpose(1, 2).reshape(n, c, h, w)
            r = self.op("Reshape", [x, self.const(np.array([1, g, c // g, h, w], np.int64))])
            t = self.op("Transpose", [r], perm=[0, 2, 1, 3, 4])
            return self.op("Reshape", [t, self.const(np.array([1, c, h, w], np.int64))])
        if style == "neg1":       # -1 and 0 reshape dims
            r = self.op("Reshape", [x, self.const(np.array([0, g, -1, h, w], np.int64))])
            t = self.op("Transpose", [r], perm=[0, 2, 1, 3, 4])
            return self.op("Reshape", [t, self.const(np.array([0, -1, h, w], np.int64))])
        if style == "nhwc":       # TensorFlow style: in NHWC, [n, h, w, g, c/g] -> swap last two
            a = self.op("Transpose", [x], perm=[0, 2, 3, 1])
            r = self.op("Reshape", [a, self.const(np.array([1, h, w, g, c // g], np.int64))])
            t = self.op("Transpose", [r], perm=[0, 1, 2, 4, 3])
            b = self.op("Reshape", [t, self.const(np.array([1, h, w, c], np.int64))])
            return self.op("Transpose", [b], perm=[0, 3, 1, 2])
        raise ValueError(style)

    def model(self, x_shape, y, opset=13):
        return model(self.nodes, [vi("x", x_shape)], [vi(y, None)], self.inits, opset)


def _v2_unit(g, x, c, hw, split="Split", style="torch", opset=13):
    """ShuffleNetV2 basic unit: split, branch2 (1x1, dw 3x3, 1x1), concat, shuffle."""
    h = c // 2
    if split == "Split":
        if opset >= 13:
            a, b = g.name("s"), g.name("s")
            g.nodes.append(helper.make_node("Split", [x, g.const(np.array([h, h], np.int64))],
                                            [a, b], name=a, axis=1))
        else:
            a, b = g.name("s"), g.name("s")
            g.nodes.append(helper.make_node("Split", [x], [a, b], name=a, axis=1))
    else:
        a = g.slice(x, 0, h)
        b = g.slice(x, h, 2 ** 62)
    y = g.conv(b, h, h)
    y = g.conv(y, h, h, k=3, group=h, act=None)
    y = g.conv(y, h, h)
    cat = g.op("Concat", [a, y], axis=1)
    return g.shuffle(cat, c, 2, hw, style)


def _v2_down(g, x, cin, cout, hw):
    """ShuffleNetV2 downsampling unit: both branches read the (shuffled) input."""
    h = cout // 2
    b1 = g.conv(x, cin, cin, k=3, group=cin, stride=2, act=None)
    b1 = g.conv(b1, cin, h)
    b2 = g.conv(x, cin, h)
    b2 = g.conv(b2, h, h, k=3, group=h, stride=2, act=None)
    b2 = g.conv(b2, h, h)
    cat = g.op("Concat", [b1, b2], axis=1)
    return g.shuffle(cat, cout, 2, (hw[0] // 2, hw[1] // 2))


def _shufflenet_tiny(split="Split", style="torch", opset=13):
    g = _G()
    x = g.conv("x", 3, 12, k=3)
    x = g.shuffle(x, 12, 3, (6, 10), style)        # g = 3 (ShuffleNet v1)
    x = _v2_unit(g, x, 12, (6, 10), split, style, opset)
    x = _v2_unit(g, x, 12, (6, 10), split, style, opset)
    x = _v2_down(g, x, 12, 20, (6, 10))
    x = _v2_unit(g, x, 20, (3, 5), split, style, opset)
    y = g.conv(x, 20, 7, act=None)
    return g.model([1, 3, 6, 10], y, opset)


@case
def shuffle_v2_split():
    return _shufflenet_tiny("Split", "torch")


@case
def shuffle_v2_split_opset11():
    return _shufflenet_tiny("Split", "torch", opset=11)


@case
def shuffle_v2_slice_neg1():
    return _shufflenet_tiny("Slice", "neg1")


@case
def shuffle_v2_nhwc():
    return _shufflenet_tiny("Split", "nhwc")


@case
def shuffle_dw_hardswish():
    # shuffle -> depthwise (multiplier 2) -> BN -> HardSwish -> Mul by a per-channel
    # constant -> Sigmoid gate (SiLU) -> 1x1 conv: carried through each op, absorbed last.
    g = _G()
    x = g.conv("x", 3, 8, k=3)
    s = g.shuffle(x, 8, 2, (5, 7))
    d = g.conv(s, 8, 16, k=3, group=8, act="HardSwish")
    m = g.op("Mul", [d, g.const(rand(1, 16, 1, 1))])
    e = g.op("Mul", [m, g.op("Sigmoid", [m])])
    p = g.op("MaxPool", [e], kernel_shape=[2, 2], strides=[1, 1])
    y = g.conv(p, 16, 5, act=None)
    return g.model([1, 3, 5, 7], y, opset=14)


@case
def shuffle_unabsorbed():
    # The shuffled tensor also reaches an Add with a runtime tensor, a ReduceMean and
    # the graph output: those keep reading the shuffle itself.
    g = _G()
    x = g.conv("x", 3, 6, k=3)
    s = g.shuffle(x, 6, 2, (4, 5))
    a = g.op("Add", [s, g.conv("x", 3, 6, act=None)])
    y1 = g.conv(a, 6, 4, act=None)
    r = g.op("ReduceMean", [s], axes=[2, 3], keepdims=1)
    y = g.op("Add", [y1, g.op("ReduceSum", [r, g.const(np.array([1], np.int64))], keepdims=1)])
    y = g.op("Concat", [y, s], axis=1)
    return g.model([1, 3, 4, 5], y)


@case
def shuffle_not_channels():
    # Reshape -> Transpose -> Reshape that moves data between pixels (a 2x2 space shuffle
    # of W): not a channel permutation, left as it is.
    g = _G()
    x = g.conv("x", 3, 4, k=3)
    r = g.op("Reshape", [x, g.const(np.array([1, 4, 3, 2, 2], np.int64))])
    t = g.op("Transpose", [r], perm=[0, 1, 2, 4, 3])
    b = g.op("Reshape", [t, g.const(np.array([1, 4, 3, 4], np.int64))])
    y = g.conv(b, 4, 3, act=None)
    return g.model([1, 3, 3, 4], y)


@case
def shuffle_many_runs():
    # Every second channel of 160 (80 one-channel runs: more than one tosa.concat may
    # take at TOSA level 8K): not folded, and still compiles.
    g = _G()
    x = g.conv("x", 3, 160, act=None)
    s = g.slice(x, 0, 160, step=2)
    y = g.conv(s, 80, 5, act=None)
    return g.model([1, 3, 4, 5], y)


@case
def shuffle_g64():
    # A channel shuffle with 64 groups of 2 (64 runs per half after the split: the
    # most one concat takes) and 66 groups of 2 (over it: left as it is).
    g = _G()
    x = g.conv("x", 3, 128, act=None)
    s = g.shuffle(x, 128, 64, (4, 5))
    a = g.slice(s, 0, 64)
    y = g.conv(a, 64, 3, act=None)
    x2 = g.conv("x", 3, 132, act=None)
    s2 = g.shuffle(x2, 132, 66, (4, 5))
    b = g.slice(s2, 0, 66)
    y2 = g.conv(b, 66, 3, act=None)
    return g.model([1, 3, 4, 5], g.op("Add", [y, y2]))


@case
def conv_groups_96():
    # A grouped (not depthwise) conv of 96 groups: 96 per-group convs, concatenated as a
    # concat of concats of at most 64 (one tosa.concat takes 64 operands at level 8K).
    return conv_model([1, 192, 4, 5], rand(96, 2, 3, 3), rand(96), group=96, pads=[1, 1, 1, 1])


@case
def concat_70_inputs():
    # A Concat node of 70 inputs (slices of one tensor, each through a Relu).
    g = _G()
    x = g.conv("x", 3, 70, act=None)
    parts = []
    for i in range(70):
        s = g.slice(x, i, i + 1)
        parts.append(g.op("Relu", [s]) if i % 2 else s)
    return g.model([1, 3, 4, 5], g.op("Concat", parts[::-1], axis=1))

# --- group G (nodetests): node-test regressions, Dropout training_mode -------------------
def _dropout_model(ratio, training, opset=13):
    # Dropout with ratio / training_mode as constant inputs (None: not given).
    ins, inits = ["x"], []
    for name, val in (("ratio", ratio), ("training_mode", training)):
        if val is None:
            ins.append("")
        else:
            inits.append(init(name, np.array(val, np.float32 if name == "ratio" else np.bool_)))
            ins.append(name)
    while ins[-1] == "":
        ins.pop()
    node = helper.make_node("Dropout", ins, ["y"], name="dropout")
    return model([node], [vi("x", [1, 3, 5, 7])], [vi("y", None)], inits, opset)


@case
def dropout_training_ratio0():
    # training_mode true with ratio 0 keeps every element: the identity.
    return _dropout_model(0.0, True)


@case
def dropout_training_false():
    # training_mode false (explicit) with ratio 0.7: inference, the identity.
    return _dropout_model(0.7, False, opset=12)


@case
def dropout_training_ratio_half():
    return _dropout_model(0.5, True)


@case
def dropout_training_default_ratio():
    # training_mode true, ratio not given: its default 0.5.
    return _dropout_model(None, True)


@case
def dropout_training_not_scalar():
    return _dropout_model(0.0, [True, False])


@case
def dropout_ratio_not_scalar():
    return _dropout_model([0.0, 0.0], True)


@case
def resize_align_corners_down_scales():
    # test_resize_downsample_scales_{linear,cubic}_align_corners' input: 2x4 scaled by 0.6
    # gives 1x2, where ONNX 1.12's reference takes length_resized = 2.4 (onnx/onnx#2462)
    # and ONNX Runtime (the oracle here) the output length 2.
    specs = [{"attrs": {"mode": m, "coordinate_transformation_mode": "align_corners"},
              "roi": [], "scales": [1, 1, 0.6, 0.6]} for m in ("linear", "cubic")]
    specs.append({"attrs": {"mode": "cubic", "coordinate_transformation_mode": "align_corners"},
                  "roi": [], "scales": [1, 1, 0.8, 0.8]})
    return resize_model(specs, x_shape=(1, 1, 2, 4), opset=13)
# --- end group G ---


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
    oracle = None
    if name in ("truncated", "not_protobuf"):
        data = (CASES["conv_pads"]().SerializeToString()[:200] if name == "truncated"
                else b"this is not an ONNX model\n")
    elif name in CASES:
        m = CASES[name]()
        if isinstance(m, tuple):  # (model, an equivalent model ONNX Runtime runs)
            m, oracle = m
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
        # A case may give the oracle its own equivalent model (e.g. an opset-7
        # form of an opset-6 model, which ONNX Runtime does not run): NPY's
        # ".oracle.onnx", with the same graph inputs.
        m = onnx.load_from_string(data) if oracle is None else oracle
        gen = np.random.RandomState(7)
        frozen = []
        inits = {t.name for t in m.graph.initializer}
        for k, inp in enumerate(i for i in m.graph.input if i.name not in inits):
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
        if name in ORACLE_OPSET:
            from onnx import version_converter
            target = ORACLE_OPSET[name]
            oracle = (target() if callable(target) else version_converter.convert_version(
                onnx.shape_inference.infer_shapes(m), target))
            onnx.save(oracle, npy[:-4] + ".oracle.onnx")
        elif oracle is not None:
            onnx.save(m, npy[:-4] + ".oracle.onnx")


if __name__ == "__main__":
    main(sys.argv[1:])
