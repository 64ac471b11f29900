#!/usr/bin/env python3
"""Fits and cross-validates soudan's learnt re-ranking (retrieval.DefaultRerank).

Reads the --json reports of `soudan eval --split tune --rerank features` for
the suites in the folder given as argv[1] (scripts/fit-rerank.sh writes
them). Each hit of the first ten carries the engine's re-ranking features
(retrieval.RerankFeatureNames) in the fused order, and whether it is
relevant. The model is linear, fitted with L2 penalty LAMBDA on w by
Newton's method, with one of two losses (LOSS):

  softmax   (default, shipped) listwise: each call's softmax probability
            of its relevant hits among its first ten is maximised;
  pairwise  RankNet: for every relevant hit r and non-relevant hit n of
            one call, P(r above n) = sigmoid(w . (x_r - x_n)), each call's
            pairs weighing 1 in all.

  fit [LAMBDA]   prints the weights for retrieval.DefaultRerank and the
                 in-sample hit@1 / MRR@10 per suite, fused and re-ranked;
  cv             repeated five-fold cross-validation by call inside the
                 tuning halves for a grid of LAMBDA and feature sets:
                 out-of-fold hit@1 and MRR@10 against the fused order.

Only the tuning halves are read: the held-out halves measure what this
chooses.
"""
import json
import math
import os
import random
import sys

import suites

SUITES = suites.load("covered")
NAMES = ["inv_pos", "rel_score", "gap_next",
         "rr_tokens", "rr_bigrams", "rr_readings", "rr_examples", "rr_vector",
         "standard_answer", "case", "faq", "heading", "depth", "answer_len",
         "before_acted", "after_acted", "routing", "example", "bigram_support",
         "same_section_top", "child_of_top", "parent_of_top"]
# Derived features (products of two of the engine's), tried in cv: a
# child of the first result close to it in score is a different case from
# one far below.
DERIVED = {
    "child_x_score": ("child_of_top", "rel_score"),
    "parent_x_score": ("parent_of_top", "rel_score"),
    "same_x_score": ("same_section_top", "rel_score"),
    "heading_x_pos": ("heading", "inv_pos"),
}
RANKING = NAMES[:3]
SETS = {
    "all": NAMES,
    "no-lexical": [n for n in NAMES if n not in ("example", "bigram_support")],
    "no-structure": [n for n in NAMES if n not in ("same_section_top", "child_of_top", "parent_of_top", "heading", "depth")],
    "ranks+kind": RANKING + NAMES[3:11],
    "all+x": NAMES + list(DERIVED),
}


def load(folder):
    calls = []
    for s in SUITES:
        path = os.path.join(folder, s + ".json")
        with open(path, encoding="utf-8") as f:
            rep = json.load(f)
        for q in rep["per_query"]:
            if not q.get("covered"):
                continue
            top = [h for h in q.get("top") or [] if h.get("features")]
            calls.append({"suite": s, "x": [h["features"] for h in top],
                          "rel": [bool(h.get("relevant")) for h in top]})
    return calls


def value(row, col):
    if col in DERIVED:
        a, b = DERIVED[col]
        return row[NAMES.index(a)] * row[NAMES.index(b)]
    return row[NAMES.index(col)]


def project(calls, cols):
    return [dict(c, x=[[value(row, k) for k in cols] for row in c["x"]]) for c in calls]


def pairs(calls):
    out = []
    for c in calls:
        rel = [i for i, r in enumerate(c["rel"]) if r]
        non = [i for i, r in enumerate(c["rel"]) if not r]
        if not rel or not non:
            continue
        w = 1.0 / (len(rel) * len(non))
        for r in rel:
            for n in non:
                out.append(([a - b for a, b in zip(c["x"][r], c["x"][n])], w))
    return out


def solve(a, b):
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for col in range(n):
        piv = max(range(col, n), key=lambda r: abs(m[r][col]))
        m[col], m[piv] = m[piv], m[col]
        p = m[col][col]
        if abs(p) < 1e-12:
            continue
        for r in range(n):
            if r != col and m[r][col] != 0:
                f = m[r][col] / p
                for k in range(col, n + 1):
                    m[r][k] -= f * m[col][k]
    return [m[i][n] / m[i][i] if abs(m[i][i]) > 1e-12 else 0.0 for i in range(n)]


def fit(calls, lam, iters=25):
    if os.environ.get("LOSS", "softmax") == "softmax":
        return fit_softmax(calls, lam)
    ps = pairs(calls)
    d = len(calls[0]["x"][0]) if calls and calls[0]["x"] else len(NAMES)
    w = [0.0] * d
    for _ in range(iters):
        g = [lam * wi for wi in w]
        h = [[lam if i == j else 0.0 for j in range(d)] for i in range(d)]
        for x, cw in ps:
            z = sum(a * b for a, b in zip(w, x))
            p = 1 / (1 + math.exp(-max(min(z, 30), -30)))
            for i in range(d):
                g[i] -= cw * (1 - p) * x[i]
            add_outer(h, cw * p * (1 - p), x)
        w, done = newton(w, h, g)
        if done:
            break
    return w


