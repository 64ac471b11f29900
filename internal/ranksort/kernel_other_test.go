//go:build !amd64 || purego

package ranksort

// available lists the kernels that run here: none.
func available() map[string]func([]int64, int, []int64) {
	return map[string]func([]int64, int, []int64){"none": nil}
}
