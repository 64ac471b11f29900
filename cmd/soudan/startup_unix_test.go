//go:build unix

package main

import (
	"context"
	"flag"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// TestServeDegradedUntilReady holds the first build on a named pipe in the
// corpus folder (opening it blocks until the test opens its other end;
// the load then skips it, as it is not a regular file) and
// checks what an operator sees meanwhile: /healthz 503, /api/status
// degraded, and soudan_degraded 1, as /api/status says. Once the file is
// written the server becomes ready and all three agree again.
func TestServeDegradedUntilReady(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "faq.csv"), []byte("title,answer\nウイルスに感染した,ネットワークから切り離す\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(dir, "hold.csv")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	base := startServeNotReady(t, "--corpus", dir)
	released := false
	release := func() {
		if released {
			return
		}
		released = true
		f, err := os.OpenFile(fifo, os.O_WRONLY, 0)
		if err != nil {
			t.Fatal(err)
		}
		f.Close()
	}
	defer release()
	for _, want := range []struct {
		healthz  int
		degraded bool
		metric   float64
	}{{503, true, 1}, {200, false, 0}} {
		if want.healthz == 200 {
			release()
			waitFor(t, time.Minute, "ready", func() bool { return healthz(t, base) == 200 })
		}
		var st statusBody
		getJSON(t, base+"/api/status", &st)
		if got := healthz(t, base); got != want.healthz || st.Degraded != want.degraded {
			t.Errorf("healthz %d, status degraded %v; want %d, %v", got, st.Degraded, want.healthz, want.degraded)
		}
		if got := gaugeValue(t, base, "soudan_degraded"); got != want.metric {
			t.Errorf("soudan_degraded %v while healthz %d; want %v", got, want.healthz, want.metric)
		}
	}
}

// startServeNotReady runs serve in-process on a free port and returns its
// base URL once the port answers, without waiting for the index.
func startServeNotReady(t *testing.T, args ...string) string {
	t.Helper()
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	var ef engineFlags
	ef.register(fs)
	var sf serveFlags
	sf.register(fs)
	all := append([]string{"--embedder", "local", "--data", t.TempDir(), "--marks", filepath.Join(t.TempDir(), "marks.json")}, args...)
	if err := fs.Parse(all); err != nil {
		t.Fatal(err)
	}
	logger, _ := newLogger("text", io.Discard)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- serve(ctx, ln, &ef, &sf, logger) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	base := "http://" + ln.Addr().String()
	waitFor(t, 30*time.Second, "the port", func() bool { return healthz(t, base) != 0 })
	return base
}

// healthz returns the status of GET /healthz, 0 when it cannot be reached.
func healthz(t *testing.T, base string) int {
	t.Helper()
	resp, err := http.Get(base + "/healthz")
	if err != nil {
		return 0
	}
	resp.Body.Close()
	return resp.StatusCode
}

// gaugeValue scrapes /metrics and returns the value of an unlabelled gauge.
func gaugeValue(t *testing.T, base, name string) float64 {
	t.Helper()
	resp, err := http.Get(base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(strings.NewReader(string(body)))
	if err != nil {
		t.Fatal(err)
	}
	fam, ok := fams[name]
	if !ok || len(fam.GetMetric()) != 1 {
		t.Fatalf("%s: %v", name, fam)
	}
	return fam.GetMetric()[0].GetGauge().GetValue()
}
