package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/soudan-desk/soudan/corpus"
	"github.com/soudan-desk/soudan/dupes"
	"github.com/soudan-desk/soudan/index"
)

func init() {
	register(command{name: "dupes", short: "find duplicate and near-duplicate entries to merge", run: runDupes})
}

// marksPath returns the marks file: --marks, else $SOUDAN_MARKS, else
// dupes-marks.json in the corpus folder, else ./soudan-marks.json for the
// embedded corpus.
func marksPath(flagValue, corpusDir string) string {
	switch {
	case flagValue != "":
		return flagValue
	case os.Getenv("SOUDAN_MARKS") != "":
		return os.Getenv("SOUDAN_MARKS")
	case corpusDir != "":
		return filepath.Join(corpusDir, "dupes-marks.json")
	}
	return "soudan-marks.json"
}

// dupesEmbed returns the semantic signal for the finder: the local LSA
// embedder fitted on the corpus, Ollama, or none.
func dupesEmbed(ef *engineFlags, c *corpus.Corpus) (dupes.EmbedFunc, string, error) {
	var emb index.Embedder
	switch ef.embedder {
	case "none", "off", "":
		return nil, "", nil
	case "local":
		texts := make([]string, len(c.Entries))
		for i, e := range c.Entries {
			texts[i] = dupes.DisplayText(e)
		}
		l, err := index.NewLocal(texts, index.LocalOptions{})
		if err != nil {
			return nil, "", err
		}
		emb = l
	case "ollama":
		o, err := index.NewOllama(index.OllamaOptions{BaseURL: ef.ollamaURL, Model: ef.ollamaModel})
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

// openDupes builds the duplicate finder over c with the marks file of
// marksFlag (see marksPath). `soudan serve` uses it too.
func openDupes(ctx context.Context, c *corpus.Corpus, ef *engineFlags, marksFlag string, threshold float64) (*dupes.Finder, error) {
	marks, err := dupes.OpenMarks(marksPath(marksFlag, ef.corpusDir))
	if err != nil {
		return nil, err
	}
	return buildDupes(ctx, c, ef, marks, threshold)
}

// buildDupes builds the duplicate finder over c with open marks.
func buildDupes(ctx context.Context, c *corpus.Corpus, ef *engineFlags, marks *dupes.Marks, threshold float64) (*dupes.Finder, error) {
	embed, name, err := dupesEmbed(ef, c)
	if err != nil {
		return nil, fmt.Errorf("embedder: %w", err)
	}
	// The paraphrase channel reads entries with the search engine's word
	// analysis (the one kagome dictionary of the process).
	return dupes.New(ctx, c.Entries, dupes.Options{Threshold: threshold, Marks: marks, Embed: embed, EmbedderName: name,
		Words: index.Default().Terms})
}

func runDupes(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("dupes", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), `usage: soudan dupes [--threshold x] [--json] [--all] [--marks FILE] [--corpus DIR] [--sweep LABELS]

Lists pairs of entries whose similarity is at or above the threshold, best
first, and the clusters they form. Pairs marked "not a duplicate" on the
/duplicates page are hidden unless --all is given. --sweep prints precision
and recall of a labels file (JSON Lines) at thresholds 0.30 … 0.95.

flags:`)
		fs.PrintDefaults()
	}
	var ef engineFlags
	ef.register(fs)
	threshold := fs.Float64("threshold", dupes.DefaultThreshold, "lowest `similarity` reported, 0–1")
	asJSON := fs.Bool("json", false, "print JSON")
	all := fs.Bool("all", false, "include pairs marked \"not a duplicate\"")
	marks := fs.String("marks", "", "marks `file` (default: <corpus>/dupes-marks.json, or ./soudan-marks.json for the embedded corpus; env SOUDAN_MARKS)")
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
	c, err := ef.loadCorpus()
	if err != nil {
		return err
	}
	f, err := openDupes(ctx, c, &ef, *marks, *threshold)
	if err != nil {
		return err
	}
	if *sweep != "" {
		return printSweep(os.Stdout, f, *sweep, *split, *threshold)
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
	printReport(os.Stdout, rep, c)
	return nil
}

func sourceString(s corpus.Source) string { return s.String() }

// printReport writes the report for a terminal.
func printReport(w io.Writer, rep *dupes.Report, c *corpus.Corpus) {
	sem := "意味の類似度: なし（字面のみ）"
	if rep.Embedder != "" {
		sem = "意味の類似度: " + rep.Embedder
	}
	fmt.Fprintf(w, "重複候補 %d 組・グループ %d（しきい値 %.2f、%s）", len(rep.Pairs), len(rep.Clusters), rep.Threshold, sem)
	if rep.Hidden > 0 {
		fmt.Fprintf(w, "、「重複ではない」で非表示 %d 組（--all で表示）", rep.Hidden)
	}
	fmt.Fprintln(w)
	for i, p := range rep.Pairs {
		mark := ""
		if p.Marked {
			mark = "  [重複ではない]"
		}
		fmt.Fprintf(w, "\n%3d. 類似度 %.2f  (字面 %.2f・意味 %.2f・言い換え %.2f・Jaccard %.2f・包含率 %.2f)%s\n",
			i+1, p.Similarity, p.Lexical, p.Semantic, p.Paraphrase, p.Jaccard, p.Containment, mark)
		for _, side := range []struct {
			tag string
			e   dupes.EntryRef
		}{{"A", p.A}, {"B", p.B}} {
			fmt.Fprintf(w, "     %s %s  %s  [%s]\n", side.tag, side.e.Title, sourceString(side.e.Source), side.e.ID)
			if len(side.e.Path) > 0 {
				fmt.Fprintf(w, "       %s\n", strings.Join(side.e.Path, " › "))
			}
		}
	}
	if len(rep.Clusters) > 0 {
		fmt.Fprintln(w, "\nグループ（★ = 中心の項目）")
		for i, cl := range rep.Clusters {
			fmt.Fprintf(w, "%3d.", i+1)
			for _, id := range cl.IDs {
				star := " "
				if id == cl.Central {
					star = "★"
				}
				title, src := id, ""
				if e, ok := c.Entry(id); ok {
					title, src = e.Title, e.Source.String()
				}
				fmt.Fprintf(w, " %s%s (%s)", star, title, src)
			}
			fmt.Fprintln(w)
		}
	}
}

// printSweep prints precision and recall over a labels file at a range of
// thresholds, then the pairs reported at threshold that no label judges.
func printSweep(w io.Writer, f *dupes.Finder, file, split string, threshold float64) error {
	fh, err := os.Open(file)
	if err != nil {
		return err
	}
	defer fh.Close()
	labels, err := dupes.ReadLabels(fh)
	if err != nil {
		return err
	}
	if labels, err = dupes.Split(labels, split); err != nil {
		return err
	}
	var ts []float64
	for t := 0.30; t < 0.951; t += 0.05 {
		ts = append(ts, float64(int(t*100+0.5))/100)
	}
	dup := 0
	for _, l := range labels {
		if l.Dup() {
			dup++
		}
	}
	name := f.EmbedderName()
	if name == "" {
		name = "none"
	}
	fmt.Fprintf(w, "labels: %d (%d dup, %d not-dup; split %s); embedder: %s\n", len(labels), dup, len(labels)-dup, split, name)
	fmt.Fprintf(w, "%-9s %4s %4s %4s %9s %7s %6s %9s %11s\n", "threshold", "tp", "fp", "fn", "precision", "recall", "f1", "reported", "unlabelled")
	for _, r := range f.Sweep(labels, ts) {
		marker := ""
		if r.Threshold == threshold {
			marker = "  ← default"
		}
		fmt.Fprintf(w, "%-9.2f %4d %4d %4d %9.3f %7.3f %6.3f %9d %11d%s\n", r.Threshold, r.TP, r.FP, r.FN, r.Precision, r.Recall, r.F1, r.Reported, r.Unlabelled, marker)
	}
	for _, l := range labels {
		s := f.LabelScore(l)
		fmt.Fprintf(w, "  %-7s %.3f  %s:%d-%d %s  ×  %s:%d-%d %s\n", l.Label, s, filepath.Base(l.A.File), l.A.StartLine, l.A.EndLine, l.A.Title, filepath.Base(l.B.File), l.B.StartLine, l.B.EndLine, l.B.Title)
	}
	if un := f.UnlabelledPairs(labels, threshold); len(un) > 0 {
		fmt.Fprintf(w, "\nunlabelled pairs at %.2f:\n", threshold)
		for _, p := range un {
			fmt.Fprintf(w, "  %.3f  %s %s  ×  %s %s\n", p.Similarity, p.A.Source, p.A.Title, p.B.Source, p.B.Title)
		}
	}
	return nil
}
