#!/usr/bin/env python3
"""numpy reference of include/compress/Algorithms/DataAware.h.

Writes fixture files (inputs and the reference's results) into a folder that the unit
test DataAwareReference.* (unittests/DataAwareTest.cpp) reads with
COMPRESS_DATAAWARE_FIXTURES=<folder>; the C++ results must equal these to tolerance.
Each algorithm is written independently of the C++ (dense numpy, argmin/argsort), with the
same documented conventions: damping λ = p·mean(diag H) after dead columns → 1, ties by
lowest index, exact pruning counts floor(N·j2/d) − floor(N·j1/d) per block.

Files: cases.txt (one line per case: name kind int-params...), <name>.<array>.bin (raw
little-endian float64, C order).
"""
import os
import sys

import numpy as np


def damp(h, p=0.01):
    h = h.copy()
    d = np.diag(h).copy()
    d[d == 0] = 1.0
    np.fill_diagonal(h, d)
    lam = p * np.mean(np.diag(h))
    return h + lam * np.eye(h.shape[0])


def inv_chol_upper(h, p=0.01):
    hd = damp(h, p)
    inv = np.linalg.inv(hd)
    inv = 0.5 * (inv + inv.T)
    return np.linalg.cholesky(inv).T  # inv = L Lᵀ, U = Lᵀ


def output_error(w, what, h):
    delta = w.astype(np.float64) - what.astype(np.float64)
    return float(np.sum((delta @ h) * delta))


def nearest(table, values):
    return np.argmin(np.abs(values[:, None] - table[None, :].astype(np.float64)), axis=1)


def weighted_kmeans_1d(values, weights, k, max_iter=100):
    distinct = np.unique(values)
    if len(distinct) <= k:
        c = distinct.astype(np.float32)
    else:
        lo, hi = values.min(), values.max()
        c = lo + (hi - lo) * np.arange(k) / (k - 1)
        prev = None
        for _ in range(max_iter):
            a = np.argmin(np.abs(values[:, None] - c[None, :]), axis=1)
            if prev is not None and np.array_equal(a, prev):
                break
            prev = a
            wsum = np.bincount(a, weights=weights, minlength=k)
            vsum = np.bincount(a, weights=weights * values, minlength=k)
            nz = wsum > 0
            c = c.copy()
            c[nz] = vsum[nz] / wsum[nz]
            c = np.sort(c)
        c = np.sort(c.astype(np.float32))
    c = list(c)
    while len(c) < k:
        c.append(c[-1])
    return np.array(c, dtype=np.float32)


def hessian_kmeans(w, h, bits, per_channel, p=0.01):
    k = 1 << bits
    hd = damp(h, p)
    colw = np.diag(hd)
    rows, cols = w.shape
    tables = []
    for t in range(rows if per_channel else 1):
        vals = (w[t] if per_channel else w.reshape(-1)).astype(np.float64)
        wts = colw if per_channel else np.tile(colw, rows)
        tables.append(weighted_kmeans_1d(vals, wts, k))
    cent = np.stack(tables)
    idx = np.zeros(w.shape, dtype=np.int64)
    for r in range(rows):
        idx[r] = nearest(cent[r if per_channel else 0], w[r].astype(np.float64))
    what = np.stack([cent[r if per_channel else 0][idx[r]] for r in range(rows)])
    return cent, idx, output_error(w, what, h)


def gptq(w, h, cent, per_channel, block, p=0.01, act_order=False):
    if act_order:
        order = np.argsort(-np.diag(damp(h, p)), kind="stable")
        pidx, _ = gptq(w[:, order], h[np.ix_(order, order)], cent, per_channel, block, p)
        idx = np.empty_like(pidx)
        idx[:, order] = pidx
        c = np.sort(cent, axis=1)
        what = np.stack([c[r if per_channel else 0][idx[r]] for r in range(w.shape[0])])
        return idx, output_error(w, what, h)
    u = inv_chol_upper(h, p)
    rows, cols = w.shape
    cent = np.sort(cent, axis=1)
    W = w.astype(np.float64).copy()
    idx = np.zeros(w.shape, dtype=np.int64)
    Q = np.zeros_like(W)
    for i1 in range(0, cols, block):
        i2 = min(i1 + block, cols)
        W1 = W[:, i1:i2].copy()
        E1 = np.zeros_like(W1)
        for i in range(i2 - i1):
            j = i1 + i
            col = W1[:, i]
            for r in range(rows):
                t = cent[r if per_channel else 0]
                idx[r, j] = nearest(t, col[r:r + 1])[0]
                Q[r, j] = t[idx[r, j]]
            err = (col - Q[:, j]) / u[j, j]
            W1[:, i:] -= np.outer(err, u[j, j:i2])
            E1[:, i] = err
        W[:, i2:] -= E1 @ u[i1:i2, i2:]
    return idx, output_error(w, Q, h)


