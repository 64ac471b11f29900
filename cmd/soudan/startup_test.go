package main

import (
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/soudan-desk/soudan/corpus"
)

// TestServeDegradedUntilReady holds the first build (its corpus read
// waits for the test) and checks what an operator sees meanwhile:
// /healthz 503, /api/status degraded, and soudan_degraded 1, as
// /api/status says. Once the read returns the server becomes ready and
// all three agree again.
func TestServeDegradedUntilReady(t *testing.T) {
	hold := make(chan struct{})
	released := false
	release := func() {
		if !released {
			released = true
			close(hold)
		}
	}
	defer release()
	base := startServeNotReady(t, func() (*corpus.Corpus, error) {
		<-hold
		return corpus.LoadDefault()
	})
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

// startServeNotReady runs serve in-process on a free port, reading the
// corpus with read, and returns its base URL once the port answers,
// without waiting for the index.
func startServeNotReady(t *testing.T, read func() (*corpus.Corpus, error)) string {
	t.Helper()
	s := serveInProcess(t, io.Discard, read, "--data", t.TempDir(), "--marks", filepath.Join(t.TempDir(), "marks.json"))
	waitFor(t, 30*time.Second, "the port", func() bool { return healthz(t, s.base) != 0 })
	return s.base
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
