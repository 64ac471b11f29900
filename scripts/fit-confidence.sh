#!/usr/bin/env bash
# Fits the confidence classifier's weights (retrieval.DefaultConfidence)
# on the TUNING halves of every shipped suite (scripts/suites.sh) and prints the precision curves
# the thresholds are read from (fit), or compares feature sets by repeated
# five-fold cross-validation inside the tuning halves (cv). The held-out
# halves are never read. The model and the metrics: scripts/fit-confidence.py.
# Usage: scripts/fit-confidence.sh fit [engine flags...]
#        scripts/fit-confidence.sh cv [FEATURE-SET...]
#   e.g. scripts/fit-confidence.sh cv base default '+nqc,drop3' 'none=+rank_readings|high=base'
# NONE_BELOW (default 1) sets the none threshold the high curve assumes;
# REPS (default 8) the cross-validation repeats; RERANK=off fits the
# classifier for engines run without the re-ranking
# (retrieval.DefaultConfidenceNoRerank), from reports of --rerank off.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-fit}
shift || true
flags=()
sets=()
if [ "$mode" = fit ]; then flags=("$@"); else sets=("$@"); fi
go build -o bin/soudan ./cmd/soudan
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
[ "${RERANK:-on}" = off ] || mkdir "$dir/features"
. scripts/suites.sh
for s in $(suites); do
  if [ "${RERANK:-on}" = off ]; then
    bin/soudan eval --suite "eval/testdata/$s.jsonl" --split tune --quiet --json "$dir/$s.json" "${flags[@]}" --rerank off >/dev/null
    continue
  fi
  bin/soudan eval --suite "eval/testdata/$s.jsonl" --split tune --quiet --json "$dir/$s.json" "${flags[@]}" >/dev/null
  # The re-ranking's features, for the out-of-fold (stacked) rerank score.
  bin/soudan eval --suite "eval/testdata/$s.jsonl" --split tune --quiet --json "$dir/features/$s.json" "${flags[@]}" --rerank features >/dev/null
done
python3 scripts/fit-confidence.py "$dir" "$mode" "${sets[@]}"
