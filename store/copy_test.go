package store_test

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/soudan-desk/soudan/internal/pgtest"
	"github.com/soudan-desk/soudan/store"
)

// TestCopyKeepsImports moves a store whose marks file was imported, and
// whose imported mark an editor then removed, to the other backend and
// back: the target must know the file was imported, so that serve does
// not import it again and bring the removed mark back.
func TestCopyKeepsImports(t *testing.T) {
	const source = "/srv/soudan/corpus/dupes-marks.json"
	marks := []store.Mark{{AHash: "a", BHash: "b", MarkedAt: time.Now()}, {AHash: "c", BHash: "d", MarkedAt: time.Now()}}
	tests := []struct {
		name     string
		src, dst func(t *testing.T) store.Store
	}{
		{"sqlite to postgres",
			func(t *testing.T) store.Store { return openSQLite(t, t.TempDir()) },
			func(t *testing.T) store.Store { return openPostgres(t, pgtest.URL(t)) }},
		{"postgres to sqlite",
			func(t *testing.T) store.Store { return openPostgres(t, pgtest.URL(t)) },
			func(t *testing.T) store.Store { return openSQLite(t, t.TempDir()) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src, dst := tt.src(t), tt.dst(t)
			defer src.Close()
			defer dst.Close()
			if ok, err := src.ImportMarks(ctx, source, marks); err != nil || !ok {
				t.Fatalf("ImportMarks = %v, %v", ok, err)
			}
			if err := src.RemoveMark(ctx, "a", "b"); err != nil {
				t.Fatal(err)
			}
			for i, want := range []int{1, 0} {
				n, err := store.Copy(ctx, dst, src)
				if err != nil || n.Marks != want || n.Imports != want {
					t.Errorf("copy %d: %+v, %v; want %d mark and %d import", i+1, n, err, want, want)
				}
			}
			if ok, err := dst.ImportMarks(ctx, source, marks); err != nil || ok {
				t.Errorf("the target imported the marks file again: %v, %v", ok, err)
			}
			ms, err := dst.Marks(ctx)
			if err != nil || len(ms) != 1 || ms[0].Key() != store.MarkKey("c", "d") {
				t.Errorf("target's marks = %+v, %v; want only c:d", ms, err)
			}
			imps, err := dst.Imports(ctx)
			if err != nil || len(imps) != 1 || imps[0].Source != source || imps[0].Count != len(marks) {
				t.Errorf("target's imports = %+v, %v; want %s with %d marks", imps, err, source, len(marks))
			}
		})
	}
}

// TestPostgresLeastPrivilege opens a database that is up to date as a
// role that may read and write soudan's tables but not create any, as a
// DBA sets up a service account: the open must not need DDL rights.
func TestPostgresLeastPrivilege(t *testing.T) {
	url := pgtest.URL(t)
	owner := openPostgres(t, url) // creates the schema
	defer owner.Close()
	role := fmt.Sprintf("soudan_app_%d", os.Getpid())
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	for _, q := range []string{
		"DROP ROLE IF EXISTS " + role,
		"CREATE ROLE " + role + " LOGIN",
		"REVOKE CREATE ON SCHEMA public FROM PUBLIC",
		"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO " + role,
	} {
		if _, err := conn.Exec(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	app, err := store.OpenPostgres(ctx, strings.Replace(url, "://postgres@", "://"+role+"@", 1))
	if err != nil {
		t.Fatalf("open as a role without CREATE: %v", err)
	}
	defer app.Close()
	if err := app.AddMark(ctx, store.Mark{AHash: "a", BHash: "b"}); err != nil {
		t.Errorf("AddMark as that role: %v", err)
	}
}
