package corpus

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
)

// FreeMind and Freeplane maps (.mm).
//
// The hierarchy of a map is explicit, but a map does not say which nodes
// are headings and which are the lines of an entry. ParseMM rebuilds that
// with one rule: the leaf children of a node are its own content lines,
// and its other children are child nodes. A leaf that is a heading is
// marked with the attribute soudan:heading=true, or is a numbered heading
// (01., 052.); soudan:heading=false makes a numbered leaf a content line.
//
// Attributes of the soudan: namespace carry what a map cannot express:
//
//	soudan:kind      the kind of the entry built from the node's lines
//	soudan:question  true when the title is a question or a caller's situation
//	soudan:heading   true for a leaf heading, false for a numbered content leaf
//
// WriteMM writes a tree so that ParseMM reads back the same entries.

// The soudan: attributes of a map node.
const (
	mmAttrKind     = "soudan:kind"
	mmAttrQuestion = "soudan:question"
	mmAttrHeading  = "soudan:heading"
)

var (
	numberedHeadingRE = regexp.MustCompile(`^\d{2,3}\.`)
	caseNumberRE      = regexp.MustCompile(`ケース\s*[0-9０-９]`)
)

// mmElem is one <node> element as read.
type mmElem struct {
	line     int
	id       string
	text     []string // the lines of TEXT, or of the NODE richcontent
	link     string
	icons    []string
	arrows   []mmArrow
	kind     Kind
	question bool
	heading  int8 // -1 unset, 0 false, 1 true
	marked   bool // has a soudan:kind or soudan:question attribute
	children []*mmElem
}

type mmArrow struct {
	dest string
	line int
}

// htmlBlocks are the HTML elements that start a new line of text.
var htmlBlocks = map[string]bool{
	"p": true, "div": true, "br": true, "li": true, "tr": true, "ul": true, "ol": true,
	"table": true, "blockquote": true, "pre": true,
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
}

var htmlSpaceRE = regexp.MustCompile(`[ \t\r\n]+`)

// htmlLines returns the non-empty lines of text collected from HTML, with
// block boundaries already turned into newlines.
func htmlLines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.Trim(l, " "); l != "" {
			out = append(out, l)
		}
	}
	return out
}

func attr(se xml.StartElement, name string) (string, bool) {
	for _, a := range se.Attr {
		if a.Name.Local == name && a.Name.Space == "" {
			return a.Value, true
		}
	}
	return "", false
}

// textLines splits a TEXT attribute into lines.
func textLines(s string) []string {
	ls := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	for i, l := range ls {
		ls[i] = strings.TrimRight(l, "\r")
	}
	return ls
}

