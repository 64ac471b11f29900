package eval_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/soudan-desk/soudan/corpus"
	"github.com/soudan-desk/soudan/eval"
)

func TestQrelsRoundTrip(t *testing.T) {
	q := eval.Qrels{}
	q.Add("b", "e2", 1)
	q.Add("a", "e9", 2)
	q.Add("a", "e1", 0)
	var buf bytes.Buffer
	if err := eval.WriteQrels(&buf, q); err != nil {
		t.Fatal(err)
	}
	want := "a 0 e1 0\na 0 e9 2\nb 0 e2 1\n"
	if buf.String() != want {
		t.Errorf("qrels =\n%s\nwant\n%s", buf.String(), want)
	}
	got, err := eval.ReadQrels(&buf, "q.txt")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, q) {
		t.Errorf("read back %v, want %v", got, q)
	}
}

func TestReadTRECErrors(t *testing.T) {
	if _, err := eval.ReadQrels(strings.NewReader("a 0 e1 1\n\na 0 e2\n"), "q.txt"); err == nil || !strings.HasPrefix(err.Error(), "q.txt:3: want 4 fields") {
		t.Errorf("qrels error = %v", err)
	}
	if _, err := eval.ReadQrels(strings.NewReader("a 0 e1 yes\n"), "q.txt"); err == nil || !strings.HasPrefix(err.Error(), "q.txt:1: bad relevance") {
		t.Errorf("qrels error = %v", err)
	}
	if _, err := eval.ReadRun(strings.NewReader("a Q0 e1 one 1.0 t\n"), "r.txt"); err == nil || !strings.HasPrefix(err.Error(), "r.txt:1: bad rank") {
		t.Errorf("run error = %v", err)
	}
}

func TestReadRunOrder(t *testing.T) {
	run, err := eval.ReadRun(strings.NewReader("q Q0 c 2 0.5 t\nq Q0 a 1 0.9 t\nq Q0 b 2 0.7 t\n"), "r.txt")
	if err != nil {
		t.Fatal(err)
	}
	var docs []string
	for _, e := range run["q"] {
		docs = append(docs, e.Doc)
	}
	if want := []string{"a", "b", "c"}; !reflect.DeepEqual(docs, want) {
		t.Errorf("order = %v, want %v (rank, then score descending)", docs, want)
	}
}

func newFakeEngine(entries []*corpus.Entry, ranks map[string][]string) *fakeEngine {
	f := &fakeEngine{entries: map[string]*corpus.Entry{}, ranks: ranks}
	for _, e := range entries {
		f.entries[e.ID] = e
	}
	return f
}

// A run written as a TREC run file and scored from it gives the same
// metrics, ranks and referrals as the run itself.
func TestRunFileRoundTrip(t *testing.T) {
	entries := corpusFixture()
	s := mustParseSuite(t, strings.Join([]string{
		`{"id": "q1", "query": "暗号化", "expect": ["ランサムウェア"], "referrals": ["警察", "IPA"]}`,
		`{"id": "q2", "query": "偽サイト", "expect": ["なりすましEC"], "referrals": []}`,
		`{"id": "q3", "query": "何も出ない", "expect": ["なりすましEC"], "referrals": []}`,
	}, "\n"))
	eng := newFakeEngine(entries, map[string][]string{
		"暗号化":  {"x1", "r1", "r2", "r3"},
		"偽サイト": {"x2", "x1", "ec"},
	})
	run := mustEvaluate(t, s, eval.NewEngineRanker(eng), entries, eval.Options{})
	var buf bytes.Buffer
	if err := eval.WriteRun(&buf, run, "soudan"); err != nil {
		t.Fatal(err)
	}
	if first := strings.SplitN(buf.String(), "\n", 2)[0]; first != "q1 Q0 x1 1 1 soudan" {
		t.Errorf("first run line = %q", first)
	}
	trec, err := eval.ReadRun(&buf, "run.txt")
	if err != nil {
		t.Fatal(err)
	}
	replay := mustEvaluate(t, s, eval.NewRunFileRanker(trec, entries), entries, eval.Options{})
	if !reflect.DeepEqual(run.PerQuery, replay.PerQuery) || !reflect.DeepEqual(run.Summary, replay.Summary) {
		a, _ := json.MarshalIndent(run.PerQuery, "", " ")
		b, _ := json.MarshalIndent(replay.PerQuery, "", " ")
		t.Errorf("replayed run differs:\n%s\n---\n%s", a, b)
	}
	if err := eval.WriteRun(&buf, run, "two words"); err == nil {
		t.Error("WriteRun accepted a tag with a space")
	}
}

