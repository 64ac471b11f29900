package eval_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/soudan-desk/soudan/api"
	"github.com/soudan-desk/soudan/corpus"
	"github.com/soudan-desk/soudan/eval"
	"github.com/soudan-desk/soudan/retrieval"
	"github.com/soudan-desk/soudan/web"
)

// fakeEngine answers searches from fixed rankings by query text.
type fakeEngine struct {
	entries map[string]*corpus.Entry
	ranks   map[string][]string // query text → entry ids
}

func (f *fakeEngine) Corpus() *corpus.Corpus { return corpusOf(f.entries) }

// corpusOf returns a corpus of copies of the entries (building a corpus
// sets their paths), ordered by id.
func corpusOf(byID map[string]*corpus.Entry) *corpus.Corpus {
	ids := slices.Sorted(maps.Keys(byID))
	entries := make([]*corpus.Entry, 0, len(ids))
	for _, id := range ids {
		e := *byID[id]
		entries = append(entries, &e)
	}
	return corpus.FromEntries("test", entries)
}

func (f *fakeEngine) Search(ctx context.Context, q retrieval.Query) (*retrieval.Response, error) {
	resp := &retrieval.Response{Query: q.Text, Took: time.Millisecond}
	seen := map[string]bool{}
	for i, id := range f.ranks[q.Text] {
		if i == q.K {
			break
		}
		e := f.entries[id]
		resp.Results = append(resp.Results, retrieval.Result{Entry: e, Score: 1 / float64(i+1)})
		if i == 0 { // the engine shows the first result's cards
			for _, r := range e.Referrals {
				if !seen[r.Org] {
					seen[r.Org] = true
					resp.Referrals = append(resp.Referrals, retrieval.Card{Referral: r, From: []string{e.ID}})
				}
			}
		}
	}
	resp.Degraded = strings.Contains(q.Text, "degraded")
	return resp, nil
}

// serveAPI serves s through the real web server, so the --url client is
// tested against the API types the server writes.
func serveAPI(t *testing.T, s api.Searcher) *httptest.Server {
	t.Helper()
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	srv := httptest.NewServer(web.New(web.Config{Engine: s, Logger: logger}))
	t.Cleanup(srv.Close)
	return srv
}

// The in-process and HTTP targets must score the same corpus identically.
func TestTargetsAgree(t *testing.T) {
	entries := corpusFixture()
	s := mustParseSuite(t, strings.Join([]string{
		`{"id": "q1", "query": "暗号化", "expect": ["ランサムウェア"], "referrals": ["警察"], "tags": ["a"]}`,
		`{"id": "q2", "query": "偽サイト degraded", "expect": ["なりすましEC"], "referrals": ["消費者"]}`,
		`{"id": "q3", "query": "パスワード", "expect": ["パスワード"], "referrals": []}`,
	}, "\n"))
	eng := &fakeEngine{entries: map[string]*corpus.Entry{}, ranks: map[string][]string{
		"暗号化":           {"x1", "r1", "r2", "r3"},
		"偽サイト degraded": {"ec"},
		"パスワード":         {"x1", "r1", "r2", "r3", "ec", "x2"},
	}}
	for _, e := range entries {
		eng.entries[e.ID] = e
	}
	local := mustEvaluate(t, s, eval.NewEngineRanker(eng), entries, eval.Options{K: 10, GateK: 5})
	hr, err := eval.NewHTTPRanker(serveAPI(t, eng).URL+"/", 0)
	if err != nil {
		t.Fatal(err)
	}
	remote := mustEvaluate(t, s, hr, entries, eval.Options{K: 10, GateK: 5})
	if !reflect.DeepEqual(local, remote) {
		a, _ := json.MarshalIndent(local, "", " ")
		b, _ := json.MarshalIndent(remote, "", " ")
		t.Errorf("in-process and HTTP runs differ:\n%s\n---\n%s", a, b)
	}
	if q := local.Result("q2"); !q.Degraded || q.Metrics[eval.ReferralRecall] != 1 {
		t.Errorf("q2 = %+v", q)
	}
	if q := local.Result("q3"); q.FirstRelevant != 6 || q.Pass {
		t.Errorf("q3 first relevant = %d pass = %v, want 6 false", q.FirstRelevant, q.Pass)
	}
}

func TestHTTPRankerErrors(t *testing.T) {
	q := &eval.Query{ID: "q", Text: "x"}
	t.Run("API error", func(t *testing.T) {
		srv := serveAPI(t, &fakeEngine{})
		hr, _ := eval.NewHTTPRanker(srv.URL, 0)
		_, err := hr.Rank(context.Background(), &eval.Query{ID: "q", Text: ""}, 10)
		if err == nil || !strings.Contains(err.Error(), "400 Bad Request: invalid: query: query is empty") {
			t.Errorf("error = %v", err)
		}
	})
	t.Run("not JSON", func(t *testing.T) {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.Error(w, "upstream down", http.StatusBadGateway)
		}))
		defer srv.Close()
		hr, _ := eval.NewHTTPRanker(srv.URL, 0)
		_, err := hr.Rank(context.Background(), q, 10)
		if err == nil || !strings.Contains(err.Error(), "502 Bad Gateway: upstream down") {
			t.Errorf("error = %v", err)
		}
	})
	t.Run("timeout", func(t *testing.T) {
		release := make(chan struct{})
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-release:
			case <-r.Context().Done():
			}
		}))
		defer srv.Close()
		defer close(release)
		hr, _ := eval.NewHTTPRanker(srv.URL, time.Millisecond)
		if _, err := hr.Rank(context.Background(), q, 10); err == nil {
			t.Error("no error from a server that never answers")
		}
	})
	t.Run("bad URL", func(t *testing.T) {
		for _, u := range []string{"localhost:8080", "ftp://x", "http://"} {
			if _, err := eval.NewHTTPRanker(u, 0); err == nil {
				t.Errorf("NewHTTPRanker(%q): no error", u)
			}
		}
	})
}
