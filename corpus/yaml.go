package corpus

import (
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"
)

// ParseYAML reads a YAML file of records, the editors' readable
// counterpart of the CSV format:
//
//	title: 追加FAQ            # optional: the root heading, else the file name
//	entries:
//	  - kind: faq
//	    title: 不審なメールを開いてしまった
//	    path: [追加FAQ, 02.迷惑メール]
//	    answer: |
//	      添付ファイルを開いた場合は…
//	    referrals:
//	      - 【相談】IPA情報セキュリティ安心相談窓口
//	      - {action: 届出, org: 所轄の警察署}
//
// The fields are those of the CSV columns (see docs/formats.md). A bad
// record is reported in the returned LoadErrors with its line and never
// drops the others. Unknown keys are Problems. A syntax error names the
// line of the fault and loses the records from the one it cuts short on
// (see recoverYAML).
func ParseYAML(file string, data []byte, dir *Directory) (*Document, []Problem, error) {
	text := decodeUTF8(data)
	f := newRecordFile(file, text, dir)
	body, err := f.yamlBody()
	if err != nil {
		return recoverYAML(file, text, dir, err)
	}
	return f.yamlDocument(body, false)
}

// yamlDocument reads the records of the file's body; with dropLast, all
// but the last, which a syntax error cut short.
func (f *recordFile) yamlDocument(body *yaml.Node, dropLast bool) (*Document, []Problem, error) {
	if isYAMLNull(body) {
		return f.document("yaml")
	}
	entries, err := f.yamlTop(body)
	if err != nil {
		return nil, f.probs, err
	}
	if entries == nil || isYAMLNull(entries) {
		f.problem(body.Line, "the file has no entries")
		return f.document("yaml")
	}
	if entries.Kind != yaml.SequenceNode {
		doc, probs, _ := f.document("yaml")
		return doc, probs, &Error{File: f.file, Line: entries.Line, Err: errors.New("entries must be a list of records")}
	}
	items := entries.Content
	if dropLast && len(items) > 0 {
		items = items[:len(items)-1]
	}
	for _, item := range items {
		f.add(yamlRecord(f.file, yamlResolve(item)))
	}
	return f.document("yaml")
}

// yamlTitleRE finds a top-level title key.
var yamlTitleRE = regexp.MustCompile(`(?m)^title\s*:`)

// recoverYAML reads the records before a syntax error (serr): the file up
// to the line before it is read again, and its records but the last,
// which the error may have cut short, are loaded; serr says from which
// line on the entries are not read. The file is rejected whole when that
// text is not a list of at least two records, or when a top-level title
// follows: the root heading it gives is in every entry's path.
func recoverYAML(file string, text decodedText, dir *Directory, serr *Error) (*Document, []Problem, error) {
	whole, ends := text.text, lineEnds(text.text)
	if serr.Line < 2 || serr.Line >= len(ends) || yamlTitleRE.MatchString(whole[ends[serr.Line-1]:]) {
		return nil, nil, serr
	}
	text.text = whole[:ends[serr.Line-1]]
	f := newRecordFile(file, text, dir)
	body, err := f.yamlBody()
	if err != nil || body.Kind != yaml.MappingNode {
		return nil, nil, serr
	}
	entries := yamlResolve(yamlKey(body, "entries"))
	if entries == nil || entries.Kind != yaml.SequenceNode || len(entries.Content) < 2 {
		return nil, nil, serr
	}
	// The last record is whole when the faulty line starts the next one.
	from, cut := entries.Content[len(entries.Content)-1].Line, true
	if startsItem(whole[ends[serr.Line-1]:ends[serr.Line]], entries.Column) {
		from, cut = serr.Line, false
	}
	f.fail(&Error{File: file, Line: serr.Line, Err: fmt.Errorf("%w; the entries from line %d on are not read", serr.Err, from)})
	return f.yamlDocument(body, cut)
}

