# soudan — two commands on a fresh machine:
#   make run    serve the default corpus at http://localhost:8080
#   make test   run the tests and the relevance gates
GO      ?= go
ADDR    ?= 127.0.0.1:8080
# Relevance floors for the evaluation suites (docs/relevance.md). A change
# that loses relevance fails `make test`.
# Reached on 2026-11-27 (docs/relevance.md): dev 0.925 / 0.975 / 0.954 /
# 1.000, callers 0.825 / 0.930 / 0.875 / 0.957 (hit@1 / hit@5 / mrr@10 /
# referral recall). The floors sit about one query below; the golden
# ranking files (eval/testdata/*_rank.golden) catch any change at all.
DEV_GATE     ?= --min hit@1=0.90 --min hit@5=0.95 --min mrr@10=0.93 --min referral_recall=0.95
CALLERS_GATE ?= --min hit@1=0.81 --min hit@5=0.92 --min mrr@10=0.86 --min referral_recall=0.95

.PHONY: run build test test-unit test-browser eval-gates bench fuzz deps-browser deps-axe deps-postgres ablation

run:
	ADDR=$(ADDR) $(GO) run ./cmd/soudan serve

build:
	$(GO) build -o bin/soudan ./cmd/soudan

test: test-unit eval-gates

test-unit:
	$(GO) vet ./...
	$(GO) test ./...

# The relevance gates: both suites scored in-process with the default
# configuration; a metric under its floor fails the build.
eval-gates:
	$(GO) run ./cmd/soudan eval --suite eval/testdata/dev.jsonl $(DEV_GATE)
	$(GO) run ./cmd/soudan eval --suite eval/testdata/callers.jsonl $(CALLERS_GATE)

# The browser tests drive headless Chromium; they fail (instead of
# skipping) when SOUDAN_REQUIRE_BROWSER=1 and Chromium is missing.
test-browser: deps-axe
	SOUDAN_REQUIRE_BROWSER=1 $(GO) test ./web/ -run 'Browser' -count=1 -v

# Installs Debian's Chromium for the browser tests, and Japanese fonts so
# the screenshots are readable (needs root).
deps-browser:
	(command -v chromium >/dev/null 2>&1 && fc-list 2>/dev/null | grep -q "Noto Sans CJK") || \
	  (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium fonts-noto-cjk)

# Installs axe-core, the accessibility checker the browser tests inject
# into each page (web/a11y_browser_test.go), from the npm registry at a
# pinned version into .ci/axe (not committed). SOUDAN_AXE overrides the path.
AXE_VERSION ?= 4.14.1
deps-axe:
	test -f .ci/axe/node_modules/axe-core/package.json && \
	  grep -q '"version": "$(AXE_VERSION)"' .ci/axe/node_modules/axe-core/package.json || \
	  npm install --prefix .ci/axe --no-save --no-audit --no-fund --no-package-lock axe-core@$(AXE_VERSION)

# Installs Debian's PostgreSQL for the store's tests, which start their
# own throwaway cluster (initdb + pg_ctl on a free loopback port) and never
# use a cluster the package may have started. Without it those tests skip,
# or fail when SOUDAN_REQUIRE_POSTGRES=1 (as in CI). Needs root.
deps-postgres:
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || \
	  (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql)

bench:
	$(GO) test -run '^$$' -bench . -benchtime 1x ./...

# The ablation table of docs/relevance.md.
ablation:
	scripts/ablation.sh

fuzz:
	$(GO) test ./corpus -run '^$$' -fuzz FuzzParseOutline -fuzztime 30s
