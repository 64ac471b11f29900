package corpus

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// deepMM is a map of n nested nodes, each on its own line from line 3
// on, with a note each and a sibling of the root's first child after them.
func deepMM(n int) string {
	var b strings.Builder
	b.WriteString("<map>\n<node TEXT=\"root\">\n")
	for i := range n {
		fmt.Fprintf(&b, "<node TEXT=\"%03d.レベル\"><richcontent TYPE=\"NOTE\"><html><body><p>答え%d</p></body></html></richcontent>\n", i%1000, i)
	}
	b.WriteString(strings.Repeat("</node>", n))
	b.WriteString("\n<node TEXT=\"後の見出し\"><richcontent TYPE=\"NOTE\"><html><body><p>後の答え</p></body></html></richcontent></node>\n</node>\n</map>\n")
	return b.String()
}

// deepOutline is a text export whose numbered headings restart n times,
// each opening a level below the last, then a heading back at the top.
func deepOutline(n int) string {
	var b strings.Builder
	b.WriteString("マニュアル\n【ガイドブック】に沿った案件別FAQ\n")
	for i := range n {
		fmt.Fprintf(&b, "01.レベル%d\n答え%d\n", i, i)
	}
	b.WriteString("相談受付対応手順\n電話を受ける\n")
	return b.String()
}

// wantDocError checks that a parser returned a document and n errors, the
// first at line errLine, holding msg; none when errLine is 0.
func wantDocError(t *testing.T, doc *Document, err error, errLine, n int, msg string) {
	t.Helper()
	if doc == nil {
		t.Fatalf("no document: %v", err)
	}
	var le LoadErrors
	var e *Error
	switch {
	case errLine == 0 && err != nil:
		t.Errorf("err = %v, want none", err)
	case errLine > 0 && (!errors.As(err, &le) || len(le) != n || !errors.As(le[0], &e) || e.Line != errLine || !strings.Contains(e.Error(), msg)):
		t.Errorf("err = %v, want %d error(s), the first at line %d: …%s…", err, n, errLine, msg)
	}
}

// TestDepthLimit checks that a tree nested deeper than MaxDepth costs only
// what lies below the limit, in time linear in the depth.
func TestDepthLimit(t *testing.T) {
	cases := []struct {
		name    string
		parse   parser
		data    string
		errLine int    // the line of the one error, or 0
		holds   string // a title the document still holds
	}{
		{"mm: within the limit", ParseMM, deepMM(MaxDepth - 1), 0, "後の見出し"},
		{"mm: one level too deep", ParseMM, deepMM(MaxDepth), MaxDepth + 2, "後の見出し"},
		{"mm: 20,000 levels", ParseMM, deepMM(20000), MaxDepth + 2, "後の見出し"},
		{"txt: within the limit", ParseOutline, deepOutline(MaxDepth - 3), 0, "相談受付対応手順"},
		{"txt: 20,000 levels", ParseOutline, deepOutline(20000), 2*(MaxDepth-2) + 1, "相談受付対応手順"},
	}
	dir := testDirectory(t)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			doc, _, err := c.parse("t", []byte(c.data), dir)
			wantDocError(t, doc, err, c.errLine, 1, fmt.Sprint("nested deeper than ", MaxDepth))
			depth := 0
			doc.Root.Walk(func(_ *Node, d int) { depth = max(depth, d+1) })
			if depth > MaxDepth {
				t.Errorf("the tree is %d deep, more than %d", depth, MaxDepth)
			}
			if findNode(doc.Root, c.holds) == nil {
				t.Errorf("the document lost %q", c.holds)
			}
			finishDocument(doc, dir, map[string]bool{})
		})
	}
}
