package corpus

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestParseMMGolden(t *testing.T) {
	doc, probs, err := parseFixture(t, "small.mm", ParseMM)
	if err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "small.mm", doc, probs, err)
}

// findNode returns the first node titled title.
func findNode(root *Node, title string) *Node {
	var found *Node
	root.Walk(func(n *Node, _ int) {
		if found == nil && n.Title == title {
			found = n
		}
	})
	return found
}

func TestParseMM(t *testing.T) {
	doc, probs, err := parseFixture(t, "small.mm", ParseMM)
	if err != nil || len(probs) > 0 {
		t.Fatalf("err = %v, problems = %v", err, probs)
	}
	ransom := findNode(doc.Root, "ランサムウェアに感染した?")
	std := findNode(doc.Root, "ランサムウェア標準回答")
	if ransom == nil || std == nil {
		t.Fatal("nodes missing")
	}
	wantLines := []Line{
		{Text: "ネットワークから切り離してください。", Num: 9},
		{Text: "【届出】被害の証拠を揃えて、所轄の警察署へ", Num: 10},
		{Text: "https://www.npa.go.jp/", Num: 10},
		{Text: "復号ツールの有無は", Num: 13},
		{Text: "No More Ransom & IPA で確認", Num: 13},
	}
	if !reflect.DeepEqual(ransom.Lines, wantLines) {
		t.Errorf("lines = %+v\nwant %+v", ransom.Lines, wantLines)
	}
	if !reflect.DeepEqual(ransom.Icons, []string{"flag"}) {
		t.Errorf("icons = %q", ransom.Icons)
	}
	if len(ransom.Targets) != 1 || ransom.Targets[0] != std {
		t.Errorf("targets = %v, want the standard answer", ransom.Targets)
	}
	kinds := map[string]Kind{}
	questions := map[string]bool{}
	for _, e := range doc.Entries {
		kinds[e.Title] = e.Kind
		questions[e.Title] = len(e.Question) > 0
	}
	wantKinds := map[string]Kind{
		"ランサムウェアに感染した?": KindFAQ,
		"ランサムウェア標準回答":   KindStandardAnswer,
		"ケース１":          KindCase,
		"受付手順":          KindManual,
	}
	if !reflect.DeepEqual(kinds, wantKinds) {
		t.Errorf("kinds = %v, want %v", kinds, wantKinds)
	}
	if !questions["ランサムウェアに感染した?"] || questions["ケース１"] {
		t.Errorf("questions = %v", questions)
	}
	// Leaf headings: numbered, or marked soudan:heading=true.
	for _, title := range []string{"06.フィッシング", "まとめ"} {
		if n := findNode(doc.Root, title); n == nil || len(n.Lines) > 0 || n.Entry != nil {
			t.Errorf("%s is not a heading node: %+v", title, n)
		}
	}
	manual := findNode(doc.Root, "受付手順")
	if got := texts(manual.Lines); !reflect.DeepEqual(got, []string{"相談者の立場を確認する", "01.見出しではない行"}) {
		t.Errorf("受付手順 lines = %q", got)
	}
	e := ransom.Entry
	if len(e.Referrals) != 1 || e.Referrals[0].Org != "所轄の警察署" || len(e.Links) != 1 {
		t.Errorf("referrals = %+v, links = %q", e.Referrals, e.Links)
	}
	if got := strings.Join(e.Path, " > "); got != "相談対応マニュアル > 【ガイドブック】に沿った案件別FAQ > 05.マルウェア" {
		t.Errorf("path = %q", got)
	}
}

