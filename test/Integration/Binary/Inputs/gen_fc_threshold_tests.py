#!/usr/bin/env python3
"""Writes and checks the execution test of compress-binary-thresholds on chains with
binary FC layers and ONNX-sign first layers (test/Integration/Binary/threshold-fusion-fc.mlir).

Each case is a chain of compress.binary_conv2d / compress.binary_matmul layers with the
float ops of a binary network between them: per-channel BatchNorm (tosa.mul / tosa.add;
random scales incl. negative, zero, zero variance, exact ties), max-pools (before or
after the BatchNorm), a spatial tosa.slice (a floor-mode pool's crop) and a Flatten
before a binary FC, in ONNX's NCHW order (tosa.transpose + tosa.reshape) or as a plain
reshape of NHWC. First layers read floats with exact zeros; with input_sign = onnx a
zero counts nothing (the fused chain carries a nonzero plane for it). The RUN lines run
the file with and without the fusion pass and `diff` the printed outputs (the unfused
graph is the oracle: the fused one must give the same bits); --check compares the fused
output with a float32 numpy reference. The last layer has α a power of two and a bias a
multiple of 1/4, so the printed results are exact and the comparison is ==.

Shapes: channels 1, 3, 16, 63, 64, 65, 130; FC widths 7, 10, 20, 33, 64, 65, 70, 130
(K of the FC after a Flatten: 585, 1008, 30, 520, ...); H x W > 1 maps with odd channel
counts; batch 1, 2 and 3 (the flatten keeps batch rows apart).

  python3 test/Integration/Binary/Inputs/gen_fc_threshold_tests.py          # (re)write
  python3 .../gen_fc_threshold_tests.py --check output.txt                  # used by lit
  python3 .../gen_fc_threshold_tests.py --model NAME m.mlir x.npy ref.npy    # one case
"""
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import gen_threshold_tests as G  # noqa: E402

OUT = os.path.join(os.path.dirname(HERE), "threshold-fusion-fc.mlir")
f32 = np.float32
dense, fmt, ttype, out_size = G.dense, G.fmt, G.ttype, G.out_size

# A conv layer: f, k, s, p (pad_value zero, dilation 1), sign, chain ("bn" or "none"),
# optional crop (slice the last row and column), pool, pool_first. An FC layer: n, sign,
# chain, flatten ("nchw" / "nhwc") when a conv precedes it.
CASES = [
    dict(name="onnx_conv_flatten_fc", inp=[2, 7, 7, 3], layers=[
        dict(kind="conv", f=65, k=[3, 3], s=[1, 1], p=[1, 1, 1, 1], sign="onnx", chain="bn",
             crop=True, pool=dict(k=[2, 2], s=[2, 2], p=[0, 0, 0, 0]), pool_first=True),
        dict(kind="fc", n=70, sign="ge0", chain="bn", flatten="nchw"),
        dict(kind="fc", n=10, sign="ge0")]),
    dict(name="onnx_fc_chain", inp=[3, 100], layers=[
        dict(kind="fc", n=130, sign="onnx", chain="bn"),
        dict(kind="fc", n=65, sign="onnx", chain="bn"),
        dict(kind="fc", n=7, sign="onnx")]),
    dict(name="c63_nhwc_fc", inp=[1, 5, 5, 64], layers=[
        dict(kind="conv", f=63, k=[3, 3], s=[1, 1], p=[1, 1, 1, 1], sign="ge0", chain="none",
             pool=dict(k=[2, 2], s=[1, 1], p=[0, 0, 0, 0])),
        dict(kind="fc", n=33, sign="ge0", flatten="nhwc")]),
    dict(name="c1_fc", inp=[1, 6, 5, 1], layers=[
        dict(kind="conv", f=1, k=[3, 3], s=[1, 1], p=[1, 1, 1, 1], sign="onnx", chain="bn"),
        dict(kind="fc", n=64, sign="ge0", chain="bn", flatten="nchw"),
        dict(kind="fc", n=3, sign="ge0")]),
    dict(name="c130_stride2_fc", inp=[1, 4, 4, 130], layers=[
        dict(kind="conv", f=130, k=[3, 3], s=[2, 2], p=[1, 1, 1, 1], sign="ge0", chain="bn"),
        dict(kind="fc", n=65, sign="ge0", flatten="nchw")]),
    dict(name="onnx_conv_conv_fc", inp=[1, 8, 8, 16], layers=[
        dict(kind="conv", f=64, k=[3, 3], s=[1, 1], p=[1, 1, 1, 1], sign="onnx", chain="bn",
             pool=dict(k=[2, 2], s=[2, 2], p=[0, 0, 0, 0])),
        dict(kind="conv", f=65, k=[3, 3], s=[1, 1], p=[1, 1, 1, 1], sign="onnx", chain="bn"),
        dict(kind="fc", n=20, sign="ge0", flatten="nchw")]),
]

