package store

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/soudan-desk/soudan/metrics"
)

// Config selects a store: PostgreSQL when URL is set, else SQLite in
// DataDir.
type Config struct {
	// DataDir is the SQLite data folder (DIR/soudan.db).
	DataDir string
	// URL is a postgres:// (or postgresql://) database URL.
	URL string
	// Existing asks for a store that exists already, such as the source
	// of a copy: Open answers *NoStoreError instead of creating one.
	Existing bool
}

// Kind is the kind of store the configuration selects.
func (c Config) Kind() string {
	if c.URL != "" {
		return KindPostgres
	}
	return KindSQLite
}

// Where names the store for people: the SQLite file, or the database URL
// without its password.
func (c Config) Where() string {
	if c.URL != "" {
		return RedactURL(c.URL)
	}
	return RedactURL(c.DataDir) + "/" + SQLiteFile
}

// Open opens the store the configuration selects.
func Open(ctx context.Context, c Config) (Store, error) {
	if c.URL != "" {
		if !strings.HasPrefix(c.URL, "postgres://") && !strings.HasPrefix(c.URL, "postgresql://") {
			return nil, &UnavailableError{Kind: KindPostgres, Where: RedactURL(c.URL), Err: errors.New("the database URL must start with postgres://")}
		}
		return openPostgres(ctx, c.URL, c.Existing)
	}
	if err := CheckDataDir(c.DataDir); err != nil {
		return nil, &UnavailableError{Kind: KindSQLite, Where: c.Where(), Err: err}
	}
	if c.Existing {
		return OpenExistingSQLite(ctx, c.DataDir)
	}
	return OpenSQLite(ctx, c.DataDir)
}

// Status is the store's part of GET /api/status.
type Status struct {
	Kind  string `json:"kind"`
	OK    bool   `json:"ok"`
	Error string `json:"error,omitempty"`
}

// Guard is a Store that keeps serving when the real one cannot: when the
// store failed to open, every method returns the *UnavailableError that
// says why, and Guard retries the open in the background until it works;
// when an operation fails on an open store, Status reports the fault until
// the next operation succeeds. Each failed operation counts in
// soudan_store_errors_total: those an open store fails, those refused
// while it is unavailable, and each failed retry. It is safe for
// concurrent use.
type Guard struct {
	cfg    Config
	log    *slog.Logger
	opened func(context.Context, *Guard) // see NewGuardThen

	mu     sync.RWMutex
	s      Store
	err    error // the fault Status reports; nil when healthy
	closed bool
}

// RetryEvery is how often a Guard retries a store that failed to open.
var RetryEvery = 15 * time.Second

// NewGuard opens the configured store. When that fails it logs the cause,
// returns a Guard that answers with it, and retries every RetryEvery until
// ctx ends or the Guard is closed.
func NewGuard(ctx context.Context, c Config, log *slog.Logger) *Guard {
	return NewGuardThen(ctx, c, log, nil)
}

// NewGuardThen is NewGuard that calls opened once the store is open:
// before it returns when the store opens at once, else from the retry
// that opens it (work that needs the store, such as importing marks
// files, then happens when the store comes back, not at the next start).
func NewGuardThen(ctx context.Context, c Config, log *slog.Logger, opened func(context.Context, *Guard)) *Guard {
	if log == nil {
		log = slog.Default()
	}
	if opened == nil {
		opened = func(context.Context, *Guard) {}
	}
	g := &Guard{cfg: c, log: log, opened: opened}
	s, err := Open(ctx, c)
	if err == nil {
		g.s = s
		opened(ctx, g)
		return g
	}
	g.fault(err)
	log.Error("store unavailable; searches, duplicates and reload keep working without it",
		slog.String("kind", c.Kind()), slog.String("err", err.Error()))
	go g.retry(ctx)
	return g
}

// NewGuardOf wraps an open store.
func NewGuardOf(s Store) *Guard { return &Guard{s: s, cfg: Config{}, log: slog.Default()} }

func (g *Guard) retry(ctx context.Context) {
	t := time.NewTicker(RetryEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		s, err := Open(ctx, g.cfg)
		g.mu.Lock()
		if g.closed {
			g.mu.Unlock()
			if s != nil {
				s.Close()
			}
			return
		}
		if err != nil {
			g.err = err
			g.mu.Unlock()
			metrics.StoreErrors.Inc() // a failed reopen is a failed operation
			continue
		}
		g.s, g.err = s, nil
		g.mu.Unlock()
		g.log.Info("store available again", slog.String("kind", s.Kind()))
		g.opened(ctx, g)
		return
	}
}

// Store returns the open store, or nil while it is unavailable.
func (g *Guard) Store() Store {
	g.mu.RLock()
	defer g.mu.RUnlock()
	return g.s
}

// Status reports the store's kind and its current fault, if any.
func (g *Guard) Status() Status {
	g.mu.RLock()
	defer g.mu.RUnlock()
	st := Status{Kind: g.cfg.Kind(), OK: g.err == nil && g.s != nil}
	if g.s != nil {
		st.Kind = g.s.Kind()
	}
	if g.err != nil {
		st.Error = g.err.Error()
	} else if g.s == nil {
		st.Error = "the store is closed"
	}
	return st
}

// fault records err as the current fault.
func (g *Guard) fault(err error) {
	metrics.StoreErrors.Inc()
	g.mu.Lock()
	g.err = err
	g.mu.Unlock()
}

// get returns the store or the reason there is none.
func (g *Guard) get() (Store, error) {
	g.mu.RLock()
	defer g.mu.RUnlock()
	if g.s != nil {
		return g.s, nil
	}
	if g.err != nil {
		return nil, g.err
	}
	return nil, &UnavailableError{Kind: g.cfg.Kind(), Where: g.cfg.Where(), Err: errors.New("the store is closed")}
}

