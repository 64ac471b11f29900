package eval

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/soudan-desk/soudan/corpus"
)

// TargetInProcess is the provenance target of a run against the engine in
// process.
const TargetInProcess = "in-process"

// Target is an engine configuration to evaluate.
type Target struct {
	Ranker Ranker
	// Entries is the corpus entry list: it gives the relevant counts of
	// ndcg@10 and recall@10, and the BEIR and qrels exports.
	Entries     []*corpus.Entry
	Fingerprint string
	// Config describes the configuration for the provenance (embedder,
	// model, relevance options).
	Config map[string]string
	// Close, when set, releases the target.
	Close func() error
}

// Env is what the command layer supplies to [CLI.Run].
type Env struct {
	// Open builds the in-process target from the engine flags. With --url
	// or --import-run it is still called, for the corpus entries.
	Open func(ctx context.Context) (*Target, error)
	// OpenAlt builds the target of a second configuration: the engine flags
	// with the embedder replaced by the one named. Needed for
	// --compare-embedder only.
	OpenAlt func(ctx context.Context, embedder string) (*Target, error)
	// Stdout receives the terminal report, Stderr warnings.
	Stdout, Stderr io.Writer
	// Now and GitCommit fill the provenance; time.Now and GitCommit in the
	// working directory when nil.
	Now       func() time.Time
	GitCommit func(ctx context.Context) string
}

// CLI holds the flags of `soudan eval` and runs it.
type CLI struct {
	Suite           string
	K               int
	GateK           int
	URL             string
	Timeout         time.Duration
	ImportRun       string
	ImportQrels     string
	ExportTREC      string
	ExportBEIR      string
	JSON            string
	JUnit           string
	HTML            string
	Baseline        string
	CompareEmbedder string
	Split           string
	Min             Thresholds
	Max             Thresholds
	MaxDrop         Thresholds
	Quiet           bool
}

// RegisterFlags defines the evaluation flags on fs.
func (c *CLI) RegisterFlags(fs *flag.FlagSet) {
	fs.StringVar(&c.Suite, "suite", "", "evaluation suite: a JSONL `file` of {id, query, expect, referrals[, tags, expect_ids]}, or a BEIR directory (queries.jsonl + qrels/test.tsv) (required)")
	fs.IntVar(&c.K, "k", DefaultK, "results asked for each query; metrics @10 see at most k results")
	fs.IntVar(&c.GateK, "gate-k", DefaultGateK, "a query passes when a relevant result ranks within this cutoff (JUnit failures, broken/fixed lists)")
	fs.StringVar(&c.URL, "url", "", "evaluate a running server at this base `URL` (POST /api/search) instead of the engine in process; relevant counts still come from the local --corpus")
	fs.DurationVar(&c.Timeout, "timeout", DefaultTimeout, "timeout of one --url request")
	fs.StringVar(&c.ImportRun, "import-run", "", "score a TREC run `file` (qid Q0 docid rank score tag) instead of searching; referrals are aggregated from the entries of its top results")
	fs.StringVar(&c.ImportQrels, "import-qrels", "", "add the relevant documents of a TREC qrels `file` (qid 0 docid rel) to the expect_ids of the queries it names")
	fs.StringVar(&c.ExportTREC, "export-trec", "", "write qrels.txt (from the suite's relevance rules against the corpus), topics.tsv and run.txt (this run) to `dir`")
	fs.StringVar(&c.ExportBEIR, "export-beir", "", "write the corpus, the queries and the qrels in the BEIR layout (corpus.jsonl, queries.jsonl, qrels/test.tsv) to `dir`")
	fs.StringVar(&c.JSON, "json", "", "write the full report as JSON to `file` (usable as a later --baseline); - writes it to standard output and the terminal report to standard error")
	fs.StringVar(&c.JUnit, "junit", "", "write JUnit XML to `file`: one test case per query, failed when not hit at --gate-k (- for standard output)")
	fs.StringVar(&c.HTML, "html", "", "write a self-contained HTML report to `file` (- for standard output)")
	fs.StringVar(&c.Baseline, "baseline", "", "compare with a previous --json report `file` (deltas, randomization test, broken and fixed queries)")
	fs.StringVar(&c.CompareEmbedder, "compare-embedder", "", "run the suite again with this `embedder` and compare: the engine flags' configuration is the baseline, this one the candidate")
	fs.StringVar(&c.Split, "split", SplitAll, "evaluate this half of the suite: heldout (ids whose SHA-1 ends in an odd hex digit), tune (the rest) or all")
	fs.Var(&c.Min, "min", "gate: fail when the run's `metric=value` is not reached, e.g. hit@5=0.85 (repeatable; with --compare-embedder it checks the engine flags' configuration; metrics: "+strings.Join(Metrics, " ")+")")
	fs.Var(&c.Max, "max", "gate: fail when the run's `metric=value` is exceeded, e.g. cards_per_query=3 (repeatable)")
	fs.Var(&c.MaxDrop, "max-drop", "gate: fail when `metric=value` drops by more than value against the comparison's baseline, e.g. mrr@10=0.02 (repeatable)")
	fs.BoolVar(&c.Quiet, "quiet", false, "print the summary only")
}

