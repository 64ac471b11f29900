//go:build !amd64 || purego

package ranksort

// kernel is nil: the functions sort with package slices.
var kernel func(keys []int64, n int, ranks []int64)
