package main

import (
	"bytes"
	"errors"
	"flag"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// TestServeRefusesOpenLAN: listening beyond loopback without an editor
// token is refused before the port is bound, unless --insecure-no-auth.
func TestServeRefusesOpenLAN(t *testing.T) {
	t.Setenv("SOUDAN_EDITOR_TOKEN", "")
	t.Setenv("ADDR", "")
	err := runServe(t.Context(), []string{"--addr", "0.0.0.0:0"})
	if !errors.Is(err, errNoToken) {
		t.Fatalf("serve on 0.0.0.0 without a token: %v, want the refusal", err)
	}
	tests := []struct {
		args []string
		ok   bool
	}{
		{[]string{"--addr", ":8080"}, false},
		{[]string{"--addr", "192.168.0.10:8080"}, false},
		{[]string{"--addr", "127.0.0.1:8080"}, true},
		{[]string{"--addr", "localhost:0"}, true},
		{[]string{"--addr", ":8080", "--editor-token", "t"}, true},
		{[]string{"--addr", ":8080", "--insecure-no-auth"}, true},
		{[]string{"--addr", ":8080", "--editor-token", " "}, false},
		{[]string{"--addr", "127.0.0.1:8080", "--editor-token", "tok;en,x y"}, false},
		{[]string{"--addr", "127.0.0.1:8080", "--editor-token", "トークン"}, false},
		{[]string{"--addr", "127.0.0.1:8080", "--editor-token", "a1b2-C3_d4.e5~!#$%&'()*+/:<=>?@[]^`{|}"}, true},
	}
	for _, tt := range tests {
		var sf serveFlags
		fs := newTestFlagSet(&sf)
		if err := fs.Parse(tt.args); err != nil {
			t.Fatal(err)
		}
		if err := sf.checkAccess(sf.addr); (err == nil) != tt.ok {
			t.Errorf("%q: checkAccess = %v, want ok=%v", tt.args, err, tt.ok)
		}
	}
}

func newTestFlagSet(sf *serveFlags) *flag.FlagSet {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	sf.register(fs)
	return fs
}

func TestServeCacheSize(t *testing.T) {
	tests := []struct {
		env   string
		args  []string
		bytes int64
		ok    bool
	}{
		{"", nil, defaultCacheMB << 20, true},
		{"", []string{"--cache-mb", "0"}, 0, true},
		{"8", nil, 8 << 20, true},
		{"8", []string{"--cache-mb", "16"}, 16 << 20, true},
		{"lots", nil, 0, false},
		{"", []string{"--cache-mb", "-1"}, 0, false},
	}
	for _, tt := range tests {
		t.Setenv("SOUDAN_CACHE_MB", tt.env)
		var sf serveFlags
		if err := newTestFlagSet(&sf).Parse(tt.args); err != nil {
			t.Fatal(err)
		}
		err := sf.checkCache()
		if (err == nil) != tt.ok {
			t.Errorf("env %q args %q: checkCache = %v, want ok=%v", tt.env, tt.args, err, tt.ok)
		}
		if got := sf.webConfig("127.0.0.1:0", nil).CacheBytes; tt.ok && got != tt.bytes {
			t.Errorf("env %q args %q: cache %d bytes, want %d", tt.env, tt.args, got, tt.bytes)
		}
	}
}

// startServe runs serve with args on a free loopback port, logging to
// logw, and waits until /healthz answers 200. It returns the base URL; the
// server stops when the test ends.
func startServe(t *testing.T, logw io.Writer, args ...string) string {
	t.Helper()
	base, _ := serveUntilStopped(t, logw, append([]string{"--marks", filepath.Join(t.TempDir(), "marks.json"), "--data", t.TempDir()}, args...)...)
	return base
}

// TestServeSkipsHugeFile: a 50 MB file in the corpus folder is rejected
// with an error naming it, and the server is ready with everything else.
func TestServeSkipsHugeFile(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "faq.csv"), []byte("title,answer\nウイルスに感染した,ネットワークから切り離す\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	big, err := os.Create(filepath.Join(dir, "huge.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if err := big.Truncate(50 << 20); err != nil { // sparse: no disk used
		t.Fatal(err)
	}
	big.Close()
	var logs syncBuffer
	base := startServe(t, &logs, "--corpus", dir)
	resp, err := http.Get(base + "/api/search?q=" + url.QueryEscape("ウイルス"))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), "ネットワークから切り離す") {
		t.Fatalf("search: %d %s", resp.StatusCode, body)
	}
	if !strings.Contains(logs.String(), "huge.txt") {
		t.Errorf("the log does not name the rejected file:\n%s", logs.String())
	}
}

// syncBuffer is a bytes.Buffer safe for the server's concurrent logging.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
