package eval

import (
	"math"
	"math/rand/v2"
)

// The randomization test's fixed parameters: reports are reproducible.
const (
	Permutations = 10000
	Seed         = 1
)

// MetricDelta compares one metric of two runs over their paired queries.
type MetricDelta struct {
	Metric    string  `json:"metric"`
	Baseline  float64 `json:"baseline"`
	Candidate float64 `json:"candidate"`
	Delta     float64 `json:"delta"` // candidate − baseline
	// P is the two-sided p-value of the paired randomization test.
	P float64 `json:"p"`
	N int     `json:"n"` // paired queries that have the metric
}

// QueryChange is a query whose pass/fail changed between the runs.
type QueryChange struct {
	ID    string `json:"id"`
	Query string `json:"query"`
	// BaselineRank and CandidateRank are the ranks of the first relevant
	// result (0 = none in the top k).
	BaselineRank  int `json:"baseline_rank"`
	CandidateRank int `json:"candidate_rank"`
}

// Comparison pairs two runs query by query.
type Comparison struct {
	Baseline  string `json:"baseline"`  // what the baseline is (a file, a configuration)
	Candidate string `json:"candidate"` // what the candidate is
	Paired    int    `json:"paired"`    // queries in both runs
	// OnlyBaseline and OnlyCandidate list query ids present in one run.
	OnlyBaseline  []string      `json:"only_baseline,omitempty"`
	OnlyCandidate []string      `json:"only_candidate,omitempty"`
	Metrics       []MetricDelta `json:"metrics"`
	// Wins, Ties and Losses count the paired queries whose reciprocal rank
	// (mrr@10) went up, stayed, or went down.
	Wins   int `json:"wins"`
	Ties   int `json:"ties"`
	Losses int `json:"losses"`
	// Broken lists queries that passed in the baseline and fail in the
	// candidate; Fixed the reverse. Pass is judged at each run's gate k.
	Broken       []QueryChange `json:"broken"`
	Fixed        []QueryChange `json:"fixed"`
	Permutations int           `json:"permutations"`
	Seed         uint64        `json:"seed"`
}

// Delta returns the comparison of metric, or nil.
func (c *Comparison) Delta(metric string) *MetricDelta {
	for i := range c.Metrics {
		if c.Metrics[i].Metric == metric {
			return &c.Metrics[i]
		}
	}
	return nil
}

// Compare pairs base and cand by query id, in cand's order. The metric means
// are recomputed over the paired queries only, so they can differ from each
// run's own summary when the suites differ.
func Compare(base, cand *Run, baseName, candName string) *Comparison {
	c := &Comparison{Baseline: baseName, Candidate: candName, Permutations: Permutations, Seed: Seed}
	inCand := map[string]bool{}
	var pairs [][2]*QueryResult
	for _, q := range cand.PerQuery {
		inCand[q.ID] = true
		b := base.Result(q.ID)
		if b == nil {
			c.OnlyCandidate = append(c.OnlyCandidate, q.ID)
			continue
		}
		pairs = append(pairs, [2]*QueryResult{b, q})
	}
	for _, q := range base.PerQuery {
		if !inCand[q.ID] {
			c.OnlyBaseline = append(c.OnlyBaseline, q.ID)
		}
	}
	c.Paired = len(pairs)
	for _, m := range Metrics {
		var bs, cs []float64
		for _, p := range pairs {
			bv, bok := p[0].Metrics[m]
			cv, cok := p[1].Metrics[m]
			if bok && cok {
				bs = append(bs, bv)
				cs = append(cs, cv)
			}
		}
		d := MetricDelta{Metric: m, N: len(bs), P: 1}
		if len(bs) > 0 {
			d.Baseline, d.Candidate = mean(bs), mean(cs)
			d.Delta = d.Candidate - d.Baseline
			d.P = permutationTest(bs, cs, Permutations, Seed)
		}
		c.Metrics = append(c.Metrics, d)
	}
	for _, p := range pairs {
		b, q := p[0], p[1]
		switch br, cr := b.Metrics[MRR10], q.Metrics[MRR10]; {
		case cr > br+eps:
			c.Wins++
		case cr < br-eps:
			c.Losses++
		default:
			c.Ties++
		}
		change := QueryChange{ID: q.ID, Query: q.Query, BaselineRank: b.FirstRelevant, CandidateRank: q.FirstRelevant}
		switch {
		case b.Pass && !q.Pass:
			c.Broken = append(c.Broken, change)
		case !b.Pass && q.Pass:
			c.Fixed = append(c.Fixed, change)
		}
	}
	return c
}

// eps absorbs floating-point noise in comparisons of means and thresholds.
const eps = 1e-9

func mean(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}

// permutationTest returns the two-sided p-value of a paired randomization
// test of the mean difference between b and c: over n random sign flips of
// the per-query differences (from a PCG generator seeded with seed), the
// share whose absolute mean is at least the observed one, counting the
// observed assignment: (hits+1)/(n+1).
func permutationTest(b, c []float64, n int, seed uint64) float64 {
	d := make([]float64, len(b))
	obs := 0.0
	for i := range b {
		d[i] = c[i] - b[i]
		obs += d[i]
	}
	obs = math.Abs(obs)
	if obs <= eps {
		return 1
	}
	rng := rand.New(rand.NewPCG(seed, seed))
	hits := 0
	for range n {
		s := 0.0
		var bits uint64
		for i, x := range d {
			if i%64 == 0 {
				bits = rng.Uint64()
			}
			if bits&1 == 1 {
				s -= x
			} else {
				s += x
			}
			bits >>= 1
		}
		if math.Abs(s) >= obs-eps {
			hits++
		}
	}
	return float64(hits+1) / float64(n+1)
}
