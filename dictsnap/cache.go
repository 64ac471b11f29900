package dictsnap

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"time"
)

// dictModules are the modules a snapshot is made from: kagome's dictionary
// types and the IPA dictionary's data.
var dictModules = []string{"github.com/ikawaha/kagome-dict", "github.com/ikawaha/kagome-dict/ipa"}

// ErrNoKey means the running binary does not say which versions of the
// dictionary modules it holds (no build information, or a module replaced
// by a local folder), so no snapshot can be trusted to match them.
var ErrNoKey = errors.New("no version of kagome's dictionary modules to key a snapshot on")

// BuildKey returns the key of the running binary's dictionary: each
// dictionary module's path, version and go.sum hash, from the binary's
// build information.
func BuildKey() (string, error) {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "", ErrNoKey
	}
	return keyOf(bi.Deps)
}

// keyOf is the key of the dictionary modules among deps.
func keyOf(deps []*debug.Module) (string, error) {
	var parts []string
	for _, path := range dictModules {
		var found *debug.Module
		for _, m := range deps {
			if m.Path == path {
				found = m
			}
		}
		if found != nil && found.Replace != nil {
			found = found.Replace
		}
		if found == nil || found.Version == "" || found.Sum == "" {
			return "", fmt.Errorf("%w (%s)", ErrNoKey, path)
		}
		parts = append(parts, found.Path+" "+found.Version+" "+found.Sum)
	}
	return strings.Join(parts, "\n"), nil
}

// filePrefix and fileSuffix frame the names of snapshot files.
const (
	filePrefix = "kagome-ipa-"
	fileSuffix = ".snap"
	tempSuffix = ".tmp"
)

// Cache keeps snapshots in Dir, one file a key and format. The zero
// Cache (no Dir) keeps none.
type Cache struct {
	Dir string
}

// Path is the file of key's snapshot: its name carries the format and a
// digest of the key, so that another version's snapshot is never read.
func (c Cache) Path(key string) string {
	sum := sha256.Sum256([]byte(key))
	return filepath.Join(c.Dir, fmt.Sprintf("%sf%d-%s%s", filePrefix, Format, hex.EncodeToString(sum[:8]), fileSuffix))
}

// Load reads and decodes key's snapshot. A missing file is an error
// wrapping [os.ErrNotExist]; a bad one wraps [ErrStale] or [ErrCorrupt].
//
// Where the system allows it (Linux), the file is mapped read-only rather
// than read (see mapFile), and the snapshot's large arrays are the mapped
// bytes themselves: they stay in the page cache, shared with every other
// process that maps the file, and cost no fresh memory. The checksum and
// [Validate] run over the mapped bytes before anything is used. A mapping
// that decodes is never unmapped: the dictionary it holds lives as long
// as the process.
func (c Cache) Load(key string) (*Snapshot, error) {
	if c.Dir == "" {
		return nil, fmt.Errorf("no snapshot folder: %w", os.ErrNotExist)
	}
	f, err := os.Open(c.Path(key))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if info.Size() > maxFile {
		return nil, fmt.Errorf("%w: %d bytes", ErrCorrupt, info.Size())
	}
	b, release, err := mapFile(f, int(info.Size()))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	s, err := decode(b, key, true)
	if err != nil {
		release()
	}
	return s, err
}

// readFile reads the size bytes of f into new memory, which a snapshot
// decoded in place then keeps alive: the fallback of mapFile.
func readFile(f *os.File, size int) (b []byte, release func(), err error) {
	b = make([]byte, size)
	if _, err := io.ReadFull(f, b); err != nil {
		return nil, nil, err
	}
	return b, func() {}, nil
}

// maxFile bounds the file Load reads: the IPA dictionary's snapshot takes
// about 33 MB.
const maxFile = 512 << 20

// Save writes s as key's snapshot: to a temporary file in Dir, then
// renamed over the snapshot, so that a reader sees the old file or the
// new one, never part of one. It does not wait for the disk (fsync): a
// file torn by a crash fails its checksum and is rebuilt. It then removes other snapshot files of
// Dir (other versions or formats) and temporary files that a killed
// writer left more than a minute ago.
func (c Cache) Save(s *Snapshot, key string) (err error) {
	if c.Dir == "" {
		return errors.New("no snapshot folder")
	}
	if err := os.MkdirAll(c.Dir, 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(c.Dir, filePrefix+"*"+tempSuffix)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	w := bufio.NewWriterSize(f, 1<<20)
	if err := Encode(w, s, key); err != nil {
		return err
	}
	if err := w.Flush(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	path := c.Path(key)
	if err := os.Rename(f.Name(), path); err != nil {
		return err
	}
	c.removeOthers(path)
	return nil
}

// removeOthers deletes the snapshot files of Dir other than keep, and
// temporary files older than a minute. Failures are left alone: another
// process may be using the folder.
func (c Cache) removeOthers(keep string) {
	entries, err := os.ReadDir(c.Dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		name := e.Name()
		path := filepath.Join(c.Dir, name)
		if !strings.HasPrefix(name, filePrefix) || path == keep {
			continue
		}
		switch {
		case strings.HasSuffix(name, fileSuffix):
			os.Remove(path)
		case strings.HasSuffix(name, tempSuffix):
			if info, err := e.Info(); err == nil && time.Since(info.ModTime()) > time.Minute {
				os.Remove(path)
			}
		}
	}
}
