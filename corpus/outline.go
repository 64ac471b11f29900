package corpus

import (
	"bufio"
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// This file rebuilds the desk manual's tree from the mind map's text
// export, whose indentation was lost. The signals, strongest first:
//
//   - known top-level sections (目的, 緊急, 資料請求, 【ガイドブック】に沿った案件別FAQ …);
//   - numbering in the FAQ: "05." then "051." is a child of 05; a number
//     that restarts at 01 opens a level below; another two-digit number
//     continues the open level it follows most closely (03 after 02 …);
//   - markers: 【緊急】 headings of the reception flow, …標準回答, ケースN,
//     threat blocks (個人第N位 / 組織第N位), ■●★◆ and ①② body lines;
//   - question lines (…か, …？, …は, …たい, …ほしい) and callers'
//     situations written as statements (…た, …ている), which start FAQ
//     entries of their own;
//   - a short heading followed by a guidebook reference, or by a body that
//     opens with ■/●/１, or following an entry that was complete.
//
// Reception flows (相談受付対応手順, 緊急, 資料請求, the link lists) are kept
// as whole steps: their question lines are checklist items for staff, not
// callers' questions.

// topSection describes a known top-level section of the manual.
type topSection struct {
	title  string
	prefix bool // match by prefix (啓発 matches 啓発（教育・学習）)
	flow   bool // a reception flow: questions inside do not split entries
	faq    bool // the root of the FAQ
}

// TopSections are the manual's known top-level sections.
var topSections = []topSection{
	{title: "目的"},
	{title: "相談受付対応手順", flow: true},
	{title: "緊急", flow: true},
	{title: "平時の備え"},
	{title: "啓発", prefix: true},
	{title: "セキュリティ以外"},
	{title: "資料請求", flow: true},
	{title: "【ガイドブック】に沿った案件別FAQ", faq: true},
	{title: "相談対応時参考資料", prefix: true, flow: true},
	{title: "汎用の手順書へのリンク", flow: true},
	{title: "その他の相談対応手順", prefix: true, flow: true},
	{title: "他機関事例", flow: true},
}

// faqHeadings are unnumbered headings directly under the FAQ root; each
// starts its own numbering.
var faqHeadings = []string{"作成方法", "提示する対策項目"}

var (
	topKeys = func() []string {
		ks := make([]string, len(topSections))
		for i, s := range topSections {
			ks[i] = Normalize(s.title)
		}
		return ks
	}()
	faqKeys = func() []string {
		ks := make([]string, len(faqHeadings))
		for i, h := range faqHeadings {
			ks[i] = Normalize(h)
		}
		return ks
	}()
)

func matchTop(text string) (topSection, bool) {
	if utf8.RuneCountInString(text) > 40 {
		return topSection{}, false
	}
	t := strings.TrimSpace(Normalize(text))
	for i, s := range topSections {
		if k := topKeys[i]; t == k || s.prefix && strings.HasPrefix(t, k) {
			return s, true
		}
	}
	return topSection{}, false
}

func matchFAQHeading(text string) bool {
	t := strings.TrimSpace(Normalize(text))
	for _, k := range faqKeys {
		if strings.HasPrefix(t, k) {
			return true
		}
	}
	return false
}

// lineClass is the role a line can play, before context decides.
type lineClass int

const (
	classFree      lineClass = iota // plain text: heading, question or answer by context
	classBody                       // ■●★◆・※ ①, "１　", indented, 【例】, URL: always content
	classReferral                   // 【相談】… naming a known organisation, 【窓口回答】…
	classAction                     // 【相談】… with no known organisation (a sub-heading or advice)
	classGuidebook                  // 【ガイドブック】P.20 を紹介
	classUrgent                     // 【緊急】… that is not a referral: a heading of the 緊急 flow
	classStandard                   // …標準回答
	classCase                       // ケース1
	classThreat                     // 個人第2位 組織第2位　ランサムウェアによる被害
	classNumbered                   // 052.ランサムウェアを使った詐欺・恐喝
)

func (c lineClass) String() string {
	return [...]string{"free", "body", "referral", "action", "guidebook", "urgent", "standard", "case", "threat", "numbered"}[c]
}

var (
	numberedRE  = regexp.MustCompile(`^(\d{2,3})\.\s*(.*)$`)
	caseRE      = regexp.MustCompile(`^ケース\s*\d+$`)
	threatRE    = regexp.MustCompile(`^(個人|組織)第\d+位`)
	bodyStartRE = regexp.MustCompile(`^(?:[■●★◆◇☆・※◎○]|[①-⑳]|\d{1,2}[\s　]|【例】|https?://)`)
	openBodyRE  = regexp.MustCompile(`^(?:[■●◆]|\d{1,2}[\s　])`)
	// listItemRE matches numbered list items such as 「指示１ …」.
	listItemRE = regexp.MustCompile(`^[\p{Han}\p{Hiragana}\p{Katakana}]{1,5}\s*\d{1,2}[\s　]`)
)

// classify gives a line's class. raw keeps leading white space, which
// marks an indented body line.
func classify(raw string, dir *Directory) lineClass {
	text := strings.TrimSpace(raw)
	norm := Normalize(text)
	if _, ok := matchTop(text); ok {
		return classFree
	}
	switch {
	case raw != "" && (raw[0] == ' ' || raw[0] == '\t' || strings.HasPrefix(raw, "　")):
		return classBody
	case numberedRE.MatchString(norm):
		return classNumbered
	case caseRE.MatchString(norm):
		return classCase
	case strings.HasSuffix(norm, "標準回答"):
		return classStandard
	case threatRE.MatchString(norm):
		return classThreat
	}
	if acts, _ := lineActions(text); len(acts) > 0 {
		switch {
		case isReferralLine(text, dir):
			return classReferral
		case acts[0] == ActionUrgent:
			return classUrgent
		default:
			return classAction
		}
	}
	if strings.HasPrefix(norm, "【ガイドブック】") || strings.HasPrefix(norm, "【【ガイドブック】】") {
		return classGuidebook
	}
	if bodyStartRE.MatchString(norm) || bodyStartRE.MatchString(text) || listItemRE.MatchString(norm) {
		return classBody
	}
	return classFree
}

// isQuestion reports whether a line reads as a question.
func isQuestion(s string) bool {
	t := strings.TrimRight(strings.TrimSpace(Normalize(s)), "。.")
	if t == "" {
		return false
	}
	if strings.HasSuffix(t, "?") || strings.HasSuffix(t, "？") {
		return true
	}
	for _, suf := range []string{"か", "かな", "たい", "ほしい", "欲しい", "いい", "教えて"} {
		if strings.HasSuffix(t, suf) {
			return true
		}
	}
	if strings.HasSuffix(t, "は") {
		for _, not := range []string{"場合は", "時は", "ときは", "には", "とは", "では"} {
			if strings.HasSuffix(t, not) {
				return false
			}
		}
		return true
	}
	return false
}

// isSituation reports whether a line is a caller's situation written as a
// statement (…メールが届くようになった, …書き込まれている).
func isSituation(s string) bool {
	t := strings.TrimSpace(Normalize(s))
	if utf8.RuneCountInString(t) < 8 || strings.HasSuffix(t, "。") {
		return false
	}
	for _, suf := range []string{"た", "ている", "ていた", "てる"} {
		if strings.HasSuffix(t, suf) {
			return true
		}
	}
	return false
}

// isShortHeading reports whether a line looks like a noun-phrase heading:
// short, no sentence punctuation, not a condition or a verb phrase.
func isShortHeading(s string) bool {
	t := strings.TrimSpace(Normalize(s))
	if strings.ContainsAny(t, "、,") {
		return false
	}
	return isHeadingLike(t)
}

// isHeadingLike is isShortHeading without the rule against commas, for a
// line that a ■/●/１ body follows.
func isHeadingLike(s string) bool {
	t := strings.TrimSpace(Normalize(s))
	if n := utf8.RuneCountInString(t); n == 0 || n > 40 || strings.ContainsAny(t, "。") {
		return false
	}
	for _, suf := range []string{"場合は", "場合", "ために", "として", "ため", "方", "から", "ので", "とき", "時", "る", "す", "い", "だ", "う", "く", "む", "つ", "ぐ", "ぶ", "に", "を", "が", "で", "と"} {
		if strings.HasSuffix(t, suf) {
			return false
		}
	}
	return true
}

// isShortLine reports whether a line is short and not a sentence: the
// caller's situation that a routing item names (個人情報の取り扱い).
func isShortLine(s string) bool {
	t := strings.TrimSpace(Normalize(s))
	n := utf8.RuneCountInString(t)
	return n > 0 && n <= 30 && !strings.ContainsAny(t, "。")
}

type rawLine struct {
	raw   string // markers stripped, leading white space kept
	text  string // trimmed
	num   int
	icons []string
	arrow bool
	class lineClass
}

type numLevel struct {
	n, width int
	digits   string
	node     *Node
}

// item is the entry being filled: a question, topic, standard answer, case
// or threat block.
type item struct {
	node   *Node
	body   bool // a record body: only strong signals end it
	closed bool // a heading whose guidebook reference completed it
	topic  bool
	threat bool
	// routing: a caller's situation followed by its referral line; the
	// next such line starts an entry of its own.
	routing bool
}

type outlineParser struct {
	file  string
	dir   *Directory
	lines []rawLine
	root  *Node

	top      *Node // current top-level section
	flow     bool
	inFAQ    bool
	faqRoot  *Node
	numBase  *Node // parent of the first numbered level
	stack    []numLevel
	section  *Node // heading receiving own lines
	cur      *item
	threats  int // threat blocks seen in the current section
	arrowsAt []arrowRef
	probs    []Problem
	errs     LoadErrors
	tooDeep  bool // the last numbered heading was held at the deepest level
}

type arrowRef struct {
	node *Node
	line rawLine
}

// ParseOutline parses the mind map's text export (see the comment at the top
// of this file). It never fails on odd structure: whatever it cannot place
// stays as content of the nearest heading. A line with a stray byte that is
// not UTF-8 is an error (in the returned LoadErrors) and reads with U+FFFD
// in its place (see repairUTF8); it fails only on a file that is not UTF-8
// as a whole, naming its first bad line.
func ParseOutline(file string, data []byte, dir *Directory) (*Document, []Problem, error) {
	data, badLines, err := repairUTF8(file, bytes.TrimPrefix(data, utf8BOM))
	if err != nil {
		return nil, nil, err
	}
	p := &outlineParser{file: file, dir: dir}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1024*1024), 16*1024*1024)
	num := 0
	for sc.Scan() {
		num++
		raw, icons, arrow := cleanMarkers(strings.TrimRight(sc.Text(), "\r"))
		text := strings.TrimSpace(raw)
		if text == "" || num == 1 && text == "Expand - Collapse" {
			continue
		}
		p.lines = append(p.lines, rawLine{raw: raw, text: text, num: num, icons: icons, arrow: arrow, class: classify(raw, dir)})
	}
	if err := sc.Err(); err != nil {
		return nil, nil, &Error{File: file, Line: num + 1, Err: err}
	}
	p.parse()
	p.resolveArrows()
	return &Document{File: file, Format: "outline", Root: p.root}, p.probs, append(badLines, p.errs...).orNil()
}

