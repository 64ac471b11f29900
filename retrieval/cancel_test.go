package retrieval

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/soudan-desk/soudan/corpus"
)

// stepLog records the steps a build reports (Options.onBuildStep) and
// cancels the build's context when it meets the step cancelAt.
type stepLog struct {
	mu       sync.Mutex
	steps    []string
	cancelAt string
	cancel   context.CancelFunc
}

func (l *stepLog) record(step string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.steps = append(l.steps, step)
	if step == l.cancelAt {
		l.cancel()
	}
}

// signals returns the signals whose index the build started, in order.
func (l *stepLog) signals() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []string
	for _, s := range l.steps {
		if _, ok := DefaultOptions().Weights[s]; ok {
			out = append(out, s)
		}
	}
	return out
}

// buildCancelledAt builds c with a context that the step cancelAt
// cancels ("" cancels it before the build) and returns the build's error
// and the steps it reported.
func buildCancelledAt(t *testing.T, c *corpus.Corpus, cancelAt string) (*stepLog, error) {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	log := &stepLog{cancelAt: cancelAt, cancel: cancel}
	if cancelAt == "" {
		cancel()
	}
	opts := DefaultOptions()
	opts.onBuildStep = log.record
	e, err := New(ctx, c, opts)
	if err != nil && e != nil {
		t.Errorf("cancelled at %q: the build returned an engine with its error", cancelAt)
	}
	return log, err
}

// TestBuildCancelled: a build whose context is cancelled stops at its
// next step or batch of entries with ctx.Err(), counted by the steps it
// reports rather than timed: an already cancelled one before any step, one
// cancelled as its first signal's index starts before any other signal's,
// one cancelled while it gathers the texts before any signal.
func TestBuildCancelled(t *testing.T) {
	c, err := corpus.LoadDefault()
	if err != nil {
		t.Fatal(err)
	}
	// Not cancelled: every signal is built, so the steps count the work.
	whole, err := buildCancelledAt(t, c, "no such step")
	if err != nil {
		t.Fatal(err)
	}
	all := []string{SignalBigrams, SignalTokens, SignalReadings, SignalExamples, SignalVector}
	if got := whole.signals(); len(got) != len(all) {
		t.Fatalf("a whole build reported the signals %v, want %v", got, all)
	}
	tests := []struct {
		cancelAt string
		want     []string // the signals started
	}{
		{"", nil},
		{stepTexts, nil},
		{SignalBigrams, []string{SignalBigrams}},
		{stepAnalysis, []string{SignalBigrams}},
	}
	for _, tt := range tests {
		log, err := buildCancelledAt(t, c, tt.cancelAt)
		if !errors.Is(err, context.Canceled) {
			t.Errorf("cancelled at %q: %v, want context.Canceled", tt.cancelAt, err)
		}
		if got := log.signals(); !slices.Equal(got, tt.want) {
			t.Errorf("cancelled at %q: the build started the signals %v, want %v (steps %q)", tt.cancelAt, got, tt.want, log.steps)
		}
		if tt.cancelAt == "" && len(log.steps) > 0 {
			t.Errorf("cancelled before the build: it still ran the steps %q", log.steps)
		}
	}
}

// TestBuildCancelledSerial: a build over more than keepAnalysesMax entries
// builds the analysed signals one after the other; cancelled as the first
// starts, it starts no other.
func TestBuildCancelledSerial(t *testing.T) {
	defer func(k int) { keepAnalysesMax = k }(keepAnalysesMax)
	keepAnalysesMax = 10
	c, err := corpus.LoadDefault()
	if err != nil {
		t.Fatal(err)
	}
	log, err := buildCancelledAt(t, c, SignalTokens)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("%v, want context.Canceled", err)
	}
	if got, want := log.signals(), []string{SignalBigrams, SignalTokens}; !slices.Equal(got, want) {
		t.Errorf("the build started the signals %v, want %v", got, want)
	}
}

// TestRebuildCancelled: a reload whose context is cancelled before it
// starts returns context.Canceled without a step.
func TestRebuildCancelled(t *testing.T) {
	c, err := corpus.LoadDefault()
	if err != nil {
		t.Fatal(err)
	}
	log := &stepLog{}
	opts := DefaultOptions()
	opts.onBuildStep = log.record
	e, err := New(t.Context(), c, opts)
	if err != nil {
		t.Fatal(err)
	}
	log.steps = nil
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := e.Rebuild(ctx, c); !errors.Is(err, context.Canceled) {
		t.Errorf("Rebuild with a cancelled context: %v, want context.Canceled", err)
	}
	if len(log.steps) > 0 {
		t.Errorf("Rebuild with a cancelled context ran the steps %q", log.steps)
	}
}

// TestBuildCancelledDuringLocalFit: a build cancelled while the local
// embedder's fit runs (the eigendecomposition cannot be interrupted)
// returns context.Canceled without waiting for the fit, which here waits
// until the build has returned; the same in a serial build, where the fit
// starts beside the indexes.
func TestBuildCancelledDuringLocalFit(t *testing.T) {
	c, err := corpus.LoadDefault()
	if err != nil {
		t.Fatal(err)
	}
	for _, serial := range []bool{false, true} {
		keep := keepAnalysesMax
		if serial {
			keepAnalysesMax = 10
		}
		ctx, cancel := context.WithCancel(t.Context())
		release, fitDone := make(chan struct{}), make(chan struct{})
		opts := DefaultOptions()
		opts.onLocalFit = func() {
			defer close(fitDone)
			cancel()
			<-release // the fit goes on after the build returns
		}
		type built struct {
			e   *Engine
			err error
		}
		done := make(chan built, 1)
		go func() {
			e, err := New(ctx, c, opts)
			done <- built{e, err}
		}()
		var b built
		select {
		case b = <-done:
		case <-time.After(time.Minute): // a liveness guard, not a timing target
			t.Fatalf("serial %v: the cancelled build waited for the fit", serial)
		}
		keepAnalysesMax = keep
		close(release)
		<-fitDone
		if !errors.Is(b.err, context.Canceled) || b.e != nil {
			t.Errorf("serial %v: New = %v, %v; want no engine and context.Canceled", serial, b.e != nil, b.err)
		}
		cancel()
	}
}
