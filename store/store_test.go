package store_test

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/soudan-desk/soudan/internal/pgtest"
	"github.com/soudan-desk/soudan/store"
	"github.com/soudan-desk/soudan/store/storetest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Run(m)) }

var ctx = context.Background()

func openSQLite(t *testing.T, dir string) *store.SQLite {
	t.Helper()
	s, err := store.OpenSQLite(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func openPostgres(t *testing.T, url string) store.Store {
	t.Helper()
	s, err := store.OpenPostgres(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestSQLite(t *testing.T) {
	storetest.TestStore(t, func(t *testing.T) store.Store { return openSQLite(t, t.TempDir()) })
}

func TestPostgres(t *testing.T) {
	storetest.TestStore(t, func(t *testing.T) store.Store { return openPostgres(t, pgtest.URL(t)) })
}

// backends opens two handles on one database per backend, as two
// processes (or replicas) would.
func backends(t *testing.T) map[string]func(t *testing.T) (store.Store, store.Store) {
	return map[string]func(t *testing.T) (store.Store, store.Store){
		"sqlite": func(t *testing.T) (store.Store, store.Store) {
			dir := t.TempDir()
			a, b := openSQLite(t, dir), openSQLite(t, dir)
			t.Cleanup(func() { a.Close(); b.Close() })
			return a, b
		},
		"postgres": func(t *testing.T) (store.Store, store.Store) {
			url := pgtest.URL(t)
			a, b := openPostgres(t, url), openPostgres(t, url)
			t.Cleanup(func() { a.Close(); b.Close() })
			return a, b
		},
	}
}

// TestSharedDatabase checks that what one handle writes the other reads at
// once, and that the marks version follows.
func TestSharedDatabase(t *testing.T) {
	for name, open := range backends(t) {
		t.Run(name, func(t *testing.T) {
			a, b := open(t)
			v0, err := b.MarksVersion(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if err := a.AddMark(ctx, store.Mark{AHash: "h1", BHash: "h2"}); err != nil {
				t.Fatal(err)
			}
			v1, _ := b.MarksVersion(ctx)
			ms, _ := b.Marks(ctx)
			if v1 == v0 || len(ms) != 1 {
				t.Errorf("the other handle sees version %d→%d and %d marks", v0, v1, len(ms))
			}
			sr := store.Search{ID: store.NewID(), At: time.Now(), Query: "q", Event: "idle"}
			if err := a.AddSearch(ctx, sr); err != nil {
				t.Fatal(err)
			}
			if err := b.AddFeedback(ctx, store.Feedback{ID: store.NewID(), SearchID: sr.ID, At: time.Now(), Verdict: store.VerdictNone}); err != nil {
				t.Errorf("feedback on the other handle's search: %v", err)
			}
		})
	}
}

// TestConcurrentOpen starts four stores on one new database at once, as
// replicas starting together do: the migrations must run once, cleanly.
func TestConcurrentOpen(t *testing.T) {
	for name, open := range map[string]func(*testing.T) func() (store.Store, error){
		"sqlite": func(t *testing.T) func() (store.Store, error) {
			dir := t.TempDir()
			return func() (store.Store, error) { return store.OpenSQLite(ctx, dir) }
		},
		"postgres": func(t *testing.T) func() (store.Store, error) {
			url := pgtest.URL(t)
			return func() (store.Store, error) { return store.OpenPostgres(ctx, url) }
		},
	} {
		t.Run(name, func(t *testing.T) {
			opener := open(t)
			var wg sync.WaitGroup
			stores := make([]store.Store, 4)
			errs := make([]error, 4)
			for i := range stores {
				wg.Add(1)
				go func() { defer wg.Done(); stores[i], errs[i] = opener() }()
			}
			wg.Wait()
			for i, err := range errs {
				if err != nil {
					t.Errorf("store %d: %v", i, err)
					continue
				}
				defer stores[i].Close()
				if _, err := stores[i].MarksVersion(ctx); err != nil {
					t.Errorf("store %d: %v", i, err)
				}
			}
		})
	}
}

// TestSQLiteSurvivesRestart closes and reopens the file.
func TestSQLiteSurvivesRestart(t *testing.T) {
	dir := t.TempDir()
	s := openSQLite(t, dir)
	sr := store.Search{ID: "s1", At: time.Now(), Query: "〔電話番号〕から電話", Confidence: "none", Event: "idle"}
	if err := s.AddSearch(ctx, sr); err != nil {
		t.Fatal(err)
	}
	if err := s.AddMark(ctx, store.Mark{AHash: "a", BHash: "b"}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s = openSQLite(t, dir)
	defer s.Close()
	all, err := s.Searches(ctx, store.Period{})
	if err != nil || len(all) != 1 || all[0].Query != sr.Query {
		t.Errorf("after reopening: %+v, %v", all, err)
	}
	if ms, _ := s.Marks(ctx); len(ms) != 1 {
		t.Errorf("after reopening: %d marks", len(ms))
	}
}

func TestSQLiteFaults(t *testing.T) {
	t.Run("not a database", func(t *testing.T) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, store.SQLiteFile), []byte(strings.Repeat("garbage!", 1024)), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := store.OpenSQLite(ctx, dir)
		var ue *store.UnavailableError
		if !errors.As(err, &ue) || !strings.Contains(err.Error(), "not a database") || !strings.Contains(err.Error(), store.SQLiteFile) {
			t.Errorf("corrupt file: %v, want an UnavailableError naming the file and the cause", err)
		}
	})
	t.Run("data folder is a file", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "data")
		if err := os.WriteFile(dir, nil, 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := store.OpenSQLite(ctx, dir)
		var ue *store.UnavailableError
		if !errors.As(err, &ue) || !strings.Contains(err.Error(), "not a directory") {
			t.Errorf("unusable folder: %v", err)
		}
	})
	t.Run("newer schema", func(t *testing.T) {
		dir := t.TempDir()
		openSQLite(t, dir).Close()
		bumpSchema(t, dir)
		_, err := store.OpenSQLite(ctx, dir)
		if err == nil || !strings.Contains(err.Error(), "newer than this soudan") {
			t.Errorf("a newer schema: %v", err)
		}
	})
	t.Run("leftover temp files", func(t *testing.T) {
		dir := t.TempDir()
		left := filepath.Join(dir, ".soudan-123.tmp")
		busy := filepath.Join(dir, ".soudan-456.tmp") // another process's backup in progress
		for _, f := range []string{left, busy} {
			if err := os.WriteFile(f, []byte("half a backup"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		old := time.Now().Add(-2 * time.Hour)
		if err := os.Chtimes(left, old, old); err != nil {
			t.Fatal(err)
		}
		openSQLite(t, dir).Close()
		if _, err := os.Stat(left); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("leftover temp file still there: %v", err)
		}
		if _, err := os.Stat(busy); err != nil {
			t.Errorf("a fresh temp file (a backup in progress) was removed: %v", err)
		}
	})
}

// bumpSchema records a schema version from the future in dir's database.
func bumpSchema(t *testing.T, dir string) {
	t.Helper()
	db, err := sql.Open("sqlite", filepath.Join(dir, store.SQLiteFile))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, 'future', 0)`); err != nil {
		t.Fatal(err)
	}
}

// sqliteWithMark opens a new SQLite store holding one mark; it is closed
// when the test ends.
func sqliteWithMark(t *testing.T) (string, *store.SQLite) {
	t.Helper()
	dir := t.TempDir()
	s := openSQLite(t, dir)
	t.Cleanup(func() { s.Close() })
	if err := s.AddMark(ctx, store.Mark{AHash: "a", BHash: "b"}); err != nil {
		t.Fatal(err)
	}
	return dir, s
}

func TestSQLiteBackup(t *testing.T) {
	_, s := sqliteWithMark(t)
	out := filepath.Join(t.TempDir(), "backup")
	for range 2 { // the second run replaces the first copy
		if err := s.Backup(ctx, filepath.Join(out, "..", "backup.db")); err != nil {
			t.Fatal(err)
		}
	}
	copyDir := t.TempDir()
	data, err := os.ReadFile(filepath.Join(out, "..", "backup.db"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(copyDir, store.SQLiteFile), data, 0o644); err != nil {
		t.Fatal(err)
	}
	c := openSQLite(t, copyDir)
	defer c.Close()
	if ms, err := c.Marks(ctx); err != nil || len(ms) != 1 {
		t.Errorf("the backup holds %d marks (%v), want 1", len(ms), err)
	}
	left, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".soudan-*"))
	if len(left) > 0 {
		t.Errorf("backup left temp files: %v", left)
	}
}

func TestGuard(t *testing.T) {
	old := store.RetryEvery
	store.RetryEvery = 20 * time.Millisecond
	defer func() { store.RetryEvery = old }()
	dir := t.TempDir()
	file := filepath.Join(dir, store.SQLiteFile)
	if err := os.WriteFile(file, []byte(strings.Repeat("garbage!", 1024)), 0o644); err != nil {
		t.Fatal(err)
	}
	cctx, cancel := context.WithCancel(ctx)
	defer cancel()
	g := store.NewGuard(cctx, store.Config{DataDir: dir}, slog.New(slog.DiscardHandler))
	defer g.Close()
	st := g.Status()
	if st.Kind != store.KindSQLite || st.OK || !strings.Contains(st.Error, "not a database") {
		t.Errorf("Status of a corrupt store = %+v", st)
	}
	_, err := g.Marks(ctx)
	var ue *store.UnavailableError
	if !errors.As(err, &ue) {
		t.Errorf("Marks on a corrupt store: %v, want *UnavailableError", err)
	}
	if err := os.Remove(file); err != nil { // an operator moves the bad file away
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for !g.Status().OK && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if st := g.Status(); !st.OK {
		t.Fatalf("the guard did not recover: %+v", st)
	}
	if err := g.AddMark(ctx, store.Mark{AHash: "a", BHash: "b"}); err != nil {
		t.Errorf("AddMark after recovery: %v", err)
	}
}

func TestRedactURL(t *testing.T) {
	for in, want := range map[string]string{
		"postgres://soudan:s3cret@db:5432/soudan":                 "postgres://soudan:xxxxx@db:5432/soudan",
		"postgres://db/soudan?password=s3cret&sslmode=disable":    "postgres://db/soudan?password=xxxxx&sslmode=disable",
		"postgres://soudan@127.0.0.1:5432/soudan?sslmode=disable": "postgres://soudan@127.0.0.1:5432/soudan?sslmode=disable",
		"host=127.0.0.1 port=1 password=pw123secret":              "host=127.0.0.1 port=1 password=xxxxx",
		"host=db password='pw 123\\' secret' user=u":              "host=db password=xxxxx user=u",
		"/var/lib/soudan": "/var/lib/soudan",
		// the passphrase of the client's TLS key is a secret too
		"postgres://soudan:s3cret@db/soudan?sslmode=verify-full&sslpassword=k3ypass": "postgres://soudan:xxxxx@db/soudan?sslmode=verify-full&sslpassword=xxxxx",
		"postgres://db/soudan?Password=s3cret":                                       "postgres://db/soudan?Password=xxxxx",
		// a URL behind another scheme's prefix, as ParseLocation's sqlite: refuses it
		"sqlite:postgres://soudan:s3cret@db/soudan":            "sqlite:postgres://soudan:xxxxx@db/soudan",
		"sqlite:postgresql://db/soudan?password=s3cret&x=1":    "sqlite:postgresql://db/soudan?password=xxxxx&x=1",
		"host=db sslpassword=k3ypass password=s3cret dbname=x": "host=db sslpassword=xxxxx password=xxxxx dbname=x",
	} {
		if got := store.RedactURL(in); got != want {
			t.Errorf("RedactURL(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestCopy moves everything from SQLite to PostgreSQL and back, twice.
func TestCopy(t *testing.T) {
	sq := openSQLite(t, t.TempDir())
	defer sq.Close()
	pg := openPostgres(t, pgtest.URL(t))
	defer pg.Close()
	now := time.Now().UTC().Truncate(time.Millisecond)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(sq.AddMark(ctx, store.Mark{AHash: "a", BHash: "b", AID: "x", MarkedAt: now}))
	must(sq.AddSearch(ctx, store.Search{ID: "s1", At: now, Query: "〔氏名〕さん", Confidence: "none", Results: []string{"e1"}, Event: "copy"}))
	must(sq.AddFeedback(ctx, store.Feedback{ID: "f1", SearchID: "s1", At: now, Verdict: store.VerdictNone}))
	for i, want := range []store.Copied{{Marks: 1, Searches: 1, Feedback: 1}, {}} {
		n, err := store.Copy(ctx, pg, sq)
		must(err)
		if n != want {
			t.Errorf("copy %d: %+v, want %+v (what was added)", i+1, n, want)
		}
	}
	ms, _ := pg.Marks(ctx)
	ss, _ := pg.Searches(ctx, store.Period{})
	fs, _ := pg.Feedback(ctx, store.Period{})
	if len(ms) != 1 || ms[0].AID != "x" || len(ss) != 1 || ss[0].Query != "〔氏名〕さん" || !ss[0].At.Equal(now) || len(fs) != 1 {
		t.Errorf("PostgreSQL after the copy: %+v %+v %+v", ms, ss, fs)
	}
	back := openSQLite(t, t.TempDir())
	defer back.Close()
	if n, err := store.Copy(ctx, back, pg); err != nil || n.Searches != 1 {
		t.Errorf("copy back: %+v %v", n, err)
	}
}

// TestSQLiteForgetsDeletedSearches checks that a deleted or purged search
// leaves no trace in the raw bytes of soudan.db or soudan.db-wal.
func TestSQLiteForgetsDeletedSearches(t *testing.T) {
	tests := []struct {
		name   string
		delete func(s store.Store, id string) error
	}{
		{"DeleteSearch", func(s store.Store, id string) error { return s.DeleteSearch(ctx, id) }},
		{"Purge", func(s store.Store, id string) error {
			_, err := s.Purge(ctx, time.Now().Add(time.Hour))
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			s := openSQLite(t, dir)
			defer s.Close()
			secret := "ZZsecret-" + tt.name + "-QQ"
			for i, q := range []string{secret, "another search"} {
				sr := store.Search{ID: fmt.Sprintf("s%d", i), At: time.Now().Add(-time.Minute), Query: q, Confidence: "none", Event: "copy"}
				if err := s.AddSearch(ctx, sr); err != nil {
					t.Fatal(err)
				}
			}
			if err := tt.delete(s, "s0"); err != nil {
				t.Fatal(err)
			}
			for _, name := range []string{store.SQLiteFile, store.SQLiteFile + "-wal"} {
				raw, err := os.ReadFile(filepath.Join(dir, name))
				if err != nil && !errors.Is(err, os.ErrNotExist) {
					t.Fatal(err)
				}
				if bytes.Contains(raw, []byte(secret)) {
					t.Errorf("%s still holds the deleted search's text", name)
				}
			}
		})
	}
}

// TestSQLiteBackupRefusesLiveFiles: a backup never replaces the live
// database or its journal, whatever the path or link that names it.
func TestSQLiteBackupRefusesLiveFiles(t *testing.T) {
	dir, s := sqliteWithMark(t)
	link := filepath.Join(t.TempDir(), "link")
	if err := os.Symlink(dir, link); err != nil {
		t.Fatal(err)
	}
	for _, target := range []string{
		filepath.Join(dir, store.SQLiteFile),
		filepath.Join(dir, ".", "x", "..", store.SQLiteFile),
		filepath.Join(link, store.SQLiteFile),
		filepath.Join(dir, store.SQLiteFile+"-wal"),
		dir,
	} {
		if err := s.Backup(ctx, target); err == nil {
			t.Errorf("Backup(%s) was accepted", target)
		}
	}
	if ms, err := s.Marks(ctx); err != nil || len(ms) != 1 {
		t.Errorf("after the refused backups: %d marks, %v", len(ms), err)
	}
	notes := filepath.Join(t.TempDir(), "notes.txt")
	if err := os.WriteFile(notes, []byte("important\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := s.Backup(ctx, notes); err == nil {
		t.Errorf("Backup over a text file was accepted")
	}
	if b, _ := os.ReadFile(notes); string(b) != "important\n" {
		t.Errorf("the text file now holds %q", b)
	}
	earlier := filepath.Join(t.TempDir(), "backup.db")
	for i := range 2 {
		if err := s.Backup(ctx, earlier); err != nil {
			t.Errorf("backup %d over an earlier backup: %v", i+1, err)
		}
	}
}

// TestOpenExisting: a store that must exist is not created.
func TestOpenExisting(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "typo")
	var none *store.NoStoreError
	if _, err := store.Open(ctx, store.Config{DataDir: missing, Existing: true}); !errors.As(err, &none) {
		t.Errorf("a missing SQLite folder: %v, want *NoStoreError", err)
	}
	if _, err := os.Stat(missing); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the missing folder was created (%v)", err)
	}
	empty := t.TempDir()
	if _, err := store.Open(ctx, store.Config{DataDir: empty, Existing: true}); !errors.As(err, &none) {
		t.Errorf("a folder without soudan.db: %v, want *NoStoreError", err)
	}
	openSQLite(t, empty).Close()
	s, err := store.Open(ctx, store.Config{DataDir: empty, Existing: true})
	if err != nil {
		t.Fatalf("an existing SQLite store: %v", err)
	}
	s.Close()
	url := pgtest.URL(t)
	_, err = store.Open(ctx, store.Config{URL: url, Existing: true})
	if !errors.As(err, &none) {
		t.Errorf("an empty PostgreSQL database: %v, want *NoStoreError", err)
	}
	openPostgres(t, url).Close()
	if s, err = store.Open(ctx, store.Config{URL: url, Existing: true}); err != nil {
		t.Fatalf("an existing PostgreSQL store: %v", err)
	}
	s.Close()
}

func TestParseLocation(t *testing.T) {
	tests := []struct {
		in      string
		want    store.Config
		problem string // in the error; "" when accepted
	}{
		{"soudan-data", store.Config{DataDir: "soudan-data"}, ""},
		{"sqlite:/var/lib/soudan", store.Config{DataDir: "/var/lib/soudan"}, ""},
		{"postgres://u:pw@db/soudan", store.Config{URL: "postgres://u:pw@db/soudan"}, ""},
		{"postgresql://db/soudan", store.Config{URL: "postgresql://db/soudan"}, ""},
		{"file:///tmp/f", store.Config{}, "not a data folder"},
		{"mysql://u:pw123secret@db/x", store.Config{}, "not a data folder"},
		{"host=127.0.0.1 port=1 password=pw123secret", store.Config{}, "key=value"},
		{"dbname=soudan", store.Config{}, "key=value"},
		{"", store.Config{}, "empty"},
	}
	for _, tt := range tests {
		got, err := store.ParseLocation(tt.in)
		switch {
		case tt.problem == "" && (err != nil || got != tt.want):
			t.Errorf("ParseLocation(%q) = %+v, %v; want %+v", tt.in, got, err, tt.want)
		case tt.problem != "" && (err == nil || !strings.Contains(err.Error(), tt.problem)):
			t.Errorf("ParseLocation(%q): %v, want an error about %q", tt.in, err, tt.problem)
		case err != nil && strings.Contains(err.Error(), "pw123secret"):
			t.Errorf("ParseLocation(%q) repeats the password: %v", tt.in, err)
		}
	}
}

func TestSameStore(t *testing.T) {
	dir := t.TempDir()
	openSQLite(t, dir).Close()
	link := filepath.Join(t.TempDir(), "link")
	if err := os.Symlink(dir, link); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		a, b store.Config
		same bool
	}{
		{store.Config{DataDir: dir}, store.Config{DataDir: dir + "/."}, true},
		{store.Config{DataDir: dir}, store.Config{DataDir: link}, true},
		{store.Config{DataDir: dir}, store.Config{DataDir: t.TempDir()}, false},
		{store.Config{DataDir: "new-a"}, store.Config{DataDir: "./new-a"}, true},
		{store.Config{DataDir: dir}, store.Config{URL: "postgres://db/soudan"}, false},
		{store.Config{URL: "postgres://u:a@db:5432/soudan"}, store.Config{URL: "postgresql://v@DB/soudan?sslmode=disable"}, true},
		{store.Config{URL: "postgres://db/soudan"}, store.Config{URL: "postgres://db/other"}, false},
		{store.Config{URL: "postgres://db:5432/soudan"}, store.Config{URL: "postgres://db:5433/soudan"}, false},
	}
	for _, tt := range tests {
		if got := store.SameStore(tt.a, tt.b); got != tt.same {
			t.Errorf("SameStore(%+v, %+v) = %v, want %v", tt.a, tt.b, got, tt.same)
		}
	}
}
