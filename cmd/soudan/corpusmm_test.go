package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/soudan-desk/soudan/corpus"
)

// TestCorpusMapFixturesCheck: `soudan corpus --check` on the FreeMind and
// Freeplane fixtures exits 0.
func TestCorpusMapFixturesCheck(t *testing.T) {
	if err := runCorpus(t.Context(), []string{"--check", "--strict", "--corpus", filepath.Join("..", "..", "corpus", "testdata", "mm")}); err != nil {
		t.Errorf("corpus --check --strict on the map fixtures: %v", err)
	}
}

// TestWriteMap: --mm writes the shipped manual as one map that reads back
// into as many entries, and refuses a folder of several documents.
func TestWriteMap(t *testing.T) {
	c, err := corpus.LoadDefault()
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := writeMap(&buf, c); err != nil {
		t.Fatal(err)
	}
	doc, _, err := corpus.ParseMM("manual.mm", buf.Bytes(), c.Directory)
	if err != nil || doc == nil {
		t.Fatalf("the written map does not parse: %v", err)
	}
	back, err := corpus.Load(fstest.MapFS{"manual.mm": {Data: buf.Bytes()}}, "test")
	if err != nil {
		t.Fatal(err)
	}
	if len(back.Entries) != len(c.Entries) {
		t.Errorf("%d entries read back, want %d", len(back.Entries), len(c.Entries))
	}

	examples, err := corpus.LoadDir(filepath.Join("..", "..", "docs", "examples"))
	if err != nil {
		t.Fatal(err)
	}
	err = writeMap(&buf, examples)
	if err == nil || !strings.Contains(err.Error(), "3 documents") {
		t.Errorf("several documents: %v, want a refusal naming them", err)
	}
}

// TestCheckCorpusPlacesWholeFileErrors: `soudan corpus --check` prints a
// problem about a whole file (one over the size limit) at line 1, as
// /api/status does, so that every error reads "file:line: message".
func TestCheckCorpusPlacesWholeFileErrors(t *testing.T) {
	big := make([]byte, corpus.MaxFileSize+1)
	c, err := corpus.Load(fstest.MapFS{"huge.txt": {Data: big}}, "test")
	var buf bytes.Buffer
	if checkCorpus(&buf, c, err, false) == nil {
		t.Fatalf("--check passed a file over the limit:\n%s", buf.String())
	}
	if !strings.Contains(buf.String(), "error: huge.txt:1: file is larger than") {
		t.Errorf("--check printed\n%s\nwant error: huge.txt:1: file is larger than …", buf.String())
	}
}
