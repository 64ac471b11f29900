package api

import (
	"encoding/json"
	"math"
	"strconv"
	"sync"

	"github.com/soudan-desk/soudan/corpus"
	"github.com/soudan-desk/soudan/retrieval"
)

// Encoder writes search responses as JSON without reflecting on them: an
// entry's fields (title, path, answer, referrals, source) are most of a
// response's bytes and never change for a given corpus, so each entry is
// encoded once, on its first appearance, and copied afterwards. Use one
// Encoder per corpus (entries are keyed by pointer); it is safe for
// concurrent use.
type Encoder struct {
	entries sync.Map // *corpus.Entry → []byte: its ResultJSON up to `"score":`
}

// NewEncoder returns an empty Encoder.
func NewEncoder() *Encoder { return &Encoder{} }

// AppendSearchResponse appends the JSON of NewSearchResponse(resp, debug)
// to dst, byte for byte what json.Marshal writes. With debug (explanations
// and confidence signals) or a score JSON cannot hold, it uses
// json.Marshal itself.
func (enc *Encoder) AppendSearchResponse(dst []byte, resp *retrieval.Response, debug bool) ([]byte, error) {
	if debug || !encodable(resp) {
		b, err := json.Marshal(NewSearchResponse(resp, debug))
		return append(dst, b...), err
	}
	dst = append(dst, `{"query":`...)
	dst = AppendString(dst, resp.Query)
	dst = append(dst, `,"results":[`...)
	n := 0
	for _, r := range resp.Results {
		if r.Entry == nil {
			continue
		}
		if n > 0 {
			dst = append(dst, ',')
		}
		var err error
		if dst, err = enc.appendResult(dst, r.Entry, r.Score); err != nil {
			return dst, err
		}
		n++
	}
	dst = append(dst, `],"confidence":`...)
	dst = AppendString(dst, string(resp.Confidence))
	dst = append(dst, `,"referrals":[`...)
	for i, c := range resp.Referrals {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendCard(dst, c)
	}
	dst = append(dst, `],"routing":[`...)
	for i, e := range resp.Routing {
		if i > 0 {
			dst = append(dst, ',')
		}
		var err error
		if dst, err = enc.appendResult(dst, e, 0); err != nil {
			return dst, err
		}
	}
	dst = append(dst, `],"degraded":`...)
	dst = strconv.AppendBool(dst, resp.Degraded)
	dst = append(dst, `,"highlight":`...)
	dst = appendStrings(dst, resp.Highlight)
	dst = append(dst, `,"took_ms":`...)
	dst = appendFloat(dst, float64(resp.Took.Microseconds())/1000)
	return append(dst, '}'), nil
}

// encodable reports whether every number of resp is finite, as JSON
// requires; json.Marshal reports the error otherwise.
func encodable(resp *retrieval.Response) bool {
	for _, r := range resp.Results {
		if math.IsNaN(r.Score) || math.IsInf(r.Score, 0) {
			return false
		}
	}
	return true
}

// appendResult appends the ResultJSON of entry e with score.
func (enc *Encoder) appendResult(dst []byte, e *corpus.Entry, score float64) ([]byte, error) {
	var head []byte
	if v, ok := enc.entries.Load(e); ok {
		head = v.([]byte)
	} else {
		b, err := json.Marshal(entryJSON(e))
		if err != nil {
			return dst, err
		}
		head = append(b[:len(b)-1], `,"score":`...) // over the object's closing brace
		enc.entries.Store(e, head)
	}
	dst = append(dst, head...)
	dst = appendFloat(dst, score)
	return append(dst, '}'), nil
}

// appendCard appends a CardJSON.
func appendCard(dst []byte, c retrieval.Card) []byte {
	dst = append(dst, `{"action":`...)
	dst = AppendString(dst, string(c.Action))
	dst = append(dst, `,"org":`...)
	dst = AppendString(dst, c.Org)
	if c.Phone != "" {
		dst = append(dst, `,"phone":`...)
		dst = AppendString(dst, c.Phone)
	}
	if c.URL != "" {
		dst = append(dst, `,"url":`...)
		dst = AppendString(dst, c.URL)
	}
	dst = append(dst, `,"from":`...)
	dst = appendStrings(dst, c.From)
	return append(dst, '}')
}

// appendStrings appends a JSON array of strings; nil is [] as the API
// writes lists.
func appendStrings(dst []byte, ss []string) []byte {
	dst = append(dst, '[')
	for i, s := range ss {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = AppendString(dst, s)
	}
	return append(dst, ']')
}

// AppendString appends s as a JSON string, escaped as encoding/json
// escapes it (HTML characters, U+2028 and U+2029, invalid UTF-8).
func AppendString(dst []byte, s string) []byte {
	if plainString(s) {
		dst = append(dst, '"')
		dst = append(dst, s...)
		return append(dst, '"')
	}
	b, _ := json.Marshal(s) // a string always encodes
	return append(dst, b...)
}

// plainString reports whether s is printable ASCII that encoding/json
// writes as it is, or UTF-8 above ASCII other than U+2028, U+2029 and
// invalid sequences: then quoting it is all the encoding there is.
func plainString(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c < 0x20, c == '"', c == '\\', c == '<', c == '>', c == '&':
			return false
		case c >= 0x80:
			return validPlainUTF8(s[i:])
		}
	}
	return true
}

// validPlainUTF8 is the rest of plainString, from the first non-ASCII byte.
func validPlainUTF8(s string) bool {
	for i, r := range s {
		switch {
		case r == 0xfffd && !isReplacementChar(s[i:]):
			return false // an invalid byte, which json writes as \ufffd
		case r == '\u2028', r == '\u2029', r < 0x20, r == '"', r == '\\', r == '<', r == '>', r == '&':
			return false
		}
	}
	return true
}

// isReplacementChar reports whether s starts with an encoded U+FFFD
// rather than an invalid byte that decodes to it.
func isReplacementChar(s string) bool {
	return len(s) >= 3 && s[0] == 0xef && s[1] == 0xbf && s[2] == 0xbd
}

// appendFloat appends f as encoding/json writes a float64.
func appendFloat(dst []byte, f float64) []byte {
	abs := math.Abs(f)
	format := byte('f')
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	dst = strconv.AppendFloat(dst, f, format, -1, 64)
	if format == 'e' {
		// clean up e-09 to e-9, as encoding/json does
		n := len(dst)
		if n >= 4 && dst[n-4] == 'e' && dst[n-3] == '-' && dst[n-2] == '0' {
			dst[n-2] = dst[n-1]
			dst = dst[:n-1]
		}
	}
	return dst
}
