#!/usr/bin/python3
"""Models, calibration inputs and numpy oracles for the calibration tests.

  calib.py make DIR             writes the ONNX models and .npy inputs into DIR
  calib.py stats MODEL DIR STATS  checks compress-compile --calibration-stats-out
                                against numpy: H = sum x x^T of every layer's im2col
                                input vectors (OHWI order (kh, kw, c)), the output
                                mean/variance per channel, the sample counts
  calib.py lowrank MODEL DIR RANK DATA_AWARE.npy BLIND.npy [diagonal]
                                checks the data-aware low-rank outputs against a numpy
                                reference of the same algorithm (SVD of W L, L L^T =
                                H + 0.01 mean(diag H) I) and that its output error on
                                held-out inputs is below 0.8 x plain SVD's
Tolerances: statistics of the first layer (the inputs themselves) rtol 1e-12 (double
sums, other order); later layers see the compiled model's f32 activations against
numpy's float64 forward: 1e-5 of the largest entry.
"""
import json
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

RNG = np.random.default_rng(14)


def conv_node(name, x, y, w, b, **attrs):
    return helper.make_node("Conv", [x, w] + ([b] if b else []), [y], name=name, **attrs)


# ---- models: (nodes, weights, input shape, output shape); numpy forward below ----
def model_convs():
    """Conv pad 1 -> Relu -> Conv stride 2 dilation (2,1) asymmetric pads -> Conv group 2
    (imported as one conv per group) -> depthwise Conv (group = C)."""
    w = {
        "w1": RNG.standard_normal((5, 4, 3, 3)).astype(np.float32),
        "b1": RNG.standard_normal(5).astype(np.float32),
        "w2": RNG.standard_normal((6, 5, 3, 2)).astype(np.float32),
        "b2": RNG.standard_normal(6).astype(np.float32),
        "w3": RNG.standard_normal((4, 3, 1, 3)).astype(np.float32),
        "w4": RNG.standard_normal((4, 1, 3, 3)).astype(np.float32),
        "b4": RNG.standard_normal(4).astype(np.float32),
    }
    layers = [  # name, weight, bias, stride, dilation, pads (top, left, bottom, right), group
        ("c1", "w1", "b1", (1, 1), (1, 1), (1, 1, 1, 1), 1),
        ("c2", "w2", "b2", (2, 2), (2, 1), (2, 0, 1, 1), 1),
        ("c3", "w3", None, (1, 1), (1, 1), (0, 1, 0, 1), 2),
        ("c4", "w4", "b4", (1, 1), (1, 1), (1, 1, 1, 1), 4),
    ]
    nodes = [conv_node("c1", "x", "y1", "w1", "b1", pads=[1, 1, 1, 1]),
             helper.make_node("Relu", ["y1"], ["r1"], name="relu1"),
             conv_node("c2", "r1", "y2", "w2", "b2", strides=[2, 2], dilations=[2, 1],
                       pads=[2, 0, 1, 1]),
             conv_node("c3", "y2", "y3", "w3", None, pads=[0, 1, 0, 1], group=2),
             conv_node("c4", "y3", "y", "w4", "b4", pads=[1, 1, 1, 1], group=4)]
    return nodes, w, layers, (1, 4, 7, 9)


def model_fc():
    """Gemm (transB) -> Relu -> MatMul."""
    w = {"w1": RNG.standard_normal((7, 13)).astype(np.float32),
         "b1": RNG.standard_normal(7).astype(np.float32),
         "w2": RNG.standard_normal((7, 5)).astype(np.float32)}
    nodes = [helper.make_node("Gemm", ["x", "w1", "b1"], ["y1"], name="fc1", transB=1),
             helper.make_node("Relu", ["y1"], ["r1"], name="relu1"),
             helper.make_node("MatMul", ["r1", "w2"], ["y"], name="fc2")]
    return nodes, w, None, (1, 13)


def model_fc_corr():
    """One Gemm 24 -> 16 with bias, batch 40 (the low-rank test)."""
    w = {"w": RNG.standard_normal((16, 24)).astype(np.float32),
         "b": RNG.standard_normal(16).astype(np.float32)}
    nodes = [helper.make_node("Gemm", ["x", "w", "b"], ["y"], name="fc", transB=1)]
    return nodes, w, None, (40, 24)


