package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"github.com/soudan-desk/soudan/dupes"
	"log/slog"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/soudan-desk/soudan/web"
)

func init() {
	register(command{name: "serve", short: "serve the staff search page and the JSON API", run: runServe})
}

// shutdownGrace is how long in-flight requests get to finish on SIGINT or
// SIGTERM.
const shutdownGrace = 10 * time.Second

func runServe(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: soudan serve [flags]\n\nServes the staff search page on / and the JSON API on /api/.\nThe port is bound at once; /healthz answers 503 until the index is built.\n\nflags:")
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
	if err := sf.checkAccess(sf.addr); err != nil {
		return err
	}
	if err := sf.checkCache(); err != nil {
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
// to the server when ready. A failed build stops the server with the error.
// The end-to-end test calls serve directly, so it runs the same code as
// `soudan serve`.
func serve(ctx context.Context, ln net.Listener, ef *engineFlags, sf *serveFlags, logger *slog.Logger) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	ef.logger = logger

	// The engine and then the duplicate finder are built in the
	// background; until each is set, its routes answer 503.
	srv := web.New(sf.webConfig(sf.addr, logger))
	hs := srv.HTTPServer(ln.Addr().String())
	logger.Info("listening", slog.String("addr", "http://"+ln.Addr().String()), slog.Any("config", ef.config()))

	go func() {
		start := time.Now()
		eng, err := ef.open(ctx)
		if err != nil {
			cancel(fmt.Errorf("building the index: %w", err))
			return
		}
		srv.SetEngine(eng)
		logger.Info("ready", slog.Int("entries", len(eng.Corpus().Entries)),
			slog.Duration("took", time.Since(start).Round(time.Millisecond)))
		f, err := openDupes(ctx, eng.Corpus(), ef, sf.marks, dupes.DefaultThreshold)
		if err != nil {
			logger.Warn("duplicate finder disabled", slog.Any("err", err))
			return
		}
		srv.SetDupes(f)
		logger.Info("duplicate finder ready", slog.Any("stats", f.Stats()))
	}()

	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()

	select {
	case err := <-served:
		return err // Serve only returns early on a listener failure
	case <-ctx.Done():
	}
	logger.Info("shutting down")
	sctx, scancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer scancel()
	err := hs.Shutdown(sctx)
	if serr := <-served; serr != nil && !errors.Is(serr, http.ErrServerClosed) && err == nil {
		err = serr
	}
	if cause := context.Cause(ctx); cause != nil && !errors.Is(cause, context.Canceled) {
		return cause
	}
	return err
}
