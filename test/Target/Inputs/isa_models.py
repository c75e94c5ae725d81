#!/usr/bin/env python3
"""Small one-layer ONNX models for the generated-code checks (test/Target/isa-kernels.test).

  isa_models.py OUTDIR      writes conv.onnx (3x3 conv 1x64x14x14 -> 64, pad 1, bias) and
                            fc.onnx (Gemm 1x256 -> 128, transB, bias), fixed random weights.
The node names are the layer names the compression options take (conv, fc).
"""
import os
import sys

import numpy as np
from onnx import TensorProto, helper, numpy_helper, save


def conv(path):
    rng = np.random.default_rng(1)
    w = numpy_helper.from_array(rng.standard_normal((64, 64, 3, 3)).astype(np.float32), "w")
    b = numpy_helper.from_array(rng.standard_normal(64).astype(np.float32), "b")
    node = helper.make_node("Conv", ["x", "w", "b"], ["y"], name="conv", pads=[1, 1, 1, 1])
    graph = helper.make_graph(
        [node], "conv", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 64, 14, 14])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 64, 14, 14])], [w, b])
    save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)]), path)


def fc(path):
    rng = np.random.default_rng(2)
    w = numpy_helper.from_array(rng.standard_normal((128, 256)).astype(np.float32), "w")
    b = numpy_helper.from_array(rng.standard_normal(128).astype(np.float32), "b")
    node = helper.make_node("Gemm", ["x", "w", "b"], ["y"], name="fc", transB=1)
    graph = helper.make_graph(
        [node], "fc", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 256])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 128])], [w, b])
    save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)]), path)


if __name__ == "__main__":
    out = sys.argv[1]
    conv(os.path.join(out, "conv.onnx"))
    fc(os.path.join(out, "fc.onnx"))
