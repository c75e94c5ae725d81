#!/usr/bin/env python3
"""Writes the sparse execution tests of test/Integration/Sparse.

Each test file holds several layers as compress.sparse_conv2d / sparse_matmul ops
with CSR constants written here (random weights, chosen sparsity, some rows
empty). @main feeds each layer an input made of index-dependent values (a
linalg.generic in a called function, so nothing folds) and prints the result's
f32 bits as i32 (exact, no decimal rounding). The lit test runs the file twice:
lowered as is (convert-compress-to-linalg's sparse loops) and through the
compress-decompress oracle (dense tosa ops); compare.py checks every element
within the tolerance. Run from the repository root:
  python3 test/Integration/Sparse/Inputs/gen_sparse_tests.py
"""
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.dirname(HERE)

RUN = """// RUN: compress-opt %s --compress-lower-to-llvm=bare-ptr-abi=false \\
// RUN: | mlir-runner -e main -entry-point-result=void \\
// RUN:   -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils > %t.sparse
// RUN: compress-opt %s --compress-decompress --compress-lower-to-llvm=bare-ptr-abi=false \\
// RUN: | mlir-runner -e main -entry-point-result=void \\
// RUN:   -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils > %t.oracle
// RUN: %python %S/Inputs/compare.py %t.sparse %t.oracle | FileCheck %s
"""

# The oracle folds the runtime column indices back to constants (compress-decompress
# needs them); the sparse side lowers them as they are, which convert-compress-to-linalg
# only does with allow-computed-indices (the generated columns are in range).
VECTOR_RUN = RUN.replace("compress-opt %s --compress-decompress", "compress-opt %s --canonicalize --compress-decompress") \
    .replace("compress-opt %s --compress-lower-to-llvm=bare-ptr-abi=false",
             "compress-opt %s '--compress-lower-to-llvm=bare-ptr-abi=false allow-computed-indices'", 1)
assert "allow-computed-indices" in VECTOR_RUN

E2E_RUN = """// RUN: compress-opt %s --compress-prune=sparsity=0.7 --compress-sparsify=min-sparsity=0.5 2>/dev/null | FileCheck %s --check-prefix=IR
// RUN: compress-opt %s --compress-prune=sparsity=0.7 --compress-sparsify=min-sparsity=0.5 --compress-lower-to-llvm=bare-ptr-abi=false 2>/dev/null \\
// RUN: | mlir-runner -e main -entry-point-result=void \\
// RUN:   -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils > %t.sparse
// RUN: compress-opt %s --compress-prune=sparsity=0.7 --compress-lower-to-llvm=bare-ptr-abi=false 2>/dev/null \\
// RUN: | mlir-runner -e main -entry-point-result=void \\
// RUN:   -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils > %t.oracle
// RUN: %python %S/Inputs/compare.py %t.sparse %t.oracle | FileCheck %s
// IR-COUNT-4: compress.sparse_conv2d
// IR-NOT: tosa.conv2d
// IR-NOT: tosa.depthwise_conv2d
"""


def fmt(v):
    return "%.9e" % v


def nested(values, shape):
    """A nested dense literal of a flat list of floats."""
    def rec(off, dims):
        if not dims:
            return fmt(values[off])
        step = 1
        for d in dims[1:]:
            step *= d
        return "[" + ", ".join(rec(off + i * step, dims[1:]) for i in range(dims[0])) + "]"
    return rec(0, shape)


def ty(shape, elt="f32"):
    return "tensor<" + "x".join(str(d) for d in shape) + "x" + elt + ">"


def lit(values, elt):
    if not values:
        return "dense<> : " + ty([0], elt)
    f = fmt if elt == "f32" else str
    return "dense<[" + ", ".join(f(v) for v in values) + "]> : " + ty([len(values)], elt)


def make_csr(rng, rows, cols, sparsity, empty_rows=()):
    """Random CSR with about `sparsity` zeros (exactly all zeros at 1.0)."""
    values, col_idx, offsets = [], [], [0]
    for r in range(rows):
        if r not in empty_rows:
            for c in range(cols):
                if rng.random() >= sparsity:
                    v = round(rng.uniform(-1, 1), 3)
                    if v == 0:
                        v = 0.5
                    values.append(v)
                    col_idx.append(c)
        offsets.append(len(values))
    return values, col_idx, offsets


