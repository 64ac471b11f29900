package web_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// benchQueries are the caller descriptions of both evaluation suites (211
// distinct queries, as desk staff type them). With -benchtime 211x every
// query is sent once, so none is served from the analyser's cache of recent
// texts.
var benchQueries = func() []string {
	var qs []string
	for _, path := range []string{"../eval/testdata/dev.jsonl", "../eval/testdata/callers.jsonl"} {
		data, err := os.ReadFile(path)
		if err != nil {
			panic(err)
		}
		for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
			var q struct{ Query string }
			if err := json.Unmarshal([]byte(line), &q); err != nil {
				panic(err)
			}
			qs = append(qs, q.Query)
		}
	}
	return qs
}()

// BenchmarkSearchHTTP measures POST /api/search over loopback HTTP on the
// default corpus with 8 concurrent clients (a busy desk) and with one,
// reporting the latency percentiles staff feel (p50-ms, p99-ms) and the
// throughput.
func BenchmarkSearchHTTP(b *testing.B) {
	base := startHTTP(b, newServer(mustDefaultEngine(b)))
	for _, clients := range []int{8, 1} {
		b.Run("clients="+strconv.Itoa(clients), func(b *testing.B) { benchSearch(b, base, clients) })
	}
}

func benchSearch(b *testing.B, base string, clients int) {
	bodies := make([][]byte, len(benchQueries))
	for i, q := range benchQueries {
		bodies[i] = []byte(`{"query":` + strconv.Quote(q) + `,"k":10}`)
	}
	transport := &http.Transport{MaxIdleConnsPerHost: clients}
	defer transport.CloseIdleConnections()
	client := &http.Client{Transport: transport}

	var next atomic.Int64
	lat := make([][]time.Duration, clients)
	var wg sync.WaitGroup
	b.ResetTimer()
	start := time.Now()
	for c := range clients {
		wg.Go(func() {
			for {
				i := next.Add(1) - 1
				if i >= int64(b.N) {
					return
				}
				t0 := time.Now()
				resp, err := client.Post(base+"/api/search", "application/json", bytes.NewReader(bodies[i%int64(len(bodies))]))
				if err != nil {
					b.Error(err)
					return
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					b.Errorf("status %d", resp.StatusCode)
					return
				}
				lat[c] = append(lat[c], time.Since(t0))
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()

	all := slices.Concat(lat...)
	if len(all) == 0 {
		return
	}
	slices.Sort(all)
	pct := func(p float64) float64 {
		i := int(p * float64(len(all)-1))
		return float64(all[i].Microseconds()) / 1000
	}
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
	b.ReportMetric(float64(len(all))/elapsed.Seconds(), "req/s")
}