func TestParseMMErrors(t *testing.T) {
	cases := []struct {
		name      string
		data      string
		wantErr   bool
		wantProbs int
	}{
		{"not xml", "hello", true, 0},
		{"no map", "<node TEXT=\"a\"/>", true, 0},
		{"no node", "<map></map>", true, 0},
		{"truncated", "<map>\n<node TEXT=\"a\">\n<node TEXT=\"b\">", true, 0},
		{"two roots", "<map><node TEXT=\"a\"/><node TEXT=\"b\"/></map>", false, 1},
		{"unknown link", "<map><node TEXT=\"a\"><arrowlink DESTINATION=\"ID_x\"/></node></map>", false, 1},
		{"bad kind", "<map><node TEXT=\"a\"><attribute NAME=\"soudan:kind\" VALUE=\"memo\"/><node TEXT=\"b\"/></node></map>", false, 1},
		{"unknown attribute", "<map><node TEXT=\"a\"><attribute NAME=\"soudan:tag\" VALUE=\"x\"/></node></map>", false, 1},
		{"other attribute", "<map><node TEXT=\"a\"><attribute NAME=\"priority\" VALUE=\"1\"/></node></map>", false, 0},
		{"html entity", "<map><node TEXT=\"a&nbsp;b\"/></map>", false, 0},
		{"declared UTF8", "<?xml version=\"1.0\" encoding=\"UTF8\"?>\n<map><node TEXT=\"回答\"/></map>", false, 0},
		{"declared utf-8", "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<map><node TEXT=\"回答\"/></map>", false, 0},
		{"declared US-ASCII", "<?xml version=\"1.0\" encoding=\"US-ASCII\"?>\n<map><node TEXT=\"a\"/></map>", false, 0},
		{"declared ISO-8859-1", "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<map><node TEXT=\"a\"/></map>", true, 0},
		{"declared Shift_JIS", "<?xml version=\"1.0\" encoding=\"Shift_JIS\"?>\n<map><node TEXT=\"回答\"/></map>", true, 0},
	}
	dir := testDirectory(t)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, probs, err := ParseMM("t.mm", []byte(c.data), dir)
			if (err != nil) != c.wantErr {
				t.Errorf("err = %v, want error %v", err, c.wantErr)
			}
			if len(probs) != c.wantProbs {
				t.Errorf("problems = %v, want %d", probs, c.wantProbs)
			}
		})
	}
}

// TestParseMMBlankLeaves checks that empty leaves at either end of a
// node's lines add no blank line, and that one between lines is kept.
func TestParseMMBlankLeaves(t *testing.T) {
	for _, c := range []struct {
		name, leaves string
		want         []string
	}{
		{"last", `<node TEXT="a"/><node TEXT=""/>`, []string{"a"}},
		{"first", `<node TEXT=""/><node TEXT="a"/>`, []string{"a"}},
		{"between", `<node TEXT="a"/><node TEXT=""/><node TEXT="b"/>`, []string{"a", "", "b"}},
		{"after a note", `<richcontent TYPE="NOTE"><html><body><p>a</p></body></html></richcontent><node TEXT=""/>`, []string{"a"}},
		{"only", `<node TEXT=""/>`, nil},
	} {
		data := `<map><node TEXT="root"><node TEXT="見出し">` + c.leaves + `</node></node></map>`
		doc, _, err := ParseMM("t.mm", []byte(data), testDirectory(t))
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if got := texts(findNode(doc.Root, "見出し").Lines); !reflect.DeepEqual(got, c.want) && len(got)+len(c.want) > 0 {
			t.Errorf("%s: lines = %q, want %q", c.name, got, c.want)
		}
	}
}

// TestParseMMEncoding checks the message for an encoding that a map
// declares and soudan does not read.
func TestParseMMEncoding(t *testing.T) {
	for _, c := range []struct{ enc, want string }{
		{"ISO-8859-1", `t.mm:1: the map declares encoding "ISO-8859-1" (save the file as UTF-8)`},
		{"Shift_JIS", `t.mm:1: the map declares encoding "Shift_JIS" (save the file as UTF-8)`},
		{"UTF8", ""},
		{"us-ascii", ""},
	} {
		data := "<?xml version=\"1.0\" encoding=\"" + c.enc + "\"?>\n<map>\n<node TEXT=\"a\"/>\n</map>\n"
		_, _, err := ParseMM("t.mm", []byte(data), testDirectory(t))
		if got := fmt.Sprint(err); c.want == "" && err != nil || c.want != "" && got != c.want {
			t.Errorf("%s: err = %v, want %q", c.enc, err, c.want)
		}
	}
}

// handTree is a small manual tree with every feature WriteMM must keep:
// headings without lines, a numbered content line, a question, icons, an
// arrow link, XML special characters and a blank line.
func handTree() *Node {
	std := &Node{Title: "なりすましECサイト標準回答", Kind: KindStandardAnswer, Line: 9, Lines: []Line{
		{Text: "●緊急対応", Num: 10},
		{Text: "☆なりすましECサイト対策協議会", Num: 11},
		{Text: "https://www.saferinternet.or.jp/narisumashi/", Num: 12},
	}}
	faq := &Node{Title: "ウイルスに感染した?", Kind: KindFAQ, Question: true, Line: 5, Icons: []string{"flag"}, Targets: []*Node{std}, Lines: []Line{
		{Text: "【窓口回答】【ガイドブック】P.140「改ざん」を紹介", Num: 6},
		{Text: "01. まず切り離す", Num: 7},
		{Text: "", Num: 7},
		{Text: "  <script>&\"'  ", Num: 8},
		{Text: "【届出】被害の証拠を揃えて、所轄の警察署へ", Num: 8},
	}}
	return &Node{Title: "Sec01 相談対応手順書", Line: 1, Children: []*Node{
		{Title: "目的", Kind: KindManual, Line: 2, Lines: []Line{{Text: "回答の均質化", Num: 3}}, Children: []*Node{
			{Title: "空の見出し", Line: 4},
		}},
		{Title: "【ガイドブック】に沿った案件別FAQ", Line: 4, Children: []*Node{
			{Title: "05.マルウェア", Line: 4, Children: []*Node{faq, std}},
			{Title: "06.フィッシング", Line: 13},
		}},
	}}
}

