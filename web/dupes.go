package web

import (
	"bytes"
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/soudan-desk/soudan/corpus"
	"github.com/soudan-desk/soudan/dupes"
)

// DupeFinder is what the duplicate routes need; [dupes.Finder] implements
// it. Errors: *dupes.InvalidError for bad input (TooLong for an oversized
// draft), *dupes.NotFoundError for an unknown entry ID, dupes.ErrNoMarks
// when no marks file is configured (503); anything else is internal. Until
// the server has a DupeFinder (Config.Dupes or Server.SetDupes), the routes
// answer 503.
type DupeFinder interface {
	// Duplicates reports the pairs at or above q.Threshold (0: the
	// finder's default), best first, with their clusters. Marked pairs are
	// left out unless q.All is set.
	Duplicates(ctx context.Context, q dupes.Query) (*dupes.Report, error)
	// Check returns the k existing entries most similar to a draft.
	Check(ctx context.Context, text string, k int) ([]dupes.Match, error)
	// Mark records that entries a and b are not duplicates; marking twice
	// is a no-op.
	Mark(ctx context.Context, a, b string) error
	// Unmark removes that mark; unmarking an unmarked pair is a no-op.
	Unmark(ctx context.Context, a, b string) error
}

// dupesAssets is the duplicate finder's page. It has its own embed so that
// it does not collide with the search page's assets.
//
//go:embed static/dupes.html static/dupes.js static/dupes.css
var dupesAssets embed.FS

// maxDupesBody bounds the JSON bodies of the duplicate routes: a draft of
// dupes.MaxDraftLen characters of 3-byte UTF-8 with JSON escaping fits.
const maxDupesBody = 4*dupes.MaxDraftLen + 4096

// registerDupesRoutes registers the duplicate finder's page and API in the
// editors' group; the page's script and style sheet stay open.
func (s *Server) registerDupesRoutes(r, editor, expensive gin.IRoutes) {
	r.GET("/duplicates/dupes.js", s.handleDupesAsset("static/dupes.js", "text/javascript; charset=utf-8"))
	r.GET("/duplicates/dupes.css", s.handleDupesAsset("static/dupes.css", "text/css; charset=utf-8"))
	editor.GET("/duplicates", s.handleDupesPage)
	expensive.GET("/api/duplicates", s.handleDuplicates)
	expensive.GET("/api/duplicates/diff", s.handleDupesDiff)
	editor.POST("/api/duplicates/marks", s.handleMark)
	editor.DELETE("/api/duplicates/marks", s.handleUnmark)
	expensive.POST("/api/duplicates/check", s.handleDupesCheck)
}

// handleDupesPage serves GET /duplicates, the editors' page.
func (s *Server) handleDupesPage(c *gin.Context) {
	s.handleDupesAsset("static/dupes.html", "text/html; charset=utf-8")(c)
}

// handleDupesAsset serves one embedded file of the page.
func (s *Server) handleDupesAsset(name, contentType string) gin.HandlerFunc {
	return s.handleEmbedded(dupesAssets, name, contentType)
}

// handleEmbedded serves one file of an editors' page, embedded in fsys.
func (s *Server) handleEmbedded(fsys embed.FS, name, contentType string) gin.HandlerFunc {
	return func(c *gin.Context) {
		data, err := fsys.ReadFile(name)
		if err != nil {
			s.respondError(c, err)
			return
		}
		c.Header("Cache-Control", "no-cache")
		c.Header("X-Content-Type-Options", "nosniff")
		c.Data(http.StatusOK, contentType, data)
	}
}

// handleDuplicates serves GET /api/duplicates?threshold=x&all=1&diff=0
// (&limit=n&offset=m to page the pairs): the pairs at or above the
// threshold with scores, diffs, marked flags and clusters. The full report
// is cached per finder and marks version (dupescache.go).
func (s *Server) handleDuplicates(c *gin.Context) {
	f, gen := s.dupes.Load()
	if gen == 0 {
		s.dupeFinder(c)
		return
	}
	q, offset, err := parseDupesQuery(c)
	if err != nil {
		s.respondError(c, err)
		return
	}
	v := reportVersion{finder: gen, localMarks: s.marksVersion.Load()}
	if mv, ok := f.(marksVersioner); ok {
		v.finderMarks = mv.MarksVersion()
	}
	k := reportKey{threshold: q.Threshold, all: q.All, diff: q.Diff}
	cr, ok := s.reports.get(v, k)
	if !ok {
		rep, err := f.Duplicates(c.Request.Context(), dupes.Query{Threshold: q.Threshold, All: q.All, Diff: q.Diff})
		if err == nil {
			cr, err = s.reports.put(v, k, rep)
		}
		if err != nil {
			s.respondError(c, dupesError(err))
			return
		}
	}
	if q.Limit == 0 && offset == 0 {
		c.Data(http.StatusOK, "application/json; charset=utf-8", cr.body)
		return
	}
	c.JSON(http.StatusOK, pageReport(cr.rep, offset, q.Limit))
}