def model_conv_corr():
    """One Conv 6 -> 12, 3x3, pad 1, batch 16 (the low-rank test)."""
    w = {"w": RNG.standard_normal((12, 6, 3, 3)).astype(np.float32),
         "b": RNG.standard_normal(12).astype(np.float32)}
    nodes = [conv_node("conv", "x", "y", "w", "b", pads=[1, 1, 1, 1])]
    return nodes, w, None, (16, 6, 8, 8)


MODELS = {"convs": model_convs, "fc": model_fc, "fc_corr": model_fc_corr,
          "conv_corr": model_conv_corr}


def save_model(path, nodes, weights, in_shape):
    g = helper.make_graph(
        nodes, "g", [helper.make_tensor_value_info("x", TensorProto.FLOAT, list(in_shape))],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, None)],
        [numpy_helper.from_array(v, k) for k, v in weights.items()])
    m = helper.make_model(g, opset_imports=[helper.make_opsetid("", 13)])
    onnx.save(m, path)


def correlated(n, shape, rank):
    """Inputs with strongly correlated features: a low-dimensional signal plus noise."""
    feat = int(np.prod(shape))
    mix = RNG.standard_normal((rank, feat))
    z = RNG.standard_normal((n, rank)) @ mix + 0.05 * RNG.standard_normal((n, feat))
    return z.reshape((n,) + tuple(shape)).astype(np.float32)


def make(d):
    for name, fn in MODELS.items():
        nodes, w, _, in_shape = fn()
        save_model(os.path.join(d, name + ".onnx"), nodes, w, in_shape)
        np.savez(os.path.join(d, name + ".weights.npz"), **w)
    np.save(os.path.join(d, "convs.npy"), RNG.standard_normal((5, 4, 7, 9)).astype(np.float32))
    os.makedirs(os.path.join(d, "fc-folder"), exist_ok=True)
    for i in range(3):  # per-sample files, one of them ONNX TensorProto
        x = RNG.standard_normal((2, 13)).astype(np.float32)
        if i == 1:
            with open(os.path.join(d, "fc-folder", "b.pb"), "wb") as f:
                f.write(numpy_helper.from_array(x).SerializeToString())
        else:
            np.save(os.path.join(d, "fc-folder", f"{'ac'[i // 2]}.npy"), x)
    with open(os.path.join(d, "fc-folder", "README.txt"), "w") as f:
        f.write("ignored\n")
    # Low-rank data: calibration and held-out inputs of the same distribution. FC: a
    # 5-dimensional signal in 24 features; conv: channels proportional to one smooth
    # (2x2 box-filtered) image, plus noise.
    x = correlated(240, (24,), 5)
    np.save(os.path.join(d, "fc_corr.cal.npy"), x[:200])
    np.save(os.path.join(d, "fc_corr.eval.npy"), x[200:])
    z = RNG.standard_normal((80, 1, 9, 9))
    z = (z[:, :, 1:, 1:] + z[:, :, :-1, 1:] + z[:, :, 1:, :-1] + z[:, :, :-1, :-1]) / 2
    x = (z * RNG.standard_normal((1, 6, 1, 1)) + 0.05 * RNG.standard_normal((80, 6, 8, 8)))
    x = x.astype(np.float32)
    np.save(os.path.join(d, "conv_corr.cal.npy"), x[:64])
    np.save(os.path.join(d, "conv_corr.eval.npy"), x[64:])


# ---- numpy oracles ----
def im2col(x, w_shape, stride, dilation, pads, group, g):
    """Vectors of group g of a conv: [N*OH*OW, kh*kw*cg], index (i*kw + j)*cg + c."""
    n, c, h, wd = x.shape
    m, cg, kh, kw = w_shape
    top, left, bottom, right = pads
    xp = np.zeros((n, c, h + top + bottom, wd + left + right))
    xp[:, :, top:top + h, left:left + wd] = x
    oh = (h + top + bottom - dilation[0] * (kh - 1) - 1) // stride[0] + 1
    ow = (wd + left + right - dilation[1] * (kw - 1) - 1) // stride[1] + 1
    cols = np.zeros((n, oh, ow, kh, kw, cg))
    for i in range(kh):
        for j in range(kw):
            patch = xp[:, g * cg:(g + 1) * cg,
                       i * dilation[0]:i * dilation[0] + stride[0] * (oh - 1) + 1:stride[0],
                       j * dilation[1]:j * dilation[1] + stride[1] * (ow - 1) + 1:stride[1]]
            cols[:, :, :, i, j, :] = patch.transpose(0, 2, 3, 1)
    return cols.reshape(n * oh * ow, kh * kw * cg), (n, oh, ow)


