package retrieval

import (
	"slices"
	"testing"

	"github.com/soudan-desk/soudan/index"
)

// TestGramSetIntersect checks that packed sets intersect as the strings
// do, and round-trip to them, also beside unpackable grams.
func TestGramSetIntersect(t *testing.T) {
	sets := [][]string{
		distinct([]string{"請求", "求書", "書が", "a", "ab", "🔑パ"}),
		distinct([]string{"請求", "a", "ba", "🔑パ", "パス"}),
		distinct([]string{"x\xff", "請求"}),
		distinct([]string{"abc", "a"}),
		{},
	}
	for _, a := range sets {
		ga := newGramSet(a)
		if got := ga.strings(); !slices.Equal(got, a) && len(a) > 0 {
			t.Errorf("%q round-trips to %q", a, got)
		}
		for _, b := range sets {
			if got, want := intersect(ga, newGramSet(b)), index.Intersect(a, b); got != want {
				t.Errorf("intersect(%q, %q) = %d, want %d", a, b, got, want)
			}
		}
	}
	for _, g := range []string{"", "abc", "a\x00", "\x00", "\xff"} {
		if _, ok := packSmall(g); ok {
			t.Errorf("packSmall(%q) packed", g)
		}
	}
}
