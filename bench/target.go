package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// Target turns one query text into an HTTP request to the server under load.
type Target interface {
	Request(ctx context.Context, query string) (*http.Request, error)
}

// Soudan targets soudan's POST /api/search, as the staff page sends it.
type Soudan struct {
	Base string // e.g. http://127.0.0.1:8080
	K    int    // results asked for; 0 leaves the server's default
	raw  rawAddr
}

// NewSoudan checks base and returns a target for its /api/search.
func NewSoudan(base string, k int) (*Soudan, error) {
	u, err := parseBase(base)
	if err != nil {
		return nil, err
	}
	t := &Soudan{Base: strings.TrimRight(u.String(), "/"), K: k}
	t.raw = newRawAddr(u, strings.TrimRight(u.EscapedPath(), "/"))
	return t, nil
}

// Request builds POST {Base}/api/search with {"query":…,"k":…}.
func (t *Soudan) Request(ctx context.Context, query string) (*http.Request, error) {
	body := struct {
		Query string `json:"query"`
		K     int    `json:"k,omitempty"`
	}{query, t.K}
	data, err := json.Marshal(body)
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, t.Base+"/api/search", bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	return req, nil
}

// Template targets a GET URL in which every "{q}" is replaced by the query,
// escaped for a URL query component: for example Groonga's
// http://127.0.0.1:10041/d/select?table=Entries&match_columns=text&query={q}.
type Template struct {
	URL string
	raw rawAddr
}

// Placeholder is where [Template] puts the query.
const Placeholder = "{q}"

// NewTemplate checks that tmpl is an http(s) URL holding [Placeholder].
func NewTemplate(tmpl string) (*Template, error) {
	if !strings.Contains(tmpl, Placeholder) {
		return nil, fmt.Errorf("URL template %q has no %s", tmpl, Placeholder)
	}
	u, err := parseBase(strings.ReplaceAll(tmpl, Placeholder, "x"))
	if err != nil {
		return nil, err
	}
	t := &Template{URL: tmpl}
	// The request target: the template from its path on, as written.
	if _, rest, ok := strings.Cut(tmpl, "://"); ok && u.Fragment == "" && u.User == nil {
		if i := strings.IndexByte(rest, '/'); i >= 0 && !strings.Contains(rest[:i], Placeholder) {
			t.raw = newRawAddr(u, rest[i:])
		}
	}
	return t, nil
}

// Request builds GET with the query put into the template.
func (t *Template) Request(ctx context.Context, query string) (*http.Request, error) {
	u := strings.ReplaceAll(t.URL, Placeholder, url.QueryEscape(query))
	return http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
}

// parseBase checks that s is an absolute http(s) URL with a host.
func parseBase(s string) (*url.URL, error) {
	u, err := url.Parse(s)
	if err != nil {
		return nil, fmt.Errorf("bad URL %q: %v", s, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("bad URL %q: want http:// or https://", s)
	}
	if u.Host == "" {
		return nil, fmt.Errorf("bad URL %q: no host", s)
	}
	return u, nil
}
