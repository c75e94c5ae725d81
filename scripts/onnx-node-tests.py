#!/usr/bin/python3
"""Runs ONNX backend node tests (Debian's libonnx-testdata) through compress-compile and
compress-run, against the expected outputs, and prints a table by test.

Each test is one of:
  pass         compiled, ran, every output within tolerance of the expected one
  unsupported  compress-compile refused it with a diagnostic (exit 1, an 'error:' line)
  FAIL         wrong answer, a run that failed, or a tool that did not finish in --timeout s
  CRASH        a tool died on a signal or printed a stack dump
Usage: onnx-node-tests.py [--build DIR] [--data DIR] [--jobs N] [--markdown FILE]
                          [--from-output FILE] [--require-pass NAME ...] [--] [PATTERN...]
PATTERN is a test-name prefix such as test_conv (default: every test in --data). Exits 1
when any test FAILs or CRASHes, or a --require-pass test is not 'pass'.

--markdown FILE also writes the conformance table by operator (docs/onnx-support.md is made
this way; see its header for the command): per operator, the tests that pass, those refused
(with the first line of each distinct diagnostic) and those that fail or crash.
"""
import argparse
import collections
import concurrent.futures
import datetime
import glob
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
STATUSES = ("pass", "unsupported", "FAIL", "CRASH")


def classify(rc, stderr):
    if rc < 0 or rc >= 128 or "Stack dump" in stderr or "LLVM ERROR" in stderr \
            or "Sanitizer" in stderr or "runtime error:" in stderr:
        return "CRASH"
    return None


def first_error_line(stderr, rc):
    """The first 'error:' line without its file location, else the first line."""
    lines = [l for l in stderr.strip().splitlines() if l.strip()]
    for l in lines:
        if "error:" in l:
            return l[l.index("error:"):].strip()
    return lines[0].strip() if lines else f"exit {rc}"


def run(cmd, timeout):
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
        return p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired:
        return None, "", f"timed out after {timeout} s"


def run_test(d, tmp, tools, args):
    """Returns (status, detail) of the node test in folder d."""
    name = os.path.basename(d)
    lib = os.path.join(tmp, name + ".so")
    rc, _, err = run([tools[0], os.path.join(d, "model.onnx"), "-o", lib], args.timeout)
    if rc is None:
        return "FAIL", "compress-compile " + err
    status = classify(rc, err)
    if status:
        return status, first_error_line(err, rc)
    if rc != 0:
        return ("unsupported" if "error:" in err else "FAIL"), first_error_line(err, rc)
    for ds in sorted(glob.glob(os.path.join(d, "test_data_set_*"))):
        inputs = sorted(glob.glob(os.path.join(ds, "input_*.pb")),
                        key=lambda p: int(p.rsplit("_", 1)[1].split(".")[0]))
        rc, out, err = run([tools[1], lib, *inputs, "--compare-dir", ds,
                            "--atol", args.atol, "--rtol", args.rtol], args.timeout)
        if rc is None:
            return "FAIL", "compress-run " + err
        status = classify(rc, err)
        if status:
            return status, first_error_line(err, rc)
        if rc != 0:
            return "FAIL", (err.strip() or out.strip() or f"exit {rc}").splitlines()[-1]
    os.remove(lib)
    return "pass", ""


def operator_of(d, names):
    """The ONNX operator a node test exercises: its graph's one op type (Constant nodes
    aside); '<Op> (expanded)' for the function-body variants test_<op>..._expanded."""
    import onnx
    name = os.path.basename(d)
    ops = {n.op_type for n in onnx.load(os.path.join(d, "model.onnx"),
                                        load_external_data=False).graph.node}
    if ops != {"Constant"}:
        ops.discard("Constant")
    m = re.match(r"(.*)_expanded(_ver\d+)?$", name)
    if m:
        base = os.path.join(os.path.dirname(d), m.group(1))
        if m.group(1) in names:
            return operator_of(base, names) + " (expanded)"
    if len(ops) == 1:
        return ops.pop()
    return " + ".join(sorted(ops)) or "(no node)"


def md_escape(text):
    return text.replace("|", "\\|").replace("`", "'")


