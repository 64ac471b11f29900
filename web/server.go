// Package web serves soudan's JSON API and the staff web pages.
//
// Routes (all registered in one place, Server.routes):
//
//	GET  /                  staff search page (Japanese; ?q=…&kinds=… restore a search)
//	GET  /ui/:file          the page's embedded script and style sheet
//	GET  /favicon.ico       204: the pages have no icon
//	GET  /healthz           {"status":"ok","entries":N}; 503 until the index is ready
//	GET  /api/search        ?q=…&k=…&kinds=faq,case&debug=1
//	POST /api/search        {"query","k","kinds","debug"} (application/json, ≤ 64 KiB)
//	GET  /api/entries/:id   one entry with its place in the manual
//	     /duplicates, /api/duplicates…  the duplicate finder (dupes.go)
//	GET  /api/status        the serving corpus, the last reload, store and embedder (status.go)
//	POST /api/admin/reload  reload the corpus folder (editors; status.go)
//	POST /api/searches, /api/feedback   the staff page's finished searches and feedback (insights.go)
//	     /insights, /api/insights…      search insights for editors (insights.go)
//
// Every error is {"error":{"code","message"}}; Server.respondError maps
// errors to status codes in one place. The response types in api.go are
// the API contract.
//
// A Server can start before its search engine exists: it answers 503 on
// the search routes and /healthz until [Server.SetEngine] hands it an
// engine, so `soudan serve` binds its port at once and builds the index in
// the background; the duplicate routes likewise wait for [Server.SetDupes].
// Both are held in a [ready.Value], so setting a rebuilt engine later swaps
// it atomically and starts a new generation.
package web

import (
	"context"
	"crypto/sha256"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/soudan-desk/soudan/api"
	"github.com/soudan-desk/soudan/cache"
	"github.com/soudan-desk/soudan/internal/ready"
	"github.com/soudan-desk/soudan/metrics"
)

// Defaults for Config fields left zero.
const (
	DefaultSearchTimeout = 5 * time.Second
	DefaultMaxBodyBytes  = 64 << 10
	DefaultReadTimeout   = 10 * time.Second
	// MaxHeaderBytes bounds a request's headers (431 beyond). A desk's
	// browser sends a few KiB; at net/http's 1 MiB, a thousand
	// connections sending endless header blocks held 370 MB.
	MaxHeaderBytes = 64 << 10
)

// Config holds what the server serves.
type Config struct {
	// Engine answers searches. It may be nil and set later with SetEngine.
	Engine api.Searcher
	// Dupes answers the duplicate-finder routes. It may be nil and set
	// later with SetDupes; until then those routes answer 503.
	Dupes  DupeFinder
	Logger *slog.Logger
	// SearchTimeout bounds the time of one search request.
	SearchTimeout time.Duration
	// MaxBodyBytes bounds a request body; larger bodies get 413.
	MaxBodyBytes int64

	// EditorToken, when set, is required by the editors' routes
	// (access.go).
	EditorToken string
	// AllowedHosts are the host names accepted in the Host header (see
	// [AllowedHosts]); others get 421. Nil turns the Host check off and
	// leaves the Origin check comparing with the request's own host:
	// `soudan serve` always sets it.
	AllowedHosts []string
	// TrustedProxies are the addresses (IPs or CIDRs) of reverse proxies
	// whose X-Forwarded-For names the client in logs. None by default:
	// the client is the connection's peer.
	TrustedProxies []string
	// ReadTimeout bounds reading a request, body included; a slower
	// upload gets 408. Zero: DefaultReadTimeout.
	ReadTimeout time.Duration
	// ExpensiveTimeout bounds one request to an expensive editors' route
	// (limits.go); zero: DefaultExpensiveTimeout.
	ExpensiveTimeout time.Duration
	// ExpensiveConcurrency is how many expensive requests run at once;
	// zero: half the CPUs, at least one.
	ExpensiveConcurrency int

	// Reloader answers POST /api/admin/reload and the corpus part of GET
	// /api/status (status.go); nil: the status comes from the engine and
	// reload answers 503.
	Reloader Reloader
	// Status fills the store and embedder parts of GET /api/status.
	Status StatusHooks
	// EmbedderName names the embedder in the status when Status.Embedder
	// is nil ("local" when empty).
	EmbedderName string
	// CacheBytes bounds the result cache (package cache); zero or less
	// turns it off.
	CacheBytes int64
	// Insights records the staff page's finished searches and feedback and
	// answers the insights routes (insights.go); nil disables them.
	Insights Insights
}

