#!/usr/bin/env bash
# ready.sh: the time from starting `soudan serve` on the default corpus to
# its first /healthz 200 (every signal up), cold (no dictionary snapshot
# yet: kagome's files are loaded and the snapshot written) and warm (from
# the snapshot), RUNS times each, with the median. Then, on a corpus folder
# (soudan corpus init), a warm start against reloads after a new file
# (POST /api/admin/reload, which answers when the new index serves).
#
#   scripts/ready.sh          # RUNS=5
#   RUNS=9 scripts/ready.sh
#
# Each start gets a fresh store folder and a free loopback port; /healthz
# is polled every 5 ms from one python3 process (no process per poll).
# With each wall time it prints the CPU time the server had used when it
# became ready (user + system, both cores, from /proc): on a busy machine
# that figure moves much less than the wall time.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/soudan" ./cmd/soudan
"$work/soudan" corpus init "$work/corpus" >/dev/null

python3 - "$work" "$RUNS" <<'EOF'
import os, socket, statistics, subprocess, sys, time, urllib.request

work, runs = sys.argv[1], int(sys.argv[2])
cpu = []

def start(i, cache, *extra, keep=False):
    s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close()
    log = open(os.path.join(work, "serve.log"), "a")
    t0 = time.monotonic()
    p = subprocess.Popen([os.path.join(work, "soudan"), "serve", "--addr", f"127.0.0.1:{port}",
                          "--data", os.path.join(work, f"data{i}"), "--dict-cache", cache, *extra],
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
    stat = open(f"/proc/{p.pid}/stat").read().rsplit(")", 1)[1].split()
    cpu.append((int(stat[11]) + int(stat[12])) / os.sysconf("SC_CLK_TCK"))
    if keep:
        return took, p, port
    p.terminate(); p.wait()
    return took

def median_line(name, times, cpus=None):
    line = f"{name}: median {statistics.median(times):.2f} s; runs " + " ".join(f"{t:.2f}" for t in times)
    if cpus:
        line += f"; CPU at ready: median {statistics.median(cpus):.2f} s"
    print(line)

for name in ("cold", "warm"):
    times = []
    cpu.clear()
    for i in range(runs):
        cache = os.path.join(work, f"dict-{name}-{i}" if name == "cold" else "dict-warm")
        if name == "warm" and i == 0:
            start(-1, cache)  # writes the snapshot
            cpu.clear()
        times.append(start(i, cache))
    median_line(name, times, list(cpu))

folder = os.path.join(work, "corpus")
took, p, port = start("f", os.path.join(work, "dict-warm"), "--corpus", folder, keep=True)
reloads = []
for i in range(runs):
    with open(os.path.join(folder, f"extra{i}.csv"), "w") as f:
        f.write(f"タイトル,質問,回答\n別の項目{i},パスワードを忘れた,管理者に連絡してください。\n")
    t0 = time.monotonic()
    req = urllib.request.Request(f"http://127.0.0.1:{port}/api/admin/reload", method="POST")
    if urllib.request.urlopen(req, timeout=60).status != 200:
        sys.exit("reload failed")
    reloads.append(time.monotonic() - t0)
p.terminate(); p.wait()
print(f"corpus folder: warm start {took:.2f} s")
median_line("reload of the folder after a new file", reloads)
EOF
