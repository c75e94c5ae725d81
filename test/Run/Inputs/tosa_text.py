"""TOSA text helpers shared by the model generators of test/Run (gen_threads_models.py,
gen_sparse_threads_models.py): f32 tensor types and tosa.const ops with hex-encoded
values."""
import numpy as np


def dense(a):
    return 'dense<"0x' + a.astype(np.float32).tobytes().hex().upper() + '">'


def ttype(shape):
    return "tensor<" + "x".join(map(str, shape)) + "xf32>"


def const(name, a):
    return f'  %{name} = "tosa.const"() {{values = {dense(a)} : {ttype(a.shape)}}} : () -> {ttype(a.shape)}\n'
