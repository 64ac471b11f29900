package index_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/soudan-desk/soudan/index"
)

// Benchmark sizes, as in chromem-go's sized benchmarks.
var benchSizes = []int{10_000, 100_000}

// benchCache keeps corpora and indexes built by one benchmark for the
// others, so that a run builds each 100k index once. Benchmarks run one at
// a time; the lock only guards the map, not the builds, which nest.
var benchCache struct {
	sync.Mutex
	m map[string]any
}

func cached[T any](key string, build func() T) T {
	benchCache.Lock()
	v, ok := benchCache.m[key]
	benchCache.Unlock()
	if ok {
		return v.(T)
	}
	t := build()
	store(key, t)
	return t
}

func store(key string, v any) {
	benchCache.Lock()
	defer benchCache.Unlock()
	if benchCache.m == nil {
		benchCache.m = make(map[string]any)
	}
	benchCache.m[key] = v
}

func benchDocs(n int) []index.Doc {
	return cached(fmt.Sprintf("docs/%d", n), func() []index.Doc { return syntheticDocs(n, 42) })
}

func benchTexts(n int) (ids, texts []string) {
	type pair struct{ ids, texts []string }
	p := cached(fmt.Sprintf("texts/%d", n), func() pair {
		var p pair
		for _, d := range benchDocs(n) {
			p.ids = append(p.ids, d.ID)
			p.texts = append(p.texts, strings.Join(d.Fields[:], "\n"))
		}
		return p
	})
	return p.ids, p.texts
}

var benchQueries = syntheticQueries(200, 4242)

type signal struct {
	name     string
	tokenize func(string) []string
}

func signals() []signal {
	return []signal{{"terms", index.Default().Terms}, {"bigrams", index.Bigrams}}
}

func lexical(n int, s signal) *index.Lexical {
	return cached(fmt.Sprintf("lexical/%s/%d", s.name, n), func() *index.Lexical {
		return index.NewLexical(benchDocs(n), s.tokenize, index.DefaultBM25Options())
	})
}

func localEmbedder(n int) *index.Local {
	return cached(fmt.Sprintf("local/%d", n), func() *index.Local {
		_, texts := benchTexts(n)
		l, err := index.NewLocal(texts, index.LocalOptions{})
		if err != nil {
			panic(err)
		}
		return l
	})
}

func vectorIndex(n int) *index.Vector {
	return cached(fmt.Sprintf("vector/%d", n), func() *index.Vector {
		ids, texts := benchTexts(n)
		v, err := index.NewVector(context.Background(), localEmbedder(n), ids, texts)
		if err != nil {
			panic(err)
		}
		return v
	})
}

// reportLatency reports the median and 90th percentile of per-query times.
func reportLatency(b *testing.B, d []time.Duration) {
	if len(d) == 0 {
		return
	}
	slices.Sort(d)
	ms := func(x time.Duration) float64 { return float64(x) / float64(time.Millisecond) }
	b.ReportMetric(ms(d[len(d)/2]), "p50-ms")
	b.ReportMetric(ms(d[len(d)*9/10]), "p90-ms")
}

func BenchmarkLexicalBuild(b *testing.B) {
	for _, s := range signals() {
		for _, n := range benchSizes {
			b.Run(fmt.Sprintf("signal=%s/docs=%d", s.name, n), func(b *testing.B) {
				docs := benchDocs(n)
				var l *index.Lexical
				b.ResetTimer()
				for b.Loop() {
					l = index.NewLexical(docs, s.tokenize, index.DefaultBM25Options())
				}
				store(fmt.Sprintf("lexical/%s/%d", s.name, n), l) // for BenchmarkLexicalSearch
			})
		}
	}
}

// BenchmarkLexicalSearch measures one signal's search at k = 10 and at
// k = 100, the depth the engine ranks each signal to.
func BenchmarkLexicalSearch(b *testing.B) {
	for _, s := range signals() {
		for _, n := range benchSizes {
			for _, k := range []int{10, 100} {
				b.Run(fmt.Sprintf("signal=%s/docs=%d/k=%d", s.name, n, k), func(b *testing.B) {
					l := lexical(n, s)
					var lat []time.Duration
					i := 0
					b.ResetTimer()
					for b.Loop() {
						start := time.Now()
						// Tokenizing the query is part of the query time.
						l.Search(l.QueryTerms(benchQueries[i%len(benchQueries)]), k, nil)
						lat = append(lat, time.Since(start))
						i++
					}
					reportLatency(b, lat)
				})
			}
		}
	}
}

func BenchmarkLocalFit(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("docs=%d", n), func(b *testing.B) {
			_, texts := benchTexts(n)
			var l *index.Local
			b.ResetTimer()
			for b.Loop() {
				var err error
				if l, err = index.NewLocal(texts, index.LocalOptions{}); err != nil {
					b.Fatal(err)
				}
			}
			store(fmt.Sprintf("local/%d", n), l) // for BenchmarkVectorBuild
			b.ReportMetric(float64(l.Dim()), "dims")
		})
	}
}

func BenchmarkVectorBuild(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("embedder=local/docs=%d", n), func(b *testing.B) {
			ids, texts := benchTexts(n)
			e := localEmbedder(n)
			var v *index.Vector
			b.ResetTimer()
			for b.Loop() {
				var err error
				if v, err = index.NewVector(context.Background(), e, ids, texts); err != nil {
					b.Fatal(err)
				}
			}
			store(fmt.Sprintf("vector/%d", n), v) // for BenchmarkVectorSearch
		})
	}
}

func BenchmarkVectorSearch(b *testing.B) {
	ctx := context.Background()
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("embedder=local/docs=%d", n), func(b *testing.B) {
			v := vectorIndex(n)
			var lat []time.Duration
			i := 0
			b.ResetTimer()
			for b.Loop() {
				start := time.Now()
				if _, err := v.Search(ctx, benchQueries[i%len(benchQueries)], 10); err != nil {
					b.Fatal(err)
				}
				lat = append(lat, time.Since(start))
				i++
			}
			reportLatency(b, lat)
		})
	}
}

func BenchmarkAnalyzerTerms(b *testing.B) {
	a := index.Default()
	_, texts := benchTexts(10_000)
	i := 0
	for b.Loop() {
		a.Terms(texts[i%len(texts)])
		i++
	}
}

func BenchmarkBigrams(b *testing.B) {
	_, texts := benchTexts(10_000)
	i := 0
	for b.Loop() {
		index.Bigrams(texts[i%len(texts)])
		i++
	}
}
