package eval

import (
	"bufio"
	"bytes"
	"crypto/sha1"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/soudan-desk/soudan/retrieval"
)

// Query is one evaluation query: a caller's description with what the desk
// expects to find for it.
type Query struct {
	ID   string `json:"id"`
	Text string `json:"query"`
	// Expect holds strings of which at least one must occur in a relevant
	// entry's title and path (see the package doc).
	Expect []string `json:"expect"`
	// ExpectIDs names entries that are relevant whatever their title.
	ExpectIDs []string `json:"expect_ids,omitempty"`
	// Referrals holds strings that should each occur in some organisation of
	// the response's aggregated referrals.
	Referrals []string `json:"referrals"`
	// Confidence is the confidence the desk expects: "none" marks an
	// uncovered call (no expect, no expect_ids), which counts in the
	// confidence metrics only.
	Confidence string   `json:"confidence,omitempty"`
	Tags       []string `json:"tags,omitempty"`
	Note       string   `json:"note,omitempty"`
	// Line is the query's 1-based line in its suite file (0 when unknown).
	Line int `json:"-"`
}

// Suite is an ordered list of queries with unique ids.
type Suite struct {
	Name    string // the file or directory the suite came from
	Queries []*Query
}

// LineError is a problem with one line of an input file.
type LineError struct {
	File string
	Line int // 1-based; 0 when the error concerns the whole file
	Err  error
}

func (e *LineError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.File, e.Err)
}

func (e *LineError) Unwrap() error { return e.Err }

// LoadSuite reads a suite from path: a JSONL file, or a BEIR directory (see
// [LoadBEIRSuite]).
func LoadSuite(path string) (*Suite, error) {
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return LoadBEIRSuite(path)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ParseSuite(f, path)
}

// ParseSuite reads a JSONL suite: one JSON object per line with the fields
// id, query, expect, referrals and the optional expect_ids, confidence, tags
// and note; unknown fields are ignored. Blank lines are skipped. Errors name
// the file and line, and the first one fails the whole suite (a gate must
// never pass on part of it): a line that is not UTF-8 (a byte order mark
// at the start of the file is skipped), bad JSON, a missing id or query,
// a query over retrieval.MaxQueryLen characters, a duplicate id, an
// empty expect string, a confidence other than high, low or none, and a
// query with neither expect nor expect_ids that is not marked
// "confidence": "none" (an uncovered call).
func ParseSuite(r io.Reader, name string) (*Suite, error) {
	s := &Suite{Name: name}
	seen := map[string]int{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 4*1024*1024)
	for n := 1; sc.Scan(); n++ {
		line := sc.Bytes()
		if n == 1 {
			line = bytes.TrimPrefix(line, utf8BOM)
		}
		if line = bytes.TrimSpace(line); len(line) == 0 {
			continue
		}
		q, err := parseQuery(line)
		if err != nil {
			return nil, &LineError{File: name, Line: n, Err: err}
		}
		if first, dup := seen[q.ID]; dup {
			return nil, &LineError{File: name, Line: n, Err: fmt.Errorf("duplicate id %q (first at line %d)", q.ID, first)}
		}
		seen[q.ID] = n
		q.Line = n
		s.Queries = append(s.Queries, q)
	}
	if err := sc.Err(); err != nil {
		return nil, &LineError{File: name, Err: err}
	}
	if len(s.Queries) == 0 {
		return nil, &LineError{File: name, Err: errors.New("suite has no queries")}
	}
	return s, nil
}

// utf8BOM is the byte order mark some editors write at the start of a
// UTF-8 file.
var utf8BOM = []byte("\ufeff")

func parseQuery(line []byte) (*Query, error) {
	if !utf8.Valid(line) {
		return nil, errors.New("the line is not valid UTF-8 (save the file as UTF-8)")
	}
	dec := json.NewDecoder(bytes.NewReader(line))
	var q Query
	if err := dec.Decode(&q); err != nil {
		return nil, fmt.Errorf("bad JSON: %v", err)
	}
	if dec.More() {
		return nil, errors.New("bad JSON: more than one value on the line")
	}
	if err := q.validate(); err != nil {
		return nil, err
	}
	return &q, nil
}

