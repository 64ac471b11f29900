package corpus

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"
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
	kind, title, err := recordKindTitle(r)
	if err != nil {
		return nil, nil, &Error{File: file, Line: r.line, Err: err}
	}
	b := &entryBuilder{file: file, dir: dir, e: recordEntry(file, r, kind, title)}
	b.addReferralLines(r.refLines)
	if err := b.addStructRefs(r.refs); err != nil {
		return nil, b.probs, err
	}
	b.addPages(r.pages)
	b.addLinks(r.links)
	n := &Node{
		Title:    title,
		Line:     r.line,
		Kind:     kind,
		Question: len(b.e.Question) > 0,
		Lines:    r.answer,
		Entry:    b.e,
	}
	return n, b.probs, nil
}

// recordKindTitle checks a record's kind, answer and title: the kind
// defaults to faq (case when the caller's description is given), and a
// case without a title is named after its date and category.
func recordKindTitle(r *record) (Kind, string, error) {
	kind := KindFAQ
	if len(r.caller) > 0 {
		kind = KindCase
	}
	if k := strings.TrimSpace(r.kind); k != "" {
		var ok bool
		if kind, ok = kindAliases[Fold(k)]; !ok {
			return "", "", fmt.Errorf("unknown kind %q (want one of standard_answer, faq, case, manual)", k)
		}
	}
	title := strings.Join(splitLines(r.title), " ")
	switch {
	case len(r.answer) == 0:
		return "", "", errors.New("the answer (回答) is empty")
	case kind == KindCase && len(r.caller) == 0:
		return "", "", errors.New("a case record needs the caller's description (相談者の説明)")
	case kind == KindCase && title == "":
		title = caseTitle(r)
	case title == "":
		return "", "", errors.New("the title (タイトル) is empty")
	}
	return kind, title, nil
}

// recordEntry makes the entry of a checked record: its text fields,
// question lines and meta fields.
func recordEntry(file string, r *record, kind Kind, title string) *Entry {
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
	return e
}

// entryBuilder adds a record's referrals, pages and links to its entry,
// collecting the problems they have.
type entryBuilder struct {
	file  string
	dir   *Directory
	e     *Entry
	probs []Problem
}

func (b *entryBuilder) problem(line int, format string, args ...any) {
	b.probs = append(b.probs, Problem{File: b.file, Line: line, Message: fmt.Sprintf(format, args...)})
}

func (b *entryBuilder) addReferral(ref Referral) {
	if !hasReferral(b.e.Referrals, ref) {
		b.e.Referrals = append(b.e.Referrals, ref)
	}
}

// addReferralLines reads referral lines like the manual's lines. A line
// without an action marker is a consultation (or a report, when it says
// so); one that names no known organisation is a Problem.
func (b *entryBuilder) addReferralLines(lines []Line) {
	for i, l := range lines {
		prev, next := "", ""
		if i > 0 {
			prev = lines[i-1].Text
		}
		if i+1 < len(lines) {
			next = lines[i+1].Text
		}
		refs, unknown := lineReferrals(l.Text, prev, next, b.dir)
		if len(refs) == 0 && !unknown {
			if acts, _ := lineActions(l.Text); len(acts) == 0 {
				marker := "【相談】"
				if strings.Contains(Normalize(l.Text), "届") {
					marker = "【届出】"
				}
				refs, _ = lineReferrals(marker+l.Text, prev, next, b.dir)
			}
		}
		if len(refs) == 0 {
			b.problem(l.Num, "referral line names no organisation known to the directory: %q", l.Text)
			continue
		}
		for _, ref := range refs {
			ref.Detail = strings.TrimSpace(l.Text)
			b.addReferral(ref)
		}
		b.e.GuidebookPages = appendUnique(b.e.GuidebookPages, linePages(l.Text)...)
		b.e.Links = appendUnique(b.e.Links, lineLinks(l.Text)...)
	}
}

// addStructRefs adds referrals given field by field (YAML). An unknown
// action or a missing organisation rejects the record; an organisation
// the directory does not know is a Problem.
func (b *entryBuilder) addStructRefs(refs []structRef) error {
	for _, s := range refs {
		act, ok := actionAliases[Fold(strings.Trim(strings.TrimSpace(s.action), "【】"))]
		if !ok {
			return &Error{File: b.file, Line: s.line, Err: fmt.Errorf("unknown referral action %q (want 相談, 届出, 緊急 or 窓口回答)", s.action)}
		}
		ref := Referral{Action: act, Org: strings.TrimSpace(s.org), Phone: strings.TrimSpace(s.phone), URL: strings.TrimSpace(s.url)}
		switch {
		case act == ActionDesk:
			ref.Org = DeskOrg
		case ref.Org == "":
			return &Error{File: b.file, Line: s.line, Err: errors.New("referral without an organisation (org)")}
		default:
			if o, ok := b.dir.Lookup(ref.Org); ok {
				ref = withContact(ref, o)
				ref.Org = o.Name
			} else {
				b.problem(s.line, "referral organisation %q is not in the directory; add it to %s", ref.Org, DirectoryFile)
			}
		}
		b.addReferral(ref)
	}
	return nil
}

