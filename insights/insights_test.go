package insights_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/soudan-desk/soudan/corpus"
	"github.com/soudan-desk/soudan/insights"
	"github.com/soudan-desk/soudan/mask"
	"github.com/soudan-desk/soudan/store"
)

var ctx = context.Background()

// clock is a settable time.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func testCorpus() *corpus.Corpus {
	return corpus.FromEntries("test", []*corpus.Entry{
		{ID: "ransom", Kind: corpus.KindStandardAnswer, Title: "ランサムウェア標準回答"},
		{ID: "phish", Kind: corpus.KindFAQ, Title: "フィッシングメールを開いた"},
		{ID: "ec", Kind: corpus.KindCase, Title: "なりすましECサイト"},
	})
}

func newService(t *testing.T, c *clock, noRecord bool) (*insights.Service, store.Store) {
	t.Helper()
	st, err := store.OpenSQLite(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	tc := testCorpus()
	svc := insights.New(insights.Config{
		Store: st, Mask: mask.New(nil).Mask, Corpus: func() *corpus.Corpus { return tc },
		NoRecord: noRecord, Now: c.now,
	})
	return svc, st
}

func record(t *testing.T, svc *insights.Service, q, conf string, results ...string) string {
	t.Helper()
	id, err := svc.RecordSearch(ctx, insights.SearchEvent{Query: q, Confidence: conf, Results: results, Event: "idle"})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func TestReport(t *testing.T) {
	// 2026-12-03 10:00 in Tokyo.
	c := &clock{time.Date(2026, 12, 3, 1, 0, 0, 0, time.UTC)}
	svc, _ := newService(t, c, false)
	record(t, svc, "ランサムウェアに感染した", "high", "ransom", "phish")
	record(t, svc, "090-1234-5678から不審な電話が来た", "none")
	record(t, svc, "不審な電話が来た", "none")
	low := record(t, svc, "宅配便の不在通知SMS", "low", "phish", "ec")
	if _, err := svc.RecordFeedback(ctx, insights.FeedbackEvent{SearchID: low, Verdict: store.VerdictNone}); err != nil {
		t.Fatal(err)
	}
	c.t = time.Date(2026, 12, 2, 15, 30, 0, 0, time.UTC) // 2026-12-03 00:30 in Tokyo
	helped := record(t, svc, "フィッシングメールのリンクを開いた", "high", "phish")
	if _, err := svc.RecordFeedback(ctx, insights.FeedbackEvent{SearchID: helped, Verdict: store.VerdictHelpful, EntryID: "phish"}); err != nil {
		t.Fatal(err)
	}
	c.t = time.Date(2026, 12, 2, 14, 30, 0, 0, time.UTC) // 2026-12-02 23:30 in Tokyo
	record(t, svc, "不審な電話が何度も来た", "low")

	c.t = time.Date(2026, 12, 3, 2, 0, 0, 0, time.UTC)
	rep, err := svc.Report(ctx, insights.Query{Days: 7})
	if err != nil {
		t.Fatal(err)
	}
	if rep.From != "2026-11-27" || rep.To != "2026-12-03" || len(rep.Daily) != 7 {
		t.Errorf("period %s – %s, %d days", rep.From, rep.To, len(rep.Daily))
	}
	today, yesterday := rep.Daily[6], rep.Daily[5]
	if today.Searches != 5 || today.Unanswered != 3 || yesterday.Searches != 1 || yesterday.Low != 1 {
		t.Errorf("days in Tokyo: today %+v, yesterday %+v", today, yesterday)
	}
	if today.UnansweredShare != 0.6 {
		t.Errorf("unanswered share %v, want 0.6", today.UnansweredShare)
	}
	want := insights.Totals{Searches: 6, Unanswered: 3, Low: 1, Helpful: 1, None: 1}
	if rep.Totals != want {
		t.Errorf("totals %+v, want %+v", rep.Totals, want)
	}
	// The three 不審な電話 searches form one group; the masked phone
	// number does not keep them apart.
	if len(rep.Groups) != 2 || rep.Groups[0].Count != 3 || rep.Groups[0].Unanswered != 2 || rep.Groups[0].Low != 1 {
		t.Fatalf("groups: %+v", rep.Groups)
	}
	for _, g := range rep.Groups {
		for _, s := range g.Searches {
			if strings.Contains(s.Query, "5678") {
				t.Errorf("a stored query kept the phone number: %q", s.Query)
			}
		}
	}
	stats := map[string]insights.EntryStat{}
	for _, e := range rep.Entries {
		stats[e.ID] = e
	}
	if stats["phish"].Helpful != 1 || stats["phish"].NotHelpful != 1 || stats["ec"].NotHelpful != 1 || stats["phish"].Title != "フィッシングメールを開いた" {
		t.Errorf("entry feedback: %+v", rep.Entries)
	}
	if rep.EntriesTotal != 3 || len(rep.Unseen) != 0 {
		t.Errorf("unseen: %+v of %d", rep.Unseen, rep.EntriesTotal)
	}
	if len(rep.Recent) != 6 {
		t.Errorf("recent: %d", len(rep.Recent))
	}

	var buf bytes.Buffer
	if err := rep.WriteCSV(&buf); err != nil {
		t.Fatal(err)
	}
	csv := buf.String()
	if !strings.HasPrefix(csv, "\ufeff日時,") || strings.Count(csv, "\n") != 7 || !strings.Contains(csv, "〔電話番号〕から不審な電話が来た") {
		t.Errorf("CSV:\n%s", csv)
	}
}

// TestFeedbackCountsWithItsSearch: feedback given within the period on
// a search made before it counts in neither the totals nor the entries'
// figures (it used to count, so a week showed more 該当なし than its
// searches had).
func TestFeedbackCountsWithItsSearch(t *testing.T) {
	c := &clock{time.Date(2026, 11, 20, 1, 0, 0, 0, time.UTC)}
	svc, _ := newService(t, c, false)
	old := record(t, svc, "ランサムウェアに感染した", "high", "ransom")
	c.t = time.Date(2026, 12, 3, 1, 0, 0, 0, time.UTC)
	recent := record(t, svc, "フィッシングメールのリンクを開いた", "high", "phish")
	for _, fb := range []insights.FeedbackEvent{
		{SearchID: old, Verdict: store.VerdictNone},
		{SearchID: recent, Verdict: store.VerdictHelpful, EntryID: "phish"},
	} {
		if _, err := svc.RecordFeedback(ctx, fb); err != nil {
			t.Fatal(err)
		}
	}
	rep, err := svc.Report(ctx, insights.Query{Days: 7})
	if err != nil {
		t.Fatal(err)
	}
	if want := (insights.Totals{Searches: 1, Helpful: 1}); rep.Totals != want {
		t.Errorf("totals %+v, want %+v", rep.Totals, want)
	}
	for _, e := range rep.Entries {
		if e.ID == "ransom" && e.NotHelpful != 0 {
			t.Errorf("the earlier search's 該当なし counts on its entry: %+v", e)
		}
	}
	rep, err = svc.Report(ctx, insights.Query{Days: 30})
	if err != nil {
		t.Fatal(err)
	}
	if want := (insights.Totals{Searches: 2, Unanswered: 1, Helpful: 1, None: 1}); rep.Totals != want {
		t.Errorf("30 days: totals %+v, want %+v", rep.Totals, want)
	}
}

func TestUnseenAndFormulaCells(t *testing.T) {
	c := &clock{time.Date(2026, 12, 3, 1, 0, 0, 0, time.UTC)}
	svc, _ := newService(t, c, false)
	record(t, svc, "=HYPERLINK(\"x\")", "none", "ransom")
	rep, err := svc.Report(ctx, insights.Query{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Days != insights.DefaultDays || len(rep.Unseen) != 2 || rep.Unseen[0].ID != "phish" {
		t.Errorf("unseen: %+v", rep.Unseen)
	}
	var buf bytes.Buffer
	rep.WriteCSV(&buf)
	if !strings.Contains(buf.String(), `"'=HYPERLINK(""x"")"`) {
		t.Errorf("a formula cell was not defused:\n%s", buf.String())
	}
}

func TestValidation(t *testing.T) {
	c := &clock{time.Now()}
	svc, _ := newService(t, c, false)
	var inv *insights.InvalidError
	for name, ev := range map[string]insights.SearchEvent{
		"blank":          {Query: "  ", Event: "idle"},
		"bad event":      {Query: "q", Event: "keystroke"},
		"bad confidence": {Query: "q", Event: "idle", Confidence: "maybe"},
		"too long":       {Query: strings.Repeat("あ", insights.MaxQueryLen+1), Event: "idle"},
		"bad UTF-8":      {Query: "\xff", Event: "idle"},
		"bad result ID":  {Query: "q", Event: "idle", Results: []string{"a b"}},
	} {
		if _, err := svc.RecordSearch(ctx, ev); !errors.As(err, &inv) {
			t.Errorf("%s: %v, want InvalidError", name, err)
		}
	}
	for name, ev := range map[string]insights.FeedbackEvent{
		"no search":        {Verdict: store.VerdictNone},
		"helpful no entry": {SearchID: "abc", Verdict: store.VerdictHelpful},
		"bad verdict":      {SearchID: "abc", Verdict: "meh"},
		"none with entry":  {SearchID: "abc", Verdict: store.VerdictNone, EntryID: "x"},
	} {
		if _, err := svc.RecordFeedback(ctx, ev); !errors.As(err, &inv) {
			t.Errorf("%s: %v, want InvalidError", name, err)
		}
	}
	if _, err := svc.RecordFeedback(ctx, insights.FeedbackEvent{SearchID: "deadbeef", Verdict: store.VerdictNone}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("feedback on an unknown search: %v", err)
	}
	for _, days := range []int{-1, insights.MaxDays + 1} {
		if _, err := svc.Report(ctx, insights.Query{Days: days}); !errors.As(err, &inv) {
			t.Errorf("days=%d: %v", days, err)
		}
	}
}

func TestNoRecordAndRetention(t *testing.T) {
	c := &clock{time.Now()}
	off, st := newService(t, c, true)
	if _, err := off.RecordSearch(ctx, insights.SearchEvent{Query: "q", Event: "idle"}); !errors.Is(err, insights.ErrNotRecording) {
		t.Errorf("--no-record: %v", err)
	}
	if all, _ := st.Searches(ctx, store.Period{}); len(all) != 0 {
		t.Errorf("--no-record stored %d searches", len(all))
	}

	svc, st := newService(t, c, false)
	c.t = time.Now().Add(-100 * 24 * time.Hour)
	old := record(t, svc, "古い検索", "none")
	c.t = time.Now()
	record(t, svc, "新しい検索", "none")
	if n, err := svc.Purge(ctx); n != 1 || err != nil {
		t.Errorf("Purge: %d, %v", n, err)
	}
	if err := svc.DeleteSearch(ctx, old); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the purged search is still there: %v", err)
	}
	all, _ := st.Searches(ctx, store.Period{})
	if len(all) != 1 || all[0].Query != "新しい検索" {
		t.Errorf("after purge: %+v", all)
	}
}
