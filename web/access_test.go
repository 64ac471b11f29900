package web_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/soudan-desk/soudan/dupes"
	"github.com/soudan-desk/soudan/web"
)

// fakeDupes is a duplicate finder that counts its calls. Its reports have
// three pairs; with block set, Duplicates waits for it (or the request's
// end).
type fakeDupes struct {
	marks   int
	reports atomic.Int32
	block   chan struct{}
}

func (f *fakeDupes) Duplicates(ctx context.Context, q dupes.Query) (*dupes.Report, error) {
	f.reports.Add(1)
	if f.block != nil {
		select {
		case <-f.block:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	rep := &dupes.Report{Threshold: q.Threshold, Clusters: []dupes.Cluster{}}
	for _, id := range []string{"p1", "p2", "p3"} {
		rep.Pairs = append(rep.Pairs, dupes.Pair{A: dupes.EntryRef{ID: id + "a"}, B: dupes.EntryRef{ID: id + "b"}})
	}
	return rep, nil
}
func (f *fakeDupes) Check(context.Context, string, int) ([]dupes.Match, error) { return nil, nil }
func (f *fakeDupes) Mark(context.Context, string, string) error                { f.marks++; return nil }
func (f *fakeDupes) Unmark(context.Context, string, string) error              { return nil }

const testToken = "s3cret-editor-token"

// newAccessServer is a server as `soudan serve --addr 127.0.0.1:8080` with
// the editor token set (or not) and no engine.
func newAccessServer(token string) (*web.Server, *fakeDupes) {
	f := &fakeDupes{}
	return web.New(web.Config{
		Logger: quietLogger(), Dupes: f, EditorToken: token,
		AllowedHosts: web.AllowedHosts("127.0.0.1:8080", []string{"desk.example.jp"}),
	}), f
}

type accessReq struct {
	method, target       string
	host, origin, bearer string
	auth                 string // a raw Authorization header
	cookie               string
	body                 string
	fetchSite            string // Sec-Fetch-Site
}

func (a accessReq) send(h http.Handler) *httptest.ResponseRecorder {
	return serve(h, a.build())
}

// serve answers req with h.
func serve(h http.Handler, req *http.Request) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	return w
}

// build returns the request a describes.
func (a accessReq) build() *http.Request {
	var body *strings.Reader
	if a.body != "" {
		body = strings.NewReader(a.body)
	} else {
		body = strings.NewReader("")
	}
	req := httptest.NewRequest(a.method, a.target, body)
	req.Host = a.host
	if req.Host == "" {
		req.Host = "localhost:8080"
	}
	if a.body != "" {
		req.Header.Set("Content-Type", "application/json")
		if strings.HasPrefix(a.body, "token=") {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
	}
	if a.origin != "" {
		req.Header.Set("Origin", a.origin)
	}
	if a.bearer != "" {
		req.Header.Set("Authorization", "Bearer "+a.bearer)
	}
	if a.auth != "" {
		req.Header.Set("Authorization", a.auth)
	}
	if a.cookie != "" {
		req.AddCookie(&http.Cookie{Name: web.EditorCookie, Value: a.cookie})
	}
	if a.fetchSite != "" {
		req.Header.Set("Sec-Fetch-Site", a.fetchSite)
	}
	return req
}

const markBody = `{"a":"x","b":"y"}`

// TestAccess re-runs the attacks of issue 11 on access: a foreign Host
// (DNS rebinding) gets 421, a foreign Origin on a mutation 403, an
// editors' route without the token 401, while search stays open.
func TestAccess(t *testing.T) {
	srv, _ := newAccessServer(testToken)
	tests := []struct {
		name string
		req  accessReq
		want int
		code string
	}{
		{"foreign host", accessReq{method: "GET", target: "/api/search?q=x", host: "evil.example"}, 421, "misdirected_request"},
		{"rebinding mark", accessReq{method: "POST", target: "/api/duplicates/marks", host: "evil.example:8080", origin: "http://evil.example:8080", bearer: testToken, body: markBody}, 421, "misdirected_request"},
		{"foreign origin with token", accessReq{method: "POST", target: "/api/duplicates/marks", origin: "http://evil.example", bearer: testToken, body: markBody}, 403, "forbidden"},
		{"null origin", accessReq{method: "DELETE", target: "/api/duplicates/marks?a=x&b=y", origin: "null", bearer: testToken}, 403, "forbidden"},
		{"mark without token", accessReq{method: "POST", target: "/api/duplicates/marks", body: markBody}, 401, "unauthorized"},
		{"mark with wrong token", accessReq{method: "POST", target: "/api/duplicates/marks", bearer: testToken + "x", body: markBody}, 401, "unauthorized"},
		{"report without token", accessReq{method: "GET", target: "/api/duplicates"}, 401, "unauthorized"},
		{"check without token", accessReq{method: "POST", target: "/api/duplicates/check", body: `{"text":"x"}`}, 401, "unauthorized"},
		{"report wrong cookie", accessReq{method: "GET", target: "/api/duplicates", cookie: "nope"}, 401, "unauthorized"},
		{"mark with token", accessReq{method: "POST", target: "/api/duplicates/marks", origin: "http://localhost:8080", bearer: testToken, body: markBody}, 200, ""},
		{"mark from allowed name", accessReq{method: "POST", target: "/api/duplicates/marks", host: "desk.example.jp", origin: "https://desk.example.jp", bearer: testToken, body: markBody}, 200, ""},
		{"report with cookie", accessReq{method: "GET", target: "/api/duplicates", host: "[::1]:8080", cookie: testToken}, 200, ""},
		{"cookie behind basic auth", accessReq{method: "GET", target: "/api/duplicates", auth: "Basic dXNlcjpwYXNz", cookie: testToken}, 200, ""},
		{"page cookie behind basic auth", accessReq{method: "GET", target: "/duplicates", auth: "Basic dXNlcjpwYXNz", cookie: testToken}, 200, ""},
		{"wrong cookie behind basic auth", accessReq{method: "GET", target: "/api/duplicates", auth: "Basic dXNlcjpwYXNz", cookie: "nope"}, 401, "unauthorized"},
		{"basic auth alone", accessReq{method: "GET", target: "/api/duplicates", auth: "Basic dXNlcjpwYXNz"}, 401, "unauthorized"},
		{"wrong bearer beats cookie", accessReq{method: "GET", target: "/api/duplicates", bearer: "nope", cookie: testToken}, 401, "unauthorized"},
		{"empty bearer beats cookie", accessReq{method: "GET", target: "/api/duplicates", auth: "Bearer", cookie: testToken}, 401, "unauthorized"},
		{"search open", accessReq{method: "GET", target: "/api/search?q=x", host: "127.0.0.1:8080"}, 503, "unavailable"},
		{"metrics open", accessReq{method: "GET", target: "/metrics"}, 200, ""},
		{"healthz open", accessReq{method: "GET", target: "/healthz"}, 503, ""},
		{"no editor route without token", accessReq{method: "GET", target: "/api/insights/summary"}, 401, "unauthorized"},
		{"no admin route without token", accessReq{method: "POST", target: "/api/admin/nothing"}, 401, "unauthorized"},
		{"wrong method on an editor route without token", accessReq{method: "GET", target: "/api/admin/reload"}, 401, "unauthorized"},
		{"no editor route with token", accessReq{method: "GET", target: "/api/insights/summary", bearer: testToken}, 404, "not_found"},
		{"wrong method on an editor route with token", accessReq{method: "GET", target: "/api/admin/reload", bearer: testToken}, 405, ""},
		{"no route elsewhere", accessReq{method: "GET", target: "/api/nothing"}, 404, "not_found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := tt.req.send(srv)
			if w.Code != tt.want {
				t.Fatalf("status %d, want %d: %s", w.Code, tt.want, w.Body)
			}
			if tt.code != "" {
				code, _ := errorOf(t, response{status: w.Code, header: w.Header(), body: w.Body.Bytes()})
				if code != tt.code {
					t.Errorf("code %q, want %q", code, tt.code)
				}
			}
		})
	}
}

// TestAccessNoToken: without a token the editors' routes are open on
// loopback, but the Host and Origin checks still hold.
func TestAccessNoToken(t *testing.T) {
	srv, f := newAccessServer("")
	if w := (accessReq{method: "POST", target: "/api/duplicates/marks", body: markBody}).send(srv); w.Code != 200 || f.marks != 1 {
		t.Fatalf("mark without token configured: %d %s (marks %d)", w.Code, w.Body, f.marks)
	}
	if w := (accessReq{method: "POST", target: "/api/duplicates/marks", origin: "https://evil.example", body: markBody}).send(srv); w.Code != 403 {
		t.Fatalf("foreign origin: %d", w.Code)
	}
	if w := (accessReq{method: "GET", target: "/duplicates"}).send(srv); w.Code != 200 {
		t.Fatalf("page: %d", w.Code)
	}
}

// TestLoginForm walks the editors' page login: the page shows a form, a
// wrong token is refused, the right one sets an HttpOnly SameSite=Strict
// cookie that opens both the page and the API.
func TestLoginForm(t *testing.T) {
	srv, _ := newAccessServer(testToken)
	w := (accessReq{method: "GET", target: "/duplicates"}).send(srv)
	if w.Code != 401 || !strings.Contains(w.Body.String(), `action="/login"`) || !strings.Contains(w.Body.String(), "編集者トークン") {
		t.Fatalf("page without token: %d %s", w.Code, w.Body)
	}
	form := func(tok string) string {
		return "token=" + url.QueryEscape(tok) + "&next=" + url.QueryEscape("/duplicates")
	}
	if w := (accessReq{method: "POST", target: "/login", body: form("wrong")}).send(srv); w.Code != 401 || len(w.Result().Cookies()) != 0 {
		t.Fatalf("wrong login: %d, cookies %v", w.Code, w.Result().Cookies())
	}
	if w := (accessReq{method: "POST", target: "/login", origin: "http://evil.example", body: form(testToken)}).send(srv); w.Code != 403 {
		t.Fatalf("cross-site login: %d", w.Code)
	}
	w = (accessReq{method: "POST", target: "/login", origin: "http://localhost:8080", body: form(testToken)}).send(srv)
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/duplicates" {
		t.Fatalf("login: %d -> %q", w.Code, w.Header().Get("Location"))
	}
	cookies := w.Result().Cookies()
	if len(cookies) != 1 || !cookies[0].HttpOnly || cookies[0].SameSite != http.SameSiteStrictMode || cookies[0].Name != web.EditorCookie {
		t.Fatalf("cookie %+v", cookies)
	}
	if w := (accessReq{method: "GET", target: "/duplicates", cookie: cookies[0].Value}).send(srv); w.Code != 200 {
		t.Fatalf("page with cookie: %d", w.Code)
	}
	// GET /login (the pages' login link, a reload after a failed login)
	// shows the form, keeping next.
	w = (accessReq{method: "GET", target: "/login?next=" + url.QueryEscape("/insights")}).send(srv)
	if w.Code != 200 || !strings.Contains(w.Body.String(), `action="/login"`) || !strings.Contains(w.Body.String(), `name="next" value="/insights"`) {
		t.Fatalf("GET /login: %d %s", w.Code, w.Body)
	}
	// next is confined to the editors' pages: no open redirect.
	w = (accessReq{method: "POST", target: "/login", body: "token=" + testToken + "&next=" + url.QueryEscape("//evil.example/")}).send(srv)
	if loc := w.Header().Get("Location"); loc != "/duplicates" {
		t.Fatalf("redirect to %q", loc)
	}
}

