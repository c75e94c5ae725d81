#!/usr/bin/env python3
"""ONNX models for the filter-pruning execution tests (Debian python3-onnx + NumPy).

  make_prune_models.py chain DIR FRACTION CRITERION
      DIR/model.onnx: Conv(3->12, 3x3, pad 1) -> Relu -> Conv(12->5, 3x3, stride 2, pad 1),
      input x [1, 3, 13, 17]; DIR/zeroed.onnx: the same model with the first conv's
      floor(FRACTION * 12) output filters of smallest L1 / L2 norm zeroed in NumPy
      (weights and bias): what compress-prune filters=FRACTION must compute. Random
      weights, so no two filters have the same norm. DIR/x.npy: an input.
  make_prune_models.py mobile DIR
      DIR/model.onnx: a MobileNetV3-like block (stem conv + BN + hard-swish, depthwise
      conv + BN + ReLU, squeeze-excitation, 1x1 projection, a residual add of two
      branches, average pool, last conv) with input x [1, 3, 20, 24]; DIR/x.npy.
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

F = TensorProto.FLOAT
rng = np.random.RandomState(2024)


def rand(*shape, scale=1.0):
    return (rng.standard_normal(shape) * scale).astype(np.float32)


def init(name, arr):
    return numpy_helper.from_array(np.asarray(arr, dtype=np.float32), name)


def save(nodes, inits, x_shape, y_shape, path):
    graph = helper.make_graph(nodes, "g", [helper.make_tensor_value_info("x", F, x_shape)],
                              [helper.make_tensor_value_info("y", F, y_shape)],
                              initializer=inits)
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)],
                          producer_name="compress-tests")
    m.ir_version = 8
    onnx.checker.check_model(m)
    onnx.save(m, path)


def chain(out_dir, fraction, criterion):
    w1, b1 = rand(12, 3, 3, 3), rand(12)
    w2, b2 = rand(5, 12, 3, 3), rand(5)

    def build(w1, b1, path):
        nodes = [helper.make_node("Conv", ["x", "w1", "b1"], ["c1"], name="conv1",
                                  pads=[1, 1, 1, 1]),
                 helper.make_node("Relu", ["c1"], ["r1"], name="relu1"),
                 helper.make_node("Conv", ["r1", "w2", "b2"], ["y"], name="conv2",
                                  pads=[1, 1, 1, 1], strides=[2, 2])]
        save(nodes, [init("w1", w1), init("b1", b1), init("w2", w2), init("b2", b2)],
             [1, 3, 13, 17], [1, 5, 7, 9], path)

    build(w1, b1, os.path.join(out_dir, "model.onnx"))
    flat = w1.reshape(12, -1).astype(np.float64)
    norms = np.abs(flat).sum(1) if criterion == "l1" else np.sqrt((flat * flat).sum(1))
    assert len(set(norms.tolist())) == 12, "tied norms"
    removed = np.argsort(norms)[:int(np.floor(fraction * 12))]
    w1z, b1z = w1.copy(), b1.copy()
    w1z[removed] = 0
    b1z[removed] = 0
    build(w1z, b1z, os.path.join(out_dir, "zeroed.onnx"))
    print("removed filters:", " ".join(str(i) for i in sorted(removed)))
    np.save(os.path.join(out_dir, "x.npy"), rand(1, 3, 13, 17))


def mobile(out_dir):
    nodes, inits = [], []

    def node(op, ins, outs, name, **attrs):
        nodes.append(helper.make_node(op, ins, outs, name=name, **attrs))

    def conv(name, inp, out, cout, cin, k, group=1, **attrs):
        inits.extend([init(name + "_w", rand(cout, cin // group, k, k, scale=0.5)),
                      init(name + "_b", rand(cout, scale=0.2))])
        pad = k // 2
        node("Conv", [inp, name + "_w", name + "_b"], [out], name, group=group,
             pads=[pad] * 4, **attrs)

    def bn(name, inp, out, c):
        inits.extend([init(name + "_s", rand(c)), init(name + "_bb", rand(c)),
                      init(name + "_m", rand(c, scale=0.1)),
                      init(name + "_v", np.abs(rand(c)) + 0.5)])
        node("BatchNormalization", [inp, name + "_s", name + "_bb", name + "_m", name + "_v"],
             [out], name, epsilon=1e-5)

    inits.extend([init("k3", np.array(3.0)), init("k6", np.array(6.0))])

    def hardswish(name, inp, out):
        node("Add", [inp, "k3"], [name + "_a"], name + "_add")
        node("Clip", [name + "_a", "zero", "k6"], [name + "_c"], name + "_clip")
        node("Mul", [inp, name + "_c"], [name + "_m"], name + "_mul")
        node("Div", [name + "_m", "k6"], [out], name + "_div")

    inits.append(init("zero", np.array(0.0)))
    conv("stem", "x", "s0", 16, 3, 3, strides=[2, 2])
    bn("stem_bn", "s0", "s1", 16)
    hardswish("hs0", "s1", "h0")
    conv("expand", "h0", "e0", 24, 16, 1)
    hardswish("hs1", "e0", "h1")
    conv("dw", "h1", "d0", 24, 24, 3, group=24)
    bn("dw_bn", "d0", "d1", 24)
    node("Relu", ["d1"], ["d2"], "dw_relu")
    node("GlobalAveragePool", ["d2"], ["g0"], "se_pool")
    conv("se_fc1", "g0", "q0", 6, 24, 1)
    node("Relu", ["q0"], ["q1"], "se_relu")
    conv("se_fc2", "q1", "q2", 24, 6, 1)
    node("HardSigmoid", ["q2"], ["q3"], "se_hsig", alpha=0.2, beta=0.5)
    node("Mul", ["d2", "q3"], ["se"], "se_mul")
    conv("project", "se", "p0", 16, 24, 1)
    conv("branch", "h0", "p1", 16, 16, 3)
    node("Add", ["p0", "p1"], ["res"], "residual")
    node("AveragePool", ["res"], ["ap"], "avgpool", kernel_shape=[2, 2], strides=[2, 2])
    conv("last", "ap", "y", 10, 16, 3)
    save(nodes, inits, [1, 3, 20, 24], [1, 10, 5, 6], os.path.join(out_dir, "model.onnx"))
    np.save(os.path.join(out_dir, "x.npy"), rand(1, 3, 20, 24))


if __name__ == "__main__":
    if sys.argv[1] == "chain":
        chain(sys.argv[2], float(sys.argv[3]), sys.argv[4])
    else:
        mobile(sys.argv[2])