// readMM reads the <node> elements of a map.
func readMM(file string, data []byte) (*mmElem, []Problem, error) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = false
	dec.AutoClose = xml.HTMLAutoClose
	dec.Entity = xml.HTMLEntity

	var probs []Problem
	problem := func(line int, format string, args ...any) {
		probs = append(probs, Problem{File: file, Line: line, Message: fmt.Sprintf(format, args...)})
	}
	var (
		root   *mmElem
		sawMap bool
		open   []*mmElem // one per open element: the node, or nil
		nodes  []*mmElem // the open <node> elements
		// Inside a <richcontent TYPE="NODE">: its depth, the text so far
		// and the depth of an ignored <head>, <style> or <script>.
		rich, richIgnore int
		richText         strings.Builder
		// Depth inside another richcontent (a note or details), ignored.
		skip int
	)
	for {
		line, _ := dec.InputPos()
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			l, _ := dec.InputPos()
			return nil, probs, &Error{File: file, Line: l, Err: err}
		}
		switch t := tok.(type) {
		case xml.StartElement:
			name := strings.ToLower(t.Name.Local)
			if rich > 0 {
				rich++
				if richIgnore > 0 || name == "head" || name == "style" || name == "script" {
					richIgnore++
				}
				if htmlBlocks[name] {
					richText.WriteByte('\n')
				}
				continue
			}
			if skip > 0 {
				skip++
				continue
			}
			var top *mmElem
			if len(nodes) > 0 {
				top = nodes[len(nodes)-1]
			}
			var opened *mmElem
			switch name {
			case "map":
				sawMap = true
			case "node":
				el := &mmElem{line: line, heading: -1}
				el.id, _ = attr(t, "ID")
				el.link, _ = attr(t, "LINK")
				text, _ := attr(t, "TEXT")
				el.text = textLines(text)
				switch {
				case top != nil:
					top.children = append(top.children, el)
				case root == nil:
					root = el
				default:
					problem(line, "the map has a second root node; it is ignored")
				}
				nodes = append(nodes, el)
				opened = el
			case "icon":
				if b, ok := attr(t, "BUILTIN"); ok && top != nil && b != "" {
					top.icons = appendUnique(top.icons, b)
				}
			case "arrowlink":
				if d, ok := attr(t, "DESTINATION"); ok && top != nil {
					top.arrows = append(top.arrows, mmArrow{dest: d, line: line})
				}
			case "attribute":
				if top != nil {
					n, _ := attr(t, "NAME")
					v, _ := attr(t, "VALUE")
					mmAttribute(top, n, v, line, problem)
				}
			case "richcontent":
				if typ, _ := attr(t, "TYPE"); strings.EqualFold(typ, "NODE") && top != nil {
					rich = 1
					richText.Reset()
				} else {
					skip = 1
				}
				continue
			}
			open = append(open, opened)
		case xml.EndElement:
			if rich > 0 {
				rich--
				if richIgnore > 0 {
					richIgnore--
				}
				if htmlBlocks[strings.ToLower(t.Name.Local)] {
					richText.WriteByte('\n')
				}
				if rich == 0 {
					richIgnore = 0
				}
				if rich == 0 && len(nodes) > 0 {
					nodes[len(nodes)-1].text = htmlLines(richText.String())
				}
				continue
			}
			if skip > 0 {
				skip--
				continue
			}
			if len(open) == 0 {
				continue
			}
			if open[len(open)-1] != nil {
				nodes = nodes[:len(nodes)-1]
			}
			open = open[:len(open)-1]
		case xml.CharData:
			if rich > 0 && richIgnore == 0 {
				richText.WriteString(htmlSpaceRE.ReplaceAllString(string(t), " "))
			}
		}
	}
	if len(nodes) > 0 {
		return nil, probs, &Error{File: file, Line: nodes[len(nodes)-1].line, Err: errors.New("unexpected end of file: this <node> is not closed")}
	}
	if !sawMap {
		return nil, probs, &Error{File: file, Err: errors.New("not a FreeMind map: no <map> element")}
	}
	if root == nil {
		return nil, probs, &Error{File: file, Err: errors.New("the map has no <node>")}
	}
	return root, probs, nil
}

// mmAttribute applies one <attribute NAME VALUE> to a node.
func mmAttribute(el *mmElem, name, value string, line int, problem func(int, string, ...any)) {
	if !strings.HasPrefix(name, "soudan:") {
		return
	}
	value = strings.TrimSpace(value)
	switch name {
	case mmAttrKind:
		k, err := ParseKind(value)
		if err != nil {
			problem(line, "%s: %v; the kind is inferred", mmAttrKind, err)
			return
		}
		el.kind, el.marked = k, true
	case mmAttrQuestion, mmAttrHeading:
		b, err := strconv.ParseBool(value)
		if err != nil {
			problem(line, "%s must be true or false, not %q", name, value)
			return
		}
		if name == mmAttrQuestion {
			el.question, el.marked = b, true
		} else if b {
			el.heading = 1
		} else {
			el.heading = 0
		}
	default:
		problem(line, "unknown attribute %q is ignored (want %s, %s or %s)", name, mmAttrKind, mmAttrQuestion, mmAttrHeading)
	}
}

// isContent reports whether el is a content line of its parent: a leaf
// that is not a heading and does not declare an entry of its own.
func (el *mmElem) isContent() bool {
	if len(el.children) > 0 || el.marked {
		return false
	}
	if el.heading >= 0 {
		return el.heading == 0
	}
	return !numberedHeadingRE.MatchString(strings.TrimSpace(strings.Join(el.text, " ")))
}

