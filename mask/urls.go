package mask

import "strings"

// maskURL keeps a link's scheme, host and plain path segments, which
// tell editors which site callers mean, and masks what can identify a
// caller: credentials before the host, path segments that look like
// tokens, and the query string and fragment.
func maskURL(u string) string {
	trimmed := strings.TrimRight(u, ".,;:!?")
	tail := u[len(trimmed):]
	u = trimmed
	scheme := ""
	if i := strings.Index(u, "://"); i >= 0 {
		scheme, u = u[:i+3], u[i+3:]
	}
	rest := ""
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		u, rest = u[:i], u[i:i+1]+URL
	}
	host, path, hasPath := strings.Cut(u, "/")
	if i := strings.LastIndex(host, "@"); i >= 0 {
		host = URL + host[i:]
	}
	if hasPath {
		host += "/" + maskPath(path)
	}
	return scheme + host + rest + tail
}

// maskPath masks the path segments that look like tokens.
func maskPath(path string) string {
	segs := strings.Split(path, "/")
	for i, seg := range segs {
		if looksLikeToken(seg) {
			segs[i] = URL
		}
	}
	return strings.Join(segs, "/")
}

// looksLikeToken reports a path segment of token characters that is 16
// or more long, or 6 or more with a digit (session IDs, reset tokens,
// user numbers).
func looksLikeToken(seg string) bool {
	if !tokenSegmentRE.MatchString(seg) {
		return false
	}
	d, _ := countDigits(seg)
	return len(seg) >= 16 || len(seg) >= 6 && d > 0
}
