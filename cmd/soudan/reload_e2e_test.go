package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/soudan-desk/soudan/bench"
	"github.com/soudan-desk/soudan/corpus"
	"github.com/soudan-desk/soudan/web"
)

// The editors' new FAQ file, in three states: saved, broken by an
// unclosed quote, fixed with a second entry.
const (
	savedCSV  = "タイトル,質問,回答\n量子暗号ルーターの初期化,量子暗号ルーターの設定が消えた,購入店に連絡し、設定をやり直してください。\n"
	brokenCSV = "タイトル,質問,回答\n\"量子暗号ルーターの初期化,量子暗号ルーターの設定が消えた,購入店に連絡し、設定をやり直してください。\n"
	fixedCSV  = savedCSV + "超伝導キーボードの故障,超伝導キーボードが反応しない,メーカーの窓口に相談してください。\n"
)

// served is a `soudan serve` running in the test process on a loopback
// port, over a corpus folder.
type served struct {
	base    string
	dir     string
	client  *http.Client
	started time.Duration // from serve() to the first ready /healthz
	stop    func()
}

// serveFolder writes the shipped corpus into a temp folder and serves it
// with the same code as `soudan serve --corpus DIR`.
func serveFolder(tb testing.TB) *served {
	tb.Helper()
	dir := tb.TempDir()
	if _, err := corpus.WriteDefault(dir, false); err != nil {
		tb.Fatal(err)
	}
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	var ef engineFlags
	ef.register(fs)
	var sf serveFlags
	sf.register(fs)
	if err := fs.Parse([]string{"--corpus", dir, "--marks", filepath.Join(tb.TempDir(), "marks.json"), "--data", tb.TempDir()}); err != nil {
		tb.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	s := &served{base: "http://" + ln.Addr().String(), dir: dir, client: &http.Client{Timeout: 30 * time.Second}}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	began := time.Now()
	go func() { done <- serve(ctx, ln, &ef, &sf, slog.New(slog.NewTextHandler(io.Discard, nil))) }()
	s.stop = func() {
		cancel()
		if err := <-done; err != nil {
			tb.Errorf("serve returned %v", err)
		}
	}
	waitFor(tb, 2*time.Minute, "the first index", func() bool {
		resp, err := s.client.Get(s.base + "/healthz")
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK
	})
	s.started = time.Since(began)
	return s
}

// waitFor polls cond every 20 ms until it holds; past limit the test fails.
func waitFor(tb testing.TB, limit time.Duration, what string, cond func() bool) time.Duration {
	tb.Helper()
	began := time.Now()
	for !cond() {
		if time.Since(began) > limit {
			tb.Fatalf("%s: not within %v", what, limit)
		}
		time.Sleep(20 * time.Millisecond)
	}
	return time.Since(began)
}

// finds reports whether a search for query lists an entry titled title.
func (s *served) finds(tb testing.TB, query, title string) bool {
	tb.Helper()
	resp, err := s.client.Get(s.base + "/api/search?k=5&q=" + url.QueryEscape(query))
	if err != nil {
		tb.Fatalf("search: %v", err)
	}
	defer resp.Body.Close()
	var sr struct {
		Results []struct {
			Title string `json:"title"`
		} `json:"results"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&sr); err != nil || resp.StatusCode != http.StatusOK {
		tb.Fatalf("search: status %d, %v", resp.StatusCode, err)
	}
	for _, r := range sr.Results {
		if r.Title == title {
			return true
		}
	}
	return false
}

func (s *served) status(tb testing.TB) web.StatusResponse {
	tb.Helper()
	resp, err := s.client.Get(s.base + "/api/status")
	if err != nil {
		tb.Fatalf("status: %v", err)
	}
	defer resp.Body.Close()
	var st web.StatusResponse
	if err := json.NewDecoder(resp.Body).Decode(&st); err != nil || resp.StatusCode != http.StatusOK {
		tb.Fatalf("status: %d, %v", resp.StatusCode, err)
	}
	return st
}

// save writes one file of the served folder as an editor's save does:
// a temporary file renamed over the old one.
func (s *served) save(tb testing.TB, name, data string) {
	tb.Helper()
	tmp := filepath.Join(s.dir, name+".tmp")
	if err := os.WriteFile(tmp, []byte(data), 0o644); err != nil {
		tb.Fatal(err)
	}
	if err := os.Rename(tmp, filepath.Join(s.dir, name)); err != nil {
		tb.Fatal(err)
	}
}

// load runs searches from the dev suite with a few clients until stop is
// called, and returns what they measured.
func (s *served) load(tb testing.TB, clients int) (stop func() *bench.Result) {
	tb.Helper()
	queries, err := bench.LoadQueries(filepath.Join("..", "..", "eval", "testdata", "dev.jsonl"))
	if err != nil {
		tb.Fatal(err)
	}
	target, err := bench.NewSoudan(s.base, 10)
	if err != nil {
		tb.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	out := make(chan *bench.Result, 1)
	go func() {
		res, err := bench.Run(ctx, bench.Config{Target: target, Queries: queries, Clients: clients, Duration: 10 * time.Minute})
		if err != nil {
			tb.Errorf("load: %v", err)
		}
		out <- res
	}()
	return func() *bench.Result { cancel(); return <-out }
}

var fileLineRE = regexp.MustCompile(`^faq\.csv:\d+: `)

// TestServeReloadUnderLoad is the editors' loop under a load of searches:
// a saved CSV becomes searchable without a restart, a broken save leaves
// the previous index serving with file:line errors in /api/status, fixing
// it recovers, SIGHUP reloads without ending the process, and no request
// fails meanwhile. The timings are the benchmark's
// (BenchmarkReloadUnderLoad); here they are only bounded generously.
func TestServeReloadUnderLoad(t *testing.T) {
	s := serveFolder(t)
	defer s.stop()
	stopLoad := s.load(t, 4)

	gen := s.status(t).Corpus.Generation
	s.save(t, "faq.csv", savedCSV)
	took := waitFor(t, 30*time.Second, "saved CSV searchable", func() bool { return s.finds(t, "量子暗号ルーター", "量子暗号ルーターの初期化") })
	t.Logf("saved CSV searchable after %v", took.Round(time.Millisecond))
	if st := s.status(t); st.Corpus.Generation <= gen || !st.Reload.OK {
		t.Errorf("after the save: %+v", st)
	}

	s.save(t, "faq.csv", brokenCSV)
	waitFor(t, 30*time.Second, "broken save reported", func() bool { return !s.status(t).Reload.OK })
	st := s.status(t)
	if len(st.Reload.Errors) == 0 || !fileLineRE.MatchString(st.Reload.Errors[0]) {
		t.Errorf("reload errors %q, want faq.csv:LINE: …", st.Reload.Errors)
	}
	if !s.finds(t, "量子暗号ルーター", "量子暗号ルーターの初期化") {
		t.Errorf("the previous index no longer serves the saved entry")
	}

	s.save(t, "faq.csv", fixedCSV)
	waitFor(t, 30*time.Second, "fixed CSV searchable", func() bool { return s.finds(t, "超伝導キーボード", "超伝導キーボードの故障") })
	if st := s.status(t); !st.Reload.OK || len(st.Reload.Errors) != 0 {
		t.Errorf("after the fix: %+v", st.Reload)
	}

	before := s.status(t).Reload.At
	time.Sleep(1100 * time.Millisecond) // status times have second resolution
	if err := syscall.Kill(os.Getpid(), syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 30*time.Second, "SIGHUP reload", func() bool {
		at := s.status(t).Reload.At
		return at.After(before)
	})

	res := stopLoad()
	if res.Requests == 0 || res.Errors != 0 {
		t.Errorf("load: %d requests, %d failed (%v)", res.Requests, res.Errors, res.ErrorKinds)
	}
	t.Logf("load: %d searches, 0 failed, p50 %v, p99 %v", res.Requests, res.P50, res.P99)
}

// BenchmarkReloadUnderLoad measures, while 4 clients search, the time
// from an editor's save to the saved entry being searchable (reload-ms:
// debounce, load, build and swap), the cost of a reload on its own
// (POST /api/admin/reload of a changed folder), the start cost of the
// same server (serve → /healthz 200, kagome's dictionary included) and
// the searches' latency and failures meanwhile:
//
//	go test ./cmd/soudan -run '^$' -bench ReloadUnderLoad -benchtime 5x
func BenchmarkReloadUnderLoad(b *testing.B) {
	s := serveFolder(b)
	defer s.stop()
	stopLoad := s.load(b, 4)
	var saveToSearch, reloadCost time.Duration
	for i := 0; b.Loop(); i++ {
		title := fmt.Sprintf("量子暗号ルーター%d号機の初期化", i)
		s.save(b, "faq.csv", strings.Replace(savedCSV, "量子暗号ルーターの初期化", title, 1))
		saveToSearch += waitFor(b, time.Minute, "saved CSV searchable", func() bool { return s.finds(b, "量子暗号ルーター", title) })
		s.save(b, "extra.csv", strings.Replace(otherCSV(i), "\n", "\n", 1))
		began := time.Now()
		resp, err := s.client.Post(s.base+"/api/admin/reload", "application/json", nil)
		if err != nil || resp.StatusCode != http.StatusOK {
			b.Fatalf("reload: %v %v", resp, err)
		}
		resp.Body.Close()
		reloadCost += time.Since(began)
	}
	res := stopLoad()
	n := float64(b.N)
	b.ReportMetric(float64(saveToSearch.Milliseconds())/n, "save-to-search-ms")
	b.ReportMetric(float64(reloadCost.Milliseconds())/n, "reload-ms")
	b.ReportMetric(float64(s.started.Milliseconds()), "start-ms")
	b.ReportMetric(float64(res.P99.Microseconds())/1000, "search-p99-ms")
	b.ReportMetric(float64(res.Errors), "failed-requests")
	b.ReportMetric(float64(res.Requests), "searches")
}

// otherCSV is a second file changed before each timed reload, so that the
// reload has a new corpus to build.
func otherCSV(i int) string {
	return fmt.Sprintf("タイトル,質問,回答\n別の項目%d,パスワードを忘れた,管理者に連絡してください。\n", i)
}
