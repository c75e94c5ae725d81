#!/usr/bin/env python3
"""Compares two mlir-runner outputs of printMemrefI32 calls holding f32 bits.

Element-wise |a − b| ≤ ATOL + RTOL·|b| with RTOL = ATOL = 1e-5: the sparse loops
and the dense oracle add the same products in a different order (the oracle also
adds the zero products and may add the bias last); for sums of ≤ 3250 products of
magnitude ≤ 1 the observed difference is a few 1e-7, while one wrong index or a
missed nonzero costs ≥ 1e-3. NaN anywhere fails. Prints one summary line
(`N cases, M within tolerance`) and the largest difference, plus a line per
failing case.
"""
import math
import re
import struct
import sys

RTOL = ATOL = 1e-5


def blocks(path):
    text = open(path).read()
    out = []
    for part in text.split("Unranked Memref")[1:]:
        data = part.split("data =", 1)[1]
        out.append([struct.unpack("<f", struct.pack("<I", int(v) & 0xFFFFFFFF))[0]
                    for v in re.findall(r"-?\d+", data)])
    return out


def main():
    got, ref = blocks(sys.argv[1]), blocks(sys.argv[2])
    if len(got) != len(ref):
        print("case count differs: %d vs %d" % (len(got), len(ref)))
        return 1
    ok, worst = 0, 0.0
    for i, (a, b) in enumerate(zip(got, ref)):
        bad = len(a) != len(b)
        for x, y in zip(a, b):
            d = abs(x - y)
            if math.isnan(x) or math.isnan(y) or not d <= ATOL + RTOL * abs(y):
                bad = True
            if not math.isnan(d):
                worst = max(worst, d)
        if bad:
            print("case %d differs" % i)
        else:
            ok += 1
    print("%d cases, %d within tolerance" % (len(got), ok))
    print("max abs difference %.3e" % worst)
    return 0


if __name__ == "__main__":
    sys.exit(main())
