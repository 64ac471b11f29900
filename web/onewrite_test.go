package web_test

import (
	"bufio"
	"bytes"
	"io"
	"net"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/soudan-desk/soudan/web"
)

// countingListener counts the writes of the connections it accepts.
type countingListener struct {
	net.Listener
	mu     sync.Mutex
	writes int
}

func (l *countingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &countingConn{Conn: c, l: l}, nil
}

func (l *countingListener) count() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.writes
}

type countingConn struct {
	net.Conn
	l *countingListener
}

func (c *countingConn) Write(p []byte) (int, error) {
	c.l.mu.Lock()
	c.l.writes++
	c.l.mu.Unlock()
	return c.Conn.Write(p)
}

// serveOn serves srv on a loopback listener, corked through web.Listener
// or not, and returns the listener that counts the writes.
func serveOn(t *testing.T, srv *web.Server, corked bool) *countingListener {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	cl := &countingListener{Listener: ln}
	var served net.Listener = cl
	if corked {
		served = web.Listener(cl)
	}
	hs := srv.HTTPServer(ln.Addr().String())
	go hs.Serve(served)
	t.Cleanup(func() { hs.Close() })
	return cl
}

// exchange sends the raw requests on one connection and returns each
// answer as it came on the wire.
func exchange(t *testing.T, addr string, reqs ...string) [][]byte {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var raw bytes.Buffer
	r := bufio.NewReader(io.TeeReader(conn, &raw))
	var answers [][]byte
	for _, req := range reqs {
		if _, err := io.WriteString(conn, req); err != nil {
			t.Fatal(err)
		}
		method, _, _ := strings.Cut(req, " ")
		resp, err := http.ReadResponse(r, &http.Request{Method: method})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.Copy(io.Discard, resp.Body); err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		n := raw.Len() - r.Buffered()
		answers = append(answers, bytes.Clone(raw.Bytes()[:n]))
		raw.Next(n)
	}
	return answers
}

var dateLine = regexp.MustCompile(`(?m)^Date: .*\r\n`)

// TestCorkedAnswerIsOneWrite checks that through web.Listener a search
// answer leaves in one write, byte for byte as it leaves without (the
// Date header aside), that the connection carries further requests, and
// that HEAD and error answers are unchanged.
func TestCorkedAnswerIsOneWrite(t *testing.T) {
	// Answers of real size from the default engine, with took_ms 0 so
	// that the two servers' answers compare.
	eng := newCannedEngine(t, []string{"ウイルスに感染した", "消費者ホットライン", "詐欺"})
	for _, resp := range eng.answers {
		resp.Took = 0
	}
	srv := web.New(web.Config{Engine: eng, Logger: quietLogger(), AllowedHosts: web.AllowedHosts("127.0.0.1:0", nil)})
	post := func(body string) string {
		return "POST /api/search HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: " +
			strconv.Itoa(len(body)) + "\r\n\r\n" + body
	}
	long := post(`{"query":"ウイルスに感染した","k":10}`)
	reqs := []string{
		long,
		post(`{"query":"消費者ホットライン"}`),
		"GET /api/search?q=%E8%A9%90%E6%AC%BA HTTP/1.1\r\nHost: localhost\r\n\r\n",
		"HEAD /api/search?q=%E8%A9%90%E6%AC%BA HTTP/1.1\r\nHost: localhost\r\n\r\n",
		post(`{"query":""}`), // 400
		long,
	}
	plain, corked := serveOn(t, srv, false), serveOn(t, srv, true)
	want := exchange(t, plain.Addr().String(), reqs...)
	got := exchange(t, corked.Addr().String(), reqs...)
	for i := range reqs {
		w, g := dateLine.ReplaceAll(want[i], nil), dateLine.ReplaceAll(got[i], nil)
		if !bytes.Equal(w, g) {
			t.Errorf("answer %d differs corked:\n%s\nwant\n%s", i, g, w)
		}
	}
	if len(want[0]) < 8<<10 {
		t.Fatalf("the long answer has %d bytes; the test needs one over net/http's 4 KiB buffer", len(want[0]))
	}
	if n := corked.count(); n != len(reqs) {
		t.Errorf("corked: %d writes for %d answers, want one each", n, len(reqs))
	}
	if n := plain.count(); n <= len(reqs) {
		t.Errorf("plain: %d writes for %d answers; the long answers should take two each without the cork", n, len(reqs))
	}
}
