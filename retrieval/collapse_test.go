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

// TestCollapseKeepsQuotedPointers checks the size guard of collapsing: a
// short entry whose text a long one quotes is not its duplicate, while
// copies of one text still collapse.
func TestCollapseKeepsQuotedPointers(t *testing.T) {
	e := mustDefaultEngine(t)
	byTitle := func(title string) []int {
		var out []int
		for i, en := range e.entries {
			if en.Title == title {
				out = append(out, i)
			}
		}
		if len(out) == 0 {
			t.Fatalf("no entry %q", title)
		}
		return out
	}
	flow := byTitle("【緊急】情報の漏えい・改ざんが起きているようだ")[0]
	for _, pointer := range []string{"漏えい・流出発生時の対応", "改ざん・消失・破壊・サービス停止発生時の対応"} {
		p := byTitle(pointer)[0]
		sf, sp := e.entryShingles(flow), e.entryShingles(p)
		if index.Containment(sf, sp) < e.opts.CollapseThreshold {
			t.Fatalf("%s: containment %.2f; the case this test guards is gone", pointer, index.Containment(sf, sp))
		}
		if slices.Contains(e.near[flow], p) || e.nearIdentical(sf, sp) {
			t.Errorf("%s collapses into the emergency flow that quotes it", pointer)
		}
	}
	copies := byTitle("消費生活全般に関する苦情や問合せ")
	if len(copies) < 2 || !slices.Contains(e.near[copies[0]], copies[1]) {
		t.Errorf("the two copies of 消費生活全般に関する苦情や問合せ do not collapse (%d copies)", len(copies))
	}
}
