#!/usr/bin/python3
"""Runs ONNX backend node tests (Debian's libonnx-testdata) through compress-compile and
compress-run, against the expected outputs, and prints a table by test.

Each test is one of:
  pass         compiled, ran, every output within tolerance of the expected one
  unsupported  compress-compile refused it with a diagnostic (exit 1, an 'error:' line)
  FAIL         wrong answer, a run that failed, or a tool that did not finish in --timeout s
  CRASH        a tool died on a signal or printed a stack dump
Usage: onnx-node-tests.py [--build DIR] [--data DIR] [--jobs N] [--markdown FILE]
                          [--freeze-inputs] [--from-output FILE] [--require-pass NAME ...]
                          [--] [PATTERN...]
PATTERN is a test-name prefix such as test_conv (default: every test in --data). Exits 1
when any test FAILs or CRASHes, or a --require-pass test is not 'pass'.

--markdown FILE also writes the conformance table by operator (docs/onnx-support.md is made
this way; see its header for the command): per operator, the tests that pass, those refused
(with the first line of each distinct diagnostic) and those that fail or crash.

--freeze-inputs: the node tests feed shape/attribute-like operands (Slice starts/ends/axes/
steps, Resize roi/scales/sizes, Pad pads/constant_value/axes, Expand shape, Tile repeats,
Split split, Reshape shape, TopK K, Reduce*/Squeeze/Unsqueeze axes, Clip min/max,
Quantize/DequantizeLinear scale and zero point, ...) as GRAPH INPUTS, whereas compress compiles static-shape models in which they are constants, as
they are in every exported CNN. With this option, a graph input every use of which is such an
operand (the table SHAPE_OPERANDS: operator -> operand indices, from the ONNX schemas) is made
an initializer holding the value of each test_data_set's input_N.pb and removed from the graph
inputs; the rewritten model is compiled and run once per data set (the test passes only if
every data set passes). Data inputs (anything else, of any element type) are never frozen. A
passing test that needed frozen inputs is printed as 'pass' with the detail
'(frozen: NAME, ...)', and the markdown counts them per operator.

A FAIL of a test in REFERENCE_DIFFERS (expected outputs known to differ from ONNX Runtime,
which compress follows) stays a FAIL, with the known cause appended to its detail.
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


# Operand positions (0-based) that the ONNX spec defines as shape/attribute-like: their
# values are constants in a real exported model (checked against onnx.defs schemas, opsets
# 1..21; an operator whose such operands moved keeps every position any version uses).
SHAPE_OPERANDS = {
    "CenterCropPad": {1},            # shape (18)
    "Clip": {1, 2},                  # min, max (11)
    "Col2Im": {1, 2},                # image_shape, block_shape (18)
    "ConstantOfShape": {0},          # input = the shape (9)
    "CumSum": {1},                   # axis (11)
    "DequantizeLinear": {1, 2},      # x_scale, x_zero_point (10): quantization parameters,
                                     # initializers in every QDQ model (ORT's and PyTorch's tools)
    "Dropout": {1, 2},               # ratio, training_mode (12)
    "Expand": {1},                   # shape (8)
    "NonMaxSuppression": {2, 3, 4},  # max_output_boxes_per_class, iou/score thresholds (10)
    "OneHot": {1},                   # depth (9)
    "Pad": {1, 2, 3},                # pads, constant_value (11), axes (18)
    "QuantizeLinear": {1, 2},        # y_scale, y_zero_point (10), as DequantizeLinear
    "Reshape": {1},                  # shape (5)
    "Resize": {1, 2, 3},             # scales (10); roi, scales, sizes (11)
    "Slice": {1, 2, 3, 4},           # starts, ends, axes, steps (10)
    "Split": {1},                    # split (1, 13)
    "Squeeze": {1},                  # axes (13)
    "Tile": {1, 2},                  # tiles, axis (1); repeats (6)
    "TopK": {1},                     # K (10)
    "Trilu": {1},                    # k (14)
    "Unsqueeze": {1},                # axes (13)
    "Upsample": {1},                 # scales (9)
}
for _op in ("ReduceL1", "ReduceL2", "ReduceLogSum", "ReduceLogSumExp", "ReduceMax", "ReduceMean",
            "ReduceMin", "ReduceProd", "ReduceSum", "ReduceSumSquare"):
    SHAPE_OPERANDS[_op] = {1}        # axes (ReduceSum 13, the others 18)


# Node tests whose expected outputs are known to differ from ONNX Runtime, which compress
# follows (its tests compare with ONNX Runtime), or whose data does not fit their model: a
# FAIL of one of these gets this note.
REFERENCE_DIFFERS = {
    name: "ONNX 1.12's reference takes align_corners' length_resized = scale * length_original "
          "unrounded (onnx/onnx#2462); ONNX Runtime and compress take the output length"
    for name in ("test_resize_downsample_scales_cubic_align_corners",
                 "test_resize_downsample_scales_linear_align_corners")}
for _name in ("test_castlike_FLOAT_to_BFLOAT16", "test_castlike_FLOAT_to_BFLOAT16_expanded",
              "test_castlike_BFLOAT16_to_FLOAT", "test_castlike_BFLOAT16_to_FLOAT_expanded"):
    REFERENCE_DIFFERS[_name] = (
        "ONNX 1.12's test data gives input 'like' shape [1] where the model declares [3, 4]: "
        "the data does not fit the model")
REFERENCE_DIFFERS["test_cast_FLOAT_to_BFLOAT16"] = (
    "ONNX 1.12's reference truncates float32 to bfloat16 (drops the low 16 bits); ONNX Runtime "
    "and compress round to nearest even")


def frozen_inputs(model):
    """Names of the graph inputs of model (not initializers) every use of which, by a node of
    the main graph in the default domain, is at a SHAPE_OPERANDS position."""
    inits = {t.name for t in model.graph.initializer}
    uses = collections.defaultdict(list)
    for o in model.graph.output:  # an input that is also a graph output is data
        uses[o.name].append(False)
    for n in model.graph.node:
        for i, name in enumerate(n.input):
            shape_like = n.domain in ("", "ai.onnx") and i in SHAPE_OPERANDS.get(n.op_type, ())
            uses[name].append(shape_like)
        for a in n.attribute:  # a use inside a subgraph counts as a data use
            for g in ([a.g] if a.HasField("g") else []) + list(a.graphs):
                for sn in g.node:
                    for name in sn.input:
                        uses[name].append(False)
    return [i.name for i in model.graph.input
            if i.name not in inits and uses[i.name] and all(uses[i.name])]


def freeze(model_path, ds, names, out_path):
    """Writes to out_path the model with graph inputs `names` made initializers holding the
    values of data set ds (input_N.pb is the N-th graph input); returns the paths of the
    remaining inputs' .pb files, in graph-input order."""
    import onnx
    model = onnx.load(model_path)
    inits = {t.name for t in model.graph.initializer}
    real = [i for i in model.graph.input if i.name not in inits]
    pbs = []
    for k, inp in enumerate(real):
        pb = os.path.join(ds, "input_%d.pb" % k)
        if inp.name in names:
            t = onnx.TensorProto()
            with open(pb, "rb") as f:
                t.ParseFromString(f.read())
            t.name = inp.name
            model.graph.initializer.append(t)
        else:
            pbs.append(pb)
    keep = [i for i in model.graph.input if i.name not in names]
    del model.graph.input[:]
    model.graph.input.extend(keep)
    onnx.save(model, out_path)
    return pbs