def write_markdown(path, results, operators, args, argv):
    by_op = collections.defaultdict(list)
    for name, (status, detail) in results.items():
        by_op[operators[name]].append((name, status, detail))
    counts = collections.Counter(s for s, _ in results.values())
    supported = sorted(op for op, tests in by_op.items()
                       if any(s == "pass" for _, s, _ in tests) and "(expanded)" not in op)
    try:
        version = subprocess.run(["dpkg-query", "-W", "-f", "${Version}", "libonnx-testdata"],
                                 capture_output=True, text=True).stdout.strip()
    except OSError:
        version = "unknown"
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    out = []
    out.append("# ONNX operator support (generated)\n")
    out.append("Do not edit: generated on %s by\n\n```\n%s\n```\n" % (now, " ".join(argv)))
    if args.from_output and len(args.from_output) > 1:
        files = ", then ".join("`%s`" % f for f in args.from_output)
        out.append("(%s: the printed outputs of `scripts/onnx-node-tests.py` runs; a later\n"
                   "file is a re-run of some tests on a newer build, whose results replace the\n"
                   "earlier ones.)\n" % files)
    elif args.from_output:
        out.append("(`%s` is the printed output of `scripts/onnx-node-tests.py --build %s` over\n"
                   "the same tests: the results are that run's.)\n" % (args.from_output[0], args.build))
    out.append("from the ONNX backend node tests of Debian's libonnx-testdata %s (`%s`): each\n"
               "test model is compiled with `compress-compile` and run with `compress-run\n"
               "--compare-dir` on every `test_data_set_*` against the expected outputs (atol %s,\n"
               "rtol %s). A test *passes* when every output is within tolerance; it is\n"
               "*unsupported* when `compress-compile` refuses it with a diagnostic (the first line\n"
               "of each distinct diagnostic is shown, node names removed); it *fails* on a wrong\n"
               "answer, a failed run or a timeout (%s s), and *crashes* on a signal or a stack\n"
               "dump. `test/ONNX/node-tests.test` re-checks a subset on every test run.\n"
               % (version, args.data, args.atol, args.rtol, args.timeout))
    out.append("Totals: %d tests, %d pass, %d unsupported, %d fail, %d crash.\n"
               % (len(results), counts["pass"], counts["unsupported"], counts["FAIL"],
                  counts["CRASH"]))
    out.append("## Supported operators\n")
    out.append("Operators with at least one passing node test (the table below says which\n"
               "attributes, types or shapes of each are refused):\n")
    out.append(", ".join(supported) + ".\n" if supported else "none.\n")
    out.append("## By operator\n")
    out.append("| operator | pass | unsupported (first line of each diagnostic, × tests) | fail / crash |")
    out.append("|---|---|---|---|")
    for op in sorted(by_op, key=lambda o: (o.lower(), o)):
        tests = by_op[op]
        npass = sum(1 for _, s, _ in tests if s == "pass")
        diags = collections.Counter(re.sub(r" \(node '[^']*'\)", "", detail)
                                    for _, s, detail in tests if s == "unsupported")
        unsup = "; ".join("`%s`%s" % (md_escape(d), " ×%d" % c if c > 1 else "")
                          for d, c in diags.most_common())
        bad = "; ".join("%s %s: `%s`" % (n, s, md_escape(detail))
                        for n, s, detail in tests if s in ("FAIL", "CRASH"))
        out.append("| %s | %d/%d | %s | %s |" % (op, npass, len(tests), unsup, bad))
    out.append("")
    with open(path, "w") as f:
        f.write("\n".join(out))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default=os.path.join(HERE, "build"))
    ap.add_argument("--data", default="/usr/share/libonnx-testdata/data/node")
    ap.add_argument("--require-pass", nargs="*", default=[])
    ap.add_argument("--atol", default="1e-5")
    ap.add_argument("--rtol", default="1e-4")
    ap.add_argument("--jobs", "-j", type=int, default=1)
    ap.add_argument("--timeout", type=int, default=300, help="seconds per tool run")
    ap.add_argument("--markdown", help="also write the table by operator to this file")
    ap.add_argument("--from-output", metavar="FILE", action="append",
                    help="do not run the tools: take the results from FILE, the printed table "
                         "of an earlier run (to re-render --markdown); repeatable, a later "
                         "FILE's results (e.g. a re-run of some tests) replace an earlier one's")
    ap.add_argument("patterns", nargs="*", default=["test_"])
    args = ap.parse_args()
    tools = (os.path.join(args.build, "bin", "compress-compile"),
             os.path.join(args.build, "bin", "compress-run"))

    tests = sorted({d for p in args.patterns for d in glob.glob(os.path.join(args.data, p + "*"))
                    if os.path.isfile(os.path.join(d, "model.onnx"))})
    if args.from_output:
        results = {}
        for path in args.from_output:
            for line in open(path):
                m = re.match(r"(test_\S+)\s+(pass|unsupported|FAIL|CRASH)\s*(.*)$",
                             line.rstrip("\n"))
                if m and os.path.join(args.data, m.group(1)) in tests:
                    results[m.group(1)] = (m.group(2), m.group(3).strip())
        results = dict(sorted(results.items()))
        tests = [d for d in tests if os.path.basename(d) in results]
    else:
        with tempfile.TemporaryDirectory() as tmp, \
                concurrent.futures.ThreadPoolExecutor(max(1, args.jobs)) as pool:
            futures = {os.path.basename(d): pool.submit(run_test, d, tmp, tools, args)
                       for d in tests}
            results = {name: f.result() for name, f in sorted(futures.items())}

    width = max((len(n) for n in results), default=4)
    for name, (status, detail) in results.items():
        print(f"{name:<{width}}  {status:<12} {detail}")
    counts = {s: sum(1 for v in results.values() if v[0] == s) for s in STATUSES}
    print("summary: " + ", ".join(f"{v} {k}" for k, v in counts.items()))
    if args.markdown:
        names = set(results)
        operators = {os.path.basename(d): operator_of(d, names) for d in tests}
        argv = [os.path.relpath(os.path.abspath(sys.argv[0]), HERE) if i == 0 else a
                for i, a in enumerate(sys.argv)]
        write_markdown(args.markdown, results, operators, args, argv)
    bad = counts["FAIL"] + counts["CRASH"]
    for req in args.require_pass:
        if results.get(req, ("missing",))[0] != "pass":
            print(f"required test {req} did not pass: {results.get(req, ('missing', ''))}")
            bad += 1
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
