package web

import (
	"errors"
	"net"
	"testing"
)

// failingConn fails every write and records whether it was closed.
type failingConn struct {
	net.Conn
	writes int
	closed bool
}

func (c *failingConn) Write([]byte) (int, error) { c.writes++; return 0, errors.New("broken pipe") }
func (c *failingConn) Close() error              { c.closed = true; return nil }

// TestUncorkFailureClosesTheConnection checks that writes are held while
// corked and that a failed uncorking write closes the connection, which
// net/http believed written to.
func TestUncorkFailureClosesTheConnection(t *testing.T) {
	fc := &failingConn{}
	c := &corkConn{Conn: fc}
	c.cork()
	for _, p := range []string{"HTTP/1.1 200 OK\r\n", "\r\n", "{}"} {
		if n, err := c.Write([]byte(p)); n != len(p) || err != nil {
			t.Fatalf("corked Write = %d, %v", n, err)
		}
	}
	if fc.writes != 0 {
		t.Fatalf("%d writes reached the connection while corked", fc.writes)
	}
	c.uncork()
	if fc.writes != 1 || !fc.closed {
		t.Errorf("after a failed uncork: %d writes, closed %v; want 1 write and the connection closed", fc.writes, fc.closed)
	}
	if c.held != nil {
		t.Error("still corked after uncork")
	}
}
