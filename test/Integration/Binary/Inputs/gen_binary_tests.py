#!/usr/bin/env python3
"""Writes and checks the execution tests of the binary lowering (test/Integration/Binary).

Each generated test file holds one function per case (a compress.binary_conv2d or
binary_matmul with constant weight bits, the input as an argument so nothing folds) and
a @main that calls them and prints every result. The file's RUN lines run it twice, once
through convert-compress-to-linalg (the XNOR-popcount lowering) and once through the
compress-decompress oracle (sign(x), dense ±1 conv, ×α, +bias), `diff` the two outputs,
and check the lowered output against the independent reference below with --check.
Every case is recorded in the file as a `// CASE: {json}` line; --check rebuilds the
inputs and weights from it. Inputs are small integers (zeros included: sign(0) = +1),
α powers of two and biases multiples of 1/4, so every value is exact in f32 and the
comparison is == (no tolerance). Cases with "input_sign": "onnx" take ONNX's sign
(sign(0) = 0) of the input; with "zeros" two thirds of their inputs are 0.

  python3 test/Integration/Binary/Inputs/gen_binary_tests.py          # (re)write the tests
  python3 .../gen_binary_tests.py --check test.mlir output.txt         # used by lit
"""
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.dirname(HERE)

RUN = """// RUN: compress-opt %s --compress-lower-to-llvm=bare-ptr-abi=false \\
// RUN: | mlir-runner -e main -entry-point-result=void \\
// RUN:   -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils \\
// RUN: | sed -e 's/base@ = 0x[0-9a-f]*//' > %t.lowered
// RUN: compress-opt %s --compress-decompress --compress-lower-to-llvm=bare-ptr-abi=false \\
// RUN: | mlir-runner -e main -entry-point-result=void \\
// RUN:   -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils \\
// RUN: | sed -e 's/base@ = 0x[0-9a-f]*//' > %t.oracle
// RUN: diff %t.lowered %t.oracle
// RUN: %python %S/Inputs/gen_binary_tests.py --check %s %t.lowered | FileCheck %s
"""

PAD_VALUES = {"zero": 0, "one": 1, "minus_one": -1}


def prod(xs):
    r = 1
    for x in xs:
        r *= x
    return r


def lcg_bits(seed, n):
    """n deterministic pseudo-random bits."""
    s = (seed * 2654435761 + 12345) & 0xFFFFFFFFFFFFFFFF
    out = []
    for _ in range(n):
        s = (s * 6364136223846793005 + 1442695040888963407) & 0xFFFFFFFFFFFFFFFF
        out.append((s >> 33) & 1)
    return out


def input_values(case):
    n = prod(case["in"])
    seed = case["seed"]
    if case.get("saturate"):
        return [1.0] * n  # all +1 against all -1 weights: every XOR bit set
    if case.get("zeros"):
        return [float(((i * 7 + seed * 3) % 9) - 4) if i % 3 == 0 else 0.0 for i in range(n)]
    return [float(((i * 7 + seed * 3) % 9) - 4) for i in range(n)]  # -4..4


def weight_signs(case):
    """±1 weights, rows x channels (rows = F·kh·kw or N), from the case seed."""
    rows, ch = case["rows"], case["cpg"]
    if case.get("saturate"):
        return [[-1] * ch for _ in range(rows)]
    return [[-1 if b else 1 for b in lcg_bits(case["seed"] * 7919 + r, ch)] for r in range(rows)]


def pack(signs):
    words = []
    for r in range(0, len(signs), 64):
        w = 0
        for b, s in enumerate(signs[r:r + 64]):
            if s < 0:
                w |= 1 << b
        words.append(w - (1 << 64) if w >= 1 << 63 else w)
    return words


def alpha_bias(case):
    f = case["f"]
    alphas = [0.5, 1.0, 2.0, 0.25]
    if case.get("saturate"):
        alphas = [0.5, 0.25]  # |result| < 10^4: exact in printMemrefF32's 6 digits
    return ([alphas[(i + case["seed"]) % len(alphas)] for i in range(f)],
            [((i * 3 + case["seed"]) % 7 - 3) * 0.25 for i in range(f)])


