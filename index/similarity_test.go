package index_test

import (
	"slices"
	"testing"

	"github.com/soudan-desk/soudan/index"
)

func TestShingles(t *testing.T) {
	tests := []struct {
		text string
		k    int
		want int
	}{
		{"", 3, 0},
		{"ab", 3, 1},
		{"abc", 3, 1},
		{"abcd", 3, 2},
		{"ああああああ", 3, 1}, // one distinct shingle
		{"なりすましECサイト", 3, 8},
	}
	for _, tt := range tests {
		got := index.Shingles(tt.text, tt.k)
		if len(got) != tt.want {
			t.Errorf("index.Shingles(%q, %d) has %d shingles, want %d", tt.text, tt.k, len(got), tt.want)
		}
		if !slices.IsSorted(got) {
			t.Errorf("index.Shingles(%q) not sorted", tt.text)
		}
	}
	if !slices.Equal(index.Shingles("abcabc", 3), index.Shingles("abcabc", 3)) {
		t.Error("Shingles not deterministic")
	}
}

func TestJaccardContainment(t *testing.T) {
	a := []uint64{1, 2, 3, 4}
	b := []uint64{3, 4, 5, 6, 7, 8, 9, 10}
	if got := index.Jaccard(a, b); got != 0.2 {
		t.Errorf("Jaccard = %v, want 0.2", got)
	}
	if got := index.Containment(a, b); got != 0.5 {
		t.Errorf("Containment = %v, want 0.5", got)
	}
	if index.Jaccard(nil, nil) != 0 || index.Containment(nil, a) != 0 {
		t.Error("empty sets must score 0")
	}
}

func TestUnit(t *testing.T) {
	v := []float32{3, 4}
	u := index.Unit(v)
	if u[0] != 0.6 || u[1] != 0.8 {
		t.Errorf("Unit(3,4) = %v, want (0.6, 0.8)", u)
	}
	if v[0] != 3 {
		t.Error("Unit changed its argument")
	}
	if z := index.Unit([]float32{0, 0}); z[0] != 0 || z[1] != 0 {
		t.Errorf("Unit(0,0) = %v", z)
	}
}

func TestCompact(t *testing.T) {
	if got, want := index.Compact("ｳｨﾙｽ 感染\nサーバー　を"), "ウイルス感染サーバを"; got != want {
		t.Errorf("Compact = %q, want %q", got, want)
	}
}

// FuzzIntersect checks Intersect and IntersectAtLeast against counting
// the common elements with a set, on sorted sets built from the fuzzer's
// bytes.
func FuzzIntersect(f *testing.F) {
	f.Add([]byte{1, 2, 3}, []byte{2, 3, 4})
	f.Add([]byte{}, []byte{7})
	f.Add([]byte{5, 5, 9, 200}, []byte{0, 5, 9, 9, 255})
	f.Fuzz(func(t *testing.T, x, y []byte) {
		set := func(b []byte) []uint64 {
			s := make([]uint64, len(b))
			for i, c := range b {
				s[i] = uint64(c)
			}
			slices.Sort(s)
			return slices.Compact(s)
		}
		a, b := set(x), set(y)
		in := map[uint64]bool{}
		for _, v := range a {
			in[v] = true
		}
		want := 0
		for _, v := range b {
			if in[v] {
				want++
			}
		}
		if got := index.Intersect(a, b); got != want {
			t.Fatalf("Intersect(%v, %v) = %d, want %d", a, b, got, want)
		}
		for _, need := range []int{want - 1, want, want + 1, len(a)} {
			w := want
			if want < need {
				w = -1
			}
			if got := index.IntersectAtLeast(a, b, need); got != w {
				t.Fatalf("IntersectAtLeast(%v, %v, %d) = %d, want %d", a, b, need, got, w)
			}
		}
	})
}
