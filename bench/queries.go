// Package bench loads a running search server with concurrent clients and
// reports the latency percentiles and throughput that its users would see.
//
// It is the engine of `soudan bench`: the command only parses flags. A run
// sends a list of query texts, read from an evaluation suite (JSONL with a
// "query" field) or a plain list (one query per line), optionally expanded
// into each query's typing prefixes, as search-as-you-type traffic does. A
// [Target] turns a text into an HTTP request: soudan's POST /api/search, or
// any GET URL template (Groonga's /d/select, another soudan, a proxy).
package bench

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"
)

// maxLine bounds one line of a query file.
const maxLine = 1 << 20

// LoadQueries reads query texts from path ("-" for standard input). A file
// whose first non-blank line starts with "{" is read as an evaluation suite:
// one JSON object per line, of which only "query" is used. Any other file is
// a plain list, one query per line. Blank lines and a byte order mark at
// the start are skipped; errors name the file and line.
func LoadQueries(path string) ([]string, error) {
	var r io.Reader = os.Stdin
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r = f
	}
	return ParseQueries(r, path)
}

// ParseQueries reads query texts from r; name is used in error messages.
// See [LoadQueries] for the formats.
func ParseQueries(r io.Reader, name string) ([]string, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), maxLine)
	var qs []string
	jsonl := false
	for n := 1; sc.Scan(); n++ {
		line := sc.Bytes()
		if n == 1 {
			line = bytes.TrimPrefix(line, []byte("\ufeff")) // a UTF-8 byte order mark
		}
		if line = bytes.TrimSpace(line); len(line) == 0 {
			continue
		}
		if len(qs) == 0 && !jsonl && line[0] == '{' {
			jsonl = true
		}
		q, err := parseLine(line, jsonl)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", name, n, err)
		}
		qs = append(qs, q)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(qs) == 0 {
		return nil, fmt.Errorf("%s: no queries", name)
	}
	return qs, nil
}

// parseLine returns the query of one non-blank line.
func parseLine(line []byte, jsonl bool) (string, error) {
	if !utf8.Valid(line) {
		return "", errors.New("not valid UTF-8")
	}
	if !jsonl {
		return string(line), nil
	}
	var rec struct {
		Query *string `json:"query"`
	}
	if err := json.Unmarshal(line, &rec); err != nil {
		return "", fmt.Errorf("not a JSON suite line: %v", err)
	}
	if rec.Query == nil || strings.TrimSpace(*rec.Query) == "" {
		return "", errors.New(`no "query"`)
	}
	return *rec.Query, nil
}

// Prefixes returns the typing prefixes of every query, in order and without
// repeats: each query's first minRunes runes, then every step runes more,
// then the whole query, as a search box that sends a request while staff
// type would see them. Prefixes that are blank after trimming are skipped.
func Prefixes(queries []string, minRunes, step int) []string {
	minRunes, step = max(minRunes, 1), max(step, 1)
	seen := make(map[string]bool)
	var out []string
	add := func(s string) {
		if strings.TrimSpace(s) != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	for _, q := range queries {
		ends := runeEnds(q)
		for n := minRunes; n < len(ends); n += step {
			add(q[:ends[n-1]])
		}
		add(q)
	}
	return out
}

// runeEnds returns the byte offset just after each rune of s.
func runeEnds(s string) []int {
	ends := make([]int, 0, len(s))
	for i := 0; i < len(s); {
		_, n := utf8.DecodeRuneInString(s[i:])
		i += n
		ends = append(ends, i)
	}
	return ends
}

// Distinct returns queries without repeats, in first-seen order.
func Distinct(queries []string) []string {
	seen := make(map[string]bool, len(queries))
	out := make([]string, 0, len(queries))
	for _, q := range queries {
		if !seen[q] {
			seen[q] = true
			out = append(out, q)
		}
	}
	return out
}
