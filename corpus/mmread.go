package corpus

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// This file reads the XML of a FreeMind or Freeplane map into mmElem
// values: the <node> elements with what soudan uses of them. Map furniture
// (styles, layout, fonts, edges, clouds) is skipped whole.

// mmElem is one <node> element as read.
type mmElem struct {
	line     int
	id       string
	treeID   string   // TREE_ID or CONTENT_ID: the node a Freeplane clone shares its content with
	cloneBy  string   // the attribute that gave treeID
	hasText  bool     // TEXT, LOCALIZED_TEXT or a NODE richcontent was given
	text     []string // the lines of TEXT, or of the NODE richcontent
	note     []Line   // the lines of the note and details, in file order
	link     string
	icons    []string
	arrows   []mmArrow
	kind     Kind
	kindAttr bool // the kind comes from an attribute (soudan:kind, 種別)
	question bool
	heading  int8 // -1 unset, 0 false, 1 true
	marked   bool // has a soudan:kind or soudan:question attribute
	attrs    mmUserAttrs
	children []*mmElem
	folded   bool    // FOLDED="true"
	group    bool    // has the hook FirstGroupNode: a summary's group starts here
	summary  bool    // has the hook SummaryNode
	origin   *mmElem // for a clone as built: the node it clones
	ownKids  bool    // for a clone as built: its children are its own, not copies
}

type mmArrow struct {
	dest string
	line int
}

// mmUserAttrs are the editors' attributes of a node: the understood ones
// (キーワード, 質問例) and the others, kept as metadata in order.
type mmUserAttrs struct {
	keywords []string
	examples []string
	meta     []mmMeta
}

type mmMeta struct{ name, value string }

func (a *mmUserAttrs) add(b mmUserAttrs) {
	a.keywords = append(a.keywords, b.keywords...)
	a.examples = append(a.examples, b.examples...)
	a.meta = append(a.meta, b.meta...)
}

func (a *mmUserAttrs) empty() bool {
	return len(a.keywords) == 0 && len(a.examples) == 0 && len(a.meta) == 0
}

// mmFurniture are the elements whose whole content is skipped: style
// definitions (<hook NAME="MapStyle"><map_styles><stylenode>…), layout and
// edge colour hooks, and the node's looks.
var mmFurniture = map[string]bool{
	"hook": true, "stylenode": true, "map_styles": true, "font": true, "edge": true,
	"cloud": true, "attribute_layout": true, "attribute_registry": true,
}

// The attribute names that editors use for an entry's fields.
var (
	mmKeywordNames = []string{"キーワード", "keywords", "分類（キーワード）"}
	mmExampleNames = []string{"質問例", "examples"}
	mmKindNames    = []string{"種別", "kind"}
)

// mmReader reads the <node> elements of one map.
type mmReader struct {
	file   string
	data   []byte
	dec    *xml.Decoder
	probs  []Problem
	errs   LoadErrors // what is left out: a subtree nested too deep
	root   *mmElem
	sawMap bool
	open   []mmOpen  // the open elements
	nodes  []*mmElem // the open <node> elements
}

// mmOpen is an open element of the map.
type mmOpen struct {
	el   *mmElem // the node, or nil for another element
	name string
	line int
	self bool // written <…/>: it ends where it starts
}

// errUnclosedNode ends a map that ends inside a <node>.
var errUnclosedNode = errors.New("unexpected end of file: this <node> is not closed")

// readMM reads the <node> elements of a map into r.root, with the
// problems and errors of what it leaves out in r.probs and r.errs; the
// error is for a map that cannot be read.
func readMM(file string, data []byte) (*mmReader, error) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = false
	dec.AutoClose = xml.HTMLAutoClose
	dec.Entity = xml.HTMLEntity
	dec.CharsetReader = mmCharset
	r := &mmReader{file: file, data: data, dec: dec}
	if err := r.run(); err != nil {
		return r, err
	}
	return r, r.finish()
}

func (r *mmReader) problem(line int, format string, args ...any) {
	r.probs = append(r.probs, Problem{File: r.file, Line: line, Message: fmt.Sprintf(format, args...)})
}

