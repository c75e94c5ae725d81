"""bfloat16 outputs on every target: the model (x float32 [8] -> Cast BFLOAT16), its
input, and the check of compress-run's output against round-to-nearest-even bits
computed here (subnormals kept, not flushed).

  bf16_targets.py model OUT.onnx IN.npy
  bf16_targets.py check IN.npy OUT.npy
"""
import sys

import numpy as np
import onnx
from onnx import TensorProto as T
from onnx import helper as h

X = np.array([1e-40, -1e-39, 1.0, 3.0, 0.1, 3.3895314e38, -2.5e-3, 65504.0], np.float32)


def rne_bits(x):
    b = x.view(np.uint32).astype(np.uint64)
    return ((b + 0x7FFF + ((b >> 16) & 1)) >> 16).astype(np.uint16)


if sys.argv[1] == "model":
    n = h.make_node("Cast", ["x"], ["y"], to=T.BFLOAT16)
    g = h.make_graph([n], "g", [h.make_tensor_value_info("x", T.FLOAT, [8])],
                     [h.make_tensor_value_info("y", T.BFLOAT16, [8])])
    m = h.make_model(g, opset_imports=[h.make_opsetid("", 13)])
    m.ir_version = 8
    onnx.save(m, sys.argv[2])
    np.save(sys.argv[3], X)
else:
    got = np.load(sys.argv[3]).view(np.uint16)
    want = rne_bits(np.load(sys.argv[2]))
    print("bits", " ".join("%04x" % v for v in got))
    print("MATCH" if (got == want).all() else "MISMATCH, want " + " ".join("%04x" % v for v in want))
