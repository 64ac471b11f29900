// Package memlimit keeps a serving process's memory close to what its
// index needs.
//
// A build (the first one and every reload) allocates far more than the
// index it leaves: the dictionary's decompression buffers, the tokens of
// every document, the old index still serving. Go's collector, left to
// GOGC=100 alone, lets the heap grow to twice the live data and keeps the
// freed pages mapped, so a 110 MB index showed 300 MB resident under load.
// [Settle] runs after each build: it collects, returns the freed pages to
// the operating system, and sets the runtime's soft memory limit to what
// the process now holds plus a headroom and the caller's reserve (the
// result cache), so the collector works harder before the process grows
// instead of after.
package memlimit

import (
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

// Headroom is the share of the settled memory added to the limit for the
// garbage that serving produces between two collections; it is at least
// MinHeadroom.
const Headroom = 0.1

// MinHeadroom is the least headroom: with a small index (the default
// corpus settles near 80 MB), 10 % would leave a collection every hundred
// searches or so, each of them marking the whole index. At 32 MB,
// typing-prefix traffic from 8 clients still collected every 900
// requests or so, each collection costing ~60 ms of CPU; 64 MB collects
// 40 % less often for ~25 MB more resident memory (~165 MB after the
// load of `make bench-groonga`, whose limit is 200 MB).
const MinHeadroom = 64 << 20

// MinLimit is the smallest limit Settle sets: below it the collector
// would run too often for tiny corpora.
const MinLimit = 64 << 20

// Settle collects garbage, returns freed memory to the operating system
// and, unless the GOMEMLIMIT environment variable sets the limit, sets the
// runtime's soft memory limit to the memory now held, plus the headroom
// (max(held × Headroom, MinHeadroom)), plus reserve; unless GOGC is set,
// it sets the collector's target so that the heap may grow by the
// headroom between collections (gcPercentFor). It then touches the
// memory the heap will grow into before the next collection (pretouch),
// within the headroom and the limit in force. It returns the limit.
func Settle(reserve int64) int64 {
	runtime.GC()
	debug.FreeOSMemory()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	held := ms.Sys - ms.HeapReleased
	headroom := headroomFor(held)
	limit := debug.SetMemoryLimit(-1)
	if os.Getenv("GOMEMLIMIT") == "" {
		limit = limitFor(held, reserve)
		debug.SetMemoryLimit(limit)
	}
	if os.Getenv("GOGC") == "" {
		_, live := heapGoalLive()
		debug.SetGCPercent(gcPercentFor(live, headroom))
	}
	pretouch(min(untilCollection(), headroom, max(limit-int64(held), 0)))
	return limit
}

// gcPercentFor is the collector's target (GOGC) that lets a heap of live
// bytes grow by headroom between collections, and at least by itself (the
// default, 100). The live heap is the index, which a collection marks
// whole: with the dictionary snapshot mapped, the default corpus's is
// about 29 MB, and at GOGC=100 typing-prefix traffic from 8 clients would
// collect twice as often as the headroom allows.
func gcPercentFor(live uint64, headroom int64) int {
	if live == 0 {
		return 100
	}
	return max(100, int((uint64(headroom)*100+live-1)/live))
}

// heapGoalLive reads the collector's heap goal and the live heap the last
// collection marked (zero when the runtime does not report them).
func heapGoalLive() (goal, live uint64) {
	ms := []metrics.Sample{{Name: "/gc/heap/goal:bytes"}, {Name: "/gc/heap/live:bytes"}}
	metrics.Read(ms)
	if ms[0].Value.Kind() != metrics.KindUint64 || ms[1].Value.Kind() != metrics.KindUint64 {
		return 0, 0
	}
	return ms[0].Value.Uint64(), ms[1].Value.Uint64()
}

// untilCollection is the heap the collector lets the process allocate
// before it collects again: its goal less the live heap. Touching more
// would be undone: the runtime's scavenger returns to the system what the
// heap holds beyond a tenth over its goal.
func untilCollection() int64 {
	goal, live := heapGoalLive()
	return max(int64(goal)-int64(live), 0)
}

// limitFor is the limit for a process holding held bytes of memory.
func limitFor(held uint64, reserve int64) int64 {
	limit := held + uint64(headroomFor(held)) + uint64(max(reserve, 0))
	return max(int64(min(limit, math.MaxInt64)), MinLimit)
}

// headroomFor is the headroom of a process holding held bytes.
func headroomFor(held uint64) int64 {
	return int64(max(float64(held)*Headroom, MinHeadroom))
}

// pretouchBlock is the size of the blocks pretouch allocates: each takes
// a span of its own from the lowest free pages of the heap (Go's page
// allocator is first fit by address), the pages the spans of the next
// small objects will come from too.
const pretouchBlock = 8 << 10

// pretouch allocates n bytes in blocks of pretouchBlock, writes to every
// page of them, then frees them, so that the heap's lowest n free bytes
// are mapped again after [debug.FreeOSMemory] returned them. A serving
// process fills them with garbage before its next collection: touched up
// front, they spare the first searches after a start or a reload a fresh
// page fault for each page they allocate (about 15 µs a fault on this
// project's virtual machines, 6 pages a search of the default manual).
// The scavenger then keeps them: they are within its goal.
func pretouch(n int64) {
	const page = 4096
	blocks := make([][]byte, 0, n/pretouchBlock)
	for range n / pretouchBlock {
		b := make([]byte, pretouchBlock)
		for i := 0; i < len(b); i += page {
			b[i] = 1
		}
		blocks = append(blocks, b)
	}
	runtime.KeepAlive(blocks)
	runtime.GC()
}

// Building makes room under the soft memory limit for a reload's build
// and returns the function that puts the previous limit back. A reload
// builds the new index beside the serving one, but the limit [Settle] set
// leaves room for one index and a headroom of 10 %: on a corpus of 4,000
// entries (a live heap of about 400 MB) the collector then ran almost
// without pause, and a reload that added one entry cost 23 s of CPU
// instead of 11. The limit is raised by the live heap, the serving
// index's size; [Settle] after the swap sets the next one. Call restore
// when the build fails. With GOMEMLIMIT set, nothing changes.
func Building() (restore func()) {
	if os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	_, live := heapGoalLive()
	prev := debug.SetMemoryLimit(-1)
	debug.SetMemoryLimit(buildingLimit(prev, live))
	return sync.OnceFunc(func() { debug.SetMemoryLimit(prev) })
}

// buildingLimit is limit raised by live bytes, without overflow.
func buildingLimit(limit int64, live uint64) int64 {
	if live > uint64(math.MaxInt64-limit) {
		return math.MaxInt64
	}
	return limit + int64(live)
}

// StartGCPercent is the collector's target (GOGC) while a process builds
// its first index: loading kagome's dictionary and analysing the corpus
// allocate a large heap from nothing, and at GOGC=100 the collector would
// mark it over and over, in part on the dictionary loader's own time.
const StartGCPercent = 400

// Starting sets the collector's target to StartGCPercent, unless the GOGC
// environment variable sets it, and returns the function that restores
// the previous target: call it once the first build is in, before
// [Settle]. Calls after the first do nothing.
func Starting() (restore func()) {
	if os.Getenv("GOGC") != "" {
		return func() {}
	}
	prev := debug.SetGCPercent(StartGCPercent)
	return sync.OnceFunc(func() { debug.SetGCPercent(prev) })
}
