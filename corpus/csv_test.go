package corpus

import (
	"encoding/json"
	"errors"
	"github.com/soudan-desk/soudan/internal/golden"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/encoding/japanese"
)

// testDirectory returns the directory of the default corpus.
func testDirectory(t testing.TB) *Directory {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("default", DirectoryFile))
	if err != nil {
		t.Fatal(err)
	}
	d, err := ParseDirectory(DirectoryFile, data)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// parseFixture parses testdata/formats/name with parse and builds its
// entries. It returns the document, the problems of parsing and building,
// and the parse error.
func parseFixture(t *testing.T, name string, parse parser) (*Document, []Problem, error) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "formats", name))
	if err != nil {
		t.Fatal(err)
	}
	dir := testDirectory(t)
	doc, probs, err := parse(name, data, dir)
	if doc != nil {
		probs = append(probs, finishDocument(doc, dir, map[string]bool{})...)
	}
	return doc, probs, err
}

// checkGolden compares the entries, problems and errors of a parse with
// testdata/formats/<name>.golden.json; -update rewrites it.
func checkGolden(t *testing.T, name string, doc *Document, probs []Problem, err error) {
	t.Helper()
	type result struct {
		Entries  []*Entry `json:"entries"`
		Problems []string `json:"problems"`
		Errors   []string `json:"errors"`
	}
	r := result{Entries: doc.Entries, Problems: []string{}, Errors: []string{}}
	for _, p := range probs {
		r.Problems = append(r.Problems, p.String())
	}
	if err != nil {
		for _, e := range loadErrors(err) {
			r.Errors = append(r.Errors, e.Error())
		}
	}
	got, jerr := json.MarshalIndent(r, "", "  ")
	if jerr != nil {
		t.Fatal(jerr)
	}
	got = append(got, '\n')
	golden.Check(t, filepath.Join("testdata", "formats", name+".golden.json"), got, *update)
}

// loadErrors flattens err into its *Error items.
func loadErrors(err error) []error {
	var le LoadErrors
	if errors.As(err, &le) {
		return le
	}
	return []error{err}
}

func errorLines(t *testing.T, err error) []int {
	t.Helper()
	var lines []int
	for _, e := range loadErrors(err) {
		var fe *Error
		if !errors.As(e, &fe) {
			t.Fatalf("error %v is not a *corpus.Error", e)
		}
		lines = append(lines, fe.Line)
	}
	return lines
}

func entryTitles(doc *Document) []string {
	var out []string
	for _, e := range doc.Entries {
		out = append(out, e.Title)
	}
	return out
}

func TestParseCSVGolden(t *testing.T) {
	for _, name := range []string{"faq.csv", "cases.csv"} {
		t.Run(name, func(t *testing.T) {
			doc, probs, err := parseFixture(t, name, ParseCSV)
			if doc == nil {
				t.Fatalf("no document: %v", err)
			}
			checkGolden(t, name, doc, probs, err)
		})
	}
}

func TestParseCSVBadRows(t *testing.T) {
	doc, _, err := parseFixture(t, "faq.csv", ParseCSV)
	if err == nil {
		t.Fatal("want errors for the bad rows")
	}
	// Line 7: unknown kind; line 8: too few fields; line 10: no title. The
	// multi-line cells of the first two records shift the line numbers.
	if got, want := errorLines(t, err), []int{7, 8, 10}; !slices.Equal(got, want) {
		t.Errorf("error lines = %v, want %v\n%v", got, want, err)
	}
	for _, e := range loadErrors(err) {
		if !strings.HasPrefix(e.Error(), "faq.csv:") {
			t.Errorf("error %q does not name the file and line", e)
		}
	}
	want := []string{"不審なメールの添付ファイルを開いてしまった", "サポート詐欺標準回答", "パスワードを使い回していた"}
	if got := entryTitles(doc); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("good rows = %q, want %q", got, want)
	}
}

