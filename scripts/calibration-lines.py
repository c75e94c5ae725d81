#!/usr/bin/python3
"""Calibration inputs for the PaddleOCR text-direction classifier: N rendered text lines,
disjoint from scripts/demo.py's 40 evaluation lines (other texts, made of other words),
every second one rotated 180 degrees, preprocessed as demo.py does (1x3x48x192 .npy each).
Labels are not written: calibration is unlabeled.

Usage: scripts/calibration-lines.py OUT_DIR [--count 256] [--seed 14]
"""
import argparse
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import demo  # noqa: E402  (render_and_preprocess, LINES)

WORDS = ["river", "garden", "window", "yellow", "market", "winter", "silver", "station",
         "bridge", "orange", "pencil", "ticket", "harbor", "museum", "planet", "violin",
         "castle", "forest", "butter", "candle", "doctor", "engine", "finger", "guitar",
         "island", "jacket", "kitchen", "ladder", "mirror", "number", "office", "pocket",
         "rabbit", "saddle", "tunnel", "valley", "wallet", "zipper", "north", "south",
         "green", "cloud", "stone", "paper", "music", "light", "table", "chair", "ocean",
         "apple", "house", "night", "storm", "sugar", "water", "field", "queen", "radio"]


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("out")
    ap.add_argument("--count", type=int, default=256)
    ap.add_argument("--seed", type=int, default=14)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    used = {w.lower() for line in demo.LINES for w in line.split()}
    words = [w for w in WORDS if w not in used]
    os.makedirs(args.out, exist_ok=True)
    for i in range(args.count):
        n = rng.randint(1, 4)
        text = " ".join(rng.choice(words) for _ in range(n))
        if rng.random() < 0.4:
            text += f" {rng.randint(1, 999)}"
        text = text.capitalize() if rng.random() < 0.7 else text.upper()
        assert text not in demo.LINES
        png = os.path.join(args.out, f"cal{i:03d}.png")
        demo.render_and_preprocess(text, i % 2 == 1, png, os.path.join(args.out, f"cal{i:03d}.npy"))
        os.remove(png)
    print(f"{args.count} calibration lines in {args.out}")


if __name__ == "__main__":
    main()
