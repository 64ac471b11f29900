package index_test

import (
	"context"
	"errors"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/soudan-desk/soudan/index"
)

// flaky is an embedder whose backend is up or down at the test's word.
type flaky struct {
	down  atomic.Bool
	calls atomic.Int64
}

func (f *flaky) Name() string { return "flaky" }

func (f *flaky) Embed(ctx context.Context, texts []string, p index.Purpose) ([][]float32, error) {
	f.calls.Add(1)
	if f.down.Load() {
		return nil, errors.New("connection refused")
	}
	return index.Fake{}.Embed(ctx, texts, p)
}

// manualTimers records the probes a Resilient schedules, so that a test
// fires them itself instead of waiting.
type manualTimers struct {
	mu    sync.Mutex
	waits []time.Duration
	due   []func()
}

func (m *manualTimers) afterFunc(d time.Duration, f func()) func() bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.waits = append(m.waits, d)
	m.due = append(m.due, f)
	return func() bool { return true }
}

// fire runs the probes scheduled so far and reports how many there were.
func (m *manualTimers) fire() int {
	m.mu.Lock()
	due := m.due
	m.due = nil
	m.mu.Unlock()
	for _, f := range due {
		f()
	}
	return len(due)
}

// TestResilientProbesWithoutCalls: after a failure the breaker schedules
// its own probe, so that an Ollama that comes back is noticed (status,
// soudan_degraded, the background build) even when no search arrives;
// each failed probe schedules the next one with a doubled wait.
func TestResilientProbesWithoutCalls(t *testing.T) {
	be := &flaky{}
	be.down.Store(true)
	var timers manualTimers
	var recovered atomic.Int64
	r := index.NewResilient(be, index.ResilientOptions{
		MinBackoff: time.Second, MaxBackoff: 4 * time.Second,
		AfterFunc: timers.afterFunc,
		OnRecover: func() { recovered.Add(1) },
	})
	if _, err := r.Embed(context.Background(), []string{"a"}, index.PurposeQuery); err == nil || !r.Down() {
		t.Fatalf("first call: err %v, down %v", err, r.Down())
	}
	up := r.Recovered()
	select {
	case <-up:
		t.Fatal("Recovered is closed while the backend is down")
	default:
	}
	for range 3 { // probes while still down
		if n := timers.fire(); n != 1 {
			t.Fatalf("%d probes were due, want 1", n)
		}
	}
	if want := []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 4 * time.Second}; !slices.Equal(timers.waits, want) {
		t.Errorf("probe waits %v, want %v", timers.waits, want)
	}
	be.down.Store(false)
	calls := be.calls.Load()
	if n := timers.fire(); n != 1 {
		t.Fatalf("%d probes were due, want 1", n)
	}
	if r.Down() || recovered.Load() != 1 || be.calls.Load() != calls+1 {
		t.Fatalf("after a probe with the backend up: down %v, recovered %d, calls %d", r.Down(), recovered.Load(), be.calls.Load()-calls)
	}
	select {
	case <-up:
	default:
		t.Fatal("Recovered is still open after the probe succeeded")
	}
	if n := timers.fire(); n != 0 {
		t.Errorf("%d probes scheduled after recovery", n)
	}
}

// TestResilientRecoveredWhenUp: an embedder that never failed is up.
func TestResilientRecoveredWhenUp(t *testing.T) {
	r := index.NewResilient(&flaky{}, index.ResilientOptions{})
	select {
	case <-r.Recovered():
	default:
		t.Fatal("Recovered is open on a breaker that never opened")
	}
}