// pagedReport is a page of a report's pairs, with their total.
type pagedReport struct {
	*dupes.Report
	Offset int `json:"offset"`
	Total  int `json:"total"`
}

// pageReport returns the pairs [offset, offset+limit) of rep (limit 0: to
// the end); the clusters are the whole report's.
func pageReport(rep *dupes.Report, offset, limit int) pagedReport {
	page := *rep
	lo := min(offset, len(rep.Pairs))
	hi := len(rep.Pairs)
	if limit > 0 {
		hi = min(lo+limit, hi)
	}
	page.Pairs = rep.Pairs[lo:hi]
	return pagedReport{Report: &page, Offset: offset, Total: len(rep.Pairs)}
}

// parseDupesQuery reads the report's query parameters; every bad one is a
// 400.
func parseDupesQuery(c *gin.Context) (q dupes.Query, offset int, err error) {
	q.Diff = true
	if v, ok := c.GetQuery("threshold"); ok {
		t, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil {
			return q, 0, newError(http.StatusBadRequest, CodeInvalid, fmt.Sprintf("threshold %q is not a number", v))
		}
		if err := dupes.ValidateThreshold(t); err != nil {
			return q, 0, dupesError(err)
		}
		if t == 0 {
			t = 1e-9 // 0 means "the default" to the finder; ask for everything kept
		}
		q.Threshold = t
	}
	if q.All, err = boolParam(c, "all", false); err != nil {
		return q, 0, err
	}
	if q.Diff, err = boolParam(c, "diff", true); err != nil {
		return q, 0, err
	}
	if q.Limit, err = countParam(c, "limit"); err != nil {
		return q, 0, err
	}
	offset, err = countParam(c, "offset")
	return q, offset, err
}

// countParam reads an optional non-negative integer query parameter.
func countParam(c *gin.Context, name string) (int, error) {
	v, ok := c.GetQuery(name)
	if !ok {
		return 0, nil
	}
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n < 0 {
		return 0, newError(http.StatusBadRequest, CodeInvalid, fmt.Sprintf("%s %q must be a non-negative integer", name, v))
	}
	return n, nil
}

// handleDupesDiff serves GET /api/duplicates/diff?a=id&b=id: the
// side-by-side diff of one pair, for a report asked with diff=0.
func (s *Server) handleDupesDiff(c *gin.Context) {
	eng := s.Engine()
	if eng == nil {
		s.respondError(c, errNotReady)
		return
	}
	var es [2]*corpus.Entry
	for i, name := range []string{"a", "b"} {
		id := strings.TrimSpace(c.Query(name))
		if id == "" {
			s.respondError(c, newError(http.StatusBadRequest, CodeInvalid, "give both entry IDs: ?a=id&b=id"))
			return
		}
		e, ok := eng.Corpus().Entry(id)
		if !ok {
			s.respondError(c, newError(http.StatusNotFound, CodeNotFound, fmt.Sprintf("no entry %q", id)))
			return
		}
		es[i] = e
	}
	d := dupes.DiffTexts(dupes.DisplayText(es[0]), dupes.DisplayText(es[1]))
	c.JSON(http.StatusOK, gin.H{"a": es[0].ID, "b": es[1].ID, "diff": d})
}

// boolParam reads an optional boolean query parameter: 1/true/yes/on or
// 0/false/no/off.
func boolParam(c *gin.Context, name string, def bool) (bool, error) {
	v, ok := c.GetQuery(name)
	if !ok {
		return def, nil
	}
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "1", "true", "yes", "on", "":
		return true, nil
	case "0", "false", "no", "off":
		return false, nil
	}
	return false, newError(http.StatusBadRequest, CodeInvalid, fmt.Sprintf("%s=%q: want 1 or 0", name, v))
}

// markRequest is the body of POST and DELETE /api/duplicates/marks.
type markRequest struct {
	A string `json:"a"`
	B string `json:"b"`
}

// handleMark serves POST /api/duplicates/marks {"a":id,"b":id}: mark the
// pair "not a duplicate".
func (s *Server) handleMark(c *gin.Context) {
	s.markOrUnmark(c, true)
}

// handleUnmark serves DELETE /api/duplicates/marks {"a":id,"b":id}
// (or ?a=id&b=id): remove the mark.
func (s *Server) handleUnmark(c *gin.Context) {
	s.markOrUnmark(c, false)
}

