package corpus

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/soudan-desk/soudan/internal/golden"
)

// The maps under testdata/mm are laid out as FreeMind 1.0.1 and Freeplane
// 1.7, 1.11 and 1.12 save them: style hooks, notes, details, rich text,
// attributes, icons, arrow links and folded nodes; freeplane-1.11.mm has
// its text escaped one UTF-16 unit at a time (emoji as surrogate halves,
// a vertical tab pasted from Word), a summary node, a node-only clone,
// Markdown, a pasted address and a title with a trailing full-width space.
var mmFixtures = []string{"freemind-1.0.1.mm", "freeplane-1.7.mm", "freeplane-1.11.mm", "freeplane-1.12.mm"}

func readMMFixture(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "mm", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// parseMMFixture parses a map of testdata/mm and builds its entries.
func parseMMFixture(t testing.TB, name string) (*Document, []Problem) {
	t.Helper()
	dir := testDirectory(t)
	doc, probs, err := ParseMM(name, readMMFixture(t, name), dir)
	if err != nil {
		t.Fatal(err)
	}
	probs = append(probs, finishDocument(doc, dir, map[string]bool{})...)
	return doc, probs
}

// TestMMFixturesGolden compares each fixture's rebuilt tree, entries and
// problems with testdata/mm/<name>.golden.json; -update rewrites it.
func TestMMFixturesGolden(t *testing.T) {
	for _, name := range mmFixtures {
		t.Run(name, func(t *testing.T) {
			doc, probs := parseMMFixture(t, name)
			var tree bytes.Buffer
			if err := WriteTree(&tree, doc); err != nil {
				t.Fatal(err)
			}
			r := struct {
				Tree     []string `json:"tree"`
				Entries  []*Entry `json:"entries"`
				Problems []string `json:"problems"`
			}{Tree: strings.Split(strings.TrimRight(tree.String(), "\n"), "\n"), Entries: doc.Entries, Problems: []string{}}
			for _, p := range probs {
				r.Problems = append(r.Problems, p.String())
			}
			got, err := json.MarshalIndent(r, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			golden.Check(t, filepath.Join("testdata", "mm", name+".golden.json"), append(got, '\n'), *update)
		})
	}
}

// TestMMFixturesCheck loads the fixtures as a corpus folder, as
// `soudan corpus --check --corpus corpus/testdata/mm` does: no error and
// no problem.
func TestMMFixturesCheck(t *testing.T) {
	c, err := LoadDir(filepath.Join("testdata", "mm"))
	if err != nil {
		t.Fatal(err)
	}
	if probs := Check(c); len(probs) > 0 {
		t.Errorf("problems: %v", probs)
	}
	if len(c.Docs) != len(mmFixtures) {
		t.Errorf("%d documents, want %d", len(c.Docs), len(mmFixtures))
	}
}

func entryTitled(t *testing.T, doc *Document, title string) *Entry {
	t.Helper()
	for _, e := range doc.Entries {
		if e.Title == title {
			return e
		}
	}
	t.Fatalf("no entry %q", title)
	return nil
}

func TestMMFreeplaneNotes(t *testing.T) {
	doc, probs := parseMMFixture(t, "freeplane-1.12.mm")
	if len(probs) > 0 {
		t.Errorf("problems: %v", probs)
	}
	// The question whose answer is in its note is a FAQ entry with the
	// note's answer and referral.
	wifi := entryTitled(t, doc, "社内のWi-Fiのパスワードはどのくらいの頻度で変えるべきか")
	if wifi.Kind != KindFAQ || !reflect.DeepEqual(wifi.Question, []string{wifi.Title}) {
		t.Errorf("kind %s, question %q", wifi.Kind, wifi.Question)
	}
	wantAnswer := "定期的な変更よりも、推測されにくい長いパスワードにすることが大切です。\n" +
		"退職者が出たとき、漏えいの疑いがあるときは すぐに変更してください。\n\n" +
		"来客用のWi-Fiは社内用と分けてください。\n" +
		"ルーターの管理画面のパスワードも初期値から変えてください。\n" +
		"【相談】IPA情報セキュリティ安心相談窓口に相談"
	if wifi.Answer != wantAnswer {
		t.Errorf("answer = %q\nwant %q", wifi.Answer, wantAnswer)
	}
	if len(wifi.Referrals) != 1 || wifi.Referrals[0].Org != "IPA情報セキュリティ安心相談窓口" {
		t.Errorf("referrals = %+v", wifi.Referrals)
	}
	// Editors' attributes: keywords, examples, and the rest as meta with
	// repeated names in order.
	if !reflect.DeepEqual(wifi.Keywords, []string{"Wi-Fi", "無線LAN", "パスワード変更"}) {
		t.Errorf("keywords = %q", wifi.Keywords)
	}
	if !reflect.DeepEqual(wifi.Examples, []string{"会社の無線のパスワードっていつ変えればいいの"}) {
		t.Errorf("examples = %q", wifi.Examples)
	}
	wantMeta := map[string][]string{"担当": {"佐藤", "鈴木"}, "確認日": {"2026-11-20"}}
	if !reflect.DeepEqual(wifi.Meta, wantMeta) {
		t.Errorf("meta = %v, want %v", wifi.Meta, wantMeta)
	}
	// Rich node text, plain details, a kind attribute and a link.
	std := entryTitled(t, doc, "パスワード管理の標準回答")
	if std.Kind != KindStandardAnswer || std.Answer != "パスワードは使い回さないでください。\n長く、推測されにくいものにしてください。\nhttps://www.ipa.go.jp/security/anshin/" {
		t.Errorf("standard answer: kind %s, answer %q", std.Kind, std.Answer)
	}
	// Style definitions give no entry: their note and attributes are not
	// content.
	for _, e := range doc.Entries {
		if strings.Contains(e.Answer, "スタイル") || slices.Contains(e.Keywords, "テンプレート") {
			t.Errorf("style content in entry %q", e.Title)
		}
	}
	// The title with a line break keeps both parts; details are content
	// of a heading whose leaves are lines.
	rules := entryTitled(t, doc, "テレワーク のルール")
	if got := strings.Split(rules.Answer, "\n"); len(got) != 3 || got[0] != "社外で使う端末の決まりをまとめる。" {
		t.Errorf("rules answer = %q", rules.Answer)
	}
	if !reflect.DeepEqual(rules.Meta, map[string][]string{"出典": {"社内規程 第3条"}}) {
		t.Errorf("meta of a content leaf = %v", rules.Meta)
	}
}

func TestMMFreeplane17(t *testing.T) {
	doc, probs := parseMMFixture(t, "freeplane-1.7.mm")
	if len(probs) > 0 {
		t.Errorf("problems: %v", probs)
	}
	// A numbered heading with a note has content; the guidebook page in the
	// note is found.
	h := entryTitled(t, doc, "05.マルウェア（ウイルス）による被害")
	if !reflect.DeepEqual(h.GuidebookPages, []string{"P.30"}) {
		t.Errorf("pages = %q", h.GuidebookPages)
	}
	r := entryTitled(t, doc, "ランサムウェアに感染した")
	if r.Kind != KindFAQ || len(r.Question) != 1 {
		t.Errorf("kind %s, question %q", r.Kind, r.Question)
	}
	if !reflect.DeepEqual(r.Links, []string{"https://www.nomoreransom.org/ja/index.html"}) {
		t.Errorf("links = %q", r.Links)
	}
	if len(r.Referrals) != 1 || r.Referrals[0].Org != "所轄の警察署" || r.Referrals[0].Action != ActionReport {
		t.Errorf("referrals = %+v", r.Referrals)
	}
	if len(r.SeeAlso) != 0 {
		t.Errorf("see_also is resolved by Load, not by the parser: %q", r.SeeAlso)
	}
	n := findNode(doc.Root, "ランサムウェアに感染した")
	if len(n.Targets) != 1 || n.Targets[0].Title != "ランサムウェア標準回答" || !reflect.DeepEqual(n.Icons, []string{"messagebox_warning"}) {
		t.Errorf("targets %v, icons %q", n.Targets, n.Icons)
	}
	if !reflect.DeepEqual(r.Examples, []string{"パソコンのファイルが全部開けなくなった", "画面にお金を払えと出ている"}) {
		t.Errorf("examples = %q", r.Examples)
	}
}

func TestMMFreeplane111(t *testing.T) {
	doc, probs := parseMMFixture(t, "freeplane-1.11.mm")
	if len(probs) > 0 {
		t.Errorf("problems: %v", probs)
	}
	faq := entryTitled(t, doc, "ランサムウェアに感染したらどうすればよいか？")
	want := "ネットワークから切り離す 🔌\n電源は切らない（Wordから貼り付け）\nまず初動対応\nhttps://www.nomoreransom.org/ja/index.html"
	if faq.Kind != KindFAQ || faq.Answer != want {
		t.Errorf("FAQ: kind %s, answer %q\nwant %q", faq.Kind, faq.Answer, want)
	}
	std := entryTitled(t, doc, "ランサムウェア標準回答")
	want = "対応\n身代金は支払わない\n証拠を保全する 📸\n\n【相談】IPA情報セキュリティ安心相談窓口 https://www.ipa.go.jp/security/anshin/"
	if std.Kind != KindStandardAnswer || std.Answer != want || !reflect.DeepEqual(std.Meta, map[string][]string{"担当": {"佐藤 🙂"}}) {
		t.Errorf("standard answer: kind %s, answer %q, meta %v\nwant %q", std.Kind, std.Answer, std.Meta, want)
	}
	// The node-only clone shows the standard answer's note, then its own
	// child.
	clone := doc.Entries[len(doc.Entries)-1]
	if got := strings.Join(clone.Path[1:], "/") + "/" + clone.Title; got != "【ガイドブック】に沿った案件別FAQ/05.マルウェア（ウイルス）による被害/身代金の支払い/ランサムウェア標準回答" ||
		!strings.HasPrefix(clone.Answer, "対応\n") || !strings.HasSuffix(clone.Answer, "\n支払っても復号される保証はない") {
		t.Errorf("clone %s: %q", got, clone.Answer)
	}
}

func TestMMFreeMind(t *testing.T) {
	doc, probs := parseMMFixture(t, "freemind-1.0.1.mm")
	if len(probs) > 0 {
		t.Errorf("problems: %v", probs)
	}
	b := entryTitled(t, doc, "バックアップはどう取ればいいか")
	if b.Kind != KindFAQ || len(b.Referrals) != 1 || b.Referrals[0].Org != "IPA情報セキュリティ安心相談窓口" {
		t.Errorf("kind %s, referrals %+v", b.Kind, b.Referrals)
	}
	if got := strings.Split(b.Answer, "\n"); len(got) != 3 {
		t.Errorf("<br> should split the first paragraph: %q", got)
	}
	if !reflect.DeepEqual(b.Keywords, []string{"バックアップ", "復元"}) || !reflect.DeepEqual(b.Meta, map[string][]string{"更新者": {"田中"}}) {
		t.Errorf("keywords %q, meta %v", b.Keywords, b.Meta)
	}
	// A heading whose text is rich HTML.
	if n := findNode(doc.Root, "平時の備え"); n == nil {
		t.Error("rich node text not read")
	}
	// The reception flow's question is a checklist item, not a FAQ.
	if f := entryTitled(t, doc, "相談受付対応手順"); f.Kind != KindManual || len(f.Question) > 0 {
		t.Errorf("flow: kind %s, question %q", f.Kind, f.Question)
	}
}

func TestRichLines(t *testing.T) {
	tests := []struct {
		name  string
		raw   string
		plain bool
		want  []string
	}{
		{"paragraphs", "<html><head><style>p {}</style><title>t</title></head><body><p>\n  a\n  b\n</p><p>c</p></body></html>", false, []string{"a b", "c"}},
		{"entities", "<p>A&amp;B&#160;&#160;C&nbsp;D &lt;x&gt;</p>", false, []string{"A&B  C D <x>"}},
		{"br", "<p>a<br>b<br/>c</p>", false, []string{"a", "b", "c"}},
		{"list", "<ul>\n<li>one</li>\n<li>two</li>\n</ul>", false, []string{"one", "two"}},
		{"empty paragraph", "<p>a</p><p>\n  \n</p><p>b</p>", false, []string{"a", "", "b"}},
		{"nbsp paragraph", "<p>a</p><p>&#160;</p><p>b</p>", false, []string{"a", "", "b"}},
		{"inline markup", "<p><b>太字</b>と<i>斜体</i></p>", false, []string{"太字と斜体"}},
		{"table", "<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>", false, []string{"a b", "c"}},
		{"pre", "<pre>x  y\n  z</pre>", false, []string{"x  y", "  z"}},
		{"link", `<p>see <a href="https://example.org/a">here</a>.</p>`, false, []string{"see here https://example.org/a ."}},
		{"link shown", `<p><a href="https://example.org/">https://example.org/</a></p>`, false, []string{"https://example.org/"}},
		{"plain", "\n  <text>a &amp; b\n  indented\n\nc</text>\n", true, []string{"", "a & b", "  indented", "", "c", ""}},
		{"bare text", "a\nb", false, []string{"a b"}},
		{"plain entities", "<text>&amp;lt; &#xa;b&#17;</text>", true, []string{"&lt; ", "b"}},
		{"control characters", "<p>a&#17;b&#10;c</p>", false, []string{"ab c"}},
		{"unclosed", "<p>a<p>b", false, []string{"a", "b"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := texts(richLines([]byte(tt.raw), 1, tt.plain))
			if tt.plain {
				got = texts(trimBlank(richLines([]byte(tt.raw), 1, true)))
				tt.want = texts(trimBlank(linesOf(tt.want)))
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func linesOf(ts []string) []Line {
	out := make([]Line, len(ts))
	for i, t := range ts {
		out[i] = Line{Text: t}
	}
	return out
}

// TestRichLinesNumbers checks that note lines carry their own source line.
func TestRichLinesNumbers(t *testing.T) {
	raw := "\n<html>\n<body>\n<p>\n  a\n</p>\n<p></p>\n<p>b<br>c</p>\n</body>\n</html>\n"
	got := richLines([]byte(raw), 10, false)
	want := []Line{{Text: "a", Num: 14}, {Text: "", Num: 16}, {Text: "b", Num: 17}, {Text: "c", Num: 17}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
}

func TestHTMLParagraphsRoundTrip(t *testing.T) {
	lines := []string{"  lead", "trail  ", "a  b", "tab\there", "<&>\"'", "", "x"}
	got := texts(richLines([]byte(htmlParagraphs(lines)), 1, false))
	if !slices.Equal(got, lines) {
		t.Errorf("got %q, want %q", got, lines)
	}
}

func TestMMAttributesWithoutContent(t *testing.T) {
	data := `<map><node TEXT="root"><node TEXT="見出し"><attribute NAME="キーワード" VALUE="a"/><attribute NAME="担当" VALUE="b"/><node TEXT="子"><node TEXT="行"/></node></node></node></map>`
	_, probs, err := ParseMM("t.mm", []byte(data), testDirectory(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(probs) != 1 || !strings.Contains(probs[0].Message, "no text of its own") {
		t.Errorf("problems = %v", probs)
	}
}

func TestMMKindWithoutContent(t *testing.T) {
	data := `<map><node TEXT="root"><node TEXT="空"><attribute NAME="種別" VALUE="faq"/></node></node></map>`
	_, probs, err := ParseMM("t.mm", []byte(data), testDirectory(t))
	if err != nil || len(probs) != 1 || !strings.Contains(probs[0].Message, "no text of its own") {
		t.Errorf("err %v, problems %v", err, probs)
	}
}

func TestMMUnknownKindAttribute(t *testing.T) {
	data := `<map><node TEXT="root"><node TEXT="q"><attribute NAME="種別" VALUE="メモ"/><node TEXT="a"/></node></node></map>`
	_, probs, err := ParseMM("t.mm", []byte(data), testDirectory(t))
	if err != nil || len(probs) != 1 || probs[0].Line != 1 {
		t.Errorf("err %v, problems %v", err, probs)
	}
}

// TestMMAnnotations checks how a map's attributes and annotations.yaml
// meet: keywords and examples are united, and the map's kind wins with a
// problem.
func TestMMAnnotations(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "m.mm"), readMMFixture(t, "freeplane-1.12.mm"), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	byTitle := map[string]*Entry{}
	for _, e := range c.Entries {
		byTitle[e.Title] = e
	}
	wifi := byTitle["社内のWi-Fiのパスワードはどのくらいの頻度で変えるべきか"]
	std := byTitle["パスワード管理の標準回答"]
	rules := byTitle["テレワーク のルール"]
	ann := "entries:\n" +
		"  - id: " + wifi.ID + "\n    keywords: [Wi-Fi, ルーター]\n    examples: [会社の無線のパスワードっていつ変えればいいの, 無線LANの鍵の変え時]\n" +
		"  - id: " + std.ID + "\n    kind: faq\n" +
		"  - id: " + rules.ID + "\n    kind: よくある質問\n"
	if err := os.WriteFile(filepath.Join(dir, AnnotationsFile), []byte(ann), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err = LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	wifi, _ = c.Entry(wifi.ID)
	std, _ = c.Entry(std.ID)
	rules, _ = c.Entry(rules.ID)
	if !reflect.DeepEqual(wifi.Keywords, []string{"Wi-Fi", "無線LAN", "パスワード変更", "ルーター"}) {
		t.Errorf("keywords = %q", wifi.Keywords)
	}
	if !reflect.DeepEqual(wifi.Examples, []string{"会社の無線のパスワードっていつ変えればいいの", "無線LANの鍵の変え時"}) {
		t.Errorf("examples = %q", wifi.Examples)
	}
	// 種別=標準回答 on the map wins over the annotation; an inferred kind
	// does not.
	if std.Kind != KindStandardAnswer || rules.Kind != KindFAQ {
		t.Errorf("kinds: standard answer %s, rules %s", std.Kind, rules.Kind)
	}
	var conflicts []Problem
	for _, p := range c.Problems {
		if strings.Contains(p.Message, "differs from the map's attribute") {
			conflicts = append(conflicts, p)
		}
	}
	if len(conflicts) != 1 || conflicts[0].File != AnnotationsFile {
		t.Errorf("conflicts = %v, want one for the standard answer", conflicts)
	}
}

func TestMMLocalizedRootTitle(t *testing.T) {
	data := `<map version="freeplane 1.12.1"><node LOCALIZED_TEXT="new_mindmap" ID="ID_1"><node TEXT="見出し"><node TEXT="行"/></node></node></map>`
	doc, probs, err := ParseMM("t.mm", []byte(data), testDirectory(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(probs) > 0 || doc.Root.Title != "new_mindmap" {
		t.Errorf("root %q, problems %v, err %v", doc.Root.Title, probs, err)
	}
}

// BenchmarkParseMM parses the shipped manual written as a map (answers in
// notes), and a Freeplane fixture, per byte.
func BenchmarkParseMM(b *testing.B) {
	c, err := LoadDefault()
	if c == nil {
		b.Fatal(err)
	}
	var manual bytes.Buffer
	if err := WriteMM(&manual, c.Docs[0].Root); err != nil {
		b.Fatal(err)
	}
	inputs := []struct {
		name string
		data []byte
	}{
		{"manual", manual.Bytes()},
		{"freeplane-1.12", readMMFixture(b, "freeplane-1.12.mm")},
	}
	for _, in := range inputs {
		b.Run(in.name, func(b *testing.B) {
			b.SetBytes(int64(len(in.data)))
			for b.Loop() {
				if _, _, err := ParseMM("m.mm", in.data, c.Directory); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