func TestParseCSVRecord(t *testing.T) {
	doc, _, _ := parseFixture(t, "faq.csv", ParseCSV)
	e := doc.Entries[0]
	if e.Kind != KindFAQ {
		t.Errorf("kind = %q, want faq", e.Kind)
	}
	if got, want := strings.Join(e.Path, " > "), "faq > 追加FAQ > 02.迷惑メール"; got != want {
		t.Errorf("path = %q, want %q", got, want)
	}
	if e.ID != MakeID(e.Path, e.Title) {
		t.Errorf("ID %q is not derived from the path and title", e.ID)
	}
	if len(e.Question) != 1 || !strings.HasSuffix(e.Question[0], "どうすればよいか？") {
		t.Errorf("question = %q", e.Question)
	}
	if strings.Count(e.Answer, "\n") != 1 {
		t.Errorf("answer = %q, want two lines", e.Answer)
	}
	var orgs []string
	for _, r := range e.Referrals {
		orgs = append(orgs, string(r.Action)+":"+r.Org)
	}
	if got, want := strings.Join(orgs, ","), "相談:IPA情報セキュリティ安心相談窓口,届出:IPAセキュリティセンター"; got != want {
		t.Errorf("referrals = %s, want %s", got, want)
	}
	if len(e.Keywords) != 2 || len(e.Examples) != 2 {
		t.Errorf("keywords = %q, examples = %q", e.Keywords, e.Examples)
	}
	if got := e.Source.String(); got != "faq.csv:2-4" {
		t.Errorf("source = %s, want faq.csv:2-4", got)
	}
	std := doc.Entries[1]
	if std.Kind != KindStandardAnswer || len(std.GuidebookPages) != 1 || std.GuidebookPages[0] != "P.32" {
		t.Errorf("standard answer: kind %q, pages %q", std.Kind, std.GuidebookPages)
	}
	if got := doc.Entries[2].GuidebookPages; len(got) != 1 || got[0] != "P.45" {
		t.Errorf("pages = %q, want [P.45]", got)
	}
}

func TestParseCSVCases(t *testing.T) {
	doc, probs, err := parseFixture(t, "cases.csv", ParseCSV)
	if err != nil || len(probs) > 0 {
		t.Fatalf("err = %v, problems = %v", err, probs)
	}
	if len(doc.Entries) != 2 {
		t.Fatalf("got %d entries, want 2", len(doc.Entries))
	}
	e := doc.Entries[0]
	if e.Kind != KindCase || e.Title != "ケース 2026-11-02 ランサムウェア" {
		t.Errorf("kind %q, title %q", e.Kind, e.Title)
	}
	if !reflect.DeepEqual(e.Meta["date"], []string{"2026-11-02"}) || !reflect.DeepEqual(e.Meta["category"], []string{"ランサムウェア"}) || len(e.Meta["caller"]) != 1 || !strings.Contains(e.Meta["caller"][0], "暗号化") {
		t.Errorf("meta = %v", e.Meta)
	}
	if len(e.Question) != 2 {
		t.Errorf("question = %q, want the caller's two lines", e.Question)
	}
	if len(e.Referrals) != 2 || e.Referrals[0].Org != "所轄の警察署" {
		t.Errorf("referrals = %+v", e.Referrals)
	}
}

