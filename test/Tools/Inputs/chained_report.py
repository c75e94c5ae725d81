#!/usr/bin/python3
"""Independent oracle of compress-compile's report for chained methods (issue 14 item 5).

  chained_report.py make model.onnx            a 2-conv model with fixed random weights
  chained_report.py check model.onnx report.json

The model: x[1,3,9,7] -> Conv A (6 filters 3x3, pads 1) -> Relu -> Conv B (5 filters
1x1) -> y. `check` recomputes, from the ONNX weights alone, what
`--prune-filters=0.5 --codebook-bits=2` must report for each layer: filter pruning
(L1) removes the 3 filters of A with the smallest L1 norms and the matching input
channels of B (B's own filters feed the graph output and stay); then a per-tensor
2-bit codebook (k = 4, Lloyd from centroids evenly spaced over [min, max], Deep
Compression's linear init) on each pruned weight. Expected per layer:
  bytes before = 4 * original weights, bytes after = rows * ceil(row * 2 / 8) + 4 * k,
  MACs before/after = output pixels * filters * row length (original / pruned),
  rel error = ||W0 - W_hat|| / ||W0|| with W_hat the codebook of the pruned weight,
              zero at the removed positions (the composed error, not the last step's).
Prints "ok <layer> <ratio> <error>" per layer and "ok total <ratio>", or fails.
"""
import json
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def make(path):
    rng = np.random.default_rng(14)
    a = rng.standard_normal((6, 3, 3, 3)).astype(np.float32)
    a *= np.array([1.0, 0.2, 0.9, 0.3, 1.1, 0.25], np.float32)[:, None, None, None]
    b = rng.standard_normal((5, 6, 1, 1)).astype(np.float32)
    nodes = [helper.make_node("Conv", ["x", "wa"], ["ya"], name="convA", pads=[1, 1, 1, 1]),
             helper.make_node("Relu", ["ya"], ["ra"], name="relu"),
             helper.make_node("Conv", ["ra", "wb"], ["y"], name="convB")]
    g = helper.make_graph(nodes, "chain",
                          [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3, 9, 7])],
                          [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 5, 9, 7])],
                          [numpy_helper.from_array(a, "wa"), numpy_helper.from_array(b, "wb")])
    onnx.save(helper.make_model(g, opset_imports=[helper.make_opsetid("", 13)]), path)


def kmeans_linear(values, k):
    v = np.sort(values.astype(np.float64))
    c = np.linspace(v[0], v[-1], k)
    for _ in range(100):
        mids = (c[:-1] + c[1:]) / 2
        idx = np.searchsorted(mids, v, side="left")
        new = np.array([v[idx == j].mean() if np.any(idx == j) else c[j] for j in range(k)])
        new = new.astype(np.float32).astype(np.float64)
        if np.array_equal(new, c):
            break
        c = new
    mids = (c[:-1] + c[1:]) / 2
    return c[np.searchsorted(mids, values.astype(np.float64), side="left")]


def check(model, report):
    w = {i.name: numpy_helper.to_array(i) for i in onnx.load(model).graph.initializer}
    a, b = w["wa"].astype(np.float64), w["wb"].astype(np.float64)
    l1 = np.abs(a).sum(axis=(1, 2, 3))
    keep = np.sort(np.argsort(l1, kind="stable")[3:])
    pixels, bits, k = 9 * 7, 2, 4
    expect = {}
    for name, w0, pruned in (("convA", a, a[keep]), ("convB", b, b[:, keep])):
        rows, row = pruned.shape[0], pruned[0].size
        full = np.zeros_like(w0)
        hat = kmeans_linear(pruned.reshape(-1), k).reshape(pruned.shape)
        if name == "convA":
            full[keep] = hat
        else:
            full[:, keep] = hat
        err = np.linalg.norm(w0 - full) / np.linalg.norm(w0)
        expect[name] = dict(before=4 * w0.size, after=rows * ((row * bits + 7) // 8) + 4 * k,
                            macs_before=pixels * w0.shape[0] * w0[0].size,
                            macs_after=pixels * rows * row, error=err)
    got = {r["layer"]: r for r in json.load(open(report))["layers"]}
    ok = True
    for name, e in expect.items():
        r = got[name]
        checks = [(r["weight_bytes_before"], e["before"]), (r["weight_bytes_after"], e["after"]),
                  (r["macs_before"], e["macs_before"]), (r["macs_after"], e["macs_after"])]
        if any(x != y for x, y in checks) or abs(r["rel_error"] - e["error"]) > 1e-5 * e["error"]:
            print(f"MISMATCH {name}: got {r}, expected {e}")
            ok = False
        else:
            print(f"ok {name} {e['before'] / e['after']:.2f} {e['error']:.4f}")
    before = sum(e["before"] for e in expect.values())
    after = sum(e["after"] for e in expect.values())
    print(f"ok total {before / after:.2f}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    if sys.argv[1] == "make":
        make(sys.argv[2])
    else:
        check(sys.argv[2], sys.argv[3])
