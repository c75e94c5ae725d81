"""Checks compress-run --softmax-temperature outputs against numpy.

  softmax_check.py T RAW SOFT [RAW SOFT ...]
RAW is the output without the option (logits z), SOFT the output with it. Prints one
line per pair: the softmax over the last axis of z / T (numpy, float64 with the
maximum subtracted) must match SOFT within 1e-6 (float32: the result is rounded once),
every slice must sum to 1, and SOFT must keep RAW's dtype and shape.
"""
import sys

import numpy as np


def softmax(z, t):
    z = z.astype(np.float64) / t
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def main(argv):
    t = float(argv[1])
    for raw_path, soft_path in zip(argv[2::2], argv[3::2]):
        raw, soft = np.load(raw_path), np.load(soft_path)
        assert soft.dtype == raw.dtype and soft.shape == raw.shape, (soft.dtype, soft.shape)
        want = softmax(raw, t)
        diff = float(np.max(np.abs(soft.astype(np.float64) - want)))
        sums = soft.astype(np.float64).sum(axis=-1)
        sum_err = float(np.max(np.abs(sums - 1)))
        n = raw.shape[-1]
        uniform = float(np.max(np.abs(soft.astype(np.float64) - 1.0 / n)))
        status = "ok" if diff <= 1e-6 and sum_err <= 1e-6 else "FAIL"
        print(f"{status} {soft_path} {soft.dtype} max-diff {diff:.1e} "
              f"sum-err {sum_err:.1e} max-from-uniform {uniform:.2g}")


if __name__ == "__main__":
    main(sys.argv)
