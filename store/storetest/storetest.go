// Package storetest holds the conformance test that every [store.Store]
// implementation must pass.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/soudan-desk/soudan/store"
)

// TestStore checks the semantics written on [store.Store] against the
// stores open returns; each call of open must return a new, empty store.
func TestStore(t *testing.T, open func(t *testing.T) store.Store) {
	tests := []struct {
		name string
		fn   func(*testing.T, store.Store)
	}{
		{"Marks", testMarks},
		{"MarksVersion", testMarksVersion},
		{"ImportMarks", testImportMarks},
		{"ConcurrentMarks", testConcurrentMarks},
		{"Searches", testSearches},
		{"Feedback", testFeedback},
		{"FeedbackOutOfOrder", testFeedbackOutOfOrder},
		{"DeleteSearch", testDeleteSearch},
		{"Purge", testPurge},
		{"Invalid", testInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := open(t)
			t.Cleanup(func() { s.Close() })
			if err := s.Ping(context.Background()); err != nil {
				t.Fatalf("Ping: %v", err)
			}
			tt.fn(t, s)
		})
	}
}

var ctx = context.Background()

// at is a fixed time plus d, at millisecond precision as stored.
func at(d time.Duration) time.Time {
	return time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC).Add(d)
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func testMarks(t *testing.T, s store.Store) {
	must(t, s.AddMark(ctx, store.Mark{AHash: "h2", BHash: "h1", AID: "e2", BID: "e1", ATitle: "二", BTitle: "一", MarkedAt: at(0)}))
	must(t, s.AddMark(ctx, store.Mark{AHash: "h1", BHash: "h2", MarkedAt: at(time.Hour)})) // same pair, other order: kept as first
	must(t, s.AddMark(ctx, store.Mark{AHash: "h3", BHash: "h4", MarkedAt: at(time.Minute)}))
	ms, err := s.Marks(ctx)
	must(t, err)
	if len(ms) != 2 {
		t.Fatalf("Marks = %d marks, want 2: %+v", len(ms), ms)
	}
	first := ms[0]
	if first.Key() != store.MarkKey("h1", "h2") || !first.MarkedAt.Equal(at(0)) {
		t.Errorf("first mark = %+v, want pair h1:h2 marked at %v", first, at(0))
	}
	// The IDs and titles follow their hashes whatever the order given.
	byHash := map[string]string{first.AHash: first.AID + first.ATitle, first.BHash: first.BID + first.BTitle}
	if byHash["h1"] != "e1一" || byHash["h2"] != "e2二" {
		t.Errorf("IDs and titles lost their hashes: %+v", first)
	}
	must(t, s.RemoveMark(ctx, "h2", "h1"))
	must(t, s.RemoveMark(ctx, "h2", "h1")) // absent: a no-op
	ms, err = s.Marks(ctx)
	must(t, err)
	if len(ms) != 1 || ms[0].Key() != store.MarkKey("h3", "h4") {
		t.Fatalf("after RemoveMark: %+v, want only h3:h4", ms)
	}
	must(t, s.AddMark(ctx, store.Mark{AHash: "h7", BHash: "h7"})) // two entries with the same content
	must(t, s.AddMark(ctx, store.Mark{AHash: "h5", BHash: "h6"}))
	ms, err = s.Marks(ctx)
	must(t, err)
	if got := ms[len(ms)-1]; got.MarkedAt.IsZero() || time.Since(got.MarkedAt) > time.Minute {
		t.Errorf("MarkedAt did not default to now: %v", got.MarkedAt)
	}
}

func testMarksVersion(t *testing.T, s store.Store) {
	v0, err := s.MarksVersion(ctx)
	must(t, err)
	must(t, s.AddMark(ctx, store.Mark{AHash: "a", BHash: "b"}))
	v1, err := s.MarksVersion(ctx)
	must(t, err)
	if v1 == v0 {
		t.Fatalf("version did not change on AddMark: %d", v1)
	}
	must(t, s.AddMark(ctx, store.Mark{AHash: "b", BHash: "a"}))
	must(t, s.RemoveMark(ctx, "x", "y"))
	v2, err := s.MarksVersion(ctx)
	must(t, err)
	if v2 != v1 {
		t.Errorf("version changed (%d → %d) though the marks did not", v1, v2)
	}
	must(t, s.RemoveMark(ctx, "a", "b"))
	v3, err := s.MarksVersion(ctx)
	must(t, err)
	if v3 == v2 || v3 == v0 && v0 == v1 {
		t.Errorf("version did not change on RemoveMark: %d", v3)
	}
}