func (q *Query) validate() error {
	q.ID = strings.TrimSpace(q.ID)
	switch {
	case q.ID == "":
		return errors.New("missing id")
	case strings.ContainsAny(q.ID, " \t\r\n"):
		return fmt.Errorf("id %q contains white space", q.ID)
	case strings.TrimSpace(q.Text) == "":
		return fmt.Errorf("query %s: missing query", q.ID)
	case utf8.RuneCountInString(q.Text) > retrieval.MaxQueryLen:
		return fmt.Errorf("query %s: the query is %d characters; the limit is %d", q.ID, utf8.RuneCountInString(q.Text), retrieval.MaxQueryLen)
	case q.Confidence != "" && q.Confidence != "high" && q.Confidence != "low" && q.Confidence != "none":
		return fmt.Errorf("query %s: confidence %q is not high, low or none", q.ID, q.Confidence)
	case !q.Covered() && q.Confidence != "none":
		return fmt.Errorf("query %s: no expect and no expect_ids (an uncovered call needs \"confidence\": \"none\")", q.ID)
	case q.Covered() && q.Confidence == "none":
		return fmt.Errorf("query %s: confidence none with expected entries", q.ID)
	}
	for _, e := range q.Expect {
		if strings.TrimSpace(e) == "" {
			return fmt.Errorf("query %s: empty expect string", q.ID)
		}
	}
	for _, r := range q.Referrals {
		if strings.TrimSpace(r) == "" {
			return fmt.Errorf("query %s: empty referral string", q.ID)
		}
	}
	return nil
}

// Covered reports whether the manual answers q: it names expected entries.
// An uncovered call counts only in the confidence metrics.
func (q *Query) Covered() bool { return len(q.Expect) > 0 || len(q.ExpectIDs) > 0 }

// Splits of a suite (--split).
const (
	SplitAll     = "all"
	SplitHeldOut = "heldout"
	SplitTune    = "tune"
)

// HeldOut reports whether the query id belongs to the held-out half: its
// SHA-1 in hex ends in an odd digit. Tuning uses the other half only.
func HeldOut(id string) bool {
	sum := sha1.Sum([]byte(id))
	return sum[len(sum)-1]&1 == 1
}

// Split returns the queries of s in the named half: SplitHeldOut,
// SplitTune, or SplitAll (s itself).
func (s *Suite) Split(which string) (*Suite, error) {
	if which == SplitAll || which == "" {
		return s, nil
	}
	if which != SplitHeldOut && which != SplitTune {
		return nil, fmt.Errorf("unknown split %q (want heldout, tune or all)", which)
	}
	out := &Suite{Name: s.Name}
	for _, q := range s.Queries {
		if HeldOut(q.ID) == (which == SplitHeldOut) {
			out.Queries = append(out.Queries, q)
		}
	}
	if len(out.Queries) == 0 {
		return nil, fmt.Errorf("%s: the %s half has no queries", s.Name, which)
	}
	return out, nil
}

// Tags returns the distinct tags of the suite's queries in order of first
// appearance.
func (s *Suite) Tags() []string {
	var tags []string
	seen := map[string]bool{}
	for _, q := range s.Queries {
		for _, t := range q.Tags {
			if !seen[t] {
				seen[t] = true
				tags = append(tags, t)
			}
		}
	}
	return tags
}

// AddQrels adds the relevant documents of qrels (relevance > 0) to the
// expect_ids of the queries they name. It returns the ids of qrels queries
// that are not in the suite.
func (s *Suite) AddQrels(qrels Qrels) (unknown []string) {
	byID := make(map[string]*Query, len(s.Queries))
	for _, q := range s.Queries {
		byID[q.ID] = q
	}
	for _, qid := range qrels.QueryIDs() {
		q, ok := byID[qid]
		if !ok {
			unknown = append(unknown, qid)
			continue
		}
		have := map[string]bool{}
		for _, id := range q.ExpectIDs {
			have[id] = true
		}
		for _, doc := range qrels.Relevant(qid) {
			if !have[doc] {
				have[doc] = true
				q.ExpectIDs = append(q.ExpectIDs, doc)
			}
		}
	}
	return unknown
}
