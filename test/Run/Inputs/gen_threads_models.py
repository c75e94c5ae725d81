"""Writes the TOSA models of test/Run/threads.test into the current folder, with
seeded random weights: conv (3x3, 28x28x32 -> 65 channels, bias + ReLU), depthwise
(3x3, 28x28x96, stride 2), fc (1x1024 . 1024x1000), fc16 (16x1024 . 1024x256), tiny
(3x3 conv 6x6x3 -> 8: below the parallel threshold), and their inputs as .npy."""
import numpy as np

from tosa_text import const, ttype

rng = np.random.default_rng(12)


ZP = '  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>\n'


def conv(name, h, w, c, f, k, stride, relu):
    x = (h, w, c)
    oh, ow = (h - k) // stride + 1, (w - k) // stride + 1
    out = (1, oh, ow, f)
    body = ZP + const("w", rng.standard_normal((f, k, k, c)) / np.sqrt(k * k * c))
    body += const("b", rng.standard_normal(f))
    body += (f"  %y = tosa.conv2d %x, %w, %b, %zp, %zp {{acc_type = f32, pad = array<i64: 0, 0, 0, 0>, "
             f"stride = array<i64: {stride}, {stride}>, dilation = array<i64: 1, 1>}} : "
             f"({ttype((1,) + x)}, {ttype((f, k, k, c))}, {ttype((f,))}, tensor<1xf32>, tensor<1xf32>) -> {ttype(out)}\n")
    ret = "%y"
    if relu:
        body += f"  %r = tosa.clamp %y {{min_val = 0.0 : f32, max_val = 3.4e38 : f32}} : ({ttype(out)}) -> {ttype(out)}\n"
        ret = "%r"
    write(name, [(1,) + x], out, body, ret)


def depthwise(name, h, w, c, k, stride):
    oh, ow = (h - k) // stride + 1, (w - k) // stride + 1
    out = (1, oh, ow, c)
    body = ZP + const("w", rng.standard_normal((k, k, c, 1)) / k)
    body += const("b", rng.standard_normal(c))
    body += (f"  %y = tosa.depthwise_conv2d %x, %w, %b, %zp, %zp {{acc_type = f32, pad = array<i64: 0, 0, 0, 0>, "
             f"stride = array<i64: {stride}, {stride}>, dilation = array<i64: 1, 1>}} : "
             f"({ttype((1, h, w, c))}, {ttype((k, k, c, 1))}, {ttype((c,))}, tensor<1xf32>, tensor<1xf32>) -> {ttype(out)}\n")
    write(name, [(1, h, w, c)], out, body, "%y")


def fc(name, m, k, n):
    out = (1, m, n)
    body = ZP + const("w", rng.standard_normal((1, k, n)) / np.sqrt(k))
    body += (f"  %y = tosa.matmul %x, %w, %zp, %zp : ({ttype((1, m, k))}, {ttype((1, k, n))}, "
             f"tensor<1xf32>, tensor<1xf32>) -> {ttype(out)}\n")
    write(name, [(1, m, k)], out, body, "%y")


def write(name, inputs, out, body, ret):
    args = ", ".join(f"%x: {ttype(s)}" for s in inputs)
    with open(name + ".mlir", "w") as f:
        f.write(f"func.func @model({args}) -> {ttype(out)} {{\n{body}  return {ret} : {ttype(out)}\n}}\n")
    np.save(name + "_x.npy", rng.standard_normal(inputs[0]).astype(np.float32))


conv("conv", 30, 30, 32, 65, 3, 1, True)
depthwise("depthwise", 57, 57, 96, 3, 2)
fc("fc", 1, 1024, 1000)
fc("fc16", 16, 1024, 256)
conv("tiny", 6, 6, 3, 8, 3, 1, False)
