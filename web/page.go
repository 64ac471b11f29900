package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"html/template"
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/soudan-desk/soudan/corpus"
)

// The staff page: one template and its script and style sheet, embedded so
// the binary serves them with no network access.
var (
	//go:embed tmpl/search.tmpl
	tmplFS embed.FS
	//go:embed static/app.js static/app.css static/errors.js
	staticFS embed.FS

	searchTmpl = template.Must(template.ParseFS(tmplFS, "tmpl/search.tmpl"))
)

// asset is an embedded file served under /ui/ with a content hash in its
// URL, so browsers may cache it for long.
type asset struct {
	data        []byte
	contentType string
	version     string
}

var assets = map[string]asset{
	"app.js":  loadAsset("static/app.js", "text/javascript; charset=utf-8"),
	"app.css": loadAsset("static/app.css", "text/css; charset=utf-8"),
	// errors.js is shared by the staff page and the editors' pages.
	"errors.js": loadAsset("static/errors.js", "text/javascript; charset=utf-8"),
}

func loadAsset(name, contentType string) asset {
	data, err := staticFS.ReadFile(name)
	if err != nil {
		panic(err) // embedded: always there
	}
	sum := sha256.Sum256(data)
	return asset{data: data, contentType: contentType, version: hex.EncodeToString(sum[:6])}
}

// searchPage is the data of the staff search page.
type searchPage struct {
	Query  string
	Kinds  []kindOption
	Script string // URL of the script, with its version
	Style  string // URL of the style sheet, with its version
	Errors string // URL of the shared error helper, with its version
	// Record tells the script to report finished searches and show the
	// feedback buttons.
	Record bool
}

type kindOption struct {
	Value   string
	Label   string
	Checked bool
}

// populateSearchPage builds the page data from the request's query string
// (q and kinds), so that a shared or reloaded URL shows the same search.
func populateSearchPage(vals url.Values) searchPage {
	p := searchPage{
		Query:  vals.Get("q"),
		Script: "/ui/app.js?v=" + assets["app.js"].version,
		Style:  "/ui/app.css?v=" + assets["app.css"].version,
		Errors: "/ui/errors.js?v=" + assets["errors.js"].version,
	}
	selected := map[string]bool{}
	for _, v := range vals["kinds"] {
		for _, k := range strings.Split(v, ",") {
			if _, err := corpus.ParseKind(strings.TrimSpace(k)); err == nil {
				selected[strings.TrimSpace(k)] = true
			}
		}
	}
	// An empty kinds= is the page's "none checked"; without kinds, all are.
	none := len(selected) == 0 && vals.Has("kinds") && strings.TrimSpace(strings.Join(vals["kinds"], "")) == ""
	for _, k := range corpus.Kinds {
		p.Kinds = append(p.Kinds, kindOption{
			Value:   string(k),
			Label:   k.Label(),
			Checked: !none && (len(selected) == 0 || selected[string(k)]),
		})
	}
	return p
}

// registerPageRoutes registers the staff page and its assets.
func (s *Server) registerPageRoutes(r *gin.Engine) {
	r.GET("/", s.handleIndex)
	r.GET("/ui/:file", s.handleAsset)
	// No icon: 204, so that a browser's request logs no 404.
	r.GET("/favicon.ico", func(c *gin.Context) {
		c.Header("Cache-Control", "public, max-age=86400")
		c.Status(http.StatusNoContent)
	})
}

// handleIndex answers GET / with the staff search page.
func (s *Server) handleIndex(c *gin.Context) {
	vals, err := url.ParseQuery(c.Request.URL.RawQuery)
	if err != nil {
		vals = url.Values{}
	}
	var buf bytes.Buffer
	page := populateSearchPage(vals)
	page.Record = s.recording()
	if err := searchTmpl.Execute(&buf, page); err != nil {
		s.respondError(c, err)
		return
	}
	// The page restored from ?q= holds a caller's words: not for the
	// disk cache.
	c.Header("Cache-Control", "no-store")
	c.Data(http.StatusOK, "text/html; charset=utf-8", buf.Bytes())
}

// handleAsset answers GET /ui/:file with an embedded script or style sheet.
func (s *Server) handleAsset(c *gin.Context) {
	a, ok := assets[c.Param("file")]
	if !ok {
		s.respondError(c, newError(http.StatusNotFound, CodeNotFound, "no such file"))
		return
	}
	if c.Query("v") == a.version {
		c.Header("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		c.Header("Cache-Control", "no-cache")
	}
	c.Data(http.StatusOK, a.contentType, a.data)
}
