package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"regexp"
	"testing"
	"time"

	"github.com/soudan-desk/soudan/reload"
	"github.com/soudan-desk/soudan/web"
)

// fakeReloader answers the reload routes with a fixed outcome.
type fakeReloader struct {
	st      reload.Status
	next    reload.Status
	reloads int
}

func (f *fakeReloader) Status() reload.Status { return f.st }

func (f *fakeReloader) Reload(ctx context.Context) reload.Status {
	f.reloads++
	f.st = f.next
	return f.st
}

var at = time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)

// TestStatusBody checks the exact shape of GET /api/status.
func TestStatusBody(t *testing.T) {
	fr := &fakeReloader{st: reload.Status{Generation: 3, Entries: 134, LoadedAt: at, Fingerprint: "abc", OK: false, At: at.Add(time.Minute), Errors: []string{"faq.csv:2: bad quote"}}}
	srv := web.New(web.Config{Engine: newFakeEngine(t), Logger: quietLogger(), Reloader: fr,
		Status: web.StatusHooks{Store: func(context.Context) web.StoreStatus { return web.StoreStatus{Kind: "sqlite", OK: true} }}})
	r := do(srv, http.MethodGet, "/api/status", "", nil)
	if r.status != http.StatusOK {
		t.Fatalf("status %d: %s", r.status, r.body)
	}
	want := `{"corpus":{"generation":3,"entries":134,"loaded_at":"2026-12-03T12:00:00Z","fingerprint":"abc"},` +
		`"reload":{"ok":false,"at":"2026-12-03T12:01:00Z","errors":["faq.csv:2: bad quote"]},` +
		`"store":{"kind":"sqlite","ok":true},"embedder":{"name":"local","vectors":6,"total":6},"degraded":false}`
	if got := string(r.body); got != want {
		t.Errorf("body\n got %s\nwant %s", got, want)
	}
}

// TestStatusWithoutReloader checks the status of a server given an engine
// directly, and before it has one.
func TestStatusWithoutReloader(t *testing.T) {
	for _, tc := range []struct {
		name    string
		ready   bool
		gen     float64
		entries float64
	}{{"not ready", false, 0, 0}, {"ready", true, 1, 6}} {
		t.Run(tc.name, func(t *testing.T) {
			srv := newServer(nil)
			if tc.ready {
				srv.SetEngine(newFakeEngine(t))
			}
			r := do(srv, http.MethodGet, "/api/status", "", nil)
			var body map[string]map[string]any
			var raw map[string]json.RawMessage
			if err := json.Unmarshal(r.body, &raw); err != nil || r.status != http.StatusOK {
				t.Fatalf("status %d, %v: %s", r.status, err, r.body)
			}
			if want := fmt.Sprint(!tc.ready); string(raw["degraded"]) != want {
				t.Errorf("degraded = %s, want %s", raw["degraded"], want)
			}
			if got := fmt.Sprint(srv.Degraded()); got != string(raw["degraded"]) {
				t.Errorf("Degraded() = %s, the status says %s", got, raw["degraded"])
			}
			delete(raw, "degraded")
			b, _ := json.Marshal(raw)
			if err := json.Unmarshal(b, &body); err != nil {
				t.Fatalf("status %d, %v: %s", r.status, err, r.body)
			}
			if body["corpus"]["generation"] != tc.gen || body["corpus"]["entries"] != tc.entries {
				t.Errorf("corpus %v, want generation %v entries %v", body["corpus"], tc.gen, tc.entries)
			}
			if errs, ok := body["reload"]["errors"].([]any); !ok || len(errs) != 0 {
				t.Errorf("reload.errors = %v, want []", body["reload"]["errors"])
			}
			checkStatusTimes(t, body)
		})
	}
}

