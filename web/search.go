package web

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/soudan-desk/soudan/api"
	"github.com/soudan-desk/soudan/corpus"
	"github.com/soudan-desk/soudan/metrics"
	"github.com/soudan-desk/soudan/retrieval"
)

// registerSearchRoutes registers the JSON API.
func (s *Server) registerSearchRoutes(r *gin.Engine) {
	r.GET("/healthz", s.handleHealthz)
	r.GET("/api/search", s.handleSearchGet)
	r.POST("/api/search", s.handleSearchPost)
	r.GET("/api/entries/:id", s.handleEntry)
}

// searchRequest is the body of POST /api/search. K is kept raw so that a
// non-integer k ("10", 1.5) is told apart from a missing one.
type searchRequest struct {
	Query string          `json:"query"`
	K     json.RawMessage `json:"k"`
	Kinds []string        `json:"kinds"`
	Debug bool            `json:"debug"`
}

// handleSearchPost answers POST /api/search with a JSON body
// {"query", "k", "kinds", "debug"}.
func (s *Server) handleSearchPost(c *gin.Context) {
	q, err := s.parsePost(c)
	if err != nil {
		s.respondError(c, err)
		return
	}
	s.search(c, q)
}

// handleSearchGet answers GET /api/search?q=…&k=…&kinds=faq,case&debug=1.
func (s *Server) handleSearchGet(c *gin.Context) {
	q, err := parseGet(c.Request.URL.RawQuery)
	if err != nil {
		s.respondError(c, err)
		return
	}
	s.search(c, q)
}

// search validates q, runs it under the search deadline and writes the
// answer. Invalid queries get 4xx even while the index is being built.
func (s *Server) search(c *gin.Context, q retrieval.Query) {
	if err := q.Validate(); err != nil {
		s.respondError(c, err)
		return
	}
	start := time.Now()
	eng, gen := s.engine.Load()
	if gen == 0 {
		s.respondError(c, errNotReady)
		return
	}
	var key string
	if s.cache != nil {
		key = cacheKey(q)
		if body, ok := s.lookup(gen, key); ok {
			countConfidence(confidenceOf(body))
			c.Header(CacheHeader, "hit")
			writeAnswer(c, q.Text, body, time.Since(start))
			return
		}
		c.Header(CacheHeader, "miss")
	}
	ctx, cancel := context.WithTimeout(c.Request.Context(), s.searchTimeout)
	defer cancel()
	resp, err := eng.Search(ctx, q)
	if err != nil {
		s.respondError(c, err)
		return
	}
	metrics.SearchDuration.Observe(resp.Took.Seconds())
	countConfidence(string(resp.Confidence))
	buf := bodyBufs.Get().(*[]byte)
	defer bodyBufs.Put(buf)
	var body []byte
	var ok bool
	*buf, body, ok, err = encodeBody(*buf, s.encoderFor(gen), resp, q.Debug)
	switch {
	case err != nil:
		s.respondError(c, err)
	case !ok:
		c.JSON(http.StatusOK, api.NewSearchResponse(resp, q.Debug))
	default:
		if s.cache != nil && !resp.Degraded {
			s.cache.Put(gen, key, bytes.Clone(body))
		}
		writeAnswer(c, resp.Query, body, resp.Took)
	}
}

// countConfidence counts an answer in soudan_search_confidence_total.
func countConfidence(level string) {
	switch level {
	case "high", "low", "none":
		metrics.SearchConfidence.WithLabelValues(level).Inc()
	}
}

// confidenceOf reads the confidence of a cached answer body: the string
// after the results array. A JSON string cannot hold an unescaped quote,
// so the marker only matches the field itself.
func confidenceOf(body []byte) string {
	const marker = `],"confidence":"`
	i := bytes.Index(body, []byte(marker))
	if i < 0 {
		return ""
	}
	rest := body[i+len(marker):]
	end := bytes.IndexByte(rest, '"')
	if end < 0 {
		return ""
	}
	return string(rest[:end])
}

var errNotReady = newError(http.StatusServiceUnavailable, CodeUnavailable, "the search index is being built; try again in a moment")

