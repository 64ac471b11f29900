package index_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/soudan-desk/soudan/index"
	"github.com/soudan-desk/soudan/index/embedtest"
)

func TestFakeConformance(t *testing.T) {
	t.Run("dim=64", func(t *testing.T) { embedtest.TestEmbedder(t, index.Fake{}) })
	t.Run("dim=256", func(t *testing.T) { embedtest.TestEmbedder(t, index.Fake{Dim: 256}) })
}

func TestLocalConformance(t *testing.T) {
	l, err := index.NewLocal(embedCorpus(), index.LocalOptions{})
	if err != nil {
		t.Fatal(err)
	}
	embedtest.TestEmbedder(t, l)
}

// ollamaStub is an httptest server that speaks POST /api/embed as Ollama
// does, embedding with the Fake embedder and recording the requests.
type ollamaStub struct {
	*httptest.Server
	mu       sync.Mutex
	requests []embedRequest
}

type embedRequest struct {
	Model string   `json:"model"`
	Input []string `json:"input"`
}

func newOllamaStub(t *testing.T) *ollamaStub {
	s := &ollamaStub{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.URL.Path != "/api/embed" {
			http.Error(w, `{"error":"not found"}`, http.StatusNotFound)
			return
		}
		var req embedRequest
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
			w.WriteHeader(http.StatusBadRequest)
			if err := json.NewEncoder(w).Encode(map[string]string{"error": err.Error()}); err != nil {
				t.Error(err)
			}
			return
		}
		if req.Model != "bge-m3" && req.Model != "test-model" {
			w.WriteHeader(http.StatusNotFound)
			if err := json.NewEncoder(w).Encode(map[string]string{"error": `model "` + req.Model + `" not found, try pulling it first`}); err != nil {
				t.Error(err)
			}
			return
		}
		s.mu.Lock()
		s.requests = append(s.requests, req)
		s.mu.Unlock()
		// Strip prefixes so that prefixed queries and documents embed alike.
		texts := make([]string, len(req.Input))
		for i, in := range req.Input {
			texts[i] = strings.TrimPrefix(strings.TrimPrefix(in, "query: "), "passage: ")
		}
		vecs, err := index.Fake{Dim: 32}.Embed(r.Context(), texts, index.PurposeDocument)
		if err != nil {
			w.WriteHeader(http.StatusInternalServerError)
			return
		}
		if err := json.NewEncoder(w).Encode(map[string]any{"model": req.Model, "embeddings": vecs}); err != nil {
			t.Error(err)
		}
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *ollamaStub) reqs() []embedRequest {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]embedRequest(nil), s.requests...)
}

func TestOllamaConformance(t *testing.T) {
	stub := newOllamaStub(t)
	o, err := index.NewOllama(index.OllamaOptions{BaseURL: stub.URL, BatchSize: 2})
	if err != nil {
		t.Fatal(err)
	}
	embedtest.TestEmbedder(t, o)
	if got := o.Name(); got != "ollama:bge-m3" {
		t.Errorf("Name = %q", got)
	}
}

func TestOllamaBatching(t *testing.T) {
	tests := []struct{ n, batch, requests int }{
		{0, 3, 0}, {1, 3, 1}, {3, 3, 1}, {4, 3, 2}, {7, 3, 3}, {40, 0, 2}, // default batch 32
	}
	for _, tt := range tests {
		stub := newOllamaStub(t)
		o, err := index.NewOllama(index.OllamaOptions{BaseURL: stub.URL, Model: "test-model", BatchSize: tt.batch})
		if err != nil {
			t.Fatal(err)
		}
		texts := make([]string, tt.n)
		for i := range texts {
			texts[i] = strings.Repeat("あ", i+1)
		}
		vecs, err := o.Embed(context.Background(), texts, index.PurposeDocument)
		if err != nil {
			t.Fatalf("n=%d batch=%d: %v", tt.n, tt.batch, err)
		}
		if len(vecs) != tt.n {
			t.Errorf("n=%d batch=%d: %d vectors", tt.n, tt.batch, len(vecs))
		}
		reqs := stub.reqs()
		if len(reqs) != tt.requests {
			t.Errorf("n=%d batch=%d: %d requests, want %d", tt.n, tt.batch, len(reqs), tt.requests)
		}
		var sent []string
		for _, r := range reqs {
			if r.Model != "test-model" {
				t.Errorf("request model = %q", r.Model)
			}
			sent = append(sent, r.Input...)
		}
		if strings.Join(sent, ",") != strings.Join(texts, ",") {
			t.Errorf("n=%d batch=%d: sent %q, want %q in order", tt.n, tt.batch, sent, texts)
		}
	}
}

func TestOllamaPrefixes(t *testing.T) {
	stub := newOllamaStub(t)
	o, err := index.NewOllama(index.OllamaOptions{BaseURL: stub.URL, QueryPrefix: "query: ", DocumentPrefix: "passage: "})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := o.Embed(ctx, []string{"ウイルス"}, index.PurposeQuery); err != nil {
		t.Fatal(err)
	}
	if _, err := o.Embed(ctx, []string{"感染"}, index.PurposeDocument); err != nil {
		t.Fatal(err)
	}
	reqs := stub.reqs()
	if len(reqs) != 2 || reqs[0].Input[0] != "query: ウイルス" || reqs[1].Input[0] != "passage: 感染" {
		t.Errorf("requests = %+v, want prefixed inputs", reqs)
	}
}

