package web

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"github.com/soudan-desk/soudan/api"
)

// Refusals net/http makes itself. Before any handler runs, net/http
// answers a request it cannot read — headers over MaxHeaderBytes (431), a
// malformed request line or Host header (400), a transfer coding it does
// not know (501) — with a plain-text body written straight to the
// connection. A connection accepted through [Listener] rewrites such an
// answer into the JSON error format every other refusal uses, so that a
// client reads the same shape whatever refused it.

// plainRefusalHeaders are the headers net/http writes after the status
// line of such an answer, and only of such an answer: every response a
// handler writes carries Date and the secure headers too.
const plainRefusalHeaders = "\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n"

// jsonRefusal returns p rewritten as a JSON error answer when p is one of
// net/http's own plain-text refusals, whole.
func jsonRefusal(p []byte) ([]byte, bool) {
	const proto = "HTTP/1.1 "
	if !bytes.HasPrefix(p, []byte(proto)) {
		return nil, false
	}
	end := bytes.IndexByte(p, '\r')
	if end < 0 || !bytes.HasPrefix(p[end:], []byte(plainRefusalHeaders)) {
		return nil, false
	}
	status := string(p[len(proto):end]) // "431 Request Header Fields Too Large", "400 Bad Request: missing required Host header"
	code, err := strconv.Atoi(status[:min(3, len(status))])
	if err != nil || code < 400 || code > 599 {
		return nil, false
	}
	return rawJSONAnswer(code, refusalCode(code), refusalMessage(code, status), ""), true
}

// rawJSONAnswer is a whole HTTP/1.1 answer with status, in the JSON error
// format (code, message), that closes the connection: for a refusal
// written straight to a connection, where no handler runs. extra holds
// more header lines, each ending in CRLF.
func rawJSONAnswer(status int, code, message, extra string) []byte {
	body, _ := json.Marshal(api.ErrorResponse{Error: api.ErrorDetail{Code: code, Message: message}})
	var b bytes.Buffer
	b.WriteString("HTTP/1.1 " + strconv.Itoa(status) + " " + http.StatusText(status) + "\r\n")
	b.WriteString("Content-Type: application/json; charset=utf-8\r\n")
	b.WriteString("Content-Length: " + strconv.Itoa(len(body)) + "\r\n")
	b.WriteString(extra)
	b.WriteString("Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n")
	b.Write(body)
	return b.Bytes()
}

// refusalCode is the API error code of a refusal's status.
func refusalCode(status int) string {
	switch status {
	case http.StatusRequestHeaderFieldsTooLarge:
		return CodeTooLarge
	case http.StatusNotImplemented:
		return CodeNotImplemented
	}
	return CodeInvalid
}

// refusalMessage says what net/http refused: its own words after the
// status text when it gave some ("missing required Host header"), else
// what the status means here.
func refusalMessage(status int, line string) string {
	if _, detail, ok := strings.Cut(line, ": "); ok && detail != "" {
		return "bad request: " + detail
	}
	switch status {
	case http.StatusRequestHeaderFieldsTooLarge:
		return "request headers are over " + strconv.Itoa(MaxHeaderBytes>>10) + " KiB"
	case http.StatusNotImplemented:
		return "unsupported transfer encoding"
	}
	return "malformed request"
}
