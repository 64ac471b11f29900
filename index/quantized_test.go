package index

import (
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestQuantizedIsExhaustive checks that the quantized search returns
// exactly, to the bit, what the exhaustive scan returns, for several k,
// with and without a filter, with a field of weight 0 (its postings
// score nothing), on documents where many scores tie or nearly tie: a
// bound that were wrong by one quantization step would drop some of the
// k best.
func TestQuantizedIsExhaustive(t *testing.T) {
	const n, v = 30000, 4000
	opts := DefaultBM25Options()
	opts.Weights[FieldPath] = 0
	l := NewLexical(zipfDocs(n, v, 21), strings.Fields, opts)
	if l.quant == nil {
		t.Fatal("no quantized streams: the test needs a large index")
	}
	qs := zipfQueries(150, v, 23)
	// A term whose weight · idf is below quantMinWeight sends the query
	// to the pruned search.
	qs = append(qs, []WeightedTerm{{Term: "w1", Weight: 1e-25}, {Term: "w2", Weight: 1}, {Term: "w3", Weight: 0.5}})
	// More than 64 terms: the candidates' documents are searched for
	// the terms after the 64th whether they hold them or not (heldTerms).
	long := make([]WeightedTerm, 90)
	for i := range long {
		long[i] = WeightedTerm{Term: "w" + strconv.Itoa(3*i+1), Weight: 1 + float64(i%7)/4}
	}
	rev := slices.Clone(long)
	slices.Reverse(rev)
	qs = append(qs, long, rev)
	checkExhaustive(t, l, qs, "quantized")
}

// TestQuantizedGroupsIsExhaustive checks SearchGroups' quantized path
// against the first groups of the exhaustive scan's hits.
func TestQuantizedGroupsIsExhaustive(t *testing.T) {
	const n, v = 30000, 4000
	l := NewLexical(zipfDocs(n, v, 25), strings.Fields, DefaultBM25Options())
	if l.quant == nil {
		t.Fatal("no quantized streams: the test needs a large index")
	}
	checkGroupsExhaustive(t, l, 5, 27, "quantized")
}

// TestQuantizedGroupsFirstTry checks the grouped quantized search, which
// first searches for n + n/4 documents, against the first groups of the
// exhaustive scan's k hits, with groups so large that those documents
// often hold fewer than n groups (and it must search again), and so small
// that they seldom do; both cases must occur.
func TestQuantizedGroupsFirstTry(t *testing.T) {
	const n = 30000
	l := NewLexical(zipfDocs(n, 4000, 29), strings.Fields, DefaultBM25Options())
	saved := pruneMinPostings
	defer func() { pruneMinPostings = saved }()
	r := rand.New(rand.NewPCG(31, 32))
	again, once := 0, 0
	for _, groups := range []int{n / 2, 400, 60} {
		group := make([]int32, n)
		for d := range group {
			group[d] = int32(r.IntN(groups))
		}
		for qi, q := range zipfQueries(30, 4000, uint64(groups)) {
			kn := [][2]int{{400, 100}, {40, 10}, {130, 100}}[qi%3]
			pruneMinPostings = math.MaxInt
			want := refGroups(l, q, kn[0], nil, group, kn[1])
			first := refGroups(l, q, kn[1]+kn[1]/4, nil, group, kn[1])
			if len(first) < kn[1] {
				again++
			} else {
				once++
			}
			pruneMinPostings = 0
			if got := l.SearchGroups(q, kn[0], nil, group, groups, kn[1]); !slices.Equal(got, want) {
				t.Fatalf("%d groups, query %d, k=%d, n=%d: the grouped search differs\n got %v\nwant %v", groups, qi, kn[0], kn[1], head(got), head(want))
			}
		}
	}
	if again == 0 || once == 0 {
		t.Errorf("searched again %d times, once %d times: want both", again, once)
	}
}

// TestQuantizedSmallIndexes runs the grouped and plain searches of small
// random indexes (k up to more than the documents, empty results) with
// the quantized streams forced on, and blocks of 1 to 40 documents.
func TestQuantizedSmallIndexes(t *testing.T) {
	savedQ, savedP, savedB := quantMinPostings, pruneMinPostings, quantBlock
	defer func() { quantMinPostings, pruneMinPostings, quantBlock = savedQ, savedP, savedB }()
	quantMinPostings = 0
	r := rand.New(rand.NewPCG(13, 14))
	for round := range 40 {
		quantBlock = 1 + r.IntN(40)
		docs := zipfDocs(1+r.IntN(300), 30, uint64(round))
		l := NewLexical(docs, strings.Fields, DefaultBM25Options())
		group := make([]int32, len(docs))
		groups := 1 + r.IntN(len(docs))
		for d := range group {
			group[d] = int32(r.IntN(groups))
		}
		for qi, q := range zipfQueries(10, 30, uint64(round)) {
			k := 1 + r.IntN(len(docs)+20)
			var filter func(int) bool
			if qi%3 == 0 {
				filter = func(d int) bool { return d%2 == 0 }
			}
			pruneMinPostings = math.MaxInt
			want, wantG := l.Search(q, k, filter), refGroups(l, q, k, filter, group, groups/2)
			pruneMinPostings = 0
			got, gotG := l.Search(q, k, filter), l.SearchGroups(q, k, filter, group, groups, groups/2)
			if !slices.Equal(got, want) || !slices.Equal(gotG, wantG) {
				t.Fatalf("round %d, query %d, k=%d: quantized search differs\n got %v %v\nwant %v %v", round, qi, k, head(got), head(gotG), head(want), head(wantG))
			}
		}
	}
}

// TestQuantize checks the rounding up of the saturated tf'.
func TestQuantize(t *testing.T) {
	for _, c := range []struct {
		sat  float64
		want byte
	}{{1e-12, 1}, {1.0 / 255, 1}, {1.0/255 + 1e-9, 2}, {0.5, 128}, {0.999999, 255}} {
		if got := quantize(c.sat); got != c.want {
			t.Errorf("quantize(%v) = %d, want %d", c.sat, got, c.want)
		}
		if q := float64(quantize(c.sat)); q/quantLevels < c.sat || (q-1)/quantLevels >= c.sat {
			t.Errorf("quantize(%v) = %v does not bound it", c.sat, q)
		}
	}
}

// BenchmarkQuantizedSearch compares the quantized search with the
// pruned one (MaxScore) on a Zipf corpus of 100,000 documents, k = 100.
func BenchmarkQuantizedSearch(b *testing.B) {
	const n, v = 100000, 4000
	l := NewLexical(zipfDocs(n, v, 31), strings.Fields, DefaultBM25Options())
	qs := zipfQueries(200, v, 33)
	quant := l.quant
	for _, mode := range []string{"pruned", "quantized"} {
		b.Run("search="+mode, func(b *testing.B) {
			l.quant = nil
			if mode == "quantized" {
				l.quant = quant
			}
			i := 0
			for b.Loop() {
				l.Search(qs[i%len(qs)], 100, nil)
				i++
			}
		})
	}
}

// TestSummariesSplit checks that the skip entries, bounds and quantized
// streams are the same whatever the number of runs of terms they are
// computed in.
func TestSummariesSplit(t *testing.T) {
	l := NewLexical(zipfDocs(20000, 3000, 41), strings.Fields, DefaultBM25Options())
	if l.quant == nil {
		t.Fatal("no quantized streams: the test needs a large index")
	}
	l.skips, l.quant = nil, nil
	l.setSummaries(1)
	want := struct {
		skips   []skipEntry
		skipOff []uint32
		satMax  []float64
		quant   *quantStream
	}{l.skips, l.skipOff, l.satMax, l.quant}
	for _, n := range []int{2, 7, 64, 100000} {
		l.skips, l.quant = nil, nil
		l.setSummaries(n)
		if !slices.Equal(l.skips, want.skips) || !slices.Equal(l.skipOff, want.skipOff) || !slices.Equal(l.satMax, want.satMax) ||
			!slices.Equal(l.quant.b, want.quant.b) || !slices.Equal(l.quant.off, want.quant.off) {
			t.Errorf("%d runs: the summaries differ from one run's", n)
		}
	}
}

// TestSkipBelow checks the threshold under which quantCandidates skips
// documents: every upper sum at or below it misses θ, and the next one
// up would not.
func TestSkipBelow(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for range 20000 {
		unit := math.Ldexp(1+r.Float64(), r.IntN(40)-50)
		theta := float64(r.IntN(1<<20)) * unit * (1 + r.Float64()*1e-8)
		s := skipBelow(theta, unit)
		if s&(1<<32-1) != 1<<32-1 {
			t.Fatalf("skipBelow(%g, %g) = %#x: a lower sum is cut off", theta, unit, s)
		}
		u := s >> 32
		if u > 0 && upperBound(u, unit) >= theta {
			t.Fatalf("skipBelow(%g, %g): upper sum %d reaches θ", theta, unit, u)
		}
		if upperBound(u+1, unit) < theta {
			t.Fatalf("skipBelow(%g, %g): upper sum %d also misses θ", theta, unit, u+1)
		}
	}
}

// TestNextAbove checks nextAbove against a plain scan, from every start,
// on lengths around its step of four and values around skip.
func TestNextAbove(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	const skip = 100
	for n := range 14 {
		for range 50 {
			bounds := make([]uint64, n)
			for i := range bounds {
				bounds[i] = skip - 1 + uint64(r.IntN(3))*uint64(r.IntN(2))
			}
			for from := 0; from <= n; from++ {
				want := from
				for want < n && bounds[want] <= skip {
					want++
				}
				if got := nextAbove(bounds, from, skip); got != want {
					t.Fatalf("nextAbove(%v, %d) = %d, want %d", bounds, from, got, want)
				}
			}
		}
	}
}