func TestOllamaErrors(t *testing.T) {
	stub := newOllamaStub(t)
	ctx := context.Background()

	o, _ := index.NewOllama(index.OllamaOptions{BaseURL: stub.URL, Model: "missing"})
	_, err := o.Embed(ctx, []string{"a"}, index.PurposeDocument)
	if err == nil || !strings.HasPrefix(err.Error(), "ollama: embed: ") || !strings.Contains(err.Error(), "not found") {
		t.Errorf("unknown model: err = %v", err)
	}

	bad := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := json.NewEncoder(w).Encode(map[string]any{"model": "bge-m3", "embeddings": [][]float32{{1, 0}}}); err != nil {
			t.Error(err)
		}
	}))
	defer bad.Close()
	o, _ = index.NewOllama(index.OllamaOptions{BaseURL: bad.URL})
	if _, err := o.Embed(ctx, []string{"a", "b"}, index.PurposeDocument); err == nil || !strings.Contains(err.Error(), "got 1 embeddings") {
		t.Errorf("short response: err = %v", err)
	}

	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()
	o, _ = index.NewOllama(index.OllamaOptions{BaseURL: closed.URL})
	if _, err := o.Embed(ctx, []string{"a"}, index.PurposeDocument); err == nil || !strings.HasPrefix(err.Error(), "ollama: embed: ") {
		t.Errorf("server down: err = %v", err)
	}

	for _, u := range []string{"localhost:11434", "://x", "ftp://host"} {
		if _, err := index.NewOllama(index.OllamaOptions{BaseURL: u}); err == nil {
			t.Errorf("NewOllama(%q) did not fail", u)
		}
	}
}

// TestOllamaServer runs the conformance test against a real Ollama server.
// It is skipped unless OLLAMA_URL is set; OLLAMA_MODEL names the model
// (default bge-m3).
func TestOllamaServer(t *testing.T) {
	u := os.Getenv("OLLAMA_URL")
	if u == "" {
		t.Skip("OLLAMA_URL not set")
	}
	o, err := index.NewOllama(index.OllamaOptions{BaseURL: u, Model: os.Getenv("OLLAMA_MODEL")})
	if err != nil {
		t.Fatal(err)
	}
	embedtest.TestEmbedder(t, o)
}

// TestNewOllamaBaseURL: a base URL that cannot reach an Ollama is refused
// when the embedder is made, with a message that never holds the URL's
// password (README: passwords in Ollama URLs are redacted from the logs).
func TestNewOllamaBaseURL(t *testing.T) {
	const secret = "s3cretPW"
	tests := []struct {
		url  string
		want string // "" when accepted
	}{
		{"http://localhost:11434", ""},
		{"https://u:" + secret + "@ollama.example:443/prefix", ""},
		{"http://[::1]:11434", ""},
		{"localhost:11434", "want http(s)://host[:port]"},
		{"not a url", "want http(s)://host[:port]"},
		{"ftp://u:" + secret + "@host", "want http(s)://host[:port]"},
		{"http://u:" + secret + "@", "want http(s)://host[:port]"},
		{"http://u:" + secret + " x@host:1", "base URL"},
		{"http://u:" + secret + "@host:abc", "base URL"},
		{"http://u:" + secret + "@host:99999", "port"},
		{"http://host:0", "port"},
		{"http://[::1", "base URL"},
	}
	for _, tt := range tests {
		_, err := index.NewOllama(index.OllamaOptions{BaseURL: tt.url})
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("NewOllama(%q): %v, want accepted", tt.url, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("NewOllama(%q): %v, want an error with %q", tt.url, err, tt.want)
		case err != nil && strings.Contains(err.Error(), secret):
			t.Errorf("NewOllama(%q): the error shows the password: %v", tt.url, err)
		}
	}
}

// TestOllamaBadResponses: whatever a server at the Ollama URL answers (a
// proxy's HTML page, an endless body, JSON that is not numbers), Embed
// returns an error that stays short, and reads at most MaxResponseBytes.
func TestOllamaBadResponses(t *testing.T) {
	const limit = 64 << 10
	tests := []struct {
		name  string
		serve func(w http.ResponseWriter)
		want  string
	}{
		{"endless body", func(w http.ResponseWriter) {
			_, _ = io.WriteString(w, `{"embeddings":[[`)
			chunk := strings.Repeat("0.0,", 1024)
			for range 4 * limit / len(chunk) { // bounded: four times the limit
				if _, err := io.WriteString(w, chunk); err != nil {
					return
				}
			}
		}, "larger than 64 KiB"},
		{"HTML error page", func(w http.ResponseWriter) {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(http.StatusBadGateway)
			_, _ = io.WriteString(w, "<html><body>"+strings.Repeat("Bad Gateway ", 2000)+"</body></html>")
		}, "server answered 502"},
		{"HTML with 200", func(w http.ResponseWriter) {
			_, _ = io.WriteString(w, "<html><body>login</body></html>")
		}, "invalid character"},
		{"NaN", func(w http.ResponseWriter) {
			_, _ = io.WriteString(w, `{"embeddings":[[NaN,1]]}`)
		}, "invalid character"},
		{"beyond float32", func(w http.ResponseWriter) {
			_, _ = io.WriteString(w, `{"embeddings":[[1e39,1]]}`)
		}, "float32"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				_, _ = io.Copy(io.Discard, r.Body)
				tt.serve(w)
			}))
			defer srv.Close()
			o, err := index.NewOllama(index.OllamaOptions{BaseURL: srv.URL, MaxResponseBytes: limit})
			if err != nil {
				t.Fatal(err)
			}
			_, err = o.Embed(context.Background(), []string{"a"}, index.PurposeQuery)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want one with %q", err, tt.want)
			}
			if len(err.Error()) > 400 {
				t.Errorf("a %d-byte error message: %.100s…", len(err.Error()), err)
			}
		})
	}
}
