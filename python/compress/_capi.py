"""Loads libcompress-c.so and declares the C API (include/compress-c) for ctypes."""
import ctypes
import os


class LibraryNotFoundError(OSError):
    """libcompress-c.so is neither at $COMPRESS_LIBRARY nor in the repository's build."""


class CompileError(RuntimeError):
    """A compilation failed; the message (and .diagnostics) is the compiler's."""

    def __init__(self, diagnostics):
        super().__init__(diagnostics.rstrip("\n"))
        self.diagnostics = diagnostics


_PACKAGE = os.path.dirname(os.path.abspath(__file__))
# python/compress -> the repository -> build/lib.
_CHECKOUT_LIBRARY = os.path.join(_PACKAGE, "..", "..", "build", "lib", "libcompress-c.so")

_lib = None


def library_path():
    """The libcompress-c.so this package uses: $COMPRESS_LIBRARY, else the checkout's."""
    return os.environ.get("COMPRESS_LIBRARY") or os.path.normpath(_CHECKOUT_LIBRARY)


def lib():
    """The loaded C library (loaded once, on first use)."""
    global _lib
    if _lib is None:
        path = library_path()
        if not os.path.isfile(path):
            raise LibraryNotFoundError(
                f"compress: no C library at {path}: set COMPRESS_LIBRARY to the path of "
                "libcompress-c.so, or build it in the repository (scripts/build.sh)")
        _lib = _declare(ctypes.CDLL(path))
    return _lib


class Options(ctypes.Structure):
    """compress_options (opaque)."""


class ModelHandle(ctypes.Structure):
    """compress_model (opaque)."""


def _declare(c):
    P = ctypes.POINTER
    char_pp = P(ctypes.c_void_p)  # char ** out-parameters, freed with compress_string_free
    size_t, i64p = ctypes.c_size_t, P(ctypes.c_int64)
    signatures = {
        "compress_options_create": (P(Options), []),
        "compress_options_destroy": (None, [P(Options)]),
        "compress_options_set": (ctypes.c_int,
                                 [P(Options), ctypes.c_char_p, ctypes.c_char_p, char_pp]),
        "compress_compile": (ctypes.c_int, [ctypes.c_char_p, P(Options), char_pp, char_pp,
                                            char_pp, char_pp]),
        "compress_string_free": (None, [ctypes.c_void_p]),
        "compress_model_load": (P(ModelHandle), [ctypes.c_char_p, ctypes.c_char_p, char_pp]),
        "compress_model_unload": (None, [P(ModelHandle)]),
        "compress_model_info": (ctypes.c_char_p, [P(ModelHandle)]),
        "compress_model_set_num_threads": (ctypes.c_int32, [P(ModelHandle), ctypes.c_int32]),
        "compress_model_num_threads": (ctypes.c_int32, [P(ModelHandle)]),
        "compress_model_num_inputs": (size_t, [P(ModelHandle)]),
        "compress_model_num_outputs": (size_t, [P(ModelHandle)]),
        "compress_model_input_name": (ctypes.c_char_p, [P(ModelHandle), size_t]),
        "compress_model_input_rank": (size_t, [P(ModelHandle), size_t]),
        "compress_model_input_shape": (i64p, [P(ModelHandle), size_t]),
        "compress_model_output_name": (ctypes.c_char_p, [P(ModelHandle), size_t]),
        "compress_model_output_rank": (size_t, [P(ModelHandle), size_t]),
        "compress_model_output_shape": (i64p, [P(ModelHandle), size_t]),
        "compress_model_run": (ctypes.c_int32, [P(ModelHandle), P(ctypes.c_void_p),
                                                P(ctypes.c_void_p)]),
    }
    for name, (restype, argtypes) in signatures.items():
        function = getattr(c, name)
        function.restype, function.argtypes = restype, argtypes
    return c


def take_string(pointer):
    """The text of a char * the library returned (None for NULL), freed."""
    if not pointer.value:
        return None
    try:
        return ctypes.string_at(pointer.value).decode("utf-8", "replace")
    finally:
        lib().compress_string_free(pointer.value)
