#!/usr/bin/env bash
# Reproduces the "Confidence, cards, readings" tables of docs/relevance.md:
# each mechanism of issue 9 switched off (or its threshold moved) against
# the default, on one half of every suite (default: heldout).
# Usage: scripts/ablation-issue9.sh [heldout|tune] [SUITE...]
#   (default: every suite of eval/testdata/suites.txt; docs/relevance.md's
#   tables name the fifteen fitted ones, leaving out a pair read once)
set -euo pipefail
cd "$(dirname "$0")/.."
split=${1:-heldout}
shift || true
go build -o bin/soudan ./cmd/soudan
configs=(
  "default|"
  "− learnt re-ranking|--rerank off"
  "− readings signal|--signals tokens,bigrams,vector,examples"
  "− reading lexicon (words by sound)|--reading-words 0"
  "− kana folding (typo tolerance)|--no-kana-fold"
  "− action signal|--action-weight 0"
  "action weight 0.2|--action-weight 0.2"
  "confidence none-below -0.75|--confidence none-below=-0.75"
  "confidence none-below 0|--confidence none-below=0"
  "confidence high-above 2.5|--confidence high-above=2.5"
  "confidence high-above 3.5|--confidence high-above=3.5"
  "cards: first result only|--near-equal 0 --card-fallback 0"
  "cards: + fallback 0.9 (default until session 15)|--card-fallback 0.9"
  "cards: every low answer's (no card margin, before session 23)|--confidence cards-margin=0"
)
. scripts/suites.sh
suites=("$@")
[ ${#suites[@]} -gt 0 ] || mapfile -t suites < <(suites)
echo "| configuration | suite | hit@1 | hit@5 | mrr@10 | referral recall | card precision | cards/query | none recall | false none | high precision | high coverage |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
for c in "${configs[@]}"; do
  name=${c%%|*}
  flags=${c#*|}
  for s in "${suites[@]}"; do
    # shellcheck disable=SC2086
    bin/soudan eval --suite "eval/testdata/$s.jsonl" --split "$split" --quiet --json /tmp/issue9-$$.json $flags >/dev/null
    python3 - "$name" "$s" /tmp/issue9-$$.json <<'PY'
import json, sys
name, suite, path = sys.argv[1:]
r = json.load(open(path))
m, n = r["summary"], r["counts"].get("n", {})
def f(k):
    if k == "card_precision":
        return "%.3f" % m[k] if r["counts"].get("cards") else "-"
    return "%.3f" % m[k] if n.get(k) else "-"
ks = ["hit@1", "hit@5", "mrr@10", "referral_recall", "card_precision", "cards_per_query", "none_recall", "false_none", "high_precision", "high_coverage"]
print("| %s | %s (%d) | %s |" % (name, suite, r["counts"]["queries"], " | ".join(f(k) for k in ks)))
PY
  done
done
rm -f /tmp/issue9-$$.json
