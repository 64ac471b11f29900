package main

import (
	"errors"
	"flag"
	"testing"
)

// TestServeRefusesOpenLAN: listening beyond loopback without an editor
// token is refused before the port is bound, unless --insecure-no-auth.
func TestServeRefusesOpenLAN(t *testing.T) {
	t.Setenv("SOUDAN_EDITOR_TOKEN", "")
	t.Setenv("ADDR", "")
	err := runServe(t.Context(), []string{"--addr", "0.0.0.0:0"})
	if !errors.Is(err, errNoToken) {
		t.Fatalf("serve on 0.0.0.0 without a token: %v, want the refusal", err)
	}
	tests := []struct {
		args []string
		ok   bool
	}{
		{[]string{"--addr", ":8080"}, false},
		{[]string{"--addr", "192.168.0.10:8080"}, false},
		{[]string{"--addr", "127.0.0.1:8080"}, true},
		{[]string{"--addr", "localhost:0"}, true},
		{[]string{"--addr", ":8080", "--editor-token", "t"}, true},
		{[]string{"--addr", ":8080", "--insecure-no-auth"}, true},
	}
	for _, tt := range tests {
		var sf serveFlags
		fs := newTestFlagSet(&sf)
		if err := fs.Parse(tt.args); err != nil {
			t.Fatal(err)
		}
		if err := sf.checkAccess(sf.addr); (err == nil) != tt.ok {
			t.Errorf("%q: checkAccess = %v, want ok=%v", tt.args, err, tt.ok)
		}
	}
}

func newTestFlagSet(sf *serveFlags) *flag.FlagSet {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	sf.register(fs)
	return fs
}
