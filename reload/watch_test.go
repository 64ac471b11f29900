package reload_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/soudan-desk/soudan/reload"
)

// TestWatch checks that a save triggers one change after the debounce,
// that editors' temp and lock files and the skipped folder do not, and
// that folders made later are watched.
func TestWatch(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "soudan-data")
	if err := os.Mkdir(data, 0o755); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	changes := make(chan struct{}, 16)
	err := reload.Watch(ctx, dir, reload.WatchOptions{
		Debounce: 50 * time.Millisecond,
		Skip:     []string{data},
		OnChange: func() { changes <- struct{}{} },
		Logger:   quiet,
	})
	if err != nil {
		t.Fatal(err)
	}
	expect := func(name string, want bool) {
		t.Helper()
		select {
		case <-changes:
			if !want {
				t.Errorf("%s: a change was reported", name)
			}
		case <-time.After(wait(want)):
			if want {
				t.Errorf("%s: no change reported", name)
			}
		}
	}
	for _, name := range []string{"~$faq.csv", ".~lock.faq.csv#", "faq.csv.swp", "faq.csv~", ".#faq.csv", "faq.tmp", "#faq.csv#", "4913", "faq.csv.swo", "faq.csv.swx", ".hidden.csv", filepath.Join("soudan-data", "soudan.db")} {
		write(t, filepath.Join(dir, name), "x")
		expect(name, false)
	}
	write(t, filepath.Join(dir, "faq.csv"), goodCSV)
	write(t, filepath.Join(dir, "faq.csv"), goodCSV+"\n") // one burst
	expect("save", true)
	expect("same burst", false)
	if err := os.Mkdir(filepath.Join(dir, "cases"), 0o755); err != nil {
		t.Fatal(err)
	}
	expect("new folder", true)
	write(t, filepath.Join(dir, "cases", "c.csv"), otherCSV)
	expect("save in the new folder", true)
}

// wait is how long to wait for a change: long when one is due (a loaded
// machine may be slow), short when none is.
func wait(want bool) time.Duration {
	if want {
		return 3 * time.Second
	}
	return 300 * time.Millisecond
}
