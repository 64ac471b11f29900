package corpus

import (
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
)

// The export markers of the mind map's HTML-to-text copy.
var (
	iconRE      = regexp.MustCompile(`^(flag)\s+`)
	trailLinkRE = regexp.MustCompile(`\s+(Arrow Link|User Link)\s*$`)
)

// cleanMarkers strips export markers from one raw line. It returns the
// text, the icon words found in front and whether an Arrow Link trailed it.
func cleanMarkers(raw string) (text string, icons []string, arrow bool) {
	// Symbol-font bullets survive the export as private-use characters.
	text = strings.Map(func(r rune) rune {
		if r >= 0xE000 && r <= 0xF8FF {
			return '・'
		}
		return r
	}, strings.TrimRight(raw, " \t\r"))
	for {
		m := iconRE.FindStringSubmatch(text)
		if m == nil {
			break
		}
		icons = append(icons, m[1])
		text = text[len(m[0]):]
	}
	for {
		m := trailLinkRE.FindStringSubmatch(text)
		if m == nil {
			break
		}
		if m[1] == "Arrow Link" {
			arrow = true
		}
		text = text[:len(text)-len(m[0])]
	}
	return text, icons, arrow
}

var (
	actionPrefixRE = regexp.MustCompile(`^[\s　]*((?:【(?:相談|届出|緊急|窓口回答)】)+)`)
	phoneRE        = regexp.MustCompile(`0\d{1,4}-\d{1,4}-\d{3,4}`)
	urlRE          = regexp.MustCompile(`https?://[^\s　）)」』"<>]+`)
	pageRE         = regexp.MustCompile(`(?i)p\.?\s*(\d{1,3})`)
	reportRE       = regexp.MustCompile(`届(?:出|け)|被害届`)
	// A mention followed by a referring verb: 〜に相談, 〜へ届出, 〜を紹介 …
	referVerbRE = regexp.MustCompile(`^(?:等|など)?(?:の[^、。]{0,12}?)?(?:に|へ)[^・、。]{0,8}?(?:相談|届|連絡|問い?合|通報)|^(?i:の(?:HP|ホームページ|サイト|ページ))?を紹介`)
	bulletRE    = regexp.MustCompile(`^[\s　]*[☆★●■◆◇・※]*[\s　]*`)
)

// lineActions returns the referral actions a line starts with
// (【相談】, 【届出】, 【緊急】, 【窓口回答】) and the rest of the line.
func lineActions(text string) ([]Action, string) {
	m := actionPrefixRE.FindStringSubmatch(text)
	if m == nil {
		return nil, text
	}
	var acts []Action
	for _, part := range strings.Split(strings.Trim(m[1], "【】"), "】【") {
		acts = append(acts, Action(part))
	}
	return acts, text[len(m[0]):]
}

// isReferralLine reports whether a line starting with an action marker names
// an organisation that the directory knows, or is a 窓口回答 line.
func isReferralLine(text string, dir *Directory) bool {
	acts, rest := lineActions(text)
	if len(acts) == 0 {
		return false
	}
	if acts[0] == ActionDesk {
		return true
	}
	return len(dir.Mentions(rest)) > 0
}

// lineReferrals extracts the referrals of one content line. prev and next
// are the neighbouring lines, used for a bare organisation line (its action
// from the line before, its phone or URL from the line after). unknown is
// true for an action line whose organisation the directory does not know.
func lineReferrals(text, prev, next string, dir *Directory) (refs []Referral, unknown bool) {
	acts, rest := lineActions(text)
	detail := strings.TrimSpace(text)
	norm := Normalize(text)
	phone := phoneRE.FindString(norm)
	url := urlRE.FindString(text)
	if len(acts) > 0 {
		if acts[0] == ActionDesk {
			return []Referral{{Action: ActionDesk, Org: DeskOrg, Detail: detail}}, false
		}
		ms, key := dir.find(rest)
		if len(ms) == 0 {
			return nil, true
		}
		// Prefer the organisation the line sends the caller to (…に, …へ).
		pick := ms[0]
		for _, m := range ms {
			after := key[m.end:]
			if strings.HasPrefix(after, "に") || strings.HasPrefix(after, "へ") || strings.HasPrefix(after, "で") {
				pick = m
				break
			}
		}
		return []Referral{withContact(Referral{Action: acts[0], Org: pick.org.Name, Detail: detail, Phone: phone, URL: url}, pick.org)}, false
	}
	ms, key := dir.findKey(normalizedKey(norm)) // dir.find(text), normalised once
	if len(ms) == 0 {
		return nil, false
	}
	bare := bulletRE.ReplaceAllString(text, "")
	if _, ok := dir.Lookup(bare); ok && len(ms) == 1 {
		// A line that is only an organisation name: 「JPCERT/CC」 after
		// 「インシデント報告・届出」, 「☆なりすましECサイト対策協議会」.
		act := ActionConsult
		if reportRE.MatchString(prev) {
			act = ActionReport
		}
		nn := Normalize(strings.TrimSpace(next))
		if phone == "" {
			if p := phoneRE.FindString(nn); p != "" && len([]rune(nn)) <= len(p)+4 {
				phone = p
			}
		}
		if url == "" {
			if u := urlRE.FindString(next); u != "" && strings.TrimSpace(next) == u {
				url = u
			}
		}
		return []Referral{withContact(Referral{Action: act, Org: ms[0].org.Name, Detail: detail, Phone: phone, URL: url}, ms[0].org)}, false
	}
	for _, m := range ms {
		// The action is that of the clause the referring verb ends
		// (〜に被害届を出す: 届出); a mention with a phone number and no
		// verb takes the line's.
		said := norm
		if after := key[m.end:]; referVerbRE.MatchString(after) {
			said, _, _ = strings.Cut(after, "・") // the clause: up to 、 (・ in the key) or 。
			said, _, _ = strings.Cut(said, "。")
		} else if phone == "" {
			continue
		}
		act := ActionConsult
		if reportRE.MatchString(said) {
			act = ActionReport
		}
		return []Referral{withContact(Referral{Action: act, Org: m.org.Name, Detail: detail, Phone: phone, URL: url}, m.org)}, false
	}
	return nil, false
}

