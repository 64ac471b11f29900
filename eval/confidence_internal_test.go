package eval

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

// Four hand-made queries: two covered, two uncovered.
//
//	c1 covered, high, rank 1 right, 2 cards (1 from a relevant result)
//	c2 covered, none, rank 3 right, 0 cards
//	u1 uncovered, none, 0 cards
//	u2 uncovered, high, 1 card (no relevant result can name it)
//
// card_precision = 1/3 (pooled), cards_per_query = (2+0)/2 = 1,
// none_recall = 1/2, false_none = 1/2, high_precision = 1/2 (c1 right,
// u2 wrong), high_coverage = 1/2.
func TestConfidenceMetricsHandComputed(t *testing.T) {
	q := func(id string, expect []string) *Query {
		qq := &Query{ID: id, Text: id, Expect: expect}
		if len(expect) == 0 {
			qq.Confidence = "none"
		}
		return qq
	}
	entries := foldEntries(nil)
	opt := Options{K: 10, GateK: 5}
	hit := func(id, title string, orgs ...string) Hit { return Hit{ID: id, Title: title, Orgs: orgs} }
	results := []*QueryResult{
		scoreRanking(q("c1", []string{"ランサムウェア"}), &Ranking{Confidence: "high",
			Hits:  []Hit{hit("e1", "ランサムウェア標準回答", "警察"), hit("e2", "偽警告")},
			Cards: []Card{{Org: "警察", From: []string{"e1"}}, {Org: "消費者ホットライン", From: []string{"e2"}}}}, entries, opt),
		scoreRanking(q("c2", []string{"ランサムウェア"}), &Ranking{Confidence: "none",
			Hits: []Hit{hit("e2", "偽警告"), hit("e3", "請求"), hit("e1", "ランサムウェア標準回答")}}, entries, opt),
		scoreRanking(q("u1", nil), &Ranking{Confidence: "none", Hits: []Hit{hit("e2", "偽警告")}}, entries, opt),
		scoreRanking(q("u2", nil), &Ranking{Confidence: "high", Hits: []Hit{hit("e1", "ランサムウェア標準回答")},
			Cards: []Card{{Org: "警察", From: []string{"e1"}}}}, entries, opt),
	}
	c, m := summarize(results)
	want := map[string]float64{
		CardPrecision: 1.0 / 3, CardsPerQuery: 1, NoneRecall: 0.5, FalseNone: 0.5, HighPrecision: 0.5, HighCoverage: 0.5,
		Hit1: 0.5, Hit3: 1, MRR10: (1 + 1.0/3) / 2,
	}
	for k, v := range want {
		if !near(m[k], v) {
			t.Errorf("%s = %v, want %v", k, m[k], v)
		}
	}
	if c.Queries != 4 || c.Uncovered != 2 || c.Cards != 3 || c.PreciseCards != 1 || c.N[Hit1] != 2 {
		t.Errorf("counts = %+v", c)
	}
	// Uncovered calls pass when answered none; they have no ranking metric.
	if !results[2].Pass || results[3].Pass {
		t.Errorf("uncovered pass = %v, %v; want true, false", results[2].Pass, results[3].Pass)
	}
	if _, ok := results[2].Metrics[Hit1]; ok {
		t.Error("an uncovered call has hit@1")
	}
	cal := calibrate(results)
	wantCal := []CalibrationRow{
		{Confidence: "high", Queries: 2, Uncovered: 1, Rank1Right: 1},
		{Confidence: "low"},
		{Confidence: "none", Queries: 2, Uncovered: 1, Rank1Right: 0},
	}
	if !reflect.DeepEqual(cal, wantCal) {
		t.Errorf("calibration = %+v, want %+v", cal, wantCal)
	}
	if calibrate([]*QueryResult{{Covered: true}}) != nil {
		t.Error("calibration without confidence is not nil")
	}
}

func near(a, b float64) bool { d := a - b; return d < 1e-12 && d > -1e-12 }

// A card is precise when a relevant result names its organisation, even if
// the card came from another result.
func TestPreciseCards(t *testing.T) {
	top := []RankedHit{
		{Hit: Hit{ID: "a", Orgs: []string{"警察"}}, Relevant: false},
		{Hit: Hit{ID: "b", Orgs: []string{"IPA"}}, Relevant: true},
	}
	cards := []Card{
		{Org: "警察", From: []string{"a"}},       // an irrelevant result's
		{Org: "IPA", From: []string{"a"}},      // named by relevant b
		{Org: "当窓口", From: []string{"a", "b"}}, // from relevant b (its section)
	}
	if got := preciseCards(cards, top); got != 2 {
		t.Errorf("preciseCards = %d, want 2", got)
	}
}

func TestGateMax(t *testing.T) {
	run := &Run{Summary: map[string]float64{CardsPerQuery: 3.5, FalseNone: 0.02},
		Counts: Counts{Queries: 10, N: map[string]int{CardsPerQuery: 10, FalseNone: 10}}}
	var max Thresholds
	for _, s := range []string{"cards_per_query=3", "false_none=0.05", "none_recall=0.1"} {
		if err := max.Set(s); err != nil {
			t.Fatal(err)
		}
	}
	err := Gate(run, Gates{Max: max}, nil)
	var ge *GateError
	if !errors.As(err, &ge) || len(ge.Failures) != 2 {
		t.Fatalf("error = %v, want two failures", err)
	}
	if !strings.HasPrefix(ge.Failures[0], "cards_per_query = 3.5000 > max 3.0000") || !strings.HasPrefix(ge.Failures[1], "none_recall is undefined") {
		t.Errorf("failures = %q", ge.Failures)
	}
}

// SHA-1 of the ids (hex): d01 …d (odd: held out), d02 …e, c001 …e, u1 …0.
func TestSplit(t *testing.T) {
	s := &Suite{Name: "s", Queries: []*Query{{ID: "d01"}, {ID: "d02"}, {ID: "c001"}, {ID: "u1"}}}
	ids := func(s *Suite) (out []string) {
		for _, q := range s.Queries {
			out = append(out, q.ID)
		}
		return out
	}
	for split, want := range map[string][]string{SplitHeldOut: {"d01"}, SplitTune: {"d02", "c001", "u1"}, SplitAll: {"d01", "d02", "c001", "u1"}} {
		got, err := s.Split(split)
		if err != nil || !reflect.DeepEqual(ids(got), want) {
			t.Errorf("Split(%s) = %v, %v; want %v", split, ids(got), err, want)
		}
	}
	if _, err := s.Split("half"); err == nil {
		t.Error("unknown split accepted")
	}
	if _, err := (&Suite{Queries: []*Query{{ID: "d02"}}}).Split(SplitHeldOut); err == nil {
		t.Error("empty held-out half accepted")
	}
}
