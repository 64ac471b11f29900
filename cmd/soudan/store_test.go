package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/soudan-desk/soudan/corpus"
	"github.com/soudan-desk/soudan/insights"
	"github.com/soudan-desk/soudan/internal/pgtest"
	"github.com/soudan-desk/soudan/store"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Run(m)) }

// testServer is serve running in-process on a free loopback port.
type testServer struct {
	base string // http://127.0.0.1:port
	addr string
	done chan error // serve's result, once
	stop func() error
}

// serveInProcess parses serve's flags (--embedder local first, then args),
// reads the corpus with read when it is not nil, and runs serve on a
// free loopback port, logging to logw. It does not wait for the port or
// the index. stop shuts serve down and returns its result; it runs (and
// its error fails the test) when the test ends, if not before.
func serveInProcess(t *testing.T, logw io.Writer, read func() (*corpus.Corpus, error), args ...string) *testServer {
	t.Helper()
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	var ef engineFlags
	ef.register(fs)
	var sf serveFlags
	sf.register(fs)
	if err := fs.Parse(append([]string{"--embedder", "local"}, args...)); err != nil {
		t.Fatal(err)
	}
	if read != nil {
		ef.read = read
	}
	logger, err := newLogger(sf.logFormat, logw)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	s := &testServer{base: "http://" + ln.Addr().String(), addr: ln.Addr().String(), done: make(chan error, 1)}
	go func() { s.done <- serve(ctx, ln, &ef, &sf, logger) }()
	var once sync.Once
	var result error
	s.stop = func() error {
		once.Do(func() {
			cancel()
			result = <-s.done
			if result != nil {
				t.Errorf("serve: %v", result)
			}
		})
		return result
	}
	t.Cleanup(func() { s.stop() })
	return s
}

// serveUntilStopped starts serve in-process on a free loopback port,
// logging to logw, and waits until it is ready; stop shuts it down and
// waits for it (at the latest when the test ends).
func serveUntilStopped(t *testing.T, logw io.Writer, args ...string) (base string, stop func()) {
	t.Helper()
	s := serveInProcess(t, logw, nil, args...)
	waitReady(t, s.base, s.done)
	return s.base, func() { s.stop() }
}

// waitReady polls /healthz until 200, for two minutes at most; done
// reports an early exit.
func waitReady(t *testing.T, base string, done <-chan error) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		resp, err := http.Get(base + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		select {
		case err := <-done:
			t.Fatalf("server stopped before ready: %v", err)
		case <-time.After(30 * time.Millisecond):
		}
	}
	t.Fatalf("%s was not ready within two minutes", base)
}

// call sends a JSON request and decodes the JSON answer into out.
func call(t *testing.T, method, url, body string, want int, out any) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != want {
		t.Fatalf("%s %s: %d %s, want %d", method, url, resp.StatusCode, data, want)
	}
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			t.Fatalf("%s %s: %v in %s", method, url, err, data)
		}
	}
}

