#!/usr/bin/env bash
# Fits the learnt re-ranking's weights (retrieval.DefaultRerank) on the
# TUNING halves of the covered suites (fit), or compares losses, feature
# sets and L2 penalties by repeated five-fold cross-validation inside the
# tuning halves (cv). The held-out halves are never read. The model:
# scripts/fit-rerank.py.
# Usage: scripts/fit-rerank.sh fit [LAMBDA]      (default 0.1)
#        LAMBDAS=0.03,0.1,0.3 SETS=all,no-structure scripts/fit-rerank.sh cv
#        scripts/fit-rerank.sh trees N:DEPTH:ETA ...   (boosted trees over the
#        linear re-ranking, cross-validated: scripts/fit-rerank-trees.py)
# LOSS=softmax (default) or pairwise; REPS (default 3) the repeats.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-fit}
shift || true
export LOSS=${LOSS:-softmax}
go build -o bin/soudan ./cmd/soudan
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
. scripts/suites.sh
for s in $(suites covered); do
  bin/soudan eval --suite "eval/testdata/$s.jsonl" --split tune --quiet --json "$dir/$s.json" --rerank features >/dev/null
done
if [ "$mode" = trees ]; then
  python3 scripts/fit-rerank-trees.py "$dir" "$@"
else
  python3 scripts/fit-rerank.py "$dir" "$mode" "$@"
fi