// withContact fills the contact fields the line did not give from the
// directory file.
func withContact(r Referral, o *Org) Referral {
	if r.Phone == "" {
		r.Phone = o.Phone
	}
	if r.URL == "" {
		r.URL = o.URL
	}
	return r
}

// linePages returns the guidebook pages a line refers to (【ガイドブック】P.20).
func linePages(text string) []string {
	if !strings.Contains(text, "ガイドブック】") {
		return nil
	}
	var out []string
	for _, m := range pageRE.FindAllStringSubmatch(Normalize(text), -1) {
		out = append(out, "P."+m[1])
	}
	return out
}

// lineLinks returns the http(s) URLs in a line.
func lineLinks(text string) []string {
	var out []string
	for _, u := range urlRE.FindAllString(text, -1) {
		out = append(out, strings.TrimRight(u, ".,、。"))
	}
	return out
}

// appendUnique appends the xs that dst does not hold yet, in order.
func appendUnique[T comparable](dst []T, xs ...T) []T {
	for _, x := range xs {
		if !slices.Contains(dst, x) {
			dst = append(dst, x)
		}
	}
	return dst
}

// MakeID derives an entry ID from its position in the tree (path) and its
// title, so it is stable across reloads and unaffected by edits elsewhere.
func MakeID(path []string, title string) string {
	h := sha1.New()
	for _, p := range path {
		h.Write([]byte(p))
		h.Write([]byte{0x1f})
	}
	h.Write([]byte{0x1e})
	h.Write([]byte(title))
	return hex.EncodeToString(h.Sum(nil))[:12]
}

// finishDocument builds the entries of doc from its tree: every node with
// lines of its own (or a preset Entry) becomes an entry, in tree order. It
// fills IDs, paths, sections, sources, and the referrals, guidebook pages
// and links found in the lines. ids holds the IDs already taken by other
// documents; a clash gets a numeric suffix.
func finishDocument(doc *Document, dir *Directory, ids map[string]bool) []Problem {
	b := &docBuilder{doc: doc, dir: dir, ids: ids, scans: scanDocument(doc.Root, dir)}
	b.walk(doc.Root, nil, "")
	return b.probs
}

// docBuilder walks a document's tree for finishDocument.
type docBuilder struct {
	doc   *Document
	dir   *Directory
	ids   map[string]bool
	scans map[*Node][]lineScan // each node's lines, read beforehand
	probs []Problem
}

// lineScan is what a content line says: its referrals (unknown when it
// refers to an organisation the directory does not know), guidebook
// pages and links.
type lineScan struct {
	refs         []Referral
	unknown      bool
	pages, links []string
}

// scanDocument reads the content lines of every node of the tree. Each
// line is read on its own, so the nodes are read in parallel: the
// directory lookups of a large corpus's lines are most of its load.
func scanDocument(root *Node, dir *Directory) map[*Node][]lineScan {
	var nodes []*Node
	var collect func(n *Node)
	collect = func(n *Node) {
		if len(n.Lines) > 0 {
			nodes = append(nodes, n)
		}
		for _, c := range n.Children {
			collect(c)
		}
	}
	collect(root)
	scans := make([][]lineScan, len(nodes))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), max(1, len(nodes)/64)) {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < len(nodes); i = int(next.Add(1) - 1) {
				scans[i] = scanNode(nodes[i], dir)
			}
		})
	}
	wg.Wait()
	out := make(map[*Node][]lineScan, len(nodes))
	for i, n := range nodes {
		out[n] = scans[i]
	}
	return out
}