def input_fn(name, shape, seed):
    """func @name() -> tensor: element = ((lin·7919 + seed) mod 23) / 11 − 1."""
    rank = len(shape)
    t = ty(shape)
    dims = ", ".join("d%d" % i for i in range(rank))
    par = ", ".join(['"parallel"'] * rank)
    body = ["    %lin0 = linalg.index 0 : index"]
    for d in range(1, rank):
        body += ["    %%i%d = linalg.index %d : index" % (d, d),
                 "    %%s%d = arith.constant %d : index" % (d, shape[d]),
                 "    %%m%d = arith.muli %%lin%d, %%s%d : index" % (d, d - 1, d),
                 "    %%lin%d = arith.addi %%m%d, %%i%d : index" % (d, d, d)]
    body += ["    %mul = arith.constant 7919 : index",
             "    %%p0 = arith.muli %%lin%d, %%mul : index" % (rank - 1),
             "    %%sd = arith.constant %d : index" % seed,
             "    %p = arith.addi %p0, %sd : index",
             "    %c23 = arith.constant 23 : index",
             "    %q = arith.remui %p, %c23 : index",
             "    %qi = arith.index_cast %q : index to i32",
             "    %qf = arith.sitofp %qi : i32 to f32",
             "    %c11 = arith.constant 11.0 : f32",
             "    %one = arith.constant 1.0 : f32",
             "    %d = arith.divf %qf, %c11 : f32",
             "    %v = arith.subf %d, %one : f32",
             "    linalg.yield %v : f32"]
    return "\n".join([
        "func.func @%s() -> %s {" % (name, t),
        "  %%e = tensor.empty() : %s" % t,
        "  %%r = linalg.generic {indexing_maps = [affine_map<(%s) -> (%s)>], iterator_types = [%s]} outs(%%e : %s) {" % (dims, dims, par, t),
        "  ^bb0(%o: f32):"] + body + [
        "  } -> %s" % t,
        "  return %r : " + t,
        "}"])


def print_fn(shape):
    rank = len(shape)
    dims = ", ".join("d%d" % i for i in range(rank))
    par = ", ".join(['"parallel"'] * rank)
    m = "affine_map<(%s) -> (%s)>" % (dims, dims)
    name = "print_" + "x".join(str(d) for d in shape)
    return name, "\n".join([
        "func.func @%s(%%y: %s) {" % (name, ty(shape)),
        "  %%e = tensor.empty() : %s" % ty(shape, "i32"),
        "  %%b = linalg.generic {indexing_maps = [%s, %s], iterator_types = [%s]} ins(%%y : %s) outs(%%e : %s) {" % (m, m, par, ty(shape), ty(shape, "i32")),
        "  ^bb0(%a: f32, %o: i32):",
        "    %c = arith.bitcast %a : f32 to i32",
        "    linalg.yield %c : i32",
        "  } -> " + ty(shape, "i32"),
        "  %%u = tensor.cast %%b : %s to tensor<*xi32>" % ty(shape, "i32"),
        "  call @printMemrefI32(%u) : (tensor<*xi32>) -> ()",
        "  return",
        "}"])


def cols_def(cols, runtime):
    """%c: the column indices as a constant, or (runtime) as that constant plus a zero
    tensor, which convert-compress-to-linalg (the first pass) sees as a non-constant."""
    if not runtime or not cols:
        return "  %%c = arith.constant %s" % lit(cols, "i32")
    t = ty([len(cols)], "i32")
    return "\n".join(["  %%c0 = arith.constant %s" % lit(cols, "i32"),
                      "  %%cz = arith.constant dense<0> : %s" % t,
                      "  %%c = arith.addi %%c0, %%cz : %s" % t])


def out_size(size, k, s, p0, p1, d):
    return (size + p0 + p1 - d * (k - 1) - 1) // s + 1


