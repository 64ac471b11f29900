package web_test

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/soudan-desk/soudan/api"
	"github.com/soudan-desk/soudan/web"
)

func TestBadInput(t *testing.T) {
	h := newServer(newFakeEngine(t))
	long := strings.Repeat("請", 2001)
	big := `{"query":"` + strings.Repeat("a", 70<<10) + `"}`
	tests := []struct {
		name        string
		method      string
		target      string
		contentType string
		body        string
		status      int
		code        string
	}{
		{"empty query", "POST", "/api/search", "application/json", `{"query":""}`, 400, web.CodeInvalid},
		{"blank query", "POST", "/api/search", "application/json", `{"query":" \u3000\t\n"}`, 400, web.CodeInvalid},
		{"missing query", "POST", "/api/search", "application/json", `{}`, 400, web.CodeInvalid},
		{"query too long", "POST", "/api/search", "application/json", `{"query":"` + long + `"}`, 413, web.CodeTooLarge},
		{"invalid JSON", "POST", "/api/search", "application/json", `{"query":`, 400, web.CodeInvalid},
		{"not an object", "POST", "/api/search", "application/json", `["架空請求"]`, 400, web.CodeInvalid},
		{"empty body", "POST", "/api/search", "application/json", ``, 400, web.CodeInvalid},
		{"trailing data", "POST", "/api/search", "application/json", `{"query":"架空請求"} {}`, 400, web.CodeInvalid},
		{"unknown field", "POST", "/api/search", "application/json", `{"q":"架空請求"}`, 400, web.CodeInvalid},
		{"query not a string", "POST", "/api/search", "application/json", `{"query":12}`, 400, web.CodeInvalid},
		{"invalid UTF-8 body", "POST", "/api/search", "application/json", "{\"query\":\"\xff\xfe\"}", 400, web.CodeInvalid},
		{"k zero", "POST", "/api/search", "application/json", `{"query":"架空請求","k":0}`, 400, web.CodeInvalid},
		{"k too big", "POST", "/api/search", "application/json", `{"query":"架空請求","k":51}`, 400, web.CodeInvalid},
		{"k negative", "POST", "/api/search", "application/json", `{"query":"架空請求","k":-1}`, 400, web.CodeInvalid},
		{"k fraction", "POST", "/api/search", "application/json", `{"query":"架空請求","k":1.5}`, 400, web.CodeInvalid},
		{"k string", "POST", "/api/search", "application/json", `{"query":"架空請求","k":"10"}`, 400, web.CodeInvalid},
		{"k huge", "POST", "/api/search", "application/json", `{"query":"架空請求","k":1e30}`, 400, web.CodeInvalid},
		{"unknown kind", "POST", "/api/search", "application/json", `{"query":"架空請求","kinds":["blog"]}`, 400, web.CodeInvalid},
		{"kinds not a list", "POST", "/api/search", "application/json", `{"query":"架空請求","kinds":"faq"}`, 400, web.CodeInvalid},
		{"debug not a bool", "POST", "/api/search", "application/json", `{"query":"架空請求","debug":"yes"}`, 400, web.CodeInvalid},
		{"no content type", "POST", "/api/search", "", `{"query":"架空請求"}`, 415, web.CodeUnsupportedMedia},
		{"form content type", "POST", "/api/search", "application/x-www-form-urlencoded", `query=x`, 415, web.CodeUnsupportedMedia},
		{"text content type", "POST", "/api/search", "text/plain", `{"query":"架空請求"}`, 415, web.CodeUnsupportedMedia},
		{"malformed content type", "POST", "/api/search", "application/json; charset", `{"query":"架空請求"}`, 415, web.CodeUnsupportedMedia},
		{"body over the limit", "POST", "/api/search", "application/json", big, 413, web.CodeTooLarge},
		{"GET empty q", "GET", "/api/search?q=", "", "", 400, web.CodeInvalid},
		{"GET missing q", "GET", "/api/search", "", "", 400, web.CodeInvalid},
		{"GET blank q", "GET", "/api/search?q=%E3%80%80+", "", "", 400, web.CodeInvalid},
		{"GET q too long", "GET", "/api/search?q=" + strings.Repeat("%E8%AB%8B", 2001), "", "", 413, web.CodeTooLarge},
		{"GET invalid UTF-8 q", "GET", "/api/search?q=%FF%FE", "", "", 400, web.CodeInvalid},
		{"GET invalid UTF-8 key", "GET", "/api/search?q=x&%FF=1", "", "", 400, web.CodeInvalid},
		{"GET malformed escape", "GET", "/api/search?q=%zz", "", "", 400, web.CodeInvalid},
		{"GET k not integer", "GET", "/api/search?q=x&k=ten", "", "", 400, web.CodeInvalid},
		{"GET k fraction", "GET", "/api/search?q=x&k=2.5", "", "", 400, web.CodeInvalid},
		{"GET k zero", "GET", "/api/search?q=x&k=0", "", "", 400, web.CodeInvalid},
		{"GET k too big", "GET", "/api/search?q=x&k=51", "", "", 400, web.CodeInvalid},
		{"GET unknown kind", "GET", "/api/search?q=x&kinds=faq,blog", "", "", 400, web.CodeInvalid},
		{"GET bad debug", "GET", "/api/search?q=x&debug=maybe", "", "", 400, web.CodeInvalid},
		{"wrong method search", "PUT", "/api/search", "application/json", `{"query":"x"}`, 405, web.CodeMethod},
		{"wrong method delete", "DELETE", "/api/search", "", "", 405, web.CodeMethod},
		{"wrong method healthz", "POST", "/healthz", "application/json", `{}`, 405, web.CodeMethod},
		{"wrong method entry", "DELETE", "/api/entries/abc", "", "", 405, web.CodeMethod},
		{"unknown route", "GET", "/api/nothing", "", "", 404, web.CodeNotFound},
		{"unknown asset", "GET", "/ui/secret.txt", "", "", 404, web.CodeNotFound},
		{"unknown entry", "GET", "/api/entries/000000000000", "", "", 404, web.CodeNotFound},
		{"invalid UTF-8 entry id", "GET", "/api/entries/%FF", "", "", 400, web.CodeInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var body []byte
			if tt.body != "" {
				body = []byte(tt.body)
			}
			r := do(h, tt.method, tt.target, tt.contentType, body)
			if r.status != tt.status {
				t.Fatalf("status = %d, want %d; body %s", r.status, tt.status, r.body)
			}
			code, _ := errorOf(t, r)
			if code != tt.code {
				t.Errorf("code = %q, want %q", code, tt.code)
			}
			if allow := r.header.Get("Allow"); tt.status == 405 && (allow == "" || strings.Contains(allow, "GET") != strings.Contains(allow, "HEAD")) {
				t.Errorf("405 with Allow %q, want GET and HEAD together", allow)
			}
		})
	}
}

