package web

import (
	"context"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/soudan-desk/soudan/api"
	"github.com/soudan-desk/soudan/reload"
)

// Reloader answers GET /api/status's corpus and reload parts and POST
// /api/admin/reload; *reload.Reloader implements it.
type Reloader interface {
	// Reload loads the corpus again, swaps it in when it loads, and
	// returns the status after the attempt.
	Reload(ctx context.Context) reload.Status
	// Status returns the current status.
	Status() reload.Status
}

// StatusResponse is the body of GET /api/status and POST
// /api/admin/reload.
type StatusResponse struct {
	Corpus   CorpusStatus   `json:"corpus"`
	Reload   ReloadStatus   `json:"reload"`
	Store    StoreStatus    `json:"store"`
	Embedder EmbedderStatus `json:"embedder"`
	// Degraded is true while search answers without one of its signals
	// (the embedder's vectors are incomplete or a hook says so), and
	// before the first index is built.
	Degraded bool `json:"degraded"`
}

// CorpusStatus describes the serving index. Before the first index is
// built, generation 0 (the empty index the server starts with) is
// served, and LoadedAt is when the server started.
type CorpusStatus struct {
	Generation  uint64    `json:"generation"`
	Entries     int       `json:"entries"`
	LoadedAt    time.Time `json:"loaded_at"`
	Fingerprint string    `json:"fingerprint"`
}

// ReloadStatus describes the last load attempt (At: when the server
// started, while the first is under way). Errors are "file:line:
// message" and never null.
type ReloadStatus struct {
	OK     bool      `json:"ok"`
	At     time.Time `json:"at"`
	Errors []string  `json:"errors"`
}

// StoreStatus describes the store that keeps what soudan writes.
type StoreStatus struct {
	Kind  string `json:"kind"` // "sqlite" or "postgres"
	OK    bool   `json:"ok"`
	Error string `json:"error,omitempty"`
}

// EmbedderStatus tells how many entries have their vector.
type EmbedderStatus struct {
	Name    string `json:"name"`
	Vectors int    `json:"vectors"`
	Total   int    `json:"total"`
}

// StatusHooks fill the parts of the status that other components own.
// Each may be nil.
type StatusHooks struct {
	// Store reports the store's health.
	Store func(ctx context.Context) StoreStatus
	// Embedder reports the vectors built so far. Nil: the serving
	// index's entries all have theirs (the local embedder builds them
	// with the index).
	Embedder func() EmbedderStatus
	// Degraded reports a degradation the embedder's counts do not show.
	Degraded func() bool
}

// registerStatusRoutes registers the open status route and the editors'
// reload route.
func (s *Server) registerStatusRoutes(r *gin.Engine, editor *gin.RouterGroup) {
	r.GET("/api/status", s.handleStatus)
	editor.POST("/api/admin/reload", s.handleReload)
}

// handleStatus answers GET /api/status.
func (s *Server) handleStatus(c *gin.Context) {
	var st *reload.Status
	if s.reloader != nil {
		v := s.reloader.Status()
		st = &v
	}
	c.JSON(http.StatusOK, s.status(c.Request.Context(), st))
}

// ReloadWriteTimeout bounds the answer to POST /api/admin/reload, which
// waits for the reload: the server's write timeout is for searches.
const ReloadWriteTimeout = 10 * time.Minute

// handleReload answers POST /api/admin/reload: 200 with the status when
// the corpus was swapped in (or was unchanged), 422 with it when the load
// failed and the previous index still serves.
func (s *Server) handleReload(c *gin.Context) {
	if s.reloader == nil {
		s.respondError(c, newError(http.StatusServiceUnavailable, CodeUnavailable, "this server has no corpus folder to reload"))
		return
	}
	// A reload of a large corpus can outlast the server's write timeout
	// (searchTimeout + 10 s), which would drop the answer after the work
	// is done; the editor waits for it.
	if err := http.NewResponseController(c.Writer).SetWriteDeadline(time.Now().Add(ReloadWriteTimeout)); err != nil {
		s.log.Warn("cannot extend the reload's write deadline", "err", err)
	}
	st, ok := s.reloadUnlessStopping(c.Request.Context())
	if !ok {
		s.respondError(c, errStopping)
		return
	}
	code := http.StatusOK
	if !st.OK {
		code = http.StatusUnprocessableEntity
	}
	c.JSON(code, s.status(c.Request.Context(), &st))
}

