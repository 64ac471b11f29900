package web_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/soudan-desk/soudan/corpus"
	"github.com/soudan-desk/soudan/insights"
	"github.com/soudan-desk/soudan/mask"
	"github.com/soudan-desk/soudan/store"
	"github.com/soudan-desk/soudan/web"
)

// newInsightsServer is a server with the fake engine and insights over a
// SQLite store in a temporary folder (names are not masked here: that
// needs the dictionary, and package mask tests it).
func newInsightsServer(t *testing.T, token string, st insights.Store, noRecord bool) *web.Server {
	t.Helper()
	if st == nil {
		s, err := store.OpenSQLite(context.Background(), t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		st = s
	}
	eng := newFakeEngine(t)
	svc := insights.New(insights.Config{Store: st, Mask: mask.New(nil).Mask, NoRecord: noRecord,
		Corpus: func() *corpus.Corpus { return eng.Corpus() }})
	return web.New(web.Config{
		Logger: quietLogger(), Engine: eng, Insights: svc, EditorToken: token,
		AllowedHosts: web.AllowedHosts("127.0.0.1:8080", []string{"example.com"}), // httptest.NewRequest's host
	})
}

func decode[T any](t *testing.T, w interface{ Body() []byte }) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(w.Body(), &v); err != nil {
		t.Fatalf("decoding %s: %v", w.Body(), err)
	}
	return v
}

type recorded struct{ body []byte }

func (r recorded) Body() []byte { return r.body }

func TestInsightsFlow(t *testing.T) {
	s := newInsightsServer(t, "", nil, false)
	w := accessReq{method: "POST", target: "/api/searches",
		body: `{"query":"090-1234-5678とsato@example.jpから不審なメール","confidence":"none","results":[],"event":"idle"}`}.send(s)
	if w.Code != http.StatusCreated {
		t.Fatalf("POST /api/searches: %d %s", w.Code, w.Body)
	}
	id := decode[struct{ ID string }](t, recorded{w.Body.Bytes()}).ID
	w = accessReq{method: "POST", target: "/api/feedback", body: `{"search_id":"` + id + `","verdict":"none"}`}.send(s)
	if w.Code != http.StatusCreated {
		t.Fatalf("POST /api/feedback: %d %s", w.Code, w.Body)
	}
	w = accessReq{method: "GET", target: "/api/insights?days=7"}.send(s)
	if w.Code != http.StatusOK {
		t.Fatalf("GET /api/insights: %d %s", w.Code, w.Body)
	}
	rep := decode[insights.Report](t, recorded{w.Body.Bytes()})
	if rep.Totals.Searches != 1 || rep.Totals.Unanswered != 1 || len(rep.Recent) != 1 || len(rep.Daily) != 7 {
		t.Errorf("report: %+v", rep)
	}
	if q := rep.Recent[0].Query; q != "〔電話番号〕と〔メール〕から不審なメール" {
		t.Errorf("stored query %q, want it masked", q)
	}
	for _, part := range []string{"daily", "groups", "entries", "unseen", "recent"} {
		w := accessReq{method: "GET", target: "/api/insights/" + part}.send(s)
		if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `"`+part+`"`) {
			t.Errorf("GET /api/insights/%s: %d %s", part, w.Code, w.Body)
		}
	}
	w = accessReq{method: "GET", target: "/api/insights/searches.csv?days=30"}.send(s)
	if w.Code != http.StatusOK || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/csv") ||
		!strings.Contains(w.Header().Get("Content-Disposition"), "attachment") || !strings.Contains(w.Body.String(), "〔電話番号〕") {
		t.Errorf("CSV: %d %v %s", w.Code, w.Header(), w.Body)
	}
	if w := (accessReq{method: "GET", target: "/"}).send(s); !strings.Contains(w.Body.String(), `data-record="1"`) {
		t.Error(`the staff page does not say data-record="1"`)
	}
	if w := (accessReq{method: "GET", target: "/insights"}).send(s); w.Code != 200 || !strings.Contains(w.Body.String(), `<html lang="ja">`) {
		t.Errorf("GET /insights: %d", w.Code)
	}
	if w := (accessReq{method: "DELETE", target: "/api/insights/searches/" + id}).send(s); w.Code != http.StatusOK {
		t.Errorf("DELETE: %d %s", w.Code, w.Body)
	}
	if w := (accessReq{method: "DELETE", target: "/api/insights/searches/" + id}).send(s); w.Code != http.StatusNotFound {
		t.Errorf("DELETE again: %d %s, want 404", w.Code, w.Body)
	}
}

