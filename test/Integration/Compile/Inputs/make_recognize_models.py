#!/usr/bin/env python3
"""Models whose weights arrive already compressed (group E, recognition).

  make_recognize_models.py OUTDIR

Writes OUTDIR/sparse.onnx (conv 8->16 3x3 whose weights are 90 % zeros, then a
dense float conv 16->4 with random weights), OUTDIR/codebook.onnx (conv 8->16 3x3
with 16 distinct weight values, then a matmul with 16 distinct values per output
column but different per column), and OUTDIR/x.npy, an input for both."""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

out = sys.argv[1]
rng = np.random.RandomState(99)


def save(name, nodes, inits, y_shape):
    graph = helper.make_graph(
        nodes, name, [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 8, 12, 14])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, y_shape)],
        [numpy_helper.from_array(v, k) for k, v in inits.items()])
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    m.ir_version = 8
    onnx.checker.check_model(m)
    onnx.save(m, os.path.join(out, name + ".onnx"))


# 90 % zeros in conv1 (exactly 10 % nonzero), random float conv2 (no zeros).
w1 = rng.standard_normal((16, 8, 3, 3)).astype(np.float32)
flat = w1.reshape(-1)
keep = rng.permutation(flat.size)[: flat.size // 10]
mask = np.zeros(flat.size, bool)
mask[keep] = True
flat[~mask] = 0.0
w2 = rng.standard_normal((4, 16, 3, 3)).astype(np.float32)
save("sparse",
     [helper.make_node("Conv", ["x", "w1", "b1"], ["c1"], name="conv_sparse", pads=[1, 1, 1, 1]),
      helper.make_node("Relu", ["c1"], ["r1"], name="relu"),
      helper.make_node("Conv", ["r1", "w2"], ["y"], name="conv_dense")],
     {"w1": w1, "b1": rng.standard_normal(16).astype(np.float32), "w2": w2}, [1, 4, 10, 12])

# 16 distinct values in the whole conv weight; 16 per column in the matmul weight.
levels = rng.standard_normal(16).astype(np.float32)
wc = levels[rng.randint(0, 16, (16, 8, 3, 3))]
col_levels = rng.standard_normal((16, 5)).astype(np.float32)
wm = np.take_along_axis(col_levels, rng.randint(0, 16, (14, 5)), axis=0).astype(np.float32)
save("codebook",
     [helper.make_node("Conv", ["x", "wc"], ["c"], name="conv_levels", pads=[1, 1, 1, 1]),
      helper.make_node("MatMul", ["c", "wm"], ["y"], name="matmul_levels")],
     {"wc": wc, "wm": wm}, [1, 16, 12, 5])

np.save(os.path.join(out, "x.npy"), rng.uniform(-2, 2, (1, 8, 12, 14)).astype(np.float32))
print("sparse conv zeros: %.3f" % (np.mean(w1 == 0)))
print("codebook conv distinct: %d, matmul distinct per column: %s" % (
    len(np.unique(wc)), [len(np.unique(wm[:, j])) for j in range(5)]))
