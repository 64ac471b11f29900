package corpus

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// FreeMind and Freeplane maps (.mm).
//
// The hierarchy of a map is explicit, but a map does not say which nodes
// are headings and which are the lines of an entry. ParseMM rebuilds that
// with two rules:
//
//   - a node's note and details (<richcontent TYPE="NOTE"> and "DETAILS")
//     are its own lines, and a node with a note is a node of its own;
//   - the leaf children of a node are its own content lines too, and its
//     other children are child nodes. A leaf that is a heading is marked
//     with the attribute soudan:heading=true, or is a numbered heading
//     (01., 052.); soudan:heading=false makes a numbered leaf a content
//     line.
//
// Attributes of the soudan: namespace carry what a map cannot express:
//
//	soudan:kind      the kind of the entry built from the node's lines
//	soudan:question  true when the title is a question or a caller's situation
//	soudan:heading   true for a leaf heading, false for a numbered content leaf
//
// Editors' attributes give the entry's fields: キーワード (keywords), 質問例
// (examples) and 種別 (kind); any other attribute is kept in the entry's
// meta. Without a kind attribute, the kind and the question are inferred
// from the titles as in the text export.
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

// isContent reports whether el is a content line of its parent: a leaf
// that is not a heading and does not declare an entry of its own (with a
// note, details or a kind attribute).
func (el *mmElem) isContent() bool {
	if len(el.children) > 0 || el.marked || el.kindAttr || len(el.note) > 0 {
		return false
	}
	if el.heading >= 0 {
		return el.heading == 0
	}
	return !numberedHeadingRE.MatchString(strings.TrimSpace(strings.Join(el.text, " ")))
}

// hidden reports whether Freeplane hides el, as it hides the empty nodes
// that hold its summaries together: the empty marker of the first node of
// a summarised group (hook FirstGroupNode), and an empty summary node
// (hook SummaryNode) whose children hold the summary's text. The children
// of a hidden node show in its place; an unfolded empty node only is
// hidden, and one with a note is kept.
func (el *mmElem) hidden() bool {
	if !el.group && !(el.summary && len(el.children) > 0) {
		return false
	}
	return !el.folded && el.treeID == "" && len(el.note) == 0 && strings.TrimSpace(strings.Join(el.text, "")) == ""
}

// mmVisible returns children with the nodes that Freeplane hides replaced
// by their own children.
func mmVisible(children []*mmElem) []*mmElem {
	i := slices.IndexFunc(children, (*mmElem).hidden)
	if i < 0 {
		return children
	}
	out := append([]*mmElem(nil), children[:i]...)
	for _, c := range children[i:] {
		if c.hidden() {
			out = append(out, mmVisible(c.children)...)
		} else {
			out = append(out, c)
		}
	}
	return out
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
	errs  LoadErrors       // the nodes left out: bad clones
	byID  map[string]*Node // element IDs; a content leaf maps to its owner
	links []mmPending
	mmClones
}

type mmPending struct {
	from *Node
	dest string
	line int
}

func (b *mmBuilder) problem(line int, format string, args ...any) {
	b.probs = append(b.probs, Problem{File: b.file, Line: line, Message: fmt.Sprintf(format, args...)})
}

