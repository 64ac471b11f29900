//go:build amd64 && !purego

package ranksort

import "golang.org/x/sys/cpu"

// kernel is the widest counting kernel the processor and the operating
// system support.
var kernel = pickKernel()

func pickKernel() func(keys []int64, n int, ranks []int64) {
	switch {
	case cpu.X86.HasAVX512F:
		return countBelowAVX512
	case cpu.X86.HasAVX2:
		return countBelowAVX2
	}
	return nil
}

// countBelowAVX2 sets ranks[i] to the number of keys[:n] below keys[i]
// for every i < len(keys), sixteen keys at a time; len(keys) is a
// multiple of 16, len(ranks) ≥ len(keys).
//
//go:noescape
func countBelowAVX2(keys []int64, n int, ranks []int64)

// countBelowAVX512 is countBelowAVX2 thirty-two keys at a time;
// len(keys) is a multiple of 32.
//
//go:noescape
func countBelowAVX512(keys []int64, n int, ranks []int64)
