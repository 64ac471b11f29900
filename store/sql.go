package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"
)

// sqlStore is the Store both backends share: the SQL is the same on SQLite
// and PostgreSQL ($n placeholders, ON CONFLICT, BIGINT milliseconds).
// Writes go to w, reads to r; on PostgreSQL they are the same pool, on
// SQLite w is the one writer connection.
type sqlStore struct {
	kind  string
	where string
	w, r  *sql.DB
	// lockSQL, run first in a migration transaction, serialises replicas
	// that start together ("" on SQLite, whose write lock already does).
	lockSQL string
	// hasVersionsSQL answers whether the table schema_migrations exists.
	hasVersionsSQL string
	// scrubSQL, run after searches are deleted, clears the deleted text
	// from the journal ("" on PostgreSQL).
	scrubSQL string
	// forUpdate ends the read of the search that feedback is given on:
	// " FOR UPDATE" on PostgreSQL, so that verdicts on one search, and its
	// deletion, take turns as SQLite's one writer makes them ("" there).
	forUpdate string
	closeFn   func() error
}

func (s *sqlStore) Kind() string { return s.kind }

// fail wraps a database error as an *UnavailableError naming the store;
// context errors pass through, so a cancelled request is not a fault.
func (s *sqlStore) fail(err error) error {
	if err == nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	var ue *UnavailableError
	if errors.As(err, &ue) {
		return err
	}
	return &UnavailableError{Kind: s.kind, Where: s.where, Err: err}
}

// Ping asks the database for one row. Unlike other operations, running
// out of time is a fault here: a health check's deadline is the time the
// database had to answer (a hung server, a pool whose connections are all
// stuck on a locked table).
func (s *sqlStore) Ping(ctx context.Context) error {
	var one int
	err := s.r.QueryRowContext(ctx, `SELECT 1`).Scan(&one)
	if errors.Is(err, context.DeadlineExceeded) {
		return &UnavailableError{Kind: s.kind, Where: s.where, Err: errors.New("the database did not answer in time")}
	}
	return s.fail(err)
}

func (s *sqlStore) Close() error {
	if s.closeFn != nil {
		return s.closeFn()
	}
	return nil
}

// tx runs fn in a write transaction, committed when fn returns nil.
func (s *sqlStore) tx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return s.fail(err)
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		var inv *InvalidError
		if errors.Is(err, ErrNotFound) || errors.As(err, &inv) {
			return err
		}
		return s.fail(err)
	}
	return s.fail(tx.Commit())
}

func millis(t time.Time) int64 { return t.UnixMilli() }

func fromMillis(ms int64) time.Time { return time.UnixMilli(ms).UTC() }

func orderedPair(m Mark) Mark {
	if m.AHash > m.BHash {
		m.AHash, m.BHash = m.BHash, m.AHash
		m.AID, m.BID = m.BID, m.AID
		m.ATitle, m.BTitle = m.BTitle, m.ATitle
	}
	return m
}

func (s *sqlStore) AddMark(ctx context.Context, m Mark) error {
	if m.AHash == "" || m.BHash == "" {
		return &InvalidError{Message: "a mark needs both entries' content hashes"}
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		_, err := insertMark(ctx, tx, m)
		return err
	})
}

// insertMark adds one mark and bumps the marks version when it was new.
func insertMark(ctx context.Context, tx *sql.Tx, m Mark) (bool, error) {
	m = orderedPair(m)
	if m.MarkedAt.IsZero() {
		m.MarkedAt = time.Now().UTC().Truncate(time.Second)
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO marks (a_hash, b_hash, a_id, b_id, a_title, b_title, marked_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (a_hash, b_hash) DO NOTHING`,
		m.AHash, m.BHash, m.AID, m.BID, m.ATitle, m.BTitle, millis(m.MarkedAt))
	if err != nil {
		return false, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return false, nil
	}
	return true, bumpMarks(ctx, tx)
}

func bumpMarks(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, `UPDATE counters SET value = value + 1 WHERE name = 'marks'`)
	return err
}

func (s *sqlStore) RemoveMark(ctx context.Context, aHash, bHash string) error {
	m := orderedPair(Mark{AHash: aHash, BHash: bHash})
	return s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM marks WHERE a_hash = $1 AND b_hash = $2`, m.AHash, m.BHash)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		return bumpMarks(ctx, tx)
	})
}

