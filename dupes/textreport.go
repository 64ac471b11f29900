package dupes

import (
	"bufio"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/soudan-desk/soudan/corpus"
)

// WriteText writes the report for a terminal, as `soudan dupes` prints it:
// the pairs with their scores and sources, then the clusters, whose
// titles and sources are looked up in c.
func (rep *Report) WriteText(w io.Writer, c *corpus.Corpus) error {
	bw := bufio.NewWriter(w)
	rep.writeTextPairs(bw)
	if len(rep.Clusters) > 0 {
		rep.writeTextClusters(bw, c)
	}
	return bw.Flush()
}

// writeTextPairs writes the summary line and the pairs.
func (rep *Report) writeTextPairs(w io.Writer) {
	sem := "意味の類似度: なし"
	if rep.Embedder != "" {
		sem = "意味の類似度: " + rep.Embedder
	}
	fmt.Fprintf(w, "重複候補 %d 組・グループ %d（しきい値 %.2f、%s）", len(rep.Pairs), len(rep.Clusters), rep.Threshold, sem)
	if rep.MarksError != "" {
		fmt.Fprintf(w, "（「重複ではない」の記録を読めないため非表示にしていません: %s）", rep.MarksError)
	}
	if rep.Hidden > 0 {
		fmt.Fprintf(w, "、「重複ではない」で非表示 %d 組（--all で表示）", rep.Hidden)
	}
	fmt.Fprintln(w)
	for i, p := range rep.Pairs {
		mark := ""
		if p.Marked {
			mark = "  [重複ではない]"
		}
		fmt.Fprintf(w, "\n%3d. 類似度 %.2f  (%s)%s\n", i+1, p.Similarity, scoreText(p.Scores, rep.Embedder != ""), mark)
		for _, side := range []struct {
			tag string
			e   EntryRef
		}{{"A", p.A}, {"B", p.B}} {
			fmt.Fprintf(w, "     %s %s  %s  [%s]\n", side.tag, side.e.Title, side.e.Source, side.e.ID)
			if len(side.e.Path) > 0 {
				fmt.Fprintf(w, "       %s\n", strings.Join(side.e.Path, " › "))
			}
		}
	}
}

// scoreText lists a pair's signals: the lexical ones, the meaning signal
// when there is one, and the paraphrase channel with its two parts, so
// that a pair reported for asking the same question shows it.
func scoreText(s Scores, meaning bool) string {
	parts := []string{fmt.Sprintf("字面 %.2f", s.Lexical)}
	if meaning {
		parts = append(parts, fmt.Sprintf("意味 %.2f", s.Semantic))
	}
	if s.Paraphrase > 0 {
		parts = append(parts, fmt.Sprintf("言い換え %.2f（質問 %.2f・回答 %.2f）", s.Paraphrase, s.QuestionWords, s.AnswerWords))
	}
	parts = append(parts, fmt.Sprintf("Jaccard %.2f", s.Jaccard), fmt.Sprintf("包含率 %.2f", s.Containment))
	return strings.Join(parts, "・")
}

// writeTextClusters writes the clusters, the central entry starred.
func (rep *Report) writeTextClusters(w io.Writer, c *corpus.Corpus) {
	fmt.Fprintln(w, "\nグループ（★ = 中心の項目）")
	for i, cl := range rep.Clusters {
		fmt.Fprintf(w, "%3d.", i+1)
		for _, id := range cl.IDs {
			star := " "
			if id == cl.Central {
				star = "★"
			}
			title, src := id, ""
			if e, ok := c.Entry(id); ok {
				title, src = e.Title, e.Source.String()
			}
			fmt.Fprintf(w, " %s%s (%s)", star, title, src)
		}
		fmt.Fprintln(w)
	}
}

// SweepThresholds are the thresholds WriteSweep reports: 0.30 to 0.95 in
// steps of 0.05.
func SweepThresholds() []float64 {
	var ts []float64
	for t := 30; t <= 95; t += 5 {
		ts = append(ts, float64(t)/100)
	}
	return ts
}

// WriteSweep writes precision and recall over labels at SweepThresholds,
// each label's score, and the pairs reported at threshold that no label
// judges, as `soudan dupes --sweep` prints them.
func (f *Finder) WriteSweep(w io.Writer, labels []Label, threshold float64) error {
	bw := bufio.NewWriter(w)
	f.writeSweepTable(bw, labels, threshold)
	for _, l := range labels {
		s := f.LabelScore(l)
		fmt.Fprintf(bw, "  %-7s %.3f  %s:%d-%d %s  ×  %s:%d-%d %s\n", l.Label, s, filepath.Base(l.A.File), l.A.StartLine, l.A.EndLine, l.A.Title, filepath.Base(l.B.File), l.B.StartLine, l.B.EndLine, l.B.Title)
	}
	if un := f.UnlabelledPairs(labels, threshold); len(un) > 0 {
		fmt.Fprintf(bw, "\nunlabelled pairs at %.2f:\n", threshold)
		for _, p := range un {
			fmt.Fprintf(bw, "  %.3f  %s %s  ×  %s %s\n", p.Similarity, p.A.Source, p.A.Title, p.B.Source, p.B.Title)
		}
	}
	return bw.Flush()
}

// writeSweepTable writes the label counts and one row per threshold.
func (f *Finder) writeSweepTable(w io.Writer, labels []Label, threshold float64) {
	dup := 0
	for _, l := range labels {
		if l.Dup() {
			dup++
		}
	}
	name := f.EmbedderName()
	if name == "" {
		name = "none"
	}
	fmt.Fprintf(w, "labels: %d (%d dup, %d not-dup); embedder: %s\n", len(labels), dup, len(labels)-dup, name)
	fmt.Fprintf(w, "%-9s %4s %4s %4s %9s %7s %6s %9s %11s\n", "threshold", "tp", "fp", "fn", "precision", "recall", "f1", "reported", "unlabelled")
	for _, r := range f.Sweep(labels, SweepThresholds()) {
		marker := ""
		if r.Threshold == threshold {
			marker = "  ← default"
		}
		fmt.Fprintf(w, "%-9.2f %4d %4d %4d %9.3f %7.3f %6.3f %9d %11d%s\n", r.Threshold, r.TP, r.FP, r.FN, r.Precision, r.Recall, r.F1, r.Reported, r.Unlabelled, marker)
	}
}
