"""Fashion-MNIST from Debian's dataset-fashion-mnist package (idx files, gzip), as NumPy.

Shared by scripts/train-bnn.py and scripts/check-fmnist.py; no torch needed.
"""
import gzip
import os

import numpy as np

DATASET = "/usr/share/datasets/fashion-mnist"
MISSING = (f"{DATASET} missing: apt-get install dataset-fashion-mnist (scripts/setup.sh)")


def read_idx(path):
    """Reads an idx ubyte file (LeCun's MNIST format) as a uint8 array of its dimensions."""
    with gzip.open(path, "rb") as f:
        data = f.read()
    magic = int.from_bytes(data[0:4], "big")
    if magic >> 8 != 0x08:
        raise ValueError(f"{path}: not an idx ubyte file (magic {magic:#x})")
    ndim = magic & 0xFF
    dims = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim)]
    if len(data) != 4 + 4 * ndim + int(np.prod(dims)):
        raise ValueError(f"{path}: {len(data)} bytes, expected {dims}")
    return np.frombuffer(data, np.uint8, offset=4 + 4 * ndim).reshape(dims)


def load_split(split):
    """Images as float32 N x 1 x 28 x 28 (pixel / 255) and labels as int64; split is
    'train' (60 000) or 't10k' (10 000)."""
    x = read_idx(os.path.join(DATASET, f"{split}-images-idx3-ubyte.gz"))
    y = read_idx(os.path.join(DATASET, f"{split}-labels-idx1-ubyte.gz"))
    return (x.astype(np.float32) / 255.0)[:, None, :, :], y.astype(np.int64)
