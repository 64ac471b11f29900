// Package ready holds values that become available after their consumer
// starts: `soudan serve` binds its port at once and builds the search
// engine and the duplicate finder in the background. A [Value] is empty
// ("not ready") until its first Set; every Set starts a new generation, so
// a reload that swaps in a rebuilt value is the same call as the first
// build.
package ready

import "sync/atomic"

// Value holds the current version of a T. The zero Value is empty and
// ready to use; it is safe for concurrent use.
type Value[T any] struct {
	cur atomic.Pointer[version[T]]
}

// version is one installed value and its generation, swapped as a unit so
// that readers see a value together with its own generation.
type version[T any] struct {
	v   T
	gen uint64
}

// Set installs v as the current value and returns its generation: 1 for
// the first value, one more for each later one.
func (r *Value[T]) Set(v T) uint64 {
	for {
		old := r.cur.Load()
		next := &version[T]{v: v, gen: 1}
		if old != nil {
			next.gen = old.gen + 1
		}
		if r.cur.CompareAndSwap(old, next) {
			return next.gen
		}
	}
}

// Get returns the current value and true, or the zero T and false before
// the first Set.
func (r *Value[T]) Get() (T, bool) {
	v, gen := r.Load()
	return v, gen != 0
}

// Load returns the current value with its generation; the generation is 0
// before the first Set.
func (r *Value[T]) Load() (T, uint64) {
	cur := r.cur.Load()
	if cur == nil {
		var zero T
		return zero, 0
	}
	return cur.v, cur.gen
}