func TestSearchGetAndPost(t *testing.T) {
	h := newServer(newFakeEngine(t))
	tests := []struct {
		name string
		r    response
	}{
		{"POST", postJSON(h, `{"query":"身に覚えのない請求が届いた","k":3}`)},
		{"POST with charset", do(h, "POST", "/api/search", "application/json; charset=utf-8", []byte(`{"query":"身に覚えのない請求が届いた","k":3,"kinds":null}`))},
		{"GET", do(h, "GET", "/api/search?q=%E8%BA%AB%E3%81%AB%E8%A6%9A%E3%81%88%E3%81%AE%E3%81%AA%E3%81%84%E8%AB%8B%E6%B1%82%E3%81%8C%E5%B1%8A%E3%81%84%E3%81%9F&k=3", "", nil)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.r.status != http.StatusOK {
				t.Fatalf("status %d: %s", tt.r.status, tt.r.body)
			}
			var resp api.SearchResponse
			if err := json.Unmarshal(tt.r.body, &resp); err != nil {
				t.Fatal(err)
			}
			if resp.Query != "身に覚えのない請求が届いた" {
				t.Errorf("query = %q", resp.Query)
			}
			if n := len(resp.Results); n == 0 || n > 3 {
				t.Fatalf("got %d results, want 1-3", n)
			}
			if !strings.Contains(resp.Results[0].Answer+resp.Results[0].Title, "請求") {
				t.Errorf("top result %q does not mention 請求", resp.Results[0].Title)
			}
			if !hasOrg(resp.Referrals, "消費者ホットライン") {
				t.Errorf("referrals %+v lack 消費者ホットライン", resp.Referrals)
			}
			for _, r := range resp.Results {
				if r.Explain != nil {
					t.Errorf("explain set without debug")
				}
			}
		})
	}
}

