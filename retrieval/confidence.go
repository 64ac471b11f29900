package retrieval

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/soudan-desk/soudan/index"
)

// Confidence says how far staff can rely on a response.
type Confidence string

// The three confidence levels of a response.
const (
	// ConfidenceHigh: the first result answers the caller.
	ConfidenceHigh Confidence = "high"
	// ConfidenceLow: the results are related, but none is a clear answer.
	ConfidenceLow Confidence = "low"
	// ConfidenceNone: the manual has nothing on this; the results, if any,
	// are not answers and their referrals are not shown.
	ConfidenceNone Confidence = "none"
)

// ConfidenceSignals are what the confidence classifier reads: evidence the
// engine already has after ranking, measured on the first result. They are
// query performance predictors in the sense of the QPP literature
// (post-retrieval: score margin, agreement, coverage).
type ConfidenceSignals struct {
	// Margin is (s1 − s2) / s1 over the final scores of the first two
	// results; 1 with a single result.
	Margin float64 `json:"margin"`
	// Agreement counts the signals that rank the first result first;
	// Signals counts the signals that ran.
	Agreement int `json:"agreement"`
	Signals   int `json:"signals"`
	// Support is the lexical support: the IDF-weighted share of the
	// caller's distinct content words that the first result's text
	// (title, question, examples, keywords, answer, path) holds. A word
	// the corpus does not know counts with the IDF of a word no entry holds.
	Support float64 `json:"support"`
	// Known is the IDF-weighted share of the caller's content words that
	// some entry holds: how much of the query the manual speaks about.
	Known float64 `json:"known"`
	// BigramSupport is the share of the caller's distinct character
	// bigrams that the first result's text holds.
	BigramSupport float64 `json:"bigram_support"`
	// Example is the best similarity of the query to one of the first
	// result's example questions, title or question lines: the Dice
	// coefficient of their character-bigram sets.
	Example float64 `json:"example"`
	// SameSection is true when the second result sits in the same section
	// as the first.
	SameSection bool `json:"same_section"`
}

// ConfidenceThresholds is the classifier over [ConfidenceSignals]. It is
// applied in order:
//
//  1. none when there is no result, or when the first result holds little
//     of what the caller said: Support < NoneSupport and
//     Example < NoneExample;
//  2. high when Support ≥ HighSupport, Example ≥ HighExample, Margin ≥
//     HighMargin and at least HighAgreement signals put the first result
//     first;
//  3. low otherwise.
//
// The defaults were read off precision curves on the tuning halves of the
// labelled suites (docs/relevance.md, "Confidence"); the held-out halves
// measure them.
type ConfidenceThresholds struct {
	NoneSupport   float64
	NoneExample   float64
	HighSupport   float64
	HighExample   float64
	HighMargin    float64
	HighAgreement int
}

// DefaultConfidence is the classifier soudan ships with.
var DefaultConfidence = ConfidenceThresholds{
	NoneSupport:   0.15,
	NoneExample:   0.15,
	HighSupport:   0.30,
	HighExample:   0,
	HighMargin:    0,
	HighAgreement: 3,
}

// Classify applies the thresholds to the signals of a response with n
// results.
func (t ConfidenceThresholds) Classify(s ConfidenceSignals, n int) Confidence {
	switch {
	case n == 0:
		return ConfidenceNone
	case s.Support < t.NoneSupport && s.Example < t.NoneExample:
		return ConfidenceNone
	case s.Support >= t.HighSupport && s.Example >= t.HighExample && s.Margin >= t.HighMargin && s.Agreement >= t.HighAgreement:
		return ConfidenceHigh
	}
	return ConfidenceLow
}

// String formats t as the --confidence flag takes it.
func (t ConfidenceThresholds) String() string {
	return fmt.Sprintf("none-support=%g,none-example=%g,high-support=%g,high-example=%g,high-margin=%g,high-agreement=%d",
		t.NoneSupport, t.NoneExample, t.HighSupport, t.HighExample, t.HighMargin, t.HighAgreement)
}

