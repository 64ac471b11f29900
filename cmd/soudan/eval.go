package main

import (
	"context"
	"flag"
	"fmt"

	"github.com/soudan-desk/soudan/eval"
)

func init() {
	register(command{name: "eval", short: "score retrieval on an evaluation suite", run: runEval})
}

// runEval parses the evaluation and engine flags and hands over to package
// eval, which owns the logic; this layer only builds engines.
func runEval(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("eval", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), `usage: soudan eval --suite FILE|DIR [flags]

Scores retrieval on an evaluation suite: hit@1/3/5/10, mrr@10, ndcg@10,
recall@10 and referral recall, over the suite and per tag. Runs the engine in
process, or a running server with --url. Compares with --baseline or
--compare-embedder, and exits non-zero when a --min or --max-drop gate fails,
or when --compare-embedder's embedders cannot both answer every query (an
Ollama down or failing).

examples:
  soudan eval --suite ../shared/eval/dev.jsonl
  soudan eval --suite ../shared/eval/dev.jsonl --json out.json --html out.html --min hit@5=0.85
  soudan eval --suite ../shared/eval/dev.jsonl --baseline previous.json --max-drop mrr@10=0.02
  soudan eval --suite ../shared/eval/dev.jsonl --compare-embedder ollama

flags:`)
		fs.PrintDefaults()
	}
	var ef engineFlags
	ef.register(fs)
	var cli eval.CLI
	cli.RegisterFlags(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q (the suite is given with --suite)", fs.Args())
	}
	// A comparison of embedders needs each one's vectors: without them
	// it would measure an outage (Ollama down), so it fails instead.
	ef.requireVectors = cli.CompareEmbedder != ""
	return cli.Run(ctx, eval.Env{
		Open: func(ctx context.Context) (*eval.Target, error) { return evalTarget(ctx, &ef) },
		OpenAlt: func(ctx context.Context, embedder string) (*eval.Target, error) {
			alt, err := withEmbedder(fs, embedder)
			if err != nil {
				return nil, err
			}
			alt.requireVectors = true
			return evalTarget(ctx, alt)
		},
	})
}

// evalTarget builds the engine that f describes.
func evalTarget(ctx context.Context, f *engineFlags) (*eval.Target, error) {
	eng, err := f.open(ctx)
	if err != nil {
		return nil, err
	}
	c := eng.Corpus()
	return &eval.Target{
		Ranker:      eval.NewEngineRanker(eng),
		Entries:     c.Entries,
		Fingerprint: c.Fingerprint(),
		Config:      f.config(),
	}, nil
}

// withEmbedder returns engine flags equal to those set on fs except for the
// embedder: it registers a fresh set, copies every flag the user set, and
// overrides --embedder.
func withEmbedder(fs *flag.FlagSet, embedder string) (*engineFlags, error) {
	var alt engineFlags
	afs := flag.NewFlagSet("eval-alt", flag.ContinueOnError)
	alt.register(afs)
	var err error
	fs.Visit(func(f *flag.Flag) {
		if err == nil && afs.Lookup(f.Name) != nil {
			err = afs.Set(f.Name, f.Value.String())
		}
	})
	if err == nil {
		err = afs.Set("embedder", embedder)
	}
	if err != nil {
		return nil, fmt.Errorf("--compare-embedder: %v", err)
	}
	return &alt, nil
}
