package web

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/soudan-desk/soudan/api"
)

func TestPopulateSearchPage(t *testing.T) {
	tests := []struct {
		query   string
		q       string
		checked []string
	}{
		{"", "", []string{"standard_answer", "faq", "case", "manual"}},
		{"q=%E6%9E%B6%E7%A9%BA%E8%AB%8B%E6%B1%82", "架空請求", []string{"standard_answer", "faq", "case", "manual"}},
		{"q=x&kinds=faq,case", "x", []string{"faq", "case"}},
		{"q=x&kinds=faq&kinds=manual", "x", []string{"faq", "manual"}},
		{"q=x&kinds=blog", "x", []string{"standard_answer", "faq", "case", "manual"}},
	}
	for _, tt := range tests {
		vals, _ := url.ParseQuery(tt.query)
		p := populateSearchPage(vals)
		if p.Query != tt.q {
			t.Errorf("%s: Query = %q, want %q", tt.query, p.Query, tt.q)
		}
		var got []string
		for _, k := range p.Kinds {
			if k.Label == "" {
				t.Errorf("kind %s has no label", k.Value)
			}
			if k.Checked {
				got = append(got, k.Value)
			}
		}
		if strings.Join(got, ",") != strings.Join(tt.checked, ",") {
			t.Errorf("%s: checked %v, want %v", tt.query, got, tt.checked)
		}
		if !strings.HasPrefix(p.Script, "/ui/app.js?v=") || !strings.HasPrefix(p.Style, "/ui/app.css?v=") {
			t.Errorf("asset URLs %q %q", p.Script, p.Style)
		}
	}
}

// TestRecover checks that a bug (a panic) gives a logged JSON 500 and that
// the server goes on serving.
func TestRecover(t *testing.T) {
	var logs bytes.Buffer
	s := New(Config{Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	s.router.GET("/test/panic", func(c *gin.Context) { panic("boom") })

	w := httptest.NewRecorder()
	s.ServeHTTP(w, httptest.NewRequest("GET", "/test/panic", nil))
	if w.Code != http.StatusInternalServerError {
		t.Fatalf("status %d, want 500", w.Code)
	}
	var body api.ErrorResponse
	if err := json.Unmarshal(w.Body.Bytes(), &body); err != nil || body.Error.Code != CodeInternal {
		t.Errorf("body %s (%v)", w.Body, err)
	}
	if strings.Contains(w.Body.String(), "boom") {
		t.Error("the panic value leaked to the client")
	}
	for _, want := range []string{"panic", "boom", "stack="} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("log lacks %q:\n%s", want, logs.String())
		}
	}

	w = httptest.NewRecorder()
	s.ServeHTTP(w, httptest.NewRequest("GET", "/healthz", nil))
	if w.Code != http.StatusServiceUnavailable {
		t.Errorf("after a panic: healthz status %d, want 503 (no engine)", w.Code)
	}
}

// TestRequestLog checks the request log line: method, route template and
// status, and never the path or the query string, which hold what the
// caller said (an unmatched path, an entry id, a query).
func TestRequestLog(t *testing.T) {
	tests := []struct {
		method, target string
		want           []string
	}{
		{"GET", "/api/search?q=secret-caller-words", []string{"method=GET", "route=/api/search", "status=503", "ms="}},
		{"GET", "/api/search/secret-caller-words", []string{"method=GET", "route=unmatched", "status=404"}},
		{"GET", "/api/entries/secret-caller-words", []string{"method=GET", "route=/api/entries/:id", "status=503"}},
		{"GET", "/secret-caller-words", []string{"route=unmatched", "status=404"}},
		{"SECRET-CALLER-WORDS", "/api/search", []string{"method=other", "route=/api/search", "status=405"}},
		{"DELETE", "/api/entries/secret-caller-words", []string{"method=DELETE", "route=/api/entries/:id", "status=405"}},
		{"POST", "/healthz", []string{"method=POST", "route=/healthz", "status=405"}},
	}
	for _, tt := range tests {
		var logs bytes.Buffer
		s := New(Config{Logger: slog.New(slog.NewTextHandler(&logs, nil))})
		s.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(tt.method, tt.target, nil))
		line := logs.String()
		for _, want := range tt.want {
			if !strings.Contains(line, want) {
				t.Errorf("%s %s: log lacks %q: %s", tt.method, tt.target, want, line)
			}
		}
		if strings.Contains(strings.ToLower(line), "secret-caller-words") || strings.Contains(line, "path=") {
			t.Errorf("%s %s: log holds the caller's words or a path: %s", tt.method, tt.target, line)
		}
	}
}

func TestHTTPServerTimeouts(t *testing.T) {
	hs := New(Config{SearchTimeout: 2 * time.Second}).HTTPServer("127.0.0.1:0")
	for name, d := range map[string]time.Duration{
		"ReadHeaderTimeout": hs.ReadHeaderTimeout,
		"ReadTimeout":       hs.ReadTimeout,
		"WriteTimeout":      hs.WriteTimeout,
		"IdleTimeout":       hs.IdleTimeout,
	} {
		if d <= 0 {
			t.Errorf("%s is not set", name)
		}
	}
	if hs.WriteTimeout <= 2*time.Second {
		t.Errorf("WriteTimeout %v does not leave room for the search deadline", hs.WriteTimeout)
	}
}

func TestRequestLevel(t *testing.T) {
	tests := []struct {
		route  string
		status int
		want   slog.Level
	}{
		{"/healthz", 503, slog.LevelDebug},
		{"/healthz", 200, slog.LevelDebug},
		{"/api/search", 503, slog.LevelInfo},
		{"/api/search", 200, slog.LevelInfo},
		{"/api/search", 400, slog.LevelWarn},
		{"/api/search", 500, slog.LevelError},
		{"/healthz", 405, slog.LevelWarn},
	}
	for _, tt := range tests {
		if got := requestLevel(tt.route, tt.status); got != tt.want {
			t.Errorf("requestLevel(%s, %d) = %v, want %v", tt.route, tt.status, got, tt.want)
		}
	}
}

// Health probes during start-up (503 until the index is built) log no
// warnings and nothing at the default level.
func TestQuietStartup(t *testing.T) {
	var logs bytes.Buffer
	s := New(Config{Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	for range 3 {
		w := httptest.NewRecorder()
		s.ServeHTTP(w, httptest.NewRequest("GET", "/healthz", nil))
		if w.Code != http.StatusServiceUnavailable {
			t.Fatalf("healthz before ready: %d", w.Code)
		}
	}
	if logs.Len() > 0 {
		t.Errorf("start-up probes logged:\n%s", logs.String())
	}
}
