#!/usr/bin/env bash
# Failure analysis of the TUNING halves of the covered suites
# (scripts/failures.py): the held-out halves are not read.
# Usage: scripts/failures.sh [engine flags for soudan eval ...]
set -euo pipefail
cd "$(dirname "$0")/.."
go build -o bin/soudan ./cmd/soudan
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
. scripts/suites.sh
for s in $(suites covered); do
  bin/soudan eval --suite "eval/testdata/$s.jsonl" --split tune --quiet --json "$dir/$s.json" "$@" >/dev/null
done
python3 scripts/failures.py "$dir"
