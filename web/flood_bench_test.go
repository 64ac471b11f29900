package web_test

import (
	"context"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/soudan-desk/soudan/bench"
	"github.com/soudan-desk/soudan/dupes"
	"github.com/soudan-desk/soudan/web"
)

// floodDuration is how long each phase of BenchmarkSearchUnderDupesFlood
// runs.
const floodDuration = 3 * time.Second

// BenchmarkSearchUnderDupesFlood re-runs issue 11's starvation attack: 16
// clients ask GET /api/duplicates?threshold=0&all=1 as fast as they can
// while one desk client searches. It reports the search p99 alone and under
// the flood (the target: under 20 ms), and what the flood got (answers and
// 429s). Loopback only, bounded in time:
//
//	go test ./web -run '^$' -bench SearchUnderDupesFlood -benchtime 1x
func BenchmarkSearchUnderDupesFlood(b *testing.B) {
	eng := mustDefaultEngine(b)
	marks, _ := newMarks(b)
	finder, err := dupes.New(context.Background(), eng.Corpus().Entries, dupes.Options{Marks: marks})
	if err != nil {
		b.Fatal(err)
	}
	srv := web.New(web.Config{Logger: quietLogger(), Engine: eng, Dupes: finder})
	ts := httptest.NewServer(srv)
	defer ts.Close()
	search, err := bench.NewSoudan(ts.URL, 10)
	if err != nil {
		b.Fatal(err)
	}
	flood, err := bench.NewTemplate(ts.URL + "/api/duplicates?threshold=0&all=1&x={q}")
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	// The report is computed once per corpus generation and marks
	// version; the flood measures what follows.
	if _, err := bench.Run(ctx, bench.Config{Target: flood, Queries: []string{"warm"}, Clients: 1}); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		alone, err := bench.Run(ctx, bench.Config{Target: search, Queries: benchQueries, Clients: 1, Duration: floodDuration})
		if err != nil {
			b.Fatal(err)
		}
		var wg sync.WaitGroup
		var flooded *bench.Result
		wg.Go(func() {
			flooded, err = bench.Run(ctx, bench.Config{Target: flood, Queries: []string{"1"}, Clients: 16, Duration: floodDuration})
		})
		under, serr := bench.Run(ctx, bench.Config{Target: search, Queries: benchQueries, Clients: 1, Duration: floodDuration})
		wg.Wait()
		if err != nil || serr != nil {
			b.Fatal(err, serr)
		}
		if under.Errors > 0 {
			b.Fatalf("searches failed under the flood: %v", under.ErrorKinds)
		}
		b.ReportMetric(ms(alone.P99), "search-p99-alone-ms")
		b.ReportMetric(ms(under.P99), "search-p99-flood-ms")
		b.ReportMetric(under.Throughput, "search-req/s-flood")
		b.ReportMetric(flooded.Throughput, "dupes-ok/s")
		b.ReportMetric(float64(flooded.ErrorKinds["HTTP 429"]), "dupes-429s")
		b.Logf("alone: p50 %v p99 %v; under flood: p50 %v p99 %v; flood: %d ok/s, errors %v",
			alone.P50, alone.P99, under.P50, under.P99, int(flooded.Throughput), flooded.ErrorKinds)
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
