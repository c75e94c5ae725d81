#!/usr/bin/env python3
"""Sparse-path benchmark: our sparse lowering vs our dense path vs ONNX Runtime, in one run.

  /usr/bin/python3 bench/sparse.py [--build build-perf] [--repeat 50] [--rounds 3]
                                   [--only r18-56,...] [--sparsity 0,0.5,0.7,0.8,0.9,0.95]

Workloads (single-layer ONNX models, bias, f32, batch 1):
  r18-56    ResNet-18 3x3 conv, stride 1, pad 1: 64x56x56 -> 64
  r18-28    ... 128x28x28 -> 128
  r18-14    ... 256x14x14 -> 256
  pw88-16   PaddleOCR classifier 1x1 conv: 88x3x96 -> 16
  pw32-200  ... 32x2x96 -> 200
For each sparsity s the weight is magnitude-pruned here (exactly floor(s·n) zeros), and the
same ONNX file is compiled twice: `compress-compile --no-recognize` (our dense path, the zeros
multiplied) and `compress-compile --sparsify --sparsify-min-sparsity=0` (CSR sparse lowering).
ONNX Runtime (1 thread, dense) runs the same file.

The three are measured `--rounds` times, interleaved (sparse, dense, ORT, next sparsity, ...),
each measurement the median of `--repeat` calls after a warm-up. The table shows, over rounds,
the median of the medians and the min of the per-call minima (ms), the ratio sparse / dense
(< 1: sparse wins) and the break-even sparsity per layer: the sparsity at which the sparse /
dense ratio of the medians crosses 1, linearly interpolated between the measured sparsities.
"""
import argparse
import os
import re
import statistics
import sys
import tempfile

import numpy as np

from dense import run, save_conv  # bench/dense.py

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# name: (C, H, W, F, k)
LAYERS = {
    "r18-56": (64, 56, 56, 64, 3),
    "r18-28": (128, 28, 28, 128, 3),
    "r18-14": (256, 14, 14, 256, 3),
    "pw88-16": (88, 3, 96, 16, 1),
    "pw32-200": (32, 2, 96, 200, 1),
}


def magnitude_prune(wt, sparsity):
    """Zeroes, in place, the floor(sparsity * wt.size) entries of smallest |value| of the
    C-contiguous array `wt` (ties broken by position: stable sort); returns wt."""
    zeros = int(np.floor(sparsity * wt.size))
    order = np.argsort(np.abs(wt).ravel(), kind="stable")
    flat = wt.ravel()
    flat[order[:zeros]] = 0.0
    return wt


def conv_model(path, c, h, w, f, k, sparsity):
    rng = np.random.RandomState(0)
    wt = magnitude_prune((rng.standard_normal((f, c, k, k)) * 0.05).astype(np.float32), sparsity)
    b = (rng.standard_normal(f) * 0.1).astype(np.float32)
    save_conv(path, wt, b, h, w)


def times(text):
    med = re.search(r"median_ms=([0-9.eE+-]+)", text)
    low = re.search(r"min_ms=([0-9.eE+-]+)", text)
    if not med or not low:
        sys.exit(f"no median_ms/min_ms in:\n{text}")
    return float(med.group(1)), float(low.group(1))


def break_even(points):
    """Sparsity where ratio (sparse/dense) crosses 1 going up in sparsity, or None."""
    for (s0, r0), (s1, r1) in zip(points, points[1:]):
        if r0 >= 1 > r1:
            return s0 + (s1 - s0) * (r0 - 1) / (r0 - r1)
    if points and points[0][1] < 1:
        return points[0][0]
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default=os.path.join(ROOT, "build-perf"))
    ap.add_argument("--repeat", type=int, default=50)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--only", default=",".join(LAYERS))
    ap.add_argument("--sparsity", default="0,0.5,0.7,0.8,0.9,0.95")
    ap.add_argument("--work", default=None)
    args = ap.parse_args()
    work = args.work or tempfile.mkdtemp(prefix="compress-bench-sparse-")
    os.makedirs(work, exist_ok=True)
    compile_bin = os.path.join(args.build, "bin", "compress-compile")
    run_bin = os.path.join(args.build, "bin", "compress-run")
    oracle = os.path.join(ROOT, "tools", "oracle", "run.mjs")
    sparsities = [float(s) for s in args.sparsity.split(",")]
    names = args.only.split(",")

    # Compile everything first.
    cases = []
    for name in names:
        c, h, w, f, k = LAYERS[name]
        x = os.path.join(work, f"{name}.npy")
        np.save(x, np.random.RandomState(1).rand(1, c, h, w).astype(np.float32))
        for s in sparsities:
            tag = f"{name}-s{int(round(s * 100))}"
            model = os.path.join(work, f"{tag}.onnx")
            conv_model(model, c, h, w, f, k, s)
            dense = os.path.join(work, f"{tag}-dense.so")
            sparse = os.path.join(work, f"{tag}-sparse.so")
            # --no-recognize: the dense path, which would otherwise recognize the
            # zeros at or above the break-even and compile the layer sparse.
            run([compile_bin, model, "--no-recognize", "-o", dense])
            run([compile_bin, model, "--sparsify", "--sparsify-min-sparsity=0", "-o", sparse])
            cases.append({"name": name, "s": s, "model": model, "x": x, "dense": dense,
                          "sparse": sparse, "t": {"sparse": [], "dense": [], "ort": []}})
            print(f"# compiled {tag}", file=sys.stderr, flush=True)

    for r in range(args.rounds):
        for case in cases:
            for kind in ("sparse", "dense", "ort"):
                if kind == "ort":
                    cmd = ["node", oracle, case["model"], "--threads", "1", "--repeat",
                           str(args.repeat), case["x"]]
                else:
                    cmd = [run_bin, case[kind], case["x"], f"--repeat={args.repeat}"]
                case["t"][kind].append(times(run(cmd)))
            print(f"# round {r} {case['name']} s={case['s']}: "
                  + " ".join(f"{k}={v[-1][0]:.3f}" for k, v in case["t"].items()),
                  file=sys.stderr, flush=True)

    def med(v):
        return statistics.median(m for m, _ in v)

    def low(v):
        return min(m for _, m in v)

    print("| layer | sparsity | sparse ms (median / min) | dense ms (median / min) | "
          "ORT 1t ms (median / min) | sparse/dense | sparse/ORT |")
    print("|---|---|---|---|---|---|---|")
    curves = {}
    for case in cases:
        t = case["t"]
        ratio = med(t["sparse"]) / med(t["dense"])
        curves.setdefault(case["name"], []).append((case["s"], ratio))
        print(f"| {case['name']} | {case['s']:.2f} | {med(t['sparse']):.3f} / {low(t['sparse']):.3f} "
              f"| {med(t['dense']):.3f} / {low(t['dense']):.3f} "
              f"| {med(t['ort']):.3f} / {low(t['ort']):.3f} "
              f"| {ratio:.2f} | {med(t['sparse']) / med(t['ort']):.2f} |")
    print()
    for name, points in curves.items():
        be = break_even(points)
        print(f"break-even {name}: " + ("none in range" if be is None else f"{be:.2f}"))


if __name__ == "__main__":
    main()
