package web_test

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/soudan-desk/soudan/web"
)

// rawRoundTrip sends raw to a server of srv on 127.0.0.1 and reads the
// answer's status line and headers.
func rawRoundTrip(t *testing.T, srv *web.Server, raw string) *http.Response {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hs := srv.HTTPServer(ln.Addr().String())
	go hs.Serve(ln)
	defer hs.Close()
	conn, err := net.Dial("tcp", ln.Addr().String())
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
	resp.Body.Close()
	return resp
}

// TestHeaderBytesBounded: a request's headers are bounded well below
// net/http's default of 1 MiB. At 1 MiB, a thousand connections each
// sending a header block that never ends held 370 MB, past the 300 MB
// bound; what a desk's browser sends (cookies, a proxy's headers) is a
// few KiB.
func TestHeaderBytesBounded(t *testing.T) {
	srv := web.New(web.Config{Logger: quietLogger(), Dupes: &fakeDupes{}})
	tests := []struct {
		name   string
		header int
		want   int
	}{
		{"a browser's cookies", 16 << 10, http.StatusOK},
		{"100 KiB", 100 << 10, http.StatusRequestHeaderFieldsTooLarge},
		{"900 KiB", 900 << 10, http.StatusRequestHeaderFieldsTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			b.WriteString("GET /duplicates HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n")
			for i := 0; b.Len() < tt.header; i++ {
				fmt.Fprintf(&b, "X-Filler-%d: %s\r\n", i, strings.Repeat("a", 1000))
			}
			b.WriteString("\r\n")
			if resp := rawRoundTrip(t, srv, b.String()); resp.StatusCode != tt.want {
				t.Fatalf("status %d, want %d", resp.StatusCode, tt.want)
			}
		})
	}
}
