//go:build !unix

package dupes

// lockFile is a no-op where advisory locks are unavailable; the in-process
// mutex still serialises writers of one process.
func lockFile(string) (func(), error) { return func() {}, nil }
