package main

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestServeShutdownDrains: on SIGTERM (ctx cancelled) serve stops taking
// connections, answers every request already in flight — one whose body
// arrives a second later, one whose body never arrives (408 at the read
// timeout) — and returns nil, so `soudan serve` exits 0. The grace must
// outlast the server's own bounds on a request: at 10 s, the same as
// the read timeout, the stuck client's 408 and the end of the grace
// raced, and serve returned "context deadline exceeded" (exit 1).
func TestServeShutdownDrains(t *testing.T) {
	s := serveInProcess(t, io.Discard, nil, "--data", t.TempDir(), "--marks", filepath.Join(t.TempDir(), "m.json"))
	base := s.base
	waitFor(t, 2*time.Minute, "ready", func() bool { return healthz(t, base) == 200 })

	body := `{"query":"ウイルスに感染した"}`
	for _, tc := range []struct {
		name   string
		rest   string // sent a second after the cancellation; "" never
		status string
	}{{"slow body", body[1:], "200"}, {"stuck body", "", "408"}} {
		conn, err := net.Dial("tcp", s.addr)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		conn.SetDeadline(time.Now().Add(time.Minute))
		io.WriteString(conn, "POST /api/search HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"+
			"Content-Length: "+strconv.Itoa(len(body))+"\r\n\r\n"+body[:1])
		answered := make(chan string, 1)
		go func() {
			time.Sleep(time.Second)
			if tc.rest != "" {
				io.WriteString(conn, tc.rest)
			}
			line, _ := bufio.NewReader(conn).ReadString('\n')
			answered <- line
		}()
		defer func() {
			if line := <-answered; !strings.Contains(line, " "+tc.status+" ") {
				t.Errorf("%s: answered %q, want %s", tc.name, line, tc.status)
			}
		}()
	}
	time.Sleep(200 * time.Millisecond) // both requests are in flight
	if err := s.stop(); err != nil {
		t.Errorf("serve after SIGTERM with requests in flight: %v", err)
	}
	if _, err := http.Get(base + "/healthz"); err == nil {
		t.Error("a new connection was accepted after shutdown")
	}
}
