package dupes

import (
	"math/rand/v2"
	"slices"
	"testing"
)

func TestKeyTable(t *testing.T) {
	var kt keyTable
	if _, ok := kt.get(7); ok {
		t.Fatal("empty table holds a key")
	}
	r := rand.New(rand.NewPCG(1, 2))
	want := map[uint64]int32{}
	for i := range 5000 {
		k := r.Uint64()%3000 + 1 // repeats, never 0
		if _, ok := want[k]; ok {
			continue
		}
		kt.put(k, int32(i))
		want[k] = int32(i)
	}
	if kt.n != len(want) {
		t.Errorf("table holds %d keys, want %d", kt.n, len(want))
	}
	for k := uint64(1); k <= 3000; k++ {
		v, ok := kt.get(k)
		w, wok := want[k]
		if ok != wok || ok && v != w {
			t.Errorf("get(%d) = %d, %v; want %d, %v", k, v, ok, w, wok)
		}
	}
}

// TestVocabularyRanks checks that term ids ascend with document frequency
// and that every entry's terms are counted once.
func TestVocabularyRanks(t *testing.T) {
	var v vocabulary
	keys := [][]uint64{{10, 20, 20, 30}, {20, 30}, {30, 40}}
	ids := v.number(cloneKeys(keys), 0, 2)
	v.finish()
	df := map[uint64]int32{}
	pos := 0
	for _, ks := range keys {
		for _, k := range ks {
			df[k] = v.df[v.rank[ids[pos]]]
			pos++
		}
	}
	for k, want := range map[uint64]int32{10: 1, 20: 2, 30: 3, 40: 1} {
		if df[k] != want {
			t.Errorf("df(%d) = %d, want %d", k, df[k], want)
		}
	}
	for i := 1; i < len(v.df); i++ {
		if v.df[i] < v.df[i-1] {
			t.Errorf("df by id not ascending: %v", v.df)
		}
	}
	if got := v.lookup([]uint64{30, 99, 10}); len(got) != 2 || v.df[got[0]] != 3 || v.df[got[1]] != 1 {
		t.Errorf("lookup = %v (df %v)", got, v.df)
	}
}

// TestLayOutParallel checks that the occurrences laid out by several
// workers are those one pass lays out, slot for slot.
func TestLayOutParallel(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	keys := make([][]uint64, 1000)
	for x := range keys {
		for range r.IntN(40) {
			keys[x] = append(keys[x], 1+r.Uint64N(5000))
		}
	}
	want, wantCount := layOut(cloneKeys(keys), 7, 1)
	for _, workers := range []int{2, 3, 8} {
		got, count := layOut(cloneKeys(keys), 7, workers)
		if *count != *wantCount || !slices.Equal(got, want) {
			t.Fatalf("%d workers: the layout differs from one pass's", workers)
		}
	}
}

// cloneKeys copies keys: numbering them replaces them by their hashes.
func cloneKeys(keys [][]uint64) [][]uint64 {
	out := make([][]uint64, len(keys))
	for i, k := range keys {
		out[i] = slices.Clone(k)
	}
	return out
}
