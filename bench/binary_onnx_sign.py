#!/usr/bin/env python3
"""The cost of exact ONNX Sign in binary layers (input_sign = onnx) against the ge0 kernel,
the dense path and ONNX Runtime (docs/performance.md, "ONNX Sign (input_sign = onnx)").

  bench/binary_onnx_sign.py [--build build] [--threads 1,2] [--rounds 3] [--repeat 300]

Per layer (Relu -> Sign -> Conv 3x3 pad 1 at ResNet-18 shapes, Relu -> Sign -> MatMul
4096 -> 1024, +-alpha weights): `onnx` is compress-compile without flags, `ge0` the same
compressed MLIR without the input_sign attribute (the sign(0) = +1 kernel: wrong on the
zeros, timing only), `dense` is --no-recognize, `ort` ONNX Runtime (tools/oracle/run.mjs).
Prints the median over rounds of each median latency (ms). Work files in a temp folder.
"""
import argparse
import os
import re
import subprocess
import tempfile

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def make(path, c, f, hw, rng):
    """Relu -> Sign -> Conv (hw > 0) or MatMul (hw == 0); writes path.onnx and path.x.npy."""
    if hw:
        x = rng.randint(-3, 4, (1, c, hw, hw)).astype(np.float32)
        w = np.where(rng.rand(f, c, 3, 3) < 0.5, -1, 1) * rng.uniform(0.5, 1.5, (f, 1, 1, 1))
        layer = helper.make_node("Conv", ["s", "w"], ["y"], name="bconv", pads=[1, 1, 1, 1])
        y = [1, f, hw, hw]
    else:
        x = rng.randint(-3, 4, (1, c)).astype(np.float32)
        w = np.where(rng.rand(c, f) < 0.5, -1, 1) * rng.uniform(0.5, 1.5, f)
        layer = helper.make_node("MatMul", ["s", "w"], ["y"], name="fc")
        y = [1, f]
    nodes = [helper.make_node("Relu", ["x"], ["r"], name="relu"),
             helper.make_node("Sign", ["r"], ["s"], name="sign"), layer]
    graph = helper.make_graph(
        nodes, "b", [helper.make_tensor_value_info("x", TensorProto.FLOAT, list(x.shape))],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, y)],
        [numpy_helper.from_array(w.astype(np.float32), "w")])
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    m.ir_version = 8
    onnx.save(m, path + ".onnx")
    np.save(path + ".x.npy", x)


def median_ms(cmd, env=None):
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, check=True)
    return float(re.search(r"median_ms=([0-9.e-]+)", out.stdout + out.stderr).group(1))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--repeat", type=int, default=300)
    a = ap.parse_args()
    bin_ = os.path.join(a.build, "bin")
    rng = np.random.RandomState(5)
    layers = [("conv 56x56x64", 64, 64, 56), ("conv 28x28x128", 128, 128, 28),
              ("conv 14x14x256", 256, 256, 14), ("FC 4096 -> 1024", 4096, 1024, 0)]
    with tempfile.TemporaryDirectory() as tmp:
        print("| layer | threads | onnx | ge0 | onnx / ge0 | dense | ORT |")
        print("|---|---|---|---|---|---|---|")
        for k, (name, c, f, hw) in enumerate(layers):
            p = os.path.join(tmp, "l%d" % k)
            make(p, c, f, hw, rng)
            cc = os.path.join(bin_, "compress-compile")
            subprocess.run([cc, p + ".onnx", "--emit=compressed", "-o", p + ".mlir"], check=True)
            text = open(p + ".mlir").read()
            assert "input_sign = #compress<input_sign onnx>" in text, "layer not recognized"
            text = text.replace(", input_sign = #compress<input_sign onnx>", "")
            text = text.replace(" {input_sign = #compress<input_sign onnx>}", "")
            open(p + ".ge0.mlir", "w").write(text)
            subprocess.run([cc, p + ".mlir", "-o", p + ".onnx.so"], check=True)
            subprocess.run([cc, p + ".ge0.mlir", "-o", p + ".ge0.so"], check=True)
            subprocess.run([cc, p + ".onnx", "--no-recognize", "-o", p + ".dense.so"], check=True)
            for t in [int(v) for v in a.threads.split(",")]:
                env = dict(os.environ, COMPRESS_NUM_THREADS=str(t))
                runs = {v: [] for v in ("onnx", "ge0", "dense", "ort")}
                for _ in range(a.rounds):
                    for v in ("onnx", "ge0", "dense"):
                        runs[v].append(median_ms(
                            [os.path.join(bin_, "compress-run"), "%s.%s.so" % (p, v), p + ".x.npy",
                             "--repeat", str(a.repeat)], env))
                    runs["ort"].append(median_ms(
                        ["node", os.path.join(ROOT, "tools", "oracle", "run.mjs"), p + ".onnx",
                         "--out", p + ".ort", "--threads", str(t), "--repeat", str(a.repeat),
                         p + ".x.npy"]))
                m = {v: sorted(r)[len(r) // 2] for v, r in runs.items()}
                print("| %s | %d | %.4g | %.4g | %.2f | %.4g | %.4g |" % (
                    name, t, m["onnx"], m["ge0"], m["onnx"] / m["ge0"], m["dense"], m["ort"]))


if __name__ == "__main__":
    main()
