package bench

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
)

func TestReadResponse(t *testing.T) {
	tests := []struct {
		name   string
		resp   string
		keep   bool
		status int // 0: success
		bad    bool
	}{
		{"content length", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello", true, 0, false},
		{"chunked with trailer", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;x=y\r\nhello\r\n3\r\nabc\r\n0\r\nT: 1\r\n\r\n", true, 0, false},
		{"close", "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok", false, 0, false},
		{"until the end", "HTTP/1.1 200 OK\r\n\r\nall of it", false, 0, false},
		{"http/1.0", "HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok", false, 0, false},
		{"http/1.0 keep-alive", "HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 2\r\n\r\nok", true, 0, false},
		{"status", "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 2\r\n\r\n{}", true, 503, false},
		{"no content", "HTTP/1.1 204 No Content\r\n\r\n", true, 0, false},
		{"truncated body", "HTTP/1.1 200 OK\r\nContent-Length: 20\r\n\r\nshort", false, 0, true},
		{"bad status line", "SSH-2.0-x\r\n\r\n", false, 0, true},
		{"bad length", "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", false, 0, true},
		{"bad chunk", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", false, 0, true},
		{"bad header", "HTTP/1.1 200 OK\r\nno colon\r\n\r\n", false, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := &rawConn{r: bufio.NewReader(strings.NewReader(tt.resp + "NEXT"))}
			keep, err := c.readResponse()
			var status errStatus
			switch {
			case tt.bad:
				if err == nil || errors.As(err, &status) {
					t.Fatalf("err = %v, want a malformed answer", err)
				}
				return
			case tt.status != 0:
				if !errors.As(err, &status) || int(status) != tt.status {
					t.Fatalf("err = %v, want HTTP %d", err, tt.status)
				}
			case err != nil:
				t.Fatal(err)
			}
			if keep != tt.keep {
				t.Errorf("keep = %v, want %v", keep, tt.keep)
			}
			if rest, _ := c.r.Peek(4); keep && string(rest) != "NEXT" {
				t.Errorf("the answer was not read exactly: %q left", rest)
			}
		})
	}
}

// The clients' own requests carry what net/http's requests of the same
// targets carry.
func TestRawRequestsMatchTargetRequests(t *testing.T) {
	soudan, _ := NewSoudan("http://127.0.0.1:8080/desk/", 10)
	noK, _ := NewSoudan("http://localhost", 0)
	tmpl, _ := NewTemplate("http://127.0.0.1:10041/d/select?table=Entries&query={q}&limit=10")
	var scratch bodyScratch
	for _, target := range []Target{soudan, noK, tmpl} {
		for _, q := range []string{"請求が届いた", `<a href="x">&amp;</a>`, "100% #1\n\t\u2028", "\xff"} {
			rt, ok := rawRequestTarget(target)
			if !ok {
				t.Fatalf("%T: no raw requests", target)
			}
			raw, err := http.ReadRequest(bufio.NewReader(bytes.NewReader(rt.appendRequest(nil, &scratch, q))))
			if err != nil {
				t.Fatal(err)
			}
			want, _ := target.Request(t.Context(), q)
			got, _ := io.ReadAll(raw.Body)
			wantBody := []byte{}
			if want.Body != nil {
				wantBody, _ = io.ReadAll(want.Body)
			}
			if raw.Method != want.Method || raw.RequestURI != want.URL.RequestURI() || raw.Host != want.URL.Host ||
				!bytes.Equal(got, wantBody) || raw.Header.Get("Content-Type") != want.Header.Get("Content-Type") {
				t.Errorf("%T %q: raw %s %s host %s body %q, want %s %s host %s body %q", target, q,
					raw.Method, raw.RequestURI, raw.Host, got, want.Method, want.URL.RequestURI(), want.URL.Host, wantBody)
			}
		}
	}
	if _, ok := rawRequestTarget(&Soudan{Base: "https://x"}); ok {
		t.Error("https must go through net/http")
	}
}
