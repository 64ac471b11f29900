package eval

import (
	"fmt"
	"math"
	"slices"
	"strings"
)

// Metric names, as used in flags, JSON and reports.
const (
	Hit1           = "hit@1"
	Hit3           = "hit@3"
	Hit5           = "hit@5"
	Hit10          = "hit@10"
	MRR10          = "mrr@10"
	NDCG10         = "ndcg@10"
	Recall10       = "recall@10"
	ReferralRecall = "referral_recall"
	// The referral cards' metrics (see the package doc).
	CardPrecision = "card_precision"
	CardsPerQuery = "cards_per_query"
	// The confidence metrics.
	NoneRecall    = "none_recall"
	FalseNone     = "false_none"
	HighPrecision = "high_precision"
	HighCoverage  = "high_coverage"
)

// rankingMetrics are the metrics of the ranking itself, defined on
// covered calls.
var rankingMetrics = []string{Hit1, Hit3, Hit5, Hit10, MRR10, NDCG10, Recall10, ReferralRecall}

// Metrics lists every metric name in report order.
var Metrics = append(slices.Clone(rankingMetrics), CardPrecision, CardsPerQuery, NoneRecall, FalseNone, HighPrecision, HighCoverage)

// cutoff is the depth of mrr, ndcg and recall.
const cutoff = 10

// ParseMetric checks that name is a metric name.
func ParseMetric(name string) (string, error) {
	for _, m := range Metrics {
		if m == name {
			return m, nil
		}
	}
	return "", fmt.Errorf("unknown metric %q (want one of %s)", name, strings.Join(Metrics, " "))
}

// scoreQuery returns the metrics of one query. rel[i] tells whether the
// result at rank i+1 is relevant; nRel is R, the number of relevant entries.
func scoreQuery(rel []bool, nRel int) map[string]float64 {
	m := map[string]float64{
		Hit1:  hitAt(rel, 1),
		Hit3:  hitAt(rel, 3),
		Hit5:  hitAt(rel, 5),
		Hit10: hitAt(rel, 10),
	}
	m[MRR10] = reciprocalRank(rel, cutoff)
	m[NDCG10] = ndcg(rel, nRel, cutoff)
	m[Recall10] = recall(rel, nRel, cutoff)
	return m
}

// firstRelevant returns the 1-based rank of the first relevant result, or 0.
func firstRelevant(rel []bool) int {
	for i, r := range rel {
		if r {
			return i + 1
		}
	}
	return 0
}

func hitAt(rel []bool, k int) float64 {
	if r := firstRelevant(rel); r > 0 && r <= k {
		return 1
	}
	return 0
}

func reciprocalRank(rel []bool, k int) float64 {
	if r := firstRelevant(rel); r > 0 && r <= k {
		return 1 / float64(r)
	}
	return 0
}

func ndcg(rel []bool, nRel, k int) float64 {
	if nRel <= 0 {
		return 0
	}
	var dcg, idcg float64
	for i := 0; i < k && i < len(rel); i++ {
		if rel[i] {
			dcg += 1 / math.Log2(float64(i+2))
		}
	}
	for i := 0; i < k && i < nRel; i++ {
		idcg += 1 / math.Log2(float64(i+2))
	}
	return dcg / idcg
}

func recall(rel []bool, nRel, k int) float64 {
	if nRel <= 0 {
		return 0
	}
	n := 0
	for i := 0; i < k && i < len(rel); i++ {
		if rel[i] {
			n++
		}
	}
	return float64(n) / float64(nRel)
}

// scoreConfidence adds the per-query values of the confidence and card
// metrics to m. Each is defined on the queries it is averaged over:
// none_recall on uncovered calls, false_none and high_coverage on covered
// ones, high_precision on queries answered high, cards_per_query on
// covered queries, and card_precision (per query: precise/shown) on
// queries that show cards. The summary's card_precision pools the cards
// of all queries instead (see [summarize]).
func scoreConfidence(m map[string]float64, covered bool, confidence string, rank1 bool, cards, precise int) {
	b := func(v bool) float64 {
		if v {
			return 1
		}
		return 0
	}
	if confidence != "" {
		if covered {
			m[FalseNone] = b(confidence == "none")
			m[HighCoverage] = b(confidence == "high")
		} else {
			m[NoneRecall] = b(confidence == "none")
		}
		if confidence == "high" {
			m[HighPrecision] = b(covered && rank1)
		}
	}
	if covered {
		m[CardsPerQuery] = float64(cards)
	}
	if cards > 0 {
		m[CardPrecision] = float64(precise) / float64(cards)
	}
}

// Counts counts the queries behind a summary.
type Counts struct {
	Queries int `json:"queries"`
	// Uncovered counts the calls the manual does not cover: they count in
	// the confidence metrics only.
	Uncovered int `json:"uncovered"`
	// ReferralQueries counts the queries that name referrals: those
	// referral_recall is averaged over.
	ReferralQueries int `json:"referral_queries"`
	// Passed counts the queries with a relevant result within the gate
	// cutoff (uncovered calls: answered none).
	Passed int `json:"passed"`
	// Degraded counts the queries the ranker answered without one of its
	// signals.
	Degraded int `json:"degraded"`
	// Cards counts the referral cards shown, PreciseCards those that a
	// relevant result names.
	Cards        int `json:"cards"`
	PreciseCards int `json:"precise_cards"`
	// N counts, per metric, the queries the metric is averaged over.
	N map[string]int `json:"n,omitempty"`
}

// Defined reports whether metric has a value: some query defines it
// (card_precision: some card was shown).
func (c Counts) Defined(metric string) bool {
	if c.N == nil { // a report written before N existed
		if metric == ReferralRecall {
			return c.ReferralQueries > 0
		}
		return c.Queries > 0 && slices.Contains(rankingMetrics, metric)
	}
	if metric == CardPrecision {
		return c.Cards > 0
	}
	return c.N[metric] > 0
}

// summarize averages the per-query metrics of qs over the queries that
// define each; card_precision pools the cards of all queries. An undefined
// mean is 0.
func summarize(qs []*QueryResult) (Counts, map[string]float64) {
	c := Counts{N: map[string]int{}}
	sums := map[string]float64{}
	for _, q := range qs {
		c.Queries++
		if !q.Covered {
			c.Uncovered++
		}
		if _, ok := q.Metrics[ReferralRecall]; ok {
			c.ReferralQueries++
		}
		if q.Pass {
			c.Passed++
		}
		if q.Degraded {
			c.Degraded++
		}
		c.Cards += q.Cards
		c.PreciseCards += q.PreciseCards
		for k, v := range q.Metrics {
			sums[k] += v
			c.N[k]++
		}
	}
	means := make(map[string]float64, len(Metrics))
	for _, m := range Metrics {
		means[m] = 0
		if n := c.N[m]; n > 0 {
			means[m] = sums[m] / float64(n)
		}
	}
	if c.Cards > 0 {
		means[CardPrecision] = float64(c.PreciseCards) / float64(c.Cards)
	}
	return c, means
}
