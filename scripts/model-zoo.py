#!/usr/bin/python3
"""Model zoo: real CNN definitions compiled by compress and compared with ONNX Runtime.

  scripts/model-zoo.py [--build DIR] [--models a,b,...] [--opsets 13,17]
                       [--latency] [--markdown docs/model-zoo.md] [--work DIR]

Exports torchvision's models (Debian python3-torchvision; torch.onnx) with fixed
random weights (torch.manual_seed(0), BatchNorm statistics randomised too, so no
layer is an identity) at each opset, plus a small Conv1d keyword-spotting network
defined here, and takes PaddleOCR's PP-OCRv4 detector from the model cache
(scripts/fetch-models.sh). Each model is compiled with compress-compile
(--emit=lib), run with compress-run on a seeded input, and compared with ONNX
Runtime (tools/oracle/run.mjs) on the same ONNX file and input: pass when
max |diff| <= tol * max |ORT output| (tol 1e-4: whole networks in fp32 with sums
reordered differ by ~1e-6 of the output's scale; random-weight outputs can be
small, so an absolute tolerance would not test them). Prints one line per model and `N passed, N failed`; exit 1 if
any failed. With --latency, also the median latency of compress and of ONNX
Runtime (1 thread each, 20 runs after a warm-up). --markdown writes the table.

Exports are cached in .cache/zoo (keyed by torch version, model and opset).
"""
import argparse
import os
import subprocess
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

# name -> (constructor source, input shape). Constructors run with torch and
# torchvision imported; `weights=None` everywhere: no download.
TORCHVISION = {
    "resnet18": ("torchvision.models.resnet18(weights=None)", (1, 3, 224, 224)),
    "mobilenet_v2": ("torchvision.models.mobilenet_v2(weights=None)", (1, 3, 224, 224)),
    "mobilenet_v3_small": ("torchvision.models.mobilenet_v3_small(weights=None)",
                           (1, 3, 224, 224)),
    "mobilenet_v3_large": ("torchvision.models.mobilenet_v3_large(weights=None)",
                           (1, 3, 224, 224)),
    "shufflenet_v2_x1_0": ("torchvision.models.shufflenet_v2_x1_0(weights=None)",
                           (1, 3, 224, 224)),
    "squeezenet1_1": ("torchvision.models.squeezenet1_1(weights=None)", (1, 3, 224, 224)),
    "efficientnet_b0": ("torchvision.models.efficientnet_b0(weights=None)", (1, 3, 224, 224)),
    "lraspp_mobilenet_v3_large": (
        "torchvision.models.segmentation.lraspp_mobilenet_v3_large("
        "weights=None, weights_backbone=None)", (1, 3, 224, 224)),
    "kws_conv1d": ("KWSConv1d()", (1, 40, 101)),
}
PADDLE = {"ppocrv4_det": ("ch_PP-OCRv4_det_infer.onnx", (1, 3, 320, 320))}
ALL = list(TORCHVISION) + list(PADDLE)


def kws_class(torch):
    nn = torch.nn

    class KWSConv1d(nn.Module):
        """A keyword-spotting CNN over 40 MFCC bands x 101 frames (1-D convs over
        time, as in audio and KWS models): conv-BN-ReLU blocks with stride,
        dilation and a depthwise separable block, global average pool, FC."""

        def __init__(self):
            super().__init__()
            self.body = nn.Sequential(
                nn.Conv1d(40, 64, 3, padding=1), nn.BatchNorm1d(64), nn.ReLU(),
                nn.Conv1d(64, 64, 3, stride=2, padding=1), nn.BatchNorm1d(64), nn.ReLU(),
                nn.Conv1d(64, 64, 3, padding=2, dilation=2, groups=64), nn.BatchNorm1d(64),
                nn.ReLU(), nn.Conv1d(64, 96, 1), nn.BatchNorm1d(96), nn.ReLU(),
                nn.MaxPool1d(2), nn.AdaptiveAvgPool1d(1))
            self.fc = nn.Linear(96, 12)

        def forward(self, x):
            return self.fc(torch.flatten(self.body(x), 1))

    return KWSConv1d