def reference(case):
    x = input_values(case)
    if case.get("input_sign") == "onnx":
        s = [(v > 0) - (v < 0) for v in x]
    else:
        s = [-1 if v < 0 else 1 for v in x]
    w = weight_signs(case)
    alpha, bias = alpha_bias(case)
    out = []
    if case["kind"] == "matmul":
        m, k = case["in"]
        for mm in range(m):
            for nn in range(case["f"]):
                acc = sum(s[mm * k + kk] * w[nn][kk] for kk in range(k))
                out.append(alpha[nn] * acc + bias[nn])
        return out
    n, h, wd, c = case["in"]
    kh, kw = case["kernel"]
    sh, sw = case["stride"]
    dh, dw = case["dil"]
    pt, pb, pl, pr = case["pad"]
    g = case["groups"]
    f = case["f"]
    cg, fg = c // g, f // g
    pv = PAD_VALUES[case["pad_value"]]
    oh_n, ow_n = case["out"][1], case["out"][2]
    for nn in range(n):
        for oh in range(oh_n):
            for ow in range(ow_n):
                for oc in range(f):
                    grp = oc // fg
                    acc = 0
                    for i in range(kh):
                        for j in range(kw):
                            y, xx = oh * sh - pt + i * dh, ow * sw - pl + j * dw
                            row = w[(oc * kh + i) * kw + j]
                            inb = 0 <= y < h and 0 <= xx < wd
                            for ci in range(cg):
                                a = s[((nn * h + y) * wd + xx) * c + grp * cg + ci] if inb else pv
                                acc += a * row[ci]
                    out.append(alpha[oc] * acc + bias[oc])
    return out


def variant(input_sign, zeros):
    """The optional keys of a case (absent by default: older files stay as they are)."""
    return {**({"input_sign": input_sign} if input_sign != "ge0" else {}),
            **({"zeros": True} if zeros else {})}


def conv_case(name, n, h, w, c, f, k, stride=(1, 1), dil=(1, 1), pad=(0, 0, 0, 0), groups=1,
              pad_value="zero", seed=1, saturate=False, input_sign="ge0", zeros=False):
    kh, kw = k
    oh = (h + pad[0] + pad[1] - dil[0] * (kh - 1) - 1) // stride[0] + 1
    ow = (w + pad[2] + pad[3] - dil[1] * (kw - 1) - 1) // stride[1] + 1
    assert oh >= 1 and ow >= 1, name
    return {"name": name, "kind": "conv", "in": [n, h, w, c], "f": f, "kernel": [kh, kw],
            "stride": list(stride), "dil": list(dil), "pad": list(pad), "groups": groups,
            "pad_value": pad_value, "seed": seed, "rows": f * kh * kw, "cpg": c // groups,
            "out": [n, oh, ow, f], **({"saturate": True} if saturate else {}),
            **variant(input_sign, zeros)}


def matmul_case(name, m, k, n, seed=1, saturate=False, input_sign="ge0", zeros=False):
    return {"name": name, "kind": "matmul", "in": [m, k], "f": n, "seed": seed, "rows": n,
            "cpg": k, "out": [m, n], **({"saturate": True} if saturate else {}),
            **variant(input_sign, zeros)}


def ty(shape, elt="f32"):
    return "tensor<" + "x".join(str(d) for d in shape) + "x" + elt + ">"


def dense(values, shape):
    def rec(off, dims):
        if not dims:
            v = values[off]
            return repr(v) if isinstance(v, float) else str(v)
        step = prod(dims[1:])
        return "[" + ", ".join(rec(off + i * step, dims[1:]) for i in range(dims[0])) + "]"
    return rec(0, shape)


def emit_case(case):
    words = [wd for row in weight_signs(case) for wd in pack(row)]
    d = (case["cpg"] + 63) // 64
    alpha, bias = alpha_bias(case)
    f = case["f"]
    name = case["name"]
    lines = ["// CASE: " + json.dumps(case, sort_keys=True)]
    sign_attr = ("input_sign = #compress<input_sign %s>" % case["input_sign"]
                 if "input_sign" in case else "")
    if case["kind"] == "matmul":
        wshape = [f, d]
        op = "compress.binary_matmul %x, %w, %a, %b" + (" {%s}" % sign_attr if sign_attr else "")
    else:
        kh, kw = case["kernel"]
        wshape = [f, kh, kw, d]
        arr = lambda v: "array<i64: " + ", ".join(str(e) for e in v) + ">"
        op = ("compress.binary_conv2d %x, %w, %a, %b {strides = " + arr(case["stride"]) +
              ", pad = " + arr(case["pad"]) + ", dilations = " + arr(case["dil"]) +
              ", groups = %d : i64, pad_value = #compress<pad_value %s>%s}"
              % (case["groups"], case["pad_value"], ", " + sign_attr if sign_attr else ""))
    fshape = [f]
    lines += [
        "func.func @%s(%%x: %s) -> %s {" % (name, ty(case["in"]), ty(case["out"])),
        "  %%w = arith.constant dense<%s> : %s" % (dense(words, wshape), ty(wshape, "i64")),
        "  %%a = arith.constant dense<%s> : %s" % (dense(alpha, fshape), ty(fshape)),
        "  %%b = arith.constant dense<%s> : %s" % (dense(bias, fshape), ty(fshape)),
        "  %%y = %s" % op,
        "       : (%s, %s, %s, %s) -> %s" % (ty(case["in"]), ty(wshape, "i64"), ty(fshape),
                                             ty(fshape), ty(case["out"])),
        "  return %%y : %s" % ty(case["out"]),
        "}",
        ""]
    return lines


