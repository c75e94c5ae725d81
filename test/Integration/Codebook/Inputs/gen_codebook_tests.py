#!/usr/bin/env python3
"""Writes the codebook execution tests of test/Integration/Codebook.

Each test computes one layer twice in one @main: as a compress.codebook_* op
(centroids + packed indices written here) and as the dense tosa op with the
decompressed weight (the oracle), on an input made of index-dependent values by a
function call (so nothing folds), and prints the max abs difference and a 0/1 flag
`diff <= TOL`. Run from the repository root:  python3 test/Integration/Codebook/Inputs/gen_codebook_tests.py
"""
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.dirname(HERE)

# Summation order is the same in both paths (bias, then taps (i, j), then channels),
# so the results are expected bit-identical; TOL bounds what a reordered lowering may
# change (sums of <= 153 products of magnitude <= 1: K·eps·Σ|x·w| < 2e-3 worst case,
# ~1e-5 in practice), far below what one wrong index costs (>= 0.05·|x|).
TOL = "1.0e-04"

RUN = """// RUN: compress-opt %s --compress-lower-to-llvm=bare-ptr-abi=false \\
// RUN: | mlir-runner -e main -entry-point-result=void \\
// RUN:   -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils \\
// RUN: | FileCheck %s
"""


def fmt(v):
    return "%.9e" % v


def dense(values, shape, fmt=fmt):
    """A nested dense literal of a flat list."""
    def rec(off, dims):
        if not dims:
            return fmt(values[off]) if isinstance(values[off], float) else str(values[off])
        step = 1
        for d in dims[1:]:
            step *= d
        return "[" + ", ".join(rec(off + i * step, dims[1:]) for i in range(dims[0])) + "]"
    return rec(0, shape)


def ty(shape, elt="f32"):
    return "tensor<" + "x".join(str(d) for d in shape) + "x" + elt + ">"


