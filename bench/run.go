package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"net/url"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// DefaultTimeout bounds one request when Config.Timeout is zero.
const DefaultTimeout = 10 * time.Second

// Config describes one load run.
type Config struct {
	Target  Target
	Queries []string // sent in order, round-robin over the clients; cycled when more requests are asked
	Clients int      // concurrent clients, each with one request in flight; at least 1
	// Requests bounds the number of requests; Duration bounds the time.
	// The run stops at the first bound reached. With neither, every query
	// is sent once.
	Requests int
	Duration time.Duration
	Timeout  time.Duration // per request; DefaultTimeout when zero; never negative
	// Client sends the requests; nil makes one that keeps a connection per
	// client alive.
	Client *http.Client
}

// Result is what a run measured. Latencies are of the successful requests
// (status 2xx), from sending the request to reading the whole body.
type Result struct {
	Clients    int
	Requests   int // requests completed, successful or not
	Errors     int // transport errors and non-2xx statuses
	ErrorKinds map[string]int
	Elapsed    time.Duration
	Throughput float64 // successful requests per second
	P50, P90   time.Duration
	P99, Max   time.Duration
	Mean       time.Duration
	// Interrupted is true when ctx ended the run before its bound.
	Interrupted bool
}

// Run sends the queries of cfg and measures the answers. It stops early,
// with what it measured so far, when ctx is cancelled; a request cut short
// by that cancellation is not counted.
func Run(ctx context.Context, cfg Config) (*Result, error) {
	if err := cfg.check(); err != nil {
		return nil, err
	}
	client := cfg.Client
	raw, useRaw := rawRequestTarget(cfg.Target)
	useRaw = useRaw && client == nil
	if client == nil && !useRaw {
		tr := &http.Transport{MaxIdleConnsPerHost: cfg.Clients, MaxIdleConns: cfg.Clients}
		defer tr.CloseIdleConnections()
		client = &http.Client{Transport: tr, CheckRedirect: noRedirects}
	}
	total := int64(cfg.Requests)
	if total == 0 && cfg.Duration == 0 {
		total = int64(len(cfg.Queries))
	}
	var deadline time.Time
	start := time.Now()
	if cfg.Duration > 0 {
		deadline = start.Add(cfg.Duration)
	}
	var next atomic.Int64
	workers := make([]worker, cfg.Clients)
	var wg sync.WaitGroup
	for i := range workers {
		w := &workers[i]
		w.cfg, w.client = &cfg, client
		if useRaw {
			w.raw, w.conn = raw, &rawConn{addr: raw.hostPort(), timeout: cfg.Timeout}
			stop := context.AfterFunc(ctx, w.conn.cut)
			defer stop()
			defer w.conn.close()
		}
		wg.Go(func() {
			for ctx.Err() == nil && (deadline.IsZero() || time.Now().Before(deadline)) {
				n := next.Add(1) - 1
				if total > 0 && n >= total {
					return
				}
				q := cfg.Queries[n%int64(len(cfg.Queries))]
				if w.conn != nil {
					w.sendRaw(ctx, q)
				} else {
					w.send(ctx, q)
				}
			}
		})
	}
	wg.Wait()
	res := summarise(workers, cfg.Clients, time.Since(start))
	res.Interrupted = ctx.Err() != nil && (total == 0 || int64(res.Requests) < total)
	return res, nil
}