// mmLinkLine returns the line a node's LINK adds to its content: the URL
// of an http(s) link.
func mmLinkLine(el *mmElem) (Line, bool) {
	l := strings.TrimSpace(el.link)
	if strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://") {
		return Line{Text: l, Num: el.line}, true
	}
	return Line{}, false
}

// mmBuilder turns the elements of a map into the node tree.
type mmBuilder struct {
	file  string
	probs []Problem
	byID  map[string]*Node // element IDs; a content leaf maps to its owner
	links []mmPending
}

type mmPending struct {
	from *Node
	dest string
	line int
}

func (b *mmBuilder) register(el *mmElem, n *Node) {
	if el.id == "" {
		return
	}
	if _, dup := b.byID[el.id]; dup {
		b.probs = append(b.probs, Problem{File: b.file, Line: el.line, Message: fmt.Sprintf("node ID %q is used twice; links to it go to the first", el.id)})
		return
	}
	b.byID[el.id] = n
}

// linksOf records the arrow links and internal links (#ID) of el, to
// resolve once every ID is known.
func (b *mmBuilder) linksOf(el *mmElem, n *Node) {
	for _, a := range el.arrows {
		b.links = append(b.links, mmPending{from: n, dest: a.dest, line: a.line})
	}
	if d, ok := strings.CutPrefix(strings.TrimSpace(el.link), "#"); ok && d != "" {
		b.links = append(b.links, mmPending{from: n, dest: d, line: el.line})
	}
}

func (b *mmBuilder) node(el *mmElem, ancestors []string) *Node {
	n := &Node{
		Title:    strings.Join(el.text, " "),
		Line:     el.line,
		Question: el.question,
		Icons:    append([]string(nil), el.icons...),
	}
	b.register(el, n)
	b.linksOf(el, n)
	if l, ok := mmLinkLine(el); ok {
		n.Lines = append(n.Lines, l)
	}
	path := append(append([]string(nil), ancestors...), n.Title)
	for _, c := range el.children {
		if !c.isContent() {
			child := b.node(c, path)
			child.Parent = n
			n.Children = append(n.Children, child)
			continue
		}
		for _, t := range c.text {
			n.Lines = append(n.Lines, Line{Text: t, Num: c.line})
		}
		if l, ok := mmLinkLine(c); ok {
			n.Lines = append(n.Lines, l)
		}
		n.Icons = appendUnique(n.Icons, c.icons...)
		b.register(c, n)
		b.linksOf(c, n)
	}
	n.Kind = el.kind
	if n.Kind == "" {
		n.Kind = inferMMKind(n.Title, ancestors)
	}
	return n
}

// inferMMKind gives the kind of a node without a soudan:kind attribute,
// from its title and the titles of its ancestors.
func inferMMKind(title string, ancestors []string) Kind {
	switch {
	case strings.HasSuffix(title, "標準回答"):
		return KindStandardAnswer
	case caseNumberRE.MatchString(title):
		return KindCase
	}
	for _, a := range ancestors {
		a = strings.TrimSpace(a)
		if numberedHeadingRE.MatchString(a) || strings.Contains(a, "【ガイドブック】に沿った案件別FAQ") {
			return KindFAQ
		}
	}
	return KindManual
}

// ParseMM reads a FreeMind or Freeplane map: nested <node TEXT=… ID=…
// LINK=…> elements with <icon BUILTIN=…/>, <arrowlink DESTINATION=…/>,
// <attribute NAME=… VALUE=…/> and Freeplane's <richcontent TYPE="NODE">
// HTML text. See the comment at the top of this file for how entries are
// rebuilt.
//
// An http(s) LINK adds its URL as a content line of the node (or of the
// parent, for a content leaf). Arrow links and internal links (#ID) become
// Node.Targets. Line numbers are those of the <node> elements in the file.
func ParseMM(file string, data []byte, dir *Directory) (*Document, []Problem, error) {
	if err := checkUTF8(file, data); err != nil {
		return nil, nil, err
	}
	root, probs, err := readMM(file, data)
	if err != nil {
		return nil, probs, err
	}
	b := &mmBuilder{file: file, probs: probs, byID: map[string]*Node{}}
	doc := &Document{File: file, Format: "mm", Root: b.node(root, nil)}
	for _, l := range b.links {
		t, ok := b.byID[l.dest]
		if !ok {
			b.probs = append(b.probs, Problem{File: file, Line: l.line, Message: fmt.Sprintf("link to unknown node ID %q", l.dest)})
			continue
		}
		l.from.Targets = append(l.from.Targets, t)
	}
	return doc, b.probs, nil
}

