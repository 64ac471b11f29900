package eval_test

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/soudan-desk/soudan/eval"
)

func TestParseSuite(t *testing.T) {
	s := mustParseSuite(t, `{"id": "a", "query": "q1", "expect": ["x"], "referrals": ["警察"], "tags": ["t1", "t2"]}

{"id": "b", "query": "q2", "expect": [], "expect_ids": ["e1"], "referrals": [], "tags": ["t2", "t3"]}
`)
	if len(s.Queries) != 2 {
		t.Fatalf("got %d queries, want 2", len(s.Queries))
	}
	want := &eval.Query{ID: "b", Text: "q2", Expect: []string{}, ExpectIDs: []string{"e1"}, Referrals: []string{}, Tags: []string{"t2", "t3"}, Line: 3}
	if !reflect.DeepEqual(s.Queries[1], want) {
		t.Errorf("query b = %+v, want %+v", s.Queries[1], want)
	}
	if got, want := s.Tags(), []string{"t1", "t2", "t3"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Tags() = %v, want %v", got, want)
	}
}

func TestParseSuiteErrors(t *testing.T) {
	ok := `{"id": "a", "query": "q", "expect": ["x"], "referrals": []}`
	tests := []struct {
		name, input, want string
	}{
		{"bad JSON", ok + "\n{\"id\": \"b\",", "test.jsonl:2: bad JSON"},
		{"misspelt expect", `{"id": "a", "query": "q", "expects": ["x"]}`, "test.jsonl:1: query a: no expect and no expect_ids (an uncovered call needs"},
		{"bad confidence", `{"id": "a", "query": "q", "expect": ["x"], "confidence": "maybe"}`, `test.jsonl:1: query a: confidence "maybe" is not high, low or none`},
		{"covered none", `{"id": "a", "query": "q", "expect": ["x"], "confidence": "none"}`, `test.jsonl:1: query a: confidence none with expected entries`},
		{"missing id", `{"query": "q", "expect": ["x"]}`, "test.jsonl:1: missing id"},
		{"missing query", `{"id": "a", "query": " ", "expect": ["x"]}`, "test.jsonl:1: query a: missing query"},
		{"duplicate id", ok + "\n\n" + ok, `test.jsonl:3: duplicate id "a" (first at line 1)`},
		{"no expectation", `{"id": "a", "query": "q", "expect": [], "referrals": ["x"]}`, "test.jsonl:1: query a: no expect and no expect_ids"},
		{"no expectation, high", `{"id": "a", "query": "q", "expect": [], "confidence": "high"}`, "test.jsonl:1: query a: no expect and no expect_ids"},
		{"empty expect", `{"id": "a", "query": "q", "expect": [""]}`, "test.jsonl:1: query a: empty expect string"},
		{"two values", ok + " " + ok, "test.jsonl:1: bad JSON: more than one value"},
		{"empty file", "\n\n", "test.jsonl: suite has no queries"},
		{"invalid UTF-8", ok + "\n{\"id\": \"b\", \"query\": \"\xff\xfe\", \"expect\": [\"x\"]}", "test.jsonl:2: the line is not valid UTF-8"},
		{"query too long", `{"id": "a", "query": "` + strings.Repeat("あ", 2001) + `", "expect": ["x"]}`, "test.jsonl:1: query a: the query is 2001 characters; the limit is 2000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := eval.ParseSuite(strings.NewReader(tt.input), "test.jsonl")
			if err == nil {
				t.Fatalf("no error, want %q", tt.want)
			}
			if !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("error = %q, want prefix %q", err, tt.want)
			}
			var le *eval.LineError
			if !errors.As(err, &le) {
				t.Errorf("error is %T, want *eval.LineError", err)
			}
		})
	}
}

// TestParseSuiteBOM: a byte order mark at the start of a suite, as some
// editors save UTF-8, is not part of its first line.
func TestParseSuiteBOM(t *testing.T) {
	s, err := eval.ParseSuite(strings.NewReader("\ufeff"+`{"id": "a", "query": "q", "expect": ["x"]}`+"\r\n"), "test.jsonl")
	if err != nil || len(s.Queries) != 1 || s.Queries[0].ID != "a" {
		t.Fatalf("suite with a BOM: %+v, %v", s, err)
	}
}

func TestLoadDevSuite(t *testing.T) {
	s, err := eval.LoadSuite("testdata/dev.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Queries) != 40 {
		t.Errorf("dev suite has %d queries, want 40", len(s.Queries))
	}
}

func TestAddQrels(t *testing.T) {
	s := mustParseSuite(t, `{"id": "a", "query": "q", "expect": ["x"], "expect_ids": ["e1"], "referrals": []}`)
	q := eval.Qrels{}
	q.Add("a", "e2", 1)
	q.Add("a", "e1", 2)
	q.Add("a", "e3", 0) // judged non-relevant
	q.Add("zz", "e1", 1)
	unknown := s.AddQrels(q)
	if want := []string{"zz"}; !reflect.DeepEqual(unknown, want) {
		t.Errorf("unknown = %v, want %v", unknown, want)
	}
	if got, want := s.Queries[0].ExpectIDs, []string{"e1", "e2"}; !reflect.DeepEqual(got, want) {
		t.Errorf("ExpectIDs = %v, want %v", got, want)
	}
}

func TestLoadSuiteFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.jsonl")
	if err := os.WriteFile(path, []byte(`{"id": "a", "query": "q"}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := eval.LoadSuite(path)
	if err == nil || !strings.Contains(err.Error(), path+":1: query a: no expect and no expect_ids") {
		t.Errorf("error = %v, want it to name %s:1", err, path)
	}
}
