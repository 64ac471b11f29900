package retrieval

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/soudan-desk/soudan/bench"
)

const responsesGolden = "testdata/responses.golden"

// TestResponsesGolden keeps every answer "bit for bit" through
// performance work, more strictly than TestTop10Golden: for each query of
// both suites and each of their typing prefixes (the texts of
// BenchmarkSearch and BenchmarkSearchPrefixes), it records a digest of
// the whole response, at k 10 and at k 50 with explanations: every
// result's entry, score (to the bit), features and explanation, the
// confidence and its signals, the cards, routing and highlight. A line
// that differs names the text. A change meant to change answers
// refreshes the file with -update.
func TestResponsesGolden(t *testing.T) {
	if testing.Short() {
		t.Skip("searches 3,600 texts twice")
	}
	e := mustDefaultEngine(t)
	qs := benchQueries(t)
	texts := append(append([]string(nil), qs...), bench.Prefixes(qs, 2, 2)...)
	var b strings.Builder
	for i, text := range texts {
		fmt.Fprintf(&b, "%d\t%s\n", i, responseDigest(t, e, text))
	}
	got := b.String()
	if *updateTop10 {
		if err := os.WriteFile(responsesGolden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(responsesGolden)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	wl, gl := strings.Split(string(want), "\n"), strings.Split(got, "\n")
	if len(wl) != len(gl) {
		t.Fatalf("%d lines, want %d", len(gl), len(wl))
	}
	bad := 0
	for i := range wl {
		if wl[i] != gl[i] {
			if bad++; bad <= 10 {
				t.Errorf("text %d %q: response changed", i, texts[i])
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d responses changed", bad, len(texts))
	}
}

// responseDigest returns a short digest of text's responses at k 10 and
// at k 50 with explanations. JSON writes each float64 in the shortest
// form that reads back to the same bits.
func responseDigest(t *testing.T, e *Engine, text string) string {
	h := sha256.New()
	for _, q := range []Query{{Text: text, K: 10}, {Text: text, K: MaxK, Debug: true}} {
		resp, err := e.Search(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		type result struct {
			ID       string
			Score    float64
			Explain  *Explanation
			Features []float64
		}
		view := struct {
			Results    []result
			Confidence Confidence
			Signals    ConfidenceSignals
			Referrals  []Card
			Routing    []string
			Degraded   bool
			Highlight  []string
		}{Confidence: resp.Confidence, Signals: resp.Signals, Referrals: resp.Referrals, Degraded: resp.Degraded, Highlight: resp.Highlight}
		for _, r := range resp.Results {
			view.Results = append(view.Results, result{r.Entry.ID, r.Score, r.Explain, r.Features})
		}
		for _, en := range resp.Routing {
			view.Routing = append(view.Routing, en.ID)
		}
		if err := json.NewEncoder(h).Encode(view); err != nil {
			t.Fatal(err)
		}
	}
	return fmt.Sprintf("%x", h.Sum(nil)[:6])
}
