#!/usr/bin/env bash
# Reproduces the ablation table of docs/relevance.md: each relevance
# mechanism switched off (or on) in turn, scored on both suites against the
# default configuration, with the paired randomization test's p-value for
# the change in MRR@10. Usage: scripts/ablation.sh [suite ...]
set -euo pipefail
cd "$(dirname "$0")/.."
go build -o bin/soudan ./cmd/soudan
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

configs=(
  "default (all mechanisms)|"
  "− annotations (keywords, example questions)|--no-annotations"
  "− thesaurus expansion|--synonym-weight 0"
  "thesaurus weight 0.5|--synonym-weight 0.5"
  "− examples signal|--signals tokens,bigrams,vector"
  "− vector signal (local LSA)|--signals tokens,bigrams,examples"
  "− bigram signal|--signals tokens,vector,examples"
  "− word signal|--signals bigrams,vector,examples"
  "word signal alone|--signals tokens"
  "bigram signal alone|--signals bigrams"
  "examples signal alone|--signals examples"
  "vector signal alone (local LSA)|--signals vector"
  "− kind priors|--no-priors"
  "− section context|--no-section-context"
  "− collapsing near-identical entries|--collapse 0"
  "+ pseudo-relevance feedback (5 terms)|--prf 5"
  "RRF k = 60|--rrf-k 60"
  "search-service engine (before the relevance work)|--no-annotations --synonym-weight 0 --signals tokens,bigrams,vector --no-priors --no-section-context --collapse 0"
  "plain BM25F over kagome words|--no-annotations --synonym-weight 0 --signals tokens --no-priors --no-section-context --collapse 0"
)

suites=("$@")
[ ${#suites[@]} -gt 0 ] || suites=(eval/testdata/dev.jsonl eval/testdata/callers.jsonl)

for suite in "${suites[@]}"; do
  bin/soudan eval --suite "$suite" --quiet --json "$out/base.json" >/dev/null
  echo
  echo "$suite"
  echo
  echo "| configuration | hit@1 | hit@5 | mrr@10 | referral recall | Δ mrr@10 vs default (p) |"
  echo "|---|---|---|---|---|---|"
  for c in "${configs[@]}"; do
    name=${c%%|*}
    flags=${c#*|}
    # shellcheck disable=SC2086
    text=$(bin/soudan eval --suite "$suite" --quiet --baseline "$out/base.json" $flags 2>&1)
    m() { grep -o "$1 [0-9][0-9.]*" <<<"$text" | head -n1 | awk '{print $2}'; }
    delta=$(grep -o 'mrr@10 [-+][0-9.]* (p [0-9.]*)' <<<"$text" | head -n1 | sed 's/mrr@10 //' || true)
    [ -n "$delta" ] || delta="±0"
    [ -n "$flags" ] || delta="—"
    printf '| %s | %s | %s | %s | %s | %s |\n' "$name" "$(m 'hit@1')" "$(m 'hit@5')" "$(m 'mrr@10')" "$(m 'referral_recall')" "$delta"
  done
done
