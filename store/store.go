package store

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"time"
)

// Kinds of store, as /api/status names them.
const (
	KindSQLite   = "sqlite"
	KindPostgres = "postgres"
)

// Verdicts of staff feedback.
const (
	// VerdictHelpful: 「この回答で対応できた」 — Feedback.EntryID answered the call.
	VerdictHelpful = "helpful"
	// VerdictNone: 「該当なし」 — the manual had no answer for the call.
	VerdictNone = "none"
)

// Mark is an editor's decision that two entries are not duplicates, keyed
// by both entries' content hashes so that it lapses when either entry
// changes. IDs and titles are kept for people reading the data. The JSON
// names are those of the marks files of earlier versions.
type Mark struct {
	AHash    string    `json:"a_hash"`
	BHash    string    `json:"b_hash"`
	AID      string    `json:"a_id,omitempty"`
	BID      string    `json:"b_id,omitempty"`
	ATitle   string    `json:"a_title,omitempty"`
	BTitle   string    `json:"b_title,omitempty"`
	MarkedAt time.Time `json:"marked_at"`
}

// Key is the order-independent key of the mark's pair.
func (m Mark) Key() string { return MarkKey(m.AHash, m.BHash) }

// MarkKey is the order-independent key of a pair of content hashes.
func MarkKey(a, b string) string {
	if a > b {
		a, b = b, a
	}
	return a + ":" + b
}

// Import is the record ImportMarks keeps of a marks file it imported.
type Import struct {
	Source string    `json:"source"`      // the file's absolute path
	At     time.Time `json:"imported_at"` // when it was imported
	Count  int       `json:"count"`       // how many marks it held
}

// Search is one finished search from the staff page. Query is masked
// before it reaches the store (package mask); a store never sees raw text.
type Search struct {
	ID         string    `json:"id"`
	At         time.Time `json:"at"`
	Query      string    `json:"query"`
	Confidence string    `json:"confidence"` // high, low, none, or "" when unknown
	Results    []string  `json:"results"`    // entry IDs shown, best first
	Event      string    `json:"event"`      // what finished it: copy, open, feedback, idle
}

// Feedback is staff's verdict on a recorded search.
type Feedback struct {
	ID       string    `json:"id"`
	SearchID string    `json:"search_id"`
	At       time.Time `json:"at"`
	Verdict  string    `json:"verdict"`            // VerdictHelpful or VerdictNone
	EntryID  string    `json:"entry_id,omitempty"` // the entry that helped
}

// Period is the half-open time range [From, To). A zero bound is open.
type Period struct {
	From, To time.Time
}

// Store keeps marks, searches and feedback. Implementations are safe for
// concurrent use, and every method sees what any other process sharing the
// same database has committed (no method answers from a cache).
//
// Errors: ErrNotFound where stated, *UnavailableError when the database
// cannot be reached or read, *InvalidError for values the store refuses;
// anything else is internal.
type Store interface {
	// Kind is KindSQLite or KindPostgres.
	Kind() string
	// Ping checks that the database answers; when it does not before
	// ctx's deadline, that is an *UnavailableError.
	Ping(ctx context.Context) error

	// AddMark records m (MarkedAt defaults to now). Marking a pair twice,
	// in either order, keeps the first mark and is not an error. Both
	// hashes may be equal: two entries with the same content.
	AddMark(ctx context.Context, m Mark) error
	// RemoveMark deletes the mark of the pair of content hashes, in either
	// order. Removing an absent mark is a no-op.
	RemoveMark(ctx context.Context, aHash, bHash string) error
	// Marks returns every mark, oldest first.
	Marks(ctx context.Context) ([]Mark, error)
	// MarksVersion is a number that changes whenever a mark is added or
	// removed, by any process; equal versions mean equal mark sets.
	MarksVersion(ctx context.Context) (int64, error)
	// ImportMarks adds marks from the named source (a marks file) once:
	// the first call for a source adds them in one transaction and returns
	// true; later calls change nothing and return false.
	ImportMarks(ctx context.Context, source string, marks []Mark) (bool, error)
	// Imports returns the records of the marks files imported, oldest
	// first.
	Imports(ctx context.Context) ([]Import, error)
	// RecordImport adds imp to those records without adding marks, as a
	// copy of a store does, so that a later ImportMarks of imp.Source
	// changes nothing. It returns false when the source is recorded
	// already, and changes nothing then.
	RecordImport(ctx context.Context, imp Import) (bool, error)

	// AddSearch stores s. s.ID must be set (NewID); adding an ID that is
	// already stored is a no-op, so copies can be repeated.
	AddSearch(ctx context.Context, s Search) error
	// AddFeedback stores f. f.ID must be set; an ID already stored is a
	// no-op. ErrNotFound when f.SearchID is not stored; *InvalidError
	// when a helpful verdict's EntryID is not among the search's Results.
	// A search keeps one verdict per entry and never both kinds: f
	// replaces a "none" and the helpful verdict on its entry (a "none"
	// replaces every verdict), unless one of those is later than f, and
	// then f is dropped but still replaces those of them older than
	// itself, so the latest verdict (by At; of equal times, the last to
	// arrive) wins in any order of arrival. Replaced and dropped verdicts
	// are kept apart (never returned by Feedback) for that comparison.
	AddFeedback(ctx context.Context, f Feedback) error
	// DeleteSearch deletes a search and its feedback. ErrNotFound when the
	// ID is not stored.
	DeleteSearch(ctx context.Context, id string) error
	// Searches returns the searches made in p, oldest first.
	Searches(ctx context.Context, p Period) ([]Search, error)
	// Feedback returns the feedback given in p, oldest first.
	Feedback(ctx context.Context, p Period) ([]Feedback, error)
	// Purge deletes the searches made before t, with their feedback, and
	// any feedback given before t; it returns how many searches it deleted.
	Purge(ctx context.Context, before time.Time) (int64, error)

	// Close releases the database. The store is unusable afterwards.
	Close() error
}

// ErrNotFound is returned for a search that is not stored.
var ErrNotFound = errors.New("store: not found")

// InvalidError is a value the store refuses, such as a search without ID.
type InvalidError struct{ Message string }

func (e *InvalidError) Error() string { return "store: " + e.Message }

// UnavailableError says the store cannot serve, and why: a corrupt or
// unreadable file, an unreachable database, a read-only folder.
type UnavailableError struct {
	Kind  string // KindSQLite or KindPostgres
	Where string // the file, or the database URL without its password
	Err   error
}

func (e *UnavailableError) Error() string {
	return fmt.Sprintf("the %s store (%s) is unavailable: %v", e.Kind, e.Where, e.Err)
}

func (e *UnavailableError) Unwrap() error { return e.Err }

// NewID returns a random identifier for a search or a piece of feedback:
// 16 hexadecimal digits.
func NewID() string {
	var b [8]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails on supported platforms
	return hex.EncodeToString(b[:])
}

// ValidID reports whether id looks like an identifier NewID makes (or one
// copied from another store): 1–64 characters of [0-9A-Za-z_-].
func ValidID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for _, r := range id {
		ok := r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '-' || r == '_'
		if !ok {
			return false
		}
	}
	return true
}
