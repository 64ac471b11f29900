package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/soudan-desk/soudan/index"
	"github.com/soudan-desk/soudan/internal/memlimit"
	"github.com/soudan-desk/soudan/metrics"
	"github.com/soudan-desk/soudan/reload"
	"github.com/soudan-desk/soudan/web"
)

func init() {
	register(command{name: "serve", short: "serve the staff search page and the JSON API", run: runServe})
}

// shutdownGrace is how long in-flight requests get to finish on SIGINT or
// SIGTERM: longer than the server lets any request last (its read and
// write timeouts; a handler's own deadlines are shorter), so that every
// request in flight is answered, if only with 408, and the process exits
// 0. A grace equal to the read timeout raced a slow client's 408.
func shutdownGrace(hs *http.Server) time.Duration {
	return max(hs.ReadHeaderTimeout, hs.ReadTimeout, hs.WriteTimeout) + 2*time.Second
}

func runServe(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), `usage: soudan serve [flags]

Serves the staff search page on / and the JSON API on /api/.
The port is bound at once; /healthz answers 503 until the index is built.

--corpus DIR REPLACES the shipped corpus: DIR must hold the whole manual,
not only new files. Start one with "soudan corpus init DIR", edit it,
check it with "soudan corpus --check --corpus DIR", and serve it: each
save is picked up (also SIGHUP and POST /api/admin/reload). A save with
errors leaves the previous index serving; GET /api/status shows them.

flags:`)
		fs.PrintDefaults()
	}
	var ef engineFlags
	ef.register(fs)
	var sf serveFlags
	sf.register(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return fmt.Errorf("unexpected arguments: %q", fs.Args())
	}
	logger, err := newLogger(sf.logFormat, os.Stderr)
	if err != nil {
		return err
	}
	// One logger for the process: packages that fall back to slog's
	// default, and the standard log package, write through it too.
	slog.SetDefault(logger)
	if err := sf.checkAccess(sf.addr); err != nil {
		return err
	}
	if err := sf.checkCache(); err != nil {
		return err
	}
	if err := ef.checkEmbedder(); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", sf.addr)
	if err != nil {
		return err
	}
	return serve(ctx, ln, &ef, &sf, logger)
}

// serve answers HTTP on ln until ctx ends, then shuts down gracefully. The
// port is served at once; the engine is built in the background and handed
// to the server when ready. A failed first build stops the server with the
// error. The corpus folder is then reloaded on each save, on SIGHUP and on
// POST /api/admin/reload (package reload). The end-to-end test calls serve
// directly, so it runs the same code as `soudan serve`.
func serve(ctx context.Context, ln net.Listener, ef *engineFlags, sf *serveFlags, logger *slog.Logger) error {
	// SIGHUP reloads; it must never end the process.
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)

	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	ef.logger = logger
	// kagome's dictionary takes about 0.15 s to load from its
	// snapshot (a second from kagome's files, on one core): it loads while
	// the store opens and the corpus is read (the first build waits for
	// it). GOGC is raised for the first build from here.
	gcRestore := memlimit.Starting()
	defer gcRestore()
	index.SetDictCache(sf.dictCache)
	go logDictLoad(logger)

	var srv *web.Server
	var es engines
	rec, err := openRecording(ctx, ef, sf, func() *web.Server { return srv }, logger)
	if err != nil {
		return err
	}
	defer rec.store.Close()
	rl, err := newReloader(ctx, ef, sf, rec.marks, &es, logger, func() *web.Server { return srv })
	if err != nil {
		return err
	}
	cfg := sf.webConfig(sf.addr, logger)
	cfg.Reloader, cfg.EmbedderName = rl, ef.embedderName()
	cfg.Insights, cfg.Status.Store = rec.insights, rec.status
	cfg.Status.Embedder = func() web.EmbedderStatus { return es.embedder(ef.embedderName()) }
	cfg.Status.Degraded = es.degraded
	// Until the first index is swapped in, the search and duplicate
	// routes answer 503.
	srv = web.New(cfg)
	// soudan_degraded says what /api/status says, at each scrape.
	metrics.SetDegradedSource(srv.Degraded)
	defer metrics.SetDegradedSource(nil)
	hs := srv.HTTPServer(ln.Addr().String())
	logger.Info("listening", slog.String("addr", "http://"+ln.Addr().String()), slog.Any("config", ef.config()))

	go rec.insights.RunPurge(ctx, time.Hour)
	go buildThenReload(ctx, cancel, rl, hup, gcRestore, es.degraded, func() {
		// Watch first: a save during the first build reloads after it.
		watchCorpus(ctx, rl, ef, sf.store.data, logger)
	}, logger)

	served := make(chan error, 1)
	// Each LAN client holds at most web.MaxConnsPerClient connections;
	// loopback (the README's reverse proxy) and --trusted-proxies are not
	// counted.
	limited := web.LimitConnsPerClient(ln, web.MaxConnsPerClient, web.LoopbackOrProxies(splitList(sf.trustedProxies)))
	go func() { served <- hs.Serve(web.Listener(limited)) }()

	select {
	case err := <-served:
		return err // Serve only returns early on a listener failure
	case <-ctx.Done():
	}
	grace := shutdownGrace(hs)
	logger.Info("shutting down", slog.Duration("grace", grace))
	sctx, scancel := context.WithTimeout(context.Background(), grace)
	defer scancel()
	if err = hs.Shutdown(sctx); err != nil {
		hs.Close()
		err = fmt.Errorf("requests still running %v after SIGTERM were cut off: %w", grace, err)
	}
	if serr := <-served; serr != nil && !errors.Is(serr, http.ErrServerClosed) && err == nil {
		err = serr
	}
	if cause := context.Cause(ctx); cause != nil && !errors.Is(cause, context.Canceled) {
		return cause
	}
	return err
}

// buildThenReload runs the first build (after watch has started watching
// the corpus), restores the collector's setting, ends serve with the
// build's error if it fails, then reloads on each SIGHUP until ctx ends.
// The "ready" line says degraded=true when a signal is still missing
// (Ollama's vectors follow in the background).
func buildThenReload(ctx context.Context, cancel context.CancelCauseFunc, rl *reload.Reloader, hup <-chan os.Signal, gcRestore func(), degraded func() bool, watch func(), logger *slog.Logger) {
	start := time.Now()
	watch()
	err := rl.Start(ctx)
	gcRestore()
	if err != nil {
		cancel(fmt.Errorf("building the index: %w", err))
		return
	}
	logger.Info("ready", slog.Int("entries", rl.Status().Entries), slog.Bool("degraded", degraded()),
		slog.Duration("took", time.Since(start).Round(time.Millisecond)))
	for {
		select {
		case <-ctx.Done():
			return
		case <-hup:
			logger.Info("SIGHUP: reloading the corpus")
			rl.Reload(ctx)
		}
	}
}

// logDictLoad loads the dictionary ([index.Default]) and logs where it came
// from and what it took.
func logDictLoad(logger *slog.Logger) {
	load := index.DictLoaded()
	from := "kagome's files"
	if load.FromSnapshot {
		from = "snapshot"
	}
	logger.Info("dictionary loaded", "from", from, "took", load.Took.Round(time.Millisecond))
}
