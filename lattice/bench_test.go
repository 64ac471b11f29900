package lattice_test

import (
	"runtime"
	"testing"
	"time"

	"github.com/ikawaha/kagome-dict/ipa"
	"github.com/ikawaha/kagome/v2/tokenizer"

	"github.com/soudan-desk/soudan/bench"
	"github.com/soudan-desk/soudan/corpus"
	"github.com/soudan-desk/soudan/lattice"
)

// benchTexts are the normalised texts of the benchmarks: "queries" the
// suites' queries (what a search analyses), "fields" the default corpus's
// fields (what a build analyses).
func benchTexts(b *testing.B) map[string][]string {
	c, err := corpus.LoadDefault()
	if err != nil {
		b.Fatal(err)
	}
	var fields []string
	for _, en := range c.Entries {
		fields = append(fields, en.Title, en.Answer)
		fields = append(fields, en.Examples...)
	}
	qs, err := bench.LoadQueries("../eval/testdata/callers.jsonl")
	if err != nil {
		b.Fatal(err)
	}
	out := map[string][]string{"queries": qs, "fields": fields}
	for _, texts := range out {
		for i, s := range texts {
			texts[i] = corpus.Normalize(s)
		}
	}
	return out
}

// BenchmarkTokenize segments texts in Normal mode with kagome and with a
// Lattice, one pass of each in turn every iteration (so that both see the
// same load), and reports each one's time and allocations per text and
// kagome's time over the lattice's.
func BenchmarkTokenize(b *testing.B) {
	tok, ld := kagomeAndLattice()
	for _, set := range []string{"queries", "fields"} {
		texts := benchTexts(b)[set]
		b.Run(set, func(b *testing.B) {
			var toks []lattice.Token
			var k, l passCost
			for b.Loop() {
				k.add(func() {
					for _, s := range texts {
						tok.Analyze(s, tokenizer.Normal)
					}
				})
				l.add(func() {
					la := ld.Get()
					for _, s := range texts {
						if err := la.Build(s); err != nil {
							b.Fatal(err)
						}
						toks = la.Viterbi(lattice.Normal, toks)
					}
					ld.Put(la)
				})
			}
			n := float64(b.N * len(texts))
			b.ReportMetric(float64(k.took.Nanoseconds())/n, "kagome-ns/text")
			b.ReportMetric(float64(l.took.Nanoseconds())/n, "lattice-ns/text")
			b.ReportMetric(float64(k.mallocs)/n, "kagome-allocs/text")
			b.ReportMetric(float64(l.mallocs)/n, "lattice-allocs/text")
			b.ReportMetric(float64(k.took)/float64(l.took), "speedup")
			b.ReportMetric(0, "ns/op")
		})
	}
}

// passCost sums the time and allocations of passes.
type passCost struct {
	took    time.Duration
	mallocs uint64
}

// add runs pass and adds its cost.
func (c *passCost) add(pass func()) {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	pass()
	c.took += time.Since(start)
	runtime.ReadMemStats(&after)
	c.mallocs += after.Mallocs - before.Mallocs
}

// BenchmarkNew measures the flat tables' making from a loaded dictionary,
// which a process's start pays once.
func BenchmarkNew(b *testing.B) {
	d := ipa.Dict()
	for b.Loop() {
		if _, err := lattice.New(d); err != nil {
			b.Fatal(err)
		}
	}
}