// TestInsightsEndToEnd is the insights acceptance test: a query holding
// a name, a phone number and an e-mail address is stored masked (the
// database files hold none of them), and searches and feedback survive a
// restart.
func TestInsightsEndToEnd(t *testing.T) {
	data := t.TempDir()
	base, stop := serveUntilStopped(t, io.Discard, "--data", data)
	const query = "田中一郎さんの会社に090-1234-5678から不審な電話、連絡先はichiro.tanaka@example.co.jp"
	var sr struct {
		Results []struct{ ID string } `json:"results"`
	}
	call(t, "GET", base+"/api/search?q=不審な電話", "", 200, &sr)
	var rec struct{ ID string }
	body, _ := json.Marshal(insights.SearchEvent{Query: query, Confidence: "low", Results: []string{sr.Results[0].ID}, Event: "copy"})
	call(t, "POST", base+"/api/searches", string(body), 201, &rec)
	call(t, "POST", base+"/api/feedback", `{"search_id":"`+rec.ID+`","verdict":"helpful","entry_id":"`+sr.Results[0].ID+`"}`, 201, nil)
	stop()

	files, _ := filepath.Glob(filepath.Join(data, "*"))
	if len(files) == 0 {
		t.Fatal("no database file")
	}
	masked := false // the check below must be able to fail: the record is there
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		masked = masked || bytes.Contains(raw, []byte("〔電話番号〕から不審な電話"))
		for _, secret := range []string{"1234-5678", "12345678", "ichiro", "tanaka", "田中", "一郎"} {
			if bytes.Contains(raw, []byte(secret)) {
				t.Errorf("%s holds %q", filepath.Base(f), secret)
			}
		}
	}

	if !masked {
		t.Error("no database file holds the masked query")
	}

	base, _ = serveUntilStopped(t, io.Discard, "--data", data)
	var rep insights.Report
	call(t, "GET", base+"/api/insights", "", 200, &rep)
	if rep.Totals.Searches != 1 || rep.Totals.Helpful != 1 || len(rep.Recent) != 1 {
		t.Fatalf("after a restart: %+v", rep.Totals)
	}
	got := rep.Recent[0].Query
	for _, p := range []string{"〔氏名〕", "〔電話番号〕", "〔メール〕", "不審な電話"} {
		if !strings.Contains(got, p) {
			t.Errorf("stored query %q lacks %s", got, p)
		}
	}
	var status struct {
		Store store.Status `json:"store"`
	}
	call(t, "GET", base+"/api/status", "", 200, &status)
	if status.Store != (store.Status{Kind: "sqlite", OK: true}) {
		t.Errorf("status store: %+v", status.Store)
	}
}

// TestServeWithBrokenStore: a data file that is not a database leaves
// search working; the status and the store's routes say why.
func TestServeWithBrokenStore(t *testing.T) {
	data := t.TempDir()
	if err := os.WriteFile(filepath.Join(data, store.SQLiteFile), bytes.Repeat([]byte("garbage!"), 1000), 0o644); err != nil {
		t.Fatal(err)
	}
	base, _ := serveUntilStopped(t, io.Discard, "--data", data)
	call(t, "GET", base+"/api/search?q=架空請求", "", 200, nil)
	var status struct {
		Store store.Status `json:"store"`
	}
	call(t, "GET", base+"/api/status", "", 200, &status)
	if status.Store.OK || status.Store.Kind != "sqlite" || !strings.Contains(status.Store.Error, "not a database") {
		t.Errorf("status store: %+v", status.Store)
	}
	call(t, "POST", base+"/api/searches", `{"query":"q","event":"idle"}`, 503, nil)
}