// Validate checks the flags' combinations. The default --gate-k follows
// a --k below it.
func (c *CLI) Validate() error {
	if c.GateK == DefaultGateK && c.K >= 1 && c.K < DefaultGateK {
		c.GateK = c.K
	}
	switch {
	case c.Suite == "":
		return errors.New("--suite is required")
	case c.K < 1:
		return fmt.Errorf("--k must be at least 1, got %d", c.K)
	case c.GateK < 1 || c.GateK > c.K:
		return fmt.Errorf("--gate-k must be between 1 and --k (%d), got %d", c.K, c.GateK)
	case c.URL != "" && c.ImportRun != "":
		return errors.New("--url and --import-run exclude each other")
	case c.Baseline != "" && c.CompareEmbedder != "":
		return errors.New("--baseline and --compare-embedder exclude each other")
	case c.CompareEmbedder != "" && (c.URL != "" || c.ImportRun != ""):
		return errors.New("--compare-embedder evaluates in process; it cannot be combined with --url or --import-run")
	case c.Split != SplitAll && c.Split != SplitHeldOut && c.Split != SplitTune:
		return fmt.Errorf("--split must be heldout, tune or all, got %q", c.Split)
	case len(c.MaxDrop) > 0 && c.Baseline == "" && c.CompareEmbedder == "":
		return errors.New("--max-drop needs --baseline or --compare-embedder")
	case c.stdoutReports() > 1:
		return errors.New("only one of --json, --junit and --html can be - (standard output)")
	}
	return nil
}

// Stdout is the file name that writes a report to standard output; the
// terminal report then goes to standard error.
const Stdout = "-"

// stdoutReports counts the reports written to standard output.
func (c *CLI) stdoutReports() int {
	n := 0
	for _, p := range []string{c.JSON, c.JUnit, c.HTML} {
		if p == Stdout {
			n++
		}
	}
	return n
}

// Run evaluates the suite, writes the reports and applies the gates. A
// failed gate is returned as a *GateError after every report is written.
func (c *CLI) Run(ctx context.Context, env Env) error {
	if err := c.Validate(); err != nil {
		return err
	}
	env.fill()
	suite, err := c.loadSuite(env)
	if err != nil {
		return err
	}
	var baseline *Report
	if c.Baseline != "" {
		if baseline, err = LoadReport(c.Baseline); err != nil {
			return err
		}
	}
	target, err := c.openTarget(ctx, env)
	if err != nil {
		return err
	}
	defer closeTarget(target)
	checkEntryCount(ctx, env, target)
	commit := env.GitCommit(ctx)
	run, err := c.evaluate(ctx, suite, target, commit, env.Now())
	if err != nil {
		return err
	}
	rep := &Report{Run: *run}
	if err := c.compare(ctx, env, rep, baseline, suite, commit); err != nil {
		return err
	}
	warnDegraded(env.Stderr, run)
	if err := c.writeOutputs(env, rep, suite, target); err != nil {
		return err
	}
	text := env.Stdout
	if c.stdoutReports() > 0 {
		text = env.Stderr
	}
	if err := WriteText(text, rep, TextOptions{Quiet: c.Quiet}); err != nil {
		return err
	}
	return Gate(run, Gates{Min: c.Min, Max: c.Max, MaxDrop: c.MaxDrop}, rep.Comparison)
}

