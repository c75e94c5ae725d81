#!/usr/bin/env python3
"""Execution harness for imported ONNX models (run with mlir-runner).

  harness.py main MODEL.mlir IN0.npy [IN1.npy ...] > with_main.mlir
      Appends `func.func @main()` to the imported module: it builds the inputs as
      constants, calls @model through an opaque function argument boundary (the
      model stays a separate function, so nothing is constant-folded), and prints
      every result with printMemrefF32.
  harness.py check CASE WORKDIR --compile C --opt O --runner R --libs L1,L2
             --oracle RUN.mjs [--input-shape S] [--rtol R] [--atol A]
             [--reference numpy] [--stage asan]
      The whole execution check for one make_model.py case: build the model and
      an input, import it with compress-compile, lower with compress-opt, run with
      mlir-runner, run ONNX Runtime on the same input, compare. A model with
      several graph inputs gets a random array for each; ONNX Runtime runs the
      same model with all inputs but the first frozen as initializers. With
      --reference numpy, the case's float64 numpy results (x.ref<k>.npy, see
      make_model.py) are the reference instead of ONNX Runtime. With --stage asan
      (the sanitizer stage of scripts/test.sh, whose tools are ASan builds), only
      the import and the lowering run: they are the instrumented part.
  harness.py compare RUNNER_OUTPUT.txt EXPECTED0.npy [...] [--rtol R] [--atol A]
      Parses the printMemrefF32 blocks and compares them with the oracle's .npy
      outputs (same order). Prints the max errors; exits 1 on mismatch.
"""
import re
import sys

import numpy as np


def mlir_type(shape):
    return "tensor<" + "".join(f"{d}x" for d in shape) + "f32>"


def dense(arr):
    a = np.asarray(arr, dtype=np.float32)
    if a.size > 1 and (a == a.reshape(-1)[0]).all():  # splat (large planes of one value)
        return f"dense<{float(a.reshape(-1)[0])!r}>"
    flat = ", ".join(repr(float(v)) for v in np.asarray(arr, dtype=np.float32).reshape(-1))
    return f"dense<[{flat}]>" if arr.ndim > 0 else f"dense<{flat}>"


def main_cmd(args):
    text = open(args[0]).read()
    inputs = [np.load(p).astype(np.float32) for p in args[1:]]
    m = re.search(r"func\.func @model\((.*?)\)\s*->\s*\(?(.*?)\)?\s*attributes", text, re.S)
    if not m:
        sys.exit("harness: no func.func @model in " + args[0])
    results = re.findall(r"tensor<[^>]*>", m.group(2))
    # Large weights are dense_resource blobs printed after the module in a
    # {-# dialect_resources #-} section: @main goes before the module's brace.
    cut = text.find("\n{-#")
    text, resources = (text, "") if cut < 0 else (text[:cut], text[cut:])
    end = text.rstrip().rfind("}")
    lines = ["  func.func private @printMemrefF32(tensor<*xf32>)",
             "  func.func @main() {"]
    names = []
    for k, arr in enumerate(inputs):
        t = mlir_type(arr.shape)
        # tensor.reshape-free: the flat dense literal is reshaped by the type.
        lines.append(f"    %in{k} = arith.constant {dense(arr.reshape(-1))} : "
                     f"tensor<{arr.size}xf32>")
        lines.append(f"    %shape{k} = arith.constant dense<{list(arr.shape)}> : "
                     f"tensor<{arr.ndim}xindex>")
        lines.append(f"    %x{k} = tensor.reshape %in{k}(%shape{k}) : (tensor<{arr.size}xf32>, "
                     f"tensor<{arr.ndim}xindex>) -> {t}")
        names.append((f"%x{k}", t))
    outs = ", ".join(f"%r{k}" for k in range(len(results)))
    lines.append(f"    {outs} = func.call @model({', '.join(n for n, _ in names)}) : "
                 f"({', '.join(t for _, t in names)}) -> ({', '.join(results)})")
    for k, t in enumerate(results):
        lines.append(f"    %u{k} = tensor.cast %r{k} : {t} to tensor<*xf32>")
        lines.append(f"    func.call @printMemrefF32(%u{k}) : (tensor<*xf32>) -> ()")
    lines += ["    return", "  }"]
    sys.stdout.write(text[:end] + "\n".join(lines) + "\n}\n" + resources)


def parse_runner(text):
    blocks = []
    for part in text.split("Unranked Memref")[1:]:
        m = re.search(r"sizes = \[([^\]]*)\]", part)
        shape = [int(s) for s in m.group(1).split(",") if s.strip()] if m else []
        data = part[part.find("data =") + len("data ="):]
        nums = re.findall(r"[-+]?(?:nan|inf|\d+\.?\d*(?:[eE][-+]?\d+)?)", data)
        blocks.append(np.array([float(n) for n in nums], dtype=np.float64).reshape(shape))
    return blocks