// ParseConfidenceThresholds reads "name=value,…" over base: names are
// none-support, none-example, high-support, high-example, high-margin and
// high-agreement; unnamed thresholds keep base's value.
func ParseConfidenceThresholds(s string, base ConfidenceThresholds) (ConfidenceThresholds, error) {
	t := base
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		name, val, ok := strings.Cut(part, "=")
		if !ok {
			return t, fmt.Errorf("bad confidence threshold %q: want name=value", part)
		}
		v, err := strconv.ParseFloat(strings.TrimSpace(val), 64)
		if err != nil || v < 0 {
			return t, fmt.Errorf("bad confidence threshold %q: want a non-negative number", part)
		}
		switch strings.TrimSpace(name) {
		case "none-support":
			t.NoneSupport = v
		case "none-example":
			t.NoneExample = v
		case "high-support":
			t.HighSupport = v
		case "high-example":
			t.HighExample = v
		case "high-margin":
			t.HighMargin = v
		case "high-agreement":
			t.HighAgreement = int(v)
		default:
			return t, fmt.Errorf("unknown confidence threshold %q (want none-support, none-example, high-support, high-example, high-margin, high-agreement)", name)
		}
	}
	return t, nil
}

// confidenceSignals measures the evidence for the first of results. words
// and bigrams are the analysis of the caller's own text (no expansions).
func (e *Engine) confidenceSignals(words, bigrams []string, rankings []ranking, results []Result) ConfidenceSignals {
	var s ConfidenceSignals
	s.Signals = len(rankings)
	if len(results) == 0 {
		return s
	}
	top := e.pos[results[0].Entry.ID]
	s.Margin = 1
	if len(results) > 1 && results[0].Score > 0 {
		s.Margin = (results[0].Score - results[1].Score) / results[0].Score
		s.SameSection = sameSection(results[0], results[1])
	}
	for _, r := range rankings {
		if len(r.hits) > 0 && r.hits[0].Doc == top {
			s.Agreement++
		}
	}
	if e.tokens != nil {
		s.Support, s.Known = wordSupport(e.tokens, top, words)
	}
	if e.bigrams != nil {
		s.BigramSupport = share(e.bigrams, top, bigrams)
	}
	s.Example = e.exampleSimilarity(results[0], bigrams)
	return s
}

// wordSupport returns the IDF-weighted shares of the distinct words that
// document doc holds, and that some document holds.
func wordSupport(l *index.Lexical, doc int, words []string) (support, known float64) {
	var total, held, seen float64
	done := map[string]bool{}
	for _, w := range words {
		if done[w] {
			continue
		}
		done[w] = true
		idf := l.IDF(w)
		total += idf
		if l.DocFreq(w) > 0 {
			seen += idf
		}
		if l.Holds(doc, w) {
			held += idf
		}
	}
	if total == 0 {
		return 0, 0
	}
	return held / total, seen / total
}

// share returns the share of the distinct terms that document doc holds.
func share(l *index.Lexical, doc int, terms []string) float64 {
	done := map[string]bool{}
	held := 0
	for _, t := range terms {
		if done[t] {
			continue
		}
		done[t] = true
		if l.Holds(doc, t) {
			held++
		}
	}
	if len(done) == 0 {
		return 0
	}
	return float64(held) / float64(len(done))
}

// exampleSimilarity is the best Dice coefficient between the query's
// bigram set and that of one of the entry's example questions, title or
// question lines.
func (e *Engine) exampleSimilarity(r Result, queryBigrams []string) float64 {
	q := bigramSet(queryBigrams)
	if len(q) == 0 {
		return 0
	}
	en := r.Entry
	lines := append([]string{en.Title}, en.Question...)
	if e.opts.Annotations {
		lines = append(lines, en.Examples...)
	}
	best := 0.0
	for _, l := range lines {
		x := bigramSet(e.gram(l))
		if len(x) == 0 {
			continue
		}
		common := 0
		for b := range x {
			if q[b] {
				common++
			}
		}
		if d := 2 * float64(common) / float64(len(q)+len(x)); d > best {
			best = d
		}
	}
	return best
}

func bigramSet(bs []string) map[string]bool {
	m := make(map[string]bool, len(bs))
	for _, b := range bs {
		m[b] = true
	}
	return m
}

// sameSection reports whether two results sit in one section: the same
// section entry, or the same parent heading.
func sameSection(a, b Result) bool {
	if a.Entry.Section != "" && a.Entry.Section == b.Entry.Section {
		return true
	}
	pa, pb := a.Entry.Path, b.Entry.Path
	return len(pa) > 0 && len(pa) == len(pb) && pa[len(pa)-1] == pb[len(pb)-1]
}
