// Package reload keeps a served index in step with its corpus folder.
//
// A [Reloader] loads the corpus, builds everything that serves it beside
// what is serving (the search engine, the duplicate finder), and swaps the
// new build in with one call, so no search ever sees a half-built index
// and no request fails during a reload. Reload requests that arrive while
// a reload runs are coalesced into the one round that starts after it, so
// every request is answered by a load that began after it was made. A
// [Watch]er turns the folder's file events into debounced reload requests;
// `soudan serve` adds SIGHUP and POST /api/admin/reload.
//
// # When a reload fails
//
// The folder loads whatever it can: a bad row, a bad byte or a file that
// cannot be parsed at all costs only what it holds (see corpus.Load). A
// reload is refused, and the index being served stays, when the new load
//
//   - cannot read the folder at all, or gives no entries;
//   - has an error (what makes `soudan corpus --check` exit 1: a record or
//     file that could not be read, an entry without text, a duplicate ID,
//     an annotation of an unknown entry) that the load being served did
//     not have, in whichever file: an edit of one file can break another,
//     as when it drops an entry that annotations.yaml annotates; or
//   - fails to build.
//
// Errors the serving load already had were accepted then (at start, with
// nothing else to serve, errors only cost their rows), so they do not
// block a reload; warnings never do. Either way the status lists every
// error of the last attempt as file:line: message.
package reload

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/soudan-desk/soudan/corpus"
)

// Config says how to load, build and install a corpus.
type Config struct {
	// Load reads the corpus. It returns what could be read and the load
	// errors (corpus.LoadErrors); a nil corpus means nothing could be read.
	Load func() (*corpus.Corpus, error)
	// Build builds everything that serves c without disturbing what is
	// serving, and returns the function that swaps the build in. Install
	// must be atomic for readers and return the generation it installed.
	Build func(ctx context.Context, c *corpus.Corpus) (install func() uint64, err error)
	// Follow, when set, builds what may lag behind the index (the
	// duplicate finder) after each swap, in the background, so that
	// neither searches nor the next reload wait for it. It returns the
	// function that installs its build, or nil. A build overtaken by a
	// newer swap has its ctx cancelled and is never installed.
	Follow func(ctx context.Context, c *corpus.Corpus) (install func())
	// Logger receives one line per reload; never query text.
	Logger *slog.Logger
	// Now is the clock (time.Now).
	Now func() time.Time
}

// Status is the state of the served corpus and of the last reload.
type Status struct {
	// Generation of the serving index: 0 before the first build, then
	// the value Install returned.
	Generation uint64
	// Entries in the serving corpus.
	Entries int
	// LoadedAt is when the serving index was swapped in (zero before).
	LoadedAt time.Time
	// Fingerprint of the serving corpus's files.
	Fingerprint string
	// OK reports whether the last attempt was swapped in (or found the
	// folder unchanged).
	OK bool
	// At is when the last attempt ended.
	At time.Time
	// Errors of the last attempt, as "file:line: message"; never nil.
	Errors []string
	// Warnings counts the warnings of the last attempt.
	Warnings int
}

// Reloader loads and swaps corpora; it is safe for concurrent use.
type Reloader struct {
	cfg  Config
	base context.Context
	log  *slog.Logger

	mu      sync.Mutex
	running bool
	next    *round // the round that starts after the running one

	swapMu sync.RWMutex // held while a build is installed and its status stored

	followMu     sync.Mutex
	followGen    uint64             // the generation whose Follow may install
	followCancel context.CancelFunc // cancels the Follow of followGen

	cur    *corpus.Corpus  // the serving corpus; only the round loop touches it
	curErr map[string]bool // its errors, tolerated when unchanged
	status atomic.Pointer[Status]
}

// round is one reload shared by every request that joined it.
type round struct {
	done chan struct{}
	st   Status
}

// New returns a reloader whose builds run under ctx: ending ctx abandons
// a reload in progress.
func New(ctx context.Context, cfg Config) *Reloader {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	r := &Reloader{cfg: cfg, base: ctx, log: cfg.Logger}
	r.status.Store(&Status{Errors: []string{}})
	return r
}

// Status returns the current status. It waits for a swap in progress, so
// a caller that has seen a new index gets that index's status.
func (r *Reloader) Status() Status {
	r.swapMu.RLock()
	defer r.swapMu.RUnlock()
	return *r.status.Load()
}

// ErrNoIndex is returned by Start when the first load gives nothing to
// serve.
var ErrNoIndex = errors.New("reload: nothing to serve")

// Start runs the first load and build. Unlike later reloads it serves a
// corpus with errors (each bad row or file costs only itself); it fails
// when nothing could be read or built.
func (r *Reloader) Start(ctx context.Context) error {
	st := r.Reload(ctx)
	if st.OK {
		return nil
	}
	if len(st.Errors) > 0 {
		return fmt.Errorf("%w: %s", ErrNoIndex, st.Errors[0])
	}
	return ErrNoIndex
}

// Reload loads the corpus again and swaps it in, and returns the status
// after that attempt. Requests made while a reload runs share the next
// one. If ctx ends first, Reload returns the current status; the reload
// itself goes on.
func (r *Reloader) Reload(ctx context.Context) Status {
	r.mu.Lock()
	if r.next == nil {
		r.next = &round{done: make(chan struct{})}
		if !r.running {
			r.running = true
			go r.loop()
		}
	}
	rd := r.next
	r.mu.Unlock()
	select {
	case <-rd.done:
		return rd.st
	case <-ctx.Done():
		return r.Status()
	}
}

// loop runs rounds until none is pending.
func (r *Reloader) loop() {
	for {
		r.mu.Lock()
		rd := r.next
		if rd == nil {
			r.running = false
			r.mu.Unlock()
			return
		}
		r.next = nil
		r.mu.Unlock()
		rd.st = r.once()
		close(rd.done)
	}
}

// follow runs Config.Follow for generation gen in the background and
// installs its build unless a newer swap came first.
func (r *Reloader) follow(c *corpus.Corpus, gen uint64) {
	if r.cfg.Follow == nil {
		return
	}
	ctx, cancel := context.WithCancel(r.base)
	r.followMu.Lock()
	if r.followCancel != nil {
		r.followCancel()
	}
	r.followGen, r.followCancel = gen, cancel
	r.followMu.Unlock()
	go func() {
		install := r.cfg.Follow(ctx, c)
		r.followMu.Lock()
		defer r.followMu.Unlock()
		if install != nil && r.followGen == gen && ctx.Err() == nil {
			install()
		}
	}()
}
