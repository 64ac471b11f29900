// Package store keeps everything soudan writes: the editors' "not a
// duplicate" marks, the staff's finished searches (masked before they
// reach this package) and their feedback.
//
// [Store] is the interface, with its semantics written on each method. Two
// implementations share one SQL core:
//
//   - SQLite (modernc.org/sqlite, pure Go): the default, one file
//     DIR/soudan.db in WAL mode, with one writer connection and a pool of
//     readers ([OpenSQLite]);
//   - PostgreSQL through pgx's pgxpool, for several replicas sharing one
//     database ([OpenPostgres]).
//
// The schema lives in numbered SQL files under migrations/, embedded in the
// binary and applied in one transaction at open, with the applied version
// kept in the table schema_migrations. Replicas that start together are
// serialised by an advisory lock on PostgreSQL and by SQLite's write lock
// (an SQLite open that meets SQLITE_BUSY tries again, a few times).
//
// [Guard] wraps a store that may be missing, corrupt or unreachable: its
// methods then return an [*UnavailableError] naming the cause, and
// [Guard.Status] reports it for /api/status, so the rest of soudan keeps
// working. The conformance test in package storetest runs against both
// implementations.
package store
