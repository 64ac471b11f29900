package eval_test

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/soudan-desk/soudan/corpus"
	"github.com/soudan-desk/soudan/eval"
	"github.com/soudan-desk/soudan/eval/evaltest"
	"github.com/soudan-desk/soudan/retrieval"
)

// demote wraps a ranker and moves its best hit to the end: a worse
// configuration for comparisons.
func demote(r eval.Ranker) eval.Ranker {
	return eval.RankerFunc(func(ctx context.Context, q *eval.Query, k int) (*eval.Ranking, error) {
		rk, err := r.Rank(ctx, q, k)
		if err != nil || len(rk.Hits) < 2 {
			return rk, err
		}
		rk.Hits = append(rk.Hits[1:], rk.Hits[0])
		return rk, nil
	})
}

// rankerSearcher serves a ranker as an engine, for the --url target.
type rankerSearcher struct {
	r       eval.Ranker
	entries map[string]*corpus.Entry
}

func (s rankerSearcher) Corpus() *corpus.Corpus { return corpusOf(s.entries) }

func (s rankerSearcher) Search(ctx context.Context, q retrieval.Query) (*retrieval.Response, error) {
	rk, err := s.r.Rank(ctx, &eval.Query{Text: q.Text}, q.K)
	if err != nil {
		return nil, err
	}
	resp := &retrieval.Response{Query: q.Text}
	for _, h := range rk.Hits {
		resp.Results = append(resp.Results, retrieval.Result{Entry: s.entries[h.ID], Score: h.Score})
	}
	for _, o := range rk.Orgs {
		resp.Referrals = append(resp.Referrals, retrieval.Card{Referral: corpus.Referral{Action: corpus.ActionConsult, Org: o}})
	}
	return resp, nil
}

type cliFixture struct {
	entries []*corpus.Entry
	stdout  bytes.Buffer
	stderr  bytes.Buffer
	dir     string
	// alt is the ranker of --compare-embedder's configuration; nil
	// stands for the demoted bigram ranker.
	alt eval.Ranker
}

func newCLIFixture(t *testing.T) *cliFixture {
	return &cliFixture{entries: evaltest.LoadEntries(t, "testdata/mini_corpus.json"), dir: t.TempDir()}
}

func (f *cliFixture) env(primary eval.Ranker) eval.Env {
	target := func(r eval.Ranker, embedder string) *eval.Target {
		return &eval.Target{Ranker: r, Entries: f.entries, Fingerprint: "sha256:test", Config: map[string]string{"corpus": "mini", "embedder": embedder}}
	}
	return eval.Env{
		Open: func(context.Context) (*eval.Target, error) { return target(primary, "none"), nil },
		OpenAlt: func(_ context.Context, embedder string) (*eval.Target, error) {
			if f.alt != nil {
				return target(f.alt, embedder), nil
			}
			return target(demote(evaltest.NewBigramRanker(f.entries)), embedder), nil
		},
		Stdout:    &f.stdout,
		Stderr:    &f.stderr,
		Now:       func() time.Time { return fixedTime },
		GitCommit: func(context.Context) string { return "0123456789abcdef" },
	}
}

func (f *cliFixture) path(name string) string { return filepath.Join(f.dir, name) }