def conv(x, w, b, stride, dilation, pads, group):
    m, cg = w.shape[0], w.shape[1]
    mg = m // group
    outs = []
    for g in range(group):
        cols, (n, oh, ow) = im2col(x, w.shape, stride, dilation, pads, group, g)
        wg = w[g * mg:(g + 1) * mg].transpose(0, 2, 3, 1).reshape(mg, -1)  # OHWI rows
        outs.append((cols @ wg.T).reshape(n, oh, ow, mg).transpose(0, 3, 1, 2))
    y = np.concatenate(outs, axis=1)
    return y + (0 if b is None else b.reshape(1, -1, 1, 1))


def expected_convs(w, x):
    """[(key, groups list of vectors, output of the op (NCHW), channel slice)]."""
    layers = model_convs_layers()
    out, act = [], x.astype(np.float64)
    for name, wn, bn, stride, dil, pads, group in layers:
        W = w[wn].astype(np.float64)
        B = None if bn is None else w[bn].astype(np.float64)
        y = conv(act, W, B, stride, dil, pads, group)
        m = W.shape[0]
        if group == 1:
            out.append((name, [im2col(act, W.shape, stride, dil, pads, 1, 0)[0]], y))
        elif group == act.shape[1] and W.shape[1] == 1:  # depthwise: one H per channel
            out.append((name, [im2col(act, W.shape, stride, dil, pads, group, g)[0]
                               for g in range(group)], y))
        else:  # one conv per group, keys name#g
            mg = m // group
            for g in range(group):
                out.append((f"{name}#{g}", [im2col(act, W.shape, stride, dil, pads, group, g)[0]],
                            y[:, g * mg:(g + 1) * mg]))
        act = np.maximum(y, 0) if name == "c1" else y
    return out


def model_convs_layers():
    return [("c1", "w1", "b1", (1, 1), (1, 1), (1, 1, 1, 1), 1),
            ("c2", "w2", "b2", (2, 2), (2, 1), (2, 0, 1, 1), 1),
            ("c3", "w3", None, (1, 1), (1, 1), (0, 1, 0, 1), 2),
            ("c4", "w4", "b4", (1, 1), (1, 1), (1, 1, 1, 1), 4)]


def expected_fc(w, x):
    x = x.astype(np.float64)
    y1 = x @ w["w1"].astype(np.float64).T  # the matmul op's output: the bias comes after
    r1 = np.maximum(y1 + w["b1"], 0)
    y2 = r1 @ w["w2"].astype(np.float64)
    return [("fc1", [x], y1[:, :, None, None]), ("fc2", [r1], y2[:, :, None, None])]


def load_inputs(path):
    if os.path.isdir(path):
        xs = []
        for f in sorted(os.listdir(path)):
            p = os.path.join(path, f)
            if f.endswith(".npy"):
                xs.append(np.load(p))
            elif f.endswith(".pb"):
                t = onnx.TensorProto()
                t.ParseFromString(open(p, "rb").read())
                xs.append(numpy_helper.to_array(t))
        return np.concatenate(xs)
    return np.load(path)


def fail(msg):
    print("FAIL:", msg)
    sys.exit(1)


def check_stats(model, d, stats):
    w = dict(np.load(os.path.join(d, model + ".weights.npz")))
    x = load_inputs(os.path.join(d, {"convs": "convs.npy", "fc": "fc-folder"}[model]))
    expected = (expected_convs if model == "convs" else expected_fc)(w, x)
    index = json.load(open(os.path.join(stats, "index.json")))
    if index["samples"] != x.shape[0]:
        fail(f"samples {index['samples']} != {x.shape[0]}")
    by_key = {l["key"]: l for l in index["layers"]}
    if sorted(by_key) != sorted(k for k, _, _ in expected):
        fail(f"layer keys {sorted(by_key)} != {sorted(k for k, _, _ in expected)}")
    for li, (key, groups, y) in enumerate(expected):
        l = by_key[key]
        gram = np.load(os.path.join(stats, l["gram"]))
        exact = li == 0  # the first layer sees the calibration inputs themselves
        for g, vecs in enumerate(groups):
            h = vecs.T @ vecs
            got = gram[g]
            if l["diagonal"]:
                h = np.diag(h)
            tol = 1e-12 * np.abs(h).max() if exact else 1e-5 * np.abs(h).max()
            if got.shape != h.shape or not np.allclose(got, h, rtol=0, atol=tol):
                fail(f"{key} group {g}: H differs by {np.abs(got - h).max()} (tol {tol})")
            if l["vectors"] != vecs.shape[0]:
                fail(f"{key}: vectors {l['vectors']} != {vecs.shape[0]}")
        chans = y.transpose(1, 0, 2, 3).reshape(y.shape[1], -1)
        mean, var = chans.mean(axis=1), chans.var(axis=1)
        gm = np.load(os.path.join(stats, l["out_mean"]))
        gv = np.load(os.path.join(stats, l["out_var"]))
        scale = max(1.0, np.abs(chans).max() ** 2)
        if not (np.allclose(gm, mean, rtol=1e-5, atol=1e-5 * scale) and
                np.allclose(gv, var, rtol=1e-5, atol=1e-5 * scale)):
            fail(f"{key}: output moments differ: mean {np.abs(gm - mean).max()}, "
                 f"var {np.abs(gv - var).max()}")
        if l["out_positions"] != chans.shape[1]:
            fail(f"{key}: out_positions {l['out_positions']} != {chans.shape[1]}")
        print(f"{key}: groups={len(groups)} dim={l['dim']} diagonal={l['diagonal']} ok")
    print("stats ok")