func hasOrg(refs []api.CardJSON, org string) bool {
	for _, r := range refs {
		if strings.Contains(r.Org, org) {
			return true
		}
	}
	return false
}

func TestSearchKindsFilter(t *testing.T) {
	h := newServer(newFakeEngine(t))
	for _, target := range []string{"/api/search?q=%E7%9B%B8%E8%AB%87&kinds=faq&k=50", "/api/search?q=%E7%9B%B8%E8%AB%87&kinds=faq&kinds=&k=50"} {
		r := do(h, "GET", target, "", nil)
		if r.status != 200 {
			t.Fatalf("%s: status %d: %s", target, r.status, r.body)
		}
		var resp api.SearchResponse
		if err := json.Unmarshal(r.body, &resp); err != nil {
			t.Fatal(err)
		}
		for _, res := range resp.Results {
			if res.Kind != "faq" {
				t.Errorf("kinds=faq returned a %s", res.Kind)
			}
		}
	}
}

func TestSearchDebug(t *testing.T) {
	h := newServer(newFakeEngine(t))
	for _, r := range []response{
		do(h, "GET", "/api/search?q=%E6%9E%B6%E7%A9%BA%E8%AB%8B%E6%B1%82&debug=1", "", nil),
		postJSON(h, `{"query":"架空請求","debug":true}`),
	} {
		if r.status != 200 {
			t.Fatalf("status %d: %s", r.status, r.body)
		}
		var raw struct {
			Results []map[string]json.RawMessage `json:"results"`
		}
		if err := json.Unmarshal(r.body, &raw); err != nil {
			t.Fatal(err)
		}
		if len(raw.Results) == 0 {
			t.Fatal("no results")
		}
		if _, ok := raw.Results[0]["explain"]; !ok {
			t.Errorf("debug result has no explain: %s", r.body)
		}
	}
}

// TestResponseContract checks the field names and that lists are [] and
// never null, from the raw JSON.
func TestResponseContract(t *testing.T) {
	h := newServer(newFakeEngine(t))
	r := postJSON(h, `{"query":"身に覚えのない請求が届いた"}`)
	if r.status != 200 {
		t.Fatalf("status %d: %s", r.status, r.body)
	}
	if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("Content-Type = %q", ct)
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(r.body, &top); err != nil {
		t.Fatal(err)
	}
	wantKeys(t, "response", top, []string{"query", "results", "confidence", "referrals", "routing", "degraded", "highlight", "took_ms"}, nil)
	var conf string
	if err := json.Unmarshal(top["confidence"], &conf); err != nil || (conf != "high" && conf != "low") {
		t.Errorf("confidence = %s, want high or low", top["confidence"])
	}
	var cards []map[string]json.RawMessage
	if err := json.Unmarshal(top["referrals"], &cards); err != nil || len(cards) == 0 {
		t.Fatalf("referrals: %v %s", err, top["referrals"])
	}
	for _, c := range cards {
		wantKeys(t, "card", c, []string{"action", "org", "from"}, []string{"phone", "url"})
		if !strings.HasPrefix(string(c["from"]), `["`) {
			t.Errorf("card.from = %s, want a list of entry ids", c["from"])
		}
	}
	var results []map[string]json.RawMessage
	if err := json.Unmarshal(top["results"], &results); err != nil || len(results) == 0 {
		t.Fatalf("results: %v %s", err, top["results"])
	}
	sawNoPhone := false
	for _, res := range results {
		wantKeys(t, "result", res, []string{"id", "kind", "title", "path", "score", "answer", "referrals", "guidebook_pages", "links", "source"}, []string{"explain"})
		for _, list := range []string{"path", "referrals", "guidebook_pages", "links"} {
			if !strings.HasPrefix(string(res[list]), "[") {
				t.Errorf("%s = %s, want a list", list, res[list])
			}
		}
		var src map[string]json.RawMessage
		if err := json.Unmarshal(res["source"], &src); err != nil {
			t.Fatalf("source: %v", err)
		}
		wantKeys(t, "source", src, []string{"file", "start_line", "end_line"}, nil)
		var refs []map[string]json.RawMessage
		if err := json.Unmarshal(res["referrals"], &refs); err != nil {
			t.Fatalf("referrals: %v", err)
		}
		for _, ref := range refs {
			wantKeys(t, "referral", ref, []string{"action", "org"}, []string{"phone", "url"})
			if _, ok := ref["phone"]; !ok {
				sawNoPhone = true
			}
			for _, k := range []string{"phone", "url"} {
				if v, ok := ref[k]; ok && string(v) == `""` {
					t.Errorf("referral has an empty %s; it must be omitted", k)
				}
			}
		}
	}
	if !sawNoPhone {
		t.Log("no referral without a phone among the results; omission not exercised")
	}
	// An empty result list is [], not null.
	r = postJSON(h, `{"query":"zzzzqqqqxxxx","kinds":["case"]}`)
	if r.status != 200 {
		t.Fatalf("status %d: %s", r.status, r.body)
	}
	for _, frag := range []string{`"results":[`, `"referrals":[]`, `"confidence":"none"`, `"routing":[`} {
		if !strings.Contains(string(r.body), frag) {
			t.Errorf("no-hit response lacks %s: %s", frag, r.body)
		}
	}
}