// scanNode reads one node's content lines.
func scanNode(n *Node, dir *Directory) []lineScan {
	out := make([]lineScan, len(n.Lines))
	for i, l := range n.Lines {
		prev, next := n.Title, ""
		if i > 0 {
			prev = n.Lines[i-1].Text
		}
		if i+1 < len(n.Lines) {
			next = n.Lines[i+1].Text
		}
		out[i].refs, out[i].unknown = lineReferrals(l.Text, prev, next, dir)
		out[i].pages, out[i].links = linePages(l.Text), lineLinks(l.Text)
	}
	return out
}

// walk makes n's entry (when n has one) and walks its children; path holds
// the headings above n and section the ID of the section entry n sits in.
func (b *docBuilder) walk(n *Node, path []string, section string) {
	if len(n.Lines) > 0 || n.Entry != nil {
		b.entry(n, path, section)
	}
	childSection := section
	if e := n.Entry; e != nil && e.Kind != KindCase && e.Kind != KindStandardAnswer && len(e.Question) == 0 {
		childSection = e.ID
	}
	// path is one stack for the whole walk (entry copies it): copying it
	// at every level would cost time and memory quadratic in the depth.
	childPath := append(path, n.Title)
	for _, c := range n.Children {
		c.Parent = n
		b.walk(c, childPath, childSection)
	}
}

// entry completes n's entry (making one for a node with lines only) and
// adds it to the document.
func (b *docBuilder) entry(n *Node, path []string, section string) {
	e := nodeEntry(n)
	e.Path = append([]string{}, path...)
	e.ID = b.uniqueID(e, path)
	e.Section = section
	start, end := b.scanLines(n, e)
	if e.Source.File == "" {
		e.Source = Source{File: b.doc.File, StartLine: start, EndLine: end}
	}
	fillEmptyLists(e)
	b.doc.Entries = append(b.doc.Entries, e)
}

// nodeEntry returns n's entry, made from the node when it has none, with
// the kind and title defaulted from the node.
func nodeEntry(n *Node) *Entry {
	e := n.Entry
	if e == nil {
		e = &Entry{Kind: n.Kind, Title: n.Title}
		if n.Question {
			e.Question = []string{n.Title}
		}
		n.Entry = e
	}
	if e.Kind == "" {
		e.Kind = KindManual
	}
	if e.Title == "" {
		e.Title = n.Title
	}
	return e
}

// uniqueID returns e's ID (preset, or made from its path and title), with
// a numeric suffix when another entry has it already, and takes it.
func (b *docBuilder) uniqueID(e *Entry, path []string) string {
	id := MakeID(path, e.Title)
	if e.ID != "" {
		id = e.ID
	}
	for i := 2; b.ids[id]; i++ {
		id = fmt.Sprintf("%s-%d", MakeID(path, e.Title), i)
	}
	b.ids[id] = true
	return id
}

// scanLines reads n's lines into e: the referrals, guidebook pages and
// links they name, and the answer when e has none. It returns the first
// and last source line of the node.
func (b *docBuilder) scanLines(n *Node, e *Entry) (start, end int) {
	start, end = n.Line, n.Line
	texts := make([]string, 0, len(n.Lines))
	scans := b.scans[n]
	if len(scans) != len(n.Lines) {
		scans = scanNode(n, b.dir)
	}
	for i, l := range n.Lines {
		if start == 0 || l.Num < start {
			start = l.Num
		}
		end = max(end, l.Num)
		texts = append(texts, l.Text)
		sc := scans[i]
		if sc.unknown {
			b.probs = append(b.probs, Problem{File: b.doc.File, Line: l.Num, Message: fmt.Sprintf("referral line names no organisation known to the directory: %q", l.Text)})
		}
		for _, r := range sc.refs {
			if !hasReferral(e.Referrals, r) {
				e.Referrals = append(e.Referrals, r)
			}
		}
		e.GuidebookPages = appendUnique(e.GuidebookPages, sc.pages...)
		e.Links = appendUnique(e.Links, sc.links...)
	}
	if e.Answer == "" {
		e.Answer = strings.Join(texts, "\n")
	}
	return start, end
}

// fillEmptyLists makes e's lists empty rather than nil, so that they are
// [] in JSON.
func fillEmptyLists(e *Entry) {
	if e.Referrals == nil {
		e.Referrals = []Referral{}
	}
	if e.GuidebookPages == nil {
		e.GuidebookPages = []string{}
	}
	if e.Links == nil {
		e.Links = []string{}
	}
	if e.Keywords == nil {
		e.Keywords = []string{}
	}
}

func hasReferral(rs []Referral, r Referral) bool {
	for _, x := range rs {
		if x.Action == r.Action && x.Org == r.Org && (r.Action != ActionDesk || x.Detail == r.Detail) {
			return true
		}
	}
	return false
}
