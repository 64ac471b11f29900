package corpus

import (
	"errors"
	"strings"
	"testing"

	"golang.org/x/text/encoding/japanese"
)

// TestManualBadBytes checks that a stray byte that is not UTF-8 in the
// text export or a map costs only itself, and that a file saved in
// another encoding is still rejected whole.
func TestManualBadBytes(t *testing.T) {
	toSJIS := func(s string) string {
		out, err := japanese.ShiftJIS.NewEncoder().String(s)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	mmOf := func(texts ...string) string {
		var b strings.Builder
		b.WriteString("<map>\n<node TEXT=\"マニュアル\">\n")
		for _, x := range texts {
			b.WriteString("<node TEXT=\"" + x + "\"/>\n")
		}
		b.WriteString("</node>\n</map>\n")
		return b.String()
	}
	sjis := toSJIS("目的\n回答の均質化\n緊急\n警察へ\n")
	six := strings.Repeat("行\xff\n", 6)
	cases := []struct {
		name     string
		parse    parser
		data     string
		badLines []int  // the lines reported, the rest of the file loaded
		whole    int    // the line of the error that rejects the file, or 0
		wantText string // a text the document holds
	}{
		{"txt: one bad byte", ParseOutline, "目的\n回答の均質化\xff\n相談受付対応手順\n電話を受ける\n", []int{2}, 0, "回答の均質化\uFFFD"},
		{"txt: bad bytes on two lines", ParseOutline, "目的\n回\xfe答\n相談受付対応手順\n電話\xc3を受ける\n", []int{2, 4}, 0, "電話\uFFFDを受ける"},
		{"txt: after a BOM", ParseOutline, "\xef\xbb\xbf目的\n回答\xff\n", []int{2}, 0, "回答\uFFFD"},
		{"txt: Shift_JIS", ParseOutline, sjis, nil, 1, ""},
		{"txt: more than a few bad lines", ParseOutline, "目的です。とても長い行です。\n" + six, nil, 2, ""},
		{"txt: Latin-1", ParseOutline, "Purpose\ncaf\xe9\n", nil, 2, ""},
		{"mm: one bad byte", ParseMM, mmOf("警察へ\xff届ける", "回答の均質化"), []int{3}, 0, "警察へ\uFFFD届ける"},
		{"mm: Shift_JIS", ParseMM, toSJIS(mmOf("目的", "回答の均質化")), nil, 2, ""},
	}
	dir := mustDefaultDirectory(t)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			doc, _, err := c.parse("t", []byte(c.data), dir)
			if c.whole > 0 {
				var e *Error
				if doc != nil || !errors.As(err, &e) || e.Line != c.whole || !errors.Is(e.Err, errNotUTF8) {
					t.Fatalf("doc = %v, err = %v; want no document and t:%d: %v", doc != nil, err, c.whole, errNotUTF8)
				}
				return
			}
			var le LoadErrors
			if doc == nil || !errors.As(err, &le) || len(le) != len(c.badLines) {
				t.Fatalf("doc = %v, err = %v; want a document and errors at lines %v", doc != nil, err, c.badLines)
			}
			for i, e := range le {
				var ee *Error
				if !errors.As(e, &ee) || ee.Line != c.badLines[i] || !strings.Contains(ee.Err.Error(), "invalid UTF-8") {
					t.Errorf("error %d = %v, want t:%d: invalid UTF-8 …", i, e, c.badLines[i])
				}
			}
			if !documentHolds(doc, c.wantText) {
				t.Errorf("the document does not hold %q", c.wantText)
			}
		})
	}
}

// documentHolds reports whether a title or line of doc is text.
func documentHolds(doc *Document, text string) bool {
	found := false
	doc.Root.Walk(func(n *Node, _ int) {
		found = found || n.Title == text
		for _, l := range n.Lines {
			found = found || l.Text == text
		}
	})
	return found
}
