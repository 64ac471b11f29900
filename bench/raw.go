package bench

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// The load generator shares the machine with the server it measures, so
// every microsecond it spends on a request is one the server does not
// get. Over plain HTTP the clients therefore speak HTTP/1.1 themselves,
// as wrk and h2load do: each client writes its request into one buffer
// and reads the answer on its own keep-alive connection, without
// net/http's two goroutines per connection, header maps and per-request
// contexts. Targets that can write their requests so ([rawTarget]: the
// two of this package) use it; any other target, https, or a
// Config.Client goes through net/http.

// rawTarget is a [Target] that appends its request for a query as bytes.
type rawTarget interface {
	// hostPort is the address to dial, host:port.
	hostPort() string
	// appendRequest appends the whole HTTP/1.1 request for query to dst,
	// using scratch for a body.
	appendRequest(dst []byte, scratch *bodyScratch, query string) []byte
}

// rawRequestTarget returns t as a rawTarget when the clients can speak
// HTTP/1.1 to it themselves.
func rawRequestTarget(t Target) (rawTarget, bool) {
	rt, ok := t.(rawTarget)
	return rt, ok && rt.hostPort() != ""
}

// plainHost returns u's host:port (port 80 by default) when u is plain
// http, else "".
func plainHost(u *url.URL) string {
	if u.Scheme != "http" {
		return ""
	}
	if u.Port() == "" {
		return net.JoinHostPort(u.Hostname(), "80")
	}
	return u.Host
}

func (t *Soudan) hostPort() string { return t.raw.addr }

// appendRequest appends POST {path}/api/search with the JSON body that
// [Soudan.Request] sends.
func (t *Soudan) appendRequest(dst []byte, scratch *bodyScratch, query string) []byte {
	body := scratch.soudanBody(query, t.K)
	dst = append(dst, "POST "...)
	dst = append(dst, t.raw.path...)
	dst = append(dst, "/api/search HTTP/1.1\r\nHost: "...)
	dst = append(dst, t.raw.host...)
	dst = append(dst, "\r\nContent-Type: application/json\r\nContent-Length: "...)
	dst = strconv.AppendInt(dst, int64(len(body)), 10)
	dst = append(dst, "\r\n\r\n"...)
	return append(dst, body...)
}

// bodyScratch writes one client's request bodies.
type bodyScratch struct {
	buf bytes.Buffer
	enc *json.Encoder
}

// soudanBody returns {"query":…,"k":…} as [Soudan.Request] sends it,
// valid until the next call.
func (s *bodyScratch) soudanBody(query string, k int) []byte {
	if s.enc == nil {
		s.enc = json.NewEncoder(&s.buf)
	}
	s.buf.Reset()
	s.buf.WriteString(`{"query":`)
	s.enc.Encode(query) // a string always encodes; Encode adds a newline
	s.buf.Truncate(s.buf.Len() - 1)
	if k != 0 {
		s.buf.WriteString(`,"k":`)
		s.buf.Write(strconv.AppendInt(s.buf.AvailableBuffer(), int64(k), 10))
	}
	s.buf.WriteByte('}')
	return s.buf.Bytes()
}

func (t *Template) hostPort() string { return t.raw.addr }

// appendRequest appends the GET of [Template.Request].
func (t *Template) appendRequest(dst []byte, _ *bodyScratch, query string) []byte {
	dst = append(dst, "GET "...)
	dst = append(dst, strings.ReplaceAll(t.raw.path, Placeholder, url.QueryEscape(query))...)
	dst = append(dst, " HTTP/1.1\r\nHost: "...)
	dst = append(dst, t.raw.host...)
	return append(dst, "\r\n\r\n"...)
}

// rawAddr is what a target needs to write its requests itself.
type rawAddr struct {
	addr string // host:port to dial; "" when not plain http
	host string // the Host header
	path string // the request target's path (and, for a template, query)
}

// newRawAddr returns u's rawAddr, with path as the request target.
func newRawAddr(u *url.URL, path string) rawAddr {
	return rawAddr{addr: plainHost(u), host: u.Host, path: path}
}

// rawConn is one client's connection, used by that client's goroutine
// only (and by the run's cancellation, which cuts it).
type rawConn struct {
	addr    string
	timeout time.Duration
	mu      sync.Mutex // guards conn against the cancellation
	conn    net.Conn
	r       *bufio.Reader
	req     []byte // the request being sent
	scratch bodyScratch
}

// errStatus carries a non-2xx status that was read in full.
type errStatus int

func (e errStatus) Error() string { return "HTTP " + strconv.Itoa(int(e)) }

// do sends c.req (a whole HTTP/1.1 request) and reads the answer. A
// connection that was idle may have been closed by the server: a request
// that fails on it before any answer, other than by timing out, is sent
// once more on a new one, as net/http does.
func (c *rawConn) do(ctx context.Context) error {
	reused := c.conn != nil
	err := c.roundTrip(ctx)
	var ne net.Error
	if err != nil && reused && errors.Is(err, errNoAnswer) && !(errors.As(err, &ne) && ne.Timeout()) && ctx.Err() == nil {
		err = c.roundTrip(ctx)
	}
	return err
}

