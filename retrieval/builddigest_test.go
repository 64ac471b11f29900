package retrieval

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"hash"
	"math"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// TestBuildDigest pins the content of every index a build makes (the
// four lexical indexes' terms, postings, forward lists, norms, skips and
// quantized impacts, the reading lexicon's words, the vectors) on 3,000
// synthetic entries, as digests in testdata/build_digest.golden: a change
// to how the build computes them must leave them bit for bit the same. The
// build runs twice, its indexes side by side and (as above
// keepAnalysesMax entries) one after the other, to the same digests.
func TestBuildDigest(t *testing.T) {
	if testing.Short() {
		t.Skip("builds 3,000 entries twice")
	}
	c := syntheticCorpus(t, 3000)
	var got []string
	for _, keep := range []int{keepAnalysesMax, 1000} {
		func() {
			defer func(k int) { keepAnalysesMax = k }(keepAnalysesMax)
			keepAnalysesMax = keep
			e, err := New(context.Background(), c, DefaultOptions())
			if err != nil {
				t.Fatal(err)
			}
			lines := engineDigests(e)
			if got != nil && !slices.Equal(lines, got) {
				t.Fatalf("keepAnalysesMax %d: digests\n%s\nwant those of the side-by-side build\n%s", keep, strings.Join(lines, "\n"), strings.Join(got, "\n"))
			}
			got = lines
		}()
	}
	text := strings.Join(got, "\n") + "\n"
	const golden = "testdata/build_digest.golden"
	if *updateTop10 {
		if err := os.WriteFile(golden, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if text != string(want) {
		t.Errorf("build digests\n%s\nwant (%s)\n%s", text, golden, want)
	}
}

// engineDigests returns a line "name sha256" for each index of e.
func engineDigests(e *Engine) []string {
	parts := []struct {
		name string
		v    any
	}{
		{"tokens", e.tokens}, {"bigrams", e.bigrams}, {"readings", e.readings},
		{"examples", e.examples}, {"vectors", e.vec.index.Load()},
		// The lexicon's words; its trie numbers its nodes in the words'
		// map order, which differs from run to run.
		{"lexicon words", reflect.ValueOf(e.lex).Elem().FieldByName("words")},
		{"lexicon min", e.lex.MinRunes},
	}
	var out []string
	for _, p := range parts {
		h := sha256.New()
		v, ok := p.v.(reflect.Value)
		if !ok {
			v = reflect.ValueOf(p.v)
		}
		digestValue(h, v)
		out = append(out, fmt.Sprintf("%s %x", p.name, h.Sum(nil)))
	}
	return out
}

// digestValue writes the content of v to h: numbers by their bits,
// strings, slices and arrays element by element with their lengths, maps
// in the order of their keys' digests, pointers by what they point to. It
// leaves out functions, channels, interfaces (the embedder, the
// tokenizer) and the synchronisation and scratch state (sync.Pool).
func digestValue(h hash.Hash, v reflect.Value) {
	var buf [8]byte
	put := func(x uint64) {
		binary.LittleEndian.PutUint64(buf[:], x)
		h.Write(buf[:])
	}
	switch v.Kind() {
	case reflect.Bool:
		put(map[bool]uint64{false: 0, true: 1}[v.Bool()])
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		put(uint64(v.Int()))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		put(v.Uint())
	case reflect.Float32, reflect.Float64:
		put(math.Float64bits(v.Float()))
	case reflect.String:
		put(uint64(v.Len()))
		h.Write([]byte(v.String()))
	case reflect.Slice, reflect.Array:
		put(uint64(v.Len()))
		for i := range v.Len() {
			digestValue(h, v.Index(i))
		}
	case reflect.Map:
		digestMap(h, v)
	case reflect.Pointer:
		if v.IsNil() {
			put(0)
			return
		}
		digestValue(h, v.Elem())
	case reflect.Struct:
		if v.Type().PkgPath() == "sync" {
			return
		}
		for i := range v.NumField() {
			digestValue(h, v.Field(i))
		}
	}
}

// digestMap writes map v to h, its entries in the order of their keys'
// digests.
func digestMap(h hash.Hash, v reflect.Value) {
	type entry struct{ k, v []byte }
	var es []entry
	it := v.MapRange()
	for it.Next() {
		kh, vh := sha256.New(), sha256.New()
		digestValue(kh, it.Key())
		digestValue(vh, it.Value())
		es = append(es, entry{kh.Sum(nil), vh.Sum(nil)})
	}
	slices.SortFunc(es, func(a, b entry) int { return cmp.Compare(string(a.k), string(b.k)) })
	fmt.Fprintf(h, "map%d", len(es))
	for _, e := range es {
		h.Write(e.k)
		h.Write(e.v)
	}
}
