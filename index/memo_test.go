package index

import (
	"slices"
	"strings"
	"testing"

	"github.com/soudan-desk/soudan/corpus"
)

// TestMemoMatchesAnalyzer checks that a Memo gives exactly what the
// analyser gives, for texts analysed anew and for texts taken from a
// previous Memo, and that it analyses each distinct text once.
func TestMemoMatchesAnalyzer(t *testing.T) {
	c, err := corpus.LoadDefault()
	if err != nil {
		t.Fatal(err)
	}
	var terms, readings []string
	for _, e := range c.Entries {
		terms = append(terms, e.Title, e.Answer, e.Title) // a repeat
		terms = append(terms, e.Examples...)
		readings = append(readings, e.Title, strings.Join(e.Question, "\n"))
	}
	a := Default()
	first := a.Memo(terms, readings, nil)
	distinct := map[string]bool{}
	for _, s := range append(slices.Clone(terms), readings...) {
		distinct[s] = true
	}
	if first.Analysed != len(distinct) || first.Reused != 0 {
		t.Errorf("first memo: analysed %d, reused %d; want %d and 0", first.Analysed, first.Reused, len(distinct))
	}
	edited := append(slices.Clone(terms), "請求書の振込先が変更されたとメールが来た")
	second := a.Memo(edited, readings, first)
	if second.Analysed != 1 {
		t.Errorf("second memo analysed %d texts, want the 1 new one", second.Analysed)
	}
	for _, m := range []*Memo{first, second} {
		for _, s := range terms {
			if got, want := m.Terms(s), a.Terms(s); !slices.Equal(got, want) {
				t.Fatalf("Terms(%.40q) = %q, want %q", s, got, want)
			}
		}
		for _, s := range readings {
			if got, want := m.ReadingBigrams(s), a.ReadingBigrams(s); !slices.Equal(got, want) {
				t.Fatalf("ReadingBigrams(%.40q) = %q, want %q", s, got, want)
			}
		}
	}
	if got, want := second.Terms("請求書の振込先が変更されたとメールが来た"), a.Terms("請求書の振込先が変更されたとメールが来た"); !slices.Equal(got, want) {
		t.Errorf("new text: %q, want %q", got, want)
	}
}
