package corpus

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

func TestParseYAMLGolden(t *testing.T) {
	doc, probs, err := parseFixture(t, "cases.yaml", ParseYAML)
	if doc == nil {
		t.Fatalf("no document: %v", err)
	}
	checkGolden(t, "cases.yaml", doc, probs, err)
}

func TestParseYAMLBadRecord(t *testing.T) {
	doc, probs, err := parseFixture(t, "cases.yaml", ParseYAML)
	// The second record's answer is a list: that record alone is rejected,
	// at the line of its answer.
	if got, want := errorLines(t, err), []int{21}; !slices.Equal(got, want) {
		t.Errorf("error lines = %v, want %v\n%v", got, want, err)
	}
	if got := entryTitles(doc); len(got) != 2 || got[0] != "偽の警告画面が消えない" || got[1] != "ケース 2026-11-10 不正ログイン" {
		t.Errorf("good records = %q", got)
	}
	var msgs []string
	for _, p := range probs {
		msgs = append(msgs, p.String())
	}
	want := []string{
		`cases.yaml:29: referral organisation "存在しない相談先" is not in the directory; add it to directory.yaml`,
		`cases.yaml:30: unknown key "priority" is ignored (see docs/formats.md)`,
	}
	if strings.Join(msgs, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(msgs, "\n"), strings.Join(want, "\n"))
	}
}

func TestParseYAMLRecord(t *testing.T) {
	doc, _, _ := parseFixture(t, "cases.yaml", ParseYAML)
	e := doc.Entries[0]
	if got, want := strings.Join(e.Path, " > "), "追加FAQ > 05.偽警告"; got != want {
		t.Errorf("path = %q, want %q", got, want)
	}
	var refs []string
	for _, r := range e.Referrals {
		refs = append(refs, string(r.Action)+":"+r.Org)
	}
	if got, want := strings.Join(refs, ","), "相談:IPA情報セキュリティ安心相談窓口,届出:所轄の警察署"; got != want {
		t.Errorf("referrals = %s, want %s", got, want)
	}
	if e.Source.StartLine != 3 || e.Source.EndLine != 18 {
		t.Errorf("source = %v, want lines 3-18", e.Source)
	}
	c := doc.Entries[1]
	if c.Kind != KindCase || !reflect.DeepEqual(c.Meta["date"], []string{"2026-11-10"}) || len(c.Question) != 1 {
		t.Errorf("case: kind %q, meta %v, question %q", c.Kind, c.Meta, c.Question)
	}
	// Unknown organisations given field by field are kept as written.
	if len(c.Referrals) != 1 || c.Referrals[0].Org != "存在しない相談先" {
		t.Errorf("case referrals = %+v", c.Referrals)
	}
}

func TestParseYAMLFile(t *testing.T) {
	cases := []struct {
		name      string
		data      string
		wantErr   int // line of the error, -1 for none
		wantProbs int
		entries   int
	}{
		{"empty", "", -1, 0, 0},
		{"no entries", "title: x\n", -1, 1, 0},
		{"not a mapping", "- a\n- b\n", 1, 0, 0},
		{"entries not a list", "entries: x\n", 1, 0, 0},
		{"syntax error", "entries:\n  - title: [\n", 2, 0, 0},
		{"unknown top key", "titel: x\nentries:\n  - {title: a, answer: b}\n", -1, 1, 1},
		{"entry not a mapping", "entries:\n  - just text\n  - {title: a, answer: b}\n", 2, 0, 1},
		{"bad action", "entries:\n  - title: a\n    answer: b\n    referrals:\n      - {action: 依頼, org: 警察署}\n", 5, 0, 0},
		{"second document", "entries: []\n---\nentries: []\n", -1, 1, 0},
		{"alias", "entries:\n  - &a {title: a, answer: b}\n  - *a\n", -1, 0, 2},
		{"not UTF-8", "entries:\n  - {title: \xff, answer: b}\n", 2, 0, 0},
		{"a bad byte costs only its record", "entries:\n  - {title: a, answer: b}\n  - title: c\n    answer: \"\xfe\"\n  - {title: d, answer: e}\n", 4, 0, 2},
		{"a bad byte in a comment", "# \xff\nentries:\n  - {title: a, answer: b}\n", 1, 0, 1},
		// A syntax error names its own line; the records before the one
		// it cuts short still load.
		{"unclosed flow list", yamlRecords(3) + "  - title: g\n    kind: faq\n    answer: [broken\n", 10, 0, 3},
		{"mis-indented key", yamlRecords(2) + "  - title: e\n  answer: b\n", 7, 0, 2},
		{"tab", yamlRecords(2) + "\t- title: e\n", 6, 0, 1},
		{"the faulty line starts a record", "entries:\n  - {title: a, answer: b}\n  - {title: c, answer: d}\n  - {title: [e, answer: f}\n", 4, 0, 2},
		{"a title after the error", yamlRecords(2) + "  - title: [e\ntitle: 追加FAQ\n", 6, 0, 0},
		{"no record before the error", "entries:\n  - title: a\n    answer: [b\n", 3, 0, 0},
	}
	dir := testDirectory(t)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			doc, probs, err := ParseYAML("t.yaml", []byte(c.data), dir)
			if c.wantErr < 0 && err != nil {
				t.Fatalf("unexpected error %v", err)
			}
			if c.wantErr >= 0 {
				var fe *Error
				if !errors.As(loadErrors(err)[0], &fe) || fe.Line != c.wantErr {
					t.Errorf("err = %v, want an error at line %d", err, c.wantErr)
				}
			}
			if len(probs) != c.wantProbs {
				t.Errorf("problems = %v, want %d", probs, c.wantProbs)
			}
			n := 0
			if doc != nil {
				finishDocument(doc, dir, map[string]bool{})
				n = len(doc.Entries)
			}
			if n != c.entries {
				t.Errorf("%d entries, want %d", n, c.entries)
			}
		})
	}
}