// parsePost reads and checks the body of a POST search.
func (s *Server) parsePost(c *gin.Context) (retrieval.Query, error) {
	var q retrieval.Query
	if !isJSONType(c.GetHeader("Content-Type")) {
		return q, newError(http.StatusUnsupportedMediaType, CodeUnsupportedMedia, "Content-Type must be application/json")
	}
	body, err := io.ReadAll(http.MaxBytesReader(c.Writer, c.Request.Body, s.maxBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return q, newError(http.StatusRequestEntityTooLarge, CodeTooLarge, fmt.Sprintf("request body is over %d bytes", s.maxBody))
		}
		return q, newError(http.StatusBadRequest, CodeInvalid, "cannot read the request body")
	}
	if !utf8.Valid(body) {
		return q, invalid("body is not valid UTF-8")
	}
	req, err := decodeSearchRequest(body)
	if err != nil {
		return q, err
	}
	q.Text, q.Debug = req.Query, req.Debug
	if k := bytes.TrimSpace(req.K); len(k) > 0 && string(k) != "null" {
		if q.K, err = parseK(string(k)); err != nil {
			return q, err
		}
	}
	if q.Kinds, err = parseKinds(req.Kinds); err != nil {
		return q, err
	}
	return q, nil
}

// parseGet reads the query string of a GET search.
func parseGet(raw string) (retrieval.Query, error) {
	var q retrieval.Query
	vals, err := url.ParseQuery(raw)
	if err != nil {
		return q, invalid("malformed query string")
	}
	for key, vs := range vals {
		for _, v := range append([]string{key}, vs...) {
			if !utf8.ValidString(v) {
				return q, invalid("query string is not valid UTF-8")
			}
		}
	}
	q.Text = vals.Get("q")
	if k := vals.Get("k"); k != "" {
		if q.K, err = parseK(k); err != nil {
			return q, err
		}
	}
	var kinds []string
	for _, v := range vals["kinds"] {
		for _, k := range strings.Split(v, ",") {
			if k = strings.TrimSpace(k); k != "" {
				kinds = append(kinds, k)
			}
		}
	}
	if q.Kinds, err = parseKinds(kinds); err != nil {
		return q, err
	}
	switch d := vals.Get("debug"); d {
	case "", "0", "false":
	case "1", "true":
		q.Debug = true
	default:
		return q, invalid(fmt.Sprintf("debug must be 1 or 0, got %q", d))
	}
	return q, nil
}

// parseK reads k, which must be an integer from 1 to retrieval.MaxK.
func parseK(s string) (int, error) {
	k, err := strconv.Atoi(s)
	if err != nil || k < 1 || k > retrieval.MaxK {
		return 0, &retrieval.InvalidError{Field: "k", Message: fmt.Sprintf("k must be an integer from 1 to %d, got %.20s", retrieval.MaxK, s)}
	}
	return k, nil
}

func parseKinds(names []string) ([]corpus.Kind, error) {
	kinds := make([]corpus.Kind, 0, len(names))
	for _, n := range names {
		k, err := corpus.ParseKind(n)
		if err != nil {
			return nil, &retrieval.InvalidError{Field: "kinds", Message: err.Error()}
		}
		kinds = append(kinds, k)
	}
	return kinds, nil
}

func invalid(msg string) error { return newError(http.StatusBadRequest, CodeInvalid, msg) }

// jsonProblem describes a decoding error without echoing the body.
func jsonProblem(err error) string {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return fmt.Sprintf("malformed JSON at byte %d", syn.Offset)
	case errors.As(err, &typ):
		return fmt.Sprintf("field %q has the wrong type (%s)", typ.Field, typ.Value)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "empty or truncated JSON"
	case strings.HasPrefix(err.Error(), "json: unknown field"):
		return strings.TrimPrefix(err.Error(), "json: ")
	}
	return "malformed JSON"
}

// handleHealthz answers GET /healthz: 200 with the entry count once the
// index is ready, 503 before.
func (s *Server) handleHealthz(c *gin.Context) {
	eng := s.Engine()
	if eng == nil {
		s.respondError(c, errNotReady)
		return
	}
	c.JSON(http.StatusOK, api.HealthResponse{Status: "ok", Entries: len(eng.Corpus().Entries)})
}

// handleEntry answers GET /api/entries/:id with the entry and its place in
// the manual (parent, siblings, children).
func (s *Server) handleEntry(c *gin.Context) {
	id := c.Param("id")
	if !utf8.ValidString(id) {
		s.respondError(c, invalid("entry id is not valid UTF-8"))
		return
	}
	eng := s.Engine()
	if eng == nil {
		s.respondError(c, errNotReady)
		return
	}
	cp := eng.Corpus()
	e, ok := cp.Entry(id)
	if !ok {
		s.respondError(c, newError(http.StatusNotFound, CodeNotFound, fmt.Sprintf("no entry with id %.64q", id)))
		return
	}
	n, _ := cp.Node(id)
	c.JSON(http.StatusOK, api.NewEntryResponse(e, n))
}
