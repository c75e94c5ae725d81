#!/usr/bin/python3
"""Trains the project's binary network (XNOR-Net / Bi-Real style) on Fashion-MNIST and
exports it to ONNX, with a float network of the same shape as the comparison row.

  scripts/train-bnn.py [--out test/Models/Inputs] [--epochs 3] [--threads 2] [--only bnn|float]
  scripts/train-bnn.py --eval-only   # only the ONNX Runtime accuracy of the committed files

Uses Debian's python3-torch (1.13) and Fashion-MNIST from Debian's dataset-fashion-mnist
(/usr/share/datasets/fashion-mnist; scripts/setup.sh installs both). No downloads.

Network (input x: N x 1 x 28 x 28, pixel / 255; output: N x 10 logits):

  conv1   float 3x3, 1 -> 16, pad 1        BatchNorm  HardTanh            28 x 28
  bconv2  Sign -> binary 3x3, 16 -> 32     MaxPool 2  BatchNorm           14 x 14
  bconv3  Sign -> binary 3x3, 32 -> 64     MaxPool 2  BatchNorm            7 x 7
  bconv4  Sign -> binary 3x3, 64 -> 64     BatchNorm  MaxPool 2            3 x 3
  bfc     Sign -> Flatten -> binary FC 576 -> 32      BatchNorm
  fc      float FC 32 -> 10

"binary": the weights are sign(W) * alpha with alpha = mean |W| per output channel
(XNOR-Net, Rastegari et al. 2016), and the input activations are Sign(x); both trained with
a straight-through estimator (the gradient of sign(W) * alpha is taken as identity to W; the
gradient of sign(x) is 1 where |x| <= 1 and 0 elsewhere, Hubara et al. 2016). The Signs
sit where issue 13's patterns put them: after a HardTanh (ONNX Clip; bconv2's input), after
a BatchNorm (bconv3's and bconv4's inputs, BN after MaxPool), after a MaxPool (bfc's input,
BN before the pool), and with a Flatten between the Sign and the binary FC. The float
network is the same graph with float weights and HardTanh in place of every Sign.

Export (torch.onnx, opset 13, dynamic batch 'N', do_constant_folding): every Sign on
activations is an ONNX Sign (sign(0) = 0 there, as torch.sign; an exact 0 is rare);
binary weights are initializers whose entries are +-alpha per output channel (the latent
weights are replaced by sign(W) * alpha before export); BatchNorm stays BatchNormalization
(the exporter's eval-mode Conv+BN fusion is avoided by exporting in TrainingMode.PRESERVE
from eval mode; the script checks the node list and the +-alpha weights). Seeded, with a
fixed data order and torch.use_deterministic_algorithms: a short run (512 images, 1 epoch,
1 thread) repeated gives byte-identical files; the full runs were not repeated.

After training, the script evaluates each ONNX file with ONNX Runtime (tools/oracle/run.mjs)
on all 10 000 test images and prints the accuracy, parameter count and file size.
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time

import numpy as np

from fmnist import DATASET, MISSING, load_split

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def build(torch, binary):
    nn = torch.nn

    class SignSTE(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return torch.sign(x)

        @staticmethod
        def backward(ctx, g):
            (x,) = ctx.saved_tensors
            return g * (x.abs() <= 1).to(g.dtype)

    class Act(nn.Module):
        """Sign with a straight-through estimator (exports as ONNX Sign); HardTanh if float."""

        def forward(self, x):
            if not binary:
                return torch.nn.functional.hardtanh(x)
            if torch.onnx.is_in_onnx_export():
                return torch.sign(x)
            return SignSTE.apply(x)

    def binarized(w):
        """sign(W) * alpha, alpha = mean |W| per output channel (sign(0) = +1: no 0 weight)."""
        alpha = w.abs().mean(dim=tuple(range(1, w.dim())), keepdim=True)
        return torch.where(w >= 0, alpha, -alpha)

    def binarize(w):
        """binarized(W) in the forward pass, identity gradient to W (STE)."""
        return w + (binarized(w) - w).detach()

    # In an ONNX export the weights are used as they are: freeze() has replaced them by
    # their binarized values, so the file holds +-alpha constants.
    class BConv(nn.Conv2d):
        def forward(self, x):
            export = torch.onnx.is_in_onnx_export()
            w = binarize(self.weight) if binary and not export else self.weight
            return self._conv_forward(x, w, self.bias)

    class BLinear(nn.Linear):
        def forward(self, x):
            export = torch.onnx.is_in_onnx_export()
            w = binarize(self.weight) if binary and not export else self.weight
            return torch.nn.functional.linear(x, w, self.bias)

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.conv1 = nn.Conv2d(1, 16, 3, padding=1, bias=False)
            self.bn1 = nn.BatchNorm2d(16)
            self.bconv2 = BConv(16, 32, 3, padding=1, bias=False)
            self.bn2 = nn.BatchNorm2d(32)
            self.bconv3 = BConv(32, 64, 3, padding=1, bias=False)
            self.bn3 = nn.BatchNorm2d(64)
            self.bconv4 = BConv(64, 64, 3, padding=1, bias=False)
            self.bn4 = nn.BatchNorm2d(64)
            self.bfc = BLinear(576, 32, bias=False)
            self.bn5 = nn.BatchNorm1d(32)
            self.fc = nn.Linear(32, 10)
            self.act = Act()

        def forward(self, x):
            pool = torch.nn.functional.max_pool2d
            x = torch.nn.functional.hardtanh(self.bn1(self.conv1(x)))
            x = self.bn2(pool(self.bconv2(self.act(x)), 2))
            x = self.bn3(pool(self.bconv3(self.act(x)), 2))
            x = pool(self.bn4(self.bconv4(self.act(x))), 2)
            x = self.bn5(self.bfc(torch.flatten(self.act(x), 1)))
            return self.fc(x)

    net = Net()

    def freeze():
        """Replaces the binary layers' latent weights by sign(W) * alpha (before export)."""
        with torch.no_grad():
            for m in net.modules():
                if binary and isinstance(m, (BConv, BLinear)):
                    m.weight.copy_(binarized(m.weight))

    net.freeze = freeze
    return net


