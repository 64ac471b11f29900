package corpus

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/japanese"
)

// This file holds the CSV parser and the record model it shares with the
// YAML parser: structured records (FAQ items, standard answers, case
// records) that become entries directly, under a tree built from each
// record's path.

// record is one structured entry of a CSV or YAML file, as written.
type record struct {
	line    int // first source line of the record
	endLine int // last source line of the record

	kind     string
	title    string
	path     []string
	question []string
	answer   []Line // the answer's lines with their source line numbers
	keywords []string
	examples []string
	refLines []Line      // referral lines, parsed like the manual's lines
	refs     []structRef // structured referrals (YAML only)
	pages    []Line
	links    []Line
	date     string
	category string
	caller   []string
}

// structRef is a referral given field by field: {action, org, phone, url}.
type structRef struct {
	line   int
	action string
	org    string
	phone  string
	url    string
}

// kindAliases maps the spellings of kinds accepted in CSV and YAML files,
// after Fold, to kinds.
var kindAliases = map[string]Kind{
	"standard_answer": KindStandardAnswer,
	"標準回答":            KindStandardAnswer,
	"faq":             KindFAQ,
	"よくある質問":          KindFAQ,
	"case":            KindCase,
	"ケース":             KindCase,
	"事例":              KindCase,
	"manual":          KindManual,
	"マニュアル":           KindManual,
}

// actionAliases maps the spellings of referral actions accepted in YAML
// files, after Fold and without 【】, to actions.
var actionAliases = map[string]Action{
	"相談":      ActionConsult,
	"consult": ActionConsult,
	"届出":      ActionReport,
	"report":  ActionReport,
	"緊急":      ActionUrgent,
	"urgent":  ActionUrgent,
	"窓口回答":    ActionDesk,
	"desk":    ActionDesk,
}

var (
	pathSepRE    = regexp.MustCompile(`\s+>\s+|／`)
	listSepRE    = regexp.MustCompile(`[、,，]`)
	exampleSepRE = regexp.MustCompile(`\n|｜`)
	bareNumRE    = regexp.MustCompile(`^\d{1,3}$`)
)

// splitPath splits a path cell ("A > B", "A／B") into its items.
func splitPath(s string) []string { return splitTrim(pathSepRE.Split(s, -1)) }

// splitLines splits a cell into its non-empty lines, trimmed.
func splitLines(s string) []string { return splitTrim(strings.Split(s, "\n")) }

// splitList splits a keyword cell (separated by 、 or ,).
func splitList(s string) []string { return splitTrim(listSepRE.Split(s, -1)) }

// splitExamples splits an examples cell (one per line, or separated by ｜).
func splitExamples(s string) []string { return splitTrim(exampleSepRE.Split(s, -1)) }

func splitTrim(parts []string) []string {
	var out []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// cellLines splits a cell into its lines, numbered from first; each line
// of the cell is on its own source line. Empty lines at either end are
// dropped, and trailing spaces trimmed.
func cellLines(s string, first int) []Line {
	var out []Line
	for i, t := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		out = append(out, Line{Text: strings.TrimRight(t, " \t\r"), Num: first + i})
	}
	for len(out) > 0 && strings.TrimSpace(out[0].Text) == "" {
		out = out[1:]
	}
	for len(out) > 0 && strings.TrimSpace(out[len(out)-1].Text) == "" {
		out = out[:len(out)-1]
	}
	return out
}

// fieldLines splits a list cell (pages, links) into items separated by
// spaces, newlines, 、 or commas, each with its source line.
func fieldLines(s string, first int) []Line {
	var out []Line
	for _, l := range cellLines(s, first) {
		for _, f := range strings.FieldsFunc(l.Text, func(r rune) bool {
			return r == ' ' || r == '\t' || r == '　' || r == '、' || r == ',' || r == '，'
		}) {
			out = append(out, Line{Text: f, Num: l.Num})
		}
	}
	return out
}

func texts(ls []Line) []string {
	out := make([]string, 0, len(ls))
	for _, l := range ls {
		out = append(out, l.Text)
	}
	return out
}

// recordTree builds the node tree of a file of records: every record
// becomes a node under the nodes of its path, which are created as
// headings without lines when no record provides them.
type recordTree struct {
	root *Node
}

func newRecordTree(file, title string) *recordTree {
	if title == "" {
		base := path.Base(file)
		title = strings.TrimSuffix(base, path.Ext(base))
	}
	return &recordTree{root: &Node{Title: title}}
}

