#!/usr/bin/env bash
# Pools soudan eval's metrics over several suites' halves: each suite's
# summary weighted by that metric's count (counts.n), as docs/relevance.md
# and the README report them. Prints one line a suite, then POOLED.
# Usage: scripts/pool.sh heldout|tune|all [SUITE...] [-- engine flags...]
#   e.g. scripts/pool.sh heldout                       (every shipped suite)
#        scripts/pool.sh heldout dev callers messy     (some of them)
#        scripts/pool.sh tune -- --rerank off
set -euo pipefail
cd "$(dirname "$0")/.."
split=${1:?usage: scripts/pool.sh heldout|tune|all [SUITE...] [-- flags...]}
shift
names=()
while [ $# -gt 0 ] && [ "$1" != -- ]; do names+=("$1"); shift; done
[ "${1:-}" = -- ] && shift
. scripts/suites.sh
[ ${#names[@]} -gt 0 ] || mapfile -t names < <(suites)
go build -o bin/soudan ./cmd/soudan
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
for s in "${names[@]}"; do
  bin/soudan eval --suite "eval/testdata/$s.jsonl" --split "$split" --quiet --json "$dir/$s.json" "$@" >/dev/null || true
done
python3 - "$dir" "${names[@]}" <<'PY'
import json, os, sys
d, names = sys.argv[1], sys.argv[2:]
ms = ['hit@1', 'hit@5', 'mrr@10', 'referral_recall', 'card_precision', 'cards_per_query',
      'false_none', 'none_recall', 'high_precision', 'high_coverage']
tot, cnt = {}, {}
for s in names:
    j = json.load(open(os.path.join(d, s + '.json')))
    sm, n = j['summary'], j['counts']['n']
    row = []
    for m in ms:
        k = n.get(m, 0)
        if k and sm.get(m) is not None:
            tot[m] = tot.get(m, 0) + sm[m] * k
            cnt[m] = cnt.get(m, 0) + k
            row.append(f"{m}={sm[m]:.3f}({k})")
    print(f"{s:11s}", ' '.join(row))
print('POOLED     ', ' '.join(f"{m}={tot[m] / cnt[m]:.3f}({cnt[m]})" for m in ms if m in cnt))
PY
