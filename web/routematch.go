package web

import (
	"strings"

	"github.com/gin-gonic/gin"
)

// routeTemplates match a request path against the router's route
// templates, for the requests gin answers without a route of their own:
// a path asked with a method it has no route for (405), whose metrics
// and log line are labelled by the template the path matches under
// another method (routeOf), never by the path itself.
type routeTemplates [][]string

// newRouteTemplates returns the templates of routes, each split into
// segments, without duplicates (a path has a route per method).
func newRouteTemplates(routes gin.RoutesInfo) routeTemplates {
	seen := map[string]bool{}
	var t routeTemplates
	for _, r := range routes {
		if seen[r.Path] {
			continue
		}
		seen[r.Path] = true
		t = append(t, strings.Split(r.Path, "/"))
	}
	return t
}

// match returns the template path matches, preferring the one with the
// most literal segments (gin's own precedence: a static segment wins
// over a parameter), or "" when none does.
func (t routeTemplates) match(path string) string {
	segs := strings.Split(path, "/")
	best, bestLiterals := "", -1
	for _, tmpl := range t {
		if n, ok := matchSegments(tmpl, segs); ok && n > bestLiterals {
			best, bestLiterals = strings.Join(tmpl, "/"), n
		}
	}
	return best
}

// matchSegments reports whether path segments segs fit template tmpl
// (":name" takes one non-empty segment, "*name" the rest) and how many
// of tmpl's segments are literal.
func matchSegments(tmpl, segs []string) (literals int, ok bool) {
	for i, t := range tmpl {
		switch {
		case strings.HasPrefix(t, "*"):
			return literals, i <= len(segs)
		case i >= len(segs):
			return 0, false
		case strings.HasPrefix(t, ":"):
			if segs[i] == "" {
				return 0, false
			}
		case t != segs[i]:
			return 0, false
		default:
			literals++
		}
	}
	return literals, len(tmpl) == len(segs)
}
