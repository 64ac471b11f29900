package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/soudan-desk/soudan/web"
)

// guess sends one request of a token guesser from client (its address).
func guess(srv http.Handler, client string, req accessReq) (int, http.Header, string) {
	r := req.build()
	r.RemoteAddr = client
	w := serve(srv, r)
	return w.Code, w.Header(), w.Body.String()
}

// TestTokenGuessThrottle: a client that keeps presenting wrong editor
// tokens, by Bearer header, cookie or the login form, is answered 429
// with Retry-After after a few tries, before its token is looked at (so
// the right one gets 429 too, and the answer tells nothing); other
// clients are not affected, and a right token does not count as a try.
func TestTokenGuessThrottle(t *testing.T) {
	login := func(tok string) accessReq {
		return accessReq{method: "POST", target: "/login", body: "token=" + url.QueryEscape(tok) + "&next=%2Finsights"}
	}
	bearer := func(tok string) accessReq { return accessReq{method: "GET", target: "/api/duplicates", bearer: tok} }
	cookie := func(tok string) accessReq { return accessReq{method: "GET", target: "/api/duplicates", cookie: tok} }
	tests := []struct {
		name  string
		guess func(string) accessReq
	}{
		{"bearer", bearer},
		{"cookie", cookie},
		{"login form", login},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, _ := newAccessServer(testToken)
			const attacker, editor = "192.0.2.7:40000", "192.0.2.8:40000"
			// Right tokens never use up the allowance.
			for range web.TokenGuesses + 5 {
				if code, _, body := guess(srv, attacker, tt.guess(testToken)); code >= 400 {
					t.Fatalf("right token: %d %s", code, body)
				}
			}
			for i := range web.TokenGuesses {
				if code, _, body := guess(srv, attacker, tt.guess("wrong")); code != http.StatusUnauthorized {
					t.Fatalf("wrong token %d: %d, want 401: %s", i+1, code, body)
				}
			}
			for _, tok := range []string{"wrong", testToken} {
				code, h, body := guess(srv, attacker, tt.guess(tok))
				if code != http.StatusTooManyRequests || h.Get("Retry-After") == "" {
					t.Fatalf("token %q after %d wrong ones: %d (Retry-After %q), want 429: %s", tok, web.TokenGuesses, code, h.Get("Retry-After"), body)
				}
				if tt.name == "login form" && !strings.Contains(body, "試行が多すぎます") {
					t.Errorf("login page does not say why: %s", body)
				}
			}
			if code, _, body := guess(srv, editor, tt.guess(testToken)); code >= 400 {
				t.Fatalf("another client: %d %s", code, body)
			}
			// Asking without a token is no guess: the login form, 401.
			if code, _, _ := guess(srv, attacker, accessReq{method: "GET", target: "/duplicates"}); code != http.StatusUnauthorized {
				t.Fatalf("page without token while throttled: %d, want 401", code)
			}
		})
	}
}

// TestWrongCookieCleared: a wrong editor cookie (the token was rotated) is
// cleared in the 401, so that an editor's browser stops presenting it and
// does not use up its tries before the login form is sent.
func TestWrongCookieCleared(t *testing.T) {
	srv, _ := newAccessServer(testToken)
	for _, target := range []string{"/duplicates", "/api/duplicates"} {
		w := (accessReq{method: "GET", target: target, cookie: "old-token"}).send(srv)
		if w.Code != http.StatusUnauthorized {
			t.Fatalf("%s: %d", target, w.Code)
		}
		cleared := false
		for _, ck := range w.Result().Cookies() {
			cleared = cleared || ck.Name == web.EditorCookie && ck.MaxAge < 0
		}
		if !cleared {
			t.Errorf("%s: wrong cookie not cleared: %v", target, w.Result().Cookies())
		}
	}
}

// TestLoopbackNotThrottled: clients on the server's own machine (IPv4 and
// IPv6 loopback) are counted by neither per-client throttle, as the
// connection limit does not count them: wrong tokens keep getting 401,
// a right one then passes, and search events past the LAN allowance are
// stored. The desk's scripts and an outside test suite run there.
func TestLoopbackNotThrottled(t *testing.T) {
	for _, client := range []string{"127.0.0.1:40000", "[::1]:40000"} {
		t.Run(client, func(t *testing.T) {
			srv, _ := newAccessServer(testToken)
			bearer := func(tok string) accessReq { return accessReq{method: "GET", target: "/api/duplicates", bearer: tok} }
			for i := range 3 * web.TokenGuesses {
				if code, _, body := guess(srv, client, bearer("wrong")); code != http.StatusUnauthorized {
					t.Fatalf("wrong token %d: %d, want 401: %s", i+1, code, body)
				}
			}
			if code, _, body := guess(srv, client, bearer(testToken)); code >= 400 {
				t.Fatalf("right token after %d wrong ones: %d %s", 3*web.TokenGuesses, code, body)
			}

			s := newInsightsServer(t, "", nil, false)
			const search = `{"query":"不審なメール","confidence":"none","results":[],"event":"idle"}`
			for i := range web.StaffWrites + 20 {
				r := accessReq{method: "POST", target: "/api/searches", body: search}.build()
				r.RemoteAddr = client
				if w := serve(s, r); w.Code != http.StatusCreated {
					t.Fatalf("search event %d: %d, want 201", i+1, w.Code)
				}
			}
		})
	}
}