func testImportMarks(t *testing.T, s store.Store) {
	marks := []store.Mark{{AHash: "a", BHash: "b", MarkedAt: at(0)}, {AHash: "c", BHash: "d", MarkedAt: at(time.Second)}}
	ok, err := s.ImportMarks(ctx, "/srv/corpus/dupes-marks.json", marks)
	must(t, err)
	if !ok {
		t.Fatal("first import reported false")
	}
	must(t, s.RemoveMark(ctx, "a", "b")) // an editor unmarks a pair later…
	ok, err = s.ImportMarks(ctx, "/srv/corpus/dupes-marks.json", marks)
	must(t, err)
	if ok {
		t.Error("second import of the same source reported true")
	}
	ms, err := s.Marks(ctx)
	must(t, err)
	if len(ms) != 1 || ms[0].Key() != store.MarkKey("c", "d") {
		t.Errorf("…and a second import must not bring the mark back: %+v", ms)
	}
	// A copied record of an import (RecordImport) stops a later import.
	ok, err = s.RecordImport(ctx, store.Import{Source: "/old/soudan-marks.json", At: at(time.Hour), Count: 3})
	must(t, err)
	again, err := s.RecordImport(ctx, store.Import{Source: "/old/soudan-marks.json", At: at(2 * time.Hour)})
	must(t, err)
	if !ok || again {
		t.Errorf("RecordImport = %v, then %v; want true, then false", ok, again)
	}
	if ok, err := s.ImportMarks(ctx, "/old/soudan-marks.json", marks); err != nil || ok {
		t.Errorf("ImportMarks of a recorded source = %v, %v; want false", ok, err)
	}
	imps, err := s.Imports(ctx)
	must(t, err)
	// the copied record keeps its time, which is older than the import's
	if len(imps) != 2 || imps[0] != (store.Import{Source: "/old/soudan-marks.json", At: at(time.Hour), Count: 3}) ||
		imps[1].Source != "/srv/corpus/dupes-marks.json" || imps[1].Count != 2 || time.Since(imps[1].At) > time.Minute {
		t.Errorf("Imports = %+v, want the two sources, oldest first", imps)
	}
}

func testConcurrentMarks(t *testing.T, s store.Store) {
	v0, err := s.MarksVersion(ctx)
	must(t, err)
	const n = 24
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- s.AddMark(ctx, store.Mark{AHash: fmt.Sprintf("x%02d", i), BHash: "y"})
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		must(t, err)
	}
	ms, err := s.Marks(ctx)
	must(t, err)
	v1, err := s.MarksVersion(ctx)
	must(t, err)
	if len(ms) != n || v1-v0 != n {
		t.Errorf("after %d concurrent marks: %d marks, version +%d", n, len(ms), v1-v0)
	}
}

func search(id string, d time.Duration, q, conf string) store.Search {
	return store.Search{ID: id, At: at(d), Query: q, Confidence: conf, Results: []string{"e1", "e2"}, Event: "copy"}
}

func ids[T any](xs []T, id func(T) string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = id(x)
	}
	return out
}

func searchID(s store.Search) string { return s.ID }

func testSearches(t *testing.T, s store.Store) {
	must(t, s.AddSearch(ctx, search("s2", 2*time.Hour, "〔氏名〕さんからランサムウェア", "none")))
	must(t, s.AddSearch(ctx, search("s1", time.Hour, "フィッシング", "high")))
	must(t, s.AddSearch(ctx, search("s3", 26*time.Hour, "不正アクセス", "low")))
	dup := search("s1", 5*time.Hour, "changed", "low")
	must(t, s.AddSearch(ctx, dup)) // an ID already stored: no-op
	all, err := s.Searches(ctx, store.Period{})
	must(t, err)
	if got := ids(all, searchID); !slices.Equal(got, []string{"s1", "s2", "s3"}) {
		t.Fatalf("Searches = %v, want s1 s2 s3 oldest first", got)
	}
	if all[0].Query != "フィッシング" || all[0].Confidence != "high" || !all[0].At.Equal(at(time.Hour)) ||
		!slices.Equal(all[0].Results, []string{"e1", "e2"}) || all[0].Event != "copy" {
		t.Errorf("s1 read back as %+v", all[0])
	}
	day, err := s.Searches(ctx, store.Period{From: at(time.Hour), To: at(2 * time.Hour)})
	must(t, err)
	if got := ids(day, searchID); !slices.Equal(got, []string{"s1"}) {
		t.Errorf("Searches in [1h, 2h) = %v, want s1 (half-open)", got)
	}
	must(t, s.AddSearch(ctx, store.Search{ID: "s4", At: at(3 * time.Hour), Query: "q"}))
	got, err := s.Searches(ctx, store.Period{From: at(3 * time.Hour), To: at(4 * time.Hour)})
	must(t, err)
	if len(got) != 1 || got[0].Results == nil || len(got[0].Results) != 0 {
		t.Errorf("a search without results reads back as %+v, want an empty list", got)
	}
}

