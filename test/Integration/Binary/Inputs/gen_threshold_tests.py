#!/usr/bin/env python3
"""Writes and checks the execution test of compress-binary-thresholds
(test/Integration/Binary/threshold-fusion.mlir).

Each case is a chain of compress.binary_conv2d layers separated by the float ops of a
binary network: per-channel tosa.mul / tosa.add / tosa.sub (BatchNorm, bias), an
optional tosa.max_pool2d, and the next layer's own sign. The RUN lines run the file
twice through the lowering, with and without the fusion pass, and `diff` the printed
outputs (the unfused graph is the oracle: the fused one must give the same bits);
--check then compares the fused output with an independent numpy reference that
computes sign(BN(conv)) in float32, op by op, in the graph's order. The last layer has
α a power of two and a bias a multiple of 1/4, so the printed results are exact and
the comparison is ==. A wrong bit anywhere in a packed tensor changes the integer
accumulator of every next-layer output that reads it, so it shows in the output.

BatchNorm parameters per channel are drawn from kinds that exercise the thresholds:
ordinary (γ of either sign), negative γ (flipped comparison), zero γ (constant
channel: shift < 0, = 0 or > 0), zero variance (scale γ/sqrt(ε), large), exact ties
(the expression is exactly 0 at a reachable accumulator: sign(0) = +1), and channels
that are always −1 or +1.

  python3 test/Integration/Binary/Inputs/gen_threshold_tests.py          # (re)write
  python3 .../gen_threshold_tests.py --check output.txt                  # used by lit
  python3 .../gen_threshold_tests.py --model NAME m.mlir x.npy ref.npy    # one case
"""
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(os.path.dirname(HERE), "threshold-fusion.mlir")
f32 = np.float32

# Each case: input [N, H, W, C], then layers; a layer is a conv (F, kernel, stride,
# pad, dilation, pad_value) followed (except the last) by a float chain: "bn"
# (mul, add), "bn-sub" (sub mean, mul, add), "sub-from" (c - v, mul), "bn-clamp" (mul,
# add, clamp to [-1, 1]) or "none" (BatchNorm folded into α/bias), an optional max pool
# (kernel, stride, pad) and an optional clamp after it (post_clamp).
CASES = [
    dict(name="c1_f63", inp=[1, 5, 6, 1], layers=[
        dict(f=63, k=[3, 3], s=[1, 1], p=[1, 1, 1, 1], d=[1, 1], pv="zero", chain="bn"),
        dict(f=5, k=[3, 3], s=[1, 1], p=[1, 1, 1, 1], d=[1, 1], pv="zero")]),
    dict(name="c65_stride2_pool", inp=[2, 11, 12, 65], layers=[
        dict(f=65, k=[3, 3], s=[2, 2], p=[1, 1, 1, 1], d=[1, 1], pv="zero", chain="bn",
             pool=dict(k=[2, 2], s=[2, 2], p=[0, 0, 0, 0])),
        dict(f=7, k=[1, 1], s=[1, 1], p=[0, 0, 0, 0], d=[1, 1], pv="zero")]),
    dict(name="c130_three_layers", inp=[1, 9, 9, 130], layers=[
        dict(f=130, k=[3, 3], s=[1, 1], p=[1, 1, 1, 1], d=[1, 1], pv="zero", chain="bn"),
        dict(f=65, k=[3, 3], s=[1, 1], p=[1, 1, 1, 1], d=[1, 1], pv="one", chain="bn-sub",
             pool=dict(k=[3, 3], s=[2, 2], p=[1, 1, 1, 1])),
        dict(f=9, k=[2, 2], s=[1, 1], p=[0, 1, 0, 1], d=[1, 1], pv="minus_one")]),
    dict(name="c63_f1_dilated", inp=[1, 8, 7, 63], layers=[
        dict(f=1, k=[3, 3], s=[1, 1], p=[2, 2, 2, 2], d=[1, 1], pv="zero", chain="bn"),
        dict(f=3, k=[3, 3], s=[1, 1], p=[2, 2, 2, 2], d=[2, 2], pv="zero")]),
    dict(name="folded_bn", inp=[1, 6, 6, 64], layers=[
        dict(f=70, k=[3, 3], s=[1, 1], p=[1, 1, 1, 1], d=[1, 1], pv="zero", chain="none"),
        dict(f=4, k=[3, 3], s=[1, 1], p=[0, 0, 0, 0], d=[1, 1], pv="zero")]),
    dict(name="sub_from", inp=[1, 5, 5, 3], layers=[
        dict(f=66, k=[3, 3], s=[1, 1], p=[1, 1, 1, 1], d=[1, 1], pv="zero", chain="sub-from",
             pool=dict(k=[2, 2], s=[1, 1], p=[0, 1, 0, 1])),
        dict(f=6, k=[3, 3], s=[2, 2], p=[1, 1, 1, 1], d=[1, 1], pv="zero")]),
    # HardTanh (clamp to [-1, 1]) after BatchNorm, a clamp after the max-pool too.
    # The max-pool before BatchNorm (as in the trained Fashion-MNIST BNN): channels with
    # a negative scale pool by OR.
    dict(name="pool_then_bn", inp=[1, 10, 10, 65], layers=[
        dict(f=70, k=[3, 3], s=[1, 1], p=[1, 1, 1, 1], d=[1, 1], pv="zero", chain="bn",
             pool=dict(k=[2, 2], s=[2, 2], p=[0, 0, 0, 0]), pool_first=True),
        dict(f=6, k=[3, 3], s=[1, 1], p=[1, 1, 1, 1], d=[1, 1], pv="zero")]),
    dict(name="clamp_pool", inp=[1, 8, 8, 64], layers=[
        dict(f=64, k=[3, 3], s=[1, 1], p=[1, 1, 1, 1], d=[1, 1], pv="zero", chain="bn-clamp",
             pool=dict(k=[2, 2], s=[2, 2], p=[0, 0, 0, 0]), post_clamp=[-0.5, 6.0]),
        dict(f=5, k=[3, 3], s=[1, 1], p=[1, 1, 1, 1], d=[1, 1], pv="zero")]),
]

