"""compress.compile + compress.load on a conv + relu ONNX model, checked against NumPy.
  compile_run.py WORKDIR"""
import os
import sys

import numpy as np

import compress
import models

work = sys.argv[1]
os.chdir(work)
models.conv_relu("conv.onnx", symbolic_batch=True)
x = np.random.RandomState(3).standard_normal(models.SHAPE).astype(np.float32)
reference = models.conv_reference(x)

# Plain compilation: the shape given as a dict, the default entry.
out = compress.compile("conv.onnx", output="libconv.so", input_shape={"x": models.SHAPE})
print("library", os.path.basename(out.library), "header", os.path.basename(out.header),
      "report", out.report, "diagnostics", repr(out.diagnostics))
model = compress.load(out.library)
print("inputs", model.inputs)
print("outputs", model.outputs)
print("info entry", model.info["entry"])
y, z = model(x)
print("y", y.dtype, y.shape, "max error %.1e" % np.abs(y - reference).max(),
      "ok" if np.allclose(y, reference, rtol=1e-5, atol=1e-5) else "MISMATCH")
print("z = relu(y):", np.array_equal(z, np.maximum(y, 0)))
# A non-contiguous input is copied to C order first.
xf = np.asfortranarray(x)
print("fortran-order input:", np.array_equal(model(xf)[0], y))
model.close()

# Compressed, the shape as text, another entry, the report as a dict.
out = compress.compile("conv.onnx", output="libcb.so", input_shape="x=1,3,7,9",
                       codebook_bits=4, entry="cls", O=3, report=True)
print("report keys", sorted(out.report))
layer = out.report["layers"][0]
print("layer", layer["layer"], layer["method"], layer["weight_bytes_before"], "->",
      layer["weight_bytes_after"])
with compress.load(out.library, entry="cls") as model:
    y4, _ = model(x)
    # 16 shared weight values: close to the float model, not equal.
    error = np.abs(y4 - reference).max() / np.abs(reference).max()
    print("codebook relative error below 0.2:", 0 < error < 0.2)

# The text report, and a stage before the library (no header then).
out = compress.compile("conv.onnx", output="conv.mlir", emit="compressed",
                       input_shape="x=1,3,7,9", prune_sparsity=0.5, report="text")
print("text report mentions conv:", "conv" in out.report)
print("emit=compressed:", out.library, out.header, os.path.exists("conv.mlir"))

# Compilations in several threads at once (each has its own MLIRContext; ctypes
# releases the GIL): each gets its own options and report.
import threading  # noqa: E402

bytes_after = {}


def compile_bits(bits):
    out = compress.compile("conv.onnx", output=f"lib{bits}.so", input_shape="x=1,3,7,9",
                           codebook_bits=bits, report=True)
    bytes_after[bits] = out.report["total_weight_bytes_after"]


threads = [threading.Thread(target=compile_bits, args=(bits,)) for bits in (2, 3, 4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("threads:", sorted(bytes_after.items()))
