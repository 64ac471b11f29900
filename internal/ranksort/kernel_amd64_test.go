//go:build amd64 && !purego

package ranksort

import "golang.org/x/sys/cpu"

// available lists the kernels that run here, and none (nil), for tests.
func available() map[string]func([]int64, int, []int64) {
	ks := map[string]func([]int64, int, []int64){"none": nil}
	if cpu.X86.HasAVX2 {
		ks["avx2"] = countBelowAVX2
	}
	if cpu.X86.HasAVX512F {
		ks["avx512"] = countBelowAVX512
	}
	return ks
}
