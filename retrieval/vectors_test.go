package retrieval

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/soudan-desk/soudan/index"
	"github.com/soudan-desk/soudan/index/ollamatest"
)

// TestVectorsInBackground: with Ollama accepting connections and never
// answering, New returns at once and the engine answers from its lexical
// signals, degraded; when Ollama comes back the vectors are built and
// used without a new engine.
func TestVectorsInBackground(t *testing.T) {
	srv := ollamatest.New(t)
	srv.Down.Store(true)
	ollama, err := index.NewOllama(index.OllamaOptions{BaseURL: srv.URL, Model: "test"})
	if err != nil {
		t.Fatal(err)
	}
	emb := index.NewResilient(ollama, index.ResilientOptions{MinBackoff: 20 * time.Millisecond, MaxBackoff: 100 * time.Millisecond})
	var progress atomic.Int64
	e := mustMini(t, func(o *Options) {
		o.Embedder = emb
		o.VectorsInBackground = true
		o.VectorBatch = 2
		o.VectorBatchTimeout = 100 * time.Millisecond
		o.EmbedTimeout = 100 * time.Millisecond
		o.OnVectorProgress = func(done, total int) { progress.Store(int64(done)) }
	})
	defer e.Close()
	q := Query{Text: "ランサムウェア", K: 3}
	r, err := e.Search(context.Background(), q)
	if err != nil || !r.Degraded || len(r.Results) == 0 {
		t.Fatalf("while Ollama hangs: err %v, degraded %v, %d results", err, r.Degraded, len(r.Results))
	}
	if st := e.Embedder(); !e.Degraded() || st.Vectors != 0 || st.Total != len(e.Corpus().Entries) || st.Name != "ollama:test" {
		t.Fatalf("status while hanging: %+v degraded %v", st, e.Degraded())
	}
	for srv.Calls.Load() < 2 { // the build retries
		time.Sleep(10 * time.Millisecond)
	}
	srv.Down.Store(false)
	select {
	case <-e.VectorsReady():
	case <-time.After(20 * time.Second):
		t.Fatalf("vectors not built after Ollama came back: %+v", e.Embedder())
	}
	if st := e.Embedder(); st.Vectors != st.Total || int(progress.Load()) != st.Total {
		t.Errorf("after the build: %+v, progress %d", st, progress.Load())
	}
	// The breaker may still wait for its probe; searches recover within
	// its backoff.
	deadline := time.Now().Add(5 * time.Second)
	for {
		r, err = e.Search(context.Background(), q)
		if err == nil && !r.Degraded {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("still degraded after Ollama came back: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if e.Degraded() {
		t.Error("engine reports degraded after recovery")
	}
}

// TestResilientFailsFast: after a failure the breaker answers
// ErrEmbedderDown at once, and a probe restores it when the backend is
// back.
func TestResilientFailsFast(t *testing.T) {
	srv := ollamatest.New(t)
	srv.Down.Store(true)
	ollama, _ := index.NewOllama(index.OllamaOptions{BaseURL: srv.URL, Model: "test"})
	var errs atomic.Int64
	r := index.NewResilient(ollama, index.ResilientOptions{MinBackoff: 10 * time.Millisecond, MaxBackoff: 50 * time.Millisecond, OnError: func(error) { errs.Add(1) }})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	_, err := r.Embed(ctx, []string{"a"}, index.PurposeQuery)
	cancel()
	if err == nil || !r.Down() || errs.Load() != 1 {
		t.Fatalf("hanging call: err %v down %v errors %d", err, r.Down(), errs.Load())
	}
	if _, err := r.Embed(context.Background(), []string{"a"}, index.PurposeQuery); err != index.ErrEmbedderDown {
		t.Fatalf("call while down: %v, want ErrEmbedderDown", err)
	}
	srv.Down.Store(false)
	deadline := time.Now().Add(5 * time.Second)
	for r.Down() {
		_, _ = r.Embed(context.Background(), []string{"a"}, index.PurposeQuery) // starts probes
		if time.Now().After(deadline) {
			t.Fatal("breaker never closed")
		}
		time.Sleep(10 * time.Millisecond)
	}
	if _, err := r.Embed(context.Background(), []string{"a"}, index.PurposeQuery); err != nil {
		t.Fatalf("after recovery: %v", err)
	}
}

// switchingDim embeds with index.Fake at the dimension the test sets: an
// Ollama whose model was replaced by one of another size.
type switchingDim struct{ dim atomic.Int64 }

func (s *switchingDim) Name() string { return "switching" }

func (s *switchingDim) Embed(ctx context.Context, texts []string, p index.Purpose) ([][]float32, error) {
	return index.Fake{Dim: int(s.dim.Load())}.Embed(ctx, texts, p)
}

// TestDegradedOnDimensionMismatch: when the embedder's query vectors stop
// matching the index's dimension, every answer lacks the vector signal,
// and the engine says so (GET /api/status, soudan_degraded) until they
// match again.
func TestDegradedOnDimensionMismatch(t *testing.T) {
	emb := &switchingDim{}
	emb.dim.Store(64)
	e := mustMini(t, func(o *Options) { o.Embedder = emb })
	defer e.Close()
	q := Query{Text: "ランサムウェア", K: 3}
	for _, tt := range []struct {
		dim      int64
		degraded bool
	}{{64, false}, {32, true}, {32, true}, {64, false}} {
		emb.dim.Store(tt.dim)
		r, err := e.Search(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		if r.Degraded != tt.degraded || e.Degraded() != tt.degraded {
			t.Errorf("query vectors of %d dimensions (index 64): answer degraded %v, engine degraded %v, want %v",
				tt.dim, r.Degraded, e.Degraded(), tt.degraded)
		}
	}
}

// dimOnCall embeds with index.Fake at 64 dimensions on its first call and
// 48 afterwards: an Ollama whose model was replaced during the build.
type dimOnCall struct{ calls atomic.Int64 }

func (d *dimOnCall) Name() string { return "replaced" }

func (d *dimOnCall) Embed(ctx context.Context, texts []string, p index.Purpose) ([][]float32, error) {
	dim := 48
	if d.calls.Add(1) == 1 {
		dim = 64
	}
	return index.Fake{Dim: dim}.Embed(ctx, texts, p)
}

// TestVectorsInBackgroundDimensionChange: when the embedder's dimension
// changes between the batches of the background build, the build starts
// over instead of giving up for good (it used to stay degraded, showing
// every vector in, until a restart).
func TestVectorsInBackgroundDimensionChange(t *testing.T) {
	emb := &dimOnCall{}
	e := mustMini(t, func(o *Options) {
		o.Embedder = emb
		o.VectorsInBackground = true
		o.VectorBatch = 2
	})
	defer e.Close()
	select {
	case <-e.VectorsReady():
	case <-time.After(20 * time.Second): // a bound, not a measure: the retry waits 0.5 s
		t.Fatalf("vectors never built after the dimension changed: %+v, degraded %v", e.Embedder(), e.Degraded())
	}
	r, err := e.Search(context.Background(), Query{Text: "ランサムウェア", K: 3})
	if err != nil || r.Degraded || e.Degraded() {
		t.Fatalf("after the rebuild: err %v, answer degraded %v, engine degraded %v", err, r.Degraded, e.Degraded())
	}
}
