#!/usr/bin/env bash
# Fits the confidence classifier's weights (retrieval.DefaultConfidence)
# by logistic regression on the TUNING halves of the five suites, and
# prints the precision curves from which the thresholds are read:
#   none score: covered (1) vs uncovered (0) calls;
#   high score: first result right (1) or not (0).
# Features: the ConfidenceSignals each search reports (the agreement as a
# share of the signals that ran). Newton's method, L2 0.1 on the weights.
# Usage: scripts/fit-confidence.sh [engine flags...]
set -euo pipefail
cd "$(dirname "$0")/.."
go build -o bin/soudan ./cmd/soudan
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
for s in dev callers messy routed uncovered; do
  bin/soudan eval --suite "eval/testdata/$s.jsonl" --split tune --quiet --json "$dir/$s.json" "$@" >/dev/null
done
python3 - "$dir" <<'PY'
import json, math, sys
F = ["support", "known", "bigram_support", "reading_support", "example", "margin", "agreement"]
rows = []
for s in "dev callers messy routed uncovered".split():
    for q in json.load(open("%s/%s.json" % (sys.argv[1], s)))["per_query"]:
        if not q["top"]:
            continue
        g = dict(q["signals"])
        g["agreement"] = g["agreement"] / g["signals"] if g["signals"] else 0
        rows.append(([g[f] for f in F], q["covered"], q["covered"] and q.get("first_relevant") == 1))

def solve(A, b):
    n = len(b)
    M = [A[i][:] + [b[i]] for i in range(n)]
    for c in range(n):
        p = max(range(c, n), key=lambda r: abs(M[r][c]))
        M[c], M[p] = M[p], M[c]
        for r in range(n):
            if r != c:
                f = M[r][c] / M[c][c]
                for k in range(c, n + 1):
                    M[r][k] -= f * M[c][k]
    return [M[i][n] / M[i][i] for i in range(n)]

def fit(X, y, l2=0.1):
    X = [[1.0] + x for x in X]
    d = len(X[0])
    w = [0.0] * d
    for _ in range(30):
        g = [0.0] * d
        H = [[0.0] * d for _ in range(d)]
        for x, t in zip(X, y):
            p = 1 / (1 + math.exp(-sum(a * b for a, b in zip(w, x))))
            for i in range(d):
                g[i] += (p - t) * x[i]
                for j in range(d):
                    H[i][j] += p * (1 - p) * x[i] * x[j]
        for i in range(1, d):
            g[i] += l2 * w[i]
            H[i][i] += l2
        w = [a - b for a, b in zip(w, solve(H, g))]
    return w

def score(w, x):
    return w[0] + sum(a * b for a, b in zip(w[1:], x))

X = [r[0] for r in rows]
wn = fit(X, [1 if r[1] else 0 for r in rows])
wh = fit(X, [1 if r[2] else 0 for r in rows])
for name, w in (("none", wn), ("high", wh)):
    print("%s weights: Bias %.2f, %s" % (name, w[0], ", ".join("%s %.2f" % (f, v) for f, v in zip(F, w[1:]))))
unc = [score(wn, r[0]) for r in rows if not r[1]]
cov = [score(wn, r[0]) for r in rows if r[1]]
print("none-below  uncovered-none  covered-none")
for t in [x / 4 for x in range(-4, 9)]:
    print("%10.2f  %14.3f  %12.3f" % (t, sum(u < t for u in unc) / len(unc), sum(c < t for c in cov) / len(cov)))
print("high-above  answers  right-at-1")
for t in [1, 1.25, 1.5, 1.75, 2, 2.25, 2.5]:
    hs = [r for r in rows if score(wh, r[0]) >= t]
    print("%10.2f  %7d  %10.3f" % (t, len(hs), sum(r[2] for r in hs) / max(1, len(hs))))
PY