func wantKeys(t *testing.T, what string, m map[string]json.RawMessage, required, optional []string) {
	t.Helper()
	allowed := map[string]bool{}
	for _, k := range required {
		allowed[k] = true
		v, ok := m[k]
		if !ok {
			t.Errorf("%s lacks %q", what, k)
		} else if string(v) == "null" {
			t.Errorf("%s.%s is null", what, k)
		}
	}
	for _, k := range optional {
		allowed[k] = true
	}
	for k := range m {
		if !allowed[k] {
			t.Errorf("%s has unexpected field %q", what, k)
		}
	}
}

func TestHealthz(t *testing.T) {
	s := newServer(nil)
	r := do(s, "GET", "/healthz", "", nil)
	if r.status != http.StatusServiceUnavailable {
		t.Fatalf("before ready: status %d, want 503", r.status)
	}
	if code, _ := errorOf(t, r); code != web.CodeUnavailable {
		t.Errorf("before ready: code %q", code)
	}
	// Before ready, a valid search is 503 and a bad one still 4xx.
	if r := postJSON(s, `{"query":"架空請求"}`); r.status != 503 {
		t.Errorf("search before ready: status %d, want 503", r.status)
	}
	if r := postJSON(s, `{"query":""}`); r.status != 400 {
		t.Errorf("bad search before ready: status %d, want 400", r.status)
	}
	if r := do(s, "GET", "/api/entries/x", "", nil); r.status != 503 {
		t.Errorf("entry before ready: status %d, want 503", r.status)
	}

	eng := newFakeEngine(t)
	s.SetEngine(eng)
	r = do(s, "GET", "/healthz", "", nil)
	if r.status != 200 {
		t.Fatalf("after ready: status %d: %s", r.status, r.body)
	}
	var h api.HealthResponse
	if err := json.Unmarshal(r.body, &h); err != nil {
		t.Fatal(err)
	}
	if h.Status != "ok" || h.Entries != len(eng.Corpus().Entries) {
		t.Errorf("healthz = %+v, want ok with %d entries", h, len(eng.Corpus().Entries))
	}
}