// addPages adds guidebook pages written P.20 or 20.
func (b *entryBuilder) addPages(pages []Line) {
	for _, p := range pages {
		if pg, ok := pageNumber(p.Text); ok {
			b.e.GuidebookPages = appendUnique(b.e.GuidebookPages, pg)
		} else {
			b.problem(p.Num, "guidebook page %q is not a page number (write P.20 or 20)", p.Text)
		}
	}
}

// addLinks adds http(s) links.
func (b *entryBuilder) addLinks(links []Line) {
	for _, l := range links {
		if u := urlRE.FindString(l.Text); u == "" || u != l.Text {
			b.problem(l.Num, "link %q is not an http(s) URL", l.Text)
			continue
		}
		b.e.Links = appendUnique(b.e.Links, l.Text)
	}
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

// ParseCSV reads a CSV file of records (FAQ items, standard answers, case
// records), one per row after a header row naming the columns. The
// encoding is detected: UTF-8 with or without BOM, or Shift_JIS. See
// docs/formats.md for the columns.
//
// A bad row is reported in the returned LoadErrors with its file:line and
// never drops the other rows: a row with too few fields, a bad byte, or a
// quote that is never closed (reported at the line where it opened; the
// rows after it are still read). The document holds every good row.
// Unknown columns and questionable cells are Problems.
func ParseCSV(file string, data []byte, dir *Directory) (*Document, []Problem, error) {
	text := decodeText(data)
	if len(text.bad) > 0 && text.bad[0] == 1 {
		return nil, nil, text.badLineError(file, 1)
	}
	rows := newCSVRows(text.text)
	header, err := rows.next()
	if err == io.EOF {
		return nil, nil, &Error{File: file, Line: 1, Err: errors.New("empty CSV file: the first row must name the columns")}
	}
	if err != nil {
		return nil, nil, rowError(file, err)
	}
	f := newRecordFile(file, text, dir)
	cols, err := f.csvColumns(header.cells)
	if err != nil {
		return nil, f.probs, err
	}
	for {
		row, err := rows.next()
		if err == io.EOF {
			break
		}
		var re *csvRowError
		if err != nil && !errors.As(err, &re) {
			f.fail(rowError(file, err))
			break
		}
		switch {
		case err != nil:
			f.fail(rowError(file, err))
		case len(row.cells) != len(header.cells):
			f.fail(&Error{File: file, Line: row.lines[0], Err: fmt.Errorf("the row has %d fields; the header has %d", len(row.cells), len(header.cells))})
		case !blankRow(row.cells):
			f.add(csvRecord(row, cols), nil, nil)
		}
	}
	return f.document("csv")
}

// csvColumns maps the header's columns to fields (-1: ignored), with a
// Problem for each ignored column. A header without the columns every
// record needs is an error.
func (f *recordFile) csvColumns(header []string) ([]int, error) {
	cols := make([]int, len(header))
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
				f.problem(1, "column %d has no name and is ignored", i+1)
			}
		case !ok:
			f.problem(1, "unknown column %q is ignored (see docs/formats.md)", name)
		case where[c] >= 0:
			f.problem(1, "column %q repeats column %d and is ignored", name, where[c]+1)
		default:
			cols[i] = c
			where[c] = i
		}
	}
	if where[colAnswer] < 0 {
		return nil, &Error{File: f.file, Line: 1, Err: errors.New("the header has no answer (回答) column")}
	}
	if where[colTitle] < 0 && where[colCaller] < 0 {
		return nil, &Error{File: f.file, Line: 1, Err: errors.New("the header has neither a title (タイトル) nor a caller (相談者の説明) column")}
	}
	return cols, nil
}

// csvSetters fill a record's field from a cell that starts on line at.
var csvSetters = [numCols]func(r *record, cell string, at int){
	colKind:      func(r *record, cell string, _ int) { r.kind = cell },
	colTitle:     func(r *record, cell string, _ int) { r.title = cell },
	colPath:      func(r *record, cell string, _ int) { r.path = splitPath(cell) },
	colQuestion:  func(r *record, cell string, _ int) { r.question = splitLines(cell) },
	colAnswer:    func(r *record, cell string, at int) { r.answer = cellLines(cell, at) },
	colKeywords:  func(r *record, cell string, _ int) { r.keywords = splitList(cell) },
	colExamples:  func(r *record, cell string, _ int) { r.examples = splitExamples(cell) },
	colReferrals: func(r *record, cell string, at int) { r.refLines = cellLines(cell, at) },
	colPages:     func(r *record, cell string, at int) { r.pages = fieldLines(cell, at) },
	colLinks:     func(r *record, cell string, at int) { r.links = fieldLines(cell, at) },
	colDate:      func(r *record, cell string, _ int) { r.date = cell },
	colCategory:  func(r *record, cell string, _ int) { r.category = cell },
	colCaller:    func(r *record, cell string, _ int) { r.caller = splitLines(cell) },
}

