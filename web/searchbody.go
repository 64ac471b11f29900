package web

import (
	"bytes"
	"encoding/json"
	"io"
	"mime"
)

// isJSONType reports whether a Content-Type header names JSON
// (application/json, with any parameters). The header clients send,
// exactly "application/json", is told without parsing it.
func isJSONType(ct string) bool {
	if ct == "application/json" {
		return true
	}
	mt, _, err := mime.ParseMediaType(ct)
	return ct != "" && err == nil && mt == "application/json"
}

// decodeSearchRequest reads the body of a POST search, which is valid
// UTF-8. A body in the form clients send ({"query":"…","k":10}: see
// fastSearchRequest) is read without reflection; any other goes to
// encoding/json, which gives the same request or tells what is wrong.
func decodeSearchRequest(body []byte) (searchRequest, error) {
	if req, ok := fastSearchRequest(body); ok {
		return req, nil
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	var req searchRequest
	if err := dec.Decode(&req); err != nil {
		return req, invalid("body is not a valid search request: " + jsonProblem(err))
	}
	if _, err := dec.Token(); err != io.EOF {
		return req, invalid("body has data after the JSON object")
	}
	return req, nil
}

// fastSearchRequest reads body when it is one JSON object whose members
// are "query" (a string without escapes or control characters), "k" (an
// integer literal without sign, fraction or exponent) and "debug" (true
// or false), each at most once, spelt in lower case: what
// encoding/json would give for it (TestFastSearchRequest). It reports
// false for anything else, which the caller leaves to encoding/json.
func fastSearchRequest(body []byte) (searchRequest, bool) {
	var req searchRequest
	p := bodyScanner{b: body}
	if !p.byte('{') {
		return req, false
	}
	var seen [3]bool
	for first := true; ; first = false {
		if p.byte('}') {
			return req, p.end()
		}
		if !first && !p.byte(',') {
			return req, false
		}
		key, ok := p.plainString()
		if !ok || !p.byte(':') {
			return req, false
		}
		m := memberOf(key)
		if m < 0 || seen[m] {
			return req, false
		}
		seen[m] = true
		if !p.member(&req, m) {
			return req, false
		}
	}
}

// memberOf is the place of a member the fast path reads (0 query, 1 k,
// 2 debug), -1 for any other key.
func memberOf(key []byte) int {
	switch string(key) {
	case "query":
		return 0
	case "k":
		return 1
	case "debug":
		return 2
	}
	return -1
}

// bodyScanner reads a JSON body from its start, skipping white space
// before each token.
type bodyScanner struct {
	b []byte
	i int
}

func (p *bodyScanner) space() {
	for p.i < len(p.b) && (p.b[p.i] == ' ' || p.b[p.i] == '\t' || p.b[p.i] == '\n' || p.b[p.i] == '\r') {
		p.i++
	}
}

// byte consumes c if it comes next.
func (p *bodyScanner) byte(c byte) bool {
	p.space()
	if p.i < len(p.b) && p.b[p.i] == c {
		p.i++
		return true
	}
	return false
}

// end reports whether only white space is left.
func (p *bodyScanner) end() bool {
	p.space()
	return p.i == len(p.b)
}

// plainString consumes a string without escapes or control characters
// and returns its contents.
func (p *bodyScanner) plainString() ([]byte, bool) {
	if !p.byte('"') {
		return nil, false
	}
	start := p.i
	for ; p.i < len(p.b); p.i++ {
		switch c := p.b[p.i]; {
		case c == '"':
			p.i++
			return p.b[start : p.i-1], true
		case c == '\\' || c < 0x20:
			return nil, false
		}
	}
	return nil, false
}

// member consumes the value of member m (0 query, 1 k, 2 debug) into req.
func (p *bodyScanner) member(req *searchRequest, m int) bool {
	switch m {
	case 0:
		s, ok := p.plainString()
		req.Query = string(s)
		return ok
	case 1:
		p.space()
		start := p.i
		for p.i < len(p.b) && p.b[p.i] >= '0' && p.b[p.i] <= '9' {
			p.i++
		}
		n := p.b[start:p.i]
		// JSON has no leading zeros; a fraction or exponent goes to
		// encoding/json, which keeps it raw for parseK to refuse.
		if len(n) == 0 || len(n) > 1 && n[0] == '0' || p.i < len(p.b) && (p.b[p.i] == '.' || p.b[p.i] == 'e' || p.b[p.i] == 'E') {
			return false
		}
		req.K = json.RawMessage(n)
		return true
	}
	p.space()
	for _, lit := range []string{"true", "false"} {
		if bytes.HasPrefix(p.b[p.i:], []byte(lit)) {
			p.i += len(lit)
			req.Debug = lit == "true"
			return true
		}
	}
	return false
}
