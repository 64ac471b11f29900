// Package ollamatest is a fake Ollama server for tests: it speaks
// /api/embed with deterministic vectors ([index.Fake]) and can be made
// slow, or made to accept requests and never answer.
package ollamatest

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/soudan-desk/soudan/index"
)

// Server is a fake Ollama. Set Down to hold every request unanswered
// until it is cleared (or the client gives up); set Delay to slow every
// answer down.
type Server struct {
	*httptest.Server
	Down  atomic.Bool
	Delay atomic.Int64 // a time.Duration
	Calls atomic.Int64
}

// New starts a fake Ollama that t closes.
func New(t testing.TB) *Server {
	s := &Server{}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	s.Calls.Add(1)
	var req struct {
		Model string   `json:"model"`
		Input []string `json:"input"`
	}
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	wait := time.Duration(s.Delay.Load())
	for s.Down.Load() || wait > 0 {
		step := 10 * time.Millisecond
		select {
		case <-r.Context().Done():
			return
		case <-time.After(step):
		}
		wait -= step
	}
	vecs, _ := index.Fake{}.Embed(r.Context(), req.Input, index.PurposeDocument)
	_ = json.NewEncoder(w).Encode(map[string]any{"model": req.Model, "embeddings": vecs})
}
