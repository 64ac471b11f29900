package web_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/soudan-desk/soudan/metrics"
	"github.com/soudan-desk/soudan/web"
)

// TestDupesReportCached: the report is computed once per marks version;
// a mark through the server computes it anew; paging slices the cached
// report and bad paging parameters are 400.
func TestDupesReportCached(t *testing.T) {
	f := &fakeDupes{}
	srv := web.New(web.Config{Logger: quietLogger(), Dupes: f})
	get := func(target string) response {
		t.Helper()
		r := do(srv, "GET", target, "", nil)
		if r.status != 200 {
			t.Fatalf("%s: %d %s", target, r.status, r.body)
		}
		return r
	}
	get("/api/duplicates")
	get("/api/duplicates")
	if n := f.reports.Load(); n != 1 {
		t.Fatalf("report computed %d times for two identical asks, want 1", n)
	}
	get("/api/duplicates?all=1")
	if n := f.reports.Load(); n != 2 {
		t.Fatalf("a different query reused the cache (%d computations)", n)
	}
	if r := do(srv, "POST", "/api/duplicates/marks", "application/json", []byte(markBody)); r.status != 200 {
		t.Fatalf("mark: %d %s", r.status, r.body)
	}
	get("/api/duplicates")
	if n := f.reports.Load(); n != 3 {
		t.Fatalf("a mark did not invalidate the cached report (%d computations)", n)
	}
	var page struct {
		Pairs  []json.RawMessage `json:"pairs"`
		Offset int               `json:"offset"`
		Total  int               `json:"total"`
	}
	if err := json.Unmarshal(get("/api/duplicates?offset=1&limit=1").body, &page); err != nil {
		t.Fatal(err)
	}
	if len(page.Pairs) != 1 || page.Offset != 1 || page.Total != 3 {
		t.Errorf("page = %d pairs, offset %d, total %d", len(page.Pairs), page.Offset, page.Total)
	}
	for _, bad := range []string{"?offset=-1", "?limit=x", "?threshold=%zz", "?threshold=abc", "?all=maybe"} {
		if r := do(srv, "GET", "/api/duplicates"+bad, "", nil); r.status != 400 {
			t.Errorf("%s: %d, want 400", bad, r.status)
		}
	}
}

// TestExpensiveLimit: with the only slot taken, another expensive request
// gets 429 with Retry-After in the JSON error format, while search routes
// are untouched; a request past its deadline gets 503.
func TestExpensiveLimit(t *testing.T) {
	f := &fakeDupes{block: make(chan struct{})}
	srv := web.New(web.Config{Logger: quietLogger(), Dupes: f, ExpensiveConcurrency: 1, ExpensiveTimeout: 2 * time.Second})
	first := make(chan int)
	go func() {
		w := httptest.NewRecorder()
		srv.ServeHTTP(w, httptest.NewRequest("GET", "/api/duplicates", nil))
		first <- w.Code
	}()
	for f.reports.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	r := do(srv, "GET", "/api/duplicates?all=1", "", nil)
	if r.status != http.StatusTooManyRequests || r.header.Get("Retry-After") == "" {
		t.Fatalf("second expensive request: %d, Retry-After %q", r.status, r.header.Get("Retry-After"))
	}
	if code, _ := errorOf(t, r); code != "too_many_requests" {
		t.Errorf("code %q", code)
	}
	if r := do(srv, "GET", "/healthz", "", nil); r.status == http.StatusTooManyRequests {
		t.Error("a cheap route was limited")
	}
	close(f.block)
	if code := <-first; code != 200 {
		t.Errorf("first request: %d", code)
	}

	slow := &fakeDupes{block: make(chan struct{})}
	srv = web.New(web.Config{Logger: quietLogger(), Dupes: slow, ExpensiveTimeout: 50 * time.Millisecond})
	if r := do(srv, "GET", "/api/duplicates", "", nil); r.status != http.StatusServiceUnavailable {
		t.Errorf("past the deadline: %d %s", r.status, r.body)
	}
}

// TestDupesDiff: one pair's diff on request; unknown IDs are 404, missing
// ones 400.
func TestDupesDiff(t *testing.T) {
	eng := newFakeEngine(t)
	srv := web.New(web.Config{Logger: quietLogger(), Engine: eng, Dupes: &fakeDupes{}})
	es := eng.Corpus().Entries
	r := do(srv, "GET", "/api/duplicates/diff?a="+es[0].ID+"&b="+es[1].ID, "", nil)
	var d struct {
		A, B string
		Diff struct {
			Left, Right []json.RawMessage
		}
	}
	if err := json.Unmarshal(r.body, &d); err != nil || r.status != 200 || d.A != es[0].ID || len(d.Diff.Left) == 0 {
		t.Fatalf("diff: %d %s (%v)", r.status, r.body, err)
	}
	if r := do(srv, "GET", "/api/duplicates/diff?a="+es[0].ID+"&b=nope", "", nil); r.status != 404 {
		t.Errorf("unknown id: %d", r.status)
	}
	if r := do(srv, "GET", "/api/duplicates/diff?a="+es[0].ID, "", nil); r.status != 400 {
		t.Errorf("missing id: %d", r.status)
	}
}

// TestSearchMetrics: each answered search, computed or from the cache,
// counts once by confidence level and once in the duration histogram.
func TestSearchMetrics(t *testing.T) {
	srv := web.New(web.Config{Logger: quietLogger(), Engine: newFakeEngine(t), CacheBytes: 1 << 20})
	count := func() (n float64) {
		for _, l := range []string{"high", "low", "none"} {
			n += testutil.ToFloat64(metrics.SearchConfidence.WithLabelValues(l))
		}
		return n
	}
	before := count()
	for range 2 { // a miss, then a hit
		if r := do(srv, "GET", "/api/search?q="+url.QueryEscape("架空請求"), "", nil); r.status != 200 {
			t.Fatalf("search: %d %s", r.status, r.body)
		}
	}
	if got := count() - before; got != 2 {
		t.Errorf("confidence counted %v times for two searches", got)
	}
}
