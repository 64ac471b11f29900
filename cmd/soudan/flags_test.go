package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
)

// helpOf runs a command with -h and returns what it printed on stderr.
func helpOf(t *testing.T, name string) string {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	saved := os.Stderr
	os.Stderr = w
	runErr := commands[name].run(context.Background(), []string{"-h"})
	os.Stderr = saved
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	out, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	if !errors.Is(runErr, flag.ErrHelp) {
		t.Fatalf("%s -h: error %v, want flag.ErrHelp", name, runErr)
	}
	return string(out)
}

// soudan store -h shows its actions, not an "unknown action" error.
func TestStoreHelp(t *testing.T) {
	help := helpOf(t, "store")
	if strings.Contains(help, "unknown action") || !strings.Contains(help, "soudan store backup") || !strings.Contains(help, "soudan store copy") {
		t.Errorf("store -h printed %q", help)
	}
}

// Each subcommand lists only the flags it uses.
func TestSubcommandFlags(t *testing.T) {
	ranking := []string{"-signals", "-rrf-k", "-synonym-weight", "-no-annotations", "-no-section-context", "-no-priors", "-collapse", "-prf"}
	embedder := []string{"-embedder", "-ollama-url", "-ollama-model", "-ollama-query-prefix", "-ollama-document-prefix"}
	tests := []struct {
		cmd       string
		want, not []string
	}{
		{"corpus", []string{"-corpus", "-check", "-json"}, append(append([]string{}, ranking...), embedder...)},
		{"dupes", append([]string{"-corpus", "-threshold"}, embedder...), ranking},
		{"search", append(append([]string{"-corpus", "-k"}, embedder...), ranking...), nil},
		{"eval", append(append([]string{"-corpus", "-suite"}, embedder...), ranking...), nil},
	}
	for _, tt := range tests {
		t.Run(tt.cmd, func(t *testing.T) {
			help := helpOf(t, tt.cmd)
			for _, f := range tt.want {
				if !strings.Contains(help, "  "+f+" ") && !strings.Contains(help, "  "+f+"\n") {
					t.Errorf("soudan %s -h lacks %s", tt.cmd, f)
				}
			}
			for _, f := range tt.not {
				if strings.Contains(help, "  "+f+" ") || strings.Contains(help, "  "+f+"\n") {
					t.Errorf("soudan %s -h lists %s, which it does not use", tt.cmd, f)
				}
			}
		})
	}
}

// The duplicate finder embeds with the same Ollama prefixes as the engine.
func TestDupesEmbedOllamaPrefixes(t *testing.T) {
	var mu sync.Mutex
	var inputs []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			Input []string `json:"input"`
		}
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		mu.Lock()
		inputs = append(inputs, req.Input...)
		mu.Unlock()
		vecs := make([][]float32, len(req.Input))
		for i := range vecs {
			vecs[i] = []float32{1, float32(i)}
		}
		if err := json.NewEncoder(w).Encode(map[string]any{"embeddings": vecs}); err != nil {
			t.Error(err)
		}
	}))
	defer srv.Close()
	ef := engineFlags{embedder: "ollama", ollamaURL: srv.URL, ollamaModel: "m", ollamaQP: "query: ", ollamaDP: "passage: "}
	embed, name, err := dupesEmbed(&ef)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(name, "m") {
		t.Errorf("embedder name %q does not name the model", name)
	}
	if _, err := embed(context.Background(), []string{"感染"}); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(inputs) != 1 || inputs[0] != "passage: 感染" {
		t.Errorf("Ollama got %q, want the document prefix", inputs)
	}
}

// TestRankingFlagRanges: a ranking flag out of its range is refused with
// its name, rather than replaced by the engine's default or read as is.
func TestRankingFlagRanges(t *testing.T) {
	tests := []struct {
		args []string
		want string // "" when accepted
	}{
		{nil, ""},
		{[]string{"--rrf-k", "60", "--near-equal", "0", "--card-fallback", "0.9", "--collapse", "0", "--prf", "5", "--synonym-weight", "0"}, ""},
		{[]string{"--rrf-k", "0"}, "--rrf-k must be more than 0"},
		{[]string{"--rrf-k", "-20"}, "--rrf-k must be more than 0"},
		{[]string{"--synonym-weight", "-1"}, "--synonym-weight must be at least 0"},
		{[]string{"--action-weight", "NaN"}, "--action-weight must be between 0 and 1"},
		{[]string{"--reading-words", "-0.5"}, "--reading-words must be at least 0"},
		{[]string{"--collapse", "2"}, "--collapse must be between 0 and 1"},
		{[]string{"--near-equal", "-1"}, "--near-equal must be between 0 and 1"},
		{[]string{"--card-fallback", "1.5"}, "--card-fallback must be between 0 and 1"},
		{[]string{"--prf", "-3"}, "--prf must be between 0 and 50"},
	}
	for _, tt := range tests {
		var f engineFlags
		fs := flag.NewFlagSet("search", flag.ContinueOnError)
		f.registerRanking(fs)
		if err := fs.Parse(tt.args); err != nil {
			t.Fatal(err)
		}
		err := f.checkRanges()
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%q: %v, want accepted", tt.args, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("%q: %v, want %q", tt.args, err, tt.want)
		}
	}
}

