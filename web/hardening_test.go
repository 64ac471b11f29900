package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/soudan-desk/soudan/web"
)

// rawRoundTrip sends raw to a server of srv on 127.0.0.1 and reads the
// answer's status line and headers.
func rawRoundTrip(t *testing.T, srv *web.Server, raw string) *http.Response {
	t.Helper()
	resp, _ := rawExchange(t, strings.TrimPrefix(startHTTP(t, srv), "http://"), raw)
	return resp
}

// TestHeaderBytesBounded: a request's headers are bounded well below
// net/http's default of 1 MiB. At 1 MiB, a thousand connections each
// sending a header block that never ends held 370 MB, past the 300 MB
// bound; what a desk's browser sends (cookies, a proxy's headers) is a
// few KiB.
func TestHeaderBytesBounded(t *testing.T) {
	srv := web.New(web.Config{Logger: quietLogger(), Dupes: &fakeDupes{}})
	tests := []struct {
		name   string
		header int
		want   int
	}{
		{"a browser's cookies", 16 << 10, http.StatusOK},
		{"100 KiB", 100 << 10, http.StatusRequestHeaderFieldsTooLarge},
		{"900 KiB", 900 << 10, http.StatusRequestHeaderFieldsTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			b.WriteString("GET /duplicates HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n")
			for i := 0; b.Len() < tt.header; i++ {
				fmt.Fprintf(&b, "X-Filler-%d: %s\r\n", i, strings.Repeat("a", 1000))
			}
			b.WriteString("\r\n")
			if resp := rawRoundTrip(t, srv, b.String()); resp.StatusCode != tt.want {
				t.Fatalf("status %d, want %d", resp.StatusCode, tt.want)
			}
		})
	}
}

// TestCallerTextNotStored: answers that hold a caller's words — the search
// API (the query is echoed, and GET carries it in the URL), the staff page
// restored from ?q=, a draft check — tell browsers and proxies not to
// store them (Cache-Control: no-store). "no-cache" still lets a desk PC
// keep them on disk.
func TestCallerTextNotStored(t *testing.T) {
	srv := newServer(newFakeEngine(t))
	tests := []struct {
		method, target, body string
	}{
		{"GET", "/api/search?q=" + "%E7%94%B0%E4%B8%AD%E3%81%A7%E3%81%99", ""},
		{"POST", "/api/search", `{"query":"田中です"}`},
		{"GET", "/?q=%E7%94%B0%E4%B8%AD%E3%81%A7%E3%81%99", ""},
		{"GET", "/api/search?q=", ""}, // errors too: their messages can quote the query
		{"GET", "/api/entries/nope", ""},
		{"POST", "/api/duplicates/check", `{"text":"下書き"}`},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.target, func(t *testing.T) {
			ct := ""
			if tt.body != "" {
				ct = "application/json"
			}
			r := do(srv, tt.method, tt.target, ct, []byte(tt.body))
			if got := r.header.Get("Cache-Control"); got != "no-store" {
				t.Errorf("status %d, Cache-Control %q, want no-store", r.status, got)
			}
		})
	}
}

// TestSearchPageReferrer: the staff page's URL holds the caller's words
// (?q=…, kept up to date by the script). Under "same-origin" every request
// the page makes afterwards — the search, the feedback, the link to the
// editors' pages — carried that URL in Referer, which a reverse proxy's
// access log (nginx's default "combined" format) writes down. The page
// sends no referrer at all; the login form keeps "same-origin", under
// which browsers send its POST a real Origin.
func TestSearchPageReferrer(t *testing.T) {
	srv, _ := newAccessServer(testToken)
	tests := []struct {
		target, want string
	}{
		{"/?q=%E7%94%B0%E4%B8%AD", "no-referrer"},
		{"/", "no-referrer"},
		{"/api/search?q=x", "no-referrer"},
		{"/login", "same-origin"},
		{"/duplicates", "same-origin"}, // the login form, 401
	}
	for _, tt := range tests {
		w := (accessReq{method: "GET", target: tt.target}).send(srv)
		if got := w.Header().Get("Referrer-Policy"); got != tt.want {
			t.Errorf("%s: Referrer-Policy %q, want %q", tt.target, got, tt.want)
		}
	}
}

// TestEarlyRefusalsHardened: the refusals before any route (421 for a
// foreign Host, 403 for a foreign Origin, 400 for a bad query string)
// carry the same protective headers as every other answer; the 421 quotes
// the Host the client sent.
func TestEarlyRefusalsHardened(t *testing.T) {
	srv, _ := newAccessServer(testToken)
	reqs := []accessReq{
		{method: "GET", target: "/", host: "evil.example"},
		{method: "POST", target: "/api/feedback", origin: "https://evil.example", body: "{}"},
		{method: "GET", target: "/?q=%zz"},
	}
	for _, req := range reqs {
		w := req.send(srv)
		for _, h := range []string{"X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy", "Cache-Control"} {
			if w.Header().Get(h) == "" {
				t.Errorf("%s %s (host %q): %d without %s", req.method, req.target, req.host, w.Code, h)
			}
		}
	}
}
