#!/usr/bin/env python3
"""Writes the lowrank execution tests of test/Integration/LowRank (sweep-*.mlir).

Each file holds one function per layer (a compress.lowrank_conv2d / lowrank_matmul
with constant factors u, v and bias written here) and a @main that builds each input
from its indices by a function call (so nothing folds) and prints every result with
printMemrefF32. The test runs the file twice: through convert-compress-to-linalg
(the lowering under test) and through compress-decompress (the oracle: W = V·U
expanded at compile time, one dense tosa op), and compare.py checks every tensor.

Full rank (r = min(F, n)) is written directly as an op: compress-lowrank never
produces it (no saving). Run from the repository root:
  python3 test/Integration/LowRank/Inputs/gen_lowrank_tests.py
"""
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.dirname(HERE)

# The lowering sums n = kh·kw·C products into r channels, then r products; the
# oracle sums n products of the pre-multiplied W = V·U. Both are f32 sums of the
# same real quantity in a different order: the difference is a few ulp of the
# largest partial sums, ~eps·sqrt(n)·Σ|terms| ≈ 1e-6 of the output scale for the
# n ≤ 1625 here (measured: ≤ 3.5e-6, which is also the resolution of the 6 digits
# printMemrefF32 prints). RTOL = 1e-5 of max|oracle| leaves room for that and is far
# below what one wrong tap, channel or pad costs (≥ 1e-2 of the scale).
RTOL = "1e-5"

RUN = """// RUN: compress-opt %s --compress-lower-to-llvm=bare-ptr-abi=false \\
// RUN: | mlir-runner -e main -entry-point-result=void \\
// RUN:   -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils > %t.lowered
// RUN: compress-opt %s --compress-decompress --compress-lower-to-llvm=bare-ptr-abi=false \\
// RUN: | mlir-runner -e main -entry-point-result=void \\
// RUN:   -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils > %t.oracle
// RUN: %python %S/Inputs/compare.py %t.lowered %t.oracle --rtol {rtol} | FileCheck %s
"""


def fmt(v):
    s = "%g" % v
    return s if "." in s else ("%.6e" % v if "e" in s else s + ".0")


def dense(values, shape):
    def rec(off, dims):
        if not dims:
            return fmt(values[off])
        step = 1
        for d in dims[1:]:
            step *= d
        return "[" + ", ".join(rec(off + i * step, dims[1:]) for i in range(dims[0])) + "]"
    return rec(0, list(shape))


def ty(shape):
    return "tensor<" + "x".join(str(d) for d in shape) + "xf32>"


def out_size(h, k, s, pb, pa, d):
    return (h + pb + pa - d * (k - 1) - 1) // s + 1


def make_input(name, shape, salt):
    """x[lin] = ((lin·7919 + salt) mod 23) / 11 − 1, lin the row-major index."""
    rank = len(shape)
    dims = ", ".join(f"d{i}" for i in range(rank))
    iters = ", ".join(['"parallel"'] * rank)
    lines = [f"func.func @{name}() -> {ty(shape)} {{",
             f"  %e = tensor.empty() : {ty(shape)}",
             f"  %r = linalg.generic {{indexing_maps = [affine_map<({dims}) -> ({dims})>], "
             f"iterator_types = [{iters}]}} outs(%e : {ty(shape)}) {{",
             "  ^bb0(%o: f32):",
             "    %lin0 = linalg.index 0 : index"]
    for i in range(1, rank):
        lines += [f"    %i{i} = linalg.index {i} : index",
                  f"    %s{i} = arith.constant {shape[i]} : index",
                  f"    %m{i} = arith.muli %lin{i-1}, %s{i} : index",
                  f"    %lin{i} = arith.addi %m{i}, %i{i} : index"]
    lines += [f"    %mul = arith.constant 7919 : index",
              f"    %p0 = arith.muli %lin{rank-1}, %mul : index",
              f"    %salt = arith.constant {salt} : index",
              f"    %p = arith.addi %p0, %salt : index",
              "    %c23 = arith.constant 23 : index",
              "    %q = arith.remui %p, %c23 : index",
              "    %qi = arith.index_cast %q : index to i32",
              "    %qf = arith.sitofp %qi : i32 to f32",
              "    %c11 = arith.constant 11.0 : f32",
              "    %one = arith.constant 1.0 : f32",
              "    %d = arith.divf %qf, %c11 : f32",
              "    %v = arith.subf %d, %one : f32",
              "    linalg.yield %v : f32",
              f"  }} -> {ty(shape)}",
              f"  return %r : {ty(shape)}",
              "}"]
    return "\n".join(lines)


def rand(rng, n):
    return [round(rng.uniform(-1, 1), 3) for _ in range(n)]


