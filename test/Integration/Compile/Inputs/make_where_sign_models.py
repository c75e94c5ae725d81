#!/usr/bin/env python3
"""Small ONNX models whose binary activations are written with Where instead of Sign.

  make_where_sign_models.py OUTDIR

torch.where(x >= 0, 1, -1) exports as GreaterOrEqual + Where; torch.where(x < 0, -1, 1)
as Less + Where. Both give +1 at x = 0, the binary ops' input_sign = ge0, so they are
recognized as binary layers without flags. Where(x > 0, 1, -1) gives -1 at 0 and
Where(x >= 0, -1, 1) the negated sign: near-misses that must stay float. Every input
has exact zeros (after Relu) so that the sign at 0 decides the answer.

Writes OUTDIR/<case>.onnx and OUTDIR/<case>.x.npy and prints one line per case with
the number of exact zeros at the input of its Where.
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OUT = sys.argv[1]
rng = np.random.RandomState(2024)
N = helper.make_node


def pm_alpha(shape):
    """+-alpha per output channel (axis 0), alpha < 0 on every third channel."""
    alpha = rng.uniform(0.25, 2.0, shape[0]).astype(np.float32)
    alpha[::3] *= -1
    signs = np.where(rng.rand(*shape) < 0.5, -1.0, 1.0).astype(np.float32)
    return signs * alpha.reshape((-1,) + (1,) * (len(shape) - 1))


def save(name, nodes, inits, x, out, out_shape):
    graph = helper.make_graph(
        nodes, name, [helper.make_tensor_value_info("x", TensorProto.FLOAT, list(x.shape))],
        [helper.make_tensor_value_info(out, TensorProto.FLOAT, out_shape)],
        [numpy_helper.from_array(np.asarray(v), k) for k, v in inits.items()])
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    m.ir_version = 8
    onnx.checker.check_model(m)
    onnx.save(m, os.path.join(OUT, name + ".onnx"))
    np.save(os.path.join(OUT, name + ".x.npy"), x)
    print("%s: where input zeros %d" % (name, int(np.sum(np.maximum(x, 0) == 0))))


def consts(then_value, else_value):
    return {"zero": np.array(0, np.float32), "then": np.array(then_value, np.float32),
            "else": np.array(else_value, np.float32)}


def conv_case(name, compare, then_value, else_value, c=65, f=8, hw=9):
    x = rng.randint(-3, 4, (1, c, hw, hw)).astype(np.float32)
    inits = consts(then_value, else_value)
    inits["W"] = pm_alpha((f, c, 3, 3))
    nodes = [N("Relu", ["x"], ["r"]),
             N(compare, ["r", "zero"], ["cond"]),
             N("Where", ["cond", "then", "else"], ["s"]),
             N("Conv", ["s", "W"], ["y"], name="bconv", pads=[1, 1, 1, 1])]
    save(name, nodes, inits, x, "y", [1, f, hw, hw])


def gemm_case(name, compare, then_value, else_value, c=10, hw=3, n=33):
    x = rng.randint(-3, 4, (2, c, hw, hw)).astype(np.float32)
    inits = consts(then_value, else_value)
    inits["W"] = pm_alpha((n, c * hw * hw))
    inits["b"] = rng.uniform(-1, 1, n).astype(np.float32)
    nodes = [N("Relu", ["x"], ["r"]),
             N("Flatten", ["r"], ["fl"]),
             N(compare, ["fl", "zero"], ["cond"]),
             N("Where", ["cond", "then", "else"], ["s"]),
             N("Gemm", ["s", "W", "b"], ["y"], name="bfc", transB=1)]
    save(name, nodes, inits, x, "y", [2, n])


os.makedirs(OUT, exist_ok=True)
conv_case("where_ge_conv", "GreaterOrEqual", 1.0, -1.0)
conv_case("where_less_conv", "Less", -1.0, 1.0, c=63)
gemm_case("where_ge_gemm", "GreaterOrEqual", 1.0, -1.0)
gemm_case("where_less_gemm", "Less", -1.0, 1.0)
conv_case("miss_where_greater", "Greater", 1.0, -1.0)
conv_case("miss_where_negated", "GreaterOrEqual", -1.0, 1.0)
