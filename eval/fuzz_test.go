package eval_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/soudan-desk/soudan/eval"
)

// FuzzParseSuite checks that the suite parser never panics and that what it
// accepts satisfies the documented rules.
func FuzzParseSuite(f *testing.F) {
	f.Add([]byte(`{"id": "a", "query": "q", "expect": ["x"], "referrals": ["警察"], "tags": ["t"]}`))
	f.Add([]byte(`{"id": "a", "query": "q", "expect_ids": ["e"]}` + "\n" + `{"id": "a", "query": "q", "expect": ["x"]}`))
	f.Add([]byte("{\"id\": \"\xff\", \"query\": \"q\", \"expect\": [\"\"]}\n\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := eval.ParseSuite(bytes.NewReader(data), "fuzz.jsonl")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz.jsonl") {
				t.Errorf("error %q does not name the file", err)
			}
			return
		}
		seen := map[string]bool{}
		for _, q := range s.Queries {
			if q.ID == "" || strings.TrimSpace(q.Text) == "" || len(q.Expect)+len(q.ExpectIDs) == 0 || q.Line < 1 {
				t.Errorf("accepted invalid query %+v", q)
			}
			if seen[q.ID] {
				t.Errorf("accepted duplicate id %q", q.ID)
			}
			seen[q.ID] = true
		}
	})
}
