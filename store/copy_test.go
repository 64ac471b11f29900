package store_test

import (
	"testing"
	"time"

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
