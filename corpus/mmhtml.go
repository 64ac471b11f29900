package corpus

import (
	"bytes"
	"encoding/xml"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// This file turns the content of a map's <richcontent> element (a node's
// rich text, note or details) into lines, with golang.org/x/net/html's
// tokenizer. HTML content follows the browser's rules: white space in the
// markup collapses, paragraphs, list items, headings, table rows and <br>
// end lines, entities (&nbsp;, &#160;, &amp; …) are decoded, and <head>,
// <style> and <script> are not text. Plain content (Freeplane's
// CONTENT-TYPE="plain/…", written as <text>…</text>) keeps its own line
// breaks. A non-breaking space becomes a plain space.

// richLineTags end the current line where they open and where they close.
var richLineTags = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Li: true, atom.Dt: true, atom.Dd: true,
	atom.Tr: true, atom.Ul: true, atom.Ol: true, atom.Dl: true, atom.Table: true,
	atom.Blockquote: true, atom.Pre: true, atom.Center: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
}

// richContainers are line tags that only hold other blocks: an empty one
// is not a blank line.
var richContainers = map[atom.Atom]bool{
	atom.Ul: true, atom.Ol: true, atom.Dl: true, atom.Table: true, atom.Tr: true, atom.Blockquote: true,
}

// richHidden are the elements whose content is not text.
var richHidden = map[atom.Atom]bool{
	atom.Head: true, atom.Style: true, atom.Script: true, atom.Title: true,
}

// richSeg is a piece of the line being built: literal text, or markup
// white space that collapses to one space between words.
type richSeg struct {
	text  string
	space bool
	line  int
}

// richBlock is an open line tag: the lines emitted before it and its line.
type richBlock struct {
	tag   atom.Atom
	lines int
	line  int
}

// richReader collects the lines of one richcontent element.
type richReader struct {
	plain   bool
	line    int // source line at the current token
	lines   []Line
	segs    []richSeg
	blocks  []richBlock
	hidden  int // depth inside head, style or script
	pre     int // depth inside pre
	anchors []richAnchor
}

// richAnchor is an open <a>: its link and where its text starts.
type richAnchor struct {
	href string
	seg  int
}

// richLines returns the lines of raw, the markup inside a <richcontent>
// element that starts on source line first. Blank lines are kept (an
// empty paragraph is a blank line); a line of spaces only is blank.
func richLines(raw []byte, first int, plain bool) []Line {
	r := &richReader{plain: plain, line: first}
	z := html.NewTokenizer(bytes.NewReader(raw))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		nl := bytes.Count(z.Raw(), []byte("\n"))
		r.token(z, tt)
		r.line += nl
	}
	r.flush(false, r.line)
	return r.lines
}

// token handles the token z has just read.
func (r *richReader) token(z *html.Tokenizer, tt html.TokenType) {
	switch tt {
	case html.TextToken:
		r.text(z.Raw())
	case html.StartTagToken, html.SelfClosingTagToken:
		name, hasAttr := z.TagName()
		a := atom.Lookup(name)
		if a == atom.A {
			r.anchors = append(r.anchors, richAnchor{href: tagHref(z, hasAttr), seg: len(r.segs)})
		}
		r.open(a, string(name))
		if tt == html.SelfClosingTagToken && a != atom.Br {
			r.close(a)
		}
	case html.EndTagToken:
		name, _ := z.TagName()
		r.close(atom.Lookup(name))
	}
}

// tagHref returns the href attribute of the tag z has just read.
func tagHref(z *html.Tokenizer, hasAttr bool) string {
	for hasAttr {
		var k, v []byte
		k, v, hasAttr = z.TagAttr()
		if string(k) == "href" {
			return strings.TrimSpace(string(v))
		}
	}
	return ""
}

// closeAnchor ends an <a>: an http(s) link whose text does not show its
// URL gets the URL after its text, so that the line keeps it.
func (r *richReader) closeAnchor() {
	if len(r.anchors) == 0 {
		return
	}
	an := r.anchors[len(r.anchors)-1]
	r.anchors = r.anchors[:len(r.anchors)-1]
	if r.hidden > 0 || !strings.HasPrefix(an.href, "http://") && !strings.HasPrefix(an.href, "https://") {
		return
	}
	var shown strings.Builder
	for _, s := range r.segs[min(an.seg, len(r.segs)):] {
		shown.WriteString(s.text)
	}
	if !strings.Contains(shown.String(), an.href) {
		r.segs = append(r.segs, richSeg{space: true, line: r.line}, richSeg{text: an.href, line: r.line}, richSeg{space: true, line: r.line})
	}
}

// text adds a text token, as it appears in the markup.
func (r *richReader) text(raw []byte) {
	if r.hidden > 0 {
		return
	}
	if r.plain || r.pre > 0 {
		r.literalLines(raw)
		return
	}
	line := r.line
	for len(raw) > 0 {
		i := bytes.IndexAny(raw, " \t\r\n\f")
		if i < 0 {
			i = len(raw)
		}
		if i > 0 {
			r.segs = append(r.segs, richSeg{text: richUnescape(string(raw[:i])), line: line})
			raw = raw[i:]
			continue
		}
		j := 0
		for j < len(raw) && strings.IndexByte(" \t\r\n\f", raw[j]) >= 0 {
			if raw[j] == '\n' {
				line++
			}
			j++
		}
		r.segs = append(r.segs, richSeg{space: true, line: line})
		raw = raw[j:]
	}
}

