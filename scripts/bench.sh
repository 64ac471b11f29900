#!/usr/bin/env bash
# bench.sh: the figures of README's Performance section in one table
# (`make bench`).
#
#   scripts/bench.sh                        # scale up to 10,000 entries (a few minutes)
#   SOUDAN_SCALE_MAX=100000 scripts/bench.sh # and 100,000 (add several minutes)
#
# Rows: in-process search (each query or typing prefix once), start-up
# time to /healthz 200, HTTP through `soudan bench` with 8 clients, the
# server's resident memory after that load, and the scale benchmark.
set -euo pipefail
cd "$(dirname "$0")/.."
export SOUDAN_SCALE_MAX=${SOUDAN_SCALE_MAX:-10000}
CLIENTS=${CLIENTS:-8}
LOAD_SECONDS=${LOAD_SECONDS:-20}
work=$(mktemp -d)
spid=
cleanup() {
	[ -n "$spid" ] && kill "$spid" 2>/dev/null || true
	wait 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT

rows=$work/rows.tsv
row() { printf '%s\t%s\t%s\n' "$1" "$2" "$3" >>"$rows"; }

# metric NAME LINE: the value printed before NAME in a benchmark line.
metric() { awk -v m="$1" '{ for (i = 2; i <= NF; i++) if ($i == m) print $(i-1) }' <<<"$2"; }

# --- in process ---
go test ./retrieval -run '^$' -bench 'BenchmarkSearch$' -benchtime 211x >"$work/search.txt"
go test ./retrieval -run '^$' -bench 'BenchmarkSearchWarm$' -benchtime 211x >"$work/warm.txt"
go test ./retrieval -run '^$' -bench 'BenchmarkSearchPrefixes$' -benchtime 3400x >"$work/prefixes.txt"
l=$(grep '^BenchmarkSearch-' "$work/search.txt")
row "in-process, 211 distinct queries" "p50 $(metric p50-ms "$l") ms, p99 $(metric p99-ms "$l") ms" "go test ./retrieval -run '^\$' -bench 'BenchmarkSearch\$' -benchtime 211x"
l=$(grep '^BenchmarkSearchWarm-' "$work/warm.txt")
row "in-process, 211 distinct queries, after 599 others (steady state)" "p50 $(metric p50-ms "$l") ms, p99 $(metric p99-ms "$l") ms" "go test ./retrieval -run '^\$' -bench 'BenchmarkSearchWarm\$' -benchtime 211x"
l=$(grep '^BenchmarkSearchPrefixes-' "$work/prefixes.txt")
row "in-process, 3,400 typing prefixes" "p50 $(metric p50-ms "$l") ms, p99 $(metric p99-ms "$l") ms" "go test ./retrieval -run '^\$' -bench 'BenchmarkSearchPrefixes\$' -benchtime 3400x"

# --- start-up and HTTP ---
go build -o "$work/soudan" ./cmd/soudan
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base=http://127.0.0.1:$port
t0=$(date +%s.%N)
"$work/soudan" serve --addr "127.0.0.1:$port" --cache-mb 0 --data "$work/data" --dict-cache "$work/dict" 2>"$work/serve.log" &
spid=$!
until [ "$(curl -s -o /dev/null -w '%{http_code}' "$base/healthz" || true)" = 200 ]; do sleep 0.01; done
t1=$(date +%s.%N)
row "start → /healthz 200 (default corpus), no dictionary snapshot yet" "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f s", b - a }')" "scripts/bench.sh (starts soudan serve, polls /healthz every 10 ms); scripts/ready.sh for medians"
suites=(--queries eval/testdata/dev.jsonl --queries eval/testdata/callers.jsonl)
"$work/soudan" bench --url "$base" "${suites[@]}" --clients "$CLIENTS" >/dev/null # warm-up
"$work/soudan" bench --url "$base" "${suites[@]}" --prefixes --clients "$CLIENTS" --json >"$work/http.json"
row "HTTP, $CLIENTS clients, 3,400 typing prefixes, cache off" \
	"$(jq -r '"\(.throughput|floor) req/s, p50 \(.p50_ms*100|round/100) ms, p99 \(.p99_ms*100|round/100) ms, \(.errors) errors"' "$work/http.json")" \
	"soudan serve --cache-mb 0; soudan bench --queries … --prefixes --clients $CLIENTS"
kill "$spid"; wait "$spid" 2>/dev/null || true
t0=$(date +%s.%N)
"$work/soudan" serve --addr "127.0.0.1:$port" --data "$work/data" --dict-cache "$work/dict" 2>>"$work/serve.log" &
spid=$!
until [ "$(curl -s -o /dev/null -w '%{http_code}' "$base/healthz" || true)" = 200 ]; do sleep 0.01; done
t1=$(date +%s.%N)
row "start → /healthz 200 (default corpus), from the dictionary snapshot" "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f s", b - a }')" "the same, second start"
until grep -q "duplicate finder ready" "$work/serve.log" 2>/dev/null && [ "$(curl -s -o /dev/null -w '%{http_code}' "$base/healthz" || true)" = 200 ]; do sleep 0.05; done
"$work/soudan" bench --url "$base" --queries eval/testdata/dev.jsonl --clients "$CLIENTS" --duration 10s --json >"$work/repeat.json"
row "HTTP, $CLIENTS clients, 40 repeated descriptions, cache on" \
	"$(jq -r '"\(.throughput|floor) req/s, p50 \(.p50_ms*100|round/100) ms, p99 \(.p99_ms*100|round/100) ms"' "$work/repeat.json")" \
	"soudan bench --queries eval/testdata/dev.jsonl --duration 10s"
"$work/soudan" bench --url "$base" "${suites[@]}" --prefixes --clients "$CLIENTS" --duration "${LOAD_SECONDS}s" >/dev/null
row "resident memory after ${LOAD_SECONDS} s more of prefix load" "$(($(ps -o rss= -p "$spid") / 1024)) MB" "ps -o rss= -p PID"
kill "$spid"; wait "$spid" 2>/dev/null || true
spid=

# --- scale ---
go test ./retrieval -run '^$' -bench 'BenchmarkScale' -benchtime 211x -timeout 90m >"$work/scale.txt"
while read -r l; do
	n=$(sed -E 's/^BenchmarkScale\/entries=([0-9]+).*/\1/' <<<"$l")
	row "synthetic corpus, $n entries" \
		"build $(metric build-s "$l") s, p50 $(metric p50-ms "$l") ms, p99 $(metric p99-ms "$l") ms, heap $(metric heap-MB "$l") MB, RSS $(metric rss-MB "$l") MB" \
		"SOUDAN_SCALE_MAX=$SOUDAN_SCALE_MAX go test ./retrieval -run '^\$' -bench BenchmarkScale -benchtime 211x"
done < <(grep '^BenchmarkScale/' "$work/scale.txt")

echo "soudan benchmarks, $(date -u +%Y-%m-%d), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
column -t -s $'\t' -N what,figure,command "$rows"
