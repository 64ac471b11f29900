package store

import (
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"testing"
)

// TestIsBusy checks that isBusy knows SQLite's "database is locked" as
// the driver reports it, wrapped as a store reports it, and nothing else:
// OpenSQLite retries an open only on it.
func TestIsBusy(t *testing.T) {
	path := filepath.Join(t.TempDir(), "busy.db")
	dsn := "file:" + filepath.ToSlash(path) + "?_pragma=busy_timeout(0)"
	holder, err := sql.Open("sqlite", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	other, err := sql.Open("sqlite", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if _, err := holder.Exec(`CREATE TABLE t (x INTEGER)`); err != nil {
		t.Fatal(err)
	}
	tx, err := holder.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.Exec(`INSERT INTO t VALUES (1)`); err != nil {
		t.Fatal(err)
	}
	_, busy := other.Exec(`INSERT INTO t VALUES (2)`)
	if busy == nil {
		t.Fatal("a second writer was not refused while the first held the lock")
	}
	wrapped := &UnavailableError{Kind: KindSQLite, Where: path, Err: fmt.Errorf("migration: %w", busy)}
	for _, tt := range []struct {
		err  error
		want bool
	}{
		{busy, true},
		{wrapped, true},
		{errors.New("database is locked"), false},
		{nil, false},
	} {
		if got := isBusy(tt.err); got != tt.want {
			t.Errorf("isBusy(%v) = %v, want %v", tt.err, got, tt.want)
		}
	}
	_, notBusy := other.Exec(`INSERT INTO missing VALUES (1)`)
	if notBusy == nil || isBusy(notBusy) {
		t.Errorf("isBusy(%v) = true for an error that is not SQLITE_BUSY", notBusy)
	}
}
