#!/usr/bin/env python3
"""Before/after of the sparse kernels in one run (docs/performance.md "Sparse
kernels: threads, per-layer choice"): compiles each ONNX file with two compress builds
(--sparsify --sparsify-min-sparsity=0, plus the dense layer with the second build), then
interleaves `compress-run --repeat` of before / after / dense at every thread count for
--rounds rounds and prints the median over rounds of each measurement's median (ms).

  bench/sparse_ab.py --before BUILD_A --after BUILD_B --rounds 3 --repeat 20 \\
      --threads 1,2 case.onnx:input.npy ...
(bench/run.py --work DIR leaves such ONNX files and inputs behind: DIR/<case>.onnx, .npy)."""
import argparse
import os
import re
import statistics
import subprocess
import sys


def compile_(build, onnx, out, extra):
    cmd = [os.path.join(build, "bin", "compress-compile"), onnx, "-o", out] + extra
    subprocess.run(cmd, check=True, capture_output=True)


def run(so, x, threads, repeat):
    out = subprocess.run([RUN, so, x, f"--repeat={repeat}",
                          f"--num-threads={threads}", "-o", os.devnull],
                         check=True, capture_output=True, text=True).stdout
    return float(re.search(r"median_ms=([0-9.]+)", out).group(1))


ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
ap.add_argument("--before", required=True)
ap.add_argument("--after", required=True)
ap.add_argument("--rounds", type=int, default=3)
ap.add_argument("--repeat", type=int, default=20)
ap.add_argument("--threads", default="1,2")
ap.add_argument("--work", default="/tmp/sparse-ab")
ap.add_argument("--comp", default="--sparsify --sparsify-min-sparsity=0",
                help="compressed options (default: %(default)s)")
ap.add_argument("cases", nargs="+", help="model.onnx:input.npy")
a = ap.parse_args()
RUN = os.path.join(a.after, "bin", "compress-run")
os.makedirs(a.work, exist_ok=True)
threads = [int(t) for t in a.threads.split(",")]
libs = {}
for spec in a.cases:
    onnx, x = spec.split(":")
    name = os.path.splitext(os.path.basename(onnx))[0]
    for tag, build, extra in (("before", a.before, a.comp.split()), ("after", a.after, a.comp.split()),
                              ("dense", a.after, ["--no-recognize"])):
        so = os.path.join(a.work, f"{name}-{tag}.so")
        compile_(build, onnx, so, extra)
        libs[(name, tag)] = (so, x)
    print("# compiled", name, file=sys.stderr)
names = [os.path.splitext(os.path.basename(s.split(":")[0]))[0] for s in a.cases]
times = {}
for r in range(a.rounds):
    for name in names:
        for t in threads:
            for tag in ("before", "after", "dense"):
                so, x = libs[(name, tag)]
                times.setdefault((name, t, tag), []).append(run(so, x, t, a.repeat))
    print(f"# round {r + 1}/{a.rounds}", file=sys.stderr)
with open("/proc/loadavg") as f:
    load = f.read().split()[:3]
print(f"load average at end: {' '.join(load)}")
print("| case | threads | before ms | after ms | after / before | our dense ms | after / dense |")
print("|---|---|---|---|---|---|---|")
for name in names:
    for t in threads:
        b, af, d = (statistics.median(times[(name, t, k)]) for k in ("before", "after", "dense"))
        print(f"| {name} | {t} | {b:.3f} | {af:.3f} | {af / b:.2f} | {d:.3f} | {af / d:.2f} |")
