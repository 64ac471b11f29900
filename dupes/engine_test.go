package dupes

import (
	"context"
	"os"
	"testing"

	"github.com/soudan-desk/soudan/corpus"
	"github.com/soudan-desk/soudan/index"
)

// engineFinder builds the finder as `soudan dupes` and `soudan serve` do
// by default: the paraphrase channel reads with the engine's word
// analysis; the local embedder gives no semantic signal.
func engineFinder(t *testing.T, c *corpus.Corpus) *Finder {
	t.Helper()
	f, err := New(context.Background(), c.Entries, Options{Words: index.Default().TermsOnce})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func readLabels(t *testing.T, path string) []Label {
	t.Helper()
	fh, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	labels, err := ReadLabels(fh)
	if err != nil {
		t.Fatal(err)
	}
	return labels
}

// TestParaphraseSweep measures the reworded duplicates (testdata/paraphrase,
// paraphrase3 and paraphrase4, written by people who did not write the finder) at the
// default threshold, on each half. The tuning half of batches 1 and 2
// chose ParaphraseGain and DefaultThreshold; their held-out half and all
// of batch 3 only measure them. Print the table with
//
//	go test ./dupes -run TestParaphraseSweep -v -args -sweep
func TestParaphraseSweep(t *testing.T) {
	for _, b := range []struct {
		dir   string
		floor []sweepFloor
	}{
		// Measured on batches 1 and 2 (2026-12-03): held out 1.000 and
		// 0.935 (29 of 31), the target being 0.9 for both;
		// tuning 1.000 and 0.970 (32 of 33). Since the editors' 855
		// example questions of 2026-12-04: held out 1.000 and 0.903
		// (28 of 31), tuning unchanged.
		{paraphraseDir, []sweepFloor{{"heldout", 0.9, 0.9}, {"tune", 0.9, 0.93}}},
		// Batch 3, read once on 2026-12-05 with the finder unchanged
		// (docs/editors.md, "A third batch"): held out 1.000 and 0.700
		// (14 of 20 labels), tuning 1.000 and 0.611 (11 of 18). Floors
		// one label under: it measures the finder, it does not meet the
		// target. With titles read as lines (docs/editors.md, "Titles
		// read against the examples"), tuning 1.000 and 0.833 (15 of
		// 18): its floor is one label under that; the held-out floor is
		// left for the held-out figures.
		{paraphrase3Dir, []sweepFloor{{"heldout", 0.9, 0.65}, {"tune", 0.9, 0.77}}},
		// Batch 4, read once on 2026-12-05 with titles read as lines
		// (docs/editors.md, "A fourth batch"): held out 1.000 and 0.800
		// (16 of 20), tuning 1.000 and 0.889 (16 of 18). Floors one label
		// under.
		{paraphrase4Dir, []sweepFloor{{"heldout", 0.9, 0.75}, {"tune", 0.9, 0.83}}},
	} {
		f := engineFinder(t, loadWithRewordedFrom(t, b.dir))
		all := readLabels(t, b.dir+"/labels.jsonl")
		for _, fl := range b.floor {
			checkSweep(t, f, all, b.dir, fl)
		}
	}
}

// sweepFloor is the least precision and recall at the default threshold
// on one half of a labelled set.
type sweepFloor struct {
	split                string
	minPrecision, minRec float64
}

func checkSweep(t *testing.T, f *Finder, all []Label, dir string, fl sweepFloor) {
	t.Helper()
	labels, err := Split(all, fl.split)
	if err != nil {
		t.Fatal(err)
	}
	rows := f.Sweep(labels, []float64{0.3, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7, DefaultThreshold})
	if *sweepVerbose {
		for _, r := range rows {
			t.Logf("%s %s t=%.2f tp=%d fp=%d fn=%d precision=%.3f recall=%.3f", dir, fl.split, r.Threshold, r.TP, r.FP, r.FN, r.Precision, r.Recall)
		}
	}
	def := rows[len(rows)-1]
	if def.Precision < fl.minPrecision || def.Recall < fl.minRec {
		t.Errorf("%s %s: precision %.3f recall %.3f at the default threshold %.2f; want ≥ %.2f and ≥ %.2f",
			dir, fl.split, def.Precision, def.Recall, DefaultThreshold, fl.minPrecision, fl.minRec)
	}
}

// TestDraftCheckFindsRewording checks that the draft check ranks a
// reworded entry's original first through the same channel.
func TestDraftCheckFindsRewording(t *testing.T) {
	c, err := corpus.LoadDefault()
	if err != nil {
		t.Fatal(err)
	}
	f := engineFinder(t, c)
	ms, err := f.Check(context.Background(), "ランサムウェアの危険性と対策について知りたい\nバックアップを取り、感染したらネットワークから切り離す。身代金は払わない。", 3)
	if err != nil || len(ms) == 0 {
		t.Fatalf("Check = %v, %v", ms, err)
	}
	if ms[0].Entry.Title != "ランサムウェアの危険性及び対策を教えてほしい" {
		t.Errorf("first match %q, want the original FAQ entry", ms[0].Entry.Title)
	}
	if ms[0].Paraphrase == 0 {
		t.Errorf("first match has no paraphrase score: %+v", ms[0].Scores)
	}
}
