#!/usr/bin/python3
"""Real-input demo: the PaddleOCR text-direction classifier, dense and codebook-compressed.

Renders short English text lines with a Debian font (half of them rotated 180 degrees),
preprocesses them as PaddleOCR does for ch_ppocr_mobile_v2.0_cls (resize to height 48
keeping the aspect ratio, width <= 192, pad right with zeros, scale to [-1, 1]), compiles
the model with compress-compile dense and with k-means codebooks, runs the native code
in-process (python/compress, the build's libcompress-c.so; latency with compress-run
--repeat) and the model with ONNX Runtime, and prints accuracy, agreement with ONNX
Runtime, max abs output difference, weight bytes, library size and median latency.

Usage: scripts/demo.py [--build DIR] [--work DIR] [--bits 8,4,4pc] [--variant NAME=FLAGS]...
                       [--lines N] [--repeat N] [--markdown] [--check]
                       [--runner python|cli]
--variant adds a variant compiled with any compress-compile flags, e.g.
  --variant 'prune 50%=--prune-sparsity=0.5 --sparsify' --variant 'binary=--binarize'
(--bits '' --variant ... compiles only the dense model and the named variants).
--check turns the figures into assertions (the model test): dense max abs diff <= 1e-4 on
the softmax outputs, 8-bit codebook argmax agreement >= 99 %, every output a finite
probability vector.
"""
import argparse
import json
import math
import re
import os
import subprocess
import sys

import numpy as np

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(HERE, "python"))
import compress  # noqa: E402 (the package of this checkout)
MODEL = "ch_ppocr_mobile_v2.0_cls_infer.onnx"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
LINES = [
    "Invoice total 42.50", "Meeting at 10 am", "Thank you for shopping", "Exit only",
    "Open Monday to Friday", "Fresh bread daily", "Please keep off the grass", "Order 1187",
    "Room 204", "Free parking", "Call us today", "Best before 2027", "Gate B12", "No smoking",
    "Push to open", "Happy birthday", "Sale ends Sunday", "Turn left ahead", "Quiet please",
    "Welcome home", "Page 7 of 12", "Delivery address", "Track your parcel", "Coffee 2.80",
    "Lunch menu", "Platform 3", "Speed limit 30", "Wash hands", "Return policy",
    "Customer service", "Main street", "Library hours", "Bus stop", "Cash only",
    "Hot drinks", "Staff only", "Paid in full", "Next train 5 min", "Lost and found",
    "Save the date",
]


def run(cmd, **kw):
    r = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if r.returncode != 0:
        sys.stderr.write(f"command failed ({r.returncode}): {' '.join(cmd)}\n{r.stdout}{r.stderr}")
        sys.exit(1)
    return r.stdout


def render_and_preprocess(text, rotate, png, npy):
    """PaddleOCR ClsPreprocess for the direction classifier, image shape 3x48x192."""
    cmd = ["convert", "-background", "white", "-fill", "black", "-font", FONT,
           "-pointsize", "32", f"label:{text}", "-bordercolor", "white", "-border", "6x6"]
    if rotate:
        cmd += ["-rotate", "180"]
    run(cmd + [png])
    w, h = map(int, run(["identify", "-format", "%w %h", png]).split())
    resized_w = min(192, int(math.ceil(48 * w / h)))
    raw = subprocess.run(["convert", png, "-resize", f"{resized_w}x48!", "-depth", "8", "rgb:-"],
                         capture_output=True, check=True).stdout
    img = np.frombuffer(raw, dtype=np.uint8).reshape(48, resized_w, 3).astype(np.float32)
    img = img[:, :, ::-1]  # PaddleOCR reads BGR with OpenCV
    img = (img / 255.0 - 0.5) / 0.5
    x = np.zeros((1, 3, 48, 192), dtype=np.float32)
    x[0, :, :, :resized_w] = img.transpose(2, 0, 1)
    np.save(npy, x)