// yamlRecords returns the start of an entries list of n records of two
// lines each.
func yamlRecords(n int) string {
	var b strings.Builder
	b.WriteString("entries:\n")
	for i := range n {
		fmt.Fprintf(&b, "  - title: t%d\n    answer: a%d\n", i, i)
	}
	return b.String()
}

// TestYAMLErrorMessages checks that YAML errors name their line once, as
// file:line, in every YAML file of a corpus.
func TestYAMLErrorMessages(t *testing.T) {
	dir := testDirectory(t)
	parseYAML := func(file string, data []byte) error { _, _, err := ParseYAML(file, data, dir); return err }
	parseDirectory := func(file string, data []byte) error { _, err := ParseDirectory(file, data); return err }
	parseAnnotations := func(file string, data []byte) error { _, err := ParseAnnotations(file, data); return err }
	cases := []struct {
		name  string
		parse func(file string, data []byte) error
		data  string
		want  string
	}{
		{"records", parseYAML, "entries:\n  - title: a\n    answer: [b\n", "t.yaml:3: YAML syntax error: did not find expected ',' or ']'"},
		{"recovered", parseYAML, yamlRecords(2) + "  - title: e\n  answer: b\n", "t.yaml:7: YAML syntax error: did not find expected '-' indicator; the entries from line 6 on are not read"},
		{"directory", parseDirectory, "orgs:\n  - {name: a, aliases: [x, y}\n", "t.yaml:2: YAML syntax error: did not find expected ',' or ']'"},
		{"directory: unknown field", parseDirectory, "orgs: []\nowner: x\n", "t.yaml:2: field owner not found in type corpus.directoryFile"},
		{"annotations", parseAnnotations, "entries:\n  - id: x\n\t title: y\n", "t.yaml:3: YAML syntax error: found a tab character that violates indentation"},
		{"annotations: bad field", parseAnnotations, "entries:\n  - id: x\n    keywords: {a: b}\n", "t.yaml:3: cannot unmarshal !!map into []string"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if err := c.parse("t.yaml", []byte(c.data)); err == nil || err.Error() != c.want {
				t.Errorf("err = %v\nwant %s", err, c.want)
			}
		})
	}
}

func FuzzParseYAML(f *testing.F) {
	data, err := os.ReadFile(filepath.Join("testdata", "formats", "cases.yaml"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Add([]byte("entries:\n  - &a {title: a, answer: b}\n  - *a\n"))
	f.Add([]byte("entries:\n  - {title: a, answer: b}\n  - {title: \xff, answer: c}\n"))
	f.Add([]byte("entries:\n  - title: a\n    answer: |\n      x\n    referrals: [{action: 相談, org: 警察}]\n"))
	f.Add([]byte(yamlRecords(2) + "  - title: e\n  answer: b\n"))
	f.Add([]byte("entries:\n  - {title: a, answer: b}\n  - {title: [e, answer: f}\n"))
	dir := testDirectory(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, _, err := ParseYAML("fuzz.yaml", data, dir)
		if doc == nil {
			if err == nil {
				t.Fatal("no document and no error")
			}
			return
		}
		finishDocument(doc, dir, map[string]bool{})
		for _, e := range doc.Entries {
			if e.ID == "" || e.Answer == "" {
				t.Fatalf("entry without ID or answer: %+v", e)
			}
		}
	})
}