func (p *outlineParser) parse() {
	if len(p.lines) == 0 {
		p.root = &Node{Title: p.file, Kind: KindManual}
		return
	}
	first := p.lines[0]
	start := 0
	if _, ok := matchTop(first.text); ok {
		p.root = &Node{Title: p.file, Kind: KindManual}
	} else {
		p.root = &Node{Title: first.text, Line: first.num, Kind: KindManual, Icons: first.icons}
		start = 1
	}
	p.section = p.root
	for i := start; i < len(p.lines); i++ {
		var next *rawLine
		if i+1 < len(p.lines) {
			next = &p.lines[i+1]
		}
		p.line(p.lines[i], next)
	}
}

// child adds a heading node under parent.
func (p *outlineParser) child(parent *Node, l rawLine, kind Kind) *Node {
	n := &Node{Title: l.text, Line: l.num, Kind: kind, Icons: l.icons, Parent: parent}
	parent.Children = append(parent.Children, n)
	if l.arrow || strings.Contains(l.text, "⇒【") {
		p.arrowsAt = append(p.arrowsAt, arrowRef{node: n, line: l})
	}
	return n
}

// openSection makes n the heading that receives own lines.
func (p *outlineParser) openSection(n *Node) {
	p.section, p.cur, p.threats = n, nil, 0
}

