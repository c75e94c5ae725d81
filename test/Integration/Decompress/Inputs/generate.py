#!/usr/bin/env python3
"""Generates test/Integration/Decompress/<family>.mlir.

A pure-Python reference of the compress ops (direct loops over the documented
NHWC / OHWI layouts, CSR, little-endian codebook packing and binary words; written
from the op documentation, not from the compiler) computes every expected result.
The script runs the generated file through compress-decompress + the LLVM lowering +
mlir-runner, fails unless the printed numbers equal the reference exactly, and only
then freezes the printed lines as CHECK lines.

  python3 generate.py sparse build/bin/compress-opt > ../sparse.mlir
"""
import itertools, re, subprocess, sys, tempfile

# --- reference ---

def floordiv(a, b):
    return a // b

def conv(x, w, bias, stride, pad, dil, groups, padval=0.0):
    """x: [N][H][W][C], w: [F][kh][kw][C/g] (OHWI), pad=[t,b,l,r]."""
    N, H, W, C = len(x), len(x[0]), len(x[0][0]), len(x[0][0][0])
    F, kh, kw, cpg = len(w), len(w[0]), len(w[0][0]), len(w[0][0][0])
    fpg = F // groups
    OH = floordiv(H + pad[0] + pad[1] - dil[0] * (kh - 1) - 1, stride[0]) + 1
    OW = floordiv(W + pad[2] + pad[3] - dil[1] * (kw - 1) - 1, stride[1]) + 1
    y = [[[[0.0] * F for _ in range(OW)] for _ in range(OH)] for _ in range(N)]
    for n, oh, ow, f in itertools.product(range(N), range(OH), range(OW), range(F)):
        g = f // fpg
        s = bias[f]
        for i, j, c in itertools.product(range(kh), range(kw), range(cpg)):
            h = oh * stride[0] - pad[0] + i * dil[0]
            ww = ow * stride[1] - pad[2] + j * dil[1]
            if 0 <= h < H and 0 <= ww < W:
                v = x[n][h][ww][g * cpg + c]
            else:
                v = padval
            s += v * w[f][i][j][c]
        y[n][oh][ow][f] = s
    return y

def matmul(x, w, bias):
    return [[sum(x[m][k] * w[n][k] for k in range(len(x[0]))) + bias[n] for n in range(len(w))]
            for m in range(len(x))]

def sign(v):
    return 1.0 if v >= 0 else -1.0

def mapn(fn, t):
    return [mapn(fn, e) for e in t] if isinstance(t, list) else fn(t)

def shape(t):
    s = []
    while isinstance(t, list):
        s.append(len(t)); t = t[0]
    return s

def flat(t):
    return [v for e in t for v in flat(e)] if isinstance(t, list) else [t]

def reshape(vals, shp):
    if len(shp) == 1:
        return list(vals)
    step = len(vals) // shp[0]
    return [reshape(vals[i * step:(i + 1) * step], shp[1:]) for i in range(shp[0])]

def tensor_type(shp, et):
    return "tensor<" + "x".join(str(d) for d in shp) + "x" + et + ">"

def lit(t, fmt=None):
    if isinstance(t, list):
        return "[" + ", ".join(lit(e, fmt) for e in t) + "]"
    if isinstance(t, float):
        return repr(float(t))
    return str(t)

def const(t, et):
    return "arith.constant dense<%s> : %s" % (lit(t), tensor_type(shape(t), et))

