package eval

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// TextOptions tune [WriteText].
type TextOptions struct {
	// Quiet prints the summary only.
	Quiet bool
	// Top is the number of titles shown for a failing query (3 when 0).
	Top int
}

// WriteText writes a terminal report: the failing queries, the per-tag
// table, the comparison if any, and last the summary, so that the tail of
// the output is the headline.
func WriteText(w io.Writer, r *Report, opt TextOptions) error {
	if opt.Top == 0 {
		opt.Top = 3
	}
	bw := bufio.NewWriter(w)
	if !opt.Quiet {
		writeFailures(bw, &r.Run, opt.Top)
		writeTags(bw, &r.Run)
		if r.Alternative != nil {
			fmt.Fprintf(bw, "\n== second configuration: %s ==\n", configLabel(r.Alternative))
			writeFailures(bw, r.Alternative, opt.Top)
			writeTags(bw, r.Alternative)
		}
		if r.Comparison != nil {
			writeComparison(bw, r.Comparison, r.GateK)
		}
		fmt.Fprintln(bw)
	} else if r.Comparison != nil {
		writeComparisonLine(bw, r.Comparison)
	}
	if r.Alternative != nil {
		writeSummary(bw, r.Alternative)
	}
	writeSummary(bw, &r.Run)
	return bw.Flush()
}

func writeFailures(w io.Writer, r *Run, top int) {
	fails := r.Failures()
	fmt.Fprintf(w, "== failing queries (no relevant result in the top %d; uncovered calls not answered none): %d of %d ==\n", r.GateK, len(fails), len(r.PerQuery))
	for _, q := range fails {
		rank := "none"
		switch {
		case !q.Covered:
			rank = "uncovered, answered " + q.Confidence
		case q.FirstRelevant > 0:
			rank = fmt.Sprintf("rank %d", q.FirstRelevant)
		}
		fmt.Fprintf(w, "%s  [%s]  %s\n", q.ID, rank, truncate(q.Query, 60))
		for i, h := range q.Top {
			if i == top {
				break
			}
			fmt.Fprintf(w, "    %d. %s\n", i+1, truncate(pathText(h.Title, h.Path), 70))
		}
		if len(q.MissingReferrals) > 0 {
			fmt.Fprintf(w, "    missing referrals: %s\n", strings.Join(q.MissingReferrals, ", "))
		}
	}
}

func writeTags(w io.Writer, r *Run) {
	if len(r.PerTag) == 0 {
		return
	}
	fmt.Fprintln(w, "\n== per tag ==")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprint(tw, "tag\tn\t")
	for _, m := range Metrics {
		fmt.Fprintf(tw, "%s\t", m)
	}
	fmt.Fprintln(tw)
	for _, t := range r.PerTag {
		fmt.Fprintf(tw, "%s\t%d\t", t.Tag, t.Counts.Queries)
		for _, m := range Metrics {
			fmt.Fprintf(tw, "%s\t", formatMetric(t.Counts, t.Metrics, m))
		}
		fmt.Fprintln(tw)
	}
	tw.Flush()
}

func writeComparison(w io.Writer, c *Comparison, gateK int) {
	fmt.Fprintf(w, "\n== comparison: %s → %s (%d paired queries; randomization test, %d sign flips, seed %d) ==\n",
		c.Baseline, c.Candidate, c.Paired, c.Permutations, c.Seed)
	if len(c.OnlyBaseline)+len(c.OnlyCandidate) > 0 {
		fmt.Fprintf(w, "unpaired: %d only in the baseline, %d only in the candidate\n", len(c.OnlyBaseline), len(c.OnlyCandidate))
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "metric\tbaseline\tcandidate\tdelta\tp\t")
	for _, d := range c.Metrics {
		if d.N == 0 {
			fmt.Fprintf(tw, "%s\t-\t-\t-\t-\t\n", d.Metric)
			continue
		}
		fmt.Fprintf(tw, "%s\t%.4f\t%.4f\t%+.4f\t%.4f\t\n", d.Metric, d.Baseline, d.Candidate, d.Delta, d.P)
	}
	tw.Flush()
	fmt.Fprintf(w, "reciprocal rank: %d wins, %d ties, %d losses\n", c.Wins, c.Ties, c.Losses)
	writeChanges(w, fmt.Sprintf("newly broken (hit@%d true → false)", gateK), c.Broken)
	writeChanges(w, fmt.Sprintf("newly fixed (hit@%d false → true)", gateK), c.Fixed)
}