// feedbackStep adds one piece of feedback; want is what the store holds
// afterwards, oldest first.
type feedbackStep struct {
	name string
	f    store.Feedback
	err  func(error) bool
	want []string
}

// feedbackOn returns a maker of feedback on search id, at minutes past at(0).
func feedbackOn(id string) func(fid string, min time.Duration, verdict, entry string) store.Feedback {
	return func(fid string, min time.Duration, verdict, entry string) store.Feedback {
		return store.Feedback{ID: fid, SearchID: id, At: at(min * time.Minute), Verdict: verdict, EntryID: entry}
	}
}

// runFeedbackSteps adds the steps' feedback in order and checks, after
// each, the feedback IDs the store holds.
func runFeedbackSteps(t *testing.T, s store.Store, steps []feedbackStep) {
	t.Helper()
	for _, st := range steps {
		err := s.AddFeedback(ctx, st.f)
		if st.err == nil && err != nil || st.err != nil && !st.err(err) {
			t.Fatalf("%s: AddFeedback(%+v) = %v", st.name, st.f, err)
		}
		fs, err := s.Feedback(ctx, store.Period{})
		must(t, err)
		if got := ids(fs, func(f store.Feedback) string { return f.ID }); !slices.Equal(got, st.want) && len(got)+len(st.want) > 0 {
			t.Fatalf("%s: feedback %v, want %v", st.name, got, st.want)
		}
	}
}

func testFeedback(t *testing.T, s store.Store) {
	must(t, s.AddSearch(ctx, search("s1", 0, "q", "high"))) // results e1, e2
	fb := feedbackOn("s1")
	none, helpful := store.VerdictNone, store.VerdictHelpful
	runFeedbackSteps(t, s, []feedbackStep{
		{"unknown search", store.Feedback{ID: "f0", SearchID: "nope", At: at(0), Verdict: none}, isNotFound, nil},
		{"entry not shown", fb("f0", 1, helpful, "e9"), isInvalid, nil},
		{"helpful", fb("f1", 1, helpful, "e1"), nil, []string{"f1"}},
		{"same ID again", fb("f1", 9, none, ""), nil, []string{"f1"}},
		{"same verdict again", fb("f2", 2, helpful, "e1"), nil, []string{"f2"}},
		{"helpful on another entry", fb("f3", 3, helpful, "e2"), nil, []string{"f2", "f3"}},
		{"none replaces all", fb("f4", 4, none, ""), nil, []string{"f4"}},
		{"helpful replaces none", fb("f5", 5, helpful, "e1"), nil, []string{"f5"}},
		{"an earlier none is dropped", fb("f6", 1, none, ""), nil, []string{"f5"}},
		{"an earlier helpful is dropped", fb("f7", 2, helpful, "e1"), nil, []string{"f5"}},
		// f8 is older than the none f4, which f5 replaced: had it arrived
		// in order, f4 would have replaced it.
		{"an earlier helpful on another entry is dropped", fb("f8", 2, helpful, "e2"), nil, []string{"f5"}},
		{"a helpful on another entry after the none stays", fb("f9", 6, helpful, "e2"), nil, []string{"f5", "f9"}},
		{"a replaced verdict sent again changes nothing", fb("f4", 4, none, ""), nil, []string{"f5", "f9"}},
	})
	fs, err := s.Feedback(ctx, store.Period{From: at(3 * time.Minute), To: at(6 * time.Minute)})
	must(t, err)
	if len(fs) != 1 || fs[0].ID != "f5" || fs[0].Verdict != helpful || fs[0].EntryID != "e1" || !fs[0].At.Equal(at(5*time.Minute)) {
		t.Errorf("Feedback from 3m to 6m = %+v, want f5 only", fs)
	}
}

