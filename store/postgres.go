package store

import (
	"context"
	"errors"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
)

// migrationLock is the key of the PostgreSQL advisory lock that serialises
// migrations of replicas starting together ("soudan" in ASCII).
const migrationLock = 0x736f7564616e

// pgPassword finds a password in a key=value connection string: quoted
// (with backslash escapes) or up to the next space.
var pgPassword = regexp.MustCompile(`(?i)(password\s*=\s*)('(?:[^'\\]|\\.)*'?|\S*)`)

// OpenPostgres connects to the database at dsn (postgres://…) through a
// pgxpool and applies the migrations under an advisory lock. Errors are
// *UnavailableError naming the database without its password.
func OpenPostgres(ctx context.Context, dsn string) (Store, error) {
	return openPostgres(ctx, dsn, false)
}

// openPostgres is OpenPostgres; with existing, a database without
// soudan's schema is a *NoStoreError instead of being migrated.
func openPostgres(ctx context.Context, dsn string, existing bool) (Store, error) {
	where := RedactURL(dsn)
	fail := func(err error) error { return &UnavailableError{Kind: KindPostgres, Where: where, Err: err} }
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, fail(badURL(err))
	}
	if cfg.ConnConfig.ConnectTimeout == 0 || cfg.ConnConfig.ConnectTimeout > 5*time.Second {
		cfg.ConnConfig.ConnectTimeout = 5 * time.Second
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fail(err)
	}
	db := stdlib.OpenDBFromPool(pool)
	s := &sqlStore{kind: KindPostgres, where: where, w: db, r: db, forUpdate: " FOR UPDATE",
		lockSQL:        "SELECT pg_advisory_xact_lock(" + strconv.FormatInt(migrationLock, 10) + ")",
		hasVersionsSQL: "SELECT to_regclass('schema_migrations') IS NOT NULL",
		closeFn:        func() error { err := db.Close(); pool.Close(); return err }}
	if existing {
		if err := s.pgSchemaExists(ctx); err != nil {
			s.Close()
			return nil, err
		}
	}
	if err := s.migrate(ctx); err != nil {
		s.Close()
		return nil, s.fail(err)
	}
	return s, nil
}

// CheckURL reports why pgx cannot use a database URL at all (a bad
// sslmode, port or certificate file), without repeating it: a URL that
// no retry can make good, to refuse at start.
func CheckURL(dsn string) error {
	if _, err := pgxpool.ParseConfig(dsn); err != nil {
		return badURL(err)
	}
	return nil
}

// badURL says why pgx refused a database URL (an sslmode, a certificate
// file, a port) without repeating the URL: pgx's message after the URL,
// which it quotes first (redacted only at best effort). An error of
// package url can quote the URL, password and all, so it gets a fixed
// reason.
func badURL(err error) error {
	var ue *url.Error
	msg := err.Error()
	end := strings.LastIndex(msg, "`: ") // after the URL, whatever it holds
	if errors.As(err, &ue) || end < 0 || !strings.HasPrefix(msg, "cannot parse `") {
		return errors.New("the database URL is not valid (a user name or password with @ : / # ? or % must be percent-encoded)")
	}
	return errors.New("the database URL is not valid: " + msg[end+3:])
}

// pgSchemaExists answers *NoStoreError when the database has no soudan
// schema (an empty or mistyped database).
func (s *sqlStore) pgSchemaExists(ctx context.Context) error {
	var ok bool
	if err := s.r.QueryRowContext(ctx, `SELECT to_regclass('schema_migrations') IS NOT NULL`).Scan(&ok); err != nil {
		return s.fail(err)
	}
	if !ok {
		return &NoStoreError{Where: s.where}
	}
	return nil
}

// RedactURL returns a database URL without its password, fit for logs and
// error messages: the user's password, and the value of any query
// parameter whose name holds "password" (password, sslpassword), in any
// case. A URL behind a prefix ("sqlite:postgres://…") is redacted after
// it. A key=value connection string ("host=db password=…") keeps its
// keys, with the passwords' values replaced.
func RedactURL(raw string) string {
	sep := strings.Index(raw, "://")
	if sep < 0 {
		return pgPassword.ReplaceAllString(raw, "${1}xxxxx")
	}
	if colon := strings.Index(raw, ":"); colon < sep {
		return raw[:colon+1] + RedactURL(raw[colon+1:])
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "(an unparsable URL)"
	}
	q, changed := u.Query(), false
	for k := range q {
		if strings.Contains(strings.ToLower(k), "password") {
			q.Set(k, "xxxxx")
			changed = true
		}
	}
	if changed {
		u.RawQuery = q.Encode()
	}
	return u.Redacted()
}