// TestLoginFormError: a refused token's message is tied to the field it
// is about (aria-describedby) and the field is marked invalid, so a
// screen reader says both on the field (WCAG 3.3.1, 1.3.1); the first form
// marks nothing.
func TestLoginFormError(t *testing.T) {
	srv, _ := newAccessServer(testToken)
	first := (accessReq{method: "GET", target: "/login"}).send(srv).Body.String()
	if strings.Contains(first, "aria-invalid") || strings.Contains(first, "token-error") {
		t.Errorf("the first form marks an error:\n%s", first)
	}
	body := "token=wrong&next=" + url.QueryEscape("/insights")
	w := (accessReq{method: "POST", target: "/login", body: body}).send(srv)
	page := w.Body.String()
	for _, want := range []string{
		`<p id="token-error" class="error" role="alert">トークンが正しくありません。</p>`,
		`aria-invalid="true"`,
		`aria-describedby="token-error"`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("refused login: no %s in\n%s", want, page)
		}
	}
}

func TestAllowedHostsAndLoopback(t *testing.T) {
	hosts := []struct {
		addr  string
		extra []string
		want  []string
	}{
		{"127.0.0.1:8080", nil, []string{"localhost", "127.0.0.1", "::1"}},
		{":8080", nil, []string{"localhost", "127.0.0.1", "::1"}},
		{"0.0.0.0:8080", []string{"desk.local"}, []string{"localhost", "127.0.0.1", "::1", "desk.local"}},
		{"[::]:8080", []string{"Desk.Local:8080"}, []string{"localhost", "127.0.0.1", "::1", "desk.local"}},
		{"192.168.1.5:8080", nil, []string{"localhost", "127.0.0.1", "::1", "192.168.1.5"}},
	}
	for _, tt := range hosts {
		if got := web.AllowedHosts(tt.addr, tt.extra); !slices.Equal(got, tt.want) {
			t.Errorf("AllowedHosts(%q, %q) = %q, want %q", tt.addr, tt.extra, got, tt.want)
		}
	}
	loop := map[string]bool{
		"127.0.0.1:8080": true, "localhost:80": true, "[::1]:8080": true, "127.0.0.2:1": true,
		":8080": false, "0.0.0.0:8080": false, "[::]:8080": false, "192.168.1.5:8080": false, "desk.local:8080": false,
	}
	for addr, want := range loop {
		if got := web.IsLoopback(addr); got != want {
			t.Errorf("IsLoopback(%q) = %v, want %v", addr, got, want)
		}
	}
}

