package corpus

import (
	"strings"
	"testing"
)

// TestParseMMClones checks that a Freeplane clone reads as the node it
// clones, and that a bad clone costs only itself.
func TestParseMMClones(t *testing.T) {
	const note = `<richcontent TYPE="NOTE"><html><body><p>切り離してください</p></body></html></richcontent>`
	// orig is a subtree: a heading with a note and a child with a note.
	orig := `<node ID="ID_12" TEXT="感染した?">` + note + "\n" +
		`<node ID="ID_13" TEXT="子の見出し"><richcontent TYPE="NOTE"><html><body><p>子の答え</p></body></html></richcontent></node>` + "\n</node>\n"
	cases := []struct {
		name    string
		body    string   // the nodes under the root, from line 3
		errLine int      // the line of the first error, or 0
		errs    int      // how many errors
		want    []string // entries as path/title: answer
	}{
		{"leaf clone after its original", `<node TEXT="手順"><node ID="ID_1" TEXT="電源を切る"/></node>` + "\n" + `<node TEXT="別の手順"><node ID="ID_2" TREE_ID="ID_1"/></node>` + "\n", 0, 0,
			[]string{"root/手順: 電源を切る", "root/別の手順: 電源を切る"}},
		{"leaf clone before its original", `<node TEXT="別の手順"><node ID="ID_2" TREE_ID="ID_1"/></node>` + "\n" + `<node TEXT="手順"><node ID="ID_1" TEXT="電源を切る"/></node>` + "\n", 0, 0,
			[]string{"root/別の手順: 電源を切る", "root/手順: 電源を切る"}},
		{"subtree clone", `<node TEXT="A">` + "\n" + orig + "</node>\n" + `<node TEXT="B">` + "\n" + `<node ID="ID_23" TREE_ID="ID_12"/>` + "\n</node>\n", 0, 0,
			[]string{"root/A/感染した?: 切り離してください", "root/A/感染した?/子の見出し: 子の答え", "root/B/感染した?: 切り離してください", "root/B/感染した?/子の見出し: 子の答え"}},
		{"clone of a clone", orig + `<node TEXT="B"><node ID="ID_23" TREE_ID="ID_12"/></node>` + "\n" + `<node TEXT="C"><node ID="ID_24" TREE_ID="ID_23"><node TEXT="自分の子"><richcontent TYPE="NOTE"><html><body><p>x</p></body></html></richcontent></node></node></node>` + "\n", 0, 0,
			[]string{"root/感染した?: 切り離してください", "root/感染した?/子の見出し: 子の答え", "root/B/感染した?: 切り離してください", "root/B/感染した?/子の見出し: 子の答え", "root/C/感染した?: 切り離してください", "root/C/感染した?/自分の子: x"}},
		// Freeplane saves a clone of the node alone with CONTENT_ID: it
		// shares the content, and its children are its own.
		{"content clone", orig + `<node TEXT="B"><arrowlink DESTINATION="ID_31"/><node ID="ID_23" CONTENT_ID="ID_12"><node ID="ID_31" TEXT="Bだけの行"/></node></node>` + "\n", 0, 0,
			[]string{"root/感染した?: 切り離してください", "root/感染した?/子の見出し: 子の答え", "root/B/感染した?: 切り離してください\nBだけの行"}},
		{"content clone without children", orig + `<node TEXT="B"><node ID="ID_23" CONTENT_ID="ID_12"/></node>` + "\n", 0, 0,
			[]string{"root/感染した?: 切り離してください", "root/感染した?/子の見出し: 子の答え", "root/B/感染した?: 切り離してください"}},
		{"subtree clone of a content clone", orig + `<node TEXT="B"><node ID="ID_23" CONTENT_ID="ID_12"><node TEXT="Bだけの行"/></node></node>` + "\n" + `<node TEXT="C"><node ID="ID_24" TREE_ID="ID_23"/></node>` + "\n", 0, 0,
			[]string{"root/感染した?: 切り離してください", "root/感染した?/子の見出し: 子の答え", "root/B/感染した?: 切り離してください\nBだけの行", "root/C/感染した?: 切り離してください\nBだけの行"}},
		// REFERENCE_ID is the name Freeplane first gave TREE_ID.
		{"REFERENCE_ID", `<node TEXT="手順"><node ID="ID_1" TEXT="電源を切る"/></node>` + "\n" + `<node TEXT="別の手順"><node ID="ID_2" REFERENCE_ID="ID_1"/></node>` + "\n", 0, 0,
			[]string{"root/手順: 電源を切る", "root/別の手順: 電源を切る"}},
		{"unknown CONTENT_ID", `<node TEXT="手順"><node TEXT="電源を切る"/>` + "\n" + `<node ID="ID_2" CONTENT_ID="ID_404"/></node>` + "\n", 4, 1,
			[]string{"root/手順: 電源を切る"}},
		{"unknown TREE_ID", `<node TEXT="手順"><node TEXT="電源を切る"/>` + "\n" + `<node ID="ID_2" TREE_ID="ID_404"/></node>` + "\n", 4, 1,
			[]string{"root/手順: 電源を切る"}},
		{"clone inside its original", `<node ID="ID_1" TEXT="手順"><node TEXT="電源を切る"/>` + "\n" + `<node TEXT="下"><node TEXT="x"/>` + "\n" + `<node ID="ID_2" TREE_ID="ID_1"/></node></node>` + "\n", 5, 1,
			[]string{"root/手順: 電源を切る", "root/手順/下: x"}},
		{"clone of itself", `<node TEXT="手順"><node TEXT="電源を切る"/>` + "\n" + `<node ID="ID_2" TREE_ID="ID_2"/></node>` + "\n", 4, 1,
			[]string{"root/手順: 電源を切る"}},
		{"two clones naming each other", `<node TEXT="手順"><node TEXT="電源を切る"/>` + "\n" + `<node ID="ID_2" TREE_ID="ID_3"/><node ID="ID_3" TREE_ID="ID_2"/></node>` + "\n", 4, 2,
			[]string{"root/手順: 電源を切る"}},
	}
	dir := testDirectory(t)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			data := "<map>\n<node TEXT=\"root\">\n" + c.body + "</node>\n</map>\n"
			doc, probs, err := ParseMM("c.mm", []byte(data), dir)
			wantDocError(t, doc, err, c.errLine, c.errs, "the clone is skipped")
			if len(probs) > 0 {
				t.Errorf("problems: %v", probs)
			}
			finishDocument(doc, dir, map[string]bool{})
			var got []string
			for _, e := range doc.Entries {
				got = append(got, strings.Join(append(append([]string(nil), e.Path...), e.Title), "/")+": "+e.Answer)
			}
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("entries:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(c.want, "\n"))
			}
		})
	}
}
