package main

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/soudan-desk/soudan/index"
)

func TestPrintDictLoad(t *testing.T) {
	const path = "/cache/soudan/kagome-ipa-f1-0123.snap"
	cases := []struct {
		load index.DictLoad
		err  error
		want string
	}{
		{index.DictLoad{Snapshot: path, FromSnapshot: true, Took: 90 * time.Millisecond}, nil, "from its snapshot in 90ms: " + path},
		{index.DictLoad{Snapshot: path, Took: time.Second}, nil, "kagome's files in 1s; snapshot written in 300ms more: " + path},
		{index.DictLoad{Snapshot: path, Took: time.Second}, errors.New("disk full"), "snapshot not written: disk full"},
		{index.DictLoad{Took: time.Second}, nil, "no snapshot"},
	}
	for _, c := range cases {
		var b bytes.Buffer
		printDictLoad(&b, c.load, 300*time.Millisecond, c.err)
		if !strings.Contains(b.String(), c.want) {
			t.Errorf("%+v: %q, want %q in it", c.load, b.String(), c.want)
		}
	}
}

// TestDictCommand runs `soudan dict` with the snapshot off: it loads the
// dictionary and says so.
func TestDictCommand(t *testing.T) {
	if err := runDict(t.Context(), []string{"--dict-cache", index.DictCacheOff}); err != nil {
		t.Fatal(err)
	}
	if err := runDict(t.Context(), []string{"extra"}); err == nil {
		t.Fatal("dict accepted an argument")
	}
}
