#!/usr/bin/env python3
"""Writes and checks test/Integration/Binary/packed-ops.mlir: the packed-activation ops
run directly (no fusion pass), each against a numpy reference and across the two
lowerings.

  * binary_max_pool2d on binary_pack(x) against binary_pack(tosa.max_pool2d(x)) and
    numpy: with bit 1 = −1 the max is the AND of the bits (padded taps skipped);
  * binary_conv2d_threshold and binary_conv2d_packed with constant weights (the
    register-blocked kernel) in @main_const, and with the weights as function
    arguments (the scalar path; their tail bits set to 1, which the lowering must
    mask) in @main_args: both print the same words / floats, and --check compares
    them with numpy (integer accumulators of the ±1 conv, then [lo, hi] intervals,
    or α·y + b in float32);
  * binary_conv2d_threshold with a nonzero plane (`nz` kinds: x with exact zeros,
    binary_pack {nonzero}; the reference takes ONNX's sign, sign(0) = 0);
  * binary_matmul_threshold (with and without a nonzero plane) and
    binary_matmul_packed on rows of G groups of C features (a conv's packed pixels
    flattened: binary_pack of [M, G, 1, C], collapsed to [M, G·ceil(C/64)]), constant
    weights (the register-blocked matmul kernel) and weights as arguments with every
    group's tail bits set to 1 (the scalar path must mask them per group).

  python3 test/Integration/Binary/Inputs/gen_packed_ops_tests.py        # (re)write
  python3 .../gen_packed_ops_tests.py --check output.txt                # used by lit
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gen_threshold_tests import conv_int, dense, max_pool, out_size, pack, ttype  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(os.path.dirname(HERE), "packed-ops.mlir")

POOLS = [  # name, input shape, kernel, stride, pad
    ("pool130", [1, 5, 7, 130], [3, 3], [2, 2], [1, 1, 1, 1]),
    ("pool1", [1, 5, 5, 1], [2, 2], [1, 1], [0, 1, 0, 1]),
    ("pool65", [1, 6, 6, 65], [2, 2], [2, 2], [0, 0, 0, 0]),
]
CONVS = [  # name, input, F, kernel, stride, pad, dilation, pad_value, output kind
    ("thr65", [1, 7, 6, 65], 70, [3, 3], [2, 2], [1, 1, 1, 1], [1, 1], "minus_one", "bits"),
    ("thr63", [2, 5, 5, 63], 130, [3, 3], [1, 1], [1, 1, 1, 1], [1, 1], "zero", "bits"),
    ("thr1", [1, 4, 5, 1], 3, [2, 2], [1, 1], [0, 1, 1, 0], [1, 1], "one", "bits"),
    ("flt63", [1, 8, 7, 63], 9, [3, 3], [1, 1], [2, 2, 2, 2], [2, 2], "one", "float"),
    ("flt130", [1, 5, 5, 130], 5, [3, 3], [2, 2], [1, 1, 1, 1], [1, 1], "zero", "float"),
    ("thr65nz", [1, 6, 5, 65], 70, [3, 3], [1, 1], [1, 1, 1, 1], [1, 1], "zero", "bits-nz"),
    ("thr3nz", [2, 4, 4, 3], 9, [2, 2], [2, 2], [0, 1, 0, 1], [1, 1], "zero", "bits-nz"),
]
MATMULS = [  # name, M, groups G, features per group C, N, output kind
    ("mm65g9", 2, 9, 65, 70, "bits"),
    ("mm100nz", 3, 1, 100, 130, "bits-nz"),
    ("mm63g4", 2, 4, 63, 33, "float"),
    ("mm1", 1, 1, 1, 5, "float"),
]


def pack_act(signs_neg):
    """[..., C] booleans (True = −1) -> [..., D] int64 words."""
    c = signs_neg.shape[-1]
    words = (c + 63) // 64
    out = np.zeros(signs_neg.shape[:-1] + (words,), dtype=np.uint64)
    for ch in range(c):
        out[..., ch // 64] |= signs_neg[..., ch].astype(np.uint64) << np.uint64(ch % 64)
    return out.astype(np.int64)


def data(seed):
    rng = np.random.default_rng(seed)
    pools, convs = [], []
    for name, shape, k, s, p in POOLS:
        # Mostly positive: a pooled −1 needs every tap negative.
        x = rng.integers(-6, 3, size=shape).astype(np.float32) * np.float32(0.5)
        pools.append((name, shape, k, s, p, x))
    for name, shape, f, k, s, p, d, pv, kind in CONVS:
        x = rng.integers(-3, 4, size=shape).astype(np.float32)
        wsign = np.where(rng.random((f, k[0], k[1], shape[3])) < 0.5, -1, 1)
        kmax = k[0] * k[1] * shape[3]
        sig = int(np.sqrt(kmax))
        th = []
        for ch in range(f):
            kind_t = ch % 5
            t = int(rng.integers(-sig, sig + 1))
            if kind_t == 0:
                th.append([t, kmax])          # y >= t
            elif kind_t == 1:
                th.append([-kmax, t])         # y <= t (negative BN scale)
            elif kind_t == 2:
                th.append([1, 0])             # empty: always −1
            elif kind_t == 3:
                th.append([-kmax, kmax])      # always +1
            else:
                th.append([t - sig, t + sig])  # an interval inside
        th = np.array(th, dtype=np.int64)
        alpha = rng.choice([0.25, 0.5, 1.0, -2.0], size=f).astype(np.float32)
        bias = (rng.integers(-8, 9, size=f) * 0.25).astype(np.float32)
        convs.append((name, shape, f, k, s, p, d, pv, kind, x, wsign, th, alpha, bias))
    mms = []
    for name, m, g, c, n, kind in MATMULS:
        x = rng.integers(-3, 4, size=(m, g, 1, c)).astype(np.float32)
        wsign = np.where(rng.random((n, g, 1, c)) < 0.5, -1, 1)
        kmax = g * c
        sig = max(1, int(np.sqrt(kmax)))
        th = []
        for ch in range(n):
            t = int(rng.integers(-sig, sig + 1))
            th.append([[t, kmax], [-kmax, t], [1, 0], [-kmax, kmax], [t - sig, t + sig]][ch % 5])
        th = np.array(th, dtype=np.int64)
        alpha = rng.choice([0.25, 0.5, 1.0, -2.0], size=n).astype(np.float32)
        bias = (rng.integers(-8, 9, size=n) * 0.25).astype(np.float32)
        mms.append((name, m, g, c, n, kind, x, wsign, th, alpha, bias))
    return pools, convs, mms


def conv_out_shape(shape, f, k, s, p, d):
    return [shape[0], out_size(shape[1], k[0], s[0], p[0], p[1], d[0]),
            out_size(shape[2], k[1], s[1], p[2], p[3], d[1]), f]


def reference(pools, convs, mms):
    outs = []
    for name, shape, k, s, p, x in pools:
        outs.append(pack_act(max_pool(x, k, s, p) < 0))
    for name, shape, f, k, s, p, d, pv, kind, x, wsign, th, alpha, bias in convs:
        signs = np.sign(x).astype(np.int64) if kind == "bits-nz" else np.where(x < 0, -1, 1)
        y = conv_int(signs, wsign, k, s, p, d, pv)
        if kind in ("bits", "bits-nz"):
            plus = (th[:, 0] <= y) & (y <= th[:, 1])
            outs.append(pack_act(~plus))
        else:
            v = (alpha * y.astype(np.float32)).astype(np.float32)
            outs.append((v + bias).astype(np.float32))
    for name, m, g, c, n, kind, x, wsign, th, alpha, bias in mms:
        signs = np.sign(x).astype(np.int64) if kind == "bits-nz" else np.where(x < 0, -1, 1)
        y = signs.reshape(m, -1) @ wsign.reshape(n, -1).T
        if kind != "float":
            plus = (th[:, 0] <= y) & (y <= th[:, 1])
            outs.append(pack_act(~plus))
        else:
            v = (alpha * y.astype(np.float32)).astype(np.float32)
            outs.append((v + bias).astype(np.float32))
    return outs


def emit(pools, convs, mms):
    L = [
        "// RUN: compress-opt %s --compress-lower-to-llvm=bare-ptr-abi=false \\",
        "// RUN: | mlir-runner -e main_const -entry-point-result=void \\",
        "// RUN:   -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils \\",
        "// RUN: | sed -e 's/base@ = 0x[0-9a-f]*//' > %t.const",
        "// RUN: compress-opt %s --compress-lower-to-llvm=bare-ptr-abi=false \\",
        "// RUN: | mlir-runner -e main_args -entry-point-result=void \\",
        "// RUN:   -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils \\",
        "// RUN: | sed -e 's/base@ = 0x[0-9a-f]*//' > %t.args",
        "// RUN: diff %t.const %t.args",
        "// RUN: %python %S/Inputs/gen_packed_ops_tests.py --check %t.const | FileCheck %s",
        "",
        "// Generated by Inputs/gen_packed_ops_tests.py (its docstring says what is tested).",
        "// CHECK: 14 results match the reference",
        "",
        "func.func private @printMemrefI64(memref<*xi64>)",
        "func.func private @printMemrefF32(memref<*xf32>)",
        "",
    ]
    const_body, args_body = [], []

    def show(body, v, shape, elt):
        i = len(body)
        t = ttype(shape, elt)
        body.append("  %%m%d = bufferization.to_buffer %s : %s to memref<%s>" % (i, v, t, t[7:-1]))
        body.append("  %%u%d = memref.cast %%m%d : memref<%s> to memref<*x%s>" % (i, i, t[7:-1], elt))
        body.append("  call @printMemref%s(%%u%d) : (memref<*x%s>) -> ()" % (elt.upper(), i, elt))

    for name, shape, k, s, p, x in pools:
        c = shape[3]
        dw = (c + 63) // 64
        oh = (shape[1] + p[0] + p[1] - k[0]) // s[0] + 1
        ow = (shape[2] + p[2] + p[3] - k[1]) // s[1] + 1
        fin, pin = ttype(shape), ttype(shape[:3] + [dw], "i64")
        fo, po = ttype([shape[0], oh, ow, c]), ttype([shape[0], oh, ow, dw], "i64")
        attrs = "{kernel = array<i64: %d, %d>, stride = array<i64: %d, %d>, pad = array<i64: %d, %d, %d, %d>}" % (*k, *s, *p)
        L.append("func.func @%s_float(%%x: %s) -> %s {" % (name, fin, po))
        L.append("  %%m = tosa.max_pool2d %%x %s : (%s) -> %s" % (attrs, fin, fo))
        L.append("  %%p = compress.binary_pack %%m : (%s) -> %s" % (fo, po))
        L.append("  return %%p : %s\n}" % po)
        L.append("func.func @%s_packed(%%x: %s) -> %s {" % (name, fin, po))
        L.append("  %%p = compress.binary_pack %%x : (%s) -> %s" % (fin, pin))
        L.append("  %%m = compress.binary_max_pool2d %%p %s : (%s) -> %s" % (attrs, pin, po))
        L.append("  return %%m : %s\n}" % po)
        xs = "dense<%s> : %s" % (dense(x, lambda v: "%.1f" % float(v)), fin)
        for body, fn in ((const_body, "float"), (args_body, "packed")):
            i = len(body)
            body.append("  %%x%d = arith.constant %s" % (i, xs))
            body.append("  %%r%d = call @%s_%s(%%x%d) : (%s) -> %s" % (i, name, fn, i, fin, po))
            show(body, "%%r%d" % i, [shape[0], oh, ow, dw], "i64")

    for name, shape, f, k, s, p, d, pv, kind, x, wsign, th, alpha, bias in convs:
        c = shape[3]
        dw = (c + 63) // 64
        out = conv_out_shape(shape, f, k, s, p, d)
        wb = pack(wsign)
        garbage = wb.copy().astype(np.uint64)
        if c % 64:
            garbage[..., -1] |= ~np.uint64((1 << (c % 64)) - 1)
        garbage = garbage.astype(np.int64)
        fin, pin = ttype(shape), ttype(shape[:3] + [dw], "i64")
        wt = ttype(wb.shape, "i64")
        geo = ("strides = array<i64: %d, %d>, pad = array<i64: %d, %d, %d, %d>, dilations = array<i64: %d, %d>, "
               "pad_value = #compress<pad_value %s>" % (*s, *p, *d, pv))
        if kind in ("bits", "bits-nz"):
            rt = ttype(out[:3] + [(f + 63) // 64], "i64")
            extra_t, rshape, relt = ttype([f, 2], "i64"), out[:3] + [(f + 63) // 64], "i64"
            nz = (", %nz", ", " + pin) if kind == "bits-nz" else ("", "")
            op = ("compress.binary_conv2d_threshold %%p, %%w, %%t%s {input_channels = %d : i64, %s} : (%s, %s, %s%s) -> %s"
                  % (nz[0], c, geo, pin, wt, extra_t, nz[1], rt))
            consts = ["  %%t = arith.constant dense<%s> : %s" % (dense(th, str), extra_t)]
        else:
            rt = ttype(out)
            rshape, relt = out, "f32"
            op = ("compress.binary_conv2d_packed %%p, %%w, %%a, %%b {input_channels = %d : i64, %s} : (%s, %s, %s, %s) -> %s"
                  % (c, geo, pin, wt, ttype([f]), ttype([f]), rt))
            consts = ["  %%a = arith.constant dense<%s> : %s" % (dense(alpha), ttype([f])),
                      "  %%b = arith.constant dense<%s> : %s" % (dense(bias), ttype([f]))]
        L.append("func.func @%s_const(%%x: %s) -> %s {" % (name, fin, rt))
        L.append("  %%w = arith.constant dense<%s> : %s" % (dense(wb, str), wt))
        L.extend(consts)
        nzline = "  %%nz = compress.binary_pack %%x {nonzero} : (%s) -> %s" % (fin, pin)
        L.append("  %%p = compress.binary_pack %%x : (%s) -> %s" % (fin, pin))
        if kind == "bits-nz":
            L.append(nzline)
        L.append("  %y = " + op)
        L.append("  return %%y : %s\n}" % rt)
        L.append("func.func @%s_args(%%x: %s, %%w: %s) -> %s {" % (name, fin, wt, rt))
        L.extend(consts)
        L.append("  %%p = compress.binary_pack %%x : (%s) -> %s" % (fin, pin))
        if kind == "bits-nz":
            L.append(nzline)
        L.append("  %y = " + op)
        L.append("  return %%y : %s\n}" % rt)
        xs = "dense<%s> : %s" % (dense(x, lambda v: "%.1f" % float(v)), fin)
        i = len(const_body)
        const_body.append("  %%x%d = arith.constant %s" % (i, xs))
        const_body.append("  %%r%d = call @%s_const(%%x%d) : (%s) -> %s" % (i, name, i, fin, rt))
        show(const_body, "%%r%d" % i, rshape, relt)
        i = len(args_body)
        args_body.append("  %%x%d = arith.constant %s" % (i, xs))
        args_body.append("  %%g%d = arith.constant dense<%s> : %s" % (i, dense(garbage, str), wt))
        args_body.append("  %%r%d = call @%s_args(%%x%d, %%g%d) : (%s, %s) -> %s" % (i, name, i, i, fin, wt, rt))
        show(args_body, "%%r%d" % i, rshape, relt)

    for name, m, g, c, n, kind, x, wsign, th, alpha, bias in mms:
        dc = (c + 63) // 64
        fin = ttype([m, g, 1, c])
        p4 = ttype([m, g, 1, dc], "i64")
        pin = ttype([m, g * dc], "i64")
        wb = pack(wsign).reshape(n, g * dc)
        garbage = wb.copy().astype(np.uint64).reshape(n, g, dc)
        if c % 64:
            garbage[..., -1] |= ~np.uint64((1 << (c % 64)) - 1)
        garbage = garbage.reshape(n, g * dc).astype(np.int64)
        wt = ttype([n, g * dc], "i64")
        pack_lines = ["  %%p4 = compress.binary_pack %%x : (%s) -> %s" % (fin, p4),
                      "  %%p = tensor.collapse_shape %%p4 [[0], [1, 2, 3]] : %s into %s" % (p4, pin)]
        if kind == "bits-nz":
            pack_lines += ["  %%nz4 = compress.binary_pack %%x {nonzero} : (%s) -> %s" % (fin, p4),
                           "  %%nz = tensor.collapse_shape %%nz4 [[0], [1, 2, 3]] : %s into %s" % (p4, pin)]
        if kind == "float":
            rt, rshape, relt = ttype([m, n]), [m, n], "f32"
            consts = ["  %%a = arith.constant dense<%s> : %s" % (dense(alpha), ttype([n])),
                      "  %%b = arith.constant dense<%s> : %s" % (dense(bias), ttype([n]))]
            op = ("compress.binary_matmul_packed %%p, %%w, %%a, %%b {input_channels = %d : i64} : (%s, %s, %s, %s) -> %s"
                  % (c, pin, wt, ttype([n]), ttype([n]), rt))
        else:
            rt, rshape, relt = ttype([m, (n + 63) // 64], "i64"), [m, (n + 63) // 64], "i64"
            consts = ["  %%t = arith.constant dense<%s> : %s" % (dense(th, str), ttype([n, 2], "i64"))]
            nz = (", %nz", ", " + pin) if kind == "bits-nz" else ("", "")
            op = ("compress.binary_matmul_threshold %%p, %%w, %%t%s {input_channels = %d : i64} : (%s, %s, %s%s) -> %s"
                  % (nz[0], c, pin, wt, ttype([n, 2], "i64"), nz[1], rt))
        L.append("func.func @%s_const(%%x: %s) -> %s {" % (name, fin, rt))
        L.append("  %%w = arith.constant dense<%s> : %s" % (dense(wb, str), wt))
        L.extend(consts + pack_lines)
        L.append("  %y = " + op)
        L.append("  return %%y : %s\n}" % rt)
        L.append("func.func @%s_args(%%x: %s, %%w: %s) -> %s {" % (name, fin, wt, rt))
        L.extend(consts + pack_lines)
        L.append("  %y = " + op)
        L.append("  return %%y : %s\n}" % rt)
        xs = "dense<%s> : %s" % (dense(x, lambda v: "%.1f" % float(v)), fin)
        i = len(const_body)
        const_body.append("  %%x%d = arith.constant %s" % (i, xs))
        const_body.append("  %%r%d = call @%s_const(%%x%d) : (%s) -> %s" % (i, name, i, fin, rt))
        show(const_body, "%%r%d" % i, rshape, relt)
        i = len(args_body)
        args_body.append("  %%x%d = arith.constant %s" % (i, xs))
        args_body.append("  %%g%d = arith.constant dense<%s> : %s" % (i, dense(garbage, str), wt))
        args_body.append("  %%r%d = call @%s_args(%%x%d, %%g%d) : (%s, %s) -> %s" % (i, name, i, i, fin, wt, rt))
        show(args_body, "%%r%d" % i, rshape, relt)

    for entry, body in (("main_const", const_body), ("main_args", args_body)):
        L.append("func.func @%s() {" % entry)
        L.extend(body)
        L.append("  return\n}")
    return "\n".join(L) + "\n"


def main():
    pools, convs, mms = data(7)
    if len(sys.argv) == 3 and sys.argv[1] == "--check":
        text = open(sys.argv[2]).read()
        blocks = text.split("Unranked Memref")[1:]
        ok = 0
        for i, want in enumerate(reference(pools, convs, mms)):
            body = blocks[i].split("data =", 1)[1]
            toks = body.replace("[", " ").replace("]", " ").replace(",", " ").split()
            got = np.array([float(t) for t in toks]) if want.dtype == np.float32 else np.array([int(t) for t in toks])
            if got.size == want.size and np.array_equal(got.astype(want.dtype), want.ravel()):
                ok += 1
            else:
                print("result %d: mismatch" % i)
        print("%d results match the reference" % ok)
        return
    with open(OUT, "w") as fh:
        fh.write(emit(pools, convs, mms))


if __name__ == "__main__":
    main()