// TestHTTPDetails: HEAD answers like GET without a body, a trailing slash
// is a JSON 404 rather than a redirect, and a malformed query string is a
// 400 on every route.
func TestHTTPDetails(t *testing.T) {
	srv := web.New(web.Config{Logger: quietLogger(), Dupes: &fakeDupes{}})
	tests := []struct {
		method, target string
		want           int
		emptyBody      bool
	}{
		{"HEAD", "/", 200, true},
		{"HEAD", "/metrics", 200, true},
		{"HEAD", "/duplicates", 200, true},
		{"GET", "/api/search/", 404, false},
		{"GET", "/duplicates/", 404, false},
		{"GET", "/api/duplicates?threshold=%zz", 400, false},
		{"GET", "/api/search?q=%zz", 400, false},
		{"GET", "/?q=%zz", 400, false},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.target, func(t *testing.T) {
			r := do(srv, tt.method, tt.target, "", nil)
			if r.status != tt.want {
				t.Fatalf("status %d, want %d: %s", r.status, tt.want, r.body)
			}
			if tt.emptyBody && len(r.body) != 0 {
				t.Errorf("HEAD body %d bytes", len(r.body))
			}
			if r.status >= 400 {
				errorOf(t, r)
			}
		})
	}
}

// TestSlowBody408: a body that stops arriving before the server's read
// deadline gets 408 in the JSON error format (it was a 400).
func TestSlowBody408(t *testing.T) {
	srv := web.New(web.Config{Logger: quietLogger(), Dupes: &fakeDupes{}, ReadTimeout: 300 * time.Millisecond})
	addr := strings.TrimPrefix(startHTTP(t, srv), "http://")
	for _, path := range []string{"/api/search", "/api/duplicates/check"} {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(conn, "POST %s HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"query\":", path)
		_ = conn.SetReadDeadline(time.Now().Add(5 * time.Second))
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		body, _ := io.ReadAll(resp.Body)
		conn.Close()
		if resp.StatusCode != http.StatusRequestTimeout {
			t.Fatalf("%s: status %d, want 408: %s", path, resp.StatusCode, body)
		}
		code, _ := errorOf(t, response{status: resp.StatusCode, header: resp.Header, body: body})
		if code != "request_timeout" {
			t.Errorf("%s: code %q", path, code)
		}
	}
}