def emit_main(cases):
    lines = ["func.func @main() {"]
    for i, case in enumerate(cases):
        out = case["out"]
        lines += [
            "  %%x%d = arith.constant dense<%s> : %s" % (i, dense(input_values(case), case["in"]),
                                                        ty(case["in"])),
            "  %%y%d = call @%s(%%x%d) : (%s) -> %s" % (i, case["name"], i, ty(case["in"]),
                                                       ty(out)),
            "  %%m%d = bufferization.to_buffer %%y%d : %s to memref<%s>"
            % (i, i, ty(out), ty(out)[7:-1]),
            "  %%u%d = memref.cast %%m%d : memref<%s> to memref<*xf32>" % (i, i, ty(out)[7:-1]),
            "  call @printMemrefF32(%%u%d) : (memref<*xf32>) -> ()" % i]
    lines += ["  return", "}"]
    return lines


# The register-blocked kernel on an AVX2-only target as well (vector-bits=256: byte
# counters, the vpshufb nibble count summed in bytes, widened every <= 31 words), and
# with 1 and 2 threads (every marked loop parallel): the same output, byte for byte.
RUN_AVX2 = """// RUN: compress-opt %s --compress-lower-to-llvm="bare-ptr-abi=false vector-bits=256" \\
// RUN: | mlir-runner -e main -entry-point-result=void --mattr=-avx512f \\
// RUN:   -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils \\
// RUN: | sed -e 's/base@ = 0x[0-9a-f]*//' > %t.avx2
// RUN: diff %t.lowered %t.avx2
// RUN: compress-opt %s --compress-lower-to-llvm="bare-ptr-abi=false parallel=true parallel-min-macs=0" -o %t.par.mlir
// RUN: grep -q omp.parallel %t.par.mlir
// RUN: env COMPRESS_NUM_THREADS=1 mlir-runner %t.par.mlir -e main -entry-point-result=void \\
// RUN:   -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils,%compress_rt,%libomp \\
// RUN: | sed -e 's/base@ = 0x[0-9a-f]*//' > %t.par1
// RUN: diff %t.lowered %t.par1
// RUN: env COMPRESS_NUM_THREADS=2 mlir-runner %t.par.mlir -e main -entry-point-result=void \\
// RUN:   -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils,%compress_rt,%libomp \\
// RUN: | sed -e 's/base@ = 0x[0-9a-f]*//' > %t.par2
// RUN: diff %t.lowered %t.par2
// RUN: compress-opt %s --compress-lower-to-llvm="bare-ptr-abi=false vector-bits=256 parallel=true parallel-min-macs=0" \\
// RUN: | env COMPRESS_NUM_THREADS=2 mlir-runner -e main -entry-point-result=void --mattr=-avx512f \\
// RUN:   -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils,%compress_rt,%libomp \\
// RUN: | sed -e 's/base@ = 0x[0-9a-f]*//' > %t.avx2par2
// RUN: diff %t.lowered %t.avx2par2
"""


def write(path, header, cases, extra_run=""):
    lines = (RUN + extra_run).rstrip("\n").split("\n") + [""] + header + [""]
    lines += ["// CHECK: %d cases match the reference" % len(cases), ""]
    lines += ["func.func private @printMemrefF32(memref<*xf32>)", ""]
    for case in cases:
        lines += emit_case(case)
    lines += emit_main(cases)
    with open(os.path.join(OUT, path), "w") as fh:
        fh.write("\n".join(lines) + "\n")


