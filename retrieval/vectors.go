package retrieval

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/soudan-desk/soudan/index"
	"github.com/soudan-desk/soudan/internal/wait"
)

// The vector signal of an engine whose embedder is another server
// (Options.VectorsInBackground): the engine answers from the lexical
// signals at once, marked degraded, while the documents are embedded in
// the background, batch by batch, each batch under a short deadline and
// retried with backoff until the server answers. When the last batch
// lands the vector index is swapped in and the vector signal joins.

// Defaults of the background build.
const (
	// DefaultVectorBatch is the number of documents per embedding call.
	DefaultVectorBatch = 16
	// DefaultVectorBatchTimeout bounds one batch.
	DefaultVectorBatchTimeout = 15 * time.Second
	// vectorRetryMin and vectorRetryMax bound the wait between retries
	// of a failed batch: a server that comes back is used within
	// vectorRetryMax plus one batch.
	vectorRetryMin = 500 * time.Millisecond
	vectorRetryMax = 8 * time.Second
)

// vectorState is the engine's vector signal and its build progress.
type vectorState struct {
	index  atomic.Pointer[index.Vector]
	done   atomic.Int64 // documents embedded so far
	total  int
	name   string
	ready  chan struct{} // closed when index is set
	once   sync.Once
	cancel context.CancelFunc
	// mismatch is set while the embedder's query vectors do not have
	// the index's dimension (its model changed).
	mismatch atomic.Bool
	// docs are the document vectors of the finished build, for Rebuild
	// (Options.Embedder only).
	docs atomic.Pointer[docVectors]
}

// EmbedderStatus tells how far the vector signal's build has come.
type EmbedderStatus struct {
	Name    string
	Vectors int // documents embedded so far
	Total   int
}

// setIndex installs the built vector index.
func (vs *vectorState) setIndex(v *index.Vector) {
	vs.index.Store(v)
	vs.done.Store(int64(vs.total))
	vs.once.Do(func() { close(vs.ready) })
}

// startVectors embeds texts in the background and swaps the vector index
// in when done. It returns at once.
func (e *Engine) startVectors(ctx context.Context, emb index.Embedder, ids, texts []string) {
	ctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	e.vec.cancel = cancel
	prev := e.prevDocs
	e.prevDocs = nil // the goroutine holds it while it needs it
	go func() {
		defer cancel()
		vecs, ok := e.embedReusing(ctx, emb, texts, prev)
		if !ok {
			return
		}
		v, err := index.NewVectorFromEmbeddings(emb, ids, vecs)
		if err != nil {
			e.vec.done.Store(0) // the status must not show every vector in
			e.log.Error("vector index failed; answering from lexical signals only", slog.String("embedder", emb.Name()), slog.Any("err", err))
			return
		}
		e.vec.docs.Store(newDocVectors(emb, texts, vecs))
		e.vec.setIndex(v)
		e.log.Info("vector index ready", slog.String("embedder", emb.Name()), slog.Int("vectors", v.Len()))
	}()
}

// embedReusing is embedWithRetries for the texts prev has no vector of;
// the others are taken from prev, unless the new vectors' dimension
// shows the model changed, when every text is embedded again.
func (e *Engine) embedReusing(ctx context.Context, emb index.Embedder, texts []string, prev *docVectors) ([][]float32, bool) {
	vecs, missing := prev.reuse(emb, texts)
	kept := len(texts) - len(missing)
	e.vec.done.Store(int64(kept))
	got, ok := e.embedWithRetries(ctx, emb, textsAt(texts, missing), kept)
	if !ok {
		return nil, false
	}
	if !prev.fits(got) {
		e.log.Warn("the embedder's vectors changed dimension since the last build; embedding every text", slog.String("embedder", emb.Name()))
		e.vec.done.Store(0)
		return e.embedWithRetries(ctx, emb, texts, 0)
	}
	fill(vecs, missing, got)
	return vecs, true
}