func (s *sqlStore) Marks(ctx context.Context) ([]Mark, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT a_hash, b_hash, a_id, b_id, a_title, b_title, marked_at
		FROM marks ORDER BY marked_at, a_hash, b_hash`)
	if err != nil {
		return nil, s.fail(err)
	}
	defer rows.Close()
	out := []Mark{}
	for rows.Next() {
		var m Mark
		var at int64
		if err := rows.Scan(&m.AHash, &m.BHash, &m.AID, &m.BID, &m.ATitle, &m.BTitle, &at); err != nil {
			return nil, s.fail(err)
		}
		m.MarkedAt = fromMillis(at)
		out = append(out, m)
	}
	return out, s.fail(rows.Err())
}

func (s *sqlStore) MarksVersion(ctx context.Context) (int64, error) {
	var v int64
	err := s.r.QueryRowContext(ctx, `SELECT value FROM counters WHERE name = 'marks'`).Scan(&v)
	return v, s.fail(err)
}

func (s *sqlStore) ImportMarks(ctx context.Context, source string, marks []Mark) (bool, error) {
	for _, m := range marks {
		if m.AHash == "" || m.BHash == "" {
			return false, &InvalidError{Message: "a mark in " + source + " lacks a content hash"}
		}
	}
	imported := false
	err := s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO imports (source, imported_at, count) VALUES ($1, $2, $3)
			ON CONFLICT (source) DO NOTHING`, source, millis(time.Now()), int64(len(marks)))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		imported = true
		for _, m := range marks {
			if _, err := insertMark(ctx, tx, m); err != nil {
				return err
			}
		}
		return nil
	})
	return imported, err
}