def data_sets(d):
    return sorted(glob.glob(os.path.join(d, "test_data_set_*")))


def input_pbs(ds):
    return sorted(glob.glob(os.path.join(ds, "input_*.pb")),
                  key=lambda p: int(p.rsplit("_", 1)[1].split(".")[0]))


def run_test(d, tmp, tools, args):
    """Returns (status, detail) of the node test in folder d."""
    status, detail = run_test_once(d, tmp, tools, args)
    note = REFERENCE_DIFFERS.get(os.path.basename(d))
    if status == "FAIL" and note:
        detail += " [known: %s]" % note
    return status, detail


def run_test_once(d, tmp, tools, args):
    if not data_sets(d):
        return "FAIL", "no test_data_set_* folder: nothing to compare with"
    if args.freeze_inputs:
        import onnx
        try:
            model = onnx.load(os.path.join(d, "model.onnx"), load_external_data=False)
        except Exception:  # unreadable: compress-compile says why (below)
            model = None
        names = frozen_inputs(model) if model is not None else []
        if names:
            return run_frozen_test(d, tmp, tools, args, names)
    return compile_and_run(d, os.path.join(d, "model.onnx"), tmp, tools, args,
                           [(ds, input_pbs(ds)) for ds in data_sets(d)])


def run_frozen_test(d, tmp, tools, args, names):
    """run_test for a model with graph inputs `names` frozen, once per data set."""
    name = os.path.basename(d)
    for ds in data_sets(d):
        model = os.path.join(tmp, "%s.%s.onnx" % (name, os.path.basename(ds)))
        try:
            pbs = freeze(os.path.join(d, "model.onnx"), ds, set(names), model)
        except Exception as e:  # e.g. a data set without the input's .pb
            return "FAIL", "--freeze-inputs could not rewrite the model: %s" % e
        status, detail = compile_and_run(d, model, tmp, tools, args, [(ds, pbs)])
        os.remove(model)
        if status != "pass":
            return status, detail
    return "pass", "(frozen: %s)" % ", ".join(names)


