// Package insights records the staff's finished searches and feedback,
// masked, and turns them into what editors need to improve the manual:
// the calls the manual does not answer (grouped by similarity), the
// entries staff found helpful or not, the entries no search showed, and
// searches per day with the unanswered share. Days are counted in
// Asia/Tokyo.
//
// A [Service] masks every query (package mask) before it reaches the
// store, and deletes records older than the retention period. Nothing
// here logs query text.
package insights

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/soudan-desk/soudan/corpus"
	"github.com/soudan-desk/soudan/store"
)

// Store is what the service needs of a [store.Store].
type Store interface {
	AddSearch(ctx context.Context, s store.Search) error
	AddFeedback(ctx context.Context, f store.Feedback) error
	DeleteSearch(ctx context.Context, id string) error
	Searches(ctx context.Context, p store.Period) ([]store.Search, error)
	Feedback(ctx context.Context, p store.Period) ([]store.Feedback, error)
	Purge(ctx context.Context, before time.Time) (int64, error)
}

// Limits on what the page may send.
const (
	MaxQueryLen = 2000 // characters, as a search
	MaxResults  = 50   // entry IDs per search
	MaxDays     = 366
	DefaultDays = 30
	// DefaultRetention is how long searches and feedback are kept.
	DefaultRetention = 90 * 24 * time.Hour
)

// Events that finish a search on the staff page.
var Events = []string{"copy", "open", "feedback", "idle"}

// Confidences a search response can carry ("" when the server sent none).
var Confidences = []string{"high", "low", "none", ""}

// ErrNotRecording is returned by the recording methods when recording is
// switched off (--no-record).
var ErrNotRecording = errors.New("insights: recording is switched off on this server (--no-record)")

// InvalidError is a search or feedback event the service refuses.
type InvalidError struct{ Message string }

func (e *InvalidError) Error() string { return e.Message }

// Config configures a Service.
type Config struct {
	Store Store
	// Mask scrubs a query; it must be set.
	Mask func(string) string
	// Corpus returns the corpus being served (it follows reloads); nil
	// leaves titles and the unseen-entries list empty.
	Corpus func() *corpus.Corpus
	// Retention is how long records are kept (DefaultRetention).
	Retention time.Duration
	// NoRecord switches recording off; reports still read the store.
	NoRecord bool
	Logger   *slog.Logger
	// Now is the clock (time.Now).
	Now func() time.Time
}

// Service records and reports. It is safe for concurrent use.
type Service struct {
	cfg Config
}

// New returns a Service.
func New(cfg Config) *Service {
	if cfg.Retention <= 0 {
		cfg.Retention = DefaultRetention
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	return &Service{cfg: cfg}
}

// Recording reports whether searches are recorded.
func (s *Service) Recording() bool { return !s.cfg.NoRecord }

// Retention is how long records are kept.
func (s *Service) Retention() time.Duration { return s.cfg.Retention }

// SearchEvent is a finished search as the staff page reports it.
type SearchEvent struct {
	Query      string   `json:"query"`
	Confidence string   `json:"confidence"`
	Results    []string `json:"results"`
	Event      string   `json:"event"`
}

// Validate checks an event's fields.
func (e *SearchEvent) Validate() error {
	switch {
	case !utf8.ValidString(e.Query):
		return &InvalidError{"query is not valid UTF-8"}
	case strings.TrimSpace(e.Query) == "":
		return &InvalidError{"query is empty"}
	case utf8.RuneCountInString(e.Query) > MaxQueryLen:
		return &InvalidError{fmt.Sprintf("query is longer than %d characters", MaxQueryLen)}
	case !oneOf(e.Event, Events):
		return &InvalidError{fmt.Sprintf("event must be one of %s", strings.Join(Events, ", "))}
	case !oneOf(e.Confidence, Confidences):
		return &InvalidError{"confidence must be high, low or none"}
	case len(e.Results) > MaxResults:
		return &InvalidError{fmt.Sprintf("at most %d results", MaxResults)}
	}
	for _, id := range e.Results {
		if !store.ValidID(id) {
			return &InvalidError{"results must be entry IDs"}
		}
	}
	return nil
}

func oneOf(v string, set []string) bool {
	for _, s := range set {
		if v == s {
			return true
		}
	}
	return false
}

// RecordSearch masks and stores a finished search and returns its ID.
func (s *Service) RecordSearch(ctx context.Context, e SearchEvent) (string, error) {
	if s.cfg.NoRecord {
		return "", ErrNotRecording
	}
	if err := e.Validate(); err != nil {
		return "", err
	}
	sr := store.Search{
		ID:         store.NewID(),
		At:         s.cfg.Now().UTC(),
		Query:      s.cfg.Mask(e.Query),
		Confidence: e.Confidence,
		Results:    e.Results,
		Event:      e.Event,
	}
	if err := s.cfg.Store.AddSearch(ctx, sr); err != nil {
		return "", err
	}
	return sr.ID, nil
}

// FeedbackEvent is staff's verdict on a recorded search.
type FeedbackEvent struct {
	SearchID string `json:"search_id"`
	Verdict  string `json:"verdict"`
	EntryID  string `json:"entry_id,omitempty"`
}

// Validate checks an event's fields.
func (e *FeedbackEvent) Validate() error {
	switch {
	case !store.ValidID(e.SearchID):
		return &InvalidError{"search_id must be the ID POST /api/searches returned"}
	case e.Verdict == store.VerdictHelpful && !store.ValidID(e.EntryID):
		return &InvalidError{"a helpful verdict names the entry (entry_id)"}
	case e.Verdict == store.VerdictNone && e.EntryID != "":
		return &InvalidError{"a none verdict names no entry"}
	case e.Verdict != store.VerdictHelpful && e.Verdict != store.VerdictNone:
		return &InvalidError{"verdict must be helpful or none"}
	}
	return nil
}

// RecordFeedback stores a verdict; store.ErrNotFound when the search is
// not stored (deleted, or purged).
func (s *Service) RecordFeedback(ctx context.Context, e FeedbackEvent) (string, error) {
	if s.cfg.NoRecord {
		return "", ErrNotRecording
	}
	if err := e.Validate(); err != nil {
		return "", err
	}
	f := store.Feedback{ID: store.NewID(), SearchID: e.SearchID, At: s.cfg.Now().UTC(), Verdict: e.Verdict, EntryID: e.EntryID}
	if err := s.cfg.Store.AddFeedback(ctx, f); err != nil {
		return "", err
	}
	return f.ID, nil
}

// DeleteSearch deletes a stored search and its feedback, for example when
// masking missed a name. store.ErrNotFound when it is not stored.
func (s *Service) DeleteSearch(ctx context.Context, id string) error {
	if !store.ValidID(id) {
		return store.ErrNotFound
	}
	return s.cfg.Store.DeleteSearch(ctx, id)
}

// Purge deletes the records older than the retention period.
func (s *Service) Purge(ctx context.Context) (int64, error) {
	return s.cfg.Store.Purge(ctx, s.cfg.Now().Add(-s.cfg.Retention))
}

// RunPurge purges at once and then every interval until ctx ends. Failures
// are logged (the store's Guard reports them in /api/status).
func (s *Service) RunPurge(ctx context.Context, interval time.Duration) {
	for {
		if n, err := s.Purge(ctx); err != nil && ctx.Err() == nil {
			s.cfg.Logger.Warn("purging old searches failed", slog.String("err", err.Error()))
		} else if n > 0 {
			s.cfg.Logger.Info("purged old searches", slog.Int64("searches", n), slog.Duration("retention", s.cfg.Retention))
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(interval):
		}
	}
}
