//go:build !linux

package dictsnap

import "os"

// mapFile reads the size bytes of f into new memory: outside Linux the
// snapshot is read, not mapped (see the Linux version). A snapshot
// decoded in place keeps the bytes alive.
func mapFile(f *os.File, size int) (b []byte, release func(), err error) {
	return readFile(f, size)
}
