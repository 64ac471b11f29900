package store

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
)

// NoStoreError says that a store which had to exist (Config.Existing: the
// source of a backup or a copy) does not: a mistyped folder or database.
type NoStoreError struct {
	Where string // the SQLite file, or the database URL without its password
}

func (e *NoStoreError) Error() string {
	return "no store at " + e.Where + " (check the folder or URL; only soudan serve creates a store)"
}

// pgKeywords are libpq's connection keywords that mark a key=value
// connection string ("host=db password=…"), which soudan does not take.
var pgKeywords = regexp.MustCompile(`(?i)(^|\s)(host|hostaddr|port|dbname|user|password|passfile|sslmode|service|connect_timeout|options|application_name)\s*=`)

// CheckDataDir refuses a SQLite data folder that is not a folder path: a
// URL of another scheme (file://…, mysql://…) or a PostgreSQL key=value
// connection string, which would otherwise become a folder of that name.
// The message never repeats a password.
func CheckDataDir(dir string) error {
	switch {
	case strings.TrimSpace(dir) == "":
		return errors.New("the data folder is empty")
	case strings.Contains(dir, "://") || strings.HasPrefix(dir, "file:"):
		return errors.New(RedactURL(dir) + " is not a data folder: give a folder path, or a postgres:// URL for PostgreSQL")
	case pgKeywords.MatchString(dir):
		return errors.New("the store location looks like a PostgreSQL key=value connection string (host=… dbname=…), which soudan does not take: give a postgres:// URL, or a folder path for SQLite")
	}
	return nil
}

// ParseLocation reads a store location as `soudan store` takes it: a
// postgres:// or postgresql:// URL, or a SQLite data folder (optionally
// written sqlite:DIR). Anything else is refused (see CheckDataDir).
func ParseLocation(v string) (Config, error) {
	if strings.HasPrefix(v, "postgres://") || strings.HasPrefix(v, "postgresql://") {
		return Config{URL: v}, nil
	}
	dir := strings.TrimPrefix(v, "sqlite:")
	if err := CheckDataDir(dir); err != nil {
		return Config{}, err
	}
	return Config{DataDir: dir}, nil
}

// SameStore reports whether two configurations name the same store: the
// same SQLite file (after resolving symbolic links, or the same file by
// device and inode), or the same PostgreSQL host, port and database.
func SameStore(a, b Config) bool {
	if a.Kind() != b.Kind() {
		return false
	}
	if a.Kind() == KindSQLite {
		return samePath(filepath.Join(a.DataDir, SQLiteFile), filepath.Join(b.DataDir, SQLiteFile))
	}
	ca, err1 := pgconn.ParseConfig(a.URL)
	cb, err2 := pgconn.ParseConfig(b.URL)
	if err1 != nil || err2 != nil {
		return a.URL == b.URL
	}
	return strings.EqualFold(ca.Host, cb.Host) && ca.Port == cb.Port && ca.Database == cb.Database
}

// samePath reports whether two paths name the same file: equal once made
// absolute, cleaned and, where they exist, rid of symbolic links; or the
// same existing file (a hard link).
func samePath(a, b string) bool {
	if fa, err := os.Stat(a); err == nil {
		if fb, err := os.Stat(b); err == nil {
			return os.SameFile(fa, fb)
		}
	}
	return resolved(a) == resolved(b)
}

// resolved makes p absolute and clean, and resolves symbolic links in its
// longest existing prefix.
func resolved(p string) string {
	abs, err := filepath.Abs(p)
	if err != nil {
		return filepath.Clean(p)
	}
	rest := ""
	for dir := abs; ; dir = filepath.Dir(dir) {
		if r, err := filepath.EvalSymlinks(dir); err == nil {
			return filepath.Join(r, rest)
		}
		if dir == filepath.Dir(dir) {
			return abs
		}
		rest = filepath.Join(filepath.Base(dir), rest)
	}
}