class File:
    def __init__(self, name, doc):
        self.name, self.doc = name, doc
        self.funcs, self.calls, self.prints, self.cases = [], [], {}, []

    def _print(self, shape):
        name, text = print_fn(shape)
        self.prints[name] = text
        return name

    def conv(self, rng, n, h, w, c, f, kh, kw, stride=(1, 1), pad=(0, 0, 0, 0), dil=(1, 1),
             groups=1, sparsity=0.7, empty_rows=(), runtime_cols=False):
        k = len(self.cases)
        cg = c // groups
        oh = out_size(h, kh, stride[0], pad[0], pad[1], dil[0])
        ow = out_size(w, kw, stride[1], pad[2], pad[3], dil[1])
        vals, cols, offs = make_csr(rng, f, kh * kw * cg, sparsity, empty_rows)
        bias = [round(rng.uniform(-1, 1), 3) for _ in range(f)]
        nnz = len(vals)
        xin, yout = [n, h, w, c], [n, oh, ow, f]
        desc = ("conv N=%d %dx%d C=%d F=%d k=%dx%d stride=%s pad=%s dil=%s groups=%d nnz=%d/%d%s"
                % (n, h, w, c, f, kh, kw, stride, pad, dil, groups, nnz, f * kh * kw * cg,
                   " runtime columns" if runtime_cols else ""))
        self.cases.append(desc)
        self.funcs.append("\n".join([
            "// " + desc,
            "func.func @case%d(%%x: %s) -> %s {" % (k, ty(xin), ty(yout)),
            "  %%v = arith.constant %s" % lit(vals, "f32"),
            cols_def(cols, runtime_cols),
            "  %%r = arith.constant %s" % lit(offs, "i32"),
            "  %%b = arith.constant %s" % lit(bias, "f32"),
            "  %%y = compress.sparse_conv2d %%x, %%v, %%c, %%r, %%b {kernel_size = array<i64: %d, %d>, strides = array<i64: %d, %d>, pad = array<i64: %d, %d, %d, %d>, dilations = array<i64: %d, %d>, groups = %d : i64}"
            % ((kh, kw) + tuple(stride) + tuple(pad) + tuple(dil) + (groups,)),
            "       : (%s, %s, %s, %s, %s) -> %s" % (ty(xin), ty([nnz]), ty([nnz], "i32"),
                                                    ty([f + 1], "i32"), ty([f]), ty(yout)),
            "  return %%y : %s" % ty(yout),
            "}",
            input_fn("input%d" % k, xin, k)]))
        p = self._print(yout)
        self.calls.append("  %%x%d = call @input%d() : () -> %s\n  %%y%d = call @case%d(%%x%d) : (%s) -> %s\n  call @%s(%%y%d) : (%s) -> ()"
                          % (k, k, ty(xin), k, k, k, ty(xin), ty(yout), p, k, ty(yout)))

    def matmul(self, rng, m, kdim, n, sparsity=0.7, empty_rows=(), runtime_cols=False):
        k = len(self.cases)
        vals, cols, offs = make_csr(rng, n, kdim, sparsity, empty_rows)
        bias = [round(rng.uniform(-1, 1), 3) for _ in range(n)]
        nnz = len(vals)
        desc = "matmul M=%d K=%d N=%d nnz=%d/%d%s" % (m, kdim, n, nnz, n * kdim,
                                                     " runtime columns" if runtime_cols else "")
        self.cases.append(desc)
        xin, yout = [m, kdim], [m, n]
        self.funcs.append("\n".join([
            "// " + desc,
            "func.func @case%d(%%x: %s) -> %s {" % (k, ty(xin), ty(yout)),
            "  %%v = arith.constant %s" % lit(vals, "f32"),
            cols_def(cols, runtime_cols),
            "  %%r = arith.constant %s" % lit(offs, "i32"),
            "  %%b = arith.constant %s" % lit(bias, "f32"),
            "  %y = compress.sparse_matmul %x, %v, %c, %r, %b",
            "       : (%s, %s, %s, %s, %s) -> %s" % (ty(xin), ty([nnz]), ty([nnz], "i32"),
                                                    ty([n + 1], "i32"), ty([n]), ty(yout)),
            "  return %%y : %s" % ty(yout),
            "}",
            input_fn("input%d" % k, xin, k)]))
        p = self._print(yout)
        self.calls.append("  %%x%d = call @input%d() : () -> %s\n  %%y%d = call @case%d(%%x%d) : (%s) -> %s\n  call @%s(%%y%d) : (%s) -> ()"
                          % (k, k, ty(xin), k, k, k, ty(xin), ty(yout), p, k, ty(yout)))

    def tosa_conv(self, rng, n, h, w, c, f, kh, kw, stride=(1, 1), pad=(0, 0, 0, 0),
                  dil=(1, 1), depthwise=False):
        """A dense tosa.conv2d (or depthwise_conv2d, multiplier 1) with random weights."""
        k = len(self.cases)
        oh = out_size(h, kh, stride[0], pad[0], pad[1], dil[0])
        ow = out_size(w, kw, stride[1], pad[2], pad[3], dil[1])
        wshape = [kh, kw, c, 1] if depthwise else [f, kh, kw, c]
        if depthwise:
            f = c
        count = 1
        for d in wshape:
            count *= d
        weights = [round(rng.uniform(-1, 1), 3) or 0.5 for _ in range(count)]
        bias = [round(rng.uniform(-1, 1), 3) for _ in range(f)]
        xin, yout = [n, h, w, c], [n, oh, ow, f]
        op = "tosa.depthwise_conv2d" if depthwise else "tosa.conv2d"
        self.cases.append("%s N=%d %dx%d C=%d F=%d k=%dx%d" % (op, n, h, w, c, f, kh, kw))
        self.funcs.append("\n".join([
            "func.func @case%d(%%x: %s) -> %s {" % (k, ty(xin), ty(yout)),
            "  %%wr = \"tosa.const\"() {values = dense<%s> : %s} : () -> %s"
            % (nested(weights, wshape), ty(wshape), ty(wshape)),
            "  %%b = \"tosa.const\"() {values = %s} : () -> %s" % (lit(bias, "f32"), ty([f])),
            "  %zp = \"tosa.const\"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>",
            "  %%y = %s %%x, %%wr, %%b, %%zp, %%zp {acc_type = f32, pad = array<i64: %d, %d, %d, %d>, stride = array<i64: %d, %d>, dilation = array<i64: %d, %d>} : (%s, %s, %s, tensor<1xf32>, tensor<1xf32>) -> %s"
            % ((op,) + tuple(pad) + tuple(stride) + tuple(dil) + (ty(xin), ty(wshape), ty([f]), ty(yout))),
            "  return %%y : %s" % ty(yout),
            "}",
            input_fn("input%d" % k, xin, k)]))
        p = self._print(yout)
        self.calls.append("  %%x%d = call @input%d() : () -> %s\n  %%y%d = call @case%d(%%x%d) : (%s) -> %s\n  call @%s(%%y%d) : (%s) -> ()"
                          % (k, k, ty(xin), k, k, k, ty(xin), ty(yout), p, k, ty(yout)))

    def write(self, run=RUN):
        lines = [run, "// " + self.doc, "// Generated by Inputs/gen_sparse_tests.py; tolerance: see Inputs/compare.py.",
                 "// CHECK: %d cases, %d within tolerance" % (len(self.cases), len(self.cases)), "",
                 "func.func private @printMemrefI32(tensor<*xi32>)", ""]
        lines += list(self.prints.values()) + [""]
        lines += ["\n\n".join(self.funcs), "", "func.func @main() {"] + self.calls + ["  return", "}", ""]
        with open(os.path.join(OUT, self.name), "w") as fh:
            fh.write("\n".join(lines))


