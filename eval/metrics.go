package eval

import (
	"fmt"
	"math"
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
)

// Metrics lists every metric name in report order.
var Metrics = []string{Hit1, Hit3, Hit5, Hit10, MRR10, NDCG10, Recall10, ReferralRecall}

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

// Counts counts the queries behind a summary.
type Counts struct {
	Queries int `json:"queries"`
	// ReferralQueries counts the queries that name referrals: those
	// referral_recall is averaged over.
	ReferralQueries int `json:"referral_queries"`
	// Passed counts the queries with a relevant result within the gate
	// cutoff.
	Passed int `json:"passed"`
	// Degraded counts the queries the ranker answered without one of its
	// signals.
	Degraded int `json:"degraded"`
}

// Defined reports whether metric has a value: every metric needs a query,
// and referral_recall a query that names referrals.
func (c Counts) Defined(metric string) bool {
	if metric == ReferralRecall {
		return c.ReferralQueries > 0
	}
	return c.Queries > 0
}

// summarize averages the per-query metrics of qs. An undefined mean is 0.
func summarize(qs []*QueryResult) (Counts, map[string]float64) {
	var c Counts
	sums := map[string]float64{}
	for _, q := range qs {
		c.Queries++
		if _, ok := q.Metrics[ReferralRecall]; ok {
			c.ReferralQueries++
		}
		if q.Pass {
			c.Passed++
		}
		if q.Degraded {
			c.Degraded++
		}
		for k, v := range q.Metrics {
			sums[k] += v
		}
	}
	means := make(map[string]float64, len(Metrics))
	for _, m := range Metrics {
		n := c.Queries
		if m == ReferralRecall {
			n = c.ReferralQueries
		}
		means[m] = 0
		if n > 0 {
			means[m] = sums[m] / float64(n)
		}
	}
	return c, means
}
