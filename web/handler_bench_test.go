package web_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/soudan-desk/soudan/bench"
	"github.com/soudan-desk/soudan/corpus"
	"github.com/soudan-desk/soudan/retrieval"
	"github.com/soudan-desk/soudan/web"
)

// cannedEngine answers each query with the response the default engine
// gave it beforehand, so that a benchmark of the server measures the
// HTTP path alone (routing, middleware, decoding, encoding, metrics and
// the log line) on answers of real size.
type cannedEngine struct {
	c       *corpus.Corpus
	answers map[string]*retrieval.Response
}

func (e *cannedEngine) Corpus() *corpus.Corpus { return e.c }

func (e *cannedEngine) Search(_ context.Context, q retrieval.Query) (*retrieval.Response, error) {
	resp := *e.answers[q.Text] // a copy: the server may change Took and Query
	return &resp, nil
}

// newCannedEngine searches every query once with the default engine.
func newCannedEngine(tb testing.TB, queries []string) *cannedEngine {
	eng := mustDefaultEngine(tb)
	e := &cannedEngine{c: eng.Corpus(), answers: map[string]*retrieval.Response{}}
	for _, q := range queries {
		resp, err := eng.Search(context.Background(), retrieval.Query{Text: q, K: 10})
		if err != nil {
			tb.Fatal(err)
		}
		e.answers[q] = resp
	}
	return e
}

// discardWriter is a ResponseWriter that keeps the headers and counts the
// body's bytes.
type discardWriter struct {
	h      http.Header
	status int
	n      int
}

func (w *discardWriter) Header() http.Header { return w.h }

func (w *discardWriter) Write(p []byte) (int, error) {
	w.n += len(p)
	return len(p), nil
}

func (w *discardWriter) WriteHeader(status int) { w.status = status }

// BenchmarkHandlerSearch measures the server's own cost of a POST
// /api/search, from the handler's entry to the answer's last byte
// (without the network), with an engine that returns canned answers of
// the suites' descriptions and the request log in JSON, discarded:
//
//	go test ./web -run '^$' -bench HandlerSearch -benchmem
func BenchmarkHandlerSearch(b *testing.B) {
	eng := newCannedEngine(b, benchQueries)
	srv := web.New(web.Config{Engine: eng, Logger: slog.New(slog.NewJSONHandler(io.Discard, nil)),
		AllowedHosts: web.AllowedHosts("127.0.0.1:8080", nil)})
	bodies := make([][]byte, len(benchQueries))
	for i, q := range benchQueries {
		bodies[i] = []byte(`{"query":` + strconv.Quote(q) + `,"k":10}`)
	}
	w := &discardWriter{h: http.Header{}}
	bytesOut := 0
	i := 0
	for b.Loop() {
		req, err := http.NewRequest(http.MethodPost, "http://127.0.0.1:8080/api/search", bytes.NewReader(bodies[i%len(bodies)]))
		if err != nil {
			b.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/json")
		clear(w.h)
		w.n = 0
		srv.ServeHTTP(w, req)
		if w.status != http.StatusOK {
			b.Fatalf("status %d", w.status)
		}
		bytesOut += w.n
		i++
	}
	b.ReportMetric(float64(bytesOut)/float64(b.N), "body-B/op")
}

// BenchmarkHTTPCanned measures what a search costs the machine apart from
// the search itself: the server (with canned answers) and `soudan bench`'s
// client in one process over loopback, 8 clients, reporting the process's
// CPU time a request (cpu-us/op: user and system, both sides), with each
// answer corked into one write (web.Listener) and without:
//
//	go test ./web -run '^$' -bench HTTPCanned -benchtime 20000x
func BenchmarkHTTPCanned(b *testing.B) {
	eng := newCannedEngine(b, benchQueries)
	for _, corked := range []bool{true, false} {
		b.Run("corked="+strconv.FormatBool(corked), func(b *testing.B) {
			srv := web.New(web.Config{Engine: eng, Logger: slog.New(slog.NewJSONHandler(io.Discard, nil)),
				AllowedHosts: web.AllowedHosts("127.0.0.1:0", nil)})
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				b.Fatal(err)
			}
			hs := srv.HTTPServer(ln.Addr().String())
			if corked {
				ln = web.Listener(ln)
			}
			go hs.Serve(ln)
			defer hs.Close()
			target, err := bench.NewSoudan("http://"+ln.Addr().String(), 10)
			if err != nil {
				b.Fatal(err)
			}
			cfg := bench.Config{Target: target, Queries: benchQueries, Clients: 8}
			if _, err := bench.Run(context.Background(), cfg); err != nil { // connect and warm up
				b.Fatal(err)
			}
			cfg.Requests = b.N
			cpu0, sys0 := processCPU(b)
			b.ResetTimer()
			res, err := bench.Run(context.Background(), cfg)
			b.StopTimer()
			if err != nil {
				b.Fatal(err)
			}
			if res.Errors > 0 {
				b.Fatalf("%d errors: %v", res.Errors, res.ErrorKinds)
			}
			cpu1, sys1 := processCPU(b)
			b.ReportMetric(float64((cpu1-cpu0).Microseconds())/float64(b.N), "cpu-us/op")
			b.ReportMetric(float64((sys1-sys0).Microseconds())/float64(b.N), "sys-us/op")
			b.ReportMetric(res.Throughput, "req/s")
			b.ReportMetric(float64(res.P99.Microseconds())/1000, "p99-ms")
		})
	}
}

// processCPU is the user and system time the process has used, and the
// system time alone.
func processCPU(tb testing.TB) (cpu, sys time.Duration) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		tb.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), time.Duration(ru.Stime.Nano())
}
