package store

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"
)

// migrations holds the schema as numbered SQL files (0001_init.sql, …),
// each applied once, in order. Never edit an applied file: add the next.
//
//go:embed migrations/*.sql
var migrations embed.FS

// migration is one numbered SQL file.
type migration struct {
	version int
	name    string
	sql     string
}

// loadMigrations reads the embedded migrations in version order.
func loadMigrations() ([]migration, error) {
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	var out []migration
	for _, n := range names {
		base := path.Base(n)
		num, _, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("store: migration %s: the name must start with a positive number and _", base)
		}
		data, err := migrations.ReadFile(n)
		if err != nil {
			return nil, err
		}
		out = append(out, migration{version: v, name: base, sql: string(data)})
	}
	slices.SortFunc(out, func(a, b migration) int { return a.version - b.version })
	for i := 1; i < len(out); i++ {
		if out[i].version == out[i-1].version {
			return nil, fmt.Errorf("store: migrations %s and %s share a version", out[i-1].name, out[i].name)
		}
	}
	return out, nil
}

// migrate brings the schema up to date in one write transaction: the lock
// first (replicas starting together wait here), then the version table,
// then each pending migration. A schema that is up to date needs no DDL,
// so a role that may only read and write the tables can open it. It ends with a write to the counters table,
// so a store that cannot be written fails here, at start, rather than at
// the first mark. A database newer than this binary is an error.
func (s *sqlStore) migrate(ctx context.Context) error {
	ms, err := loadMigrations()
	if err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		if s.lockSQL != "" {
			if _, err := tx.ExecContext(ctx, s.lockSQL); err != nil {
				return err
			}
		}
		cur, err := s.schemaVersion(ctx, tx)
		if err != nil {
			return err
		}
		if len(ms) > 0 && cur > ms[len(ms)-1].version {
			return fmt.Errorf("the database's schema version %d is newer than this soudan's %d", cur, ms[len(ms)-1].version)
		}
		for _, m := range ms {
			if m.version <= cur {
				continue
			}
			if _, err := tx.ExecContext(ctx, m.sql); err != nil {
				return fmt.Errorf("migration %s: %w", m.name, err)
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)`,
				m.version, m.name, millis(time.Now())); err != nil {
				return err
			}
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO counters (name, value) VALUES ('opened', 1)
			ON CONFLICT (name) DO UPDATE SET value = counters.value + 1`)
		return err
	})
}

// schemaVersion reads the applied version, creating the version table
// (version 0) only when it is missing: CREATE TABLE IF NOT EXISTS would
// need the right to create tables in the schema at every start.
func (s *sqlStore) schemaVersion(ctx context.Context, tx *sql.Tx) (int, error) {
	var exists bool
	if err := tx.QueryRowContext(ctx, s.hasVersionsSQL).Scan(&exists); err != nil {
		return 0, err
	}
	if !exists {
		_, err := tx.ExecContext(ctx, `CREATE TABLE schema_migrations (
			version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)`)
		return 0, err
	}
	var cur int
	err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&cur)
	return cur, err
}