// add places n under the path items, reusing existing nodes (headings or
// records) with the same title.
func (t *recordTree) add(items []string, n *Node) {
	parent := t.root
	for _, item := range items {
		var next *Node
		for _, c := range parent.Children {
			if c.Title == item {
				next = c
				break
			}
		}
		if next == nil {
			next = &Node{Title: item, Line: n.Line, Parent: parent}
			parent.Children = append(parent.Children, next)
		}
		parent = next
	}
	n.Parent = parent
	parent.Children = append(parent.Children, n)
}

// buildRecord checks a record and turns it into a node holding a preset
// entry. The error, if any, rejects this record only.
func buildRecord(file string, r *record, dir *Directory) (*Node, []Problem, error) {
	var probs []Problem
	problem := func(line int, format string, args ...any) {
		probs = append(probs, Problem{File: file, Line: line, Message: fmt.Sprintf(format, args...)})
	}
	fail := func(format string, args ...any) (*Node, []Problem, error) {
		return nil, probs, &Error{File: file, Line: r.line, Err: fmt.Errorf(format, args...)}
	}

	kind := KindFAQ
	if len(r.caller) > 0 {
		kind = KindCase
	}
	if k := strings.TrimSpace(r.kind); k != "" {
		var ok bool
		if kind, ok = kindAliases[Fold(k)]; !ok {
			return fail("unknown kind %q (want one of standard_answer, faq, case, manual)", k)
		}
	}
	title := strings.Join(splitLines(r.title), " ")
	if len(r.answer) == 0 {
		return fail("the answer (回答) is empty")
	}
	if kind == KindCase {
		if len(r.caller) == 0 {
			return fail("a case record needs the caller's description (相談者の説明)")
		}
		if title == "" {
			title = caseTitle(r)
		}
	} else if title == "" {
		return fail("the title (タイトル) is empty")
	}

	e := &Entry{
		Kind:     kind,
		Title:    title,
		Answer:   strings.Join(texts(r.answer), "\n"),
		Keywords: r.keywords,
		Examples: r.examples,
		Source:   Source{File: file, StartLine: r.line, EndLine: max(r.line, r.endLine)},
	}
	switch {
	case kind == KindCase:
		e.Question = r.caller
	case len(r.question) > 0:
		e.Question = r.question
	case kind == KindFAQ:
		e.Question = []string{title}
	}
	meta := map[string][]string{}
	if d := strings.TrimSpace(r.date); d != "" {
		meta["date"] = []string{d}
	}
	if c := strings.TrimSpace(r.category); c != "" {
		meta["category"] = []string{c}
	}
	if len(r.caller) > 0 {
		meta["caller"] = []string{strings.Join(r.caller, "\n")}
	}
	if len(meta) > 0 {
		e.Meta = meta
	}

	addRef := func(ref Referral) {
		if !hasReferral(e.Referrals, ref) {
			e.Referrals = append(e.Referrals, ref)
		}
	}
	for i, l := range r.refLines {
		prev, next := "", ""
		if i > 0 {
			prev = r.refLines[i-1].Text
		}
		if i+1 < len(r.refLines) {
			next = r.refLines[i+1].Text
		}
		refs, unknown := lineReferrals(l.Text, prev, next, dir)
		if len(refs) == 0 && !unknown {
			if acts, _ := lineActions(l.Text); len(acts) == 0 {
				// A line of the referrals column without an action
				// marker is a consultation (or a report, when it says so).
				marker := "【相談】"
				if strings.Contains(Normalize(l.Text), "届") {
					marker = "【届出】"
				}
				refs, _ = lineReferrals(marker+l.Text, prev, next, dir)
			}
		}
		if len(refs) == 0 {
			problem(l.Num, "referral line names no organisation known to the directory: %q", l.Text)
			continue
		}
		for _, ref := range refs {
			ref.Detail = strings.TrimSpace(l.Text)
			addRef(ref)
		}
		e.GuidebookPages = appendUnique(e.GuidebookPages, linePages(l.Text)...)
		e.Links = appendUnique(e.Links, lineLinks(l.Text)...)
	}
	for _, s := range r.refs {
		act, ok := actionAliases[Fold(strings.Trim(strings.TrimSpace(s.action), "【】"))]
		if !ok {
			return nil, probs, &Error{File: file, Line: s.line, Err: fmt.Errorf("unknown referral action %q (want 相談, 届出, 緊急 or 窓口回答)", s.action)}
		}
		ref := Referral{Action: act, Org: strings.TrimSpace(s.org), Phone: strings.TrimSpace(s.phone), URL: strings.TrimSpace(s.url)}
		switch {
		case act == ActionDesk:
			ref.Org = DeskOrg
		case ref.Org == "":
			return nil, probs, &Error{File: file, Line: s.line, Err: errors.New("referral without an organisation (org)")}
		default:
			if o, ok := dir.Lookup(ref.Org); ok {
				ref = withContact(ref, o)
				ref.Org = o.Name
			} else {
				problem(s.line, "referral organisation %q is not in the directory; add it to %s", ref.Org, DirectoryFile)
			}
		}
		addRef(ref)
	}
	for _, p := range r.pages {
		if pg, ok := pageNumber(p.Text); ok {
			e.GuidebookPages = appendUnique(e.GuidebookPages, pg)
		} else {
			problem(p.Num, "guidebook page %q is not a page number (write P.20 or 20)", p.Text)
		}
	}
	for _, l := range r.links {
		if u := urlRE.FindString(l.Text); u == "" || u != l.Text {
			problem(l.Num, "link %q is not an http(s) URL", l.Text)
			continue
		}
		e.Links = appendUnique(e.Links, l.Text)
	}

	n := &Node{
		Title:    title,
		Line:     r.line,
		Kind:     kind,
		Question: len(e.Question) > 0,
		Lines:    r.answer,
		Entry:    e,
	}
	return n, probs, nil
}

