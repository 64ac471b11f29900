package web

import (
	"fmt"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
)

// TestGuessThrottleRefill: on a fake clock, a client's tries come back one
// every guessRefill, never beyond TokenGuesses, and the wait it is told is
// the time until the next one.
func TestGuessThrottleRefill(t *testing.T) {
	now := time.Unix(1e9, 0)
	g := newGuessThrottle()
	g.now = func() time.Time { return now }
	for range TokenGuesses {
		if _, ok := g.take("a"); !ok {
			t.Fatal("refused within the allowance")
		}
	}
	steps := []struct {
		advance  time.Duration
		wantOK   bool
		wantWait time.Duration
	}{
		{0, false, guessRefill},
		{guessRefill / 2, false, guessRefill / 2},
		{guessRefill / 2, true, 0},
		{0, false, guessRefill},
		{100 * guessRefill, true, 0}, // back to the full allowance, not more
	}
	for i, st := range steps {
		now = now.Add(st.advance)
		wait, ok := g.take("a")
		if ok != st.wantOK || wait != st.wantWait {
			t.Fatalf("step %d: take = %v, %v; want %v, %v", i, wait, ok, st.wantWait, st.wantOK)
		}
	}
	for range TokenGuesses - 1 {
		if _, ok := g.take("a"); !ok {
			t.Fatal("the allowance did not come back in full")
		}
	}
	if _, ok := g.take("a"); ok {
		t.Fatal("more than TokenGuesses tries came back")
	}
}

// TestGuessThrottleBounded: the clients remembered stay under
// guessClients; past it, new clients share one allowance, and clients
// that have all their tries back are forgotten first.
func TestGuessThrottleBounded(t *testing.T) {
	now := time.Unix(1e9, 0)
	g := newGuessThrottle()
	g.now = func() time.Time { return now }
	for i := range guessClients + 50 {
		g.take(fmt.Sprint("c", i))
	}
	if n := len(g.clients); n > guessClients {
		t.Fatalf("%d clients remembered, bound %d", n, guessClients)
	}
	for range TokenGuesses - 50 {
		g.take("newcomer")
	}
	if _, ok := g.take("another newcomer"); ok {
		t.Fatal("new clients past the bound do not share one allowance")
	}
	now = now.Add(TokenGuesses * guessRefill)
	if _, ok := g.take("late"); !ok {
		t.Fatal("rested clients were not forgotten")
	}
	if n := len(g.clients); n > guessClients {
		t.Fatalf("%d clients remembered, bound %d", n, guessClients)
	}
}

// TestGuessKey: IPv4 clients count one by one, IPv6 ones by /64.
func TestGuessKey(t *testing.T) {
	tests := map[string]string{
		"192.0.2.7:1":              "192.0.2.7",
		"[2001:db8:1:2:3:4:5:6]:1": "2001:db8:1:2::/64",
		"[2001:db8:1:2:ffff::9]:1": "2001:db8:1:2::/64",
		"[::ffff:192.0.2.7]:1":     "192.0.2.7",
		"[2001:db8:1:3::1]:443":    "2001:db8:1:3::/64",
		"[fe80::1%eth0]:8080":      "fe80::1%eth0",
		"not an address":           "",
	}
	gin.SetMode(gin.ReleaseMode)
	for addr, want := range tests {
		c, _ := gin.CreateTestContext(httptest.NewRecorder())
		c.Request = httptest.NewRequest("GET", "/", nil)
		c.Request.RemoteAddr = addr
		if got := guessKey(c); got != want {
			t.Errorf("guessKey(%q) = %q, want %q", addr, got, want)
		}
	}
}