func (s *Server) markOrUnmark(c *gin.Context, mark bool) {
	f, ok := s.dupeFinder(c)
	if !ok {
		return
	}
	var req markRequest
	if !mark && c.Request.ContentLength <= 0 && c.Query("a") != "" {
		req.A, req.B = c.Query("a"), c.Query("b")
	} else if err := decodeDupesJSON(c, &req); err != nil {
		s.respondError(c, err)
		return
	}
	req.A, req.B = strings.TrimSpace(req.A), strings.TrimSpace(req.B)
	var err error
	if mark {
		err = f.Mark(c.Request.Context(), req.A, req.B)
	} else {
		err = f.Unmark(c.Request.Context(), req.A, req.B)
	}
	s.marksVersion.Add(1) // the cached reports show the old marks
	if err != nil {
		s.respondError(c, dupesError(err))
		return
	}
	c.JSON(http.StatusOK, gin.H{"a": req.A, "b": req.B, "marked": mark})
}

// checkRequest is the body of POST /api/duplicates/check.
type checkRequest struct {
	Text string `json:"text"`
	K    int    `json:"k"`
}

// handleDupesCheck serves POST /api/duplicates/check {"text":"…","k":10}:
// the existing entries most similar to a draft.
func (s *Server) handleDupesCheck(c *gin.Context) {
	f, ok := s.dupeFinder(c)
	if !ok {
		return
	}
	var req checkRequest
	if err := decodeDupesJSON(c, &req); err != nil {
		s.respondError(c, err)
		return
	}
	if req.K == 0 {
		req.K = 10
	}
	if req.K < 1 || req.K > 50 {
		s.respondError(c, newError(http.StatusBadRequest, CodeInvalid, fmt.Sprintf("k must be between 1 and 50, got %d", req.K)))
		return
	}
	ms, err := f.Check(c.Request.Context(), req.Text, req.K)
	if err != nil {
		s.respondError(c, dupesError(err))
		return
	}
	c.JSON(http.StatusOK, gin.H{"matches": ms})
}

// dupeFinder returns the current duplicate finder, or answers 503 when the
// server has none yet.
func (s *Server) dupeFinder(c *gin.Context) (DupeFinder, bool) {
	f, ok := s.dupes.Get()
	if !ok {
		s.respondError(c, newError(http.StatusServiceUnavailable, CodeUnavailable, "the duplicate finder is being built or is not enabled on this server"))
	}
	return f, ok
}

// decodeDupesJSON reads a JSON body into v: the content type must be
// application/json, the body at most maxDupesBody bytes of valid UTF-8,
// one object with known fields only. The duplicate finder's and the
// search events' routes use it.
func decodeDupesJSON(c *gin.Context, v any) error {
	mt, _, err := mime.ParseMediaType(c.GetHeader("Content-Type"))
	if err != nil || mt != "application/json" {
		return newError(http.StatusUnsupportedMediaType, CodeUnsupportedMedia, "the body must be JSON (Content-Type: application/json)")
	}
	body, err := io.ReadAll(http.MaxBytesReader(c.Writer, c.Request.Body, maxDupesBody))
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return newError(http.StatusRequestEntityTooLarge, CodeTooLarge, fmt.Sprintf("the body exceeds %d bytes", maxDupesBody))
	case err != nil:
		return newError(http.StatusBadRequest, CodeInvalid, "cannot read the request body")
	case !utf8.Valid(body):
		// encoding/json would turn the bad bytes into U+FFFD and store them.
		return invalid("body is not valid UTF-8")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		if errors.Is(err, io.EOF) {
			return newError(http.StatusBadRequest, CodeInvalid, "the body is empty")
		}
		return newError(http.StatusBadRequest, CodeInvalid, "invalid JSON: "+err.Error())
	}
	if dec.More() {
		return newError(http.StatusBadRequest, CodeInvalid, "invalid JSON: more than one value")
	}
	return nil
}

// dupesError maps the finder's errors to API errors.
func dupesError(err error) error {
	var invalid *dupes.InvalidError
	var notFound *dupes.NotFoundError
	switch {
	case errors.As(err, &invalid):
		if invalid.TooLong {
			return newError(http.StatusRequestEntityTooLarge, CodeTooLarge, invalid.Error())
		}
		return newError(http.StatusBadRequest, CodeInvalid, invalid.Error())
	case errors.As(err, &notFound):
		return newError(http.StatusNotFound, CodeNotFound, notFound.Error())
	case errors.Is(err, dupes.ErrNoMarks):
		return newError(http.StatusServiceUnavailable, CodeUnavailable, "marks are not enabled on this server (no store)")
	}
	return err
}
