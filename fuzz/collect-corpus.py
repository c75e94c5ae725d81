#!/usr/bin/python3
"""Collects the seed corpora of the fuzz targets from the tests (nothing is committed:
the corpora are made in the build folder by scripts/fuzz.sh).

  collect-corpus.py OUT_DIR

Writes OUT_DIR/<target>/<name> for
  fuzz-onnx-import   the ONNX models of test/Import/Inputs/make_model.py (every case) and the
                     model.onnx of every libonnx-testdata node test (under 64 KiB)
  fuzz-npy           .npy files: good ones of several shapes and format versions (numpy and
                     test/Run/Inputs/tensors.py), and every malformed kind of tensors.py
  fuzz-tensorproto   TensorProto .pb files: tensors.py's good and malformed ones, and the
                     input_*.pb / output_*.pb of the node tests (under 64 KiB)
  fuzz-compress-opt  every test/**/*.mlir, split at '// -----' (as -split-input-file does)
"""
import glob
import hashlib
import importlib.util
import io
import os
import re
import sys

import numpy as np

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NODE_DATA = "/usr/share/libonnx-testdata/data/node"
MAX_SEED = 64 * 1024


def load_module(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def save(out, target, data, tag):
    d = os.path.join(out, target)
    os.makedirs(d, exist_ok=True)
    name = "%s-%s" % (re.sub(r"[^A-Za-z0-9_.-]", "_", tag)[:60], hashlib.sha1(data).hexdigest()[:10])
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def main():
    out = sys.argv[1]
    # ONNX models.
    make_model = load_module(os.path.join(HERE, "test/Import/Inputs/make_model.py"), "make_model")
    for name, fn in sorted(make_model.CASES.items()):
        try:
            save(out, "fuzz-onnx-import", fn().SerializeToString(), name)
        except Exception as e:  # a case that needs arguments: skip it
            print("skipped make_model case %s: %s" % (name, e), file=sys.stderr)
    for m in sorted(glob.glob(os.path.join(NODE_DATA, "*", "model.onnx"))):
        if os.path.getsize(m) <= MAX_SEED:
            save(out, "fuzz-onnx-import", open(m, "rb").read(), os.path.basename(os.path.dirname(m)))

    # Tensors.
    tensors = load_module(os.path.join(HERE, "test/Run/Inputs/tensors.py"), "tensors")
    for shape in ([], [1], [2, 3], [1, 3, 4, 5], [0, 4], [7, 1, 13]):
        arr = tensors.make(shape)
        buf = io.BytesIO()
        np.save(buf, arr)
        save(out, "fuzz-npy", buf.getvalue(), "np-save-" + "x".join(map(str, shape)))
        for version in (1, 2, 3):
            hdr = "{'descr': '<f4', 'fortran_order': False, 'shape': %s, }" % (tuple(shape),)
            save(out, "fuzz-npy", tensors.npy_bytes(hdr, arr.tobytes(), version),
                 "v%d-%s" % (version, len(shape)))
        from onnx import numpy_helper
        save(out, "fuzz-tensorproto", numpy_helper.from_array(arr).SerializeToString(),
             "raw-" + "x".join(map(str, shape)))
    src = open(os.path.join(HERE, "test/Run/Inputs/tensors.py")).read()
    kinds = sorted(set(re.findall(r'"([a-z0-9-]+)": (?:b"|good|npy_bytes)', src)) |
                   set(re.findall(r'kind == "([a-z0-9-]+)"', src)))
    tmp = os.path.join(out, ".tmp")
    os.makedirs(tmp, exist_ok=True)
    for kind in kinds:
        path = os.path.join(tmp, kind + (".pb" if kind.startswith("pb-") else ".npy"))
        tensors.bad(kind, path)
        save(out, "fuzz-tensorproto" if kind.startswith("pb-") else "fuzz-npy",
             open(path, "rb").read(), kind)
        os.remove(path)
    os.rmdir(tmp)
    pbs = sorted(glob.glob(os.path.join(NODE_DATA, "*", "test_data_set_*", "*.pb")))
    for pb in pbs:
        if os.path.getsize(pb) <= MAX_SEED:
            save(out, "fuzz-tensorproto", open(pb, "rb").read(), os.path.basename(pb))

    # MLIR.
    for f in sorted(glob.glob(os.path.join(HERE, "test", "**", "*.mlir"), recursive=True)):
        text = open(f, "rb").read()
        for i, chunk in enumerate(re.split(rb"(?m)^// -----\s*$", text)):
            if chunk.strip():
                save(out, "fuzz-compress-opt", chunk, "%s-%d" % (os.path.basename(f), i))

    for t in sorted(os.listdir(out)):
        print("%-18s %5d seeds" % (t, len(os.listdir(os.path.join(out, t)))))


if __name__ == "__main__":
    main()