// run parses args like the subcommand does and runs the CLI.
func (f *cliFixture) run(t *testing.T, primary eval.Ranker, args ...string) error {
	t.Helper()
	var c eval.CLI
	fs := flag.NewFlagSet("eval", flag.ContinueOnError)
	c.RegisterFlags(fs)
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	f.stdout.Reset()
	f.stderr.Reset()
	return c.Run(context.Background(), f.env(primary))
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestCLICompareEmbedder(t *testing.T) {
	f := newCLIFixture(t)
	err := f.run(t, evaltest.NewBigramRanker(f.entries),
		"--suite", "testdata/mini.jsonl", "--compare-embedder", "ollama",
		"--json", f.path("out.json"), "--junit", f.path("out.xml"), "--html", f.path("out.html"),
		"--min", "hit@5=0.95", "--min", "mrr@10=0.8", "--max-drop", "mrr@10=0.02")
	want := "gate failed: hit@5 = 0.9091 < min 0.9500\ngate failed: mrr@10 dropped"
	var ge *eval.GateError
	if !errors.As(err, &ge) || !strings.HasPrefix(err.Error(), want) || len(ge.Failures) != 2 {
		t.Fatalf("error = %v, want two gate failures starting %q", err, want)
	}
	evaltest.CheckGolden(t, "testdata/compare.txt.golden", f.stdout.Bytes(), *update)
	evaltest.CheckGolden(t, "testdata/compare.xml.golden", readFile(t, f.path("out.xml")), *update)
	evaltest.CheckGolden(t, "testdata/compare.html.golden", readFile(t, f.path("out.html")), *update)

	rep, err := eval.LoadReport(f.path("out.json"))
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for k := range rep.Summary {
		keys = append(keys, k)
	}
	if len(keys) != len(eval.Metrics) {
		t.Errorf("summary keys = %v, want %v", keys, eval.Metrics)
	}
	for _, m := range eval.Metrics {
		if _, ok := rep.Summary[m]; !ok {
			t.Errorf("summary lacks %s", m)
		}
	}
	if rep.Alternative == nil || rep.Comparison == nil || rep.Alternative.Provenance.Config["embedder"] != "ollama" {
		t.Fatalf("report lacks the second configuration: %+v", rep.Comparison)
	}
	if len(rep.Comparison.Broken) == 0 || rep.Comparison.Losses == 0 {
		t.Errorf("demoting the best hit broke nothing: %+v", rep.Comparison)
	}
	p := rep.Provenance
	if p.GitCommit != "0123456789abcdef" || p.CorpusFingerprint != "sha256:test" || !p.Time.Equal(fixedTime) || p.Target != eval.TargetInProcess || p.CorpusEntries != len(f.entries) {
		t.Errorf("provenance = %+v", p)
	}
}

// degradeOne wraps a ranker and marks its answer to the suite's second
// query degraded, as when Ollama fails in the middle of a run.
func degradeOne(r eval.Ranker) eval.Ranker {
	var n atomic.Int32
	return eval.RankerFunc(func(ctx context.Context, q *eval.Query, k int) (*eval.Ranking, error) {
		rk, err := r.Rank(ctx, q, k)
		if err == nil && n.Add(1) == 2 {
			rk.Degraded = true
		}
		return rk, err
	})
}

// TestCLICompareEmbedderDegraded: a comparison of embedders in which
// either configuration answered a query degraded fails (it would measure
// the outage, not the configurations), rather than warning and exiting 0.
func TestCLICompareEmbedderDegraded(t *testing.T) {
	f := newCLIFixture(t)
	args := []string{"--suite", "testdata/mini.jsonl", "--compare-embedder", "ollama", "--quiet"}
	err := f.run(t, degradeOne(evaltest.NewBigramRanker(f.entries)), args...)
	if err == nil || !strings.Contains(err.Error(), "1 of 11 queries were answered degraded") || !strings.Contains(err.Error(), "embedder none") {
		t.Errorf("degraded first configuration: %v, want an error naming it", err)
	}
	f.alt = degradeOne(evaltest.NewBigramRanker(f.entries))
	err = f.run(t, evaltest.NewBigramRanker(f.entries), args...)
	if err == nil || !strings.Contains(err.Error(), "1 of 11 queries were answered degraded") || !strings.Contains(err.Error(), "embedder ollama") {
		t.Errorf("degraded second configuration: %v, want an error naming it", err)
	}
}

func TestCLIBaseline(t *testing.T) {
	f := newCLIFixture(t)
	base := f.path("base.json")
	if err := f.run(t, evaltest.NewBigramRanker(f.entries), "--suite", "testdata/mini.jsonl", "--json", base, "--quiet", "--min", "hit@5=0.9"); err != nil {
		t.Fatal(err)
	}
	evaltest.CheckGolden(t, "testdata/quiet.txt.golden", f.stdout.Bytes(), *update)

	// The same configuration against its own baseline: no change at all.
	if err := f.run(t, evaltest.NewBigramRanker(f.entries), "--suite", "testdata/mini.jsonl", "--baseline", base, "--max-drop", "mrr@10=0", "--quiet"); err != nil {
		t.Fatalf("identical run failed its gate: %v", err)
	}
	if want := base + " → current: 0 broken, 0 fixed; reciprocal rank 0 wins, 11 ties, 0 losses; hit@5 +0.0000 (p 1.0000)"; !strings.Contains(f.stdout.String(), want) {
		t.Errorf("quiet output lacks %q:\n%s", want, f.stdout.String())
	}
	// A worse configuration against the baseline.
	err := f.run(t, demote(evaltest.NewBigramRanker(f.entries)), "--suite", "testdata/mini.jsonl", "--baseline", base,
		"--max-drop", "hit@1=0.1", "--json", f.path("cur.json"))
	if err == nil || !strings.HasPrefix(err.Error(), "gate failed: hit@1 dropped") {
		t.Fatalf("error = %v, want a hit@1 drop", err)
	}
	cur, err := eval.LoadReport(f.path("cur.json"))
	if err != nil {
		t.Fatal(err)
	}
	c := cur.Comparison
	if c == nil || c.Baseline != base || c.Candidate != "current" || c.Paired != 11 {
		t.Fatalf("comparison = %+v", c)
	}
	if !strings.Contains(f.stdout.String(), "newly broken (hit@5 true → false)") {
		t.Errorf("text report lacks the broken list:\n%s", f.stdout.String())
	}
}

// --url must give the same per-query results as the in-process run.
func TestCLIURLAgrees(t *testing.T) {
	f := newCLIFixture(t)
	bigram := evaltest.NewBigramRanker(f.entries)
	byID := map[string]*corpus.Entry{}
	for _, e := range f.entries {
		byID[e.ID] = e
	}
	srv := serveAPI(t, rankerSearcher{r: bigram, entries: byID})
	if err := f.run(t, bigram, "--suite", "testdata/mini.jsonl", "--json", f.path("local.json")); err != nil {
		t.Fatal(err)
	}
	// With --url the primary ranker is never asked.
	unused := eval.RankerFunc(func(context.Context, *eval.Query, int) (*eval.Ranking, error) {
		return nil, errors.New("in-process ranker used with --url")
	})
	if err := f.run(t, unused, "--suite", "testdata/mini.jsonl", "--url", srv.URL, "--json", f.path("remote.json")); err != nil {
		t.Fatal(err)
	}
	if f.stderr.Len() > 0 {
		t.Errorf("unexpected warnings: %s", f.stderr.String())
	}
	// A server with another corpus size is reported.
	f.entries = f.entries[1:]
	if err := f.run(t, unused, "--suite", "testdata/mini.jsonl", "--url", srv.URL, "--quiet"); err != nil {
		t.Fatal(err)
	}
	if want := "the server searches 12 entries, the local corpus has 11"; !strings.Contains(f.stderr.String(), want) {
		t.Errorf("stderr = %q, want %q", f.stderr.String(), want)
	}
	local, err := eval.LoadReport(f.path("local.json"))
	if err != nil {
		t.Fatal(err)
	}
	remote, err := eval.LoadReport(f.path("remote.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(local.PerQuery, remote.PerQuery) || !reflect.DeepEqual(local.Summary, remote.Summary) {
		t.Error("in-process and --url reports differ")
	}
	if remote.Provenance.Target != srv.URL || remote.Provenance.Config != nil {
		t.Errorf("remote provenance = %+v", remote.Provenance)
	}
}

func TestCLIExports(t *testing.T) {
	f := newCLIFixture(t)
	trec, beir := f.path("trec"), f.path("beir")
	if err := f.run(t, evaltest.NewBigramRanker(f.entries), "--suite", "testdata/mini.jsonl", "--quiet",
		"--export-trec", trec, "--export-beir", beir); err != nil {
		t.Fatal(err)
	}
	// Scoring the exported run against the exported BEIR suite reproduces
	// the ranking metrics.
	if err := f.run(t, nil, "--suite", "testdata/mini.jsonl", "--quiet", "--import-run", filepath.Join(trec, "run.txt"), "--json", f.path("replay.json")); err != nil {
		t.Fatal(err)
	}
	replay, err := eval.LoadReport(f.path("replay.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := f.run(t, nil, "--suite", beir, "--quiet", "--import-run", filepath.Join(trec, "run.txt"), "--json", f.path("beir.json")); err != nil {
		t.Fatal(err)
	}
	fromBEIR, err := eval.LoadReport(f.path("beir.json"))
	if err != nil {
		t.Fatal(err)
	}
	// m09 has no relevant entry in the corpus, so BEIR (judged queries
	// only) leaves it out.
	if fromBEIR.Counts.Queries != replay.Counts.Queries-1 {
		t.Errorf("BEIR suite has %d queries, want %d", fromBEIR.Counts.Queries, replay.Counts.Queries-1)
	}
	for _, q := range fromBEIR.PerQuery {
		if r := replay.Result(q.ID); r == nil || r.FirstRelevant != q.FirstRelevant || r.Relevant != q.Relevant {
			t.Errorf("%s: BEIR first=%d relevant=%d, replay %+v", q.ID, q.FirstRelevant, q.Relevant, r)
		}
	}
	if got := replay.Provenance.Target; got != "run:"+filepath.Join(trec, "run.txt") {
		t.Errorf("target = %q", got)
	}
}

func TestCLIValidate(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{nil, "--suite is required"},
		{[]string{"--suite", "s", "--k", "3", "--gate-k", "4"}, "--gate-k must be between 1 and --k (3), got 4"},
		{[]string{"--suite", "s", "--url", "http://x", "--import-run", "r"}, "exclude each other"},
		{[]string{"--suite", "s", "--baseline", "b", "--compare-embedder", "ollama"}, "exclude each other"},
		{[]string{"--suite", "s", "--url", "http://x", "--compare-embedder", "ollama"}, "cannot be combined"},
		{[]string{"--suite", "s", "--max-drop", "mrr@10=0.02"}, "--max-drop needs --baseline or --compare-embedder"},
		{[]string{"--suite", "s", "--json", "-", "--html", "-"}, "only one of --json, --junit and --html can be -"},
	}
	for _, tt := range tests {
		var c eval.CLI
		fs := flag.NewFlagSet("eval", flag.ContinueOnError)
		c.RegisterFlags(fs)
		if err := fs.Parse(tt.args); err != nil {
			t.Fatal(err)
		}
		if err := c.Validate(); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%v: error = %v, want %q", tt.args, err, tt.want)
		}
	}
}

// TestCLIReportToStdout: --json - writes the report to standard output,
// the terminal report to standard error, and no file named "-".
func TestCLIReportToStdout(t *testing.T) {
	f := newCLIFixture(t)
	suite, err := filepath.Abs("testdata/mini.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(f.dir)
	if err := f.run(t, evaltest.NewBigramRanker(f.entries), "--suite", suite, "--quiet", "--json", "-"); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(f.dir, "-")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a file named - was written (stat: %v)", err)
	}
	out := filepath.Join(t.TempDir(), "out.json")
	if err := os.WriteFile(out, f.stdout.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	rep, err := eval.LoadReport(out)
	if err != nil {
		t.Fatalf("standard output is not a report: %v\n%s", err, f.stdout.String())
	}
	if rep.Counts.Queries == 0 {
		t.Error("the report on standard output counts no queries")
	}
	if !strings.Contains(f.stderr.String(), "hit@1") {
		t.Errorf("the terminal report is not on standard error:\n%s", f.stderr.String())
	}
}

// TestCLIGateKFollowsK: the default --gate-k (5) comes down to a smaller
// --k rather than refusing it.
func TestCLIGateKFollowsK(t *testing.T) {
	var c eval.CLI
	fs := flag.NewFlagSet("eval", flag.ContinueOnError)
	c.RegisterFlags(fs)
	if err := fs.Parse([]string{"--suite", "s", "--k", "3"}); err != nil {
		t.Fatal(err)
	}
	if err := c.Validate(); err != nil || c.GateK != 3 {
		t.Errorf("--k 3: gate-k %d, %v; want 3, no error", c.GateK, err)
	}
}

func TestHTMLEscapes(t *testing.T) {
	run := &eval.Run{
		K: 10, GateK: 5,
		Summary:  map[string]float64{},
		Counts:   eval.Counts{Queries: 1},
		PerTag:   []eval.TagSummary{{Tag: `<tag>`, Counts: eval.Counts{Queries: 1}, Metrics: map[string]float64{}}},
		PerQuery: []*eval.QueryResult{{ID: "x", Query: `<script>alert("q")</script>`, Tags: []string{"<tag>"}, Top: []eval.RankedHit{{Hit: eval.Hit{ID: "e", Title: "<b>title</b>"}}}}},
	}
	var buf bytes.Buffer
	if err := eval.WriteHTML(&buf, &eval.Report{Run: *run}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, raw := range []string{"<script>", "<b>title", "<tag>"} {
		if strings.Contains(out, raw) {
			t.Errorf("HTML report contains unescaped %q", raw)
		}
	}
	if !strings.Contains(out, "&lt;script&gt;") || !strings.Contains(out, "<svg") {
		t.Error("HTML report lacks the escaped query or the chart")
	}
}