// target is the node receiving content lines now.
func (p *outlineParser) target() *Node {
	if p.cur != nil {
		return p.cur.node
	}
	return p.section
}

func (p *outlineParser) add(l rawLine) {
	n := p.target()
	n.Lines = append(n.Lines, Line{Text: l.text, Num: l.num})
	if l.arrow || strings.Contains(l.text, "⇒【") {
		p.arrowsAt = append(p.arrowsAt, arrowRef{node: n, line: l})
	}
}

func (p *outlineParser) sectionKind() Kind {
	if p.inFAQ {
		return KindFAQ
	}
	return KindManual
}

// startItem opens an entry of its own under the current section.
func (p *outlineParser) startItem(l rawLine, kind Kind, it item) {
	it.node = p.child(p.section, l, kind)
	p.cur = &it
}

// line places one line: as a heading of the tree (a known section, a FAQ
// heading or number, a heading of a reception flow), as an entry of its own
// (a standard answer, a case, a threat block, a question or topic), or as
// a content line of the entry being filled.
func (p *outlineParser) line(l rawLine, next *rawLine) {
	switch {
	case p.heading(l, next), p.marked(l):
		return
	case p.flow || p.top == nil:
		p.add(l)
		return
	}
	switch l.class {
	case classFree, classUrgent, classNumbered:
		p.free(l, next)
	case classGuidebook:
		p.add(l)
		if p.cur != nil && p.cur.topic && len(p.cur.node.Lines) == 1 {
			p.cur.closed = true
		}
	default:
		p.add(l)
	}
}

