"""compress.compile: a compilation through compress_compile (compress-c/Compiler.h)."""
import ctypes
import json
import os

from compress import _capi


class Compilation:
    """What a successful compilation wrote.

    Attributes:
      output:      the path of the output file ("-" for IR written to stdout).
      library:     the shared library (emit="lib", the default), else None.
      header:      its C header, else None.
      report:      the per-layer report: a dict for report=True or "json" ("layers":
                   one dict per layer with "layer", "method", "weight_bytes_before",
                   ...; "total_weight_bytes_after", ...), a str for report="text",
                   else None.
      diagnostics: the compiler's warnings ("" when none).
    """

    def __init__(self, output, header, report, diagnostics):
        self.output = output
        self.library = output if header else None
        self.header = header
        self.report = report
        self.diagnostics = diagnostics

    def __repr__(self):
        return f"Compilation(output={self.output!r}, header={self.header!r})"


def _shapes_text(value):
    """input_shape as the C API takes it: "x=1,3,48,192" or {"x": (1, 3, 48, 192)}."""
    if isinstance(value, dict):
        return ";".join(f"{name}=" + ",".join(str(int(d)) for d in shape)
                        for name, shape in value.items())
    return str(value)


def _option_text(name, value):
    if name == "input-shape":
        return _shapes_text(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return ",".join(str(v) for v in value)
    if isinstance(value, float):
        return repr(value)  # reads back to the same double
    return str(value)


def compile(path, output=None, **options):
    """Compiles the model at `path` (.onnx, or .mlir of any stage) as compress-compile does.

    Args:
      path:    the input model.
      output:  the output path (default: lib<stem>.so in the current folder for a
               library, as compress-compile).
      options: compress-compile's options by flag name, '-' written '_':
               codebook_bits=4, prune_sparsity=0.5, emit="obj", entry="cls",
               input_shape="x=1,3,48,192" or {"x": (1, 3, 48, 192)},
               codebook_layers=["conv1", "conv2"] (or "conv1,conv2"), mcpu="native",
               O=3, binarize=True, report=True (JSON, returned as a dict) or "text", ...

    Returns:
      a Compilation (its .library, .header, .report).

    Raises:
      TypeError:    an unknown option name.
      ValueError:   a value that does not parse (e.g. codebook_bits="four").
      CompileError: the compilation failed (bad ranges or combinations, a missing or
                    malformed model, ...): its message is the compiler's diagnostics.
      LibraryNotFoundError: libcompress-c.so was not found.
    """
    c = _capi.lib()
    if options.get("report") is True:
        options["report"] = "json"
    elif options.get("report") in (False, None):
        options.pop("report", None)
    if output is not None:
        options["o"] = os.fspath(output)
    handle = c.compress_options_create()
    try:
        for key, value in options.items():
            name = key.replace("_", "-")
            error = ctypes.c_void_p()
            status = c.compress_options_set(handle, name.encode(),
                                            _option_text(name, value).encode(),
                                            ctypes.byref(error))
            if status:
                message = _capi.take_string(error)
                if message.startswith("unknown option"):
                    # The C API's message names options as flags: name them as keywords.
                    raise TypeError("compress.compile: " + message.replace("-", "_"))
                raise ValueError(f"compress.compile: {message}")
        out = [ctypes.c_void_p() for _ in range(4)]
        status = c.compress_compile(os.fspath(path).encode(), handle,
                                    *(ctypes.byref(p) for p in out))
        diagnostics, report, output_path, header = (_capi.take_string(p) for p in out)
    finally:
        c.compress_options_destroy(handle)
    if status:
        raise _capi.CompileError(diagnostics)
    if options.get("report") == "json":
        report = json.loads(report)
    return Compilation(output_path, header or None, report or None, diagnostics)
