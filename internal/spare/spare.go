// Package spare runs the independent steps of one request on a processor
// that would otherwise sit idle.
//
// A search on a small corpus takes a few hundred microseconds; starting
// goroutines for its parts would cost more than it saves, and under load
// every processor already serves a request of its own. So the package
// keeps GOMAXPROCS−1 helper goroutines parked for the life of the process,
// and [Run] hands a helper a share of the steps only while fewer requests
// (counted by [Begin] and [End]) and busy helpers than processors are at
// work. The caller takes steps too, one at a time from a shared counter,
// so a helper that starts late takes fewer of them, and one that has not
// started when the caller has taken them all never starts: the caller does
// not wait for it. A hand-off allocates nothing.
//
// Other processes may hold the processors this one counts as idle: a
// hand-off that did not pay (it saved less than a tenth of the steps'
// time: the helper started late, or made the caller wait) makes Run skip
// the next hand-offs, twice as many after each failure, up to maxBackoff;
// one that paid halves the number.
package spare

import (
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// Steps is work split into steps that may run concurrently, each once.
type Steps interface {
	Step(i int)
}

// The states of a job.
const (
	pending   = iota // handed over, not started
	taken            // a helper runs it
	abandoned        // the caller finished every step first
)

// job is a hand-off: the steps, their counter, and the helper's report.
type job struct {
	steps Steps
	n     int32
	next  atomic.Int32
	state atomic.Int32
	done  chan any // the helper's panic value, or nil
	// busy is the time the helper spent on the steps (set before done).
	busy time.Duration
}

// run takes steps from the counter until none is left.
func (j *job) run() {
	for i := j.next.Add(1) - 1; i < j.n; i = j.next.Add(1) - 1 {
		j.steps.Step(int(i))
	}
}

// maxBackoff is the most hand-offs skipped after one that did not pay.
const maxBackoff = 256

var (
	// backoff is the number of hand-offs skipped after the last one that
	// did not pay: doubled after each failure, halved after a success.
	backoff atomic.Int32
	// skip is the number of hand-offs still to skip.
	skip atomic.Int32
)

// backingOff reports whether Run should skip this hand-off.
func backingOff() bool {
	if skip.Load() <= 0 {
		return false
	}
	skip.Add(-1)
	return true
}

// judge records whether a hand-off paid.
func judge(paid bool) {
	if paid {
		backoff.Store(backoff.Load() / 2)
		return
	}
	b := min(max(1, 2*backoff.Load()), maxBackoff)
	backoff.Store(b)
	skip.Store(b)
}

var (
	startOnce sync.Once
	procs     int32
	// load is the number of requests between Begin and End plus the
	// helpers at work.
	load atomic.Int32
	// jobs is unbuffered: a send succeeds only when a helper waits.
	jobs chan *job
	free = sync.Pool{New: func() any { return &job{done: make(chan any, 1)} }}
)

func start() {
	procs = int32(runtime.GOMAXPROCS(0))
	jobs = make(chan *job)
	for range procs - 1 {
		go helper()
	}
}

// helper runs the jobs handed to it, for the life of the process.
func helper() {
	for j := range jobs {
		if !j.state.CompareAndSwap(pending, taken) {
			j.steps = nil // the caller gave up on it and let it go
			free.Put(j)
			continue
		}
		load.Add(1)
		p := runSteps(j)
		j.done <- p
		load.Add(-1)
	}
}

// runSteps runs j's steps and returns the value of a panic, so that the
// caller, not the helper, panics with it.
func runSteps(j *job) (p any) {
	defer func() {
		if r := recover(); r != nil {
			p = fmt.Errorf("spare: step panicked: %v", r)
		}
	}()
	t := time.Now()
	j.busy = 0
	j.run()
	j.busy = time.Since(t)
	return nil
}

// Begin counts a request at work until its End.
func Begin() {
	startOnce.Do(start)
	load.Add(1)
}

// End ends what Begin began.
func End() { load.Add(-1) }

// Run calls s.Step(i) once for every i in [0, n), on the calling goroutine
// and, when a processor is idle, on a helper too; it returns when every
// step has returned. Steps run in no particular order, so each must write
// only its own results. A panic in a step on the helper panics the caller.
func Run(s Steps, n int) {
	startOnce.Do(start)
	var j *job
	if n > 1 && load.Load() < procs && !backingOff() {
		j = free.Get().(*job)
		j.steps, j.n = s, int32(n)
		j.next.Store(0)
		j.state.Store(pending)
		select {
		case jobs <- j:
		default: // no helper waits
			j.steps = nil
			free.Put(j)
			j = nil
		}
	}
	if j == nil {
		for i := range n {
			s.Step(i)
		}
		return
	}
	t0 := time.Now()
	j.run()
	if j.state.CompareAndSwap(pending, abandoned) {
		judge(false) // the helper will find it abandoned and free it
		return
	}
	t1 := time.Now()
	p := <-j.done
	// The hand-off saved the helper's work less the caller's wait for it;
	// it paid if that is a tenth of all the work. Else other processes
	// hold the processors, and the caller runs the next steps alone for
	// a while.
	own, saved := t1.Sub(t0), j.busy-time.Since(t1)
	judge(10*saved >= own+j.busy)
	j.steps = nil
	free.Put(j)
	if p != nil {
		panic(p)
	}
}
