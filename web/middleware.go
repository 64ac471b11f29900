package web

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
)

// recoverPanics turns a panic in a handler into a logged JSON 500. Client
// input never gets here: handlers validate it and answer 4xx. A panic is a
// bug.
func (s *Server) recoverPanics(c *gin.Context) {
	defer func() {
		v := recover()
		if v == nil {
			return
		}
		if err, ok := v.(error); ok && errors.Is(err, http.ErrAbortHandler) {
			panic(v) // net/http's way to abort a response; let it through
		}
		s.log.Error("panic", slog.String("method", c.Request.Method), slog.String("path", c.Request.URL.Path),
			slog.String("panic", fmt.Sprint(v)), slog.String("stack", string(debug.Stack())))
		if c.Writer.Written() {
			c.Abort()
			return
		}
		s.respondError(c, newError(http.StatusInternalServerError, CodeInternal, "internal error"))
	}()
	c.Next()
}

// logRequests logs one line per request. It logs the path but never the
// query string or body: they hold what a caller told the desk.
func (s *Server) logRequests(c *gin.Context) {
	start := time.Now()
	c.Next()
	level := slog.LevelInfo
	switch status := c.Writer.Status(); {
	case status >= 500 && status != http.StatusServiceUnavailable:
		level = slog.LevelError
	case status >= 400:
		level = slog.LevelWarn
	}
	s.log.LogAttrs(c.Request.Context(), level, "request",
		slog.String("method", c.Request.Method),
		slog.String("path", c.Request.URL.Path),
		slog.Int("status", c.Writer.Status()),
		slog.Float64("ms", float64(time.Since(start).Microseconds())/1000),
		slog.Int("bytes", max(c.Writer.Size(), 0)))
}

// secureHeaders sets headers that keep pages and answers from being
// sniffed, framed or mixed with other origins' scripts.
func (s *Server) secureHeaders(c *gin.Context) {
	h := c.Writer.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
	if !strings.HasPrefix(c.Request.URL.Path, "/api/") {
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
	}
	c.Next()
}

// handleNoRoute answers every path no route matches with a JSON 404.
func (s *Server) handleNoRoute(c *gin.Context) {
	s.respondError(c, newError(http.StatusNotFound, CodeNotFound, "no such route: "+c.Request.URL.Path))
}

// handleNoMethod answers a known path asked with the wrong method with a
// JSON 405. gin has set the Allow header.
func (s *Server) handleNoMethod(c *gin.Context) {
	msg := fmt.Sprintf("method %s is not allowed here", c.Request.Method)
	if allow := c.Writer.Header().Get("Allow"); allow != "" {
		msg += "; use " + allow
	}
	s.respondError(c, newError(http.StatusMethodNotAllowed, CodeMethod, msg))
}
