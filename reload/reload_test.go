package reload_test

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/soudan-desk/soudan/corpus"
	"github.com/soudan-desk/soudan/reload"
)

var quiet = slog.New(slog.DiscardHandler)

const (
	goodCSV   = "タイトル,質問,回答\nテスト項目,ランサムウェアの危険性と対策について知りたい,バックアップを取り、ネットワークから切り離してください。\n"
	brokenCSV = "タイトル,質問,回答\n\"テスト項目,ランサム,バックアップ\n"
	otherCSV  = "タイトル,質問,回答\n別の項目,パスワードを忘れた,管理者に連絡してください。\n"
)

// fakeBuild records the corpora it builds and installs them with a
// generation counter, as `soudan serve` does with its engine.
type fakeBuild struct {
	mu      sync.Mutex
	builds  int
	serving *corpus.Corpus
	gen     atomic.Uint64
	delay   time.Duration
	fail    error
}

func (f *fakeBuild) build(ctx context.Context, c *corpus.Corpus) (func() uint64, error) {
	f.mu.Lock()
	f.builds++
	f.mu.Unlock()
	time.Sleep(f.delay)
	if f.fail != nil {
		return nil, f.fail
	}
	return func() uint64 {
		f.mu.Lock()
		defer f.mu.Unlock()
		f.serving = c
		return f.gen.Add(1)
	}, nil
}

func (f *fakeBuild) current() *corpus.Corpus {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.serving
}

// folder writes the shipped corpus into a temp folder.
func folder(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if _, err := corpus.WriteDefault(dir, false); err != nil {
		t.Fatal(err)
	}
	return dir
}

