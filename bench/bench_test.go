package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestParseQueries(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
		err      string
	}{
		{"plain list", "パスワード\n\n  ウイルス  \n", []string{"パスワード", "ウイルス"}, ""},
		{"suite", `{"id":"a","query":"請求が届いた","expect":["x"]}` + "\n\n" + `{"id":"b","query":"ウイルス"}`, []string{"請求が届いた", "ウイルス"}, ""},
		{"suite with a byte order mark", "\ufeff" + `{"id":"a","query":"請求が届いた","expect":["x"]}`, []string{"請求が届いた"}, ""},
		{"list with a byte order mark", "\ufeffパスワード\n", []string{"パスワード"}, ""},
		{"suite line without query", `{"id":"a","query":"x"}` + "\n" + `{"id":"b"}`, nil, "q.txt:2: no \"query\""},
		{"suite line with blank query", `{"query":"  "}`, nil, "q.txt:1: no \"query\""},
		{"bad JSON", `{"query":"x"}` + "\n" + `{"query":`, nil, "q.txt:2: not a JSON suite line"},
		{"invalid UTF-8", "ok\n\xff\xfe\n", nil, "q.txt:2: not valid UTF-8"},
		{"empty", "\n \n", nil, "q.txt: no queries"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseQueries(strings.NewReader(tt.in), "q.txt")
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil || !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("got %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

func TestPrefixes(t *testing.T) {
	tests := []struct {
		name      string
		in        []string
		min, step int
		want      []string
	}{
		{"every two runes from two", []string{"ランサム"}, 2, 2, []string{"ラン", "ランサム"}},
		{"odd length ends with the whole query", []string{"ウイルス感染"[:15]}, 2, 2, []string{"ウイ", "ウイルス", "ウイルス感"}},
		{"step one", []string{"abc"}, 1, 1, []string{"a", "ab", "abc"}},
		{"shared prefixes are sent once", []string{"abcd", "abxy"}, 2, 2, []string{"ab", "abcd", "abxy"}},
		{"blank prefixes are skipped", []string{"  ab"}, 1, 1, []string{"  a", "  ab"}},
		{"short query", []string{"a"}, 2, 2, []string{"a"}},
		{"zero bounds act as one", []string{"ab"}, 0, 0, []string{"a", "ab"}},
		{"invalid UTF-8 is cut by byte", []string{"a\xffb"}, 1, 1, []string{"a", "a\xff", "a\xffb"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Prefixes(tt.in, tt.min, tt.step); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestDistinct(t *testing.T) {
	if got := Distinct([]string{"b", "a", "b", "c", "a"}); !reflect.DeepEqual(got, []string{"b", "a", "c"}) {
		t.Errorf("got %q", got)
	}
}

func TestPercentile(t *testing.T) {
	var d []time.Duration
	for i := 1; i <= 100; i++ {
		d = append(d, time.Duration(i)*time.Millisecond)
	}
	tests := []struct {
		p    float64
		want time.Duration
	}{{0, time.Millisecond}, {0.5, 50 * time.Millisecond}, {0.99, 99 * time.Millisecond}, {1, 100 * time.Millisecond}}
	for _, tt := range tests {
		if got := Percentile(d, tt.p); got != tt.want {
			t.Errorf("p%v = %v, want %v", tt.p, got, tt.want)
		}
	}
	if got := Percentile(nil, 0.5); got != 0 {
		t.Errorf("empty = %v", got)
	}
}

// fakeSoudan records the queries it receives and answers 503 to any query
// holding "fail".
type fakeSoudan struct {
	mu   sync.Mutex
	seen []string
}

func (f *fakeSoudan) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var q string
	switch {
	case r.Method == http.MethodPost && r.URL.Path == "/api/search":
		if r.Header.Get("Content-Type") != "application/json" {
			http.Error(w, "content type", http.StatusUnsupportedMediaType)
			return
		}
		var body struct {
			Query string `json:"query"`
			K     int    `json:"k"`
		}
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil || body.K != 10 {
			http.Error(w, "bad body", http.StatusBadRequest)
			return
		}
		q = body.Query
	case r.Method == http.MethodGet && r.URL.Path == "/d/select":
		q = r.URL.Query().Get("query")
	default:
		http.NotFound(w, r)
		return
	}
	f.mu.Lock()
	f.seen = append(f.seen, q)
	f.mu.Unlock()
	if strings.Contains(q, "fail") {
		http.Error(w, "down", http.StatusServiceUnavailable)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write([]byte(`{"results":[]}`))
}

// queries returns what the server received so far.
func (f *fakeSoudan) queries() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.seen...)
}

func startFake(t *testing.T) (*fakeSoudan, string) {
	t.Helper()
	f := &fakeSoudan{}
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	return f, srv.URL
}

func TestRunSendsEachQueryOnce(t *testing.T) {
	f, base := startFake(t)
	target, err := NewSoudan(base, 10)
	if err != nil {
		t.Fatal(err)
	}
	qs := []string{"請求が届いた", "ウイルス & 警告", "fail now", "パスワード"}
	res, err := Run(t.Context(), Config{Target: target, Queries: qs, Clients: 3})
	if err != nil {
		t.Fatal(err)
	}
	if res.Requests != 4 || res.Errors != 1 || res.ErrorKinds["HTTP 503"] != 1 {
		t.Fatalf("requests %d errors %d kinds %v", res.Requests, res.Errors, res.ErrorKinds)
	}
	if got := f.queries(); !sameSet(got, qs) {
		t.Errorf("server saw %q, want %q", got, qs)
	}
	if res.P50 <= 0 || res.P99 < res.P50 || res.Max < res.P99 || res.Throughput <= 0 {
		t.Errorf("implausible figures %+v", res)
	}
}

func sameSet(a, b []string) bool {
	count := map[string]int{}
	for _, s := range a {
		count[s]++
	}
	for _, s := range b {
		count[s]--
	}
	for _, n := range count {
		if n != 0 {
			return false
		}
	}
	return len(a) == len(b)
}

func TestRunBounds(t *testing.T) {
	_, base := startFake(t)
	target, err := NewSoudan(base, 10)
	if err != nil {
		t.Fatal(err)
	}
	qs := []string{"a", "b"}
	res, err := Run(t.Context(), Config{Target: target, Queries: qs, Clients: 2, Requests: 7})
	if err != nil || res.Requests != 7 || res.Errors != 0 {
		t.Fatalf("requests bound: %+v, %v", res, err)
	}
	start := time.Now()
	res, err = Run(t.Context(), Config{Target: target, Queries: qs, Clients: 2, Duration: 100 * time.Millisecond})
	if err != nil || res.Requests == 0 || time.Since(start) > 5*time.Second {
		t.Fatalf("duration bound: %+v, %v after %v", res, err, time.Since(start))
	}
	res, err = Run(t.Context(), Config{Target: target, Queries: qs, Clients: 2, Requests: 3, Duration: time.Minute})
	if err != nil || res.Requests != 3 {
		t.Fatalf("first bound wins: %+v, %v", res, err)
	}
}

func TestRunStopsOnCancel(t *testing.T) {
	block := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-block:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(block)
	target, _ := NewSoudan(srv.URL, 10)
	ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
	defer cancel()
	res, err := Run(ctx, Config{Target: target, Queries: []string{"a"}, Clients: 2, Duration: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	if res.Errors != 0 {
		t.Errorf("requests cut by the cancellation were counted as errors: %v", res.ErrorKinds)
	}
}

func TestRunTimeoutAndTransportErrorsHideTheQuery(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
	}))
	defer srv.Close()
	tmpl, err := NewTemplate(srv.URL + "/d/select?query={q}")
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(t.Context(), Config{Target: tmpl, Queries: []string{"secret-words"}, Clients: 1, Timeout: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if res.ErrorKinds["timeout"] != 1 {
		t.Errorf("kinds = %v, want one timeout", res.ErrorKinds)
	}
	// A refused connection: the error kind must not carry the URL.
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()
	tmpl, _ = NewTemplate(closed.URL + "/d/select?query={q}")
	res, _ = Run(t.Context(), Config{Target: tmpl, Queries: []string{"secret-words"}, Clients: 1})
	for k := range res.ErrorKinds {
		if strings.Contains(k, "secret") {
			t.Errorf("error kind %q holds the query", k)
		}
	}
	if res.Errors != 1 {
		t.Errorf("errors = %d, want 1", res.Errors)
	}
}

func TestTemplateEscapesTheQuery(t *testing.T) {
	f, base := startFake(t)
	tmpl, err := NewTemplate(base + "/d/select?table=Entries&query={q}&limit=10")
	if err != nil {
		t.Fatal(err)
	}
	qs := []string{"a&b=c OR 請求", "100% #1"}
	res, err := Run(t.Context(), Config{Target: tmpl, Queries: qs, Clients: 1})
	if err != nil || res.Errors != 0 {
		t.Fatalf("%+v, %v", res, err)
	}
	if got := f.queries(); !reflect.DeepEqual(got, qs) {
		t.Errorf("server saw %q, want %q", got, qs)
	}
}

func TestConfigErrors(t *testing.T) {
	target, _ := NewSoudan("http://127.0.0.1:1", 10)
	tests := []struct {
		name string
		cfg  Config
	}{
		{"no target", Config{Queries: []string{"a"}, Clients: 1}},
		{"no queries", Config{Target: target, Clients: 1}},
		{"no clients", Config{Target: target, Queries: []string{"a"}}},
		{"too many clients", Config{Target: target, Queries: []string{"a"}, Clients: MaxClients + 1, Requests: 1}},
		{"negative requests", Config{Target: target, Queries: []string{"a"}, Clients: 1, Requests: -1}},
		{"negative duration", Config{Target: target, Queries: []string{"a"}, Clients: 1, Duration: -time.Second}},
	}
	for _, tt := range tests {
		if _, err := Run(t.Context(), tt.cfg); err == nil {
			t.Errorf("%s: no error", tt.name)
		}
	}
	for _, bad := range []string{"127.0.0.1:8080", "ftp://host", "http://", "http://a b"} {
		if _, err := NewSoudan(bad, 10); err == nil {
			t.Errorf("NewSoudan(%q): no error", bad)
		}
	}
	for _, bad := range []string{"http://host/select?query=x", "ftp://host/?q={q}"} {
		if _, err := NewTemplate(bad); err == nil {
			t.Errorf("NewTemplate(%q): no error", bad)
		}
	}
}

func TestCLIPrefixesJSON(t *testing.T) {
	f, base := startFake(t)
	dir := t.TempDir()
	a := filepath.Join(dir, "a.jsonl")
	b := filepath.Join(dir, "b.txt")
	os.WriteFile(a, []byte(`{"id":"1","query":"ランサム"}`+"\n"), 0o644)
	os.WriteFile(b, []byte("ランサム\nウイルス\n"), 0o644)
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	var cli CLI
	cli.RegisterFlags(fs)
	if err := fs.Parse([]string{"--url", base, "--queries", a, "--queries", b, "--prefixes", "--clients", "2", "--json"}); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := cli.Run(t.Context(), &out); err != nil {
		t.Fatal(err)
	}
	var rp Report
	if err := json.Unmarshal(out.Bytes(), &rp); err != nil {
		t.Fatalf("%v: %s", err, out.String())
	}
	want := []string{"ラン", "ランサム", "ウイ", "ウイルス"}
	if rp.Queries != 4 || rp.Requests != 4 || rp.Errors != 0 || !sameSet(f.queries(), want) {
		t.Errorf("report %+v, server saw %q", rp, f.queries())
	}
	if rp.Target != "POST "+base+"/api/search" {
		t.Errorf("target = %q", rp.Target)
	}
}

func TestCLIText(t *testing.T) {
	_, base := startFake(t)
	q := filepath.Join(t.TempDir(), "q.txt")
	os.WriteFile(q, []byte("fail\nok\n"), 0o644)
	cli := CLI{URL: base, Queries: queryFiles{q}, Clients: 1, K: 10, MinPrefix: 2, PrefixStep: 2}
	var out bytes.Buffer
	if err := cli.Run(t.Context(), &out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"requests    2 in", "1 errors", "error       1 × HTTP 503", "p50 ", "req/s"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, out.String())
		}
	}
}

func TestCLIErrors(t *testing.T) {
	q := filepath.Join(t.TempDir(), "q.txt")
	os.WriteFile(q, []byte("a\n"), 0o644)
	tests := []struct {
		name string
		cli  CLI
		want string
	}{
		{"no queries", CLI{URL: "http://127.0.0.1:1", Clients: 1, MinPrefix: 1, PrefixStep: 1}, "no queries"},
		{"missing file", CLI{URL: "http://127.0.0.1:1", Queries: queryFiles{q + ".missing"}, Clients: 1, MinPrefix: 1, PrefixStep: 1}, "no such file"},
		{"bad url", CLI{URL: "127.0.0.1:1", Queries: queryFiles{q}, Clients: 1, MinPrefix: 1, PrefixStep: 1}, "--url"},
		{"bad template", CLI{Template: "http://127.0.0.1:1/", Queries: queryFiles{q}, Clients: 1, MinPrefix: 1, PrefixStep: 1}, "--template"},
		{"bad prefix step", CLI{URL: "http://127.0.0.1:1", Queries: queryFiles{q}, Clients: 1, MinPrefix: 1}, "--prefix-step"},
		{"no clients", CLI{URL: "http://127.0.0.1:1", Queries: queryFiles{q}, MinPrefix: 1, PrefixStep: 1}, "clients"},
		{"k over the limit", CLI{URL: "http://127.0.0.1:1", Queries: queryFiles{q}, Clients: 1, K: 51, MinPrefix: 1, PrefixStep: 1}, "--k must be between 0"},
		{"every request fails", CLI{URL: "http://127.0.0.1:1", Queries: queryFiles{q}, Clients: 1, K: 10, MinPrefix: 1, PrefixStep: 1, Timeout: time.Second}, "every request failed (1 of 1)"},
	}
	for _, tt := range tests {
		err := tt.cli.Run(t.Context(), &bytes.Buffer{})
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want %q", tt.name, err, tt.want)
		}
	}
}

func FuzzParseQueries(f *testing.F) {
	f.Add("a\nb\n")
	f.Add(`{"query":"x"}` + "\n" + `{"query":"y","id":1}`)
	f.Add("{\n\xff")
	f.Fuzz(func(t *testing.T, in string) {
		qs, err := ParseQueries(strings.NewReader(in), "f")
		if err == nil && len(qs) == 0 {
			t.Fatal("no error and no queries")
		}
		for _, q := range qs {
			if strings.TrimSpace(q) == "" {
				t.Fatalf("blank query %q", q)
			}
		}
		_ = Prefixes(qs, 1, 1)
	})
}

func TestCLIList(t *testing.T) {
	q := filepath.Join(t.TempDir(), "q.txt")
	os.WriteFile(q, []byte("ランサム\nランサム\nウイルス\n"), 0o644)
	cli := CLI{URL: "http://127.0.0.1:1", Queries: queryFiles{q}, Clients: 1, Prefixes: true, MinPrefix: 2, PrefixStep: 2, List: true}
	var out bytes.Buffer
	if err := cli.Run(t.Context(), &out); err != nil {
		t.Fatal(err)
	}
	if got, want := out.String(), "ラン\nランサム\nウイ\nウイルス\n"; got != want {
		t.Errorf("--list printed %q, want %q", got, want)
	}
}

// onlyRequest hides a target's raw form, so that Run sends its requests
// through net/http, as it does for https.
type onlyRequest struct{ Target }

// TestRunNeverFollowsRedirects: bench loads only the server it is told.
// A 3xx answer (a proxy sending clients to a login page elsewhere, say)
// is counted as an error of its status, and the host it points to gets
// nothing, over its own HTTP/1.1 clients and over net/http alike.
func TestRunNeverFollowsRedirects(t *testing.T) {
	var hits int64
	var mu sync.Mutex
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		hits++
		mu.Unlock()
	}))
	defer other.Close()
	redirecting := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+"/login", http.StatusFound)
	}))
	defer redirecting.Close()
	tmpl, err := NewTemplate(redirecting.URL + "/d/select?query={q}")
	if err != nil {
		t.Fatal(err)
	}
	soudan, err := NewSoudan(redirecting.URL, 10)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		target Target
	}{
		{"template, own clients", tmpl},
		{"template, net/http", onlyRequest{tmpl}},
		{"soudan, own clients", soudan},
		{"soudan, net/http", onlyRequest{soudan}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			mu.Lock()
			hits = 0
			mu.Unlock()
			res, err := Run(t.Context(), Config{Target: tc.target, Queries: []string{"a", "b", "c"}, Clients: 2})
			if err != nil {
				t.Fatal(err)
			}
			if res.Requests != 3 || res.ErrorKinds["HTTP 302"] != 3 {
				t.Errorf("requests %d, errors %v; want 3 × HTTP 302", res.Requests, res.ErrorKinds)
			}
			mu.Lock()
			defer mu.Unlock()
			if hits != 0 {
				t.Errorf("the redirect's target got %d requests", hits)
			}
		})
	}
}

