#!/usr/bin/env python3
"""Compares two mlir-runner outputs of printMemrefF32 calls tensor by tensor.

Usage: compare.py LOWERED ORACLE --rtol R
Each tensor pair must have the same sizes and satisfy max|a - b| <= R * max(1, max|b|);
NaN anywhere fails. Prints one line per tensor and a final verdict line.
"""
import argparse
import math
import re
import sys

NUM = re.compile(r"[-+]?(?:nan|inf|\d+(?:\.\d*)?(?:e[-+]?\d+)?)", re.I)


def tensors(path):
    text = open(path).read()
    out = []
    for chunk in text.split("Unranked Memref")[1:]:
        sizes = re.search(r"sizes = \[([^\]]*)\]", chunk).group(1)
        data = chunk.split("data =", 1)[1]
        out.append((sizes.strip(), [float(v) for v in NUM.findall(data)]))
    return out


def main():
    p = argparse.ArgumentParser()
    p.add_argument("lowered")
    p.add_argument("oracle")
    p.add_argument("--rtol", type=float, required=True)
    a = p.parse_args()
    got, want = tensors(a.lowered), tensors(a.oracle)
    ok = len(got) == len(want) and len(got) > 0
    worst = 0.0
    for i, ((gs, g), (ws, w)) in enumerate(zip(got, want)):
        if gs != ws or len(g) != len(w):
            print(f"tensor {i}: sizes [{gs}] vs [{ws}]")
            ok = False
            continue
        scale = max([1.0] + [abs(x) for x in w])
        diff = 0.0
        for x, y in zip(g, w):
            if math.isnan(x) or math.isnan(y):
                diff = math.inf
                break
            diff = max(diff, abs(x - y))
        rel = diff / scale
        worst = max(worst, rel)
        good = rel <= a.rtol
        ok = ok and good
        print(f"tensor {i} [{gs}]: max|diff| {diff:.3e}, max|oracle| {scale:.3e}, "
              f"relative {rel:.3e} {'ok' if good else 'FAIL'}")
    print(f"compared {len(got)} of {len(want)} tensors, worst relative difference "
          f"{worst:.3e} (rtol {a.rtol:g}): {'OK' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