// writeComparisonLine is the comparison in quiet mode.
func writeComparisonLine(w io.Writer, c *Comparison) {
	fmt.Fprintf(w, "%s → %s: %d broken, %d fixed; reciprocal rank %d wins, %d ties, %d losses", c.Baseline, c.Candidate, len(c.Broken), len(c.Fixed), c.Wins, c.Ties, c.Losses)
	for _, m := range []string{Hit5, MRR10} {
		if d := c.Delta(m); d != nil && d.N > 0 {
			fmt.Fprintf(w, "; %s %+.4f (p %.4f)", m, d.Delta, d.P)
		}
	}
	fmt.Fprintln(w)
}

func writeChanges(w io.Writer, title string, cs []QueryChange) {
	fmt.Fprintf(w, "%s: %d\n", title, len(cs))
	for _, c := range cs {
		fmt.Fprintf(w, "    %s  rank %s → %s  %s\n", c.ID, rankString(c.BaselineRank), rankString(c.CandidateRank), truncate(c.Query, 60))
	}
}

func rankString(r int) string {
	if r == 0 {
		return "-"
	}
	return fmt.Sprint(r)
}

func writeSummary(w io.Writer, r *Run) {
	c := r.Counts
	fmt.Fprintf(w, "%s: %d queries, %d pass hit@%d (k=%d), %d degraded\n",
		configLabel(r), c.Queries, c.Passed, r.GateK, r.K, c.Degraded)
	line := func(ms ...string) {
		parts := make([]string, len(ms))
		for i, m := range ms {
			parts[i] = m + " " + formatMetric(c, r.Summary, m)
		}
		fmt.Fprintln(w, "  "+strings.Join(parts, "  "))
	}
	line(Hit1, Hit3, Hit5, Hit10)
	line(MRR10, NDCG10, Recall10)
	fmt.Fprintf(w, "  %s %s (%d queries with referrals)\n", ReferralRecall, formatMetric(c, r.Summary, ReferralRecall), c.ReferralQueries)
	fmt.Fprintf(w, "  %s %s (%d of %d cards)  %s %s\n", CardPrecision, formatMetric(c, r.Summary, CardPrecision), c.PreciseCards, c.Cards,
		CardsPerQuery, formatMetric(c, r.Summary, CardsPerQuery))
	if r.Calibration == nil {
		return
	}
	fmt.Fprintf(w, "  %s %s (%d uncovered)  %s %s\n", NoneRecall, formatMetric(c, r.Summary, NoneRecall), c.Uncovered, FalseNone, formatMetric(c, r.Summary, FalseNone))
	line(HighPrecision, HighCoverage)
	parts := make([]string, len(r.Calibration))
	for i, row := range r.Calibration {
		parts[i] = fmt.Sprintf("%s %d (rank 1 right %d, uncovered %d)", row.Confidence, row.Queries, row.Rank1Right, row.Uncovered)
	}
	fmt.Fprintf(w, "  calibration: %s\n", strings.Join(parts, "; "))
}

// configLabel names a run in headings: its suite and, when set, its
// embedder.
func configLabel(r *Run) string {
	label := r.Provenance.Suite
	if label == "" {
		label = "suite"
	}
	if sp := r.Provenance.Split; sp != "" && sp != SplitAll {
		label += " [" + sp + "]"
	}
	if e := r.Provenance.Config["embedder"]; e != "" {
		label += " [embedder " + e + "]"
	}
	if t := r.Provenance.Target; t != "" && t != TargetInProcess {
		label += " [" + t + "]"
	}
	return label
}

func formatMetric(c Counts, m map[string]float64, name string) string {
	if !c.Defined(name) {
		return "-"
	}
	return fmt.Sprintf("%.4f", m[name])
}

// truncate shortens s to n runes with an ellipsis, and flattens newlines.
func truncate(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
