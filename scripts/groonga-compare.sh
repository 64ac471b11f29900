#!/usr/bin/env bash
# groonga-compare.sh: soudan against Groonga 13 on the same entries and the
# same traffic, as ratios measured in one run on one machine.
#
#   scripts/groonga-compare.sh            # needs groonga-bin, groonga-tokenizer-mecab, jq
#   CLIENTS=8 ROUNDS=7 WARM_SECONDS=2 REPEAT_SECONDS=20 scripts/groonga-compare.sh
#
# Both sides hold one record per soudan entry (title + answer). Groonga
# indexes them with TokenMecab and NormalizerAuto, scores with
# scorer_tf_idf, and is sent an OR of each text's tokens (tokenised by its
# own TokenMecab beforehand, outside the timed runs); soudan gets the text.
# `soudan bench` loads both with the same clients:
#   1. typing prefixes of the shipped suites' queries, in ROUNDS alternated
#      rounds (soudan, Groonga, soudan, Groonga, …), each prefix sent once
#      a round: soudan with its result cache off, a fresh process each
#      round (its analyser keeps 4,096 texts' analyses, so a second pass
#      would be served from them), measured once its start-up work is
#      logged done; Groonga (one process throughout) with cache=no. Before
#      its pass each side gets the dev suite's 40 descriptions, never the
#      prefixes, for WARM_SECONDS. A pass is short (about half a second for
#      soudan), so one pass caught by other work on the machine would
#      decide a single-pass ratio: the per-round ratios and their median
#      are reported;
#   2. the dev suite's 40 descriptions repeated for REPEAT_SECONDS: both
#      with their caches on (soudan's default --cache-mb, Groonga's query
#      cache);
#   3. soudan's resident memory after LOAD_SECONDS of prefix traffic.
# It is not part of `make test`: it needs Debian packages and takes three
# to four minutes.
set -euo pipefail

CLIENTS=${CLIENTS:-8}
ROUNDS=${ROUNDS:-7}
WARM_SECONDS=${WARM_SECONDS:-2}
REPEAT_SECONDS=${REPEAT_SECONDS:-15}
LOAD_SECONDS=${LOAD_SECONDS:-60}
[[ $ROUNDS =~ ^[1-9][0-9]*$ ]] || { echo "groonga-compare: ROUNDS must be a positive integer, got '$ROUNDS'" >&2; exit 1; }
for tool in groonga jq curl python3; do
	command -v "$tool" >/dev/null || { echo "groonga-compare: $tool is missing (apt-get install groonga-bin groonga-tokenizer-mecab jq curl)" >&2; exit 1; }
done
cd "$(dirname "$0")/.."
work=$(mktemp -d)
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# wait_http URL: poll until URL answers 200 (30 s at most).
wait_http() {
	for _ in $(seq 300); do
		[ "$(curl -s -o /dev/null -w '%{http_code}' "$1" || true)" = 200 ] && return 0
		sleep 0.1
	done
	echo "groonga-compare: $1 never answered 200" >&2
	exit 1
}

go build -o "$work/soudan" ./cmd/soudan
soudan=$work/soudan
suites=(--queries eval/testdata/dev.jsonl --queries eval/testdata/callers.jsonl)

# --- the same texts for both sides ---
"$soudan" bench "${suites[@]}" --prefixes --list >"$work/prefixes.txt"
"$soudan" bench --queries eval/testdata/dev.jsonl --list >"$work/descriptions.txt"

# --- Groonga: schema, entries, OR queries ---
db=$work/groonga/soudan.db
mkdir -p "$work/groonga"
groonga -n "$db" quit >/dev/null
groonga "$db" >/dev/null <<'EOF'
table_create Entries TABLE_HASH_KEY ShortText
column_create Entries title COLUMN_SCALAR ShortText
column_create Entries answer COLUMN_SCALAR Text
table_create Terms TABLE_PAT_KEY ShortText --default_tokenizer TokenMecab --normalizer NormalizerAuto
column_create Terms entries_text COLUMN_INDEX|WITH_POSITION|WITH_SECTION Entries title,answer
EOF
{
	echo "load --table Entries"
	"$soudan" corpus --json | jq -s -c 'map({_key: .id, title: .title, answer: .answer})'
} | groonga "$db" >/dev/null
entries=$(groonga "$db" 'select Entries --limit 0' | jq '.[1][0][0][0]')

