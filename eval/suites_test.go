package eval_test

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/soudan-desk/soudan/corpus"
)

// suiteLine is one line of a shipped suite, decoded leniently: the checks
// below concern the data, not the parser.
type suiteLine struct {
	ID         string   `json:"id"`
	Query      string   `json:"query"`
	Expect     []string `json:"expect"`
	Referrals  []string `json:"referrals"`
	Confidence string   `json:"confidence"`
	Tags       []string `json:"tags"`
}

// shippedSuite describes what each independently written suite must hold.
type shippedSuite struct {
	file string
	// min is the least number of lines.
	min int
	// uncovered suites have no expect strings and confidence "none".
	uncovered bool
	// tag is a tag every line carries.
	tag string
}

var shippedSuites = []shippedSuite{
	{file: "messy.jsonl", min: 170},
	{file: "routed.jsonl", min: 50, tag: "routed"},
	{file: "uncovered.jsonl", min: 90, uncovered: true, tag: "uncovered"},
	{file: "covered3.jsonl", min: 120},
	{file: "uncovered3.jsonl", min: 120, uncovered: true, tag: "uncovered"},
	{file: "covered4.jsonl", min: 120},
	{file: "uncovered4.jsonl", min: 120, uncovered: true, tag: "uncovered"},
	{file: "covered5.jsonl", min: 120},
	{file: "uncovered5.jsonl", min: 120, uncovered: true, tag: "uncovered"},
	{file: "covered6.jsonl", min: 120},
	{file: "uncovered6.jsonl", min: 120, uncovered: true, tag: "uncovered"},
	{file: "covered7.jsonl", min: 120},
	{file: "uncovered7.jsonl", min: 120, uncovered: true, tag: "uncovered"},
	{file: "covered8.jsonl", min: 120},
	{file: "uncovered8.jsonl", min: 120, uncovered: true, tag: "uncovered"},
	{file: "covered9.jsonl", min: 120},
	{file: "uncovered9.jsonl", min: 120, uncovered: true, tag: "uncovered"},
	{file: "covered10.jsonl", min: 150},
	{file: "uncovered10.jsonl", min: 150, uncovered: true, tag: "uncovered"},
	{file: "covered11.jsonl", min: 150},
	{file: "uncovered11.jsonl", min: 150, uncovered: true, tag: "uncovered"},
	{file: "covered12.jsonl", min: 150},
	{file: "uncovered12.jsonl", min: 150, uncovered: true, tag: "uncovered"},
	{file: "covered13.jsonl", min: 150},
	{file: "uncovered13.jsonl", min: 150, uncovered: true, tag: "uncovered"},
}

// registers are the tags naming how a caller's words were written
// (covered3, uncovered3 and the later pairs also tag plain descriptions
// "clean").
var registers = []string{"kana", "typo", "rambling", "terse", "clean"}

func readSuiteLines(t *testing.T, path string) []suiteLine {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []suiteLine
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64*1024), 4*1024*1024)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var l suiteLine
		if err := json.Unmarshal([]byte(line), &l); err != nil {
			t.Fatalf("%s:%d: %v", path, n, err)
		}
		out = append(out, l)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestShippedSuitesMatchCorpus checks the data of the independently written
// suites against the default corpus: every expect string names at least one
// entry (by title and path, as evaluation matches it), every referral is named by a
// matching entry or by the section entry above it, ids are unique across
// all suites, and each line carries the tags its suite promises.
func TestShippedSuitesMatchCorpus(t *testing.T) {
	c, err := corpus.LoadDefault()
	if err != nil {
		t.Fatal(err)
	}
	ids := allSuiteIDs(t)
	for _, s := range shippedSuites {
		t.Run(s.file, func(t *testing.T) {
			lines := readSuiteLines(t, filepath.Join("testdata", s.file))
			if len(lines) < s.min {
				t.Errorf("%d lines, want at least %d", len(lines), s.min)
			}
			for _, l := range lines {
				if ids[l.ID] > 1 {
					t.Errorf("%s: id used %d times across eval/testdata", l.ID, ids[l.ID])
				}
				checkLine(t, c, s, l)
			}
		})
	}
}

func allSuiteIDs(t *testing.T) map[string]int {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "*.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]int{}
	for _, f := range files {
		for _, l := range readSuiteLines(t, f) {
			ids[l.ID]++
		}
	}
	return ids
}