// TestCorpusRefusesIgnoredArguments: soudan corpus names what it would
// otherwise ignore: a folder without --corpus, two output modes,
// --strict without --check.
func TestCorpusRefusesIgnoredArguments(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"extra"}, "unexpected arguments"},
		{[]string{"--check", "extra"}, "unexpected arguments"},
		{[]string{"--json", "--mm"}, "give one of --json, --mm and --check"},
		{[]string{"--check", "--json"}, "give one of --json, --mm and --check"},
		{[]string{"--strict"}, "--strict goes with --check"},
	} {
		err := commands["corpus"].run(context.Background(), tt.args)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("corpus %q: %v, want %q", tt.args, err, tt.want)
		}
	}
}

// TestSearchRefusesKOutOfRange: -k 0 is refused by name (it used to mean
// the default of 10), before the engine is opened.
func TestSearchRefusesKOutOfRange(t *testing.T) {
	for _, k := range []string{"0", "-1", "51"} {
		err := commands["search"].run(context.Background(), []string{"-k", k, "ransomware"})
		if err == nil || !strings.Contains(err.Error(), "-k must be between 1 and 50") {
			t.Errorf("search -k %s: %v, want a range error", k, err)
		}
	}
}

// TestOllamaFlags: with --embedder ollama, an Ollama URL or model that
// cannot work is refused at start with the flag's name, rather than
// replaced by the default (an empty value) or found out at the first
// request; the error never shows the URL's password.
func TestOllamaFlags(t *testing.T) {
	t.Setenv("OLLAMA_URL", "")
	t.Setenv("OLLAMA_MODEL", "")
	const secret = "pw-Zq81x"
	tests := []struct {
		args []string
		want string // "" when accepted
	}{
		{nil, ""},
		{[]string{"--ollama-url", "http://u:" + secret + "@127.0.0.1:11434", "--ollama-model", "nomic-embed-text:v1.5"}, ""},
		{[]string{"--ollama-model", "hf.co/org/model:Q4_K_M"}, ""},
		{[]string{"--ollama-url", ""}, "--ollama-url is empty"},
		{[]string{"--ollama-url", "  "}, "--ollama-url"},
		{[]string{"--ollama-url", "localhost:11434"}, "--ollama-url"},
		{[]string{"--ollama-url", "ftp://u:" + secret + "@host"}, "--ollama-url"},
		{[]string{"--ollama-url", "http://u:" + secret + "@host:70000"}, "port"},
		{[]string{"--ollama-model", ""}, "--ollama-model is empty"},
		{[]string{"--ollama-model", "   "}, "--ollama-model is empty"},
		{[]string{"--ollama-model", "bge m3"}, "--ollama-model"},
	}
	for _, tt := range tests {
		var f engineFlags
		fs := flag.NewFlagSet("serve", flag.ContinueOnError)
		f.register(fs)
		if err := fs.Parse(append([]string{"--embedder", "ollama"}, tt.args...)); err != nil {
			t.Fatal(err)
		}
		_, err := f.options()
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%q: %v, want accepted", tt.args, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("%q: %v, want an error with %q", tt.args, err, tt.want)
		case err != nil && strings.Contains(err.Error(), secret):
			t.Errorf("%q: the error shows the password: %v", tt.args, err)
		}
	}
	// With the local embedder the Ollama flags are not used, so not checked.
	var f engineFlags
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	f.registerEmbedder(fs)
	if err := fs.Parse([]string{"--ollama-model", ""}); err != nil {
		t.Fatal(err)
	}
	if err := f.checkEmbedder(); err != nil {
		t.Errorf("--embedder local --ollama-model '': %v", err)
	}
}
