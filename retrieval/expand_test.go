package retrieval

import (
	"slices"
	"strings"
	"testing"

	"github.com/soudan-desk/soudan/bench"
	"github.com/soudan-desk/soudan/corpus"
)

// expandNaive is expandNormalized by its definition: every trigger term
// of every group searched for in n.
func (x *expander) expandNaive(n string) []string {
	var out, seen []string
	for _, g := range x.groups {
		if slices.ContainsFunc(g.from, func(f string) bool { return f != "" && strings.Contains(n, f) }) {
			out, seen = g.add(n, out, seen)
		}
	}
	return out
}

// TestExpandNormalizedNaive compares expandNormalized with expandNaive
// over every suite query and typing prefix, and those with the corpus
// words they sound like.
func TestExpandNormalizedNaive(t *testing.T) {
	e := mustDefaultEngine(t)
	for _, q := range bench.Prefixes(benchQueries(t), 1, 1) {
		first := e.analysePart(q, 1)
		n := first.an.Norm
		if sound := e.soundWords(q, first); len(sound) > 0 {
			n += "\n" + corpus.Normalize(strings.Join(sound, "\n"))
		}
		if got, want := e.syn.expandNormalized(n), e.syn.expandNaive(n); !slices.Equal(got, want) {
			t.Fatalf("expandNormalized(%q) = %q, want %q", n, got, want)
		}
	}
}

// TestSoundGrams checks that the grams of the sound words normalised a
// line each (analyseText) are those of the words joined by spaces, over
// every suite query and typing prefix.
func TestSoundGrams(t *testing.T) {
	e := mustDefaultEngine(t)
	n := 0
	for _, q := range bench.Prefixes(benchQueries(t), 1, 1) {
		sound := e.soundWords(q, e.analysePart(q, 1))
		if len(sound) == 0 {
			continue
		}
		n++
		got := e.gramOf(corpus.Normalize(strings.Join(sound, "\n")))
		if want := e.gram(strings.Join(sound, " ")); !slices.Equal(got, want) {
			t.Fatalf("grams of %q = %q, want %q", sound, got, want)
		}
	}
	if n == 0 {
		t.Fatal("no query sounds like a corpus word")
	}
}
