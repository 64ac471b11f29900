package eval

import (
	"context"
	"errors"
	"fmt"

	"github.com/soudan-desk/soudan/corpus"
	"github.com/soudan-desk/soudan/retrieval"
)

// Defaults of [Options].
const (
	DefaultK     = 10
	DefaultGateK = 5
)

// Options tune [Evaluate].
type Options struct {
	// K is the number of results asked for each query (DefaultK when 0).
	// Metrics at a deeper cutoff see only K results.
	K int
	// GateK is the cutoff of a query's pass/fail: it passes when a relevant
	// result ranks within GateK (DefaultGateK when 0). It must not exceed K.
	GateK int
}

func (o *Options) validate() error {
	if o.K == 0 {
		o.K = DefaultK
	}
	if o.GateK == 0 {
		o.GateK = DefaultGateK
	}
	if o.K < 1 {
		return fmt.Errorf("k must be at least 1, got %d", o.K)
	}
	if o.GateK < 1 || o.GateK > o.K {
		return fmt.Errorf("gate k must be between 1 and k (%d), got %d", o.K, o.GateK)
	}
	return nil
}

// RankedHit is a ranked entry with its judgement.
type RankedHit struct {
	Hit
	Relevant bool `json:"relevant"`
}

// QueryResult is the outcome of one query.
type QueryResult struct {
	ID    string   `json:"id"`
	Query string   `json:"query"`
	Tags  []string `json:"tags,omitempty"`
	// Covered is false for an uncovered call (no expected entry), which
	// counts in the confidence metrics only.
	Covered bool `json:"covered"`
	// Confidence is the ranker's confidence ("" when it tells none), and
	// ExpectedConfidence the suite's.
	Confidence         string `json:"confidence,omitempty"`
	ExpectedConfidence string `json:"expected_confidence,omitempty"`
	// Signals are the evidence the ranker classified Confidence from (in
	// process only): what thresholds are read off.
	Signals *retrieval.ConfidenceSignals `json:"signals,omitempty"`
	// Cards counts the referral cards shown, PreciseCards those that a
	// relevant result in the list names (card_precision).
	Cards        int      `json:"cards"`
	PreciseCards int      `json:"precise_cards"`
	CardOrgs     []string `json:"card_orgs,omitempty"`
	// FirstRelevant is the 1-based rank of the first relevant result, 0
	// when none is in the top K.
	FirstRelevant int `json:"first_relevant"`
	// Pass is true when FirstRelevant is between 1 and the gate cutoff; for
	// an uncovered call, when it was answered none.
	Pass bool `json:"pass"`
	// Relevant is R: the number of relevant entries (see the package doc).
	Relevant int `json:"relevant"`
	// Metrics holds the query's value of each metric; referral_recall is
	// absent when the query names no referral.
	Metrics          map[string]float64 `json:"metrics"`
	Top              []RankedHit        `json:"top"`
	Orgs             []string           `json:"orgs,omitempty"`
	MissingReferrals []string           `json:"missing_referrals,omitempty"`
	Degraded         bool               `json:"degraded,omitempty"`
}

// TagSummary is the summary of the queries that carry one tag.
type TagSummary struct {
	Tag     string             `json:"tag"`
	Counts  Counts             `json:"counts"`
	Metrics map[string]float64 `json:"metrics"`
}

// Run is the outcome of one evaluation of a suite.
type Run struct {
	Provenance Provenance `json:"provenance"`
	K          int        `json:"k"`
	GateK      int        `json:"gate_k"`
	// Summary holds the mean of every metric over the suite, keyed by the
	// names in [Metrics].
	Summary map[string]float64 `json:"summary"`
	Counts  Counts             `json:"counts"`
	// Calibration tells, per confidence level, how often the first result
	// was right; empty when the ranker tells no confidence.
	Calibration []CalibrationRow `json:"calibration,omitempty"`
	PerTag      []TagSummary     `json:"per_tag"`
	PerQuery    []*QueryResult   `json:"per_query"`
}

// Result returns the result of the query with id, or nil.
func (r *Run) Result(id string) *QueryResult {
	for _, q := range r.PerQuery {
		if q.ID == id {
			return q
		}
	}
	return nil
}

// Failures returns the queries that did not pass, in suite order.
func (r *Run) Failures() []*QueryResult {
	var out []*QueryResult
	for _, q := range r.PerQuery {
		if !q.Pass {
			out = append(out, q)
		}
	}
	return out
}