# An ONNX-sign consumer is fused only when no accumulator gives exactly 0: no ties, no
# zero scale with a zero shift.
ONNX_SAFE_KINDS = ["normal", "negative", "zero_scale", "zero_var", "always"]


def sign_of(v, form):
    if form == "onnx":
        return np.sign(v).astype(np.int64)
    return np.where(v < 0, -1, 1)


def features(L, cin):
    return L["k"][0] * L["k"][1] * cin if L["kind"] == "conv" else cin


def build(case, seed):
    rng = np.random.default_rng(seed)
    x = rng.integers(-3, 4, size=case["inp"]).astype(np.float32) * f32(0.5)
    layers = []
    shape = list(case["inp"])
    for li, L in enumerate(case["layers"]):
        last = li == len(case["layers"]) - 1
        nxt = None if last else case["layers"][li + 1]
        if L["kind"] == "fc" and len(shape) == 4:
            shape = [shape[0], shape[1] * shape[2] * shape[3]]
        cin = shape[-1]
        f = L["f"] if L["kind"] == "conv" else L["n"]
        if L["kind"] == "conv":
            wsign = np.where(rng.random((f, L["k"][0], L["k"][1], cin)) < 0.5, -1, 1)
            oh = out_size(shape[1], L["k"][0], L["s"][0], L["p"][0], L["p"][1], 1)
            ow = out_size(shape[2], L["k"][1], L["s"][1], L["p"][2], L["p"][3], 1)
            out = [shape[0], oh, ow, f]
        else:
            wsign = np.where(rng.random((f, cin)) < 0.5, -1, 1)
            out = [shape[0], f]
        if last:
            alpha = rng.choice([0.5, 1.0, 2.0], size=f).astype(np.float32)
            bias = (rng.integers(-8, 9, size=f) * 0.25).astype(np.float32)
        else:
            alpha = rng.uniform(0.01, 0.3, size=f).astype(np.float32)
            if L["chain"] == "none":
                alpha *= np.where(rng.random(f) < 0.5, -1, 1).astype(np.float32)
            bias = rng.uniform(-0.5, 0.5, size=f).astype(np.float32)
        layer = dict(L, cin=cin, wsign=wsign, alpha=alpha, bias=bias, inshape=list(shape))
        if not last and L["chain"] == "bn":
            kinds = G.BN_KINDS
            if nxt["sign"] == "onnx":
                G.BN_KINDS = ONNX_SAFE_KINDS
            try:
                scale, shift = G.bn_params(rng, f, features(L, cin), alpha, bias, "pool" in L)
            finally:
                G.BN_KINDS = kinds
            if nxt["sign"] == "onnx":
                shift[(scale == 0) & (shift == 0)] = f32(0.5)
            layer["scale"], layer["shift"] = scale, shift
        if not last and L["chain"] == "none" and nxt["sign"] == "ge0":
            # Some channels exactly 0 at a reachable accumulator (α·y = −b): +1 for ge0.
            for ch in range(0, f, 5):
                bias[ch] = f32(-f32(alpha[ch] * f32(2 * (ch % 3) - 2)))
        layers.append(layer)
        shape = out
        if L.get("crop"):
            shape = [shape[0], shape[1] - 1, shape[2] - 1, shape[3]]
        if "pool" in L:
            P = L["pool"]
            shape = [shape[0], (shape[1] - P["k"][0]) // P["s"][0] + 1,
                     (shape[2] - P["k"][1]) // P["s"][1] + 1, shape[3]]
    return x, layers


def bn(v, L):
    if L["chain"] != "bn":
        return v
    v = (v * L["scale"]).astype(np.float32)
    return (v + L["shift"]).astype(np.float32)


def reference(x, layers):
    v = x
    for li, L in enumerate(layers):
        signs = sign_of(v, L["sign"])
        if L["kind"] == "conv":
            y = G.conv_int(signs, L["wsign"], L["k"], L["s"], L["p"], [1, 1], "zero")
        else:
            if signs.ndim == 4:
                t = signs.transpose(0, 3, 1, 2) if L["flatten"] == "nchw" else signs
                signs = t.reshape(signs.shape[0], -1)
            y = signs @ L["wsign"].T
        v = (L["alpha"] * y.astype(np.float32)).astype(np.float32)
        v = (v + L["bias"]).astype(np.float32)
        if li == len(layers) - 1:
            return v
        if L.get("crop"):
            v = v[:, :-1, :-1, :]
        if L.get("pool_first"):
            v = G.max_pool(v, L["pool"]["k"], L["pool"]["s"], L["pool"]["p"])
        v = bn(v, L)
        if "pool" in L and not L.get("pool_first"):
            v = G.max_pool(v, L["pool"]["k"], L["pool"]["s"], L["pool"]["p"])


def pack_rows(wsign):
    """[N, K] signs -> [N, ceil(K/64)] words (bit 1 = -1)."""
    n, k = wsign.shape
    out = np.zeros((n, (k + 63) // 64), dtype=np.uint64)
    for c in range(k):
        out[:, c // 64] |= (wsign[:, c] < 0).astype(np.uint64) << np.uint64(c % 64)
    return out.astype(np.int64)


def emit_case(case, x, layers):
    lines = []
    shape = list(case["inp"])
    lines.append("func.func @%s(%%x: %s) -> TYPE {" % (case["name"], ttype(shape)))
    lines.append('  %zs = "tosa.const"() {values = dense<0> : tensor<1xi8>} : () -> tensor<1xi8>')
    v = "%x"
    for li, L in enumerate(layers):
        sign = "input_sign = #compress<input_sign %s>" % L["sign"]
        if L["kind"] == "fc" and len(shape) == 4:
            n, h, w, c = shape
            if L["flatten"] == "nchw":
                lines.append("  %%tr%d = tosa.transpose %s {perms = array<i32: 0, 3, 1, 2>} : (%s) -> %s"
                             % (li, v, ttype(shape), ttype([n, c, h, w])))
                v = "%%tr%d" % li
                src = ttype([n, c, h, w])
            else:
                src = ttype(shape)
            shape = [n, h * w * c]
            lines.append("  %%fs%d = tosa.const_shape {values = dense<[%d, %d]> : tensor<2xindex>} : () -> !tosa.shape<2>"
                         % (li, *shape))
            lines.append("  %%fl%d = tosa.reshape %s, %%fs%d : (%s, !tosa.shape<2>) -> %s"
                         % (li, v, li, src, ttype(shape)))
            v = "%%fl%d" % li
        f = L["f"] if L["kind"] == "conv" else L["n"]
        if L["kind"] == "conv":
            wb = G.pack(L["wsign"])
            oh = out_size(shape[1], L["k"][0], L["s"][0], L["p"][0], L["p"][1], 1)
            ow = out_size(shape[2], L["k"][1], L["s"][1], L["p"][2], L["p"][3], 1)
            out = [shape[0], oh, ow, f]
        else:
            wb = pack_rows(L["wsign"])
            out = [shape[0], f]
        lines.append("  %%w%d = arith.constant dense<%s> : %s" % (li, dense(wb, str), ttype(wb.shape, "i64")))
        lines.append("  %%a%d = arith.constant dense<%s> : %s" % (li, dense(L["alpha"]), ttype([f])))
        lines.append("  %%b%d = arith.constant dense<%s> : %s" % (li, dense(L["bias"]), ttype([f])))
        operands = (ttype(shape), ttype(wb.shape, "i64"), ttype([f]), ttype([f]), ttype(out))
        if L["kind"] == "conv":
            lines.append(
                "  %%y%d = compress.binary_conv2d %s, %%w%d, %%a%d, %%b%d {strides = array<i64: %d, %d>, "
                "pad = array<i64: %d, %d, %d, %d>, dilations = array<i64: 1, 1>, groups = 1 : i64, "
                "%s} : (%s, %s, %s, %s) -> %s loc(\"L%d\")"
                % (li, v, li, li, li, *L["s"], *L["p"], sign, *operands, li))
        else:
            lines.append("  %%y%d = compress.binary_matmul %s, %%w%d, %%a%d, %%b%d {%s} "
                         ": (%s, %s, %s, %s) -> %s loc(\"L%d\")" % (li, v, li, li, li, sign, *operands, li))
        v = "%%y%d" % li
        shape = out
        if li == len(layers) - 1:
            break
        if L.get("crop"):
            cropped = [shape[0], shape[1] - 1, shape[2] - 1, shape[3]]
            lines.append("  %%cs%d = tosa.const_shape {values = dense<0> : tensor<4xindex>} : () -> !tosa.shape<4>" % li)
            lines.append("  %%cz%d = tosa.const_shape {values = dense<[%s]> : tensor<4xindex>} : () -> !tosa.shape<4>"
                         % (li, ", ".join(map(str, cropped))))
            lines.append("  %%cr%d = tosa.slice %s, %%cs%d, %%cz%d : (%s, !tosa.shape<4>, !tosa.shape<4>) -> %s"
                         % (li, v, li, li, ttype(shape), ttype(cropped)))
            v, shape = "%%cr%d" % li, cropped

        def pool():
            nonlocal v, shape
            P = L["pool"]
            pooled = [shape[0], (shape[1] - P["k"][0]) // P["s"][0] + 1,
                      (shape[2] - P["k"][1]) // P["s"][1] + 1, shape[3]]
            lines.append("  %%p%d = tosa.max_pool2d %s {kernel = array<i64: %d, %d>, stride = array<i64: %d, %d>, "
                         "pad = array<i64: 0, 0, 0, 0>} : (%s) -> %s"
                         % (li, v, *P["k"], *P["s"], ttype(shape), ttype(pooled)))
            v, shape = "%%p%d" % li, pooled

        if L.get("pool_first"):
            pool()
        if L["chain"] == "bn":
            T = ttype(shape)
            cshape = [1] * (len(shape) - 1) + [f]
            C = ttype(cshape)
            for name, vals in (("s", L["scale"]), ("t", L["shift"])):
                lines.append('  %%%s%d = "tosa.const"() {values = dense<%s> : %s} : () -> %s'
                             % (name, li, dense(vals.reshape(cshape)), C, C))
            lines.append("  %%u%d = tosa.mul %s, %%s%d, %%zs : (%s, %s, tensor<1xi8>) -> %s" % (li, v, li, T, C, T))
            lines.append("  %%v%d = tosa.add %%u%d, %%t%d : (%s, %s) -> %s" % (li, li, li, T, C, T))
            v = "%%v%d" % li
        if "pool" in L and not L.get("pool_first"):
            pool()
    lines.append("  return %s : %s" % (v, ttype(shape)))
    lines.append("}")
    return "\n".join(lines).replace("TYPE", ttype(shape)), shape


HEADER = """// RUN: compress-opt %s --compress-binary-thresholds 2>&1 >/dev/null | FileCheck %s --check-prefix=REMARK
// RUN: compress-opt %s --compress-binary-thresholds | FileCheck %s --check-prefix=IR
// RUN: compress-opt %s --compress-binary-thresholds --compress-lower-to-llvm=bare-ptr-abi=false \\
// RUN: | mlir-runner -e main -entry-point-result=void \\
// RUN:   -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils \\
// RUN: | sed -e 's/base@ = 0x[0-9a-f]*//' > %t.fused
// RUN: compress-opt %s --compress-lower-to-llvm=bare-ptr-abi=false \\
// RUN: | mlir-runner -e main -entry-point-result=void \\
// RUN:   -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils \\
// RUN: | sed -e 's/base@ = 0x[0-9a-f]*//' > %t.float
// RUN: diff %t.fused %t.float
// RUN: %python %S/Inputs/gen_fc_threshold_tests.py --check %t.fused | FileCheck %s

// Generated by Inputs/gen_fc_threshold_tests.py (its docstring says what is tested):
// binary FC layers after a Flatten (NCHW and NHWC order, H x W > 1, odd channel
// counts, batch 1-3), FC -> BatchNorm -> FC, ONNX-sign first layers reading exact
// zeros (nonzero plane), BatchNorm with negative / zero scales, zero variance, ties,
// max-pools before and after it, a floor-mode crop. The fused run (packed bits from
// the first binary layer to the last) equals the unfused float run and a float32
// numpy reference.

// CHECK: 6 cases match the reference

// Every edge is fused: a remark per producer.
// REMARK-COUNT-10: remark: {{.*}}binary-thresholds: packed output
// REMARK-NOT: not fused

// No float tensor between the first binary layer and the last: the float ops and
// the float-input binary layers are gone.
// IR-NOT: tosa.mul
// IR-NOT: tosa.add
// IR-NOT: tosa.max_pool2d
// IR-NOT: tosa.transpose
// IR-NOT: tosa.slice
// IR-NOT: compress.binary_conv2d %
// IR-NOT: compress.binary_matmul %
"""


def write_model(name, path, x_path, ref_path):
    """One case as a model for compress-compile (its function alone), its input and
    the numpy reference output as .npy."""
    i = [c["name"] for c in CASES].index(name)
    x, layers = build(CASES[i], 2000 + i)
    text, _ = emit_case(CASES[i], x, layers)
    with open(path, "w") as fh:
        fh.write(text + "\n")
    np.save(x_path, x)
    np.save(ref_path, reference(x, layers))


def main():
    if len(sys.argv) == 6 and sys.argv[1] == "--model":
        write_model(*sys.argv[2:])
        return
    if len(sys.argv) == 3 and sys.argv[1] == "--check":
        check(sys.argv[2])
        return
    parts = [HEADER, "func.func private @printMemrefF32(memref<*xf32>)\n"]
    calls = []
    for i, case in enumerate(CASES):
        x, layers = build(case, 2000 + i)
        text, shape = emit_case(case, x, layers)
        parts.append(text + "\n")
        calls.append((case, x, shape))
    main_lines = ["func.func @main() {"]
    for i, (case, x, shape) in enumerate(calls):
        main_lines.append("  %%x%d = arith.constant dense<%s> : %s" % (i, dense(x, lambda v: "%.1f" % float(v)), ttype(x.shape)))
        main_lines.append("  %%r%d = call @%s(%%x%d) : (%s) -> %s" % (i, case["name"], i, ttype(x.shape), ttype(shape)))
        main_lines.append("  %%m%d = bufferization.to_buffer %%r%d : %s to memref<%s>" % (i, i, ttype(shape), ttype(shape)[7:-1]))
        main_lines.append("  %%u%d = memref.cast %%m%d : memref<%s> to memref<*xf32>" % (i, i, ttype(shape)[7:-1]))
        main_lines.append("  call @printMemrefF32(%%u%d) : (memref<*xf32>) -> ()" % i)
    main_lines.append("  return")
    main_lines.append("}")
    parts.append("\n".join(main_lines) + "\n")
    with open(OUT, "w") as fh:
        fh.write("\n".join(parts))


def check(path):
    text = open(path).read()
    blocks = text.split("Unranked Memref")[1:]
    ok = 0
    for i, case in enumerate(CASES):
        x, layers = build(case, 2000 + i)
        want = reference(x, layers).ravel()
        body = blocks[i].split("data =", 1)[1]
        got = np.array([float(t) for t in body.replace("[", " ").replace("]", " ").replace(",", " ").split()],
                       dtype=np.float32)
        if got.shape != want.shape or not np.array_equal(got, want):
            bad = np.nonzero(got != want)[0] if got.shape == want.shape else []
            print("case %s: mismatch (%d of %d differ)" % (case["name"], len(bad), want.size))
            continue
        ok += 1
    print("%d cases match the reference" % ok)


if __name__ == "__main__":
    main()