// fill sets the defaults of the fields left nil.
func (env *Env) fill() {
	if env.Stdout == nil {
		env.Stdout = os.Stdout
	}
	if env.Stderr == nil {
		env.Stderr = os.Stderr
	}
	if env.Now == nil {
		env.Now = time.Now
	}
	if env.GitCommit == nil {
		env.GitCommit = func(ctx context.Context) string { return GitCommit(ctx, "") }
	}
}

// loadSuite reads the suite, keeps the --split half and adds --import-qrels.
func (c *CLI) loadSuite(env Env) (*Suite, error) {
	suite, err := LoadSuite(c.Suite)
	if err != nil {
		return nil, err
	}
	if suite, err = suite.Split(c.Split); err != nil {
		return nil, err
	}
	if c.ImportQrels != "" {
		qrels, err := LoadQrels(c.ImportQrels)
		if err != nil {
			return nil, err
		}
		if unknown := suite.AddQrels(qrels); len(unknown) > 0 {
			fmt.Fprintf(env.Stderr, "warning: %s judges %d queries not in the suite (first: %s)\n", c.ImportQrels, len(unknown), unknown[0])
		}
	}
	return suite, nil
}

// checkEntryCount warns when a server searches another corpus size than
// the local one that gives the relevant counts.
func checkEntryCount(ctx context.Context, env Env, target *Target) {
	ec, ok := target.Ranker.(entryCounter)
	if !ok {
		return
	}
	switch n, err := ec.EntryCount(ctx); {
	case err != nil:
		fmt.Fprintf(env.Stderr, "warning: cannot check the server's corpus size: %v\n", err)
	case n != len(target.Entries):
		fmt.Fprintf(env.Stderr, "warning: the server searches %d entries, the local corpus has %d: ndcg@10 and recall@10 take their relevant counts from the local corpus\n", n, len(target.Entries))
	}
}

// compare fills rep's comparison: with the baseline report, or with a run
// of the second configuration (--compare-embedder).
func (c *CLI) compare(ctx context.Context, env Env, rep *Report, baseline *Report, suite *Suite, commit string) error {
	run := &rep.Run
	switch {
	case baseline != nil:
		warnMismatch(env.Stderr, &baseline.Run, run)
		rep.Comparison = Compare(&baseline.Run, run, c.Baseline, "current")
	case c.CompareEmbedder != "":
		if env.OpenAlt == nil {
			return errors.New("--compare-embedder is not supported by this command")
		}
		alt, err := env.OpenAlt(ctx, c.CompareEmbedder)
		if err != nil {
			return fmt.Errorf("second configuration (embedder %s): %w", c.CompareEmbedder, err)
		}
		defer closeTarget(alt)
		altRun, err := c.evaluate(ctx, suite, alt, commit, env.Now())
		if err != nil {
			return fmt.Errorf("second configuration (embedder %s): %w", c.CompareEmbedder, err)
		}
		if err := checkOutage(run, altRun); err != nil {
			return err
		}
		rep.Alternative = altRun
		rep.Comparison = Compare(run, altRun, configLabel(run), configLabel(altRun))
	}
	return nil
}

// openTarget opens the in-process target and, with --url or --import-run,
// swaps its ranker.
func (c *CLI) openTarget(ctx context.Context, env Env) (*Target, error) {
	if env.Open == nil {
		return nil, errors.New("no engine to evaluate")
	}
	t, err := env.Open(ctx)
	if err != nil {
		return nil, err
	}
	switch {
	case c.URL != "":
		rk, err := NewHTTPRanker(c.URL, c.Timeout)
		if err != nil {
			closeTarget(t)
			return nil, err
		}
		// The server's configuration is unknown here: keep only what
		// describes the local corpus that gives the relevant counts.
		t.Ranker, t.Config = rk, nil
	case c.ImportRun != "":
		f, err := os.Open(c.ImportRun)
		if err != nil {
			closeTarget(t)
			return nil, err
		}
		run, err := ReadRun(f, c.ImportRun)
		f.Close()
		if err != nil {
			closeTarget(t)
			return nil, err
		}
		t.Ranker, t.Config = NewRunFileRanker(run, t.Entries), nil
	}
	return t, nil
}

func closeTarget(t *Target) {
	if t != nil && t.Close != nil {
		t.Close()
	}
}

func (c *CLI) targetName() string {
	switch {
	case c.URL != "":
		return c.URL
	case c.ImportRun != "":
		return "run:" + c.ImportRun
	}
	return TargetInProcess
}