// TestStatusBeforeFirstLoad checks that a server whose first load has not
// finished gives its start as both times, as RFC 3339 strings (never
// null), with generation 0 and degraded.
func TestStatusBeforeFirstLoad(t *testing.T) {
	before := time.Now().UTC().Truncate(time.Second)
	srv := web.New(web.Config{Logger: quietLogger(), Reloader: &fakeReloader{}})
	after := time.Now().UTC()
	r := do(srv, http.MethodGet, "/api/status", "", nil)
	var body map[string]map[string]any
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(r.body, &raw); err != nil || r.status != http.StatusOK {
		t.Fatalf("status %d, %v: %s", r.status, err, r.body)
	}
	if string(raw["degraded"]) != "true" {
		t.Errorf("degraded = %s, want true", raw["degraded"])
	}
	delete(raw, "degraded")
	b, _ := json.Marshal(raw)
	if err := json.Unmarshal(b, &body); err != nil {
		t.Fatal(err)
	}
	if body["corpus"]["generation"] != 0.0 || body["reload"]["ok"] != false {
		t.Errorf("corpus %v, reload %v: want generation 0, ok false", body["corpus"], body["reload"])
	}
	for _, v := range checkStatusTimes(t, body) {
		if v.Before(before) || v.After(after) {
			t.Errorf("time %v, want the server's start (%v to %v)", v, before, after)
		}
	}
}

// checkStatusTimes checks that corpus.loaded_at and reload.at are RFC
// 3339 strings, and returns them.
func checkStatusTimes(t *testing.T, body map[string]map[string]any) []time.Time {
	t.Helper()
	var out []time.Time
	for _, f := range [][2]string{{"corpus", "loaded_at"}, {"reload", "at"}} {
		s, ok := body[f[0]][f[1]].(string)
		v, err := time.Parse(time.RFC3339, s)
		if !ok || err != nil {
			t.Errorf("%s.%s = %#v, want an RFC 3339 time", f[0], f[1], body[f[0]][f[1]])
			continue
		}
		out = append(out, v)
	}
	return out
}

// TestAdminReload checks 200 on a swapped-in reload, 422 with the status
// body when the old index still serves, and 503 without a reloader.
func TestAdminReload(t *testing.T) {
	okSt := reload.Status{Generation: 2, Entries: 5, LoadedAt: at, OK: true, At: at, Errors: []string{}}
	failSt := reload.Status{Generation: 1, Entries: 4, LoadedAt: at, OK: false, At: at, Errors: []string{"faq.csv:7: the row has 2 fields; the header has 3"}}
	for _, tc := range []struct {
		name   string
		next   reload.Status
		status int
	}{{"ok", okSt, http.StatusOK}, {"failed", failSt, http.StatusUnprocessableEntity}} {
		t.Run(tc.name, func(t *testing.T) {
			fr := &fakeReloader{next: tc.next}
			srv := web.New(web.Config{Engine: newFakeEngine(t), Logger: quietLogger(), Reloader: fr})
			r := do(srv, http.MethodPost, "/api/admin/reload", "", nil)
			if r.status != tc.status || fr.reloads != 1 {
				t.Fatalf("status %d after %d reloads, want %d after 1: %s", r.status, fr.reloads, tc.status, r.body)
			}
			var body web.StatusResponse
			if err := json.Unmarshal(r.body, &body); err != nil {
				t.Fatal(err)
			}
			if body.Reload.OK != tc.next.OK || body.Corpus.Generation != tc.next.Generation || len(body.Reload.Errors) != len(tc.next.Errors) {
				t.Errorf("body %s does not carry the reload's status", r.body)
			}
			for _, e := range body.Reload.Errors {
				if !regexp.MustCompile(`^[^:]+:\d+: `).MatchString(e) {
					t.Errorf("error %q is not file:line: message", e)
				}
			}
		})
	}
	srv := newServer(newFakeEngine(t))
	if r := do(srv, http.MethodPost, "/api/admin/reload", "", nil); r.status != http.StatusServiceUnavailable {
		t.Errorf("without a reloader: status %d, want 503", r.status)
	}
	if r := do(srv, http.MethodGet, "/api/admin/reload", "", nil); r.status != http.StatusMethodNotAllowed {
		t.Errorf("GET reload: status %d, want 405", r.status)
	}
}

// slowReloader takes its time, as a reload of a large corpus does.
type slowReloader struct {
	fakeReloader
	took time.Duration
}

