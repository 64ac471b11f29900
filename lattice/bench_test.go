package lattice_test

import (
	"runtime"
	"syscall"
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

// BenchmarkPrefixes segments the typing prefixes of the suites' queries
// (search-as-you-type traffic: each text new) as the analyser does: a
// lattice, Viterbi in Normal mode, and again in Search mode when Search
// mode would penalise a token of the Normal-mode path. It reports the
// time a text, and the process's CPU time a text (steadier than the time
// on a busy machine).
func BenchmarkPrefixes(b *testing.B) {
	var qs []string
	for _, path := range []string{"../eval/testdata/dev.jsonl", "../eval/testdata/callers.jsonl"} {
		q, err := bench.LoadQueries(path)
		if err != nil {
			b.Fatal(err)
		}
		qs = append(qs, q...)
	}
	texts := bench.Prefixes(qs, 1, 1)
	for i, s := range texts {
		texts[i] = corpus.Normalize(s)
	}
	_, ld := kagomeAndLattice()
	la := ld.Get()
	n := 0
	runtime.GC() // the dictionary's garbage, before the clock starts
	cpu0 := processCPU()
	for b.Loop() {
		for _, s := range texts {
			if err := la.Build(s); err != nil {
				b.Fatal(err)
			}
			if penalised(la.Best(lattice.Normal)) {
				la.Best(lattice.Search)
			}
		}
		n += len(texts)
	}
	b.ReportMetric(float64((processCPU()-cpu0).Nanoseconds())/float64(n), "cpu-ns/text")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(n), "ns/text")
	b.ReportMetric(0, "ns/op")
}

// processCPU returns the process's CPU time (user and system) so far.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// penalised reports whether Search mode penalises one of toks.
func penalised(toks []lattice.Token) bool {
	for _, t := range toks {
		if lattice.Penalty(t.Surface, t.End-t.Start) > 0 {
			return true
		}
	}
	return false
}
