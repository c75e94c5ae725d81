#!/usr/bin/env python3
"""Dense-path benchmark: our compiled models vs ONNX Runtime, in one run.

  /usr/bin/python3 bench/dense.py [--build build-perf] [--repeat 100] [--rounds 3]
                                  [--only cls,r18-56,...] [--threads 1,2]

Workloads:
  cls      the PaddleOCR text-direction classifier (scripts/fetch-models.sh), 1x3x48x192
  r18-56   one ResNet-18 3x3 conv layer (stride 1, pad 1, bias) 1x64x56x56 -> 64
  r18-28   ... 1x128x28x28 -> 128
  r18-14   ... 1x256x14x14 -> 256
  r18-7    ... 1x512x7x7 -> 512
  r18-28s2 ResNet-18's stride-2 3x3 convs: 1x64x56x56 -> 128 x 28x28
  r18-14s2 ... 1x128x28x28 -> 256 x 14x14
  r18-7s2  ... 1x256x14x14 -> 512 x 7x7
  r18-7ds  ResNet-18's 1x1 stride-2 downsample 1x256x14x14 -> 512 x 7x7
  mb2-14ex MobileNetV2's 1x1 convs: expansion 1x64x14x14 -> 384
  mb2-14pj ... projection 1x384x14x14 -> 64
  mb2-7ex  ... expansion 1x160x7x7 -> 960
  mb2-7pj  ... projection 1x960x7x7 -> 160
  fc1k     a fully connected layer (Gemm with bias) 1x1024 -> 1024
  fc1k-b16 ... at batch 16: 16x1024 -> 1024
  fc4k     ... 1x4096 -> 1024
  fc-r18   ResNet-18's classifier 1x512 -> 1000
Single layers are one-node ONNX models (ONNX Runtime sees exactly the same graph; ours
includes the NCHW<->NHWC transposes at the model boundary).

Each workload is compiled once with compress-compile (compile time reported), then
measured `--rounds` times, alternating ours / ONNX Runtime (1 and 2 threads), each
measurement being the median of `--repeat` calls after a warm-up; the table shows the
median over rounds and the ratio ours / ONNX Runtime (< 1: we are faster).
Our compiled code is single-threaded unless OMP_NUM_THREADS says otherwise.

--baseline OTHER_BUILD also compiles each workload with that build's compress-compile
and measures it in the same rounds (columns "base ms" and "ours/base"): before/after
figures from one run on a loaded machine. --compile-args passes extra options to both
compilers (e.g. "--mcpu=haswell" for AVX2-only code).
"""
import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LAYERS = {"r18-56": (64, 56), "r18-28": (128, 28), "r18-14": (256, 14), "r18-7": (512, 7)}
# Not in the default set (--only): (in channels, input size, out channels, kernel, stride).
CONVS = {"r18-28s2": (64, 56, 128, 3, 2), "r18-14s2": (128, 28, 256, 3, 2),
         "r18-7s2": (256, 14, 512, 3, 2), "r18-7ds": (256, 14, 512, 1, 2),
         "mb2-14ex": (64, 14, 384, 1, 1), "mb2-14pj": (384, 14, 64, 1, 1),
         "mb2-7ex": (160, 7, 960, 1, 1), "mb2-7pj": (960, 7, 160, 1, 1)}
FC = {"fc1k": (1, 1024, 1024), "fc1k-b16": (16, 1024, 1024), "fc4k": (1, 4096, 1024),
      "fc-r18": (1, 512, 1000)}


def save_conv(path, w, b, h, wd, stride=1):
    """One-node ONNX model: Conv (pad k // 2, `stride`) of a 1xCxHxW input by the
    OIHW weight `w` and bias `b`."""
    f, c, k, _ = w.shape
    node = helper.make_node("Conv", ["x", "w", "b"], ["y"], kernel_shape=[k, k],
                            pads=[k // 2] * 4, strides=[stride, stride])
    oh, ow = (h + 2 * (k // 2) - k) // stride + 1, (wd + 2 * (k // 2) - k) // stride + 1
    graph = helper.make_graph(
        [node], "conv", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, c, h, wd])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, f, oh, ow])],
        initializer=[numpy_helper.from_array(w, "w"), numpy_helper.from_array(b, "b")])
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    m.ir_version = 8
    onnx.save(m, path)


def conv_model(path, c, hw, k=3, f=None, stride=1):
    rng = np.random.RandomState(0)
    f = f or c
    w = (rng.standard_normal((f, c, k, k)) * 0.05).astype(np.float32)
    b = (rng.standard_normal(f) * 0.1).astype(np.float32)
    save_conv(path, w, b, hw, hw, stride)


def fc_weights(k, n):
    """The seeded KxN weight and N bias of fc_model."""
    rng = np.random.RandomState(0)
    w = (rng.standard_normal((k, n)) * 0.03).astype(np.float32)
    b = (rng.standard_normal(n) * 0.1).astype(np.float32)
    return w, b


def fc_model(path, m, k, n):
    """One-node ONNX model: Gemm y = x·W + b of an MxK input by a KxN weight."""
    save_fc(path, m, *fc_weights(k, n))


