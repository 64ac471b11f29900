package eval_test

import (
	"context"
	"flag"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/soudan-desk/soudan/corpus"
	"github.com/soudan-desk/soudan/eval"
)

var update = flag.Bool("update", false, "update golden files")

// entry builds a corpus entry: "title / path1 / path2".
func entry(id, spec string, orgs ...string) *corpus.Entry {
	parts := strings.Split(spec, " / ")
	e := &corpus.Entry{ID: id, Kind: corpus.KindFAQ, Title: parts[0], Path: parts[1:]}
	for _, o := range orgs {
		e.Referrals = append(e.Referrals, corpus.Referral{Action: corpus.ActionConsult, Org: o})
	}
	return e
}

// fixedRanker answers each query id with the listed entry ids and orgs.
type fixedRanker struct {
	entries map[string]*corpus.Entry
	ranks   map[string][]string // query id → entry ids
	orgs    map[string][]string // query id → orgs
	calls   int
}

func newFixedRanker(entries []*corpus.Entry) *fixedRanker {
	r := &fixedRanker{entries: map[string]*corpus.Entry{}, ranks: map[string][]string{}, orgs: map[string][]string{}}
	for _, e := range entries {
		r.entries[e.ID] = e
	}
	return r
}

func (r *fixedRanker) Rank(ctx context.Context, q *eval.Query, k int) (*eval.Ranking, error) {
	r.calls++
	rk := &eval.Ranking{Orgs: r.orgs[q.ID]}
	for i, id := range r.ranks[q.ID] {
		if i == k {
			break
		}
		e, ok := r.entries[id]
		if !ok {
			return nil, fmt.Errorf("fixedRanker: no entry %q", id)
		}
		rk.Hits = append(rk.Hits, eval.Hit{ID: e.ID, Kind: string(e.Kind), Title: e.Title, Path: e.Path, Score: float64(100 - i)})
	}
	return rk, nil
}

func mustParseSuite(t testing.TB, jsonl string) *eval.Suite {
	t.Helper()
	s, err := eval.ParseSuite(strings.NewReader(jsonl), "test.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func mustEvaluate(t testing.TB, s *eval.Suite, rk eval.Ranker, entries []*corpus.Entry, opt eval.Options) *eval.Run {
	t.Helper()
	run, err := eval.Evaluate(context.Background(), s, rk, entries, opt)
	if err != nil {
		t.Fatal(err)
	}
	return run
}

var fixedTime = time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