func (s *sqlStore) Imports(ctx context.Context) ([]Import, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT source, imported_at, count FROM imports ORDER BY imported_at, source`)
	if err != nil {
		return nil, s.fail(err)
	}
	defer rows.Close()
	out := []Import{}
	for rows.Next() {
		var imp Import
		var at, n int64
		if err := rows.Scan(&imp.Source, &at, &n); err != nil {
			return nil, s.fail(err)
		}
		imp.At, imp.Count = fromMillis(at), int(n)
		out = append(out, imp)
	}
	return out, s.fail(rows.Err())
}

func (s *sqlStore) RecordImport(ctx context.Context, imp Import) (bool, error) {
	if imp.Source == "" || imp.At.IsZero() {
		return false, &InvalidError{Message: "an import record needs a source and a time"}
	}
	res, err := s.w.ExecContext(ctx, `INSERT INTO imports (source, imported_at, count) VALUES ($1, $2, $3)
		ON CONFLICT (source) DO NOTHING`, imp.Source, millis(imp.At), int64(imp.Count))
	if err != nil {
		return false, s.fail(err)
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

func validSearch(sr Search) error {
	switch {
	case !ValidID(sr.ID):
		return &InvalidError{Message: "a search needs a valid ID"}
	case sr.At.IsZero():
		return &InvalidError{Message: "a search needs a time"}
	}
	return nil
}

func (s *sqlStore) AddSearch(ctx context.Context, sr Search) error {
	if err := validSearch(sr); err != nil {
		return err
	}
	results := sr.Results
	if results == nil {
		results = []string{}
	}
	js, err := json.Marshal(results)
	if err != nil {
		return err
	}
	_, err = s.w.ExecContext(ctx, `INSERT INTO searches (id, at, query, confidence, results, event)
		VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING`,
		sr.ID, millis(sr.At), sr.Query, sr.Confidence, string(js), sr.Event)
	return s.fail(err)
}

func (s *sqlStore) AddFeedback(ctx context.Context, f Feedback) error {
	if !ValidID(f.ID) || !ValidID(f.SearchID) || f.At.IsZero() {
		return &InvalidError{Message: "feedback needs a valid ID, search ID and time"}
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		if err := checkFeedback(ctx, tx, f, s.forUpdate); err != nil {
			return err
		}
		var one int
		err := tx.QueryRowContext(ctx, `SELECT 1 FROM feedback WHERE id = $1
			UNION ALL SELECT 1 FROM feedback_replaced WHERE id = $1`, f.ID).Scan(&one)
		if err == nil || !errors.Is(err, sql.ErrNoRows) {
			return err // given already (nil), or a failure
		}
		return replaceVerdicts(ctx, tx, f)
	})
}

// checkFeedback answers ErrNotFound when f's search is not stored, and
// *InvalidError when a helpful verdict names an entry the search did not
// show. lock ends the query (" FOR UPDATE" locks the search's row until
// the transaction ends).
func checkFeedback(ctx context.Context, tx *sql.Tx, f Feedback, lock string) error {
	var js string
	err := tx.QueryRowContext(ctx, `SELECT results FROM searches WHERE id = $1`+lock, f.SearchID).Scan(&js)
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	if err != nil || f.Verdict != VerdictHelpful {
		return err
	}
	var results []string
	if err := json.Unmarshal([]byte(js), &results); err != nil {
		return err
	}
	if !slices.Contains(results, f.EntryID) {
		return &InvalidError{Message: fmt.Sprintf("entry_id %.64q is not among the results of search %s", f.EntryID, f.SearchID)}
	}
	return nil
}

// replaceVerdicts stores f in place of the verdicts it contradicts or
// repeats: a "none" replaces every verdict on the search, a "helpful" its
// "none" and the helpful verdict on the same entry. The latest verdict
// wins, by time (ties: the one that arrives last), whatever the order of
// arrival: the verdicts of f's scope up to f's time are replaced, as they
// would have been had f arrived in order, and f stands unless one of
// that scope is later. A replaced verdict, and f when it arrives after a
// later one, moves to feedback_replaced, where the verdicts that arrive
// after it still meet it: a helpful verdict older than a "none" that a
// later helpful verdict replaced is replaced all the same.
func replaceVerdicts(ctx context.Context, tx *sql.Tx, f Feedback) error {
	same, args := `search_id = $1`, []any{f.SearchID}
	if f.Verdict == VerdictHelpful {
		same, args = same+` AND (verdict <> 'helpful' OR entry_id = $2)`, append(args, f.EntryID)
	}
	args = append(args, millis(f.At))
	atArg := fmt.Sprintf("$%d", len(args))
	if _, err := tx.ExecContext(ctx, `INSERT INTO feedback_replaced (id, search_id, at, verdict, entry_id)
		SELECT id, search_id, at, verdict, entry_id FROM feedback WHERE `+same+` AND at <= `+atArg+`
		ON CONFLICT (id) DO NOTHING`, args...); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM feedback WHERE `+same+` AND at <= `+atArg, args...); err != nil {
		return err
	}
	var later int
	if err := tx.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM feedback WHERE `+same+` AND at > `+atArg+`)
		+ (SELECT COUNT(*) FROM feedback_replaced WHERE `+same+` AND at > `+atArg+`)`, args...).Scan(&later); err != nil {
		return err
	}
	table := "feedback"
	if later > 0 {
		table = "feedback_replaced"
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO `+table+` (id, search_id, at, verdict, entry_id)
		VALUES ($1, $2, $3, $4, $5)`, f.ID, f.SearchID, millis(f.At), f.Verdict, f.EntryID)
	return err
}

// lockSearches locks, on PostgreSQL, the rows of the searches that a
// delete will touch, with their feedback, before it touches any: feedback
// is only ever changed under its search's lock, taken first, so a delete
// and AddFeedback take turns instead of deadlocking.
func (s *sqlStore) lockSearches(ctx context.Context, tx *sql.Tx, where string, args ...any) error {
	if s.forUpdate == "" {
		return nil
	}
	rows, err := tx.QueryContext(ctx, `SELECT id FROM searches WHERE `+where+` ORDER BY id`+s.forUpdate, args...)
	if err != nil {
		return err
	}
	return rows.Close()
}

