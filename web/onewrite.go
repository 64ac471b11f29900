package web

import (
	"context"
	"io"
	"net"
	"sync"

	"github.com/gin-gonic/gin"
)

// One write an answer. net/http buffers a response in 4 KiB: a search
// answer (8–20 KiB) leaves in two writes, the buffer's first 4 KiB
// (headers and the body's start) and then the rest, which costs the
// server a second trip through the kernel's TCP path and wakes the client
// twice. A connection accepted through [Listener] can be corked: while
// corked, what net/http writes to it is kept, and uncorking sends it all
// in one write. writeAnswer corks around the answer and flushes net/http
// before uncorking; every other response is written as before.

// Listener returns ln with each accepted connection made corkable, so
// that a search answer served by [Server.HTTPServer]'s server leaves in
// one write. Serve HTTP/1.1 on it (a TLS connection is never corked).
func Listener(ln net.Listener) net.Listener { return corkListener{ln} }

type corkListener struct{ net.Listener }

func (l corkListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &corkConn{Conn: c}, nil
}

// corkConn is a connection that can hold its writes. net/http writes to a
// connection from the goroutine that serves it, the one that corks and
// uncorks it, so held needs no lock.
type corkConn struct {
	net.Conn
	held *[]byte // the writes kept while corked; nil when not corked
}

// heldBufs are the buffers of corked connections, returned on uncork: an
// idle keep-alive connection holds none.
var heldBufs = sync.Pool{New: func() any { b := make([]byte, 0, 32<<10); return &b }}

func (c *corkConn) Write(p []byte) (int, error) {
	if c.held != nil {
		*c.held = append(*c.held, p...)
		return len(p), nil
	}
	if answer, ok := jsonRefusal(p); ok {
		if _, err := c.Conn.Write(answer); err != nil {
			return 0, err
		}
		return len(p), nil
	}
	return c.Conn.Write(p)
}

// ReadFrom keeps the connection's own ReadFrom (sendfile, splice) for
// net/http when it is not corked.
func (c *corkConn) ReadFrom(r io.Reader) (int64, error) {
	if rf, ok := c.Conn.(io.ReaderFrom); ok && c.held == nil {
		return rf.ReadFrom(r)
	}
	return io.Copy(writerOnly{c}, r)
}

// writerOnly hides a writer's ReadFrom from io.Copy.
type writerOnly struct{ io.Writer }

// CloseWrite half-closes the connection as net/http does on a TCP
// connection before closing it.
func (c *corkConn) CloseWrite() error {
	if cw, ok := c.Conn.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return nil
}

func (c *corkConn) cork() {
	c.held = heldBufs.Get().(*[]byte)
	*c.held = (*c.held)[:0]
}

// uncork sends what was held in one write. When that write fails the
// connection is closed, so that net/http, which was told its writes went
// through, does not serve another request on it.
func (c *corkConn) uncork() {
	b := c.held
	c.held = nil
	if _, err := c.Conn.Write(*b); err != nil {
		c.Conn.Close()
	}
	if cap(*b) <= 256<<10 {
		heldBufs.Put(b)
	}
}

// corkKey holds, in a connection's context, its *corkConn.
type corkKey struct{}

// connContext puts a corkable connection into its requests' context
// (http.Server.ConnContext).
func connContext(ctx context.Context, c net.Conn) context.Context {
	if cc, ok := c.(*corkConn); ok {
		return context.WithValue(ctx, corkKey{}, cc)
	}
	return ctx
}

// corkFor returns the connection of c's request when the answer can be
// corked: it came through [Listener] and is not a HEAD (whose writer drops
// the body and cannot flush).
func corkFor(c *gin.Context) *corkConn {
	if head, _ := c.Request.Context().Value(headKey{}).(bool); head {
		return nil
	}
	cc, _ := c.Request.Context().Value(corkKey{}).(*corkConn)
	return cc
}
