package web_test

import (
	"context"
	"encoding/json"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/soudan-desk/soudan/api"
	"github.com/soudan-desk/soudan/corpus"
	"github.com/soudan-desk/soudan/metrics"
	"github.com/soudan-desk/soudan/retrieval"
	"github.com/soudan-desk/soudan/web"
)

// countingEngine counts the searches that reach the engine and can answer
// degraded, as an engine whose embedder is down does.
type countingEngine struct {
	*fakeEngine
	calls    atomic.Int64
	degraded bool
}

func (e *countingEngine) Search(ctx context.Context, q retrieval.Query) (*retrieval.Response, error) {
	e.calls.Add(1)
	resp, err := e.fakeEngine.Search(ctx, q)
	if resp != nil {
		resp.Degraded = e.degraded
		if q.Debug {
			resp.Signals = retrieval.ConfidenceSignals{Signals: 4}
		}
	}
	return resp, err
}

func newCachedServer(t *testing.T, eng api.Searcher) *web.Server {
	t.Helper()
	return web.New(web.Config{Engine: eng, Logger: quietLogger(), CacheBytes: 1 << 20})
}

var tookRE = regexp.MustCompile(`"took_ms":[0-9.e-]+}$`)

// withoutTook blanks took_ms, the one field that differs between a
// computed and a cached answer.
func withoutTook(b []byte) string { return tookRE.ReplaceAllString(string(b), `"took_ms":0}`) }

func TestCacheAnswersRepeatsFromTheCache(t *testing.T) {
	eng := &countingEngine{fakeEngine: newFakeEngine(t)}
	srv := newCachedServer(t, eng)
	hits := testutil.ToFloat64(metrics.CacheRequests.WithLabelValues("hit"))
	misses := testutil.ToFloat64(metrics.CacheRequests.WithLabelValues("miss"))

	first := postJSON(srv, `{"query":"架空請求が届いた","k":3}`)
	second := postJSON(srv, `{"query":"架空請求が届いた","k":3}`)
	if first.status != 200 || second.status != 200 {
		t.Fatalf("status %d, %d: %s", first.status, second.status, second.body)
	}
	if got := eng.calls.Load(); got != 1 {
		t.Errorf("engine searched %d times, want 1", got)
	}
	if h1, h2 := first.header.Get(web.CacheHeader), second.header.Get(web.CacheHeader); h1 != "miss" || h2 != "hit" {
		t.Errorf("%s = %q then %q, want miss then hit", web.CacheHeader, h1, h2)
	}
	if withoutTook(first.body) != withoutTook(second.body) {
		t.Errorf("cached answer differs:\n%s\n%s", first.body, second.body)
	}
	if ct := second.header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
		t.Errorf("Content-Type = %q", ct)
	}
	if d := testutil.ToFloat64(metrics.CacheRequests.WithLabelValues("hit")) - hits; d != 1 {
		t.Errorf("hits counted %v, want 1", d)
	}
	if d := testutil.ToFloat64(metrics.CacheRequests.WithLabelValues("miss")) - misses; d != 1 {
		t.Errorf("misses counted %v, want 1", d)
	}
}

// The answer is byte for byte what encoding the whole response gives.
func TestCachedAnswerEncodesLikeTheResponse(t *testing.T) {
	eng := newFakeEngine(t)
	srv := newCachedServer(t, eng)
	for _, q := range []string{"架空請求", `<script>"請求"&`, "人権 侵害"} {
		body, _ := json.Marshal(api.SearchRequest{Query: q, K: 5})
		got := postJSON(srv, string(body))
		resp, err := eng.Search(t.Context(), retrieval.Query{Text: q, K: 5})
		if err != nil {
			t.Fatal(err)
		}
		want, _ := json.Marshal(api.NewSearchResponse(resp, false))
		if withoutTook(got.body) != withoutTook(want) {
			t.Errorf("%q:\n got %s\nwant %s", q, got.body, want)
		}
	}
}

func TestCacheKeysOnTheNormalisedQuery(t *testing.T) {
	eng := &countingEngine{fakeEngine: newFakeEngine(t)}
	srv := newCachedServer(t, eng)
	postJSON(srv, `{"query":"ＰＣの動きがおかしい"}`)
	r := postJSON(srv, `{"query":"pcの動きがおかしい"}`)
	if r.header.Get(web.CacheHeader) != "hit" || eng.calls.Load() != 1 {
		t.Fatalf("a normalised variant missed (%d searches)", eng.calls.Load())
	}
	var got api.SearchResponse
	if err := json.Unmarshal(r.body, &got); err != nil {
		t.Fatal(err)
	}
	if got.Query != "pcの動きがおかしい" {
		t.Errorf("query echo = %q, want the text this request sent", got.Query)
	}
}