def conv_layer(i, cfg, rng):
    n_, h, w, c, f, kh, kw, r, st, dl, pad = cfg
    oh = out_size(h, kh, st[0], pad[0], pad[1], dl[0])
    ow = out_size(w, kw, st[1], pad[2], pad[3], dl[1])
    assert oh >= 1 and ow >= 1, cfg
    xs, us, vs, ys = (n_, h, w, c), (r, kh, kw, c), (f, r), (n_, oh, ow, f)
    u = rand(rng, r * kh * kw * c)
    v = rand(rng, f * r)
    b = rand(rng, f)
    a = lambda v_: ", ".join(str(x) for x in v_)
    body = (f"func.func @layer{i}(%x: {ty(xs)}) -> {ty(ys)} {{\n"
            f"  %u = arith.constant dense<{dense(u, us)}> : {ty(us)}\n"
            f"  %v = arith.constant dense<{dense(v, vs)}> : {ty(vs)}\n"
            f"  %b = arith.constant dense<{dense(b, (f,))}> : {ty((f,))}\n"
            f"  %y = compress.lowrank_conv2d %x, %u, %v, %b {{strides = array<i64: {a(st)}>, "
            f"pad = array<i64: {a(pad)}>, dilations = array<i64: {a(dl)}>}}\n"
            f"       : ({ty(xs)}, {ty(us)}, {ty(vs)}, {ty((f,))}) -> {ty(ys)}\n"
            f"  return %y : {ty(ys)}\n}}")
    desc = (f"conv N={n_} {h}x{w}x{c} -> F={f}, {kh}x{kw}, r={r}"
            f"{' (full)' if r == min(f, kh * kw * c) else ''}, stride {st}, dilation {dl}, "
            f"pad {list(pad)}")
    return xs, ys, body, desc


def matmul_layer(i, cfg, rng):
    m, k, n, r = cfg
    xs, us, vs, ys = (m, k), (r, k), (n, r), (m, n)
    u, v, b = rand(rng, r * k), rand(rng, n * r), rand(rng, n)
    body = (f"func.func @layer{i}(%x: {ty(xs)}) -> {ty(ys)} {{\n"
            f"  %u = arith.constant dense<{dense(u, us)}> : {ty(us)}\n"
            f"  %v = arith.constant dense<{dense(v, vs)}> : {ty(vs)}\n"
            f"  %b = arith.constant dense<{dense(b, (n,))}> : {ty((n,))}\n"
            f"  %y = compress.lowrank_matmul %x, %u, %v, %b\n"
            f"       : ({ty(xs)}, {ty(us)}, {ty(vs)}, {ty((n,))}) -> {ty(ys)}\n"
            f"  return %y : {ty(ys)}\n}}")
    desc = f"matmul M={m} K={k} -> N={n}, r={r}{' (full)' if r == min(n, k) else ''}"
    return xs, ys, body, desc


def write(name, title, layers):
    parts = [RUN.format(rtol=RTOL), f"// {title}", "//",
             "// Generated by Inputs/gen_lowrank_tests.py; the layers, in order:"]
    for idx, (_, _, _, desc) in enumerate(layers):
        parts.append(f"//   {idx}: {desc}")
    parts.append("")
    for idx, (xs, ys, _, _) in enumerate(layers):
        parts.append(f"// CHECK: tensor {idx} [{', '.join(str(d) for d in ys)}]: {{{{.*}}}} ok")
    parts.append(f"// CHECK: compared {len(layers)} of {len(layers)} tensors, "
                 "worst relative difference {{.*}}: OK")
    parts.append("")
    parts.append("func.func private @printMemrefF32(tensor<*xf32>)\n")
    main = ["func.func @main() {"]
    for idx, (xs, ys, body, _) in enumerate(layers):
        parts.append(make_input(f"input{idx}", xs, idx * 5))
        parts.append("")
        parts.append(body)
        parts.append("")
        main += [f"  %x{idx} = call @input{idx}() : () -> {ty(xs)}",
                 f"  %y{idx} = call @layer{idx}(%x{idx}) : ({ty(xs)}) -> {ty(ys)}",
                 f"  %p{idx} = tensor.cast %y{idx} : {ty(ys)} to tensor<*xf32>",
                 f"  call @printMemrefF32(%p{idx}) : (tensor<*xf32>) -> ()"]
    main += ["  return", "}"]
    parts.append("\n".join(main))
    with open(os.path.join(OUT, name), "w") as fh:
        fh.write("\n".join(parts) + "\n")