// heading places l if it is a heading of the tree: a known top-level
// section, a FAQ heading that starts its own numbering, a numbered FAQ
// heading, a 【緊急】 heading or その他 of a reception flow.
func (p *outlineParser) heading(l rawLine, next *rawLine) bool {
	if s, ok := matchTop(l.text); ok && l.class == classFree {
		n := p.child(p.root, l, KindManual)
		p.top, p.flow, p.inFAQ, p.stack = n, s.flow, s.faq, nil
		if s.faq {
			p.faqRoot, p.numBase = n, n
		}
		p.openSection(n)
		return true
	}
	switch {
	case p.inFAQ && l.class == classFree && matchFAQHeading(l.text):
		n := p.child(p.faqRoot, l, KindManual)
		// A heading followed by 01. starts a numbering of its own.
		p.numBase, p.stack = p.faqRoot, nil
		if next != nil && next.class == classNumbered {
			p.numBase = n
		}
		p.openSection(n)
	case p.inFAQ && l.class == classNumbered:
		p.openSection(p.placeNumbered(l))
	case !p.inFAQ && p.top != nil && (l.class == classUrgent || p.flow && l.text == "その他"):
		p.openSection(p.child(p.top, l, KindManual))
	default:
		return false
	}
	return true
}

// marked starts the entry that a marked line opens: a standard answer, a
// case record, or (in the FAQ) a threat block, the first of which is the
// section's own description.
func (p *outlineParser) marked(l rawLine) bool {
	switch {
	case l.class == classStandard:
		p.startItem(l, KindStandardAnswer, item{body: true})
	case l.class == classCase:
		p.startItem(l, KindCase, item{body: true})
	case l.class == classThreat && p.inFAQ:
		p.threats++
		if p.threats == 1 {
			p.cur = nil
			p.add(l) // the section's own description
		} else {
			p.startItem(l, KindFAQ, item{threat: true})
		}
	default:
		return false
	}
	return true
}

// free places a free line: a question, a caller's situation, a routing
// item (a situation followed by its referral line), a heading, or an
// answer line.
func (p *outlineParser) free(l rawLine, next *rawLine) {
	question := isQuestion(l.text) || isSituation(l.text)
	ownLike := p.cur == nil || p.cur.threat
	nextBody := next != nil && next.class == classBody && isHeadingLike(l.text)
	switch {
	case p.cur != nil && p.cur.body && !question:
		p.add(l)
	case question:
		p.startItem(l, KindFAQ, item{})
		p.cur.node.Question = true
	case p.routingItem(l, next):
		// 「消費生活全般に関する苦情や問合せ」 then 【相談】消費者ホットライン:
		// a caller's situation with its answer.
		p.startItem(l, KindFAQ, item{routing: true})
		p.cur.node.Question = true
	case p.cur != nil && p.cur.closed,
		next != nil && next.class == classGuidebook:
		p.startTopic(l, item{})
	case nextBody && openBodyRE.MatchString(Normalize(next.text)):
		p.startTopic(l, item{body: true})
	case nextBody && listItemRE.MatchString(Normalize(next.text)):
		// A group heading over a numbered list (指示１, 指示２ …).
		p.startTopic(l, item{})
	case ownLike && next != nil && next.class == classFree && isShortHeading(l.text):
		p.startTopic(l, item{})
	default:
		p.add(l)
	}
}

// routingItem reports whether l starts a routing item: a short line
// followed by a referral line, opening a section (or following another
// routing item). A section of such pairs (セキュリティ以外) routes callers;
// inside a section with text of its own, such a pair is part of that text.
func (p *outlineParser) routingItem(l rawLine, next *rawLine) bool {
	if next == nil || next.class != classReferral || !isShortLine(l.text) {
		return false
	}
	if p.cur != nil {
		return p.cur.routing
	}
	return len(p.section.Lines) == 0 && len(p.section.Children) == 0
}

