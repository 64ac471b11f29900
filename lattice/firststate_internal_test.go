package lattice

import (
	"slices"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/ikawaha/kagome-dict/ipa"
)

var ipaDict = sync.OnceValues(func() (*Dict, error) { return New(ipa.Dict()) })

// TestFirstStates checks the table of first states against a walk of the
// double array through each rune's bytes, and the shortcut's use in a
// lattice against the walk without it, over every rune of the table.
func TestFirstStates(t *testing.T) {
	ld, err := ipaDict()
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	for r := rune(firstLo); r < firstHi; r++ {
		s := string(r)
		e, size := ld.firstState(s+"の", 0)
		if size != 3 || e != ld.first[r-firstLo] {
			t.Fatalf("%U: firstState = %+v, %d; want %+v, 3", r, e, size, ld.first[r-firstLo])
		}
		st := e.state
		q, broke, endsWithin := 0, false, false
		for j := 0; j < len(s); j++ {
			p := q
			q = int(ld.da[p].Base) + int(s[j])
			if q < 0 || q >= len(ld.da) || int(ld.da[q].Check) != p {
				broke = true
				break
			}
			if j < len(s)-1 && ld.ends[q>>6]&(1<<(q&63)) != 0 {
				endsWithin = true
			}
		}
		switch {
		case e.word >= 0 && st <= 0:
			t.Errorf("%U: first word %d without a state", r, e.word)
		case st == 0:
			counts["walked"]++
			if !endsWithin && !broke && q > 0 {
				t.Errorf("%U: no shortcut for node %d", r, q)
			}
		case st < 0:
			counts["none"]++
			if !broke {
				t.Errorf("%U: first state -1, but the walk reaches node %d", r, q)
			}
		default:
			counts["node"]++
			if broke || endsWithin || int(st) != q {
				t.Errorf("%U: first state %d, walk reaches %d (broke %v, ends within %v)", r, st, q, broke, endsWithin)
			}
			if e.word != ld.wordOf(q) {
				t.Errorf("%U: first word %d, the node's word %d", r, e.word, ld.wordOf(q))
			}
			if e.word >= 0 && e.dup != ld.dup[e.word] {
				t.Errorf("%U: first word %d's duplicates %d, %d in the table", r, e.word, e.dup, ld.dup[e.word])
			}
			if e.word >= 0 && !slices.Equal(ld.morphsOf(e), ld.morphs[e.word:][:int(e.dup)+1]) {
				t.Errorf("%U: first word %d's morphemes %v, want %v", r, e.word, ld.morphsOf(e), ld.morphs[e.word:][:int(e.dup)+1])
			}
		}
	}
	if counts["node"] == 0 || counts["none"] == 0 {
		t.Errorf("first states %v: both kinds must occur", counts)
	}
}

// TestFirstStateShortcut checks that lattices built with and without the
// table hold the same nodes, over texts of every rune of the table and
// the edges of the text.
func TestFirstStateShortcut(t *testing.T) {
	ld, err := ipaDict()
	if err != nil {
		t.Fatal(err)
	}
	slow, err := New(ipa.Dict())
	if err != nil {
		t.Fatal(err)
	}
	slow.first = nil
	texts := []string{"", "あ", "ウイルスに感染した", "東京都に住む", "x\xe3\x81", "\xe3\x81\x82\xff東", "〜ーっ。"}
	var b []byte
	for r := rune(firstLo); r < firstHi; r++ {
		b = utf8.AppendRune(b, r)
		if len(b) > 300 {
			texts = append(texts, string(b))
			b = b[:0]
		}
	}
	texts = append(texts, string(b))
	fast, plain := ld.Get(), slow.Get()
	for _, s := range texts {
		if err := fast.Build(s); err != nil {
			t.Fatal(err)
		}
		if err := plain.Build(s); err != nil {
			t.Fatal(err)
		}
		if len(fast.nodes) != len(plain.nodes) {
			t.Fatalf("%q: %d nodes with the table, %d without", s, len(fast.nodes), len(plain.nodes))
		}
		for i := range fast.nodes {
			if fast.nodes[i] != plain.nodes[i] {
				t.Fatalf("%q: node %d is %+v with the table, %+v without", s, i, fast.nodes[i], plain.nodes[i])
			}
		}
	}
}

// TestEnds checks the table of ends against kagome's test of each node of
// the double array.
func TestEnds(t *testing.T) {
	ld, err := ipaDict()
	if err != nil {
		t.Fatal(err)
	}
	da, n := ld.da, 0
	for q := range da {
		leaf := int(da[q].Base)
		want := leaf >= 0 && leaf < len(da) && int(da[leaf].Check) == q && da[leaf].Base <= 0
		if got := ld.ends[q>>6]&(1<<(q&63)) != 0; got != want {
			t.Fatalf("node %d: ends a word %v, want %v", q, got, want)
		}
		if want {
			n++
		}
	}
	if n == 0 {
		t.Error("no node ends a word")
	}
}
