#!/usr/bin/python3
"""One benchmark command (issue 12, item 1): ours dense, ours compressed and ONNX Runtime on
the same ONNX files, at 1 and 2 threads, medians of interleaved rounds, in one run.

  bench/run.py [--build build] [--only GROUP|CASE,...] [--quick] [--repeat N] [--rounds N]
               [--threads 1,2] [--markdown FILE] [--work DIR] [--list]

Every case is one ONNX file that ONNX Runtime (tools/oracle/run.mjs) and compress-compile
both take: single layers are one-node models (bench/dense.py's and bench/sparse.py's
builders), whole models are the PaddleOCR classifier (scripts/fetch-models.sh) and
torchvision's ResNet-18 and MobileNetV2 exported at opset 13 with fixed random weights by
scripts/model-zoo.py's export(). Each is compiled by compress-compile twice, "dense" (the
dense path; --no-recognize where the weights are already sparse) and "compressed" (the
options in the case list), wall time and peak RSS of each compile measured. Then one run
checks the answers: ours dense vs ONNX Runtime (max |diff|, relative to max |ORT output|;
above 1e-4 of it the case fails) and ours compressed vs ours dense (a lossless compression
must agree to 1e-4 of the output's scale or the case fails; a lossy one reports its
max |diff| so that nobody takes a wrong answer for speed). Then --rounds rounds: in each, for
every case in turn, ours dense and ours compressed (compress-run --repeat) at each thread
count, then ONNX Runtime at each thread count; each measurement is the median of --repeat
calls after a warm-up; the tables show the median over rounds. Ours runs with
COMPRESS_NUM_THREADS (and OMP_NUM_THREADS) = the thread count in the environment; whether the
compiled library can use threads at all is read from it (__kmpc_fork_call / pthread_create
imports: since issue 12 item 3 a library has OpenMP parallel regions when one of its layers is
above compress-parallelize-tiles' MAC threshold), and the threads column says so ("2 / 1*":
ONNX Runtime 2 threads, ours single-threaded: no library of the run has a parallel region).

A case that fails to compile, run or check is reported in its row (first error line) and the
run continues; the exit status is 1 if any case failed. Timing is wall clock on whatever the
machine is doing: the header prints the load average at start and end; compare ratios
within one run.
"""
import argparse
import importlib.util
import math
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

from dense import fc_model, fc_weights, save_conv, save_fc  # bench/dense.py
from sparse import conv_model as sparse_conv_model, magnitude_prune  # bench/sparse.py

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def _load_model_zoo():
    """scripts/model-zoo.py as a module (its name has a dash): export(), peak_rss()."""
    spec = importlib.util.spec_from_file_location(
        "model_zoo", os.path.join(ROOT, "scripts", "model-zoo.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


ZOO = _load_model_zoo()


# ---------------------------------------------------------------------------------------
# Model builders. Each returns (onnx path, input shape, extra compress-compile options).

def dw_conv_model(path, c, hw, k=3):
    """One-node ONNX model: depthwise "same" Conv (group = C, stride 1, pad k // 2) with bias
    of a 1xCxHxW input, weight Cx1xkxk (MobileNetV2's depthwise layers)."""
    rng = np.random.RandomState(0)
    w = (rng.standard_normal((c, 1, k, k)) * 0.3).astype(np.float32)
    b = (rng.standard_normal(c) * 0.1).astype(np.float32)
    node = helper.make_node("Conv", ["x", "w", "b"], ["y"], kernel_shape=[k, k],
                            pads=[k // 2] * 4, strides=[1, 1], group=c)
    graph = helper.make_graph(
        [node], "dwconv", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, c, hw, hw])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, c, hw, hw])],
        initializer=[numpy_helper.from_array(w, "w"), numpy_helper.from_array(b, "b")])
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    m.ir_version = 8
    onnx.save(m, path)