func write(t *testing.T, path, data string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func newReloader(t *testing.T, dir string, fb *fakeBuild) *reload.Reloader {
	t.Helper()
	r := reload.New(context.Background(), reload.Config{
		Load:   func() (*corpus.Corpus, error) { return corpus.LoadDir(dir) },
		Build:  fb.build,
		Logger: quiet,
	})
	if err := r.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	return r
}

func TestReloadLifecycle(t *testing.T) {
	dir := folder(t)
	fb := &fakeBuild{}
	r := newReloader(t, dir, fb)
	st := r.Status()
	if !st.OK || st.Generation != 1 || st.Entries == 0 || st.LoadedAt.IsZero() || st.Fingerprint == "" {
		t.Fatalf("after start: %+v", st)
	}
	base := st.Entries
	ctx := context.Background()

	steps := []struct {
		name     string
		file     string // written (or removed when data is "")
		data     string
		ok       bool
		gen      uint64
		entries  int
		errorHas string
	}{
		{"unchanged folder", "", "", true, 1, base, ""},
		{"new CSV", "faq.csv", goodCSV, true, 2, base + 1, ""},
		{"broken CSV", "faq.csv", brokenCSV, false, 2, base + 1, "faq.csv:2"},
		{"fixed CSV", "faq.csv", otherCSV, true, 3, base + 1, ""},
		{"fixed back to what serves", "faq.csv", otherCSV, true, 3, base + 1, ""},
		{"folder emptied", "*", "", false, 3, base + 1, "no entries"},
	}
	for _, s := range steps {
		switch {
		case s.file == "*":
			for _, n := range []string{"000_5df5db0e6087c412.txt", "faq.csv"} {
				os.Remove(filepath.Join(dir, n))
			}
		case s.file != "":
			write(t, filepath.Join(dir, s.file), s.data)
		}
		st := r.Reload(ctx)
		if st.OK != s.ok || st.Generation != s.gen || st.Entries != s.entries {
			t.Errorf("%s: ok=%v gen=%d entries=%d, want %v %d %d (errors %q)", s.name, st.OK, st.Generation, st.Entries, s.ok, s.gen, s.entries, st.Errors)
		}
		if s.errorHas != "" && !slices.ContainsFunc(st.Errors, func(e string) bool { return strings.Contains(e, s.errorHas) }) {
			t.Errorf("%s: errors %q, want one naming %q", s.name, st.Errors, s.errorHas)
		}
		if got := len(fb.current().Entries); got != st.Entries {
			t.Errorf("%s: serving %d entries, status says %d", s.name, got, st.Entries)
		}
	}
}

// TestErrorsInUnchangedFilesDoNotBlock checks that an error accepted at
// start does not refuse later reloads of other files.
func TestErrorsInUnchangedFilesDoNotBlock(t *testing.T) {
	dir := folder(t)
	write(t, filepath.Join(dir, "bad.csv"), brokenCSV)
	fb := &fakeBuild{}
	r := newReloader(t, dir, fb)
	if st := r.Status(); !st.OK || len(st.Errors) == 0 {
		t.Fatalf("start with a bad row: %+v; want served with the error listed", st)
	}
	write(t, filepath.Join(dir, "other.csv"), otherCSV)
	st := r.Reload(context.Background())
	if !st.OK || st.Generation != 2 {
		t.Fatalf("reload beside an unchanged bad file: ok=%v gen=%d errors=%q", st.OK, st.Generation, st.Errors)
	}
	if !slices.ContainsFunc(st.Errors, func(e string) bool { return strings.HasPrefix(e, "bad.csv:2:") }) {
		t.Errorf("errors %q should still list bad.csv:2", st.Errors)
	}
}

// TestNewErrorsInUnchangedFilesBlock checks that an edit of one file
// that breaks another is refused: deleting the answer line of 「目的」 from
// the manual leaves its annotation in the unchanged annotations.yaml
// without an entry.
func TestNewErrorsInUnchangedFilesBlock(t *testing.T) {
	dir := folder(t)
	fb := &fakeBuild{}
	r := newReloader(t, dir, fb)
	manual := filepath.Join(dir, "000_5df5db0e6087c412.txt")
	data, err := os.ReadFile(manual)
	if err != nil {
		t.Fatal(err)
	}
	const line = "具体的な相談対応時の回答の均質化を目指す\n"
	if !strings.Contains(string(data), line) {
		t.Fatalf("the manual has no line %q", line)
	}
	write(t, manual, strings.Replace(string(data), line, "", 1))
	st := r.Reload(context.Background())
	if st.OK || st.Generation != 1 {
		t.Fatalf("reload that orphans an annotation: ok=%v gen=%d errors=%q; want refused", st.OK, st.Generation, st.Errors)
	}
	if !slices.ContainsFunc(st.Errors, func(e string) bool { return strings.HasPrefix(e, "annotations.yaml:") }) {
		t.Errorf("errors %q should name annotations.yaml", st.Errors)
	}
}

func TestBuildFailureKeepsServing(t *testing.T) {
	dir := folder(t)
	fb := &fakeBuild{}
	r := newReloader(t, dir, fb)
	write(t, filepath.Join(dir, "faq.csv"), goodCSV)
	fb.fail = errors.New("out of memory")
	st := r.Reload(context.Background())
	if st.OK || st.Generation != 1 || !slices.ContainsFunc(st.Errors, func(e string) bool { return strings.Contains(e, "out of memory") }) {
		t.Fatalf("failed build: %+v", st)
	}
}

// TestConcurrentReloadsCoalesce checks that requests made during a reload
// share one further reload.
func TestConcurrentReloadsCoalesce(t *testing.T) {
	dir := folder(t)
	fb := &fakeBuild{}
	r := newReloader(t, dir, fb)
	fb.delay = 100 * time.Millisecond
	n := 0
	var wg sync.WaitGroup
	for i := range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			write(t, filepath.Join(dir, "faq.csv"), strings.Replace(goodCSV, "テスト項目", "テスト項目"+string(rune('A'+i)), 1))
			r.Reload(context.Background())
		}()
		n++
	}
	wg.Wait()
	fb.mu.Lock()
	builds := fb.builds - 1 // the start
	fb.mu.Unlock()
	if builds < 1 || builds > 3 {
		t.Errorf("%d concurrent reload requests ran %d builds, want 1–3", n, builds)
	}
	// Whatever the order, the last state of the folder is what serves.
	st := r.Reload(context.Background())
	want, _ := corpus.LoadDir(dir)
	if st.Fingerprint != want.Fingerprint() {
		t.Errorf("serving fingerprint %s, folder's %s", st.Fingerprint, want.Fingerprint())
	}
}

func TestStartFailsOnEmptyFolder(t *testing.T) {
	r := reload.New(context.Background(), reload.Config{
		Load:   func() (*corpus.Corpus, error) { return corpus.LoadDir(t.TempDir()) },
		Build:  (&fakeBuild{}).build,
		Logger: quiet,
	})
	if err := r.Start(context.Background()); !errors.Is(err, reload.ErrNoIndex) {
		t.Fatalf("Start on an empty folder = %v, want ErrNoIndex", err)
	}
}

func TestCompare(t *testing.T) {
	a := corpus.FromEntries("x", []*corpus.Entry{
		{ID: "a", Title: "A", Answer: "1"}, {ID: "b", Title: "B", Answer: "2"}, {ID: "c", Title: "C", Answer: "3"},
	})
	b := corpus.FromEntries("x", []*corpus.Entry{
		{ID: "a", Title: "A", Answer: "1", Source: corpus.Source{StartLine: 9}}, {ID: "b", Title: "B", Answer: "2 changed"}, {ID: "d", Title: "D", Answer: "4"},
	})
	ch := reload.Compare(a, b)
	if !slices.Equal(ch.Added, []string{"d"}) || !slices.Equal(ch.Removed, []string{"c"}) || !slices.Equal(ch.Changed, []string{"b"}) {
		t.Errorf("Compare = %+v", ch)
	}
	if ch := reload.Compare(nil, a); len(ch.Added) != 3 {
		t.Errorf("Compare(nil, a) added %d, want 3", len(ch.Added))
	}
}
