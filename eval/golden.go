package eval

import (
	"bufio"
	"fmt"
	"io"
)

// Ranking golden files, in the manner of zoekt's e2e ranking test: one
// file per query with its top results, and one summary file per suite, so
// that a ranking change shows as a diff of the queries it moved. Relevant
// results are marked with "*"; scores are left out so that only order
// changes show.

// WriteQueryRanking writes q's first relevant rank, its top results, its
// confidence and its referral organisations as plain text.
func WriteQueryRanking(w io.Writer, q *QueryResult, top int) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "## %s: %s\n", q.ID, q.Query)
	fmt.Fprintf(bw, "first relevant: %s of %d relevant\n", rankString(q.FirstRelevant), q.Relevant)
	for i, h := range q.Top {
		if i == top {
			break
		}
		mark := " "
		if h.Relevant {
			mark = "*"
		}
		fmt.Fprintf(bw, "%s %d. %s [%s]\n", mark, i+1, pathText(h.Title, h.Path), h.ID)
	}
	if q.Confidence != "" {
		fmt.Fprintf(bw, "  confidence: %s\n", q.Confidence)
	}
	if len(q.Orgs) > 0 {
		fmt.Fprintf(bw, "  referrals: %v\n", q.Orgs)
	}
	return bw.Flush()
}

// WriteRankSummary writes run's query count and its recall at ranks 1 and
// 5 (hit@1, hit@5: the share of queries with a relevant result there), its
// mean reciprocal rank (mrr@10), and the referral and confidence metrics
// the run defines.
func WriteRankSummary(w io.Writer, run *Run) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "queries: %d\n", run.Counts.Queries)
	for _, m := range []string{Hit1, Hit5} {
		fmt.Fprintf(bw, "%s: %.4f (%d of %d)\n", m, run.Summary[m], run.count(m), run.Counts.Queries)
	}
	fmt.Fprintf(bw, "%s: %.4f\n", MRR10, run.Summary[MRR10])
	for _, m := range []string{ReferralRecall, CardPrecision, CardsPerQuery, NoneRecall, FalseNone, HighPrecision, HighCoverage} {
		if run.Counts.Defined(m) {
			fmt.Fprintf(bw, "%s: %.4f\n", m, run.Summary[m])
		}
	}
	return bw.Flush()
}

// count is the number of queries whose metric m is 1 (for hit@k).
func (r *Run) count(m string) int {
	n := 0
	for _, q := range r.PerQuery {
		if q.Metrics[m] == 1 {
			n++
		}
	}
	return n
}
