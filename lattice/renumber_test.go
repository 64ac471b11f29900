package lattice_test

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/ikawaha/kagome-dict/dict"
	"github.com/ikawaha/kagome-dict/ipa"
	"github.com/ikawaha/kagome/v2/tokenizer"

	"github.com/soudan-desk/soudan/lattice"
)

// renumbered returns a copy of the IPA dictionary with its connection ids
// renumbered, sharing what Renumber leaves alone.
func renumbered(t *testing.T) *dict.Dict {
	t.Helper()
	d := *ipa.Dict()
	d.Morphs = slices.Clone(d.Morphs)
	d.UnkDict.Morphs = slices.Clone(d.UnkDict.Morphs)
	d.Connection.Vec = slices.Clone(d.Connection.Vec)
	if err := lattice.Renumber(&d); err != nil {
		t.Fatal(err)
	}
	return &d
}

// TestRenumberKeepsCosts checks that Renumber maps each connection id to
// one new id, one to one, that id 0 keeps its number, and that the cost
// of every pair of the ids morphemes carry is the same in the new
// numbering.
func TestRenumberKeepsCosts(t *testing.T) {
	old, d := ipa.Dict(), renumbered(t)
	left, right := map[int16]int16{}, map[int16]int16{}
	moved := 0
	for _, ms := range [][2]dict.Morphs{{old.Morphs, d.Morphs}, {old.UnkDict.Morphs, d.UnkDict.Morphs}} {
		for i, m := range ms[0] {
			n := ms[1][i]
			for _, p := range [][3]any{{left, m.LeftID, n.LeftID}, {right, m.RightID, n.RightID}} {
				ids, from, to := p[0].(map[int16]int16), p[1].(int16), p[2].(int16)
				if was, ok := ids[from]; ok && was != to {
					t.Fatalf("id %d renumbered %d and %d", from, was, to)
				}
				ids[from] = to
			}
			if n.Weight != m.Weight {
				t.Fatalf("morpheme %d's weight %d became %d", i, m.Weight, n.Weight)
			}
			if n.LeftID != m.LeftID || n.RightID != m.RightID {
				moved++
			}
		}
	}
	if moved == 0 {
		t.Error("no id renumbered")
	}
	for _, ids := range []map[int16]int16{left, right} {
		seen := map[int16]bool{}
		for from, to := range ids {
			if seen[to] || (from == 0) != (to == 0) {
				t.Fatalf("id %d renumbered %d: not one to one, or 0 moved", from, to)
			}
			seen[to] = true
		}
	}
	for l, nl := range left {
		for r, nr := range right {
			if a, b := old.Connection.At(int(r), int(l)), d.Connection.At(int(nr), int(nl)); a != b {
				t.Fatalf("connection %d→%d costs %d, renumbered %d→%d costs %d", r, l, a, nr, nl, b)
			}
		}
	}
}

// TestRenumberKeepsTokens checks kagome's tokenizer and a lattice over the
// renumbered dictionary against kagome's over the dictionary as it comes,
// over the test texts and random ones.
func TestRenumberKeepsTokens(t *testing.T) {
	tok, _ := kagomeAndLattice()
	d := renumbered(t)
	ntok, err := tokenizer.New(d, tokenizer.OmitBosEos())
	if err != nil {
		t.Fatal(err)
	}
	ld, err := lattice.New(d)
	if err != nil {
		t.Fatal(err)
	}
	texts := append(corpusTexts(t), edgeTexts...)
	r := rand.New(rand.NewPCG(4, 12))
	for range 300 {
		texts = append(texts, randomText(r, 1+r.IntN(40)))
	}
	for _, text := range texts {
		compare(t, tok, ld, text)
		for _, mode := range []tokenizer.TokenizeMode{tokenizer.Normal, tokenizer.Search} {
			want, got := tok.Analyze(text, mode), ntok.Analyze(text, mode)
			if !slices.EqualFunc(got, want, func(a, b tokenizer.Token) bool { return tokenOf(a) == tokenOf(b) }) {
				t.Fatalf("%q mode %d: kagome's tokens change with the renumbering", text, mode)
			}
		}
	}
}