def sparse_fc_model(path, m, k, n, sparsity):
    """bench/dense.py's Gemm y = x·W + b (MxK by KxN) with W magnitude-pruned to `sparsity`
    (bench/sparse.py's magnitude_prune); same seed and scale as dense.fc_model."""
    w, b = fc_weights(k, n)
    save_fc(path, m, magnitude_prune(w, sparsity), b)


def conv(c, hw):
    def make(path):
        rng = np.random.RandomState(0)
        w = (rng.standard_normal((c, c, 3, 3)) * 0.05).astype(np.float32)
        b = (rng.standard_normal(c) * 0.1).astype(np.float32)
        save_conv(path, w, b, hw, hw)
        return (1, c, hw, hw), []
    return make


def pw(c, f, hw):
    def make(path):
        rng = np.random.RandomState(0)
        w = (rng.standard_normal((f, c, 1, 1)) * 0.1).astype(np.float32)
        b = (rng.standard_normal(f) * 0.1).astype(np.float32)
        save_conv(path, w, b, hw, hw)
        return (1, c, hw, hw), []
    return make


def dw(c, hw):
    def make(path):
        dw_conv_model(path, c, hw)
        return (1, c, hw, hw), []
    return make


def fc(m, k, n):
    def make(path):
        fc_model(path, m, k, n)
        return (m, k), []
    return make


def sparse_conv(c, hw, s):
    def make(path):
        sparse_conv_model(path, c, hw, hw, c, 3, s)
        return (1, c, hw, hw), []
    return make


def sparse_fc(m, k, n, s):
    def make(path):
        sparse_fc_model(path, m, k, n, s)
        return (m, k), []
    return make