# or_queries FILE: one Groonga query per line, the OR of the line's
# TokenMecab tokens, each quoted.
or_queries() {
	jq -R -r '"tokenize TokenMecab " + (. | @json) + " NormalizerAuto"' "$1" |
		groonga "$db" |
		jq -r '.[1] | map(.value | select(length > 0) | gsub("\\\\"; "\\\\") | gsub("\""; "\\\"") | "\"" + . + "\"") | join(" OR ")'
}
or_queries "$work/prefixes.txt" >"$work/prefixes.groonga"
or_queries "$work/descriptions.txt" >"$work/descriptions.groonga"

gport=$(free_port)
groonga --protocol http -s --bind-address 127.0.0.1 --port "$gport" "$db" &
pids+=($!)
gbase=http://127.0.0.1:$gport
wait_http "$gbase/d/status"
gselect="$gbase/d/select?table=Entries&match_columns=scorer_tf_idf(title)%7C%7Cscorer_tf_idf(answer)&output_columns=_key,_score&sort_keys=-_score&limit=10&query={q}"

# start_soudan CACHE_MB: serve on a free port and wait until it has
# started: ready, and its start-up work done. soudan answers as soon as the
# index is in, then builds the duplicate finder in the background and
# settles its memory (package memlimit: a full collection, the freed
# memory returned to the system, the limit set), which it logs as "memory
# limit"; measuring before that would measure the start-up.
start_soudan() {
	sport=$(free_port)
	slog=$work/serve.$sport.log
	"$soudan" serve --addr "127.0.0.1:$sport" --cache-mb "$1" --data "$work/data" --log-format json 2>"$slog" &
	spid=$!
	pids+=($spid)
	sbase=http://127.0.0.1:$sport
	wait_http "$sbase/healthz"
	for _ in $(seq 300); do
		grep -q '"msg":"memory limit"' "$slog" && return 0
		sleep 0.1
	done
	echo "groonga-compare: soudan never logged its memory limit; measuring anyway" >&2
}

bench() { "$soudan" bench --clients "$CLIENTS" --json "$@"; }

# The load average before and after the rounds goes into the report: other
# work on the machine slows Groonga's passes more than soudan's (422-544
# req/s at load 5.5 on 2026-12-04, 788-1,284 on a quiet machine), so a
# ratio is only read with its load.
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
load_before=$(loadavg)
# 1. typing prefixes, no repeats, caches off: ROUNDS alternated rounds,
# each side warmed with the descriptions (never the prefixes) for
# WARM_SECONDS before its pass. A settled soudan has returned its free
# memory to the system: without the warm-up its pass would first take the
# memory its garbage lives in back from the system, page by page (about
# 13,000 page faults, a third of a second of CPU on a 2-core VM), which a
# server in operation did long before.
for round in $(seq "$ROUNDS"); do
	start_soudan 0
	bench --url "$sbase" --queries "$work/descriptions.txt" --duration "${WARM_SECONDS}s" >/dev/null
	bench --url "$sbase" --queries "$work/prefixes.txt" >"$work/s_prefix.$round.json"
	kill "$spid"; wait "$spid" 2>/dev/null || true
	bench --template "$gselect&cache=no" --queries "$work/descriptions.groonga" --duration "${WARM_SECONDS}s" >/dev/null
	bench --template "$gselect&cache=no" --queries "$work/prefixes.groonga" >"$work/g_prefix.$round.json"
