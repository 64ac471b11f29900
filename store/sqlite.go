package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"modernc.org/sqlite" // the "sqlite" database/sql driver, pure Go
)

// SQLiteFile is the database file's name inside the data folder.
const SQLiteFile = "soudan.db"

// tempPattern names the temporary files soudan writes (backups being
// written); leftovers of a crash, older than staleTemp, are removed at
// open. Younger ones may be another process's backup in progress.
const (
	tempPattern = ".soudan-*.tmp"
	staleTemp   = time.Hour
)

// SQLite is the embedded store: one file in WAL mode, one writer
// connection (writes queue in process instead of failing with "database
// is locked"), several reader connections, and a busy timeout for other
// processes' writes.
//
// Deleted searches leave no trace in the files: every connection sets
// secure_delete, which overwrites freed content with zeros, and a delete
// of searches (DeleteSearch, Purge) ends with a TRUNCATE checkpoint, which
// copies the zeroed pages into soudan.db and empties soudan.db-wal, where
// the old page images would otherwise stay until the journal wraps.
type SQLite struct {
	sqlStore
	path string
}

func sqliteDSN(path string, readOnly bool) string {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Add("_pragma", "foreign_keys(1)")
	// Deleted searches are overwritten with zeros, not left in free pages.
	q.Add("_pragma", "secure_delete(1)")
	if readOnly {
		q.Add("_pragma", "query_only(1)")
	} else {
		q.Set("_txlock", "immediate")
	}
	return "file:" + filepath.ToSlash(path) + "?" + q.Encode()
}

// OpenSQLite opens (creating when missing) DIR/soudan.db, removes leftover
// temporary files, checks that the folder and the database can be written,
// and applies the migrations. Errors are *UnavailableError naming the
// cause: an unwritable folder, a file that is not a database, a schema
// newer than this binary.
func OpenSQLite(ctx context.Context, dir string) (*SQLite, error) {
	path := filepath.Join(dir, SQLiteFile)
	fail := func(err error) error { return &UnavailableError{Kind: KindSQLite, Where: path, Err: err} }
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fail(err)
	}
	cleanTemp(dir)
	if err := checkWritable(dir); err != nil {
		return nil, fail(err)
	}
	for try := 1; ; try++ {
		s, err := openSQLite(ctx, path)
		if err == nil || !isBusy(err) || try == openBusyTries {
			return s, err
		}
		select {
		case <-ctx.Done():
			return nil, fail(ctx.Err())
		case <-time.After(time.Duration(try) * 50 * time.Millisecond):
		}
	}
}

// openBusyTries is how many times OpenSQLite opens a database that
// answers SQLITE_BUSY. Processes that open one new database together
// (replicas starting at once) can meet a lock the busy timeout does not
// wait for, such as another connection's switch to WAL or its recovery
// of the WAL index, for a few milliseconds.
const openBusyTries = 5

// isBusy reports whether err is SQLite's SQLITE_BUSY (primary code 5,
// "database is locked"), extended codes included.
func isBusy(err error) bool {
	var se *sqlite.Error
	return errors.As(err, &se) && se.Code()&0xff == 5
}

// openSQLite opens the database at path, its writer and its readers, and
// applies the migrations.
func openSQLite(ctx context.Context, path string) (*SQLite, error) {
	fail := func(err error) error { return &UnavailableError{Kind: KindSQLite, Where: path, Err: err} }
	w, err := sql.Open("sqlite", sqliteDSN(path, false))
	if err != nil {
		return nil, fail(err)
	}
	w.SetMaxOpenConns(1)
	r, err := sql.Open("sqlite", sqliteDSN(path, true))
	if err != nil {
		w.Close()
		return nil, fail(err)
	}
	r.SetMaxOpenConns(4)
	s := &SQLite{path: path}
	s.sqlStore = sqlStore{kind: KindSQLite, where: path, w: w, r: r,
		closeFn:        func() error { return errors.Join(r.Close(), w.Close()) },
		scrubSQL:       "PRAGMA wal_checkpoint(TRUNCATE)",
		hasVersionsSQL: "SELECT COUNT(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"}
	if err := s.migrate(ctx); err != nil {
		s.Close()
		return nil, s.fail(err)
	}
	return s, nil
}