def save_fc(path, m, w, b):
    """One-node ONNX model: Gemm y = x·W + b of an Mx(K) input by the KxN weight `w`."""
    k, n = w.shape
    node = helper.make_node("Gemm", ["x", "w", "b"], ["y"])
    graph = helper.make_graph(
        [node], "fc", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [m, k])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [m, n])],
        initializer=[numpy_helper.from_array(w, "w"), numpy_helper.from_array(b, "b")])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    onnx.save(model, path)


def run(cmd, env=None):
    out = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if out.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{out.stdout}\n{out.stderr}")
    return out.stdout + out.stderr


def median_ms(text):
    m = re.search(r"median_ms=([0-9.eE+-]+)", text)
    if not m:
        sys.exit(f"no median_ms in:\n{text}")
    return float(m.group(1))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default=os.path.join(ROOT, "build-perf"))
    ap.add_argument("--repeat", type=int, default=100)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--only", default=",".join(["cls", *LAYERS, *FC]))
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--work", default=None)
    ap.add_argument("--baseline", default=None, help="another build dir, measured alongside")
    ap.add_argument("--compile-args", default="", help="extra compress-compile options")
    args = ap.parse_args()
    work = args.work or tempfile.mkdtemp(prefix="compress-bench-")
    os.makedirs(work, exist_ok=True)
    compile_bin = os.path.join(args.build, "bin", "compress-compile")
    run_bin = os.path.join(args.build, "bin", "compress-run")
    oracle = os.path.join(ROOT, "tools", "oracle", "run.mjs")
    threads = [int(t) for t in args.threads.split(",")]
    rng = np.random.RandomState(0)

    rows = []
    for name in args.only.split(","):
        extra = []
        if name == "cls":
            models = run([os.path.join(ROOT, "scripts", "fetch-models.sh")]).strip().splitlines()[-1]
            onnx_path = os.path.join(models, "ch_ppocr_mobile_v2.0_cls_infer.onnx")
            shape = (1, 3, 48, 192)
            extra = ["--input-shape", "x=1,3,48,192"]
        elif name in FC:
            m, k, n = FC[name]
            onnx_path = os.path.join(work, f"{name}.onnx")
            fc_model(onnx_path, m, k, n)
            shape = (m, k)
        elif name in CONVS:
            c, hw, f, k, stride = CONVS[name]
            onnx_path = os.path.join(work, f"{name}.onnx")
            conv_model(onnx_path, c, hw, k, f, stride)
            shape = (1, c, hw, hw)
        else:
            c, hw = LAYERS[name]
            onnx_path = os.path.join(work, f"{name}.onnx")
            conv_model(onnx_path, c, hw)
            shape = (1, c, hw, hw)
        x = os.path.join(work, f"{name}.npy")
        np.save(x, rng.rand(*shape).astype(np.float32))
        so = os.path.join(work, f"{name}.so")
        cargs = args.compile_args.split()
        t0 = time.time()
        run([compile_bin, onnx_path, *extra, *cargs, "-o", so])
        compile_s = time.time() - t0
        base_so = os.path.join(work, f"{name}-base.so")
        if args.baseline:
            run([os.path.join(args.baseline, "bin", "compress-compile"), onnx_path, *extra,
                 *cargs, "-o", base_so])
        ours, base, ort = [], [], {t: [] for t in threads}
        for _ in range(args.rounds):
            if args.baseline:
                base.append(median_ms(run([os.path.join(args.baseline, "bin", "compress-run"),
                                           base_so, x, f"--repeat={args.repeat}"])))
            ours.append(median_ms(run([run_bin, so, x, f"--repeat={args.repeat}"])))
            for t in threads:
                ort[t].append(median_ms(run(["node", oracle, onnx_path, "--threads", str(t),
                                             "--repeat", str(args.repeat), x])))
        row = {"name": name, "compile_s": compile_s, "ours": statistics.median(ours),
               "base": statistics.median(base) if base else None,
               **{f"ort{t}": statistics.median(v) for t, v in ort.items()}}
        rows.append(row)
        print(f"# {name}: base {base} ours {ours} ort {ort}", file=sys.stderr, flush=True)

    head = f"{'workload':10} {'compile s':>9}" + (
        f" {'base ms':>9}" if args.baseline else "") + f" {'ours ms':>9}" + (
        f" {'ours/base':>9}" if args.baseline else "") + "".join(
        f" {'ORT ' + str(t) + 't ms':>10} {'ours/ORT' + str(t):>10}" for t in threads)
    print(head)
    for r in rows:
        line = f"{r['name']:10} {r['compile_s']:9.1f}"
        if args.baseline:
            line += f" {r['base']:9.3f}"
        line += f" {r['ours']:9.3f}"
        if args.baseline:
            line += f" {r['ours'] / r['base']:9.2f}"
        for t in threads:
            line += f" {r[f'ort{t}']:10.3f} {r['ours'] / r[f'ort{t}']:10.2f}"
        print(line)


if __name__ == "__main__":
    main()
