#!/usr/bin/python3
"""Large layers of real CNNs as one-layer ONNX models with random weights, for the
compression-at-scale measurements (issue 14 item 6, docs/performance.md) and the
lit test test/Integration/LowRank/fc9216-randomized.test.

  large_layers.py fc K N model.onnx [--spectrum flat|geometric:RHO:RANK] [--gap R:F] [--input x.npy]
                  [--oracle-rank R --oracle y.npy]
  large_layers.py conv C F HW model.onnx [--input x.npy]

fc: MatMul x[1, K] @ w[K, N]. `flat`: i.i.d. Gaussian weights (a flat spectrum);
`geometric:RHO:RANK`: W = sum_{j<RANK} RHO^j u_j v_j^T with orthonormal u_j, v_j
(Gaussian, orthonormalized by QR), so its singular values are exactly RHO^j and
the optimal rank-R approximation is the first R terms: --oracle writes
y = x @ W_R (Eckart–Young), the reference a rank-R compile must reproduce.
conv: 3x3 Conv, C -> F channels, HW x HW input, pads 1. Fixed seeds throughout.
"""
import argparse
import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def save(node, inputs, outputs, inits, path):
    graph = helper.make_graph([node], "large", inputs, outputs, inits)
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)]), path)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("kind", choices=["fc", "conv"])
    p.add_argument("dims", type=int, nargs="+")
    p.add_argument("model")
    p.add_argument("--spectrum", default="flat")
    p.add_argument("--input")
    p.add_argument("--oracle-rank", type=int)
    p.add_argument("--oracle")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--gap", help="R:F: singular values from index R on are multiplied by F")
    a = p.parse_args()
    rng = np.random.default_rng(a.seed)
    if a.kind == "fc":
        k, n = a.dims
        x = rng.standard_normal((1, k)).astype(np.float32)
        if a.spectrum == "flat":
            w = (rng.standard_normal((k, n), dtype=np.float32) / np.sqrt(k)).astype(np.float32)
            u = v = s = None
        else:
            _, rho, rank = a.spectrum.split(":")
            rho, rank = float(rho), int(rank)
            u, _ = np.linalg.qr(rng.standard_normal((k, rank)))
            v, _ = np.linalg.qr(rng.standard_normal((n, rank)))
            s = rho ** np.arange(rank)
            if a.gap:
                at, factor = a.gap.split(":")
                s[int(at):] *= float(factor)
            w = ((u * s) @ v.T).astype(np.float32)
        save(helper.make_node("MatMul", ["x", "w"], ["y"], name="fc"),
             [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, k])],
             [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, n])],
             [numpy_helper.from_array(w, "w")], a.model)
        if a.oracle:
            r = a.oracle_rank
            assert s is not None and r is not None, "--oracle needs a geometric spectrum and --oracle-rank"
            y = (x.astype(np.float64) @ (u[:, :r] * s[:r])) @ v[:, :r].T
            np.save(a.oracle, y.astype(np.float32))
    else:
        c, f, hw = a.dims
        x = rng.standard_normal((1, c, hw, hw)).astype(np.float32)
        w = (rng.standard_normal((f, c, 3, 3), dtype=np.float32) / np.sqrt(9 * c)).astype(np.float32)
        save(helper.make_node("Conv", ["x", "w"], ["y"], name="conv", pads=[1, 1, 1, 1]),
             [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, c, hw, hw])],
             [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, f, hw, hw])],
             [numpy_helper.from_array(w, "w")], a.model)
    if a.input:
        np.save(a.input, x)


if __name__ == "__main__":
    main()
