package web_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/soudan-desk/soudan/api"
	"github.com/soudan-desk/soudan/web"
)

// TestServerRefusalsAreJSON: the answers net/http gives before any
// handler runs (headers too large, a malformed request line, no Host, an
// unknown transfer coding) reach a client served through web.Listener
// in the JSON error format, as every other refusal does.
func TestServerRefusalsAreJSON(t *testing.T) {
	addr := startListener(t, web.New(web.Config{Logger: quietLogger(), Dupes: &fakeDupes{}}))
	big := "GET / HTTP/1.1\r\nHost: localhost\r\n" + strings.Repeat("X-Filler: "+strings.Repeat("a", 1000)+"\r\n", 100) + "\r\n"
	tests := []struct {
		name, raw string
		status    int
		code      string
		message   string
	}{
		{"headers over the limit", big, http.StatusRequestHeaderFieldsTooLarge, web.CodeTooLarge, "64 KiB"},
		{"no Host", "GET / HTTP/1.1\r\n\r\n", http.StatusBadRequest, web.CodeInvalid, "Host"},
		{"malformed request line", "NONSENSE\r\n\r\n", http.StatusBadRequest, web.CodeInvalid, "malformed"},
		{"unknown transfer coding", "POST /api/search HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", http.StatusNotImplemented, web.CodeNotImplemented, "transfer encoding"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := rawExchange(t, addr, tt.raw)
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d, want %d", resp.StatusCode, tt.status)
			}
			if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
				t.Errorf("Content-Type %q, want JSON; body %q", ct, body)
			}
			var e api.ErrorResponse
			if err := json.Unmarshal(body, &e); err != nil || e.Error.Code != tt.code || !strings.Contains(e.Error.Message, tt.message) {
				t.Errorf("body %s (%v), want code %q and a message naming %q", body, err, tt.code, tt.message)
			}
		})
	}
}

// startListener serves srv through web.Listener on 127.0.0.1 and returns
// its address.
func startListener(t *testing.T, srv *web.Server) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hs := srv.HTTPServer(ln.Addr().String())
	go hs.Serve(web.Listener(ln))
	t.Cleanup(func() { hs.Close() })
	return ln.Addr().String()
}

// rawExchange sends raw to addr and reads the whole answer.
func rawExchange(t *testing.T, addr, raw string) (*http.Response, []byte) {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
	go io.WriteString(conn, raw) // the server may answer before reading it all
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(fmt.Errorf("read the body: %w", err))
	}
	return resp, body
}
