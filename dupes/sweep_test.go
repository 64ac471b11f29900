package dupes

import (
	"flag"
	"testing"

	"github.com/soudan-desk/soudan/corpus"
)

var sweepVerbose = flag.Bool("sweep", false, "print the threshold sweep table")

// TestThresholdSweep measures precision and recall of the labelled seed
// pairs (testdata/labels.jsonl) on the embedded default corpus, with the
// finder as `soudan dupes` builds it, and checks that the default
// threshold still finds every textual duplicate. Print the table and the
// unlabelled pairs with
//
//	go test ./dupes -run TestThresholdSweep -v -args -sweep
//
// or go run ./cmd/soudan dupes --sweep dupes/testdata/labels.jsonl.
func TestThresholdSweep(t *testing.T) {
	c, err := corpus.LoadDefault()
	if c == nil || len(c.Entries) == 0 {
		t.Fatalf("default corpus has no entries (%v)", err)
	}
	labels := readLabels(t, "testdata/labels.jsonl")
	f := engineFinder(t, c)
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
		for _, p := range f.UnlabelledPairs(labels, DefaultThreshold) {
			t.Logf("unlabelled: %.3f %s %s × %s %s", p.Similarity, p.A.Source, p.A.Title, p.B.Source, p.B.Title)
		}
	}
	def := rows[len(rows)-1]
	// Measured 0.750 (12 of 12 found, 4 false): the paraphrase channel
	// also pairs manual entries on one topic in different chapters
	// (different questions, overlapping answers) that the seed labels
	// call distinct. It was 0.8 with the lexical channel alone.
	if def.Precision < 0.7 {
		t.Errorf("precision at the default threshold %.2f = %.3f, want ≥ 0.7", DefaultThreshold, def.Precision)
	}
	if def.Recall < 1 {
		t.Errorf("recall at the default threshold %.2f = %.3f, want 1: every textual duplicate of the seed", DefaultThreshold, def.Recall)
	}
}