func (c *CLI) evaluate(ctx context.Context, s *Suite, t *Target, commit string, now time.Time) (*Run, error) {
	run, err := Evaluate(ctx, s, t.Ranker, t.Entries, Options{K: c.K, GateK: c.GateK})
	if err != nil {
		return nil, err
	}
	run.Provenance = Provenance{
		Suite:             c.Suite,
		Split:             c.Split,
		Target:            c.targetName(),
		CorpusFingerprint: t.Fingerprint,
		CorpusEntries:     len(t.Entries),
		Config:            t.Config,
		GitCommit:         commit,
		Time:              now.UTC(),
	}
	return run, nil
}

func (c *CLI) writeOutputs(env Env, rep *Report, s *Suite, t *Target) error {
	reports := []struct {
		path  string
		write func(io.Writer) error
	}{
		{c.JSON, func(w io.Writer) error { return WriteJSON(w, rep) }},
		{c.JUnit, func(w io.Writer) error { return WriteJUnit(w, &rep.Run) }},
		{c.HTML, func(w io.Writer) error { return WriteHTML(w, rep) }},
	}
	for _, r := range reports {
		var err error
		switch r.path {
		case "":
			continue
		case Stdout:
			err = r.write(env.Stdout)
		default:
			err = writeFile(r.path, r.write)
		}
		if err != nil {
			return err
		}
	}
	if c.ExportBEIR != "" {
		if err := ExportBEIR(c.ExportBEIR, s, t.Entries); err != nil {
			return err
		}
	}
	if c.ExportTREC != "" {
		if err := ExportTREC(c.ExportTREC, s, t.Entries, &rep.Run); err != nil {
			return err
		}
	}
	return nil
}

// ExportTREC writes qrels.txt (the suite's relevance rules applied to
// entries), topics.tsv (the queries) and, when run is not nil, run.txt (its
// rankings, tagged "soudan") to dir.
func ExportTREC(dir string, s *Suite, entries []*corpus.Entry, run *Run) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	qrels := Relevance(s, entries)
	if err := writeFile(filepath.Join(dir, "qrels.txt"), func(w io.Writer) error { return WriteQrels(w, qrels) }); err != nil {
		return err
	}
	if err := writeFile(filepath.Join(dir, "topics.tsv"), func(w io.Writer) error { return WriteTopics(w, s) }); err != nil {
		return err
	}
	if run == nil {
		return nil
	}
	return writeFile(filepath.Join(dir, "run.txt"), func(w io.Writer) error { return WriteRun(w, run, "soudan") })
}

// warnMismatch tells when a baseline was measured differently.
func warnMismatch(w io.Writer, base, cur *Run) {
	if base.K != cur.K || base.GateK != cur.GateK {
		fmt.Fprintf(w, "warning: baseline used k=%d gate-k=%d, this run k=%d gate-k=%d\n", base.K, base.GateK, cur.K, cur.GateK)
	}
	if bf, cf := base.Provenance.CorpusFingerprint, cur.Provenance.CorpusFingerprint; bf != "" && cf != "" && bf != cf {
		fmt.Fprintf(w, "warning: baseline corpus %s differs from this corpus %s\n", bf, cf)
	}
}

// warnDegraded tells when answers lacked a signal: a comparison of such a
// run measures the outage, not the configuration.
func warnDegraded(w io.Writer, r *Run) {
	if n := r.Counts.Degraded; n > 0 {
		fmt.Fprintf(w, "warning: %d of %d queries were answered degraded (a signal failed)\n", n, r.Counts.Queries)
	}
}

// checkOutage fails a comparison of embedders (--compare-embedder) in
// which a configuration answered a query degraded: it would measure the
// outage (Ollama failing in the middle of the run), not the embedders.
func checkOutage(runs ...*Run) error {
	for _, r := range runs {
		n := r.Counts.Degraded
		if n == 0 {
			continue
		}
		at := ""
		if u := r.Provenance.Config["ollama_url"]; u != "" {
			at = " (Ollama at " + u + ")"
		}
		return fmt.Errorf("%s%s: %d of %d queries were answered degraded (a signal failed; the log gives the cause): the comparison would measure the outage, not the embedders",
			configLabel(r), at, n, r.Counts.Queries)
	}
	return nil
}