// OpenExistingSQLite is OpenSQLite for a store that must exist already,
// such as the source of a backup or a copy: a missing DIR/soudan.db is a
// *NoStoreError, and nothing is created.
func OpenExistingSQLite(ctx context.Context, dir string) (*SQLite, error) {
	path := filepath.Join(dir, SQLiteFile)
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, &NoStoreError{Where: path}
	case err != nil:
		return nil, &UnavailableError{Kind: KindSQLite, Where: path, Err: err}
	case !fi.Mode().IsRegular():
		return nil, &UnavailableError{Kind: KindSQLite, Where: path, Err: errors.New("not a regular file")}
	}
	return OpenSQLite(ctx, dir)
}

// Path is the database file.
func (s *SQLite) Path() string { return s.path }

// checkWritable creates and removes a file in dir: SQLite needs the folder
// itself writable for its WAL and shared-memory files.
func checkWritable(dir string) error {
	f, err := os.CreateTemp(dir, ".soudan-probe-*")
	if err != nil {
		return fmt.Errorf("the data folder is not writable: %w", err)
	}
	name := f.Name()
	f.Close()
	return os.Remove(name)
}

// cleanTemp removes temporary files left in a folder by a crash.
func cleanTemp(dir string) {
	names, _ := filepath.Glob(filepath.Join(dir, tempPattern))
	for _, n := range names {
		if fi, err := os.Stat(n); err == nil && time.Since(fi.ModTime()) > staleTemp {
			_ = os.Remove(n)
		}
	}
}

// Backup writes a consistent copy of the database to file with VACUUM
// INTO, while the store stays in use: first into a temporary file beside
// file, then renamed over it, and the folder synced, so file is either the
// old copy or the complete new one. A file that is the live database (or
// its -wal or -shm file), by any path or link, is refused.
func (s *SQLite) Backup(ctx context.Context, file string) error {
	abs, err := filepath.Abs(file)
	if err != nil {
		return err
	}
	if err := s.checkBackupTarget(abs); err != nil {
		return err
	}
	dir := filepath.Dir(abs)
	tmp, err := os.CreateTemp(dir, tempPattern)
	if err != nil {
		return err
	}
	tmpName := tmp.Name()
	tmp.Close()
	os.Remove(tmpName) // VACUUM INTO wants a new file
	defer os.Remove(tmpName)
	lit := "'" + strings.ReplaceAll(tmpName, "'", "''") + "'"
	if _, err := s.w.ExecContext(ctx, "VACUUM INTO "+lit); err != nil {
		return s.fail(err)
	}
	if err := os.Rename(tmpName, abs); err != nil {
		return err
	}
	return syncDir(dir)
}

// checkBackupTarget refuses a backup file that would replace the live
// database or one of its journal files, a folder, or an existing file
// that is not an SQLite database (an earlier backup is replaced).
func (s *SQLite) checkBackupTarget(file string) error {
	for _, live := range []string{s.path, s.path + "-wal", s.path + "-shm"} {
		if samePath(file, live) {
			return fmt.Errorf("refusing to back up %s onto itself (%s is the live database's own file): give a file outside it, such as %s",
				s.path, file, filepath.Join(filepath.Dir(s.path), "..", "soudan-backup.db"))
		}
	}
	if fi, err := os.Stat(file); err == nil && fi.IsDir() {
		return fmt.Errorf("%s is a folder: give the backup a file name, such as %s", file, filepath.Join(file, "soudan-backup.db"))
	}
	if ok, err := isSQLiteFile(file); err == nil && !ok {
		return fmt.Errorf("refusing to replace %s, which is not an SQLite database (only an earlier backup is replaced): give a new file name", file)
	}
	return nil
}

// isSQLiteFile reports whether the existing file starts with SQLite's
// header; an error when it cannot be read (or does not exist).
func isSQLiteFile(file string) (bool, error) {
	f, err := os.Open(file)
	if err != nil {
		return false, err
	}
	defer f.Close()
	head := make([]byte, len(sqliteHeader))
	if _, err := io.ReadFull(f, head); err != nil {
		return false, nil // shorter than a header: not a database
	}
	return string(head) == sqliteHeader, nil
}

// sqliteHeader starts every SQLite database file.
const sqliteHeader = "SQLite format 3\x00"

// syncDir makes a rename in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