// noRedirects keeps a client on the server it was told to load: a 3xx
// answer is the result (an error of its status), as it is for the clients
// that speak HTTP/1.1 themselves, never a request to another host.
func noRedirects(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

// MaxClients bounds the concurrent clients: each holds a connection and
// a goroutine. (A soudan server counts at most 256 connections from one
// LAN address; loopback and its trusted proxies are not counted.)
const MaxClients = 4096

// check validates the configuration.
func (c *Config) check() error {
	switch {
	case c.Target == nil:
		return errors.New("no target")
	case len(c.Queries) == 0:
		return errors.New("no queries")
	case c.Clients < 1 || c.Clients > MaxClients:
		return fmt.Errorf("clients must be between 1 and %d, got %d", MaxClients, c.Clients)
	case c.Requests < 0:
		return fmt.Errorf("requests must not be negative, got %d", c.Requests)
	case c.Duration < 0:
		return fmt.Errorf("duration must not be negative, got %s", c.Duration)
	case c.Timeout < 0:
		return fmt.Errorf("timeout must not be negative, got %s", c.Timeout)
	}
	if c.Timeout <= 0 {
		c.Timeout = DefaultTimeout
	}
	return nil
}

// worker is one client's share of the measurements.
type worker struct {
	cfg      *Config
	client   *http.Client
	raw      rawTarget // with conn: the client speaks HTTP/1.1 itself
	conn     *rawConn
	lat      []time.Duration
	requests int
	errors   map[string]int
}

// send sends one query and records its outcome.
func (w *worker) send(ctx context.Context, q string) {
	rctx, cancel := context.WithTimeout(ctx, w.cfg.Timeout)
	defer cancel()
	req, err := w.cfg.Target.Request(rctx, q)
	if err != nil {
		w.fail("request: " + err.Error())
		return
	}
	t0 := time.Now()
	resp, err := w.client.Do(req)
	if err == nil {
		_, err = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	d := time.Since(t0)
	switch {
	case err != nil && ctx.Err() != nil:
		return // the run was cancelled: not the server's fault
	case err != nil:
		w.fail(errorKind(err))
	case resp.StatusCode < 200 || resp.StatusCode > 299:
		w.fail(fmt.Sprintf("HTTP %d", resp.StatusCode))
	default:
		w.requests++
		w.lat = append(w.lat, d)
	}
}

// sendRaw is send over the client's own connection (raw.go).
func (w *worker) sendRaw(ctx context.Context, q string) {
	c := w.conn
	c.req = w.raw.appendRequest(c.req[:0], &c.scratch, q)
	t0 := time.Now()
	err := c.do(ctx)
	d := time.Since(t0)
	var status errStatus
	switch {
	case err != nil && ctx.Err() != nil:
		return // the run was cancelled: not the server's fault
	case errors.As(err, &status):
		w.fail(status.Error())
	case err != nil:
		w.fail(rawErrorKind(err))
	default:
		w.requests++
		w.lat = append(w.lat, d)
	}
}

// rawErrorKind names an error of the client's own connection; none holds
// the query.
func rawErrorKind(err error) string {
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return "timeout"
	}
	var op *net.OpError
	if errors.As(err, &op) {
		return op.Op + ": " + op.Err.Error()
	}
	return err.Error()
}

func (w *worker) fail(kind string) {
	if w.errors == nil {
		w.errors = map[string]int{}
	}
	w.requests++
	w.errors[kind]++
}

// errorKind names a transport error without the URL, which may hold the
// query text: callers' words are not printed.
func errorKind(err error) string {
	if errors.Is(err, context.DeadlineExceeded) {
		return "timeout"
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		if ue.Timeout() {
			return "timeout"
		}
		return ue.Op + ": " + ue.Err.Error()
	}
	return err.Error()
}

// summarise merges the workers' measurements.
func summarise(workers []worker, clients int, elapsed time.Duration) *Result {
	r := &Result{Clients: clients, Elapsed: elapsed, ErrorKinds: map[string]int{}}
	var lat []time.Duration
	for _, w := range workers {
		r.Requests += w.requests
		lat = append(lat, w.lat...)
		for k, n := range w.errors {
			r.ErrorKinds[k] += n
			r.Errors += n
		}
	}
	if elapsed > 0 {
		r.Throughput = float64(len(lat)) / elapsed.Seconds()
	}
	if len(lat) == 0 {
		return r
	}
	slices.Sort(lat)
	var sum time.Duration
	for _, d := range lat {
		sum += d
	}
	r.Mean = sum / time.Duration(len(lat))
	r.P50, r.P90, r.P99 = Percentile(lat, 0.50), Percentile(lat, 0.90), Percentile(lat, 0.99)
	r.Max = lat[len(lat)-1]
	return r
}

// Percentile returns the p-quantile (0 ≤ p ≤ 1) of sorted durations by the
// nearest-rank method: the smallest value with at least p of the values at
// or below it.
func Percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(math.Ceil(p*float64(len(sorted)))) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}