// sortProblems orders problems by line, keeping the order of each line's.
func sortProblems(ps []Problem) {
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].Line < ps[j].Line })
}

// pageNumber reads a guidebook page written as P.20, P20, p. 20 or 20.
func pageNumber(s string) (string, bool) {
	t := strings.ToUpper(Normalize(strings.TrimSpace(s)))
	t = strings.TrimPrefix(t, "P")
	t = strings.TrimSpace(strings.TrimPrefix(t, "."))
	if !bareNumRE.MatchString(t) {
		return "", false
	}
	return "P." + t, true
}

// caseTitle names a case record that has no title: ケース and its date and
// category, or the start of the caller's description.
func caseTitle(r *record) string {
	var parts []string
	for _, s := range []string{r.date, r.category} {
		if s = strings.TrimSpace(s); s != "" {
			parts = append(parts, s)
		}
	}
	if len(parts) == 0 {
		c := []rune(r.caller[0])
		if len(c) > 30 {
			c = append(c[:30], '…')
		}
		parts = append(parts, string(c))
	}
	return "ケース " + strings.Join(parts, " ")
}

// CSV columns.
const (
	colKind = iota
	colTitle
	colPath
	colQuestion
	colAnswer
	colKeywords
	colExamples
	colReferrals
	colPages
	colLinks
	colDate
	colCategory
	colCaller
	numCols
)

