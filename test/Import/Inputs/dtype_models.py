#!/usr/bin/python3
"""Models with inputs and outputs of element types other than float32.

  dtype_models.py CASE -o model.onnx           writes the model
  dtype_models.py check CASE WORKDIR --compile C --run R --oracle RUN.mjs [--stage asan]
      Builds CASE and its seeded inputs (.npy of the model's dtypes), compiles it
      with `compress-compile --emit=lib`, runs the library with compress-run,
      runs ONNX Runtime (tools/oracle/run.mjs --all-inputs) on the same inputs and
      compares every output: dtype and shape equal, integer and bool outputs
      exactly, float outputs within rtol 1e-5 / atol 1e-6 (float16: 1e-3).
      Prints MATCH or the differences (exit 1). With --stage asan (the sanitizer
      stage) only the compilation runs.
"""
import os
import subprocess
import sys

import numpy as np
import onnx
from onnx import TensorProto as T
from onnx import helper as h

CASES = {}


def case(fn):
    CASES[fn.__name__] = fn
    return fn


def vi(name, elem, shape):
    return h.make_tensor_value_info(name, elem, shape)


def model(nodes, inputs, outputs, opset=13, inits=()):
    g = h.make_graph(nodes, "g", inputs, outputs, initializer=list(inits))
    m = h.make_model(g, opset_imports=[h.make_opsetid("", opset)])
    m.ir_version = 8
    onnx.checker.check_model(m)
    return m


def rng(name):
    return np.random.default_rng(sum(map(ord, name)))  # seeded by the case name


# Each case returns (model, [input arrays]).

@case
def where_bool():
    r = rng("where_bool")
    c = r.random((2, 3, 4)) > 0.5
    x = r.standard_normal((2, 3, 4)).astype(np.float32)
    y = r.standard_normal((1, 3, 1)).astype(np.float32)
    n = h.make_node("Where", ["c", "x", "y"], ["z"], name="where")
    return model([n], [vi("c", T.BOOL, [2, 3, 4]), vi("x", T.FLOAT, [2, 3, 4]),
                       vi("y", T.FLOAT, [1, 3, 1])], [vi("z", T.FLOAT, [2, 3, 4])]), [c, x, y]


@case
def compare_int32():
    r = rng("compare_int32")
    a = r.integers(-5, 5, (3, 4)).astype(np.int32)
    b = r.integers(-5, 5, (1, 4)).astype(np.int32)
    ops = ["Equal", "Greater", "Less", "GreaterOrEqual", "LessOrEqual"]
    nodes = [h.make_node(op, ["a", "b"], [f"o{k}"], name=op.lower()) for k, op in enumerate(ops)]
    return model(nodes, [vi("a", T.INT32, [3, 4]), vi("b", T.INT32, [1, 4])],
                 [vi(f"o{k}", T.BOOL, [3, 4]) for k in range(len(ops))], opset=16), [a, b]


@case
def logical_bool():
    r = rng("logical_bool")
    a = r.random((2, 5)) > 0.5
    b = r.random((2, 5)) > 0.5
    nodes = [h.make_node("And", ["a", "b"], ["o0"]), h.make_node("Or", ["a", "b"], ["o1"]),
             h.make_node("Xor", ["a", "b"], ["o2"]), h.make_node("Not", ["a"], ["o3"])]
    return model(nodes, [vi("a", T.BOOL, [2, 5]), vi("b", T.BOOL, [2, 5])],
                 [vi(f"o{k}", T.BOOL, [2, 5]) for k in range(4)]), [a, b]


