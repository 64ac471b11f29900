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

// followDupes builds the duplicate finder for c and returns the function
// that hands it to set (nil when it could not be built). With an engine
// whose vectors are still being built (Ollama), the finder first runs
// without the meaning signal; once installed, it is rebuilt with the
// meaning signal when the vectors exist, unless ctx ends first (a newer
// corpus overtook it).
func (es *engines) followDupes(ctx context.Context, c *corpus.Corpus, ef *engineFlags, marks *dupes.Marks, set func(*dupes.Finder), logger *slog.Logger) func() {
	build := func(ef *engineFlags) *dupes.Finder {
		f, err := buildDupes(ctx, c, ef, marks, dupes.DefaultThreshold)
		if err != nil {
			if ctx.Err() == nil {
				logger.Warn("duplicate finder disabled", slog.Any("err", err))
			}
			return nil
		}
		return f
	}
	install := func(f *dupes.Finder) {
		set(f)
		logger.Info("duplicate finder ready", slog.Any("stats", f.Stats()))
	}
	eng := es.cur.Load()
	if eng == nil || ef.embedder != "ollama" || isClosed(eng.VectorsReady()) {
		if f := build(ef); f != nil {
			return func() { install(f) }
		}
		return nil
	}
	lexical := *ef
	lexical.embedder = "none"
	f := build(&lexical)
	if f == nil {
		return nil
	}
	return func() {
		install(f)
		go func() {
			select {
			case <-ctx.Done():
			case <-eng.VectorsReady():
				if full := build(ef); full != nil && ctx.Err() == nil {
					install(full)
				}
			}
		}()
	}
}

// isClosed reports whether ch is closed.
func isClosed(ch <-chan struct{}) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
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
