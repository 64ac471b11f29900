#!/bin/sh
# rss-under-load.sh — the resident-memory check of issue 11: serve the
# default corpus on a free loopback port, load it for DURATION with
# 8 search clients (typing prefixes of both suites) and 16 clients flooding
# the duplicate report, sample VmRSS every second, print the peak.
#
#   scripts/rss-under-load.sh [DURATION]     (default 60s; Linux only)
set -eu
DURATION=${1:-60s}
cd "$(dirname "$0")/.."
TMP=$(mktemp -d)
trap 'kill "$PID" 2>/dev/null || true; rm -rf "$TMP"' EXIT
go build -o "$TMP/soudan" ./cmd/soudan
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE=http://127.0.0.1:$PORT
"$TMP/soudan" serve --addr "127.0.0.1:$PORT" --data "$TMP/data" --log-format json 2>"$TMP/log" &
PID=$!
until curl -sf -o /dev/null "$BASE/healthz"; do sleep 0.2; done
sleep 5 # the duplicate finder follows the index
(while kill -0 "$PID" 2>/dev/null; do awk '/VmRSS/ {print $2}' "/proc/$PID/status"; sleep 1; done >"$TMP/rss") &
"$TMP/soudan" bench --queries eval/testdata/dev.jsonl --queries eval/testdata/callers.jsonl --prefixes \
	--clients 8 --duration "$DURATION" --template "$BASE/api/search?q={q}&k=10" &
SEARCH=$!
"$TMP/soudan" bench --queries eval/testdata/dev.jsonl --clients 16 --duration "$DURATION" \
	--template "$BASE/api/duplicates?threshold=0&all=1&x={q}"
wait "$SEARCH"
echo "peak RSS: $(sort -n "$TMP/rss" | tail -1) kB (at start: $(head -1 "$TMP/rss") kB)"
