#!/usr/bin/env python3
"""Writes an ONNX model that is a chain of N small convolutions (compile-time benchmark).

Each layer is Conv 3x3 (pad 1, stride 1, bias) + Relu on C channels at H x W, batch 1,
with fixed random weights (numpy seed --seed, He-scaled so activations stay O(1)
along the chain). The model is what issue 12 item 6 measures compile time on
("a chain of 300 small convs"): its compile time must grow linearly with N.

Usage: bench/conv_chain.py out.onnx [--layers 300] [--channels 8] [--size 16]
       [--seed 0] [--input x.npy]   (--input also writes a random input)
"""
import argparse

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def chain_model(layers, channels, size, seed):
    rng = np.random.default_rng(seed)
    c, hw = channels, size
    nodes, inits = [], []
    x = "x"
    for i in range(layers):
        w = (rng.standard_normal((c, c, 3, 3)) * np.sqrt(2.0 / (9 * c))).astype(np.float32)
        b = (rng.standard_normal(c) * 0.05).astype(np.float32)
        inits += [numpy_helper.from_array(w, f"w{i}"), numpy_helper.from_array(b, f"b{i}")]
        y = f"c{i}"
        nodes.append(helper.make_node("Conv", [x, f"w{i}", f"b{i}"], [y], name=f"conv{i}",
                                      kernel_shape=[3, 3], pads=[1, 1, 1, 1]))
        out = "y" if i == layers - 1 else f"r{i}"
        nodes.append(helper.make_node("Relu", [y], [out], name=f"relu{i}"))
        x = out
    graph = helper.make_graph(
        nodes, f"conv_chain_{layers}",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, c, hw, hw])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, c, hw, hw])], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("output")
    ap.add_argument("--layers", type=int, default=300)
    ap.add_argument("--channels", type=int, default=8)
    ap.add_argument("--size", type=int, default=16, help="H = W")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--input", help="also write a random 1xCxHxW input (.npy) here")
    a = ap.parse_args()
    if a.layers < 1 or a.channels < 1 or a.size < 1:
        ap.error("--layers, --channels and --size must be >= 1")
    onnx.save(chain_model(a.layers, a.channels, a.size, a.seed), a.output)
    if a.input:
        rng = np.random.default_rng(a.seed + 1)
        np.save(a.input, rng.standard_normal((1, a.channels, a.size, a.size)).astype(np.float32))


if __name__ == "__main__":
    main()
