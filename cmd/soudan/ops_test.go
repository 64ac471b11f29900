package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/soudan-desk/soudan/index/ollamatest"
)

// statusBody is the part of GET /api/status these tests read.
type statusBody struct {
	Embedder struct {
		Name           string
		Vectors, Total int
	}
	Degraded bool
}

func getJSON(t *testing.T, u string, v any) int {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatalf("%s: %v", u, err)
	}
	return resp.StatusCode
}

// TestServeOllamaResilient re-runs issue 11's Ollama attacks through
// `soudan serve`: an Ollama that accepts connections and never answers
// leaves the server ready on its lexical signals and degraded (with the
// duplicate finder working), and when it comes back it is used again
// without a restart. The password in the Ollama URL never reaches the log.
func TestServeOllamaResilient(t *testing.T) {
	ollama := ollamatest.New(t)
	ollama.Down.Store(true)
	withPassword := strings.Replace(ollama.URL, "http://", "http://desk:pw-Zq81x@", 1)
	var logs syncBuffer
	start := time.Now()
	base := startServe(t, &logs, "--embedder", "ollama", "--ollama-url", withPassword, "--ollama-model", "test")
	t.Logf("ready after %v with Ollama not answering (%d calls pending or failed)", time.Since(start).Round(time.Millisecond), ollama.Calls.Load())

	var st statusBody
	getJSON(t, base+"/api/status", &st)
	if !st.Degraded || st.Embedder.Name != "ollama:test" || st.Embedder.Vectors != 0 || st.Embedder.Total == 0 {
		t.Fatalf("status while Ollama hangs: %+v", st)
	}
	// "Ready" means every signal is up (contracts): the start-up line
	// says that this one is not. It is written just after the first
	// index is swapped in, so a search may be answered before it.
	waitFor(t, 10*time.Second, "the ready line", func() bool { return readyLine(logs.String()) != "" })
	if !strings.Contains(readyLine(logs.String()), "degraded=true") {
		t.Errorf("the ready line does not say degraded=true while Ollama hangs:\n%s", logs.String())
	}
	var sr struct {
		Degraded bool
		Results  []json.RawMessage
	}
	getJSON(t, base+"/api/search?q="+url.QueryEscape("ウイルスに感染した"), &sr)
	if !sr.Degraded || len(sr.Results) == 0 {
		t.Fatalf("search while Ollama hangs: degraded %v, %d results", sr.Degraded, len(sr.Results))
	}
	waitFor(t, 10*time.Second, "the duplicate finder without the meaning signal", func() bool {
		resp, err := http.Get(base + "/api/duplicates")
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == 200
	})

	ollama.Down.Store(false)
	waitFor(t, 30*time.Second, "recovery after Ollama came back", func() bool {
		getJSON(t, base+"/api/status", &st)
		return !st.Degraded && st.Embedder.Vectors == st.Embedder.Total
	})
	getJSON(t, base+"/api/search?q="+url.QueryEscape("ウイルスに感染した"), &sr)
	if sr.Degraded {
		t.Error("search still degraded after recovery")
	}
	if strings.Contains(logs.String(), "pw-Zq81x") {
		t.Errorf("the Ollama password is in the log:\n%s", logs.String())
	}
}

// TestServeJSONLogsAndMetrics: with --log-format json every log line is a
// JSON object and a searched text never appears in the log; /metrics
// parses as the Prometheus text format and counts the search by route
// template.
func TestServeJSONLogsAndMetrics(t *testing.T) {
	var logs syncBuffer
	base := startServe(t, &logs, "--log-format", "json")
	const marker = "ユニーク標識XQ7-zzmarker"
	for _, u := range []string{
		base + "/api/search?q=" + url.QueryEscape(marker),
		base + "/api/search?q=" + url.QueryEscape(marker) + "&k=abc",
		base + "/api/entries/" + url.PathEscape("nope"),
		base + "/api/entries/" + url.PathEscape(marker),
		base + "/api/search/" + url.PathEscape(marker),
		base + "/" + url.PathEscape(marker),
	} {
		resp, err := http.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	resp, err := http.Post(base+"/api/search", "application/json", strings.NewReader(`{"query":"`+marker+`"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	req, _ := http.NewRequest("ZZMARKERMETHOD", base+"/api/search", nil)
	if resp, err = http.DefaultClient.Do(req); err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()

	resp, err = http.Get(base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	parser := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := parser.TextToMetricFamilies(strings.NewReader(string(body)))
	if err != nil {
		t.Fatalf("/metrics is not Prometheus text: %v", err)
	}
	routes := map[string]bool{}
	for _, m := range fams["soudan_http_request_duration_seconds"].GetMetric() {
		for _, l := range m.GetLabel() {
			if l.GetName() == "route" {
				routes[l.GetValue()] = true
			}
		}
	}
	if !routes["/api/search"] || !routes["/api/entries/:id"] || !routes["unmatched"] || routes["/api/entries/nope"] {
		t.Errorf("route labels %v: want templates and \"unmatched\" only", routes)
	}
	for _, raw := range []string{marker, url.PathEscape(marker), "ZZMARKERMETHOD"} {
		if strings.Contains(string(body), raw) {
			t.Errorf("%q is in /metrics", raw)
		}
	}

	out := logs.String()
	for _, raw := range []string{marker, url.PathEscape(marker), "/api/entries/nope"} {
		if strings.Contains(out, raw) {
			t.Errorf("%q is in the log:\n%s", raw, out)
		}
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	for i, line := range lines {
		var v map[string]any
		if err := json.Unmarshal([]byte(line), &v); err != nil {
			t.Fatalf("log line %d is not JSON: %q", i+1, line)
		}
	}
	if len(lines) < 5 {
		t.Errorf("only %d log lines", len(lines))
	}
}

// readyLine returns the start-up log's "ready" line, "" if none.
func readyLine(log string) string {
	for line := range strings.Lines(log) {
		if strings.Contains(line, "msg=ready") {
			return line
		}
	}
	return ""
}
