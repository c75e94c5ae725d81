"""Python interface of the compress compiler (ctypes over libcompress-c.so + NumPy).

    import numpy as np
    import compress

    out = compress.compile("cls.onnx", output="libcls.so", codebook_bits=4, report=True,
                           input_shape={"x": (1, 3, 48, 192)})
    print(out.report["layers"][0])         # the per-layer report, as a dict
    model = compress.load(out.library)     # entry "model"
    y = model(np.zeros((1, 3, 48, 192), np.float32))

The C library is $COMPRESS_LIBRARY (its path) when set, else build/lib/libcompress-c.so
of the repository this package sits in. Options are compress-compile's flags
(`compress-compile --help`) with '_' for '-'. The package has no build step of its
own: put python/ on PYTHONPATH.
"""
from compress._capi import CompileError, LibraryNotFoundError
from compress.compiler import Compilation, compile
from compress.runtime import Model, ModelError, TensorInfo, load

__all__ = ["compile", "Compilation", "CompileError", "load", "Model", "ModelError",
           "TensorInfo", "LibraryNotFoundError"]
