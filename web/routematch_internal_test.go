package web

import (
	"testing"

	"github.com/gin-gonic/gin"
)

func TestRouteTemplatesMatch(t *testing.T) {
	tm := newRouteTemplates(gin.RoutesInfo{
		{Method: "GET", Path: "/api/entries/:id"},
		{Method: "GET", Path: "/api/entries/export"},
		{Method: "POST", Path: "/api/entries/export"},
		{Method: "GET", Path: "/ui/*filepath"},
		{Method: "GET", Path: "/"},
		{Method: "POST", Path: "/api/search"},
	})
	for _, tt := range []struct{ path, want string }{
		{"/api/entries/abc", "/api/entries/:id"},
		{"/api/entries/export", "/api/entries/export"},
		{"/api/entries/", ""},
		{"/api/entries/a/b", ""},
		{"/ui/app.js", "/ui/*filepath"},
		{"/ui/", "/ui/*filepath"},
		{"/", "/"},
		{"/api/search", "/api/search"},
		{"/api/search/secret", ""},
		{"/nothing", ""},
	} {
		if got := tm.match(tt.path); got != tt.want {
			t.Errorf("match(%q) = %q, want %q", tt.path, got, tt.want)
		}
	}
}