BN_KINDS = ["normal", "negative", "zero_scale", "zero_var", "tie", "always"]


def out_size(size, k, s, before, after, d):
    return (size + before + after - d * (k - 1) - 1) // s + 1


def conv_int(signs, w, k, s, p, d, pv):
    """Integer accumulators of the ±1 conv: signs [N,H,W,C] in {±1}, w [F,kh,kw,C]."""
    n, h, wd, c = signs.shape
    f = w.shape[0]
    oh = out_size(h, k[0], s[0], p[0], p[1], d[0])
    ow = out_size(wd, k[1], s[1], p[2], p[3], d[1])
    fill = {"zero": 0, "one": 1, "minus_one": -1}[pv]
    padded = np.full((n, h + p[0] + p[1], wd + p[2] + p[3], c), fill, dtype=np.int64)
    padded[:, p[0]:p[0] + h, p[2]:p[2] + wd, :] = signs
    y = np.zeros((n, oh, ow, f), dtype=np.int64)
    for i in range(k[0]):
        for j in range(k[1]):
            tap = padded[:, i * d[0]:i * d[0] + s[0] * (oh - 1) + 1:s[0],
                         j * d[1]:j * d[1] + s[1] * (ow - 1) + 1:s[1], :]
            y += np.einsum("nhwc,fc->nhwf", tap, w[:, i, j, :])
    return y


def max_pool(v, k, s, p):
    n, h, w, c = v.shape
    oh = (h + p[0] + p[1] - k[0]) // s[0] + 1
    ow = (w + p[2] + p[3] - k[1]) // s[1] + 1
    padded = np.full((n, h + p[0] + p[1], w + p[2] + p[3], c), -np.inf, dtype=np.float32)
    padded[:, p[0]:p[0] + h, p[2]:p[2] + w, :] = v
    out = np.full((n, oh, ow, c), -np.inf, dtype=np.float32)
    for i in range(k[0]):
        for j in range(k[1]):
            out = np.maximum(out, padded[:, i:i + s[0] * (oh - 1) + 1:s[0],
                                         j:j + s[1] * (ow - 1) + 1:s[1], :])
    return out