done
load_after=$(loadavg)
# The rounds' reports side by side, one object a round, and each side's
# median report (the median of each figure over the rounds, errors and
# requests summed).
rounds_json() { for round in $(seq "$ROUNDS"); do cat "$work/$1.$round.json"; done | jq -s '.'; }
rounds_json s_prefix >"$work/s_rounds.json"
rounds_json g_prefix >"$work/g_rounds.json"
jq_median='def median: sort | if length % 2 == 1 then .[length / 2 | floor] else (.[length / 2 - 1] + .[length / 2]) / 2 end;'
median_report() {
	jq "$jq_median"'
		{requests: (map(.requests) | add), errors: (map(.errors) | add),
		 throughput: (map(.throughput) | median), p50_ms: (map(.p50_ms) | median),
		 p99_ms: (map(.p99_ms) | median), max_ms: (map(.max_ms) | median)}' "$1"
}
median_report "$work/s_rounds.json" >"$work/s_prefix.json"
median_report "$work/g_rounds.json" >"$work/g_prefix.json"

# 2. repeated descriptions, caches on.
start_soudan 16
bench --url "$sbase" --queries "$work/descriptions.txt" --duration "${REPEAT_SECONDS}s" >"$work/s_repeat.json"
bench --template "$gselect" --queries "$work/descriptions.groonga" --duration "${REPEAT_SECONDS}s" >"$work/g_repeat.json"

# 3. resident memory after LOAD_SECONDS of prefix traffic (cache on).
bench --url "$sbase" --queries "$work/prefixes.txt" --duration "${LOAD_SECONDS}s" >"$work/s_load.json"
rss_kb=$(ps -o rss= -p "$spid" | tr -d ' ')

row() { jq -r --arg name "$1" '[$name, .requests, .errors, (.throughput|floor), (.p50_ms*100|round/100), (.p99_ms*100|round/100), (.max_ms*10|round/10)] | @tsv' "$2"; }
{
	printf 'run\trequests\terrors\treq/s\tp50 ms\tp99 ms\tmax ms\n'
	row "soudan, prefixes, cache off (median of $ROUNDS)" "$work/s_prefix.json"
	row "groonga, prefixes, cache=no (median of $ROUNDS)" "$work/g_prefix.json"
	row "soudan, repeated, cache on" "$work/s_repeat.json"
	row "groonga, repeated, query cache" "$work/g_repeat.json"
	row "soudan, ${LOAD_SECONDS}s prefix load, cache on" "$work/s_load.json"
} | column -t -s $'\t'
echo
echo "entries: soudan $("$soudan" corpus --json | wc -l), groonga $entries; clients: $CLIENTS; $(nproc) cores"
echo "load average (1, 5, 15 min) before the prefix rounds: $load_before; after: $load_after"
# The prefix rounds, and the median of their ratios.
jq -n -r --slurpfile s "$work/s_rounds.json" --slurpfile g "$work/g_rounds.json" \
	--slurpfile sr "$work/s_repeat.json" --slurpfile gr "$work/g_repeat.json" "$jq_median"'
	def r2: . * 100 | round / 100;
	def ratio: if .[1].throughput > 0 then .[0].throughput / .[1].throughput else null end;
	[$s[0], $g[0]] | transpose | to_entries as $rounds |
	($rounds | map(.value | ratio | select(. != null))) as $ratios |
	($rounds[] | "prefix round \(.key + 1): soudan \(.value[0].throughput | floor) req/s, p99 \(.value[0].p99_ms | r2) ms; groonga \(.value[1].throughput | floor) req/s; ratio \(.value | ratio | if . then "\(r2)×" else "none" end)"),
	"prefix throughput ratio soudan/groonga: " + (if $ratios == [] then "none (Groonga answered nothing)" else
		"median \($ratios | median | r2)× over \($ratios | length) rounds (\($ratios | min | r2)–\($ratios | max | r2)×)" end) +
	"; repeated: \([$sr[0], $gr[0]] | ratio | if . then "\(r2)×" else "none" end)"'
echo "soudan resident memory after ${LOAD_SECONDS}s of load: $((rss_kb / 1024)) MB"