// TestInsightsAccess: the staff page's events are open (Origin-checked);
// the insights are the editors'.
func TestInsightsAccess(t *testing.T) {
	s := newInsightsServer(t, testToken, nil, false)
	search := `{"query":"ランサムウェア","confidence":"high","results":[],"event":"copy"}`
	tests := []struct {
		name string
		req  accessReq
		want int
	}{
		{"staff search event, no token", accessReq{method: "POST", target: "/api/searches", body: search}, 201},
		{"staff search event, own origin", accessReq{method: "POST", target: "/api/searches", body: search, origin: "http://localhost:8080"}, 201},
		{"staff search event, foreign origin", accessReq{method: "POST", target: "/api/searches", body: search, origin: "http://evil.example"}, 403},
		{"feedback, foreign origin", accessReq{method: "POST", target: "/api/feedback", body: `{"search_id":"x","verdict":"none"}`, origin: "http://evil.example"}, 403},
		{"report without token", accessReq{method: "GET", target: "/api/insights"}, 401},
		{"part without token", accessReq{method: "GET", target: "/api/insights/groups"}, 401},
		{"CSV without token", accessReq{method: "GET", target: "/api/insights/searches.csv"}, 401},
		{"delete without token", accessReq{method: "DELETE", target: "/api/insights/searches/abc"}, 401},
		{"report with token", accessReq{method: "GET", target: "/api/insights", bearer: testToken}, 200},
		{"report with cookie", accessReq{method: "GET", target: "/api/insights", cookie: testToken}, 200},
		{"foreign host", accessReq{method: "GET", target: "/api/insights", bearer: testToken, host: "evil.example"}, 421},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if w := tt.req.send(s); w.Code != tt.want {
				t.Errorf("%s %s: %d %s, want %d", tt.req.method, tt.req.target, w.Code, w.Body, tt.want)
			}
		})
	}
	if w := (accessReq{method: "GET", target: "/insights"}).send(s); !strings.Contains(w.Body.String(), "<form") {
		t.Errorf("GET /insights without token: %d, want the login form", w.Code)
	}
}

func TestInsightsBadInput(t *testing.T) {
	s := newInsightsServer(t, "", nil, false)
	tests := []struct {
		name, method, target, ctype, body string
		want                              int
		code                              string
	}{
		{"wrong content type", "POST", "/api/searches", "text/plain", `{}`, 415, web.CodeUnsupportedMedia},
		{"invalid JSON", "POST", "/api/searches", "application/json", `{"query":`, 400, web.CodeInvalid},
		{"unknown field", "POST", "/api/searches", "application/json", `{"query":"q","event":"idle","raw":1}`, 400, web.CodeInvalid},
		{"blank query", "POST", "/api/searches", "application/json", `{"query":" ","event":"idle"}`, 400, web.CodeInvalid},
		{"keystroke event", "POST", "/api/searches", "application/json", `{"query":"q","event":"keyup"}`, 400, web.CodeInvalid},
		{"bad confidence", "POST", "/api/searches", "application/json", `{"query":"q","event":"idle","confidence":"sure"}`, 400, web.CodeInvalid},
		{"too long", "POST", "/api/searches", "application/json", `{"query":"` + strings.Repeat("あ", 2001) + `","event":"idle"}`, 400, web.CodeInvalid},
		{"feedback on unknown search", "POST", "/api/feedback", "application/json", `{"search_id":"deadbeef","verdict":"none"}`, 404, web.CodeNotFound},
		{"feedback bad verdict", "POST", "/api/feedback", "application/json", `{"search_id":"deadbeef","verdict":"meh"}`, 400, web.CodeInvalid},
		{"days not a number", "GET", "/api/insights?days=abc", "", "", 400, web.CodeInvalid},
		{"days too many", "GET", "/api/insights?days=9999", "", "", 400, web.CodeInvalid},
		{"days zero", "GET", "/api/insights/daily?days=0", "", "", 400, web.CodeInvalid},
		{"days negative", "GET", "/api/insights/daily?days=-1", "", "", 400, web.CodeInvalid},
		{"days empty", "GET", "/api/insights/daily?days=", "", "", 400, web.CodeInvalid},
		{"search event, invalid UTF-8", "POST", "/api/searches", "application/json", "{\"query\":\"\xff\xfe\",\"event\":\"idle\"}", 400, web.CodeInvalid},
		{"feedback, invalid UTF-8", "POST", "/api/feedback", "application/json", "{\"search_id\":\"\xff\",\"verdict\":\"none\"}", 400, web.CodeInvalid},
		{"delete bad id", "DELETE", "/api/insights/searches/a%20b", "", "", 404, web.CodeNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := dupesCall(t, s, tt.method, tt.target, tt.ctype, tt.body)
			var e struct{ Error struct{ Code string } }
			_ = json.Unmarshal(r.body, &e)
			if r.status != tt.want || e.Error.Code != tt.code {
				t.Errorf("%s %s: %d %s, want %d %s", tt.method, tt.target, r.status, r.body, tt.want, tt.code)
			}
		})
	}
}

