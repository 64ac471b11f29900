#!/usr/bin/env bash
# ready.sh: the time from starting `soudan serve` on the default corpus to
# its first /healthz 200 (every signal up), cold (no dictionary snapshot
# yet: kagome's files are loaded and the snapshot written) and warm (from
# the snapshot), RUNS times each, with the median.
#
#   scripts/ready.sh          # RUNS=5
#   RUNS=9 scripts/ready.sh
#
# Each start gets a fresh store folder and a free loopback port; /healthz
# is polled every 5 ms from one python3 process (no process per poll).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/soudan" ./cmd/soudan

python3 - "$work" "$RUNS" <<'EOF'
import os, socket, statistics, subprocess, sys, time, urllib.request

work, runs = sys.argv[1], int(sys.argv[2])

def start(i, cache):
    s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close()
    log = open(os.path.join(work, "serve.log"), "a")
    t0 = time.monotonic()
    p = subprocess.Popen([os.path.join(work, "soudan"), "serve", "--addr", f"127.0.0.1:{port}",
                          "--data", os.path.join(work, f"data{i}"), "--dict-cache", cache],
                         stdout=log, stderr=log)
    url = f"http://127.0.0.1:{port}/healthz"
    while True:
        try:
            if urllib.request.urlopen(url, timeout=1).status == 200:
                break
        except Exception:
            pass
        if p.poll() is not None:
            sys.exit(f"soudan serve exited with {p.returncode}; see its log")
        time.sleep(0.005)
    took = time.monotonic() - t0
    p.terminate(); p.wait()
    return took

for name in ("cold", "warm"):
    times = []
    for i in range(runs):
        cache = os.path.join(work, f"dict-{name}-{i}" if name == "cold" else "dict-warm")
        if name == "warm" and i == 0:
            start(-1, cache)  # writes the snapshot
        times.append(start(i, cache))
    print(f"{name}: median {statistics.median(times):.2f} s; runs " + " ".join(f"{t:.2f}" for t in times))
EOF
