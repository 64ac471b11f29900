package retrieval

import (
	"slices"
	"strings"
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

// TestLineSetsDice checks that dice over the lines' union gives what
// comparing the query with each line gives, and that the union gives the
// lines back; also for lines that do not pack and for more than 64 lines.
func TestLineSetsDice(t *testing.T) {
	many := make([][]string, 70)
	for i := range many {
		many[i] = distinct([]string{"請求", string(rune('a' + i%26)), "書" + string(rune('a'+i%26))})
	}
	var wide []string // more grams than dice's buffer of hits holds
	for i := range 600 {
		wide = append(wide, string(rune(0x4E00+i))+"求")
	}
	wide = distinct(wide)
	cases := map[string][][]string{
		"wide":     {wide, distinct([]string{"請求", "求書"}), distinct(append([]string{"書が"}, wide[:300]...))},
		"packed":   {distinct([]string{"請求", "求書", "書が"}), distinct([]string{"請求", "ba"}), distinct([]string{"パス", "スワ", "ワー", "ード"})},
		"unpacked": {distinct([]string{"請求", "x\xff"}), distinct([]string{"請求"})},
		"many":     many,
		"none":     {},
	}
	queries := [][]string{
		distinct(append([]string{"請求"}, wide[200:400]...)),
		distinct([]string{"請求", "求書", "スワ"}),
		distinct([]string{"x\xff", "請求"}),
		distinct([]string{"書c", "請求", "q"}),
		{},
	}
	for name, lines := range cases {
		sets := make([]gramSet, len(lines))
		for i, l := range lines {
			sets[i] = newGramSet(l)
		}
		ls := newLineSets(sets)
		if got := ls.sets(); !slices.EqualFunc(got, sets, func(a, b gramSet) bool { return slices.Equal(a.strings(), b.strings()) }) {
			t.Errorf("%s: the sets come back as %v", name, got)
		}
		for _, q := range queries {
			qs := newTermSet(q, nil)
			want := 0.0
			for _, x := range sets {
				want = max(want, 2*float64(intersect(qs.set, x))/float64(qs.set.Len()+x.Len()))
			}
			if len(q) == 0 {
				want = 0
			}
			if got := dice(ls, qs); got != want {
				t.Errorf("%s: dice(%q) = %v, want %v", name, q, got, want)
			}
			// With the grams' IDs in an index that holds every gram of
			// the lines and some of the query's.
			var all []string
			for _, l := range lines {
				all = append(all, l...)
			}
			l := index.NewLexical([]index.Doc{{ID: "d", Fields: [index.NumFields]string{index.FieldAnswer: strings.Join(all, " ")}}}, strings.Fields, index.DefaultBM25Options())
			withIDs := ls
			withIDs.setIDs(l)
			if (withIDs.ids != nil) != (len(ls.keys) > 0) {
				t.Errorf("%s: IDs set %t for a union of %d grams", name, withIDs.ids != nil, len(ls.keys))
			}
			qi := newTermSet(q, l.TermIDs(nil, q))
			qi.bits = idBits(qi.ids)
			if got := dice(withIDs, qi); got != want {
				t.Errorf("%s: dice(%q) by IDs = %v, want %v", name, q, got, want)
			}
		}
	}
}

// TestTermSet checks that a term set holds the distinct grams and their
// IDs, sorted, whether the grams pack or not.
func TestTermSet(t *testing.T) {
	for _, tc := range []struct {
		grams []string
		ids   []int32
	}{
		{[]string{"求書", "請求", "求書", "a", "zz"}, []int32{7, 3, 7, -1, -1}},
		{[]string{"求書", "x\xff", "求書"}, []int32{2, -1, 2}},
		{[]string{"求書", "請求"}, nil},
		{[]string{"ア", "請求", "ア", "求書", "請求", "ア"}, []int32{-1, 4, -1, 9, 4, -1}},
		{nil, nil},
	} {
		got := newTermSet(tc.grams, tc.ids)
		wantGrams, wantIDs := distinctIDs(tc.grams, tc.ids)
		slices.Sort(wantIDs)
		if !slices.Equal(got.set.strings(), wantGrams) && len(wantGrams) > 0 || !slices.Equal(got.ids, wantIDs) {
			t.Errorf("newTermSet(%q, %v) = %q %v, want %q %v", tc.grams, tc.ids, got.set.strings(), got.ids, wantGrams, wantIDs)
		}
		if got.set.keys == nil {
			continue // strings: no hash set
		}
		held := 0
		for _, k := range got.has.slots {
			if k != 0 {
				held++
			}
		}
		for _, k := range got.set.keys {
			if !got.has.has(k) {
				t.Errorf("newTermSet(%q): hash set lacks %x", tc.grams, k)
			}
		}
		if held != len(got.set.keys) {
			t.Errorf("newTermSet(%q): hash set holds %d keys, want %d", tc.grams, held, len(got.set.keys))
		}
	}
}

// TestTermSets checks that newTermSets makes the two sets that
// newTermSet makes apart.
func TestTermSets(t *testing.T) {
	cases := []struct {
		grams []string
		ids   []int32
	}{
		{[]string{"求書", "請求", "求書", "a", "zz"}, []int32{7, 3, 7, -1, -1}},
		{[]string{"求書", "x\xff", "求書"}, []int32{2, -1, 2}},
		{[]string{"求書", "請求"}, nil},
		{nil, nil},
		{[]string{}, []int32{}},
	}
	for _, a := range cases {
		for _, b := range cases {
			gotA, gotB := newTermSets(a.grams, a.ids, b.grams, b.ids)
			for i, pair := range [2][2]termSet{{gotA, newTermSet(a.grams, a.ids)}, {gotB, newTermSet(b.grams, b.ids)}} {
				got, want := pair[0], pair[1]
				if !slices.Equal(got.set.keys, want.set.keys) || !slices.Equal(got.set.strs, want.set.strs) ||
					!slices.Equal(got.ids, want.ids) || (got.ids == nil) != (want.ids == nil) ||
					!slices.Equal(got.has.slots, want.has.slots) || got.has.shift != want.has.shift {
					t.Errorf("newTermSets(%q, %q): set %d = %+v, want %+v", a.grams, b.grams, i, got, want)
				}
			}
		}
	}
}

// TestKeySet checks the hash set of packed grams against its keys,
// through the collisions of a thousand keys.
func TestKeySet(t *testing.T) {
	var keys []uint64
	for i := range uint64(1000) {
		keys = append(keys, (0x3042+i)<<32|(0x30A2+i%7))
	}
	s := newKeySet(keys[:500], 0)
	for i, k := range keys {
		if got := s.has(k); got != (i < 500) {
			t.Errorf("has(%#x) = %t, want %t", k, got, i < 500)
		}
	}
	if (keySet{}).has(keys[0]) {
		t.Error("the empty set has a key")
	}
}