@case
def argmax_forms():
    # Ties (rounded values) exercise first/last index selection.
    r = rng("argmax_forms")
    x = np.round(r.standard_normal((2, 5, 3)) * 2).astype(np.float32)
    nodes = [
        h.make_node("ArgMax", ["x"], ["o0"], name="amax_default"),
        h.make_node("ArgMax", ["x"], ["o1"], name="amax_ax1", axis=1, keepdims=0),
        h.make_node("ArgMax", ["x"], ["o2"], name="amax_last", axis=-1, select_last_index=1),
        h.make_node("ArgMin", ["x"], ["o3"], name="amin_ax1", axis=1),
        h.make_node("ArgMin", ["x"], ["o4"], name="amin_last", axis=2, keepdims=0,
                    select_last_index=1),
    ]
    outs = [vi("o0", T.INT64, [1, 5, 3]), vi("o1", T.INT64, [2, 3]), vi("o2", T.INT64, [2, 5, 1]),
            vi("o3", T.INT64, [2, 1, 3]), vi("o4", T.INT64, [2, 5])]
    return model(nodes, [vi("x", T.FLOAT, [2, 5, 3])], outs), [x]


@case
def argmax_nchw_classes():
    # A segmentation head: per-pixel class of a 4-D NCHW score map (NHWC inside).
    r = rng("argmax_nchw_classes")
    x = r.standard_normal((1, 3, 6, 5)).astype(np.float32)
    w = h.make_tensor("w", T.FLOAT, [4, 3, 1, 1], r.standard_normal(12).astype(np.float32))
    nodes = [h.make_node("Conv", ["x", "w"], ["s"], name="conv"),
             h.make_node("ArgMax", ["s"], ["cls"], name="argmax", axis=1, keepdims=0)]
    return model(nodes, [vi("x", T.FLOAT, [1, 3, 6, 5])], [vi("cls", T.INT64, [1, 6, 5])],
                 inits=[w]), [x]


@case
def minmax_int64():
    r = rng("minmax_int64")
    a = r.integers(-1000, 1000, (2, 3)).astype(np.int64)
    b = r.integers(-1000, 1000, (3,)).astype(np.int64)
    c = r.integers(-1000, 1000, (2, 1)).astype(np.int64)
    nodes = [h.make_node("Max", ["a", "b", "c"], ["mx"]), h.make_node("Min", ["a", "b", "c"], ["mn"]),
             h.make_node("Transpose", ["mx"], ["t"], perm=[1, 0]),
             h.make_node("Concat", ["mn", "a"], ["cat"], axis=0)]
    return model(nodes, [vi("a", T.INT64, [2, 3]), vi("b", T.INT64, [3]), vi("c", T.INT64, [2, 1])],
                 [vi("t", T.INT64, [3, 2]), vi("cat", T.INT64, [4, 3])]), [a, b, c]


@case
def uint8_image():
    # Deployed classifiers often take uint8 pixels: Cast -> scale -> conv.
    r = rng("uint8_image")
    x = r.integers(0, 256, (1, 3, 8, 8)).astype(np.uint8)
    w = h.make_tensor("w", T.FLOAT, [4, 3, 3, 3], (r.standard_normal(108) * 0.1).astype(np.float32))
    s = h.make_tensor("s", T.FLOAT, [], [1.0 / 255])
    nodes = [h.make_node("Cast", ["x"], ["f"], to=T.FLOAT), h.make_node("Mul", ["f", "s"], ["g"]),
             h.make_node("Conv", ["g", "w"], ["y"], name="conv", pads=[1, 1, 1, 1])]
    return model(nodes, [vi("x", T.UINT8, [1, 3, 8, 8])], [vi("y", T.FLOAT, [1, 4, 8, 8])],
                 inits=[w, s]), [x]