// roundTrip writes root as a map, parses it back and builds the entries.
func roundTrip(t testing.TB, root *Node, dir *Directory, ids map[string]bool) (*Document, []byte) {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteMM(&buf, root); err != nil {
		t.Fatal(err)
	}
	doc, _, err := ParseMM("roundtrip.mm", buf.Bytes(), dir)
	if err != nil {
		t.Fatalf("%v\n%s", err, buf.Bytes())
	}
	finishDocument(doc, dir, ids)
	return doc, buf.Bytes()
}

// entryDiff compares the entries that a round trip must keep (answers,
// keywords, examples and meta included), ignoring Source. It returns "" when they are equal.
func entryDiff(want, got []*Entry) string {
	type view struct {
		ID, Section    string
		Kind           Kind
		Title          string
		Path, Question []string
		Answer         string
		Referrals      []Referral
		GuidebookPages []string
		Links          []string
		Keywords       []string
		Examples       []string
		Meta           map[string][]string
	}
	v := func(e *Entry) view {
		return view{e.ID, e.Section, e.Kind, e.Title, e.Path, e.Question, e.Answer, e.Referrals, e.GuidebookPages, e.Links, e.Keywords, e.Examples, e.Meta}
	}
	var b strings.Builder
	for i := 0; i < max(len(want), len(got)); i++ {
		switch {
		case i >= len(got):
			fmt.Fprintf(&b, "entry %d missing: %+v\n", i, v(want[i]))
		case i >= len(want):
			fmt.Fprintf(&b, "entry %d extra: %+v\n", i, v(got[i]))
		case !reflect.DeepEqual(v(want[i]), v(got[i])):
			fmt.Fprintf(&b, "entry %d:\n want %+v\n  got %+v\n", i, v(want[i]), v(got[i]))
		}
	}
	return b.String()
}

func TestWriteMMRoundTrip(t *testing.T) {
	dir := testDirectory(t)
	t.Run("hand-made tree", func(t *testing.T) {
		root := handTree()
		want := &Document{File: "hand.txt", Root: root}
		finishDocument(want, dir, map[string]bool{})
		got, out := roundTrip(t, root, dir, map[string]bool{})
		if d := entryDiff(want.Entries, got.Entries); d != "" {
			t.Errorf("round trip changed the entries:\n%s\nmap:\n%s", d, out)
		}
		faq := findNode(got.Root, "ウイルスに感染した?")
		if faq == nil || len(faq.Targets) != 1 || faq.Targets[0].Title != "なりすましECサイト標準回答" {
			t.Errorf("arrow link lost: %+v", faq)
		}
		if !reflect.DeepEqual(faq.Icons, []string{"flag"}) {
			t.Errorf("icons = %q", faq.Icons)
		}
		if n := findNode(got.Root, "空の見出し"); n == nil || n.Entry != nil {
			t.Errorf("empty heading lost or given content: %+v", n)
		}
		// Answers of several lines are notes; one line stays a leaf.
		if c := strings.Count(string(out), `<richcontent TYPE="NOTE">`); c != 2 {
			t.Errorf("%d notes, want 2 (the FAQ and the standard answer):\n%s", c, out)
		}
		if !strings.Contains(string(out), `<node TEXT="回答の均質化"/>`) {
			t.Errorf("a one-line answer is not a leaf:\n%s", out)
		}
	})
	t.Run("keywords, examples and meta", func(t *testing.T) {
		root := handTree()
		want := &Document{File: "hand.txt", Root: root}
		finishDocument(want, dir, map[string]bool{})
		e := want.Entries[1]
		e.Keywords = []string{"ウイルス", "感染"}
		e.Examples = []string{"パソコンが変", "警告が出た"}
		e.Meta = map[string][]string{"担当": {"佐藤", "鈴木"}, "caller": {"二行の\n説明"}}
		got, out := roundTrip(t, root, dir, map[string]bool{})
		if d := entryDiff(want.Entries, got.Entries); d != "" {
			t.Errorf("round trip changed the entries:\n%s\nmap:\n%s", d, out)
		}
		for _, attr := range []string{`NAME="キーワード" VALUE="ウイルス"`, `NAME="質問例" VALUE="警告が出た"`, `NAME="担当" VALUE="鈴木"`} {
			if !strings.Contains(string(out), attr) {
				t.Errorf("map lacks %s:\n%s", attr, out)
			}
		}
	})
	t.Run("fixture", func(t *testing.T) {
		want, _, err := parseFixture(t, "small.mm", ParseMM)
		if err != nil {
			t.Fatal(err)
		}
		got, out := roundTrip(t, want.Root, dir, map[string]bool{})
		if d := entryDiff(want.Entries, got.Entries); d != "" {
			t.Errorf("round trip changed the entries:\n%s\nmap:\n%s", d, out)
		}
	})
	for _, name := range mmFixtures {
		t.Run(name, func(t *testing.T) {
			want, _ := parseMMFixture(t, name)
			got, out := roundTrip(t, want.Root, dir, map[string]bool{})
			if d := entryDiff(want.Entries, got.Entries); d != "" {
				t.Errorf("round trip changed the entries:\n%s\nmap:\n%s", d, out)
			}
			if want, got := targetsView(want.Root), targetsView(got.Root); !reflect.DeepEqual(want, got) {
				t.Errorf("round trip changed the arrow links:\nwant %q\n got %q", want, got)
			}
		})
	}
}