def paddle_cls(path):
    out = subprocess.run([os.path.join(ROOT, "scripts", "fetch-models.sh")],
                         capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError("scripts/fetch-models.sh: " + (out.stderr.strip() or "failed"))
    src = os.path.join(out.stdout.strip().splitlines()[-1], "ch_ppocr_mobile_v2.0_cls_infer.onnx")
    if os.path.lexists(path):
        os.remove(path)
    os.symlink(src, path)
    return (1, 3, 48, 192), ["--input-shape", "x=1,3,48,192"]


def fmnist_bnn(path):
    """The trained Fashion-MNIST BNN (scripts/train-bnn.py; dynamic batch, compiled at 1)."""
    src = os.path.join(ROOT, "test", "Models", "Inputs", "fmnist-bnn.onnx")
    if os.path.lexists(path):
        os.remove(path)
    os.symlink(src, path)
    return (1, 1, 28, 28), ["--input-shape", "x=1,1,28,28"]


def zoo(name):
    def make(path):
        src = ZOO.export(name, 13, os.path.join(ROOT, ".cache", "zoo"))
        if os.path.lexists(path):
            os.remove(path)
        os.symlink(src, path)
        return ZOO.TORCHVISION[name][1], []
    return make


# ---------------------------------------------------------------------------------------
# The cases: name -> (group, description, builder, dense options, compressed options or
# None, compressed-lossless?). Same seeds and sizes as bench/dense.py / bench/sparse.py.

CASES = {}
GROUPS = {}


def case(name, group, desc, make, dense=(), comp=None, lossless=False):
    CASES[name] = dict(name=name, group=group, desc=desc, make=make, dense=list(dense),
                       comp=None if comp is None else list(comp), lossless=lossless)
    GROUPS.setdefault(group, []).append(name)


for _c, _hw in ((64, 56), (128, 28), (256, 14), (512, 7)):
    case(f"r18-{_hw}", "resnet-conv", f"ResNet-18 3x3 conv {_c}x{_hw}x{_hw} -> {_c}, pad 1, bias",
         conv(_c, _hw))
case("mbv2-pw56", "mbv2-conv", "MobileNetV2 1x1 expand conv 24x56x56 -> 144", pw(24, 144, 56))
case("mbv2-pw14", "mbv2-conv", "MobileNetV2 1x1 project conv 576x14x14 -> 96", pw(576, 96, 14))
case("mbv2-dw56", "mbv2-conv", "MobileNetV2 depthwise 3x3 conv 144x56x56, pad 1", dw(144, 56))
case("mbv2-dw14", "mbv2-conv", "MobileNetV2 depthwise 3x3 conv 576x14x14, pad 1", dw(576, 14))
for _m, _k in ((1, 1024), (16, 1024), (1, 4096), (16, 4096)):
    case(f"fc{_k // 1024}k" + (f"-b{_m}" if _m > 1 else ""), "fc",
         f"FC (Gemm + bias) {_m}x{_k} -> 1024", fc(_m, _k, 1024))
for _s in (50, 70, 80, 90, 95):
    case(f"sp-r18-28-s{_s}", "sparse",
         f"r18-28 3x3 conv, weights magnitude-pruned to {_s} %", sparse_conv(128, 28, _s / 100),
         ["--no-recognize"], ["--sparsify", "--sparsify-min-sparsity=0"], lossless=True)
for _s in (50, 70, 80, 90, 95):
    case(f"sp-fc4k-s{_s}", "sparse", f"FC 1x4096 -> 1024, weights magnitude-pruned to {_s} %",
         sparse_fc(1, 4096, 1024, _s / 100),
         ["--no-recognize"], ["--sparsify", "--sparsify-min-sparsity=0"], lossless=True)
# Sparse break-evens per layer kind (deep 3x3, 1x1, FC batch 16), whole
# ResNet-18 with 90 % sparse weights ---
def sparse_pw(c, f, hw, s):
    def make(path):
        sparse_conv_model(path, c, hw, hw, f, 1, s)
        return (1, c, hw, hw), []
    return make


for _c, _hw in ((64, 56), (256, 14), (512, 7)):
    for _s in (50, 70, 80, 90):
        case(f"sp-r18-{_hw}-s{_s}", "sparse-kinds",
             f"r18-{_hw} 3x3 conv, weights magnitude-pruned to {_s} %",
             sparse_conv(_c, _hw, _s / 100),
             ["--no-recognize"], ["--sparsify", "--sparsify-min-sparsity=0"], lossless=True)
for _s in (50, 70, 80, 90):
    case(f"sp-pw14-s{_s}", "sparse-kinds",
         f"1x1 conv 576x14x14 -> 96 (mbv2-pw14), weights magnitude-pruned to {_s} %",
         sparse_pw(576, 96, 14, _s / 100),
         ["--no-recognize"], ["--sparsify", "--sparsify-min-sparsity=0"], lossless=True)
    case(f"sp-fc4k-b16-s{_s}", "sparse-kinds",
         f"FC 16x4096 -> 1024, weights magnitude-pruned to {_s} %",
         sparse_fc(16, 4096, 1024, _s / 100),
         ["--no-recognize"], ["--sparsify", "--sparsify-min-sparsity=0"], lossless=True)
case("resnet18-sp90", "models",
     "torchvision ResNet-18 1x3x224x224, every conv/FC magnitude-pruned to 90 % and sparse "
     "(--prune-sparsity=0.9 --sparsify-min-sparsity=0)",
     zoo("resnet18"), comp=["--prune-sparsity=0.9", "--sparsify-min-sparsity=0"])
for _b in (2, 4, 8):
    case(f"cb-r18-28-b{_b}", "codebook", f"r18-28 3x3 conv, --codebook-bits={_b} (random weights)",
         conv(128, 28), comp=[f"--codebook-bits={_b}"])
for _b in (2, 4, 8):
    case(f"cb-fc4k-b{_b}", "codebook", f"FC 1x4096 -> 1024, --codebook-bits={_b} (random weights)",
         fc(1, 4096, 1024), comp=[f"--codebook-bits={_b}"])
# Codebook kernels (batch 16, per-channel, a deep conv)
case("cb-fc4k-b16-b4", "codebook", "FC 16x4096 -> 1024, --codebook-bits=4 (random weights)",
     fc(16, 4096, 1024), comp=["--codebook-bits=4"])
case("cb-fc4k-b4pc", "codebook",
     "FC 1x4096 -> 1024, --codebook-bits=4 --codebook-per-channel (random weights)",
     fc(1, 4096, 1024), comp=["--codebook-bits=4", "--codebook-per-channel"])
case("cb-r18-7-b4", "codebook", "r18-7 3x3 conv, --codebook-bits=4 (random weights)",
     conv(512, 7), comp=["--codebook-bits=4"])
# Full rank: min(F, C*k*k) = 128 for r18-28, min(K, N) = 1024 for fc4k.
for _p in (25, 50):
    case(f"lr-r18-28-r{_p}", "lowrank", f"r18-28 3x3 conv, --lowrank-rank={128 * _p // 100} "
         f"({_p} % of full rank 128)", conv(128, 28), comp=[f"--lowrank-rank={128 * _p // 100}"])
for _p in (25, 50):
    case(f"lr-fc4k-r{_p}", "lowrank", f"FC 1x4096 -> 1024, --lowrank-rank={1024 * _p // 100} "
         f"({_p} % of full rank 1024)", fc(1, 4096, 1024),
         comp=[f"--lowrank-rank={1024 * _p // 100}"])
for _c, _hw in ((64, 56), (128, 28), (256, 14), (512, 7)):
    case("bin-r18-%d" % _hw, "binary",
         "r18-%d 3x3 conv binarized (XNOR-Net: sign(x), alpha = mean |W|)" % _hw,
         conv(_c, _hw), comp=["--binarize-layers=Conv:y"])
case("bin-fc4k", "binary", "FC 1x4096 -> 1024 binarized (XNOR-Net: sign(x), alpha = mean |W|)",
     fc(1, 4096, 1024), comp=["--binarize-layers=Gemm:y"])
case("bnn-fmnist", "binary",
     "trained Fashion-MNIST BNN 1x1x28x28 (test/Models/Inputs/fmnist-bnn.onnx): its Sign "
     "layers recognized as binary (no flag) vs --no-recognize (Sign and convs in float)",
     fmnist_bnn, dense=["--no-recognize"], comp=[], lossless=True)
case("cls", "models", "PaddleOCR text-direction classifier 1x3x48x192, --codebook-bits=4",
     paddle_cls, comp=["--codebook-bits=4"])
case("resnet18", "models", "torchvision ResNet-18 1x3x224x224 (opset 13), --codebook-bits=4",
     zoo("resnet18"), comp=["--codebook-bits=4"])
case("mobilenet_v2", "models",
     "torchvision MobileNetV2 1x3x224x224 (opset 13), --codebook-bits=4",
     zoo("mobilenet_v2"), comp=["--codebook-bits=4"])

QUICK = ["r18-28", "mbv2-dw56", "fc1k", "sp-r18-28-s90", "cb-fc4k-b4", "lr-r18-28-r25",
         "bin-fc4k", "cls"]


# ---------------------------------------------------------------------------------------

def first_error(text):
    lines = [l.strip() for l in text.splitlines() if l.strip()]
    for l in lines:
        if "error" in l.lower():
            return l[:300]
    return (lines[0] if lines else "no output")[:300]


def run(cmd, env=None):
    p = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if p.returncode != 0:
        raise RuntimeError(f"{os.path.basename(cmd[0])} exit {p.returncode}: "
                           + first_error(p.stderr + p.stdout))
    return p.stdout + p.stderr


def median_ms(text):
    for tok in text.split():
        if tok.startswith("median_ms="):
            return float(tok.split("=")[1])
    raise RuntimeError("no median_ms in output: " + first_error(text))


def uses_threads(so):
    """Whether a compiled library can run on more than one thread: it starts OpenMP
    parallel regions (__kmpc_fork_call: compress-parallelize-tiles found a layer above its
    MAC threshold; every library links libomp for the thread runtime) or pthreads."""
    p = subprocess.run(["readelf", "-dW", "--dyn-syms", so], capture_output=True, text=True)
    for line in p.stdout.splitlines():
        f = line.split()
        if len(f) >= 8 and f[6] == "UND" and (f[7].startswith(("pthread_create",
                                                                "__kmpc_fork_call",
                                                                "GOMP_parallel"))):
            return True
    return False


def machine():
    flags = ""
    model = platform.processor() or "?"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name") and model in ("?", "x86_64", ""):
                model = line.split(":", 1)[1].strip()
            if line.startswith("flags"):
                flags = line.split(":", 1)[1].split()
                break
    isa = "AVX-512" if "avx512f" in flags else "AVX2" if "avx2" in flags else "SSE"
    return model, isa, os.cpu_count()


def loadavg():
    return " ".join(open("/proc/loadavg").read().split()[:3])


def ort_version():
    try:
        import json
        with open(os.path.join(ROOT, "tools", "oracle", "node_modules", "onnxruntime-node",
                               "package.json")) as f:
            return json.load(f)["version"]
    except Exception:
        return "?"


def git_rev():
    p = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True,
                       text=True)
    return p.stdout.strip() or "?"