// Evaluate runs every query of s through rk and scores the rankings.
// entries is the corpus entry list: it gives R, the number of relevant
// entries of each query, for ndcg@10 and recall@10. The returned run has an
// empty Provenance for the caller to fill.
func Evaluate(ctx context.Context, s *Suite, rk Ranker, entries []*corpus.Entry, opt Options) (*Run, error) {
	if err := opt.validate(); err != nil {
		return nil, err
	}
	if s == nil || len(s.Queries) == 0 {
		return nil, errors.New("empty suite")
	}
	run := &Run{K: opt.K, GateK: opt.GateK}
	folded := foldEntries(entries)
	for _, q := range s.Queries {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		ranking, err := rk.Rank(ctx, q, opt.K)
		if err != nil {
			return nil, fmt.Errorf("query %s: %w", q.ID, err)
		}
		run.PerQuery = append(run.PerQuery, scoreRanking(q, ranking, folded, opt))
	}
	run.summarize(s.Tags())
	return run, nil
}

// scoreRanking judges one ranking.
func scoreRanking(q *Query, rk *Ranking, entries *foldedEntries, opt Options) *QueryResult {
	j := newJudge(q)
	relIDs := j.relevantIDs(entries)
	res := &QueryResult{ID: q.ID, Query: q.Text, Tags: q.Tags, Degraded: rk.Degraded, Orgs: rk.Orgs,
		Covered: q.Covered(), Confidence: rk.Confidence, ExpectedConfidence: q.Confidence, Signals: rk.Signals}
	seen := map[string]bool{}
	var rel []bool
	for _, h := range rk.Hits {
		if seen[h.ID] || len(res.Top) == opt.K {
			continue
		}
		seen[h.ID] = true
		r := j.relevant(h.ID, h.Title, h.Path)
		if r {
			relIDs[h.ID] = true
		}
		rel = append(rel, r)
		res.Top = append(res.Top, RankedHit{Hit: h, Relevant: r})
	}
	res.FirstRelevant = firstRelevant(rel)
	res.Metrics = map[string]float64{}
	if res.Covered {
		res.Relevant = len(relIDs)
		res.Metrics = scoreQuery(rel, res.Relevant)
		res.Pass = res.FirstRelevant > 0 && res.FirstRelevant <= opt.GateK
		if rr, missing, ok := j.referralRecall(rk.Orgs); ok {
			res.Metrics[ReferralRecall] = rr
			res.MissingReferrals = missing
		}
	} else {
		res.Pass = rk.Confidence == "none"
	}
	res.Cards, res.PreciseCards = len(rk.Cards), preciseCards(rk.Cards, res.Top)
	for _, c := range rk.Cards {
		res.CardOrgs = append(res.CardOrgs, c.Org)
	}
	scoreConfidence(res.Metrics, res.Covered, rk.Confidence, res.FirstRelevant == 1, res.Cards, res.PreciseCards)
	return res
}

// preciseCards counts the cards that a relevant result in top names: a
// card comes from a relevant result (From), or a relevant result's own
// referrals name its organisation.
func preciseCards(cards []Card, top []RankedHit) int {
	relevant := map[string]bool{}
	orgs := map[string]bool{}
	for _, h := range top {
		if h.Relevant {
			relevant[h.ID] = true
			for _, o := range h.Orgs {
				orgs[o] = true
			}
		}
	}
	n := 0
	for _, c := range cards {
		ok := orgs[c.Org]
		for _, id := range c.From {
			ok = ok || relevant[id]
		}
		if ok {
			n++
		}
	}
	return n
}

// CalibrationRow tells how one confidence level fared.
type CalibrationRow struct {
	Confidence string `json:"confidence"`
	// Queries answered at this level, of which Uncovered are calls the
	// manual does not cover.
	Queries   int `json:"queries"`
	Uncovered int `json:"uncovered"`
	// Rank1Right counts the answers whose first result is relevant.
	Rank1Right int `json:"rank1_right"`
}

// calibrate builds the calibration table of qs, high, low and none in turn;
// nil when no query has a confidence.
func calibrate(qs []*QueryResult) []CalibrationRow {
	rows := []CalibrationRow{{Confidence: "high"}, {Confidence: "low"}, {Confidence: "none"}}
	seen := false
	for _, q := range qs {
		for i := range rows {
			if rows[i].Confidence != q.Confidence {
				continue
			}
			seen = true
			rows[i].Queries++
			if !q.Covered {
				rows[i].Uncovered++
			} else if q.FirstRelevant == 1 {
				rows[i].Rank1Right++
			}
		}
	}
	if !seen {
		return nil
	}
	return rows
}

// summarize fills the suite and per-tag summaries from PerQuery.
func (r *Run) summarize(tags []string) {
	r.Counts, r.Summary = summarize(r.PerQuery)
	r.Calibration = calibrate(r.PerQuery)
	r.PerTag = nil
	for _, t := range tags {
		var qs []*QueryResult
		for _, q := range r.PerQuery {
			for _, qt := range q.Tags {
				if qt == t {
					qs = append(qs, q)
					break
				}
			}
		}
		c, m := summarize(qs)
		r.PerTag = append(r.PerTag, TagSummary{Tag: t, Counts: c, Metrics: m})
	}
}
