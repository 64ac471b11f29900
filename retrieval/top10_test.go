package retrieval

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"
)

var updateTop10 = flag.Bool("update", false, "rewrite testdata/top10.golden and testdata/responses.golden")

const top10Golden = "testdata/top10.golden"

// TestTop10Golden keeps the engine's answers "bit for bit" through
// performance work: for every query of the project's suites, the top-10
// entry IDs must not change and each score must stay within 1e-6
// relative of the recorded one. A change meant to change rankings
// refreshes the file with -update (and the eval ranking goldens).
func TestTop10Golden(t *testing.T) {
	got := top10Lines(t, mustDefaultEngine(t), "dev", "callers", "mini")
	if *updateTop10 {
		if err := os.WriteFile(top10Golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(top10Golden)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	compareTop10(t, string(want), got)
}

// compareTop10 reports the lines whose query, rank or entry differ, or
// whose score moved by more than 1e-6 relative.
func compareTop10(t *testing.T, want, got string) {
	wl, gl := strings.Split(strings.TrimSpace(want), "\n"), strings.Split(strings.TrimSpace(got), "\n")
	if len(wl) != len(gl) {
		t.Errorf("%d result lines, want %d", len(gl), len(wl))
	}
	bad := 0
	for i := 0; i < min(len(wl), len(gl)) && bad < 10; i++ {
		w, g := strings.Split(wl[i], "\t"), strings.Split(gl[i], "\t")
		if len(w) != 4 || len(g) != 4 || w[0] != g[0] || w[1] != g[1] || w[2] != g[2] {
			t.Errorf("line %d: got %q, want %q", i+1, gl[i], wl[i])
			bad++
			continue
		}
		ws, _ := strconv.ParseFloat(w[3], 64)
		gs, _ := strconv.ParseFloat(g[3], 64)
		if math.Abs(gs-ws) > 1e-6*math.Abs(ws) {
			t.Errorf("line %d (%s rank %s): score %v, want %v", i+1, w[0], w[1], gs, ws)
			bad++
		}
	}
}

// top10Lines runs every query of the suites (eval/testdata/<suite>.jsonl)
// and returns the top-10 IDs and scores, one line per result.
func top10Lines(t *testing.T, e *Engine, suites ...string) string {
	var b strings.Builder
	for _, suite := range suites {
		for _, q := range suiteQueries(t, "../eval/testdata/"+suite+".jsonl") {
			resp, err := e.Search(context.Background(), Query{Text: q.text, K: 10})
			if err != nil {
				t.Fatal(err)
			}
			for i, r := range resp.Results {
				fmt.Fprintf(&b, "%s/%s\t%d\t%s\t%.17g\n", suite, q.id, i+1, r.Entry.ID, r.Score)
			}
		}
	}
	return b.String()
}

type suiteQuery struct{ id, text string }

func suiteQueries(t *testing.T, path string) []suiteQuery {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []suiteQuery
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for sc.Scan() {
		if len(bytes.TrimSpace(sc.Bytes())) == 0 {
			continue
		}
		var q struct {
			ID    string `json:"id"`
			Query string `json:"query"`
		}
		if err := json.Unmarshal(sc.Bytes(), &q); err != nil {
			t.Fatal(err)
		}
		out = append(out, suiteQuery{q.ID, q.Query})
	}
	return out
}