def bn_params(rng, f, kmax, alpha, bias, pooled):
    """Per-channel scale and shift (float32) of the chain. The accumulator where the
    sign changes (target) lies within one standard deviation (sqrt K) of 0, so that
    thresholds decide many outputs; before a max-pool, +1 is made the rarer value
    (a pooled output is +1 if one input is), so that single bits matter."""
    scale = np.zeros(f, np.float32)
    shift = np.zeros(f, np.float32)
    sigma = np.sqrt(kmax)
    for ch in range(f):
        kind = BN_KINDS[ch % len(BN_KINDS)]
        gamma = f32(rng.uniform(0.2, 2.0)) * (1 if rng.random() < 0.5 else -1)
        if kind == "negative":
            gamma = -abs(gamma)
        var = f32(rng.uniform(0.1, 4.0))
        if kind == "zero_var":
            var = f32(0.0)
        if kind == "zero_scale":
            gamma = f32(0.0)
        s = f32(gamma / np.sqrt(var + f32(1e-5), dtype=np.float32))
        if kind == "tie":
            s = f32([2.0, -0.5, 4.0, -1.0][ch % 4])
        # +1 iff y >= target (s > 0) or y <= target (s < 0), α > 0.
        z = rng.uniform(0.2, 1.0) if pooled else rng.uniform(-0.8, 0.8)
        target = int(round(sigma * z)) * (1 if s >= 0 else -1)
        center = f32(f32(alpha[ch] * f32(target)) + bias[ch])
        if kind == "tie":
            # s·(α·y + b) + t == 0 exactly at y = target.
            t = f32(-f32(s * center))
        elif kind == "zero_scale":
            t = f32([-1.0, 0.0, 0.5][(ch // len(BN_KINDS)) % 3])
        elif kind == "always":
            t = f32(1e6 if ch % 2 else -1e6)
        else:
            t = f32(-f32(s * center) + f32(rng.uniform(-0.02, 0.02)) * abs(s))
        scale[ch], shift[ch] = s, t
    return scale, shift


def build(case, seed):
    rng = np.random.default_rng(seed)
    n, h, w, c = case["inp"]
    x = rng.integers(-3, 4, size=(n, h, w, c)).astype(np.float32) * f32(0.5)
    layers = []
    cin = c
    for li, L in enumerate(case["layers"]):
        last = li == len(case["layers"]) - 1
        wsign = np.where(rng.random((L["f"], L["k"][0], L["k"][1], cin)) < 0.5, -1, 1)
        if last:
            alpha = rng.choice([0.5, 1.0, 2.0], size=L["f"]).astype(np.float32)
            bias = (rng.integers(-8, 9, size=L["f"]) * 0.25).astype(np.float32)
        else:
            alpha = rng.uniform(0.01, 0.3, size=L["f"]).astype(np.float32)
            if L["chain"] == "none":  # BatchNorm folded: α of either sign
                alpha *= np.where(rng.random(L["f"]) < 0.5, -1, 1).astype(np.float32)
            bias = rng.uniform(-0.5, 0.5, size=L["f"]).astype(np.float32)
        layer = dict(L, cin=cin, wsign=wsign, alpha=alpha, bias=bias)
        if not last and L["chain"] != "none":
            kmax = L["k"][0] * L["k"][1] * cin
            layer["scale"], layer["shift"] = bn_params(rng, L["f"], kmax, alpha, bias, "pool" in L)
            if L["chain"] == "bn-sub":
                layer["mean"] = (rng.uniform(-1, 1, size=L["f"])).astype(np.float32)
            if L["chain"] == "sub-from":
                layer["mean"] = (rng.uniform(-1, 1, size=L["f"])).astype(np.float32)
        if not last and L["chain"] == "none":
            # Some channels exactly 0 at a reachable accumulator (α·y = −b).
            for ch in range(0, L["f"], 5):
                bias[ch] = f32(-f32(alpha[ch] * f32(2 * (ch % 3) - 2)))
        layers.append(layer)
        cin = L["f"]
    return x, layers


def chain_ops(v, layer):
    """The float chain in the graph's order, float32 per op."""
    kind = layer["chain"]
    sc = layer.get("scale")
    if kind in ("bn", "bn-clamp"):
        v = (v * sc).astype(np.float32)
        v = (v + layer["shift"]).astype(np.float32)
        if kind == "bn-clamp":
            v = np.clip(v, np.float32(-1), np.float32(1)).astype(np.float32)
    elif kind == "bn-sub":
        v = (v - layer["mean"]).astype(np.float32)
        v = (v * sc).astype(np.float32)
        v = (v + layer["shift"]).astype(np.float32)
    elif kind == "sub-from":
        v = (layer["mean"] - v).astype(np.float32)
        v = (v * sc).astype(np.float32)
        v = (v + layer["shift"]).astype(np.float32)
    return v


def reference(x, layers):
    signs = np.where(x < 0, -1, 1)
    for li, L in enumerate(layers):
        y = conv_int(signs, L["wsign"], L["k"], L["s"], L["p"], L["d"], L["pv"])
        v = (L["alpha"] * y.astype(np.float32)).astype(np.float32)
        v = (v + L["bias"]).astype(np.float32)
        if li == len(layers) - 1:
            return v
        if L.get("pool_first"):
            v = max_pool(v, L["pool"]["k"], L["pool"]["s"], L["pool"]["p"])
        v = chain_ops(v, L)
        if "pool" in L and not L.get("pool_first"):
            v = max_pool(v, L["pool"]["k"], L["pool"]["s"], L["pool"]["p"])
        if "post_clamp" in L:
            v = np.clip(v, np.float32(L["post_clamp"][0]), np.float32(L["post_clamp"][1]))
        signs = np.where(v < 0, -1, 1)


def fmt(v):
    return "%.9e" % float(v)


def dense(a, fn=fmt):
    if a.ndim == 0:
        return fn(a)
    return "[" + ", ".join(dense(e, fn) for e in a) + "]"


def pack(wsign):
    f, kh, kw, c = wsign.shape
    words = (c + 63) // 64
    out = np.zeros((f, kh, kw, words), dtype=np.uint64)
    for ch in range(c):
        bit = (wsign[..., ch] < 0).astype(np.uint64) << np.uint64(ch % 64)
        out[..., ch // 64] |= bit
    return out.astype(np.int64)


def ttype(shape, elt="f32"):
    return "tensor<" + "x".join(str(d) for d in shape) + "x" + elt + ">"


def emit_case(case, x, layers):
    lines = []
    n, h, w, c = case["inp"]
    shape = [n, h, w, c]
    lines.append("func.func @%s(%%x: %s) -> TYPE {" % (case["name"], ttype(shape)))
    lines.append('  %zs = "tosa.const"() {values = dense<0> : tensor<1xi8>} : () -> tensor<1xi8>')
    v = "%x"
    for li, L in enumerate(layers):
        f = L["f"]
        oh = out_size(shape[1], L["k"][0], L["s"][0], L["p"][0], L["p"][1], L["d"][0])
        ow = out_size(shape[2], L["k"][1], L["s"][1], L["p"][2], L["p"][3], L["d"][1])
        wb = pack(L["wsign"])
        lines.append("  %%w%d = arith.constant dense<%s> : %s" % (li, dense(wb, str), ttype(wb.shape, "i64")))
        lines.append("  %%a%d = arith.constant dense<%s> : %s" % (li, dense(L["alpha"]), ttype([f])))
        lines.append("  %%b%d = arith.constant dense<%s> : %s" % (li, dense(L["bias"]), ttype([f])))
        out = [shape[0], oh, ow, f]
        lines.append(
            "  %%y%d = compress.binary_conv2d %s, %%w%d, %%a%d, %%b%d {strides = array<i64: %d, %d>, "
            "pad = array<i64: %d, %d, %d, %d>, dilations = array<i64: %d, %d>, groups = 1 : i64, "
            "pad_value = #compress<pad_value %s>} : (%s, %s, %s, %s) -> %s loc(\"L%d\")"
            % (li, v, li, li, li, *L["s"], *L["p"], *L["d"], L["pv"], ttype(shape),
               ttype(wb.shape, "i64"), ttype([f]), ttype([f]), ttype(out), li))
        v = "%%y%d" % li
        shape = out
        if li == len(layers) - 1:
            break
        if L.get("pool_first"):
            P = L["pool"]
            T0 = ttype(shape)
            ph = (shape[1] + P["p"][0] + P["p"][1] - P["k"][0]) // P["s"][0] + 1
            pw = (shape[2] + P["p"][2] + P["p"][3] - P["k"][1]) // P["s"][1] + 1
            shape = [shape[0], ph, pw, f]
            lines.append("  %%p%d = tosa.max_pool2d %s {kernel = array<i64: %d, %d>, stride = array<i64: %d, %d>, "
                         "pad = array<i64: %d, %d, %d, %d>} : (%s) -> %s"
                         % (li, v, *P["k"], *P["s"], *P["p"], T0, ttype(shape)))
            v = "%%p%d" % li
        T = ttype(shape)
        C = ttype([1, 1, 1, f])

        def const(name, vals):
            lines.append('  %s = "tosa.const"() {values = dense<%s> : %s} : () -> %s'
                         % (name, dense(vals.reshape(1, 1, 1, f)), C, C))

        kind = L["chain"]
        if kind != "none":
            const("%%s%d" % li, L["scale"])
            const("%%t%d" % li, L["shift"])
        if kind in ("bn-sub", "sub-from"):
            const("%%m%d" % li, L["mean"])
            if kind == "bn-sub":
                lines.append("  %%c%d = tosa.sub %s, %%m%d : (%s, %s) -> %s" % (li, v, li, T, C, T))
            else:
                lines.append("  %%c%d = tosa.sub %%m%d, %s : (%s, %s) -> %s" % (li, li, v, C, T, T))
            v = "%%c%d" % li
        if kind != "none":
            lines.append("  %%u%d = tosa.mul %s, %%s%d, %%zs : (%s, %s, tensor<1xi8>) -> %s" % (li, v, li, T, C, T))
            lines.append("  %%v%d = tosa.add %%u%d, %%t%d : (%s, %s) -> %s" % (li, li, li, T, C, T))
            v = "%%v%d" % li
        if kind == "bn-clamp":
            lines.append("  %%h%d = tosa.clamp %s {min_val = -1.0 : f32, max_val = 1.0 : f32} : (%s) -> %s"
                         % (li, v, T, T))
            v = "%%h%d" % li
        if "pool" in L and not L.get("pool_first"):
            P = L["pool"]
            ph = (shape[1] + P["p"][0] + P["p"][1] - P["k"][0]) // P["s"][0] + 1
            pw = (shape[2] + P["p"][2] + P["p"][3] - P["k"][1]) // P["s"][1] + 1
            shape = [shape[0], ph, pw, f]
            lines.append("  %%p%d = tosa.max_pool2d %s {kernel = array<i64: %d, %d>, stride = array<i64: %d, %d>, "
                         "pad = array<i64: %d, %d, %d, %d>} : (%s) -> %s"
                         % (li, v, *P["k"], *P["s"], *P["p"], T, ttype(shape)))
            v = "%%p%d" % li
        if "post_clamp" in L:
            PT = ttype(shape)
            lines.append("  %%k%d = tosa.clamp %s {min_val = %s : f32, max_val = %s : f32} : (%s) -> %s"
                         % (li, v, fmt(L["post_clamp"][0]), fmt(L["post_clamp"][1]), PT, PT))
            v = "%%k%d" % li
    lines.append("  return %s : %s" % (v, ttype(shape)))
    lines.append("}")
    text = "\n".join(lines).replace("TYPE", ttype(shape))
    return text, shape


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
// RUN: %python %S/Inputs/gen_threshold_tests.py --check %t.fused | FileCheck %s

// Generated by Inputs/gen_threshold_tests.py (its docstring says what is tested):
// chains of binary convs with BatchNorm (random scales incl. negative, zero, zero
// variance, exact ties), HardTanh clamps, max-pools, channels 1, 3, 63, 64, 65, 66, 70, 130, stride 2,
// dilation 2, zero / one / minus_one padding. The fused run (packed bits between the
// layers) equals the unfused float run and a float32 numpy reference.

// CHECK: 8 cases match the reference

// Every edge is fused: a remark per producer.
// REMARK-COUNT-9: remark: {{.*}}binary-thresholds: packed output
// REMARK-NOT: not fused

// No float op is left between binary layers.
// IR-NOT: tosa.mul
// IR-NOT: tosa.add
// IR-NOT: tosa.sub
// IR-NOT: tosa.max_pool2d
// IR-NOT: tosa.clamp
// IR-NOT: compress.binary_conv2d {{.*}}f32>
"""


def write_model(name, path, x_path, ref_path):
    """One case as a model for compress-compile (its function alone), its input and
    the numpy reference output as .npy."""
    i = [c["name"] for c in CASES].index(name)
    x, layers = build(CASES[i], 1000 + i)
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
        x, layers = build(case, 1000 + i)
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
    # printMemrefF32: a header line per memref, then the values.
    blocks = text.split("Unranked Memref")[1:]
    ok = 0
    for i, case in enumerate(CASES):
        x, layers = build(case, 1000 + i)
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
