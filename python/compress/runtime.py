"""compress.load: a compiled model called on NumPy arrays (compress-c/Runtime.h)."""
import ctypes
import json
import os
from typing import NamedTuple, Tuple

import numpy as np

from compress import _capi

# Return codes of a model (compress/Runtime/CompressModel.h).
_MODEL_ERRORS = {1: "null buffer", 2: "out of memory", 3: "invalid input", 4: "internal error"}

# --- group H (dtypes) --- The numpy dtype of each E_info "dtype": bfloat16,
# which numpy lacks, is passed as its raw bits (uint16); bool is 1 byte, 0 or 1.
_NUMPY_DTYPES = {"float32": np.float32, "float64": np.float64, "float16": np.float16,
                 "bfloat16": np.uint16, "int8": np.int8, "uint8": np.uint8,
                 "int16": np.int16, "uint16": np.uint16, "int32": np.int32,
                 "uint32": np.uint32, "int64": np.int64, "uint64": np.uint64,
                 "bool": np.bool_}


class ModelError(RuntimeError):
    """The model returned a nonzero code (.code, a COMPRESS_ERROR_* value)."""

    def __init__(self, code):
        super().__init__(f"the model failed with code {code} "
                         f"({_MODEL_ERRORS.get(code, 'unknown error')})")
        self.code = code


class TensorInfo(NamedTuple):
    """An input or output of a model: its ONNX name and static shape (dtype: Model.*_dtypes)."""
    name: str
    shape: Tuple[int, ...]


class Model:
    """A compiled model loaded from its shared library; call it on NumPy arrays.

        model = compress.load("libcls.so")
        y = model(x)              # one output: an ndarray
        y0, y1 = model(x0, x1)    # several outputs: a tuple, in model order

    Attributes:
      inputs, outputs: tuples of TensorInfo, in argument order.
      input_dtypes, output_dtypes: their numpy dtypes (float32 for float models).
      info:            the signature document (E_info() in CompressModel.h) as a dict.

    Calls may run in several threads at once; ctypes releases the GIL during a run.
    """

    def __init__(self, library, entry="model"):
        c = _capi.lib()
        error = ctypes.c_void_p()
        self._handle = c.compress_model_load(os.fspath(library).encode(), entry.encode(),
                                             ctypes.byref(error))
        if not self._handle:
            raise OSError(_capi.take_string(error))
        self._c = c
        self.library, self.entry = os.fspath(library), entry
        self.info = json.loads(c.compress_model_info(self._handle).decode())

        def tensors(count, name, rank, shape):
            return tuple(TensorInfo(name(self._handle, i).decode(),
                                    tuple(shape(self._handle, i)[:rank(self._handle, i)]))
                         for i in range(count(self._handle)))

        self.inputs = tensors(c.compress_model_num_inputs, c.compress_model_input_name,
                              c.compress_model_input_rank, c.compress_model_input_shape)
        self.outputs = tensors(c.compress_model_num_outputs, c.compress_model_output_name,
                               c.compress_model_output_rank, c.compress_model_output_shape)
        # group H (dtypes): numpy dtypes of the inputs and outputs, in order.
        self.input_dtypes = tuple(np.dtype(_NUMPY_DTYPES[t["dtype"]]) for t in self.info["inputs"])
        self.output_dtypes = tuple(np.dtype(_NUMPY_DTYPES[t["dtype"]])
                                   for t in self.info["outputs"])

    # Intra-op threads.
    @property
    def num_threads(self):
        """Threads a lone call uses (E_get_num_threads; 1 for a library without threads)."""
        return self._c.compress_model_num_threads(self._handle)

    @num_threads.setter
    def num_threads(self, n):
        """Threads per call from now on, for every user of this library: 1 to 1024, or 0
        for the default (COMPRESS_NUM_THREADS, else the cores available). ValueError for
        other values or a library compiled before threads existed."""
        if not isinstance(n, int) or isinstance(n, bool) or not 0 <= n <= 1024:
            raise ValueError(f"num_threads must be an int in [0, 1024], got {n!r}")
        if self._c.compress_model_set_num_threads(self._handle, n) != 0:
            raise ValueError(f"{self.library}: no {self.entry}_set_num_threads (compiled "
                             "before threads existed)")

    def __call__(self, *inputs):
        """Runs the model once on `inputs` (one array per model input, in order).

        Each input must be an array of the input's dtype (input_dtypes: float32,
        or int64, bool, ...; bfloat16 as uint16 bits) and shape (C order is made
        when needed). Returns a new ndarray per output: one array, or a tuple of
        them when the model has several outputs.

        Raises TypeError for a wrong number of inputs or a dtype other than the
        input's, ValueError for a wrong shape (naming the input and both shapes),
        ModelError when the model returns an error code.
        """
        if self._handle is None:
            raise ValueError(f"compress.Model: {self.library} was closed")
        if len(inputs) != len(self.inputs):
            names = ", ".join(t.name for t in self.inputs)
            raise TypeError(f"the model takes {len(self.inputs)} input(s) ({names}), "
                            f"got {len(inputs)}")
        arrays = []
        for spec, dtype, value in zip(self.inputs, self.input_dtypes, inputs):
            array = np.asarray(value)
            if array.dtype != dtype:
                raise TypeError(f"input '{spec.name}': expected {dtype}, got {array.dtype}")
            if array.shape != spec.shape:
                raise ValueError(f"input '{spec.name}': expected shape {spec.shape}, "
                                 f"got {array.shape}")
            arrays.append(np.ascontiguousarray(array))
        outputs = [np.empty(spec.shape, dtype) for spec, dtype in zip(self.outputs, self.output_dtypes)]
        pointers = (ctypes.c_void_p * max(len(arrays), 1))(*(a.ctypes.data for a in arrays))
        results = (ctypes.c_void_p * max(len(outputs), 1))(*(a.ctypes.data for a in outputs))
        code = self._c.compress_model_run(self._handle, pointers, results)
        if code:
            raise ModelError(code)  # 3 also when an input is outside its "range"
        return outputs[0] if len(outputs) == 1 else tuple(outputs)

    def close(self):
        """Unloads the library (also done when the Model is collected)."""
        if getattr(self, "_handle", None):
            self._c.compress_model_unload(self._handle)
        self._handle = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        self.close()

    def __repr__(self):
        return f"Model({self.library!r}, entry={self.entry!r}, inputs={self.inputs}, " \
               f"outputs={self.outputs})"


def load(library, entry="model"):
    """Loads entry point `entry` of the compiled model library `library` (a path).

    Raises OSError when the file is missing, not a library for this host, or does
    not export `entry` (the message lists the entries it does export), and
    LibraryNotFoundError when libcompress-c.so itself is not found.
    """
    return Model(library, entry)
