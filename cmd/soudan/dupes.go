package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"

	"github.com/soudan-desk/soudan/corpus"
	"github.com/soudan-desk/soudan/dupes"
	"github.com/soudan-desk/soudan/index"
	"github.com/soudan-desk/soudan/internal/memlimit"
	"github.com/soudan-desk/soudan/store"
)

func init() {
	register(command{name: "dupes", short: "find duplicate and near-duplicate entries to merge", run: runDupes})
}

// dupesEmbed returns the semantic signal for the finder: Ollama's
// embeddings, or none. The local LSA embedder gives none: it rates every
// pair of same-topic entries as close, and on the labelled sets it only
// added false pairs (see docs/editors.md), while fitting it and embedding
// every entry cost most of a large manual's run.
func dupesEmbed(ef *engineFlags) (dupes.EmbedFunc, string, error) {
	var emb index.Embedder
	switch ef.embedder {
	case "none", "off", "", "local":
		return nil, "", nil
	case "ollama":
		o, err := ef.ollama()
		if err != nil {
			return nil, "", err
		}
		emb = o
	default:
		return nil, "", fmt.Errorf("unknown embedder %q (want local, ollama or none)", ef.embedder)
	}
	return func(ctx context.Context, texts []string) ([][]float32, error) {
		return emb.Embed(ctx, texts, index.PurposeDocument)
	}, emb.Name(), nil
}

// buildDupes builds the duplicate finder over c with the marks kept in the
// store. `soudan serve` uses it too.
func buildDupes(ctx context.Context, c *corpus.Corpus, ef *engineFlags, marks *dupes.Marks, threshold float64) (*dupes.Finder, error) {
	embed, name, err := dupesEmbed(ef)
	if err != nil {
		return nil, fmt.Errorf("embedder: %w", err)
	}
	// The paraphrase channel reads entries with the search engine's word
	// analysis (the one kagome dictionary of the process).
	return dupes.New(ctx, c.Entries, dupes.Options{Threshold: threshold, Marks: marks, Embed: embed, EmbedderName: name,
		Words: index.Default().TermsOnce})
}

func runDupes(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("dupes", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), `usage: soudan dupes [--threshold x] [--json] [--all] [--data DIR | --db URL] [--corpus DIR] [--sweep LABELS]

Lists pairs of entries whose similarity is at or above the threshold, best
first, and the clusters they form. Pairs marked "not a duplicate" on the
/duplicates page are hidden unless --all is given. --sweep prints precision
and recall of a labels file (JSON Lines) at thresholds 0.30 … 0.95.

flags:`)
		fs.PrintDefaults()
	}
	var ef engineFlags
	ef.registerCorpus(fs)
	ef.registerEmbedder(fs)
	threshold := fs.Float64("threshold", dupes.DefaultThreshold, "lowest `similarity` reported, 0–1")
	asJSON := fs.Bool("json", false, "print JSON")
	all := fs.Bool("all", false, "include pairs marked \"not a duplicate\"")
	marks := fs.String("marks", envOr("SOUDAN_MARKS", ""), "marks `file` of earlier versions to import into the store once (default: <corpus>/dupes-marks.json and ./soudan-marks.json; env SOUDAN_MARKS)")
	var sf storeFlags
	sf.register(fs)
	sweep := fs.String("sweep", "", "labels `file` to sweep thresholds over (e.g. dupes/testdata/labels.jsonl)")
	split := fs.String("split", "all", "with --sweep, the labels to use: tune, heldout (ids whose SHA-1 ends in an odd hex digit) or all")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return fmt.Errorf("unexpected arguments: %q", fs.Args())
	}
	if err := dupes.ValidateThreshold(*threshold); err != nil {
		return err
	}
	// A one-off build from nothing, as a server's first: the collector
	// would mark the growing corpus and indexes over and over at GOGC=100.
	defer memlimit.Starting()()
	go index.Default() // kagome's dictionary loads while the corpus does
	c, err := ef.loadCorpus()
	if err != nil {
		return err
	}
	if err := errors.Join(sf.check(), sf.checkOutside(ef.corpusDir)); err != nil {
		return err
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	ms, closeStore, err := openDupesMarks(ctx, &sf, sf.explicit(fs), *marks, ef.corpusDir, logger)
	if err != nil {
		return err
	}
	defer closeStore()
	f, err := buildDupes(ctx, c, &ef, ms, *threshold)
	if err != nil {
		return err
	}
	if *sweep != "" {
		labels, err := readLabels(*sweep)
		if err != nil {
			return err
		}
		if labels, err = dupes.Split(labels, *split); err != nil {
			return err
		}
		return f.WriteSweep(os.Stdout, labels, *threshold)
	}
	rep, err := f.Duplicates(ctx, dupes.Query{Threshold: max(*threshold, 1e-9), All: *all})
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(os.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	return rep.WriteText(os.Stdout, c)
}

// openDupesMarks opens the store whose marks dupes hides. dupes only
// reads it, so it never creates one: a store named by --data or --db that
// does not exist is an error (a mistyped folder); the default folder
// without a store means no marks yet. Any other fault is a warning, and
// the report is made without marks.
func openDupesMarks(ctx context.Context, sf *storeFlags, explicit bool, marksFlag, corpusDir string, logger *slog.Logger) (*dupes.Marks, func(), error) {
	cfg := sf.config()
	cfg.Existing = true
	s, err := store.Open(ctx, cfg)
	var none *store.NoStoreError
	switch {
	case errors.As(err, &none) && explicit:
		return nil, nil, err
	case errors.As(err, &none):
		return nil, func() {}, nil
	case err != nil:
		logger.Warn("store unavailable; no pairs are hidden as marked", slog.String("err", err.Error()))
		return nil, func() {}, nil
	}
	g := store.NewGuardOf(s)
	importLegacyMarks(ctx, g, marksFlag, corpusDir, logger)
	return dupes.NewMarks(g), func() { g.Close() }, nil
}

// readLabels reads a labels file (JSON Lines) for --sweep.
func readLabels(file string) ([]dupes.Label, error) {
	fh, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	return dupes.ReadLabels(fh)
}
