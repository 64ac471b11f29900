package main

import (
	"context"
	"log/slog"
	"os"

	"github.com/soudan-desk/soudan/corpus"
	"github.com/soudan-desk/soudan/dupes"
	"github.com/soudan-desk/soudan/internal/memlimit"
	"github.com/soudan-desk/soudan/reload"
	"github.com/soudan-desk/soudan/retrieval"
	"github.com/soudan-desk/soudan/web"
)

// newReloader returns the reloader that builds serve's engine beside the
// serving one and swaps it into the server, then rebuilds the duplicate
// finder. srv is called at swap time, once the server exists.
func newReloader(ctx context.Context, ef *engineFlags, sf *serveFlags, marks *dupes.Marks, es *engines, logger *slog.Logger, srv func() *web.Server) (*reload.Reloader, error) {
	opts, err := ef.options()
	if err != nil {
		return nil, err
	}
	opts.Logger = logger
	// Ready on the lexical signals at once; Ollama's vectors follow.
	opts.VectorsInBackground = true
	return reload.New(ctx, reload.Config{
		Load: ef.readCorpus,
		Build: func(ctx context.Context, c *corpus.Corpus) (func() uint64, error) {
			// A reload analyses only the texts that changed (Rebuild),
			// beside the serving index: the memory limit makes room for
			// it until Settle sets the next one after the swap.
			var eng *retrieval.Engine
			var err error
			if cur := es.cur.Load(); cur != nil {
				restore := memlimit.Building()
				if eng, err = cur.Rebuild(ctx, c); err != nil {
					restore()
				}
			} else {
				eng, err = retrieval.New(ctx, c, opts)
			}
			if err != nil {
				return nil, err
			}
			return func() uint64 {
				gen := srv().SetEngine(eng)
				es.install(eng)
				return gen
			}, nil
		},
		// After each swap: the duplicate finder, then the memory the
		// builds left behind goes back (package memlimit).
		Follow: func(ctx context.Context, c *corpus.Corpus) func() {
			install := es.followDupes(ctx, c, ef, marks, func(f *dupes.Finder) {
				srv().SetDupes(f)
				logger.Info("memory limit", slog.Int64("mb", memlimit.Settle(sf.cacheBytes())>>20))
			}, logger)
			if install == nil && ctx.Err() == nil {
				memlimit.Settle(sf.cacheBytes())
			}
			return install
		},
		Logger: logger,
	}), nil
}

// watchCorpus reloads on each save in the corpus folder; the embedded
// corpus cannot change. The data folder is skipped.
func watchCorpus(ctx context.Context, rl *reload.Reloader, ef *engineFlags, dataDir string, logger *slog.Logger) {
	if ef.corpusDir == "" {
		return
	}
	err := reload.Watch(ctx, ef.corpusDir, reload.WatchOptions{
		Skip:     []string{dataDir},
		OnChange: func() { go rl.Reload(ctx) },
		Logger:   logger,
	})
	if err != nil {
		logger.Warn("not watching the corpus folder; reload with SIGHUP or POST /api/admin/reload", slog.Any("err", err))
		return
	}
	logger.Info("watching the corpus folder", slog.String("folder", ef.corpusDir), slog.Int("pid", os.Getpid()))
}
