package dupes

import (
	"context"
	"errors"
	"sync/atomic"
)

// ErrNotReady is returned by a [Deferred] finder before its finder is set.
var ErrNotReady = errors.New("dupes: the duplicate finder is still being built")

// Deferred is a finder that can be handed to a server before it is built,
// as `soudan serve` binds its port first: its methods return ErrNotReady
// until Set is called. It is safe for concurrent use.
type Deferred struct {
	f atomic.Pointer[Finder]
}

// Set installs the finder.
func (d *Deferred) Set(f *Finder) { d.f.Store(f) }

func (d *Deferred) get() (*Finder, error) {
	if f := d.f.Load(); f != nil {
		return f, nil
	}
	return nil, ErrNotReady
}

// Duplicates calls [Finder.Duplicates].
func (d *Deferred) Duplicates(ctx context.Context, q Query) (*Report, error) {
	f, err := d.get()
	if err != nil {
		return nil, err
	}
	return f.Duplicates(ctx, q)
}

// Check calls [Finder.Check].
func (d *Deferred) Check(ctx context.Context, text string, k int) ([]Match, error) {
	f, err := d.get()
	if err != nil {
		return nil, err
	}
	return f.Check(ctx, text, k)
}

// Mark calls [Finder.Mark].
func (d *Deferred) Mark(ctx context.Context, a, b string) error {
	f, err := d.get()
	if err != nil {
		return err
	}
	return f.Mark(ctx, a, b)
}

// Unmark calls [Finder.Unmark].
func (d *Deferred) Unmark(ctx context.Context, a, b string) error {
	f, err := d.get()
	if err != nil {
		return err
	}
	return f.Unmark(ctx, a, b)
}
