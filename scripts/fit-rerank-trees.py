#!/usr/bin/env python3
"""Cross-validates boosted regression trees on top of the learnt
re-ranking: can a non-linear correction to its linear score
(interactions between features) order the ten candidates better?

Reads the `soudan eval --split tune --rerank features` reports that
scripts/fit-rerank.sh writes (covered tuning calls only; the held-out
halves are never read). For each fold, the linear softmax re-ranking is
fitted as scripts/fit-rerank.py fits it (L2 0.1); then N regression trees
of depth D are grown on the softmax loss's gradients and Hessians over the
candidates (second-order boosting, as LambdaMART/XGBoost grow trees; at
least 10 candidates a leaf, leaf L2 1), each added with shrinkage ETA.
Prints out-of-fold hit@1 and MRR@10 over the first ten for each
configuration, 5 folds, REPS repeats (default 3), the same folds as
fit-rerank.py's cv. "0:1:0" is the linear re-ranking alone.

Usage: scripts/fit-rerank.sh trees N:D:ETA ...
   e.g. scripts/fit-rerank.sh trees 0:1:0 20:1:0.1 20:2:0.1 40:1:0.05 10:3:0.1
docs/relevance.md, "Session 7", gives the figures.
"""
import importlib.util
import math
import os
import random
import sys

spec = importlib.util.spec_from_file_location("fit_rerank", os.path.join(os.path.dirname(__file__), "fit-rerank.py"))
fr = importlib.util.module_from_spec(spec)
spec.loader.exec_module(fr)


def lin(w, x):
    return sum(a * b for a, b in zip(w, x))


def best_split(idx, xs, g, h, lam=1.0, minleaf=10):
    """Returns the best (feature, threshold) by second-order gain, or None,
    and the leaf value of idx."""
    gs, hs = sum(g[i] for i in idx), sum(h[i] for i in idx)
    base = gs * gs / (hs + lam)
    gain, split = 0.0, None
    for f in range(len(xs[0])):
        order = sorted(idx, key=lambda i: xs[i][f])
        gl = hl = 0.0
        for k in range(len(order) - 1):
            i = order[k]
            gl += g[i]
            hl += h[i]
            if k + 1 < minleaf or len(order) - k - 1 < minleaf or xs[i][f] == xs[order[k + 1]][f]:
                continue
            v = gl * gl / (hl + lam) + (gs - gl) ** 2 / (hs - hl + lam) - base
            if v > gain:
                gain, split = v, (f, (xs[i][f] + xs[order[k + 1]][f]) / 2)
    return split, -gs / (hs + lam)


def grow(idx, xs, g, h, depth):
    split, leaf = best_split(idx, xs, g, h)
    if depth == 0 or split is None:
        return ("leaf", leaf)
    f, t = split
    left = [i for i in idx if xs[i][f] <= t]
    right = [i for i in idx if xs[i][f] > t]
    return ("node", f, t, grow(left, xs, g, h, depth - 1), grow(right, xs, g, h, depth - 1))


def predict(tree, x):
    while tree[0] == "node":
        tree = tree[3] if x[tree[1]] <= tree[2] else tree[4]
    return tree[1]


def gradients(data, spans, scores):
    """The softmax loss's gradient and (diagonal) Hessian per candidate."""
    g, h = [0.0] * len(scores), [0.0] * len(scores)
    for c, (a, b) in zip(data, spans):
        m = max(scores[a:b])
        e = [math.exp(v - m) for v in scores[a:b]]
        tot = sum(e)
        rt = sum(v for v, r in zip(e, c["rel"]) if r)
        for j in range(b - a):
            p = e[j] / tot
            g[a + j] = p - (e[j] / rt if c["rel"][j] else 0.0)
            h[a + j] = max(p * (1 - p), 1e-6)
    return g, h


def fit(calls, ntrees, depth, eta, lam=0.1):
    w = fr.fit_softmax(calls, lam)
    data = [c for c in calls if any(c["rel"]) and not all(c["rel"])]
    xs, spans = [], []
    for c in data:
        spans.append((len(xs), len(xs) + len(c["x"])))
        xs.extend(c["x"])
    scores = [lin(w, x) for x in xs]
    trees = []
    for _ in range(ntrees):
        g, h = gradients(data, spans, scores)
        t = grow(list(range(len(xs))), xs, g, h, depth)
        trees.append(t)
        scores = [s + eta * predict(t, x) for s, x in zip(scores, xs)]
    return lambda x: lin(w, x) + eta * sum(predict(t, x) for t in trees)


def metrics(calls, model):
    h1 = mrr = 0.0
    for c in calls:
        s = [model(x) for x in c["x"]]
        rel = [c["rel"][i] for i in sorted(range(len(s)), key=lambda i: (-s[i], i))]
        first = next((i for i, r in enumerate(rel) if r), None)
        if first is not None:
            h1 += first == 0
            mrr += 1 / (first + 1)
    return h1, mrr


def main():
    calls = [c for c in fr.load(sys.argv[1]) if c["x"]]
    reps = int(os.environ.get("REPS", "3"))
    print(f"calls {len(calls)} (covered, tuning halves), 5 folds, {reps} repeats")
    print("| trees | depth | eta | hit@1 | MRR@10 |")
    print("|---|---|---|---|---|")
    for cfg in sys.argv[2:] or ["0:1:0", "20:1:0.1", "20:2:0.1"]:
        nt, dp, eta = cfg.split(":")
        h1 = mrr = 0.0
        for rep in range(reps):
            order = list(range(len(calls)))
            random.Random(rep).shuffle(order)
            for f in range(5):
                test = [calls[i] for k, i in enumerate(order) if k % 5 == f]
                train = [calls[i] for k, i in enumerate(order) if k % 5 != f]
                a, b = metrics(test, fit(train, int(nt), int(dp), float(eta)))
                h1 += a
                mrr += b
        n = reps * len(calls)
        print(f"| {nt} | {dp} | {eta} | {h1 / n:.3f} | {mrr / n:.3f} |", flush=True)


if __name__ == "__main__":
    main()
