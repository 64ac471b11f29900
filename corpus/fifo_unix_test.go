//go:build unix

package corpus_test

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/soudan-desk/soudan/corpus"
)

// TestLoadDirSkipsNamedPipe: a named pipe in the corpus folder is an
// error for that file, as a device is, and never blocks the load. Opening
// a pipe to read it waits for a writer: `soudan serve` hung in its first
// build, and a reload (the watcher sees the pipe created) would hang with
// every later reload, SIGHUP and POST /api/admin/reload queued behind it.
func TestLoadDirSkipsNamedPipe(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "faq.csv"), []byte("title,answer\nパスワードを忘れた,管理者に再発行を依頼する\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"pipe.csv", "sub/pipe.txt"} {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := syscall.Mkfifo(p, 0o600); err != nil {
			t.Skipf("mkfifo: %v", err)
		}
	}
	type result struct {
		c   *corpus.Corpus
		err error
	}
	done := make(chan result, 1)
	go func() {
		c, err := corpus.LoadDir(dir)
		done <- result{c, err}
	}()
	var r result
	select {
	case r = <-done:
	case <-time.After(10 * time.Second):
		// Unblock the load so that the test process can end.
		for _, name := range []string{"pipe.csv", "sub/pipe.txt"} {
			if f, err := os.OpenFile(filepath.Join(dir, name), os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
				f.Close()
			}
		}
		t.Fatal("LoadDir blocked on a named pipe")
	}
	if r.c == nil || len(r.c.Entries) != 1 {
		t.Fatalf("LoadDir: %v", r.err)
	}
	errs := loadErrors(t, r.err)
	wantError(t, errs, "pipe.csv: ", "not a regular file")
	wantError(t, errs, "sub/pipe.txt: ", "not a regular file")
}
