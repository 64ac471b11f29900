package web

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/soudan-desk/soudan/metrics"
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
		s.log.Error("panic", slog.String("method", methodLabel(c.Request)), slog.String("route", s.routeOf(c)),
			slog.String("panic", fmt.Sprint(v)), slog.String("stack", string(debug.Stack())))
		if c.Writer.Written() {
			c.Abort()
			return
		}
		s.respondError(c, newError(http.StatusInternalServerError, CodeInternal, "internal error"))
	}()
	c.Next()
}

// logRequests logs one line per request and records it in the HTTP
// latency histogram, both by route template (routeOf) and method
// (methodLabel). It never logs the path, the query string or the body:
// they hold what a caller told the desk (/api/search/<text>,
// /api/entries/<text>).
func (s *Server) logRequests(c *gin.Context) {
	start := time.Now()
	c.Next()
	status := c.Writer.Status()
	route, m := s.routeOf(c), methodLabel(c.Request)
	metrics.HTTPRequestDuration.WithLabelValues(m, route, strconv.Itoa(status)).
		Observe(time.Since(start).Seconds())
	s.log.LogAttrs(c.Request.Context(), requestLevel(route, status), "request",
		slog.String("method", m),
		slog.String("route", route),
		slog.Int("status", c.Writer.Status()),
		slog.Float64("ms", float64(time.Since(start).Microseconds())/1000),
		slog.Int("bytes", max(c.Writer.Size(), 0)))
}

// routeOf is the route template a request matched ("/api/entries/:id"),
// the template its path matches under another method when it was
// answered 405, or "unmatched": never the raw path, which can hold caller
// text and would make one metrics label per path.
func (s *Server) routeOf(c *gin.Context) string {
	if route := c.FullPath(); route != "" {
		return route
	}
	if c.Writer.Status() == http.StatusMethodNotAllowed {
		if route := s.templates.match(c.Request.URL.Path); route != "" {
			return route
		}
	}
	return "unmatched"
}

// methodLabel is the request's method when it is a standard one, else
// "other": net/http accepts any token as a method, and each would
// otherwise be a new label.
func methodLabel(r *http.Request) string {
	switch m := method(r); m {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
		http.MethodDelete, http.MethodOptions, http.MethodConnect, http.MethodTrace:
		return m
	}
	return "other"
}

// requestLevel is the log level of a request's line. Health probes are
// debug: a supervisor asks every few seconds, and until the index is
// built each answer is a 503 that says nothing new. Other 503s (not ready
// yet, busy, timed out) are expected in operation and logged as info; the
// timeouts get their own warning where they happen.
func requestLevel(route string, status int) slog.Level {
	switch {
	case route == "/healthz" && (status == http.StatusOK || status == http.StatusServiceUnavailable):
		return slog.LevelDebug
	case status == http.StatusServiceUnavailable:
		return slog.LevelInfo
	case status >= 500:
		return slog.LevelError
	case status >= 400:
		return slog.LevelWarn
	}
	return slog.LevelInfo
}

// checkQuery answers 400 to a malformed query string (a bad percent
// escape such as threshold=%zz, or a semicolon), which handlers would
// otherwise read as if the parameter were absent.
func (s *Server) checkQuery(c *gin.Context) {
	if _, err := url.ParseQuery(c.Request.URL.RawQuery); err != nil {
		s.respondError(c, newError(http.StatusBadRequest, CodeInvalid, "malformed query string: "+err.Error()))
		return
	}
	c.Next()
}

// watchBody wraps the request body so that a read that hits the server's
// read deadline (a client uploading too slowly) is answered with 408
// whatever the handler makes of the failed read.
func (s *Server) watchBody(c *gin.Context) {
	if c.Request.Body != nil && c.Request.Body != http.NoBody {
		tb := &timeoutBody{ReadCloser: c.Request.Body}
		c.Request.Body = tb
		c.Set(bodyKey, tb)
	}
	c.Next()
}

const bodyKey = "soudan.body"

// timeoutBody records whether a read failed on a timeout.
type timeoutBody struct {
	io.ReadCloser
	timedOut bool
}

func (b *timeoutBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	var ne net.Error
	if err != nil && (errors.As(err, &ne) && ne.Timeout() || errors.Is(err, os.ErrDeadlineExceeded)) {
		b.timedOut = true
	}
	return n, err
}

// bodyTimedOut reports whether reading c's body hit the read deadline.
func bodyTimedOut(c *gin.Context) bool {
	v, ok := c.Get(bodyKey)
	tb, _ := v.(*timeoutBody)
	return ok && tb != nil && tb.timedOut
}

// secureHeaders sets headers that keep pages and answers from being
// sniffed, framed or mixed with other origins' scripts, stored or quoted
// in a Referer. It runs before the Host and Origin checks, so that their
// refusals carry them too.
func (s *Server) secureHeaders(c *gin.Context) {
	h := c.Writer.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	// No referrer: the staff page's URL holds the caller's words (?q=…),
	// and under "same-origin" every request it made carried them in
	// Referer, into a reverse proxy's access log. The login form sets
	// "same-origin" (loginPage): under "no-referrer" Chromium sends its
	// POST "Origin: null", which checkOrigin refuses.
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
	if strings.HasPrefix(c.Request.URL.Path, "/api/") {
		// Answers hold callers' words (the search echoes its query) and
		// editors' data: not for a browser's disk or a proxy's cache.
		// A handler may set its own.
		h.Set("Cache-Control", "no-store")
	} else {
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
	}
	c.Next()
}

// handleNoRoute answers every path no route matches with a JSON 404;
// under the editors' API, only once the editor token is shown (401
// before), so that the routes cannot be mapped without it.
func (s *Server) handleNoRoute(c *gin.Context) {
	if s.editorOnly(c) {
		return
	}
	s.respondError(c, newError(http.StatusNotFound, CodeNotFound, "no such route: "+c.Request.URL.Path))
}

// handleNoMethod answers a known path asked with the wrong method with a
// JSON 405. gin has set the Allow header from the routes; every GET route
// answers HEAD too (ServeHTTP), so the header says so.
func (s *Server) handleNoMethod(c *gin.Context) {
	if s.editorOnly(c) {
		return
	}
	msg := fmt.Sprintf("method %s is not allowed here", method(c.Request))
	if allow := c.Writer.Header().Get("Allow"); allow != "" {
		if methods := strings.Split(allow, ", "); slices.Contains(methods, http.MethodGet) && !slices.Contains(methods, http.MethodHead) {
			allow += ", " + http.MethodHead
			c.Writer.Header().Set("Allow", allow)
		}
		msg += "; use " + allow
	}
	s.respondError(c, newError(http.StatusMethodNotAllowed, CodeMethod, msg))
}