// Server holds the engine and answers HTTP requests.
type Server struct {
	engine ready.Value[api.Searcher]
	dupes  ready.Value[DupeFinder]
	// insights records searches and feedback; nil when disabled.
	insights Insights
	log      *slog.Logger
	router   *gin.Engine
	// templates are the router's route templates, for labelling the
	// requests answered without a route (routeOf).
	templates routeTemplates

	searchTimeout time.Duration
	maxBody       int64
	readTimeout   time.Duration
	cache         *cache.Cache // nil when off
	encoder       atomic.Pointer[genEncoder]

	// Status and reload (status.go).
	reloader     Reloader
	hooks        StatusHooks
	embedderName string
	// started is when the server was made: the status's times until the
	// first load has its own.
	started time.Time

	// Access control (access.go).
	editor       *gin.RouterGroup
	editorToken  bool
	tokenSum     [32]byte
	allowedHosts map[string]struct{}
	guesses      *clientBuckets // editor token tries per client (throttle.go)
	staffWrites  *clientBuckets // search events and feedback per client

	// Cost limits (limits.go) and the duplicate report cache
	// (dupescache.go).
	expensive        *limiter
	expensiveTimeout time.Duration
	expensiveGroup   *gin.RouterGroup
	reports          reportCache
	marksVersion     atomic.Uint64

	// stopping is closed when the HTTP server starts shutting down
	// (HTTPServer registers stop): requests that wait on long work answer
	// at once instead of holding the shutdown.
	stopping chan struct{}
	stop     func()
}

// New builds a server. Routes are registered in routes.
func New(cfg Config) *Server {
	gin.SetMode(gin.ReleaseMode)
	s := &Server{
		log:              cfg.Logger,
		searchTimeout:    cfg.SearchTimeout,
		maxBody:          cfg.MaxBodyBytes,
		readTimeout:      cfg.ReadTimeout,
		reloader:         cfg.Reloader,
		hooks:            cfg.Status,
		embedderName:     cfg.EmbedderName,
		cache:            cache.New(cfg.CacheBytes),
		expensive:        newLimiter(cfg.ExpensiveConcurrency),
		expensiveTimeout: cfg.ExpensiveTimeout,
		editorToken:      cfg.EditorToken != "",
		tokenSum:         sha256.Sum256([]byte(cfg.EditorToken)),
		insights:         cfg.Insights,
		guesses:          newGuessThrottle(),
		staffWrites:      newClientBuckets(StaffWrites, time.Second/StaffWritesPerSecond),
		stopping:         make(chan struct{}),
		started:          time.Now(),
	}
	s.stop = sync.OnceFunc(func() { close(s.stopping) })
	if cfg.AllowedHosts != nil {
		s.allowedHosts = map[string]struct{}{}
		for _, h := range cfg.AllowedHosts {
			s.allowedHosts[hostPart(h)] = struct{}{}
		}
	}
	if s.expensiveTimeout <= 0 {
		s.expensiveTimeout = DefaultExpensiveTimeout
	}
	if s.readTimeout <= 0 {
		s.readTimeout = DefaultReadTimeout
	}
	if s.log == nil {
		s.log = slog.Default()
	}
	if s.embedderName == "" {
		s.embedderName = "local"
	}
	if s.searchTimeout <= 0 {
		s.searchTimeout = DefaultSearchTimeout
	}
	if s.maxBody <= 0 {
		s.maxBody = DefaultMaxBodyBytes
	}
	if cfg.Engine != nil {
		s.SetEngine(cfg.Engine)
	}
	if cfg.Dupes != nil {
		s.SetDupes(cfg.Dupes)
	}
	s.router = gin.New()
	s.router.HandleMethodNotAllowed = true
	s.router.ContextWithFallback = true
	// No redirects: /api/search/ is a JSON 404, not an HTML 301 that
	// skips the middleware.
	s.router.RedirectTrailingSlash = false
	s.router.RedirectFixedPath = false
	if err := s.router.SetTrustedProxies(cfg.TrustedProxies); err != nil {
		s.log.Warn("ignoring bad trusted proxies", slog.Any("err", err))
		_ = s.router.SetTrustedProxies(nil)
	}
	s.routes()
	s.templates = newRouteTemplates(s.router.Routes())
	return s
}

