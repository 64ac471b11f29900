package web

import (
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
)

// Per-client throttles, each a token bucket per client: its address as
// [gin.Context.ClientIP] gives it (the proxy's X-Forwarded-For only with
// --trusted-proxies), an IPv6 address by its /64.
//
// Guessing the editor token: a client may present TokenGuesses wrong
// tokens, by Bearer header, cookie or the login form; then one more every
// guessRefill. A client with no tries left gets 429 with Retry-After for
// every request that presents a token, before the token is compared, so
// that the answer tells nothing about it. A right token gives its try
// back. Asking without a token (the login form) is no guess.
//
// The staff page's search events and feedback: StaffWrites at once, then
// StaffWritesPerSecond (limitStaffWrites).
//
// Clients on the loopback are counted by neither (unthrottled).

const (
	// TokenGuesses is how many wrong tokens a client may present at once.
	TokenGuesses = 10
	// guessRefill is how often a client gets one more try back.
	guessRefill = 6 * time.Second
	// guessClients bounds the clients remembered (by each throttle);
	// past it, new clients share one allowance until old ones have all
	// their tries back.
	guessClients = 4096

	// StaffWrites is how many search events and feedback (POST
	// /api/searches, /api/feedback) a client may send at once, and
	// StaffWritesPerSecond how many more each second: the staff page
	// sends a search after 4 s idle and feedback on a click, and each is
	// a row in the store.
	StaffWrites          = 120
	StaffWritesPerSecond = 2
)

// clientBuckets counts each client's tries in a token bucket: burst at
// once, one more every every. It remembers at most guessClients clients.
type clientBuckets struct {
	burst float64
	every time.Duration

	mu      sync.Mutex
	now     func() time.Time
	clients map[string]*clientBucket
}

// clientBucket is one client's tries left, as of last.
type clientBucket struct {
	tries float64
	last  time.Time
}

func newClientBuckets(burst int, every time.Duration) *clientBuckets {
	return &clientBuckets{burst: float64(burst), every: every, now: time.Now, clients: map[string]*clientBucket{}}
}

// newGuessThrottle counts editor token tries.
func newGuessThrottle() *clientBuckets { return newClientBuckets(TokenGuesses, guessRefill) }

// take uses one of client's tries. When none is left it returns false and
// how long until one is back.
func (g *clientBuckets) take(client string) (time.Duration, bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	now := g.now()
	b := g.bucket(client, now)
	if b.tries < 1 {
		return time.Duration((1 - b.tries) * float64(g.every)), false
	}
	b.tries--
	return 0, true
}

// giveBack returns the try that a right token took.
func (g *clientBuckets) giveBack(client string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	b := g.bucket(client, g.now())
	b.tries = min(g.burst, b.tries+1)
}

// bucket returns client's bucket refilled up to now; g.mu is held.
func (g *clientBuckets) bucket(client string, now time.Time) *clientBucket {
	if b, ok := g.clients[client]; ok {
		g.refill(b, now)
		return b
	}
	// One place is kept for the shared allowance.
	if len(g.clients) >= guessClients-1 {
		g.forgetRested(now)
	}
	if len(g.clients) >= guessClients-1 {
		client = "overflow"
		if b, ok := g.clients[client]; ok {
			g.refill(b, now)
			return b
		}
	}
	b := &clientBucket{tries: g.burst, last: now}
	g.clients[client] = b
	return b
}

// forgetRested drops the clients that have all their tries back.
func (g *clientBuckets) forgetRested(now time.Time) {
	for k, b := range g.clients {
		if g.refill(b, now); b.tries >= g.burst {
			delete(g.clients, k)
		}
	}
}

func (g *clientBuckets) refill(b *clientBucket, now time.Time) {
	if now.After(b.last) {
		b.tries = min(g.burst, b.tries+float64(now.Sub(b.last))/float64(g.every))
		b.last = now
	}
}

// guessKey is the client a try is counted for: its address, an IPv6 one
// cut to its /64 (one machine can hold a whole /64).
func guessKey(c *gin.Context) string {
	addr, ip := clientIP(c)
	if ip == nil {
		return addr
	}
	if ip.To4() == nil {
		return ip.Mask(net.CIDRMask(64, 128)).String() + "/64"
	}
	return ip.String()
}

// clientIP returns the request's client address as
// [gin.Context.ClientIP] gives it, and that address parsed (nil when it
// is not an IP address).
func clientIP(c *gin.Context) (string, net.IP) {
	addr := c.ClientIP()
	if addr == "" { // gin gives none for a zoned address
		addr, _, _ = net.SplitHostPort(c.Request.RemoteAddr)
	}
	return addr, net.ParseIP(addr)
}

// unthrottled reports whether the request's client is not counted by the
// per-client throttles: a client on the loopback, as the connection
// limit exempts it (connlimit.go). It is on the server's own machine,
// past the LAN the throttles guard against, and the desk's own scripts
// and tests run there. Behind a reverse proxy on the same machine, the
// proxy must be in --trusted-proxies, so that its clients are counted by
// their own addresses.
func unthrottled(c *gin.Context) bool {
	_, ip := clientIP(c)
	return ip != nil && ip.IsLoopback()
}

// rightToken gives back the try that the request's right token took.
func (s *Server) rightToken(c *gin.Context) {
	if !unthrottled(c) {
		s.guesses.giveBack(guessKey(c))
	}
}

// takeGuess uses one of the request's client's tries; with none left it
// answers 429 (the login form on pages, JSON on the API) and returns
// false.
func (s *Server) takeGuess(c *gin.Context) bool {
	if unthrottled(c) {
		return true
	}
	wait, ok := s.guesses.take(guessKey(c))
	if ok {
		return true
	}
	s.log.Warn("editor token guesses throttled", slog.String("route", c.FullPath()), slog.String("client", c.ClientIP()))
	wait = max(wait, time.Second)
	if strings.HasPrefix(c.Request.URL.Path, "/api/") || !acceptsHTML(c.Request) {
		s.respondError(c, &Error{Status: http.StatusTooManyRequests, Code: CodeTooMany,
			Message: "too many wrong editor tokens from this client; try again later", RetryAfter: wait})
		return false
	}
	c.Header("Retry-After", retryAfterSeconds(wait))
	next := c.Request.URL.Path
	if next == "/login" {
		next = c.PostForm("next")
	}
	s.loginPage(c, http.StatusTooManyRequests, next, "ログインの試行が多すぎます。しばらく待ってからやり直してください。")
	return false
}

// limitStaffWrites bounds each client's search events and feedback
// (StaffWrites, then StaffWritesPerSecond): they are open to the LAN, and
// each is a row kept for the retention period. Beyond, 429 with
// Retry-After; the page records best effort and carries on.
func (s *Server) limitStaffWrites(c *gin.Context) {
	if unthrottled(c) {
		c.Next()
		return
	}
	if wait, ok := s.staffWrites.take(guessKey(c)); !ok {
		s.respondError(c, &Error{Status: http.StatusTooManyRequests, Code: CodeTooMany,
			Message: "too many search events from this client; try again later", RetryAfter: max(wait, time.Second)})
		return
	}
	c.Next()
}