def export(name, opset, cache):
    import torch
    import torchvision
    os.makedirs(cache, exist_ok=True)
    path = os.path.join(cache, f"{name}-opset{opset}-torch{torch.__version__}.onnx")
    if os.path.exists(path):
        return path
    torch.manual_seed(0)
    # The constructor strings name torchvision and KWSConv1d.
    model = eval(TORCHVISION[name][0], {"torchvision": torchvision, "KWSConv1d": kws_class(torch)})
    # Random BatchNorm statistics (fresh ones are mean 0, var 1: an identity).
    gen = torch.Generator().manual_seed(1)
    for m in model.modules():
        if isinstance(m, torch.nn.modules.batchnorm._BatchNorm):
            m.running_mean.copy_(torch.randn(m.running_mean.shape, generator=gen) * 0.1)
            m.running_var.copy_(torch.rand(m.running_var.shape, generator=gen) * 0.5 + 0.75)
    model.eval()
    x = torch.randn(*TORCHVISION[name][1], generator=gen)
    tmp = path + ".part"
    torch.onnx.export(model, x, tmp, opset_version=opset, input_names=["x"],
                      output_names=["y"], do_constant_folding=True)
    os.replace(tmp, path)
    return path


def run(cmd, **kw):
    """Runs cmd; returns (returncode, stdout, stderr)."""
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)
    return p.returncode, p.stdout, p.stderr


# Runs argv[1:] and prints its peak RSS in kB on stderr's last line. A separate small
# process: a child forked from this one (which holds torch) would inherit its
# high-water mark, which Linux keeps across exec.
_PEAK_WRAPPER = """
import os, sys
pid = os.fork()
if pid == 0:
    os.execv(sys.argv[1], sys.argv[1:])
_, status, usage = os.wait4(pid, 0)
sys.stderr.write("\\npeak_kb=%d\\n" % usage.ru_maxrss)
sys.exit(os.waitstatus_to_exitcode(status))
"""


def peak_rss(cmd):
    """Runs cmd and returns (returncode, stderr, seconds, peak RSS in MB)."""
    t0 = time.monotonic()
    p = subprocess.run([sys.executable, "-c", _PEAK_WRAPPER, *cmd], stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, text=True)
    secs = time.monotonic() - t0
    err, _, last = p.stderr.rstrip().rpartition("\n")
    peak = int(last.split("=")[1]) / 1024 if last.startswith("peak_kb=") else float("nan")
    return p.returncode, err, secs, peak


