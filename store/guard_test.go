package store_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/soudan-desk/soudan/metrics"
	"github.com/soudan-desk/soudan/store"
)

// TestGuardCountsFailures checks that every operation a store that
// failed to open refuses counts in soudan_store_errors_total, as the
// operations an open store fails do: a store down since the start must
// not look like one fault.
func TestGuardCountsFailures(t *testing.T) {
	// RetryEvery (15 s) leaves it unchanged: no retry during the test,
	// and no write racing the retry goroutine's read of it.
	tests := []struct {
		name string
		cfg  func(t *testing.T) store.Config
	}{
		{"corrupt sqlite", func(t *testing.T) store.Config {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, store.SQLiteFile), []byte(strings.Repeat("garbage!", 1024)), 0o644); err != nil {
				t.Fatal(err)
			}
			return store.Config{DataDir: dir}
		}},
		{"postgres down", func(t *testing.T) store.Config {
			return store.Config{URL: fmt.Sprintf("postgres://soudan:pw@127.0.0.1:%d/soudan?sslmode=disable&connect_timeout=2", closedPort(t))}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cctx, cancel := context.WithCancel(ctx)
			defer cancel()
			g := store.NewGuard(cctx, tt.cfg(t), slog.New(slog.DiscardHandler))
			defer g.Close()
			before := testutil.ToFloat64(metrics.StoreErrors)
			_, err1 := g.Marks(ctx)
			err2 := g.AddSearch(ctx, store.Search{ID: store.NewID(), At: time.Now(), Query: "q"})
			err3 := g.Ping(ctx)
			if err1 == nil || err2 == nil || err3 == nil {
				t.Fatalf("operations on an unavailable store succeeded: %v %v %v", err1, err2, err3)
			}
			if got := testutil.ToFloat64(metrics.StoreErrors) - before; got != 3 {
				t.Errorf("soudan_store_errors_total grew by %v over 3 failed operations, want 3", got)
			}
		})
	}
}

// closedPort returns a loopback port nothing listens on.
func closedPort(t *testing.T) int {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	return port
}

// TestOpenPostgresBadURL checks that a URL pgx cannot use is refused with
// pgx's reason (an sslmode, a certificate file, a port), not a bare "not
// valid", and never with the password.
func TestOpenPostgresBadURL(t *testing.T) {
	const base = "postgres://soudan:pw123secret@127.0.0.1:1/soudan"
	tests := []struct {
		url, reason string
	}{
		{base + "?sslmode=bogus", "sslmode is invalid"},
		{base + "?sslmode=verify-full&sslrootcert=/nonexistent/root.crt", "unable to read CA file: open /nonexistent/root.crt"},
		{base + "?sslmode=require&sslkey=/nonexistent/k&sslcert=/nonexistent/c&sslpassword=pw123secret", "unable to read sslkey"},
		{base + "?connect_timeout=soon", "invalid connect_timeout"},
		{"postgres://soudan:pw123secret@127.0.0.1:port/soudan", "invalid port"},
		{"postgres://soudan:pw123secret%zz@127.0.0.1/soudan", "percent-encoded"},
	}
	for _, tt := range tests {
		_, err := store.OpenPostgres(ctx, tt.url)
		switch {
		case err == nil:
			t.Errorf("OpenPostgres(%q) succeeded", tt.url)
		case !strings.Contains(err.Error(), tt.reason):
			t.Errorf("OpenPostgres(%q) = %v, want the reason %q", tt.url, err, tt.reason)
		case strings.Contains(err.Error(), "pw123secret"):
			t.Errorf("OpenPostgres(%q) repeats the password: %v", tt.url, err)
		}
	}
}

// TestGuardPingOutOfTime checks that a ping the database does not answer
// before the caller's deadline (a hung server, an exhausted pool) makes
// the store unavailable in Status, as /api/status reads it, and counts
// as a failure; the next ping that answers clears it. A deadline passed
// already stands for a database that never answers.
func TestGuardPingOutOfTime(t *testing.T) {
	for name, open := range backends(t) {
		t.Run(name, func(t *testing.T) {
			s, _ := open(t)
			g := store.NewGuardOf(s)
			before := testutil.ToFloat64(metrics.StoreErrors)
			late, cancel := context.WithDeadline(ctx, time.Now().Add(-time.Second))
			defer cancel()
			err := g.Ping(late)
			var ue *store.UnavailableError
			if !errors.As(err, &ue) {
				t.Errorf("Ping out of time = %v, want *store.UnavailableError", err)
			}
			if st := g.Status(); st.OK || !strings.Contains(st.Error, "in time") {
				t.Errorf("Status after a ping out of time = %+v, want not OK, saying it did not answer in time", st)
			}
			if got := testutil.ToFloat64(metrics.StoreErrors) - before; got != 1 {
				t.Errorf("soudan_store_errors_total grew by %v, want 1", got)
			}
			if err := g.Ping(ctx); err != nil || !g.Status().OK {
				t.Errorf("a ping that answers: %v, status %+v", err, g.Status())
			}
		})
	}
}

// stuckStore is a store whose every write waits until its context ends,
// as on a table another session has locked.
type stuckStore struct{ store.Store }

func (stuckStore) Kind() string { return store.KindPostgres }

func (stuckStore) AddSearch(ctx context.Context, _ store.Search) error {
	<-ctx.Done()
	return ctx.Err()
}

func (stuckStore) AddFeedback(ctx context.Context, _ store.Feedback) error {
	<-ctx.Done()
	return ctx.Err()
}

// TestGuardBoundsOperations checks that an operation the database does
// not finish within Guard's OpTimeout ends as an *UnavailableError, which
// Status reports and the metric counts, instead of holding the request
// until the HTTP server drops it; a caller's own cancellation stays a
// plain context error.
func TestGuardBoundsOperations(t *testing.T) {
	old := store.OpTimeout
	store.OpTimeout = time.Millisecond
	defer func() { store.OpTimeout = old }()
	g := store.NewGuardOf(stuckStore{})
	ops := []struct {
		name string
		op   func(context.Context) error
	}{
		{"AddSearch", func(c context.Context) error { return g.AddSearch(c, store.Search{}) }},
		{"AddFeedback", func(c context.Context) error { return g.AddFeedback(c, store.Feedback{}) }},
	}
	for _, tt := range ops {
		before := testutil.ToFloat64(metrics.StoreErrors)
		err := tt.op(ctx)
		var ue *store.UnavailableError
		if !errors.As(err, &ue) || !strings.Contains(err.Error(), "did not answer") {
			t.Errorf("%s on a stuck store = %v, want *store.UnavailableError saying it did not answer", tt.name, err)
		}
		if st := g.Status(); st.OK {
			t.Errorf("%s: Status = %+v, want the fault", tt.name, st)
		}
		if got := testutil.ToFloat64(metrics.StoreErrors) - before; got != 1 {
			t.Errorf("%s: soudan_store_errors_total grew by %v, want 1", tt.name, got)
		}
		gone, cancel := context.WithCancel(ctx)
		cancel()
		if err := tt.op(gone); !errors.Is(err, context.Canceled) {
			t.Errorf("%s for a caller gone: %v, want context.Canceled", tt.name, err)
		}
	}
}
