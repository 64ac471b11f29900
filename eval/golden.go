package eval

import (
	"bufio"
	"fmt"
	"io"
)

// WriteRankings writes the top results of every query of run and a summary
// of hit@1, hit@5, mrr@10 and the referral and confidence metrics as plain text, for golden files: a ranking
// change shows as a diff (in the manner of zoekt's e2e ranking test).
// Relevant results are marked with "*"; scores are left out so that only
// order changes show.
func WriteRankings(w io.Writer, run *Run, top int) error {
	bw := bufio.NewWriter(w)
	for _, q := range run.PerQuery {
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
		fmt.Fprintln(bw)
	}
	fmt.Fprintf(bw, "## summary: %d queries\n", run.Counts.Queries)
	for _, m := range []string{Hit1, Hit5, MRR10, ReferralRecall, CardPrecision, CardsPerQuery, HighPrecision, HighCoverage, NoneRecall, FalseNone} {
		if run.Counts.Defined(m) {
			fmt.Fprintf(bw, "%s: %.4f\n", m, run.Summary[m])
		}
	}
	return bw.Flush()
}