// errorHere is err at the decoder's line; an encoding the map declares
// but soudan does not read is an error of the XML declaration, at line 1,
// and a file that ends inside a <node> is an error at that node's line.
func (r *mmReader) errorHere(err error) error {
	var enc mmEncodingError
	if errors.As(err, &enc) {
		return &Error{File: r.file, Line: 1, Err: enc}
	}
	var syn *xml.SyntaxError
	if top := r.top(); top != nil && (errors.Is(err, io.ErrUnexpectedEOF) || errors.As(err, &syn) && syn.Msg == "unexpected EOF") {
		return &Error{File: r.file, Line: top.line, Err: errUnclosedNode}
	}
	l, _ := r.dec.InputPos()
	return &Error{File: r.file, Line: l, Err: err}
}

// mmEncodingError is an encoding declared in a map's XML declaration that
// soudan does not read.
type mmEncodingError string

func (e mmEncodingError) Error() string {
	return fmt.Sprintf("the map declares encoding %q (save the file as UTF-8)", string(e))
}

// mmCharset is the decoder's CharsetReader, called for an encoding other
// than "UTF-8" in the XML declaration. The data is UTF-8 by then (see
// ParseMM), so the other spellings of UTF-8 and US-ASCII, a subset of it,
// are read as they are; any other encoding is refused rather than read as
// something it is not.
func mmCharset(label string, input io.Reader) (io.Reader, error) {
	switch strings.NewReplacer("-", "", "_", "").Replace(strings.ToLower(strings.TrimSpace(label))) {
	case "utf8", "usascii", "ascii":
		return input, nil
	}
	return nil, mmEncodingError(label)
}

func (r *mmReader) top() *mmElem {
	if len(r.nodes) == 0 {
		return nil
	}
	return r.nodes[len(r.nodes)-1]
}

// run reads the tokens of the file.
func (r *mmReader) run() error {
	for {
		line, _ := r.dec.InputPos()
		off := r.dec.InputOffset()
		tok, err := r.dec.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return r.errorHere(err)
		}
		raw := r.data[min(off, int64(len(r.data))):min(max(off, r.dec.InputOffset()), int64(len(r.data)))]
		switch t := tok.(type) {
		case xml.StartElement:
			if err := r.start(t, line, bytes.HasSuffix(raw, []byte("/>"))); err != nil {
				return err
			}
		case xml.EndElement:
			if err := r.end(t, raw); err != nil {
				return err
			}
		}
	}
}

// finish checks what was read once the file has ended.
func (r *mmReader) finish() error {
	switch {
	case len(r.nodes) > 0:
		return &Error{File: r.file, Line: r.top().line, Err: errUnclosedNode}
	case !r.sawMap:
		return &Error{File: r.file, Err: errors.New("not a FreeMind map: no <map> element")}
	case r.root == nil:
		return &Error{File: r.file, Err: errors.New("the map has no <node>")}
	}
	return nil
}

// start handles an opening element on source line line, written <…/>
// when self is set.
func (r *mmReader) start(t xml.StartElement, line int, self bool) error {
	name := strings.ToLower(t.Name.Local)
	if mmFurniture[name] {
		if top := r.top(); name == "hook" && top != nil {
			n, _ := attr(t, "NAME")
			top.group = top.group || n == "FirstGroupNode"
			top.summary = top.summary || n == "SummaryNode"
		}
		if err := r.dec.Skip(); err != nil {
			return r.errorHere(err)
		}
		return nil
	}
	top := r.top()
	var opened *mmElem
	switch name {
	case "map":
		r.sawMap = true
	case "node":
		if enc, ok := attr(t, "ENCRYPTED_CONTENT"); ok && enc != "" {
			return r.skipEncrypted(t, line)
		}
		if len(r.nodes) >= MaxDepth {
			return r.skipNode(line, fmt.Errorf("nodes nested deeper than %d (the subtree is skipped)", MaxDepth))
		}
		opened = r.openNode(t, line, top)
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
			r.attribute(top, n, v, line)
		}
	case "richcontent":
		return r.richcontent(t, top)
	}
	r.open = append(r.open, mmOpen{el: opened, name: t.Name.Local, line: line, self: self})
	return nil
}

