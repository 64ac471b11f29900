package index

import (
	"math/rand/v2"
	"slices"
	"testing"
	"unicode/utf8"

	"github.com/soudan-desk/soudan/corpus"
)

// naiveSegment is segment by string look-ups of every candidate length
// in l.words: the longest reading of at least MinRunes runes at each
// position, as the trie walk must find it.
func naiveSegment(l *ReadingLexicon, run string, out []string, seen *seenWords) []string {
	minRunes := max(l.MinRunes, 2)
	for i := 0; i < len(run); {
		matched, runes := 0, 0
		var best []string
		for j, r := range run[i:] {
			runes++
			end := j + utf8.RuneLen(r)
			if ws, ok := l.words[run[i:i+end]]; ok && runes >= minRunes {
				matched, best = end, ws
			}
		}
		out = seen.appendUnseen(out, best)
		if matched == 0 {
			_, matched = utf8.DecodeRuneInString(run[i:])
		}
		i += matched
	}
	return out
}

// TestReadingLexiconTrieMatchesNaive checks the trie's segmentation of the
// default corpus's texts, read and in kana, against naiveSegment.
func TestReadingLexiconTrieMatchesNaive(t *testing.T) {
	c, err := corpus.LoadDefault()
	if err != nil {
		t.Skip(err)
	}
	a := Default()
	var texts []string
	for _, e := range c.Entries {
		texts = append(texts, e.Title)
		texts = append(texts, e.Question...)
		texts = append(texts, e.Examples...)
	}
	lex := NewReadingLexicon()
	a.Memo(nil, texts, nil).AddSounds(lex, texts)
	lex.Freeze(a, nil)
	if lex.Len() == 0 {
		t.Fatal("empty lexicon")
	}
	inputs := []string{"", "ア", "ヴァイラス", "ｳｲﾙｽ", "サーバーサーバ", "ㇰㇱ", "ﾊﾟｽﾜｰﾄﾞ"}
	for _, s := range texts {
		inputs = append(inputs, a.Reading(s), FoldKana(s))
	}
	checked := 0
	for _, in := range inputs {
		for run := range kanaRuns(in) {
			got := lex.segment(run, nil, &seenWords{})
			want := naiveSegment(lex, run, nil, &seenWords{})
			if !slices.Equal(got, want) {
				t.Fatalf("segment(%q) = %q, want %q", run, got, want)
			}
			checked++
		}
	}
	if checked < 100 {
		t.Fatalf("only %d runs checked", checked)
	}
}

// TestEdgeTable checks that the trie's edge table gives every edge's
// child, and 0 for edges it does not hold, as the map it is made from.
func TestEdgeTable(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 5))
	for _, n := range []int{0, 1, 7, 100, 5000} {
		edges := map[uint64]int32{}
		for len(edges) < n {
			edges[edgeKey(r.Int32N(2000), 0x30A0+r.Int32N(0x60))] = 1 + r.Int32N(1<<20)
		}
		tab := newEdgeTable(edges)
		for k, c := range edges {
			if got := tab.get(k); got != c {
				t.Fatalf("%d edges: edge %x gives %d, want %d", n, k, got, c)
			}
		}
		for range 1000 {
			k := edgeKey(r.Int32N(4000), 0x3000+r.Int32N(0x200))
			if got := tab.get(k); got != edges[k] {
				t.Fatalf("%d edges: edge %x gives %d, want %d", n, k, got, edges[k])
			}
		}
	}
}

// TestAppendUnseen checks that a segmentation's output holds each word
// once, in the order found, whether it is looked up by a scan (a few
// words) or in a map (past seenScanMax).
func TestAppendUnseen(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 1))
	for _, n := range []int{0, 1, 5, seenScanMax - 1, seenScanMax, seenScanMax + 1, 200} {
		var got, want []string
		var seen seenWords
		inWant := map[string]bool{}
		for len(want) < n {
			words := make([]string, r.IntN(4))
			for i := range words {
				words[i] = string(rune('ア' + r.IntN(n+1)))
				if r.IntN(2) == 0 {
					words[i] += "ン"
				}
			}
			got = seen.appendUnseen(got, words)
			for _, w := range words {
				if !inWant[w] {
					inWant[w] = true
					want = append(want, w)
				}
			}
			if !slices.Equal(got, want) {
				t.Fatalf("%d words: got %q, want %q", n, got, want)
			}
		}
	}
}
