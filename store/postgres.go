package store

import (
	"context"
	"errors"
	"net/url"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
)

// migrationLock is the key of the PostgreSQL advisory lock that serialises
// migrations of replicas starting together ("soudan" in ASCII).
const migrationLock = 0x736f7564616e

// OpenPostgres connects to the database at dsn (postgres://…) through a
// pgxpool and applies the migrations under an advisory lock. Errors are
// *UnavailableError naming the database without its password.
func OpenPostgres(ctx context.Context, dsn string) (Store, error) {
	where := RedactURL(dsn)
	fail := func(err error) error { return &UnavailableError{Kind: KindPostgres, Where: where, Err: err} }
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, fail(errors.New("the database URL is not valid"))
	}
	if cfg.ConnConfig.ConnectTimeout == 0 || cfg.ConnConfig.ConnectTimeout > 5*time.Second {
		cfg.ConnConfig.ConnectTimeout = 5 * time.Second
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fail(err)
	}
	db := stdlib.OpenDBFromPool(pool)
	s := &sqlStore{kind: KindPostgres, where: where, w: db, r: db,
		lockSQL: "SELECT pg_advisory_xact_lock(" + strconv.FormatInt(migrationLock, 10) + ")",
		closeFn: func() error { err := db.Close(); pool.Close(); return err }}
	if err := s.migrate(ctx); err != nil {
		s.Close()
		return nil, s.fail(err)
	}
	return s, nil
}

// RedactURL returns a database URL without its password, fit for logs and
// error messages.
func RedactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(an unparsable URL)"
	}
	q := u.Query()
	if q.Has("password") {
		q.Set("password", "xxxxx")
		u.RawQuery = q.Encode()
	}
	return u.Redacted()
}