// WriteMM writes the tree below root as a FreeMind 1.0 map that ParseMM
// reads back into the same entries.
//
// Every node gets an ID (ID_1, ID_2, … in tree order). A node's own lines
// are written as leaf nodes before its child nodes: the text export
// interleaves them, but an entry's answer is its own lines in order, so the
// entries do not change. A node with an entry carries soudan:kind (and
// soudan:question when its title is a question); a heading without lines or
// children carries soudan:heading=true, and a content line that looks like a
// numbered heading soudan:heading=false. Icons and arrow links (to nodes in
// the tree) are written too. Fields of an entry that do not come from lines
// (keywords, examples, metadata and referrals of CSV or YAML records) are
// not written.
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
	bw.WriteString("<!-- Written by soudan. Content lines are leaf nodes, before the child nodes; see docs/formats.md. -->\n")
	if err := writeMMNode(bw, root, ids, 0); err != nil {
		return err
	}
	bw.WriteString("</map>\n")
	return bw.Flush()
}

func writeMMNode(w *bufio.Writer, n *Node, ids map[*Node]string, depth int) error {
	lines := n.Lines
	if len(lines) == 0 && n.Entry != nil && n.Entry.Answer != "" {
		for _, t := range strings.Split(n.Entry.Answer, "\n") {
			lines = append(lines, Line{Text: t})
		}
	}
	content := len(lines) > 0 || n.Entry != nil
	kind, question := n.Kind, n.Question
	if n.Entry != nil {
		kind, question = n.Entry.Kind, len(n.Entry.Question) > 0
	}
	if kind == "" {
		kind = KindManual
	}

	ind := strings.Repeat(" ", depth)
	fmt.Fprintf(w, "%s<node ID=\"%s\" TEXT=\"%s\">\n", ind, ids[n], xmlAttr(n.Title))
	for _, ic := range n.Icons {
		fmt.Fprintf(w, "%s <icon BUILTIN=\"%s\"/>\n", ind, xmlAttr(ic))
	}
	for _, t := range n.Targets {
		if id, ok := ids[t]; ok {
			fmt.Fprintf(w, "%s <arrowlink DESTINATION=\"%s\"/>\n", ind, id)
		}
	}
	switch {
	case content:
		fmt.Fprintf(w, "%s <attribute NAME=\"%s\" VALUE=\"%s\"/>\n", ind, mmAttrKind, xmlAttr(string(kind)))
		if question {
			fmt.Fprintf(w, "%s <attribute NAME=\"%s\" VALUE=\"true\"/>\n", ind, mmAttrQuestion)
		}
	case len(n.Children) == 0:
		fmt.Fprintf(w, "%s <attribute NAME=\"%s\" VALUE=\"true\"/>\n", ind, mmAttrHeading)
	}
	for _, l := range lines {
		if numberedHeadingRE.MatchString(strings.TrimSpace(l.Text)) {
			fmt.Fprintf(w, "%s <node TEXT=\"%s\"><attribute NAME=\"%s\" VALUE=\"false\"/></node>\n", ind, xmlAttr(l.Text), mmAttrHeading)
		} else {
			fmt.Fprintf(w, "%s <node TEXT=\"%s\"/>\n", ind, xmlAttr(l.Text))
		}
	}
	for _, c := range n.Children {
		if err := writeMMNode(w, c, ids, depth+1); err != nil {
			return err
		}
	}
	_, err := fmt.Fprintf(w, "%s</node>\n", ind)
	return err
}

// xmlAttr escapes s for a double-quoted XML attribute.
func xmlAttr(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}
