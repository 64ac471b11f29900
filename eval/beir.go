package eval

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/soudan-desk/soudan/corpus"
)

// The BEIR layout: a directory holding corpus.jsonl ({"_id","title","text"}),
// queries.jsonl ({"_id","text"}) and qrels/test.tsv with the header
// "query-id<TAB>corpus-id<TAB>score".
const (
	BEIRCorpus  = "corpus.jsonl"
	BEIRQueries = "queries.jsonl"
	BEIRQrels   = "qrels/test.tsv"
)

type beirDoc struct {
	ID    string `json:"_id"`
	Title string `json:"title"`
	Text  string `json:"text"`
}

type beirQuery struct {
	ID   string `json:"_id"`
	Text string `json:"text"`
}

// ExportBEIR writes the corpus entries, the suite's queries and the qrels
// that the suite's relevance rules give against the entries (see
// [Relevance]) to dir in the BEIR layout. A document's text is its path,
// question lines and answer, one per line; its title is the entry title.
func ExportBEIR(dir string, s *Suite, entries []*corpus.Entry) error {
	if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(BEIRQrels)), 0o755); err != nil {
		return err
	}
	err := writeFile(filepath.Join(dir, BEIRCorpus), func(w io.Writer) error {
		enc := jsonLines(w)
		for _, e := range entries {
			if err := enc.Encode(beirDoc{ID: e.ID, Title: e.Title, Text: entryText(e)}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	err = writeFile(filepath.Join(dir, BEIRQueries), func(w io.Writer) error {
		enc := jsonLines(w)
		for _, q := range s.Queries {
			if err := enc.Encode(beirQuery{ID: q.ID, Text: q.Text}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	qrels := Relevance(s, entries)
	return writeFile(filepath.Join(dir, BEIRQrels), func(w io.Writer) error {
		bw := bufio.NewWriter(w)
		fmt.Fprint(bw, "query-id\tcorpus-id\tscore\n")
		for _, q := range s.Queries {
			for _, d := range qrels.Relevant(q.ID) {
				fmt.Fprintf(bw, "%s\t%s\t%d\n", q.ID, d, qrels[q.ID][d])
			}
		}
		return bw.Flush()
	})
}

func jsonLines(w io.Writer) *json.Encoder {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc
}

// entryText is the body of an exported document.
func entryText(e *corpus.Entry) string {
	var parts []string
	if len(e.Path) > 0 {
		parts = append(parts, strings.Join(e.Path, " > "))
	}
	parts = append(parts, e.Question...)
	if e.Answer != "" {
		parts = append(parts, e.Answer)
	}
	return strings.Join(parts, "\n")
}

// LoadBEIRSuite reads a suite from a BEIR directory: the queries of
// queries.jsonl that qrels/test.tsv judges, in file order, with the judged
// relevant documents (score > 0) as expect_ids. The document ids must be the
// corpus entry ids. Errors name the file and line.
func LoadBEIRSuite(dir string) (*Suite, error) {
	qpath := filepath.Join(dir, BEIRQrels)
	qf, err := os.Open(qpath)
	if err != nil {
		return nil, err
	}
	defer qf.Close()
	qrels, err := readBEIRQrels(qf, qpath)
	if err != nil {
		return nil, err
	}
	path := filepath.Join(dir, BEIRQueries)
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	s := &Suite{Name: dir}
	seen := map[string]int{}
	for n, line := range bytes.Split(data, []byte("\n")) {
		line = bytes.TrimSpace(line)
		if len(line) == 0 {
			continue
		}
		var bq beirQuery
		if err := json.Unmarshal(line, &bq); err != nil {
			return nil, &LineError{File: path, Line: n + 1, Err: fmt.Errorf("bad JSON: %v", err)}
		}
		if first, dup := seen[bq.ID]; dup {
			return nil, &LineError{File: path, Line: n + 1, Err: fmt.Errorf("duplicate id %q (first at line %d)", bq.ID, first)}
		}
		seen[bq.ID] = n + 1
		ids := qrels.Relevant(bq.ID)
		if len(ids) == 0 {
			continue // unjudged: BEIR evaluates judged queries only
		}
		q := &Query{ID: bq.ID, Text: bq.Text, ExpectIDs: ids, Line: n + 1}
		if err := q.validate(); err != nil {
			return nil, &LineError{File: path, Line: n + 1, Err: err}
		}
		s.Queries = append(s.Queries, q)
	}
	if len(s.Queries) == 0 {
		return nil, &LineError{File: path, Err: errors.New("no judged query")}
	}
	return s, nil
}

// readBEIRQrels reads a BEIR qrels TSV, whose first line may be the header.
func readBEIRQrels(r io.Reader, name string) (Qrels, error) {
	q := Qrels{}
	first := true
	err := eachLine(r, name, func(f []string) error {
		header := first && len(f) > 0 && f[0] == "query-id"
		first = false
		if header {
			return nil
		}
		if len(f) != 3 {
			return fmt.Errorf("want 3 fields (query-id corpus-id score), got %d", len(f))
		}
		score, err := strconv.Atoi(f[2])
		if err != nil {
			return fmt.Errorf("bad score %q", f[2])
		}
		q.Add(f[0], f[1], score)
		return nil
	})
	return q, err
}