def median_ms(text):
    for tok in text.replace(",", " ").split():
        if tok.startswith("median_ms="):
            return float(tok.split("=")[1])
    raise ValueError(f"no median in: {text}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default=os.path.join(HERE, "build"))
    ap.add_argument("--work", default=os.path.join(HERE, ".cache", "demo"))
    ap.add_argument("--bits", default="8,4,4pc",
                    help="codebook variants to compile, comma-separated: N = N-bit indices, one "
                         "codebook per tensor; Npc = one codebook per output channel")
    ap.add_argument("--variant", action="append", default=[], metavar="NAME=FLAGS",
                    help="an extra variant: a name, '=', then compress-compile flags separated "
                         "by spaces (repeatable)")
    ap.add_argument("--markdown", action="store_true",
                    help="also print the table as Markdown (the docs/accuracy.md form)")
    ap.add_argument("--lines", type=int, default=len(LINES))
    ap.add_argument("--repeat", type=int, default=200, help="runs for the latency medians")
    ap.add_argument("--check", action="store_true", help="assert the model-test thresholds")
    ap.add_argument("--runner", choices=["python", "cli"], default="python",
                    help="run the compiled models in-process through python/compress (default) or "
                         "('cli') through the compress-run tool, one process per input (for sanitizer "
                         "builds, whose libcompress-c.so cannot be loaded into python3)")
    args = ap.parse_args()

    bindir = os.path.join(args.build, "bin")
    os.environ["COMPRESS_LIBRARY"] = os.path.join(args.build, "lib", "libcompress-c.so")
    compile_tool, run_tool = os.path.join(bindir, "compress-compile"), os.path.join(bindir, "compress-run")
    cache = run([os.path.join(HERE, "scripts", "fetch-models.sh")]).strip().splitlines()[-1]
    model = os.path.join(cache, MODEL)
    os.makedirs(args.work, exist_ok=True)
    inputs, labels = [], []
    for i, text in enumerate(LINES[: args.lines]):
        rotate = i % 2 == 1
        npy = os.path.join(args.work, f"line{i:02d}.npy")
        render_and_preprocess(text, rotate, os.path.join(args.work, f"line{i:02d}.png"), npy)
        inputs.append(npy)
        labels.append(1 if rotate else 0)  # PaddleOCR cls labels: ['0', '180']
    labels = np.array(labels)

    # Reference: ONNX Runtime, 1 thread (our compiled code is single-threaded).
    ortdir = os.path.join(args.work, "ort")
    os.makedirs(ortdir, exist_ok=True)
    oracle = os.path.join(HERE, "tools", "oracle", "run.mjs")
    ort_latency = median_ms(run(["node", oracle, model, "--out", ortdir, "--threads", "1",
                                 "--repeat", str(args.repeat)] + inputs))
    ref = np.stack([np.load(os.path.join(ortdir, f"line{i:02d}.out0.npy"))[0] for i in range(len(inputs))])

    variants = [("dense", [])]
    for b in filter(None, args.bits.split(",")):
        if b.endswith("pc"):
            variants.append((f"codebook {b[:-2]}-bit/ch", [f"--codebook-bits={b[:-2]}",
                                                           "--codebook-per-channel"]))
        else:
            variants.append((f"codebook {b}-bit", [f"--codebook-bits={b}"]))
    for v in args.variant:
        name, sep, flags = v.partition("=")
        if not sep or not name.strip():
            ap.error(f"--variant wants NAME=FLAGS, got '{v}'")
        variants.append((name.strip(), flags.split()))
    rows = []
    for name, flags in variants:
        tag = re.sub(r"[^A-Za-z0-9_.-]", "_", name)
        lib = os.path.join(args.work, f"libcls_{tag}.so")
        reportjson = run([compile_tool, model, "--input-shape", "x=1,3,48,192", *flags,
                          "--report=json", "-o", lib])
        report = json.loads(reportjson)
        if args.runner == "python":
            with compress.load(lib) as compiled:
                outs = np.stack([compiled(np.load(npy))[0] for npy in inputs])
        else:
            outs = []
            for i, npy in enumerate(inputs):
                out = os.path.join(args.work, f"out_{tag}_{i:02d}.npy")
                run([run_tool, lib, npy, "-o", out])
                outs.append(np.load(out)[0])
            outs = np.stack(outs)
        latency = median_ms(run([run_tool, lib, inputs[0], "--repeat", str(args.repeat)]))
        rows.append(dict(
            name=name, out=outs,
            accuracy=float(np.mean(outs.argmax(1) == labels)),
            agreement=float(np.mean(outs.argmax(1) == ref.argmax(1))),
            maxdiff=float(np.max(np.abs(outs - ref))),
            weight_bytes=report["total_weight_bytes_after"],
            macs=report["total_macs_after"],
            so_bytes=os.path.getsize(lib), latency=latency))

    n = len(inputs)
    print(f"PaddleOCR text-direction classifier ({MODEL}), {n} rendered text lines "
          f"({int(labels.sum())} rotated 180 degrees), input 1x3x48x192, 1 thread\n")
    width = max([18] + [len(r["name"]) + 2 for r in rows])
    print(f"{'variant':<{width}}{'accuracy':>9}{'agree w/ ORT':>13}{'max |diff|':>12}"
          f"{'weight bytes':>14}{'MACs':>12}{'.so bytes':>11}{'median ms':>11}")
    ort_acc = float(np.mean(ref.argmax(1) == labels))
    print(f"{'ONNX Runtime':<{width}}{ort_acc:>9.1%}{'-':>13}{'-':>12}{'-':>14}{'-':>12}{'-':>11}"
          f"{ort_latency:>11.3f}")
    for r in rows:
        print(f"{r['name']:<{width}}{r['accuracy']:>9.1%}{r['agreement']:>13.1%}{r['maxdiff']:>12.2e}"
              f"{r['weight_bytes']:>14}{r['macs']:>12}{r['so_bytes']:>11}{r['latency']:>11.3f}")
    if args.markdown:
        dense = rows[0]
        print("\n| variant | accuracy | agreement with ORT | max \\|Δ\\| | weight bytes | ratio "
              "| MACs | median ms |")
        print("|---|---|---|---|---|---|---|---|")
        print(f"| ONNX Runtime (1 thread) | {ort_acc:.1%} | – | – | – | – | – | {ort_latency:.2f} |")
        for r in rows:
            print(f"| {r['name']} | {r['accuracy']:.1%} | {r['agreement']:.1%} | {r['maxdiff']:.1e} "
                  f"| {r['weight_bytes']:,} | {dense['weight_bytes'] / r['weight_bytes']:.2f} "
                  f"| {r['macs']:,} | {r['latency']:.2f} |")

    if args.check:
        failures = []
        for r in rows:
            o = r["out"]
            if not np.all(np.isfinite(o)) or np.max(np.abs(o.sum(1) - 1)) > 1e-4 or o.min() < 0:
                failures.append(f"{r['name']}: outputs are not probability vectors")
        dense = rows[0]
        if dense["maxdiff"] > 1e-4:
            failures.append(f"dense: max abs diff {dense['maxdiff']:.3e} > 1e-4 vs ONNX Runtime")
        for r in rows:
            if r["name"] == "codebook 8-bit" and r["agreement"] < 0.99:
                failures.append(f"codebook 8-bit: argmax agreement {r['agreement']:.1%} < 99 %")
        if failures:
            print("\nFAILED:\n  " + "\n  ".join(failures))
            sys.exit(1)
        print("\nmodel checks passed")


if __name__ == "__main__":
    main()
