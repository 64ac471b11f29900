#!/usr/bin/env bash
# Failure analysis of the TUNING halves of the covered suites
# (scripts/failures.py): the held-out halves are not read.
# Usage: scripts/failures.sh [engine flags for soudan eval ...]
set -euo pipefail
cd "$(dirname "$0")/.."
go build -o bin/soudan ./cmd/soudan
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
for s in dev callers messy routed covered2 covered3 covered4; do
  bin/soudan eval --suite "eval/testdata/$s.jsonl" --split tune --quiet --json "$dir/$s.json" "$@" >/dev/null
done
python3 scripts/failures.py "$dir"