def check(test_path, output_path):
    cases = []
    with open(test_path) as fh:
        for line in fh:
            if line.startswith("// CASE: "):
                cases.append(json.loads(line[len("// CASE: "):]))
    text = open(output_path).read()
    blocks = text.split("Unranked Memref")[1:]
    if len(blocks) != len(cases):
        print("error: %d results printed, %d cases" % (len(blocks), len(cases)))
        return 1
    for case, block in zip(cases, blocks):
        sizes = re.search(r"sizes = \[([^\]]*)\]", block).group(1)
        if [int(v) for v in sizes.split(",")] != case["out"]:
            print("error: %s: sizes [%s], expected %s" % (case["name"], sizes, case["out"]))
            return 1
        data = block.split("data =", 1)[1]
        got = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?(?:e[-+]?\d+)?|nan|-nan|inf|-inf", data)]
        want = reference(case)
        if got != want:
            bad = next(i for i in range(min(len(got), len(want))) if got[i] != want[i]) \
                if len(got) == len(want) else -1
            print("error: %s: mismatch at flat index %d (%d values, %d expected)%s" % (
                case["name"], bad, len(got), len(want),
                "" if bad < 0 else ": got %r, expected %r" % (got[bad], want[bad])))
            return 1
    print("%d cases match the reference" % len(cases))
    return 0


