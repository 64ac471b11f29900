package dictsnap

import (
	"fmt"
	"os"
	"syscall"
)

// mapFile maps the size bytes of f read-only and private, populated at
// once (MAP_POPULATE: the kernel maps every page of the file in one call
// instead of one fault at a time). release unmaps them: call it only
// while nothing refers to the bytes. An empty file is read instead (there
// is nothing to map).
//
// The mapping outlives f and its name: [Cache.Save] writes a new file and
// renames it over the old one, which lives on (unlinked) as long as a
// process maps it. A file truncated in place, by something other than
// soudan, would make a later read of a page past its new end fault
// (SIGBUS) and crash the process: that is accepted, as for any other file
// of the installation changed under a running process; a truncation
// before the mapping is caught by comparing the size after it.
func mapFile(f *os.File, size int) (b []byte, release func(), err error) {
	if size == 0 {
		return readFile(f, size)
	}
	b, err = syscall.Mmap(int(f.Fd()), 0, size, syscall.PROT_READ, syscall.MAP_PRIVATE|syscall.MAP_POPULATE)
	if err != nil {
		return readFile(f, size)
	}
	release = func() { syscall.Munmap(b) }
	info, err := f.Stat()
	if err == nil && info.Size() != int64(size) {
		err = fmt.Errorf("%d bytes while mapping %d", info.Size(), size)
	}
	if err != nil {
		release()
		return nil, nil, err
	}
	return b, release, nil
}
