package web

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/soudan-desk/soudan/insights"
)

// Insights is what the search-event and insights routes need;
// [insights.Service] implements it. Errors: *insights.InvalidError (400),
// insights.ErrNotRecording (answered as "not recorded"), store.ErrNotFound
// (404), *store.UnavailableError (503 naming the cause).
type Insights interface {
	// RecordSearch masks and stores a finished search, returning its ID.
	RecordSearch(ctx context.Context, e insights.SearchEvent) (string, error)
	// RecordFeedback stores staff's verdict on a recorded search.
	RecordFeedback(ctx context.Context, e insights.FeedbackEvent) (string, error)
	// Report builds the insights of a period.
	Report(ctx context.Context, q insights.Query) (*insights.Report, error)
	// DeleteSearch deletes a stored search and its feedback.
	DeleteSearch(ctx context.Context, id string) error
	// Recording reports whether searches are recorded (no --no-record).
	Recording() bool
}

// insightsAssets is the editors' insights page.
//
//go:embed static/insights.html static/insights.js static/insights.css
var insightsAssets embed.FS

// registerInsightsRoutes registers the staff page's search events (open to
// staff, Origin-checked like every POST, and bounded per client:
// limitStaffWrites) and the editors' insights page and
// API (in the editors' group; the reports, which read a whole period, in
// its expensive part).
func (s *Server) registerInsightsRoutes(r gin.IRoutes, editor, expensive gin.IRoutes) {
	r.POST("/api/searches", s.limitStaffWrites, s.handleRecordSearch)
	r.POST("/api/feedback", s.limitStaffWrites, s.handleFeedback)
	r.GET("/insights/insights.js", s.handleInsightsAsset("static/insights.js", "text/javascript; charset=utf-8"))
	r.GET("/insights/insights.css", s.handleInsightsAsset("static/insights.css", "text/css; charset=utf-8"))
	editor.GET("/insights", s.handleInsightsAsset("static/insights.html", "text/html; charset=utf-8"))
	expensive.GET("/api/insights", s.handleInsights(""))
	for _, part := range []string{"daily", "groups", "entries", "unseen", "recent"} {
		expensive.GET("/api/insights/"+part, s.handleInsights(part))
	}
	expensive.GET("/api/insights/searches.csv", s.handleInsightsCSV)
	editor.DELETE("/api/insights/searches/:id", s.handleDeleteSearch)
}

// recording reports whether the staff page should send search events.
func (s *Server) recording() bool { return s.insights != nil && s.insights.Recording() }

// insightsReady answers 503 when the server has no insights service.
func (s *Server) insightsReady(c *gin.Context) bool {
	if s.insights == nil {
		s.respondError(c, newError(http.StatusServiceUnavailable, CodeUnavailable, "search insights are not enabled on this server"))
		return false
	}
	return true
}

// insightsError maps the service's own errors; the store's are mapped by
// respondError.
func insightsError(err error) error {
	var inv *insights.InvalidError
	if errors.As(err, &inv) {
		return newError(http.StatusBadRequest, CodeInvalid, inv.Error())
	}
	return err
}

// handleRecordSearch serves POST /api/searches
// {"query","confidence","results":[ids],"event":"copy|open|feedback|idle"}:
// the staff page reports a finished search. 201 {"id","recorded":true};
// 200 {"recorded":false} when recording is off. The query is masked
// before it is stored and never logged.
func (s *Server) handleRecordSearch(c *gin.Context) {
	if !s.insightsReady(c) {
		return
	}
	var ev insights.SearchEvent
	if err := decodeDupesJSON(c, &ev); err != nil {
		s.respondError(c, err)
		return
	}
	id, err := s.insights.RecordSearch(c.Request.Context(), ev)
	s.answerRecorded(c, id, err)
}

// handleFeedback serves POST /api/feedback
// {"search_id","verdict":"helpful|none","entry_id"}: 「この回答で対応できた」
// (helpful, naming the entry) or 「該当なし」 (none) on a recorded search.
func (s *Server) handleFeedback(c *gin.Context) {
	if !s.insightsReady(c) {
		return
	}
	var ev insights.FeedbackEvent
	if err := decodeDupesJSON(c, &ev); err != nil {
		s.respondError(c, err)
		return
	}
	id, err := s.insights.RecordFeedback(c.Request.Context(), ev)
	s.answerRecorded(c, id, err)
}