def whitened_lowrank(W, H, rank, damping=0.01, diagonal=False):
    if diagonal:  # the calibration cap keeps diag(H) only: ASVD-style per-input scaling
        H = np.diag(np.diag(H))
    Hd = H + damping * np.mean(np.diag(H)) * np.eye(H.shape[0])
    L = np.linalg.cholesky(Hd)
    P, s, Qt = np.linalg.svd(W @ L, full_matrices=False)
    return (P[:, :rank] * s[:rank]) @ Qt[:rank] @ np.linalg.inv(L)


def plain_lowrank(W, rank):
    P, s, Qt = np.linalg.svd(W, full_matrices=False)
    return (P[:, :rank] * s[:rank]) @ Qt[:rank]


def check_lowrank(model, d, rank, aware_out, blind_out, form="full"):
    w = dict(np.load(os.path.join(d, model + ".weights.npz")))
    cal = np.load(os.path.join(d, model + ".cal.npy")).astype(np.float64)
    ev = np.load(os.path.join(d, model + ".eval.npy")).astype(np.float64)
    rank = int(rank)
    if model == "fc_corr":
        W = w["w"].astype(np.float64)
        H = cal.T @ cal
        apply = lambda Wm: ev @ Wm.T + w["b"]  # noqa: E731
    else:
        shape = w["w"].shape
        W = w["w"].astype(np.float64).transpose(0, 2, 3, 1).reshape(shape[0], -1)
        cols = im2col(cal, shape, (1, 1), (1, 1), (1, 1, 1, 1), 1, 0)[0]
        H = cols.T @ cols
        ev_cols, (n, oh, ow) = im2col(ev, shape, (1, 1), (1, 1), (1, 1, 1, 1), 1, 0)
        apply = lambda Wm: ((ev_cols @ Wm.T).reshape(n, oh, ow, -1).transpose(0, 3, 1, 2)  # noqa
                            + w["b"].reshape(1, -1, 1, 1))
    y_true = apply(W)
    y_ref = apply(whitened_lowrank(W, H, rank, diagonal=form == "diagonal"))
    y_plain = apply(plain_lowrank(W, rank))
    aware, blind = np.load(aware_out).astype(np.float64), np.load(blind_out).astype(np.float64)
    scale = np.abs(y_true).max()
    if not np.allclose(aware, y_ref, rtol=0, atol=1e-4 * scale):
        fail(f"data-aware output differs from the numpy reference by {np.abs(aware - y_ref).max()}")
    if not np.allclose(blind, y_plain, rtol=0, atol=1e-4 * scale):
        fail(f"blind output differs from plain SVD by {np.abs(blind - y_plain).max()}")
    e_aware = np.linalg.norm(aware - y_true) / np.linalg.norm(y_true)
    e_blind = np.linalg.norm(blind - y_true) / np.linalg.norm(y_true)
    print(f"held-out output rel error at rank {rank}: data-aware {e_aware:.4f}, "
          f"blind {e_blind:.4f}")
    # (diag(H) alone cannot undo correlations between inputs: no improvement asserted)
    if form == "full" and not e_aware < 0.8 * e_blind:
        fail("the data-aware error is not below 0.8 x the blind one")
    print("lowrank ok")


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "make":
        make(sys.argv[2])
    elif cmd == "stats":
        check_stats(*sys.argv[2:5])
    elif cmd == "lowrank":
        check_lowrank(*sys.argv[2:8])
    else:
        fail("unknown command " + cmd)
