"""Small ONNX models for the Python package tests (Debian python3-onnx), and their
NumPy reference."""
import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

rng = np.random.RandomState(7)
# Odd, asymmetric sizes so that a transposed or misplaced element shows.
W = (rng.standard_normal((5, 3, 3, 3)) * 0.5).astype(np.float32)
B = (rng.standard_normal(5) * 0.1).astype(np.float32)
SHAPE = (1, 3, 7, 9)


def conv_relu(path, symbolic_batch=False):
    """y = Conv(x, W, B) with pads 1 (5 channels, same size), z = Relu(y): two outputs.
    With symbolic_batch the input's batch is "N" (compile with input_shape)."""
    x_shape = ["N", 3, 7, 9] if symbolic_batch else list(SHAPE)
    y_shape = [x_shape[0], 5, 7, 9]
    graph = helper.make_graph(
        [helper.make_node("Conv", ["x", "w", "b"], ["y"], name="conv", kernel_shape=[3, 3],
                          pads=[1, 1, 1, 1]),
         helper.make_node("Relu", ["y"], ["z"], name="relu")],
        "conv_relu", [helper.make_tensor_value_info("x", TensorProto.FLOAT, x_shape)],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, y_shape),
         helper.make_tensor_value_info("z", TensorProto.FLOAT, y_shape)],
        initializer=[numpy_helper.from_array(W, "w"), numpy_helper.from_array(B, "b")])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, path)


def conv_reference(x, w=W, b=B):
    """NCHW convolution, stride 1, pads 1, in float64."""
    n, c, h, wd = x.shape
    k = w.shape[2]
    padded = np.pad(x.astype(np.float64), ((0, 0), (0, 0), (1, 1), (1, 1)))
    windows = np.lib.stride_tricks.sliding_window_view(padded, (k, k), axis=(2, 3))
    return np.einsum("nchwij,fcij->nfhw", windows, w.astype(np.float64)) + b[None, :, None, None]
