package dupes

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"
)

// Mark is an editor's decision that two entries are not duplicates. It is
// keyed by both entries' content hashes ([ContentHash]), so it lapses when
// either entry changes. IDs and titles are kept for people reading the file.
type Mark struct {
	AHash    string    `json:"a_hash"`
	BHash    string    `json:"b_hash"`
	AID      string    `json:"a_id,omitempty"`
	BID      string    `json:"b_id,omitempty"`
	ATitle   string    `json:"a_title,omitempty"`
	BTitle   string    `json:"b_title,omitempty"`
	MarkedAt time.Time `json:"marked_at"`
}

func (m Mark) key() string { return markKey(m.AHash, m.BHash) }

func markKey(a, b string) string {
	if a > b {
		a, b = b, a
	}
	return a + ":" + b
}

type marksFile struct {
	Version int    `json:"version"`
	Marks   []Mark `json:"marks"`
}

// Marks is the editors' "not a duplicate" decisions, kept in a JSON file.
// Writes replace the file atomically (a temporary file in the same folder,
// then rename), under a mutex and, where the platform has one, an advisory
// lock on "<file>.lock", and re-read the file first so that marks written
// by another process are kept. It is safe for concurrent use.
type Marks struct {
	path string
	mu   sync.RWMutex
	set  map[string]Mark
}

// OpenMarks reads the marks file at path; a missing file is an empty set.
func OpenMarks(path string) (*Marks, error) {
	m := &Marks{path: path}
	set, err := readMarks(path)
	if err != nil {
		return nil, err
	}
	m.set = set
	return m, nil
}

// Path is the marks file.
func (m *Marks) Path() string { return m.path }

func readMarks(path string) (map[string]Mark, error) {
	set := map[string]Mark{}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return set, nil
	}
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(string(data)) == "" {
		return set, nil
	}
	var f marksFile
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("marks file %s: %w", path, err)
	}
	for _, mk := range f.Marks {
		set[mk.key()] = mk
	}
	return set, nil
}

// Has reports whether the pair of content hashes is marked.
func (m *Marks) Has(a, b string) bool {
	m.mu.RLock()
	defer m.mu.RUnlock()
	_, ok := m.set[markKey(a, b)]
	return ok
}

// List returns every mark, oldest first.
func (m *Marks) List() []Mark {
	m.mu.RLock()
	defer m.mu.RUnlock()
	out := make([]Mark, 0, len(m.set))
	for _, mk := range m.set {
		out = append(out, mk)
	}
	sortMarks(out)
	return out
}

func sortMarks(ms []Mark) {
	slices.SortFunc(ms, func(a, b Mark) int {
		if c := a.MarkedAt.Compare(b.MarkedAt); c != 0 {
			return c
		}
		return strings.Compare(a.key(), b.key())
	})
}

// Add records mk (MarkedAt defaults to now) and saves the file.
func (m *Marks) Add(mk Mark) error {
	if mk.MarkedAt.IsZero() {
		mk.MarkedAt = time.Now().UTC().Truncate(time.Second)
	}
	return m.update(func(set map[string]Mark) { set[mk.key()] = mk })
}

// Remove deletes the mark of a pair of content hashes and saves the file.
// Removing an absent mark is a no-op.
func (m *Marks) Remove(a, b string) error {
	return m.update(func(set map[string]Mark) { delete(set, markKey(a, b)) })
}

func (m *Marks) update(fn func(map[string]Mark)) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := os.MkdirAll(filepath.Dir(m.path), 0o755); err != nil {
		return err
	}
	unlock, err := lockFile(m.path + ".lock")
	if err != nil {
		return fmt.Errorf("locking marks file: %w", err)
	}
	defer unlock()
	set, err := readMarks(m.path)
	if err != nil {
		return err
	}
	fn(set)
	list := make([]Mark, 0, len(set))
	for _, mk := range set {
		list = append(list, mk)
	}
	sortMarks(list)
	data, err := json.MarshalIndent(marksFile{Version: 1, Marks: list}, "", "  ")
	if err != nil {
		return err
	}
	if err := writeAtomic(m.path, append(data, '\n')); err != nil {
		return err
	}
	m.set = set
	return nil
}

// writeAtomic writes data to a temporary file beside path and renames it
// over path, so readers see the old or the new file, never a torn one.
func writeAtomic(path string, data []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	name := tmp.Name()
	defer os.Remove(name) // a no-op after the rename
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(name, 0o644); err != nil {
		return err
	}
	return os.Rename(name, path)
}
