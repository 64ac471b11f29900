package web_test

import (
	"crypto/tls"
	"testing"
)

// TestCookieSecureBehindTLSProxy: behind the README's TLS proxy (Caddy,
// or nginx with X-Forwarded-Proto), the editor cookie — the token itself —
// is marked Secure, so a browser never sends it over plain HTTP; on a
// plain HTTP connection without the header it cannot be (browsers drop a
// Secure cookie set over HTTP).
func TestCookieSecureBehindTLSProxy(t *testing.T) {
	srv, _ := newAccessServer(testToken)
	tests := []struct {
		name, proto string
		tls         bool
		want        bool
	}{
		{"plain http", "", false, false},
		{"proxy says https", "https", false, true},
		{"proxy says HTTPS", "HTTPS", false, true},
		{"proxy says http", "http", false, false},
		{"direct TLS", "", true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, target := range []string{"/login", "/logout"} {
				r := (accessReq{method: "POST", target: target, body: "token=" + testToken + "&next=%2Finsights"}).build()
				if tt.proto != "" {
					r.Header.Set("X-Forwarded-Proto", tt.proto)
				}
				if tt.tls {
					r.TLS = &tls.ConnectionState{}
				}
				w := serve(srv, r)
				cookies := w.Result().Cookies()
				if len(cookies) != 1 || cookies[0].Secure != tt.want {
					t.Errorf("%s: cookies %+v, want one with Secure=%v", target, cookies, tt.want)
				}
			}
		})
	}
}