def refit_centroids(w, h, cent, idx, err, p=0.01):
    """Least-squares centroid values for fixed indices (dense indicator matrices)."""
    hd = damp(h, p)
    rows, cols = w.shape
    tables, k = cent.shape
    new = cent.astype(np.float32).copy()
    for t in range(tables):
        A = np.zeros((k, k))
        b = np.zeros(k)
        for r in (range(rows) if tables == 1 else [t]):
            M = np.zeros((cols, k))
            M[np.arange(cols), idx[r]] = 1
            A += M.T @ hd @ M
            b += M.T @ hd @ w[r].astype(np.float64)
        used = np.nonzero(np.diag(A) > 0)[0]
        if len(used):
            new[t, used] = np.linalg.solve(A[np.ix_(used, used)], b[used]).astype(np.float32)
    new_idx = idx.copy()
    for t in range(tables):
        order = np.argsort(new[t], kind="stable")
        position = np.empty(k, dtype=np.int64)
        position[order] = np.arange(k)
        new[t] = new[t][order]
        for r in (range(rows) if tables == 1 else [t]):
            new_idx[r] = position[idx[r]]
    what = np.stack([new[0 if tables == 1 else r][new_idx[r]] for r in range(rows)])
    new_err = output_error(w, what, h)
    if not new_err < err:
        return cent, idx, err
    return new, new_idx, new_err


def count(s, n):
    return int(np.floor(s * n + 0.5))


def sparsegpt(w, h, s, per_row, block, p=0.01):
    u = inv_chol_upper(h, p)
    rows, cols = w.shape
    target = count(s, cols if per_row else rows * cols)
    W = w.astype(np.float64).copy()
    mask = np.zeros(w.shape, dtype=bool)
    for i1 in range(0, cols, block):
        i2 = min(i1 + block, cols)
        W1 = W[:, i1:i2].copy()
        E1 = np.zeros_like(W1)
        sal = W1 ** 2 / np.diag(u)[i1:i2][None, :] ** 2
        n = target * i2 // cols - target * i1 // cols
        m1 = np.zeros(W1.shape, dtype=bool)
        if per_row:
            for r in range(rows):
                m1[r, np.argsort(sal[r], kind="stable")[:n]] = True
        else:
            m1.reshape(-1)[np.argsort(sal.reshape(-1), kind="stable")[:n]] = True
        for i in range(i2 - i1):
            j = i1 + i
            col = W1[:, i]
            err = np.where(m1[:, i], col / u[j, j], 0.0)
            W1[:, i:] -= np.outer(err, u[j, j:i2])
            W1[m1[:, i], i] = 0.0
            E1[:, i] = err
        W[:, i1:i2] = W1
        W[:, i2:] -= E1 @ u[i1:i2, i2:]
        mask[:, i1:i2] = m1
    out = W.astype(np.float32)
    out[mask] = 0
    return out, mask, output_error(w, out, h)


def obs_groups(w, h, group_of, ngroups, nremove, p=0.01):
    g = np.linalg.inv(damp(h, p))
    g = 0.5 * (g + g.T)
    W = w.astype(np.float64).copy()
    members = [np.nonzero(group_of == k)[0] for k in range(ngroups)]
    removed = []
    for _ in range(nremove):
        best, best_cost = -1, 0.0
        for k in range(ngroups):
            if k in removed:
                continue
            S = members[k]
            ws = W[:, S]
            cost = float(np.sum(ws.T * np.linalg.solve(g[np.ix_(S, S)], ws.T)))
            if best < 0 or cost < best_cost:
                best, best_cost = k, cost
        S = members[best]
        m = np.linalg.solve(g[np.ix_(S, S)], g[S, :])
        W -= W[:, S] @ m
        g -= g[:, S] @ m
        W[:, S] = 0
        g[S, :] = 0
        g[:, S] = 0
        g[S, S] = 1
        removed.append(best)
    out = W.astype(np.float32)
    return out, np.array(removed, dtype=np.float64), output_error(w, out, h)


def binary_refit(w, b, signs, alpha, x):
    # Direct least squares on the samples (not the Gram form): an independent check.
    n = x.shape[1]
    y = w.astype(np.float64) @ x + b[:, None]
    s = signs.astype(np.float64) @ x
    a_out, b_out = np.zeros(len(b)), np.zeros(len(b))
    for r in range(len(b)):
        A = np.stack([s[r], np.ones(n)], axis=1)
        sol, *_ = np.linalg.lstsq(A, y[r], rcond=None)
        a_out[r], b_out[r] = sol
    return a_out, b_out


