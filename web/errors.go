package web

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/soudan-desk/soudan/api"
	"github.com/soudan-desk/soudan/retrieval"
	"github.com/soudan-desk/soudan/store"
)

// Error codes returned in {"error": {"code", "message"}}.
const (
	CodeInvalid          = "invalid"                // 400
	CodeUnauthorized     = "unauthorized"           // 401
	CodeForbidden        = "forbidden"              // 403
	CodeNotFound         = "not_found"              // 404
	CodeMethod           = "method_not_allowed"     // 405
	CodeTimeout          = "request_timeout"        // 408
	CodeTooLarge         = "too_large"              // 413, 431
	CodeUnsupportedMedia = "unsupported_media_type" // 415
	CodeMisdirected      = "misdirected_request"    // 421
	CodeTooMany          = "too_many_requests"      // 429
	CodeNotImplemented   = "not_implemented"        // 501
	CodeUnavailable      = "unavailable"            // 503
	CodeInternal         = "internal"               // 500, never for client input
)

// Error is an API error with a code and an HTTP status.
type Error struct {
	Status  int
	Code    string
	Message string
	// RetryAfter, when positive, is sent as the Retry-After header (in
	// whole seconds, rounded up).
	RetryAfter time.Duration
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }

// newError builds an API error.
func newError(status int, code, msg string) *Error {
	return &Error{Status: status, Code: code, Message: msg}
}

// respondError writes err as the JSON error body. It is the one place that
// maps errors to HTTP status.
func (s *Server) respondError(c *gin.Context, err error) {
	var apiErr *Error
	var invalid *retrieval.InvalidError
	var tooBig *http.MaxBytesError
	var storeDown *store.UnavailableError
	var storeInvalid *store.InvalidError
	switch {
	case bodyTimedOut(c):
		apiErr = newError(http.StatusRequestTimeout, CodeTimeout, "the request body arrived too slowly")
		c.Header("Connection", "close")
	case errors.As(err, &apiErr):
	case errors.As(err, &invalid):
		apiErr = newError(http.StatusBadRequest, CodeInvalid, invalid.Error())
		if invalid.TooLong {
			apiErr.Status, apiErr.Code = http.StatusRequestEntityTooLarge, CodeTooLarge
		}
	case errors.As(err, &tooBig):
		apiErr = newError(http.StatusRequestEntityTooLarge, CodeTooLarge, "request body is too large")
	case errors.As(err, &storeDown):
		apiErr = newError(http.StatusServiceUnavailable, CodeUnavailable, storeDown.Error())
	case errors.As(err, &storeInvalid):
		apiErr = newError(http.StatusBadRequest, CodeInvalid, storeInvalid.Error())
	case errors.Is(err, store.ErrNotFound):
		apiErr = newError(http.StatusNotFound, CodeNotFound, "no such stored search")
	case errors.Is(err, context.DeadlineExceeded):
		s.log.Warn("search timed out", slog.String("route", s.routeOf(c)))
		apiErr = newError(http.StatusServiceUnavailable, CodeUnavailable, "search timed out; try again")
	case errors.Is(err, context.Canceled):
		// The client went away; nobody reads this answer.
		apiErr = newError(http.StatusServiceUnavailable, CodeUnavailable, "request canceled")
	default:
		s.log.Error("internal error", slog.String("route", s.routeOf(c)), slog.Any("err", err))
		apiErr = newError(http.StatusInternalServerError, CodeInternal, "internal error")
	}
	if apiErr.RetryAfter > 0 {
		c.Header("Retry-After", retryAfterSeconds(apiErr.RetryAfter))
	}
	if c.Writer.Header().Get("Cache-Control") == "" {
		c.Header("Cache-Control", "no-store") // messages can quote what the client sent
	}
	c.AbortWithStatusJSON(apiErr.Status, api.ErrorResponse{Error: api.ErrorDetail{Code: apiErr.Code, Message: apiErr.Message}})
}

// retryAfterSeconds is d as a Retry-After value: whole seconds, rounded up.
func retryAfterSeconds(d time.Duration) string {
	return strconv.Itoa(int((d + time.Second - 1) / time.Second))
}