def pack_row(codes, bits):
    nbytes = (len(codes) * bits + 7) // 8
    row = [0] * nbytes
    for e, c in enumerate(codes):
        bit = e * bits
        w = c << (bit % 8)
        row[bit // 8] |= w & 0xFF
        if w >> 8:
            row[bit // 8 + 1] |= w >> 8
    return [b - 256 if b >= 128 else b for b in row]  # i8 literals


def codebook(rng, rows, rowsize, bits, per_channel, k=None):
    """Random centroids (k = 2^bits unless given, gaps >= 0.001) and codes; returns
    (centroid values, centroid shape, dense rows, packed rows)."""
    k = k or 1 << bits
    def table():
        vals = sorted(rng.sample(range(-1000, 1001), k))
        return [v / 1000.0 for v in vals]
    tables = [table() for _ in range(rows)] if per_channel else [table()]
    codes = [[rng.randrange(k) for _ in range(rowsize)] for _ in range(rows)]
    w = []
    for f in range(rows):
        t = tables[f] if per_channel else tables[0]
        w.extend(t[c] for c in codes[f])
    packed = [pack_row(codes[f], bits) for f in range(rows)]
    cent = [v for t in tables for v in t]
    cshape = [rows, k] if per_channel else [k]
    return cent, cshape, w, packed


def make_input(shape, mul, name="make_input"):
    rank = len(shape)
    dims = ", ".join("d%d" % i for i in range(rank))
    lines = ["func.func @%s() -> %s {" % (name, ty(shape)),
             "  %%e = tensor.empty() : %s" % ty(shape),
             "  %%r = linalg.generic {indexing_maps = [affine_map<(%s) -> (%s)>], iterator_types = [%s]} outs(%%e : %s) {" %
             (dims, dims, ", ".join(['"parallel"'] * rank), ty(shape)),
             "  ^bb0(%o: f32):"]
    # linear index, then ((lin * mul) mod 23) / 11 - 1 in [-1, 1]
    lines.append("    %lin0 = linalg.index 0 : index")
    for d in range(1, rank):
        lines.append("    %%i%d = linalg.index %d : index" % (d, d))
        lines.append("    %%s%d = arith.constant %d : index" % (d, shape[d]))
        lines.append("    %%m%d = arith.muli %%lin%d, %%s%d : index" % (d, d - 1, d))
        lines.append("    %%lin%d = arith.addi %%m%d, %%i%d : index" % (d, d, d))
    last = "%%lin%d" % (rank - 1)
    lines += ["    %%mul = arith.constant %d : index" % mul,
              "    %%p = arith.muli %s, %%mul : index" % last,
              "    %c23 = arith.constant 23 : index",
              "    %q = arith.remui %p, %c23 : index",
              "    %qi = arith.index_cast %q : index to i32",
              "    %qf = arith.sitofp %qi : i32 to f32",
              "    %c11 = arith.constant 11.0 : f32",
              "    %one = arith.constant 1.0 : f32",
              "    %d = arith.divf %qf, %c11 : f32",
              "    %v = arith.subf %d, %one : f32",
              "    linalg.yield %v : f32",
              "  } -> %s" % ty(shape),
              "  return %%r : %s" % ty(shape),
              "}"]
    return "\n".join(lines)


def compare(out_shape):
    n = 1
    for d in out_shape:
        n *= d
    reassoc = "[[" + ", ".join(str(i) for i in range(len(out_shape))) + "]]"
    return f"""  %diff = tosa.sub %y, %ref : ({ty(out_shape)}, {ty(out_shape)}) -> {ty(out_shape)}
  %abs = tosa.abs %diff : ({ty(out_shape)}) -> {ty(out_shape)}
  %flat = tensor.collapse_shape %abs {reassoc} : {ty(out_shape)} into {ty([n])}
  %max = tosa.reduce_max %flat {{axis = 0 : i32}} : ({ty([n])}) -> {ty([1])}
  %c0 = arith.constant 0 : index
  %m = tensor.extract %max[%c0] : {ty([1])}
  %mt = tensor.from_elements %m : {ty([1])}
  %maxu = tensor.cast %mt : {ty([1])} to tensor<*xf32>
  call @printMemrefF32(%maxu) : (tensor<*xf32>) -> ()
  %tol = arith.constant {TOL} : f32
  %ok = arith.cmpf ole, %m, %tol : f32
  %one = arith.constant 1.0 : f32
  %zero = arith.constant 0.0 : f32
  %okf = arith.select %ok, %one, %zero : f32
  %okt = tensor.from_elements %okf : {ty([1])}
  %oku = tensor.cast %okt : {ty([1])} to tensor<*xf32>
  call @printMemrefF32(%oku) : (tensor<*xf32>) -> ()
  return"""


CHECKS = """// The max abs difference (0 for convs, whose oracle sums in the same order; a few
// ulp where the oracle adds the bias last), then the flag max abs difference <= %s.
// CHECK: data =
// CHECK-NEXT: [{{[-+.e0-9]+}}]
// CHECK: data =
// CHECK-NEXT: [1]
""" % TOL


def conv_test(name, desc, seed, n, h, w, c, f, kh, kw, stride, pad, dil, groups, bits,
              per_channel, depthwise=False):
    rng = random.Random(seed)
    cg, fg = c // groups, f // groups
    oh = (h + pad[0] + pad[1] - dil[0] * (kh - 1) - 1) // stride[0] + 1
    ow = (w + pad[2] + pad[3] - dil[1] * (kw - 1) - 1) // stride[1] + 1
    cent, cshape, wflat, packed = codebook(rng, f, kh * kw * cg, bits, per_channel)
    bias = [rng.randrange(-100, 101) / 100.0 for _ in range(f)]
    B = len(packed[0])
    x_shape, y_shape = [n, h, w, c], [n, oh, ow, f]
    geo = "pad = array<i64: %s>, stride = array<i64: %d, %d>, dilation = array<i64: %d, %d>" % (
        ", ".join(map(str, pad)), stride[0], stride[1], dil[0], dil[1])
    out = [RUN, "// " + desc, CHECKS,
           "func.func private @printMemrefF32(tensor<*xf32>)", "",
           make_input(x_shape, 7919 if seed % 2 else 104729), "",
           "func.func @main() {",
           "  %x = call @make_input() : () -> " + ty(x_shape),
           "  %%c = arith.constant dense<%s> : %s" % (dense(cent, cshape), ty(cshape)),
           "  %%i = arith.constant dense<%s> : %s" % (dense([b for r in packed for b in r], [f, B]), ty([f, B], "i8")),
           "  %%b = arith.constant dense<%s> : %s" % (dense(bias, [f]), ty([f])),
           ("  %%y = compress.codebook_conv2d %%x, %%c, %%i, %%b {bits = %d : i64, kernel_size = array<i64: %d, %d>, "
            "strides = array<i64: %d, %d>, pad = array<i64: %s>, dilations = array<i64: %d, %d>, groups = %d : i64} "
            ": (%s, %s, %s, %s) -> %s") % (bits, kh, kw, stride[0], stride[1], ", ".join(map(str, pad)),
                                            dil[0], dil[1], groups, ty(x_shape), ty(cshape), ty([f, B], "i8"),
                                            ty([f]), ty(y_shape)),
           "  // The oracle: the same layer with the decompressed dense weight.",
           "  %%zp = \"tosa.const\"() {values = dense<0.0> : %s} : () -> %s" % (ty([1]), ty([1])),
           "  %%tb = \"tosa.const\"() {values = dense<%s> : %s} : () -> %s" % (dense(bias, [f]), ty([f]), ty([f]))]
    if depthwise:
        m = f // c
        # OHWI row c·M + m, tap (i, j) -> [kh, kw, C, M]
        wd = [0.0] * (kh * kw * c * m)
        for ch in range(c):
            for mm in range(m):
                for i in range(kh):
                    for j in range(kw):
                        wd[((i * kw + j) * c + ch) * m + mm] = wflat[(ch * m + mm) * kh * kw + i * kw + j]
        ws = [kh, kw, c, m]
        out += ["  %%w = \"tosa.const\"() {values = dense<%s> : %s} : () -> %s" % (dense(wd, ws), ty(ws), ty(ws)),
                "  %%ref = tosa.depthwise_conv2d %%x, %%w, %%tb, %%zp, %%zp {acc_type = f32, %s} : (%s, %s, %s, %s, %s) -> %s" % (
                    geo, ty(x_shape), ty(ws), ty([f]), ty([1]), ty([1]), ty(y_shape))]
    elif groups == 1:
        ws = [f, kh, kw, c]
        out += ["  %%w = \"tosa.const\"() {values = dense<%s> : %s} : () -> %s" % (dense(wflat, ws), ty(ws), ty(ws)),
                "  %%ref = tosa.conv2d %%x, %%w, %%tb, %%zp, %%zp {acc_type = f32, %s} : (%s, %s, %s, %s, %s) -> %s" % (
                    geo, ty(x_shape), ty(ws), ty([f]), ty([1]), ty([1]), ty(y_shape))]
    else:
        # Grouped: slice the input per group, one dense conv each, concat.
        ws = [fg, kh, kw, cg]
        gy = [n, oh, ow, fg]
        parts = []
        for g in range(groups):
            wg = wflat[g * fg * kh * kw * cg:(g + 1) * fg * kh * kw * cg]
            bg = bias[g * fg:(g + 1) * fg]
            out += ["  %%st%d = tosa.const_shape {values = dense<[0, 0, 0, %d]> : tensor<4xindex>} : () -> !tosa.shape<4>" % (g, g * cg),
                    "  %%sz%d = tosa.const_shape {values = dense<[%d, %d, %d, %d]> : tensor<4xindex>} : () -> !tosa.shape<4>" % (g, n, h, w, cg),
                    "  %%x%d = tosa.slice %%x, %%st%d, %%sz%d : (%s, !tosa.shape<4>, !tosa.shape<4>) -> %s" % (g, g, g, ty(x_shape), ty([n, h, w, cg])),
                    "  %%w%d = \"tosa.const\"() {values = dense<%s> : %s} : () -> %s" % (g, dense(wg, ws), ty(ws), ty(ws)),
                    "  %%b%d = \"tosa.const\"() {values = dense<%s> : %s} : () -> %s" % (g, dense(bg, [fg]), ty([fg]), ty([fg])),
                    "  %%y%d = tosa.conv2d %%x%d, %%w%d, %%b%d, %%zp, %%zp {acc_type = f32, %s} : (%s, %s, %s, %s, %s) -> %s" % (
                        g, g, g, g, geo, ty([n, h, w, cg]), ty(ws), ty([fg]), ty([1]), ty([1]), ty(gy))]
            parts.append("%%y%d" % g)
        out.append("  %%ref = tosa.concat %s {axis = 3 : i32} : (%s) -> %s" % (
            ", ".join(parts), ", ".join([ty(gy)] * groups), ty(y_shape)))
    out.append(compare(y_shape))
    out.append("}")
    with open(os.path.join(OUT, name), "w") as fh:
        fh.write("\n".join(out) + "\n")


def matmul_test(name, desc, seed, m, k, n, bits, per_channel):
    rng = random.Random(seed)
    cent, cshape, wflat, packed = codebook(rng, n, k, bits, per_channel)  # W[N, K]
    bias = [rng.randrange(-100, 101) / 100.0 for _ in range(n)]
    B = len(packed[0])
    bmat = [wflat[nn * k + kk] for kk in range(k) for nn in range(n)]  # B[K, N] = Wᵀ
    out = [RUN, "// " + desc, CHECKS,
           "func.func private @printMemrefF32(tensor<*xf32>)", "",
           make_input([m, k], 7919 if seed % 2 else 104729), "",
           "func.func @main() {",
           "  %x = call @make_input() : () -> " + ty([m, k]),
           "  %%c = arith.constant dense<%s> : %s" % (dense(cent, cshape), ty(cshape)),
           "  %%i = arith.constant dense<%s> : %s" % (dense([b for r in packed for b in r], [n, B]), ty([n, B], "i8")),
           "  %%b = arith.constant dense<%s> : %s" % (dense(bias, [n]), ty([n])),
           "  %%y = compress.codebook_matmul %%x, %%c, %%i, %%b {bits = %d : i64} : (%s, %s, %s, %s) -> %s" % (
               bits, ty([m, k]), ty(cshape), ty([n, B], "i8"), ty([n]), ty([m, n])),
           "  // The oracle: tosa.matmul by the dense B = Wᵀ, plus the bias.",
           "  %%zp = \"tosa.const\"() {values = dense<0.0> : %s} : () -> %s" % (ty([1]), ty([1])),
           "  %%w = \"tosa.const\"() {values = dense<%s> : %s} : () -> %s" % (dense(bmat, [1, k, n]), ty([1, k, n]), ty([1, k, n])),
           "  %%tb = \"tosa.const\"() {values = dense<%s> : %s} : () -> %s" % (dense(bias, [1, 1, n]), ty([1, 1, n]), ty([1, 1, n])),
           "  %%x3 = tensor.expand_shape %%x [[0, 1], [2]] output_shape [1, %d, %d] : %s into %s" % (m, k, ty([m, k]), ty([1, m, k])),
           "  %%mm = tosa.matmul %%x3, %%w, %%zp, %%zp : (%s, %s, %s, %s) -> %s" % (ty([1, m, k]), ty([1, k, n]), ty([1]), ty([1]), ty([1, m, n])),
           "  %%r3 = tosa.add %%mm, %%tb : (%s, %s) -> %s" % (ty([1, m, n]), ty([1, 1, n]), ty([1, m, n])),
           "  %%ref = tensor.collapse_shape %%r3 [[0, 1], [2]] : %s into %s" % (ty([1, m, n]), ty([m, n]))]
    out.append(compare([m, n]))
    out.append("}")
    with open(os.path.join(OUT, name), "w") as fh:
        fh.write("\n".join(out) + "\n")


conv_test("conv-3x3-c3-stride2-pad.mlir",
          "3x3 conv, 3 -> 5 channels, stride 2, asymmetric padding, 4 bits per tensor.",
          1, 1, 8, 9, 3, 5, 3, 3, (2, 2), [1, 0, 1, 1], (1, 1), 1, 4, False)
conv_test("conv-1x1-c17-bits3-per-channel.mlir",
          "1x1 conv, 17 -> 5 channels, 3 bits (indices straddle bytes), per-channel codebooks, batch 2.",
          2, 2, 5, 3, 17, 5, 1, 1, (1, 1), [0, 0, 0, 0], (1, 1), 1, 3, True)
conv_test("conv-dilated-c5-bits5.mlir",
          "3x3 conv dilated 2, 5 -> 17 channels, padding 2, stride (1, 2), 5 bits per tensor.",
          3, 1, 9, 8, 5, 17, 3, 3, (1, 2), [2, 2, 2, 1], (2, 2), 1, 5, False)
conv_test("conv-depthwise-c5-bits2.mlir",
          "Depthwise 3x3 (groups = C = 5, multiplier 2), stride 2, padding 1, 2 bits, vs tosa.depthwise_conv2d.",
          4, 1, 7, 7, 5, 10, 3, 3, (2, 2), [1, 1, 1, 1], (1, 1), 5, 2, False, depthwise=True)
conv_test("conv-grouped-bits6-per-channel.mlir",
          "Grouped 3x2 conv (6 -> 9 channels, 3 groups), padding (1, 0, 0, 1), 6 bits per channel, vs sliced dense convs.",
          5, 1, 6, 7, 6, 9, 3, 2, (1, 1), [1, 0, 0, 1], (1, 1), 3, 6, True)
conv_test("conv-3x3-bits1.mlir",
          "3x3 conv, 3 -> 5 channels, 1 bit (k = 2), padding 1.",
          6, 1, 5, 5, 3, 5, 3, 3, (1, 1), [1, 1, 1, 1], (1, 1), 1, 1, False)
matmul_test("matmul-k19-bits3.mlir",
            "Matmul M=3, K=19 (57 bits a row: not a multiple of 8), N=5, 3 bits per tensor.",
            7, 3, 19, 5, 3, False)
matmul_test("matmul-k13-bits7-per-channel.mlir",
            "Matmul M=1, K=13, N=17, 7 bits, per-channel codebooks.",
            8, 1, 13, 17, 7, True)
matmul_test("matmul-k300-bits8.mlir",
            "Matmul M=2, K=300, N=3, 8 bits (k = 256 centroids).",
            9, 2, 300, 3, 8, False)


# ---------------------------------------------------------------------------
# End to end: compress-codebook on dense layers named target_*, lowered and run,
# against the same layers left dense (named ref_*, not in the `layers` list).
# ---------------------------------------------------------------------------

E2E_RUN = """// RUN: compress-opt %s --compress-codebook="{opts}" --compress-lower-to-llvm=bare-ptr-abi=false 2>/dev/null \\
// RUN: | mlir-runner -e main -entry-point-result=void \\
// RUN:   -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils \\
// RUN: | FileCheck %s
// RUN: compress-opt %s --compress-codebook="{opts}" -o /dev/null 2>&1 | FileCheck %s --check-prefix=REMARK
"""


def rel_error_block(tag, shape):
    """Prints ‖y − ref‖ / ‖ref‖ (tensor<1xf32>) and max |y − ref|."""
    n = 1
    for d in shape:
        n *= d
    reassoc = "[[" + ", ".join(str(i) for i in range(len(shape))) + "]]"
    t, f = ty(shape), ty([n])
    return f"""  %{tag}_d = tosa.sub %{tag}_y, %{tag}_ref : ({t}, {t}) -> {t}
  %{tag}_df = tensor.collapse_shape %{tag}_d {reassoc} : {t} into {f}
  %{tag}_rf = tensor.collapse_shape %{tag}_ref {reassoc} : {t} into {f}
  %{tag}_abs = tosa.abs %{tag}_df : ({f}) -> {f}
  %{tag}_max = tosa.reduce_max %{tag}_abs {{axis = 0 : i32}} : ({f}) -> {ty([1])}
  %{tag}_d2 = tosa.mul %{tag}_df, %{tag}_df, %shift : ({f}, {f}, tensor<1xi8>) -> {f}
  %{tag}_r2 = tosa.mul %{tag}_rf, %{tag}_rf, %shift : ({f}, {f}, tensor<1xi8>) -> {f}
  %{tag}_sd = tosa.reduce_sum %{tag}_d2 {{axis = 0 : i32}} : ({f}) -> {ty([1])}
  %{tag}_sr = tosa.reduce_sum %{tag}_r2 {{axis = 0 : i32}} : ({f}) -> {ty([1])}
  // sqrt(sd / sr) as rsqrt(sr / sd): rsqrt(+inf) = 0 when the difference is 0.
  %{tag}_q = tosa.reciprocal %{tag}_sd : ({ty([1])}) -> {ty([1])}
  %{tag}_ratio = tosa.mul %{tag}_sr, %{tag}_q, %shift : ({ty([1])}, {ty([1])}, tensor<1xi8>) -> {ty([1])}
  %{tag}_rel = tosa.rsqrt %{tag}_ratio : ({ty([1])}) -> {ty([1])}
  %{tag}_pair = tosa.concat %{tag}_rel, %{tag}_max {{axis = 0 : i32}} : ({ty([1])}, {ty([1])}) -> {ty([2])}
  %{tag}_u = tensor.cast %{tag}_pair : {ty([2])} to tensor<*xf32>
  call @printMemrefF32(%{tag}_u) : (tensor<*xf32>) -> ()"""


def e2e_test(name, desc, opts, checks, weights_of):
    """weights_of(rng, count) -> list of floats for a weight of `count` elements."""
    rng = random.Random(name)
    n, h, w, c, f = 1, 9, 7, 5, 17
    conv_w = weights_of(rng, f * 3 * 3 * c)
    conv_b = [rng.randrange(-100, 101) / 100.0 for _ in range(f)]
    dw_w = weights_of(rng, 3 * 3 * c * 2)
    mm_k, mm_n = h * w * c, 10
    mm_w = weights_of(rng, mm_k * mm_n)
    x_shape = [n, h, w, c]
    y_shape = [n, 5, 4, f]       # 3x3, stride 2, pad 1
    dw_shape = [n, 9, 7, c * 2]  # 3x3, stride 1, pad 1
    geo_c = "pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 2, 2>, dilation = array<i64: 1, 1>"
    geo_d = "pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>"
    ws = [f, 3, 3, c]
    dws = [3, 3, c, 2]
    out = [E2E_RUN.format(opts=opts), "// " + desc, checks,
           "func.func private @printMemrefF32(tensor<*xf32>)", "",
           make_input(x_shape, 7919), "",
           "func.func @main() {",
           "  %x = call @make_input() : () -> " + ty(x_shape),
           "  %%zp = \"tosa.const\"() {values = dense<0.0> : %s} : () -> %s" % (ty([1]), ty([1])),
           "  %shift = \"tosa.const\"() {values = dense<0> : tensor<1xi8>} : () -> tensor<1xi8>",
           "  %%w = \"tosa.const\"() {values = dense<%s> : %s} : () -> %s" % (dense(conv_w, ws), ty(ws), ty(ws)),
           "  %%b = \"tosa.const\"() {values = dense<%s> : %s} : () -> %s" % (dense(conv_b, [f]), ty([f]), ty([f])),
           "  %%conv_y = tosa.conv2d %%x, %%w, %%b, %%zp, %%zp {acc_type = f32, %s} : (%s, %s, %s, %s, %s) -> %s loc(\"target_conv\")" % (
               geo_c, ty(x_shape), ty(ws), ty([f]), ty([1]), ty([1]), ty(y_shape)),
           "  %%conv_ref = tosa.conv2d %%x, %%w, %%b, %%zp, %%zp {acc_type = f32, %s} : (%s, %s, %s, %s, %s) -> %s loc(\"ref_conv\")" % (
               geo_c, ty(x_shape), ty(ws), ty([f]), ty([1]), ty([1]), ty(y_shape)),
           "  %%dww = \"tosa.const\"() {values = dense<%s> : %s} : () -> %s" % (dense(dw_w, dws), ty(dws), ty(dws)),
           "  %%dwb = \"tosa.const\"() {values = dense<0.0> : %s} : () -> %s" % (ty([c * 2]), ty([c * 2])),
           "  %%dw_y = tosa.depthwise_conv2d %%x, %%dww, %%dwb, %%zp, %%zp {acc_type = f32, %s} : (%s, %s, %s, %s, %s) -> %s loc(\"target_dw\")" % (
               geo_d, ty(x_shape), ty(dws), ty([c * 2]), ty([1]), ty([1]), ty(dw_shape)),
           "  %%dw_ref = tosa.depthwise_conv2d %%x, %%dww, %%dwb, %%zp, %%zp {acc_type = f32, %s} : (%s, %s, %s, %s, %s) -> %s loc(\"ref_dw\")" % (
               geo_d, ty(x_shape), ty(dws), ty([c * 2]), ty([1]), ty([1]), ty(dw_shape)),
           "  %%x3 = tensor.collapse_shape %%x [[0], [1, 2, 3]] : %s into %s" % (ty(x_shape), ty([1, mm_k])),
           "  %%x1 = tensor.expand_shape %%x3 [[0, 1], [2]] output_shape [1, 1, %d] : %s into %s" % (mm_k, ty([1, mm_k]), ty([1, 1, mm_k])),
           "  %%mw = \"tosa.const\"() {values = dense<%s> : %s} : () -> %s" % (dense(mm_w, [1, mm_k, mm_n]), ty([1, mm_k, mm_n]), ty([1, mm_k, mm_n])),
           "  %%mm_y = tosa.matmul %%x1, %%mw, %%zp, %%zp : (%s, %s, %s, %s) -> %s loc(\"target_mm\")" % (
               ty([1, 1, mm_k]), ty([1, mm_k, mm_n]), ty([1]), ty([1]), ty([1, 1, mm_n])),
           "  %%mm_ref = tosa.matmul %%x1, %%mw, %%zp, %%zp : (%s, %s, %s, %s) -> %s loc(\"ref_mm\")" % (
               ty([1, 1, mm_k]), ty([1, mm_k, mm_n]), ty([1]), ty([1]), ty([1, 1, mm_n])),
           rel_error_block("conv", y_shape),
           rel_error_block("dw", dw_shape),
           rel_error_block("mm", [1, 1, mm_n]),
           "  return",
           "}"]
    with open(os.path.join(OUT, name), "w") as fh:
        fh.write("\n".join(out) + "\n")


def uniform(rng, count):
    return [rng.uniform(-1.0, 1.0) for _ in range(count)]


def sixteen_values(rng, count):
    table = [v / 8.0 for v in range(-8, 8)]  # 16 distinct values, exact in f32
    return [rng.choice(table) for _ in range(count)]


e2e_test("e2e-codebook-lossless.mlir",
         "With <= 2^bits distinct weight values compress-codebook is lossless: the compressed "
         "layers equal the dense ones exactly (same summation order; printed [rel error, max abs diff]).",
         "bits=4 layers=target_conv,target_dw,target_mm",
         """// REMARK-DAG: remark: {{.*}}codebook: layer 'target_conv' bits=4 per-tensor init=linear: weight bytes 3060 -> 455, rel_error 0.000000e+00
// REMARK-DAG: remark: {{.*}}codebook: layer 'target_dw' bits=4 per-tensor init=linear: weight bytes 360 -> 114, rel_error 0.000000e+00
// REMARK-DAG: remark: {{.*}}codebook: layer 'target_mm' bits=4 per-tensor init=linear: weight bytes 12600 -> 1644, rel_error 0.000000e+00
// REMARK-NOT: ref_
// CHECK-COUNT-3: [0,  0]
""", sixteen_values)

e2e_test("e2e-codebook-lossy.mlir",
         "Uniform random weights at 4 bits, per output channel, kmeans++: the output error "
         "stays near the weight error (about 6 % for 16 levels over a uniform range).",
         "bits=4 per-channel=true init=kmeans++ seed=7 layers=target_conv,target_dw,target_mm",
         """// REMARK-DAG: remark: {{.*}}codebook: layer 'target_conv' bits=4 per-channel init=kmeans++ seed=7: weight bytes 3060 -> 1479, rel_error {{[0-9.]+e-02}}
// REMARK-DAG: warning: {{.*}}codebook: skipped layer 'target_dw': does not pay: weight bytes 360 -> 410
// REMARK-DAG: remark: {{.*}}codebook: layer 'target_mm' bits=4 per-channel init=kmeans++ seed=7: weight bytes 12600 -> 2220, rel_error {{[0-9.]+e-02}}
// Relative output error of the conv (below 10 %), then max abs difference; the
// depthwise conv is left dense (a codebook per 9-weight channel does not pay), then
// the matmul.
// CHECK: [0.0{{[0-9]+}},  0.{{[0-9]+}}]
// CHECK: [0,  0]
// CHECK: [0.0{{[0-9]+}},  0.{{[0-9]+}}]
""", uniform)


# ---------------------------------------------------------------------------
# Shape sweeps: many layers per file, each the lowered codebook op against the
# compress-decompress oracle (decompressed weights + the dense tosa op), both run
# through the whole lowering; ../LowRank/Inputs/compare.py checks every printed
# tensor. An IR run checks that each layer takes the path its comment names.
# ---------------------------------------------------------------------------

SWEEP_RUN = """// RUN: compress-opt %s --convert-compress-to-linalg | FileCheck %s --check-prefix=IR
// RUN: compress-opt %s --compress-lower-to-llvm=bare-ptr-abi=false \\
// RUN: | mlir-runner -e main -entry-point-result=void \\
// RUN:   -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils > %t.lowered
// RUN: compress-opt %s --compress-decompress --compress-lower-to-llvm=bare-ptr-abi=false \\
// RUN: | mlir-runner -e main -entry-point-result=void \\
// RUN:   -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils > %t.oracle
// RUN: %python %S/../LowRank/Inputs/compare.py %t.lowered %t.oracle --rtol {rtol} | FileCheck %s
"""

# Decode + tosa.conv2d / depthwise_conv2d / matmul on both sides: bit-identical
# unless a weight is decoded wrong. The grouped loops sum in their own order (up to
# 1625 products of magnitude <= 1 here; measured: bit-identical too). One wrong index
# changes an output by >= 0.001 · |x| >= 9e-5 (|x| >= 1/11 where x != 0), above
# rtol · max(1, max|y|) <= 2e-6 · 40.
SWEEP_RTOL = "2e-6"


def desc_bits(bits, k, per_channel, rowsize):
    row = rowsize * bits
    last = (rowsize - 1) * bits
    tail = ""
    if last // 8 != (row - 1) // 8:
        tail = ", last index straddles bytes"
    return "%d bits k=%d %s, %d bits a row%s" % (
        bits, k, "per-channel" if per_channel else "per-tensor", row, tail)


def layer_function(idx, xs, ys, rng, rows, rowsize, bits, per_channel, k, op):
    """func @layer<idx>(x: xs) -> ys: constant random centroids, packed indices (`rows`
    rows of `rowsize` indices) and bias, then `op(types)`, the codebook op's text
    whose operands are %x, %c, %i, %b and whose function type is `types`."""
    cent, cshape, _, packed = codebook(rng, rows, rowsize, bits, per_channel, k)
    bias = [rng.randrange(-100, 101) / 100.0 for _ in range(rows)]
    it = ty([rows, len(packed[0])], "i8")
    types = "(%s, %s, %s, %s) -> %s" % (ty(xs), ty(cshape), it, ty([rows]), ty(ys))
    return "\n".join([
        "func.func @layer%d(%%x: %s) -> %s {" % (idx, ty(xs), ty(ys)),
        "  %%c = arith.constant dense<%s> : %s" % (dense(cent, cshape, repr), ty(cshape)),
        "  %%i = arith.constant dense<%s> : %s" % (dense([b for r in packed for b in r],
                                                           [rows, len(packed[0])]), it),
        "  %%b = arith.constant dense<%s> : %s" % (dense(bias, [rows], repr), ty([rows])),
        "  %y = " + op(types),
        "  return %%y : %s" % ty(ys),
        "}"])


def sweep_conv_layer(idx, cfg, rng):
    (n, h, w, c, f, kh, kw, stride, dil, pad, groups, bits, per_channel, k) = cfg
    cg = c // groups
    oh = (h + pad[0] + pad[1] - dil[0] * (kh - 1) - 1) // stride[0] + 1
    ow = (w + pad[2] + pad[3] - dil[1] * (kw - 1) - 1) // stride[1] + 1
    assert oh >= 1 and ow >= 1 and c % groups == 0 and f % groups == 0, cfg
    xs, ys = [n, h, w, c], [n, oh, ow, f]
    body = layer_function(
        idx, xs, ys, rng, f, kh * kw * cg, bits, per_channel, k,
        lambda types: ("compress.codebook_conv2d %%x, %%c, %%i, %%b {bits = %d : i64, "
                       "kernel_size = array<i64: %d, %d>, strides = array<i64: %d, %d>, "
                       "pad = array<i64: %s>, dilations = array<i64: %d, %d>, groups = %d : i64}\n"
                       "       : %s") % (bits, kh, kw, stride[0], stride[1],
                                         ", ".join(map(str, pad)), dil[0], dil[1], groups, types))
    if groups == 1:
        path, ir = "tosa.conv2d", ["// IR: tosa.conv2d", "// IR-NOT: scf.for"]
        kind = "conv"
    elif cg == 1:
        path, ir = "tosa.depthwise_conv2d", ["// IR: tosa.depthwise_conv2d", "// IR-NOT: scf.for"]
        kind = "depthwise (multiplier %d)" % (f // c)
    else:
        path, ir = "grouped loops", ["// IR-NOT: tosa.conv2d", "// IR-NOT: tosa.depthwise_conv2d",
                                     "// IR: scf.for", "// IR: scf.for", "// IR: scf.for"]
        kind = "grouped (%d groups of %d channels)" % (groups, cg)
    desc = "%s N=%d %dx%dx%d -> F=%d, %dx%d, stride %s, dilation %s, pad %s, %s -> %s" % (
        kind, n, h, w, c, f, kh, kw, stride, dil, list(pad),
        desc_bits(bits, k or 1 << bits, per_channel, kh * kw * cg), path)
    ir = ["// IR-LABEL: func.func @layer%d(" % idx, "// IR-NOT: compress."] + ir + ["// IR: return"]
    return xs, ys, body, desc, ir


def sweep_matmul_layer(idx, cfg, rng):
    m, k, n, bits, per_channel, kc = cfg
    xs, ys = [m, k], [m, n]
    body = layer_function(
        idx, xs, ys, rng, n, k, bits, per_channel, kc,
        lambda types: "compress.codebook_matmul %%x, %%c, %%i, %%b {bits = %d : i64}\n"
                      "       : %s" % (bits, types))
    desc = "matmul M=%d K=%d -> N=%d, %s" % (m, k, n, desc_bits(bits, kc or 1 << bits, per_channel, k))
    ir = ["// IR-LABEL: func.func @layer%d(" % idx, "// IR-NOT: compress.", "// IR: tosa.matmul",
          "// IR-NOT: scf.for", "// IR: return"]
    return xs, ys, body, desc, ir


def compare_checks(layers):
    """The CHECK lines of compare.py's verdict on each layer's printed output."""
    lines = ["// CHECK: tensor %d [%s]: {{.*}} ok" % (idx, ", ".join(str(d) for d in ys))
             for idx, (_, ys, _, _, _) in enumerate(layers)]
    return lines + ["// CHECK: compared %d of %d tensors, worst relative difference {{.*}}: OK"
                    % (len(layers), len(layers))]


def write_sweep(name, title, layers):
    parts = [SWEEP_RUN.format(rtol=SWEEP_RTOL), "// " + title, "//",
             "// Generated by Inputs/gen_codebook_tests.py; the layers, in order:"]
    for idx, (_, _, _, desc, _) in enumerate(layers):
        parts.append("//   %d: %s" % (idx, desc))
    parts.append("")
    parts += compare_checks(layers)
    parts.append("")
    for _, _, _, _, ir in layers:
        parts += ir
    write_printed_sweep(parts, layers, name)


def main_sweep():
    rng = random.Random(1990)
    # (N, H, W, C, F, kh, kw, stride, dilation, pad [top, bottom, left, right], groups,
    #  bits, per-channel centroids, k (None: 2^bits))
    convs = [
        # groups = 1: decode to OHWI, tosa.conv2d
        (1, 7, 7, 1, 4, 3, 3, (1, 1), (1, 1), (1, 1, 1, 1), 1, 1, False, None),
        (3, 9, 10, 3, 8, 3, 3, (2, 2), (1, 1), (0, 1, 1, 0), 1, 2, True, None),
        (1, 5, 5, 3, 7, 1, 1, (2, 2), (1, 1), (1, 0, 0, 1), 1, 3, True, 6),
        (1, 5, 6, 63, 16, 1, 1, (1, 1), (1, 1), (0, 0, 0, 0), 1, 5, False, None),
        (1, 11, 12, 64, 32, 3, 3, (2, 2), (2, 2), (2, 2, 2, 2), 1, 4, True, None),
        (1, 9, 9, 65, 8, 5, 5, (1, 1), (1, 1), (2, 1, 0, 2), 1, 7, False, None),
        (3, 6, 7, 130, 6, 3, 5, (1, 2), (2, 1), (1, 2, 0, 1), 1, 8, True, None),
        # groups = C: decode to HWCM, tosa.depthwise_conv2d
        (3, 6, 6, 3, 3, 3, 3, (1, 1), (1, 1), (1, 1, 1, 1), 3, 3, False, None),
        (1, 9, 9, 64, 128, 5, 5, (2, 2), (2, 2), (2, 2, 2, 2), 64, 2, True, None),
        (1, 7, 8, 65, 65, 3, 5, (1, 2), (2, 1), (1, 2, 0, 1), 65, 5, False, None),
        (1, 5, 5, 130, 130, 3, 3, (2, 1), (1, 1), (0, 0, 0, 0), 130, 4, True, 13),
        # 1x1 depthwise unpadded: a padded one (dense tosa too) fails tosa-validate in the
        # pipeline (the 1x1-depthwise-is-mul decomposition pads a rank-5 tensor).
        (3, 4, 5, 63, 126, 1, 1, (1, 1), (1, 1), (0, 0, 0, 0), 63, 7, False, 100),
        (1, 5, 4, 1, 2, 3, 3, (1, 1), (1, 1), (1, 1, 1, 1), 1, 8, False, None),
        # 1 < groups < C: decode-as-you-go loops
        (1, 6, 7, 6, 9, 3, 3, (1, 1), (1, 1), (1, 1, 1, 1), 3, 5, True, None),
        (3, 9, 9, 64, 32, 3, 3, (2, 2), (2, 2), (2, 2, 2, 2), 4, 1, False, None),
        (1, 6, 6, 130, 10, 5, 5, (1, 1), (1, 1), (0, 0, 0, 0), 2, 7, True, None),
        (1, 7, 6, 65, 15, 1, 3, (2, 1), (1, 2), (0, 2, 1, 0), 5, 2, False, 3),
        (3, 7, 7, 63, 42, 3, 3, (1, 1), (2, 2), (2, 1, 2, 1), 21, 8, False, None),
        (1, 5, 5, 3, 3, 2, 3, (1, 2), (1, 1), (0, 1, 1, 1), 3, 3, True, None),
    ]
    write_sweep("sweep-conv.mlir",
                "codebook_conv2d lowered (decode + dense op, or grouped loops) vs the "
                "compress-decompress oracle.",
                [sweep_conv_layer(i, c, rng) for i, c in enumerate(convs)])
    # (M, K, N, bits, per-channel centroids, k)
    matmuls = [(1, 1, 1, 1, False, None), (3, 1, 17, 4, True, None), (3, 63, 17, 5, True, None),
               (1, 64, 17, 3, False, None), (3, 65, 1, 7, True, None), (1, 65, 17, 3, False, 5),
               (1, 130, 17, 2, False, None), (3, 130, 17, 8, True, None), (3, 3, 1, 3, True, None)]
    write_sweep("sweep-matmul.mlir",
                "codebook_matmul lowered (decode to [1, K, N] + tosa.matmul) vs the "
                "compress-decompress oracle.",
                [sweep_matmul_layer(i, m, rng) for i, m in enumerate(matmuls)])

    main_permute_sweep()


# ---------------------------------------------------------------------------
# The register-decode kernel of codebook_matmul (CodebookMatvec.cpp: vpermps from
# indices repacked at compile time), selected by vector-bits 512 (AVX-512) or 256
# (AVX2): every layer against the decompress + dense oracle with rtol 0 (the kernel
# adds the same products in the same order, so it must be bit-identical), at
# widths on and off the vector width (1, 3, 8, 16, 17, 63, 65, 130), K not a
# multiple of the codes a word (P = 32 / bits: 8 at 4 bits, 10 at 3), batch rows
# 1 to 16, k < 2^bits; the permute tree for 17 to 256 per-tensor centroids at 512
# bits; and the gather form (per-channel centroids; more than 16 at 256 bits).
# ---------------------------------------------------------------------------

PERMUTE_RUN = """// RUN: compress-opt %s --convert-compress-to-linalg=vector-bits=512 | FileCheck %s --check-prefix=IR512
// RUN: compress-opt %s --convert-compress-to-linalg=vector-bits=256 | FileCheck %s --check-prefix=IR256
// RUN: compress-opt %s --compress-decompress --compress-lower-to-llvm=bare-ptr-abi=false \\
// RUN: | mlir-runner -e main -entry-point-result=void \\
// RUN:   -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils > %t.oracle
// RUN: compress-opt %s --compress-lower-to-llvm="bare-ptr-abi=false vector-bits=512" \\
// RUN: | mlir-runner -e main -entry-point-result=void \\
// RUN:   -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils > %t.512
// RUN: %python %S/../LowRank/Inputs/compare.py %t.512 %t.oracle --rtol 0 | FileCheck %s
// RUN: compress-opt %s --compress-lower-to-llvm="bare-ptr-abi=false vector-bits=256" \\
// RUN: | mlir-runner -e main -entry-point-result=void \\
// RUN:   -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils > %t.256
// RUN: %python %S/../LowRank/Inputs/compare.py %t.256 %t.oracle --rtol 0 | FileCheck %s
"""


def write_printed_sweep(parts, layers, name):
    """Appends the layers' inputs and bodies and a @main that prints each layer's output
    to `parts` (the RUN/CHECK header), and writes the test file `name`."""
    parts += ["", "func.func private @printMemrefF32(tensor<*xf32>)", ""]
    main = ["func.func @main() {"]
    for idx, (xs, ys, body, _, _) in enumerate(layers):
        parts += [make_input(xs, 7919 if idx % 2 else 104729, "input%d" % idx), "", body, ""]
        main += ["  %%x%d = call @input%d() : () -> %s" % (idx, idx, ty(xs)),
                 "  %%y%d = call @layer%d(%%x%d) : (%s) -> %s" % (idx, idx, idx, ty(xs), ty(ys)),
                 "  %%p%d = tensor.cast %%y%d : %s to tensor<*xf32>" % (idx, idx, ty(ys)),
                 "  call @printMemrefF32(%%p%d) : (tensor<*xf32>) -> ()" % idx]
    main += ["  return", "}"]
    parts.append("\n".join(main))
    with open(os.path.join(OUT, name), "w") as fh:
        fh.write("\n".join(parts) + "\n")


def main_permute_sweep():
    rng = random.Random(2026)
    # (M, K, N, bits, per-channel centroids, k)
    matmuls = [(1, 1, 1, 1, False, None), (1, 13, 3, 4, False, None), (1, 64, 16, 4, False, None),
               (1, 65, 17, 4, False, 11), (3, 130, 63, 4, False, None), (4, 33, 65, 3, False, None),
               (2, 31, 130, 3, False, 6), (16, 40, 8, 2, False, None), (5, 17, 65, 2, False, 3),
               (1, 100, 130, 1, False, None), (16, 9, 33, 1, False, None),
               (1, 257, 256, 4, False, None),
               # gathers: per-channel centroids, more than 16 centroids
               (3, 20, 17, 4, True, None), (1, 20, 17, 5, False, None), (1, 67, 130, 8, False, None),
               (4, 33, 63, 8, True, None), (1, 13, 65, 6, True, 40), (2, 29, 16, 7, False, 100),
               (1, 21, 3, 2, True, None), (16, 5, 17, 8, False, 200), (1, 1, 1, 8, True, None)]
    layers = [sweep_matmul_layer(i, m, rng) for i, m in enumerate(matmuls)]
    parts = [PERMUTE_RUN, "// codebook_matmul, register-decode kernel (vector-bits 512 and 256: "
             "permutes, or gathers) vs the compress-decompress oracle, bit-identical.", "//",
             "// Generated by Inputs/gen_codebook_tests.py; the layers, in order:"]
    for idx, (_, _, _, desc, _) in enumerate(layers):
        parts.append("//   %d: %s" % (idx, desc))
    parts.append("")
    parts += compare_checks(layers)
    parts.append("")
    for width, intrin in ((512, "llvm.x86.avx512.permvar.sf.512"), (256, "llvm.x86.avx2.permps")):
        p = "// IR%d" % width
        for idx, (m, k, n, bits, per_channel, _) in enumerate(matmuls):
            parts.append("%s-LABEL: func.func @layer%d(" % (p, idx))
            parts.append("%s-NOT: compress." % p)
            if not per_channel and bits > 4 and width == 512:
                parts += ["%s-NOT: tosa.matmul" % p, "%s: scf.for" % p,
                          '%s: llvm.call_intrinsic "llvm.x86.avx512.vpermi2var.ps.512"' % p,
                          ] + (["%s: arith.select" % p] if bits > 5 else []) + ["%s: tosa.add" % p]
            elif per_channel or bits > 4:
                parts += ["%s-NOT: tosa.matmul" % p, "%s-NOT: llvm.call_intrinsic" % p,
                          "%s: scf.for" % p, "%s: vector.gather" % p, "%s: tosa.add" % p]
            else:
                parts += ["%s-NOT: tosa.matmul" % p, "%s: scf.for" % p,
                          '%s: llvm.call_intrinsic "%s"' % (p, intrin), "%s: tosa.add" % p]
            parts.append("%s: return" % p)
    write_printed_sweep(parts, layers, "sweep-matmul-permute.mlir")

    main_conv_decode_sweep()


def main_conv_decode_sweep():
    """Ungrouped codebook_conv2d with the vector decode (vector-bits 512 / 256): the
    decoded OHWI weight is the same, so the results are bit-identical to the oracle."""
    rng = random.Random(2027)
    # (N, H, W, C, F, kh, kw, stride, dilation, pad, groups, bits, per-channel, k)
    convs = [
        (1, 7, 7, 1, 3, 3, 3, (1, 1), (1, 1), (1, 1, 1, 1), 1, 4, False, None),
        (1, 6, 5, 3, 63, 3, 3, (2, 2), (1, 1), (0, 1, 1, 0), 1, 4, False, 11),
        (1, 5, 5, 65, 17, 1, 1, (1, 1), (1, 1), (0, 0, 0, 0), 1, 3, False, None),
        (2, 6, 7, 63, 65, 3, 3, (1, 1), (1, 1), (1, 1, 1, 1), 1, 2, False, None),
        (1, 9, 9, 130, 8, 3, 3, (1, 1), (2, 2), (2, 2, 2, 2), 1, 1, False, None),
        (1, 5, 6, 16, 16, 3, 3, (1, 1), (1, 1), (1, 1, 1, 1), 1, 8, False, None),
        (1, 5, 5, 17, 7, 5, 5, (1, 2), (1, 1), (2, 2, 2, 2), 1, 6, False, 50),
        (1, 6, 6, 32, 9, 3, 3, (1, 1), (1, 1), (1, 1, 1, 1), 1, 4, True, None),
        (1, 5, 5, 65, 130, 1, 1, (1, 1), (1, 1), (0, 0, 0, 0), 1, 8, True, None),
        (1, 4, 4, 3, 5, 3, 3, (1, 1), (1, 1), (1, 1, 1, 1), 1, 5, True, 20),
    ]
    layers = [sweep_conv_layer(i, c, rng) for i, c in enumerate(convs)]
    parts = [PERMUTE_RUN, "// codebook_conv2d (ungrouped), vector decode (vector-bits 512 and 256: "
             "permutes, or gathers) + tosa.conv2d vs the compress-decompress oracle, bit-identical.",
             "//", "// Generated by Inputs/gen_codebook_tests.py; the layers, in order:"]
    for idx, (_, _, _, desc, _) in enumerate(layers):
        parts.append("//   %d: %s" % (idx, desc.replace("-> tosa.conv2d", "-> vector decode")))
    parts.append("")
    parts += compare_checks(layers)
    parts.append("")
    for width in (512, 256):
        p = "// IR%d" % width
        for idx, cfg in enumerate(convs):
            bits, per_channel = cfg[11], cfg[12]
            parts += ["%s-LABEL: func.func @layer%d(" % (p, idx), "%s-NOT: compress." % p,
                      "%s: scf.for" % p]
            if per_channel or (bits > 4 and width == 256):
                parts.append("%s: vector.gather" % p)
            elif bits > 4:
                parts.append('%s: llvm.call_intrinsic "llvm.x86.avx512.vpermi2var.ps.512"' % p)
            else:
                parts.append('%s: llvm.call_intrinsic "%s"' % (
                    p, "llvm.x86.avx512.permvar.sf.512" if width == 512 else "llvm.x86.avx2.permps"))
            parts += ["%s: tosa.conv2d" % p, "%s: return" % p]
    write_printed_sweep(parts, layers, "sweep-conv-decode-vector.mlir")


BLOCKS_RUN = PERMUTE_RUN + """// Threads: the decode-once loop and the conv's output-channel loop (with the per-block
// decode inside) on 1 and 2 threads, bit-identical.
// RUN: compress-opt %s --compress-lower-to-llvm="bare-ptr-abi=false vector-bits=512 parallel=true parallel-min-macs=0" -o %t.par.mlir
// RUN: grep -q omp.parallel %t.par.mlir
// RUN: env COMPRESS_NUM_THREADS=1 mlir-runner %t.par.mlir -e main -entry-point-result=void \\
// RUN:   -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils,%compress_rt,%libomp > %t.par1
// RUN: %python %S/../LowRank/Inputs/compare.py %t.par1 %t.oracle --rtol 0 | FileCheck %s
// RUN: env COMPRESS_NUM_THREADS=2 mlir-runner %t.par.mlir -e main -entry-point-result=void \\
// RUN:   -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils,%compress_rt,%libomp > %t.par2
// RUN: %python %S/../LowRank/Inputs/compare.py %t.par2 %t.oracle --rtol 0 | FileCheck %s
"""


def main_conv_blocks_sweep():
    """Ungrouped codebook_conv2d with F a multiple of the vector lanes (> lanes): decoded
    in the packed filter layout [F/V, KH, KW, C, V] (per output-channel block inside the
    conv's tile loop for deep layers, once per call otherwise): bit-identical to the
    oracle at vector-bits 512 and 256 and on 1 and 2 threads."""
    rng = random.Random(2031)
    # (N, H, W, C, F, kh, kw, stride, dilation, pad, groups, bits, per-channel, k)
    convs = [
        (1, 3, 3, 65, 64, 3, 3, (1, 1), (1, 1), (1, 1, 1, 1), 1, 4, False, None),
        (1, 19, 17, 3, 32, 3, 3, (1, 1), (1, 1), (1, 1, 1, 1), 1, 2, False, None),
        (1, 20, 14, 1, 48, 3, 3, (2, 2), (1, 1), (1, 1, 1, 1), 1, 3, False, None),
        (1, 7, 7, 130, 32, 3, 3, (1, 1), (1, 1), (1, 1, 1, 1), 1, 8, False, None),
        (1, 5, 5, 63, 48, 3, 3, (1, 1), (1, 1), (1, 1, 1, 1), 1, 4, True, None),
        (1, 13, 11, 16, 64, 1, 1, (1, 1), (1, 1), (0, 0, 0, 0), 1, 5, False, 20),
        (2, 9, 9, 32, 32, 3, 3, (1, 1), (2, 2), (2, 2, 2, 2), 1, 1, False, None),
        (1, 7, 7, 64, 128, 3, 3, (2, 2), (1, 1), (1, 1, 1, 1), 1, 4, False, 13),
        (1, 2, 3, 17, 16, 3, 3, (1, 1), (1, 1), (1, 1, 1, 1), 1, 6, True, 40),
    ]
    layers = [sweep_conv_layer(i, c, rng) for i, c in enumerate(convs)]
    parts = [BLOCKS_RUN, "// codebook_conv2d (ungrouped, F a multiple of the vector lanes), decoded "
             "into the packed filter layout + the dense conv tiles vs the compress-decompress "
             "oracle, bit-identical.",
             "//", "// Generated by Inputs/gen_codebook_tests.py; the layers, in order:"]
    for idx, (_, _, _, desc, _) in enumerate(layers):
        parts.append("//   %d: %s" % (idx, desc.replace("-> tosa.conv2d", "-> filter blocks")))
    parts.append("")
    parts += compare_checks(layers)
    parts.append("")
    for width in (512, 256):
        p = "// IR%d" % width
        lanes = width // 32
        for idx, cfg in enumerate(convs):
            f = cfg[4]
            parts += ["%s-LABEL: func.func @layer%d(" % (p, idx), "%s-NOT: compress." % p,
                      "%s: scf.for" % p]
            if f > lanes and f % lanes == 0:
                parts.append("%s: tensor.extract_slice {{.*}} : tensor<%dx%dx%dxf32> to tensor<%dx%dxf32>"
                             % (p, f // lanes, cfg[5] * cfg[6] * cfg[3], lanes,
                                cfg[5] * cfg[6] * cfg[3], lanes))
                parts.append("%s: } {compress.filter_blocks, compress.parallel_tile = %d : i64}"
                             % (p, f * cfg[5] * cfg[6] * cfg[3]))
                parts.append("%s: linalg.transpose" % p)
            parts += ["%s: tosa.conv2d" % p, "%s: return" % p]
    write_printed_sweep(parts, layers, "sweep-conv-filter-blocks.mlir")


main_sweep()