func TestEntry(t *testing.T) {
	eng := newFakeEngine(t)
	h := newServer(eng)
	// Take an entry that sits under a parent with siblings.
	var id string
	for _, e := range eng.Corpus().Entries {
		if n, ok := eng.Corpus().Node(e.ID); ok && n.Parent != nil && len(n.Parent.Children) > 1 {
			id = e.ID
			break
		}
	}
	if id == "" {
		t.Fatal("no entry with siblings in the test corpus")
	}
	r := do(h, "GET", "/api/entries/"+id, "", nil)
	if r.status != 200 {
		t.Fatalf("status %d: %s", r.status, r.body)
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(r.body, &top); err != nil {
		t.Fatal(err)
	}
	wantKeys(t, "entry", top, []string{"id", "kind", "title", "path", "answer", "referrals", "guidebook_pages", "links", "source", "meta", "context"}, nil)
	var resp api.EntryResponse
	if err := json.Unmarshal(r.body, &resp); err != nil {
		t.Fatal(err)
	}
	if resp.ID != id {
		t.Errorf("id = %q, want %q", resp.ID, id)
	}
	if resp.Context.Parent == nil || resp.Context.Parent.Title == "" {
		t.Errorf("no parent in context: %s", top["context"])
	}
	current := 0
	for _, s := range resp.Context.Siblings {
		if s.Current {
			current++
			if s.ID != id {
				t.Errorf("current sibling %q is not the entry %q", s.ID, id)
			}
		}
	}
	if current != 1 || len(resp.Context.Siblings) < 2 {
		t.Errorf("siblings %+v: want the entry marked current once among 2+", resp.Context.Siblings)
	}
	if resp.Context.Children == nil {
		t.Errorf("children is null")
	}

	r = do(h, "GET", "/api/entries/no-such-entry", "", nil)
	if r.status != 404 {
		t.Fatalf("unknown id: status %d", r.status)
	}
	if code, _ := errorOf(t, r); code != web.CodeNotFound {
		t.Errorf("unknown id: code %q", code)
	}
}

func TestPage(t *testing.T) {
	h := newServer(newFakeEngine(t))
	r := do(h, "GET", "/?q=%3Cscript%3Ealert(1)%3C/script%3E&kinds=faq", "", nil)
	if r.status != 200 {
		t.Fatalf("status %d", r.status)
	}
	body := string(r.body)
	for _, want := range []string{`lang="ja"`, "相談対応検索", `href="/duplicates"`, "&lt;script&gt;alert(1)&lt;/script&gt;", `value="faq" checked`, "/ui/app.js?v="} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if strings.Contains(body, "<script>alert(1)") {
		t.Error("query rendered unescaped")
	}
	if strings.Contains(body, `value="case" checked`) {
		t.Error("kinds=faq left case checked")
	}
	if csp := r.header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
		t.Errorf("CSP = %q", csp)
	}
	// An empty kinds= is "none checked", kept through a reload.
	if none := string(do(h, "GET", "/?q=x&kinds=", "", nil).body); strings.Contains(none, " checked") {
		t.Error("kinds= left a kind checked")
	}
	if all := string(do(h, "GET", "/?q=x", "", nil).body); strings.Count(all, " checked") < 4 {
		t.Error("without kinds not every kind is checked")
	}
	// The icon a browser asks for is answered, not logged as a 404.
	if r := do(h, "GET", "/favicon.ico", "", nil); r.status != 204 {
		t.Errorf("GET /favicon.ico: %d, want 204", r.status)
	}
	for _, asset := range []string{"/ui/app.js", "/ui/app.css"} {
		r := do(h, "GET", asset, "", nil)
		if r.status != 200 || len(r.body) == 0 {
			t.Errorf("%s: status %d", asset, r.status)
		}
	}
	// The page must not load anything from another origin.
	for _, asset := range []string{"/", "/ui/app.js", "/ui/app.css"} {
		b := string(do(h, "GET", asset, "", nil).body)
		for _, bad := range []string{"//cdn", "googleapis", "unpkg", "jsdelivr", "@import"} {
			if strings.Contains(b, bad) {
				t.Errorf("%s references %s", asset, bad)
			}
		}
	}
}

// TestDefaultCorpus runs a caller's description against the embedded
// manual.
func TestDefaultCorpus(t *testing.T) {
	h := newServer(mustDefaultEngine(t))
	r := postJSON(h, `{"query":"身に覚えのない請求が届いた"}`)
	if r.status != 200 {
		t.Fatalf("status %d: %s", r.status, r.body)
	}
	var resp api.SearchResponse
	if err := json.Unmarshal(r.body, &resp); err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(resp.Highlight, "請求") || slices.Contains(resp.Highlight, "の") {
		t.Errorf("highlight = %q, want the query's words (請求) and no particles", resp.Highlight)
	}
	if len(resp.Results) == 0 || !hasOrg(resp.Referrals, "消費者ホットライン") {
		t.Errorf("results %d, referrals %+v: want results and 消費者ホットライン", len(resp.Results), resp.Referrals)
	}
	for _, res := range resp.Results {
		if r := do(h, "GET", "/api/entries/"+res.ID, "", nil); r.status != 200 {
			t.Errorf("entry %s of a result: status %d", res.ID, r.status)
		}
	}
}
