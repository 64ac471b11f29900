package web_test

import (
	"bufio"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/soudan-desk/soudan/metrics"
	"github.com/soudan-desk/soudan/web"
)

// peerConn is a connection from addr that records its closing and
// discards what is written to it; reading it finds the client's end.
type peerConn struct {
	net.Conn
	addr   net.Addr
	once   sync.Once
	closed chan struct{}
}

func (c *peerConn) RemoteAddr() net.Addr        { return c.addr }
func (c *peerConn) Write(p []byte) (int, error) { return len(p), nil }
func (c *peerConn) Read([]byte) (int, error)    { return 0, io.EOF }
func (c *peerConn) SetDeadline(time.Time) error { return nil }
func (c *peerConn) Close() error                { c.once.Do(func() { close(c.closed) }); return nil }

// isClosed reports whether c gets closed (a refusal is answered and
// closed off the accepting goroutine), waiting at most ten seconds.
func (c *peerConn) isClosed() bool {
	select {
	case <-c.closed:
		return true
	case <-time.After(10 * time.Second):
		return false
	}
}

// queueListener accepts the connections queued in it, in order.
type queueListener struct{ conns chan net.Conn }

func (l queueListener) Accept() (net.Conn, error) { return <-l.conns, nil }
func (l queueListener) Close() error              { return nil }
func (l queueListener) Addr() net.Addr            { return &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 8080} }

func from(ip string) *peerConn {
	return &peerConn{addr: &net.TCPAddr{IP: net.ParseIP(ip), Port: 40000}, closed: make(chan struct{})}
}

// TestConnsPerClient: one client address (an IPv6 one by its /64) holds
// at most n connections at once; more are refused (answered and closed)
// as soon as accepted, without holding up other clients. A closed connection frees its place.
// Exempt addresses (loopback, where the README's proxy runs) are not
// counted. Before, 8,000 idle keep-alive connections from one client were
// all held for 120 s, at 20,000 descriptors the process would have none
// left for the desk.
func TestConnsPerClient(t *testing.T) {
	const n = 3
	q := queueListener{conns: make(chan net.Conn, 64)}
	ln := web.LimitConnsPerClient(q, n, func(ip net.IP) bool { return ip.IsLoopback() })
	refused := testutil.ToFloat64(metrics.ConnectionsRefused)
	accept := func(c *peerConn) net.Conn {
		t.Helper()
		q.conns <- c
		got, err := ln.Accept()
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	var held []net.Conn
	for range n {
		held = append(held, accept(from("192.0.2.7")))
	}
	over := from("192.0.2.7")
	q.conns <- over
	if got := accept(from("192.0.2.8")); got.RemoteAddr().String() != "192.0.2.8:40000" {
		t.Fatalf("accepted %v, want the other client's", got.RemoteAddr())
	}
	if !over.isClosed() {
		t.Fatal("a connection past the client's limit was not closed")
	}
	// Another address in the same IPv6 /64 counts as the same client.
	for range n {
		accept(from("2001:db8:0:1::1"))
	}
	v6over := from("2001:db8:0:1::2")
	q.conns <- v6over
	accept(from("2001:db8:0:2::1"))
	if !v6over.isClosed() {
		t.Fatal("a /64 neighbour past the limit was not closed")
	}
	// Closing one frees its place; closing twice frees one.
	held[0].Close()
	held[0].Close()
	accept(from("192.0.2.7"))
	over2 := from("192.0.2.7")
	q.conns <- over2
	accept(from("192.0.2.9"))
	if !over2.isClosed() {
		t.Fatal("a double Close freed two places")
	}
	if got := testutil.ToFloat64(metrics.ConnectionsRefused) - refused; got != 3 {
		t.Errorf("soudan_connections_refused_total rose by %v, want 3", got)
	}
	// Loopback is exempt.
	for range 2 * n {
		if c := accept(from("127.0.0.1")); c == nil {
			t.Fatal("loopback refused")
		}
	}
}

// TestLoopbackOrProxies: loopback and the --trusted-proxies addresses
// (single IPs and CIDRs, v4 and v6) are not counted per client; other
// LAN addresses are, and an entry that is not an address is skipped.
func TestLoopbackOrProxies(t *testing.T) {
	exempt := web.LoopbackOrProxies([]string{"10.0.0.5", "192.168.10.0/24", "fd00::1", "not-an-address"})
	for _, tt := range []struct {
		ip   string
		want bool
	}{
		{"127.0.0.1", true},
		{"::1", true},
		{"10.0.0.5", true},
		{"::ffff:10.0.0.5", true},
		{"10.0.0.6", false},
		{"192.168.10.77", true},
		{"192.168.11.1", false},
		{"fd00::1", true},
		{"fd00::2", false},
	} {
		if got := exempt(net.ParseIP(tt.ip)); got != tt.want {
			t.Errorf("%s: exempt %v, want %v", tt.ip, got, tt.want)
		}
	}
}

// TestRefusedConnAnswers429: a connection past its client's limit gets
// 429 in the JSON error format, with Retry-After, on a real socket (a
// plain close left the client with a reset and no reason), and the
// client's held connection keeps being served.
func TestRefusedConnAnswers429(t *testing.T) {
	raw, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ln := web.LimitConnsPerClient(raw, 1, func(net.IP) bool { return false })
	hs := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { io.WriteString(w, "ok") })}
	go hs.Serve(ln)
	t.Cleanup(func() { hs.Close() })
	get := func(c net.Conn) *http.Response {
		t.Helper()
		c.SetDeadline(time.Now().Add(10 * time.Second))
		if _, err := io.WriteString(c, "GET / HTTP/1.1\r\nHost: soudan\r\n\r\n"); err != nil {
			t.Fatal(err)
		}
		res, err := http.ReadResponse(bufio.NewReader(c), nil)
		if err != nil {
			t.Fatalf("no answer: %v", err)
		}
		t.Cleanup(func() { res.Body.Close() })
		return res
	}
	held, err := net.Dial("tcp", raw.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	if res := get(held); res.StatusCode != http.StatusOK {
		t.Fatalf("the first connection got %d", res.StatusCode)
	}
	refused := testutil.ToFloat64(metrics.ConnectionsRefused)
	over, err := net.Dial("tcp", raw.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer over.Close()
	res := get(over)
	var body struct {
		Error struct{ Code, Message string } `json:"error"`
	}
	if err := json.NewDecoder(res.Body).Decode(&body); err != nil {
		t.Fatalf("body is not JSON: %v", err)
	}
	if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") != "1" ||
		body.Error.Code != web.CodeTooMany || !strings.Contains(body.Error.Message, "at most 1 at once") || !res.Close {
		t.Errorf("got %d, Retry-After %q, %+v, close %v; want 429, 1, %s naming the limit, close",
			res.StatusCode, res.Header.Get("Retry-After"), body.Error, res.Close, web.CodeTooMany)
	}
	if got := testutil.ToFloat64(metrics.ConnectionsRefused) - refused; got != 1 {
		t.Errorf("soudan_connections_refused_total rose by %v, want 1", got)
	}
	if res := get(held); res.StatusCode != http.StatusOK {
		t.Errorf("the held connection got %d after the refusal", res.StatusCode)
	}
}