func (b *mmBuilder) register(el *mmElem, n *Node) {
	if el.id == "" || b.copying > 0 {
		return // the copies of a cloned subtree: links go to the original
	}
	if _, dup := b.byID[el.id]; dup {
		b.problem(el.line, "node ID %q is used twice; links to it go to the first", el.id)
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

// node builds the node of el and, recursively, of its children. Its lines
// are its note and details, its http(s) link, then its content leaves.
func (b *mmBuilder) node(el *mmElem, ancestors []string) *Node {
	n := &Node{
		Title: strings.Join(el.text, " "),
		Line:  el.line,
		Icons: append([]string(nil), el.icons...),
	}
	b.register(el, n)
	b.linksOf(el, n)
	n.Lines = append(n.Lines, el.note...)
	if l, ok := mmLinkLine(el); ok {
		n.Lines = append(n.Lines, l)
	}
	attrs := el.attrs.clip() // a clone's original is built more than once
	// ancestors is one stack for the whole build, never kept: copying it
	// at every level would cost time and memory quadratic in the depth.
	path := append(ancestors, n.Title)
	defer b.enter(el)()
	for _, c := range mmVisible(el.children) {
		c, ok := b.resolve(c, len(path))
		if !ok {
			continue
		}
		if !c.isContent() {
			child := b.node(c, path)
			child.Parent = n
			n.Children = append(n.Children, child)
			continue
		}
		b.contentLeaf(n, c)
		attrs.add(c.attrs)
	}
	// An empty leaf (<node TEXT=""/>) at either end adds no blank line,
	// as blank paragraphs at either end of a note do not.
	n.Lines = trimBlank(n.Lines)
	b.classify(n, el, ancestors)
	b.attach(n, el, attrs)
	return n
}

// contentLeaf adds the leaf c to n's content: its lines, link (unless its
// text shows the URL already, as a pasted address does), icons and links;
// its ID leads to n.
func (b *mmBuilder) contentLeaf(n *Node, c *mmElem) {
	for _, t := range c.text {
		n.Lines = append(n.Lines, Line{Text: t, Num: c.line})
	}
	if l, ok := mmLinkLine(c); ok && !strings.Contains(strings.Join(c.text, "\n"), l.Text) {
		n.Lines = append(n.Lines, l)
	}
	n.Icons = appendUnique(n.Icons, c.icons...)
	b.register(c, n)
	b.linksOf(c, n)
}

// classify sets the kind of n and whether its title is a question: from
// the attributes, or inferred like the text export does when the node
// carries no soudan: attribute.
func (b *mmBuilder) classify(n *Node, el *mmElem, ancestors []string) {
	n.Kind, n.Question = el.kind, el.question
	inferred := false
	if !el.marked && len(n.Lines) > 0 {
		n.Question = mmQuestion(n.Title, ancestors)
		inferred = n.Question
	}
	if n.Kind == "" {
		n.Kind = inferMMKind(n.Title, ancestors, inferred)
	}
}

// attach gives a node with content the editors' attributes: its entry is
// made here, with keywords, examples and meta. On a node without content
// they have no entry to go to.
func (b *mmBuilder) attach(n *Node, el *mmElem, attrs mmUserAttrs) {
	if len(n.Lines) == 0 {
		if len(attrs.keywords) > 0 || len(attrs.examples) > 0 || el.kindAttr {
			b.problem(el.line, "the kind, keywords and examples of %q are ignored: the node has no text of its own (add a note)", n.Title)
		}
		return
	}
	if attrs.empty() && !el.kindAttr {
		return
	}
	e := &Entry{Kind: n.Kind, Title: n.Title, kindAttr: el.kindAttr}
	if n.Question {
		e.Question = []string{n.Title}
	}
	for _, k := range attrs.keywords {
		e.Keywords = appendUnique(e.Keywords, k)
	}
	e.Examples = appendUniqueFold(nil, attrs.examples...)
	if len(attrs.meta) > 0 {
		e.Meta = map[string][]string{}
		for _, m := range attrs.meta {
			e.Meta[m.name] = append(e.Meta[m.name], m.value)
		}
	}
	n.Entry = e
}

// mmQuestion reports whether the title of a node with content is a
// caller's question, as the text export decides: a question outside the
// reception flows, or a caller's situation in the FAQ.
func mmQuestion(title string, ancestors []string) bool {
	faq := false
	for _, a := range ancestors {
		if s, ok := matchTop(a); ok {
			if s.flow {
				return false
			}
			faq = faq || s.faq
		}
		faq = faq || numberedHeadingRE.MatchString(strings.TrimSpace(a))
	}
	return isQuestion(title) || faq && isSituation(title)
}

// inferMMKind gives the kind of a node without a kind attribute, from its
// title, whether it was found to be a question, and the titles of its
// ancestors.
func inferMMKind(title string, ancestors []string, question bool) Kind {
	switch {
	case strings.HasSuffix(title, "標準回答"):
		return KindStandardAnswer
	case caseNumberRE.MatchString(title):
		return KindCase
	case question:
		return KindFAQ
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
// <attribute NAME=… VALUE=…/> and <richcontent> (the node's HTML text, its
// note and its details). See the comment at the top of this file for how
// entries are rebuilt. Styles, layout hooks, fonts, edges and clouds are
// not content.
//
// An http(s) LINK adds its URL as a content line of the node (or of the
// parent, for a content leaf). Arrow links and internal links (#ID) become
// Node.Targets. Line numbers are those of the <node> elements in the file,
// and those of the paragraphs for notes and details. A Freeplane clone
// (TREE_ID, CONTENT_ID) reads as the node it clones (see mmclone.go).
//
// The halves of a surrogate pair that FreeMind and Freeplane write as two
// character references read as the one character they encode, and the
// references to control characters they write though XML forbids them
// are dropped (see mmchars.go).
//
// An encrypted node (ENCRYPTED_CONTENT) is an error that skips it with
// the nodes it hides; an encrypted root rejects the map.
//
// A line with a stray byte that is not UTF-8 is an error (in the returned
// LoadErrors) and reads with U+FFFD in its place (see repairUTF8); a map
// that is not UTF-8 as a whole is rejected.
func ParseMM(file string, data []byte, dir *Directory) (*Document, []Problem, error) {
	data, badLines, err := repairUTF8(file, data)
	if err != nil {
		return nil, nil, err
	}
	r, err := readMM(file, mmCharRefs(data))
	errs := append(badLines, r.errs...)
	if err != nil {
		if len(errs) > 0 {
			err = append(errs, err)
		}
		return nil, r.probs, err
	}
	b := &mmBuilder{file: file, probs: r.probs, byID: map[string]*Node{}, mmClones: newMMClones(r.root)}
	doc := &Document{File: file, Format: "mm", Root: b.node(r.root, nil)}
	errs = append(errs, b.errs...)
	sortErrors(errs)
	for _, l := range b.links {
		t, ok := b.byID[l.dest]
		if !ok {
			b.problem(l.line, "link to unknown node ID %q", l.dest)
			continue
		}
		l.from.Targets = append(l.from.Targets, t)
	}
	return doc, b.probs, errs.orNil()
}

// appendUniqueFold appends the items of xs that dst does not hold yet,
// comparing them normalised.
func appendUniqueFold(dst []string, xs ...string) []string {
	if len(xs) == 0 {
		return dst
	}
	seen := make(map[string]bool, len(dst)+len(xs))
	for _, d := range dst {
		seen[Normalize(d)] = true
	}
	for _, x := range xs {
		x = strings.TrimSpace(x)
		if k := Normalize(x); k != "" && !seen[k] {
			seen[k] = true
			dst = append(dst, x)
		}
	}
	return dst
}