func TestCacheKeysOnTheOptions(t *testing.T) {
	eng := &countingEngine{fakeEngine: newFakeEngine(t)}
	srv := newCachedServer(t, eng)
	bodies := []string{
		`{"query":"請求"}`,
		`{"query":"請求","k":3}`,
		`{"query":"請求","kinds":["manual"]}`,
		`{"query":"請求","debug":true}`,
	}
	for _, b := range bodies {
		if r := postJSON(srv, b); r.header.Get(web.CacheHeader) != "miss" {
			t.Errorf("%s: %s = %q, want miss", b, web.CacheHeader, r.header.Get(web.CacheHeader))
		}
	}
	if r := do(srv, "GET", "/api/search?q=請求&k=10", "", nil); r.header.Get(web.CacheHeader) != "hit" {
		t.Errorf("GET with the default k spelt out missed")
	}
	if got := eng.calls.Load(); got != int64(len(bodies)) {
		t.Errorf("engine searched %d times, want %d", got, len(bodies))
	}
}

func TestCacheFollowsTheGeneration(t *testing.T) {
	old := &countingEngine{fakeEngine: newFakeEngine(t)}
	srv := newCachedServer(t, old)
	postJSON(srv, `{"query":"請求"}`)
	next := &countingEngine{fakeEngine: newFakeEngine(t)}
	srv.SetEngine(next) // a reload
	r := postJSON(srv, `{"query":"請求"}`)
	if r.header.Get(web.CacheHeader) != "miss" || next.calls.Load() != 1 {
		t.Errorf("after a new engine: %s = %q, new engine searched %d times", web.CacheHeader, r.header.Get(web.CacheHeader), next.calls.Load())
	}
}

func TestCacheSkipsDegradedAnswers(t *testing.T) {
	eng := &countingEngine{fakeEngine: newFakeEngine(t), degraded: true}
	srv := newCachedServer(t, eng)
	postJSON(srv, `{"query":"請求"}`)
	postJSON(srv, `{"query":"請求"}`)
	if got := eng.calls.Load(); got != 2 {
		t.Errorf("a degraded answer was cached: %d searches, want 2", got)
	}
}

func TestCacheOff(t *testing.T) {
	eng := &countingEngine{fakeEngine: newFakeEngine(t)}
	srv := newServer(eng)
	for range 2 {
		if r := postJSON(srv, `{"query":"請求"}`); r.header.Get(web.CacheHeader) != "" {
			t.Errorf("%s = %q with the cache off", web.CacheHeader, r.header.Get(web.CacheHeader))
		}
	}
	if got := eng.calls.Load(); got != 2 {
		t.Errorf("engine searched %d times, want 2", got)
	}
}

// The cache answers every spelling of one normalised query with one
// answer: that holds only if the engine ranks a text and its normalised
// form alike. This checks it on the real engine over both suites, with
// full-width and upper-case variants.
func TestEngineRanksNormalisedTextAlike(t *testing.T) {
	eng := mustDefaultEngine(t)
	for _, q := range benchQueries {
		for _, raw := range []string{q, widen(q), strings.ToUpper(q) + " "} {
			a, err := eng.Search(t.Context(), retrieval.Query{Text: raw})
			if err != nil {
				t.Fatal(err)
			}
			b, err := eng.Search(t.Context(), retrieval.Query{Text: corpus.Normalize(raw)})
			if err != nil {
				t.Fatal(err)
			}
			ja, _ := json.Marshal(api.NewSearchResponse(a, false).Results)
			jb, _ := json.Marshal(api.NewSearchResponse(b, false).Results)
			if string(ja) != string(jb) {
				t.Fatalf("%q and its normalised form rank differently", raw)
			}
		}
	}
}

// widen turns ASCII letters and digits into their full-width forms.
func widen(s string) string {
	return strings.Map(func(r rune) rune {
		if r > ' ' && r < 0x7f {
			return r - 0x21 + 0xFF01
		}
		return r
	}, s)
}

// A debug answer carries fields after took_ms; it is cached and written
// back byte for byte too.
func TestCacheDebugAnswers(t *testing.T) {
	eng := &countingEngine{fakeEngine: newFakeEngine(t)}
	srv := newCachedServer(t, eng)
	first := postJSON(srv, `{"query":"架空請求","debug":true}`)
	second := postJSON(srv, `{"query":"架空請求","debug":true}`)
	if second.header.Get(web.CacheHeader) != "hit" || eng.calls.Load() != 1 {
		t.Fatalf("a repeated debug search was not served from the cache (%d searches)", eng.calls.Load())
	}
	took := regexp.MustCompile(`"took_ms":[0-9.e-]+`)
	a, b := took.ReplaceAllString(string(first.body), ""), took.ReplaceAllString(string(second.body), "")
	if !strings.Contains(a, `"confidence_signals":{`) {
		t.Fatalf("the debug answer has no confidence_signals: %s", first.body)
	}
	if a != b || !json.Valid(second.body) {
		t.Errorf("cached debug answer differs:\n%s\n%s", first.body, second.body)
	}
}
