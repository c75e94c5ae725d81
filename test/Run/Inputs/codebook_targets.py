"""Codebook FC layers for test/Run/codebook-targets.test.

  model OUT.onnx X.npy M K N   a Gemm (x · Wᵀ + b) whose W holds 16 distinct values
                               (so --codebook-bits=4 is lossless), and an input
  conv OUT.onnx X.npy C F H W   a 3x3 Conv (pad 1, bias), NCHW, W with 16 distinct values
  check REF.npy GOT.npy X.npy OUT.onnx
                               GOT == REF bit for bit, and REF close to float64 numpy
"""
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def model(out, xpath, m, k, n):
    rng = np.random.default_rng(12)
    table = np.linspace(-1.0, 1.0, 16, dtype=np.float32) * np.float32(0.37)
    w = table[rng.integers(0, 16, size=(n, k))]
    b = rng.uniform(-1, 1, size=n).astype(np.float32)
    x = rng.uniform(-1, 1, size=(m, k)).astype(np.float32)
    g = helper.make_graph(
        [helper.make_node("Gemm", ["x", "w", "b"], ["y"], transB=1)], "fc",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [m, k])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [m, n])],
        [numpy_helper.from_array(w, "w"), numpy_helper.from_array(b, "b")])
    onnx.save(helper.make_model(g, opset_imports=[helper.make_opsetid("", 13)]), out)
    np.save(xpath, x)


def conv(out, xpath, c, f, h, w):
    rng = np.random.default_rng(13)
    table = np.linspace(-1.0, 1.0, 16, dtype=np.float32) * np.float32(0.29)
    wt = table[rng.integers(0, 16, size=(f, c, 3, 3))]
    b = rng.uniform(-1, 1, size=f).astype(np.float32)
    x = rng.uniform(-1, 1, size=(1, c, h, w)).astype(np.float32)
    g = helper.make_graph(
        [helper.make_node("Conv", ["x", "w", "b"], ["y"], kernel_shape=[3, 3],
                          pads=[1, 1, 1, 1])], "conv",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, c, h, w])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, f, h, w])],
        [numpy_helper.from_array(wt, "w"), numpy_helper.from_array(b, "b")])
    onnx.save(helper.make_model(g, opset_imports=[helper.make_opsetid("", 13)]), out)
    np.save(xpath, x)


def reference(x, inits):
    w, b = inits["w"].astype(np.float64), inits["b"].astype(np.float64)
    if w.ndim == 2:
        return x.astype(np.float64) @ w.T + b
    _, c, h, wd = x.shape
    xp = np.pad(x.astype(np.float64), ((0, 0), (0, 0), (1, 1), (1, 1)))
    y = np.zeros((1, w.shape[0], h, wd))
    for i in range(3):
        for j in range(3):
            y += np.einsum("nchw,fc->nfhw", xp[:, :, i:i + h, j:j + wd], w[:, :, i, j])
    return y + b[None, :, None, None]


def check(ref, got, xpath, onnx_path):
    r, y = np.load(ref), np.load(got)
    same = r.shape == y.shape and np.array_equal(r.view(np.uint32), y.view(np.uint32))
    inits = {t.name: numpy_helper.to_array(t) for t in onnx.load(onnx_path).graph.initializer}
    exact = reference(np.load(xpath), inits)
    err = np.abs(r - exact).max() / max(1.0, np.abs(exact).max())
    print("bit-identical" if same else "DIFFERENT (max |diff| %g)" % np.abs(r - y).max())
    print("reference ok" if err < 1e-5 else "REFERENCE OFF (%g)" % err)


if __name__ == "__main__":
    if sys.argv[1] == "model":
        model(sys.argv[2], sys.argv[3], *map(int, sys.argv[4:7]))
    elif sys.argv[1] == "conv":
        conv(sys.argv[2], sys.argv[3], *map(int, sys.argv[4:8]))
    else:
        check(*sys.argv[2:6])