// startsItem reports whether line starts an item of a block sequence
// whose dashes are at column col (1-based).
func startsItem(line string, col int) bool {
	rest := strings.TrimLeft(line, " ")
	return len(line)-len(rest) == col-1 && (rest == "-" || strings.HasPrefix(rest, "- ") || strings.HasPrefix(rest, "-\n"))
}

// yamlKey returns the value of key in the mapping m, or nil.
func yamlKey(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// yamlBody decodes the file's first YAML document and returns its body: a
// null node for an empty file, nil with the error for a syntax error. A
// second document is a Problem.
func (f *recordFile) yamlBody() (*yaml.Node, *Error) {
	dec := yaml.NewDecoder(strings.NewReader(f.text.text))
	var top yaml.Node
	if err := dec.Decode(&top); err != nil {
		if err == io.EOF {
			return &yaml.Node{}, nil
		}
		f.probs = nil
		return nil, yamlError(f.file, f.text.text, err)
	}
	var more yaml.Node
	if err := dec.Decode(&more); err == nil {
		f.problem(more.Line, "only the first YAML document of the file is read")
	} else if err != io.EOF {
		e := yamlError(f.file, f.text.text, err)
		f.problem(e.Line, "only the first YAML document of the file is read: %v", e.Err)
	}
	body := &top
	if body.Kind == yaml.DocumentNode && len(body.Content) > 0 {
		body = body.Content[0]
	}
	return yamlResolve(body), nil
}

// yamlTop reads the top-level mapping: the document's title (the root
// heading, else the file name) and its entries node.
func (f *recordFile) yamlTop(body *yaml.Node) (entries *yaml.Node, err error) {
	if body.Kind != yaml.MappingNode {
		return nil, &Error{File: f.file, Line: body.Line, Err: errors.New("the file must be a mapping with an entries list")}
	}
	title := ""
	for i := 0; i+1 < len(body.Content); i += 2 {
		k, v := body.Content[i], yamlResolve(body.Content[i+1])
		switch k.Value {
		case "title":
			if v.Kind != yaml.ScalarNode {
				return nil, &Error{File: f.file, Line: v.Line, Err: errors.New("title must be a string")}
			}
			title = strings.TrimSpace(v.Value)
		case "entries":
			entries = v
		default:
			f.problem(k.Line, "unknown key %q is ignored (want title, entries)", k.Value)
		}
	}
	f.tree = newRecordTree(f.file, title)
	return entries, nil
}

// yamlResolve follows an alias to the node it names.
func yamlResolve(n *yaml.Node) *yaml.Node {
	if n != nil && n.Kind == yaml.AliasNode && n.Alias != nil {
		return n.Alias
	}
	return n
}

func isYAMLNull(n *yaml.Node) bool {
	return n.Kind == 0 || n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}

// yamlLines returns the lines of a scalar with their source lines: exact
// for a literal block (|), the scalar's line otherwise.
func yamlLines(v *yaml.Node) []Line {
	switch {
	case v.Style&yaml.LiteralStyle != 0:
		return cellLines(v.Value, v.Line+1)
	case v.Style&yaml.FoldedStyle != 0:
		return atLine(cellLines(v.Value, 0), v.Line+1)
	default:
		return atLine(cellLines(v.Value, 0), v.Line)
	}
}

func atLine(ls []Line, n int) []Line {
	for i := range ls {
		ls[i].Num = n
	}
	return ls
}

// yamlLastLine returns the last source line of n and its content.
func yamlLastLine(n *yaml.Node) int {
	last := n.Line
	if n.Kind == yaml.ScalarNode && n.Style&yaml.LiteralStyle != 0 {
		last = n.Line + strings.Count(strings.TrimRight(n.Value, "\n"), "\n") + 1
	}
	for _, c := range n.Content {
		last = max(last, yamlLastLine(c))
	}
	return last
}

// yamlRecord reads one item of the entries list.
func yamlRecord(file string, item *yaml.Node) (*record, []Problem, error) {
	if item.Kind != yaml.MappingNode {
		return nil, nil, &Error{File: file, Line: item.Line, Err: errors.New("an entry must be a mapping of fields (kind, title, answer, …)")}
	}
	r := &record{line: item.Line, endLine: yamlLastLine(item)}
	var probs []Problem
	seen := map[string]int{}
	for i := 0; i+1 < len(item.Content); i += 2 {
		k, v := item.Content[i], yamlResolve(item.Content[i+1])
		if prev, ok := seen[k.Value]; ok {
			probs = append(probs, Problem{File: file, Line: k.Line, Message: fmt.Sprintf("key %q repeats the one at line %d; this value is used", k.Value, prev)})
		}
		seen[k.Value] = k.Line
		set, ok := yamlFields[k.Value]
		if !ok {
			probs = append(probs, Problem{File: file, Line: k.Line, Message: fmt.Sprintf("unknown key %q is ignored (see docs/formats.md)", k.Value)})
			continue
		}
		ps, err := set(yamlField{file: file, key: k.Value, v: v}, r)
		probs = append(probs, ps...)
		if err != nil {
			return nil, probs, err
		}
	}
	return r, probs, nil
}

// yamlField is one field of a record: its key and value node.
type yamlField struct {
	file string
	key  string
	v    *yaml.Node
}

// fail returns an error at the value's line.
func (f yamlField) fail(format string, args ...any) error {
	return &Error{File: f.file, Line: f.v.Line, Err: fmt.Errorf(format, args...)}
}

// scalar returns the value's text, or false when it is not a scalar.
func (f yamlField) scalar() (string, bool) { return yamlScalar(f.v) }

func yamlScalar(v *yaml.Node) (string, bool) {
	if isYAMLNull(v) {
		return "", true
	}
	return v.Value, v.Kind == yaml.ScalarNode
}

// str returns the value of a string field.
func (f yamlField) str() (string, error) {
	s, ok := f.scalar()
	if !ok {
		return "", f.fail("%s must be a string", f.key)
	}
	return s, nil
}

// list returns the items of the value: a list of strings, or one string
// split by split.
func (f yamlField) list(split func(string) []string) ([]string, error) {
	if s, ok := f.scalar(); ok {
		return split(s), nil
	}
	if f.v.Kind != yaml.SequenceNode {
		return nil, f.fail("%s must be a string or a list of strings", f.key)
	}
	var out []string
	for _, x := range f.v.Content {
		s, ok := yamlScalar(yamlResolve(x))
		if !ok {
			return nil, &Error{File: f.file, Line: x.Line, Err: fmt.Errorf("%s must be a list of strings", f.key)}
		}
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out, nil
}

// lines returns the lines of the value, a string's or those of a list of
// strings, split by split and numbered with their source lines.
func (f yamlField) lines(split func(string, int) []Line) ([]Line, error) {
	if f.v.Kind == yaml.ScalarNode || isYAMLNull(f.v) {
		return lines1(f.v, split), nil
	}
	if f.v.Kind != yaml.SequenceNode {
		return nil, f.fail("%s must be a string or a list of strings", f.key)
	}
	var out []Line
	for _, x := range f.v.Content {
		x = yamlResolve(x)
		if x.Kind != yaml.ScalarNode {
			return nil, &Error{File: f.file, Line: x.Line, Err: fmt.Errorf("%s must be a list of strings", f.key)}
		}
		out = append(out, lines1(x, split)...)
	}
	return out, nil
}

// yamlFields set a record's field from its YAML value.
var yamlFields = map[string]func(f yamlField, r *record) ([]Problem, error){
	"kind":     yamlString(func(r *record) *string { return &r.kind }),
	"title":    yamlString(func(r *record) *string { return &r.title }),
	"date":     yamlString(func(r *record) *string { return &r.date }),
	"category": yamlString(func(r *record) *string { return &r.category }),
	"path":     yamlList(func(r *record) *[]string { return &r.path }, splitPath),
	"keywords": yamlList(func(r *record) *[]string { return &r.keywords }, splitList),
	"examples": yamlList(func(r *record) *[]string { return &r.examples }, splitExamples),
	"question": yamlList(func(r *record) *[]string { return &r.question }, splitLines, splitLines),
	"caller":   yamlList(func(r *record) *[]string { return &r.caller }, splitLines, splitLines),
	"guidebook_pages": func(f yamlField, r *record) (ps []Problem, err error) {
		r.pages, err = f.lines(fieldLines)
		return nil, err
	},
	"links": func(f yamlField, r *record) (ps []Problem, err error) {
		r.links, err = f.lines(fieldLines)
		return nil, err
	},
	"answer": func(f yamlField, r *record) ([]Problem, error) {
		if _, ok := f.scalar(); !ok {
			return nil, f.fail("answer must be a string (use | for several lines)")
		}
		r.answer = yamlLines(f.v)
		return nil, nil
	},
	"referrals": func(f yamlField, r *record) ([]Problem, error) { return yamlReferrals(f.file, f.v, r) },
}

// yamlString sets the string field that field points at.
func yamlString(field func(r *record) *string) func(f yamlField, r *record) ([]Problem, error) {
	return func(f yamlField, r *record) ([]Problem, error) {
		s, err := f.str()
		*field(r) = s
		return nil, err
	}
}

// yamlList sets the list field that field points at. With resplit, the
// items (which may hold several lines each) are joined and split again.
func yamlList(field func(r *record) *[]string, split func(string) []string, resplit ...func(string) []string) func(f yamlField, r *record) ([]Problem, error) {
	return func(f yamlField, r *record) ([]Problem, error) {
		xs, err := f.list(split)
		for _, rs := range resplit {
			xs = rs(strings.Join(xs, "\n"))
		}
		*field(r) = xs
		return nil, err
	}
}

// lines1 splits one scalar with split, numbering its lines.
func lines1(x *yaml.Node, split func(string, int) []Line) []Line {
	if x.Style&yaml.LiteralStyle != 0 {
		return split(x.Value, x.Line+1)
	}
	return atLine(split(x.Value, x.Line), x.Line)
}

// yamlReferrals reads the referrals of a record: a list whose items are
// referral lines (parsed like the manual's lines) or {action, org, phone,
// url} mappings.
func yamlReferrals(file string, v *yaml.Node, r *record) ([]Problem, error) {
	if isYAMLNull(v) {
		return nil, nil
	}
	if v.Kind == yaml.ScalarNode {
		r.refLines = append(r.refLines, yamlLines(v)...)
		return nil, nil
	}
	if v.Kind != yaml.SequenceNode {
		return nil, &Error{File: file, Line: v.Line, Err: errors.New("referrals must be a list of referral lines or {action, org, phone, url} mappings")}
	}
	var probs []Problem
	for _, x := range v.Content {
		x = yamlResolve(x)
		switch x.Kind {
		case yaml.ScalarNode:
			r.refLines = append(r.refLines, yamlLines(x)...)
		case yaml.MappingNode:
			s := structRef{line: x.Line}
			for i := 0; i+1 < len(x.Content); i += 2 {
				k, f := x.Content[i], yamlResolve(x.Content[i+1])
				if f.Kind != yaml.ScalarNode {
					return probs, &Error{File: file, Line: f.Line, Err: fmt.Errorf("referral field %s must be a string", k.Value)}
				}
				switch k.Value {
				case "action":
					s.action = f.Value
				case "org":
					s.org = f.Value
				case "phone":
					s.phone = f.Value
				case "url":
					s.url = f.Value
				default:
					probs = append(probs, Problem{File: file, Line: k.Line, Message: fmt.Sprintf("unknown referral key %q is ignored (want action, org, phone, url)", k.Value)})
				}
			}
			r.refs = append(r.refs, s)
		default:
			return probs, &Error{File: file, Line: x.Line, Err: errors.New("a referral must be a line or an {action, org, phone, url} mapping")}
		}
	}
	return probs, nil
}
