"""Calls the entry points of the library compiled from conv-abi.mlir through ctypes and
compares with a NumPy conv (NCHW, OIHW weights, pads top=1 bottom=0 left=0 right=0)."""
import ctypes
import sys

import numpy as np

lib = ctypes.CDLL(sys.argv[1])
lib.model_info.restype = ctypes.c_char_p
print("info:", lib.model_info().decode())

x = (np.arange(2 * 3 * 8 * 13, dtype=np.float32).reshape(2, 3, 8, 13) % 11 - 5) / 4
w_ohwi = np.array([[[[0.1, -0.2, 0.3]], [[0.4, 0.5, -0.6]], [[0.7, -0.8, 0.9]]],
                   [[[-1.0, 1.1, 1.2]], [[1.3, -1.4, 1.5]], [[-1.6, 1.7, 1.8]]],
                   [[[0.2, 0.2, 0.2]], [[-0.3, -0.3, -0.3]], [[0.5, 0.0, -0.5]]],
                   [[[1.0, 0.0, 0.0]], [[0.0, 1.0, 0.0]], [[0.0, 0.0, 1.0]]],
                   [[[-0.5, 0.25, -0.125]], [[0.0625, -0.03125, 2.0]], [[3.0, -4.0, 0.5]]]],
                  dtype=np.float32)
w = w_ohwi.transpose(0, 3, 1, 2)  # OIHW, 5x3x3x1
b = np.array([0.1, -0.2, 0.3, 0.0, 1.5], dtype=np.float32)
xp = np.pad(x, ((0, 0), (0, 0), (1, 0), (0, 0)))
oh, ow = (xp.shape[2] - 3) // 2 + 1, (xp.shape[3] - 1) // 2 + 1
ref = np.zeros((2, 5, oh, ow), dtype=np.float64)
for f in range(5):
    for i in range(3):
        ref[:, f] += np.einsum("nchw,c->nhw", xp[:, :, i:i + 2 * oh - 1:2, 0:2 * ow - 1:2], w[f, :, i, 0])
    ref[:, f] += b[f]
ref = np.clip(ref, 0, 6)

out = np.full((2, 5, 4, 7), np.nan, dtype=np.float32)  # NaN: an unwritten element fails
ptr = lambda a: a.ctypes.data_as(ctypes.c_void_p)
print("null buffer:", lib.model(ptr(x), None))
buffers = (ctypes.c_void_p * 2)(x.ctypes.data, out.ctypes.data)
print("packed:", lib.model_packed(buffers))
ok1 = np.allclose(out, ref, rtol=1e-5, atol=1e-6)
out[:] = np.nan
print("direct:", lib.model(ptr(x), ptr(out)))
ok2 = np.allclose(out, ref, rtol=1e-5, atol=1e-6)
print("match:", ok1 and ok2, float(np.max(np.abs(out - ref))))
