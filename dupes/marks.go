package dupes

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/soudan-desk/soudan/store"
)

// Mark is an editor's decision that two entries are not duplicates. It is
// keyed by both entries' content hashes ([ContentHash]), so it lapses when
// either entry changes.
type Mark = store.Mark

// MarkStore is where marks are kept; [store.Store] implements it. Marks
// written by any process sharing the store must be visible to every other
// at once, and MarksVersion must change with every change of the set.
type MarkStore interface {
	AddMark(ctx context.Context, m Mark) error
	RemoveMark(ctx context.Context, aHash, bHash string) error
	Marks(ctx context.Context) ([]Mark, error)
	MarksVersion(ctx context.Context) (int64, error)
}

// Marks is the finder's view of the marks in a [MarkStore]: an in-memory
// set, for the per-pair lookups of a report, that [Marks.Refresh] brings
// up to date with one read of the store's version (and a full read only
// when it changed), so a mark given on another replica counts in the next
// report. It is safe for concurrent use.
type Marks struct {
	src MarkStore

	mu      sync.RWMutex
	set     map[string]Mark
	version int64
	loaded  bool
}

// NewMarks returns the marks kept in src; nothing is read until Refresh.
func NewMarks(src MarkStore) *Marks { return &Marks{src: src, set: map[string]Mark{}} }

// Refresh brings the set up to date and returns the store's marks version.
// When the store fails, the set keeps what was last read (nothing when it
// never was) and the error says why.
func (m *Marks) Refresh(ctx context.Context) (int64, error) {
	v, err := m.src.MarksVersion(ctx)
	if err != nil {
		return m.Version(), err
	}
	m.mu.RLock()
	fresh := m.loaded && v == m.version
	m.mu.RUnlock()
	if fresh {
		return v, nil
	}
	list, err := m.src.Marks(ctx)
	if err != nil {
		return m.Version(), err
	}
	set := make(map[string]Mark, len(list))
	for _, mk := range list {
		set[mk.Key()] = mk
	}
	m.mu.Lock()
	m.set, m.version, m.loaded = set, v, true
	m.mu.Unlock()
	return v, nil
}

// Version is the marks version of the set last read.
func (m *Marks) Version() int64 {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return m.version
}

// Has reports whether the pair of content hashes is marked in the set
// last read.
func (m *Marks) Has(a, b string) bool {
	m.mu.RLock()
	defer m.mu.RUnlock()
	_, ok := m.set[store.MarkKey(a, b)]
	return ok
}

// Add records mk in the store (MarkedAt defaults to now) and refreshes.
func (m *Marks) Add(ctx context.Context, mk Mark) error {
	if err := m.src.AddMark(ctx, mk); err != nil {
		return err
	}
	_, err := m.Refresh(ctx)
	return err
}

// Remove deletes the mark of a pair of content hashes from the store and
// refreshes. Removing an absent mark is a no-op.
func (m *Marks) Remove(ctx context.Context, a, b string) error {
	if err := m.src.RemoveMark(ctx, a, b); err != nil {
		return err
	}
	_, err := m.Refresh(ctx)
	return err
}

// marksFile is the JSON marks file of earlier versions.
type marksFile struct {
	Version int    `json:"version"`
	Marks   []Mark `json:"marks"`
}

// ReadMarksFile reads a marks file of earlier versions; a missing or
// empty file holds no marks.
func ReadMarksFile(path string) ([]Mark, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(string(data)) == "" {
		return nil, nil
	}
	var f marksFile
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("marks file %s: %w", path, err)
	}
	return f.Marks, nil
}

// MarkImporter takes marks from a file once; [store.Store] implements it.
type MarkImporter interface {
	ImportMarks(ctx context.Context, source string, marks []Mark) (bool, error)
}

// ImportMarksFile moves the marks of a marks file of earlier versions into
// st, once per file (keyed by its absolute path): it returns how many
// marks it imported, 0 when the file is missing or was imported before.
// The file itself is left as it is.
func ImportMarksFile(ctx context.Context, st MarkImporter, path string) (int, error) {
	marks, err := ReadMarksFile(path)
	if err != nil || len(marks) == 0 {
		return 0, err
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return 0, err
	}
	for i := range marks {
		if marks[i].MarkedAt.IsZero() {
			marks[i].MarkedAt = time.Now().UTC().Truncate(time.Second)
		}
	}
	ok, err := st.ImportMarks(ctx, abs, marks)
	if err != nil || !ok {
		return 0, err
	}
	return len(marks), nil
}

// markTimeout bounds the marks version check of [Finder.MarksVersion].
const markTimeout = 2 * time.Second

// MarksVersion reads the store's marks version, so that a cached report
// follows a mark given on another replica at once. When the store cannot
// be read, the result has its top bit set (so a report cached while the
// store was healthy is not served as if nothing had changed), and 0 means
// there are no marks.
func (f *Finder) MarksVersion() uint64 {
	if f.opts.Marks == nil {
		return 0
	}
	ctx, cancel := context.WithTimeout(context.Background(), markTimeout)
	defer cancel()
	v, err := f.opts.Marks.Refresh(ctx)
	if err != nil {
		return 1<<63 | uint64(v)
	}
	return uint64(v)
}
