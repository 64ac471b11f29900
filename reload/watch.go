package reload

import (
	"context"
	"errors"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/soudan-desk/soudan/corpus"
)

// Debounce bounds for a [Watch]er.
const (
	// DefaultDebounce is the quiet time after the last file event before
	// a reload: a save that writes several files (or a file several
	// times) costs one reload.
	DefaultDebounce = 400 * time.Millisecond
	// MaxDelay is the longest a reload waits behind a burst of events
	// that never goes quiet.
	MaxDelay = 2 * time.Second
)

// WatchOptions configure Watch.
type WatchOptions struct {
	// Debounce is the quiet time before OnChange (DefaultDebounce).
	Debounce time.Duration
	// Skip lists folders whose events are ignored, such as a data folder
	// inside the corpus folder.
	Skip []string
	// OnChange is called, from the watcher's goroutine, once per burst
	// of relevant events.
	OnChange func()
	Logger   *slog.Logger
}

// Watch watches dir and every folder below it until ctx ends, and calls
// OnChange after each burst of changes. It ignores what a corpus load
// ignores ([corpus.IgnoredName]: hidden files, editors' temp and lock
// files) and the Skip folders. Folders created later are watched too. It
// returns once the watches are set up; the error is for a folder that
// cannot be watched at all.
func Watch(ctx context.Context, dir string, o WatchOptions) error {
	if o.Debounce <= 0 {
		o.Debounce = DefaultDebounce
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return err
	}
	wt := &watcher{w: w, o: o}
	for _, s := range o.Skip {
		if abs, err := filepath.Abs(s); err == nil {
			wt.skip = append(wt.skip, abs)
		}
	}
	root, err := filepath.Abs(dir)
	if err != nil {
		w.Close()
		return err
	}
	if err := wt.addTree(root); err != nil {
		w.Close()
		return err
	}
	go wt.run(ctx)
	return nil
}

type watcher struct {
	w    *fsnotify.Watcher
	o    WatchOptions
	skip []string
}

// addTree watches root and the folders below it.
func (wt *watcher) addTree(root string) error {
	return filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == root {
				return err
			}
			return nil // a folder that vanished or cannot be read
		}
		if !d.IsDir() {
			return nil
		}
		if p != root && wt.ignored(p) {
			return filepath.SkipDir
		}
		if err := wt.w.Add(p); err != nil && p == root {
			return err
		}
		return nil
	})
}

// ignored reports events on p that are not corpus changes.
func (wt *watcher) ignored(p string) bool {
	if corpus.IgnoredName(filepath.Base(p)) {
		return true
	}
	for _, s := range wt.skip {
		if p == s || strings.HasPrefix(p, s+string(filepath.Separator)) {
			return true
		}
	}
	return false
}

// run debounces events into OnChange calls until ctx ends.
func (wt *watcher) run(ctx context.Context) {
	defer wt.w.Close()
	var quiet, deadline <-chan time.Time
	for {
		select {
		case <-ctx.Done():
			return
		case ev, ok := <-wt.w.Events:
			if !ok {
				return
			}
			if !wt.relevant(ev) {
				continue
			}
			quiet = time.After(wt.o.Debounce)
			if deadline == nil {
				deadline = time.After(MaxDelay)
			}
		case err, ok := <-wt.w.Errors:
			if !ok {
				return
			}
			wt.o.Logger.Warn("corpus folder watcher", slog.Any("err", err))
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				quiet = time.After(wt.o.Debounce) // events were lost: reload to be sure
			}
		case <-quiet:
			quiet, deadline = nil, nil
			wt.o.OnChange()
		case <-deadline:
			quiet, deadline = nil, nil
			wt.o.OnChange()
		}
	}
}

// relevant filters an event and watches folders that appear.
func (wt *watcher) relevant(ev fsnotify.Event) bool {
	if wt.ignored(ev.Name) || ev.Op == fsnotify.Chmod {
		return false
	}
	if ev.Has(fsnotify.Create) {
		if st, err := os.Stat(ev.Name); err == nil && st.IsDir() {
			if err := wt.addTree(ev.Name); err != nil {
				wt.o.Logger.Warn("cannot watch new folder", slog.String("folder", ev.Name), slog.Any("err", err))
			}
		}
	}
	return true
}