// embedWithRetries embeds texts batch by batch; a failed batch is retried
// after a backoff that doubles up to vectorRetryMax, and a batch whose
// dimension differs from the first's starts the build over. Progress
// counts base documents done before texts. It reports false when ctx
// ended first (the engine was closed).
func (e *Engine) embedWithRetries(ctx context.Context, emb index.Embedder, texts []string, base int) ([][]float32, bool) {
	batch, timeout := e.opts.VectorBatch, e.opts.VectorBatchTimeout
	if batch <= 0 {
		batch = DefaultVectorBatch
	}
	if timeout <= 0 {
		timeout = DefaultVectorBatchTimeout
	}
	vecs := make([][]float32, 0, len(texts))
	backoff := vectorRetryMin
	for len(vecs) < len(texts) {
		end := min(len(vecs)+batch, len(texts))
		bctx, cancel := context.WithTimeout(ctx, timeout)
		got, err := index.EmbedBatch(bctx, emb, texts[len(vecs):end])
		cancel()
		if ctx.Err() != nil {
			return nil, false
		}
		if err != nil {
			if backoff == vectorRetryMin {
				e.log.Warn("embedding the corpus failed; retrying in the background", slog.String("embedder", emb.Name()),
					slog.Int("vectors", len(vecs)), slog.Int("total", len(texts)), slog.Any("err", err))
			}
			if !sleepOrRecover(ctx, emb, backoff) {
				return nil, false
			}
			backoff = min(2*backoff, vectorRetryMax)
			continue
		}
		if len(vecs) > 0 && len(got) > 0 && len(got[0]) != len(vecs[0]) {
			// The model was replaced mid-build: the vectors so far
			// are of another space. Start over, after a wait, in case
			// two servers with different models take turns.
			e.log.Warn("the embedder's vectors changed dimension during the build; starting over", slog.String("embedder", emb.Name()),
				slog.Int("was", len(vecs[0])), slog.Int("now", len(got[0])))
			vecs = vecs[:0]
			e.vec.done.Store(int64(base))
			if !wait.Sleep(ctx, backoff) {
				return nil, false
			}
			backoff = min(2*backoff, vectorRetryMax)
			continue
		}
		backoff = vectorRetryMin
		vecs = append(vecs, got...)
		e.vec.done.Store(int64(base + len(vecs)))
		if e.opts.OnVectorProgress != nil {
			e.opts.OnVectorProgress(base+len(vecs), base+len(texts))
		}
	}
	return vecs, true
}

// sleepOrRecover waits d, or less when an embedder with a circuit
// breaker ([index.Resilient]) finds its backend answering again, so that
// the build resumes as soon as the breaker's probe succeeds. A failure
// that left the breaker closed waits the whole d. It reports false when
// ctx ended first.
func sleepOrRecover(ctx context.Context, emb index.Embedder, d time.Duration) bool {
	r, ok := emb.(interface {
		Down() bool
		Recovered() <-chan struct{}
	})
	if !ok || !r.Down() {
		return wait.Sleep(ctx, d)
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-r.Recovered():
	case <-ctx.Done():
	}
	return ctx.Err() == nil
}

// Close stops the engine's background work (the vector build). The engine
// still answers searches; call it when a rebuilt engine replaces this one.
func (e *Engine) Close() {
	if e.vec.cancel != nil {
		e.vec.cancel()
	}
}

// VectorsReady is closed when the vector index is in place (at once for an
// engine that built it synchronously). It never closes for an engine
// without the vector signal, or whose build failed or was closed.
func (e *Engine) VectorsReady() <-chan struct{} { return e.vec.ready }

// Embedder reports the vector signal's embedder and how many documents
// have their vector.
func (e *Engine) Embedder() EmbedderStatus {
	return EmbedderStatus{Name: e.vec.name, Vectors: int(e.vec.done.Load()), Total: e.vec.total}
}

// Degraded reports whether searches now answer without one of their
// signals: the vector index is still being built, its build failed, its
// embedder is down, or the last query's vector did not fit the index.
func (e *Engine) Degraded() bool {
	if e.opts.Weights[SignalVector] <= 0 {
		return false
	}
	if e.vec.index.Load() == nil || e.vec.mismatch.Load() {
		return true
	}
	d, ok := e.opts.Embedder.(interface{ Down() bool })
	return ok && d.Down()
}

// vectorFailed records and logs a failed vector search. While the
// embedder is down its breaker has logged the failure and counts each
// probe: one line per search would flood the log. A dimension mismatch
// marks the engine degraded and is logged when it starts.
func (e *Engine) vectorFailed(err error) {
	switch {
	case errors.Is(err, index.ErrEmbedderDown):
		e.log.Debug("vector signal skipped; answering from lexical signals", slog.Any("err", err))
	case errors.Is(err, index.ErrDimensionMismatch):
		if !e.vec.mismatch.Swap(true) {
			e.log.Error("vector signal failed; answering from lexical signals", slog.Any("err", err))
		}
	default:
		e.log.Warn("vector signal failed; answering from lexical signals", slog.Any("err", err))
	}
}