def correlated_inputs(rng, d, n, rho=0.9):
    """x = L z with an AR(1)-like correlation between neighbouring inputs."""
    idx = np.arange(d)
    cov = rho ** np.abs(idx[:, None] - idx[None, :])
    L = np.linalg.cholesky(cov + 1e-9 * np.eye(d))
    return L @ rng.standard_normal((d, n)) + 0.1


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    lines = []

    def save(name, **arrays):
        for key, value in arrays.items():
            np.asarray(value, dtype=np.float64).tofile(os.path.join(out, f"{name}.{key}.bin"))

    rng = np.random.default_rng(14)
    # Odd, asymmetric shapes; one with a dead input column; both scopes.
    for ci, (rows, cols, n, dead) in enumerate([(7, 13, 200, False), (5, 36, 300, True),
                                               (16, 72, 500, False)]):
        x = correlated_inputs(rng, cols, n) * (0.5 + rng.random(cols))[:, None]
        if dead:
            x[3] = 0
        h = x @ x.T
        w = (rng.standard_normal((rows, cols)) * 0.1).astype(np.float32)
        for bits, per_channel in [(2, 0), (3, 1), (4, 0)]:
            name = f"km{ci}_{bits}_{per_channel}"
            cent, idx, err = hessian_kmeans(w, h, bits, per_channel)
            save(name, w=w, h=h, centroids=cent, indices=idx, error=[err])
            lines.append(f"{name} hkmeans {rows} {cols} {bits} {per_channel}")
            for block in (1, 5, 128):
                gname = f"gq{ci}_{bits}_{per_channel}_{block}"
                gidx, gerr = gptq(w, h, cent, per_channel, block)
                save(gname, w=w, h=h, centroids=cent, indices=gidx, error=[gerr])
                lines.append(f"{gname} gptq {rows} {cols} {bits} {per_channel} {block}")
                if block == 5:
                    aname = f"ao{ci}_{bits}_{per_channel}"
                    aidx, aerr = gptq(w, h, cent, per_channel, block, act_order=True)
                    save(aname, w=w, h=h, centroids=cent, indices=aidx, error=[aerr])
                    lines.append(f"{aname} gptq {rows} {cols} {bits} {per_channel} {block} 1")
                if block == 128:
                    rname = f"rf{ci}_{bits}_{per_channel}"
                    rcent, ridx, rerr = refit_centroids(w, h, np.sort(cent, axis=1), gidx, gerr)
                    save(rname, w=w, h=h, centroids=np.sort(cent, axis=1), indices=gidx,
                         error=[gerr], refit_centroids=rcent, refit_indices=ridx,
                         refit_error=[rerr])
                    lines.append(f"{rname} refit {rows} {cols} {bits} {per_channel}")
        for s_milli, per_row, block in [(0, 1, 128), (500, 1, 4), (730, 0, 8), (1000, 0, 128),
                                        (300, 1, 128)]:
            name = f"sp{ci}_{s_milli}_{per_row}_{block}"
            pw, mask, err = sparsegpt(w, h, s_milli / 1000, per_row, block)
            save(name, w=w, h=h, pruned=pw, mask=mask, error=[err])
            lines.append(f"{name} sparsegpt {rows} {cols} {s_milli} {per_row} {block}")
        # Column groups: cols split into groups of 3 interleaved (t·G + g), like NHWC im2col.
        ngroups = cols // 3 if cols % 3 == 0 else cols
        group_of = np.arange(cols) % ngroups
        for nremove in (0, 1, ngroups // 2, ngroups):
            name = f"og{ci}_{nremove}"
            pw, removed, err = obs_groups(w, h, group_of, ngroups, nremove)
            save(name, w=w, h=h, groups=group_of, pruned=pw, removed=removed, error=[err])
            lines.append(f"{name} obsgroups {rows} {cols} {ngroups} {nremove}")
        # Binary refit against the direct least squares on the samples.
        name = f"bin{ci}"
        signs = np.where(rng.standard_normal((rows, cols)) < 0, -1, 1)
        b = (rng.standard_normal(rows) * 0.1).astype(np.float32)
        alpha = np.abs(w).mean(axis=1).astype(np.float32)
        a_ref, b_ref = binary_refit(w, b, signs, alpha, x)
        save(name, w=w, h=h, bias=b, signs=signs, alpha=alpha, mean=x.mean(axis=1),
             alpha_ref=a_ref, bias_ref=b_ref)
        lines.append(f"{name} binary {rows} {cols} {n}")
        # Bias correction against (W − Ŵ) applied to the samples' mean output.
        name = f"bc{ci}"
        what = (w + rng.standard_normal(w.shape) * 0.01).astype(np.float32)
        ref = b + ((w.astype(np.float64) - what) @ x).mean(axis=1)
        save(name, w=w, what=what, bias=b, mean=x.mean(axis=1), bias_ref=ref)
        lines.append(f"{name} biascorr {rows} {cols}")
    with open(os.path.join(out, "cases.txt"), "w") as f:
        f.write("\n".join(lines) + "\n")
    print(f"wrote {len(lines)} cases to {out}")


if __name__ == "__main__":
    main()