// end handles a closing element, read from raw. An end tag that closes an
// element around the innermost open one leaves that one unclosed: the XML
// decoder closes it quietly, but Freeplane and FreeMind refuse the map,
// and the nodes after it would move into it, so it is an error.
func (r *mmReader) end(t xml.EndElement, raw []byte) error {
	if len(r.open) == 0 {
		return nil
	}
	o := r.open[len(r.open)-1]
	if !o.self && !bytes.HasPrefix(raw, []byte("</"+t.Name.Local)) {
		return r.unclosed(o, raw)
	}
	if o.el != nil {
		r.nodes = r.nodes[:len(r.nodes)-1]
	}
	r.open = r.open[:len(r.open)-1]
	return nil
}

// unclosed is the error for the open element o, which the end tag raw
// closes from outside.
func (r *mmReader) unclosed(o mmOpen, raw []byte) error {
	l, _ := r.dec.InputPos()
	closer := strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(string(raw), "</"), ">"))
	where := "the map"
	if closer != "map" {
		where = "an element"
		for i := len(r.open) - 2; i >= 0; i-- {
			if r.open[i].name == closer {
				where = fmt.Sprintf("the <%s> of line %d", closer, r.open[i].line)
				break
			}
		}
	}
	return &Error{File: r.file, Line: o.line, Err: fmt.Errorf("this <%s> is not closed: </%s> on line %d ends %s inside it", o.name, closer, l, where)}
}

// skipNode skips the <node> on line, with its subtree, for the reason err.
func (r *mmReader) skipNode(line int, err error) error {
	r.errs = append(r.errs, &Error{File: r.file, Line: line, Err: err})
	if err := r.dec.Skip(); err != nil {
		return r.errorHere(err)
	}
	return nil
}

// skipEncrypted handles an encrypted <node>: Freeplane and FreeMind keep
// its title readable and its child nodes in ENCRYPTED_CONTENT, encrypted.
// The node is skipped with an error, for without its children it would
// read as a line of its parent; an encrypted root (a password-protected
// map) rejects the map.
func (r *mmReader) skipEncrypted(t xml.StartElement, line int) error {
	const fix = "(remove its password in Freeplane or FreeMind)"
	if r.root == nil && len(r.nodes) == 0 {
		return &Error{File: r.file, Line: line, Err: errors.New("the map is encrypted: soudan cannot read a password-protected map " + fix)}
	}
	what := "a node"
	if text, _ := attr(t, "TEXT"); strings.TrimSpace(text) != "" {
		what = fmt.Sprintf("the node %q", strings.Join(textLines(text), " "))
	}
	return r.skipNode(line, fmt.Errorf("%s is encrypted: soudan cannot read the nodes it hides, so it is skipped with them %s", what, fix))
}

// openNode starts a <node> element below top.
func (r *mmReader) openNode(t xml.StartElement, line int, top *mmElem) *mmElem {
	el := &mmElem{line: line, heading: -1}
	el.id, _ = attr(t, "ID")
	el.link, _ = attr(t, "LINK")
	folded, _ := attr(t, "FOLDED")
	el.folded = folded == "true"
	for _, name := range mmCloneAttrs {
		if id, ok := attr(t, name); ok && id != "" {
			el.treeID, el.cloneBy = id, name
			break
		}
	}
	text, ok := attr(t, "TEXT")
	if !ok {
		// Freeplane's untouched root: a localised default title.
		text, ok = attr(t, "LOCALIZED_TEXT")
	}
	el.text, el.hasText = textLines(text), ok
	if f, _ := attr(t, "FORMAT"); f == "markdownPatternFormat" {
		el.text = markdownStrings(el.text)
	}
	switch {
	case top != nil:
		top.children = append(top.children, el)
	case r.root == nil:
		r.root = el
	default:
		r.problem(line, "the map has a second root node; it is ignored")
	}
	r.nodes = append(r.nodes, el)
	return el
}