// testFeedbackOutOfOrder: a "none" that arrives after a later verdict is
// dropped, but the verdicts older than it, which it would have replaced
// had it arrived in order, go all the same: the search holds what the
// verdicts give in the order of their times, whatever the order of
// arrival.
func testFeedbackOutOfOrder(t *testing.T, s store.Store) {
	must(t, s.AddSearch(ctx, search("s1", 0, "q", "high"))) // results e1, e2
	fb := feedbackOn("s1")
	none, helpful := store.VerdictNone, store.VerdictHelpful
	runFeedbackSteps(t, s, []feedbackStep{
		{"helpful", fb("g1", 1, helpful, "e1"), nil, []string{"g1"}},
		{"a later helpful on another entry", fb("g3", 3, helpful, "e2"), nil, []string{"g1", "g3"}},
		{"a none between them, arriving last", fb("g2", 2, none, ""), nil, []string{"g3"}},
		{"a helpful at the same time as the one it repeats", fb("g4", 3, helpful, "e2"), nil, []string{"g4"}},
		{"an earlier none, arriving last", fb("g5", 1, none, ""), nil, []string{"g4"}},
	})
}

func isNotFound(err error) bool { return errors.Is(err, store.ErrNotFound) }

func isInvalid(err error) bool {
	var inv *store.InvalidError
	return errors.As(err, &inv)
}

func testDeleteSearch(t *testing.T, s store.Store) {
	must(t, s.AddSearch(ctx, search("s1", 0, "q1", "none")))
	must(t, s.AddSearch(ctx, search("s2", time.Second, "q2", "none")))
	must(t, s.AddFeedback(ctx, store.Feedback{ID: "f1", SearchID: "s1", At: at(time.Minute), Verdict: store.VerdictNone}))
	must(t, s.AddFeedback(ctx, store.Feedback{ID: "f2", SearchID: "s2", At: at(time.Minute), Verdict: store.VerdictNone}))
	must(t, s.DeleteSearch(ctx, "s1"))
	if err := s.DeleteSearch(ctx, "s1"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("deleting a deleted search: %v, want ErrNotFound", err)
	}
	all, err := s.Searches(ctx, store.Period{})
	must(t, err)
	fs, err := s.Feedback(ctx, store.Period{})
	must(t, err)
	if len(all) != 1 || all[0].ID != "s2" || len(fs) != 1 || fs[0].ID != "f2" {
		t.Errorf("after DeleteSearch(s1): searches %v, feedback %+v", ids(all, searchID), fs)
	}
}

func testPurge(t *testing.T, s store.Store) {
	must(t, s.AddSearch(ctx, search("old", 0, "q", "none")))
	must(t, s.AddSearch(ctx, search("new", 48*time.Hour, "q", "none")))
	must(t, s.AddFeedback(ctx, store.Feedback{ID: "f-old", SearchID: "old", At: at(50 * time.Hour), Verdict: store.VerdictNone}))
	must(t, s.AddFeedback(ctx, store.Feedback{ID: "f-new", SearchID: "new", At: at(49 * time.Hour), Verdict: store.VerdictNone}))
	n, err := s.Purge(ctx, at(24*time.Hour))
	must(t, err)
	if n != 1 {
		t.Errorf("Purge deleted %d searches, want 1", n)
	}
	all, err := s.Searches(ctx, store.Period{})
	must(t, err)
	fs, err := s.Feedback(ctx, store.Period{})
	must(t, err)
	if len(all) != 1 || all[0].ID != "new" || len(fs) != 1 || fs[0].ID != "f-new" {
		t.Errorf("after Purge: searches %v, feedback %+v (the old search's feedback must go with it)", ids(all, searchID), fs)
	}
}

func testInvalid(t *testing.T, s store.Store) {
	var inv *store.InvalidError
	for name, err := range map[string]error{
		"mark without hash":   s.AddMark(ctx, store.Mark{AHash: "a"}),
		"mark without A hash": s.AddMark(ctx, store.Mark{BHash: "a"}),
		"search without ID":   s.AddSearch(ctx, store.Search{At: at(0)}),
		"search with bad ID":  s.AddSearch(ctx, store.Search{ID: "a b'; --", At: at(0)}),
		"search without time": s.AddSearch(ctx, store.Search{ID: "x"}),
		"feedback without ID": s.AddFeedback(ctx, store.Feedback{SearchID: "x", At: at(0)}),
	} {
		if !errors.As(err, &inv) {
			t.Errorf("%s: %v, want *store.InvalidError", name, err)
		}
	}
}