func TestParseCSVEncodings(t *testing.T) {
	const text = "タイトル,分類パス,回答\r\n" +
		"ウイルスに感染した,追加FAQ > 05.マルウェア,\"ネットワークから切り離してください。\r\n【相談】IPA情報セキュリティ安心相談窓口\"\r\n" +
		"ソフトウェアを更新したい,追加FAQ,最新版に更新してください。\r\n"
	sjis, err := japanese.ShiftJIS.NewEncoder().Bytes([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	badSJIS := append(append([]byte(nil), sjis...), []byte("x,y,\x82\xff\r\n")...)
	badUTF8 := []byte(text + "x,y,\xff\xfeこんにちは\r\n")
	cases := []struct {
		name     string
		data     []byte
		wantLine int // of the encoding error, which costs only its row; 0 for none
	}{
		{"utf8", []byte(text), 0},
		{"utf8-bom", append(append([]byte(nil), utf8BOM...), text...), 0},
		{"shift_jis", sjis, 0},
		{"bad shift_jis", badSJIS, 5},
		{"bad utf8", badUTF8, 5},
	}
	dir := testDirectory(t)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			doc, _, err := ParseCSV("enc.csv", c.data, dir)
			if c.wantLine > 0 {
				if got := errorLines(t, err); !slices.Equal(got, []int{c.wantLine}) || !strings.HasPrefix(err.Error(), "enc.csv:") {
					t.Fatalf("err = %v, want one error at enc.csv:%d", err, c.wantLine)
				}
			} else if err != nil {
				t.Fatal(err)
			}
			finishDocument(doc, dir, map[string]bool{})
			if got := entryTitles(doc); len(got) != 2 || got[0] != "ウイルスに感染した" {
				t.Fatalf("titles = %q", got)
			}
			e := doc.Entries[0]
			if e.Answer != "ネットワークから切り離してください。\n【相談】IPA情報セキュリティ安心相談窓口" {
				t.Errorf("answer = %q", e.Answer)
			}
			if len(e.Referrals) != 1 || e.Referrals[0].Org != "IPA情報セキュリティ安心相談窓口" {
				t.Errorf("referrals = %+v", e.Referrals)
			}
			if e.Source.StartLine != 2 || e.Source.EndLine != 3 || doc.Entries[1].Source.StartLine != 4 {
				t.Errorf("sources = %v, %v", e.Source, doc.Entries[1].Source)
			}
		})
	}
}

// TestParseCSVBadRowsCostOnlyThemselves: a bad byte, a quote that never
// closes or a stray quote rejects its own row, reported at its line (an
// unclosed quote at the line where it opened); every other row is read.
func TestParseCSVBadRowsCostOnlyThemselves(t *testing.T) {
	const header = "タイトル,回答\n"
	tests := []struct {
		name       string
		data       string
		wantTitles []string
		wantLines  []int
	}{
		{"clean", header + "a,1\nb,2\n", []string{"a", "b"}, nil},
		{"bad byte", header + "a,1\nb,\xff2\nc,3\n", []string{"a", "c"}, []int{3}},
		{"bad byte in a multi-line cell", header + "a,\"1\n\xfe\"\nb,2\n", []string{"b"}, []int{3}},
		{"unclosed quote", header + "a,1\nb,\"2\nc,3\nd,4\n", []string{"a", "c", "d"}, []int{3}},
		{"unclosed quote on the last row", header + "a,1\nb,\"2\n", []string{"a"}, []int{3}},
		{"unclosed quote after a multi-line cell", header + "a,\"1\n1\"\nb,\"2\nc,3\n", []string{"a", "c"}, []int{4}},
		{"stray quote", header + "a,1\nb,\"2\"x\nc,3\n", []string{"a", "c"}, []int{3}},
		{"stray quote, then an unclosed quote", header + "a,1\nb,\"2\"x\"\nc,3\nd,\"4\ne,5\n", []string{"a", "c", "e"}, []int{3, 5}},
		{"bad byte, then an unclosed quote", header + "a,1\nb,\xff2\nc,3\nd,\"4\ne,5\n", []string{"a", "c", "e"}, []int{3, 5}},
		{"escaped quotes are fine", header + "a,\"say \"\"hi\"\"\"\nb,2\n", []string{"a", "b"}, nil},
		{"too few fields", header + "a\nb,2\n", []string{"b"}, []int{2}},
	}
	dir := testDirectory(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, _, err := ParseCSV("rows.csv", []byte(tt.data), dir)
			if doc == nil {
				t.Fatalf("no document: %v", err)
			}
			finishDocument(doc, dir, map[string]bool{})
			if got := entryTitles(doc); strings.Join(got, "|") != strings.Join(tt.wantTitles, "|") {
				t.Errorf("titles = %q, want %q (err %v)", got, tt.wantTitles, err)
			}
			if tt.wantLines == nil {
				if err != nil {
					t.Errorf("err = %v, want none", err)
				}
				return
			}
			if got := errorLines(t, err); !slices.Equal(got, tt.wantLines) {
				t.Errorf("error lines = %v, want %v: %v", got, tt.wantLines, err)
			}
			for _, e := range loadErrors(err) {
				if !strings.HasPrefix(e.Error(), "rows.csv:") {
					t.Errorf("error %q does not start with file:line", e)
				}
			}
		})
	}
}