// csvColumns maps header names, after Fold, to columns.
var csvColumns = map[string]int{
	"kind": colKind, "種別": colKind,
	"title": colTitle, "タイトル": colTitle,
	"path": colPath, "分類パス": colPath,
	"question": colQuestion, "質問": colQuestion,
	"answer": colAnswer, "回答": colAnswer,
	"keywords": colKeywords, "キーワード": colKeywords,
	"examples": colExamples, "質問例": colExamples,
	"referrals": colReferrals, "紹介先": colReferrals,
	"guidebook_pages": colPages, "ガイドブック": colPages,
	"links": colLinks, "リンク": colLinks,
	"date": colDate, "日付": colDate,
	"category": colCategory, "分類": colCategory,
	"caller": colCaller, "相談者の説明": colCaller,
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// decodeText returns data as UTF-8 text. It accepts UTF-8 with or without
// a byte order mark and Shift_JIS (the default of Japanese Excel); any
// other bytes give an *Error naming the first line that does not decode.
func decodeText(file string, data []byte) (string, error) {
	data = bytes.TrimPrefix(data, utf8BOM)
	if utf8.Valid(data) {
		return string(data), nil
	}
	badUTF8, multi, invalid := 0, 0, 0
	line := 1
	for rest := data; len(rest) > 0; {
		r, size := utf8.DecodeRune(rest)
		switch {
		case r == utf8.RuneError && size <= 1:
			invalid++
			if badUTF8 == 0 {
				badUTF8 = line
			}
		case size > 1:
			multi++
		case r == '\n':
			line++
		}
		rest = rest[size:]
	}
	badSJIS := 0
	var b strings.Builder
	if multi <= invalid { // Shift_JIS text hardly ever forms valid UTF-8 sequences
		dec := japanese.ShiftJIS.NewDecoder()
		for i, l := range bytes.SplitAfter(data, []byte("\n")) {
			s, err := dec.Bytes(l)
			if err != nil || bytes.ContainsRune(s, utf8.RuneError) {
				badSJIS = i + 1
				break
			}
			b.Write(s)
		}
		if badSJIS == 0 {
			return b.String(), nil
		}
	}
	if badSJIS > badUTF8 {
		return "", &Error{File: file, Line: badSJIS, Err: errors.New("the file is neither UTF-8 nor Shift_JIS: this line does not decode as Shift_JIS (save the file as UTF-8)")}
	}
	return "", &Error{File: file, Line: badUTF8, Err: errors.New("the file is neither UTF-8 nor Shift_JIS: this line is not valid UTF-8 (save the file as UTF-8)")}
}

// ParseCSV reads a CSV file of records (FAQ items, standard answers, case
// records), one per row after a header row naming the columns. The
// encoding is detected: UTF-8 with or without BOM, or Shift_JIS. See
// docs/formats.md for the columns.
//
// A bad row is reported in the returned LoadErrors, with its line, and
// never drops the other rows; the document holds every good row. Unknown
// columns and questionable cells are Problems.
func ParseCSV(file string, data []byte, dir *Directory) (*Document, []Problem, error) {
	text, err := decodeText(file, data)
	if err != nil {
		return nil, nil, err
	}
	cr := csv.NewReader(strings.NewReader(text))
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err == io.EOF {
		return nil, nil, &Error{File: file, Line: 1, Err: errors.New("empty CSV file: the first row must name the columns")}
	}
	if err != nil {
		return nil, nil, &Error{File: file, Line: csvErrLine(err, 1), Err: csvErrCause(err)}
	}
	var probs []Problem
	cols := make([]int, len(header)) // column index → field, -1 when ignored
	where := [numCols]int{}
	for i := range where {
		where[i] = -1
	}
	for i, h := range header {
		cols[i] = -1
		name := strings.TrimSpace(h)
		c, ok := csvColumns[Fold(name)]
		switch {
		case name == "":
			if i+1 < len(header) {
				probs = append(probs, Problem{File: file, Line: 1, Message: fmt.Sprintf("column %d has no name and is ignored", i+1)})
			}
		case !ok:
			probs = append(probs, Problem{File: file, Line: 1, Message: fmt.Sprintf("unknown column %q is ignored (see docs/formats.md)", name)})
		case where[c] >= 0:
			probs = append(probs, Problem{File: file, Line: 1, Message: fmt.Sprintf("column %q repeats column %d and is ignored", name, where[c]+1)})
		default:
			cols[i] = c
			where[c] = i
		}
	}
	if where[colAnswer] < 0 {
		return nil, probs, &Error{File: file, Line: 1, Err: errors.New("the header has no answer (回答) column")}
	}
	if where[colTitle] < 0 && where[colCaller] < 0 {
		return nil, probs, &Error{File: file, Line: 1, Err: errors.New("the header has neither a title (タイトル) nor a caller (相談者の説明) column")}
	}

	tree := newRecordTree(file, "")
	var errs LoadErrors
	for {
		row, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			errs = append(errs, &Error{File: file, Line: csvErrLine(err, 0), Err: csvErrCause(err)})
			if _, ok := err.(*csv.ParseError); !ok {
				break
			}
			continue
		}
		line, _ := cr.FieldPos(0)
		if len(row) != len(header) {
			errs = append(errs, &Error{File: file, Line: line, Err: fmt.Errorf("the row has %d fields; the header has %d", len(row), len(header))})
			continue
		}
		if blankRow(row) {
			continue
		}
		r := &record{line: line, endLine: line}
		for i, cell := range row {
			c := cols[i]
			if c < 0 {
				continue
			}
			at, _ := cr.FieldPos(i)
			r.endLine = max(r.endLine, at+strings.Count(cell, "\n"))
			switch c {
			case colKind:
				r.kind = cell
			case colTitle:
				r.title = cell
			case colPath:
				r.path = splitPath(cell)
			case colQuestion:
				r.question = splitLines(cell)
			case colAnswer:
				r.answer = cellLines(cell, at)
			case colKeywords:
				r.keywords = splitList(cell)
			case colExamples:
				r.examples = splitExamples(cell)
			case colReferrals:
				r.refLines = cellLines(cell, at)
			case colPages:
				r.pages = fieldLines(cell, at)
			case colLinks:
				r.links = fieldLines(cell, at)
			case colDate:
				r.date = cell
			case colCategory:
				r.category = cell
			case colCaller:
				r.caller = splitLines(cell)
			}
		}
		n, ps, err := buildRecord(file, r, dir)
		probs = append(probs, ps...)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		tree.add(r.path, n)
	}
	doc := &Document{File: file, Format: "csv", Root: tree.root}
	sortProblems(probs)
	if len(errs) > 0 {
		return doc, probs, errs
	}
	return doc, probs, nil
}

func blankRow(row []string) bool {
	for _, c := range row {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// csvErrLine returns the line a csv error points at, or def.
func csvErrLine(err error, def int) int {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return pe.Line
	}
	return def
}

// csvErrCause strips the position from a csv error: *Error adds its own.
func csvErrCause(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		if pe.Column > 0 {
			return fmt.Errorf("column %d: %w", pe.Column, pe.Err)
		}
		return pe.Err
	}
	return err
}
