//go:build !unix

package dupes

import "time"

// processCPU is not measured here.
func processCPU() time.Duration { return 0 }