def main():
    rng = random.Random(20240601)

    f = File("conv-channels.mlir", "Channel counts 1, 3, 63, 64, 65, 130 (3x3, pad 1), some rows empty.")
    for c, fo in [(1, 4), (3, 8), (63, 5), (64, 7), (65, 6), (130, 5)]:
        f.conv(rng, 1, 5, 7, c, fo, 3, 3, pad=(1, 1, 1, 1), sparsity=0.7, empty_rows=(1,))
    f.write()

    f = File("conv-geometry.mlir", "Kernels 1, 3, 5; stride 1-2; dilation 1-2; padding 0-2 and asymmetric; batch 1 and 3.")
    f.conv(rng, 1, 7, 13, 5, 6, 1, 1, sparsity=0.5)
    f.conv(rng, 3, 7, 13, 5, 6, 1, 1, stride=(2, 2), sparsity=0.5)
    f.conv(rng, 1, 7, 13, 4, 5, 3, 3, stride=(2, 1), pad=(1, 0, 2, 1), sparsity=0.6)
    f.conv(rng, 3, 8, 9, 3, 4, 3, 3, stride=(1, 2), pad=(0, 2, 1, 0), dil=(2, 1), sparsity=0.6)
    f.conv(rng, 1, 9, 11, 6, 4, 5, 5, pad=(2, 2, 2, 2), sparsity=0.8)
    f.conv(rng, 2, 11, 12, 3, 5, 5, 3, stride=(2, 2), pad=(2, 1, 0, 2), dil=(2, 2), sparsity=0.5)
    f.conv(rng, 1, 6, 6, 2, 3, 3, 5, dil=(1, 2), pad=(1, 1, 2, 2), sparsity=0.3)
    f.write()

    f = File("conv-groups.mlir", "Grouped and depthwise (channel multiplier 1 and 2) sparse convs.")
    f.conv(rng, 1, 7, 9, 6, 4, 3, 3, pad=(1, 1, 1, 1), groups=2, sparsity=0.5)
    f.conv(rng, 1, 7, 9, 65, 65, 3, 3, pad=(1, 1, 1, 1), groups=65, sparsity=0.5, empty_rows=(0, 64))
    f.conv(rng, 3, 7, 9, 3, 6, 3, 3, stride=(2, 2), pad=(0, 1, 1, 0), groups=3, sparsity=0.4)
    f.conv(rng, 1, 8, 8, 130, 130, 5, 5, pad=(2, 2, 2, 2), dil=(1, 1), groups=130, sparsity=0.7)
    f.write()

    f = File("conv-sparsity.mlir", "Sparsity 0 %, 50 %, 90 %, 100 % (nnz = 0), with empty rows.")
    for s, empty in [(0.0, ()), (0.5, (0, 2)), (0.9, (3,)), (1.0, ())]:
        f.conv(rng, 1, 6, 7, 17, 9, 3, 3, pad=(1, 1, 1, 1), sparsity=s, empty_rows=empty)
    f.write()

    f = File("matmul.mlir", "sparse_matmul: K 1, 3, 65, 130; M 1 and 3; sparsity 0-100 %, empty rows.")
    f.matmul(rng, 1, 1, 4, sparsity=0.0)
    f.matmul(rng, 3, 3, 5, sparsity=0.5, empty_rows=(2,))
    f.matmul(rng, 1, 65, 64, sparsity=0.9)
    f.matmul(rng, 3, 130, 33, sparsity=0.5, empty_rows=(0, 32))
    f.matmul(rng, 2, 64, 7, sparsity=1.0)
    f.write()

    f = File("e2e-prune-sparsify.mlir",
             "End to end: dense tosa convs pruned to 70 % (compress-prune), then sparsified and lowered,\n"
             "// against the same pruned weights run dense (prune only).")
    f.tosa_conv(rng, 1, 9, 11, 16, 24, 3, 3, pad=(1, 1, 1, 1))
    f.tosa_conv(rng, 3, 8, 8, 65, 10, 3, 3, stride=(2, 2), pad=(0, 1, 0, 1))
    f.tosa_conv(rng, 1, 9, 9, 33, 33, 5, 5, pad=(2, 2, 2, 2), depthwise=True)
    f.tosa_conv(rng, 1, 7, 7, 40, 12, 1, 1)
    f.write(E2E_RUN)

    f = File("vector-lanes.mlir",
             "Vector lengths of the lowering (up to 32 lanes over OW / M, several chunks, an overlapping\n"
             "// last chunk),"
             " stride 3, runtime (non-constant) column indices.")
    f.conv(rng, 1, 5, 40, 3, 5, 3, 3, pad=(1, 1, 1, 1), sparsity=0.5)
    f.conv(rng, 2, 6, 75, 4, 3, 3, 3, stride=(1, 3), pad=(1, 1, 0, 2), dil=(1, 2), sparsity=0.6)
    f.conv(rng, 1, 4, 70, 5, 4, 1, 5, stride=(2, 2), dil=(1, 2), sparsity=0.5, empty_rows=(2,))
    f.conv(rng, 1, 5, 7, 6, 4, 3, 3, stride=(1, 2), pad=(1, 1, 1, 1), groups=2, sparsity=0.5,
           runtime_cols=True)
    f.conv(rng, 1, 3, 68, 3, 6, 1, 3, pad=(0, 0, 1, 0), sparsity=0.7, runtime_cols=True)
    f.matmul(rng, 4, 9, 6, sparsity=0.5)
    f.matmul(rng, 5, 9, 6, sparsity=0.5, empty_rows=(1,))
    f.matmul(rng, 70, 20, 9, sparsity=0.7, runtime_cols=True)
    f.write(VECTOR_RUN)

    f = File("row-blocks.mlir",
             "The conv kernel's row passes and pixel chunks: OW 14 (16 lanes, 4 rows per pass,\n"
             "// a tail pass of 2), OW 7 (8 lanes, all 7 rows in one pass), OW 28 (32 lanes, 2 rows,\n"
             "// a tail of 1), OW 56 (two fused chunks of 32), OW 3 (3 lanes), stride 2 with a\n"
             "// chunk past OW reading the relayout's padding, batch 2.")
    f.conv(rng, 1, 14, 14, 9, 5, 3, 3, pad=(1, 1, 1, 1), sparsity=0.6)
    f.conv(rng, 2, 7, 7, 17, 9, 3, 3, pad=(1, 1, 1, 1), sparsity=0.7, empty_rows=(4,))
    f.conv(rng, 1, 5, 28, 6, 4, 3, 3, pad=(1, 1, 1, 1), sparsity=0.5)
    f.conv(rng, 1, 3, 56, 4, 3, 3, 3, pad=(1, 1, 1, 1), sparsity=0.5)
    f.conv(rng, 1, 4, 3, 5, 4, 3, 3, pad=(1, 1, 1, 1), sparsity=0.5)
    f.conv(rng, 1, 11, 29, 5, 6, 3, 3, stride=(2, 2), pad=(1, 1, 1, 1), dil=(1, 2),
           sparsity=0.6)
    f.write()


if __name__ == "__main__":
    main()