// TestParseCSVErrorColumn: a parse error's column counts characters, as
// an editor shows them, not bytes.
func TestParseCSVErrorColumn(t *testing.T) {
	_, _, err := ParseCSV("rows.csv", []byte("タイトル,回答\n壊れた,\"答え\"x\n"), testDirectory(t))
	if err == nil || !strings.Contains(err.Error(), "rows.csv:2: column 8: ") {
		t.Errorf("err = %v, want rows.csv:2: column 8: …", err)
	}
}

func TestParseCSVHeader(t *testing.T) {
	cases := []struct {
		name      string
		data      string
		wantErr   bool
		wantProbs int
	}{
		{"empty", "", true, 0},
		{"no answer column", "title,question\na,b\n", true, 0},
		{"no title or caller column", "answer\na\n", true, 0},
		{"unknown column", "title,answer,priority\na,b,c\n", false, 1},
		{"repeated column", "title,answer,回答\na,b,c\n", false, 1},
		{"English and Japanese", "種別,Title,回答\nfaq,a,b\n", false, 0},
	}
	dir := testDirectory(t)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, probs, err := ParseCSV("h.csv", []byte(c.data), dir)
			if (err != nil) != c.wantErr {
				t.Errorf("err = %v, want error %v", err, c.wantErr)
			}
			if len(probs) != c.wantProbs {
				t.Errorf("problems = %v, want %d", probs, c.wantProbs)
			}
		})
	}
}

func FuzzParseCSV(f *testing.F) {
	for _, name := range []string{"faq.csv", "cases.csv"} {
		data, err := os.ReadFile(filepath.Join("testdata", "formats", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	if sjis, err := japanese.ShiftJIS.NewEncoder().Bytes([]byte("タイトル,回答\nウイルス,切り離す\n")); err == nil {
		f.Add(sjis)
	}
	f.Add([]byte("title,answer\n\"a\nb,\"c\n"))
	f.Add([]byte("title,answer\na,1\nb,\"2\nc,3\n"))
	f.Add([]byte("title,answer\na,\xff1\nb,\"2\"x\n"))
	f.Add([]byte("\"title,answer\na,1\n"))
	dir := testDirectory(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, _, err := ParseCSV("fuzz.csv", data, dir)
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

// TestDocsExamples loads the example files of docs/formats.md as a corpus
// folder: they must load without errors or problems.
func TestDocsExamples(t *testing.T) {
	c, err := LoadDir(filepath.Join("..", "docs", "examples"))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range Check(c) {
		t.Errorf("problem: %s", p)
	}
	formats := map[string]int{}
	for _, d := range c.Docs {
		formats[d.Format] += len(d.Entries)
	}
	for _, f := range []string{"csv", "yaml", "mm"} {
		if formats[f] == 0 {
			t.Errorf("no %s entries in the examples (entries by format: %v)", f, formats)
		}
	}
	if c.Thesaurus == nil || c.Annotations == nil {
		t.Errorf("the examples lack a thesaurus or annotations")
	}
	for _, e := range c.Entries {
		t.Logf("%s %-15s %s | %s", e.ID, e.Kind, e.Title, strings.Join(e.Path, " > "))
	}
}