def main():
    rng = random.Random(2014)
    # (N, H, W, C, F, kh, kw, r, stride, dilation, pad [top, bottom, left, right])
    convs = [
        (1, 7, 7, 1, 4, 3, 3, 1, (1, 1), (1, 1), (1, 1, 1, 1)),
        (1, 9, 10, 3, 8, 3, 3, 8, (2, 2), (1, 1), (0, 1, 1, 0)),
        (3, 5, 6, 63, 16, 1, 1, 1, (1, 1), (1, 1), (0, 0, 0, 0)),
        (1, 11, 12, 64, 32, 3, 3, 4, (2, 2), (2, 2), (2, 2, 2, 2)),
        (1, 9, 9, 65, 8, 5, 5, 8, (1, 1), (1, 1), (2, 1, 0, 2)),
        (3, 13, 14, 3, 5, 5, 5, 1, (2, 2), (2, 2), (0, 0, 0, 0)),
        (1, 4, 5, 64, 64, 1, 1, 64, (2, 2), (1, 1), (0, 0, 0, 0)),
        (3, 8, 11, 65, 17, 3, 5, 3, (1, 2), (2, 1), (1, 2, 0, 1)),
        (1, 3, 3, 1, 1, 1, 1, 1, (1, 1), (1, 1), (0, 0, 0, 0)),
        (1, 10, 9, 63, 10, 3, 3, 10, (2, 2), (1, 1), (1, 0, 2, 1)),
        (1, 6, 7, 3, 16, 3, 3, 2, (1, 1), (2, 2), (2, 0, 1, 2)),
    ]
    write("sweep-conv.mlir",
          "lowrank_conv2d lowered (conv to r channels, then 1x1) vs the compress-decompress "
          "oracle (one dense conv with W = V·U).",
          [conv_layer(i, c, rng) for i, c in enumerate(convs)])
    # (M, K, N, r)
    matmuls = [(1, 1, 1, 1), (3, 3, 5, 1), (1, 63, 64, 63), (3, 64, 65, 8), (1, 65, 10, 10),
               (3, 300, 7, 2)]
    write("sweep-matmul.mlir",
          "lowrank_matmul lowered (two tosa.matmul + bias) vs the compress-decompress oracle.",
          [matmul_layer(i, m, rng) for i, m in enumerate(matmuls)])


if __name__ == "__main__":
    main()


def quarter(rng, n):
    """Multiples of 1/2 in [-1, 1]: products and sums of a few stay exact in f32."""
    return [rng.choice([-1.0, -0.5, 0.0, 0.5, 1.0]) for _ in range(n)]


def product(a, b, rows, r, cols):
    return [sum(a[i * r + j] * b[j * cols + k] for j in range(r))
            for i in range(rows) for k in range(cols)]


E2E_RUN = """// RUN: compress-opt %s --compress-lowrank="{opt}" 2>/dev/null | FileCheck %s --check-prefix=IR
// RUN: compress-opt %s --compress-lowrank="{opt}" --compress-lower-to-llvm=bare-ptr-abi=false 2>/dev/null \\
// RUN: | mlir-runner -e main -entry-point-result=void \\
// RUN:   -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils > %t.lowrank
// RUN: compress-opt %s --compress-lower-to-llvm=bare-ptr-abi=false \\
// RUN: | mlir-runner -e main -entry-point-result=void \\
// RUN:   -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils > %t.dense
// RUN: %python %S/Inputs/compare.py %t.lowrank %t.dense --rtol {rtol} | FileCheck %s
"""


