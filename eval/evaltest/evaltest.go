// Package evaltest runs ranking regressions as golden-file tests, in the
// manner of zoekt's internal/e2e/e2e_rank_test.go, against any
// [eval.Ranker]: the real engine through [eval.NewEngineRanker] or the
// deterministic [NewBigramRanker] fake.
//
// A test wires it like this:
//
//	var update = flag.Bool("update", false, "update golden files")
//
//	func TestRanking(t *testing.T) {
//		evaltest.RankGolden(t, ranker, suite, entries, "testdata/rank/mine", *update)
//	}
package evaltest

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/soudan-desk/soudan/corpus"
	"github.com/soudan-desk/soudan/eval"
	"github.com/soudan-desk/soudan/internal/golden"
)

// GoldenTop is the number of results per query written to ranking golden
// files.
const GoldenTop = 5

// RankGolden evaluates s with rk against entries and compares the rankings
// with the golden files in dir: <query id>.txt per query
// ([eval.WriteQueryRanking], top GoldenTop) and summary.txt
// ([eval.WriteRankSummary]). A file in dir for a query the suite no longer
// has fails the test too. With update it rewrites dir's files and removes
// the stale ones. It returns the run for further checks.
func RankGolden(t *testing.T, rk eval.Ranker, s *eval.Suite, entries []*corpus.Entry, dir string, update bool) *eval.Run {
	t.Helper()
	run, err := eval.Evaluate(context.Background(), s, rk, entries, eval.Options{})
	if err != nil {
		t.Fatalf("evaluate: %v", err)
	}
	want := map[string]bool{SummaryFile: true}
	for _, q := range run.PerQuery {
		var buf bytes.Buffer
		if err := eval.WriteQueryRanking(&buf, q, GoldenTop); err != nil {
			t.Fatal(err)
		}
		name := q.ID + ".txt"
		want[name] = true
		CheckGolden(t, filepath.Join(dir, name), buf.Bytes(), update)
	}
	var buf bytes.Buffer
	if err := eval.WriteRankSummary(&buf, run); err != nil {
		t.Fatal(err)
	}
	CheckGolden(t, filepath.Join(dir, SummaryFile), buf.Bytes(), update)
	removeStale(t, dir, want, update)
	return run
}

// SummaryFile is the name of a ranking golden directory's summary.
const SummaryFile = "summary.txt"

// removeStale fails on (or with update, removes) the files of dir that are
// not in want.
func removeStale(t *testing.T, dir string, want map[string]bool, update bool) {
	t.Helper()
	des, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, de := range des {
		if want[de.Name()] {
			continue
		}
		path := filepath.Join(dir, de.Name())
		if !update {
			t.Errorf("%s belongs to no query of the suite (run the test with -update to remove it)", path)
			continue
		}
		if err := os.Remove(path); err != nil {
			t.Fatal(err)
		}
	}
}

// CheckGolden compares got with the file at path, or writes it when update
// is true. A mismatch reports the first differing line.
func CheckGolden(t testing.TB, path string, got []byte, update bool) {
	t.Helper()
	golden.Check(t, path, got, update)
}

// LoadEntries reads a JSON array of corpus entries, a test fixture.
func LoadEntries(t testing.TB, path string) []*corpus.Entry {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var es []*corpus.Entry
	if err := json.Unmarshal(data, &es); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return es
}

// MustLoadSuite loads a suite or fails the test.
func MustLoadSuite(t testing.TB, path string) *eval.Suite {
	t.Helper()
	s, err := eval.LoadSuite(path)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// NewBigramRanker returns a deterministic fake ranker: it scores each entry
// by the number of distinct character bigrams of the folded query that occur
// in the entry's folded title, path, keywords, examples and question lines,
// breaks ties by id, and drops entries that share no bigram. It needs no
// model and no index, so ranking tests stay fast and stable.
func NewBigramRanker(entries []*corpus.Entry) eval.Ranker {
	texts := make([]string, len(entries))
	for i, e := range entries {
		parts := append([]string{e.PathText()}, e.Keywords...)
		parts = append(parts, e.Examples...)
		parts = append(parts, e.Question...)
		texts[i] = corpus.Fold(strings.Join(parts, " "))
	}
	return eval.RankerFunc(func(ctx context.Context, q *eval.Query, k int) (*eval.Ranking, error) {
		grams := bigrams(corpus.Fold(q.Text))
		type scored struct {
			e *corpus.Entry
			s float64
		}
		var hits []scored
		for i, e := range entries {
			n := 0
			for g := range grams {
				if strings.Contains(texts[i], g) {
					n++
				}
			}
			if n > 0 {
				hits = append(hits, scored{e, float64(n)})
			}
		}
		sort.Slice(hits, func(i, j int) bool {
			if hits[i].s != hits[j].s {
				return hits[i].s > hits[j].s
			}
			return hits[i].e.ID < hits[j].e.ID
		})
		if len(hits) > k {
			hits = hits[:k]
		}
		es := make([]*corpus.Entry, len(hits))
		scores := make([]float64, len(hits))
		for i, h := range hits {
			es[i], scores[i] = h.e, h.s
		}
		return eval.RankingFromEntries(es, scores), nil
	})
}

// bigrams returns the distinct two-rune substrings of s that contain no
// space or punctuation-only pair.
func bigrams(s string) map[string]bool {
	rs := []rune(s)
	out := map[string]bool{}
	for i := 0; i+1 < len(rs); i++ {
		if isSep(rs[i]) || isSep(rs[i+1]) {
			continue
		}
		out[string(rs[i:i+2])] = true
	}
	return out
}

func isSep(r rune) bool {
	return strings.ContainsRune(" \t\n、。，．,.!?！？「」『』（）()・", r)
}
