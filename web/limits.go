package web

import (
	"context"
	"net/http"
	"runtime"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/soudan-desk/soudan/internal/wait"
)

// Cost limits (contracts.md, "Limits"). The editors' expensive routes
// (the duplicate report, draft checks, pair diffs, insights) run under
// [Server.limitExpensive]: at most a few at a time, each under a deadline,
// and at most expensiveRate starts a second, each under a deadline, so
// that a flood of them leaves the CPU to the desk's searches. A request
// that finds no start token or no free slot within a short wait gets 429
// with Retry-After in the JSON error format.

// Defaults for the expensive routes.
const (
	// DefaultExpensiveTimeout bounds one expensive request.
	DefaultExpensiveTimeout = 10 * time.Second
	// expensiveQueueWait is how long a request waits for a free slot
	// before it is turned away.
	expensiveQueueWait = 250 * time.Millisecond
	// expensiveRetryAfter is the Retry-After sent with a 429.
	expensiveRetryAfter = time.Second
	// expensiveRate and expensiveBurst bound how often expensive requests
	// start, whatever their cost once cached: a desk's few editors ask a
	// report now and then, a flood asks hundreds a second.
	expensiveRate  = 20 // per second
	expensiveBurst = 20
)

// limiter bounds how many expensive requests run at once and how often
// they start.
type limiter struct {
	slots chan struct{}
	wait  time.Duration

	mu     sync.Mutex
	tokens float64
	last   time.Time
}

// newLimiter allows n requests at once; n ≤ 0 takes half the CPUs (at
// least one), leaving the rest to searches.
func newLimiter(n int) *limiter {
	if n <= 0 {
		n = max(1, runtime.GOMAXPROCS(0)/2)
	}
	return &limiter{slots: make(chan struct{}, n), wait: expensiveQueueWait, tokens: expensiveBurst}
}

// reserve takes a start token from the bucket and returns how long to
// wait for it; false when that would be longer than l.wait (no token is
// taken then).
func (l *limiter) reserve(now time.Time) (time.Duration, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.last.IsZero() {
		l.tokens = min(expensiveBurst, l.tokens+now.Sub(l.last).Seconds()*expensiveRate)
	}
	l.last = now
	delay := time.Duration((1 - l.tokens) / expensiveRate * float64(time.Second))
	if delay > l.wait {
		return 0, false
	}
	l.tokens--
	return max(delay, 0), true
}

// acquire takes a slot, waiting at most l.wait; it reports whether it got
// one. The caller releases a slot it got with release.
func (l *limiter) acquire(ctx context.Context) bool {
	select {
	case l.slots <- struct{}{}:
		return true
	default:
	}
	t := time.NewTimer(l.wait)
	defer t.Stop()
	select {
	case l.slots <- struct{}{}:
		return true
	case <-t.C:
	case <-ctx.Done():
	}
	return false
}

func (l *limiter) release() { <-l.slots }

// limitExpensive is the middleware of the expensive routes: a slot from
// the limiter (else 429 with Retry-After) and a deadline (a request past
// it gets 503). Other helpers' expensive routes (insights) add it too.
func (s *Server) limitExpensive(c *gin.Context) {
	ctx := c.Request.Context()
	delay, ok := s.expensive.reserve(time.Now())
	if !ok {
		// Turned away, but only after the wait a queued request would
		// have had: a client that retries at once cannot spin.
		wait.Sleep(ctx, s.expensive.wait)
	}
	if !ok || !wait.Sleep(ctx, delay) || !s.expensive.acquire(ctx) {
		s.respondError(c, &Error{Status: http.StatusTooManyRequests, Code: CodeTooMany,
			Message: "too many expensive requests at once; try again shortly", RetryAfter: expensiveRetryAfter})
		return
	}
	defer s.expensive.release()
	ctx, cancel := context.WithTimeout(ctx, s.expensiveTimeout)
	defer cancel()
	c.Request = c.Request.WithContext(ctx)
	c.Next()
}

// expensiveRoutes is the editors' group with the cost limits on: register
// an editors' route that can take more than a few milliseconds here.
func (s *Server) expensiveRoutes() *gin.RouterGroup { return s.expensiveGroup }
