package web_test

import (
	"encoding/json"
	"net/http"
	"testing"
)

// FuzzSearchRequest sends arbitrary bodies and query strings to the search
// API: whatever a client sends, the answer is never a 5xx and always JSON.
func FuzzSearchRequest(f *testing.F) {
	h := newServer(newFakeEngine(f))
	seeds := []struct {
		body, rawQuery, contentType string
	}{
		{`{"query":"身に覚えのない請求が届いた"}`, "q=%E6%9E%B6%E7%A9%BA", "application/json"},
		{`{"query":"架空請求","k":50,"kinds":["faq","case"],"debug":true}`, "q=x&k=50&kinds=faq,case&debug=1", "application/json; charset=utf-8"},
		{`{"query":"\u0000\ud800"}`, "q=%00%ED%A0%80", "application/json"},
		{"{\"query\":\"\xff\"}", "q=%FF", "application/json"},
		{`{"k":1e309}`, "k=99999999999999999999", "application/json"},
		{`{"query":"a","kinds":[null]}`, "kinds=,,,", "text/plain"},
		{`[[[[[[[[[[`, "q=%", ""},
		{`{"query":"` + "\u3000" + `"}`, ";;&&==", "application/json;;"},
	}
	for _, s := range seeds {
		f.Add([]byte(s.body), s.rawQuery, s.contentType)
	}
	f.Fuzz(func(t *testing.T, body []byte, rawQuery, contentType string) {
		for _, r := range []response{
			do(h, http.MethodPost, "/api/search", contentType, body),
			do(h, http.MethodGet, "/api/search?"+rawQuery, "", nil),
			do(h, http.MethodPost, "/api/search?"+rawQuery, "application/json", body),
		} {
			if r.status >= 500 {
				t.Fatalf("status %d for body %q query %q: %s", r.status, body, rawQuery, r.body)
			}
			if !json.Valid(r.body) {
				t.Fatalf("status %d, body is not JSON: %q", r.status, r.body)
			}
			var m map[string]json.RawMessage
			if err := json.Unmarshal(r.body, &m); err != nil {
				t.Fatalf("body is not a JSON object: %s", r.body)
			}
			_, isErr := m["error"]
			_, isResult := m["results"]
			if isErr == (r.status == 200) || isResult != (r.status == 200) {
				t.Fatalf("status %d with body %s", r.status, r.body)
			}
		}
	})
}