func (s *sqlStore) DeleteSearch(ctx context.Context, id string) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if err := s.lockSearches(ctx, tx, `id = $1`, id); err != nil {
			return err
		}
		for _, table := range []string{"feedback", "feedback_replaced"} {
			if _, err := tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE search_id = $1`, id); err != nil {
				return err
			}
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM searches WHERE id = $1`, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		return nil
	})
	if err == nil {
		s.scrub(ctx)
	}
	return err
}

// bounds turns a period into millisecond bounds, open ends as extremes.
func bounds(p Period) (int64, int64) {
	from, to := int64(-1<<62), int64(1<<62)
	if !p.From.IsZero() {
		from = millis(p.From)
	}
	if !p.To.IsZero() {
		to = millis(p.To)
	}
	return from, to
}

func (s *sqlStore) Searches(ctx context.Context, p Period) ([]Search, error) {
	from, to := bounds(p)
	rows, err := s.r.QueryContext(ctx, `SELECT id, at, query, confidence, results, event FROM searches
		WHERE at >= $1 AND at < $2 ORDER BY at, id`, from, to)
	if err != nil {
		return nil, s.fail(err)
	}
	defer rows.Close()
	out := []Search{}
	for rows.Next() {
		var sr Search
		var at int64
		var js string
		if err := rows.Scan(&sr.ID, &at, &sr.Query, &sr.Confidence, &js, &sr.Event); err != nil {
			return nil, s.fail(err)
		}
		sr.At = fromMillis(at)
		if err := json.Unmarshal([]byte(js), &sr.Results); err != nil {
			return nil, s.fail(err)
		}
		out = append(out, sr)
	}
	return out, s.fail(rows.Err())
}

func (s *sqlStore) Feedback(ctx context.Context, p Period) ([]Feedback, error) {
	from, to := bounds(p)
	rows, err := s.r.QueryContext(ctx, `SELECT id, search_id, at, verdict, entry_id FROM feedback
		WHERE at >= $1 AND at < $2 ORDER BY at, id`, from, to)
	if err != nil {
		return nil, s.fail(err)
	}
	defer rows.Close()
	out := []Feedback{}
	for rows.Next() {
		var f Feedback
		var at int64
		if err := rows.Scan(&f.ID, &f.SearchID, &at, &f.Verdict, &f.EntryID); err != nil {
			return nil, s.fail(err)
		}
		f.At = fromMillis(at)
		out = append(out, f)
	}
	return out, s.fail(rows.Err())
}

func (s *sqlStore) Purge(ctx context.Context, before time.Time) (int64, error) {
	var n int64
	err := s.tx(ctx, func(tx *sql.Tx) error {
		t := millis(before)
		if err := s.lockSearches(ctx, tx, `at < $1 OR id IN (SELECT search_id FROM feedback WHERE at < $1)
			OR id IN (SELECT search_id FROM feedback_replaced WHERE at < $1)`, t); err != nil {
			return err
		}
		for _, table := range []string{"feedback", "feedback_replaced"} {
			if _, err := tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE at < $1
				OR search_id IN (SELECT id FROM searches WHERE at < $1)`, t); err != nil {
				return err
			}
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM searches WHERE at < $1`, t)
		if err != nil {
			return err
		}
		n, _ = res.RowsAffected()
		return nil
	})
	if n > 0 {
		s.scrub(ctx)
	}
	return n, err
}

// scrub runs scrubSQL after a delete of searches. It is best effort: the
// delete stands either way, and a checkpoint that could not finish (a
// long read in another process) is completed by the next delete or by
// SQLite's own checkpoints.
func (s *sqlStore) scrub(ctx context.Context) {
	if s.scrubSQL == "" {
		return
	}
	var busy, frames, done int64 // PRAGMA wal_checkpoint's answer, unused
	_ = s.w.QueryRowContext(context.WithoutCancel(ctx), s.scrubSQL).Scan(&busy, &frames, &done)
}
