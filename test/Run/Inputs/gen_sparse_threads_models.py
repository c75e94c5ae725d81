"""Writes the TOSA models of test/Run/sparse-threads.test into the current folder: convs
and FCs whose seeded random weights are 90 % zeros (magnitude-pruned: the smallest 90 %
set to 0), so that compress-sparsify turns every one into a CSR layer, and their inputs
as .npy. Shapes on and off the kernel's tile edges: prime widths, channels 1/3/63/65/130,
stride 2, a 7x7 layer (one row pass), a 1x1 conv, FC at batch 1 (131 rows: blocks of one)
and 16. Prints the case names."""
import numpy as np

from tosa_text import const, ttype

rng = np.random.default_rng(41)


def pruned(shape, fan_in):
    w = rng.standard_normal(shape) / np.sqrt(fan_in)
    w[np.abs(w) < np.quantile(np.abs(w), 0.9)] = 0.0
    return w


ZP = '  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>\n'


def conv(name, h, w, c, f, k, stride, pad):
    oh, ow = (h + 2 * pad - k) // stride + 1, (w + 2 * pad - k) // stride + 1
    out = (1, oh, ow, f)
    body = ZP + const("w", pruned((f, k, k, c), k * k * c)) + const("b", rng.standard_normal(f))
    body += (f"  %y = tosa.conv2d %x, %w, %b, %zp, %zp {{acc_type = f32, pad = array<i64: {pad}, {pad}, {pad}, {pad}>, "
             f"stride = array<i64: {stride}, {stride}>, dilation = array<i64: 1, 1>}} : "
             f"({ttype((1, h, w, c))}, {ttype((f, k, k, c))}, {ttype((f,))}, tensor<1xf32>, tensor<1xf32>) -> {ttype(out)}\n")
    write(name, (1, h, w, c), out, body)


def fc(name, m, k, n):
    out = (1, m, n)
    body = ZP + const("w", pruned((1, k, n), k))
    body += (f"  %y = tosa.matmul %x, %w, %zp, %zp : ({ttype((1, m, k))}, {ttype((1, k, n))}, "
             f"tensor<1xf32>, tensor<1xf32>) -> {ttype(out)}\n")
    write(name, (1, m, k), out, body)


def write(name, inp, out, body):
    with open(name + ".mlir", "w") as f:
        f.write(f"func.func @model(%x: {ttype(inp)}) -> {ttype(out)} {{\n{body}  return %y : {ttype(out)}\n}}\n")
    np.save(name + "_x.npy", rng.standard_normal(inp).astype(np.float32))
    print(name)


conv("c3", 17, 13, 3, 63, 3, 1, 1)      # C 3, F 63 (one block), OW 13 (prime)
conv("c65", 14, 14, 65, 130, 3, 1, 1)   # C 65, F 130: 2 blocks of 65; a tail pass
conv("s2", 31, 29, 16, 1, 3, 2, 1)      # stride 2, F 1, OW 15
conv("d7", 7, 7, 64, 128, 3, 1, 1)      # one row pass, 2 blocks of 64
conv("pw", 11, 11, 130, 65, 1, 1, 0)    # 1x1
fc("fc1", 1, 256, 131)                  # prime rows: blocks of 1
fc("fc16", 16, 256, 130)