// done updates the fault after an operation: an *UnavailableError becomes
// the fault, a success clears it.
func (g *Guard) done(err error) error {
	var ue *UnavailableError
	switch {
	case errors.As(err, &ue):
		g.fault(err)
	case err == nil:
		g.mu.RLock()
		faulty := g.err != nil && g.s != nil
		g.mu.RUnlock()
		if faulty {
			g.mu.Lock()
			g.err = nil
			g.mu.Unlock()
		}
	}
	return err
}

// OpTimeout bounds each operation of a Guard: a database that holds one
// longer (a locked table, a hung server) answers *UnavailableError, so a
// request gets a 503 naming the cause rather than waiting until the HTTP
// server drops it.
var OpTimeout = 10 * time.Second

// do runs fn on the store within OpTimeout, tracking faults. An operation
// refused because the store is unavailable counts as failed too, and so
// does one that ran out of OpTimeout (not the caller's own deadline or
// cancellation).
func do[T any](ctx context.Context, g *Guard, fn func(context.Context, Store) (T, error)) (T, error) {
	s, err := g.get()
	if err != nil {
		metrics.StoreErrors.Inc()
		var zero T
		return zero, err
	}
	octx, cancel := context.WithTimeout(ctx, OpTimeout)
	defer cancel()
	v, err := fn(octx, s)
	if errors.Is(err, context.DeadlineExceeded) && ctx.Err() == nil {
		err = &UnavailableError{Kind: s.Kind(), Where: g.where(),
			Err: fmt.Errorf("the database did not answer within %s", OpTimeout)}
	}
	return v, g.done(err)
}

// where names the store for errors: its location, when configured.
func (g *Guard) where() string {
	if g.cfg == (Config{}) {
		return "opened by the caller" // NewGuardOf
	}
	return g.cfg.Where()
}

// Kind is the configured kind of store.
func (g *Guard) Kind() string { return g.Status().Kind }

// Ping implements Store.
func (g *Guard) Ping(ctx context.Context) error {
	_, err := do(ctx, g, func(ctx context.Context, s Store) (struct{}, error) { return struct{}{}, s.Ping(ctx) })
	return err
}

// AddMark implements Store.
func (g *Guard) AddMark(ctx context.Context, m Mark) error {
	_, err := do(ctx, g, func(ctx context.Context, s Store) (struct{}, error) { return struct{}{}, s.AddMark(ctx, m) })
	return err
}

// RemoveMark implements Store.
func (g *Guard) RemoveMark(ctx context.Context, a, b string) error {
	_, err := do(ctx, g, func(ctx context.Context, s Store) (struct{}, error) { return struct{}{}, s.RemoveMark(ctx, a, b) })
	return err
}

// Marks implements Store.
func (g *Guard) Marks(ctx context.Context) ([]Mark, error) {
	return do(ctx, g, func(ctx context.Context, s Store) ([]Mark, error) { return s.Marks(ctx) })
}

// MarksVersion implements Store.
func (g *Guard) MarksVersion(ctx context.Context) (int64, error) {
	return do(ctx, g, func(ctx context.Context, s Store) (int64, error) { return s.MarksVersion(ctx) })
}

// ImportMarks implements Store.
func (g *Guard) ImportMarks(ctx context.Context, source string, marks []Mark) (bool, error) {
	return do(ctx, g, func(ctx context.Context, s Store) (bool, error) { return s.ImportMarks(ctx, source, marks) })
}

// Imports implements Store.
func (g *Guard) Imports(ctx context.Context) ([]Import, error) {
	return do(ctx, g, func(ctx context.Context, s Store) ([]Import, error) { return s.Imports(ctx) })
}

// RecordImport implements Store.
func (g *Guard) RecordImport(ctx context.Context, imp Import) (bool, error) {
	return do(ctx, g, func(ctx context.Context, s Store) (bool, error) { return s.RecordImport(ctx, imp) })
}

// AddSearch implements Store.
func (g *Guard) AddSearch(ctx context.Context, sr Search) error {
	_, err := do(ctx, g, func(ctx context.Context, s Store) (struct{}, error) { return struct{}{}, s.AddSearch(ctx, sr) })
	return err
}

// AddFeedback implements Store.
func (g *Guard) AddFeedback(ctx context.Context, f Feedback) error {
	_, err := do(ctx, g, func(ctx context.Context, s Store) (struct{}, error) { return struct{}{}, s.AddFeedback(ctx, f) })
	return err
}

// DeleteSearch implements Store.
func (g *Guard) DeleteSearch(ctx context.Context, id string) error {
	_, err := do(ctx, g, func(ctx context.Context, s Store) (struct{}, error) { return struct{}{}, s.DeleteSearch(ctx, id) })
	return err
}

// Searches implements Store.
func (g *Guard) Searches(ctx context.Context, p Period) ([]Search, error) {
	return do(ctx, g, func(ctx context.Context, s Store) ([]Search, error) { return s.Searches(ctx, p) })
}

// Feedback implements Store.
func (g *Guard) Feedback(ctx context.Context, p Period) ([]Feedback, error) {
	return do(ctx, g, func(ctx context.Context, s Store) ([]Feedback, error) { return s.Feedback(ctx, p) })
}

// Purge implements Store.
func (g *Guard) Purge(ctx context.Context, before time.Time) (int64, error) {
	return do(ctx, g, func(ctx context.Context, s Store) (int64, error) { return s.Purge(ctx, before) })
}

// Close closes the store and stops the retries.
func (g *Guard) Close() error {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.closed = true
	if g.s == nil {
		return nil
	}
	err := g.s.Close()
	g.s = nil
	return err
}
