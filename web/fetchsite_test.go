package web_test

import (
	"net/http"
	"testing"
)

// TestSecFetchSite: a page on another port of the same host (another web
// application on the desk's server, a developer's localhost:3000) is
// "same-site": browsers send it the editors' SameSite=Strict cookie, and
// the Origin check compares host names only. A plain form POST from it
// (text/plain, no preflight) reloaded the corpus with the editor's cookie
// (POST /api/admin/reload, 200). A browser's Sec-Fetch-Site tells a
// same-origin request from others whatever proxies do to Host, so a
// state-changing request whose Sec-Fetch-Site is neither same-origin nor
// none (typed by the user) is refused with 403; clients that send none
// (scripts, older browsers) keep the Origin check.
func TestSecFetchSite(t *testing.T) {
	srv, _ := newAccessServer(testToken)
	reload := func(site, origin string) accessReq {
		r := accessReq{method: "POST", target: "/api/admin/reload", origin: origin, cookie: testToken}
		r.fetchSite = site
		return r
	}
	tests := []struct {
		name string
		req  accessReq
		want int
	}{
		{"sibling port", reload("same-site", "http://localhost:3000"), http.StatusForbidden},
		{"sibling port, origin stripped", reload("same-site", ""), http.StatusForbidden},
		{"cross-site, no origin", reload("cross-site", ""), http.StatusForbidden},
		{"same origin", reload("same-origin", "http://localhost:8080"), http.StatusServiceUnavailable}, // no reloader here
		{"typed by the user", reload("none", ""), http.StatusServiceUnavailable},
		{"script", reload("", ""), http.StatusServiceUnavailable},
		{"logout from a sibling", accessReq{method: "POST", target: "/logout", fetchSite: "same-site"}, http.StatusForbidden},
		{"search from a sibling", accessReq{method: "GET", target: "/api/search?q=x", fetchSite: "same-site"}, http.StatusServiceUnavailable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if w := tt.req.send(srv); w.Code != tt.want {
				t.Fatalf("status %d, want %d: %s", w.Code, tt.want, w.Body)
			}
		})
	}
}
