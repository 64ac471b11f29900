package corpus_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/soudan-desk/soudan/corpus"
)

// confineOutline is a small manual in the mind map's text export format.
const confineOutline = `Expand - Collapse
Sec01-08-3 相談対応手順書（マニュアル）
緊急
【緊急】実在する企業名で架空請求を受けた場合
身に覚えのない請求の場合は、くれぐれも相手に連絡をとったり、支払いに応じたりしない
【相談】消費者ホットラインに相談
`

// loadErrors returns Load's errors as one string per error.
func loadErrors(t *testing.T, err error) []string {
	t.Helper()
	if err == nil {
		return nil
	}
	var le corpus.LoadErrors
	if !errors.As(err, &le) {
		t.Fatalf("error %v is not LoadErrors", err)
	}
	var out []string
	for _, e := range le {
		out = append(out, e.Error())
	}
	return out
}

// wantError fails unless one of errs starts with prefix and contains
// substr.
func wantError(t *testing.T, errs []string, prefix, substr string) {
	t.Helper()
	for _, e := range errs {
		if strings.HasPrefix(e, prefix) && strings.Contains(e, substr) {
			return
		}
	}
	t.Errorf("no error %q…%q among %q", prefix, substr, errs)
}

// TestLoadDirConfined re-runs the corpus attacks of issue 11: a symlink to
// /etc/passwd, a symlink to a file outside the folder and a 50 MB file
// are each an error naming the path, and the rest of the folder loads.
func TestLoadDirConfined(t *testing.T) {
	dir, outside := t.TempDir(), t.TempDir()
	write := func(name, text string) {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("manual.txt", confineOutline)
	write("sub/more.csv", "title,answer\nパスワードを忘れた,管理者に再発行を依頼する\n")
	if err := os.WriteFile(filepath.Join(outside, "secret.csv"), []byte("title,answer\n秘密,外の情報\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	mustSymlink(t, "/etc/passwd", filepath.Join(dir, "passwd.txt"))
	mustSymlink(t, filepath.Join(outside, "secret.csv"), filepath.Join(dir, "outside.csv"))
	mustSymlink(t, outside, filepath.Join(dir, "elsewhere"))
	// A sparse 50 MB file: no disk space, but its size is 50 MB.
	big, err := os.Create(filepath.Join(dir, "big.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if err := big.Truncate(50 << 20); err != nil {
		t.Fatal(err)
	}
	big.Close()

	c, err := corpus.LoadDir(dir)
	if c == nil {
		t.Fatalf("LoadDir: %v", err)
	}
	errs := loadErrors(t, err)
	wantError(t, errs, "passwd.txt: ", "")
	wantError(t, errs, "outside.csv: ", "")
	wantError(t, errs, "big.txt: ", "10 MiB")
	titles := map[string]bool{}
	for _, e := range c.Entries {
		titles[e.Title] = true
		if strings.Contains(e.Answer, "root:") || strings.Contains(e.Answer, "外の情報") {
			t.Errorf("entry %s holds text from outside the folder: %q", e.ID, e.Answer)
		}
	}
	if !titles["パスワードを忘れた"] || len(c.Entries) < 2 {
		t.Errorf("the readable files were not all loaded: %v", titles)
	}
}

func mustSymlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
}

// TestLoadEntryTooLarge: an entry over 64 KiB is an error naming its file
// and line; the file's other entries stay.
func TestLoadEntryTooLarge(t *testing.T) {
	huge := strings.Repeat("あ", corpus.MaxEntrySize/3+10)
	fsys := fstest.MapFS{
		"cases.csv": {Data: []byte("title,answer\n小さな相談,普通の回答\n大きな相談," + huge + "\n")},
	}
	c, err := corpus.Load(fsys, "test")
	if c == nil {
		t.Fatal(err)
	}
	errs := loadErrors(t, err)
	wantError(t, errs, "cases.csv:3: ", "64 KiB")
	if len(c.Entries) != 1 || c.Entries[0].Title != "小さな相談" {
		t.Errorf("entries %d, want only the small one", len(c.Entries))
	}
	if _, ok := c.Entry(c.Entries[0].ID); !ok {
		t.Error("kept entry not indexed")
	}
}

// deniedFS fails to read some paths as a folder without permission would
// (the tests run as root, where chmod does not deny).
type deniedFS struct {
	fs.FS
	denied map[string]bool
}

func (d deniedFS) Open(name string) (fs.File, error) {
	if d.denied[name] {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission}
	}
	return d.FS.Open(name)
}

// TestLoadUnreadable: an unreadable file or subfolder is an error for that
// path, not for the whole load.
func TestLoadUnreadable(t *testing.T) {
	fsys := deniedFS{
		FS: fstest.MapFS{
			"manual.txt":        {Data: []byte(confineOutline)},
			"locked/cases.csv":  {Data: []byte("title,answer\n鍵,中身\n")},
			"secret.csv":        {Data: []byte("title,answer\n秘密,中身\n")},
			"open/faq.csv":      {Data: []byte("title,answer\nウイルスに感染した,ネットワークから切り離す\n")},
			"open/readme.md":    {Data: []byte("notes")},
			"locked/other.yaml": {Data: []byte("[]")},
		},
		denied: map[string]bool{"locked": true, "secret.csv": true},
	}
	c, err := corpus.Load(fsys, "test")
	if c == nil {
		t.Fatalf("Load: %v", err)
	}
	errs := loadErrors(t, err)
	wantError(t, errs, "locked: ", "permission denied")
	wantError(t, errs, "secret.csv: ", "permission denied")
	titles := map[string]bool{}
	for _, e := range c.Entries {
		titles[e.Title] = true
	}
	if !titles["ウイルスに感染した"] || titles["鍵"] || titles["秘密"] {
		t.Errorf("entries %v", titles)
	}
	// An unreadable top folder fails the load.
	if c, err := corpus.Load(deniedFS{FS: fstest.MapFS{}, denied: map[string]bool{".": true}}, "test"); c != nil || err == nil {
		t.Errorf("unreadable top folder: %v, %v", c, err)
	}
}
