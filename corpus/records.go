package corpus

import (
	"bytes"
	"errors"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/japanese"
)

// This file holds what the CSV and YAML parsers share besides the record
// model (csv.go): the one UTF-8 scanner, the text decoding that lets a bad
// byte cost only its record, and the one loop that turns records into a
// document.

// utf8Scan is what scanUTF8 finds in a file.
type utf8Scan struct {
	badLines []int // 1-based lines holding bytes that are not UTF-8, in order
	multi    int   // valid multi-byte characters
	invalid  int   // invalid bytes
}

// scanUTF8 finds the lines of data that are not valid UTF-8. It is the one
// UTF-8 scanner of the corpus parsers.
func scanUTF8(data []byte) utf8Scan {
	var s utf8Scan
	if utf8.Valid(data) {
		return s
	}
	line := 1
	for rest := data; len(rest) > 0; {
		r, size := utf8.DecodeRune(rest)
		switch {
		case r == utf8.RuneError && size <= 1:
			s.invalid++
			if n := len(s.badLines); n == 0 || s.badLines[n-1] != line {
				s.badLines = append(s.badLines, line)
			}
		case size > 1:
			s.multi++
		case r == '\n':
			line++
		}
		rest = rest[size:]
	}
	return s
}

// errNotUTF8 rejects a file that is not UTF-8 as a whole.
var errNotUTF8 = errors.New("invalid UTF-8 (save the file as UTF-8)")

// checkUTF8 returns an error naming the first line of data that is not
// valid UTF-8, for the formats that are read as a whole.
func checkUTF8(file string, data []byte) error {
	if bad := scanUTF8(data).badLines; len(bad) > 0 {
		return &Error{File: file, Line: bad[0], Err: errNotUTF8}
	}
	return nil
}

// maxBadUTF8Lines is how many lines with bytes that are not UTF-8 a
// manual file (the text export, a map) may hold before it is taken for a
// file saved in another encoding and rejected whole.
const maxBadUTF8Lines = 5

// repairUTF8 reads the data of a manual file (the text export, a map),
// whose structure spans the whole file, so that a stray bad byte costs
// only itself: each line holding one is an error, and its bad bytes read
// as U+FFFD (�). A file with more than maxBadUTF8Lines such lines, or
// more bad bytes than multi-byte characters (Shift_JIS, Latin-1), was
// saved in another encoding: it is rejected whole at its first bad line.
//
// The bad bytes are replaced rather than their line or node dropped:
// a manual is read out to callers, and an answer that silently lacks a
// step (or a heading whose children move elsewhere) misleads, while a
// visible � shows the reader exactly where the text is damaged. The
// tree, and so every other entry's ID and annotations, stays as it was.
func repairUTF8(file string, data []byte) ([]byte, LoadErrors, error) {
	scan := scanUTF8(data)
	bad := scan.badLines
	switch {
	case len(bad) == 0:
		return data, nil, nil
	case len(bad) > maxBadUTF8Lines || scan.invalid > scan.multi:
		return nil, nil, &Error{File: file, Line: bad[0], Err: errNotUTF8}
	}
	errs := make(LoadErrors, len(bad))
	for i, l := range bad {
		errs[i] = &Error{File: file, Line: l, Err: errors.New("invalid UTF-8: the bad bytes read as U+FFFD (�); retype the damaged text")}
	}
	return []byte(strings.ToValidUTF8(string(data), "\uFFFD")), errs, nil
}

// orNil returns le as an error, or nil when it holds none.
func (le LoadErrors) orNil() error {
	if len(le) == 0 {
		return nil
	}
	return le
}

// utf8BOM is the byte order mark some editors put before UTF-8 text.
var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// decodedText is a file decoded to UTF-8. Lines that did not decode hold
// U+FFFD in place of their bad bytes and are listed in bad, so that only
// the records on them are rejected.
type decodedText struct {
	text     string
	bad      []int
	shiftJIS bool
}

// decodeUTF8 reads data as UTF-8, replacing bad bytes.
func decodeUTF8(data []byte) decodedText {
	data = bytes.TrimPrefix(data, utf8BOM)
	bad := scanUTF8(data).badLines
	if len(bad) == 0 {
		return decodedText{text: string(data)}
	}
	return decodedText{text: strings.ToValidUTF8(string(data), "\uFFFD"), bad: bad}
}