// TestWriteMMRoundTripDefault writes the shipped manual as a map and
// reads it back: the same entries and arrow links.
func TestWriteMMRoundTripDefault(t *testing.T) {
	c, err := LoadDefault()
	if c == nil {
		t.Fatal(err)
	}
	if len(c.Entries) == 0 {
		t.Fatal("the default corpus has no entries: the outline parser is not in place")
	}
	ids := map[string]bool{}
	for _, doc := range c.Docs {
		got, _ := roundTrip(t, doc.Root, c.Directory, ids)
		if d := entryDiff(doc.Entries, got.Entries); d != "" {
			t.Errorf("%s: round trip changed the entries:\n%s", doc.File, d)
		}
		if want, got := targetsView(doc.Root), targetsView(got.Root); !reflect.DeepEqual(want, got) {
			t.Errorf("%s: round trip changed the arrow links:\nwant %q\n got %q", doc.File, want, got)
		}
	}
}

// TestWriteMMIndentedLine checks a one-line answer with white space at an
// end: a leaf's text loses it, so the line is written as a note.
func TestWriteMMIndentedLine(t *testing.T) {
	dir := testDirectory(t)
	root := &Node{Title: "r", Children: []*Node{{Title: "q", Lines: []Line{{Text: "\u3000字下げ ", Num: 2}}}}}
	want := &Document{File: "hand.csv", Root: root}
	finishDocument(want, dir, map[string]bool{})
	got, out := roundTrip(t, root, dir, map[string]bool{})
	if d := entryDiff(want.Entries, got.Entries); d != "" {
		t.Errorf("round trip changed the entries:\n%s\nmap:\n%s", d, out)
	}
}

// targetsView lists the arrow links of a tree as "from -> to" titles.
func targetsView(root *Node) []string {
	var out []string
	root.Walk(func(n *Node, _ int) {
		for _, t := range n.Targets {
			out = append(out, n.Title+" -> "+t.Title)
		}
	})
	return out
}

func TestWriteMMEscapes(t *testing.T) {
	root := &Node{Title: `a & b < "c"`, Lines: []Line{{Text: "x\ty"}}}
	var buf bytes.Buffer
	if err := WriteMM(&buf, root); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{`TEXT="a &amp; b &lt; &#34;c&#34;"`, `TEXT="x&#x9;y"`, `<attribute NAME="soudan:kind" VALUE="manual"/>`} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %s:\n%s", want, out)
		}
	}
	if err := WriteMM(&buf, nil); err == nil {
		t.Error("WriteMM(nil) succeeded")
	}
}

