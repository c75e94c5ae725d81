"""Inputs, numpy references and checks for dtypes*.test.

  dtypes_check.py mixed-inputs DIR     x.npy/u.npy/h.npy and x.pb (int32_data),
                                       h.pb (float16 bits in int32_data)
  dtypes_check.py mixed-refs IN OUT    references of dtypes_mixed.mlir as .pb
                                       (raw_data; bfloat16 as int32_data bits)
  dtypes_check.py mixed-check IN OUT   compares OUT/*.npy with numpy, exactly
  dtypes_check.py range DIR            inputs of dtypes_range.mlir at and past
                                       the 2^24 limits (.npy and int64_data .pb)
  dtypes_check.py range-check A B Y    Y == float32(A) + float32(B), exactly
  dtypes_check.py more-inputs DIR      inputs of dtypes_more.mlir, .npy and .pb
                                       (raw_data), and a bool file holding 2
  dtypes_check.py more-check IN OUT    compares OUT/*.npy with numpy, exactly
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def load(path):
    if path.endswith(".pb"):
        t = onnx.TensorProto()
        with open(path, "rb") as f:
            t.ParseFromString(f.read())
        return numpy_helper.to_array(t)
    return np.load(path)


def bf16_bits(f32):
    """float32 -> bfloat16 bits, round to nearest even (no NaN in the data)."""
    bits = np.asarray(f32, np.float32).view(np.uint32).astype(np.uint64)
    return ((bits + 0x7FFF + ((bits >> 16) & 1)) >> 16).astype(np.uint16)


def mixed_reference(x, u, h):
    s = x.astype(np.float32) + u.astype(np.float32)
    y = np.trunc(s * np.float32(2)).astype(np.int64)
    hf = h.astype(np.float32)
    b = hf > 0
    h2 = (hf * np.float32(2)).astype(np.float16)
    q = hf / s
    return {"y": y, "b": b, "h2": h2, "bf": bf16_bits(q), "d": q.astype(np.float64)}


def more_inputs():
    return {
        "a": np.array([1, -2, 127, -127, 0], np.int8),
        "b": np.array([3, -4, 16383, -16384, 0], np.int16),
        "c": np.array([1.75, -2.5, 1e9, -0.1, 123456.789], np.float64),
        "t": np.array([True, False, True, False, True]),
        "u": np.array([0, 1, (1 << 63) + 5, (1 << 64) - 2, 12345], np.uint64),
        "w": np.array([0, 1, 65535, 32768, 40000], np.uint16),
    }


def main():
    cmd = sys.argv[1]
    if cmd == "mixed-inputs":
        d = sys.argv[2]
        x = np.array([1, -5, 16777216, -16777216], np.int32)
        u = np.array([0, 255, 7, 128], np.uint8)
        # 0.1 is not a float16: its nearest half is stored; inf decodes as inf.
        h = np.array([1.5, -2.25, np.inf, 0.1], np.float16)
        np.save(os.path.join(d, "x.npy"), x)
        np.save(os.path.join(d, "u.npy"), u)
        np.save(os.path.join(d, "h.npy"), h)
        # Typed fields: int32 values in int32_data, float16 bits in int32_data.
        xt = helper.make_tensor("x", TensorProto.INT32, [4], x.tolist())
        ht = helper.make_tensor("h", TensorProto.FLOAT16, [4], h)
        assert not xt.raw_data and len(xt.int32_data) == 4
        assert not ht.raw_data and len(ht.int32_data) == 4
        open(os.path.join(d, "x.pb"), "wb").write(xt.SerializeToString())
        open(os.path.join(d, "h.pb"), "wb").write(ht.SerializeToString())
    elif cmd in ("mixed-refs", "mixed-check"):
        i, o = sys.argv[2], sys.argv[3]
        ref = mixed_reference(*(np.load(os.path.join(i, n + ".npy")) for n in "xuh"))
        if cmd == "mixed-refs":
            os.makedirs(o, exist_ok=True)
            for k, name in enumerate(["y", "b", "h2", "bf", "d"]):
                if name == "bf":
                    t = TensorProto(name=name, data_type=TensorProto.BFLOAT16, dims=[4])
                    t.int32_data.extend(int(v) for v in ref[name])
                else:
                    t = numpy_helper.from_array(ref[name], name)
                open(os.path.join(o, "output_%d.pb" % k), "wb").write(t.SerializeToString())
            return
        expected_dtypes = {"y": np.int64, "b": np.bool_, "h2": np.float16,
                           "bf": np.uint16, "d": np.float64}
        for name, want in ref.items():
            got = np.load(os.path.join(o, name + ".npy"))
            assert got.dtype == expected_dtypes[name], (name, got.dtype)
            assert got.shape == want.shape, (name, got.shape)
            # Exact, bit for bit (bfloat16 as raw bits); inf == inf.
            ok = np.array_equal(got.view(np.uint8), np.asarray(want, got.dtype).view(np.uint8))
            print(("ok " if ok else "FAIL ") + name, got.dtype, got.tolist())
    elif cmd == "range":
        d = sys.argv[2]
        lim = 1 << 24
        cases = {
            "a_ok": np.array([lim, -lim, 3], np.int64),
            "a_hi": np.array([0, lim + 1, 0], np.int64),
            "a_lo": np.array([0, 0, -lim - 1], np.int64),
            "b_ok": np.array([lim, 0, 5], np.uint32),
            "b_hi": np.array([0, 0, lim + 1], np.uint32),
            # 2^32 - 1: -1 if compared as signed; unsigned it is out of range.
            "b_max": np.array([0, 0xFFFFFFFF, 0], np.uint32),
        }
        for name, v in cases.items():
            np.save(os.path.join(d, name + ".npy"), v)
        # int64 through the typed field int64_data.
        t = helper.make_tensor("a", TensorProto.INT64, [3], cases["a_ok"].tolist())
        assert not t.raw_data and len(t.int64_data) == 3
        open(os.path.join(d, "a_ok.pb"), "wb").write(t.SerializeToString())
        t = helper.make_tensor("b", TensorProto.UINT32, [3], cases["b_ok"].tolist())
        assert not t.raw_data and len(t.uint64_data) == 3
        open(os.path.join(d, "b_ok.pb"), "wb").write(t.SerializeToString())
    elif cmd == "range-check":
        a, b, y = (load(p) for p in sys.argv[2:5])
        want = a.astype(np.float32) + b.astype(np.float32)
        print("ok" if y.dtype == np.float32 and np.array_equal(y, want) else "FAIL", y.tolist())
    elif cmd == "more-inputs":
        d = sys.argv[2]
        ins = more_inputs()
        for name, v in ins.items():
            np.save(os.path.join(d, name + ".npy"), v)
            t = numpy_helper.from_array(v, name)
            assert t.raw_data or v.dtype == np.bool_
            open(os.path.join(d, name + ".pb"), "wb").write(t.SerializeToString())
        # A bool .npy whose byte is 2 is malformed.
        raw = open(os.path.join(d, "t.npy"), "rb").read()
        open(os.path.join(d, "t2.npy"), "wb").write(raw[:-1] + b"\x02")
    elif cmd == "more-check":
        i, o = sys.argv[2], sys.argv[3]
        v = {n: np.load(os.path.join(i, n + ".npy")) for n in "abctuw"}
        with np.errstate(over="ignore"):
            ref = {
                "na": (-v["a"]).astype(np.int8),
                "b2": (v["b"] * np.int16(2)).astype(np.int16),
                "w1": (v["w"] + np.uint16(1)).astype(np.uint16),
                "ci": np.trunc(v["c"]).astype(np.int32),
                "ws": v["w"].astype(np.uint32) << np.uint32(16),
                "ut": v["u"] + v["t"].astype(np.uint64),
                "nt": ~v["t"],
                "f": v["c"].astype(np.float32) + v["a"].astype(np.float32),
            }
        for name, want in ref.items():
            got = np.load(os.path.join(o, name + ".npy"))
            ok = got.dtype == want.dtype and np.array_equal(got, want)
            print(("ok " if ok else "FAIL ") + name, got.dtype, got.tolist())
    else:
        sys.exit("unknown command " + cmd)


if __name__ == "__main__":
    main()
