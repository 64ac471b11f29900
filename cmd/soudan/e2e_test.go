package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestServeEndToEnd starts the server as `soudan serve` does, on a free
// loopback port, waits for /healthz, searches over HTTP and shuts down.
func TestServeEndToEnd(t *testing.T) {
	s := serveInProcess(t, io.Discard, nil, "--marks", filepath.Join(t.TempDir(), "marks.json"), "--data", t.TempDir())
	client := &http.Client{Timeout: 30 * time.Second}
	waitHealthy(t, client, s.base, s.done)
	checkSearchOverHTTP(t, client, s.base)

	// A bad request is a JSON 4xx over the real server too.
	resp, err := client.Post(s.base+"/api/search", "application/json", strings.NewReader(`{"query":`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("malformed body: status %d, want 400", resp.StatusCode)
	}

	if s.stop() != nil {
		t.FailNow() // stop has reported serve's error
	}
	if _, err := client.Get(s.base + "/healthz"); err == nil {
		t.Error("server still answers after shutdown")
	}
}

// waitHealthy polls /healthz until it answers 200 with status ok over a
// non-empty index. The port is bound before the index is built: /healthz
// answers at once, 503 until ready, and any other status fails the test,
// as does serve returning on done first. The test's own deadline bounds
// the wait.
func waitHealthy(t *testing.T, client *http.Client, base string, done <-chan error) {
	t.Helper()
	for {
		resp, err := client.Get(base + "/healthz")
		if err != nil {
			t.Fatalf("healthz: %v", err)
		}
		var h struct {
			Status  string `json:"status"`
			Entries int    `json:"entries"`
		}
		err = json.NewDecoder(resp.Body).Decode(&h)
		resp.Body.Close()
		if err != nil {
			t.Fatalf("healthz body: %v", err)
		}
		if resp.StatusCode == http.StatusOK {
			if h.Status != "ok" || h.Entries == 0 {
				t.Fatalf("healthz = %+v", h)
			}
			return
		}
		if resp.StatusCode != http.StatusServiceUnavailable {
			t.Fatalf("healthz status %d", resp.StatusCode)
		}
		select {
		case err := <-done:
			t.Fatalf("server stopped before ready: %v", err)
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// checkSearchOverHTTP searches for a caller's words with k=5: one to five
// results, and a referral to 消費者ホットライン.
func checkSearchOverHTTP(t *testing.T, client *http.Client, base string) {
	t.Helper()
	resp, err := client.Get(base + "/api/search?k=5&q=" + url.QueryEscape("身に覚えのない請求が届いた"))
	if err != nil {
		t.Fatal(err)
	}
	var sr struct {
		Query   string `json:"query"`
		Results []struct {
			ID    string  `json:"id"`
			Title string  `json:"title"`
			Score float64 `json:"score"`
		} `json:"results"`
		Referrals []struct {
			Action string `json:"action"`
			Org    string `json:"org"`
		} `json:"referrals"`
	}
	err = json.NewDecoder(resp.Body).Decode(&sr)
	resp.Body.Close()
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("search: status %d, %v", resp.StatusCode, err)
	}
	if len(sr.Results) == 0 || len(sr.Results) > 5 {
		t.Fatalf("got %d results, want 1-5", len(sr.Results))
	}
	found := false
	for _, r := range sr.Referrals {
		found = found || strings.Contains(r.Org, "消費者ホットライン")
	}
	if !found {
		t.Errorf("referrals %+v lack 消費者ホットライン", sr.Referrals)
	}
}
