"""Makes and checks tensor files for the compress-run tests.

  tensors.py npy PATH SHAPE [--version V] [--offset K]   values from arange
  tensors.py pb PATH SHAPE [--float-data] [--offset K]
  tensors.py bad KIND PATH                                 a malformed file
  tensors.py check-affine X OUT                            OUT == 2*X + 1
  tensors.py check-two A B SUM COLMAX                      the two_io model
SHAPE is comma-separated (e.g. 1,3,4,5). Values are index-dependent and
non-integral so a transposed or shifted result fails.
"""
import struct
import sys

import numpy as np
import onnx
from onnx import numpy_helper


def make(shape, offset=0.0):
    n = int(np.prod(shape)) if shape else 1
    return (np.arange(n, dtype=np.float32) * np.float32(0.37) -
            np.float32(5.5) + np.float32(offset)).reshape(shape)


def load(path):
    if path.endswith(".pb"):
        t = onnx.TensorProto()
        with open(path, "rb") as f:
            t.ParseFromString(f.read())
        return numpy_helper.to_array(t)
    return np.load(path)


def parse_shape(text):
    return [int(d) for d in text.split(",")] if text else []


def option(args, name, default=None):
    if name in args:
        i = args.index(name)
        value = args[i + 1]
        del args[i:i + 2]
        return value
    return default


def npy_bytes(header, data=b"", version=1):
    header = header + " " * ((64 - (len(header) + 11) % 64) % 64) + "\n"
    size = struct.pack("<H" if version == 1 else "<I", len(header))
    return b"\x93NUMPY" + bytes([version, 0]) + size + header.encode() + data


def bad(kind, path):
    good = npy_bytes("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }",
                     make([2, 3]).tobytes())
    files = {
        "bad-magic": b"\x93NUMPZ" + good[6:],
        "truncated-preamble": good[:8],
        "truncated-header": good[:40],
        "short-data": good[:-4],
        "trailing-data": good + b"\0\0\0\0",
        "bad-version": good[:6] + b"\x07\x00" + good[8:],
        "nan-shape": npy_bytes("{'descr': '<f4', 'fortran_order': False, 'shape': (2, nan), }"),
        "negative-shape": npy_bytes("{'descr': '<f4', 'fortran_order': False, 'shape': (2, -3), }"),
        "huge-shape": npy_bytes("{'descr': '<f4', 'fortran_order': False, 'shape': (4294967296, 4294967296, 16), }"),
        "overflow-dim": npy_bytes("{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999999, 3), }"),
        "missing-key": npy_bytes("{'descr': '<f4', 'shape': (2, 3), }", make([2, 3]).tobytes()),
        "unterminated-dict": npy_bytes("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3)"),
        "structured": npy_bytes("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (2, 3), }"),
        "empty": b"",
    }
    if kind in files:
        data = files[kind]
    elif kind == "fortran":
        data = None
        np.save(path, np.asfortranarray(make([2, 3])))
    elif kind == "big-endian":
        data = None
        np.save(path, make([2, 3]).astype(">f4"))
    elif kind == "float64":
        data = None
        np.save(path, make([2, 3]).astype(np.float64))
    elif kind == "int64":
        data = None
        np.save(path, np.arange(6, dtype=np.int64).reshape(2, 3))
    elif kind == "pb-int64":
        data = numpy_helper.from_array(np.arange(6, dtype=np.int64).reshape(2, 3)).SerializeToString()
    elif kind == "pb-short-raw":
        t = numpy_helper.from_array(make([2, 3]))
        t.raw_data = t.raw_data[:-4]
        data = t.SerializeToString()
    elif kind == "pb-short-float-data":
        t = onnx.TensorProto(data_type=onnx.TensorProto.FLOAT, dims=[2, 3])
        t.float_data.extend([1.0] * 5)
        data = t.SerializeToString()
    elif kind == "pb-negative-dim":
        data = onnx.TensorProto(data_type=onnx.TensorProto.FLOAT,
                                dims=[-2, 3]).SerializeToString()
    elif kind == "pb-overflow-dims":
        # 2^62 * 2^62 wraps to 0 in unchecked 64-bit arithmetic.
        data = onnx.TensorProto(data_type=onnx.TensorProto.FLOAT,
                                dims=[2**62, 2**62]).SerializeToString()
    elif kind == "pb-raw-and-float-data":
        t = numpy_helper.from_array(make([2, 3]))
        t.float_data.extend([0.0] * 6)
        data = t.SerializeToString()
    elif kind == "pb-external":
        data = onnx.TensorProto(data_type=onnx.TensorProto.FLOAT, dims=[2, 3],
                                data_location=onnx.TensorProto.EXTERNAL).SerializeToString()
    elif kind == "pb-garbage":
        data = b"\xff\xff\xff\xff\xff"
    else:
        sys.exit("unknown kind " + kind)
    if data is not None:
        with open(path, "wb") as f:
            f.write(data)


def expect_equal(got, want, what):
    if got.dtype != np.float32 or got.shape != want.shape or not np.array_equal(got, want):
        sys.exit("MISMATCH %s: got %s %s, want %s %s" %
                 (what, got.dtype, got.shape, want.dtype, want.shape))
    print("ok", what)


def main(argv):
    args = list(argv[1:])
    cmd = args.pop(0)
    if cmd == "npy":
        version = int(option(args, "--version", "1"))
        offset = float(option(args, "--offset", "0"))
        path, shape = args
        with open(path, "wb") as f:
            np.lib.format.write_array(f, make(parse_shape(shape), offset),
                                      version=(version, 0))
    elif cmd == "pb":
        float_data = "--float-data" in args
        if float_data:
            args.remove("--float-data")
        offset = float(option(args, "--offset", "0"))
        path, shape = args
        a = make(parse_shape(shape), offset)
        if float_data:
            t = onnx.helper.make_tensor("t", onnx.TensorProto.FLOAT, a.shape,
                                        a.flatten().tolist())
        else:
            t = numpy_helper.from_array(a, "t")
        with open(path, "wb") as f:
            f.write(t.SerializeToString())
    elif cmd == "bad":
        bad(*args)
    elif cmd == "check-affine":
        x, out = args
        expect_equal(np.load(out), np.float32(2) * load(x) + np.float32(1), out)
    elif cmd == "check-two":
        a, b, s, m = args
        a, b = load(a), load(b)
        expect_equal(np.load(s), a + b, "sum")
        expect_equal(np.load(m), (a * b).max(axis=0), "colmax")
    else:
        sys.exit("unknown command " + cmd)


if __name__ == "__main__":
    main(sys.argv)
