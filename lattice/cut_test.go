package lattice_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/soudan-desk/soudan/lattice"
)

// TestCuts checks that a newline cuts the IPA dictionary's
// segmentations, and that a text's tokens, in both modes, are then those
// of its lines segmented with the newlines around them.
func TestCuts(t *testing.T) {
	_, ld := kagomeAndLattice()
	if !ld.Cuts('\n') {
		t.Fatal("Cuts('\\n') = false")
	}
	for _, c := range []byte{'a', '1', 0, 0x80} {
		if ld.Cuts(c) {
			t.Errorf("Cuts(%q) = true", c)
		}
	}
	lines := strings.Split(strings.Join(corpusTexts(t), "\n"), "\n")
	rng := rand.New(rand.NewPCG(3, 4))
	for range 2000 {
		k := 2 + rng.IntN(4)
		parts := make([]string, k)
		for i := range parts {
			parts[i] = lines[rng.IntN(len(lines))]
		}
		checkCut(t, ld, strings.Join(parts, "\n"))
	}
}

// checkCut compares the tokens of text with those of its parts, cut at
// every newline between runes of other classes.
func checkCut(t *testing.T, ld *lattice.Dict, text string) {
	t.Helper()
	if len(text) > lattice.MaxCutText || !utf8.ValidString(text) {
		return
	}
	for _, mode := range []lattice.Mode{lattice.Normal, lattice.Search} {
		whole, _ := ld.Analyze(text, mode)
		var joined []string
		start, lead := 0, false
		add := func(s string) {
			toks, _ := ld.Analyze(s, mode)
			if lead {
				if len(toks) == 0 || toks[0].Surface != "\n" {
					t.Fatalf("%q: part %q does not start with the newline", text, s)
				}
				toks = toks[1:]
			}
			for _, tk := range toks {
				joined = append(joined, fmt.Sprint(tk.Surface, "/", tk.Class, "/", tk.ID))
			}
		}
		for i := 1; i < len(text)-1; i++ {
			prev, _ := utf8.DecodeLastRuneInString(text[:i])
			next, _ := utf8.DecodeRuneInString(text[i+1:])
			if text[i] != '\n' || ld.SameClass(prev, '\n') || ld.SameClass(next, '\n') {
				continue
			}
			add(text[start : i+1])
			start, lead = i, true
		}
		add(text[start:])
		var want []string
		for _, tk := range whole {
			want = append(want, fmt.Sprint(tk.Surface, "/", tk.Class, "/", tk.ID))
		}
		if strings.Join(joined, " ") != strings.Join(want, " ") {
			t.Fatalf("%q mode %d: parts give %q, the whole %q", text, mode, joined, want)
		}
	}
}