def write_e2e(name, title, opt, rtol, noise, ir_checks, seed):
    rng = random.Random(seed)
    # conv: 1x12x12x16 -> 24, 3x3, pad 1, stride 1; W of rank 3 (+ noise).
    f, c, r = 24, 16, 3
    n = 9 * c
    w = product(quarter(rng, f * r), quarter(rng, r * n), f, r, n)
    w = [x + round(rng.uniform(-noise, noise), 6) for x in w] if noise else w
    bias = rand(rng, f)
    # matmul: [1, 40] x [40, 30] (B as the importer emits it: [1, K, N]), W = Bᵀ of rank 2.
    k, nn, r2 = 40, 30, 2
    wt = product(quarter(rng, nn * r2), quarter(rng, r2 * k), nn, r2, k)  # W[N, K]
    if noise:
        wt = [x + round(rng.uniform(-noise, noise), 6) for x in wt]
    bmat = [wt[j * k + i] for i in range(k) for j in range(nn)]  # B[K, N]
    xs, ys = (1, 12, 12, c), (1, 12, 12, f)
    parts = [E2E_RUN.format(opt=opt, rtol=rtol), f"// {title}", "//",
             "// Generated by Inputs/gen_lowrank_tests.py. The same module runs twice: through",
             f"// compress-lowrank{{{opt}}} and the lowering, and dense as written; compare.py",
             "// checks every printed tensor.", ""]
    parts += ir_checks
    parts += ["// CHECK: tensor 0 [1, 12, 12, 24]: {{.*}} ok",
              "// CHECK: tensor 1 [1, 1, 30]: {{.*}} ok",
              "// CHECK: compared 2 of 2 tensors, worst relative difference {{.*}}: OK", "",
              "func.func private @printMemrefF32(tensor<*xf32>)", "",
              make_input("input0", xs, 3), "",
              make_input("input1", (1, 1, k), 7), "",
              f"func.func @conv(%x: {ty(xs)}) -> {ty(ys)} {{",
              f"  %w = \"tosa.const\"() <{{values = dense<{dense(w, (f, 3, 3, c))}> : "
              f"{ty((f, 3, 3, c))}}}> : () -> {ty((f, 3, 3, c))}",
              f"  %b = \"tosa.const\"() <{{values = dense<{dense(bias, (f,))}> : {ty((f,))}}}> : "
              f"() -> {ty((f,))}",
              "  %zp = \"tosa.const\"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>",
              f"  %y = tosa.conv2d %x, %w, %b, %zp, %zp {{acc_type = f32, pad = array<i64: 1, 1, 1, 1>, "
              f"stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>}} : ({ty(xs)}, "
              f"{ty((f, 3, 3, c))}, {ty((f,))}, tensor<1xf32>, tensor<1xf32>) -> {ty(ys)} loc(\"conv\")",
              f"  return %y : {ty(ys)}", "}", "",
              f"func.func @fc(%x: {ty((1, 1, k))}) -> {ty((1, 1, nn))} {{",
              f"  %w = \"tosa.const\"() <{{values = dense<{dense(bmat, (1, k, nn))}> : "
              f"{ty((1, k, nn))}}}> : () -> {ty((1, k, nn))}",
              "  %zp = \"tosa.const\"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>",
              f"  %y = tosa.matmul %x, %w, %zp, %zp : ({ty((1, 1, k))}, {ty((1, k, nn))}, "
              f"tensor<1xf32>, tensor<1xf32>) -> {ty((1, 1, nn))} loc(\"fc\")",
              f"  return %y : {ty((1, 1, nn))}", "}", "",
              "func.func @main() {",
              f"  %x0 = call @input0() : () -> {ty(xs)}",
              f"  %y0 = call @conv(%x0) : ({ty(xs)}) -> {ty(ys)}",
              f"  %p0 = tensor.cast %y0 : {ty(ys)} to tensor<*xf32>",
              "  call @printMemrefF32(%p0) : (tensor<*xf32>) -> ()",
              f"  %x1 = call @input1() : () -> {ty((1, 1, k))}",
              f"  %y1 = call @fc(%x1) : ({ty((1, 1, k))}) -> {ty((1, 1, nn))}",
              f"  %p1 = tensor.cast %y1 : {ty((1, 1, nn))} to tensor<*xf32>",
              "  call @printMemrefF32(%p1) : (tensor<*xf32>) -> ()",
              "  return", "}"]
    with open(os.path.join(OUT, name), "w") as fh:
        fh.write("\n".join(parts) + "\n")


def main_e2e():
    write_e2e("e2e-exact-rank.mlir",
              "End to end: a conv of exact rank 3 and a matmul of exact rank 2 (weights made of "
              "halves, so\n// W is exactly of that rank in f32). energy=1 picks the numerical "
              "rank, which keeps W\n// whole up to the f32 rounding of the SVD factors (~1e-7 "
              "of the weight) and the\n// reordered sums: rtol 1e-5.",
              "energy=1.0", "1e-5", 0.0,
              ["// IR: compress.lowrank_conv2d {{.*}} params = \"rank=3 energy=1 kept=1.0000\"",
               "// IR-SAME: -> tensor<1x12x12x24xf32>",
               "// IR: compress.lowrank_matmul {{.*}} params = \"rank=2 energy=1 kept=1.0000\"",
               "// IR-SAME: -> tensor<1x30xf32>"], 31)
    write_e2e("e2e-near-rank.mlir",
              "End to end: the same layers plus uniform noise of amplitude 1e-3 on every weight "
              "(full rank,\n// but nearly rank 3 / 2). energy=0.999 drops the noise "
              "spectrum; the output then differs\n// from the dense layer by about the weight's "
              "rel_error (~1e-3): rtol 5e-3.",
              "energy=0.999", "5e-3", 1e-3,
              ["// IR: compress.lowrank_conv2d {{.*}} params = \"rank=3 energy=0.999 kept={{.*}}\"",
               "// IR: compress.lowrank_matmul {{.*}} params = \"rank=2 energy=0.999 kept={{.*}}\""],
              31)


if __name__ == "__main__":
    main_e2e()