// TestConfigRejectsNegativeTimeout: a negative --timeout is a mistake, as
// a negative --duration is; zero keeps the default.
func TestConfigRejectsNegativeTimeout(t *testing.T) {
	target, _ := NewSoudan("http://127.0.0.1:1", 10)
	for _, tc := range []struct {
		timeout time.Duration
		ok      bool
	}{{-time.Second, false}, {-1, false}, {0, true}, {time.Second, true}} {
		cfg := Config{Target: target, Queries: []string{"a"}, Clients: 1, Timeout: tc.timeout}
		if err := cfg.check(); (err == nil) != tc.ok {
			t.Errorf("timeout %v: err %v, want ok %v", tc.timeout, err, tc.ok)
		}
	}
}

// TestCLIReportsWhatItMeasured: a run cut short (Ctrl-C, or a CI
// timeout's SIGTERM) says so and fails, so that a gate never passes on
// part of a run; a run with no successful request prints no latencies
// (0.00 ms would read as a fast server).
func TestCLIReportsWhatItMeasured(t *testing.T) {
	_, base := startFake(t)
	q := filepath.Join(t.TempDir(), "q.txt")
	os.WriteFile(q, []byte("ok\nok2\n"), 0o644)
	for _, tc := range []struct {
		name    string
		url     string
		cancel  bool
		wantErr string
		want    []string
		wantNot []string
	}{
		{"interrupted", base, true, "interrupted", []string{"interrupted after"}, nil},
		{"all failed", "http://127.0.0.1:1", false, "every request failed", []string{"latency     none: no request succeeded"}, []string{"p50 0.00 ms"}},
		{"complete", base, false, "", []string{"p50 "}, []string{"interrupted", "none:"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cli := CLI{URL: tc.url, Queries: queryFiles{q}, Clients: 1, K: 10, MinPrefix: 2, PrefixStep: 2, Timeout: time.Second}
			ctx := t.Context()
			if tc.cancel {
				cli.Duration = time.Minute
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, 200*time.Millisecond)
				defer cancel()
			}
			var out bytes.Buffer
			err := cli.Run(ctx, &out)
			if tc.wantErr == "" && err != nil || tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)) {
				t.Errorf("err = %v, want %q", err, tc.wantErr)
			}
			for _, w := range tc.want {
				if !strings.Contains(out.String(), w) {
					t.Errorf("report lacks %q:\n%s", w, out.String())
				}
			}
			for _, w := range tc.wantNot {
				if strings.Contains(out.String(), w) {
					t.Errorf("report has %q:\n%s", w, out.String())
				}
			}
		})
	}
}