func TestBEIRRoundTrip(t *testing.T) {
	entries := corpusFixture()
	entries[0].Answer = "切り離す。\n警察へ。"
	entries[0].Question = []string{"暗号化された"}
	s := mustParseSuite(t, strings.Join([]string{
		`{"id": "q1", "query": "暗号化", "expect": ["ランサムウェア"], "referrals": ["警察"]}`,
		`{"id": "q2", "query": "パスワード", "expect_ids": ["x2"], "referrals": []}`,
		`{"id": "q3", "query": "該当なし", "expect": ["存在しない"], "referrals": []}`,
	}, "\n"))
	dir := t.TempDir()
	if err := eval.ExportBEIR(dir, s, entries); err != nil {
		t.Fatal(err)
	}
	qrels, err := os.ReadFile(filepath.Join(dir, "qrels", "test.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	want := "query-id\tcorpus-id\tscore\nq1\tr1\t1\nq1\tr2\t1\nq1\tr3\t1\nq2\tx2\t1\n"
	if string(qrels) != want {
		t.Errorf("qrels/test.tsv =\n%s\nwant\n%s", qrels, want)
	}
	var doc struct{ ID, Title, Text string }
	f, err := os.Open(filepath.Join(dir, "corpus.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Scan()
	if err := json.Unmarshal(sc.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Title != "ランサムウェアの標準回答" || doc.Text != "ウイルス\n暗号化された\n切り離す。\n警察へ。" {
		t.Errorf("first document = %+v", doc)
	}
	if !strings.Contains(sc.Text(), `"_id":"r1"`) {
		t.Errorf("first document lacks _id: %s", sc.Text())
	}

	// Import: the judged queries come back with the qrels as expect_ids.
	back, err := eval.LoadSuite(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, q := range back.Queries {
		got = append(got, q.ID+"="+strings.Join(q.ExpectIDs, ","))
	}
	if want := []string{"q1=r1,r2,r3", "q2=x2"}; !reflect.DeepEqual(got, want) {
		t.Errorf("imported = %v, want %v", got, want)
	}
	if back.Queries[0].Text != "暗号化" {
		t.Errorf("imported text = %q", back.Queries[0].Text)
	}
}

func TestExportTREC(t *testing.T) {
	entries := corpusFixture()
	s := mustParseSuite(t, `{"id": "q1", "query": "暗号化\tされた", "expect": ["ランサムウェア"], "referrals": []}`)
	rk := newFixedRanker(entries)
	rk.ranks["q1"] = []string{"r3", "x1"}
	run := mustEvaluate(t, s, rk, entries, eval.Options{})
	dir := t.TempDir()
	if err := eval.ExportTREC(dir, s, entries, run); err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{
		"qrels.txt":  "q1 0 r1 1\nq1 0 r2 1\nq1 0 r3 1\n",
		"topics.tsv": "q1\t暗号化 された\n",
		"run.txt":    "q1 Q0 r3 1 100 soudan\nq1 Q0 x1 2 99 soudan\n",
	} {
		got, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != want {
			t.Errorf("%s =\n%s\nwant\n%s", name, got, want)
		}
	}
	// The exported qrels, imported into a suite without expectations of its
	// own, judge like the original rules.
	q, err := eval.LoadQrels(filepath.Join(dir, "qrels.txt"))
	if err != nil {
		t.Fatal(err)
	}
	s2 := mustParseSuite(t, `{"id": "q1", "query": "暗号化", "expect_ids": ["none"], "referrals": []}`)
	s2.AddQrels(q)
	run2 := mustEvaluate(t, s2, rk, entries, eval.Options{})
	if !reflect.DeepEqual(run.Summary, run2.Summary) {
		t.Errorf("summary with imported qrels %v, want %v", run2.Summary, run.Summary)
	}
}
