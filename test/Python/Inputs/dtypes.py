"""Compress.load on a model with int64 / uint32 inputs (range
checked) and a float32 output; the library is compiled by the .test.
  dtypes.py LIBRARY"""
import sys

import numpy as np

import compress

model = compress.load(sys.argv[1])
print("dtypes", [str(d) for d in model.input_dtypes], [str(d) for d in model.output_dtypes])
print("ranges", [t.get("range") for t in model.info["inputs"]])
a = np.array([1 << 24, -(1 << 24), 3], np.int64)
b = np.array([1 << 24, 0, 5], np.uint32)
y = model(a, b)
print("y", y.dtype, "ok" if np.array_equal(y, a.astype(np.float32) + b.astype(np.float32)) else "MISMATCH")
try:
    model(a.astype(np.float32), b)
except TypeError as e:
    print("TypeError", e)
try:
    model(np.array([0, (1 << 24) + 1, 0], np.int64), b)
except compress.ModelError as e:
    print("ModelError", e.code)
