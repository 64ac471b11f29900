package eval

import (
	"context"
	"errors"

	"github.com/soudan-desk/soudan/api"
	"github.com/soudan-desk/soudan/corpus"
	"github.com/soudan-desk/soudan/retrieval"
)

// Hit is one ranked entry as the evaluation sees it.
type Hit struct {
	ID    string   `json:"id"`
	Kind  string   `json:"kind"`
	Title string   `json:"title"`
	Path  []string `json:"path"`
	Score float64  `json:"score"`
	// Orgs are the organisations the entry itself names (for
	// card_precision).
	Orgs []string `json:"-"`
	// Features are the engine's re-ranking features of the hit (in
	// process only; retrieval.RerankFeatureNames), for scripts/fit-rerank.py.
	Features []float64 `json:"features,omitempty"`
}

// Card is a referral card of a response.
type Card struct {
	Action string   `json:"action"`
	Org    string   `json:"org"`
	From   []string `json:"from,omitempty"` // ids of the results that name it
}

// Ranking is a ranker's answer to one query.
type Ranking struct {
	Hits []Hit
	// Orgs are the organisations of the response's referral cards, in the
	// response's order.
	Orgs []string
	// Cards are the response's referral cards.
	Cards []Card
	// Confidence is the response's confidence (high, low, none); "" when
	// the ranker does not tell.
	Confidence string
	// Signals are the evidence behind Confidence (in process only).
	Signals *retrieval.ConfidenceSignals
	// Degraded is true when the ranker answered without one of its signals.
	Degraded bool
}

// addCard appends a card and its organisation.
func (rk *Ranking) addCard(c Card) {
	rk.Cards = append(rk.Cards, c)
	rk.Orgs = append(rk.Orgs, c.Org)
}

// Ranker answers an evaluation query with at most k ranked entries, best
// first. Most rankers look at q.Text only; q.ID lets a ranker replay
// recorded rankings. Rank is called from one goroutine at a time and should
// be deterministic for a fixed corpus and configuration; an error aborts the
// evaluation.
type Ranker interface {
	Rank(ctx context.Context, q *Query, k int) (*Ranking, error)
}

// RankerFunc adapts a function to [Ranker].
type RankerFunc func(ctx context.Context, q *Query, k int) (*Ranking, error)

// Rank calls f.
func (f RankerFunc) Rank(ctx context.Context, q *Query, k int) (*Ranking, error) {
	return f(ctx, q, k)
}

// NewEngineRanker returns a ranker that searches s in process: the same
// [api.Searcher] the server answers from, so the in-process and --url
// targets rank through one interface.
func NewEngineRanker(s api.Searcher) Ranker { return engineRanker{s} }

type engineRanker struct{ s api.Searcher }

func (r engineRanker) Rank(ctx context.Context, q *Query, k int) (*Ranking, error) {
	resp, err := r.s.Search(ctx, retrieval.Query{Text: q.Text, K: k})
	if err != nil {
		return nil, err
	}
	if resp == nil {
		return nil, errors.New("engine returned no response")
	}
	return rankingFromResponse(resp), nil
}

func rankingFromResponse(resp *retrieval.Response) *Ranking {
	rk := &Ranking{Degraded: resp.Degraded, Confidence: string(resp.Confidence)}
	if resp.Signals.Signals > 0 {
		sig := resp.Signals
		rk.Signals = &sig
	}
	for _, res := range resp.Results {
		if res.Entry == nil {
			continue
		}
		h := hitFromEntry(res.Entry, res.Score)
		h.Features = res.Features
		rk.Hits = append(rk.Hits, h)
	}
	for _, ref := range resp.Referrals {
		rk.addCard(Card{Action: string(ref.Action), Org: ref.Org, From: ref.From})
	}
	return rk
}

func hitFromEntry(e *corpus.Entry, score float64) Hit {
	h := Hit{ID: e.ID, Kind: string(e.Kind), Title: e.Title, Path: e.Path, Score: score}
	for _, r := range e.Referrals {
		h.Orgs = append(h.Orgs, r.Org)
	}
	return h
}
