package corpus

import (
	"bufio"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// The attribute names WriteMM gives an entry's keywords and examples; the
// reader understands them and their English names.
const (
	mmWriteKeywords = "キーワード"
	mmWriteExamples = "質問例"
)

// WriteMM writes the tree below root as a FreeMind 1.0 map that ParseMM
// reads back into the same entries, and that FreeMind and Freeplane open.
//
// Every node gets an ID (ID_1, ID_2, … in tree order). A node's own lines
// are written as its note (one HTML paragraph per line) when there are
// more than one, so that the map stays readable; a single line is written
// as a leaf node, unless white space at an end would be lost there. Leaf nodes come before the child nodes: the text export
// interleaves them, but an entry's answer is its own lines in order, so the
// entries do not change. A node with an entry carries soudan:kind (and
// soudan:question when its title is a question), and its keywords,
// examples and meta as the attributes キーワード, 質問例 and meta's names;
// a heading without lines or children carries soudan:heading=true, and a
// content leaf that looks like a numbered heading soudan:heading=false.
// Icons and arrow links (to nodes in the tree) are written too. Referrals
// of CSV or YAML records that are not in their lines are not written.
func WriteMM(w io.Writer, root *Node) error {
	if root == nil {
		return errors.New("WriteMM: no tree to write")
	}
	ids := map[*Node]string{}
	root.Walk(func(n *Node, _ int) {
		if _, ok := ids[n]; !ok {
			ids[n] = "ID_" + strconv.Itoa(len(ids)+1)
		}
	})
	bw := bufio.NewWriter(w)
	bw.WriteString("<map version=\"1.0.1\">\n")
	bw.WriteString("<!-- Written by soudan: open it in Freeplane or FreeMind. Answers are notes; see docs/formats.md. -->\n")
	m := &mmWriter{w: bw, ids: ids}
	m.node(root, 0)
	bw.WriteString("</map>\n")
	return bw.Flush()
}

// mmWriter writes the nodes of one map.
type mmWriter struct {
	w   *bufio.Writer
	ids map[*Node]string
}

func (m *mmWriter) printf(format string, args ...any) {
	fmt.Fprintf(m.w, format, args...)
}

func (m *mmWriter) node(n *Node, depth int) {
	lines := nodeLines(n)
	ind := strings.Repeat(" ", depth)
	m.printf("%s<node ID=\"%s\" TEXT=\"%s\">\n", ind, m.ids[n], xmlAttr(n.Title))
	for _, ic := range n.Icons {
		m.printf("%s <icon BUILTIN=\"%s\"/>\n", ind, xmlAttr(ic))
	}
	for _, t := range n.Targets {
		if id, ok := m.ids[t]; ok {
			m.printf("%s <arrowlink DESTINATION=\"%s\"/>\n", ind, id)
		}
	}
	switch {
	case len(lines) > 0 || n.Entry != nil:
		m.entryAttributes(n, ind)
	case len(n.Children) == 0:
		m.attribute(ind, mmAttrHeading, "true")
	}
	m.lines(lines, ind)
	for _, c := range n.Children {
		m.node(c, depth+1)
	}
	m.printf("%s</node>\n", ind)
}

// nodeLines returns the lines of n, or those of its entry's answer for an
// entry that has none (a CSV or YAML record).
func nodeLines(n *Node) []Line {
	if len(n.Lines) > 0 || n.Entry == nil || n.Entry.Answer == "" {
		return n.Lines
	}
	var lines []Line
	for _, t := range strings.Split(n.Entry.Answer, "\n") {
		lines = append(lines, Line{Text: t})
	}
	return lines
}

func (m *mmWriter) attribute(ind, name, value string) {
	m.printf("%s <attribute NAME=\"%s\" VALUE=\"%s\"/>\n", ind, xmlAttr(name), xmlAttr(value))
}

// entryAttributes writes the kind, question flag, keywords, examples and
// meta of a node with content.
func (m *mmWriter) entryAttributes(n *Node, ind string) {
	kind, question := n.Kind, n.Question
	e := n.Entry
	if e != nil {
		kind, question = e.Kind, len(e.Question) > 0
	}
	if kind == "" {
		kind = KindManual
	}
	m.attribute(ind, mmAttrKind, string(kind))
	if question {
		m.attribute(ind, mmAttrQuestion, "true")
	}
	if e == nil {
		return
	}
	for _, k := range e.Keywords {
		m.attribute(ind, mmWriteKeywords, k)
	}
	for _, x := range e.Examples {
		m.attribute(ind, mmWriteExamples, x)
	}
	names := make([]string, 0, len(e.Meta))
	for k := range e.Meta {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		for _, v := range e.Meta[k] {
			m.attribute(ind, k, v)
		}
	}
}

// lines writes a node's own lines: as a note when there are several, or
// one with white space at an end (which a leaf's text loses), and the note
// reads back as the same lines, else as leaf nodes.
func (m *mmWriter) lines(lines []Line, ind string) {
	if len(lines) > 1 || len(lines) == 1 && strings.TrimSpace(lines[0].Text) != lines[0].Text {
		ts := texts(lines)
		note := htmlParagraphs(ts)
		if slices.Equal(texts(trimBlank(richLines([]byte(note), 1, false))), ts) {
			m.printf("%s <richcontent TYPE=\"NOTE\">\n%s%s </richcontent>\n", ind, note, ind)
			return
		}
	}
	for _, l := range lines {
		if numberedHeadingRE.MatchString(strings.TrimSpace(l.Text)) {
			m.printf("%s <node TEXT=\"%s\"><attribute NAME=\"%s\" VALUE=\"false\"/></node>\n", ind, xmlAttr(l.Text), mmAttrHeading)
		} else {
			m.printf("%s <node TEXT=\"%s\"/>\n", ind, xmlAttr(l.Text))
		}
	}
}

// xmlAttr escapes s for a double-quoted XML attribute.
func xmlAttr(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}