func FuzzParseMM(f *testing.F) {
	data, err := os.ReadFile(filepath.Join("testdata", "formats", "small.mm"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	for _, name := range mmFixtures {
		f.Add(readMMFixture(f, name))
	}
	var buf bytes.Buffer
	if err := WriteMM(&buf, handTree()); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Add([]byte(`<map><node TEXT="a" LINK="#ID_b"><node ID="ID_b" TEXT="01.b"><attribute NAME="soudan:heading" VALUE="false"/></node></node></map>`))
	f.Add([]byte("<map><node TEXT=\"a\"><node TEXT=\"回答\xffです\"/></node></map>"))
	f.Add([]byte("<map><node TEXT=\"r\"><node ID=\"ID_1\" TEXT=\"a?\"><node TEXT=\"b\"/><node TREE_ID=\"ID_1\"/></node><node TREE_ID=\"ID_1\"/><node TREE_ID=\"ID_9\"/></node></map>"))
	f.Add([]byte("<map><node TEXT=\"&#xd83d;&#xde00;&#xd83d;\"><node TEXT=\"a&#55357;&#xdcde;&#xde00;\"/><richcontent TYPE=\"NOTE\"><p>&#55357;&#56542;&#55357</p></richcontent></node></map>"))
	f.Add([]byte("<map><node TEXT=\"a&#xb;&#0;&#x1;b\"><node TEXT=\"&#11;&#xfffe;&#x110000;\"/></node></map>"))
	f.Add([]byte("<map><node TEXT=\"r\"><node TEXT=\"a\" ENCRYPTED_CONTENT=\"x\"><node TEXT=\"b\"/></node><node TEXT=\"c\"/></node></map>"))
	f.Add([]byte("<map><node TEXT=\"r\"><node ID=\"ID_1\" TEXT=\"a?\"><node ID=\"ID_4\" TEXT=\"b\"/></node><node ID=\"ID_2\" CONTENT_ID=\"ID_1\"><node ID=\"ID_5\" TEXT=\"c\" LINK=\"#ID_4\"/></node><node TREE_ID=\"ID_2\"/><node REFERENCE_ID=\"ID_1\"/></node></map>"))
	f.Add([]byte(`<map><node TEXT="r"><node TEXT="q"><node TEXT="a"/><node TEXT=""><hook NAME="FirstGroupNode"/></node><node TEXT="b"/><node TEXT=""><hook NAME="SummaryNode"/><node TEXT=""><hook NAME="SummaryNode"/><node TEXT="s"/></node></node></node></node></map>`))
	f.Add([]byte("<map><node TEXT=\"# **a** [b](https://x/)\" FORMAT=\"markdownPatternFormat\"><richcontent TYPE=\"NOTE\" CONTENT-TYPE=\"plain/markdown\"><text>```\n- *c*\n```\n&gt; - [ ] `d` ![e](f) \\*\n***</text></richcontent></node></map>"))
	dir := testDirectory(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, _, err := ParseMM("fuzz.mm", data, dir)
		if doc == nil {
			if err == nil {
				t.Fatal("no document and no error")
			}
			return
		}
		finishDocument(doc, dir, map[string]bool{})
		// Whatever a map holds, writing it and reading it back keeps the
		// entries.
		got, out := roundTrip(t, doc.Root, dir, map[string]bool{})
		if d := entryDiff(doc.Entries, got.Entries); d != "" {
			t.Fatalf("round trip changed the entries:\n%s\nmap:\n%s", d, out)
		}
	})
}

// TestParseMMCharacterReferences checks the character references that
// FreeMind and Freeplane write: their XML writer escapes a Java char at a
// time, so a character outside the BMP (an emoji) is saved as the two
// halves of its surrogate pair (&#xd83d;&#xde00;), and the notes' HTML
// writer does the same in decimal (&#55357;&#56832;).
func TestParseMMCharacterReferences(t *testing.T) {
	for _, c := range []struct {
		name, map_  string
		title, line string
	}{
		{name: "pair in TEXT", map_: `<node TEXT="&#x56f0;&#x3063;&#x305f;&#xd83d;&#xde00;"><node TEXT="&#xd83d;&#xdcde;&#x96fb;&#x8a71;"/></node>`,
			title: "困った😀", line: "📞電話"},
		{name: "pair in a note", map_: `<node TEXT="q"><richcontent TYPE="NOTE"><html><body><p>&#55357;&#56542;&#38651;&#35441;</p></body></html></richcontent></node>`,
			title: "q", line: "📞電話"},
		{name: "pair in a plain note", map_: `<node TEXT="q"><richcontent TYPE="NOTE" CONTENT-TYPE="plain/"><text>&#xd83d;&#xdcde;</text></richcontent></node>`,
			title: "q", line: "📞"},
		{name: "lone high half", map_: `<node TEXT="a&#xd83d;b"><node TEXT="x"/></node>`,
			title: "a\uFFFDb", line: "x"},
		{name: "halves reversed", map_: `<node TEXT="a&#xde00;&#xd83d;b"><node TEXT="x"/></node>`,
			title: "a\uFFFD\uFFFDb", line: "x"},
		{name: "literal emoji", map_: `<node TEXT="困った😀"><node TEXT="📞電話"/></node>`,
			title: "困った😀", line: "📞電話"},
		// A control character pasted into a node (Word's line break is a
		// vertical tab) is saved as a reference that XML 1.0 forbids; the
		// programs read it back, and so does soudan, without it.
		{name: "vertical tab in TEXT", map_: `<node TEXT="Word&#xb;&#x304b;&#x3089;"><node TEXT="a&#x1;b&#xc;"/></node>`,
			title: "Wordから", line: "ab"},
		{name: "control characters in a note", map_: `<node TEXT="q"><richcontent TYPE="NOTE"><html><body><p>a&#11;b&#0;</p></body></html></richcontent></node>`,
			title: "q", line: "ab"},
		{name: "control character in an attribute", map_: `<node TEXT="q"><attribute NAME="&#x62c5;&#x5f53;&#x7;" VALUE="&#x7;&#x4f50;&#x85e4;"/><node TEXT="a"/></node>`,
			title: "q", line: "a"},
		{name: "kept controls", map_: `<node TEXT="a&#x9;b"><node TEXT="c&#xd;&#xa;"/></node>`,
			title: "a\tb", line: "c"},
	} {
		t.Run(c.name, func(t *testing.T) {
			data := `<map version="1.0.1"><node TEXT="root">` + c.map_ + `</node></map>`
			doc, _, err := ParseMM("t.mm", []byte(data), testDirectory(t))
			if err != nil {
				t.Fatal(err)
			}
			n := doc.Root.Children[0]
			if n.Title != c.title || len(n.Lines) != 1 || n.Lines[0].Text != c.line {
				t.Errorf("title %q, lines %q; want %q, [%q]", n.Title, texts(n.Lines), c.title, c.line)
			}
		})
	}
}

// TestParseMMEncrypted checks maps with encrypted nodes. Freeplane and
// FreeMind save an encrypted node with its title and an
// ENCRYPTED_CONTENT attribute that holds its child nodes, encrypted; a
// password-protected map (FreeMind's File › New protected map) is an
// encrypted root.
func TestParseMMEncrypted(t *testing.T) {
	dir := testDirectory(t)
	t.Run("node", func(t *testing.T) {
		data := "<map version=\"freeplane 1.12.1\">\n<node TEXT=\"root\">\n" +
			"<node TEXT=\"見出し\">\n<node TEXT=\"社外秘の手順\" ENCRYPTED_CONTENT=\"ZmFrZQ==\" FOLDED=\"true\" ID=\"ID_2\"/>\n<node TEXT=\"回答\"/>\n</node>\n" +
			"<node TEXT=\"質問はどうするか\">\n<node TEXT=\"答え\"/>\n</node>\n</node>\n</map>\n"
		doc, _, err := ParseMM("t.mm", []byte(data), dir)
		want := `t.mm:4: the node "社外秘の手順" is encrypted: soudan cannot read the nodes it hides, so it is skipped with them (remove its password in Freeplane or FreeMind)`
		if fmt.Sprint(err) != want {
			t.Errorf("err = %v\nwant %s", err, want)
		}
		if doc == nil {
			t.Fatal("no document: an encrypted node should cost that node only")
		}
		if got := texts(findNode(doc.Root, "見出し").Lines); !reflect.DeepEqual(got, []string{"回答"}) {
			t.Errorf("lines of 見出し = %q, want the encrypted node left out", got)
		}
		if findNode(doc.Root, "質問はどうするか") == nil {
			t.Error("the rest of the map is lost")
		}
	})
	t.Run("map", func(t *testing.T) {
		data := "<map version=\"1.0.1\">\n<node ENCRYPTED_CONTENT=\"ZmFrZQ==\" ID=\"ID_1\" TEXT=\"root\">\n<hook NAME=\"accessories/plugins/NodeNote.properties\"/>\n</node>\n</map>\n"
		doc, _, err := ParseMM("t.mm", []byte(data), dir)
		want := "t.mm:2: the map is encrypted: soudan cannot read a password-protected map (remove its password in Freeplane or FreeMind)"
		if doc != nil || fmt.Sprint(err) != want {
			t.Errorf("doc %v, err = %v\nwant %s", doc != nil, err, want)
		}
	})
}

// TestParseMMSummaryNodes checks Freeplane's summary nodes. Freeplane
// saves a summary of a group of siblings as an empty node with the hook
// SummaryNode after the group, whose child holds the summary's text, and
// marks where the group starts with an empty node with the hook
// FirstGroupNode. Both empty nodes are hidden in Freeplane: the summary's
// text shows in the summary node's place.
func TestParseMMSummaryNodes(t *testing.T) {
	first := `<node TEXT="" ID="ID_10"><hook NAME="FirstGroupNode"/></node>`
	summary := func(inner string) string {
		return `<node TEXT="" ID="ID_11"><hook NAME="SummaryNode"/><hook NAME="AlwaysUnfoldedNode"/>` + inner + `</node>`
	}
	for _, c := range []struct {
		name, children string
		want           []string // the entries, as path below the root/title: answer
	}{
		{"summary of leaves", `<node TEXT="切り離す"/>` + first + `<node TEXT="電源は切らない"/><node TEXT="画面を撮影する"/>` + summary(`<node TEXT="まず初動対応"/>`),
			[]string{"感染した?: 切り離す\n電源は切らない\n画面を撮影する\nまず初動対応"}},
		{"summary with a note", first + `<node TEXT="切り離す"/>` + summary(`<node TEXT="初動の要点"><richcontent TYPE="NOTE"><html><body><p>証拠を残す</p></body></html></richcontent></node>`),
			[]string{"感染した?: 切り離す", "感染した?/初動の要点: 証拠を残す"}},
		{"summary with its own text", `<node TEXT="切り離す"/><node TEXT="まとめ"><hook NAME="SummaryNode"/></node>`,
			[]string{"感染した?: 切り離す\nまとめ"}},
		{"group marker with text", `<node TEXT="切り離す"><hook NAME="FirstGroupNode"/></node><node TEXT="撮影する"/>`,
			[]string{"感染した?: 切り離す\n撮影する"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			data := `<map version="freeplane 1.11.5"><node TEXT="root"><node TEXT="感染した?">` + c.children + `</node></node></map>`
			dir := testDirectory(t)
			doc, probs, err := ParseMM("t.mm", []byte(data), dir)
			if err != nil || len(probs) > 0 {
				t.Fatalf("err %v, problems %v", err, probs)
			}
			finishDocument(doc, dir, map[string]bool{})
			var got []string
			for _, e := range doc.Entries {
				got = append(got, strings.Join(append(e.Path[1:], e.Title), "/")+": "+e.Answer)
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("entries %q\nwant %q", got, c.want)
			}
		})
	}
}

// TestParseMMTextSpaces checks the white space that Freeplane and
// FreeMind keep at either end of a node's text (a space typed after the
// title, often a full-width one from the IME): the title and lines read
// without it, as in the text export.
func TestParseMMTextSpaces(t *testing.T) {
	data := `<map><node TEXT="root"><node TEXT="05.マルウェア "><node TEXT="ランサムウェア標準回答&#x3000;"><node TEXT=" 身代金は払わない "/><node TEXT="&#x3000;"/></node>` +
		`<node><richcontent TYPE="NODE"><html><body><p>&#160;リッチな見出し&#160;&#12288;</p></body></html></richcontent><node TEXT="行"/></node>` +
		`<node TEXT=" 感染したらどうするか？&#xa;（PCの場合） "><node TEXT="切り離す&#x3000;&#xa;&#x3000;電源は切らない"/></node></node></node></map>`
	dir := testDirectory(t)
	doc, _, err := ParseMM("t.mm", []byte(data), dir)
	if err != nil {
		t.Fatal(err)
	}
	finishDocument(doc, dir, map[string]bool{})
	var got []string
	for _, e := range doc.Entries {
		got = append(got, fmt.Sprintf("%s|%s|%s|%q", strings.Join(e.Path, "/"), e.Title, e.Kind, e.Answer))
	}
	want := []string{
		`root/05.マルウェア|ランサムウェア標準回答|standard_answer|"身代金は払わない"`,
		`root/05.マルウェア|リッチな見出し|faq|"行"`,
		`root/05.マルウェア|感染したらどうするか？ （PCの場合）|faq|"切り離す\n電源は切らない"`,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("entries:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if id := doc.Entries[0].ID; id != MakeID([]string{"root", "05.マルウェア"}, "ランサムウェア標準回答") {
		t.Errorf("ID %s is not the trimmed title's", id)
	}
}

// TestParseMMMarkdown checks Freeplane's Markdown text (1.9 on): a note or
// details saved with CONTENT-TYPE="plain/markdown", and a node whose
// format is Markdown (FORMAT="markdownPatternFormat"). Freeplane shows
// them rendered; their lines read without the markup, as HTML notes do.
func TestParseMMMarkdown(t *testing.T) {
	note := "# 初動対応\n\n" +
		"- **ネットワーク**から切り離す\n" +
		"* 電源は\u3000*切らない*\n" +
		"1. `再起動`しない\n" +
		"> 【相談】[IPA情報セキュリティ安心相談窓口](https://www.ipa.go.jp/security/anshin/)に相談\n" +
		"---\n" +
		"詳しくは [警察庁](https://www.npa.go.jp/) と <https://www.nomoreransom.org/> ![図](x.png)\n" +
		"```\n**そのまま**\n```\n" +
		"https://example.org/a_b_c と \\*印\\* と ~~取消~~"
	data := `<map version="freeplane 1.12.1"><node TEXT="root"><node TEXT="**ランサムウェア**に感染した？" FORMAT="markdownPatternFormat">` +
		`<richcontent TYPE="NOTE" CONTENT-TYPE="plain/markdown"><text>` + xmlAttr(note) + `</text></richcontent>` +
		`<richcontent TYPE="DETAILS" CONTENT-TYPE="plain/markdown"><text>## 要点</text></richcontent>` +
		`<node TEXT="- 証拠を*残す*" FORMAT="markdownPatternFormat"/><node TEXT="- 書式なし"/></node></node></map>`
	dir := testDirectory(t)
	doc, probs, err := ParseMM("t.mm", []byte(data), dir)
	if err != nil || len(probs) > 0 {
		t.Fatalf("err %v, problems %v", err, probs)
	}
	finishDocument(doc, dir, map[string]bool{})
	e := doc.Entries[0]
	want := []string{"初動対応", "", "ネットワークから切り離す", "電源は\u3000切らない", "1. 再起動しない",
		"【相談】IPA情報セキュリティ安心相談窓口 https://www.ipa.go.jp/security/anshin/ に相談", "",
		"詳しくは 警察庁 https://www.npa.go.jp/ と https://www.nomoreransom.org/ 図", "**そのまま**",
		"https://example.org/a_b_c と *印* と 取消", "要点", "証拠を残す", "- 書式なし"}
	if e.Title != "ランサムウェアに感染した？" || e.Kind != KindFAQ {
		t.Errorf("title %q, kind %s", e.Title, e.Kind)
	}
	if got := strings.Split(e.Answer, "\n"); !reflect.DeepEqual(got, want) {
		t.Errorf("answer:\n%q\nwant:\n%q", got, want)
	}
	if len(e.Referrals) != 1 || !reflect.DeepEqual(e.Links, []string{"https://www.ipa.go.jp/security/anshin/", "https://www.npa.go.jp/", "https://www.nomoreransom.org/", "https://example.org/a_b_c"}) {
		t.Errorf("referrals %+v, links %q", e.Referrals, e.Links)
	}
}

// TestParseMMLinkShown checks a leaf that links to the URL its text
// shows (a pasted address): the URL is one line, not two, as for an HTML
// link that shows its URL.
func TestParseMMLinkShown(t *testing.T) {
	data := `<map><node TEXT="root"><node TEXT="参考リンク" LINK="https://www.ipa.go.jp/security/anshin/">` +
		`<node TEXT="https://www.ipa.go.jp/" LINK="https://www.ipa.go.jp/"/>` +
		`<node TEXT="IPA&#xa;https://www.ipa.go.jp/x" LINK="https://www.ipa.go.jp/x"/>` +
		`<node TEXT="警察庁" LINK="https://www.npa.go.jp/"/></node></node></map>`
	doc, _, err := ParseMM("t.mm", []byte(data), testDirectory(t))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"https://www.ipa.go.jp/security/anshin/", "https://www.ipa.go.jp/", "IPA", "https://www.ipa.go.jp/x", "警察庁", "https://www.npa.go.jp/"}
	if got := texts(findNode(doc.Root, "参考リンク").Lines); !reflect.DeepEqual(got, want) {
		t.Errorf("lines %q\nwant %q", got, want)
	}
}

// TestParseMMUnclosedNode checks a map whose <node> lacks its </node> (a
// hand edit, a merge) but whose file goes on: Freeplane and FreeMind
// refuse to open it, and an XML reader that closed the node at the next
// end tag would move the nodes after it under it without a word.
func TestParseMMUnclosedNode(t *testing.T) {
	for _, c := range []struct{ name, data, want string }{
		{"closed by the map", "<map>\n<node TEXT=\"r\">\n<node TEXT=\"q\">\n<node TEXT=\"a\"/>\n</node>\n</map>\n",
			"t.mm:2: this <node> is not closed: </map> on line 6 ends the map inside it"},
		{"closed by a parent", "<map>\n<node TEXT=\"r\">\n<node TEXT=\"q\">\n<attribute NAME=\"x\" VALUE=\"y\">\n</node>\n</node>\n</map>\n",
			"t.mm:4: this <attribute> is not closed: </node> on line 5 ends the <node> of line 3 inside it"},
		{"end of file", "<map>\n<node TEXT=\"r\">\n<node TEXT=\"q\"/>\n",
			"t.mm:2: unexpected end of file: this <node> is not closed"},
		{"well formed", "<map>\n<node TEXT=\"r\">\n<node TEXT=\"q\"><node TEXT=\"a\"></node><icon BUILTIN=\"flag\"/></node>\n</node>\n</map>\n", "<nil>"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := ParseMM("t.mm", []byte(c.data), testDirectory(t))
			if got := fmt.Sprint(err); got != c.want {
				t.Errorf("err = %s\nwant %s", got, c.want)
			}
		})
	}
}
