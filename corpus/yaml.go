package corpus

import (
	"bytes"
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
// drops the others. Unknown keys are Problems.
func ParseYAML(file string, data []byte, dir *Directory) (*Document, []Problem, error) {
	if err := checkUTF8(file, data); err != nil {
		return nil, nil, err
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var top yaml.Node
	if err := dec.Decode(&top); err != nil {
		if err == io.EOF {
			return &Document{File: file, Format: "yaml", Root: newRecordTree(file, "").root}, nil, nil
		}
		return nil, nil, yamlError(file, err)
	}
	var probs []Problem
	problem := func(line int, format string, args ...any) {
		probs = append(probs, Problem{File: file, Line: line, Message: fmt.Sprintf(format, args...)})
	}
	var more yaml.Node
	if err := dec.Decode(&more); err == nil {
		problem(more.Line, "only the first YAML document of the file is read")
	} else if err != io.EOF {
		problem(yamlErrLine(err), "only the first YAML document of the file is read: %v", yamlError(file, err).Err)
	}

	body := &top
	if body.Kind == yaml.DocumentNode && len(body.Content) > 0 {
		body = body.Content[0]
	}
	body = yamlResolve(body)
	if isYAMLNull(body) {
		return &Document{File: file, Format: "yaml", Root: newRecordTree(file, "").root}, probs, nil
	}
	if body.Kind != yaml.MappingNode {
		return nil, probs, &Error{File: file, Line: body.Line, Err: errors.New("the file must be a mapping with an entries list")}
	}
	var title string
	var entries *yaml.Node
	for i := 0; i+1 < len(body.Content); i += 2 {
		k, v := body.Content[i], yamlResolve(body.Content[i+1])
		switch k.Value {
		case "title":
			if v.Kind != yaml.ScalarNode {
				return nil, probs, &Error{File: file, Line: v.Line, Err: errors.New("title must be a string")}
			}
			title = strings.TrimSpace(v.Value)
		case "entries":
			entries = v
		default:
			problem(k.Line, "unknown key %q is ignored (want title, entries)", k.Value)
		}
	}
	tree := newRecordTree(file, title)
	doc := &Document{File: file, Format: "yaml", Root: tree.root}
	if entries == nil || isYAMLNull(entries) {
		problem(body.Line, "the file has no entries")
		return doc, probs, nil
	}
	if entries.Kind != yaml.SequenceNode {
		return doc, probs, &Error{File: file, Line: entries.Line, Err: errors.New("entries must be a list of records")}
	}
	var errs LoadErrors
	for _, item := range entries.Content {
		r, ps, err := yamlRecord(file, yamlResolve(item))
		probs = append(probs, ps...)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		n, ps, err := buildRecord(file, r, dir)
		probs = append(probs, ps...)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		tree.add(r.path, n)
	}
	sortProblems(probs)
	if len(errs) > 0 {
		return doc, probs, errs
	}
	return doc, probs, nil
}

var yamlPosRE = regexp.MustCompile(`^yaml: line \d+: `)

// yamlError turns a YAML syntax error into an *Error with its line.
func yamlError(file string, err error) *Error {
	return &Error{File: file, Line: yamlErrLine(err), Err: errors.New(yamlPosRE.ReplaceAllString(err.Error(), "yaml: "))}
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
	var probs []Problem
	problem := func(line int, format string, args ...any) {
		probs = append(probs, Problem{File: file, Line: line, Message: fmt.Sprintf(format, args...)})
	}
	fail := func(line int, format string, args ...any) (*record, []Problem, error) {
		return nil, probs, &Error{File: file, Line: line, Err: fmt.Errorf(format, args...)}
	}
	if item.Kind != yaml.MappingNode {
		return fail(item.Line, "an entry must be a mapping of fields (kind, title, answer, …)")
	}
	r := &record{line: item.Line, endLine: yamlLastLine(item)}
	// scalar returns v's text, or false when v is not a scalar.
	scalar := func(v *yaml.Node) (string, bool) {
		if isYAMLNull(v) {
			return "", true
		}
		return v.Value, v.Kind == yaml.ScalarNode
	}
	// list returns the items of v: a list of strings, or one string split
	// by split.
	list := func(key string, v *yaml.Node, split func(string) []string) ([]string, error) {
		if s, ok := scalar(v); ok {
			return split(s), nil
		}
		if v.Kind != yaml.SequenceNode {
			return nil, &Error{File: file, Line: v.Line, Err: fmt.Errorf("%s must be a string or a list of strings", key)}
		}
		var out []string
		for _, x := range v.Content {
			s, ok := scalar(yamlResolve(x))
			if !ok {
				return nil, &Error{File: file, Line: x.Line, Err: fmt.Errorf("%s must be a list of strings", key)}
			}
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
		return out, nil
	}
	// lines returns the lines of v: a string's lines, or the lines of a
	// list of strings.
	lines := func(key string, v *yaml.Node, split func(string, int) []Line) ([]Line, error) {
		if v.Kind == yaml.ScalarNode || isYAMLNull(v) {
			return lines1(v, split), nil
		}
		if v.Kind != yaml.SequenceNode {
			return nil, &Error{File: file, Line: v.Line, Err: fmt.Errorf("%s must be a string or a list of strings", key)}
		}
		var out []Line
		for _, x := range v.Content {
			x = yamlResolve(x)
			if x.Kind != yaml.ScalarNode {
				return nil, &Error{File: file, Line: x.Line, Err: fmt.Errorf("%s must be a list of strings", key)}
			}
			out = append(out, lines1(x, split)...)
		}
		return out, nil
	}
	seen := map[string]int{}
	for i := 0; i+1 < len(item.Content); i += 2 {
		k, v := item.Content[i], yamlResolve(item.Content[i+1])
		if prev, ok := seen[k.Value]; ok {
			problem(k.Line, "key %q repeats the one at line %d; this value is used", k.Value, prev)
		}
		seen[k.Value] = k.Line
		var err error
		switch k.Value {
		case "kind", "title", "date", "category":
			s, ok := scalar(v)
			if !ok {
				return fail(v.Line, "%s must be a string", k.Value)
			}
			switch k.Value {
			case "kind":
				r.kind = s
			case "title":
				r.title = s
			case "date":
				r.date = s
			case "category":
				r.category = s
			}
		case "path":
			r.path, err = list(k.Value, v, splitPath)
		case "question":
			r.question, err = list(k.Value, v, splitLines)
			r.question = splitLines(strings.Join(r.question, "\n"))
		case "caller":
			r.caller, err = list(k.Value, v, splitLines)
			r.caller = splitLines(strings.Join(r.caller, "\n"))
		case "keywords":
			r.keywords, err = list(k.Value, v, splitList)
		case "examples":
			r.examples, err = list(k.Value, v, splitExamples)
		case "answer":
			if _, ok := scalar(v); !ok {
				return fail(v.Line, "answer must be a string (use | for several lines)")
			}
			r.answer = yamlLines(v)
		case "guidebook_pages":
			r.pages, err = lines(k.Value, v, fieldLines)
		case "links":
			r.links, err = lines(k.Value, v, fieldLines)
		case "referrals":
			var ps []Problem
			ps, err = yamlReferrals(file, v, r)
			probs = append(probs, ps...)
		default:
			problem(k.Line, "unknown key %q is ignored (see docs/formats.md)", k.Value)
		}
		if err != nil {
			return nil, probs, err
		}
	}
	return r, probs, nil
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