func checkLine(t *testing.T, c *corpus.Corpus, s shippedSuite, l suiteLine) {
	t.Helper()
	if strings.TrimSpace(l.Query) == "" {
		t.Errorf("%s: empty query", l.ID)
	}
	if s.tag != "" && !slices.Contains(l.Tags, s.tag) {
		t.Errorf("%s: missing tag %q", l.ID, s.tag)
	}
	if !slices.ContainsFunc(l.Tags, func(tag string) bool { return slices.Contains(registers, tag) }) {
		t.Errorf("%s: no register tag (one of %v)", l.ID, registers)
	}
	if s.uncovered {
		if len(l.Expect) != 0 || len(l.Referrals) != 0 || l.Confidence != "none" {
			t.Errorf("%s: an uncovered call needs empty expect and referrals and confidence none", l.ID)
		}
		return
	}
	if len(l.Expect) == 0 {
		t.Errorf("%s: no expect strings", l.ID)
	}
	var matched []*corpus.Entry
	for _, e := range l.Expect {
		m := entriesMatching(c, e)
		if len(m) == 0 {
			t.Errorf("%s: expect %q matches no entry", l.ID, e)
		}
		matched = append(matched, m...)
	}
	for _, r := range l.Referrals {
		if !namedBy(c, matched, r) {
			t.Errorf("%s: referral %q is named by none of the expected entries", l.ID, r)
		}
	}
}

// entriesMatching returns the entries whose folded title and path contain
// the folded expect string.
func entriesMatching(c *corpus.Corpus, expect string) []*corpus.Entry {
	want := corpus.Fold(expect)
	var out []*corpus.Entry
	for _, e := range c.Entries {
		if strings.Contains(corpus.Fold(e.PathText()), want) {
			out = append(out, e)
		}
	}
	return out
}

// namedBy reports whether one of the entries, or the section entry above
// it, names an organisation whose folded name contains the referral.
func namedBy(c *corpus.Corpus, entries []*corpus.Entry, referral string) bool {
	want := corpus.Fold(referral)
	for _, e := range entries {
		candidates := []*corpus.Entry{e}
		if sec, ok := c.Entry(e.Section); ok {
			candidates = append(candidates, sec)
		}
		for _, x := range candidates {
			for _, r := range x.Referrals {
				if strings.Contains(corpus.Fold(r.Org), want) {
					return true
				}
			}
		}
	}
	return false
}

// fixtureSuites are the .jsonl files of eval/testdata that test the
// harness itself and are not shipped suites.
var fixtureSuites = []string{"mini.jsonl"}

// TestSuiteList checks eval/testdata/suites.txt, the ordered list of the
// shipped suites that the fit and ablation scripts read: every suite file
// is listed once, each listed suite's calls are all covered or all
// uncovered as the list says, and `make eval-gates` gates each one.
func TestSuiteList(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("testdata", "suites.txt"))
	if err != nil {
		t.Fatal(err)
	}
	makefile, err := os.ReadFile(filepath.Join("..", "Makefile"))
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{}
	for n, line := range strings.Split(string(raw), "\n") {
		f := strings.Fields(line)
		if len(f) == 0 || strings.HasPrefix(f[0], "#") {
			continue
		}
		if len(f) != 2 || f[1] != "covered" && f[1] != "uncovered" {
			t.Errorf("suites.txt:%d: want NAME covered|uncovered, got %q", n+1, line)
			continue
		}
		name := f[0] + ".jsonl"
		if listed[name] {
			t.Errorf("suites.txt:%d: %s listed twice", n+1, f[0])
		}
		listed[name] = true
		for _, l := range readSuiteLines(t, filepath.Join("testdata", name)) {
			if covered := len(l.Expect) > 0; covered != (f[1] == "covered") {
				t.Errorf("%s: %s call %s in a suite listed as %s", name, map[bool]string{true: "covered", false: "uncovered"}[covered], l.ID, f[1])
			}
		}
		if !strings.Contains(string(makefile), "--suite eval/testdata/"+name+" ") {
			t.Errorf("suites.txt:%d: the Makefile's eval-gates does not gate %s", n+1, name)
		}
	}
	files, err := filepath.Glob(filepath.Join("testdata", "*.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if base := filepath.Base(f); !listed[base] && !slices.Contains(fixtureSuites, base) {
			t.Errorf("%s is not listed in testdata/suites.txt", base)
		}
	}
}