FILES = {
    "conv-channels.mlir": (
        ["// binary_conv2d, 3x3, pad 1: channel counts around the 64-bit word (1, 3, 63, 64,",
         "// 65, 130: tail bits, one and several words per tap), batch 1 and 3."],
        [conv_case("c1", 1, 5, 6, 1, 3, (3, 3), pad=(1, 1, 1, 1), seed=1),
         conv_case("c3", 1, 5, 6, 3, 4, (3, 3), pad=(1, 1, 1, 1), seed=2),
         conv_case("c63", 1, 4, 5, 63, 3, (3, 3), pad=(1, 1, 1, 1), seed=3),
         conv_case("c64", 3, 4, 5, 64, 3, (3, 3), pad=(1, 1, 1, 1), seed=4),
         conv_case("c65", 1, 4, 5, 65, 5, (3, 3), pad=(1, 1, 1, 1), seed=5),
         conv_case("c130_batch3", 3, 3, 4, 130, 2, (3, 3), pad=(1, 1, 1, 1), seed=6)]),
    "conv-geometry.mlir": (
        ["// binary_conv2d geometry: kernels 1, 3, 5 (and 1x3, 5x3), stride 1-2, dilation",
         "// 1-2, padding 0-2 and asymmetric, batch 1 and 3."],
        [conv_case("k1", 1, 4, 5, 65, 3, (1, 1), seed=11),
         conv_case("k1_stride2_pad1", 1, 5, 6, 5, 3, (1, 1), stride=(2, 2), pad=(1, 1, 1, 1),
                   seed=12),
         conv_case("k3_nopad", 3, 5, 6, 7, 4, (3, 3), seed=13),
         conv_case("k3_stride2", 1, 7, 6, 65, 3, (3, 3), stride=(2, 2), pad=(1, 1, 1, 1),
                   seed=14),
         conv_case("k3_dil2_pad2", 1, 6, 7, 9, 3, (3, 3), dil=(2, 2), pad=(2, 2, 2, 2), seed=15),
         conv_case("k3_stride21_dil12", 3, 7, 6, 3, 2, (3, 3), stride=(2, 1), dil=(1, 2),
                   pad=(1, 0, 2, 1), seed=16),
         conv_case("k5_pad2", 1, 6, 7, 63, 2, (5, 5), pad=(2, 2, 2, 2), seed=17),
         conv_case("k5_asym", 1, 5, 6, 13, 3, (5, 5), stride=(2, 2), pad=(2, 0, 1, 2), seed=18),
         conv_case("k5x3_dil2", 1, 9, 6, 4, 3, (5, 3), dil=(2, 1), pad=(0, 2, 1, 0), seed=19),
         conv_case("k1x3_stride2_dil2", 1, 5, 9, 66, 2, (1, 3), stride=(1, 2), dil=(1, 2),
                   pad=(0, 1, 2, 2), seed=20)]),
    "conv-pad-values.mlir": (
        ["// binary_conv2d pad_value zero / one / minus_one with symmetric and asymmetric",
         "// padding up to 2, 3x3 and 5x5, channels 3, 63, 64, 65, 130 (the all-(-1) pad",
         "// word masks the tail)."],
        [conv_case("pv_%s_c%d" % (pv, c), 1, 5, 4, c, 3, (k, k), pad=pad, pad_value=pv,
                   seed=30 + i)
         for i, (pv, c, k, pad) in enumerate([
             ("zero", 65, 5, (2, 1, 0, 2)), ("one", 3, 3, (1, 1, 1, 1)),
             ("one", 65, 5, (2, 1, 0, 2)), ("one", 130, 3, (2, 2, 2, 2)),
             ("minus_one", 3, 3, (1, 1, 1, 1)), ("minus_one", 63, 3, (0, 2, 1, 0)),
             ("minus_one", 64, 3, (1, 1, 1, 1)), ("minus_one", 65, 5, (2, 1, 0, 2)),
             ("minus_one", 130, 3, (2, 2, 2, 2))])] +
        [conv_case("pv_minus_one_groups2_stride2", 3, 5, 5, 130, 4, (3, 3), stride=(2, 2),
                   pad=(1, 2, 2, 1), groups=2, pad_value="minus_one", seed=40)]),
    "conv-groups.mlir": (
        ["// binary_conv2d with groups: 2 groups of 65 channels (two words each, so the",
         "// packed input has 4 words per pixel), 3 groups of 3, depthwise (groups = C)."],
        [conv_case("g2_c130", 1, 4, 5, 130, 4, (3, 3), pad=(1, 1, 1, 1), groups=2, seed=50),
         conv_case("g3_c9_f6", 3, 5, 4, 9, 6, (3, 3), stride=(2, 1), pad=(1, 0, 1, 1),
                   groups=3, seed=51),
         conv_case("depthwise_c5", 1, 6, 5, 5, 5, (3, 3), dil=(2, 1), pad=(2, 2, 1, 1),
                   groups=5, pad_value="one", seed=52),
         conv_case("depthwise_mult2", 1, 5, 5, 4, 8, (3, 3), pad=(1, 1, 1, 1), groups=4,
                   seed=53)]),
    "matmul.mlir": (
        ["// binary_matmul, K = 1, 63, 64, 65, 130, M = 1 and 3."],
        [matmul_case("k1", 3, 1, 4, seed=60),
         matmul_case("k63", 1, 63, 5, seed=61),
         matmul_case("k64", 3, 64, 3, seed=62),
         matmul_case("k65", 3, 65, 4, seed=63),
         matmul_case("k130", 2, 130, 6, seed=64)]),
    "wide-channels.mlir": (
        ["// binary_conv2d / binary_matmul with many output channels: the register-blocked",
         "// kernel's blocks of 8 (F = 9, 17, 24, 33, 48, 64, 130: partial last block, 1-4",
         "// blocks per pass, several passes), input channels 1, 63, 65, 130, padding with",
         "// every pad value, stride 2, dilation 2; also run for an AVX2-only target."],
        [conv_case("f9_c1", 1, 5, 6, 1, 9, (3, 3), pad=(1, 1, 1, 1), seed=70),
         conv_case("f17_c63_stride2", 1, 7, 7, 63, 17, (3, 3), stride=(2, 2),
                   pad=(1, 1, 1, 1), seed=71),
         conv_case("f24_c65_one", 1, 5, 5, 65, 24, (3, 3), pad=(1, 1, 1, 1), pad_value="one",
                   seed=72),
         conv_case("f33_c130_minus_one", 1, 4, 5, 130, 33, (3, 3), pad=(1, 2, 2, 1),
                   pad_value="minus_one", seed=73),
         conv_case("f48_c64_dil2", 3, 7, 6, 64, 48, (3, 3), dil=(2, 2), pad=(2, 2, 2, 2),
                   seed=74),
         conv_case("f64_c65_nopad", 1, 5, 5, 65, 64, (3, 3), seed=75),
         conv_case("f130_c3_k1", 1, 3, 4, 3, 130, (1, 1), seed=76)] +
        [matmul_case("n9_k1", 3, 1, 9, seed=77),
         matmul_case("n33_k65", 2, 65, 33, seed=78),
         matmul_case("n64_k130", 1, 130, 64, seed=79),
         matmul_case("n130_k63", 3, 63, 130, seed=80)],
        RUN_AVX2),
    "deep-channels.mlir": (
        ["// The register-blocked kernel with deep inputs, for the AVX2 byte counters' widening",
         "// points: once per pixel (taps x words <= 31: 1x1 with 31 words), per kernel row",
         "// (3x3, 4 and 10 words), per tap (3x3, 11 words) and per chunk of 31 words (1x1",
         "// with 32 words; matmuls with 32, 40 and 65 words); 'saturate' cases set every",
         "// XOR bit (inputs +1, weights -1) so the byte counters reach 8 per word, 248 at",
         "// the widening. Also 1 and 2 threads."],
        [conv_case("c193_row", 1, 4, 5, 193, 17, (3, 3), pad=(1, 1, 1, 1), seed=90),
         conv_case("c200_row_minus_one", 1, 3, 4, 200, 9, (3, 3), pad=(1, 1, 1, 1),
                   pad_value="minus_one", seed=91),
         conv_case("c640_row_saturate", 1, 3, 4, 640, 8, (3, 3), pad=(1, 1, 1, 1),
                   pad_value="one", saturate=True),
         conv_case("c704_tap_one", 1, 3, 4, 704, 9, (3, 3), stride=(2, 1), pad=(1, 1, 1, 1),
                   pad_value="one", seed=92),
         conv_case("c704_tap_saturate", 1, 3, 3, 704, 3, (3, 3), pad=(1, 1, 1, 1),
                   saturate=True),
         conv_case("c1984_pixel_saturate", 1, 2, 3, 1984, 8, (1, 1), saturate=True),
         conv_case("c1985_chunk", 1, 2, 3, 1985, 10, (1, 1), seed=93)] +
        [matmul_case("n24_k2000", 2, 2000, 24, seed=94),
         matmul_case("n9_k4100", 1, 4100, 9, seed=95),
         matmul_case("n8_k2560_saturate", 3, 2560, 8, saturate=True),
         matmul_case("n65_k1984", 3, 1984, 65, seed=96)],
        RUN_AVX2),
    "onnx-sign.mlir": (
        ["// input_sign = onnx (ONNX Sign, sign(0) = 0): inputs with exact zeros (a third, or",
         "// two thirds with 'zeros'), channels 1, 63, 65, 130, output channels 3-33, padding",
         "// (zero padding only: the verifier requires it), stride 2, dilation 2, groups and",
         "// depthwise (the per-element path), deep inputs (the AVX2 widening points), and",
         "// matmuls; also run for an AVX2-only target and with 1 and 2 threads."],
        [conv_case("onnx_c1", 1, 5, 6, 1, 9, (3, 3), pad=(1, 1, 1, 1), seed=101,
                   input_sign="onnx", zeros=True),
         conv_case("onnx_c63_stride2", 1, 7, 7, 63, 17, (3, 3), stride=(2, 2),
                   pad=(1, 1, 1, 1), seed=102, input_sign="onnx"),
         conv_case("onnx_c65_dil2", 1, 6, 7, 65, 5, (3, 3), dil=(2, 2), pad=(2, 2, 2, 2),
                   seed=103, input_sign="onnx", zeros=True),
         conv_case("onnx_c130_batch3_asym", 3, 4, 5, 130, 33, (3, 3), stride=(2, 1),
                   pad=(1, 2, 0, 1), seed=104, input_sign="onnx"),
         conv_case("onnx_c65_nopad", 1, 5, 5, 65, 3, (3, 3), seed=105, input_sign="onnx",
                   zeros=True),
         conv_case("onnx_g2_c130", 1, 4, 5, 130, 4, (3, 3), pad=(1, 1, 1, 1), groups=2,
                   seed=106, input_sign="onnx", zeros=True),
         conv_case("onnx_depthwise_c5", 1, 6, 5, 5, 10, (3, 3), dil=(2, 1), pad=(2, 2, 1, 1),
                   groups=5, seed=107, input_sign="onnx"),
         conv_case("onnx_c704_tap", 1, 3, 4, 704, 9, (3, 3), stride=(2, 1), pad=(1, 1, 1, 1),
                   seed=108, input_sign="onnx", zeros=True),
         conv_case("onnx_c1985_chunk", 1, 2, 3, 1985, 10, (1, 1), seed=109, input_sign="onnx")] +
        [matmul_case("onnx_n9_k1", 3, 1, 9, seed=110, input_sign="onnx", zeros=True),
         matmul_case("onnx_n33_k65", 2, 65, 33, seed=111, input_sign="onnx"),
         matmul_case("onnx_n130_k63", 3, 63, 130, seed=112, input_sign="onnx", zeros=True),
         matmul_case("onnx_n24_k2000", 2, 2000, 24, seed=113, input_sign="onnx", zeros=True)],
        RUN_AVX2),
}

if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--check":
        sys.exit(check(sys.argv[2], sys.argv[3]))
    for path, entry in FILES.items():
        write(path, *entry)