# Packing, written from the op documentation.
def pack_codebook_row(idx, bits):
    nbytes = (len(idx) * bits + 7) // 8
    row = [0] * nbytes
    for e, v in enumerate(idx):
        assert 0 <= v < (1 << bits)
        for b in range(bits):
            if (v >> b) & 1:
                bit = e * bits + b
                row[bit // 8] |= 1 << (bit % 8)
    return [r - 256 if r >= 128 else r for r in row]  # as i8

def pack_binary_tap(signs):
    """signs: list of +-1 per channel -> list of int64 words (bit 1 = -1)."""
    words = [0] * ((len(signs) + 63) // 64)
    for c, s in enumerate(signs):
        if s < 0:
            words[c // 64] |= 1 << (c % 64)
    return [w - (1 << 64) if w >= (1 << 63) else w for w in words]

def fmt_num(v):
    return ("%g" % v)

# --- emission and checking ---

def xgen(shp, seed=0):
    vals = []
    for idx in itertools.product(*[range(d) for d in shp]):
        coeffs = [13, 7, 3, 5]
        s = seed + sum(c * i for c, i in zip(coeffs[-len(idx):] if len(idx) == 4 else [7, 3], idx))
        vals.append(float((s % 11) - 5))
    return reshape(vals, shp)

def geom(stride, pad, dil):
    return "strides = array<i64: %d, %d>, pad = array<i64: %d, %d, %d, %d>, dilations = array<i64: %d, %d>" % (
        tuple(stride) + tuple(pad) + tuple(dil))

class Case:
    def __init__(self, name, doc, x, body, operand_types, attrs, op, expected):
        self.name, self.doc, self.x, self.body, self.op = name, doc, x, body, op
        self.operand_types, self.attrs, self.expected = operand_types, attrs, expected

def emit(cases, header):
    out = [header, "", "func.func private @printMemrefF32(memref<*xf32>)", ""]
    for c in cases:
        xt = tensor_type(shape(c.x), "f32")
        yt = tensor_type(shape(c.expected), "f32")
        out += ["// " + l for l in c.doc]
        out.append("func.func @%s(%%x: %s) -> %s {" % (c.name, xt, yt))
        for name, t, et in c.body:
            out.append("  %%%s = %s" % (name, const(t, et)))
        operands = ", ".join(["%x"] + ["%" + b[0] for b in c.body])
        attr = (" {" + c.attrs + "}") if c.attrs else ""
        out.append("  %%y = compress.%s %s%s" % (c.op, operands, attr))
        out.append("       : (%s) -> %s" % (", ".join([xt] + c.operand_types), yt))
        out.append("  return %%y : %s" % yt)
        out.append("}")
        out.append("")
    out.append("func.func @main() {")
    for i, c in enumerate(cases):
        xt = tensor_type(shape(c.x), "f32")
        yt = tensor_type(shape(c.expected), "f32")
        mt = yt.replace("tensor", "memref")
        out.append("  %%x%d = %s" % (i, const(c.x, "f32")))
        out.append("  %%y%d = call @%s(%%x%d) : (%s) -> %s" % (i, c.name, i, xt, yt))
        out.append("  %%m%d = bufferization.to_buffer %%y%d : %s to %s" % (i, i, yt, mt))
        out.append("  %%u%d = memref.cast %%m%d : %s to memref<*xf32>" % (i, i, mt))
        out.append("  call @printMemrefF32(%%u%d) : (memref<*xf32>) -> ()" % i)
    out.append("  return")
    out.append("}")
    return "\n".join(out) + "\n"

def run(text):
    tmp = tempfile.NamedTemporaryFile("w", suffix=".mlir", delete=False)
    tmp.write(text)
    tmp.close()
    lib = "/usr/lib/llvm-22/lib/"
    cmd = ("%s %s --compress-decompress --compress-lower-to-llvm=bare-ptr-abi=false | "
           "/usr/lib/llvm-22/bin/mlir-runner -e main -entry-point-result=void "
           "-shared-libs=%slibmlir_runner_utils.so,%slibmlir_c_runner_utils.so"
           % (COMPRESS_OPT, tmp.name, lib, lib))
    p = subprocess.run(cmd, shell=True, capture_output=True, text=True)
    if p.returncode:
        sys.exit(p.stderr)
    return p.stdout

def check_and_freeze(cases, text):
    outp = run(text)
    blocks = outp.split("Unranked Memref")[1:]
    assert len(blocks) == len(cases), outp
    checks = []
    for c, blk in zip(cases, blocks):
        data = blk.split("data =", 1)[1]
        got = [float(v) for v in re.findall(r"-?[\d.]+(?:e[-+]?\d+)?|nan|inf", data)]
        exp = flat(c.expected)
        if got != exp:
            print("MISMATCH in", c.name); print(got); print(exp); sys.exit(1)
        sizes = re.search(r"sizes = \[[^\]]*\]", blk).group(0)
        checks.append("// CHECK: rank = %d offset = 0 %s" % (len(shape(c.expected)), sizes))
        lines = [l.rstrip() for l in data.strip("\n").split("\n") if l.strip()]
        esc = lambda l: re.sub(r"\[{2,}", lambda m: "{{" + "\\[" * len(m.group(0)) + "}}", l.strip())
        for l in lines:
            checks.append("// CHECK-NEXT: " + esc(l))
    return text + "\n" + "\n".join(checks) + "\n"

# --- cases ---

RUN = """// RUN: compress-opt %s --compress-decompress --compress-lower-to-llvm=bare-ptr-abi=false \\
// RUN: | mlir-runner -e main -entry-point-result=void \\
// RUN:     -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils \\
// RUN: | FileCheck %s
"""

def lowrank():
    cases = []
    x = xgen([1, 6, 7, 3])
    u = reshape([float(((r * 5 + i * 3 + j * 2 + c) % 5) - 2) for r in range(2) for i in range(3) for j in range(2) for c in range(3)], [2, 3, 2, 3])
    v = [[1.0, 0.5], [-1.0, 2.0], [0.0, 1.0], [0.5, -0.5]]
    b = [0.5, -1.0, 0.0, 2.0]
    n = 3 * 2 * 3
    uf = [flat(u[r]) for r in range(2)]
    wd = [reshape([sum(v[f][r] * uf[r][e] for r in range(2)) for e in range(n)], [3, 2, 3]) for f in range(4)]
    st, pd, dl = [2, 1], [1, 1, 0, 1], [1, 2]
    cases.append(Case("lowrank_conv2d", [
        "lowrank_conv2d: W = V·U (r = 2, F = 4, 3x2 taps, C = 3), stride 2x1, pad [1,1,0,1],",
        "dilation 1x2; (H - 1 + 2 - 2) = 5 is odd, so the oracle trims pad_bottom to 0."],
        x, [("u", u, "f32"), ("v", v, "f32"), ("b", b, "f32")],
        [tensor_type([2, 3, 2, 3], "f32"), tensor_type([4, 2], "f32"), tensor_type([4], "f32")],
        geom(st, pd, dl), "lowrank_conv2d", conv(x, wd, b, st, pd, dl, 1)))
    x = xgen([2, 4])
    u = [[1.0, 0.0, -1.0, 2.0], [0.5, 1.0, 0.0, -1.0]]
    v = [[1.0, 2.0], [0.0, -1.0], [1.0, 0.5]]
    b = [1.0, 0.0, -0.5]
    w = [[sum(v[nn][r] * u[r][k] for r in range(2)) for k in range(4)] for nn in range(3)]
    cases.append(Case("lowrank_matmul", ["lowrank_matmul: W[3, 4] = V[3, 2] · U[2, 4]."], x,
        [("u", u, "f32"), ("v", v, "f32"), ("b", b, "f32")],
        [tensor_type([2, 4], "f32"), tensor_type([3, 2], "f32"), tensor_type([3], "f32")],
        "", "lowrank_matmul", matmul(x, w, b)))
    return cases

def csr(rows, ncols):
    vals, cols, offs = [], [], [0]
    dense = []
    for r in rows:
        d = [0.0] * ncols
        for c, v in sorted(r.items()):
            vals.append(v); cols.append(c); d[c] = v
        offs.append(len(vals))
        dense.append(d)
    return vals, cols, offs, dense

def sparse():
    cases = []
    # groups = 2, C = 4, F = 4, 2x2 taps: 8 columns per row.
    rows = [{c: float(c - 3) if c != 3 else 0.5 for c in range(8)}, {}, {1: 0.5, 6: -1.0}, {7: 2.0}]
    vals, cols, offs, dense = csr(rows, 8)
    x = xgen([1, 4, 5, 4])
    b = [0.0, 1.5, -1.0, 0.5]
    st, pd, dl = [2, 2], [0, 1, 1, 0], [1, 1]
    w = [reshape(d, [2, 2, 2]) for d in dense]
    cases.append(Case("sparse_conv2d_groups", [
        "sparse_conv2d, groups = 2 (C = 4, F = 4, 2x2 taps, 8 columns): row 0 dense (0 % sparsity),",
        "row 1 empty (100 %), stride 2, pad [0,1,1,0]: (4 - 1 + 1 - 1) = 3 is odd, pad_bottom trimmed."],
        x, [("vals", vals, "f32"), ("cols", cols, "i32"), ("offs", offs, "i32"), ("b", b, "f32")],
        [tensor_type([len(vals)], "f32"), tensor_type([len(vals)], "i32"), tensor_type([5], "i32"), tensor_type([4], "f32")],
        "kernel_size = array<i64: 2, 2>, " + geom(st, pd, dl) + ", groups = 2 : i64", "sparse_conv2d",
        conv(x, w, b, st, pd, dl, 2)))
    # Depthwise with multiplier 2: groups = C = 3, F = 6, 3x3 taps: 9 columns.
    rows = [{4: 1.0}, {0: 1.0, 8: -1.0}, {}, {1: 2.0}, {c: 0.5 for c in range(9)}, {3: -1.0}]
    vals, cols, offs, dense = csr(rows, 9)
    x = xgen([1, 3, 4, 3], seed=2)
    b = [0.0, 0.0, 1.0, 0.0, -0.5, 0.0]
    st, pd, dl = [1, 1], [1, 1, 1, 1], [1, 1]
    w = [reshape(d, [3, 3, 1]) for d in dense]
    cases.append(Case("sparse_conv2d_depthwise", [
        "sparse_conv2d, depthwise with channel multiplier 2 (groups = C = 3, F = 6), 3x3, pad 1."],
        x, [("vals", vals, "f32"), ("cols", cols, "i32"), ("offs", offs, "i32"), ("b", b, "f32")],
        [tensor_type([len(vals)], "f32"), tensor_type([len(vals)], "i32"), tensor_type([7], "i32"), tensor_type([6], "f32")],
        "kernel_size = array<i64: 3, 3>, " + geom(st, pd, dl) + ", groups = 3 : i64", "sparse_conv2d",
        conv(x, w, b, st, pd, dl, 3)))
    rows = [{0: 1.0, 2: -2.0}, {}, {1: 0.5}]
    vals, cols, offs, dense = csr(rows, 3)
    x = [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]
    b = [0.5, 1.0, -1.0]
    cases.append(Case("sparse_matmul", [
        "sparse_matmul: W = [[1, 0, -2], [0, 0, 0], [0, 0.5, 0]], b = [0.5, 1, -1];",
        "x = [[1, 2, 3], [4, 5, 6]] gives [[-4.5, 1, 0], [-7.5, 1, 1.5]]."],
        x, [("vals", vals, "f32"), ("cols", cols, "i32"), ("offs", offs, "i32"), ("b", b, "f32")],
        [tensor_type([3], "f32"), tensor_type([3], "i32"), tensor_type([4], "i32"), tensor_type([3], "f32")],
        "", "sparse_matmul", matmul(x, dense, b)))
    return cases

def codebook():
    cases = []
    # Per-tensor, bits 3 (indices straddle bytes), k = 5.
    cent = [-1.0, -0.5, 0.0, 0.5, 2.0]
    F, kh, kw, cpg = 3, 2, 2, 2
    n = kh * kw * cpg
    idx = [[(f * 3 + e * 2) % 5 for e in range(n)] for f in range(F)]
    packed = [pack_codebook_row(r, 3) for r in idx]
    w = [reshape([cent[i] for i in r], [kh, kw, cpg]) for r in idx]
    x = xgen([1, 4, 4, 2])
    b = [0.0, 1.0, -1.0]
    st, pd, dl = [1, 1], [1, 0, 0, 1], [2, 1]
    cases.append(Case("codebook_conv2d_per_tensor", [
        "codebook_conv2d, one codebook of k = 5, 3-bit indices (8 per row = 3 bytes, indices",
        "straddle bytes), 2x2 taps, pad [1,0,0,1], dilation 2x1."],
        x, [("cent", cent, "f32"), ("idx", packed, "i8"), ("b", b, "f32")],
        [tensor_type([5], "f32"), tensor_type([3, 3], "i8"), tensor_type([3], "f32")],
        "bits = 3 : i64, kernel_size = array<i64: 2, 2>, " + geom(st, pd, dl) + ", groups = 1 : i64",
        "codebook_conv2d", conv(x, w, b, st, pd, dl, 1)))
    # Per-channel, bits 2, k = 4, groups = 2 (C = 4, F = 4), 1x2 taps.
    F, kh, kw, cpg = 4, 1, 2, 2
    n = kh * kw * cpg
    cent = [[(f + 1) * 0.5 * (k - 1) for k in range(4)] for f in range(F)]
    idx = [[(f + 3 * e) % 4 for e in range(n)] for f in range(F)]
    packed = [pack_codebook_row(r, 2) for r in idx]
    w = [reshape([cent[f][i] for i in idx[f]], [kh, kw, cpg]) for f in range(F)]
    x = xgen([1, 3, 5, 4], seed=1)
    b = [0.0, 0.0, 0.5, -0.5]
    st, pd, dl = [1, 2], [0, 0, 1, 1], [1, 1]
    cases.append(Case("codebook_conv2d_per_channel", [
        "codebook_conv2d, one codebook of k = 4 per output channel, 2-bit indices, groups = 2,",
        "1x2 taps, stride 1x2."],
        x, [("cent", cent, "f32"), ("idx", packed, "i8"), ("b", b, "f32")],
        [tensor_type([4, 4], "f32"), tensor_type([4, 1], "i8"), tensor_type([4], "f32")],
        "bits = 2 : i64, kernel_size = array<i64: 1, 2>, " + geom(st, pd, dl) + ", groups = 2 : i64",
        "codebook_conv2d", conv(x, w, b, st, pd, dl, 2)))
    # Matmul, per-tensor, bits 5, k = 17; K = 6 -> 30 bits = 4 bytes.
    cent = [k * 0.25 - 2.0 for k in range(17)]
    idx = [[(nn * 7 + e * 5) % 17 for e in range(6)] for nn in range(3)]
    packed = [pack_codebook_row(r, 5) for r in idx]
    w = [[cent[i] for i in r] for r in idx]
    x = xgen([2, 6])
    b = [1.0, -1.0, 0.25]
    cases.append(Case("codebook_matmul_per_tensor", [
        "codebook_matmul, k = 17 centroids, 5-bit indices, K = 6 (30 bits = 4 bytes per row)."],
        x, [("cent", cent, "f32"), ("idx", packed, "i8"), ("b", b, "f32")],
        [tensor_type([17], "f32"), tensor_type([3, 4], "i8"), tensor_type([3], "f32")],
        "bits = 5 : i64", "codebook_matmul", matmul(x, w, b)))
    # Matmul, per-channel, bits 1, k = 2.
    cent = [[-1.0, 1.0], [0.5, 3.0]]
    idx = [[1, 0, 1, 1, 0], [0, 0, 1, 0, 1]]
    packed = [pack_codebook_row(r, 1) for r in idx]
    w = [[cent[nn][i] for i in idx[nn]] for nn in range(2)]
    x = xgen([2, 5], seed=3)
    b = [0.0, 0.5]
    cases.append(Case("codebook_matmul_per_channel", [
        "codebook_matmul, per-channel codebooks of k = 2, 1-bit indices, K = 5."],
        x, [("cent", cent, "f32"), ("idx", packed, "i8"), ("b", b, "f32")],
        [tensor_type([2, 2], "f32"), tensor_type([2, 1], "i8"), tensor_type([2], "f32")],
        "bits = 1 : i64", "codebook_matmul", matmul(x, w, b)))
    return cases

def binary_case(name, doc, x, signs, alpha, b, st, pd, dl, groups, padval, padname):
    F, kh, kw, cpg = shape(signs)
    words = [[[pack_binary_tap(signs[f][i][j]) for j in range(kw)] for i in range(kh)] for f in range(F)]
    y = conv(mapn(sign, x), signs, [0.0] * F, st, pd, dl, groups, padval)
    y = [[[[y[n][h][ww][f] * alpha[f] + b[f] for f in range(F)] for ww in range(len(y[0][0]))]
          for h in range(len(y[0]))] for n in range(len(y))]
    attrs = geom(st, pd, dl) + ", groups = %d : i64" % groups
    if padname:
        attrs += ", pad_value = #compress<pad_value %s>" % padname
    D = len(words[0][0][0])
    return Case(name, doc, x, [("w", words, "i64"), ("a", alpha, "f32"), ("b", b, "f32")],
                [tensor_type([F, kh, kw, D], "i64"), tensor_type([F], "f32"), tensor_type([F], "f32")],
                attrs, "binary_conv2d", y)

def binary():
    cases = []
    s = lambda F, kh, kw, c, fn: [[[[fn(f, i, j, cc) for cc in range(c)] for j in range(kw)] for i in range(kh)] for f in range(F)]
    sg = lambda v: 1.0 if v else -1.0
    cases.append(binary_case("binary_conv2d_zero_pad", [
        "binary_conv2d, zero padding (padded taps add nothing), C = 3, 3x3, pad 1; the input",
        "holds zeros (sign(0) = +1)."],
        xgen([1, 3, 4, 3]), s(2, 3, 3, 3, lambda f, i, j, c: sg((f + 2 * i + j + c) % 3 == 0)),
        [0.5, 2.0], [1.0, -1.0], [1, 1], [1, 1, 1, 1], [1, 1], 1, 0.0, None))
    cases.append(binary_case("binary_conv2d_pad_one", [
        "binary_conv2d, pad_value = one, C = 65 (two words, 63 tail bits), stride 2,",
        "pad [1,1,1,0]: (3 - 1 + 2 - 1) = 3 is odd, the oracle trims the padded input."],
        xgen([1, 3, 3, 65], seed=4), s(2, 2, 2, 65, lambda f, i, j, c: sg((f * 3 + i * 5 + j + c * c) % 4 != 1)),
        [1.0, 0.25], [0.0, 0.5], [2, 2], [1, 1, 1, 0], [1, 1], 1, 1.0, "one"))
    cases.append(binary_case("binary_conv2d_pad_minus_one_groups", [
        "binary_conv2d, pad_value = minus_one, groups = 2 (C = 4, F = 2), 3x1 taps, pad [2,1,0,0]."],
        xgen([1, 3, 2, 4], seed=5), s(2, 3, 1, 2, lambda f, i, j, c: sg((f + i + c) % 2 == 0)),
        [1.0, 0.5], [0.0, 0.0], [1, 1], [2, 1, 0, 0], [1, 1], 2, -1.0, "minus_one"))
    # Matmul, K = 65.
    x = xgen([2, 65], seed=6)
    signs = [[sg((k * 7 + nn) % 3 != 0) for k in range(65)] for nn in range(2)]
    words = [pack_binary_tap(r) for r in signs]
    alpha, b = [0.25, 1.0], [0.0, 0.5]
    y = matmul(mapn(sign, x), signs, [0.0, 0.0])
    y = [[y[m][nn] * alpha[nn] + b[nn] for nn in range(2)] for m in range(2)]
    cases.append(Case("binary_matmul", ["binary_matmul, K = 65 (two words per row), alpha and bias."],
        x, [("w", words, "i64"), ("a", alpha, "f32"), ("b", b, "f32")],
        [tensor_type([2, 2], "i64"), tensor_type([2], "f32"), tensor_type([2], "f32")],
        "", "binary_matmul", y))
    return cases

if len(sys.argv) != 3:
    sys.exit("usage: generate.py <lowrank|sparse|codebook|binary> <path/to/compress-opt> > <family>.mlir")
fam, COMPRESS_OPT = sys.argv[1], sys.argv[2]
cases = {"lowrank": lowrank, "sparse": sparse, "codebook": codebook, "binary": binary}[fam]()
header = RUN + """
// Execution test of the compress-decompress oracle for the %s family: each layer runs
// through the decompressed dense tosa op(s) and prints its result. The expected values
// were computed by an independent reference (direct NHWC/OHWI loops over the documented
// layouts and packings: Inputs/generate.py) and compared exactly before the CHECK lines were
// frozen; all inputs and weights are small integers or halves, so f32 is exact and the
// comparison is == (no tolerance). Inputs come in through function arguments so that
// canonicalization cannot fold the layers.""" % fam
print(check_and_freeze(cases, emit(cases, header)), end="")