func TestParseRetention(t *testing.T) {
	tests := []struct {
		in      string
		want    time.Duration
		problem string // in the error; "" when accepted
	}{
		{"90d", 90 * 24 * time.Hour, ""},
		{"1d", 24 * time.Hour, ""},
		{"36h", 36 * time.Hour, ""},
		{" 7d ", 7 * 24 * time.Hour, ""},
		{"36500d", 36500 * 24 * time.Hour, ""},
		{"", 0, "want days"},
		{"90", 0, "want days"},
		{"d", 0, "want days"},
		{"ninety days", 0, "want days"},
		{"-1d", 0, "at least an hour"},
		{"10m", 0, "at least an hour"},
		{"-99999999999999999999d", 0, "want days"},
		{"36501d", 0, "too large (at most 36500 days)"},
		{"106752d", 0, "too large"},
		{"200000d", 0, "too large"},
		{"99999999999d", 0, "too large"},
		{"99999999999999999999d", 0, "too large"},
		{"1000000h", 0, "too large"},
		{"9999999999999h", 0, "want days"}, // beyond time.ParseDuration
	}
	for _, tt := range tests {
		got, err := parseRetention(tt.in)
		switch {
		case tt.problem == "" && (err != nil || got != tt.want):
			t.Errorf("parseRetention(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		case tt.problem != "" && (err == nil || !strings.Contains(err.Error(), tt.problem)):
			t.Errorf("parseRetention(%q) = %v, %v; want an error about %q", tt.in, got, err, tt.problem)
		}
	}
}

func TestDataFolderOutsideCorpus(t *testing.T) {
	corpusDir := t.TempDir()
	for _, tt := range []struct {
		data string
		ok   bool
	}{
		{filepath.Join(corpusDir, "soudan-data"), false},
		{corpusDir, false},
		{filepath.Join(corpusDir, "..", filepath.Base(corpusDir)+"-data"), true},
		{t.TempDir(), true},
	} {
		f := storeFlags{data: tt.data}
		if err := f.checkOutside(corpusDir); (err == nil) != tt.ok {
			t.Errorf("data %s in corpus %s: %v", tt.data, corpusDir, err)
		}
	}
}

// TestLegacyMarksImport: a marks file of earlier versions is imported
// into the store once, and is left untouched.
func TestLegacyMarksImport(t *testing.T) {
	file := filepath.Join(t.TempDir(), "dupes-marks.json")
	content := []byte(`{"version":1,"marks":[{"a_hash":"h1","b_hash":"h2","marked_at":"2026-11-01T00:00:00Z"}]}`)
	if err := os.WriteFile(file, content, 0o644); err != nil {
		t.Fatal(err)
	}
	f := storeFlags{data: t.TempDir()}
	logger := slog.New(slog.DiscardHandler)
	g := openStore(t.Context(), &f, file, "", logger)
	if err := g.RemoveMark(t.Context(), "h1", "h2"); err != nil { // an editor unmarks it later
		t.Fatal(err)
	}
	g.Close()
	g = openStore(t.Context(), &f, file, "", logger)
	defer g.Close()
	if ms, err := g.Marks(t.Context()); err != nil || len(ms) != 0 {
		t.Errorf("after a second start: %+v, %v (the file must be imported once)", ms, err)
	}
	if after, _ := os.ReadFile(file); !bytes.Equal(after, content) {
		t.Error("the marks file was changed")
	}
}

// TestLegacyMarksImportAfterOutage starts with a store that cannot open
// (PostgreSQL down, here a corrupt file): the marks file must be imported
// once the store comes back, not only at the next start.
func TestLegacyMarksImportAfterOutage(t *testing.T) {
	old := store.RetryEvery
	store.RetryEvery = 10 * time.Millisecond
	defer func() { store.RetryEvery = old }()
	file := filepath.Join(t.TempDir(), "dupes-marks.json")
	if err := os.WriteFile(file, []byte(`{"version":1,"marks":[{"a_hash":"h1","b_hash":"h2"}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	f := storeFlags{data: t.TempDir()}
	db := filepath.Join(f.data, store.SQLiteFile)
	if err := os.WriteFile(db, bytes.Repeat([]byte("garbage!"), 1024), 0o644); err != nil {
		t.Fatal(err)
	}
	g := openStore(t.Context(), &f, file, "", slog.New(slog.DiscardHandler))
	defer g.Close()
	if g.Status().OK {
		t.Fatal("a corrupt store opened")
	}
	if err := os.Remove(db); err != nil { // the outage ends
		t.Fatal(err)
	}
	var ms []store.Mark
	for deadline := time.Now().Add(10 * time.Second); len(ms) == 0 && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		ms, _ = g.Marks(t.Context())
	}
	if len(ms) != 1 || ms[0].Key() != store.MarkKey("h1", "h2") {
		t.Errorf("marks once the store is back: %+v, want the file's mark", ms)
	}
}

// storeWithSearch writes a SQLite store holding one search of query q in
// a new folder, and returns the folder.
func storeWithSearch(t *testing.T, q string) string {
	t.Helper()
	data := t.TempDir()
	s, err := store.OpenSQLite(t.Context(), data)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.AddSearch(t.Context(), store.Search{ID: "s1", At: time.Now(), Query: q, Event: "idle"}); err != nil {
		t.Fatal(err)
	}
	return data
}

func TestStoreCommands(t *testing.T) {
	ctx := t.Context()
	data := storeWithSearch(t, "〔氏名〕さん")
	backup := filepath.Join(t.TempDir(), "backup.db")
	if err := runStore(ctx, []string{"backup", "--data", data, backup}); err != nil {
		t.Fatal(err)
	}
	restored := t.TempDir()
	raw, _ := os.ReadFile(backup)
	os.WriteFile(filepath.Join(restored, store.SQLiteFile), raw, 0o644)
	to := t.TempDir()
	if err := runStore(ctx, []string{"copy", "--from", "sqlite:" + restored, "--to", to}); err != nil {
		t.Fatal(err)
	}
	c, err := store.OpenSQLite(ctx, to)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if ss, _ := c.Searches(ctx, store.Period{}); len(ss) != 1 || ss[0].Query != "〔氏名〕さん" {
		t.Errorf("backup then copy: %+v", ss)
	}
	var ee exitError
	for _, args := range [][]string{{}, {"restore"}, {"backup"}, {"copy", "--from", data}} {
		if err := runStore(ctx, args); !errors.As(err, &ee) {
			t.Errorf("soudan store %q: %v, want a usage error", args, err)
		}
	}
}

// TestStoreCommandsRefuse: store commands refuse to overwrite the live
// database, to create a store they were to read from, and locations that
// are not a folder or a postgres:// URL, without repeating a password.
func TestStoreCommandsRefuse(t *testing.T) {
	t.Chdir(t.TempDir()) // a wrongly accepted location would be created here
	ctx := t.Context()
	data := storeWithSearch(t, "q")
	missing := filepath.Join(t.TempDir(), "typo")
	dsn := "host=127.0.0.1 port=1 password=pw123secret"
	pg := "postgres://soudan:pw123secret@127.0.0.1:1/soudan"
	tests := []struct {
		args    []string
		problem string
		env     string // SOUDAN_DB
	}{
		{args: []string{"backup", "--data", data, filepath.Join(data, store.SQLiteFile)}, problem: "onto itself"},
		// PostgreSQL, however named, is pg_dump's job
		{args: []string{"backup", "--data", pg, "b.db"}, problem: "pg_dump"},
		{args: []string{"backup", "--data", "sqlite:" + pg, "b.db"}, problem: "not a data folder"},
		{args: []string{"backup", "--db", pg, "b.db"}, problem: "pg_dump"},
		{args: []string{"backup", "b.db"}, env: pg, problem: "pg_dump"},
		{args: []string{"backup", "--data", data + "/.", filepath.Join(data, "..", filepath.Base(data), store.SQLiteFile)}, problem: "onto itself"},
		{args: []string{"backup", "--data", missing, filepath.Join(t.TempDir(), "b.db")}, problem: "no store at"},
		{args: []string{"backup", "--data", dsn, "b.db"}, problem: "key=value"},
		{args: []string{"copy", "--from", missing, "--to", t.TempDir()}, problem: "no store at"},
		{args: []string{"copy", "--from", "file:///tmp/f", "--to", t.TempDir()}, problem: "not a data folder"},
		{args: []string{"copy", "--from", data, "--to", dsn}, problem: "key=value"},
		{args: []string{"copy", "--from", data, "--to", "mysql://u:pw123secret@db/x"}, problem: "not a data folder"},
		{args: []string{"copy", "--from", data, "--to", data + "/"}, problem: "same store"},
	}
	for _, tt := range tests {
		t.Setenv("SOUDAN_DB", tt.env)
		err := runStore(ctx, tt.args)
		var ee exitError
		switch {
		case err == nil || errors.As(err, &ee):
			t.Errorf("soudan store %q: %v, want an error about %q", tt.args, err, tt.problem)
		case !strings.Contains(err.Error(), tt.problem):
			t.Errorf("soudan store %q: %v, want an error about %q", tt.args, err, tt.problem)
		case strings.Contains(err.Error(), "pw123secret"):
			t.Errorf("soudan store %q repeats the password: %v", tt.args, err)
		}
	}
	if _, err := os.Stat(missing); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the mistyped folder was created (%v)", err)
	}
	if left, _ := os.ReadDir("."); len(left) > 0 {
		t.Errorf("the commands created %v in the working folder", left)
	}
	s, err := store.OpenExistingSQLite(ctx, data)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if ss, err := s.Searches(ctx, store.Period{}); err != nil || len(ss) != 1 {
		t.Errorf("the live store after the refusals: %d searches, %v", len(ss), err)
	}
}

// TestDupesStore: dupes reads marks from an existing store only; a named
// store that is missing is an error, the default one means no marks.
func TestDupesStore(t *testing.T) {
	logger := slog.New(slog.DiscardHandler)
	missing := filepath.Join(t.TempDir(), "typo")
	sf := storeFlags{data: missing}
	if _, _, err := openDupesMarks(t.Context(), &sf, true, "", "", logger); err == nil || !strings.Contains(err.Error(), "no store at") {
		t.Errorf("a named, missing store: %v, want \"no store at …\"", err)
	}
	ms, closeStore, err := openDupesMarks(t.Context(), &sf, false, "", "", logger)
	if err != nil || ms != nil {
		t.Errorf("the default, missing store: %v, %v; want no marks and no error", ms, err)
	} else {
		closeStore()
	}
	if _, err := os.Stat(missing); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("dupes created the store's folder (%v)", err)
	}
	sf.data = t.TempDir()
	s, err := store.OpenSQLite(t.Context(), sf.data)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	ms, closeStore, err = openDupesMarks(t.Context(), &sf, true, "", "", logger)
	if err != nil || ms == nil {
		t.Fatalf("an existing store: %v, %v", ms, err)
	}
	closeStore()
}

func TestStoreFlagsCheck(t *testing.T) {
	tests := []struct {
		f  storeFlags
		ok bool
	}{
		{storeFlags{data: "soudan-data"}, true},
		{storeFlags{data: "/var/lib/soudan"}, true},
		{storeFlags{data: "x", db: "postgres://u:pw123secret@db/soudan"}, true},
		{storeFlags{data: "file:///tmp/f"}, false},
		{storeFlags{data: "host=db password=pw123secret"}, false},
		{storeFlags{db: "host=db password=pw123secret"}, false},
		{storeFlags{db: "mysql://u:pw123secret@db/x"}, false},
	}
	for _, tt := range tests {
		err := tt.f.check()
		if (err == nil) != tt.ok || err != nil && strings.Contains(err.Error(), "pw123secret") {
			t.Errorf("check(%+v) = %v, want ok %v and no password", tt.f, err, tt.ok)
		}
	}
}

// TestStoreFlagsRefuseBadURL: a --db URL that pgx cannot use at all is
// refused at start, naming why and without its password, rather than
// retried every 15 s while the server runs without a store.
func TestStoreFlagsRefuseBadURL(t *testing.T) {
	tests := []struct {
		db   string
		want string // "" when accepted
	}{
		{"postgres://soudan:pw123secret@127.0.0.1:5432/soudan", ""},
		{"postgres://soudan:pw123secret@127.0.0.1:5432/soudan?sslmode=bogus", "sslmode"},
		{"postgres://soudan:pw123secret@127.0.0.1:99999/soudan", "--db"},
		{"postgres://soudan:pw123secret@127.0.0.1/soudan?connect_timeout=soon", "connect_timeout"},
		{"mysql://soudan:pw123secret@127.0.0.1/soudan", "not a postgres:// URL"},
	}
	for _, tt := range tests {
		err := (&storeFlags{db: tt.db}).check()
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%s: %v, want accepted", tt.db, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("%s: %v, want an error about %q", tt.db, err, tt.want)
		case err != nil && strings.Contains(err.Error(), "pw123secret"):
			t.Errorf("%s: the error repeats the password: %v", tt.db, err)
		}
	}
}
