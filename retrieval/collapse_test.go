package retrieval

import (
	"fmt"
	"slices"
	"testing"

	"github.com/soudan-desk/soudan/corpus"
	"github.com/soudan-desk/soudan/index"
)

// Large corpora compare shingles at query time instead of precomputing
// near-identical pairs; both must collapse alike.
func TestCollapseAtQueryTimeMatchesPrecomputed(t *testing.T) {
	pre := mustDefaultEngine(t)
	c := pre.Corpus()
	defer func(n int) { nearPairsMax = n }(nearPairsMax)
	nearPairsMax = 0
	lazy, err := New(t.Context(), c, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	if lazy.near != nil {
		t.Fatal("near pairs were precomputed")
	}
	checkCompactTexts(t, lazy)
	for _, q := range suiteQueries(t, "../eval/testdata/callers.jsonl") {
		a, err := pre.Search(t.Context(), Query{Text: q.text, K: 10})
		if err != nil {
			t.Fatal(err)
		}
		b, err := lazy.Search(t.Context(), Query{Text: q.text, K: 10})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.EqualFunc(a.Results, b.Results, func(x, y Result) bool { return x.Entry == y.Entry && x.Score == y.Score }) {
			t.Fatalf("%s: collapsing at query time changed the results", q.id)
		}
	}
}

// checkCompactTexts checks that the compact texts taken from the build's
// Memo are those of the entries' titles and answers joined.
func checkCompactTexts(t *testing.T, e *Engine) {
	t.Helper()
	if len(e.compact) != len(e.entries) {
		t.Fatalf("%d compact texts for %d entries", len(e.compact), len(e.entries))
	}
	for i, en := range e.entries {
		if want := index.Compact(en.Title + "\n" + en.Answer); e.compact[i] != want {
			t.Fatalf("%s: compact text %q, want %q", en.ID, e.compact[i], want)
		}
	}
}

// The compact texts split at the line break hold for texts whose
// normalisation changes at both sides of it.
func TestCompactTextsAcrossLineBreaks(t *testing.T) {
	defer func(n int) { nearPairsMax = n }(nearPairsMax)
	nearPairsMax = 0
	texts := []string{"サーバー", "ウィルス", "ＡＢＣ　ｄｅｆ", "ｶﾞｰ", "e\u0301", "\u0301x", "コンピューター\nセキュリティー", "ΣΑΣ", "ﾃﾞｨｽﾌﾟﾚｲ", "", " ", "http://example.com/ サーバー"}
	var entries []*corpus.Entry
	for i, a := range texts {
		for j, b := range texts {
			entries = append(entries, &corpus.Entry{ID: fmt.Sprintf("e%03d-%03d", i, j), Kind: corpus.KindFAQ, Title: "題" + a, Answer: b + "答"})
		}
	}
	e, err := New(t.Context(), corpus.FromEntries("edges", entries), DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	checkCompactTexts(t, e)
}