@case
def qdq_uint8_io():
    # A QDQ model with quantized uint8 input and output (ONNX Runtime's tools).
    r = rng("qdq_uint8_io")
    x = r.integers(0, 256, (1, 2, 5, 5)).astype(np.uint8)
    w = h.make_tensor("w", T.FLOAT, [3, 2, 3, 3], (r.standard_normal(54) * 0.2).astype(np.float32))
    inits = [w, h.make_tensor("xs", T.FLOAT, [], [0.02]), h.make_tensor("xz", T.UINT8, [], [128]),
             h.make_tensor("ys", T.FLOAT, [], [0.05]), h.make_tensor("yz", T.UINT8, [], [100])]
    nodes = [h.make_node("DequantizeLinear", ["x", "xs", "xz"], ["xf"]),
             h.make_node("Conv", ["xf", "w"], ["c"], name="conv"),
             h.make_node("Relu", ["c"], ["rl"]),
             h.make_node("QuantizeLinear", ["rl", "ys", "yz"], ["y"])]
    return model(nodes, [vi("x", T.UINT8, [1, 2, 5, 5])], [vi("y", T.UINT8, [1, 3, 3, 3])],
                 inits=inits), [x]


@case
def casts():
    r = rng("casts")
    x = (r.standard_normal((3, 7)) * 60).astype(np.float32)
    x[0, :4] = [0.0, -0.7, 2.5, -2.5]
    nodes = [h.make_node("Cast", ["x"], ["h"], to=T.FLOAT16),
             h.make_node("Cast", ["h"], ["o0"], to=T.FLOAT),
             h.make_node("Cast", ["x"], ["o1"], to=T.INT32),
             h.make_node("Cast", ["x"], ["o2"], to=T.BOOL),
             h.make_node("Cast", ["o1"], ["o3"], to=T.INT8),     # int32 -> int8 wraps
             h.make_node("Cast", ["x"], ["o4"], to=T.INT16),
             h.make_node("Cast", ["o2"], ["o5"], to=T.FLOAT)]
    outs = [vi("o0", T.FLOAT, [3, 7]), vi("o1", T.INT32, [3, 7]), vi("o2", T.BOOL, [3, 7]),
            vi("o3", T.INT8, [3, 7]), vi("o4", T.INT16, [3, 7]), vi("o5", T.FLOAT, [3, 7])]
    return model(nodes, [vi("x", T.FLOAT, [3, 7])], outs), [x]


@case
def float16_io():
    r = rng("float16_io")
    x = r.standard_normal((2, 8)).astype(np.float16)
    nodes = [h.make_node("Relu", ["x"], ["y"]), h.make_node("Transpose", ["y"], ["z"])]
    return model(nodes, [vi("x", T.FLOAT16, [2, 8])], [vi("z", T.FLOAT16, [8, 2])]), [x]


@case
def double_io():
    r = rng("double_io")
    x = r.standard_normal((2, 6))
    nodes = [h.make_node("Sigmoid", ["x"], ["y"])]
    return model(nodes, [vi("x", T.DOUBLE, [2, 6])], [vi("y", T.DOUBLE, [2, 6])]), [x]


@case
def int_moves():
    # Pad (edge), Slice, Reshape, Unsqueeze of an int32 tensor; int64 Gather-free.
    r = rng("int_moves")
    x = r.integers(-100, 100, (2, 3, 4)).astype(np.int32)
    inits = [h.make_tensor("pads", T.INT64, [6], [0, 1, 0, 0, 1, 2]),
             h.make_tensor("st", T.INT64, [1], [1]), h.make_tensor("en", T.INT64, [1], [4]),
             h.make_tensor("ax", T.INT64, [1], [2]), h.make_tensor("shp", T.INT64, [2], [2, -1])]
    nodes = [h.make_node("Pad", ["x", "pads"], ["p"], mode="edge"),
             h.make_node("Slice", ["p", "st", "en", "ax"], ["s"]),
             h.make_node("Reshape", ["s", "shp"], ["y"])]
    return model(nodes, [vi("x", T.INT32, [2, 3, 4])], [vi("y", T.INT32, [2, 15])],
                 inits=inits), [x]