// startTopic opens a topic entry: a heading with answer lines, a question
// in the FAQ.
func (p *outlineParser) startTopic(l rawLine, it item) {
	it.topic = true
	p.startItem(l, p.sectionKind(), it)
	p.cur.node.Question = p.inFAQ
}

// placeNumbered puts a numbered FAQ heading into the tree.
func (p *outlineParser) placeNumbered(l rawLine) *Node {
	m := numberedRE.FindStringSubmatch(Normalize(l.text))
	digits := m[1]
	n, _ := strconv.Atoi(digits)
	lv := numLevel{n: n, width: len(digits), digits: digits}
	parentOf := func(i int) *Node {
		if i == 0 {
			return p.numBase
		}
		return p.stack[i-1].node
	}
	deepest := func() *Node {
		if len(p.stack) == 0 {
			return p.numBase
		}
		return p.stack[len(p.stack)-1].node
	}
	set := func(i int) *Node { // replace level i (or push at i == len)
		i = p.capLevel(i, l)
		lv.node = p.child(parentOf(i), l, KindFAQ)
		p.stack = append(p.stack[:i], lv)
		return lv.node
	}
	if lv.width == 3 {
		// 051 is a child of the open 05.
		for i := len(p.stack) - 1; i >= 0; i-- {
			if p.stack[i].width == 2 && p.stack[i].digits == digits[:2] {
				return set(i + 1)
			}
		}
		if k := len(p.stack) - 1; k >= 0 && p.stack[k].width == 3 {
			return set(k)
		}
		return set(len(p.stack))
	}
	if n <= 1 {
		// A number that restarts opens a level below the deepest one.
		_ = deepest
		return set(len(p.stack))
	}
	best, bestDiff := -1, 1<<30
	for i, s := range p.stack {
		if s.width == 2 && s.n <= n && n-s.n <= bestDiff {
			best, bestDiff = i, n-s.n
		}
	}
	if best >= 0 {
		return set(best)
	}
	for i := len(p.stack) - 1; i >= 0; i-- {
		if p.stack[i].width == 2 {
			return set(i)
		}
	}
	return set(len(p.stack))
}

// capLevel keeps the numbered heading l, to be placed at level i, within
// MaxDepth: a heading that would open a level deeper is placed at the
// deepest level instead, beside the heading there, and the first of a run
// of them is an error. Nothing is dropped; the tree stays shallow enough
// for every entry to carry its path.
func (p *outlineParser) capLevel(i int, l rawLine) int {
	// Levels 0…limit below numBase and its ancestors, and one more for
	// the entries that the lines below a heading open.
	limit := MaxDepth - 2
	for n := p.numBase; n != nil; n = n.Parent {
		limit--
	}
	if i <= limit {
		p.tooDeep = false
		return i
	}
	if !p.tooDeep {
		p.errs = append(p.errs, &Error{File: p.file, Line: l.num, Err: fmt.Errorf("headings nested deeper than %d; this one and those below it are placed beside the heading above", MaxDepth)})
		p.tooDeep = true
	}
	return max(limit, 0)
}

var arrowTargetRE = regexp.MustCompile(`⇒【([^】]+)】`)

// resolveArrows points Arrow Links at the sections they name: the 【X】 of
// 「…⇒【X】へ」, or else a top-level section named in the line.
func (p *outlineParser) resolveArrows() {
	tops := p.root.Children
	find := func(name string) *Node {
		k := Normalize(strings.TrimSpace(name))
		for _, t := range tops {
			tk := Normalize(t.Title)
			if tk == k || strings.HasPrefix(tk, k) {
				return t
			}
		}
		return nil
	}
	for _, a := range p.arrowsAt {
		var targets []*Node
		if m := arrowTargetRE.FindStringSubmatch(a.line.text); m != nil {
			for _, name := range strings.FieldsFunc(m[1], func(r rune) bool { return r == '、' || r == ',' || r == '・' }) {
				if t := find(name); t != nil {
					targets = append(targets, t)
				}
			}
		} else {
			var best *Node
			for _, t := range tops {
				if t != a.node && strings.Contains(Normalize(a.line.text), Normalize(t.Title)) && (best == nil || len(t.Title) > len(best.Title)) {
					best = t
				}
			}
			if best != nil {
				targets = append(targets, best)
			}
		}
		if len(targets) == 0 {
			p.probs = append(p.probs, Problem{File: p.file, Line: a.line.num, Message: fmt.Sprintf("Arrow Link on %q points at no section found in the text", a.line.text)})
			continue
		}
		for _, t := range targets {
			if t != a.node {
				a.node.Targets = append(a.node.Targets, t)
			}
		}
	}
}