// errStopping answers a reload request that the server's shutdown
// overtook.
var errStopping = newError(http.StatusServiceUnavailable, CodeUnavailable, "the server is shutting down; the reload was abandoned")

// reloadUnlessStopping reloads and returns the status, or false as soon
// as the server starts shutting down: a large corpus's build notices the
// cancellation late, and the shutdown must not wait for it.
func (s *Server) reloadUnlessStopping(ctx context.Context) (reload.Status, bool) {
	done := make(chan reload.Status, 1)
	go func() { done <- s.reloader.Reload(ctx) }()
	select {
	case st := <-done:
		return st, true
	case <-s.stopping:
		return reload.Status{}, false
	}
}

// status assembles the body from the reloader's status (nil without a
// reloader: then from the serving engine alone) and the hooks.
func (s *Server) status(ctx context.Context, st *reload.Status) StatusResponse {
	eng, gen := s.engine.Load()
	started := s.stamp(time.Time{})
	out := StatusResponse{
		Corpus: CorpusStatus{LoadedAt: started},
		Reload: ReloadStatus{At: started, Errors: []string{}}, Store: StoreStatus{Kind: "none", OK: true},
	}
	switch {
	case st != nil:
		out.Corpus = CorpusStatus{Generation: st.Generation, Entries: st.Entries, Fingerprint: st.Fingerprint, LoadedAt: s.stamp(st.LoadedAt)}
		out.Reload = ReloadStatus{OK: st.OK, At: s.stamp(st.At), Errors: st.Errors}
		if out.Reload.Errors == nil {
			out.Reload.Errors = []string{}
		}
	case eng != nil:
		c := eng.Corpus()
		out.Corpus = CorpusStatus{Generation: gen, Entries: len(c.Entries), Fingerprint: c.Fingerprint(), LoadedAt: started}
		out.Reload.OK = true
	}
	if s.hooks.Store != nil {
		out.Store = s.hooks.Store(ctx)
	}
	out.Embedder = s.embedderStatus(eng)
	out.Degraded = s.degraded(eng, out.Embedder)
	return out
}

// Degraded reports what GET /api/status's "degraded" says now: true
// before the first index is built and while search answers without one
// of its signals. soudan_degraded reads it (metrics.SetDegradedSource).
func (s *Server) Degraded() bool {
	eng := s.Engine()
	return s.degraded(eng, s.embedderStatus(eng))
}

// embedderStatus is the embedder part of the status for engine eng (nil
// before the first index).
func (s *Server) embedderStatus(eng api.Searcher) EmbedderStatus {
	if s.hooks.Embedder != nil {
		return s.hooks.Embedder()
	}
	out := EmbedderStatus{Name: s.embedderName}
	if eng != nil {
		n := len(eng.Corpus().Entries)
		out.Vectors, out.Total = n, n
	}
	return out
}

// degraded is the status's verdict. Nothing serving yet is as degraded as
// it gets: searches answer 503.
func (s *Server) degraded(eng api.Searcher, emb EmbedderStatus) bool {
	return eng == nil || emb.Vectors < emb.Total || (s.hooks.Degraded != nil && s.hooks.Degraded())
}

// stamp returns t in UTC to the second, as the status gives times; the
// server's start for the zero time (no load has finished yet).
func (s *Server) stamp(t time.Time) time.Time {
	if t.IsZero() {
		t = s.started
	}
	return t.UTC().Truncate(time.Second)
}