// richcontent reads a <richcontent> element whole: a node's rich text
// (TYPE="NODE"), its note (NOTE) or its details (DETAILS).
func (r *mmReader) richcontent(t xml.StartElement, top *mmElem) error {
	first, _ := r.dec.InputPos()
	start := r.dec.InputOffset()
	end, err := r.skipRaw()
	if err != nil || top == nil {
		return err
	}
	if start < 0 || end < start || end > int64(len(r.data)) {
		return nil
	}
	typ, _ := attr(t, "TYPE")
	ct, _ := attr(t, "CONTENT-TYPE")
	ct = strings.ToLower(ct)
	lines := richLines(r.data[start:end], first, strings.HasPrefix(ct, "plain"))
	if ct == "plain/markdown" {
		lines = markdownLines(lines)
	}
	switch strings.ToUpper(typ) {
	case "NODE":
		top.text, top.hasText = nil, true
		for _, l := range lines {
			if t := strings.TrimSpace(l.Text); t != "" {
				top.text = append(top.text, t)
			}
		}
	case "NOTE", "DETAILS":
		top.note = append(top.note, trimBlank(lines)...)
	}
	return nil
}

// skipRaw consumes the content of the element just opened and its end
// tag. It returns the offset where the end tag starts.
func (r *mmReader) skipRaw() (int64, error) {
	depth := 0
	for {
		off := r.dec.InputOffset()
		tok, err := r.dec.Token()
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		if err != nil {
			return 0, r.errorHere(err)
		}
		switch tok.(type) {
		case xml.StartElement:
			depth++
		case xml.EndElement:
			if depth == 0 {
				return off, nil
			}
			depth--
		}
	}
}

// attribute applies one <attribute NAME VALUE> to a node.
func (r *mmReader) attribute(el *mmElem, name, value string, line int) {
	name = strings.TrimSpace(name)
	if strings.HasPrefix(name, "soudan:") {
		r.soudanAttribute(el, name, value, line)
		return
	}
	value = strings.TrimSpace(value)
	switch {
	case name == "" || value == "":
	case mmNameIs(name, mmKeywordNames):
		el.attrs.keywords = append(el.attrs.keywords, splitList(value)...)
	case mmNameIs(name, mmExampleNames):
		el.attrs.examples = append(el.attrs.examples, splitExamples(value)...)
	case mmNameIs(name, mmKindNames):
		k, ok := kindAliases[Fold(value)]
		if !ok {
			r.problem(line, "%s: unknown kind %q (want faq, standard_answer, case or manual); the kind is inferred", name, value)
			return
		}
		el.kind, el.kindAttr = k, true
	default:
		el.attrs.meta = append(el.attrs.meta, mmMeta{name: name, value: value})
	}
}

func mmNameIs(name string, names []string) bool {
	for _, n := range names {
		if strings.EqualFold(name, n) {
			return true
		}
	}
	return false
}

// soudanAttribute applies an attribute of the soudan: namespace.
func (r *mmReader) soudanAttribute(el *mmElem, name, value string, line int) {
	value = strings.TrimSpace(value)
	switch name {
	case mmAttrKind:
		k, err := ParseKind(value)
		if err != nil {
			r.problem(line, "%s: %v; the kind is inferred", mmAttrKind, err)
			return
		}
		el.kind, el.kindAttr, el.marked = k, true, true
	case mmAttrQuestion, mmAttrHeading:
		b, err := strconv.ParseBool(value)
		if err != nil {
			r.problem(line, "%s must be true or false, not %q", name, value)
			return
		}
		switch {
		case name == mmAttrQuestion:
			el.question, el.marked = b, true
		case b:
			el.heading = 1
		default:
			el.heading = 0
		}
	default:
		r.problem(line, "unknown attribute %q is ignored (want %s, %s or %s)", name, mmAttrKind, mmAttrQuestion, mmAttrHeading)
	}
}

func attr(se xml.StartElement, name string) (string, bool) {
	for _, a := range se.Attr {
		if a.Name.Local == name && a.Name.Space == "" {
			return a.Value, true
		}
	}
	return "", false
}

// textLines splits a TEXT attribute into lines, without the white space
// at either end of each (a space typed after a title, often a full-width
// one), as the text export's lines are read.
func textLines(s string) []string {
	ls := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	for i, l := range ls {
		ls[i] = strings.TrimSpace(l)
	}
	return ls
}