func TestInsightsNoRecordAndDisabled(t *testing.T) {
	s := newInsightsServer(t, "", nil, true)
	w := accessReq{method: "POST", target: "/api/searches", body: `{"query":"q","event":"idle"}`}.send(s)
	if w.Code != 200 || !strings.Contains(w.Body.String(), `"recorded":false`) {
		t.Errorf("--no-record: %d %s", w.Code, w.Body)
	}
	if w := (accessReq{method: "GET", target: "/"}).send(s); !strings.Contains(w.Body.String(), `data-record="0"`) {
		t.Error(`with --no-record the staff page must say data-record="0"`)
	}
	plain := web.New(web.Config{Logger: quietLogger()})
	for _, target := range []string{"/api/searches", "/api/feedback"} {
		if w := (accessReq{method: "POST", target: target, body: `{}`}).send(plain); w.Code != 503 {
			t.Errorf("%s without insights: %d", target, w.Code)
		}
	}
}

// TestInsightsStoreDown: a store that is not a database answers 503
// naming the cause, and search keeps working.
func TestInsightsStoreDown(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, store.SQLiteFile), []byte(strings.Repeat("garbage!", 600)), 0o644); err != nil {
		t.Fatal(err)
	}
	g := store.NewGuard(context.Background(), store.Config{DataDir: dir}, slog.New(slog.DiscardHandler))
	defer g.Close()
	s := newInsightsServer(t, "", g, false)
	for _, req := range []accessReq{
		{method: "POST", target: "/api/searches", body: `{"query":"q","event":"idle"}`},
		{method: "GET", target: "/api/insights"},
	} {
		w := req.send(s)
		if w.Code != 503 || !strings.Contains(w.Body.String(), "not a database") || !strings.Contains(w.Body.String(), store.SQLiteFile) {
			t.Errorf("%s %s: %d %s, want 503 naming the file and the cause", req.method, req.target, w.Code, w.Body)
		}
	}
	if w := (accessReq{method: "GET", target: "/api/search?q=" + "架空請求"}).send(s); w.Code != 200 {
		t.Errorf("search with a broken store: %d", w.Code)
	}
}

// TestFeedbackRules: feedback names an entry the search showed, a
// repeated verdict replaces the first (the staff page may send it twice),
// and 該当なし replaces 対応できた.
func TestFeedbackRules(t *testing.T) {
	s := newInsightsServer(t, "", nil, false)
	w := accessReq{method: "POST", target: "/api/searches", body: `{"query":"q","confidence":"high","results":["a","b"],"event":"copy"}`}.send(s)
	if w.Code != http.StatusCreated {
		t.Fatalf("POST /api/searches: %d %s", w.Code, w.Body)
	}
	id := decode[struct{ ID string }](t, recorded{w.Body.Bytes()}).ID
	feedback := func(verdict, entry string) string {
		return `{"search_id":"` + id + `","verdict":"` + verdict + `","entry_id":"` + entry + `"}`
	}
	steps := []struct {
		name, body      string
		want            int
		helpful, none   int // the report's totals afterwards
		inMessage, code string
	}{
		{"entry not shown", feedback("helpful", "000000000000"), 400, 0, 0, "not among the results", web.CodeInvalid},
		{"helpful", feedback("helpful", "a"), 201, 1, 0, "", ""},
		{"helpful again", feedback("helpful", "a"), 201, 1, 0, "", ""},
		{"helpful on the other result", feedback("helpful", "b"), 201, 2, 0, "", ""},
		{"none replaces helpful", `{"search_id":"` + id + `","verdict":"none"}`, 201, 0, 1, "", ""},
		{"none again", `{"search_id":"` + id + `","verdict":"none"}`, 201, 0, 1, "", ""},
	}
	for _, st := range steps {
		w := accessReq{method: "POST", target: "/api/feedback", body: st.body}.send(s)
		if w.Code != st.want || !strings.Contains(w.Body.String(), st.inMessage) || !strings.Contains(w.Body.String(), st.code) {
			t.Fatalf("%s: %d %s, want %d", st.name, w.Code, w.Body, st.want)
		}
		rep := decode[insights.Report](t, recorded{accessReq{method: "GET", target: "/api/insights?days=1"}.send(s).Body.Bytes()})
		if rep.Totals.Helpful != st.helpful || rep.Totals.None != st.none {
			t.Errorf("%s: totals %+v, want %d helpful and %d none", st.name, rep.Totals, st.helpful, st.none)
		}
	}
}
