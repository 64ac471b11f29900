package lattice_test

import (
	"testing"
	"time"

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
// Lattice, and reports the time and allocations per text.
func BenchmarkTokenize(b *testing.B) {
	tok, ld := kagomeAndLattice()
	for _, set := range []string{"queries", "fields"} {
		texts := benchTexts(b)[set]
		b.Run(set+"/kagome", func(b *testing.B) {
			perText(b, len(texts), func() {
				for _, s := range texts {
					tok.Analyze(s, tokenizer.Normal)
				}
			})
		})
		b.Run(set+"/lattice", func(b *testing.B) {
			var toks []lattice.Token
			perText(b, len(texts), func() {
				la := ld.Get()
				for _, s := range texts {
					if err := la.Build(s); err != nil {
						b.Fatal(err)
					}
					toks = la.Viterbi(lattice.Normal, toks)
				}
				ld.Put(la)
			})
		})
	}
}

// perText runs pass (one pass over n texts) b.N times and reports the time
// and allocations per text.
func perText(b *testing.B, n int, pass func()) {
	b.ReportAllocs()
	start := time.Now()
	for b.Loop() {
		pass()
	}
	texts := float64(b.N * n)
	b.ReportMetric(float64(time.Since(start).Nanoseconds())/texts, "ns/text")
	b.ReportMetric(0, "ns/op")
}
