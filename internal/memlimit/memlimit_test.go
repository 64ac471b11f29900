package memlimit

import (
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"testing"
)

func TestLimitFor(t *testing.T) {
	tests := []struct {
		held    uint64
		reserve int64
		want    int64
	}{
		{1000 << 20, 16 << 20, 1100<<20 + 16<<20},
		{1000 << 20, -5, 1100 << 20},
		{100 << 20, 16 << 20, 100<<20 + MinHeadroom + 16<<20},
		{1 << 20, 0, max(1<<20+MinHeadroom, MinLimit)},
	}
	for _, tt := range tests {
		if got := limitFor(tt.held, tt.reserve); got != tt.want {
			t.Errorf("limitFor(%d, %d) = %d, want %d", tt.held, tt.reserve, got, tt.want)
		}
	}
}

// ballastBytes is live heap that TestSettle keeps, so that the collector's
// goal leaves room to touch.
const ballastBytes = 32 << 20

func TestSettle(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	t.Setenv("GOGC", "")
	ballast := make([]byte, ballastBytes)
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	t.Setenv("GOMEMLIMIT", "")
	limit := Settle(8 << 20)
	if limit < MinLimit || limit == math.MaxInt64 {
		t.Fatalf("Settle set the limit to %d", limit)
	}
	if got := debug.SetMemoryLimit(-1); got != limit {
		t.Errorf("limit in force %d, Settle returned %d", got, limit)
	}
	// What the heap will allocate before its next collection is mapped:
	// free in the heap, not returned.
	want := untilCollection()
	if want < ballastBytes/2 {
		t.Fatalf("%d MB until the next collection with %d MB live", want>>20, ballastBytes>>20)
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	if mapped := ms.HeapIdle - ms.HeapReleased; mapped < uint64(want)*9/10 {
		t.Errorf("after Settle, %d MB of free heap mapped, want %d MB", mapped>>20, want>>20)
	}
	// The collector's target lets the live heap (the ballast) grow by the
	// headroom, twice its size.
	if got := debug.SetGCPercent(100); got <= 100 {
		t.Errorf("after Settle with %d MB live, GOGC = %d", ballastBytes>>20, got)
	}
	runtime.KeepAlive(ballast)
	t.Setenv("GOMEMLIMIT", "1GiB")
	debug.SetMemoryLimit(1 << 30)
	if got := Settle(8 << 20); got != 1<<30 {
		t.Errorf("with GOMEMLIMIT set, Settle changed the limit to %d", got)
	}
}

func TestStarting(t *testing.T) {
	if os.Getenv("GOGC") != "" {
		t.Skip("GOGC is set: Starting leaves the collector alone")
	}
	before := debug.SetGCPercent(100)
	defer debug.SetGCPercent(before)
	restore := Starting()
	if got := debug.SetGCPercent(StartGCPercent); got != StartGCPercent {
		t.Errorf("while starting, GOGC = %d, want %d", got, StartGCPercent)
	}
	restore()
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("after restore, GOGC = %d, want 100", got)
	}
}

func TestGCPercentFor(t *testing.T) {
	tests := []struct {
		live     uint64
		headroom int64
		want     int
	}{
		{0, 64 << 20, 100},
		{29 << 20, 64 << 20, 221},
		{64 << 20, 64 << 20, 100},
		{600 << 20, 64 << 20, 100},
		{1 << 20, 64 << 20, 6400},
	}
	for _, tt := range tests {
		if got := gcPercentFor(tt.live, tt.headroom); got != tt.want {
			t.Errorf("gcPercentFor(%d MB, %d MB) = %d, want %d", tt.live>>20, tt.headroom>>20, got, tt.want)
		}
	}
}

// TestBuildingLimit: while a reload builds a second index beside the
// serving one, the limit makes room for it (the live heap is the serving
// index); no limit stays no limit.
func TestBuildingLimit(t *testing.T) {
	tests := []struct {
		limit int64
		live  uint64
		want  int64
	}{
		{520 << 20, 400 << 20, 920 << 20},
		{135 << 20, 29 << 20, 164 << 20},
		{135 << 20, 0, 135 << 20},
		{math.MaxInt64, 400 << 20, math.MaxInt64},
		{math.MaxInt64 - 10, 400 << 20, math.MaxInt64},
	}
	for _, tt := range tests {
		if got := buildingLimit(tt.limit, tt.live); got != tt.want {
			t.Errorf("buildingLimit(%d, %d) = %d, want %d", tt.limit, tt.live, got, tt.want)
		}
	}
}

// TestBuilding: Building raises the limit in force above the one Settle
// set, and its restore puts that back; with GOMEMLIMIT set it changes
// nothing.
func TestBuilding(t *testing.T) {
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	ballast := make([]byte, ballastBytes)
	runtime.GC() // the live heap Building reads is the last collection's
	for _, env := range []string{"", "300MiB"} {
		t.Setenv("GOMEMLIMIT", env)
		const settled = 200 << 20
		debug.SetMemoryLimit(settled)
		restore := Building()
		during := debug.SetMemoryLimit(-1)
		restore()
		after := debug.SetMemoryLimit(-1)
		if env == "" && during <= settled || env != "" && during != settled {
			t.Errorf("GOMEMLIMIT=%q: limit while building %d, settled %d", env, during, settled)
		}
		if after != settled {
			t.Errorf("GOMEMLIMIT=%q: limit after restore %d, want %d", env, after, settled)
		}
	}
	runtime.KeepAlive(ballast)
}