// TestMisdirectedNamesTheHost: the 421's message names the Host that is
// not served, and says so when the request named none (HTTP/1.0 allows
// that) instead of quoting an empty name.
func TestMisdirectedNamesTheHost(t *testing.T) {
	srv, _ := newAccessServer(testToken)
	tests := []struct {
		name, host, want string
	}{
		{"foreign host", "evil.example:8080", "host evil.example;"},
		{"no host", "", "names no host"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := (accessReq{method: "GET", target: "/healthz"}).build()
			req.Host = tt.host
			w := serve(srv, req)
			if w.Code != http.StatusMisdirectedRequest {
				t.Fatalf("status %d, want 421: %s", w.Code, w.Body)
			}
			code, msg := errorOf(t, response{status: w.Code, header: w.Header(), body: w.Body.Bytes()})
			if code != "misdirected_request" || !strings.Contains(msg, tt.want) {
				t.Errorf("error %q %q, want the message to say %q", code, msg, tt.want)
			}
		})
	}
}

// TestEditorPageAnswersJSONWhenAsked: an editors' page without the token
// shows the login form to browsers (and to clients that accept anything),
// and answers a client that accepts only JSON with the JSON 401 of
// contracts.md, {"error":{"code":"unauthorized",…}}.
func TestEditorPageAnswersJSONWhenAsked(t *testing.T) {
	srv, _ := newAccessServer(testToken)
	tests := []struct {
		target, accept string
		json           bool
	}{
		{"/duplicates", "", false},
		{"/insights", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", false},
		{"/duplicates", "*/*", false},
		{"/insights", "text/*", false},
		{"/duplicates", "application/json", true},
		{"/insights", "Application/JSON; charset=utf-8", true},
		{"/duplicates", "application/json, text/html;q=0", true},
	}
	for _, tt := range tests {
		t.Run(tt.target+" "+tt.accept, func(t *testing.T) {
			req := (accessReq{method: "GET", target: tt.target}).build()
			if tt.accept != "" {
				req.Header.Set("Accept", tt.accept)
			}
			w := serve(srv, req)
			if w.Code != http.StatusUnauthorized {
				t.Fatalf("status %d, want 401", w.Code)
			}
			checkPageRefusal(t, w, tt.json, "unauthorized")
		})
	}
}

// TestThrottledEditorPageAnswersJSONWhenAsked: once a client has no token
// tries left, an editors' page answers 429 with Retry-After, as the login
// form to browsers and as the JSON error to a client that accepts only
// JSON.
func TestThrottledEditorPageAnswersJSONWhenAsked(t *testing.T) {
	tests := []struct {
		accept string
		json   bool
	}{
		{"text/html", false},
		{"application/json", true},
	}
	for _, tt := range tests {
		t.Run(tt.accept, func(t *testing.T) {
			srv, _ := newAccessServer(testToken)
			var w *httptest.ResponseRecorder
			for i := 0; i < 100; i++ {
				req := (accessReq{method: "GET", target: "/duplicates", bearer: "wrong"}).build()
				req.Header.Set("Accept", tt.accept)
				if w = serve(srv, req); w.Code != http.StatusUnauthorized {
					break
				}
			}
			if w.Code != http.StatusTooManyRequests || w.Header().Get("Retry-After") == "" {
				t.Fatalf("status %d, Retry-After %q: want 429 with Retry-After", w.Code, w.Header().Get("Retry-After"))
			}
			checkPageRefusal(t, w, tt.json, "too_many_requests")
		})
	}
}

// checkPageRefusal checks an editors' page's refusal: the login form, or
// (asJSON) the JSON error with the given code.
func checkPageRefusal(t *testing.T, w *httptest.ResponseRecorder, asJSON bool, want string) {
	t.Helper()
	if !asJSON {
		if !strings.Contains(w.Body.String(), `action="/login"`) {
			t.Errorf("want the login form: %s", w.Body)
		}
		return
	}
	if code, _ := errorOf(t, response{status: w.Code, header: w.Header(), body: w.Body.Bytes()}); code != want {
		t.Errorf("code %q, want %s", code, want)
	}
}
