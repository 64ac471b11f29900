package dupes

import (
	"bufio"
	"crypto/sha1"
	"encoding/json"
	"fmt"
	"io"
	"path"
	"strings"
)

// Block locates a labelled passage: a line range of a corpus file, with the
// title it had when labelled (for people; matching uses the lines).
type Block struct {
	File      string `json:"file"`
	StartLine int    `json:"start_line"`
	EndLine   int    `json:"end_line"`
	Title     string `json:"title"`
}

// Label is an editor's judgement of a pair of passages: "dup" or "not-dup".
type Label struct {
	// ID names the label in a held-out split (optional; the paraphrase set
	// has one: an id whose SHA-1 ends in an odd hex digit is held out).
	ID    string `json:"id,omitempty"`
	A     Block  `json:"a"`
	B     Block  `json:"b"`
	Label string `json:"label"`
	Note  string `json:"note,omitempty"`
}

// Dup reports whether the label says the pair is a duplicate.
func (l Label) Dup() bool { return l.Label == "dup" }

// ReadLabels reads JSON Lines labels; blank lines and lines starting with
// "//" are skipped.
func ReadLabels(r io.Reader) ([]Label, error) {
	var out []Label
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "//") {
			continue
		}
		var l Label
		if err := json.Unmarshal([]byte(line), &l); err != nil {
			return nil, fmt.Errorf("labels line %d: %w", n, err)
		}
		if l.Label != "dup" && l.Label != "not-dup" {
			return nil, fmt.Errorf("labels line %d: label must be dup or not-dup, got %q", n, l.Label)
		}
		out = append(out, l)
	}
	return out, sc.Err()
}

// matches reports whether entry source s overlaps block b.
func matches(file string, start, end int, b Block) bool {
	if path.Base(file) != path.Base(b.File) {
		return false
	}
	return start <= b.EndLine && b.StartLine <= end
}

// LabelScore is the finder's best similarity between any entry overlapping
// l.A and any other entry overlapping l.B, among the pairs it keeps
// (0 when it keeps none). Parsers may split a passage differently, so a
// label matches entries by line overlap.
func (f *Finder) LabelScore(l Label) float64 {
	var as, bs []int32
	for i := range f.docs {
		s := f.docs[i].e.Source
		if matches(s.File, s.StartLine, s.EndLine, l.A) {
			as = append(as, int32(i))
		}
		if matches(s.File, s.StartLine, s.EndLine, l.B) {
			bs = append(bs, int32(i))
		}
	}
	want := map[uint64]bool{}
	for _, a := range as {
		for _, b := range bs {
			if a != b {
				want[pairKey(a, b)] = true
			}
		}
	}
	for _, p := range f.pairs { // best first
		if want[pairKey(p.i, p.j)] {
			return p.s.Similarity
		}
	}
	return 0
}

// SweepRow is precision and recall at one threshold.
type SweepRow struct {
	Threshold float64 `json:"threshold"`
	TP        int     `json:"tp"`
	FP        int     `json:"fp"`
	FN        int     `json:"fn"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
	// Reported is the number of pairs reported at the threshold, labelled
	// or not; Unlabelled those that no label covers.
	Reported   int `json:"reported"`
	Unlabelled int `json:"unlabelled"`
}

// Sweep computes precision and recall of the labelled pairs at each
// threshold. A label counts as predicted "dup" when LabelScore ≥ threshold.
// Precision is over the labelled pairs only; Unlabelled says how many
// reported pairs no label judges.
func (f *Finder) Sweep(labels []Label, thresholds []float64) []SweepRow {
	scores := make([]float64, len(labels))
	for i, l := range labels {
		scores[i] = f.LabelScore(l)
	}
	var rows []SweepRow
	for _, t := range thresholds {
		r := SweepRow{Threshold: t}
		for i, l := range labels {
			pred := scores[i] >= t && scores[i] > 0
			switch {
			case pred && l.Dup():
				r.TP++
			case pred && !l.Dup():
				r.FP++
			case !pred && l.Dup():
				r.FN++
			}
		}
		if r.TP+r.FP > 0 {
			r.Precision = float64(r.TP) / float64(r.TP+r.FP)
		}
		if r.TP+r.FN > 0 {
			r.Recall = float64(r.TP) / float64(r.TP+r.FN)
		}
		if r.Precision+r.Recall > 0 {
			r.F1 = 2 * r.Precision * r.Recall / (r.Precision + r.Recall)
		}
		for _, p := range f.pairs {
			if p.s.Similarity < t {
				break
			}
			r.Reported++
			if !f.covered(p, labels) {
				r.Unlabelled++
			}
		}
		rows = append(rows, r)
	}
	return rows
}

// covered reports whether some label judges the pair.
func (f *Finder) covered(p scored, labels []Label) bool {
	a, b := f.docs[p.i].e.Source, f.docs[p.j].e.Source
	for _, l := range labels {
		if matches(a.File, a.StartLine, a.EndLine, l.A) && matches(b.File, b.StartLine, b.EndLine, l.B) ||
			matches(a.File, a.StartLine, a.EndLine, l.B) && matches(b.File, b.StartLine, b.EndLine, l.A) {
			return true
		}
	}
	return false
}

// UnlabelledPairs returns the pairs at or above t that no label judges, so
// that editors can label them.
func (f *Finder) UnlabelledPairs(labels []Label, t float64) []Pair {
	var out []Pair
	for _, p := range f.pairs {
		if p.s.Similarity < t {
			break
		}
		if !f.covered(p, labels) {
			out = append(out, Pair{A: refOf(f.docs[p.i].e), B: refOf(f.docs[p.j].e), Scores: p.s})
		}
	}
	return out
}

// HeldOut reports whether a label id belongs to the held-out half: its
// SHA-1 (hex) ends in an odd digit. The other half may be used to choose
// the threshold; the held-out half only measures it.
func HeldOut(id string) bool {
	sum := sha1.Sum([]byte(id))
	return sum[len(sum)-1]&1 == 1
}

// Split keeps the labels of one half: "tune" (labels without an id count
// as tuning labels), "heldout" or "all".
func Split(labels []Label, split string) ([]Label, error) {
	if split == "all" || split == "" {
		return labels, nil
	}
	if split != "tune" && split != "heldout" {
		return nil, fmt.Errorf("unknown split %q (want tune, heldout or all)", split)
	}
	var out []Label
	for _, l := range labels {
		if (l.ID != "" && HeldOut(l.ID)) == (split == "heldout") {
			out = append(out, l)
		}
	}
	return out, nil
}
