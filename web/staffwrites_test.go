package web_test

import (
	"net/http"
	"testing"

	"github.com/soudan-desk/soudan/web"
)

// TestStaffWritesThrottled: the staff page's search events and feedback
// are open to anyone on the LAN, and each is a row in the store (kept 90
// days). One script posted 2,000 searches of 2,000 characters in 28 s
// (72 a second on one connection, about 4 KB of database each). Each
// client now has StaffWrites at once and StaffWritesPerSecond more each
// second — far above what the page sends (one search after 4 s idle, a
// click's feedback) — and gets 429 with Retry-After beyond; other
// clients are not affected.
func TestStaffWritesThrottled(t *testing.T) {
	s := newInsightsServer(t, "", nil, false)
	post := func(client, target, body string) (int, http.Header) {
		r := accessReq{method: "POST", target: target, body: body}.build()
		r.RemoteAddr = client
		w := serve(s, r)
		return w.Code, w.Header()
	}
	const search = `{"query":"不審なメール","confidence":"none","results":[],"event":"idle"}`
	const script, desk = "192.0.2.50:1000", "192.0.2.51:1000"
	for i := range web.StaffWrites {
		target, body, want := "/api/searches", search, http.StatusCreated
		if i%2 == 1 {
			target, body, want = "/api/feedback", `{"search_id":"nope","verdict":"none"}`, http.StatusNotFound
		}
		if code, _ := post(script, target, body); code != want {
			t.Fatalf("write %d (%s): %d, want %d", i+1, target, code, want)
		}
	}
	for _, target := range []string{"/api/searches", "/api/feedback"} {
		code, h := post(script, target, search)
		if code != http.StatusTooManyRequests || h.Get("Retry-After") == "" {
			t.Fatalf("%s past the allowance: %d (Retry-After %q), want 429", target, code, h.Get("Retry-After"))
		}
	}
	if code, _ := post(desk, "/api/searches", search); code != http.StatusCreated {
		t.Fatalf("another client: %d", code)
	}
	// Searching is not a write: it stays open.
	if code, _ := post(script, "/api/search", `{"query":"不審なメール"}`); code != http.StatusOK {
		t.Fatalf("search from the throttled client: %d", code)
	}
}
