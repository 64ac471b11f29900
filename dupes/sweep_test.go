package dupes

import (
	"context"
	"flag"
	"os"
	"testing"

	"github.com/soudan-desk/soudan/corpus"
)

var sweepVerbose = flag.Bool("sweep", false, "print the threshold sweep table")

// TestThresholdSweep measures precision and recall of the labelled seed
// pairs (testdata/labels.jsonl) on the embedded default corpus, lexical
// signal only, and checks the default threshold against them. Print the
// table with
//
//	go test ./dupes -run TestThresholdSweep -v -args -sweep
//
// or, with the semantic signal as the CLI uses it,
//
//	go run ./cmd/soudan dupes --sweep dupes/testdata/labels.jsonl
func TestThresholdSweep(t *testing.T) {
	c, err := corpus.LoadDefault()
	if c == nil || len(c.Entries) == 0 {
		t.Fatalf("the default corpus has no entries (%v)", err)
	}
	fh, err := os.Open("testdata/labels.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	labels, err := ReadLabels(fh)
	if err != nil {
		t.Fatal(err)
	}
	f, err := New(context.Background(), c.Entries, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var ts []float64
	for i := 6; i <= 19; i++ {
		ts = append(ts, float64(i)*0.05)
	}
	ts = append(ts, DefaultThreshold)
	rows := f.Sweep(labels, ts)
	if *sweepVerbose {
		for _, r := range rows {
			t.Logf("t=%.2f tp=%d fp=%d fn=%d precision=%.3f recall=%.3f reported=%d unlabelled=%d", r.Threshold, r.TP, r.FP, r.FN, r.Precision, r.Recall, r.Reported, r.Unlabelled)
		}
	}
	def := rows[len(rows)-1]
	if def.Precision < 0.8 {
		t.Errorf("precision at the default threshold %.2f = %.3f, want ≥ 0.8", DefaultThreshold, def.Precision)
	}
	if def.Recall < 1 {
		t.Errorf("recall at the default threshold %.2f = %.3f, want 1", DefaultThreshold, def.Recall)
	}
	if def.Unlabelled > 0 {
		for _, p := range f.UnlabelledPairs(labels, DefaultThreshold) {
			t.Logf("unlabelled: %.3f %s %s × %s %s", p.Similarity, p.A.Source, p.A.Title, p.B.Source, p.B.Title)
		}
		t.Errorf("%d pairs reported at the default threshold have no label; label them in testdata/labels.jsonl", def.Unlabelled)
	}
}
