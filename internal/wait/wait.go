// Package wait holds the one way soudan waits: for a duration, or less
// when a context ends first.
package wait

import (
	"context"
	"time"
)

// Sleep waits d or until ctx ends; it reports whether d passed. A d of
// zero or less returns at once, true unless ctx has ended.
func Sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
