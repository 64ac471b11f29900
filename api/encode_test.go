package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"testing"
	"time"

	"github.com/soudan-desk/soudan/api"
	"github.com/soudan-desk/soudan/bench"
	"github.com/soudan-desk/soudan/corpus"
	"github.com/soudan-desk/soudan/retrieval"
)

// checkEncoder compares the Encoder's bytes with json.Marshal's.
func checkEncoder(t *testing.T, enc *api.Encoder, resp *retrieval.Response, debug bool) {
	t.Helper()
	want, wantErr := json.Marshal(api.NewSearchResponse(resp, debug))
	got, err := enc.AppendSearchResponse([]byte("prefix"), resp, debug)
	if (err != nil) != (wantErr != nil) {
		t.Fatalf("query %q: error %v, json.Marshal's %v", resp.Query, err, wantErr)
	}
	if err == nil && !bytes.Equal(got, append([]byte("prefix"), want...)) {
		t.Fatalf("query %q:\n got %s\nwant prefix%s", resp.Query, got, want)
	}
}

func suiteQueries(t *testing.T) []string {
	var qs []string
	for _, path := range []string{"../eval/testdata/dev.jsonl", "../eval/testdata/callers.jsonl"} {
		q, err := bench.LoadQueries(path)
		if err != nil {
			t.Fatal(err)
		}
		qs = append(qs, q...)
	}
	return qs
}

// TestEncoderMatchesJSON encodes the engine's answers to the suites'
// queries and typing prefixes (every confidence level, routing, cards)
// with and without debug, twice each (entries encoded, then reused).
func TestEncoderMatchesJSON(t *testing.T) {
	c, err := corpus.LoadDefault()
	if err != nil {
		t.Fatal(err)
	}
	eng, err := retrieval.New(context.Background(), c, retrieval.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	enc := api.NewEncoder()
	levels := map[retrieval.Confidence]int{}
	for i, q := range bench.Prefixes(suiteQueries(t), 2, 3) {
		resp, err := eng.Search(context.Background(), retrieval.Query{Text: q, K: 1 + i%20})
		if err != nil {
			t.Fatal(err)
		}
		levels[resp.Confidence]++
		for _, debug := range []bool{false, i%10 == 0, false} {
			checkEncoder(t, enc, resp, debug)
		}
	}
	if len(levels) != 3 {
		t.Errorf("answers cover confidence levels %v, want all three", levels)
	}
}

// TestEncoderStrings covers what the corpus's answers do not: strings
// that JSON escapes, invalid UTF-8, extreme scores, nil lists.
func TestEncoderStrings(t *testing.T) {
	odd := []string{"", "a\"b\\c", "<script>&amp;</script>", "tab\tnew\nline\x01\x7f", "\u2028\u2029", "bad\xff\xfebytes", "\xef\xbf\xbd ok", "日本語\xe3\x81", "ｶﾅ  全角"}
	var entries []*corpus.Entry
	for i, s := range odd {
		entries = append(entries, &corpus.Entry{
			ID: s, Kind: corpus.KindFAQ, Title: s, Answer: s, Path: []string{s}, Links: []string{s},
			Referrals: []corpus.Referral{{Action: corpus.Action(s), Org: s, Phone: s, URL: s}},
			Source:    corpus.Source{File: s, StartLine: i, EndLine: i + 1},
		})
	}
	entries = append(entries, &corpus.Entry{ID: "bare"})
	scores := []float64{0, 1, -1, 1e-7, 1.5e-9, 123456.789, 1e21, 3e25, 0.1 + 0.2, 5e-324, math.MaxFloat64}
	enc := api.NewEncoder()
	for i, s := range odd {
		var results []retrieval.Result
		for j, e := range entries {
			results = append(results, retrieval.Result{Entry: e, Score: scores[(i+j)%len(scores)]})
		}
		results = append(results, retrieval.Result{}) // no entry: skipped
		resp := &retrieval.Response{
			Query: s, Results: results, Confidence: retrieval.Confidence(s), Highlight: []string{s, "x"},
			Referrals: []retrieval.Card{{Referral: corpus.Referral{Action: corpus.Action(s), Org: s, Phone: s}, From: []string{s}}, {}},
			Routing:   entries[i:], Degraded: i%2 == 0, Took: time.Duration(i) * 1234567,
		}
		checkEncoder(t, enc, resp, false)
		checkEncoder(t, enc, resp, true)
	}
	checkEncoder(t, enc, &retrieval.Response{}, false)
	checkEncoder(t, enc, &retrieval.Response{Results: []retrieval.Result{{Entry: entries[0], Score: math.NaN()}}}, false)
	checkEncoder(t, enc, &retrieval.Response{Results: []retrieval.Result{{Entry: entries[0], Score: math.Inf(1)}}}, false)
}
