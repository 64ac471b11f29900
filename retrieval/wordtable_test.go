package retrieval

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// TestWordTableMatchesMap checks that the word table gives every word of
// the engine's map its IDs, and words it lacks none, one by one and a
// part at a time.
func TestWordTableMatchesMap(t *testing.T) {
	e := mustDefaultEngine(t)
	m := e.wordIDs()
	tab := newWordTableOf(m)
	var words []string
	for w := range m {
		words = append(words, w)
		if _, n := utf8.DecodeLastRuneInString(w); n > 0 && n < len(w) {
			words = append(words, w[:len(w)-n]) // mostly absent
		}
		words = append(words, w+"x", w[:len(w)/2])
	}
	words = append(words, "", "\xff", strings.Repeat("あ", 7), strings.Repeat("あ", 6)+"a", strings.Repeat("あ", 6)+"ab")
	check := func(i int, got termIDs) {
		want, ok := m[words[i]]
		if !ok {
			want = noWord
		}
		if got != want {
			t.Fatalf("%q: ids %v, want %v", words[i], got, want)
		}
	}
	for i, w := range words {
		check(i, tab.lookup(w))
	}
	for start := 0; start < len(words); start += 200 { // beyond a hint buffer
		part := words[start:min(start+200, len(words))]
		tab.lookupAll(part, func(i int, ids termIDs) { check(start+i, ids) })
	}
	if len(tab.long) == len(m) {
		t.Errorf("all %d words out of the slots", len(m))
	}
}
