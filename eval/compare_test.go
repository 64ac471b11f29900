package eval_test

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/soudan-desk/soudan/corpus"
	"github.com/soudan-desk/soudan/eval"
)

// runOf builds a run over the queries ids in which the only relevant entry
// ("hit", matched by "バックアップ") ranks as given (0 = not retrieved), after
// distinct misses.
func runOf(t *testing.T, ranks map[string]int, ids ...string) *eval.Run {
	t.Helper()
	entries := []*corpus.Entry{entry("hit", "バックアップ / 平時の備え")}
	for i := 0; i < 12; i++ {
		entries = append(entries, entry(fmt.Sprintf("miss%02d", i), "無関係"))
	}
	rk := newFixedRanker(entries)
	var lines []string
	for _, id := range ids {
		lines = append(lines, `{"id": "`+id+`", "query": "q `+id+`", "expect": ["バックアップ"], "referrals": []}`)
		var list []string
		if r := ranks[id]; r > 0 {
			for i := 1; i < r; i++ {
				list = append(list, fmt.Sprintf("miss%02d", i))
			}
			list = append(list, "hit")
		}
		rk.ranks[id] = list
	}
	return mustEvaluate(t, mustParseSuite(t, strings.Join(lines, "\n")), rk, entries, eval.Options{})
}

func TestCompare(t *testing.T) {
	ids := []string{"a", "b", "c", "d", "e"}
	base := runOf(t, map[string]int{"a": 1, "b": 2, "c": 7, "d": 0, "e": 3}, ids...)
	cand := runOf(t, map[string]int{"a": 1, "b": 6, "c": 2, "d": 1, "e": 3}, append(ids, "f")...)
	c := eval.Compare(base, cand, "old.json", "current")

	if c.Paired != 5 || !reflect.DeepEqual(c.OnlyCandidate, []string{"f"}) || len(c.OnlyBaseline) != 0 {
		t.Errorf("paired=%d only cand=%v only base=%v", c.Paired, c.OnlyCandidate, c.OnlyBaseline)
	}
	// Reciprocal ranks: a 1→1 tie, b 1/2→1/6 loss, c 1/7→1/2 win, d 0→1 win, e tie.
	if c.Wins != 2 || c.Ties != 2 || c.Losses != 1 {
		t.Errorf("wins/ties/losses = %d/%d/%d, want 2/2/1", c.Wins, c.Ties, c.Losses)
	}
	// hit@5: b true→false (broken); c, d false→true (fixed).
	var broken, fixed []string
	for _, q := range c.Broken {
		broken = append(broken, q.ID)
	}
	for _, q := range c.Fixed {
		fixed = append(fixed, q.ID)
	}
	if !reflect.DeepEqual(broken, []string{"b"}) || !reflect.DeepEqual(fixed, []string{"c", "d"}) {
		t.Errorf("broken=%v fixed=%v, want [b] [c d]", broken, fixed)
	}
	if b := c.Broken[0]; b.BaselineRank != 2 || b.CandidateRank != 6 {
		t.Errorf("broken b ranks %d→%d, want 2→6", b.BaselineRank, b.CandidateRank)
	}
	// Means over the five paired queries (f is left out).
	d := c.Delta(eval.Hit5)
	if !near(d.Baseline, 3.0/5) || !near(d.Candidate, 4.0/5) || !near(d.Delta, 1.0/5) || d.N != 5 {
		t.Errorf("hit@5 delta = %+v", d)
	}
	if d.P <= 0 || d.P > 1 {
		t.Errorf("hit@5 p = %v", d.P)
	}
	if d := c.Delta(eval.Hit1); d.Delta != 0.2 || d.P < 0.9 {
		// One query changed: half the sign flips keep |sum| = 1, so p ≈ 1.
		t.Errorf("hit@1 delta = %+v, want +0.2 with p ≈ 1", d)
	}
	if d := c.Delta(eval.ReferralRecall); d.N != 0 || d.P != 1 {
		t.Errorf("referral_recall delta = %+v, want no pairs", d)
	}
	if c.Permutations != eval.Permutations || c.Seed != eval.Seed {
		t.Errorf("permutations=%d seed=%d", c.Permutations, c.Seed)
	}
	// The same comparison gives the same p-values.
	if c2 := eval.Compare(base, cand, "old.json", "current"); !reflect.DeepEqual(c, c2) {
		t.Error("Compare is not deterministic")
	}
}