def median_ms(text):
    """The median_ms=<x> that compress-run --repeat and run.mjs --repeat print."""
    for tok in text.split():
        if tok.startswith("median_ms="):
            return float(tok.split("=")[1])
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--models", default=",".join(ALL),
                    help="comma-separated, of: " + ", ".join(ALL) + " (default: all)")
    ap.add_argument("--opsets", default="13,17",
                    help="comma-separated ONNX opsets of the torchvision exports (default: 13,17)")
    ap.add_argument("--latency", action="store_true")
    ap.add_argument("--markdown")
    ap.add_argument("--work", default=os.path.join(ROOT, ".cache", "zoo", "work"))
    ap.add_argument("--tol", type=float, default=1e-4,
                    help="pass when max |diff| <= tol * max |ONNX Runtime output|")
    a = ap.parse_args()
    models = [m for m in a.models.split(",") if m]
    unknown = [m for m in models if m not in ALL]
    if unknown:
        sys.exit(f"model-zoo: unknown model(s) {', '.join(unknown)}; models: {', '.join(ALL)}")
    opsets = [int(o) for o in a.opsets.split(",") if o]
    cache = os.path.join(ROOT, ".cache", "zoo")
    compile_bin = os.path.join(a.build, "bin", "compress-compile")
    run_bin = os.path.join(a.build, "bin", "compress-run")
    oracle = os.path.join(ROOT, "tools", "oracle", "run.mjs")
    rows, passed, failed = [], 0, 0
    for name in models:
        for opset in (opsets if name in TORCHVISION else [None]):
            label = name + (f" (opset {opset})" if opset else "")
            work = os.path.join(a.work, f"{name}-{opset}")
            os.makedirs(work, exist_ok=True)
            row = {"model": label, "compiles": "no", "diff": "", "compile_s": "",
                   "peak_mb": "", "ours_ms": "", "ort_ms": ""}
            try:
                if name in TORCHVISION:
                    onnx_path, shape = export(name, opset, cache), TORCHVISION[name][1]
                else:
                    onnx_path = os.path.join(ROOT, ".cache", "models", PADDLE[name][0])
                    shape = PADDLE[name][1]
                    if not os.path.exists(onnx_path):
                        raise RuntimeError(f"{onnx_path} missing: run scripts/fetch-models.sh")
            except Exception as e:  # export failures are a row, not a crash
                row["note"] = f"export failed: {str(e).splitlines()[0][:200]}"
                rows.append(row)
                failed += 1
                print(f"FAIL {label}: {row['note']}", flush=True)
                continue
            x = np.random.RandomState(0).uniform(-1, 1, shape).astype(np.float32)
            npy = os.path.join(work, "x.npy")
            np.save(npy, x)
            lib = os.path.join(work, "model.so")
            cmd = [compile_bin, onnx_path, "-o", lib]
            if name in PADDLE:
                cmd += ["--input-shape", "x=" + ",".join(map(str, shape))]
            rc, err, secs, peak = peak_rss(cmd)
            row["compile_s"], row["peak_mb"] = f"{secs:.1f}", f"{peak:.0f}"
            if rc != 0:
                msg = next((l for l in err.splitlines() if "error" in l), err.strip()[:200])
                row["note"] = msg.strip()[:300]
                rows.append(row)
                failed += 1
                print(f"FAIL {label}: {row['note']}", flush=True)
                continue
            row["compiles"] = "yes"
            ours = os.path.join(work, "ours.npy")
            rc, _, err = run([run_bin, lib, npy, "-o", ours])
            ort_dir = os.path.join(work, "ort")
            os.makedirs(ort_dir, exist_ok=True)
            rc2, _, err2 = run(["node", oracle, onnx_path, "--out", ort_dir, npy])
            if rc != 0 or rc2 != 0:
                row["note"] = ("compress-run: " + err.strip()[:200]) if rc else (
                    "ONNX Runtime: " + err2.strip()[-200:])
                rows.append(row)
                failed += 1
                print(f"FAIL {label}: {row['note']}", flush=True)
                continue
            got, want = np.load(ours), np.load(os.path.join(ort_dir, "x.out0.npy"))
            if got.shape != want.shape:
                ok, diff = False, float("inf")
                row["note"] = f"shape {list(got.shape)} vs ONNX Runtime {list(want.shape)}"
            else:
                scale = float(np.abs(want).max())
                diff = float(np.abs(got.astype(np.float64) - want).max())
                ok = diff <= a.tol * scale and not np.isnan(got).any()
                row["rel"] = f"{diff / scale:.1e}" if scale > 0 else ""
            row["diff"] = f"{diff:.2e}"
            if a.latency and ok:
                _, out, err = run([run_bin, lib, npy, "--repeat=20"],
                                        env=dict(os.environ, COMPRESS_NUM_THREADS="1"))
                row["ours_ms"] = f"{median_ms(out + err) or float('nan'):.2f}"
                _, out, err = run(["node", oracle, onnx_path, "--threads", "1",
                                         "--repeat", "20", npy])
                row["ort_ms"] = f"{median_ms(out + err) or float('nan'):.2f}"
            rows.append(row)
            passed += ok
            failed += not ok
            print(f"{'PASS' if ok else 'FAIL'} {label}: max|diff| {diff:.2e} "
                  f"({row.get('rel', '?')} of max|ORT|), compile "
                  f"{row['compile_s']} s, peak {row['peak_mb']} MB"
                  + (f", {row['ours_ms']} ms vs ONNX Runtime {row['ort_ms']} ms"
                     if row["ours_ms"] else ""), flush=True)
    if a.markdown:
        with open(a.markdown, "w") as f:
            f.write("# Model zoo\n\nGenerated by `scripts/model-zoo.py"
                    + (" --latency" if a.latency else "")
                    + f" --markdown {os.path.relpath(a.markdown, ROOT)}`: each model "
                    "compiled by compress-compile and compared with ONNX Runtime on a "
                    f"seeded input (pass: max |diff| <= {a.tol:g} · max |ORT output|). "
                    "Latency: median of 20 runs, 1 thread each.\n\n"
                    "| model | compiles | max \\|diff\\| | ÷ max \\|ORT\\| | compile s "
                    "| peak compiler MB | ours ms | ONNX Runtime ms | note |\n"
                    "|---|---|---|---|---|---|---|---|---|\n")
            for r in rows:
                f.write(f"| {r['model']} | {r['compiles']} | {r['diff']} | {r.get('rel', '')} "
                        f"| {r['compile_s']} "
                        f"| {r['peak_mb']} | {r['ours_ms']} | {r['ort_ms']} "
                        f"| {r.get('note', '').replace('|', '/')} |\n")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