func (s *slowReloader) Reload(ctx context.Context) reload.Status {
	time.Sleep(s.took)
	return s.fakeReloader.Reload(ctx)
}

// TestAdminReloadOutlastsWriteTimeout: a reload may take longer than the
// server's write timeout (a few thousand entries took 21 s on a busy
// machine, the timeout is 15 s), and the editor must still get the
// answer: the server logged 200 while curl got an empty reply.
func TestAdminReloadOutlastsWriteTimeout(t *testing.T) {
	okSt := reload.Status{Generation: 2, Entries: 5, LoadedAt: at, OK: true, At: at, Errors: []string{}}
	for _, tc := range []struct {
		name   string
		next   reload.Status
		status int
	}{{"swapped in", okSt, http.StatusOK}, {"refused", reload.Status{Generation: 1, OK: false, At: at, Errors: []string{"x"}}, http.StatusUnprocessableEntity}} {
		t.Run(tc.name, func(t *testing.T) {
			fr := &slowReloader{fakeReloader: fakeReloader{next: tc.next}, took: 600 * time.Millisecond}
			srv := web.New(web.Config{Engine: newFakeEngine(t), Logger: quietLogger(), Reloader: fr})
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			hs := srv.HTTPServer(ln.Addr().String())
			hs.WriteTimeout = 200 * time.Millisecond
			go hs.Serve(ln)
			defer hs.Close()
			client := &http.Client{Timeout: 10 * time.Second}
			resp, err := client.Post("http://"+ln.Addr().String()+"/api/admin/reload", "application/json", nil)
			if err != nil {
				t.Fatalf("no answer after a reload longer than the write timeout: %v", err)
			}
			defer resp.Body.Close()
			var body web.StatusResponse
			if err := json.NewDecoder(resp.Body).Decode(&body); err != nil || resp.StatusCode != tc.status {
				t.Fatalf("status %d, %v; want %d with the status body", resp.StatusCode, err, tc.status)
			}
			if body.Corpus.Generation != tc.next.Generation || body.Reload.OK != tc.next.OK {
				t.Errorf("body %+v, want the reload's status %+v", body, tc.next)
			}
		})
	}
}

// blockingReloader holds each reload until release is closed, and says
// when one has started.
type blockingReloader struct {
	fakeReloader
	started chan struct{}
	release chan struct{}
}

func (b *blockingReloader) Reload(ctx context.Context) reload.Status {
	close(b.started)
	<-b.release
	return b.fakeReloader.Reload(ctx)
}

// TestAdminReloadAnswersOnShutdown: on SIGTERM the server drains its
// requests, and a POST /api/admin/reload waiting for a long reload (a
// large corpus's build notices the cancellation late: 13.5 s on 4,140
// entries) must not hold the shutdown past its grace: it answers 503 at
// once and Shutdown returns.
func TestAdminReloadAnswersOnShutdown(t *testing.T) {
	fr := &blockingReloader{started: make(chan struct{}), release: make(chan struct{})}
	defer close(fr.release)
	srv := web.New(web.Config{Engine: newFakeEngine(t), Logger: quietLogger(), Reloader: fr})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hs := srv.HTTPServer(ln.Addr().String())
	go hs.Serve(ln)
	defer hs.Close()
	type answer struct {
		status int
		body   string
		err    error
	}
	answered := make(chan answer, 1)
	go func() {
		client := &http.Client{Timeout: 20 * time.Second}
		resp, err := client.Post("http://"+ln.Addr().String()+"/api/admin/reload", "application/json", nil)
		if err != nil {
			answered <- answer{err: err}
			return
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		answered <- answer{status: resp.StatusCode, body: string(b)}
	}()
	<-fr.started
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	if err := hs.Shutdown(ctx); err != nil {
		t.Errorf("Shutdown with a reload in flight: %v", err)
	}
	a := <-answered
	if a.err != nil || a.status != http.StatusServiceUnavailable || !regexp.MustCompile(`"code":"unavailable"`).MatchString(a.body) {
		t.Errorf("reload answered %d %q (%v); want 503 unavailable", a.status, a.body, a.err)
	}
}