// SetEngine makes e the engine that answers searches; from then on the
// server is ready. It is safe to call while requests are being served: a
// request in flight finishes on the engine it started with. It returns the
// engine's generation (1 for the first engine).
func (s *Server) SetEngine(e api.Searcher) uint64 { return s.engine.Set(e) }

// Engine returns the current engine, nil while the index is being built.
func (s *Server) Engine() api.Searcher {
	e, _ := s.engine.Get()
	return e
}

// Ready reports whether the server has an engine.
func (s *Server) Ready() bool {
	_, ok := s.engine.Get()
	return ok
}

// SetDupes makes f the duplicate finder; like SetEngine it is safe to call
// while requests are being served.
func (s *Server) SetDupes(f DupeFinder) { s.dupes.Set(f) }

// ServeHTTP makes Server an http.Handler. A HEAD request is answered as
// its GET, without the body.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodHead {
		r = r.WithContext(context.WithValue(r.Context(), headKey{}, true))
		r.Method = http.MethodGet
		w = headWriter{w}
	}
	s.router.ServeHTTP(w, r)
}

// headKey marks, in a request's context, a HEAD served as a GET.
type headKey struct{}

// method returns the request's method as the client sent it.
func method(r *http.Request) string {
	if head, _ := r.Context().Value(headKey{}).(bool); head {
		return http.MethodHead
	}
	return r.Method
}

// headWriter drops the body of a HEAD answer and keeps its headers.
type headWriter struct{ http.ResponseWriter }

func (headWriter) Write(p []byte) (int, error) { return len(p), nil }

// HTTPServer returns an http.Server for s on addr with timeouts fit for a
// service on an office network: slow or stalled clients cannot hold
// connections open.
func (s *Server) HTTPServer(addr string) *http.Server {
	hs := &http.Server{
		Addr:              addr,
		Handler:           s,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       s.readTimeout,
		WriteTimeout:      s.searchTimeout + 10*time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    MaxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
		ConnContext:       connContext,
	}
	hs.RegisterOnShutdown(s.stop)
	return hs
}

// routes registers every route in one place.
func (s *Server) routes() {
	r := s.router
	r.Use(s.recoverPanics, s.logRequests, s.secureHeaders, s.checkHost, s.checkOrigin, s.checkQuery, s.watchBody)
	r.NoRoute(s.handleNoRoute)
	r.NoMethod(s.handleNoMethod)
	// Editors' routes go in this group (access.go).
	s.editor = r.Group("", s.requireEditor)
	s.expensiveGroup = s.editor.Group("", s.limitExpensive)

	r.GET("/metrics", gin.WrapH(metrics.Handler()))
	s.registerLoginRoutes(r)
	s.registerSearchRoutes(r)
	s.registerPageRoutes(r)
	s.registerDupesRoutes(r, s.editorRoutes(), s.expensiveRoutes())
	s.registerStatusRoutes(r, s.editorRoutes())
	s.registerInsightsRoutes(r, s.editorRoutes(), s.expensiveRoutes())
}
