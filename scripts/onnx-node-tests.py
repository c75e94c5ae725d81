#!/usr/bin/python3
"""Runs ONNX backend node tests (Debian's libonnx-testdata) through compress-compile and
compress-run, against the expected outputs, and prints a table by test.

Each test is one of:
  pass         compiled, ran, every output within tolerance of the expected one
  unsupported  compress-compile refused it with a diagnostic (exit 1, an 'error:' line)
  FAIL         wrong answer, or a run that failed
  CRASH        a tool died on a signal or printed a stack dump
Usage: onnx-node-tests.py [--build DIR] [--data DIR] [--require-pass NAME ...] PATTERN...
PATTERN is a test-name prefix such as test_conv. Exits 1 when any test FAILs or CRASHes, or
a --require-pass test is not 'pass'.
"""
import argparse
import glob
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def classify(rc, stderr):
    if rc < 0 or rc >= 128 or "Stack dump" in stderr or "LLVM ERROR" in stderr:
        return "CRASH"
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default=os.path.join(HERE, "build"))
    ap.add_argument("--data", default="/usr/share/libonnx-testdata/data/node")
    ap.add_argument("--require-pass", nargs="*", default=[])
    ap.add_argument("--atol", default="1e-5")
    ap.add_argument("--rtol", default="1e-4")
    ap.add_argument("patterns", nargs="+")
    args = ap.parse_args()
    compile_tool = os.path.join(args.build, "bin", "compress-compile")
    run_tool = os.path.join(args.build, "bin", "compress-run")

    tests = sorted({d for p in args.patterns for d in glob.glob(os.path.join(args.data, p + "*"))
                    if os.path.isfile(os.path.join(d, "model.onnx"))})
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for d in tests:
            name = os.path.basename(d)
            lib = os.path.join(tmp, name + ".so")
            c = subprocess.run([compile_tool, os.path.join(d, "model.onnx"), "-o", lib],
                               capture_output=True, text=True)
            status = classify(c.returncode, c.stderr)
            detail = ""
            if status is None and c.returncode != 0:
                status = "unsupported" if "error:" in c.stderr else "FAIL"
                detail = c.stderr.strip().splitlines()[0] if c.stderr.strip() else f"exit {c.returncode}"
            if status is None:
                for ds in sorted(glob.glob(os.path.join(d, "test_data_set_*"))):
                    inputs = sorted(glob.glob(os.path.join(ds, "input_*.pb")),
                                    key=lambda p: int(p.rsplit("_", 1)[1].split(".")[0]))
                    r = subprocess.run([run_tool, lib, *inputs, "--compare-dir", ds,
                                        "--atol", args.atol, "--rtol", args.rtol],
                                       capture_output=True, text=True)
                    status = classify(r.returncode, r.stderr)
                    if status is None and r.returncode != 0:
                        status = "FAIL"
                        detail = (r.stderr.strip() or r.stdout.strip()).splitlines()[-1]
                    if status:
                        break
                status = status or "pass"
            results[name] = (status, detail)

    width = max((len(n) for n in results), default=4)
    for name, (status, detail) in results.items():
        print(f"{name:<{width}}  {status:<12} {detail}")
    counts = {s: sum(1 for v in results.values() if v[0] == s) for s in ("pass", "unsupported", "FAIL", "CRASH")}
    print("summary: " + ", ".join(f"{v} {k}" for k, v in counts.items()))
    bad = counts["FAIL"] + counts["CRASH"]
    for req in args.require_pass:
        if results.get(req, ("missing",))[0] != "pass":
            print(f"required test {req} did not pass: {results.get(req, ('missing', ''))}")
            bad += 1
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
