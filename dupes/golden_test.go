package dupes

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"testing"

	"github.com/soudan-desk/soudan/corpus"
	"github.com/soudan-desk/soudan/index"
	"github.com/soudan-desk/soudan/internal/synth"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// TestPairsGolden pins every kept pair (similarity ≥ MinScore), every
// score and the statistics of the finder with the paraphrase channel, as
// `soudan dupes` builds it, over 3,000 synthetic entries (copies and
// containments) and over the seed manual with the reworded entries
// (paraphrases): work that only makes the finder faster must leave
// testdata/pairs.golden unchanged. Rewrite it with -update only for a
// change meant to change the scores.
func TestPairsGolden(t *testing.T) {
	es, _ := synth.Entries(3000, 7)
	var buf bytes.Buffer
	for _, c := range []*corpus.Corpus{corpus.FromEntries("synthetic.txt", es), loadWithReworded(t)} {
		f, err := New(context.Background(), c.Entries, Options{Words: index.Default().TermsOnce})
		if err != nil {
			t.Fatal(err)
		}
		st, _ := json.Marshal(f.Stats())
		fmt.Fprintf(&buf, "%s\n", st)
		for _, p := range f.pairs {
			s, _ := json.Marshal(p.s)
			fmt.Fprintf(&buf, "%s %s %s\n", f.docs[p.i].e.ID, f.docs[p.j].e.ID, s)
		}
	}
	const golden = "testdata/pairs.golden"
	if *update {
		if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if got := buf.Bytes(); !bytes.Equal(got, want) {
		gl, wl := bytes.Split(got, []byte("\n")), bytes.Split(want, []byte("\n"))
		for i := range min(len(gl), len(wl)) {
			if !bytes.Equal(gl[i], wl[i]) {
				t.Fatalf("line %d differs (%d lines, want %d):\n got %s\nwant %s", i+1, len(gl), len(wl), gl[i], wl[i])
			}
		}
		t.Fatalf("%d lines, want %d", len(gl), len(wl))
	}
}

// TestScoreFloorIsExact checks the bounds scorePair prunes with: every
// pair that scores the floor or more with every signal computed gets the
// same scores when the floor lets it prune, and every other pair still
// scores below the floor. The pairs: every candidate pair of the
// synthetic corpus and of the seed manual with the reworded entries, and
// every pair of the latter's first 300 entries.
func TestScoreFloorIsExact(t *testing.T) {
	es, _ := synth.Entries(2000, 7)
	for _, c := range []*corpus.Corpus{corpus.FromEntries("synthetic.txt", es), loadWithReworded(t)} {
		f, err := New(context.Background(), c.Entries, Options{Words: index.Default().TermsOnce})
		if err != nil {
			t.Fatal(err)
		}
		pairs := f.candidates()
		for i := range min(300, len(f.docs)) {
			for j := range i {
				pairs = append(pairs, pairKey(int32(i), int32(j)))
			}
		}
		kept := 0
		for _, floor := range []float64{f.opts.MinScore, DefaultThreshold} {
			for _, p := range pairs {
				a, b := &f.docs[p>>32], &f.docs[p&0xffffffff]
				exact, got := f.score(a, b, 0), f.score(a, b, floor)
				if exact.Similarity >= floor {
					kept++
					ej, _ := json.Marshal(exact)
					if gj, _ := json.Marshal(got); !bytes.Equal(ej, gj) {
						t.Fatalf("floor %v: %s × %s scores %s, %s with every signal", floor, a.e.ID, b.e.ID, gj, ej)
					}
				} else if got.Similarity >= floor {
					t.Fatalf("floor %v: %s × %s scores %v, %v with every signal", floor, a.e.ID, b.e.ID, got.Similarity, exact.Similarity)
				}
			}
		}
		t.Logf("%d entries: %d pairs, %d at a floor or more", len(f.docs), len(pairs), kept)
	}
}