// errNoAnswer marks a connection that ended before the status line.
var errNoAnswer = errors.New("connection closed before an answer")

func (c *rawConn) roundTrip(ctx context.Context) error {
	if c.conn == nil {
		if err := c.dial(ctx); err != nil {
			return err
		}
	}
	if err := c.conn.SetDeadline(time.Now().Add(c.timeout)); err != nil {
		c.close()
		return err
	}
	if ctx.Err() != nil { // cancelled before the deadline was set
		return ctx.Err()
	}
	if _, err := c.conn.Write(c.req); err != nil {
		c.close()
		return fmt.Errorf("%w: %w", errNoAnswer, err)
	}
	keep, err := c.readResponse()
	if err != nil || !keep {
		c.close()
	}
	return err
}

func (c *rawConn) dial(ctx context.Context) error {
	d := net.Dialer{Timeout: c.timeout}
	conn, err := d.DialContext(ctx, "tcp", c.addr)
	if err != nil {
		return err
	}
	c.mu.Lock()
	c.conn = conn
	c.mu.Unlock()
	if c.r == nil {
		c.r = bufio.NewReaderSize(conn, 32<<10)
	} else {
		c.r.Reset(conn)
	}
	return nil
}

// cut ends the connection's current request at once (run cancelled).
func (c *rawConn) cut() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.conn != nil {
		c.conn.SetDeadline(time.Unix(1, 0))
	}
}

func (c *rawConn) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.conn != nil {
		c.conn.Close()
		c.conn = nil
	}
}

// readResponse reads one answer, body included. keep reports whether the
// connection may carry another request.
func (c *rawConn) readResponse() (keep bool, err error) {
	line, err := c.r.ReadSlice('\n')
	if err != nil {
		return false, fmt.Errorf("%w: %w", errNoAnswer, err)
	}
	proto, rest, _ := bytes.Cut(bytes.TrimRight(line, "\r\n"), []byte(" "))
	code, _, _ := bytes.Cut(rest, []byte(" "))
	status, err := strconv.Atoi(string(code))
	if err != nil || !bytes.HasPrefix(proto, []byte("HTTP/1.")) {
		return false, errors.New("malformed status line")
	}
	h, err := c.readHeader(string(proto) == "HTTP/1.1")
	if err != nil {
		return false, err
	}
	switch {
	case status < 200 || status == 204 || status == 304:
		// no body
	case h.chunked:
		err = c.discardChunked()
	case h.length >= 0:
		_, err = c.r.Discard(int(h.length))
	default: // delimited by the end of the connection
		_, err = io.Copy(io.Discard, c.r)
		h.keep = false
	}
	if err != nil {
		return false, err
	}
	if status < 200 || status > 299 {
		return h.keep, errStatus(status)
	}
	return h.keep, nil
}

// respHeader is what the client needs of an answer's header.
type respHeader struct {
	length  int64 // Content-Length, or -1
	chunked bool
	keep    bool
}

// readHeader reads the header lines up to the blank line.
func (c *rawConn) readHeader(http11 bool) (respHeader, error) {
	h := respHeader{length: -1, keep: http11}
	for {
		line, err := c.r.ReadSlice('\n')
		if err != nil {
			return h, err
		}
		line = bytes.TrimRight(line, "\r\n")
		if len(line) == 0 {
			return h, nil
		}
		name, value, ok := bytes.Cut(line, []byte(":"))
		if !ok {
			return h, errors.New("malformed header line")
		}
		value = bytes.TrimSpace(value)
		switch {
		case bytes.EqualFold(name, []byte("Content-Length")):
			if h.length, err = strconv.ParseInt(string(value), 10, 64); err != nil || h.length < 0 {
				return h, errors.New("malformed Content-Length")
			}
		case bytes.EqualFold(name, []byte("Transfer-Encoding")):
			h.chunked = bytes.EqualFold(value, []byte("chunked"))
		case bytes.EqualFold(name, []byte("Connection")):
			h.keep = headerHas(value, "keep-alive") || h.keep && !headerHas(value, "close")
		}
	}
}

// headerHas reports whether the comma-separated header value holds token.
func headerHas(value []byte, token string) bool {
	for part := range bytes.SplitSeq(value, []byte(",")) {
		if bytes.EqualFold(bytes.TrimSpace(part), []byte(token)) {
			return true
		}
	}
	return false
}

// discardChunked reads a chunked body and its trailer.
func (c *rawConn) discardChunked() error {
	for {
		line, err := c.r.ReadSlice('\n')
		if err != nil {
			return err
		}
		size, _, _ := bytes.Cut(bytes.TrimRight(line, "\r\n"), []byte(";"))
		n, err := strconv.ParseInt(string(bytes.TrimSpace(size)), 16, 64)
		if err != nil || n < 0 {
			return errors.New("malformed chunk size")
		}
		if n == 0 {
			break
		}
		if _, err := c.r.Discard(int(n) + 2); err != nil { // the data and its CRLF
			return err
		}
	}
	for { // the trailer, up to a blank line
		line, err := c.r.ReadSlice('\n')
		if err != nil {
			return err
		}
		if len(bytes.TrimRight(line, "\r\n")) == 0 {
			return nil
		}
	}
}