def train(torch, binary, xs, ys, epochs, seed, batch=128, lr=2e-3):
    torch.manual_seed(seed)
    model = build(torch, binary)
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    steps = epochs * ((len(xs) + batch - 1) // batch)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=lr, total_steps=steps)
    gen = np.random.RandomState(seed)
    xt, yt = torch.from_numpy(xs), torch.from_numpy(ys)
    t0 = time.monotonic()
    for epoch in range(epochs):
        model.train()
        order = torch.from_numpy(gen.permutation(len(xs)))
        total, correct, loss_sum = 0, 0, 0.0
        for i in range(0, len(xs), batch):
            idx = order[i:i + batch]
            out = model(xt[idx])
            loss = torch.nn.functional.cross_entropy(out, yt[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            total += len(idx)
            correct += int((out.argmax(1) == yt[idx]).sum())
            loss_sum += float(loss) * len(idx)
        print(f"[train-bnn] {'binary' if binary else 'float'} epoch {epoch + 1}/{epochs}: "
              f"loss {loss_sum / total:.4f} train acc {100.0 * correct / total:.2f} % "
              f"({time.monotonic() - t0:.0f} s)", flush=True)
    return model.eval(), time.monotonic() - t0


def export(torch, model, path):
    model.freeze()
    x = torch.zeros(1, 1, 28, 28)
    tmp = path + ".part"
    torch.onnx.export(model, x, tmp, opset_version=13, input_names=["x"], output_names=["logits"],
                      dynamic_axes={"x": {0: "N"}, "logits": {0: "N"}}, do_constant_folding=True,
                      training=torch.onnx.TrainingMode.PRESERVE)
    os.replace(tmp, path)


def describe(path):
    """Operator counts and parameter count (initializer elements) of an ONNX file."""
    import onnx
    m = onnx.load(path)
    ops = {}
    for n in m.graph.node:
        ops[n.op_type] = ops.get(n.op_type, 0) + 1
    params = sum(int(np.prod(t.dims)) for t in m.graph.initializer)
    return m, ops, params


def check_binary_weights(m):
    """Each Conv/Gemm fed by a Sign has weights that are +-alpha per output channel."""
    from onnx import numpy_helper
    inits = {t.name: numpy_helper.to_array(t) for t in m.graph.initializer}
    producer = {o: n for n in m.graph.node for o in n.output}
    count = 0
    for n in m.graph.node:
        if n.op_type not in ("Conv", "Gemm", "MatMul"):
            continue
        src = producer.get(n.input[0])
        while src is not None and src.op_type in ("Flatten", "Reshape"):
            src = producer.get(src.input[0])
        if src is None or src.op_type != "Sign":
            continue
        w = inits[n.input[1]]
        rows = w.reshape(w.shape[0], -1) if n.op_type != "MatMul" else w.T
        if n.op_type == "Gemm" and not any(a.name == "transB" and a.i == 1 for a in n.attribute):
            rows = w.T
        for r in rows:
            a = np.abs(r)
            if not (a.max() == a.min() and a.min() > 0):
                raise SystemExit(f"train-bnn: {n.name}: weights are not +-alpha per channel")
        count += 1
    return count


def evaluate(onnx_path, xs, ys, work, batch=1000):
    """ONNX Runtime's test accuracy (tools/oracle/run.mjs) on all images; returns (acc, logits)."""
    files = []
    for i in range(0, len(xs), batch):
        f = os.path.join(work, f"b{i // batch:03d}.npy")
        np.save(f, xs[i:i + batch])
        files.append(f)
    out = os.path.join(work, "ort")
    subprocess.run(["node", os.path.join(ROOT, "tools", "oracle", "run.mjs"), onnx_path,
                    "--out", out] + files, check=True)
    logits = np.concatenate([np.load(os.path.join(out, f"b{i:03d}.out0.npy"))
                             for i in range(len(files))])
    return float((logits.argmax(1) == ys).mean()), logits


def main():
    ap = argparse.ArgumentParser(description=" ".join(__doc__.split("\n\n")[0].split()))
    ap.add_argument("--out", default=os.path.join(ROOT, "test", "Models", "Inputs"))
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--only", choices=["bnn", "float"],
                    help="train (and evaluate) only this network (default: both)")
    ap.add_argument("--eval-only", action="store_true",
                    help="evaluate the ONNX files in --out with ONNX Runtime, no training")
    a = ap.parse_args()
    if not os.path.isdir(DATASET):
        sys.exit(f"train-bnn: {MISSING}")
    xte, yte = load_split("t10k")
    names = {True: "fmnist-bnn.onnx", False: "fmnist-float.onnx"}
    which = [b for b in (True, False) if a.only in (None, "bnn" if b else "float")]
    times = {}
    if not a.eval_only:
        import torch
        torch.set_num_threads(a.threads)
        torch.use_deterministic_algorithms(True)
        xtr, ytr = load_split("train")
        os.makedirs(a.out, exist_ok=True)
        for binary in which:
            model, times[binary] = train(torch, binary, xtr, ytr, a.epochs, a.seed)
            export(torch, model, os.path.join(a.out, names[binary]))
    with tempfile.TemporaryDirectory() as work:
        for binary in which:
            path = os.path.join(a.out, names[binary])
            m, ops, params = describe(path)
            if "BatchNormalization" not in ops:
                sys.exit(f"train-bnn: {path}: no BatchNormalization node (folded by the exporter)")
            nbin = check_binary_weights(m) if binary else 0
            acc, _ = evaluate(path, xte, yte, work)
            t = f", trained in {times[binary]:.0f} s" if binary in times else ""
            print(f"[train-bnn] {names[binary]}: ONNX Runtime test accuracy {100 * acc:.2f} % "
                  f"(10000 images), {params} parameters, {os.path.getsize(path)} bytes, "
                  f"{nbin} binary layers{t}; ops: "
                  + ", ".join(f"{k} x{v}" for k, v in sorted(ops.items())), flush=True)


if __name__ == "__main__":
    main()
