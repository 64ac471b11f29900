package index

import (
	"slices"
	"testing"

	"github.com/soudan-desk/soudan/corpus"
)

func TestTermsOnceMatchesTerms(t *testing.T) {
	c, err := corpus.LoadDefault()
	if err != nil {
		t.Fatal(err)
	}
	a := Default()
	texts := []string{"", "ランサムウェアの危険性と対策について知りたい", "ＰＣがウィルスに感染した"}
	for _, e := range c.Entries {
		texts = append(texts, e.Title)
		texts = append(texts, e.Examples...)
	}
	for _, s := range texts {
		if got, want := a.TermsOnce(s), a.Terms(s); !slices.Equal(got, want) {
			t.Errorf("TermsOnce(%q) = %q, Terms %q", s, got, want)
		}
	}
}
