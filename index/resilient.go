package index

import (
	"context"
	"errors"
	"sync"
	"time"
)

// ErrEmbedderDown is returned by a [Resilient] embedder while its backend
// is considered down: the call fails at once instead of waiting for a
// server that does not answer.
var ErrEmbedderDown = errors.New("embedder is down; retrying in the background")

// ResilientOptions configure [NewResilient]. Zero values select the
// defaults.
type ResilientOptions struct {
	// MinBackoff and MaxBackoff bound the wait before the backend is
	// tried again after a failure; the wait doubles with each failure in
	// a row (defaults 500 ms and 8 s).
	MinBackoff, MaxBackoff time.Duration
	// ProbeTimeout bounds the small request that checks whether the
	// backend is back (default 5 s).
	ProbeTimeout time.Duration
	// OnError, when set, is called with each failed call's error (for
	// metrics and logs).
	OnError func(error)
	// OnRecover, when set, is called when the backend answers again
	// after failures.
	OnRecover func()
	// Now is the clock (time.Now).
	Now func() time.Time
	// AfterFunc schedules the background probe (time.AfterFunc, whose
	// Stop it returns); tests replace it to fire probes themselves.
	AfterFunc func(d time.Duration, f func()) (stop func() bool)
}

// Resilient wraps an embedder on another server (Ollama) with a circuit
// breaker: after a failed call, calls fail at once with ErrEmbedderDown
// until a probe in the background finds the backend answering again. A
// search never waits on a backend known to be down, and the first call
// after the backend comes back succeeds without a restart. The probes run
// on their own schedule (the backoff after each failure), so a backend
// that comes back is noticed even when no call arrives.
type Resilient struct {
	inner Embedder
	opts  ResilientOptions

	mu       sync.Mutex
	failures int           // failed calls in a row
	retryAt  time.Time     // when the next probe may run
	probing  bool          // a probe is running
	timer    bool          // a probe is scheduled
	up       chan struct{} // closed while the breaker is closed
}

// NewResilient wraps inner.
func NewResilient(inner Embedder, opts ResilientOptions) *Resilient {
	if opts.MinBackoff <= 0 {
		opts.MinBackoff = 500 * time.Millisecond
	}
	if opts.MaxBackoff < opts.MinBackoff {
		opts.MaxBackoff = max(8*time.Second, opts.MinBackoff)
	}
	if opts.ProbeTimeout <= 0 {
		opts.ProbeTimeout = 5 * time.Second
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.AfterFunc == nil {
		opts.AfterFunc = func(d time.Duration, f func()) func() bool { return time.AfterFunc(d, f).Stop }
	}
	up := make(chan struct{})
	close(up)
	return &Resilient{inner: inner, opts: opts, up: up}
}

// Name returns the wrapped embedder's name.
func (r *Resilient) Name() string { return r.inner.Name() }

// Down reports whether the backend is considered down.
func (r *Resilient) Down() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.failures > 0
}

// Recovered returns a channel that is closed once the backend answers:
// at once when it is not considered down, else when a probe succeeds. A
// caller that got ErrEmbedderDown can wait on it instead of polling.
func (r *Resilient) Recovered() <-chan struct{} {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.up
}

// Embed implements [Embedder]. While the backend is down it returns
// ErrEmbedderDown at once, and starts a probe when one is due.
func (r *Resilient) Embed(ctx context.Context, texts []string, purpose Purpose) ([][]float32, error) {
	r.mu.Lock()
	if r.failures > 0 {
		if !r.probing && !r.opts.Now().Before(r.retryAt) {
			r.probing = true
			go r.probe()
		}
		r.mu.Unlock()
		return nil, ErrEmbedderDown
	}
	r.mu.Unlock()
	vecs, err := r.inner.Embed(ctx, texts, purpose)
	if err != nil && ctx.Err() == nil || errors.Is(err, context.DeadlineExceeded) {
		r.fail(err)
	}
	return vecs, err
}

// probe sends one short text; success closes the breaker.
func (r *Resilient) probe() {
	ctx, cancel := context.WithTimeout(context.Background(), r.opts.ProbeTimeout)
	defer cancel()
	_, err := r.inner.Embed(ctx, []string{"probe"}, PurposeQuery)
	r.mu.Lock()
	r.probing = false
	r.mu.Unlock()
	if err != nil {
		r.fail(err)
		return
	}
	r.mu.Lock()
	was := r.failures
	r.failures = 0
	if was > 0 {
		close(r.up)
	}
	r.mu.Unlock()
	if was > 0 && r.opts.OnRecover != nil {
		r.opts.OnRecover()
	}
}

// probeDue runs a scheduled probe unless the breaker closed meanwhile or a
// probe a call started is running (it schedules the next one if it fails).
func (r *Resilient) probeDue() {
	r.mu.Lock()
	r.timer = false
	if r.failures == 0 || r.probing {
		r.mu.Unlock()
		return
	}
	r.probing = true
	r.mu.Unlock()
	r.probe()
}

// fail records a failed call and schedules the next probe.
func (r *Resilient) fail(err error) {
	r.mu.Lock()
	if r.failures == 0 {
		r.up = make(chan struct{})
	}
	r.failures++
	backoff := min(r.opts.MinBackoff<<min(r.failures-1, 16), r.opts.MaxBackoff)
	r.retryAt = r.opts.Now().Add(backoff)
	if !r.timer {
		r.timer = true
		r.opts.AfterFunc(backoff, r.probeDue)
	}
	r.mu.Unlock()
	if r.opts.OnError != nil {
		r.opts.OnError(err)
	}
}