// decodeText reads data as UTF-8 with or without a byte order mark, or as
// Shift_JIS (the default of Japanese Excel), whichever leaves fewer lines
// that do not decode.
func decodeText(data []byte) decodedText {
	data = bytes.TrimPrefix(data, utf8BOM)
	scan := scanUTF8(data)
	u := decodeUTF8(data)
	if len(scan.badLines) == 0 || scan.multi > scan.invalid {
		return u // Shift_JIS text hardly ever forms valid UTF-8 sequences
	}
	s := decodeShiftJIS(data)
	if len(s.bad) <= len(u.bad) {
		return s
	}
	return u
}

// decodeShiftJIS decodes data line by line as Shift_JIS.
func decodeShiftJIS(data []byte) decodedText {
	out := decodedText{shiftJIS: true}
	var b strings.Builder
	dec := japanese.ShiftJIS.NewDecoder()
	for i, l := range bytes.SplitAfter(data, []byte("\n")) {
		s, err := dec.Bytes(l)
		if err != nil || bytes.ContainsRune(s, utf8.RuneError) {
			out.bad = append(out.bad, i+1)
			s = []byte(strings.ToValidUTF8(string(l), "\uFFFD"))
		}
		b.Write(s)
	}
	out.text = b.String()
	return out
}

// badLineError is the error of a line that did not decode.
func (d decodedText) badLineError(file string, line int) *Error {
	msg := "this line is not valid UTF-8 (save the file as UTF-8)"
	if d.shiftJIS {
		msg = "this line does not decode as Shift_JIS (save the file as UTF-8)"
	}
	return &Error{File: file, Line: line, Err: errors.New(msg)}
}

// recordFile collects the records of one CSV or YAML file into a document:
// the one record loop of both formats. Each record is checked and built on
// its own, so a bad record (or a bad byte in it) costs only that record.
type recordFile struct {
	file  string
	dir   *Directory
	text  decodedText
	tree  *recordTree
	used  map[int]bool // bad lines already reported with their record
	probs []Problem
	errs  LoadErrors
}

func newRecordFile(file string, text decodedText, dir *Directory) *recordFile {
	return &recordFile{file: file, dir: dir, text: text, tree: newRecordTree(file, ""), used: map[int]bool{}}
}

// problem records a Problem at line.
func (f *recordFile) problem(line int, format string, args ...any) {
	f.probs = append(f.probs, Problem{File: f.file, Line: line, Message: fmt.Sprintf(format, args...)})
}

// fail records an error that rejects one record (or one row).
func (f *recordFile) fail(err error) { f.errs = append(f.errs, err) }

// add takes one record as read, with the problems found reading it: a
// record that could not be read (err), that spans a line that did not
// decode, or that buildRecord rejects is reported and left out.
func (f *recordFile) add(r *record, probs []Problem, err error) {
	f.probs = append(f.probs, probs...)
	if err != nil {
		f.fail(err)
		return
	}
	if bad := f.badLineIn(r.line, max(r.line, r.endLine)); bad > 0 {
		f.used[bad] = true
		f.fail(f.text.badLineError(f.file, bad))
		return
	}
	n, ps, err := buildRecord(f.file, r, f.dir)
	f.probs = append(f.probs, ps...)
	if err != nil {
		f.fail(err)
		return
	}
	f.tree.add(r.path, n)
}

// badLineIn returns the first line from first to last that did not
// decode, or 0.
func (f *recordFile) badLineIn(first, last int) int {
	for _, b := range f.text.bad {
		if b >= first && b <= last {
			return b
		}
	}
	return 0
}

// document returns the document of the records added, the problems sorted
// by line, and the errors (LoadErrors) of the records left out, including
// bad lines that no record covered.
func (f *recordFile) document(format string) (*Document, []Problem, error) {
	for _, b := range f.text.bad {
		if !f.used[b] {
			f.fail(f.text.badLineError(f.file, b))
		}
	}
	sortProblems(f.probs)
	sortErrors(f.errs)
	doc := &Document{File: f.file, Format: format, Root: f.tree.root}
	if len(f.errs) > 0 {
		return doc, f.probs, f.errs
	}
	return doc, f.probs, nil
}

// sortErrors orders errors by line, keeping the order of each line's.
func sortErrors(errs LoadErrors) {
	line := func(err error) int {
		var e *Error
		if errors.As(err, &e) {
			return e.Line
		}
		return 0
	}
	sort.SliceStable(errs, func(i, j int) bool { return line(errs[i]) < line(errs[j]) })
}
