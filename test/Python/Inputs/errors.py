"""Each error of the Python package, printed as `<label>: <type>: <message>`.
  errors.py WORKDIR"""
import os
import sys

import numpy as np

import compress
import models


def show(label, call):
    try:
        call()
        print(f"{label}: no error")
    except Exception as e:  # noqa: BLE001 - the type is part of what is checked
        print(f"{label}: {type(e).__name__}: {e}")


os.chdir(sys.argv[1])
# Before the library is first loaded: a wrong $COMPRESS_LIBRARY.
library = os.environ["COMPRESS_LIBRARY"]
os.environ["COMPRESS_LIBRARY"] = os.path.join(sys.argv[1], "nowhere", "libcompress-c.so")
show("no C library", lambda: compress.load("libconv.so"))
os.environ["COMPRESS_LIBRARY"] = library

models.conv_relu("conv.onnx")
show("unknown option", lambda: compress.compile("conv.onnx", codebok_bits=4))
show("bad value", lambda: compress.compile("conv.onnx", codebook_bits="four"))
show("bad choice", lambda: compress.compile("conv.onnx", prune_sparsity=0.5, prune_scope="model"))
show("bad shape text", lambda: compress.compile("conv.onnx", input_shape="x=1,three"))
show("range", lambda: compress.compile("conv.onnx", codebook_bits=9))
show("combination", lambda: compress.compile("conv.onnx", codebook_layers=["conv"]))
show("unknown layer", lambda: compress.compile("conv.onnx", codebook_bits=4,
                                               codebook_layers="conv,cnov"))
show("missing model", lambda: compress.compile("missing.onnx"))
print("no output left:", sorted(f for f in os.listdir(".") if f != "conv.onnx"))

out = compress.compile("conv.onnx", output="libconv.so")
show("wrong entry", lambda: compress.load(out.library, entry="cls"))
show("missing library", lambda: compress.load("libmissing.so"))
model = compress.load(out.library)
x = np.zeros(models.SHAPE, np.float32)
show("wrong shape", lambda: model(np.zeros((1, 3, 9, 7), np.float32)))
show("float64", lambda: model(x.astype(np.float64)))
show("two inputs", lambda: model(x, x))
show("no input", lambda: model())
model.close()
show("closed", lambda: model(x))
