package web

import "testing"

// TestJSONRefusalLeavesOtherAnswers: only net/http's own plain-text
// refusals are rewritten, never an answer a handler wrote.
func TestJSONRefusalLeavesOtherAnswers(t *testing.T) {
	for _, p := range []string{
		"HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nDate: Sat, 05 Dec 2026 12:00:00 GMT\r\n\r\nok",
		"HTTP/1.1 400 Bad Request\r\nCache-Control: no-store\r\nContent-Type: application/json; charset=utf-8\r\n\r\n{}",
		"HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\nnot an error",
		"{\"results\": []}",
		"",
	} {
		if got, ok := jsonRefusal([]byte(p)); ok {
			t.Errorf("jsonRefusal(%q) rewrote it as %q", p, got)
		}
	}
	if _, ok := jsonRefusal([]byte("HTTP/1.1 431 Request Header Fields Too Large" + plainRefusalHeaders + "431 Request Header Fields Too Large")); !ok {
		t.Error("net/http's 431 was not rewritten")
	}
}