def fmt_ms(v):
    if v is None:
        return "–"
    return f"{v:.3f}" if v < 100 else f"{v:.1f}"


def fmt_ratio(a, b):
    if a is None or b is None or b == 0:
        return "–"
    return f"{a / b:.2f}" if a / b >= 0.1 else f"{a / b:.3f}"


def cell(text):
    """A markdown table cell: pipes escaped."""
    return text.replace("|", "\\|")


def main():
    ap = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="groups and cases (--only takes either):\n" + "\n".join(
            f"  {g}:\n" + "\n".join(f"    {n:16} {CASES[n]['desc']}" for n in names)
            for g, names in GROUPS.items())
        + f"\n\n--quick runs: {','.join(QUICK)}")
    ap.add_argument("--build", default=os.path.join(ROOT, "build"),
                    help="build folder with bin/compress-compile and bin/compress-run "
                         "(default: build)")
    ap.add_argument("--only", help="comma-separated group or case names (default: all, "
                    "or the --quick subset)")
    ap.add_argument("--quick", action="store_true",
                    help="a subset (unless --only) and fewer calls/rounds: --repeat 10 --rounds 2")
    ap.add_argument("--repeat", type=int, help="timed calls per measurement, after a warm-up "
                    "(default 20; --quick 10)")
    ap.add_argument("--rounds", type=int, help="interleaved rounds (default 5; --quick 2)")
    ap.add_argument("--threads", default="1,2", help="thread counts (default 1,2)")
    ap.add_argument("--tol", type=float, default=1e-4,
                    help="a dense (or lossless compressed) output is wrong when max |diff| > "
                         "tol * max |reference| (default 1e-4)")
    ap.add_argument("--markdown", help="also write the tables to this file")
    ap.add_argument("--work", help="scratch folder: ONNX files, inputs, libraries, outputs (default: a new "
                    "temporary one, kept)")
    ap.add_argument("--mcpu", default="native",
                    help="target CPU of our code, passed to compress-compile (default: native, "
                    "the host; e.g. haswell for AVX2-only code)")
    ap.add_argument("--list", action="store_true", help="list the cases and exit")
    a = ap.parse_args()
    if a.list:
        for g, names in GROUPS.items():
            for n in names:
                print(f"{g:12} {n:16} {CASES[n]['desc']}")
        return 0
    def bad(msg):
        sys.exit(f"bench/run.py: {msg}")

    repeat = (10 if a.quick else 20) if a.repeat is None else a.repeat
    rounds = (2 if a.quick else 5) if a.rounds is None else a.rounds
    if repeat < 1 or rounds < 1:
        bad(f"--repeat and --rounds must be at least 1 (got {repeat}, {rounds})")
    try:
        threads = [int(t) for t in a.threads.split(",")]
    except ValueError:
        bad(f"--threads takes comma-separated positive integers, got '{a.threads}'")
    if not threads or min(threads) < 1:
        bad(f"--threads takes comma-separated positive integers, got '{a.threads}'")
    if not (a.tol > 0 and math.isfinite(a.tol)):
        bad(f"--tol must be a positive number, got {a.tol}")
    if a.only is not None and not [t for t in a.only.split(",") if t]:
        bad("--only names no group or case (--list shows them)")
    if a.work and os.path.exists(a.work) and not os.path.isdir(a.work):
        bad(f"--work {a.work} exists and is not a folder")
    if a.only:
        names = []
        for tok in (t for t in a.only.split(",") if t):
            if tok in GROUPS:
                names += GROUPS[tok]
            elif tok in CASES:
                names.append(tok)
            else:
                sys.exit(f"bench/run.py: unknown group or case '{tok}' (--list shows them)")
        names = list(dict.fromkeys(names))
    else:
        names = QUICK if a.quick else list(CASES)
    work = a.work or tempfile.mkdtemp(prefix="compress-bench-run-")
    try:
        os.makedirs(work, exist_ok=True)
    except OSError as e:
        bad(f"--work {work}: {e.strerror}")
    if not a.mcpu or a.mcpu != a.mcpu.strip() or "," in a.mcpu or " " in a.mcpu:
        bad(f"--mcpu takes one CPU name (e.g. haswell, znver4) or native, got '{a.mcpu}'")
    if a.mcpu != "native":
        # The CPUs LLVM knows for x86-64 (llc -mcpu=help), so that a typo fails now and
        # not as one compile error per case after the models are built.
        llc = shutil.which("llc-22") or "/usr/lib/llvm-22/bin/llc"
        try:
            known = subprocess.run([llc, "-mtriple=x86_64-unknown-linux-gnu", "-mcpu=help"],
                                   capture_output=True, text=True)
            known = known.stdout + known.stderr
        except OSError:
            known = ""
        cpus = known.split("Available CPUs", 1)[-1].split("Available features", 1)[0]
        cpu_names = {line.split()[0] for line in cpus.splitlines()
                     if line.startswith("  ") and line.split()}
        if cpu_names and a.mcpu not in cpu_names:
            bad(f"--mcpu {a.mcpu}: not a CPU LLVM knows (see llc-22 -mcpu=help)")
    if a.markdown:  # checked now (after --work, which may hold it), not after a 20-minute run
        existed = os.path.exists(a.markdown)
        try:
            open(a.markdown, "a").close()
        except OSError as e:
            bad(f"--markdown {a.markdown}: {e.strerror}")
        if not existed:
            os.remove(a.markdown)
    compile_bin = os.path.join(a.build, "bin", "compress-compile")
    run_bin = os.path.join(a.build, "bin", "compress-run")
    oracle = os.path.join(ROOT, "tools", "oracle", "run.mjs")
    for b in (compile_bin, run_bin):
        if not os.path.exists(b):
            sys.exit(f"bench/run.py: {b} missing: build first (scripts/build.sh {a.build})")

    command = "bench/run.py " + " ".join(shlex.quote(x) for x in sys.argv[1:])
    cpu, isa, ncpu = machine()
    load0 = loadavg()
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    print(f"command: {command}", flush=True)

    def log(msg):
        print("# " + msg, file=sys.stderr, flush=True)

    # 1. Build the ONNX files and compile dense and compressed.
    cases = []
    for n in names:
        c = dict(CASES[n], error=None, t={}, compile={}, diff_ort=None, diff_comp=None, so={})
        cases.append(c)
        onnx_path = os.path.join(work, f"{n}.onnx")
        try:
            shape, extra = c["make"](onnx_path)
        except Exception as e:
            c["error"] = f"model: {first_error(str(e) or type(e).__name__)}"
            log(f"{n}: {c['error']}")
            continue
        c["onnx"], c["x"] = onnx_path, os.path.join(work, f"{n}.npy")
        np.save(c["x"], np.random.RandomState(1).uniform(-1, 1, shape).astype(np.float32))
        for kind in ("dense", "comp"):
            if kind == "comp" and c["comp"] is None:
                continue
            so = os.path.join(work, f"{n}-{kind}.so")
            rc, err, secs, peak = ZOO.peak_rss([compile_bin, onnx_path, *extra, *c[kind],
                                                f"--mcpu={a.mcpu}", "-o", so])
            c["compile"][kind] = (secs, peak)
            if rc != 0:
                c["error"] = (f"compile {'compressed' if kind == 'comp' else 'dense'} failed: "
                              + first_error(err))
                break
            c["so"][kind] = so
        log(f"compiled {n}" + (f": {c['error']}" if c["error"] else ""))

    # 2. Check the answers once.
    for c in cases:
        if c["error"]:
            continue
        try:
            outs = {}
            for kind, so in c["so"].items():
                out = os.path.join(work, f"{c['name']}-{kind}.out.npy")
                run([run_bin, so, c["x"], "-o", out])
                outs[kind] = np.load(out).astype(np.float64)
            ort_dir = os.path.join(work, f"{c['name']}-ort")
            os.makedirs(ort_dir, exist_ok=True)
            run(["node", oracle, c["onnx"], "--out", ort_dir, c["x"]])
            ref = np.load(os.path.join(ort_dir, f"{c['name']}.out0.npy")).astype(np.float64)
            d = outs["dense"]
            if d.shape != ref.shape:
                raise RuntimeError(f"dense output shape {list(d.shape)} vs ORT {list(ref.shape)}")
            scale = float(np.abs(ref).max()) or 1.0
            c["diff_ort"] = (float(np.abs(d - ref).max()), scale)
            if not c["diff_ort"][0] <= a.tol * scale:
                c["error"] = (f"ours dense differs from ONNX Runtime: max |diff| "
                              f"{c['diff_ort'][0]:.2e} (> {a.tol:g} of max |ORT| {scale:.2e})")
            if "comp" in outs:
                cd = outs["comp"]
                if cd.shape != d.shape:
                    raise RuntimeError(f"compressed output shape {list(cd.shape)} vs dense "
                                       f"{list(d.shape)}")
                dscale = float(np.abs(d).max()) or 1.0
                c["diff_comp"] = (float(np.abs(cd - d).max()), dscale)
                if c["lossless"] and not c["diff_comp"][0] <= a.tol * dscale and not c["error"]:
                    c["error"] = (f"lossless compression differs from dense: max |diff| "
                                  f"{c['diff_comp'][0]:.2e}")
        except Exception as e:
            c["error"] = f"check: {first_error(str(e))}"
        if c["error"]:
            log(f"{c['name']}: {c['error']}")

    # 3. Interleaved rounds.
    threaded = {}
    for r in range(rounds):
        for c in cases:
            if c["error"]:
                continue
            try:
                for kind, so in c["so"].items():
                    threaded[kind] = threaded.get(kind, False) or uses_threads(so)
                    for t in threads:
                        env = dict(os.environ, COMPRESS_NUM_THREADS=str(t),
                                   OMP_NUM_THREADS=str(t))
                        c["t"].setdefault((kind, t), []).append(median_ms(
                            run([run_bin, so, c["x"], f"--repeat={repeat}"], env=env)))
                for t in threads:
                    c["t"].setdefault(("ort", t), []).append(median_ms(
                        run(["node", oracle, c["onnx"], "--threads", str(t), "--repeat",
                             str(repeat), c["x"]])))
            except Exception as e:
                c["error"] = f"run (round {r + 1}): {first_error(str(e))}"
            log(f"round {r + 1}/{rounds} {c['name']}: " + " ".join(
                f"{k}{t}={v[-1]:.3f}" for (k, t), v in c["t"].items() if v))
    load1 = loadavg()

    # 4. Tables.
    ours_threaded = any(threaded.values())
    lines = [f"`{command}` — {started}, commit {git_rev()}, {cpu} ({ncpu} CPUs), our code "
             f"compiled for {isa if a.mcpu == 'native' else a.mcpu} (--mcpu={a.mcpu}), ONNX Runtime {ort_version()} (CPU EP, "
             f"onnxruntime-node); load average {load0} at start, {load1} at end; "
             f"{rounds} interleaved round{'s' if rounds > 1 else ''}, each measurement the median of {repeat} calls "
             "after a warm-up; ms are the median over rounds.", ""]
    if not ours_threaded and threaded:
        lines += ["Threads: ONNX Runtime runs at the thread count given; ours runs with "
                  "COMPRESS_NUM_THREADS set to it, but our compiled code is single-threaded "
                  "(no OpenMP/pthread imports in the libraries): \"2 / 1*\" = ORT 2 threads, "
                  "ours 1 thread (threads not implemented).", ""]
    for g in GROUPS:
        gcases = [c for c in cases if c["group"] == g]
        if not gcases:
            continue
        lines += [f"### {g}", "",
                  "| case | threads ORT / ours | ours dense ms | ours compressed ms | ORT ms "
                  "| dense / ORT | compressed / ORT | compressed / dense | dense vs ORT "
                  "| compressed output | compile s dense / compressed "
                  "| peak compiler MB dense / compressed | note |",
                  "|" + "---|" * 13]
        for c in gcases:
            for i, t in enumerate(threads):
                def med(kind):
                    v = c["t"].get((kind, t))
                    return statistics.median(v) if v and len(v) == rounds else None
                dn, cp, ort = med("dense"), med("comp"), med("ort")
                tcol = f"{t} / {t}" if ours_threaded or t == 1 else f"{t} / 1*"
                if c["diff_ort"]:
                    dvo = f"{c['diff_ort'][0]:.1e} ({c['diff_ort'][0] / c['diff_ort'][1]:.0e})"
                else:
                    dvo = "–"
                if c["comp"] is None:
                    out = "–"
                elif c["diff_comp"]:
                    dd, sc = c["diff_comp"]
                    out = (("lossless" if c["lossless"] else "lossy")
                           + f": max \\|diff\\| {dd:.1e} ({dd / sc:.0e} of max \\|dense\\|)")
                else:
                    out = "lossless" if c["lossless"] else "lossy"
                comp_s = " / ".join(f"{c['compile'][k][0]:.1f}" for k in ("dense", "comp")
                                    if k in c["compile"])
                comp_mb = " / ".join(f"{c['compile'][k][1]:.0f}" for k in ("dense", "comp")
                                     if k in c["compile"])
                note = cell("FAILED: " + c["error"]) if c["error"] else ""
                if i > 0:
                    comp_s = comp_mb = ""
                    name = ""
                    note = "" if not c["error"] else "″"
                else:
                    name = cell(f"{c['name']}: {c['desc']}")
                lines.append(
                    f"| {name} | {tcol} | {fmt_ms(dn)} | {fmt_ms(cp)} | {fmt_ms(ort)} "
                    f"| {fmt_ratio(dn, ort)} | {fmt_ratio(cp, ort)} | {fmt_ratio(cp, dn)} "
                    f"| {dvo if i == 0 else ''} | {out if i == 0 else ''} | {comp_s} "
                    f"| {comp_mb} | {note} |")
        lines.append("")
    failed = [c["name"] for c in cases if c["error"]]
    lines.append(f"{len(cases) - len(failed)} cases ok, {len(failed)} failed"
                 + (f": {', '.join(failed)}" if failed else ""))
    text = "\n".join(lines)
    print(text, flush=True)
    if a.markdown:
        with open(a.markdown, "w") as f:
            f.write(text + "\n")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
