package eval

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"

	"github.com/soudan-desk/soudan/corpus"
)

// Qrels holds relevance judgements: query id → document id → relevance.
type Qrels map[string]map[string]int

// Add records the relevance of doc to query.
func (q Qrels) Add(query, doc string, rel int) {
	m := q[query]
	if m == nil {
		m = map[string]int{}
		q[query] = m
	}
	m[doc] = rel
}

// QueryIDs returns the judged query ids, sorted.
func (q Qrels) QueryIDs() []string {
	ids := make([]string, 0, len(q))
	for id := range q {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// Relevant returns the documents judged relevant (relevance > 0) to query,
// sorted.
func (q Qrels) Relevant(query string) []string {
	var docs []string
	for d, r := range q[query] {
		if r > 0 {
			docs = append(docs, d)
		}
	}
	sort.Strings(docs)
	return docs
}

// WriteQrels writes q in the TREC qrels format, "qid 0 docid rel" per line,
// sorted by query then document.
func WriteQrels(w io.Writer, q Qrels) error {
	bw := bufio.NewWriter(w)
	for _, qid := range q.QueryIDs() {
		docs := make([]string, 0, len(q[qid]))
		for d := range q[qid] {
			docs = append(docs, d)
		}
		sort.Strings(docs)
		for _, d := range docs {
			fmt.Fprintf(bw, "%s 0 %s %d\n", qid, d, q[qid][d])
		}
	}
	return bw.Flush()
}

// ReadQrels reads a TREC qrels file: white-space separated "qid iter docid
// rel" lines; the iteration column is ignored. Errors name the file and line.
func ReadQrels(r io.Reader, name string) (Qrels, error) {
	q := Qrels{}
	err := eachLine(r, name, func(fields []string) error {
		if len(fields) != 4 {
			return fmt.Errorf("want 4 fields (qid iter docid rel), got %d", len(fields))
		}
		rel, err := strconv.Atoi(fields[3])
		if err != nil {
			return fmt.Errorf("bad relevance %q", fields[3])
		}
		q.Add(fields[0], fields[2], rel)
		return nil
	})
	return q, err
}

// LoadQrels reads the TREC qrels file at path.
func LoadQrels(path string) (Qrels, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadQrels(f, path)
}

// RunEntry is one line of a TREC run file.
type RunEntry struct {
	Query string
	Doc   string
	Rank  int
	Score float64
}

// WriteRun writes the rankings of run in the TREC run format, "qid Q0 docid
// rank score tag" per line, queries in run order, ranks from 1.
func WriteRun(w io.Writer, run *Run, tag string) error {
	if tag == "" || strings.ContainsAny(tag, " \t") {
		return fmt.Errorf("bad run tag %q: want one word", tag)
	}
	bw := bufio.NewWriter(w)
	for _, q := range run.PerQuery {
		for i, h := range q.Top {
			fmt.Fprintf(bw, "%s Q0 %s %d %s %s\n", q.ID, h.ID, i+1, strconv.FormatFloat(h.Score, 'g', -1, 64), tag)
		}
	}
	return bw.Flush()
}

// ReadRun reads a TREC run file. Entries are returned per query, ordered by
// rank (then by descending score, as trec_eval breaks ties, then document
// id). Errors name the file and line.
func ReadRun(r io.Reader, name string) (map[string][]RunEntry, error) {
	run := map[string][]RunEntry{}
	err := eachLine(r, name, func(f []string) error {
		if len(f) != 6 {
			return fmt.Errorf("want 6 fields (qid Q0 docid rank score tag), got %d", len(f))
		}
		rank, err := strconv.Atoi(f[3])
		if err != nil {
			return fmt.Errorf("bad rank %q", f[3])
		}
		score, err := strconv.ParseFloat(f[4], 64)
		if err != nil {
			return fmt.Errorf("bad score %q", f[4])
		}
		run[f[0]] = append(run[f[0]], RunEntry{Query: f[0], Doc: f[2], Rank: rank, Score: score})
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, es := range run {
		sort.SliceStable(es, func(i, j int) bool {
			a, b := es[i], es[j]
			if a.Rank != b.Rank {
				return a.Rank < b.Rank
			}
			if a.Score != b.Score {
				return a.Score > b.Score
			}
			return a.Doc < b.Doc
		})
	}
	return run, nil
}

// WriteTopics writes the suite's queries as "qid<TAB>text" lines, the topics
// format of Anserini and ir_datasets. Tabs and newlines in a query become
// spaces.
func WriteTopics(w io.Writer, s *Suite) error {
	bw := bufio.NewWriter(w)
	clean := strings.NewReplacer("\t", " ", "\r", " ", "\n", " ")
	for _, q := range s.Queries {
		fmt.Fprintf(bw, "%s\t%s\n", q.ID, clean.Replace(q.Text))
	}
	return bw.Flush()
}

// eachLine calls fn with the fields of each non-blank line of r, wrapping
// its errors in a *LineError.
func eachLine(r io.Reader, name string, fn func(fields []string) error) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 4*1024*1024)
	for n := 1; sc.Scan(); n++ {
		fields := strings.Fields(sc.Text())
		if len(fields) == 0 {
			continue
		}
		if err := fn(fields); err != nil {
			return &LineError{File: name, Line: n, Err: err}
		}
	}
	if err := sc.Err(); err != nil {
		return &LineError{File: name, Err: err}
	}
	return nil
}

// NewRunFileRanker returns a ranker that answers from a TREC run file read
// with [ReadRun], so that another system's output can be scored like the
// engine. Queries are looked up by id; a query absent from the run gets an
// empty ranking. Documents are resolved in entries (an unknown document
// keeps its id only), and referrals are aggregated as [RankingFromEntries]
// does.
func NewRunFileRanker(run map[string][]RunEntry, entries []*corpus.Entry) Ranker {
	byID := make(map[string]*corpus.Entry, len(entries))
	for _, e := range entries {
		byID[e.ID] = e
	}
	return RankerFunc(func(ctx context.Context, q *Query, k int) (*Ranking, error) {
		var es []*corpus.Entry
		var scores []float64
		for _, re := range run[q.ID] {
			if len(es) == k {
				break
			}
			e := byID[re.Doc]
			if e == nil {
				e = &corpus.Entry{ID: re.Doc}
			}
			es = append(es, e)
			scores = append(scores, re.Score)
		}
		return RankingFromEntries(es, scores), nil
	})
}

// RankingFromEntries builds a ranking from ranked entries and their scores.
// Its referral cards are those of the first entry, one per organisation and
// action, as the engine shows the answer's cards (a run file tells nothing
// of near-equal answers or sections). It has no confidence.
func RankingFromEntries(es []*corpus.Entry, scores []float64) *Ranking {
	rk := &Ranking{}
	type card struct{ action, org string }
	seen := map[card]bool{}
	for i, e := range es {
		rk.Hits = append(rk.Hits, hitFromEntry(e, scores[i]))
		if i > 0 {
			continue
		}
		for _, ref := range e.Referrals {
			c := card{string(ref.Action), ref.Org}
			if !seen[c] {
				seen[c] = true
				rk.addCard(Card{Action: c.action, Org: c.org, From: []string{e.ID}})
			}
		}
	}
	return rk
}