@case
def int64_range():
    # Values up to 2^24 are exact; the check (compress.input_range_checks) passes.
    x = np.array([[16777216, -16777216, 5, -3]], np.int64)
    nodes = [h.make_node("Max", ["x", "x"], ["y"])]
    return model(nodes, [vi("x", T.INT64, [1, 4])], [vi("y", T.INT64, [1, 4])]), [x]


@case
def castlike():
    # CastLike (opset 15) to the types of an INT8 and a FLOAT16 input.
    r = rng("castlike")
    x = (r.standard_normal((2, 6)) * 50).astype(np.float32)
    a = np.zeros((1,), np.int8)
    b = np.zeros((1,), np.float16)
    nodes = [h.make_node("CastLike", ["x", "a"], ["o0"]), h.make_node("CastLike", ["x", "b"], ["o1"])]
    return model(nodes, [vi("x", T.FLOAT, [2, 6]), vi("a", T.INT8, [1]), vi("b", T.FLOAT16, [1])],
                 [vi("o0", T.INT8, [2, 6]), vi("o1", T.FLOAT16, [2, 6])], opset=15), [x, a, b]


def main():
    args = sys.argv[1:]
    if args and args[0] == "check":
        return check(args[1:])
    if len(args) != 3 or args[1] != "-o" or args[0] not in CASES:
        sys.exit("usage: dtype_models.py CASE -o model.onnx | check ... (cases: " +
                 ", ".join(CASES) + ")")
    onnx.save(CASES[args[0]]()[0], args[2])
    return 0


def check(args):
    opts, pos = {}, []
    i = 0
    while i < len(args):
        if args[i].startswith("--"):
            opts[args[i]] = args[i + 1]
            i += 2
        else:
            pos.append(args[i])
            i += 1
    name, work = pos
    os.makedirs(work, exist_ok=True)
    m, inputs = CASES[name]()
    path = os.path.join(work, "model.onnx")
    onnx.save(m, path)
    files = []
    for k, a in enumerate(inputs):
        files.append(os.path.join(work, f"in{k}.npy"))
        np.save(files[-1], a)

    def run(cmd):
        r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        if r.returncode != 0:
            print("FAILED: " + " ".join(cmd) + "\n" + r.stdout + r.stderr)
            sys.exit(1)

    lib = os.path.join(work, "model.so")
    run([opts["--compile"], path, "--emit=lib", "-o", lib])
    if opts.get("--stage") == "asan":
        print("MATCH (sanitizer stage: compiled by the instrumented compiler)")
        return 0
    ours, ort = os.path.join(work, "ours"), os.path.join(work, "ort")
    os.makedirs(ours, exist_ok=True)
    os.makedirs(ort, exist_ok=True)
    run([opts["--run"], lib, *files, "--output-dir", ours])
    run(["node", opts["--oracle"], path, "--out", ort, "--all-inputs", *files])
    ok = True
    for k, out in enumerate(m.graph.output):
        got = np.load(os.path.join(ours, out.name + ".npy"))
        exp = np.load(os.path.join(ort, f"out{k}.npy"))
        if got.dtype != exp.dtype or got.shape != exp.shape:
            print(f"FAIL {out.name}: {got.dtype}{list(got.shape)} vs ONNX Runtime "
                  f"{exp.dtype}{list(exp.shape)}")
            ok = False
            continue
        if exp.dtype.kind in "biu":
            bad = int((got != exp).sum())
            print(f"{out.name}: {exp.dtype} exact, mismatches {bad}")
        else:
            rtol, atol = (1e-3, 1e-3) if exp.dtype == np.float16 else (1e-5, 1e-6)
            g, e = got.astype(np.float64), exp.astype(np.float64)
            bad = int((~np.isclose(g, e, rtol=rtol, atol=atol, equal_nan=True)).sum())
            print(f"{out.name}: {exp.dtype} max_abs_err {np.abs(g - e).max():.3g}, "
                  f"mismatches {bad}")
        ok &= bad == 0
    print("MATCH" if ok else "MISMATCH")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
