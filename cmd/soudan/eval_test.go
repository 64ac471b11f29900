package main

import (
	"errors"
	"net"
	"strings"
	"testing"

	"github.com/soudan-desk/soudan/eval"
	"github.com/soudan-desk/soudan/index/ollamatest"
)

// compareArgs are the arguments of a quick `soudan eval --compare-embedder
// ollama` over the default corpus, with the Ollama server at ollamaURL.
func compareArgs(ollamaURL string) []string {
	return []string{"--suite", "../../eval/testdata/dev.jsonl", "--split", "heldout", "--quiet",
		"--compare-embedder", "ollama", "--ollama-url", ollamaURL, "--ollama-model", "test"}
}

// TestEvalCompareEmbedderOllamaDown: a comparison asked for with an Ollama
// that cannot be reached fails, naming the Ollama URL (without its
// password) and the cause, rather than comparing the lexical signals with
// the configuration and exiting 0 after a warning.
func TestEvalCompareEmbedderOllamaDown(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there any more
	const secret = "pw-Zq81x"
	err = runEval(t.Context(), compareArgs("http://desk:"+secret+"@"+addr))
	var ge *eval.GateError
	switch {
	case err == nil || errors.As(err, &ge):
		t.Fatalf("eval --compare-embedder ollama with Ollama down: %v, want an error", err)
	case !strings.Contains(err.Error(), "http://desk:xxxxx@"+addr):
		t.Errorf("the error does not name the (redacted) Ollama URL: %v", err)
	case !strings.Contains(err.Error(), "connection refused"):
		t.Errorf("the error does not give the cause: %v", err)
	}
	if err != nil && strings.Contains(err.Error(), secret) {
		t.Errorf("the error shows the password: %v", err)
	}
}

// TestEvalCompareEmbedderOllama: with an Ollama that answers, the
// comparison runs.
func TestEvalCompareEmbedderOllama(t *testing.T) {
	ollama := ollamatest.New(t)
	if err := runEval(t.Context(), compareArgs(ollama.URL)); err != nil {
		t.Fatal(err)
	}
	if ollama.Calls.Load() == 0 {
		t.Error("the second configuration never called Ollama")
	}
}