def retag_bfloat16(model_path, inputs, tmp, prefix):
    """ONNX 1.12's node-test data stores bfloat16 tensors with data_type UINT16 (the same 16
    bits): the .pb of a BFLOAT16 graph input tagged UINT16 is copied to tmp tagged BFLOAT16
    (compress-run refuses a tensor whose dtype differs from the model's)."""
    import onnx
    try:
        model = onnx.load(model_path, load_external_data=False)
    except Exception:
        return inputs
    inits = {t.name for t in model.graph.initializer}
    real = [i for i in model.graph.input if i.name not in inits]
    out = []
    for inp, pb in zip(real, inputs):
        if inp.type.tensor_type.elem_type == onnx.TensorProto.BFLOAT16:
            t = onnx.TensorProto()
            with open(pb, "rb") as f:
                t.ParseFromString(f.read())
            if t.data_type == onnx.TensorProto.UINT16:
                t.data_type = onnx.TensorProto.BFLOAT16
                pb = os.path.join(tmp, "%s.%s" % (prefix, os.path.basename(pb)))
                with open(pb, "wb") as f:
                    f.write(t.SerializeToString())
        out.append(pb)
    return out + inputs[len(out):]


def compile_and_run(d, model, tmp, tools, args, runs):
    """Compiles model and runs it on each (data-set folder, input .pb files) of runs."""
    name = os.path.basename(d)
    lib = os.path.join(tmp, name + ".so")
    rc, _, err = run([tools[0], model, "-o", lib], args.timeout)
    if rc is None:
        return "FAIL", "compress-compile " + err
    status = classify(rc, err)
    if status:
        return status, first_error_line(err, rc)
    if rc != 0:
        return ("unsupported" if "error:" in err else "FAIL"), first_error_line(err, rc)
    for ds, inputs in runs:
        inputs = retag_bfloat16(model, inputs, tmp, "%s.%s" % (name, os.path.basename(ds)))
        rc, out, err = run([tools[1], lib, *inputs, "--compare-dir", ds,
                            "--atol", args.atol, "--rtol", args.rtol], args.timeout)
        if rc is None:
            return "FAIL", "compress-run " + err
        status = classify(rc, err)
        if status:
            return status, first_error_line(err, rc)
        if rc != 0:
            # (a retagged input's temporary path is not part of the result)
            return "FAIL", (err.strip() or out.strip() or f"exit {rc}").splitlines()[-1] \
                .replace(tmp + os.sep, "<tmp>/")
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
        out.append("(`%s` is the printed output of `scripts/onnx-node-tests.py --build %s%s` over\n"
                   "the same tests: the results are that run's.)\n"
                   % (args.from_output[0], args.build,
                      " --freeze-inputs" if args.freeze_inputs else ""))
    out.append("from the ONNX backend node tests of Debian's libonnx-testdata %s (`%s`): each\n"
               "test model is compiled with `compress-compile` and run with `compress-run\n"
               "--compare-dir` on every `test_data_set_*` against the expected outputs (atol %s,\n"
               "rtol %s). A test *passes* when every output is within tolerance; it is\n"
               "*unsupported* when `compress-compile` refuses it with a diagnostic (the first line\n"
               "of each distinct diagnostic is shown, node names removed); it *fails* on a wrong\n"
               "answer, a failed run or a timeout (%s s), and *crashes* on a signal or a stack\n"
               "dump. `test/ONNX/node-tests.test` re-checks a subset on every test run.\n"
               % (version, args.data, args.atol, args.rtol, args.timeout))
    frozen = {n for n, (s, detail) in results.items() if s == "pass" and "(frozen:" in detail}
    if args.freeze_inputs or frozen:
        out.append("Shape inputs frozen (`--freeze-inputs`): the node tests feed shape/attribute-like\n"
                   "operands (Slice starts/ends/axes/steps, Resize roi/scales/sizes, Pad pads, Expand\n"
                   "shape, Tile repeats, Split split, Reshape shape, TopK K, Reduce*/Squeeze/Unsqueeze\n"
                   "axes, Clip min/max, Quantize/DequantizeLinear scale and zero point, ...) as graph\n"
                   "inputs, whereas compress compiles static-shape\n"
                   "models in which they are constants, as in every exported CNN. A graph input every\n"
                   "use of which is such an operand (`SHAPE_OPERANDS` in the script, from the ONNX\n"
                   "schemas) is made an initializer holding each `test_data_set_*`'s value, and the\n"
                   "model is compiled and run once per data set; such a test passes only if every\n"
                   "data set passes. Data inputs (of any element type) are never frozen. The *pass*\n"
                   "column counts in\n"
                   "brackets the passing tests that needed frozen inputs (%d in all).\n"
                   % len(frozen))
    known = sorted(n for n, (s, detail) in results.items() if s == "FAIL" and "[known:" in detail)
    if known:
        out.append("Of the failing tests, %s fail for a known reason that is not compress's:\n"
                   "their expected outputs differ from what ONNX Runtime computes (and compress\n"
                   "follows), or their test data does not fit their model (`REFERENCE_DIFFERS` in\n"
                   "the script; the cause follows the diagnostic in the table).\n"
                   % ", ".join("`%s`" % n for n in known))
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
        nfrozen = sum(1 for _, s, detail in tests if s == "pass" and "(frozen:" in detail)
        diags = collections.Counter(re.sub(r" \(node '[^']*'\)", "", detail)
                                    for _, s, detail in tests if s == "unsupported")
        unsup = "; ".join("`%s`%s" % (md_escape(d), " ×%d" % c if c > 1 else "")
                          for d, c in diags.most_common())
        bad = "; ".join("%s %s: `%s`" % (n, s, md_escape(detail))
                        for n, s, detail in tests if s in ("FAIL", "CRASH"))
        out.append("| %s | %d/%d%s | %s | %s |" % (op, npass, len(tests),
                                                    " (%d frozen)" % nfrozen if nfrozen else "",
                                                    unsup, bad))
    out.append("")
    with open(path, "w") as f:
        f.write("\n".join(out))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default=os.path.join(HERE, "build"))
    ap.add_argument("--data", default="/usr/share/libonnx-testdata/data/node")
    ap.add_argument("--require-pass", nargs="*", default=[], metavar="TEST",
                    help="tests that must pass (exit 1 otherwise); takes every following "
                         "name, so put '--' before the PATTERNs")
    ap.add_argument("--atol", default="1e-5")
    ap.add_argument("--rtol", default="1e-4")
    ap.add_argument("--jobs", "-j", type=int, default=1)
    ap.add_argument("--timeout", type=int, default=300, help="seconds per tool run")
    ap.add_argument("--freeze-inputs", action="store_true",
                    help="make graph inputs used only as shape/attribute-like operands "
                         "(SHAPE_OPERANDS) initializers holding each data set's values, and "
                         "compile and run the model per data set (see above)")
    ap.add_argument("--markdown", help="also write the table by operator to this file")
    ap.add_argument("--from-output", metavar="FILE", action="append",
                    help="do not run the tools: take the results from FILE, the printed table "
                         "of an earlier run (to re-render --markdown); repeatable, a later "
                         "FILE's results (e.g. a re-run of some tests) replace an earlier one's")
    ap.add_argument("patterns", nargs="*", default=["test_"])
    args = ap.parse_args()
    if args.timeout <= 0:
        ap.error("--timeout must be a positive number of seconds, got %d" % args.timeout)
    if args.jobs <= 0:
        ap.error("--jobs must be positive, got %d" % args.jobs)
    if not os.path.isdir(args.data):
        ap.error("--data %s is not a folder (the node tests of Debian's libonnx-testdata are in "
                 "/usr/share/libonnx-testdata/data/node)" % args.data)
    tools = (os.path.join(args.build, "bin", "compress-compile"),
             os.path.join(args.build, "bin", "compress-run"))
    if not args.from_output:
        for tool in tools:
            if not os.access(tool, os.X_OK):
                ap.error("%s is not an executable: is --build %s a build folder?"
                         % (tool, args.build))

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
        if not results:
            ap.error("no result line of a node test matching the PATTERNs in %s"
                     % ", ".join(args.from_output))
    else:
        if not tests:
            ap.error("no node test in %s matches %s" % (args.data, " ".join(args.patterns)))
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