func (s *Server) answerRecorded(c *gin.Context, id string, err error) {
	switch {
	case errors.Is(err, insights.ErrNotRecording):
		c.JSON(http.StatusOK, gin.H{"recorded": false})
	case err != nil:
		s.respondError(c, insightsError(err))
	default:
		c.JSON(http.StatusCreated, gin.H{"id": id, "recorded": true})
	}
}

// report reads ?days= (1 to insights.MaxDays; absent: the default) and
// builds the report.
func (s *Server) report(c *gin.Context) (*insights.Report, bool) {
	if !s.insightsReady(c) {
		return nil, false
	}
	var q insights.Query
	if v, ok := c.GetQuery("days"); ok {
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil {
			s.respondError(c, newError(http.StatusBadRequest, CodeInvalid, fmt.Sprintf("days %.20q is not a whole number", v)))
			return nil, false
		}
		if err := insights.CheckDays(n); err != nil { // 0 too: only an absent days means the default
			s.respondError(c, insightsError(err))
			return nil, false
		}
		q.Days = n
	}
	rep, err := s.insights.Report(c.Request.Context(), q)
	if err != nil {
		s.respondError(c, insightsError(err))
		return nil, false
	}
	return rep, true
}

// handleInsights serves GET /api/insights?days=N (the whole report) and
// GET /api/insights/{daily,groups,entries,unseen,recent}?days=N (one part,
// with the period): searches per day with the unanswered share; the
// unanswered and low-confidence searches grouped by similarity; feedback
// per entry; the entries no search showed; the latest stored searches.
func (s *Server) handleInsights(part string) gin.HandlerFunc {
	return func(c *gin.Context) {
		rep, ok := s.report(c)
		if !ok {
			return
		}
		c.Header("Cache-Control", "no-store")
		if part == "" {
			c.JSON(http.StatusOK, rep)
			return
		}
		body := gin.H{"from": rep.From, "to": rep.To, "days": rep.Days}
		switch part {
		case "daily":
			body["daily"], body["totals"] = rep.Daily, rep.Totals
		case "groups":
			body["groups"] = rep.Groups
		case "entries":
			body["entries"] = rep.Entries
		case "unseen":
			body["unseen"], body["entries_total"] = rep.Unseen, rep.EntriesTotal
		case "recent":
			body["recent"] = rep.Recent
		}
		c.JSON(http.StatusOK, body)
	}
}

// handleInsightsCSV serves GET /api/insights/searches.csv?days=N: the
// period's searches, masked, one row each, for a spreadsheet.
func (s *Server) handleInsightsCSV(c *gin.Context) {
	rep, ok := s.report(c)
	if !ok {
		return
	}
	var buf bytes.Buffer
	if err := rep.WriteCSV(&buf); err != nil {
		s.respondError(c, err)
		return
	}
	c.Header("Cache-Control", "no-store")
	c.Header("Content-Disposition", fmt.Sprintf(`attachment; filename="soudan-searches-%s_%s.csv"`, rep.From, rep.To))
	c.Data(http.StatusOK, "text/csv; charset=utf-8", buf.Bytes())
}

// handleDeleteSearch serves DELETE /api/insights/searches/:id: an editor
// deletes a stored search and its feedback (for example when masking
// missed a name). 404 when it is not stored.
func (s *Server) handleDeleteSearch(c *gin.Context) {
	if !s.insightsReady(c) {
		return
	}
	id := c.Param("id")
	if err := s.insights.DeleteSearch(c.Request.Context(), id); err != nil {
		s.respondError(c, insightsError(err))
		return
	}
	c.JSON(http.StatusOK, gin.H{"id": id, "deleted": true})
}

// handleInsightsAsset serves one embedded file of the insights page.
func (s *Server) handleInsightsAsset(name, contentType string) gin.HandlerFunc {
	return s.handleEmbedded(insightsAssets, name, contentType)
}