// csvRecord reads a row into a record; cols maps its cells to fields.
func csvRecord(row csvRow, cols []int) *record {
	r := &record{line: row.lines[0], endLine: row.lines[0]}
	for i, cell := range row.cells {
		if c := cols[i]; c >= 0 {
			r.endLine = max(r.endLine, row.lines[i]+strings.Count(cell, "\n"))
			csvSetters[c](r, cell, row.lines[i])
		}
	}
	return r
}

func blankRow(row []string) bool {
	for _, c := range row {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// csvRow is one row of a CSV file with the line each cell starts on.
type csvRow struct {
	cells []string
	lines []int
}

// csvRows reads the rows of a CSV text. A quote that is never closed
// costs only its row: the row is reported at the line where the quote
// opened, and reading starts again on the next line.
type csvRows struct {
	lines  []string // the text's lines, each with its newline
	cr     *csv.Reader
	offset int // lines before the reader's first line
}

func newCSVRows(text string) *csvRows {
	r := &csvRows{lines: strings.SplitAfter(text, "\n")}
	r.restart(0)
	return r
}

// restart reads on from the line after the first from lines.
func (r *csvRows) restart(from int) {
	r.cr = csv.NewReader(strings.NewReader(strings.Join(r.lines[from:], "")))
	r.cr.FieldsPerRecord = -1
	r.offset = from
}

// csvRowError is a row that cannot be read, at its 1-based line.
type csvRowError struct {
	line int
	err  error
}

func (e *csvRowError) Error() string { return fmt.Sprintf("line %d: %v", e.line, e.err) }

// rowError turns an error of csvRows.next into an *Error of file.
func rowError(file string, err error) error {
	var re *csvRowError
	if errors.As(err, &re) {
		return &Error{File: file, Line: re.line, Err: re.err}
	}
	return &Error{File: file, Line: 1, Err: err}
}

// next returns the next row, io.EOF at the end, or a *csvRowError for a
// row that cannot be read.
func (r *csvRows) next() (csvRow, error) {
	cells, err := r.cr.Read()
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		// Only a quote still open at the end of the text makes the
		// reader run on to it; any other error is its record's own.
		if open := openQuoteLine(r.lines, r.offset+pe.StartLine); open > 0 && r.offset+pe.Line >= r.lastLine() {
			r.restart(open)
			return csvRow{}, &csvRowError{line: open, err: errors.New("a quoted field opens on this line and is never closed (the row is skipped)")}
		}
		return csvRow{}, &csvRowError{line: r.offset + pe.Line, err: csvErrCause(pe, r.line(r.offset+pe.Line))}
	}
	if err != nil {
		return csvRow{}, err
	}
	row := csvRow{cells: cells, lines: make([]int, len(cells))}
	for i := range cells {
		line, _ := r.cr.FieldPos(i)
		row.lines[i] = r.offset + line
	}
	return row, nil
}

// line returns the text's 1-based line n, or "" past its end.
func (r *csvRows) line(n int) string {
	if n < 1 || n > len(r.lines) {
		return ""
	}
	return r.lines[n-1]
}

// lastLine returns the 1-based number of the text's last line.
func (r *csvRows) lastLine() int {
	n := len(r.lines)
	if n > 0 && r.lines[n-1] == "" {
		n-- // the text ends with a newline
	}
	return n
}

// openQuoteLine returns the 1-based line of a quote that opens a field at
// or after line start and is still open at the end of the text, or 0.
func openQuoteLine(lines []string, start int) int {
	inQuote, fieldStart, opened := false, true, 0
	for i := max(start, 1) - 1; i < len(lines); i++ {
		l := lines[i]
		for j := 0; j < len(l); j++ {
			c := l[j]
			switch {
			case inQuote && c == '"' && j+1 < len(l) && l[j+1] == '"':
				j++ // an escaped quote
			case inQuote && c == '"':
				inQuote, fieldStart = false, false
			case inQuote:
			case c == '"' && fieldStart:
				inQuote, opened = true, i+1
			default:
				fieldStart = c == ',' || c == '\n' || c == '\r'
			}
		}
	}
	if inQuote {
		return opened
	}
	return 0
}

// csvErrCause strips the position from a csv error (*Error adds its
// own), keeping the column, counted in characters of line rather than
// the reader's bytes.
func csvErrCause(pe *csv.ParseError, line string) error {
	if pe.Column > 0 {
		col := pe.Column
		if col-1 <= len(line) {
			col = utf8.RuneCountInString(line[:col-1]) + 1
		}
		return fmt.Errorf("column %d: %w", col, pe.Err)
	}
	return pe.Err
}