// literalLines adds text whose line breaks are line breaks: plain notes
// and <pre>.
func (r *richReader) literalLines(raw []byte) {
	text := strings.ReplaceAll(html.UnescapeString(string(raw)), "\r\n", "\n")
	for i, p := range strings.Split(text, "\n") {
		if i > 0 {
			r.flush(true, r.line+i-1)
		}
		if p = richClean(strings.TrimRight(p, "\r")); p != "" {
			r.segs = append(r.segs, richSeg{text: p, line: r.line + i})
		}
	}
}

func (r *richReader) open(a atom.Atom, name string) {
	switch {
	case richHidden[a]:
		r.hidden++
	case r.plain && name == "text":
		// Freeplane's <text> holds plain content: the markup's white
		// space before it is not part of the first line.
		r.segs = r.segs[:0]
	case r.hidden > 0 || r.plain:
	case a == atom.Br:
		r.flush(true, r.line)
	case a == atom.Td || a == atom.Th:
		r.segs = append(r.segs, richSeg{space: true, line: r.line})
	case richLineTags[a]:
		r.flush(false, r.line)
		r.blocks = append(r.blocks, richBlock{tag: a, lines: len(r.lines), line: r.line})
		if a == atom.Pre {
			r.pre++
		}
	}
}

func (r *richReader) close(a atom.Atom) {
	switch {
	case a == atom.A:
		r.closeAnchor()
	case richHidden[a]:
		if r.hidden > 0 {
			r.hidden--
		}
	case r.hidden > 0 || r.plain || !richLineTags[a] || len(r.blocks) == 0:
	default:
		r.flush(false, r.line)
		b := r.blocks[len(r.blocks)-1]
		r.blocks = r.blocks[:len(r.blocks)-1]
		if b.tag == atom.Pre && r.pre > 0 {
			r.pre--
		}
		if len(r.lines) == b.lines && !richContainers[b.tag] {
			r.lines = append(r.lines, Line{Num: b.line})
		}
	}
}

// flush ends the line being built. An empty line is kept only when force
// is set (a <br>, or a line break of plain text).
func (r *richReader) flush(force bool, line int) {
	var b strings.Builder
	num, space := 0, false
	for _, s := range r.segs {
		switch {
		case s.space:
			space = b.Len() > 0
		case s.text != "":
			if space {
				b.WriteByte(' ')
				space = false
			}
			if num == 0 {
				num = s.line
			}
			b.WriteString(s.text)
		}
	}
	r.segs = r.segs[:0]
	if b.Len() == 0 && !force {
		return
	}
	text := b.String()
	if strings.TrimSpace(text) == "" {
		text = ""
	}
	if num == 0 {
		num = line
	}
	r.lines = append(r.lines, Line{Text: text, Num: num})
}

// richUnescape decodes the entities of s: a non-breaking space, and a
// line break written as an entity, become a space; characters that XML
// cannot hold (&#17;) are dropped.
func richUnescape(s string) string { return richClean(html.UnescapeString(s)) }

// richClean turns non-breaking spaces and line breaks into spaces and
// drops the characters that XML cannot hold.
func richClean(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\u00a0' || r == '\n' || r == '\r':
			return ' '
		case xmlChar(r):
			return r
		}
		return -1
	}, s)
}

// trimBlank drops the blank lines at either end of ls.
func trimBlank(ls []Line) []Line {
	for len(ls) > 0 && ls[0].Text == "" {
		ls = ls[1:]
	}
	for len(ls) > 0 && ls[len(ls)-1].Text == "" {
		ls = ls[:len(ls)-1]
	}
	return ls
}

// htmlParagraphs writes lines as the HTML body of a note, in Freeplane's
// layout: one paragraph per line. Spaces that HTML would collapse (at
// either end of a line, or after another space) are written as &#160;
// and tabs as &#9;, so that richLines reads the same lines back.
func htmlParagraphs(lines []string) string {
	var b strings.Builder
	b.WriteString("<html>\n  <head>\n\n  </head>\n  <body>\n")
	for _, l := range lines {
		b.WriteString("    <p>\n      ")
		writeHTMLText(&b, l)
		b.WriteString("\n    </p>\n")
	}
	b.WriteString("  </body>\n</html>\n")
	return b.String()
}

func writeHTMLText(b *strings.Builder, s string) {
	start := 0
	flushText := func(end int) {
		if end > start {
			xml.EscapeText(b, []byte(s[start:end]))
		}
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == ' ' && (i == 0 || i == len(s)-1 || s[i-1] == ' '):
			flushText(i)
			b.WriteString("&#160;")
			start = i + 1
		case c == '\t':
			flushText(i)
			b.WriteString("&#9;")
			start = i + 1
		}
	}
	flushText(len(s))
}
