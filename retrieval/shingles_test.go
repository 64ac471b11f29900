package retrieval

import (
	"hash/fnv"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/soudan-desk/soudan/corpus"
)

// refShingles is the plain definition: FNV-1a of each trigram's string,
// through hash/fnv, as a sorted set.
func refShingles(text string) []uint32 {
	rs := []rune(strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, corpus.Normalize(text)))
	set := map[uint32]bool{}
	for i := 0; i+3 <= len(rs); i++ {
		h := fnv.New32a()
		h.Write([]byte(string(rs[i : i+3])))
		set[h.Sum32()] = true
	}
	var out []uint32
	for h := range set {
		out = append(out, h)
	}
	slices.Sort(out)
	return out
}

func TestShinglesMatchReference(t *testing.T) {
	c, err := corpus.LoadDefault()
	if err != nil && c == nil {
		t.Fatal(err)
	}
	texts := []string{"", "ab", "abc", "a b c d", "ＰＣが　おかしい\nウィルス", "😀😀😀😀"}
	for _, en := range c.Entries {
		texts = append(texts, en.Title+"\n"+en.Answer)
	}
	for _, s := range texts {
		got, want := shingles(s), refShingles(s)
		if len(got) != len(want) || (len(want) > 0 && !slices.Equal(got, want)) {
			t.Fatalf("shingles(%q) = %v, want %v", s, got, want)
		}
	}
}

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
