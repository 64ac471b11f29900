package corpus

import (
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"
)

// This file turns the errors of gopkg.in/yaml.v3 into file:line errors
// that name the line of the fault, once.

// yamlError turns an error decoding the YAML text into an *Error at the
// line of the fault: a syntax error, or a value of the wrong type.
func yamlError(file, text string, err error) *Error {
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msgs := make([]string, len(te.Errors))
		for i, m := range te.Errors {
			msgs[i] = yamlLinePrefixRE.ReplaceAllString(m, "")
		}
		return &Error{File: file, Line: yamlErrLine(errors.New(te.Errors[0])), Err: errors.New(strings.Join(msgs, "; "))}
	}
	msg := yamlPosRE.ReplaceAllString(err.Error(), "")
	return &Error{File: file, Line: yamlFaultLine(text, err), Err: fmt.Errorf("YAML syntax error: %s", msg)}
}

// yamlNodeError is yamlError for an error decoding the node n, at n's
// line when the message names none.
func yamlNodeError(file string, n *yaml.Node, err error) *Error {
	e := yamlError(file, "", err)
	if e.Line == 0 {
		e.Line = n.Line
	}
	return e
}

var (
	yamlPosRE        = regexp.MustCompile(`^yaml: (?:line \d+: )?`)
	yamlLinePrefixRE = regexp.MustCompile(`^line \d+: `)
	yamlLineRE       = regexp.MustCompile(`line (\d+)`)
)

// yamlErrLine is the line that a message of yaml.v3 names, or 0.
func yamlErrLine(err error) int {
	if m := yamlLineRE.FindStringSubmatch(err.Error()); m != nil {
		var n int
		fmt.Sscan(m[1], &n)
		return n
	}
	return 0
}

// yamlFaultLine finds the line of a syntax error in text. yaml.v3 names
// the line where the construct around the fault starts (the list of a
// mis-indented key, the scalar before a tab), 0-based for some errors and
// 1-based for others, and sometimes no line. The fault is on the first
// line L such that the text up to L gives the same error: a bisection
// finds it in a few decodes, done only for a file that failed. Without
// the error on the whole text (it came from elsewhere), it is the line
// the message names.
func yamlFaultLine(text string, err error) int {
	ends := lineEnds(text)
	want := err.Error()
	same := func(n int) bool {
		e := yamlDecodeAll(text[:ends[n]])
		return e != nil && e.Error() == want
	}
	hi := len(ends) - 1
	if !same(hi) {
		return yamlErrLine(err)
	}
	lo := 0 // no text, no error
	for hi-lo > 1 {
		if mid := (lo + hi) / 2; same(mid) {
			hi = mid
		} else {
			lo = mid
		}
	}
	return hi
}

// lineEnds returns the offsets in text where each line ends, after its
// newline: ends[n] is the length of the first n lines, ends[0] is 0 and
// the last is len(text).
func lineEnds(text string) []int {
	ends := []int{0}
	for i := 0; i < len(text); i++ {
		if text[i] == '\n' {
			ends = append(ends, i+1)
		}
	}
	if ends[len(ends)-1] < len(text) {
		ends = append(ends, len(text))
	}
	return ends
}

// yamlDecodeAll decodes every document of text and returns the first
// error.
func yamlDecodeAll(text string) error {
	dec := yaml.NewDecoder(strings.NewReader(text))
	for {
		var n yaml.Node
		if err := dec.Decode(&n); err == io.EOF {
			return nil
		} else if err != nil {
			return err
		}
	}
}
