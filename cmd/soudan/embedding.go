package main

import (
	"context"
	"log/slog"
	"net/url"
	"os"
	"sync/atomic"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/soudan-desk/soudan/corpus"
	"github.com/soudan-desk/soudan/dupes"
	"github.com/soudan-desk/soudan/index"
	"github.com/soudan-desk/soudan/metrics"
	"github.com/soudan-desk/soudan/retrieval"
	"github.com/soudan-desk/soudan/web"
)

// resilientOllama wraps the Ollama embedder in a circuit breaker that
// counts failures in soudan_embedder_errors_total and logs a recovery.
func resilientOllama(emb index.Embedder, logger *slog.Logger) index.Embedder {
	if logger == nil {
		logger = slog.Default()
	}
	return index.NewResilient(emb, index.ResilientOptions{
		OnError:   func(error) { metrics.EmbedderErrors.Inc() },
		OnRecover: func() { logger.Info("embedder answers again", slog.String("embedder", emb.Name())) },
	})
}

// progressBar returns an OnVectorProgress callback that draws a progress
// bar on stderr when stderr is a terminal (a long Ollama embedding run);
// nil otherwise.
func progressBar() func(done, total int) {
	if st, err := os.Stderr.Stat(); err != nil || st.Mode()&os.ModeCharDevice == 0 {
		return nil
	}
	var bar *progressbar.ProgressBar
	return func(done, total int) {
		if bar == nil {
			bar = progressbar.NewOptions(total, progressbar.OptionSetWriter(os.Stderr),
				progressbar.OptionSetDescription("embedding the corpus"), progressbar.OptionShowCount(),
				progressbar.OptionClearOnFinish(), progressbar.OptionThrottle(100*time.Millisecond))
		}
		_ = bar.Set(done)
	}
}

// engines tracks serve's current engine: the one the status and the
// duplicate finder follow. Installing a new one closes the old one's
// background work.
type engines struct {
	cur atomic.Pointer[retrieval.Engine]
}

func (es *engines) install(e *retrieval.Engine) {
	if old := es.cur.Swap(e); old != nil && old != e {
		old.Close()
	}
}

// embedder is the embedder part of /api/status.
func (es *engines) embedder(name string) web.EmbedderStatus {
	e := es.cur.Load()
	if e == nil {
		return web.EmbedderStatus{Name: name}
	}
	st := e.Embedder()
	return web.EmbedderStatus{Name: st.Name, Vectors: st.Vectors, Total: st.Total}
}

// degraded reports whether the current engine answers without a signal.
func (es *engines) degraded() bool {
	e := es.cur.Load()
	return e != nil && e.Degraded()
}

// trackDegraded keeps soudan_degraded up to date until ctx ends.
func (es *engines) trackDegraded(ctx context.Context) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		v := 0.0
		if es.degraded() {
			v = 1
		}
		metrics.Degraded.Set(v)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// setDupes builds the duplicate finder for c and hands it to set. With an
// engine whose vectors are still being built (Ollama), the finder first
// runs without the meaning signal, and is rebuilt with it once the vectors
// exist, unless the engine was replaced meanwhile.
func (es *engines) setDupes(ctx context.Context, c *corpus.Corpus, ef *engineFlags, marks *dupes.Marks, set func(*dupes.Finder), logger *slog.Logger) {
	eng := es.cur.Load()
	pending := eng != nil && ef.embedder == "ollama"
	if pending {
		select {
		case <-eng.VectorsReady():
			pending = false
		default:
		}
	}
	build := func(ef *engineFlags) bool {
		f, err := buildDupes(ctx, c, ef, marks, dupes.DefaultThreshold)
		if err != nil {
			logger.Warn("duplicate finder disabled", slog.Any("err", err))
			return false
		}
		set(f)
		logger.Info("duplicate finder ready", slog.Any("stats", f.Stats()))
		return true
	}
	if !pending {
		build(ef)
		return
	}
	lexical := *ef
	lexical.embedder = "none"
	build(&lexical)
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case <-eng.VectorsReady():
				if es.cur.Load() == eng {
					build(ef)
				}
				return
			case <-time.After(5 * time.Second):
				if es.cur.Load() != eng {
					return
				}
			}
		}
	}()
}

// redactURL hides the password of a URL (an Ollama or PostgreSQL URL with
// credentials) for logs and reports. A string that does not parse is
// replaced whole: it may hold a secret in a shape url.Parse rejects.
func redactURL(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return "(unparsable URL)"
	}
	return u.Redacted()
}