def compare_cmd(args):
    rtol, atol, files = 1e-5, 1e-6, []
    i = 0
    while i < len(args):
        if args[i] == "--rtol":
            rtol = float(args[i + 1]); i += 2
        elif args[i] == "--atol":
            atol = float(args[i + 1]); i += 2
        else:
            files.append(args[i]); i += 1
    got = parse_runner(open(files[0]).read())
    expected = [np.load(f).astype(np.float64) for f in files[1:]]
    if len(got) != len(expected):
        print(f"FAIL: runner printed {len(got)} results, expected {len(expected)}")
        return 1
    ok = True
    for k, (g, e) in enumerate(zip(got, expected)):
        if g.shape != e.shape:
            print(f"FAIL: result {k} has shape {list(g.shape)}, expected {list(e.shape)}")
            ok = False
            continue
        # NaN matches NaN only (a NaN where the oracle has a number, or a number
        # where it has NaN, is a mismatch); equal infinities match.
        gn, en = np.isnan(g), np.isnan(e)
        same = (g == e) | (gn & en)
        with np.errstate(invalid="ignore"):
            err = np.where(same, 0.0, np.abs(g - e))
        bad = ~same & ~(err <= atol + rtol * np.abs(e))
        print(f"result {k}: shape {list(g.shape)} max_abs_err {err.max():.3g} "
              f"max_rel_err {(err / np.maximum(np.abs(e), 1e-30)).max():.3g} "
              f"mismatches {int(bad.sum())}" + (f" nans {int(en.sum())}" if en.any() else ""))
        ok &= not bad.any()
    print("MATCH" if ok else "MISMATCH")
    return 0 if ok else 1


def check_cmd(args):
    import os
    import shutil
    import subprocess
    opts = {"--input-shape": None, "--rtol": "1e-5", "--atol": "1e-5"}
    positional = []
    i = 0
    while i < len(args):
        if args[i].startswith("--"):
            opts[args[i]] = args[i + 1]
            i += 2
        else:
            positional.append(args[i])
            i += 1
    case, work = positional
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    here = os.path.dirname(os.path.abspath(__file__))
    onnx_path, npy = os.path.join(work, "model.onnx"), os.path.join(work, "x.npy")

    def run(cmd, stdout=None):
        r = subprocess.run(cmd, stdout=stdout, stderr=subprocess.PIPE, text=True)
        if r.returncode != 0:
            print("FAILED: " + " ".join(cmd) + "\n" + r.stderr)
            sys.exit(1)
        return r

    run([sys.executable, os.path.join(here, "make_model.py"), case, "-o", onnx_path,
         "--input", npy])
    imported = os.path.join(work, "model.mlir")
    shape = ["--input-shape", opts["--input-shape"]] if opts["--input-shape"] else []
    run([opts["--compile"], onnx_path, *shape, "--emit=mlir", "-o", imported])
    extra = sorted((f for f in os.listdir(work) if f.startswith("x.in") and f.endswith(".npy")),
                   key=lambda f: int(f[4:-4]))
    with open(os.path.join(work, "main.mlir"), "w") as f:
        saved, sys.stdout = sys.stdout, f
        main_cmd([imported, npy, *[os.path.join(work, f) for f in extra]])
        sys.stdout = saved
    with open(os.path.join(work, "lowered.mlir"), "w") as f:
        run([opts["--opt"], os.path.join(work, "main.mlir"),
             "--compress-lower-to-llvm=bare-ptr-abi=false"], stdout=f)
    if opts.get("--stage") == "asan":
        # The sanitizer stage of scripts/test.sh: what runs our (instrumented) code is
        # the import and the lowering above; mlir-runner and ONNX Runtime are not
        # instrumented, and stage 1 compares the values of the same case.
        print("MATCH (sanitizer stage: imported and lowered by the instrumented tools; "
              "the values are compared with the reference in stage 1)")
        return 0
    libs = ",".join(opts["--libs"].split(","))
    out = run([opts["--runner"], os.path.join(work, "lowered.mlir"), "-e", "main",
               "-entry-point-result=void", "-shared-libs=" + libs],
              stdout=subprocess.PIPE).stdout
    open(os.path.join(work, "runner.txt"), "w").write(out)
    if opts.get("--reference") == "numpy":
        # The case's float64 numpy reference (make_model.py --input writes
        # x.ref<k>.npy) instead of ONNX Runtime: for numerics tests.
        refs = sorted((f for f in os.listdir(work) if f.startswith("x.ref")),
                      key=lambda f: int(f[5:-4]))
        return compare_cmd([os.path.join(work, "runner.txt"),
                            *[os.path.join(work, f) for f in refs],
                            "--rtol", opts["--rtol"], "--atol", opts["--atol"]])
    ort = os.path.join(work, "ort")
    os.makedirs(ort)
    # Several graph inputs: ONNX Runtime runs the model with inputs 1.. frozen;
    # a model at an opset ONNX Runtime does not run: the model converted to a
    # newer opset (make_model.py's ORACLE_OPSET). Either is x.oracle.onnx.
    oracle_model = os.path.join(work, "x.oracle.onnx")
    use_oracle_model = os.path.exists(oracle_model)
    run(["node", opts["--oracle"], oracle_model if use_oracle_model else onnx_path, "--out", ort,
         npy],
        stdout=subprocess.DEVNULL)
    expected = sorted((f for f in os.listdir(ort) if f.endswith(".npy")),
                      key=lambda f: int(f.rsplit(".out", 1)[1][:-4]))
    return compare_cmd([os.path.join(work, "runner.txt"),
                        *[os.path.join(ort, f) for f in expected],
                        "--rtol", opts["--rtol"], "--atol", opts["--atol"]])


if __name__ == "__main__":
    cmd, rest = sys.argv[1], sys.argv[2:]
    if cmd == "main":
        main_cmd(rest)
    elif cmd == "check":
        sys.exit(check_cmd(rest))
    elif cmd == "compare":
        sys.exit(compare_cmd(rest))
    else:
        sys.exit("usage: harness.py main|check|compare ...")