def add_outer(h, c, x):
    """Adds c * x x' to the matrix h."""
    for i, xi in enumerate(x):
        if xi == 0:
            continue
        s = c * xi
        hi = h[i]
        for j, xj in enumerate(x):
            hi[j] += s * xj


def newton(w, h, g):
    """One Newton step; done when it moved no weight by 1e-6."""
    step = solve(h, g)
    return [a - b for a, b in zip(w, step)], max(abs(s) for s in step) < 1e-6


def fit_softmax(calls, lam, iters=12):
    """Listwise: maximises each call's softmax probability of its relevant
    hits (ListNet with the relevant ones as the target), Newton steps with
    the covariance of the scores' softmax as the curvature."""
    data = [c for c in calls if any(c["rel"]) and not all(c["rel"])]
    d = len(data[0]["x"][0])
    w = [0.0] * d
    for _ in range(iters):
        g = [lam * wi for wi in w]
        h = [[lam if i == j else 0.0 for j in range(d)] for i in range(d)]
        for c in data:
            z = [sum(a * b for a, b in zip(w, x)) for x in c["x"]]
            m = max(z)
            e = [math.exp(v - m) for v in z]
            tot = sum(e)
            rt = sum(v for v, r in zip(e, c["rel"]) if r)
            p = [v / tot for v in e]
            q = [v / rt if r else 0.0 for v, r in zip(e, c["rel"])]
            mu = [sum(pi * x[i] for pi, x in zip(p, c["x"])) for i in range(d)]
            mr = [sum(qi * x[i] for qi, x in zip(q, c["x"])) for i in range(d)]
            for i in range(d):
                g[i] += mu[i] - mr[i]
            for pi, x in zip(p, c["x"]):
                add_outer(h, pi, [a - b for a, b in zip(x, mu)])
        w, done = newton(w, h, g)
        if done:
            break
    return w


def ranked(c, w):
    if w is None:
        return c["rel"]
    order = sorted(range(len(c["x"])), key=lambda i: (-sum(a * b for a, b in zip(w, c["x"][i])), i))
    return [c["rel"][i] for i in order]


def metrics(calls, w):
    h1 = mrr = 0.0
    for c in calls:
        rel = ranked(c, w)
        first = next((i for i, r in enumerate(rel) if r), None)
        if first is not None:
            h1 += first == 0
            mrr += 1 / (first + 1)
    n = max(len(calls), 1)
    return h1 / n, mrr / n


def cv(calls, lams, sets, reps=5, folds=5):
    base = metrics(calls, None)
    print(f"calls {len(calls)} (covered, tuning halves); fused: hit@1 {base[0]:.3f} MRR@10 {base[1]:.3f}")
    print("| features | lambda | hit@1 | MRR@10 | MRR gain |")
    print("|---|---|---|---|---|")
    for name in sets:
        data = project(calls, SETS[name])
        for lam in lams:
            h1 = mrr = 0.0
            for rep in range(reps):
                rng = random.Random(rep)
                order = list(range(len(data)))
                rng.shuffle(order)
                for f in range(folds):
                    test = [data[i] for k, i in enumerate(order) if k % folds == f]
                    train = [data[i] for k, i in enumerate(order) if k % folds != f]
                    a, b = metrics(test, fit(train, lam))
                    h1 += a * len(test)
                    mrr += b * len(test)
            n = reps * len(data)
            print(f"| {name} | {lam} | {h1 / n:.3f} | {mrr / n:.3f} | {mrr / n - base[1]:+.3f} |")


def main():
    folder, mode = sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "fit"
    calls = [c for c in load(folder) if c["x"]]
    if mode == "cv":
        lams = [float(x) for x in os.environ.get("LAMBDAS", "0.01,0.1,1").split(",")]
        sets = os.environ.get("SETS", ",".join(SETS)).split(",")
        cv(calls, lams, sets, reps=int(os.environ.get("REPS", "5")))
        return
    lam = float(sys.argv[3]) if len(sys.argv) > 3 else 0.1
    cols = SETS[os.environ.get("SET", "all")]
    w = fit(project(calls, cols), lam)
    full = [w[cols.index(n)] if n in cols else 0.0 for n in NAMES]
    print("Weights: []float64{" + ", ".join(f"{x:.4f}" for x in full) + "}")
    for n, x in zip(NAMES, full):
        print(f"  {n:18s} {x:+.4f}")
    for s in SUITES:
        sub = [c for c in calls if c["suite"] == s]
        a, b = metrics(sub, None), metrics(project(sub, cols), [w[cols.index(n)] for n in cols])
        print(f"{s:10s} {len(sub):4d}  hit@1 {a[0]:.3f} -> {b[0]:.3f}  MRR@10 {a[1]:.3f} -> {b[1]:.3f}")


if __name__ == "__main__":
    main()
